"""Text in what an output's encoding can show: an ASCII spelling of the characters it lacks.

A terminal whose encoding is not Unicode (``PYTHONIOENCODING=ascii``, a latin-1 locale, a
cp1252 Windows console) cannot show ``v̄₋₁`` or ``∂y/∂x₁``. Each character it lacks is spelled
as the name is typed in a formula: subscripts after an underscore, superscripts after a caret,
a bar or dot after the letters it stands over, Greek letters by their names, operators as in
code::

    v̄₋₁ = v̄₂ × (1/v₋₁)   ->  vbar_-1 = vbar_2 * (1/v_-1)
    ∂y/∂x₁ ≈ 0.3333       ->  dy/dx_1 ~= 0.3333
    b̄ȳ₁, θ̇, v₀⁻¹, ⌊v₁⌋     ->  bybar_1, thetadot, v_0^-1, floor(v_1)

Characters the encoding has are kept (latin-1 keeps × and ²), and a line of box drawing keeps
its width (━ is =). A character with no spelling is written as its code point (``\\u03f6``),
so two different names never read the same.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from tracer.core.printer import GREEK

_SPELLING = {
    "×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/", "∕": "/", "⁄": "/", "−": "-", "‐": "-",
    "‑": "-", "–": "-", "—": "--", "±": "+/-", "∓": "-/+", "∂": "d", "∇": "grad ",
    "√": "sqrt", "∞": "inf", "∑": "sum", "∏": "prod", "∫": "int", "⌊": "floor(", "⌋": ")",
    "⌈": "ceil(", "⌉": ")", "≈": "~=", "≃": "~=", "≅": "~=", "∼": "~", "≠": "!=", "≤": "<=",
    "≥": ">=", "≡": "==", "≪": "<<", "≫": ">>", "→": "->", "←": "<-", "↦": "|->", "⇒": "=>",
    "⇐": "<=", "⇔": "<=>", "↔": "<->", "↑": "^", "↓": "v", "◀": "<-", "▶": "->", "◆": "*",
    "▪": "*", "•": "*", "✓": "ok", "✗": "x", "°": "deg", "…": "...", "⋯": "...", "⋮": ":",
    "⋱": "...", "′": "'", "″": "''", "‴": "'''", "‘": "'", "’": "'", "“": '"', "”": '"',
    "«": "<<", "»": ">>", "\ufffd": "?", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    **{letter: name for name, letter in GREEK.items() if name != "lam"},
}
_MARK_NAMES = {"\u0304": "bar", "\u0305": "bar", "\u0307": "dot", "\u0308": "ddot",
               "\u0302": "hat", "\u0303": "tilde"}  # others (é's accent) are left off: e
_SUB = "\u2080-\u209c\u1d62-\u1d6a\u2c7c"  # ₀ … ₜ, ᵢ … ᵪ, ⱼ
_SUP = "\u00b2\u00b3\u00b9\u2070-\u207f\u1d2c-\u1d61\u1d9b-\u1dbf\u02b0-\u02b8"  # ² ⁰ … ⁿ ᵀ ʰ
_SUBS, _SUPS = re.compile(f"[{_SUB}]"), re.compile(f"[{_SUP}]")
_MARKED = re.compile("([^\\W_])([\u0300-\u036f]+)")  # a letter or digit and its marks
# What is spelled as one: letters and digits under marks (b̄ȳ, ā1̄: the bar once, after all),
# a run of subscripts or of superscripts (₋₁: _-1), or one character
_TOKEN = re.compile(f"(?:[^\\W_][\u0300-\u036f]+)+|[{_SUB}]+|[{_SUP}]+|[^\x00-\x7f]")
# Letters Unicode also writes as a letter and marks: Latin (ā), Greek (ᾱ, ά)
_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0386-\u03ce\u1f00-\u1fff]")


def speller(encoding: str | None) -> Callable[[str], str] | None:
    """How to spell text for an output in ``encoding``; None when it shows every character
    (a UTF encoding, or none given: a text buffer)."""
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = "ascii"  # an encoding Python does not know: assume the least
    if name.startswith("utf"):
        return None
    return lambda text: spell(text, name)


def keeping(spell: Callable[[str], str], message: str) -> Callable[[str], str]:
    """``spell`` for an error ``message`` and the line it quotes: a character the message is
    about (between quotes, ``found '＋'``, or named by its code point, ``U+00B2``) is written
    as its code point where the output lacks it. Spelled, it would read as what it is not:
    ``unexpected character '+'``, ``x^2 is one name … for a power write x^2``."""
    about = {c for quoted in re.findall(r"'([^'\n]{1,40})'", message) for c in quoted
             if not c.isascii()}
    about.update(chr(int(h, 16)) for h in re.findall(r"U\+([0-9A-F]{4,6})\b", message)
                 if int(h, 16) <= 0x10FFFF)
    escape = {ord(c): _code_point(c) for c in about if spell(c) != c}
    if not escape:
        return spell
    return lambda text: spell(text.translate(escape))


def _code_point(c: str) -> str:
    code = ord(c)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def spell(text: str, encoding: str = "ascii") -> str:
    """``text`` with every character ``encoding`` lacks spelled in ASCII (see the module)."""
    if shows(text, encoding):
        return text
    text = _LATIN.sub(lambda m: unicodedata.normalize("NFD", m.group()), text)
    return _TOKEN.sub(lambda m: _token(m.group(), encoding), text)


def shows(text: str, encoding: str) -> bool:
    """Whether an output in ``encoding`` shows ``text`` as it is."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def _token(token: str, encoding: str) -> str:
    composed = unicodedata.normalize("NFC", token)
    if shows(composed, encoding):
        return composed
    if _SUBS.match(token):
        return "_" + "".join(_plain(c) for c in token)
    if _SUPS.match(token):
        return "^" + "".join(_plain(c) for c in token)
    if len(token) == 1:
        return _plain(token)
    pairs = _MARKED.findall(token)
    if len({marks for _, marks in pairs}) == 1:  # b̄ȳ: one name under one bar
        return "".join(_plain(letter) for letter, _ in pairs) + _marks(pairs[0][1])
    return "".join(_plain(letter) + _marks(marks) for letter, marks in pairs)


def _marks(marks: str) -> str:
    return "".join(_MARK_NAMES.get(m, "") for m in marks)


def _plain(c: str) -> str:
    """One character in ASCII."""
    if c.isascii():
        return c
    spelled = _SPELLING.get(c)
    if spelled is not None:
        return spelled
    code = ord(c)
    if 0x2400 <= code < 0x2420 or code == 0x2421:  # ␀, ␛, ␡: control characters, as cat -v
        return "^" + chr(code - 0x2400 + 64) if code < 0x2420 else "^?"
    if 0x2500 <= code < 0x2580:  # box drawing: one character for one, as rich's ASCII guides
        return _box(unicodedata.name(c, ""))
    if 0x2580 <= code < 0x25A0 or 0x2801 <= code < 0x2900:  # blocks and braille (a plot's dots)
        return "#"
    if code == 0x2800:
        return " "
    if unicodedata.combining(c):
        return _MARK_NAMES.get(c, "")
    compatible = unicodedata.normalize("NFKD", c)  # ｘ, ℝ, ﬁ, µ, ϵ, ₐ
    if compatible != c:
        return "".join(_plain(k) for k in compatible)
    return _code_point(c)


def _box(name: str) -> str:
    if "VERTICAL" in name and ("RIGHT" in name or "LEFT" in name or "HORIZONTAL" in name):
        return "+"
    if "UP AND" in name:
        return "`"
    if "VERTICAL" in name:
        return "|"
    if "HORIZONTAL" in name:
        return "=" if "HEAVY" in name or "DOUBLE" in name else "-"
    return "+"


class SpellingStream:
    """A text stream that spells what its encoding lacks before writing it (the last guard
    against a UnicodeEncodeError, for what a writer did not spell itself: rich's own
    characters, a message). Everything else is the stream's own."""

    def __init__(self, stream: Any, spell: Callable[[str], str]) -> None:
        self._stream, self._spell = stream, spell

    def write(self, text: str) -> int:
        return self._stream.write(self._spell(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
