"""``tracer swell``: expression swell made visible (the lecture's section 1.2).

The logistic map l_{n+1} = 4 l_n (1 - l_n), l_1 = x (or any recurrence in ``l`` and ``x``),
iterated n times. For each n: l_n, its symbolic derivative as sympy's differentiation produces
it (unsimplified) and simplified, the operation count of each, and, beside them, the evaluation
trace of l_n and its forward and reverse sweeps, which grow only linearly in n. The recurrence
is parsed by tracer's own parser and built through the op table; no user text reaches sympify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from tracer.analysis.exact import to_sympy
from tracer.core.lower import lower
from tracer.core.nodes import Name, Node, walk
from tracer.core.parse import parse
from tracer.errors import TracerError

LOGISTIC = "4*l*(1-l)"
MAX_N = 10  # the unsimplified derivative doubles with each step


@dataclass(frozen=True)
class SwellRow:
    n: int
    value: sp.Expr  # l_n, factored
    derivative: sp.Expr  # d l_n/dx as sympy's diff leaves it
    simplified: sp.Expr  # expanded, with the common factor taken out
    value_operations: int
    derivative_operations: int
    simplified_operations: int
    trace_rows: int
    sweep_operations: int  # one forward (or reverse) sweep over the trace


@dataclass(frozen=True)
class SwellRun:
    map_text: str
    rows: tuple[SwellRow, ...]


def recurrence(text: str) -> Node:
    """The map's expression, a formula in ``l`` (the last iterate) and ``x`` (the input)."""
    program = parse(text)
    if len(program.statements) != 1 or program.statements[0].target is not None:
        raise TracerError("--map is one formula in l (the last iterate) and x, e.g. 4*l*(1-l)")
    expr = program.statements[0].expr
    names = {n.name for n in walk(expr) if isinstance(n, Name)}
    unknown = sorted(names - {"l", "x"})
    if unknown:
        raise TracerError(f"--map may use only l (the last iterate) and x (the input); it uses "
                          f"{', '.join(unknown)}", text, next(
                              n.pos for n in walk(expr) if isinstance(n, Name)
                              and n.name == unknown[0]))
    return expr


def simplify(d: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """Expanded, with the common factor out: 16 (1 - 10x + 24x² - 16x³), as the lecture."""
    return sp.factor_terms(sp.expand(d))


def tidy(factored: sp.Expr) -> sp.Expr:
    """Factors written as the lecture writes them: (1 - x), not (x - 1); 4x(1 - x) rather
    than -4x(x - 1). A factor with a negative constant term is negated, and so is the
    coefficient when that factor's power is odd."""
    if not factored.is_Mul:
        return factored
    coefficient = sp.Integer(1)
    factors = []
    for f in factored.args:
        base, power = f.as_base_exp()
        if f.is_Number:
            coefficient *= f
            continue
        constant = base.as_coeff_Add()[0] if base.is_Add else 0
        if constant < 0:
            base = sp.expand(-base)
            if power.is_integer and power % 2:
                coefficient = -coefficient
        factors.append(sp.Pow(base, power, evaluate=False) if power != 1 else base)
    if coefficient == 1:
        return sp.Mul(*factors, evaluate=False)
    return sp.Mul(coefficient, *factors, evaluate=False)


def swell(n: int = 4, map_text: str = LOGISTIC) -> SwellRun:
    """The table for l_1 … l_n."""
    if not 1 <= n <= MAX_N:
        raise TracerError(f"--n must be between 1 and {MAX_N}, got {n}")
    step = recurrence(map_text)
    x = sp.Symbol("x", real=True)
    values = [x]
    for _ in range(n - 1):
        values.append(to_sympy(step, {"l": values[-1], "x": x}))
    rows = []
    for k, value in enumerate(values, start=1):
        derivative = sp.diff(value, x)
        simplified = simplify(derivative, x)
        trace = lower(parse(program_for(map_text, k)), outputs=[f"l{k}"])
        rows.append(SwellRow(
            k, tidy(sp.factor(value)), derivative, simplified, sp.count_ops(value),
            sp.count_ops(derivative), sp.count_ops(simplified), trace.last, trace.operations))
    return SwellRun(map_text, tuple(rows))


def program_for(map_text: str, k: int) -> str:
    """l_1 … l_k as a program (l1 = x; l2 = 4*l1*(1-l1); …), to trace l_k."""
    lines = ["l1 = x"]
    for j in range(2, k + 1):  # \bl\b is the name l alone: not log, not l1
        lines.append(f"l{j} = " + re.sub(r"\bl\b", f"l{j - 1}", map_text))
    return "\n".join(lines)
