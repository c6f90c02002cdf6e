"""Lowering: a parsed program becomes an evaluation trace, by running it at its point.

``lower`` runs the program with ``tracer.core.interpret`` (branches decided, loops unrolled,
calls inlined), whose elementary operations the ``tracer.core.builder.Builder`` turns into
rows; then it assembles them, in the lecture's level order or in execution order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tracer.core.builder import MAX_ROWS, ORDERS, Builder, fold, paused_gc
from tracer.core.interpret import Machine, targets
from tracer.core.syntax import Def, For, Program, Ref, Statement
from tracer.core.wengert import Trace
from tracer.errors import NameProblem

__all__ = ["MAX_ROWS", "ORDERS", "fold", "lower", "paused_gc"]


def lower(
    program: Program,
    order: str | None = None,
    given: Sequence[str] = (),
    outputs: Sequence[str] | None = None,
    point: dict[str, Any] | None = None,
    max_rows: int = MAX_ROWS,
    unread: Sequence[str] = (),
) -> Trace:
    """Run ``program`` at ``point`` (values are needed only where it decides something, or
    for the shapes of arrays) and lower what it did into a trace.

    ``given`` are the names the user supplies values for, in the order given: they become the
    first inputs. ``outputs`` names the outputs (default: the last assignment). ``order``:
    "level" (the lecture's; the default for straight-line programs) or "source" (execution
    order; the default for programs with branches or loops). ``unread``: given names that a
    line of the program made inputs (``w = torch.tensor(…, requires_grad=True)``), which are
    left out where no line reads them (as PyTorch leaves such a leaf's .grad None)."""
    if order is not None and order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    builder = Builder(program.tokens, max_rows)
    machine = Machine(program, builder, point or {}, given)
    machine.run()
    # Outputs first: a constant output says more than any complaint about the inputs. With
    # none named, a program's y.backward() lines name them (each the value y held there).
    marks = machine.marked[1] if machine.marks else ()
    chosen = machine.marked_outputs() if outputs is None and marks else \
        machine.outputs(outputs)
    for name in given:
        if name in machine.assigned:
            raise _given_but_assigned(program, name)
    if order is None:
        # (a line may decide too: a if c else b, a comprehension's loop)
        order = "level" if program.straight and not builder.controls else "source"
    for name in given:
        if name not in builder.input_ids and not _is_array_given(name, builder):
            pos = _read_at(program.statements, name)
            if pos is None and name in unread:
                continue  # made an input by a line of the program's own, and never read
            if pos is None or name in machine.functions:
                raise _not_an_input(name, builder.inputs, program.kind)
            # read only off the path the run took (y = x if x > 0 else w, at x = 0.5): an
            # input all the same, as in Python and PyTorch, and its derivatives are 0 here
            machine.read(Ref(name, pos), machine.top)
    builder.shared.clear()  # no more rows: the sharing table goes before the trace is built
    trace = builder.assemble(program, order, _given_elements(given, builder), chosen)
    return replace(trace, marks=marks) if marks else trace


def _read_at(code: Any, name: str) -> int | None:
    """The token position of a place the program reads ``name`` as its own (an input), run or
    not, or None: not where a def's or a loop's own name of that name hides it."""
    stack: list[tuple[Any, bool]] = [(code, False)]
    while stack:
        item, hidden = stack.pop()
        kind = type(item)
        if kind is Ref:
            if item.name == name and not hidden:
                return item.pos
        elif kind is Def:
            own = name in item.params or any(t == name for t, _ in
                                             targets(item.body, False, False))
            stack += [(item.defaults, hidden), (item.body, hidden or own)]
        elif kind is For:
            own = name == item.var or (type(item.var) is tuple and name in item.var)
            stack += [(item.args, hidden), (item.body, hidden or own)]
        elif kind is Statement:
            stack.append(((item.code, item.index or ()), hidden))
        elif isinstance(item, (tuple, list)):
            stack += [(x, hidden) for x in item]
    return None


def _is_array_given(name: str, builder: Builder) -> bool:
    prefix = name + "["
    return any(x.startswith(prefix) for x in builder.inputs)


def _given_elements(given: Sequence[str], builder: Builder) -> list[str]:
    """The inputs in the order given, an array's elements in their order."""
    out: list[str] = []
    for name in given:
        if name in builder.input_ids:
            out.append(name)
        else:
            out += [x for x in builder.inputs if x.startswith(name + "[")]
    return out


def _given_but_assigned(program: Program, name: str) -> NameProblem:
    for target, pos in targets(program.statements, False):
        if target == name:
            where = program.tokens.offset(pos)
            line = program.source.count("\n", 0, where) + 1
            return NameProblem(f"{name} is assigned on line {line}, so it is not an input and "
                               "cannot be given a value", program.source, where)
    return NameProblem(f"{name} is assigned by the program, so it is not an input and cannot "
                       "be given a value")


def _not_an_input(name: str, inputs: list[str], kind: str) -> NameProblem:
    from tracer.core.spelling import not_an_input

    return NameProblem(not_an_input(name, inputs, kind))
