"""Views: runs become neutral documents with the lecture's layout."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer import pipeline, views
from tracer.core.parse import parse as parse_program
from tracer.core.printer import TEXT, Flavor, chain, render
from tracer.errors import TracerError
from tracer.views.document import BLANK, Code, Diagram, Gap, Heading, Para, TraceTable

LECTURE = "x1*x2+x2-log(x1)"
NUMBERS = Flavor(numbers=True)


def lecture_run(mode: str, **kw):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    if mode == "forward":
        return pipeline.run_forward(ev, **kw)
    if mode == "reverse":
        return pipeline.run_reverse(ev, **kw)
    return pipeline.Run("trace", ev, ())


def cells(table: TraceTable) -> list[list[str]]:
    out = []
    for row in table.rows:
        line = []
        for cell in row:
            line.append(chain(cell.rule, TEXT, cell.relation))
            numbers = render(cell.numbers, NUMBERS) if cell.numbers is not None else None
            value = "" if cell.value is BLANK else f"{cell.value:.4g}"
            line.append(f"{numbers} = {value}" if numbers else value)
        out.append(line)
    return out


def tables(doc) -> list[TraceTable]:
    return [b for b in doc.blocks if isinstance(b, TraceTable)]


def test_table_2_cells():
    doc = views.forward_document(lecture_run("forward", wrt=["x2"]))
    (table,) = tables(doc)
    assert table.headers == ("Forward Primal Trace", "Forward Tangent Trace")
    assert cells(table)[2] == ["v₁ = v₋₁ v₀", "3 × (-4) = -12",
                               "v̇₁ = v̇₋₁ × v₀ + v₋₁ × v̇₀", "0 × (-4) + 3 × 1 = 3"]
    assert cells(table)[3][2:] == ["v̇₂ = v̇₋₁ × (1/v₋₁)", "0 × (1/3) = 0"]
    assert cells(table)[-1] == ["y = v₄", "-17.1", "ẏ = v̇₄", "4"]
    compact = views.forward_document(lecture_run("forward", wrt=["x2"]),
                                     views.ViewOptions(compact=True))
    (table,) = tables(compact)
    assert cells(table)[2] == ["v₁ = v₋₁ v₀", "3 × (-4) = -12",
                               "v̇₁ = v̇₋₁ v₀ + v₋₁ v̇₀", "0 × (-4) + 3 × 1 = 3"]
    assert cells(table)[3][2:] == ["v̇₂ = v̇₋₁ (1/v₋₁)", "0 × (1/3) = 0"]


def test_table_3_cells():
    doc = views.reverse_document(lecture_run("reverse"))
    (table,) = tables(doc)
    rows = cells(table)
    assert rows[0] == ["v₋₁ = x₁", "3", "v̄₋₁ = x̄₁ = v̄₂ × (1/v₋₁) + v̄₁ × v₀",
                       "-1 × (1/3) + 1 × (-4) = -4.333"]
    assert rows[1][2:] == ["v̄₀ = x̄₂ = v̄₃ × 1 + v̄₁ × v₋₁", "1 × 1 + 1 × 3 = 4"]
    assert rows[3][2:] == ["v̄₂ = v̄₄ × (-1)", "1 × (-1) = -1"]
    assert rows[5][2:] == ["v̄₄ = ȳ", "1"]
    assert rows[6][2:] == ["ȳ", "1"]
    (table,) = tables(views.reverse_document(lecture_run("reverse"),
                                             views.ViewOptions(compact=True)))
    rows = cells(table)
    assert rows[0] == ["v₋₁ = x₁", "3", "v̄₋₁ = x̄₁ = v̄₂ (1/v₋₁) + v̄₁ v₀",
                       "-1 × (1/3) + 1 × (-4) = -4.333"]
    assert rows[1][2:] == ["v̄₀ = x̄₂ = v̄₃ · 1 + v̄₁ v₋₁", "1 × 1 + 1 × 3 = 4"]
    assert rows[3][2:] == ["v̄₂ = v̄₄ · (-1)", "1 × (-1) = -1"]


def test_one_table_per_forward_pass_then_the_gradient():
    doc = views.forward_document(lecture_run("forward"))
    assert len(tables(doc)) == 2
    headings = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert len(headings) == 2
    assert doc.blocks[-1].items[0] == "Gradient of "
    assert "2 forward passes" in doc.blocks[-1].items[-1]


def test_sweep_lists_every_increment_in_sweep_order():
    doc = views.reverse_document(lecture_run("reverse"), views.ViewOptions(sweep=True))
    _primal, sweep = tables(doc)
    assert sweep.kind == "sweep"
    rows = cells(sweep)
    assert [r[0] for r in rows] == [
        "v̄₄ += ȳ", "v̄₃ += v̄₄ × 1", "v̄₂ += v̄₄ × (-1)", "v̄₁ += v̄₃ × 1", "v̄₀ += v̄₃ × 1",
        "v̄₋₁ += v̄₂ × (1/v₋₁)", "v̄₋₁ += v̄₁ × v₀", "v̄₀ += v̄₁ × v₋₁"]
    assert rows[6][1] == "1 × (-4) = -4" and rows[6][3] == "-4.333"
    doc = views.reverse_document(lecture_run("reverse"),
                                 views.ViewOptions(sweep=True, compact=True))
    rows = cells(tables(doc)[1])
    assert [r[0] for r in rows] == [
        "v̄₄ += ȳ", "v̄₃ += v̄₄ · 1", "v̄₂ += v̄₄ · (-1)", "v̄₁ += v̄₃ · 1", "v̄₀ += v̄₃ · 1",
        "v̄₋₁ += v̄₂ (1/v₋₁)", "v̄₋₁ += v̄₁ v₀", "v̄₀ += v̄₁ v₋₁"]
    assert rows[6][1] == "1 × (-4) = -4" and rows[6][3] == "-4.333"


def test_a_cut_sweep_makes_the_cells_of_the_lines_it_shows_only(monkeypatch):
    """--sweep made every line's cells and then kept the 200 a screen shows: a 4·10⁵-row
    loop took 6.9 s of CPU and 1.06 GB (800,000 rows to Markdown: 16.9 s, 2.1 GB); now 3.5 s
    and 0.46 GB, the same text. The adjoint so far still sums every line, shown or not."""
    from tracer.views import parts

    ev = pipeline.prepare("@at x=0.5\ny = x\nfor i in range(300):\n    y = y*0.999 + "
                          "0.001*sin(y)\n")
    run = pipeline.run_reverse(ev)
    whole = parts.sweep_table(ev, run.passes[0], None)
    made = []
    partial = parts.rules.partial_rule  # a line's rule: made for a line shown
    monkeypatch.setattr(parts.rules, "partial_rule", lambda *a: made.append(1) or partial(*a))
    cut = parts.sweep_table(ev, run.passes[0], 20)
    assert len(made) <= 20 and len(cut.rows) == 21
    assert cut.rows[:10] == whole.rows[:10] and cut.rows[-10:] == whole.rows[-10:]
    assert cut.rows[10] == Gap(len(whole.rows) - 20)  # the last lines' sums: every line's


def test_long_traces_show_a_gap():
    ev = pipeline.prepare("+".join(f"sin(x*{k})" for k in range(1, 200)), {"x": 0.1})
    table = views.trace_table(ev, None, None, max_rows=20)
    gaps = [r for r in table.rows if isinstance(r, Gap)]
    assert len(gaps) == 1 and gaps[0].hidden == ev.trace.n + ev.trace.last - 20
    assert len(table.rows) == 20 + 1 + 1  # shown rows, the gap, the output row


def test_programs_are_listed_as_code():
    ev = pipeline.prepare("a = x*2\ny = a + 1", {"x": 1})
    blocks = views.formula_blocks(ev, views.ViewOptions(source_name="p.txt"))
    assert isinstance(blocks[1], Code) and "a = x*2" in blocks[1].text
    assert "Program (p.txt):" in blocks[0].items[0]


def test_a_file_of_one_expression_with_directives_is_a_program():
    from pathlib import Path

    source = (Path(__file__).resolve().parent.parent / "examples" /
              "exercise-2-accumulate.txt").read_text()
    ev = pipeline.prepare(source, {})
    blocks = views.formula_blocks(ev, views.ViewOptions(source_name="acc.txt"))
    assert ("Program (acc.txt):",) in [b.items for b in blocks if isinstance(b, Para)]
    bare = pipeline.prepare("sum(x*x)", pipeline.parse_values("x=[1, 2]"))  # listed
    listed = views.formula_blocks(bare, views.ViewOptions())
    assert listed[0].items == ("Formula:",) and isinstance(listed[1], Code)


def test_a_programs_first_comment_line_is_its_title_and_the_rest_on_request():
    source = "# Title here\n# more notes\na = x*2  # twice\n\n# between\ny = a + 1\n"
    ev = pipeline.prepare(source, {"x": 1})
    blocks = views.formula_blocks(ev, views.ViewOptions(source_name="p.txt"))
    assert blocks[0] == Para(("Title here",))
    assert blocks[1].items == ("Program (p.txt):",)
    assert blocks[2] == Code("a = x*2  # twice\n\ny = a + 1")  # a comment after code stays
    listed = views.formula_blocks(ev, views.ViewOptions(source_name="p.txt", comments=True))
    assert listed[0] == Para(("Title here",)) and listed[2] == Code(source.strip())
    formula = views.formula_blocks(pipeline.prepare("# The square\nx^2", {"x": 3}),
                                   views.ViewOptions())
    assert formula[0] == Para(("The square",)) and formula[1].items[0] == "Formula: "
    untitled = views.formula_blocks(pipeline.prepare("#\n#   \nx^2", {"x": 3}),
                                    views.ViewOptions())
    assert untitled[0].items[0] == "Formula: "  # empty comment lines are no title
    long = views.formula_blocks(pipeline.prepare("# " + "t" * 10_000 + "\nx^2", {"x": 3}),
                                views.ViewOptions())
    assert len(long[0].items[0]) == 160 and long[0].items[0].endswith("…")


def test_warnings_become_paragraphs():
    ev = pipeline.prepare("abs(x)", {"x": 0})
    doc = views.forward_document(pipeline.run_forward(ev))
    warnings = [b for b in doc.blocks if isinstance(b, Para) and b.style == "warning"]
    assert len(warnings) == 1


@pytest.mark.parametrize("mode", ["trace", "forward", "reverse"])
def test_document_dispatches_on_mode(mode):
    assert views.document(lecture_run(mode)).title.startswith("tracer")


@pytest.mark.parametrize(("mode", "seed"), [("forward", {"x1": 2, "x2": 1}),
                                            ("reverse", {"y": 3})])
def test_graph_option_draws_the_runs_own_pass(mode, seed):
    run = lecture_run(mode, seed=seed)
    doc = views.document(run, views.ViewOptions(graph=True))
    [diagram] = [b for b in doc.blocks if isinstance(b, Diagram)]
    p = run.passes[0]
    assert diagram.graph.seed == p.seed
    assert tuple(n.derivative_value for n in diagram.graph.nodes) == p.column


def test_pass_knows_the_input_its_seed_is_the_unit_vector_of():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    assert [p.unit for p in pipeline.run_forward(ev).passes] == ["x1", "x2"]
    assert pipeline.run_forward(ev, seed={"x1": 2}).passes[0].unit is None
    assert pipeline.run_forward(ev, seed={"x1": 1, "x2": 1}).passes[0].unit is None
    assert pipeline.run_reverse(ev).passes[0].unit == "y"


def test_a_document_keeps_within_its_budget_of_table_cells():
    from tracer.analysis.hessian import hessian
    from tracer.views import parts

    n = 12
    formula = "+".join(f"x{i}*x{(i + 1) % n}" for i in range(n))
    ev = pipeline.prepare(formula, {f"x{i}": 0.1 * (i + 1) for i in range(n)})
    run = hessian(ev)
    opts = views.ViewOptions(max_cells=3 * (ev.trace.n + ev.trace.last) * 16)
    doc = views.document(run, opts)
    tables = [b for b in doc.blocks if type(b).__name__ == "TraceTable"]
    assert len(tables) == 3
    notes = [b for b in doc.blocks if type(b).__name__ == "Para" and "passes 4–12" in str(b)]
    assert notes
    assert parts.plan(100, 10, 2, views.ViewOptions(max_cells=1000)).tables == 5
    assert parts.plan(1000, 1, 2, views.ViewOptions(max_cells=100)).max_rows == 50
    everything = views.document(run, views.ViewOptions())
    assert len([b for b in everything.blocks if type(b).__name__ == "TraceTable"]) == n


def _swell_sentence_of(n: int, text: str) -> str:
    from tracer.analysis.swell import swell
    from tracer.views.checks import swell_document

    doc = swell_document(swell(n, text))
    return "".join(str(p) for p in doc.blocks[-1].items)


def test_swells_sentence_follows_its_numbers():
    """The closing sentence of swell says what the table's numbers say: the logistic map's
    formula outgrows the trace, a map that ignores l grows nothing, one iterate grows nothing
    yet; each count agrees with its noun."""
    from tracer.analysis.swell import LOGISTIC, swell

    rows = swell(4, LOGISTIC).rows
    grew = rows[-1].derivative_operations - rows[-2].derivative_operations
    swelling = _swell_sentence_of(4, LOGISTIC)
    assert f"the formula grew by {grew} operations" in swelling
    assert "grows much faster than the trace" in swelling
    flat = _swell_sentence_of(3, "4*x*(1-x)")  # l is not used: every iterate is the same
    assert "neither grew" in flat and "grows much faster" not in flat
    assert "faster" not in _swell_sentence_of(1, LOGISTIC)
    linear = _swell_sentence_of(5, "l + x")  # dl/dx = n: a constant, while the trace grows
    assert "more slowly than the trace" in linear and "much faster" not in linear
    single = _swell_sentence_of(4, "x*x")
    assert "1 operation " in single and "1 row " in single and " 1 rows" not in single


@pytest.mark.parametrize(("program", "at", "shown"), [
    # 0.1 + 0.2 is 0.30000000000000004: at 4 digits "0.3 == 0.3 → false"
    ("if x + 0.2 == 0.3:\n    y = x*2\nelse:\n    y = x*3", 0.1,
     "if x + 0.2 == 0.3: 0.30000000000000004 == 0.3 → false"),
    # the eighth check of a loop adding 0.1: at 4 digits "1 < 1 → true"
    ("y = x\nwhile y < 1:\n    y = y + 0.1", 0.3,
     "while y < 1: 0.9999999999999999 < 1 → true (iteration 8)"),
    ("y = x\nif 0.1 < x + 0.2 < 0.3:\n    y = x*2", 0.1,
     "if 0.1 < x + 0.2 < 0.3: 0.1 < 0.30000000000000004 < 0.3 → false"),
])
def test_a_decisions_two_sides_that_differ_never_print_alike(program, at, shown):
    """A decision's numbers that differ print with the digits that tell them apart (their
    shortest forms); the others with the writer's."""
    from tracer.views.parts import control_note

    ev = pipeline.prepare(program, {"x": at})
    notes = [render_inline(control_note(c, ev).items) for c in ev.trace.controls]
    assert shown in notes
    assert any("0.9 < 1 → true (iteration 7)" in n for n in notes) or "while" not in program


def render_inline(items) -> str:
    from tracer.render.terminal import inline

    return inline(items, TEXT)


@pytest.mark.parametrize("fmt", ["markdown", "latex", "html", "terminal", "csv"])
def test_a_programs_control_characters_reach_no_format(runner, tmp_path, fmt):
    """An escape sequence in a program's title or comment was written raw by Markdown, LaTeX
    and HTML (only the terminal showed it as ␛): to standard output it recoloured the
    terminal."""
    from helpers import run

    program = tmp_path / "c.txt"
    program.write_bytes(b"# t \x1b[31mRED\x07\xc2\x9b\n# more \x1b[0m\n@at x = 1\ny = x*2\n")
    result = run(runner, "forward", str(program), "--comments", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0
                   for c in result.stdout), repr(result.stdout[:200])
    assert ("[U+241B]" if fmt == "latex" else "␛") in result.stdout or fmt == "csv"


SWAP_LOOP = "a = x\nb = 2*x\nfor i in range(100000):\n    a, b = b, a\ny = a*b"


def test_the_decisions_under_one_row_are_cut_as_rows_are():
    """A loop that adds no row puts its 10^5 decisions under one row: --max-rows (and the
    terminal's 200) printed them all, 10^5 lines; now the first and last, as for rows."""
    from tracer.views.document import Note

    ev = pipeline.prepare(SWAP_LOOP, {"x": 2})
    table = views.trace_table(ev, None, None, max_rows=200)
    notes = [render_inline(r.items) for r in table.rows if isinstance(r, Note)]
    assert len(notes) == 100 + 1 + 100
    assert notes[0] == "for i in range(100000): i = 0 (iteration 1)"
    assert notes[99] == "for i in range(100000): i = 99 (iteration 100)"
    assert notes[100] == "⋮ 99,800 decisions not shown"
    assert notes[101] == "for i in range(100000): i = 99900 (iteration 99901)"
    assert notes[-1] == "for i in range(100000): i = 99999 (iteration 100000)"
    assert len(table.rows) == 3 + 201 + 1  # v₀, v₁ and v₂, the decisions, y = v₂
    every = views.trace_table(ev, None, None, max_rows=None)
    assert sum(isinstance(r, Note) for r in every.rows) == 100_000
    (note,) = views.parts.path_note(ev)
    assert note.items[0].startswith("The program took 100,000 decisions as it ran")


@pytest.mark.parametrize("fmt, line", [
    ("terminal", "⋮ 1 row not shown (--max-rows 0 shows all)"),
    ("markdown", "| ⋮ 1 row not shown | ⋮ |"),
    ("latex", r"\multicolumn{2}{l}{$\vdots$ 1 row not shown} \\"),
    ("html", '<tr><td class="gap" colspan="2">⋮ 1 row not shown</td></tr>'),
])
def test_one_row_left_out_is_one_row(runner, fmt, line):
    from helpers import run

    result = run(runner, "trace", "a = x\nb = 2*x\nc = a*b\ny = c + a", "--at", "x=1",
                 "--max-rows", "3", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert line in result.stdout.splitlines()


def test_the_terminal_prints_a_few_hundred_lines_of_a_loop_that_adds_no_row(runner, tmp_path):
    from helpers import run

    program = tmp_path / "swap.txt"
    program.write_text(SWAP_LOOP + "\n")
    for command in ("trace", "reverse"):
        result = run(runner, command, str(program), "--at", "x=2")
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) < 250, len(lines)
        assert "⋮ 99,800 decisions not shown" in lines
    result = run(runner, "trace", str(program), "--at", "x=2", "--max-rows", "4")
    assert [s for s in result.stdout.splitlines() if s.startswith(("for", "⋮"))] == [
        "for i in range(100000): i = 0 (iteration 1)",
        "for i in range(100000): i = 1 (iteration 2)",
        "⋮ 99,996 decisions not shown",
        "for i in range(100000): i = 99998 (iteration 99999)",
        "for i in range(100000): i = 99999 (iteration 100000)"]


def test_the_gradient_and_step_grids_are_cut_as_rows_are(runner, tmp_path):
    """An array input of 10^5 elements: the gradient's grid (one row an input) and the step's
    (one a parameter) printed every row on the terminal, 10^5 lines in 13 s; now the first and
    last as the tables do. A file without --max-rows keeps them all."""
    from helpers import run

    program = tmp_path / "wide.txt"
    program.write_text("@at a = [" + ", ".join(["0.5"] * 1000) + "]\n@params a\n@step 0.1\n"
                       "y = sum(a*a)\n")
    result = run(runner, "reverse", str(program), "--max-rows", "6")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines.count("⋮ 994 inputs not shown") == 1
    assert lines.count("⋮ 994 parameters not shown") == 1
    assert any(line.startswith("a[999]") for line in lines) and len(lines) < 80
    whole = run(runner, "reverse", str(program), "-f", "markdown").stdout.splitlines()
    assert not any("not shown" in line for line in whole)
    assert "| $a[999]$ | $1$ |" in whole
    assert "| $a[999]$ | $0.5$ | $1$ | $0.5 - 0.1 \\times 1 = 0.4$ |" in whole


def test_a_grid_builds_only_the_rows_it_shows():
    made = []

    def row(k):
        made.append(k)
        return (str(k), "v")

    assert views.parts.shown_grid(3, row, 3, "input") == (("0", "v"), ("1", "v"), ("2", "v"))
    made.clear()
    assert views.parts.shown_grid(10, row, 4, "input") == (
        ("0", "v"), ("1", "v"), ("⋮ 6 inputs not shown", ""), ("8", "v"), ("9", "v"))
    assert made == [0, 1, 8, 9]
    assert len(views.parts.shown_grid(10, row, None, "input")) == 10


def test_a_huge_source_is_listed_from_its_head():
    """3 million blank lines between two lines of code: each line was looked at three times
    to list 40 of them (90 MB: 30 s); only the first MiB is listed now, and a line says how
    much is not."""
    import time

    from tracer.views.parts import LISTED

    source = "a = x*2\n" + "\n" * 3_000_000 + "y = a + 1\n"
    ev = pipeline.prepare(source, {"x": 1})
    start = time.perf_counter()
    blocks = views.formula_blocks(ev, views.ViewOptions(source_name="p.txt"))
    assert time.perf_counter() - start < 2
    assert blocks[0].items == ("Program (p.txt):",)  # two lines of code: a program
    unlisted = len(source.strip()) - source.rfind("\n", 0, LISTED)
    assert blocks[1] == Code(f"a = x*2\n… ({unlisted:,} more characters of the program, not "
                             "listed)")


def test_a_step_after_repeated_passes_says_its_gradient_is_the_accumulated_one():
    """The step's column is headed ∂loss/∂w; after loss.backward() twice it holds .grad, twice
    one pass's gradient, and the paragraph above it says so."""
    from tracer.core.runs import descent_step

    ev = pipeline.prepare("loss = sum(w^2)", pipeline.parse_values("w = [1, 2]"))
    twice = descent_step(pipeline.run_reverse(ev, repeat=2), ["w"], 0.1)
    para = views.parts.step_blocks(twice)[1]
    assert para.items[-1] == (" The gradient is .grad after the 2 backward passes (the gradient "
                              "accumulation below), as PyTorch's step takes it.")
    once = descent_step(pipeline.run_reverse(ev), ["w"], 0.1)
    assert views.parts.step_blocks(once)[1].items[-1] == "."


def _program_reverse(text: str):
    """The reverse-mode document of a program with y.backward() lines, as the command line
    runs it."""
    program = parse_program(text)
    return views.reverse_document(pipeline.reverse_run(pipeline.defaults(program),
                                                       pipeline.prepare(program)))


def _text(items) -> str:
    return "".join(i if isinstance(i, str) else render(i.nodes[0], TEXT) for i in items)


def test_passes_of_their_own_are_headed_by_their_outputs_and_summed_in_the_note():
    """Backward passes from different outputs (y, then y′ along ones): each pass's heading
    names its output, an array's along the seed; the note says the gradient is their sum,
    not "N times the gradient" (which is --repeat's)."""
    doc = _program_reverse("x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                           "y = (x*x).sum()\ny.backward()\ny = x*3\ny.backward(torch.ones_like(y))")
    headings = [_text(b.items) for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert headings[:2] == ["Pass 1 of 2: output y", "Pass 2 of 2: output y′ along the seed"]
    notes = [_text(b.items) for b in doc.blocks if isinstance(b, Para) and b.style == "note"]
    assert any("the sum of their gradients" in n for n in notes)
    assert not any("2 times the gradient" in n for n in notes)


def test_a_step_after_passes_from_several_losses_is_along_w_bar():
    """The step after l1.backward() and l2.backward() descends along .grad, their sum: the
    rule and the column say w̄, not ∂l1/∂w."""
    from tracer.core.runs import descent_step

    ev = pipeline.prepare("l1 = sum(w*w)\nl2 = sum(w*3)", pipeline.parse_values("w = [1, 2]"),
                          outputs=["l1", "l2"])
    run = descent_step(pipeline.run_reverse(ev, passes=({"l1": 1}, {"l2": 1})), ["w"], 0.1)
    doc = views.reverse_document(run)
    (grid,) = [b for b in doc.blocks if type(b).__name__ == "Grid" and b.headers[0] == "Parameter"]
    assert render(grid.headers[2].nodes[0], TEXT) == "w̄"
    single = descent_step(pipeline.run_reverse(pipeline.prepare(
        "l1 = sum(w*w)", pipeline.parse_values("w = [1, 2]"))), ["w"], 0.1)
    (grid,) = [b for b in views.reverse_document(single).blocks
               if type(b).__name__ == "Grid" and b.headers[0] == "Parameter"]
    assert render(grid.headers[2].nodes[0], TEXT) == "∂l₁/∂w"


@pytest.mark.parametrize(("source", "title"), [
    # a long line that ends no sentence was wrapped: its sentence is the title
    ("# Exercise 2 of the lecture exactly as the course writes it, in PyTorch: tracer reads "
     "the\n# lines that say what to differentiate. x = torch.arange(4.0) makes the\ny = x",
     "Exercise 2 of the lecture exactly as the course writes it, in PyTorch: tracer reads the "
     "lines that say what to differentiate."),
    # a full stop inside a number or a name ends no sentence
    ("# The autograd section of Dive into Deep Learning (d2l, 2.5) and its x.grad, as the\n"
     "# book writes it. More.\ny = x", "The autograd section of Dive into Deep Learning (d2l, "
     "2.5) and its x.grad, as the book writes it."),
    # a short line, or one that ends a sentence, is the title alone
    ("# Title here\n# more notes\ny = x", "Title here"),
    ("# The lecture's first autograd demo: the derivative of sin at pi/3, as it writes it.\n"
     "# tracer forward examples/autograd-sin.txt\ny = x",
     "The lecture's first autograd demo: the derivative of sin at pi/3, as it writes it."),
    # a wrapped line whose paragraph ends (a blank comment, code) stops there
    ("# A long first line of a comment that goes on and on and on without any end\n#\n# x\ny = x",
     "A long first line of a comment that goes on and on and on without any end"),
    # so does one under it that is a command indented in the comment, or a rule: they were
    # read on into the title ("… squared loss ================")
    ("# Gradient descent on a two-layer network with sigmoid units and squared loss\n"
     "#     tracer reverse examples/nn.txt --step 0.5\ny = x",
     "Gradient descent on a two-layer network with sigmoid units and squared loss"),
    ("# Gradient descent on a two-layer network with sigmoid units and squared loss\n"
     "# ===========================\ny = x",
     "Gradient descent on a two-layer network with sigmoid units and squared loss"),
])
def test_a_title_is_the_first_comment_lines_sentence(source, title):
    from tracer.views.parts import comment_title

    assert comment_title(source) == title


def test_a_pass_along_a_seed_other_than_one_is_headed_by_its_output():
    """y.backward(torch.ones_like(y)), then y.backward(torch.tensor(2.0)): the second pass
    was headed "Pass 2 of 2: output seed"; it is y's, along the seed ȳ = 2."""
    doc = _program_reverse("x = Value(1.0)\ny = x*2\ny.backward(torch.ones_like(y))\n"
                           "y.backward(torch.tensor(2.0))")
    headings = [_text(b.items) for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert headings[:2] == ["Pass 1 of 2: output y", "Pass 2 of 2: output y along the seed"]


def test_the_accumulation_notes_name_the_programs_own_gradient_and_output():
    """--repeat's note speaks of the program's names (w.grad, loss.backward()), not of a
    generic x and y; with no zeroing and with it, and for passes of their own."""
    ev = pipeline.prepare("loss = sum(w^2)", pipeline.parse_values("w = [1, 2]"))
    blocks = views.parts.accumulation_blocks(pipeline.run_reverse(ev, repeat=2))
    (note,) = [_text(b.items) for b in blocks if isinstance(b, Para) and b.style == "note"]
    assert "PyTorch's loss.backward() run again adds into w.grad" in note
    assert "(w.grad.zero_(), or optimizer.zero_grad())" in note
    assert "x.grad" not in note
    doc = _program_reverse("a = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                           "y = (a*a).sum()\ny.backward()\ny = a*3\ny.backward(torch.ones_like(y))")
    notes = [_text(b.items) for b in doc.blocks if isinstance(b, Para) and b.style == "note"]
    assert any("Zero it between passes (a.grad.zero_())" in n for n in notes)
    doc = _program_reverse("a = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                           "y = (a*a).sum()\ny.backward()\na.grad.zero_()\ny = a*3\n"
                           "y.backward(torch.ones_like(y))")
    notes = [_text(b.items) for b in doc.blocks if isinstance(b, Para) and b.style == "note"]
    assert any("zeroing it (a.grad.zero_(), or optimizer.zero_grad())" in n for n in notes)


def test_a_step_after_one_pass_along_a_seed_is_along_w_bar():
    """l.sum().backward() (l of two elements): the one pass is along the seed ones, so the step
    descends along w̄, the seed's product with the Jacobian; it was headed ∂l[0]/∂w. With the
    unit seed of one output, the column stays ∂l/∂w."""
    from tracer.core.runs import descent_step

    ev = pipeline.prepare("l = (w*3)^2", pipeline.parse_values("w = [1, 2]"))
    run = descent_step(pipeline.run_reverse(ev, seed={"l[0]": 1, "l[1]": 1}), ["w"], 0.1)
    (grid,) = [b for b in views.reverse_document(run).blocks
               if type(b).__name__ == "Grid" and b.headers[0] == "Parameter"]
    assert render(grid.headers[2].nodes[0], TEXT) == "w̄"
    para = views.parts.step_blocks(run)[1]
    assert render(para.items[1].nodes[1], TEXT) == "w - η w̄"
    assert [render(c.rule[1], TEXT) for t in views.parts.step_table(run) for (c,) in t.rows] \
        == ["w[0] - η w̄[0]", "w[1] - η w̄[1]"]
    one = pipeline.prepare("l = sum((w*3)^2)", pipeline.parse_values("w = [1, 2]"))
    single = descent_step(pipeline.run_reverse(one), ["w"], 0.1)
    (grid,) = [b for b in views.reverse_document(single).blocks
               if type(b).__name__ == "Grid" and b.headers[0] == "Parameter"]
    assert render(grid.headers[2].nodes[0], TEXT) == "∂l/∂w"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 1)), min_size=2, max_size=2,
                unique=True))
def test_two_uses_are_shown_in_the_sweeps_order(uses):
    """The two-use fast path of ``shown_uses`` is the sweep's order (sorting)."""
    from tracer.core import rules
    from tracer.views.rows import SHAPES

    assert SHAPES.shown_uses(uses) == rules.elide(rules.sweep_order(uses))


_LOOPS = st.lists(st.sampled_from([
    "for i in range(3):\n    s = s*x + i", "while s < 5:\n    s = s*2 + x",
    "if s > 1:\n    s = s - x\nelse:\n    s = s + 1", "for i in range(2):\n    pass",
    "s = sin(s)", "for i in range(2):\n    if s < 0.5:\n        s = s + x"]), max_size=5)


@settings(max_examples=60, deadline=None)
@given(_LOOPS, st.sampled_from([0.3, 1.5, -2.0]), st.sampled_from([None, 3, 8, 1000]))
def test_decisions_go_in_by_slices_where_a_row_at_a_time_puts_them(body, x, max_rows):
    """``shown_cells``' fast path (every row's index, the notes put in by slices) is its row
    by row path."""
    from tracer.views.parts import shown_cells

    try:
        ev = pipeline.prepare("\n".join(["s = x", *body, "y = s"]), {"x": x})
    except TracerError:
        return
    assert shown_cells(ev, max_rows, None) == shown_cells(ev, max_rows, lambda i: i)


def _array_program(n: int):
    from tracer.core.arrays import const, from_nested

    return pipeline.prepare("y = a*2", {"a": from_nested([const(float(k)) for k in range(n)])})


def test_a_long_list_of_outputs_is_cut_as_the_rows_are():
    """y = a·2 over 3,000 elements under --max-rows 6: the table listed every one of the
    3,000 output rows and the Result line every tangent (at 10^5 elements a notebook's
    display of forward(wrt="a[0]") was 14 MB, after 700 s); they are cut as rows are."""
    from tracer.output import text_of

    forward = pipeline.run_forward(_array_program(3000), ["a[0]"])
    text = text_of(forward, "terminal", views.ViewOptions(max_rows=6))
    assert len(text.splitlines()) < 40, text
    assert "⋮ 2,994 rows not shown" in text and "y[2999] = v₃₀₀₀" in text
    assert "… (2,994 outputs not shown) …, ẏ[2997] = ∂y[2997]/∂a[0] = 0" in text
    every = text_of(forward, "terminal", views.ViewOptions())
    assert "not shown" not in every and "ẏ[1500] = ∂y[1500]/∂a[0] = 0" in every


def test_a_vector_jacobian_product_over_many_inputs_is_cut_as_the_rows_are():
    from tracer.output import text_of

    seeded = pipeline.run_reverse(_array_program(3000), pipeline.parse_seeds("y=ones"))
    text = text_of(seeded, "terminal", views.ViewOptions(max_rows=6))
    assert "Result: (ā[0], ā[1], ā[2], ⋯, ā[2997], ā[2998], ā[2999]) = (2, 2, 2, ⋯, 2, 2, 2)" \
        in text and len(text) < 5_000


def test_the_result_line_of_many_outputs_is_made_in_linear_time():
    """Pass.unit walked the whole seed for each output of the Result line: 10^5 outputs took
    700 s (8,000: 6.7 s); it is found once."""
    import time

    forward = pipeline.run_forward(_array_program(20_000), ["a[0]"])
    start = time.perf_counter()
    views.document(forward, views.ViewOptions())
    assert time.perf_counter() - start < 10  # about 0.5 s; 40 s before


def test_code_indented_as_a_whole_is_listed_dedented():
    """A program indented as a whole (a Python session's code, its prompts blanked) lost the
    first line's indent alone in its listing: 'y = …' then '    z = …'."""
    ev = pipeline.prepare("\n    a = x*2\n    if a > 0:\n        y = a + 1\n", {"x": 1})
    blocks = views.formula_blocks(ev, views.ViewOptions(source_name="p.txt"))
    assert blocks[1] == Code("a = x*2\nif a > 0:\n    y = a + 1")


def test_a_grade_shows_a_students_cells_and_file_names_on_one_line_without_escapes():
    """A cell of two lines broke a Markdown table in two, and an escape sequence in a cell or
    a file's name went through to the terminal that printed a Markdown or LaTeX report."""
    from tracer.render import write
    from tracer.teaching.marks import UNREADABLE, WRONG, GradeRun, Mark
    from tracer.views.tools import grade_document

    marks = (Mark("table 1, v₀, Forward Primal Trace", UNREADABLE, "line1\nline2", 4.0, ""),
             Mark("table 1, v₁, Forward Primal Trace", UNREADABLE, "\x1b[2J7", 1.0, ""))
    grun = GradeRun("\x1b[31manswers.csv", "key.csv", marks, 1e-3, 1e-6)
    text = write("markdown", grade_document(grun))
    assert "\x1b" not in text and "␛\\[31manswers.csv against key.csv" in text
    assert "| table 1, v₀, Forward Primal Trace | line1 line2 | unreadable |" in text
    assert "| ␛\\[2J7 | unreadable |" in text
    long = GradeRun("a.csv", "key.csv", (Mark("table 1, v₀, Forward Primal Trace", WRONG,
                                              "9" * 100_000, 4.0, ""),), 1e-3, 1e-6)
    shown = write("markdown", grade_document(long))  # 100,000 columns wide, as it was
    assert f"| {'9' * 79}… (100,000 characters) | wrong |" in shown
