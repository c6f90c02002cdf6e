"""Taylor-mode forward propagation: higher derivatives in one sweep.

Each row carries the Taylor coefficients of its value along a line through the point,
``v(t) = c_0 + c_1 t + c_2 t² + …`` (the input moves as ``x + t``), so that the k-th derivative
of the output is ``k! c_k``.

One rule serves every op in the table, built from the op's own partial templates. Along the
curve ``dy/dt = Σ_i (∂f/∂a_i) da_i/dt``; matching the coefficients of t^(k-1) gives

    k y_k = Σ_i Σ_{j=1..k} j · a_i[j] · D_i[k-j]

where D_i is the series of the partial ∂f/∂a_i, itself a template of ops from the same table,
needed only up to order k-1. Worked example: y = x³ at 2 lowers to v₁ = v₀³ with partial
3 v₀². With a = (2, 1, 0, 0): D = 3 a² = (12, 12, 3, …), so y₁ = 12, y₂ = (1·1·12)/2 = 6,
y₃ = (1·1·3)/3 = 1, and f' = 12, f'' = 2! · 6 = 12, f''' = 3! · 1 = 6, the lecture's figures.

The arithmetic is pluggable: floats, or exact sympy numbers under ``--exact``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tracer.core import rules
from tracer.core.evaluate import Evaluation, row_rule
from tracer.core.nodes import Call, Name, Node, Num
from tracer.core.ops import Op
from tracer.core.wengert import Const
from tracer.errors import DomainError, NameProblem, TracerError

Series = tuple[Any, ...]

MAX_ORDER = 12


@dataclass(frozen=True)
class Arith:
    """The numbers a sweep computes with: floats, or exact sympy values."""

    zero: Any
    one: Any
    value: Callable[[Op, Sequence[Any]], Any]  # an op applied to plain numbers
    number: Callable[[Num], Any]  # a numeral in a template
    reciprocal: Callable[[int], Any]  # 1/k, exactly when exact
    constant: Callable[[Const], Any]  # a constant operand of a row
    finite: Callable[[Any], bool]


def _float_value(op: Op, args: Sequence[Any]) -> float:
    return op.value(*args)


FLOAT = Arith(
    zero=0.0, one=1.0, value=_float_value, number=lambda n: n.value,
    reciprocal=lambda k: 1.0 / k, constant=lambda c: c.value,
    finite=lambda x: math.isfinite(x),
)


def exact_arith() -> Arith:
    import sympy as sp

    from tracer.analysis.exact import finite, number, to_sympy

    return Arith(
        zero=sp.Integer(0), one=sp.Integer(1), value=lambda op, args: op.sympy(sp, *args),
        number=number, reciprocal=lambda k: sp.Rational(1, k),
        constant=lambda c: to_sympy(c.expr), finite=finite,
    )


def arith_for(ev: Evaluation) -> Arith:
    return exact_arith() if ev.exact else FLOAT


class Propagator:
    """Taylor series of ops and templates, remembered: a partial's series is asked for again
    at every order, and again inside other partials."""

    def __init__(self, arith: Arith) -> None:
        self.arith = arith
        self._memo: dict[tuple, Series] = {}

    def op(self, op: Op, args: Sequence[Series], order: int) -> Series:
        """Coefficients 0…order of op(args(t))."""
        args = tuple(tuple(a[:order + 1]) for a in args)
        key = (op, args, order)
        found = self._memo.get(key)
        if found is not None:
            return found
        ar = self.arith
        y: list[Any] = [ar.value(op, [a[0] for a in args])]
        if not ar.finite(y[0]):
            raise ArithmeticError(op.name)
        for k in range(1, order + 1):
            env = {rules.SLOTS[i]: a for i, a in enumerate(args)} | {"y": tuple(y)}
            total = ar.zero
            for i, a in enumerate(args):
                if all(c == 0 for c in a[1:k + 1]):
                    continue  # a constant (along the line) contributes nothing
                d = self.template(rules.derivs(op)[i], env, k - 1)
                for j in range(1, k + 1):
                    if a[j] != 0:
                        total = total + j * a[j] * d[k - j]
            y.append(total * ar.reciprocal(k))
        result = tuple(y)
        self._memo[key] = result
        return result

    def template(self, node: Node, env: dict[str, Series], order: int) -> Series:
        """Coefficients 0…order of a template tree along the curve."""
        if type(node) is Name:
            return env[node.name][:order + 1]
        if type(node) is Num:
            return (self.arith.number(node),) + (self.arith.zero,) * order
        assert type(node) is Call
        args = [self.template(a, env, order) for a in node.args]
        return self.op(node.op, args, order)


def line(ev: Evaluation, direction: dict[str, Any], order: int) -> list[Series]:
    """Every row's Taylor coefficients 0…order as the inputs move along ``direction``."""
    trace = ev.trace
    ar = arith_for(ev)
    prop = Propagator(ar)
    out: list[Series] = [
        (value, direction.get(name, ar.zero)) + (ar.zero,) * (order - 1)
        for name, value in zip(trace.inputs, ev.values, strict=False)
    ]
    off = trace.n - 1
    for i, eq in enumerate(trace.equations, start=1):
        args = [(ar.constant(a),) + (ar.zero,) * order if type(a) is Const else out[a + off]
                for a in eq.args]
        try:
            series = prop.op(eq.op, args, order)
        except (ArithmeticError, ValueError, ZeroDivisionError, OverflowError):
            raise DomainError(f"{row_rule(trace, i)}: its derivatives up to order {order} are "
                              "not defined here", trace.source, trace.offset(eq.pos),
                              row=i) from None
        if not all(ar.finite(c) for c in series):
            raise DomainError(f"{row_rule(trace, i)}: its derivatives up to order {order} are "
                              "not finite here", trace.source, trace.offset(eq.pos), row=i)
        out.append(series)
    return out


@dataclass(frozen=True)
class TaylorRun:
    """Taylor coefficients of every row along the input ``wrt``."""

    ev: Evaluation
    wrt: str
    order: int
    series: tuple[Series, ...]  # per row position

    @property
    def output(self) -> str:
        return self.ev.trace.output_names[0]

    @property
    def derivatives(self) -> list[Any]:
        """f, f', f'', …: k! times the output's k-th coefficient."""
        c = self.series[self.ev.trace.position(self.ev.trace.outputs[0][1])]
        return [math.factorial(k) * c[k] for k in range(self.order + 1)]


def derivatives(ev: Evaluation, order: int, wrt: str | None = None) -> TaylorRun:
    """Derivatives up to ``order`` of the (single) output along one input."""
    trace = ev.trace
    if not 1 <= order <= MAX_ORDER:
        raise TracerError(f"--order must be between 1 and {MAX_ORDER}, got {order}")
    if len(trace.outputs) != 1:
        raise NameProblem("derivatives are of one output; choose it with --output")
    if wrt is None:
        if trace.n != 1:
            raise NameProblem(f"this formula has {trace.n} inputs ({', '.join(trace.inputs)}); "
                              "say which one to differentiate along with --wrt (the others "
                              "stay fixed)")
        wrt = trace.inputs[0]
    if wrt not in trace.inputs:
        raise NameProblem(f"--wrt: {wrt} is not an input; the inputs are "
                          f"{', '.join(trace.inputs)}")
    one = arith_for(ev).one
    return TaylorRun(ev, wrt, order, tuple(line(ev, {wrt: one}, order)))
