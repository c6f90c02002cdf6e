"""Forward mode: one sweep from the inputs to the outputs, carrying a tangent per row.

    v̇_i = Σ_j (∂v_i/∂v_j) v̇_j      over the arguments v_j of row i

The seed sets the inputs' tangents (ẋ = e_k for ∂/∂x_k, any vector for a directional
derivative); the outputs' tangents are then the Jacobian-vector product J ẋ.

A term with a zero factor, a zero partial or a zero tangent, contributes nothing, even when
the other factor is infinite; where a slope is infinite the sweep follows the convention of
``tracer.core.chain``, the same as reverse mode's, so both modes give the same derivatives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracer.core import chain
from tracer.core.evaluate import Evaluation
from tracer.core.printer import exact_hooks


def forward(ev: Evaluation, seed: Mapping[str, Any]) -> tuple[Any, ...]:
    """Tangents of every row position for the input tangents ``seed`` (others 0)."""
    trace = ev.trace
    seeds = [seed.get(name, 0) for name in trace.inputs]
    if chain.needs_paths(ev, seeds):
        return _forward_paths(ev, seeds)
    off = trace.n - 1
    tangents: list[Any] = seeds
    append = tangents.append
    product = exact_hooks().product if ev.exact else None  # floats: Python's *
    for eq, p in zip(trace.equations, ev.partials, strict=True):
        acc: Any = 0
        for k, a in enumerate(eq.args):
            if type(a) is int:
                t = tangents[a + off]
                if t != 0:  # a zero tangent adds nothing (nor does a zero partial, below)
                    pk = p[k]
                    if pk != 0:
                        acc = acc + (pk * t if product is None else product(pk, t))
        append(acc)
    return tuple(tangents)


def _forward_paths(ev: Evaluation, seeds: list[Any]) -> tuple[Any, ...]:
    """The same sweep through an infinite slope, by ``tracer.core.chain``'s convention."""
    trace = ev.trace
    off = trace.n - 1
    paths = [chain.seed(s) for s in seeds]
    for eq, p in zip(trace.equations, ev.partials, strict=True):
        acc = chain.NONE
        for k, a in enumerate(eq.args):
            if type(a) is int:
                term = chain.times(paths[a + off], p[k])
                if term is not None:
                    acc = chain.plus(acc, term)
        paths.append(acc)
    return tuple(chain.value(t, ev.exact) for t in paths)


def results(ev: Evaluation, tangents: tuple[Any, ...]) -> dict[str, Any]:
    """The outputs' tangents: the directional derivative of each output."""
    trace = ev.trace
    return {name: tangents[trace.position(i)] for name, i in trace.outputs}
