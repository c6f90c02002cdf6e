"""The primal sweep: values, local partials, domain errors on the row, kink warnings."""

from __future__ import annotations

import math

import pytest

from tracer import pipeline
from tracer.core.evaluate import evaluate, row_rule
from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.errors import DomainError, NameProblem


def ev(text: str, **point):
    return evaluate(lower(parse(text), given=list(point)), point)


def test_lecture_values():
    e = ev("x1*x2+x2-log(x1)", x1=3, x2=-4)
    assert e.values == pytest.approx((3, -4, -12, math.log(3), -16, -16 - math.log(3)))
    table1 = ev("x1*x2+x2-log(x1)", x1=2, x2=4)
    assert table1.values == pytest.approx((2, 4, 8, math.log(2), 12, 12 - math.log(2)))
    assert table1.outputs == {"y": pytest.approx(11.306852819)}


def test_partials_are_computed_once_per_row():
    e = ev("x1*x2+x2-log(x1)", x1=3, x2=-4)
    assert e.partials == ((-4.0, 3.0), (pytest.approx(1 / 3),), (1.0, 1.0), (1.0, -1.0))


@pytest.mark.parametrize("text, point, message", [
    ("log(x1)", {"x1": -3}, "v_1 = ln(v_0): log needs a positive argument, got -3"),
    ("x1*x2+x2-log(x1)", {"x1": -3, "x2": 1},
     "v_2 = ln(v_{-1}): log needs a positive argument, got -3"),
    ("1/(x-x)", {"x": 2}, "v_2 = 1/v_1: division by zero"),
    ("sqrt(x-5)", {"x": 3}, "v_2 = √(v_1): sqrt needs a non-negative argument, got -2"),
    ("exp(1000*x)", {"x": 1}, "exp(1000) overflows"),
    ("exp(x)*exp(x)", {"x": 400}, "mul overflows"),
])
def test_domain_errors_name_the_row(text, point, message):
    with pytest.raises(DomainError) as info:
        ev(text, **point)
    assert message in info.value.message
    assert info.value.pos is not None and info.value.row is not None


def test_an_undefined_slope_is_a_warning_and_only_its_paths_are_undefined():
    """x^y at x = -2, y = 2 was refused (its slope in y, x^y ln(x), is undefined): its value is
    4 and its slope in x is -4 (autograd's too); a derivative through y is undefined."""
    e = ev("x^y", x=-2, y=2)
    assert e.values[-1] == 4.0 and e.partials[-1][0] == -4.0 and math.isnan(e.partials[-1][1])
    assert len(e.warnings) == 1 and e.warnings[0].row == 1
    assert "derivative with respect to v_0" in e.warnings[0].message
    assert "so derivatives through it are undefined" in e.warnings[0].message


def test_no_row_after_the_failing_one_is_evaluated():
    with pytest.raises(DomainError) as info:
        ev("log(x) + sqrt(x) + 1/x", x=-1)
    assert info.value.row == 1


@pytest.mark.parametrize("text, point, warning", [
    ("abs(x)", {"x": 0}, "v_1 = |v_0|: abs is not differentiable at 0; tracer uses the "
                         "subgradient 0"),
    ("relu(x)", {"x": 0}, "relu is not differentiable at 0"),
    ("sqrt(x)", {"x": 0}, "its slope with respect to v_0, 1/(2 √(v_0)), is infinite"),
    ("max(x, y)", {"x": 1, "y": 1}, "splits the slope 1/2, 1/2"),
])
def test_non_differentiable_points_warn_and_name_the_convention(text, point, warning):
    e = ev(text, **point)
    assert any(warning in w.message for w in e.warnings)
    assert e.warnings[0].row == 1


def test_missing_and_unknown_values():
    trace = lower(parse("x1*x2"))
    with pytest.raises(NameProblem, match=r"no value for x2; the formula's inputs are x1, x2"):
        evaluate(trace, {"x1": 1})
    with pytest.raises(NameProblem, match="x3 is not an input of the formula"):
        evaluate(trace, {"x1": 1, "x2": 2, "x3": 3})


def test_row_rule_is_plain_text():
    trace = lower(parse("x1*x2+x2-log(x1)"))
    assert row_rule(trace, 2) == "v_2 = ln(v_{-1})"


def test_an_undefined_row_no_output_uses_says_so():
    """NumPy's where computes both of its values: np.where(x > 0, np.log(x), 0) at x < 0
    stopped at the log's row with no word of why a value not taken matters."""
    with pytest.raises(DomainError) as info:
        pipeline.prepare("y = np.where(x > 0, np.log(x), 0) + x", {"x": -0.5})
    assert info.value.message == (
        "v_1 = ln(v_0): log needs a positive argument, got -0.5; no output uses this value, "
        "but np.where computes both of its values, as NumPy does: keep the argument in the "
        "domain, np.log(np.where(x > 0, x, 1))")
    assert pipeline.prepare("y = np.where(x > 0, np.log(np.where(x > 0, x, 1)), 0) + x",
                            {"x": -0.5}).outputs == {"y": -0.5}
    with pytest.raises(DomainError, match=r"got -0.5; no output uses this value, but the "
                                          r"program computes it: leave it out$"):
        ev("z = log(x)\ny = x * 2", x=-0.5)
    with pytest.raises(DomainError, match=r"got -0.5$"):
        ev("y = log(x) * 2", x=-0.5)


def test_no_value_for_many_inputs_looks_for_hints_among_those_it_names(monkeypatch):
    """The message names 12 missing inputs; a hint (a lookalike, a superscript) is looked for
    among those, each hint reading every given name, not for all 5,000."""
    from tracer.core import evaluate as module
    from tracer.core import spelling

    calls = []
    real = spelling.hint
    monkeypatch.setattr(spelling, "hint", lambda *a: calls.append(a[0]) or real(*a))
    trace = lower(parse(" + ".join(f"x{k}" for k in range(5000))))
    with pytest.raises(NameProblem, match=r"^no value for x1, x2, .*\(4,999 in all\); the "
                                          r"formula's inputs are x0, x1,"):
        module.check_point(trace, {"x0": 1.0})
    assert len(calls) == spelling.LISTED


def test_a_programs_missing_inputs_are_the_programs():
    with pytest.raises(NameProblem, match=r"^no value for b; the program's inputs are a, b"):
        pipeline.prepare("c = a*2\nd = c + b", {"a": 1})


@pytest.mark.parametrize(("formula", "at", "overflow"), [
    ("exp(x)", 800.0, True), ("x^308", 10.5, True), ("x*x*1e300", 1e10, True),
    ("log(x)", -1.0, False), ("1/x", 0.0, False), ("sqrt(x)", -2.0, False)])
def test_a_domain_error_says_whether_the_value_overflowed(formula, at, overflow):
    """An overflow (finite in the reals, too large for a float) is told from a value outside
    the op's domain, for check's differences at a nearby step."""
    from tracer.errors import DomainError

    trace = pipeline.prepare(formula, {"x": 1.0}).trace
    with pytest.raises(DomainError) as info:
        evaluate(trace, {"x": at})
    assert info.value.overflow is overflow


@pytest.mark.parametrize(("formula", "at", "overflow"), [
    ("log(x)", 1e-320, True), ("1/x", 1e-200, True), ("x^-0.5", 1e-300, True),
    ("sqrt(x)", 0.0, False), ("x^0.5", 0.0, False), ("asin(x)", 1.0, False),
    ("acos(x)", -1.0, False), ("acosh(x)", 1.0, False)])
def test_an_infinite_slope_is_told_from_a_finite_one_too_large_for_a_float(formula, at, overflow):
    """1/x at 1e-320 is 1e320: finite, beyond floats. It was called infinite, as √x's slope at
    0 is; an elementary slope is infinite only at an argument of 0 or ±1."""
    ev = evaluate(pipeline.prepare(formula, {"x": 1.0}).trace, {"x": at})
    (warning,) = ev.warnings
    assert warning.overflow is overflow
    said = "is finite here but too large for a float (over about 1.8e308), so derivatives " \
        "through this row are infinite or undefined in floats (exact arithmetic, --exact, " \
        "computes them)" if overflow else \
        "is infinite here, so derivatives through this row are infinite or undefined"
    assert warning.message.endswith(said)


@pytest.mark.parametrize("call", ["np.linalg.inv(A).sum()",
                                  "np.linalg.solve(A, np.ones(2)).sum()", "torch.inverse(A).sum()"])
def test_a_singular_matrix_says_so_where_its_inverse_divides(call):
    """inv and solve of a matrix singular at the point said only "division by zero: the
    denominator is 0" at their caret; a division of one's own is as before."""
    program = f"import numpy as np\nimport torch\nA = np.array([[x, 2.0], [1.0, 2.0]])\ny = {call}"
    with pytest.raises(DomainError) as caught:
        pipeline.prepare(program, {"x": 1})
    assert caught.value.message.endswith("division by zero: the denominator is 0; the matrix is "
                                         "singular here (its determinant is 0), as NumPy's "
                                         "LinAlgError says")
    # at x = 3: A⁻¹ = [[2, -2], [-1, 3]]/4, whose sum is 0.5, and A⁻¹ (1, 1) = (0, 0.5)
    assert pipeline.prepare(program, {"x": 3}).outputs["y"] == pytest.approx(0.5)
    with pytest.raises(DomainError) as plain:
        pipeline.prepare("y = 1/x", {"x": 0})
    assert "singular" not in plain.value.message
