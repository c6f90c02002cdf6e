"""Drawing a dependency graph: a tree for the terminal, Mermaid, Graphviz DOT, SVG and PNG.

Mermaid is what GitHub renders inside Markdown; DOT is Graphviz's language, and SVG or PNG
come from running Graphviz's ``dot`` when it is installed. Every drawing but the tree shapes
and colours each node by its role (``LOOKS``: input, parameter, intermediate, output or loss)
and has a legend; a graph without a point draws rules alone.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from rich.tree import Tree

if TYPE_CHECKING:
    from tracer.analysis.graph import Graph, GraphEdge, GraphNode
from tracer.core.printer import TEXT, Flavor, chain, format_value, plural, render
from tracer.errors import InputFileError, LimitError
from tracer.render.graph_parts import (
    LOOKS,
    Look,
    direction,
    edge_text,
    levels,
    node_id,
    node_lines,
)

INSTALL = ("Graphviz's dot is not installed, so tracer cannot draw an image; install Graphviz "
           "(Debian/Ubuntu: sudo apt install graphviz; macOS: brew install graphviz; others: "
           "https://graphviz.org/download/), or write the graph as text with -o graph.dot or "
           "--format mermaid")


# Mermaid's defaults (maxEdges, maxTextSize): a flowchart with more edges or a longer text is
# drawn as an error message ("Too many edges", "Maximum text size in diagram exceeded") by
# JupyterLab and GitHub, which do not raise them.
MERMAID_EDGES = 500
MERMAID_TEXT = 50_000


def drawn_mermaid(graph: Graph, digits: int = 4) -> str | None:
    """The Mermaid flowchart of the graph where Mermaid, as JupyterLab and GitHub run it,
    draws it; None where it would draw an error (over its edges, not written; or its text)."""
    if len(graph.edges) > MERMAID_EDGES:
        return None
    text = mermaid(graph, digits)
    return text if len(text) <= MERMAID_TEXT else None


def beyond_mermaid(graph: Graph) -> str:
    """What a Markdown page says in place of a flowchart Mermaid would draw as an error."""
    return (f"The dependency graph ({plural(len(graph.nodes), 'node')}, "
            f"{plural(len(graph.edges), 'edge')}) is larger than Mermaid draws ("
            f"{MERMAID_EDGES} edges or {MERMAID_TEXT:,} characters, as GitHub and JupyterLab "
            "run it), so it is left out here: draw it with tracer graph … -o graph.svg "
            "(to_svg() in Python), or write its text with -f mermaid or -f dot.")


def mermaid(graph: Graph, digits: int = 4) -> str:
    """A Mermaid flowchart, left to right (top down for a long graph: ``direction``), as
    GitHub renders it: each node shaped and coloured by its role, with a legend."""
    def quote(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    lines = ["flowchart " + ("TD" if direction(graph) == "TB" else "LR")]
    for node in graph.nodes:
        left, right = LOOKS[node.role].brackets
        label = quote("<br/>".join(node_lines(node, digits)))
        lines.append(f"  {node_id(node.index)}{left}{label}{right}")
    for edge in graph.edges:
        lines.append(f"  {node_id(edge.source)} -->|{quote(edge_text(edge, digits))}| "
                     f"{node_id(edge.target)}")
    lines.append("  subgraph legend [Legend]")
    for role in graph.roles:
        left, right = LOOKS[role].brackets
        lines.append(f"    legend_{role}{left}{role}{right}")
    lines.append("  end")
    for role in graph.roles:
        look = LOOKS[role]
        width = "3px" if look.double else "1px"
        members = [node_id(n.index) for n in graph.nodes if n.role == role]
        lines.append(f"  classDef {role} fill:{look.fill},stroke:{look.stroke},"
                     f"stroke-width:{width},color:#111")
        lines.append(f"  class {','.join([*members, f'legend_{role}'])} {role}")
    return "\n".join(lines) + "\n"


def _dot_look(look: Look) -> str:
    style = "rounded,filled" if look.shape == "box" else "filled"
    double = ", peripheries=2" if look.double else ""
    return (f'shape={look.shape}, style="{style}", fillcolor="{look.fill}", '
            f'color="{look.stroke}"{double}')


def dot(graph: Graph, digits: int = 4, values: bool = True, rankdir: str | None = None,
        legend: bool = True) -> str:
    """Graphviz DOT, left to right (``rankdir="TB"``: top to bottom; by default, as
    ``direction`` chooses for the graph's length): each node shaped and
    coloured by its role (set per role, in a subgraph, and named by an SVG class), with a
    legend (unless the page around it has one); ``values=False`` draws the rules alone."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rankdir = rankdir or direction(graph)
    lines = ["digraph trace {", f"  rankdir={rankdir};",
             '  node [shape=box, style=rounded, fontname="DejaVu Sans"];',
             '  edge [fontname="DejaVu Sans", fontsize=10];']
    for role in graph.roles:
        members = " ".join(f"{node_id(n.index)};" for n in graph.nodes if n.role == role)
        lines.append(f'  subgraph role_{role} {{ node [{_dot_look(LOOKS[role])}, '
                     f'class="{role}"]; {members} }}')
    for node in graph.nodes:
        label = "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"')
                           for line in node_lines(node, digits, values))
        lines.append(f'  {node_id(node.index)} [label="{label}"];')
    for edge in graph.edges:
        lines.append(f"  {node_id(edge.source)} -> {node_id(edge.target)} "
                     f"[label={quote(edge_text(edge, digits, values))}];")
    if not legend:
        return "\n".join([*lines, "}"]) + "\n"
    lines += ['  subgraph cluster_legend { label="Legend"; fontname="DejaVu Sans"; '
              'fontsize=10; style=dashed; color="#888888";',
              '    node [fontsize=10, height=0.3, margin="0.08,0.02"];']
    for role in graph.roles:
        lines.append(f'    legend_{role} [label="{role}", {_dot_look(LOOKS[role])}, '
                     f'class="legend {role}"];')
    if rankdir == "TB":  # the legend in a row: one rank
        lines.append("    { rank=same; " + " ".join(f"legend_{r};" for r in graph.roles) + " }")
    if len(graph.roles) > 1:  # in legend order
        lines.append("    " + " -> ".join(f"legend_{r}" for r in graph.roles) + " [style=invis];")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


# dot's layout grows steeply with how far its edges reach beyond the next level: edges reaching
# 400 levels past their next in all take 0.06 s, 1,600 take 1.7 s, 3,000 take 24 s (a 55-step
# loop whose input feeds every step); a chain of 2,100 one-level edges takes 0.5 s. It grows
# with the edges alone too, none of them long: z = sin(z)*cos(z) repeated 500 times (2,000
# edges) takes 2.6 s, 1,000 times (4,000 edges) 10 s (a PNG 14 s), 3,000 times over a minute.
# Beyond either, an SVG is laid out by tracer itself and a PNG is refused before dot starts.
DOT_SPANS = 2_000
DOT_EDGES = 2_000


def spans(graph: Graph) -> int:
    """The levels the graph's edges skip, all together: an edge to the next level skips none
    (a node's level: one more than its highest argument's)."""
    level = levels(graph)
    return sum(max(abs(level.get(e.target, 0) - level.get(e.source, 0)) - 1, 0)
               for e in graph.edges)


def too_slow_for_dot(graph: Graph) -> str | None:
    """Why Graphviz's dot would take minutes to lay the graph out (its edges: how many, how
    far they reach), or None when it would not."""
    if len(graph.edges) > DOT_EDGES:
        return f"it has {len(graph.edges):,} edges, more than {DOT_EDGES:,}"
    reach = spans(graph)
    if reach > DOT_SPANS:
        return f"its edges skip {reach:,} levels in all, more than {DOT_SPANS:,}"
    return None


def image(graph: Graph, fmt: str, digits: int = 4, values: bool = True,
          rankdir: str | None = None, legend: bool = True) -> bytes:
    """SVG or PNG bytes from Graphviz's dot; a clear error when dot is not installed. A graph
    whose layout would keep dot busy for minutes is drawn by tracer's own layout (SVG) or
    refused up front (PNG)."""
    why = too_slow_for_dot(graph)
    if why is not None:
        if fmt == "svg":
            from tracer.render import graph_layout

            return graph_layout.svg(graph, digits, values, rankdir, legend).encode()
        raise LimitError(
            f"Graphviz's dot would take too long to lay out this graph as {fmt.upper()} "
            f"({why}); write -o graph.svg (tracer lays it out itself), or the graph as text: -o "
            "graph.dot, -o graph.mmd or -f json")
    exe = shutil.which("dot")
    if exe is None:
        raise InputFileError(INSTALL)
    text = dot(graph, digits, values, rankdir, legend)
    try:
        result = subprocess.run([exe, f"-T{fmt}"], input=text.encode(),
                                capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise InputFileError(
            f"Graphviz's dot did not lay out this graph of {len(graph.nodes):,} nodes within "
            "60 s (long edges across many levels make its layout slow); write it as text "
            "with -o graph.dot or -o graph.mmd, or draw a shorter program") from None
    if result.returncode != 0:
        raise InputFileError(f"Graphviz's dot failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


TREE_DEPTH = 40  # levels of the terminal's tree; a line there is about 4 characters a level
GUIDE = 4  # the columns each level's guide takes ("│   ")
LABEL_ROOM = 30  # the columns a row's label keeps beside its guides, at least


def tree(graph: Graph, digits: int = 4, fl: Flavor = TEXT, width: int | None = None) -> Tree:
    """The graph as a tree from each output down to the inputs, every edge with its partial.
    A row reached a second time (a shared subexpression) is named, not repeated. On a terminal
    ``width`` columns wide a row is shown only where its label has room beside its guides
    (``_fits``): at 80 columns a 40-iteration loop's rows, 4 columns deeper each, were cut
    inside their names and numbers ((s⁽³ on one line, ¹⁾) on the next; 1.61, then 6)."""
    by_index = {n.index: n for n in graph.nodes}
    into: dict[int, list[GraphEdge]] = {}
    for edge in graph.edges:
        into.setdefault(edge.target, []).append(edge)
    outputs = [n for n in graph.nodes if n.outputs]
    root = Tree(Text("dependency graph" + (f" ({graph.mode} mode)" if graph.mode else "")
                     + (" (structure: no point given)" if graph.ev is None else "")))
    shown: set[int] = set()

    # iterative depth-first walk: traces can be deep, and a tree's lines are as wide as it is
    # deep (drawing it costs depth² characters): below TREE_DEPTH levels, or where the width
    # leaves a row's label too little room, one line says so
    for out in outputs:
        stack: list[tuple[Tree, int, GraphEdge | None, int]] = [(root, out.index, None, 1)]
        while stack:
            parent, index, edge, level = stack.pop()
            node = by_index[index]
            arrow = f"   ← {edge_text(edge, digits)}" if edge else ""
            label = _node_text(node, digits) + arrow
            if index in into and (level > TREE_DEPTH or not _fits(label, level, width)):
                parent.add(Text(f"… {render(node.rule[0], fl)} and the rows below it: "
                                + _deeper(width, level)))
                continue
            if index in shown and index > 0:
                parent.add(Text(f"{render(node.rule[0], fl)} (shared: shown above){arrow}"))
                continue
            shown.add(index)
            branch = parent.add(Text(label))
            for e in reversed(into.get(index, [])):
                stack.append((branch, e.source, e, level + 1))
    return root


def _node_text(node: GraphNode, digits: int) -> str:
    """A row's label in the tree: its rule, value, tangent or adjoint, and role."""
    text = chain(node.rule, TEXT)
    if node.value is not None:
        text += f" = {format_value(node.value, digits)}"
    if node.derivative:
        text += (f"   [{chain(node.derivative, TEXT)} = "
                 f"{format_value(node.derivative_value, digits)}]")
    if node.role in ("parameter", "loss"):
        text += f"   ({node.role})"
    return text


def _fits(label: str, level: int, width: int | None) -> bool:
    """Whether a label ``level`` levels deep keeps ``LABEL_ROOM`` columns beside its guides,
    or its longest word's (a 40-character name), whichever is more."""
    if width is None:
        return True
    longest = max((cell_len(word) for word in label.split()), default=0)
    return GUIDE * level + max(LABEL_ROOM, longest + 1) <= width


def _deeper(width: int | None, level: int) -> str:
    """Why the rows below a cut are not shown: TREE_DEPTH, or the terminal's width."""
    if level > TREE_DEPTH:
        return (f"deeper than {TREE_DEPTH} levels (see them all with -f mermaid, -f dot or "
                "-o graph.svg)")
    return f"deeper than {width} columns show (-f mermaid, -f dot or -o graph.svg shows all)"


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
