"""Plots drawn by matplotlib (tracer.render.plot_files): what each kind puts on its axes,
the files' formats, and the one line said without matplotlib."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from tracer.analysis.plot import ErrorCurve, ErrorPlot, plot
from tracer.errors import TracerError
from tracer.render.plot_files import COLORS, MISSING_MATPLOTLIB, draw, image

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402


def _drawn(p) -> Figure:
    fig = Figure()
    draw(fig, p, 4)
    return fig


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _square():
    return plot("x^2", over="x=-1..1", at={"x": 0.5}, order=2, samples=50)


def _errors():
    # forward errors 0.1, 0.01, and a step out of the domain; central 0 (exact), then rounding
    curve = ErrorCurve("x", (0.1, 0.01, 0.001), (0.1, 0.01, None), (0.0, 1e-14, 1e-12), 0.0,
                       2.0)
    return ErrorPlot("x^2", "y", {"x": 1.0}, (curve,))


def test_curve_draws_f_its_derivatives_the_tangent_and_the_mark():
    fig = _drawn(_square())
    (ax,) = fig.axes
    assert fig._suptitle.get_text() == "y = x^2"
    assert _legend(ax) == ["f(x)", "f′(x) (forward mode)", "f″(x) (Taylor mode)",
                           "tangent at x = 0.5 (slope 1)", "at x = 0.5: f = 0.25, f′ = 1"]
    assert tuple(ax.get_xlim()) == (-1.0, 1.0) and ax.get_xlabel() == "x"
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["f(x)"].get_color() == COLORS[0] and lines["f′(x) (forward mode)"]. \
        get_color() == COLORS[1]
    # the tangent at 0.5 of x²: y = x - 0.25, drawn from -1 to 1
    tangent = lines["tangent at x = 0.5 (slope 1)"]
    assert list(tangent.get_xdata()) == [-1.0, 1.0]
    assert list(tangent.get_ydata()) == [pytest.approx(-1.25), pytest.approx(0.75)]


def test_curve_without_a_mark_has_no_tangent():
    fig = _drawn(plot("x^2", over="x=-1..1", samples=20))
    assert _legend(fig.axes[0]) == ["f(x)", "f′(x) (forward mode)"]


def test_field_draws_contours_arrows_and_the_mark():
    fig = _drawn(plot("x1*x2", over="x1=0..1, x2=0..1", at={"x1": 0.5, "x2": 2},
                      samples=10))
    ax, bar = fig.axes
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")
    assert _legend(ax) == ["∇f (reverse mode)",
                           "at (x1, x2) = (0.5, 2): f = 1, ∇f = (2, 0.5)"]
    assert bar.get_ylabel() == "f(x1, x2)"
    assert fig._suptitle.get_text() == "y = x1*x2"


def test_errors_on_log_axes_with_the_best_steps():
    fig = _drawn(_errors())
    (ax,) = fig.axes
    assert fig._suptitle.get_text() == "Error of finite differences against h: x^2"
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert ax.get_ylabel() == "error of ∂y/∂x"
    assert _legend(ax) == ["forward differences", "best forward h = 1e-02",
                           "central differences", "best central h = 1e-01",
                           "autodiff (error 0: drawn at the floor)"]
    lines = {line.get_label(): line for line in ax.get_lines()}
    # the step out of the domain is left out; an error of 0 sits at the floor, 1e-15
    assert list(lines["forward differences"].get_xdata()) == [0.1, 0.01]
    assert list(lines["central differences"].get_ydata()) == [1e-15, 1e-14, 1e-12]


def test_errors_one_axes_per_input():
    curve = _errors().inputs[0]
    two = ErrorPlot("x*z", "y", {"x": 1.0, "z": 1.0}, (curve, replace(curve, name="z")))
    fig = _drawn(two)
    assert [ax.get_ylabel() for ax in fig.axes] == ["error of ∂y/∂x", "error of ∂y/∂z"]


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG\r\n\x1a\n"),
                                            ("pdf", b"%PDF-")])
def test_image_bytes_in_each_format(fmt, magic):
    assert image(plot("x^2", over="x=-1..1", samples=20), fmt).startswith(magic)


def test_image_without_matplotlib_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    with pytest.raises(TracerError) as err:
        image(_errors(), "svg")
    assert str(err.value) == MISSING_MATPLOTLIB
    assert MISSING_MATPLOTLIB.endswith('pip install "tracer[plot]"')
