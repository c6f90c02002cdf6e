"""The evaluation trace (Wengert list) as plain frozen data.

(The module is named for the Wengert list so that ``tracer.trace`` can be the public function
that builds one: a submodule of the same name would shadow it.)

Rows are numbered as in Baydin et al. and the lecture: the n inputs are ``v_{1-n} … v_0`` and
the intermediates ``v_1 … v_l``. An equation holds its op and its arguments: a row index, or a
``Const`` folded into the row (``v_3 = 2 v_1``). Nothing here is rendered text: a printing
context names rows when a writer shows them.

Equations are NamedTuples rather than dataclasses because a trace may have 10^5 of them and
tuples are the cheapest immutable records Python has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from tracer.core.nodes import Node
from tracer.core.ops import Op
from tracer.errors import NameProblem


class Const(NamedTuple):
    """A constant operand, with the expression it was written as (``2``, ``pi/3``)."""

    value: Any
    expr: Node


class Equation(NamedTuple):
    """One row ``v_i = op(args)``; ``pos`` is where in the source it was computed (a token
    number; ``Trace.offset`` finds the character)."""

    op: Op
    args: tuple[int | Const, ...]
    pos: int


@dataclass(frozen=True)
class Control:
    """A decision the program took while it ran: not a row, and never differentiated.

    ``after`` is the row index it stands after (it explains the rows that follow);
    ``detail`` is the condition with its numbers, numbers and text in turn
    (``(377.1, " < ", 1000.0)``); ``iteration`` counts a loop's checks from 1; ``on_inputs``
    says the condition read a value computed from the inputs (so another point may decide
    otherwise), not constants alone (a loop counter, ``for … in range``); ``reads`` are the
    rows and inputs it read (indices as in equations), for which inputs it depends on.
    """

    after: int
    kind: str  # "if", "elif", "else", "while", "for", "assert"
    text: str  # the condition as written: b.norm() < 1000
    detail: tuple[Any, ...]
    outcome: bool
    iteration: int | None
    pos: int
    on_inputs: bool = False
    reads: tuple[int, ...] = ()


@dataclass(frozen=True)
class Trace:
    """A lowered formula or program.

    ``outputs`` pairs each output name with the row that holds it; ``labels[p]`` are the
    program names given to the row at position ``p`` (see ``position``); ``controls`` are the
    decisions the program took on its way (a program with branches or loops).
    """

    source: str
    inputs: tuple[str, ...]
    equations: tuple[Equation, ...]
    outputs: tuple[tuple[str, int], ...]
    labels: tuple[tuple[str, ...], ...]
    input_pos: tuple[int, ...]  # where each input first appears (token numbers)
    is_formula: bool = True
    order: str = "level"
    controls: tuple[Control, ...] = ()
    offsets: Callable[[int], int] | None = field(default=None, compare=False, repr=False)
    # each y.backward() line's output as the tables label it (y, y′ …), whichever outputs
    # were named: which of the lines differentiate the outputs chosen with --output
    marks: tuple[str, ...] = ()

    def offset(self, pos: int) -> int:
        """The character offset in ``source`` of a row's or an input's position."""
        return self.offsets(pos) if self.offsets is not None and pos >= 0 else pos

    @property
    def n(self) -> int:
        """Number of inputs."""
        return len(self.inputs)

    @property
    def first(self) -> int:
        """Index of the first row, 1 - n."""
        return 1 - len(self.inputs)

    @property
    def last(self) -> int:
        """Index of the last row, l."""
        return len(self.equations)

    def position(self, index: int) -> int:
        """Position of row ``index`` in per-row lists (inputs first)."""
        return index + len(self.inputs) - 1

    def index(self, position: int) -> int:
        """Row index of the row at ``position``."""
        return position - len(self.inputs) + 1

    def indices(self) -> range:
        """Every row index, first to last."""
        return range(self.first, self.last + 1)

    def equation(self, index: int) -> Equation:
        """The equation of intermediate row ``index`` (1 … l)."""
        return self.equations[index - 1]

    def input_index(self, name: str) -> int:
        return self.inputs.index(name) + self.first

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.outputs)

    @property
    def kind(self) -> str:
        """What a message calls the source: "formula" (one expression) or "program"."""
        return "formula" if self.is_formula else "program"

    def one_output(self, what: str) -> tuple[str, Any]:
        """The output of a command that takes one (a check, a Hessian, a plot): ``what`` says
        what it does with it ("a plot draws one output")."""
        if len(self.outputs) != 1:
            raise self.several_outputs(what)
        return self.outputs[0]

    def several_outputs(self, what: str) -> NameProblem:
        """The error for a command that takes one output, naming this trace's."""
        names = self.output_names
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return NameProblem(f"{what}, and this {self.kind} has {len(names):,} ({shown}); "
                           f"choose one with --output {names[0]}")

    @property
    def backward(self) -> tuple[str, ...]:
        """Each y.backward() line's output in turn (a pass per line) when those lines named
        the outputs (no --output or @output chose others), else ()."""
        named = {name.partition("[")[0] for name in self.output_names}
        return self.marks if named == set(self.marks) else ()

    def users(self) -> list[list[tuple[int, int]]]:
        """Per row position, the (row index, argument slot) pairs that read it, in row order."""
        out: list[list[tuple[int, int]]] = [[] for _ in range(len(self.inputs) + self.last)]
        off = len(self.inputs) - 1
        for i, eq in enumerate(self.equations, start=1):
            for k, a in enumerate(eq.args):
                if type(a) is int:
                    out[a + off].append((i, k))
        return out

    def needed(self, rows: Iterable[int]) -> list[bool]:
        """Per row position: does one of ``rows`` (row indices) depend on it, itself included?"""
        n = self.n
        needed = [False] * (n + self.last)
        for index in rows:
            needed[index + n - 1] = True
        for i in range(self.last, 0, -1):
            if needed[i + n - 1]:
                for a in self.equations[i - 1].args:
                    if type(a) is int:
                        needed[a + n - 1] = True
        return needed

    def row_args(self, index: int) -> Iterator[tuple[int, int]]:
        """(slot, row index) for each argument of row ``index`` that is a row, not a constant."""
        for k, a in enumerate(self.equation(index).args):
            if type(a) is int:
                yield k, a

    @cached_property
    def operations(self) -> int:
        """Elementary derivative operations one sweep spends: one per (row, row argument)."""
        return sum(1 for eq in self.equations for a in eq.args if type(a) is int)

    @cached_property
    def depth(self) -> int:
        """The longest chain of operations from an input to any row (0 with no rows)."""
        n = len(self.inputs)
        levels = [0] * (n + len(self.equations))
        for i, eq in enumerate(self.equations, start=n):
            levels[i] = 1 + max((levels[a + n - 1] for a in eq.args if type(a) is int),
                                default=0)
        return max(levels, default=0)
