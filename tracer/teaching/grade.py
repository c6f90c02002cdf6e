"""``tracer grade``: mark a student's filled-in trace against the key, cell by cell.

Both files come from tracer: the quiz (``--quiz``, CSV or JSON) a student filled in, and the
answer key (``--answers``). A cell is right when its number is within the tolerance of the
key's; a student may write any constant expression (``-13/3``, ``ln(3)``), read by tracer's own
parser. A wrong cell is shown with what its row's rule gives, taken from the key's rule and
substituted numbers (CSV) or rebuilt from the key's formula (JSON).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

from tracer.errors import InputFileError, TracerError
from tracer.files import read_text
from tracer.teaching.marks import MISSING, RIGHT, UNREADABLE, WRONG, GradeRun, Mark


def read_number(text: str) -> float | None:
    """A student's number: a decimal or any constant expression; None when unreadable."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    from tracer.pipeline import constant_text

    try:
        return float(constant_text(text).value)
    except TracerError:
        return None


def _judge(submitted: str, expected: float, rel_tol: float, abs_tol: float) -> str:
    if not submitted.strip():
        return MISSING
    value = read_number(submitted)
    if value is None:
        return UNREADABLE
    return RIGHT if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol) else WRONG


def _load(path: str) -> tuple[str, Any]:
    p = Path(path)
    text = read_text(path)
    if p.suffix.lower() == ".json":
        try:
            return "json", json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(f"{path} is not JSON: {exc.msg} (line {exc.lineno})") from None
    if p.suffix.lower() == ".csv":
        return "csv", list(csv.DictReader(text.splitlines()))
    raise InputFileError(f"{path}: tracer grades .csv and .json files (from --quiz and "
                         "--answers)")


def grade(submission: str, key: str, rel_tol: float = 1e-3, abs_tol: float = 1e-6) -> GradeRun:
    """Compare every value cell of ``submission`` with ``key``."""
    kind, sub = _load(submission)
    key_kind, ans = _load(key)
    if kind != key_kind:
        raise InputFileError(f"{submission} and {key} must both be CSV or both JSON")
    marks = _csv(sub, ans, rel_tol, abs_tol) if kind == "csv" else \
        _json(sub, ans, rel_tol, abs_tol)
    if not marks:
        raise InputFileError(f"{key} has no values to grade against")
    return GradeRun(submission, key, tuple(marks), rel_tol, abs_tol)


def _row_key(r: dict[str, str]) -> tuple[str, str]:
    """Where a CSV row is: its table and row, or, in a matrix, its name (the first column)."""
    if "row" in r:
        return r.get("table", ""), r["row"]
    return "", str(next(iter(r.values()), ""))


def _csv(sub: list[dict[str, str]], ans: list[dict[str, str]], rel_tol: float,
         abs_tol: float) -> list[Mark]:
    by_row = {_row_key(r): r for r in sub}
    marks = []
    for r in ans:
        where_row = _row_key(r)
        theirs = by_row.get(where_row, {})
        if "row" not in r:  # a matrix (a Jacobian, a Hessian): every entry is an answer
            marks += [Mark(f"{where_row[1]}, {column}", _judge(theirs.get(column) or "",
                                                               expected, rel_tol, abs_tol),
                           theirs.get(column) or "", expected, "")
                      for column, expected in _numbers(r, skip=1)]
            continue
        for column, value in r.items():
            if not column.endswith(" value") or not value.strip():
                continue
            expected = read_number(value)
            if expected is None:
                continue
            group = column[: -len(" value")]
            rule = r.get(f"{group} rule", "")
            numbers = r.get(f"{group} numbers", "")
            gives = " = ".join(x for x in (rule, numbers) if x)
            submitted = theirs.get(column, "") or ""
            marks.append(Mark(f"table {where_row[0]}, {where_row[1]}, {group}",
                              _judge(submitted, expected, rel_tol, abs_tol), submitted,
                              expected, gives))
    return marks


def _numbers(r: dict[str, str], skip: int) -> list[tuple[str, float]]:
    """The numeric cells of a CSV row after its first ``skip`` columns."""
    out = []
    for column, value in list(r.items())[skip:]:
        number = read_number(value or "") if (value or "").strip() else None
        if number is not None:
            out.append((column, number))
    return out


def _json(sub: dict[str, Any], ans: dict[str, Any], rel_tol: float,
          abs_tol: float) -> list[Mark]:
    rules = _rules_from_key(ans)
    marks = []

    def mark(where: str, submitted: Any, expected: Any, rule: str) -> None:
        if not isinstance(expected, (int, float)) or isinstance(expected, bool):
            return
        text = "" if submitted is None else str(submitted)
        marks.append(Mark(where, _judge(text, float(expected), rel_tol, abs_tol), text,
                          float(expected), rule))

    theirs_rows = {row.get("index"): row for row in sub.get("rows", [])}
    for row in ans.get("rows", []):
        if row["index"] > 0:
            mine = theirs_rows.get(row["index"], {})
            mark(f"row {row['name']}", mine.get("value"), row["value"],
                 rules.get(("primal", row["index"]), ""))
    for k, p in enumerate(ans.get("passes", []), start=1):
        theirs = sub.get("passes", [])
        mine = theirs[k - 1] if k - 1 < len(theirs) else {}
        for i, (row, value) in enumerate(zip(ans.get("rows", []), p.get("column", []),
                                             strict=False)):
            if ans.get("mode") == "forward" and row["index"] <= 0:
                continue  # the seed is given
            column = mine.get("column") or []
            mark(f"pass {k}, row {row['name']}", column[i] if i < len(column) else None, value,
                 rules.get((k, row["index"]), ""))
    return marks


def _rules_from_key(ans: dict[str, Any]) -> dict[tuple[Any, int], str]:
    """Each row's rule with its numbers, rebuilt from the key's formula and point."""
    try:
        from tracer import pipeline, views
        from tracer.core.printer import TEXT
        from tracer.render.base import cell_parts

        ev = pipeline.prepare(ans["formula"], ans["inputs"], ans.get("order"),
                         list(ans.get("outputs", {})) or None)
        out: dict[tuple[Any, int], str] = {}
        for index in ev.trace.indices():
            if index > 0:
                out[("primal", index)] = " = ".join(cell_parts(views.primal_cell(ev, index), TEXT))
        users = ev.trace.users()
        for k, p in enumerate(ans.get("passes", []), start=1):
            mode = ans.get("mode")
            if mode not in ("forward", "reverse"):
                break
            run = pipeline.run_forward(ev, seed=p["seed"]) if mode == "forward" else \
                pipeline.run_reverse(ev, p["seed"])
            pass_ = run.passes[0]
            for index in ev.trace.indices():
                cell = views.tangent_cell(ev, pass_, index) if mode == "forward" else \
                    views.adjoint_cell(ev, pass_, index, users)
                out[(k, index)] = " = ".join(cell_parts(cell, TEXT))
        return out
    except (TracerError, KeyError, TypeError, ValueError):
        return {}  # a key tracer cannot rebuild still grades, without the rules
