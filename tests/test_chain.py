"""The chain rule where a slope is infinite (tracer.core.chain): paths, their signs, and the
one number they add up to."""

from __future__ import annotations

import math

import pytest

from tracer import pipeline
from tracer.core.chain import (
    BOTH,
    NEG,
    NONE,
    POS,
    infinite,
    needs_paths,
    plus,
    seed,
    times,
    value,
)

INF = math.inf


def test_seed_of_zero_starts_no_path():
    assert seed(0) == NONE and seed(0.0) == NONE


def test_seed_of_a_finite_number_is_one_finite_path_of_its_sign():
    assert seed(2.5) == (2.5, POS, 0)
    assert seed(-1) == (-1, NEG, 0)


def test_seed_of_an_infinity_is_an_infinite_path():
    assert seed(INF) == (0, 0, POS)
    assert seed(-INF) == (0, 0, NEG)
    assert seed(math.nan) == (0, 0, BOTH)


def test_times_a_positive_finite_slope_scales_and_keeps_signs():
    assert times((3.0, POS, 0), 2.0) == (6.0, POS, 0)


def test_times_a_negative_slope_flips_the_signs():
    assert times((3.0, POS, NEG), -2.0) == (-6.0, NEG, POS)
    assert times((1.0, POS | NEG, 0), -1.0) == (-1.0, BOTH, 0)


def test_times_zero_cuts_every_path_even_an_infinite_one():
    assert times((0, 0, POS), 0.0) is None
    assert times((5.0, POS, 0), 0) is None


def test_times_of_no_path_is_none_even_through_an_infinite_slope():
    assert times(NONE, INF) is None


def test_times_an_infinite_slope_makes_every_path_infinite():
    assert times((2.0, POS, 0), INF) == (0, 0, POS)
    assert times((2.0, POS, 0), -INF) == (0, 0, NEG)
    assert times((-2.0, NEG, 0), -INF) == (0, 0, POS)
    assert times((2.0, POS, 0), math.nan) == (0, 0, BOTH)


def test_plus_adds_finite_sums_and_joins_signs():
    assert plus((1.0, POS, 0), (-3.0, NEG, POS)) == (-2.0, BOTH, POS)
    assert plus(NONE, NONE) == NONE


def test_value_of_finite_paths_is_their_sum():
    assert value((-2.0, BOTH, 0)) == -2.0
    assert value(NONE) == 0


def test_value_of_infinite_paths_of_one_sign():
    assert value((7.0, POS, POS)) == INF
    assert value((7.0, POS, NEG)) == -INF


def test_value_of_infinite_paths_of_both_signs_is_nan():
    assert math.isnan(value((0, 0, BOTH)))


def test_cancelled_paths_through_an_infinite_slope_stay_undefined():
    # (x - x) under sqrt at 0: the tangent 1 - 1 = 0 still crosses the infinite slope
    one = times(seed(1.0), 1.0)
    minus_one = times(seed(1.0), -1.0)
    tangent = plus(one, minus_one)
    assert tangent[0] == 0.0
    assert math.isnan(value(times(tangent, INF)))


def test_value_exact_gives_sympy_infinities():
    sp = pytest.importorskip("sympy")
    assert value((0, 0, POS), exact=True) == sp.oo
    assert value((0, 0, NEG), exact=True) == -sp.oo
    assert value((0, 0, BOTH), exact=True) is sp.nan
    assert value((sp.Rational(1, 3), POS, 0), exact=True) == sp.Rational(1, 3)


def test_exact_values_have_kinds_as_floats_do():
    sp = pytest.importorskip("sympy")
    assert seed(sp.Integer(0)) == NONE
    assert seed(sp.Rational(-1, 2)) == (sp.Rational(-1, 2), NEG, 0)
    assert seed(sp.oo) == (0, 0, POS)
    assert seed(sp.zoo) == (0, 0, BOTH)
    assert times((1, POS, 0), sp.sqrt(2) - 2) == (sp.sqrt(2) - 2, NEG, 0)


def test_infinite_of_floats_ints_and_exact_values():
    assert not infinite(1) and not infinite(-2.5) and not infinite(0)
    assert infinite(INF) and infinite(-INF) and infinite(math.nan)
    sp = pytest.importorskip("sympy")
    assert infinite(sp.oo) and infinite(sp.zoo) and infinite(sp.nan)
    assert not infinite(sp.Rational(1, 3))


def test_needs_paths_for_an_infinite_slope_on_a_row_argument():
    assert needs_paths(pipeline.prepare("sqrt(x)", {"x": 0}), [1.0])
    assert needs_paths(pipeline.prepare("x^0.5", {"x": 0}), [1.0])


def test_needs_paths_not_for_finite_slopes():
    assert not needs_paths(pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}),
                           [1.0, 0.0])


def test_needs_paths_ignores_a_constant_arguments_slope():
    # x^2 at x = -1: the exponent's slope (ln of a negative) is never used
    ev = pipeline.prepare("x^2", {"x": -1})
    assert not needs_paths(ev, [1.0])


def test_needs_paths_for_an_infinite_seed():
    assert needs_paths(pipeline.prepare("x^2", {"x": -1}), [INF])
