"""The builder: the rows a running program emits, shared and folded, assembled into a trace.

While the program runs (``tracer.core.interpret``), the ``Builder`` takes each elementary
operation it performs and makes it a row: constants fold into the row that uses them
(``2*x^2`` is ``v_1 = v_0^2``, ``v_2 = 2 v_1``), a subexpression computed twice is one row used
twice (reverse mode then sums two contributions into it, which students must see), and each row
knows its level (one more than its deepest argument). Then ``order`` numbers the rows: by level
(each row as early as its arguments allow, ties in the order they ran: the lecture's Tables
1-3) or in plain execution order, and ``assemble`` renumbers arguments, labels, outputs and
decisions into the frozen ``Trace``.

Inputs are numbered ``v_{1-n} … v_0`` in the order the user gave values for them, then in the
order they were first read. Everything is iterative: 10^6 rows lower without recursion.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from tracer.core.nodes import Call, Node, Num, depth
from tracer.core.ops import Op
from tracer.core.wengert import Const, Control, Equation, Trace
from tracer.errors import DomainError, LimitError

if TYPE_CHECKING:
    from tracer.core.lexer import Tokens
    from tracer.core.syntax import Program

ORDERS = ("level", "source")
MAX_ROWS = 1_000_000  # rows of one trace, loops unrolled: about 20 s of work on 2 cores
_new = tuple.__new__  # NamedTuple construction without its Python-level __new__
_CONTROL_FIELDS = tuple(f.name for f in fields(Control))


def _control(values: tuple) -> Control:
    """``Control(*values)`` without the frozen dataclass's ``__init__`` (a field at a time
    through ``object.__setattr__``): one is made per step of a loop, 10^5 for a long one."""
    control = object.__new__(Control)
    control.__dict__.update(zip(_CONTROL_FIELDS, values, strict=True))
    return control

# An operand while lowering: a Const, a row (>= 0, creation order) or an input (-1 - k).
Operand = int | Const


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large trace.

    A 10^5-row trace is a few hundred thousand small tuples, none of them in cycles; letting
    the collector rescan them as they pile up costs more than building them (see STYLE.md).
    On resuming after a large build, what was built is handed to the oldest generation
    (``freeze`` then ``unfreeze`` moves every tracked object there and zeroes the young count):
    otherwise the first allocation after ``enable`` scans the whole new trace as "young" (0.15
    s at 10^5 rows). Only then, so that a caller's young garbage in cycles is still collected
    as usual between small calls, and never when the caller has frozen objects of its own.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] >= _LARGE_BUILD and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_LARGE_BUILD = 100_000  # objects made while paused (tens of thousands of trace rows)


# A constant folded from constants keeps the expression it was written as, ``(1 + 2 + 3) v₀``,
# up to this depth; deeper (``sum(zeros(10**5))``, ``1+1+…+1``) it is shown as its value, and
# so is every constant folded from it: such a rule no one reads, and printers recurse per level.
FOLDED_DEPTH = 12


def fold(op: Op, args: Sequence[Const], pos: int, source: str, where: int = -1,
         tokens: Tokens | None = None) -> Const:
    """Evaluate an op on constants at lowering time, with the same domain checks as rows (an
    error points at ``where``, else at token ``pos`` of ``tokens``, else at ``pos``)."""
    values = [a.value for a in args]
    try:
        value = op.value(*values)
    except OverflowError:
        value = math.inf
    except (ValueError, ZeroDivisionError):
        value = math.nan
    exprs = tuple([a.expr for a in args])
    if not math.isfinite(value):
        reason = (op.domain(*values) if op.domain else None) or "the result is not a finite number"
        at = where if where >= 0 else tokens.offset(pos) if tokens is not None else pos
        what = "is undefined"
        if value == value and all(math.isfinite(v) for v in values):  # 10**400, exp(1000)
            what, reason = "overflows", "it is too large for a float (above 1.8e308)"
        raise DomainError(f"the constant {const_text(Call(op, exprs, pos))} {what}: "
                          f"{reason}", source, at)
    nested = False
    for e in exprs:
        kind = type(e)
        if kind is Num:
            if e.text is None:  # folded into its value already: so is all it folds into
                return _new(Const, (value, Num(value, None, pos)))
        elif kind is Call:
            nested = True
    expr = Call(op, exprs, pos)
    if nested and depth(expr, FOLDED_DEPTH + 1) > FOLDED_DEPTH:
        expr = Num(value, None, pos)  # no text: shown as its value, and so is all it folds into
    return _new(Const, (value, expr))


def const_text(expr: Node) -> str:
    from tracer.core.printer import TEXT, render

    return render(expr, TEXT)


class Builder:
    """The rows a running program emits, shared and folded, with their levels and names."""

    def __init__(self, tokens: Tokens, max_rows: int = MAX_ROWS) -> None:
        self.tokens = tokens
        self.max_rows = max_rows
        # Each row (op, args, pos), or (op, a, b, pos) when binary (most rows: one tuple less).
        self.rows: list[tuple] = []
        self.levels: list[int] = []
        self.shared: dict[tuple, int] = {}
        self.labels: dict[int, str | list[str]] = {}  # a row's name, or its names
        self.inputs: list[str] = []
        self.input_ids: dict[str, int] = {}
        self.input_pos: list[int] = []
        # (rows emitted before it, the Control's fields after ``after``)
        self.controls: list[tuple[int, tuple[Any, ...], tuple[int, ...]]] = []
        self.loop: tuple[str, int] | None = None  # the loop running now (kind, token)

    def input(self, name: str, pos: int) -> int:
        """The operand of input ``name``, made the first time it is read."""
        ident = self.input_ids.get(name)
        if ident is None:
            ident = -1 - len(self.inputs)
            self.input_ids[name] = ident
            self.inputs.append(name)
            self.input_pos.append(pos)
        return ident

    def apply(self, op: Op, args: Sequence[Operand], pos: int) -> Operand:
        """The operand of ``op(args)``: a folded constant, an existing row, or a new row."""
        if len(args) == 2:
            return self.apply2(op, args[0], args[1], pos)
        if len(args) == 1 and type(args[0]) is int:
            return self.apply1(op, args[0], pos)  # type: ignore[arg-type]
        if all(type(x) is Const for x in args):
            return fold(op, args, pos, self.tokens.source,  # type: ignore[arg-type]
                        tokens=self.tokens)
        # Rows are ints; a constant is tagged so the constant 1 is not row 1 (apply2's keys,
        # (op, a, None, value) and (op, None, b, value), hold a None, which these never do).
        key = (op, *[x if type(x) is int else ("c", x.value)  # type: ignore[union-attr]
                     for x in args])
        row = self.shared.get(key)
        if row is not None:
            return row
        level = 0
        for x in args:
            if type(x) is int and x >= 0 and self.levels[x] > level:
                level = self.levels[x]
        return self._row(key, (op, tuple(args), pos), level)

    # The two commonest cases, spelled out free of generators and argument tuples: they run
    # once per row of a 10^6-row trace (see benchmarks/scaling.py).

    def apply1(self, op: Op, a: int, pos: int) -> Operand:
        """``op(a)`` of a row or an input ``a``."""
        key = (op, a)
        row = self.shared.get(key)
        if row is not None:
            return row
        return self._row(key, (op, (a,), pos), self.levels[a] if a >= 0 else 0)

    def apply2(self, op: Op, a: Operand, b: Operand, pos: int) -> Operand:
        """``op(a, b)``: a folded constant, an existing row, or a new row, kept as
        (op, a, b, pos): four items, no tuple of arguments."""
        if type(a) is int:
            key: tuple = (op, a, b) if type(b) is int else (op, a, None, b.value)  # type: ignore[union-attr]
        elif type(b) is int:
            key = (op, None, b, a.value)  # type: ignore[union-attr]
        else:
            return fold(op, (a, b), pos, self.tokens.source,  # type: ignore[arg-type]
                        tokens=self.tokens)
        row = self.shared.get(key)
        if row is not None:
            return row
        levels = self.levels
        la = levels[a] if type(a) is int and a >= 0 else 0
        lb = levels[b] if type(b) is int and b >= 0 else 0
        return self._row(key, (op, a, b, pos), la if la > lb else lb)

    def _row(self, key: tuple, row: tuple, level: int) -> int:
        """A new row (op, args, pos) or (op, a, b, pos), one level below its deepest
        argument."""
        index = len(self.rows)
        if index >= self.max_rows:
            raise self._too_many()
        self.shared[key] = index
        self.rows.append(row)
        self.levels.append(level + 1)
        return index

    def _too_many(self) -> LimitError:
        if self.loop:
            kind, pos = self.loop  # type: ignore[misc]
            return LimitError(f"the trace would have more than {self.max_rows:,} rows (the "
                              f"{kind} loop on line {self.tokens.line(pos)} runs on): does the "
                              "loop end? (tracer unrolls every loop into rows)")
        return LimitError(f"the trace would have more than {self.max_rows:,} rows: tracer "
                          f"traces programs of at most {self.max_rows:,} rows (split the "
                          "program, or trace a smaller instance of it)")

    def label(self, operand: Any, name: str) -> None:
        """Name a row (or an input): most rows get one name, kept as it is; a second makes
        a list (no list per row of a 10^6-row trace)."""
        if type(operand) is int:
            labels = self.labels
            got = labels.get(operand)
            if got is None:
                labels[operand] = name
            elif type(got) is str:
                labels[operand] = [got, name]
            else:
                got.append(name)

    def control(self, kind: str, text: str, detail: tuple[Any, ...], outcome: bool,
                iteration: int | None, pos: int, reads: tuple[int, ...] = ()) -> None:
        """A decision (a ``Control`` without its ``after``, which is known once the rows are
        ordered: it is made then, once); ``reads``: the rows and inputs its condition read."""
        self.controls.append((len(self.rows), (kind, text, detail, outcome, iteration, pos),
                              reads))

    @property
    def last_reads(self) -> tuple[int, ...]:
        """The rows and inputs the latest decision read (none: constants alone)."""
        return self.controls[-1][2]

    # --- the trace ------------------------------------------------------------------------------

    def row(self, k: int) -> tuple[Op, tuple[Operand, ...]]:
        """Row ``k`` (creation number): its op and arguments."""
        row = self.rows[k]
        return (row[0], row[1:3]) if len(row) == 4 else (row[0], row[1])

    def order(self, order: str) -> list[int]:
        """The rows in their final order (creation numbers)."""
        sequence = range(len(self.rows))
        if order == "level":
            return sorted(sequence, key=self.levels.__getitem__)  # stable: ties as they ran
        return list(sequence)

    def assemble(self, program: Program, order: str, given: Sequence[str],
                 outputs: Sequence[tuple[str, Operand]]) -> Trace:
        """The frozen trace: rows renumbered in ``order``, inputs in the given order first."""
        names = list(dict.fromkeys([*[g for g in given if g in self.input_ids], *self.inputs]))
        n = len(names)
        by_old = {self.input_ids[name]: i + 1 - n for i, name in enumerate(names)}
        sequence = self.order(order)
        new_index = [0] * len(self.rows)
        for i, old in enumerate(sequence, start=1):
            new_index[old] = i

        # One list renumbers every operand: remap[a] for a row a (>= 0) or an input a
        # (-1 - k: Python counts it from the end, where the inputs are, the last first).
        m = len(self.inputs)
        remap = new_index + [by_old[-1 - k] for k in range(m - 1, -1, -1)]

        def final(a: Operand) -> int | Const:
            return a if type(a) is Const else remap[a]  # type: ignore[index]

        equations = _renumbered(self.rows, sequence, remap)
        return Trace(
            source=program.source, inputs=tuple(names), equations=equations,
            outputs=tuple((name, final(operand)) for name, operand in outputs),  # type: ignore[misc]
            labels=self._labels(n, by_old, new_index),
            input_pos=tuple(self.input_pos[-1 - self.input_ids[x]] for x in names),
            is_formula=program.is_formula, order=order,
            controls=self._controls(new_index, remap),
            offsets=self.tokens.offset,
        )

    def _labels(self, n: int, by_old: dict[int, int],
                new_index: list[int]) -> tuple[tuple[str, ...], ...]:
        out: list[tuple[str, ...]] = [()] * (n + len(self.rows))
        for old, names in self.labels.items():
            position = (new_index[old] if old >= 0 else by_old[old]) + n - 1
            out[position] = (*out[position], names) if type(names) is str else \
                (*out[position], *names)
        return tuple(out)

    def _controls(self, new_index: list[int], remap: list[int]) -> tuple[Control, ...]:
        """Each decision after the last row that ran before it (in the final order), with
        the rows and inputs it read renumbered."""
        out = []
        append = out.append
        latest = 0
        made = 0
        for before, control, reads in self.controls:  # once per step of a long loop
            if made < before:
                top = max(new_index[made:before])
                if top > latest:
                    latest = top
                made = before
            read = tuple(dict.fromkeys([remap[a] for a in reads])) if reads else ()
            append(_control((latest, *control, bool(read), read)))
        return tuple(out)


def _renumbered(rows: list[tuple], sequence: list[int],
                remap: list[int]) -> tuple[Equation, ...]:
    """The rows in their final order as equations, every row argument renumbered (the one and
    two argument cases spelled out: this runs once per row of a 10^6-row trace)."""
    out = []
    append = out.append
    for old in sequence:
        row = rows[old]
        if len(row) == 4:
            op, a, b, pos = row
            if type(a) is int:
                a = remap[a]
            if type(b) is int:
                b = remap[b]
            append(_new(Equation, (op, (a, b), pos)))
            continue
        op, args, pos = row
        if len(args) == 1:
            a = args[0]
            append(_new(Equation, (op, (a if type(a) is Const else remap[a],), pos)))  # type: ignore[index]
        else:
            append(_new(Equation, (op, tuple([a if type(a) is Const else remap[a]  # type: ignore[index]
                                              for a in args]), pos)))
    return tuple(out)
