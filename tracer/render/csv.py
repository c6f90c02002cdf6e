"""The CSV writer: one tidy table per file, for spreadsheets, pandas and autograders.

Every file has one header row and one table. A trace document writes its trace rows: a
``table`` number (one table per pass), the ``row``, and for each column group of its tables
(primal, tangent, adjoint …) the rule, the rule with numbers substituted and the value; an exact
run adds each exact value in a column of its own, and a program's decisions stand in a
``decision`` column beside the row they follow; the results the document shows otherwise
(``Document.data``: a training step's new weights, accumulated gradients) follow as tables of
their own. A row a long table leaves out is not written. Any other document writes its data table
(``Document.table``): a Jacobian or a Hessian as a matrix, the names along the top and down
the side; a check's differences as one long table. Numbers are written in full precision
(Python's ``repr`` of a float), so every numeric column reads as numbers.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from tracer.core.printer import (
    TEXT,
    Flavor,
    approximate,
    chain,
    exact_hooks,
    is_exact,
    render,
)
from tracer.render import terminal
from tracer.render.base import Settings, Writer
from tracer.views.document import (
    BLANK,
    Cell,
    Diagram,
    Document,
    Grid,
    Heading,
    Note,
    TraceRows,
    TraceTable,
    Value,
)


def full(value: object) -> str:
    """A number in full precision: repr for floats; an exact value as its decimal (an exact
    integer stays an integer); nothing for a blank."""
    if value is BLANK:
        return ""
    if isinstance(value, float):
        return repr(value)
    if is_exact(value):
        return _exact_full(value)
    return str(value)


def _exact(value: Any, digits: int) -> str:
    """An exact column's cell: the exact form as the tables print it (``ln(3)``, ``-13/3``);
    one too long for a table as JSON writes it (sympy's spelling, in full), never its
    decimal, which the value column has."""
    if not is_exact(value):
        return full(value)
    if approximate(value):
        return str(value)
    return exact_hooks().form(value, digits, False)


@lru_cache(maxsize=1 << 14, typed=True)
def _exact_full(value: Any) -> str:
    """An exact value's decimal in full, remembered: the primal column stands in every pass's
    table, and sympy puts a number to a long exact value anew each time (95 passes of a
    95-input sum: 26 s)."""
    try:
        decimal = float(value)
    except (TypeError, ValueError, OverflowError):
        return ""  # no decimal (an infinity sympy cannot convert): the exact column has it
    if not math.isfinite(decimal) and getattr(value, "is_finite", False):
        return ""  # 10⁶⁰⁰ is finite, and no float: the exact column has it (JSON: null)
    # a whole number a float holds exactly stays whole (6, not 6.0; 2⁶⁰ in full); 10³⁰⁰ is
    # its float, 1e+300, not that float's 301 digits (1000000000000000052504760255…)
    whole = getattr(value, "is_Integer", False) and int(decimal) == int(value)  # type: ignore[call-overload]
    return str(int(decimal)) if whole else repr(decimal)


@dataclass
class _Group:
    """A column group of the trace tables, and which of its columns the file has."""

    name: str
    rule: bool  # rule and numbers columns (not a group of values alone)
    exact: bool  # an exact-value column


class CsvWriter(Writer):
    """Trace tables as one long table, or the document's data table; never two tables."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.fl = TEXT.with_digits(settings.digits)
        self.numbers = Flavor(numbers=True, digits=settings.digits)  # substituted rules

    def heading(self, block: Heading) -> None:
        return None

    para = code = heading  # type: ignore[assignment]

    def trace_table(self, block: TraceTable) -> TraceTable:
        # Cells once: the groups and the lines both read every row.
        return replace(block, rows=tuple(block.rows)) if isinstance(block.rows, TraceRows) \
            else block

    def grid(self, block: Grid) -> Grid:
        return block

    def diagram(self, block: Diagram) -> None:
        return None

    def finish(self, doc: Document, parts: list[Any]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        # The trace tables, then the results the document shows otherwise (a training
        # step's new weights, the accumulated gradients), each a table of its own.
        tables = [p for p in parts if isinstance(p, TraceTable)]
        tables += [self.trace_table(t) for t in doc.data] if tables else []
        grids = [p for p in parts if isinstance(p, Grid)]
        if doc.table is not None:
            self._grid(writer, doc.table)
        elif tables:
            self._tables(writer, tables)
        elif grids:  # a document without a data table: its first grid, alone
            self._grid(writer, grids[0])
        return out.getvalue()

    def _grid(self, writer: Any, grid: Grid) -> None:
        writer.writerow([_cell(h, self.fl) for h in grid.headers])
        for row in grid.rows:
            writer.writerow([_cell(c, self.fl) for c in row])

    def _tables(self, writer: Any, tables: list[TraceTable]) -> None:
        groups = _groups(tables)
        header = ["table", "row"]
        for g in groups.values():
            header += [f"{g.name} rule", f"{g.name} numbers"] if g.rule else []
            header += [f"{g.name} value"] + ([f"{g.name} exact"] if g.exact else [])
        decisions = any(isinstance(r, Note) for t in tables for r in t.rows)
        if decisions:
            header.append("decision")
        writer.writerow(header)
        lines: list[dict[str, str]] = []
        notes: dict[int, list[str]] = {}  # a line's decisions, joined once (a loop that
        for t, table in enumerate(tables, start=1):  # adds no row puts 10⁵ on one line)
            for row in table.rows:
                if isinstance(row, Note):
                    if lines and lines[-1]["table"] == str(t):
                        notes.setdefault(len(lines) - 1, []).append(
                            terminal.inline(row.items, self.fl))
                elif isinstance(row, tuple):
                    lines.append(self._line(t, table, row, groups))
                # A Gap (the rows --max-rows leaves out) writes nothing: every line is data.
        for k, said in notes.items():
            lines[k]["decision"] = "; ".join(said)
        writer.writerows([line.get(h, "") for h in header] for line in lines)

    def _line(self, t: int, table: TraceTable, row: tuple[Cell, ...],
              groups: dict[str, _Group]) -> dict[str, str]:
        fl, numbers = self.fl, self.numbers
        line = {"table": str(t), "row": chain(row[0].rule[:1], fl)}
        for name, cell in zip(table.headers, row, strict=False):
            if groups[name].rule:
                line[f"{name} rule"] = chain(cell.rule, fl, cell.relation)
                line[f"{name} numbers"] = "" if cell.numbers is None else \
                    render(cell.numbers, numbers)
            line[f"{name} value"] = full(cell.value)
            if groups[name].exact:
                line[f"{name} exact"] = _exact(cell.value, self.digits)
        return line


def _groups(tables: list[TraceTable]) -> dict[str, _Group]:
    """The column groups of all the tables, in order of first appearance (a --sweep document
    has a trace table and a sweep table per pass, with different groups)."""
    groups: dict[str, _Group] = {}
    for table in tables:
        exact = table.exact_groups()
        for g, name in enumerate(table.headers):
            group = groups.setdefault(name, _Group(name, False, False))
            group.rule = group.rule or g not in table.values_only
            group.exact = group.exact or g in exact
    return groups


def write(doc: Document, settings: Settings, fmt: str = "csv") -> str:
    return CsvWriter(settings).write(doc)


def render_csv(doc: Document, digits: int = 4) -> str:
    return write(doc, Settings(digits))


def _cell(item: object, fl: Flavor) -> str:
    """A grid cell: numbers in full precision, the rest as the terminal writes it."""
    if isinstance(item, Value):
        return full(item.value)
    return terminal.inline((item,), fl)  # type: ignore[arg-type]
