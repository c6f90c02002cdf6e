"""Exact arithmetic: every value of a trace as an exact sympy number (ln 3, -13/3, √2/2).

This is the only module that imports sympy on an evaluation path, and it is imported only when
``--exact`` asks for it: the float path keeps its fast start. User text still never reaches
``sympify``: values are built from tracer's own trees, node by node, through each op's sympy
counterpart in the op table; numbers go through ``Rational`` of the digits the user wrote, so
an input of ``0.5`` is exactly 1/2.

Values come back to the printers as tracer's own display trees (``from_sympy``), so an exact
value prints as every other rule does: ``-13/3``, ``ln(3)``, ``√(2)/2`` in the terminal,
``-\\frac{13}{3}`` in LaTeX.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any

import sympy as sp
from mpmath.libmp import dps_to_prec, mpf_add, mpf_mul

from tracer.analysis.dag import fold
from tracer.core import cost, ops, rules
from tracer.core.evaluate import (
    Evaluation,
    RowWarning,
    check_point,
    evaluate,
    row_rule,
    rule_nodes,
    slope_note,
    slope_problem,
)
from tracer.core.nodes import Call, Name, Node, Num, walk
from tracer.core.printer import (
    LATEX,
    TEXT,
    ExactHooks,
    Shown,
    format_number,
    register_exact,
    render,
)
from tracer.core.wengert import Const, Trace
from tracer.errors import DomainError, LimitError, TracerError

MAX_ROWS = cost.EXACT_ROWS  # exact arithmetic is for traces a student reads
MAX_DEPTH = cost.EXACT_DEPTH  # sympy's printers and simplifiers recurse once per level
MAX_SIZE = 60  # an exact value with more operations than this is shown as a decimal only
MAX_LENGTH = 40  # … or longer than this, printed
SHARED = 2_000  # a value with more nodes than this, its parts' repeats counted, is worked
# out part by part, each distinct part once (sympy walks every repeat)
WORKING_DIGITS = 60  # … to this many digits
NUMERIC_PARTS = 100  # a value of more nodes than this, or nested deeper than NESTED levels,
NESTED = 12  # gets its number part by part too, and is built as it stands: sympy's evalf and
# its simplifications (is this sum positive?) raise the precision at each level of nesting,
# each level costing more than the last (u = tanh(w u + x) ten times: 6.9 s; thirty: minutes)


def number(node: Num) -> sp.Expr:
    """The exact number a numeral denotes: ``0.5`` is 1/2, ``2.5E+4`` is 25000."""
    if node.text is not None:
        return sp.Rational(node.text)
    return exact(node.value)


def exact(value: Any) -> sp.Expr:
    """A value as an exact sympy number: a Const by its expression, a float by its digits."""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, Const):
        return to_sympy(value.expr)
    if isinstance(value, int):
        return sp.Integer(value)
    return sp.Rational(repr(float(value)))


def to_sympy(node: Node, env: Mapping[str, sp.Expr] | None = None) -> sp.Expr:
    """A tracer tree as a sympy expression, through the op table (never through sympify)."""
    stack: list[sp.Expr] = []
    for n in walk(node):
        if isinstance(n, Num):
            stack.append(number(n))
        elif isinstance(n, Name):
            if env is None or n.name not in env:
                raise TracerError(f"{n.name} has no value here")
            stack.append(env[n.name])
        else:
            assert isinstance(n, Call)
            k = len(n.args)
            args = stack[len(stack) - k:] if k else []
            del stack[len(stack) - k:]
            stack.append(n.op.sympy(sp, *args))
    return stack[-1]


def finite(x: sp.Expr) -> bool:
    """Is an exact value a finite real number (not zoo, nan, ±oo or complex)?"""
    return not x.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I)


too_deep = cost.nested  # sympy recurses once per level of nesting


def evaluate_exact(trace: Trace, point: Mapping[str, Any]) -> Evaluation:
    """The primal sweep in exact arithmetic, with each row's partials from its templates.

    The float sweep runs first: it reports domain errors and kinks exactly as float mode does.
    A row that is defined in floats but not exactly (``1/sin(pi)``) is an error too. A slope
    sympy leaves without a sign (``1/(2√0)`` is zoo) is the signed infinity of float mode's
    convention (``infinite_slope``), so both print the same ∞ and give the same derivatives.
    """
    cost.exact(trace)
    floats = evaluate(trace, {k: to_float(exact(v)) for k, v in point.items()})
    warnings = [w for w in floats.warnings if not w.overflow]  # finite in exact arithmetic
    values: list[sp.Expr] = [exact(v) for v in check_point(trace, point)]
    partials: list[tuple[sp.Expr, ...]] = []
    off = trace.n - 1
    sizes: dict[sp.Basic, int] = {}
    nodes = 0

    def apply(op: ops.Op, xs: list[sp.Expr]) -> sp.Expr:
        return settled(op.sympy(sp, *xs))

    for i, eq in enumerate(trace.equations, start=1):
        args = [to_sympy(a.expr) if type(a) is Const else values[a + off] for a in eq.args]
        # sympy's functions look into a value they are given (is it a multiple of pi?),
        # walking every repeat of its parts: a large one (u = sin(u) + u, twelve times) is
        # taken as it stands, and its number worked out from its parts (``to_float``).
        small = not args or (max(_size(a, sizes) for a in args) <= SHARED and
                             simplifies(args))
        # Taken as it stands, u - u stays a difference: whether a value is finite is then
        # told by its number, not by its form (sympy's zoo never appears).
        is_finite = finite if small else finite_number
        if args and all(a.is_Rational for a in args) and any(abs(a) > 64 for a in args):
            cost.exact_digits(_power_digits(eq.op, args))  # a huge power: before sympy raises it
        with sp.evaluate(small), _undecided(trace, i):
            y = settled(eq.op.sympy(sp, *args))
            if not is_finite(y):
                raise DomainError(f"{row_rule(trace, i)}: undefined in exact arithmetic (the "
                                  f"exact result is {y})", trace.source, trace.offset(eq.pos),
                                  row=i)
            cost.exact_digits(_top_digits(y))
            nodes += _size(y, sizes)
            cost.exact_values(nodes, i)
            values.append(y)
            env = {rules.SLOTS[k]: a for k, a in enumerate(args)} | {"y": y}
            row = tuple(rules.evaluate_template(t, env, apply, number)
                        for t in rules.derivs(eq.op))
            if not all(is_finite(p) for p in row):
                row = infinite_slopes(trace, i, row, floats.partials[i - 1], warnings,
                                      is_finite)
            partials.append(row)
    if trace.controls:
        warnings += decided_otherwise(trace, floats.values, values)
    return Evaluation(trace, tuple(values), tuple(partials), tuple(warnings), exact=True)


_COMPARE = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq, "!=": sp.Ne}


def decided_otherwise(trace: Trace, floats: Sequence[float],
                      values: Sequence[sp.Expr]) -> list[RowWarning]:
    """A warning for each decision a comparison of which exact arithmetic decides the other
    way (``x + 0.2 == 0.3`` at x = 0.1: false in floats, 3/10 == 3/10 exactly;
    ``(x + 1e15) - 1e15 < 0.11``: 0.125 in floats, 1/10 exactly). The program runs as Python
    runs it, in floats, so its path is the floats'; the exact values beside it may differ."""
    out = []
    for c in trace.controls:
        if not c.on_inputs:
            continue
        # the exact value of each number the condition compared: a row's (by its float) or
        # a constant's, by its digits, as exact mode reads a constant
        rows = {floats[trace.position(r)]: values[trace.position(r)] for r in c.reads
                if trace.first <= r <= trace.last}
        for k in range(1, len(c.detail) - 1):
            a, sign, b = c.detail[k - 1:k + 2]
            if not (isinstance(sign, str) and sign.strip() in _COMPARE and
                    isinstance(a, float) and isinstance(b, float)):
                continue
            ea, eb = (rows[x] if x in rows else exact(x) for x in (a, b))
            truth = _exact_truth(sign.strip(), ea, eb, _float_compare(sign, a, b))
            if truth is not None:
                out.append(_otherwise(c, (a, sign, b), (ea, sign, eb), truth))
                break
    return out


def _exact_truth(sign: str, ea: sp.Expr, eb: sp.Expr, floats: bool) -> bool | None:
    """The exact truth of ``ea sign eb`` where it differs from the floats' (None where it is
    the same, or sympy cannot tell). The exact values' own floats decide when they are apart
    (cheap); sympy's comparison only when they are within rounding of each other."""
    fa, fb = to_float(ea), to_float(eb)
    if not (math.isfinite(fa) and math.isfinite(fb)):
        return None
    if abs(fa - fb) > 1e-9 * max(abs(fa), abs(fb)):
        truth = _float_compare(sign, fa, fb)
        return truth if truth != floats else None
    try:
        relation = _COMPARE[sign](ea, eb)
    except (TypeError, ValueError):  # sympy cannot tell: no claim either way
        return None
    if relation not in (sp.true, sp.false) or bool(relation) == floats:
        return None
    return bool(relation)


def _float_compare(sign: str, a: float, b: float) -> bool:
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b,
            "!=": a != b}[sign.strip()]


def _otherwise(c: Any, floats: tuple[Any, ...], exacts: tuple[Any, ...],
               truth: bool) -> RowWarning:
    """The warning: both comparisons; that the path would differ only where the condition is
    that one comparison (in ``a and b`` the other may decide it)."""
    a, sign, b = floats
    ea, _, eb = exacts
    alone = len(c.detail) == 3 and not re.search(r"\b(and|or|not)\b", c.text)  # short-circuit
    return RowWarning(max(c.after, 0), (), (
        f"the decision {c.kind} {c.text} compared ", Num(Shown(a, 17)), sign, Num(Shown(b, 17)),
        f" in floats ({str(not truth).lower()}); in exact arithmetic ", node(ea), sign,
        node(eb), f" is {str(truth).lower()}"
        + (", so exact values would take another path" if alone else "")
        + " (tracer takes the path the program takes when Python runs it, in floats)"))


@contextmanager
def _undecided(trace: Trace, index: int) -> Iterator[None]:
    """sympy refuses to compare a value it cannot tell from 0 (``relu(sin(π/7)² + cos(π/7)²
    - 1)``: max needs its sign), or recurses past Python's limit working out a value nested
    through ``%`` and ``ceil`` (``(ceil(x3) cosh(… % x3 …))^-1``): one error naming the row,
    not sympy's traceback."""
    try:
        yield
    except RecursionError:
        eq = trace.equation(index)
        raise LimitError(f"{row_rule(trace, index)}: its exact value is nested too deeply for "
                         "sympy to work out; leave out --exact to compute in floats",
                         trace.source, trace.offset(eq.pos)) from None
    except (TypeError, ValueError) as exc:
        if "comparable" not in str(exc) and "relational" not in str(exc):
            raise
        eq = trace.equation(index)
        raise DomainError(f"{row_rule(trace, index)}: exact arithmetic cannot decide this row "
                          "(sympy cannot tell a value here from 0); leave out --exact to "
                          "compute in floats", trace.source, trace.offset(eq.pos),
                          row=index) from None


def finite_number(x: sp.Expr) -> bool:
    """Is a value taken as it stands (its parts repeat too often for sympy to simplify it)
    a finite number, by its number?"""
    return math.isfinite(to_float(x))


def infinite_slopes(trace: Trace, index: int, row: tuple[sp.Expr, ...],
                    floats: Sequence[float], warnings: list[RowWarning],
                    is_finite: Callable[[sp.Expr], bool] = finite) -> tuple[sp.Expr, ...]:
    """A row's exact partials with each one that is not a finite real number (sympy's
    unsigned infinity zoo, where a slope divides by an exact 0) made the signed infinity float
    mode has there: its convention (``1/±0 = ±∞``, the slope from inside the domain: +∞ for
    √ and asin at their edges, -∞ for acos) decides the sign, so exact and float mode print
    the same ∞ and the chain rule (``tracer.core.chain``) treats it alike.

    Where the floats missed the edge (a rounding left the argument off 0), the float slope,
    finite and large, still gives the sign, and the row gets the warning float mode gives an
    infinite slope; where not even that (a float slope of 0 or none), the slope is undefined,
    an error as in float mode. A constant argument's slope is never used: it is left alone."""
    eq = trace.equation(index)
    out = list(row)
    for k, a in enumerate(eq.args):
        if type(a) is not int or is_finite(row[k]):
            continue
        f = floats[k]
        if f != f:  # undefined in floats too (ln of a negative base), which warned of it
            out[k] = sp.nan
            continue
        if f == 0:
            raise DomainError(slope_problem(trace, index, k, math.nan), trace.source,
                              trace.offset(eq.pos), row=index)
        out[k] = sp.oo if f > 0 else -sp.oo
        if math.isfinite(f):  # float mode saw no edge here, so it gave no warning
            warnings.append(RowWarning(index, rule_nodes(trace, index),
                                       slope_note(trace, index, k, math.copysign(math.inf, f))))
    return tuple(out)


def _top_digits(y: sp.Expr) -> int:
    """About how many digits the fractions at the top of a value have (the value itself, or
    its coefficient or constant term): where a row's number grows, a squaring doubling them,
    it shows first, and the sweep stops before it multiplies them again."""
    parts = (y, *y.args) if y.args else (y,)
    return max((_bits(a) * 30103 // 100000 for a in parts if a.is_Rational), default=0)


def _power_digits(op: ops.Op, args: list[sp.Expr]) -> int:
    """About how many digits an op of fractions raises a fraction to: (1 + 1/n)^n at n = 10^9
    is a fraction of 10^9 · 9 digits, which sympy would work out for minutes; 0 for an op
    that raises nothing (its row written out unevaluated is no power of a fraction)."""
    with sp.evaluate(False):
        probe = op.sympy(sp, *args)
    if not (probe.is_Pow and probe.base.is_Rational and probe.exp.is_Rational) or \
            abs(probe.base) in (0, 1):
        return 0
    base = probe.base
    return int(abs(float(probe.exp)) * math.log10(max(abs(base.p), base.q)))  # (1/2)^n: n·0.3


def _bits(x: sp.Rational) -> int:
    return abs(x.p).bit_length() + x.q.bit_length()


def printable(ev: Evaluation, columns: Sequence[Sequence[Any]], mode: str) -> None:
    """Refuse, before any of it is printed, a run's exact values (the primal column and each
    pass's ``columns``) when printing them would take too long: each is printed through
    sympy (its decimal, its form, its length), whose work grows with the nodes of its tree,
    a part shared by several values counted in each (``cost.exact_printing``). Also refused:
    a fraction of more digits than tracer writes."""
    sizes: dict[sp.Basic, int] = {}
    bits = 0
    nodes = 0
    for column in (ev.values, *columns):
        for value in column:
            if isinstance(value, sp.Basic):
                nodes += _size(value, sizes)
    for node in sizes:
        if node.is_Rational:
            bits = max(bits, _bits(node))
    cost.exact_digits(bits * 30103 // 100000)
    cost.exact_printing(ev.trace, nodes, len(columns), mode)


def _size(value: sp.Basic, sizes: dict[sp.Basic, int]) -> int:
    """The nodes of a value's tree, a part that occurs twice counted twice; worked out once
    for each part (``sizes`` remembers them), without recursion."""
    return fold(value, lambda node: (1, list(node.args)),
                lambda node, own, below: own + sum(below), sizes)


def deep(x: sp.Basic) -> bool:
    """Would sympy's own printing and evalf of this value walk every repeat of its parts (over
    SHARED nodes, repeats counted) or raise its precision level after level (nested deeper than
    NESTED)? Then tracer spells it (``spelling``) and hands it out as ``Deep`` of it."""
    return _repeats_parts(x) or _depth(x, {}) > NESTED


def spelling(x: sp.Expr) -> str:
    """sympy's spelling of a value (``str``), or for one of over SHARED nodes (its parts'
    repeats counted) or nested deeper than NESTED its terms in the order they stand
    (``sstr(order='none')``): ``str`` sorts the terms of every sum by their numbers, which
    sympy's evalf works out walking every repeat of the parts below (Adam by hand, three
    steps: a value of 746 nodes, 42 deep, printed for minutes)."""
    return sp.sstr(x, order="none") if deep(x) else str(x)


class Deep(sp.Function):
    """An exact value as the Python API hands it out where sympy's own number and printing
    would walk every repeat of its parts (over SHARED nodes, repeats counted, or nested deeper
    than NESTED): three steps of ``s = sqrt(log(s + 3) + s*s)`` gave a gradient whose
    ``float()`` and ``print()`` each ran for minutes (``str`` sorts a sum's terms by their
    numbers). ``Deep(v)`` is ``v`` unchanged (``.value``); its number is worked out part by
    part (``numeric``), and it prints as tracer spells it, its terms in the order they stand."""

    nargs = 1  # (no rewriting of its own: sympy's Function leaves it standing)

    @property
    def value(self) -> sp.Expr:
        return self.args[0]

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return numeric(self.args[0], max(prec * 3 // 10, 1))

    def _eval_is_extended_real(self) -> bool | None:
        return numeric(self.args[0]).is_extended_real

    def doit(self, **hints: Any) -> sp.Expr:
        return self

    def sort_key(self, order: Any = None) -> tuple:  # by its number: a product's factors
        # are sorted by their keys, which for the value itself sorts every sum inside it
        return (self.class_key(), (1, (sp.Float(to_float(self.args[0])).sort_key(),)),
                sp.S.One.sort_key(), sp.S.One)

    def _sympystr(self, printer: Any) -> str:
        return sp.sstr(self.args[0], order="none")

    def _sympyrepr(self, printer: Any) -> str:
        return f"Deep({sp.srepr(self.args[0], order='none')})"

    def _latex(self, printer: Any) -> str:
        return sp.latex(self.args[0], order="none")


def handed(x: sp.Expr) -> sp.Expr:
    """An exact value as the API hands it out: itself, or ``Deep`` of it where sympy would
    walk every repeat of its parts to print it or give its number."""
    return Deep(x) if isinstance(x, sp.Basic) and not x.is_Atom and deep(x) else x


def _depth(value: sp.Basic, depths: dict[sp.Basic, int]) -> int:
    """How deeply a value's tree nests (a number is 1), each part worked out once."""
    return fold(value, lambda node: (1, list(node.args)),
                lambda node, own, below: own + max(below, default=0), depths)


_DEPTHS: dict[sp.Basic, int] = {}


def simplifies(args: Sequence[sp.Expr]) -> bool:
    """Are these values shallow enough for sympy to build an op of them its own way, simplified
    (nested at most NESTED levels)? Deeper, it is built as it stands: sympy would ask of each
    level whether it is positive, working out its number at a precision that grows at each
    level (u = tanh(w u + x) thirty times: minutes in a reverse sweep, in Taylor mode too)."""
    if len(_DEPTHS) > PARTS_KEPT:
        _DEPTHS.clear()
    return all(_depth(a, _DEPTHS) <= NESTED for a in args)


def settled(y: sp.Expr) -> sp.Expr:
    """``y`` with each step (Heaviside) and sign of a number whose sign sympy cannot prove
    (1/tan(e²)) decided from that number to 50 digits, where it is clearly not 0; sympy
    leaves them standing, and no number can be put to a Heaviside left standing."""
    if not y.has(sp.Heaviside, sp.sign):
        return y

    def decide(e: sp.Expr) -> sp.Expr:
        with sp.evaluate(True):  # a row built unevaluated still gets its number
            near = numeric(e.args[0], 50)
        if near.is_comparable and abs(near) > sp.Float("1e-30"):
            return e.func(sp.sign(near), *e.args[1:])
        return e

    return y.replace(lambda e: isinstance(e, (sp.Heaviside, sp.sign)) and e.args[0].is_number
                     and not e.args[0].is_Number, decide)


# --- back to display trees ----------------------------------------------------------------------

def _counterparts() -> tuple[dict[Any, list[ops.Op]], dict[Any, ops.Op]]:
    """What each sympy function (and constant) is in the op table, read off each op's own
    sympy counterpart: sec(a) is sympy's sec, step(a) is Heaviside(a, 0). An op whose
    counterpart is no single function (sigmoid is 1/(1 + exp(-a))) prints through the
    arithmetic sympy leaves, as any other expression."""
    symbols = sp.symbols("a b", real=True)
    functions: dict[Any, list[ops.Op]] = {}
    constants: dict[Any, ops.Op] = {}
    for op in ops.OPS:
        value = op.sympy(sp, *symbols[:op.arity])
        if op.arity == 0:
            constants[value] = op
        elif value.is_Function and value.args[:op.arity] == symbols[:op.arity]:
            functions.setdefault(value.func, []).append(op)
    return functions, constants


_FUNCTIONS, _CONSTANTS = _counterparts()


def _op(name: str) -> ops.Op:
    return ops.BY_NAME[name]


def _int(n: int) -> Node:
    """An integer of any size as a node (its value stays an int: 10^400 is no float)."""
    return Num(n, str(n)) if n >= 0 else Call(_op("neg"), (Num(-n, str(-n)),))


def _ordered_terms(expr: sp.Expr) -> list[sp.Expr]:
    """A sum's terms as one writes them: a polynomial in one variable by ascending powers
    (1 - 10x + 24x²), otherwise the plain number first (1 + exp(-9/20), -16 - ln 3)."""
    symbols = expr.free_symbols
    if len(symbols) == 1 and expr.is_polynomial(*symbols):
        (x,) = symbols
        return sorted(expr.args, key=lambda t: _degree(t, x))
    terms = expr.as_ordered_terms()
    return [t for t in terms if t.is_Rational] + [t for t in terms if not t.is_Rational]


def _degree(t: sp.Expr, x: sp.Symbol) -> int:
    """A polynomial's degree in x read off its tree (exact for a monomial, else a bound):
    sympy's degree multiplies a product of sums out first, which for a swollen derivative
    (2 l₉ l₉′ + 1 in tracer swell) takes minutes."""
    if t == x:
        return 1
    if t.is_Pow:
        return _degree(t.base, x) * int(t.exp)
    if t.is_Mul:
        return sum(_degree(a, x) for a in t.args)
    if t.is_Add:
        return max(_degree(a, x) for a in t.args)
    return 0


def from_sympy(expr: sp.Expr) -> Node:
    """A sympy value as a tracer display tree, so it prints like every other rule."""
    if expr.is_Number:
        return _number(expr)
    if expr in _CONSTANTS:
        return Call(_CONSTANTS[expr], ())
    if expr.is_Symbol:
        return Name(str(expr))
    if expr.is_Add:
        return _sum(expr)
    if expr.is_Mul:
        return _product(expr)
    if expr.is_Pow:
        return _power(expr)
    return _function(expr)


def _number(expr: sp.Number) -> Node:
    if expr.is_Integer:
        return _int(int(expr))
    if expr.is_Rational:
        frac = Call(_op("div"), (_int(abs(expr.p)), _int(expr.q)))
        return Call(_op("neg"), (frac,)) if expr.p < 0 else frac
    return Num(to_float(expr))


def _sum(expr: sp.Add) -> Node:
    """t₁ + t₂ - t₃: a term with a minus sign is subtracted."""
    terms = _ordered_terms(expr)
    if terms[0].could_extract_minus_sign() and not all(
            t.could_extract_minus_sign() for t in terms):
        terms.append(terms.pop(0))  # α - y, not (-y) + α; a + b - 1, not -1 + a + b
    acc = from_sympy(terms[0])
    for t in terms[1:]:
        if t.could_extract_minus_sign():
            acc = Call(_op("sub"), (acc, from_sympy(-t)))
        else:
            acc = Call(_op("add"), (acc, from_sympy(t)))
    return acc


def _product(expr: sp.Mul) -> Node:
    """-a, a/b, or a b c in sympy's order of factors."""
    if expr.could_extract_minus_sign():
        return Call(_op("neg"), (from_sympy(-expr),))
    numer, denom = sp.fraction(expr)
    if denom != 1:
        return Call(_op("div"), (from_sympy(numer), from_sympy(denom)))
    factors = [from_sympy(f) for f in expr.as_ordered_factors()]
    acc = factors[0]
    for f in factors[1:]:
        acc = Call(_op("mul"), (acc, f))
    return acc


def _power(expr: sp.Pow) -> Node:
    """√a for a^(1/2), 1/a^k for a negative power, exp(a) for e^a, else a^b."""
    base, power = expr.args
    if power == sp.Rational(1, 2):
        return Call(_op("sqrt"), (from_sympy(base),))
    if power.is_negative:
        return Call(_op("div"), (_int(1), from_sympy(base ** -power)))
    if base is sp.E:
        return Call(_op("exp"), (from_sympy(power),))
    return Call(_op("pow"), (from_sympy(base), from_sympy(power)))


def _function(expr: sp.Expr) -> Node:
    """A function from the op table; an op that takes fewer arguments than sympy writes
    (Heaviside(a, 0) is step(a)) when its counterpart gives back the same expression."""
    table = _FUNCTIONS.get(expr.func, ())
    for op in table:
        args = expr.args[:op.arity]
        if len(expr.args) == op.arity or op.sympy(sp, *args) == expr:
            return Call(op, tuple(from_sympy(a) for a in args))
    for op in table:  # the same function with another convention: sympy's Heaviside(a, 1/2)
        if op.arity < len(expr.args):  # in a derivative of max or relu is the step's H(a)
            return Call(op, tuple(from_sympy(a) for a in expr.args[:op.arity]))
    return _outside(expr)


# What sympy writes in a derivative that no op of the table prints: DiracDelta, as δ.
_OUTSIDE = {"DiracDelta": ("δ({0})", r"\delta({0})", 1)}


def _outside(expr: sp.Expr) -> Node:
    """A function of sympy's result outside the op table, printed as a call of its name (its
    arguments as every tree prints them), never as one long name (``Heaviside(-y + α)`` in
    LaTeX was ``\\mathit{Heaviside(-y + α)}``, which pdflatex stops at)."""
    name = type(expr).__name__
    text, latex, arity = _OUTSIDE.get(name, (None, None, len(expr.args)))
    if isinstance(expr, sp.Derivative):  # Derivative(sign(x), x): each variable, each time
        parts = [expr.expr] + [v for v, n in expr.variable_count for _ in range(int(n))]
    else:
        parts = [a for a in expr.args[:arity] if isinstance(a, sp.Expr)]
    args = tuple(from_sympy(a) for a in parts)
    return Call(ops.display_only(name, len(args), text, latex), args)


def too_long(x: sp.Expr) -> bool:
    """Is the exact form too long for a table cell (a decimal then says more)?"""
    return shown(x) is None


@lru_cache(maxsize=1 << 14, typed=True)
def shown(x: sp.Expr) -> Node | None:
    """An exact value's display tree, or None when it is too long for a table cell (a decimal
    then says more). Remembered by the value: a value stands in its own cell, in the rules of
    the rows using it and beside its decimal, and its tree costs sympy the ordering of every
    sum in it (a 25-input forward table: 16,857 calls for 6,550 cells, 22 of its 33 s)."""
    if x.is_Rational:  # a fraction is too long when its digits are, however large it is
        return None if _digits(x) > MAX_LENGTH else from_sympy(x)
    if _depth(x, {}) > NESTED:  # no cell is that wide, and sympy's count_ops and ordering of
        return None  # terms work out each level's number (u = exp(-u) w 18 times: 26 s)
    if _size(x, {}) > 4 * MAX_SIZE or sp.count_ops(x) > MAX_SIZE:  # a tree of n nodes has
        return None  # at least about n/2 operations (count_ops walks every repeat)
    tree = from_sympy(x)
    return None if len(render(tree, TEXT)) > MAX_LENGTH else tree


def _digits(x: sp.Rational) -> int:
    """The digits of a fraction's numerator and denominator, more than MAX_LENGTH told
    without writing them (Python refuses to write an integer of over 4,300 digits)."""
    bits = abs(x.p).bit_length() + x.q.bit_length()
    if bits > 4 * MAX_LENGTH:  # at least MAX_LENGTH + 1 digits (3.33 bits a digit)
        return bits * 3 // 10
    return len(str(abs(x.p))) + len(str(x.q))


@lru_cache(maxsize=1 << 12)
def to_float(x: sp.Expr) -> float:
    """The nearest float, never an exception: ±inf beyond the float range, 0.0 below it.
    Remembered: a value is shown in its row, in the rules using it and in checks, and sympy
    evaluates a long exact form anew each time (the network's Hessian: 17 s of 1,581 calls).
    A plain number (an exact sweep's 0 is Python's) is itself."""
    if isinstance(x, (int, float)):
        return float(x)
    if isinstance(x, sp.Rational):
        # p/q correctly rounded (±inf or ±0.0 beyond the range): numeric's 15 digits lose the
        # last bits (1.8971634028524503e+22 for …507e+22: the JSON's number was not the CSV's)
        return float(x)
    try:
        return float(numeric(x))
    except OverflowError:
        try:
            return math.copysign(math.inf, float(sp.sign(x)))
        except (ArithmeticError, TypeError, ValueError):  # mpmath gives up: erfc(10^308)
            return math.nan
    except TypeError:  # not a real number
        return math.nan


@lru_cache(maxsize=1 << 12)
def numeric(x: sp.Expr, digits: int = 15) -> sp.Expr:
    """A value's number to ``digits`` digits (a sympy Float), or 0 where sympy cannot tell it
    from 0: ``sin(π/7)² + cos(π/7)² - 1``, which sympy does not simplify, evaluates to
    ``-0.e-125``, a number without a digit (printed as -1.182e-125 before). A value whose
    parts repeat is worked out part by part (``_shared``)."""
    by_parts = _size(x, {}) > NUMERIC_PARTS or _depth(x, {}) > NESTED
    value = _shared(x, digits) if by_parts else x.evalf(digits)
    if value.is_Float and value._prec < 10:  # the Float's bits of precision
        return sp.Integer(0)
    return value


def _repeats_parts(x: sp.Expr) -> bool:
    """Does sympy's walk of the value pass more than SHARED nodes (its parts' repeats)?"""
    return _size(x, {}) > SHARED


# The numbers of the parts of values worked out part by part, by precision: the values of a
# trace share their parts (each row's value is made of its arguments'), and so do its tangents
# and adjoints, so each part is worked out once (the exact Hessian of five fixed-point steps
# printed in 4.8 s, now 2.5 s with the sums and products of ``_floats``).
_PARTS: dict[int, dict[sp.Basic, sp.Expr]] = {}
PARTS_KEPT = 200_000


def _floats(combine: Callable[..., Any], floats: list[sp.Float], bits: int) -> sp.Float:
    """A sum or product of sympy Floats in mpmath's own arithmetic, to ``bits`` bits: sympy's
    Add and Mul of them ask each for its assumptions first (0.3 ms a part, 9,478 parts)."""
    acc = floats[0]._mpf_
    for f in floats[1:]:
        acc = combine(acc, f._mpf_, bits, "n")
    return sp.Float._new(acc, bits)


def _shared(x: sp.Expr, digits: int) -> sp.Expr:
    """The number of a value whose parts repeat (``u = sin(u) + u`` twelve times is a tree of
    8,000 nodes over 25 distinct parts): each distinct part evaluated once from its parts'
    numbers (sympy's evalf walks every repeat), to WORKING_DIGITS digits and then twice and
    four times as many, until two agree (a difference of nearly equal parts needs more); one
    they do not settle is 0 to that many digits."""
    def at(precision: int) -> sp.Expr:
        bits = dps_to_prec(precision)

        def combine(node: sp.Basic, own: None, below: list[Any]) -> Any:
            if not below:
                return node.evalf(precision)
            if (node.is_Add or node.is_Mul) and all(type(b) is sp.Float for b in below):
                return _floats(mpf_add if node.is_Add else mpf_mul, below, bits)
            return node.func(*below).evalf(precision)

        done = _PARTS.setdefault(precision, {})
        if len(done) > PARTS_KEPT:
            done.clear()
        with sp.evaluate(True):
            return fold(x, lambda node: (None, list(node.args)), combine, done)

    try:
        value = at(WORKING_DIGITS)
        for precision in (2 * WORKING_DIGITS, 4 * WORKING_DIGITS):
            value, before = at(precision), value
            if float(value) == float(before):
                return value.evalf(digits) if value.is_Number else x.evalf(digits)
    except (TypeError, ValueError, AttributeError):  # a part that is no number (a condition)
        return x.evalf(digits)
    return sp.Integer(0)


def decimal(x: sp.Expr, digits: int, latex: bool = False) -> str:
    """An exact value's decimal to ``digits`` significant digits, as the tables write numbers,
    also where no float reaches: 10^-400 is ``1e-400``, not 0."""
    f = to_float(x)
    if math.isfinite(f) and (f != 0 or x == 0 or numeric(x) == 0):
        return format_number(f, digits, latex)
    if x is sp.nan:  # a coefficient that does not exist (sqrt's slope at 0), as floats write it
        return format_number(math.nan, digits, latex)
    if x in (sp.oo, -sp.oo):  # an infinite slope (sqrt's at 0), as floats write it
        return format_number(f, digits, latex)
    try:  # evalf, not Float: Float(exp(-10^6)) is a TypeError
        d = Decimal(str(numeric(x, digits + 5)))
    except (ArithmeticError, TypeError, ValueError):
        d = Decimal("nan")
    if not d.is_finite():  # mpmath gives up on erfc(10^308)
        raise TracerError("exact arithmetic cannot put a number to a value this far out "
                          "(sympy fails on it); leave out --exact to compute in floats")
    mantissa, _, exponent = format(d, f".{digits}g").partition("e")
    if "." in mantissa:  # as format_number writes floats: 1e-400, not 1.000e-400
        mantissa = mantissa.rstrip("0").rstrip(".")
    if latex:
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"{mantissa}e{int(exponent):+03d}"


def format_exact(x: sp.Expr, digits: int, latex: bool) -> str:
    """An exact value inside an expression: its exact form only (``-13/3``)."""
    tree = shown(x)
    if tree is None:
        return decimal(x, digits, latex)
    return render(tree, LATEX if latex else TEXT)


def format_value(x: sp.Expr, digits: int, latex: bool) -> str:
    """A table cell's exact value and its decimal: ``-13/3 ≈ -4.333``, or just ``4``."""
    if x.is_Integer and not too_long(x):
        return str(int(x))
    approx = decimal(x, digits, latex)
    if too_long(x):
        return approx
    exact_text = format_exact(x, digits, latex)
    if exact_text == approx:
        return exact_text
    try:  # only a fraction can equal its decimal (and Rational("1e-434294481910") is huge)
        same = x.is_Rational and sp.Rational(decimal(x, digits)) == x
    except (TypeError, ValueError):
        same = False
    relation = "=" if same else (r"\approx" if latex else "≈")
    return f"{exact_text} {relation} {approx}"


def node(x: Any) -> Node:
    """What the substituted line of a rule shows for a value: its exact form, or a decimal."""
    if not isinstance(x, sp.Basic):
        return Num(x)
    tree = shown(x)
    if tree is not None:
        return tree
    f = to_float(x)
    # Beyond the float range the node keeps the exact value, and prints as its decimal.
    if math.isfinite(f) and (f != 0 or x == 0 or numeric(x) == 0):
        return Num(f)
    return Num(numeric(x, 20) if _repeats_parts(x) else x)


def product(a: Any, b: Any) -> Any:
    """A sweep's product ``a b`` (an adjoint times a partial, a partial times a tangent): as
    sympy builds it of shallow values, as it stands of deep ones (``simplifies``)."""
    a, b = _basic(a), _basic(b)
    return sp.Mul(a, b, evaluate=simplifies((a, b)))


def _basic(x: Any) -> sp.Basic:
    """A sweep's number as sympy's: a Python int (an adjoint or seed of 1) as an Integer."""
    return x if isinstance(x, sp.Basic) else sp.Integer(x) if isinstance(x, int) \
        else sp.Rational(x)


register_exact(ExactHooks(form=format_exact, cell=format_value, node=node, decimal=decimal,
                           exact=exact, approximate=too_long, product=product))


def text(x: Any) -> str:
    """The exact value as JSON carries it: sympy's own spelling (``-13/3``, ``log(3)``)."""
    return str(x)
