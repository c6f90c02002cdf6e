"""The CSV writer: one tidy table per file, read back by pandas as a data scientist would."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from helpers import LECTURE, run
from typer.testing import CliRunner

from tracer import pipeline, views
from tracer.render.csv import render_csv

pd = pytest.importorskip("pandas", reason="pandas reads the CSV in these tests; it is in the "
                         "test extra (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parent.parent
NET = str(ROOT / "examples" / "nn-backprop.txt")
AT = "x1=3,x2=-4"


def rows(run_, compact: bool = False) -> list[dict[str, str]]:
    doc = views.document(run_, views.ViewOptions(compact=compact))
    return list(csv.DictReader(render_csv(doc).splitlines()))


def frame(*args: str, **kw) -> pd.DataFrame:
    """The CSV a command writes, read by pandas."""
    result = run(CliRunner(), *args, "-f", "csv")
    assert result.exit_code in (0, 1), result.stderr
    text = result.stdout
    header = text.splitlines()[0]
    assert text.splitlines().count(header) == 1, "one header row"
    return pd.read_csv(io.StringIO(text), **kw)


def test_reverse_table():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    lines = rows(pipeline.run_reverse(ev))
    assert len(lines) == 7 and lines[0]["row"] == "v₋₁"
    assert lines[0]["Reverse Adjoint Trace rule"] == "v̄₋₁ = x̄₁ = v̄₂ × (1/v₋₁) + v̄₁ × v₀"
    assert lines[0]["Reverse Adjoint Trace numbers"] == "-1 × (1/3) + 1 × (-4)"
    assert lines[0]["Reverse Adjoint Trace value"] == "-4.333333333333333"  # full precision
    assert lines[2]["Forward Primal Trace numbers"] == "3 × (-4)"
    lines = rows(pipeline.run_reverse(ev), compact=True)
    assert lines[0]["Reverse Adjoint Trace rule"] == "v̄₋₁ = x̄₁ = v̄₂ (1/v₋₁) + v̄₁ v₀"
    assert lines[0]["Reverse Adjoint Trace numbers"] == "-1 × (1/3) + 1 × (-4)"


def test_one_table_number_per_pass():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    lines = rows(pipeline.run_forward(ev))
    assert [r["table"] for r in lines] == ["1"] * 7 + ["2"] * 7


def test_values_only_columns_and_grids():
    from tracer.analysis import taylor

    ev = pipeline.prepare("x^3", {"x": 2})
    lines = rows(taylor.derivatives(ev, 3))
    assert lines[1]["c3 value"] == "1.0"
    jac = rows(pipeline.jacobian(pipeline.prepare("a = x*y; b = x + y", {"x": 1, "y": 2},
                                        outputs=["a", "b"])))
    assert jac[0][""] == "a" and jac[0]["x"] == "2.0" and jac[1]["y"] == "1.0"


@pytest.mark.parametrize("args", [
    ["trace", LECTURE, "--at", AT],
    ["forward", LECTURE, "--at", AT],
    ["reverse", LECTURE, "--at", AT],
    ["reverse", LECTURE, "--at", AT, "--sweep"],
    ["reverse", LECTURE, "--at", AT, "--exact"],
    ["reverse", NET, "--step", "0.5", "--params", "w*,bh,by"],
    ["derivatives", "x^3", "--at", "x=2"],
])
def test_every_trace_is_one_table_with_numeric_values(args):
    df = frame(*args)
    values = [c for c in df.columns if c.endswith(" value")]
    assert values and list(df.columns[:2]) == ["table", "row"]
    assert len(set(df.columns)) == len(df.columns)
    for column in [*values, "table"]:
        assert pd.api.types.is_numeric_dtype(df[column]), column


def test_the_lecture_figures_at_full_precision():
    df = frame("reverse", LECTURE, "--at", AT)
    adjoint = dict(zip(df["row"], df["Reverse Adjoint Trace value"], strict=True))
    assert adjoint["v₋₁"] == -13 / 3 and adjoint["v₀"] == 4
    primal = dict(zip(df["row"], df["Forward Primal Trace value"], strict=True))
    assert primal["v₂"] == math.log(3) and primal["y"] == -16 - math.log(3)


def test_exact_values_have_their_own_column():
    df = frame("reverse", LECTURE, "--at", AT, "--exact")
    assert df["Reverse Adjoint Trace value"][0] == -13 / 3
    assert df["Reverse Adjoint Trace exact"][0] == "-13/3"
    assert df["Forward Primal Trace exact"][3] == "ln(3)"


def test_the_sweep_and_its_trace_share_one_header():
    df = frame("reverse", LECTURE, "--at", AT, "--sweep")
    sweep = df[df["Backward Sweep value"].notna()]
    assert set(df["table"]) == {1, 2} and set(sweep["table"]) == {2}
    assert sweep["Adjoint So Far value"].iloc[-1] == 4  # v̄₀ after its last contribution
    assert df[df["table"] == 1]["Backward Sweep value"].isna().all()


def test_a_programs_decisions_are_a_column():
    program = "a = x\nwhile a < 100:\n    a = a * x\ny = a\n"
    df = frame("reverse", program, "--at", "x=3")
    decided = df[df["decision"].notna()]
    assert len(decided) == 5 and decided["decision"].iloc[-1].endswith("→ false (iteration 5)")
    assert pd.api.types.is_numeric_dtype(df["Reverse Adjoint Trace value"])


def test_decisions_between_the_same_rows_share_one_cell_in_order():
    """A loop that adds no row (a swap, a, b = b, a) puts every decision on one line: they
    are joined once (joined one by one, 10⁵ of them took 107 s)."""
    program = "a = x\nb = 2*x\nfor i in range(40):\n    a, b = b, a\ny = a*b\n"
    df = frame("reverse", program, "--at", "x=3")
    decided = df[df["decision"].notna()]["decision"]
    assert len(decided) == 1
    said = decided.iloc[0].split("; ")
    assert len(said) == 40 and said[0].endswith("i = 0 (iteration 1)")
    assert said[-1].endswith("i = 39 (iteration 40)")


def test_the_jacobian_is_a_matrix():
    program = "y1 = x1*x2; y2 = sin(x1) + x2"
    df = frame("jacobian", program, "--at", "x1=1,x2=2", index_col=0)
    assert list(df.index) == ["y1", "y2"] and list(df.columns) == ["x1", "x2"]
    assert all(pd.api.types.is_float_dtype(df[c]) for c in df.columns)
    assert df.loc["y2", "x1"] == math.cos(1) and df.loc["y1", "x2"] == 1
    net = frame("jacobian", NET, index_col=0)
    jac = pipeline.jacobian(pipeline.prepare(Path(NET).read_text(), {})).matrix
    assert list(net.index) == ["E"] and net.shape == (1, 11)
    assert net.loc["E"].to_dict() == jac["E"]


def test_the_hessian_is_a_matrix():
    from tracer.analysis.hessian import hessian

    df = frame("hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2", index_col=0)
    assert df.loc["x1", "x1"] == 2 * 2 - math.sin(1) and df.loc["x1", "x2"] == 2
    assert df.loc["x2", "x1"] == 2 and df.loc["x2", "x2"] == 0
    net = frame("hessian", NET, index_col=0)
    matrix = hessian(pipeline.prepare(Path(NET).read_text(), {})).matrix
    assert net.shape == (11, 11) and net.to_dict(orient="index") == matrix


def test_the_check_is_one_long_table():
    from tracer.analysis.check import check

    df = frame("check", LECTURE, "--at", AT)
    assert len(set(df.columns)) == len(df.columns)
    numeric = ["forward mode", "reverse mode", "symbolic", "h", "forward difference",
               "forward error", "central difference", "central error"]
    assert all(pd.api.types.is_float_dtype(df[c]) for c in numeric)
    assert pd.api.types.is_bool_dtype(df["forward best"])
    assert pd.api.types.is_bool_dtype(df["central best"])
    run_ = check(pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}))
    for c in run_.inputs:
        mine = df[df["input"] == c.name]
        assert list(mine["h"]) == [d.h for d in c.differences]
        assert list(mine["central error"]) == [d.central_error for d in c.differences]
        assert mine["forward best"].sum() == 1
        assert mine[mine["central best"]]["h"].item() == c.best("central")


def test_swell_and_grade_are_one_table_each(tmp_path):
    df = frame("swell", "--n", "3")
    assert list(df["n"]) == [1, 2, 3] and pd.api.types.is_integer_dtype(df["trace rows"])
    quiz, key = tmp_path / "quiz.csv", tmp_path / "key.csv"
    assert run(CliRunner(), "reverse", LECTURE, "--at", AT, "--quiz", "-o", str(quiz),
               "--answers", str(key)).exit_code == 0
    marks = frame("grade", str(quiz), "--against", str(key))
    assert len(marks) == 14 and set(marks["status"]) == {"missing", "right"}  # the seed is given
    assert pd.api.types.is_float_dtype(marks["expected"])


def test_a_hessian_quiz_is_graded_as_a_matrix(tmp_path):
    from tracer.teaching.grade import grade

    quiz, key = tmp_path / "quiz.csv", tmp_path / "key.csv"
    result = run(CliRunner(), "hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2", "--quiz",
                 "-o", str(quiz), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    blank = pd.read_csv(quiz, index_col=0)
    assert blank.isna().all().all() and list(blank.index) == ["x1", "x2"]
    filled = pd.read_csv(key, index_col=0)
    filled.loc["x2", "x2"] = 5
    answers = tmp_path / "answers.csv"
    filled.to_csv(answers)
    marks = grade(str(answers), str(key)).marks
    assert len(marks) == 4 and [m.where for m in marks if not m.is_right] == ["x2, x2"]


def test_rows_left_out_of_a_long_table_are_left_out_of_the_csv():
    """A CSV is data: the rows --max-rows leaves out are not written, and no line stands in
    for them (pandas would read it as a row of NaN)."""
    formula = "sin(x1*x2) + x1*x2^2 - log(x1)"
    df = frame("reverse", formula, "--at", AT, "--max-rows", "3")
    ev = pipeline.prepare(formula, {"x1": 3, "x2": -4})
    every = [r["row"] for r in rows(pipeline.run_reverse(ev))]
    assert len(every) == ev.trace.n + ev.trace.last + 1  # the rows and the output
    assert list(df["row"]) == [*every[:1], *every[-3:]]  # the first, the last two, y
    for column in [c for c in df.columns if c.endswith(" value")]:
        assert pd.api.types.is_float_dtype(df[column]) and df[column].notna().all(), column


ACCUMULATE = str(ROOT / "examples" / "exercise-2-accumulate.txt")
MATRIX = str(ROOT / "examples" / "nn-matrix.txt")


def test_accumulated_gradients_are_a_table_per_backward_pass():
    df = frame("reverse", ACCUMULATE, "--repeat", "2")
    assert set(df["table"]) == {1, 2, 3}
    for table, expected in ((2, [0, 4, 8, 12]), (3, [0, 8, 16, 24])):
        mine = df[df["table"] == table]
        assert list(mine["row"]) == ["x̄[0]", "x̄[1]", "x̄[2]", "x̄[3]"]
        assert list(mine["Accumulated Gradient value"]) == expected
    assert list(df[df["table"] == 3]["Accumulated Gradient numbers"]) == \
        ["0 + 0", "4 + 4", "8 + 8", "12 + 12"]
    assert df[df["table"] == 1]["Accumulated Gradient value"].isna().all()
    assert pd.api.types.is_float_dtype(df["Accumulated Gradient value"])


def test_a_training_step_is_a_table_of_the_new_weights():
    df = frame("reverse", MATRIX)
    import tracer

    run_ = tracer.trace(Path(MATRIX).read_text()).reverse().run
    assert run_.updates  # the file asks for a step (@step)
    step = df[df["table"] == df["table"].max()]
    assert len(step) == len(run_.updates) and step["table"].iloc[0] == len(run_.passes) + 1
    assert list(step["Gradient-Descent Step value"]) == [u.new for u in run_.updates]
    assert all(r.startswith(f"{n} ← {n} - η ∂") for n, r in
               zip(step["row"], step["Gradient-Descent Step rule"], strict=True))
    assert pd.api.types.is_float_dtype(df["Gradient-Descent Step value"])


@pytest.mark.parametrize("args", [[MATRIX], [ACCUMULATE, "--repeat", "2"]])
def test_the_step_and_accumulation_tables_are_graded(tmp_path, args):
    from tracer.teaching.grade import grade

    quiz, key = tmp_path / "quiz.csv", tmp_path / "key.csv"
    result = run(CliRunner(), "reverse", *args, "--quiz", "-o", str(quiz), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    blank, filled = pd.read_csv(quiz), pd.read_csv(key)
    extra = blank[blank["table"] > 1]
    values = [c for c in blank.columns if c.endswith(" value") and extra[c].notna().any()]
    assert len(extra) and values == []  # the new weights or gradients are blanks
    assert filled[filled["table"] > 1].filter(like=" value").notna().any(axis=None)
    right = grade(str(key), str(key)).marks
    assert right and all(m.is_right for m in right)
    marks = grade(str(quiz), str(key)).marks
    assert len(marks) == len(right)
    missing = {m.where.split(",")[0] for m in marks if m.status == "missing"}
    assert f"table {extra['table'].max()}" in missing


@pytest.mark.parametrize("formula, at, order", [("x^3*sin(x)", "x=2", 6),
                                                ("exp(-t)/(1 + t^2)", "t=0.25", 4)])
def test_derivatives_write_every_derivative_after_the_coefficients(formula, at, order):
    import tracer

    df = frame("derivatives", formula, "--at", at, "--order", str(order))
    run_ = tracer.trace(formula, at).derivatives(order).run
    table = df[df["table"] == df["table"].max()]
    assert df["table"].max() == 2 and len(table) == order
    marks = ["′", "″", "‴", *(f"⁽{str(k).translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹'))}⁾"
                             for k in range(4, order + 1))]
    assert list(table["row"]) == [f"y{m}" for m in marks]
    assert list(table["Derivative value"]) == list(run_.derivatives[1:order + 1])
    assert pd.api.types.is_float_dtype(df["Derivative value"])
    assert table["Derivative rule"].iloc[3] == "y⁽⁴⁾ = 4! c₄"
    assert df[df["table"] == 1]["c2 value"].notna().all()  # the coefficients are still there


def test_a_derivatives_quiz_is_graded_with_its_derivatives(tmp_path):
    from tracer.teaching.grade import grade

    quiz, key = tmp_path / "quiz.csv", tmp_path / "key.csv"
    result = run(CliRunner(), "derivatives", "sin(x)*exp(x)", "--at", "x=0.5", "--order", "5",
                 "--quiz", "-o", str(quiz), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    right = grade(str(key), str(key)).marks  # the key's blank c2 … beside y′ are no blanks
    assert right and all(m.is_right for m in right)
    missing = [m.where for m in grade(str(quiz), str(key)).marks if m.status == "missing"]
    assert sum("Derivative" in w for w in missing) == 5
    assert run(CliRunner(), "grade", str(key), "--against", str(quiz)).exit_code == 1


def test_swell_writes_what_json_writes_column_for_field():
    import json

    result = run(CliRunner(), "swell", "--n", "5", "-f", "json")
    rows = json.loads(result.stdout)["rows"]
    df = frame("swell", "--n", "5")
    columns = {"n": "n", "l": "lₙ", "derivative": "dlₙ/dx (as differentiated)",
               "simplified": "dlₙ/dx (simplified)", "l_operations": "lₙ operations",
               "derivative_operations": "dlₙ/dx operations (as differentiated)",
               "simplified_operations": "dlₙ/dx operations (simplified)",
               "trace_rows": "trace rows", "sweep_operations": "sweep operations"}
    assert list(df.columns) == [columns[key] for key in rows[0]]
    for k, row in enumerate(rows):
        for key, value in row.items():  # formulas whole, as JSON spells them
            assert df[columns[key]].iloc[k] == value, (key, k)
    counts = [c for c in df.columns if "operations" in c or c in ("n", "trace rows")]
    assert all(pd.api.types.is_integer_dtype(df[c]) for c in counts)


def test_an_exact_value_no_float_holds_has_no_decimal_and_a_long_one_its_floats():
    """10³⁰⁰ ln x at 10⁻³⁰⁰ under --exact: the tangent 10⁶⁰⁰ ended -f csv in an OverflowError
    traceback; its value cell is empty (JSON: null), the exact column has it. 10³⁰⁰'s value
    cell was that float's 301 digits (1000000000000000052504760255…); 2⁶⁰ stays whole."""
    for command in ("forward", "reverse", "jacobian", "hessian"):
        done = run(CliRunner(), command, "1e300*log(x)", "--at", "x=1e-300", "--exact", "-f",
                   "csv")
        assert done.exit_code == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(run(
        CliRunner(), "forward", "1e300*log(x)", "--at", "x=1e-300", "--exact", "-f",
        "csv").stdout)))
    tangent = [r["Forward Tangent Trace value"] for r in table]
    assert tangent == ["1", "1e+300", "", ""]
    assert table[3]["Forward Tangent Trace exact"] == "1" + "0" * 600
    whole = list(csv.DictReader(io.StringIO(run(
        CliRunner(), "forward", "2^60*x", "--at", "x=1", "--exact", "-f", "csv").stdout)))
    assert whole[1]["Forward Tangent Trace value"] == str(2 ** 60)


def test_an_exact_runs_numbers_are_the_jsons():
    """pandas reads each exact value's decimal as the JSON has it: the third coefficient of
    x⁷/y at x = 123456789/1000 was 1.8971634028524507e+22 in the CSV (p/q correctly rounded)
    and 1.8971634028524503e+22 in the JSON (sympy's 15 digits of it)."""
    import json

    args = ("derivatives", "x^7/y + sqrt(2)*x", "--at", "x=123456789/1000,y=3/7", "--exact",
            "--order", "3", "--wrt", "x")
    data = json.loads(run(CliRunner(), *args, "-f", "json").stdout)
    table = frame(*args)
    rows = table[table["table"] == 1][:len(data["coefficients"])]  # (then the output's row)
    for k in (1, 2, 3):
        assert list(rows[f"c{k} value" if k > 1 else "Tangent Trace (c1) value"]) == \
            [c[k] for c in data["coefficients"]]
    assert data["coefficients"][4][3] == 1.8971634028524507e+22
