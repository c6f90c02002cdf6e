"""tracer check: autodiff, the symbolic derivative and finite differences side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracer import pipeline
from tracer.analysis.check import STEPS, check, sizes
from tracer.core.parse import parse
from tracer.errors import NameProblem

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run_check(text: str, point: dict | None = None):
    program = parse(text)
    return check(program, pipeline.prepare(program, point))


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


def test_kinks_may_disagree_and_say_why():
    run = run_check("relu(x)", {"x": 0})
    assert not run.agrees
    assert "conventions differ" in run.disagreement()


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
    monkeypatch.setattr(module, "SYMBOLIC_WORK", 41 * module.substituted_size(
        parse(wide), "y") - 1)
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
