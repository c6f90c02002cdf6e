"""The rules a student sees on each row, built from the op table's templates.

For row ``v_i = op(args)`` this gives, as expression trees for the printer:

- the primal rule ``op(args)``;
- each local partial ∂v_i/∂(argument k), from the op's ``derivs`` template with the row's
  operands put in for ``a``, ``b`` and the row itself for ``y``;
- the tangent rule, the sum over the non-constant arguments of (tangent × partial), read as
  the op's ``tangents`` template says when it has one (``v̇₋₁ v₀ + v₋₁ v̇₀``);
- the adjoint rule of a row, the sum of ``v̄_user × partial`` over the rows that use it, in
  the order the backward sweep adds them.

``lecture_notation`` marks each product of a tangent or adjoint and its partial to print with
×, as the lecture's Tables 2 and 3 write them (``v̄₂ × (1/v₋₁)``); unmarked, the tree prints
compactly (``v̄₂ (1/v₋₁)``). ``numbers`` swaps every trace quantity in such a tree for its
value, giving the substituted line of the table (``0 × (-4) + 3 × 1``). Templates are tracer
syntax, parsed once, lazily.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import cache, lru_cache
from operator import is_, itemgetter
from typing import Any

from tracer.core import ops
from tracer.core.nodes import Call, Etc, Name, Node, Num, Sym
from tracer.core.ops import Op
from tracer.core.wengert import Const, Trace

SLOTS = "ab"  # template names of argument 0 and 1; their tangents are da, db


@cache
def template(text: str) -> Node:
    """A template in tracer syntax, parsed once."""
    from tracer.core.parse import parse

    return parse(text).statements[0].expr


@cache
def derivs(op: Op) -> tuple[Node, ...]:
    """The op's partial-derivative templates as trees."""
    return tuple(template(d) for d in op.derivs)


def evaluate_template(
    node: Node,
    env: dict[str, Any],
    apply: Callable[[Op, list[Any]], Any],
    number: Callable[[Num], Any],
    is_zero: Callable[[Any], bool] = lambda v: v == 0,
) -> Any:
    """Evaluate a template tree in some arithmetic: floats (``op.value``), exact sympy
    numbers (``op.sympy``), Taylor series. ``env`` maps a, b, y to values.

    A product with an exactly zero factor is zero, whatever its other factor: that one may be
    undefined at the point, as ln 0 in ∂(0^p)/∂p = y ln(a) with y = 0, or 0^(-1) in
    ∂(x^0)/∂x = b a^(b-1) with b = 0. Autograd's convention, and the limit of the partial."""
    if type(node) is Name:
        return env[node.name]
    if type(node) is Num:
        return number(node)
    assert type(node) is Call
    if node.op is PRODUCT:
        return _product(node, env, apply, number, is_zero)
    return apply(node.op, [evaluate_template(a, env, apply, number, is_zero)
                           for a in node.args])


PRODUCT = ops.INFIX["*"]


def _product(node: Call, env: dict[str, Any], apply: Callable[[Op, list[Any]], Any],
             number: Callable[[Num], Any], is_zero: Callable[[Any], bool]) -> Any:
    factors = []
    failed: Exception | None = None
    for a in node.args:
        try:
            value = evaluate_template(a, env, apply, number, is_zero)
        except (ArithmeticError, ValueError) as e:  # undefined, unless another factor is 0
            failed = failed or e
            continue
        if is_zero(value):
            return value
        factors.append(value)
    if failed is not None:
        raise failed
    return apply(node.op, factors)


def float_partials(op: Op, args: Sequence[float], y: float) -> list[float]:
    """The op's partials computed from its templates, in floats (a check on ``op.partials``)."""
    env = {SLOTS[k]: a for k, a in enumerate(args)} | {"y": y}
    return [evaluate_template(t, env, lambda o, xs: o.value(*xs), lambda n: n.value)
            for t in derivs(op)]


def substitute(node: Node, mapping: dict[str, Node]) -> Node:
    """Replace template names (a, b, y, da, db) by trees."""
    if type(node) is Name:
        return mapping.get(node.name, node)
    if type(node) is Call:
        return Call(node.op, tuple(substitute(a, mapping) for a in node.args), node.pos)
    return node


# --- simplification of constant arithmetic in a substituted template -------------------------

def _exact(node: Node) -> Fraction | None:
    """The exact rational a number (or a quotient of numbers, or its negation) denotes."""
    if type(node) is Num:
        try:
            return Fraction(node.text) if node.text is not None else Fraction(node.value)
        except (ValueError, TypeError, OverflowError):
            return None
    if type(node) is Call and node.op.name in ("div", "neg"):
        parts = [_exact(a) for a in node.args]
        if any(q is None for q in parts):
            return None
        if node.op.name == "neg":
            return -parts[0]  # type: ignore[operator]
        return parts[0] / parts[1] if parts[1] else None  # type: ignore[operator]
    return None


def _number(q: Fraction) -> Node | None:
    """A node for an exact rational: 3, 0.25, or 2/3 when the decimal would not end; None
    for one no float holds (1e308 × 1e308, in the tangent of x^1e308's partial: left
    unfolded, as the numbers column then shows it overflow)."""
    if abs(q) > _LARGEST:
        return None
    if q.denominator == 1:
        text = str(q.numerator)
        if len(text) > _DIGITS:  # 2·10²⁰⁰ is written 2e+200; 10³⁰⁸ - 1 is left unfolded
            text = repr(float(q))
            if Fraction(text) != q:
                return None
        return Num(float(q), text)
    if _finite_decimal(q):
        text = f"{float(q)!r}"
        return Num(float(q), text if Fraction(text) == q else None)
    frac = Call(ops.BY_NAME["div"], (Num(float(abs(q.numerator)), str(abs(q.numerator))),
                                     Num(float(q.denominator), str(q.denominator))))
    return _neg(frac) if q < 0 else frac


_LARGEST = Fraction(sys.float_info.max)
_DIGITS = 17  # a whole number of more digits than a float keeps is written as a float would


def _finite_decimal(q: Fraction) -> bool:
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _fold(op: Op, args: Sequence[Fraction]) -> Fraction | None:
    name = op.name
    if name == "add":
        return args[0] + args[1]
    if name == "sub":
        return args[0] - args[1]
    if name == "mul":
        return args[0] * args[1]
    if name == "neg":
        return -args[0]
    if name == "div" and args[1] != 0:
        return args[0] / args[1]
    if name == "pow" and args[1].denominator == 1 and 0 <= args[1] <= 64:
        return args[0] ** int(args[1])
    return None


def _is(node: Node, q: int) -> bool:
    return _exact(node) == q


def _neg(node: Node) -> Node:
    return node.args[0] if type(node) is Call and node.op.name == "neg" else \
        Call(ops.BY_NAME["neg"], (node,))


def _leading(node: Node) -> tuple[Fraction | None, Node | None]:
    """A product's leading number and the rest: (2 v₀) v̇₀ → (2, v₀ v̇₀)."""
    q = _exact(node)
    if q is not None:
        return q, None
    if type(node) is Call and node.op.name == "mul":
        q, rest = _leading(node.args[0])
        if q is not None:
            tail = node.args[1] if rest is None else Call(node.op, (rest, node.args[1]))
            return q, tail
    return None, node


def simplify(node: Node) -> Node:
    """Fold constant arithmetic and drop the trivial: 2-1 → 1, a^1 → a, 1·a → a, -1·a → -a.

    Negations move outward (b·(-a) → -(b·a)) so a tangent rule can print ``x - y`` rather
    than ``x + (-y)``. Each op's rewrites are tried in turn (``REWRITES``); the first that
    applies wins.
    """
    if type(node) is not Call:
        return node
    args = tuple(simplify(a) for a in node.args)
    exact = [_exact(a) for a in args]
    if args and all(q is not None for q in exact):
        q = _fold(node.op, exact)  # type: ignore[arg-type]
        folded = None if q is None else _number(q)
        if folded is not None:
            return folded
    for rewrite in REWRITES.get(node.op.name, ()):
        out = rewrite(node.op, *args)
        if out is not None:
            return out
    return Call(node.op, args, node.pos)


def _is_neg(node: Node) -> bool:
    return type(node) is Call and node.op.name == "neg"


def _double_negation(op: Op, a: Node) -> Node | None:
    """--a → a"""
    return a.args[0] if _is_neg(a) else None  # type: ignore[union-attr]


def _unit_factor(op: Op, a: Node, b: Node) -> Node | None:
    """1·a → a, 0·a → 0, -1·a → -a (either side)."""
    for x, y in ((a, b), (b, a)):
        if _is(x, 1):
            return y
        if _is(x, 0):
            return Num(0.0, "0")
        if _is(x, -1):
            return _neg(y)
    return None


def _numbers_together(op: Op, a: Node, b: Node) -> Node | None:
    """3 · (2 v₀) v̇₀ → 6 v₀ v̇₀"""
    qa = _exact(a)
    if qa is None:
        return None
    qb, rest = _leading(b)
    if qb is None or rest is None:
        return None
    number = _number(qa * qb)
    return None if number is None else simplify(Call(op, (number, rest)))


def _negation_out(op: Op, a: Node, b: Node) -> Node | None:
    """(-a)·b → -(a·b), a·(-b) → -(a·b)"""
    if _is_neg(a):
        return _neg(simplify(Call(op, (a.args[0], b))))  # type: ignore[union-attr]
    if _is_neg(b):
        return _neg(simplify(Call(op, (a, b.args[0]))))  # type: ignore[union-attr]
    return None


def _over_one(op: Op, a: Node, b: Node) -> Node | None:
    """a/1 → a"""
    return a if _is(b, 1) else None


def _negative_numerator(op: Op, a: Node, b: Node) -> Node | None:
    """(-a)/b → -(a/b)"""
    return _neg(Call(op, (a.args[0], b))) if _is_neg(a) else None  # type: ignore[union-attr]


def _power_of_power(op: Op, a: Node, b: Node) -> Node | None:
    """(v²)² → v⁴, for whole powers"""
    if type(a) is not Call or a.op.name != "pow":
        return None
    inner, outer = _exact(a.args[1]), _exact(b)
    if inner is None or outer is None or inner.denominator != 1 or outer.denominator != 1:
        return None
    power = _number(inner * outer)
    return None if power is None else Call(op, (a.args[0], power))


def _power_zero(op: Op, a: Node, b: Node) -> Node | None:
    """a⁰ → 1"""
    return Num(1.0, "1") if _is(b, 0) else None


def _plus_zero(op: Op, a: Node, b: Node) -> Node | None:
    """a + 0 → a, 0 + b → b"""
    return a if _is(b, 0) else b if _is(a, 0) else None


def _minus_zero(op: Op, a: Node, b: Node) -> Node | None:
    """a - 0 → a, 0 - b → -b"""
    return a if _is(b, 0) else _neg(b) if _is(a, 0) else None


# The rewrites of each op, tried in order. (a^1 → a is _over_one's twin: b is 1.)
REWRITES: dict[str, tuple[Callable[..., Node | None], ...]] = {
    "neg": (_double_negation,),
    "mul": (_unit_factor, _numbers_together, _negation_out),
    "div": (_over_one, _negative_numerator),
    "pow": (_over_one, _power_of_power, _power_zero),
    "add": (_plus_zero,),
    "sub": (_minus_zero,),
}


# --- rules of a row ---------------------------------------------------------------------------

def operand(a: int | Const) -> Node:
    """An argument as it appears in a rule: a row (v_j) or the constant as written."""
    return Sym("", a) if type(a) is int else a.expr  # type: ignore[union-attr]


def _mapping(trace: Trace, index: int) -> dict[str, Node]:
    eq = trace.equation(index)
    m: dict[str, Node] = {"y": Sym("", index)}
    for k, a in enumerate(eq.args):
        m[SLOTS[k]] = operand(a)
        if type(a) is int:
            m["d" + SLOTS[k]] = Sym("dot", a)
    return m


def primal_rule(trace: Trace, index: int) -> Node:
    """``op(args)`` of row ``index``, e.g. v₋₁ v₀ or ln(v₋₁) or 2 v₁."""
    eq = trace.equation(index)
    return primal_of(eq.op, eq.args)


def primal_of(op: Op, args: Sequence[int | Const]) -> Node:
    """``op(args)`` for any operands: a row's (``primal_rule``), or a shape's, whose rows are
    stand-ins that a writer fills in for each row of that shape."""
    return Call(op, tuple(operand(a) for a in args))


def partial_rule(trace: Trace, index: int, slot: int) -> Node:
    """∂v_index/∂(argument ``slot``), e.g. 1/v₋₁ for ln(v₋₁).

    Simplified once per op, slot and kind of operands (rows, and constants by what they
    are), with stand-ins for the rows, which simplifying treats alike (as quantities it
    cannot fold); each row then has its own rows put in."""
    eq = trace.equation(index)
    return partial_of(eq.op, slot, eq.args, index)


def partial_of(op: Op, slot: int, args: Sequence[int | Const], index: int) -> Node:
    """``partial_rule`` for any operands and result row (a shape's stand-ins, as
    ``primal_of``)."""
    kinds = tuple(None if type(a) is int else unplaced(a.expr) for a in args)  # type: ignore[union-attr]
    skeleton = _partial_skeleton(op, slot, kinds)
    mapping: dict[str, Node] = {_STAND_INS[2]: Sym("", index)}
    for k, a in enumerate(args):
        if type(a) is int:
            mapping[_STAND_INS[k]] = Sym("", a)
    return substitute(skeleton, mapping)


_STAND_INS = ("\0a", "\0b", "\0y")  # names no program can have: rows in a skeleton


@lru_cache(maxsize=4096)
def _partial_skeleton(op: Op, slot: int, kinds: tuple[Node | None, ...]) -> Node:
    """An op's partial simplified, its row operands (and the row itself) as stand-ins."""
    mapping: dict[str, Node] = {"y": Name(_STAND_INS[2])}
    for k, kind in enumerate(kinds):
        mapping[SLOTS[k]] = Name(_STAND_INS[k]) if kind is None else kind
    return simplify(substitute(derivs(op)[slot], mapping))


def unplaced(node: Node) -> Node:
    """A constant's expression without where it was written (its place in the source prints
    nowhere), so equal constants share a skeleton."""
    if type(node) is Num:
        return Num(node.value, node.text)
    if type(node) is Name:
        return Name(node.name)
    if type(node) is Call:
        return Call(node.op, tuple(unplaced(a) for a in node.args), -1, node.times)
    return node


def tangent_terms(trace: Trace, index: int) -> list[Node]:
    """One term per non-constant argument: tangent × partial, simplified."""
    eq = trace.equation(index)
    mapping = _mapping(trace, index)
    terms: list[Node] = []
    for k, a in enumerate(eq.args):
        if type(a) is not int:
            continue
        if eq.op.tangents:
            t = template(eq.op.tangents[k])
        else:
            t = Call(ops.BY_NAME["mul"], (Name("d" + SLOTS[k]), derivs(eq.op)[k]))
        term = simplify(substitute(t, mapping))
        if not _is(term, 0):
            terms.append(term)
    return terms


def tangent_rule(trace: Trace, index: int) -> Node:
    """The tangent rule's right side, e.g. v̇₋₁ v₀ + v₋₁ v̇₀ or v̇₃ - v̇₂."""
    return signed_sum(tangent_terms(trace, index))


def signed_sum(terms: Sequence[Node]) -> Node:
    """t₁ + t₂ - t₃ …: a negated term after the first is subtracted."""
    terms = elide(terms)
    if not terms:
        return Num(0.0, "0")
    add, sub = ops.BY_NAME["add"], ops.BY_NAME["sub"]
    acc = terms[0]
    for t in terms[1:]:
        if type(t) is Call and t.op.name == "neg":
            acc = Call(sub, (acc, t.args[0]))
        else:
            acc = Call(add, (acc, t))
    return acc


MAX_TERMS = 8  # a rule with more terms shows the first and last few around a ⋯


def elide(terms: Sequence[Node], limit: int = MAX_TERMS) -> list[Node]:
    """At most ``limit`` terms: the first ones, ⋯, and the last two."""
    if len(terms) <= limit:
        return list(terms)
    head = limit - 3
    return [*terms[:head], Etc(len(terms) - head - 2), *terms[-2:]]


def plain_sum(terms: Sequence[Node]) -> Node:
    """t₁ + t₂ + … kept as written (adjoint contributions read v̄₄ × (-1), as in Table 3,
    once ``lecture_notation`` marks them).

    A long sum keeps its first and last terms around a ⋯ (a row used 10^5 times would
    otherwise be a rule 10^5 terms long)."""
    terms = elide(terms)
    if not terms:
        return Num(0.0, "0")
    add = ops.BY_NAME["add"]
    acc = terms[0]
    for t in terms[1:]:
        acc = Call(add, (acc, t))
    return acc


def sweep_order(users: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The uses of a row, (user row, slot), in the order the backward sweep visits them: the
    later user first, of one user the lower slot first (two uses, the commonest sum, put in
    order without sorting)."""
    if len(users) == 2:
        first, second = users
        return [first, second] if first[0] > second[0] or (
            first[0] == second[0] and first[1] < second[1]) else [second, first]
    return sorted(sorted(users), key=itemgetter(0), reverse=True)  # stable: slots ascending


def contribution(trace: Trace, user: int, slot: int) -> Node:
    """One adjoint contribution: v̄_user × ∂v_user/∂(argument slot)."""
    eq = trace.equation(user)
    return contribution_of(eq.op, slot, eq.args, user)


def contribution_of(op: Op, slot: int, args: Sequence[int | Const], user: int) -> Node:
    """``contribution`` for any operands and user row (a shape's stand-ins, as
    ``primal_of``)."""
    return Call(ops.BY_NAME["mul"], (Sym("bar", user), partial_of(op, slot, args, user)))


def tangent_of(node: Node) -> Node:
    """The directional derivative of a rule along the tangents (forward-over-reverse needs the
    tangent of each partial): v_j becomes v̇_j, and each op contributes its own partials
    from the op table. d(1/v₋₁) = -(1/v₋₁²) v̇₋₁."""
    if type(node) is Sym:
        return Sym("dot", node.ref) if node.role == "" else Num(0.0, "0")
    if type(node) is not Call or not node.args:
        return Num(0.0, "0")
    mapping: dict[str, Node] = {SLOTS[k]: a for k, a in enumerate(node.args)} | {"y": node}
    mul = ops.BY_NAME["mul"]
    terms = []
    for k, arg in enumerate(node.args):
        d = tangent_of(arg)
        if _is(d, 0):
            continue
        term = simplify(Call(mul, (substitute(derivs(node.op)[k], mapping), d)))
        if not _is(term, 0):
            terms.append(term)
    return simplify(signed_sum(terms))


def lecture_notation(node: Node) -> Node:
    """The rule as the lecture's Tables 2 and 3 write it: each product of a tangent or adjoint
    and its partial marked to print with × (``v̄₂ × (1/v₋₁) + v̄₁ × v₀``, ``v̇₋₁ × 2 v₋₁``),
    the partial itself written as the primal column writes expressions. The compact form
    (``v̄₂ (1/v₋₁) + v̄₁ v₀``) is the tree unmarked.

    A product is one whose op has an arithmetic form in the op table (its ``numbers``
    template); it is marked when one of its factors is a tangent or adjoint (``v̇ⱼ``, ``v̄ⱼ``,
    ``v̄̇ⱼ``, ``ẋ``), so a primal rule, which has none, is left as it is."""
    if type(node) is not Call:
        return node
    old = node.args
    args = tuple([lecture_notation(a) if type(a) is Call else a for a in old])
    times = node.times or (node.op.numbers is not None and
                           any(type(a) is Sym and a.role != "" for a in args))
    if times is node.times and all(map(is_, args, old)):
        return node  # nothing to mark: the tree as it was (most of a rule's subtrees)
    return Call(node.op, args, node.pos, times)


def numbers(node: Node, value: Callable[[Sym], Any]) -> Node:
    """The tree with every trace quantity replaced by its value: the substituted line.

    ``value`` gives a number, or a tree to put in its place (an exact value's own tree)."""
    kind = type(node)
    if kind is Sym:
        v = value(node)
        return Num(v) if type(v) is float or not isinstance(v, (Num, Call, Name)) else v
    if kind is Call:
        return Call(node.op, tuple([numbers(a, value) for a in node.args]), node.pos)
    return node


def is_plain_value(node: Node) -> bool:
    """True when a substituted line would only repeat the value (nothing was computed)."""
    return type(node) in (Num, Sym)
