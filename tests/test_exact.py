"""Exact arithmetic: sympy values from tracer's own trees, printed as tracer prints rules."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from helpers import LECTURE, run

from tracer import pipeline
from tracer.analysis.exact import (
    MAX_ROWS,
    evaluate_exact,
    exact,
    format_value,
    from_sympy,
    to_sympy,
)
from tracer.core import ops, rules
from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.core.printer import LATEX, TEXT, render
from tracer.errors import DomainError, TracerError


def test_table_3_exactly():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}, exact=True)
    assert ev.exact and ev.values[3] == sp.log(3)
    result = pipeline.run_reverse(ev).passes[0].result
    assert result == {"x1": sp.Rational(-13, 3), "x2": 4}


def test_decimals_are_the_rationals_they_denote():
    assert exact(pipeline.parse_values("x=0.5")["x"]) == sp.Rational(1, 2)
    assert exact(pipeline.parse_values("x=pi/3")["x"]) == sp.pi / 3
    assert exact(0.1) == sp.Rational(1, 10)
    ev = pipeline.prepare("x*x", pipeline.parse_values("x=0.5"), exact=True)
    assert ev.outputs == {"y": sp.Rational(1, 4)}


def test_radicals_stay_exact():
    ev = pipeline.prepare("sin(x)", pipeline.parse_values("x=pi/4"), exact=True)
    assert ev.outputs["y"] == sp.sqrt(2) / 2
    assert pipeline.run_forward(ev).passes[0].result["y"] == sp.sqrt(2) / 2


@pytest.mark.parametrize("value, text, latex", [
    (sp.Rational(-13, 3), "-13/3", r"-\frac{13}{3}"),
    (sp.log(3), "ln(3)", r"\ln(3)"),
    (sp.sqrt(2) / 2, "√(2)/2", r"\frac{\sqrt{2}}{2}"),
    (-16 - sp.log(3), "-16 - ln(3)", r"-16 - \ln(3)"),
    (sp.pi / 3, "π/3", r"\frac{\pi}{3}"),
    (sp.exp(2), "exp(2)", r"\exp(2)"),
    (1 / (1 + sp.exp(-sp.Rational(9, 20))), "1/(1 + exp(-9/20))",
     r"\frac{1}{1 + \exp(-\frac{9}{20})}"),
    (sp.Integer(4), "4", "4"),
    (2 * sp.log(3) * sp.pi, "2 π ln(3)", r"2 \pi \ln(3)"),
    (sp.Abs(sp.Symbol("x")), "|x|", r"\left\lvert x \right\rvert"),
])
def test_values_print_as_tracer_trees(value, text, latex):
    tree = from_sympy(value)
    assert render(tree, TEXT) == text and render(tree, LATEX) == latex
    assert sp.simplify(to_sympy(tree, {"x": sp.Symbol("x")}) - value) == 0


@pytest.mark.parametrize("value, text", [
    (sp.Rational(-13, 3), "-13/3 ≈ -4.333"),
    (sp.Rational(1, 2), "1/2 = 0.5"),
    (sp.Integer(4), "4"),
    (sp.log(3), "ln(3) ≈ 1.099"),
])
def test_cells_show_the_exact_value_and_its_decimal(value, text):
    assert format_value(value, 4, False) == text


def test_long_exact_values_show_their_decimal():
    from pathlib import Path

    source = (Path(__file__).parent.parent / "examples" / "nn-backprop.txt").read_text()
    ev = pipeline.prepare(source, exact=True)
    e = ev.outputs["E"]
    assert float(e) == pytest.approx(0.00103948, rel=1e-5)
    assert "≈" not in format_value(e, 4, False)  # too long to print exactly


def test_exact_partials_agree_with_float_partials_for_every_op():
    from test_ops import POINTS

    for name, points in POINTS.items():
        op = ops.BY_NAME[name]
        for point in points:
            args = [exact(x) for x in point]
            y = op.sympy(sp, *args)
            env = {rules.SLOTS[k]: a for k, a in enumerate(args)} | {"y": y}
            got = [rules.evaluate_template(t, env, lambda o, xs: o.sympy(sp, *xs),
                                           lambda n: sp.Rational(n.text))
                   for t in rules.derivs(op)]
            want = op.partials(*point, op.value(*point))
            assert [float(g) for g in got] == pytest.approx(list(want), rel=1e-9), name


def test_defined_in_floats_but_not_exactly():
    with pytest.raises(DomainError, match="undefined in exact arithmetic"):
        pipeline.prepare("x/sin(pi)", {"x": 1}, exact=True)


def test_large_traces_are_refused():
    trace = lower(parse("+".join(f"sin(x*{k})" for k in range(MAX_ROWS))))
    with pytest.raises(TracerError, match="exact arithmetic is for small traces"):
        evaluate_exact(trace, {"x": 1})


def test_cli_exact(runner):
    result = run(runner, "reverse", LECTURE, "--at", "x1=3,x2=-4", "--exact")
    assert "-1 × (1/3) + 1 × (-4) = -13/3 ≈ -4.333" in result.stdout
    assert "ln(3) ≈ 1.099" in result.stdout
    md = run(runner, "reverse", LECTURE, "--at", "x1=3,x2=-4", "--exact", "-f", "markdown")
    assert r"-\frac{13}{3} \approx -4.333" in md.stdout
    doc = json.loads(run(runner, "reverse", LECTURE, "--at", "x1=3,x2=-4", "--exact", "-f",
                         "json").stdout)
    assert doc["exact"] is True
    assert doc["passes"][0]["result"]["x1"] == pytest.approx(-13 / 3)
    assert doc["passes"][0]["result_exact"] == {"x1": "-13/3", "x2": "4"}
    assert doc["rows"][3]["exact"] == "log(3)"
    assert doc["jacobian_exact"] == {"y": {"x1": "-13/3", "x2": "4"}}


def test_cli_exact_seed_and_step(runner):
    doc = json.loads(run(runner, "forward", "x^2", "--at", "x=0.5", "--seed", "x=0.1",
                         "--exact", "-f", "json").stdout)
    assert doc["passes"][0]["result_exact"] == {"y": "1/10"}
    doc = json.loads(run(runner, "reverse", "E = (w*x - t)^2", "--at", "w=1,x=2,t=3",
                         "--step", "0.1", "--params", "w", "--exact", "-f", "json").stdout)
    assert doc["step_exact"]["w"] == {"old": "1", "gradient": "-4", "new": "7/5"}


def test_cli_exact_jacobian(runner):
    doc = json.loads(run(runner, "jacobian", "a = x*y; b = x/y", "--at", "x=1,y=3",
                         "--exact", "-f", "json").stdout)
    assert doc["jacobian_exact"]["b"] == {"x": "1/3", "y": "-1/9"}


def test_deep_traces_are_refused_clearly():
    deep = "sin(" * 500 + "x" + ")" * 500
    with pytest.raises(TracerError, match="at most 100 operations deep; this one is 500 deep"):
        pipeline.prepare(deep, {"x": 1}, exact=True)


# --- values beyond the float range (issue 8: OverflowError while formatting) ------------------

@pytest.mark.parametrize("args, shown", [
    (("trace", "1e-300*x", "--at", "x=1e-100"), "1e-400"),
    (("forward", "x^400", "--at", "x=0.1"), "4e-397"),
    (("reverse", "x^2", "--at", "x=1e-300"), "2e-300"),
    (("derivatives", "1e-320*x", "--at", "x=1"), "1e-320"),
])
def test_exact_values_beyond_floats_print_as_scientific_decimals(runner, args, shown):
    result = run(runner, *args, "--exact")
    assert result.exit_code == 0, result.output
    assert shown in result.stdout


@pytest.mark.parametrize("formula, at, shown", [
    ("exp(-x)", "x=1e6", "3.297e-434295"),  # sympy's Float refuses exp(-10^6); evalf does not
    ("erfc(x)", "x=30", "2.565e-393"),
])
def test_exact_values_far_below_floats_print_as_decimals(runner, formula, at, shown):
    result = run(runner, "forward", formula, "--at", at, "--exact")
    assert result.exit_code == 0, result.output
    assert shown in result.stdout


@pytest.mark.parametrize("formula, at", [("erfc(x)", "x=1e308"), ("exp(-x)", "x=1e308"),
                                         ("erf(x)", "x=1e20")])
def test_a_value_sympy_cannot_put_a_number_to_is_one_error_line(runner, formula, at):
    result = run(runner, "forward", formula, "--at", at, "--exact")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and "leave out --exact" in result.stderr
    assert run(runner, "forward", formula, "--at", at).exit_code == 0  # floats reach it


def test_a_logistic_iterate_forward_exactly_does_not_crash(runner):
    lines = ["l1 = x"] + [f"l{k} = 4*l{k - 1}*(1-l{k - 1})" for k in range(2, 13)]
    result = run(runner, "forward", "\n".join(lines), "--at", "x=0.3", "--exact")
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_decimal_reaches_beyond_floats():
    from tracer.analysis.exact import decimal, to_float

    assert decimal(sp.Rational(1, 10**400), 4) == "1e-400"
    assert decimal(-sp.Integer(3) * 10**500, 4) == "-3e+500"
    assert decimal(sp.Rational(1, 10**400), 4, latex=True) == r"1 \times 10^{-400}"
    assert decimal(sp.Rational(-13, 3), 4) == "-4.333"
    assert to_float(sp.Integer(10) ** 400) == float("inf")
    assert to_float(-sp.Integer(10) ** 400) == float("-inf")
    assert format_value(sp.Integer(10) ** 400, 4, False) == "1e+400"


def test_json_writes_null_where_an_exact_value_has_no_float():
    ev = pipeline.prepare("x^2", pipeline.parse_values("x=1e-300"), exact=True)
    from tracer.views.data import number

    assert number(ev.values[-1]) is None  # 1e-600: the "exact" string beside it carries it
    assert number(sp.Integer(10) ** 400) is None
    assert number(sp.Rational(1, 4)) == 0.25


def test_a_value_that_overflows_floats_is_refused_as_an_overflow_in_exact_mode_too(runner):
    result = run(runner, "trace", "x^3", "--at", "x=1e200", "--exact")
    assert result.exit_code == 1 and "too large for a float" in result.stderr


# --- every op prints exactly through its own counterpart (issue 9: no second table) ------------

def _point(op: ops.Op) -> list[sp.Rational] | None:
    """Exact arguments inside the op's domain (and away from its kinks)."""
    for a in (sp.Rational(1, 3), sp.Rational(3, 2), sp.Integer(2)):
        args = [a, sp.Rational(5, 2)][:op.arity]
        floats = [float(x) for x in args]
        try:
            value = op.value(*floats)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        if value == value and (op.domain is None or op.domain(*floats) is None or
                               abs(value) < float("inf")):
            return args
    return None


@pytest.mark.parametrize("op", [op for op in ops.OPS if op.arity], ids=lambda op: op.name)
def test_every_op_prints_exactly_in_every_flavor(op):
    from tracer.core.nodes import Name, walk
    from tracer.render import mathml

    args = _point(op)
    assert args is not None, f"no point in the domain of {op.name}"
    values = [op.sympy(sp, *args)]
    env = {rules.SLOTS[k]: a for k, a in enumerate(args)} | {"y": values[0]}
    values += [rules.evaluate_template(t, env, lambda o, xs: o.sympy(sp, *xs),
                                       lambda n: sp.Rational(n.text or n.value))
               for t in rules.derivs(op)]
    for value in values:
        tree = from_sympy(value)
        fallback = [n for n in walk(tree) if isinstance(n, Name)]
        assert not fallback, f"{op.name}: {value} prints as a plain name {fallback}"
        for text in (render(tree, TEXT), render(tree, LATEX), mathml.expression(tree)):
            assert "mathit{" + op.name not in text and f"<mi>{op.name}(" not in text


@pytest.mark.parametrize("formula, at, expected", [
    ("step(exp(exp(x1)) + x1 + x1/(expm1(x1) - x1) + x1)", {"x1": 1}, 1),  # hypothesis found it
    ("step(x/tan(exp(2)))", {"x": -1}, 0),  # sympy cannot tell tan(e²)'s sign
    ("sign(x/tan(exp(2)))", {"x": 1}, 1),
    ("step(x^2 - 1)", {"x": 1}, 0),  # exactly 0 stays exact
])
def test_a_step_or_sign_sympy_cannot_decide_is_decided_from_its_number(formula, at, expected):
    ev = pipeline.prepare(formula, at, exact=True)
    (value,) = ev.outputs.values()
    assert value == expected and float(value) == pipeline.prepare(formula, at).outputs["y"]


def test_taylor_and_hessian_decide_such_a_step_too():
    from tracer.analysis.hessian import hessian
    from tracer.analysis.taylor import derivatives

    ev = pipeline.prepare("step(x/tan(exp(2)))*x", {"x": 1}, exact=True)
    assert list(derivatives(ev, 2).derivatives) == [1, 1, 0]
    run = hessian(pipeline.prepare("step(x/tan(exp(2)))*x*y", {"x": 1, "y": 1}, exact=True))
    assert run.matrix == {"x": {"x": 0, "y": 1}, "y": {"x": 1, "y": 0}}
