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
