"""tracer's own parser: text to a program of statements, each expression as postfix code.

User text is never run as code: this parser reads a small Python subset and nothing else.

Expressions are read by operator precedence over the binding powers in the op table (Pratt's
idea, run with explicit stacks so 5,000 nested parentheses need no recursion):

    + -   10  left          sum and difference
    * / @ 20  left          product, quotient, matrix product
    - +   25  prefix        unary minus binds looser than power: -x^2 is -(x^2)
    ^ **  30  right         power: 2^3^2 is 2^(3^2) = 512
    f(…) x[…] x.f()         calls, indexing and methods bind tightest

Worked example: ``-x^2*y``. After the prefix ``-`` (25) and ``x``, the ``^`` (30) binds tighter
than the waiting ``-``, so it waits on the stack; ``2`` completes ``x^2``; then ``*`` (20) is
looser than both waiting operators, which reduce first: ``(-(x^2))*y``. Each reduction appends
one instruction to the postfix code: ``x 2 pow neg y mul``.

Each kind of token has its handler, one for when an operand is expected (a number, a name, a
bracket, a prefix sign) and one for after an operand (an infix operator, a closing bracket, a
comma, an index, a method); ``_OPERAND`` and ``_AFTER`` are the tables.

A program is statements separated by new lines or ``;``: assignments (``c = …``, ``c += …``,
``b[i] = …``), ``if``/``elif``/``else``, ``while``, ``for i in range(…)``, ``break``,
``continue``, ``pass``, ``def f(a, b):`` … ``return …``, with blocks indented by spaces; and
``@at``-style lines giving defaults for command-line options. The last statement may be a bare
expression (its output is ``y``). Inside brackets, or after an operator, a new line continues
the statement.
"""

from __future__ import annotations

import functools
import keyword
import math
import re
import string
from collections.abc import Callable, Iterator, Sequence

from tracer.core import arrays, cost, course, ops
from tracer.core.course_lines import CourseLines
from tracer.core.lexer import (
    KEYWORDS,
    Tokens,
    describe,
    ends_statement,
    is_name,
    is_newline,
    is_number,
)
from tracer.core.nodes import Call as CallNode
from tracer.core.nodes import Node, Num
from tracer.core.spelling import JOIN, NOT_READ_FUNCTIONS, unexpected
from tracer.core.syntax import (
    APPEND,
    Apply,
    Assert,
    Attr,
    BoolOp,
    Call,
    Choice,
    Code,
    Collect,
    Compare,
    Comprehension,
    Condition,
    Def,
    Directive,
    For,
    If,
    Index,
    Jump,
    Keyword,
    ListOf,
    Method,
    Not,
    Nothing,
    Program,
    Raise,
    Ref,
    Return,
    Select,
    Slice,
    Statement,
    Truth,
    TupleOf,
    Unpack,
    While,
)
from tracer.core.wengert import Const
from tracer.errors import ParseError

DIRECTIVES = ("at", "output", "params", "step", "order")
MAX_NUMERAL = 400  # characters of one number: exact mode builds it as a fraction
MODULES = ("torch", "np", "numpy", "math", "jnp", "jax")  # torch.dot(x, y) is dot(x, y)
_ROOTS = {"np": "numpy", "jnp": "jax"}  # their libraries (the others are their own)
# What an import line may name (import numpy as np, import torch.nn.functional as F): the
# libraries whose spellings tracer reads; the line itself does nothing.
LIBRARIES = frozenset({"numpy", "torch", "math", "jax", "autograd", "micrograd", "tangent",
                       "needle"})  # needle: 10-414's own (ndl.summation(a, axes=(1,)))
# Libraries whose lines read as another's, and what to write (tinygrad's PyTorch-like
# Tensor): said when a program imports them.
_TRANSLATED = {
    "tinygrad": "tinygrad is not read: its lines are PyTorch's with torch for Tensor "
                "(Tensor([[2.0, 0, -2.0]], requires_grad=True) is torch.tensor(…), "
                "Tensor.eye(3) torch.eye(3)): import torch and write them so",
}
_TRANSLATED["teenygrad"] = _TRANSLATED["tinygrad"].replace("tinygrad", "teenygrad", 1)
# torch.nn.functional's names that are tracer's functions, read after F. without an import
# (F.relu(x)), as course code writes them, unless the program gives F a value.
_FUNCTIONAL = frozenset({"relu", "sigmoid", "tanh", "softplus", "silu", "gelu", "logsigmoid",
                         "softmax", "log_softmax", "mse_loss", "l1_loss", "cross_entropy",
                         "binary_cross_entropy", "binary_cross_entropy_with_logits"})
_SUBMODULES = ("linalg", "nn", "functional", "special")  # after a module: np.linalg.norm
# Other libraries' usual names, before a function (tf.square(x)): read as inputs they said
# "tf has no value here, so tracer does not know its shape"
_FOREIGN = {"tf": "TensorFlow", "tensorflow": "TensorFlow", "scipy": "SciPy", "keras": "Keras"}
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
_COMPARING = frozenset(COMPARISONS)
_CONDITION_WORDS = _COMPARING | {"and", "or", "not"}
# x += 1, x **= 2, i //= 2, …: every infix op of the table, with "="
AUGMENTED = {f"{sym}=": op.name for sym, op in ops.INFIX.items()}
MATMUL_BP = ops.INFIX["*"].bp  # a matrix product binds as a product does
_NONZERO = re.compile(r"[\d.]*[1-9]")  # a numeral whose digits are not all zeros


# The patterns of lines and names few programs have are compiled when first needed.
@functools.cache
def _directive() -> re.Pattern[str]:
    return re.compile(r"^[ \t]*@[ \t]*([^\W\d]\w*)?", re.M)  # a program's @ lines


_new = tuple.__new__  # NamedTuple construction without its Python-level __new__

# Stack entries of the expression parser. A waiting operator is (binding power, the
# instruction it appends when it is reduced: None for a prefix plus); an open bracket is
# (_BRACKET, kind, payload, token, commas so far), below every binding power, so no operator
# reduces past it.
_OPEN, _CALL, _METHOD, _INDEX, _LIST, _TUPLE, _PAIR = range(7)  # _PAIR: (a, b), a tuple
_BRACKET = -1
_CLOSER = {_OPEN: ")", _CALL: ")", _METHOD: ")", _INDEX: "]", _LIST: "]", _TUPLE: ")",
           _PAIR: ")"}
_OPENERS, _CLOSERS = frozenset("(["), frozenset(")]")
# What ends an expression where (besides a new line and the end): built once.
_SEMICOLON = frozenset({";"})
_RETURN_ENDS = frozenset({";", ","})
_FOR_ENDS = frozenset({":", ","})  # for w in a, b: a tuple, as Python reads it
_COLON = frozenset({":"})
_ELSE = frozenset({"else"})
_CLAUSE_ENDS = frozenset({"for", "if", "]", ")"})  # a comprehension's clauses
_ITEM_ENDS = frozenset({",", "]", ")", "for", "if"})  # a conditional's else-part in brackets
_PARAMETER_END = frozenset({",", ")"})
# a def's name, or a lambda's given one: def f(…) or f = lambda …
@functools.cache
def _def_name() -> re.Pattern[str]:
    return re.compile(r"^[ \t]*(?:def[ \t]+(?=[A-Za-z_])|(?=[A-Za-z_]\w*[ \t]*=[ \t]*"
                      r"(?:[A-Za-z_]\w*[ \t]*=[ \t]*)*\(?[ \t]*lambda\b))([A-Za-z_]\w*)", re.M)


_CLOSE = frozenset({")"})
_INDEX_ENDS = frozenset({",", "]"})
_ARGUMENT_ENDS = frozenset({",", ")"})
_BINDING_ENDS = frozenset({",", ";"})
# The first characters of tokens that start no statement (a new line, a ';', the end).
_BLANK_START = frozenset({"\n", ";", ""})

# Names a call may use besides the op table's: the array functions (arrays.FUNCTIONS) and a
# program's own defs (checked once the whole program is read).
ARRAY_FUNCTIONS = frozenset(arrays.FUNCTIONS)


class _Expr:
    """The state of one expression being read (a plain class: one is made per statement)."""

    __slots__ = ("brackets", "code", "keywords", "operand", "stack")

    def __init__(self) -> None:
        self.code: list = []
        self.stack: list = []
        self.operand = True  # is an operand expected next?
        self.brackets = 0  # open brackets on the stack
        # A call with keyword arguments, by its bracket's position: the keyword of the
        # argument being read ("" once one was read, for a positional one after it); at
        # -1 - position, the names it was given (" axis  keepdims "), for one given twice
        self.keywords: dict[int, str] | None = None


class Parser(CourseLines):
    """Reads one source; ``program()`` reads it all."""

    def __init__(self, source: str, rebound: frozenset[str] = frozenset()) -> None:
        self.tokens = Tokens(source)
        self.toks = self.tokens.toks
        if "dtype" in self.toks:
            _float_dtypes(self.toks)
        self.source = source
        self.i = 0
        self.assigned: set[str] = set()
        self.values: set[str] = set()  # names assigned so far in this def (or at the top)
        self.called: dict[str, int] = {}  # function names called, with a token for errors
        self.defined: set[str] = set()
        self.params: set[str] = set()  # defs' parameters: values, even named as functions
        # calls after a module (np.mean(a)): never a def's; each with its library's name as
        # imported (numpy for np after import numpy as np): var and std are each library's own
        self.library: dict[int, str] = {}
        self.roots = dict(_ROOTS)  # module names (np, F after an import) and their libraries
        self.importing = ""  # the library of the import line being read
        # pi or e read in a def's body as the constant, and the names of those the program
        # assigns somewhere (a def reads the program's names when it runs: def f(t): return
        # pi*t, then pi = 3, f(x) is 3x): read again with them rebound, they are names there
        self.body_constants: set[str] = set()
        self.rebound = rebound
        # The names the program's defs (and named lambdas) are given, wherever they stand (a
        # def may call one written after it); those of functions of the table: each call of
        # that name is the def's.
        self.def_names = set(_def_name().findall(source)) \
            if "def" in source or "lambda" in source else set()
        self.own_defs = {m for m in self.def_names if m in ops.FUNCTIONS}
        self.shadowing = set(self.own_defs)  # and values named so: calls read by _call
        self.base = _base_indent(source)
        # each open block's indentation as written, by its width: a tab line and an 8-space
        # line are one block to a tab of 8, two to an editor's tab of 4 (Python's TabError)
        self.written: dict[int, str] = {}
        self.closed: int | None = None  # the indentation of the block that just ended
        self.bare: frozenset[str] = frozenset()  # function names that may stand alone here
        self.loops = 0  # loops (in this def) around the statement being read
        self.docstrings = False  # was a string on its own line skipped?
        self.functions = 0  # defs around it
        self._holds_condition: dict[int, bool] = {}  # '(' position: holds a condition?
        # does the source hold a comparison or a boolean word at all (else no '(' can hold a
        # condition, and none is scanned for one: a 10^5-line program of arithmetic)
        self.comparing = not _CONDITION_WORDS.isdisjoint(self.toks)
        self.modules: set[str] = set()  # names an import gave a module: import … as F
        self.tuples = False  # reading a value of return or a, b = …: (a, b) may be a tuple
        self.reserved = _RESERVED | {"F", "lambda", *_FOREIGN}  # names the handlers read
        # brackets open around the part read now by a reader of its own (a comprehension's
        # clauses, a conditional expression's parts): a new line there is space, as in Python
        self.enclosed = 0
        # lambdas written as a call's argument (bisect(lambda x: x**2 - a, 0, 2)): each a def
        # of its own, run just before the statement that holds it
        self.hoisted: list[Def] = []
        self.lambdas = 0
        self._comprehended: list[tuple[int, int, set[str]]] | None = None  # see bound()
        self._course_state(source)  # lines of course code (core.course_lines)

    def error(self, message: str, i: int | None = None) -> ParseError:
        return self.tokens.error(message, self.i if i is None else i)

    # --- expressions ---------------------------------------------------------------------------

    def expression(self, stops: frozenset[str] = frozenset()) -> list:
        """An expression's postfix code, read up to what ends it (a new line or the end
        outside brackets, or one of ``stops``), left current. The commonest tokens (a name,
        a number, a binary operator, an op's call and its ')') are read here, once per token
        of a 10^6-row program; the others by their handlers (``_OPERAND``, ``_after``)."""
        state = _Expr()
        start = i = self.i
        toks, code, stack, reserved = self.toks, state.code, state.stack, self.reserved
        append, push, defined = code.append, stack.append, self.shadowing
        operand = True  # is an operand expected next? (state.operand for the handlers)
        while True:
            tok = toks[i]
            if operand:
                first = tok[:1]
                if first in _PLAIN_START:
                    if toks[i + 1] != "(":
                        if tok not in reserved:
                            append(_new(Ref, (tok, i)))
                            operand = False
                            i += 1
                            continue
                    elif tok in _CALLS and toks[i + 2] != ")" and tok not in defined:  # sin(…
                        push((_BRACKET, _CALL, tok, i, 0))
                        state.brackets += 1
                        i += 2
                        continue
                elif first in _DIGITS and len(tok) <= MAX_NUMERAL:
                    value = float(tok)
                    if 0 < value < math.inf:  # else number() says what is wrong, or makes 0
                        append(_new(Const, (value, _new(Num, (value, tok, i)))))
                        operand = False
                        i += 1
                        continue
                self.i = i
                state.operand = True
                handler = _OPERAND.get(first, _operand_other) if tok else _operand_end
                handler(self, state, tok, start)
                i, operand = self.i, state.operand
                continue
            entry = _INFIX.get(tok)
            if entry is not None:
                op, bp, limit = entry
                while stack and stack[-1][0] >= limit:  # reduce what binds at least as tightly
                    ins = stack.pop()[1]
                    if ins is not None:
                        append(ins)
                push((bp, _new(Apply, (op, i))))
                operand = True
                i += 1
                continue
            if tok == ")" and _closed(state):  # closes '(' or an op's call; else _after
                i += 1
                continue
            self.i = i
            if self._after(state, tok, stops):
                break
            i, operand = self.i, state.operand
        if stack:
            self._close_all(state)
        return code

    def _after(self, state: _Expr, tok: str, stops: frozenset[str]) -> bool:
        """A token after an operand that is not a binary operator: does it end the
        expression? (If not, its handler has read it.)"""
        state.operand = False
        if tok[:1] == "\n":  # the end of the line; inside brackets only space
            if state.brackets or self.enclosed:
                self.i += 1
                return False
            return True
        if not tok or (tok in stops and not state.brackets):
            return True
        if tok == "if":
            return _conditional(self, state, stops)
        return _AFTER.get(tok, _after_other)(self, state, tok)

    def _close_all(self, state: _Expr) -> None:
        stack = state.stack
        while stack:
            entry = stack.pop()
            if entry[0] == _BRACKET:
                _, kind, payload, pos, _ = entry
                if kind == _CALL and isinstance(payload, tuple):
                    payload = payload[0]  # a def shadowing a function of the table
                what = f"{payload}(" if kind == _CALL and isinstance(payload, str) \
                    else "(" if kind in (_OPEN, _CALL, _METHOD, _TUPLE) else "["
                line_start = self.source.rfind("\n", 0, self.tokens.offset(pos)) + 1
                col = self.tokens.offset(pos) - line_start + 1
                raise self.error(f"expected {_CLOSER[kind]!r} to close the {what!r} at "
                                 f"column {col}, found {describe(self.toks[self.i])}")
            if entry[1] is not None:
                state.code.append(entry[1])

    def push_infix(self, state: _Expr, ins: object, bp: int, right: bool) -> None:
        """An infix operator: first reduce the waiting operators that bind at least as
        tightly (tighter only, for a right-associative one)."""
        _reduce(state, bp + 1 if right else bp)
        state.stack.append((bp, ins))
        state.operand = True
        self.i += 1

    def number(self, tok: str, i: int) -> Const:
        """The numeral at token ``i`` as a constant, checked: no float overflow or underflow,
        no thousand digits (exact mode would build them)."""
        if len(tok) > MAX_NUMERAL:
            raise self.error(f"a number of {len(tok):,} characters: tracer reads numbers of at "
                             f"most {MAX_NUMERAL} (a float keeps 17 significant digits)", i)
        value = float(tok)
        if value == math.inf:
            raise self.error(f"the number {tok} is too large for a float", i)
        if value == 0 and _NONZERO.match(tok):
            raise self.error(f"the number {tok} is too small for a float: it would be 0 (the "
                             "smallest positive float is about 5e-324)", i)
        return _new(Const, (value, _new(Num, (value, tok, i))))

    # --- conditions ----------------------------------------------------------------------------

    def condition(self, stops: frozenset[str]) -> Condition:
        """``a < b and not c == d``: or of ands of (not) comparisons, as Python reads them."""
        start = self.i
        items = [self._and(stops)]
        while self.toks[self.i] == "or":
            self.i += 1
            items.append(self._and(stops))
        if len(items) == 1:
            return items[0]
        return BoolOp("or", tuple(items), start, self.text(start, self.i))

    def _and(self, stops: frozenset[str]) -> Condition:
        start = self.i
        items = [self._not(stops)]
        while self.toks[self.i] == "and":
            self.i += 1
            items.append(self._not(stops))
        if len(items) == 1:
            return items[0]
        return BoolOp("and", tuple(items), start, self.text(start, self.i))

    def _not(self, stops: frozenset[str]) -> Condition:
        start = self.i
        if self.toks[self.i] == "not":
            self.i += 1
            item = self._not(stops)
            return Not(item, start, self.text(start, self.i))
        if self.toks[self.i] == "(" and self._parenthesised_condition():
            self.i += 1
            inner = self.condition(_CLOSE)
            self.expect(")", "to close the condition")
            return inner
        return self._comparison(stops)

    def _comparison(self, stops: frozenset[str]) -> Condition:
        start = self.i
        ends = stops | {"and", "or", *COMPARISONS}
        codes = [tuple(self.expression(ends))]
        signs: list[str] = []
        while self.toks[self.i] in COMPARISONS:
            signs.append(self.toks[self.i])
            self.i += 1
            codes.append(tuple(self.expression(ends)))
        text = self.text(start, self.i)
        if not signs:
            return Truth(codes[0], start, text)
        return Compare(tuple(codes), tuple(signs), start, text)

    def _parenthesised_condition(self) -> bool:
        """Does the '(' here hold a condition (a comparison, and, or, not) rather than
        arithmetic or a conditional expression? ``((x > 0))`` holds one too. Every '(' inside
        is answered in the same pass, one scan to the matching ')', and kept: nested
        parentheses are read once."""
        found = self._holds_condition.get(self.i)
        if found is None:
            self._scan_parentheses(self.i)
            found = self._holds_condition.get(self.i, False)
        return found

    def _scan_parentheses(self, start: int) -> None:
        toks, holds = self.toks, self._holds_condition
        opened: list[int] = []  # the '(' and '[' open at j
        close: dict[int, int] = {}
        choices: set[int] = set()  # the '(' holding a conditional expression's if
        j = start
        while toks[j]:
            tok = toks[j]
            if tok in _OPENERS:
                opened.append(j)
            elif tok in _CLOSERS and opened:
                k = opened.pop()
                close[k] = j
                inner = k + 1
                holds[k] = toks[k] == "(" and k not in choices and (
                    holds.get(k, False) or  # a comparison, and, or, not directly inside
                    (toks[inner] == "(" and close.get(inner) == j - 1 and holds.get(inner, False)))
                if not opened:
                    return
            elif opened and (tok in _COMPARING or tok in ("and", "or", "not")):
                holds[opened[-1]] = True
            elif opened and tok == "if":
                choices.add(opened[-1])
            j += 1
        for k in opened:  # unclosed: the parser says so where it reads them
            holds.setdefault(k, False)

    def text(self, start: int, end: int) -> str:
        """Tokens ``start`` … ``end - 1`` as source text, spaced as one writes it: ``w < -1``,
        ``not (w > 100)``, ``max(a, b)``, ``b.norm()``, ``x[1:]``."""
        out: list[str] = []
        prev = ""
        unary = False  # was the last token a sign (the next one goes against it)?
        for tok in self.toks[start:end]:
            if is_newline(tok):
                continue
            if tok in "([":  # a call's or an index's bracket goes against what it follows
                tight = tok != "" and (prev in (")", "]", "(", "[", ".") or (
                    is_name(prev) and prev not in KEYWORDS))
            else:
                tight = tok in ".)],:" or prev in (".", "(", "[", ":") or unary
            if out and not tight:
                out.append(" ")
            out.append(tok)
            unary = tok in ("-", "+") and (not prev or prev in _BEFORE_SIGN)
            prev = tok
        return "".join(out)

    def expect(self, tok: str, why: str) -> None:
        if self.toks[self.i] != tok:
            raise self.error(f"expected {tok!r} {why}, found {describe(self.toks[self.i])}")
        self.i += 1

    # --- statements ----------------------------------------------------------------------------

    def program(self) -> Program:
        directives = self._directives()
        statements = self.block(0, top=True)
        self._check_calls()
        if not statements and self.docstrings:  # "x^2", quotes and all
            first = next(i for i, tok in enumerate(self.toks) if tok[:1] in _QUOTES)
            raise self.error(f"unexpected quote {self.toks[first][:1]}: formulas are written "
                             "without quotes", first)
        if not statements:
            what = "program" if directives or self.source.strip() else "formula"
            raise ParseError(f"empty {what}: expected an expression", self.source,
                             len(self.source))
        self.tokens.release()
        return Program(self.source, tuple(statements), (*directives, *self.course_lines),
                       self.tokens, frozenset(self.assigned))

    def block(self, indent: int, top: bool = False) -> list:
        """Statements at ``indent`` spaces, until a line indented less (or the end)."""
        statements: list = []
        toks = self.toks
        # a new line that stays in this block (a program indented with tabs takes the checks)
        same = "\n" + self.written.get(indent + self.base, " " * (indent + self.base))
        bare = False  # is the last statement a bare expression?
        while True:
            if self.backwards:  # y.backward() (d = df(x0)) just read: its place, after its line
                statements += self.backwards
                self.backwards.clear()
            tok = toks[self.i]
            if tok == same and toks[self.i + 1][:1] not in _BLANK_START:
                self.i += 1  # the common case, without the checks below
            elif tok == "":
                return statements
            elif is_newline(tok) or tok == ";":
                if is_newline(tok) and self._next_line_ends_block(indent, top):
                    return statements
                self.i += 1
                continue
            if bare and top:
                raise ParseError(_bare(statements[-1]), self.source,
                                 self.tokens.offset(statements[-1].pos))
            self.closed = None
            tok = toks[self.i]
            if tok[:1] in _QUOTES and len(tok) > 1 and ends_statement(toks[self.i + 1]):
                self.i += 1  # a docstring, a string on its own: read as a comment
                self.docstrings = True
                continue
            if (toks[self.i + 1] == "=" and (toks[self.i + 2] == "None" or toks[self.i + 2] in
                                              self.defined) and self._left_out(top)) or \
                    (self.course and self._course_line(top)):
                continue  # net = linreg, scores = None, or a course line read
            tok = toks[self.i]  # (a course line df(x0) is rewritten as y = f(x))
            if toks[self.i + 1] == "=" and tok not in _RESERVED and tok[:1] in _PLAIN_START \
                    and (not toks[self.i + 2] or toks[self.i + 3] != "="):
                begun = self.i
                mark = len(self.hoisted)
                plain = self._plain_assignment(tok)  # the commonest statement
                statements += self._lifted(mark)
                statements.append(plain)
                if self.course and top:  # x.requires_grad = True may make it an input
                    self.assignments[tok] = (statements, len(statements) - 1, begun, self.i)
                    self._counted(statements[-1])
                continue
            begun, mark = self.i, len(self.hoisted)
            statement = _appending(self.toks, begun, self.statement(indent))
            statements += self._lifted(mark)
            if self.course and top:
                statement = self._shown(statement)
                self._counted(statement)
            if type(statement) is tuple:  # a = b = expression
                statements += statement
                continue
            statements.append(statement)
            bare = type(statement) is Statement and statement.target is None

    def _lifted(self, mark: int) -> list[Def]:
        """The lambdas the statement just read holds as arguments (those from ``mark`` on;
        a block inside it has taken its own), to run before it."""
        made = self.hoisted[mark:]
        del self.hoisted[mark:]
        return made

    def _next_line_ends_block(self, indent: int, top: bool) -> bool:
        """At a new line: does the next line with a statement leave this block?"""
        j = self.i
        while is_newline(self.toks[j + 1]) or self.toks[j + 1] == ";":
            j += 1
        if self.toks[j + 1] == "":
            self.i = j
            return False
        level = self.indent(self.toks[j], j)
        if level == indent:
            self.i = j  # the blank run is read once, not once per token (linear, not quadratic)
            return False
        if level < indent:
            if top:
                raise self.error("this line is indented less than the program's first line",
                                 j + 1)
            self.i = j
            self.closed = indent
            return True
        if self.closed is not None and level < self.closed:
            raise self.error(f"this line's indentation ({level} spaces) matches no enclosing "
                             "block", j + 1)
        raise self.error("unexpected indent: this line is indented more than the block it "
                         "is in", j + 1)

    def indent(self, newline: str, i: int) -> int:
        """The indentation a new line token carries, relative to the program's first line."""
        last = newline[newline.rfind("\n") + 1:]  # after the blank lines the token holds,
        newline = "\n" + last[:len(last) - len(last.lstrip(" \t"))]  # its spaces and tabs
        if "\t" in newline:  # tabs, as Python reads them: each to the next multiple of 8
            if " " in newline:
                raise self.error("this line's indentation mixes tabs and spaces: indent with "
                                 "one or the other", i + 1)
            self._same_as_written(newline[1:], 8 * (len(newline) - 1), i)
            return 8 * (len(newline) - 1) - self.base
        after = self.toks[i + 1]
        if len(after) == 1 and not after.isascii() and not after.isalnum():
            raise self.error(unexpected(after), i + 1)  # a no-break space in the indentation
        self._same_as_written(newline[1:], len(newline) - 1, i)
        return len(newline) - 1 - self.base

    def _same_as_written(self, written: str, width: int, i: int) -> None:
        """A line as wide as an open block is indented as that block's lines are: tabs or
        spaces (the blocks deeper than the line are closed by it)."""
        for deeper in [w for w in self.written if w > width]:
            del self.written[deeper]
        before = self.written.setdefault(width, written)
        if before != written:
            kind, other = ("tabs", "spaces") if "\t" in written else ("spaces", "tabs")
            raise self.error(f"this line is indented with {kind} where its block's lines use "
                             f"{other} (a tab is 8 columns here, 4 in many editors): indent "
                             "with one or the other, as Python asks", i + 1)

    def statement(self, indent: int) -> object:
        tok = self.toks[self.i]
        handler = _STATEMENTS.get(tok)
        if handler is not None:
            return handler(self, indent)
        if tok == "@":
            raise self.error("a line starting with @ gives a default (@at, @output, …) and "
                             "must stand at the top level")
        unread = _NOT_READ.get(tok)
        if unread is not None and (is_name(self.toks[self.i + 1]) or
                                   (tok == "print" and self.toks[self.i + 1] == "(") or
                                   (tok in KEYWORDS_NOT_READ and self.toks[self.i + 1] in ":(")):
            raise self.error(unread)
        return self.simple()

    def _module_alias(self, tok: str) -> bool:
        """``npr = np.random`` (autograd's tests, after import autograd.numpy as np): npr is
        read as a module from here on, as ``import numpy.random as npr`` makes it."""
        toks = self.toks
        if not is_name(tok) or toks[self.i + 1] != "=" or toks[self.i + 2] not in self.modules \
                or toks[self.i + 3] != "." or toks[self.i + 4] != "random" or \
                not ends_statement(toks[self.i + 5]):
            return False
        self.importing = self.roots.get(toks[self.i + 2], toks[self.i + 2])
        self._module(tok)
        self.i += 5
        return True

    def simple(self) -> Statement:
        """``name = expr``, ``name += expr``, ``b[i] = expr``, or a bare expression."""
        start = self.i
        tok = self.toks[start]
        after = self.toks[start + 1]
        if (after == "=" or after in AUGMENTED) and is_name(tok):
            return self._assignment(tok, after)
        if after == ":" and is_name(tok) and tok not in KEYWORDS:
            return self._annotated(tok)
        if is_name(tok) and after == "[":
            found = self._element_assignment(tok)
            if found is not None:
                return found
        if is_name(tok) and after == "." and is_name(self.toks[start + 2]) and \
                (self.toks[start + 3] == "=" or self.toks[start + 3] in AUGMENTED):
            raise self.error(f"{tok}.{self.toks[start + 2]} {self.toks[start + 3]} … assigns an "
                             "attribute, which tracer does not read: give the value a name of "
                             "its own (a gradient-descent step by hand is w_new = w - lr * g; "
                             "tracer reverse --step takes one from the gradient)")
        if (is_name(tok) and after == ",") or (tok == "(" and is_name(after) and
                                                self.toks[start + 2] == ","):
            unpack = self._tuple_assignment()
            if unpack is not None:
                return unpack
        code = self.expression(_SEMICOLON)
        if self.toks[self.i] == "=" and is_name(tok) and after == "(":
            raise self.error(f"{self.text(start, self.i)} = … names a function as a textbook "
                             "does: write the formula alone, give it a name (y = …), or write "
                             f"def {tok}(…): return …", start)
        self._value_end()
        return Statement(None, tuple(code), start, self.tokens)

    def _tuple_assignment(self) -> Unpack | None:
        """``a, b = b, a + b``, ``s, c = f(x)``: Python's tuple assignment, its targets names
        (None: not an assignment; an element or attribute among the targets is refused)."""
        start = self.i
        names = self._tuple_targets()
        if names is None and self.toks[start] == "(":
            return None  # an expression in brackets: what is wrong with it is said there
        if names is None:
            j = self.i
            while self.toks[j] and not is_newline(self.toks[j]) and self.toks[j] != ";":
                if self.toks[j] in ("*", "**") and self.toks[j - 1] == ",":
                    raise self.error("unpacking with * (a, *b = …) is not read: name each "
                                     "value (a, b, c = …)", j)
                if self.toks[j] == "=":
                    raise self.error("a tuple assignment here assigns names (a, b = …): "
                                     "write a line for each element (b[0] = …; b[1] = …)")
                j += 1
            return None
        for name, pos in names:
            self.i = pos
            self._check_target(name)
        j = names[-1][1] + 1
        j += self.toks[j] == ","
        self.i = j + 1 + (self.toks[j] == ")")
        code = self._values(start)
        self._value_end()
        self._assign(*(name for name, _ in names))
        return Unpack(tuple(n for n, _ in names), tuple(p for _, p in names), code, start)

    def _tuple_targets(self) -> list[tuple[str, int]] | None:
        """The names before the '=' of ``a, b = …`` with their tokens (None: the line is no
        tuple assignment of names)."""
        toks, j, names = self.toks, self.i, []
        bracket = toks[j] == "("  # (a, b) = …
        j += bracket
        while is_name(toks[j]) and toks[j] not in KEYWORDS:
            names.append((toks[j], j))
            j += 1
            if toks[j] == ",":
                j += 1
            if bracket and toks[j] == ")" and toks[j + 1] == "=" and len(names) + \
                    (toks[j - 1] == ",") > 1:
                return names
            if toks[j] == "=" and not bracket:
                return names
        return None

    def _values(self, start: int, ends: frozenset[str] = _RETURN_ENDS) -> tuple:
        """``a, b + 1``: one expression's code, or several values' code ending in a
        ``TupleOf`` (a trailing comma makes a tuple of one, as Python's ``x,``)."""
        outer, self.tuples = self.tuples, True
        try:
            code = self.expression(ends)
            count = 1
            while self.toks[self.i] == ",":
                self.i += 1
                if is_newline(self.toks[self.i]) or self.toks[self.i] in ("", ";", ":"):
                    break
                code += self.expression(ends)
                count += 1
            else:
                if count == 1:
                    return tuple(code)
        finally:
            self.tuples = outer
        return (*code, TupleOf(count, start))

    def _plain_assignment(self, target: str) -> Statement | Def | Jump | tuple[Def, ...]:
        """``name = expr`` with a name that is no keyword or function (no check needed)."""
        start = self.i
        if self.modules and self._module_alias(target):
            return Jump("pass", start)
        if self.toks[start + 2] in _LAMBDA_START and self._lambda_at(start + 2):
            return self._lambda([target])
        self.i += 2
        code = self.expression(_SEMICOLON)
        self._value_end()
        self.assigned.add(target)  # _assign, spelled out: once per line of a long program
        self.values.add(target)
        return Statement(target, tuple(code), start, self.tokens)

    def _assignment(self, target: str, sign: str) -> Statement | Def | tuple[Statement | Def,
                                                                                ...]:
        start = self.i
        if sign == "=":
            names = [target]  # f = g = lambda t: …: one function, two names
            while is_name(self.toks[start + 2 * len(names)]) and \
                    self.toks[start + 2 * len(names) + 1] == "=":
                names.append(self.toks[start + 2 * len(names)])
            if self._lambda_at(start + 2 * len(names)):
                return self._lambda(names)
        self._check_target(target)
        if sign == "=" and is_name(self.toks[start + 2]) and self.toks[start + 3] == "=":
            return self._chained(target)
        self.i += 2
        code = self.expression(_SEMICOLON)
        self._value_end()
        self._assign(target)
        op = ops.BY_NAME[AUGMENTED[sign]] if sign in AUGMENTED else None
        return Statement(target, tuple(code), start, self.tokens, op=op)

    def _annotated(self, target: str) -> Statement:
        """``y: float = x**2``: an assignment with a type, which tracer reads past."""
        start = self.i
        self.i = self._annotation_end(start + 2, ("=",))
        if self.toks[self.i] != "=":
            raise self.error(f"{target}: … gives {target} a type and no value, which tracer has "
                             f"nothing to read in: give it a value ({target}: float = 1.0) or "
                             "leave the line out", start)
        self._check_target(target)
        self.i += 1
        code = self.expression(_SEMICOLON)
        self._value_end()
        self._assign(target)
        return Statement(target, tuple(code), start, self.tokens)

    def _annotation_end(self, j: int, ends: tuple[str, ...]) -> int:
        """Where a type annotation starting at token ``j`` ends: at one of ``ends`` outside
        its brackets (``np.ndarray``, ``list[float]``, ``dict[str, float]``), or at the end of
        the line."""
        depth = 0
        toks = self.toks
        while toks[j] and not is_newline(toks[j]) and toks[j] != ";":
            if depth == 0 and toks[j] in ends:
                return j
            depth += toks[j] in _OPENERS
            depth -= toks[j] in _CLOSERS
            if depth < 0:
                return j
            j += 1
        return j

    def _chained(self, first: str) -> tuple[Statement, ...]:
        """``a = b = expression``: the value assigned to a, then read into b (one row, both
        names), as Python assigns left to right."""
        start = self.i
        names = [(first, start)]
        self.i += 2
        while is_name(self.toks[self.i]) and self.toks[self.i + 1] == "=":
            self._check_target(self.toks[self.i])
            names.append((self.toks[self.i], self.i))
            self.i += 2
        code = self.expression(_SEMICOLON)
        self._value_end()
        self._assign(*(name for name, _ in names))
        out = [Statement(first, tuple(code), start, self.tokens)]
        for name, pos in names[1:]:
            out.append(Statement(name, (_new(Ref, (first, pos)),), pos, self.tokens))
        return tuple(out)

    def _element_assignment(self, target: str) -> Statement | None:
        """``b[i, j] = expr`` (None when the line is an expression that starts b[…])."""
        start = self.i
        self.i += 2
        indices: list[tuple] = []
        while True:
            indices.append(self._index_item())
            tok = self.toks[self.i]
            self.i += 1
            if tok == "]" and self.toks[self.i] == "[" and self._chained_element(indices):
                self.i += 1  # K[i][j] = …: a row's element, K[i, j] (NumPy's view of row i)
                continue
            if tok == "]":
                break
            if tok != ",":
                raise self.error(_mask(tok) if tok in _COMPARING else
                                 f"expected ']' to close the index, found {describe(tok)}",
                                 self.i - 1)
        if self.toks[self.i] not in ("=", *AUGMENTED):
            self.i = start
            return None
        sign = self.toks[self.i]
        self.i += 1
        code = self.expression(_SEMICOLON)
        self._value_end()
        self._assign(target)
        op = ops.BY_NAME[AUGMENTED[sign]] if sign in AUGMENTED else None
        return Statement(target, tuple(code), start, self.tokens, op=op, index=tuple(indices))

    def _index_item(self) -> tuple:
        """One index of ``b[…] = …``: an expression, or a slice ``start:stop:step`` (its parts
        may be left out: ``b[1:]``, ``b[:, 0]``)."""
        pos = self.i
        parts: list[tuple] = []
        while True:
            if self.toks[self.i] in (":", ",", "]") and (parts or self.toks[self.i] == ":"):
                parts.append((Nothing(0, self.i),))
            else:
                parts.append(tuple(self.expression(_INDEX_ENDS)))
            if self.toks[self.i] != ":":
                break
            if len(parts) == 3:
                raise self.error("a slice has at most three parts: start:stop:step")
            self.i += 1
        if len(parts) == 1:
            return parts[0]
        parts += [(Nothing(0, pos),)] * (3 - len(parts))
        return (*parts[0], *parts[1], *parts[2], Slice(3, pos))

    def _chained_element(self, indices: list[tuple]) -> bool:
        """At the '[' after ``A[i]``: is this ``A[i][j] = …`` (an assignment after the
        brackets)? It assigns ``A[i, j]``, as NumPy's row ``A[i]`` is a view of A; after a
        slice, ``A[1:][0] = …``, it is refused: its element is not ``A[1:, 0]``."""
        depth, j = 0, self.i
        while self.toks[j] and not is_newline(self.toks[j]):
            depth += self.toks[j] in _OPENERS
            depth -= self.toks[j] in _CLOSERS
            j += 1
            if depth == 0 and self.toks[j] != "[":
                break
        if depth != 0 or not (self.toks[j] == "=" or self.toks[j] in AUGMENTED):
            return False
        if any(item and type(item[-1]) is Slice for item in indices):
            raise self.error("an element assigned through a slice (a[1:][0] = …) is not read: "
                             "write its indices in one pair of brackets, a[1, 0] = …",
                             self.i - 1)
        return True

    def _value_end(self) -> None:
        """What may not follow a statement's expression: a comparison or a second '='."""
        tok = self.toks[self.i]
        if tok in _COMPARING:
            raise self.error(_comparison(tok))
        if tok == "=":
            raise self.error("unexpected '=': an assignment is 'name = expression', one per "
                             "line")

    def _assign(self, *names: str) -> None:
        """Names given a value here: values, no longer the functions they may be named as."""
        self.assigned.update(names)
        self.values.update(names)

    def _check_target(self, name: str) -> None:
        if name in KEYWORDS:
            raise self.error(f"{name} is a keyword; it cannot be assigned")
        if name in ops.FUNCTIONS:  # a name of the program's now: a call of it is no op's
            self.shadowing.add(name)

    def suite(self, indent: int, what: str) -> tuple:
        """The block after a ':': statements on the same line, or an indented block."""
        self.expect(":", f"after the {what}")
        if not self.toks[self.i]:  # the input ends after the ':'
            raise self.error(f"expected an indented block after the {what}")
        if not is_newline(self.toks[self.i]):
            body = [self.statement(indent)]
            while self.toks[self.i] == ";":
                self.i += 1
                if self.toks[self.i] and not is_newline(self.toks[self.i]):
                    body.append(self.statement(indent))
            return tuple(st for one in body for st in (one if type(one) is tuple else (one,)))
        j = self.i
        while is_newline(self.toks[j + 1]):
            j += 1
        inner = self.indent(self.toks[j], j) if self.toks[j + 1] else indent
        if inner <= indent:
            raise self.error(f"expected an indented block after the {what}", j + 1)
        self.i = j + 1
        return tuple(self.block(inner))

    def _if(self, indent: int) -> If:
        start = self.i
        branches = []
        keyword = "if"
        while True:
            self.i += 1
            cond = self.condition(_COLON)
            branches.append((cond, self.suite(indent, f"{keyword} condition")))
            if not self._continues(indent, "elif"):
                break
            keyword = "elif"
        orelse = None
        if self._continues(indent, "else"):
            self.i += 1
            orelse = self.suite(indent, "else")
        return If(tuple(branches), orelse, start)

    def _continues(self, indent: int, keyword: str) -> bool:
        """Is the next line at this indentation ``keyword`` (elif, else)? Moves onto it."""
        j = self.i
        while is_newline(self.toks[j]):
            j += 1
        if self.toks[j] != keyword:
            return False
        if j > self.i and self.indent(self.toks[j - 1], j - 1) != indent:
            return False
        self.i = j
        return True

    def _while(self, indent: int) -> While:
        start = self.i
        self.i += 1
        cond = self.condition(_COLON)
        return While(cond, self._loop_body(indent, "while condition"), start)

    def _loop_body(self, indent: int, what: str) -> tuple:
        self.loops += 1
        try:
            return self.suite(indent, what)
        finally:
            self.loops -= 1

    def _for(self, indent: int) -> For:
        loop = self._loop_header(_COLON)
        self._assign(*(loop.var if type(loop.var) is tuple else (loop.var,)))
        return loop._replace(body=self._loop_body(indent, "for line"))

    def _loop_header(self, ends: frozenset[str]) -> For:
        """``for names in …`` up to one of ``ends``: a For with no body yet."""
        start = self.i
        self.i += 1
        names = self._loop_names()
        self.skip_lines()
        self.expect("in", "after the loop variable" if len(names) == 1 else
                    "after the loop variables")
        tok = self.skip_lines()
        over = tok if tok in _LOOPS and self.toks[self.i + 1] == "(" and \
            tok not in self.shadowing and tok not in self.assigned else "each"
        if over == "each":  # an array, or a tuple: (W1, W2), and in a for line W1, W2
            first = self.i
            args = [self._values(first, _FOR_ENDS) if ends is _COLON else
                    self._in_brackets_tuple(ends)]
            text = self.text(first, self.i)
            bare = args[0] and type(args[0][-1]) is TupleOf and text[:1] != "("
            texts = (f"({text})" if bare else text,)  # (a, b)[0] where a, b is read
        else:
            args, texts = self._loop_args(over)
        least, most, unpacked = _LOOPS.get(over, (1, 1, 1))
        if not least <= len(args) <= (most or len(args)):
            raise self.error(f"{over} takes {least} to {most} arguments" if most > least else
                             f"{over} takes {least} argument here (a start is not read)"
                             if most else f"{over} takes at least {least} arguments", start)
        wanted = unpacked or len(args)
        if len(names) != wanted:
            raise self.error(_unpacking(over, names, wanted), start + 1)
        for name in names:
            self._check_target(name)  # for sin in x: sin is the program's value now
        var = names[0] if len(names) == 1 else tuple(names)
        return For(var, tuple(args), (), start, over, texts)

    def _in_brackets_tuple(self, ends: frozenset[str]) -> tuple:
        """A comprehension's ``for w in (a, b)``: a tuple in brackets only, as in Python."""
        outer, self.tuples = self.tuples, True
        try:
            return tuple(self.expression(ends))
        finally:
            self.tuples = outer

    def clauses(self, element: Code, pos: int) -> Comprehension:
        """The ``for`` and ``if`` clauses after a comprehension's element (the first a for),
        as nested loops and branches whose innermost block collects the element."""
        clauses: list = []
        self.enclosed += 1  # a comprehension stands in brackets
        try:
            while self.skip_lines() in ("for", "if"):
                if self.toks[self.i] == "for":
                    clauses.append(self._loop_header(_CLAUSE_ENDS))
                else:
                    self.i += 1
                    self.skip_lines()
                    clauses.append(self.condition(_CLAUSE_ENDS))
        finally:
            self.enclosed -= 1
        body: tuple = (Collect(element, pos),)
        for clause in reversed(clauses):
            if type(clause) is For:
                body = (clause._replace(body=body),)
            else:
                body = (If(((clause, body),), None, clause.pos),)
        return Comprehension(body[0], 0, pos)

    def bound(self, name: str, i: int) -> bool:
        """Is ``name`` at token ``i`` a loop name of a comprehension around it? Its element is
        read before its for clause: ``[e*x for e in v]`` (e not Euler's), ``[sin*2 for sin in
        v]``. The comprehensions are found the first time a constant's or function's name is
        read inside brackets (``_comprehensions``)."""
        if self._comprehended is None:
            self._comprehended = _comprehensions(self.toks)
        return any(first < i < last and name in names
                   for first, last, names in self._comprehended)

    def skip_lines(self) -> str:
        """Step past new lines where they are space (see ``enclosed``); the token there."""
        while self.enclosed and is_newline(self.toks[self.i]):
            self.i += 1
        return self.toks[self.i]

    def _loop_names(self) -> list[str]:
        """The loop variable, or the names a step unpacks into (``for i, w in …``)."""
        names = []
        while True:
            var = self.skip_lines()
            if var == "(" and names:  # for i, (a, b) in enumerate(zip(xs, ys))
                raise self.error("nested unpacking is not read: write for i in "
                                 "range(len(xs)): then a = xs[i] and b = ys[i] in the loop")
            if not is_name(var) or var in KEYWORDS:
                raise self.error(f"expected a loop variable after 'for', found {describe(var)}")
            names.append(var)
            self.i += 1
            if self.skip_lines() != ",":
                return names
            self.i += 1

    def _loop_args(self, over: str) -> tuple[list[tuple], tuple[str, ...]]:
        """The arguments of range(…), enumerate(…) or zip(…), each with its text."""
        self.i += 2
        args, texts = [], []
        while True:
            first = self.i
            args.append(tuple(self.expression(_ARGUMENT_ENDS)) if over == "range" else
                        self._in_brackets_tuple(_ARGUMENT_ENDS))  # enumerate((W1, W2))
            texts.append(self.text(first, self.i))
            tok = self.toks[self.i]
            if tok not in _ARGUMENT_ENDS:
                raise self.error(_comparison(tok) if tok in _COMPARING else
                                 f"expected ',' or ')' in {over}(…), found {describe(tok)}")
            self.i += 1
            if tok == ")":
                return args, tuple(texts)
            if self.skip_lines() == ")":  # range(3,): a trailing comma
                self.i += 1
                return args, tuple(texts)

    def _def(self, indent: int) -> Def:
        start = self.i
        self.i += 1
        name = self.toks[self.i]
        if not is_name(name) or name in KEYWORDS:
            raise self.error(f"expected a function name after 'def', found {describe(name)}")
        self._check_target(name)
        self.i += 1
        self.expect("(", f"after def {name}")
        params: list[str] = []
        defaults: list[tuple] = []
        while self.toks[self.i] != ")":
            param = self.toks[self.i]
            if param in ("*", "**"):
                raise self.error(f"{param}{self.toks[self.i + 1]} is not read: name each "
                                 "parameter (def f(a, b): …)")
            if not is_name(param) or param in KEYWORDS:
                raise self.error(f"expected a parameter name, found {describe(param)}")
            if param in params:
                raise self.error(f"def {name} has two parameters named {param}")
            params.append(param)
            self.i += 1
            if self.toks[self.i] == ":":  # a type: def f(x: float), read past
                self.i = self._annotation_end(self.i + 1, (",", "=", ")"))
            if self.toks[self.i] == "=":  # a default: def leaky(z, alpha=0.01)
                self.i += 1
                if self.toks[self.i] == "None" and self.toks[self.i + 1] in (",", ")"):
                    raise self.error(_none_default(name, param))
                defaults.append(tuple(self.expression(_PARAMETER_END)))
            elif defaults:
                raise self.error(f"the parameter {param} needs a default, as those before it "
                                 "have one (parameters with defaults come last)", self.i - 1)
            if self.toks[self.i] == ",":
                self.i += 1
            elif self.toks[self.i] != ")":
                raise self.error(f"expected ',' or ')' after the parameter {param}, found "
                                 f"{describe(self.toks[self.i])}")
        self.i += 1
        if self.toks[self.i] == "-" and self.toks[self.i + 1] == ">":  # -> float, read past
            self.i = self._annotation_end(self.i + 2, (":",))
        self.defined.add(name)
        outer, self.params = self.params, self.params | set(params)  # this def's names
        self.shadowing.update(params)  # exp(exp) of a parameter exp: read by _call, refused
        loops, self.loops = self.loops, 0  # a break in a def does not leave a loop around it
        values, self.values = self.values, set(self.values)  # its own names stay in it
        self.functions += 1
        try:
            body = self.suite(indent, f"def {name}(…)")
        finally:
            self.loops, self.functions, self.params = loops, self.functions - 1, outer
            self.values = values
        return Def(name, tuple(params), body, start, tuple(defaults))

    def _lambda_at(self, j: int) -> bool:
        """Does a lambda start at token ``j``, or in brackets alone, ``f = (lambda t: …)``
        (not called there: ``(lambda t: t)(x)`` is refused as an expression)?"""
        toks = self.toks
        if toks[j] == "lambda":
            return True
        if toks[j] != "(" or toks[j + 1] != "lambda":
            return False
        depth = 0
        while toks[j]:
            depth += toks[j] in _OPENERS
            depth -= toks[j] in _CLOSERS
            j += 1
            if depth == 0:
                return ends_statement(toks[j])
        return True  # not closed: the lambda's reading says so

    def _lambda(self, names: list[str]) -> Def | tuple[Def, ...]:
        """``f = lambda a, b: expression``: a def of one return, as Python makes it; also in
        brackets, ``f = (lambda t: …)``, and given several names, ``f = g = lambda t: …``."""
        start = self.i
        name = names[0]
        for each in names:
            self._check_target(each)
        self.i += 2 * len(names)
        bracketed = self.toks[self.i] == "("
        self.i += 1 + bracketed
        params = self.lambda_params(name)
        self.defined.update(names)
        outer, self.params = self.params, self.params | set(params)
        self.shadowing.update(params)
        self.enclosed += bracketed  # in brackets, a new line is space
        try:
            code = self.expression(_CLOSE if bracketed else _SEMICOLON)
        finally:
            self.params = outer
            self.enclosed -= bracketed
        if bracketed:
            self.skip_lines()
            self.expect(")", "to close the lambda's brackets")
        self._value_end()
        made = [Def(each, tuple(params), (Return(tuple(code), start),), start) for each in names]
        return made[0] if len(made) == 1 else tuple(made)

    def lambda_params(self, name: str | None) -> list[str]:
        """A lambda's parameters, ``a, b`` of ``lambda a, b: …``, read up to and past its
        colon; ``name``: the name it is given (f = lambda …), None as a call's argument."""
        params: list[str] = []
        called = f"the lambda {name}" if name else "the lambda"
        while self.toks[self.i] != ":":
            param = self.toks[self.i]
            if not is_name(param) or param in KEYWORDS:
                raise self.error(f"expected a parameter name or ':' in the lambda, found "
                                 f"{describe(param)}")
            if param in params:
                raise self.error(f"{called} has two parameters named {param}")
            params.append(param)
            self.i += 1
            if self.toks[self.i] == ",":
                self.i += 1
            elif self.toks[self.i] != ":":
                hint = "" if self.toks[self.i] != "=" else \
                    f" (for a default, write def {name}(…): return …)" if name else \
                    (f" (for a default, write a def before this line, def g(…, {param}=…): "
                     "return …, and pass g)")
                raise self.error(f"expected ',' or ':' after the parameter {param}, found "
                                 f"{describe(self.toks[self.i])}{hint}")
        self.i += 1
        return params

    def _import(self, indent: int) -> Jump:
        """``import numpy as np``, ``import torch.nn.functional as F``, ``from math import
        sin``: nothing to run (np., torch. and math. spellings are read anyway), but a name
        given with ``as`` is read as its module from here on (F.relu(x) is relu(x))."""
        start = self.i
        if not is_name(self.toks[start + 1]):
            raise self.error(f"expected a module's name after {self.toks[start]}", start + 1)
        path = self._dotted(start + 1)
        if self.toks[start] == "import":  # import a.b as c, d
            at = start + 1
            while True:
                self.importing = path.split(".")[0]
                self._imported_module(path, self._library(path, at))
                if self.toks[self.i] != ",":
                    return Jump("pass", start)
                at = self.i + 1
                path = self._dotted(at)
        if self.toks[self.i] != "import":
            raise self.error("expected import after the module's name")
        self.i += 1
        self.importing = path.split(".")[0]
        self._imported_names(path, self._library(path, start + 1))
        return Jump("pass", start)

    def _library(self, path: str, i: int) -> bool:
        """Is ``path`` a library whose spellings tracer reads (False), or one that draws
        (``core.course.PLOTTING``: True, its names are shown)? Any other is refused."""
        root = path.split(".")[0]
        if root in course.PLOTTING:
            return True
        if root in _TRANSLATED:
            raise self.error(_TRANSLATED[root], i)
        if root not in LIBRARIES:
            raise self.error(f"{path} is not read: tracer reads NumPy, PyTorch, JAX and math "
                             "spellings (np.sin, torch.dot, F.relu); leave the line out", i)
        if path.startswith("micrograd.nn"):
            raise self.error("micrograd.nn (MLP, Layer, Neuron) is not read: its networks draw "
                             "their weights at random; write the network's formulas with its "
                             "weights as inputs (examples/nn-micrograd.txt)", i)
        return False

    def _dotted(self, i: int) -> str:
        """A dotted name (torch.nn.functional) from token i; leaves the parser after it."""
        if not is_name(self.toks[i]):
            raise self.error("expected a module's name after the comma", i)
        parts = [self.toks[i]]
        i += 1
        while self.toks[i] == "." and is_name(self.toks[i + 1]):
            parts.append(self.toks[i + 1])
            i += 2
        self.i = i
        return ".".join(parts)

    def _alias(self, imported: str = "", shown: bool = False) -> None:
        """``as F`` after an imported module: F is read as a module from here on. After a
        name that is no module (``from math import sin as s``) a new name is refused: calls
        are read by the function's own name. A module imported by its own name (``from numpy
        import linalg``) is read as one too. ``shown``: a plotting library's name (``from
        matplotlib import pyplot as plt``), under whatever name it is given."""
        last = imported.rsplit(".", 1)[-1]
        module = shown or not imported or last in LIBRARIES or last in _SUBMODULES or \
            last in MODULES
        if self.toks[self.i] != "as":
            if imported and module:
                self._module(last, shown)
            return
        alias = self.toks[self.i + 1]
        if not is_name(alias) or alias in KEYWORDS:
            raise self.error("expected a name after as", self.i + 1)
        if not module and alias != last:
            raise self.error(f"{last} is read by its own name: import it without 'as {alias}' "
                             f"and write {last}", self.i + 1)
        if module:
            self._module(alias, shown)
        self.i += 2

    def _imported_module(self, path: str, shown: bool = False) -> None:
        """``import jax.numpy as jnp`` (jnp a module) or ``import jax`` (jax one)."""
        if self.toks[self.i] == "as":
            self._alias(shown=shown)
        else:
            self._module(path.split(".")[0], shown)

    def _module(self, name: str, shown: bool = False) -> None:
        """``name`` is a module whose spellings are read (np.sin is sin), or with ``shown``
        a plotting library's (plt): a line of its own that calls it is left out, as a print
        line is, and the lines after it are read as course lines."""
        if shown:
            self.shown.add(name)
            self.course = True
            return
        self.modules.add(name)
        self.roots[name] = self.importing
        self.reserved = self.reserved | {name}

    def _imported_names(self, path: str, shown: bool = False) -> None:
        """The names of an import line (a, b as c, (d, e), *): those given with ``as`` are
        modules (or functions) read by their own names after it; ``shown``: of a plotting
        library (``_module``)."""
        toks = self.toks
        brackets = toks[self.i] == "("
        self.i += brackets
        while True:
            while brackets and is_newline(toks[self.i]):  # from m import (a,\n b)
                self.i += 1
            tok = toks[self.i]
            if tok == "*" or (is_name(tok) and tok != "as"):
                if tok == "*":
                    self.i += 1
                    self._alias()
                else:
                    self._alias(self._dotted(self.i), shown)
            else:
                raise self.error(f"expected a name to import from {path}")
            while brackets and is_newline(toks[self.i]):
                self.i += 1
            if toks[self.i] != ",":
                break
            self.i += 1
            while brackets and is_newline(toks[self.i]):
                self.i += 1
            if brackets and toks[self.i] == ")":  # a trailing comma
                break
        if brackets:
            if toks[self.i] != ")":
                raise self.error("expected ')' to close the import's names")
            self.i += 1

    def _jump(self, indent: int) -> Jump:
        tok = self.toks[self.i]
        if tok != "pass" and not self.loops:
            raise self.error(f"{tok} outside a loop: it belongs inside a while or for block")
        self.i += 1
        return Jump(tok, self.i - 1)

    def _assert(self, indent: int) -> Assert:
        """``assert cond`` or ``assert cond, "message"`` (Python's message is read past: the
        decision line shows the numbers it compared)."""
        start = self.i
        self.i += 1
        cond = self.condition(_RETURN_ENDS)
        if self.toks[self.i] == ",":
            while not ends_statement(self.toks[self.i]):
                self.i += 1
        return Assert(cond, start)

    def _raise(self, indent: int) -> Raise:
        """``raise ValueError("…")``: kept as written, to stop the run where it is reached."""
        start = self.i
        self.i += 1
        while not ends_statement(self.toks[self.i]):
            self.i += 1
        end = self.tokens.offset(self.i - 1) + len(self.toks[self.i - 1])
        return Raise(self.source[self.tokens.offset(start):end].strip(), start)

    def _return(self, indent: int) -> Return:
        start = self.i
        if not self.functions:
            raise self.error("return outside a def: the program's output is its last "
                             "assignment")
        self.i += 1
        if ends_statement(self.toks[self.i]):
            return Return(None, start)
        code = self._values(start)
        self._value_end()
        return Return(code, start)

    def _misplaced(self, indent: int) -> object:
        tok = self.toks[self.i]
        loop = self._block_before() if tok == "else" else None
        if loop:  # for … else: run when the loop ends without a break
            raise self.error(f"{loop} … else (run when the loop ends without a break) is not "
                             "read: set a flag before the loop, done = 0, set done = 1 where it "
                             "breaks, and test it after the loop, if done == 0:")
        raise self.error(f"'{tok}' without an 'if' before it" if tok in ("elif", "else")
                         else f"unexpected {describe(tok)}")

    def _block_before(self) -> str | None:
        """The keyword (for, while) of the block statement that ends just before this line,
        at its indentation (None for another statement, or the line's block's start)."""
        toks, i = self.toks, self.i
        if i == 0 or not is_newline(toks[i - 1]):
            return None
        here = toks[i - 1].rsplit("\n", 1)[1]
        for j in range(i - 2, -1, -1):
            if is_newline(toks[j]):
                indent = toks[j].rsplit("\n", 1)[1]
                if len(indent) < len(here):
                    return None
                if indent == here:
                    return toks[j + 1] if toks[j + 1] in ("for", "while") else None
        return toks[0] if toks[0] in ("for", "while") and not here else None

    # --- directives and calls ------------------------------------------------------------------

    def _directives(self) -> list[Directive]:
        """Lines ``@name text`` (found in the source directly: they are not code)."""
        out = []
        strings = [m.span() for m in _long_string().finditer(self.source)] \
            if '""' in self.source or "''" in self.source else []
        for m in _directive_lines(self.source):
            if any(a < m.start() < b for a, b in strings):
                continue  # a line of a docstring ("@at x=5" in an example) is no directive
            name = m.group(1) or ""
            if name not in DIRECTIVES and _decorator(self.source, m.end()):
                raise ParseError("decorators (@jit, @torch.no_grad()) are not read: leave the "
                                 "line out (a def is read as it is)", self.source,
                                 self.source.index("@", m.start()))
            if name not in DIRECTIVES:
                known = ", ".join("@" + d for d in DIRECTIVES)
                at = self.source.index("@", m.start())
                typed = f"@{name}" if name else "'@' without a name"
                close = [d for d in DIRECTIVES if d == name.lower()]
                hint = f" (write @{close[0]}: directives are lower case)" if close else \
                    " (--wrt, --seed and the other options go on the command line)" if name \
                    else ""
                raise ParseError(f"unknown directive {typed}; known directives are {known}"
                                 + hint, self.source, at)
            end = self.source.find("\n", m.end())
            end = len(self.source) if end < 0 else end
            comment = self.source.find("#", m.end(), end)
            out.append(Directive(name, self.source[m.end():comment if comment >= 0 else end],
                                 m.end()))
        if out:
            self._skip_directive_lines()
        return out

    def _skip_directive_lines(self) -> None:
        """Blank out the directive lines' tokens, so statements never see them."""
        toks = self.toks
        i = 0
        while i < len(toks) - 1:
            if toks[i] == "@" and (i == 0 or is_newline(toks[i - 1])):
                j = i
                while toks[j] and not is_newline(toks[j]):
                    j += 1
                toks[i:j] = ["\n"] * (j - i)  # as many tokens: offsets stay aligned
                i = j
            i += 1

    def _check_calls(self) -> None:
        """Every function called is known: an op, an array function or a def."""
        for name, i in self.called.items():
            if name not in self.defined and name not in ARRAY_FUNCTIONS:
                raise _unknown_function(name, self.tokens, i)


# --- expression handlers: when an operand is expected -------------------------------------------

def _operand_number(p: Parser, s: _Expr, tok: str, start: int) -> None:
    if tok == ".":
        _operand_other(p, s, tok, start)
        return
    s.code.append(p.number(tok, p.i))
    s.operand = False
    p.i += 1


def _operand_name(p: Parser, s: _Expr, tok: str, start: int) -> None:
    toks = p.toks
    i = p.i
    if tok in _FOREIGN and toks[i + 1] == "." and is_name(toks[i + 2]) and \
            toks[i + 3] in ("(", ".") and tok not in p.values:  # tf.square(x) unimported
        raise p.error(f"{tok}.{toks[i + 2]}: {_FOREIGN[tok]} is not read: tracer reads NumPy, "
                      "PyTorch, JAX and math spellings (np.square, torch.dot, F.relu)")
    if toks[i + 1] == "." and is_name(toks[i + 2]) and (
            # np = x*2 makes np a value in its scope (p.values): a def's own np = 2.0 leaves
            # the program's np.pi NumPy's, as in Python
            ((tok in MODULES or tok in p.modules) and tok not in p.values
             and tok not in p.params)
            or (tok in _SUBMODULES and i and toks[i - 1] == ".")
            or (tok == "F" and toks[i + 2] in _FUNCTIONAL and tok not in p.values)):
        if toks[i + 2] == "newaxis":
            if not _alone_in_index(p, s, i, i + 2):
                raise p.error(_NEW_AXIS, i + 2)
            s.code.append(Nothing(0, i))  # x[:, np.newaxis]: a new axis of length 1
            s.operand = False
            p.i += 3
            return
        p.i += 2  # torch.dot(x, y) is dot(x, y), np.linalg.norm(x) norm(x)
        _qualified(p, s, toks[i + 2], start)
        return
    if toks[i + 1] == "(":
        _call(p, s, tok)
        return
    if tok in _RESERVED and tok not in KEYWORDS and tok not in p.assigned and \
            (s.brackets or p.enclosed) and p.bound(tok, i):  # [e*x for e in v]
        s.code.append(_new(Ref, (tok, i)))
        s.operand = False
        p.i += 1
        return
    constant = ops.CONSTANTS.get(tok)
    if constant is not None and tok not in p.values:  # e = c - d shadows Euler's e (in
        # its scope: a def's own pi = 3 leaves pi the constant in other defs)
        s.code.append(_constant(p, tok, constant, i))
    elif (tok in ops.FUNCTIONS or tok in ARRAY_FUNCTIONS) and tok not in p.bare and \
            tok not in p.assigned and tok not in p.params:
        _function_alone(p, s, tok)
        return
    elif tok == "None" and _alone_in_index(p, s, i, i):
        s.code.append(Nothing(0, i))  # x[:, None]: a new axis of length 1
    elif tok == "None" and _in_index(s):
        raise p.error(_NEW_AXIS)
    elif tok == "None":
        raise p.error("None is not a value in tracer: every value is a number (for a bound "
                      "left open, clip(x, a_min=0) or x.clamp(min=0))")
    elif tok in ("True", "False"):
        one = float(tok == "True")
        s.code.append(Const(one, Num(one, str(int(one)), i)))
    elif tok in KEYWORDS:
        raise p.error(f"unexpected keyword {tok!r}")
    else:
        s.code.append(_new(Ref, (tok, i)))
    s.operand = False
    p.i += 1


def _constant(p: Parser, tok: str, constant: ops.Op, i: int) -> Ref | Const:
    """pi or e where no line before assigns it: the constant, but in a def's (or lambda's)
    body a parameter so named, or a name the program assigns (when the def runs), is the
    program's: def f(e): its parameter e, not Euler's."""
    body = p.functions or p.params
    if tok in p.params or (body and tok in p.rebound):
        return _new(Ref, (tok, i))
    if body:
        p.body_constants.add(tok)
    return Const(constant.value(), CallNode(constant, (), i))


def _qualified(p: Parser, s: _Expr, name: str, start: int) -> None:
    """``np.pi``, ``math.e``, ``np.exp(x)``, ``np.mean(a)`` after a module: the library's
    own, whatever the program names so, as in Python (after ``pi = 3``, np.pi is still π;
    after ``def exp(t):``, np.exp is NumPy's). Constants that are no finite number, or that
    tracer has no row for, are refused by their spelling."""
    i = p.i
    module = p.toks[i - 2]
    if p.toks[i + 1] in ("(", "."):
        if p.toks[i + 1] == "(" and (name in ops.FUNCTIONS or name in ARRAY_FUNCTIONS or
                                     name == "where"):
            _call(p, s, name, library=p.roots.get(module, module))
        else:
            _operand_name(p, s, name, start)  # np.linalg.norm, np.random.seed(0) …
        return
    constant = ops.CONSTANTS.get(name)
    if constant is not None:
        s.code.append(Const(constant.value(), CallNode(constant, (), i)))
        s.operand = False
        p.i += 1
        return
    if name in _NOT_FINITE:
        raise p.error(f"{module}.{name} is not read: tracer computes with finite numbers, "
                      "and nan or an infinite value has no derivative to trace (for a bound "
                      "left open, leave it out: min(x, inf) is x)")
    if name == "tau":
        raise p.error(f"{module}.tau is not read: write 2*{module}.pi")
    _operand_name(p, s, name, start)


# NumPy's, PyTorch's and math's names of values that are no finite number
_NOT_FINITE = frozenset({"inf", "nan", "NaN", "NAN", "Inf", "infty", "PINF", "NINF"})


def _joined_list(p: Parser) -> None:
    """``np.concatenate([A, B])``, ``torch.cat([a, b], dim=1)``: the arrays to join are read
    as a tuple, (A, B), not as one array of them (matrices would make three dimensions; vectors
    of two lengths, no array at all); a name alone (torch.cat(xs)) is refused."""
    toks, k = p.toks, p.i + 2
    if toks[p.i + 1] != "(" or toks[k] not in ("(", "["):
        raise p.error(JOIN)
    end = k + course.closing(toks[k:]) - 1
    if toks[k] == "[" and toks[end] == "]" and toks[end + 1] in (",", ")") and \
            any(toks[j] == "," and _depth(toks, k + 1, j) == 0 for j in range(k + 1, end)):
        toks[k], toks[end] = "(", ")"  # as many tokens: offsets stay


def _depth(toks: Sequence[str], start: int, stop: int) -> int:
    return sum((t in ("(", "[", "{")) - (t in (")", "]", "}")) for t in toks[start:stop])


def _call(p: Parser, s: _Expr, name: str, library: str = "") -> None:
    """``name(`` opens a call: an op of the table, an array function or a def (not with
    ``library``, the library of the module written before it: np.exp(x) is NumPy's exp,
    whatever the program's own names)."""
    if name in ops.FUNCTIONS and not ops.arities(name)[-1]:
        raise _unknown_function(name, p.tokens, p.i)  # a constant: pi(2)
    passed = not library and name in p.params and name not in ops.FUNCTIONS and \
        name not in ARRAY_FUNCTIONS
    if library:
        p.library[p.i] = library
    elif passed:  # def bisect(f, lo, hi): f(mid), f a def passed to it (else said when run)
        pass
    elif name in p.params or (name in p.values and name not in p.defined):  # sin = 3; sin(x)
        said = "a parameter here" if name in p.params else "a value in this program (it " \
            "is assigned)"
        raise p.error(f"{name} is {said}, not a function to call")
    payload: str | tuple[str] = name
    own = name in p.def_names and not library  # the program's def of that name is called
    if name == "where" and not own:
        _where(p, s)
        return
    if name in arrays.JOINS and not own:
        _joined_list(p)
    if name not in ops.FUNCTIONS:
        if name in NOT_READ_FUNCTIONS and not own and not passed:
            raise p.error(_not_read(name, p.toks, p.i))  # np.where(x > 0, …): before its
            # comparison
        if not passed:
            p.called.setdefault(name, p.i)
    elif own and name in p.own_defs:  # the program's def shadows the function: (name,)
        payload = (name,)
    s.stack.append((_BRACKET, _CALL, payload, p.i, 0))
    s.brackets += 1
    p.i += 2
    if p.toks[p.i] == ")":  # an empty call
        p.i += 1
        s.stack.pop()
        s.brackets -= 1
        _finish_call(p, s, payload, p.i - 3, 0)
        s.operand = False


def _operand_open(p: Parser, s: _Expr, tok: str, start: int) -> None:
    if tok == "(" and p.comparing and not _in_index(s) and p._parenthesised_condition() and \
            _counted_comparison(p.toks, p.i):  # (its scan of all brackets is once)
        _truth_value(p, s)  # probs[j] - (j == y[i]), dout * (x > 0)
        return
    kind = _OPEN if tok == "(" else _LIST
    s.stack.append((_BRACKET, kind, None, p.i, 0))
    s.brackets += 1
    p.i += 1
    if p.toks[p.i] == _CLOSER[kind]:  # [] and (), an empty list and tuple: np.zeros(())
        s.stack.pop()
        s.brackets -= 1
        s.code.append(ListOf(0, p.i - 1))
        s.operand = False
        p.i += 1


# y * (x > 0), 2 ** (x > 0), y += (x > 0): an operator of arithmetic around the brackets
_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**", *AUGMENTED})
_NOT_ONE_COMPARISON = frozenset({"and", "or", "not", "if", "else", "for", "lambda", ",", ";",
                                 ":", ""})


def _counted_comparison(toks: Sequence[str], i: int) -> bool:
    """Does the '(' at token i hold one comparison (a chain too, 0 < x < 1) used in
    arithmetic, an operator of +, -, *, /, ** … (or +=, *= …) just before it or after its
    ')'? Python counts it 1 or 0 there (``probs[j] - (j == y[i])``); alone (``y = (x < 2)``,
    ``sin(x != 1)``) it is refused, saying it is a condition."""
    depth, j, compared = 0, i + 1, False
    while True:
        tok = toks[j]
        if not tok:
            return False  # not closed: said where it is parsed
        if tok in ("(", "[", "{"):
            depth += 1
        elif tok in (")", "]", "}"):
            if not depth:
                break
            depth -= 1
        elif not depth and tok in _NOT_ONE_COMPARISON:
            return False
        elif not depth and tok in _COMPARING:
            compared = True
        j += 1
    return compared and (toks[i - 1] in _ARITHMETIC or toks[j + 1] in _ARITHMETIC)


def _truth_value(p: Parser, s: _Expr) -> None:
    """A comparison in brackets in arithmetic, Python's bool: 1 where it holds, else 0, as
    ``where(c, 1, 0)`` reads it (element by element, a decision each, never
    differentiated). CS231n's softmax gradient writes ``probs[j] - (j == y[i])``, its ReLU's
    ``dout * (x > 0)``: they said 'a comparison is a condition'."""
    pos = p.i
    p.i += 1
    p.enclosed += 1  # in brackets, a new line is space
    try:
        p.skip_lines()
        cond = p.condition(_CLOSE)
        p.skip_lines()
        p.expect(")", "to close the comparison")
    finally:
        p.enclosed -= 1
    s.code += [Const(1.0, Num(1.0, "1", pos)), Const(0.0, Num(0.0, "0", pos)),
               Select(cond, 2, pos)]
    s.operand = False


def _operand_sign(p: Parser, s: _Expr, tok: str, start: int) -> None:
    if tok not in ("-", "+"):  # -= or += where a value should stand
        _operand_end(p, s, tok, start)
    minus = ops.PREFIX["-"]
    s.stack.append((minus.bp, _new(Apply, (minus, p.i)) if tok == "-" else None))
    p.i += 1


def _operand_newline(p: Parser, s: _Expr, tok: str, start: int) -> None:
    p.i += 1  # an expression cannot end after an operator: the statement continues


def _operand_end(p: Parser, s: _Expr, tok: str, start: int) -> None:
    prev = p.i - 1
    while prev >= 0 and is_newline(p.toks[prev]):
        prev -= 1
    if prev < 0 or (p.i == start and not s.stack and p.toks[prev] == ";"):
        if tok == "":
            raise ParseError("empty formula: expected an expression", p.source,
                             p.tokens.offset(p.i))
        raise p.error(f"expected an expression, found {describe(tok)}")
    raise p.error(f"expected a number, a name or '(' after {p.toks[prev]!r}, found "
                  f"{describe(tok)}")


def _operand_other(p: Parser, s: _Expr, tok: str, start: int) -> None:
    if tok[:1] in "\"'`":
        raise _quote(p, tok)
    if is_name(tok):
        _operand_name(p, s, tok, start)
        return
    if tok in ("*", "**") and _may_unpack(p):
        raise p.error(f"unpacking with {tok} ({tok}a) is not read: name each value (a, b = "
                      "…) or write each argument (f(x[0], x[1]))")
    if len(tok) == 1 and (tok.isdecimal() or not (tok in "+-*/^@=<>!(),;:[]." or tok.isalnum())):
        raise p.error(unexpected(tok))
    _operand_end(p, s, tok, start)


def _may_unpack(p: Parser) -> bool:
    """A * or ** before a name or bracket where Python reads unpacking: at a statement's start,
    after ``(``, ``[``, ``,`` or ``=``; after an operator (``x1 +* x2``) it is a stray *."""
    before = p.toks[p.i - 1] if p.i else "\n"
    after = p.toks[p.i + 1]
    return before in ("(", "[", ",", "=", "\n", ";") and (is_name(after) or after in "([")


def _operand_missing(p: Parser, s: _Expr, tok: str, start: int) -> None:
    """A ':', ',' or ']' where an operand was expected: a part of a slice left out
    (``a[:2]``, ``a[1:]``, ``a[:, 0]``), or an error."""
    stack = s.stack
    inside = bool(stack) and stack[-1][0] == _BRACKET and stack[-1][1] == _INDEX
    if inside and (tok == ":" or stack[-1][2]):
        s.code.append(Nothing(0, p.i))
        s.operand = False  # the ':', ',' or ']' is read after the part
        return
    _operand_other(p, s, tok, start)


def _end_slice(s: _Expr) -> None:
    """The index's item is a slice: the parts not written are None, then the Slice."""
    _, _, colons, pos, _ = s.stack[-1]
    for _ in range(2 - colons):
        s.code.append(Nothing(0, pos))
    s.code.append(Slice(3, pos))


def _operand_word(p: Parser, s: _Expr, tok: str, start: int) -> None:
    """A name where an operand stands; a lambda as a call's argument, bisect(lambda x: x**2 -
    a, 0.0, 2.0), is read by a reader of its own."""
    if tok == "lambda" and p.toks[p.i - 1] in ("(", ",") and _in_call(s):
        _argument_lambda(p, s)
    else:
        _operand_name(p, s, tok, start)


_OPERAND: dict[str, Callable[[Parser, _Expr, str, int], None]] = {
    **{c: _operand_number for c in "0123456789."},
    **{c: _operand_word for c in string.ascii_letters + "_"},
    "(": _operand_open, "[": _operand_open, "-": _operand_sign, "+": _operand_sign,
    "\n": _operand_newline, ":": _operand_missing, ",": _operand_missing, "]": _operand_missing,
}


def _where(p: Parser, s: _Expr) -> None:
    """NumPy's ``where(c, a, b)`` (``np.``, ``torch.``, ``jnp.``), read whole here: its
    condition is a condition, not a value (``x > 0``), then a and b, as a ``Select``."""
    pos = p.i
    p.i += 2
    p.enclosed += 1  # in brackets, a new line is space
    try:
        p.skip_lines()
        start = p.i
        cond = p.condition(_ARGUMENT_ENDS)
        if type(cond) not in (Compare, Truth):
            raise p.error("where's condition is one comparison (where(x > 0, a, b)); for two, "
                          "nest them: where(x > 0, where(x < 1, a, b), c)", start)
        parts = []
        for _ in range(2):
            p.expect(",", "in where(condition, a, b): it takes a condition and two values")
            p.skip_lines()
            parts += p.expression(_ARGUMENT_ENDS)
        p.skip_lines()
        p.expect(")", "to close where(condition, a, b): it takes a condition and two values")
    finally:
        p.enclosed -= 1
    s.code += [*parts, Select(cond, 2, pos)]
    s.operand = False


# --- expression handlers: after an operand ------------------------------------------------------

# What a for loop may run over: (fewest arguments, most (0: any), names a step unpacks into
# (0: one per argument)); anything else is an array, run over its first dimension.
_LOOPS = {"range": (1, 3, 1), "enumerate": (1, 1, 2), "zip": (2, 0, 0)}


def _conditional(p: Parser, s: _Expr, stops: frozenset[str]) -> bool:
    """``a if c else b`` (Python's lowest precedence: a is all that was read since the
    innermost open bracket or the start) as a Choice: an if/else whose branches each give their
    value, ``a if c else b if d else e`` its elif. Only the branch taken is evaluated, and its
    decision is recorded."""
    if not s.brackets and "<" in stops:  # in a condition: Python compares only b
        raise p.error(_CONDITIONAL)
    _reduce(s, 0)
    start, pos = _value_start(s.code), p.i
    code = tuple(s.code[start:])
    del s.code[start:]
    ends = _ITEM_ENDS if s.brackets else stops | {"if"}
    branches = []
    p.enclosed += bool(s.brackets)  # in brackets, a new line is space
    try:
        while p.toks[p.i] == "if":
            p.i += 1
            p.skip_lines()
            cond = p.condition(_ELSE | ends if s.brackets else _ELSE)
            p.expect("else", "after the condition of a conditional expression (a if "
                     "condition else b)")
            branches.append((cond, (Collect(code, pos),)))
            code = tuple(p.expression(ends))
    finally:
        p.enclosed -= bool(s.brackets)
    s.code.append(Choice(If(tuple(branches), (Collect(code, pos),), pos), 0, pos))
    return False


def _comprehension(p: Parser, s: _Expr) -> bool:
    """``[e for i in range(n) if c]``, ``(e for …)`` or a call's one argument
    ``sum(e for w, x in zip(ws, xs))``: the element's code read so far and the clauses after it
    are one instruction, the array of the values the loops collect."""
    _reduce(s, 0)
    _, kind, _, pos, count = s.stack[-1]
    if count or kind not in (_LIST, _OPEN, _CALL, _METHOD) or \
            (s.keywords is not None and pos in s.keywords):
        raise p.error("a comprehension stands alone in its brackets: [e for i in range(n)], "
                      "or sum(e for …) as a call's only argument")
    start = _value_start(s.code)
    element = tuple(s.code[start:])
    del s.code[start:]
    s.code.append(p.clauses(element, pos))
    closer = _CLOSER[kind]
    if p.toks[p.i] != closer:
        raise p.error(f"expected {closer!r} after the comprehension (its element, then for and "
                      f"if clauses), found {describe(p.toks[p.i])}")
    if kind in (_LIST, _OPEN):  # the brackets are the comprehension's own
        s.stack.pop()
        s.brackets -= 1
        p.i += 1
    return False


def _value_start(code: list) -> int:
    """Where the last whole value of postfix ``code`` starts (what it pushes, counted back)."""
    need = 1
    for k in range(len(code) - 1, -1, -1):
        ins = code[k]
        kind = type(ins)
        if kind is Apply:
            need += ins.op.arity - 1
        elif kind is Index:
            need += ins.nargs
        elif kind in (Call, Method, ListOf, TupleOf, Slice, Select):
            need += ins.nargs - 1
        elif kind not in (Attr, Keyword):  # a Ref, Const, Nothing or Comprehension pushes one
            need -= 1
        if need == 0:
            return k
    raise AssertionError("postfix code holds a whole value")


def _comprehensions(toks: list[str]) -> list[tuple[int, int, set[str]]]:
    """Each comprehension's brackets (the tokens of its opening and closing one) and its loop
    names, the names between each of its ``for``s and ``in``s: one scan of the tokens."""
    found: list[tuple[int, int, set[str]]] = []
    opened: list[int] = []
    names: dict[int, set[str]] = {}  # by the opening bracket of the comprehension
    for j, tok in enumerate(toks):
        if tok in _OPENERS:
            opened.append(j)
        elif tok in _CLOSERS and opened:
            k = opened.pop()
            if k in names:
                found.append((k, j, names.pop(k)))
        elif tok == "for" and opened:
            n = j + 1
            while toks[n] and toks[n] != "in" and not is_newline(toks[n]):
                names.setdefault(opened[-1], set()).add(toks[n])
                n += 1
    return found


def _unpacking(over: str, names: list[str], wanted: int) -> str:
    got = ", ".join(names)
    if over in ("range", "each"):
        pairs = "" if over == "range" else (
            f"; a list of pairs, JAX's params = [(W1, b1), (W2, b2)], is not read: write "
            f"for {got} in zip((W1, W2), (b1, b2)), the def reading W1, W2, b1, b2 by name")
        return (f"for {got} in …: a loop over {'range' if over == 'range' else 'an array'} "
                "gives one value a step; name one loop variable (for i, w in enumerate(ws) "
                f"gives two, for a, b in zip(xs, ys) one per array){pairs}")
    return f"{over}(…) gives {wanted} values a step, and the loop names {len(names)}: {got}"


def _after_infix(p: Parser, s: _Expr, tok: str) -> bool:
    op = ops.INFIX[tok]
    p.push_infix(s, _new(Apply, (op, p.i)), op.bp, op.right)
    return False


def _after_matmul(p: Parser, s: _Expr, tok: str) -> bool:
    p.push_infix(s, Call("matmul", 2, p.i, True), MATMUL_BP, False)
    return False


def _reduce(s: _Expr, limit: int) -> None:
    """Append the instructions of the waiting operators that bind at ``limit`` or tighter (0:
    every one above the innermost open bracket). The expression loop does the same inline."""
    stack, append = s.stack, s.code.append
    while stack and stack[-1][0] >= limit:
        ins = stack.pop()[1]
        if ins is not None:
            append(ins)


def _closed(s: _Expr) -> bool:
    """Does this ')' close a '(' or a call of an op of the table (the common brackets, read
    without ``_after_close``)? Reduces the operators inside it either way."""
    _reduce(s, 0)
    stack, append = s.stack, s.code.append
    if not stack or s.keywords is not None:  # keyword arguments: _after_close reads them
        return False
    _, kind, payload, pos, count = stack[-1]
    if kind == _CALL:
        op = _FUNCTION.get((payload, count + 1))
        if op is None:
            return False
        append(_new(Apply, (op, pos)))
    elif kind != _OPEN:
        return False
    stack.pop()
    s.brackets -= 1
    return True


def _after_close(p: Parser, s: _Expr, tok: str) -> bool:
    """A ']', or a ')' that ``_closed`` left: a method's, an index's, a list's, a call of a
    def or an array function, or one that does not match."""
    stack = s.stack
    _reduce(s, 0)
    if not stack:
        if tok == ")":
            raise p.error("unmatched ')': there is no '(' before it")
        raise p.error("unmatched ']': there is no '[' before it")
    if stack[-1][1] == _INDEX and stack[-1][2]:
        _end_slice(s)
    _, kind, payload, pos, count = stack.pop()
    s.brackets -= 1
    if _CLOSER[kind] != tok:
        raise p.error(f"expected {_CLOSER[kind]!r}, found {tok!r}")
    keywords = s.keywords is not None and pos in s.keywords
    if keywords:
        _end_argument(p, s, pos)
    p.i += 1
    if kind == _CALL:
        if keywords and type(payload) is str and payload in ops.FUNCTIONS and \
                payload not in ARRAY_FUNCTIONS:
            raise p.error(f"{payload} takes no keyword arguments: give its value alone, "
                          f"{payload}(…)", pos)
        _finish_call(p, s, payload, pos, count + 1)
    elif kind == _METHOD:
        s.code.append(Method(payload, count + 2, pos))
    elif kind == _INDEX:
        s.code.append(Index(count + 1, pos))
    elif kind in (_LIST, _TUPLE):
        s.code.append(ListOf(count + 1, pos))
    elif kind == _PAIR:
        s.code.append(TupleOf(count + 1, pos))
    return False


# Calls course code makes on a line of their own for what they do, not for a value.
_SIDE_EFFECTS = frozenset({"seed", "manual_seed", "backward", "step", "zero_grad", "zero_",
                           "requires_grad_", "retain_grad", "eval", "train"})


def _appends(toks: Sequence[str], start: int, st: object) -> bool:
    """Is ``st`` (read from token ``start``) a list's append on a line of its own,
    ``ys.append(v)``: the name, then the method, its call the whole line?"""
    return type(st) is Statement and st.target is None and is_name(toks[start]) and \
        toks[start + 1] == "." and toks[start + 2] == "append" and toks[start + 3] == "(" \
        and bool(st.code) and type(st.code[-1]) is Method and st.code[-1].name == "append" \
        and st.code[-1].nargs == 2 and type(st.code[0]) is Ref and st.code[0].name == toks[start]


def _appending(toks: Sequence[str], start: int, st: object) -> object:
    """``ys.append(v)`` as ``ys = append(ys, v)``, run in place (every name holding the list
    sees the new item, as Python's does); any other statement as it is."""
    if not _appends(toks, start, st):
        return st
    assert type(st) is Statement
    target = st.code[0].name  # type: ignore[union-attr]
    call = Call(APPEND, 2, st.code[-1].pos)  # type: ignore[union-attr]
    return Statement(target, (*st.code[:-1], call), st.pos, st.tokens)


def _bare(st: Statement) -> str:
    """What to say of a bare expression before the last statement: a call on a line of its
    own (``np.random.seed(0)``, ``loss.backward()``) is left out; a value is given a name."""
    last = st.code[-1] if st.code else None
    if type(last) is Method and last.name == "append":  # hs.append(h): leaving it out would
        return NOT_READ_FUNCTIONS["append"]  # change the program
    if type(last) in (Call, Method) and last.name == "backward":
        return ("backward(…) is read on a name, y.backward() or y.sum().backward() (or "
                "y.mean().backward()): give the value a name of its own (z = …, then "
                "z.backward())")
    if type(last) in (Call, Method) and last.name in _SIDE_EFFECTS:
        return (f"a line that only calls {last.name}(…) gives nothing tracer reads (a random "
                "seed, a backward pass, an optimizer's step are not read): leave the line out")
    return ("only the last statement may be a bare expression; give the one before a name "
            "(name = expression)")


def _tuple_argument(p: Parser, s: _Expr) -> bool:
    """Is the '(' this ',' is in a whole argument of a call or an item of a list (a tuple,
    as NumPy's shapes are written), not a group inside an expression?"""
    stack = s.stack
    opened = stack[-1][3]
    return len(stack) >= 2 and stack[-2][0] == _BRACKET and \
        stack[-2][1] in (_CALL, _METHOD, _LIST, _TUPLE) and \
        p.toks[opened - 1] in ("(", ",", "[", "=")  # zeros(shape=(2, 3)) too


def _finish_call(p: Parser, s: _Expr, name: str | tuple[str], pos: int, nargs: int) -> None:
    if name == "sum" and nargs == 2 and p.toks[pos - 1] != "." and _started_sum(s.code, pos):
        return
    if type(name) is tuple:  # a def shadowing a function of the table
        s.code.append(Call(name[0], nargs, pos))
    elif name in ops.FUNCTIONS and not _array_call(name, nargs):
        op = ops.function(name, nargs)
        if op is None:
            if name in ARRAY_FUNCTIONS:
                s.code.append(Call(name, nargs, pos, pos in p.library, p.library.get(pos, "")))
                return
            raise _arity_error(name, nargs, p.tokens, pos)
        s.code.append(_new(Apply, (op, pos)))
    else:
        s.code.append(Call(name, nargs, pos, pos in p.library, p.library.get(pos, "")))


def _started_sum(code: list, pos: int) -> bool:
    """Python's ``sum((e for …), start)`` or ``start=`` (micrograd's neuron:
    ``sum((w*x for …), b)``), its first argument a comprehension: ``start + sum(…)``, start's
    rows first (Python reads the generator's first iterable before start, and adds each
    element to start in turn: the same value, but for rounding). Only Python's own sum:
    ``np.sum(a, 1)`` and ``axis=`` are NumPy's axis, as for any array."""
    keyword = type(code[-1]) is Keyword
    if keyword and code[-1].name != "start":
        return False
    start = code[:-1] if keyword else code
    k = _value_start(start)
    if k == 0 or type(start[k - 1]) is not Comprehension:
        return False
    generated = start[k - 1]
    code[k - 1:] = [*start[k:], generated, Call("sum", 1, pos), _new(Apply, (ops.INFIX["+"], pos))]
    return True


_LAMBDA_START = frozenset({"lambda", "("})  # f = lambda …, f = (lambda …)


def _stray_comma(p: Parser) -> str:
    """What a ',' outside brackets is: the targets of a tuple assignment tracer does not
    read (``b[0], c = …``, ``a, b += 1, 2``: the message was only "',' outside a function
    call"), or a comma out of place."""
    depth, j, toks = 0, p.i, p.toks
    while toks[j] and not is_newline(toks[j]) and toks[j] != ";":
        tok = toks[j]
        depth += (tok in "([{") - (tok in ")]}") if len(tok) == 1 else 0
        if depth == 0 and tok in AUGMENTED:
            return (f"{tok} takes one name, as in Python: write one line for each name "
                    f"(a {tok} 1; b {tok} 2)")
        if depth == 0 and tok == "=":
            return ("a tuple assignment here assigns names (a, b = …): write a line for each "
                    "element or attribute (b[0] = …; c = …)")
        j += 1
    end, j = j, p.i
    while j > 0 and not is_newline(toks[j - 1]) and toks[j - 1] != ";":
        j -= 1
    if is_name(toks[j]) and toks[j + 1] in ("=", *AUGMENTED):
        value = p.text(j + 2, end).rstrip(", ")
        if end == p.i + 1:  # a, = … is read elsewhere: here the comma ends the line
            return (f"{p.text(j, end)} makes a tuple of one: write {toks[j]} {toks[j + 1]} "
                    f"{value} without the comma, or [{value}] for an array")
        return (f"{p.text(j, end)} makes a tuple, and a value is a number or an array: write "
                f"{toks[j]} {toks[j + 1]} [{value}] for an array, or a, b = {value} to assign "
                "two names")
    return "',' outside a function call"


def _nested_tuple(p: Parser, stack: list) -> bool:
    """Is a ',' in parentheses inside a tuple's: ((x, w), (w, x)) after for … in, =, return?"""
    if len(stack) < 2 or not p.tuples or any(e[1] not in (_OPEN, _PAIR) for e in stack):
        return False
    return p.toks[stack[0][3] - 1] in ("return", "=", ",", "else", "in")


def _after_comma(p: Parser, s: _Expr, tok: str) -> bool:
    stack = s.stack
    _reduce(s, 0)
    if not stack:
        raise p.error(_stray_comma(p))
    _, kind, payload, pos, count = stack[-1]
    if kind == _OPEN and len(stack) >= 2 and stack[-2][1] == _CALL and \
            stack[-2][2] in arrays.JOINS and stack[-2][2] not in p.def_names and \
            stack[-2][3] == pos - 2:
        kind = _PAIR  # np.concatenate((A, B)), torch.cat([a, b]): the arrays, a tuple
    elif kind == _OPEN and _tuple_argument(p, s):
        kind = _TUPLE  # zeros((2, 3)), reshape(x, (2, 2)): NumPy's tuple of sizes, a list here
    elif kind == _OPEN and p.tuples and len(stack) == 1 and \
            p.toks[pos - 1] in ("return", "=", ",", "else", "in", "("):
        kind = _PAIR  # return (a, b), a, b = (x, y) (… if c else (y, x)), enumerate((a, b))
    elif kind == _OPEN and _nested_tuple(p, stack):
        raise p.error("a tuple inside a tuple is not read: a tuple holds numbers and arrays "
                      "(for pairs, for a, b in zip(xs, ys); for a matrix, [[…], […]])")
    elif kind == _OPEN and p.toks[pos - 1] == "=" and pos >= 2 and is_name(p.toks[pos - 2]) \
            and (pos == 2 or p.toks[pos - 3][:1] in ("\n", ";")):
        name = p.toks[pos - 2]  # params = (w, b): JAX's pytree of parameters, as one name
        raise p.error(f"{name} = (…, …) gives one name a tuple, which tracer does not read (its "
                      "values are numbers and arrays): give each value a name of its own "
                      f"(a, b = …, …) and use those names where {name} is used", pos)
    elif kind == _OPEN:
        raise p.error("',' inside parentheses that are not a function call")
    j = p.i + 1
    while is_newline(p.toks[j]):
        j += 1
    if kind != _INDEX and p.toks[j] == _CLOSER[kind]:  # f(x,), [a, b,]: a trailing comma
        if kind == _PAIR:
            stack[-1] = (_BRACKET, kind, payload, pos, count)  # (x,): a tuple of one
        p.i += 1
        return False
    if kind == _INDEX and payload:
        _end_slice(s)
        payload = 0
    if s.keywords is not None and pos in s.keywords:
        _end_argument(p, s, pos)
    stack[-1] = (_BRACKET, kind, payload, pos, count + 1)
    s.operand = True
    p.i += 1
    return False


def _after_index(p: Parser, s: _Expr, tok: str) -> bool:
    s.stack.append((_BRACKET, _INDEX, 0, p.i, 0))  # 0: the ':'s in the index being read
    s.brackets += 1
    s.operand = True
    p.i += 1
    return False


def _after_colon(p: Parser, s: _Expr, tok: str) -> bool:
    """A ':' after an operand: the end of a condition (``if x:``), or inside an index the
    end of a slice's start or stop (``a[1:]``, ``a[1:5:2]``)."""
    if not s.brackets:
        return True
    _reduce(s, 0)
    entry = s.stack[-1]
    if p.toks[p.i - 1] == "lambda":  # (lambda: 2)
        raise p.error(_LAMBDA)
    if entry[1] != _INDEX:
        raise p.error("a ':' inside brackets is read only in an index, as a slice: a[1:], "
                      "a[:, 0]")
    if entry[2] == 2:
        raise p.error("a slice has at most three parts: start:stop:step")
    s.stack[-1] = (_BRACKET, _INDEX, entry[2] + 1, entry[3], entry[4])
    s.operand = True
    p.i += 1
    return False


_MATLAB = {"^": "power", "*": "product", "/": "division"}  # .^ .* ./ of MATLAB and Octave


def _after_dot(p: Parser, s: _Expr, tok: str) -> bool:
    name = p.toks[p.i + 1]
    if name in _MATLAB and p.tokens.adjacent(p.i + 1):  # x.^2, x.*y, x./y
        raise p.error(f"'.{name}' is MATLAB's elementwise {_MATLAB[name]}: tracer's "
                      f"operators work element by element already; write {name[0]}", p.i)
    if not is_name(name):
        raise p.error(f"expected a name after '.', found {describe(name)}", p.i + 1)
    if name == "masked_fill":  # before its condition, which alone would be refused as one
        raise p.error(NOT_READ_FUNCTIONS[name], p.i + 1)
    if p.toks[p.i + 2] == "(":
        s.stack.append((_BRACKET, _METHOD, name, p.i + 1, 0))
        s.brackets += 1
        s.operand = True
        p.i += 3
        if p.toks[p.i] == ")":  # b.norm(): no arguments besides b
            s.stack.pop()
            s.brackets -= 1
            s.code.append(Method(name, 1, p.i - 2))
            s.operand = False
            p.i += 1
        return False
    s.code.append(Attr(name, p.i + 1))
    p.i += 2
    return False


def _alone_in_index(p: Parser, s: _Expr, first: int, last: int) -> bool:
    """Do tokens ``first`` to ``last`` (``None``, ``np.newaxis``) stand alone as one index
    of an index's brackets, ``x[:, None]``, not in arithmetic inside them?"""
    return _in_index(s) and p.toks[first - 1] in ("[", ",") and p.toks[last + 1] in (",", "]")


def _in_index(s: _Expr) -> bool:
    """Is the innermost open bracket an index's?"""
    for entry in reversed(s.stack):
        if entry[0] == _BRACKET:
            return entry[1] == _INDEX
    return False


def _argument_lambda(p: Parser, s: _Expr) -> None:
    """``lambda x: x**2 - a`` as a call's argument: a def of one return, named as Python
    names it (``<lambda>``, numbered, as one program may hold several), made just before the
    statement that holds it (it reads names when it is called, as Python's does)."""
    start = p.i
    p.i += 1
    params = p.lambda_params(None)
    p.lambdas += 1
    name = "<lambda>" if p.lambdas == 1 else f"<lambda {p.lambdas}>"
    outer, p.params = p.params, p.params | set(params)
    p.shadowing.update(params)
    p.enclosed += 1  # in the call's brackets, a new line is space
    try:
        code = p.expression(_PARAMETER_END)
    finally:
        p.params = outer
        p.enclosed -= 1
    p.defined.add(name)
    p.hoisted.append(Def(name, tuple(params), (Return(tuple(code), start),), start))
    s.code.append(_new(Ref, (name, start)))
    s.operand = False


def _function_alone(p: Parser, s: _Expr, tok: str) -> None:
    """A function's name not called: a keyword's name (x.clamp(min=0)), a function given to
    a def (simpson(np.sin, 0, pi, 8)), else an error saying to call it."""
    toks, i = p.toks, p.i
    if toks[i + 1] == "=" and toks[i - 1] in ("(", ",") and _in_call(s):
        s.code.append(_new(Ref, (tok, i)))  # x.clamp(min=0): min is the keyword's name
        s.operand = False
        p.i += 1
    elif toks[i - 1] == "=" and toks[i - 3] in ("(", ",") and _in_call(s):  # key=abs
        key = toks[i - 2]
        hint = "; for max(xs, key=abs) keep the element of largest abs in a loop with if" \
            if key == "key" else ""
        raise p.error(f"{key}={tok} gives a function by name, which tracer does not read: "
                      f"write {tok}(…) where it is applied{hint}")
    elif not _passed_function(p, s, tok):
        raise p.error(f"{tok} is a function: write {tok}(...) with its argument")


def _passed_function(p: Parser, s: _Expr, name: str) -> bool:
    """``simpson(np.sin, 0, pi, 8)``, ``newton(math.cos, …)``: a function of the table given
    to a def, alone as its argument, is a def of one parameter, ``<sin>``, made just before
    the statement (as a lambda written there is); False where it is no such argument."""
    toks, i = p.toks, p.i
    before = i - 2 if toks[i - 1] == "." else i  # np.sin: the token before np
    op = ops.function(name, 1)
    call = next((e for e in reversed(s.stack) if e[0] == _BRACKET), None)
    if op is None or toks[before - 1] not in ("(", ",") or toks[i + 1] not in (",", ")") or \
            call is None or call[1] != _CALL or type(call[2]) is not str or \
            call[2] in ops.FUNCTIONS or call[2] in ARRAY_FUNCTIONS:
        return False
    made = f"<{name}>"
    x = Ref("x", i)
    p.defined.add(made)
    p.hoisted.append(Def(made, ("x",), (Return((x, Apply(op, i)), i),), i))
    s.code.append(_new(Ref, (made, i)))
    s.operand = False
    p.i += 1
    return True


def _in_call(s: _Expr) -> bool:
    """Is the innermost open bracket a call's (or a method's)?"""
    for entry in reversed(s.stack):
        if entry[0] == _BRACKET:
            return entry[1] in (_CALL, _METHOD)
    return False


def _as_input(p: Parser, s: _Expr) -> str:
    """What to write for ``w = torch.tensor(…, requires_grad=True)``: the tensor as an input,
    named as the line names it (the message said --at w=[…] whatever the name was)."""
    start = p.tokens.offset(p.i)
    first = p.source.rfind("\n", 0, start) + 1
    end = p.source.find("\n", start)
    line = p.source[first:end if end >= 0 else len(p.source)]
    named = re.match(r"\s*([A-Za-z_]\w*)\s*=\s*[\w.]+\(", line)
    at = "--at w=[…], w the name it is given"
    if named and _closes_at_end(line, named.end()):  # w = torch.tensor(…): w is the tensor
        at = f"--at {named.group(1)}=[…]"
    return ("; to differentiate with respect to the tensor made here, make it on a line of "
            "its own (w = torch.tensor([1.0, 2.0], requires_grad=True), its values numbers), or "
            f"leave its line out and give its value as an input's ({at}): a name the program "
            "reads before assigning it is an input")


def _closes_at_end(line: str, after: int) -> bool:
    """Does the bracket opened just before ``after`` close where the line's code ends?"""
    depth = 1
    for k in range(after, len(line)):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(line[k], 0)
        if depth == 0:
            rest = line[k + 1:].strip()
            return not rest or rest.startswith("#")
    return False


_FLOAT_DTYPES = frozenset({"float", "float32", "float64", "double"})


def _float_dtypes(toks: list[str]) -> None:
    """A call's last argument ``dtype=torch.float`` (float32, float64, double; NumPy's and
    JAX's too) read past, as blanks in the brackets: tracer computes with floats (the blitz's
    v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float) said 'dtype=… is not read').
    Whole-number dtypes, which change the values, are said at their line still."""
    for k in range(1, len(toks) - 4):
        if toks[k] != "dtype" or toks[k - 1] != "," or toks[k + 1] != "=":
            continue
        end = k + 2
        if toks[end + 1:end + 2] == ["."] and is_name(toks[end]):
            end += 2  # torch.float
        if toks[end] in _FLOAT_DTYPES and toks[end + 1] == ")":
            toks[k - 1:end + 1] = ["\n"] * (end + 2 - k)


def _keyword(p: Parser, s: _Expr) -> bool:
    """``name=`` starting an argument of a call: the value that follows is passed by name
    (``sum(X, axis=0)``, ``x.clamp(min=0)``, ``f(x, alpha=0.1)``)."""
    name = p.toks[p.i - 1]
    code, stack = s.code, s.stack
    if name in _LEFT_OUT:
        leaf = _as_input(p, s) if name == "requires_grad" else ""
        raise p.error(f"{name}=… is not read: leave it out (tracer's values are plain numbers "
                      f"that always carry their derivatives){leaf}")
    if not (code and type(code[-1]) is Ref and code[-1].pos == p.i - 1 and stack and
            stack[-1][0] == _BRACKET and p.toks[p.i - 2] in ("(", ",")):
        raise p.error("unexpected '=' in a call: a keyword argument is name=value, as in "
                      "sum(X, axis=0)")
    code.pop()
    if s.keywords is None:
        s.keywords = {}
    pos = stack[-1][3]
    given = s.keywords.setdefault(-1 - pos, "")  # the names given in this call so far
    if f" {name} " in given:
        raise p.error(f"{name}= is given twice in this call", p.i - 1)
    s.keywords[-1 - pos] = f"{given} {name} "
    s.keywords[pos] = name
    s.operand = True
    p.i += 1
    return False


def _end_argument(p: Parser, s: _Expr, pos: int) -> None:
    """The end of an argument of a call that takes keyword arguments: a keyword's value is
    wrapped with its name; a value by position may not follow one by name."""
    keywords = s.keywords
    assert keywords is not None
    name = keywords[pos]
    if name:
        s.code.append(Keyword(name, 1, p.i))
        keywords[pos] = ""
    else:
        raise p.error("an argument by position after one by name (name=value): give the "
                      "ones by position first")


_QUOTES = frozenset("\"'")


@functools.cache
def _long_string() -> re.Pattern[str]:
    return re.compile(r'"{3}[\s\S]*?"{3}|\'{3}[\s\S]*?\'{3}')

# What a sign follows when it is a sign, not an operator (for source text: w < -1)
_BEFORE_SIGN = frozenset({"(", "[", ",", "=", ":", "and", "or", "not", "in", "return", "if",
                          "elif", "while", "@", *COMPARISONS, *ops.INFIX})

# Keyword arguments of PyTorch and NumPy that mean nothing in a trace
_LEFT_OUT = frozenset({"requires_grad", "dtype", "device", "out"})


def _missing_operator(prev: str, tok: str, hint: str) -> str:
    if is_newline(prev):  # a bracket left open on an earlier line
        return (f"missing operator before {tok!r} at the start of this line: a bracket opened "
                "on an earlier line is still open (close it there, or continue the expression "
                "with an operator)")
    return f"missing operator between {prev!r} and {tok!r}{hint}"


def _after_other(p: Parser, s: _Expr, tok: str) -> bool:
    if tok == "" or tok == ";" or (tok in (":", "=", *COMPARISONS, *AUGMENTED) and
                                   not s.brackets):
        return True
    if tok in ("and", "or", "in", "else") and not s.brackets:
        return True
    prev = p.toks[p.i - 1]
    if is_number(tok) and is_number(prev) and p.tokens.adjacent(p.i) and tok[0] == ".":
        return _malformed(p)
    if tok == "=" and s.brackets and _in_call(s):
        return _keyword(p, s)
    if tok == "for" and s.brackets:
        return _comprehension(p, s)
    if prev == "lambda" and is_name(tok):
        raise p.error(_LAMBDA)
    _python_spelling(p, prev, tok)
    if is_number(tok) or is_name(tok) or tok == "(":
        hint = ""
        if tok == "(":
            hint = f" (for a product write {prev}*(...))"
        elif tok == "mod" and (is_number(prev) or is_name(prev)):
            hint = " (for a remainder write %)"
        elif is_name(tok) and (is_number(prev) or is_name(prev)):
            hint = f" (for a product write {prev}*{tok})"
        raise p.error(_missing_operator(prev, tok, hint))
    if tok[:1] in "\"'`":
        raise _quote(p, tok)
    if tok == ",":
        raise p.error("',' outside a function call")
    if tok in _COMPARING:  # inside brackets: (x < 2); x[x > 0], a mask
        raise p.error(_mask(tok) if _in_index(s) else _comparison(tok))
    if len(tok) == 1 and (tok.isdecimal() or not tok.isalnum()):
        raise p.error(unexpected(tok))
    raise p.error(f"unexpected {describe(tok)}")


def _python_spelling(p: Parser, prev: str, tok: str) -> None:
    """Python's numerals tracer does not read (``1_000``, ``0x10``, ``1j``), refused with the
    number to write (they were 'missing operator between 1 and _000 (for a product …)'), and
    ``and``, ``or``, ``is`` after a value."""
    if tok in _VALUE_KEYWORDS:
        raise p.error(_VALUE_KEYWORDS[tok])
    if not (is_name(tok) and is_number(prev) and p.tokens.adjacent(p.i)):
        return
    if tok[0] == "_" and tok[1:2].isdigit():
        j = p.i
        while p.toks[j + 1] and (is_number(p.toks[j + 1]) or is_name(p.toks[j + 1])) and \
                p.tokens.adjacent(j + 1):
            j += 1
        written = "".join(p.toks[p.i - 1:j + 1])
        raise p.error(f"{written}: tracer reads numbers written without _: write "
                      f"{written.replace('_', '')}", p.i - 1)
    if prev == "0" and tok[0] in "xXoObB":
        try:
            value = int(prev + tok, 0)
        except ValueError:
            return
        raise p.error(f"{prev}{tok} is not read: tracer reads decimal numbers: write {value}",
                      p.i - 1)
    if tok in ("j", "J"):
        raise p.error(f"{prev}{tok}: complex numbers are not read: tracer's values are real "
                      "numbers", p.i - 1)


# Python's operators spelled as words, after a value, where tracer reads none (a condition
# reads and, or, not and in by itself)
_VALUE_KEYWORDS = {
    "and": "and between values is not read: tracer reads and, or and not in conditions (if, "
           "while, assert); for a choice of value write a if c else b",
    "or": "or between values is not read: tracer reads and, or and not in conditions (if, "
          "while, assert); for a choice of value write a if c else b",
    "is": "the operator is is not read (tracer's values are numbers and arrays, never None): "
          "compare numbers with == or !=",
}


def _quote(p: Parser, tok: str) -> ParseError:
    """A quote in an expression: a string left open (\"\"\"doc with no end), or a formula
    in quotes."""
    q, source = tok[0], p.source
    if len(tok) > 1 and p.toks[p.i - 1] == "[":  # params['W'], JAX's pytree of parameters
        return p.error(f"a dict (a[{tok}]) is not read: tracer's values are numbers and "
                       "arrays; give each value a name of its own (W = …, b = …) and pass "
                       "those names")
    start = end = p.tokens.offset(p.i)
    while start > 0 and source[start - 1] == q:
        start -= 1
    while end < len(source) and source[end] == q:
        end += 1
    if end - start >= 3:  # the quotes the lexer read as "" and " are one """ left open
        return ParseError(f"this {q * 3} string is not closed: end it with {q * 3} (a "
                          "docstring is read as a comment)", source, start)
    if p.i >= 3 and p.toks[p.i - 1] == "=" and is_name(p.toks[p.i - 2]) and \
            p.toks[p.i - 3] in (",", "("):
        # F.cross_entropy(z, k, reduction="sum"), F.gelu(x, approximate="tanh")
        if p.toks[p.i - 2] == "approximate":
            return p.error("approximate='tanh' is written approximate=True here (gelu's tanh "
                           "approximation; approximate=False, the default, is erf's)")
        return p.error(f"{p.toks[p.i - 2]}=… given as text is not read: tracer's values are "
                       "numbers, and the functions it reads take PyTorch's defaults; write "
                       "another choice out (a sum of losses: ((y - t)**2).sum())")
    return p.error(f"unexpected quote {tok[:1]}: formulas are written without quotes")


def _none_default(name: str, param: str) -> str:
    """CS231n's def loss(self, X, y=None, reg=0.0), which returns the scores where y is
    None: it said 'None is not a value in tracer'."""
    return (f"a default None (def {name}(…, {param}=None)) is not read: tracer's values are "
            f"numbers and arrays, never None; give {param} no default, pass it in every call, "
            f"and leave out the branch that tests it (if {param} is None: …)")


def _mask(tok: str) -> str:
    """A comparison in an index: NumPy's boolean mask, what to write for it."""
    return (f"{_comparison(tok)}; in an index, NumPy's boolean mask (a[b <= 0]), it is not "
            "read, as tracer's arrays keep their shape: to set the elements where it holds "
            "write a = np.where(b <= 0, 0, a) (CS231n's dhidden[hidden_layer <= 0] = 0), to "
            "keep only them np.where(b <= 0, a, 0)")


def _comparison(tok: str) -> str:
    return (f"a comparison ({tok}) is a condition: use it after if or while, or in "
            "np.where(condition, a, b)")


def _malformed(p: Parser) -> bool:
    start = p.i - 1
    j = p.i
    while p.toks[j] and (is_number(p.toks[j]) or is_name(p.toks[j])) and p.tokens.adjacent(j):
        j += 1
    raise p.error(f"malformed number {''.join(p.toks[start:j])!r}", start)


_AFTER: dict[str, Callable[[Parser, _Expr, str], bool]] = {
    **{sym: _after_infix for sym in ops.INFIX},
    "@": _after_matmul, ")": _after_close, "]": _after_close, ",": _after_comma,
    "[": _after_index, ".": _after_dot, ":": _after_colon,
}


# The fast path of Parser.expression: a name that starts with a letter and is nothing but a
# name (not a keyword, function, constant or module: those take the handler's path), and
# the binary operators.
_PLAIN_START = frozenset(string.ascii_letters + "_")
_DIGITS = frozenset(string.digits)
_RESERVED = frozenset({*KEYWORDS, *ops.FUNCTIONS, *ARRAY_FUNCTIONS, *MODULES})
# A binary operator: (op, binding power, the least binding power a waiting operator reduces
# at: its own, one more for a right-associative one, so 2^3^2 waits: 2^(3^2)).
_INFIX = {sym: (op, op.bp, op.bp + 1 if op.right else op.bp) for sym, op in ops.INFIX.items()}
# Functions of the op table that take arguments (sin, atan2, …), whose call the loop opens
# itself; a constant (pi), a def or an array function takes the handler's path.
_CALLS = frozenset(name for name in ops.FUNCTIONS if ops.arities(name)[-1] and
                   name not in ARRAY_FUNCTIONS)
# The op a call of a function of the op table with so many arguments means (ops.function).
def _array_call(name: str, nargs: int) -> bool:
    """Is ``name(…)`` with ``nargs`` arguments an array function's call, though the op table
    has the name too (max(X) and max(a, b): both, for arrays, element by element)?"""
    return name in arrays.FUNCTIONS and nargs in arrays.FUNCTIONS[name].arities


_FUNCTION = {(name, n): ops.function(name, n) for name in ops.FUNCTIONS
             for n in ops.arities(name) if not _array_call(name, n)}

_LAMBDA = ("a lambda is read as a name's value, f = lambda t: expression, then f(x); here, "
           "give it a name first")
_NEW_AXIS = ("a new axis is an index of its own, x[:, None] or x[np.newaxis]: or give the "
             "array its shape with reshape (reshape(x, n, 1) for a column)")
_CONDITIONAL = ("a conditional expression in a condition is written in brackets, "
                "(a if c else b) > 0, as Python compares only its else-part otherwise")
# Python statements tracer does not read, at a line's start, and what to write instead.
_TRY = "try/except is not read: leave it out (a program runs, or stops with one error that " \
    "says where)"
_NOT_READ = {
    "print": "tracer's tables show every value the program computes: leave print out",
    "lambda": "a lambda is read as a name's value: f = lambda t: expression, then f(x)",
    "class": "tracer reads a small part of Python: no classes (write defs and values)",
    "global": "global is not needed: a def reads the program's values; to change one, return "
              "the new value and assign it (x = f(x))",
    "nonlocal": "nonlocal is not read: return the new value from the def and assign it",
    "del": "del is not read: leave it out (a name keeps its last value)",
    "with": "with blocks are not read: write the lines inside it without the with line "
            "(torch.no_grad() is not needed: tracer differentiates only what it is asked to)",
    "try": _TRY,
    "except": _TRY,
    "finally": "try/finally is not read: leave it out",
    "yield": "yield is not read: write a def that returns one value",
    "async": "async defs are not read: write a def that returns one value",
    "await": "await is not read: call the def as it is",
}

# Python's keywords among them: never a name, so whatever follows (try:, raise(…)).
KEYWORDS_NOT_READ = frozenset(_NOT_READ) & frozenset(keyword.kwlist)

_STATEMENTS: dict[str, Callable[[Parser, int], object]] = {
    "if": Parser._if, "while": Parser._while, "for": Parser._for, "def": Parser._def,
    "break": Parser._jump, "continue": Parser._jump, "pass": Parser._jump,
    "return": Parser._return, "assert": Parser._assert, "raise": Parser._raise,
    "elif": Parser._misplaced, "else": Parser._misplaced,
    "import": Parser._import, "from": Parser._import,
}


# --- errors -------------------------------------------------------------------------------------

def _not_read(name: str, toks: Sequence[str], i: int) -> str:
    """What to say of a call of ``name`` (token i), a function tracer does not read; of
    ``float('nan')`` that no value is nan (float(x) is not needed: x is a number)."""
    arg = toks[i + 2] if toks[i + 1] == "(" else ""
    if name == "remainder" and i >= 2 and toks[i - 1] == "." and toks[i - 2] == "math":
        return ("math.remainder(a, b) is IEEE's remainder, a - n*b with n the whole number "
                "nearest a/b (math.remainder(1.5, 0.4) is -0.1, where 1.5 % 0.4 is 0.3): write "
                "a - b*floor(a/b + 0.5) (where a/b is halfway, math.remainder takes the even n)")
    if name == "float" and arg[:1] in _QUOTES and len(arg) > 1:
        return (f"float({arg}) is not read: tracer computes with finite numbers, and nan or an "
                "infinite value has no derivative to trace")
    return NOT_READ_FUNCTIONS[name]


def _unknown_function(name: str, tokens: Tokens, i: int) -> ParseError:
    import difflib  # only on this error path: it costs start-up time

    if name in NOT_READ_FUNCTIONS:
        return tokens.error(_not_read(name, tokens.toks, i), i)

    known = sorted({*ops.FUNCTIONS, *ARRAY_FUNCTIONS})
    if not name.isascii():  # ѕin(x), its ѕ Cyrillic; cos²(x) as a textbook writes it
        from tracer.core.spelling import lookalike, powered

        found_power = powered(name)
        if found_power and found_power[0] in known:
            base, power, one_name = found_power
            return tokens.error(f"unknown function {name!r}: {one_name}; for {base}(…)"
                                f"{name[len(base):]} write {base}(…)^{power}", i)

        found = lookalike(name, known, "here", "")
        if found:
            return tokens.error(f"unknown function {name!r}: {found}", i)
    # A close name that starts with the same letter (lgo: log; not inv: sin, int: sin)
    close = [n for n in difflib.get_close_matches(name, known, n=3, cutoff=0.6)
             if n[:1] == name[:1]]
    scalar = [n for n in ops.FUNCTIONS if ops.arities(n)[-1] and n.isascii()]  # table order
    some = ", ".join([*scalar[:12], "…", *list(arrays.FUNCTIONS)[:4]])
    hint = f"; did you mean {close[0]!r}?" if close else \
        f"; tracer reads {some}, … (the list: README, Formula syntax)"
    return tokens.error(f"unknown function {name!r}{hint}", i)


def _arity_error(name: str, got: int, tokens: Tokens, i: int) -> ParseError:
    counts = ops.arities(name)
    want = " or ".join(str(c) for c in counts)
    plural = "argument" if counts == [1] else "arguments"
    return tokens.error(f"{name} takes {want} {plural}, got {got}", i)


_BLANK = re.compile(r"[ \t\r\f\v\n]*+")


def _decorator(source: str, end: int) -> bool:
    """Is the ``@name`` ending at ``end`` a decorator: ``@torch.no_grad()``, ``@jit`` above a
    def?"""
    line_end = source.find("\n", end)
    rest = source[end:line_end if line_end >= 0 else len(source)].strip()
    if rest[:1] in (".", "("):
        return True
    following = source[line_end + 1:].lstrip() if line_end >= 0 else ""
    return not rest and following.startswith(("def ", "@", "async "))


def _directive_lines(source: str) -> Iterator[re.Match[str]]:
    """The lines that start with ``@`` (after spaces), found from the source's ``@``s: a
    search line by line takes 50 ns a line, through 30 MB of blank lines 1.6 s."""
    at = source.find("@")
    while at >= 0:
        line = source.rfind("\n", 0, at) + 1
        if not source[line:at].strip(" \t"):
            m = _directive().match(source, line)
            if m is not None:
                yield m
        end = source.find("\n", at)  # one look a line: the next @ on a later line
        at = source.find("@", end) if end >= 0 else -1


def _base_indent(source: str) -> int:
    """The indentation of the first line with a statement: a program pasted with a common
    indentation reads as if it had none."""
    skipped = source.rfind("\n", 0, _BLANK.match(source).end()) + 1  # blank lines, at C speed
    for line in source[skipped:].splitlines():
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith(("#", "@")):
            lead = line[:len(line) - len(stripped)]
            return 8 * len(lead) if lead and set(lead) == {"\t"} else len(lead)
    return 0


# --- entry points -------------------------------------------------------------------------------

def parse(source: str) -> Program:
    """Parse a formula or a program (one far over the row limit is refused before it is read)."""
    cost.source(source)
    if "\r" in source:  # Windows line ends (CRLF) read as new lines, as Python reads them:
        # the program listed, its title and an error's line had a ␍ at each end
        source = source.replace("\r\n", "\n")
        if "\n" not in source:  # old Mac line ends (CR alone)
            source = source.replace("\r", "\n")
    source = course.session_code(source)  # >>> prompts blanked: the offsets stay too
    parser = Parser(source)
    try:
        program = parser.program()
        rebound = parser.values & parser.body_constants  # values: the top level's names
        return Parser(source, frozenset(rebound)).program() if rebound else program
    except RecursionError:  # blocks and conditions are read recursively; expressions are not
        raise parser.error("nested too deeply for tracer to read (blocks, conditions or "
                           "parentheses inside one another)") from None


def parse_assignments(text: str,
                      bare: frozenset[str] = frozenset()) -> list[tuple[str, Statement, int]]:
    """``name=expr, name=expr`` (the syntax of ``--at`` and ``--seed``): (name, the value's
    statement, the name's offset) per binding; commas inside brackets do not split. The
    function names in ``bare`` may stand alone (``--seed c=ones``)."""
    p = Parser(text)
    p.bare = bare
    out = []
    while True:
        tok = p.toks[p.i]
        if tok == "":
            if not out:
                raise p.error("expected name=value")
            p._check_calls()  # no def here: f(1) is an unknown function, not one not run yet
            return out
        start = p.i
        if is_name(tok) and p.toks[p.i + 1] == "[":  # an array's element: c[0,1]=1
            tok = _element_name(p)
        if not is_name(tok) or p.toks[p.i + 1] != "=":
            raise p.error(f"expected name=value, found {describe(p.toks[p.i])}"
                          f"{_decimal_comma(p.toks, p.i)}")
        p.i += 2
        code = p.expression(_BINDING_ENDS)
        if p.toks[p.i] == "=":
            raise p.error(f"{tok} is given a value twice: write name=value once "
                          "(name=value, name=value for several)")
        out.append((tok, Statement(tok, tuple(code), start, p.tokens), p.tokens.offset(start)))
        if p.toks[p.i]:
            p.i += 1


def _decimal_comma(toks: Sequence[str], i: int) -> str:
    """A hint where a binding's value looks written with a decimal comma: in x=1,5 the 5
    after the comma is no binding, and 1.5 was meant."""
    if i >= 2 and toks[i - 1] == "," and toks[i].isdigit() and toks[i - 2].isdigit():
        sign = "-" if i >= 3 and toks[i - 3] == "-" else ""  # x=-1,5 meant -1.5
        return f"; a decimal is written with a point: {sign}{toks[i - 2]}.{toks[i]}"
    return ""


def _element_name(p: Parser) -> str:
    """``c[0, 1]`` at the start of a binding, as tracer names the element: ``c[0,1]`` (the
    parser is left on its ']')."""
    name, j = p.toks[p.i], p.i + 2
    indices: list[str] = []
    groups = 0  # c[0][1]: Python's spelling, one pair of brackets per index
    while True:
        groups += 1
        start = len(indices)
        while p.toks[j].isdigit() or (p.toks[j] == "-" and p.toks[j + 1].isdigit()):
            indices.append(p.toks[j] if p.toks[j] != "-" else "-" + p.toks[j + 1])
            j += 1 if p.toks[j] != "-" else 2
            if p.toks[j] != ",":
                break
            j += 1
        if len(indices) == start or p.toks[j] != "]":
            raise p.error("an element is named with whole numbers: c[0,1]=…", j)
        if p.toks[j + 1] != "[":
            break
        j += 2
    element = f"{name}[{','.join(indices)}]"
    if groups > 1:
        raise p.error(f"an element is named in one pair of brackets: write {element}=…", p.i)
    p.i = j
    return element


def parse_bindings(text: str) -> list[tuple[str, Node, int]]:
    """``name=expr, …`` with each value as a tree (scalar constant expressions)."""
    return [(name, st.expr, pos) for name, st, pos in parse_assignments(text)]


def _one_pair(text: str, begun: int) -> str:
    """How to write the element a names option spelled as Python does, ``c[0][1]`` (the name
    begun at ``begun``): ``c[0,1]``; ``b[0,1]`` for anything else."""
    written = re.compile(r"[^,\s\[]+\[[^\]]*\](?:\[[^\]]*\])+").match(text, begun)
    return "b[0,1]" if written is None else re.sub(r"\]\s*\[", ",", written.group())


def parse_names(text: str) -> list[tuple[str, int]]:
    """Parse a comma-separated list of names (``--output y1,y2``, ``--wrt x1``); globs and
    array elements (``w*``, ``b[0,1]``, ``W[0,*]``) pass as written, and a name's later
    value as the tables label it (``y′``, or ``y'``; ``y″``, ``y⁽⁴⁾``)."""
    out: list[tuple[str, int]] = []
    end = begun = 0
    for m in [*re.finditer(r"[^,\s\[]+(?:\[[^\]]*\])?", text), None]:
        gap = text[end:len(text) if m is None else m.start()]
        stray = len(gap) - len(gap.lstrip(", \t\n"))  # a '[' no name opened, or unclosed
        if stray < len(gap):
            what = "a '[' without its ']'" if "]" not in text[end + stray:] else \
                f"{gap[stray]!r} outside a name"
            example = _one_pair(text, begun) if not stray and end else "b[0,1]"
            raise ParseError(f"{what}: write an element as {example}", text, end + stray)
        if m is None:
            break
        end, begun = m.end(), m.start()
        word = m.group()
        if not re.fullmatch(r"(?:[^\W\d]|[*?])[\w*?]*(?:[′″‴]|'{1,3}|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾)?"
                            r"(?:\[[\d, *?]*\])?", word):
            raise ParseError(f"{word!r} is not a name", text, m.start())
        # a value's mark, as the tables label a name's later values (y′, y″ …): y' is y′
        word = word.replace("'''", "‴").replace("''", "″").replace("'", "′")
        out.append((word.replace(" ", ""), m.start()))
    if not out:
        raise ParseError("expected a name", text, 0)
    return out
