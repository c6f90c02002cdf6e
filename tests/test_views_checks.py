"""Documents for `check` and `swell` (tracer.views.checks): autodiff beside sympy and finite
differences, what the errors do as h shrinks, and the swell table's sentences."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from tracer import pipeline
from tracer.core.nodes import Deriv, Name, Num
from tracer.core.printer import TEXT
from tracer.render.terminal import inline
from tracer.views.checks import (
    _count,
    _error,
    _error_shape,
    _formula,
    _long,
    _number,
    _shape,
    _swell_sentence,
    _swell_verdict,
    _unmeasured,
    _verdict,
    check_document,
)
from tracer.views.document import Grid, Heading, Math, Para, Value


def _said(items, digits=4):
    """A sentence's items as the terminal writes them (its numbers are Values and Math, each
    writer typesetting them as its tables do)."""
    return inline(tuple(items), TEXT.with_digits(digits))


class _Input:
    """An input's check as the views read it: its differences, and the best step of each."""

    def __init__(self, rows, **kw):
        self.differences = [SimpleNamespace(h=h, forward_error=f, central_error=c)
                            for h, f, c in rows]
        defaults = dict(name="x", kink=False, symbolic=1.0, infinite=False, by_size=False,
                        beyond=False, agrees=True, size=1.0)
        self.__dict__.update({**defaults, **kw})

    def best(self, method):
        errors = [(getattr(d, f"{method}_error"), d.h) for d in self.differences
                  if getattr(d, f"{method}_error") is not None]
        return min(errors)[1] if errors else None


V_SHAPE = [(0.1, 1e-2, 1e-3), (0.01, 1e-4, 1e-6), (0.001, 1e-3, 1e-4)]
FALLS = [(0.1, 1e-2, 1e-3), (0.01, 1e-3, 1e-5), (0.001, 1e-4, 1e-7)]
RISES = [(0.1, 1e-14, 1e-14), (0.01, 1e-13, 1e-13), (0.001, 1e-12, 1e-12)]
FLAT_ZERO = [(0.1, 0.0, 0.0), (0.01, 0.0, 0.0)]


def test_shape_of_the_errors():
    assert _shape(_Input(V_SHAPE), "forward") == "V"
    assert _shape(_Input(FALLS), "central") == "falls"
    assert _shape(_Input(RISES), "forward") == "rises"
    assert _shape(_Input(FLAT_ZERO), "forward") == "flat"
    assert _shape(_Input([(0.1, None, None)]), "forward") == ""


def test_error_shape_v():
    assert _said(_error_shape(_Input(V_SHAPE), 0.01)).startswith(
        "The error first falls as h shrinks (truncation error, of order h for forward and h² "
        "for central differences), then rises again")


def test_error_shape_falls_names_the_smallest_step():
    assert _said(_error_shape(_Input(FALLS), 0.001)).startswith(
        "The error falls as h shrinks, all the way to h = 0.001 (truncation error")


def test_error_shape_rises():
    assert _said(_error_shape(_Input(RISES), 0.1)).startswith(
        "The error does not fall as h shrinks: the truncation error is below the round-off")


def test_error_shape_flat_and_exact():
    assert _said(_error_shape(_Input(FLAT_ZERO), 0.1)) == (
        "The error is 0 at every step, for forward and central differences alike: they are "
        "exact here.")


def test_error_shape_one_sentence_a_kind_where_they_differ():
    # x² at 1: forward errors fall then rise, central (exact for a parabola) only rise
    rows = [(0.1, 1e-1, 1e-15), (0.01, 1e-2, 1e-14), (0.001, 1e-1, 1e-13)]
    text = _said(_error_shape(_Input(rows), 0.01))
    assert text.startswith("The error first falls as h shrinks for forward differences "
                           "(truncation error, of order h)")
    assert "The error does not fall as h shrinks for central differences" in text
    assert "central differences of a line or a parabola are exact but for rounding" in text


def test_unmeasured_reasons():
    assert _unmeasured(math.inf).startswith("The slope is infinite here")
    assert _unmeasured(math.nan).startswith("Autodiff's value is undefined here")
    assert _unmeasured(math.inf, beyond=True).startswith(
        "The slope here is finite but beyond the largest float")


def test_error_cell_marks_the_best_step():
    assert _error(None, False) == "–"
    assert _error(0.5, False) == Math((Num(0.5),))
    assert _error(0.5, True) == Math((Num(0.5), Name("best")), relation="◀")


def test_long_difference_to_ten_digits():
    assert _long(None, "left the domain") == "left the domain"
    assert _long(-4.327898228229898, "") == Math((Num(-4.327898228229898, "-4.327898228"),))
    assert _long(math.inf, "") == Math((Num(math.inf),))


def test_number_cell():
    assert _number(None) == "" and _number(2.0) == Value(2.0)


def test_count_singular_and_plural():
    assert _count(1, "row") == "1 row" and _count(0, "row") == "0 rows"
    assert _count(12, "operation") == "12 operations"


def test_formula_short_is_math_with_its_size():
    sp = pytest.importorskip("sympy")
    x = sp.Symbol("x")
    out = _formula(x + 1)
    assert isinstance(out, Math) and out.size == 1


def test_formula_too_long_is_its_size():
    sp = pytest.importorskip("sympy")
    x = sp.Symbol("x")
    assert _formula(x + 1, 500) == "(500 operations: too long to show)"
    assert _formula(None, 1) == "(1 operation: too long to show)"
    # few operations but long numbers: 10**200 has 201 digits
    assert _formula(x + sp.Integer(10) ** 200) == "(1 operation: too long to show)"


def _swell(n, derivative, simplified, rows, sweep):
    return SimpleNamespace(n=n, derivative_operations=derivative,
                           simplified_operations=simplified, trace_rows=rows,
                           sweep_operations=sweep)


def test_swell_verdict_one_iterate():
    assert _swell_verdict((_swell(1, 0, 0, 1, 1),)) == \
        "With one iterate nothing has grown yet (give --n 2 or more)"


def test_swell_verdict_much_faster():
    rows = (_swell(2, 10, 5, 4, 6), _swell(3, 40, 9, 6, 9))
    assert _swell_verdict(rows) == (
        "From n = 2 to 3 the formula grew by 30 operations and the sweep by 3: the formula "
        "grows much faster than the trace, which grows only linearly in n")


def test_swell_verdict_faster_equal_slower_and_none():
    faster = (_swell(2, 10, 5, 4, 6), _swell(3, 15, 5, 6, 9))
    assert _swell_verdict(faster).endswith("the formula grows faster than the trace")
    same = (_swell(2, 10, 5, 4, 6), _swell(3, 11, 5, 6, 7))
    assert _swell_verdict(same) == ("From n = 2 to 3 both grew by 1 operation: so far the "
                                    "formula grows no faster than the trace")
    slower = (_swell(2, 10, 5, 4, 6), _swell(3, 9, 5, 6, 9))
    assert _swell_verdict(slower) == (
        "From n = 2 to 3 the formula shrank by 1 operation and the sweep grew by 3: so far the "
        "formula grows more slowly than the trace")
    none = (_swell(2, 10, 5, 4, 6), _swell(3, 10, 5, 4, 6))
    assert _swell_verdict(none) == "From n = 2 to 3 neither grew: this map does not swell"


def test_swell_sentence_sizes_at_the_last_n():
    rows = (_swell(1, 1, 1, 1, 1), _swell(2, 1, 1, 1, 2))
    assert _swell_sentence(rows).startswith(
        "At n = 2 the symbolic derivative has 1 operation as differentiated and 1 simplified, "
        "while the evaluation trace has 1 row and a forward or reverse sweep over it "
        "2 operations. From n = 1 to 2")


def _crun(*inputs, agrees=True, warnings=()):
    return SimpleNamespace(agrees=agrees, inputs=inputs, output="y",
                           ev=SimpleNamespace(warnings=warnings))


def test_verdict_agreement():
    assert _said(_verdict(_crun(_Input([])), 4)) == (
        "Autodiff agrees with the symbolic derivative to within 1e-09 (relative) for every "
        "input.")


def test_verdict_disagreement_names_each_input_to_twelve_digits():
    wrong = _Input([], name="b", agrees=False, reverse=1.5, forward=1.5, symbolic=1.5000001)
    text = _said(_verdict(_crun(_Input([], name="a"), wrong, agrees=False), 4))
    # 12 digits whatever --digits is (at 4 both would be 1.5); only the input that differs
    assert text == ("Autodiff and the symbolic derivative disagree: ∂y/∂b: autodiff 1.5 "
                    "(forward 1.5), symbolic 1.5000001.")
    kinked = _said(_verdict(_crun(wrong, agrees=False, warnings=("a kink",)), 4))
    assert kinked.endswith("(at a non-differentiable point the conventions differ).")


def test_verdict_every_input_at_a_kink():
    assert _said(_verdict(_crun(_Input([], kink=True)), 4)).startswith(
        "Forward and reverse mode agree; autodiff and the symbolic derivative follow "
        "different conventions at this kink")


def test_verdict_undefined_and_infinite_inputs():
    text = _said(_verdict(_crun(_Input([], name="a"),
                                _Input([], name="b", symbolic=None, infinite=True)), 4))
    assert text == ("Autodiff agrees with the symbolic derivative to within 1e-09 (relative) "
                    "for every input where it is defined (not at b, see above); the slope is "
                    "infinite along b, and both say so.")


def test_verdict_beyond_the_largest_float():
    assert _said(_verdict(_crun(_Input([], beyond=True)), 4)).endswith(
        "the slope along x is finite but beyond the largest float, so both are ∞ (an "
        "overflow, not an infinite slope).")


def test_check_document_of_the_lecture_formula():
    from tracer.analysis.check import check

    doc = check_document(check(pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})))
    assert doc.title == "tracer: check"
    headings = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert [h.items for h in headings] == [(Math((Deriv("y", ("x1",)),)),),
                                           (Math((Deriv("y", ("x2",)),)),)]
    symbolic = [b for b in doc.blocks if isinstance(b, Para)
                and b.items[0] == "Symbolic (sympy): "]
    # ∂y/∂x1 = x2 - 1/x1 = -13/3; ∂y/∂x2 = x1 + 1 = 4
    assert symbolic[0].items[-2].value == pytest.approx(-13 / 3)
    assert symbolic[1].items[-2] == Value(4.0)
    sizes = next(b for b in doc.blocks if isinstance(b, Grid) and b.headers[0] == "Size")
    assert sizes.rows[2] == ("the evaluation trace (rows)", Value(4))
    assert sizes.rows[3] == ("one forward or reverse sweep", Value(7))
    last = doc.blocks[-1]
    assert isinstance(last, Para) and last.style == "result"
    assert _said(last.items) == ("Autodiff agrees with the symbolic derivative to within 1e-09 "
                                 "(relative) for every input.")
    assert doc.table.headers[:4] == ("input", "forward mode", "reverse mode", "symbolic")


def test_swell_document_of_the_logistic_map():
    from tracer.analysis.swell import swell
    from tracer.views.checks import swell_document

    doc = swell_document(swell(3))
    assert doc.title == "tracer: expression swell"
    assert doc.blocks[1].items[0] == "The recurrence lₙ₊₁ = "
    # l₂ = 4x(1 - x): 3 operations; dl₂/dx = 4 - 8x: 2; simplified 4(1 - 2x): 3
    assert doc.table.rows[1] == (Value(2), "4*x*(1 - x)", "4 - 8*x", "4*(1 - 2*x)", Value(3),
                            Value(2), Value(3), Value(3), Value(4))
    assert len(doc.table.rows) == 3 and doc.table.rows[0][1] == "x"
    assert doc.blocks[-1].items[0].startswith("At n = 3 the symbolic derivative has 21 "
                                              "operations as differentiated and 9 simplified")
