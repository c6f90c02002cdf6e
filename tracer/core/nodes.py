"""Expression trees: what the parser builds, what rule templates are made of, what printers print.

Three leaves and one inner node, as small immutable tuples (cheap to build a million of):

- ``Num``: a number, with the text the user wrote (``0.5``, ``2.5E+4``) when there is one;
- ``Name``: a name as written (an input, a program variable, or a template placeholder);
- ``Sym``: a quantity of the trace for display: the primal, tangent (``dot``) or adjoint
  (``bar``) of a row index or of a named input/output;
- ``Call``: an op from the op table applied to argument trees (``times``: written with ×);
- ``Deriv``, ``Tup``, ``Etc`` and ``Hole``: display-only pieces (∂y/∂x₂, a gradient vector,
  the ⋯ of a long sum, a blank to fill in).

``pos`` is the 0-based character offset in the source (-1 when the node was not parsed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tracer.core.ops import Op


class Num(NamedTuple):
    value: Any  # float; a Fraction or sympy number in exact arithmetic
    text: str | None = None
    pos: int = -1


class Name(NamedTuple):
    name: str
    pos: int = -1


class Sym(NamedTuple):
    role: str  # "" (primal), "dot" (tangent) or "bar" (adjoint)
    ref: int | str  # a row index (v_ref) or a user's name (x1, y)
    label: str | None = None  # the user's name shown beside a row index: v₅ (a1)


class Call(NamedTuple):
    op: Op
    args: tuple[Node, ...]
    pos: int = -1
    # Written in the op's arithmetic form (its ``numbers`` template): the lecture writes a
    # tangent or adjoint times its partial with ×, v̄₂ × (1/v₋₁) (``rules.lecture_notation``).
    times: bool = False


class Deriv(NamedTuple):
    """Display only: the partial derivative ∂of/∂wrt (∂²of/∂wrt₁∂wrt₂ for two names)."""

    of: str
    wrt: tuple[str, ...]


class Tup(NamedTuple):
    """Display only: a parenthesised list (a, b, c)."""

    items: tuple[Node, ...]


class Etc(NamedTuple):
    """Display only: terms left out of a long sum (shown as ⋯)."""

    hidden: int


class Hole(NamedTuple):
    """Display only: a blank for a student to fill in (quiz mode)."""

    width: int = 6


Node = Num | Name | Sym | Call | Deriv | Tup | Etc | Hole


def walk(node: Node) -> list[Node]:
    """All nodes of a tree in post-order, without recursion (trees may be very deep)."""
    out: list[Node] = []
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        n, done = stack.pop()
        if done or not isinstance(n, Call):
            out.append(n)
            continue
        stack.append((n, True))
        stack.extend((a, False) for a in reversed(n.args))
    return out


def depth(node: Node, limit: int) -> int:
    """Depth of a tree, counting at most to ``limit`` (cheap on very deep trees)."""
    best = 0
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        best = max(best, d)
        if best >= limit:
            return best
        if isinstance(n, Call):
            stack.extend((a, d + 1) for a in n.args)
    return best
