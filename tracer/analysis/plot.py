"""``tracer plot``: a formula's graph with its derivatives, every derivative by autodiff.

One input: f and f′ by forward mode at each sample (f″ … f⁽ᵏ⁾ by Taylor mode with
``order``), and at a marked point its value and tangent line, as the lecture's sin demo and
Exercise 4 ("plot sin and its derivative, without using sin′ = cos"). Two inputs: f on a grid
with its gradient by reverse mode at every grid point, for contour lines and a gradient field,
as the lecture's third demo (at (1, 2), ∇(x₁²x₂ + sin x₁) = (4.5403, 1)).

The formula is lowered once; each sample evaluates the same trace (a fresh float sweep, then a
forward, Taylor or reverse sweep), so a few hundred samples cost a few hundred sweeps.

Where a curve is not continuous the line breaks instead of joining the two sides with a
spike. A sample outside the domain (log of a negative) is a gap by itself. Between two
samples, two things can hide a break:

- an op with a kink or a step (abs, sign, step, relu, max, min) switching branch: its branch
  changes between the samples; bisection finds the switch to within 2⁻⁴⁰ of the step, and the
  curve breaks there if its two sides differ (abs(x) stays joined, its slope breaks);
- a pole (tan at π/2, 1/x at 0) or a jump of another kind (atan2 across its cut): a segment
  that rises by more than a twentieth of the curve's visible height is bisected towards its
  larger half; on a continuous curve the rise shrinks by half a step, across a pole or a jump
  it never does.

Nothing here draws: ``tracer.render.plot`` turns these numbers into pictures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracer.core.evaluate import Evaluation, evaluate
from tracer.core.forward import forward
from tracer.core.reverse import reverse
from tracer.core.wengert import Const, Trace
from tracer.errors import DomainError, LimitError, NameProblem, TracerError

SAMPLES = 400  # default samples of a one-input plot
GRID = 41  # default grid points along each axis of a two-input plot
MAX_SAMPLES = 10_000
MAX_GRID = 301
MAX_ORDER = 6  # derivatives drawn on one plot: beyond f⁽⁶⁾ the scales drown each other
# Work a plot may do, in row-sweeps weighted by Taylor mode's (order + 1)² per row, counting
# the probes between samples at their most: at most about 2.5 µs each on the 2-core reference
# machine (measured: 5.5 s for 2.2·10⁶), so the budget keeps a plot under about 3 seconds.
WORK = 1_200_000
REFINE = 6  # probes between samples, at most this many per sample (see _Breaker)
BISECTIONS = 40
STEEP = 0.05  # a segment rising more than this part of the visible height is examined

Number = float | None


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
        if not dots or not low.strip() or not high.strip():
            raise TracerError(f"--over: {name} needs a range LOW..HIGH, such as {name}=-1..3")
        if name in out:
            raise NameProblem(f"--over: {name} is given twice")
        bounds = tuple(_bound(constant_text(b.strip()).value, name) for b in (low, high))
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
        raise TracerError(f"--over: the range of {name} must be finite numbers, got {v:g}")
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

class Sampler:
    """Evaluate one lowered trace at many points: values, derivatives along ``wrt`` (forward
    mode for f′, Taylor mode beyond) or the gradient (reverse mode)."""

    def __init__(self, trace: Trace, fixed: Mapping[str, float], order: int = 1) -> None:
        if len(trace.outputs) != 1:
            raise NameProblem("a plot draws one output; choose it with --output")
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

    def value(self, ev: Evaluation) -> Number:
        return _finite(ev.values[self.output_pos])

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
            return (_finite(forward(ev, {wrt: 1.0})[self.output_pos]),)
        from tracer.analysis.taylor import line

        try:
            series = line(ev, {wrt: 1.0}, self.order)[self.output_pos]
        except (DomainError, OverflowError, ValueError, ZeroDivisionError):
            return none
        return tuple(_finite(math.factorial(k) * series[k]) for k in range(1, self.order + 1))

    def gradient_point(self, names: tuple[str, str], x1: float, x2: float) -> GridPoint:
        """f and (∂f/∂x1, ∂f/∂x2) by one reverse sweep."""
        ev = self.evaluate({names[0]: x1, names[1]: x2})
        if ev is None:
            return GridPoint(x1, x2, None, None)
        value = self.value(ev)
        gradient = None
        if not ev.warnings:
            adjoints = reverse(ev, {self.trace.outputs[0][0]: 1.0})
            pair = tuple(_finite(adjoints[self.trace.inputs.index(n)]) for n in names)
            gradient = pair if None not in pair else None
        return GridPoint(x1, x2, value, gradient)  # type: ignore[arg-type]

    def signature(self, ev: Evaluation) -> tuple[int, ...]:
        """Which branch every kinked op takes: the sign of its argument (abs, sign, step,
        relu) or of the difference of its arguments (max, min)."""
        out = []
        off = self.trace.n - 1
        for eq in self.trace.equations:
            if eq.op.kink is None:
                continue
            args = [a.value if type(a) is Const else ev.values[a + off] for a in eq.args]
            d = args[0] - args[1] if len(args) == 2 else args[0]
            out.append((d > 0) - (d < 0))
        return tuple(out)


def _finite(x: Any) -> Number:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


# --- where a line breaks ----------------------------------------------------------------------

class _Breaker:
    """Decides, segment by segment, whether a curve is continuous between two samples (see
    the module docstring). Probes between samples are remembered and bounded in number."""

    def __init__(self, sampler: Sampler, wrt: str, budget: int) -> None:
        self.sampler = sampler
        self.wrt = wrt
        self.budget = budget
        self._samples: dict[float, Sample] = {}
        self._switches: dict[int, tuple[float, float] | None] = {}

    def probe(self, x: float) -> Sample | None:
        found = self._samples.get(x)
        if found is None:
            if self.budget <= 0:
                return None
            self.budget -= 1
            found = self._samples[x] = self.sampler.sample(self.wrt, x)
        return found

    def branch(self, x: float) -> tuple[int, ...] | None:
        ev = self.sampler.evaluate({self.wrt: x})
        return None if ev is None else self.sampler.signature(ev)

    def switch(self, i: int, a: float, b: float,
               sig: tuple[int, ...]) -> tuple[float, float] | None:
        """Where between a and b the branch changes, bracketed to 2⁻⁴⁰ of b - a."""
        if i not in self._switches:
            bracket: tuple[float, float] | None = None
            if self.budget >= BISECTIONS:
                self.budget -= BISECTIONS
                low, high = a, b
                for _ in range(BISECTIONS):
                    m = 0.5 * (low + high)
                    if m in (low, high):
                        break
                    if self.branch(m) == sig:
                        low = m
                    else:
                        high = m
                bracket = (low, high)
            self._switches[i] = bracket
        return self._switches[i]

    def jumps(self, bracket: tuple[float, float], k: int, height: float) -> bool:
        """Does curve k differ on the two sides of a branch switch?"""
        left, right = self.probe(bracket[0]), self.probe(bracket[1])
        if left is None or right is None:
            return True
        a, b = left.curve(k), right.curve(k)
        if a is None or b is None:
            return True
        return abs(b - a) > 1e-6 * max(height, abs(a), abs(b), 1e-300)

    def settles(self, a: float, ya: float, b: float, yb: float, k: int,
                span: float) -> bool | None:
        """Is curve k continuous between a and b? Bisect towards the pole or jump, if there is
        one: on a continuous curve the rise soon falls below a quarter of the first (or a
        twentieth of the ``span`` the samples cover), across a pole or a jump it never does.
        None when the probes run out."""
        enough = max(abs(yb - ya) / 4, STEEP * span)
        for _ in range(BISECTIONS):
            m = 0.5 * (a + b)
            if m in (a, b):
                return False
            ym = self.curve_at(m, k)
            if ym is None or ym is False:
                return None if ym is None else False
            if abs(ym - ya) >= abs(yb - ym):
                b, yb = m, ym
            else:
                a, ya = m, ym
            if abs(yb - ya) <= enough:
                return True
        return False

    def curve_at(self, x: float, k: int) -> float | bool | None:
        """Curve k at x; False where it is undefined, None when the probes ran out."""
        found = self.probe(x)
        if found is None:
            return None
        y = found.curve(k)
        return False if y is None else y

    def peak(self, a: float, ya: float, b: float, yb: float, k: int) -> bool | None:
        """Does |curve k| blow up between a and b, as beside a pole without a sign change
        (1/x², sec²)? A golden-section search for the largest |y|: beside a pole it climbs
        thousands of times above the ends, a smooth bump does not. None when the probes run
        out."""
        ratio = (math.sqrt(5) - 1) / 2
        ends = max(abs(ya), abs(yb), 1e-300)
        best = ends
        lo, hi = a, b
        for n in range(BISECTIONS):
            c, d = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
            yc, yd = self.curve_at(c, k), self.curve_at(d, k)
            if yc is None or yd is None:
                return None
            if yc is False or yd is False:
                return True
            best = max(best, abs(yc), abs(yd))
            if n == 12 and best < 2 * ends:
                return False  # no climb: a steep but bounded stretch
            if abs(yc) >= abs(yd):
                hi = d
            else:
                lo = c
        return best > 1e3 * ends


def _breaks(breaker: _Breaker, samples: Sequence[Sample], signatures: Sequence[Any], k: int,
            values: Sequence[float]) -> tuple[list[int], bool]:
    """Where curve k breaks (after sample i), and whether any break is a pole or jump."""
    cuts, pole = [], False
    height = _height(values)
    span = max(values) - min(values) if values else 0.0
    far = _spread([abs(v) for v in values])[3] if values else math.inf
    for i in range(len(samples) - 1):
        s, t = samples[i], samples[i + 1]
        a, b = s.curve(k), t.curve(k)
        if a is None or b is None:
            continue
        if signatures[i] != signatures[i + 1]:
            bracket = breaker.switch(i, s.x, t.x, signatures[i])
            if bracket is None or breaker.jumps(bracket, k, height):
                cuts.append(i)
            continue
        high = min(abs(a), abs(b)) > far and (a > 0) == (b > 0)  # both out in a tail
        if abs(b - a) <= STEEP * height and not high:
            continue
        verdict = breaker.settles(s.x, a, t.x, b, k, span)
        if verdict and (a > 0) == (b > 0):
            peak = breaker.peak(s.x, a, t.x, b, k)
            verdict = None if peak is None else not peak
        if verdict is None:  # out of probes: break only where the line would cross the plot
            verdict = not ((a > 0) != (b > 0) and abs(b - a) > height / 2)
        if not verdict:
            cuts.append(i)
            pole = True
    return cuts, pole


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


def _height(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    low, high, p2, p98 = _spread(values)
    return p98 - p2 if p98 > p2 else high - low


# --- the plots ------------------------------------------------------------------------------

def curve(trace: Trace, wrt: str, low: float, high: float, fixed: Mapping[str, float],
          order: int = 1, samples: int = SAMPLES, mark: float | None = None) -> CurvePlot:
    """f and its derivatives up to ``order`` along ``wrt`` at ``samples`` evenly spaced points
    of [low, high] (the other inputs at ``fixed``), with ``mark`` marked."""
    check_curve(trace, order, samples)
    sampler = Sampler(trace, fixed, order)
    xs = [low + (high - low) * i / (samples - 1) for i in range(samples)]
    taken, signatures = [], []
    for x in xs:
        ev = sampler.evaluate({wrt: x})
        if ev is None:
            taken.append(Sample(x, None, (None,) * order))
            signatures.append(None)
            continue
        taken.append(Sample(x, sampler.value(ev), sampler.derivatives(ev, wrt)))
        signatures.append(sampler.signature(ev))
    breaker = _Breaker(sampler, wrt, REFINE * samples)
    breaks, limits = [], []
    for k in range(order + 1):
        values = [y for s in taken if (y := s.curve(k)) is not None]
        cuts, pole = _breaks(breaker, taken, signatures, k, values)
        pole = pole or _blows_up(taken, k, values)
        breaks.append(tuple(cuts))
        limits.append(_window(values, pole))
    marked, warnings = None, []
    if mark is not None:
        marked = sampler.sample(wrt, mark)
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
    marked, warnings = None, []
    if mark is not None:
        marked = sampler.gradient_point(names, *mark)
        if not (a1 <= mark[0] <= b1 and a2 <= mark[1] <= b2):
            warnings.append(f"the marked point ({mark[0]:g}, {mark[1]:g}) lies outside the "
                            "plotted ranges")
    return FieldPlot(trace.source, trace.outputs[0][0], names, ranges, dict(fixed), (n, n),
                     grid, marked, tuple(warnings))


# --- cost ------------------------------------------------------------------------------------

def _rows(trace: Trace) -> int:
    return max(1, trace.n + trace.last)


def check_curve(trace: Trace, order: int, samples: int) -> None:
    """Refuse, before any sweep, a one-input plot over its bounds or its work budget."""
    if not 1 <= order <= MAX_ORDER:
        raise LimitError(f"--order: a plot draws derivatives up to order {MAX_ORDER}, got "
                         f"{order} (tracer derivatives computes up to 12 at one point)")
    if not 2 <= samples <= MAX_SAMPLES:
        raise LimitError(f"--samples must be between 2 and {MAX_SAMPLES:,} for one input, got "
                         f"{samples:,}")
    work = _rows(trace) * samples * (1 + REFINE) * (order + 1) ** 2
    if work > WORK:
        fewer = max(2, WORK // (_rows(trace) * (1 + REFINE) * (order + 1) ** 2))
        raise LimitError(
            f"plotting {samples:,} samples of a {_rows(trace):,}-row trace with derivatives up "
            f"to order {order} is about {work:,} row-sweeps, more than the {WORK:,} tracer "
            f"does in one command; use --samples {fewer:,} or less, or a lower --order")


def check_field(trace: Trace, samples: int) -> None:
    """Refuse, before any sweep, a two-input grid over its bounds or its work budget."""
    if not 2 <= samples <= MAX_GRID:
        raise LimitError(f"--samples must be between 2 and {MAX_GRID} for two inputs (points "
                         f"along each axis), got {samples:,}")
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

    program = pipeline.load(source)
    found = pipeline.defaults(program)
    point = {name: float(v.value if isinstance(v, Const) else v)
             for name, v in {**found.at, **(at or {})}.items()}
    trace = lower(program, order=row_order or found.order or "level", given=list(point),
                  outputs=outputs or found.outputs)
    ranges = _ranges(trace, parse_over(over) if isinstance(over, str) else over,
                     [wrt] if isinstance(wrt, str) else wrt, point)
    names = list(ranges)
    fixed = {n: point[n] for n in trace.inputs if n not in ranges and n in point}
    missing = [n for n in trace.inputs if n not in ranges and n not in point]
    if missing:
        raise NameProblem(f"no value for {', '.join(missing)}: the plot is over "
                          f"{', '.join(names)}, and the other inputs need values (give them "
                          f"with --at {','.join(f'{m}=…' for m in missing)})")
    marked = [point[n] for n in names] if all(n in point for n in names) else None
    if len(names) == 1:
        (low, high), = ranges.values()
        return curve(trace, names[0], low, high, fixed, order, samples or SAMPLES,
                     marked[0] if marked else None)
    if order != 1:
        raise TracerError("--order is for a plot over one input; over two, the plot shows "
                          "the gradient (first derivatives)")
    pair = (names[0], names[1])
    return gradient_field(trace, pair, (ranges[pair[0]], ranges[pair[1]]), fixed, samples or GRID,
                 (marked[0], marked[1]) if marked else None)


def _ranges(trace: Trace, over: Mapping[str, tuple[float, float]] | None,
            wrt: Sequence[str] | None, point: Mapping[str, float]
            ) -> dict[str, tuple[float, float]]:
    """The plotted inputs and their ranges, from --over, --wrt and the formula's inputs."""
    inputs = ", ".join(trace.inputs) or "none"
    if over:
        for name in over:
            if name not in trace.inputs:
                raise NameProblem(f"--over: {name} is not an input of the formula; its inputs "
                                  f"are {inputs}")
        if wrt and set(wrt) != set(over):
            raise NameProblem(f"--wrt {','.join(wrt)} and --over {','.join(over)} name "
                              "different inputs; --over alone is enough")
        names = list(over)
    elif wrt:
        for name in wrt:
            if name not in trace.inputs:
                raise NameProblem(f"--wrt: {name} is not an input; the inputs are {inputs}")
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
    kind: str = field(default="errors", init=False)


def errors(run: Any, steps: Sequence[float] = FINE_STEPS) -> ErrorPlot:
    """From a ``tracer check`` run: each input's difference errors at ``steps``."""
    from tracer.analysis.check import differences

    ev = run.ev
    curves = []
    for c in run.inputs:
        diffs = differences(ev, c.name, steps, c.reference)
        curves.append(ErrorCurve(c.name, tuple(steps),
                                 tuple(d.forward_error for d in diffs),
                                 tuple(d.central_error for d in diffs),
                                 abs(c.reverse - c.reference), c.symbolic))
    point = {k: float(v) for k, v in ev.point.items()}
    return ErrorPlot(ev.trace.source, run.output, point, tuple(curves))
