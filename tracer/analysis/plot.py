"""``tracer plot``: a formula's graph with its derivatives, every derivative by autodiff.

One input: f and f′ by forward mode at each sample (f″ … f⁽ᵏ⁾ by Taylor mode with
``order``), and at a marked point its value and tangent line, as the lecture's sin demo and
Exercise 4 ("plot sin and its derivative, without using sin′ = cos"). Two inputs: f on a grid
with its gradient by reverse mode at every grid point, for contour lines and a gradient field,
as the lecture's third demo (at (1, 2), ∇(x₁²x₂ + sin x₁) = (4.5403, 1)).

The formula is lowered once; each sample evaluates the same trace (a fresh float sweep, then a
forward, Taylor or reverse sweep), so a few hundred samples cost a few hundred sweeps.

Where a curve is not continuous the line breaks instead of joining the two sides with a
spike. A sample outside the domain (log of a negative) is a gap by itself. Between two samples
the breaks are found from the function, never from how far apart two samples' values lie (a
coarse sin′ rises steeply between samples and is still whole). Every op that can break has an
``edge`` in the op table, 0 exactly where it may: div's denominator, tan's cos a, abs's
argument, log's and sqrt's argument (the edge of the domain). The trace's edges are watched on
a grid finer than the samples (at least 256 points over the range):

- where an edge changes sign (1/x, tan, abs, sign, atan2 across its cut), bisection places
  its zero to within 2⁻⁴⁰ of the range; where it dips to 0 without changing sign (x² in 1/x²
  or log(x²)), a golden-section search finds it; a grid point outside the domain between two
  samples inside it (sqrt(x² - 0.01) at 0) is a gap;
- at each place found, each curve is probed 10⁻¹⁰, 10^-8.5 and 10⁻⁷ of the range away on both
  sides: it breaks if it is undefined there, climbs away towards the place (a pole: its last
  step in is not much smaller than the one before, as 1/x² and log(x²) do), or differs
  across the place by a jump that does not shrink on the way in (abs(x) stays joined, its
  slope breaks; √x's infinite slope at 0 is no jump).

Nothing here draws: ``tracer.render.plot`` turns these numbers into pictures.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracer.core.arrays import Array
from tracer.core.evaluate import Evaluation, evaluate
from tracer.core.forward import forward
from tracer.core.reverse import reverse
from tracer.core.runs import check_names
from tracer.core.wengert import Const, Trace
from tracer.errors import (
    DomainError,
    LimitError,
    NameProblem,
    TracerError,
    UsageProblem,
    WrongType,
)

SAMPLES = 400  # default samples of a one-input plot
GRID = 41  # default grid points along each axis of a two-input plot
MAX_SAMPLES = 10_000
MAX_GRID = 301
MAX_ORDER = 6  # derivatives drawn on one plot: beyond f⁽⁶⁾ the scales drown each other
# Work a plot may do, in row-sweeps weighted by Taylor mode's (order + 1)² per row, counting
# the probes between samples at their most: at most about 2.5 µs each on the 2-core reference
# machine (measured: 5.5 s for 2.2·10⁶), so the budget keeps a plot under about 3 seconds.
WORK = 1_200_000
# Looking for breaks between samples (see _Edges): the trace's edges on a grid of at least
# FINE points, then at most REFINE evaluations a sample (plus FLOOR, so that a plot of five
# samples still finds its poles) to place their zeros, and PROBES derivative probes a sample
# (plus FLOOR // 10) to test each place (six probes a place).
FINE = 256
REFINE = 8
PROBES = 3
FLOOR = 400
TINY = 2.0 ** -40  # a zero of an edge is placed to within this part of the range
NEAR, FAR = 1e-10, 1e-7  # a place is tested at these parts of the range on either side

Number = float | None
Side = tuple[float, float] | None  # a curve's value near a place and farther out, on one side


# --- ranges ---------------------------------------------------------------------------------

def parse_over(text: str) -> dict[str, tuple[float, float]]:
    """``x=-2*pi..2*pi`` or ``x1=-1..3, x2=0..4`` → {name: (low, high)}; bounds are constant
    expressions read by tracer's own parser."""
    from tracer.pipeline import constant_text

    out: dict[str, tuple[float, float]] = {}
    for part in _split_top(text):
        name, eq, span = part.partition("=")
        name = name.strip()
        if not eq or not name.isidentifier():
            raise TracerError(f"--over: expected NAME=LOW..HIGH, such as x=-2*pi..2*pi; got "
                              f"{part.strip()!r}")
        low, dots, high = span.partition("..")
        if high.startswith("."):  # x=0...1: is it 0. to 1, or 0 to .1?
            raise TracerError(f"--over: {name}'s range has three dots; write LOW..HIGH with "
                              f"two, such as {name}=0..1")
        if not dots or not low.strip() or not high.strip():
            raise TracerError(f"--over: {name} needs a range LOW..HIGH, such as {name}=-1..3")
        if name in out:
            raise NameProblem(f"--over: {name} is given twice")
        try:
            bounds = tuple(_bound(constant_text(b.strip()).value, name) for b in (low, high))
        except TracerError as exc:
            raise exc.under("--over", f"the range of {name}: ")  # noqa: B904 (the same error)
        if not bounds[0] < bounds[1]:
            raise TracerError(f"--over: the range of {name} must run from low to high, got "
                              f"{bounds[0]:g}..{bounds[1]:g}")
        out[name] = bounds  # type: ignore[assignment]
    if not out:
        raise TracerError("--over: give a range such as x=-2*pi..2*pi")
    return out


def _split_top(text: str) -> list[str]:
    """Split at commas outside parentheses: ``x=log(8, 2)..4, y=0..1`` has two parts."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _bound(value: Any, name: str) -> float:
    v = float(value)
    if not math.isfinite(v) or abs(v) > 1e15:
        what = "finite numbers" if not math.isfinite(v) else "within ±1e15 (a plot steps " \
            "across it in numbers a float tells apart)"
        # every digit a float holds: 1e15 + 1 is over the bound, which {v:g} wrote 1e+15
        raise TracerError(f"--over: the range of {name} must be {what}, got {v:.17g}")
    return v


# --- the data -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    """f and f′, f″ … at x; None where the trace is undefined or not differentiable."""

    x: float
    value: Number
    derivatives: tuple[Number, ...]

    def curve(self, k: int) -> Number:
        """f for k = 0, the k-th derivative otherwise."""
        return self.value if k == 0 else self.derivatives[k - 1]


@dataclass(frozen=True)
class CurvePlot:
    """A one-input plot: samples of f and its derivatives, where each line breaks, the
    window that shows each curve, and the marked point (its value and tangent line)."""

    source: str
    output: str
    wrt: str
    low: float
    high: float
    order: int
    fixed: dict[str, float]
    samples: tuple[Sample, ...]
    breaks: tuple[tuple[int, ...], ...]  # per curve: i where the line breaks after sample i
    limits: tuple[tuple[float, float] | None, ...]  # per curve: the y-window that shows it
    mark: Sample | None = None
    warnings: tuple[str, ...] = ()
    kind: str = field(default="curve", init=False)

    @property
    def axes(self) -> tuple[str, ...]:
        return (self.wrt,)

    def segments(self, k: int) -> list[list[tuple[float, float]]]:
        """Curve k as unbroken runs of (x, y) points: a renderer draws each as one line."""
        cuts = set(self.breaks[k])
        runs: list[list[tuple[float, float]]] = []
        run: list[tuple[float, float]] = []
        for i, s in enumerate(self.samples):
            y = s.curve(k)
            if y is not None:
                run.append((s.x, y))
            if (y is None or i in cuts) and run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        return runs

    @property
    def window(self) -> tuple[float, float] | None:
        """The y-window of a plot of every curve: the union of their windows, kept within
        twice f's own height of f's window, so that a derivative's pole (tan′ = sec²) does
        not flatten f."""
        found = [w for w in self.limits if w is not None]
        if not found:
            return None
        low, high = min(w[0] for w in found), max(w[1] for w in found)
        if self.limits[0] is None:
            return low, high
        f_low, f_high = self.limits[0]
        room = 2 * (f_high - f_low) or high - low
        return max(low, f_low - room), min(high, f_high + room)

    def tangent(self) -> tuple[float, float] | None:
        """(slope, intercept) of the tangent line at the marked point."""
        m = self.mark
        if m is None or m.value is None or not m.derivatives or m.derivatives[0] is None:
            return None
        slope = m.derivatives[0]
        return slope, m.value - slope * m.x


@dataclass(frozen=True)
class GridPoint:
    x1: float
    x2: float
    value: Number
    gradient: tuple[float, float] | None


@dataclass(frozen=True)
class FieldPlot:
    """A two-input plot: f and its gradient (reverse mode) at every point of a grid, row by
    row (x1 varies fastest), and the marked point with its gradient."""

    source: str
    output: str
    names: tuple[str, str]
    ranges: tuple[tuple[float, float], tuple[float, float]]
    fixed: dict[str, float]
    size: tuple[int, int]  # grid points along x1 and along x2
    grid: tuple[GridPoint, ...]
    mark: GridPoint | None = None
    warnings: tuple[str, ...] = ()
    kind: str = field(default="field", init=False)

    @property
    def axes(self) -> tuple[str, ...]:
        return self.names

    def values(self) -> list[list[Number]]:
        """f as rows over x1, one row per x2 (the layout contour routines take)."""
        n1, n2 = self.size
        return [[self.grid[j * n1 + i].value for i in range(n1)] for j in range(n2)]

    def axis(self, k: int) -> list[float]:
        n = self.size[k]
        low, high = self.ranges[k]
        return [low + (high - low) * i / (n - 1) for i in range(n)]


# --- evaluating one trace many times ---------------------------------------------------------

# The largest value a plot draws: beyond it, a sample is a gap, as an overflow is. A picture's
# scale subtracts its ends: 1e308·x over -10..10 spans 3.6e308, which overflows to ∞, and
# matplotlib and plotext stopped with a traceback ("Axis limits cannot be NaN or Inf").
DRAWN = 1e307


class Sampler:
    """Evaluate one lowered trace at many points: values, derivatives along ``wrt`` (forward
    mode for f′, Taylor mode beyond) or the gradient (reverse mode)."""

    def __init__(self, trace: Trace, fixed: Mapping[str, float], order: int = 1,
                 largest: float = DRAWN) -> None:
        trace.one_output("a plot draws one output")
        self.largest = largest  # a sample beyond it is a gap (DRAWN); the marked point's is read
        self.trace = trace
        self.fixed = dict(fixed)
        self.order = order
        self.output_pos = trace.position(trace.outputs[0][1])
        self.count = 0  # sweeps done, for tests of the work bound

    def evaluate(self, point: Mapping[str, float]) -> Evaluation | None:
        self.count += 1
        try:
            return evaluate(self.trace, {**self.fixed, **point})
        except (DomainError, OverflowError, ValueError, ZeroDivisionError):
            return None

    def nowhere(self, middle: Mapping[str, float], ranges: str) -> DomainError:
        """The error for a plot with no finite value at any sample (an empty picture), with
        the reason at the middle of the range when there is one."""
        reason = ""
        try:
            evaluate(self.trace, {**self.fixed, **middle})
        except DomainError as exc:
            at = ", ".join(f"{name} = {value:g}" for name, value in middle.items())
            reason = f" (at {at}: {exc.message})"
        except (OverflowError, ValueError, ZeroDivisionError):
            pass
        return DomainError(f"{self.trace.outputs[0][0]} has no finite value anywhere in "
                           f"{ranges}{reason}: choose a range where it is defined")

    def value(self, ev: Evaluation) -> Number:
        return _finite(ev.values[self.output_pos], self.largest)

    def sample(self, wrt: str, x: float) -> Sample:
        """f and its derivatives along ``wrt`` at x."""
        ev = self.evaluate({wrt: x})
        if ev is None:
            return Sample(x, None, (None,) * self.order)
        return Sample(x, self.value(ev), self.derivatives(ev, wrt))

    def derivatives(self, ev: Evaluation, wrt: str) -> tuple[Number, ...]:
        none = (None,) * self.order
        if ev.warnings:  # a kink, or an infinite slope: no derivative here
            return none
        if self.order == 1:
            return (_finite(forward(ev, {wrt: 1.0})[self.output_pos], self.largest),)
        from tracer.analysis.taylor import line

        try:
            series = line(ev, {wrt: 1.0}, self.order)[self.output_pos]
        except (DomainError, OverflowError, ValueError, ZeroDivisionError):
            return none
        return tuple(_finite(math.factorial(k) * series[k], self.largest)
                     for k in range(1, self.order + 1))

    def gradient_point(self, names: tuple[str, str], x1: float, x2: float) -> GridPoint:
        """f and (∂f/∂x1, ∂f/∂x2) by one reverse sweep."""
        ev = self.evaluate({names[0]: x1, names[1]: x2})
        if ev is None:
            return GridPoint(x1, x2, None, None)
        value = self.value(ev)
        gradient = None
        if not ev.warnings:
            adjoints = reverse(ev, {self.trace.outputs[0][0]: 1.0})
            pair = tuple(_finite(adjoints[self.trace.inputs.index(n)], self.largest)
                         for n in names)
            gradient = pair if None not in pair else None
        return GridPoint(x1, x2, value, gradient)  # type: ignore[arg-type]

    def edges(self, ev: Evaluation) -> tuple[float, ...]:
        """The op table's ``edge`` of every row that has one: 0 where that row may break (a
        pole, a jump, a kink, the edge of its domain), so a change of sign or a dip to 0
        between two points says where to look."""
        out = []
        off = self.trace.n - 1
        for eq in self.trace.equations:
            if eq.op.edge is None:
                continue
            args = [a.value if type(a) is Const else ev.values[a + off] for a in eq.args]
            try:
                out.append(float(eq.op.edge(*args)))
            except (OverflowError, ValueError, ZeroDivisionError):
                out.append(math.nan)
        return tuple(out)


def _finite(x: Any, largest: float = DRAWN) -> Number:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) and abs(v) <= largest else None


# --- where a line breaks ----------------------------------------------------------------------

class _Edges:
    """Finds where a curve may break between samples, from the function itself, never from
    how far apart two samples' values lie (see the module docstring).

    Every row whose op has an ``edge`` in the op table is watched on a grid finer than the
    samples. Where a row's edge changes sign, bisection places its zero to within 2⁻⁴⁰ of the
    range; where it dips towards 0 without a change of sign (x² in 1/x²), a golden-section
    search finds how low it goes. A point where the grid is undefined is a gap. Each place
    found is then tested (``verdict``): the curve breaks there only if it is undefined beside
    the place, differs across it (a jump, a kink of f′) or climbs away beside it (a pole).
    Probes are counted against a budget fixed up front (``check_curve``)."""

    def __init__(self, sampler: Sampler, wrt: str, span: float, samples: int) -> None:
        self.sampler = sampler
        self.wrt = wrt
        self.span = span
        self.budget, self.probes = budgets(samples)
        self.exhausted = False  # the budget ran out: some places went unexamined
        self._probes: dict[float, Sample | None] = {}

    def edges_at(self, x: float) -> tuple[float, ...] | None:
        """The watched rows' edges at x; None where the trace is undefined or the probes
        have run out."""
        if self.budget <= 0:
            self.exhausted = True
            return None
        self.budget -= 1
        ev = self.sampler.evaluate({self.wrt: x})
        return None if ev is None else self.sampler.edges(ev)

    def probe(self, x: float) -> Sample | None:
        """f and its derivatives at x, remembered; None when the probes have run out."""
        if x not in self._probes:
            if self.probes <= 0:
                self.exhausted = True
                return None
            self.probes -= 1
            self._probes[x] = self.sampler.sample(self.wrt, x)
        return self._probes[x]

    def crossing(self, r: int, a: float, fa: float, b: float, fb: float) -> float | None:
        """Where row r's edge crosses 0 between a and b (fa, fb: the edge there, of opposite
        signs), to within 2⁻⁴⁰ of the range; None where the trace is undefined on the way, or
        the probes run out. Regula falsi with the Illinois rule (the end kept twice has its
        value halved), and every fourth step a plain bisection: about ten evaluations for a
        smooth edge instead of thirty, and never worse than bisection by much."""
        kept, step = 0, 0
        while b - a > TINY * self.span:
            step += 1
            m = (a * fb - b * fa) / (fb - fa) if step % 4 else 0.5 * (a + b)
            if not a < m < b:
                m = 0.5 * (a + b)
                if m in (a, b):
                    break
            found = self.edges_at(m)
            if found is None or math.isnan(found[r]):
                return None
            fm = found[r]
            if fm == 0:
                return m
            if (fm > 0) == (fb > 0):
                b, fb = m, fm
                fa, kept = (fa / 2, kept) if kept == -1 else (fa, -1)
            else:
                a, fa = m, fm
                fb, kept = (fb / 2, kept) if kept == 1 else (fb, 1)
        return 0.5 * (a + b)

    def dip(self, r: int, a: float, b: float, ends: float) -> float | None:
        """The lowest |edge| of row r between a and b, by golden-section search: its place if
        it reaches 0 (a millionth of ``ends``, the edge's size at a and b), else None."""
        ratio = (math.sqrt(5) - 1) / 2
        best, place = ends, None
        while b - a > TINY * self.span:
            c, d = b - ratio * (b - a), a + ratio * (b - a)
            ec, ed = self.edges_at(c), self.edges_at(d)
            if ec is None or ed is None:
                return None if self.budget <= 0 else c if ec is None else d
            yc, yd = abs(ec[r]), abs(ed[r])
            if min(yc, yd) < best:
                best, place = (yc, c) if yc <= yd else (yd, d)
            if yc <= yd:
                b = d
            else:
                a = c
        return place if best <= 1e-6 * ends else None

    def sides(self, x: float, k: int) -> tuple[Side, Side, bool] | None:
        """Curve k beside x on the left and on the right, each as (near, far) values, and
        whether it climbs away beside x (a pole: 1/x², log(x²) at 0). A side is None where
        the curve is undefined or climbs away there; None when the probes have run out."""
        near, far = NEAR * self.span, FAR * self.span
        mid = math.sqrt(near * far)
        sides: list[Side] = []
        climbs = False
        for sign in (-1, 1):
            probes = [self.probe(x + sign * d) for d in (near, mid, far)]
            if None in probes:
                return None
            ys = [p.curve(k) for p in probes]  # type: ignore[union-attr]
            if None in ys:
                sides.append(None)
            elif _climbs(*ys):  # type: ignore[arg-type]
                sides.append(None)
                climbs = True
            else:
                sides.append((ys[0], ys[2]))  # type: ignore[arg-type]
        return sides[0], sides[1], climbs


def _climbs(y_near: float, y_mid: float, y_far: float) -> bool:
    """Does a curve climb away towards a place, from its values 10⁻¹⁰, 10^-8.5 and 10⁻⁷ of
    the range away? On a curve that stays finite the step from mid to near is a few hundredths
    of the step from far to mid (a slope: 3%, √x's infinite slope: 18%); beside a pole it is
    larger (1/x: 32 times), beside log(x²) as large."""
    inner, outer = abs(y_near - y_mid), abs(y_mid - y_far)
    return inner > 0.5 * outer and inner > 1e-12 * max(abs(y_near), abs(y_far))


def _grid(xs: Sequence[float]) -> list[tuple[float, int]]:
    """The samples with points between them, each with the segment it lies in: at least
    ``FINE`` points over the range, one between every pair of samples."""
    between = max(1, math.ceil(FINE / max(1, len(xs) - 1)) - 1)
    out = []
    for i in range(len(xs) - 1):
        a, b = xs[i], xs[i + 1]
        out += [(a + (b - a) * j / (between + 1), i) for j in range(between + 1)]
    out.append((xs[-1], len(xs) - 2))
    return out


def _places(finder: _Edges, xs: Sequence[float], first: Sequence[Any]) -> tuple[
        set[int], list[tuple[float, int]]]:
    """Where the curve may break: segments with an undefined point inside (gaps), and places
    (x, segment) where a watched row's edge reaches 0. ``first``: the edges at the samples."""
    rows = max((len(e) for e in first if e is not None), default=0)
    if not rows:  # no op that can break (sin, exp, polynomials): nothing to look for
        return set(), []
    grid = _grid(xs)
    at_samples = dict(zip(xs, first, strict=True))
    found = [at_samples[x] if x in at_samples else finder.edges_at(x) for x, _ in grid]
    gaps: set[int] = set()
    places: list[tuple[float, int]] = []
    for j in range(len(grid) - 1):
        i = grid[j][1]
        if found[j] is None or found[j + 1] is None:
            if first[i] is not None and first[i + 1] is not None:  # undefined inside
                gaps.add(i)
            continue
        for r in range(rows):
            place = _row_place(finder, grid, found, j, r)
            if place == "gap":
                gaps.add(i)
            elif place is not None:
                places.append(place)  # type: ignore[arg-type]
    return gaps, places


def _row_place(finder: _Edges, grid: Sequence[tuple[float, int]], found: Sequence[Any],
               j: int, r: int) -> tuple[float, int] | str | None:
    """Row r's place between grid points j and j + 1: its edge is 0 at j, changes sign on
    the way to j + 1, or dips towards 0 at j (lower than both neighbours, and by half);
    "gap" where the trace is undefined on the way."""
    (x, i), (y, _) = grid[j], grid[j + 1]
    e, f = found[j][r], found[j + 1][r]
    if math.isnan(e) or math.isnan(f):
        return None
    if e == 0:
        return x, i
    if f != 0 and (e > 0) != (f > 0):
        z = finder.crossing(r, x, e, y, f)
        if z is None:
            return None if finder.exhausted else "gap"
        return z, i
    before = found[j - 1] if j > 0 else None
    if before is None or math.isnan(d := before[r]) or (d > 0) != (e > 0):
        return None
    if abs(e) < abs(d) and abs(e) <= abs(f) and abs(e) <= 0.5 * max(abs(d), abs(f)):
        z = finder.dip(r, grid[j - 1][0], y, max(abs(d), abs(f)))
        if z is not None:
            return z, i if z >= x else grid[j - 1][1]
    return None


def _breaks(finder: _Edges, gaps: set[int], places: Sequence[tuple[float, int]],
            samples: Sequence[Sample], k: int) -> tuple[list[int], bool]:
    """Where curve k breaks (after sample i), and whether a break is a pole. A place on a
    sample ends the line on the side that does not meet the sample's value: atan2(x, -1)
    at x = 0 is π, the value on its right."""
    cuts, pole = set(gaps), False
    for x, i in places:
        found = finder.sides(x, k)
        if found is None:  # out of probes: this place goes unexamined
            continue
        left, right, climbs = found
        pole = pole or climbs
        on_sample = x == samples[i].x
        centre = samples[i].curve(k) if on_sample else None
        if on_sample and centre is None:
            continue  # the undefined sample breaks the line itself
        if centre is None:
            if left is None or right is None or _apart(left, right):
                cuts.add(i)
            continue
        if i > 0 and samples[i - 1].curve(k) is not None and (
                left is None or _apart(left, (centre, centre))):
            cuts.add(i - 1)
        if samples[i + 1].curve(k) is not None and (
                right is None or _apart(right, (centre, centre))):
            cuts.add(i)
    return sorted(cuts), pole


def _apart(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Do two sides of a place, each (near, far), differ by a jump? On a continuous curve the
    gap closes as the sides near the place (by 1000 times for a slope, 30 times for √x's
    infinite slope at 0) down to what the place's own error (2⁻⁴⁰ of the range) times the
    slope leaves; a jump's gap does not. The curve's height is no measure of a jump: beside a
    pole it is vast."""
    close, out = abs(a[0] - b[0]), abs(a[1] - b[1])
    slope = max(abs(a[0] - a[1]), abs(b[0] - b[1])) / (FAR - NEAR)  # per unit of the range
    slack = 10 * TINY * slope + 1e-9 * max(map(abs, (*a, *b)))
    return close > slack and close > 0.8 * out


def _spread(values: Sequence[float]) -> tuple[float, float, float, float]:
    """(min, max, 2nd percentile, 98th percentile) of the finite values."""
    v = sorted(values)
    m = len(v) - 1
    return v[0], v[-1], v[int(0.02 * m)], v[math.ceil(0.98 * m)]


def _window(values: Sequence[float], pole: bool) -> tuple[float, float] | None:
    """The y-window that shows a curve: all of it, or, beside a pole or a gap where it blows up
    (1/x near 0), its body (the 2nd to 98th percentile, widened by a quarter each way), so the
    asymptotes do not flatten it."""
    if not values:
        return None
    low, high, p2, p98 = _spread(values)
    body = p98 - p2
    if pole and body > 0:
        pad = 0.25 * body
        low, high = max(low, p2 - pad), min(high, p98 + pad)
    if high - low <= 1e-12 * max(abs(low), abs(high)):
        pad = 0.5 * max(1.0, abs(low))
        return low - pad, high + pad
    return low, high


def _blows_up(samples: Sequence[Sample], k: int, values: Sequence[float]) -> bool:
    """Does curve k reach far beyond its body next to a gap (1/x beside x = 0, log′ beside
    its domain's edge)?"""
    if len(values) < 3:
        return False
    _, _, p2, p98 = _spread(values)
    body = p98 - p2
    for i, s in enumerate(samples):
        y = s.curve(k)
        if y is None or not (y > p98 + 2 * body or y < p2 - 2 * body):
            continue
        beside = [samples[j].curve(k) for j in (i - 1, i + 1) if 0 <= j < len(samples)]
        if None in beside:
            return True
    return False


# --- the plots ------------------------------------------------------------------------------

def curve(trace: Trace, wrt: str, low: float, high: float, fixed: Mapping[str, float],
          order: int = 1, samples: int = SAMPLES, mark: float | None = None) -> CurvePlot:
    """f and its derivatives up to ``order`` along ``wrt`` at ``samples`` evenly spaced points
    of [low, high] (the other inputs at ``fixed``), with ``mark`` marked."""
    check_curve(trace, order, samples)
    sampler = Sampler(trace, fixed, order)
    xs = [low + (high - low) * i / (samples - 1) for i in range(samples)]
    taken, edges = [], []
    for x in xs:
        ev = sampler.evaluate({wrt: x})
        if ev is None:
            taken.append(Sample(x, None, (None,) * order))
            edges.append(None)
            continue
        taken.append(Sample(x, sampler.value(ev), sampler.derivatives(ev, wrt)))
        edges.append(sampler.edges(ev))
    if all(s.value is None for s in taken):
        raise sampler.nowhere({wrt: (low + high) / 2}, f"{wrt} = {low:g}..{high:g}")
    finder = _Edges(sampler, wrt, high - low, samples)
    gaps, places = _places(finder, xs, edges)
    breaks, limits = [], []
    for k in range(order + 1):
        values = [y for s in taken if (y := s.curve(k)) is not None]
        cuts, pole = _breaks(finder, gaps, places, taken, k)
        pole = pole or _blows_up(taken, k, values)
        breaks.append(tuple(cuts))
        limits.append(_window(values, pole))
    marked, warnings = None, []
    if finder.exhausted:
        warnings.append(f"{wrt} crosses more poles, jumps and kinks than tracer examines for "
                        f"{samples:,} samples; some may be drawn joined: use more --samples")
    if mark is not None:
        marked = Sampler(trace, fixed, order, math.inf).sample(wrt, mark)  # read, as it is
        if not low <= mark <= high:
            warnings.append(f"the marked point {wrt} = {mark:g} lies outside the range "
                            f"{low:g}..{high:g}")
    return CurvePlot(trace.source, trace.outputs[0][0], wrt, low, high, order, dict(fixed),
                     tuple(taken), tuple(breaks), tuple(limits), marked, tuple(warnings))


def gradient_field(trace: Trace, names: tuple[str, str],
          ranges: tuple[tuple[float, float], tuple[float, float]], fixed: Mapping[str, float],
          samples: int = GRID, mark: tuple[float, float] | None = None) -> FieldPlot:
    """f and its gradient on a ``samples`` × ``samples`` grid over ``ranges``."""
    check_field(trace, samples)
    sampler = Sampler(trace, fixed)
    (a1, b1), (a2, b2) = ranges
    n = samples
    grid = tuple(sampler.gradient_point(names, a1 + (b1 - a1) * i / (n - 1),
                                        a2 + (b2 - a2) * j / (n - 1))
                 for j in range(n) for i in range(n))
    if all(p.value is None for p in grid):
        raise sampler.nowhere({names[0]: (a1 + b1) / 2, names[1]: (a2 + b2) / 2},
                              f"{names[0]} = {a1:g}..{b1:g}, {names[1]} = {a2:g}..{b2:g}")
    marked, warnings = None, []
    if mark is not None:
        marked = Sampler(trace, fixed, 1, math.inf).gradient_point(names, *mark)
        if not (a1 <= mark[0] <= b1 and a2 <= mark[1] <= b2):
            warnings.append(f"the marked point ({mark[0]:g}, {mark[1]:g}) lies outside the "
                            "plotted ranges")
    return FieldPlot(trace.source, trace.outputs[0][0], names, ranges, dict(fixed), (n, n),
                     grid, marked, tuple(warnings))


# --- cost ------------------------------------------------------------------------------------

def _rows(trace: Trace) -> int:
    return max(1, trace.n + trace.last)


def budgets(samples: int) -> tuple[int, int]:
    """(evaluations, derivative probes) a one-input plot of ``samples`` may spend between its
    samples looking for breaks."""
    return REFINE * samples + FLOOR, PROBES * samples + FLOOR // 10


def _curve_work(rows: int, samples: int, order: int) -> int:
    """Row-sweeps of a one-input plot at their most: samples and probes in Taylor mode's
    (order + 1)² a row, the grid of edges and the evaluations placing their zeros at 1."""
    evals, probes = budgets(samples)
    grid = samples + max(1, math.ceil(FINE / (samples - 1)) - 1) * (samples - 1)
    return rows * ((samples + probes) * (order + 1) ** 2 + grid + evals)


def check_samples(samples: Any, inputs: int | None = None) -> int:
    """Refuse a number of samples outside what a plot over ``inputs`` inputs allows (either,
    when not yet known), naming the allowed range: below 2 is a usage error (a line needs two
    points), above the most is work refused up front."""
    allowed = (f"2 to {MAX_SAMPLES:,} samples for one input, 2 to {MAX_GRID} points along each "
               "axis for two")
    from tracer.pipeline import whole_number

    whole = whole_number(samples)  # an int, or numpy's
    if whole is None:
        raise WrongType(f"--samples must be a whole number ({allowed}), got {samples!r}")
    samples = whole
    if samples < 2:
        raise UsageProblem(f"--samples must be at least 2 ({allowed}), got {samples:,}")
    most = MAX_GRID if inputs == 2 else MAX_SAMPLES
    if samples > most:
        what = "two inputs (points along each axis)" if inputs == 2 else "one input"
        raise LimitError(f"--samples must be between 2 and {most:,} for {what}, got "
                         f"{samples:,}")
    return samples


def check_curve(trace: Trace, order: int, samples: int) -> None:
    """Refuse, before any sweep, a one-input plot over its bounds or its work budget."""
    if not 1 <= order <= MAX_ORDER:
        raise LimitError(f"--order: a plot draws derivatives up to order {MAX_ORDER}, got "
                         f"{order} (tracer derivatives computes up to 12 at one point)")
    check_samples(samples, 1)
    work = _curve_work(_rows(trace), samples, order)
    if work > WORK:
        fewer = next((n for n in range(samples - 1, 1, -1)
                      if _curve_work(_rows(trace), n, order) <= WORK), None)
        if fewer is None:
            raise LimitError(
                f"plotting a {_rows(trace):,}-row trace with derivatives up to order {order} is "
                f"more than the {WORK:,} row-sweeps tracer does in one command, even with "
                f"--samples 2; use a lower --order, or plot a part of the formula")
        raise LimitError(
            f"plotting {samples:,} samples of a {_rows(trace):,}-row trace with derivatives up "
            f"to order {order} is about {work:,} row-sweeps, more than the {WORK:,} tracer "
            f"does in one command; use --samples {fewer:,} or less, or a lower --order")


def check_field(trace: Trace, samples: int) -> None:
    """Refuse, before any sweep, a two-input grid over its bounds or its work budget."""
    check_samples(samples, 2)
    work = _rows(trace) * samples * samples * 2
    if work > WORK:
        fewer = max(2, math.isqrt(WORK // (2 * _rows(trace))))
        raise LimitError(
            f"a {samples} × {samples} grid over a {_rows(trace):,}-row trace is about "
            f"{work:,} row-sweeps, more than the {WORK:,} tracer does in one command; use "
            f"--samples {fewer} or less")


# --- from what a user gives to a plot ---------------------------------------------------------

DEFAULT_HALF_WIDTH = 5.0  # without --over: the plotted input runs over its value ± 5 (or ±5)


def plot(source: Any, over: Mapping[str, tuple[float, float]] | str | None = None,
         at: Mapping[str, Any] | None = None, *, order: int = 1, samples: int | None = None,
         wrt: Sequence[str] | str | None = None, outputs: Sequence[str] | None = None,
         row_order: str | None = None) -> CurvePlot | FieldPlot:
    """Plot a formula or program (text or a parsed Program), the one entry both faces use.

    ``over`` names the plotted inputs and their ranges (``"x=-2*pi..2*pi"`` or
    ``{"x": (-6.28, 6.28)}``); without it ``wrt`` names them (or the formula's one or two
    inputs), each over its ``at`` value ± 5. The other inputs take their ``at`` values (a
    program's ``@at`` lines give defaults); a plotted input that has one is marked there.
    """
    from tracer import pipeline
    from tracer.core.lower import lower

    if samples is not None:
        samples = check_samples(samples)  # before any work: the text may be long
    program = pipeline.load(source)
    found = pipeline.defaults(program)
    given = {**found.at, **(at or {})}
    arrays = [name.split("[")[0] for name, v in given.items()
              if isinstance(v, Array) or "[" in name]  # an array, or one of its elements
    if arrays:
        raise NameProblem(f"{arrays[0]} is an array: tracer plot draws a formula of one or two "
                          "numbers (plot a single element's formula, or use trace, forward or "
                          "reverse for arrays)")
    point = {name: float(v.value if isinstance(v, Const) else v) for name, v in given.items()}
    over = parse_over(over) if isinstance(over, str) else over
    # A decision reads values: the plotted inputs' mid-range where no --at gives them.
    decide = {**{n: (lo + hi) / 2 for n, (lo, hi) in (over or {}).items()}, **point}
    trace = lower(program, order=row_order or found.order or "level", given=list(point),
                  outputs=outputs or found.outputs, point=decide)
    ranges = _ranges(trace, over, [wrt] if isinstance(wrt, str) else wrt, point)
    _one_path(trace, ranges)
    names = list(ranges)
    fixed = {n: point[n] for n in trace.inputs if n not in ranges and n in point}
    missing = [n for n in trace.inputs if n not in ranges and n not in point]
    if missing:
        raise NameProblem(f"no value for {', '.join(missing)}: the plot is over "
                          f"{', '.join(names)}, and the other inputs need values (give them "
                          f"with --at {','.join(f'{m}=…' for m in missing)})")
    marked = [point[n] for n in names] if all(n in point for n in names) else None
    default = SAMPLES if len(names) == 1 else GRID
    _check_distinct(ranges, default if samples is None else samples)
    if len(names) == 1:
        (low, high), = ranges.values()
        return curve(trace, names[0], low, high, fixed, order,
                     SAMPLES if samples is None else samples,
                     marked[0] if marked else None)
    if order != 1:
        raise TracerError("--order is for a plot over one input; over two, the plot shows "
                          "the gradient (first derivatives)")
    pair = (names[0], names[1])
    return gradient_field(trace, pair, (ranges[pair[0]], ranges[pair[1]]), fixed,
                          GRID if samples is None else samples,
                          (marked[0], marked[1]) if marked else None)


def _check_distinct(ranges: Mapping[str, tuple[float, float]], samples: int) -> None:
    """Refuse a range too narrow for its samples to be different numbers: x=1..1+1e-14 holds
    only 46 floats, so 400 samples fell on them in runs and the axis repeated one label."""
    for name, (low, high) in ranges.items():
        floats = _ordinal(high) - _ordinal(low) + 1
        if floats < samples:
            fewer = "" if floats < 2 else f"--samples {floats}, or " if floats == 2 else \
                f"--samples {floats:,} or less, or "
            raise TracerError(
                f"the range of {name}, {low!r}..{high!r}, holds only {floats:,} floats, fewer "
                f"than the {samples:,} samples a plot takes along it; use {fewer}a wider "
                "range with --over")


def _ordinal(x: float) -> int:
    """x's place among the floats, in order (0.0 and -0.0 at 0): the floats from a to b are
    ``_ordinal(b) - _ordinal(a) + 1``."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF)


def _one_path(trace: Trace, ranges: Mapping[str, Any]) -> None:
    """A plot evaluates one trace over the whole range: refused for a program whose
    decisions read the plotted inputs (its path, and so its trace, changes along the range);
    a decision on the other inputs, fixed by --at, stays the same along it."""
    if not any(control.on_inputs for control in trace.controls):
        return
    n = trace.n
    moves = [name in ranges for name in trace.inputs]  # by position: inputs, then rows
    for eq in trace.equations:
        moves.append(any(type(a) is int and moves[a + n - 1] for a in eq.args))
    for control in trace.controls:
        if any(moves[a + n - 1] for a in control.reads):
            raise TracerError(
                "this decision reads the inputs, so the program takes other "
                f"paths along the range of {', '.join(ranges)}, and tracer plots one path's "
                "trace: plot each branch as a formula of its own, or show points with trace, "
                "forward or reverse --at", trace.source, trace.offset(control.pos))


def _ranges(trace: Trace, over: Mapping[str, tuple[float, float]] | None,
            wrt: Sequence[str] | None, point: Mapping[str, float]
            ) -> dict[str, tuple[float, float]]:
    """The plotted inputs and their ranges, from --over, --wrt and the formula's inputs."""
    from tracer.core.spelling import listing

    inputs = listing(trace.inputs)
    if over:
        check_names(list(over), trace.inputs, "input", "--over")
        if wrt and set(wrt) != set(over):
            raise NameProblem(f"--wrt {','.join(wrt)} and --over {','.join(over)} name "
                              "different inputs; --over alone is enough")
        names = list(over)
    elif wrt:
        check_names(wrt, trace.inputs, "input", "--wrt")
        names = list(dict.fromkeys(wrt))
    elif 1 <= trace.n <= 2:
        names = list(trace.inputs)
    else:
        raise NameProblem(f"this formula has {trace.n} inputs ({inputs}); say which one or two "
                          "to plot with --over NAME=LOW..HIGH (the others take their --at "
                          "values)" if trace.n else "this formula has no inputs to plot")
    if not 1 <= len(names) <= 2:
        raise NameProblem(f"a plot is over one input (a curve) or two (contours and a "
                          f"gradient field), not {len(names)}: {', '.join(names)}")
    out = dict(over) if over else {}
    for name in names:
        if name not in out:
            centre = point.get(name, 0.0)
            out[name] = (centre - DEFAULT_HALF_WIDTH, centre + DEFAULT_HALF_WIDTH)
    return {name: out[name] for name in names}


# --- the error of finite differences against h (tracer check --plot) ------------------------

FINE_STEPS = tuple(10.0 ** -k for k in range(1, 17))  # h = 10⁻¹ … 10⁻¹⁶


@dataclass(frozen=True)
class ErrorCurve:
    """One input's errors: forward and central differences at each h (None where a step
    leaves the domain), and autodiff's, all against the symbolic derivative."""

    name: str
    steps: tuple[float, ...]
    forward: tuple[Number, ...]
    central: tuple[Number, ...]
    autodiff: float
    symbolic: float | None  # None where sympy's formula has no value (see check.InputCheck)

    def best(self, method: str) -> tuple[float, float] | None:
        """(h, error) where ``method`` ("forward" or "central") comes closest."""
        errors = getattr(self, method)
        found = [(e, h) for h, e in zip(self.steps, errors, strict=True) if e is not None]
        if not found:
            return None
        e, h = min(found)
        return h, e


@dataclass(frozen=True)
class ErrorPlot:
    """The V of truncation against round-off, input by input, beside autodiff's error."""

    source: str
    output: str
    point: dict[str, float]
    inputs: tuple[ErrorCurve, ...]
    check: Any = field(default=None, compare=False, repr=False)  # the check's run, if any
    kind: str = field(default="errors", init=False)


def errors(run: Any, steps: Sequence[float] = FINE_STEPS) -> ErrorPlot:
    """From a ``tracer check`` run: each input's difference errors at ``steps`` (relative to
    the input's size where 10⁻¹² would not move it, as the check's: ``check.steps_at``)."""
    from tracer.analysis.check import differences, steps_at

    ev = run.ev
    # an infinite slope (sqrt at 0): the differences grow, no error is drawn; autodiff's own
    # slope past a float (x^x at 1e-320: 1/x overflows) has no error to draw either
    unmeasured = [c.name for c in run.inputs
                  if not (math.isfinite(c.reference) and math.isfinite(c.reverse))]
    if unmeasured:
        raise TracerError(
            f"--plot: the derivative along {', '.join(unmeasured)} is not a finite number here "
            f"(autodiff's or the symbolic one: see tracer check without --plot), so there is "
            "no error to draw: plot the errors at another point")
    curves = []
    for c in run.inputs:
        at = steps_at(float(ev.point[c.name]), steps)
        diffs = differences(ev, c.name, at, c.reference)
        curves.append(ErrorCurve(c.name, at,
                                 tuple(d.forward_error for d in diffs),
                                 tuple(d.central_error for d in diffs),
                                 abs(c.reverse - c.reference), c.symbolic))
    point = {k: float(v) for k, v in ev.point.items()}
    return ErrorPlot(ev.trace.source, run.output, point, tuple(curves), run)
