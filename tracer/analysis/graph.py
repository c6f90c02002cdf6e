"""The dependency graph of a trace: rows as nodes, local partial derivatives on the edges.

The lecture asks students to write out the dependency graph and to place each derivative term
on it. Here each node is a row with its rule and value (and, in forward or reverse mode, its
tangent or adjoint), and each edge from an argument to a row carries that row's local partial,
as a rule and a number: the "derivative nodes" of the lecture's figure. This is neutral data;
``tracer.render.graph`` draws it as a tree, Mermaid, DOT, SVG or PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracer import pipeline
from tracer.core import rules
from tracer.core.evaluate import Evaluation
from tracer.core.nodes import Node, Sym
from tracer.errors import NameProblem

MODES = ("forward", "reverse")


@dataclass(frozen=True)
class GraphNode:
    index: int
    rule: tuple[Node, ...]  # v₁ = v₋₁ v₀ (an input: v₋₁ = x₁)
    value: Any
    derivative: tuple[Node, ...] = ()  # v̇₁ or v̄₁, in forward or reverse mode
    derivative_value: Any = None
    outputs: tuple[str, ...] = ()  # the outputs this row holds


@dataclass(frozen=True)
class GraphEdge:
    source: int  # the argument's row
    target: int  # the row that reads it
    partial: Node  # ∂v_target/∂v_source as a rule (v₀, 1/v₋₁)
    value: Any  # … and its value


@dataclass(frozen=True)
class Graph:
    ev: Evaluation
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    mode: str | None = None
    seed: dict[str, Any] | None = None


def build(ev: Evaluation, mode: str | None = None, wrt: str | None = None,
          sweep: pipeline.Pass | None = None) -> Graph:
    """The graph of ``ev``; ``mode`` adds each row's tangent (seeded at ``wrt``, default the
    first input) or adjoint (ȳ = 1 on the first output). A ``sweep`` already run in that
    mode is drawn as it is, seed and all, instead of running one."""
    trace = ev.trace
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if sweep is None and mode == "forward":
        wrt = wrt or trace.inputs[0]
        if wrt not in trace.inputs:
            from tracer.core.spelling import hint

            found = hint(wrt, trace.inputs, "given", "among the inputs")
            raise NameProblem(f"--wrt: {wrt} is not an input; the inputs are "
                              f"{', '.join(trace.inputs)}" + (f"; {found}" if found else ""))
        sweep = pipeline.run_forward(ev, wrt=[wrt]).passes[0]
    elif sweep is None and mode == "reverse":
        sweep = pipeline.run_reverse(ev).passes[0]
    if mode is None:
        sweep = None
    column = sweep.column if sweep else None
    seed = sweep.seed if sweep else None
    role = {"forward": "dot", "reverse": "bar"}.get(mode or "", "")
    holds: dict[int, list[str]] = {}
    for name, index in trace.outputs:
        holds.setdefault(index, []).append(name)
    nodes = []
    for index in trace.indices():
        pos = trace.position(index)
        label = trace.labels[pos]
        lhs = Sym("", index, ", ".join(label) if label else None)
        rhs = Sym("", trace.inputs[pos]) if index <= 0 else rules.primal_rule(trace, index)
        derivative: tuple[Node, ...] = (Sym(role, index),) if column is not None else ()
        nodes.append(GraphNode(index, (lhs, rhs), ev.values[pos], derivative,
                               column[pos] if column is not None else None,
                               tuple(holds.get(index, ()))))
    edges = []
    for i in range(1, trace.last + 1):
        for k, a in trace.row_args(i):
            edges.append(GraphEdge(a, i, rules.partial_rule(trace, i, k), ev.partials[i - 1][k]))
    return Graph(ev, tuple(nodes), tuple(edges), mode, seed)
