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
    assert doc["quiz"] == "values" and "jacobian" not in doc
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
