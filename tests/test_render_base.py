"""What every writer shares (tracer.render.base): the walk over blocks, a cell's two texts,
table headers and cell counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tracer import pipeline
from tracer.core.printer import LATEX, TEXT
from tracer.render.base import (
    Settings,
    Writer,
    approximated,
    cell_count,
    cell_parts,
    headers,
    numbers_flavor,
    table_cells,
)
from tracer.views.document import (
    BLANK,
    Cell,
    Code,
    Diagram,
    Document,
    Gap,
    Grid,
    Heading,
    Para,
    TraceTable,
    Value,
)
from tracer.views.modes import forward_document
from tracer.views.parts import primal_cell


def _lecture(exact: bool = False):
    return pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}, exact=exact)


class _Plain(Writer):
    def heading(self, block):
        return "# " + "".join(block.items)

    def para(self, block):
        return "".join(i for i in block.items if isinstance(i, str))

    def code(self, block):
        return ""


def test_writer_joins_blocks_with_a_blank_line_and_skips_empty_ones():
    doc = Document("t", (Heading(("Title",)), Code("x"), Para(("Some text.",))))
    assert _Plain(Settings()).write(doc) == "# Title\n\nSome text.\n"


def test_writer_of_an_empty_document_is_one_new_line():
    assert _Plain(Settings()).write(Document("t", ())) == "\n"
    assert _Plain(Settings()).write(Document("t", (Code(""),))) == "\n"


def test_writer_leaves_out_a_diagram_it_cannot_draw():
    assert _Plain(Settings()).diagram(Diagram(None)) == ""


def test_writer_without_a_method_for_a_block_says_so():
    with pytest.raises(NotImplementedError):
        _Plain(Settings()).block(Grid(("a",), ()))


def test_writer_digits_come_from_the_settings():
    assert _Plain(Settings(digits=7)).digits == 7
    assert Settings().digits == 4 and not Settings().standalone


def test_cell_parts_of_a_product_row():
    cell = primal_cell(_lecture(), 1)
    assert cell_parts(cell, TEXT) == ("v₁ = v₋₁ v₀", "3 × (-4) = -12")
    assert cell_parts(cell, LATEX) == ("v_{1} = v_{-1} v_{0}", "3 \\times (-4) = -12")


def test_cell_parts_of_an_input_is_its_value_alone():
    assert cell_parts(primal_cell(_lecture(), -1), TEXT) == ("v₋₁ = x₁", "3")


def test_cell_parts_rounds_the_value_to_the_flavors_digits():
    assert cell_parts(primal_cell(_lecture(), 2), TEXT) == ("v₂ = ln(v₋₁)", "ln(3) = 1.099")


def test_cell_parts_of_a_blank_value_shows_the_numbers_alone():
    # a quiz blanks the value: the substituted rule stays, "= -12" goes
    cell = replace(primal_cell(_lecture(), 1), value=BLANK)
    assert cell_parts(cell, TEXT) == ("v₁ = v₋₁ v₀", "3 × (-4)")
    assert cell_parts(replace(primal_cell(_lecture(), -1), value=BLANK), TEXT) == \
        ("v₋₁ = x₁", "")


def test_cell_parts_exact_says_approximately():
    pytest.importorskip("sympy")
    ev = _lecture(exact=True)
    assert cell_parts(primal_cell(ev, 2), TEXT) == ("v₂ = ln(v₋₁)", "ln(3) ≈ 1.099")
    assert cell_parts(primal_cell(ev, 4), TEXT) == ("v₄ = v₃ - v₂", "-16 - ln(3) ≈ -17.1")


def test_numbers_flavor_is_made_once():
    assert numbers_flavor(TEXT).numbers and numbers_flavor(TEXT) is numbers_flavor(TEXT)
    assert not TEXT.numbers


def test_approximated_leaves_floats_alone():
    items = ("y = ", Value(2.0))
    assert approximated(items) is items


def test_approximated_writes_approximately_before_a_long_exact_value():
    sp = pytest.importorskip("sympy")
    import tracer.analysis.exact  # noqa: F401  (exact values print through it)

    big, third = sp.Rational(7, 3) ** 50, sp.Rational(1, 3)
    assert approximated(("y = ", Value(big), ", z = ", Value(third))) == \
        ("y ≈ ", Value(big), ", z = ", Value(third))


def test_headers_rule_and_output_per_group_or_values_alone():
    table = TraceTable(("Primal", "Tangent", "c2"), (), values_only=(2,))
    assert headers(table) == ["Primal", "Output", "Tangent", "Output", "c2"]


def test_cell_count_of_the_forward_document():
    doc = forward_document(pipeline.run_forward(_lecture()))
    # two passes, each a table of 7 rows (v-1 … v4 and y) and 4 columns
    assert cell_count(doc) == (56, 8)


def test_cell_count_of_grids_and_gaps():
    doc = Document("t", (Grid(("a", "b"), (("1", "2"), ("3", "4"))),
                         TraceTable(("P",), ((Cell((), None, 1.0),), Gap(5)))))
    assert cell_count(doc) == (4 + 2, 2)


def test_table_cells_of_the_forward_table():
    doc = forward_document(pipeline.run_forward(_lecture(), wrt=["x2"]))
    table = next(b for b in doc.blocks if isinstance(b, TraceTable))
    head, rows = table_cells(table, TEXT)
    assert head == ["Forward Primal Trace", "Output", "Forward Tangent Trace", "Output"]
    assert rows[2] == ["v₁ = v₋₁ v₀", "3 × (-4) = -12", "v̇₁ = v̇₋₁ × v₀ + v₋₁ × v̇₀",
                       "0 × (-4) + 3 × 1 = 3"]
    assert rows[-1] == ["y = v₄", "-17.1", "ẏ = v̇₄", "4"]


def test_table_cells_values_only_columns_and_gaps():
    table = TraceTable(("P", "c2"), ((Cell((), None, 1.5), Cell(value=0.25)), Gap(7)),
                       values_only=(1,))
    head, rows = table_cells(table, TEXT)
    assert head == ["P", "Output", "c2"]
    assert rows[0][1:] == ["1.5", "0.25"] and rows[1] == 7
