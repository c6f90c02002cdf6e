"""The Hessian by forward-over-reverse, against sympy, and the costs it reports."""

from __future__ import annotations

import pytest
import sympy as sp
from test_ops import POINTS

from tracer import pipeline
from tracer.analysis.hessian import OPERATIONS_PER_ARGUMENT, hessian
from tracer.core import ops
from tracer.errors import DomainError, NameProblem


def test_against_sympys_hessian():
    formula = "x1^2*x2 + sin(x1)*x3 + exp(x2*x3) + x1/x3"
    point = {"x1": 1, "x2": 0.5, "x3": -0.3}
    run = hessian(pipeline.prepare(formula, point))
    x1, x2, x3 = sp.symbols("x1 x2 x3")
    f = x1**2 * x2 + sp.sin(x1) * x3 + sp.exp(x2 * x3) + x1 / x3
    want = sp.hessian(f, (x1, x2, x3)).subs({x1: 1, x2: 0.5, x3: -0.3})
    names = ["x1", "x2", "x3"]
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            assert run.matrix[a][b] == pytest.approx(float(want[i, j]), rel=1e-12)
    assert run.asymmetry < 1e-12
    assert run.gradient == pipeline.run_reverse(run.ev).passes[0].result


@pytest.mark.parametrize("name", sorted(n for n, op in ops.BY_NAME.items() if op.arity == 2))
def test_every_binary_op_against_sympy(name):
    op = ops.BY_NAME[name]
    a, b = sp.symbols("a b", real=True)
    expr = op.sympy(sp, a, b)
    for point in POINTS[name]:
        formula = f"{op.names[0]}(a, b)" if op.names else f"a {op.symbols[0]} b"
        run = hessian(pipeline.prepare(formula, {"a": point[0], "b": point[1]}))
        subs = {a: sp.Rational(repr(point[0])), b: sp.Rational(repr(point[1]))}
        for u, su in (("a", a), ("b", b)):
            for v, sv in (("a", a), ("b", b)):
                want = float(sp.diff(expr, su, sv).subs(subs).evalf(30))
                assert run.matrix[u][v] == pytest.approx(want, rel=1e-9, abs=1e-12), name


def test_exact_hessian():
    run = hessian(pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}, exact=True))
    assert run.matrix == {"x1": {"x1": sp.Rational(1, 9), "x2": 1}, "x2": {"x1": 1, "x2": 0}}


def test_cost_against_the_gradient():
    run = hessian(pipeline.prepare("x1^2*x2 + sin(x1)", {"x1": 1, "x2": 2}))
    ops_per_sweep = run.ev.trace.operations
    assert len(run.passes) == 2
    assert run.operations == 2 * OPERATIONS_PER_ARGUMENT * ops_per_sweep


def test_one_output_only():
    ev = pipeline.prepare("a = x*y\nb = x + y", {"x": 1, "y": 2}, outputs=["a", "b"])
    with pytest.raises(NameProblem, match="the Hessian is of one output"):
        hessian(ev)


@pytest.mark.parametrize("name", sorted(n for n, op in ops.BY_NAME.items() if op.arity == 1))
def test_every_unary_op_against_sympy(name):
    # f(op(a*b)) makes every unary op's first and second derivative show in a 2x2 Hessian
    op = ops.BY_NAME[name]
    a, b = sp.symbols("a b", real=True)
    expr = op.sympy(sp, a * b)
    call = f"{op.names[0]}(a*b)" if op.names else "-(a*b)"
    for (point,) in POINTS[name]:
        at = {"a": point, "b": 1.0}
        run = hessian(pipeline.prepare(call, at))
        subs = {a: sp.Rational(repr(point)), b: 1}
        for u, su in (("a", a), ("b", b)):
            for v, sv in (("a", a), ("b", b)):
                want = float(sp.diff(expr, su, sv).subs(subs).evalf(30))
                assert run.matrix[u][v] == pytest.approx(want, rel=1e-9, abs=1e-12), name


# --- at a zero base, and over the budgets --------------------------------------------------------

@pytest.mark.parametrize("formula, point", [
    ("x^0*y", {"x": 0, "y": 2}), ("0^p*q", {"p": 0.2913, "q": 2}), ("x^2*y", {"x": 0, "y": 2}),
    ("x^3*y^2", {"x": 0, "y": 0}), ("sin(x)^2*y", {"x": 0, "y": 3}),
])
@pytest.mark.parametrize("exact", [False, True])
def test_zero_bases_against_sympy(formula, point, exact):
    from tracer.analysis.exact import to_sympy
    from tracer.core.parse import parse

    run = hessian(pipeline.prepare(formula, point, exact=exact))
    symbols = {name: sp.Symbol(name, real=True) for name in point}
    expr = to_sympy(parse(formula).statements[0].expr, symbols)
    subs = {symbols[k]: sp.Rational(repr(v)) for k, v in point.items()}
    for u in point:
        for v in point:
            want = sp.diff(expr, symbols[u], symbols[v]).subs(subs)
            if want.is_finite:  # sympy's 0^p has no derivative in p; autograd's is 0
                assert float(run.matrix[u][v]) == pytest.approx(float(want), abs=1e-12)
            else:
                assert run.matrix[u][v] == 0


def test_the_hessian_is_refused_before_its_passes(monkeypatch):
    from tracer.analysis import hessian as module
    from tracer.errors import LimitError

    ev = pipeline.prepare("x1*x2*x3 + sin(x1)", {"x1": 1, "x2": 2, "x3": 3})
    per_pass = module.sweep_work(ev.trace, 1)
    monkeypatch.setattr(module, "FLOAT_WORK", 3 * per_pass - 1)

    def no_pass(*args, **kwargs):
        raise AssertionError("a pass ran")

    monkeypatch.setattr(module, "_pass", no_pass)
    with pytest.raises(LimitError, match=r"3 passes of about .* derivatives --wrt"):
        hessian(ev)
    monkeypatch.setattr(module, "FLOAT_WORK", 3 * per_pass)
    with pytest.raises(AssertionError, match="a pass ran"):
        hessian(ev)


def test_exact_hessian_budgets(monkeypatch):
    from tracer.analysis import hessian as module
    from tracer.errors import LimitError

    ev = pipeline.prepare("exp(x1*x2)*sin(x1)", {"x1": 1, "x2": 2}, exact=True)
    monkeypatch.setattr(module, "EXACT_WORK", 10)
    with pytest.raises(LimitError, match=r"in exact arithmetic.*drop --exact"):
        hessian(ev)
    monkeypatch.setattr(module, "EXACT_WORK", 10**9)
    monkeypatch.setattr(module, "EXACT_TERMS", 5)
    with pytest.raises(LimitError, match="the exact Hessian's passes hold"):
        hessian(ev)
    monkeypatch.setattr(module, "EXACT_TERMS", 10**9)
    monkeypatch.setattr(module, "EXACT_PRODUCTS", 3)
    with pytest.raises(LimitError, match="grow too long"):
        hessian(ev)


def test_a_row_without_second_derivatives_counts_only_where_the_sweep_needs_it():
    """As both modes: sqrt's undefined slope at 0 times a zero factor contributes nothing."""
    for exact in (False, True):
        run = hessian(pipeline.prepare("sqrt(x)*0 + x*y", {"x": 0, "y": 1}, exact=exact))
        assert run.matrix == {"x": {"x": 0, "y": 1}, "y": {"x": 1, "y": 0}}
    with pytest.raises(DomainError, match="not defined here"):
        hessian(pipeline.prepare("sqrt(x) + x*y", {"x": 0, "y": 1}))


@pytest.mark.parametrize("exact", [False, True])
def test_undefined_second_derivatives_never_cancel(exact):
    """2 sqrt(x) - sqrt(x) at 0: no second derivative in floats, none exactly either."""
    with pytest.raises(DomainError, match="not defined here"):
        hessian(pipeline.prepare("2*sqrt(x) - sqrt(x) + x*y", {"x": 0, "y": 1}, exact=exact))


@pytest.mark.parametrize("exact", [False, True])
def test_an_undefined_slope_gives_an_undefined_hessian_entry_not_a_refusal(exact):
    """x^n at x = -2: ∂²/∂x² = n(n-1)x^(n-2) = -12, and every entry through the exponent's
    slope (ln(-2)) is nan, as autograd gives and as forward mode's ∂y/∂n is; the gradient in
    each pass is the gradient (∂y/∂x = 12 in the pass along n too)."""
    run = hessian(pipeline.prepare("x^n + x*z", {"x": -2, "n": 3, "z": 5}, exact=exact))
    h = run.matrix
    assert float(h["x"]["x"]) == -12 and float(h["x"]["z"]) == 1 == float(h["z"]["x"])
    assert float(h["z"]["z"]) == 0
    # column n, row z: ∂y/∂z = x along n, 0; column z, row n: ∂y/∂n = x^n ln(x) along z,
    # undefined as ∂y/∂n is (second derivatives commute only where they exist)
    assert float(h["z"]["n"]) == 0
    assert run.asymmetry == 0 and run.undefined
    for a, b in [("x", "n"), ("n", "x"), ("n", "n"), ("n", "z")]:
        value = h[a][b]
        assert value is sp.nan or (isinstance(value, float) and value != value), (a, b)
    for p in run.passes:
        assert float(p.adjoints[0]) == 17  # x̄ = 3·4 + 5, in every pass


def test_the_symmetry_check_compares_nothing_where_no_mirrored_pair_is_defined():
    """x^n at x = -2: only H_xx exists; "the largest |H_ij - H_ji| is 0" compared nothing."""
    import math

    run = hessian(pipeline.prepare("x^n", {"x": -2, "n": 3}))
    assert math.isnan(run.asymmetry) and run.undefined
    assert hessian(pipeline.prepare("x^3", {"x": 1})).asymmetry == 0  # one input: no pair


def test_logaddexps_hessian_is_the_softmax_weights_variance():
    """ln(e^a + e^b) away from a = b: ∂²/∂a² = p (1 - p) with p = e^a/(e^a + e^b), through
    its rows max, abs, exp and log1p (at a = b the pieces' kinks give 0: README)."""
    ev = pipeline.prepare("logaddexp(a, b)", pipeline.parse_values("a=1, b=2"))
    h = hessian(ev).matrix
    p = 1 / (1 + sp.E.evalf(30) ** 1)
    assert h["a"]["a"] == pytest.approx(float(p * (1 - p)), rel=1e-14)
    assert h["a"]["b"] == h["b"]["a"] == pytest.approx(-h["a"]["a"], rel=1e-14)


def test_the_exact_hessian_of_a_deep_chain_takes_its_values_as_they_stand():
    """u = exp(-u) w 16 times: taking the deep values apart into atoms ran 45 s (22 times: past
    two minutes); each is now one atom as it stands, and the matrix is the floats'."""
    import time

    from tracer.analysis.exact import to_float

    chain = "u = x\n" + "u = exp(-u) * w\n" * 16
    at = pipeline.parse_values("w=0.5, x=0.3")
    start = time.perf_counter()
    run = hessian(pipeline.prepare(chain, at, exact=True))
    assert time.perf_counter() - start < 20
    want = hessian(pipeline.prepare(chain, at)).matrix
    for i, row in run.matrix.items():
        for j, v in row.items():
            assert to_float(v) == pytest.approx(want[i][j], rel=1e-12, abs=1e-300)


def test_a_second_derivative_too_large_for_a_float_is_not_called_undefined():
    with pytest.raises(DomainError, match="its second derivative is too large for a float "
                       r"here \(--exact computes it\)"):
        hessian(pipeline.prepare("x*x + log(x)", {"x": 1e-300}))
    exact = hessian(pipeline.prepare("x*x + log(x)", {"x": 1e-300}, exact=True))
    assert exact.matrix["x"]["x"] == 2 - sp.Integer(10) ** 600
    with pytest.raises(DomainError, match="its second derivative is not defined here"):
        hessian(pipeline.prepare("sqrt(x*x + w)", {"x": 0, "w": 0}))
