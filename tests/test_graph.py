"""The dependency graph: rows as nodes, local partials on the edges, each node's role; the
structure alone without a point (through the graph command and the API too)."""

from __future__ import annotations

import json

import pytest
from helpers import LECTURE, run

from tracer import pipeline
from tracer.analysis import graph
from tracer.core.printer import PLAIN, render
from tracer.errors import NameProblem, TracerError


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


# --- roles, and the structure without a point ------------------------------------------------

def test_roles_name_inputs_intermediates_and_outputs():
    g = build()
    assert [n.role for n in g.nodes] == ["input", "input", "intermediate", "intermediate",
                                         "intermediate", "output"]
    assert g.roles == ("input", "intermediate", "output")


def test_parameters_make_the_output_a_loss():
    ev = pipeline.prepare("E = (w*x + b - t)^2", {"w": 2, "x": 3, "b": 1, "t": 5})
    g = graph.build(ev, params=["w", "b*"])
    roles = {n.rule[1].ref: n.role for n in g.nodes if n.index <= 0}
    assert roles == {"w": "parameter", "x": "input", "b": "parameter", "t": "input"}
    assert [n.role for n in g.nodes if n.outputs] == ["loss"]
    assert g.roles == ("input", "parameter", "intermediate", "loss")
    with pytest.raises(NameProblem, match="matches no input"):
        graph.build(ev, params=["z*"])


def test_an_outline_has_rules_and_no_values():
    g = graph.for_program(pipeline.load(LECTURE))
    assert g.ev is None and g.mode is None
    assert all(n.value is None and n.derivative_value is None for n in g.nodes)
    assert [(e.source, e.target, render(e.partial, PLAIN), e.value) for e in g.edges][:3] == [
        (-1, 1, "v_0", None), (0, 1, "v_{-1}", None), (-1, 2, "1/v_{-1}", None)]
    assert [n.role for n in g.nodes] == [n.role for n in build().nodes]


def test_a_point_from_the_program_or_the_caller_gives_values():
    with_point = graph.for_program(pipeline.load("@at x=2\ny = x*sin(x)"))
    assert with_point.ev is not None and with_point.nodes[0].value == 2
    given = graph.for_program(pipeline.load("x*sin(x)"), {"x": 1}, mode="reverse")
    assert given.nodes[-1].derivative_value == 1
    trained = graph.for_program(pipeline.load("@params w\nE = (w*x)^2"))
    assert [n.role for n in trained.nodes] == ["parameter", "input", "intermediate", "loss"]


def test_without_a_point_a_mode_or_a_decision_is_refused():
    with pytest.raises(TracerError, match=r"--mode reverse .* needs a point"):
        graph.for_program(pipeline.load(LECTURE), mode="reverse")
    with pytest.raises(NameProblem, match="decision of the program needs it"):
        graph.for_program(pipeline.load("y = x\nif x > 0:\n    y = x*x"))


def test_the_graph_command_draws_the_structure_without_at(runner):
    result = run(runner, "graph", LECTURE)
    assert result.exit_code == 0, result.stderr
    assert "v₄ = v₃ - v₂" in result.stdout and "-17.1" not in result.stdout
    assert "structure alone" in result.stdout
    doc = json.loads(run(runner, "graph", LECTURE, "-f", "json").stdout)
    assert doc["inputs"] == {"x1": None, "x2": None}
    assert {n["value"] for n in doc["nodes"]} == {None}
    assert [n["role"] for n in doc["nodes"]][-1] == "output"
    dot = run(runner, "graph", LECTURE, "--params", "x2", "-f", "dot").stdout
    assert 'v4 [label="v₄ = v₃ - v₂\\noutput y"];' in dot and "class=\"loss\"" in dot
    refused = run(runner, "graph", LECTURE, "--mode", "forward")
    assert refused.exit_code == 1 and "give the inputs' values with --at" in refused.stderr


def test_the_api_draws_the_structure_too():
    import tracer

    assert "-17.1" not in tracer.graph(LECTURE).to_dot()
    assert "-17.1" in tracer.graph(LECTURE, at="x1=3, x2=-4").to_dot()
    assert "legend_parameter{{parameter}}" in tracer.trace(
        LECTURE, at={"x1": 3, "x2": -4}).graph(params="x1").to_mermaid()


# 3 rows a step: 60,001 nodes
HUGE = "z = x\nfor i in range(20000):\n    z = sin(z) * x + z\n"


def test_a_graph_over_the_node_limit_is_refused_before_it_is_built(monkeypatch):
    import tracer
    from tracer.errors import LimitError

    def built(*args, **kwargs):
        pytest.fail("a node was built")

    monkeypatch.setattr(graph, "_nodes", built)
    ev = pipeline.prepare(HUGE, {"x": 0.5})
    for make in (lambda: graph.build(ev, "reverse"), lambda: graph.outline(ev.trace),
                 lambda: tracer.graph(HUGE, {"x": 0.5}), lambda: tracer.graph(HUGE),
                 lambda: tracer.trace(HUGE, at={"x": 0.5}).graph()):
        with pytest.raises(LimitError, match="would have 60,001, more than the 50,000"):
            make()


def test_the_cli_refuses_a_graph_over_the_node_limit(runner, tmp_path):
    program = tmp_path / "loop.txt"
    program.write_text(HUGE)
    for args in (["graph", str(program), "--at", "x=0.5"], ["graph", str(program), "-f", "json"],
                 ["reverse", str(program), "--at", "x=0.5", "--graph", "-f", "markdown"]):
        result = run(runner, *args)
        assert result.exit_code == 1 and result.stdout == "", args
        assert result.stderr.startswith("error: a dependency graph has a node per row: this "
                                        "trace's would have 60,001, more than the 50,000"), args
    result = run(runner, "reverse", str(program), "--at", "x=0.5", "-f", "json")
    assert result.exit_code == 0  # the rows without the graph


def test_an_unknown_wrt_among_many_inputs_is_said_shortly():
    """Over 5,000 inputs, --wrt q listed every input in its one error line (44 KB)."""
    ev = pipeline.prepare("sum(a)", pipeline.parse_values("a=[" + ",".join(["1"] * 5000) + "]"))
    with pytest.raises(NameProblem) as info:
        graph.build(ev, "forward", "q")
    assert len(info.value.message) < 300 and "…, a[4999] (5,000 in all)" in info.value.message
