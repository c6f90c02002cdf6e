"""What every drawing of a dependency graph shares: each role's look (shape and colour), a
node's lines and an edge's label, and node names. The tree, Mermaid and DOT writers
(``tracer.render.graph``) and tracer's own SVG layout (``tracer.render.graph_layout``) read
them here, so neither needs the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracer.core.printer import TEXT, chain, format_value, render

if TYPE_CHECKING:
    from tracer.analysis.graph import Graph, GraphEdge, GraphNode


@dataclass(frozen=True)
class Look:
    """How a node of one role looks: its Graphviz shape, its Mermaid brackets, its colours;
    outputs have a double border, so that shape alone tells them apart too."""

    shape: str
    brackets: tuple[str, str]
    fill: str
    stroke: str
    double: bool = False


LOOKS = {
    "input": Look("ellipse", ("([", "])"), "#dbeafe", "#1d4ed8"),
    "parameter": Look("hexagon", ("{{", "}}"), "#fef3c7", "#b45309"),
    "intermediate": Look("box", ("(", ")"), "#f3f4f6", "#4b5563"),
    "output": Look("box", ("[[", "]]"), "#dcfce7", "#15803d", double=True),
    "loss": Look("box", ("[[", "]]"), "#fee2e2", "#b91c1c", double=True),
}


def node_lines(node: GraphNode, digits: int, values: bool = True) -> list[str]:
    """A node's label: its rule, its value, its tangent or adjoint, the outputs it holds
    (``values=False``, or a graph without a point: the rule and the outputs alone)."""
    lines = [chain(node.rule, TEXT)]
    if values and node.value is not None:
        lines.append(format_value(node.value, digits))
    if values and node.derivative:
        lines.append(f"{chain(node.derivative, TEXT)} = "
                     f"{format_value(node.derivative_value, digits)}")
    if node.outputs:
        lines.append("output " + ", ".join(node.outputs))
    return lines


def edge_text(edge: GraphEdge, digits: int, values: bool = True) -> str:
    """∂ = v₀ = -4: the local partial on the edge, as a rule and its value."""
    rule = render(edge.partial, TEXT)
    if not values or edge.value is None:
        return f"∂ = {rule}"
    value = format_value(edge.value, digits)
    return f"∂ = {rule}" if rule == value else f"∂ = {rule} = {value}"


def node_id(index: int) -> str:
    """A row's name in the drawings: v4, vm1 (v₋₁)."""
    return f"v{index}" if index >= 0 else f"vm{-index}"


def levels(graph: Graph) -> dict[int, int]:
    """Each node's level: one more than its highest argument's (an input's is 0)."""
    into: dict[int, list[int]] = {}
    for e in graph.edges:
        into.setdefault(e.target, []).append(e.source)
    level: dict[int, int] = {}
    for n in sorted(graph.nodes, key=lambda n: n.index):  # arguments before their readers
        level[n.index] = 1 + max((level[a] for a in into.get(n.index, ()) if a in level),
                                 default=-1)
    return level


# Levels beyond which a graph is drawn top to bottom: left to right, a page, a notebook and
# GitHub shrink it to their width (a 300-step loop's 901 nodes: an SVG 291,486 px wide and 154
# tall, drawn at 0.3% of its size), where top to bottom it keeps its size and scrolls.
LONG = 24


def direction(graph: Graph) -> str:
    """Graphviz's rankdir for the graph: "LR", left to right as the lectures draw it, or "TB"
    for one more than LONG levels deep."""
    deepest = max(levels(graph).values(), default=0)
    return "TB" if deepest + 1 > LONG else "LR"
