"""Lowering: a parsed formula or program becomes an evaluation trace.

- Inputs are the names never assigned, numbered ``v_{1-n} … v_0`` in the order the user gave
  values for them (``--at``), then in order of first appearance.
- Constants fold into the row that uses them: ``2*x^2`` is ``v_1 = v_0^2``, ``v_2 = 2 v_1``;
  a subexpression made only of constants (``pi/3``) becomes one constant.
- A subexpression written twice is computed once: one row, used twice. Reverse mode then sums
  two adjoint contributions into it, which is the point students must see.
- Rows are ordered by level (each row as early as its arguments allow, ties in source order:
  this reproduces the lecture's Tables 1-3) or, with ``order="source"``, in plain evaluation
  order.

Everything is iterative: a 10^5-row formula or 5,000 nested parentheses lower without recursion.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from tracer.core.nodes import Call, Name, Node, Num
from tracer.core.ops import Op
from tracer.core.parse import Program
from tracer.core.wengert import Const, Equation, Trace
from tracer.errors import DomainError, NameProblem, ProgramError

ORDERS = ("level", "source")
_new = tuple.__new__  # NamedTuple construction without its Python-level __new__

# An operand while lowering: a Const, a row (>= 0, creation order) or an input (-1 - k).
Operand = int | Const


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large trace.

    A 10^5-row trace is a few hundred thousand small tuples, none of them in cycles; letting
    the collector rescan them as they pile up costs more than building them (see STYLE.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fold(op: Op, args: Sequence[Const], pos: int, source: str) -> Const:
    """Evaluate an op on constants at lowering time, with the same domain checks as rows."""
    values = [a.value for a in args]
    expr = Call(op, tuple(a.expr for a in args), pos)
    try:
        value = op.value(*values)
    except (ValueError, ZeroDivisionError, OverflowError):
        value = math.nan
    if not math.isfinite(value):
        reason = (op.domain(*values) if op.domain else None) or "the result is not a finite number"
        raise DomainError(f"the constant {_const_text(expr)} is undefined: {reason}", source, pos)
    return Const(value, expr)


def _const_text(expr: Node) -> str:
    from tracer.core.printer import TEXT, render

    return render(expr, TEXT)


def lower(
    program: Program,
    order: str = "level",
    given: Sequence[str] = (),
    outputs: Sequence[str] | None = None,
) -> Trace:
    """Lower ``program`` into a trace.

    ``given`` are the names the user supplies values for, in the order given: they become the
    first inputs. ``outputs`` names the outputs (default: the last assignment).
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    source = program.source
    statements = program.statements
    assigned: dict[str, int] = {}
    for k, st in enumerate(statements):
        if st.target is None:
            continue
        if st.target in assigned:
            first = statements[assigned[st.target]]
            line = source.count("\n", 0, first.pos) + 1
            raise ProgramError(
                f"{st.target} is assigned twice (first on line {line}); "
                "each name is assigned once", source, st.pos)
        assigned[st.target] = k

    env: dict[str, Operand] = {}
    input_names: list[str] = []
    input_ids: dict[str, int] = {}
    input_pos: list[int] = []
    rows: list[tuple[Op, tuple[Operand, ...], int]] = []
    levels: list[int] = []
    labels: dict[int, list[str]] = {}
    shared: dict[tuple, int] = {}

    for k, st in enumerate(statements):
        stack: list[Operand] = []
        push = stack.append
        for node in st.rpn:  # post-order: every argument is on the stack before its call
            kind = type(node)
            if kind is Name:
                name = node.name  # type: ignore[union-attr]
                found = env.get(name)
                if found is None:
                    found = input_ids.get(name)
                if found is None:  # first sight of an input, or a use before assignment
                    found = _name(node, k, assigned, env, statements,  # type: ignore[arg-type]
                                  source, input_names, input_ids, input_pos)
                push(found)
                continue
            if kind is Num:
                push(_new(Const, (node.value, node)))  # type: ignore[union-attr]
                continue
            op = node.op  # type: ignore[union-attr]
            nargs = op.arity
            if nargs == 2:  # the common case, kept free of generators: see benchmarks/
                b = stack.pop()
                a = stack.pop()
                a_row, b_row = type(a) is int, type(b) is int
                if not (a_row or b_row):
                    push(fold(op, (a, b), node.pos, source))  # type: ignore[arg-type]
                    continue
                # Rows are ints; a constant is tagged so the constant 1 is not row 1.
                key: tuple = (op, a if a_row else ("c", a.value),  # type: ignore[union-attr]
                              b if b_row else ("c", b.value))  # type: ignore[union-attr]
                args: tuple[Operand, ...] = (a, b)
            else:
                args = tuple(stack[len(stack) - nargs:]) if nargs else ()
                del stack[len(stack) - nargs:]
                if all(type(x) is Const for x in args):
                    push(fold(op, args, node.pos, source))  # type: ignore[arg-type]
                    continue
                key = (op, *[x if type(x) is int else ("c", x.value)  # type: ignore[union-attr]
                             for x in args])
            row = shared.get(key)
            if row is None:
                row = len(rows)
                shared[key] = row
                rows.append((op, args, node.pos))  # type: ignore[union-attr]
                level = 0
                for x in args:
                    if type(x) is int and x >= 0 and levels[x] > level:
                        level = levels[x]
                levels.append(level + 1)
            push(row)
        (result,) = stack
        if st.target is not None:
            env[st.target] = result
            if type(result) is int and result >= 0:  # inputs get their labels below
                labels.setdefault(result, []).append(st.target)

    # Outputs first: a constant output says more than any complaint about the inputs.
    out_names = _output_names(program, outputs, env, assigned, input_names, result, source)
    # Inputs: first those given values, in the order given, then in order of appearance.
    for name in given:
        if name not in input_ids:
            raise _not_an_input(name, assigned, statements, input_names, source)
    order_of_inputs = list(dict.fromkeys([*given, *input_names]))
    n = len(order_of_inputs)
    input_index = {name: i + 1 - n for i, name in enumerate(order_of_inputs)}
    by_old = {input_ids[name]: input_index[name] for name in order_of_inputs}

    sequence = range(len(rows))
    if order == "level":
        sequence = sorted(sequence, key=levels.__getitem__)  # stable: ties stay in source order
    new_index = [0] * len(rows)
    for i, old in enumerate(sequence, start=1):
        new_index[old] = i

    def final(a: Operand) -> int | Const:
        if type(a) is Const:
            return a
        return new_index[a] if a >= 0 else by_old[a]  # type: ignore[operator]

    equations = tuple(
        _new(Equation, (rows[old][0], tuple([final(a) for a in rows[old][1]]), rows[old][2]))
        for old in sequence
    )
    row_labels: list[tuple[str, ...]] = [()] * (n + len(rows))
    for old, names in labels.items():
        row_labels[new_index[old] + n - 1] = tuple(names)
    for name, operand in env.items():
        if type(operand) is int and operand < 0:
            p = by_old[operand] + n - 1
            row_labels[p] = (*row_labels[p], name)

    out = tuple((name, final(env[name])) for name in out_names)  # type: ignore[misc]
    positions = {name: pos for name, pos in zip(input_names, input_pos, strict=True)}
    return Trace(
        source=source,
        inputs=tuple(order_of_inputs),
        equations=equations,
        outputs=out,
        labels=tuple(row_labels),
        input_pos=tuple(positions[name] for name in order_of_inputs),
        is_formula=program.is_formula,
        order=order,
    )


def _name(
    node: Name,
    k: int,
    assigned: dict[str, int],
    env: dict[str, Operand],
    statements: Sequence,
    source: str,
    input_names: list[str],
    input_ids: dict[str, int],
    input_pos: list[int],
) -> Operand:
    name = node.name
    where = assigned.get(name)
    if where is not None:
        if where >= k:
            line = source.count("\n", 0, statements[where].pos) + 1
            same = " on the same line" if where == k else f" (on line {line})"
            raise ProgramError(f"{name} is used before it is assigned{same}", source, node.pos)
        return env[name]
    ident = input_ids.get(name)
    if ident is None:
        ident = -1 - len(input_names)
        input_ids[name] = ident
        input_names.append(name)
        input_pos.append(node.pos)
    return ident


def _not_an_input(
    name: str, assigned: dict[str, int], statements: Sequence, inputs: list[str], source: str
) -> NameProblem:
    if name in assigned:
        st = statements[assigned[name]]
        line = source.count("\n", 0, st.pos) + 1
        return NameProblem(
            f"{name} is assigned on line {line}, so it is not an input and cannot be given "
            "a value", source, st.pos)
    listing = ", ".join(inputs) if inputs else "none"
    return NameProblem(f"{name} is not an input of the formula; its inputs are {listing}")


def _output_names(
    program: Program,
    wanted: Sequence[str] | None,
    env: dict[str, Operand],
    assigned: dict[str, int],
    inputs: list[str],
    last_result: Operand,
    source: str,
) -> list[str]:
    """The outputs' names, checked: each assigned, none a constant."""
    default = program.statements[-1].target
    if default is None:  # a bare expression: its output is y (or f if y is an input)
        default = "y" if "y" not in inputs else "f"
        env[default] = last_result
    names = list(dict.fromkeys(wanted)) if wanted else [default]
    for name in names:
        if name not in env:
            choices = ", ".join(assigned) if assigned else default
            raise NameProblem(f"no statement assigns {name!r}; the outputs to choose from are "
                              f"{choices}")
        operand = env[name]
        if type(operand) is Const:
            from tracer.core.printer import TEXT, render

            raise NameProblem(
                f"the output {name} is the constant {render(operand.expr, TEXT)}: "
                "it does not depend on any input, so there is nothing to differentiate",
                source, _statement_pos(program, name))
    return names


def _statement_pos(program: Program, name: str) -> int | None:
    for st in program.statements:
        if st.target == name or (st.target is None and name in ("y", "f")):
            return st.pos
    return None
