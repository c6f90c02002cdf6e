"""A run as text in any format: the one path the command line and the Python API share.

The views build the run's document (or its data, for JSON), a quiz blanks its answers, and a
writer from ``tracer.render`` writes it. An interactive worksheet (``interactive``: HTML's
interactive form) is written from the document, its key and the dependency graph together.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tracer import views
from tracer.core.builder import paused_gc
from tracer.errors import LimitError, TracerError
from tracer.render import FORMATS, write
from tracer.render.base import Settings, cell_count

WORKSHEET_MODES = ("trace", "forward", "reverse")  # the runs a worksheet steps through
WORKSHEET_ROWS = 5_000  # the most rows one steps through (and a page a browser opens at once)


def text_of(run: Any, fmt: str, opts: Any = None, digits: int = 4, quiz: str | None = None,
            standalone: bool = False, width: int | None = None, fragment: bool = False,
            interactive: bool = False) -> Any:
    """Any run in any format, as a quiz when ``quiz`` names a mode: the one path the command
    line and the Python API share. ``opts`` are the views' options. ``interactive`` asks for
    the format's interactive form (HTML's worksheet); a format without one ignores it.

    The cyclic garbage collector waits while a document is built and written: a long trace's
    document is hundreds of thousands of small objects in no cycle, and the collector's
    rescans of the trace beneath them cost more than writing (see STYLE.md)."""
    interactive = interactive and FORMATS[fmt].interactive is not None
    views.check_options(run, quiz=quiz)  # before the work: a check's quiz blanked it all
    settings = Settings(digits, standalone, fragment, width or 10_000, interactive)
    with paused_gc():
        return _text_of(run, fmt, opts, quiz, settings)


def _text_of(run: Any, fmt: str, opts: Any, quiz: str | None, settings: Settings) -> Any:
    if FORMATS[fmt].data:
        data = views.run_data(run, stream=not quiz)  # a quiz reads the rows
        if quiz:
            from tracer.teaching.quiz import quiz_json

            data = quiz_json(data, quiz)
        return write(fmt, data, settings)
    if settings.interactive:
        return write(fmt, worksheet(run, opts or views.ViewOptions(), quiz), settings)
    opts = opts or views.ViewOptions()
    doc = views.document(run, opts)
    fit_cells(run, fmt, doc, opts)
    if quiz:
        from tracer.teaching.quiz import quiz as blank

        doc = blank(doc, quiz)
    return write(fmt, doc, settings)


def fit_cells(run: Any, fmt: str, doc: Any, opts: Any) -> None:
    """Refuse, before a cell of it is written, a document whose tables hold more cells than
    ``fmt`` writes (``Format.cells``: HTML's are MathML), naming the ``--max-rows`` that fits
    (documents are cheap to make again: their trace rows are built when written)."""
    limit = FORMATS[fmt].cells
    if limit is None:
        return
    cells, per_row = cell_count(doc)
    if cells <= limit:
        return
    rows = limit // per_row if per_row else 0  # a table of rows, not of grids alone
    for _ in range(8):  # a guess, then checked: closing rows and grids have cells too
        if rows < 2:
            break
        fewer = cell_count(views.document(run, replace(opts, max_rows=rows)))[0]
        if fewer <= limit:
            break
        rows = min(rows - 1, rows * limit // fewer)  # decisions' lines grow with rows too
    else:
        rows = 0
    instead = f"show fewer rows with --max-rows {rows} or less, or " if rows >= 2 else ""
    raise LimitError(
        f"{fmt.upper()} writes every table cell as a formula, at most {limit:,} in one "
        f"document; these tables have {cells:,}: {instead}write Markdown, CSV or JSON "
        "instead")


def worksheet(run: Any, opts: Any, quiz: str | None = None) -> Any:
    """What a worksheet is written from: the run's document (blanked for a quiz, with the
    filled-in key beside it) and its dependency graph, with the parameters of a training step
    drawn as such. Only trace, forward and reverse runs are stepped through."""
    from tracer.analysis import graph
    from tracer.render.worksheet import GRAPH_NODES, Sheet

    if getattr(run, "mode", None) not in WORKSHEET_MODES or not hasattr(run, "passes"):
        raise TracerError("an interactive worksheet steps through a trace, forward mode or "
                          "reverse mode: use it with tracer trace, forward or reverse")
    rows = run.ev.trace.n + run.ev.trace.last
    decisions = len(run.ev.trace.controls)  # a line each: a loop adding no row has only these
    if rows + decisions > WORKSHEET_ROWS:  # before the page is built (40,001 rows: 8 s, 60 MB)
        what = f"{rows:,} rows" + (f" and {decisions:,} decisions" if decisions else "")
        raise LimitError(f"an interactive worksheet steps through its rows one by one; this "
                         f"trace has {what}, a line each (a worksheet takes at most "
                         f"{WORKSHEET_ROWS:,}): write the page without --interactive, or trace "
                         "a smaller instance")
    key = views.document(run, replace(opts, graph=False))  # the graph stands beside the table
    shown = key
    if quiz:
        from tracer.teaching.quiz import quiz as blank

        shown = blank(key, quiz)
    trace = run.ev.trace
    size = trace.n + trace.last
    if size > GRAPH_NODES:  # too many to draw beside a table: not built at all
        return Sheet(shown, key if quiz else None, None, size)
    mode = run.mode if run.mode in graph.MODES else None
    drawn = graph.build(run.ev, mode, sweep=run.passes[0] if run.passes else None,
                        params=[u.name for u in run.updates])
    return Sheet(shown, key if quiz else None, drawn, size)


def plot_text(plot: Any, fmt: str, digits: int = 4, width: int = 80, height: int = 24,
              color: bool = False) -> str | bytes:
    """A plot in ``fmt`` (``tracer.render.plot.FORMATS``; any other is a usage error naming
    them), the one path ``tracer plot``, ``tracer check --plot`` and the API's ``Plot``
    share. The error plot of a check, as JSON, also holds the check's own result under
    "check", exactly as ``tracer check -f json`` writes it: the numbers of the picture and of
    the table in one document."""
    from tracer.render.plot import plot_format, render

    plot_format(fmt)
    extra = None
    if fmt == "json" and plot.kind == "errors" and plot.check is not None:
        extra = {"check": views.run_data(plot.check)}
    return render(plot, fmt, digits, width, height, color, extra)
