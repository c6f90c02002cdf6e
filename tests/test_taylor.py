"""Taylor mode: higher derivatives from the op table's partial templates, against sympy."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from test_ops import POINTS

from tracer import pipeline
from tracer.analysis import taylor
from tracer.core import ops
from tracer.errors import DomainError, NameProblem, TracerError


def test_the_lectures_cube():
    run = taylor.derivatives(pipeline.prepare("x^3", {"x": 2}), 3)
    assert run.derivatives == [8, 12, 12, 6]
    assert run.series[1] == (8, 12, 6, 1)


def test_sin_to_order_ten():
    run = taylor.derivatives(pipeline.prepare("sin(x)", {"x": 0.7}), 10)
    want = [math.sin(0.7 + k * math.pi / 2) for k in range(11)]
    assert run.derivatives == pytest.approx(want, rel=1e-12)


SMOOTH = [name for name in POINTS if name not in ("abs", "sign", "step", "relu", "max", "min")]


@pytest.mark.parametrize("name", sorted(POINTS))
def test_every_op_against_sympy_to_order_four(name):
    op = ops.BY_NAME[name]
    if op.arity == 0:
        return
    for point in POINTS[name]:
        # along the line x + t through the first argument, the others held fixed
        x = sp.Symbol("x", real=True)
        fixed = [sp.Rational(repr(v)) for v in point[1:]]
        expr = op.sympy(sp, x, *fixed)
        args = ", ".join(["x", *(repr(v) for v in point[1:])])
        formula = f"{op.names[0]}({args})" if op.names else None
        if formula is None:
            symbol = op.symbols[0]
            formula = "-x" if name == "neg" else f"x {symbol} ({point[1]!r})"
        ev = pipeline.prepare(formula, {"x": point[0]})
        got = taylor.derivatives(ev, 4).derivatives
        for k in range(5):
            want = float(sp.diff(expr, x, k).subs(x, sp.Rational(repr(point[0]))).evalf(30))
            assert got[k] == pytest.approx(want, rel=1e-8, abs=1e-10), (name, point, k)


def test_exact_taylor():
    run = taylor.derivatives(pipeline.prepare("exp(2*x)", {"x": 0}, exact=True), 4)
    assert run.derivatives == [1, 2, 4, 8, 16]
    half = pipeline.parse_values("x=0.5")
    run = taylor.derivatives(pipeline.prepare("log(x)", half, exact=True), 3)
    assert run.derivatives == [sp.log(sp.Rational(1, 2)), 2, -4, 16]


def test_several_inputs_need_wrt():
    ev = pipeline.prepare("x*y^2", {"x": 2, "y": 3})
    with pytest.raises(NameProblem, match="say which one to differentiate along with --wrt"):
        taylor.derivatives(ev, 2)
    assert taylor.derivatives(ev, 2, "y").derivatives == [18, 12, 4]
    with pytest.raises(NameProblem, match="--wrt: z is not an input"):
        taylor.derivatives(ev, 2, "z")


def test_limits_and_domain():
    with pytest.raises(TracerError, match="between 1 and"):
        taylor.derivatives(pipeline.prepare("x^3", {"x": 2}), 0)
    with pytest.raises(DomainError, match="derivatives up to order 2"):
        taylor.derivatives(pipeline.prepare("sqrt(x)", {"x": 0}), 2)
