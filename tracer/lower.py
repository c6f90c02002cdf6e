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

import math
from collections.abc import Callable, Sequence

from tracer.errors import DomainError, NameProblem, ProgramError
from tracer.nodes import Call, Name, Node, Num, walk
from tracer.ops import Op
from tracer.parse import Program
from tracer.trace import Const, Equation, Trace

ORDERS = ("level", "source")

# An operand while lowering: a Const, a row (>= 0, creation order) or an input (-1 - k).
Operand = int | Const


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
    from tracer.printer import TEXT, render

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

    def level_of(a: Operand) -> int:
        return levels[a] + 1 if type(a) is int and a >= 0 else 1

    for k, st in enumerate(statements):
        stack: list[Operand] = []
        push = stack.append
        for node in walk(st.expr):
            if isinstance(node, Num):
                push(Const(node.value, node))
            elif isinstance(node, Name):
                push(_name(node, k, assigned, env, statements, source,
                           input_names, input_ids, input_pos))
            else:
                assert isinstance(node, Call)
                nargs = len(node.args)
                args = tuple(stack[len(stack) - nargs:]) if nargs else ()
                del stack[len(stack) - nargs:]
                if all(type(a) is Const for a in args):
                    push(fold(node.op, args, node.pos, source))  # type: ignore[arg-type]
                    continue
                key = (node.op.name, *(a if type(a) is int else ("c", a.value) for a in args))
                row = shared.get(key)
                if row is None:
                    row = len(rows)
                    shared[key] = row
                    rows.append((node.op, args, node.pos))
                    levels.append(max(level_of(a) for a in args))
                push(row)
        (result,) = stack
        if st.target is not None:
            env[st.target] = result
            if type(result) is int:
                labels.setdefault(result, []).append(st.target)

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
        Equation(rows[old][0], tuple(final(a) for a in rows[old][1]), rows[old][2])
        for old in sequence
    )
    row_labels: list[tuple[str, ...]] = [()] * (n + len(rows))
    for old, names in labels.items():
        row_labels[new_index[old] + n - 1] = tuple(names)
    for name, operand in env.items():
        if type(operand) is int and operand < 0:
            p = by_old[operand] + n - 1
            row_labels[p] = (*row_labels[p], name)

    out = _outputs(program, outputs, env, assigned, order_of_inputs, result, final, source)
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


def _outputs(
    program: Program,
    wanted: Sequence[str] | None,
    env: dict[str, Operand],
    assigned: dict[str, int],
    inputs: list[str],
    last_result: Operand,
    final: Callable[[Operand], int | Const],
    source: str,
) -> tuple[tuple[str, int], ...]:
    default = program.statements[-1].target
    if default is None:  # a bare expression: its output is y (or f if y is an input)
        default = "y" if "y" not in inputs else "f"
        env[default] = last_result
    names = list(wanted) if wanted else [default]
    out: list[tuple[str, int]] = []
    for name in dict.fromkeys(names):
        if name not in env:
            choices = ", ".join(assigned) if assigned else default
            raise NameProblem(f"no statement assigns {name!r}; the outputs to choose from are "
                              f"{choices}")
        operand = env[name]
        if type(operand) is Const:
            from tracer.printer import TEXT, render

            raise NameProblem(
                f"the output {name} is the constant {render(operand.expr, TEXT)}: "
                "it does not depend on any input, so there is nothing to differentiate",
                source, _statement_pos(program, name))
        out.append((name, final(operand)))  # type: ignore[arg-type]
    return tuple(out)


def _statement_pos(program: Program, name: str) -> int | None:
    for st in program.statements:
        if st.target == name or (st.target is None and name in ("y", "f")):
            return st.pos
    return None
