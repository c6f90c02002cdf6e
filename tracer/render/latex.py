"""The LaTeX writer: booktabs tables with the Markdown's content, that fit where they are put.

A fragment by default, to paste into notes or a beamer frame whose preamble loads ``amsmath``,
``amssymb``, ``booktabs`` and ``graphicx``; with ``--standalone``, a complete document that
compiles with pdflatex. Nothing runs past the line or off a slide: a long cell wraps after
``=``, ``+`` or ``\\times`` (``tracer.render.latex_fit`` estimates which, and how wide), then
every table is a ``tabular`` scaled down to ``\\linewidth`` when it is wider and to ``HEIGHT``
when taller (graphicx's ``\\resizebox``, with its natural size where it fits); a table of
four column groups or more (the Hessian's primal, tangent, adjoint and
tangent of the adjoint) is set as tables of two groups each, so each stays readable; a table
a frame sets readably stays whole, and a longer trace is cut into even parts, each with the
header, that fill a beamer frame at the size the table's width allows (``ROWS_PER_PART`` lines
at full size; at most ``MAX_FRAMES`` parts in all), so pages and frames break between them;
a wrapped cell's last line keeps a line's depth, so rows never touch; what is bound
above a table (a pass's heading, its seed) is taken from the height it may fill; sentences
set their math so a line may break inside it, without an indent; program listings wrap.
Plain text goes through ``tracer.render.latex_text``, which keeps every character.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, replace

from tracer.core.printer import LATEX, Flavor, chain, format_value, not_shown
from tracer.render.base import (
    Settings,
    Writer,
    approximated,
    headers,
    is_sentence,
    table_cells,
)
from tracer.render.latex_fit import (
    MARGIN,
    Measure,
    balanced_fit,
    breakable_fractions,
    measure,
    text_measure,
)
from tracer.render.latex_text import code, math_text, readable, text
from tracer.views.document import (
    Block,
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

__all__ = ["PACKAGES", "LatexWriter", "mathjax", "render_latex", "text", "write"]

PACKAGES = r"\usepackage{amsmath,amssymb,booktabs,graphicx}"
# A long trace is set in parts, each with the header, so pages and frames break between them.
# A part holds the lines that fill a beamer frame at the size the table's width allows:
# HEIGHT (201 pt) is 14.8 lines of 13.6 pt, the header and rules take 1.7 of them, so at full
# size ROWS_PER_PART lines of rows.
ROWS_PER_PART = 13
HEADER_LINES = 2  # a part's header row and its rules
MIN_SCALE = 0.3  # a table set smaller than this (its width) still has frame-sized parts
# A table of at most LONGEST_PART lines (a page of an article's rows) stays whole when a frame
# sets it at READABLE of its size or more (or at its width's scale, when that is smaller):
# a fragment does not know whether it goes to an article or a frame. A longer table is cut
# into even parts of SHORTEST_PART rows at least (never a tail of one row, y = v14, alone),
# each filling a frame at its width's scale.
READABLE = 0.65
LONGEST_PART = 30
SHORTEST_PART = 4
# beamer cannot set a frame taller than TeX's largest dimension (16383 pt, about 75 parts):
# when a document's tables would be set in more than MAX_FRAMES parts, its parts hold more
# rows, as many as that takes, and are set smaller; a part's natural height stays below that
# dimension too (TEX_LINES lines of 13.6 pt).
MAX_FRAMES = 60
TEX_LINES = 1000
GROUPS_PER_TABLE = 2  # column groups with rules side by side in one table

# A document of one table and a program shares a plain frame with the listing and the
# sentences around the table: FREE_LINES of them fit beside a table the height (five lines
# less) already allows for (the lecture's formula, point, gradient and description); the
# table takes the height of the rest from its own, up to SHARED_LINES (half a frame).
FREE_LINES = 4
SHARED_LINES = 10
CODE_CHARS = 52  # typewriter characters on a frame's line

KEEP = r"\par\nopagebreak"  # a sentence that opens a table: on the table's page

# Scale a box down to the line's width when it is wider, and then to ``HEIGHT`` when taller:
# the page's height less five lines, for a frame's title and the skips around the table (a
# beamer frame: 269 - 68 = 201 pt; an article: 526 - 60 = 466 pt); keep its natural size
# otherwise. A heading and a sentence bound to the table's top ("Pass 1 of 6", a seed over
# eleven inputs) take their lines from it too: beamer's allowframebreaks moves what does not
# fit to the next frame, but cannot split what is bound together, and sets all that is left
# on the frame when a frame holds nothing (it crops what is taller, silently).
# (At most MOST_LINES in all: a beamer frame holds 19.8 lines of 13.6 pt, and a room of less
# than none set the table upside down, 5,000 pt wide, under a sentence of 20 lines, a
# Hessian's "Row" naming an input in 40 CJK letters, each a code point.)
MOST_LINES = 19


def height(above: int = 0) -> str:
    """The height a table may take with ``above`` lines bound above it."""
    return rf"\dimexpr\textheight-{min(5 + above, MOST_LINES)}\baselineskip\relax"


HEIGHT = height()
_FIT = r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%"


def _fit_height(above: int) -> str:
    room = height(above)
    return rf"\resizebox*{{!}}{{\ifdim\totalheight>{room}{room}\else\totalheight\fi}}{{%" + "\n"


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
    and a line may break after a comma or that fraction's slash."""
    latex = breakable_fractions(latex)
    latex = re.sub(r"\\(?:left|right)\.", "", latex)
    latex = re.sub(r"\\(?:left|right)(?=[^a-zA-Z])", "", latex)
    # A fraction written on the line may break after its slash, and between the ∂s of a
    # second derivative's bottom: (∂ total_accumulated_loss) / (∂ abc_gamma ∂ learning_rate_
    # of_the_outer_optimiser) is wider than a page's line.
    latex = re.sub(r"(?<=[^(\s{]) \\partial\b", r"\\allowbreak \\partial", latex)
    latex = _breakable_products(latex)
    return latex.replace(", ", r",\allowbreak ").replace(") / (", r") /\allowbreak (")


# What may stand between two factors written side by side, and is not a factor itself.
_OPERATORS = frozenset(["+", "-", "=", "<", ">", "/", ",", r"\times", r"\cdot", r"\le", r"\ge",
                        r"\leq", r"\geq", r"\ne", r"\neq", r"\to", r"\allowbreak", r"\mid",
                        r"\pm", r"\approx", r"\cdots", r"\ldots", r"\land", r"\lor"])


def _breakable_products(latex: str) -> str:
    """A product of long names may break between its factors, with × at the break (LaTeX's
    ``\\*``): TeX breaks math only after a relation or an operator, and x₁ times two
    40-letter names ran 150 pt past an article's line. Products of short names are left
    alone, so the lecture's sentences break where they did."""
    if r"\mathit{" not in latex:
        return latex
    tokens = _outer_words(latex)
    out = [tokens[0]]
    for left, right in itertools.pairwise(tokens):
        factors = (left not in _OPERATORS and right not in _OPERATORS
                   and re.search(r"[\w})]$", left) and not re.search(r"\\[a-zA-Z]+$", left)
                   and re.match(r"[\w(\\]", right) and not right.startswith(r"\right"))
        long = r"\mathit{" in left or r"\mathit{" in right
        out.append(r" \* " + right if factors and long else " " + right)
    return "".join(out)


def _outer_words(latex: str) -> list[str]:
    """``latex`` split at its spaces outside braces (a group is set in one box anyway)."""
    words, depth, start = [], 0, 0
    for k, c in enumerate(latex):
        if c in "{}":
            depth += 1 if c == "{" else -1
        elif c == " " and depth == 0:
            words.append(latex[start:k])
            start = k + 1
    return [*words, latex[start:]]


def _inline_math(item: Math | Value, fl: Flavor) -> str:
    """One inline item as math for pdflatex (without the dollars)."""
    return readable(_math(item, fl))


def _math(item: Math | Value, fl: Flavor) -> str:
    """One inline item as the printer's math, which MathJax reads."""
    if isinstance(item, Value):
        return format_value(item.value, fl.digits, True)
    flavor = replace(fl, numbers=True) if item.numbers else fl
    return chain(item.nodes, flavor, item.relation)


# A relation that marks a value rather than relating two (check's "◀ best"): such a cell is
# one group, which TeX never breaks, so the mark stays beside its number.
MARKERS = {"◀"}


def _cell_math(item: Inline, fl: Flavor) -> str:
    """A grid cell's math ("" for a cell of text)."""
    if not isinstance(item, Math):
        return ""
    math = _inline_math(item, fl)
    return "{" + math + "}" if item.relation in MARKERS else math


def inline(items: tuple[Inline, ...], fl: Flavor, running: bool = False) -> str:
    """Inline items as LaTeX text; ``running`` text (a sentence) lets its math break."""
    out = []
    for item in approximated(items):
        if isinstance(item, str):
            out.append(text(item, breaks=running))
            continue
        math = _inline_math(item, fl)
        out.append(f"${_breakable(math) if running else math}$")
    return "".join(out)


def _tabular(spec: str, header: str, lines: list[str], heights: list[float] | None = None,
             above: int = 0, scale: float = 1.0, squeeze: float = 1.0,
             shared: int = 0) -> str:
    """Booktabs tables, scaled to the line when wider and to ``HEIGHT`` when taller (the
    first less the ``above`` lines bound to it), in parts of as many rows as fill a frame's
    height at the ``scale`` the width sets them (a row counts the ``heights`` it takes, a
    wrapped row its lines), so a long trace is set as large as the frame's width allows
    rather than shrunk to its height (``squeeze``: parts that many times taller, for a long
    document; ``shared``: lines besides on a table of one part's frame, taken from its
    height alone). Each part is raised by its depth, its baseline at its foot: a page (or a
    frame with allowframebreaks) breaks before a part that does not fit (a tabular's
    baseline is at its middle, and TeX breaks a page before a box by its height alone)."""
    out = []
    heights = heights or [1.0] * len(lines)
    parts = _parts(lines, heights, above, scale, squeeze)
    shared = shared if len(parts) == 1 else 0  # parts fill frames of their own
    for k, part in enumerate(parts):
        body = "\n".join(part)
        out.append(f"\\par\\medskip\\noindent\\raisebox{{\\depth}}{{"
                   f"{_fit_height(0 if k else above + shared)}{_FIT}\n"
                   f"\\begin{{tabular}}{{{spec}}}\n\\toprule\n{header} \\\\\n\\midrule\n"
                   + (body + "\n" if body else "")
                   + "\\bottomrule\n\\end{tabular}}}}\\par\\medskip")
    return "\n".join(out)


def _room(above: int, scale: float) -> float:
    """The lines of rows a frame holds at ``scale`` below ``above`` lines bound to it:
    ``ROWS_PER_PART`` and the header at full size, more when the table is set smaller."""
    held = ROWS_PER_PART + HEADER_LINES - above
    return max(held / max(scale, MIN_SCALE) - HEADER_LINES, 1.0)


def _count(heights: list[float], above: int, scale: float, squeeze: float = 1.0) -> int:
    """How many parts a table's rows are set in: one when the whole table fits a frame at a
    readable size, else as many as fill a frame each at the width's ``scale`` (``squeeze``
    times taller, for a long document), each of ``SHORTEST_PART`` rows at least."""
    total = sum(heights)
    if total <= min(LONGEST_PART, _room(above, min(scale, READABLE))):
        return 1
    first, rest = (min(_room(lines, scale) * squeeze, TEX_LINES) for lines in (above, 0))
    parts = 1 + math.ceil(max(total - first, 0.0) / rest)
    return max(1, min(parts, len(heights) // SHORTEST_PART))


def _cuts(heights: list[float], count: int, first: float, rest: float) -> list[int]:
    """Where ``count`` parts begin (after the first): each takes its share of the lines, the
    first ``first`` against ``rest`` for each other (it has less room, below what is bound
    above it), cut at the row boundary nearest its share, ``SHORTEST_PART`` rows apart.
    12 rows of a line, three parts, the first as tall as the rest: cut at 4 and 8."""
    ends = [0.0, *itertools.accumulate(heights)]  # ends[k]: the lines of the first k rows
    total, weight = ends[-1], first + rest * (count - 1)
    least = min(SHORTEST_PART, len(heights) // count)
    cuts, start = [], 0
    for j in range(1, count):
        target = total * (first + rest * (j - 1)) / weight
        k = bisect.bisect_left(ends, target)  # ends[k - 1] < target <= ends[k]
        k -= 1 if target - ends[k - 1] < ends[k] - target else 0
        k = max(start + least, min(k, len(heights) - least * (count - j)))
        cuts.append(k)
        start = k
    return cuts


def _parts(lines: list[str], heights: list[float], above: int, scale: float,
           squeeze: float = 1.0) -> list[list[str]]:
    """Rows in ``_count`` even parts, the first less the ``above`` lines bound to it."""
    count = _count(heights, above, scale, squeeze)
    if count == 1:
        return [lines]
    cuts = [0, *_cuts(heights, count, _room(above, scale), _room(0, scale)), len(lines)]
    return [lines[a:b] for a, b in itertools.pairwise(cuts)]


@dataclass
class _Table:
    """A table whose parts are cut once the whole document is known (``LatexWriter.finish``):
    how many frames all the tables fill decides how tall each part may be."""

    spec: str
    header: str
    lines: list[str]
    heights: list[float]
    above: int = 0
    scale: float = 1.0
    caption: str = ""
    shared: int = 0  # lines besides sharing a plain frame: they take height, not rows

    def count(self, squeeze: float) -> int:
        """How many parts the table is set in."""
        return _count(self.heights, self.above, self.scale, squeeze)

    def latex(self, squeeze: float) -> str:
        return self.caption + _tabular(self.spec, self.header, self.lines, self.heights,
                                       self.above, self.scale, squeeze, self.shared)


def _wrapped(body: str, cap: float, floor: float, line: float) -> str:
    """A cell set in a paragraph ``cap`` em wide on a line of ``line`` em (as a fraction of
    ``\\linewidth``, so a wider line wraps later), never narrower than ``floor`` em (the
    widest piece it cannot break); its next lines indented, its last line with a strut's
    depth, so the next row starts a line below it."""
    width = f"{min(cap / line, 1):.3f}\\linewidth"
    least = f"{floor * MARGIN + INDENT_EM:.2f}em"
    return (rf"\parbox[t]{{\ifdim{width}<{least} {least}\else{width}\fi}}"
            rf"{{\raggedright\hangindent={INDENT_EM}em\hangafter=1 {body}\strut}}")


def math_cell(latex: str, cap: float | None, line: float = LINE_EM,
              size: Measure | None = None) -> str:
    """A cell of inline math, wrapped at ``cap`` em when it is longer (``size``: its
    measure, when known)."""
    if not latex:
        return ""
    if cap is None:
        return f"${latex}$"
    width, floor = size or measure(latex)
    if width <= cap * MARGIN:
        return f"${latex}$"
    return _wrapped(f"${latex}$", cap, floor, line)


def _lines(latex: str, size: Measure, cap: float | None) -> float:
    """About how many lines a cell takes: a wrapped cell's lines (the first ``cap`` em
    wide, the next indented), a stacked fraction a little more than a line."""
    width, floor = size
    tall = 0.4 if r"\frac" in latex else 0.0
    if cap is None or width <= cap * MARGIN:
        return 1 + tall
    room = max(cap, floor * MARGIN + INDENT_EM)
    return 1 + math.ceil(max(width - room, 0) / max(room - INDENT_EM, 1)) + tall


def _caps(header: list[str], sizes: list[list[Measure]], line: float
          ) -> tuple[list[float | None], float]:
    """Where each column wraps, from its cells' measures and its header (which stays on
    one line); and the table's width so set, in em."""
    columns = [[text_measure(h)[:1] * 2] for h in header]
    for k, column in enumerate(columns):
        column.extend(row[k] for row in sizes)
    caps, width = balanced_fit(columns, (line - COLUMN_SEP_EM * len(header)) / SHRINK)
    return caps, width + COLUMN_SEP_EM * len(header)


def _math_rows(header: list[str], rows: list[list[str]], line: float
               ) -> tuple[list[list[str]], list[float], float]:
    """Rows of math cells, each wrapped where its column wraps; the lines each row takes;
    and the scale the table is set at on the line (the width's share it takes)."""
    sizes = [[measure(cell) for cell in row] for row in rows]
    caps, width = _caps(header, sizes, line)
    fits = [math.inf if cap is None else cap * MARGIN for cap in caps]
    cells, heights = [], []
    for row, size in zip(rows, sizes, strict=True):
        if all(m[0] <= fit for m, fit in zip(size, fits, strict=True)):  # nothing wraps
            cells.append([f"${t}$" if t else "" for t in row])
            heights.append(1.4 if any(r"\frac" in t for t in row) else 1.0)
            continue
        cells.append([math_cell(t, cap, line, m) for t, cap, m
                      in zip(row, caps, size, strict=True)])
        heights.append(max(_lines(t, m, cap) for t, cap, m in zip(row, caps, size,
                                                                    strict=True)))
    return cells, heights, min(1.0, line / width) if width else 1.0


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
        self.above = 0  # lines bound above the table being written
        self.shared = 0  # lines sharing its frame besides (a program's listing)

    def write(self, doc: Document) -> str:
        parts: list[str | list[_Table]] = []
        shared = self._shared_lines(doc.blocks)
        for k, block in enumerate(doc.blocks):
            self.above = self._bound_above(doc.blocks, k)
            self.shared = shared if isinstance(block, (TraceTable, Grid)) else 0
            parts.append(self.block(block))
        return self.finish(doc, parts)

    def _shared_lines(self, blocks: tuple[Block, ...]) -> int:
        """The lines a document of one table shares a plain frame with, beyond the
        ``FREE_LINES`` the height reserves: a program's listing, its point, its result and the
        sentence on its decisions. A listing with a loop and its table overflowed a frame by
        up to five lines (69 pt). None when the rest is more than ``SHARED_LINES`` (a long
        program fills a frame alone: with allowframebreaks the table goes on to the next)."""
        tables = [k for k, b in enumerate(blocks) if isinstance(b, (TraceTable, Grid))]
        if len(tables) != 1 or not any(isinstance(b, Code) for b in blocks):
            return 0
        bound = self._bound_above(blocks, tables[0])
        lines = sum(self._block_lines(b) for b in blocks) - bound - FREE_LINES
        return max(0, math.ceil(lines)) if lines <= SHARED_LINES else 0

    def _block_lines(self, block: Block) -> float:
        """About how many lines a block other than a table takes on a frame."""
        if isinstance(block, Code):
            # and the skips above and below a flushleft, about a line
            return 1 + sum(max(1, math.ceil(len(line) / CODE_CHARS))
                           for line in block.text.split("\n"))
        if isinstance(block, Para):
            return self._lines(block.items)
        if isinstance(block, Heading) and block.level > 1:
            return 1.5 + self._lines(block.items) - 1
        return 0.0

    def _bound_above(self, blocks: tuple[Block, ...] | list[Block], k: int) -> int:
        """The lines bound above a table at ``k``: the sentence that opens it, and a pass's
        heading over that (each kept on the table's page)."""
        if not isinstance(blocks[k], (TraceTable, Grid)):
            return 0
        lines = 0.0
        if k and isinstance(blocks[k - 1], Para):
            lines, k = self._lines(blocks[k - 1].items), k - 1
        if k and isinstance(blocks[k - 1], Heading) and blocks[k - 1].level > 1:
            lines += 1.5 + self._lines(blocks[k - 1].items) - 1
        return math.ceil(lines)

    def _lines(self, items: tuple[Inline, ...]) -> float:
        """About how many lines a sentence takes on a frame's line."""
        width = sum(text_measure(i)[0] if isinstance(i, str) else
                    measure(_inline_math(i, self.fl))[0] for i in items)
        return float(max(1, math.ceil(width / (self.line * 0.9))))

    def _note(self, body: str, note: Note) -> tuple[str, float]:
        """A note across a table (a decision of the program), wrapped when longer than the
        line, so it does not widen the table; and the lines it takes."""
        plain = "".join(i if isinstance(i, str) else "xxxx" for i in note.items)
        budget = self.line - COLUMN_SEP_EM
        width = text_measure(plain)[0]
        if width <= budget:
            return body, 1.0
        return _wrapped(body, budget, 0, self.line), float(math.ceil(width / budget))

    def heading(self, block: Heading) -> str:
        """The title as ``\\section*`` (``--no-heading`` leaves it out, for a slide); a pass's
        heading in bold type, which a beamer frame shows too (it drops ``\\subsection``)."""
        title = inline(block.items, self.fl)
        if block.level == 1:
            return rf"\section*{{{title}}}"
        # A fraction in a heading is written on the line (check's ∂y/∂x₁): a stacked one in
        # a line of bold type stands apart from it.
        title = "".join(text(i) if isinstance(i, str) else f"${self._heading_math(i)}$"
                        for i in block.items)
        return rf"\par\medskip\noindent\textbf{{{title}}}\par\nopagebreak"

    def _heading_math(self, item: Math | Value) -> str:
        """A heading's math, a fraction on the line; one wider than the line may break after
        its slash and between the ∂s of its bottom (check's ∂y/∂x of a 49- and a 54-letter
        name ran 114 pt past an article's line, 156 pt past a frame's)."""
        latex = breakable_fractions(_inline_math(item, self.fl), 0)
        if measure(latex)[0] <= self.line * 0.8:
            return latex
        latex = re.sub(r"(?<=[^(\s{]) \\partial\b", r"\\allowbreak \\partial", latex)
        return re.sub(r"/(?=\\partial|\()", r"/\\allowbreak ", latex)

    def para(self, block: Para) -> str:
        items = block.items
        lead = ""
        if block.style == "result" and items and isinstance(items[0], str):
            if not is_sentence(items):  # "Result:", "Gradient of" y: its values
                lead, items = rf"\textbf{{{text(items[0].strip())}}} ", items[1:]
            else:  # a sentence with numbers (check's verdict): bold as a whole
                return rf"\noindent {{\bfseries {inline(items, self.fl, running=True)}}}"
        body = lead + inline(items, self.fl, running=True)
        # No paragraph indent: a sentence lines up with the title, the listing and the tables.
        return r"\noindent " + (rf"\emph{{{body}}}" if block.style == "warning" else body)

    def code(self, block: Code) -> str:
        return listing(block.text)

    def diagram(self, block: Diagram) -> str:
        """A line saying how to put the graph in the document (it stood as a heading over
        nothing): LaTeX draws no graph of its own here."""
        return r"\noindent " + text("The dependency graph is an image: write it with tracer "
                                     "graph … -o graph.png and include it with "
                                     "\\includegraphics (graphicx).")

    def trace_table(self, block: TraceTable) -> list[_Table]:
        names, rows = table_cells(block, self.fl)
        rows = [[readable(c) for c in row] if isinstance(row, list) else row for row in rows]
        starts, k = [], 0
        for g in range(len(block.headers)):
            starts.append(k)
            k += 1 if g in block.values_only else 2
        starts.append(k)
        cells = [row for row in rows if isinstance(row, list)]
        tables = []
        for groups in _group_parts(block):
            first, last = starts[groups[0]], starts[groups[-1] + 1]
            width = last - first
            maths, heights, scale = _math_rows(names[first:last],
                                               [row[first:last] for row in cells], self.line)
            lines, kept = [], iter(zip(maths, heights, strict=True))
            tall = []
            for row in rows:
                if isinstance(row, int):
                    lines.append(rf"\multicolumn{{{width}}}{{l}}"
                                 rf"{{$\vdots$ {not_shown(row)}}} \\")
                    tall.append(1.0)
                elif isinstance(row, Note):
                    note, height = self._note(inline(row.items, self.fl, running=True), row)
                    lines.append(rf"\multicolumn{{{width}}}{{l}}{{\emph{{{note}}}}} \\")
                    tall.append(height)
                else:
                    line, height = next(kept)
                    lines.append(" & ".join(line) + r" \\")
                    tall.append(height)
            header = " & ".join(text(h) for h in names[first:last])
            tables.append(_Table("l" * width, header, lines, tall,
                                 0 if tables else self.above, scale,
                                 shared=0 if tables else self.shared))
        return tables

    def grid(self, block: Grid) -> list[_Table]:
        caption = r"\noindent " + inline(block.caption, self.fl, running=True) + KEEP + "\n\n" \
            if block.caption else ""
        header = " & ".join(inline((h,), self.fl) for h in block.headers)
        names = ["".join(h if isinstance(h, str) else "xx" for h in (c,)) for c in block.headers]
        maths = [[_cell_math(c, self.fl) for c in row] for row in block.rows]
        set_, heights, scale = _math_rows(names, maths, self.line)
        lines = [" & ".join(cell if isinstance(c, Math) else inline((c,), self.fl)
                            for c, cell in zip(row, cells, strict=True)) + r" \\"
                 for row, cells in zip(block.rows, set_, strict=True)]
        above = self.above + (math.ceil(self._lines(block.caption)) if block.caption else 0)
        return [_Table("l" * len(block.headers), header, lines, heights, above, scale,
                       caption, self.shared)]

    def finish(self, doc: Document, parts: list[str | list[_Table]]) -> str:
        tables = [t for part in parts if isinstance(part, list) for t in part]
        squeeze = 1.0
        for _ in range(64):  # 1.2 ** 64: any trace a document holds
            if sum(t.count(squeeze) for t in tables) <= MAX_FRAMES:
                break
            squeeze *= 1.2
        return self._finish(doc, ["\n\n".join(t.latex(squeeze) for t in part)
                                  if isinstance(part, list) else part for part in parts])

    def _finish(self, doc: Document, parts: list[str]) -> str:
        # A sentence that opens a table ("Gradient of y (1 reverse pass):", the seed) stays on
        # the table's page: \nopagebreak after its \par, before the table's \medskip (a page
        # may break at glue only where it follows a box, not the penalty).
        blocks = doc.blocks
        parts = [part + KEEP if isinstance(block, Para) and part and k + 1 < len(blocks)
                 and isinstance(blocks[k + 1], (TraceTable, Grid)) else part
                 for k, (block, part) in enumerate(zip(blocks, parts, strict=True))]
        # \sloppy: a sentence holding long math (a Hessian's column over eleven inputs)
        # breaks where it can, with looser lines, rather than run past the line; and where
        # a piece of math has no glue to stretch (a line of (∂² total_accumulated_loss) / …
        # may break only after its slash), \emergencystretch lets the line end short.
        body = ("\\begingroup\\sloppy\\emergencystretch=.5\\linewidth\n\n"
                + super().finish(doc, parts) + "\n\\par\\endgroup\n")
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
            math = _math(item, fl)
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
            lines.append(rf"\vdots & \text{{{not_shown(row)}}}")
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
