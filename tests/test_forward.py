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


def test_a_zero_partial_cuts_a_path_through_an_infinite_slope():
    # v̇ of √x at 0 is ∞; the factor 0 takes it out: 0, not ∞ × 0 = nan
    ev = pipeline.prepare("sqrt(x)*0 + x", {"x": 0})
    assert pipeline.run_forward(ev).passes[0].result == {"y": 1}
    ev = pipeline.prepare("asin(sign(x))", {"x": 1})
    assert pipeline.run_forward(ev).passes[0].result == {"y": 0}


def test_paths_through_an_infinite_slope_add_by_sign():
    def slope(source: str) -> float:
        return pipeline.run_forward(pipeline.prepare(source, {"x": 0})).passes[0].result["y"]

    assert slope("sqrt(x) + 3*sqrt(x)") == math.inf
    assert slope("-sqrt(x) + x") == -math.inf
    assert math.isnan(slope("2*sqrt(x) - sqrt(x)"))  # +∞ and -∞ paths: undefined
    assert math.isnan(slope("sqrt(x - x)"))  # a tangent 1 - 1: two paths, still


def test_an_infinite_seed_follows_the_same_convention():
    ev = pipeline.prepare("x*0 + y", {"x": 1, "y": 2})
    assert forward(ev, {"x": math.inf, "y": 1})[-1] == 1  # the factor 0 cuts ∞ too


def test_exact_mode_follows_the_same_convention():
    ev = pipeline.prepare("sqrt(x)*0 + x", {"x": 0}, exact=True)
    assert pipeline.run_forward(ev).passes[0].result["y"] == 1
    ev = pipeline.prepare("sqrt(x - x) + x", {"x": 0}, exact=True)
    assert str(pipeline.run_forward(ev).passes[0].result["y"]) == "nan"
