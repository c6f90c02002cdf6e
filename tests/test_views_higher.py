"""Documents for higher derivatives (tracer.views.higher): Taylor mode and the Hessian."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from tracer import pipeline
from tracer.analysis.hessian import hessian
from tracer.analysis.taylor import derivatives
from tracer.core.nodes import Deriv, Name, Num, Sym, Tup
from tracer.views.document import Grid, Heading, Math, Para, TraceTable, Value
from tracer.views.higher import (
    _entry,
    _prime,
    _symmetry,
    derivatives_document,
    derivatives_table,
    hessian_document,
)


def _of(doc, kind):
    return [b for b in doc.blocks if isinstance(b, kind)]


def _sine():
    return derivatives(pipeline.prepare("sin(x)", {"x": 0}), 4)


def _hessian():
    # y = x1 x2²: H = [[0, 2 x2], [2 x2, 2 x1]] = [[0, 6], [6, 4]] at (2, 3)
    return hessian(pipeline.prepare("x1*x2^2", {"x1": 2, "x2": 3}))


def test_prime_marks_then_a_superscript_order():
    assert [_prime("f", k) for k in (1, 2, 3, 4, 12)] == ["f′", "f″", "f‴", "f⁽⁴⁾", "f⁽¹²⁾"]


def test_derivatives_table_of_sine_at_zero():
    table = derivatives_table(_sine())
    assert table.headers == ("Derivative",) and table.kind == "data"
    assert [row[0].value for row in table.rows] == [1.0, 0.0, -1.0, 0.0]
    third = table.rows[2][0]
    assert third.rule[0] == Name("y‴")
    assert third.rule[1].args == (Num(6, "3!"), Name("c3"))
    # sin t = t - t³/6 + …: c3 = -1/6, and 3! c3 = -1
    assert third.numbers.args[0] == Num(6)
    assert third.numbers.args[1].value == pytest.approx(-1 / 6)


def test_derivatives_document_has_a_column_per_coefficient():
    doc = derivatives_document(_sine())
    assert doc.title == "tracer: higher derivatives"
    assert doc.blocks[0] == Heading(("Higher derivatives (Taylor mode)",))
    (table,) = _of(doc, TraceTable)
    assert table.headers == ("Forward Primal Trace", "Tangent Trace (c1)", "c2", "c3", "c4")
    assert table.values_only == (2, 3, 4)
    # the output's row last: y, ẏ, then c2 … c4
    assert [cell.value for cell in table.rows[-1]] == \
        [0.0, 1.0, 0.0, pytest.approx(-1 / 6), 0.0]


def test_derivatives_document_result_sentence():
    doc = derivatives_document(_sine())
    result = next(b for b in _of(doc, Para) if b.style == "result")
    words = [i for i in result.items if isinstance(i, str)]
    assert words[:3] == ["Derivatives: ", "y′ = 1! ", " = "]
    assert "y⁽⁴⁾ = 4! " in words
    assert [i for i in result.items if isinstance(i, Value)] == \
        [Value(1.0), Value(0.0), Value(-1.0), Value(0.0)]
    assert doc.data == (derivatives_table(_sine()),)


def test_derivatives_document_of_order_one_has_no_extra_column():
    doc = derivatives_document(derivatives(pipeline.prepare("x^3", {"x": 2}), 1))
    (table,) = _of(doc, TraceTable)
    assert table.headers == ("Forward Primal Trace", "Tangent Trace (c1)")
    assert table.rows[-1][1].value == 12.0  # 3 x² at 2


def test_hessian_document_one_pass_per_input():
    doc = hessian_document(_hessian())
    assert doc.title == "tracer: Hessian"
    passes = [h for h in _of(doc, Heading) if h.level == 2 and h.items[0].startswith("Pass")]
    assert [h.items for h in passes] == [
        ("Pass 1 of 2: direction ", Math((Name("x1"),))),
        ("Pass 2 of 2: direction ", Math((Name("x2"),)))]
    assert all(t.headers == ("Primal", "Tangent", "Adjoint", "Tangent of Adjoint")
               for t in _of(doc, TraceTable))


def test_hessian_document_columns_and_matrix():
    doc = hessian_document(_hessian())
    columns = [b for b in _of(doc, Para) if b.style == "result"
               and b.items[0] == "Column of the Hessian: "]
    derivs, syms, values = columns[1].items[1].nodes
    assert derivs == Tup((Deriv("y", ("x1", "x2")), Deriv("y", ("x2", "x2"))))
    assert syms == Tup((Sym("dotbar", -1), Sym("dotbar", 0)))
    assert values == Tup((Num(6.0), Num(4.0)))
    assert doc.table == Grid(("", "x1", "x2"), (("x1", Value(0.0), Value(6.0)),
                                                ("x2", Value(6.0), Value(4.0))))


def test_hessian_document_cost_against_the_gradient():
    doc = hessian_document(_hessian())
    costs = next(g for g in _of(doc, Grid) if g.headers[0] == "Computation")
    # 3 operations a pass (mul: 2 row arguments, pow: 1); 2 passes x 5 x 3 = 30
    assert costs.rows == (("gradient (reverse mode)", Value(1), Value(3)),
                          ("Hessian (forward-over-reverse)", Value(2), Value(30)))
    why = next(b for b in _of(doc, Para) if b.items[0].startswith("Why"))
    assert Value(10.0) in why.items
    assert "the Hessian took 2 passes, one per input, each about 5 times" in \
        "".join(i for i in why.items if isinstance(i, str))


def test_symmetry_when_every_entry_is_defined():
    para = _symmetry(SimpleNamespace(asymmetry=0.0, undefined=False), Name("a"), Name("b"))
    assert para.style == "note" and para.items[3] == Value(0.0)
    assert para.items[-1] == " (second derivatives commute)."


def test_symmetry_among_the_defined_entries():
    para = _symmetry(SimpleNamespace(asymmetry=1e-16, undefined=True), Name("a"), Name("b"))
    assert para.items[-1].startswith(" among the entries that are defined")


def test_symmetry_when_no_mirrored_pair_is_defined():
    para = _symmetry(SimpleNamespace(asymmetry=math.nan, undefined=True), Name("a"), Name("b"))
    assert para.items == ("Symmetry check: no mirrored pair of entries is defined here, so "
                          "there is nothing to compare (second derivatives commute where they "
                          "exist).",)


def test_entry_names_the_inputs_it_has():
    assert _entry("f", ["a", "b", "c"]) == (
        "Row ", Math((Name("a"),)), ", column ", Math((Name("c"),)), ": ",
        Math((Deriv("f", ("a", "c")),)), ".")
    assert _entry("y", ["x"])[-2] == Math((Deriv("y", ("x", "x")),))
