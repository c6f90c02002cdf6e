"""Documents for the dependency graph and for grading a filled-in quiz."""

from __future__ import annotations

from typing import Any

from tracer.core.printer import format_value, visible
from tracer.pipeline import Pass
from tracer.views.document import (
    Block,
    Diagram,
    Document,
    Grid,
    Heading,
    Para,
    Value,
)
from tracer.views.parts import (
    DEFAULTS,
    ViewOptions,
    evaluation_notes,
    formula_blocks,
    seed_para,
    shown_grid,
    source_blocks,
)

# --- graphs and grades ----------------------------------------------------------------------------

def graph_document(g: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """The dependency graph: each row with its value, each edge with its local partial; or,
    drawn without a point, the structure alone."""
    ev = g.ev
    what = {"forward": "with tangents (forward mode)", "reverse": "with adjoints (reverse mode)",
            None: ""}[g.mode]
    if ev is None:
        blocks: list[Block] = [Heading(("Dependency graph",)),
                               *source_blocks(g.trace, opts),
                               Para(("No point was given, so this is the structure alone: each "
                                     "node's rule and each edge's local partial derivative, "
                                     "without values (give --at to see them).",), style="note")]
        return Document("tracer: dependency graph", (*blocks, Diagram(g)))
    blocks = [Heading((f"Dependency graph {what}".strip(),)), *formula_blocks(ev, opts)]
    if g.seed:
        blocks.append(seed_para(Pass(g.seed, (), {}), "dot" if g.mode == "forward" else "bar"))
    blocks.append(Para(("Each edge carries the local partial derivative of the row it enters "
                        "with respect to the row it leaves, as a rule and a value.",),
                       style="note"))
    blocks.append(Diagram(g))
    blocks += evaluation_notes(ev)
    return Document("tracer: dependency graph", tuple(blocks))


def _expected(mark: Any, digits: int) -> str | Value:
    """What a cell should hold: an exact cell's exact form with its decimal, as an exact
    table prints it (-13/3 ≈ -4.333; a whole number alone), beside the rule that ends in it;
    a value cell's decimal."""
    if not mark.form:
        return Value(mark.expected)
    try:
        float(mark.form)
    except ValueError:
        return f"{mark.form} ≈ {format_value(mark.expected, digits)}"
    return Value(mark.expected)  # a form that is a decimal (-12, nan) is its value


SHOWN_CELL = 80  # characters of a student's cell shown in the report (a table of them)


def _one_line(text: str) -> str:
    """A student's cell on one line, its control characters shown (a cell of two lines
    broke a Markdown table in two; an escape sequence in it recoloured the terminal), cut
    short past SHOWN_CELL characters (a cell of 100,000 digits was 100,000 columns wide)."""
    text = visible(" ".join(text.splitlines()))
    return text if len(text) <= SHOWN_CELL else \
        f"{text[:SHOWN_CELL - 1]}… ({len(text):,} characters)"


def grade_document(grun: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """A submission marked against the key: the score, then every cell that is not right."""
    total = len(grun.marks)
    wrong = [m for m in grun.marks if not m.is_right]
    blocks: list[Block] = [
        Heading(("Grading",)),
        Para((f"{visible(grun.submission)} against {visible(grun.key)}: {grun.right} of "
              f"{total} cells right "
              "(tolerance: relative ", Value(grun.rel_tol), " or absolute ",
              Value(grun.abs_tol), ")."), style="result"),
    ]
    if wrong:
        blocks.append(Grid(("Cell", "You wrote", "Status", "Expected", "The row's rule gives"),
                           shown_grid(len(wrong), lambda k: (
                               visible(wrong[k].where), _one_line(wrong[k].submitted) or "–",
                               wrong[k].status, _expected(wrong[k], opts.digits),
                               visible(wrong[k].rule) or "–"),
                               opts.max_rows, "cell")))
    else:
        blocks.append(Para(("Every cell is right.",), style="note"))
    every = Grid(("cell", "status", "submitted", "expected", "rule"),
                 tuple((visible(m.where), m.status, visible(m.submitted), Value(m.expected),
                        visible(m.rule)) for m in grun.marks))
    return Document("tracer: grade", tuple(blocks), table=every)
