"""The Hessian by forward-over-reverse: one Hessian-vector product per input.

Each pass moves the inputs along one direction ẋ = e_k and differentiates the whole reverse
sweep along it. Every row carries its value and tangent (v, v̇), every local partial its value
and tangent (∂, ∂̇, from the partial's own template in the op table), and the backward sweep
carries each adjoint and its tangent:

    v̄_j += v̄_i ∂_ij             (the gradient, as in reverse mode)
    v̄̇_j += v̄̇_i ∂_ij + v̄_i ∂̇_ij   (its tangent: the product rule on the line above)

At the inputs, v̄ is the gradient and v̄̇ is H e_k, the k-th column of the Hessian. So the
Hessian costs n such passes where the gradient cost one reverse pass: the lecture's Exercise 1
("why is the second derivative much more expensive?") answered with numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tracer.analysis.taylor import (
    Arith,
    Propagator,
    Series,
    arith_for,
    beyond_floats,
    line,
    sweep_work,
    undefined_coefficient,
    undefined_slope,
)
from tracer.core import rules
from tracer.core.evaluate import Evaluation, row_rule
from tracer.core.reverse import results as inputs_of
from tracer.core.wengert import Const
from tracer.errors import DomainError, LimitError

# Multiply-adds of one pass, per row argument: the tangent sweep (1), the partial's tangent
# (1), the adjoint (1) and the adjoint's tangent (2).
OPERATIONS_PER_ARGUMENT = 5

# Budgets, measured on a 2-core machine (benchmarks/limits_symbolic.py) to keep a command under
# about 10 s: a unit of a pass's work (taylor.row_work at order 1) costs 0.8–1 µs in floats and
# about 4.5 µs in exact arithmetic, where each value then costs about 0.3 ms to print.
FLOAT_WORK = 5_000_000
EXACT_WORK = 500_000
EXACT_PRODUCTS = 600_000
EXACT_TERMS = 12_000


@dataclass(frozen=True)
class HessianPass:
    """One Hessian-vector product: the columns it filled and its result H e_k."""

    wrt: str
    tangents: tuple[Any, ...]  # v̇ per row position
    adjoints: tuple[Any, ...]  # v̄
    adjoint_tangents: tuple[Any, ...]  # v̄̇
    result: dict[str, Any]  # H e_k, over the inputs


@dataclass(frozen=True)
class HessianRun:
    ev: Evaluation
    passes: tuple[HessianPass, ...]

    @property
    def output(self) -> str:
        return self.ev.trace.output_names[0]

    @property
    def matrix(self) -> dict[str, dict[str, Any]]:
        """{input i: {input j: ∂²f/∂x_i∂x_j}} (pass k fills column k)."""
        inputs = self.ev.trace.inputs
        return {i: {p.wrt: p.result[i] for p in self.passes} for i in inputs}

    @property
    def gradient(self) -> dict[str, Any]:
        return inputs_of(self.ev, self.passes[0].adjoints)

    @property
    def asymmetry(self) -> float:
        """The largest |H_ij - H_ji| of the entries that are defined: zero up to rounding, as
        second derivatives commute (where they exist)."""
        floats = self._floats
        names = list(floats)
        pairs = [(i, j) for k, i in enumerate(names) for j in names[k + 1:]]
        defined = [abs(floats[i][j] - floats[j][i]) for i, j in pairs
                   if math.isfinite(floats[i][j]) and math.isfinite(floats[j][i])]
        if pairs and not defined:
            return math.nan  # no mirrored pair to compare (x^n at x < 0: only H_xx exists)
        return max(defined, default=0.0)

    @property
    def undefined(self) -> bool:
        """Is an entry undefined (through an undefined slope, as x^n's in n at x < 0)?"""
        return not all(math.isfinite(v) for row in self._floats.values() for v in row.values())

    @cached_property
    def _floats(self) -> dict[str, dict[str, float]]:
        number: Any = float
        if self.ev.exact:  # its floats remembered: each costs sympy an evaluation
            from tracer.analysis.exact import to_float as number
        return {i: {j: number(v) for j, v in row.items()} for i, row in self.matrix.items()}

    @property
    def operations(self) -> int:
        return len(self.passes) * OPERATIONS_PER_ARGUMENT * self.ev.trace.operations


def hessian(ev: Evaluation) -> HessianRun:
    """All n Hessian-vector products of the single output."""
    trace = ev.trace
    trace.one_output("the Hessian is of one output")
    affordable(ev)
    ar = arith_for(ev)
    if not ev.exact:
        return HessianRun(ev, tuple(_pass(ev, wrt, ar) for wrt in trace.inputs))
    from tracer.analysis.atoms import TooLarge, budget, size

    try:
        with budget(EXACT_PRODUCTS):
            passes = [_pass(ev, wrt, ar) for wrt in trace.inputs]
    except TooLarge:
        raise LimitError(f"the exact second derivatives of this formula grow too long (more "
                         f"than {EXACT_PRODUCTS:,} products of terms): drop --exact") from None
    terms = sum(max(1, size(v)) for p in passes
                for column in (p.tangents, p.adjoints, p.adjoint_tangents) for v in column)
    if terms > EXACT_TERMS:
        raise LimitError(f"the exact Hessian's passes hold {terms:,} terms, more than the "
                         f"{EXACT_TERMS:,} tracer prints: drop --exact (floats have no such "
                         "limit here)")
    return HessianRun(ev, tuple(_lowered(ev, p, ar) for p in passes))


def affordable(ev: Evaluation) -> None:
    """Refuse, before it starts, a Hessian over its budget: n passes (one per input), each
    a tangent sweep, the partials' tangents and an adjoint sweep carrying tangents, costing
    about as much as Taylor mode's sweep to order 1 (``taylor.sweep_work``)."""
    trace = ev.trace
    per_pass = sweep_work(trace, 1)
    work = trace.n * per_pass
    limit = EXACT_WORK if ev.exact else FLOAT_WORK
    if work <= limit:
        return
    kind = " in exact arithmetic" if ev.exact else ""
    instead = "drop --exact (floats go further), or " if ev.exact else ""
    passes = f"{trace.n:,} pass{'' if trace.n == 1 else 'es'}"
    raise LimitError(
        f"the Hessian takes one pass per input: {passes} of about {per_pass:,} multiply-adds"
        f"{kind}, {work:,} in all, more than the {limit:,} tracer does in one command; "
        f"{instead}take the second derivatives along one input with tracer derivatives --wrt "
        "NAME --order 2")


def _pass(ev: Evaluation, wrt: str, ar: Arith) -> HessianPass:
    """One Hessian-vector product, H e_wrt, in ``ar``'s numbers."""
    trace = ev.trace
    _, out_index = trace.outputs[0]
    off = trace.n - 1
    series = line(ev, {wrt: ar.one}, 1, ar)
    duals = _partial_tangents(ev, series, Propagator(ar))
    bar: list[Any] = [ar.zero] * len(series)
    dbar: list[Any] = [ar.zero] * len(series)
    bar[trace.position(out_index)] = ar.one
    for pos in range(len(series) - 1, trace.n - 1, -1):
        b, db = bar[pos], dbar[pos]
        if b == 0 and db == 0:
            continue
        i = trace.index(pos)
        row = duals[i - 1]
        if isinstance(row, DomainError):  # needed after all: its partials' slopes do not exist
            raise row
        for k, a in trace.row_args(i):
            p, dp = row[k]
            bar[a + off] = bar[a + off] + b * p
            dbar[a + off] = dbar[a + off] + db * p + b * dp
    return HessianPass(wrt, tuple(s[1] for s in series), tuple(bar), tuple(dbar),
                       inputs_of(ev, tuple(dbar)))


def _lowered(ev: Evaluation, p: HessianPass, ar: Arith) -> HessianPass:
    """A pass in the evaluation's numbers (sympy's, when exact)."""
    low = ar.lower
    dbar = tuple(low(v) for v in p.adjoint_tangents)
    return HessianPass(p.wrt, tuple(low(v) for v in p.tangents),
                       tuple(low(v) for v in p.adjoints), dbar, inputs_of(ev, dbar))


def _partial_tangents(ev: Evaluation, series: list[Series],
                      prop: Propagator) -> list[dict[int, tuple[Any, Any]] | DomainError]:
    """(∂, ∂̇) of every row argument along the pass's direction; where they do not exist, the
    error to raise should the backward pass reach the row with a nonzero adjoint (as both
    modes do, a row whose adjoints are zero contributes nothing)."""
    trace = ev.trace
    ar = prop.arith
    off = trace.n - 1
    out = []
    for i, eq in enumerate(trace.equations, start=1):
        args = [(ar.constant(a), ar.zero) if type(a) is Const else series[a + off]
                for a in eq.args]
        env = {rules.SLOTS[k]: s for k, s in enumerate(args)} | {"y": series[i + off]}
        duals: dict[int, tuple[Any, Any]] | DomainError = {}
        for k, _ in trace.row_args(i):
            try:
                duals[k] = prop.template(rules.derivs(eq.op)[k], env, 1)  # type: ignore[index]
            except (ArithmeticError, ValueError, ZeroDivisionError, OverflowError) as exc:
                if undefined_slope(ev, i):  # warned of: derivatives through it are undefined
                    duals[k] = (ar.lift(ev.partials[i - 1][k]),  # type: ignore[index]
                                undefined_coefficient(ar))
                    continue
                what = "too large for a float here (--exact computes it)" if \
                    beyond_floats(ev, i, exc) else "not defined here"
                duals = DomainError(f"{row_rule(trace, i)}: its second derivative is {what}",
                                    trace.source, trace.offset(eq.pos), row=i)
                break
        prop.forget()
        out.append(duals)
    return out
