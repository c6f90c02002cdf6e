"""``tracer check``: autodiff against the symbolic derivative and against finite differences.

For every input it sets side by side: the derivative by forward and by reverse mode (which must
agree), sympy's symbolic derivative as a formula and its value, and forward and central
differences for h = 10⁻¹ … 10⁻¹², each with its error against the symbolic value. The errors
first fall as h shrinks (truncation: O(h) forward, O(h²) central) and then rise again
(round-off: f(x + h) − f(x) cancels the digits that carry the answer), which is the lecture's
case against finite differences. It also compares the size of the symbolic derivative with the
size of the trace. The symbolic side is built from tracer's own parse tree through the op
table's sympy counterparts; user text never reaches sympify.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sympy as sp

from tracer import pipeline
from tracer.analysis import dag
from tracer.analysis.exact import exact, program_expressions, too_deep, trace_expression
from tracer.core.evaluate import Evaluation, evaluate
from tracer.core.parse import Program
from tracer.core.wengert import Const, Trace
from tracer.errors import LimitError, NameProblem, TracerError

STEPS = tuple(10.0 ** -k for k in range(1, 13))
TOLERANCE = 1e-9  # relative agreement asked of autodiff and the symbolic value

# Budgets, measured on a 2-core machine (benchmarks/limits_symbolic.py) to keep a check under
# about 10 s. The symbolic side is built, differentiated, counted and evaluated once per
# distinct subexpression (tracer.analysis.dag); what grows with the written-out size is its
# text (a formula's sympy spelling in JSON) and its simplification.
SYMBOLIC_LIMIT = 20_000  # largest substituted formula (in tree nodes) written out
SYMBOLIC_WORK = 200_000  # inputs × substituted size: each input's derivative is written out
DIFFERENCE_WORK = 8_000_000  # inputs × 24 evaluations × their work, about 0.45 µs a unit:
INPUT_WORK = 5  # an evaluation's work is its operations and 5 per input (checking the point)
DIGITS = 50  # the symbolic value is computed to this many digits
SIMPLIFY_LIMIT = 40  # sympy's full simplify above this size can take minutes; see simplified()
REWRITE_LIMIT = 400  # above this, not even the cheap rewrites: the count is as differentiated
LIMIT_SIZE = 60  # a formula undefined at the point has its limit taken only when this small
WRITTEN = 100_000  # operations of the derivatives kept to be written out (about 30 µs each)


@dataclass(frozen=True)
class Difference:
    h: float
    forward: float | None  # (f(x + h) - f(x)) / h
    central: float | None  # (f(x + h) - f(x - h)) / 2h
    forward_error: float | None
    central_error: float | None


@dataclass(frozen=True)
class InputCheck:
    name: str
    forward: float
    reverse: float
    formula: sp.Expr | None  # the symbolic derivative as sympy's differentiation leaves it;
    # None when it is too long to write out (over WRITTEN operations, with those before it)
    symbolic: float | None  # its value here (its limit, see note); None where undefined
    operations: int  # of the formula
    simplified_operations: int | None  # after simplified(); None when too large to try
    differences: tuple[Difference, ...]
    note: str | None = None  # why the symbolic value is a limit, or is missing

    def best(self, method: str) -> float | None:
        """The step with the smallest error for "forward" or "central" differences."""
        errors = [(getattr(d, f"{method}_error"), d.h) for d in self.differences
                  if getattr(d, f"{method}_error") is not None]
        return min(errors)[1] if errors else None

    @property
    def reference(self) -> float:
        """What the differences are measured against: the symbolic value, or where sympy's
        formula has none, autodiff's (reverse mode)."""
        return self.reverse if self.symbolic is None else self.symbolic

    @property
    def agrees(self) -> bool:
        """Forward and reverse mode agree, and with the symbolic value where it has one."""
        reference = self.reference
        scale = max(1.0, abs(reference))
        return (abs(self.forward - self.reverse) <= TOLERANCE * scale
                and abs(self.reverse - reference) <= TOLERANCE * scale)


@dataclass(frozen=True)
class CheckRun:
    ev: Evaluation
    output: str
    inputs: tuple[InputCheck, ...]

    @property
    def agrees(self) -> bool:
        return all(c.agrees for c in self.inputs)

    def disagreement(self) -> str:
        """One line naming the inputs where autodiff and the symbolic value differ."""
        bad = [c for c in self.inputs if not c.agrees]
        parts = [f"∂{self.output}/∂{c.name}: autodiff {c.reverse:.12g} (forward "
                 f"{c.forward:.12g})" + (f", symbolic {c.symbolic:.12g}"
                                         if c.symbolic is not None else "") for c in bad]
        note = " (at a non-differentiable point the conventions differ)" if self.ev.warnings \
            else ""
        return "autodiff and the symbolic derivative disagree: " + "; ".join(parts) + note


def check(program: Program, ev: Evaluation) -> CheckRun:
    """Compare autodiff, the symbolic derivative and finite differences for each input."""
    trace = ev.trace
    if len(trace.outputs) != 1:
        raise NameProblem("check one output at a time; choose it with --output")
    output = trace.outputs[0][0]
    too_deep(trace, "symbolic differentiation")
    affordable(program, trace, output)
    if own_formula(program):
        expressions = program_expressions(program)
        expr = expressions[output if output in expressions else "\0"]
    else:  # the path the program took, as its trace holds it
        expr = trace_expression(trace, trace.outputs[0][1])
    symbols = {s.name: s for s in expr.free_symbols}
    point = {x: exact(v) for x, v in zip(trace.inputs, _point(ev), strict=True)}
    subs = {symbols[x]: point[x] for x in trace.inputs if x in symbols}
    forward = pipeline.run_forward(ev).jacobian[output]  # type: ignore[index]
    reverse = pipeline.run_reverse(ev).passes[0].result
    checks = []
    written = 0
    leaves = {symbol: sp.Float(v, DIGITS) for symbol, v in subs.items()}
    for x in trace.inputs:
        formula = dag.derivative(expr, symbols[x]) if x in symbols else sp.Integer(0)
        ops = dag.operations(formula)
        value, note = symbolic_value(formula, ops, leaves, symbols.get(x), f"∂{output}/∂{x}")
        written += ops
        checks.append(InputCheck(
            x, float(forward[x]), float(reverse[x]), formula if written <= WRITTEN else None,
            value, ops, None,
            differences(ev, x, STEPS, float(reverse[x]) if value is None else value), note))
    return CheckRun(ev, output, tuple(_simplify_largest(checks)))


def _simplify_largest(checks: list[InputCheck]) -> list[InputCheck]:
    """The largest derivative simplified, for the table of sizes (the others are not shown
    simplified: that would cost seconds per input on a wide program)."""
    if not checks:
        return checks
    i = max(range(len(checks)), key=lambda k: checks[k].operations)
    c = checks[i]
    simple = simplified(c.formula, c.operations) if c.formula is not None else None
    if simple is not None:
        checks[i] = replace(c, simplified_operations=dag.operations(simple))
    return checks


def affordable(program: Program, trace: Trace, output: str) -> None:
    """Refuse, before any of it is done, a check over its budgets (see above)."""
    size = substituted_size(program, output) if own_formula(program) else \
        trace_size(trace, trace.outputs[0][1])
    if size > SYMBOLIC_LIMIT:
        raise LimitError(
            f"written out as one formula, {output} would have about {size:,} operations (tracer "
            f"differentiates at most {SYMBOLIC_LIMIT:,} symbolically): expression swell makes "
            "it too large, which is the point of autodiff; see it grow with tracer swell, and "
            "check autodiff on a shorter program")
    inputs = trace.n
    if inputs * size > SYMBOLIC_WORK:
        raise LimitError(
            f"{inputs:,} inputs, each with a symbolic derivative of a formula of about "
            f"{size:,} operations, is more than tracer writes out in one command (at most "
            f"{SYMBOLIC_WORK:,} in all): check a smaller program, or compare forward and "
            "reverse mode with tracer jacobian")
    per = trace.operations + INPUT_WORK * inputs
    work = inputs * 2 * len(STEPS) * per
    if work > DIFFERENCE_WORK:
        raise LimitError(
            f"finite differences for {inputs:,} inputs take {2 * len(STEPS)} evaluations of the "
            f"trace each ({work:,} units of work in all, more than the {DIFFERENCE_WORK:,} "
            "tracer does in one command): check a smaller program, or compare forward and "
            "reverse mode with tracer jacobian")


def symbolic_value(formula: sp.Expr, ops: int, leaves: dict[sp.Symbol, sp.Float],
                   x: sp.Symbol | None, name: str) -> tuple[float | None, str | None]:
    """The symbolic derivative's value at the point, and a note when it is not simply that:
    where sympy's formula is undefined (0·ln 0 in ∂(0^p)/∂p), its limit if it has one, else
    None. A Dirac delta (the derivative of sign or step at its jump) is an error."""
    value = dag.numeric(formula, leaves)
    subs = {s: sp.Rational(v) for s, v in leaves.items()} if ops <= LIMIT_SIZE else {}
    if value.is_Number and value.is_real and value.is_finite:
        return float(value), None
    if value.has(sp.DiracDelta):
        raise TracerError(
            f"the symbolic derivative {name} is not a finite real number at this point "
            f"({_shown(formula, ops, subs)}): it is a Dirac delta at the jump of a step or sign, "
            "where autodiff uses the slope 0 (see the warning); check another point")
    if x is not None and ops <= LIMIT_SIZE:
        limit = _limit(formula, subs, x)
        if limit is not None:
            return float(limit), (
                f"sympy's formula for {name} is undefined at this point "
                f"({_shown(formula, ops, subs)}); its limit there, {limit}, is shown")
    return None, (f"sympy's formula for {name} is undefined at this point "
                  f"({_shown(formula, ops, subs)}); autodiff's value follows tracer's convention "
                  "there: a product with a zero factor is zero (∂(0^p)/∂p = 0^p ln 0 = 0 and "
                  "∂(x^0)/∂x = 0 at 0, as autograd does), so it is compared with finite "
                  "differences only")


def _limit(formula: sp.Expr, subs: dict[sp.Symbol, sp.Expr], x: sp.Symbol) -> sp.Expr | None:
    """The two-sided limit as ``x`` approaches its value, the other inputs held at theirs."""
    others = {s: v for s, v in subs.items() if s != x}
    try:
        limit = sp.limit(formula.xreplace(others), x, subs[x], dir="+-")
    except (ValueError, NotImplementedError, TypeError, ArithmeticError):
        return None
    return limit if limit.is_real and limit.is_finite and limit.is_number else None


def _shown(formula: sp.Expr, ops: int, subs: dict[sp.Symbol, sp.Expr]) -> str:
    """The formula at the point as sympy leaves it (nan, 2*DiracDelta(0)), when short."""
    if ops > LIMIT_SIZE:
        return "a long formula"
    return str(formula.subs(subs))


def own_formula(program: Program) -> bool:
    """Is the program its own formula: scalar assignments, each run once (no loop, branch,
    call of its own, array, augmented or element assignment)?"""
    return program.straight and all(st.scalar and st.op is None and st.index is None
                                    for st in program.statements)


def trace_size(trace: Trace, index: int) -> int:
    """``substituted_size`` of the path a program took: the nodes of row ``index`` written out
    as one tree over the inputs (a row used twice counts twice)."""
    sizes = [1] * trace.n
    off = trace.n - 1
    for eq in trace.equations[:max(index, 0)]:
        sizes.append(1 + sum(1 if type(a) is Const else sizes[a + off] for a in eq.args))
    return sizes[index + off]


def substituted_size(program: Program, output: str) -> int:
    """How many nodes ``output`` has once every assigned name is replaced by its formula,
    counted on tracer's own tree without building it (a name used twice counts twice)."""
    from tracer.core.nodes import Name

    size: dict[str, int] = {}
    last = 0
    for st in program.statements:
        total = 0
        for node in st.rpn:
            total += size.get(node.name, 1) if isinstance(node, Name) else 1
        last = total
        if st.target is not None:
            size[st.target] = total
    return size.get(output, last)


def simplified(formula: sp.Expr, operations: int) -> sp.Expr | None:
    """The formula simplified: by sympy's simplify when small; when larger, the shortest of a
    few cheap rewrites (simplify alone took 5 s a derivative on the lecture's network); None
    above REWRITE_LIMIT operations, where even those take seconds."""
    if operations <= SIMPLIFY_LIMIT:
        return sp.simplify(formula)
    if operations > REWRITE_LIMIT:
        return None
    candidates = [formula, sp.factor_terms(formula), sp.together(formula), sp.powsimp(formula)]
    return min(candidates, key=dag.operations)


def _point(ev: Evaluation) -> list[Any]:
    return list(ev.values[:ev.trace.n])


def differences(ev: Evaluation, x: str, steps: Sequence[float],
                symbolic: float) -> tuple[Difference, ...]:
    """Forward and central differences of the output along ``x`` at each of ``steps``, with
    their errors against ``symbolic`` (the error-versus-h plot asks for finer steps): the
    symbolic value, or autodiff's where sympy's formula has none (InputCheck.reference)."""
    trace = ev.trace
    point = {name: float(v) for name, v in zip(trace.inputs, _point(ev), strict=True)}
    index = trace.outputs[0][1]
    base = float(ev.values[trace.position(index)])
    out = []
    for h in steps:
        up = _at(trace, {**point, x: point[x] + h}, index)
        down = _at(trace, {**point, x: point[x] - h}, index)
        fwd = (up - base) / h if up is not None else None
        cen = (up - down) / (2 * h) if up is not None and down is not None else None
        out.append(Difference(h, fwd, cen, abs(fwd - symbolic) if fwd is not None else None,
                              abs(cen - symbolic) if cen is not None else None))
    return tuple(out)


def _at(trace: Any, point: dict[str, float], index: int) -> float | None:
    """The output at a nearby point, or None where the step leaves the domain."""
    try:
        ev = evaluate(trace, point)
    except TracerError:
        return None
    return ev.values[trace.position(index)]


@dataclass(frozen=True)
class Size:
    """How big each way of differentiating is."""

    trace_rows: int
    sweep_operations: int
    symbolic: int  # operations of the largest symbolic partial derivative
    simplified: int | None  # after simplification (None: too large to try)


def sizes(run: CheckRun) -> Size:
    biggest = max(run.inputs, key=lambda c: c.operations)
    return Size(run.ev.trace.last, run.ev.trace.operations, biggest.operations,
                biggest.simplified_operations)
