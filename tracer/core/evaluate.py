"""The primal sweep: values of every row at a point, and each row's local partials.

Both derivative modes need the same local partials ∂v_i/∂v_j, so they are computed here once,
in the sweep that has the arguments at hand. A row whose op is undefined at the point stops the
sweep with a DomainError naming the row (``v_2 = ln(v_{-1}): log needs a positive argument, got
-3``); a row at a point where its op is not differentiable gets a warning naming the convention.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracer.core.nodes import Call, Sym
from tracer.core.printer import PLAIN, render
from tracer.core.wengert import Const, Trace
from tracer.errors import DomainError, NameProblem


@dataclass(frozen=True)
class Evaluation:
    """A trace evaluated at a point.

    ``values`` holds one value per row position (inputs first); ``partials[i - 1]`` the local
    partials of row i, one per argument slot (constant slots included, unused).
    """

    trace: Trace
    values: tuple[Any, ...]
    partials: tuple[tuple[Any, ...], ...]
    warnings: tuple[tuple[int, str], ...] = ()
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
    inputs = ", ".join(trace.inputs) or "none"
    for name in point:
        if name not in trace.inputs:
            raise NameProblem(f"{name} is not an input of the formula; its inputs are {inputs}")
    missing = [name for name in trace.inputs if name not in point]
    if missing:
        listing = ", ".join(missing)
        example = ",".join(f"{m}=…" for m in missing)
        raise NameProblem(
            f"no value for {listing}; the formula's inputs are {inputs} (give them with "
            f"--at {example})")
    return [point[name] for name in trace.inputs]


def row_rule(trace: Trace, index: int) -> str:
    """``v_2 = ln(v_{-1})``: a row's primal rule in plain text, for messages."""
    eq = trace.equation(index)
    args = tuple(Sym("", a) if type(a) is int else a.expr for a in eq.args)
    return f"{render(Sym('', index), PLAIN)} = {render(Call(eq.op, args), PLAIN)}"


def evaluate(trace: Trace, point: Mapping[str, float]) -> Evaluation:
    """Run the primal sweep in floating point."""
    values: list[Any] = [float(v) for v in check_point(trace, point)]
    partials: list[tuple[float, ...]] = []
    warnings: list[tuple[int, str]] = []
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
            raise DomainError(f"{row_rule(trace, i)}: {reason}", trace.source,
                              trace.offset(eq.pos), row=i)
        append_value(y)
        try:
            p = op.partials(*args, y)
        except OverflowError:
            p = (math.inf,) * len(args)
        except (ValueError, ZeroDivisionError):
            p = (math.nan,) * len(args)
        append_partials(p)
        if not all(map(isfinite, p)):
            _check_slopes(trace, i, p, warnings)
        if op.kink is not None:
            note = op.kink(*args)
            if note:
                warnings.append((i, f"{row_rule(trace, i)}: {note}"))
    return Evaluation(trace, tuple(values), tuple(partials), tuple(warnings))


def _check_slopes(trace: Trace, index: int, p: tuple[float, ...],
                  warnings: list[tuple[int, str]]) -> None:
    """An undefined slope on a row argument is an error; an infinite one a warning.

    (A constant argument's slope is never used, so it may be anything.)"""
    eq = trace.equation(index)
    for k, a in enumerate(eq.args):
        if type(a) is int and not math.isfinite(p[k]):
            note = slope_problem(trace, index, k, p[k])
            if p[k] != p[k]:
                raise DomainError(note, trace.source, trace.offset(eq.pos), row=index)
            warnings.append((index, note))


def slope_problem(trace: Trace, index: int, slot: int, p: float) -> str:
    """The message for a local partial that is infinite (a warning) or undefined (an error)."""
    from tracer.core.rules import partial_rule

    arg = trace.equation(index).args[slot]
    wrt = render(Sym("", arg), PLAIN) if type(arg) is int else "a constant"
    d = render(partial_rule(trace, index, slot), PLAIN)
    if p != p:
        return (f"{row_rule(trace, index)}: its derivative with respect to {wrt}, {d}, "
                "is undefined here")
    return (f"{row_rule(trace, index)}: its slope with respect to {wrt}, {d}, is infinite "
            "here, so derivatives through this row are infinite or undefined")


def _generic(name: str, y: float) -> str:
    if y != y:
        return f"{name} is undefined here (the result is not a number)"
    return f"{name} overflows: the result is too large for a float"
