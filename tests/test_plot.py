"""tracer plot's numbers (tracer/analysis/plot.py): every derivative by autodiff, gaps where
the curve is undefined or breaks, and the work bounded up front."""

from __future__ import annotations

import json
import math

import pytest
from helpers import run

from tracer.analysis.plot import parse_over, plot
from tracer.errors import LimitError, NameProblem, TracerError


def _json(runner, *args: str) -> dict:
    result = run(runner, "plot", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_sin_derivative_is_cos_at_every_sample(runner):
    data = _json(runner, "sin(x)", "--over", "x=-2*pi..2*pi")
    samples = data["samples"]
    assert len(samples) == 400
    assert samples[0]["x"] == pytest.approx(-2 * math.pi)
    for s in samples:
        assert s["value"] == pytest.approx(math.sin(s["x"]), abs=1e-15)
        assert s["derivatives"][0] == pytest.approx(math.cos(s["x"]), abs=1e-15)


def test_the_lectures_cube_with_three_derivatives(runner):
    data = _json(runner, "x^3", "--over", "x=-2..2", "--order", "3", "--samples", "9")
    for s in data["samples"]:
        x = s["x"]
        assert s["derivatives"] == pytest.approx([3 * x**2, 6 * x, 6], abs=1e-12)


def test_marked_point_has_value_and_tangent(runner):
    data = _json(runner, "sin(x)", "--over", "x=-2*pi..2*pi", "--at", "x=pi/3")
    mark = data["mark"]
    assert mark["value"] == pytest.approx(math.sqrt(3) / 2)
    assert mark["derivatives"][0] == pytest.approx(0.5)
    assert mark["tangent"]["slope"] == pytest.approx(0.5)
    assert mark["tangent"]["intercept"] == pytest.approx(math.sqrt(3) / 2 - math.pi / 6)


def test_two_inputs_gradient_at_the_lectures_point(runner):
    data = _json(runner, "x1^2*x2 + sin(x1)", "--over", "x1=-1..3,x2=0..4",
                 "--at", "x1=1,x2=2")
    assert data["mark"]["value"] == pytest.approx(2.8415, abs=1e-4)
    assert data["mark"]["gradient"] == pytest.approx([4.5403, 1.0], abs=1e-4)
    assert len(data["grid"]) == 41 * 41
    for g in data["grid"][::97]:
        x1, x2 = g["x1"], g["x2"]
        assert g["gradient"] == pytest.approx([2 * x1 * x2 + math.cos(x1), x1**2], abs=1e-12)


def test_log_outside_its_domain_is_null(runner):
    data = _json(runner, "log(x)", "--over", "x=-1..3", "--samples", "41")
    for s in data["samples"]:
        if s["x"] <= 0:
            assert s["value"] is None and s["derivatives"] == [None]
        else:
            assert s["value"] == pytest.approx(math.log(s["x"]))


def _joined_across(p, k: int, at: float) -> bool:
    """Is curve k drawn as one line across x = at?"""
    return any(run[0][0] < at < run[-1][0] for run in p.segments(k))


@pytest.mark.parametrize("over", ["x=-2*pi..2*pi", "x=-5..4.3", "x=-1.3..1.9"])
def test_tan_breaks_at_every_pole_for_f_and_its_derivatives(over):
    p = plot("tan(x)", over, order=2)
    low, high = parse_over(over)["x"]
    poles = [k * math.pi + math.pi / 2 for k in range(-3, 3)
             if low < k * math.pi + math.pi / 2 < high]
    assert poles
    for k in range(3):
        for pole in poles:
            assert not _joined_across(p, k, pole), (k, pole)
        window = p.limits[k]
        assert window is not None and window[1] - window[0] < 1e6  # not flattened by the pole
    # between the poles, the line is whole
    assert _joined_across(p, 0, 0.0) or not low < 0 < high


def test_abs_joins_f_and_breaks_its_derivative_at_the_kink():
    for over in ("x=-1..2", "x=-1..2.01", "x=-0.77..1.3"):
        p = plot("abs(x)", over)
        assert _joined_across(p, 0, 0.0)
        assert not _joined_across(p, 1, 0.0)


def test_steps_and_cuts_break_but_steep_curves_do_not():
    assert not _joined_across(plot("sign(x) + x", "x=-1..1.3"), 0, 0.0)
    assert not _joined_across(plot("atan2(x, -1)", "x=-1..1.1"), 0, 0.0)
    assert _joined_across(plot("tanh(50*x)", "x=-1..1.1"), 0, 0.0)
    assert _joined_across(plot("exp(x)", "x=0..10"), 0, 5.0)


def test_poles_without_a_sign_change_break():
    for over in ("x=-1..1", "x=-1..1.3", "x=-0.9..1"):
        p = plot("1/x^2", over, order=1)
        assert not _joined_across(p, 0, 0.0), over
        assert not _joined_across(p, 1, 0.0), over


def test_marked_point_outside_the_range_is_noted():
    p = plot("sin(x)", "x=0..1", {"x": 3.0})
    assert p.mark is not None and "outside" in p.warnings[0]


def test_other_inputs_come_from_at():
    p = plot("a*x^2", "x=-1..1", {"a": 3.0}, samples=5)
    assert [s.derivatives[0] for s in p.samples] == pytest.approx([-6, -3, 0, 3, 6])
    with pytest.raises(NameProblem, match="no value for a"):
        plot("a*x^2", "x=-1..1")
    with pytest.raises(NameProblem, match="--over: z is not an input"):
        plot("a*x^2", "z=-1..1", {"a": 1})


def test_program_with_wrt_picks_the_plotted_input():
    p = plot("u = a*x; y = sin(u)", None, {"a": 2.0, "x": 0.5}, wrt="x")
    assert p.kind == "curve" and (p.low, p.high) == (-4.5, 5.5)
    assert p.mark.derivatives[0] == pytest.approx(2 * math.cos(1.0))


@pytest.mark.parametrize("text", ["x", "x=1", "x=3..1", "x=1..inf", "x=..2", "x=a..2"])
def test_bad_ranges_are_refused(text):
    with pytest.raises(TracerError):
        parse_over(text)


def test_ranges_accept_constant_expressions_with_commas():
    assert parse_over("x=log(8, 2)..4, y=-pi..pi") == {"x": (pytest.approx(3.0), 4.0),
                                                        "y": (-math.pi, math.pi)}


def test_limits_refuse_up_front(runner):
    with pytest.raises(LimitError, match="--samples"):
        plot("sin(x)", "x=0..1", samples=10**6)
    with pytest.raises(LimitError, match="--samples"):
        plot("x*y", "x=0..1,y=0..1", samples=1000)
    big = " + ".join(f"sin({k}*x)" for k in range(1, 200))
    with pytest.raises(LimitError, match="row-sweeps"):
        plot(big, "x=0..1", order=6)
    result = run(runner, "plot", big, "--over", "x=0..1", "-n", "6")
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
    assert "--samples" in result.stderr


def test_order_is_for_one_input():
    with pytest.raises(TracerError, match="one input"):
        plot("x*y", "x=0..1,y=0..1", order=2)


def test_three_inputs_need_over(runner):
    result = run(runner, "plot", "x*y*z", "--at", "x=1,y=2,z=3")
    assert result.exit_code == 1
    assert "--over" in result.stderr


def test_json_keeps_nulls_and_is_strict(runner):
    result = run(runner, "plot", "sqrt(x)", "--over", "x=-1..1", "--samples", "5", "-f", "json")
    data = json.loads(result.stdout)  # strict: no NaN or Infinity
    assert [s["value"] for s in data["samples"]][:2] == [None, None]
    assert data["samples"][2]["derivatives"] == [None]  # the slope of sqrt at 0 is infinite
