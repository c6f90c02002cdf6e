"""The chain rule where a slope is infinite: one convention, shared by forward and reverse mode.

A derivative through a trace is the sum, over every path from the input to the output, of the
product of the local partials along the path. Forward mode groups that sum from the inputs
(tangents), reverse mode from the outputs (adjoints); with finite partials both give the same
number. With an infinite partial (``sqrt`` at 0, ``asin`` at 1) floating point would make the
two groupings disagree (``∞ × 0`` is nan, ``∞ - ∞`` is nan, ``(2 - 1) × ∞`` is ∞ where
``2∞ - ∞`` is nan), so tracer fixes the convention instead:

- a term with a zero factor contributes nothing, even when the other factor is infinite: a
  zero partial (the slope of ``sign``, a product with a factor 0) cuts every path through it,
  and a tangent or adjoint that no path reaches (a zero seed, a row the input does not
  influence) adds nothing;
- a path through an infinite slope contributes ±∞, the sign of its product;
- infinite contributions of one sign give that infinity; of both signs, nan (undefined).

A tangent or adjoint that is zero because contributions cancelled (``v̇ = 1 - 1``) is not
"no path": each of its paths still crosses the infinite slope, so ``(x - x)`` under ``sqrt``
at 0 is undefined in both modes. Under this convention forward and reverse mode agree on
every derivative: the same finiteness, the same infinity, finite values equal up to rounding
(unless a finite product overflows a float).

The sweeps keep plain numbers while every slope is finite (the common case, and the fast
one). Only when an infinite slope or seed appears do they carry, per row, ``(value, finite,
infinite)``: the sum of its finite paths, and the signs (bit 1: +, bit 2: -) of its finite and
of its infinite paths. ``value`` turns that back into one number.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Sequence
from itertools import chain, compress
from operator import not_
from typing import Any

POS, NEG, BOTH = 1, 2, 3
Paths = tuple[Any, int, int]  # (sum of finite paths, their signs, signs of infinite paths)
NONE: Paths = (0, 0, 0)  # no path reaches here


def _flip(signs: int) -> int:
    return ((signs & POS) << 1) | ((signs & NEG) >> 1)


def _kind(x: Any) -> tuple[bool, int]:
    """(finite?, signs) of a number: float, int or an exact sympy value. Zero is (True, 0);
    nan and sympy's unsigned infinity are infinite with both signs."""
    if type(x) is float or type(x) is int:
        if x == 0:
            return True, 0
        if x != x:
            return False, BOTH
        return math.isfinite(x), POS if x > 0 else NEG
    return _exact_kind(x)


def _exact_kind(x: Any) -> tuple[bool, int]:
    """``_kind`` of an exact value (sympy is loaded: exact mode brought it)."""
    import sympy as sp

    if x.has(sp.nan, sp.zoo):
        return False, BOTH
    if x.is_zero:
        return True, 0
    finite = not x.has(sp.oo, sp.S.NegativeInfinity)
    try:
        positive = bool(x > 0)
    except TypeError:  # sympy cannot order it: decide by its decimal value
        v = float(x)
        if v == 0:
            return True, 0
        positive = v > 0
    return finite, POS if positive else NEG


def infinite(x: Any) -> bool:
    """Is a slope or seed infinite or undefined (outside the fast path)?"""
    if type(x) is float or type(x) is int:
        return not math.isfinite(x)
    import sympy as sp

    return bool(x.has(sp.nan, sp.zoo, sp.oo, sp.S.NegativeInfinity))


def needs_paths(ev: Any, seeds: Iterable[Any]) -> bool:
    """Does a sweep over this evaluation meet an infinite seed, or an infinite slope on a row
    argument?"""
    if any(infinite(s) for s in seeds):
        return True
    key = id(ev)
    found = _STEEP.get(key)
    if found is None:
        found = _steep(ev.trace.equations, ev.partials, ev.exact)
        try:
            weakref.finalize(ev, _STEEP.pop, key, None)
            _STEEP[key] = found
        except TypeError:  # not weakly referable: look again next time
            pass
    return found


_STEEP: dict[int, bool] = {}  # per live evaluation: a Jacobian's passes look once


def _steep(equations: Sequence[Any], partials: Sequence[Sequence[Any]], exact: bool) -> bool:
    """Is a slope on a row argument infinite? (A constant argument's slope is never used:
    ``x^2`` at a negative x has an undefined slope in the exponent, and stays on the fast
    path.)"""
    if exact:
        rows: Iterable[int] = range(len(partials))
    else:
        # One C-speed sum: finite unless some partial is infinite, nan or huge.
        if math.isfinite(sum(chain.from_iterable(partials))):
            return False
        sums = map(sum, partials)
        rows = compress(range(len(partials)), map(not_, map(math.isfinite, sums)))
    for i in rows:
        p = partials[i]
        for k, a in enumerate(equations[i].args):
            if type(a) is int and infinite(p[k]):
                return True
    return False


def seed(s: Any) -> Paths:
    """The paths a seed starts: none for 0, one of its sign otherwise."""
    finite, signs = _kind(s)
    if not signs:
        return NONE
    return (s, signs, 0) if finite else (0, 0, signs)


def times(paths: Paths, p: Any) -> Paths | None:
    """The paths extended by one edge of slope ``p``; None when nothing gets through."""
    f, fin, inf = paths
    if not (fin | inf):
        return None
    finite, signs = _kind(p)
    if not signs:
        return None  # a zero slope cuts every path, even an infinite one
    if finite:
        if signs == POS:
            return f * p, fin, inf
        return f * p, _flip(fin), _flip(inf)
    reached = fin | inf  # every path becomes infinite: its sign times the slope's
    if signs == BOTH:
        return 0, 0, BOTH
    return 0, 0, reached if signs == POS else _flip(reached)


def plus(a: Paths, b: Paths) -> Paths:
    return a[0] + b[0], a[1] | b[1], a[2] | b[2]


def value(paths: Paths, exact: bool = False) -> Any:
    """The number the paths add up to: an infinity when all infinite ones agree in sign, nan
    when they do not, the finite sum otherwise."""
    f, _, inf = paths
    if not inf:
        return f
    if exact:
        import sympy as sp

        return sp.nan if inf == BOTH else sp.oo if inf == POS else -sp.oo
    return math.nan if inf == BOTH else math.inf if inf == POS else -math.inf
