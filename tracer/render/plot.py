"""Pictures of plots: on the terminal with plotext, in files with matplotlib, and as JSON.

Writers only: every number, every break in a line and every window comes from
``tracer.analysis.plot``. plotext (a dependency) and matplotlib (the ``plot`` extra) are
imported only when a picture is drawn, so no other command pays for them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from tracer.errors import TracerError, UsageProblem
from tracer.render.layout import cell_len
from tracer.render.plot_labels import curve_label, floor, mark_text, num, title

IMAGE_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}

ARROWS = 15  # gradient arrows along each axis, at most
MARKERS = ("hd", "•", "·", "+", "x", "o", "*")


# --- JSON ---------------------------------------------------------------------------------------

RESERVED = ("value", "derivatives", "gradient")


def to_json(plot: Any, extra: dict[str, Any] | None = None) -> str:
    """The plot's numbers (null where a sample is out of the domain), and ``extra`` keys
    (the error plot of ``tracer check --plot`` holds the check's own result under "check",
    see ``tracer.output.plot_text``)."""
    from tracer import __version__

    head: dict[str, Any] = {"tracer": __version__, "mode": "plot", "formula": plot.source}
    if plot.kind == "errors":
        head["mode"] = "errors"
        head.update(_errors_json(plot))
    else:
        for name in plot.axes:
            if name in RESERVED:
                raise TracerError(f"the input {name} has the name of a JSON key of the plot "
                                  f"({', '.join(RESERVED)}); rename it to write JSON")
        head.update(_curve_json(plot) if plot.kind == "curve" else _field_json(plot))
    head.update(extra or {})
    return json.dumps(head, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _curve_json(p: Any) -> dict[str, Any]:
    def sample(s: Any) -> dict[str, Any]:
        return {p.wrt: s.x, "value": s.value, "derivatives": list(s.derivatives)}

    mark = None
    if p.mark is not None:
        mark = sample(p.mark)
        tangent = p.tangent()
        mark["tangent"] = None if tangent is None else \
            {"slope": tangent[0], "intercept": tangent[1]}
    return {"output": p.output, "wrt": p.wrt, "range": [p.low, p.high], "order": p.order,
            "inputs": p.fixed, "samples": [sample(s) for s in p.samples],
            "breaks": [list(b) for b in p.breaks],
            "limits": [list(w) if w else None for w in p.limits], "mark": mark,
            "warnings": list(p.warnings)}


def _field_json(p: Any) -> dict[str, Any]:
    a, b = p.names

    def point(g: Any) -> dict[str, Any]:
        return {a: g.x1, b: g.x2, "value": g.value,
                "gradient": list(g.gradient) if g.gradient else None}

    return {"output": p.output, "axes": [a, b],
            "ranges": {a: list(p.ranges[0]), b: list(p.ranges[1])}, "size": list(p.size),
            "inputs": p.fixed, "grid": [point(g) for g in p.grid],
            "mark": point(p.mark) if p.mark else None, "warnings": list(p.warnings)}


def _errors_json(p: Any) -> dict[str, Any]:
    inputs = {}
    for c in p.inputs:
        best_f, best_c = c.best("forward"), c.best("central")
        inputs[c.name] = {"steps": list(c.steps), "forward_error": list(c.forward),
                          "central_error": list(c.central), "autodiff_error": c.autodiff,
                          "symbolic": c.symbolic,
                          "best_step": {"forward": best_f[0] if best_f else None,
                                        "central": best_c[0] if best_c else None}}
    return {"output": p.output, "point": p.point, "inputs": inputs}


# --- the terminal (plotext) -----------------------------------------------------------------------

def terminal(plot: Any, width: int = 80, height: int = 24, digits: int = 4,
             color: bool = False) -> str:
    """The plot drawn in text, ``width`` columns by at most ``height`` lines (the figure and
    its legend; a line or two of notes below)."""
    import plotext

    fig = plotext.figure
    fig.clear()
    # The size asked for, not cut to the terminal plotext finds (COLUMNS=1 or LINES=2 drew an
    # empty frame or nothing, and a file written from a small terminal was cut as well)
    plotext.terminal.limit(False, False)
    fig.plot_size(max(40, width), max(12, height))
    fig.title(title(plot))
    notes: list[str] = []
    if plot.kind == "curve":
        _terminal_curve(fig, plot, digits)
    elif plot.kind == "field":
        _terminal_field(fig, plot, notes, digits)
    else:
        _terminal_errors(fig, plot, notes, digits)
    text = fig.build().string(colorless=not color)
    fig.clear()
    plotext.terminal.limit()  # plotext's defaults again, for a user's own plots
    lines = _no_negative_zero([line.rstrip() for line in text.splitlines()])
    note = mark_text(plot, digits) if plot.kind != "errors" else None
    extra = ([note] if note else []) + notes + list(getattr(plot, "warnings", ()))
    # the notes wrap to the figure's width (a field's key to its shades was 137 columns)
    return "\n".join(lines + [part for line in extra for part in _filled(line, max(40, width))]) \
        + "\n"


_Y_ZERO = re.compile(r"^( *)-(0(?:\.0+)?)(?=┤)")  # a y tick: -0.00┤
_X_ZERO = re.compile(r"(?<![\w.])-(0(?:\.0+)?)(?![\w.])")  # on the x ticks' line


def _no_negative_zero(lines: list[str]) -> list[str]:
    """plotext's tick labels with -0.00 (a tick a rounding error below 0) as 0.00, in the
    same columns: an axis has one zero."""
    out = []
    for k, line in enumerate(lines):
        line = _Y_ZERO.sub(r"\1 \2", line)
        if k and lines[k - 1].lstrip().startswith("└"):
            line = _X_ZERO.sub(r" \1", line)
        out.append(line)
    return out


def _filled(note: str, width: int) -> list[str]:
    """A sentence under the plot in lines of at most ``width`` columns, filled word by word
    (prose, so no line is balanced against the next), continuation lines indented."""
    lines = [""]
    for word in note.split(" "):
        if lines[-1].strip() and cell_len(lines[-1]) + 1 + cell_len(word) > width:
            lines.append("  ")
        lines[-1] += (" " if lines[-1].strip() else "") + word
    return lines


def _series(fig: Any, points: list[tuple[float, float]], breaks: list[int], label: str,
            marker: str) -> None:
    """One labelled series whose line breaks after each point in ``breaks``."""
    if not points:
        return
    xs, ys = zip(*points, strict=True)
    s = fig.signal(list(xs), list(ys), marker=marker)
    s.label(label)
    s.lines(True)
    for i in breaks:
        s.line(i + 1, False)
    fig.draw(s)


def _clamped(run: list[tuple[float, float]],
             window: tuple[float, float] | None) -> list[tuple[float, float]]:
    """A run's points held just outside the window: plotext draws every point it is given, and
    a pole's 10¹⁶ would cost it memory and time for nothing a reader sees."""
    if window is None:
        return run
    margin = 0.05 * (window[1] - window[0])
    low, high = window[0] - margin, window[1] + margin
    return [(x, min(max(y, low), high)) for x, y in run]


def _terminal_curve(fig: Any, p: Any, digits: int) -> None:
    window = p.window
    for k in range(p.order + 1):
        points, breaks = [], []
        for run in p.segments(k):
            points += _clamped(run, window)
            breaks.append(len(points) - 1)
        _series(fig, points, breaks[:-1], curve_label(k, p.wrt), MARKERS[k % len(MARKERS)])
    tangent = p.tangent()
    if tangent is not None and window is not None:
        slope, intercept = tangent
        xs = [p.low + (p.high - p.low) * i / 200 for i in range(201)]
        pts = [(x, slope * x + intercept) for x in xs
               if window[0] <= slope * x + intercept <= window[1]]
        _series(fig, pts, [], f"tangent at {p.wrt} = {num(p.mark.x, digits)}", "·")
    if p.mark is not None and p.mark.value is not None:
        _series(fig, [(p.mark.x, p.mark.value)], [], "the point", "◆")
    fig.ruler("x").lim(p.low, p.high)
    if window is not None:
        fig.ruler("y").lim(*window)
    fig.label(p.wrt, "x")


SHADES = " .:-=+*#%@"  # low to high


def _terminal_field(fig: Any, p: Any, notes: list[str], digits: int = 4) -> None:
    """A shaded contour map: f in bands, each band a character from light to dense, with
    the point and its gradient as an arrow."""
    finite = [g.value for g in p.grid if g.value is not None]
    if not finite:
        return
    low, high = min(finite), max(finite)
    bands = len(SHADES) - 1
    width = (high - low) / bands or 1.0
    groups: list[list[tuple[float, float]]] = [[] for _ in range(bands)]
    for g in p.grid:
        if g.value is not None:
            groups[min(bands - 1, int((g.value - low) / width))].append((g.x1, g.x2))
    for k, pts in enumerate(groups):
        if pts:
            fig.draw(fig.signal([x for x, _ in pts], [y for _, y in pts], marker=SHADES[k + 1]))
    m = p.mark
    if m is not None and m.gradient is not None:
        (a1, b1), (a2, b2) = p.ranges
        norm = math.hypot(m.gradient[0] / (b1 - a1), m.gradient[1] / (b2 - a2)) or 1.0
        scale = 0.2 / norm
        xs = [m.x1 + m.gradient[0] * scale * t / 20 for t in range(21)]
        ys = [m.x2 + m.gradient[1] * scale * t / 20 for t in range(21)]
        _series(fig, list(zip(xs, ys, strict=True)), [], "∇f at the point", "▪")
        _series(fig, [(m.x1, m.x2)], [], "the point", "◆")
    fig.ruler("x").lim(*p.ranges[0])
    fig.ruler("y").lim(*p.ranges[1])
    fig.label(p.names[0], "x")
    fig.label(p.names[1], "y")
    # f's range as the tables write numbers (one zero, --digits): it said "f from -0 to -0"
    notes.append(f"shades from low to high: '{SHADES[1:]}', f from {num(low, digits)} to "
                 f"{num(high, digits)}; "
                 "contour lines and the whole gradient field: draw to a file with -o plot.svg")


def _terminal_errors(fig: Any, p: Any, notes: list[str], digits: int) -> None:
    """log10 of each error against log10 h, one series per method and input."""
    bottom = floor(p)
    for c in p.inputs:
        tag = f" ∂/∂{c.name}" if len(p.inputs) > 1 else ""
        for method, marker in (("forward", "hd"), ("central", "•")):
            errs = getattr(c, method)
            pts = [(math.log10(h), math.log10(max(e, bottom))) for h, e
                   in zip(c.steps, errs, strict=True) if e is not None]
            _series(fig, pts, [], f"{method} difference{tag}", marker)
        ad = math.log10(max(c.autodiff, bottom))
        _series(fig, [(math.log10(c.steps[0]), ad), (math.log10(c.steps[-1]), ad)], [],
                f"autodiff{tag}", "·")
        notes.append(_best_note(c, tag, digits))
    fig.label("log10 h", "x")
    fig.label("log10 error", "y")
    notes.append(f"an error of 0 is drawn at 10^{round(math.log10(bottom))}, the plot's floor")


def _best_note(c: Any, tag: str, digits: int) -> str:
    parts = []
    for method in ("forward", "central"):
        best = c.best(method)
        if best is not None:
            parts.append(f"{method} h = {best[0]:.0e} (error {num(best[1], 2)})")
    ad = "0" if c.autodiff == 0 else num(c.autodiff, 2)
    return f"best{tag}: " + ", ".join(parts) + f"; autodiff error {ad}, with no step at all"


# --- files (matplotlib) ---------------------------------------------------------------------

# --- choosing the writer ------------------------------------------------------------------------

TEXT_SUFFIXES = {".json": "json", ".txt": "terminal"}
FORMATS = ("terminal", "json", "svg", "png", "pdf")  # every format a plot is written in


def plot_format(fmt: str, what: str = "a plot") -> str:
    """``fmt`` if a plot can be written in it, else a usage error naming those that can: a
    plot is a picture (the terminal's text, or svg, png, pdf) or its numbers (json), and the
    document formats (markdown, latex, html, csv) hold tables, not plots. Both faces ask
    here: ``tracer check --plot -f …`` and ``Plot.render``."""
    if fmt not in FORMATS:
        raise UsageProblem(f"{what} draws on the terminal (-f terminal, or -o FILE.txt), as "
                           f"JSON numbers (-f json, or -o FILE.json) or as a picture (-o "
                           f"FILE.svg, .png or .pdf); not as {fmt}")
    return fmt


def format_for(path: str) -> str | None:
    """The format ``-o`` asks for by its suffix: svg, png, pdf, json or terminal (.txt)."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return IMAGE_SUFFIXES.get(suffix) or TEXT_SUFFIXES.get(suffix)


def render(plot: Any, fmt: str, digits: int = 4, width: int = 80, height: int = 24,
           color: bool = False, extra: dict[str, Any] | None = None) -> str | bytes:
    """The plot in ``fmt``: "terminal" (text), "json", or "svg", "png", "pdf" (bytes)."""
    plot_format(fmt)
    if fmt == "json":
        return to_json(plot, extra)
    if fmt in IMAGE_SUFFIXES.values():
        from tracer.render.plot_files import image

        return image(plot, fmt, digits)
    return terminal(plot, width, height, digits, color)
