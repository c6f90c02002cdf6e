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

D_i comes from the op table's ``series`` templates where an op has them (a quotient's
``-y/b``: its ``-a/b^2`` would ask for b², then (b²)², … up to b^2048 at order 12). A product in
a template with an exactly zero factor is zero, its other factor unevaluated (x² at 0: the
partial 2·a¹ asks for 1·a⁰, whose own partial 0·a^(-1) is 0, not 0/0), as in
``rules.evaluate_template``.

The arithmetic is pluggable: floats, or exact numbers under ``--exact``, kept as Laurent
polynomials in the point's irrational numbers (``tracer.analysis.atoms``) so they stay short.
A sweep's work is counted before it runs (``row_work``: the propagation itself, run once per op
on a sample point, counts its multiply-adds) and refused over budget; exact values, whose size
cannot be known before they are made, are bounded as they are made.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from tracer.core import rules
from tracer.core.evaluate import Evaluation, row_rule
from tracer.core.nodes import Node, Num
from tracer.core.ops import Op
from tracer.core.runs import check_names
from tracer.core.wengert import Const
from tracer.errors import DomainError, LimitError, NameProblem, UsageProblem

Series = tuple[Any, ...]

MAX_ORDER = 12

# Budgets, measured on a 2-core machine (benchmarks/limits_symbolic.py) to keep a command under
# about 10 s. A float multiply-add of the sweep (``row_work``) costs 0.35–1.3 µs; in exact
# arithmetic about 4 µs, plus about 5 µs per product of two terms of exact values, plus about
# a millisecond per term to print.
FLOAT_WORK = 5_000_000
EXACT_WORK = 600_000
EXACT_PRODUCTS = 600_000
EXACT_TERMS = 2_000


@dataclass(frozen=True)
class Arith:
    """The numbers a sweep computes with: floats, or exact numbers (``tracer.analysis.atoms``).
    ``lift`` takes a value of the evaluation into them, ``lower`` brings a result back."""

    zero: Any
    one: Any
    value: Callable[[Op, Sequence[Any]], Any]  # an op applied to plain numbers
    number: Callable[[Num], Any]  # a numeral in a template
    reciprocal: Callable[[int], Any]  # 1/k, exactly when exact
    constant: Callable[[Const], Any]  # a constant operand of a row
    finite: Callable[[Any], bool]
    lift: Callable[[Any], Any] = lambda v: v
    lower: Callable[[Any], Any] = lambda v: v


def _float_value(op: Op, args: Sequence[Any]) -> float:
    return op.value(*args)


FLOAT = Arith(
    zero=0.0, one=1.0, value=_float_value, number=lambda n: n.value,
    reciprocal=lambda k: 1.0 / k, constant=lambda c: c.value,
    finite=lambda x: math.isfinite(x),
)


def exact_arith() -> Arith:
    """Exact coefficients as Laurent polynomials in the point's atoms (sin 2, e^(sin 2)), so
    they stay short; an op's value at the point goes through its sympy counterpart."""
    import sympy as sp

    from tracer.analysis.atoms import Atoms, Exact, constant
    from tracer.analysis.exact import (
        exact,
        finite,
        finite_number,
        number,
        settled,
        simplifies,
        to_sympy,
    )

    atoms = Atoms()
    undefined = _undefined_exact()

    def lower(v: Any) -> Any:
        return sp.nan if v is undefined else atoms.lower(v)

    def value(op: Op, args: Sequence[Any]) -> Any:
        try:  # +, - and × of exact numbers need no sympy: their float rule is Python's own
            y = op.value(*args)
            if isinstance(y, Exact):
                return y
        except TypeError:  # any other op's rule asks for a float
            pass
        lowered = [atoms.lower(a) for a in args]
        small = simplifies(lowered)
        with sp.evaluate(small):  # a deep argument: built as it stands (exact.simplifies)
            y = settled(op.sympy(sp, *lowered))
        if not (finite(y) if small else finite_number(y)):
            raise ArithmeticError(op.name)
        return atoms.lift(y)

    return Arith(
        zero=constant(0), one=constant(1), value=value,
        number=lambda n: atoms.lift(number(n)), reciprocal=lambda k: Fraction(1, k),
        constant=lambda c: atoms.lift(to_sympy(c.expr)), finite=lambda x: x is not undefined,
        lift=lambda v: undefined if v is sp.nan else atoms.lift(exact(v)), lower=lower,
    )


@cache
def _undefined_exact() -> Any:
    """The exact coefficient that does not exist (sqrt's slope at 0 and every coefficient
    after it), one value that behaves as float mode's nan: every sum and product it enters is
    undefined too. An atom would cancel (2 nan - nan = nan, but 2 u - u = u - u = 0 for an
    atom u), and exact mode would give ``2*sqrt(x) - sqrt(x)`` at 0 the derivatives 0 where
    floats (rightly) give none. Only the sweep's explicit skips pass it by, in both modes: a
    product with a zero factor, a term whose tangent is 0 (``Propagator.op``). An Exact
    subclass, so that an Exact on its left hands it the sum or product."""
    from tracer.analysis.atoms import Exact

    class Undefined(Exact):
        __slots__ = ()

        def __init__(self) -> None:
            super().__init__({})

        def _absorb(self, other: Any) -> Any:
            return self

        __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _absorb

        def __neg__(self) -> Any:
            return self

        def __eq__(self, other: object) -> bool:
            return False  # as nan: not 0, so no term that holds it is skipped as zero

        def __ne__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

        def __repr__(self) -> str:
            return "Undefined"

    return Undefined()


def arith_for(ev: Evaluation) -> Arith:
    return exact_arith() if ev.exact else FLOAT


@cache
def partials(op: Op) -> tuple[Node, ...]:
    """The partial templates Taylor mode propagates: the op's ``series`` form when it has
    one (numerically kinder at high orders), else the ones a student reads."""
    return tuple(rules.template(t) for t in op.series) if op.series else rules.derivs(op)


def _is_zero_series(s: Series) -> bool:
    return all(c == 0 for c in s)


class Propagator:
    """Taylor series of ops and templates, remembered: a partial's series is asked for again
    at every order, and again inside other partials."""

    def __init__(self, arith: Arith) -> None:
        self.arith = arith
        self._memo: dict[tuple, Series] = {}
        self.work = 0  # multiply-adds done, an op's value counting VALUE_WORK

    def forget(self) -> None:
        """Drop what is remembered (a sweep does so after each row: rows rarely share)."""
        self._memo.clear()

    def op(self, op: Op, args: Sequence[Series], order: int) -> Series:
        """Coefficients 0…order of op(args(t))."""
        args = tuple(tuple(a[:order + 1]) for a in args)
        key = (op, args, order)
        found = self._memo.get(key)
        if found is not None:
            return found
        ar = self.arith
        self.work += VALUE_WORK
        y: list[Any] = [ar.value(op, [a[0] for a in args])]
        if not ar.finite(y[0]):
            raise ArithmeticError(op.name)
        for k in range(1, order + 1):
            env = {rules.SLOTS[i]: a for i, a in enumerate(args)} | {"y": tuple(y)}
            total = ar.zero
            for i, a in enumerate(args):
                if all(c == 0 for c in a[1:k + 1]):
                    continue  # a constant (along the line) contributes nothing
                d = self.template(partials(op)[i], env, k - 1)
                self.work += k
                for j in range(1, k + 1):
                    if a[j] != 0 and d[k - j] != 0:
                        total = total + j * a[j] * d[k - j]
            y.append(total * ar.reciprocal(k))
        result = tuple(y)
        self._memo[key] = result
        return result

    def template(self, node: Node, env: dict[str, Series], order: int) -> Series:
        """Coefficients 0…order of a template tree along the curve. A product with a zero
        series is zero, its other factor unevaluated (rules.evaluate_template)."""
        zeros = (self.arith.zero,) * order
        return rules.evaluate_template(
            node, {name: s[:order + 1] for name, s in env.items()},
            lambda op, args: self.op(op, args, order),
            lambda n: (self.arith.number(n), *zeros), _is_zero_series)


# --- what a sweep will cost, before it runs -----------------------------------------------------

VALUE_WORK = 10  # an op's value, with the bookkeeping around it, costs about 10 multiply-adds
SAMPLES = (0.3, 0.7, 1.7, 2.5, -0.6)  # points to try a row on, to count its work


@cache
def row_work(op: Op, order: int, constant: tuple[bool, ...]) -> int:
    """The work of one row's series to ``order``, in multiply-adds: the propagation is run
    once on a sample point (the first of SAMPLES where the op is defined) and counts what it
    does. Which arguments are constant along the line matters (``constant``); the values do
    little."""
    for p in SAMPLES:
        args = [(p + k,) + (0.0,) * order if c else (p + k, 1.0) + (0.5,) * (order - 1)
                for k, c in enumerate(constant)]
        prop = Propagator(FLOAT)
        try:
            prop.op(op, args, order)
        except (ArithmeticError, ValueError, ZeroDivisionError, OverflowError):
            continue
        return prop.work
    return 0  # defined nowhere we looked: it will fail at once on the first row


def sweep_work(trace: Any, order: int) -> int:
    """The work of a Taylor sweep to ``order`` over the whole trace (see ``row_work``)."""
    return _work(_row_kinds(trace), order)


def _row_kinds(trace: Any) -> Counter[tuple[Op, tuple[bool, ...]]]:
    """How many rows of each kind (op, which arguments are constant) the trace has: the work
    at every order follows from these, counted once (a 4·10⁵-row loop's refusal of --order 12
    walked the trace twelve times, about 1.5 s)."""
    return Counter((eq.op, tuple(type(a) is Const for a in eq.args)) for eq in trace.equations)


def _work(kinds: Counter[tuple[Op, tuple[bool, ...]]], order: int) -> int:
    return sum(n * row_work(op, order, constant) for (op, constant), n in kinds.items())


def line(ev: Evaluation, direction: dict[str, Any], order: int, ar: Arith | None = None,
         after_row: Callable[[int, Series], None] | None = None) -> list[Series]:
    """Every row's Taylor coefficients 0…order as the inputs move along ``direction``: in the
    evaluation's numbers, or, given ``ar``, in its (``lowered`` brings them back).
    ``after_row(i, series)`` sees each row's as it is made (to stop early: it may raise)."""
    if ar is None:
        ar = arith_for(ev)
        lifted = {name: ar.lift(v) for name, v in direction.items()}
        return list(lowered(ar, line(ev, lifted, order, ar, after_row)))
    trace = ev.trace
    prop = Propagator(ar)
    out: list[Series] = [
        (ar.lift(value), direction.get(name, ar.zero)) + (ar.zero,) * (order - 1)
        for name, value in zip(trace.inputs, ev.values, strict=False)
    ]
    off = trace.n - 1
    undefined: dict[int, DomainError] = {}  # rows without derivatives here, by position
    unslope: set[int] = set()  # rows undefined through an undefined slope (warned of)
    for i, eq in enumerate(trace.equations, start=1):
        args = [(ar.constant(a),) + (ar.zero,) * order if type(a) is Const else out[a + off]
                for a in eq.args]
        series = _row_series(prop, eq.op, args, order)
        failed = series if isinstance(series, Exception) else None
        if failed is not None or not all(ar.finite(c) for c in series):
            # as forward mode does: the row goes on (its coefficients undefined), and only an
            # output that depends on it through a nonzero factor is refused; where the cause
            # is an undefined slope, which the evaluation warned of (x^n at x < 0), the
            # derivatives through it are undefined (nan), as in forward and reverse mode
            cause = next((undefined[a + off] for a in eq.args
                          if type(a) is int and a + off in undefined), None)
            if cause is None and (undefined_slope(ev, i) or any(
                    type(a) is int and a + off in unslope for a in eq.args)):
                unslope.add(len(out))
            else:
                what = _what_failed(ev, i, failed, ar, args)
                undefined[len(out)] = cause or DomainError(
                    f"{row_rule(trace, i)}: its derivatives up to order {order} are {what} "
                    f"here{_EXACT if what[0] == 't' else ''}", trace.source,
                    trace.offset(eq.pos), row=i)
            series = (ar.lift(ev.values[len(out)]),) + (undefined_coefficient(ar),) * order
        out.append(series)
        if after_row is not None:
            after_row(i, series)
    for _, index in trace.outputs:
        if index + off in undefined:
            raise undefined[index + off]
    return out


_EXACT = " (--exact computes them)"


def _what_failed(ev: Evaluation, i: int, failed: Exception | None, ar: Arith,
                 args: Sequence[Series]) -> str:
    """Why row ``i``'s coefficients are missing: "too large for a float" (an overflow, as
    10³⁰⁰ · 10³⁰⁰ in the tangent of 10³⁰⁰ ln x at 10⁻³⁰⁰, or an exception ``beyond_floats``
    tells is one), "not defined", or "not finite" (an infinity from its arguments' own)."""
    if failed is not None:
        return "too large for a float" if beyond_floats(ev, i, failed) else "not defined"
    # in floats, finite arguments give an infinity or a nan without an exception only by
    # overflowing
    if not ev.exact and all(ar.finite(c) for a in args for c in a):
        return "too large for a float"
    return "not finite"


def undefined_coefficient(ar: Arith) -> Any:
    """A coefficient that does not exist, in ``ar``'s numbers (nan; its exact counterpart,
    which sums and products keep as floats keep nan, when exact)."""
    return math.nan if ar is FLOAT else _undefined_exact()


def undefined_slope(ev: Evaluation, i: int) -> bool:
    """Has row ``i`` a slope on a row argument that is undefined at the point (the
    evaluation warned of it: derivatives through it are undefined)?"""
    eq = ev.trace.equation(i)
    return any(type(a) is int and str(p) == "nan"  # float('nan') and sympy's nan alike
               for a, p in zip(eq.args, ev.partials[i - 1], strict=False))


def _row_series(prop: Any, op: Any, args: list[Series], order: int) -> Series | Exception:
    """A row's coefficients, or the error that says its op has none at this point."""
    try:
        series = prop.op(op, args, order)
        prop.forget()
    except (ArithmeticError, ValueError, ZeroDivisionError, OverflowError) as exc:
        return exc
    return series


def beyond_floats(ev: Evaluation, i: int, exc: Exception) -> bool:
    """Did row ``i``'s derivatives fail in floats only because they are too large (or a
    factor too small) for a float, not because they do not exist? An overflow, or a value
    not finite (a division by a zero that no argument is: a product that underflowed, as
    ln's −1/x² at x = 10⁻³⁰⁰, x² being 0 in floats), where the row's slopes are finite."""
    if ev.exact or isinstance(exc, ValueError):  # ValueError: outside the domain
        return False
    eq = ev.trace.equation(i)
    args = [ev.value(a) for a in eq.args if type(a) is int]
    finite = all(math.isfinite(float(p)) for p in ev.partials[i - 1])
    return finite and (isinstance(exc, OverflowError) or all(a != 0 for a in args))


def lowered(ar: Arith, series: Sequence[Series]) -> tuple[Series, ...]:
    """Series back in the evaluation's numbers (sympy's, when exact)."""
    if ar is FLOAT:
        return tuple(series)
    return tuple(tuple(ar.lower(c) for c in s) for s in series)


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
    from tracer.core.spelling import listing

    trace = ev.trace
    if not 1 <= order <= MAX_ORDER:
        raise UsageProblem(f"--order must be between 1 and {MAX_ORDER}, got {order}")
    trace.one_output("derivatives are of one output")
    if wrt is None:
        if trace.n != 1:
            raise NameProblem(f"this {trace.kind} has {trace.n:,} inputs "
                              f"({listing(trace.inputs)}); say which one to differentiate along "
                              "with --wrt (the others stay fixed)")
        wrt = trace.inputs[0]
    check_names([wrt], trace.inputs, "input", "--wrt", "derivatives go along one input")
    affordable(trace, order, ev.exact)
    ar = arith_for(ev)
    if not ev.exact:
        return TaylorRun(ev, wrt, order, tuple(line(ev, {wrt: ar.one}, order, ar)))
    from tracer.analysis.atoms import TooLarge, budget

    try:
        with budget(EXACT_PRODUCTS):
            series = line(ev, {wrt: ar.one}, order, ar, _Printable(ev, order))
    except TooLarge:
        raise LimitError(f"the exact Taylor coefficients of this formula grow too long on the "
                         f"way to order {order} (more than {EXACT_PRODUCTS:,} products of "
                         "terms): use a lower --order, or drop --exact") from None
    return TaylorRun(ev, wrt, order, lowered(ar, series))


def affordable(trace: Any, order: int, exact: bool) -> None:
    """Refuse, before it starts, a sweep to ``order`` over its budget of multiply-adds."""
    limit = EXACT_WORK if exact else FLOAT_WORK
    kinds = _row_kinds(trace)
    work = _work(kinds, order)
    if work <= limit:
        return
    lower = [k for k in range(order - 1, 0, -1) if _work(kinds, k) <= limit][:1]
    instead = f"use --order {lower[0]} or lower" if lower else "use a shorter formula"
    if exact:
        instead += ", or drop --exact (floats go further)"
    kind = " in exact arithmetic" if exact else ""
    raise LimitError(f"Taylor mode to order {order} over this trace would take about "
                     f"{work:,} multiply-adds{kind}, more than the {limit:,} tracer does in one "
                     f"command: {instead}")


class _Printable:
    """Stops an exact sweep as soon as its coefficients hold more terms than print in a few
    seconds (a term costs about a millisecond to write out): the size of exact values is not
    known before they are made, but it is counted as they are, row by row."""

    def __init__(self, ev: Evaluation, order: int) -> None:
        self.ev = ev
        self.by_order = [0] * (order + 1)

    def __call__(self, i: int, series: Series) -> None:
        from tracer.analysis.atoms import size

        for k, c in enumerate(series):
            self.by_order[k] += size(c)
        if sum(self.by_order) <= EXACT_TERMS:
            return
        raise LimitError(
            f"up to order {len(self.by_order) - 1}, this formula's exact Taylor coefficients "
            f"pass {EXACT_TERMS:,} terms by row {row_rule(self.ev.trace, i).split(' =')[0]}, "
            "more than tracer prints: use a lower --order, or drop --exact")
