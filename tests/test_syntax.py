"""A parsed program as plain data (tracer.core.syntax): trees from postfix code, and what a
Statement and a Program say about themselves."""

from __future__ import annotations

import pytest

from tracer.core.nodes import Call as CallNode
from tracer.core.nodes import Name, Num
from tracer.core.ops import BY_NAME
from tracer.core.parse import parse
from tracer.core.syntax import (
    Apply,
    Call,
    Directive,
    If,
    ListOf,
    Ref,
    Statement,
    tree,
)
from tracer.core.wengert import Const


def test_tree_of_the_worked_example_without_tokens():
    # a*b + sin(c) is [Ref(a), Ref(b), Apply(mul), Ref(c), Apply(sin), Apply(add)]
    mul, sin, add = BY_NAME["mul"], BY_NAME["sin"], BY_NAME["add"]
    code = (Ref("a", 0), Ref("b", 2), Apply(mul, 1), Ref("c", 6), Apply(sin, 4),
            Apply(add, 3))
    assert tree(code) == CallNode(add, (CallNode(mul, (Name("a"), Name("b"))),
                                        CallNode(sin, (Name("c"),))))


def test_tree_of_one_number_is_that_number():
    assert tree((Const(2.0, Num(2.0, "2")),)) == Num(2.0, "2")


def test_tree_of_a_name_alone():
    assert tree((Ref("x", 0),)) == Name("x")


def test_tree_reads_a_call_of_an_elementary_function_as_its_op():
    code = (Ref("a", 0), Ref("b", 2), Call("max", 2, 4))
    node = tree(code)
    assert isinstance(node, CallNode) and node.op.name == "max"
    assert node.args == (Name("a"), Name("b"))


def test_tree_of_array_code_is_refused():
    code = (Const(1.0, Num(1.0, "1")), Const(2.0, Num(2.0, "2")), ListOf(2, 0))
    with pytest.raises(ValueError, match="array code has no tree"):
        tree(code)


def test_statement_tree_positions_are_character_offsets():
    st = parse("a*b + sin(c)").statements[0]
    # a0 *1 b2 +4 s6 c10: the parser's token numbers become offsets in the source
    assert st.expr == CallNode(BY_NAME["add"], (
        CallNode(BY_NAME["mul"], (Name("a", 0), Name("b", 2)), 1),
        CallNode(BY_NAME["sin"], (Name("c", 10),), 6)), 4)


def test_statement_rpn_is_the_tree_in_post_order():
    st = parse("y = x^2").statements[0]
    kinds = [type(n).__name__ for n in st.rpn]
    assert kinds == ["Name", "Num", "Call"] and st.rpn[-1].op.name == "pow"


def test_statement_expr_is_built_once():
    st = parse("y = x^2").statements[0]
    assert st.expr is st.expr


def test_scalar_statement_and_array_statement():
    assert parse("y = x*2").statements[0].scalar
    assert not parse("y = sum([1, 2])").statements[0].scalar


def test_formula_and_program_kinds():
    one = parse("x1*x2 + x2 - log(x1)")
    assert one.is_formula and one.kind == "formula" and one.straight
    assert parse("y = x^2").is_formula
    two = parse("x = 1\ny = x*2")
    assert not two.is_formula and two.kind == "program" and two.straight


def test_augmented_and_element_assignments_are_not_a_formula():
    aug = parse("c = 1\nc += 2").statements[1]
    assert isinstance(aug, Statement) and aug.op is BY_NAME["add"] and aug.target == "c"
    assert not parse("c += 2").is_formula


def test_a_branch_is_not_straight():
    program = parse("if x > 0:\n    y = x\nelse:\n    y = -x")
    assert isinstance(program.statements[0], If)
    assert not program.straight and program.kind == "program"
    assert program.assigned == frozenset({"y"})


def test_assigned_names_every_target():
    assert parse("x = 1\ny = x*2").assigned == frozenset({"x", "y"})
    assert parse("a*b").assigned == frozenset()


def test_directive_keeps_its_text_and_where_it_starts():
    program = parse("@at x=1\ny=x")
    assert program.directives == (Directive("at", " x=1", 3),)
    assert program.is_formula
