"""Values a user writes: ``--at x1=3, x2=-4``, ``--seed c=ones``, ``--step 0.5``, ``@at`` lines.

A value is a constant expression, read by tracer's own parser and folded through the op table
(``pi/3``, ``log(8, 2)``, ``-4``), or an array of them (``[[0.1, -0.3], [1.2, 0.5]]``,
``arange(4)``); a name in a value is an error, so nothing a user writes is ever run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tracer.core.arrays import Array, show
from tracer.core.builder import const_text, fold
from tracer.core.nodes import Call, Name, Node, Num, walk
from tracer.core.parse import parse_assignments
from tracer.core.runs import MEAN, ONES
from tracer.core.wengert import Const
from tracer.errors import DomainError, NameProblem, TracerError


def constant(expr: Node, source: str) -> Const:
    """Evaluate a constant expression tree (numbers, pi, e, ops); a name in it is an error."""
    stack: list[Const] = []
    for node in walk(expr):
        if isinstance(node, Num):
            stack.append(Const(node.value, node))
        elif isinstance(node, Name):
            raise NameProblem(
                f"{node.name} is not a constant: a value is a number or a constant expression "
                "such as pi/3", source, node.pos)
        else:
            assert isinstance(node, Call)
            n = len(node.args)
            args = stack[len(stack) - n:] if n else []
            del stack[len(stack) - n:]
            stack.append(fold(node.op, args, node.pos, source))
    return stack[-1]


def parse_seeds(text: str) -> dict[str, Any]:
    """``--seed`` values: as ``parse_values``, ``c=ones`` for every element of c, and
    ``c=mean``, 1/n for each of c's n elements (``c.mean().backward()``)."""
    from tracer.core.interpret import constant as value_of
    from tracer.core.syntax import Ref

    out: dict[str, Any] = {}
    for name, statement, pos in parse_assignments(text, frozenset({"ones", "ones_like",
                                                                   "mean"})):
        if name in out:
            raise NameProblem(f"{name} is given twice", text, pos)
        code = statement.code
        word = code[0].name if len(code) == 1 and type(code[0]) is Ref else None
        out[name] = ONES if word in ("ones", "ones_like") else MEAN if word == "mean" else \
            _filled(name, value_of(statement), text, pos)
    return out


def _filled(name: str, value: Any, text: str, pos: int) -> Any:
    """A value with something in it: an empty array names no element to give a value to."""
    if isinstance(value, Array) and not value.items:
        raise NameProblem(f"{name} is given an empty array {show(value.shape)}: give it at "
                          "least one element", text, pos)
    return value


def parse_values(text: str) -> dict[str, Any]:
    """``x1=3, x2=-4, a=[[0.1, 2], [3, 4]]`` → {name: Const or Array of Consts}; a name given
    twice is an error."""
    from tracer.core.interpret import constant as value_of

    out: dict[str, Any] = {}
    for name, statement, pos in parse_assignments(text):
        if name in out:
            raise NameProblem(f"{name} is given twice", text, pos)
        out[name] = _filled(name, value_of(statement), text, pos)
        for const in out[name].items if isinstance(out[name], Array) else (out[name],):
            _no_underflow(const, text, pos)
    return out


def _no_underflow(value: Any, text: str, pos: int) -> None:
    """A value given as a constant expression that underflows to 0 on its way (1e-300/1e100,
    exp(-1000)) is refused as a literal below the float range is (the op table's ``zero``
    says where a product, quotient, power or exp is exactly 0). In a program's code a term
    that underflows is ordinary float arithmetic, and stays."""
    if not isinstance(value, Const) or type(value.expr) is not Call:
        return
    computed: dict[int, float] = {}
    stack: list[tuple[Any, bool]] = [(value.expr, False)]
    while stack:
        node, ready = stack.pop()
        if type(node) is not Call:
            continue
        if not ready:
            stack.append((node, True))
            stack += [(a, False) for a in node.args]
            continue
        args = [computed.get(id(a), getattr(a, "value", None)) for a in node.args]
        if any(not isinstance(a, (int, float)) for a in args):
            continue
        try:
            y = node.op.value(*args)
        except (ArithmeticError, ValueError):
            continue
        computed[id(node)] = y
        if y == 0 and node.op.zero is not None and not node.op.zero(*args):
            raise DomainError(f"the constant {const_text(node)} is too small for a float: it "
                              "would be 0 (the smallest positive float is about 5e-324)",
                              text, pos)


def merge_values(texts: Sequence[str]) -> dict[str, Const]:
    """Several ``--at`` options as one point; a name in two of them is an error."""
    out: dict[str, Const] = {}
    for text in texts:
        for name, value in parse_values(text).items():
            if name in out:
                raise NameProblem(f"{name} is given twice", text, _binding(name, text))
            out[name] = value
    return out


def _binding(name: str, text: str) -> int:
    """Where ``name=`` is written in ``text``: in ``x1=3, x=2`` the x of ``x=2`` (offset 6),
    not the x that begins x1."""
    found = re.search(rf"(?<![\w.\]]){re.escape(name)}\s*=", text)
    return found.start() if found else text.find(name)


def constant_text(text: str, underflow: bool = False) -> Const:
    """A constant expression written alone (``0.5``, ``1/3``); with ``underflow``, one that
    underflows on its way (``exp(-1000)``) is the 0 float arithmetic makes of it, as a
    student's answer is read (and the worksheet reads it), not refused as a value given
    with --at is."""
    from tracer.core.interpret import constant as value_of
    from tracer.core.parse import Parser
    from tracer.core.syntax import Statement

    p = Parser(text)
    code = p.expression(frozenset({";", ","}))
    if p.toks[p.i] != "":
        raise TracerError("expected a single number", text, p.tokens.offset(p.i))
    value = value_of(Statement(None, tuple(code), 0, p.tokens))
    if not isinstance(value, Const):
        raise TracerError("expected a single number, not an array", text, 0)
    if not underflow:
        _no_underflow(value, text, 0)
    return value
