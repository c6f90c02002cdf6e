"""Forward mode: one sweep from the inputs to the outputs, carrying a tangent per row.

    v̇_i = Σ_j (∂v_i/∂v_j) v̇_j      over the arguments v_j of row i

The seed sets the inputs' tangents (ẋ = e_k for ∂/∂x_k, any vector for a directional
derivative); the outputs' tangents are then the Jacobian-vector product J ẋ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracer.core.evaluate import Evaluation


def forward(ev: Evaluation, seed: Mapping[str, Any]) -> tuple[Any, ...]:
    """Tangents of every row position for the input tangents ``seed`` (others 0)."""
    trace = ev.trace
    off = trace.n - 1
    tangents: list[Any] = [seed.get(name, 0) for name in trace.inputs]
    append = tangents.append
    for eq, p in zip(trace.equations, ev.partials, strict=True):
        acc: Any = 0
        for k, a in enumerate(eq.args):
            if type(a) is int:
                t = tangents[a + off]
                if t != 0:  # a zero tangent adds nothing, even through an infinite slope
                    acc = acc + p[k] * t
        append(acc)
    return tuple(tangents)


def results(ev: Evaluation, tangents: tuple[Any, ...]) -> dict[str, Any]:
    """The outputs' tangents: the directional derivative of each output."""
    trace = ev.trace
    return {name: tangents[trace.position(i)] for name, i in trace.outputs}
