"""tracer swell: the lecture's expression-swell table."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from tracer.analysis.exact import from_sympy
from tracer.analysis.swell import LOGISTIC, program_for, swell, tidy
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
    (3, "5", "--map '5' does not depend on l or x"),  # named a line of tracer's own program
    (2, "2*pi", "every iterate after the first is that constant"),
])
def test_bad_maps(n, text, message):
    with pytest.raises(TracerError, match=message):
        swell(n, text)


# --- the columns are sympy's, however they are computed ----------------------------------------

def expanded(text: str, n: int) -> list[sp.Poly]:
    """l_1 … l_n of a polynomial map by sympy's Poly arithmetic (through the op table)."""
    from tracer.analysis.exact import to_sympy
    from tracer.core.parse import parse

    step = parse(text).statements[0].expr
    px = sp.Poly(x, x, domain=sp.QQ)
    values = [px]
    for _ in range(n - 1):
        values.append(sp.Poly(to_sympy(step, {"l": values[-1], "x": px}), x, domain=sp.QQ))
    return values


def nested(text: str, n: int) -> list[sp.Expr]:
    from tracer.analysis.exact import to_sympy
    from tracer.core.parse import parse

    step = parse(text).statements[0].expr
    values = [x]
    for _ in range(n - 1):
        values.append(to_sympy(step, {"l": values[-1], "x": x}))
    return values


@pytest.mark.parametrize("text, n", [
    ("4*l*(1-l)", 7), ("l^2 + x", 6), ("l^2 - 2*x*l + x/7", 5), ("3.7*l*(1-l)", 6),
    ("l*(1-l) + l*(2-l)", 6), ("x", 4), ("l + x", 5), ("sin(l) + x", 5),
    ("l/(1+x)", 5), ("exp(l)*l", 4), ("1/(1+l)", 4), ("sqrt(l) + x", 4), ("pi*l*(1-l)", 3),
])
def test_columns_against_sympy(text, n):
    from tracer.analysis.swell import simplify

    run = swell(n, text)
    for row, value in zip(run.rows, nested(text, n), strict=True):
        derivative = sp.diff(value, x)
        assert row.value == tidy(sp.factor(value))
        assert row.derivative == derivative
        assert row.simplified == simplify(derivative, x)
        assert (row.value_operations, row.derivative_operations, row.simplified_operations) \
            == (sp.count_ops(row.value), sp.count_ops(derivative), sp.count_ops(row.simplified))


def test_large_iterates_are_factored_through_the_map():
    from tracer.analysis import swell as module

    row = swell(8).rows[-1]  # degree 128: factored through 4 l (1 - l), not by sympy
    value = nested(LOGISTIC, 8)[-1]
    assert sp.Poly(value, x).degree() > module.FACTOR_DEGREE
    assert row.value == tidy(sp.factor(value))


def test_the_tenth_iterate():
    run = swell(10)
    last = run.rows[-1]
    value = nested(LOGISTIC, 10)[-1]
    polynomial = expanded(LOGISTIC, 10)[-1]
    for r in (sp.Rational(3, 10), sp.Rational(-7, 3), sp.Rational(11, 13)):
        assert last.value.subs(x, r) == polynomial.eval(r)
    assert last.derivative_operations == sp.count_ops(sp.diff(value, x))
    assert last.trace_rows == 27
    simplified = sp.Poly(last.simplified, x, domain=sp.QQ)
    assert simplified == polynomial.diff(x) and simplified.degree() == 511


@pytest.mark.parametrize("text", ["4*l*(1-l)", "l^2 + x", "l^3/3 - l + x", "3.7*l*(1-l)",
                                  "x*l^2 - 2*l + x", "l^2 - 2*x*l + x/7"])
def test_the_estimate_bounds_the_iterates(text):
    from tracer.analysis.swell import _polynomial, estimate, recurrence

    degrees, digits = estimate(_polynomial(recurrence(text), x), 6)
    for k, p in enumerate(expanded(text, 6)):
        assert p.degree() <= degrees[k]
        biggest = max(len(str(abs(c.p))) + len(str(c.q)) for c in p.coeffs())
        assert biggest <= digits[k] + 2


@pytest.mark.parametrize("expr", [
    (1 + x) ** 3 * (2 - x), sp.sin(x * (1 + x)) * (x + 2), 1 / (1 + x) ** 2 + x,
    sp.exp(x + 1) * (x - 1) ** 2, (x + sp.sqrt(x)) * (1 - x),
])
def test_the_expanded_size_is_an_upper_bound(expr):
    from tracer.analysis.dag import fold
    from tracer.analysis.swell import expanded_size

    expanded = sp.expand(expr)
    nodes = fold(expanded, lambda e: (None, list(e.args)), lambda e, _, below: 1 + sum(below))
    assert nodes <= expanded_size(expr)


# --- refused before the work, with the largest n that fits --------------------------------------

def fail(*args, **kwargs):
    raise AssertionError("the expensive part ran")


def test_polynomial_maps_are_refused_up_front(monkeypatch):
    from tracer.analysis import swell as module
    from tracer.errors import LimitError

    monkeypatch.setattr(module, "_polynomial_columns", fail)
    with pytest.raises(LimitError, match=r"degree up to 19,683 .* use --n 8 or lower"):
        swell(10, "l^3 + x")
    monkeypatch.setattr(module, "MAX_DEGREE", 100)
    with pytest.raises(LimitError, match="use --n 7 or lower"):
        swell(10)


def test_other_maps_are_refused_up_front(monkeypatch):
    import sympy

    from tracer.analysis import swell as module
    from tracer.errors import LimitError

    monkeypatch.setattr(module, "simplify", fail)
    monkeypatch.setattr(sympy, "factor", fail)  # swell imports sympy where it uses it
    with pytest.raises(LimitError, match="use --n 8 or lower"):
        swell(10, "exp(l)*l")
    with pytest.raises(LimitError, match="more than 10¹⁵ symbols"):
        swell(10, "pi*l*(1-l)")


def test_a_long_map_is_refused():
    from tracer.errors import LimitError

    with pytest.raises(LimitError, match="at most 200 symbols"):
        swell(2, "+".join(["l*x"] * 100))


def test_formulas_too_long_to_write_are_counted(monkeypatch):
    import json

    from tracer.analysis import swell as module
    from tracer.output import text_of

    monkeypatch.setattr(module, "WRITTEN", 50)
    run = swell(5)
    assert [r.derivative is None for r in run.rows] == [False, False, False, True, True]
    assert run.rows[-1].derivative_operations > 50
    rows = json.loads(text_of(run, "json"))["rows"]
    assert rows[-1]["derivative"] is None
    assert rows[-1]["derivative_operations"] == run.rows[-1].derivative_operations
    assert "operations: too long to show" in text_of(run, "markdown")


def test_a_map_undefined_on_the_iterates_is_an_error():
    with pytest.raises(TracerError, match=r"l_2 is undefined for every x \(sympy gives zoo\)"):
        swell(3, "1/(l-x)")


def test_files_show_every_formula_the_terminal_cuts():
    """A file is not the terminal: dl₄/dx (82 operations) and dl₅/dx are written out in
    Markdown, LaTeX and HTML; the terminal's column shows their size instead."""
    from tracer.output import text_of

    run = swell(5)
    for fmt in ("markdown", "latex", "html"):
        text = text_of(run, fmt)
        assert "too long to show" not in text, fmt
        assert "operations</th>" in text if fmt == "html" else "dl" in text
    markdown = text_of(run, "markdown")
    assert "| dlₙ/dx operations (as differentiated) | dlₙ/dx operations (simplified) |" \
        in markdown
    terminal = text_of(run, "terminal")
    assert "(82 operations: too long to show)" in terminal
    assert "(264 operations: too long to show)" in terminal
    assert "dlₙ/dx operations (simplified)" in terminal


def test_a_formula_too_deep_to_print_is_counted_in_a_file():
    """The simplified dl₁₀/dx is a sum of 512 terms: a tree the printer cannot walk. The file
    gives its size (JSON and CSV write it out)."""
    from tracer.output import text_of

    run = swell(10)
    text = text_of(run, "markdown")
    last = next(line for line in text.splitlines() if line.startswith("| $10$"))
    assert f"({run.rows[-1].simplified_operations:,} operations: too long to show)" in last


def test_a_map_too_large_to_expand_counts_its_coefficients_digits_from_one():
    """l^10's iterates have coefficients of 1: "coefficients of up to 0 digits"."""
    with pytest.raises(TracerError, match=r"l_10 is a polynomial of degree up to 1,000,000,000 "
                       r"with coefficients of up to 1 digit, more than tracer expands"):
        swell(10, "l*l*l*l*l*l*l*l*l*l")
    with pytest.raises(TracerError, match=r"with coefficients of up to [\d,]+ digits, more"):
        swell(10, "7*l^5 + 2*l")
