"""Plain text for LaTeX: tracer's sentences, headers and program listings, every character kept.

pdflatex reads ASCII safely; everything else is spelled out. TeX's specials are escaped
(``50%`` → ``50\\%``); tracer's notation becomes math (``∂`` → ``\\partial``, ``v̄₀`` →
``\\bar{v}_{0}``, ``lₙ₊₁`` → ``l_{n+1}``, ``θ`` → ``\\theta``); accented letters become accents
(``é`` → ``\\'{e}``) and typographic signs their TeX spelling (``–`` → ``--``). A character
with no spelling is named by its code point (``[U+1F600]``) rather than dropped or turned
into ``?``. Two outputs: ``text`` for running text, ``math_text`` for the inside of display
math (what MathJax typesets in a notebook), where words sit in ``\\text{…}``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# TeX's specials in text mode, and inside math (where MathJax reads them too).
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
            "|": r"\textbar{}"}
_MATH_SPECIAL = {"\\": r"\backslash ", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                 "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\sim ", "^": r"\hat{}",
                 "<": "<", ">": ">", "|": r"\vert "}

# Signs typeset as math (all in amsmath and amssymb, and in MathJax).
_SIGNS = {
    "∂": r"\partial", "∇": r"\nabla", "∞": r"\infty", "√": r"\surd", "∑": r"\sum",
    "∏": r"\prod", "∫": r"\int", "≈": r"\approx", "≠": r"\neq", "≤": r"\leq", "≥": r"\geq",
    "±": r"\pm", "∓": r"\mp", "×": r"\times", "·": r"\cdot", "⋅": r"\cdot", "÷": r"\div",
    "−": "-", "∈": r"\in", "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∪": r"\cup",
    "∩": r"\cap", "∅": r"\emptyset", "∀": r"\forall", "∃": r"\exists", "¬": r"\neg",
    "∧": r"\wedge", "∨": r"\vee", "≡": r"\equiv", "∼": r"\sim", "≃": r"\simeq",
    "≅": r"\cong", "∝": r"\propto", "≪": r"\ll", "≫": r"\gg", "⊤": r"\top", "⊥": r"\bot",
    "∘": r"\circ", "∗": r"\ast", "⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots",
    "‖": r"\|", "∥": r"\parallel", "⟨": r"\langle", "⟩": r"\rangle", "←": r"\leftarrow",
    "→": r"\rightarrow", "↔": r"\leftrightarrow", "⇐": r"\Leftarrow", "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow", "↦": r"\mapsto", "↑": r"\uparrow", "↓": r"\downarrow",
    "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "ℚ": r"\mathbb{Q}",
    "ℂ": r"\mathbb{C}", "ℓ": r"\ell", "◀": r"\blacktriangleleft",
    "▶": r"\blacktriangleright", "✓": r"\checkmark", "✗": r"\times", "°": r"^{\circ}",
    "µ": r"\mu", "∆": r"\Delta", "½": r"\tfrac{1}{2}", "′": "'", "″": "''", "‴": "'''",
    "ε": r"\varepsilon", "ϵ": r"\epsilon", "φ": r"\varphi", "ϕ": r"\phi",
    "ϑ": r"\vartheta", "ς": r"\varsigma", "ο": "o",
}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
                   "Psi", "Omega"}
_LATIN_CAPITALS = {"Alpha": "A", "Beta": "B", "Epsilon": "E", "Zeta": "Z", "Eta": "H",
                   "Iota": "I", "Kappa": "K", "Mu": "M", "Nu": "N", "Omicron": "O",
                   "Rho": "P", "Tau": "T", "Chi": "X"}

# Typographic signs and letters text mode spells (running text; MathJax shows them as they are).
_WORDS = {
    "–": "--", "—": "---", "“": "``", "”": "''", "‘": "`", "’": "'", "…": r"\ldots{}",
    "\u00a0": "~", "\u2009": r"\,", "\u202f": r"\,", "•": r"\textbullet{}", "§": r"\S{}",
    "¶": r"\P{}", "©": r"\copyright{}", "£": r"\pounds{}", "ß": r"\ss{}", "æ": r"\ae{}",
    "Æ": r"\AE{}", "ø": r"\o{}", "Ø": r"\O{}", "œ": r"\oe{}", "Œ": r"\OE{}", "ł": r"\l{}",
    "Ł": r"\L{}", "¡": r"\textexclamdown{}", "¿": r"\textquestiondown{}",
}

# Subscript and superscript characters, letters too: "10⁻ᵏ" is 10^{-k}, not 10^{-}[U+1D4F].
# A Greek letter's macro ends in a space, so that the next letter is not read into its name.
_GREEK_SUB = dict(zip("ᵦᵧᵨᵩᵪ", [r"\beta ", r"\gamma ", r"\rho ", r"\phi ", r"\chi "],
                      strict=True))
_GREEK_SUP = dict(zip("ᵅᵝᵞᵟᵋᶿᶥᵠᵡ", [r"\alpha ", r"\beta ", r"\gamma ", r"\delta ",
                                   r"\varepsilon ", r"\theta ", r"\iota ", r"\phi ",
                                   r"\chi "], strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ",
                "0123456789+-=()aeoxhklmnpstijruv", strict=True)) | _GREEK_SUB
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
                "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                strict=True)) | _GREEK_SUP

# Combining marks: (text-mode accent, math accent). A macron or a dot over a letter is
# tracer's notation (v̄ the adjoint, ẋ the tangent), so those two are always math.
_ACCENTS = {"\u0300": ("\\`", r"\grave"), "\u0301": ("\\'", r"\acute"),
            "\u0302": ("\\^", r"\hat"), "\u0303": ("\\~", r"\tilde"),
            "\u0304": (None, r"\bar"), "\u0306": ("\\u", r"\breve"),
            "\u0307": (None, r"\dot"), "\u0308": ('\\"', r"\ddot"),
            "\u030a": ("\\r", r"\mathring"), "\u030b": ("\\H", None),
            "\u030c": ("\\v", r"\check"), "\u0323": ("\\d", None), "\u0327": ("\\c", None),
            "\u0328": ("\\k", None)}

Token = tuple[str, str, str]  # (kind, LaTeX, the original text)


def _sign(ch: str) -> str | None:
    """A character's math spelling: a listed sign or a Greek letter."""
    if ch in _SIGNS:
        return _SIGNS[ch]
    name = unicodedata.name(ch, "").replace("LAMDA", "LAMBDA")
    if name.startswith("GREEK SMALL LETTER ") and " " not in name[19:]:
        return "\\" + name[19:].lower()
    if name.startswith("GREEK CAPITAL LETTER ") and " " not in name[21:]:
        word = name[21:].capitalize()
        if word in _GREEK_CAPITALS:
            return "\\" + word
        return rf"\mathrm{{{_LATIN_CAPITALS[word]}}}" if word in _LATIN_CAPITALS else None
    return None


def _accented(base: str, marks: str, original: str) -> Token:
    """A letter with combining marks: text accents, or math when any mark is notation."""
    text_ok = base.isascii() and base.isalpha() and all(
        _ACCENTS.get(m, (None, None))[0] for m in marks)
    if text_ok:
        out = {"i": r"\i", "j": r"\j"}.get(base, base)  # the accent replaces the dot
        for m in marks:
            out = f"{_ACCENTS[m][0]}{{{out}}}"
        return "word", out, original
    out = _sign(base) or (base if base.isascii() and base.isalnum() else "")
    if not out or not all(_ACCENTS.get(m, (None, None))[1] for m in marks):
        return "unknown", "", original
    for m in marks:
        out = f"{_ACCENTS[m][1]}{{{out}}}"
    return "math", out, original


def _run(s: str, i: int, table: dict[str, str]) -> int:
    """The end of the run of characters from ``table`` starting at ``i``."""
    j = i
    while j < len(s) and s[j] in table:
        j += 1
    return j


def tokens(s: str) -> Iterator[Token]:
    """The text in pieces: plain ASCII runs, specials, math, words, and unknown characters."""
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch in _SPECIAL:
            yield "special", ch, ch
            i += 1
        elif ch.isascii():
            j = i + 1
            while j < n and s[j].isascii() and s[j] not in _SPECIAL:
                j += 1
            if j < n and unicodedata.combining(s[j]):
                j -= 1  # the letter carries the marks that follow it
            if j > i:
                yield "plain", s[i:j], s[i:j]
                i = j
                continue
            yield from _marked(s, i)
            i = _end_of_marks(s, i)
        elif ch in _SUB or ch in _SUP:
            table, mark = (_SUB, "_") if ch in _SUB else (_SUP, "^")
            j = _run(s, i, table)
            yield "math", mark + "{" + "".join(table[c] for c in s[i:j]).rstrip() + "}", s[i:j]
            i = j
        else:
            yield from _marked(s, i)
            i = _end_of_marks(s, i)


def _end_of_marks(s: str, i: int) -> int:
    j = i + 1
    while j < len(s) and unicodedata.combining(s[j]):
        j += 1
    return j


def _marked(s: str, i: int) -> Iterator[Token]:
    """One character at ``i`` with the combining marks after it."""
    j = _end_of_marks(s, i)
    original, ch, marks = s[i:j], s[i], s[i + 1:j]
    if not marks:
        sign = _sign(ch)
        if sign is not None:
            yield "math", sign, original
            return
        if ch in _WORDS:
            yield "word", _WORDS[ch], original
            return
    parts = unicodedata.normalize("NFD", ch)  # é is e and an acute accent
    if len(parts) > 1 or marks:
        yield _accented(parts[0], parts[1:] + marks, original)
    else:
        yield "unknown", "", original


LONG_WORD = 24  # a run of characters without a space longer than this may break anywhere

# A program's operators: a line of a listing may break after one (after the whole of +=, **,
# >=, ==, //), never inside one, and never after a - that may be a sign (x*-1).
_OPERATOR = re.compile(r"[-+*/%=<>!&|^@,(\[]+")
_BREAK_AFTER = ",+*/=(["


def _breaks(s: str, code: bool = False) -> str:
    """``s`` with a NUL where a line may break. Running text: after a slash, and inside a
    word longer than ``LONG_WORD`` (a path, a file name) after a hyphen or an underscore, or
    every ``LONG_WORD`` characters where it has none (``exercise-2-accumulate.txt`` breaks
    after its hyphens, never inside ``txt``). Code (``code``): after an operator, and inside
    a long name after an underscore, or every ``LONG_WORD`` characters."""
    if code:
        s = _OPERATOR.sub(lambda m: m.group() + "\0" if m.group()[-1] in _BREAK_AFTER
                          else m.group(), s)
    out = []
    for word in re.split(r"(\s+)", s):
        long = len(word.replace("\0", "")) > LONG_WORD
        after = ("_" if long else "") if code else ("/-_" if long else "/")
        out.append(word if word.isspace() else _word_breaks(word, after))
    return "".join(out)


def _word_breaks(word: str, after: str) -> str:
    """A word with a NUL after each character of ``after``, and every ``LONG_WORD``
    characters between two breaks."""
    out = []
    run = 0
    for k, ch in enumerate(word):
        out.append(ch)
        run = 0 if ch == "\0" else run + 1
        marked = k + 1 < len(word) and unicodedata.combining(word[k + 1])  # v then its bar: one
        if run and (ch in after or run >= LONG_WORD) and not marked:
            out.append("\0")
            run = 0
    return "".join(out)


def code(s: str) -> str:
    """A line of a program for LaTeX (its characters as ``text`` keeps them) that may break
    only between tokens: after an operator, or inside a name too long for the line."""
    return text(_breaks(s, code=True)).replace("\0", r"\allowbreak{}")


def text(s: str, breaks: bool = False) -> str:
    """Running text for LaTeX: specials escaped, notation as math, every character kept;
    with ``breaks``, a long word or path may break (after a slash, or inside it)."""
    if breaks:
        return text(_breaks(s)).replace("\0", r"\allowbreak{}")
    out: list[str] = []
    math: list[str] = []  # adjacent math goes in one \ensuremath: x̄₁ is \bar{x}_{1}
    spelled_last = False  # the last piece out is a character named by its code point
    for kind, latex, original in tokens(s):
        if kind == "math":
            glue = " " if math and math[-1][-1].isalpha() and latex[0].isalpha() else ""
            math.append(glue + latex)  # \partial then o (omicron) is not \partialo
            continue
        if math:
            out.append(rf"\ensuremath{{{''.join(math)}}}")
            math.clear()
            spelled_last = False
        if kind == "special":
            out.append(_SPECIAL[latex])
        elif kind == "plain":  # --digits stays two hyphens, not TeX's en dash (nor `` a quote)
            out.append(re.sub(r"([-`'])(?=\1)", r"\1{}", latex))
        elif kind == "unknown":  # a line may break between two (an eight-letter Cyrillic
            # name is 64 characters of them: 100 pt past a frame in a program's listing)
            spelled = "".join(f"[U+{ord(c):04X}]" for c in original)
            out.append(r"\allowbreak{}" + spelled if spelled_last else spelled)
        else:
            out.append(latex)
        spelled_last = kind == "unknown"
    if math:
        out.append(rf"\ensuremath{{{''.join(math)}}}")
    return "".join(out)


# The letters beyond ASCII that pdflatex reads from UTF-8 in T1 fonts (Latin-1, most of Latin
# Extended-A, a few of Extended-B: é, ł, ŋ, ș), measured letter by letter; any other (я, 中, ℏ,
# 𝑥, ə) stopped it: "Unicode character я (U+044F) not set up for use with LaTeX".
_T1_LETTERS = ((0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x125), (0x128, 0x137), (0x139, 0x13E),
               (0x141, 0x148), (0x14A, 0x165), (0x168, 0x17E), (0x192, 0x192),
               (0x1C4, 0x1D4), (0x1E2, 0x1E3), (0x1E6, 0x1EB), (0x1F0, 0x1F0), (0x1F4, 0x1F5),
               (0x218, 0x21B), (0x232, 0x233), (0x237, 0x237))
_BEYOND_ASCII = re.compile("[^\x00-\x7f]")


def _code_point(m: re.Match[str]) -> str:
    return _code_point_of(m.group())


# Letters of a name beyond ASCII, one \text box each as the printer writes them: where two
# stand together, a line may break between them once they are code points (an eight-letter
# Cyrillic name is 64 characters of them, wider than a slide).
_LETTER_BOXES = re.compile(r"(?:\\text\{\\textit\{[^\x00-\x7f]\}\}){2,}")


def readable(latex: str) -> str:
    """The printer's LaTeX for pdflatex: a letter it cannot read (a name я, 中, ℏ) named by its
    code point, ``\\text{\\textit{[U+044F]}}``, as running text names it. (MathJax reads
    them all: a notebook and Markdown get the printer's LaTeX as it is.)"""
    if latex.isascii():
        return latex
    return _BEYOND_ASCII.sub(_code_point, _LETTER_BOXES.sub(_breakable_letters, latex))


def _breakable_letters(m: re.Match[str]) -> str:
    boxes = m.group().split("}}")[:-1]
    if all(_code_point_of(box[-1]) == box[-1] for box in boxes):
        return m.group()  # letters pdflatex reads (a name in é and ł) stay one word
    return r"\allowbreak ".join(box + "}}" for box in boxes)


def _code_point_of(ch: str) -> str:
    code_point = ord(ch)
    if any(low <= code_point <= high for low, high in _T1_LETTERS):
        return ch
    return f"[U+{code_point:04X}]"


def math_text(s: str) -> str:
    """Text inside display math (MathJax): words in ``\\text{…}``, notation as math."""
    out: list[str] = []
    words: list[str] = []

    def flush() -> None:
        if words:
            out.append(r"\text{" + "".join(words) + "}")
            words.clear()

    for kind, latex, original in tokens(s):
        if kind in ("plain", "word", "unknown"):
            words.append(original)
            continue
        flush()
        if kind == "special":
            out.append(_MATH_SPECIAL[latex])
        elif latex[0] in "_^'":
            out.append(latex if out else "{}" + latex)  # a sub- or superscript needs a base
        else:
            out.append(latex + " ")
    flush()
    return "".join(out)
