"""The pipeline: text → program → trace → evaluation, and the runs the commands ask for.

Everything both faces (the command line and the Python API) do goes through here, with the
decisions they share: a program's ``@`` defaults, which outputs a command takes, the training
step's rate and parameters, and the refusals of what the options ask together (``--wrt`` with
``--seed``, a graph's ``--wrt`` without forward mode). Nothing here prints or exits. Messages
name options as the command line spells them (``--at``); the Python API says them as its
parameters (``at=``) through one table (``tracer.api``). Values for inputs and seeds are
written as ``name=value`` bindings whose values may be constant expressions (``pi/3``,
``log(8, 2)``, ``-4``, ``[[1, 2], [3, 4]]``).
"""

from __future__ import annotations

import math
import operator
import os
import re
import stat
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from tracer.core import cost, course
from tracer.core.arrays import Array, flatten
from tracer.core.evaluate import Evaluation, evaluate
from tracer.core.lower import ORDERS, lower, paused_gc
from tracer.core.parse import Program, parse, parse_names
from tracer.core.runs import (
    ONES,
    Cost,
    JacobianRun,
    Pass,
    Run,
    Update,
    check_rate,
    descent_step,
    expand,
    jacobian,
    number,
    select,
)
from tracer.core.runs import run_forward as _run_forward
from tracer.core.runs import run_reverse as _run_reverse
from tracer.core.values import (
    constant,
    constant_text,
    merge_values,
    parse_seeds,
    parse_values,
)
from tracer.core.wengert import Const
from tracer.errors import InputFileError, NameProblem, TracerError, UsageProblem, WrongType


class Defaults(NamedTuple):
    """What a program file says in its ``@`` lines: defaults for the command-line options."""

    at: dict[str, Const]
    outputs: list[str] | None = None
    order: str | None = None
    params: list[str] | None = None
    step: Const | None = None
    backward: Backward | None = None  # what the program's y.backward() lines ask
    drawn: tuple[str, ...] = ()  # inputs a line made at random (torch.randn(…, requires_grad…))
    made: tuple[str, ...] = ()  # inputs the program's own lines make (x = Value(2.0), …)


class Backward(NamedTuple):
    """A program's ``y.backward(…)`` lines (course code, ``core.course``), a backward pass
    each into one gradient: each line's output (as written), seed (None: ȳ = 1) and place;
    and the zeroings between them: (pass, input) before the pass'th (from 0), "" for every
    input."""

    lines: tuple[tuple[str, dict[str, Any] | None, int], ...]
    zeroed: tuple[tuple[int, str], ...] = ()
    source: str | None = None  # the program's text, where a line's error is placed

    @property
    def output(self) -> str:
        return self.lines[0][0]

    @property
    def seed(self) -> dict[str, Any] | None:
        return self.lines[0][1]

    @property
    def passes(self) -> int:
        return len(self.lines)


def _located(program: Program, pos: int, parse_it):
    """Run ``parse_it``; an error in a directive's text is placed in the program's source."""
    try:
        return parse_it()
    except TracerError as exc:
        if exc.pos is not None and exc.source is not None and exc.source != program.source:
            exc.source, exc.pos = program.source, pos + exc.pos
        raise


# Each program's defaults, read once: a command asks for them several times, and an @at line
# may hold a 10^6-element array (read three times, it took 3 s of 4 at 10^5 elements).
_DEFAULTS: weakref.WeakKeyDictionary[Program, Defaults] = weakref.WeakKeyDictionary()


def defaults(program: Program) -> Defaults:
    """The program's ``@at`` (several lines merge), ``@output``, ``@order``, ``@params`` and
    ``@step`` defaults, with errors placed in the program (read once per program; the
    result is shared, not to be changed)."""
    found = _DEFAULTS.get(program)
    if found is None:
        found = _DEFAULTS[program] = _read_defaults(program)
    return found


def _read_defaults(program: Program) -> Defaults:
    at: dict[str, Const] = {}
    single: dict[str, tuple[str, int]] = {}
    declared, drawn = _declared(program)
    for d in program.directives:
        if d.name in course.DIRECTIVES:
            continue
        if d.name == "at":
            for name, value in _located(program, d.pos, lambda d=d: parse_values(d.text)).items():
                if name in at:
                    raise NameProblem(f"{name} is given twice", program.source, d.pos)
                at[name] = value
        elif d.name in single:
            raise TracerError(f"@{d.name} appears twice", program.source, d.pos)
        else:
            single[d.name] = (d.text, d.pos)

    def names(key: str) -> list[str] | None:
        if key not in single:
            return None
        text, pos = single[key]
        return [n for n, _ in _located(program, pos, lambda: parse_names(text))]

    order = None
    if "order" in single:
        text, pos = single["order"]
        order = text.strip()
        if order not in ORDERS:
            raise TracerError(f"@order must be one of {', '.join(ORDERS)}", program.source, pos)
    step = None
    if "step" in single:
        text, pos = single["step"]
        step = _located(program, pos, lambda: constant_text(text))
    backward = _backward(program, _computed_zeroed(program, declared))
    outputs = names("output")  # else, with y.backward() lines, lowering takes their values
    params = names("params")
    if params is None and step is None:
        params, step = _updates(program, declared)
    drawn = [x for x in drawn if x not in at]  # an @at line gives values of its own
    made = tuple(k for k in declared if k not in at)
    at = {**{k: v for k, v in declared.items() if k not in at}, **at}
    return Defaults(at, outputs, order, params, step, backward, tuple(drawn), made)


def _computed_zeroed(program: Program, inputs: Mapping[str, Any]) -> frozenset[str]:
    """The values the program computes (z = x * 3) whose gradient a line zeroes, where PyTorch
    keeps none: ``z.grad = None`` changes nothing there (left out: the names returned), and
    ``z.grad.zero_()`` raises, so it is refused at its line, as a step of such a value is
    (``_updates``)."""
    computed = set()
    for d in program.directives:
        if d.name != "zero" or d.text not in program.assigned or d.text in inputs:
            continue
        computed.add(d.text)
        end = program.source.find("\n", d.pos)
        if "zero_" in program.source[d.pos:end if end >= 0 else None]:
            example = next(iter(inputs), "x")
            raise TracerError(f"{d.text}.grad.zero_(): {d.text} is a value the program "
                              f"computes, not an input, and PyTorch keeps no .grad for it "
                              f"({d.text}.grad is None: the line raises there); zero an "
                              f"input's gradient ({example}.grad.zero_())", program.source,
                              d.pos)
    return frozenset(computed)


def _updates(program: Program, inputs: Mapping[str, Any]
             ) -> tuple[list[str] | None, Const | None]:
    """The parameters and learning rate of the program's gradient-descent lines (``w -= lr *
    w.grad`` under torch.no_grad(), an SGD optimizer's step()): one rate for all. A value the
    program computes (``p = w * 1``) is no parameter: PyTorch keeps no .grad for it."""
    updates = [d for d in program.directives if d.name == "update"]
    if not updates:
        return None, None
    _check_step_order(program)
    params: list[str] = []
    rate: Const | None = None
    for d in updates:
        name, text = (part.strip() for part in d.text.split("=", 1))
        if name in program.assigned and name not in inputs:
            raise TracerError(f"the step of {name}: {name} is a value the program computes, "
                              f"not an input, and PyTorch keeps no .grad for it (None); step "
                              f"the inputs (made with requires_grad=True)", program.source, d.pos)
        value = _located(program, d.pos, lambda text=text: constant_text(text))
        if rate is not None and value.value != rate.value:
            raise TracerError(f"the steps take two learning rates ({_number_text(rate)} and "
                              f"{_number_text(value)}): tracer takes one step at one rate",
                              program.source, d.pos)
        rate = value
        if name not in params:
            params.append(name)
    return params, rate


def _check_step_order(program: Program) -> None:
    """The one step tracer takes is PyTorch's only where it follows the backward passes and
    nothing zeroes its gradient in between: a step before any backward pass (.grad is None:
    PyTorch's step changes nothing), a gradient zeroed between the last pass and the step
    (optimizer.zero_grad() then optimizer.step(): nothing again), a parameter stepped twice,
    or a backward pass after a step (at the new values) would give numbers PyTorch does not,
    so each is refused at its line."""
    passes = 0
    zeroed: list[str] = []  # zeroed since the last backward pass ("": every gradient)
    stepped: set[str] = set()
    for d in program.directives:
        name = d.text.split("=", 1)[0].strip()
        problem = None
        if d.name == "backward":
            passes, zeroed = passes + 1, []
            if stepped:
                problem = (f"{name}.backward() after the training step: tracer takes one step, "
                           "after the backward passes (for the next step, give the new values "
                           "with --at and run it again)")
        elif d.name == "zero":
            zeroed.append(d.text)
        elif d.name == "update":
            if not passes:
                problem = (f"the step of {name} comes before any backward pass: its .grad is "
                           "None, and PyTorch's step leaves it as it is; step after "
                           "y.backward()")
            elif "" in zeroed or name in zeroed:
                problem = (f"{name}'s gradient is zeroed after the last backward pass, before "
                           "this step, which then leaves it as it is; zero it before "
                           "y.backward() (or after the step)")
            elif name in stepped:
                problem = (f"{name} is stepped twice: tracer takes one gradient-descent step "
                           "of each parameter")
            stepped.add(name)
        if problem:
            raise TracerError(problem, program.source, d.pos)


def few(names: Sequence[str]) -> str:
    """Names for a note or a repr, a line at most (a program of 4,000 random inputs noted
    53 KB of them; y[0] … y[99999] was 988,942 characters): up to four, else three and how
    many more."""
    more = f" and {len(names) - 3:,} more" if len(names) > 4 else ""
    return ", ".join(names[:3] if more else names) + more


def drawn_note(program: Program, given: Sequence[str] = ()) -> str | None:
    """A note when inputs of the program were made at random (``torch.randn(2, 3,
    requires_grad=True)``) and not given values: tracer drew them with a fixed seed."""
    drawn = [x for x in defaults(program).drawn if x not in given]
    if not drawn:
        return None
    names = few(drawn)
    return (f"{names} {'is' if len(drawn) == 1 else 'are'} made at random: tracer drew "
            f"{'its' if len(drawn) == 1 else 'their'} values with a fixed seed "
            f"({course.SEED}), the same on every run; give values of your own with --at "
            f"{drawn[0]}=… (or @at)")


def overflow_note(run: Run) -> str | None:
    """A note when a pass's tangent or adjoint overflowed: with every slope and seed finite,
    an infinite one is finite in the reals and too large for a float (x*x at 2 along
    ẋ = 1e308 showed ẏ = ∞ under "1e+308 × 2 + 2 × 1e+308 = ∞", exit 0, without a word). The
    first such row in the sweep's order is named."""
    if run.ev.exact or run.mode not in ("forward", "reverse"):
        return None
    from tracer.core import chain

    for p in run.passes:
        column = p.column
        if (math.inf not in column and -math.inf not in column) or \
                chain.needs_paths(run.ev, p.seed.values()):  # ∞ by an infinite slope's rule
            continue
        order = range(len(column)) if run.mode == "forward" else range(len(column) - 1, -1, -1)
        at = next(k for k in order if type(column[k]) is float and math.isinf(column[k]))
        what = "tangent" if run.mode == "forward" else "adjoint"
        unit = all(v in (0, 1) for v in p.seed.values())  # a derivative's own pass
        smaller = "" if unit else \
            f"seed a smaller {'direction' if run.mode == 'forward' else 'output adjoint'} or "
        return (f"the {what} of v_{at - (run.ev.trace.n - 1)} overflows: it is finite, too "
                "large for a float (over about 1.8e308), and shown as ∞, as are the derivatives "
                f"it reaches; {smaller}compute it exactly with --exact")
    return None


def retain_note(found: Defaults, ev: Evaluation, seed: Mapping[str, Any] | None = None,
                repeat: int = 1) -> str | None:
    """A note when the reverse run (as ``reverse_run`` makes it from the same arguments) runs
    a y.backward() line again on the value of y an earlier line differentiated, without
    retain_graph=True on the call before: PyTorch frees the graph's saved values after a
    pass, so for most graphs (any op that saved its inputs: *, dot, sin …) the second call
    raises. tracer runs every pass, as the course means them (Exercise 2's accumulation).
    Lines whose value of y differs (y′: y given another value in between) have graphs of
    their own."""
    plan = found.backward
    if plan is None or repeat != 1 or plan.source is None:
        return None
    plan, labels = _lines_of(plan, tuple(ev.trace.marks) or
                             tuple(name for name, _, _ in plan.lines), ev.trace.output_names)
    if plan is None or (seed is not None and len(_distinct(plan, labels)) > 1):
        return None  # no line runs, or one pass along --seed
    kept = ("retain_graph=True", "create_graph=True")
    latest: dict[str, int] = {}  # each value's latest line so far
    for k, y in enumerate(labels):
        j = latest.get(y)
        latest[y] = k
        if j is not None and not any(word in _statement_at(plan.source, plan.lines[j][2])
                                     for word in kept):
            return (f"PyTorch frees the graph after {y}.backward(): for most graphs a second "
                    f"{y}.backward() raises there (Trying to backward through the graph a "
                    f"second time) unless the call before it passes retain_graph=True; tracer "
                    f"runs each of the {labels.count(y)} passes into the same gradient, as "
                    "the course means them")
    return None


def _statement_at(source: str, pos: int) -> str:
    """The statement starting at ``pos``, to the end of its line outside brackets, without
    spaces (``y.backward(retain_graph=True)``)."""
    depth, end = 0, pos
    while end < len(source) and (depth or source[end] not in "\n;"):
        depth += (source[end] in "([{") - (source[end] in ")]}")
        end += 1
    return "".join(source[pos:end].split())


def backward_options(found: Defaults, seed: Mapping[str, Any] | None, repeat: int,
                     outputs: Sequence[str] = (), lines: Sequence[str] = ()
                     ) -> tuple[Mapping[str, Any] | None, int, tuple[tuple[int, str], ...],
                                tuple[dict[str, Any], ...] | None]:
    """The seed, the number of backward passes, the zeroings between them, and the passes
    when they differ, of a reverse run: those given (``--seed``, ``--repeat`` other than 1),
    else what the program's ``y.backward()`` lines ask: a pass per line, its gradient the
    seed, all into one gradient. ``outputs``: the run's output rows (y[0], y[1] … for an
    array: its y.backward() needs a gradient); ``lines``: each line's output as the trace
    labels it (``Trace.marks``: y, y′ when the program differentiates two values of y).
    Only the lines whose output is one of the run's count (``--output y′``: y′'s line).
    Lines that differ in their output or seed are passes of their own; lines alike are one
    pass repeated (then None)."""
    plan = found.backward
    if plan is None:
        return seed, repeat, (), None
    labels = tuple(lines) or tuple(name for name, _, _ in plan.lines)
    plan, labels = _lines_of(plan, labels, outputs)
    if plan is None:  # --output names a value no line differentiates: a run of its own
        return seed, repeat, (), None
    distinct = _distinct(plan, labels)
    if len(distinct) > 1 and (seed is not None or repeat != 1):
        return seed, repeat, (), None  # --seed over passes of their own: one pass along it
    if repeat == 1 and plan.passes > MAX_REPEAT:
        called = f"{plan.output}.backward()" if len({n for n, _, _ in plan.lines}) == 1 \
            else "backward"
        raise TracerError(f"the program calls {called} {plan.passes:,} times: tracer runs at "
                          f"most {MAX_REPEAT} backward passes into one gradient")
    if len(distinct) > 1:
        passes = tuple(_placed(plan, pos, name, given, label, outputs) or {label: 1}
                       for (name, given, pos), label in zip(plan.lines, labels, strict=True))
        return None, 1, plan.zeroed, passes
    if seed is None:
        seed = _placed(plan, plan.lines[0][2], plan.output, plan.seed, labels[0], outputs)
    if repeat != 1 or plan.passes == 1:
        return seed, repeat, (), None
    return seed, plan.passes, plan.zeroed, None


def _distinct(plan: Backward, labels: Sequence[str]) -> set[tuple[str, str]]:
    """The passes the lines of ``plan`` ask for, apart: each line's output and gradient."""
    return {(label, repr(given)) for label, (_, given, _) in zip(labels, plan.lines, strict=True)}


def reverse_run(found: Defaults, ev: Evaluation, seed: Mapping[str, Any] | None = None,
                repeat: int = 1) -> Run:
    """A reverse run as both faces make one: along the seed and repeat given, else as the
    program's y.backward() lines ask (``backward_options``)."""
    _zeroed_inputs(found.backward, ev.trace.inputs)
    seed, repeat, zeroed, passes = backward_options(found, seed, repeat,
                                                    ev.trace.output_names, ev.trace.marks)
    return run_reverse(ev, seed, repeat, zeroed, passes)


def _zeroed_inputs(plan: Backward | None, inputs: Sequence[str]) -> None:
    """Refuse a zeroing of a name that is no input (a def's parameter, ``t.grad.zero_()``): at
    the top level PyTorch has no such name, and tracer zeroed nothing while its table said
    "t.grad zeroed". (A value the program computes is told apart in ``defaults``.)"""
    for _, name in plan.zeroed if plan is not None else ():
        if name and not any(x == name or x.startswith(name + "[") for x in inputs):
            from tracer.core.spelling import listing

            at = plan.source.find(f"{name}.grad") if plan.source else -1
            raise TracerError(f"{name}.grad: {name} is no input of the program (its inputs are "
                              f"{listing(inputs)}): a def's parameter or local has no value at "
                              f"the top level, where PyTorch raises (NameError); zero an "
                              f"input's gradient ({inputs[0] if inputs else 'x'}.grad.zero_())",
                              plan.source, at if at >= 0 else None)


def _lines_of(plan: Backward, labels: tuple[str, ...], outputs: Sequence[str]
              ) -> tuple[Backward | None, tuple[str, ...]]:
    """The lines of ``plan`` (whose outputs the tables label ``labels``) that differentiate
    one of the run's ``outputs``, with the zeroings between them renumbered: ``--output y′``
    of d2l's program is the pass of y′'s line alone, not one pass per line of the program.
    None when no line differentiates an output. No ``outputs``: every line."""
    keep = [k for k, label in enumerate(labels)
            if not outputs or any(o == label or o.startswith(label + "[") for o in outputs)]
    if len(keep) == len(labels):
        return plan, labels
    if not keep:
        return None, ()
    # a zeroing before the p'th line is before the kept lines that come after it
    zeroed = dict.fromkeys((sum(k < p for k in keep), name) for p, name in plan.zeroed)
    return (Backward(tuple(plan.lines[k] for k in keep),
                     tuple(z for z in zeroed if 0 < z[0] < len(keep)), plan.source),
            tuple(labels[k] for k in keep))


def _placed(plan: Backward, pos: int, y: str, given: dict[str, Any] | None, label: str,
            outputs: Sequence[str]) -> dict[str, Any] | None:
    """``_pass_seed``, its refusal placed at the line (of several, which one PyTorch stops
    at)."""
    try:
        return _pass_seed(y, given, label, outputs)
    except TracerError as exc:
        raise exc.located(plan.source, pos) if plan.source is not None else exc from None


def _pass_seed(y: str, given: dict[str, Any] | None, label: str,
               outputs: Sequence[str]) -> dict[str, Any] | None:
    """The seed of ``y.backward(given)``, whose output the trace names ``label`` (None: ȳ = 1
    on the run's one output). A gradient not of y's shape is refused as PyTorch refuses it
    (Mismatch in shape), naming the line rather than --seed, which was not given; so is none
    for an array y (grad can be implicitly created only for scalar outputs)."""
    elements = [o for o in outputs if o == label or o.startswith(label + "[")]
    value = given.get(y) if given else None
    if value is None:
        if len(elements) > 1 and all(o.startswith(label + "[") for o in elements):
            raise TracerError(f"{y}.backward() without a gradient needs a scalar {y}, and {y} "
                              f"has {len(elements)} elements (PyTorch: grad can be implicitly "
                              f"created only for scalar outputs): give {y}.backward("
                              f"torch.ones_like({y})), {y}.sum().backward() or --seed {y}=ones")
        return None
    if not isinstance(value, str) and elements:
        given_names = [name for name, _ in flatten(label, value)]
        if given_names != elements:
            count = f"has {len(elements)} elements" if len(elements) > 1 else "is a number"
            shape = f"has shape {value.shape}" if isinstance(value, Array) else "is a number"
            raise TracerError(f"{y}.backward(…)'s gradient is not in {y}'s shape: {y} {count} "
                              f"({', '.join(elements[:4])}{', …' if len(elements) > 4 else ''}), "
                              f"the gradient {shape} (PyTorch: mismatch in shape); "
                              f"torch.ones_like({y}) is in {y}'s shape")
    return {label: value}


def _declared(program: Program) -> tuple[dict[str, Any], list[str]]:
    """The inputs course code makes on lines of their own (``x = torch.arange(4.0,
    requires_grad=True)``, ``a = Value(2.0)``), with their values, and those drawn at random."""
    declared: dict[str, Any] = {}
    made: dict[str, int] = {}  # each input's line
    drawn: list[str] = []
    for d in program.directives:
        if d.name not in ("input", "drawn"):
            continue
        try:
            values = parse_values(d.text)
        except TracerError as exc:
            name = d.text.split("=", 1)[0].strip()
            raise TracerError(f"this line makes {name} an input, whose value is a constant "
                              f"(a number, a list of numbers, torch.arange(4.0)): "
                              f"{exc.message}", program.source, d.pos) from None
        for name, value in values.items():
            if name in declared:
                raise NameProblem(
                    f"{name} is made an input twice (line {made[name]}, then here): an input "
                    "is made once; a second leaf of the same name (micrograd's test_engine "
                    "makes x = Value(-4.0), then PyTorch's x) is another input: give it "
                    "another name, or trace each part as a program of its own",
                    program.source, d.pos)
            declared[name] = value
            made[name] = program.source.count("\n", 0, d.pos) + 1
            if d.name == "drawn":
                drawn.append(name)
    return declared, drawn


def _backward(program: Program, left_out: frozenset[str] = frozenset()) -> Backward | None:
    """What the program's ``y.backward()`` lines ask (None: it has none): a pass per line,
    each from its output along its seed, and each ``x.grad.zero_()`` before the pass after
    it (but a zeroing of a name in ``left_out``)."""
    calls = [d for d in program.directives if d.name == "backward"]
    if not calls:
        return None
    lines = []
    for d in calls:
        output = d.text.split("=", 1)[0].strip()
        seed = None
        if "=" in d.text:
            try:
                seed = parse_seeds(d.text)
            except TracerError as exc:
                raise TracerError(f"{output}.backward(…)'s gradient is read as a constant (a "
                                  f"number, a list of numbers, torch.ones_like({output})): "
                                  f"{exc.message}", program.source, d.pos) from None
        lines.append((output, seed, d.pos))
    zeroed: list[tuple[int, str]] = []
    passes = 0
    for d in program.directives:
        if d.name == "backward":
            passes += 1
        elif d.name == "zero" and passes > 0 and d.text not in left_out:
            zeroed.append((passes, d.text))
    return Backward(tuple(lines), tuple(z for z in zeroed if z[0] < passes), program.source)


def sinks(program: Program) -> list[str] | None:
    """The names a program assigns at its top level that no later line uses: its final values
    (None for a bare formula). ``tracer jacobian`` takes them as its outputs by default."""
    from tracer.core.syntax import Ref, Statement, Unpack

    if program.is_formula:
        return None
    used: set[str] = set()
    out: list[str] = []
    for st in reversed(program.statements):
        if isinstance(st, Statement) and st.target is not None and st.target not in used:
            out.append(st.target)
        elif isinstance(st, Unpack):
            out.extend(t for t in reversed(st.targets) if t not in used and t not in out)
        used.update(_names_read(st, Ref))
    return list(reversed(out)) or None


def _names_read(st: Any, ref: type) -> set[str]:
    """Every name a statement (or a block inside it) reads."""
    from dataclasses import fields, is_dataclass

    found: set[str] = set()
    stack: list[Any] = [st]
    while stack:
        item = stack.pop()
        if isinstance(item, ref):
            found.add(item.name)  # type: ignore[attr-defined]
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
        elif is_dataclass(item):
            stack.extend(getattr(item, f.name) for f in fields(item) if f.name != "tokens")
    return found


def outputs_for(program: Program, command: str | None,
                outputs: Sequence[str] | None = None) -> list[str] | None:
    """The outputs a command takes: those named, else the program's @output line, else its
    y.backward() lines' (None: lowering takes them), else for ``jacobian`` every final value
    (``sinks``: a Jacobian is of them all), else None (the last assignment). Both faces ask
    here, so they take the same outputs."""
    if outputs:
        return list(outputs)
    found = defaults(program)
    if found.outputs:
        return found.outputs
    if found.backward:  # its y.backward() lines name the outputs (lowering finds them)
        return None
    return sinks(program) if command == "jacobian" else None


def check_step(rate: Any) -> None:
    """A learning rate given with --step (None: none given) that is no positive number is a
    usage error, told before any work."""
    if rate is not None:
        try:
            check_rate(rate)
        except TracerError as exc:
            raise UsageProblem(f"--step {_number_text(rate)}: {exc.message}") from None


def training_step(program: Program | Defaults, run: Run, rate: Any = None,
                  params: Sequence[str] | None = None) -> Run:
    """A reverse run with the gradient-descent step it asks for: the rate and parameters given,
    else the program's @step and @params lines (or its ``defaults``); the run as it is when
    neither asks for one. A rate given that is not a positive number, a rate without
    parameters, or parameters without a rate, is a usage error."""
    check_step(rate)  # given with --step: checked first, as typed
    found = program if isinstance(program, Defaults) else defaults(program)
    rate = rate if rate is not None else found.step
    chosen = list(params) if params else _read_params(found, run)
    option = "--params" if params else "@params"
    if params and rate is None:
        raise UsageProblem("--params names what a step updates; give the step with --step")
    if rate is None:
        return run
    if not chosen:
        raise UsageProblem("--step needs --params, the inputs to update (e.g. --params "
                           "'w*,b*')")
    return descent_step(run, chosen, rate, option)


def _read_params(found: Defaults, run: Run) -> list[str] | None:
    """The program's parameters, but an input of its own that no line reads (SGD([w, b]) with
    b unused: PyTorch's step skips b, whose .grad is None)."""
    if not found.params or not found.made:
        return found.params
    unread = _unread_inputs(found, run.ev.trace.inputs)
    return [p for p in found.params if p not in unread]


def _number_text(value: Any) -> str:
    value = value.value if isinstance(value, Const) else value
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError, OverflowError):
        return shown(value)


def shown(value: Any) -> str:
    """A value in a message: text as it is (the command line's), anything else as Python
    writes it (``3``, ``True``: only the API can pass those)."""
    return value if isinstance(value, str) else repr(value)


def _choose(value: Any, choices: Sequence[str], option: str, what: str,
            said: str | None = None) -> None:
    """Refuse a value that is not one of ``choices`` (the API's strings are not checked by
    typer's choices as the command line's are): ``said`` words the refusal of a string,
    else "--mode sideways: the modes are forward and reverse"."""
    if value is None or (isinstance(value, str) and value in choices):
        return
    if isinstance(value, str) and not value.strip() and said is None:
        raise UsageProblem(f"{option} is empty; it takes {' or '.join(choices)}")
    if not isinstance(value, (str, int, float, list, dict)):
        # only the API passes these; a Path or an array said as an option's words read
        # "mode=\"PosixPath('x'\")"
        raise WrongType(f"{option} is a string, {' or '.join(choices)}; got {short(value)}")
    kind = UsageProblem if isinstance(value, str) else WrongType
    raise kind(said or f"{option} {shown(value)}: the {what} are {' and '.join(choices)}")


def whole_number(value: Any) -> int | None:
    """``value`` as a whole number where it is one (an int, or numpy's np.int64(2)), else None
    (True, 2.0, "2": a count the API is given is checked as typer checks the option's)."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def short(value: Any) -> str:
    """A value only a script can pass, as Python writes it, cut short for one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- the text of an option: both faces read it here, each error named by its option --------

@contextmanager
def named(option: str) -> Iterator[None]:
    """An error in the text of an option (``--wrt ,``, ``--step inf``) names the option
    (the API says it as its parameter: ``wrt: expected a name``); its kind, and so the exit
    status, stays."""
    try:
        yield
    except TracerError as exc:
        raise exc.under(option)  # noqa: B904 (the same error, named)


def _filled(text: str, option: str, wants: str) -> str:
    """``text``, refused when blank (as the command line's usage refuses ``--at ''``: the
    API's ``at=""`` said "expected name=value", naming nothing)."""
    if not text.strip():
        raise UsageProblem(f"{option} is empty; it takes {wants}")
    return text


def read_values(texts: Sequence[str], option: str = "--at") -> dict[str, Any]:
    """Values as ``--at`` writes them (``x1=3, a=[1, 2]``; several texts, one point)."""
    with named(option):
        return merge_values([_filled(t, option, "NAME=VALUE,...") for t in texts])


def read_seeds(text: str, option: str = "--seed") -> dict[str, Any]:
    """Seeds as ``--seed`` writes them: values, and ``c=ones`` for every element of c."""
    with named(option):
        return parse_seeds(_filled(text, option, "NAME=VALUE,..."))


def read_names(text: str, option: str) -> list[str]:
    """Names as ``--wrt``, ``--params`` and ``--output`` write them: ``y1, y2``, globs."""
    with named(option):
        return [name for name, _ in parse_names(_filled(text, option, "NAMES"))]


def read_rate(text: str, option: str = "--step") -> Const:
    """A learning rate as ``--step`` writes it: one constant expression (``pi/10``)."""
    with named(option):
        return constant_text(_filled(text, option, "RATE"))


def check_order(order: Any) -> None:
    """A row order is level or source."""
    _choose(order, ORDERS, "--order", "row orders")


# The choices the checks below know (tracer.teaching.quiz and tracer.analysis.graph stand
# above this layer and keep the same tuples, as a test checks).
QUIZ_MODES = ("values", "rules")  # a quiz blanks the values, or the rules too
GRAPH_MODES = ("forward", "reverse")  # a graph's tangents or adjoints


def check_quiz(quiz: Any) -> None:
    """A quiz blanks the values, or the rules too."""
    _choose(quiz, QUIZ_MODES, "--quiz", "modes", f"--quiz={shown(quiz)}: the modes are --quiz "
            "(values) and --quiz=rules")


def check_graph(mode: Any, wrt: Any) -> None:
    """A graph's mode is forward or reverse, and only forward mode is seeded at an input."""
    _choose(mode, GRAPH_MODES, "--mode", "modes")
    if wrt is not None and mode != "forward":
        raise UsageProblem("--wrt seeds the tangents of forward mode; add --mode forward"
                           if mode is None else "--wrt seeds forward mode; reverse mode seeds "
                           "ȳ = 1 on the output")


# The commands that trace with exact arithmetic (as tests check, the ones taking --exact):
# graph and plot draw floats, and a Formula traced with exact=True is refused by them as the
# command line refuses their --exact (the API's graph() of one drew 3 where tracer graph
# draws 3.0). check compares in floats, and shows an exact trace's rows exact, both faces.
EXACT = ("trace", "forward", "reverse", "jacobian", "derivatives", "hessian", "check")


def check_exact(command: str, exact: bool) -> None:
    """Refuse exact arithmetic for a command that computes in floats."""
    if exact and command not in EXACT:
        raise UsageProblem(f"--exact is for {', '.join(EXACT[:-1])} and {EXACT[-1]}: "
                           f"{command} draws in floats; trace without --exact for it")


MAX_REPEAT = 100  # --repeat: the backward pass run at most this many times into one .grad


def check_repeat(repeat: Any) -> int:
    """A number of backward passes, 1 to MAX_REPEAT: an int, or numpy's (repeat=np.int64(2)
    was refused as no whole number)."""
    whole = whole_number(repeat)
    if whole is None or not 1 <= whole <= MAX_REPEAT:
        kind = WrongType if whole is None and not isinstance(repeat, bool) else UsageProblem
        raise kind(f"--repeat must be a whole number from 1 to {MAX_REPEAT}, got "
                   f"{short(repeat)}")
    return whole


def load(source: str | Program) -> Program:
    """Parse a formula or program (a Program passes through), with the garbage collector
    paused as a trace is built (``paused_gc``): the CLI parsed with it running, and a
    300,000-line program took 3.6 s of CPU to parse where 1.9 s do."""
    if isinstance(source, Program):
        return source
    with paused_gc():
        return parse(source)


def alike_note(trace: Any) -> str | None:
    """A note when names of the program print alike (x1, x_1 and x₁ all print x₁), so its
    tables would show two quantities under one name, or when a name prints as the name of
    another row (a program that numbers its own v1, v2 … as Griewank and Walther do: its v3
    at row v₂); None when every name prints apart."""
    from tracer.core.printer import alike, name_text

    names = {name.split("[", 1)[0] for name in trace.inputs}
    elsewhere: dict[str, str] = {}  # a name that prints as a row name: the row it stands at
    first, rows = 1 - trace.n, range(1 - trace.n, trace.last + 1)
    for pos, name in enumerate(trace.inputs):
        if name[:1] == "v":
            _row_named(name, first + pos, rows, elsewhere)
    for pos, labels in enumerate(trace.labels):  # as the tables print them: f.x1, s⁽⁴⁾, a[0,1]
        for name in labels:
            names.add(name.split("[", 1)[0].split("⁽", 1)[0].rstrip("′″‴"))
            if name[:1] == "v":
                _row_named(name, first + pos, rows, elsewhere)
    groups = sorted(alike(names))  # by each group's first name, as alike(sorted(names))
    said = [f"{', '.join(g[:-1])} and {g[-1]} all print as {name_text(g[0])}"
            if len(g) > 2 else f"{g[0]} and {g[1]} both print as {name_text(g[0])}"
            for g in groups]
    notes = [f"{'; '.join(said)}: rename one to tell them apart in the tables"] if said else []
    if elsewhere:
        from tracer.core.spelling import listing

        name, row = next(iter(elsewhere.items()))
        notes.append(f"{listing(sorted(elsewhere))} print as the tables' names of other rows "
                     f"({name} is row {row}, and {name_text(name)} is another): --order "
                     "source numbers the rows as the program's lines go, or rename them")
    return "; ".join(notes) or None


def _row_named(name: str, index: int, rows: range, elsewhere: dict[str, str]) -> None:
    """Note ``name`` (at row ``index``) in ``elsewhere`` when it prints as the name of another
    of the table's ``rows`` (v3 at row v₂, where v₃ is a row too)."""
    from tracer.core.printer import name_text, row_index, row_text

    other = row_index(name_text(name))
    if other is not None and other in rows and other != index:
        elsewhere.setdefault(name, row_text(index))


def prepare(
    source: str | Program,
    at: Mapping[str, Any] | None = None,
    order: str | None = None,
    outputs: Sequence[str] | None = None,
    exact: bool = False,
) -> Evaluation:
    """Parse, lower and evaluate ``source`` at ``at``, on top of the program's @ defaults
    (``order`` and ``outputs`` likewise fall back to @order and @output, then to level order
    and the last assignment). ``exact`` evaluates in exact arithmetic (sympy)."""
    with paused_gc():
        return _prepare(source, at, order, outputs, exact)


def _prepare(
    source: str | Program,
    at: Mapping[str, Any] | None,
    order: str | None,
    outputs: Sequence[str] | None,
    exact: bool,
) -> Evaluation:
    check_order(order)
    program = load(source)
    given = dict(at or {})
    found = defaults(program)
    point = {**{k: v for k, v in found.at.items() if k not in given}, **given}
    unread = found.made  # inputs the program's lines make: left out where no line reads them
    trace = lower(program, order=order or found.order, given=list(given) + list(found.at),
                  outputs=outputs or found.outputs, point=point, unread=unread)
    del program, source  # the code is not needed once lowered: a smaller heap to evaluate in
    if unread:
        left = _unread_inputs(found, trace.inputs)
        _given_unread(left, given)
        point = {k: v for k, v in point.items() if k not in left}
    flat = {element: value for name, v in point.items() for element, value in flatten(name, v)}
    if exact:
        cost.exact(trace)  # before sympy loads: a refusal is immediate
        from tracer.analysis.exact import evaluate_exact

        return evaluate_exact(trace, flat)
    return evaluate(trace, {k: (v.value if isinstance(v, Const) else v) for k, v in flat.items()})


def _unread_inputs(found: Defaults, inputs: Sequence[str]) -> list[str]:
    """The inputs the program's own lines made (``found.made``) that no line reads: none of
    their elements is among the trace's ``inputs`` (a value given for one is refused by
    ``_given_unread``)."""
    known = set(inputs)
    return [k for k in found.made if not any(e in known for e, _ in flatten(k, found.at[k]))]


def _given_unread(unread: Sequence[str], given: Mapping[str, Any]) -> None:
    """A value given for an input a line makes and no line reads changes nothing: refused,
    as a value for any name no line reads is, saying why."""
    for name in unread:
        if name in given:
            raise NameProblem(f"{name} is made an input by the program, and no line reads it: "
                              f"a value for it changes nothing (PyTorch leaves {name}.grad "
                              f"None); leave {name} out of --at")


def unread_note(program: Program, ev: Evaluation) -> str | None:
    """A note when a line made an input (``w = torch.tensor(…, requires_grad=True)``) that no
    line reads: PyTorch leaves its .grad None, and the tables leave it out."""
    unread = _unread_inputs(defaults(program), ev.trace.inputs)
    if not unread:
        return None
    names = few(unread)
    one = len(unread) == 1
    return (f"{names} {'is' if one else 'are'} made an input, and no line reads "
            f"{'it' if one else 'them'}: PyTorch leaves {unread[0]}.grad None, and the tables "
            f"leave {'it' if one else 'them'} out")


def run_forward(ev: Evaluation, wrt: Sequence[str] | None = None,
                seed: Mapping[str, Any] | None = None) -> Run:
    """Forward passes (``core.runs.run_forward``): along ``wrt`` or along ``seed``, never both;
    exact ones refused here, before any of them is printed, when printing them would take too
    long."""
    if wrt and seed:
        raise UsageProblem("give --wrt or --seed, not both")
    return _printable(_run_forward(ev, wrt, seed))


def run_reverse(ev: Evaluation, seed: Mapping[str, Any] | None = None,
                repeat: int = 1, zeroed: Sequence[tuple[int, str]] = (),
                passes: Sequence[Mapping[str, Any]] | None = None) -> Run:
    """Reverse passes (``core.runs.run_reverse``), the backward pass ``repeat`` times (1 to
    ``MAX_REPEAT``), or ``passes``, a backward pass along each seed into one gradient (a
    program's y.backward() lines that differ); the gradient zeroed where ``zeroed`` says;
    exact ones refused as forward ones are."""
    repeat = check_repeat(repeat)
    return _printable(_run_reverse(ev, seed, repeat, tuple(zeroed), passes))


def _printable(run: Run) -> Run:
    if run.ev.exact:
        from tracer.analysis.exact import printable

        printable(run.ev, [p.column for p in run.passes], run.mode)
    return run


# --- the FORMULA argument: the text itself, a file, or standard input ---------------------------

class Source(NamedTuple):
    """What a FORMULA argument gives: the text, where it came from (a file's name, "<stdin>",
    or None for the argument itself), and a note for the user when the choice was not plain."""

    text: str
    name: str | None = None
    note: str | None = None


_FILE_NAME = re.compile(r"[\w./\\~-]*\.[A-Za-z]\w*")  # lecture.txt, examples/nn.txt, ~/f.md
_NUMBER = re.compile(r"[\d.eE+-]+")  # 1.5e3 has a "suffix" too, but is a number
_MAX_NAME = 4096  # PATH_MAX: a longer argument is never a file's name
_CODE_LINE = re.compile(r"^[ \t\f\v\r]*[^\s#]", re.MULTILINE)  # a line not blank nor a comment


def read_source(arg: str, stdin: Callable[[], str]) -> Source:
    """The formula or program a FORMULA argument gives; the rule, as README states it:

    - ``-`` reads standard input (``stdin``);
    - the name of an existing file reads the file. A name that is a formula as well (``x``
      beside a file ``x``) still reads the file, and the note says so: ``(x)`` is the formula;
    - a folder is refused (``d`` beside a folder ``d`` is far more likely a path);
    - a name with a suffix (``x.txt``, ``data/f.csv``) that does not exist is "no such file",
      the hint to write ``(…)`` given only when it is a formula (``A.T``, an array's transpose);
    - anything else is the formula itself.

    An empty file (or one of comments only) is named rather than parsed."""
    if arg == "-":
        return _worded(Source(stdin(), "<stdin>"))
    found = _look_up(arg)
    if isinstance(found, os.stat_result):
        formula = formula_like(arg)
        if stat.S_ISDIR(found.st_mode):
            hint = f" (for the formula {arg}, write ({arg}))" if formula else ""
            raise InputFileError(f"{arg} is a folder, not a formula or a formula file{hint}")
        from tracer.files import read_text

        note = f"read the file {arg}; for the formula {arg}, write ({arg})" if formula else None
        return _worded(Source(read_text(arg), arg, note))
    if arg.endswith("/") and _FILE_NAME.fullmatch(arg.rstrip("/")) and \
            os.path.isfile(arg.rstrip("/")):  # f.txt/ was read as a division by nothing
        raise InputFileError(f"{arg} ends with /, as a folder's name does, but "
                             f"{arg.rstrip('/')} is a file: leave out the /")
    if _FILE_NAME.fullmatch(arg) and not _NUMBER.fullmatch(arg):
        if isinstance(found, OSError):  # too long, a loop of links, a folder not to be entered
            from tracer.files import read_text

            return _worded(Source(read_text(arg), arg))  # read_text says why it cannot be read
        hint = f" (if it is a formula, write ({arg}))" if formula_like(arg) else ""
        home = os.path.expanduser(arg)
        if arg.startswith("~") and home != arg and os.path.exists(home):  # "~/f.txt", quoted
            hint = f" (the shell puts your home folder for ~ only outside quotes: {home})"
        raise InputFileError(f"no such file: {arg}{hint}")
    return Source(arg)


def _look_up(arg: str) -> os.stat_result | OSError | None:
    """What is at ``arg`` as a path: its status, the error looking it up, or None (nothing)."""
    if len(arg) >= _MAX_NAME or "\0" in arg:
        return None
    try:
        return os.stat(arg)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return exc


def formula_like(text: str) -> bool:
    """Is ``text`` a formula? It parses, and takes no attribute but an array's .T and .shape:
    ``x.txt`` parses (x's attribute txt) but is no formula; ``A.T`` is one."""
    from tracer.core.syntax import Attr

    try:
        program = parse(text)
    except (TracerError, RecursionError):
        return False
    return all(_names_read(st, Attr) <= {"T", "shape"} for st in program.statements)


def _worded(source: Source) -> Source:
    """The source, unless it holds no formula at all: then an error naming the file, not a
    parse error with a caret under nothing."""
    text = source.text
    if _CODE_LINE.search(text):
        return source
    name = "standard input" if source.name == "<stdin>" else source.name
    what = "is empty" if not text.strip() else "holds only comments"
    raise InputFileError(f"{name} {what}: expected a formula or a program")


__all__ = [
    "GRAPH_MODES",
    "MAX_REPEAT",
    "ONES",
    "QUIZ_MODES",
    "Cost",
    "Defaults",
    "JacobianRun",
    "Pass",
    "Run",
    "Update",
    "check_graph",
    "check_order",
    "check_quiz",
    "check_rate",
    "check_repeat",
    "check_step",
    "constant",
    "constant_text",
    "defaults",
    "descent_step",
    "expand",
    "jacobian",
    "load",
    "merge_values",
    "number",
    "outputs_for",
    "parse_seeds",
    "parse_values",
    "prepare",
    "reverse_run",
    "run_forward",
    "run_reverse",
    "select",
    "shown",
    "sinks",
    "training_step",
]
