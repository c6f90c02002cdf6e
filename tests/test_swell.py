"""tracer swell: the lecture's expression-swell table."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from tracer.analysis.exact import from_sympy
from tracer.analysis.swell import program_for, swell, tidy
from tracer.core.printer import render
from tracer.errors import TracerError

x = sp.Symbol("x", real=True)


def test_the_lectures_rows():
    run = swell(4)
    values = [render(from_sympy(r.value)) for r in run.rows]
    assert values == ["x", "4 x (1 - x)", "16 x (1 - 2 x)² (1 - x)",
                      "64 x (1 - 2 x)² (1 - x) (1 - 8 x + 8 x²)²"]
    simplified = [render(from_sympy(r.simplified)) for r in run.rows]
    assert simplified[2] == "16 (1 - 10 x + 24 x² - 16 x³)"
    assert simplified[3] == ("64 (1 - 42 x + 504 x² - 2640 x³ + 7040 x⁴ - 9984 x⁵ + 7168 x⁶ "
                             "- 2048 x⁷)")
    assert sp.expand(run.rows[1].derivative - (4 - 8 * x)) == 0
    for r in run.rows:  # every column is the same function
        assert sp.expand(r.derivative - r.simplified) == 0
        assert sp.expand(sp.diff(r.value, x) - r.simplified) == 0


def test_the_formula_swells_and_the_trace_does_not():
    rows = swell(6).rows
    assert [r.trace_rows for r in rows] == [0, 3, 6, 9, 12, 15]
    ops = [r.derivative_operations for r in rows]
    assert all(b > 2 * a for a, b in itertools.pairwise(ops[2:]))


def test_other_maps():
    run = swell(3, "l^2 + x")
    assert [render(from_sympy(r.value)) for r in run.rows] == [
        "x", "x (1 + x)", "x (1 + x + 2 x² + x³)"]
    assert program_for("log(l)*l1", 3) == "l1 = x\nl2 = log(l1)*l1\nl3 = log(l2)*l1"


def test_tidy():
    assert tidy(sp.factor(4 * x * (1 - x))) == sp.Mul(4, x, 1 - x, evaluate=False)


@pytest.mark.parametrize("n, text, message", [
    (0, "4*l*(1-l)", "--n must be between"),
    (3, "4*l*(1-q)", "may use only l"),
    (3, "a = l; a", "one formula"),
])
def test_bad_maps(n, text, message):
    with pytest.raises(TracerError, match=message):
        swell(n, text)
