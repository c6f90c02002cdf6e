"""The terminal writer: the lecture's tables in Unicode text, laid out to the terminal's width.

Tables are laid out by ``tracer.render.layout``: a table wider than the terminal is cut into
tables between its column groups and its cells wrap where a line of math breaks, so a Hessian
or a long rule stays readable at 80 columns. Text is always passed to rich as ``Text``
objects, never as markup, so a ``[`` in a message is only a bracket. Without a terminal (piped
output, files, tests) no colour codes are written. For an output whose encoding is not Unicode
(an ASCII or latin-1 terminal) every text is spelled in what it can show before tables are laid
out (``tracer.render.spelling``: v̄₋₁ is vbar_-1), so the columns still line up.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.text import Text

from tracer.core.printer import TEXT, Flavor, chain, format_value, not_shown, visible
from tracer.render import speller_for
from tracer.render.base import Settings, Writer, approximated, table_cells
from tracer.render.layout import Across, Laid, Sheet, cell_len, lay_out
from tracer.views.document import (
    Block,
    Code,
    Diagram,
    Document,
    Gap,
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

if TYPE_CHECKING:
    from rich.tree import Tree


def inline(items: tuple[Inline, ...], fl: Flavor) -> str:
    return "".join(text for text, _ in _pieces(items, fl))


def _pieces(items: tuple[Inline, ...], fl: Flavor) -> list[tuple[str, bool]]:
    """Each item's text, and whether it is a formula (kept on one line where it fits)."""
    out = []
    for item in approximated(items):
        if isinstance(item, Math):
            flavor = replace(fl, numbers=True) if item.numbers else fl
            out.append((chain(item.nodes, flavor, item.relation), True))
        elif isinstance(item, Value):
            out.append((format_value(item.value, fl.digits), True))
        else:
            out.append((item, False))
    return out


def filled(pieces: list[tuple[str, bool]], width: int) -> str:
    """A sentence's text, its lines broken at the spaces between formulas and words, never
    inside a formula that fits on a line (``x₃ = 4.125`` stays whole at 80 columns; rich,
    given the text, breaks at any space); a sentence without such a formula as it is, for
    rich to wrap. A word wider than the line breaks before a ∂ (∂²y/∂a∂b of two 40-letter
    names: rich cut the second name wherever the line ended)."""
    joined = "".join(text for text, _ in pieces)
    if "\n" in joined or not (any(whole and " " in text for text, whole in pieces)
                              or any(cell_len(w) > width for w in joined.split(" "))):
        return joined
    words: list[str] = [""]  # the text between the spaces a line may break at
    for text, whole in pieces:
        if whole and cell_len(text) <= width:
            words[-1] += text
            continue
        first, *rest = text.split(" ")
        words[-1] += first
        words += rest
    lines: list[str] = []
    line = ""
    for word in words:
        for k, part in enumerate(_parts(word, width)):
            glue = " " if k == 0 else ""  # a word's parts join without a space
            if line and cell_len(line) + len(glue) + cell_len(part) > width:
                lines.append(line)
                line = part
            else:
                line = f"{line}{glue}{part}" if line else part
    return "\n".join([*lines, line])


def _parts(word: str, width: int) -> list[str]:
    """A word, or one wider than the line in pieces that begin at its ∂s."""
    if cell_len(word) <= width or "∂" not in word[1:]:
        return [word]
    return re.split(r"(?<=.)(?=∂)", word)


def _same(text: str) -> str:
    """Every text the terminal prints, its control characters shown (``spelling.visible``):
    a document's text is already so, a file name or a message may not be."""
    return visible(text)


class TerminalWriter(Writer):
    """Each block as a rich renderable; ``to_console`` prints them with blank lines around
    tables, as the lecture's handouts space them. Every text is spelled for ``encoding``, the
    output's (None: Unicode)."""

    def __init__(self, settings: Settings, encoding: str | None = None) -> None:
        super().__init__(settings)
        self.fl = TEXT.with_digits(settings.digits)
        self.spelled = speller_for(encoding)
        spelled = self.spelled
        self.spell = _same if spelled is None else lambda text: spelled(_same(text))

    def heading(self, block: Heading) -> Text:
        style = "bold underline" if block.level == 1 else "bold"
        # filled as a sentence is: check's heading ∂y/∂x of two long names, wider than the
        # line, breaks before its second ∂ (rich cut the name wherever the line ended)
        pieces = [(self.spell(text), whole) for text, whole in _pieces(block.items, self.fl)]
        return Text(filled(pieces, self.settings.width), style=style)

    def para(self, block: Para) -> Text:
        pieces = [(self.spell(text), whole) for text, whole in _pieces(block.items, self.fl)]
        return Text(filled(pieces, self.settings.width), style=_STYLES.get(block.style, ""))

    def code(self, block: Code) -> Text:
        """The listing indented; a line too long for the width wraps under itself."""
        room = max(self.settings.width - 4, 20)
        lines = [part for line in block.text.splitlines()
                 for part in textwrap.wrap(line, room, subsequent_indent="    ",
                                           break_on_hyphens=False) or [""]]
        return Text(self.spell("\n".join("    " + line for line in lines)), style="cyan")

    def diagram(self, block: Diagram) -> RenderableType:
        from tracer.render.graph import tree

        drawn = tree(block.graph, self.digits, width=self.settings.width)
        if self.spelled:
            _spell_tree(drawn, self.spelled)
        return drawn

    def trace_table(self, block: TraceTable) -> Text:
        return _text(self.lay_out(trace_sheet(block, self.fl)))

    def grid(self, block: Grid) -> RenderableType:
        table = _text(self.lay_out(grid_sheet(block, self.fl)))
        if not block.caption:
            return table
        return Group(Text(self.spell(inline(block.caption, self.fl))), table)

    def lay_out(self, sheet: Sheet) -> list[Laid]:
        """A sheet laid out to the width, its texts spelled first (so columns line up)."""
        if self.spelled is None:
            return lay_out(sheet, self.settings.width)
        tables = lay_out(_spelled(sheet, self.spelled), self.settings.width)
        for laid in tables:
            laid.rule = self.spelled(laid.rule)  # ━ is =: the width is kept
        return tables


def _spelled(sheet: Sheet, spell: Callable[[str], str]) -> Sheet:
    """Every text of a sheet spelled."""
    rows = tuple(Across(spell(r.text), r.style) if isinstance(r, Across) else
                 tuple(map(spell, r)) for r in sheet.rows)
    return replace(sheet, headers=tuple(map(spell, sheet.headers)), rows=rows,
                   key=tuple(map(spell, sheet.key)), key_header=spell(sheet.key_header))


def _spell_tree(tree: Tree, spell: Callable[[str], str]) -> None:
    """Spell every label of a tree in place (its guides rich draws in ASCII itself for an
    ASCII console, and the last spelling of ``write`` turns into ASCII one for one)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        label = node.label
        if isinstance(label, Text):
            node.label = Text(spell(label.plain), style=label.style)
        elif isinstance(label, str):
            node.label = spell(label)
        stack += node.children


def trace_sheet(block: TraceTable, fl: Flavor) -> Sheet:
    """A trace table as texts: each group a rule and its output (or a column of values), a
    decision or the rows left out as a line across."""
    headers, texts = table_cells(block, fl)
    rows: list[tuple[str, ...] | Across] = []
    for row in texts:
        if isinstance(row, int):
            budget = any(isinstance(r, Gap) and r.budget for r in block.rows)
            hint = ("more than fit here: -f json has every row" if budget else
                    "--max-rows 0 shows all")
            rows.append(Across(f"⋮ {not_shown(row)} ({hint})", "dim"))
        elif isinstance(row, Note):
            rows.append(Across(inline(row.items, fl), "italic"))
        else:
            rows.append(tuple(row))
    groups, column = [], 0
    for g in range(len(block.headers)):
        size = 1 if g in block.values_only else 2
        groups.append(tuple(range(column, column + size)))
        column += size
    key = tuple(chain(r[0].rule[:1], fl) if r[0].rule else "" for r in block.rows
                if isinstance(r, tuple))
    return Sheet(tuple(headers), tuple(rows), tuple(groups),
                 tuple(g not in block.values_only for g in range(len(block.headers))),
                 key, "Row")


# A formula of known size (``Math.size``: the swell table's) longer than this is shown as its
# size: a terminal's column cannot hold dl₅/dx's thousand characters, a file can.
SHORT_FORMULA = 160


def _grid_cell(item: Inline, fl: Flavor) -> str:
    text = inline((item,), fl)
    if isinstance(item, Math) and item.size is not None and len(text) > SHORT_FORMULA:
        return f"({item.size:,} operations: too long to show)"
    return text


def grid_sheet(block: Grid, fl: Flavor) -> Sheet:
    """A grid as texts: every column its own group, the first naming the rows."""
    rows = tuple(tuple(_grid_cell(c, fl) for c in row) for row in block.rows)
    headers = tuple(inline((h,), fl) for h in block.headers)
    return Sheet(headers, rows, tuple((c,) for c in range(len(headers))),
                 tuple(c == 0 for c in range(len(headers))),
                 tuple(r[0] for r in rows), headers[0] if headers else "")


def _text(tables: list[Laid]) -> Text:
    """Laid-out tables as one styled text, a blank line between them."""
    out = Text()
    for k, laid in enumerate(tables):
        if k:
            out.append("\n\n")
        for n, (line, style) in enumerate(laid.lines()):
            out.append(("\n" if n else "") + line, style=style)
    return out


_SPACED = (Heading, TraceTable, Grid, Diagram)  # a blank line before these
_SPACING = (TraceTable, Grid, Diagram)  # … and after these


def _spaced(doc: Document) -> Iterator[tuple[bool, Block]]:
    """Each block, and whether a blank line goes before it (around tables and headings)."""
    previous: object = None
    for block in doc.blocks:
        yield previous is not None and (isinstance(block, _SPACED) or
                                        isinstance(previous, _SPACING)), block
        previous = block


def to_console(doc: Document, console: Console, digits: int = 4) -> None:
    """Print a document on a rich console, its tables laid out to the console's width, its
    texts spelled for the console's encoding."""
    writer = TerminalWriter(Settings(digits, width=console.width), console.encoding)
    for blank, block in _spaced(doc):
        if blank:
            console.print()
        console.print(writer.block(block))


def write(doc: Document, settings: Settings, fmt: str = "terminal",
          encoding: str | None = None) -> str:
    """The document as plain text at a fixed width, without colour (for files and tests),
    spelled for ``encoding`` when that is not Unicode (piped to an ASCII output).

    A table's laid-out lines (a trace table's, a grid's) go straight to the text when rich
    would print them as they are (each within the width, no tab or control character): rich,
    measuring and wrapping every line again, would cost many times what laying the table out
    did. Every other block is printed by rich, as ``to_console`` prints it."""
    buffer = io.StringIO()
    # force_jupyter=False: in Jupyter rich would display what it prints (the heading, the
    # sentences) in the notebook and leave it out of the text returned
    console = Console(file=buffer, width=settings.width, color_system=None,
                      force_terminal=False, force_jupyter=False, legacy_windows=False,
                      highlight=False, emoji=False)
    writer = TerminalWriter(Settings(settings.digits, width=console.width), encoding)
    for blank, block in _spaced(doc):
        if blank:
            console.print()
        lines = _plain_lines(block, writer)
        if lines is None:
            console.print(writer.block(block))
        else:
            buffer.write("".join(line + "\n" for line in lines))
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    return writer.spell(text)  # what rich drew itself: a tree's guides


_RICH_CHANGES = re.compile("[\t\x07\x08\x0b\x0c\r\n]")  # rich expands tabs, drops these


def _plain_lines(block: Block, writer: TerminalWriter) -> list[str] | None:
    """A table's lines (a trace table's, or a grid's without a caption) exactly as rich would
    print them without colour, or None when rich would change one (a line wider than the
    width, a tab or a control character) or the block is another kind. rich wraps a text of
    many lines in time that grows with its square: grade's 30,000 marks took 28 s."""
    if isinstance(block, TraceTable):
        sheet = trace_sheet(block, writer.fl)
    elif isinstance(block, Grid) and not block.caption:
        sheet = grid_sheet(block, writer.fl)
    else:
        return None
    width = writer.settings.width
    lines: list[str] = []
    for k, laid in enumerate(writer.lay_out(sheet)):
        if k:
            lines.append("")
        lines += [line for line, _ in laid.lines()]
    if any(_RICH_CHANGES.search(line) or cell_len(line) > width for line in lines):
        return None
    return lines


def render_terminal(doc: Document, digits: int = 4, width: int = 100,
                    encoding: str | None = None) -> str:
    return write(doc, Settings(digits, width=width), encoding=encoding)


def reveal(doc: Document, console: Console, digits: int, wait: Callable[[], bool]) -> None:
    """Print a document for live lecturing: each trace table's rows one at a time, after
    ``wait()`` (Enter); when ``wait`` returns False (end of input), the rest at once. Tables
    are laid out to the console's width as ``to_console`` lays them out."""
    writer = TerminalWriter(Settings(digits, width=console.width), console.encoding)
    waiting = True
    for block in doc.blocks:
        if not isinstance(block, TraceTable):
            to_console(Document(doc.title, (block,)), console, digits)
            continue
        for laid in writer.lay_out(trace_sheet(block, writer.fl)):
            console.print()
            for line in laid.header:
                console.print(Text(line, style="bold"))
            console.print(Text(laid.rule))
            for k, (lines, style) in enumerate(laid.rows):
                if waiting:
                    waiting = wait()
                if laid.spaced and k:
                    console.print()
                for line in lines:
                    console.print(Text(line, style=style))
        console.print()
