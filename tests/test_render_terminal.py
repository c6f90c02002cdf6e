"""The terminal writer: golden renderings of the lecture's Tables 1-3 (fixed width, no colour),
and every command laid out at 80 and 100 columns."""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from helpers import COMMANDS, NETWORK
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from tracer import pipeline, views
from tracer.render.terminal import render_terminal, reveal, to_console

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


def test_the_text_is_whole_and_nothing_is_displayed_in_jupyter(monkeypatch, capsys):
    """In Jupyter, rich displays what a console prints (its _is_jupyter looks for IPython):
    to_text() displayed the heading and the sentences in the notebook and left them out of the
    string it returned, which held the tables alone."""
    import rich.console
    import rich.jupyter

    shown = []
    monkeypatch.setattr(rich.console, "_is_jupyter", lambda: True)
    monkeypatch.setattr(rich.jupyter, "display", lambda segments, text: shown.append(text))
    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    text = render_terminal(views.document(pipeline.run_reverse(ev)), width=100)
    assert text.startswith("Reverse mode\nFormula: y = x₁ x₂ + x₂ - ln(x₁)\n")
    assert "Gradient of y: (∂y/∂x₁, ∂y/∂x₂) = (-4.333, 4)" in text
    assert shown == [] and capsys.readouterr().out == ""


def test_digits():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_terminal(views.document(pipeline.run_reverse(ev)), digits=8, width=150)
    assert "-4.3333333" in text and "-17.098612" in text


# --- every command at the widths of a terminal --------------------------------------------------

@cache
def output(name: str, width: int | None) -> str:
    """A command's output as it reaches a terminal COLUMNS wide (None: no width, as piped to a
    file, where tables keep their natural width)."""
    env = {"COLUMNS": str(width)} if width else {"COLUMNS": ""}
    from tracer.cli import _app_for

    args = COMMANDS[name]
    result = CliRunner().invoke(_app_for(args), args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def words(text: str) -> set[str]:
    return {w for w in text.split() if set(w) != {"━"}}


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_fits_the_terminal_and_breaks_no_number_or_name(name, width):
    narrow = output(name, width)
    assert max(cell_len(line) for line in narrow.splitlines()) <= width
    # Every number, name and rule token of the full-width output is whole in the narrow one:
    # lines break only between them.
    broken = words(output(name, None)) - words(narrow)
    assert not broken, f"broken at {width} columns: {sorted(broken)[:10]}"


def hessian_document():
    from tracer.analysis.hessian import hessian

    return views.document(hessian(pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})))


@pytest.mark.parametrize("width", [80, 100])
def test_the_hessian_at_the_width_of_a_terminal(golden, width):
    """The Hessian's passes (about 270 columns) as tables that fit: at 100 columns the primal
    and tangent groups together, the adjoint, then the tangent of the adjoint on two lines."""
    text = render_terminal(hessian_document(), width=width)
    golden(f"hessian-{width}.txt", text)
    assert text.count("Tangent of Adjoint") == 2 and text.count("\nAdjoint ") == 2


def test_a_console_lays_tables_out_to_its_own_width():
    buffer = io.StringIO()
    to_console(hessian_document(), Console(file=buffer, width=72, color_system=None))
    lines = buffer.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 72 and any("Tangent of" in x for x in lines)


def test_reveal_lays_tables_out_to_the_console_width():
    buffer = io.StringIO()
    waits = []
    reveal(hessian_document(), Console(file=buffer, width=80, color_system=None), 4,
           lambda: waits.append(1) or True)
    lines = buffer.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    # Two passes of three tables (primal and tangent, adjoint, tangent of the adjoint) of six
    # rows, each row on Enter.
    assert len(waits) == 2 * 3 * 6


def test_a_decision_spans_the_table_and_a_later_table_of_values_names_its_rows():
    text = output("decision", 80)
    assert "while b < 1000: 11.56 < 1000 → true (iteration 3)" in text  # one line, whole
    derivatives = output("derivatives", 80)
    assert "Row " in derivatives and "\nv₂    -0.003468" in derivatives


def test_an_update_too_small_to_show_at_4_digits_shows_more():
    """0.25 - 0.5 × (-8.034e-05) = 0.25 looked as if nothing had changed."""
    text = output("step", 100)
    assert "0.25 - 0.5 × (-8.034e-05) = 0.25004" in text
    assert "0.15 - 0.5 × (-0.0004017) = 0.1502" in text  # those that differ keep 4 digits
    from pathlib import Path

    from tracer.api import trace

    network = trace(Path(NETWORK).read_text(encoding="utf-8")).reverse(
        step=0.5, params=["w*", "bh", "by"])
    assert "<mn>0.25004</mn>" in network.to_html() and "0.25004" in network.to_markdown()


def test_the_program_listing_wraps_under_itself():
    COMMANDS["step-comments"] = [*COMMANDS["step"], "--comments"]  # the listing in full
    text = output("step-comments", 80)
    assert "\n        training step" in text  # the first comment line, wrapped under itself
    assert max(cell_len(line) for line in text.splitlines()) <= 80


WEIGHTS = [f"learning_rate_of_the_first_layer_weight{k}" for k in range(4)]


@pytest.mark.parametrize("width", [80, 100])
def test_a_derivative_of_two_long_names_breaks_before_a_partial_not_inside_a_name(width):
    """∂²y/∂a∂b of two 40-letter names is one word wider than the line: it breaks before the
    second ∂ (rich cut the second name wherever the line ended: …layer_w / eight1)."""
    args = ["hessian", f"{WEIGHTS[0]}*{WEIGHTS[1]}*{WEIGHTS[2]} + sin({WEIGHTS[3]})", "--at",
            ",".join(f"{w}=0.{k + 1}" for k, w in enumerate(WEIGHTS))]
    from tracer.cli import _app_for

    result = CliRunner().invoke(_app_for(args), args, env={"COLUMNS": str(width)},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    column = lines.index(next(line for line in lines if line.startswith("Column of the")))
    assert lines[column + 1].startswith("∂learning_rate_of_the_first_layer_weight1" if width
                                        == 80 else "∂²y/∂learning_rate_of_the_first_layer")
    cut = re.compile(r"learning_rate_of_the_first_layer_weight(?!\d)|(?<![a-z̄̇_])rate_of_the")
    assert not [line for line in lines if cut.search(line)]


def _chain(n: int) -> str:
    return "; ".join(["a0 = x*y", *(f"a{k} = sin(a{k - 1})*x" for k in range(1, n))])


@pytest.mark.parametrize("length, max_rows, hint", [
    (150, 20, "(--max-rows 0 shows all)"),  # 300 rows fit the terminal's budget
    (3000, 20, "(more than fit here: -f json has every row)"),
    (3000, None, "(more than fit here: -f json has every row)"),
])
def test_the_line_for_rows_not_shown_says_what_would_show_them(length, max_rows, hint):
    run = pipeline.run_forward(pipeline.prepare(_chain(length), {"x": 0.5, "y": 2}), wrt=["x"])
    opts = views.ViewOptions(max_rows=max_rows, max_cells=views.TERMINAL_CELLS)
    text = render_terminal(views.document(run, opts))
    lines = [line for line in text.splitlines() if "rows not shown" in line]
    assert lines and all(line.strip().endswith(hint) for line in lines)  # a line per cut
    if max_rows is None:  # every row asked for: as many as the budget holds
        shown = views.document(run, opts).blocks
        table = next(b for b in shown if isinstance(b, views.TraceTable))
        rows = sum(isinstance(r, tuple) for r in table.rows)
        assert views.TERMINAL_CELLS // 2 <= rows <= views.TERMINAL_CELLS // 2 + 1  # + y's row


# --- an output without Unicode ------------------------------------------------------------------

def _ascii_lines(text: str) -> list[str]:
    assert text.isascii(), [line for line in text.splitlines() if not line.isascii()][:3]
    return text.splitlines()


def test_table_3_spelled_for_an_ascii_output(golden):
    """Every name spelled as typed (v̄₋₁ is vbar_-1) before the table is laid out, so the
    columns line up as they do in Unicode."""
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    doc = views.document(pipeline.run_reverse(ev))
    text = render_terminal(doc, width=140, encoding="ascii")
    golden("table3-ascii.txt", text)
    lines = _ascii_lines(text)
    assert "vbar_-1 = xbar_1 = vbar_2 * (1/v_-1) + vbar_1 * v_0" in text
    unicode = render_terminal(doc, width=140).splitlines()
    # the same rows, each column starting where the header's does
    assert len(lines) == len(unicode)
    header = next(line for line in lines if line.startswith("Forward Primal Trace"))
    start = header.index("Reverse Adjoint Trace")
    rows = [line for line in lines if line.startswith(("v_", "y ="))]
    assert rows and all(line[start - 3:start] == "   " and line[start] != " " for line in rows)


def test_latin_1_keeps_its_own_characters():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_terminal(views.document(pipeline.run_reverse(ev)), width=120,
                           encoding="latin-1")
    text.encode("latin-1")
    assert "vbar_2 × (1/v_-1)" in text and "━" not in text


@pytest.mark.parametrize("width", [72, 100])
def test_an_ascii_hessian_fits_and_breaks_no_name(width):
    wide = render_terminal(hessian_document(), width=10_000, encoding="ascii")
    narrow = render_terminal(hessian_document(), width=width, encoding="ascii")
    assert max(len(line) for line in _ascii_lines(narrow)) <= width
    whole = {w for w in wide.split() if set(w) != {"="}}
    assert not whole - set(narrow.split())


def test_a_dependency_tree_spelled_with_ascii_guides():
    from tracer.analysis import graph as graphs

    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    text = render_terminal(views.graph_document(graphs.build(ev, "reverse")), width=120,
                           encoding="ascii")
    _ascii_lines(text)
    assert "`-- v_4 = v_3 - v_2" in text and "|   +-- v_1 = v_-1 v_0" in text


def _ascii_console(width: int) -> tuple[Console, io.BytesIO]:
    """A console on a stream whose encoding is ASCII, spelled as the command line's is."""
    from tracer.render.spelling import SpellingStream, spell

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    return Console(file=SpellingStream(stream, spell), width=width, color_system=None), raw


def test_a_console_without_unicode_gets_spelled_tables_at_its_width():
    console, raw = _ascii_console(72)
    to_console(hessian_document(), console)
    lines = raw.getvalue().decode("ascii").splitlines()
    assert max(len(line) for line in lines) <= 72 and any("vbardot_-1" in x for x in lines)


def test_reveal_on_a_console_without_unicode():
    console, raw = _ascii_console(80)
    reveal(hessian_document(), console, 4, lambda: False)
    text = raw.getvalue().decode("ascii")
    assert "vbardot_-1" in text and max(len(line) for line in text.splitlines()) <= 80


def test_the_fourth_derivative_and_later_are_marked_as_the_printer_marks_them():
    text = output("derivatives", None)  # order 6
    assert "y‴ = 3! c₃" in text and "y⁽⁴⁾ = 4! c₄" in text and "y⁽⁶⁾ = 6! c₆" in text
    assert "y(4)" not in text


@pytest.mark.parametrize("encoding", [None, "ascii"])
def test_control_characters_in_a_program_are_shown_not_sent_to_the_terminal(encoding):
    """A comment's escape sequence recoloured the terminal; a carriage return hid the line."""
    program = "# Title \x1b[31mred\ny = x^2  # a\x07bell\x7f"
    ev = pipeline.prepare(program, {"x": 1})
    doc = views.document(pipeline.run_reverse(ev), views.ViewOptions(comments=True))
    text = render_terminal(doc, width=100, encoding=encoding)
    assert "\x1b" not in text and "\x07" not in text and "\x7f" not in text
    title = "Title ␛[31mred" if encoding is None else "Title ^[[31mred"
    assert title in text
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None)
    to_console(doc, console)
    assert "\x1b[31m" not in console.file.getvalue() and "␛[31mred" in console.file.getvalue()


FRACTIONS = ["reverse", "x^7/(x+3)^5", "--at", "x=1/7", "--exact"]
NUMBER = re.compile(r"-?\d+/\d+(?![\d.])|\d+(?:\.\d+)?(?:e[+-]\d+)?")


def _at(args: list[str], width: int | None) -> str:
    from tracer.cli import _app_for

    env = {"COLUMNS": str(width) if width else ""}
    result = CliRunner().invoke(_app_for(args), args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", [40, 80, 100])
@pytest.mark.parametrize("name", ["fractions", "reverse-exact", "decision", "arrays", "step"])
def test_a_narrow_terminal_cuts_a_long_cell_between_numbers_never_inside_one(name, width):
    """At 40 columns a word wider than its column (1 × (1/(5153632/16807))) was cut by
    characters, 5153632/1680 on one line and 7)) on the next: it is cut between numbers and
    names, a fraction kept whole where its column allows (else cut after its slash)."""
    args = FRACTIONS if name == "fractions" else COMMANDS[name]
    narrow, full = _at(args, width), _at(args, None)
    assert max(cell_len(line) for line in narrow.splitlines()) <= width
    whole = set(NUMBER.findall(full)) | {n for f in NUMBER.findall(full) for n in f.split("/")}
    broken = set(NUMBER.findall(narrow)) - whole
    assert not broken, f"numbers cut at {width} columns: {sorted(broken)[:10]}"
    if name == "fractions" and width == 40:
        assert "(1/(5153632/16807))" in narrow and "-343/26559922791424" in narrow


@pytest.mark.parametrize("width", [60, 80, 100])
def test_a_sentence_breaks_between_formulas_never_inside_one(width):
    """The point's line at 80 columns broke "x₃ =" from "4.125"; it breaks between the
    formulas now (each name = value stays on one line where it fits), and a line of words
    alone is wrapped as before."""
    from tracer.output import text_of

    names = ["theta1", "theta2", "theta3", "theta4", "x1", "x2", "x3", "x4", "bias"]
    values = ["0.1", "0.3", "-0.25", "1.5", "2.5", "-3.25", "4.125", "0.5", "0.01"]
    formula = " + ".join(f"{a}*{b}" for a, b in zip(names[:4], names[4:8], strict=True))
    run = pipeline.run_forward(pipeline.prepare(formula + " + bias", dict(
        zip(names, map(float, values), strict=True))), wrt=["x1"])
    text = text_of(run, "terminal", width=width)
    point = text[text.index("Point: "):text.index("\nSeed: ")].split("\n")
    assert all(len(line) <= width for line in point)
    pairs = ", ".join(f"{n} = {v}" for n, v in zip(
        ["θ₁", "θ₂", "θ₃", "θ₄", "x₁", "x₂", "x₃", "x₄", "bias"], values, strict=True))
    assert " ".join(point) == "Point: " + pairs
    assert not any(line.endswith(" =") or line.startswith("=") for line in point)
    assert (len(point) > 1) is (width < len("Point: " + pairs))


LONG_OUTPUT = "total_accumulated_loss_value_of_the_whole_network"
LONG_INPUT = "learning_rate_of_the_outer_optimiser_that_is_very_long"


@pytest.mark.parametrize("width", [80, 100])
def test_a_heading_wider_than_the_line_breaks_before_a_partial_not_inside_a_name(width):
    """check's heading ∂y/∂x of a 49- and a 54-letter name (107 columns) was cut by rich
    wherever the line ended (…/∂learning_rate_of_the_outer_o / ptimiser…): it breaks before
    the ∂, as sentences do."""
    args = ["check", f"{LONG_OUTPUT} = {LONG_INPUT} * θ_régularisation_страх + "
            f"sin(θ_régularisation_страх) * exp({LONG_INPUT})", "--at",
            f"{LONG_INPUT}=0.125,θ_régularisation_страх=2.5"]
    from tracer.cli import _app_for

    result = CliRunner().invoke(_app_for(args), args, env={"COLUMNS": str(width)},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    for name in (LONG_OUTPUT, LONG_INPUT, "θ_régularisation_страх"):
        assert [line for line in lines if line.count(name[:20]) != line.count(name)] == []
    heading = lines.index(f"∂{LONG_OUTPUT}/")
    assert lines[heading + 1] == f"∂{LONG_INPUT}"
