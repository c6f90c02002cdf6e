"""How wide a piece of LaTeX math sets, estimated from its source, so long cells can wrap.

A LaTeX table cell never wraps, so a wide table used to be scaled down whole: the lecture's
Table 3 to 59 % of a beamer frame, a Hessian pass to 31 %. Instead a long cell is set in a
``\\parbox`` that breaks its math where TeX may break inline math: after a top-level ``=``,
``+``, ``-`` or ``\\times`` (never inside a fraction, a root or ``\\left( … \\right)``). Which
cells wrap, and how wide, is decided here from an estimate in em (the font's size): a
relation with its spaces is about 1.3 em, a letter or digit 0.5 em, a subscript 70 % of its
base. The estimate is rough on purpose: the table is still scaled to the line (and to the
frame's height) by the writer, so a column guessed too narrow costs a little scale, and
every parbox is at least as wide as the widest piece it cannot break, with a margin.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

__all__ = ["Measure", "balanced_caps", "balanced_fit", "column_caps", "measure", "text_measure"]

Measure = tuple[float, float]  # (natural width, widest piece that cannot break), in em

_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|.", re.S)
_REL = {"=", "<", ">", r"\approx", r"\leq", r"\geq", r"\neq", r"\equiv", r"\to",
        r"\mapsto", r"\leftarrow", r"\rightarrow", r"\sim", r"\simeq", r"\in"}
_BIN = {"+", "-", r"\times", r"\cdot", r"\pm", r"\mp", r"\div", r"\ast"}
_ACCENT = {r"\bar", r"\dot", r"\ddot", r"\hat", r"\tilde", r"\vec", r"\overline",
           r"\mathring", r"\check", r"\breve", r"\acute", r"\grave", r"\boldsymbol",
           r"\mathit", r"\mathrm", r"\mathbf", r"\mathbb", r"\mathcal", r"\mathsf"}
_WORDS = {r"\text", r"\textbf", r"\textit", r"\mathrm", r"\operatorname", r"\texttt"}
_SPACE = {r"\,": 0.17, r"\;": 0.28, r"\:": 0.22, r"\!": -0.17, "\\ ": 0.33, r"\quad": 1.0,
          r"\qquad": 2.0, "~": 0.33}
_WIDE = {r"\ldots": 1.2, r"\cdots": 1.2, r"\vdots": 0.5, r"\infty": 1.0, r"\partial": 0.55,
         r"\sum": 1.1, r"\prod": 1.1, r"\int": 0.6, r"\nabla": 0.85}
_NARROW = "()[]|.;:'!/"
REL_WIDTH, BIN_WIDTH, CHAR_WIDTH = 1.33, 1.22, 0.5
TEXT_WIDTH = 0.45  # a character of upright text, with its share of the spaces
SCRIPT = 0.7  # a sub- or superscript's size against its base
MARGIN = 1.15  # every estimate is this much too small at worst, for the lecture's cells


def _group(tokens: list[str], i: int) -> tuple[float, int]:
    """The width of one argument from ``i``: a ``{…}`` group or a single atom."""
    if i < len(tokens) and tokens[i] == "{":
        width, depth, i = 0.0, 0, i + 1
        start = i
        while i < len(tokens):
            if tokens[i] == "{":
                depth += 1
            elif tokens[i] == "}":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        width = _width(tokens[start:i])
        return width, i + 1
    return _atom(tokens, i)


def _word(tokens: list[str], i: int) -> tuple[float, int]:
    """A ``\\text{…}`` or ``\\operatorname{…}`` argument: letters at text width."""
    if i < len(tokens) and tokens[i] == "{":
        end = i + 1
        depth = 0
        while end < len(tokens) and (tokens[end] != "}" or depth):
            depth += {"{": 1, "}": -1}.get(tokens[end], 0)
            end += 1
        chars = sum(len(t) if not t.startswith("\\") else 1 for t in tokens[i + 1:end])
        return CHAR_WIDTH * chars, end + 1
    return _atom(tokens, i)


def _atom(tokens: list[str], i: int) -> tuple[float, int]:
    """The width of the atom at ``i`` and the index after it (with its scripts)."""
    if i >= len(tokens):
        return 0.0, i
    t = tokens[i]
    i += 1
    if t == "{":
        return _group(tokens, i - 1)
    if t in (r"\frac", r"\tfrac", r"\dfrac"):
        top, i = _group(tokens, i)
        bottom, i = _group(tokens, i)
        return SCRIPT * max(top, bottom) + 0.3, i
    if t == r"\sqrt":
        inner, i = _group(tokens, i)
        return inner + 0.9, i
    if t in _WORDS:
        return _word(tokens, i)
    if t in _ACCENT:
        return _group(tokens, i)
    if t in (r"\left", r"\right"):
        return (0.0 if i < len(tokens) and tokens[i] == "." else 0.45), i + 1
    if t in ("_", "^"):
        inner, i = _group(tokens, i)
        return SCRIPT * inner, i
    return _sign(t), i


def _sign(t: str) -> float:
    if t in _REL:
        return REL_WIDTH
    if t in _BIN:
        return BIN_WIDTH
    if t in _SPACE:
        return _SPACE[t]
    if t in _WIDE:
        return _WIDE[t]
    if t.isspace() or t == "}":
        return 0.0
    if t.startswith("\\") and len(t) > 2:  # \ln, \sin, \alpha: a name, or a letter
        return CHAR_WIDTH * (len(t) - 1) if t[1:] in _FUNCTIONS else 0.6
    if t in _NARROW or t == ",":
        return 0.39
    return 0.72 if t.isupper() or t in "mwMW" else CHAR_WIDTH


_FUNCTIONS = {"ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin",
              "arccos", "arctan", "max", "min", "sgn", "det", "lim"}


def _width(tokens: list[str]) -> float:
    width, i = 0.0, 0
    while i < len(tokens):
        w, i = _atom(tokens, i)
        width += w
    return width


_ZEROS = bytes.maketrans(b"123456789", b"000000000")


def measure(latex: str) -> Measure:
    """The natural width of inline math and its widest unbreakable piece, in em: worked out
    once for each form its digits take (every digit is as wide as any other, so a long
    trace's cells, which differ in their numbers and row numbers, share a few forms; the
    form is found on the UTF-8 bytes, ten times faster than on the string)."""
    return _measure(latex.encode().translate(_ZEROS))


@lru_cache(maxsize=1 << 14)
def _measure(form: bytes) -> Measure:
    """The natural width of inline math and its widest unbreakable piece, in em.

    TeX breaks inline math after a relation or a binary operator at the formula's top level,
    so ``\\bar{v}_{0} = \\bar{v}_{3} \\times 1 + \\bar{v}_{1} \\times v_{-1}`` may break at
    every ``=``, ``+`` and ``\\times``, and a fraction or ``\\left( … \\right)`` never."""
    tokens = _TOKEN.findall(form.decode())
    total = piece = widest = 0.0
    depth, i, prev = 0, 0, "start"
    while i < len(tokens):
        t = tokens[i]
        w, i = _atom(tokens, i)
        total += w
        piece += w
        depth += 1 if t == r"\left" else -1 if t == r"\right" else 0
        if t.isspace():
            continue
        # After an operator, an opening bracket or a comma, a - is a sign, not a place to
        # break: the widest piece of max(-0.4375, -0.004375) is all of it.
        kind = "rel" if t in _REL else "bin" if t in _BIN and prev == "ord" else \
            "open" if t in ("(", "[", ",", r"\left") else "ord"
        if depth == 0 and kind in ("rel", "bin"):
            widest, piece = max(widest, piece), 0.0
        prev = kind
    return total, max(widest, piece)


def text_measure(text: str) -> Measure:
    """A header's width and its longest word, in em (text breaks at its spaces)."""
    words = text.split() or [""]
    return TEXT_WIDTH * len(text), TEXT_WIDTH * max(len(w) for w in words)


def _naturals(columns: list[list[Measure]], budget: float
              ) -> tuple[list[float], list[float], list[bool]]:
    """Each column's natural width, its floor (the widest piece it cannot break), and
    whether it holds a cell wider than the whole ``budget``. Such a cell wraps however wide
    its column is (a long loop's first adjoint sums 150 terms), so the column's width is
    its widest other cell's: one huge cell does not wrap every row of a 300-row trace."""
    natural, floor, over = [], [], []
    for col in columns:
        widest = max(col)[0] if col else 0.0  # tuples compare by width first, in C
        ordinary = widest if widest <= budget else \
            max((w for w, _ in col if w <= budget), default=None)
        natural.append(widest if ordinary is None else ordinary)
        floor.append(max(map(itemgetter(1), col)) if col else 0.0)
        over.append(widest > budget and ordinary is not None)
    return natural, floor, over


def _water(natural: list[float], floor: list[float], over: list[bool], budget: float
           ) -> list[float | None]:
    """Water-filling: the widest columns capped to one width, none below its floor."""
    if sum(natural) <= budget and not any(over):
        return [None] * len(natural)

    def used(cap: float) -> float:
        return sum(min(n, max(f, cap)) for n, f in zip(natural, floor, strict=True))

    low, high = 0.0, max(natural)
    if used(high) <= budget:  # only cells wider than the budget wrap
        low = high
    for _ in range(40 if low < high else 0):  # bisection: used() grows with the cap
        mid = (low + high) / 2
        low, high = (mid, high) if used(mid) <= budget else (low, mid)
    return [None if n <= max(f, low) and not o else max(f, min(n, low))
            for n, f, o in zip(natural, floor, over, strict=True)]


def column_caps(columns: list[list[Measure]], budget: float) -> list[float | None]:
    """The width each column wraps at (``None``: its natural width) so that the columns,
    all together, take at most ``budget`` em: the widest columns are capped to one width
    (water-filling), never below the widest piece a column cannot break."""
    return _water(*_naturals(columns, budget), budget)


BALANCE = 0.5  # no column wraps narrower than half the widest one (unless it is narrower)


def balanced_fit(columns: list[list[Measure]], budget: float
                 ) -> tuple[list[float | None], float]:
    """``balanced_caps``, and the columns' width so set (in em, without their spacing)."""
    natural, floor, over = _naturals(columns, budget)
    caps = _water(natural, floor, over, budget)
    widest = max((n if c is None else c for n, c in zip(natural, caps, strict=True)),
                 default=0.0)
    level = BALANCE * widest
    if not all(c is None or c >= min(n, level) for n, c in zip(natural, caps, strict=True)):
        caps = _water(natural, floor, over, sum(min(n, max(f, level)) for n, f
                                               in zip(natural, floor, strict=True)) + 1e-9)
    width = sum(n if c is None else max(c, f) for n, f, c in zip(natural, floor, caps,
                                                                  strict=True))
    return caps, width


def balanced_caps(columns: list[list[Measure]], budget: float) -> list[float | None]:
    """``column_caps``, except that a column a long name holds wide (a piece it cannot break,
    such as ``v_{-2} = learning_{rate_of_the_outer_optimiser}``) does not leave the others a
    sliver: they wrap at ``BALANCE`` of its width at least, and the table is scaled a little
    more, rather than set with its values in five lines beside a rule in two."""
    return balanced_fit(columns, budget)[0]


LONG_FRACTION = 10.0  # em: a fraction whose top or bottom is longer is set on the line


def _brace_group(s: str, i: int) -> int:
    """The index after the ``{…}`` group opening at ``i`` (``-1`` if there is none)."""
    if i >= len(s) or s[i] != "{":
        return -1
    depth = 0
    for j in range(i, len(s)):
        depth += {"{": 1, "}": -1}.get(s[j], 0) if s[j - 1] != "\\" or j == i else 0
        if depth == 0:
            return j + 1
    return -1


def _term(latex: str) -> str:
    """A fraction's top or bottom, bracketed when it is more than one term: an operator
    outside braces (a subscript's letter spelled by its code point, ``[U+0441]`` in
    ``\\theta_{…}``, is no sum: ∂y/(∂θ_régularisation_страх) was bracketed)."""
    outside = re.sub(r"\{[^{}]*\}", "", latex)
    while outside != (outside := re.sub(r"\{[^{}]*\}", "", outside)):
        pass
    return f"({latex})" if re.search(r"[-+=<>]|\\times|\\cdot", outside) else latex


def breakable_fractions(latex: str, longer_than: float = LONG_FRACTION) -> str:
    """Inline math whose long fractions are written on the line, ``(top) / (bottom)``, so
    that TeX may break inside them: a stacked fraction never breaks, and a symbolic
    derivative's ``\\frac{3 x_{1}^{2} + x_{2}^{2} + …}{x_{1} + x_{2}}`` is wider than a slide.
    Short fractions (``\\frac{1}{x_{1}}``) stay stacked; with ``longer_than=0``, none does
    (a heading's ``\\partial y/\\partial x_{1}``), and a single term is not bracketed."""
    out, i, depth = [], 0, 0
    while i < len(latex):
        if depth == 0 and latex.startswith(r"\frac{", i):
            top_end = _brace_group(latex, i + 5)
            bottom_end = _brace_group(latex, top_end) if top_end > 0 else -1
            if bottom_end > 0:
                top, bottom = latex[i + 6:top_end - 1], latex[top_end + 1:bottom_end - 1]
                if max(measure(top)[0], measure(bottom)[0]) > longer_than:
                    top, bottom = (breakable_fractions(p, longer_than) for p in (top, bottom))
                    out.append(f"({top}) / ({bottom})" if longer_than else
                               f"{_term(top)}/{_term(bottom)}")
                else:
                    out.append(latex[i:bottom_end])
                i = bottom_end
                continue
        ch = latex[i]
        if ch in "{}" and (i == 0 or latex[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
        out.append(ch)
        i += 1
    return "".join(out)
