"""The Markdown writer: golden renderings, LaTeX cells, and what keeps it portable."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracer import pipeline, views
from tracer.render.base import Settings
from tracer.render.markdown import MarkdownWriter, escape, inline, render_markdown
from tracer.views.document import Note, Value

LECTURE = "x1*x2+x2-log(x1)"


def test_table_1(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 2, "x2": 4})
    golden("table1.md", render_markdown(views.document(pipeline.Run("trace", ev, ()))))


def test_table_2(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    golden("table2.md", render_markdown(views.document(pipeline.run_forward(ev, wrt=["x2"]))))


def test_table_3(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    golden("table3.md", render_markdown(views.document(pipeline.run_reverse(ev))))


def test_compact_notation_is_todays_form(golden):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    compact = views.ViewOptions(compact=True)
    golden("table2-compact.md", render_markdown(
        views.document(pipeline.run_forward(ev, wrt=["x2"]), compact)))
    golden("table3-compact.md", render_markdown(views.document(pipeline.run_reverse(ev), compact)))


def test_cells_are_latex_math():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_markdown(views.document(pipeline.run_forward(ev, wrt=["x2"])))
    assert r"| $v_{1} = v_{-1} v_{0}$ | $3 \times (-4) = -12$ |" in text
    assert r"$\dot{v}_{-1} = \dot{x}_{1}$" in text
    assert "Formula: $y = x_{1} x_{2} + x_{2} - \\ln(x_{1})$" in text


def test_portable_markdown():
    ev = pipeline.prepare("abs(theta2) + x_max", {"theta2": -1, "x_max": 2})
    text = render_markdown(views.document(pipeline.run_reverse(ev)))
    for line in text.splitlines():
        if line.startswith("|"):
            cells = line.strip("|").split(" | ")
            assert len(cells) == 4, line  # no stray | inside a cell
            for cell in cells:
                cell = cell.strip()
                if cell.startswith("$"):
                    assert re.fullmatch(r"\$\S(.*\S)?\$", cell), cell  # no space inside $…$
    assert r"\theta_{2}" in text and r"\lvert" in text


def test_escape():
    assert escape("a_b*c|d") == r"a\_b\*c\|d"


def test_programs_are_fenced():
    ev = pipeline.prepare("a = x*2 # ```\ny = a + 1", {"x": 1})
    text = render_markdown(views.document(pipeline.run_forward(ev)))
    assert "````text\n" in text


def test_tables_parse_as_gfm_tables():
    # markdown-it-py (rich's own Markdown parser) with GFM tables: every row keeps its cells.
    from markdown_it import MarkdownIt

    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_markdown(views.document(pipeline.run_reverse(ev)))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    assert len(rows) == 1 + 7 and len(cells) == 4 * 8
    inline = [t.content for t in tokens if t.type == "inline" and t.content.startswith("$")]
    assert r"$\bar{v}_{4} = \bar{y}$" in inline


_PIECE = st.one_of(
    st.sampled_from(["for i in range(3): ", "i = ", " < ", " → true", " (iteration 2)",
                     "while a_1 * b: ", "| $x$ `c`", ""]),
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True).map(Value),
    st.sampled_from([0.0, -0.0, 1.0, -2.5e-300, 1e20, 123456789.0]).map(Value),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_PIECE, max_size=6), min_size=1, max_size=4), st.integers(1, 9))
def test_a_decision_of_texts_and_floats_is_written_as_any_decision_is(notes, digits):
    """The fast path (each text and float of a note written as itself) is the general one
    (``inline`` of the sentence), note after note with the table's cache of pieces."""
    writer = MarkdownWriter(Settings(digits))
    fast: dict = {}
    general: dict = {}
    for items in notes:
        note = Note(tuple(items))
        assert writer._note(note, fast) == writer._any_note(note, general)
        assert writer._any_note(note, {}) == inline(note.items, writer.fl)


def test_a_graph_mermaid_would_draw_as_an_error_is_a_line_saying_so():
    """GitHub and JupyterLab run Mermaid with its defaults (500 edges, 50,000 characters):
    larger, the page showed "Too many edges" where the graph stood (a loop of 200 steps: 601
    nodes, 800 edges); the page says so and how to draw it. A small graph is Mermaid."""
    def page(text: str, at: dict[str, float]) -> str:
        run = pipeline.run_reverse(pipeline.prepare(text, at))
        return render_markdown(views.document(run, views.ViewOptions(graph=True)))

    loop = "y = x\nfor i in range(200):\n    y = sin(y) * 1.0001 + x\n"
    large = page(loop, {"x": 0.5})
    assert "```mermaid" not in large
    assert ("*The dependency graph (601 nodes, 800 edges) is larger than Mermaid draws (500 "
            "edges or 50,000 characters, as GitHub and JupyterLab run it), so it is left out "
            "here: draw it with tracer graph … -o graph.svg (to\\_svg() in Python), or write "
            "its text with -f mermaid or -f dot.*") in large
    small = page("x1*x2", {"x1": 1, "x2": 2})
    assert small.count("```mermaid\n") == 1 and "larger than Mermaid draws" not in small
