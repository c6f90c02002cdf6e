"""The neutral document every table-shaped writer renders: content apart from layout.

A document is a list of blocks: headings, paragraphs, code, trace tables and plain grids.
Inline content is plain text, ``Math`` (expression trees, printed by each writer in its own
flavor: Unicode in the terminal, LaTeX in Markdown) or ``Value`` (a number each writer formats
to the requested digits). A trace table's cell is structured: the rule, the rule with numbers
substituted, and the value, so CSV can give each its own column and Markdown can join them as
the lecture does (``3 × (-4) = -12``).

Nothing here is a rendered string; writers in ``tracer.render`` turn documents into text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple, overload

from tracer.core.nodes import Node
from tracer.core.printer import is_exact


class _Blank:
    """The value of a cell that has none (a rule without a number, or a quiz blank)."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()


@dataclass(frozen=True)
class Math:
    """Inline math: ``nodes[0] relation nodes[1] = nodes[2] …``.

    ``numbers`` marks arithmetic on numbers, printed as the tables print substituted rules
    (``0.4 - 0.5 × (-0.005159)``). ``size``, a long formula's operation count: a writer short
    of room (the terminal) may show the count instead of the formula."""

    nodes: tuple[Node, ...]
    relation: str = "="
    numbers: bool = False
    size: int | None = None


@dataclass(frozen=True)
class Value:
    """An inline number, formatted by the writer."""

    value: Any


Inline = str | Math | Value


@dataclass(frozen=True)
class Heading:
    """A heading: ``level`` 1 is the title, 2 a section's."""

    method: ClassVar[str] = "heading"  # the writer method that draws it
    items: tuple[Inline, ...]
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph; ``style`` is "" or one of "result", "note", "warning"."""

    method: ClassVar[str] = "para"  # the writer method that draws it
    items: tuple[Inline, ...]
    style: str = ""


@dataclass(frozen=True)
class Code:
    """Verbatim text, such as a program listing."""

    method: ClassVar[str] = "code"  # the writer method that draws it
    text: str


@dataclass(frozen=True, init=False)
class Cell:
    """One column group of a trace row: rule, substituted numbers, value."""

    rule: tuple[Node, ...] = ()
    numbers: Node | None = None
    value: Any = BLANK
    relation: str = "="
    given: bool = False  # part of the question, not of the answer: an input, a seed

    def __init__(self, rule: tuple[Node, ...] = (), numbers: Node | None = None,
                 value: Any = BLANK, relation: str = "=", given: bool = False) -> None:
        # Two cells a trace row, 10^5 rows: set at once, not field by field as a frozen
        # dataclass's own __init__ does.
        self.__dict__.update(rule=rule, numbers=numbers, value=value, relation=relation,
                             given=given)


@dataclass(frozen=True)
class Gap:
    """Rows left out of a long table; ``budget``: more rows than the document's budget of
    table cells holds, so that some are left out whatever ``--max-rows`` asks."""

    hidden: int
    budget: bool = False


@dataclass(frozen=True)
class Note:
    """A line across a trace table that is not a row: a decision the program took there
    (``while b.norm() < 1000: 377.1 < 1000 → true``). ``answers`` are the positions in
    ``items`` of the numbers computed from the point (377.1, not the constant 1000): a quiz
    leaves them blank, as it does the rows' values."""

    items: tuple[Inline, ...]
    answers: tuple[int, ...] = ()


# --- a trace table's rows, built when read -----------------------------------------------------
#
# A 10^5-row table would be 2·10^5 cells of expression trees, built to be printed once. Instead
# ``TraceRows`` holds the row indices (with the Gaps and Notes between them) and what the cells
# are made from (``RowSource``). Read as a sequence it is the table's rows, cells and all, as
# every reader expects (a quiz, the worksheet, CSV, tests); a writer that prints rules from
# their shapes (``tracer.render.rows``) reads the source instead.

Row = tuple[Cell, ...] | Gap | Note


class RowSource(NamedTuple):
    """What a table's trace rows are made from: the primal column, and the tangent or adjoint
    column of one pass (``mode``: None, "forward" or "reverse")."""

    ev: Any  # tracer.core.evaluate.Evaluation
    p: Any  # tracer.pipeline.Pass, or None
    mode: str | None
    compact: bool
    users: list[list[tuple[int, int]]]  # reverse mode: each row position's (user, slot)
    shapes: Any  # tracer.views.rows.ShapeRules: the rule trees of shapes, for writers


class TraceRows(Sequence[Row]):
    """A trace table's rows: ``items`` are trace row indices (their cells made by ``cells``
    when read), Gaps, Notes, and rows already made (the closing ``y = v_l`` rows)."""

    __slots__ = ("cells", "items", "source")

    def __init__(self, items: list[int | Row], cells: Callable[[int], tuple[Cell, ...]],
                 source: RowSource) -> None:
        self.items = items
        self.cells = cells
        self.source = source

    def _row(self, item: int | Row) -> Row:
        return self.cells(item) if type(item) is int else item  # type: ignore[return-value,arg-type]

    @overload
    def __getitem__(self, k: int) -> Row: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, k: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(k, slice):
            return tuple(self._row(item) for item in self.items[k])
        return self._row(self.items[k])

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Row]:
        cells = self.cells
        for item in self.items:
            yield cells(item) if type(item) is int else item  # type: ignore[misc,arg-type]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (TraceRows, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"TraceRows({tuple(self)!r})"

    def gaps(self) -> list[Gap]:
        """The Gaps among the rows (without building a row's cells)."""
        return [item for item in self.items if type(item) is Gap]

    def with_gaps(self, change: Callable[[Gap], Any]) -> TraceRows:
        """The same rows with each Gap changed."""
        items = [change(item) if type(item) is Gap else item for item in self.items]
        return TraceRows(items, self.cells, self.source)

    def first_width(self) -> int:
        """How many cells a row has (0 for a table without rows)."""
        for item in self.items:
            if type(item) is int or isinstance(item, tuple):
                return len(self._row(item))  # type: ignore[arg-type]
        return 0

    def shown(self) -> int:
        """How many rows of cells the table has."""
        return sum(1 for item in self.items if type(item) is int or isinstance(item, tuple))


@dataclass(frozen=True)
class TraceTable:
    """The lecture's layout: each header names a column group shown as rule | Output."""

    method: ClassVar[str] = "trace_table"  # the writer method that draws it
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...] | Gap | Note, ...]
    kind: str = "trace"  # "trace", "sweep" for the backward sweep's += lines, or "data"
    values_only: tuple[int, ...] = ()  # groups shown as one column of values (no rule)
    # groups whose values are exact (sympy's), told when a quiz has left them blank: a data
    # writer keeps their exact column for the student to fill
    exact: tuple[int, ...] = ()

    def exact_groups(self) -> tuple[int, ...]:
        """The column groups that hold exact values (told, or seen in the cells). A trace's
        rows in floats hold none, and their cells are not made to look (a quiz's key of a
        10⁵-row reverse trace made every row's cells six times over: 15 s of 30)."""
        rows = self.rows
        if isinstance(rows, TraceRows) and not rows.source.ev.exact:
            return tuple(g for g in range(len(self.headers)) if g in self.exact)
        return tuple(g for g in range(len(self.headers)) if g in self.exact or any(
            isinstance(row, tuple) and g < len(row) and is_exact(row[g].value)
            for row in rows))


@dataclass(frozen=True)
class Grid:
    """A plain table of inline cells (results, updates, comparisons)."""

    method: ClassVar[str] = "grid"  # the writer method that draws it
    headers: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Diagram:
    """A dependency graph (``tracer.analysis.graph.Graph``): Mermaid in Markdown, a tree on the
    terminal; writers without a way to draw it leave it out."""

    method: ClassVar[str] = "diagram"  # the writer method that draws it
    graph: Any


Block = Heading | Para | Code | TraceTable | Grid | Diagram


@dataclass(frozen=True)
class Document:
    """What one command shows. ``title`` is plain text (a file's or a page's title).

    ``table`` is the document's data as one tidy table, for formats that hold a single table
    (CSV): every number a ``Value`` at full precision, every annotation in its own column (a
    Jacobian's matrix, a check's differences). None: the trace tables are that table."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    table: Grid | None = None
    # Results the blocks show in their own way (a training step's grid, the accumulated
    # gradient's lines) as trace-table-shaped data: CSV writes each as a table of its own
    # after the trace tables, a row per name with its rule, numbers and value.
    data: tuple[TraceTable, ...] = ()


# --- a long list of objects, as columns --------------------------------------------------------


class Records:
    """A long list of objects of the same keys (a trace's rows in JSON), given as chunks of
    columns, so that a writer can write each column in one call and never build an object per
    row. ``chunks()`` yields, each time, one sequence per key, all of the same length; a key in
    ``optional`` is left out of an object whose value is None. Iterated, it is the objects,
    one at a time (an array may be a tuple there, as JSON writes a list)."""

    __slots__ = ("chunks", "count", "keys", "optional")

    def __init__(self, keys: tuple[str, ...], chunks: Callable[[], Iterator[tuple[Any, ...]]],
                 count: int, optional: frozenset[str] = frozenset()) -> None:
        self.keys, self.chunks, self.count, self.optional = keys, chunks, count, optional

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        keys, optional = self.keys, self.optional
        for columns in self.chunks():
            for values in zip(*columns, strict=True):
                yield {k: v for k, v in zip(keys, values, strict=True)
                       if v is not None or k not in optional}
