"""The writers' shared pieces: formats by suffix, cells as the lecture writes them."""

from __future__ import annotations

from tracer.core.nodes import Call, Num, Sym
from tracer.core.ops import BY_NAME
from tracer.core.printer import LATEX, TEXT
from tracer.render import FORMATS, format_for
from tracer.render.base import cell_parts, table_cells
from tracer.views.document import Cell, Gap, TraceTable


def test_formats_by_suffix():
    assert format_for("a/trace.MD") == "markdown" and format_for("t.json") == "json"
    assert format_for("t.tex") == "latex" and format_for("t.htm") == "html"
    assert format_for("t.csv") == "csv" and format_for("t.txt") == "terminal"
    assert format_for("t.pdf") is None and set(FORMATS) >= {"terminal", "markdown", "json"}


def test_cell_parts():
    product = Call(BY_NAME["mul"], (Sym("", -1), Sym("", 0)))
    cell = Cell((Sym("", 1), product), Call(BY_NAME["mul"], (Num(3.0), Num(-4.0))), -12.0)
    assert cell_parts(cell, TEXT) == ("v₁ = v₋₁ v₀", "3 × (-4) = -12")
    assert cell_parts(cell, LATEX) == ("v_{1} = v_{-1} v_{0}", r"3 \times (-4) = -12")
    assert cell_parts(Cell((Sym("", 0),), None, 2.0), TEXT) == ("v₀", "2")


def test_table_cells():
    table = TraceTable(("A", "B"), ((Cell(value=1.0), Cell(value=2.0)), Gap(3)),
                       values_only=(1,))
    headers, rows = table_cells(table, TEXT)
    assert headers == ["A", "Output", "B"] and rows == [["", "1", "2"], 3]
