"""tracer plot's numbers (tracer/analysis/plot.py): every derivative by autodiff, gaps where
the curve is undefined or breaks, and the work bounded up front."""

from __future__ import annotations

import json
import math
import re

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


def test_a_program_plots_when_its_path_does_not_depend_on_the_plotted_input(runner):
    """A loop on a counter plots (one path everywhere); a decision on the plotted input is
    refused with its line, never "give it with --at" when --at gives it."""
    looped = plot("y = x\nfor i in range(3):\n    y = y*x + i", "x=-2..2")
    assert looped.samples[-1].value == pytest.approx(((2 * 2 + 0) * 2 + 1) * 2 + 2)
    piecewise = "if x > 0:\n    y = x*x\nelse:\n    y = -x"
    for at in ({"x": 1}, None):
        with pytest.raises(TracerError, match="this decision reads the inputs") as info:
            plot(piecewise, "x=-2..2", at)
        assert info.value.where()[0] == 1
    result = run(runner, "plot", piecewise, "--over", "x=-2..2", "--at", "x=1")
    assert result.exit_code == 1 and "this decision reads the inputs" in result.stderr
    assert "give it with --at" not in result.stderr


def test_a_decision_on_an_input_fixed_by_at_plots_its_path():
    """A decision on an input held fixed (given with --at, not plotted) takes one path over
    the whole range: that path is plotted; one reached through rows of the plotted input is
    refused."""
    program = "s = a*a\nif s > 1:\n    y = x*x\nelse:\n    y = -x"
    taken = plot(program, "x=-1..1", {"a": 2.0}, samples=3)
    assert [q.value for q in taken.samples] == pytest.approx([1, 0, 1])
    other = plot(program, "x=-1..1", {"a": 0.5}, samples=3)
    assert [q.value for q in other.samples] == pytest.approx([1, 0, -1])
    through = "s = a*x\nt = s + 1\nif t > 1:\n    y = x*x\nelse:\n    y = -x"
    with pytest.raises(TracerError, match="this decision reads the inputs") as info:
        plot(through, "x=-1..1", {"a": 2.0})
    assert info.value.where()[0] == 3


def test_array_inputs_are_refused_in_one_line(runner):
    import tracer

    result = run(runner, "plot", "sum(w*x)", "--at", "w=[1,2],x=[3,4]")
    assert result.exit_code == 1 and "w is an array: tracer plot draws a formula" in result.stderr
    with pytest.raises(NameProblem, match="w is an array"):
        tracer.trace("sum(w*x)", {"w": [1, 2], "x": [3, 4]}).plot()


def test_program_with_wrt_picks_the_plotted_input():
    p = plot("u = a*x; y = sin(u)", None, {"a": 2.0, "x": 0.5}, wrt="x")
    assert p.kind == "curve" and (p.low, p.high) == (-4.5, 5.5)
    assert p.mark.derivatives[0] == pytest.approx(2 * math.cos(1.0))


@pytest.mark.parametrize("text", ["x", "x=1", "x=3..1", "x=1..inf", "x=..2", "x=a..2"])
def test_bad_ranges_are_refused(text):
    with pytest.raises(TracerError):
        parse_over(text)


@pytest.mark.parametrize("text, said", [("x=0..inf", "inf is not a constant"),
                                        ("x=0..1..2", "malformed number '1..2'")])
def test_a_bound_that_does_not_read_names_the_option(text, said):
    with pytest.raises(TracerError, match=re.escape(f"--over: the range of x: {said}")):
        parse_over(text)


def test_a_range_with_three_dots_is_refused_not_read_as_a_tenth():
    """``x=0...1`` read as 0 .. .1 plotted a tenth of what was meant."""
    with pytest.raises(TracerError, match=r"three dots; write LOW\.\.HIGH with two"):
        parse_over("x=0...1")
    assert parse_over("x=0. ..1") == {"x": (0.0, 1.0)}


@pytest.mark.parametrize("formula, over, reason", [
    ("log(x)", "x=-2..-1", "at x = -1.5: .*log needs a positive argument"),
    ("1/(x - x)", "x=0..1", "at x = 0.5: .*division by zero"),
    ("sqrt(x) + y", "x=-2..-1,y=0..1", "at x = -1.5, y = 0.5: .*sqrt needs"),
])
def test_a_plot_with_no_value_anywhere_is_refused_with_the_reason(runner, tmp_path, formula,
                                                                   over, reason):
    """An empty picture (exit 0, and matplotlib's warning about an empty legend) was drawn."""
    with pytest.raises(TracerError, match=f"no finite value anywhere in x = .*{reason}"):
        plot(formula, over)
    result = run(runner, "plot", formula, "--over", over, "-o", str(tmp_path / "e.png"))
    assert result.exit_code == 1 and not (tmp_path / "e.png").exists()
    assert result.stderr.startswith("error: ") and "choose a range where it is defined" in \
        result.stderr


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


# --- breaks come from the function, not from coarse samples ----------------------------------

FEW_AND_MANY = [2, 3, 4, 5, 7, 12, 40, 400]


def _expected_cuts(p, singular: list[float], ends: bool = False) -> set[int]:
    """The segments (after sample i) that hold one of the ``singular`` points (``ends``: also
    those that end on one, where a sample falls on it)."""
    xs = [s.x for s in p.samples]
    if ends:
        return {i for i in range(len(xs) - 1) for z in singular if xs[i] <= z <= xs[i + 1]}
    return {i for i in range(len(xs) - 1) for z in singular if xs[i] < z < xs[i + 1]}


@pytest.mark.parametrize("samples", FEW_AND_MANY)
@pytest.mark.parametrize("formula, over", [
    ("sin(x)", "x=-3..3"), ("exp(x)*cos(3*x)", "x=-3..3"), ("x^3 - 2*x", "x=-2..2"),
    ("tanh(50*x)", "x=-1..1.1"), ("atan(x) + sigmoid(x)", "x=-5..5"),
    ("1/(x^2 + 1e-3)", "x=-1..1.3"), ("sqrt(x^2 + 1)", "x=-2..2"), ("log(x^2 + 1)", "x=-2..2"),
    ("tan(x)", "x=-1.5..1.5"), ("1/x", "x=0.5..3"), ("abs(x) + x", "x=1..2"),
])
def test_smooth_curves_never_break(formula, over, samples):
    """A coarse sin′ rises steeply from sample to sample (the old false break): a curve
    breaks only where the function does, whatever the samples."""
    p = plot(formula, over, order=2, samples=samples)
    assert p.breaks == ((), (), ()), (formula, samples, p.breaks)
    assert not p.warnings


@pytest.mark.parametrize("samples", FEW_AND_MANY)
@pytest.mark.parametrize("formula, over, singular, curves", [
    ("1/x", "x=-1..1.3", [0.0], (0, 1, 2)),
    ("tan(x)", "x=-5..4.3", [-3 * math.pi / 2, -math.pi / 2, math.pi / 2], (0, 1, 2)),
    ("tan(x)", "x=-2*pi..2*pi", [k * math.pi + math.pi / 2 for k in range(-2, 2)], (0, 1)),
    ("abs(x)", "x=-1..2.01", [0.0], (1,)),
    ("abs(x - 0.3) * x", "x=-1..2.01", [0.3], (1,)),
    ("sign(x) + x", "x=-1..1.3", [0.0], (0,)),
    ("atan2(x, -1)", "x=-1..1.1", [0.0], (0,)),
    ("1/x^2", "x=-1..1.3", [0.0], (0, 1)),
    ("log(x^2)", "x=-1..1.3", [0.0], (0, 1)),
])
def test_breaks_are_where_the_function_breaks(formula, over, singular, curves, samples):
    """Poles, jumps, kinks and poles without a change of sign, with few samples and many:
    each curve breaks exactly in the segments holding a break of its own, nowhere else."""
    order = max(curves) if max(curves) > 0 else 1
    p = plot(formula, over, order=order, samples=samples)
    expected = _expected_cuts(p, singular)
    for k in range(order + 1):
        if k in curves:
            assert expected <= set(p.breaks[k]) <= _expected_cuts(p, singular, ends=True), \
                (formula, samples, k, p.breaks[k])
            for z in singular:
                assert not _joined_across(p, k, z), (formula, samples, k, z)
        else:
            assert p.breaks[k] == (), (formula, samples, k, p.breaks[k])


@pytest.mark.parametrize("samples", FEW_AND_MANY)
def test_a_pole_and_a_kink_each_break_their_own_curves(samples):
    """1/(x - 1)² + max(x, 0.5): f breaks at its pole alone, f′ at the pole and the kink."""
    p = plot("1/(x - 1)^2 + max(x, 0.5)", "x=0..2.3", samples=samples)
    assert set(p.breaks[0]) == _expected_cuts(p, [1.0])
    assert set(p.breaks[1]) == _expected_cuts(p, [0.5, 1.0])


@pytest.mark.parametrize("samples", FEW_AND_MANY)
@pytest.mark.parametrize("formula, edge", [("sqrt(x)", 0.0), ("log(x)", 0.0),
                                           ("sqrt(x - 0.3)", 0.3), ("log(1 - x)", 1.0)])
def test_domain_edges_are_gaps_and_the_defined_side_is_whole(formula, edge, samples):
    p = plot(formula, "x=-1..2.01", samples=samples)
    inside = [s.x for s in p.samples if s.value is not None]
    for k in range(2):
        runs = p.segments(k)
        assert all((run[0][0] >= edge) == (run[-1][0] >= edge) for run in runs)
        if len(inside) >= 2 and k == 0:
            assert len(runs) == 1  # one unbroken line over the domain
        if k == 1:
            assert p.breaks[1] == ()


@pytest.mark.parametrize("samples", [3, 4, 6, 9])
def test_a_domain_gap_between_two_samples_breaks_the_line(samples):
    """sqrt(x² - 0.01) is undefined on (-0.1, 0.1), which can fall between two samples."""
    p = plot("sqrt(x^2 - 0.01)", "x=-1..1", samples=samples)
    assert not _joined_across(p, 0, 0.0)
    assert set(p.breaks[0]) == _expected_cuts(p, [0.0]) - {
        i for i, s in enumerate(p.samples[:-1]) if s.value is None or
        p.samples[i + 1].value is None}


def test_the_json_of_a_coarse_sine_has_no_false_breaks(runner):
    data = _json(runner, "sin(x)", "--over", "x=-3..3", "--samples", "5")
    assert data["breaks"] == [[], []]


def test_looking_for_breaks_stays_within_its_budget(monkeypatch):
    """Every sweep is counted in the estimate made before the first: a curve with more kinks
    than the budget reaches is drawn with a warning, not slowly."""
    from tracer.analysis import plot as module

    counted = []
    real = module.Sampler.evaluate

    def counting(self, point):
        counted.append(1)
        return real(self, point)

    monkeypatch.setattr(module.Sampler, "evaluate", counting)
    for samples in (5, 400):
        counted.clear()
        p = plot("abs(sin(40*x))", "x=-10..10", samples=samples)
        evals, probes = module.budgets(samples)
        grid = samples + max(1, math.ceil(module.FINE / (samples - 1)) - 1) * (samples - 1)
        assert len(counted) <= grid + evals + probes + 1  # + the marked point
        if samples == 5:
            assert "use more --samples" in p.warnings[0]


# --- the number of samples -------------------------------------------------------------------

@pytest.mark.parametrize("samples", ["0", "-1", "1", "-100000000000000000000"])
def test_too_few_samples_are_a_usage_error_naming_the_range(runner, samples):
    for formula in ("sin(x)", "x*y"):
        result = run(runner, "plot", formula, "--samples", samples)
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith("error: --samples must be at least 2")
        assert "2 to 10,000 samples for one input, 2 to 301 points" in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("formula, samples, most", [
    ("sin(x)", "10001", "10,000"), ("sin(x)", "99999999999999999999", "10,000"),
    ("x*y", "302", "301")])
def test_too_many_samples_are_refused_up_front_naming_the_range(runner, formula, samples, most):
    result = run(runner, "plot", formula, "--samples", samples)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: --samples must be between 2 and {most}")
    assert result.stdout == ""


def test_samples_in_the_api():
    import numpy as np

    from tracer.errors import UsageProblem

    for bad in (0, 1, -5, 2.5, True, "40"):
        with pytest.raises(UsageProblem, match="--samples must be"):
            plot("sin(x)", "x=0..1", samples=bad)
    assert len(plot("sin(x)", "x=0..1", samples=np.int64(7)).samples) == 7
    assert len(plot("sin(x)", "x=0..1", samples=2).samples) == 2
    with pytest.raises(LimitError, match="between 2 and 301"):
        plot("x*y", "x=0..1,y=0..1", samples=302)


def test_the_help_names_the_range_of_samples(runner):
    from tracer.analysis.plot import GRID, MAX_GRID, MAX_SAMPLES, SAMPLES

    text = " ".join(run(runner, "plot", "--help").stdout.split())
    for number in (SAMPLES, GRID, f"2 to {MAX_SAMPLES:,}", f"2 to {MAX_GRID}"):
        assert str(number) in text


def test_steep_kinks_are_kinks_not_poles():
    """|sin(50x)| rises at slope 50 into each of its 95 kinks on (-3, 3): f stays one line,
    f′ breaks at every kink and nowhere else, and no window is cut to a pole's body."""
    p = plot("abs(sin(50*x))", "x=-3..3", samples=2000)
    kinks = [k * math.pi / 50 for k in range(-47, 48)]
    assert p.breaks[0] == ()
    assert set(p.breaks[1]) == _expected_cuts(p, kinks) and len(p.breaks[1]) == 95
    low, high = p.limits[0]
    assert low < 0.01 and high > 0.99  # the whole curve, not a pole's body
    steep = plot("1000*abs(x - 0.25) + x", "x=-1..1.3", samples=9)
    assert steep.breaks[0] == () and set(steep.breaks[1]) == _expected_cuts(steep, [0.25])


def test_a_range_too_wide_to_sample_says_so_not_that_it_is_infinite(runner):
    """--over x=0..1e308 said "must be finite numbers, got 1e+308"; 1e308 is finite."""
    wide = run(runner, "plot", "sin(x)", "--over", "x=0..1e308")
    assert wide.exit_code == 1 and "must be within ±1e15" in wide.stderr
    assert parse_over("x=0..1e15") == {"x": (0.0, 1e15)}  # as wide as it samples
    just_over = run(runner, "plot", "sin(x)", "--over", "x=1e15..1e15+1")  # said "got 1e+15"
    assert just_over.exit_code == 1 and "±1e15 (a plot steps across it in numbers a float " \
        "tells apart), got 1000000000000001" in " ".join(just_over.stderr.split())


@pytest.mark.parametrize(("over", "samples", "floats"), [
    ("x=1..1+1e-14", None, 46),  # 400 samples fell on 46 numbers, the axis repeated a label
    ("x=5e-324..1e-323", None, 2),
    ("x=1..1+1e-14, y=0..1", 50, 46),
])
def test_a_range_too_narrow_for_its_samples_is_refused(runner, over, samples, floats):
    formula = "x*y" if "y" in over else "sin(x)"
    with pytest.raises(TracerError, match=f"the range of x, .* holds only {floats} floats"):
        plot(formula, over, samples=samples)
    extra = ["--samples", str(samples)] if samples else []
    result = run(runner, "plot", formula, "--over", over, *extra)
    assert result.exit_code == 1 and f"--samples {floats}" in result.stderr
    assert plot(formula, over, samples=floats)  # as many samples as floats: drawn


def test_the_default_range_around_a_huge_point_is_refused_as_too_narrow(runner):
    result = run(runner, "plot", "sin(x)", "--at", "x=1e15")  # 1e15 ± 5 holds 81 floats
    assert result.exit_code == 1 and "holds only 81 floats" in result.stderr
    assert "--over" in result.stderr


@pytest.mark.parametrize("over", ["x=-10..10", "x=-10..10,y=0..1"])
def test_values_a_picture_cannot_span_are_gaps_and_every_format_draws(runner, tmp_path, over):
    """1e308·x over -10..10 spans 3.6e308, past the largest float: matplotlib ("Axis limits
    cannot be NaN or Inf") and plotext (NaN ticks) stopped with a traceback. A value beyond
    ±1e307 is a gap, as an overflow is; the rest is drawn in every format."""
    formula = "1e308*x" if "," not in over else "1e308*x*y"
    p = plot(formula, over)
    if p.kind == "curve":
        kept = [s.value for s in p.samples if s.value is not None]
        assert kept and max(abs(v) for v in kept) <= 1e307
        assert p.samples[0].value is None and p.window is not None
    else:
        kept = [g.value for g in p.grid if g.value is not None]
        assert kept and max(abs(v) for v in kept) <= 1e307
    for out in ["q.svg", "q.png", "-"]:
        r = run(runner, "plot", formula, "--over", over, "-o", str(tmp_path / out)
                if out != "-" else "-")
        assert r.exit_code == 0, r.output


def test_an_autodiff_slope_past_a_float_has_no_error_to_draw():
    """x^x at 1e-320: 1/x overflows, so autodiff's slope is ∞ where sympy's is -735.8; its
    error was ∞ (JSON stopped: 'Out of range float values are not JSON compliant', plotext
    with NaN ticks). Refused as an infinite symbolic slope is, naming the input."""
    import tracer
    from tracer.analysis.plot import errors

    run_ = tracer.trace("x**x", at={"x": "1e-320"}).check().run
    with pytest.raises(TracerError, match=r"along x is not a finite number here \(autodiff's "
                                          r"or the symbolic one"):
        errors(run_)


def test_the_marked_point_is_read_as_it_is_beyond_what_a_picture_draws(runner):
    """A sample beyond ±1e307 is a gap, but the marked point is read out, not drawn: at x = 1,
    1e308·x is 1e308 and so is its slope (it said "f = undefined, f′ = undefined")."""
    p = plot("1e308*x", "x=-10..10", {"x": 1.0})
    assert p.samples[0].value is None  # still a gap in the picture
    assert p.mark is not None and p.mark.value == 1e308 and p.mark.derivatives == (1e308,)
    field = plot("1e308*x*y", "x=-10..10,y=0..1", {"x": 1.0, "y": 1.0})
    assert field.mark is not None and field.mark.value == 1e308
    assert field.mark.gradient == (1e308, 1e308)
    result = run(runner, "plot", "1e308*x", "--over", "x=-10..10", "--at", "x=1")
    assert result.exit_code == 0
    assert "at x = 1: f = 1e+308, f′ = 1e+308" in result.stdout
