"""The pieces every document is made of (tracer.views.parts): budgets, cut lists, titles,
listings, bindings, grouped arrays and a row's cells."""

from __future__ import annotations

from tracer import pipeline
from tracer.core.nodes import Call, Deriv, Name, Num, Sym, Tup
from tracer.core.printer import Shown
from tracer.views.document import Gap, Grid, Math, Note, Para, Value
from tracer.views.parts import (
    DEFAULTS,
    Plan,
    ViewOptions,
    apart,
    bindings,
    comment_title,
    computed_numbers,
    control_note,
    excerpt,
    grouped,
    hidden_tables,
    matrix_table,
    named,
    path_note,
    plan,
    primal_cell,
    shown_cells,
    shown_grid,
    shown_items,
    shown_notes,
    shown_rows,
    vector,
    without_comments,
)

SMALL = ViewOptions(max_cells=100)


def _lecture():
    return pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})


def test_plan_every_table_fits():
    assert plan(10, 3, 3, SMALL) == Plan(3, None)


def test_plan_keeps_the_tables_that_fit():
    # 10 rows x 3 cells = 30 a table: 3 of 5 fit in 100
    assert plan(10, 5, 3, SMALL) == Plan(3, None)


def test_plan_cuts_the_rows_of_one_table_too_large():
    # 50 x 3 = 150 > 100: one table of 100 // 3 = 33 rows
    assert plan(50, 2, 3, SMALL) == Plan(1, 33)


def test_plan_counts_max_rows_and_its_hidden_line():
    # 200 rows cut to 4 (+1 line): 5 x 3 = 15 a table, all 6 fit
    assert plan(200, 6, 3, ViewOptions(max_rows=4, max_cells=100)) == Plan(6, 4)


def test_plan_of_an_empty_table_counts_one_cell():
    assert plan(0, 100, 0, SMALL) == Plan(100, None)
    assert plan(0, 101, 0, SMALL) == Plan(100, None)


def test_hidden_tables_nothing_hidden():
    assert hidden_tables(2, 2, SMALL) == []


def test_hidden_tables_one_pass():
    (note,) = hidden_tables(1, 2, SMALL)
    assert isinstance(note, Para) and note.style == "note"
    assert note.items == ("The tables of pass 2 are not shown: a document shows at most 100 "
                          "table cells (the JSON output has every column: -f json, or "
                          "to_json() in Python).",)


def test_hidden_tables_several_passes_with_thousands_separator():
    (note,) = hidden_tables(1, 5, DEFAULTS)
    assert note.items[0].startswith("The tables of passes 2–5 are not shown: a document "
                                    "shows at most 200,000 table cells")


def test_shown_items_all_when_short_or_uncut():
    assert shown_items(5, None) == [0, 1, 2, 3, 4]
    assert shown_items(5, 5) == [0, 1, 2, 3, 4]
    assert shown_items(5, 0) == [0, 1, 2, 3, 4]
    assert shown_items(0, 3) == []


def test_shown_items_cut_the_middle():
    assert shown_items(10, 4) == [0, 1, None, 8, 9]
    assert shown_items(10, 5) == [0, 1, None, 7, 8, 9]
    assert shown_items(10, 1) == [0, None, 9]


def test_shown_rows_cut_with_a_gap_counting_the_hidden():
    trace = _lecture().trace  # rows v-1 … v4: six
    assert shown_rows(trace, None) == [-1, 0, 1, 2, 3, 4]
    assert shown_rows(trace, 3) == [-1, Gap(3), 3, 4]


def test_primal_cell_of_the_lecture_row_1():
    cell = primal_cell(_lecture(), 1)
    assert cell.value == -12.0 and cell.relation == "="
    assert cell.rule[0] == Sym("", 1)
    assert cell.numbers == Call(cell.rule[1].op, (Num(3.0), Num(-4.0)))


def test_comment_title_first_comment_line():
    assert comment_title("x=1\n  #   Tables 1-3 of the lecture\ny=2") == \
        "Tables 1-3 of the lecture"


def test_comment_title_none_without_a_comment():
    assert comment_title("x = 1") is None
    assert comment_title("") is None
    assert comment_title("#\n#   \n") is None


def test_comment_title_is_the_first_sentence():
    assert comment_title("#\n# Hi. There\n") == "Hi."
    assert comment_title("# Step 2.5 of x.grad here") == "Step 2.5 of x.grad here"


def test_comment_title_joins_a_wrapped_line():
    source = ("# Exercise 2 is a long line that wraps over more lines, tracer reads the\n"
              "# lines that say what to differentiate. More here.\nx=1")
    assert comment_title(source) == ("Exercise 2 is a long line that wraps over more lines, "
                                     "tracer reads the lines that say what to differentiate.")


def test_comment_title_stops_at_a_rule_line():
    source = "# " + "w" * 70 + "\n# =====\n# next"
    assert comment_title(source) == "w" * 70


def test_comment_title_long_is_cut_to_160_characters():
    title = comment_title("# " + "a" * 200 + ".")
    assert title == "a" * 159 + "…" and len(title) == 160


def test_without_comments_keeps_code_and_trailing_comments():
    assert without_comments("# title\n\nx = 1  # keep\n\n\n# c\ny = x\n") == \
        "x = 1  # keep\n\ny = x"
    assert without_comments("# only a comment") == ""


def test_excerpt_short_source_unchanged():
    assert excerpt("a\nb") == "a\nb"


def test_excerpt_counts_the_lines_left_out():
    assert excerpt("a\nb\nc", lines=2) == "a\nb\n… (1 more line)"
    assert excerpt("a\nb\nc\nd", lines=1) == "a\n… (3 more lines)"


def test_excerpt_counts_the_characters_left_out():
    assert excerpt("abcdef", width=3) == "abc … (3 more characters)"
    assert excerpt("abcd", width=3) == "abc … (1 more character)"
    assert excerpt("x" * 3000) == "x" * 2000 + " … (1,000 more characters)"


def test_named_prints_input_names_as_names():
    assert named(Sym("", "x1")) == Name("x1")
    assert named(Sym("dot", "x1")) == Sym("dot", "x1")
    assert named(Sym("", 3)) == Sym("", 3)


def test_bindings_separated_by_commas():
    items = bindings([Sym("", "x1"), Sym("dot", 1)], [3.0, 1.0])
    assert items == [Math((Name("x1"), Num(3.0))), ", ", Math((Sym("dot", 1), Num(1.0)))]


def test_bindings_beyond_the_limit_are_counted():
    items = bindings([Sym("", "x")] * 3, [1, 2, 3], limit=2)
    assert items[-1] == ", … (1 more)" and len(items) == 4


def test_vector_of_partials():
    assert vector("y", ["x1", "x2"], [1.0, 2.0]) == Math((
        Tup((Deriv("y", ("x1",)), Deriv("y", ("x2",)))), Tup((Num(1.0), Num(2.0)))))


def test_matrix_table_one_row_per_output():
    assert matrix_table({"y": {"x1": 1.0, "x2": 2.0}}, ["x1", "x2"]) == \
        Grid(("", "x1", "x2"), (("y", Value(1.0), Value(2.0)),))


def test_apart_gives_the_digits_that_tell_two_values_apart():
    old, new = apart(0.25, 0.25004)
    assert isinstance(old, Shown) and isinstance(new, Shown)
    assert old.digits == new.digits == 5 and (old, new) == (0.25, 0.25004)


def test_apart_leaves_equal_values_and_ints_alone():
    assert apart(1, 1) == (1, 1) and type(apart(1, 1)[0]) is int
    assert apart(0.5, 0.5) == (0.5, 0.5) and type(apart(0.5, 0.5)[1]) is float
    assert type(apart(0.5, 2)[1]) is int


def test_grouped_vector_matrix_and_name():
    out = grouped(["x[0]", "x[1]", "y", "m[0,0]", "m[0,1]", "m[1,0]", "m[1,1]"],
                  [1, 2, 3, 4, 5, 6, 7])
    assert out == [
        ("x", ["[", Value(1), ", ", Value(2), "]"]),
        ("y", [Value(3)]),
        ("m", ["[[", Value(4), ", ", Value(5), "], [", Value(6), ", ", Value(7), "]]"]),
    ]


def test_grouped_of_nothing():
    assert grouped([], []) == []


def test_grouped_one_element_array_keeps_its_brackets():
    assert grouped(["a[0]"], [9]) == [("a", ["[", Value(9), "]"])]


LOOP = "z = x\nwhile z < 3:\n    z = z*2\ny = z"  # at x = 1: z is 1, 2, 4


def test_control_note_of_a_loop_check_marks_the_computed_number():
    ev = pipeline.prepare(LOOP, {"x": 1})
    first, _, last = ev.trace.controls
    assert control_note(first, ev) == Note(
        ("while z < 3: ", Value(1.0), " < ", Value(3.0), " → true", " (iteration 1)"), (1,))
    assert control_note(last, ev).items[-2:] == (" → false", " (iteration 3)")
    assert computed_numbers(first, ev) == (True, False)  # z is computed, 3 is a constant


def test_control_note_of_if_else_and_for():
    ev = pipeline.prepare("if x > 0:\n    y = x\nelse:\n    y = -x", {"x": -2})
    taken, other = ev.trace.controls
    assert control_note(taken, ev).items == ("if x > 0: ", Value(-2.0), " > ", Value(0.0),
                                             " → false")
    assert control_note(other, ev) == Note(("else: the conditions above are false",), ())
    ev = pipeline.prepare("s = 0\nfor i in range(2):\n    s = s + x\ny = s", {"x": 1})
    step = ev.trace.controls[1]
    assert computed_numbers(step, ev) == (False,)  # a loop counter is not an answer
    assert control_note(step, ev) == Note(("for i in range(2): ", "i = ", Value(1.0),
                                           " (iteration 2)"), ())


def test_path_note_counts_the_decisions():
    (note,) = path_note(pipeline.prepare(LOOP, {"x": 1}))
    assert note.items[0].startswith("The program took 3 decisions as it ran")
    assert path_note(_lecture()) == []


def test_shown_notes_cut_the_middle_decisions():
    ev = pipeline.prepare(LOOP, {"x": 1})
    notes = shown_notes(list(ev.trace.controls), ev, 2)
    assert [n.items[-1] for n in notes] == [" (iteration 1)", "⋮ 1 decision not shown",
                                            " (iteration 3)"]


def test_shown_cells_put_each_decision_under_its_row():
    ev = pipeline.prepare(LOOP, {"x": 1})
    rows = shown_cells(ev, None, None)
    assert [r if isinstance(r, int) else r.items[-1] for r in rows] == [
        0, " (iteration 1)", 1, " (iteration 2)", 2, " (iteration 3)"]


def test_shown_grid_cuts_with_a_line_that_counts():
    rows = shown_grid(10, lambda k: (str(k), "v"), 4, "input")
    assert rows == (("0", "v"), ("1", "v"), ("⋮ 6 inputs not shown", ""), ("8", "v"),
                    ("9", "v"))
    assert shown_grid(2, lambda k: (str(k),), 4, "input") == (("0",), ("1",))
