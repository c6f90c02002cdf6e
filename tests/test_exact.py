"""Exact arithmetic: sympy values from tracer's own trees, printed as tracer prints rules."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
import sympy as sp
from helpers import LECTURE, run
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer import pipeline
from tracer.analysis.exact import (
    MAX_LENGTH,
    MAX_ROWS,
    MAX_SIZE,
    evaluate_exact,
    exact,
    format_value,
    from_sympy,
    numeric,
    shown,
    to_float,
    to_sympy,
    too_long,
)
from tracer.core import cost, ops, rules
from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.core.printer import LATEX, TEXT, render
from tracer.errors import DomainError, LimitError, TracerError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


def test_textbook_functions_stay_exact():
    """cbrt is the real cube root (sympy's own cbrt(-8) is complex); asec, acot and the
    reciprocal hyperbolics keep their exact values and slopes."""
    ev = pipeline.prepare("cbrt(x) + asec(x)", {"x": -8}, exact=True)
    assert ev.outputs["y"] == -2 + sp.asec(-8)
    gradient = pipeline.run_reverse(ev).passes[0].result["x"]
    assert sp.simplify(gradient - (sp.Rational(1, 12) + sp.sqrt(7) / 168)) == 0
    ev = pipeline.prepare("acot(x) * exp2(x) + sech(x) + coth(x)", {"x": 1}, exact=True)
    assert sp.simplify(ev.outputs["y"] - (sp.pi / 2 + sp.sech(1) + sp.coth(1))) == 0
    slope = pipeline.run_forward(ev).passes[0].result["y"]
    expected = sp.diff(sp.acot(sp.Symbol("t")) * 2 ** sp.Symbol("t") + sp.sech(sp.Symbol("t"))
                       + sp.coth(sp.Symbol("t")), sp.Symbol("t")).subs(sp.Symbol("t"), 1)
    assert abs(float(slope) - float(expected)) < 1e-13


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


def test_a_value_shown_as_its_decimal_alone_is_said_with_approx_everywhere(runner):
    """(7/3)⁵⁰ is too long for a cell: its decimal is not its value, so the row, the rows
    that substitute it and the result say ≈ (they said =); CSV's exact column holds the exact
    value as JSON does (it held the decimal)."""
    args = ("x^50*exp(x)+sqrt(x)/3", "--at", "x=7/3", "--exact")
    text = run(runner, "reverse", *args).stdout
    assert "(7/3)⁵⁰ ≈ 2.505e+18" in text and "2.505e+18 × exp(7/3) ≈ 2.583e+19" in text
    assert "∂y/∂x ≈ 5.794e+20" in text and "= 2.505e+18" not in text
    assert "√(7/3) = √(21)/3 ≈ 1.528" in text  # a short exact form keeps its =
    latex = run(runner, "reverse", *args, "-f", "latex").stdout
    assert r"(\frac{7}{3})^{50} \approx 2.505 \times 10^{18}" in latex
    assert r"\frac{\partial y}{\partial x} \approx 5.794" in latex
    html = run(runner, "reverse", *args, "-f", "html").stdout
    assert html.count("<mo>≈</mo><mrow><mn>2.505</mn>") == 2
    assert "<mo>=</mo><mrow><mn>2.505</mn>" not in html
    rows = list(csv.DictReader(io.StringIO(run(runner, "reverse", *args, "-f", "csv").stdout)))
    assert rows[1]["Forward Primal Trace exact"] == "1798465042647412146620280340569649349251249/" \
        "717897987691852588770249" == str(sp.Rational(7, 3) ** 50)
    assert rows[0]["Forward Primal Trace exact"] == "7/3"
    data = json.loads(run(runner, "reverse", *args, "-f", "json").stdout)
    assert str(sp.Rational(7, 3) ** 50) in json.dumps(data)
    # a sentence in HTML, and a tuple holding such a value, in every writer
    sentence = run(runner, "reverse", "x^50", "--at", "x=7/3", "--exact", "-f", "html").stdout
    assert "<mo>≈</mo><mrow><mn>5.368</mn>" in sentence
    pair = ("x^50*y", "--at", "x=7/3,y=2", "--exact")
    assert "(∂f/∂x, ∂f/∂y) ≈ (1.074e+20, 2.505e+18)" in run(runner, "forward", *pair).stdout
    assert r"\approx (" in run(runner, "forward", *pair, "-f", "latex").stdout.replace("$", "")


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

    # 1e-600 is finite: its float is 0.0, as a float run gives (null is for what is not
    # finite); the "exact" string beside it carries the rest
    assert number(ev.values[-1]) == 0.0
    assert number(sp.Integer(10) ** 400) is None
    assert number(sp.Rational(1, 4)) == 0.25


@pytest.mark.parametrize("formula, at", [("(1+1/n)^n", "n=1e9"), ("(1+x)^(1/x)", "x=1e-9"),
                                        ("x^n", "x=1/2,n=1e8")])
def test_a_fraction_raised_to_a_huge_power_is_refused_before_sympy_raises_it(runner, formula,
                                                                              at):
    """(1 + 1/n)^n at n = 10^9 ran for minutes (sympy worked out a fraction of 10^10 digits):
    its size is known from its base and exponent, before."""
    result = run(runner, "trace", formula, "--at", at, "--exact")
    assert result.exit_code == 1 and "exact arithmetic here grows numbers of about" in \
        result.stderr
    assert run(runner, "trace", formula, "--at", at.replace("e9", "0").replace("e-9", "0")
               .replace("e8", "0"), "--exact").exit_code == 0



def test_a_power_within_the_digits_tracer_writes_is_traced():
    """(1/2)^5000 has 1,506 digits: its size was put at 4,515 (bits of 1 and of 2, added)."""
    ev = pipeline.prepare("x^n", pipeline.parse_values("x=1/2, n=5000"), exact=True)
    assert ev.values[-1] == sp.Rational(1, 2) ** 5000


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


# --- what printing exact values costs ---------------------------------------------------------

# A logistic regression step over 6 examples of 5 features (the sweep that found --exact
# printing slow: 40 s as HTML): 42 inputs, so 42 forward passes of growing tangents.
LOGREG_STEP = """\
@at w = [-0.53, -0.54, -0.56, -0.08, -0.42], b = 0.1
@at X = [[-0.73, 0.69, 0.53, -0.49, -0.01], [-0.1, 0.3, 0.58, -0.81, -0.94], \
[0.67, -0.13, 0.52, -1.0, -0.11], [0.44, -0.54, 0.89, 0.8, -0.94], \
[-0.95, 0.08, 0.88, -0.24, -0.57], [-0.16, -0.94, -0.56, -0.12, -0.01]]
@at y = [0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
alpha = 0.1
h = 1 / (1 + np.exp(-(X @ w + b)))
grad_w = X.T @ (h - y) / len(y)
w2 = w - alpha * grad_w
L = np.sum((X @ w2 - y) ** 2)
"""

# u = sin(u) 95 times: one pass each way, but each adjoint a product of up to 95 ever deeper
# sines (sympy puts a number to each anew: 23 s to print the reverse table).
SINES = "@at x=0.5\nu = x\n" + "u = sin(u)\n" * 95 + "y = u\n"


def test_printing_many_large_exact_values_is_refused_with_the_way_out():
    ev = pipeline.prepare(LOGREG_STEP, exact=True)
    with pytest.raises(LimitError, match=r"forward mode \(42 passes.*more than the "
                       rf"{cost.EXACT_NODES:,} tracer prints.*--wrt.*tracer reverse"):
        pipeline.run_forward(ev)
    assert len(pipeline.run_reverse(ev).passes) == 1  # one pass: its values are few
    assert len(pipeline.run_forward(ev, wrt=["w[0]", "b"]).passes) == 2


def test_deep_exact_values_are_refused_even_in_one_pass():
    ev = pipeline.prepare(SINES, exact=True)
    for run_ in (pipeline.run_forward, pipeline.run_reverse):
        with pytest.raises(LimitError, match=r"\(1 pass over .* tracer prints in one command; "
                           r"drop --exact"):
            run_(ev)
    assert len(pipeline.jacobian(ev).matrix) == 1  # the Jacobian alone is one value


def test_the_refusal_is_one_error_line(runner):
    result = run(runner, "forward", SINES, "--exact", "-f", "html")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: the exact values of forward mode")
    assert len(result.stderr.strip().splitlines()) == 1
    assert run(runner, "forward", SINES, "-f", "html").exit_code == 0  # floats: no limit


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_the_examples_print_exactly(path):
    ev = pipeline.prepare(path.read_text(), exact=True)
    for run_ in (pipeline.run_forward, pipeline.run_reverse):
        columns = [p.column for p in run_(ev).passes]
        assert columns and all(len(c) == ev.trace.n + ev.trace.last for c in columns)


def test_digits_growing_without_end_are_refused_as_the_sweep_meets_them(runner):
    squares = "@at x=1.0000001\nu = x\n" + "u = u*u\n" * 20 + "y = u\n"
    with pytest.raises(LimitError, match=r"digits, more than the 4,000 tracer writes"):
        pipeline.prepare(squares, exact=True)
    for fmt in ("json", "markdown"):
        result = run(runner, "trace", squares, "--exact", "-f", fmt)
        assert result.exit_code == 1 and result.stderr.startswith("error: exact arithmetic")


def test_a_fraction_of_more_digits_than_python_writes_is_too_long_not_a_crash():
    huge = sp.Rational(10**5000 + 1, 3)
    assert too_long(huge) and not too_long(sp.Rational(10**19, 10**19 + 1))
    assert too_long(sp.Rational(10**40, 3)) and not too_long(sp.Rational(10**38, 3))
    assert format_value(huge, 4, False) == "3.333e+4999"


def _too_long_by_definition(x: sp.Expr) -> bool:
    """The rule ``too_long`` remembers, worked out afresh."""
    if x.is_Rational:
        return len(str(abs(x.p))) + len(str(x.q)) > MAX_LENGTH
    return sp.count_ops(x) > MAX_SIZE or len(render(from_sympy(x), TEXT)) > MAX_LENGTH


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["x", "sin(x)", "exp(-x)", "log(x)", "sqrt(x)", "1/x", "3",
                                 "x^2", "1/(1 + exp(-x))"]), min_size=1, max_size=6),
       st.sampled_from(["+", "*", "-", "/"]), st.sampled_from(["1/2", "3", "0.7", "pi/3"]))
def test_a_remembered_value_prints_as_it_would_afresh(parts, join, at):
    formula = join.join(f"({p})" for p in ["x", *parts])  # x first: never a constant
    ev = pipeline.prepare(formula, pipeline.parse_values(f"x={at}"), exact=True)
    columns = [p.column for p in pipeline.run_forward(ev).passes]
    for x in (*ev.values, *columns[0]):
        if isinstance(x, sp.Basic):
            assert too_long(x) == _too_long_by_definition(x)
            assert (shown(x) is None) == too_long(x)
            if shown(x) is not None:
                assert render(shown(x), TEXT) == render(from_sympy(x), TEXT)


def _doubling(line: str, times: int) -> str:
    """``u = x`` then ``line`` ``times`` times: each value's tree holds its predecessor twice,
    so sympy's evalf walks 2^times nodes over 2·times distinct parts."""
    return "u = x\n" + f"{line}\n" * times


def test_a_value_whose_parts_repeat_is_worked_out_once_per_part(runner):
    """``u = cos(u) + u/3`` eleven times: a tree of thousands of nodes over a few dozen parts;
    its number is each part's once (sympy's walk of every repeat took seconds a row), and it
    is the float run's, to the digits shown."""
    program = _doubling("u = cos(u) + u/3", 11)
    exact = run(runner, "trace", program, "--at", "x=1/2", "--exact")
    floats = run(runner, "trace", program, "--at", "x=0.5")
    assert exact.exit_code == 0 and floats.exit_code == 0, exact.output
    assert floats.stdout.splitlines()[-1] == "Result: u = 0.9149"
    assert exact.stdout.splitlines()[-1] == "Result: u ≈ 0.9149"  # the decimal of a long form


@pytest.mark.parametrize("program, at", [
    ("y = sin(x)^2 + cos(x)^2 - 1", "x=pi/7"),  # 0, which sympy does not simplify
    (_doubling("u = sin(u) + u", 10), "x=1/3"),  # sin(u) of about 10^-953 beside pi
    (_doubling("u = sin(u) + u", 12), "x=1/3"),  # the same, its parts repeated 4,000 times
])
def test_a_value_no_digit_of_which_sympy_reaches_is_0_not_noise(runner, program, at):
    """sympy evaluates these to ``-0.e-125``, a number without a digit, which printed as
    -1.182e-125 or 3.677e-186 (noise of the working precision): they are 0 to every digit
    reached, and print so."""
    result = run(runner, "trace", program, "--at", at, "--exact")
    assert result.exit_code == 0, result.output
    if "cos" in program:
        assert " sin(π/7)² + cos(π/7)² - 1 ≈ 0\n" in result.stdout and "e-12" not in result.stdout
    else:
        # its exact form too long to show, its decimal said with ≈ (it is about 10^-953)
        assert "e-186" not in result.stdout and "sin(3.142) ≈ 0\n" in result.stdout


def test_exact_values_that_outgrow_the_printing_budget_are_refused_as_they_grow(runner):
    """A trace alone (no pass) is held to the same budget of numbers and operations as a
    pass: ``u = sin(u) + u`` sixteen times doubles its tree each line."""
    result = run(runner, "trace", _doubling("u = sin(u) + u", 16), "--at", "x=1/3", "--exact")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the exact values of the trace up to row ")
    assert f"more than {cost.EXACT_NODES:,} numbers and operations" in result.stderr


# --- infinite slopes: the float convention's signed ∞, not sympy's zoo --------------------------

STEEP = [("sqrt(x)", {"x": 0}), ("asin(x)", {"x": 1}), ("asin(x)", {"x": -1}),
         ("acos(x)", {"x": 1}), ("acosh(x)", {"x": 1}), ("x^(1/3)", {"x": 0}),
         ("sqrt(x)*y", {"x": 0, "y": -2}), ("sqrt(1-x)", {"x": 1}),
         ("2*sqrt(x) - sqrt(x)", {"x": 0}), ("sqrt(x)*0 + x", {"x": 0})]


@pytest.mark.parametrize(("formula", "at"), STEEP)
def test_infinite_slopes_are_the_floats_infinities(formula, at):
    """Exact and float mode agree through an infinite slope: the same ±∞, nan or number."""
    from tracer.analysis.exact import to_float

    floats = pipeline.prepare(formula, at)
    ev = pipeline.prepare(formula, at, exact=True)
    out = floats.trace.output_names[0]
    for sweep in (pipeline.run_forward, pipeline.run_reverse):
        want = sweep(floats).jacobian[out]
        got = {k: to_float(exact(v)) for k, v in sweep(ev).jacobian[out].items()}
        assert got.keys() == want.keys()
        for k in want:
            assert got[k] == want[k] or (got[k] != got[k] and want[k] != want[k]), (k, got, want)
    assert [w.message for w in ev.warnings] == [w.message for w in floats.warnings]


def test_an_infinite_slope_prints_as_in_float_mode(runner):
    for command in ("forward", "reverse"):
        for formula, at, value in (("sqrt(x)", "x=0", "∞"), ("acos(x)", "x=1", "-∞")):
            floats = run(runner, command, formula, "--at", at)
            exact_ = run(runner, command, "--exact", formula, "--at", at)
            assert exact_.exit_code == 0 == floats.exit_code
            result = [line for line in exact_.stdout.splitlines()
                      if line.startswith(("Result", "Gradient"))]
            assert result == [line for line in floats.stdout.splitlines()
                              if line.startswith(("Result", "Gradient"))]
            assert f"= {value}" in result[0] and "nan" not in exact_.stdout
            assert "is infinite here" in exact_.stdout


def test_an_edge_the_floats_missed_is_still_an_infinite_slope():
    """0.1 + 0.2 - 0.3 is 0 exactly and 5.6e-17 in floats: the exact slope is infinite, its
    sign that of the float slope, with the warning float mode gives an infinite slope."""
    floats = pipeline.prepare("sqrt(0.1 + 0.2 - x)", {"x": 0.3})
    ev = pipeline.prepare("sqrt(0.1 + 0.2 - x)", {"x": 0.3}, exact=True)
    slope = pipeline.run_reverse(floats).jacobian["y"]["x"]
    assert -math.inf < slope < -1e7 and not floats.warnings
    assert pipeline.run_reverse(ev).jacobian["y"]["x"] == -sp.oo
    assert [w.row for w in ev.warnings] == [2] and "is infinite here" in ev.warnings[0].message


@pytest.mark.parametrize("formula", ["relu(sin(x)^2 + cos(x)^2 - 1)",
                                     "max(sin(x)^2 + cos(x)^2 - 1, 0)",
                                     "min(sin(x)^2 + cos(x)^2 - 1, x)"])
def test_a_row_sympy_cannot_decide_is_one_error_line(runner, formula):
    """max and relu need the sign of a value sympy cannot tell from 0: its ValueError was a
    traceback."""
    result = run(runner, "reverse", formula, "--at", "x=pi/7", "--exact")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "exact arithmetic cannot decide this row" in result.stderr
    assert run(runner, "reverse", formula, "--at", "x=pi/7").exit_code == 0


def test_functions_of_sympy_results_outside_the_table_print_as_calls():
    """sympy's derivative of max or relu holds Heaviside(a, 1/2), of sign DiracDelta: they
    printed as one long name (LaTeX ``\\mathit{Heaviside(-y + α)}``, which pdflatex stops at)."""
    a, y, t = sp.symbols("α y θ", real=True)
    heaviside = from_sympy(sp.diff(sp.Max(y, a) * a, y))
    assert render(heaviside, TEXT) == "α H(y - α)"
    assert render(heaviside, LATEX) == r"\alpha H(y - \alpha)"
    delta = from_sympy(sp.diff(sp.sign(t) * t**2, t))
    assert render(delta, TEXT) == "2 θ² δ(θ) + 2 θ sign(θ)"
    assert r"\delta(\theta)" in render(delta, LATEX)
    derivative = from_sympy(sp.Derivative(sp.Function("g")(t), t, t))
    assert render(derivative, TEXT) == "Derivative(g(θ), θ, θ)"
    assert render(derivative, LATEX) == r"\operatorname{Derivative}(\operatorname{g}(\theta), " \
        r"\theta, \theta)"
    assert render(from_sympy(-y + a), TEXT) == "α - y"  # not (-y) + α
    assert ops.display_only("DiracDelta", 1) not in ops.OPS


def test_check_of_max_and_sign_prints_sympys_formula_in_the_tables_notation(runner):
    result = run(runner, "check", "max(α, y)*α", "--at", "α=1.5,y=2")
    assert result.exit_code == 0 and "∂f/∂y = α H(y - α) = 1.5." in result.stdout
    assert "Heaviside" not in result.stdout


@pytest.mark.parametrize(("program", "at", "said"), [
    ("if x + 0.2 == 0.3:\n    y = x*2\nelse:\n    y = x*3", 0.1,
     "compared 0.30000000000000004 == 0.3 in floats (false); in exact arithmetic "
     "3/10 == 3/10 is true"),
    ("y = x\nwhile y < 1:\n    y = y + 0.1", 0.3,
     "compared 0.9999999999999999 < 1 in floats (true); in exact arithmetic 1 < 1 is false"),
])
def test_a_decision_exact_arithmetic_takes_the_other_way_is_a_warning(program, at, said):
    """The path is the floats' (the program as Python runs it); where exact values would
    decide otherwise, the exact tables say so, in JSON's warnings too."""
    ev = pipeline.prepare(program, {"x": at}, exact=True)
    messages = [w.message for w in ev.warnings]
    assert len(messages) == 1 and said in messages[0]
    assert "tracer takes the path the program takes when Python runs it" in messages[0]
    floats = pipeline.prepare(program, {"x": at})
    assert floats.trace.controls == ev.trace.controls  # the same path
    agree = pipeline.prepare(program, {"x": 0.25}, exact=True)  # floats and exact agree
    assert agree.warnings == ()


def test_a_decision_warning_prints_in_every_writer(runner, tmp_path):
    program = tmp_path / "p.txt"
    program.write_text("if x + 0.2 == 0.3:\n    y = x*2\nelse:\n    y = x*3\n", encoding="utf-8")
    for fmt in ("terminal", "markdown", "latex", "html", "json"):
        result = run(runner, "reverse", str(program), "--at", "x=0.1", "--exact", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "in exact arithmetic" in result.stdout, fmt


def test_a_decision_warning_catches_cancellation_and_claims_no_path_in_a_compound():
    """(x + 1e15) - 1e15 is 0.125 in floats and 1/10 exactly: far from 0.11 both ways, and
    on opposite sides (missed while only near ties were compared). In `a and b` one
    comparison's other way may not change the path: the warning says only what it knows."""
    cancel = pipeline.prepare("if (x + 1e15) - 1e15 < 0.11:\n    y = x*2\nelse:\n    y = x*3",
                              {"x": 0.1}, exact=True)
    assert [w.message for w in cancel.warnings] == [
        "the decision if (x + 1e15) - 1e15 < 0.11 compared 0.125 < 0.11 in floats (false); in "
        "exact arithmetic 1/10 < 11/100 is true, so exact values would take another path "
        "(tracer takes the path the program takes when Python runs it, in floats)"]
    both = pipeline.prepare("if x + 0.2 == 0.3 and x > 5:\n    y = x*2\nelse:\n    y = x*3",
                            {"x": 0.1}, exact=True)
    (message,) = [w.message for w in both.warnings]
    assert "3/10 == 3/10 is true (tracer takes the path" in message
    assert "another path" not in message


def test_a_long_sum_or_product_is_exact_as_sympy_nests_it(runner):
    """x1 + … + x150 was refused as 149 deep; sympy holds it as one Add."""
    formula = "+".join(f"x{i}" for i in range(1, 151))
    at = ",".join(f"x{i}={i}/2" for i in range(1, 151))
    result = run(runner, "reverse", formula, "--at", at, "--exact", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["outputs"]["y"] in (11325 / 2, "11325/2")
    ev = pipeline.prepare("-".join(f"x{i}" for i in range(1, 151)),
                          {f"x{i}": 1 for i in range(1, 151)}, exact=True)
    assert ev.values[-1] == -148


FIXED_POINT = "z = 0\nfor i in range({n}):\n    z = tanh(w*z + x) + abs(z)*0.1\n"
TANH_CHAIN = "u = x\n" + "u = tanh(w*u + x)\n" * 30


def test_a_deep_nest_is_built_as_it_stands_and_numbered_part_by_part():
    """u = tanh(w u + x) thirty times: sympy simplified each level as it built it, asking
    whether each sum is positive at a precision growing with the depth (over 12 minutes for
    reverse mode); built as it stands, the sweep takes well under a second."""
    at = pipeline.parse_values("w=0.5, x=0.3")
    ev = pipeline.prepare(TANH_CHAIN, at, exact=True)
    floats = pipeline.prepare(TANH_CHAIN, at)
    deep = ev.outputs["u"]
    assert to_float(deep) == pytest.approx(floats.outputs["u"], rel=1e-14)
    assert shown(deep) is None  # no cell is that wide: its decimal stands for it
    chain = TANH_CHAIN.replace("u = tanh(w*u + x)\n" * 18, "")  # 12 deep: printed
    grad = pipeline.run_reverse(pipeline.prepare(chain, at, exact=True)).passes[0].result
    float_grad = pipeline.run_reverse(pipeline.prepare(chain, at)).passes[0].result
    assert {k: to_float(v) for k, v in grad.items()} == pytest.approx(float_grad, rel=1e-14)


@pytest.mark.parametrize("n", [5, 10, 15])
def test_the_fixed_point_loop_prints_or_is_refused_in_seconds(runner, n):
    """abs(z)'s slope sign(z) of a nested z was decided by sympy's evalf inside an unevaluated
    build, which sympy cannot do (a traceback from 10 steps on; 13 s for 5)."""
    result = run(runner, "reverse", FIXED_POINT.format(n=n), "--at", "w=0.5,x=0.3", "--exact")
    if n == 5:
        assert result.exit_code == 0, result.stderr
        assert "(∂z/∂w, ∂z/∂x) ≈ (0.6884, 1.372)" in result.stdout
    else:
        assert result.exit_code == 1
        assert "drop --exact" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["hessian"], ["derivatives", "--wrt", "x"]])
def test_taylor_mode_builds_a_deep_nest_as_it_stands(runner, command):
    result = run(runner, *command, TANH_CHAIN, "--at", "w=0.5,x=0.3", "--exact")
    assert result.exit_code == 1 and "drop --exact" in result.stderr
    result = run(runner, *command, FIXED_POINT.format(n=5), "--at", "w=0.5,x=0.3", "--exact",
                 "--order", "1") if command[0] == "derivatives" else \
        run(runner, *command, FIXED_POINT.format(n=5), "--at", "w=0.5,x=0.3", "--exact")
    assert result.exit_code == 0, result.stderr


def test_a_deep_values_number_part_by_part_is_its_number():
    x, u, f = sp.Rational(3, 10), sp.Rational(3, 10), 0.3
    with sp.evaluate(False):  # as evaluate_exact builds it
        for _ in range(14):
            u, f = sp.tanh(u / 2 + x), math.tanh(f / 2 + 0.3)
    assert numeric(u) == pytest.approx(f, rel=1e-15)
    assert numeric(u, 40) == pytest.approx(f, rel=1e-15) and numeric(u, 40)._prec > 100


def test_a_deep_value_is_not_typeset_before_its_depth_is_seen():
    """u = exp(-u) w 22 times: sympy's count_ops rebuilt each level's exponential, working out
    its number level by level (tracer trace --exact ran past a minute; now under a second)."""
    chain = "u = x\n" + "u = exp(-u) * w\n" * 22
    at = pipeline.parse_values("w=0.5, x=0.3")
    ev = pipeline.prepare(chain, at, exact=True)
    assert shown(ev.outputs["u"]) is None
    assert to_float(ev.outputs["u"]) == pytest.approx(pipeline.prepare(chain, at).outputs["u"],
                                                      rel=1e-14)


def test_a_sweep_multiplies_deep_values_as_they_stand():
    """u = exp(-u) w 22 times: sympy's Mul of the deep exponentials in a reverse or forward
    sweep ran past two minutes (3 s at 17); deep products are built as they stand, shallow
    ones as sympy builds them, and the gradient is the floats'."""
    chain = "u = x\n" + "u = exp(-u) * w\n" * 22
    at = pipeline.parse_values("w=0.5, x=0.3")
    ev = pipeline.prepare(chain, at, exact=True)
    floats = pipeline.prepare(chain, at)
    want = pipeline.run_reverse(floats).passes[0].result
    got = pipeline.run_reverse(ev).passes[0].result
    assert {k: to_float(v) for k, v in got.items()} == pytest.approx(want, rel=1e-12)
    across = pipeline.run_forward(ev).jacobian["u"]
    assert {k: to_float(v) for k, v in across.items()} == pytest.approx(want, rel=1e-12)
    shallow = pipeline.run_reverse(pipeline.prepare("x1*x2 + x2 - log(x1)",
                                                    {"x1": 3, "x2": -4}, exact=True))
    assert str(shallow.passes[0].result["x1"]) == "-13/3"  # sympy's own products


def test_to_float_takes_a_plain_number_as_itself():
    """An exact sweep's zero is Python's 0: to_float(0) raised AttributeError."""
    from tracer.analysis.exact import to_float

    assert to_float(0) == 0.0 and to_float(-2) == -2.0 and to_float(0.5) == 0.5


def test_a_value_sympy_recurses_on_is_refused_naming_its_row():
    """Found by the property test of exact against float mode: sympy recursed past Python's
    limit on a value nested through % and ceil, and pipeline.prepare (the API) raised a bare
    RecursionError. Now a LimitError names the row and says to leave out --exact."""
    from tracer.errors import LimitError

    formula = ("-(((ceil(x3))*(cosh(((log2(2+(x1)^2))*(x1))/(1+((cos((x1)/(1+(log1p(2+(x1)^2))"
               "^2)))%(x3))^2))))^-1)")
    with pytest.raises(LimitError, match=r"its exact value is nested too deeply for sympy to "
                                         r"work out; leave out --exact"):
        pipeline.prepare(formula, {"x1": 2.553, "x3": -2.309}, exact=True)


def test_a_float_slope_too_large_for_a_float_is_no_warning_in_exact_mode():
    """ln at 1e-320: float mode warns its slope 1e320 is too large for a float; exact mode
    computes it, and keeps the warning only where the slope is infinite (√x at 0)."""
    from tracer import pipeline

    ev = pipeline.prepare("log(x)", {"x": "1e-320"}, exact=True)
    assert ev.warnings == ()
    assert pipeline.run_reverse(ev).passes[0].result["x"] == sp.Integer(10) ** 320
    (kept,) = pipeline.prepare("sqrt(x)", {"x": 0}, exact=True).warnings
    assert not kept.overflow and "is infinite here" in kept.message


def test_a_deep_values_spelling_keeps_its_terms_as_they_stand():
    """JSON's exact spellings were sympy's str, which orders every sum's terms by their
    numbers, worked out through every repeat of the parts below: Adam by hand, three steps,
    --exact -f json, was stopped after 4 minutes (a value of 746 nodes, 42 deep); now 1.1 s.
    A shallow value keeps sympy's own spelling."""
    from tracer.analysis.exact import spelling

    assert spelling(2 - sp.cos(5)) == "2 - cos(5)" and spelling(sp.log(3) + 10) == "log(3) + 10"
    x = sp.Rational(1, 3)
    for _ in range(14):
        x = sp.sqrt(x + sp.Rational(999, 1000)) - x / 7
    assert spelling(x) == sp.sstr(x, order="none")
    assert sp.sympify(spelling(x)) == x  # the same value, its terms as they stand
