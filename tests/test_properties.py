"""Properties on generated formulas: forward = reverse = sympy = finite differences.

Formulas are generated as text over the op table's operators and functions, so the parser,
lowering and both sweeps are all under test. Sympy is the independent oracle: its expression
is built from the parsed tree through each op's sympy counterpart (never from the user text),
then differentiated symbolically. Every failure of any input, well formed or not, must be a
TracerError.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from tracer import pipeline
from tracer.core import ops
from tracer.core.nodes import Call, Name, Num
from tracer.core.parse import parse
from tracer.errors import TracerError

INPUTS = ("x1", "x2", "x3")

# The ops come from the op table, sorted by probing each one's own value and partials (no
# hand-kept list: an op added to the table is drawn here too). One-argument functions only:
# the binary operators below and powers are drawn apart.
GRID = [k / 4 for k in range(-12, 13)]  # -3 … 3, the range of the points
# Arguments that put a restricted function in its domain, with samples of their ranges.
WRAPS = {"2+({})^2": [2.0, 2.5, 5.0, 20.0, 1e3], "1/(2+({})^2)": [0.5, 0.3, 0.1, 1e-3]}


def _defined(op: ops.Op, a: float) -> bool:
    """Finite value and finite slope at a."""
    try:
        y = op.value(a)
        return math.isfinite(y) and all(math.isfinite(p) for p in op.partials(a, y))
    except (ValueError, ZeroDivisionError, OverflowError):
        return False


FUNCTIONS = [op for op in ops.OPS if op.arity == 1 and op.names]
KINKED = [op.name for op in FUNCTIONS if op.kink is not None]
SMOOTH = [op.name for op in FUNCTIONS
          if op.kink is None and all(_defined(op, a) for a in GRID)]
# Defined on part of the line only, each with the arguments that keep it inside.
RESTRICTED = {op.name: [w for w, xs in WRAPS.items() if all(_defined(op, a) for a in xs)]
              for op in FUNCTIONS if op.kink is None and op.name not in SMOOTH}
BINARY = [s for s, op in ops.INFIX.items() if op.name != "pow"] + ["/1+"]  # pow: "power"


def test_every_function_is_drawn():
    assert {*KINKED, *SMOOTH, *RESTRICTED} == {op.name for op in FUNCTIONS}
    assert all(RESTRICTED.values()), "a restricted function needs a way into its domain"
    assert {"sin", "exp", "erf"} <= set(SMOOTH) and {"log", "sqrt", "asin"} <= set(RESTRICTED)
    assert {"abs", "relu"} <= set(KINKED)
    assert {"floor", "ceil", "mod", "floordiv"} == STAIRCASES


leaf = st.one_of(
    st.sampled_from(INPUTS), st.sampled_from(INPUTS), st.sampled_from(INPUTS),
    st.sampled_from(["2", "0.5", "3", "pi", "1.5"]),
)


@st.composite
def unary(draw: st.DrawFn, t: str) -> str:
    kind = draw(st.sampled_from(["smooth", "restricted", "kinked", "power", "neg"]))
    if kind == "smooth":
        return f"{draw(st.sampled_from(SMOOTH))}({t})"
    if kind == "kinked":
        return f"{draw(st.sampled_from(KINKED))}({t})"
    if kind == "restricted":
        # An argument inside the domain (2 + t^2 for log) half the time, so that large
        # formulas reach the comparisons rather than a domain error; the other half the bare
        # argument.
        name = draw(st.sampled_from(sorted(RESTRICTED)))
        inner = draw(st.sampled_from(RESTRICTED[name])).format(t) if draw(st.booleans()) else t
        return f"{name}({inner})"
    if kind == "power":
        return f"({t})^{draw(st.sampled_from(['2', '3', '-1', '0.5']))}"
    return f"-({t})"


@st.composite
def formulas(draw: st.DrawFn) -> str:
    """A random tree over 2 to 6 leaves with unary ops sprinkled on, as formula text."""
    pieces = draw(st.lists(leaf, min_size=2, max_size=6))
    while True:
        for _ in range(draw(st.integers(0, 2))):
            i = draw(st.integers(0, len(pieces) - 1))
            pieces[i] = draw(unary(pieces[i]))
        if len(pieces) == 1:
            return pieces[0]
        i = draw(st.integers(0, len(pieces) - 2))
        a, b = pieces[i], pieces.pop(i + 1)
        op = draw(st.sampled_from(BINARY))
        pieces[i] = f"({a})/(1+({b})^2)" if op == "/1+" else f"({a}){op}({b})"


# Half the points positive, where log and sqrt are defined; all rounded, as a student's are.
coordinate = st.one_of(st.floats(min_value=0.1, max_value=3), st.floats(min_value=-3,
                                                                        max_value=3))
points = st.fixed_dictionaries({
    name: coordinate.map(lambda v: round(v, 3)) for name in INPUTS
})


def to_sympy(node, symbols):
    """The sympy expression of a parsed tree, via the op table's sympy counterparts."""
    if isinstance(node, Num):
        return sp.Rational(node.text)
    if isinstance(node, Name):
        return symbols[node.name]
    assert isinstance(node, Call)
    return node.op.sympy(sp, *(to_sympy(a, symbols) for a in node.args))


def _jumps_everywhere(op) -> bool:
    """Does the op jump at every whole number (floor, ceil, %, //), probed through its own
    kink notes? Differences across such steps measure the staircase's average slope, not the
    derivative (which is 0, or 1 for %, between the steps), at any point."""
    return op.kink is not None and all(op.kink(*(a, 1.0)[:op.arity]) for a in (2.0, 3.0, -3.0))


STAIRCASES = {op.name for op in ops.OPS if op.arity and _jumps_everywhere(op)}


def near_kink(ev) -> bool:
    """Is any kinked op's argument close to its kink (where differences mislead)?"""
    trace = ev.trace
    for eq in trace.equations:
        if eq.op.name in [*KINKED, *RESTRICTED]:
            arg = eq.args[0]
            value = arg.value if not isinstance(arg, int) else ev.values[trace.position(arg)]
            if abs(value) < 1e-3:
                return True
    return False


def flat_zero(derivative: sp.Expr) -> sp.Expr:
    """sympy's slope of sign and step is DiracDelta (or an unevaluated Derivative): 0 off the
    kink, and the points here are off it (a kink gives a warning, and those are assumed
    away)."""
    derivative = derivative.replace(sp.DiracDelta, lambda *_: sp.S.Zero)
    return derivative.replace(
        lambda e: isinstance(e, sp.Derivative) and isinstance(e.expr, (sp.sign, sp.Heaviside)),
        lambda e: sp.S.Zero)


def at_point(expr, subs):
    """sympy's value of ``expr`` at ``subs`` to 30 digits. evalf leaves a Heaviside (step)
    unevaluated where sympy cannot tell its argument's sign (tan(exp(2))): then each step's
    argument is evaluated first."""
    value = expr.evalf(30, subs=subs)
    if not value.has(sp.Heaviside):
        return value
    return expr.xreplace(subs).replace(
        lambda e: isinstance(e, sp.Heaviside),
        lambda e: e.func(*(a.evalf(30) for a in e.args))).evalf(30)


def ill_conditioned(ev) -> bool:
    """Does the output amplify the rounding of some row past what the comparisons allow? A row's
    rounding (relative 1e-16) reaches the output scaled by its relative condition
    |∂y/∂v_i| |v_i| / |y|, composed along every path, so that condition is accumulated here by a
    small backward pass of its own: over 1e6 no exact oracle can judge floats to 1e-9.
    ``x1*x1/x1 - x2`` at 0.1 is 1.4e-17 in floats and 0 exactly; ``sin(exp(13.5))`` rounds
    ``exp`` to 7e5 and ``sin`` turns that rounding into 2e-8 of its value."""
    trace = ev.trace
    offset = len(trace.inputs) - 1
    for _, out in trace.outputs:
        y = abs(ev.value(out))
        bar = [0.0] * (offset + trace.last + 1)
        bar[offset + out] = 1.0
        for i in range(out, 0, -1):
            if not bar[offset + i]:
                continue
            if abs(bar[offset + i] * ev.value(i)) > 1e6 * y:
                return True
            for k, arg in enumerate(trace.equations[i - 1].args):
                reach = abs(bar[offset + i] * ev.partials[i - 1][k])
                if isinstance(arg, int):
                    bar[offset + arg] += reach
                elif reach * abs(arg.value) * folding_error(arg) > 1e-10 * y:
                    return True
    return False


def folding_error(constant) -> float:
    """The relative error of a constant folded in floats (at least a float's rounding, 1e-16):
    tan(sec(1.5)) is 2993.67, near tan's pole at 9π/2, and 4e-12 off its exact value, which
    sin(… + tan(sec(1.5))) turns into 2.4e-9 of the output; sympy's exact value judges it."""
    try:
        exact = complex(to_sympy(constant.expr, {}).evalf(30))
    except (TypeError, ValueError):
        return math.inf  # no number to sympy (cot(pi) is zoo): nothing to judge the float by
    if exact.imag or not math.isfinite(exact.real):
        return math.inf
    if exact.real == 0:
        return 0.0 if constant.value == 0 else math.inf
    return max(1e-16, abs(constant.value - exact.real) / abs(exact.real))


def path_scale(ev, name: str) -> float:
    """The sum over every path from input ``name`` to the output of |product of partials|:
    what a derivative's rounding scales with. Where paths cancel (x2/x2 under exp: ±5e5 each,
    0 in all), each mode's sum is rounding of that size, 1e-11 here, not of the derivative's."""
    trace = ev.trace
    offset = len(trace.inputs) - 1
    size = [0.0] * (offset + trace.last + 1)
    size[trace.inputs.index(name)] = 1.0
    for i, eq in enumerate(trace.equations, start=1):
        size[offset + i] = sum(abs(ev.partials[i - 1][k]) * size[offset + a]
                               for k, a in enumerate(eq.args) if isinstance(a, int))
    return max(size[offset + out] for _, out in trace.outputs)


def evaluate_at(formula: str, point: dict[str, float]) -> float:
    ev = pipeline.prepare(formula, point)
    return ev.outputs[ev.trace.output_names[0]]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=formulas(), point=points)
@example(formula="step((exp(exp(exp(x1)) + x1) + x1)/tan(exp(2)))",  # sympy's Heaviside
         point={"x1": 0.5, "x2": 0.5, "x3": 0.5})  # of an argument whose sign it cannot tell
@example(formula="floor(((((((x1)+(x1))+(x2))*(x2))+(x2))/(x1))^3)",  # differences across
         point={"x1": 0.109, "x2": 2.0, "x3": 1.0})  # many steps of a staircase
@example(formula="atan(cot(pi))+x1",  # floats define it (cot(pi) is -8e15); sympy's value is
         point={"x1": 0.5, "x2": 0.5, "x3": 0.5})  # an interval, no number to compare with
@example(formula="(((x1)+(x1))+(sign(cot(pi))))+((x1)+(x1))",  # sympy leaves sign(zoo): no
         point={"x1": 1.0, "x2": 1.0, "x3": 1.0})  # number to compare with (floats: -1)
@example(formula="exp(-((-((x2)/(x2)))/(((x3)/((-(x1))-((x3)*(x3))))^2)))",  # ∂/∂x2: 0 as
         point={"x1": 1.0, "x2": 1.438, "x3": 3.0})  # ±5e5 that cancel, 8e-11 vs 6e-11
@example(formula="sin(((tan(sec(1.5)))+((exp(exp((x1)+(x1))))+((x1)+(x1))))+(x1))",  # a constant
         point={"x1": 1.0, "x2": 1.0, "x3": 1.0})  # folded near tan's pole, 4e-12 off
def test_forward_reverse_sympy_and_differences_agree(formula, point):
    used = {k: v for k, v in point.items() if k in formula}
    try:
        ev = pipeline.prepare(formula, used)
    except TracerError:
        event("outside the domain or constant")
        return  # outside the domain, or a constant formula: a clear error is the right answer
    assume(ev.trace.n > 0 and not ev.warnings)
    event(f"rows: {min(ev.trace.last, 12) // 4 * 4}+")
    out = ev.trace.output_names[0]
    y = ev.outputs[out]
    # Where an intermediate value is huge, floats cannot carry it through sin or cos (at 1e19
    # a float's spacing is thousands): no oracle can judge that point, so none is asked to.
    assume(max(abs(v) for v in ev.values) < 1e6)
    assume(not ill_conditioned(ev))
    forward = pipeline.run_forward(ev).jacobian[out]
    reverse = pipeline.run_reverse(ev).jacobian[out]
    symbols = {name: sp.Symbol(name, real=True) for name in ev.trace.inputs}
    expr = to_sympy(parse(formula).statements[0].expr, symbols)
    subs = {symbols[k]: sp.Float(v, 30) for k, v in used.items()}
    value = at_point(expr, subs)
    # No number where sympy's value is an interval (atan(cot(pi)): cot(pi) is zoo to it), or
    # no number at all (sign(cot(pi)) stays sign(zoo)): floats define both, sympy neither.
    try:
        exact_value = complex(math.nan) if isinstance(value, sp.AccumBounds) else complex(value)
    except TypeError:
        exact_value = complex(math.nan)
    # Floats may define what exact arithmetic does not: sin(pi) is 1.2e-16, not 0.
    assume(math.isfinite(exact_value.real) and exact_value.imag == 0)
    assert exact_value.real == pytest.approx(y, rel=1e-9, abs=1e-9)
    for name in ev.trace.inputs:
        # both are sums of the same path products, rounded in two orders: they agree to the
        # rounding of those products' size (1e-12 where they do not cancel, as before)
        assert forward[name] == pytest.approx(reverse[name], rel=1e-9,
                                              abs=1e-12 * max(1.0, path_scale(ev, name)))
        derivative = flat_zero(sp.diff(expr, symbols[name]))
        exact = float(at_point(derivative, subs))
        assume(abs(exact) < 1e8)
        assert reverse[name] == pytest.approx(exact, rel=1e-7, abs=1e-9), (formula, name)
        if near_kink(ev) or any(eq.op.stop or eq.op.name in STAIRCASES
                                for eq in ev.trace.equations):
            continue  # differences mislead at a kink and across a staircase's steps; a
            # stop-gradient's slope is 0 by definition
        h = 1e-5 * max(1.0, abs(used[name]))
        try:
            up = evaluate_at(formula, {**used, name: used[name] + h})
            down = evaluate_at(formula, {**used, name: used[name] - h})
        except TracerError:
            continue  # the step left the domain
        central = (up - down) / (2 * h)
        tolerance = 1e-4 * max(1.0, abs(exact), abs(y))
        try:  # the same difference with a tenth of the step
            finer = (evaluate_at(formula, {**used, name: used[name] + h / 10})
                     - evaluate_at(formula, {**used, name: used[name] - h / 10})) / (h / 5)
        except TracerError:
            continue
        if abs(central - finer) > tolerance:
            continue  # the differences have not converged: they cannot judge this point
        assert finer == pytest.approx(exact, abs=tolerance), (formula, name)


ALPHABET = "x1y2+-*/^(),.e =;#@\n\t$sinlogexpabsqrt0123456789πé'\"\\"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_any_text_gives_a_result_or_a_tracer_error(text):
    try:
        program = parse(text)
    except TracerError as exc:
        assert exc.message and (exc.pos is None or 0 <= exc.pos <= len(text))
        return
    names = program.assigned
    point = {name: 0.7 for name in _names(text) if name not in names}
    try:
        ev = pipeline.prepare(text, point)
        pipeline.run_forward(ev)
        pipeline.run_reverse(ev)
    except TracerError as exc:
        assert exc.message


def _names(text: str) -> set[str]:
    import re

    return set(re.findall(r"[^\W\d]\w*", text)) - set(ops.FUNCTIONS) - set(ops.CONSTANTS)


@settings(max_examples=150, deadline=None)
@given(formula=formulas(), values=st.lists(
    st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=64),
              st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1.0, -1.0])),
    min_size=3, max_size=3))
def test_extreme_points_give_a_result_or_a_tracer_error(formula, values):
    point = {name: v for name, v in zip(INPUTS, values, strict=True) if name in formula}
    try:
        ev = pipeline.prepare(formula, point)
        for run in (pipeline.run_forward(ev), pipeline.run_reverse(ev)):
            for p in run.passes:
                assert all(isinstance(v, (int, float)) for v in p.column)
    except TracerError as exc:
        assert exc.message


def test_the_oracle_agrees_on_the_lecture_formula():
    symbols = {n: sp.Symbol(n, real=True) for n in ("x1", "x2")}
    expr = to_sympy(parse("x1*x2+x2-log(x1)").statements[0].expr, symbols)
    assert sp.diff(expr, symbols["x1"]).subs({symbols["x1"]: 3, symbols["x2"]: -4}) == \
        sp.Rational(-13, 3)
    assert math.isclose(float(expr.subs({symbols["x1"]: 3, symbols["x2"]: -4})),
                        -16 - math.log(3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=formulas(), point=points)
@example(formula="(((exp(x1))+(x1))//(x1))//((-(x1))%(x3))",
         point={"x1": 1.0, "x2": 1.0, "x3": 0.512})  # a floor at a quotient of exactly 125
def test_exact_mode_agrees_with_float_mode(formula, point):
    """Exact values come another way (sympy counterparts, partial templates): same numbers."""
    used = {k: v for k, v in point.items() if k in formula}
    try:
        floats = pipeline.prepare(formula, used)
        exact = pipeline.prepare(formula, used, exact=True)
    except TracerError:
        return
    assume(floats.trace.n > 0 and not floats.warnings)
    assume(max(abs(v) for v in floats.values) < 1e6)
    # A constant the floats cannot hold faithfully (sin(pi) is 1.2e-16, not 0, and its square
    # root 1e-8) makes the two arithmetics differ by design, not by a fault of either.
    from tracer.analysis.exact import exact as exactly

    constants = [a for eq in floats.trace.equations for a in eq.args if not isinstance(a, int)]
    assume(all(math.isclose(c.value, float(exactly(c)), rel_tol=1e-12, abs_tol=1e-15)
               for c in constants))
    # Where the formula itself amplifies rounding, floats are as good as floats get and still
    # differ from the exact values by more than 1e-9 (exp(x1) % ((x2^3) % x1) at (2.963,
    # 2.873): a remainder of a large quotient, about 1,900-fold): compare at points where a
    # relative nudge of 1e-12 to the inputs, all together or one at a time, moves no value by
    # more than 1e-10 of itself. (One at a time too: 3 // (-x1 % x3) at (1, 0.512) is 3 //
    # 0.024, exactly 125, and 124 in floats, whose remainder rounds up; nudging x1 and x3
    # together keeps their ratio, and the quotient, where it was.)
    for nudge in [set(used), *({k} for k in used)] if len(used) > 1 else [set(used)]:
        try:
            nudged = pipeline.prepare(formula, {k: v * (1 + 1e-12) if k in nudge else v
                                                for k, v in used.items()})
        except TracerError:  # the nudge leaves a domain: the point is at its edge
            assume(False)
        assume(all(math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-13)
                   for a, b in zip(floats.values, nudged.values, strict=True)))
    # Each exact value to a float as tracer's tables do (exact.to_float, part by part): a
    # value whose parts repeat, evaluated by sympy's float() as one tree, took minutes (an
    # Abs over nested powers, seen once in about fifteen runs).
    from tracer.analysis.exact import to_float

    for f, e in zip(floats.values, exact.values, strict=True):
        assert to_float(e) == pytest.approx(f, rel=1e-9, abs=1e-12), formula
    fr = pipeline.run_reverse(floats).passes[0].result
    er = pipeline.run_reverse(exact).passes[0].result
    for name in fr:
        assert to_float(er[name]) == pytest.approx(fr[name], rel=1e-7, abs=1e-9), (formula, name)
