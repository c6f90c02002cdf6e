"""Exact numbers in a normal form Taylor mode can compute with quickly.

An exact Taylor coefficient is a sum of rational multiples of products of powers of the point's
irrational numbers, its *atoms*: ``sin(2)``, ``cos(2)``, ``e^(sin 2)``, ``1 + e^(-1)``. Kept
so, as a Laurent polynomial in the atoms, sums and products stay as short as they can be and
cost a dictionary's worth of work. Left to sympy, the recurrence's nested sums double with each
order (``exp(sin(x))`` at order 12 printed for minutes), and ``expand`` multiplies out
denominators (``1/(1 + e^(-1))^3`` into a sum of ten terms) instead of keeping them as powers.

Atoms are numbered as they are met; a monomial is the integer Σ e_i B^i of its exponents
(|e_i| < B/2), so multiplying monomials is adding integers. Values go back to sympy
(``lower``) only for an op's own value at the point and for printing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy as sp

BASE = 1 << 16  # a monomial holds exponents between -2^15 and 2^15 of each atom


class TooLarge(Exception):
    """More products of terms than the budget allows (``Exact.budget``)."""


class Exact:
    """A Laurent polynomial in atoms with rational coefficients: integer numerators by
    monomial over one positive denominator, in lowest terms (integers multiply faster than
    fractions, which reduce at every step).

    ``work`` counts the products of terms made so far, and passing ``budget`` raises
    ``TooLarge``: the size of exact values cannot be known before they are computed, but the
    work can be bounded as it is done (the same input always stops at the same step)."""

    __slots__ = ("_hash", "den", "terms")
    work = 0
    budget = math.inf

    def __init__(self, terms: dict[int, int], den: int = 1) -> None:
        if den != 1:
            g = math.gcd(den, *terms.values())
            if g > 1:
                terms = {m: c // g for m, c in terms.items()}
                den //= g
        self.terms = terms
        self.den = den
        self._hash: int | None = None

    def __add__(self, other: Any) -> Exact:
        if not isinstance(other, Exact):
            other = constant(other)
        if not other.terms:
            return self
        if not self.terms:
            return other
        g = math.gcd(self.den, other.den)
        f1, f2 = other.den // g, self.den // g
        terms = {m: c * f1 for m, c in self.terms.items()} if f1 != 1 else dict(self.terms)
        for m, c in other.terms.items():
            s = terms.get(m, 0) + c * f2
            if s:
                terms[m] = s
            else:
                terms.pop(m, None)
        return Exact(terms, self.den * f1)

    __radd__ = __add__

    def __neg__(self) -> Exact:
        return Exact({m: -c for m, c in self.terms.items()}, self.den)

    def __sub__(self, other: Any) -> Exact:
        return self + (-other if isinstance(other, Exact) else constant(-Fraction(other)))

    def __mul__(self, other: Any) -> Exact:
        if not isinstance(other, Exact):
            q = Fraction(other)
            if not q:
                return Exact({})
            return Exact({m: c * q.numerator for m, c in self.terms.items()},
                         self.den * q.denominator)
        a, b = self.terms, other.terms
        if len(b) < len(a):
            a, b = b, a
        Exact.work += len(a) * len(b)
        if Exact.work > Exact.budget:
            raise TooLarge
        terms: dict[int, int] = {}
        get = terms.get
        for m1, c1 in a.items():
            for m2, c2 in b.items():
                m = m1 + m2
                terms[m] = get(m, 0) + c1 * c2
        return Exact({m: c for m, c in terms.items() if c}, self.den * other.den)

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Exact):
            return self.den == other.den and self.terms == other.terms
        if isinstance(other, (int, Fraction)):
            return self == constant(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self.den, frozenset(self.terms.items())))
        return self._hash

    def __repr__(self) -> str:
        return f"Exact({self.terms}, {self.den})"

    def items(self) -> list[tuple[int, Fraction]]:
        """(monomial, coefficient) pairs."""
        return [(m, Fraction(c, self.den)) for m, c in self.terms.items()]


def constant(q: Any) -> Exact:
    q = Fraction(q)
    return Exact({0: q.numerator} if q else {}, q.denominator)


class Atoms:
    """The atoms met so far, numbered, and the conversions to and from sympy."""

    def __init__(self) -> None:
        import sympy  # loaded with exact arithmetic only: Exact itself needs no sympy

        from tracer.analysis.exact import simplifies

        self.sp = sympy
        self.shallow = simplifies
        self.atoms: list[sp.Expr] = []
        self._index: dict[sp.Expr, int] = {}
        self._lowered: dict[Exact, sp.Expr] = {}
        self._deep: set[int] = set()  # atoms nested too deeply for sympy to simplify

    def atom(self, x: sp.Expr, power: int = 1) -> Exact:
        i = self._index.get(x)
        if i is None:
            i = self._index[x] = len(self.atoms)
            self.atoms.append(x)
            if not self.shallow((x,)):
                self._deep.add(i)
        return Exact({power * BASE ** i: 1})

    def lift(self, x: sp.Expr) -> Exact:
        """A sympy number in the normal form: sums and products multiplied out, integer
        powers of anything else (a sum included: 1/(1 + e^(-1))²) kept as powers of an atom."""
        sp = self.sp
        if x.is_Rational:
            return constant(Fraction(int(x.p), int(x.q)))
        if not self.shallow((x,)):
            # a deep value is one atom as it stands: taking it apart (expanding its exponent,
            # rebuilding its powers) has sympy ask at each level whether it is positive, at a
            # precision that grows with the depth (u = exp(-u) w 16 times: 45 s in a Hessian)
            return self.atom(x)
        if x.is_Add:
            total = constant(0)
            for a in x.args:
                total = total + self.lift(a)
            return total
        if x.is_Mul:
            product = constant(1)
            for a in x.args:
                product = product * self.lift(a)
            return product
        if x.is_Pow and x.exp.is_Integer:
            n = int(x.exp)
            if n > 0 and x.base.is_Add:
                base = self.lift(x.base)
                result = constant(1)
                for _ in range(n):
                    result = result * base
                return result
            if abs(n) < BASE // 2:
                return self.atom(x.base, n) if not x.base.is_Mul else self.atom(x)
        return self._power(x) if x.is_Pow or isinstance(x, sp.exp) else self.atom(x)

    def _power(self, x: sp.Expr) -> Exact:
        """a^(b + c) as a^b a^c and a^(k b) as (a^b)^k, so that the powers Taylor mode meets
        at every order (e^(sin 1 - 1), e^(sin 1 - 2), …) share their atoms."""
        sp = self.sp
        base, power = (sp.E, x.args[0]) if isinstance(x, sp.exp) else x.args
        power = sp.expand(power)  # an exponent is a short expression
        if power.is_Add:
            product = constant(1)
            for term in power.args:
                product = product * self.lift(base ** term)
            return product
        k, rest = power.as_coeff_Mul()
        if k.is_Rational and (k.p, k.q) != (1, 1) and abs(k.p) < BASE // 2:
            return self.atom(base ** (rest / k.q), int(k.p))  # e^(7s/10) as (e^(s/10))^7
        return self.atom(x)

    def lower(self, v: Exact) -> sp.Expr:
        """Back to a sympy number (sympy's own simplifications apply: e·e = e²)."""
        found = self._lowered.get(v)
        if found is not None:
            return found
        sp = self.sp
        terms = []
        deep = False  # built as it stands if it holds a deep atom (sympy would evaluate it)
        for m, c in v.items():
            factors: list[sp.Expr] = [sp.Rational(c.numerator, c.denominator)] \
                if c != 1 or not m else []
            for i, e in _exponents(m):
                deep = deep or i in self._deep
                factors.append(sp.Pow(self.atoms[i], e, evaluate=i not in self._deep)
                               if e != 1 else self.atoms[i])
            terms.append(sp.Mul(*factors, evaluate=not deep))
        result = sp.Add(*terms, evaluate=not deep)
        self._lowered[v] = result
        return result


def _exponents(m: int) -> Iterator[tuple[int, int]]:
    """(atom index, exponent) of a monomial's nonzero exponents."""
    i = 0
    while m:
        e = m % BASE
        if e >= BASE // 2:
            e -= BASE
        if e:
            yield i, e
        m = (m - e) // BASE
        i += 1


@contextmanager
def budget(products: int) -> Iterator[None]:
    """Allow ``products`` more products of terms inside the block (see ``Exact``)."""
    saved = Exact.budget
    Exact.budget = Exact.work + products
    try:
        yield
    finally:
        Exact.budget = saved


def size(v: Any) -> int:
    """How many terms an exact value has (a float counts one)."""
    return len(v.terms) if isinstance(v, Exact) else 1
