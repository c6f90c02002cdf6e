"""A parsed program as plain data: statements, conditions, and each expression as postfix code.

An expression is kept as the postfix code the parser emits, not as a tree: the interpreter runs
it (a loop body runs many times without being parsed again), and a tree is built from it only
when something is displayed (``tree``). Worked example: ``a*b + sin(c)`` is the code
``[Ref(a), Ref(b), Apply(mul), Ref(c), Apply(sin), Apply(add)]``.

Instructions: ``Ref`` reads a name; a ``Const`` is a number as written; ``Apply`` is an op of
the op table on the values before it; ``Call`` a function that is not an elementary op (an
array function such as ``sum`` or ``dot``, or a ``def`` of the program); ``Method``
``b.norm()`` (the receiver is the first argument); ``Attr`` ``b.T``; ``Index`` ``b[i, j]``;
``ListOf`` ``[a, b, c]``; ``Comprehension`` ``[e for i in range(n)]``; ``Choice``
``a if c else b``; ``Select`` NumPy's ``where(c, a, b)``; ``TupleOf`` ``a, b``
(a def's ``return a, b``, the right side of ``a, b = b, a + b``: several values, only
unpacked or indexed). Positions are token numbers (``Tokens.offset`` finds the character).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from tracer.core import ops
from tracer.core.nodes import Call as CallNode
from tracer.core.nodes import Name, Node, Num, walk
from tracer.core.ops import Op
from tracer.core.wengert import Const

if TYPE_CHECKING:
    from tracer.core.lexer import Tokens


class Ref(NamedTuple):
    name: str
    pos: int


class Apply(NamedTuple):
    op: Op
    pos: int


# ``xs.append(v)`` on a line of its own, read as ``xs = <APPEND>(xs, v)`` in place: a name no
# program can write (it is not a name), so only that line calls it.
APPEND = "list.append"


class Call(NamedTuple):
    name: str
    nargs: int
    pos: int
    library: bool = False  # np.mean(a), a.mean(), a @ b: NumPy's, never a def named so
    module: str = ""  # the library written before it (np.var(a): numpy; a.var(): none)


class Method(NamedTuple):
    name: str
    nargs: int  # with the receiver
    pos: int


class Attr(NamedTuple):
    name: str
    pos: int


class Index(NamedTuple):
    nargs: int
    pos: int


class ListOf(NamedTuple):
    nargs: int
    pos: int


class TupleOf(NamedTuple):
    """``a, b``: the values before it as one Python tuple (``return a, b``, the right side of
    ``a, b = b, a + b``)."""

    nargs: int
    pos: int


class Keyword(NamedTuple):
    """``name=value`` in a call (``sum(X, axis=0)``, ``f(x, alpha=0.1)``): wraps the value on
    the stack with its name."""

    name: str
    nargs: int  # always 1: the value
    pos: int


class Slice(NamedTuple):
    """``start:stop:step`` inside an index (``a[1:]``, ``a[:, 0]``): its three parts are on
    the stack, a part left out as ``Nothing``'s None."""

    nargs: int  # always 3
    pos: int


class Nothing(NamedTuple):
    """A part of a slice left out (``a[1:]``'s stop): pushes None."""

    nargs: int  # always 0
    pos: int


class Comprehension(NamedTuple):
    """``[e for i in range(n) if c]`` (or a generator, ``sum(e for w in ws)``): ``loop`` is a
    ``For`` whose innermost block ``Collect``s e; pushes the array of what it collected. It
    runs in a scope of its own, as in Python 3: the loops' names are its own."""

    loop: Any  # For
    nargs: int  # always 0
    pos: int


class Choice(NamedTuple):
    """``a if c else b``: ``choice`` is an ``If`` whose branches each ``Collect`` their value;
    pushes the value of the branch taken (only that branch is evaluated)."""

    choice: Any  # If
    nargs: int  # always 0
    pos: int


class Select(NamedTuple):
    """NumPy's ``where(c, a, b)`` (``torch.where``, ``jnp.where``): a and b are on the stack,
    both computed as NumPy computes them; each element of the result is a's or b's as its
    own comparison decides (a decision line each), so only the one taken is differentiated."""

    cond: Any  # Compare or Truth (a condition of one comparison, or a value: not zero)
    nargs: int  # always 2: a and b
    pos: int


Code = tuple[Any, ...]


# --- conditions ---------------------------------------------------------------------------------
# Conditions and the statements that hold blocks are named tuples, as the instructions are: a
# frozen dataclass costs about six times as much to create when the module loads, and every
# command loads this module (tracer forward starts about 10 ms sooner).

class Compare(NamedTuple):
    """``a < b`` (or a chain ``a < b <= c``): the values of ``codes`` compared by ``ops``."""

    codes: tuple[Code, ...]
    ops: tuple[str, ...]
    pos: int
    text: str  # as written, for the control line


class BoolOp(NamedTuple):
    """``and`` / ``or`` of conditions, decided left to right as Python does."""

    op: str
    items: tuple[Condition, ...]
    pos: int
    text: str


class Not(NamedTuple):
    item: Condition
    pos: int
    text: str


class Truth(NamedTuple):
    """A plain value as a condition: true when it is not zero (``while n:``)."""

    code: Code
    pos: int
    text: str


Condition = Compare | BoolOp | Not | Truth


# --- statements ---------------------------------------------------------------------------------

@dataclass(eq=False, slots=True)  # not frozen: its plain __init__ is four times faster, and a
class Statement:  # program makes one per line (never changed once built); slots: no dict each
    """``target = code`` (``target`` None for a bare expression, the program's output ``y``);
    with ``op`` an augmented assignment (``c += code``), with ``index`` an element's
    (``b[i] = code``)."""

    target: str | None
    code: Code
    pos: int
    tokens: Tokens = field(repr=False)
    op: Op | None = None
    index: tuple[Code, ...] | None = None
    _expr: Node | None = field(default=None, init=False, repr=False)

    @property
    def scalar(self) -> bool:
        """Only numbers, names and elementary ops: the code has a tree (``expr``)."""
        return all(type(ins) in (Ref, Const, Apply) for ins in self.code)

    @property
    def expr(self) -> Node:
        """The expression as a tree (for display, symbolic work and tests), built once."""
        if self._expr is None:
            self._expr = tree(self.code, self.tokens)
        return self._expr

    @property
    def rpn(self) -> tuple[Node, ...]:
        """Every node of ``expr`` in post-order."""
        return tuple(walk(self.expr))


class If(NamedTuple):
    branches: tuple[tuple[Condition, tuple[Any, ...]], ...]  # if and each elif
    orelse: tuple[Any, ...] | None
    pos: int


class While(NamedTuple):
    cond: Condition
    body: tuple[Any, ...]
    pos: int


class For(NamedTuple):
    """``for i in range(…)``, ``for w in ws``, ``for i, w in enumerate(ws)`` or
    ``for a, b in zip(xs, ys)`` (``over``: "range", "each", "enumerate" or "zip")."""

    var: str | tuple[str, ...]  # the loop variable, or the names a step unpacks into
    args: tuple[Code, ...]  # range's bounds, or the arrays looped over
    body: tuple[Any, ...]
    pos: int
    over: str = "range"
    texts: tuple[str, ...] = ()  # each argument as written (for the decision lines)


class Jump(NamedTuple):
    """``break``, ``continue`` or ``pass``."""

    kind: str
    pos: int


class Assert(NamedTuple):
    """``assert cond`` (d2l's ``assert 0 <= dropout <= 1``): a decision the run shows, which
    stops it, naming the line, where the condition is false (Python's AssertionError)."""

    cond: Condition
    pos: int


class Raise(NamedTuple):
    """``raise ValueError("f(a) and f(b) have one sign")`` (a bisection's check of its
    bracket): where the run reaches it, it stops there, naming the line, as Python's does;
    the exception (``text``, as written) is not computed."""

    text: str
    pos: int


class Backward(NamedTuple):
    """``y.backward()`` (a course line, ``core.course``), where it stands: the value ``y``
    holds there is the output its backward pass starts from, though a later line may give y
    another (d2l's autograd section differentiates four values of y in turn)."""

    name: str
    pos: int


class Def(NamedTuple):
    name: str
    params: tuple[str, ...]
    body: tuple[Any, ...]
    pos: int
    defaults: tuple[Code, ...] = ()  # the last parameters' defaults (def f(z, a=0.01))


class Unpack(NamedTuple):
    """``a, b = b, a + b`` or ``s, c = f(x)``: Python's tuple assignment. Every value is
    computed before any name is assigned; ``code`` gives a tuple (``TupleOf``, a def's
    ``return a, b``) or an array (its elements, a matrix's rows)."""

    targets: tuple[str, ...]
    positions: tuple[int, ...]  # each target's token
    code: Code
    pos: int


class Collect(NamedTuple):
    """The innermost statement of a comprehension's loops: the element's value is collected."""

    code: Code
    pos: int


class Return(NamedTuple):
    code: Code | None
    pos: int


Block = tuple[Any, ...]


class Directive(NamedTuple):
    """A line ``@name text``: a default for the command-line option ``--name``."""

    name: str
    text: str
    pos: int  # where text starts (a character offset)


@dataclass(frozen=True, eq=False)
class Program:
    source: str
    statements: tuple[Any, ...]  # the top level: Statement, If, While, For, Def, Jump, Backward
    directives: tuple[Directive, ...]
    tokens: Tokens = field(repr=False)
    assigned: frozenset[str] = frozenset()  # every name some statement assigns

    @property
    def is_formula(self) -> bool:
        """One expression (bare, or ``y = …``), as opposed to a program of several lines."""
        return len(self.statements) == 1 and isinstance(self.statements[0], Statement) and \
            self.statements[0].index is None and self.statements[0].op is None

    @property
    def kind(self) -> str:
        """What a message calls the source: "formula" (one expression) or "program"."""
        return "formula" if self.is_formula else "program"

    @property
    def straight(self) -> bool:
        """No branch, loop or function: every statement runs once, in order."""
        return all(isinstance(st, Statement) for st in self.statements)


# --- trees from code (display only) -------------------------------------------------------------

def tree(code: Code, tokens: Tokens | None = None) -> Node:
    """The tree of scalar code (numbers, names and ops), positions as character offsets.

    Array code (calls, indexing, lists) has no tree of elementary ops: it is shown as the
    source text it came from."""
    def at(pos: int) -> int:
        return tokens.offset(pos) if tokens is not None and pos >= 0 else -1

    stack: list[Node] = []
    for ins in code:
        kind = type(ins)
        if kind is Ref:
            stack.append(Name(ins.name, at(ins.pos)))
        elif kind is Const:
            expr = ins.expr
            stack.append(expr._replace(pos=at(expr.pos)) if type(expr) is Num else expr)
        elif kind is Apply or (kind is Call and ops.function(ins.name, ins.nargs)):
            op = ins.op if kind is Apply else ops.function(ins.name, ins.nargs)
            n = op.arity  # (max(a, b) is a call, for arrays; of numbers, the table's op)
            args = tuple(stack[len(stack) - n:]) if n else ()
            del stack[len(stack) - n:]
            stack.append(CallNode(op, args, at(ins.pos)))
        else:
            raise ValueError("array code has no tree of elementary operations")
    return stack[-1]
