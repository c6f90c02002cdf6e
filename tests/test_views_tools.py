"""Documents for the dependency graph and for grading (tracer.views.tools)."""

from __future__ import annotations

from tracer import pipeline
from tracer.analysis import graph
from tracer.core.nodes import Num, Sym
from tracer.teaching.marks import MISSING, RIGHT, WRONG, GradeRun, Mark
from tracer.views.document import Diagram, Grid, Heading, Math, Para, Value
from tracer.views.parts import ViewOptions
from tracer.views.tools import _expected, grade_document, graph_document


def _lecture():
    return pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})


def _paras(doc):
    return [b for b in doc.blocks if isinstance(b, Para)]


def test_graph_document_with_values():
    g = graph.build(_lecture())
    doc = graph_document(g)
    assert doc.title == "tracer: dependency graph"
    assert doc.blocks[0] == Heading(("Dependency graph",))
    assert doc.blocks[-1] == Diagram(g)
    assert not any(p.items[0] == "Seed: " for p in _paras(doc))
    assert any(p.items[0].startswith("Each edge carries the local partial derivative")
               for p in _paras(doc))


def test_graph_document_forward_mode_says_its_seed():
    doc = graph_document(graph.build(_lecture(), "forward"))
    assert doc.blocks[0] == Heading(("Dependency graph with tangents (forward mode)",))
    seed = next(p for p in _paras(doc) if p.items[0] == "Seed: ")
    assert seed.items[1] == Math((Sym("dot", "x1"), Num(1)))


def test_graph_document_reverse_mode_seeds_the_output():
    doc = graph_document(graph.build(_lecture(), "reverse"))
    assert doc.blocks[0] == Heading(("Dependency graph with adjoints (reverse mode)",))
    seed = next(p for p in _paras(doc) if p.items[0] == "Seed: ")
    assert seed.items[1:] == (Math((Sym("bar", "y"), Num(1))),)


def test_graph_document_without_a_point_is_the_structure_alone():
    g = graph.outline(_lecture().trace)
    doc = graph_document(g)
    assert doc.blocks[0] == Heading(("Dependency graph",))
    note = next(p for p in _paras(doc) if p.style == "note")
    assert note.items[0].startswith("No point was given, so this is the structure alone")
    assert doc.blocks[-1] == Diagram(g)


def _run(*marks: Mark) -> GradeRun:
    return GradeRun("mine.csv", "key.csv", marks, 1e-3, 1e-6)


RIGHT_CELL = Mark("Table 1, v_1, value", RIGHT, "-12", -12.0, "v_{-1} v_0")
WRONG_CELL = Mark("Table 2, v_2, tangent", WRONG, "0.3", 1 / 3, "1/v_{-1}")
MISSING_CELL = Mark("Table 3, v_0, adjoint", MISSING, "", 4.0, "")


def test_grade_document_every_cell_right():
    doc = grade_document(_run(RIGHT_CELL))
    assert doc.title == "tracer: grade"
    score = doc.blocks[1]
    assert score.items[0] == "mine.csv against key.csv: 1 of 1 cells right (tolerance: relative "
    assert score.items[1] == Value(1e-3) and score.items[3] == Value(1e-6)
    assert doc.blocks[2] == Para(("Every cell is right.",), style="note")


def test_grade_document_lists_the_cells_not_right():
    doc = grade_document(_run(RIGHT_CELL, WRONG_CELL, MISSING_CELL))
    assert doc.blocks[1].items[0].endswith(": 1 of 3 cells right (tolerance: relative ")
    wrong = doc.blocks[2]
    assert isinstance(wrong, Grid)
    assert wrong.headers == ("Cell", "You wrote", "Status", "Expected", "The row's rule gives")
    assert wrong.rows == (
        ("Table 2, v_2, tangent", "0.3", "wrong", Value(1 / 3), "1/v_{-1}"),
        ("Table 3, v_0, adjoint", "–", "missing", Value(4.0), "–"))


def test_grade_document_table_has_every_cell():
    doc = grade_document(_run(RIGHT_CELL, WRONG_CELL))
    assert doc.table.headers == ("cell", "status", "submitted", "expected", "rule")
    assert [row[1] for row in doc.table.rows] == ["right", "wrong"]


def test_grade_document_cuts_a_long_list_of_wrong_cells():
    marks = [Mark(f"cell {k}", WRONG, "1", 2.0, "") for k in range(10)]
    doc = grade_document(_run(*marks), ViewOptions(max_rows=4))
    shown = doc.blocks[2].rows
    assert len(shown) < 10 and shown[0][0] == "cell 0" and shown[-1][0] == "cell 9"


def test_expected_of_a_value_cell_is_its_value():
    assert _expected(WRONG_CELL, 4) == Value(1 / 3)


def test_expected_of_an_exact_cell_is_its_form_and_decimal():
    mark = Mark("c", WRONG, "-4", -13 / 3, "", form="-13/3")
    assert _expected(mark, 4) == "-13/3 ≈ -4.333"


def test_expected_of_an_exact_cell_that_is_a_number_is_its_value():
    mark = Mark("c", WRONG, "1", -12.0, "", form="-12")
    assert _expected(mark, 4) == Value(-12.0)
