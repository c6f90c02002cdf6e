"""Plots drawn by matplotlib onto a Figure (the ``plot`` extra): one function per kind.

``image`` imports matplotlib (Agg backend, no display) only when a picture is asked for;
nothing here computes a number.
"""

from __future__ import annotations

import math
from typing import Any

from tracer.errors import TracerError
from tracer.render.plot_labels import curve_label, floor, mark_text, num, title

MISSING_MATPLOTLIB = ('drawing a plot to a file needs matplotlib, which is not installed; '
                      'install it with: pip install "tracer[plot]"')
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")


def draw(fig: Any, plot: Any, digits: int) -> None:
    if plot.kind == "curve":
        _curve(fig.add_subplot(), plot, digits)
    elif plot.kind == "field":
        _field(fig.add_subplot(), plot, digits)
    else:
        axes = fig.subplots(len(plot.inputs), 1, squeeze=False)
        for ax, c in zip(axes[:, 0], plot.inputs, strict=True):
            _errors(ax, plot, c, digits)
    fig.suptitle(title(plot))


def _curve(ax: Any, p: Any, digits: int) -> None:
    for k in range(p.order + 1):
        for n, run in enumerate(p.segments(k)):
            xs, ys = zip(*run, strict=True)
            ax.plot(xs, ys, color=COLORS[k % len(COLORS)], lw=2 if k == 0 else 1.5,
                    label=curve_label(k, p.wrt) if n == 0 else None)
    window = p.window
    tangent = p.tangent()
    if tangent is not None:
        slope, intercept = tangent
        ax.plot([p.low, p.high], [slope * p.low + intercept, slope * p.high + intercept],
                color="0.35", ls="--", lw=1,
                label=f"tangent at {p.wrt} = {num(p.mark.x, digits)} (slope "
                      f"{num(slope, digits)})")
    if p.mark is not None and p.mark.value is not None:
        ax.plot([p.mark.x], [p.mark.value], "o", color="black", zorder=5,
                label=mark_text(p, digits))
    ax.set_xlim(p.low, p.high)
    if window is not None:
        pad = 0.04 * (window[1] - window[0])
        ax.set_ylim(window[0] - pad, window[1] + pad)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel(p.wrt)
    ax.grid(True, alpha=0.3)
    _legend(ax, "best")


def _field(ax: Any, p: Any, digits: int) -> None:
    xs, ys = p.axis(0), p.axis(1)
    values = [[math.nan if v is None else v for v in row] for row in p.values()]
    filled = ax.contourf(xs, ys, values, levels=20, cmap="viridis", alpha=0.85)
    lines = ax.contour(xs, ys, values, levels=10, colors="white", linewidths=0.7)
    ax.clabel(lines, fontsize="x-small", fmt="%.3g")
    ax.figure.colorbar(filled, ax=ax, label=f"f({', '.join(p.names)})")
    n1, n2 = p.size
    step1, step2 = max(1, math.ceil(n1 / 15)), max(1, math.ceil(n2 / 15))
    arrows = [g for j in range(0, n2, step2) for i in range(0, n1, step1)
              if (g := p.grid[j * n1 + i]).gradient is not None]
    if arrows:
        ax.quiver([g.x1 for g in arrows], [g.x2 for g in arrows],
                  [g.gradient[0] for g in arrows], [g.gradient[1] for g in arrows],
                  color="black", alpha=0.6, angles="xy", label="∇f (reverse mode)")
    m = p.mark
    if m is not None:
        ax.plot([m.x1], [m.x2], "o", color="red", zorder=5, label=mark_text(p, digits))
        if m.gradient is not None:  # one arrow's length is the same at any size: its
            # direction alone, as (1e308, 1e308) overflowed matplotlib's scale
            u, v = m.gradient
            size = max(abs(u), abs(v)) or 1.0
            ax.quiver([m.x1], [m.x2], [u / size], [v / size], color="red", angles="xy",
                      zorder=6)
    ax.set_xlabel(p.names[0])
    ax.set_ylabel(p.names[1])
    _legend(ax, "upper left")


def _errors(ax: Any, p: Any, c: Any, digits: int) -> None:
    bottom = floor(p)
    for method, color, style in (("forward", COLORS[0], "o-"), ("central", COLORS[1], "s-")):
        pts = [(h, max(e, bottom)) for h, e in zip(c.steps, getattr(c, method), strict=True)
               if e is not None]
        if pts:
            ax.plot(*zip(*pts, strict=True), style, color=color, ms=4,
                    label=f"{method} differences")
        best = c.best(method)
        if best is not None:
            ax.plot([best[0]], [max(best[1], bottom)], "*", color=color, ms=14,
                    label=f"best {method} h = {best[0]:.0e}")
    ad = max(c.autodiff, bottom)
    ax.axhline(ad, color=COLORS[2], lw=2, label="autodiff" + (
        " (error 0: drawn at the floor)" if c.autodiff == 0 else
        f" (error {num(c.autodiff, digits)})"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("step h")
    ax.set_ylabel(f"error of ∂{p.output}/∂{c.name}")
    ax.grid(True, which="major", alpha=0.3)
    _legend(ax, "best")


def image(plot: Any, fmt: str, digits: int = 4) -> bytes:
    """The plot as SVG, PNG or PDF bytes, drawn by matplotlib (the ``plot`` extra)."""
    Figure = _figure_class()
    import io

    fig = Figure(figsize=(8, 5.5) if plot.kind != "errors" else
                 (8, 3.6 * max(1, len(plot.inputs))), layout="constrained")
    draw(fig, plot, digits)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=150)
    return buffer.getvalue()


def _figure_class() -> Any:
    """matplotlib's Figure, imported without its two lines of warning on stderr where HOME
    cannot be written (a read-only home: "mkdir -p failed … Matplotlib created a temporary
    cache directory"), after which it draws as well: its logger is quieted while it looks for
    its folders (they are looked for once, at import), then set back."""
    import logging

    log = logging.getLogger("matplotlib")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure

        matplotlib.get_cachedir()
    except ImportError:
        raise TracerError(MISSING_MATPLOTLIB) from None
    finally:
        log.setLevel(level)
    return Figure


def _legend(ax: Any, where: str) -> None:
    """The legend, when something drawn has a label (matplotlib warns on stderr otherwise)."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc=where, fontsize="small")
