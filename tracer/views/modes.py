"""Documents for the trace, forward mode, reverse mode and the Jacobian: the lecture's tables."""

from __future__ import annotations

from typing import Any

from tracer.core.nodes import Deriv, Etc, Name, Num, Sym, Tup
from tracer.core.printer import not_shown, plural
from tracer.pipeline import JacobianRun, Pass, Run
from tracer.views.document import (
    Block,
    Document,
    Grid,
    Heading,
    Inline,
    Math,
    Para,
    Value,
)
from tracer.views.parts import (
    DEFAULTS,
    GRADIENT_INLINE,
    ViewOptions,
    accumulation_blocks,
    accumulation_tables,
    assembled_blocks,
    bindings,
    diagram_blocks,
    evaluation_notes,
    formula_blocks,
    hidden_tables,
    jacobian_grid,
    matrix_table,
    plan,
    seed_para,
    shown_grid,
    shown_items,
    step_blocks,
    step_table,
    sweep_table,
    trace_table,
    vector,
)

# --- documents --------------------------------------------------------------------------------

def primal_document(run: Run, opts: ViewOptions = DEFAULTS) -> Document:
    """The evaluation trace alone (the lecture's Table 1)."""
    ev = run.ev
    outputs = ev.outputs
    fit = plan(ev.trace.n + ev.trace.last, 1, 1, opts)
    return Document("tracer: evaluation trace", (
        Heading(("Evaluation trace",)), *formula_blocks(ev, opts),
        trace_table(ev, None, None, fit.max_rows),
        Para(("Result: ", *bindings([Name(n) for n in outputs], list(outputs.values()))),
             style="result"),
        *evaluation_notes(ev),
    ))


def forward_document(run: Run, opts: ViewOptions = DEFAULTS) -> Document:
    ev = run.ev
    trace = ev.trace
    blocks: list[Block] = [Heading(("Forward mode",)), *formula_blocks(ev, opts)]
    many = len(run.passes) > 1
    fit = plan(trace.n + trace.last, len(run.passes), 2, opts)
    for k, p in enumerate(run.passes[:fit.tables], start=1):
        if many:
            blocks.append(Heading((f"Pass {k} of {len(run.passes)}: ∂/∂",
                                   Math((Name(p.unit),)) if p.unit else "seed"), level=2))
        blocks.append(seed_para(p, "dot"))
        blocks.append(trace_table(ev, p, "forward", fit.max_rows, opts.compact))
        blocks.append(Para(tuple(_forward_result(p, fit.max_rows)), style="result"))
    blocks += hidden_tables(fit.tables, len(run.passes), opts)
    jac = run.jacobian
    if many and jac is not None and len(trace.outputs) == 1:
        out = trace.output_names[0]
        blocks.append(Para((
            "Gradient of ", Math((Name(out),)), ": ",
            vector(out, trace.inputs, [jac[out][x] for x in trace.inputs]),
            f", assembled from {plural(len(run.passes), 'forward pass')} (one per input).",
        ), style="result"))
    elif jac is not None and len(trace.outputs) > 1:
        blocks += assembled_blocks(run, jac)
    blocks += diagram_blocks(run, opts)
    blocks += evaluation_notes(ev)
    return Document("tracer: forward mode", tuple(blocks))


def _forward_result(p: Pass, max_rows: int | None) -> list[Inline]:
    """Each output's tangent, the middle of a long list left out as a table's rows are."""
    items: list[Inline] = ["Result: "]
    unit, names = p.unit, list(p.result)
    shown = shown_items(len(names), max_rows)
    for k, at in enumerate(shown):
        if k:
            items.append(", ")
        if at is None:
            items.append(f"… ({not_shown(len(names) - len(shown) + 1, 'output')}) …")
        elif unit:
            name = names[at]
            items.append(Math((Sym("dot", name), Deriv(name, (unit,)), Num(p.result[name]))))
        else:
            items.append(Math((Sym("dot", names[at]), Num(p.result[names[at]]))))
    if not unit:
        items.append(" (the directional derivative along the seed)")
    return items


def _seeded_output(seed: dict[str, Any]) -> str | None:
    """The one output a seed is not 0 on, an array's name for its elements (y″ for ȳ″[k] = 1,
    d2l's y.sum().backward(); y for ȳ = 2, y.backward(torch.tensor(2.0))), or None."""
    bases = {k.partition("[")[0] for k, v in seed.items() if v != 0}
    return bases.pop() if len(bases) == 1 else None


def _pass_heading(k: int, passes: int, p: Pass) -> Heading:
    """``Pass 2 of 3: output y′``, ``… output y″ along the seed`` (a seed other than ȳ = 1 on
    one output), or ``… along the seed`` (a seed over several outputs). (It read "output
    seed" for y.backward(torch.tensor(2.0)).)"""
    seeded = None if p.unit else _seeded_output(p.seed)
    said: tuple = ("output ", Math((Name(p.unit),))) if p.unit else \
        ("output ", Math((Name(seeded),)), " along the seed") if seeded else ("along the seed",)
    return Heading((f"Pass {k} of {passes}: ", *said), level=2)


def reverse_document(run: Run, opts: ViewOptions = DEFAULTS) -> Document:
    ev = run.ev
    trace = ev.trace
    blocks: list[Block] = [Heading(("Reverse mode",)), *formula_blocks(ev, opts)]
    many = len(run.passes) > 1
    rows = trace.n + trace.last + (trace.operations if opts.sweep else 0)
    fit = plan(rows, len(run.passes), 2, opts)
    for k, p in enumerate(run.passes[:fit.tables], start=1):
        out = p.unit
        if many:
            blocks.append(_pass_heading(k, len(run.passes), p))
        blocks.append(seed_para(p, "bar"))
        if opts.sweep:
            blocks.append(trace_table(ev, None, None, fit.max_rows))
            blocks.append(sweep_table(ev, p, fit.max_rows, opts.compact))
        else:
            blocks.append(trace_table(ev, p, "reverse", fit.max_rows, opts.compact))
        values = [p.result[x] for x in trace.inputs]
        if out and len(values) > GRADIENT_INLINE:
            blocks.append(Para(("Gradient of ", Math((Name(out),)),
                                f" ({plural(1, 'reverse pass')}):"), style="result"))
            blocks.append(Grid(("Input", f"∂{out}/∂input"), shown_grid(
                len(values), lambda k, v=values: (Math((Name(trace.inputs[k]),)), Value(v[k])),
                fit.max_rows, "input")))
        elif out:
            blocks.append(Para(("Gradient of ", Math((Name(out),)), ": ",
                                vector(out, trace.inputs, values),
                                f" ({plural(1, 'reverse pass')})."), style="result"))
        else:
            shown = shown_items(len(values), fit.max_rows)  # 10^5 inputs: first and last
            gap = Etc(len(values) - len(shown) + 1)
            blocks.append(Para((
                "Result: ", Math((Tup(tuple(gap if k is None else Sym("bar", trace.inputs[k])
                                            for k in shown)),
                                  Tup(tuple(gap if k is None else Num(values[k])
                                            for k in shown)))),
                " (the vector-Jacobian product: the seed times the Jacobian).",
            ), style="result"))
    blocks += hidden_tables(fit.tables, len(run.passes), opts)
    jac = run.jacobian
    if jac is not None and len(trace.outputs) > 1:
        blocks += assembled_blocks(run, jac)
    blocks += step_blocks(run, fit.max_rows)
    blocks += accumulation_blocks(run)
    blocks += diagram_blocks(run, opts)
    blocks += evaluation_notes(ev)
    return Document("tracer: reverse mode", tuple(blocks),
                    data=(*step_table(run), *accumulation_tables(run)))


def jacobian_document(jrun: JacobianRun, opts: ViewOptions = DEFAULTS) -> Document:
    """The Jacobian both ways, what each way cost, and which is cheaper for this shape."""
    ev = jrun.ev
    trace = ev.trace
    fwd, rev = jrun.cost("forward"), jrun.cost("reverse")
    costs = Grid(("Mode", "Passes", "Operations", "Each pass"), (
        ("forward", Value(fwd.passes), Value(fwd.operations), "one input's column"),
        ("reverse", Value(rev.passes), Value(rev.operations), "one output's row"),
    ), ("Cost: a pass sweeps the whole trace; an operation is one multiply-add, one per row "
        f"argument ({trace.operations} per pass here, after one primal sweep of "
        f"{plural(trace.last, 'row')}).",))
    return Document("tracer: Jacobian", (
        Heading(("Jacobian",)), *formula_blocks(ev, opts),
        *jacobian_grid(jrun.matrix, trace.inputs),
        Para((jrun.agreement,), style="note"),
        costs,
        Para((jrun.reason,), style="result"),
        *evaluation_notes(ev),
    ), table=matrix_table(jrun.matrix, trace.inputs))
