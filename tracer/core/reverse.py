"""Reverse mode: one sweep from the outputs back to the inputs, accumulating adjoints.

    v̄_j += v̄_i (∂v_i/∂v_j)      for i = l … 1, for each argument v_j of row i

The seed sets the outputs' adjoints (ȳ = 1 for a gradient, any vector for a vector-Jacobian
product); the inputs' adjoints are then ȳᵀ J. A row used twice receives two contributions.

A contribution with a zero factor, a zero adjoint or a zero partial, is nothing, even when the
other factor is infinite; where a slope is infinite the sweep follows the convention of
``tracer.core.chain``, the same as forward mode's, so both modes give the same derivatives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracer.core import chain
from tracer.core.evaluate import Evaluation
from tracer.core.printer import exact_hooks


def reverse(ev: Evaluation, seed: Mapping[str, Any]) -> tuple[Any, ...]:
    """Adjoints of every row position for the output adjoints ``seed`` (others 0)."""
    if chain.needs_paths(ev, seed.values()):
        paths = _reverse_paths(ev, seed)
        return tuple(chain.value(b, ev.exact) for b in paths)
    trace = ev.trace
    n = trace.n
    off = n - 1
    adjoints: list[Any] = [0] * (n + trace.last)
    for name, i in trace.outputs:
        if name in seed:
            adjoints[i + off] = adjoints[i + off] + seed[name]
    equations = trace.equations
    partials = ev.partials
    product = exact_hooks().product if ev.exact else None  # floats: Python's *
    for pos in range(n + trace.last - 1, n - 1, -1):
        bar = adjoints[pos]
        if bar == 0:  # nothing to propagate (nor through a zero partial, below)
            continue
        eq = equations[pos - n]
        p = partials[pos - n]
        for k, a in enumerate(eq.args):
            if type(a) is int:
                pk = p[k]
                if pk != 0:
                    adjoints[a + off] = adjoints[a + off] + (
                        bar * pk if product is None else product(bar, pk))
    return tuple(adjoints)


def _reverse_paths(ev: Evaluation, seed: Mapping[str, Any]) -> list[chain.Paths]:
    """The sweep through an infinite slope, by ``tracer.core.chain``'s convention."""
    trace = ev.trace
    n = trace.n
    off = n - 1
    paths: list[chain.Paths] = [chain.NONE] * (n + trace.last)
    for name, i in trace.outputs:
        if name in seed:
            paths[i + off] = chain.plus(paths[i + off], chain.seed(seed[name]))
    for pos in range(n + trace.last - 1, n - 1, -1):
        bar = paths[pos]
        eq = trace.equations[pos - n]
        p = ev.partials[pos - n]
        for k, a in enumerate(eq.args):
            if type(a) is int:
                term = chain.times(bar, p[k])
                if term is not None:
                    paths[a + off] = chain.plus(paths[a + off], term)
    return paths


def contributions(ev: Evaluation, seed: Mapping[str, Any]) -> dict[tuple[int, int], Any]:
    """Each contribution ``v̄_i ∂v_i/∂v_j`` the sweep adds, by (row i, argument slot): what
    the backward sweep's ``+=`` lines show. Added up per row they give the adjoints."""
    trace = ev.trace
    out: dict[tuple[int, int], Any] = {}
    if chain.needs_paths(ev, seed.values()):
        paths = _reverse_paths(ev, seed)
        for i in range(trace.last, 0, -1):
            bar = paths[trace.position(i)]
            for k, _ in trace.row_args(i):
                term = chain.times(bar, ev.partials[i - 1][k])
                out[i, k] = 0 if term is None else chain.value(term, ev.exact)
        return out
    adjoints = reverse(ev, seed)
    for i in range(trace.last, 0, -1):
        bar = adjoints[trace.position(i)]
        for k, _ in trace.row_args(i):
            pk = ev.partials[i - 1][k]
            out[i, k] = 0 if bar == 0 or pk == 0 else bar * pk
    return out


def results(ev: Evaluation, adjoints: tuple[Any, ...]) -> dict[str, Any]:
    """The inputs' adjoints: the gradient (or vector-Jacobian product) per input."""
    return dict(zip(ev.trace.inputs, adjoints, strict=False))
