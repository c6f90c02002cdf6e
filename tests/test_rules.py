"""Rules: the primal, tangent and adjoint rule of each row, and their substituted numbers."""

from __future__ import annotations

import pytest

from tracer import pipeline
from tracer.core import rules
from tracer.core.lower import lower
from tracer.core.nodes import Call, Name, Num, Sym
from tracer.core.ops import BY_NAME
from tracer.core.parse import parse
from tracer.core.printer import LATEX, TEXT, Flavor, render

NUMBERS = Flavor(numbers=True)


def trace(text: str):
    return lower(parse(text))


def tangent(text: str, row: int = 1, fl=TEXT) -> str:
    return render(rules.tangent_rule(trace(text), row), fl)


@pytest.mark.parametrize("text, row, rule", [
    ("x1*x2", 1, "v̇₋₁ v₀ + v₋₁ v̇₀"),  # the lecture's erratum, printed right
    ("log(x)", 1, "v̇₀ (1/v₀)"),
    ("x+y", 1, "v̇₋₁ + v̇₀"),
    ("x-y", 1, "v̇₋₁ - v̇₀"),
    ("x/y", 1, "v̇₋₁ (1/v₀) - v̇₀ (v₋₁/v₀²)"),
    ("x^2", 1, "v̇₀ · 2 v₀"),
    ("2*x", 1, "2 v̇₀"),
    ("x*3", 1, "v̇₀ · 3"),
    ("-x", 1, "-v̇₀"),
    ("x^y", 1, "v̇₋₁ v₀ v₋₁^(v₀ - 1) + v̇₀ v₁ ln(v₋₁)"),
    ("sigmoid(x)", 1, "v̇₀ v₁ (1 - v₁)"),
    ("exp(x)", 1, "v̇₀ exp(v₀)"),
    ("sin(x)", 1, "v̇₀ cos(v₀)"),
    ("cos(x)", 1, "-v̇₀ sin(v₀)"),
    ("sign(x)", 1, "0"),
    ("x^(1/3)", 1, "v̇₀ (1/3) v₀^(-2/3)"),
    ("x - 1", 1, "v̇₀"),
    ("1 - x", 1, "-v̇₀"),
])
def test_tangent_rules(text, row, rule):
    assert tangent(text, row) == rule


@pytest.mark.parametrize("text, rule", [
    ("x1*x2", "v̇₋₁ × v₀ + v₋₁ × v̇₀"),  # Table 2's product rule, its erratum fixed
    ("log(x)", "v̇₀ × (1/v₀)"),  # Table 2: v̇₂ = v̇₋₁ × (1/v₋₁)
    ("x+y", "v̇₋₁ + v̇₀"),
    ("x/y", "v̇₋₁ × (1/v₀) - v̇₀ × (v₋₁/v₀²)"),
    ("x^2", "v̇₀ × 2 v₀"),  # × joins tangent and partial; the partial stays 2 v₀
    ("2*x", "2 × v̇₀"),
    ("x*3", "v̇₀ × 3"),
    ("-x", "-v̇₀"),
    ("sigmoid(x)", "v̇₀ × v₁ (1 - v₁)"),
    ("cos(x)", "-v̇₀ × sin(v₀)"),
])
def test_tangent_rules_in_the_lectures_notation(text, rule):
    assert render(rules.lecture_notation(rules.tangent_rule(trace(text), 1))) == rule


def test_lecture_notation_marks_only_a_tangent_or_adjoint_times_its_partial():
    t = trace("x1*x2+x2-log(x1)")
    terms = [rules.contribution(t, *u) for u in rules.sweep_order(t.users()[t.position(-1)])]
    adjoint = rules.lecture_notation(rules.plain_sum(terms))
    assert render(adjoint) == "v̄₂ × (1/v₋₁) + v̄₁ × v₀"  # Table 3, row v₋₁
    assert render(adjoint, LATEX) == \
        r"\bar{v}_{2} \times \frac{1}{v_{-1}} + \bar{v}_{1} \times v_{0}"
    assert render(rules.lecture_notation(rules.contribution(t, 4, 1))) == "v̄₄ × (-1)"
    primal = rules.primal_rule(t, 1)
    assert rules.lecture_notation(primal) == primal  # no tangent, no adjoint: left as it is
    tangent = rules.tangent_of(rules.partial_rule(t, 2, 0))  # the Hessian's d(1/v₋₁)
    assert render(rules.lecture_notation(tangent)) == "(-1/v₋₁²) × v̇₋₁"
    assert render(tangent) == "(-1/v₋₁²) v̇₋₁"  # unmarked: the compact form


def test_tangent_rules_in_latex():
    assert tangent("x1*x2", 1, LATEX) == r"\dot{v}_{-1} v_{0} + v_{-1} \dot{v}_{0}"
    assert tangent("log(x)", 1, LATEX) == r"\dot{v}_{0} \frac{1}{v_{0}}"


@pytest.mark.parametrize("text, slot, partial", [
    ("log(x)", 0, "1/v₀"), ("x*y", 0, "v₀"), ("x*y", 1, "v₋₁"), ("x-y", 1, "-1"),
    ("x/y", 1, "-v₋₁/v₀²"), ("tanh(x)", 0, "1 - tanh(v₀)²"), ("abs(x)", 0, "sign(v₀)"),
    ("relu(x)", 0, "H(v₀)"), ("sqrt(x)", 0, "1/(2 √(v₀))"), ("x^2", 0, "2 v₀"),
    ("x^-1", 0, "-v₀⁻²"), ("x^0.5", 0, "0.5 v₀^(-0.5)"), ("2^x", 1, "v₁ ln(2)"),
])
def test_partial_rules(text, slot, partial):
    assert render(rules.partial_rule(trace(text), 1, slot)) == partial


def test_simplify():
    s = lambda text: render(rules.simplify(parse(text).statements[0].expr))  # noqa: E731
    assert s("2-1") == "1" and s("a^1") == "a" and s("1*a") == "a" and s("a*-1") == "-a"
    assert s("0*a") == "0" and s("a+0") == "a" and s("0-a") == "-a" and s("--a") == "a"
    assert s("b*(-a)") == "-b a" and s("(-a)/b") == "-a/b" and s("1/3-1") == "-2/3"
    assert s("0.1+0.2") == "0.3" and s("a^0") == "1" and s("2^10") == "1024"


def test_simplify_leaves_a_number_no_float_holds_unfolded():
    """1e308 × 1e308 (in the tangent of x^1e308's partial) is no float: folding it raised
    OverflowError out of `tracer hessian "x^1e308"`; and 1e308 - 1 folded to a whole number of
    309 digits, printed in full in the partial's exponent. Both stay as written; a long whole
    number a float holds exactly is written as a float would (2e+200)."""
    s = lambda text: render(rules.simplify(parse(text).statements[0].expr))  # noqa: E731
    assert s("1e308*1e308") == "1e308 · 1e308" and s("1e308*(2*a)") == "1e308 · 2 a"
    assert s("(1e200)^2") == "(1e200)²" and s("1e308-1") == "1e308 - 1"
    assert s("2*1e200") == "2e+200" and s("2^64") == "2⁶⁴" and s("3*(2*a)") == "6 a"
    assert render(rules.partial_rule(trace("x^1e308"), 1, 0)) == "1e308 v₀^(1e308 - 1)"
    assert render(rules.tangent_of(rules.partial_rule(trace("x^1e308"), 1, 0))) == \
        "1e308 (1e308 - 1) v₀^(1e308 - 1 - 1) v̇₀"


def test_adjoint_contributions_in_sweep_order():
    t = trace("x1*x2+x2-log(x1)")
    uses = rules.sweep_order(t.users()[t.position(-1)])
    assert uses == [(2, 0), (1, 0)]
    terms = [rules.contribution(t, *u) for u in uses]
    assert render(rules.plain_sum(terms)) == "v̄₂ (1/v₋₁) + v̄₁ v₀"


def test_numbers_substitutes_values():
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    rule = rules.tangent_rule(ev.trace, 1)
    column = pipeline.run_forward(ev, wrt=["x2"]).passes[0].column

    def value(sym: Sym):
        source = column if sym.role == "dot" else ev.values
        return source[ev.trace.position(sym.ref)]

    assert render(rules.numbers(rule, value), NUMBERS) == "0 × (-4) + 3 × 1"
    assert rules.is_plain_value(Num(1.0)) and not rules.is_plain_value(rule)


def test_long_sums_are_elided():
    terms = [Sym("bar", i) for i in range(20)]
    shown = rules.elide(terms)
    assert len(shown) == rules.MAX_TERMS
    assert render(rules.plain_sum(terms)) == "v̄₀ + v̄₁ + v̄₂ + v̄₃ + v̄₄ + ⋯ + v̄₁₈ + v̄₁₉"


def test_template_evaluation_is_generic():
    node = rules.template("b*a^(b-1)")
    value = rules.evaluate_template(node, {"a": 2.0, "b": 3.0},
                                    lambda op, xs: op.value(*xs), lambda n: n.value)
    assert value == 12.0
    assert isinstance(rules.template("y*(1-y)"), Call)
    assert rules.substitute(Name("a"), {"a": Num(1.0)}) == Num(1.0)
    assert rules.signed_sum([]) == Num(0.0, "0")
    assert render(rules.signed_sum([Name("a"), Call(BY_NAME["neg"], (Name("b"),))])) == "a - b"


def test_rules_of_a_power_beyond_floats_through_the_command_line():
    """`tracer hessian "x^1e308" --at x=1` ended in an OverflowError traceback; `tracer reverse`
    printed 1e308 - 1 as a 309-digit exponent."""
    from helpers import run
    from typer.testing import CliRunner

    for command in ("hessian", "reverse", "forward"):
        result = run(CliRunner(), command, "x^1e308", "--at", "x=1")
        assert result.exit_code == 0, result.stderr
        assert "v₀^(1e308 - 1)" in result.stdout and "9" * 30 not in result.stdout
