"""What ``check`` and ``swell`` found, as plain data the views show.

These are computed with sympy (``tracer.analysis.check``, ``tracer.analysis.swell``), but
nothing here imports it: a formula field holds a sympy expression when there is one, and this
module never builds one. So the views' registry names these types as it names every other run,
and loading it (as ``tracer forward`` does) leaves sympy unloaded.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from tracer.core.evaluate import Evaluation

TOLERANCE = 1e-9  # relative agreement asked of autodiff and the symbolic value
# What rounding alone can move a sum by, relative to the size of the terms it adds: about 450
# float epsilons (a sweep of hundreds of roundings), not TOLERANCE, which would let x/x at 1e-10
# (terms of size 2e10) pass an error of 20 as agreement.
ROUNDING = 1e-13


# --- check --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    h: float
    forward: float | None  # (f(x + h) - f(x)) / h
    central: float | None  # (f(x + h) - f(x - h)) / 2h
    forward_error: float | None
    central_error: float | None
    # why a difference is missing: "outside the domain" (a step left it), "overflows" (the
    # output at a step is too large for a float)
    forward_gap: str = ""
    central_gap: str = ""


@dataclass(frozen=True)
class InputCheck:
    name: str
    forward: float
    reverse: float
    formula: Any  # the symbolic derivative (a sympy expression) as sympy's differentiation
    # leaves it; None when it is too long to write out (over WRITTEN operations, with those
    # before it)
    symbolic: float | None  # its value here (its limit, see note); None where undefined
    operations: int  # of the formula
    simplified_operations: int | None  # after simplification; None when too large to try
    differences: tuple[Difference, ...]
    note: str | None = None  # why the symbolic value is a limit, or is missing
    # Taken at a kink on this input's path (relu, |x|, max at a tie): there sympy's value
    # (Heaviside(0) = 1/2) and autodiff's (tracer's convention, PyTorch's) are conventions,
    # not derivatives, so a difference between them is not a disagreement.
    kink: bool = False
    # The slope is finite but beyond the largest float (10³⁰⁰ ln x at 10⁻³⁰⁰: 10⁶⁰⁰): sympy's
    # value and autodiff's are ∞ in floats by overflow, and the slope is not infinite.
    beyond: bool = False
    # The size of the terms autodiff summed into this derivative: the reverse sweep of the
    # partials' absolute values. Rounding is relative to it, not to the sum: x/x at 1e-10 adds
    # 1/x = 1e10 and -x/x² = -1e10, and its derivative 0 comes out as 1.9e-6 (one rounding of
    # 1e10), which against sympy's 0 was a disagreement.
    size: float = 0.0

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
        scale = max(1.0, abs(reference)) if math.isfinite(reference) else 1.0
        if math.isfinite(self.size):
            scale = max(scale, self.size * ROUNDING / TOLERANCE)
        return (_close(self.forward, self.reverse, scale)
                and (self.kink or _close(self.reverse, reference, scale)))

    @property
    def by_size(self) -> bool:
        """Agreeing only within the rounding of the terms summed (x/x at 1e-10), not within
        TOLERANCE of the value itself."""
        return self.agrees and not self.kink and not replace(self, size=0.0).agrees

    @property
    def infinite(self) -> bool:
        """An infinite slope here, autodiff and the reference agreeing on it."""
        return self.agrees and self.reverse in (math.inf, -math.inf) and not self.beyond


def _close(a: float, b: float, scale: float) -> bool:
    """Within TOLERANCE times ``scale``; an infinity only to the same infinity, and nan only to
    nan (autodiff undefined in both modes, where sympy's formula has no value either)."""
    if a == b or (a != a and b != b):
        return True
    return math.isfinite(a) and math.isfinite(b) and abs(a - b) <= TOLERANCE * scale


DISAGREEMENT_DIGITS = 12  # a disagreement's numbers: enough that the two that differ look so


def _number(value: float) -> str:
    """A number for the disagreement line: ∞ and -∞ as the tables write them."""
    return ("∞" if value > 0 else "-∞") if math.isinf(value) else \
        f"{value:.{DISAGREEMENT_DIGITS}g}"


def disagreeing(run: Any) -> list[Any]:
    """The inputs where autodiff and the symbolic value differ (the error line and check's
    closing sentence name these)."""
    return [c for c in run.inputs if not c.agrees]


def conventions_note(run: Any) -> str:
    """What a disagreement adds where a row warned (a kink, an infinite slope): the two
    follow different conventions there."""
    return " (at a non-differentiable point the conventions differ)" if run.ev.warnings else ""


@dataclass(frozen=True)
class CheckRun:
    ev: Evaluation
    output: str
    inputs: tuple[InputCheck, ...]
    # The program's decisions whose conditions read the inputs (an if on x, a while on a value
    # computed from x): the symbolic derivative is then that of the path taken at this point.
    input_decisions: int = 0

    @property
    def agrees(self) -> bool:
        return all(c.agrees for c in self.inputs)

    def path_note(self) -> str | None:
        """One sentence on which derivative is checked when the program decided things: that of
        the path taken at this point where a decision read the inputs, else the program's."""
        taken = len(self.ev.trace.controls)
        if not taken:
            return None
        if not self.input_decisions:
            return (f"The program took {_decisions(taken)}, none of them on its inputs, so it "
                    "takes this path at every point and the derivative checked is the "
                    "program's.")
        which = ("its one decision reads them" if taken == 1 else
                 f"all {taken:,} of its decisions read them" if self.input_decisions == taken else
                 f"{self.input_decisions:,} of its {_decisions(taken)} read them")
        return (f"The program's path depends on its inputs ({which}), so this checks the "
                "derivative of the path taken at this point (loops unrolled, branches as "
                "taken); at another point the program may take another path.")

    def disagreement(self) -> str:
        """One line naming the inputs where autodiff and the symbolic value differ."""
        parts = [f"∂{self.output}/∂{c.name}: autodiff {_number(c.reverse)} (forward "
                 f"{_number(c.forward)})" + (f", symbolic {_number(c.symbolic)}"
                                             if c.symbolic is not None else "")
                 for c in disagreeing(self)]
        return ("autodiff and the symbolic derivative disagree: " + "; ".join(parts)
                + conventions_note(self))


@dataclass(frozen=True)
class Size:
    """How big each way of differentiating is."""

    trace_rows: int
    sweep_operations: int
    symbolic: int  # operations of the largest symbolic partial derivative
    simplified: int | None  # after simplification (None: too large to try)


def sizes(run: CheckRun) -> Size:
    biggest = max(run.inputs, key=lambda c: c.operations, default=None)
    trace = run.ev.trace
    if biggest is None:  # a program without inputs: nothing to differentiate
        return Size(trace.last, trace.operations, 0, 0)
    return Size(trace.last, trace.operations, biggest.operations,
                biggest.simplified_operations)


def _decisions(n: int) -> str:
    return f"{n:,} decision" + ("" if n == 1 else "s")


# --- swell --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SwellRow:
    n: int
    value: Any  # l_n (a sympy expression), factored
    derivative: Any  # d l_n/dx as sympy's diff leaves it; None: too long to write
    simplified: Any  # expanded, with the common factor taken out
    value_operations: int
    derivative_operations: int
    simplified_operations: int
    trace_rows: int
    sweep_operations: int  # one forward (or reverse) sweep over the trace


    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled (and copied) with its formulas as trees: sympy's own pickle builds an
        expression again evaluated, so 4*(1 - 2*x), kept factored, came back 4 - 8*x (the
        table printed otherwise, and the copy was unequal to its result)."""
        return _swell_row, tuple(_tree(getattr(self, f.name))
                                 for f in dataclasses.fields(self))


class _Tree(NamedTuple):
    func: Any
    args: tuple[Any, ...]


def _tree(value: Any) -> Any:
    """A sympy expression as the tree it is (an atom as it is), rebuilt as it stands."""
    args = getattr(value, "args", None)
    if args and callable(getattr(value, "func", None)) and not isinstance(value, tuple):
        return _Tree(value.func, tuple(_tree(a) for a in args))
    return value


def _swell_row(*fields: Any) -> SwellRow:
    from sympy.core.parameters import evaluate

    def built(value: Any) -> Any:
        if type(value) is _Tree:
            return value.func(*(built(a) for a in value.args))
        return value

    with evaluate(False):
        return SwellRow(*(built(v) for v in fields))


@dataclass(frozen=True)
class SwellRun:
    map_text: str
    rows: tuple[SwellRow, ...]
