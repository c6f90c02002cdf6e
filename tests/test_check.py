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
