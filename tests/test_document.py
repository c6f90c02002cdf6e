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
