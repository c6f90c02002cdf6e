"""The trace as data: Baydin's row numbering, uses, operation counts."""

from __future__ import annotations

import dataclasses

import pytest

from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.core.wengert import Const, Equation


def test_numbering():
    t = lower(parse("x1*x2+x2-log(x1)"))
    assert (t.n, t.first, t.last) == (2, -1, 4)
    assert list(t.indices()) == [-1, 0, 1, 2, 3, 4]
    assert [t.position(i) for i in t.indices()] == [0, 1, 2, 3, 4, 5]
    assert t.index(0) == -1 and t.input_index("x2") == 0
    assert t.equation(1) == Equation(t.equations[0].op, (-1, 0), t.equation(1).pos)
    assert t.offset(t.equation(1).pos) == 2  # where in the source: the '*' of x1*x2
    assert t.output_names == ("y",)


def test_uses_and_operations():
    t = lower(parse("x1*x2+x2-log(x1)"))
    assert t.users()[t.position(-1)] == [(1, 0), (2, 0)]
    assert list(t.row_args(1)) == [(0, -1), (1, 0)]
    assert t.operations == 7


def test_constants_fold_into_equations():
    t = lower(parse("2*x"))
    (eq,) = t.equations
    assert isinstance(eq.args[0], Const) and eq.args[0].value == 2.0 and eq.args[1] == 0
    assert t.operations == 1


def test_a_trace_is_frozen():
    t = lower(parse("x*2"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.inputs = ("y",)  # type: ignore[misc]


def test_depth_is_the_longest_chain():
    assert lower(parse("x1*x2+x2-log(x1)")).depth == 3
    assert lower(parse("x")).depth == 0
    assert lower(parse("sin(" * 3000 + "x" + ")" * 3000)).depth == 3000


def test_needed_marks_the_rows_and_inputs_some_rows_depend_on():
    """Trace.needed: what the rows asked for read, through every row between (check's rows
    of one output, evaluate's 'no output uses this value')."""
    from tracer.core.lower import lower
    from tracer.core.parse import parse

    trace = lower(parse("a = x*y\nb = sin(x)\nc = a + 1"), order="source")  # c reads a, not b
    c = dict(trace.outputs)["c"]
    needed = trace.needed([c])
    shown = {trace.index(p) for p, yes in enumerate(needed) if yes}
    a, b = c - 2, c - 1  # source order: a, b, c
    assert shown == {trace.input_index("x"), trace.input_index("y"), a, c}
    assert b not in shown
    assert all(trace.needed([c, b]))


def test_one_output_names_the_outputs_when_there_are_several():
    """Every command that takes one output (check, hessian, derivatives, plot, --step) says so
    in one sentence, naming the program's outputs and one to choose."""
    from tracer.errors import NameProblem

    t = lower(parse("a = x*2\nb = x + 1\nc = sin(x)\nd = x^2"), outputs=["a", "b", "c", "d"])
    with pytest.raises(NameProblem) as exc:
        t.one_output("a plot draws one output")
    assert str(exc.value) == ("a plot draws one output, and this program has 4 (a, b, c, …); "
                              "choose one with --output a")
    one = lower(parse("x1*x2"))
    assert one.one_output("check compares one output at a time") == one.outputs[0]
    two = lower(parse("y1 = x*2; y2 = x*3"), outputs=["y1", "y2"])
    assert str(two.several_outputs("it")) == ("it, and this program has 2 (y1, y2); choose one "
                                              "with --output y1")
