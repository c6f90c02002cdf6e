"""The primal sweep: values of every row at a point, and each row's local partials.

Both derivative modes need the same local partials ∂v_i/∂v_j, so they are computed here once,
in the sweep that has the arguments at hand. A row whose op is undefined at the point stops the
sweep with a DomainError naming the row (``v_2 = ln(v_{-1}): log needs a positive argument, got
-3``); a row at a point where its op is not differentiable gets a warning naming the convention.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracer.core.nodes import Call, Node, Sym
from tracer.core.printer import PLAIN, render
from tracer.core.wengert import Const, Trace
from tracer.errors import DomainError, NameProblem


@dataclass(frozen=True)
class RowWarning:
    """A row evaluated at a point where its op is not differentiable, or its slope infinite.

    Structured, so that every writer prints it in its own flavor (``v₁ = |v₀|`` on the
    terminal, LaTeX in Markdown): ``rule`` is the row's primal rule as trees (``v_1``,
    ``|v_0|``), ``note`` what is wrong there, words with expression trees among them.
    ``message`` is all of it in plain text, as JSON gives it.
    """

    row: int
    rule: tuple[Node, Node] | tuple[()]  # () for a warning about a decision, not a row
    note: tuple[str | Node, ...]
    overflow: bool = False  # a finite slope too large for a float (exact arithmetic has it)

    @property
    def message(self) -> str:
        note = "".join(p if isinstance(p, str) else render(p, PLAIN) for p in self.note)
        if not self.rule:
            return note
        return f"{render(self.rule[0], PLAIN)} = {render(self.rule[1], PLAIN)}: {note}"


@dataclass(frozen=True)
class Evaluation:
    """A trace evaluated at a point.

    ``values`` holds one value per row position (inputs first); ``partials[i - 1]`` the local
    partials of row i, one per argument slot (constant slots included, unused).
    """

    trace: Trace
    values: tuple[Any, ...]
    partials: tuple[tuple[Any, ...], ...]
    warnings: tuple[RowWarning, ...] = ()
    exact: bool = False

    def value(self, index: int) -> Any:
        return self.values[self.trace.position(index)]

    @property
    def point(self) -> dict[str, Any]:
        return dict(zip(self.trace.inputs, self.values, strict=False))

    @property
    def outputs(self) -> dict[str, Any]:
        return {name: self.value(i) for name, i in self.trace.outputs}


def check_point(trace: Trace, point: Mapping[str, Any]) -> list[Any]:
    """The input values in row order; a clear error for a missing or unknown name."""
    from tracer.core.spelling import LISTED, hint, listing, not_an_input

    known = set(trace.inputs)  # 10^5 inputs (an array's elements): no scan per name
    kind = trace.kind
    for name in point:
        if name not in known:
            raise NameProblem(not_an_input(name, trace.inputs, kind))
    missing = [name for name in trace.inputs if name not in point]
    if missing:
        inputs = listing(trace.inputs)
        names = listing(missing)
        example = listing([f"{m}=…" for m in missing], ",")
        # a hint for the names the message shows (each hint reads every given name)
        found = next(filter(None, (hint(m, point, f"in the {kind}", "given")
                                   for m in missing[:LISTED])), "")
        raise NameProblem(
            f"no value for {names}; the {kind}'s inputs are {inputs} (give them with "
            f"--at {example})" + (f"; {found}" if found else ""))
    return [point[name] for name in trace.inputs]


def _unused(trace: Trace, row: int) -> str:
    """What to add when no output uses the undefined row: NumPy's where computes both of its
    values (np.where(x > 0, np.log(x), 0) at x < 0), so the one not taken may be undefined."""
    if not trace.outputs:  # a decision's values, before the outputs are known (interpret)
        return ""
    if trace.needed(i for _, i in trace.outputs)[trace.position(row)]:
        return ""
    if any(c.kind == "where" for c in trace.controls):
        return ("; no output uses this value, but np.where computes both of its values, as "
                "NumPy does: keep the argument in the domain, np.log(np.where(x > 0, x, 1))")
    return "; no output uses this value, but the program computes it: leave it out"


_INVERTING = re.compile(r"(?:inv|inverse|solve)\s*\(")


def _singular(trace: Trace, pos: int) -> str:
    """What to add when the undefined row is a matrix inverse's division (np.linalg.inv,
    solve: the adjugate over the determinant): the matrix is singular at this point."""
    if _INVERTING.match(trace.source, trace.offset(pos)) is None:
        return ""
    return ("; the matrix is singular here (its determinant is 0), as NumPy's LinAlgError "
            "says")


def row_rule(trace: Trace, index: int) -> str:
    """``v_2 = ln(v_{-1})``: a row's primal rule in plain text, for messages."""
    lhs, rhs = rule_nodes(trace, index)
    return f"{render(lhs, PLAIN)} = {render(rhs, PLAIN)}"


def rule_nodes(trace: Trace, index: int) -> tuple[Node, Node]:
    """A row's primal rule as trees: ``v_2`` and ``ln(v_{-1})``."""
    eq = trace.equation(index)
    args = tuple(Sym("", a) if type(a) is int else a.expr for a in eq.args)
    return Sym("", index), Call(eq.op, args)


def evaluate(trace: Trace, point: Mapping[str, float]) -> Evaluation:
    """Run the primal sweep in floating point."""
    values: list[Any] = [float(v) for v in check_point(trace, point)]
    partials: list[tuple[float, ...]] = []
    warnings: list[RowWarning] = []
    off = trace.n - 1
    isfinite = math.isfinite
    append_value, append_partials = values.append, partials.append
    for i, eq in enumerate(trace.equations, start=1):
        op, operands, _ = eq
        # Arguments: one and two operands spelled out, the hot path of a large trace.
        if len(operands) == 2:
            a, b = operands
            args = (a.value if type(a) is Const else values[a + off],  # type: ignore[union-attr,operator]
                    b.value if type(b) is Const else values[b + off])  # type: ignore[union-attr,operator]
        elif len(operands) == 1:
            (a,) = operands
            args = (a.value if type(a) is Const else values[a + off],)  # type: ignore[union-attr,operator]
        else:
            args = tuple(x.value if type(x) is Const else values[x + off]  # type: ignore[union-attr,operator]
                         for x in operands)
        try:
            y = op.value(*args)
        except OverflowError:
            y = math.inf
        except (ValueError, ZeroDivisionError):
            y = math.nan
        if not isfinite(y):
            reason = (op.domain(*args) if op.domain else None) or _generic(op.name, y)
            raise DomainError(f"{row_rule(trace, i)}: {reason}{_singular(trace, eq.pos)}"
                              f"{_unused(trace, i)}",
                              trace.source, trace.offset(eq.pos), row=i, overflow=y == y)
        append_value(y)
        try:
            p = op.partials(*args, y)
        except OverflowError:
            p = (math.inf,) * len(args)
        except (ValueError, ZeroDivisionError):
            p = (math.nan,) * len(args)
        append_partials(p)
        if not all(map(isfinite, p)):
            _check_slopes(trace, i, p, args, warnings)
        if op.kink is not None:
            note = op.kink(*args)
            if note:
                warnings.append(RowWarning(i, rule_nodes(trace, i), (note,)))
    return Evaluation(trace, tuple(values), tuple(partials), tuple(warnings))


def _check_slopes(trace: Trace, index: int, p: tuple[float, ...], args: tuple[float, ...],
                  warnings: list[RowWarning]) -> None:
    """A slope on a row argument that is infinite or undefined is a warning: derivatives along
    paths through it are infinite or undefined (``tracer.core.chain``), the others are what
    they are (x^n at x = -2: ∂/∂x = 12, ∂/∂n undefined, as ln(-2) is).

    An elementary function's slope is infinite only where its argument is 0 (√a, a^0.5) or
    ±1 (asin, acos, acosh); an infinite slope anywhere else is a finite one too large for a
    float (1/a at a = 1e-320), and is said so.

    (A constant argument's slope is never used, so it may be anything.)"""
    eq = trace.equation(index)
    for k, a in enumerate(eq.args):
        if type(a) is int and not math.isfinite(p[k]):
            overflow = p[k] == p[k] and args[k] not in (0.0, 1.0, -1.0)
            warnings.append(RowWarning(index, rule_nodes(trace, index),
                                       slope_note(trace, index, k, p[k], overflow), overflow))


def slope_note(trace: Trace, index: int, slot: int, p: float,
               overflow: bool = False) -> tuple[str | Node, ...]:
    """What is wrong with a local partial that is infinite (a warning) or undefined (an error),
    or finite and too large for a float (``overflow``): words, with the argument's row and the
    partial's rule as trees."""
    from tracer.core.rules import partial_rule

    arg = trace.equation(index).args[slot]
    wrt: str | Node = Sym("", arg) if type(arg) is int else "a constant"
    d = partial_rule(trace, index, slot)
    if p != p:
        return ("its derivative with respect to ", wrt, ", ", d, ", is undefined here, so "
                "derivatives through it are undefined")
    if overflow:
        return ("its slope with respect to ", wrt, ", ", d, ", is finite here but too large for "
                "a float (over about 1.8e308), so derivatives through this row are infinite or "
                "undefined in floats (exact arithmetic, --exact, computes them)")
    return ("its slope with respect to ", wrt, ", ", d, ", is infinite here, so derivatives "
            "through this row are infinite or undefined")


def slope_problem(trace: Trace, index: int, slot: int, p: float) -> str:
    """The message for a local partial that is infinite (a warning) or undefined (an error)."""
    return RowWarning(index, rule_nodes(trace, index), slope_note(trace, index, slot, p)).message


def _generic(name: str, y: float) -> str:
    if y != y:
        return f"{name} is undefined here (the result is not a number)"
    return f"{name} overflows: the result is too large for a float"
