"""Values a user writes (tracer.core.values): --at, --seed, --step and constants alone."""

from __future__ import annotations

import math

import pytest

from tracer.core.arrays import Array
from tracer.core.nodes import Call, Name, Num
from tracer.core.ops import BY_NAME
from tracer.core.runs import ONES
from tracer.core.values import (
    constant,
    constant_text,
    merge_values,
    parse_seeds,
    parse_values,
)
from tracer.core.wengert import Const
from tracer.errors import DomainError, NameProblem, ParseError, TracerError


def _floats(value):
    return [c.value for c in value.items] if isinstance(value, Array) else value.value


def test_constant_folds_a_tree_of_numbers_through_the_op_table():
    tree = Call(BY_NAME["add"], (Num(2.0, "2"), Call(BY_NAME["mul"], (Num(3.0, "3"),
                                                                       Num(4.0, "4")))))
    assert constant(tree, "2+3*4").value == 14.0


def test_constant_refuses_a_name_at_its_position():
    with pytest.raises(NameProblem, match=r"^y is not a constant") as err:
        constant(Call(BY_NAME["add"], (Num(1.0, "1"), Name("y", 2))), "1+y")
    assert err.value.pos == 2 and err.value.source == "1+y"


def test_parse_values_reads_numbers_and_negatives():
    out = parse_values("x1=3, x2=-4")
    assert list(out) == ["x1", "x2"]
    assert out["x1"].value == 3.0 and out["x2"].value == -4.0
    assert all(isinstance(v, Const) for v in out.values())


def test_parse_values_keeps_the_expression_as_written():
    out = parse_values("x=pi/3")
    assert out["x"].value == pytest.approx(1.0471975511965976)
    assert isinstance(out["x"].expr, Call) and out["x"].expr.op.name == "div"


def test_parse_values_folds_a_two_argument_log():
    assert parse_values("x=log(8, 2)")["x"].value == pytest.approx(3.0)


def test_parse_values_reads_a_matrix_row_by_row():
    a = parse_values("a=[[0.1, 2], [3, 4]]")["a"]
    assert isinstance(a, Array) and a.shape == (2, 2)
    assert _floats(a) == [0.1, 2.0, 3.0, 4.0]


def test_parse_values_reads_arange():
    a = parse_values("a=arange(4)")["a"]
    assert a.shape == (4,) and _floats(a) == [0.0, 1.0, 2.0, 3.0]


def test_parse_values_one_element_array():
    a = parse_values("a=[5]")["a"]
    assert a.shape == (1,) and _floats(a) == [5.0]


def test_parse_values_refuses_an_empty_array():
    with pytest.raises(NameProblem, match=r"^a is given an empty array \(0,\): give it at "
                                          r"least one element$"):
        parse_values("a=[]")


def test_parse_values_refuses_a_name_given_twice_at_the_second():
    with pytest.raises(NameProblem, match=r"^x is given twice$") as err:
        parse_values("x=1, x=2")
    assert err.value.pos == 5


def test_parse_values_refuses_a_name_as_a_value():
    with pytest.raises(NameProblem, match=r"^y is not a constant"):
        parse_values("x=y")


def test_parse_values_refuses_empty_text():
    with pytest.raises(ParseError, match="expected name=value"):
        parse_values("")


@pytest.mark.parametrize("text", ["x=1e-300/1e100", "x=exp(-1000)"])
def test_parse_values_refuses_a_constant_that_underflows(text):
    with pytest.raises(DomainError, match="too small for a float: it would be 0"):
        parse_values(text)


def test_parse_values_keeps_an_exact_zero_product():
    # 0*5 is 0 in the reals too: not an underflow
    assert parse_values("x=0*5")["x"].value == 0.0


def test_parse_values_domain_error_of_a_constant():
    with pytest.raises(DomainError, match="log needs a positive argument"):
        parse_values("x=log(-1)")


def test_parse_seeds_reads_ones_and_numbers():
    out = parse_seeds("c=ones, d=2")
    assert out["c"] == ONES and out["d"].value == 2.0


def test_parse_seeds_reads_ones_like():
    assert parse_seeds("c=ones_like")["c"] == ONES


def test_parse_seeds_refuses_a_name_given_twice():
    with pytest.raises(NameProblem, match=r"^c is given twice$"):
        parse_seeds("c=ones, c=2")


def test_parse_seeds_refuses_an_empty_array():
    with pytest.raises(NameProblem, match="empty array"):
        parse_seeds("c=[]")


def test_merge_values_joins_several_options():
    out = merge_values(["x=1", "y=2, z=3"])
    assert {k: v.value for k, v in out.items()} == {"x": 1.0, "y": 2.0, "z": 3.0}


def test_merge_values_of_nothing_is_empty():
    assert merge_values([]) == {}


def test_merge_values_refuses_a_name_in_two_options():
    with pytest.raises(NameProblem, match=r"^x is given twice$") as err:
        merge_values(["x=1", "y=3, x=2"])
    assert err.value.source == "y=3, x=2" and err.value.pos == 5


def test_constant_text_reads_one_number():
    assert constant_text("0.5").value == 0.5
    assert constant_text("1/3").value == pytest.approx(1 / 3)
    assert constant_text("2^10").value == 1024.0


def test_constant_text_refuses_two_numbers():
    with pytest.raises(TracerError, match=r"^expected a single number$") as err:
        constant_text("1, 2")
    assert err.value.pos == 1


def test_constant_text_refuses_an_array():
    with pytest.raises(TracerError, match=r"^expected a single number, not an array$"):
        constant_text("[1, 2]")


def test_constant_text_refuses_a_name():
    with pytest.raises(NameProblem, match=r"^x is not a constant"):
        constant_text("x")


def test_constant_text_refuses_division_by_zero():
    with pytest.raises(DomainError, match="division by zero"):
        constant_text("1/0")


def test_constant_text_underflow_is_refused_unless_asked():
    with pytest.raises(DomainError, match="too small for a float"):
        constant_text("exp(-1000)")
    assert constant_text("exp(-1000)", underflow=True).value == 0.0


def test_constant_text_of_pi_is_pi():
    assert constant_text("pi").value == math.pi


def test_merge_values_points_at_the_binding_not_a_longer_name():
    # "x" first occurs inside "x1": the caret belongs under the x of "x=2" (offset 6)
    with pytest.raises(NameProblem, match=r"^x is given twice$") as err:
        merge_values(["x=1", "x1=3, x=2"])
    assert err.value.pos == 6


@pytest.mark.parametrize(("texts", "pos"), [
    (["c[0,1]=1", "d=2, c[0,1]=2"], 5),
    (["x = 1", "y=2,  x = 2"], 6),
    (["ax=1", "bax=2, ax=3"], 7),  # ax inside bax is not its binding
])
def test_merge_values_points_at_the_second_binding(texts, pos):
    with pytest.raises(NameProblem, match="is given twice") as err:
        merge_values(texts)
    assert err.value.pos == pos
