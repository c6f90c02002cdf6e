"""``tracer grade``: mark a student's filled-in trace against the key, cell by cell.

Both files come from tracer: the quiz (``--quiz``, CSV or JSON) a student filled in, and the
answer key (``--answers``). A cell is right when its number is within the tolerance of the
key's; a student may write any constant expression (``-13/3``, ``ln(3)``), read by tracer's own
parser. A wrong cell is shown with what its row's rule gives, taken from the key's rule and
substituted numbers (CSV) or rebuilt from the key's formula (JSON).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tracer.errors import InputFileError, TracerError, UsageProblem
from tracer.files import read_text
from tracer.teaching.marks import MISSING, RIGHT, UNREADABLE, WRONG, GradeRun, Mark
from tracer.teaching.quiz import ANSWER_KEYS, quiz_json

# How the tables print what a student copies from them (√(2), 1 × 3, −1): read as written,
# as the interactive worksheet's reader does (worksheet.js, ``ascii``).
_TYPESET = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*",
                          "÷": "/"})
_ROOT = re.compile(r"√\s*(?=\()|√\s*(\d+\.?\d*|\.\d+|[^\W\d]\w*)")
# A product the tables print without its sign: 3 √(2), 1/(2 √(2)), 2 π, (1 + x)(2): a number
# (not a name's digits, not an exponent's e) or a ')' before a root, a '(' or a name.
_JUXTAPOSED = re.compile(r"(\b\d+\.?\d*(?:[eE][+-]?\d+)?|\))\s*(?=[√(A-Za-z_π])")

# An exact cell is right when it is the key's value to within rounding (1/3 + sqrt(2)/4, in
# any arrangement), not a decimal rounded to a few digits (0.6869).
EXACT_REL, EXACT_ABS = 1e-12, 0.0


ANSWER_CHARS = 1_000  # a longer cell is no one's answer (an exact form shows 40 at most)


def read_number(text: str) -> float | None:
    """A student's number: a decimal or any constant expression, in tracer's spelling or as
    the tables print it (√(2), 2 × 3, −1/9); None when unreadable."""
    text = text.strip()
    if len(text) > ANSWER_CHARS:  # 14 cells of 130,000 minus signs took 10 s to read
        return None
    if "_" not in text:  # Python's float reads 2_0 as 20; tracer and the worksheet do not
        try:
            return float(text)
        except ValueError:
            pass
    text = _ROOT.sub(lambda m: f"sqrt({m.group(1)})" if m.group(1) else "sqrt",
                     _JUXTAPOSED.sub(r"\1*", text.translate(_TYPESET)))
    from tracer.pipeline import constant_text

    try:
        return float(constant_text(text, underflow=True).value)
    except TracerError:
        return None


def _judge(submitted: str, expected: float, rel_tol: float, abs_tol: float) -> str:
    if not submitted.strip():
        return MISSING
    value = read_number(submitted)
    if value is None:
        return UNREADABLE
    if math.isnan(expected):  # an undefined value (x^n's slope in n at x < 0): nan is right
        return RIGHT if math.isnan(value) else WRONG
    return RIGHT if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol) else WRONG


def tolerance_problem(value: float, relative: bool) -> str | None:
    """Why a tolerance cannot be used (None when it can): it is not a finite number, it is
    negative, or, relative, so wide that every number of the right sign would pass."""
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if value < 0:
        return f"{value} is negative; a tolerance is 0 or more"
    if relative and value >= 1:
        return (f"{value} would accept any number of the right sign; a relative tolerance is "
                "below 1 (0.01 is 1%)")
    return None


def _not_ours(path: str, why: str) -> InputFileError:
    return InputFileError(f"{path} is not a tracer quiz or answer key: {why}")


def _load(path: str) -> tuple[str, Any]:
    p = Path(path)
    suffix = p.suffix.lower()
    if path == "-":  # said "-: tracer grades .csv and .json files", as of a file named -
        raise InputFileError("tracer grade reads files, not standard input: save it as a .csv "
                             "or .json file (as --quiz wrote it) and give that file's name")
    if suffix not in (".json", ".csv"):
        raise InputFileError(f"{path}: tracer grades .csv and .json files (from --quiz and "
                             "--answers)")
    text = read_text(path)
    if not text.strip():
        raise _not_ours(path, "it is empty")
    if suffix == ".json":
        return "json", _read_json(path, text)
    return "csv", _read_csv(path, text)


# --- JSON ---------------------------------------------------------------------------------------

def _read_json(path: str, text: str) -> dict[str, Any]:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()  # a set: an object of 50,000 inputs is read in a blink
        for k, _ in items:
            if k in seen:  # json.loads would keep the last one without a word
                raise _not_ours(path, f"an object has {k!r} twice")
            seen.add(k)
        return dict(items)

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path} is not JSON: {exc.msg} (line {exc.lineno})") from None
    except ValueError:  # an integer of thousands of digits, which Python will not read
        raise _not_ours(path, "it holds a number of too many digits to read") from None
    except RecursionError:
        raise _not_ours(path, "it is nested too deeply") from None
    _check_json(path, doc)
    _check_range(path, doc)
    return doc


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


UNQUIZZED = ("check", "graph", "plot", "swell", "grade")  # commands without --quiz


def _check_json(path: str, doc: Any) -> None:
    """The shape ``tracer … -f json`` writes: rows with an index and a name, and passes with a
    column each; cells are numbers, blank (null) or, from a student, text."""
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        raise _not_ours(path, 'expected an object with a list of "rows"')
    if doc.get("mode") in UNQUIZZED:  # check's JSON graded against itself: "66 of 66 right"
        raise _not_ours(path, f"it is what tracer {doc['mode']} writes, which hands out no "
                        "quiz (trace, forward, reverse, jacobian, derivatives and hessian do)")
    seen: dict[int, int] = {}
    for k, row in enumerate(doc["rows"]):
        if not isinstance(row, dict) or not _is_number(row.get("index")) \
                or not isinstance(row.get("name"), str):
            raise _not_ours(path, f"rows[{k}] is not a row with an index and a name")
        if not _cell(row.get("value")):
            raise _not_ours(path, f"rows[{k}] has a value that is not a number")
        if not isinstance(row.get("constants", []), list):
            raise _not_ours(path, f"rows[{k}] has constants that are not a list")
        if row["index"] in seen:
            first = seen[row["index"]]
            raise InputFileError(f"{path}: row {row['name']} appears twice (rows[{first}] and "
                                 f"rows[{k}]); keep one")
        seen[row["index"]] = k
    passes = doc.get("passes", [])
    if not isinstance(passes, list):
        raise _not_ours(path, '"passes" is not a list')
    for k, p in enumerate(passes):
        column = p.get("column", []) if isinstance(p, dict) else None
        if not isinstance(column, list) or not all(map(_cell, column)):
            raise _not_ours(path, f"passes[{k}] has no column of numbers")
        if not isinstance(p.get("column_exact") or [], list):
            raise _not_ours(path, f"passes[{k}] has an exact column that is not a list")
    if not isinstance(doc.get("mode", ""), str):
        raise _not_ours(path, '"mode" is not a name')


def _check_range(path: str, doc: dict[str, Any]) -> None:
    """Every number a float can hold: JSON reads an integer of any size exactly, and one
    beyond float range cannot be compared."""
    def huge(x: Any) -> bool:
        return isinstance(x, int) and abs(x) > _FLOAT_MAX

    for k, row in enumerate(doc["rows"]):
        if huge(row.get("value")):
            raise _not_ours(path, f"rows[{k}] has a value too large for a float")
    for k, p in enumerate(doc.get("passes", [])):
        if any(map(huge, p.get("column", []))):
            raise _not_ours(path, f"passes[{k}] has a value too large for a float")


_FLOAT_MAX = int(sys.float_info.max)


def _cell(x: Any) -> bool:
    return x is None or isinstance(x, str) or _is_number(x)


# --- CSV ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    """A CSV trace: its header and each row's line number and cells by column."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    decimal_comma: bool = False  # cells split at ';' or tabs: Excel's way where 2,5 is 2.5


def _read_csv(path: str, text: str) -> _Table:
    first = text.lstrip().split("\n", 1)[0]
    # Excel writes ';' (or a tab) between cells where the decimal separator is a comma.
    delimiter = next((d for d in ",;\t" if d in first), ",")
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        lines = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # said "it is not CSV (field …)"
            raise InputFileError(f"{path}: a cell on line {reader.line_num} holds more than "
                                 f"{csv.field_size_limit():,} characters, far more than an "
                                 "answer; shorten it") from None
        raise _not_ours(path, f"it is not CSV ({exc})") from None
    header = tuple(c.strip() for c in lines[0][1])
    matrix = len(header) > 1 and header[0] == "" and "row" not in header  # a Jacobian, Hessian
    if not matrix and ("row" not in header or not any(h.endswith(" value") for h in header)):
        raise _not_ours(path, "its header lacks the row and … value columns tracer writes "
                        "(or the names of a matrix's columns)")
    twice = next((h for h in header if h and header.count(h) > 1), None)
    if twice is not None:
        raise _not_ours(path, f"its header has the column {twice!r} twice")
    rows = []
    for number, cells in lines[1:]:
        # A spreadsheet may drop a row's empty tail; cells beyond the header have no column to
        # be graded in (a backward sweep's running adjoints, as the CSV writer lays them out).
        cells = cells + [""] * (len(header) - len(cells))
        rows.append((number, dict(zip(header, cells, strict=False))))
    return _Table(header, tuple(rows), delimiter != ",")


# 2,54 or -1,5e-3: a number with a decimal comma, as a spreadsheet writes it in much of Europe
_DECIMAL_COMMA = re.compile(r"\s*[-+−]?\d+,\d+(?:[eE][-+]?\d+)?\s*")


def _as_written(text: str, table: _Table) -> str:
    """A cell's text with a decimal comma read as a point, where the file's cells are split at
    ';' (Excel's CSV where the comma is the decimal separator): 2,54 is 2.54 there."""
    if table.decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    return text


def _occurrences(table: _Table) -> dict[tuple[str, str, int], tuple[int, dict[str, str]]]:
    """Each row by (table, row, occurrence): a backward sweep lists v̄₀ += … once per use."""
    count: dict[tuple[str, str], int] = {}
    out = {}
    for number, row in table.rows:
        name = row["row"] if "row" in row else next(iter(row.values()), "")  # a matrix's row
        where = (row.get("table", "").strip(), name.strip())
        count[where] = count.get(where, 0) + 1
        out[(*where, count[where])] = (number, row)
    return out


def _unanswered(row: dict[str, str], column: str) -> bool:
    """A value cell left blank where its group has a rule in this row (a quiz's blank); a
    group a row does not use (the sweep's columns on a trace row) has neither."""
    if row[column].strip():
        return False
    rule = row.get(column[: -len(" value")] + " rule")
    if rule is None:  # a column of values alone (Taylor's c2, c3 …) goes with the rule before it
        rule = _rule_before(row, column)
    return rule is None or bool(rule.strip())


def _rule_before(row: dict[str, str], column: str) -> str | None:
    """The last rule cell left of ``column`` (None: no rule column before it). A derivatives
    file's c2, c3 … belong to the trace rows, not to the table of derivatives after them."""
    rule = None
    for c, text in row.items():
        if c == column:
            break
        if c.endswith(" rule"):
            rule = text
    return rule


def _check_swapped(key: str, ans: _Table | dict[str, Any]) -> None:
    """An answer key has every value cell filled: blank ones mean the quiz came as the key."""
    if isinstance(ans, dict):
        blank = "quiz" in ans
    else:
        blank = any(_unanswered(r, c) for _, r in ans.rows for c in r if c.endswith(" value"))
    if blank:
        raise InputFileError(f"{key} has blank cells, so it is a quiz, not an answer key; give "
                             "the filled-in trace first and the key after --against")


def grade(submission: str, key: str, rel_tol: float = 1e-3, abs_tol: float = 1e-6) -> GradeRun:
    """Compare every value cell of ``submission`` with ``key``."""
    for value, relative in ((rel_tol, True), (abs_tol, False)):
        problem = tolerance_problem(value, relative)
        if problem:  # as typer's check of --tolerance says it (the API's tolerance=)
            raise UsageProblem(f"--{'tolerance' if relative else 'abs-tolerance'} {problem}")
    kind, sub = _load(submission)
    key_kind, ans = _load(key)
    if kind != key_kind:
        raise InputFileError(f"{submission} and {key} must both be CSV or both JSON")
    _check_swapped(key, ans)
    if key_kind == "json":
        _check_json_size(key, ans)
        _check_key_numbers(key, ans)
        _check_same_question_json(submission, sub, key, ans)
    else:
        sub = _in_order_of(sub, ans)
        _check_same_question_csv(submission, sub, key, ans)
    marks = _csv(submission, sub, ans, rel_tol, abs_tol) if kind == "csv" else \
        _json(sub, ans, rel_tol, abs_tol)
    if not marks:
        raise InputFileError(f"{key} has no values to grade against")
    return GradeRun(submission, key, tuple(marks), rel_tol, abs_tol)


def _another(submission: str, key: str, what: str, theirs: Any, mine: Any) -> InputFileError:
    return InputFileError(f"{submission} is not a quiz of the question {key} answers: its {what} "
                          f"is {_shown(theirs)}, the key's {_shown(mine)}; grade it against "
                          "the answers written with its quiz")


def _shown(value: Any) -> str:
    if isinstance(value, dict):  # a point: x1 = 1, x2 = 3
        text = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
    else:
        text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# What makes two JSON files one question (the formula's text aside: the same program saved
# with other line ends or another comment is the same question; its rows tell).
_QUESTION = (("mode", "command"), ("order", "row order"), ("inputs", "point"),
             ("exact", "arithmetic (--exact or not)"))


def _check_same_question_json(submission: str, sub: dict[str, Any], key: str,
                              ans: dict[str, Any]) -> None:
    """The filled-in quiz asks what the key answers: the same command, formula, row order,
    point and seeds, and the same rows (a quiz of another formula or point was marked cell by
    cell as wrong, without a word of why)."""
    for field, what in _QUESTION:
        theirs, mine = (d.get(field, False) if field == "exact" else d.get(field, _ABSENT)
                        for d in (sub, ans))  # a key without "exact" is not exact
        if _ABSENT not in (theirs, mine) and theirs != mine:
            raise _another(submission, key, what, theirs, mine)
    mine = [(r["index"], r.get("op"), r.get("args"), _constants(r)) for r in ans["rows"]]
    theirs = [(r["index"], r.get("op"), r.get("args"), _constants(r)) for r in sub["rows"]]
    if len(theirs) == len(mine) and theirs != mine:
        k = next(k for k, (a, b) in enumerate(zip(theirs, mine, strict=True)) if a != b)
        raise _another(submission, key, f"row {ans['rows'][k]['name']}",
                       _row_text(theirs[k]), _row_text(mine[k]))
    indices = {m[0] for m in mine}  # once: made again for each row, 15,000 rows took 13 s
    extra = [r["name"] for r in sub["rows"] if r["index"] not in indices]
    if extra:
        raise InputFileError(f"{submission} has rows the key {key} does not "
                             f"({', '.join(extra[:5])}): it is a quiz of another trace")
    passes = zip(sub.get("passes", []), ans.get("passes", []), strict=False)
    for k, (p, q) in enumerate(passes, start=1):
        for field in ("seed", "wrt"):
            if field in p and field in q and p[field] != q[field]:
                raise _another(submission, key, f"pass {k}'s {field}", p[field], q[field])


def _row_text(row: tuple[Any, ...]) -> str:
    """A row as the question check names it: its op, its row arguments, its constants."""
    _, op, args, constants = row
    return f"{op} of {args}" + (f" and {[v for _, v in constants]}" if constants else "")


_ABSENT = object()


def _constants(row: dict[str, Any]) -> list[Any]:
    """A JSON row's constants by slot and value (x*2 and x*3 are other questions)."""
    return [(c.get("slot"), c.get("value")) for c in row.get("constants", ())
            if isinstance(c, dict)]


def _in_order_of(sub: _Table, ans: _Table) -> _Table:
    """The submission's columns in the key's order, where it has the key's columns: a student
    who moved a column in a spreadsheet hands in the same cells (they were an IndexError)."""
    if sub.header == ans.header or set(sub.header) != set(ans.header):
        return sub  # the same, or another question's (which the check names)
    rows = tuple((n, {h: r[h] for h in ans.header}) for n, r in sub.rows)
    return replace(sub, header=ans.header, rows=rows)


def _check_same_question_csv(submission: str, sub: _Table, key: str, ans: _Table) -> None:
    """The filled-in quiz asks what the key answers: the same columns, no row the key lacks,
    and the same inputs (the values a quiz gives, in rows ``v₋₁ = x₁``)."""
    if set(sub.header) != set(ans.header):
        missing = [h for h in ans.header if h not in sub.header]
        theirs = [h for h in sub.header if h not in ans.header]
        what = f"the column {(theirs or missing)[0]!r}"
        raise InputFileError(f"{submission} is not a quiz of the question {key} answers: "
                             f"{what} is in one and not the other; grade it against the "
                             "answers written with its quiz")
    mine = _occurrences(ans)
    extra = [(number, k) for k, (number, _) in _occurrences(sub).items()
             if k[2] == 1 and k not in mine]  # a row handed in twice: told in _csv
    if extra:
        number, (table, name, _) = extra[0]
        raise InputFileError(f"{submission}: row {name} of table {table} (line {number}) is "
                             f"not in the key {key}; is it a quiz of another trace?")
    theirs_rows = _occurrences(sub)
    for where, (_, r) in mine.items():
        given = _given_input(r, ans)
        if given is None or where not in theirs_rows:
            continue
        column, value = given
        written = _as_written(theirs_rows[where][1].get(column, ""), sub).strip()
        number = read_number(written) if written else None
        # a spreadsheet may save a cell as shown: 0.333333 is the key's 1/3, 5 is not -4
        if number is not None and not math.isclose(number, value, rel_tol=1e-6, abs_tol=0):
            raise _another(submission, key, f"input {r[column[:-len(' value')] + ' rule']}",
                           float(number), float(value))


def _given_input(r: dict[str, str], table: _Table) -> tuple[str, float] | None:
    """An input row's value column and value, which every quiz gives (``v₋₁ = x₁``: a row
    name, then the input's name, no numbers); None for any other row."""
    columns = list(r)
    value_at = next((k for k, c in enumerate(columns) if c.endswith(" value")), None)
    if value_at is None or "row" not in r:
        return None
    column = columns[value_at]
    group = column[: -len(" value")]
    rule, numbers = r.get(f"{group} rule", ""), r.get(f"{group} numbers", "")
    m = _INPUT_RULE.fullmatch(rule.strip())
    value = read_number(_as_written(r[column], table)) if r[column].strip() else None
    if m is None or numbers.strip() or value is None:
        return None
    return column, value


# v₋₁ = x₁, v₀ = b[0,1]: a row (v and a subscript of index 0 or below) that is an input by name
_INPUT_RULE = re.compile(r"v(?:₋[₀-₉]+|₀) = (?!v[₋₀-₉])[^=+×·/^()\s-][^=]*")


# A JSON key gives its formula, not its rules: each row's rule and numbers are worked out again
# to show beside a wrong cell (15,000 rows: 4 s of the 6 s a grade takes). A CSV key carries
# them in its cells, and grades as a plain read.
JSON_CELLS = 50_000


def _check_json_size(path: str, doc: dict[str, Any]) -> None:
    """Refuse a JSON key of more cells than tracer grades in one, suggesting a CSV quiz."""
    cells = len(doc["rows"]) + sum(len(p.get("column") or ()) + len(p.get("column_exact") or ())
                                   for p in doc.get("passes", []) if isinstance(p, dict))
    if cells > JSON_CELLS:
        raise InputFileError(
            f"{path} has {cells:,} cells to grade, more than the {JSON_CELLS:,} tracer grades "
            "in a JSON key (it works out each row's rule again from the formula); write the "
            "quiz and its key as CSV (-o quiz.csv --answers key.csv), whose rows carry their "
            "rules, or quiz a smaller instance of the program")


def _check_key_numbers(path: str, doc: dict[str, Any]) -> None:
    """A key's cells are numbers or blank (text is a student's, never tracer's)."""
    for k, row in enumerate(doc["rows"]):
        if isinstance(row.get("value"), str):
            raise _not_ours(path, f"rows[{k}] has text where an answer key has a number")
    for k, p in enumerate(doc.get("passes", [])):
        if any(isinstance(c, str) for c in p.get("column", [])):
            raise _not_ours(path, f"passes[{k}] has text where an answer key has numbers")


def _csv(name: str, sub: _Table, ans: _Table, rel_tol: float, abs_tol: float) -> list[Mark]:
    theirs_rows = _occurrences(sub)
    mine = _occurrences(ans)
    extra = next((k for k in theirs_rows if k not in mine and k[2] > 1), None)
    if extra is not None:
        first = theirs_rows[(*extra[:2], 1)][0]
        raise InputFileError(f"{name}: row {extra[1]} of table {extra[0]} appears more often "
                             f"than in the key (lines {first} and {theirs_rows[extra][0]}); "
                             "keep one")
    marks = []
    for (table, row_name, n), (_, r) in mine.items():
        theirs = theirs_rows.get((table, row_name, n), (0, {}))[1]
        if "row" not in r:  # a matrix (a Jacobian, a Hessian): every entry is an answer
            marks += [Mark(f"{row_name}, {column}",
                           _judge(_as_written(theirs.get(column) or "", sub), expected,
                                  rel_tol, abs_tol),
                           theirs.get(column) or "", expected, "")
                      for column, expected in _numbers(r, 1, ans)]
            continue
        for column, value in r.items():
            if not column.endswith(" value") or not value.strip():
                continue
            expected = read_number(_as_written(value, ans))
            if expected is None:
                continue
            group = column[: -len(" value")]
            rule = r.get(f"{group} rule", "")
            numbers = r.get(f"{group} numbers", "")
            gives = " = ".join(x for x in (rule, numbers) if x)
            submitted = theirs.get(column, "") or ""
            marks.append(Mark(f"table {table}, {row_name}, {group}",
                              _judge(_as_written(submitted, sub), expected, rel_tol, abs_tol),
                              submitted, expected, gives))
            if (r.get(f"{group} exact") or "").strip():  # an exact run's exact column
                exact = theirs.get(f"{group} exact", "") or ""
                marks.append(Mark(f"table {table}, {row_name}, {group} exact",
                                  _judge(_as_written(exact, sub), expected, EXACT_REL,
                                         EXACT_ABS), exact,
                                  expected, _with_form(gives, r[f"{group} exact"]),
                                  r[f"{group} exact"].strip()))
    return marks


def _with_form(rule: str, form: str) -> str:
    """A row's rule and numbers, ending in the key's exact form (unless they end in it)."""
    return rule if rule.endswith(f"= {form}") or rule == form else \
        f"{rule} = {form}" if rule else form


def _numbers(r: dict[str, str], skip: int, table: _Table) -> list[tuple[str, float]]:
    """The numeric cells of a CSV row of ``table`` after its first ``skip`` columns."""
    out = []
    for column, value in list(r.items())[skip:]:
        value = _as_written(value or "", table)
        number = read_number(value) if value.strip() else None
        if number is not None:
            out.append((column, number))
    return out


def _json(sub: dict[str, Any], ans: dict[str, Any], rel_tol: float,
          abs_tol: float) -> list[Mark]:
    rules = _rules_from_key(ans)
    marks = []

    def mark(where: str, submitted: Any, expected: Any, rule: str,
             exact: tuple[Any, Any] = (None, None)) -> None:
        """A value cell; with ``exact`` (the key's exact form, the student's), its exact
        cell too (an exact run's), marked against the same value to within rounding."""
        if not _is_number(expected):
            return
        text = "" if submitted is None else str(submitted)
        marks.append(Mark(where, _judge(text, float(expected), rel_tol, abs_tol), text,
                          float(expected), rule))
        form, theirs = exact
        if isinstance(form, str) and form:
            text = "" if theirs is None else str(theirs)
            marks.append(Mark(f"{where}, exact", _judge(text, float(expected), EXACT_REL,
                                                        EXACT_ABS), text, float(expected),
                              _with_form(rule, form), form))

    theirs_rows = {row["index"]: row for row in sub["rows"]}
    for row in ans["rows"]:
        if row["index"] > 0:
            mine = theirs_rows.get(row["index"], {})
            mark(f"row {row['name']}", mine.get("value"), row.get("value"),
                 rules.get(("primal", row["index"]), ""), (row.get("exact"), mine.get("exact")))
    theirs = sub.get("passes", [])
    for k, p in enumerate(ans.get("passes", []), start=1):
        column, exacts = ((theirs[k - 1].get(c) or []) if k - 1 < len(theirs) else []
                          for c in ("column", "column_exact"))
        forms = p.get("column_exact") or []
        for i, (row, value) in enumerate(zip(ans["rows"], p.get("column", []), strict=False)):
            if ans.get("mode") == "forward" and row["index"] <= 0:
                continue  # the seed is given
            mark(f"pass {k}, row {row['name']}", column[i] if i < len(column) else None, value,
                 rules.get((k, row["index"]), ""), (forms[i] if i < len(forms) else None,
                                                    exacts[i] if i < len(exacts) else None))
    for where, submitted, expected, exact in _asked(sub, ans):
        mark(where, submitted, expected, "", exact)
    return marks


# A pass's keys not marked again: its column (with its rows' rules, above), its seed (given),
# its result (the Jacobian's row or column, the Hessian's column: marked there).
_COLUMNS = ("column", "seed", "wrt", "result")


def _asked(sub: dict[str, Any], ans: dict[str, Any]) -> Iterator[tuple[str, Any, Any, Any]]:
    """The other cells a JSON quiz asks (``quiz_json`` leaves them null): the Jacobian, the
    gradient, the step, the derivatives and Taylor coefficients, a Hessian and its passes'
    columns …, each number of the key with its place, what the student wrote there, and the
    key's exact form and the student's (an exact run's ``…_exact`` beside it)."""
    asked = quiz_json({"mode": ans.get("mode"), "rows": ans["rows"],  # (what _check_json
                       "passes": ans.get("passes", []),  # read, and the answers alone)
                       **{key: ans[key] for key in ANSWER_KEYS if key in ans}}, "values")
    names = [f"row {row['name']}" for row in ans["rows"]]
    for key in ANSWER_KEYS:
        if key in ans and not key.endswith("_exact"):
            yield from _leaves(key, names if key == "coefficients" else None, ans[key],
                               asked[key], sub.get(key), (ans.get(f"{key}_exact"),
                                                          sub.get(f"{key}_exact")))
    theirs = sub.get("passes") or []
    for k, p in enumerate(ans.get("passes", []), start=1):
        mine = theirs[k - 1] if k - 1 < len(theirs) and isinstance(theirs[k - 1], dict) else {}
        for key, value in p.items():
            if key not in _COLUMNS and not key.endswith("_exact"):
                yield from _leaves(f"pass {k}, {key}", names, value, asked["passes"][k - 1][key],
                                   mine.get(key), (p.get(f"{key}_exact"),
                                                   mine.get(f"{key}_exact")))


def _leaves(where: str, names: list[str] | None, key: Any, asked: Any, theirs: Any,
            exact: tuple[Any, Any]) -> Iterator[tuple[str, Any, Any, Any]]:
    """Each number of ``key`` that ``asked`` (the quiz) leaves null, where it stands (a list
    aligned with the rows by their ``names``), with ``theirs`` and ``exact`` at its place."""
    if isinstance(key, (dict, list)):
        places = key.items() if isinstance(key, dict) else enumerate(key)
        for k, value in places:
            here = names[k] if names is not None and isinstance(k, int) and k < len(names) \
                else k
            yield from _leaves(f"{where}, {here}", None, value, _at(asked, k), _at(theirs, k),
                               (_at(exact[0], k), _at(exact[1], k)))
    elif asked is None and _is_number(key):
        yield where, theirs, key, exact


def _at(value: Any, place: Any) -> Any:
    """``value[place]`` where it has that place (a student's file may not), else None."""
    if isinstance(value, dict):
        return value.get(place)
    if isinstance(value, list) and isinstance(place, int) and 0 <= place < len(value):
        return value[place]
    return None


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
    except (TracerError, KeyError, TypeError, ValueError, AttributeError):
        return {}  # a key tracer cannot rebuild still grades, without the rules
