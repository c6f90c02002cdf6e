"""Documents for higher derivatives: Taylor mode and the Hessian by forward-over-reverse."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from tracer.analysis.hessian import OPERATIONS_PER_ARGUMENT
from tracer.core import rules
from tracer.core.evaluate import Evaluation
from tracer.core.nodes import Call, Deriv, Etc, Name, Node, Num, Sym, Tup
from tracer.core.ops import BY_NAME
from tracer.core.printer import plural
from tracer.pipeline import Pass
from tracer.views.document import (
    Block,
    Cell,
    Document,
    Grid,
    Heading,
    Inline,
    Math,
    Para,
    TraceTable,
    Value,
)
from tracer.views.parts import (
    DEFAULTS,
    ViewOptions,
    adjoint_cell,
    evaluation_notes,
    formula_blocks,
    hidden_tables,
    make_cell,
    matrix_grid,
    matrix_table,
    plan,
    primal_cell,
    shown_cells,
    tangent_cell,
    value_lookup,
    written,
)

# A Hessian row has four cells, and its tangent-of-adjoint rules cost several times a plain
# rule to build and print: it counts as this many cells of a document's budget.
HESSIAN_CELLS = 16

# --- higher derivatives --------------------------------------------------------------------------

_PRIMES = {1: "′", 2: "″", 3: "‴"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _prime(name: str, k: int) -> str:
    """f′, f″, f‴, then f⁽⁴⁾, f⁽⁵⁾ … (as the printer marks a name's versions)."""
    return name + _PRIMES.get(k, f"⁽{str(k).translate(_SUPERSCRIPT)}⁾")


def derivatives_table(trun: Any) -> TraceTable:
    """The derivatives as data, a row each (y⁽⁴⁾ = 4! c₄, 24 × (−0.1317), −3.162), for the
    formats that hold a table rather than the result's sentence (CSV)."""
    out = trun.ev.trace.outputs[0][0]
    coefficients = trun.series[trun.ev.trace.position(trun.ev.trace.outputs[0][1])]
    mul = BY_NAME["mul"]
    rows = []
    factorial = 1
    for k in range(1, trun.order + 1):
        factorial *= k
        rule = Call(mul, (Num(factorial, f"{k}!"), Name(f"c{k}")))
        rows.append((Cell((Name(_prime(out, k)), rule),
                          Call(mul, (Num(factorial), Num(coefficients[k]))),
                          trun.derivatives[k]),))
    return TraceTable(("Derivative",), tuple(rows), kind="data")


def derivatives_document(trun: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """Taylor mode: the trace with one column per Taylor coefficient, then f', f'', …"""
    ev = trun.ev
    trace = ev.trace
    order = trun.order
    first = Pass({trun.wrt: 1}, tuple(s[1] for s in trun.series), {})

    def cells(i: int) -> tuple[Cell, ...]:
        coefficients = trun.series[trace.position(i)]
        return (primal_cell(ev, i), tangent_cell(ev, first, i, opts.compact),
                *(Cell(value=coefficients[k], given=i <= 0) for k in range(2, order + 1)))

    fit = plan(trace.n + trace.last, 1, order + 1, opts)
    rows = shown_cells(ev, fit.max_rows, cells)
    out, index = trace.outputs[0]
    c = trun.series[trace.position(index)]
    rows.append((Cell((Sym("", out), Sym("", index)), None, c[0]),
                 Cell((Sym("dot", out), Sym("dot", index)), None, c[1]),
                 *(Cell(value=c[k]) for k in range(2, order + 1))))
    headers = ("Forward Primal Trace", "Tangent Trace (c1)",
               *(f"c{k}" for k in range(2, order + 1)))
    table = TraceTable(headers, tuple(rows), values_only=tuple(range(2, order + 1)))
    results: list[Inline] = ["Derivatives: "]
    derivs = trun.derivatives
    for k in range(1, order + 1):
        if k > 1:
            results.append(", ")
        results += [f"{_prime(out, k)} = {k}! ", Math((Name(f"c{k}"),)), " = "]  # c₁, as the
        # table's rows write it
        results.append(Value(derivs[k]))
    return Document("tracer: higher derivatives", (
        Heading(("Higher derivatives (Taylor mode)",)), *formula_blocks(ev, opts),
        Para(("Each row carries the Taylor coefficients of its value as ", Math((Name(trun.wrt),)),
              " moves to ", Math((Call(BY_NAME["add"], (Name(trun.wrt), Name("t"))),)),
              ": ", Math((Name("v"), _series())), ", so the ", Math((Name("k"),)),
              "-th derivative is ", Math((Name("k"),)), "! ", Math((Name("c_k"),)), ". ",
              Math((Name("c1"),)), " is the ordinary tangent; each later coefficient comes "
              "from the same partials, carried one order further.")),
        table,
        Para(tuple(results), style="result"),
        *evaluation_notes(ev),
    ), data=(derivatives_table(trun),))


def _series() -> Node:
    """c₀ + c₁ t + c₂ t² + ⋯, a value as a power series in t."""
    add, mul = BY_NAME["add"], BY_NAME["mul"]
    t_squared = Call(BY_NAME["pow"], (Name("t"), Num(2)))
    terms = Call(add, (Call(add, (Name("c0"), Call(mul, (Name("c1"), Name("t"))))),
                       Call(mul, (Name("c2"), t_squared))))
    return Call(add, (terms, Etc(0)))


def tangent_of_adjoint_cell(ev: Evaluation, hp: Any, index: int,
                            users: list[list[tuple[int, int]]], compact: bool = False) -> Cell:
    """v̄̇_j = Σ v̄̇_i ∂_ij + v̄_i ∂̇_ij over the rows that use v_j, in sweep order."""
    trace = ev.trace
    mul = BY_NAME["mul"]
    terms: list[Node] = []
    for i, k in rules.sweep_order(users[trace.position(index)]):
        partial = rules.partial_rule(trace, i, k)
        terms.append(Call(mul, (Sym("dotbar", i), partial)))
        tangent = rules.tangent_of(partial)
        if not (type(tangent) is Num and tangent.value == 0):
            terms.append(Call(mul, (Sym("bar", i), tangent)))
    terms = rules.elide(terms)
    columns = {"dot": hp.tangents, "bar": hp.adjoints, "dotbar": hp.adjoint_tangents}
    lookup = value_lookup(ev, columns)
    value = hp.adjoint_tangents[trace.position(index)]
    if not terms:  # the output: its adjoint is the seed 1, whose tangent is 0
        return Cell((Sym("dotbar", index),), None, value)
    return make_cell((Sym("dotbar", index),), written(rules.plain_sum(terms), compact), value,
                     lookup)


def _hessian_table(ev: Evaluation, hp: Any, out: str, users: list[list[tuple[int, int]]],
                   max_rows: int | None, compact: bool = False) -> TraceTable:
    """One forward-over-reverse pass: primal, tangent, adjoint and the adjoint's tangent."""
    trace = ev.trace
    tangent = Pass({x: int(x == hp.wrt) for x in trace.inputs}, hp.tangents, {})
    adjoint = Pass({out: 1}, hp.adjoints, {})
    rows = shown_cells(ev, max_rows, lambda i: (
        primal_cell(ev, i), tangent_cell(ev, tangent, i, compact),
        adjoint_cell(ev, adjoint, i, users, compact),
        tangent_of_adjoint_cell(ev, hp, i, users, compact)))
    return TraceTable(("Primal", "Tangent", "Adjoint", "Tangent of Adjoint"), tuple(rows))


def _symmetry(hrun: Any, h_ij: Name, h_ji: Name) -> Para:
    """The symmetry check's sentence: the largest |H_ij - H_ji| of the entries defined, or
    that no mirrored pair is."""
    if math.isnan(hrun.asymmetry):
        return Para(("Symmetry check: no mirrored pair of entries is defined here, so there is "
                     "nothing to compare (second derivatives commute where they exist).",),
                    style="note")
    return Para(("Symmetry check: the largest ",
                 Math((Call(BY_NAME["abs"], (Call(BY_NAME["sub"], (h_ij, h_ji)),)),)), " is ",
                 Value(hrun.asymmetry),
                 " among the entries that are defined (second derivatives commute where they "
                 "exist)." if hrun.undefined else " (second derivatives commute)."), style="note")


def _entry(out: str, inputs: Sequence[str]) -> tuple[Inline, ...]:
    """What an entry of the Hessian grid is, told with its own inputs: ``Row a, column b:
    ∂²y/∂a∂b`` (it said row x, column z, whatever the inputs were)."""
    row, col = inputs[0], inputs[-1]
    return ("Row ", Math((Name(row),)), ", column ", Math((Name(col),)), ": ",
            Math((Deriv(out, (row, col)),)), ".")


def _hessian_summary(hrun: Any) -> list[Block]:
    """The matrix, its symmetry, and what it cost against the gradient."""
    trace = hrun.ev.trace
    out, n = hrun.output, len(hrun.passes)
    h_ij, h_ji = Name("H_ij"), Name("H_ji")
    gradient_ops = trace.operations
    ratio = hrun.operations / gradient_ops if gradient_ops else 0
    return [
        Heading(("The Hessian",), level=2),
        *matrix_grid(hrun.matrix, trace.inputs, _entry(out, trace.inputs)),
        _symmetry(hrun, h_ij, h_ji),
        Grid(("Computation", "Passes", "Operations"), (
            ("gradient (reverse mode)", Value(1), Value(gradient_ops)),
            ("Hessian (forward-over-reverse)", Value(n), Value(hrun.operations)),
        )),
        Para(("Why the second derivative costs more: ",
              "the gradient took 1 reverse pass of ", Value(gradient_ops), " operations; the "
              f"Hessian took {plural(n, 'pass')}, one per input, each about "
              f"{OPERATIONS_PER_ARGUMENT} times as much work (a tangent sweep, the partials' "
              "tangents, and an adjoint sweep carrying tangents): ", Value(hrun.operations),
              " operations, ", Value(ratio), " times the gradient's, and the factor grows "
              "with the number of inputs."), style="result"),
    ]


def hessian_document(hrun: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """Forward-over-reverse: per input, the tangent, adjoint and tangent-of-adjoint columns;
    then the Hessian, its symmetry, and its cost against the gradient's."""
    ev = hrun.ev
    trace = ev.trace
    users = trace.users()
    out = hrun.output
    blocks: list[Block] = [Heading(("Hessian (forward-over-reverse)",)),
                           *formula_blocks(ev, opts),
                           Para(("Each pass moves the inputs along one direction and "
                                 "differentiates the reverse sweep along it: ",
                                 Math((Sym("bar", "v"),)), " is the gradient, ",
                                 Math((Sym("dotbar", "v"),)), " (the tangent of the adjoint) "
                                 "gives one column of the Hessian."))]
    n = len(hrun.passes)
    fit = plan(trace.n + trace.last, n, HESSIAN_CELLS, opts)
    for k, hp in enumerate(hrun.passes[:fit.tables], start=1):
        blocks.append(Heading((f"Pass {k} of {n}: direction ", Math((Name(hp.wrt),))),
                              level=2))
        blocks.append(_hessian_table(ev, hp, out, users, fit.max_rows, opts.compact))
        column = tuple(Sym("dotbar", trace.input_index(x)) for x in trace.inputs)
        blocks.append(Para((
            "Column of the Hessian: ", Math((Tup(tuple(Deriv(out, (x, hp.wrt))
                                                  for x in trace.inputs)),
                                             Tup(column),
                                             Tup(tuple(Num(hp.result[x])
                                                       for x in trace.inputs)))),
        ), style="result"))
    blocks += hidden_tables(fit.tables, n, opts)
    blocks += _hessian_summary(hrun)
    blocks += evaluation_notes(ev)
    return Document("tracer: Hessian", tuple(blocks),
                    table=matrix_table(hrun.matrix, trace.inputs))
