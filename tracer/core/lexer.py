"""The lexer: a source's tokens as plain strings, in one pass of one regular expression.

A token's kind is told by its first character (a digit or ``.`` starts a number, a letter a
name, ``\\n`` a new line, anything else is an operator or a bracket), so the whole token list is
made by ``re.findall`` in C, about 0.2 µs a token: the parser reads a list of strings.

Worked example: ``"a = x*2  # twice\\n  b"`` is ``["a", "=", "x", "*", "2", "\\n  ", "b"]``. The
comment went with the spaces before the new line; the new line keeps the next line's
indentation (two spaces), which is how blocks are read. Blank lines go with the new line
before them: a run of them is one token (30 MB of blank lines is one token, not 30 million).

Where a token stands in the source is worked out only when a message needs it: ``offset(i)``
runs the same expression again with positions (``finditer``), once, on the error path.
"""

from __future__ import annotations

import re
from functools import cached_property

from tracer.errors import ParseError

# Spaces and comments go with the token after them; findall returns the token alone. The
# commonest tokens come first (an ASCII name, an operator, a bracket): the engine tries the
# branches in order. ``**`` is a ``*`` followed by a ``*``, ``//`` a ``/`` followed by a ``/``;
# ``<=``, ``+=``, ``**=``, … an operator followed by ``=``.
_PATTERN = r"""
    [ \t\r\f\v]*+(?:(?:\\\n|\#[^\n]*)[ \t\r\f\v]*+)*+   # spaces, line continuations, a comment
    (
        [a-zA-Z_]\w*+                    # a name: x1, theta_2, sin
      | [-+*/@<>=!%^](?:(?<=\*)\*|(?<=/)/)?=?  # an operator: + - * / @ < > = ! % ^ ** // <= >=
                                         # == != += **= //= …
      | [(),\[\]]                        # a bracket or a comma
      | [^\W\d]\w*+                      # a name that starts with another letter: θ, é
      | (?:[0-9]++\.?[0-9]*+|\.[0-9]++)(?:[eE][+-]?[0-9]++)?  # a number: 2, .5, 1e-3, 3. (ASCII)
      | \n[ \t\r\f\v\n]*+                # a new line, with the blank lines after it and the
                                         # next line's indentation
      | "{3}[\s\S]*?"{3} | '{3}[\s\S]*?'{3}  # a string: a docstring (read as a comment)
      | "[^"\n]*" | '[^'\n]*'             # or a quoted formula (refused: no quotes)
      | .                                # anything else, one character at a time (a no-break
                                         # space too: it is a token, never a silent end)
    )?                                   # (none after a comment that ends the input)
"""
TOKEN = re.compile(_PATTERN, re.VERBOSE)

NUMBER_START = frozenset("0123456789.")
KEYWORDS = frozenset({"if", "elif", "else", "while", "for", "in", "break", "continue", "def",
                      "return", "and", "or", "not", "pass", "True", "False", "None"})


def is_number(tok: str) -> bool:
    return tok[:1] in NUMBER_START and tok not in (".", "")


def is_name(tok: str) -> bool:
    return tok[:1].isalpha() or tok[:1] == "_"


def is_newline(tok: str) -> bool:
    return tok[:1] == "\n"


def ends_statement(tok: str) -> bool:
    """Does a statement end at ``tok``: a new line, a ``;`` or the end of the source?"""
    return not tok or tok == ";" or tok[:1] == "\n"


class Tokens:
    """A source's tokens. ``toks[i]`` is the i-th token as written; the list ends with an
    empty string, the end of the input."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.toks: list[str] = TOKEN.findall(source)
        while self.toks and not self.toks[-1]:  # the empty match at the end
            self.toks.pop()
        self.toks.append("")

    def release(self) -> None:
        """The parser is done: drop the token list (offsets are found again from the source
        when a message needs one), so a large program's trace does not keep it alive."""
        self.toks = [""]

    @cached_property
    def offsets(self) -> list[int]:
        """Each token's character offset (computed on first use: errors only)."""
        out = [m.start(1) for m in TOKEN.finditer(self.source) if m.group(1)]
        out.append(len(self.source))
        return out

    def offset(self, i: int) -> int:
        """Where token ``i`` starts in the source (the end of the input for the end)."""
        offsets = self.offsets
        return offsets[min(max(i, 0), len(offsets) - 1)]

    def error(self, message: str, i: int) -> ParseError:
        return ParseError(message, self.source, self.offset(i))

    def adjacent(self, i: int) -> bool:
        """Does token ``i`` follow token ``i - 1`` with nothing between them?"""
        if i <= 0:
            return False
        return self.offset(i - 1) + len(self.toks[i - 1]) == self.offset(i)

    def line(self, i: int) -> int:
        """The 1-based line number of token ``i``."""
        return self.source.count("\n", 0, self.offset(i)) + 1


def describe(tok: str) -> str:
    """A token as a message names it: the end of the formula, the name 'x', '*'."""
    if tok == "":
        return "the end of the formula"
    if is_newline(tok):
        return "the end of the line"
    if is_number(tok):
        return f"the number {tok}"
    if is_name(tok):
        return f"the name {tok!r}"
    return repr(tok)


def tokenize(source: str) -> list[tuple[str, str, int]]:
    """Every token as (kind, text, offset), ending with ("end", "", len(source)): for tests
    and tools (the parser reads the strings alone)."""
    tokens = Tokens(source)
    out = []
    for i, tok in enumerate(tokens.toks):
        kind = ("end" if tok == "" else "nl" if is_newline(tok) else "num" if is_number(tok)
                else "name" if is_name(tok) else "op")
        out.append((kind, tok, tokens.offset(i)))
    return out
