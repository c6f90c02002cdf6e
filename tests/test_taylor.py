"""Taylor mode: higher derivatives from the op table's partial templates, against sympy."""

from __future__ import annotations

import itertools
import math

import pytest
import sympy as sp
from test_ops import POINTS

from tracer import pipeline
from tracer.analysis import taylor
from tracer.core import ops
from tracer.errors import DomainError, LimitError, NameProblem, TracerError


def test_the_lectures_cube():
    run = taylor.derivatives(pipeline.prepare("x^3", {"x": 2}), 3)
    assert run.derivatives == [8, 12, 12, 6]
    assert run.series[1] == (8, 12, 6, 1)


def test_sin_to_order_ten():
    run = taylor.derivatives(pipeline.prepare("sin(x)", {"x": 0.7}), 10)
    want = [math.sin(0.7 + k * math.pi / 2) for k in range(11)]
    assert run.derivatives == pytest.approx(want, rel=1e-12)


SMOOTH = [name for name in POINTS if name not in ("abs", "sign", "step", "relu", "max", "min")]


@pytest.mark.parametrize("name", sorted(POINTS))
def test_every_op_against_sympy_to_order_four(name):
    op = ops.BY_NAME[name]
    if op.arity == 0:
        return
    for point in POINTS[name]:
        # along the line x + t through the first argument, the others held fixed
        x = sp.Symbol("x", real=True)
        fixed = [sp.Rational(repr(v)) for v in point[1:]]
        expr = op.sympy(sp, x, *fixed)
        args = ", ".join(["x", *(repr(v) for v in point[1:])])
        formula = f"{op.names[0]}({args})" if op.names else None
        if formula is None:
            symbol = op.symbols[0]
            formula = "-x" if name == "neg" else f"x {symbol} ({point[1]!r})"
        ev = pipeline.prepare(formula, {"x": point[0]})
        got = taylor.derivatives(ev, 4).derivatives
        for k in range(5):
            want = float(sp.diff(expr, x, k).subs(x, sp.Rational(repr(point[0]))).evalf(30))
            assert got[k] == pytest.approx(want, rel=1e-8, abs=1e-10), (name, point, k)


def test_exact_taylor():
    run = taylor.derivatives(pipeline.prepare("exp(2*x)", {"x": 0}, exact=True), 4)
    assert run.derivatives == [1, 2, 4, 8, 16]
    half = pipeline.parse_values("x=0.5")
    run = taylor.derivatives(pipeline.prepare("log(x)", half, exact=True), 3)
    assert run.derivatives == [sp.log(sp.Rational(1, 2)), 2, -4, 16]


def test_several_inputs_need_wrt():
    ev = pipeline.prepare("x*y^2", {"x": 2, "y": 3})
    with pytest.raises(NameProblem, match="say which one to differentiate along with --wrt"):
        taylor.derivatives(ev, 2)
    assert taylor.derivatives(ev, 2, "y").derivatives == [18, 12, 4]
    with pytest.raises(NameProblem, match="--wrt: z is not an input"):
        taylor.derivatives(ev, 2, "z")


def test_limits_and_domain():
    with pytest.raises(TracerError, match="between 1 and"):
        taylor.derivatives(pipeline.prepare("x^3", {"x": 2}), 0)
    with pytest.raises(DomainError, match="derivatives up to order 2"):
        taylor.derivatives(pipeline.prepare("sqrt(x)", {"x": 0}), 2)


# --- a power at a zero base: the product with a zero factor is zero ----------------------------

X = sp.Symbol("x", real=True)


@pytest.mark.parametrize("formula, sympy_formula, order", [
    ("x^2", X**2, 3), ("x^3", X**3, 4), ("sin(x)^2", sp.sin(X)**2, 3), ("x^2+x", X**2 + X, 3),
    ("x^1", X, 2), ("x^0", sp.Integer(1), 3), ("x^2*exp(x)", X**2 * sp.exp(X), 6),
    ("(x^3)^2", X**6, 8),
])
@pytest.mark.parametrize("exact", [False, True])
def test_integer_powers_at_a_zero_base(formula, sympy_formula, order, exact):
    run = taylor.derivatives(pipeline.prepare(formula, {"x": 0}, exact=exact), order)
    want = [sp.diff(sympy_formula, X, k).subs(X, 0) for k in range(order + 1)]
    assert run.derivatives == (want if exact else [float(w) for w in want])


def test_zero_to_a_power_agrees_with_reverse_mode_and_autograd():
    # autograd: d(0^p)/dp = 0 (it takes log(replace_zero(x, 1)))
    ev = pipeline.prepare("0^p", {"p": 0.2913})
    assert taylor.derivatives(ev, 2).derivatives == [0, 0, 0]
    assert pipeline.run_reverse(ev).passes[0].result == {"p": 0}
    exact = pipeline.prepare("0^p", {"p": 0.2913}, exact=True)
    assert taylor.derivatives(exact, 2).derivatives == [0, 0, 0]
    assert pipeline.run_reverse(exact).passes[0].result == {"p": 0}


def test_x_to_the_zero_agrees_everywhere():
    from tracer.analysis.hessian import hessian

    ev = pipeline.prepare("x^0", {"x": 0})
    assert taylor.derivatives(ev, 3).derivatives == [1, 0, 0, 0]
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 0}
    assert hessian(ev).matrix == {"x": {"x": 0}}


@pytest.mark.parametrize("formula, at", [
    ("x^2", 0), ("x^3*sin(x)", 0), ("x^2*y", 0), ("log(x)*x^2", 2), ("atan(x)/(1+x^2)", 3),
])
def test_derivatives_agree_with_reverse_and_hessian(formula, at):
    from tracer.analysis.hessian import hessian

    point = {"x": at} | ({"y": 2} if "y" in formula else {})
    ev = pipeline.prepare(formula, point)
    run = taylor.derivatives(ev, 2, "x")
    assert run.derivatives[1] == pytest.approx(pipeline.run_reverse(ev).passes[0].result["x"],
                                               abs=1e-12)
    assert run.derivatives[2] == pytest.approx(hessian(ev).matrix["x"]["x"], abs=1e-12)


# --- high orders: the series templates keep quotients in range ---------------------------------

@pytest.mark.parametrize("formula, at", [
    ("1/(x+2)", 0.3), ("log(x)", 5), ("tan(x)", 1), ("atan(x)", 3), ("sqrt(x)", 9),
    ("x/(1+x^2)", 2), ("asin(x)", 0.3), ("log(x, 3)", 2), ("1/x", 0.01),
])
def test_order_twelve_against_sympy(formula, at):
    run = taylor.derivatives(pipeline.prepare(formula, {"x": at}), 12)
    expr = to_sympy_formula(formula)
    for k in (1, 6, 9, 12):
        want = float(sp.diff(expr, X, k).subs(X, sp.Rational(repr(at))).evalf(30))
        assert run.derivatives[k] == pytest.approx(want, rel=1e-9), k


def to_sympy_formula(text: str) -> sp.Expr:
    from tracer.analysis.exact import to_sympy
    from tracer.core.parse import parse

    return to_sympy(parse(text).statements[0].expr, {"x": X})


@pytest.mark.parametrize("name", sorted(n for n, op in ops.BY_NAME.items() if op.series))
def test_series_templates_are_the_partials(name):
    from tracer.core import rules

    op = ops.BY_NAME[name]
    for point in POINTS[name]:
        y = op.value(*point)
        env = {rules.SLOTS[k]: a for k, a in enumerate(point)} | {"y": y}
        got = [rules.evaluate_template(t, env, lambda o, xs: o.value(*xs), lambda n: n.value)
               for t in taylor.partials(op)]
        assert got == pytest.approx(rules.float_partials(op, point, y), rel=1e-12)


# --- exact Taylor mode: coefficients in a normal form ------------------------------------------

@pytest.mark.parametrize("formula, at, order", [
    ("exp(sin(x))", 2, 12), ("exp(exp(exp(x)))", 1, 12), ("tan(x)", 1, 12),
    ("sigmoid(x)", 1, 12), ("exp(x)^sin(x)", "7/10", 7),
])
def test_exact_to_high_orders(formula, at, order):
    point = pipeline.parse_values(f"x={at}")
    exact = taylor.derivatives(pipeline.prepare(formula, point, exact=True), order)
    floats = taylor.derivatives(pipeline.prepare(formula, point), order)
    expr = to_sympy_formula(formula)
    for k in (3, order):
        want = sp.diff(expr, X, k).subs(X, sp.Rational(str(at)))
        assert abs(sp.N(exact.derivatives[k] - want, 40)) < 1e-25 * max(1, abs(sp.N(want)))
        assert floats.derivatives[k] == pytest.approx(float(sp.N(want, 30)), rel=1e-8)


# --- limits, decided before the sweep ----------------------------------------------------------

def test_the_work_is_counted_before_the_sweep(monkeypatch):
    ev = pipeline.prepare("+".join(f"log(x*{k})" for k in range(1, 40)), {"x": 0.5})
    work = [taylor.sweep_work(ev.trace, k) for k in range(1, 13)]
    assert all(a < b for a, b in itertools.pairwise(work))
    monkeypatch.setattr(taylor, "FLOAT_WORK", work[6])

    def no_sweep(*args, **kwargs):
        raise AssertionError("the sweep ran")

    monkeypatch.setattr(taylor, "line", no_sweep)
    with pytest.raises(LimitError, match=r"to order 12 .* use --order 7 or lower"):
        taylor.derivatives(ev, 12)


def test_a_refusal_walks_the_trace_once_whatever_the_order(monkeypatch):
    """derivatives --order 12 of a 4·10⁵-row loop walked the trace once per order to find
    the highest that fits (2.2 s of CPU before the refusal; now 0.2 s): the rows are
    counted by kind once."""
    ev = pipeline.prepare("+".join(f"log(x*{k})" for k in range(1, 40)), {"x": 0.5})
    monkeypatch.setattr(taylor, "FLOAT_WORK", taylor.sweep_work(ev.trace, 7))

    class Counted:
        walks = 0

        @property
        def equations(self):
            Counted.walks += 1
            return ev.trace.equations

    with pytest.raises(LimitError, match=r"use --order 7 or lower"):
        taylor.affordable(Counted(), 12, False)
    assert Counted.walks == 1


def test_work_grows_with_the_order_and_the_op():
    cheap = taylor.row_work(ops.BY_NAME["add"], 12, (False, False))
    dear = taylor.row_work(ops.BY_NAME["logb"], 12, (False, False))
    assert 0 < cheap < dear
    assert taylor.row_work(ops.BY_NAME["logb"], 3, (False, False)) < dear
    # a constant argument contributes nothing along the line
    assert taylor.row_work(ops.BY_NAME["pow"], 12, (False, True)) < \
        taylor.row_work(ops.BY_NAME["pow"], 12, (False, False))


def test_exact_coefficients_over_their_budgets(monkeypatch):
    ev = pipeline.prepare("tan(tan(x))", {"x": 0.7}, exact=True)
    monkeypatch.setattr(taylor, "EXACT_PRODUCTS", 1000)
    with pytest.raises(LimitError, match="grow too long on the way to order 12"):
        taylor.derivatives(ev, 12)
    monkeypatch.setattr(taylor, "EXACT_PRODUCTS", 10**9)
    monkeypatch.setattr(taylor, "EXACT_TERMS", 100)
    with pytest.raises(LimitError, match="pass 100 terms by row v_"):
        taylor.derivatives(ev, 12)
    assert taylor.derivatives(ev, 3).derivatives[3] != 0  # a lower order fits


def test_exact_work_is_counted_up_front(monkeypatch):
    ev = pipeline.prepare("x^x^x", {"x": 0.7}, exact=True)
    monkeypatch.setattr(taylor, "EXACT_WORK", taylor.sweep_work(ev.trace, 5))
    with pytest.raises(LimitError, match=r"in exact arithmetic.*--order 5 or lower.*--exact"):
        taylor.derivatives(ev, 12)


def test_a_row_without_derivatives_counts_only_where_an_output_needs_it():
    """As forward and reverse mode: a zero factor takes nothing from sqrt's infinite slope."""
    ev = pipeline.prepare("sqrt(x)*0 + x", {"x": 0})
    assert list(taylor.derivatives(ev, 2).derivatives) == [0.0, 1.0, 0.0]  # y, y′, y″
    exact = pipeline.prepare("sqrt(x)*0 + x", {"x": 0}, exact=True)
    assert list(taylor.derivatives(exact, 2).derivatives) == [0, 1, 0]
    with pytest.raises(DomainError, match="not defined here"):
        taylor.derivatives(pipeline.prepare("sqrt(x) + x", {"x": 0}, exact=True), 2)
    assert pipeline.run_forward(ev).jacobian["y"]["x"] == 1 == \
        pipeline.run_reverse(ev).jacobian["y"]["x"]
    with pytest.raises(DomainError, match=r"v_1 = .*not defined here") as caught:
        taylor.line(pipeline.prepare("sqrt(x) + x", {"x": 0}), {"x": 1.0}, 2)
    assert caught.value.row == 1


@pytest.mark.parametrize("formula", ["2*sqrt(x) - sqrt(x)", "sqrt(x) - sqrt(x)",
                                     "asin(x)*3 - asin(x)*3", "(x^(1/3))*2 - x^(1/3) - x^(1/3)"])
@pytest.mark.parametrize("exact", [False, True])
def test_undefined_coefficients_never_cancel(formula, exact):
    """As nan in floats, an undefined exact coefficient stays undefined through a difference
    (exact mode gave 2*sqrt(x) - sqrt(x) at 0 the derivatives 0, 0, 0)."""
    at = {"x": 1} if "asin" in formula else {"x": 0}
    with pytest.raises(DomainError, match="not defined here"):
        taylor.derivatives(pipeline.prepare(formula, at, exact=exact), 3)


def test_an_undefined_exact_coefficient_is_nan_where_shown():
    """A row whose coefficients do not exist shows them as sympy's nan (floats: nan), and a
    zero factor still takes nothing from it."""
    ev = pipeline.prepare("sqrt(x)*0 + x", {"x": 0}, exact=True)
    run = taylor.derivatives(ev, 2)
    assert run.series[1][1:] == (sp.nan, sp.nan)
    floats = taylor.derivatives(pipeline.prepare("sqrt(x)*0 + x", {"x": 0}), 2)
    assert all(math.isnan(c) for c in floats.series[1][1:])


def _nan(c) -> bool:
    return c is sp.nan or (isinstance(c, float) and math.isnan(c))


@pytest.mark.parametrize("exact", [False, True])
def test_an_undefined_slope_gives_undefined_derivatives_through_it_not_a_refusal(exact):
    """x^n at x = -2: along x the derivatives are n(n-1)… x^(n-k) (12, -12, 6), as forward
    mode's 12; along n they go through ln(-2), undefined, so nan (as forward mode's ∂y/∂n),
    the evaluation's warning saying why; an output beside it keeps its own (y + x*z)."""
    point = {"x": -2, "n": 3, "z": 5}
    ev = pipeline.prepare("x^n + z*x", point, exact=exact)
    assert [float(d) for d in taylor.derivatives(ev, 3, "x").derivatives] == [-18, 17, -12, 6]
    along_n = taylor.derivatives(ev, 3, "n").derivatives
    assert float(along_n[0]) == -18 and all(_nan(d) for d in along_n[1:])
    assert [float(d) for d in taylor.derivatives(ev, 2, "z").derivatives] == [-18, -2, 0]
    assert any("is undefined here" in w.message for w in ev.warnings)


def test_a_row_without_derivatives_and_no_undefined_slope_is_still_refused():
    """sqrt's slope at 0 is infinite, not undefined: its Taylor coefficients do not exist, and
    an output through them is refused as before."""
    with pytest.raises(DomainError, match="up to order 2 are not defined here"):
        taylor.derivatives(pipeline.prepare("sqrt(x) + x", {"x": 0}), 2)


def test_exact_coefficients_of_a_deep_chain_take_its_values_as_they_stand():
    """u = exp(-u) w 16 times to order 2: 22 s when each deep value was taken apart into
    atoms (sympy asking at every level whether it is positive); one atom each, and the
    derivatives are the floats'."""
    import time

    from tracer.analysis.exact import to_float

    chain = "u = x\n" + "u = exp(-u) * w\n" * 16
    at = pipeline.parse_values("w=0.5, x=0.3")
    start = time.perf_counter()
    run = taylor.derivatives(pipeline.prepare(chain, at, exact=True), 2, "x")
    assert time.perf_counter() - start < 20
    want = taylor.derivatives(pipeline.prepare(chain, at), 2, "x").derivatives
    assert [to_float(d) for d in run.derivatives] == pytest.approx(want, rel=1e-12)


def test_derivatives_too_large_for_a_float_are_not_called_undefined():
    """ln's second derivative at 10⁻³⁰⁰ is -10⁶⁰⁰: it exists, and --exact computes it, but
    floats overflow (it said "not defined here"); at a true edge (√ at 0) it is not defined."""
    ev = pipeline.prepare("log(x)", {"x": 1e-300})
    with pytest.raises(DomainError, match="up to order 2 are too large for a float here "
                       r"\(--exact computes them\)"):
        taylor.derivatives(ev, 2)
    exact = taylor.derivatives(pipeline.prepare("log(x)", {"x": 1e-300}, exact=True), 2)
    assert exact.derivatives[2] == -sp.Integer(10) ** 600
    with pytest.raises(DomainError, match=r"are not defined here$"):
        taylor.derivatives(pipeline.prepare("sqrt(x)", {"x": 0}), 2)
    with pytest.raises(DomainError, match=r"are not defined here$"):
        taylor.derivatives(pipeline.prepare("acos(x)", {"x": 1}), 2)


@pytest.mark.parametrize(("formula", "at", "order"), [
    ("1e300*log(x)", 1e-300, 1), ("x^1e308", 1, 6), ("(x^2)^1e200", 1, 3), ("1e308*x*1e308", 0, 1)])
def test_an_overflow_without_an_exception_is_too_large_not_not_finite(formula, at, order):
    """10³⁰⁰ · 10³⁰⁰ in a tangent is ∞ by overflow, with no exception to tell: the refusal
    said "are not finite here" (as of a true infinity), and now says what --exact computes."""
    ev = pipeline.prepare(formula, {"x": at})
    with pytest.raises(DomainError, match=r"too large for a float here \(--exact computes"):
        taylor.derivatives(ev, order)
    exact = taylor.derivatives(pipeline.prepare(formula, {"x": at}, exact=True), order)
    assert all(d.is_finite for d in exact.derivatives)


def test_a_list_for_wrt_and_a_long_list_of_inputs_are_said_shortly():
    """--wrt x1,x2 said "x1,x2 is not an input; the inputs are x1, x2"; over 5,000 inputs the
    message listed every one (44 KB on one line)."""
    ev = pipeline.prepare("x1*x2", {"x1": 1, "x2": 2})
    for wrt in ("x1,x2", "x*"):
        with pytest.raises(NameProblem) as info:
            taylor.derivatives(ev, 2, wrt)
        assert info.value.message == (f"--wrt: {wrt} is not an input; the inputs are x1, x2; "
                                      "derivatives go along one input: name one, not a list or "
                                      "a glob")
    wide = pipeline.prepare("sum(a)", pipeline.parse_values("a=[" + ",".join(["1"] * 5000) + "]"))
    for wrt in ("q", None):
        with pytest.raises(NameProblem) as info:
            taylor.derivatives(wide, 2, wrt)
        assert len(info.value.message) < 300 and "…, a[4999] (5,000 in all)" in info.value.message


def test_wrt_of_an_element_in_pythons_spelling_says_how_to_write_it():
    """derivatives --wrt b[0][1] said only that it is not an input, where every other names
    option says how to write the element; a list with elements is still a list."""
    ev = pipeline.prepare("y = b[0,0]*b[0,1]", pipeline.parse_values("b=[[1,2]]"))
    with pytest.raises(NameProblem, match=r"not an input; the inputs are b\[0,0\], b\[0,1\]; "
                       r"write the element as b\[0,1\]$"):
        taylor.derivatives(ev, 2, "b[0][1]")
    for wrt in ("b[0,0],b[0,1]", "b[0,*]"):
        with pytest.raises(NameProblem, match=r"; derivatives go along one input: name one, not a "
                           r"list or a glob$"):
            taylor.derivatives(ev, 2, wrt)
    with pytest.raises(NameProblem, match=r"the inputs are b\[0,0\], b\[0,1\]$"):
        taylor.derivatives(ev, 2, "b[5,0]")  # an element's comma is no list's
    with pytest.raises(NameProblem, match=r"the inputs are b\[0,0\], b\[0,1\]$"):
        taylor.derivatives(ev, 2, "b[1][1]")
