"""tracer check: autodiff, the symbolic derivative and finite differences side by side."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tracer import pipeline, views
from tracer.analysis.check import STEPS, check, sizes
from tracer.core.nodes import Num
from tracer.core.parse import parse
from tracer.errors import NameProblem
from tracer.views.document import Math

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run_check(text: str, point: dict | None = None):
    program = parse(text)
    return check(pipeline.prepare(program, point))


def test_lecture_formula():
    run = run_check("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    assert run.agrees
    x1 = run.inputs[0]
    assert str(x1.formula) == "x2 - 1/x1" and x1.symbolic == pytest.approx(-13 / 3)
    assert [d.h for d in x1.differences] == list(STEPS)
    # truncation falls, then round-off rises: the best step is neither end
    assert STEPS[0] > x1.best("forward") > STEPS[-1]
    assert STEPS[0] > x1.best("central") > STEPS[-1]
    errors = [d.forward_error for d in x1.differences]
    assert errors[0] > errors[4] and errors[-1] > errors[7]


def test_programs_are_substituted():
    run = run_check((EXAMPLES / "nn-backprop.txt").read_text())
    assert run.agrees
    size = sizes(run)
    assert size.symbolic > size.trace_rows  # the symbolic derivative is the bigger one


def test_at_a_kink_the_conventions_differ_and_that_is_said_not_failed():
    """relu at 0: sympy's Heaviside(0) = 1/2, tracer's slope 0 (PyTorch's): neither is a
    derivative, so check says why they differ and does not fail (forward = reverse still
    holds); on an input whose path has no kink, the symbolic value still counts."""
    run = run_check("relu(x)", {"x": 0})
    (c,) = run.inputs
    assert run.agrees and c.kink and c.symbolic == 0.5 and c.reverse == 0
    assert "not differentiable" in c.note and "gives 0.5 there" in c.note
    assert "follow different conventions at this kink" in _text(run)
    both = run_check("relu(x) + y^2", {"x": 0, "y": 1})
    assert [c.kink for c in both.inputs] == [True, False] and both.agrees
    assert "for every input but x (a kink" in _text(both)
    assert not run_check("abs(x)", {"x": 0}).inputs[0].kink  # sign(0) = 0 both ways
    assert not run_check("relu(x)", {"x": 1}).inputs[0].kink


def _text(run) -> str:
    from tracer.render.terminal import render_terminal
    from tracer.views.checks import check_document

    return " ".join(render_terminal(check_document(run), width=400).split())


def test_steps_outside_the_domain_are_marked():
    run = run_check("sqrt(x)", {"x": 1e-3})
    assert run.inputs[0].differences[0].central is None  # x - 0.1 < 0


def test_one_output():
    with pytest.raises(NameProblem):
        run_check("a = x*2\nb = x + 1\n@output a, b", {"x": 1})


def test_swelling_programs_are_refused_quickly():
    import time

    from tracer.errors import TracerError

    program = "l1 = x\n" + "".join(f"l{k} = 4*l{k - 1}*(1 - l{k - 1})\n" for k in range(2, 30))
    start = time.perf_counter()
    with pytest.raises(TracerError, match="expression swell makes it too large"):
        run_check(program, {"x": 0.3})
    assert time.perf_counter() - start < 5


def test_a_derivative_with_no_value_is_a_clear_error():
    from tracer.errors import TracerError

    with pytest.raises(TracerError, match="not a finite real number at this point"):
        run_check("sign(x-1)", {"x": 1})


# --- swollen programs under the limit, points where sympy's formula has no value ---------------

def logistic(n: int) -> str:
    return "l1 = x\n" + "".join(f"l{k} = 4*l{k - 1}*(1 - l{k - 1})\n" for k in range(2, n + 1))


def test_twelve_logistic_iterates_are_checked():
    import sympy as sp

    from tracer.analysis import check as module

    run = run_check(logistic(12), {"x": 0.3})
    assert run.agrees
    (c,) = run.inputs
    assert c.symbolic == pytest.approx(c.reverse, rel=1e-12)
    assert c.operations > module.WRITTEN and c.formula is None  # counted, too long to write
    assert c.simplified_operations is None  # too large to simplify
    small = run_check(logistic(6), {"x": 0.3}).inputs[0]
    assert small.operations == sp.count_ops(small.formula)


def test_a_removable_singularity_is_its_limit():
    import sympy as sp

    from tracer.analysis.check import symbolic_value

    x = sp.Symbol("x", real=True)
    value, note = symbolic_value(sp.sin(x) / x, 3, {x: sp.Float(0, 50)}, x, "∂y/∂x")
    assert value == 1 and "undefined at this point (nan); its limit there, 1, is shown" in note


def test_zero_to_a_power_follows_the_convention():
    run = run_check("0^p*q", {"p": 0.2913, "q": 2})
    p, q = run.inputs
    assert (p.forward, p.reverse, p.symbolic) == (0, 0, None)
    assert "undefined at this point" in p.note and "autograd" in p.note
    assert all(d.forward_error == 0 for d in p.differences)  # against autodiff's 0
    assert q.symbolic == 0 and q.note is None
    assert run.agrees


def test_commands_agree_at_zero_bases(runner):
    import json

    from helpers import run

    for formula, at, slope in (("0^p", "p=0.2913", "p"), ("x^0", "x=0", "x"),
                               ("x^2+x", "x=0", "x")):
        check = run(runner, "check", formula, "--at", at, "-f", "json")
        assert check.exit_code == 0, check.stderr
        doc = json.loads(check.stdout)
        reverse = json.loads(run(runner, "reverse", formula, "--at", at, "-f", "json").stdout)
        taylor = json.loads(run(runner, "derivatives", formula, "--at", at, "--order", "3",
                                "-f", "json").stdout)
        hessian = json.loads(run(runner, "hessian", formula, "--at", at, "-f", "json").stdout)
        gradient = reverse["passes"][0]["result"]
        assert doc["autodiff"][slope] == gradient[slope] == taylor["derivatives"][1]
        assert hessian["hessian"][slope][slope] == taylor["derivatives"][2]
    text = run(runner, "check", "0^p", "--at", "p=0.2913").stdout
    assert "undefined here" in text and "where it is defined" in text


def test_a_dirac_delta_says_why():
    from tracer.errors import TracerError

    with pytest.raises(TracerError, match="Dirac delta at the jump"):
        run_check("step(x)*x + sign(x)", {"x": 0})


# --- limits, decided before the symbolic work ---------------------------------------------------

def no_derivative(*args, **kwargs):
    raise AssertionError("a derivative was taken")


def test_the_limits_are_decided_first(monkeypatch):
    from tracer.analysis import check as module
    from tracer.errors import LimitError

    monkeypatch.setattr(module.dag, "derivative", no_derivative)
    with pytest.raises(LimitError, match="tracer swell"):
        run_check(logistic(14), {"x": 0.3})
    wide = "y = " + " + ".join(f"x{i}*x{i + 1}" for i in range(40))
    point = {f"x{i}": 1 + i / 10 for i in range(41)}
    trace = pipeline.prepare(wide, point).trace
    monkeypatch.setattr(module, "SYMBOLIC_WORK", 41 * module.substituted_size(
        trace, trace.outputs[0][1]) - 1)
    with pytest.raises(LimitError, match="41 inputs, each with a symbolic derivative"):
        run_check(wide, point)
    monkeypatch.setattr(module, "SYMBOLIC_WORK", 10**9)
    monkeypatch.setattr(module, "DIFFERENCE_WORK", 1000)
    with pytest.raises(LimitError, match="finite differences for 41 inputs"):
        run_check(wide, point)


def test_large_derivatives_are_not_simplified():
    from tracer.output import text_of

    run = run_check(logistic(7), {"x": 0.3})
    assert run.inputs[0].simplified_operations is None
    assert "not attempted (above 400 operations)" in text_of(run, "markdown")


def test_hyperbolic_functions_of_sums_take_the_cheap_rewrites():
    """sympy's simplify of a small tanh network's derivative took 9 s an input (minutes as a
    three-step RNN program), of a two-unit tanh layer's 3 s (24 s to check it): a tanh over
    a sum or inside a tanh's argument is rewritten cheaply instead."""
    import sympy as sp

    from tracer.analysis.check import _hyperbolic_of_sums, simplified

    x, w, b = sp.symbols("x w b")
    net = sp.tanh(w * sp.tanh(w * sp.tanh(w * x + b) + b) + b)
    assert _hyperbolic_of_sums(net)
    assert _hyperbolic_of_sums(x * (1 - sp.tanh(w * x + b) ** 2))
    assert not _hyperbolic_of_sums(sp.sin(sp.sin(x)) + sp.tanh(x) * sp.tanh(w))
    assert not _hyperbolic_of_sums(1 - sp.tanh(w * x) ** 2)
    d = sp.diff(net, w)
    got = simplified(d, 30)
    assert got is not None
    point = {x: 0.5, w: 0.3, b: 0.1}
    assert float(got.subs(point)) == pytest.approx(float(d.subs(point)), rel=1e-12)
    program = "h = 0.0\nxs = [0.5, -0.2, 0.9]\nfor t in range(3):\n" \
        "    h = tanh(w*h + u*xs[t] + b)\ny = h"
    run = run_check(program, {"w": 0.3, "u": 0.5, "b": 0.1})
    assert run.agrees


# --- programs: the symbolic side is built from the trace -----------------------------------------

PROGRAMS = {
    "loop": ("s = 0\nfor i in range(4):\n    s = s + x*i + sin(x)\ny = s", {"x": 0.7}),
    "while on the input": ("y = x\nwhile y < 10:\n    y = y * 1.5 + x\nz = y", {"x": 0.9}),
    "if, else taken": ("if x > 1:\n    y = x^2\nelse:\n    y = -x^3\nz = y + exp(x)", {"x": 0.5}),
    "if, if taken": ("if x > 1:\n    y = x^2\nelse:\n    y = -x^3\nz = y + exp(x)", {"x": 1.5}),
    "def": ("def g(u, v):\n    w = u*v\n    return w + sin(u)\ny = g(x1, x2) + g(x2, x1)",
            {"x1": 0.3, "x2": 2}),
    "reassignment": ("y = x1\ny = y*x2\ny = y + log(y)\ny = y^2", {"x1": 1.5, "x2": 2}),
    "array": ("a = [x1, x2, x1*x2]\ns = 0\nfor i in range(3):\n    s = s + a[i]^2\ny = sqrt(s)",
              {"x1": 1, "x2": 2}),
    "def with if": ("def r(u):\n    if u > 0:\n        return u\n    return 0*u\n"
                    "y = r(x - 1) * x + r(-x)", {"x": 2.5}),
    "break": ("y = x\nfor i in range(10):\n    y = y * x\n    if y > 100:\n        break\nz = y",
              {"x": 2.2}),
    "nested calls": ("def sq(u):\n    return u*u\ndef f(u):\n    return sq(sq(u)) + sq(u)\n"
                     "y = f(x)", {"x": 1.3}),
    "constant folded in a loop": ("c = 1\nfor i in range(30):\n    c = c * 1.1\ny = c * x",
                                  {"x": 2}),
}


def rerun_slope(text: str, point: dict, output: str, x: str) -> float:
    """A central difference of the program run again (not the trace replayed) at x ± h."""
    h = 1e-6 * max(1.0, abs(point[x]))

    def at(d: float) -> float:
        return float(pipeline.prepare(text, {**point, x: point[x] + d}).outputs[output])

    return (at(h) - at(-h)) / (2 * h)


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_programs_with_loops_branches_calls_and_arrays_are_checked(name):
    text, point = PROGRAMS[name]
    run = run_check(text, point)
    assert run.agrees
    for c in run.inputs:
        assert c.symbolic == pytest.approx(c.reverse, rel=1e-12, abs=1e-12)
        assert c.symbolic == pytest.approx(rerun_slope(text, point, run.output, c.name),
                                           rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_example_is_checked(path):
    ev = pipeline.prepare(path.read_text(encoding="utf-8"))
    first = ev.trace.output_names[0]
    if len(ev.trace.outputs) > 1:
        ev = pipeline.prepare(path.read_text(encoding="utf-8"), outputs=[first])
    run = check(ev)
    assert run.agrees, run.disagreement()
    assert [c.name for c in run.inputs] == list(ev.trace.inputs)


def test_the_d2l_control_flow_example_is_the_derivative_of_its_path():
    run = run_check((EXAMPLES / "d2l-control-flow.txt").read_text())
    (a,) = run.inputs
    d = float(run.ev.outputs[run.output])
    a_value = float(run.ev.point["a"])
    assert a.symbolic == pytest.approx(d / a_value)  # d = k a on the path taken
    assert a.formula == 4096  # b doubled 11 times after b = 2a
    assert run.input_decisions == len(run.ev.trace.controls) > 0
    assert "derivative of the path taken at this point" in run.path_note()


def test_array_inputs_are_symbols_of_their_own():
    run = run_check("y = sum(v*v) + v[0]*v[2]", {"v": pipeline.parse_values("v=[1,2,3]")["v"]})
    assert [c.name for c in run.inputs] == ["v[0]", "v[1]", "v[2]"]
    assert [str(c.formula) for c in run.inputs] == ["2*v[0] + v[2]", "2*v[1]", "v[0] + 2*v[2]"]
    assert run.path_note() is None  # no decisions: nothing to say


def test_the_note_says_which_path_is_checked():
    fixed = run_check("s = 0\nfor i in range(3):\n    s = s + x^i", {"x": 2})
    assert fixed.input_decisions == 0
    assert "none of them on its inputs" in fixed.path_note()
    assert "the derivative checked is the program's" in fixed.path_note()
    some = run_check("s = 0\nfor i in range(3):\n    s = s + x^i\nif s > 1:\n    y = s\n"
                     "else:\n    y = -s", {"x": 2})
    assert some.input_decisions == 1
    assert "1 of its 4 decisions read them" in some.path_note()
    assert "derivative of the path taken at this point" in some.path_note()
    for run in (fixed, some):
        assert run.path_note().count(". ") == 0  # one sentence


PATH_PROGRAM = "if x > 1:\n    y = x^2\nelse:\n    y = -x^3"


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "latex", "html"])
def test_every_writer_carries_the_note(runner, fmt):
    from helpers import run

    result = run(runner, "check", PATH_PROGRAM, "--at", "x=0.5", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "derivative of the path taken at this point" in text


def test_the_json_carries_the_note(runner):
    import json

    from helpers import run

    result = run(runner, "check", PATH_PROGRAM, "--at", "x=0.5", "-f", "json")
    doc = json.loads(result.stdout)
    assert "derivative of the path taken at this point" in doc["note"]
    assert doc["input_decisions"] == 2
    assert [c["on_inputs"] for c in doc["controls"]] == [True, True]
    plain = json.loads(run(runner, "check", "x^2", "--at", "x=1", "-f", "json").stdout)
    assert "note" not in plain and plain["input_decisions"] == 0


def test_the_estimate_bounds_the_formula_sympy_builds():
    from tracer.analysis import dag
    from tracer.analysis.check import expression, substituted_size

    for turns in (1, 3, 6):
        text = f"y = x\nfor i in range({turns}):\n    y = y*y + sin(y)"
        ev = pipeline.prepare(text, {"x": 0.5})
        index = ev.trace.outputs[0][1]
        built = dag.operations(expression(ev.trace, index))  # a number: never repr a formula
        estimate = substituted_size(ev.trace, index)
        assert 0 < built <= estimate
        assert estimate >= 2 ** turns  # each turn reads y three times: it swells
    ev = pipeline.prepare("y = x\nfor i in range(60):\n    y = y*y + y", {"x": 0.01})
    assert substituted_size(ev.trace, ev.trace.outputs[0][1]) == 10 ** 15  # capped


def test_a_loop_that_swells_is_refused_before_sympy_builds_it(monkeypatch):
    from tracer.analysis import check as module
    from tracer.errors import LimitError

    monkeypatch.setattr(module, "expression", fail)
    with pytest.raises(LimitError, match="more than 10¹⁵ operations"):
        run_check("y = x\nfor i in range(49):\n    y = y*y + y", {"x": 0.01})
    with pytest.raises(LimitError, match="expression swell makes it too large"):
        run_check("y = x\nfor i in range(12):\n    y = 4*y*(1 - y)", {"x": 0.3})


def fail(*args, **kwargs):
    raise AssertionError("called after the limit should have refused")


def test_a_constant_folded_in_a_long_loop_is_its_number():
    run = run_check("c = 1\nfor i in range(1000):\n    c = c * 1.0001\ny = c*x", {"x": 0.3})
    (x,) = run.inputs
    assert run.agrees and x.symbolic == pytest.approx(1.0001 ** 1000)
    big = run_check("c = 1.0000001^1000000000\ny = c*x", {"x": 1})
    assert big.agrees


# --- infinite slopes: autodiff's ∞ against sympy's limit from where the function is defined ----

@pytest.mark.parametrize(("formula", "at", "side", "sign"), [
    ("sqrt(x)", {"x": 0}, "right", 1), ("asin(x)", {"x": 1}, "left", 1),
    ("acos(x)", {"x": -1}, "right", -1), ("x^(1/3)", {"x": 0}, "right", 1),
    ("sqrt(1-x)", {"x": 1}, "left", -1)])
def test_an_infinite_slope_agrees_when_both_say_so(formula, at, side, sign):
    run = run_check(formula, at)
    (c,) = run.inputs
    assert c.forward == c.reverse == c.symbolic == sign * float("inf")
    assert run.agrees and c.infinite
    assert f"limit from the {side}, where the function is defined" in c.note
    assert "infinite here" in c.note and "zero factor" not in c.note
    assert all(d.forward_error is None and d.central_error is None for d in c.differences)
    assert c.best("forward") is None


def test_an_infinite_slope_on_the_command_line(runner):
    from helpers import run

    done = run(runner, "check", "sqrt(x)", "--at", "x=0")
    assert done.exit_code == 0, done.stderr
    assert "the slope is infinite along x, and both say so" in done.stdout
    assert "no step gets close" in done.stdout and "◀" not in done.stdout
    assert "disagree" not in done.stdout + done.stderr
    plot = run(runner, "check", "sqrt(x)", "--at", "x=0", "--plot")
    assert plot.exit_code == 1 and plot.stdout == ""
    assert "along x is not a finite number here" in plot.stderr


def test_nan_by_the_convention_against_an_infinite_limit_disagrees():
    """2√x - √x at 0: autodiff's nan (+2∞ and -∞ meet) against the true slope +∞."""
    run = run_check("2*sqrt(x) - sqrt(x)", {"x": 0})
    (c,) = run.inputs
    assert c.symbolic == float("inf") and c.reverse != c.reverse and not run.agrees
    assert "both signs" in c.note
    assert "autodiff nan (forward nan), symbolic ∞" in run.disagreement()


def test_undefined_with_autodiff_infinite_or_nan_says_which_convention():
    from tracer.analysis.check import undefined_note

    steep = undefined_note("∂y/∂x", "zoo", float("-inf"))
    assert "autodiff's -∞ is an infinite slope" in steep and "zero factor" not in steep
    assert "both signs" in undefined_note("∂y/∂x", "zoo", float("nan"))
    assert "zero factor" in undefined_note("∂y/∂p", "nan", 0.0)


def test_sides_where_the_function_is_defined():
    from tracer.analysis.check import defined_sides

    for formula, at, sides in (("sqrt(x)", {"x": 0}, ("+",)), ("asin(x)", {"x": 1}, ("-",)),
                               ("x^2", {"x": 0}, ("+", "-"))):
        assert defined_sides(pipeline.prepare(formula, at), "x") == sides


def test_a_one_sided_limit_is_taken_only_from_the_defined_side():
    import sympy as sp

    from tracer.analysis.check import symbolic_value

    x = sp.Symbol("x", real=True)
    slope = sp.sign(x) / (2 * sp.sqrt(sp.Abs(x)))  # √|x|: +∞ from the right, -∞ from the left
    leaves = {x: sp.Float(0, 50)}
    assert symbolic_value(slope, 8, leaves, x, "∂y/∂x") == (None, None)
    value, note = symbolic_value(slope, 8, leaves, x, "∂y/∂x", lambda: ("-",))
    assert value == float("-inf") and "from the left" in note


def test_a_dirac_delta_away_from_its_jump_takes_no_limit():
    """asin(sign(x)) at 1: sympy's limit of 2 δ(x)/√(1 - sign(x)²) from the left does not
    finish; the zero factor gives autodiff's 0, compared with finite differences."""
    run = run_check("asin(sign(x))", {"x": 1})
    (c,) = run.inputs
    assert (c.forward, c.reverse, c.symbolic) == (0, 0, None) and run.agrees
    assert "zero factor" in c.note


def test_the_symbolic_side_is_at_the_float_autodiff_used():
    """Near a pole (tan at the float nearest π/2, 1.6e16) sympy evaluates at that float's own
    value, not at the decimal it prints as (off by 1e-17, which moved tan' by a factor 10)."""
    run = run_check("tan(x)", {"x": math.pi / 2})
    (c,) = run.inputs
    assert c.reverse > 1e32 and c.symbolic == pytest.approx(c.reverse, rel=1e-12)
    assert run.agrees


def test_a_tanh_layer_is_checked_without_sympys_simplify():
    """``tanh(W @ x + b)`` summed: eight derivatives, each with tanh of a sum (24 s before)."""
    run = run_check("h = tanh(W @ x + b); loss = h.sum()",
                    pipeline.parse_values("W=[[0.5,-0.2],[0.1,0.3]],x=[1,0.5],b=[0,0.1]"))
    assert run.agrees


def test_steps_are_relative_to_an_input_too_large_for_the_smallest_step_to_move():
    """At x = 10¹⁵ the floats are 0.125 apart: h = 0.01 … 10⁻¹² left x as it was, every
    difference 0 and every error 100%; there the steps are 10¹⁴ … 10³, exact powers of ten."""
    from tracer.analysis.check import step_power, steps_at

    assert step_power(3.0) == step_power(-4000.0) == step_power(0.0) == 0
    assert step_power(1e15) == 15 and step_power(-3e7) == 7
    assert steps_at(1e15) == tuple(10.0 ** k for k in range(14, 2, -1))
    run = check(pipeline.prepare("x^2", {"x": 1e15}))
    diffs = run.inputs[0].differences
    assert [d.h for d in diffs] == list(steps_at(1e15))
    assert all(d.forward != 0 for d in diffs)
    best = run.inputs[0].best("central")
    assert best is not None and abs(diffs[2].central_error) < 1  # 2x + 0 rounding


@pytest.mark.parametrize(("formula", "at", "says"), [
    ("sin(x)", 1.0, "The error first falls as h shrinks"),
    ("x^2", 1e-300, "The error falls as h shrinks, all the way to h = 1e-12"),
    ("3*x + 1", 2.0, "The error does not fall as h shrinks"),
    ("x^2", 1e15, "The steps are 10⁻ᵏ × 10¹⁵, relative to x's size"),
])
def test_the_note_on_the_errors_says_what_the_table_shows(formula, at, says):
    """It said "first falls, then rises" where the errors only fell (x^2 at 10⁻³⁰⁰) or
    never fell (a line, exact but for rounding)."""
    from tracer.render.terminal import render_terminal
    from tracer.views.checks import check_document

    text = render_terminal(check_document(check(pipeline.prepare(formula, {"x": at}))), width=400)
    assert says in " ".join(text.split())


@pytest.mark.parametrize(("formula", "at", "says"), [
    # a parabola: the forward errors fall then rise; the central ones, exact but for
    # rounding, only rise (the note said both first fall)
    ("x^2", 1.0, ["The error first falls as h shrinks for forward differences (truncation "
                  "error, of order h), then rises again (round-off: f(x + h) − f(x) cancels",
                  "The error does not fall as h shrinks for central differences: their "
                  "truncation error is below the round-off from the largest step on (central "
                  "differences of a line or a parabola are exact but for rounding)",
                  "f(x + h) − f(x − h) cancels more of the digits",
                  "The best steps here: h = 1e-08 forward, h = 0.1 central;"]),
    # steps relative to 10⁸: the forward errors fall all the way, the central ones turn
    ("sin(x)", 1e8, ["The error falls as h shrinks, all the way to h = 0.0001, for forward "
                     "differences (truncation error, of order h)",
                     "The error first falls as h shrinks for central differences (truncation "
                     "error, of order h²), then rises again"]),
    # relu at 0: forward differences 1 at every h (0.5 off sympy's 1/2), central ones 1/2
    # (0 off): two flat errors that differ are not "alike"
    ("relu(x)", 0.0, ["The error is 0.5 at every step for forward differences",
                      "The error is 0 at every step for central differences"]),
    # an even function at 0: every central difference is exact, none is best
    ("x^4", 0.0, ["The error is 0 at every step for central differences: they are exact here.",
                  "The best steps here: h = 1e-12 forward, any h central;"]),
])
def test_the_note_on_the_errors_tells_forward_and_central_apart_where_they_differ(
        formula, at, says):
    from tracer.render.terminal import render_terminal
    from tracer.views.checks import check_document

    text = render_terminal(check_document(check(pipeline.prepare(formula, {"x": at}))), width=400)
    text = " ".join(text.split())
    for said in says:
        assert said in text, said
    assert "of order h for forward and h² for central differences" not in text


def test_the_note_on_the_errors_is_one_sentence_where_they_agree():
    from tracer.render.terminal import render_terminal
    from tracer.views.checks import check_document

    text = render_terminal(check_document(check(pipeline.prepare("sin(x)", {"x": 1.0}))),
                           width=400)
    assert "shrinks for forward differences" not in text
    assert "shrinks for central differences" not in text
    assert "of order h for forward and h² for central differences" in " ".join(text.split())


def test_trig_over_a_high_power_is_not_given_to_sympys_simplify():
    """sympy's trigsimp expands sin's argument: the derivative of sin(((x²+1)²+1)²+1)/x
    simplified for minutes (and a loop squaring b four times before sin(b), for more than
    five); the sizes table takes the cheap rewrites there."""
    import sympy as sp

    from tracer.analysis.check import _degree, _trig_of_high_powers

    x, y = sp.symbols("x y")
    assert _degree((x**2 + 1)**4) == 8 and _degree(sp.sin(x)**2 * y) == 3
    assert _degree(x**sp.Rational(1, 2)) == 1 and _degree(sp.Integer(5)) == 0
    assert _trig_of_high_powers(sp.cos(((x**2 + 1)**2 + 1)**2) * x)
    assert _trig_of_high_powers(sp.sin((x*y + 1)**4))
    assert not _trig_of_high_powers(sp.sin((x**2 + 1)**3) / x)  # 1.3 s: still simplified
    assert not _trig_of_high_powers(sp.sin(x**2 + y) * sp.exp((x + 1)**9))
    run = check(pipeline.prepare("sin(((x^2+1)^2+1)^2+1)/x", {"x": 1.5}))
    assert run.agrees and run.inputs[0].simplified_operations is not None


def test_a_sum_of_150_inputs_is_checked_as_sympy_nests_it(runner):
    """sympy keeps x1 + … + x150 as one Add: it was refused as 149 operations deep."""
    from helpers import run

    formula = "+".join(f"x{i}" for i in range(1, 151))
    at = ",".join(f"x{i}={i}" for i in range(1, 151))
    result = run(runner, "check", formula, "--at", at)
    assert result.exit_code == 0, result.stderr
    assert "agrees with the symbolic derivative" in result.stdout
    product = check(pipeline.prepare("*".join(f"x{i}" for i in range(1, 121)),
                                     {f"x{i}": 1 for i in range(1, 121)}))
    assert len(product.inputs) == 120 and product.agrees


def test_a_slope_beyond_the_largest_float_is_not_called_infinite(runner):
    """10³⁰⁰ ln x at x = 10⁻³⁰⁰ has the slope 10⁶⁰⁰: finite, ∞ only as a float. check said
    "the slope is infinite along x, and both say so" and "the differences grow without bound";
    it now says the slope is beyond the largest float, an overflow."""
    from helpers import run

    (c,) = run_check("1e300*log(x)", {"x": 1e-300}).inputs
    assert c.forward == c.reverse == c.symbolic == math.inf and c.agrees
    assert c.beyond and not c.infinite and "1.0000e+600" in c.note
    done = run(runner, "check", "1e300*log(x)", "--at", "x=1e-300")
    assert done.exit_code == 0, done.stderr
    assert "infinite along" not in done.stdout and "grow without bound" not in done.stdout
    assert "the slope along x is finite but beyond the largest float, so both are ∞ (an " \
           "overflow, not an infinite slope)." in done.stdout
    assert "(1 operation: too long to show)" in done.stdout
    (steep,) = run_check("sqrt(x)", {"x": 0}).inputs
    assert steep.infinite and not steep.beyond


def test_a_trig_function_to_a_huge_power_is_not_given_to_sympys_simplify():
    """sympy's simplify writes sin(x)^n out as n factors: check "sin(x)^1e10" ended in a
    MemoryError ("the input is too large for tracer to handle"; in the API, a MemoryError),
    sin(x)^1e7 ran for minutes, sin(x)^1e5 took 8 s. The cheap rewrites take ms."""
    import time

    import sympy as sp

    from tracer.analysis.check import TRIG_POWER, _trig_of_high_powers

    x = sp.Symbol("x")
    assert _trig_of_high_powers(sp.sin(x) ** (TRIG_POWER + 1) * sp.cos(x))
    assert _trig_of_high_powers(sp.cosh(x) ** -(10**7))
    assert not _trig_of_high_powers(sp.sin(x) ** TRIG_POWER) and not _trig_of_high_powers(
        x ** (10**7))
    start = time.perf_counter()
    for power in ("1e10", "1e7"):
        run = run_check(f"sin(x)^{power}", {"x": 1})
        assert run.agrees and run.inputs[0].simplified_operations is not None
    assert time.perf_counter() - start < 20  # 0.1 s; minutes, then a MemoryError, before


def test_a_step_whose_output_overflows_is_told_from_one_outside_the_domain():
    """x^308 at 9.99: the step h = 0.1 reaches 10.09^308, too large for a float; it was called
    "outside the domain", as sqrt's step below 0 is."""
    from tracer.output import text_of

    run = check(pipeline.prepare("x^308", {"x": 9.99}))
    first = run.inputs[0].differences[0]
    assert (first.h, first.forward, first.forward_gap, first.central_gap) == \
        (0.1, None, "overflows", "overflows")
    assert all(d.forward_gap == d.central_gap == "" for d in run.inputs[0].differences[1:])
    table = text_of(run, "markdown")
    assert "overflows" in table and "outside the domain" not in table
    near = check(pipeline.prepare("sqrt(x)", {"x": 0.05})).inputs[0].differences[0]
    assert (near.forward_gap, near.central, near.central_gap) == ("", None, "outside the domain")


@pytest.mark.parametrize(("formula", "at"), [("x/x", 1e-10), ("sin(x)/x", 1e-10)])
def test_a_derivative_that_cancels_is_measured_against_the_terms_it_sums(formula, at):
    """x/x at 1e-10 sums 1/x = 1e10 and -x/x² = -1e10: autodiff's 0 comes out as 1.9e-6, one
    rounding of 1e10, and against sympy's 0 (within 1e-9) check exited 1, 'autodiff and the
    symbolic derivative disagree'. Rounding is relative to the terms' size, 2e10."""
    run = run_check(formula, {"x": at})
    (c,) = run.inputs
    assert c.reverse != c.symbolic and abs(c.reverse - c.symbolic) > 1e-9
    assert c.size == pytest.approx(2e10, rel=1e-6)
    assert run.agrees and c.by_size
    assert "along x (2e+10) within 1e-13 of the size of the terms its sweep added" in \
        _text(run)
    exact = run_check(formula, {"x": 3})
    assert exact.agrees and not exact.inputs[0].by_size
    assert "its sweep added" not in _text(exact)


def test_the_size_of_the_terms_does_not_hide_a_wrong_value():
    """The size scales the rounding only: a value off by more than 1e-9 of the terms summed
    still disagrees, and an infinite size (sqrt at 0) is no scale at all."""
    from dataclasses import replace

    c = run_check("x/x", {"x": 1e-10}).inputs[0]
    assert not replace(c, reverse=c.reverse + 1e3, forward=c.forward + 1e3).agrees
    assert not replace(c, size=math.inf).agrees


def test_an_exact_check_of_a_deep_program_reads_autodiffs_numbers_part_by_part():
    """tracer check --exact of three steps of s = sqrt(log(s + 3) + s*s) took 128 s (30 s on
    a quiet machine): sympy's float() of each exact adjoint and partial walked every repeat
    of the parts below. They are worked out part by part (exact.to_float): about a second."""
    import time

    program = "s = x\nfor i in range(3):\n    s = sqrt(log(s + 3) + s*s)\ny = s"
    begun = time.process_time()
    run = check(pipeline.prepare(program, {"x": 2}, exact=True))
    assert time.process_time() - begun < 15
    floats = check(pipeline.prepare(program, {"x": 2}))
    assert run.agrees and run.inputs[0].reverse == run.inputs[0].forward  # one exact value
    assert run.inputs[0].reverse == pytest.approx(floats.inputs[0].reverse, rel=1e-15)


def _verdict(run, fmt: str, digits: int = 4) -> str:
    """The closing sentence of a check as a writer gives it (its last line with "agree")."""
    from tracer.render.html import render_html
    from tracer.render.latex import render_latex
    from tracer.render.markdown import render_markdown
    from tracer.render.terminal import render_terminal
    from tracer.views.checks import check_document

    doc = check_document(run, views.ViewOptions(digits=digits))
    text = {"terminal": lambda: render_terminal(doc, digits, width=400),
            "latex": lambda: render_latex(doc, digits), "html": lambda: render_html(doc, digits),
            "markdown": lambda: render_markdown(doc, digits)}[fmt]()
    return [line for line in text.splitlines() if "agree" in line][-1]


def test_the_verdicts_numbers_are_typeset_as_the_tables_numbers():
    """The verdict wrote 1e-09 and 2e+10 as text in LaTeX, Markdown and HTML, where the
    tables beside it typeset 1 × 10⁻⁹: its numbers are now the writer's to format."""
    run = run_check("x/x", {"x": 1e-10})
    assert "to within 1e-09 (relative) for every input; along x (2e+10) within 1e-13" in \
        _verdict(run, "terminal")
    tex = _verdict(run, "latex")
    assert r"to within $1 \times 10^{-9}$ (relative) for every input; along x " \
        r"($2 \times 10^{10}$) within $1 \times 10^{-13}$ of the size" in tex
    assert "e-09" not in tex and "e+10" not in tex
    assert tex.startswith(r"\noindent {\bfseries Autodiff agrees") and tex.endswith("more.}")
    md = _verdict(run, "markdown")
    assert md.startswith("**Autodiff agrees") and md.endswith("more.**")
    assert r"$1 \times 10^{-9}$" in md and r"($2 \times 10^{10}$)" in md
    page = _verdict(run, "html")
    assert 'data-exp="−9"' in page and "<msup><mn>10</mn><mn>10</mn></msup>" in page
    assert "2e+10" not in page


@pytest.mark.parametrize(("digits", "size"), [(2, "2.5e+10"), (4, "2.469e+10"),
                                              (6, "2.469e+10")])
def test_the_verdicts_size_of_the_terms_follows_digits(digits, size):
    """The size was written .2g whatever --digits asked (2.5e+10 at 6 digits)."""
    run = run_check("1.2345*x/x", {"x": 1e-10})
    assert run.agrees and run.inputs[0].by_size
    assert f"along x ({size}) within" in _verdict(run, "terminal", digits)


def test_the_notes_numbers_are_typeset_as_the_tables_numbers():
    """The note on the errors wrote h = 1e-08 and the input's size 1e+15 as text in LaTeX."""
    from tracer.render.latex import render_latex
    from tracer.views.checks import check_document

    tex = render_latex(check_document(run_check("x^2", {"x": 1.0})))
    assert r"The best steps here: h = $1 \times 10^{-8}$ forward, h = $0.1$ central" in tex
    tex = render_latex(check_document(run_check("sqrt(x)", {"x": 1e15})))
    assert r"at $1 \times 10^{15}$ the floats are $0.125$ apart" in tex
    assert "1e+15" not in tex and "e-0" not in tex


def test_a_disagreement_is_a_sentence_of_math_in_every_writer():
    """autodiff's nan against sympy's ∞: LaTeX's \\infty and \\mathrm{nan}, not the text ∞
    pdflatex cannot set; the numbers to 12 digits, so two that differ look different."""
    run = run_check("2*sqrt(x) - sqrt(x)", {"x": 0})
    assert "Autodiff and the symbolic derivative disagree: ∂y/∂x: autodiff nan (forward nan), " \
        "symbolic ∞ (at a non-differentiable point" in _verdict(run, "terminal")
    assert r"autodiff $\mathrm{nan}$ (forward $\mathrm{nan}$), symbolic $\infty$" in \
        _verdict(run, "latex")
    from dataclasses import replace

    c = run.inputs[0]
    off = replace(run, inputs=(replace(c, reverse=1.23456789012345e300,
                                       forward=1.23456789012345e300, symbolic=1.2345e300),))
    assert r"autodiff $1.23456789012 \times 10^{300}$" in _verdict(off, "latex")
    assert "symbolic 1.2345e+300" in _verdict(off, "terminal")


def test_a_notes_numbers_are_typeset_as_the_tables_numbers():
    """sympy's 10⁶⁰⁰ beyond the largest float: the note wrote 1.0000e+600 and 1.8e+308 as
    text in LaTeX and HTML; its numbers are math now, their digits as the analysis wrote them."""
    from tracer.render.html import render_html
    from tracer.render.latex import render_latex
    from tracer.views.checks import _note_items, check_document

    doc = check_document(run_check("1e300*log(x)", {"x": 1e-300}))
    tex = render_latex(doc)
    assert r"is $1.0000 \times 10^{600}$: finite, but beyond the largest float (about " \
        r"$1.8 \times 10^{308}$)" in tex and "e+600" not in tex
    assert "<msup><mn>10</mn><mn>600</mn></msup>" in render_html(doc)
    assert "1.0000e+600: finite" in _text(run_check("1e300*log(x)", {"x": 1e-300}))
    assert _note_items("x1e+5 and 2.5e-3") == ("x1e+5 and ", Math((Num(2.5e-3, "2.5e-3"),)))
