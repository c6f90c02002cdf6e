"""tracer's own drawing of a dependency graph as SVG, for when Graphviz is not installed.

A plain layered layout, enough for the small graphs a worksheet shows beside its table: each
row in the layer of its longest path from the inputs (so every edge points one way, right or
down), in row order within its layer, edges as curves with their local partials, and the
roles' legend underneath. The
markup names each node and edge as Graphviz's SVG does (a ``<g class="node">`` or ``"edge"``
holding a ``<title>``: ``v1``, ``vm1->v1``), so a page finds them the same way in either.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from tracer.render.graph_parts import (
    LOOKS,
    Look,
    direction,
    edge_text,
    levels,
    node_id,
    node_lines,
)

if TYPE_CHECKING:
    from tracer.analysis.graph import Graph

LINE = 18  # px per label line (14 px DejaVu Sans)
CHAR = 8.2  # px per character, a generous average
GAP_X, GAP_Y, PAD = 130, 26, 12


def _box(lines: list[str]) -> tuple[float, float]:
    return max(len(t) for t in lines) * CHAR + 30, len(lines) * LINE + 14


def shape(look: Look, x: float, y: float, w: float, h: float) -> str:
    paint = f'fill="{look.fill}" stroke="{look.stroke}"'
    if look.shape == "ellipse":
        return f'<ellipse {paint} cx="{x + w / 2:.1f}" cy="{y + h / 2:.1f}" ' \
               f'rx="{w / 2:.1f}" ry="{h / 2:.1f}"/>'
    if look.shape == "hexagon":
        pts = [(x + 12, y), (x + w - 12, y), (x + w, y + h / 2), (x + w - 12, y + h),
               (x + 12, y + h), (x, y + h / 2)]
        return f'<polygon {paint} points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in pts)}"/>'
    inner = f'<rect {paint} x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="8"/>'
    if not look.double:
        return inner
    return (f'<rect fill="none" stroke="{look.stroke}" x="{x - 4:.1f}" y="{y - 4:.1f}" '
            f'width="{w + 8:.1f}" height="{h + 8:.1f}" rx="11"/>{inner}')


def _text(lines: list[str], cx: float, top: float, size: int = 14) -> str:
    return "".join(f'<text text-anchor="middle" x="{cx:.1f}" y="{top + (k + 1) * LINE - 4:.1f}" '
                   f'font-size="{size}">{escape(t)}</text>' for k, t in enumerate(lines))


def _places(graph: Graph, sizes: dict[int, tuple[float, float]],
            across: bool) -> dict[int, tuple[float, float]]:
    """Each node's top-left corner: its layer is its longest path from the inputs; layers go
    left to right (``across``) or top to bottom."""
    level = levels(graph)
    first_use: dict[int, int] = {}
    for e in graph.edges:
        first_use[e.source] = min(first_use.get(e.source, level[e.target]), level[e.target])
    for n in graph.nodes:  # an input sits just before its first use, not all in one layer
        if n.index <= 0:
            level[n.index] = max(first_use.get(n.index, 1) - 1, 0)
    layers: dict[int, list[int]] = {}
    for n in graph.nodes:
        layers.setdefault(level[n.index], []).append(n.index)
    along, side = (1, 0) if across else (0, 1)  # the size along a layer, and across it
    gap_along, gap_side = (GAP_Y, GAP_X) if across else (GAP_X / 3, GAP_Y * 2)
    spans = {c: sum(sizes[i][along] + gap_along for i in ids) for c, ids in layers.items()}
    widest = max(spans.values(), default=0)
    places: dict[int, tuple[float, float]] = {}
    depth = PAD + 6.0
    for c in sorted(layers):
        pos = PAD + 6 + (widest - spans[c]) / 2
        for i in layers[c]:
            places[i] = (depth, pos) if across else (pos, depth)
            pos += sizes[i][along] + gap_along
        depth += max(sizes[i][side] for i in layers[c]) + gap_side
    return places


def _edge(x1: float, y1: float, x2: float, y2: float, across: bool) -> tuple[str, str]:
    """The curve from one node to the next and its arrowhead, left to right or downwards."""
    if across:
        bend = max((x2 - x1) / 2, 30)
        path = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} " \
               f"{x2 - 9:.1f},{y2:.1f}"
        return path, f"{x2:.1f},{y2:.1f} {x2 - 9:.1f},{y2 - 4:.1f} {x2 - 9:.1f},{y2 + 4:.1f}"
    bend = max((y2 - y1) / 2, 20)
    path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} " \
           f"{x2:.1f},{y2 - 9:.1f}"
    return path, f"{x2:.1f},{y2:.1f} {x2 - 4:.1f},{y2 - 9:.1f} {x2 + 4:.1f},{y2 - 9:.1f}"


def svg(graph: Graph, digits: int = 4, values: bool = True, rankdir: str | None = None,
        legend: bool = True) -> str:
    """The graph as an SVG document (text), laid out by tracer itself, left to right
    (``rankdir="TB"``: top to bottom), with the roles' legend underneath (``legend``)."""
    across = (rankdir or direction(graph)) != "TB"
    labels = {n.index: node_lines(n, digits, values) for n in graph.nodes}
    sizes = {i: _box(lines) for i, lines in labels.items()}
    places = _places(graph, sizes, across)
    parts: list[str] = []
    for e in graph.edges:
        (sx, sy), (sw, sh) = places[e.source], sizes[e.source]
        (tx, ty), (tw, th) = places[e.target], sizes[e.target]
        x1, y1, x2, y2 = (sx + sw + 4, sy + sh / 2, tx - 6, ty + th / 2) if across else \
            (sx + sw / 2, sy + sh + 4, tx + tw / 2, ty - 6)
        path, tip = _edge(x1, y1, x2, y2, across)
        label = escape(edge_text(e, digits, values))
        parts.append(
            f'<g class="edge"><title>{node_id(e.source)}-&gt;{node_id(e.target)}</title>'
            f'<path fill="none" stroke="#333" d="{path}"/>'
            f'<polygon fill="#333" stroke="#333" points="{tip}"/>'
            f'<text text-anchor="middle" x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 5:.1f}" '
            f'font-size="11">{label}</text></g>')
    for n in graph.nodes:
        (x, y), (w, h) = places[n.index], sizes[n.index]
        parts.append(f'<g class="node {n.role}"><title>{node_id(n.index)}</title>'
                     f'{shape(LOOKS[n.role], x, y, w, h)}{_text(labels[n.index], x + w / 2, y + 7)}'
                     "</g>")
    width = max((places[i][0] + sizes[i][0] for i in places), default=0) + PAD + 6
    height = max((places[i][1] + sizes[i][1] for i in places), default=0) + PAD
    if legend:
        key, key_width = _legend(graph, height + 8)
        parts.append(key)
        width, height = max(width, key_width), height + 56
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="DejaVu Sans, sans-serif">'
            f'<rect fill="white" width="100%" height="100%"/>{"".join(parts)}</svg>\n')


def _legend(graph: Graph, top: float) -> tuple[str, float]:
    """One row under the graph: each role's shape and name."""
    parts = [f'<text x="{PAD}" y="{top + 24:.1f}" font-size="12">Legend:</text>']
    x = PAD + 62.0
    for role in graph.roles:
        w, h = len(role) * 7.2 + 24, 26
        parts.append(f'<g class="legend {role}">{shape(LOOKS[role], x, top + 6, w, h)}'
                     f'<text text-anchor="middle" x="{x + w / 2:.1f}" y="{top + 24:.1f}" '
                     f'font-size="12">{role}</text></g>')
        x += w + 18
    return "".join(parts), x + PAD
