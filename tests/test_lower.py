"""Lowering: row numbering, the lecture's order, folded constants, shared subexpressions."""

from __future__ import annotations

import pytest

from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.core.printer import PLAIN, render
from tracer.core.rules import primal_rule
from tracer.errors import DomainError, NameProblem, ProgramError

LECTURE = "x1*x2+x2-log(x1)"


def rows(text: str, **kw) -> list[str]:
    trace = lower(parse(text), **kw)
    return [f"{render_row(trace, i)}" for i in range(1, trace.last + 1)]


def render_row(trace, i: int) -> str:
    return f"v_{i} = {render(primal_rule(trace, i), PLAIN)}"


def test_lecture_order_reproduces_table_1():
    trace = lower(parse(LECTURE), given=["x1", "x2"])
    assert trace.inputs == ("x1", "x2") and trace.first == -1 and trace.last == 4
    assert rows(LECTURE) == [
        "v_1 = v_{-1} v_0", "v_2 = ln(v_{-1})", "v_3 = v_1 + v_0", "v_4 = v_3 - v_2"]
    assert trace.outputs == (("y", 4),)


def test_source_order_is_plain_evaluation_order():
    assert rows("log(x^2)*sin(x) + 1/x", order="source") == [
        "v_1 = v_0²", "v_2 = ln(v_1)", "v_3 = sin(v_0)", "v_4 = v_2 v_3", "v_5 = 1/v_0",
        "v_6 = v_4 + v_5"]
    assert rows("log(x^2)*sin(x) + 1/x") == [
        "v_1 = v_0²", "v_2 = sin(v_0)", "v_3 = 1/v_0", "v_4 = ln(v_1)", "v_5 = v_4 v_2",
        "v_6 = v_5 + v_3"]


def test_inputs_follow_the_given_order_then_appearance():
    assert lower(parse(LECTURE), given=["x2", "x1"]).inputs == ("x2", "x1")
    assert lower(parse("b*a + c")).inputs == ("b", "a", "c")
    assert lower(parse("b*a + c"), given=["c"]).inputs == ("c", "b", "a")


def test_constants_fold_into_rows():
    assert rows("2*x^2") == ["v_1 = v_0²", "v_2 = 2 v_1"]
    assert rows("x*(2*3)") == ["v_1 = v_0 · 2 · 3"]  # a constant product stays as written
    assert rows("sin(pi/3*x)") == ["v_1 = (π/3) v_0", "v_2 = sin(v_1)"]
    assert rows("-2*x") == ["v_1 = -2 v_0"]
    assert rows("x - 1") == ["v_1 = v_0 - 1"]


def test_a_repeated_subexpression_is_one_row_used_twice():
    trace = lower(parse("sin(x*y) + cos(x*y)"))
    assert rows("sin(x*y) + cos(x*y)") == [
        "v_1 = v_{-1} v_0", "v_2 = sin(v_1)", "v_3 = cos(v_1)", "v_4 = v_2 + v_3"]
    users = trace.users()
    assert users[trace.position(1)] == [(2, 0), (3, 0)]


def test_commuted_products_are_not_merged():
    assert len(rows("x*y + y*x")) == 3


def test_constant_one_is_not_row_one():
    # (v_1 and the constant 1 must not share a key when rows are looked up)
    assert rows("(x*y) * 1 + (x*y) * (x*y)") == [
        "v_1 = v_{-1} v_0", "v_2 = v_1 · 1", "v_3 = v_1 v_1", "v_4 = v_2 + v_3"]


def test_a_constant_outside_its_domain_is_an_error_at_once():
    with pytest.raises(DomainError, match=r"the constant ln\(-1\) is undefined"):
        lower(parse("log(-1) + x"))


def test_program_names_label_rows():
    trace = lower(parse("a1 = x1*x2\na2 = a1 + x1\nL = a2^2"))
    assert trace.labels[trace.position(1)] == ("a1",)
    assert trace.outputs == (("L", 3),)
    assert not trace.is_formula


def test_outputs_can_be_chosen():
    trace = lower(parse("a = x*2\nb = a + 1\nc = b*b"), outputs=["a", "c"])
    assert trace.output_names == ("a", "c")
    with pytest.raises(NameProblem, match="no statement assigns 'z'"):
        lower(parse("a = x*2\nb = a + 1"), outputs=["z"])


def test_the_output_of_a_bare_formula_is_y_unless_y_is_an_input():
    assert lower(parse("x*2")).output_names == ("y",)
    assert lower(parse("x*y")).output_names == ("f",)


def test_a_constant_output_is_an_error():
    with pytest.raises(NameProblem, match="does not depend on any input"):
        lower(parse("c = 2*pi"))


@pytest.mark.parametrize("text, given, message", [
    ("a = x*2\nx = 3*a", ["x"], "line 2 assigns it: an input cannot be reassigned"),
    ("b = a + x\na = x", [], "a is used before it is assigned (on line 2)"),
    ("y = y + x", [], "y is used before it is assigned on the same line"),
    ("a = x*2\nb = a*x", ["a"], "a is assigned on line 1, so it is not an input"),
    ("x*y", ["z"], "z is not an input of the formula; its inputs are x, y"),
])
def test_program_errors(text, given, message):
    with pytest.raises((ProgramError, NameProblem)) as info:
        lower(parse(text), given=given)
    assert message in info.value.message


def test_level_order_is_as_early_as_arguments_allow():
    trace = lower(parse("exp(x) * (y + 1) + x"))
    names = [trace.equation(i).op.name for i in range(1, trace.last + 1)]
    assert names == ["exp", "add", "mul", "add"]


def test_large_formulas_lower_in_linear_time():
    import time

    text = "+".join(f"x{i % 7}*y" for i in range(20000))
    start = time.perf_counter()
    trace = lower(parse(text))
    assert trace.last == 7 + 19999
    assert time.perf_counter() - start < 5  # generous: this is a smoke check, not a benchmark


def test_a_name_for_an_input_labels_the_input_row():
    # found by hypothesis: the program "a=b" once crashed lowering
    trace = lower(parse("a = b"))
    assert trace.inputs == ("b",) and trace.outputs == (("a", 0),)
    assert trace.labels == (("a",),)


@pytest.mark.parametrize("formula", ["x + 1e-300/1e100", "x*(1e-200*1e-200)", "x + exp(-1000)",
                                     "s = x\nfor t in range(800):\n    s = s + x*exp(-t)\ny = s"])
def test_a_term_that_underflows_in_code_is_float_arithmetic(formula):
    lower(parse(formula), point={"x": 1.0})  # a decaying term in a loop is ordinary code


@pytest.mark.parametrize("value", ["1e-300/1e100", "1e-200*1e-200", "exp(-1000)", "2^-1100",
                                   "[1, exp(-800)]"])
def test_a_value_that_underflows_is_refused_as_a_tiny_literal_is(value):
    from tracer.core.values import constant_text, parse_values

    with pytest.raises(DomainError, match="too small for a float: it would be 0"):
        parse_values(f"x={value}")
    if not value.startswith("["):
        with pytest.raises(DomainError, match="too small for a float"):
            constant_text(value)


@pytest.mark.parametrize("value", ["1 - 1", "0*5", "0^2", "1e-300*1e-5", "0/3", "exp(-700)"])
def test_a_value_that_is_zero_or_small_is_kept(value):
    from tracer.core.values import parse_values

    parse_values(f"x={value}")


def test_a_loop_variable_given_a_value_is_named_with_its_line():
    text = "y = 0\nfor i in range(3):\n    y = y + i*x"
    with pytest.raises(NameProblem) as info:
        lower(parse(text), given=["x", "i"], point={"x": 1, "i": 2})
    assert info.value.message.startswith("i is assigned on line 2, so it is not an input")
    assert info.value.where() == (2, 4, "for i in range(3):")


def test_after_a_large_build_what_was_built_is_old_and_the_callers_frozen_stay_frozen():
    import gc

    from tracer.core.lower import paused_gc

    gc.collect()
    with paused_gc():
        built = [(k, [k]) for k in range(60_000)]  # 120,000 tracked objects
    assert gc.get_count()[0] < 1_000  # handed to the oldest generation, not rescanned as young
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        with paused_gc():
            more = [(k, [k]) for k in range(60_000)]
        assert gc.get_freeze_count() == frozen  # a caller's gc.freeze() is left as it was
    finally:
        gc.unfreeze()
    assert len(built) == len(more)


def test_after_a_small_build_the_collector_counts_on_as_before():
    import gc

    from tracer.core.lower import paused_gc

    gc.collect()
    young = [[k] for k in range(300)]
    before = gc.get_count()[0]
    with paused_gc():
        lower(parse("y = x*x"), point={"x": 1})
    assert gc.get_count()[0] >= before  # the young count is not reset: cycles still collected
    assert len(young) == 300


@pytest.mark.parametrize("program", [
    "if x > 0:\n    y = x*x\nelse:\n    y = w",
    "y = x*x if x > 0 else w",
    "def f(t):\n    return t*w\ny = x*x",  # f is never called
])
def test_a_name_read_only_off_the_path_is_an_input_with_derivative_zero(program):
    """w is read only where the run did not go: it was refused ("w is not an input of the
    formula"), so a file's @at had to change with the point; as in Python and PyTorch, it is
    an input all the same, and the derivatives along it are 0 here."""
    from tracer import pipeline

    ev = pipeline.prepare(program, {"x": 0.5, "w": 2})
    assert ev.trace.inputs == ("x", "w")
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 1.0, "w": 0}
    assert pipeline.run_forward(ev).jacobian["y"] == {"x": 1.0, "w": 0}


@pytest.mark.parametrize("program, kind", [
    ("y = x*x", "formula"),  # w nowhere: a misspelling, most likely
    ("def f(w):\n    return w*2\ny = x*x", "program"),  # only f's own parameter is named w
    ("y = sum([w*2 for w in [x, x]])", "formula"),  # only the comprehension's own w
])
def test_a_name_the_program_never_reads_as_an_input_is_still_refused(program, kind):
    from tracer import pipeline

    with pytest.raises(NameProblem, match=f"^w is not an input of the {kind}; its inputs are x$"):
        pipeline.prepare(program, {"x": 0.5, "w": 2})


def test_decisions_made_without_the_dataclass_init_equal_the_dataclass_made_ones():
    from dataclasses import FrozenInstanceError

    from tracer.core.builder import _control
    from tracer.core.wengert import Control

    values = (3, "for", "for i in range(2)", ("i = ", 1.0), True, 2, 17, False, (1, -1))
    made = _control(values)
    assert made == Control(*values) and hash(made) == hash(Control(*values))
    assert made.reads == (1, -1) and made.after == 3 and made.kind == "for"
    with pytest.raises(FrozenInstanceError):
        made.after = 4  # type: ignore[misc]


def test_each_decision_stands_after_the_last_row_made_before_it_in_either_order():
    text = "s = x\nfor i in range(3):\n    s = sin(s) + i*y\nz = s*x"
    # source: step 1 (i = 0) makes sin(s) and the sum (0*y is 0); steps 2 and 3 make three
    # rows each. level: a decision stands after the last, in level order, of the rows made
    # before it.
    for order, after in (("source", [0, 3, 6]), ("level", [0, 5, 7])):
        trace = lower(parse(text), order=order, point={"x": 0.5, "y": 0.2})
        assert [c.iteration for c in trace.controls] == [1, 2, 3]
        assert [c.after for c in trace.controls] == after
        assert not any(c.reads for c in trace.controls)  # range's counter: constants alone


def test_a_loop_counter_is_the_constant_arrays_const_makes_even_past_1e15():
    from tracer.core.arrays import const
    from tracer.core.interpret import _counted

    for steps in (range(4), range(-3, 3), range(10**15 - 2, 10**15 + 2),
                  range(-10**16, -10**16 + 3)):
        assert list(_counted("i = ", steps)) == [(("i = ", float(k)), const(k)) for k in steps]


def test_backward_lines_name_the_outputs_by_the_values_they_take():
    """y.backward() takes the value y holds on its line. One value of y differentiated (any
    number of times) is the output y, even when a later line gives y another value; several
    are named as the rows are labelled (y, y′, …), and --output may name one so."""
    once = lower(parse("x = Value(2.0)\ny = x*x\ny.backward()\ny.backward()\ny = y + 1"),
                 point={"x": 2.0})
    assert once.output_names == ("y",) and once.backward == ("y", "y")
    assert once.labels[once.position(dict(once.outputs)["y"])] == ("y",)  # x*x, not y + 1
    several = "x = Value(2.0)\ny = x*x\ny.backward()\ny = y + x\ny.backward()\nz = y*3"
    trace = lower(parse(several), point={"x": 2.0})
    assert trace.output_names == ("y", "y′") and trace.backward == ("y", "y′")
    assert [trace.labels[trace.position(row)] for _, row in trace.outputs] == [("y",), ("y′",)]
    picked = lower(parse(several), outputs=["y′"], point={"x": 2.0})
    assert picked.outputs == (("y′", dict(trace.outputs)["y′"]),) and picked.backward == ()
    with pytest.raises(NameProblem, match="no statement assigns 'y″'"):
        lower(parse(several), outputs=["y″"], point={"x": 2.0})
