"""The terminal writer: golden renderings of the lecture's Tables 1-3 (fixed width, no colour)."""

from __future__ import annotations

from tracer import pipeline, views
from tracer.render.terminal import render_terminal

LECTURE = "x1*x2+x2-log(x1)"


def test_table_1(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 2, "x2": 4})
    golden("table1.txt", render_terminal(views.document(pipeline.Run("trace", ev, ())), width=120))


def test_table_2(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    doc = views.document(pipeline.run_forward(ev, wrt=["x2"]))
    golden("table2.txt", render_terminal(doc, width=120))


def test_table_3(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    golden("table3.txt", render_terminal(views.document(pipeline.run_reverse(ev)), width=120))


def test_sweep(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    doc = views.document(pipeline.run_reverse(ev), views.ViewOptions(sweep=True))
    golden("table3-sweep.txt", render_terminal(doc, width=120))


def test_compact_notation_is_todays_form(golden):
    """--compact writes tangent and adjoint rules by juxtaposition, as tracer did before it
    took the lecture's ×."""
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    compact = views.ViewOptions(compact=True)
    golden("table2-compact.txt", render_terminal(
        views.document(pipeline.run_forward(ev, wrt=["x2"]), compact), width=120))
    golden("table3-compact.txt", render_terminal(
        views.document(pipeline.run_reverse(ev), compact), width=120))
    golden("table3-sweep-compact.txt", render_terminal(
        views.document(pipeline.run_reverse(ev), views.ViewOptions(sweep=True, compact=True)),
        width=120))


def test_no_colour_codes_and_no_markup_parsing():
    ev = pipeline.prepare("asin(x)", {"x": 1})  # a warning whose text has [brackets]
    text = render_terminal(views.document(pipeline.run_forward(ev)), width=100)
    assert "\x1b[" not in text
    assert "infinite" in text


def test_digits():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_terminal(views.document(pipeline.run_reverse(ev)), digits=8, width=150)
    assert "-4.3333333" in text and "-17.098612" in text
