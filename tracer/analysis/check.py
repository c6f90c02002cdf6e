"""``tracer check``: autodiff against the symbolic derivative and against finite differences.

For every input it sets side by side: the derivative by forward and by reverse mode (which must
agree), sympy's symbolic derivative as a formula and its value, and forward and central
differences for h = 10⁻¹ … 10⁻¹², each with its error against the symbolic value. The errors
first fall as h shrinks (truncation: O(h) forward, O(h²) central) and then rise again
(round-off: f(x + h) − f(x) cancels the digits that carry the answer), which is the lecture's
case against finite differences. It also compares the size of the symbolic derivative with the
size of the trace.

The symbolic side is built from what the program computed at the point: the trace, row by row
through each op's sympy counterpart in the op table, so loops are unrolled, the branches taken
are the ones in it, calls are inlined and arrays are scalars (``a[0]`` is a symbol of its own).
Where a decision of the program read the inputs, the formula is that of the path taken here
(``CheckRun.input_decisions``). User text never reaches sympify. sympy is imported by the
functions that use it: the results are plain data (``tracer.analysis.results``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tracer import pipeline
from tracer.analysis import dag
from tracer.analysis.results import (
    TOLERANCE,
    CheckRun,
    Difference,
    InputCheck,
    Size,
    sizes,
)
from tracer.core import cost
from tracer.core.evaluate import Evaluation, evaluate
from tracer.core.interpret import constant_text
from tracer.core.nodes import Call, Node, Num, walk
from tracer.core.wengert import Const, Trace
from tracer.errors import DomainError, LimitError, TracerError

if TYPE_CHECKING:
    import sympy as sp

__all__ = ["TOLERANCE", "CheckRun", "Difference", "InputCheck", "Size", "check", "sizes"]

STEPS = tuple(10.0 ** -k for k in range(1, 13))


def step_power(value: float) -> int:
    """The power of ten the steps h = 10⁻¹ … 10⁻¹² are taken relative to at an input's
    value: 0, unless the smallest step would not move it at all (x + 10⁻¹² == x, from about
    4,500 on); then that of the value (at x = 10¹⁵ the floats are 0.125 apart: h = 10¹⁴ …
    10³)."""
    if not math.isfinite(value) or value + STEPS[-1] != value:
        return 0
    return math.floor(math.log10(abs(value)))


def steps_at(value: float, steps: Sequence[float] = STEPS) -> tuple[float, ...]:
    """The steps of the differences along an input at ``value`` (see ``step_power``), each
    a power of ten exactly."""
    power = step_power(value)
    return tuple(steps) if power == 0 else \
        tuple(10.0 ** (power + round(math.log10(h))) for h in steps)

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
CAP = 10 ** 15  # substituted sizes are counted up to this (a loop doubles them each turn)
CONSTANT_SIZE = 200  # a folded constant written as a larger tree is the number it came to
POWER_LIMIT = 1_000  # … and so is one raising a number to a larger power (1.0000001^10^9)


def check(ev: Evaluation) -> CheckRun:
    """Compare autodiff, the symbolic derivative and finite differences for each input."""
    import sympy as sp

    from tracer.analysis.exact import exact, to_float

    trace = ev.trace
    output, index = _output(trace)
    cost.nested(trace, "symbolic differentiation")
    affordable(trace, index, output)
    expr = expression(trace, index)
    symbols = {s.name: s for s in expr.free_symbols}
    # The point autodiff computed at: a float's own binary value (not the decimal it prints
    # as), so that near a pole (tan at the float nearest π/2) both see the same point.
    leaves = {symbols[x]: sp.Float(v if type(v) is float else exact(v), DIGITS)
              for x, v in zip(trace.inputs, _point(ev), strict=True) if x in symbols}
    # autodiff's numbers as floats, an exact run's worked out part by part (sympy's float()
    # of three steps of s = sqrt(log(s + 3) + s*s) walked every repeat: 2 minutes)
    forward = {x: to_float(v) for x, v in
               pipeline.run_forward(ev).jacobian[output].items()}  # type: ignore[index]
    reverse = {x: to_float(v) for x, v in pipeline.run_reverse(ev).passes[0].result.items()}
    size = sizes_summed(ev, output)
    checks = []
    written = 0
    for x in trace.inputs:
        formula = dag.derivative(expr, symbols[x]) if x in symbols else sp.Integer(0)
        ops = dag.operations(formula)
        name = f"∂{output}/∂{x}"
        value, note = symbolic_value(formula, ops, leaves, symbols.get(x), name,
                                     lambda x=x: defined_sides(ev, x))  # type: ignore[misc]
        if value is None and note is None:
            note = undefined_note(name, _shown(formula, ops, _subs(leaves, ops)),
                                  float(reverse[x]))
        elif value is not None and math.isnan(reverse[x]):
            note = (f"{note}; " if note else "") + NAN_NOTE
        written += ops
        c = InputCheck(
            x, float(forward[x]), float(reverse[x]), formula if written <= WRITTEN else None,
            value, ops, None,
            differences(ev, x, steps_at(float(ev.point[x])),
                        float(reverse[x]) if value is None else value), note,
            beyond=bool(note) and BEYOND in note, size=size.get(x, 0.0))
        # only sympy's value disagrees, at a kink on x's path: two conventions (relu at 0)
        if value is not None and not c.agrees and replace(c, kink=True).agrees and \
                kink_on_path(ev, x, index):
            c = replace(c, kink=True, note=(f"{note}; " if note else "") +
                        kink_note(name, value, c.reverse))
        checks.append(c)
    return CheckRun(ev, output, tuple(_simplify_largest(checks)), input_decisions(trace))


def sizes_summed(ev: Evaluation, output: str) -> dict[str, float]:
    """Each input's size of the terms its adjoint sums (``InputCheck.size``): one reverse
    sweep of the partials' absolute values, in floats."""
    from tracer.core.reverse import reverse

    number: Callable[[Any], float] = float
    if ev.exact:  # an exact partial is worked out part by part (sympy's float walks repeats)
        from tracer.analysis.exact import to_float as number

    def size(p: Any) -> float:
        try:
            return abs(number(p))
        except (TypeError, ValueError, OverflowError, AttributeError):  # a constant's slot
            return 0.0

    partials = tuple(tuple(size(p) for p in ps) for ps in ev.partials)
    values = tuple(size(v) for v in ev.values)
    sums = reverse(replace(ev, values=values, partials=partials, exact=False), {output: 1.0})
    return {x: size(sums[k]) for k, x in enumerate(ev.trace.inputs)}


def kink_on_path(ev: Evaluation, x: str, index: int) -> bool:
    """Does row ``index`` depend on ``x`` through a row evaluated at its op's kink (relu or
    |x| at 0, max at a tie: a warning of the evaluation)?"""
    trace = ev.trace
    n = trace.n
    kinks = {w.row for w in ev.warnings if w.rule and trace.equation(w.row).op.kink is not None}
    if not kinks:
        return False
    needed = trace.needed([index])
    reached = [False] * (n + trace.last)
    reached[trace.inputs.index(x)] = True
    for i in range(1, index + 1):
        pos = i + n - 1
        if any(type(a) is int and reached[a + n - 1] for a in trace.equations[i - 1].args):
            reached[pos] = True
            if i in kinks and needed[pos]:
                return True
    return False


def kink_note(name: str, symbolic: float, autodiff: float) -> str:
    """Why autodiff and sympy differ at a kink, and why that is no disagreement."""
    return (f"{name} is taken where the function is not differentiable (a kink on this "
            f"input's path, see the warning): sympy's formula gives {_plain(symbolic)} there "
            f"and autodiff follows tracer's convention, {_plain(autodiff)}; the "
            "slopes on either side differ, so neither value is the derivative and the two are "
            "not counted as a disagreement")


def _plain(value: float) -> str:
    return format(value, ".10g")


def _output(trace: Trace) -> tuple[str, int]:
    """The one output checked, and its row."""
    name, index = trace.one_output("check compares one output at a time")
    if type(index) is not int:  # a constant: no row, and nothing to differentiate
        raise TracerError(f"the output {name} is a constant ({constant_text(index)}): it does "
                          "not depend on the inputs, so there is no derivative to check")
    return name, index


def input_decisions(trace: Trace) -> int:
    """How many of the program's decisions read a value computed from the inputs."""
    return sum(1 for c in trace.controls if c.on_inputs)


def expression(trace: Trace, index: int) -> sp.Expr:
    """Row ``index`` of the trace as one sympy expression in the inputs (real symbols named as
    the inputs are, ``x1``, ``a[0]``): each row it depends on once, through its op's sympy
    counterpart, so the expression shares what the trace shares."""
    import sympy as sp

    n = trace.n
    needed = trace.needed([index])
    values: list[Any] = [sp.Symbol(x, real=True) for x in trace.inputs] + [None] * trace.last
    constants: dict[int, Any] = {}  # by identity: hashing a folded tree walks all of it
    for i in range(1, index + 1):
        if not needed[i + n - 1]:
            continue
        eq = trace.equations[i - 1]
        args = []
        for a in eq.args:
            if type(a) is int:
                args.append(values[a + n - 1])
            else:
                found = constants.get(id(a))
                if found is None:
                    found = constants[id(a)] = constant(a)  # type: ignore[arg-type]
                args.append(found)
        values[i + n - 1] = eq.op.sympy(sp, *args)
    return values[index + n - 1]


def constant(c: Const) -> sp.Expr:
    """A folded constant as the exact number it was written as (``pi/3``, ``1/2`` for 0.5);
    one folded from a long computation (a loop squaring it) or raised to a large power is the
    exact value of its float instead, whose digits sympy can hold."""
    from tracer.analysis.exact import exact, number

    if _tree_size(c.expr, CONSTANT_SIZE) > CONSTANT_SIZE:
        return exact(c.value)
    import sympy as sp

    stack: list[Any] = []
    for node in walk(c.expr):
        if isinstance(node, Num):
            stack.append(number(node))
            continue
        k = len(node.args)
        args = stack[len(stack) - k:] if k else []
        del stack[len(stack) - k:]
        if node.op.name == "pow" and _large_power(args[0], args[1]):
            return exact(c.value)
        stack.append(node.op.sympy(sp, *args))
    return stack[-1]


def _large_power(base: Any, power: Any) -> bool:
    """Would base^power be a number of too many digits for sympy to write (exactly)?"""
    return bool(power.is_number and abs(power) > POWER_LIMIT
                and base.is_number and base not in (0, 1, -1))


def _tree_size(node: Node, limit: int) -> int:
    """Nodes of a tree, counted to just past ``limit`` (a constant folded in a loop is a
    tree exponentially larger than the graph it shares)."""
    count = 0
    stack = [node]
    while stack and count <= limit:
        n = stack.pop()
        count += 1
        if isinstance(n, Call):
            stack.extend(n.args)
    return count


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


def affordable(trace: Trace, index: int, output: str) -> None:
    """Refuse, before any of it is done, a check over its budgets (see above)."""
    size = substituted_size(trace, index)
    if size > SYMBOLIC_LIMIT:
        shown = f"about {size:,}" if size < CAP else "more than 10¹⁵"
        raise LimitError(
            f"written out as one formula, {output} would have {shown} operations (tracer "
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
                   x: sp.Symbol | None, name: str,
                   sides: Callable[[], tuple[str, ...]] = lambda: ("+", "-"),
                   ) -> tuple[float | None, str | None]:
    """The symbolic derivative's value at the point, and a note when it is not simply that:
    ±∞ where the slope is infinite; where sympy's formula is undefined (0·ln 0 in ∂(0^p)/∂p,
    1/(2√0) in ∂√x/∂x, an infinity without a sign), its limit if it has one, from the
    ``sides()`` where the function is defined (``defined_sides``: √x at 0 from the right, asin x
    at 1 from the left); else (None, None), and ``undefined_note`` says why autodiff has a
    value there. A Dirac delta (the derivative of sign or step at its jump) is an error."""
    import sympy as sp

    value = dag.numeric(formula, leaves)
    subs = _subs(leaves, ops)
    if value.is_Number and value.is_extended_real:
        if value.is_finite:
            number = float(value)  # 10³⁰⁰/x at x = 10⁻³⁰⁰ is 10⁶⁰⁰: finite, but ∞ as a float
            return number, (beyond_note(name, value) if math.isinf(number) else None)
        return float(value), (f"sympy's formula for {name} is {_infinity(value)} at this point: "
                              "the slope is infinite here")
    if value.has(sp.DiracDelta):
        raise TracerError(
            f"the symbolic derivative {name} is not a finite real number at this point "
            f"({_shown(formula, ops, subs)}): it is a Dirac delta at the jump of a step or sign, "
            "where autodiff uses the slope 0 (see the warning); check another point")
    if x is not None and ops <= LIMIT_SIZE and not formula.has(sp.DiracDelta):
        # (sympy's limit of a Dirac delta away from its jump can run for minutes)
        found = _limit(formula, subs, x, sides())
        if found is not None:
            limit, side = found
            undefined = f"sympy's formula for {name} is undefined at this point " \
                        f"({_shown(formula, ops, subs)})"
            if limit.is_finite:
                return float(limit), f"{undefined}; its limit {side}, {limit}, is shown"
            return float(limit), (f"{undefined}; its limit {side}, {_infinity(limit)}, is shown: "
                                  "the slope is infinite here")
    return None, None


BEYOND = "finite, but beyond the largest float"


def beyond_note(name: str, value: Any) -> str:
    """Why sympy's finite value and autodiff's are ∞: an overflow, not an infinite slope."""
    return (f"sympy's value of {name} is {value:.4e}: {BEYOND} (about 1.8e+308), so it is ∞ "
            "in floats, as autodiff's is: an overflow, not an infinite slope (exact "
            "arithmetic, --exact, computes it)")


NAN_NOTE = ("autodiff's nan follows tracer's convention for infinite slopes: paths through them "
            "of both signs (+∞ and -∞) add up to nan")


def undefined_note(name: str, shown: str, autodiff: float) -> str:
    """Why autodiff has a value where sympy's formula has none (nor a limit tracer could take):
    the convention that gave it, by what it is."""
    undefined = f"sympy's formula for {name} is undefined at this point ({shown})"
    if math.isinf(autodiff):
        return (f"{undefined}; autodiff's {_infinity(autodiff)} is an infinite slope (see the "
                "warning), so it is compared with finite differences only")
    if math.isnan(autodiff):
        return f"{undefined}; {NAN_NOTE}, so there is nothing to compare the differences with"
    return (f"{undefined}; autodiff's value follows tracer's convention there: a product with a "
            "zero factor is zero, even where the other factor is infinite or undefined "
            "(∂(0^p)/∂p = 0^p ln 0 = 0 and ∂(x^0)/∂x = 0 at 0, as autograd does), so it is "
            "compared with finite differences only")


def _infinity(value: Any) -> str:
    return "∞" if value > 0 else "-∞"


def _subs(leaves: dict[sp.Symbol, sp.Float], ops: int) -> dict[sp.Symbol, sp.Expr]:
    """The point as exact numbers, for a formula small enough to take its limit or show."""
    import sympy as sp

    return {s: sp.Rational(v) for s, v in leaves.items()} if ops <= LIMIT_SIZE else {}


def _limit(formula: sp.Expr, subs: dict[sp.Symbol, sp.Expr], x: sp.Symbol,
           sides: tuple[str, ...]) -> tuple[sp.Expr, str] | None:
    """The limit as ``x`` approaches its value from ``sides`` ("+", "-"), the other inputs held
    at theirs, and in words from where: both sides when they agree (``"there"``), or the one
    side where the function is defined. None where sympy cannot say, or two sides differ."""
    others = {s: v for s, v in subs.items() if s != x}
    f = formula.xreplace(others)
    if not sides:
        return None
    limits = set()
    for direction in sides:
        limit = _one_sided(f, x, subs[x], direction)
        if limit is None:
            return None
        limits.add(limit)
    if len(limits) != 1:
        return None
    where = "there" if len(sides) == 2 else \
        f"from the {'right' if sides == ('+',) else 'left'}, where the function is defined"
    return limits.pop(), where


def defined_sides(ev: Evaluation, x: str) -> tuple[str, ...]:
    """From which sides of the point ("+", "-") the function is defined along ``x``: both,
    except at the edge of its domain (√x at 0: from the right; asin x at 1: from the left)."""
    trace = ev.trace
    point = {name: float(v) for name, v in zip(trace.inputs, _point(ev), strict=True)}
    index = trace.outputs[0][1]
    step = STEPS[-1] * max(1.0, abs(point[x]))
    return tuple(d for d, h in (("+", step), ("-", -step))
                 if _at(trace, {**point, x: point[x] + h}, index)[0] is not None)


def _one_sided(f: sp.Expr, x: sp.Symbol, at: sp.Expr, direction: str) -> sp.Expr | None:
    """sympy's limit from one side, when it is a real number or ±∞."""
    import sympy as sp

    try:
        limit = sp.limit(f, x, at, dir=direction)
    except (ValueError, NotImplementedError, TypeError, ArithmeticError, RecursionError):
        return None
    return limit if limit.is_number and limit.is_extended_real else None


def _shown(formula: sp.Expr, ops: int, subs: dict[sp.Symbol, sp.Expr]) -> str:
    """The formula at the point as sympy leaves it (nan, 2*DiracDelta(0)), when short."""
    if ops > LIMIT_SIZE:
        return "a long formula"
    return str(formula.subs(subs))


def substituted_size(trace: Trace, index: int) -> int:
    """How many nodes row ``index`` has written out as one formula in the inputs (every row
    it reads replaced by its formula, a row read twice counted twice, a constant as the tree
    it was written as), counted on the trace without building it, up to CAP."""
    n = trace.n
    size = [1] * (n + index)
    constants: dict[int, int] = {}  # by identity, as in expression()
    for i in range(1, index + 1):
        total = 1
        for a in trace.equations[i - 1].args:
            if type(a) is int:
                total += size[a + n - 1]
            else:
                found = constants.get(id(a))
                if found is None:
                    found = constants[id(a)] = min(_tree_size(a.expr, CONSTANT_SIZE),  # type: ignore[union-attr]
                                                   CONSTANT_SIZE)
                total += found
        size[i + n - 1] = min(total, CAP)
    return size[index + n - 1]


def simplified(formula: sp.Expr, operations: int) -> sp.Expr | None:
    """The formula simplified: by sympy's simplify when small; when larger, the shortest of a
    few cheap rewrites (simplify alone took 5 s a derivative on the lecture's network); None
    above REWRITE_LIMIT operations, where even those take seconds."""
    import sympy as sp

    if operations <= SIMPLIFY_LIMIT and not _hyperbolic_of_sums(formula) and \
            not _trig_of_high_powers(formula):
        return sp.simplify(formula)
    if operations > REWRITE_LIMIT:
        return None
    candidates = [formula, sp.factor_terms(formula), sp.together(formula), sp.powsimp(formula)]
    return min(candidates, key=dag.operations)


def _hyperbolic_of_sums(formula: sp.Expr) -> bool:
    """Does a hyperbolic function stand over a sum or another hyperbolic function (a tanh
    layer's tanh(w1 x1 + w2 x2 + b), tanh(w tanh(x) + b))? sympy's simplify rewrites those
    through exponentials: 0.5 s for one such tanh, 3 s a derivative of a two-unit layer (24 s
    to check it), 9 s a derivative for three levels, minutes as a program; the cheap rewrites
    take ms and lose nothing there (simplify gave x0 - x0 tanh(s)² for x0 (1 - tanh(s)²))."""
    import sympy as sp
    from sympy.functions.elementary.hyperbolic import HyperbolicFunction

    return any(a.has(HyperbolicFunction, sp.Add)
               for f in formula.atoms(HyperbolicFunction) for a in f.args)


# sympy's trigsimp expands a trigonometric function's argument: sin((x² + 1)³)'s derivative
# simplifies in 1.3 s, sin((x y + 1)⁴)'s or sin(((x² + 1)² + 1)²)'s in minutes.
TRIG_DEGREE = 7
# and it writes a power of one out as a list of its factors: sin(x)^(10⁵)'s derivative took
# 6 s to simplify, sin(x)^(10⁷)'s minutes, sin(x)^(10¹⁰)'s a MemoryError
TRIG_POWER = 1_000


def _trig_of_high_powers(formula: sp.Expr) -> bool:
    """Does a trigonometric or hyperbolic function stand over a polynomial of degree
    TRIG_DEGREE or more (counted as written: (x² + 1)⁴ is 8), or under a power above
    TRIG_POWER? sympy's simplify expands it."""
    import sympy as sp
    from sympy.functions.elementary.hyperbolic import HyperbolicFunction
    from sympy.functions.elementary.trigonometric import TrigonometricFunction

    trig = (TrigonometricFunction, HyperbolicFunction)
    return any(_degree(a) >= TRIG_DEGREE
               for f in formula.atoms(*trig) for a in f.args
               if a.has(sp.Pow)) or any(
        p.exp.is_Number and abs(p.exp) > TRIG_POWER and p.base.has(*trig)
        for p in formula.atoms(sp.Pow))


def _degree(e: sp.Expr) -> int:
    """A polynomial's degree as written, without expanding it (a function's value counts as
    one variable: sin(x)² is 2)."""
    if e.is_Number or e.is_NumberSymbol:
        return 0
    if e.is_Add:
        return max(_degree(a) for a in e.args)
    if e.is_Mul:
        return sum(_degree(a) for a in e.args)
    if e.is_Pow and e.exp.is_Integer and e.exp > 0:
        return int(e.exp) * _degree(e.base)
    return 1


def _point(ev: Evaluation) -> list[Any]:
    return list(ev.values[:ev.trace.n])


def differences(ev: Evaluation, x: str, steps: Sequence[float],
                symbolic: float) -> tuple[Difference, ...]:
    """Forward and central differences of the output along ``x`` at each of ``steps``, with
    their errors against ``symbolic`` (the error-versus-h plot asks for finer steps): the
    symbolic value, or autodiff's where sympy's formula has none (InputCheck.reference). No
    error where that is not finite: at an infinite slope the differences grow without bound,
    and no step is best."""
    trace = ev.trace
    point = {name: float(v) for name, v in zip(trace.inputs, _point(ev), strict=True)}
    index = trace.outputs[0][1]
    base = float(ev.values[trace.position(index)])
    out = []
    for h in steps:
        up, up_gap = _at(trace, {**point, x: point[x] + h}, index)
        down, down_gap = _at(trace, {**point, x: point[x] - h}, index)
        fwd = (up - base) / h if up is not None else None
        cen = (up - down) / (2 * h) if up is not None and down is not None else None
        measured = math.isfinite(symbolic)
        out.append(Difference(h, fwd, cen,
                              abs(fwd - symbolic) if fwd is not None and measured else None,
                              abs(cen - symbolic) if cen is not None and measured else None,
                              up_gap, up_gap or down_gap))
    return tuple(out)


def _at(trace: Any, point: dict[str, float], index: int) -> tuple[float | None, str]:
    """The output at a nearby point, or None and why: the step leaves the domain, or a value
    on the way overflows."""
    try:
        ev = evaluate(trace, point)
    except DomainError as exc:
        return None, "overflows" if exc.overflow else "outside the domain"
    except TracerError:
        return None, "outside the domain"
    return ev.values[trace.position(index)], ""
