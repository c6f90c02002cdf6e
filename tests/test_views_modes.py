"""The lecture's documents (tracer.views.modes): the trace, forward and reverse mode, the
Jacobian; their headings, results and how much of them a budget shows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tracer import pipeline
from tracer.core.nodes import Deriv, Name, Num, Sym, Tup
from tracer.core.runs import jacobian
from tracer.views.document import Grid, Heading, Math, Para, TraceTable, Value
from tracer.views.modes import (
    _forward_result,
    _seeded_output,
    forward_document,
    jacobian_document,
    primal_document,
    reverse_document,
)
from tracer.views.parts import ViewOptions

LECTURE = "x1*x2+x2-log(x1)"


def _lecture():
    return pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})


def _of(doc, kind):
    return [b for b in doc.blocks if isinstance(b, kind)]


def _text(block) -> str:
    return "".join(i for i in block.items if isinstance(i, str))


def _results(doc):
    return [b for b in _of(doc, Para) if b.style == "result"]


def test_primal_document_is_table_1_and_the_result():
    doc = primal_document(pipeline.run_forward(_lecture()))
    assert doc.title == "tracer: evaluation trace"
    assert doc.blocks[0] == Heading(("Evaluation trace",))
    (table,) = _of(doc, TraceTable)
    assert table.headers == ("Forward Primal Trace",)
    (result,) = _results(doc)
    # y = 3*(-4) + (-4) - ln 3
    assert result.items[1].nodes[0] == Name("y")
    assert result.items[1].nodes[1].value == pytest.approx(-16 - 1.0986122886681098)


def test_forward_document_one_pass_per_input_and_the_gradient():
    doc = forward_document(pipeline.run_forward(_lecture()))
    assert doc.title == "tracer: forward mode"
    headings = [h for h in _of(doc, Heading) if h.level == 2]
    assert [h.items[0] for h in headings] == ["Pass 1 of 2: ∂/∂", "Pass 2 of 2: ∂/∂"]
    assert [h.items[1] for h in headings] == [Math((Name("x1"),)), Math((Name("x2"),))]
    assert all(t.headers == ("Forward Primal Trace", "Forward Tangent Trace")
               for t in _of(doc, TraceTable))
    first, second, gradient = _results(doc)
    assert first.items[1].nodes[:2] == (Sym("dot", "y"), Deriv("y", ("x1",)))
    assert first.items[1].nodes[2].value == pytest.approx(-13 / 3)
    assert second.items[1].nodes[2] == Num(4.0)
    assert _text(gradient) == ("Gradient of : , assembled from 2 forward passes "
                               "(one per input).")


def test_forward_document_one_pass_has_no_pass_heading():
    doc = forward_document(pipeline.run_forward(_lecture(), wrt=["x2"]))
    assert [h for h in _of(doc, Heading) if h.level == 2] == []
    (result,) = _results(doc)
    assert result.items[1].nodes[2] == Num(4.0)


def test_forward_document_directional_seed_says_so():
    doc = forward_document(pipeline.run_forward(_lecture(), seed={"x1": 0.5, "x2": 1}))
    (result,) = _results(doc)
    assert result.items[1].nodes[0] == Sym("dot", "y")
    assert result.items[1].nodes[1].value == pytest.approx(0.5 * -13 / 3 + 4)
    assert result.items[-1] == " (the directional derivative along the seed)"


def test_forward_document_budget_leaves_out_passes():
    # 6 rows x 2 cells = 12 a table: a budget of 20 holds one of the two
    doc = forward_document(pipeline.run_forward(_lecture()), ViewOptions(max_cells=20))
    assert len(_of(doc, TraceTable)) == 1
    notes = [b for b in _of(doc, Para) if b.style == "note"]
    assert any(_text(n).startswith("The tables of pass 2 are not shown") for n in notes)


def test_reverse_document_gradient_inline():
    doc = reverse_document(pipeline.run_reverse(_lecture()))
    assert doc.title == "tracer: reverse mode"
    (table,) = _of(doc, TraceTable)
    assert table.headers == ("Forward Primal Trace", "Reverse Adjoint Trace")
    (gradient,) = _results(doc)
    assert _text(gradient) == "Gradient of :  (1 reverse pass)."
    derivs, values = gradient.items[3].nodes
    assert derivs == Tup((Deriv("y", ("x1",)), Deriv("y", ("x2",))))
    assert values.items[0].value == pytest.approx(-13 / 3) and values.items[1] == Num(4.0)


def test_reverse_document_sweep_shows_the_primal_and_the_sweep():
    doc = reverse_document(pipeline.run_reverse(_lecture()), ViewOptions(sweep=True))
    primal, sweep = _of(doc, TraceTable)
    assert primal.headers == ("Forward Primal Trace",)
    assert sweep.headers == ("Backward Sweep", "Adjoint So Far")
    # the seed v̄4 += ȳ, then one += per row argument: sub 2, add 2, log 1, mul 2
    assert len(sweep.rows) == 8


def test_reverse_document_many_inputs_gradient_as_a_table():
    names = [f"x{k}" for k in range(1, 6)]
    ev = pipeline.prepare("+".join(names), dict.fromkeys(names, 1))
    doc = reverse_document(pipeline.run_reverse(ev))
    grid = next(g for g in _of(doc, Grid) if g.headers == ("Input", "∂y/∂input"))
    assert [row[1] for row in grid.rows] == [Value(1.0)] * 5


def test_reverse_document_vector_jacobian_product():
    ev = pipeline.prepare("y1 = x1*x2\ny2 = x1 + x2", {"x1": 3, "x2": -4},
                          outputs=["y1", "y2"])
    doc = reverse_document(pipeline.run_reverse(ev, seed={"y1": 1, "y2": 2}))
    result = next(b for b in _results(doc) if _text(b).startswith("Result: "))
    syms, values = result.items[1].nodes
    assert syms == Tup((Sym("bar", "x1"), Sym("bar", "x2")))
    # ȳ J: x̄1 = 1*(-4) + 2*1 = -2, x̄2 = 1*3 + 2*1 = 5
    assert values == Tup((Num(-2.0), Num(5.0)))


def test_jacobian_document_costs_and_choice():
    ev = pipeline.prepare("sin(x1) + x1*x2", {"x1": 0, "x2": 2})
    doc = jacobian_document(jacobian(ev))
    assert doc.title == "tracer: Jacobian"
    # ∂y/∂x1 = cos 0 + x2 = 3, ∂y/∂x2 = x1 = 0
    assert doc.table == Grid(("", "x1", "x2"), (("y", Value(3.0), Value(0)),))
    costs = next(g for g in _of(doc, Grid) if g.headers[0] == "Mode")
    # rows: sin, mul, add: 1 + 2 + 2 = 5 operations a pass
    assert costs.rows[0][:3] == ("forward", Value(2), Value(10))
    assert costs.rows[1][:3] == ("reverse", Value(1), Value(5))
    assert "(5 per pass here, after one primal sweep of 3 rows)" in costs.caption[0]
    assert _text(_results(doc)[0]).startswith("Reverse mode is cheaper here")


def test_seeded_output_names_the_one_output_seeded():
    assert _seeded_output({"y[0]": 1, "y[1]": 1, "z": 0}) == "y"
    assert _seeded_output({"y": 2}) == "y"
    assert _seeded_output({"y": 1, "z": 1}) is None
    assert _seeded_output({"y": 0}) is None


def test_forward_result_cuts_a_long_list_of_outputs():
    one = SimpleNamespace(unit=None, result={f"y{k}": float(k) for k in range(10)})
    items = _forward_result(one, 4)  # y0, y1, …, y8, y9
    assert items[0] == "Result: "
    gap = [i for i in items if isinstance(i, str) and i.startswith("… (")]
    assert gap == ["… (6 outputs not shown) …"]
    assert items[1] == Math((Sym("dot", "y0"), Num(0.0)))
    assert items[-2] == Math((Sym("dot", "y9"), Num(9.0)))

