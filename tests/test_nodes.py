"""Expression trees: small immutable tuples, walked without recursion."""

from __future__ import annotations

from tracer.core.nodes import Call, Name, Num, depth, walk
from tracer.core.ops import BY_NAME
from tracer.core.parse import parse


def test_walk_is_post_order_and_iterative():
    expr = parse("a*b + c").statements[0].expr
    names = [n.name if isinstance(n, Name) else n.op.name for n in walk(expr)]
    assert names == ["a", "b", "mul", "c", "add"]
    deep = Num(1.0)
    for _ in range(20000):
        deep = Call(BY_NAME["neg"], (deep,))
    assert len(walk(deep)) == 20001


def test_depth_is_capped():
    expr = parse("((((x))))+1").statements[0].expr
    assert depth(expr, 100) == 2
    assert depth(parse("-" * 50 + "x").statements[0].expr, 10) == 10


def test_nodes_are_immutable_values():
    assert Num(2.0, "2") == Num(2.0, "2") and hash(Name("x", 0)) == hash(Name("x", 0))
