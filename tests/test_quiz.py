"""Quiz mode: the structure stays, the answers go; the key is the same document filled in."""

from __future__ import annotations

import json

from helpers import LECTURE

from tracer import pipeline, views
from tracer.core.nodes import Hole
from tracer.render.terminal import render_terminal
from tracer.teaching.quiz import quiz, quiz_json
from tracer.views import run_data as document
from tracer.views.document import BLANK, Para, TraceTable


def forward_doc():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    return views.document(pipeline.run_forward(ev, wrt=["x2"]))


def test_values_are_blank_and_the_question_stays():
    (table,) = [b for b in quiz(forward_doc(), "values").blocks if isinstance(b, TraceTable)]
    inputs, rows = table.rows[:2], table.rows[2:]
    assert [c.value for c in inputs[0]] == [3, 0]  # given: the input and its seed
    assert all(c.value is BLANK and c.numbers is None for row in rows for c in row)
    assert len(rows[0][1].rule) == 2  # the rules stay


def test_rules_mode_blanks_rules_but_not_structure():
    (table,) = [b for b in quiz(forward_doc(), "rules").blocks if isinstance(b, TraceTable)]
    assert isinstance(table.rows[2][1].rule[-1], Hole)  # v̇₁ = ______
    assert not isinstance(table.rows[-1][0].rule[-1], Hole)  # y = v₄ stays


def test_results_are_blank_too():
    text = render_terminal(quiz(forward_doc(), "values"), width=120)
    assert "= 4" not in text.split("Result")[-1]
    paras = [b for b in quiz(forward_doc(), "values").blocks
             if isinstance(b, Para) and b.style == "result"]
    assert paras and "______" in render_terminal(quiz(forward_doc(), "values"))


def test_quiz_json():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    doc = quiz_json(document(pipeline.run_reverse(ev)), "values")
    assert doc["quiz"] == "values" and doc["jacobian"] == {"y": {"x1": None, "x2": None}}
    assert [r["value"] for r in doc["rows"]] == [3, -4, None, None, None, None]
    assert doc["passes"][0]["column"] == [None] * 6 and doc["passes"][0]["seed"] == {"y": 1}
    assert doc["outputs"] == {"y": None}
    forward = quiz_json(document(pipeline.run_forward(ev, wrt=["x2"])), "values")
    assert forward["passes"][0]["column"] == [0, 1, None, None, None, None]
    json.dumps(forward, allow_nan=False)


def test_names_stay_and_only_numbers_are_blank():
    """"Gradient of ___" blanked the output's name: a quiz keeps every name."""
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_terminal(quiz(views.document(pipeline.run_reverse(ev)), "values"), width=120)
    assert "Gradient of y: (∂y/∂x₁, ∂y/∂x₂) = (______, ______)" in text
    forward = render_terminal(quiz(forward_doc(), "values"), width=120)
    assert "Result: ẏ = ∂y/∂x₂ = ______" in forward


def test_every_writer_draws_a_blank_value_as_a_blank():
    from tracer.analysis.hessian import hessian
    from tracer.output import text_of

    run = hessian(pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}))
    for fmt in ("terminal", "markdown", "latex", "html", "csv"):
        text = text_of(run, fmt, quiz="values")
        assert "BLANK" not in text and "0.1111" not in text, fmt
        if fmt != "csv":  # the CSV holds the trace tables alone, its blanks empty cells
            assert "___" in text or "\\underline" in text, fmt


LOOP = "a = x\nwhile a < 100:\n    a = a * x\ny = a\n"  # at x = 3.5: 12.25, 42.88, 150.1


def test_a_decisions_numbers_from_the_point_are_blanks_in_every_format(tmp_path):
    """while a < 100: 12.25 < 100 → true gave the row a = 12.25 away: in a quiz the numbers a
    decision computed from the point are blank like the rows' values, its constants stay."""
    import tracer
    from tracer.output import text_of

    run = pipeline.run_reverse(pipeline.prepare(LOOP, {"x": 3.5}))
    for fmt in ("terminal", "markdown", "latex", "html", "csv", "json"):
        computed = ("12.25", "42.875", "150.0625") if fmt in ("csv", "json") else \
            ("12.25", "42.88", "150.1")  # full precision, or the digits a table shows
        key, text = text_of(run, fmt), text_of(run, fmt, quiz="values")
        assert all(n in key for n in computed), fmt
        assert not any(n in text for n in computed), fmt
        assert "&lt; 100" in text or "< 100" in text or r"\textless{} 100" in text, fmt
    sheet = tracer.trace(LOOP, at={"x": 3.5}).reverse().to_html(
        interactive=True, quiz="values")
    notes = "".join(line for line in sheet.splitlines() if 'class="control"' in line)
    assert notes.count("&lt; 100") == 4 and "12.25" not in notes and "42.88" not in notes


def test_quiz_json_nulls_a_decisions_computed_numbers_only():
    ev = pipeline.prepare(LOOP, {"x": 3.5})
    data = document(pipeline.run_reverse(ev))
    assert [c["values"] for c in data["controls"]] == [[3.5, 100], [12.25, 100],
                                                       [42.875, 100], [150.0625, 100]]
    assert all(c["computed"] == [True, False] for c in data["controls"])
    doc = quiz_json(data, "values")
    assert [c["values"] for c in doc["controls"]] == [[None, 100]] * 4
    assert [c["outcome"] for c in doc["controls"]] == [True, True, True, False]
    counted = document(pipeline.run_reverse(pipeline.prepare(
        "y = x\nfor i in range(3):\n    y = y * x\n", {"x": 2})))
    assert quiz_json(counted, "values")["controls"] == counted["controls"]  # a loop counter


def test_a_quiz_with_decisions_is_graded_against_its_key(tmp_path):
    from tracer.teaching.grade import grade

    run = pipeline.run_reverse(pipeline.prepare(LOOP, {"x": 3.5}))
    from tracer.output import text_of

    for suffix, fmt in ((".csv", "csv"), (".json", "json")):
        quiz_file, key = tmp_path / f"quiz{suffix}", tmp_path / f"key{suffix}"
        quiz_file.write_text(text_of(run, fmt, quiz="values"), encoding="utf-8")
        key.write_text(text_of(run, fmt), encoding="utf-8")
        marks = grade(str(key), str(key)).marks
        assert marks and all(m.is_right for m in marks), fmt
        blank = grade(str(quiz_file), str(key)).marks
        assert len(blank) == len(marks) and not all(m.is_right for m in blank), fmt


def test_a_quiz_leaves_out_the_accumulated_gradients_and_blanks_their_table():
    run = pipeline.run_reverse(pipeline.prepare("y = 2 * torch.dot(x, x)", pipeline.parse_values(
        "x=[0, 1, 2, 3]")), repeat=2)
    data = document(run)
    assert data["accumulated"][1]["x[3]"] == 24
    assert quiz_json(data, "values")["accumulated"] == [{f"x[{i}]": None for i in range(4)}] * 2
    doc = views.document(run)
    assert [t.rows[3][0].value for t in doc.data] == [12, 24]
    blank = quiz(doc, "values")
    assert all(c.value is BLANK and c.numbers is None and c.rule
               for t in blank.data for row in t.rows for c in row)


def test_a_step_tables_substituted_update_is_blank_whole():
    """The quiz of a training step blanked ∂E/∂w and the new value but left the new value's
    substituted line, 0.15 - 0.5 × (-0.0004017) = ___, which gives ∂E/∂w away: a substituted
    line is blank whole, as a trace row's is."""
    from pathlib import Path

    from tracer import api

    example = Path(__file__).resolve().parents[1] / "examples" / "nn-backprop.txt"
    step = api.trace(example.read_text(encoding="utf-8")).reverse()
    key = step.to_text()
    assert "0.15 - 0.5 × (-0.0004017)" in key
    blank = step.to_text(quiz="values")
    table = blank[blank.index("Gradient-descent step"):]
    assert "0.0004017" not in table and "0.5 ×" not in table
    assert table.count("______") == 3 * 8  # old value, ∂E/∂w and new value of 8 parameters


def test_quiz_json_of_a_key_of_another_shape_nulls_it_whole():
    """grade builds the quiz of the key it is given: a key whose "outputs" was 3, null or a
    list of lists, or whose decision was a number, raised TypeError ('int' object is not
    iterable, unhashable type: 'list') through tracer grade; now null whatever its shape."""
    rows = [{"index": 0, "name": "v_0", "value": 2.0}]
    for outputs, want in ((3, None), (None, None), ([[1, 2]], [[None, None]]),
                          ({"y": 1.5}, {"y": None}), ({"y": [1, 2]}, {"y": [None, None]})):
        assert quiz_json({"rows": rows, "outputs": outputs}, "values")["outputs"] == want
    controls = [3, {"values": 4}, {"values": [1.0, 2.0], "computed": 5},
                {"values": [1.0, 2.0], "computed": [False, True]}]
    assert quiz_json({"rows": rows, "controls": controls}, "values")["controls"] == [
        None, {"values": None}, {"values": [None, None], "computed": 5},
        {"values": [1.0, None], "computed": [False, True]}]
