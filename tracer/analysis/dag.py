"""sympy expressions as the graphs they are: each distinct subexpression visited once.

A program's formula shares its subexpressions: ``l3 = 4*l2*(1-l2)`` holds ``l2`` twice, and
``l12`` holds ``l1`` 2^11 times over. sympy keeps one object per distinct subexpression, but its
``diff``, ``count_ops`` and ``evalf`` walk the tree, visiting each once per use: minutes where a
visit per distinct node takes milliseconds. These do the same work once per distinct node:

- ``operations``: sympy's ``count_ops`` of the whole tree (the count a printed formula has);
- ``derivative``: ``diff`` by the rules sympy's own ``_eval_derivative`` methods use, so the
  result is the expression ``diff`` gives (a test compares them for every op; only sign's
  derivative nested in another may put its factor 2 elsewhere);
- ``numeric``: the value at a point, in sympy's high-precision floats.

sympy is imported by the functions, when they are called: this module loads without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def fold(expr: Any, step: Callable[[Any], tuple[Any, list[Any]]],
          combine: Callable[[Any, Any, list[Any]], Any],
          done: dict[Any, Any] | None = None) -> Any:
    """Post-order over the distinct nodes: ``step(node)`` gives its own part and the nodes
    below it, ``combine(node, part, results below)`` its result. No recursion, so depth is
    not a limit. ``done`` (results by node) may be shared by folds over several
    expressions, so a part they share is worked out once."""
    done = {} if done is None else done
    pending: dict[Any, tuple[Any, list[Any]]] = {}
    stack = [expr]
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        if node not in pending:
            pending[node] = step(node)
            stack.extend(c for c in pending[node][1] if c not in done)
            continue
        part, below = pending.pop(node)
        done[node] = combine(node, part, [done[c] for c in below])
        stack.pop()
    return done[expr]


def operations(expr: Any) -> int:
    """sympy's ``count_ops(expr)``, counted once per distinct subexpression."""
    return fold(expr, _count_step, lambda node, own, below: own + sum(below))


def _count_step(a: Any) -> tuple[int, list[Any]]:
    """One node's own operations and the nodes count_ops goes on to, as count_ops does it
    (-x is NEG, x - y is SUB, x/y is DIV, a product of k factors k - 1 MULs, …)."""
    import sympy as sp
    from sympy.core.function import _coeff_isneg

    S = sp.S
    own = 0
    if a.is_Rational:
        return (int(a.p < 0) + int(a.q != 1), []) if a is not S.One else (0, [])
    if a.is_Mul:
        if _coeff_isneg(a):
            own += 1
            a = a.as_two_terms()[1] if a.args[0] is S.NegativeOne else -a
        num, den = sp.fraction(a)
        if num.is_Integer:
            return own + 1 + int(bool(num < 0)), [den]
        if den is not S.One:
            return own + 1, ([] if den.is_Integer else [den]) + [num]
    elif a.is_Add:
        terms = a.args
        negative = [_coeff_isneg(t) for t in terms]
        own += len(terms) - 1 + int(all(negative))
        return own, [-t if neg else t for t, neg in zip(terms, negative, strict=True)]
    if a.is_Pow and a.exp is S.NegativeOne:
        return own + 1, [a.base]
    if a == S.Exp1:
        return own + 1, []
    if a.is_Pow and a.base == S.Exp1:
        return own + 1, [a.exp]
    if a.is_Mul or isinstance(a, sp.core.operations.LatticeOp):
        own += len(a.args) - 1
    elif a.args and (a.is_Pow or a.is_Function or isinstance(a, sp.Derivative)):
        own += 1
    return own, [] if a.is_Symbol else list(a.args)


def derivative(expr: Any, x: Any) -> Any:
    """``diff(expr, x)``, each distinct subexpression differentiated once."""
    import sympy as sp

    zero = sp.S.Zero

    def step(e: Any) -> tuple[None, list[Any]]:
        if e == x or not e.args:
            return None, []
        if e.is_Add or e.is_Mul or e.is_Pow or hasattr(e, "fdiff"):
            return None, list(e.args)
        return None, []  # anything else: sympy's own diff (below)

    def combine(e: Any, _: None, d: list[Any]) -> Any:
        if e == x:
            return sp.S.One
        if not e.args:
            return zero
        if all(di is zero for di in d) and d:
            return zero
        if e.is_Add:
            return e.func(*d)
        if e.is_Mul:  # as Mul._eval_derivative_n_times: Leibniz, a term per factor
            args = list(e.args)
            return sp.Add(*[sp.Mul(*args[:i], di, *args[i + 1:])
                            for i, di in enumerate(d) if di is not zero])
        if e.is_Pow:  # as Pow._eval_derivative
            base, power = e.args
            return e * (d[1] * sp.log(base) + d[0] * power / base)
        if hasattr(e, "fdiff"):  # the chain rule, as Function._eval_derivative
            return sp.Add(*[_outer(e, i, sp) * di for i, di in enumerate(d) if di is not zero])
        return e.diff(x)

    return fold(expr, step, combine)


def _outer(e: Any, i: int, sp: Any) -> Any:
    """∂e/∂(its argument i) at its arguments: the function's own ``fdiff``, or, where it
    differentiates itself its own way (sign gives 2 DiracDelta), that way on a real dummy."""
    if type(e)._eval_derivative is sp.Function._eval_derivative:
        return e.fdiff(i + 1)
    u = sp.Dummy(real=True)
    args = list(e.args)
    return e.func(*args[:i], u, *args[i + 1:]).diff(u).subs(u, args[i])


def numeric(expr: Any, point: Mapping[Any, Any], digits: int = 50) -> Any:
    """The value of ``expr`` with ``point``'s numbers for its symbols, as a sympy number
    (a Float to ``digits`` digits when it is one; nan, zoo or an unevaluated DiracDelta when
    the expression has no value there)."""
    import sympy as sp

    leaves = {s: sp.Float(v, digits) for s, v in point.items()}

    def step(e: Any) -> tuple[None, list[Any]]:
        return None, [] if e in leaves else list(e.args)

    def combine(e: Any, _: None, values: list[Any]) -> Any:
        if e in leaves:
            return leaves[e]
        if not e.args:
            return e.evalf(digits) if e.is_number else e
        return e.func(*values).evalf(digits)

    return fold(expr, step, combine)
