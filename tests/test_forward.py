"""Forward mode: Table 2, unit and directional seeds, the Jacobian-vector product."""

from __future__ import annotations

import math

import pytest

from tracer import pipeline
from tracer.core.forward import forward, results


def test_table_2_tangents():
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    assert forward(ev, {"x2": 1}) == (0, 1, 3, 0, 4, 4)
    assert forward(ev, {"x1": 1}) == pytest.approx((1, 0, -4, 1 / 3, -4, -13 / 3))


def test_directional_derivative_is_the_gradient_dotted_with_the_seed():
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    tangents = forward(ev, {"x1": 0.5, "x2": 1})
    assert results(ev, tangents) == {"y": pytest.approx(0.5 * -13 / 3 + 4)}


def test_one_pass_per_input_assembles_the_gradient():
    run = pipeline.run_forward(pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}))
    assert len(run.passes) == 2
    assert run.jacobian == {"y": {"x1": pytest.approx(-13 / 3), "x2": 4}}


def test_wrt_and_seed_choose_the_passes():
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    run = pipeline.run_forward(ev, wrt=["x2"])
    assert [p.seed for p in run.passes] == [{"x1": 0, "x2": 1}] and run.jacobian is None
    run = pipeline.run_forward(ev, seed={"x1": 2})
    assert run.passes[0].seed == {"x1": 2, "x2": 0}


def test_sin_at_pi_over_3():
    ev = pipeline.prepare("sin(x)", {"x": math.pi / 3})
    assert pipeline.run_forward(ev).passes[0].result["y"] == pytest.approx(0.5)


def test_a_zero_tangent_crosses_an_infinite_slope_as_zero():
    ev = pipeline.prepare("sqrt(x) + y", {"x": 0, "y": 1})
    assert forward(ev, {"y": 1})[-1] == 1
