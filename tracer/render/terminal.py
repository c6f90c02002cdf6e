"""The terminal writer: rich tables in the lecture's layout, Unicode names, no markup parsing.

Text is always passed to rich as ``Text`` objects, never as markup, so a ``[`` in a message is
only a bracket. Without a terminal (piped output, files, tests) no colour codes are written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from tracer.core.printer import TEXT, Flavor, chain, format_value
from tracer.render.base import Settings, Writer, table_cells
from tracer.views.document import (
    Code,
    Diagram,
    Document,
    Grid,
    Heading,
    Inline,
    Math,
    Note,
    Para,
    TraceTable,
    Value,
)

_STYLES = {"result": "bold", "warning": "yellow", "note": "dim", "": ""}


def inline(items: tuple[Inline, ...], fl: Flavor) -> str:
    out = []
    for item in items:
        if isinstance(item, Math):
            flavor = replace(fl, numbers=True) if item.numbers else fl
            out.append(chain(item.nodes, flavor, item.relation))
        elif isinstance(item, Value):
            out.append(format_value(item.value, fl.digits))
        else:
            out.append(item)
    return "".join(out)


class TerminalWriter(Writer):
    """Each block as a rich renderable; ``to_console`` prints them with blank lines around
    tables, as the lecture's handouts space them."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.fl = TEXT.with_digits(settings.digits)

    def heading(self, block: Heading) -> Text:
        style = "bold underline" if block.level == 1 else "bold"
        return Text(inline(block.items, self.fl), style=style)

    def para(self, block: Para) -> Text:
        return Text(inline(block.items, self.fl), style=_STYLES.get(block.style, ""))

    def code(self, block: Code) -> Text:
        return Text("\n".join("    " + line for line in block.text.splitlines()), style="cyan")

    def diagram(self, block: Diagram) -> RenderableType:
        from tracer.render.graph import tree

        return tree(block.graph, self.digits)

    def trace_table(self, block: TraceTable) -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        headers, rows = table_cells(block, self.fl)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            if isinstance(row, int):
                note = f"⋮ {row:,} rows not shown (--max-rows 0 shows all)"
                table.add_row(Text(note, style="dim"), *["⋮"] * (len(headers) - 1))
            elif isinstance(row, Note):
                table.add_row(Text(inline(row.items, self.fl), style="italic"),
                              *[""] * (len(headers) - 1))
            else:
                table.add_row(*(Text(t) for t in row))
        return table

    def grid(self, block: Grid) -> RenderableType:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        for header in block.headers:
            table.add_column(Text(inline((header,), self.fl)), overflow="fold")
        for row in block.rows:
            table.add_row(*(Text(inline((c,), self.fl)) for c in row))
        if not block.caption:
            return table
        return Group(Text(inline(block.caption, self.fl)), table)


_SPACED = (Heading, TraceTable, Grid, Diagram)  # a blank line before these
_SPACING = (TraceTable, Grid, Diagram)  # … and after these


def to_console(doc: Document, console: Console, digits: int = 4) -> None:
    """Print a document on a rich console."""
    writer = TerminalWriter(Settings(digits))
    previous: object = None
    for block in doc.blocks:
        if previous is not None and (isinstance(block, _SPACED) or
                                     isinstance(previous, _SPACING)):
            console.print()
        previous = block
        console.print(writer.block(block))


def write(doc: Document, settings: Settings, fmt: str = "terminal") -> str:
    """The document as plain text at a fixed width, without colour (for files and tests)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=settings.width, color_system=None,
                      force_terminal=False, legacy_windows=False, highlight=False, emoji=False)
    to_console(doc, console, settings.digits)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def render_terminal(doc: Document, digits: int = 4, width: int = 100) -> str:
    return write(doc, Settings(digits, width=width))


def reveal(doc: Document, console: Console, digits: int, wait: Callable[[], bool]) -> None:
    """Print a document for live lecturing: each trace table's rows one at a time, after
    ``wait()`` (Enter); when ``wait`` returns False (end of input), the rest at once."""
    from rich.cells import cell_len

    fl = TEXT.with_digits(digits)
    waiting = True
    for block in doc.blocks:
        if not isinstance(block, TraceTable):
            to_console(Document(doc.title, (block,)), console, digits)
            continue
        headers, rows = table_cells(block, fl)
        lines = [r if isinstance(r, list) else [inline(r.items, fl)] if isinstance(r, Note)
                 else [f"⋮ {r:,} rows not shown"] for r in rows]
        widths = [max([cell_len(headers[c])] + [cell_len(r[c]) for r in lines if c < len(r)])
                  for c in range(len(headers))]

        console.print()
        console.print(Text(_padded(headers, widths), style="bold"))
        console.print(Text("━" * (sum(widths) + 3 * (len(widths) - 1))))
        for cells in lines:
            if waiting:
                waiting = wait()
            console.print(Text(_padded(cells, widths)))
        console.print()


def _padded(cells: list[str], widths: list[int]) -> str:
    """Cells padded to their columns' widths (Unicode-aware), three spaces apart."""
    from rich.cells import cell_len

    return "   ".join(c + " " * (w - cell_len(c))
                      for c, w in zip(cells, widths, strict=False)).rstrip()
