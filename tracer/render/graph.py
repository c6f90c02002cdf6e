"""Drawing a dependency graph: a tree for the terminal, Mermaid, Graphviz DOT, SVG and PNG.

Mermaid is what GitHub renders inside Markdown; DOT is Graphviz's language, and SVG or PNG
come from running Graphviz's ``dot`` when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING, Any

from rich.text import Text
from rich.tree import Tree

if TYPE_CHECKING:
    from tracer.analysis.graph import Graph, GraphEdge, GraphNode
from tracer.core.printer import TEXT, Flavor, chain, format_value, render
from tracer.errors import InputFileError

INSTALL = ("Graphviz's dot is not installed, so tracer cannot draw an image; install Graphviz "
           "(Debian/Ubuntu: sudo apt install graphviz; macOS: brew install graphviz; others: "
           "https://graphviz.org/download/), or write the graph as text with -o graph.dot or "
           "--format mermaid")


def node_lines(node: GraphNode, digits: int) -> list[str]:
    """A node's label: its rule, its value, its tangent or adjoint, the outputs it holds."""
    lines = [chain(node.rule, TEXT), format_value(node.value, digits)]
    if node.derivative:
        lines.append(f"{chain(node.derivative, TEXT)} = "
                     f"{format_value(node.derivative_value, digits)}")
    if node.outputs:
        lines.append("output " + ", ".join(node.outputs))
    return lines


def edge_text(edge: GraphEdge, digits: int) -> str:
    """∂ = v₀ = -4: the local partial on the edge, as a rule and its value."""
    rule = render(edge.partial, TEXT)
    value = format_value(edge.value, digits)
    return f"∂ = {rule}" if rule == value else f"∂ = {rule} = {value}"


def _id(index: int) -> str:
    return f"v{index}" if index >= 0 else f"vm{-index}"


def mermaid(graph: Graph, digits: int = 4) -> str:
    """A Mermaid flowchart, left to right, as GitHub renders it."""
    def quote(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    lines = ["flowchart LR"]
    for node in graph.nodes:
        lines.append(f"  {_id(node.index)}[{quote('<br/>'.join(node_lines(node, digits)))}]")
    for edge in graph.edges:
        lines.append(f"  {_id(edge.source)} -->|{quote(edge_text(edge, digits))}| "
                     f"{_id(edge.target)}")
    return "\n".join(lines) + "\n"


def dot(graph: Graph, digits: int = 4) -> str:
    """Graphviz DOT, left to right."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph trace {", "  rankdir=LR;",
             '  node [shape=box, style=rounded, fontname="DejaVu Sans"];',
             '  edge [fontname="DejaVu Sans", fontsize=10];']
    for node in graph.nodes:
        label = "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"')
                           for line in node_lines(node, digits))
        lines.append(f'  {_id(node.index)} [label="{label}"];')
    for edge in graph.edges:
        lines.append(f"  {_id(edge.source)} -> {_id(edge.target)} "
                     f"[label={quote(edge_text(edge, digits))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def image(graph: Graph, fmt: str, digits: int = 4) -> bytes:
    """SVG or PNG bytes from Graphviz's dot; a clear error when dot is not installed."""
    exe = shutil.which("dot")
    if exe is None:
        raise InputFileError(INSTALL)
    result = subprocess.run([exe, f"-T{fmt}"], input=dot(graph, digits).encode(),
                            capture_output=True, timeout=60)
    if result.returncode != 0:
        raise InputFileError(f"Graphviz's dot failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


def tree(graph: Graph, digits: int = 4, fl: Flavor = TEXT) -> Tree:
    """The graph as a tree from each output down to the inputs, every edge with its partial.
    A row reached a second time (a shared subexpression) is named, not repeated."""
    by_index = {n.index: n for n in graph.nodes}
    into: dict[int, list[GraphEdge]] = {}
    for edge in graph.edges:
        into.setdefault(edge.target, []).append(edge)
    outputs = [n for n in graph.nodes if n.outputs]
    root = Tree(Text("dependency graph" + (f" ({graph.mode} mode)" if graph.mode else "")))
    shown: set[int] = set()

    def label(node: GraphNode, edge: GraphEdge | None) -> Text:
        lines = node_lines(node, digits)
        text = f"{lines[0]} = {lines[1]}"
        if node.derivative:
            text += f"   [{lines[2]}]"
        if edge is not None:
            text += f"   ← {edge_text(edge, digits)}"
        return Text(text)

    # iterative depth-first walk: traces can be deep
    for out in outputs:
        stack: list[tuple[Tree, int, GraphEdge | None]] = [(root, out.index, None)]
        while stack:
            parent, index, edge = stack.pop()
            node = by_index[index]
            if index in shown and index > 0:
                parent.add(Text(f"{render(node.rule[0], fl)} (shared: shown above)"
                                + (f"   ← {edge_text(edge, digits)}" if edge else "")))
                continue
            shown.add(index)
            branch = parent.add(label(node, edge))
            for e in reversed(into.get(index, [])):
                stack.append((branch, e.source, e))
    return root


def write(doc: Any, settings: Any, fmt: str) -> str | bytes:
    """A document's dependency graph as Mermaid, DOT, or an SVG or PNG image."""
    from tracer.views.document import Diagram

    graphs = [b.graph for b in doc.blocks if isinstance(b, Diagram)]
    if not graphs:
        raise InputFileError(f"there is no dependency graph to write as {fmt}")
    if fmt == "mermaid":
        return mermaid(graphs[0], settings.digits)
    if fmt == "dot":
        return dot(graphs[0], settings.digits)
    return image(graphs[0], fmt, settings.digits)
