"""What every writer shares: the walk over a document's blocks, and a trace cell's two texts.

A writer is a ``Writer`` subclass with one method per kind of block (``heading``, ``para``,
``code``, ``trace_table``, ``grid``, ``diagram``); each block names its method, so a writer
never tests what a block is. Adding a format is one module with such a class, plus its line
in ``tracer.render.FORMATS``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from tracer.core.printer import Flavor, approximate, chain, equals, format_value, render
from tracer.views.document import (
    BLANK,
    Block,
    Cell,
    Code,
    Diagram,
    Document,
    Gap,
    Grid,
    Heading,
    Inline,
    Note,
    Para,
    TraceRows,
    TraceTable,
    Value,
)


@dataclass(frozen=True)
class Settings:
    """How a document is written: every writer reads what applies to it."""

    digits: int = 4
    standalone: bool = False  # LaTeX: a complete document rather than a fragment
    fragment: bool = False  # HTML: the body alone, as a notebook shows it
    width: int = 10_000  # terminal: the width to lay tables out in
    interactive: bool = False  # HTML: the worksheet (step through the sweep, check answers)


class Writer:
    """Walks a document's blocks; a subclass says how each kind of block looks."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def digits(self) -> int:
        return self.settings.digits

    def write(self, doc: Document) -> Any:
        return self.finish(doc, [self.block(b) for b in doc.blocks])

    def block(self, block: Block) -> Any:
        return getattr(self, block.method)(block)

    def finish(self, doc: Document, parts: list[Any]) -> Any:
        """The whole text from the blocks' texts (a blank line between blocks), in one join:
        a long table's text is copied once more, not twice."""
        pieces: list[Any] = []
        for p in parts:
            if p:
                pieces += (p, "\n\n")
        if not pieces:
            return "\n"
        pieces[-1] = "\n"
        return "".join(pieces)

    def heading(self, block: Heading) -> Any:
        raise NotImplementedError

    def para(self, block: Para) -> Any:
        raise NotImplementedError

    def code(self, block: Code) -> Any:
        raise NotImplementedError

    def trace_table(self, block: TraceTable) -> Any:
        raise NotImplementedError

    def grid(self, block: Grid) -> Any:
        raise NotImplementedError

    def diagram(self, block: Diagram) -> Any:
        """Writers without a way to draw a graph leave it out."""
        return ""


def cell_parts(cell: Cell, fl: Flavor) -> tuple[str, str]:
    """A trace cell as the lecture writes it: (rule, output), e.g. ``v₁ = v₋₁ v₀`` and
    ``3 × (-4) = -12``, in the flavor ``fl`` (Unicode text or LaTeX)."""
    rule = chain(cell.rule, fl, cell.relation)
    value = "" if cell.value is BLANK else format_value(cell.value, fl.digits, fl.latex)
    if cell.numbers is None:
        return rule, value
    numbers = render(cell.numbers, numbers_flavor(fl))
    if not value:
        return rule, numbers
    if value.startswith(numbers + " "):  # exact: "ln(3) ≈ 1.099", not "ln(3) = ln(3) ≈ …"
        return rule, value
    return rule, f"{numbers} {equals(cell.value, fl.latex)} {value}"  # (7/3)⁵⁰ ≈ 2.505e+18


def approximated(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A sentence's items with the ``=`` written before a ``Value`` made what ``equals``
    says (``y⁽⁴⁾ = 4! c₄ ≈ 2.1e+19``): the text piece before a value is the writer's, the
    relation the value's."""
    if not any(type(item) is Value and approximate(item.value) for item in items):
        return items
    out = list(items)
    for k, item in enumerate(out):
        before = out[k - 1] if k else None
        if type(item) is Value and type(before) is str and before.endswith("= "):
            out[k - 1] = before[:-2] + equals(item.value) + " "
    return tuple(out)


def is_sentence(items: tuple[Inline, ...]) -> bool:
    """Is a result paragraph a sentence with numbers in it (check's verdict: "… to within
    1e-09 (relative) …"), to be bold as a whole, rather than a label and its values
    ("Result: y = 5", "Gradient of y: …"), whose label alone is bold? Its first words run
    on into a number, without a colon."""
    return (len(items) > 1 and type(items[0]) is str and type(items[1]) is Value
            and not items[0].rstrip().endswith(":"))


@cache
def numbers_flavor(fl: Flavor) -> Flavor:
    """The flavor of a substituted rule (products with ×), made once per flavor."""
    return replace(fl, numbers=True)


def headers(block: TraceTable) -> list[str]:
    """A trace table's column headers: each group is rule | Output, or one column of values."""
    out: list[str] = []
    for g, header in enumerate(block.headers):
        out += [header] if g in block.values_only else [header, "Output"]
    return out


def cell_count(doc: Document) -> tuple[int, int]:
    """How many table cells a document's tables have as a writer lays them out (a trace
    cell is its rule and its output, two columns; a program's decision, a line across the
    table, one), counted without building a row's cells; and how many of them each trace
    row adds, all the trace tables together (what one more row of ``--max-rows`` costs)."""
    cells = per_row = 0
    for block in doc.blocks:
        if isinstance(block, TraceTable):
            rows = block.rows
            items = rows.items if isinstance(rows, TraceRows) else rows
            shown = sum(1 for row in items if type(row) is int or isinstance(row, tuple))
            width = len(headers(block))
            cells += shown * width + sum(1 for row in items if type(row) is Note)
            per_row += width
        elif isinstance(block, Grid):
            cells += len(block.rows) * len(block.headers)
    return cells, per_row


def table_cells(block: TraceTable, fl: Flavor, frame: tuple[str, str, str] | None = None
                ) -> tuple[list[str], list[list[str] | str | int | Note]]:
    """A trace table's header row and its rows of texts (a Gap row is its hidden count, a
    Note stays a Note for the writer to set across the table). With a ``frame``, a row may
    be a whole line instead (see ``tracer.render.rows.table_texts``)."""
    if isinstance(block.rows, TraceRows) and not block.values_only:
        from tracer.render.rows import table_texts

        texts = table_texts(block.rows, fl, numbers_flavor(fl), lambda c: cell_parts(c, fl),
                            frame)
        if texts is not None:
            return headers(block), texts
    rows: list[list[str] | str | int | Note] = []
    for row in block.rows:
        if isinstance(row, Gap):
            rows.append(row.hidden)
            continue
        if isinstance(row, Note):
            rows.append(row)
            continue
        texts: list[str] = []
        for g, cell in enumerate(row):
            if g in block.values_only:
                texts.append("" if cell.value is BLANK else
                             format_value(cell.value, fl.digits, fl.latex))
            else:
                texts.extend(cell_parts(cell, fl))
        rows.append(texts)
    return headers(block), rows
