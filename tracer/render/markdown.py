"""The Markdown writer: GitHub, Jupyter and pandoc render it; math is LaTeX in ``$…$``.

What keeps it portable: math never contains ``|`` (absolute values use ``\\lvert``), inline
math has no space inside its dollars, plain text has Markdown's special characters escaped,
and code is fenced with more backticks than it contains.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from tracer.core.printer import LATEX, Flavor, chain, format_value, not_shown
from tracer.render.base import Settings, Writer, approximated, is_sentence, table_cells
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

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|$~"})


def escape(text: str) -> str:
    """Plain text with Markdown's special characters escaped."""
    return text.translate(_SPECIAL)


def math(tex: str) -> str:
    tex = tex.strip()
    return f"${tex}$" if tex else ""


_FRAME = ("| $", "$ | $", "$ |")  # a table row of math texts: _row of each text's math()


def inline(items: tuple[Inline, ...], fl: Flavor) -> str:
    out = []
    for item in approximated(items):
        if isinstance(item, Math):
            flavor = replace(fl, numbers=True) if item.numbers else fl
            out.append(math(chain(item.nodes, flavor, item.relation)))
        elif isinstance(item, Value):
            out.append(math(format_value(item.value, fl.digits, latex=True)))
        else:
            out.append(escape(item))
    return "".join(out)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = [_row(headers), _row(["---"] * len(headers))]
    lines += [_row(r) for r in rows]
    return "\n".join(lines)


class MarkdownWriter(Writer):
    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.fl = LATEX.with_digits(settings.digits)

    def heading(self, block: Heading) -> str:
        return "#" * block.level + " " + inline(block.items, self.fl)

    def para(self, block: Para) -> str:
        if block.style == "result" and block.items and isinstance(block.items[0], str):
            label, rest = block.items[0], block.items[1:]
            if not is_sentence(block.items):  # "Result:", "Gradient of" y: its values
                return f"**{escape(label.strip())}** {inline(rest, self.fl)}"
            # a sentence with numbers in it (check's verdict): bold as a whole, as the
            # terminal and HTML show it, not cut off in bold before its first number
            return f"**{inline(block.items, self.fl).strip()}**"
        text = inline(block.items, self.fl)
        return f"> {text}" if block.style == "warning" else text

    def code(self, block: Code) -> str:
        fence = "`" * max(3, _longest_backticks(block.text) + 1)
        return f"{fence}text\n{block.text}\n{fence}"

    def diagram(self, block: Diagram) -> str:
        """A Mermaid flowchart, or where Mermaid would draw it as an error (GitHub's and
        JupyterLab's limits), a line saying so and how to draw it."""
        from tracer.render.graph import beyond_mermaid, drawn_mermaid

        text = drawn_mermaid(block.graph, self.digits)
        if text is not None:
            return "```mermaid\n" + text + "```"
        return f"*{escape(beyond_mermaid(block.graph))}*"

    def trace_table(self, block: TraceTable) -> str:
        headers, rows = table_cells(block, self.fl, _FRAME)
        texts: dict[Any, str] = {}  # the notes' pieces (a loop's decisions repeat most)
        width = len(headers)
        lines = [_row([escape(h) for h in headers]), _row(["---"] * width)]
        # a row is mostly a whole line already, its texts in _FRAME as math() would set them
        lines += [row if type(row) is str else self._line(row, width, texts)  # type: ignore[misc]
                  for row in rows]
        return "\n".join(lines)

    def _line(self, row: list[str] | int | Note, width: int, texts: dict[Any, str]) -> str:
        """A trace table's line from a row's texts, a note, or a Gap's hidden count."""
        if type(row) is list:
            return "| " + " | ".join([f"${t}$" if (t := c.strip()) else "" for c in row]) + " |"
        if isinstance(row, Note):
            return "| *" + self._note(row, texts) + "* |" + "  |" * (width - 1)
        return _row([f"⋮ {not_shown(row)}"] + ["⋮"] * (width - 1))  # type: ignore[arg-type]

    def _note(self, note: Note, texts: dict[Any, str]) -> str:
        """``inline`` of a note's items, each text and number written once for the table
        (``for i in range(10^5): i = $0$ (iteration 1)``: 10^5 notes of a few pieces each).
        Of texts and floats alone (no exact value to say ≈ before) each item is its own:
        a text escaped, a float in math."""
        out = []
        digits = self.fl.digits
        for item in note.items:
            kind = type(item)
            if kind is str:
                text = texts.get(item)  # type: ignore[call-overload]
                if text is None:
                    text = texts[item] = escape(item)  # type: ignore[index]
            elif kind is Value and type(value := item.value) is float:  # type: ignore[union-attr]
                key = (Value, value) if value else None  # ±0 apart: Value(0.0) == Value(-0.0)
                text = texts.get(key) if key else None  # type: ignore[assignment]
                if text is None:
                    text = math(format_value(value, digits, latex=True))
                    if key:
                        texts[key] = text
            else:
                return self._any_note(note, texts)
            out.append(text)
        return "".join(out)

    def _any_note(self, note: Note, texts: dict[Any, str]) -> str:
        """``_note`` of any note (exact values, math)."""
        out = []
        for item in approximated(note.items):
            kind = type(item)
            key: Any = item if kind is str else None
            if kind is Value and type(item.value) is float and item.value:  # not ±0, not 0
                key = (Value, item.value)  # Value(0.0) is Value(0) and Value(-0.0) as dataclasses
            text = texts.get(key) if key is not None else None
            if text is None:
                text = inline((item,), self.fl)
                if key is not None:
                    texts[key] = text
            out.append(text)
        return "".join(out)

    def grid(self, block: Grid) -> str:
        caption = inline(block.caption, self.fl) + "\n\n" if block.caption else ""
        return caption + _table([inline((h,), self.fl) for h in block.headers],
                                [[inline((c,), self.fl) for c in row] for row in block.rows])


def write(doc: Document, settings: Settings, fmt: str = "markdown") -> str:
    return MarkdownWriter(settings).write(doc)


def render_markdown(doc: Document, digits: int = 4) -> str:
    return write(doc, Settings(digits))


def _longest_backticks(text: str) -> int:
    runs = re.findall(r"`+", text)
    return max((len(r) for r in runs), default=0)
