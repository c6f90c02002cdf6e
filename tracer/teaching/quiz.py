"""Quiz mode: a trace's structure with its computed cells left blank, for assignments.

``values`` blanks every computed value and substituted line and keeps the rules, so a student
computes each row; ``rules`` blanks the rules too (keeping each row's left-hand side), so a
student also writes the rule. What the question gives stays: the inputs, the seeds, the row
structure, and every name (a result line reads "Gradient of y: (∂y/∂x₁, ∂y/∂x₂) = (___, ___)").
Result lines and result tables have their numbers blanked as well. The answer key is the same
document without this transform; every writer renders either.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tracer.core.nodes import Hole, Name, Node, Num, Sym, Tup, walk
from tracer.views.document import (
    BLANK,
    Block,
    Cell,
    Document,
    Grid,
    Inline,
    Math,
    Note,
    Para,
    TraceTable,
    Value,
)

MODES = ("values", "rules")


def blank_cell(cell: Cell, mode: str) -> Cell:
    if cell.given:
        return cell
    rule = cell.rule
    # A rule that only names another quantity (y = v₄, v̄₄ = ȳ) is structure, not an answer.
    if mode == "rules" and len(rule) > 1 and not isinstance(rule[-1], (Sym, Name)):
        rule = (rule[0], Hole())
    return replace(cell, rule=rule, numbers=None, value=BLANK)


def _has_number(node: Node) -> bool:
    if isinstance(node, Tup):
        return any(_has_number(i) for i in node.items)
    return any(isinstance(n, Num) for n in walk(node))


def _blank_node(node: Node) -> Node:
    """An answer blank where it holds a number, item by item in a tuple; a name stays."""
    if isinstance(node, Tup):
        return Tup(tuple(_blank_node(i) for i in node.items))
    return Hole() if _has_number(node) else node


def _blank_inline(item: Inline) -> Inline:
    """A result's numbers blank, its names kept: the last quantity of a chain is its answer
    (ẏ = ∂y/∂x₁ = ___), and a chain of names alone (the output y) is part of the question.
    A value, and a substituted line (0.15 - 0.5 × (-0.0004) = …, which holds the answers of
    its row's other cells), is one blank whole (a Value would need a number to draw)."""
    if isinstance(item, Value) or (isinstance(item, Math) and item.numbers):
        return Math((Hole(),))
    if isinstance(item, Math):
        return Math((*item.nodes[:-1], _blank_node(item.nodes[-1])), item.relation)
    return item


def quiz(doc: Document, mode: str) -> Document:
    """The document with its answers blank."""
    if mode not in MODES:
        raise ValueError(f"quiz mode must be one of {MODES}")
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, TraceTable):
            rows: list[Any] = [tuple(blank_cell(c, mode) for c in row)
                               if isinstance(row, tuple) else _blank_note(row)
                               if isinstance(row, Note) else row for row in block.rows]
            blocks.append(replace(block, rows=tuple(rows), exact=block.exact_groups()))
        elif isinstance(block, Para) and block.style == "result":
            blocks.append(replace(block, items=tuple(_blank_inline(i) for i in block.items)))
        elif isinstance(block, Grid):
            blocks.append(_blank_grid(block))
        else:
            blocks.append(block)
    table = None
    if doc.table is not None:  # the data table (CSV): a blank is an empty cell
        table = replace(doc.table, rows=tuple(
            (row[0], *(Value(BLANK) if isinstance(c, Value) else _blank_inline(c)
                       for c in row[1:])) for row in doc.table.rows))
    data = tuple(replace(t, rows=tuple(tuple(blank_cell(c, mode) for c in row)
                                       for row in t.rows), exact=t.exact_groups())
                 for t in doc.data)
    return Document(doc.title + " (quiz)", tuple(blocks), table, data)


def _blank_note(note: Note) -> Note:
    """A decision with the numbers it computed from the point blank (while b.norm() < 1000:
    ___ < 1000 → true): they are values of the rows the quiz leaves blank."""
    items = tuple(Math((Hole(),)) if k in note.answers else item
                  for k, item in enumerate(note.items))
    return Note(items)


def _blank_grid(grid: Grid) -> Grid:
    """A grid with every cell but the first of each row (its name) blank."""
    rows = [(row[0], *(_blank_inline(c) for c in row[1:])) for row in grid.rows]
    return replace(grid, rows=tuple(rows))


# The keys that carry only answers: a JSON quiz has each with every number (and every word
# that answers, as "cheaper") null, its shape kept (an output's and an input's names), for a
# student to fill in; ``tracer grade`` marks each number of the key's the quiz left null. (A
# Jacobian's "forward" and "reverse" and a Hessian's "cost" are the passes and operations its
# cost table asks.)
ANSWER_KEYS = ("jacobian", "jacobian_exact", "forward", "reverse", "cost", "step", "step_exact",
               "accumulated",
               "outputs_exact", "derivatives", "derivatives_exact", "coefficients",
               "coefficients_exact", "hessian", "hessian_exact", "gradient", "gradient_exact",
               "autodiff", "autodiff_forward", "symbolic", "symbolic_formulas", "differences",
               "best_step", "asymmetry", "agree", "cheaper", "reason")


def nulled(value: Any) -> Any:
    """An answer's shape with its leaves null: {"y1": {"x1": null, …}}, [null, …]."""
    if isinstance(value, dict):
        return {k: nulled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nulled(v) for v in value]
    return None


def _control_quiz(c: Any) -> Any:
    """A decision with the numbers it computed from the point null (those it read as written
    stay); one of another shape, from a file, null throughout."""
    if not isinstance(c, dict) or not isinstance(c.get("values"), list):
        return nulled(c)
    computed = c.get("computed")
    if not isinstance(computed, list) or not computed:
        computed = [True] * len(c["values"])
    return {**c, "values": [None if done else v for v, done in zip(
        c["values"], computed, strict=False)]}


def quiz_json(doc: dict[str, Any], mode: str) -> dict[str, Any]:
    """A JSON document with its answers null: the inputs, the rows' structure, the seeds and
    the learning rate stay; every computed number is null, in the answers' keys too."""
    out = {k: nulled(v) if k in ANSWER_KEYS else v for k, v in doc.items()}
    out["quiz"] = mode
    rows = doc.get("rows", [])
    n = sum(1 for row in rows if row["index"] <= 0)
    out["rows"] = [row if row["index"] <= 0 else
                   {**row, "value": None, **({"exact": None} if "exact" in row else {})}
                   for row in rows]
    if "outputs" in doc:  # a key's file may hold anything there: null, whatever it is
        out["outputs"] = nulled(doc["outputs"])
    if isinstance(doc.get("controls"), list):  # a decision's numbers from the point too
        out["controls"] = [_control_quiz(c) for c in doc["controls"]]
    seeded = {"forward": ("column", "column_exact"), "hessian": ("tangents",)}
    passes = []
    for p in doc.get("passes", []):
        keep = seeded.get(doc.get("mode"), ())  # a forward column starts with its seed
        new = {}
        for key, value in p.items():
            if key in ("seed", "seed_exact", "wrt"):
                new[key] = value
            elif isinstance(value, list):
                new[key] = [v if key in keep and i < n else None for i, v in enumerate(value)]
            elif isinstance(value, dict):
                new[key] = nulled(value)
            else:
                new[key] = None
        passes.append(new)
    if "passes" in doc:
        out["passes"] = passes
    return out
