"""Text tables laid out to a width: the terminal's tables, readable at 80 columns.

A table whose columns fit is drawn as it is. One that does not is cut into several tables
between its column groups (a rule and its output stay together), each as wide as the width
allows, and a later table that cannot name its rows (a column of values only) starts with the
rows' names again. A group joins the table before it only if that puts no cell on more than
two lines (or the lines it needs anyway) and wraps few rows; else it starts a table of its
own. Inside a table the widest columns give way first, and a cell wraps where a mathematician
breaks a line: before a relation (=), then before a top-level + or −, and inside a term (before
a ×) only when the term alone is wider than the column; never inside a number or a name unless
one is wider than the whole width. Continuation lines are indented, and when many rows wrap
they are set apart by a blank line.

Worked example: the Hessian's four groups (primal, tangent, adjoint, tangent of adjoint) are
about 270 columns wide. At 100 columns the primal and tangent groups fit together; the adjoint
group alone; the tangent-of-adjoint group alone, its long rules on two lines.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len as _rich_cell_len
from rich.cells import get_character_cell_size

GAP = 3  # spaces between columns
INDENT = 2  # a wrapped cell's continuation lines
COMFORT = 2  # a table may wrap its cells to this many lines before a group is moved out
SPACED = 3  # rows are set apart by a blank line when more than a third of them wrap
RELATIONS = frozenset({"=", "≈", "+=", "←", "→"})
SUMS = frozenset({"+", "-", "−"})
PRODUCTS = frozenset({"×", "·"})
OPERATORS = RELATIONS | SUMS | PRODUCTS


# Characters rich measures one cell wide, and the accents it measures as none: a table's
# texts (v̄₋₁ = v̄₂ × (-4.333)) are measured by counting, with rich's own answer for the rest.
# Each character is asked of rich once, when a text first shows it (asking for every
# character of the ranges up front cost 14 ms of every start).
_MARKS = tuple(c for c in "\u0304\u0307" if get_character_cell_size(c) == 0)  # v̄, v̇
_ONE: set[str] = set(map(chr, range(0x20, 0x7F)))
_KNOWN: set[str] = _ONE | set(_MARKS)
_RANGES = ((0x20, 0x7F), (0xA0, 0x2400), (0x2500, 0x2600))


def _learn(text: str) -> None:
    """Sort the characters of ``text`` not seen before: one cell wide (within the ranges
    counted) or not."""
    for c in set(text).difference(_KNOWN):
        code = ord(c)
        if any(lo <= code < hi for lo, hi in _RANGES) and get_character_cell_size(c) == 1:
            _ONE.add(c)
        _KNOWN.add(c)


def cell_len(text: str) -> int:
    """How many terminal cells ``text`` takes, as rich measures it (rich's ``cell_len``),
    without rich's per-character look-ups for the characters of a table."""
    if _ONE.issuperset(text):
        return len(text)
    if not _KNOWN.issuperset(text):
        _learn(text)
        if _ONE.issuperset(text):
            return len(text)
    bare = text
    for mark in _MARKS:
        bare = bare.replace(mark, "")
    if _ONE.issuperset(bare):
        return len(bare)
    return _rich_cell_len(text)


@dataclass(frozen=True)
class Across:
    """A line across a table rather than a row: a program's decision, or rows left out."""

    text: str
    style: str = ""


Row = tuple[str, ...] | Across


@dataclass(frozen=True)
class Sheet:
    """What a table shows, as plain texts.

    ``groups`` lists the columns that stay together, left to right; ``named[g]`` says whether
    group ``g`` names its rows (a rule starts with its row's name; a column of values does
    not); ``key`` holds each cell row's name, shown first in a later table that starts with a
    group that does not name its rows."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    groups: tuple[tuple[int, ...], ...]
    named: tuple[bool, ...]
    key: tuple[str, ...] = ()
    key_header: str = ""


@dataclass
class Laid:
    """One table as lines: its header, its rule, then each row's lines and style."""

    header: list[str]
    rule: str
    rows: list[tuple[list[str], str]] = field(default_factory=list)
    spaced: bool = False  # a blank line between rows (many rows wrap)

    def lines(self) -> list[tuple[str, str]]:
        """Every line with its style, rows apart when they wrap."""
        out = [(h, "bold") for h in self.header] + [(self.rule, "")]
        for k, (lines, style) in enumerate(self.rows):
            if self.spaced and k:
                out.append(("", ""))
            out += [(line, style) for line in lines]
        return out


# --- wrapping a cell ---------------------------------------------------------------------------

def _penalties(words: Sequence[str]) -> list[int]:
    """What a break before each word costs: nothing before a relation, little before a sum's
    sign, more before a product's or between juxtaposed factors, more again for each level of
    parentheses it is inside, and most right after an operator (a line never ends with one:
    the operator starts the next line)."""
    out, depth, previous = [], 0, ""
    for word in words:
        if previous in OPERATORS:
            out.append(AFTER_OPERATOR)
        else:
            kind = 0 if word in RELATIONS else 1 if word in SUMS else \
                2 if word in PRODUCTS else 3
            out.append(BREAK[kind] + DEEPER * min(max(depth, 0), 2))
        depth += sum(word.count(c) for c in "([{") - sum(word.count(c) for c in ")]}")
        previous = word
    return out


# A line costs LINE; a break costs by where it falls (see _penalties), and a line left short
# costs by how much of it is empty: so "v̄̇₋₁ = v̄̇₂ (1/v₋₁) + v̄₂ (−1/v₋₁²) v̇₋₁" / "+ v̄̇₁ v₀ +
# v̄₁ v̇₀" wins over a short "v̄̇₋₁" / "= …", and a third line over "(−2.69e+04) ×" / "1.5".
LINE = 7
BREAK = (0, 1, 6, 8)  # before a relation, a sum's sign, a product's sign, another term
DEEPER = 20  # for each level of parentheses around the break (two at most)
AFTER_OPERATOR = 1000  # only when nothing else fits
INSIDE_TERM = 10_000  # inside a term that fits a line: never (see _whole_terms)
SHORT = 6


def _whole_terms(words: Sequence[str], widths: Sequence[int], room: int) -> list[int]:
    """What a break before each word costs beyond ``_penalties`` for keeping terms whole: a
    term (what stands between top-level relations and sum signs, the sign included) that fits
    a line is never broken, so a line ends before ``+ v̄̇₂ × cos(v₋₂)``, not inside it; a term
    wider than a line breaks where ``_penalties`` says (before a ×, or inside parentheses)."""
    starts, depth, previous = [], 0, ""
    for k, word in enumerate(words):
        if k == 0 or (depth == 0 and previous not in OPERATORS and
                      (word in RELATIONS or word in SUMS)):
            starts.append(k)
        depth += sum(word.count(c) for c in "([{") - sum(word.count(c) for c in ")]}")
        previous = word
    extra = [0] * len(words)
    for a, b in zip(starts, [*starts[1:], len(words)], strict=True):
        if sum(widths[a:b]) + (b - a - 1) <= room:
            extra[a + 1:b] = [INSIDE_TERM] * (b - a - 1)
    return extra


def _breaks(widths: Sequence[int], penalties: Sequence[int], width: int,
            room: int) -> list[int] | None:
    """Where lines start (word indices) for the cheapest wrapping, or None if a word is
    wider than its line. Dynamic programming over the breaks, as Knuth and Plass do."""
    n = len(widths)
    start = [0]
    for w in widths:
        start.append(start[-1] + w + 1)  # start[j] - start[i] - 1: the width of words i..j-1
    best: list[tuple[float, int]] = [(0.0, -1)] + [(float("inf"), -1)] * n
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            limit = width if i == 0 else room
            used = start[j] - start[i] - 1
            if used > limit:
                break
            if best[i][0] == float("inf"):
                continue
            cost = best[i][0] + LINE + (penalties[i] if i else 0)
            if j < n:
                cost += SHORT * ((limit - used) / limit) ** 2
            if cost < best[j][0]:
                best[j] = (cost, i)
    if best[n][0] == float("inf"):
        return None
    starts, j = [], n
    while j > 0:
        j = best[j][1]
        starts.append(j)
    return starts[::-1]


def _fold(text: str, room: int) -> list[str]:
    """A word wider than the room, cut into parts (the last resort): each part the longest
    that fits, and at least one character.

    The widths are summed as the parts grow, one character at a time, as rich measures a
    text: a character after a zero-width joiner counts nothing, and a variation selector 16
    widens the character before it when that one has a wide form. Measuring each longer part
    again instead cost the square of the word's length (a 50,000-character name: 20 s)."""
    if cell_len(text) == len(text) and _ONE.issuperset(text):  # one cell a character
        step = max(room, 1)
        return [text[k:k + step] for k in range(0, len(text), step)]
    parts: list[str] = []
    start = used = 0
    last, joined = "", False  # the last character measured; whether a joiner came just before
    for k, ch in enumerate(text):
        width, was = _step(ch, last, joined)
        if k > start and used + width > room:
            parts.append(text[start:k])
            start, used = k, 0
            width, was = _step(ch, "", False)
        used += width
        last, joined = was
    if start < len(text):
        parts.append(text[start:])
    return parts


# A number or a name (1/(5153632/16807)): what a word is cut between before it is cut inside
# one. A joined or widened character (an emoji sequence) is left to _fold whole.
# A fraction (-343/26559922791424) is one number while it fits, else cut after its slash.
_NAME = r"(?:\w|[.\u0300-\u036f\u208b\u207b])+"


@functools.cache  # compiled when first needed: only a table too wide to fit cuts a word
def _atom(fractions: bool) -> re.Pattern[str]:
    fraction = r"-?\d+/\d+(?![\w.])|" if fractions else ""
    return re.compile(rf"{fraction}{_NAME}|.", re.DOTALL)


def atoms(word: str, fractions: bool = True) -> list[str]:
    """A word's numbers (a fraction whole, with ``fractions``) and names, and each character
    between them."""
    return _atom(fractions).findall(word)


def _pieces(word: str, room: int, fractions: bool = True) -> list[str]:
    """A word wider than the room, cut between its numbers and names (never inside one
    that fits a line): (1/(5153632/16807)) in 16 columns is (1/(5153632/ and 16807)), where
    cutting by characters gave (1/(5153632/1680 and 7)). Each piece the longest that fits;
    a number wider than the room is folded (``_fold``)."""
    if _JOINER in word or _WIDER in word:
        return _fold(word, room)
    pieces: list[str] = []
    current, used = "", 0
    for atom in atoms(word, fractions):
        width = cell_len(atom)
        if width > room and fractions and "/" in atom:  # a fraction: cut after its slash
            pieces += [p for p in (current, *_pieces(atom, room, False)[:-1]) if p]
            current = _pieces(atom, room, False)[-1]
            used = cell_len(current)
        elif width > room:
            if current:
                pieces.append(current)
            *whole, current = _fold(atom, room)
            pieces += whole
            used = cell_len(current)
        elif used + width > room:
            pieces.append(current)
            current, used = atom, width
        else:
            current, used = current + atom, used + width
    return [*pieces, current] if current else pieces


_JOINER, _WIDER = "\u200d", "\ufe0f"  # zero-width joiner, variation selector 16


def _step(ch: str, last: str, joined: bool) -> tuple[int, tuple[str, bool]]:
    """What ``ch`` adds to a text's width after ``last`` (the last character measured) and
    ``joined`` (a joiner just before), and the state after it, as rich's ``cell_len`` counts."""
    if joined:
        return 0, (last, False)
    if ch == _JOINER:
        return 0, (last, True)
    if ch == _WIDER:
        return (_widened(last) if last else 0), ("", False)
    width = _char_len(ch)
    return width, ((ch if width else last), False)


def _char_len(ch: str) -> int:
    """One character's width, remembered."""
    width = _CHAR_LENS.get(ch)
    if width is None:
        width = _CHAR_LENS[ch] = cell_len(ch)
    return width


def _widened(ch: str) -> int:
    """1 when a variation selector 16 after ``ch`` makes it wide, else 0."""
    return cell_len(ch + _WIDER) - cell_len(ch)


_CHAR_LENS: dict[str, int] = {}


def wrap(text: str, width: int, indent: int = INDENT) -> list[str]:
    """A cell's text in lines of at most ``width`` cells, continuation lines indented."""
    if cell_len(text) <= width or width < 1:
        return [text]
    indent = indent if width > 2 * indent + 4 else 0
    room = width - indent
    words: list[str] = []
    penalties: list[int] = []
    typed = text.split(" ")
    whole = _whole_terms(typed, [cell_len(w) for w in typed], room)
    for word, penalty, extra in zip(typed, _penalties(typed), whole, strict=True):
        parts = _pieces(word, room) if cell_len(word) > room else [word]  # only if it must
        words += parts
        penalties += [penalty + extra] + [AFTER_OPERATOR] * (len(parts) - 1)
    starts = _breaks([cell_len(w) for w in words], penalties, width, room) or [0]
    lines = [" ".join(words[a:b]) for a, b in zip(starts, [*starts[1:], len(words)],
                                                  strict=True)]
    return [lines[0], *(" " * indent + line for line in lines[1:])]


# --- widths ------------------------------------------------------------------------------------

class _Measure:
    """A column's widths: ``natural`` (every cell and the header on one line), ``content``
    (every cell on one line, the header wrapped) and ``floor`` (the narrowest width that
    breaks no word), measured only when a layout asks for it (one that fits never does)."""

    __slots__ = ("_cells", "_floor", "_head_word", "content", "natural")

    def __init__(self, natural: int, content: int, floor: int | None = None,
                 head_word: int = 0, cells: Sequence[str] = ()) -> None:
        self.natural, self.content, self._floor = natural, content, floor
        self._head_word, self._cells = head_word, cells

    @property
    def floor(self) -> int:
        if self._floor is None:
            word = max((cell_len(w) for c in self._cells for w in c.split(" ")), default=0)
            self._floor = min(max(self._head_word, word + INDENT), self.content)
        return self._floor

    def atom_floor(self, fractions: bool) -> int:
        """The narrowest width that cuts no number or name (with ``fractions``: nor a
        fraction): a cut word's pieces."""
        atom = max((cell_len(a) for c in self._cells for w in c.split(" ")
                    for a in atoms(w, fractions)), default=0)
        return min(max(atom + INDENT, 1), self.content)


def fit(measures: Sequence[_Measure], width: int) -> list[int] | None:
    """Column widths for a table ``width`` cells wide: natural if they fit; else headers
    wrapped; else the widest columns narrowed to a common level; None if even that would
    break a word."""
    avail = width - GAP * (len(measures) - 1)
    if sum(m.natural for m in measures) <= avail:
        return [m.natural for m in measures]
    widths = [m.content for m in measures]
    if sum(widths) <= avail:
        spare = avail - sum(widths)
        for k, m in enumerate(measures):  # headers back on one line, left to right
            extra = min(m.natural - widths[k], spare)
            widths[k] += extra
            spare -= extra
        return widths
    if sum(m.floor for m in measures) > avail:
        return None
    lo, hi = 0, max(widths)
    while lo < hi:  # the highest level at which the narrowed columns fit
        mid = (lo + hi + 1) // 2
        if sum(max(m.floor, min(m.content, mid)) for m in measures) <= avail:
            lo = mid
        else:
            hi = mid - 1
    widths = [max(m.floor, min(m.content, lo)) for m in measures]
    spare = avail - sum(widths)
    for k, m in enumerate(measures):
        if spare and widths[k] < m.content:
            widths[k] += 1
            spare -= 1
    return widths


def _squeezed(measures: Sequence[_Measure], width: int) -> list[int]:
    """Widths when no layout keeps every word whole: words are cut between their numbers and
    names (``_pieces``), and only at a very narrow width inside them."""
    for floors in ([m.atom_floor(True) for m in measures], [m.atom_floor(False) for m in measures],
                   [1] * len(measures)):
        widths = fit([_Measure(m.natural, m.content, f) for m, f in zip(measures, floors,
                                                                         strict=True)], width)
        if widths:
            return widths
    return [max(1, (width - GAP * (len(measures) - 1)) // len(measures))] * len(measures)


# --- cutting a table into tables that fit --------------------------------------------------

def _columns(sheet: Sheet, column: int) -> tuple[str, list[str]]:
    """A column's header and cells; column -1 is the rows' names (the key)."""
    cells = [r for r in sheet.rows if not isinstance(r, Across)]
    if column < 0:
        return sheet.key_header, list(sheet.key)
    return sheet.headers[column], [r[column] for r in cells]  # type: ignore[index]


class _Columns:
    """A sheet's columns, each gathered and measured once however many layouts are tried."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._cells: dict[int, tuple[str, list[str], list[int]]] = {}
        self._measures: dict[int, _Measure] = {}

    def cells(self, column: int) -> tuple[str, list[str], list[int]]:
        """A column's header, cells and their widths."""
        if column not in self._cells:
            header, cells = _columns(self.sheet, column)
            self._cells[column] = header, cells, list(map(cell_len, cells))
        return self._cells[column]

    def measure(self, column: int) -> _Measure:
        if column not in self._measures:
            header, cells, widths = self.cells(column)
            head_word = max((cell_len(w) for w in header.split()), default=0)
            content = max(max(widths, default=0), head_word)
            self._measures[column] = _Measure(max(content, cell_len(header)), content, None,
                                              head_word, cells)
        return self._measures[column]


def _heights(cols: _Columns, columns: Sequence[int], widths: Sequence[int]) -> list[int]:
    """How many lines each cell row takes at these widths."""
    sheet = cols.sheet
    heights = [1] * len(sheet.key if sheet.key else cols.cells(columns[0])[1])
    for c, w in zip(columns, widths, strict=True):
        _, cells, lengths = cols.cells(c)
        for k, length in enumerate(lengths):
            if length > w:
                heights[k] = max(heights[k], len(wrap(cells[k], w)))
    return heights


def _layout(cols: _Columns, columns: list[int], width: int) -> list[int] | None:
    """Each cell row's height when these columns make one table, or None if they cannot
    without breaking a word."""
    widths = fit([cols.measure(c) for c in columns], width)
    return None if widths is None else _heights(cols, columns, widths)


def _join(joined: list[int] | None, parts: list[list[int] | None]) -> bool:
    """Whether two tables read better as one: no cell on more than COMFORT lines (or the
    lines it needs anyway), and few rows taller than they are apart (else the rows would need
    setting apart, SPACED)."""
    if joined is None:
        return False
    apart = [max(h) for h in zip(*(p for p in parts if p is not None), strict=True)] \
        if any(p is not None for p in parts) else [1] * len(joined)
    if max(joined, default=1) > max(COMFORT, *apart):
        return False
    taller = sum(1 for j, a in zip(joined, apart, strict=True) if j > a)
    return taller * SPACED <= len(joined)


def tables(sheet: Sheet, width: int,
           cols: _Columns | None = None) -> list[tuple[list[int], list[int]]]:
    """The tables a sheet is cut into at ``width``: each its columns (-1 for the key) and
    their widths. Groups join the table before them, left to right, while ``_join`` says so."""
    cols = cols or _Columns(sheet)
    out: list[tuple[list[int], list[int]]] = []
    current: list[int] = []
    for g, group in enumerate(sheet.groups):
        start = [] if sheet.named[g] or not sheet.key else [-1]
        if current:
            joined = _layout(cols, [*current, *group], width)
            parts = [_layout(cols, current, width), _layout(cols, [*start, *group], width)]
            if _join(joined, parts):
                current += group
                continue
            out.append((current, _widths(cols, current, width)))
        current = [*start, *group]
    if current:
        out.append((current, _widths(cols, current, width)))
    return out


def _widths(cols: _Columns, columns: list[int], width: int) -> list[int]:
    measures = [cols.measure(c) for c in columns]
    return fit(measures, width) or _squeezed(measures, width)


def lay_out(sheet: Sheet, width: int) -> list[Laid]:
    """The sheet as one or more tables of lines, none wider than ``width``."""
    out = []
    cols = _Columns(sheet)
    for columns, widths in tables(sheet, width, cols):
        total = sum(widths) + GAP * (len(widths) - 1)
        heads = [wrap(_columns(sheet, c)[0], w, 0) for c, w in zip(columns, widths, strict=True)]
        height = max(len(h) for h in heads)
        heads = [[""] * (height - len(h)) + h for h in heads]  # headers sit on the rule
        laid = Laid([_joined([h[k] for h in heads], widths) for k in range(height)],
                    "━" * total)
        k = -1  # the cell row's number, for its name in the key
        wrapped_rows = 0
        shown = [cols.cells(c) for c in columns]
        gap = " " * GAP
        for row in sheet.rows:
            if isinstance(row, Across):  # nothing stands beside it: it may use the whole width
                laid.rows.append((wrap(row.text, max(total, width)), row.style))
                continue
            k += 1
            lengths = [column[2][k] for column in shown]
            if all(n <= w for n, w in zip(lengths, widths, strict=True)):  # one line
                laid.rows.append(([gap.join([column[1][k] + " " * (w - n) for column, n, w in
                                             zip(shown, lengths, widths, strict=True)]).rstrip()],
                                  ""))
                continue
            texts = [sheet.key[k] if c < 0 else row[c] for c in columns]
            wrapped = [wrap(t, w) for t, w in zip(texts, widths, strict=True)]
            lines = max(len(w) for w in wrapped)
            wrapped_rows += lines > 1
            laid.rows.append(([_joined([w[i] if i < len(w) else "" for w in wrapped], widths)
                               for i in range(lines)], ""))
        # Rows set apart when many wrap; a few wrapped cells read well by their indent.
        laid.spaced = wrapped_rows * SPACED > k + 1
        out.append(laid)
    return out


def _joined(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Cells padded to their columns, GAP apart, without trailing spaces."""
    return (" " * GAP).join(c + " " * max(w - cell_len(c), 0)
                            for c, w in zip(cells, widths, strict=True)).rstrip()
