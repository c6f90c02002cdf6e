"""Exact numbers as Laurent polynomials in atoms: arithmetic, the normal form, the budget."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from tracer.analysis.atoms import Atoms, Exact, TooLarge, budget, constant, size

VALUES = [sp.Integer(3), sp.Rational(-2, 7), sp.sin(2), sp.cos(2) ** -2, sp.exp(sp.sin(2)),
          1 / (1 + sp.exp(-1)), sp.sqrt(2), sp.pi, sp.log(3), sp.E ** sp.Rational(7, 10)]


@pytest.mark.parametrize("value", VALUES)
def test_round_trip(value):
    atoms = Atoms()
    assert sp.simplify(atoms.lower(atoms.lift(value)) - value) == 0


@given(st.lists(st.sampled_from(range(len(VALUES))), min_size=1, max_size=6),
       st.lists(st.integers(-5, 5), min_size=6, max_size=6))
def test_arithmetic_agrees_with_sympy(picks, weights):
    atoms = Atoms()
    total, want = constant(0), sp.Integer(0)
    for i, w in zip(picks, weights, strict=False):
        total = total * atoms.lift(VALUES[i]) + w
        want = want * VALUES[i] + w
    got = atoms.lower(total)
    assert abs(sp.N(got - want, 30)) < 1e-20


def test_the_normal_form_shares_atoms():
    atoms = Atoms()
    s = sp.sin(sp.Rational(7, 10))
    # e^(s - 1), e^(s - 2) and e^s meet in Taylor mode: one atom e^s, one atom e
    a, b = atoms.lift(sp.exp(s - 1)), atoms.lift(sp.exp(s - 2))
    assert (a * atoms.lift(sp.exp(1))).terms == atoms.lift(sp.exp(s)).terms
    assert size(a + b) == 2 and len(atoms.atoms) == 2
    # a power of a sum stays a power of one atom: 1/(1 + e^(-1))³ is one term
    c = atoms.lift(1 / (1 + sp.exp(-1)))
    assert size(c * c * c) == 1
    assert size(atoms.lift(sp.cos(2)) * atoms.lift(sp.cos(2) ** -1)) == 1  # cos 2 / cos 2 = 1


def test_equality_hash_and_zero():
    assert constant(0) == 0 and not constant(0).terms
    assert constant(Fraction(2, 4)) == Fraction(1, 2)
    assert hash(constant(3) + constant(1)) == hash(constant(4))
    atoms = Atoms()
    s = atoms.lift(sp.sin(1))
    assert (s - s) == 0 and s * 0 == 0


def test_the_budget_counts_products_of_terms():
    atoms = Atoms()
    a = atoms.lift(sp.sin(1) + sp.cos(1) + sp.exp(1))  # three terms
    before = Exact.work
    a * a
    assert Exact.work - before == 9
    with budget(20), pytest.raises(TooLarge):
        for _ in range(4):
            a = a * a
    assert Exact.budget == float("inf")  # restored
