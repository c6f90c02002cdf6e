"""Grading: a filled-in quiz against its key, cell by cell."""

from __future__ import annotations

import csv
import json
import math

import pytest
from helpers import LECTURE, run

from tracer import pipeline
from tracer.errors import InputFileError, TracerError
from tracer.teaching.grade import (
    MISSING,
    RIGHT,
    UNREADABLE,
    WRONG,
    grade,
    read_number,
    tolerance_problem,
)
from tracer.teaching.quiz import ANSWER_KEYS


def key_and_quiz(runner, tmp_path, suffix):
    quiz, key = tmp_path / f"quiz{suffix}", tmp_path / f"key{suffix}"
    result = run(runner, "reverse", LECTURE, "--at", "x1=3,x2=-4", "--quiz", "-o", str(quiz),
                 "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    return quiz, key


def fill_csv(quiz, key, target, changes=None):
    answers = {(r["table"], r["row"]): r for r in csv.DictReader(key.open(encoding="utf-8"))}
    rows = list(csv.DictReader(quiz.open(encoding="utf-8")))
    for r in rows:
        for column in r:
            if column.endswith(" value"):
                r[column] = answers[(r["table"], r["row"])][column]
    for (i, column), value in (changes or {}).items():
        rows[i][column] = value
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_csv_saved_by_excel_keeps_its_byte_order_mark_out_of_the_headers(runner, tmp_path):
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)
    answers.write_bytes(b"\xef\xbb\xbf" + answers.read_bytes())  # Excel's "CSV UTF-8"
    result = grade(str(answers), str(key))
    assert result.passed and result.right == len(result.marks) == 14


def test_a_perfect_csv(runner, tmp_path):
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)
    result = grade(str(answers), str(key))
    assert result.passed and result.right == len(result.marks) == 14


def test_wrong_missing_and_unreadable_cells(runner, tmp_path):
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    column = "Reverse Adjoint Trace value"
    fill_csv(quiz, key, answers, {(0, column): "-13/3", (3, column): "5", (4, column): "",
                                  (5, column): "one"})
    result = grade(str(answers), str(key))
    status = {m.where: m for m in result.marks}
    assert status["table 1, v₋₁, Reverse Adjoint Trace"].status == RIGHT  # -13/3 is right
    wrong = status["table 1, v₂, Reverse Adjoint Trace"]
    assert wrong.status == WRONG and wrong.rule == "v̄₂ = v̄₄ × (-1) = 1 × (-1)"
    assert status["table 1, v₃, Reverse Adjoint Trace"].status == MISSING
    assert status["table 1, v₄, Reverse Adjoint Trace"].status == UNREADABLE
    cli = run(runner, "grade", str(answers), "--against", str(key))
    assert cli.exit_code == 1 and "11 of 14 cells right" in cli.stdout


def test_json(runner, tmp_path):
    _quiz, key = key_and_quiz(runner, tmp_path, ".json")
    filled = json.loads(key.read_text(encoding="utf-8"))
    filled["passes"][0]["column"][0] = 1.0  # the adjoint of x1 is -13/3
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(filled), encoding="utf-8")
    result = grade(str(answers), str(key))
    (bad,) = [m for m in result.marks if m.status != RIGHT]
    assert bad.where == "pass 1, row v_{-1}"
    assert bad.rule == "v̄₋₁ = x̄₁ = v̄₂ × (1/v₋₁) + v̄₁ × v₀ = -1 × (1/3) + 1 × (-4) = -4.333"
    assert run(runner, "grade", str(key), "--against", str(key), "-f", "json").exit_code == 0


def test_read_number():
    assert read_number("-4.333") == -4.333 and read_number("-13/3") == pytest.approx(-13 / 3)
    assert read_number("ln(3)") == pytest.approx(1.0986122887) and read_number("x") is None
    # Python reads 2_0 as 20; tracer's language and the worksheet do not: unreadable, alike
    assert read_number("2_0") is None and read_number("1_000.5") is None


def test_an_answer_below_the_float_range_is_the_0_float_arithmetic_makes():
    """exp(-1000) as a student's answer is 0, as the worksheet's reader reads it (grade said
    unreadable; 1e-400 was 0 already); as a value given with --at it is refused still."""
    assert read_number("exp(-1000)") == 0.0 and read_number("2^-2000") == 0.0
    assert read_number("sech(1000)") == 0.0 and read_number("1e-400") == 0.0
    with pytest.raises(TracerError, match="too small for a float"):
        pipeline.parse_values("x=exp(-1000)")


def test_a_cell_too_long_to_be_an_answer_is_unreadable_at_once():
    """Fourteen cells of 130,000 minus signs (and a 1): 10 s to grade, each read as -(-(…))."""
    assert read_number("-" * 130_000 + "1") is None and read_number("1+" * 50_000 + "1") is None
    assert read_number("-" * 998 + "1") == 1 and read_number(" " * 5000 + "2 ") == 2


def test_read_number_reads_max_and_min_of_several_as_python_does():
    assert read_number("max(1, 2, 3)") == 3 and read_number("min(4, -2, 3, 0.5)") == -2
    assert read_number("max(1, 2, log(0))") is None and read_number("max()") is None


def test_bad_files(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        grade(str(tmp_path / "a.csv"), str(tmp_path / "b.csv"))
    (tmp_path / "a.txt").write_text("1", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"grades \.csv and \.json"):
        grade(str(tmp_path / "a.txt"), str(tmp_path / "a.txt"))


# --- files that are not a quiz or key -----------------------------------------------------------

@pytest.mark.parametrize(("text", "why"), [
    ("[1, 2, 3]", 'a list of "rows"'),
    ("null", 'a list of "rows"'),
    ('"rows"', 'a list of "rows"'),
    ('{"rows": "abc"}', 'a list of "rows"'),
    ('{"rows": [1, 2]}', "rows[0] is not a row"),
    ('{"rows": [{"index": "1", "name": "v_1"}]}', "rows[0] is not a row"),
    ('{"rows": [{"index": true, "name": "v_1"}]}', "rows[0] is not a row"),
    ('{"rows": [{"index": 1, "name": "v_1", "value": [1]}]}', "not a number"),
    ('{"rows": [], "passes": 3}', '"passes" is not a list'),
    ('{"rows": [], "passes": [{"column": "1,2"}]}', "passes[0] has no column"),
    ('{"rows": [], "passes": [7]}', "passes[0] has no column"),
    ('{"rows": [], "mode": 3}', '"mode" is not a name'),
    # a Taylor table's, a step's or a Hessian's row with constants 3 (TypeError: 'int' object
    # is not iterable), an exact pass's column_exact 3 (TypeError: no len()) were tracebacks
    ('{"rows": [{"index": 1, "name": "v_1", "value": 1, "constants": 3}]}',
     "rows[0] has constants that are not a list"),
    ('{"rows": [], "passes": [{"column": [], "column_exact": 3}]}',
     "passes[0] has an exact column that is not a list"),
    ('{"rows": [], "passes": [{"column": [], "column_exact": {"a": 1}}]}',
     "passes[0] has an exact column that is not a list"),
    ('{"rows": [], "rows": []}', "an object has 'rows' twice"),
    ('{"rows": [{"index": 1, "name": "v_1", "value": 1%s}]}' % ("0" * 400),
     "rows[0] has a value too large for a float"),
    ('{"rows": [], "passes": [{"column": [-1%s]}]}' % ("0" * 400),
     "passes[0] has a value too large for a float"),
    ('{"rows": [{"index": 1, "name": "v_1", "value": 1%s}]}' % ("0" * 5000),
     "a number of too many digits"),
    ("  ", "it is empty"),
    # check's and graph's JSON graded against themselves: "66 of 66 cells right"
    ('{"mode": "check", "rows": []}', "it is what tracer check writes, which hands out no quiz"),
    ('{"mode": "graph", "rows": []}', "it is what tracer graph writes, which hands out no quiz"),
])
def test_json_of_the_wrong_shape_is_named(runner, tmp_path, text, why):
    _quiz, key = key_and_quiz(runner, tmp_path, ".json")
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    for args in ((bad, key), (key, bad)):
        with pytest.raises(InputFileError, match="is not a tracer quiz or answer key") as info:
            grade(*map(str, args))
        assert str(bad) in info.value.message and why in info.value.message
        result = run(runner, "grade", str(args[0]), "--against", str(args[1]))
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "bad.json is not a tracer" in result.stderr


@pytest.mark.parametrize(("text", "why"), [
    ("", "it is empty"),
    ("\n\n", "it is empty"),
    ("a,b\n1,2\n", "lacks the row and … value columns"),
    ("table,row\n1,v₁\n", "lacks the row and … value columns"),
    ("table,row,P value,P value\n1,v₁,1,2\n", "the column 'P value' twice"),
])
def test_csv_of_the_wrong_shape_is_named(runner, tmp_path, text, why):
    _quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    for args in ((bad, key), (key, bad)):
        with pytest.raises(InputFileError, match=r"bad\.csv is not a tracer quiz or answer key") \
                as info:
            grade(*map(str, args))
        assert why in info.value.message


def test_a_quiz_given_as_the_key_is_refused(runner, tmp_path):
    for suffix in (".csv", ".json"):
        quiz, key = key_and_quiz(runner, tmp_path, suffix)
        with pytest.raises(InputFileError, match="so it is a quiz, not an answer key"):
            grade(str(key), str(quiz))  # swapped: the full key would pass against the blanks


def test_a_row_handed_in_twice_is_refused_never_picked(runner, tmp_path):
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)
    lines = answers.read_text(encoding="utf-8").splitlines()
    wrong = lines[3].rsplit(",", 1)[0] + ",999"  # a wrong copy of a row before the right one
    answers.write_text("\n".join([*lines[:3], wrong, *lines[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"appears more often than in the key \(lines 4 "
                                             r"and 5\); keep one"):
        grade(str(answers), str(key))
    result = run(runner, "grade", str(answers), "--against", str(key))
    assert result.exit_code == 1 and "appears more often" in result.stderr


def test_a_json_row_handed_in_twice_is_refused(runner, tmp_path):
    _quiz, key = key_and_quiz(runner, tmp_path, ".json")
    doc = json.loads(key.read_text(encoding="utf-8"))
    doc["rows"].insert(3, {**doc["rows"][3], "value": 999})
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"row v_2 appears twice \(rows\[3\] and rows\[4\]\)"):
        grade(str(answers), str(key))
    doc = json.loads(key.read_text(encoding="utf-8"))
    answers.write_text(json.dumps(doc).replace('"value": -12.0', '"value": 1, "value": -12.0'),
                       encoding="utf-8")
    with pytest.raises(InputFileError, match="an object has 'value' twice"):
        grade(str(answers), str(key))


def test_a_backward_sweep_matches_its_repeated_rows_in_order(runner, tmp_path):
    quiz, key = tmp_path / "quiz.csv", tmp_path / "key.csv"
    result = run(runner, "reverse", LECTURE, "--at", "x1=3,x2=-4", "--sweep", "--quiz", "-o",
                 str(quiz), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    assert grade(str(key), str(key)).passed
    rows = list(csv.reader(key.open(encoding="utf-8")))
    value = rows[0].index("Backward Sweep value")
    first: dict[tuple[str, str], int] = {}
    swap = None
    for k, r in enumerate(rows[1:], start=1):  # v̄₋₁ += … twice, with different values
        if tuple(r[:2]) in first and rows[first[tuple(r[:2])]][value] != r[value]:
            swap = first[tuple(r[:2])], k
        first.setdefault(tuple(r[:2]), k)
    assert swap is not None
    a, b = swap
    rows[a], rows[b] = rows[b], rows[a]  # the right numbers, in the wrong order
    answers = tmp_path / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    marks = grade(str(answers), str(key)).marks
    name = rows[a][1]  # both swapped rows are this row's (v̄₀ += … twice): each is wrong
    assert sorted(m.where for m in marks if m.status == WRONG) == sorted(
        [f"table 2, {name}, Backward Sweep", f"table 2, {name}, Adjoint So Far"] * 2)


def test_excel_semicolons_and_short_rows_are_read(runner, tmp_path):
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)
    rows = list(csv.reader(answers.open(encoding="utf-8")))
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    assert grade(str(answers), str(key)).passed
    trimmed = [r[:-1] if r[-1] == "" else r for r in rows]  # a spreadsheet drops empty tails
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(trimmed)
    assert grade(str(answers), str(key)).passed


def test_a_cell_too_long_for_csv_is_named_with_its_line(runner, tmp_path):
    """It said "it is not CSV (field larger than field limit (131072))"."""
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers, {(2, "Reverse Adjoint Trace value"): "(" * 200_000})
    with pytest.raises(InputFileError, match=r"answers\.csv: a cell on line 4 holds more than "
                       r"131,072 characters, far more than an answer; shorten it$"):
        grade(str(answers), str(key))


def test_standard_input_is_not_a_file_to_grade(runner, tmp_path):
    """grade - said "-: tracer grades .csv and .json files", as of a file named -."""
    _quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    for args in (("-", str(key)), (str(key), "-")):
        with pytest.raises(InputFileError, match=r"^tracer grade reads files, not standard "
                                                 r"input: save it as a \.csv or \.json file"):
            grade(*args)


def test_columns_moved_in_a_spreadsheet_are_graded_by_their_names(runner, tmp_path):
    """A student who moved a value column (or the row column first) got an IndexError."""
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers, {(3, "Reverse Adjoint Trace value"): "7"})
    rows = list(csv.reader(answers.open(encoding="utf-8")))
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[1::-1] + r[:1:-1] for r in rows])
    result = grade(str(answers), str(key))
    assert result.right == 13 and len(result.marks) == 14
    (wrong,) = [m for m in result.marks if m.status != RIGHT]
    assert wrong.where == "table 1, v₂, Reverse Adjoint Trace" and wrong.expected == -1


@pytest.mark.parametrize(("value", "relative", "problem"), [
    (float("nan"), True, "not a finite number"),
    (float("inf"), False, "not a finite number"),
    (-1e-9, False, "negative"),
    (1.0, True, "any number of the right sign"),
    (0.0, True, None),
    (0.5, True, None),
    (5.0, False, None),
])
def test_tolerances(runner, tmp_path, value, relative, problem):
    found = tolerance_problem(value, relative)
    assert (found is None) if problem is None else problem in found
    _quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    rel, abs_ = (value, 1e-6) if relative else (1e-3, value)
    if problem is None:
        assert grade(str(key), str(key), rel, abs_).passed
    else:
        with pytest.raises(TracerError, match="tolerance"):
            grade(str(key), str(key), rel, abs_)
        option = "--tolerance" if relative else "--abs-tolerance"
        result = run(runner, "grade", str(key), "--against", str(key), option, str(value))
        assert result.exit_code == 2 and problem in result.stderr


def test_a_key_with_text_for_a_number_is_refused(runner, tmp_path):
    """Text in a cell is a student's answer (-13/3); in a key it is not tracer's."""
    import json

    _quiz, key = key_and_quiz(runner, tmp_path, ".json")
    doc = json.loads(key.read_text(encoding="utf-8"))
    doc["rows"][-1]["value"] = "abc"
    bad = tmp_path / "bad-key.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad-key\.json is not a tracer quiz or answer key: "
                                             r"rows\[\d+\] has text where an answer key"):
        grade(str(key), str(bad))
    assert grade(str(key), str(key)).right  # the key itself grades as before


def test_a_student_may_write_numbers_as_the_tables_print_them():
    """√(2), √2, 2 × 3, −1/9 (U+2212) are read as written: a student copies the tables."""
    assert read_number("1/3 + √(2)/4") == pytest.approx(1 / 3 + 2 ** 0.5 / 4)
    assert read_number("√2 + √ 9") == pytest.approx(2 ** 0.5 + 3)
    assert read_number("2 × 3 · 1.5") == 9
    assert read_number("−1/9") == pytest.approx(-1 / 9)
    assert read_number("√") is None


def _exact_quiz(runner, tmp_path, suffix):
    quiz, key = tmp_path / f"quiz{suffix}", tmp_path / f"key{suffix}"
    result = run(runner, "reverse", "x/y + sqrt(x)", "--at", "x=2,y=3", "--exact", "--quiz",
                 "-o", str(quiz), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    return quiz, key


def test_an_exact_csv_quiz_asks_for_every_exact_column_and_grades_it(runner, tmp_path):
    """The quiz had no Reverse Adjoint Trace exact column (its cells were blank, so not
    exact), and no exact cell was graded: 2/3 + sqrt(3) for 2/3 + √2 passed."""
    quiz, key = _exact_quiz(runner, tmp_path, ".csv")
    header = next(csv.reader(quiz.open(encoding="utf-8")))
    assert {"Forward Primal Trace exact", "Reverse Adjoint Trace exact"} <= set(header)
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)
    rows = list(csv.DictReader(answers.open(encoding="utf-8")))
    exact = {"v₁": "2/3", "v₂": "√(2)", "v₃": "2/3 + sqrt(3)", "f": "sqrt(2) + 2/3"}
    adjoint = {"v₋₁": "√2/4 + 1/3", "v₀": "-0.2222", "v₁": "1", "v₂": "1", "v₃": "1"}
    for r in rows:
        r["Forward Primal Trace exact"] = exact.get(r["row"], r["Forward Primal Trace exact"])
        r["Reverse Adjoint Trace exact"] = adjoint.get(r["row"], r["Reverse Adjoint Trace exact"])
    with answers.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    marks = {m.where: m.status for m in grade(str(answers), str(key)).marks}
    assert len(marks) == 24  # 6 rows, 2 tables, a value and an exact cell each
    wrong = {w for w, s in marks.items() if s != RIGHT}
    assert wrong == {"table 1, v₃, Forward Primal Trace exact",  # sqrt(3) for √2
                     "table 1, v₀, Reverse Adjoint Trace exact"}  # a decimal, not exact


def test_an_exact_json_quiz_grades_its_exact_cells(runner, tmp_path):
    quiz, key = _exact_quiz(runner, tmp_path, ".json")
    doc = json.loads(quiz.read_text(encoding="utf-8"))
    answers = json.loads(key.read_text(encoding="utf-8"))
    for mine, theirs in zip(doc["rows"], answers["rows"], strict=True):
        mine["value"] = theirs["value"]
        mine["exact"] = "2/3 + √3" if theirs["index"] == 3 else theirs["exact"]
    doc["passes"][0]["column"] = answers["passes"][0]["column"]
    doc["passes"][0]["column_exact"] = [None, "−2/9", "1", "1", "1"]
    for name in ANSWER_KEYS:  # the Jacobian (the gradient) and its exact forms, asked too
        if name in doc:
            doc[name] = answers[name]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    marks = {m.where: m.status for m in grade(str(path), str(key)).marks}
    assert marks["row v_1, exact"] == RIGHT and marks["row v_3, exact"] == WRONG
    assert marks["pass 1, row v_{-1}, exact"] == MISSING
    assert marks["pass 1, row v_0, exact"] == RIGHT
    assert sum(s != RIGHT for s in marks.values()) == 2


def _answers(runner, tmp_path, name, *args):
    """The key tracer writes for ``args`` (a command, its formula and options), as ``name``."""
    key = tmp_path / name
    result = run(runner, *args, "--quiz", "-o", str(tmp_path / f"quiz-{name}"), "--answers",
                 str(key))
    assert result.exit_code == 0, result.stderr
    return key


@pytest.mark.parametrize(("suffix", "other", "said"), [
    (".json", ["reverse", "x1*x2+x2-cos(x1)", "--at", "x1=3,x2=-4"],
     "its row v_2 is 'cos of [-1]', the key's 'log of [-1]'"),
    (".json", ["reverse", "x1*x2+x2-3*x1", "--at", "x1=3,x2=-4"],
     "its row v_2 is 'mul of [-1] and [3.0]'"),
    (".json", ["reverse", LECTURE, "--at", "x1=3,x2=5"],
     "its point is x1 = 3.0, x2 = 5.0, the key's x1 = 3.0, x2 = -4.0"),
    (".json", ["forward", LECTURE, "--at", "x1=3,x2=-4"], "its command is 'forward'"),
    (".json", ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--order", "source"],
     "its row order is 'source'"),
    (".json", ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--seed", "y=2"],
     "its pass 1's seed is y = 2.0, the key's y = 1"),
    (".csv", ["reverse", LECTURE, "--at", "x1=3,x2=5"],
     "its input v₀ = x₂ is 5.0, the key's -4.0"),
    (".csv", ["forward", LECTURE, "--at", "x1=3,x2=-4"],
     "the column 'Forward Tangent Trace rule' is in one and not the other"),
    (".csv", ["reverse", LECTURE + "+x1", "--at", "x1=3,x2=-4"],
     "row v₅ of table 1 (line 8) is not in the key"),
])
def test_the_answers_to_another_question_are_refused_saying_how_they_differ(
        runner, tmp_path, suffix, other, said):
    """A quiz of another formula, point or command was marked wrong cell by cell, silently."""
    key = _answers(runner, tmp_path, f"key{suffix}", "reverse", LECTURE, "--at", "x1=3,x2=-4")
    theirs = _answers(runner, tmp_path, f"theirs{suffix}", *other)
    with pytest.raises(InputFileError) as caught:
        grade(str(theirs), str(key))
    assert said in caught.value.message and str(theirs) in caught.value.message
    result = run(runner, "grade", str(theirs), "--against", str(key))
    assert result.exit_code == 1 and said in " ".join(result.stderr.split())
    assert grade(str(key), str(key)).passed  # the same question still grades


def test_answers_without_their_formula_are_still_told_apart_by_their_rows(runner, tmp_path):
    key = _answers(runner, tmp_path, "key.json", "reverse", LECTURE, "--at", "x1=3,x2=-4")
    theirs = _answers(runner, tmp_path, "theirs.json", "reverse", "x1*x2+x2-cos(x1)", "--at",
                      "x1=3,x2=-4")
    doc = json.loads(theirs.read_text(encoding="utf-8"))
    del doc["formula"]  # edited by hand, or written by another tool
    theirs.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"its row v_2 is 'cos of \[-1\]', the key's 'log "
                                             r"of \[-1\]'"):
        grade(str(theirs), str(key))


def test_excel_decimal_commas_are_read_where_cells_are_split_at_semicolons(runner, tmp_path):
    """Where Excel writes ';' between cells, 2,54 is 2.54: every cell was 'unreadable'."""
    quiz, key = key_and_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)

    def comma(cell: str) -> str:
        return cell.replace(".", ",") if read_number(cell) is not None and "." in cell else cell

    for target in (answers, key):  # the student's file, and a key saved from Excel
        rows = list(csv.reader(target.open(encoding="utf-8")))
        with target.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(
                [rows[0], *([comma(c) for c in r] for r in rows[1:])])
        assert ";1,0986122886681098" in target.read_text(encoding="utf-8")  # ln 3
        result = grade(str(answers), str(key))
        assert result.passed and result.right == len(result.marks) == 14
    rows = list(csv.reader(answers.open(encoding="utf-8"), delimiter=";"))
    rows[3][4] = "-12,5"  # v₁ is -12
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    assert [m.status for m in grade(str(answers), str(key)).marks].count(WRONG) == 1


def test_the_same_question_saved_otherwise_is_graded_not_refused(runner, tmp_path):
    """The formula's text is not the question: the same program with CRLF line ends or a
    comment added grades (JSON compared the text and refused it)."""
    plain, other = tmp_path / "p.txt", tmp_path / "q.txt"
    plain.write_text("a = x1*x2\ny = a + x2 - log(x1)\n", encoding="utf-8")
    other.write_bytes(b"# week 3\r\na = x1*x2\r\ny = a + x2 - log(x1)\r\n")
    for source, name in ((plain, "key"), (other, "quiz")):
        result = run(runner, "reverse", str(source), "--at", "x1=3,x2=-4", "--quiz", "-o",
                     str(tmp_path / f"{name}-q.json"), "--answers", str(tmp_path / f"{name}.json"))
        assert result.exit_code == 0, result.stderr
    marks = grade(str(tmp_path / "quiz.json"), str(tmp_path / "key.json"))
    assert marks.passed


def test_an_exact_key_and_a_float_quiz_are_other_questions_in_json_as_in_csv(runner, tmp_path):
    for suffix in (".json", ".csv"):
        for extra, name in (([], "float"), (["--exact"], "exact")):
            result = run(runner, "reverse", "x*y + sqrt(x)", "--at", "x=2,y=3", *extra,
                         "--quiz", "-o", str(tmp_path / f"q-{name}{suffix}"), "--answers",
                         str(tmp_path / f"k-{name}{suffix}"))
            assert result.exit_code == 0, result.stderr
        with pytest.raises(InputFileError, match="is not a quiz of the question"):
            grade(str(tmp_path / f"k-float{suffix}"), str(tmp_path / f"k-exact{suffix}"))


@pytest.mark.parametrize("command", [
    ["trace", "sqrt(x)*y + 1/x"], ["forward", "sqrt(x)*y + 1/x"],
    ["reverse", "sqrt(x)*y + 1/x"], ["reverse", "3*sqrt(x)*x^2 - y/sqrt(8*x)"],
])
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_an_exact_key_grades_right_against_itself(runner, tmp_path, command, suffix):
    """The exact forms the tables print (3 √(2), 1/(2 √(2)): products without a sign) were
    unreadable to grade, so a CSV key failed against itself."""
    key = tmp_path / f"key{suffix}"
    result = run(runner, *command, "--at", "x=2,y=3", "--exact", "--quiz", "-o",
                 str(tmp_path / f"quiz{suffix}"), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    marks = grade(str(key), str(key))
    assert marks.passed, [m for m in marks.marks if m.status != RIGHT]


def test_products_as_the_tables_print_them_are_read():
    assert read_number("3 √(2)") == pytest.approx(3 * 2 ** 0.5)
    assert read_number("1/(2 √(2))") == pytest.approx(1 / (2 * 2 ** 0.5))
    assert read_number("9 √(2)/64 - 3/8") == pytest.approx(9 * 2 ** 0.5 / 64 - 3 / 8)
    assert read_number("3√2") == pytest.approx(3 * 2 ** 0.5) and read_number("2 π") == \
        pytest.approx(2 * 3.141592653589793)
    assert read_number("(1 + 2)(3)") == 9 and read_number("1e-3") == 0.001
    assert read_number("2e") == pytest.approx(2 * 2.718281828459045)
    assert read_number("log2(8)") is None or read_number("log2(8)") == 3  # a name's digits


def test_an_undefined_value_in_the_key_is_right_as_nan(runner, tmp_path):
    """x^n at x = -2: ∂y/∂n is nan; a key graded against itself failed (nan is not close to
    nan)."""
    key = tmp_path / "k.csv"
    result = run(runner, "hessian", "x^n", "--at", "x=-2,n=3", "--quiz", "-o",
                 str(tmp_path / "q.csv"), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    assert grade(str(key), str(key)).passed
    from tracer.teaching.grade import _judge

    assert _judge("nan", math.nan, 1e-3, 1e-6) == RIGHT
    assert _judge("0", math.nan, 1e-3, 1e-6) == WRONG


def test_a_long_json_quiz_is_checked_row_by_row_once():
    """The question check looks each of the quiz's rows up among the key's rows, made into a
    set once (made again for each row, 15,000 rows took 13 s and 30,000 about a minute)."""
    from tracer.teaching.grade import _check_same_question_json

    rows = [{"index": i, "name": f"v_{i}", "op": "sin", "args": [i - 1]}
            for i in range(1, 30_001)]
    doc = {"mode": "reverse", "rows": rows, "passes": []}
    _check_same_question_json("answers.json", doc, "key.json", doc)  # the same question
    with pytest.raises(InputFileError, match=r"has rows the key key\.json does not \(v_30001\)"):
        _check_same_question_json("answers.json", {**doc, "rows": [*rows, {
            "index": 30_001, "name": "v_30001"}]}, "key.json", doc)


def test_a_json_key_of_more_cells_than_tracer_grades_is_refused_for_csv(runner, tmp_path):
    program = tmp_path / "loop.txt"  # 27,001 rows and a reverse column of as many: 54,002 cells
    program.write_text("z = x\nfor i in range(9000):\n    z = sin(z) * x + z\n")
    quiz, key = tmp_path / "quiz.json", tmp_path / "key.json"
    result = run(runner, "reverse", str(program), "--at", "x=0.5", "--quiz", "-o", str(quiz),
                 "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    with pytest.raises(InputFileError, match=r"key\.json has 54,002 cells to grade, more than "
                       r"the 50,000 tracer grades in a JSON key .*write the quiz and its key as "
                       r"CSV \(-o quiz\.csv --answers key\.csv\)"):
        grade(str(key), str(key))
    result = run(runner, "grade", str(key), "--against", str(key))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: {key} has 54,002 cells to grade")


def test_the_terminal_shows_the_first_and_last_cells_not_right(runner, tmp_path):
    """An empty 3,000-step quiz has 12,002 cells not right: the terminal printed every one (a
    grid of 12,000 lines); it shows 200 around a count, as tables do; a file has them all."""
    program = tmp_path / "loop.txt"
    program.write_text("s = x\nfor i in range(3000):\n    s = sin(s) + x\ny = s\n")
    quiz, key = tmp_path / "q.csv", tmp_path / "key.csv"
    made = run(runner, "reverse", str(program), "--at", "x=0.5", "--quiz", "-o", str(quiz),
               "--answers", str(key))
    assert made.exit_code == 0, made.stderr
    cli = run(runner, "grade", str(quiz), "--against", str(key))
    lines = cli.stdout.splitlines()
    assert cli.exit_code == 1 and "⋮ 11,802 cells not shown" in lines and len(lines) < 260
    assert lines[-1].startswith("table 1, y, Forward Primal Trace")
    every = run(runner, "grade", str(quiz), "--against", str(key), "-f", "csv")
    assert len(every.stdout.splitlines()) == 1 + 12004


def test_an_exact_cell_expects_its_exact_form_with_its_decimal(runner, tmp_path):
    """The Expected column showed an exact cell's decimal (2.081, -0.2222) while the rule
    beside it ended in the exact form: it shows the form and its decimal, as an exact table
    does; a value cell keeps its decimal, and JSON's mark carries the form."""
    quiz, key = _exact_quiz(runner, tmp_path, ".csv")
    answers = tmp_path / "answers.csv"
    fill_csv(quiz, key, answers)
    rows = list(csv.DictReader(answers.open(encoding="utf-8")))
    for r in rows:
        if r["row"] == "v₃":
            r["Forward Primal Trace exact"] = "2/3 + sqrt(3)"
            r["Forward Primal Trace value"] = "7"
        if r["row"] == "v₀":
            r["Reverse Adjoint Trace exact"] = "-0.2222"
    with answers.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shown = run(runner, "grade", str(answers), "--against", str(key))
    assert shown.exit_code == 1
    lines = {line.split("   ")[0]: " ".join(line.split()) for line in shown.stdout.splitlines()}
    assert "wrong 2/3 + √(2) ≈ 2.081 v₃" in lines["table 1, v₃, Forward Primal Trace exact"]
    assert "wrong -2/9 ≈ -0.2222 v̄₀" in lines["table 1, v₀, Reverse Adjoint Trace exact"]
    assert "7 wrong 2.081 v₃" in lines["table 1, v₃, Forward Primal Trace"]
    digits = run(runner, "grade", str(answers), "--against", str(key), "--digits", "6")
    assert "2/3 + √(2) ≈ 2.08088 " in digits.stdout
    data = json.loads(run(runner, "grade", str(answers), "--against", str(key),
                          "-f", "json").stdout)
    marks = {m["cell"]: m for m in data["marks"]}
    assert marks["table 1, v₀, Reverse Adjoint Trace exact"]["expected_exact"] == "-2/9"
    assert "expected_exact" not in marks["table 1, v₀, Reverse Adjoint Trace"]


@pytest.mark.parametrize(("args", "asked"), [
    # the Jacobian was left out of the JSON quiz: 2 cells graded where the CSV has 4 more
    (("jacobian", "y1 = x1*x2; y2 = sin(x1)", "--at", "x1=3,x2=-4"),
     {"jacobian, y1, x1", "jacobian, y2, x2", "forward, passes", "reverse, operations"}),
    # 3 cells (the rows) where the CSV grades every Taylor coefficient and derivative
    (("derivatives", "x^3*sin(x)", "--at", "x=2", "--order", "3"),
     {"derivatives, 3", "coefficients, row v_3, 2"}),
    # a Hessian pass's tangents and adjoints, and the matrix, were not asked
    (("hessian", "x*y^2", "--at", "x=2,y=3"),
     {"hessian, x, y", "pass 2, adjoint_tangents, row v_{-1}", "gradient, y",
      "cost, hessian, operations"}),
    # the step's gradients and new values, and the accumulated gradients
    (("reverse", "E = (w*x - t)^2", "--at", "w=0.5,x=2,t=3", "--step", "0.1", "--params", "w",
      "--repeat", "2"), {"step, w, new", "accumulated, 1, w"}),
])
def test_a_json_quiz_asks_and_grades_every_answer_the_key_holds(runner, tmp_path, args, asked):
    """A JSON quiz left out every answer outside the rows and the passes' columns (the
    Jacobian, the derivatives, the Hessian, the step): a student had nowhere to write them and
    grade marked 2 cells of a Jacobian's 6, 3 of a Taylor table's 48. They are null now, their
    shape kept, and graded as the rows are."""
    quiz, key = tmp_path / "quiz.json", tmp_path / "key.json"
    result = run(runner, *args, "--quiz", "-o", str(quiz), "--answers", str(key))
    assert result.exit_code == 0, result.stderr
    blank = {m.where: m.status for m in grade(str(quiz), str(key)).marks}
    assert asked <= set(blank) and set(blank.values()) == {MISSING}
    right = {m.where: m.status for m in grade(str(key), str(key)).marks}
    assert right.keys() == blank.keys() and set(right.values()) == {RIGHT}
    doc = json.loads(key.read_text(encoding="utf-8"))
    first = sorted(asked)[0]
    place, value = first.split(", ")[1:], doc
    rows = {f"row {r['name']}": k for k, r in enumerate(doc["rows"])}
    for part in [first.split(", ")[0], *place]:
        holder = value
        part_key = rows.get(part, int(part) if part.isdigit() else part)
        value = holder[part_key]
    holder[part_key] = value + 1  # one cell wrong by 1
    wrong = tmp_path / "answers.json"
    wrong.write_text(json.dumps(doc), encoding="utf-8")
    marked = {m.where: m.status for m in grade(str(wrong), str(key)).marks}
    assert marked[first] == WRONG and sum(s != RIGHT for s in marked.values()) == 1


def test_a_key_edited_by_hand_outside_its_answers_still_grades(runner, tmp_path):
    """Grading reads what a JSON quiz asks from the key's answers alone: a key whose other
    parts were edited (a decision without its values) still grades, and answers of another
    shape (text where the Jacobian stands) are no cells rather than a traceback."""
    quiz, key = tmp_path / "quiz.json", tmp_path / "key.json"
    args = ("jacobian", "y1 = x1*x2; y2 = sin(x1)", "--at", "x1=3,x2=-4")
    assert run(runner, *args, "--quiz", "-o", str(quiz), "--answers", str(key)).exit_code == 0
    doc = json.loads(key.read_text(encoding="utf-8"))
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps({**doc, "controls": [{"x": 1}]}), encoding="utf-8")
    assert {m.status for m in grade(str(edited), str(edited)).marks} == {RIGHT}
    edited.write_text(json.dumps({**doc, "jacobian": "abc"}), encoding="utf-8")
    assert not any(m.where.startswith("jacobian") for m in grade(str(edited), str(edited)).marks)
