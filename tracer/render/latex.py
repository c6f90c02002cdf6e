"""The LaTeX writer: booktabs tables with the Markdown's content, that fit where they are put.

A fragment by default, to paste into notes or a beamer frame whose preamble loads ``amsmath``,
``amssymb``, ``booktabs`` and ``graphicx``; with ``--standalone``, a complete document that
compiles with pdflatex. Nothing runs past the line or off a slide: a long cell wraps after
``=``, ``+`` or ``\\times`` (``tracer.render.latex_fit`` estimates which, and how wide), then
every table is a ``tabular`` scaled down to ``\\linewidth`` when it is wider and to ``HEIGHT``
when taller (graphicx's ``\\resizebox``, with its natural size where it fits); a table of
four column groups or more (the Hessian's primal, tangent, adjoint and
tangent of the adjoint) is set as tables of two groups each, so each stays readable; a long
trace is cut into parts of ``ROWS_PER_PART`` rows, each with the header, so pages can break
between them; sentences set their math so a line may break inside it; program listings wrap.
Plain text goes through ``tracer.render.latex_text``, which keeps every character.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracer.core.printer import LATEX, Flavor, chain, format_value
from tracer.render.base import Settings, Writer, headers, relations, table_cells
from tracer.render.latex_fit import (
    MARGIN,
    breakable_fractions,
    column_caps,
    measure,
    text_measure,
)
from tracer.render.latex_text import code, math_text, text
from tracer.views.document import (
    Code,
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

__all__ = ["PACKAGES", "LatexWriter", "mathjax", "render_latex", "text", "write"]

PACKAGES = r"\usepackage{amsmath,amssymb,booktabs,graphicx}"
ROWS_PER_PART = 30  # a trace longer than this is set in parts, each short enough for a page
GROUPS_PER_TABLE = 2  # column groups with rules side by side in one table

KEEP = r"\par\nopagebreak"  # a sentence that opens a table: on the table's page

# Scale a box down to the line's width when it is wider, and then to ``HEIGHT`` when taller:
# the page's height less five lines, for a frame's title and the sentence that opens the
# table (a beamer frame: 269 - 68 = 201 pt; an article: 526 - 60 = 466 pt, where a part of
# ``ROWS_PER_PART`` rows keeps its natural size); keep its natural size otherwise. So a table
# never runs off a page or a slide (beamer crops what is taller, silently).
HEIGHT = r"\dimexpr\textheight-5\baselineskip\relax"
_FIT = r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%"
_FIT_HEIGHT = (r"\resizebox*{!}{\ifdim\totalheight>" + HEIGHT + HEIGHT
               + "\\else\\totalheight\\fi}{%\n")

# The line a fragment's long cells wrap for: a beamer frame's 307 pt of 11 pt type (an
# article's line is wider, so its cells wrap later: the widths are fractions of \linewidth);
# a standalone document's landscape page holds about 64 em. A column takes 12 pt (1.1 em)
# of space besides its cells.
LINE_EM = 27.9
STANDALONE_EM = 64.0
COLUMN_SEP_EM = 1.1
# Wrap a table's long cells until it is this much wider than the line, then scale it to the
# line: on a slide, a table at 75 % with a few two-line cells reads better than one at 100 %
# whose every cell wraps, or one at 50 % on one line each.
SHRINK = 0.72
INDENT_EM = 1  # a wrapped cell's next lines are indented, so they read as one cell


def _breakable(latex: str) -> str:
    """Math for a sentence: ``\\left( … \\right)`` and a stacked fraction hold their contents
    on one line, so running text uses plain delimiters and writes a long fraction on the line,
    and a line may break after a comma."""
    latex = breakable_fractions(latex)
    latex = re.sub(r"\\(?:left|right)\.", "", latex)
    latex = re.sub(r"\\(?:left|right)(?=[^a-zA-Z])", "", latex)
    return latex.replace(", ", r",\allowbreak ")


def _inline_math(item: Math | Value, fl: Flavor) -> str:
    """One inline item as math (without the dollars)."""
    if isinstance(item, Value):
        return format_value(item.value, fl.digits, True)
    flavor = replace(fl, numbers=True) if item.numbers else fl
    return chain(item.nodes, flavor, item.relation)


def inline(items: tuple[Inline, ...], fl: Flavor, running: bool = False) -> str:
    """Inline items as LaTeX text; ``running`` text (a sentence) lets its math break."""
    out = []
    for item in relations(items):
        if isinstance(item, str):
            out.append(text(item, breaks=running))
            continue
        math = _inline_math(item, fl)
        out.append(f"${_breakable(math) if running else math}$")
    return "".join(out)


def _tabular(spec: str, header: str, lines: list[str]) -> str:
    """Booktabs tables, scaled to the line when wider and to ``HEIGHT`` when taller,
    ``ROWS_PER_PART`` rows at most each."""
    parts = [lines[k:k + ROWS_PER_PART] for k in range(0, len(lines), ROWS_PER_PART)] or [[]]
    out = []
    for part in parts:
        body = "\n".join(part)
        out.append(f"\\par\\medskip\\noindent{_FIT_HEIGHT}{_FIT}\n\\begin{{tabular}}{{{spec}}}\n"
                   f"\\toprule\n{header} \\\\\n\\midrule\n" + (body + "\n" if body else "") +
                   "\\bottomrule\n\\end{tabular}}}\\par\\medskip")
    return "\n".join(out)


def _wrapped(body: str, cap: float, floor: float, line: float) -> str:
    """A cell set in a paragraph ``cap`` em wide on a line of ``line`` em (as a fraction of
    ``\\linewidth``, so a wider line wraps later), never narrower than ``floor`` em (the
    widest piece it cannot break); its next lines indented."""
    width = f"{min(cap / line, 1):.3f}\\linewidth"
    least = f"{floor * MARGIN + INDENT_EM:.2f}em"
    return (rf"\parbox[t]{{\ifdim{width}<{least} {least}\else{width}\fi}}"
            rf"{{\raggedright\hangindent={INDENT_EM}em\hangafter=1 {body}}}")


def math_cell(latex: str, cap: float | None, line: float = LINE_EM) -> str:
    """A cell of inline math, wrapped at ``cap`` em when it is longer."""
    if not latex:
        return ""
    if cap is None:
        return f"${latex}$"
    width, floor = measure(latex)
    if width <= cap * MARGIN:
        return f"${latex}$"
    return _wrapped(f"${latex}$", cap, floor, line)


def _caps(header: list[str], rows: list[list[str]], line: float) -> list[float | None]:
    """Where each column wraps: its cells' math and its header (which stays on one line)."""
    columns = [[(w, w) for w, _ in [text_measure(h)]] for h in header]
    for row in rows:
        for k, cell in enumerate(row):
            columns[k].append(measure(cell))
    return column_caps(columns, (line - COLUMN_SEP_EM * len(header)) / SHRINK)


def _group_parts(block: TraceTable) -> list[list[int]]:
    """The column groups each table of a trace holds: at most ``GROUPS_PER_TABLE`` groups
    with rules (a group of values alone stays with the group before it)."""
    parts: list[list[int]] = []
    ruled = GROUPS_PER_TABLE
    for g in range(len(block.headers)):
        if g not in block.values_only:
            if ruled == GROUPS_PER_TABLE:
                parts.append([])
                ruled = 0
            ruled += 1
        if not parts:
            parts.append([])
        parts[-1].append(g)
    return parts


def listing(source: str) -> str:
    """A program listing in typewriter type, each line keeping its indentation; a line too
    long for the page wraps between tokens (at a space, or after an operator: never inside
    ``+=`` or ``**``), its rest indented below it."""
    lines = []
    for line in source.split("\n"):
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        escaped = code(body).replace(" ", "\\ ")
        lines.append("\\hangindent=4em\\hangafter=1\\mbox{}" + "~" * indent + escaped + r"\par")
    return ("\\begin{flushleft}\\ttfamily\\parskip=0pt\n" + "\n".join(lines)
            + "\n\\end{flushleft}")


class LatexWriter(Writer):
    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.fl = LATEX.with_digits(settings.digits)
        self.line = STANDALONE_EM if settings.standalone else LINE_EM

    def _note(self, body: str, note: Note, columns: int) -> str:
        """A note across a table (a decision of the program), wrapped when longer than the
        line, so it does not widen the table."""
        plain = "".join(i if isinstance(i, str) else "xxxx" for i in note.items)
        budget = self.line - COLUMN_SEP_EM
        if text_measure(plain)[0] <= budget:
            return body
        return _wrapped(body, budget, 0, self.line)

    def heading(self, block: Heading) -> str:
        """The title as ``\\section*`` (``--no-heading`` leaves it out, for a slide); a pass's
        heading in bold type, which a beamer frame shows too (it drops ``\\subsection``)."""
        title = inline(block.items, self.fl)
        if block.level == 1:
            return rf"\section*{{{title}}}"
        return rf"\par\medskip\noindent\textbf{{{title}}}\par\nopagebreak"

    def para(self, block: Para) -> str:
        items = block.items
        lead = ""
        if block.style == "result" and items and isinstance(items[0], str):
            lead, items = rf"\textbf{{{text(items[0].strip())}}} ", items[1:]
        body = lead + inline(items, self.fl, running=True)
        return rf"\emph{{{body}}}" if block.style == "warning" else body

    def code(self, block: Code) -> str:
        return listing(block.text)

    def trace_table(self, block: TraceTable) -> str:
        names, rows = table_cells(block, self.fl)
        starts, k = [], 0
        for g in range(len(block.headers)):
            starts.append(k)
            k += 1 if g in block.values_only else 2
        starts.append(k)
        tables = []
        for groups in _group_parts(block):
            first, last = starts[groups[0]], starts[groups[-1] + 1]
            width = last - first
            cells = [row[first:last] for row in rows if isinstance(row, list)]
            caps = _caps(names[first:last], cells, self.line)
            lines = []
            for row in rows:
                if isinstance(row, int):
                    lines.append(rf"\multicolumn{{{width}}}{{l}}"
                                 rf"{{$\vdots$ {row:,} rows not shown}} \\")
                elif isinstance(row, Note):
                    note = self._note(inline(row.items, self.fl, running=True), row, width)
                    lines.append(rf"\multicolumn{{{width}}}{{l}}{{\emph{{{note}}}}} \\")
                else:
                    lines.append(" & ".join(math_cell(t, cap, self.line) for t, cap
                                            in zip(row[first:last], caps, strict=True)) + r" \\")
            header = " & ".join(text(h) for h in names[first:last])
            tables.append(_tabular("l" * width, header, lines))
        return "\n\n".join(tables)

    def grid(self, block: Grid) -> str:
        caption = inline(block.caption, self.fl, running=True) + KEEP + "\n\n" \
            if block.caption else ""
        header = " & ".join(inline((h,), self.fl) for h in block.headers)
        maths = [[_inline_math(c, self.fl) if isinstance(c, Math) else "" for c in row]
                 for row in block.rows]
        names = ["".join(h if isinstance(h, str) else "xx" for h in (c,)) for c in block.headers]
        caps = _caps(names, maths, self.line)
        lines = [" & ".join(math_cell(m, cap, self.line) if isinstance(c, Math)
                            else inline((c,), self.fl)
                            for c, m, cap in zip(row, math_row, caps, strict=True)) + r" \\"
                 for row, math_row in zip(block.rows, maths, strict=True)]
        return caption + _tabular("l" * len(block.headers), header, lines)

    def finish(self, doc: Document, parts: list[str]) -> str:
        # A sentence that opens a table ("Gradient of y (1 reverse pass):", the seed) stays on
        # the table's page: \nopagebreak after its \par, before the table's \medskip (a page
        # may break at glue only where it follows a box, not the penalty).
        blocks = doc.blocks
        parts = [part + KEEP if isinstance(block, Para) and part and k + 1 < len(blocks)
                 and isinstance(blocks[k + 1], (TraceTable, Grid)) else part
                 for k, (block, part) in enumerate(zip(blocks, parts, strict=True))]
        # \sloppy: a sentence holding long math (a Hessian's column over eleven inputs)
        # breaks where it can, with looser lines, rather than run past the line.
        body = "\\begingroup\\sloppy\n\n" + super().finish(doc, parts) + "\n\\par\\endgroup\n"
        title = re.sub(r"^tracer: ", "", doc.title).replace("\n", " ")
        if not self.settings.standalone:
            return f"% tracer: {title}. Needs {PACKAGES} in the preamble.\n\n" + body
        return ("\\documentclass[11pt]{article}\n"
                "\\usepackage[T1]{fontenc}\n"
                "\\usepackage[landscape,margin=1.5cm]{geometry}\n"
                f"{PACKAGES}\n"
                f"\\title{{{text(title)}}}\n"
                "\\date{}\n"
                "\\begin{document}\n\n" + body + "\n\\end{document}\n")


def write(doc: Document, settings: Settings, fmt: str = "latex") -> str:
    return LatexWriter(settings).write(doc)


def render_latex(doc: Document, digits: int = 4, standalone: bool = False) -> str:
    return write(doc, Settings(digits, standalone=standalone))


# --- display math, for notebooks --------------------------------------------------------------

# MathJax expands a macro (such as \\ , a row label's space) into the rest of its input and
# refuses when that passes 5 × 1024 characters, its maxBuffer; Jupyter keeps the default. So
# the display math comes in pieces shorter than this, a long table in parts with its header.
MATHJAX_PIECE = 4000


def mathjax(doc: Document, digits: int = 4) -> str:
    """The whole document as display math that MathJax (and so Jupyter, and nbconvert's
    LaTeX) can typeset: ``$$\\begin{array}{l} … \\end{array}$$`` pieces, a row per block,
    words in ``\\text``, each table an inner ``array``."""
    fl = LATEX.with_digits(digits)
    rows = [r for b in doc.blocks for r in _mathjax_block(b, fl)] or [math_text(doc.title)]
    pieces: list[list[str]] = [[]]
    for row in rows:
        if pieces[-1] and sum(len(r) for r in pieces[-1]) + len(row) > MATHJAX_PIECE:
            pieces.append([])
        pieces[-1].append(row)
    return "\n\n".join("$$\\begin{array}{l}\n" + " \\\\[1ex]\n".join(piece)
                       + "\n\\end{array}$$" for piece in pieces)


def _mathjax_inline(items: tuple[Inline, ...], fl: Flavor, bold: bool = False) -> str:
    out = []
    for item in items:
        if isinstance(item, str):
            words = math_text(item)
            out.append(words.replace(r"\text{", r"\textbf{") if bold else words)
        else:
            math = _inline_math(item, fl)
            out.append(rf"\boldsymbol{{{math}}}" if bold else "{" + math + "}")
    return "".join(out)


def _mathjax_block(block: object, fl: Flavor) -> list[str]:
    """A block's rows of the display: one, or a long table's parts."""
    if isinstance(block, Heading):
        return [_mathjax_inline(block.items, fl, bold=True)]
    if isinstance(block, Para):
        return [_mathjax_inline(block.items, fl)]
    if isinstance(block, Code):
        lines = []
        for line in block.text.split("\n"):
            body = line.lstrip(" ")
            indent = r"\hphantom{\texttt{" + "0" * (len(line) - len(body)) + "}}" \
                if len(body) < len(line) else ""
            lines.append(indent + math_text(body).replace(r"\text{", r"\texttt{"))
        return _arrays(1, "", lines)
    if isinstance(block, TraceTable):
        return _mathjax_table(block, fl)
    if isinstance(block, Grid):
        rows = [" & ".join(_mathjax_inline((c,), fl) for c in row) for row in block.rows]
        header = " & ".join(_mathjax_inline((h,), fl) for h in block.headers)
        caption = [_mathjax_inline(block.caption, fl)] if block.caption else []
        return caption + _arrays(len(block.headers), header, rows)
    return []  # a diagram has no math form


def _mathjax_table(block: TraceTable, fl: Flavor) -> list[str]:
    names, rows = table_cells(block, fl)
    lines = []
    for row in rows:
        if isinstance(row, int):
            lines.append(rf"\vdots & \text{{{row:,} rows not shown}}")
        elif isinstance(row, Note):  # MathJax has no \multicolumn: the first column holds it
            lines.append(_mathjax_inline(row.items, fl))
        else:
            lines.append(" & ".join(row))
    return _arrays(len(names), " & ".join(math_text(h) for h in headers(block)), lines)


def _arrays(columns: int, header: str, rows: list[str]) -> list[str]:
    """A table as ``array`` environments of at most ``MATHJAX_PIECE`` characters each (a row
    longer than that alone), each with the header (a listing has none)."""
    head = "\\begin{array}{" + "l" * columns + "}\n"
    if header:
        head += header + " \\\\ \\hline\n"
    parts: list[list[str]] = [[]]
    for row in rows:
        if parts[-1] and len(head) + sum(len(r) + 4 for r in parts[-1]) + len(row) > MATHJAX_PIECE:
            parts.append([])
        parts[-1].append(row)
    return [head + "".join(r + " \\\\\n" for r in part) + "\\end{array}" for part in parts]
