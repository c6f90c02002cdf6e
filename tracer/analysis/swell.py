"""``tracer swell``: expression swell made visible (the lecture's section 1.2).

The logistic map l_{n+1} = 4 l_n (1 - l_n), l_1 = x (or any recurrence in ``l`` and ``x``),
iterated n times. For each n: l_n, its symbolic derivative as sympy's differentiation produces
it (unsimplified) and simplified, the operation count of each, and, beside them, the evaluation
trace of l_n and its forward and reverse sweeps, which grow only linearly in n. The recurrence
is parsed by tracer's own parser and built through the op table; no user text reaches sympify.

The formulas swell, so nothing here walks them as trees. l_n is kept as the graph sympy builds
(l_9 once, used twice in l_10); its derivative is taken, and both are counted, once per
distinct subexpression (``tracer.analysis.dag``). A polynomial map's iterates are polynomials:
they are expanded and differentiated as such (sympy's ``Poly``), and factored as the map's own
factors show (l_{n+1} = 4 l_n (1 - l_n), 1 - l_n = (1 - 2 l_{n-1})², …) down to pieces small
enough for sympy's ``factor``. Any other map is simplified by sympy (``expand``, ``factor``),
as far as an estimate of the expanded size allows, which is decided before any of it is done.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from tracer.analysis import dag
from tracer.analysis.results import SwellRow, SwellRun
from tracer.core.lower import lower
from tracer.core.nodes import Name, Node, walk
from tracer.core.parse import parse
from tracer.errors import LimitError, TracerError, UsageProblem

if TYPE_CHECKING:
    import sympy as sp

LOGISTIC = "4*l*(1-l)"
MAX_N = 10  # the documented range of --n
MAP_SIZE = 200  # operations of the recurrence itself

# Budgets, measured on a 2-core machine (benchmarks/limits_symbolic.py) to keep the command
# under about 10 s. A polynomial map: the degree of l_n and the digits of its coefficients
# (estimated from the map's coefficients, an upper bound; the logistic map's l_10 has degree
# 512 and about 150,000 digits, estimated 240,000). Any other map: the terms sympy's expand
# would produce from l_n and its derivative, in tree nodes (an upper bound too, see
# expanded_size; 3–20 µs a node measured, factoring l_n included).
MAX_DEGREE = 2_200
MAX_DIGITS = 800_000
MAX_COEFFICIENT_DIGITS = 4_000  # Python prints integers of at most 4,300 digits
MAX_EXPANDED = 250_000
CAP = 10 ** 15  # sizes are counted up to this
FACTOR_DEGREE = 64  # sympy's factor takes 0.1 s at degree 64, seconds at 128, minutes at 512
COMPOSE_DEGREE = 16  # the map's factors composed with the map, factored as polynomials in l, x
WRITTEN = 50_000  # operations of a formula kept to be written out (JSON), about 25 µs each


def recurrence(text: str) -> Node:
    """The map's expression, a formula in ``l`` (the last iterate) and ``x`` (the input)."""
    program = parse(text)
    if len(program.statements) != 1 or program.statements[0].target is not None:
        raise TracerError("--map is one formula in l (the last iterate) and x, e.g. 4*l*(1-l)")
    expr = program.statements[0].expr
    names = {n.name for n in walk(expr) if isinstance(n, Name)}
    unknown = sorted(names - {"l", "x"})
    if unknown:
        raise TracerError(f"--map may use only l (the last iterate) and x (the input); it uses "
                          f"{', '.join(unknown)}", text, next(
                              n.pos for n in walk(expr) if isinstance(n, Name)
                              and n.name == unknown[0]))
    if not names:
        raise TracerError(f"--map '{text}' does not depend on l or x, so every iterate after the "
                          "first is that constant: give a recurrence in l (the last iterate), "
                          "such as 4*l*(1-l)")
    size = sum(1 for _ in walk(expr))
    if size > MAP_SIZE:
        raise LimitError(f"--map is a recurrence of at most {MAP_SIZE} symbols and numbers; "
                         f"this one has {size:,}")
    return expr


def simplify(d: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """Expanded, with the common factor out: 16 (1 - 10x + 24x² - 16x³), as the lecture."""
    import sympy as sp

    return sp.factor_terms(sp.expand(d))


def tidy(factored: sp.Expr) -> sp.Expr:
    """Factors written as the lecture writes them: (1 - x), not (x - 1); 4x(1 - x) rather
    than -4x(x - 1). A factor with a negative constant term is negated, and so is the
    coefficient when that factor's power is odd."""
    import sympy as sp

    if not factored.is_Mul:
        return factored
    coefficient = sp.Integer(1)
    factors = []
    for f in factored.args:
        base, power = f.as_base_exp()
        if f.is_Number:
            coefficient *= f
            continue
        constant = base.as_coeff_Add()[0] if base.is_Add else 0
        if constant < 0:
            base = sp.expand(-base)
            if power.is_integer and power % 2:
                coefficient = -coefficient
        factors.append(sp.Pow(base, power, evaluate=False) if power != 1 else base)
    if coefficient == 1:
        return sp.Mul(*factors, evaluate=False)
    return sp.Mul(coefficient, *factors, evaluate=False)


def swell(n: int = 4, map_text: str = LOGISTIC) -> SwellRun:
    """The table for l_1 … l_n."""
    import sympy as sp

    from tracer.analysis.exact import to_sympy

    if not 1 <= n <= MAX_N:
        raise UsageProblem(f"--n must be between 1 and {MAX_N}, got {n}")
    step = recurrence(map_text)
    x = sp.Symbol("x", real=True)
    values = [x]
    for k in range(2, n + 1):
        values.append(to_sympy(step, {"l": values[-1], "x": x}))
        if _undefined(values[-1]):
            raise TracerError(f"with --map '{map_text}', l_{k} is undefined for every x (sympy "
                              f"gives {values[-1] if k < 4 else 'a formula with zoo or nan'}): "
                              "choose a map defined on the iterates")
    derivatives = [dag.derivative(v, x) for v in values]
    polynomial = _polynomial(step, x)
    if polynomial is not None:
        affordable_polynomial(polynomial, n, map_text)
        factored, simplified = _polynomial_columns(polynomial, n, x)
    else:
        affordable_general(values, derivatives, map_text)
        factored = [tidy(sp.factor(v)) for v in values]
        simplified = [simplify(d, x) for d in derivatives]
    rows = []
    for k, derivative in enumerate(derivatives, start=1):
        ops = dag.operations(derivative)
        trace = lower(parse(program_for(map_text, k)), outputs=[f"l{k}"])
        rows.append(SwellRow(
            k, factored[k - 1], derivative if ops <= WRITTEN else None, simplified[k - 1],
            dag.operations(factored[k - 1]), ops, dag.operations(simplified[k - 1]),
            trace.last, trace.operations))
    return SwellRun(map_text, tuple(rows))


def _undefined(value: sp.Expr) -> bool:
    """Does the formula hold a value sympy cannot give a number (1/0 is zoo, 0/0 nan)?"""
    import sympy as sp

    bad = (sp.zoo, sp.nan, sp.oo, -sp.oo)
    return dag.fold(value, lambda e: (None, list(e.args)),
                    lambda e, _, below: e in bad or any(below))


def program_for(map_text: str, k: int) -> str:
    """l_1 … l_k as a program (l1 = x; l2 = 4*l1*(1-l1); …), to trace l_k."""
    lines = ["l1 = x"]
    for j in range(2, k + 1):  # \bl\b is the name l alone: not log, not l1
        lines.append(f"l{j} = " + re.sub(r"\bl\b", f"l{j - 1}", map_text))
    return "\n".join(lines)


# --- a polynomial map: its iterates as polynomials ----------------------------------------------

def _polynomial(step: Node, x: sp.Symbol) -> sp.Poly | None:
    """The map as a polynomial in l and x with rational coefficients, or None."""
    import sympy as sp

    from tracer.analysis.exact import to_sympy

    l_ = sp.Symbol("l", real=True)
    f = to_sympy(step, {"l": l_, "x": x})
    if not f.is_polynomial(l_, x) or _degree(f) > MAP_SIZE:
        return None
    try:
        return sp.Poly(f, l_, x, domain=sp.QQ)
    except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed):
        return None  # irrational coefficients (pi l (1 - l)): the general way


def _degree(f: sp.Expr) -> int:
    """A bound on a polynomial expression's total degree, read off its tree (a Poly of
    l^100000 would be built densely before it could say)."""
    def combine(e: Any, _: None, below: list[int]) -> int:
        if e.is_Add:
            return max(below)
        if e.is_Mul:
            return sum(below)
        if e.is_Pow:
            return below[0] * int(e.exp)
        return 1 if e.is_Symbol else 0

    return dag.fold(f, lambda e: (None, list(e.args)), combine)


def estimate(f: sp.Poly, n: int) -> tuple[list[int], list[float]]:
    """Upper bounds on the degree of l_1 … l_n and on the decimal digits of their largest
    coefficient (numerator and denominator), from the map's: deg l_{k+1} = max over its
    monomials c l^i x^j of i deg l_k + j; the sum of absolute coefficients multiplies no
    faster than that of the map (|p q|₁ ≤ |p|₁ |q|₁), and denominators no faster than the
    map's to the power of its degree in l."""
    terms = [(i, j, abs(c)) for (i, j), c in f.terms()]
    denominator = math.log10(math.lcm(*(int(c.q) for _, _, c in terms)) or 1)
    degrees, digits = [1], [0.0]
    size, den = 0.0, 0.0  # log10 of the sum of |coefficients| and of the denominator
    for _ in range(n - 1):
        d = degrees[-1]
        degrees.append(max(i * d + j for i, j, _ in terms))
        size = _log_sum([math.log10(c) + i * size for i, _, c in terms if c])
        den = denominator + max(i for i, _, _ in terms) * den
        digits.append(size + 2 * den)
    return degrees, digits


def _log_sum(logs: list[float]) -> float:
    top = max(logs, default=0.0)
    return top + math.log10(sum(10 ** (v - top) for v in logs)) if logs else 0.0


def affordable_polynomial(f: sp.Poly, n: int, map_text: str) -> None:
    """Refuse, before any of it is done, iterates too large to expand and print."""
    degrees, digits = estimate(f, n)

    def fits(k: int) -> bool:
        return (degrees[k - 1] <= MAX_DEGREE and digits[k - 1] <= MAX_COEFFICIENT_DIGITS
                and (degrees[k - 1] + 1) * digits[k - 1] <= MAX_DIGITS)

    if fits(n):
        return
    last = max((k for k in range(1, n) if fits(k)), default=1)
    # digits[] is a log10: a coefficient of 1 has one digit (l*l*…*l said "of up to 0 digits")
    shown = int(digits[n - 1]) + 1
    raise LimitError(
        f"with --map '{map_text}', l_{n} is a polynomial of degree up to {degrees[n - 1]:,} with "
        f"coefficients of up to {shown:,} digit{'s' if shown > 1 else ''}, more than tracer "
        f"expands (degree {MAX_DEGREE:,}, {MAX_DIGITS:,} digits in all); use --n {last} or "
        "lower")


def _polynomial_columns(f: sp.Poly, n: int, x: sp.Symbol) -> tuple[list[sp.Expr],
                                                                    list[sp.Expr]]:
    """l_1 … l_n factored, and their derivatives expanded with the common factor out."""
    import sympy as sp

    polys = [sp.Poly(x, x, domain=sp.QQ)]
    for _ in range(n - 1):
        polys.append(_compose(f, polys[-1]))
    factoring = _Factoring(f, polys)
    factored = []
    for k in range(1, n + 1):
        c, factors = factoring.of_iterate(k)
        factored.append(tidy(sp.Mul(c, *(p.as_expr() ** e for p, e in factors.items()))))
    simplified = [sp.factor_terms(p.diff(x).as_expr()) for p in polys]
    return factored, simplified


def _compose(h: sp.Poly, lk: sp.Poly) -> sp.Poly:
    """h(l_k, x) as a polynomial in x, by Horner's rule in l."""
    import sympy as sp

    x = lk.gen
    by_power: dict[int, sp.Poly] = {}
    for (i, j), c in h.terms():
        by_power[i] = by_power.get(i, sp.Poly(0, x, domain=sp.QQ)) + \
            sp.Poly(c * x ** j, x, domain=sp.QQ)
    result = sp.Poly(0, x, domain=sp.QQ)
    for i in range(max(by_power, default=0), -1, -1):
        result = result * lk + by_power.get(i, sp.Poly(0, x, domain=sp.QQ))
    return result


Factors = tuple[Any, dict[Any, int]]  # a rational coefficient, polynomial factors


class _Factoring:
    """l_k factored: by sympy's factor when its degree is small; else through the map's own
    factors, l_{k+1} = c Π g_i(l_k, x)^e_i, each g_i(l_k) factored the same way, by composing
    g_i with the map (1 - l_k = 1 - 4 l_{k-1}(1 - l_{k-1}) = (1 - 2 l_{k-1})²) until a piece is
    small enough for sympy or no longer splits. Irreducible pieces of the logistic map are found
    so (as sympy's factor finds them, in 24 s at n = 10 rather than these milliseconds); for
    other maps a large piece may stay unsplit, though it factors further."""

    def __init__(self, f: sp.Poly, polys: list[sp.Poly]) -> None:
        self.f = f
        self.polys = polys
        self.l_ = f.gens[0]
        self.f_factors = f.factor_list()
        self._iterates: dict[int, Factors] = {}

    def of_iterate(self, k: int) -> Factors:
        found = self._iterates.get(k)
        if found is None:
            p = self.polys[k - 1]
            if p.degree() <= FACTOR_DEGREE or k == 1:
                found = _factor(p)
            else:
                c, pieces = self.f_factors
                found = _product([(self.at(g, k - 1), e) for g, e in pieces], c)
            self._iterates[k] = found
        return found

    def at(self, h: sp.Poly, k: int) -> Factors:
        """h(l_k, x) factored, for h a polynomial in l and x."""
        if h.as_expr() == self.l_:
            return self.of_iterate(k)
        q = _compose(h, self.polys[k - 1])
        if q.degree() <= FACTOR_DEGREE:
            return _factor(q)
        composed = h.compose(self.f)
        if k == 1 or composed.degree(self.l_) > COMPOSE_DEGREE:
            return _piece(q)
        c, pieces = composed.factor_list()
        if len(pieces) == 1 and pieces[0][1] == 1:
            return _piece(q)
        return _product([(self.at(p, k - 1), e) for p, e in pieces], c)


def _factor(p: sp.Poly) -> Factors:
    """sympy's factorization over the integers, as ``factor`` gives it."""
    import sympy as sp

    den, integral = p.clear_denoms(convert=True)
    c, pieces = integral.factor_list()
    return sp.Rational(c, den), dict(pieces)


def _piece(p: sp.Poly) -> Factors:
    """A polynomial left as it is, its content out and its leading coefficient positive."""
    import sympy as sp

    den, integral = p.clear_denoms(convert=True)
    c, primitive = integral.primitive()
    if primitive.LC() < 0:
        c, primitive = -c, -primitive
    return sp.Rational(c, den), {primitive: 1}


def _product(parts: list[tuple[Factors, int]], c: Any) -> Factors:
    import sympy as sp

    coefficient = sp.Rational(c)
    factors: dict[sp.Poly, int] = {}
    for (c2, pieces), e in parts:
        coefficient *= sp.Rational(c2) ** e
        for p, k in pieces.items():
            factors[p] = factors.get(p, 0) + k * e
    return coefficient, factors


# --- any other map: sympy's simplification, if its estimate allows ------------------------------

def expanded_size(expr: sp.Expr) -> int:
    """An upper bound on the size (as a tree) of what sympy's ``expand`` makes of ``expr``, and
    of everything it expands on the way: a sum has its terms' terms, a product the product of
    its factors' (each term carrying one of each factor's), a power k of a sum its k-th power
    (of either sign: expand multiplies out denominators too), and what is expanded inside a
    function's arguments or a root's base counts as well. Counted once per distinct
    subexpression (so ``expand``'s cache is assumed), capped."""
    cap = CAP

    def combine(e: Any, _: None, below: list[tuple[int, int, int]]) -> tuple[int, int, int]:
        if not e.args:
            return 1, 1, 0
        terms, sizes = [t for t, _, _ in below], [s for _, s, _ in below]
        work = sum(w for _, _, w in below)
        if e.is_Add:
            t, s = sum(terms), sum(sizes) + 1
        elif e.is_Mul:
            t = math.prod(terms)
            s = t + sum(size * (t // term) for size, term in zip(sizes, terms, strict=True))
        elif e.is_Pow and e.exp.is_Integer and terms[0] > 1:
            k = min(abs(int(e.exp)), 64)
            t, s = terms[0] ** k, k * sizes[0] * terms[0] ** (k - 1) + terms[0] ** k
        else:  # a function, or a root: its insides are expanded on their own
            return 1, min(cap, 1 + sum(sizes)), min(cap, work)
        t, s = min(cap, t), min(cap, s)
        return t, s, min(cap, work + s)

    if not expr.args:
        return 1
    _, size, work = dag.fold(expr, lambda e: (None, list(e.args)), combine)
    return max(size, work)


def affordable_general(values: list[sp.Expr], derivatives: list[sp.Expr],
                       map_text: str) -> None:
    """Refuse, before any of it is done, simplifying iterates that expand too far."""
    sizes = [max(expanded_size(v), expanded_size(d)) for v, d in zip(values, derivatives,
                                                                     strict=True)]
    n = len(values)
    if sizes[-1] <= MAX_EXPANDED:
        return
    last = max((k for k in range(1, n + 1) if sizes[k - 1] <= MAX_EXPANDED), default=1)
    size = f"up to {sizes[-1]:,}" if sizes[-1] < CAP else "more than 10¹⁵"
    raise LimitError(
        f"with --map '{map_text}', l_{n} or its derivative would expand to a formula of "
        f"{size} symbols, more than the {MAX_EXPANDED:,} tracer simplifies (this map "
        f"is not a polynomial with rational coefficients, which tracer expands faster); use "
        f"--n {last} or lower")

