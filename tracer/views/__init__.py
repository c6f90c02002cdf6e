"""Views: runs as neutral documents (``tracer.views.document``), laid out as the lecture's tables.

``document(run)`` picks the view for any run; the modules hold one family each: ``parts`` (the
cells, tables and paragraphs every document uses), ``modes`` (trace, forward, reverse,
Jacobian), ``higher`` (derivatives, Hessian), ``checks`` (check, swell), ``tools`` (graph,
grade).
"""

from __future__ import annotations

from typing import Any

from tracer.pipeline import JacobianRun
from tracer.views.checks import check_document, swell_document
from tracer.views.document import Document
from tracer.views.higher import derivatives_document, hessian_document, tangent_of_adjoint_cell
from tracer.views.modes import (
    forward_document,
    jacobian_document,
    primal_document,
    reverse_document,
)
from tracer.views.parts import (
    DEFAULTS,
    FILE_CELLS,
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
from tracer.views.tools import grade_document, graph_document

__all__ = [
    "FILE_CELLS", "TERMINAL_CELLS", "ViewOptions",
    "adjoint_cell", "check_document", "derivatives_document", "document",
    "formula_blocks", "forward_document", "grade_document", "graph_document", "hessian_document",
    "jacobian_document", "jacobian_grid", "output_cells", "primal_cell", "primal_document",
    "reverse_document", "seed_para", "shown_rows", "step_blocks", "sweep_table",
    "swell_document", "tangent_cell", "tangent_of_adjoint_cell", "trace_table",
]


def document(run: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """The document for a run of any kind."""
    if isinstance(run, JacobianRun):
        return jacobian_document(run, opts)
    build = {"TaylorRun": derivatives_document, "HessianRun": hessian_document,
             "CheckRun": check_document, "SwellRun": swell_document,
             "Graph": graph_document, "GradeRun": grade_document}.get(type(run).__name__)
    if build is not None:
        return build(run, opts)
    build = {"trace": primal_document, "forward": forward_document,
             "reverse": reverse_document}[run.mode]
    return build(run, opts)
