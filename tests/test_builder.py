"""The builder (tracer.core.builder): rows shared and folded, levels, ordering, assembly."""

from __future__ import annotations

import gc
import math

import pytest

from tracer.core.builder import (
    FOLDED_DEPTH,
    Builder,
    const_text,
    fold,
    paused_gc,
)
from tracer.core.lexer import Tokens
from tracer.core.nodes import Call, Num
from tracer.core.ops import BY_NAME
from tracer.core.parse import parse
from tracer.core.wengert import Const
from tracer.errors import DomainError, LimitError

LECTURE = "x1*x2+x2-log(x1)"


def _c(value: float) -> Const:
    return Const(value, Num(value, repr(value)))


def _lecture() -> tuple[Builder, int]:
    """x1*x2 + x2 - log(x1) emitted as the interpreter emits it (in execution order)."""
    b = Builder(Tokens(LECTURE))
    x1, x2 = b.input("x1", 0), b.input("x2", 2)
    v1 = b.apply(BY_NAME["mul"], [x1, x2], 1)
    v2 = b.apply(BY_NAME["add"], [v1, x2], 3)
    v3 = b.apply(BY_NAME["log"], [x1], 6)
    return b, b.apply(BY_NAME["sub"], [v2, v3], 5)


def test_inputs_are_numbered_from_minus_one_once_each():
    b = Builder(Tokens("x+y+x"))
    assert [b.input("x", 0), b.input("y", 2), b.input("x", 4)] == [-1, -2, -1]
    assert b.inputs == ["x", "y"] and b.input_pos == [0, 2]


def test_rows_have_levels_one_below_their_deepest_argument():
    b, out = _lecture()
    assert out == 3 and b.levels == [1, 2, 1, 3]


def test_a_subexpression_computed_twice_is_one_row():
    b, _ = _lecture()
    assert b.apply(BY_NAME["log"], [-1], 6) == 2
    assert b.apply(BY_NAME["mul"], [-1, -2], 1) == 0
    assert len(b.rows) == 4


def test_a_constant_is_not_a_row_of_the_same_number():
    # x*1 and x*row 1 share nothing: the constant 1 is tagged, not read as row 1
    b = Builder(Tokens("x"))
    x = b.input("x", 0)
    first = b.apply(BY_NAME["sin"], [x], 0)
    second = b.apply(BY_NAME["sin"], [first], 0)
    assert b.apply(BY_NAME["mul"], [x, second], 0) != b.apply(BY_NAME["mul"], [x, _c(1.0)], 0)
    assert len(b.rows) == 4


def test_constants_fold_at_lowering_time():
    b = Builder(Tokens("2*3"))
    folded = b.apply(BY_NAME["mul"], [_c(2.0), _c(3.0)], 1)
    assert isinstance(folded, Const) and folded.value == 6.0 and b.rows == []
    assert b.apply(BY_NAME["neg"], [_c(2.0)], 0).value == -2.0


def test_row_gives_op_and_arguments_of_unary_and_binary_rows():
    b, _ = _lecture()
    assert b.row(0) == (BY_NAME["mul"], (-1, -2))
    assert b.row(2) == (BY_NAME["log"], (-1,))


def test_level_order_is_the_lecture_table_1():
    b, out = _lecture()
    assert b.order("level") == [0, 2, 1, 3]
    trace = b.assemble(parse(LECTURE), "level", ["x1", "x2"], [("y", out)])
    assert trace.inputs == ("x1", "x2")
    # v1 = v-1*v0, v2 = ln v-1, v3 = v1 + v0, v4 = v3 - v2
    assert [(e.op.name, e.args) for e in trace.equations] == [
        ("mul", (-1, 0)), ("log", (-1,)), ("add", (1, 0)), ("sub", (3, 2))]
    assert trace.outputs == (("y", 4),) and trace.order == "level" and trace.is_formula
    assert trace.input_pos == (0, 2)


def test_source_order_and_the_given_inputs_first():
    b, out = _lecture()
    assert b.order("source") == [0, 1, 2, 3]
    trace = b.assemble(parse(LECTURE), "source", ["x2"], [("y", out)])
    assert trace.inputs == ("x2", "x1")
    assert [(e.op.name, e.args) for e in trace.equations] == [
        ("mul", (0, -1)), ("add", (1, -1)), ("log", (0,)), ("sub", (2, 3))]
    assert trace.input_pos == (2, 0)


def test_a_given_name_never_read_is_not_an_input():
    b, out = _lecture()
    assert b.assemble(parse(LECTURE), "level", ["z", "x1"], [("y", out)]).inputs == \
        ("x1", "x2")


def test_labels_one_name_then_a_list():
    b, out = _lecture()
    b.label(0, "a")
    b.label(0, "b")
    b.label(0, "c")
    b.label(3, "y")
    b.label(_c(1.0), "ignored")  # a constant has no row to name
    assert b.labels == {0: ["a", "b", "c"], 3: "y"}
    trace = b.assemble(parse(LECTURE), "level", ["x1", "x2"], [("y", out)])
    # positions: v-1, v0, v1 (row 0), v2, v3, v4 (row 3)
    assert trace.labels == ((), (), ("a", "b", "c"), (), (), ("y",))


def test_controls_stand_after_the_last_row_before_them_and_record_reads():
    b = Builder(Tokens("x"))
    x = b.input("x", 0)
    b.control("if", "x > 0", (3.0, " > ", 0.0), True, None, 0, reads=(x,))
    assert b.last_reads == (-1,)
    row = b.apply(BY_NAME["sin"], [x], 0)
    b.control("while", "i < 2", (0, " < ", 2), True, 1, 0)
    assert b.last_reads == ()
    trace = b.assemble(parse("x"), "level", ["x"], [("y", row)])
    first, second = trace.controls
    assert (first.after, first.kind, first.on_inputs, first.reads) == (0, "if", True, (0,))
    assert (second.after, second.kind, second.iteration, second.on_inputs) == \
        (1, "while", 1, False)


def test_too_many_rows_is_refused_with_the_limit():
    b = Builder(Tokens("x"), max_rows=2)
    x = b.input("x", 0)
    b.apply(BY_NAME["sin"], [x], 0)
    b.apply(BY_NAME["cos"], [x], 0)
    with pytest.raises(LimitError, match=r"^the trace would have more than 2 rows: tracer "
                                         r"traces programs of at most 2 rows"):
        b.apply(BY_NAME["exp"], [x], 0)


def test_too_many_rows_in_a_loop_names_the_loop_line():
    b = Builder(Tokens("x\nx"), max_rows=1)
    x = b.input("x", 0)
    b.apply(BY_NAME["sin"], [x], 0)
    b.loop = ("while", 2)  # token 2: x \n x
    with pytest.raises(LimitError, match=r"\(the while loop on line 2 runs on\): does the "
                                         r"loop end\?"):
        b.apply(BY_NAME["cos"], [x], 0)


def test_fold_keeps_the_expression_as_written():
    out = fold(BY_NAME["add"], [_c(1.0), _c(2.0)], 1, "1+2")
    assert out.value == 3.0 and isinstance(out.expr, Call) and out.expr.op.name == "add"
    assert const_text(out.expr) == "1.0 + 2.0"


def test_fold_of_a_value_already_folded_is_shown_as_its_value():
    bare = Const(5.0, Num(5.0, None))
    out = fold(BY_NAME["mul"], [bare, _c(2.0)], 3, "")
    assert out == Const(10.0, Num(10.0, None, 3))


def test_fold_beyond_the_folded_depth_shows_the_value():
    total = _c(1.0)
    for _ in range(FOLDED_DEPTH + 2):
        total = fold(BY_NAME["add"], [total, _c(1.0)], 0, "")
    assert total.value == FOLDED_DEPTH + 3.0
    assert total.expr == Num(FOLDED_DEPTH + 3.0, None, 0)


def test_fold_domain_error_names_the_constant_and_reason():
    with pytest.raises(DomainError, match=r"^the constant ln\(-1.0\) is undefined: log needs "
                                          r"a positive argument, got -1$") as err:
        fold(BY_NAME["log"], [_c(-1.0)], 4, "log(-1)")
    assert err.value.pos == 4 and err.value.source == "log(-1)"


def test_fold_error_points_at_where_when_given():
    with pytest.raises(DomainError) as err:
        fold(BY_NAME["div"], [_c(1.0), _c(0.0)], 4, "1/0", where=1)
    assert err.value.pos == 1


def test_fold_overflow_is_named_as_such():
    with pytest.raises(DomainError, match=r"exp\(1000.0\) overflows: it is too large for a "
                                          r"float \(above 1.8e308\)$"):
        fold(BY_NAME["exp"], [_c(1000.0)], 0, "exp(1000)")


def test_fold_of_an_infinite_argument_is_not_an_overflow():
    with pytest.raises(DomainError, match="is undefined"):
        fold(BY_NAME["sin"], [_c(math.inf)], 0, "")


def test_paused_gc_pauses_and_resumes():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_gc_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_paused_gc_resumes_after_an_error():
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("x")
    assert gc.isenabled()
