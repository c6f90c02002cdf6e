"""Reverse mode: one sweep from the outputs back to the inputs, accumulating adjoints.

    v̄_j += v̄_i (∂v_i/∂v_j)      for i = l … 1, for each argument v_j of row i

The seed sets the outputs' adjoints (ȳ = 1 for a gradient, any vector for a vector-Jacobian
product); the inputs' adjoints are then ȳᵀ J. A row used twice receives two contributions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracer.core.evaluate import Evaluation


def reverse(ev: Evaluation, seed: Mapping[str, Any]) -> tuple[Any, ...]:
    """Adjoints of every row position for the output adjoints ``seed`` (others 0)."""
    trace = ev.trace
    n = trace.n
    off = n - 1
    adjoints: list[Any] = [0] * (n + trace.last)
    for name, i in trace.outputs:
        if name in seed:
            adjoints[i + off] = adjoints[i + off] + seed[name]
    equations = trace.equations
    partials = ev.partials
    for pos in range(n + trace.last - 1, n - 1, -1):
        bar = adjoints[pos]
        if bar == 0:  # nothing to propagate, even through an infinite slope
            continue
        eq = equations[pos - n]
        p = partials[pos - n]
        for k, a in enumerate(eq.args):
            if type(a) is int:
                adjoints[a + off] = adjoints[a + off] + bar * p[k]
    return tuple(adjoints)


def results(ev: Evaluation, adjoints: tuple[Any, ...]) -> dict[str, Any]:
    """The inputs' adjoints: the gradient (or vector-Jacobian product) per input."""
    return dict(zip(ev.trace.inputs, adjoints, strict=False))
