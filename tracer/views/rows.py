"""The rule trees of a trace row's shapes, for writers that print a rule once per shape.

A writer (``tracer.render.rows``) prints each shape of rule once, with stand-in leaves, and
fills it in per row; the trees themselves come from here, so that the rules module stays the
only author of rule trees and writers never compute derivatives.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from tracer.core import rules
from tracer.core.nodes import Name, Node, walk
from tracer.core.ops import Op
from tracer.core.wengert import Const


def _operands(kinds: Sequence[Any], first: int) -> list[int | Const]:
    """A shape's operands: a row's stand-in (``first`` + slot) for None, else the constant's
    expression (a stand-in number, or the constant itself)."""
    return [first + m if kind is None else Const(None, kind) for m, kind in enumerate(kinds)]


class ShapeRules:
    """What a writer asks of the rules about a shape (one instance serves every table)."""

    @staticmethod
    def primal(op: Op, kinds: Sequence[Any], first: int) -> Node:
        """``op(args)`` with stand-in rows ``first`` + slot."""
        return rules.primal_of(op, _operands(kinds, first))

    @staticmethod
    def term(op: Op, slot: int, kinds: Sequence[Any], first: int, user: int,
             compact: bool) -> Node:
        """One adjoint contribution as the table writes it, with stand-ins for the rows."""
        tree = rules.contribution_of(op, slot, _operands(kinds, first), user)
        return tree if compact else rules.lecture_notation(tree)

    numbers = staticmethod(rules.numbers)

    @staticmethod
    def shown_uses(uses: list[tuple[int, int]]) -> list[Any]:
        """A row's uses in the order the sweep adds them, a long list cut around an Etc."""
        return rules.elide(rules.sweep_order(uses) if len(uses) > 1 else uses)  # type: ignore[arg-type]

    @staticmethod
    def constant(expr: Node) -> Node:
        """A constant as a shape holds it (without where it was written)."""
        return rules.unplaced(expr)

    leafable = staticmethod(cache(lambda op, slot: _leafable(op, slot)))


def _leafable(op: Op, slot: int) -> tuple[bool, ...]:
    """For each operand of an op, whether a constant there is a leaf of the op's partial for
    ``slot`` (the partial names it as itself, or not at all) rather than folded into it
    (∂(a/3)/∂a = 1/3): such a partial is a shape of its own for each constant."""
    template = rules.derivs(op)[slot]
    names = {n.name for n in walk(template) if type(n) is Name}
    return tuple(rules.SLOTS[m] not in names or template == Name(rules.SLOTS[m])
                 for m in range(op.arity))


SHAPES = ShapeRules()
