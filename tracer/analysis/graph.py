"""The dependency graph of a trace: rows as nodes, local partial derivatives on the edges.

The lecture asks students to write out the dependency graph and to place each derivative term
on it. Here each node is a row with its rule and value (and, in forward or reverse mode, its
tangent or adjoint), and each edge from an argument to a row carries that row's local partial,
as a rule and a number: the "derivative nodes" of the lecture's figure. Each node also says
what it is (its role): an input, a parameter (``--params``: what a training step updates), an
intermediate, or an output (the loss, when there are parameters). Without a point the graph
is the structure alone: rules and partials, no values. This is neutral data;
``tracer.render.graph`` draws it as a tree, Mermaid, DOT, SVG or PNG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracer import pipeline
from tracer.core import cost, rules
from tracer.core.evaluate import Evaluation
from tracer.core.nodes import Node, Sym
from tracer.core.parse import Program
from tracer.core.printer import shown_names
from tracer.core.runs import check_names
from tracer.core.wengert import Trace
from tracer.errors import TracerError

MODES = ("forward", "reverse")
# What a node is, in the order a legend lists them.
ROLES = ("input", "parameter", "intermediate", "output", "loss")


@dataclass(frozen=True)
class GraphNode:
    index: int
    rule: tuple[Node, ...]  # v₁ = v₋₁ v₀ (an input: v₋₁ = x₁)
    value: Any  # None in a graph drawn without a point
    derivative: tuple[Node, ...] = ()  # v̇₁ or v̄₁, in forward or reverse mode
    derivative_value: Any = None
    outputs: tuple[str, ...] = ()  # the outputs this row holds
    role: str = "intermediate"  # one of ROLES


@dataclass(frozen=True)
class GraphEdge:
    source: int  # the argument's row
    target: int  # the row that reads it
    partial: Node  # ∂v_target/∂v_source as a rule (v₀, 1/v₋₁)
    value: Any  # … and its value (None without a point)


@dataclass(frozen=True)
class Graph:
    trace: Trace
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    ev: Evaluation | None = None  # None: the structure alone, drawn without a point
    mode: str | None = None
    seed: dict[str, Any] | None = None

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles its nodes have, in legend order."""
        present = {n.role for n in self.nodes}
        return tuple(r for r in ROLES if r in present)


def roles(trace: Trace, params: Sequence[str] = ()) -> list[str]:
    """Each row's role, by position: ``params`` (names or globs such as ``w*``) are the
    parameters; an output is the loss when there are parameters to train."""
    chosen = set(pipeline.select(params, trace.inputs)) if params else set()
    holds = {index for _, index in trace.outputs}
    out = []
    for index in trace.indices():
        if index <= 0:
            out.append("parameter" if trace.inputs[trace.position(index)] in chosen else "input")
        elif index in holds:
            out.append("loss" if chosen else "output")
        else:
            out.append("intermediate")
    return out


def _nodes(trace: Trace, values: Sequence[Any] | None, mode: str | None,
           column: Sequence[Any] | None, params: Sequence[str]) -> tuple[GraphNode, ...]:
    role = {"forward": "dot", "reverse": "bar"}.get(mode or "", "")
    kinds = roles(trace, params)
    holds: dict[int, list[str]] = {}
    for name, index in trace.outputs:
        holds.setdefault(index, []).append(name)
    nodes = []
    for index in trace.indices():
        pos = trace.position(index)
        label = trace.labels[pos]
        lhs = Sym("", index, shown_names(label) if label else None)
        rhs = Sym("", trace.inputs[pos]) if index <= 0 else rules.primal_rule(trace, index)
        derivative: tuple[Node, ...] = (Sym(role, index),) if column is not None else ()
        nodes.append(GraphNode(index, (lhs, rhs), values[pos] if values is not None else None,
                               derivative, column[pos] if column is not None else None,
                               tuple(holds.get(index, ())), kinds[pos]))
    return tuple(nodes)


def _edges(trace: Trace, ev: Evaluation | None) -> tuple[GraphEdge, ...]:
    return tuple(GraphEdge(a, i, rules.partial_rule(trace, i, k),
                           ev.partials[i - 1][k] if ev is not None else None)
                 for i in range(1, trace.last + 1) for k, a in trace.row_args(i))


def build(ev: Evaluation, mode: str | None = None, wrt: str | None = None,
          sweep: pipeline.Pass | None = None, params: Sequence[str] = ()) -> Graph:
    """The graph of ``ev``; ``mode`` adds each row's tangent (seeded at ``wrt``, default the
    first input) or adjoint (ȳ = 1 on the first output). A ``sweep`` already run in that
    mode is drawn as it is, seed and all, instead of running one. ``params`` (names or
    globs) are the parameters."""
    trace = ev.trace
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    cost.graph(trace)
    if sweep is None and mode == "forward":
        wrt = wrt or trace.inputs[0]
        check_names([wrt], trace.inputs, "input", "--wrt", "the graph seeds one input")
        sweep = pipeline.run_forward(ev, wrt=[wrt]).passes[0]
    elif sweep is None and mode == "reverse":
        sweep = pipeline.run_reverse(ev).passes[0]
    if mode is None:
        sweep = None
    column = sweep.column if sweep else None
    return Graph(trace, _nodes(trace, ev.values, mode, column, params), _edges(trace, ev), ev,
                 mode, sweep.seed if sweep else None)


def outline(trace: Trace, params: Sequence[str] = ()) -> Graph:
    """The structure alone: every row's rule and every edge's partial as a rule, no values
    (the lecture's exercise: draw the dependency graph of a formula)."""
    cost.graph(trace)
    return Graph(trace, _nodes(trace, None, None, None, params), _edges(trace, None))


def for_program(program: Program, at: Mapping[str, Any] | None = None, *,
                mode: str | None = None, wrt: str | None = None,
                params: Sequence[str] | None = None, order: str | None = None,
                outputs: Sequence[str] | None = None) -> Graph:
    """What ``tracer graph`` draws, for both faces: with values at a point (``at``, or the
    program's @at lines), or, with no point at all, the structure alone. A program that
    decides something on its values needs a point (the error says which input)."""
    from tracer.core.lower import lower

    pipeline.check_order(order)  # before lower's own check, a ValueError (tracer.graph)
    found = pipeline.defaults(program)
    chosen = params or found.params or ()
    if at or found.at:
        return build(pipeline.prepare(program, at, order, outputs), mode, wrt, params=chosen)
    if mode is not None:
        raise TracerError(f"--mode {mode} shows each node's "
                          f"{'tangent' if mode == 'forward' else 'adjoint'}, which needs a "
                          "point: give the inputs' values with --at (without --at, the graph "
                          "is the structure alone)")
    trace = lower(program, order=order or found.order, outputs=outputs or found.outputs)
    return outline(trace, chosen)
