"""The JSON writer: the run's data (rows, values, passes, Jacobian), never rendered strings.

Strict JSON: a value that is not a finite number (an infinite slope at sqrt(0), say) is written
as null, with a warning saying why. The schema is documented in the README and kept stable.
"""

from __future__ import annotations

import json
import math
from typing import Any

from tracer import __version__
from tracer.api import Run
from tracer.evaluate import Evaluation
from tracer.printer import PLAIN, plain_row_name, render
from tracer.trace import Const


def number(x: Any) -> int | float | None:
    """A JSON number: ints stay ints, non-finite floats become null."""
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    if isinstance(x, float):
        return x
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def numbers(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: number(v) for k, v in mapping.items()}


def rows(ev: Evaluation) -> list[dict[str, Any]]:
    """One object per row, inputs first, aligned with every pass's column."""
    trace = ev.trace
    out: list[dict[str, Any]] = []
    for index in trace.indices():
        pos = trace.position(index)
        row: dict[str, Any] = {"index": index, "name": plain_row_name(index)}
        if index <= 0:
            row.update(op="input", args=[], input=trace.inputs[pos])
        else:
            eq = trace.equation(index)
            row.update(op=eq.op.name, args=[a for a in eq.args if type(a) is int])
            consts = [
                {"slot": k, "value": number(a.value), "text": render(a.expr, PLAIN)}
                for k, a in enumerate(eq.args) if type(a) is Const
            ]
            if consts:
                row["constants"] = consts
        row["value"] = number(ev.values[pos])
        if trace.labels[pos]:
            row["labels"] = list(trace.labels[pos])
        out.append(row)
    return out


def document(run: Run) -> dict[str, Any]:
    ev = run.ev
    trace = ev.trace
    doc: dict[str, Any] = {
        "tracer": __version__,
        "mode": run.mode,
        "formula": trace.source,
        "order": trace.order,
        "inputs": numbers(ev.point),
        "rows": rows(ev),
        "outputs": numbers(ev.outputs),
        "output_rows": {name: index for name, index in trace.outputs},
        "passes": [
            {"seed": numbers(p.seed), "column": [number(v) for v in p.column],
             "result": numbers(p.result)}
            for p in run.passes
        ],
    }
    jac = run.jacobian
    if jac is not None:
        doc["jacobian"] = {o: numbers(row) for o, row in jac.items()}
    doc["warnings"] = [{"row": i, "message": m} for i, m in ev.warnings]
    return doc


def render_json(run: Run) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
