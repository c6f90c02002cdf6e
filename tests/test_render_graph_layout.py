"""tracer's own SVG drawing of a dependency graph (tracer.render.graph_layout)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tracer import pipeline
from tracer.analysis import graph
from tracer.render.graph_layout import _box, _edge, _places, shape, svg
from tracer.render.graph_parts import LOOKS, node_lines

SVG = "{http://www.w3.org/2000/svg}"


def _lecture_graph(mode=None):
    return graph.build(pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}), mode)


def _titles(root, kind):
    return [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")
            if g.get("class", "").split()[0] == kind]


def test_svg_is_well_formed_and_names_nodes_and_edges_as_graphviz_does():
    root = ET.fromstring(svg(_lecture_graph()))
    assert root.tag == f"{SVG}svg"
    assert _titles(root, "node") == ["vm1", "v0", "v1", "v2", "v3", "v4"]
    assert _titles(root, "edge") == ["vm1->v1", "v0->v1", "vm1->v2", "v1->v3", "v0->v3",
                                     "v3->v4", "v2->v4"]


def test_svg_nodes_carry_their_roles_and_labels():
    root = ET.fromstring(svg(_lecture_graph("reverse")))
    nodes = {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g")
             if g.get("class", "").startswith("node")}
    assert nodes["vm1"].get("class") == "node input"
    assert nodes["v4"].get("class") == "node output"
    assert [t.text for t in nodes["v4"].iter(f"{SVG}text")] == \
        ["v₄ = v₃ - v₂", "-17.1", "v̄₄ = 1", "output y"]
    assert nodes["vm1"].find(f"{SVG}ellipse") is not None


def test_svg_edge_labels_are_escaped_partials():
    text = svg(_lecture_graph())
    assert "∂ = 1/v₋₁ = 0.3333" in text and "-&gt;" in text


def test_svg_legend_lists_the_roles_present():
    root = ET.fromstring(svg(_lecture_graph()))
    legend = [g.get("class") for g in root.iter(f"{SVG}g")
              if g.get("class", "").startswith("legend")]
    assert legend == ["legend input", "legend intermediate", "legend output"]


def test_svg_without_legend_or_values():
    g = _lecture_graph("forward")
    bare = svg(g, legend=False, values=False)
    assert "legend" not in bare and "-17.1" not in bare and "Legend:" not in bare
    assert "v₄ = v₃ - v₂" in bare


def test_svg_size_grows_with_the_legend():
    g = _lecture_graph()
    with_key = re.search(r'height="(\d+)"', svg(g)).group(1)
    without = re.search(r'height="(\d+)"', svg(g, legend=False)).group(1)
    assert int(with_key) == int(without) + 56


def test_places_layers_left_to_right():
    g = _lecture_graph()
    sizes = {n.index: _box(node_lines(n, 4)) for n in g.nodes}
    places = _places(g, sizes, across=True)
    xs = {i: x for i, (x, _) in places.items()}
    # layers: the inputs, then v1 and v2, then v3, then v4
    assert xs[-1] == xs[0] < xs[1] == xs[2] < xs[3] < xs[4]
    assert places[-1][1] < places[0][1]  # row order within a layer


def test_places_top_to_bottom():
    g = _lecture_graph()
    sizes = {n.index: _box(node_lines(n, 4)) for n in g.nodes}
    ys = {i: y for i, (_, y) in _places(g, sizes, across=False).items()}
    assert ys[-1] == ys[0] < ys[1] == ys[2] < ys[3] < ys[4]


def test_an_input_sits_just_before_its_first_use():
    # x is read first by the last row: it is drawn in the layer before it, not at the start
    g = graph.build(pipeline.prepare("sin(sin(y)) * x", {"x": 1, "y": 2}))
    sizes = {n.index: _box(node_lines(n, 4)) for n in g.nodes}
    places = _places(g, sizes, across=True)
    x_row = next(n.index for n in g.nodes if n.rule[-1].ref == "x")
    y_row = next(n.index for n in g.nodes if n.rule[-1].ref == "y")
    product = max(n.index for n in g.nodes)
    assert places[y_row][0] < places[x_row][0] < places[product][0]


def test_box_fits_the_longest_line():
    assert _box(["ab", "abcd"]) == (4 * 8.2 + 30, 2 * 18 + 14)


def test_shape_by_look():
    assert shape(LOOKS["input"], 0, 0, 10, 20) == \
        '<ellipse fill="#dbeafe" stroke="#1d4ed8" cx="5.0" cy="10.0" rx="5.0" ry="10.0"/>'
    assert shape(LOOKS["parameter"], 0, 0, 40, 20).startswith(
        '<polygon fill="#fef3c7" stroke="#b45309" points="12.0,0.0 28.0,0.0 40.0,10.0 ')
    assert shape(LOOKS["output"], 0, 0, 10, 20).count("<rect") == 2
    assert shape(LOOKS["intermediate"], 0, 0, 10, 20).count("<rect") == 1


def test_edge_curves_across_and_down():
    assert _edge(0, 0, 100, 0, True) == ("M0.0,0.0 C50.0,0.0 50.0,0.0 91.0,0.0",
                                         "100.0,0.0 91.0,-4.0 91.0,4.0")
    assert _edge(0, 0, 0, 100, False) == ("M0.0,0.0 C0.0,50.0 0.0,50.0 0.0,91.0",
                                          "0.0,100.0 -4.0,91.0 4.0,91.0")
    # a short hop still bends by at least 30 px (across) or 20 px (down)
    assert _edge(0, 0, 10, 0, True)[0] == "M0.0,0.0 C30.0,0.0 -20.0,0.0 1.0,0.0"
