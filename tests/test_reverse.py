"""Reverse mode: Table 3, accumulation into shared rows, seeds."""

from __future__ import annotations

import pytest

from tracer import pipeline
from tracer.core.reverse import results, reverse


def test_table_3_adjoints():
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    adjoints = reverse(ev, {"y": 1})
    assert adjoints == pytest.approx((-13 / 3, 4, 1, -1, 1, 1))
    assert results(ev, adjoints) == {"x1": pytest.approx(-13 / 3), "x2": 4}


def test_a_row_used_twice_accumulates_two_contributions():
    ev = pipeline.prepare("sin(x*y) + cos(x*y)", {"x": 0.5, "y": 2})
    adjoints = reverse(ev, {"y": 1}) if False else reverse(ev, {"f": 1})
    import math

    assert adjoints[ev.trace.position(1)] == pytest.approx(math.cos(1) - math.sin(1))


def test_seed_scales_the_gradient():
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    run = pipeline.run_reverse(ev, {"y": 2})
    assert run.passes[0].result == {"x1": pytest.approx(-26 / 3), "x2": 8}
    assert run.jacobian is None


def test_reverse_and_forward_agree_on_the_gradient():
    ev = pipeline.prepare("x1^2*x2 + sin(x1)", {"x1": 1, "x2": 2})
    rev = pipeline.run_reverse(ev).jacobian
    fwd = pipeline.run_forward(ev).jacobian
    assert rev == {"y": {"x1": pytest.approx(4.5403023), "x2": pytest.approx(1)}}
    assert rev["y"] == pytest.approx(fwd["y"])


def test_seed_names_must_be_outputs():
    from tracer.errors import NameProblem

    ev = pipeline.prepare("x*2", {"x": 1})
    with pytest.raises(NameProblem, match="--seed: x is not an output"):
        pipeline.run_reverse(ev, {"x": 1})


def test_a_zero_partial_cuts_a_path_through_an_infinite_slope():
    # v̄ of sign(x) would be ∞ (through asin at 1); sign's slope 0 takes it out: 0, not nan
    ev = pipeline.prepare("asin(sign(x))", {"x": 1})
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 0}
    ev = pipeline.prepare("sqrt(x)*0 + x", {"x": 0})
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 1}


def test_paths_through_an_infinite_slope_add_by_sign():
    import math

    def slope(source: str) -> float:
        return pipeline.run_reverse(pipeline.prepare(source, {"x": 0})).passes[0].result["x"]

    assert slope("sqrt(x) + 3*sqrt(x)") == math.inf
    assert slope("-sqrt(x) + x") == -math.inf
    # v̄ of √x is 2 - 1 = 1, yet its paths are +2∞ and -∞: undefined, as forward mode says
    assert math.isnan(slope("2*sqrt(x) - sqrt(x)"))
    assert math.isnan(slope("sqrt(x - x)"))


@pytest.mark.parametrize("source", [
    "x1*x2+x2-log(x1)", "asin(sign(x1)) + x2", "2*sqrt(x1) - sqrt(x1) + x2",
    "sqrt(x1)*0 + x1*x2", "sqrt(x1 - x1) + x2", "sqrt(x1)*x2 + sqrt(x1)",
])
def test_the_contributions_add_up_to_the_adjoints(source):
    """What the backward sweep's += lines show, summed per row in sweep order, is the
    adjoint column, infinite slopes and all."""
    import math

    from tracer.core.reverse import contributions

    ev = pipeline.prepare(source, {"x1": 0 if "sqrt" in source else 1, "x2": 1})
    seed = {"y": 1}
    column = reverse(ev, seed)
    trace = ev.trace
    running = [0.0] * len(column)
    running[trace.position(trace.outputs[0][1])] = 1.0
    for (i, k), amount in contributions(ev, seed).items():
        j = trace.equation(i).args[k]
        running[trace.position(j)] += amount
    for ours, theirs in zip(running, column, strict=True):
        assert ours == theirs or (math.isnan(ours) and math.isnan(theirs)), source
