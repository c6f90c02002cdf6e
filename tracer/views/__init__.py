"""Views: runs as neutral documents (``tracer.views.document``), laid out as the lecture's tables.

``document(run)`` picks the view for any run; the modules hold one family each: ``parts`` (the
cells, tables and paragraphs every document uses), ``modes`` (trace, forward, reverse,
Jacobian), ``higher`` (derivatives, Hessian), ``checks`` (check, swell), ``tools`` (graph,
grade). ``higher``, ``checks`` and ``tools`` (and the analyses their runs come from) are loaded
on first use, so that ``tracer forward`` starts without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any, NamedTuple

from tracer.errors import UsageProblem
from tracer.pipeline import JacobianRun, Run
from tracer.views import data
from tracer.views.document import Document, Gap, Heading, TraceRows, TraceTable
from tracer.views.modes import (
    forward_document,
    jacobian_document,
    primal_document,
    reverse_document,
)
from tracer.views.parts import (
    DEFAULTS,
    FILE_CELLS,
    SCREEN_ROWS,
    TERMINAL_CELLS,
    ViewOptions,
    adjoint_cell,
    formula_blocks,
    jacobian_grid,
    output_cells,
    primal_cell,
    seed_para,
    shown_rows,
    step_blocks,
    sweep_table,
    tangent_cell,
    trace_table,
)

# name -> the module (under tracer.views) that defines it, imported on first use
_LAZY = {"check_document": "checks", "swell_document": "checks",
         "derivatives_document": "higher", "hessian_document": "higher",
         "tangent_of_adjoint_cell": "higher", "grade_document": "tools",
         "graph_document": "tools"}

__all__ = [
    "FILE_CELLS", "QUIZZED", "SCREEN_ROWS", "TAKES", "TERMINAL_CELLS", "ViewOptions",
    "adjoint_cell", "check_document", "check_options", "command_of", "derivatives_document",
    "document",
    "formula_blocks", "forward_document", "grade_document", "graph_document", "hessian_document",
    "jacobian_document", "jacobian_grid", "output_cells", "primal_cell", "primal_document",
    "reverse_document", "seed_para", "shown_rows", "step_blocks", "sweep_table",
    "swell_document", "tangent_cell", "tangent_of_adjoint_cell", "trace_table",
]


class Kind(NamedTuple):
    """How one kind of run is shown: as a document, and as data (what JSON writes)."""

    document: Callable[[Any, ViewOptions], Document]
    data: Callable[[Any, bool], dict[str, Any]]  # (run, stream)
    command: str = ""  # the command that makes such a run (a Run's is its mode)


# The options of a view each command takes (as tests check, the command line's own), and
# the API's writers take for every run: one its run's command does not take is refused, as
# the command line refuses the option (a check's quiz blanked every cell, 24 empty rows;
# forward().to_markdown(sweep=True) showed no sweep and said nothing).
QUIZZED = ("trace", "forward", "reverse", "jacobian", "derivatives", "hessian")
TAKES = {"quiz": QUIZZED, "sweep": ("reverse",), "graph": ("forward", "reverse"),
         "compact": ("forward", "reverse", "derivatives", "hessian"),
         "max_rows": ("trace", "forward", "reverse", "derivatives", "hessian"),
         "no_heading": (*QUIZZED, "check", "swell"), "standalone": (*QUIZZED, "check", "swell"),
         "comments": (*QUIZZED, "check", "graph")}


def command_of(run: Any) -> str:
    """The command that makes a run like ``run``: its mode for a Run, else its kind's."""
    return run.mode if isinstance(run, Run) else kind(run).command


def check_options(run: Any, **asked: Any) -> None:
    """Refuse an option asked of a run whose command does not take it (``asked``: each
    option's value, None or False when not asked)."""
    command = command_of(run)
    for option, value in asked.items():
        takers = TAKES[option]
        if value not in (None, False) and command not in takers:
            name = option.replace("_", "-")
            raise UsageProblem(f"--{name} is for {', '.join(takers[:-1])}"
                               f"{' and ' if len(takers) > 1 else ''}{takers[-1]}: "
                               f"{command} takes no --{name}")


_MODES = {"trace": primal_document, "forward": forward_document, "reverse": reverse_document}


def _run_document(run: Run, opts: ViewOptions) -> Document:
    return _MODES[run.mode](run, opts)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"tracer.views.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'tracer.views' has no attribute {name!r}")


@cache
def _kinds() -> dict[type, Kind]:
    """The registry: each run type and its views, in one place (the modes' runs first; the
    other kinds, with their analyses, are added by ``_more_kinds`` when a run needs them)."""
    return {
        Run: Kind(_run_document, data.run_data),
        JacobianRun: Kind(jacobian_document, data.jacobian_document, "jacobian"),
    }


def _more_kinds() -> dict[type, Kind]:
    """The derivatives, Hessian, graph and grade runs and their views."""
    from tracer.analysis.graph import Graph
    from tracer.analysis.hessian import HessianRun
    from tracer.analysis.results import CheckRun, SwellRun
    from tracer.analysis.taylor import TaylorRun
    from tracer.teaching.marks import GradeRun
    from tracer.views.checks import check_document, swell_document
    from tracer.views.higher import derivatives_document, hessian_document
    from tracer.views.tools import grade_document, graph_document

    return {
        TaylorRun: Kind(derivatives_document, data.derivatives_document, "derivatives"),
        HessianRun: Kind(hessian_document, data.hessian_document, "hessian"),
        Graph: Kind(graph_document, data.graph_document, "graph"),
        GradeRun: Kind(grade_document, data.grade_document, "grade"),
        CheckRun: Kind(check_document, data.check_document, "check"),
        SwellRun: Kind(swell_document, data.swell_document, "swell"),
    }


def kind(run: Any) -> Kind:
    kinds = _kinds()
    if type(run) not in kinds:
        kinds.update(_more_kinds())
    try:
        return kinds[type(run)]
    except KeyError:
        raise TypeError(f"tracer has no view of a {type(run).__name__}") from None


def document(run: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """The document for a run of any kind (without its title heading if ``opts`` says so)."""
    doc = _budget_gaps(kind(run).document(run, opts), opts)
    if opts.heading:
        return doc
    return replace(doc, blocks=tuple(b for b in doc.blocks
                                     if not (isinstance(b, Heading) and b.level == 1)))


def _budget_gaps(doc: Document, opts: ViewOptions) -> Document:
    """Mark the gaps the cell budget keeps: tables whose every row is more cells than the
    document holds, so that even ``max_rows=0`` would leave rows out."""
    def cut(table: TraceTable) -> TraceTable:
        rows = table.rows
        if isinstance(rows, TraceRows):  # counted without building a row's cells
            gaps, shown, width = [g.hidden for g in rows.gaps()], rows.shown(), \
                rows.first_width()
        else:
            gaps = [r.hidden for r in rows if isinstance(r, Gap)]
            cells = [r for r in rows if isinstance(r, tuple)]
            shown, width = len(cells), len(cells[0]) if cells else 0
        if not gaps or not shown or (shown + sum(gaps)) * width <= opts.max_cells:
            return table
        if isinstance(rows, TraceRows):
            return replace(table, rows=rows.with_gaps(lambda g: replace(g, budget=True)))
        return replace(table, rows=tuple(replace(r, budget=True) if isinstance(r, Gap) else r
                                         for r in rows))

    return replace(doc, blocks=tuple(cut(b) if isinstance(b, TraceTable) else b
                                     for b in doc.blocks))


def run_data(run: Any, stream: bool = False) -> dict[str, Any]:
    """The data of a run of any kind (the JSON document; the schema is in the README); with
    ``stream`` its trace rows are an iterator, to be written once and not kept."""
    return kind(run).data(run, stream)
