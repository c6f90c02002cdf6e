"""The op table: every entry complete, every partial right four ways.

For each op and a few points in its domain, the fast float partials agree with the partial
templates students see, with sympy's derivative of the op's sympy counterpart, and with
central differences. Adding an op means adding one line to POINTS.
"""

from __future__ import annotations

import copy
import math
import pickle

import pytest
import sympy as sp

from tracer.core import ops, rules
from tracer.core.printer import LATEX, TEXT, render

# Points (argument tuples) at which each op is smooth, one line per op.
POINTS: dict[str, list[tuple[float, ...]]] = {
    "detach": [(0.7,), (-2.0,)],
    "add": [(1.5, -2.0), (0.0, 3.0)],
    "sub": [(1.5, -2.0), (-4.0, 0.25)],
    "mul": [(1.5, -2.0), (3.0, -4.0)],
    "div": [(1.5, -2.0), (-3.0, 0.5)],
    "mod": [(1.3, 0.7), (-2.5, 0.75), (2.5, -0.75)],
    "floordiv": [(1.3, 0.7), (-2.5, 0.75)],
    "pow": [(2.0, 3.0), (1.5, -0.5), (0.7, 2.5)],
    "neg": [(1.5,), (-0.25,)],
    "pi": [()],
    "e": [()],
    "exp": [(0.3,), (-2.0,)],
    "log": [(0.3,), (5.0,)],
    "logb": [(8.0, 2.0), (0.5, 3.0)],
    "log10": [(0.3,), (50.0,)],
    "log2": [(0.3,), (50.0,)],
    "sqrt": [(0.3,), (4.0,)],
    "cbrt": [(0.3,), (-8.0,)],
    "exp2": [(0.3,), (-2.0,)],
    "sin": [(0.3,), (-2.0,)],
    "cos": [(0.3,), (-2.0,)],
    "tan": [(0.3,), (-1.0,)],
    "cot": [(0.3,), (-2.0,)],
    "sec": [(0.3,), (-2.0,)],
    "csc": [(0.3,), (-2.0,)],
    "atan2": [(1.0, 2.0), (-0.5, -1.5)],
    "log1p": [(0.3,), (-0.5,)],
    "expm1": [(0.3,), (-2.0,)],
    "asin": [(0.3,), (-0.9,)],
    "acos": [(0.3,), (-0.9,)],
    "atan": [(0.3,), (-2.0,)],
    "acot": [(0.3,), (-2.0,), (1e6,)],
    "asec": [(1.3,), (-2.0,)],
    "acsc": [(1.3,), (-2.0,)],
    "sinh": [(0.3,), (-2.0,)],
    "cosh": [(0.3,), (-2.0,)],
    "tanh": [(0.3,), (-2.0,)],
    "sech": [(0.3,), (-2.0,)],
    "csch": [(0.3,), (-2.0,)],
    "coth": [(0.3,), (-2.0,)],
    "asinh": [(0.3,), (-2.0,)],
    "acosh": [(1.3,), (4.0,)],
    "atanh": [(0.3,), (-0.9,)],
    "sigmoid": [(0.3,), (-2.0,), (40.0,)],
    "softplus": [(0.3,), (-2.0,)],
    "erf": [(0.3,), (-1.2,)],
    "erfc": [(0.3,), (-1.2,), (4.0,)],
    "abs": [(0.3,), (-2.0,)],
    "sign": [(0.3,), (-2.0,)],
    "step": [(0.3,), (-2.0,)],
    "floor": [(0.3,), (-2.5,)],
    "ceil": [(0.3,), (-2.5,)],
    "relu": [(0.3,), (-2.0,)],
    "max": [(1.0, 2.0), (3.0, -1.0)],
    "min": [(1.0, 2.0), (3.0, -1.0)],
}

# Points outside each op's domain, with the message its domain check must give.
OUTSIDE: list[tuple[str, tuple[float, ...], str]] = [
    ("log", (-3.0,), "log needs a positive argument, got -3"),
    ("log", (0.0,), "log needs a positive argument, got 0"),
    ("div", (1.0, 0.0), "division by zero"),
    ("sqrt", (-2.0,), "sqrt needs a non-negative argument, got -2"),
    ("exp", (1000.0,), "exp(1000) overflows"),
    ("pow", (-2.0, 0.5), "a negative number to a non-integer power is not real"),
    ("pow", (0.0, -1.0), "0 to a negative power"),
    ("asin", (2.0,), "asin needs an argument in [-1, 1], got 2"),
    ("acos", (-1.5,), "acos needs an argument in [-1, 1]"),
    ("acosh", (0.5,), "acosh needs an argument of at least 1"),
    ("atanh", (1.0,), "atanh needs an argument strictly between -1 and 1"),
    ("logb", (8.0, 1.0), "base must be positive and not 1"),
    ("logb", (-8.0, 2.0), "log needs a positive argument"),
    ("log10", (-1.0,), "log10 needs a positive argument"),
    ("cosh", (1000.0,), "overflows"),
    ("cot", (0.0,), "cot is undefined where sin is 0"),
    ("coth", (0.0,), "coth is undefined at 0"),
    ("csch", (0.0,), "csch is undefined at 0"),
    ("asec", (0.5,), "asec needs an argument of at most -1 or at least 1, got 0.5"),
    ("acsc", (-0.5,), "acsc needs an argument of at most -1 or at least 1, got -0.5"),
    ("exp2", (2000.0,), "exp2(2000) overflows"),
    ("log1p", (-1.0,), "log1p needs an argument above -1"),
    ("mod", (1.0, 0.0), "division by zero"),
    ("floordiv", (1.0, 0.0), "division by zero"),
    ("mod", (math.inf, 2.0), "the remainder of ∞ is undefined"),
    ("floor", (math.inf,), "floor(∞) is undefined"),
]

# Non-differentiable points and the convention each op must name.
KINKS: list[tuple[str, tuple[float, ...], str]] = [
    ("abs", (0.0,), "subgradient 0"),
    ("relu", (0.0,), "slope 0"),
    ("sign", (0.0,), "slope 0"),
    ("step", (0.0,), "slope 0"),
    ("max", (1.0, 1.0), "1/2, 1/2"),
    ("min", (1.0, 1.0), "1/2, 1/2"),
    ("floor", (2.0,), "slope 0"),
    ("ceil", (-1.0,), "slope 0"),
    ("mod", (1.5, 0.5), "the piece that starts there"),
    ("floordiv", (3.0, 1.5), "the piece that starts there"),
]


@pytest.mark.parametrize("op", ops.OPS, ids=lambda op: op.name)
def test_an_op_pickles_and_copies_as_itself(op):
    assert pickle.loads(pickle.dumps(op)) is op
    assert copy.deepcopy(op) is op and copy.copy(op) is op


def test_every_op_has_points():
    assert set(POINTS) == set(ops.BY_NAME), "add a line to POINTS for each new op"


@pytest.mark.parametrize("op", ops.OPS, ids=lambda op: op.name)
def test_entries_are_complete(op):
    assert op.summary and op.text and op.latex
    assert len(op.derivs) == op.arity
    assert op.names or op.symbols, "the parser must be able to find the op"
    assert len(op.arg_parens(False)) == op.arity and len(op.arg_parens(True)) == op.arity
    if op.tangents is not None:
        assert len(op.tangents) == op.arity
    for template in op.derivs:
        rules.template(template)  # parses
    for k in range(op.arity):
        assert f"{{{k}" in op.text and f"{{{k}" in op.latex
    if op.names:  # the worksheet's answer reader reads every name the parser does
        assert op.js, "a named op needs its value in JavaScript (js) for the worksheet"


def _symbols(n: int):
    return sp.symbols("a b", real=True)[:n] if n else ()


@pytest.mark.parametrize("name", sorted(POINTS))
def test_partials_agree_four_ways(name):
    op = ops.BY_NAME[name]
    syms = _symbols(op.arity)
    expr = op.sympy(sp, *syms)
    for point in POINTS[name]:
        y = op.value(*point)
        assert math.isfinite(y)
        subs = dict(zip(syms, point, strict=True))
        assert float(expr.subs(subs).evalf()) == pytest.approx(y, rel=1e-12, abs=1e-12)
        fast = op.partials(*point, y)
        templ = rules.float_partials(op, point, y)
        for k in range(op.arity):
            symbolic = float(sp.diff(expr, syms[k]).subs(subs).evalf())
            h = 1e-6 * max(1.0, abs(point[k]))
            up = list(point)
            down = list(point)
            up[k] += h
            down[k] -= h
            central = (op.value(*up) - op.value(*down)) / (2 * h)
            assert fast[k] == pytest.approx(symbolic, rel=1e-9, abs=1e-12), (name, point, k)
            assert templ[k] == pytest.approx(symbolic, rel=1e-9, abs=1e-12), (name, point, k)
            if not op.stop:  # a stop-gradient's derivative is 0 by definition
                assert central == pytest.approx(symbolic, rel=1e-5, abs=1e-7), (name, point, k)


@pytest.mark.parametrize("name, point, message", OUTSIDE)
def test_domain_messages(name, point, message):
    op = ops.BY_NAME[name]
    try:
        y = op.value(*point)
    except (ValueError, ZeroDivisionError, OverflowError):
        y = math.nan
    assert not math.isfinite(y)
    assert message in op.domain(*point)


@pytest.mark.parametrize("name, point, convention", KINKS)
def test_kinks_name_their_convention(name, point, convention):
    op = ops.BY_NAME[name]
    note = op.kink(*point)
    assert note and convention in note
    y = op.value(*point)
    assert all(math.isfinite(p) for p in op.partials(*point, y))


# Where each op may break (a pole, a jump, a kink, the edge of its domain): its edge is 0 there.
# Overflow (exp, sinh, cosh, expm1) is no break: those ops are smooth wherever they are defined.
BREAKS: dict[str, list[tuple[float, ...]]] = {
    "div": [(1.0, 0.0), (0.0, 0.0)],
    "pow": [(0.0, -1.0), (0.0, 0.5), (0.0, -2.0)],
    "log": [(0.0,)], "log10": [(0.0,)], "log2": [(0.0,)], "log1p": [(-1.0,)],
    "logb": [(0.0, 2.0), (8.0, 1.0), (8.0, 0.0)],
    "sqrt": [(0.0,)], "cbrt": [(0.0,)],
    "csch": [(0.0,)], "coth": [(0.0,)], "asec": [(1.0,), (-1.0,)], "acsc": [(1.0,), (-1.0,)],
    "tan": [(math.pi / 2,), (-math.pi / 2,)], "sec": [(math.pi / 2,), (5 * math.pi / 2,)],
    "cot": [(0.0,), (math.pi,)], "csc": [(0.0,), (-math.pi,)],
    "asin": [(1.0,), (-1.0,)], "acos": [(1.0,), (-1.0,)], "atanh": [(1.0,), (-1.0,)],
    "acosh": [(1.0,)],
    "atan2": [(0.0, -1.0)],
    "abs": [(0.0,)], "sign": [(0.0,)], "step": [(0.0,)], "relu": [(0.0,)],
    "max": [(1.0, 1.0), (-2.0, -2.0)], "min": [(1.0, 1.0), (-2.0, -2.0)],
    "floor": [(2.0,), (-1.0,)], "ceil": [(0.0,), (3.0,)],
    "mod": [(1.5, 0.5), (1.0, 0.0)], "floordiv": [(-3.0, 1.5), (1.0, 0.0)],
}


def test_every_op_that_can_break_has_an_edge():
    """A plot places its breaks at the zeros of the op table's edges: an op with a domain
    (other than overflow) or a kink needs one, a smooth op has none."""
    assert {op.name for op in ops.OPS if op.edge is not None} == set(BREAKS)
    for op in ops.OPS:
        if op.kink is not None or (op.domain is not None and op.name not in (
                "exp", "expm1", "exp2", "sinh", "cosh")):
            assert op.edge is not None, op.name


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_edges_are_zero_at_the_breaks_and_not_at_smooth_points(name):
    op = ops.BY_NAME[name]
    for point in BREAKS[name]:
        assert abs(op.edge(*point)) < 1e-15, point
    for point in POINTS[name]:
        assert op.edge(*point) != 0, point


def test_pow_with_a_whole_exponent_is_smooth():
    pow_ = ops.BY_NAME["pow"]
    assert pow_.edge(0.0, 2.0) != 0 and pow_.edge(0.0, 0.0) != 0 and pow_.edge(-3.0, 3.0) != 0
    assert pow_.edge(0.0, float("inf")) == 0  # not a whole number: no error either


def test_kinks_are_silent_elsewhere():
    for name, point, _ in KINKS:
        op = ops.BY_NAME[name]
        moved = tuple(p + 0.5 * (k + 1) for k, p in enumerate(point))
        assert op.kink(*moved) is None


def test_sigmoid_does_not_overflow():
    sigmoid = ops.BY_NAME["sigmoid"]
    assert sigmoid.value(-1000.0) == 0.0 and sigmoid.value(1000.0) == 1.0


def test_parser_tables_come_from_the_op_table():
    assert ops.INFIX["+"].name == "add" and ops.INFIX["**"].name == "pow"
    assert ops.PREFIX["-"].name == "neg"
    assert ops.function("ln", 1).name == "log" and ops.function("log", 2).name == "logb"
    assert ops.function("sin", 2) is None
    assert ops.arities("log") == [1, 2]
    assert set(ops.CONSTANTS) == {"pi", "π", "e"}


@pytest.mark.parametrize("op", [op for op in ops.OPS if op.arity], ids=lambda op: op.name)
def test_templates_print(op):
    from tracer.core.nodes import Call, Sym

    node = Call(op, tuple(Sym("", k) for k in range(op.arity)))
    text = render(node, TEXT)
    latex = render(node, LATEX)
    assert "v₀" in text and "v_{0}" in latex
    assert "{" not in text and "|" not in latex  # no stray placeholders; no pipes in Markdown


@pytest.mark.parametrize("name, point, _", KINKS)
def test_templates_follow_the_conventions_at_kinks(name, point, _):
    # exact and Taylor modes evaluate the templates, float mode the partials: they must agree
    op = ops.BY_NAME[name]
    y = op.value(*point)
    assert rules.float_partials(op, point, y) == pytest.approx(list(op.partials(*point, y)))


# Points near the ends of domains and far out, where a partial written the naive way loses
# digits (1 - a² near ±1, 1 - tanh(a)² or y(1 - y) for large a, a² + 1 overflowing): the fast
# partials must still be right to a few units in the last place.
HARD_POINTS: dict[str, list[tuple[float, ...]]] = {
    "asin": [(1 - 1e-10,), (-1 + 2**-40,)],
    "acos": [(1 - 1e-10,), (-1 + 2**-40,)],
    "atanh": [(1 - 1e-10,), (-1 + 2**-40,)],
    "acosh": [(1 + 1e-10,), (1 + 2**-40,), (1e200,)],
    "asinh": [(1e200,), (-3e160,)],
    "asec": [(1 + 1e-10,), (-1 - 2**-40,), (1e150,)],
    "acsc": [(1 + 1e-10,), (-1 - 2**-40,)],
    "acot": [(1e10,), (-1e10,)],
    "coth": [(25.0,), (-40.0,), (1e-9,)],
    "sech": [(30.0,), (-700.0,)],
    "csch": [(1e-9,), (-40.0,)],
    "tanh": [(20.0,), (-40.0,), (1e-9,)],
    "sigmoid": [(20.0,), (40.0,), (-40.0,)],
}


@pytest.mark.parametrize("name, point", [(n, p) for n, ps in HARD_POINTS.items() for p in ps])
def test_partials_keep_their_digits_near_the_edges(name, point):
    op = ops.BY_NAME[name]
    (a,) = _symbols(1)
    # 100 digits: sympy's own 1 - tanh(a)² cancels 35 of them at a = -40
    symbolic = sp.diff(op.sympy(sp, a), a).subs(a, sp.Float(point[0], 100)).evalf(100)
    fast = op.partials(*point, op.value(*point))[0]
    assert fast == pytest.approx(float(symbolic), rel=1e-14, abs=0), (name, point)


# At the end of a domain a slope may be infinite; it is +∞ or -∞ as the one-sided slope is,
# whichever sign the zero has (-0.0 is what "--at x=-0" gives).
EDGE_SLOPES: list[tuple[str, tuple[float, ...], tuple[float, ...]]] = [
    ("sqrt", (0.0,), (math.inf,)),
    ("sqrt", (-0.0,), (math.inf,)),
    ("pow", (0.0, 0.5), (math.inf, 0.0)),
    ("pow", (-0.0, 0.5), (math.inf, 0.0)),
    ("pow", (-0.0, 1.0), (1.0, 0.0)),
    ("asin", (1.0,), (math.inf,)),
    ("asin", (-1.0,), (math.inf,)),
    ("acos", (1.0,), (-math.inf,)),
    ("acos", (-1.0,), (-math.inf,)),
    ("acosh", (1.0,), (math.inf,)),
    ("cbrt", (0.0,), (math.inf,)),
    ("cbrt", (-0.0,), (math.inf,)),
    ("asec", (1.0,), (math.inf,)),
    ("asec", (-1.0,), (math.inf,)),
    ("acsc", (1.0,), (-math.inf,)),
    ("acsc", (-1.0,), (-math.inf,)),
]


@pytest.mark.parametrize("name, point, slopes", EDGE_SLOPES)
def test_infinite_slopes_at_the_ends_of_domains_have_the_one_sided_sign(name, point, slopes):
    op = ops.BY_NAME[name]
    assert op.partials(*point, op.value(*point)) == slopes


def test_a_quotient_within_rounding_of_a_whole_number_is_a_jump():
    """0.3 // 0.1 is 2 in floats and 3 exactly: the point is at a jump, and the warning says
    that the two arithmetics may take different sides."""
    note = ops.BY_NAME["floordiv"].kink(0.3, 0.1)
    assert note and "2.9999999999999996 is within rounding of 3" in note
    assert ops.BY_NAME["floor"].kink(2.9999999999999996) is not None
    assert ops.BY_NAME["floor"].kink(2.9) is None


@pytest.mark.parametrize("op", [op for op in ops.OPS if op.chain], ids=lambda op: op.name)
def test_a_chain_is_the_flat_sum_or_product_sympy_makes(op):
    """``chain`` and ``wraps`` say how sympy nests the op's formula (cost.sympy_depth reads
    them): a - b is Add(a, Mul(-1, b)), a/b is Mul(a, Pow(b, -1)), -a is Mul(-1, a)."""
    a, b = sp.symbols("a b")
    formula = op.sympy(sp, *(a, b)[:op.arity])
    assert type(formula) is (sp.Add if op.chain == "+" else sp.Mul)
    wrapped = {sp.Mul: "*", sp.Pow: "^"}
    for slot, kind in op.wraps:
        argument = (a, b)[slot]
        assert any(type(t) in wrapped and wrapped[type(t)] == kind and argument in t.args
                   for t in formula.args), (op.name, slot)


# Textbook functions added on 27 November 2026 (cube root, 2^a, the reciprocal trigonometric
# and hyperbolic functions' inverses and relatives), each with the convention it follows.
CONVENTIONS: list[tuple[str, float, float]] = [
    ("cbrt", -8.0, -2.0),  # the real cube root, not sympy's principal (complex) one
    ("cbrt", 27.0, 3.0),
    ("exp2", 10.0, 1024.0),
    ("exp2", -1.0, 0.5),
    ("acot", 1.0, math.pi / 4),
    ("acot", -1.0, 3 * math.pi / 4),  # in (0, π): sympy's acot(-1) is -π/4, a jump at 0
    ("acot", 0.0, math.pi / 2),
    ("asec", 2.0, math.pi / 3),
    ("asec", -2.0, 2 * math.pi / 3),
    ("acsc", -2.0, -math.pi / 6),
    ("sech", 0.0, 1.0),
    ("coth", math.log(3.0), 1.25),
    ("csch", math.log(2.0), 4 / 3),
]


@pytest.mark.parametrize("name, a, expected", CONVENTIONS)
def test_textbook_functions_follow_their_conventions(name, a, expected):
    assert ops.BY_NAME[name].value(a) == pytest.approx(expected, rel=1e-15)


def test_acot_is_continuous_at_zero_and_keeps_its_digits_far_out():
    acot = ops.BY_NAME["acot"]
    assert acot.value(-1e-12) == pytest.approx(math.pi / 2, rel=1e-11)
    assert acot.value(1e-12) == pytest.approx(math.pi / 2, rel=1e-11)
    assert acot.value(1e20) == pytest.approx(1e-20, rel=1e-15)  # π/2 - atan(a) would be 0
    assert acot.value(-1e20) == pytest.approx(math.pi, rel=1e-15)


def test_reciprocal_hyperbolics_do_not_overflow_where_their_values_are_numbers():
    """cosh(1000) overflows; 1/cosh(1000) is a number (0 in a float), as its slope is."""
    for name in ("sech", "csch"):
        op = ops.BY_NAME[name]
        for a in (1000.0, -1000.0):
            y = op.value(a)
            assert y == 0.0 and op.partials(a, y)[0] == 0.0
    coth = ops.BY_NAME["coth"]
    assert coth.value(1000.0) == 1.0 and coth.partials(1000.0, 1.0) == (-0.0,)


def test_cbrt_is_exact_in_sympy_and_its_derivative_has_no_dirac_delta():
    cbrt = ops.BY_NAME["cbrt"]
    a = sp.Symbol("a", real=True)
    assert cbrt.sympy(sp, sp.Integer(-8)) == -2
    assert cbrt.sympy(sp, sp.Integer(-2)) == -sp.Integer(2) ** sp.Rational(1, 3)
    derivative = sp.diff(cbrt.sympy(sp, a), a)
    assert not derivative.has(sp.DiracDelta)
    assert float(derivative.subs(a, -8)) == pytest.approx(1 / 12, rel=1e-15)
    assert float(cbrt.sympy(sp, sp.Integer(-2)).evalf()) == pytest.approx(math.cbrt(-2.0))
