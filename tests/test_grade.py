"""Grading: a filled-in quiz against its key, cell by cell."""

from __future__ import annotations

import csv
import json

import pytest
from helpers import LECTURE, run

from tracer.errors import InputFileError
from tracer.teaching.grade import MISSING, RIGHT, UNREADABLE, WRONG, grade, read_number


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


def test_bad_files(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        grade(str(tmp_path / "a.csv"), str(tmp_path / "b.csv"))
    (tmp_path / "a.txt").write_text("1", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"grades \.csv and \.json"):
        grade(str(tmp_path / "a.txt"), str(tmp_path / "a.txt"))
