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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from tracer import pipeline
from tracer.analysis.exact import exact, program_expressions, too_deep
from tracer.core.evaluate import Evaluation, evaluate
from tracer.core.parse import Program
from tracer.errors import NameProblem, TracerError

STEPS = tuple(10.0 ** -k for k in range(1, 13))
TOLERANCE = 1e-9  # relative agreement asked of autodiff and the symbolic value
SYMBOLIC_LIMIT = 20_000  # largest substituted formula (in tree nodes) sympy is asked to handle
SIMPLIFY_LIMIT = 40  # sympy's full simplify above this size can take minutes; see simplified()


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
    formula: sp.Expr  # the symbolic derivative, as sympy's differentiation leaves it
    symbolic: float
    operations: int  # of the formula
    simplified_operations: int  # after simplified()
    differences: tuple[Difference, ...]

    def best(self, method: str) -> float | None:
        """The step with the smallest error for "forward" or "central" differences."""
        errors = [(getattr(d, f"{method}_error"), d.h) for d in self.differences
                  if getattr(d, f"{method}_error") is not None]
        return min(errors)[1] if errors else None

    @property
    def agrees(self) -> bool:
        scale = max(1.0, abs(self.symbolic))
        return (abs(self.forward - self.reverse) <= TOLERANCE * scale
                and abs(self.reverse - self.symbolic) <= TOLERANCE * scale)


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
                 f"{c.forward:.12g}), symbolic {c.symbolic:.12g}" for c in bad]
        note = " (at a non-differentiable point the conventions differ)" if self.ev.warnings \
            else ""
        return "autodiff and the symbolic derivative disagree: " + "; ".join(parts) + note


def check(program: Program, ev: Evaluation) -> CheckRun:
    """Compare autodiff, the symbolic derivative and finite differences for each input."""
    trace = ev.trace
    if len(trace.outputs) != 1:
        raise NameProblem("check one output at a time; choose it with --output")
    output, index = trace.outputs[0]
    too_deep(trace, "symbolic differentiation")
    size = substituted_size(program, output)
    if size > SYMBOLIC_LIMIT:
        raise TracerError(
            f"written out as one formula, {output} would have about {size:,} operations: "
            "expression swell makes it too large to differentiate symbolically (which is "
            "the point of autodiff; compare tracer swell)")
    expressions = program_expressions(program)
    key = output if output in expressions else "\0"
    expr = expressions[key]
    symbols = {s.name: s for s in expr.free_symbols}
    point = {x: exact(v) for x, v in zip(trace.inputs, _point(ev), strict=True)}
    subs = {symbols[x]: point[x] for x in trace.inputs if x in symbols}
    forward = pipeline.run_forward(ev).jacobian[output]  # type: ignore[index]
    reverse = pipeline.run_reverse(ev).passes[0].result
    base = float(ev.values[trace.position(index)])
    checks = []
    for x in trace.inputs:
        formula = sp.diff(expr, symbols[x]) if x in symbols else sp.Integer(0)
        try:
            value = complex(formula.evalf(30, subs=subs))
        except (TypeError, ValueError):  # a DiracDelta at a kink of sign or step, say
            value = complex(math.nan)
        if value.imag or not math.isfinite(value.real):
            raise TracerError(f"the symbolic derivative ∂{output}/∂{x} is not a finite real "
                              f"number at this point ({formula.subs(subs)})")
        ops_before = sp.count_ops(formula)
        ops_after = sp.count_ops(simplified(formula))
        checks.append(InputCheck(
            x, float(forward[x]), float(reverse[x]), formula, value.real, ops_before,
            ops_after, _differences(ev, x, base, value.real)))
    return CheckRun(ev, output, tuple(checks))


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


def simplified(formula: sp.Expr) -> sp.Expr:
    """The formula simplified: by sympy's simplify when small; when large, the shortest of a
    few cheap rewrites (simplify alone took 5 s a derivative on the lecture's network)."""
    if sp.count_ops(formula) <= SIMPLIFY_LIMIT:
        return sp.simplify(formula)
    candidates = [formula, sp.factor_terms(formula), sp.together(formula), sp.powsimp(formula)]
    return min(candidates, key=sp.count_ops)


def _point(ev: Evaluation) -> list[Any]:
    return list(ev.values[:ev.trace.n])


def _differences(ev: Evaluation, x: str, base: float, symbolic: float) -> tuple[Difference, ...]:
    trace = ev.trace
    point = {name: float(v) for name, v in zip(trace.inputs, _point(ev), strict=True)}
    index = trace.outputs[0][1]
    out = []
    for h in STEPS:
        up = _at(trace, {**point, x: point[x] + h}, index)
        down = _at(trace, {**point, x: point[x] - h}, index)
        fwd = (up - base) / h if up is not None else None
        cen = (up - down) / (2 * h) if up is not None and down is not None else None
        out.append(Difference(
            h, fwd, cen,
            abs(fwd - symbolic) if fwd is not None else None,
            abs(cen - symbolic) if cen is not None else None))
    return tuple(out)


def differences(ev: Evaluation, x: str, steps: Sequence[float],
                symbolic: float) -> tuple[Difference, ...]:
    """Forward and central differences of the output along ``x`` at each of ``steps``, with
    their errors against ``symbolic`` (the error-versus-h plot asks for finer steps)."""
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
    simplified: int


def sizes(run: CheckRun) -> Size:
    biggest = max(run.inputs, key=lambda c: c.operations)
    return Size(run.ev.trace.last, run.ev.trace.operations, biggest.operations,
                biggest.simplified_operations)
