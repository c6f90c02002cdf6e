"""Drawing graphs: Mermaid, DOT, images through Graphviz, the terminal tree."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import LECTURE

from tracer import pipeline
from tracer.analysis import graph
from tracer.errors import InputFileError
from tracer.render import graph as draw
from tracer.render.terminal import render_terminal


def build(mode="reverse"):
    return graph.build(pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}), mode)


def test_mermaid(golden):
    golden("graph-reverse.mmd", draw.mermaid(build()))


def test_dot():
    text = draw.dot(build())
    assert text.startswith("digraph trace {") and "rankdir=LR" in text
    assert 'vm1 -> v1 [label="∂ = v₀ = -4"];' in text
    assert 'v4 [label="v₄ = v₃ - v₂\\n-17.1\\nv̄₄ = 1\\noutput y"];' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (.ci/run "
                    "installs Debian's graphviz package)")
def test_images():
    svg = draw.image(build(), "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "v₋₁ = x₁" in svg
    assert draw.image(build(), "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_clear_message_without_graphviz(monkeypatch):
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    with pytest.raises(InputFileError, match="sudo apt install graphviz"):
        draw.image(build(), "svg")


def test_graphviz_that_does_not_finish_is_a_clear_message(monkeypatch):
    def slow(args, **kwargs):
        raise draw.subprocess.TimeoutExpired(args, kwargs["timeout"])

    monkeypatch.setattr(draw.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(draw.subprocess, "run", slow)
    drawn = build()
    with pytest.raises(InputFileError, match=r"did not lay out this graph of \d+ nodes .* -o "
                       r"graph\.dot") as info:
        draw.image(drawn, "svg")
    assert f"of {len(drawn.nodes)} nodes" in info.value.message


def test_tree_names_shared_rows_once():
    g = graph.build(pipeline.prepare("sin(x*y) + cos(x*y)", {"x": 1, "y": 2}))
    from tracer import views

    text = render_terminal(views.graph_document(g), width=120)
    assert text.count("v₁ = v₋₁ v₀ = 2") == 1 and "v₁ (shared: shown above)" in text


# --- roles and the legend ---------------------------------------------------------------------

def trained():
    ev = pipeline.prepare("E = (w*x + b - t)^2", {"w": 2, "x": 3, "b": 1, "t": 5})
    return graph.build(ev, "reverse", params=["w", "b"])


def test_dot_shapes_and_colours_each_role_with_a_legend():
    text = draw.dot(trained())
    assert 'subgraph role_parameter { node [shape=hexagon, style="filled", ' \
           'fillcolor="#fef3c7", color="#b45309", class="parameter"]; vm3; vm1; }' in text
    assert "subgraph role_input { node [shape=ellipse" in text
    assert "peripheries=2, class=\"loss\"]" in text  # the loss: a double border, not colour only
    assert "subgraph cluster_legend" in text and 'legend_loss [label="loss"' in text
    assert "legend_input -> legend_parameter -> legend_intermediate -> legend_loss" in text
    assert "rank=same" not in text
    down = draw.dot(trained(), rankdir="TB")
    assert "rankdir=TB;" in down and "{ rank=same; legend_input;" in down
    assert "cluster_legend" not in draw.dot(trained(), legend=False)


def test_a_drawing_without_values_keeps_rules_and_partials():
    text = draw.dot(build(), values=False)
    assert 'v4 [label="v₄ = v₃ - v₂\\noutput y"];' in text
    assert 'vm1 -> v1 [label="∂ = v₀"];' in text and "-4.333" not in text


def test_mermaid_shapes_each_role_with_a_legend():
    text = draw.mermaid(trained())
    assert 'vm3{{"v₋₃ = w<br/>2<br/>v̄₋₃ = 12"}}' in text  # a parameter: a hexagon
    assert 'vm2(["v₋₂ = x<br/>3<br/>v̄₋₂ = 8"])' in text  # an input: a stadium
    assert 'v4[["v₄ (E) = v₃²<br/>4<br/>v̄₄ = 1<br/>output E"]]' in text  # the loss
    assert "subgraph legend [Legend]" in text and "legend_loss[[loss]]" in text
    assert "classDef parameter fill:#fef3c7,stroke:#b45309" in text
    assert text.count("\n  end\n") == 1


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_tracers_own_layout_names_nodes_and_edges_as_graphviz_does(rankdir):
    from xml.etree import ElementTree

    from tracer.render import graph_layout

    g = trained()
    svg = graph_layout.svg(g, values=False, rankdir=rankdir)
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    groups = {(el.get("class") or "").split()[0]: [] for el in root.iter(f"{ns}g")}
    for el in root.iter(f"{ns}g"):
        groups[(el.get("class") or "").split()[0]].append(el.find(f"{ns}title"))
    nodes = [t.text for t in groups["node"]]
    edges = [t.text for t in groups["edge"]]
    assert sorted(nodes) == sorted(draw.node_id(n.index) for n in g.nodes)
    assert edges == [f"{draw.node_id(e.source)}->{draw.node_id(e.target)}" for e in g.edges]
    assert [el.get("class") for el in root.iter(f"{ns}g") if "legend" in el.get("class")] == \
        [f"legend {r}" for r in g.roles]
    assert "∂ = 2 v₃" in svg and "= 4" not in svg  # partials as rules, no values


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (.ci/run "
                    "installs Debian's graphviz package)")
def test_graphviz_svg_carries_the_roles_as_classes():
    svg = draw.image(trained(), "svg").decode()
    assert 'class="node input"' in svg
    assert 'class="node loss"' in svg and 'class="node parameter"' in svg
    assert "Legend" in svg


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (.ci/run "
                    "installs Debian's graphviz package)")
def test_readme_picture_is_made_by_the_command_it_shows(runner, tmp_path, monkeypatch):
    """The roles' picture in docs/ comes from the command the README's graph section shows;
    running it again gives a picture of the same size."""
    import re
    import shlex
    from pathlib import Path

    from helpers import png_pixels, run

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dependency graphs: what each node is", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"```bash\n(tracer graph .+ -o (docs/\S+\.png))\n```", section)
    assert command and f'<img src="{command[2]}"' in section
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    result = run(runner, *shlex.split(command[1])[1:])
    assert result.exit_code == 0, result.stderr
    fresh = png_pixels((tmp_path / command[2]).read_bytes())
    assert fresh[:2] == png_pixels((root / command[2]).read_bytes())[:2]


LONG_EDGES = "s = x\nfor i in range(70):\n    s = s*0.5 + x\ny = s"  # x feeds every level


def test_a_graph_dot_would_take_minutes_over_is_drawn_by_tracer_or_refused(monkeypatch):
    import tracer
    from tracer.errors import LimitError

    g = tracer.graph(LONG_EDGES, {"x": 0.5})
    g = getattr(g, "graph", g)
    assert draw.spans(g) > draw.DOT_SPANS
    monkeypatch.setattr(draw.shutil, "which", lambda name: pytest.fail("dot was started"))
    svg = draw.image(g, "svg").decode()
    assert svg.startswith("<svg") and svg.count('class="node') >= len(g.nodes)
    with pytest.raises(LimitError, match=r"edges skip [\d,]+ levels in all.*-o graph\.svg"):
        draw.image(g, "png")


def test_spans_count_the_levels_each_edge_crosses():
    import tracer

    g = tracer.graph("y = sin(x)*x", {"x": 0.5})  # x (0) -> sin (1) -> * (2), and x -> * (2)
    g = getattr(g, "graph", g)
    assert draw.spans(g) == 0 + 0 + 1  # only x -> * skips a level
    chain = tracer.graph("y = x\nfor i in range(300):\n    y = sin(y)", {"x": 0.5})
    assert draw.spans(getattr(chain, "graph", chain)) == 0  # a chain is cheap for dot


MANY_EDGES = "z = x\nfor i in range(600):\n    z = sin(z)*cos(z)"  # 2,400 edges, none long


def test_a_graph_of_many_short_edges_is_drawn_by_tracer_or_refused(monkeypatch):
    import tracer
    from tracer.errors import LimitError

    g = tracer.graph(MANY_EDGES, {"x": 0.5})
    g = getattr(g, "graph", g)
    assert draw.spans(g) <= draw.DOT_SPANS < len(g.edges) == 2_400
    assert draw.too_slow_for_dot(g) == "it has 2,400 edges, more than 2,000"
    monkeypatch.setattr(draw.shutil, "which", lambda name: pytest.fail("dot was started"))
    svg = draw.image(g, "svg").decode()
    assert svg.startswith("<svg") and svg.count('class="node') >= len(g.nodes)
    with pytest.raises(LimitError, match=r"as PNG \(it has 2,400 edges, more than 2,000\); "
                       r"write -o graph\.svg .*-o graph\.dot, -o graph\.mmd or -f json"):
        draw.image(g, "png")
    assert draw.too_slow_for_dot(tracer.graph("sin(x)*cos(x)", {"x": 1}).graph) \
        is None


def test_the_cli_refuses_a_png_dot_would_take_minutes_over_before_dot_starts(
        runner, tmp_path, monkeypatch):
    from helpers import run

    monkeypatch.setattr(draw.shutil, "which", lambda name: pytest.fail("dot was started"))
    loop = tmp_path / "loop.txt"  # x feeds every step: 3,500 edges, 8,750 levels skipped
    loop.write_text("z = x\nfor i in range(700):\n    z = sin(z) * x + z\n")
    result = run(runner, "graph", str(loop), "--at", "x=0.5", "-o", str(tmp_path / "g.png"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: Graphviz's dot would take too long to lay out this "
                                    "graph as PNG (it has 3,500 edges, more than 2,000); write "
                                    "-o graph.svg")
    assert not (tmp_path / "g.png").exists()
    result = run(runner, "graph", str(loop), "--at", "x=0.5", "-o", str(tmp_path / "g.svg"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "g.svg").read_text().count('class="node') >= 2_101


# --- the tree on a terminal ---------------------------------------------------------------------

LOOP40 = ("@at x = 0.9\ns = x\ni = 0\nwhile i < 40:\n    s = s * 0.95 + x / 10\n    i = i + 1\n"
          "y = s\n")
LONG_NAME = ("@at rates_of_the_hidden_layer_activation_x40 = 0.25, α = 0.5\n"
             "c = α * 2\nc = c * c + sin(α)\nc = c / rates_of_the_hidden_layer_activation_x40\n"
             "c = c * α\nc = c - α\nc = c * 2\ny = c + 1\n")


def _tree_at(source: str, width: int | None) -> str:
    from typer.testing import CliRunner

    from tracer.cli import _app_for

    args = ["graph", source]
    result = CliRunner().invoke(_app_for(args), args, env={"COLUMNS": str(width or "")},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("source", [LOOP40, LONG_NAME])
def test_a_deep_tree_at_a_terminals_width_cuts_no_name_or_number(source, width):
    """A 40-iteration loop's tree is 80 levels deep, 4 columns a level: at 80 columns its rows
    past the 13th were cut inside their names and numbers ((s⁽³ on one line, ¹⁾) on the next;
    1.61, then 6). Each row is shown where its label keeps 30 columns (or its longest word's)
    beside its guides; below that one line says the width cut it."""
    from rich.cells import cell_len

    narrow, full = _tree_at(source, width), _tree_at(source, None)
    assert max(cell_len(line) for line in narrow.splitlines()) <= width
    assert set(narrow.split()) - set(full.split()) <= {"…", "columns", "show", "shows", "all)",
                                                       "(-f", "graph.svg", str(width)}
    if source == LOOP40:
        shown = " ".join(w for w in narrow.split() if w != "│")
        assert f"deeper than {width} columns show" in shown
        # the deepest row shown: 12 levels at 80 columns, 17 at 100
        assert {80: "v₇₁ (s⁽³⁵⁾)", 100: "v₆₅ (s⁽³²⁾)"}[width] in narrow
        assert "deeper than 40 levels" in full and "columns show" not in full
    else:  # as deep as the width allows: every row shown, the long name whole
        assert "columns show" not in narrow
        assert "= rates_of_the_hidden_layer_activation_x40 = 0.25" in narrow


def test_a_long_graph_is_drawn_top_to_bottom():
    """Left to right, a 300-step loop's graph was an SVG 291,486 px wide and 154 tall, which
    a page, a notebook and GitHub shrink to their width; more than LONG levels deep a graph
    goes top to bottom, in DOT, Mermaid and tracer's own SVG. The lecture's stays LR."""
    from tracer.render import graph_layout
    from tracer.render.graph_parts import LONG, levels

    def loop(steps):
        text = f"y = x\nfor i in range({steps}):\n    y = sin(y) + x\n"
        return graph.build(pipeline.prepare(text, {"x": 0.5}), "reverse")

    short, long = loop((LONG - 2) // 2), loop(LONG // 2)
    assert max(levels(short).values()) + 1 <= LONG < max(levels(long).values()) + 1
    assert "rankdir=LR" in draw.dot(short) and "rankdir=TB" in draw.dot(long)
    assert draw.mermaid(short).startswith("flowchart LR\n")
    assert draw.mermaid(long).startswith("flowchart TD\n")
    assert "rankdir=LR" in draw.dot(build()) and "rankdir=LR" in draw.dot(long, rankdir="LR")

    def size(svg):
        return [float(v) for v in re.search(r'width="([\d.]+)"[^>]*height="([\d.]+)"',
                                            svg).groups()]

    wide, tall = size(graph_layout.svg(long, rankdir="LR")), size(graph_layout.svg(long))
    assert wide[0] > wide[1] and tall[1] > tall[0]


def test_drawn_mermaid_is_none_past_mermaids_text_or_edges():
    """Mermaid (as GitHub and JupyterLab run it) draws at most 500 edges and 50,000
    characters: under both the flowchart is ``mermaid``'s text; 166 long names (498 edges)
    pass 50,000 characters, and 200 steps of a loop (800 edges) pass 500 edges."""
    from tracer.render.graph import MERMAID_EDGES, MERMAID_TEXT, drawn_mermaid, mermaid

    def built(text: str, at: dict[str, float]):
        return graph.build(pipeline.prepare(text, at), None, None, params=[])

    small = built("x1*x2", {"x1": 1, "x2": 2})
    assert drawn_mermaid(small, 3) == mermaid(small, 3)
    names = [f"input_{'a' * 80}_{k}" for k in range(166)]
    long = built("y = " + " + ".join(f"sin({n})" for n in names), dict.fromkeys(names, 0.5))
    assert len(long.edges) <= MERMAID_EDGES and len(mermaid(long)) > MERMAID_TEXT
    assert drawn_mermaid(long) is None
    loop = built("y = x\nfor i in range(200):\n    y = sin(y) * 1.0001 + x\n", {"x": 0.5})
    assert len(loop.edges) > MERMAID_EDGES and drawn_mermaid(loop) is None
