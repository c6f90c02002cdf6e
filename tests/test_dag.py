"""sympy expressions as graphs: derivative, count_ops and value once per distinct node, against
sympy's own diff, count_ops and evalf."""

from __future__ import annotations

import pytest
import sympy as sp

from tracer.analysis import dag
from tracer.analysis.exact import to_sympy
from tracer.core import ops
from tracer.core.parse import parse

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)

MAPS = ["4*l*(1-l)", "l^2+x", "sin(l)+x", "l/(1+x)", "exp(l)*l", "sqrt(l)+x", "log(1+l^2)",
        "1/(1+l)", "l*(1-l) + l*(2-l)", "-l/3 + x/2", "l^x", "x^l", "atan2(l, x+3)",
        "max(l, x)", "abs(l-x)*l", "relu(l-x)", "step(l)+l", "log(l, 3)"]
MAPS += [f"{op.names[0]}(l)*x + l" for op in ops.OPS if op.arity == 1 and op.names
         and op.name != "sign"]


def iterates(text: str, n: int) -> list[sp.Expr]:
    step = parse(text).statements[0].expr
    values = [x]
    for _ in range(n - 1):
        values.append(to_sympy(step, {"l": values[-1], "x": x}))
    return values


@pytest.mark.parametrize("text", MAPS)
def test_the_derivative_is_sympys(text):
    for v in iterates(text, 4):
        assert dag.derivative(v, x) == sp.diff(v, x)


def test_sign_differs_only_in_where_a_factor_goes():
    v = iterates("sign(l)*l", 3)[-1]
    assert sp.expand(dag.derivative(v, x) - sp.diff(v, x)) == 0


@pytest.mark.parametrize("text", MAPS)
def test_operations_are_count_ops(text):
    for v in iterates(text, 5):
        d = sp.diff(v, x)
        assert dag.operations(v) == sp.count_ops(v)
        assert dag.operations(d) == sp.count_ops(d)


@pytest.mark.parametrize("expr", [
    -x, x - y, -x - y, -x + y, x / y, -x / 3, sp.Rational(-1, 3), 1 / x, sp.exp(x), sp.E,
    x**2 * sp.sin(y), 2 * x * y / (1 + x), sp.Max(x, y, 3), sp.Heaviside(x, 0), 3 - x**2,
])
def test_operations_of_small_cases(expr):
    assert dag.operations(expr) == sp.count_ops(expr)


def distinct(expr: sp.Expr) -> int:
    seen, stack = set(), [expr]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(node.args)
    return len(seen)


def test_shared_subexpressions_are_visited_once():
    v = iterates("4*l*(1-l)", 12)[-1]  # 2^11 copies of x, written out
    d = dag.derivative(v, x)
    visits = []
    total = dag.fold(d, lambda e: (visits.append(e), list(e.args)), lambda e, _, below: 1)
    assert total == 1
    assert dag.operations(d) > 100 * distinct(d)  # the tree as printed; the graph is small
    assert len(visits) == distinct(d)  # each distinct node stepped into once


@pytest.mark.parametrize("text", ["4*l*(1-l)", "sin(l)+x", "exp(l)*l", "sqrt(l)+x"])
def test_numeric_is_evalf(text):
    for v in iterates(text, 5):
        d = dag.derivative(v, x)
        got = dag.numeric(d, {x: sp.Rational(3, 10)})
        want = d.evalf(40, subs={x: sp.Rational(3, 10)})
        assert abs(got - want) <= 1e-30 * max(1, abs(want))


def test_numeric_where_undefined():
    assert dag.numeric(sp.log(x) * x, {x: 0}) is sp.nan
    assert dag.numeric(2 * sp.DiracDelta(x - 1), {x: 1}).has(sp.DiracDelta)
