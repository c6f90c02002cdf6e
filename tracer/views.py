"""Views: forward and reverse runs as neutral documents, laid out as the lecture's tables.

Each trace row becomes cells holding expression trees from ``tracer.rules`` and the row's
values; writers decide how they look. Only the rows a document shows get rules built, so a
10^5-row trace costs nothing here beyond the rows on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tracer import rules
from tracer.api import JacobianRun, Pass, Run
from tracer.evaluate import Evaluation
from tracer.nodes import Call, Deriv, Name, Node, Num, Sym, Tup, depth
from tracer.ops import BY_NAME
from tracer.printer import format_number
from tracer.table import (
    BLANK,
    Block,
    Cell,
    Code,
    Diagram,
    Document,
    Gap,
    Grid,
    Heading,
    Inline,
    Math,
    Para,
    TraceTable,
    Value,
)
from tracer.wengert import Trace

GRADIENT_INLINE = 4  # a gradient over more inputs is shown as a table, not one long line


@dataclass(frozen=True)
class ViewOptions:
    max_rows: int | None = None  # show at most this many trace rows (None: all)
    sweep: bool = False  # reverse mode: show the backward sweep's += lines
    source_name: str | None = None  # the file the formula came from, for the heading
    graph: bool = False  # add the dependency graph (a Mermaid block in Markdown)


# --- rows -------------------------------------------------------------------------------------

def shown_rows(trace: Trace, max_rows: int | None) -> list[int | Gap]:
    """The row indices a table shows, with a Gap for those left out of a long trace."""
    every = list(trace.indices())
    if max_rows is None or max_rows <= 0 or len(every) <= max_rows:
        return list(every)
    head = max(max_rows // 2, 1)
    tail = max(max_rows - head, 1)
    return [*every[:head], Gap(len(every) - head - tail), *every[-tail:]]


def _label(trace: Trace, index: int) -> str | None:
    names = trace.labels[trace.position(index)]
    return ", ".join(names) if names else None


def _lookup(ev: Evaluation, columns: dict[str, Sequence[Any]] | None = None,
            named: Callable[[Sym], Any] | None = None) -> Callable[[Sym], Any]:
    """Values for the trace quantities in a rule: primals from ev, tangents (``dot``),
    adjoints (``bar``) and the like from ``columns``, named quantities (ẋ₁, ȳ) from ``named``."""
    trace = ev.trace
    columns = columns or {}

    def value(sym: Sym) -> Any:
        if isinstance(sym.ref, str):
            return named(sym) if named else BLANK
        if sym.role == "":
            return ev.values[trace.position(sym.ref)]
        column = columns.get(sym.role)
        return column[trace.position(sym.ref)] if column is not None else BLANK

    if not ev.exact:
        return value
    from tracer.exact import node  # exact values enter a rule as their own trees: -13/3, ln 3

    return lambda sym: node(value(sym))


def _cell(lhs: tuple[Node, ...], rhs: Node, value: Any,
          lookup: Callable[[Sym], Any]) -> Cell:
    numbers = None if rules.is_plain_value(rhs) else rules.numbers(rhs, lookup)
    return Cell((*lhs, rhs), numbers, value)


def primal_cell(ev: Evaluation, index: int) -> Cell:
    trace = ev.trace
    lhs = Sym("", index, _label(trace, index))
    value = ev.values[trace.position(index)]
    if index <= 0:
        return Cell((lhs, Sym("", trace.inputs[index - trace.first])), None, value, given=True)
    return _cell((lhs,), rules.primal_rule(trace, index), value, _lookup(ev, None))


def tangent_cell(ev: Evaluation, p: Pass, index: int) -> Cell:
    trace = ev.trace
    value = p.column[trace.position(index)]
    if index <= 0:
        name = trace.inputs[index - trace.first]
        return Cell((Sym("dot", index), Sym("dot", name)), None, value, given=True)
    lookup = _lookup(ev, {"dot": p.column})
    return _cell((Sym("dot", index),), rules.tangent_rule(trace, index), value, lookup)


def adjoint_cell(ev: Evaluation, p: Pass, index: int,
                 users: list[list[tuple[int, int]]]) -> Cell:
    trace = ev.trace
    pos = trace.position(index)
    seeds: list[Node | tuple[int, int]] = [Sym("bar", name) for name, i in trace.outputs
                                           if i == index and name in p.seed]
    # Build rules only for the terms shown: a row used 10^5 times shows a handful around ⋯.
    shown = rules.elide([*seeds, *rules.sweep_order(users[pos])])
    # A use is a plain (row, slot) tuple; seeds and ⋯ are already nodes.
    terms = [rules.contribution(trace, *t) if type(t) is tuple else t for t in shown]
    lhs: tuple[Node, ...] = (Sym("bar", index),)
    if index <= 0:
        lhs += (Sym("bar", trace.inputs[index - trace.first]),)
    lookup = _lookup(ev, {"bar": p.column}, lambda s: p.seed.get(s.ref, 0))
    return _cell(lhs, rules.plain_sum(terms), p.column[pos], lookup)


def output_cells(ev: Evaluation, p: Pass | None, mode: str | None, name: str,
                 index: int) -> tuple[Cell, ...]:
    """The closing ``y = v_l`` row: its primal and its tangent or adjoint."""
    primal = Cell((Sym("", name), Sym("", index)), None, ev.values[ev.trace.position(index)])
    if p is None or mode is None:
        return (primal,)
    if mode == "forward":
        return primal, Cell((Sym("dot", name), Sym("dot", index)), None, p.result[name])
    return primal, Cell((Sym("bar", name),), None, p.seed.get(name, 0), given=True)


def trace_table(ev: Evaluation, p: Pass | None, mode: str | None,
                max_rows: int | None) -> TraceTable:
    """The lecture's table: primal columns, and the tangent or adjoint columns of one pass."""
    trace = ev.trace
    users = trace.users() if mode == "reverse" else []
    rows: list[tuple[Cell, ...] | Gap] = []
    for item in shown_rows(trace, max_rows):
        if isinstance(item, Gap):
            rows.append(item)
            continue
        cells = [primal_cell(ev, item)]
        if mode == "forward":
            cells.append(tangent_cell(ev, p, item))  # type: ignore[arg-type]
        elif mode == "reverse":
            cells.append(adjoint_cell(ev, p, item, users))  # type: ignore[arg-type]
        rows.append(tuple(cells))
    for name, index in trace.outputs:
        rows.append(output_cells(ev, p, mode, name, index))
    headers = {
        None: ("Forward Primal Trace",),
        "forward": ("Forward Primal Trace", "Forward Tangent Trace"),
        "reverse": ("Forward Primal Trace", "Reverse Adjoint Trace"),
    }[mode]
    return TraceTable(headers, tuple(rows))


def sweep_table(ev: Evaluation, p: Pass, max_rows: int | None) -> TraceTable:
    """The backward sweep in Griewank's incremental form: one ``v̄_j += v̄_i ∂v_i/∂v_j`` line
    per contribution, in the order the sweep adds them, with the adjoint so far."""
    trace = ev.trace
    running: dict[int, Any] = {}
    lines: list[tuple[Cell, ...]] = []

    def add(j: int, term: Node, amount: Any, lookup: Callable[[Sym], Any]) -> None:
        running[j] = running.get(j, 0) + amount
        numbers = None if rules.is_plain_value(term) else rules.numbers(term, lookup)
        lines.append((
            Cell((Sym("bar", j), term), numbers, amount, relation="+="),
            Cell((Sym("bar", j),), None, running[j]),
        ))

    seed_lookup = _lookup(ev, {"bar": p.column}, lambda s: p.seed.get(s.ref, 0))
    for name, i in trace.outputs:
        if name in p.seed:
            add(i, Sym("bar", name), p.seed[name], seed_lookup)
    for i in range(trace.last, 0, -1):
        bar = p.column[trace.position(i)]
        for k, j in trace.row_args(i):
            term = Call(BY_NAME["mul"], (Sym("bar", i), rules.partial_rule(trace, i, k)))
            amount = 0 if bar == 0 else bar * ev.partials[i - 1][k]
            add(j, term, amount, seed_lookup)
    rows: list[tuple[Cell, ...] | Gap] = list(lines)
    if max_rows and len(rows) > max_rows:
        head, tail = max_rows // 2, max_rows - max_rows // 2
        rows = [*rows[:head], Gap(len(rows) - head - tail), *rows[-tail:]]
    return TraceTable(("Backward Sweep", "Adjoint So Far"), tuple(rows), kind="sweep")


# --- paragraphs -------------------------------------------------------------------------------

def formula_blocks(ev: Evaluation, opts: ViewOptions) -> list[Block]:
    """The formula (or program) and the point, as the document's opening paragraphs."""
    from tracer.parse import parse

    trace = ev.trace
    blocks: list[Block] = []
    source = trace.source.strip()
    # A formula shown as math must be small; a long source is listed without parsing it again.
    small = trace.is_formula and len(trace.source) < 20_000
    statement = parse(trace.source).statements[0] if small else None
    if statement is not None and len(statement.rpn) <= 80 and depth(statement.expr, 40) < 40:
        name = statement.target or trace.output_names[0]
        blocks.append(Para(("Formula: ", Math((Name(name), statement.expr)))))
    else:
        what = "Formula" if trace.is_formula else "Program"
        name = f" ({opts.source_name})" if opts.source_name else ""
        blocks.append(Para((f"{what}{name}:",)))
        blocks.append(Code(_excerpt(source)))
    blocks.append(Para(("Point: ", *_bindings([Sym("", x) for x in trace.inputs],
                                              ev.values[:trace.n]))))
    return blocks


def _excerpt(source: str, lines: int = 40, width: int = 2000) -> str:
    text = source
    if len(text) > width:
        text = text[:width] + f" … ({len(source) - width:,} more characters)"
    rows = text.splitlines()
    if len(rows) > lines:
        rows = [*rows[:lines], f"… ({len(rows) - lines:,} more lines)"]
    return "\n".join(rows)


def _bindings(lhs: Sequence[Node], values: Sequence[Any], limit: int = 12) -> list[Inline]:
    items: list[Inline] = []
    for k, (node, value) in enumerate(zip(lhs, values, strict=True)):
        if k == limit:
            items.append(f", … ({len(lhs) - limit} more)")
            break
        if k:
            items.append(", ")
        items.append(Math((_named(node), Num(value))))
    return items


def _named(node: Node) -> Node:
    """Input and output names print as names (x₁), not as rows."""
    if isinstance(node, Sym) and isinstance(node.ref, str) and node.role == "":
        return Name(node.ref)
    return node


def seed_para(p: Pass, role: str) -> Para:
    names = list(p.seed)
    unit = [k for k, v in p.seed.items() if v != 0]
    items: list[Inline] = ["Seed: ", *_bindings([Sym(role, x) for x in names],
                                                 [p.seed[x] for x in names])]
    if len(unit) == 1 and p.seed[unit[0]] == 1 and role == "dot":
        items += [" (the derivative with respect to ", Math((Name(unit[0]),)), ")"]
    return Para(tuple(items))


def _warnings(ev: Evaluation) -> list[Block]:
    return [Para((f"warning: {msg}",), style="warning") for _, msg in ev.warnings]


def _vector(out: str, names: Sequence[str], values: Sequence[Any]) -> Math:
    derivs = tuple(Deriv(out, (x,)) for x in names)
    if len(names) == 1:
        return Math((derivs[0], Num(values[0])))
    return Math((Tup(derivs), Tup(tuple(Num(v) for v in values))))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 'es' if word.endswith('s') else 's'}"


def jacobian_grid(jac: dict[str, dict[str, Any]], inputs: Sequence[str],
                  max_rows: int = 40, max_columns: int = 12) -> list[Block]:
    """The Jacobian as a grid: a row per output, a column per input (large ones cut short)."""
    outputs = list(jac)
    columns = list(inputs)[:max_columns]
    shown = outputs[:max_rows]
    headers: tuple[Inline, ...] = ("", *(Math((Name(x),)) for x in columns))
    rows = tuple((Math((Name(o),)), *(Value(jac[o][x]) for x in columns)) for o in shown)
    caption: tuple[Inline, ...] = ("Jacobian: a row per output, a column per input; the entry "
                                   "in row y, column x is ", Math((Deriv("y", ("x",)),)), ".")
    blocks: list[Block] = [Grid(headers, rows, caption)]
    hidden = []
    if len(columns) < len(inputs):
        hidden.append(f"{len(inputs) - len(columns)} more columns")
    if len(shown) < len(outputs):
        hidden.append(f"{len(outputs) - len(shown)} more rows")
    if hidden:
        blocks.append(Para((f"(Not shown: {' and '.join(hidden)}; the JSON output has every "
                            "entry.)",), style="note"))
    return blocks


def _assembled(run: Run, jac: dict[str, dict[str, Any]]) -> list[Block]:
    """The Jacobian a run's passes assembled: forward passes fill columns, reverse rows."""
    each = "per input, each filling a column" if run.mode == "forward" else \
        "per output, each filling a row"
    return [Heading(("Jacobian",), level=2),
            Para((f"Assembled from {_plural(len(run.passes), f'{run.mode} pass')}, one {each}.",),
                 style="result"),
            *jacobian_grid(jac, run.ev.trace.inputs)]


def _diagram(run: Run, opts: ViewOptions) -> list[Block]:
    """The dependency graph with the first pass's tangents or adjoints (``--graph``)."""
    if not opts.graph:
        return []
    from tracer import graph

    wrt = None
    if run.mode == "forward" and run.passes:
        unit = [x for x, v in run.passes[0].seed.items() if v != 0]
        wrt = unit[0] if unit else None
    return [Heading(("Dependency graph",), level=2),
            Diagram(graph.build(run.ev, run.mode, wrt))]


def step_blocks(run: Run) -> list[Block]:
    """The training step: each parameter's old value, gradient and new value."""
    if not run.updates:
        return []
    loss = run.ev.trace.output_names[0]
    sub, mul = BY_NAME["sub"], BY_NAME["mul"]
    rows = tuple(
        (Math((Name(u.name),)), Value(u.old), Value(u.gradient),
         Math((Call(sub, (Num(u.old), Call(mul, (Num(run.rate), Num(u.gradient))))),
               Num(u.new)), numbers=True))
        for u in run.updates
    )
    rule = Math((Name("w"), Call(sub, (Name("w"), Call(mul, (Name("eta"),
                                                              Deriv(loss, ("w",))))))),
                relation="←")
    return [
        Heading(("Gradient-descent step",), level=2),
        Para(("Each parameter is updated by ", rule, ", with learning rate ",
              Math((Name("eta"), Num(run.rate))), ".")),
        Grid(("Parameter", "Old value", Math((Deriv(loss, ("w",)),)), "New value"), rows),
    ]


# --- documents --------------------------------------------------------------------------------

def primal_document(run: Run, opts: ViewOptions = ViewOptions()) -> Document:
    """The evaluation trace alone (the lecture's Table 1)."""
    ev = run.ev
    outputs = ev.outputs
    return Document("tracer: evaluation trace", (
        Heading(("Evaluation trace",)), *formula_blocks(ev, opts),
        trace_table(ev, None, None, opts.max_rows),
        Para(("Result: ", *_bindings([Name(n) for n in outputs], list(outputs.values()))),
             style="result"),
        *_warnings(ev),
    ))


def document(run: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """The document for a run of any kind."""
    if isinstance(run, JacobianRun):
        return jacobian_document(run, opts)
    build = {"TaylorRun": derivatives_document, "HessianRun": hessian_document,
             "CheckRun": check_document, "SwellRun": swell_document,
             "Graph": graph_document, "GradeRun": grade_document}.get(type(run).__name__)
    if build is not None:
        return build(run, opts)
    build = {"trace": primal_document, "forward": forward_document,
             "reverse": reverse_document}[run.mode]
    return build(run, opts)


def forward_document(run: Run, opts: ViewOptions = ViewOptions()) -> Document:
    ev = run.ev
    trace = ev.trace
    blocks: list[Block] = [Heading(("Forward mode",)), *formula_blocks(ev, opts)]
    many = len(run.passes) > 1
    for k, p in enumerate(run.passes, start=1):
        if many:
            unit = [x for x, v in p.seed.items() if v != 0]
            blocks.append(Heading((f"Pass {k} of {len(run.passes)}: ∂/∂",
                                   Math((Name(unit[0]),)) if len(unit) == 1 else "seed"),
                                  level=2))
        blocks.append(seed_para(p, "dot"))
        blocks.append(trace_table(ev, p, "forward", opts.max_rows))
        blocks.append(Para(tuple(_forward_result(p, trace)), style="result"))
    jac = run.jacobian
    if many and jac is not None and len(trace.outputs) == 1:
        out = trace.output_names[0]
        blocks.append(Para((
            "Gradient of ", Math((Name(out),)), ": ",
            _vector(out, trace.inputs, [jac[out][x] for x in trace.inputs]),
            f", assembled from {_plural(len(run.passes), 'forward pass')} (one per input).",
        ), style="result"))
    elif jac is not None and len(trace.outputs) > 1:
        blocks += _assembled(run, jac)
    blocks += _diagram(run, opts)
    blocks += _warnings(ev)
    return Document("tracer: forward mode", tuple(blocks))


def _forward_result(p: Pass, trace: Trace) -> list[Inline]:
    unit = [x for x, v in p.seed.items() if v != 0]
    items: list[Inline] = ["Result: "]
    for k, (name, value) in enumerate(p.result.items()):
        if k:
            items.append(", ")
        if len(unit) == 1 and p.seed[unit[0]] == 1:
            items.append(Math((Sym("dot", name), Deriv(name, (unit[0],)), Num(value))))
        else:
            items.append(Math((Sym("dot", name), Num(value))))
    if not (len(unit) == 1 and p.seed[unit[0]] == 1):
        items.append(" (the directional derivative along the seed)")
    return items


def reverse_document(run: Run, opts: ViewOptions = ViewOptions()) -> Document:
    ev = run.ev
    trace = ev.trace
    blocks: list[Block] = [Heading(("Reverse mode",)), *formula_blocks(ev, opts)]
    many = len(run.passes) > 1
    for k, p in enumerate(run.passes, start=1):
        unit = [x for x, v in p.seed.items() if v != 0]
        is_unit = len(unit) == 1 and p.seed[unit[0]] == 1
        if many:
            blocks.append(Heading((f"Pass {k} of {len(run.passes)}: output ",
                                   Math((Name(unit[0]),)) if is_unit else "seed"), level=2))
        blocks.append(seed_para(p, "bar"))
        if opts.sweep:
            blocks.append(trace_table(ev, None, None, opts.max_rows))
            blocks.append(sweep_table(ev, p, opts.max_rows))
        else:
            blocks.append(trace_table(ev, p, "reverse", opts.max_rows))
        values = [p.result[x] for x in trace.inputs]
        if is_unit and len(values) > GRADIENT_INLINE:
            blocks.append(Para(("Gradient of ", Math((Name(unit[0]),)),
                                f" ({_plural(1, 'reverse pass')}):"), style="result"))
            blocks.append(Grid(("Input", f"∂{unit[0]}/∂input"), tuple(
                (Math((Name(x),)), Value(v)) for x, v in zip(trace.inputs, values, strict=True))))
        elif is_unit:
            blocks.append(Para(("Gradient of ", Math((Name(unit[0]),)), ": ",
                                _vector(unit[0], trace.inputs, values),
                                f" ({_plural(1, 'reverse pass')})."), style="result"))
        else:
            blocks.append(Para((
                "Result: ", Math((Tup(tuple(Sym("bar", x) for x in trace.inputs)),
                                  Tup(tuple(Num(v) for v in values)))),
                " (the vector-Jacobian product: the seed times the Jacobian).",
            ), style="result"))
    jac = run.jacobian
    if jac is not None and len(trace.outputs) > 1:
        blocks += _assembled(run, jac)
    blocks += step_blocks(run)
    blocks += _diagram(run, opts)
    blocks += _warnings(ev)
    return Document("tracer: reverse mode", tuple(blocks))


def jacobian_document(jrun: JacobianRun, opts: ViewOptions = ViewOptions()) -> Document:
    """The Jacobian both ways, what each way cost, and which is cheaper for this shape."""
    ev = jrun.ev
    trace = ev.trace
    fwd, rev = jrun.cost("forward"), jrun.cost("reverse")
    costs = Grid(("Mode", "Passes", "Operations", "Each pass"), (
        ("forward", Value(fwd.passes), Value(fwd.operations), "one input's column"),
        ("reverse", Value(rev.passes), Value(rev.operations), "one output's row"),
    ), ("Cost: a pass sweeps the whole trace; an operation is one multiply-add, one per row "
        f"argument ({trace.operations} per pass here, after one primal sweep of "
        f"{trace.last} rows).",))
    agree = jrun.disagreement
    return Document("tracer: Jacobian", (
        Heading(("Jacobian",)), *formula_blocks(ev, opts),
        *jacobian_grid(jrun.matrix, trace.inputs),
        Para((f"Forward and reverse mode agree: the largest difference between their entries "
              f"is {format_number(agree, 3)}.",), style="note"),
        costs,
        Para((jrun.reason,), style="result"),
        *_warnings(ev),
    ))


# --- higher derivatives --------------------------------------------------------------------------

_PRIMES = {1: "′", 2: "″", 3: "‴"}


def _prime(name: str, k: int) -> str:
    """f′, f″, f‴, then f(4), f(5) …"""
    return name + _PRIMES.get(k, f"({k})")


def derivatives_document(trun: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """Taylor mode: the trace with one column per Taylor coefficient, then f', f'', …"""
    ev = trun.ev
    trace = ev.trace
    order = trun.order
    first = Pass({trun.wrt: 1}, tuple(s[1] for s in trun.series), {})
    rows: list[tuple[Cell, ...] | Gap] = []
    for item in shown_rows(trace, opts.max_rows):
        if isinstance(item, Gap):
            rows.append(item)
            continue
        coefficients = trun.series[trace.position(item)]
        rows.append((primal_cell(ev, item), tangent_cell(ev, first, item),
                     *(Cell(value=coefficients[k], given=item <= 0)
                       for k in range(2, order + 1))))
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
        results.append(f"{_prime(out, k)} = {k}! c{k} = ")
        results.append(Value(derivs[k]))
    return Document("tracer: higher derivatives", (
        Heading(("Higher derivatives (Taylor mode)",)), *formula_blocks(ev, opts),
        Para(("Each row carries the Taylor coefficients of its value as ", Math((Name(trun.wrt),)),
              " moves to ", Math((Call(BY_NAME["add"], (Name(trun.wrt), Name("t"))),)),
              ": v(t) = c₀ + c₁t + c₂t² + …, so the k-th derivative is k! c_k. c₁ is the "
              "ordinary tangent; each later coefficient comes from the same partials, carried "
              "one order further.")),
        table,
        Para(tuple(results), style="result"),
        *_warnings(ev),
    ))


def tangent_of_adjoint_cell(ev: Evaluation, hp: Any, index: int,
                            users: list[list[tuple[int, int]]]) -> Cell:
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
    lookup = _lookup(ev, columns)
    value = hp.adjoint_tangents[trace.position(index)]
    if not terms:  # the output: its adjoint is the seed 1, whose tangent is 0
        return Cell((Sym("dotbar", index),), None, value)
    return _cell((Sym("dotbar", index),), rules.plain_sum(terms), value, lookup)


def hessian_document(hrun: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """Forward-over-reverse: per input, the tangent, adjoint and tangent-of-adjoint columns;
    then the Hessian, its symmetry, and its cost against the gradient's."""
    ev = hrun.ev
    trace = ev.trace
    users = trace.users()
    out = hrun.output
    blocks: list[Block] = [Heading(("Hessian (forward-over-reverse)",)),
                           *formula_blocks(ev, opts),
                           Para(("Each pass moves the inputs along one direction and "
                                 "differentiates the reverse sweep along it: v̄ is the gradient, "
                                 "v̄̇ (the tangent of the adjoint) gives one column of the "
                                 "Hessian.",))]
    n = len(hrun.passes)
    for k, hp in enumerate(hrun.passes, start=1):
        blocks.append(Heading((f"Pass {k} of {n}: direction ", Math((Name(hp.wrt),))),
                              level=2))
        tangent_pass = Pass({x: int(x == hp.wrt) for x in trace.inputs}, hp.tangents, {})
        adjoint_pass = Pass({out: 1}, hp.adjoints, {})
        rows: list[tuple[Cell, ...] | Gap] = []
        for item in shown_rows(trace, opts.max_rows):
            if isinstance(item, Gap):
                rows.append(item)
                continue
            rows.append((primal_cell(ev, item), tangent_cell(ev, tangent_pass, item),
                         adjoint_cell(ev, adjoint_pass, item, users),
                         tangent_of_adjoint_cell(ev, hp, item, users)))
        blocks.append(TraceTable(("Primal", "Tangent", "Adjoint", "Tangent of Adjoint"),
                                 tuple(rows)))
        column = tuple(Sym("dotbar", trace.input_index(x)) for x in trace.inputs)
        blocks.append(Para((
            "Column of the Hessian: ", Math((Tup(tuple(Deriv(out, (x, hp.wrt))
                                                  for x in trace.inputs)),
                                             Tup(column),
                                             Tup(tuple(Num(hp.result[x])
                                                       for x in trace.inputs)))),
        ), style="result"))
    matrix = hrun.matrix
    blocks.append(Heading(("The Hessian",), level=2))
    blocks.append(Grid(("", *(Math((Name(x),)) for x in trace.inputs)), tuple(
        (Math((Name(i),)), *(Value(matrix[i][j]) for j in trace.inputs)) for i in trace.inputs),
        ("Row x, column z: ", Math((Deriv(out, ("x", "z")),)), ".")))
    blocks.append(Para((f"Symmetry check: the largest |H_ij - H_ji| is "
                        f"{format_number(hrun.asymmetry, 3)} (second derivatives commute).",),
                       style="note"))
    gradient_ops = trace.operations
    blocks.append(Grid(("Computation", "Passes", "Operations"), (
        ("gradient (reverse mode)", Value(1), Value(gradient_ops)),
        ("Hessian (forward-over-reverse)", Value(n), Value(hrun.operations)),
    )))
    ratio = hrun.operations / gradient_ops if gradient_ops else 0
    blocks.append(Para((
        f"Why the second derivative costs more: the gradient took 1 reverse pass of "
        f"{gradient_ops} operations; the Hessian took {n} passes, one per input, each about "
        f"5 times as much work (a tangent sweep, the partials' tangents, and an adjoint sweep "
        f"carrying tangents): {hrun.operations} operations, {format_number(ratio, 3)} times the "
        f"gradient's, and the factor grows with the number of inputs.",), style="result"))
    blocks += _warnings(ev)
    return Document("tracer: Hessian", tuple(blocks))


# --- checks and swell ---------------------------------------------------------------------------

LONG = 160  # a symbolic formula longer than this (printed) is summarised, not shown


def _formula(expr: Any) -> Inline:
    """A sympy formula as inline math, or a note of its size when it is too long to read."""
    from tracer.exact import from_sympy
    from tracer.printer import TEXT, render

    tree = from_sympy(expr)
    if len(render(tree, TEXT)) > LONG:
        import sympy as sp

        return f"({sp.count_ops(expr)} operations: too long to show)"
    return Math((tree,))


def check_document(crun: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """Autodiff beside the symbolic derivative and finite differences, input by input."""
    from tracer.check import TOLERANCE, sizes

    ev = crun.ev
    out = crun.output
    blocks: list[Block] = [Heading(("Autodiff against symbolic and numerical derivatives",)),
                           *formula_blocks(ev, opts)]
    for c in crun.inputs:
        d = Deriv(out, (c.name,))
        blocks.append(Heading((Math((d,)),), level=2))
        blocks.append(Para(("Autodiff: forward mode ", Math((d, Num(c.forward))),
                            ", reverse mode ", Math((d, Num(c.reverse))), ".")))
        blocks.append(Para(("Symbolic (sympy): ", Math((d,)), " = ", _formula(c.formula),
                            " = ", Value(c.symbolic), ".")))
        best_f, best_c = c.best("forward"), c.best("central")
        rows = []
        for diff in c.differences:
            rows.append((
                Value(diff.h),
                _long(diff.forward), _error(diff.forward_error, diff.h == best_f),
                _long(diff.central), _error(diff.central_error, diff.h == best_c),
            ))
        blocks.append(Grid(("h", "Forward difference", "Error", "Central difference", "Error"),
                           tuple(rows)))
        if best_f is not None and best_c is not None:
            blocks.append(Para((
                f"The error first falls as h shrinks (truncation error, of order h for forward "
                f"and h² for central differences), then rises again (round-off: f(x + h) − f(x) "
                f"cancels the digits that carry the answer). The best steps here: h = "
                f"{format_number(best_f, 1)} forward, h = {format_number(best_c, 1)} central; "
                f"autodiff needs no step at all.",), style="note"))
    size = sizes(crun)
    blocks.append(Grid(("Size", "Operations"), (
        ("largest symbolic partial derivative, as differentiated", Value(size.symbolic)),
        ("… after simplification", Value(size.simplified)),
        ("the evaluation trace (rows)", Value(size.trace_rows)),
        ("one forward or reverse sweep", Value(size.sweep_operations)),
    )))
    if crun.agrees:
        verdict = (f"Autodiff agrees with the symbolic derivative to within "
                   f"{format_number(TOLERANCE, 1)} (relative) for every input.")
    else:
        verdict = crun.disagreement()
    blocks.append(Para((verdict,), style="result"))
    blocks += _warnings(ev)
    return Document("tracer: check", tuple(blocks))


def _long(value: float | None) -> Inline:
    """A finite difference to 10 digits, so its convergence (and decay) shows."""
    if value is None:
        return "outside the domain"
    return Math((Num(value, format_number(value, 10)),))


def _error(error: float | None, best: bool) -> Inline:
    if error is None:
        return "–"
    return Math((Num(error),)) if not best else Math((Num(error), Name("best")), relation="◀")


def swell_document(srun: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """The lecture's expression-swell table, with the trace's size beside the formulas'."""
    from tracer.parse import parse

    step = parse(srun.map_text).statements[0].expr
    rows = tuple(
        (Value(r.n), _formula(r.value), _formula(r.derivative), _formula(r.simplified),
         Value(r.derivative_operations), Value(r.simplified_operations), Value(r.trace_rows),
         Value(r.sweep_operations))
        for r in srun.rows
    )
    last = srun.rows[-1]
    return Document("tracer: expression swell", (
        Heading(("Expression swell",)),
        Para(("The recurrence lₙ₊₁ = ", Math((step,)), " (l the last iterate), with l₁ = x, "
              "and the derivative of each iterate with respect to x, symbolically and by "
              "autodiff.",)),
        Grid(("n", "lₙ", "dlₙ/dx (as differentiated)", "dlₙ/dx (simplified)",
              "operations", "simplified", "trace rows", "sweep operations"), rows),
        Para((f"At n = {last.n} the symbolic derivative has {last.derivative_operations} "
              f"operations as differentiated and {last.simplified_operations} simplified, while "
              f"the evaluation trace has {last.trace_rows} rows and a forward or reverse sweep "
              f"over it {last.sweep_operations} operations: the formula grows much faster than "
              "the trace, which grows only linearly in n.",), style="result"),
    ))


# --- graphs and grades ----------------------------------------------------------------------------

def graph_document(g: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """The dependency graph: each row with its value, each edge with its local partial."""
    ev = g.ev
    what = {"forward": "with tangents (forward mode)", "reverse": "with adjoints (reverse mode)",
            None: ""}[g.mode]
    blocks: list[Block] = [Heading((f"Dependency graph {what}".strip(),)),
                           *formula_blocks(ev, opts)]
    if g.seed:
        blocks.append(seed_para(Pass(g.seed, (), {}), "dot" if g.mode == "forward" else "bar"))
    blocks.append(Para(("Each edge carries the local partial derivative of the row it enters "
                        "with respect to the row it leaves, as a rule and a value.",),
                       style="note"))
    blocks.append(Diagram(g))
    blocks += _warnings(ev)
    return Document("tracer: dependency graph", tuple(blocks))


def grade_document(grun: Any, opts: ViewOptions = ViewOptions()) -> Document:
    """A submission marked against the key: the score, then every cell that is not right."""
    from tracer.grade import RIGHT

    total = len(grun.marks)
    wrong = [m for m in grun.marks if m.status != RIGHT]
    blocks: list[Block] = [
        Heading(("Grading",)),
        Para((f"{grun.submission} against {grun.key}: {grun.right} of {total} cells right "
              f"(tolerance: relative {format_number(grun.rel_tol, 3)} or absolute "
              f"{format_number(grun.abs_tol, 3)}).",), style="result"),
    ]
    if wrong:
        blocks.append(Grid(("Cell", "You wrote", "Status", "Expected", "The row's rule gives"),
                           tuple((m.where, m.submitted or "–", m.status, Value(m.expected),
                                  m.rule or "–") for m in wrong)))
    else:
        blocks.append(Para(("Every cell is right.",), style="note"))
    return Document("tracer: grade", tuple(blocks))
