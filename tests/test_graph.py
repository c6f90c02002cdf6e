"""The dependency graph: rows as nodes, local partials on the edges."""

from __future__ import annotations

import pytest
from helpers import LECTURE

from tracer import pipeline
from tracer.analysis import graph
from tracer.core.printer import PLAIN, render
from tracer.errors import NameProblem


def build(mode=None, wrt=None):
    return graph.build(pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}), mode, wrt)


def test_nodes_and_edges():
    g = build()
    assert [n.index for n in g.nodes] == [-1, 0, 1, 2, 3, 4]
    assert g.nodes[-1].outputs == ("y",)
    edges = [(e.source, e.target, render(e.partial, PLAIN), e.value) for e in g.edges]
    assert edges[:3] == [(-1, 1, "v_0", -4.0), (0, 1, "v_{-1}", 3.0),
                         (-1, 2, "1/v_{-1}", pytest.approx(1 / 3))]
    assert len(edges) == g.ev.trace.operations


def test_modes_add_tangents_or_adjoints():
    forward = build("forward", "x2")
    assert [n.derivative_value for n in forward.nodes] == [0, 1, 3, 0, 4, 4]
    reverse = build("reverse")
    assert reverse.nodes[0].derivative_value == pytest.approx(-13 / 3)
    assert reverse.seed == {"y": 1}
    with pytest.raises(NameProblem):
        build("forward", "z")
