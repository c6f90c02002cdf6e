"""The neutral document: plain frozen data, no rendered strings."""

from __future__ import annotations

import dataclasses

import pytest

from tracer.core.nodes import Sym
from tracer.views.document import (
    BLANK,
    Cell,
    Document,
    Gap,
    Grid,
    Heading,
    Math,
    Para,
    TraceTable,
    Value,
)


def test_blocks_are_frozen_data():
    cell = Cell((Sym("", 1),), None, 3.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = 4.0  # type: ignore[misc]
    table = TraceTable(("Forward Primal Trace",), ((cell,), Gap(5)))
    doc = Document("t", (Heading(("T",)), Para(("a ", Math((Sym("", 1),)), Value(2))), table,
                         Grid(("h",), (("c",),))))
    assert doc.blocks[2].rows[1].hidden == 5


def test_defaults():
    assert Cell().value is BLANK and Cell().relation == "=" and not Cell().given
    assert repr(BLANK) == "BLANK"
    assert TraceTable(("a",), ()).kind == "trace" and Math(()).relation == "="


def test_a_float_traces_table_tells_its_exact_groups_without_making_its_cells():
    """A quiz's key (and CSV) asked each table which groups are exact: for a trace's rows it
    made every row's cells to look at their values, once per group, three times for a quiz
    with its key (a 10⁵-step loop's reverse quiz to CSV: 14.6 s of CPU, 11.5 s now). A float
    run has no exact values; an exact one is still looked at."""
    from tracer import pipeline
    from tracer.views import parts
    from tracer.views.document import RowSource, TraceRows, TraceTable

    def no_cells(i):
        raise AssertionError("a row's cells were made")

    floats = pipeline.prepare("y = x * 2", {"x": 1.0})
    rows = TraceRows([0, 1], no_cells, RowSource(floats, None, None, False, [], None))
    assert TraceTable(("Forward Primal Trace",), rows, exact=()).exact_groups() == ()
    assert TraceTable(("A", "B"), rows, exact=(1,)).exact_groups() == (1,)
    exact = pipeline.prepare("y = x * 2", {"x": 1.0}, exact=True)
    table = parts.trace_table(exact, None, None, None)
    assert table.exact_groups() == (0,)
