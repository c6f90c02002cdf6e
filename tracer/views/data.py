"""The data view: a run as plain data (rows, values, passes, Jacobian), what JSON carries.

Never rendered strings, except the plain-text rules a reader needs to name a row. A value that
is not a finite number (an infinite slope at sqrt(0), say) becomes None, with a warning saying
why; an exact value keeps its exact spelling beside its number. The schema is documented in
the README and kept stable.

Each function takes ``stream``: with it, a trace's rows come as a one-pass iterator that a
writer turns into text row by row (documents without trace rows have nothing to stream).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import compress
from typing import Any

from tracer import __version__
from tracer.core.evaluate import Evaluation
from tracer.core.nodes import Num
from tracer.core.printer import PLAIN, is_exact, plain_row_name, render
from tracer.core.wengert import Const
from tracer.pipeline import JacobianRun
from tracer.views.document import Records
from tracer.views.parts import computed_numbers


def number(x: Any) -> int | float | None:
    """A JSON number: ints stay ints, non-finite floats become null."""
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    try:
        f = float(x) if isinstance(x, float) or not is_exact(x) else _exact_float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(f):  # an infinity, or an exact value beyond the float range
        return None
    if f == 0 and not isinstance(x, float) and x != 0:  # an exact value below it (10^-400): 0
        return f  # 0.0 or -0.0, as floats give it; its exact spelling says more
    if isinstance(x, float):
        return x
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def _exact_float(x: Any) -> float:
    """An exact value's float as the tables work it out (part by part, remembered): sympy's
    float() of a deep one walks every repeat of its parts (an RNN's three tanh steps, --exact
    -f json: over two minutes, where the terminal's table took 4 s)."""
    from tracer.analysis.exact import to_float

    return to_float(x)


def numbers(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: number(v) for k, v in mapping.items()}


def spelled(x: Any) -> str:
    """An exact value's spelling: sympy's own, ``-13/3``, ``2 - cos(5)``; a long or deep one
    with its terms in the order they stand, as sympy's ordering of them walks every repeat
    of its parts (``analysis.exact.spelling``)."""
    if not is_exact(x):
        return str(x)
    from tracer.analysis.exact import spelling

    return spelling(x)


def exacts(mapping: dict[str, Any]) -> dict[str, str]:
    """The exact spellings of a mapping's values (``--exact``): sympy's own, ``-13/3``."""
    return {k: spelled(v) for k, v in mapping.items()}


def warnings(ev: Evaluation) -> list[dict[str, Any]]:
    return [{"row": w.row, "message": w.message} for w in ev.warnings]


def rows(ev: Evaluation) -> list[dict[str, Any]]:
    """One object per row, inputs first, aligned with every pass's column."""
    return list(each_row(ev))


def each_row(ev: Evaluation) -> Iterator[dict[str, Any]]:
    """The rows' objects one at a time, for a writer that streams them (``stream=True``: a
    10^6-row trace never holds a million of them at once)."""
    trace = ev.trace
    inputs, equations, labels, exact = trace.inputs, trace.equations, trace.labels, ev.exact
    first = 1 - len(inputs)
    values = ev.values
    for pos, value in enumerate(values[:len(inputs)]):
        index = pos + first
        yield _finish({"index": index, "name": plain_row_name(index), "op": "input",
                       "args": [], "input": inputs[pos]}, value, exact, labels[pos])
    n = len(inputs)
    for index, eq in enumerate(equations, 1):  # spelled out: once per row of a long trace
        args = eq.args
        if len(args) == 2 and type(args[0]) is int and type(args[1]) is int:
            row = {"index": index, "name": f"v_{index}", "op": eq.op.name, "args": list(args)}
        else:
            rows = [a for a in args if type(a) is int]
            row = {"index": index, "name": f"v_{index}", "op": eq.op.name, "args": rows}
            if len(rows) < len(args):
                row["constants"] = [
                    {"slot": k, "value": number(a.value), "text": render(a.expr, PLAIN)}
                    for k, a in enumerate(args) if type(a) is Const]
        pos = index + n - 1
        yield _finish(row, values[pos], exact, labels[pos])


ROW_KEYS = ("index", "name", "op", "args", "input", "constants", "value", "labels")
_OPTIONAL = frozenset({"input", "constants", "labels"})  # left out of a row that has none
CHUNK = 4096  # rows a column of Records holds at a time (10^6 rows are never all in columns)


def row_records(ev: Evaluation) -> Records | Iterator[dict[str, Any]]:
    """``each_row``'s objects as ``Records``: a chunk of rows is a column per key, each made
    in one pass, for a writer that writes a column at a time (a row's arguments are its
    tuple, an array in JSON; an exact run's rows, with their exact spellings, come from
    ``each_row``)."""
    if ev.exact:
        return each_row(ev)
    trace = ev.trace
    count = len(trace.equations)

    def chunks() -> Iterator[tuple[list[Any], ...]]:
        yield _input_columns(ev)
        for lo in range(0, count, CHUNK):
            yield _row_columns(ev, lo, min(lo + CHUNK, count))

    return Records(ROW_KEYS, chunks, len(trace.inputs) + count, _OPTIONAL)


def _input_columns(ev: Evaluation) -> tuple[list[Any], ...]:
    """The input rows' columns, as ``each_row`` makes their objects."""
    inputs, n = ev.trace.inputs, len(ev.trace.inputs)
    index = list(range(1 - n, 1))
    return (index, [plain_row_name(i) for i in index], ["input"] * n, [[] for _ in index],
            list(inputs), [None] * n, _values(ev.values[:n]), _labels(ev.trace.labels[:n]))


def _row_columns(ev: Evaluation, lo: int, hi: int) -> tuple[list[Any], ...]:
    """The columns of equations ``lo`` to ``hi`` (from 0), as ``each_row`` makes their
    objects: a row's constants are None unless it has some."""
    trace = ev.trace
    eqs = trace.equations[lo:hi]
    operands = [eq.args for eq in eqs]
    args: list[Any] = operands.copy()  # a row's arguments as its tuple: JSON writes it a list
    constants: list[list[dict[str, Any]] | None] = [None] * (hi - lo)
    if max(map(len, operands), default=0) <= 2:  # a constant is at an end: no call a row
        marked = [a and (type(a[0]) is not int or type(a[-1]) is not int) for a in operands]
    else:
        marked = [Const in map(type, a) for a in operands]
    for k in compress(range(hi - lo), marked):
        a = operands[k]
        args[k] = [x for x in a if type(x) is int]
        constants[k] = [_constant(m, x) for m, x in enumerate(a) if type(x) is Const]
    n = len(trace.inputs) - 1
    index = list(range(lo + 1, hi + 1))
    return (index, [f"v_{i}" for i in index], [eq.op.name for eq in eqs], args,
            [None] * (hi - lo), constants, _values(ev.values[lo + n + 1:hi + n + 1]),
            _labels(trace.labels[lo + n + 1:hi + n + 1]))


def _constant(slot: int, const: Const) -> dict[str, Any]:
    """A constant operand's object, as ``each_row`` makes it (a number's own text, a finite
    float as it is, without a call)."""
    v, expr = const
    return {"slot": slot, "value": v if type(v) is float and v - v == 0 else number(v),
            "text": expr.text if type(expr) is Num and expr.text is not None else
            render(expr, PLAIN)}


def _values(values: list[Any]) -> list[Any]:
    """JSON numbers of a column of values (a finite float as it is, without a call)."""
    return [v if type(v) is float and v - v == 0 else number(v) for v in values]


def _labels(labels: Any) -> list[tuple[str, ...] | None]:
    """Each row's labels (a tuple, an array in JSON), or None for a row without."""
    return [ls or None for ls in labels]


def _finish(row: dict[str, Any], value: Any, exact: bool, labels: Any) -> dict[str, Any]:
    """A row's value (a finite float as it is, the common case, without a call; anything else
    by ``number``), its exact spelling and its labels."""
    row["value"] = value if type(value) is float and value - value == 0 else number(value)
    if exact:
        row["exact"] = spelled(value)
    if labels:
        row["labels"] = list(labels)
    return row


def _head(mode: str, ev: Evaluation, stream: bool = False) -> dict[str, Any]:
    """The keys every run's data starts with; with ``stream`` its rows are a one-pass iterator
    (for the JSON writer, never for a reader of the data)."""
    trace = ev.trace
    return {
        "tracer": __version__,
        "mode": mode,
        "formula": trace.source,
        "order": trace.order,
        "inputs": numbers(ev.point),
        "rows": row_records(ev) if stream else rows(ev),
        "outputs": numbers(ev.outputs),
        "output_rows": {name: index for name, index in trace.outputs},
        **({"exact": True, "inputs_exact": exacts(ev.point),
            "outputs_exact": exacts(ev.outputs)} if ev.exact else {}),
        **({"controls": control_records(ev) if stream else controls(ev)}
           if trace.controls else {}),
    }


def controls(ev: Evaluation) -> list[dict[str, Any]]:
    """The decisions a program took, each after the row it followed; ``computed`` says which
    of its values were computed from the point (a quiz leaves those null)."""
    return [{"after": c.after, "kind": c.kind, "condition": c.text,
             "values": [number(x) for x in c.detail if not isinstance(x, str)],
             "computed": list(computed_numbers(c, ev)),
             "outcome": c.outcome, "iteration": c.iteration, "on_inputs": c.on_inputs}
            for c in ev.trace.controls]


CONTROL_KEYS = ("after", "kind", "condition", "values", "computed", "outcome", "iteration",
                "on_inputs")


def control_records(ev: Evaluation) -> Records:
    """``controls``' objects as ``Records`` (a loop of 10^5 steps takes 10^5 decisions)."""
    every = ev.trace.controls

    def chunks() -> Iterator[tuple[list[Any], ...]]:
        for lo in range(0, len(every), CHUNK):
            cs = every[lo:lo + CHUNK]
            numbers = [[x for x in c.detail if not isinstance(x, str)] for c in cs]
            yield ([c.after for c in cs], [c.kind for c in cs], [c.text for c in cs],
                   [_values(xs) for xs in numbers],
                   [list(computed_numbers(c, ev)) if c.on_inputs else [False] * len(xs)
                    for c, xs in zip(cs, numbers, strict=True)],  # as computed_numbers says
                   [c.outcome for c in cs], [c.iteration for c in cs],
                   [c.on_inputs for c in cs])

    return Records(CONTROL_KEYS, chunks, len(every))


def run_data(run: Any, stream: bool = False) -> dict[str, Any]:
    """A trace, forward or reverse run: rows, passes, and the Jacobian or step they make."""
    ev = run.ev
    doc = _head(run.mode, ev, stream)
    doc["passes"] = [_pass(p, ev.exact) for p in run.passes]
    jac = run.jacobian
    if jac is not None:
        doc["jacobian"] = {o: numbers(row) for o, row in jac.items()}
        if ev.exact:
            doc["jacobian_exact"] = {o: exacts(row) for o, row in jac.items()}
    if run.updates:
        doc["learning_rate"] = number(run.rate)
        doc["step"] = {u.name: {"old": number(u.old), "gradient": number(u.gradient),
                                "new": number(u.new)} for u in run.updates}
        if ev.exact:
            doc["step_exact"] = {u.name: {"old": spelled(u.old), "gradient": spelled(u.gradient),
                                          "new": spelled(u.new)} for u in run.updates}
    if run.accumulated:
        doc["accumulated"] = [numbers(grad) for grad in run.accumulated]
        if run.zeroed:
            doc["zeroed"] = [{"before_pass": k + 1, "input": name or None}
                             for k, name in run.zeroed]
    doc["warnings"] = warnings(ev)
    return doc


def _pass(p: Any, exact: bool) -> dict[str, Any]:
    out = {"seed": numbers(p.seed), "column": _values(p.column), "result": numbers(p.result)}
    if exact:
        out.update(seed_exact=exacts(p.seed), column_exact=[spelled(v) for v in p.column],
                   result_exact=exacts(p.result))
    return out


def jacobian_document(jrun: JacobianRun, stream: bool = False) -> dict[str, Any]:
    doc = _head("jacobian", jrun.ev, stream)
    doc["jacobian"] = {o: numbers(row) for o, row in jrun.matrix.items()}
    if jrun.ev.exact:
        doc["jacobian_exact"] = {o: exacts(row) for o, row in jrun.matrix.items()}
    for mode in ("forward", "reverse"):
        cost = jrun.cost(mode)
        doc[mode] = {"passes": cost.passes, "operations": cost.operations}
    doc["cheaper"] = jrun.cheaper
    doc["reason"] = jrun.reason
    doc["agree"] = not jrun.disagreements
    doc["agreement"] = jrun.agreement
    doc["warnings"] = warnings(jrun.ev)
    return doc


def derivatives_document(trun: Any, stream: bool = False) -> dict[str, Any]:
    ev = trun.ev
    doc = _head("derivatives", ev, stream)
    doc["wrt"] = trun.wrt
    doc["derivative_order"] = trun.order
    doc["derivatives"] = [number(d) for d in trun.derivatives]
    doc["coefficients"] = [[number(c) for c in s] for s in trun.series]
    if ev.exact:
        doc["derivatives_exact"] = [spelled(d) for d in trun.derivatives]
        doc["coefficients_exact"] = [[spelled(c) for c in s] for s in trun.series]
    doc["warnings"] = warnings(ev)
    return doc


def hessian_document(hrun: Any, stream: bool = False) -> dict[str, Any]:
    ev = hrun.ev
    doc = _head("hessian", ev, stream)
    doc["gradient"] = numbers(hrun.gradient)
    doc["hessian"] = {i: numbers(row) for i, row in hrun.matrix.items()}
    if ev.exact:
        doc["gradient_exact"] = exacts(hrun.gradient)
        doc["hessian_exact"] = {i: exacts(row) for i, row in hrun.matrix.items()}
    doc["passes"] = [
        {"wrt": p.wrt, "tangents": [number(v) for v in p.tangents],
         "adjoints": [number(v) for v in p.adjoints],
         "adjoint_tangents": [number(v) for v in p.adjoint_tangents],
         "result": numbers(p.result)}
        for p in hrun.passes
    ]
    doc["asymmetry"] = number(hrun.asymmetry)
    doc["cost"] = {"gradient": {"passes": 1, "operations": ev.trace.operations},
                   "hessian": {"passes": len(hrun.passes), "operations": hrun.operations}}
    doc["warnings"] = warnings(ev)
    return doc


def check_document(crun: Any, stream: bool = False) -> dict[str, Any]:
    from tracer.analysis.results import TOLERANCE, sizes

    ev = crun.ev
    doc = _head("check", ev, stream)
    doc["output"] = crun.output
    doc["autodiff"] = {c.name: number(c.reverse) for c in crun.inputs}
    doc["autodiff_forward"] = {c.name: number(c.forward) for c in crun.inputs}
    doc["symbolic"] = {c.name: number(c.symbolic) for c in crun.inputs}
    doc["symbolic_formulas"] = {c.name: str(c.formula) if c.formula is not None else None
                                for c in crun.inputs}
    doc["differences"] = {
        c.name: [{"h": d.h, "forward": number(d.forward), "forward_error": number(d.forward_error),
                  "central": number(d.central), "central_error": number(d.central_error)}
                 for d in c.differences]
        for c in crun.inputs
    }
    doc["best_step"] = {c.name: {"forward": c.best("forward"), "central": c.best("central")}
                        for c in crun.inputs}
    size = sizes(crun)
    doc["sizes"] = {"symbolic_operations": size.symbolic,
                    "simplified_operations": size.simplified,
                    "trace_rows": size.trace_rows, "sweep_operations": size.sweep_operations}
    doc["tolerance"] = TOLERANCE
    # what the tolerance is relative to, beside the value: the terms autodiff's sweep added (x/x
    # at 1e-10 agrees with sympy's 0 at 1.9e-6, one rounding of its ±1e10 terms)
    doc["summed"] = {c.name: number(c.size) for c in crun.inputs}
    doc["agree"] = crun.agrees
    doc["input_decisions"] = crun.input_decisions
    note = crun.path_note()
    if note:
        doc["note"] = note
    doc["warnings"] = warnings(ev)
    return doc


def swell_document(srun: Any, stream: bool = False) -> dict[str, Any]:
    return {
        "tracer": __version__,
        "mode": "swell",
        "map": srun.map_text,
        "rows": [
            {"n": r.n, "l": str(r.value),
             "derivative": str(r.derivative) if r.derivative is not None else None,
             "simplified": str(r.simplified), "l_operations": r.value_operations,
             "derivative_operations": r.derivative_operations,
             "simplified_operations": r.simplified_operations, "trace_rows": r.trace_rows,
             "sweep_operations": r.sweep_operations}
            for r in srun.rows
        ],
    }


def graph_document(g: Any, stream: bool = False) -> dict[str, Any]:
    from tracer.core.printer import PLAIN, chain

    if g.ev is not None:
        doc = _head("graph", g.ev, stream)
    else:  # the structure alone: no point, so no values
        trace = g.trace
        doc = {"tracer": __version__, "mode": "graph", "formula": trace.source,
               "order": trace.order, "inputs": {x: None for x in trace.inputs},
               "output_rows": {name: index for name, index in trace.outputs}}
    doc["graph_mode"] = g.mode
    doc["nodes"] = [
        {"index": n.index, "rule": chain(n.rule, PLAIN), "value": number(n.value),
         "role": n.role,
         **({"derivative": number(n.derivative_value)} if n.derivative else {}),
         **({"outputs": list(n.outputs)} if n.outputs else {})}
        for n in g.nodes
    ]
    doc["edges"] = [{"from": e.source, "to": e.target, "partial": render(e.partial, PLAIN),
                     "value": number(e.value)} for e in g.edges]
    doc["warnings"] = warnings(g.ev) if g.ev is not None else []
    return doc


def grade_document(grun: Any, stream: bool = False) -> dict[str, Any]:
    return {
        "tracer": __version__,
        "mode": "grade",
        "submission": grun.submission,
        "key": grun.key,
        "cells": len(grun.marks),
        "right": grun.right,
        "tolerance": {"relative": grun.rel_tol, "absolute": grun.abs_tol},
        "marks": [{"cell": m.where, "status": m.status, "submitted": m.submitted,
                   "expected": number(m.expected), "rule": m.rule}
                  | ({"expected_exact": m.form} if m.form else {}) for m in grun.marks],
    }
