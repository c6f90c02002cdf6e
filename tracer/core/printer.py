"""Printing expression trees: one printer, dispatching on node type, in several flavors.

A flavor says whether to write Unicode text (``v̇₋₁ v₀``) or LaTeX (``\\dot{v}_{-1} v_{0}``), and
whether the tree is a symbolic rule or a rule with the numbers substituted (products then
print with ``×``: ``0 × (-4) + 3 × 1``). How an op looks comes from its templates in the op
table; when it needs parentheses comes from its precedence there.

Three conventions of the lecture tables, kept in every flavor:

- a negative that is not the first thing in an expression is parenthesised:
  ``3 × (-4)``, ``v̄₄ × (-1)``, ``-12 + (-4)``;
- a product is written by juxtaposition (``v₋₁ v₀``, ``2 v₁``) unless its right factor is a
  number, which gets a dot (``v₁ · 2``);
- a product marked ``times`` (a tangent or adjoint times its partial, as
  ``rules.lecture_notation`` marks them) is written with ×, as Tables 2 and 3 write
  ``v̄₂ × (1/v₋₁)``: the op's ``numbers`` template, whatever the flavor.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any, NamedTuple

from tracer.core.nodes import Call, Deriv, Etc, Hole, Name, Node, Num, Sym, Tup
from tracer.core.ops import ATOM, NEG, POW


@dataclass(frozen=True)
class Flavor:
    """How an expression prints: Unicode or LaTeX, numbers substituted, digits, ASCII names."""

    latex: bool = False
    numbers: bool = False  # a rule with the numbers substituted: products print with ×
    digits: int = 4
    plain: bool = False  # names in ASCII (v_{-1}, x1), as error messages and JSON write them

    def with_digits(self, digits: int) -> Flavor:
        return replace(self, digits=digits)


TEXT = Flavor()
LATEX = Flavor(latex=True)
PLAIN = Flavor(plain=True)

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "lam": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_GREEK_LATEX = {"lam": "lambda"}
_FROM_UNICODE = {v: k for k, v in GREEK.items() if k not in _GREEK_LATEX}
_FROM_UNICODE.update({"ϵ": "epsilon", "ϑ": "vartheta", "ϕ": "phi", "ℓ": "ell", "µ": "mu",
                      "ϱ": "varrho", "ς": "varsigma", "ϖ": "varpi", "π": "pi",
                      "Υ": "Upsilon"})
_SUB_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_FROM_SUB = str.maketrans(_SUB_DIGITS, "0123456789")

_SUB = str.maketrans("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_DOT, _BAR = "\u0307", "\u0304"  # combining dot above, combining macron
# Roles: primal, tangent (v̇), adjoint (v̄), tangent of the adjoint (v̄̇, forward-over-reverse)
_MARKS = {"": "", "dot": _DOT, "bar": _BAR, "dotbar": _BAR + _DOT}
FIELD = re.compile(r"\{(\d)(?::(\w+))?\}")  # a template's field: {0}, {1:sup}, {1:juxt}
_NAME_PARTS = re.compile(r"(.*?[^\d_])_?(\d+)")


# --- numbers ----------------------------------------------------------------------------------

class Shown(float):
    """A float that prints with at least ``digits`` significant digits, whatever a writer's
    setting: a view marks a value that would round to the one it is compared with (a
    parameter's new value beside its old one: 0.25 - 0.5 × (-8.034e-05) = 0.25004)."""

    digits: int

    def __new__(cls, value: float, digits: int) -> Shown:
        self = super().__new__(cls, value)
        self.digits = digits
        return self


def _shortest_digits(x: float) -> int:
    """The fewest significant digits that give back the float ``x`` (repr's)."""
    if not math.isfinite(x):
        return 1
    return next((d for d in range(1, 17) if float(f"{x:.{d}g}") == x), 17)


# A control character in text from a user's file (a program's comment or title: an escape
# sequence would recolour a terminal, a carriage return overwrite the line) is shown as its
# symbol (␛, ␍), as an error shows it, in every format; line breaks and tabs stay.
_CONTROLS = {**{c: 0x2400 + c for c in range(32) if c not in (9, 10)}, 0x7F: 0x2421,
             **{c: 0xFFFD for c in range(0x80, 0xA0)}}


_CONTROL = re.compile("[" + "".join(map(chr, _CONTROLS)) + "]")


def visible(text: str) -> str:
    """``text`` with its control characters shown as symbols (see ``_CONTROLS``); looked for
    first (a search in C), as a terminal table of 10^5 rows is megabytes with none."""
    return text.translate(_CONTROLS) if _CONTROL.search(text) else text


def superscript(n: int) -> str:
    """An integer as superscript digits: 10 and ``superscript(15)`` read 10¹⁵."""
    return str(n).translate(_SUP)


def digits_apart(a: float, b: float) -> int:
    """The fewest significant digits from which on ``a`` and ``b`` print differently (1 if
    they always do, 0 if they never do). Rounding is not monotone (0.995 and 0.99500001 part
    at 2 digits, 0.99 and 1, and meet again at 3, 0.995), so this is one more than the most
    digits at which they still print alike."""
    same = [k for k in range(1, 18) if format_number(a, k) == format_number(b, k)]
    if not same:
        return 1
    return 0 if same[-1] == 17 else same[-1] + 1


def format_number(x: object, digits: int = 4, latex: bool = False) -> str:
    """A number as the tables show it: integers without a decimal point, others to ``digits``
    significant digits (``-4.333``, or more for a ``Shown`` value), exponents for the very
    large and very small."""
    if type(x) is float:  # the common case: a table prints each value several times
        return _float_text(x, digits, latex)
    if isinstance(x, Shown):  # no more digits than the float's shortest form (0.3, not
        # 0.29999999999999999): two floats' shortest forms always differ
        digits = max(digits, min(x.digits, _shortest_digits(x)))
    if isinstance(x, bool):
        x = int(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return format_number(float(x), digits, latex)
    if isinstance(x, float):
        return _float_text(float(x), digits, latex)
    if is_exact(x):
        return exact_hooks().form(x, digits, latex)
    return str(x)


@lru_cache(maxsize=1 << 16)
def _float_text(x: float, digits: int, latex: bool) -> str:
    """A float as ``format_number`` prints it, remembered: a value stands in its own row, in
    the substituted rules of the rows that use it and in the adjoint rows."""
    if x != x:
        return r"\mathrm{nan}" if latex else "nan"
    if math.isinf(x):
        sign = "-" if x < 0 else ""
        return sign + (r"\infty" if latex else "∞")
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    s = f"{x:.{digits}g}"
    return _exponent_text(x, s, latex) if "e" in s else s


def is_exact(x: object) -> bool:
    """Is this an exact (sympy) value? Checked without importing sympy."""
    return type(x).__module__.startswith("sympy")


class ExactHooks(NamedTuple):
    """How exact values print (and how a user's value becomes one). ``tracer.analysis.exact``
    registers them when it is loaded, and an exact value exists only once it has been, so the
    core never imports it (and the float path never loads sympy)."""

    form: Callable[[Any, int, bool], str]  # the exact form alone: -13/3, ln(3)
    cell: Callable[[Any, int, bool], str]  # a table cell: -13/3 ≈ -4.333
    node: Callable[[Any], Node]  # the value as a display tree, to print in any flavor
    decimal: Callable[[Any, int, bool], str]  # its decimal, even beyond the float range
    exact: Callable[[Any], Any]  # a value a user gave (0.5, pi/3) as the exact number it is
    approximate: Callable[[Any], bool]  # is the value shown as its decimal alone (too long)?
    # a sweep's product of two exact values: sympy's own of shallow ones, deep ones built as
    # they stand (sympy's Mul of 17 nested exponentials took 3 s in one reverse sweep)
    product: Callable[[Any, Any], Any]


_exact: list[ExactHooks] = []


def register_exact(hooks: ExactHooks) -> None:
    _exact[:] = [hooks]


def exact_hooks() -> ExactHooks:
    if not _exact:
        raise RuntimeError("exact values print through tracer.analysis.exact, not loaded yet")
    return _exact[0]


def plural(n: int, word: str) -> str:
    """``3 passes``, ``1 input``: a count and its noun."""
    return f"{n} {word}{'' if n == 1 else 'es' if word.endswith('s') else 's'}"


def not_shown(n: int, word: str = "row") -> str:
    """What a table leaves out, counted: ``1 row not shown``, ``99,800 decisions not shown``."""
    return f"{n:,} {word}{'' if n == 1 else 's'} not shown"


def approximate(x: object) -> bool:
    """Is ``x`` an exact value shown as its decimal alone (its exact form too long for a
    cell)? What says it then says ≈, not =."""
    return is_exact(x) and exact_hooks().approximate(x)


def equals(x: object, latex: bool = False) -> str:
    """The relation before a value as a table or sentence shows it: ``=``, or ``≈`` for an
    exact value shown as its decimal alone (``(7/3)⁵⁰ ≈ 2.505e+18``)."""
    return ("\\approx" if latex else "≈") if approximate(x) else "="


def format_value(x: object, digits: int = 4, latex: bool = False) -> str:
    """A table cell's value: as ``format_number``, but an exact value shows its decimal too
    (``-13/3 ≈ -4.333``)."""
    if type(x) is float:
        return _float_text(x, digits, latex)
    if is_exact(x):
        return exact_hooks().cell(x, digits, latex)
    return format_number(x, digits, latex)


def is_negative(node: Node) -> bool:
    """Does the node print with a leading minus (a negative number, or a negation)?"""
    if type(node) is Num:
        v = node.value
        if node.text is not None:
            return node.text.startswith("-")
        try:
            return bool(v < 0)
        except TypeError:
            return False
    return type(node) is Call and node.op.name == "neg"


def prec(node: Node) -> int:
    """Printing precedence of a node."""
    if type(node) is Call:
        return node.op.prec
    if type(node) is Num and is_negative(node):
        return NEG
    return ATOM


# --- names ------------------------------------------------------------------------------------

def split_name(name: str) -> tuple[str, str]:
    """A name's base and subscript: x1 → (x, 1), theta_2 → (theta, 2), x_max → (x, max),
    x₁ → (x, 1)."""
    if name[-1:] in _SUB_DIGITS:  # typed as it prints: x₁, θ₂
        base = name.rstrip(_SUB_DIGITS)
        if base and base[-1] != "_":
            return base, name[len(base):].translate(_FROM_SUB)
    if "_" in name.strip("_"):
        base, _, sub = name.partition("_")
        if base:
            return base, sub.translate(_FROM_SUB)
    m = _NAME_PARTS.fullmatch(name)
    if m:
        return m.group(1), m.group(2)
    return name, ""


# A program's names carry more than a base and a subscript: the function a row was made in
# (f.b), which value of a reassigned name it is (c′, c⁽⁴⁾), and an array element's index
# (a[0,1]). Each part prints on its own; the accent of a tangent or adjoint goes on the base.
_PARTS = re.compile(r"((?:[^\W\d]\w*\.)*)([^\W\d]\w*?)([′″‴]|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾)?(\[[\d,]+\])?")
_LATEX_MARKS = {"′": "'", "″": "''", "‴": "'" * 3}
_FROM_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾", "0123456789()")


def name_parts(name: str) -> tuple[str, str, str, str]:
    """(qualifier, name, mark, index): ``f.b′[0,1]`` → (``f.``, ``b``, ``′``, ``[0,1]``)."""
    parts = _ascii_name_parts(name)
    if parts is not None:
        return parts
    m = _PARTS.fullmatch(name)
    if m is None:
        return "", name, "", ""
    return m.group(1), m.group(2), m.group(3) or "", m.group(4) or ""


def _ascii_name_parts(name: str) -> tuple[str, str, str, str] | None:
    """``name_parts`` of a name whose identifiers and index are ASCII, found without the
    regular expression (a program's row names: a⁽¹²⁾, f.b′[0,1]); None for any other."""
    body, index = name, ""
    if name[-1:] == "]":
        k = name.rfind("[")
        body, index = name[:k], name[k:]
        if k < 0 or len(index) < 3 or index[1:-1].strip("0123456789,"):
            return None
    mark = ""
    if body[-1:] == "⁾":
        k = body.rfind("⁽")
        body, mark = body[:k], body[k:]
        if k < 0 or len(mark) < 3 or mark[1:-1].strip("⁰¹²³⁴⁵⁶⁷⁸⁹"):
            return None
    elif body[-1:] in ("′", "″", "‴"):
        body, mark = body[:-1], body[-1]
    qualifier, dot, core = body.rpartition(".")
    if not (body.isascii() and core.isidentifier()
            and (not dot or all(q.isidentifier() for q in qualifier.split(".")))):
        return None
    return qualifier + dot, core, mark, index


def alike(names: Iterable[str]) -> list[tuple[str, ...]]:
    """Groups of distinct names that print alike (x1, x_1 and x₁ all print x₁), each sorted,
    in the order their printed form first appears."""
    first: dict[str, str] = {}  # each printed form's first name
    clashes: dict[str, set[str]] = {}
    greek = GREEK.get
    for name in names:  # a long program's 10^5 names: the commonest, x12, typeset here
        core = name.rstrip("0123456789")
        if core.isalpha() and core.isascii():
            shown = greek(core, core) + name[len(core):].translate(_SUB)
        else:
            shown = name_text(name)
        other = first.setdefault(shown, name)
        if other != name:
            clashes.setdefault(shown, {other}).add(name)
    return [tuple(sorted(clashes[k])) for k in first if k in clashes] if clashes else []


def name_text(name: str, role: str = "", latex: bool = False) -> str:
    """A user's name typeset: x1 → x₁ / x_{1}; theta2 → θ₂ / \\theta_{2}; with a dot or bar
    over the whole name; a function's qualifier, a version mark and an index as written."""
    qualifier, core, mark, index = name_parts(name)
    head = _name_head(qualifier, core, role, latex, bool(mark))
    if mark and latex:
        mark = _LATEX_MARKS.get(mark) or f"^{{{mark.translate(_FROM_SUP)}}}"
    return head + mark + index


@lru_cache(maxsize=1 << 12)
def _name_head(qualifier: str, core: str, role: str, latex: bool, marked: bool) -> str:
    """A name typeset up to its version mark, remembered: a loop gives one name many marks
    (s⁽⁴⁾, s⁽⁵⁾, …)."""
    if not latex:
        return qualifier + _text_core(core, role)
    out = _latex_core(core, role)
    if marked:
        sub = split_name(core)[1]
        if sub and not (sub.isdigit() or len(sub) == 1):
            out += "{}"  # total_sum′: the mark after the whole name, not on its "sum"
    if not qualifier:
        return out
    q = _underscored(qualifier)  # f. of a def my_f: my\_f., é.: as text, which pdflatex reads
    return (rf"\mathrm{{{q}}}" if q.isascii() else rf"\text{{{q}}}") + out


def _underscored(text: str) -> str:
    return text.replace("_", r"\_")


def _latex_core(name: str, role: str) -> str:
    base, sub = split_name(name)
    if base in GREEK:
        b = "\\" + _GREEK_LATEX.get(base, base)
    elif base in _FROM_UNICODE:
        b = "\\" + _FROM_UNICODE[base]
    elif len(base) == 1 and base != "_" and base.isascii():
        b = base
    else:  # an underscore the name keeps (x_, x__1) is a character, not a subscript
        b = _latex_word(base)
    if role in ("bar", "dotbar"):
        b = rf"\bar{{{b}}}"
    if role in ("dot", "dotbar"):
        b = rf"\dot{{{b}}}"
    if not sub:
        return b
    s = sub if sub.isascii() and (sub.isdigit() or (len(sub) == 1 and sub != "_")) else \
        _latex_word(sub)
    return f"{b}_{{{s}}}"


def _latex_word(word: str) -> str:
    """A word of a name in LaTeX math, set in italics as one word: ASCII as written
    (``\\mathit{rate}``), a Greek letter as its command (Δx → ``\\Delta\\mathit{x}``),
    any other letter as text (é → ``\\text{\\textit{é}}``, which pdflatex reads from UTF-8; in
    math mode a bare é or Δ stops pdflatex)."""
    if word.isascii():
        return rf"\mathit{{{_underscored(word)}}}"
    out: list[str] = []
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]", word):
        if run.isascii():
            out.append(run if len(run) == 1 and run != "_" else
                       rf"\mathit{{{_underscored(run)}}}")
        elif run in _FROM_UNICODE:
            out.append(f"\\{_FROM_UNICODE[run]}{{}}")
        else:
            out.append(rf"\text{{\textit{{{run}}}}}")
    return "".join(out)


def _text_core(name: str, role: str) -> str:
    """A name's base and subscript in text, under its role's accent.

    One rule, LaTeX's (``\\bar{\\mathit{total}}_{\\mathit{acc}}``): the accent covers the
    base, the part before the subscript, and never the subscript. Text has no accent over a
    word, so it stands on every letter and digit of the base (a two-letter name reads as one
    quantity: b̄ȳ, not bȳ; total_acc is t̄ōt̄āl̄_acc, θ_reg is θ̄_reg), never on an underscore
    the base keeps (x_ is x̄_: a bar on ``_`` draws a second line under it). Marks are
    precomposed where Unicode has it (ẋ, ȳ), which terminals draw more reliably."""
    base, sub = split_name(name)
    b = GREEK.get(base, base)
    if role:
        mark = _MARKS[role]
        b = "".join(unicodedata.normalize("NFC", c + mark) if c.isalnum() else c for c in b)
    if not sub:
        return b
    return b + (sub.translate(_SUB) if sub.isdigit() else "_" + sub)


def row_text(index: int, role: str = "", latex: bool = False) -> str:
    """A row's name: v₋₁, v̇₀, v̄₃ in text; v_{-1}, \\dot{v}_{0}, \\bar{v}_{3} in LaTeX."""
    if latex:
        base = {"": "v", "dot": r"\dot{v}", "bar": r"\bar{v}", "dotbar": r"\dot{\bar{v}}"}[role]
        return f"{base}_{{{index}}}"
    return "v" + _MARKS[role] + str(index).translate(_SUB)


def row_index(text: str) -> int | None:
    """The row a text names as ``row_text`` writes it (v₃ → 3, v₋₁ → -1), else None."""
    sub = text[1:].translate(_FROM_SUB).replace("₋", "-")
    if text[:1] != "v" or not sub.lstrip("-").isdigit() or sub != str(int(sub)):
        return None
    return int(sub)


def plain_row_name(index: int) -> str:
    """A row's name in plain ASCII, as JSON and error messages write it: v_{-1}, v_0, v_3."""
    return f"v_{{{index}}}" if index < 0 else f"v_{index}"


# --- trees ------------------------------------------------------------------------------------

def render(node: Node, fl: Flavor = TEXT, lead: bool = True) -> str:
    """Print a tree. ``lead`` says whether it starts its expression (see the module docstring)."""
    kind = type(node)
    if kind is Num:
        return num_text(node, fl)  # type: ignore[arg-type]
    if kind is Sym:
        return _sym(node, fl)  # type: ignore[arg-type]
    if kind is Name:
        if fl.plain:
            return node.name  # type: ignore[union-attr]
        return name_text(node.name, "", fl.latex)  # type: ignore[union-attr]
    if kind is Deriv:
        return _deriv(node, fl)  # type: ignore[arg-type]
    if kind is Etc:
        return r"\cdots" if fl.latex else "⋯"
    if kind is Hole:
        width = node.width  # type: ignore[union-attr]
        return rf"\underline{{\hspace{{{width / 2:g}em}}}}" if fl.latex else "_" * width
    if kind is Tup:
        inner = ", ".join(render(item, fl) for item in node.items)  # type: ignore[union-attr]
        return rf"\left({inner}\right)" if fl.latex else f"({inner})"
    assert isinstance(node, Call)
    return _call(node, fl, lead)


def _call(node: Call, fl: Flavor, lead: bool) -> str:
    """An op applied to its arguments, through the op's template (cut once, see
    ``template_parts``); a row's name or a number is put in without the general walk."""
    parts, lead_slot, need = template_parts(node.op, fl.latex, fl.numbers or node.times)
    args = node.args
    out: list[str] = []
    for part in parts:
        if type(part) is str:
            out.append(part)
            continue
        k, spec = part
        arg = args[k]
        kind = type(arg)
        if spec == "sup":
            sup = _superscript(arg)
            out.append(sup if sup is not None else "^" + _wrap(arg, need[k], False, fl))
            continue
        if kind is Sym:  # an atom, never negative: parenthesised only where atoms are
            text = _sym(arg, fl)  # type: ignore[arg-type]
            if need[k] > ATOM:
                text = f"({text})"
        elif kind is Num:
            text = num_text(arg, fl)  # type: ignore[arg-type]
            negative = is_negative(arg)
            if (NEG if negative else ATOM) < need[k] or (
                    need[k] > 0 and negative and not (lead and k == 0 and lead_slot)) or (
                    need[k] > POW and _scientific(text)):
                text = f"({text})"
        else:
            text = _wrap(arg, need[k], lead and k == 0 and lead_slot, fl)
        if spec == "juxt":
            if kind is Num or text[:1].isdigit():
                out.append((r" \cdot " if fl.latex else " · ") + text)
            else:
                out.append(" " + text)
            continue
        out.append(text)
    return "".join(out)


@cache
def template_parts(op: Any, latex: bool,
                    numbers: bool) -> tuple[tuple[Any, ...], bool, tuple[int, ...]]:
    """An op's display template cut once into its literal text and its fields ((slot, spec)),
    whether it starts with its first argument, and the precedence each argument needs: what
    ``render`` fills in for each row."""
    template = op.template(latex, numbers)
    parts: list[Any] = []
    pos = 0
    for m in FIELD.finditer(template):
        if m.start() > pos:
            parts.append(template[pos:m.start()])
        parts.append((int(m.group(1)), m.group(2)))
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    return tuple(parts), template.startswith("{0"), op.arg_parens(latex)


# (The patterns below are compiled when first needed: the lecture's numbers and names need none.)
@cache
def _scientific_number() -> re.Pattern[str]:
    return re.compile(r"\de[+-]?\d|\\times 10\^|\ue004")


def _scientific(text: str) -> bool:
    """Does a number print with an exponent (1e-08, 1 \\times 10^{-8}, or a stand-in for
    one)? As a power's base it takes brackets: (1e-08)³, not 1e-08³ (and LaTeX's
    10^{-8}^{3} does not compile)."""
    return _scientific_number().search(text) is not None


def _wrap(arg: Node, need: int, lead: bool, fl: Flavor) -> str:
    if prec(arg) < need or (need > 0 and not lead and is_negative(arg)):
        inner = render(arg, fl, True)
        return f"({inner})"
    return render(arg, fl, lead)


def small_integer(node: Node) -> int | None:
    """The exponent a power prints raised (v₀², v₀⁻¹): an integer below 1000 in size, else
    None."""
    sign = 1
    if type(node) is Call and node.op.name == "neg":
        sign, node = -1, node.args[0]
    if type(node) is not Num or (node.text is not None and not node.text.lstrip("-").isdigit()):
        return None
    try:
        v = sign * node.value
        if v != int(v) or abs(v) >= 1000:
            return None
    except (TypeError, ValueError, OverflowError):
        return None
    return int(v)


def _superscript(node: Node) -> str | None:
    """An integer exponent as superscript digits (v₀², v₀⁻¹), else None."""
    k = small_integer(node)
    return None if k is None else str(k).translate(_SUP)


def num_text(node: Num, fl: Flavor) -> str:
    if node.text is not None:
        text = node.text
        if fl.latex and ("e" in text or "E" in text) and not text.isalpha():
            mantissa, _, exp = text.replace("E", "e").partition("e")
            return rf"{mantissa} \times 10^{{{int(exp)}}}"
        return text
    return format_number(node.value, fl.digits, fl.latex)


def _sym(node: Sym, fl: Flavor) -> str:
    if fl.plain:
        mark = {"": "", "dot": "dot ", "bar": "bar ", "dotbar": "dot bar "}[node.role]
        return mark + (plain_row_name(node.ref) if isinstance(node.ref, int) else node.ref)
    return sym_text(node, fl.latex)


@lru_cache(maxsize=1 << 16)
def sym_text(node: Sym, latex: bool) -> str:
    """A trace quantity typeset, remembered: a row's name stands in every rule that uses it."""
    role, ref, label = node
    text = row_text(ref, role, latex) if isinstance(ref, int) else name_text(ref, role, latex)
    return text + label_text(label, latex) if label else text


ELIDED = "…"  # in a row's label, the names left out between the first and the last few


def shown_names(names: Sequence[str]) -> str:
    """A row's program names as its label shows them, ``a′, y``: every name, or of many (a
    swap a, b = b, a in a loop names one row at every step) the first three and the last
    three around ``…`` (a label of 2 × 10⁵ names took minutes to lay out, and no one reads
    it; the JSON keeps them all)."""
    if len(names) <= 8:
        return ", ".join(names)
    return ", ".join([*names[:3], ELIDED, *names[-3:]])


def label_text(label: str, latex: bool) -> str:
    """The program names a row's name is followed by, `` (a⁽⁴⁾, y)``: one name or several,
    each typeset on its own."""
    names = name_text(label, "", latex) if ", " not in label else \
        ", ".join([name_text(n, "", latex) if n != ELIDED or not latex else r"\ldots"
                   for n in label.split(", ")])
    return rf"\ ({names})" if latex else f" ({names})"


@cache
def _numbered() -> re.Pattern[str]:
    return re.compile(r"([A-Za-z]+)([0-9]+)")  # a1, total12: a program's names of rows


@cache
def _marked() -> re.Pattern[str]:
    return re.compile(r"([A-Za-z][A-Za-z0-9]*)(⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|[′″‴])")  # s⁽¹²⁾, s′


def label_texts(labels: Sequence[Sequence[str]], latex: bool) -> list[str]:
    """``label_text(shown_names(names), latex)`` of each row's names ("" for none), made
    together: a program's labels are a few names numbered many ways (a1, a2, …; s′, s⁽⁴⁾,
    …), so each is its name's typeset head, found once, and its number. ``name_text`` of
    ``a12`` is the head of ``a1`` (``a``) and the subscript 12; of ``s⁽¹²⁾``, the head of a
    marked ``s`` (``_name_head``) and the mark."""
    heads: dict[str, str] = {}
    out: list[str] = []
    for names in labels:
        if not names:
            out.append("")
            continue
        name = names[0] if len(names) == 1 else ""
        if (m := _numbered().fullmatch(name)) is not None:
            base, number = m.groups()
            head = heads.get(base)
            if head is None:
                head = heads[base] = _numbered_head(base, latex)
            if head:
                text = f"{head}_{{{number}}}" if latex else head + number.translate(_SUB)
                out.append(rf"\ ({text})" if latex else f" ({text})")
                continue
        elif (m := _marked().fullmatch(name)) is not None:
            core, mark = m.groups()
            if latex:
                mark = _LATEX_MARKS.get(mark) or f"^{{{mark.translate(_FROM_SUP)}}}"
            head = heads.get(core + "′")  # a marked name's head, apart from a numbered one's
            if head is None:
                head = heads[core + "′"] = _name_head("", core, "", latex, True)
            text = head + mark
            out.append(rf"\ ({text})" if latex else f" ({text})")
            continue
        out.append(label_text(shown_names(names), latex))
    return out


def _numbered_head(base: str, latex: bool) -> str:
    """What ``name_text`` writes of a name ``base`` + digits before its subscript's digits
    (``a`` of a₁; ``\\mathit{total}`` of total12), or "" if it writes more around them."""
    one = name_text(base + "1", "", latex)
    tail = "_{1}" if latex else "₁"
    return one[:-len(tail)] if one.endswith(tail) else ""


def _deriv(node: Deriv, fl: Flavor) -> str:
    of = name_text(node.of, "", fl.latex)
    wrt = node.wrt
    order = len(wrt)
    if fl.latex:
        den = " ".join(rf"\partial {name_text(w, '', True)}" for w in wrt)
        if order > 1 and len(set(wrt)) == 1:
            den = rf"\partial {name_text(wrt[0], '', True)}^{{{order}}}"
        top = r"\partial" + (f"^{{{order}}}" if order > 1 else "")
        return rf"\frac{{{top} {of}}}{{{den}}}"
    if order > 1 and len(set(wrt)) == 1:
        den = "∂" + name_text(wrt[0]) + str(order).translate(_SUP)
    else:
        den = "".join("∂" + name_text(w) for w in wrt)
    top = "∂" + (str(order).translate(_SUP) if order > 1 else "")
    return f"{top}{of}/{den}"


_LATEX_RELATIONS = {"+=": r"\mathrel{+}=", "◀": r"\blacktriangleleft", "←": r"\leftarrow",
                    "≈": r"\approx"}


def chain(nodes: tuple[Node, ...], fl: Flavor = TEXT, relation: str = "=") -> str:
    """``a = b = c``; the relation (``=`` or ``+=``) sits between the first two."""
    parts = [render(n, fl) for n in nodes]
    if not parts:
        return ""
    if fl.latex:
        relation = _LATEX_RELATIONS.get(relation, relation)
    head = parts[0]
    if len(parts) == 1:
        return head
    rels = relations(nodes, relation)
    if fl.latex:
        rels = [_LATEX_RELATIONS.get(r, r) for r in rels]
    return head + "".join(f" {r} {part}" for r, part in zip(rels, parts[1:], strict=True))


def relations(nodes: Sequence[Node], relation: str = "=") -> list[str]:
    """The relation before each node of a chain after the first: ``relation``, then ``=``;
    ``≈`` before a value shown as its decimal alone (an exact value too long to show), or a
    tuple holding one: ``∂y/∂x ≈ 5.368e+19``, ``(∂f/∂x, ∂f/∂y) ≈ (1.074e+20, 2)``."""
    out = [relation] + ["="] * (len(nodes) - 2)
    for k, node in enumerate(nodes[1:]):
        if _approximate_node(node):
            out[k] = "≈"
    return out


def _approximate_node(node: Node) -> bool:
    kind = type(node)
    if kind is Num:
        return type(node.value) is not float and approximate(node.value)
    return kind is Tup and any(_approximate_node(n) for n in node.items)


# --- shapes: a rule printed once, filled in for each row ----------------------------------------
#
# A long trace repeats a handful of rules with other rows and numbers in them: v₇ = v₅ v₆ and
# v₉ = v₂ v₈ differ only in their leaves. A writer prints such a rule's tree once, with
# stand-in leaves, into a template (``shape_template``), and fills it for each row with the
# texts of that row's leaves. The printer's decisions about a leaf depend only on its class:
# a trace quantity (v₃: never parenthesised but where an atom is), or a number that is
# negative (parenthesised after an operator: 3 × (-4)), starts with a digit (a product's
# right factor that does takes a dot: v₁ · 2) or neither (∞, nan). A number whose decision
# depends on more (an integer exponent, raised: v₀²) is put in as itself, never stood in for.

STAND_IN = 10 ** 15  # a shape's trace quantities are the rows STAND_IN + k (k: the leaf)
_LEAF, _FIELD = "\ue000", "\ue001"  # a stand-in number's mark; a field before braces escape
LEAF_CLASSES = (0, 1, 2, 3)  # a number that starts with a digit, is negative, neither, or
# starts with a digit and has an exponent (1e-08: bracketed as a power's base)


def number_class(text: str) -> int:
    """The class of a printed number (see LEAF_CLASSES)."""
    first = text[:1]
    return 1 if first == "-" else (3 if _scientific(text) else 0) if first.isdigit() else 2


def stand_in_number(k: int, cls: int) -> Num:
    """A number leaf standing for the ``k``-th fill, of class ``cls``: it prints its mark,
    and the printer takes the decisions it takes for any number of that class."""
    return Num(-1.5 if cls == 1 else 1.5, _LEADS[cls] + chr(0xF0000 + k))


# a stand-in's text by class, before its index
_LEADS = ("0" + _LEAF, "-\ue002", "\ue003", "0\ue004")


@cache
def _stand_ins() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(_LEADS) + ")(.)", re.S)


def shape_template(tree: Node, fl: Flavor, field: Callable[[Sym], int],
                   lead: bool = True) -> str:
    """The tree printed once into a ``str.format`` template: field {k} for a stand-in number
    of leaf ``k``, and ``field(sym)`` for a trace quantity of a row from STAND_IN on."""
    text = render(tree, fl, lead)
    text = _stand_ins().sub(lambda m: _FIELD + m.group(1), text)
    for sym in _stand_in_syms(tree):
        text = text.replace(sym_text(sym, fl.latex), _FIELD + chr(0xF0000 + field(sym)))
    text = text.replace("{", "{{").replace("}", "}}")
    return re.sub(_FIELD + "(.)", lambda m: f"{{{ord(m.group(1)) - 0xF0000}}}", text,
                  flags=re.S)


def _stand_in_syms(node: Node) -> list[Sym]:
    if type(node) is Sym:
        return [node] if type(node.ref) is int and node.ref >= STAND_IN else []
    if type(node) is Call:
        return [s for a in node.args for s in _stand_in_syms(a)]
    return []


def number_texts(values: Any, digits: int, latex: bool) -> list[str]:
    """Every value of a column as ``format_value`` prints it, each once (a value stands in its
    own row and in the rules of the rows that use it), floats and ints without the cache (a
    long column has few repeats). A float's ``g`` form is its text unless it is ∞, nan or -0
    (an integral one without an exponent has at most ``digits`` digits, so it is its ``int``
    too) or has an exponent (``_exponent_text``); an int is its digits; the rest go through
    ``format_value``."""
    spec = f".{digits}g"
    return [s if type(x) is float and "e" not in (s := format(x, spec)) and "n" not in s
            and s != "-0" else _exponent_text(x, s, latex) if type(x) is float and "e" in s
            else str(x) if type(x) is int else format_value(x, digits, latex) for x in values]


def _exponent_text(x: float, s: str, latex: bool) -> str:
    """A float whose ``g`` form ``s`` has an exponent, as ``_float_text`` and ``number_texts``
    print it: an integer below 10^15 in full, else ``1.234e+04`` or ``1.234 \\times 10^{4}``."""
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    mantissa, _, exp = s.partition("e")
    return rf"{mantissa} \times 10^{{{int(exp)}}}" if latex else f"{mantissa}e{int(exp):+03d}"


def number_classes(texts: list[str]) -> list[int]:
    """``number_class`` of each text."""
    return [1 if t[:1] == "-" else (3 if "\\times 10^" in t or ("e" in t and _scientific(t))
                                    else 0) if t[:1].isdigit() else 2 for t in texts]


def row_texts(first: int, count: int, role: str = "", latex: bool = False) -> list[str]:
    """``row_text`` of the ``count`` rows from ``first`` on, made together (a table names
    every row once)."""
    if count <= 0:
        return []
    if latex:  # v_{0} less its index and closing brace
        head = row_text(0, role, True)[:-2]
        return [f"{head}{k}}}" for k in range(first, first + count)]
    head = row_text(0, role)[:-1]  # v₀ less its subscript
    subs = "\n".join(map(str, range(first, first + count))).translate(_SUB)
    return [head + sub for sub in subs.split("\n")]
