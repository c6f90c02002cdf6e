"""The interpreter: a program runs at its point, and what it computes becomes rows.

This is how an evaluation trace comes about (define-by-run, as in autograd and PyTorch): the
program runs once, conditions are decided on the values at hand, loops unroll, calls are
inlined, and only the arithmetic that ran reaches the ``Builder`` as rows. Each decision is
kept as a ``Control`` line (``while b.norm() < 1000: 377.1 < 1000 → true``): it explains the
rows, and is never differentiated: the derivative is that of the path taken.

Values while the program runs: a row or an input (an int, as the builder numbers them), a
constant (``Const``, also a loop counter, which is never differentiated), an ``Array`` of
those, or a function. A value is computed only when a condition needs it (rows before it are
evaluated then, once); a program without decisions runs without computing any.

Names, as Python scopes them: a def's parameters and every name its body assigns are its own
(local); any other name a def reads is looked up when it runs, first in the defs it is
written in (a closure: ``inner`` reads ``outer``'s ``a`` as it is when ``inner`` is called),
then at the top level. A name the top level reads before any top-level statement assigns it
is an input (its value comes from ``--at``); one that some statement assigns but that has
not been assigned yet is an error (in a def: one of its own names read before it is
assigned, Python's UnboundLocalError). A reassigned name labels each new row with a mark:
c, c′, c″, c‴, c⁽⁴⁾.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from tracer.core import arrays, ops
from tracer.core.arrays import Array
from tracer.core.builder import Builder, Operand
from tracer.core.nodes import Num, depth
from tracer.core.spelling import NOT_READ_FUNCTIONS
from tracer.core.syntax import (
    APPEND,
    Apply,
    Assert,
    Attr,
    Backward,
    BoolOp,
    Call,
    Choice,
    Code,
    Collect,
    Compare,
    Comprehension,
    Condition,
    Def,
    For,
    If,
    Index,
    Jump,
    Keyword,
    ListOf,
    Method,
    Not,
    Nothing,
    Program,
    Raise,
    Ref,
    Return,
    Select,
    Slice,
    Statement,
    Truth,
    TupleOf,
    Unpack,
    While,
)
from tracer.core.wengert import Const
from tracer.errors import LimitError, NameProblem, ProgramError, TracerError

_MARKS = ["", "′", "″", "‴"]
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
BREAK, CONTINUE = "break", "continue"
SHOWN_DEPTH = 40  # a constant output folded deeper than this is named by its number

_SCALAR = frozenset((int, Const))  # an operand the builder takes as it is (a row or a constant)

# Loop steps (iterations of every loop, in all) a program may take: twice a 10^5-iteration
# loop. Each is a decision line of the trace and costs as much as a few rows (2·10^5 steps of
# a runaway while loop: about 1.5 s of CPU). A for loop that would take more is refused
# before it starts; a while loop, whose count no one knows before it runs, when it takes one
# step more.
MAX_STEPS = 200_000
# Calls of the program's own defs a run may inline, in all. Each is a frame and its rows (about
# 7 µs when the rows are shared): a def that calls the one before it twice, twenty deep, asks
# for 2^20 calls, and forty deep ran for days on a trace of forty rows.
MAX_CALLS = 500_000
# Names an array's elements are given, in all: each binding of an array names every element
# again (ys, ys′, ys″ … the tables show), so a list grown by append in a loop of n steps asks
# for n²/2 names (10^5 appends: 5·10^9 names, over 7 GB and hours; 3,000 took 8.6 s). About
# 3.5 µs a name on the 2-core machine: 2·10^6 names take about 7 s.
MAX_NAMES = 2_000_000

_new = tuple.__new__  # NamedTuple construction without its Python-level __new__

_COMPARE = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__,
            "==": float.__eq__, "!=": float.__ne__}


def _counted(shown: str, steps: range) -> Iterator[tuple[tuple, Const]]:
    """Each step of a loop over ``steps``: its detail (``i = 3``) and its counter, a constant
    spelled as ``arrays.const`` spells it (made here without the call: once per step)."""
    for k in steps:
        value = float(k)
        if -1e15 < k < 1e15:
            counter = _new(Const, (value, _new(Num, (value, str(k), -1))))
        else:
            counter = arrays.const(k)
        yield (shown, value), counter


def marked(name: str, version: int) -> str:
    """The name of a name's ``version``-th value: c, c′, c″, c‴, c⁽⁴⁾, …"""
    if version < len(_MARKS):
        return name + _MARKS[version]
    return f"{name}⁽{str(version).translate(_SUPER)}⁾"


class Scope(NamedTuple):
    """A def's own names, as Python decides them before it runs: its parameters and every
    name its body assigns (loop variables too), and the defs written in its body."""

    local: frozenset[str]
    defs: frozenset[str]
    where: dict[str, int]  # the token of each local name's first assignment (not a parameter)


@dataclass
class Frame:
    """The names of the program (the top level) or of one call of a def."""

    names: dict[str, Any]
    qualifier: str = ""  # "f." inside f: rows made there are labelled f.b
    function: str | None = None
    scope: Scope | None = None  # the def's own names (None at the top level)
    parent: Frame | None = None  # the call of the def this def is written in (a closure)
    defs: dict[str, Function] | None = None  # the defs written in this call's body, made


class Function(NamedTuple):
    """A def as its statement made it: its default values (computed then) and the frame it
    was written in (the top level, or the call of the def around it)."""

    fn: Def
    defaults: dict[int, Any]  # by position among the defaults (a holder of their arrays)
    home: Frame


# A comprehension's scope: its names are its loops' (none is read before its loop sets it:
# its first iterable is read in the frame around it, [v*2 for v in v]).
_COMPREHENSION = Scope(frozenset(), frozenset(), {})

# PyTorch's autograd calls, which tracer does for itself, and what to do instead.
_TORCH_METHODS = {
    "backward": "tracer runs the backward pass itself, from y.backward() (or "
                "y.sum().backward(), y.mean().backward()) on a line of its own, y a name: it "
                "names the output, its gradient the seed. Of another value (y[1].backward(), "
                "y.prod().backward()), "
                "give the value a name first (y1 = y[1], then y1.backward()); as a value (g = "
                "y.backward()), leave it out and run tracer reverse (--seed c=ones for an "
                "array output, --repeat 2 to accumulate .grad)",
    "requires_grad_": "every input is differentiated: leave .requires_grad_() out",
    "zero_": "tracer's gradients start at zero: leave .zero_() out (--repeat shows "
             "accumulation)",
    "numpy": "values are numbers already: leave .numpy() out",
    # JAX's keys (left out beside a grad(f)(x) line, where a draw from one is an input)
    **dict.fromkeys(("PRNGKey", "key", "split"),
                    "a JAX random key (random.PRNGKey, random.key, random.split) seeds JAX's "
                    "draws, and tracer draws with a fixed seed of its own (w = "
                    "random.normal(key, (3,)) then grad(f)(w) makes w an input): leave the "
                    "line out"),
}


class Returned(NamedTuple):
    value: Any


class Machine:
    """Runs one program at one point, emitting its rows into a ``Builder``."""

    def __init__(self, program: Program, builder: Builder, point: dict[str, Any],
                 given: Sequence[str] = ()) -> None:
        self.program = program
        self.builder = builder
        self.tokens = program.tokens
        self.point = point
        self.scalars = _scalars(point)
        self.top = Frame({})
        self.functions: dict[str, Function] = {}  # the top level's defs
        # The names the top level assigns (a def's own names are the def's: not these).
        self.assigned = frozenset(t for t, _ in targets(program.statements, False) if t)
        self.scopes: dict[int, Scope] = {}  # each def's own names, by id of its statement
        self.input_values: dict[str, Any] = {}
        # The inputs a Ref reads without ``read``'s checks: every input but one a def named
        # later (``y = f + 1`` then ``def f``: reading f is then an error, as ``read`` says).
        self.readable: dict[str, Any] = {}
        self.versions: dict[str, int] = {}
        self.last: str | None = None
        self.bare: Any = None
        self.values: list[float] = []
        self.active: list[str] = []
        self.deepest = 0  # the most defs running inside one another so far
        self.iterations = 0
        self.calls = 0  # calls of the program's defs inlined so far
        self.names = 0  # names given to arrays' elements so far (MAX_NAMES)
        # the for loops running now: [pos, count, steps taken]
        self.loops: list[list[int]] = []
        self.given = given
        self.read_rows: list[int] = []  # the rows and inputs the condition being decided read
        self.deciding = 0  # conditions being decided (a value there is only compared)
        # Arrays are shared, not copied, as in Python: every array a name (a def's parameter,
        # an input) holds, by id: the array itself (kept, so its id stays its own) and its
        # holders (a frame's names and the name; None and the name for an input).
        self.holders: dict[int, tuple[Array, list[tuple[dict[Any, Any] | None, Any]]]] = {}
        # Arrays that are a part of another (a row, a slice, a loop's row: NumPy's views),
        # by id, kept so their ids stay theirs, with the array they are a part of and the keys
        # that took them: a change through one is refused, and a change to that array shows in
        # them (``parts``: each array's views, by its id).
        self.views: dict[int, tuple[Array, Array, Callable[[Array], Any]]] = {}
        self.pairs: dict[int, Array] = {}  # PyTorch's max(…, dim=…): (values, indices)
        # Python's lists ([a, b], a comprehension, a part of one), by id, kept so their ids
        # stay theirs: + joins two and * by a number repeats one in Python, where tracer's
        # arrays add and multiply element by element, so those are refused (python_list)
        self.lists: dict[int, Array] = {}
        # arrays a name holds that a list display took (W = [r, s]: Python's list holds r
        # itself), and such lists, by id: each with the list
        self.contained: dict[int, tuple[Array, Array]] = {}
        # NumPy's and PyTorch's arrays of integers (np.array([1, 2, 3]), np.arange(3),
        # torch.tensor([1, 2])), by id, and their parts: an element assigned a value that is
        # no whole number keeps its whole part there, so that is refused (_into_whole)
        self.whole: dict[int, Array] = {}
        self.either: dict[int, tuple[Array, str, Any]] = {}  # X.max(1): an axis or a dim
        self.parts: dict[int, list[Array]] = {}
        self.collected: list[list[Any]] = []  # comprehensions and choices running: values
        self.marks: list[tuple[str, int, Any, int]] = []  # y.backward(): y, version, value, pos

    # --- statements ----------------------------------------------------------------------------

    def run(self) -> None:
        signal = self.block(self.program.statements, self.top)
        if signal is not None:
            what = "return outside a def" if isinstance(signal, Returned) else \
                f"{signal} outside a loop"
            raise ProgramError(what)

    def block(self, statements: Sequence[Any], frame: Frame) -> Any:
        """Run statements in order; a break, continue or return stops the block."""
        for st in statements:
            signal = _RUN[type(st)](self, st, frame)
            if signal is not None:
                return signal
        return None

    def assign(self, st: Statement, frame: Frame) -> None:
        value = self.evaluate(st.code, frame)
        if type(value) is tuple:
            raise self.located(_several(value, "unpack them into names: a, b = …"), st.pos)
        if st.target is None:
            self.bare = value
            return
        if _appends(st):  # ys.append(v): in place
            before = self.lookup(st.target, st.pos, frame)
            self._not_a_view(before, st)
            self._shared(before, value, frame, st)
        elif st.index is not None:
            if id(self.lookup(st.target or "", st.pos, frame)) in self.whole:
                self._into_whole(st, value)
            value, before, rows = self._element(st, value, frame)
            if id(before) in self.whole:
                self.whole[id(value)] = value
            self._not_a_view(before, st)
            # W[0] = […] of a list of lists puts a new row in W: r = W[0], taken before, is
            # the old row still, as Python's lists hold their rows (NumPy copies into it)
            self._shared(before, value, frame, st, follow=not rows)
        elif st.op is not None:
            current = self.lookup(st.target, st.pos, frame)
            if isinstance(current, Array):
                self._not_a_view(current, st)
                if isinstance(value, Array):  # b += a matrix: b would not keep its shape
                    grown = arrays.broadcast([current.shape, value.shape])
                    if grown is not None and grown != current.shape:
                        self._in_place(current, Array(grown, ()), frame, st)
            value = self.apply(st.op, (current, value), st.pos)
            if id(current) in self.lists and id(value) in self.lists:
                self._shared(current, value, frame, st)  # L *= 3 repeats the list L in place
            elif isinstance(current, Array):  # b += 1 changes b's array in place, as NumPy's
                self._in_place(current, value, frame, st)
        self.bind(st.target, value, frame, st.pos)

    def unpack(self, st: Unpack, frame: Frame) -> None:
        """``a, b = b, a + b``, ``s, c = f(x)``, ``x0, x1 = x``: every value is computed, then
        each name is given its own, left to right, as Python does."""
        value = self.evaluate(st.code, frame)
        if id(value) in self.either:
            raise self.located(_either(*self.either[id(value)]), st.pos)
        if id(value) in self.pairs:
            raise self.located(ProgramError(_PAIR_UNPACKED), st.pos)
        if type(value) is tuple:
            items = list(value)
        elif isinstance(value, Array) and value.shape:
            keys = [[arrays.const(k)] for k in range(value.shape[0])]
            items = [self.view(arrays.index(value, key, "the array"), value, key)
                     for key in keys]
        else:
            try:
                self.shaped(value, "shape")  # an input without a value: its shape is unknown
            except ProgramError as exc:
                raise self.located(exc, st.pos) from None
            one = len(st.targets) == 1  # a, = x: a one-element tuple's unpacking
            raise self.located(ProgramError(
                f"{', '.join(st.targets)}{',' * one} = … unpacks "
                f"{'a sequence' if one else 'several values'}, and this is one number: "
                + (f"write {st.targets[0]} = … without the comma" if one else
                   "give it one name")), st.pos)
        if len(items) != len(st.targets):
            what = ("value" if len(items) == 1 else "values") if type(value) is tuple else \
                f"elements (an array of shape {arrays.show(value.shape)})"
            raise self.located(ProgramError(
                f"{len(st.targets)} names ({', '.join(st.targets)}) are given {len(items)} "
                f"{what}: name each value once"), st.pos)
        for name, pos, item in zip(st.targets, st.positions, items, strict=True):
            if type(item) is tuple:
                raise self.located(_several(item, "unpack them on a line of their own"), pos)
            self.bind(name, item, frame, pos)

    def _element(self, st: Statement, value: Any,
                 frame: Frame) -> tuple[Array, Array, bool]:
        """The array after ``b[i] = value``, the array before it, and whether that put new
        rows in a Python list (W[0] = […] of a list of lists, not an element)."""
        current = self.lookup(st.target or "", st.pos, frame)
        keys = [self.evaluate(code, frame) for code in st.index or ()]
        try:
            if st.op is not None:
                part = arrays.index(current, keys, st.target or "")
                if id(current) in self.lists and isinstance(part, Array):
                    self.listed(part)  # b[1:] *= 2 of a list b: the part is a list
                value = self.apply(st.op, (part, value), st.pos)
            listed = id(current) in self.lists
            if listed:
                _list_slice_assigned(current, keys, value, st.target or "")
            after = arrays.replaced(current, keys, value, st.target or "")
            rows = listed and isinstance(arrays.index(current, keys, st.target or ""), Array)
            return (self.listed(after) if listed else after), current, rows
        except ProgramError as exc:
            raise self.located(exc, st.pos) from None

    def hold(self, value: Any, names: dict[Any, Any] | None, name: Any) -> None:
        """``name`` (of ``names``; None: the input ``name``) holds the array ``value``."""
        if isinstance(value, Array):
            self.holders.setdefault(id(value), (value, []))[1].append((names, name))

    def _shared(self, before: Array, after: Array, frame: Frame, st: Statement,
                follow: bool = True) -> None:
        """``b[i] = …`` changes the array b holds for every name holding it (``c = b``, a
        def's parameter), as in Python, and (with ``follow``) the parts taken from it; an
        input's array is not changed through another name."""
        self._not_in_a_list(before, st)
        _, holders = self.holders.pop(id(before), (before, []))
        kept = []
        for names, name in holders:
            if names is None:
                if name != st.target or frame is not self.top:
                    copy = name if frame is self.top else st.target  # in a def: its own name
                    raise NameProblem(
                        f"{st.target} holds the input {name}'s array (arrays are shared, not "
                        f"copied), so assigning an element would change the input: copy it "
                        f"first ({st.target} = {copy}.copy())", self.program.source,
                        self.tokens.offset(st.pos))
            elif names.get(name) is before:
                names[name] = after
                kept.append((names, name))
        if kept:
            self.holders[id(after)] = (after, kept)
        if follow:
            self._follow(before, after)

    def _into_whole(self, st: Statement, value: Any) -> None:
        """``v[0] = x`` of NumPy's array of integers: refused unless the value is a whole
        number written so (NumPy keeps int(x) there, 1 for 1.5; tracer would keep 1.5)."""
        items = value.items if isinstance(value, Array) else (value,)
        if all(_whole_literal(v) for v in items) and (
                st.op is None or st.op.whole):
            return  # v[0] = 2, v[0] += 1: whole numbers still
        name = st.target or ""
        raise self.located(ProgramError(
            f"{name} is an array of integers (NumPy's np.array([1, 2, 3]) and np.arange(3), "
            f"PyTorch's torch.tensor([1, 2]) hold whole numbers), so {name}[…] = … keeps only "
            f"the whole part of a value there: write its numbers as floats, np.array([1.0, 2, "
            f"3]), np.arange(3.0)"), st.pos)

    def _held(self, a: Array) -> bool:
        """Does a name (or an input) hold the array ``a`` now?"""
        _, holders = self.holders.get(id(a), (a, []))
        return any(names is None or names.get(name) is a for names, name in holders)

    def made_list(self, values: list[Any]) -> Array:
        """A Python list of ``values`` (a list display). Its elements that
        are arrays some name holds are those very arrays in Python, so a change to one shows
        in the other: tracer copies them, so such a change is refused (``_not_in_a_list``)."""
        made = self.listed(arrays.from_nested(values))
        for v in values:
            if isinstance(v, Array) and self._held(v):
                self.contained[id(v)] = (v, made)
                self.contained[id(made)] = (v, made)
        return made

    def _not_in_a_list(self, before: Array, st: Statement) -> None:
        """Refuse a change to an array a list holds (r after W = [r, …]), or to such a list,
        while both are held: Python would change both, and tracer's list holds a copy."""
        found = self.contained.get(id(before))
        if found is None or not (self._held(found[0]) and self._held(found[1])):
            return
        name = st.target or ""
        said = (f"{name} holds arrays that other names hold too (W = [r, …]): Python's list "
                f"holds those arrays themselves, so this change would show through their names "
                if found[1] is before and found[0] is not before else
                f"{name} is in a list (W = [{name}, …]): Python's list holds {name} itself, so "
                "this change would show in the list ")
        copy = "r" if found[1] is before and found[0] is not before else name
        raise self.located(ProgramError(
            said + "too, and tracer's list holds copies: change the arrays before making the "
                   f"list, or make it of copies, [{copy}.copy(), …]"), st.pos)

    def index(self, ins: Index, args: list[Any], frame: Frame) -> Any:
        """``a[i]``, ``a[1:]``: a part, a view of a; of a Python list, a list: a row of a
        list of lists is shared (a view), a slice a copy (b = a[:] copies a list)."""
        part = arrays.index(args[0], args[1:], "the array")
        if id(args[0]) in self.whole and isinstance(part, Array):
            self.whole[id(part)] = part  # a row of an array of integers: integers
        if id(args[0]) not in self.lists or not isinstance(part, Array):
            return self.view(part, args[0], args[1:])
        if not any(type(key) is arrays.SliceKey for key in args[1:]):
            part = self.view(part, args[0], args[1:])
        return self.listed(part)

    def view(self, value: Any, whole: Array, keys: list[Any]) -> Any:
        """A part taken from an array (``b[0]``, ``b[1:]``): an array is kept as a view of
        ``whole``, taken by ``keys``; by lists of positions (``p[[0, 1]]``) it is a copy, as
        NumPy's."""
        if any(isinstance(key, Array) for key in keys):
            return value
        return self.seen_through(value, whole, lambda a: arrays.index(a, keys, "the array"))

    def seen_through(self, value: Any, whole: Any, derive: Callable[[Array], Any]) -> Any:
        """``value``, made from the array ``whole`` by ``derive`` (a part, ``.T``, a reshape:
        NumPy's views), kept as a view of it: a change to ``whole`` shows in it."""
        if isinstance(value, Array) and isinstance(whole, Array):
            self.views[id(value)] = (value, whole, derive)
            self.parts.setdefault(id(whole), []).append(value)
        return value

    def _follow(self, before: Array, after: Array) -> None:
        """The array ``before`` was changed into ``after`` (``b[0, 1] = 5``, ``b += 1``): a
        part taken from it (``c = b[0]``) shows the change, as NumPy's view does; every name
        holding the part holds the part as it is now (and parts of it, in turn: a chain of
        a thousand parts of parts is followed without recursion)."""
        changed = [(before, after)]
        while changed:
            before, after = changed.pop()
            for part in self.parts.pop(id(before), ()):
                now = self._refreshed(part, after)
                if now is not None:
                    changed.append((part, now))

    def _refreshed(self, part: Array, after: Array) -> Array | None:
        """The part as taken from ``after`` now, rebound for every name holding it; None when
        it is unchanged, or no name holds it (nor a part of it) any more."""
        _, holders = self.holders.pop(id(part), (part, []))
        kept = [(names, name) for names, name in holders if names is not None
                and names.get(name) is part]
        if not kept and id(part) not in self.parts:
            return None  # nothing to follow
        derive = self.views[id(part)][2]
        now = derive(after)
        if now.items == part.items:
            self.seen_through(part, after, derive)
            if kept:
                self.holders[id(part)] = (part, kept)
            return None
        self.seen_through(now, after, derive)
        for names, name in kept:
            names[name] = now
        if kept:
            self.holders[id(now)] = (now, kept)
        return now

    def _not_a_view(self, array: Array, st: Statement) -> None:
        """Refuse a change through a part of another array: NumPy would change that array
        too (a row, a slice, a loop's row share its elements), which tracer does not follow."""
        if id(array) in self.views:
            raise self.located(ProgramError(
                f"{st.target} is a part of another array (a row, a slice, a transpose or a "
                "reshape, which NumPy shares with it): changing it would change that array "
                "too, which tracer does not "
                f"follow; change the array itself (its [i, j] = …), or copy the part first "
                f"({st.target} = {st.target} + 0)"), st.pos)

    def _in_place(self, before: Array, after: Any, frame: Frame, st: Statement) -> None:
        if not isinstance(after, Array) or after.shape != before.shape:
            shape = arrays.show(after.shape) if isinstance(after, Array) else "a number"
            raise self.located(ProgramError(
                f"this would make {st.target} {shape} in place of "
                f"{arrays.show(before.shape)} (an array changed in place keeps its shape): "
                f"give the result a name of its own"), st.pos)
        self._shared(before, after, frame, st)

    def bind(self, name: str, value: Any, frame: Frame, pos: int) -> None:
        """Give ``name`` a value, labelling its rows with the name (marked when it is the
        name's second value or later)."""
        if type(value) is not int:  # (a row is no def: the commonest value, not looked at)
            _no_function((value,), pos, self)
        if frame is self.top and name in self.input_values:
            raise NameProblem(
                f"{name} is an input of the program (a line read it before any line assigned "
                "it); an input cannot be assigned: give the new value a name of its own (to "
                f"update it in a loop, copy it first: {name}_ = {name}, then update {name}_)",
                self.program.source, self.tokens.offset(pos))
        qualified = frame.qualifier + name if frame.qualifier else name
        version = self.versions.get(qualified, -1) + 1
        self.versions[qualified] = version
        label = marked(qualified, version) if version else qualified
        if type(value) is int:
            self.builder.label(value, label)
        elif isinstance(value, Array):
            self._count_names(name, value, pos)
            for ix, item in zip(arrays.indices(value.shape), value.items, strict=True):
                self.builder.label(item, arrays.element_name(label, ix))
            self.hold(value, frame.names, name)
        frame.names[name] = value
        if frame is self.top:
            self.last = name

    def _count_names(self, name: str, value: Array, pos: int) -> None:
        """Refuse, before it names them, the elements of an array that would take the names
        given to arrays over ``MAX_NAMES`` (a list grown by append in a long loop)."""
        self.names += len(value.items)
        if self.names > MAX_NAMES:
            raise self.located(LimitError(
                f"{name} now holds {len(value.items):,} elements, and each change of an array "
                f"names every element of it again in the tables ({name}[0], {name}′[0] …): "
                f"this program would give over {MAX_NAMES:,} such names (a list grown by "
                f"append n times takes n²/2): append fewer steps (a smaller range), keep "
                f"every k-th step, or keep the last value alone in a name (y = y + h*f(y))"),
                pos)

    def run_if(self, st: If, frame: Frame) -> Any:
        reads: list[int] = []  # the else is taken on what the conditions before it read
        for k, (cond, body) in enumerate(st.branches):
            outcome = self.decide(cond, frame, "if" if k == 0 else "elif", None)
            reads += self.builder.last_reads
            if outcome:
                return self.block(body, frame)
        if st.orelse is not None:
            self.builder.control("else", "", (), True, None, st.pos, tuple(reads))
            return self.block(st.orelse, frame)
        return None

    def run_assert(self, st: Assert, frame: Frame) -> None:
        """Python's assert: the condition decided and shown; false stops the run here."""
        try:
            holds = self.decide(st.cond, frame, "assert", None)
        except ProgramError as exc:  # assert X.shape == W.shape: a condition of one number
            exc.message += " (an assert checks, and changes no value: it may be left out)"
            exc.args = (exc.message, *exc.args[1:])
            raise
        if not holds:
            raise self.located(ProgramError(f"assert {st.cond.text} is false here (Python "
                                            "stops with an AssertionError)"), st.pos)

    def run_raise(self, st: Raise, frame: Frame) -> None:
        """Python's raise, reached: the run stops here (its exception is not computed)."""
        raise self.located(ProgramError(f"{st.text} ran here: the program stops, as Python's "
                                        "does"), st.pos)

    def run_while(self, st: While, frame: Frame) -> Any:
        k = 0
        while True:
            k += 1
            self.tick(st, "while")
            if not self.decide(st.cond, frame, "while", k):
                return None
            signal = self.block(st.body, frame)
            if signal == BREAK:
                return None
            if isinstance(signal, Returned):
                return signal

    def run_for(self, st: For, frame: Frame) -> Any:
        text, count, steps = self._range(st, frame) if st.over == "range" else \
            self._each(st, frame)
        self.plan(st, count)
        running = [st.pos, count, 0]
        self.loops.append(running)
        control, names, block = self.builder.control, frame.names, self.block
        try:
            for k, (detail, values) in enumerate(steps, start=1):
                running[2] = k
                self.tick(st, "for")
                control("for", text, detail, True, k, st.pos)
                if type(st.var) is str:
                    names[st.var] = values
                    self.hold(values, names, st.var)
                else:
                    names.update(zip(st.var, values, strict=True))
                    for var, value in zip(st.var, values, strict=True):
                        self.hold(value, names, var)
                signal = block(st.body, frame)
                if signal == BREAK:
                    return None
                if isinstance(signal, Returned):
                    return signal
        finally:
            self.loops.pop()
        return None

    def _range(self, st: For, frame: Frame) -> tuple[str, int, Iterator[tuple[tuple, Any]]]:
        """A loop over range(…): its text, its length and each step's (detail, counter)."""
        try:
            bounds = [arrays.whole(self.evaluate(code, frame), "range's argument")
                      for code in st.args]
            if len(bounds) == 3 and bounds[2] == 0:
                raise ProgramError("range's step must not be 0")
            steps = range(*bounds)
        except ProgramError as exc:
            raise self.located(exc, st.pos) from None
        except ValueError as exc:
            raise self.located(ProgramError(str(exc)), st.pos) from None
        shown = f"{st.var} = "
        return (f"for {st.var} in range({', '.join(map(str, bounds))})", _length(*bounds),
                _counted(shown, steps))

    def _each(self, st: For, frame: Frame) -> tuple[str, int, Iterator[tuple[tuple, Any]]]:
        """A loop over arrays (``for w in ws``, ``enumerate(ws)``, ``zip(xs, ys)``): each
        step takes the next element (of a matrix, the next row); or over a tuple's values
        (``for W in (W1, W2)``, a def's ``return a, b``), each as it is."""
        seqs = []
        for code, text in zip(st.args, st.texts, strict=True):
            value = self.evaluate(code, frame)
            if type(value) is tuple:
                seqs.append((text, value))
                continue
            if not isinstance(value, Array) or not value.shape:
                raise self.located(ProgramError(
                    f"{text} is a number, not an array: a for loop runs over range(n) or over "
                    "an array's elements (a matrix's rows)"), st.pos)
            seqs.append((text, value))
        count = min(len(value) if type(value) is tuple else value.shape[0] for _, value in seqs)
        names = (st.var,) if type(st.var) is str else st.var
        header = ", ".join(st.texts)
        text = (f"for {', '.join(names)} in "
                f"{header if st.over == 'each' else f'{st.over}({header})'}")
        return text, count, (self._step(st, names, seqs, k, frame) for k in range(count))

    def _step(self, st: For, names: tuple[str, ...], seqs: list, k: int,
              frame: Frame) -> tuple[tuple, Any]:
        """Step ``k`` of a loop over arrays: the k-th element (row) of each, read now (a name's
        array as it is now: a change the loop made shows, as in Python; but not a loop
        variable's, ``for v in v``: the loop runs over the array v held when it began)."""
        items = []
        for (text, value), code in zip(seqs, st.args, strict=True):
            if type(value) is tuple:  # a tuple's values are held, not views
                items.append(value[k])
                continue
            if len(code) == 1 and type(code[0]) is Ref and code[0].name not in names:
                value = frame.names.get(code[0].name, value)
            key = [arrays.const(k)]
            items.append(self.view(arrays.index(value, key, text), value, key))
        shown = [f"{name} = {text}[{k}]" for name, (text, _) in
                 zip(names[-len(seqs):], seqs, strict=True)]
        if st.over == "enumerate":
            return (f"{names[0]} = {k}, {shown[0]}",), (arrays.const(k), *items)
        if st.over == "each":
            return (shown[0],), items[0]
        return (", ".join(shown),), tuple(items)

    def plan(self, st: For, count: int) -> None:
        """Refuse, before it starts, a for loop that would take more than ``MAX_STEPS`` steps
        with the loops around it (one that may break or return early is let run)."""
        counts = [n - k + 1 for _, n, k in self.loops]  # this step of each and those to come
        total = math.prod(counts) * count
        if self.iterations + total <= MAX_STEPS or _leaves(st.body):
            return
        if total == count:
            what = f"this for loop would run {arrays.amount(count)} times"
        else:
            shown = " × ".join(arrays.amount(n) for n in [*counts, count])
            lines = ", ".join(str(self.tokens.line(pos)) for pos, _, _ in self.loops)
            what = (f"this for loop, inside the loops on line(s) {lines}, would run {shown} = "
                    f"{arrays.amount(total)} times")
        if total <= MAX_STEPS:  # too many only with the steps before (a def called in a while)
            what += f", after the {self.iterations:,} loop steps the program has run"
        raise LimitError(f"{what}; tracer unrolls every loop, one decision line a step, and "
                         f"stops a program at {MAX_STEPS:,} loop steps: use a smaller range",
                         self.program.source, self.tokens.offset(st.pos))

    def tick(self, st: Any, kind: str) -> None:
        self.iterations += 1
        self.builder.loop = (kind, st.pos)
        if self.iterations > MAX_STEPS:
            raise LimitError(f"this {kind} loop has run {MAX_STEPS:,} loop steps: does it end? "
                             "(tracer unrolls every loop, and stops a program at "
                             f"{MAX_STEPS:,} loop steps)",
                             self.program.source, self.tokens.offset(st.pos))

    def comprehension(self, ins: Comprehension, args: list[Any], frame: Frame) -> Array:
        """``[e for i in range(n) if c]``: its loops run as for statements (each step a
        decision line) whose innermost block collects e. As in Python 3 it is a scope of its
        own, inside the frame it runs in: the loops' names are its own, and a def it calls
        reads the names where the def was written, not these."""
        inner = Frame({}, frame.qualifier, frame.function, _COMPREHENSION, frame)
        self.collected.append([])
        try:
            self.run_for(ins.loop, inner)
        finally:
            values = self.collected.pop()
        if any(type(v) is tuple for v in values):
            raise ProgramError("an element of this comprehension gives several values: take "
                               "one (f(x)[0]) or unpack them first")
        return self.listed(arrays.from_nested(values))

    def choose(self, ins: Choice, args: list[Any], frame: Frame) -> Any:
        """``a if c else b``: decided as an if/else (its decision lines), only the branch
        taken evaluated."""
        self.collected.append([])
        try:
            self.run_if(ins.choice, frame)
        finally:
            values = self.collected.pop()
        return values[0]

    def select(self, ins: Select, args: list[Any], frame: Frame) -> Any:
        """``where(c, a, b)``: a and b computed whole, as NumPy does; c's sides are broadcast
        with them, and each element is decided on its own (a decision line, ``where x > 0 at
        [1]: -2 > 0 → false``) and takes a's element or b's: the other is not differentiated."""
        cond = ins.cond
        self.deciding += 1
        try:
            sides = [self.evaluate(code, frame) for code in
                     (cond.codes if type(cond) is Compare else (cond.code,))]
        finally:
            self.deciding -= 1
        for value in sides:
            if type(value) is tuple:
                raise self.located(_several(value, "unpack them first (a, b = f(x)) and "
                                                   "compare one"), cond.pos)
        try:
            shape, columns = arrays.spread_all([*sides, *args], "where")
        except ProgramError as exc:
            raise self.located(exc, ins.pos) from None
        taken, other = columns[-2:]
        count = len(taken)
        if self.iterations + count > MAX_STEPS:  # each element a decision, as a loop's step
            raise self.located(LimitError(
                f"where(…) here decides {count:,} elements, a decision line each, and tracer "
                f"stops a program at {MAX_STEPS:,} decisions (loop steps and where's elements "
                "together): write np.maximum(z, 0.01*z) or np.clip(…), which decide nothing, or "
                "use a smaller array"), ins.pos)
        self.iterations += count
        out = []
        for k, ix in enumerate(arrays.indices(shape) if shape is not None else [None]):
            outer, self.read_rows = self.read_rows, []
            numbers = [self.number(column[k], cond.pos, cond.text) for column in columns[:-2]]
            outcome, detail = _chain(cond, numbers)
            text = cond.text if ix is None else f"{cond.text} at [{','.join(map(str, ix))}]"
            self.builder.control("where", text, tuple(detail), outcome, None, cond.pos,
                                 tuple(self.read_rows))
            self.read_rows = outer
            out.append(taken[k] if outcome else other[k])
        return out[0] if shape is None else Array(shape, tuple(out))

    def collect(self, st: Collect, frame: Frame) -> None:
        self.collected[-1].append(self.evaluate(st.code, frame))

    def jump(self, st: Jump, frame: Frame) -> Any:
        return None if st.kind == "pass" else st.kind

    def mark(self, st: Backward, frame: Frame) -> None:
        """``y.backward()``: the value y holds here, and which of y's values it is (0: its
        first), is the output of a backward pass (``marked`` names them)."""
        if st.name not in frame.names and st.name not in self.point and \
                st.name not in self.input_values:
            raise NameProblem(f"{st.name}.backward(): no line before it gives {st.name} a value",
                              self.program.source, self.tokens.offset(st.pos))
        value = self.lookup(st.name, st.pos, frame)
        self.marks.append((st.name, self.versions.get(st.name, 0), value, st.pos))

    @cached_property
    def _assigned_shapes(self) -> dict[str, list[str]]:
        """The names the program assigns, by their skeletons (``spelling.shapes``): each input
        read without a value is checked against them in one lookup, not a walk of them all."""
        from tracer.core.spelling import shapes

        return shapes(self.program.assigned)

    @cached_property
    def jax_imported(self) -> bool:
        """Does the program import JAX (whose gelu defaults to the tanh form)? Looked for once,
        not at every gelu call of a loop."""
        return _JAX.search(self.program.source) is not None

    @cached_property
    def top_defs(self) -> dict[str, int]:
        """The program's defs at its top level (in its branches and loops too), each name's
        first def statement: a name read before it runs is none of the inputs."""
        found: dict[str, int] = {}
        for d in _defs(self.program.statements):
            found.setdefault(d.name, d.pos)
        return found

    @cached_property
    def array_library(self) -> bool:
        """Does the program import NumPy, PyTorch or JAX (its arrays are theirs)? Looked for
        once, not at every call or append of a loop."""
        return _ARRAY_LIBRARY.search(self.program.source) is not None

    @cached_property
    def pythons_builtins(self) -> bool:
        """Are sum, max and min Python's own here: in a program that imports NumPy, PyTorch
        or JAX (and none of their sum, max or min by name), where an array is theirs, and
        Python's sum of a matrix adds its rows? (In a formula they are tracer's reductions.)"""
        return self.array_library and _REDUCTIONS_IMPORTED.search(self.program.source) is None

    @cached_property
    def marked(self) -> tuple[dict[str, tuple[Any, int, str]], tuple[str, ...]]:
        """After the run: each value a y.backward() line took, by its output's name (with the
        line's place and the name as written), and each line's output in turn, as the tables
        label it (y, y′ …)."""
        versions: dict[str, set[int]] = {}
        for name, version, _, _ in self.marks:
            versions.setdefault(name, set()).add(version)
        out: dict[str, tuple[Any, int, str]] = {}
        each = []
        for name, version, value, pos in self.marks:
            label = marked(name, version) if len(versions[name]) > 1 and version else name
            each.append(label)
            out.setdefault(label, (value, pos, name))
        return out, tuple(each)

    def marked_outputs(self) -> list[tuple[str, Operand]]:
        """The outputs the program's y.backward() lines start from, an array's elements one
        by one. An output is named as the program names it (y), unless the program
        differentiates several values of y: then each is named as the table labels it (y, y′,
        y″ …, its first value y)."""
        chosen: list[tuple[str, Operand]] = []
        for label, (value, pos, name) in self.marked[0].items():
            for element, operand in arrays.flatten(label, value):
                if type(operand) is Const:
                    # as written (y.backward()); the table's label (y′) where it differs
                    held = element if label == name else f"{element}, the value {name} holds here,"
                    raise NameProblem(
                        f"{name}.backward(): {held} is the constant "
                        f"{constant_text(operand)}: it does not depend on any input, so there "
                        "is nothing to differentiate", self.program.source,
                        self.tokens.offset(pos))
                chosen.append((element, operand))
        return chosen

    def define(self, st: Def, frame: Frame) -> None:
        """A def: its defaults are computed now, where it stands, as Python does; a def
        inside a def is that call's own (it reads that call's names: a closure)."""
        defaults = {k: self.evaluate(code, frame) for k, code in enumerate(st.defaults)}
        for k, value in defaults.items():  # def f(t, acc=[0.0]): one list for every call,
            self.hold(value, defaults, k)  # so a change to it stays for the next, as Python's
        made = Function(st, defaults, frame)
        if frame is self.top:
            self.functions[st.name] = made
            self.readable.pop(st.name, None)
        else:
            if frame.defs is None:
                frame.defs = {}
            frame.defs[st.name] = made

    def run_return(self, st: Return, frame: Frame) -> Returned:
        if frame.function is None:
            raise self.located(ProgramError("return outside a def"), st.pos)
        return Returned(None if st.code is None else self.evaluate(st.code, frame))

    # --- conditions ----------------------------------------------------------------------------

    def decide(self, cond: Condition, frame: Frame, kind: str, iteration: int | None) -> bool:
        """Decide a condition on the values at hand, and keep the decision as a control."""
        outer, self.read_rows = self.read_rows, []  # a call in the condition decides too
        self.deciding += 1
        try:
            outcome, detail = self.condition(cond, frame)
        finally:
            self.deciding -= 1
        self.builder.control(kind, cond.text, tuple(detail), outcome, iteration, cond.pos,
                             tuple(self.read_rows))
        self.read_rows = outer
        return outcome

    def condition(self, cond: Condition, frame: Frame) -> tuple[bool, list[Any]]:
        if isinstance(cond, Compare):
            return self._compare(cond, frame)
        if isinstance(cond, BoolOp):
            detail: list[Any] = []
            outcome = cond.op == "and"
            for k, item in enumerate(cond.items):
                if k:
                    detail.append(f" {cond.op} ")
                outcome, part = self.condition(item, frame)
                detail += part
                if outcome == (cond.op == "or"):
                    break
            return outcome, detail
        if isinstance(cond, Not):
            outcome, part = self.condition(cond.item, frame)
            return not outcome, ["not ", *part]
        assert isinstance(cond, Truth)
        value = self.number(self.evaluate(cond.code, frame), cond.pos, cond.text)
        return value != 0, [value]

    def _compare(self, cond: Compare, frame: Frame) -> tuple[bool, list[Any]]:
        """A chain of comparisons, each side evaluated only when reached (Python's
        ``a < b < c`` does not evaluate c when a < b is false)."""
        return _chain(cond, (self.number(self.evaluate(code, frame), cond.pos, cond.text)
                             for code in cond.codes))

    def number(self, value: Any, pos: int, text: str) -> float:
        """A value's number, for a decision: it must be one number, not an array."""
        if type(value) is tuple:
            raise self.located(_several(value, "unpack them first (a, b = f(x)) and compare "
                                               "one"), pos)
        if isinstance(value, Array):
            raise self.located(ProgramError(
                f"the condition {text} compares an array of {len(value.items)} elements, and a "
                "condition needs one number: use .sum(), .norm() or one element such as "
                "b[0]"), pos)
        if type(value) is Const:
            return float(value.value)
        if type(value) is int:
            self.read_rows.append(value)
            return self.row_value(value, pos)
        _no_function((value,), pos, self)
        raise self.located(ProgramError(f"{text} is not a number"), pos)

    def row_value(self, operand: int, pos: int) -> float:
        """The float value of a row or an input, computing rows up to it (once)."""
        if operand < 0:
            name = self.builder.inputs[-1 - operand]
            if name not in self.scalars:
                raise NameProblem(
                    f"no value for {name}, and a decision of the program needs it (give it "
                    f"with --at {name}=…)", self.program.source, self.tokens.offset(pos))
            return self.scalars[name]
        values, row = self.values, self.builder.row
        while len(values) <= operand:
            op, args = row(len(values))
            xs = [a.value if type(a) is Const else self.row_value(a, pos) for a in args]
            try:
                y = op.value(*xs)
            except (ValueError, ZeroDivisionError, OverflowError):
                y = math.nan
            if not math.isfinite(y):
                self._domain_error()
            values.append(y)
        return values[operand]

    def _domain_error(self) -> None:
        """A row a decision needs is undefined: the evaluator says which, as always."""
        from tracer.core.evaluate import evaluate

        trace = self.builder.assemble(self.program, "source", list(self.given), [])
        evaluate(trace, {name: self.scalars.get(name, 0.0) for name in trace.inputs})
        raise TracerError("a value this program's decision needs is undefined")

    # --- expressions ---------------------------------------------------------------------------

    def evaluate(self, code: Code, frame: Frame) -> Any:
        """Run postfix code; returns its value. The common cases are spelled out: this loop
        runs once per instruction of every statement the program executes."""
        stack: list[Any] = []
        push = stack.append
        # An input read by its name alone at the top level; in a def, a name that is not its
        # own is looked up through the defs around it first (``read``).
        names, readable = frame.names, self.readable if frame.scope is None else _NONE
        apply1, apply2 = self.builder.apply1, self.builder.apply2
        for ins in code:
            kind = type(ins)
            if kind is Ref:
                value = names.get(ins[0])
                if value is None:
                    value = readable.get(ins[0])
                    if value is None:
                        value = self.read(ins, frame)
                push(value)
            elif kind is Const:
                push(ins)
            elif kind is Apply:
                op = ins[0]
                n = op.arity
                if n == 2:
                    b = stack.pop()
                    a = stack[-1]
                    stack[-1] = apply2(op, a, b, ins[1]) if type(a) in _SCALAR and \
                        type(b) in _SCALAR else self.apply(op, (a, b), ins[1])
                elif n == 1 and type(stack[-1]) is int:
                    stack[-1] = apply1(op, stack[-1], ins[1])
                else:
                    args = tuple(stack[len(stack) - n:])
                    del stack[len(stack) - n:]
                    push(self.apply(op, args, ins[1]))
            else:
                self.special(ins, stack, frame)
        return stack[-1]

    def apply(self, op: ops.Op, args: Sequence[Any], pos: int) -> Any:
        """An op on scalars, or element by element on arrays."""
        if any(type(a) is tuple for a in args):
            raise self.located(_several(next(a for a in args if type(a) is tuple),
                                        "unpack them first (a, b = f(x)) or take one, "
                                        "f(x)[0]"), pos)
        _no_function(args, pos, self)
        if any(isinstance(a, Array) for a in args):
            if self.lists and len(args) == 2 and (id(args[0]) in self.lists or
                                                  id(args[1]) in self.lists):
                made = self.python_list(op, args, pos)
                if made is not None:
                    return made
            try:
                return arrays.elementwise(op, args, self._scalar(pos))
            except (ProgramError, LimitError) as exc:
                raise self.located(exc, pos) from None
        return self.builder.apply(op, args, pos)

    def _appended(self, before: Any, item: Any) -> Array:
        """``ys.append(v)`` of a Python list (a list still, grown); of NumPy's or PyTorch's
        array, which has no append (Python stops with an AttributeError), refused."""
        if isinstance(before, Array) and id(before) not in self.lists and self.array_library:
            raise ProgramError("this is NumPy's (or PyTorch's) array, which has no append "
                               "(Python stops with AttributeError: no attribute 'append'): "
                               "grow a Python list, ys = [] … ys.append(v), and make the array "
                               "after the loop, np.array(ys)")
        grown = arrays.appended(before, item)
        return self.listed(grown) if id(before) in self.lists else grown

    def listed(self, made: Array) -> Array:
        """``made`` is a Python list (a list display, a comprehension, a part of a list)."""
        self.lists[id(made)] = made
        return made

    def python_list(self, op: ops.Op, args: Sequence[Any], pos: int) -> Array | None:
        """What Python computes on its lists, where tracer's arrays would add and multiply
        element by element: ``a * 3`` of a list repeats it ([0.0] * 3 is [0.0, 0.0, 0.0]);
        ``a + b`` of two lists joins them ([1, 2] + [3] is [1, 2, 3]), which tracer's
        arrays do not: refused, whatever their lengths; None for any other op, computed as
        on arrays."""
        a, b = args
        try:
            if op.name == "add" and id(a) in self.lists and id(b) in self.lists:
                raise ProgramError(
                    "+ of two Python lists joins them in Python ([1, 2] + [3] is [1, 2, 3]), "
                    "and tracer adds arrays element by element (here of shapes "
                    f"{arrays.show(a.shape)} and {arrays.show(b.shape)}): to add, make one an "
                    "array, np.array(a) + b; to join, np.concatenate((a, b)), or build the "
                    "list whole, [f(t) for t in range(n)]")
            other = b if id(a) in self.lists else a
            if op.name == "mul" and type(other) is Const:
                return self.listed(_repeated_list(a if other is b else b, other.value))
        except ProgramError as exc:
            raise self.located(exc, pos) from None
        return None

    def _scalar(self, pos: int):
        apply = self.builder.apply

        def scalar(op: ops.Op, args: Sequence[Operand]) -> Operand:
            return apply(op, args, pos)

        return scalar

    def special(self, ins: Any, stack: list[Any], frame: Frame) -> None:
        """Calls, methods, attributes, indexing and list literals."""
        kind = type(ins)
        n = 1 if kind is Attr else ins.nargs + 1 if kind is Index else ins.nargs
        args = stack[len(stack) - n:]
        del stack[len(stack) - n:]
        if kind is Index and type(args[0]) is tuple:
            stack.append(self._item(args[0], args[1:], ins.pos))
            return
        if kind is Index and id(args[0]) in self.either:
            raise self.located(_either(*self.either[id(args[0])]), ins.pos)
        if kind is Index and id(args[0]) in self.pairs:
            try:
                stack.append(self._values(args[0], args[1:]))
            except ProgramError as exc:
                raise self.located(exc, ins.pos) from None
            return
        if kind is not Call or self.callee(ins.name, frame) is None:
            _no_function(args, ins.pos, self)
        joins = kind is Call and ins.name in arrays.JOINS  # np.concatenate((a, b)): a tuple
        if any(type(a) is tuple for a in args[1 if joins else 0:]):
            raise self.located(_several(next(a for a in args if type(a) is tuple),
                                        "unpack them first (a, b = f(x)) or take one, "
                                        "f(x)[0]"), ins.pos)
        try:
            stack.append(_SPECIAL[kind](self, ins, args, frame))
        except ProgramError as exc:
            if kind is Index or getattr(ins, "name", None) in arrays.FUNCTIONS:
                exc = self._shape_unknown(exc, args)  # not x.foo, F.relu(x): no such thing
            raise self.located(exc, ins.pos) from None
        except LimitError as exc:
            raise self.located(exc, ins.pos) from None

    def _item(self, values: tuple, keys: list[Any], pos: int) -> Any:
        """``f(x)[0]`` of a def that returns several values: one of them."""
        try:
            if len(keys) != 1 or type(keys[0]) is arrays.SliceKey:
                raise ProgramError(f"these {len(values)} values are taken one at a time, by "
                                   "one index: f(x)[0]")
            k = arrays.whole(keys[0], "an index")
            if not -len(values) <= k < len(values):
                raise ProgramError(f"index {k} is out of range for {len(values)} values")
        except ProgramError as exc:
            raise self.located(exc, pos) from None
        return values[k]

    def _values(self, pair: Array, keys: list[Any]) -> Any:
        """``X.max(dim=1)[0]``: PyTorch's max and min along a dim give the values and the
        indices, so [0] is the values (a NumPy reading, the first row, gave a wrong number)."""
        first = keys[0] if keys else None
        if type(first) is Const and first.value == 0:  # [0][1] is [0, 1]: of the values
            values = Array(pair.shape, pair.items)  # the values alone: a new array, no pair
            return arrays.index(values, keys[1:], "the values") if len(keys) > 1 else values
        raise ProgramError(
            "max(…, dim=…) and min(…, dim=…) give PyTorch's (values, indices): take the values "
            "with [0] or .values (the indices, argmax, are not read: they do not change "
            "smoothly with the inputs)")

    def attribute(self, value: Any, name: str) -> Any:
        """``a.T`` (NumPy's view of a) and ``a.shape``; ``.values`` of PyTorch's max along a
        dim."""
        if name in ("values", "indices") and (id(value) in self.pairs
                                             or id(value) in self.either):
            return self._values(value, [arrays.const(0 if name == "values" else 1)])
        if name == "data" and self.deciding:  # while y.data.norm() < 1000: only compared
            return value
        made = arrays.attribute(self.shaped(value, name), name)
        return self.seen_through(made, value, arrays.transpose) if name == "T" else made

    def shaped(self, value: Any, attribute: str) -> Any:
        """``x.shape`` of an input without a value (``tracer graph`` without --at): its shape
        is unknown, which is what to say (a number's shape is (), and x.shape[0] then said
        index 0 is out of range)."""
        name = self._unvalued(value) if attribute == "shape" else None
        if name is not None:
            raise ProgramError(f"{name} has no value here, so tracer does not know its shape: "
                               f"give it with --at {name}=[…]")
        return value

    def _unvalued(self, value: Any) -> str | None:
        """The name of the input ``value`` is, when the point gives it no value (an element
        X[0,1] has one when X has)."""
        if type(value) is int and value < 0:
            name = self.builder.inputs[-1 - value]
            if name.split("[", 1)[0] not in self.point:
                return name
        return None

    def _shape_unknown(self, exc: ProgramError, args: list[Any]) -> ProgramError:
        """An array operation on an input without a value (``tracer graph`` without --at):
        its shape is unknown, which is what to say, not that it is a number."""
        if exc.source is not None:
            return exc  # from inside a def's body: its own place and words
        for a in args:
            name = self._unvalued(a)
            if name is not None:
                return ProgramError(
                    f"{name} has no value here, so tracer does not know its shape: give it "
                    f"with --at {name}=[…] if it is an array ({exc.message})")
        unknown = [n for k, n in enumerate(self.builder.inputs) if self._unvalued(-1 - k)]
        if unknown and any(isinstance(a, int) for a in args):  # a row made from them
            names = ", ".join(unknown[:3]) + (", …" if len(unknown) > 3 else "")
            return ProgramError(
                f"{exc.message}: without a value tracer takes {names} for a number; if one is "
                f"an array, give it with --at {unknown[0]}=[…]")
        return exc

    def call(self, ins: Call, args: list[Any], frame: Frame) -> Any:
        if ins.name == APPEND:
            return self._appended(args[0], args[1])
        found = None if ins.library else self.callee(ins.name, frame)
        if found is not None:
            return self.call_def(found, args, ins.pos, frame)
        fn = arrays.FUNCTIONS.get(ins.name)
        if fn is None and self.held(ins.name, frame) is not None:  # def g(f): f(2), g(3)
            raise ProgramError(f"{ins.name} holds a value here, not a function to call "
                               f"(give {frame.function} a def by its name, "
                               f"{frame.function}(sq, …), for {ins.name}(…) to call it)")
        if fn is None:
            raise ProgramError(f"{ins.name} is not defined (yet): a def runs before its calls")
        if not ins.library and ins.name in _BUILTIN_OF_MATRIX and len(args) == 1 and \
                isinstance(args[0], Array) and len(args[0].shape) >= 2 and \
                (self.pythons_builtins or (id(args[0]) in self.lists and ins.name != "sum")):
            # (a list of lists: Python's max is a row, its sum an error, tracer's the total)
            raise ProgramError(_BUILTIN_OF_MATRIX[ins.name])
        if ins.name in arrays.SPREADS:
            return self._spread(ins, args)
        if ins.name == "gelu" and self.jax_imported and not any(
                type(a) is arrays.Named and a.name == "approximate" for a in args):
            raise ProgramError(_GELU_DEFAULTS)
        if any(type(a) is arrays.Named for a in args):
            named = {a.name: a.value for a in args if type(a) is arrays.Named}
            plain = [a for a in args if type(a) is not arrays.Named]
            made = arrays.with_keywords(ins.name, fn.run, plain, named, self._scalar(ins.pos))
            if ins.name in _PAIRS and "dim" in named and isinstance(made, Array):
                self.pairs[id(made)] = made  # PyTorch's (values, indices): [0] is the values
            return made
        arrays.no_axis_by_position(ins.name, args)
        if len(args) not in fn.arities:
            counts = arrays.counts([*fn.arities, *(ops.arities(ins.name)
                                                   if ins.name in ops.FUNCTIONS else ())])
            raise ProgramError(f"{ins.name} takes {counts} argument(s), got {len(args)}")
        made = fn.run(args, self._scalar(ins.pos))
        if fn.integers and isinstance(made, Array) and \
                _whole_numbers(ins.name, args, self.whole):
            self.whole[id(made)] = made  # np.array([1, 2, 3]): NumPy's integers
        if ins.name in _VIEWS and args:  # reshape(b, 3, 2), ravel(b): views of b
            rest = args[1:]
            return self.seen_through(made, args[0], lambda a: fn.run([a, *rest], None))
        return made

    def _spread(self, ins: Call, args: list[Any]) -> Any:
        """var or std as the library it is written with defines it (np.var(x): NumPy's; a
        method or a bare var(x): the library the program imports, if one of NumPy and PyTorch
        alone)."""
        library = _SPREAD_LIBRARY.get(ins.module) if ins.module else self.spread_library
        if library is None:
            where = "" if ins.module or not self.array_library else \
                " (this program imports both)"
            raise ProgramError(arrays.UNTOLD.format(name=ins.name, where=where))
        named = {a.name: a.value for a in args if type(a) is arrays.Named}
        plain = [a for a in args if type(a) is not arrays.Named]
        return arrays.spread(ins.name, library, plain, named, self._scalar(ins.pos))

    @cached_property
    def spread_library(self) -> str | None:
        """Whose var and std a method (x.var()) or a bare var(x) is: PyTorch's in a program
        that imports torch, NumPy's in one that imports NumPy (or JAX, or autograd's numpy,
        which divide as NumPy does); None where it cannot be told (both, or none)."""
        numpy = _NUMPY_LIKE.search(self.program.source) is not None
        torch = _TORCH.search(self.program.source) is not None
        return None if numpy == torch else "numpy" if numpy else "torch"

    def callee(self, name: str, frame: Frame) -> Function | None:
        """The def a call runs: a parameter (or a name of a def around it) given a def, as
        ``bisect(f, 0, 2)`` gives f, else the def of that name."""
        held = self.held(name, frame)
        return held if type(held) is Function else self.function(name, frame)

    def held(self, name: str, frame: Frame) -> Any:
        """The value a def's name holds, in its call or a def's around it (None at the top
        level, where a name called is a def's or a function's)."""
        f: Frame | None = frame
        while f is not None and f.scope is not None:
            if name in f.names:
                return f.names[name]
            f = f.parent
        return None

    def function(self, name: str, frame: Frame) -> Function | None:
        """The def a call names, as Python finds it: one written in this def or in the defs
        around it (the nearest), else the top level's."""
        f: Frame | None = frame
        while f is not None and f.scope is not None:
            if f.defs is not None and name in f.defs:
                return f.defs[name]
            if name in f.scope.defs:
                raise ProgramError(f"{name} is not defined (yet) in {f.function}: a def runs "
                                   "before its calls")
            f = f.parent
        return self.functions.get(name)

    def scope(self, fn: Def) -> Scope:
        """A def's own names (found once per def statement)."""
        found = self.scopes.get(id(fn))
        if found is None:
            where: dict[str, int] = {}
            for t, pos in targets(fn.body, False, False):
                if t and t not in fn.params:
                    where.setdefault(t, pos)
            defs = frozenset(st.name for st in _defs(fn.body))
            found = self.scopes[id(fn)] = Scope(frozenset({*fn.params, *where}), defs, where)
        return found

    def call_def(self, made: Function, args: list[Any], pos: int, frame: Frame) -> Any:
        """A call of the program's own function, inlined: its rows join the trace."""
        fn = made.fn
        if fn.name in self.active:
            through = self.active[self.active.index(fn.name) + 1:]
            via = f" (through {', '.join(through)})" if through else ""
            raise ProgramError(f"{fn.name} calls itself{via}: tracer unrolls loops, not "
                               "recursion (write the repetition as a loop)")
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise LimitError(f"this call of {fn.name} is one more than the {MAX_CALLS:,} calls "
                             "of its defs a program may make: tracer inlines every call (a def "
                             "that calls the one before it twice doubles the calls at each "
                             "level): call each def once and reuse its value",
                             self.program.source, self.tokens.offset(pos))
        args = self._bound(made, args)
        inner = Frame(dict(zip(fn.params, args, strict=True)), f"{frame.qualifier}{fn.name}.",
                      fn.name, self.scope(fn), None if made.home is self.top else made.home)
        for param, arg in zip(fn.params, args, strict=True):
            self.hold(arg, inner.names, param)
        self.active.append(fn.name)
        self.deepest = max(self.deepest, len(self.active))
        try:
            signal = self.block(fn.body, inner)
        except RecursionError:
            if len(self.active) > 1:
                raise  # to the outermost call, where the stack is short again
            raise LimitError(f"this call of {fn.name} runs defs inside one another "
                             f"{self.deepest} deep (each calling the next): too deep for "
                             f"tracer to inline; call fewer defs inside one another",
                             self.program.source, self.tokens.offset(pos)) from None
        finally:
            self.active.pop()
        if isinstance(signal, Returned) and signal.value is not None:
            return signal.value
        if signal in (BREAK, CONTINUE):
            raise ProgramError(f"{signal} outside a loop in {fn.name}")
        raise ProgramError(f"{fn.name}(…) ended without returning a value")

    def _bound(self, made: Function, args: list[Any]) -> list[Any]:
        """A def's arguments in the order of its parameters: by position, by name
        (``f(x, alpha=0.1)``), and the defaults of the ones not given."""
        fn = made.fn
        named = {a.name: a.value for a in args if type(a) is arrays.Named}
        plain = [a for a in args if type(a) is not arrays.Named]
        given, most = len(plain), len(fn.params)
        least = most - len(fn.defaults)
        if (not named and not least <= given <= most) or given > most:
            counts = f"{least} to {most}" if least < most else f"{most}"
            raise ProgramError(f"{fn.name} takes {counts} argument(s), got {given}")
        values: list[Any] = [*plain, *[_UNSET] * (most - given)]
        for name, value in named.items():
            if name not in fn.params:
                raise ProgramError(f"{fn.name} has no parameter {name}; its parameters are "
                                   f"{', '.join(fn.params)}")
            k = fn.params.index(name)
            if values[k] is not _UNSET:
                raise ProgramError(f"{fn.name} is given {name} twice, by position and by name")
            values[k] = value
        defaults = made.defaults
        for k in range(most):
            if values[k] is _UNSET:
                if k < least:
                    raise ProgramError(f"{fn.name} needs a value for {fn.params[k]}")
                values[k] = defaults[k - least]
        return values

    def method(self, ins: Method, args: list[Any], frame: Frame) -> Any:
        name = ins.name
        axis = args[1] if len(args) >= 2 and type(args[1]) is Const else None  # X.sum(1)
        positional = axis is not None
        if name in arrays.REDUCTIONS and positional and name != "norm":  # x.norm(2): an order
            keep = [arrays.Named("keepdims", a) if type(a) is Const else a for a in args[2:3]]
            args = [args[0], arrays.Named("axis", args[1]), *keep, *args[3:]]  # X.sum(1, True)
        if name in arrays.FUNCTIONS:
            made = self.call(Call(name, ins.nargs, ins.pos, True), args, frame)
            if name in _PAIRS and positional and isinstance(made, Array):  # X.max(1)
                self.either[id(made)] = (made, name, axis.value)  # type: ignore[union-attr]
            return made
        if name == "t" and ins.nargs == 1:  # PyTorch's x.t(): x.T (of a matrix, its view)
            return self.attribute(args[0], "T")
        if name == "unsqueeze" and ins.nargs == 2 and isinstance(args[0], Array):
            return self.view(*_unsqueezed(args[0], args[1]))  # x.unsqueeze(1) is x[:, None]
        if name in NOT_READ_FUNCTIONS:  # x.var(), z.softmax(dim=0)
            raise ProgramError(NOT_READ_FUNCTIONS[name])
        if any(type(a) is arrays.Named for a in args):
            raise ProgramError(f".{name}() takes no argument by name")
        op = ops.function(name, ins.nargs)
        if op is not None:
            return self.apply(op, args, ins.pos)
        if name == "item" and ins.nargs == 1:
            value = args[0]
            if isinstance(value, Array) and len(value.items) != 1:
                raise ProgramError(f".item() needs one element; this array has "
                                   f"{len(value.items)}")
            # PyTorch's .item() is a Python number: it carries no derivative (as detach);
            # in a condition it is only compared (while loss.item() > tol: no row)
            value = value.items[0] if isinstance(value, Array) else value
            return value if self.deciding else \
                self.apply(ops.function("detach", 1), [value], ins.pos)
        if name in _TORCH_METHODS:
            raise ProgramError(_TORCH_METHODS[name])
        if not name.isascii():  # y.bаckward(), its а Cyrillic
            from tracer.core.spelling import lookalike, skeleton

            found = lookalike(name, [skeleton(name)], "here", "")
            if found:
                raise ProgramError(f"there is no method .{name}(): {found}")
        raise ProgramError(f"there is no method .{name}() with {ins.nargs - 1} argument(s)")

    def lookup(self, name: str, pos: int, frame: Frame) -> Any:
        """A name's value, wherever it comes from."""
        value = frame.names.get(name)
        return value if value is not None else self.read(Ref(name, pos), frame)

    def read(self, ref: Ref, frame: Frame) -> Any:
        """A name that is not among the frame's: an enclosing def's, a global, a def, or an
        input."""
        name = ref.name
        if frame is not self.top:
            found = self._enclosing(ref, frame)
            if found is not None:
                return found
            if name in self.top.names:
                return self.top.names[name]
        if name in self.functions:  # bisect(f, 0, 2): a def passed to a def
            return self.functions[name]
        later = self.top_defs.get(name)
        if later is not None:  # app(g, x) above def g: not an input g
            raise self._def_not_yet(ref, f"line {self.tokens.line(later)}")
        if name in self.assigned:
            if name in self.point or name in self.given:
                raise self._reassigned_input(name)
            raise NameProblem(f"{name} is used before it is assigned{self._where(name, ref)}",
                              self.program.source, self.tokens.offset(ref.pos))
        found = self.input_values.get(name)
        if found is None:
            found = self._input(name, ref.pos)
        return found

    def _enclosing(self, ref: Ref, frame: Frame) -> Any:
        """A name read in a def that is not (yet) among its names: one of a def around it
        (as it is now: a closure reads it when it is called), or None when no def around it
        has it (then it is the top level's). A def's own name read before the def assigns it
        is an error, as in Python (it is not the top level's, nor an input)."""
        name = ref.name
        f: Frame | None = frame
        while f is not None and f.scope is not None:
            if f is not frame and name in f.names:
                return f.names[name]
            if f.defs is not None and name in f.defs:
                return f.defs[name]
            if name in f.scope.defs:  # its def, in this call's body, has not run yet
                raise self._def_not_yet(ref, f"in {f.function}")
            if name in f.scope.local:
                raise self._unassigned(name, ref, frame, f)
            f = f.parent
        return None

    def _def_not_yet(self, ref: Ref, where: str) -> NameProblem:
        """A def's name read above its def, which has not run yet (Python's NameError: a def
        is made where it stands), said as such: it read 'g is a function: call it as g(…)',
        or made g an input, where g is passed to a def, app(g, x)."""
        name = ref.name
        return NameProblem(
            f"{name} is read before its def ({where}) runs: a def is made where it stands, as "
            f"in Python; move def {name} above this line", self.program.source,
            self.tokens.offset(ref.pos))

    def _unassigned(self, name: str, ref: Ref, frame: Frame, owner: Frame) -> NameProblem:
        """A def's own name read before the def assigned it (Python's UnboundLocalError)."""
        fn = owner.function
        read = "" if owner is frame else f" (read in {frame.function}, written in {fn})"
        at = self.tokens.line(owner.scope.where[name]) if owner.scope else 0
        return NameProblem(
            f"{name} is used before it is assigned in {fn}{read}: line {at} assigns it in "
            f"{fn}, so {name} is {fn}'s own name throughout {fn}, as in Python (not the "
            "program's, nor an input)", self.program.source, self.tokens.offset(ref.pos))

    def _reassigned_input(self, name: str) -> NameProblem:
        for target, pos in targets(self.program.statements, False):
            if target == name:
                line = self.tokens.line(pos)
                return NameProblem(
                    f"{name} is given a value, so it is an input, and line {line} assigns it: an "
                    "input cannot be reassigned (give the new value a name of its own; to update "
                    f"it in a loop, copy it first: {name}_ = {name}, then update {name}_)",
                    self.program.source, self.tokens.offset(pos))
        return NameProblem(f"{name} is an input; an input cannot be reassigned")

    def _where(self, name: str, ref: Ref) -> str:
        """Where the name is assigned, as the message says it."""
        line = self.tokens.line(ref.pos)
        for target, pos in targets(self.program.statements, False):
            if target == name:
                at = self.tokens.line(pos)
                return " on the same line" if at == line else f" (on line {at})"
        return ""

    def _input(self, name: str, pos: int) -> Any:
        if name not in self.point and self.program.assigned:
            from tracer.core.spelling import lookalike

            found = lookalike(name, self._assigned_shapes, "read here", "assigned")
            if found:  # ﬁ = x, then fi: an input no one meant
                raise NameProblem(found, self.program.source, self.tokens.offset(pos))
        value = self.point.get(name)
        if isinstance(value, Array):
            made = Array(value.shape, tuple(
                self.builder.input(arrays.element_name(name, ix), pos)
                for ix in arrays.indices(value.shape)))
            self.hold(made, None, name)
        else:
            made = self.builder.input(name, pos)
        self.input_values[name] = made
        if name not in self.functions:
            self.readable[name] = made
        return made

    def located(self, exc: TracerError, pos: int) -> TracerError:
        operand = getattr(exc, "operand", None)
        if type(operand) is int and operand < 0 and exc.source is None:  # an input itself
            exc = self._input_not_whole(exc, self.builder.inputs[-1 - operand])
        return exc.located(self.program.source, self.tokens.offset(pos))

    def _input_not_whole(self, exc: TracerError, name: str) -> TracerError:
        """A size, index or range bound that is an input (a class label given with the point,
        ``p[k]``, ``z[y[n]]``, ``range(n)``): named, with what to write instead."""
        whole = name.split("[", 1)[0]
        said = exc.message.replace(
            "here it is a value computed from the inputs",
            f"here it is the input {name}, which, as every value computed from the inputs, "
            f"tracer differentiates: write its value in the program instead ({whole} = …, a "
            "line of its own) and leave it out of the point")
        return ProgramError(said)

    # --- outputs -------------------------------------------------------------------------------

    def outputs(self, wanted: Sequence[str] | None) -> list[tuple[str, Operand]]:
        """The outputs' names and operands, an array's elements one by one."""
        default = self._default_output()
        names = list(dict.fromkeys(e for name in wanted for e in self._expanded(name))) \
            if wanted else [default]
        out: list[tuple[str, Operand]] = []
        for name in names:
            value = self._output_value(name)
            if isinstance(value, Array) and not value.items:
                raise NameProblem(
                    f"the output {name} is an empty array {arrays.show(value.shape)}: it has no "
                    "element to differentiate", self.program.source, self._statement_offset(name))
            for element, operand in arrays.flatten(name, value):
                if type(operand) is Const:
                    other = None if wanted or self.bare is not None else \
                        self._other_name(name)
                    chosen = "" if other is None else (
                        f"; the output is the last name the program assigned: name another "
                        f"with @output or --output (e.g. --output {other})")
                    if not self.builder.inputs:
                        chosen += _numbers_given(self.program.source)
                    raise NameProblem(
                        f"the output {element} is the constant {constant_text(operand)}: "
                        "it does not depend on any input, so there is nothing to "
                        f"differentiate{chosen}", self.program.source,
                        self._statement_offset(name))
                out.append((element, operand))
        return out

    def _other_name(self, name: str) -> str | None:
        """The last name the program assigned, other than ``name``, whose value depends on
        the inputs (a row, or an array with one), for a hint; None if there is none."""
        def varies(value: Any) -> bool:
            items = value.items if isinstance(value, Array) else (value,)
            return any(type(item) is int for item in items)

        others = [n for n, v in self.top.names.items() if n != name and varies(v)]
        return others[-1] if others else None

    def _default_output(self) -> str:
        if self.bare is not None:
            name = "y" if "y" not in self.input_values else "f"
            self.top.names[name] = self.bare
            return name
        if self.last is None:
            if self.assigned:
                names = ", ".join(sorted(self.assigned))
                raise ProgramError(f"at this point the program assigned nothing: its "
                                   f"assignments ({names}) are all on a path it did not take "
                                   "(a branch not taken, or a loop that ran 0 times)")
            printed = "" if _PRINT.search(self.program.source) is None else (
                "; its print(…) lines are left out (tracer's tables show every value): "
                "name what one prints, y = f(x), and give its point with --at")
            raise ProgramError("the program assigns nothing: its last line names the output "
                               f"(y = …) or is an expression{printed}")
        return self.last

    def _expanded(self, name: str) -> list[str]:
        """An output named with a glob or a part of an array (``c[0,*]``, ``c[0]`` of a
        matrix) as the elements it names, ``c[0,0]``, ``c[0,1]`` …; other names as they are."""
        from fnmatch import fnmatchcase

        base, _, rest = name.partition("[")
        value = self.top.names.get(base)
        if not rest or not isinstance(value, Array):
            return [name]
        if not any(c in rest for c in "*?"):
            given = rest.rstrip("]").split(",")
            if len(given) >= len(value.shape):
                return [name]
            rest = ",".join([*given, *["*"] * (len(value.shape) - len(given))]) + "]"
        pattern = f"{base}[{rest}".replace("[", "[[]")
        found = [e for e, _ in arrays.flatten(base, value) if fnmatchcase(e, pattern)]
        if not found:
            raise NameProblem(f"the output {name} names no element of {base}, whose shape is "
                              f"{arrays.show(value.shape)}")
        return found

    def _output_value(self, name: str) -> Any:
        if self.marks:  # y′, the value a y.backward() line took, as the tables name it
            base = name.partition("[")[0]
            found = self.marked[0].get(base)
            if found is not None:
                value = found[0]
                if base == name:
                    return value
                if isinstance(value, Array):
                    return self._output_element(name, base, value)
        if name in self.top.names and not isinstance(self.top.names[name], Def):
            return self.top.names[name]
        if "[" in name:
            base = name.partition("[")[0]
            value = self.top.names.get(base)
            if isinstance(value, Array):
                return self._output_element(name, base, value)
        # the values the y.backward() lines took (y, y′ …) are outputs to choose from too
        choices = list(dict.fromkeys(self.marked[1])) if self.marks else []
        choices += [n for n, v in self.top.names.items()
                    if not isinstance(v, Def) and n not in choices]
        from tracer.core.spelling import listing

        where = next((d.name for d in _all_defs(self.program.statements)
                      if _assigns(d, name)), None)
        said = f"{name!r} is local to def {where}: an output is a value of the program " \
            f"itself (return it from {where} and assign the result)" if where else \
            f"no statement assigns {name!r}"
        raise NameProblem(f"{said}; the outputs to choose from are {listing(choices)}")

    def _output_element(self, name: str, base: str, value: Array) -> Any:
        """The element ``name`` (``c[0,1]``) of the array ``value``, named ``base``."""
        try:
            keys = [arrays.const(int(k)) for k in name.partition("[")[2].rstrip("]").split(",")]
            return arrays.index(value, keys, base)
        except (ValueError, ProgramError):
            raise NameProblem(f"the output {name} names no element of {base}, whose shape is "
                              f"{arrays.show(value.shape)}") from None

    def _statement_offset(self, name: str) -> int | None:
        for target, pos in targets(self.program.statements, False):
            if target == name or (target is None and name in ("y", "f")):
                return self.tokens.offset(pos)
        return None


_PRINT = re.compile(r"^[ \t]*print[ \t]*\(", re.MULTILINE)  # a print(…) line, left out
# A top-level line giving a name a number or a list of numbers: ``x = 3 # example values``
_GIVEN = re.compile(r"^([A-Za-z_]\w*)[ \t]*=[ \t]*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|"
                    r"\[[-\d.,eE+ \t\[\]]*\])[ \t]*(?:#.*)?$", re.MULTILINE)


def _numbers_given(source: str) -> str:
    """What to add where a program with no input has a constant output: CS231n's notes give
    their example point in the program (``x = 3 # example values``, ``w = [2,-3,-3]``), which
    makes x a constant, as in Python; the names so given and read after (four at most), and
    how to make them inputs."""
    given = {m[1]: m[2].replace(" ", "") for m in _GIVEN.finditer(source)
             if re.search(rf"\b{m[1]}\b", source[m.end():])}  # read after: x, not y = 2
    if not given:
        return ""
    shown = list(given.items())[:4]
    is_, it, lines, inputs = ("is", "it", "its line", "an input") if len(given) == 1 else \
        ("are", "them", "those lines", "inputs")
    return (f"; {', '.join(name for name, _ in shown)}{'' if len(given) <= 4 else ' …'} "
            f"{is_} given in the program ({', '.join(f'{n} = {v}' for n, v in shown)}), so "
            f"constant, as in Python: to differentiate in {it}, leave {lines} out and give "
            f"{it} as {inputs} (@at {', '.join(f'{n}={v}' for n, v in shown)})")


_UNSET = object()  # a def's parameter given no value yet
_NONE: dict[str, Any] = {}  # no name read by its name alone (in a def: see ``evaluate``)


def targets(statements: Sequence[Any], defs: bool = True,
            elements: bool = True) -> Iterator[tuple[str | None, int]]:
    """(name, token position) for everything a block assigns, inside branches and loops, and
    inside defs too unless ``defs`` is False (a def's names are its own): each statement's
    target (None for a bare expression), unless ``elements`` is False an array's whose
    element it assigns (``b[0] = …``, which in a def does not make b the def's own), and each
    for loop's variable."""
    for st in statements:
        if isinstance(st, Statement):
            if elements or (st.index is None and not _appends(st)):
                yield st.target, st.pos
        elif isinstance(st, Unpack):
            yield from zip(st.targets, st.positions, strict=True)
        elif isinstance(st, If):
            for _, body in st.branches:
                yield from targets(body, defs, elements)
            yield from targets(st.orelse or (), defs, elements)
        elif isinstance(st, (While, For)) or (defs and isinstance(st, Def)):
            if isinstance(st, For):  # the loop variable(s), after 'for'
                for k, var in enumerate((st.var,) if type(st.var) is str else st.var):
                    yield var, st.pos + 1 + 2 * k
            yield from targets(st.body, defs, elements)


def _appends(st: Statement) -> bool:
    """``ys.append(v)``: a change of the list ys holds, as ``ys[0] = …`` (in a def, it does
    not make ys the def's own)."""
    return bool(st.code) and type(st.code[-1]) is Call and st.code[-1].name == APPEND


def _assigns(d: Def, name: str) -> bool:
    """Does def ``d`` hold ``name`` of its own (a parameter, or a name its body assigns)?"""
    return name in d.params or any(target == name for target, _ in targets(d.body))


def _all_defs(statements: Sequence[Any]) -> Iterator[Def]:
    """Every def a program writes, those inside defs too."""
    for d in _defs(statements):
        yield d
        yield from _all_defs(d.body)


def _defs(statements: Sequence[Any]) -> Iterator[Def]:
    """The defs a block writes (inside its branches and loops, not inside those defs)."""
    for st in statements:
        if isinstance(st, Def):
            yield st
        elif isinstance(st, If):
            for _, body in st.branches:
                yield from _defs(body)
            yield from _defs(st.orelse or ())
        elif isinstance(st, (While, For)):
            yield from _defs(st.body)


def constant_text(c: Const) -> str:
    """A constant as it was written (``pi/3``), or its number when it was folded from a long
    computation (a counter a loop added to a thousand times)."""
    from tracer.core.printer import TEXT, format_number, render

    if depth(c.expr, SHOWN_DEPTH) >= SHOWN_DEPTH:
        return format_number(float(c.value), 12)
    return render(c.expr, TEXT)


def _scalars(point: dict[str, Any]) -> dict[str, float]:
    """The point's numbers by element name (``a[0,1]``), for decisions."""
    out: dict[str, float] = {}
    for name, value in point.items():
        for element, x in arrays.flatten(name, value):
            out[element] = float(x.value if isinstance(x, Const) else x)
    return out


def _length(start: int, stop: int | None = None, step: int = 1) -> int:
    """len(range(...)) without building it (Python's len overflows past 2^63)."""
    if stop is None:
        start, stop = 0, start
    if step > 0:
        return max(0, (stop - start + step - 1) // step)
    return max(0, (start - stop - step - 1) // -step)


def _leaves(body: Sequence[Any], inner: bool = False) -> bool:
    """Can this loop body end its loop early: a break (not in a loop of its own) or a
    return?"""
    for st in body:
        kind = type(st)
        if kind is Return or (kind is Jump and st.kind == BREAK and not inner):
            return True
        if kind is If and any(_leaves(b, inner) for b in
                              [*(b for _, b in st.branches), st.orelse or ()]):
            return True
        if kind in (For, While) and _leaves(st.body, True):
            return True
    return False


# gelu's default differs: PyTorch's is exact, JAX's the tanh approximation.
_JAX = re.compile(r"^[ \t]*(?:import|from)[ \t]+jax\b", re.MULTILINE)
_ARRAY_LIBRARY = re.compile(r"^[ \t]*(?:import|from)[ \t]+(?:numpy|torch|jax)\b", re.MULTILINE)
_NUMPY_LIKE = re.compile(r"^[ \t]*(?:import|from)[ \t]+(?:numpy|jax|autograd)\b", re.MULTILINE)
_TORCH = re.compile(r"^[ \t]*(?:import|from)[ \t]+torch\b", re.MULTILINE)
_SPREAD_LIBRARY = {"numpy": "numpy", "jax": "numpy", "autograd": "numpy", "torch": "torch"}
_REDUCTIONS_IMPORTED = re.compile(  # from numpy import *, from torch import sum, max
    r"^[ \t]*from[ \t]+(?:numpy|torch|jax)[\w.]*[ \t]+import[^\n]*(?:\*|\b(?:sum|max|min)\b)",
    re.MULTILINE)
_GELU_DEFAULTS = ("gelu is x (1 + erf(x/√2))/2 by default in PyTorch and the tanh approximation "
                  "in JAX: with JAX imported, say which, gelu(x, approximate=True) (JAX's "
                  "default) or approximate=False")

# Reductions that, along a PyTorch dim=, give (values, indices).
_PAIRS = frozenset({"max", "min"})
_PAIR_UNPACKED = ("max(…, dim=…) and min(…, dim=…) give PyTorch's (values, indices), and "
                  "tracer does not read the indices (argmax does not change smoothly with the "
                  "inputs): name the values alone, m = X.max(dim=1).values")


def _either(held: Array, name: str, axis: Any) -> ProgramError:
    """``X.max(1)[0]`` or ``m, i = X.max(1)``: NumPy reads 1 as an axis (the maxima, [0]
    the first), PyTorch as a dim giving (values, indices) ([0] the values): which is meant
    changes the number, so the program says."""
    k = int(axis) if float(axis).is_integer() else axis
    return ProgramError(
        f".{name}({k}) is NumPy's {name} along axis {k} or PyTorch's (values, indices) along "
        f"dim {k}, and these take apart differently: write .{name}(axis={k}) for NumPy's, "
        f".{name}(dim={k}) for PyTorch's (.{name}(dim={k})[0] or .values is the values)")
# Array functions whose result NumPy makes a view of their argument (flatten copies).
_VIEWS = frozenset({"reshape", "ravel", "transpose"})


def _repeated_list(a: Array, times: float) -> Array:
    """Python's ``a * k`` of a list and a whole number: its elements k times over."""
    if not float(times).is_integer():
        raise ProgramError(f"* of a Python list by {times:g} is an error in Python (a list "
                           "repeats a whole number of times): to multiply its elements, make "
                           "it an array first, np.array(a) * …")
    if len(a.shape) > 1:
        raise ProgramError("* of a list of lists repeats its rows as the same lists in Python "
                           "(a change to one shows in the others), which tracer does not "
                           "read: write [[0.0] * m for _ in range(n)], or np.zeros((n, m))")
    k = max(int(times), 0)
    arrays.limit(a.shape[0] * k, "a list repeated")
    return Array((a.shape[0] * k,), a.items * k)


# Python's own sum, max and min of a matrix (not NumPy's np.sum, W.sum()) take its rows one
# at a time: sum adds the rows (a vector), max and min compare them (a list of lists' largest
# row; a NumPy array's rows cannot be compared); tracer's reduce every element.
_BUILTIN_OF_MATRIX = {
    "sum": "sum(W) of a matrix is Python's sum, which adds its rows (a vector, NumPy's "
           "np.sum(W, axis=0)); NumPy's np.sum(W) (or W.sum()) adds every element: write the "
           "one you mean",
    **{name: f"{name}(W) of a matrix is Python's {name}, which compares its rows (a whole row "
             f"of a list of lists; an error for a NumPy array); for the {word} element write "
             f"np.{name}(W) (or W.{name}()), for each column's np.{name}(W, axis=0)"
       for name, word in (("max", "largest"), ("min", "smallest"))},
}


def _whole_numbers(name: str, args: Sequence[Any], whole: dict[int, Array]) -> bool:
    """Does ``name(*args)`` make an array of integers in NumPy and PyTorch:
    np.arange(3), np.array([1, 2, 3]), np.array(v) of such a v (not np.arange(3.0))?"""
    if name == "arange":
        return bool(args) and all(_whole_literal(a) for a in args)
    a = args[0] if len(args) == 1 else None
    return isinstance(a, Array) and (id(a) in whole or (
        bool(a.items) and all(_whole_literal(v) for v in a.items)))


def _whole_literal(value: Any) -> bool:
    """A constant written as a whole number (``3``, ``-2``, a loop counter), not ``3.0``."""
    if type(value) is not Const or not float(value.value).is_integer():
        return False
    stack = [value.expr]
    while stack:
        node = stack.pop()
        if type(node) is Num:
            if node.text is None or any(c in node.text for c in ".eEjJ"):
                return False
        elif hasattr(node, "args") and hasattr(node, "op"):
            stack.extend(node.args)
        else:
            return False
    return True


def _list_slice_assigned(current: Array, keys: Sequence[Any], value: Any, name: str) -> None:
    """``a[1:] = [5]`` of a Python list puts the value's elements in the slice's place, and
    the list grows or shrinks to fit them ([x, 2x, 3x] becomes [x, 5]), where NumPy's array
    puts 5 in every place: refused unless the value is a list of the slice's very shape."""
    if not any(type(key) is arrays.SliceKey for key in keys):
        return
    part = arrays.index(current, keys, name)
    if isinstance(value, Array) and isinstance(part, Array) and value.shape == part.shape:
        return
    given = f"shape {arrays.show(value.shape)}" if isinstance(value, Array) else "one number"
    raise ProgramError(
        f"{name}[…] = … of a Python list puts the value's elements in the slice's place, "
        f"growing or shrinking the list to fit them, and tracer's arrays keep their size: "
        f"give as many values as the slice takes, shape {arrays.show(part.shape)} (here "
        f"{given}), or make {name} an array first ({name} = np.array({name}))")


_RUN = {
    Statement: Machine.assign, If: Machine.run_if, While: Machine.run_while,
    For: Machine.run_for, Jump: Machine.jump, Def: Machine.define, Return: Machine.run_return,
    Backward: Machine.mark, Assert: Machine.run_assert, Raise: Machine.run_raise,
    Unpack: Machine.unpack, Collect: Machine.collect,
}

_SPECIAL = {
    Call: Machine.call, Method: Machine.method,
    Attr: lambda m, ins, args, frame: m.attribute(args[0], ins.name),
    Index: Machine.index,
    ListOf: lambda m, ins, args, frame: m.made_list(list(args)),
    TupleOf: lambda m, ins, args, frame: tuple(args),
    Slice: lambda m, ins, args, frame: arrays.SliceKey(*args),
    Keyword: lambda m, ins, args, frame: arrays.Named(ins.name, args[0]),
    Nothing: lambda m, ins, args, frame: None,
    Comprehension: Machine.comprehension, Choice: Machine.choose, Select: Machine.select,
}


def _chain(cond: Compare | Truth, numbers: Iterable[float]) -> tuple[bool, list[Any]]:
    """A comparison chain (or a value's truth) decided on its sides' numbers, taken from
    ``numbers`` as they are reached: a condition's, or where's, one element at a time."""
    sides = iter(numbers)
    left = next(sides)
    if type(cond) is Truth:
        return left != 0, [left]
    detail: list[Any] = [left]
    for sign in cond.ops:
        right = next(sides)
        detail += [f" {sign} ", right]
        if not _COMPARE[sign](left, right):
            return False, detail
        left = right
    return True, detail


def _unsqueezed(a: Array, dim: Any) -> tuple[Any, Array, list[Any]]:
    """PyTorch's ``a.unsqueeze(dim)``: NumPy's new axis at ``dim`` (``x.unsqueeze(1)`` is
    ``x[:, None]``, ``x.unsqueeze(0)`` and ``x.unsqueeze(-2)`` are ``x[None, :]``)."""
    d = arrays.whole(dim.value if type(dim) is arrays.Named else dim, "unsqueeze's dim")
    n = len(a.shape) + 1
    if not -n <= d < n:
        raise ProgramError(f"unsqueeze's dim is {d}, out of range for {n - 1} dimension(s): "
                           f"between {-n} and {n - 1}")
    keys = [arrays.SliceKey(None, None, None)] * (d % n) + [None]
    return arrays.index(a, keys, "the array"), a, keys


def _no_function(values: Iterable[Any], pos: int, machine: Machine) -> None:
    """A def passed as a value goes to a def that calls it (``bisect(f, 0, 2)``); anywhere
    else (``g * z``, ``y = g``, ``sum(g)``) it is an error that says to call it."""
    for value in values:
        if type(value) is Function:
            name = value.fn.name
            raise machine.located(ProgramError(f"{name} is a function: call it as {name}(…) "
                                               "(or pass it to a def: bisect(f, 0, 2))"), pos)


def _several(values: tuple, what: str) -> ProgramError:
    """A tuple (a def's ``return a, b``) where one value is needed."""
    return ProgramError(f"this gives {len(values)} values, where one is needed here: {what}")


def constant(st: Statement) -> Any:
    """The value of a constant expression (``pi/3``, ``[[0.1, -0.3], [1.2, 0.5]]``,
    ``arange(4)``): a ``Const`` or an ``Array`` of them. A name in it is an error."""
    for ins in st.code:
        if type(ins) is Ref:
            raise NameProblem(f"{ins.name} is not a constant: a value is a number or a constant "
                              "expression such as pi/3", st.tokens.source,
                              st.tokens.offset(ins.pos))
    program = Program(st.tokens.source, (st,), (), st.tokens, frozenset())
    machine = Machine(program, Builder(st.tokens), {})
    return machine.evaluate(st.code, machine.top)
