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

from dataclasses import dataclass, field
from typing import Any, ClassVar

from tracer.core.nodes import Node


class _Blank:
    """The value of a cell that has none (a rule without a number, or a quiz blank)."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()


@dataclass(frozen=True)
class Math:
    """Inline math: ``nodes[0] relation nodes[1] = nodes[2] …``.

    ``numbers`` marks arithmetic on numbers, printed as the tables print substituted rules
    (``0.4 - 0.5 × (-0.005159)``)."""

    nodes: tuple[Node, ...]
    relation: str = "="
    numbers: bool = False


@dataclass(frozen=True)
class Value:
    """An inline number, formatted by the writer."""

    value: Any


Inline = str | Math | Value


@dataclass(frozen=True)
class Heading:
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
    (``while b.norm() < 1000: 377.1 < 1000 → true``)."""

    items: tuple[Inline, ...]


@dataclass(frozen=True)
class TraceTable:
    """The lecture's layout: each header names a column group shown as rule | Output."""

    method: ClassVar[str] = "trace_table"  # the writer method that draws it
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...] | Gap | Note, ...]
    kind: str = "trace"  # "trace", or "sweep" for the backward sweep's += lines
    values_only: tuple[int, ...] = ()  # groups shown as one column of values (no rule)


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
