"""Drawing graphs: Mermaid, DOT, images through Graphviz, the terminal tree."""

from __future__ import annotations

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


def test_tree_names_shared_rows_once():
    g = graph.build(pipeline.prepare("sin(x*y) + cos(x*y)", {"x": 1, "y": 2}))
    from tracer import views

    text = render_terminal(views.graph_document(g), width=120)
    assert text.count("v₁ = v₋₁ v₀ = 2") == 1 and "v₁ (shared: shown above)" in text
