"""tracer's own parser: text to expression trees. User text is never run as code.

The grammar is operator precedence over the binding powers in the op table:

    + -   10  left          binary sum and difference
    * /   20  left          binary product and quotient
    - +   25  prefix        unary minus binds looser than power: -x^2 is -(x^2)
    ^ **  30  right         power: 2^3^2 is 2^(3^2) = 512

Worked example: ``-x^2*y``. After the prefix ``-`` (25) and ``x``, the ``^`` (30) binds tighter
than the waiting ``-``, so it is pushed; ``2`` completes ``x^2``; then ``*`` (20) is looser than
both waiting operators, which reduce first: ``(-(x^2))*y``.

It is the Pratt idea run with explicit stacks (shunting-yard) instead of recursion, so 5,000
nested parentheses or a 1 MB formula parse in linear time without touching Python's recursion
limit. Function names are looked up in the op table; the parser lists none itself.

A program is a list of statements ``name = expression``, separated by new lines or ``;``, with
``#`` comments; the last statement may be a bare expression (its output is called ``y``). A
line ``@at x1=3, x2=-4`` (``@output``, ``@params``, ``@step``) carries a default for the
command-line option of the same name. Newlines inside parentheses, or after an operator, continue
the statement.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tracer.core import ops
from tracer.core.nodes import Call, Name, Node, Num
from tracer.errors import ParseError

DIRECTIVES = ("at", "output", "params", "step", "order")

# Longer input is refused at once with a clear error rather than parsed for many seconds: a
# 10^5-row trace is about 300-600 thousand characters, and parsing costs about 1.5 µs a token.
MAX_CHARS = 500_000
MAX_NUMERAL = 400  # characters of one number: exact mode builds it as a fraction

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\f\v]+)
  | (?P<comment>\#[^\n]*)
  | (?P<nl>\n)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[^\W\d]\w*)
  | (?P<op>\*\*|[-+*/^(),;=@])
  | (?P<bad>.)
    """,
    re.VERBOSE,
)

Token = tuple[str, str, int]  # (kind, text, position); kinds: num name op nl end

# Lookahead the grammar needs, answered from the source text rather than a token list:
_CALL_AHEAD = re.compile(r"[ \t\r\f\v]*\(")  # a name followed by '(' is a call
_EMPTY_AHEAD = re.compile(r"[ \t\r\f\v]*\)")  # '(' followed by ')' is an empty call
_ASSIGN_AHEAD = re.compile(r"[ \t\r\f\v]*=")  # a name followed by '=' starts an assignment
_DIRECTIVE = re.compile(r"@[ \t]*([^\W\d]\w*)")
_NONZERO = re.compile(r"[\d.]*[1-9]")  # a numeral whose digits are not all zeros


class Lexer:
    """The tokens of a source one at a time; ``tok`` is the current one.

    Tokens are made as the parser asks for them and dropped once read, so a 10^5-row formula
    never holds a list of its tokens (that list alone was a third of the peak memory).
    """

    def __init__(self, source: str, start: int = 0) -> None:
        self.source = source
        self.seek(start)

    def seek(self, pos: int) -> Token:
        """Continue reading at character ``pos``."""
        self._matches = _TOKEN.finditer(self.source, pos)
        return self.advance()

    def advance(self) -> Token:
        """Move to the next token and return it."""
        source = self.source
        for m in self._matches:
            kind = m.lastgroup
            if kind == "ws" or kind == "comment":
                continue
            text = m.group()
            pos = m.start()
            if kind == "bad":
                if text in "\"'`":
                    raise ParseError(
                        f"unexpected quote {text}: formulas are written without quotes",
                        source, pos)
                raise ParseError(f"unexpected character {text!r}", source, pos)
            if kind == "num":
                end = m.end()
                if end < len(source) and (source[end] == "." or source[end].isdigit()):
                    stop = end
                    while stop < len(source) and (source[stop].isalnum() or source[stop] in "._"):
                        stop += 1
                    raise ParseError(f"malformed number {source[pos:stop]!r}", source, pos)
            self.tok: Token = (kind, text, pos)  # type: ignore[assignment]
            return self.tok
        self.tok = ("end", "", len(source))
        return self.tok

    def ahead(self, pattern: re.Pattern[str]) -> bool:
        """Does the text right after the current token match ``pattern``?"""
        _, text, pos = self.tok
        return pattern.match(self.source, pos + len(text)) is not None


def tokenize(source: str) -> list[Token]:
    """Every token of ``source``, ending with ("end", "", len(source)) (for tests and tools)."""
    lex = Lexer(source)
    out = [lex.tok]
    while lex.tok[0] != "end":
        out.append(lex.advance())
    return out


def _describe(tok: Token) -> str:
    kind, text, _ = tok
    if kind == "end":
        return "the end of the formula"
    if kind == "nl":
        return "the end of the line"
    if kind == "num":
        return f"the number {text}"
    if kind == "name":
        return f"the name {text!r}"
    return f"{text!r}"


def _unknown_function(name: str, source: str, pos: int) -> ParseError:
    import difflib  # only on this error path: it costs start-up time

    close = difflib.get_close_matches(name, sorted(ops.FUNCTIONS), n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else \
        f"; known functions: {', '.join(sorted(n for n in ops.FUNCTIONS if ops.arities(n)[-1]))}"
    return ParseError(f"unknown function {name!r}{hint}", source, pos)


def _arity_error(name: str, got: int, source: str, pos: int) -> ParseError:
    counts = ops.arities(name)
    want = " or ".join(str(c) for c in counts)
    plural = "argument" if counts == [1] else "arguments"
    return ParseError(f"{name} takes {want} {plural}, got {got}", source, pos)


# Node constructors without NamedTuple's Python-level __new__: half the cost in the hot loop.
_new = tuple.__new__

# Operator-stack entries: (kind, op or function name, position, argument count).
_OPEN, _CALL, _BIN, _PRE = 0, 1, 2, 3


def parse_expression(
    lex: Lexer, stops: str = ";", after: Token | None = None
) -> tuple[Node, list[Node]]:
    """Parse one expression starting at the lexer's current token.

    Returns the tree and every node of it in post-order (the shunting-yard's output order,
    which lowering consumes without walking the tree again); the lexer is left on the token
    that ended it: the end of the input, a new line outside parentheses, or one of ``stops``
    outside parentheses.
    """
    source = lex.source
    out: list[Node] = []  # operands
    rpn: list[Node] = []  # every node, in post-order
    stack: list[tuple[int, object, int, int]] = []  # (kind, op or name, position, commas)
    expect_operand = True
    prev: Token | None = after
    infix = ops.INFIX
    constants = ops.CONSTANTS
    functions = ops.FUNCTIONS
    prefix_bp = ops.PREFIX["-"].bp

    def reduce_one() -> None:
        kind, op, pos, _ = stack.pop()
        if kind == _BIN:
            right = out.pop()
            node = _new(Call, (op, (out[-1], right), pos))
        elif op is not None:  # prefix minus; a prefix plus leaves its operand as it is
            node = _new(Call, (op, (out[-1],), pos))
        else:
            return
        out[-1] = node
        rpn.append(node)

    def finish_call(name: str, pos: int, nargs: int) -> None:
        op = ops.function(name, nargs)
        if op is None:
            raise _arity_error(name, nargs, source, pos)
        args = tuple(out[len(out) - nargs:]) if nargs else ()
        del out[len(out) - nargs:]
        node = Call(op, args, pos)
        out.append(node)
        rpn.append(node)

    tok = lex.tok
    while True:
        kind, text, pos = tok
        if expect_operand:
            if kind == "name":
                if lex.ahead(_CALL_AHEAD):
                    if text not in functions or not ops.arities(text)[-1]:
                        raise _unknown_function(text, source, pos)
                    lex.advance()  # onto the '('
                    if lex.ahead(_EMPTY_AHEAD):
                        lex.advance()  # onto the ')'
                        finish_call(text, pos, 0)
                        expect_operand = False
                    else:
                        stack.append((_CALL, text, pos, 0))
                else:
                    constant = constants.get(text)
                    if constant is not None:
                        node = Call(constant, (), pos)
                    elif text in functions:
                        raise ParseError(
                            f"{text} is a function: write {text}(...) with its argument",
                            source, pos)
                    else:
                        node = _new(Name, (text, pos))
                    out.append(node)
                    rpn.append(node)
                    expect_operand = False
            elif kind == "num":
                if len(text) > MAX_NUMERAL:
                    raise ParseError(
                        f"a number of {len(text):,} characters: tracer reads numbers of at most "
                        f"{MAX_NUMERAL} (a float keeps 17 significant digits)", source, pos)
                value = float(text)
                if value == math.inf:
                    raise ParseError(f"the number {text} is too large for a float", source, pos)
                if value == 0 and _NONZERO.match(text):
                    raise ParseError(
                        f"the number {text} is too small for a float: it would be 0 (the "
                        "smallest positive float is about 5e-324)", source, pos)
                node = _new(Num, (value, text, pos))
                out.append(node)
                rpn.append(node)
                expect_operand = False
            elif kind == "op" and text == "(":
                stack.append((_OPEN, None, pos, 0))
            elif kind == "op" and text in ("-", "+"):
                stack.append((_PRE, ops.PREFIX.get(text) if text == "-" else None, pos, 0))
            elif kind == "nl":
                pass  # an expression cannot end after an operator: the statement continues
            else:
                if prev is None and kind == "end":
                    raise ParseError("empty formula: expected an expression", source, pos)
                after_text = f" after {prev[1]!r}" if prev is not None else ""
                what = "an expression" if prev is None else "a number, a name or '('"
                raise ParseError(f"expected {what}{after_text}, found {_describe(tok)}",
                                 source, pos)
        elif kind == "op" and text in infix:
            op = infix[text]
            bp = op.bp
            while stack and stack[-1][0] >= _BIN:
                top_op = stack[-1][1]
                top_bp = top_op.bp if top_op is not None else prefix_bp  # type: ignore[attr-defined]
                if top_bp > bp or (top_bp == bp and not op.right):
                    reduce_one()
                else:
                    break
            stack.append((_BIN, op, pos, 0))
            expect_operand = True
        elif kind == "op" and text == ")":
            while stack and stack[-1][0] >= _BIN:
                reduce_one()
            if not stack:
                raise ParseError("unmatched ')': there is no '(' before it", source, pos)
            entry = stack.pop()
            if entry[0] == _CALL:
                finish_call(entry[1], entry[2], entry[3] + 1)  # type: ignore[arg-type]
        elif kind == "op" and text == "," and _innermost_open(stack) is not None:
            while stack[-1][0] >= _BIN:
                reduce_one()
            top = stack[-1]
            if top[0] != _CALL:
                raise ParseError("',' inside parentheses that are not a function call",
                                 source, pos)
            stack[-1] = (top[0], top[1], top[2], top[3] + 1)
            expect_operand = True
        elif kind == "nl" and _innermost_open(stack) is not None:
            pass  # inside parentheses a new line is only space
        elif kind in ("end", "nl") or (kind == "op" and text in stops):
            while stack:
                if stack[-1][0] <= _CALL:
                    kind_, name, open_pos, _ = stack[-1]
                    what = f"{name}(" if kind_ == _CALL else "("
                    col = open_pos - source.rfind("\n", 0, open_pos)
                    raise ParseError(
                        f"expected ')' to close the {what!r} at column {col}, "
                        f"found {_describe(tok)}", source, pos)
                reduce_one()
            return out[-1], rpn
        elif kind in ("num", "name") or (kind == "op" and text == "("):
            left = prev[1] if prev is not None else ""
            hint = f" (for a product write {left}*{text})" if kind == "name" and \
                prev is not None and prev[0] in ("num", "name") else ""
            if kind == "op":
                hint = f" (for a product write {left}*(...))"
            raise ParseError(
                f"missing operator between {left!r} and {text!r}{hint}", source, pos)
        elif kind == "op" and text == "=":
            raise ParseError(
                "unexpected '=': an assignment is 'name = expression', one per line",
                source, pos)
        elif kind == "op" and text == ",":
            raise ParseError("',' outside a function call", source, pos)
        else:
            raise ParseError(f"unexpected {_describe(tok)}", source, pos)
        prev = tok
        tok = lex.advance()


def _innermost_open(stack: list[tuple[int, object, int, int]]) -> int | None:
    """The kind (_OPEN or _CALL) of the innermost unclosed parenthesis, or None."""
    for entry in reversed(stack):
        if entry[0] <= _CALL:
            return entry[0]
    return None


@dataclass(frozen=True)
class Statement:
    """``target = expr``; target is None for a bare expression (the program's output ``y``)."""

    target: str | None
    expr: Node
    pos: int  # where the statement starts
    rpn: tuple[Node, ...] = ()  # the nodes of expr in post-order


@dataclass(frozen=True)
class Directive:
    """A line ``@name text``: a default for the command-line option ``--name``."""

    name: str
    text: str
    pos: int  # where text starts


@dataclass(frozen=True)
class Program:
    source: str
    statements: tuple[Statement, ...]
    directives: tuple[Directive, ...]

    @property
    def is_formula(self) -> bool:
        """One expression (bare, or ``y = …``), as opposed to a program of several lines."""
        return len(self.statements) == 1


def parse(source: str) -> Program:
    """Parse a formula or a program."""
    if len(source) > MAX_CHARS:
        raise ParseError(
            f"the input is {len(source):,} characters long; tracer reads at most "
            f"{MAX_CHARS:,} characters (about 10^5 rows)")
    lex = Lexer(source)
    statements: list[Statement] = []
    directives: list[Directive] = []
    while True:
        kind, text, pos = lex.tok
        if kind == "end":
            break
        if kind == "nl" or (kind == "op" and text == ";"):
            lex.advance()
            continue
        if statements and statements[-1].target is None:
            raise ParseError(
                "only the last statement may be a bare expression; "
                "give the one before a name (name = expression)",
                source, statements[-1].pos)
        if kind == "op" and text == "@":
            _directive(lex, directives)
            continue
        if kind == "name" and lex.ahead(_ASSIGN_AHEAD):
            if text in ops.FUNCTIONS:
                what = "a constant" if ops.function(text, 0) else "a function"
                raise ParseError(f"{text} is {what}; it cannot be assigned", source, pos)
            equals = lex.advance()
            lex.advance()
            expr, rpn = parse_expression(lex, after=equals)
            statements.append(Statement(text, expr, pos, tuple(rpn)))
        else:
            expr, rpn = parse_expression(lex)
            statements.append(Statement(None, expr, pos, tuple(rpn)))
    if not statements:
        what = "program" if directives or source.strip() else "formula"
        raise ParseError(f"empty {what}: expected an expression", source, len(source))
    return Program(source, tuple(statements), tuple(directives))


def _directive(lex: Lexer, into: list[Directive]) -> None:
    """Read a line ``@name text``; the lexer moves on to the end of the line."""
    source = lex.source
    at_pos = lex.tok[2]
    end = source.find("\n", at_pos)
    end = len(source) if end < 0 else end
    m = _DIRECTIVE.match(source, at_pos)
    if m is None or m.group(1) not in DIRECTIVES:
        known = ", ".join("@" + d for d in DIRECTIVES)
        raise ParseError(f"unknown directive; known directives are {known}", source, at_pos)
    comment = source.find("#", m.end(), end)
    stop = comment if comment >= 0 else end
    into.append(Directive(m.group(1), source[m.end():stop], m.end()))
    lex.seek(end)


def parse_bindings(text: str) -> list[tuple[str, Node, int]]:
    """Parse ``name=expr, name=expr`` (the syntax of ``--at`` and ``--seed``).

    Returns (name, expression, position of the name) per binding; commas inside a function
    call (``log(8, 2)``) do not split.
    """
    lex = Lexer(text)
    out: list[tuple[str, Node, int]] = []
    while True:
        kind, name, pos = lex.tok
        if kind == "end":
            if not out:
                raise ParseError("expected name=value", text, pos)
            return out
        if kind != "name" or not lex.ahead(_ASSIGN_AHEAD):
            raise ParseError(f"expected name=value, found {_describe(lex.tok)}", text, pos)
        equals = lex.advance()
        lex.advance()
        expr, _ = parse_expression(lex, stops=",;", after=equals)
        out.append((name, expr, pos))
        if lex.tok[0] != "end":
            lex.advance()


def parse_names(text: str) -> list[tuple[str, int]]:
    """Parse a comma-separated list of names (``--output y1,y2``, ``--wrt x1``)."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"[^,\s]+", text):
        word = m.group()
        if not re.fullmatch(r"[^\W\d][\w*?\[\]]*", word):
            raise ParseError(f"{word!r} is not a name", text, m.start())
        out.append((word, m.start()))
    if not out:
        raise ParseError("expected a name", text, 0)
    return out
