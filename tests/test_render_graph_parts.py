"""What every drawing of a dependency graph shares (tracer.render.graph_parts)."""

from __future__ import annotations

from tracer import pipeline
from tracer.analysis import graph
from tracer.analysis.graph import ROLES
from tracer.render.graph_parts import (
    LONG,
    LOOKS,
    direction,
    edge_text,
    levels,
    node_id,
    node_lines,
)


def _lecture():
    return pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})


def _chain(n: int):
    """sin(sin(…sin(x)…)): n rows one after another, n + 1 levels."""
    return graph.outline(pipeline.prepare("sin(" * n + "x" + ")" * n, {"x": 1}).trace)


def test_every_role_has_a_look_and_outputs_are_doubled():
    assert set(LOOKS) == set(ROLES)
    assert LOOKS["input"].shape == "ellipse" and LOOKS["parameter"].shape == "hexagon"
    assert LOOKS["output"].double and LOOKS["loss"].double
    assert not LOOKS["intermediate"].double


def test_node_id_names_negative_rows_with_m():
    assert [node_id(i) for i in (-12, -1, 0, 4)] == ["vm12", "vm1", "v0", "v4"]


def test_node_lines_rule_value_adjoint_and_output():
    nodes = {n.index: n for n in graph.build(_lecture(), "reverse").nodes}
    assert node_lines(nodes[-1], 4) == ["v₋₁ = x₁", "3", "v̄₋₁ = -4.333"]
    assert node_lines(nodes[2], 4) == ["v₂ = ln(v₋₁)", "1.099", "v̄₂ = -1"]
    assert node_lines(nodes[4], 4) == ["v₄ = v₃ - v₂", "-17.1", "v̄₄ = 1", "output y"]
    assert node_lines(nodes[2], 2) == ["v₂ = ln(v₋₁)", "1.1", "v̄₂ = -1"]


def test_node_lines_without_values():
    nodes = {n.index: n for n in graph.build(_lecture(), "forward").nodes}
    assert node_lines(nodes[4], 4, values=False) == ["v₄ = v₃ - v₂", "output y"]


def test_node_lines_of_a_graph_without_a_point():
    nodes = graph.outline(_lecture().trace).nodes
    assert [node_lines(n, 4) for n in nodes][:3] == [["v₋₁ = x₁"], ["v₀ = x₂"],
                                                     ["v₁ = v₋₁ v₀"]]


def test_edge_text_rule_and_value():
    edges = {(e.source, e.target): e for e in graph.build(_lecture()).edges}
    assert edge_text(edges[(-1, 1)], 4) == "∂ = v₀ = -4"
    assert edge_text(edges[(-1, 2)], 4) == "∂ = 1/v₋₁ = 0.3333"
    assert edge_text(edges[(1, 3)], 4) == "∂ = 1"  # a constant partial is said once
    assert edge_text(edges[(2, 4)], 4) == "∂ = -1"
    assert edge_text(edges[(-1, 1)], 4, values=False) == "∂ = v₀"


def test_edge_text_without_a_point():
    edges = graph.outline(_lecture().trace).edges
    assert edge_text(edges[0], 4) == "∂ = v₀"


def test_levels_one_more_than_the_highest_argument():
    assert levels(graph.build(_lecture())) == {-1: 0, 0: 0, 1: 1, 2: 1, 3: 2, 4: 3}


def test_direction_left_to_right_up_to_long_levels():
    assert direction(graph.build(_lecture())) == "LR"
    assert direction(_chain(LONG - 1)) == "LR"  # LONG levels: the input and LONG - 1 rows
    assert direction(_chain(LONG)) == "TB"
