"""A trace table's rows as data, each row's cells built only when someone reads them.

A 10^5-row table would be 2·10^5 cells of expression trees, built to be printed once. Instead
``TraceRows`` holds the row indices (with the Gaps and Notes between them) and what the cells
are made from (``RowSource``: the evaluation, the pass, the mode). Read as a sequence it is the
table's rows, cells and all, as every reader expects (a quiz, the worksheet, CSV, tests); a
writer that prints rules from their shapes (``tracer.render.rows``) reads the source instead,
and never builds a cell for a row it can fill in from a shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, overload

from tracer.core.evaluate import Evaluation
from tracer.pipeline import Pass
from tracer.views.document import Cell, Gap, Note

Row = tuple[Cell, ...] | Gap | Note


class RowSource(NamedTuple):
    """What a table's trace rows are made from: the primal column, and the tangent or adjoint
    column of one pass (``mode``: None, "forward" or "reverse")."""

    ev: Evaluation
    p: Pass | None
    mode: str | None
    compact: bool
    users: list[list[tuple[int, int]]]  # reverse mode: each row position's (user, slot)


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
