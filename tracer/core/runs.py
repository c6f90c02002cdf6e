"""Runs: forward and reverse passes over an evaluated trace, a training step, the Jacobian.

A ``Run`` is what a trace, forward or reverse command computed: the evaluation and its passes,
each pass a seed, the column it filled and its result. The Jacobian both ways (``JacobianRun``)
compares the two modes and what each cost. The passes' work is estimated first
(``tracer.core.cost``); the chain rule's convention at infinite slopes is
``tracer.core.chain``'s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from tracer.core import cost
from tracer.core.arrays import Array, flatten, show
from tracer.core.evaluate import Evaluation
from tracer.core.forward import forward
from tracer.core.forward import results as forward_results
from tracer.core.nodes import Call, Num
from tracer.core.ops import BY_NAME
from tracer.core.printer import exact_hooks
from tracer.core.reverse import results as reverse_results
from tracer.core.reverse import reverse
from tracer.core.wengert import Const
from tracer.errors import NameProblem, TracerError


@dataclass(frozen=True)
class Pass:
    """One sweep: its seed, the column it filled (one number per row) and its result.

    Forward: seed over inputs, result over outputs. Reverse: seed over outputs, result over
    inputs.
    """

    seed: dict[str, Any]
    column: tuple[Any, ...]
    result: dict[str, Any]

    @cached_property
    def unit(self) -> str | None:
        """The name the seed is the unit vector of (1 there, 0 elsewhere); None otherwise.
        (Kept once found: a result line asks it per output, and over 10^5 inputs' seed that
        made ẏ of 10^5 outputs take 700 s.)"""
        nonzero = [k for k, v in self.seed.items() if v != 0]
        if len(nonzero) == 1 and self.seed[nonzero[0]] == 1:
            return nonzero[0]
        return None


@dataclass(frozen=True)
class Update:
    """One parameter's gradient-descent update: new = old - rate * gradient."""

    name: str
    old: Any
    gradient: Any
    new: Any


@dataclass(frozen=True)
class Run:
    """A trace, forward or reverse run: the evaluation and its passes (and a training step's
    updates, a repeated backward pass's accumulated gradients)."""

    mode: str  # "trace", "forward" or "reverse"
    ev: Evaluation
    passes: tuple[Pass, ...]
    rate: Any = None  # the learning rate of a training step, if one was taken
    updates: tuple[Update, ...] = ()
    accumulated: tuple[dict[str, Any], ...] = ()  # .grad after each repeated backward pass
    # the gradient zeroed before a repeated pass: (pass from 0, input or "" for every one)
    zeroed: tuple[tuple[int, str], ...] = ()

    @property
    def jacobian(self) -> dict[str, dict[str, Any]] | None:
        """{output: {input: ∂output/∂input}} when the passes are the unit seeds of every
        input (forward) or every output (reverse); otherwise None."""
        trace = self.ev.trace
        along = trace.inputs if self.mode == "forward" else trace.output_names
        seeds = {p.unit: p for p in self.passes if p.unit is not None}
        if set(seeds) != set(along) or len(self.passes) != len(along):
            return None
        if self.mode == "forward":
            return {o: {x: seeds[x].result[o] for x in trace.inputs} for o in trace.output_names}
        return {o: {x: seeds[o].result[x] for x in trace.inputs} for o in trace.output_names}


def number(value: Any, ev: Evaluation) -> Any:
    """A value given by the user (a Const, or a plain number) in the evaluation's arithmetic:
    exact under ``--exact`` (0.5 is 1/2), a float otherwise."""
    if ev.exact:  # an exact evaluation exists only once the exact module has registered
        return exact_hooks().exact(value)
    return value.value if isinstance(value, Const) else value


def check_names(names: Sequence[str], allowed: Sequence[str], what: str, option: str,
                one: str = "") -> None:
    """Each of ``names`` is one of ``allowed`` (the inputs, the outputs), or one line saying
    which is not, what they are, and a hint; ``one``: what takes a single name ("the graph
    seeds one input"), said when a list or a glob was given."""
    from tracer.core.spelling import article, hint, listing

    for name in names:
        if name not in allowed:
            # a comma between names (x1,x2), not inside an element's brackets (b[0,1])
            listed = "," in "".join(part.split("]")[-1] for part in name.split("["))
            element = name.replace("][", ",")  # b[0][1], Python's spelling of b[0,1]
            found = f"write the element as {element}" if element in allowed else \
                f"{one}: name one, not a list or a glob" \
                if one and ("*" in name or "?" in name or listed) else \
                hint(name, allowed, "given", f"among the {what}s")
            raise NameProblem(f"{option}: {name} is not {article(what)} {what}; the {what}s are "
                              f"{listing(allowed)}" + (f"; {found}" if found else ""))


ONES = "ones"  # a seed of ones in an output's shape: --seed c=ones (torch.ones_like(c))
MEAN = "mean"  # a seed of 1/n for each of an output's n elements: c.mean().backward()


def expand(given: Mapping[str, Any], names: Sequence[str], what: str,
           option: str) -> dict[str, Any]:
    """Values by element: a name may be an array's (``--seed c=ones``, ``c=[[1, 0], [0, 1]]``,
    one number for every element, or ``c=mean``, 1/n for each of its n); ``--wrt a`` is every
    element of a)."""
    out: dict[str, Any] = {}
    for key in given:
        whole = key.partition("[")[0]
        if whole != key and whole in given:
            raise NameProblem(f"{option}: {key} is given twice, by its own name and as an "
                              f"element of {whole}: give it once")
    for key, value in given.items():
        if key in names:
            if isinstance(value, Array):
                raise NameProblem(f"{option}: {key} is a number; the value given is an array "
                                  f"{show(value.shape)} (give {key} one number)")
            out[key] = 1 if value is ONES or value is MEAN else value
            continue
        elements = [n for n in names if n.startswith(key + "[")]
        if not elements:
            check_names([key], names, what, option)
        if isinstance(value, Array):
            pairs = dict(flatten(key, value))
            if sorted(pairs) != sorted(elements):
                raise NameProblem(f"{option}: {key} has {len(elements)} elements; the value "
                                  f"given has {len(pairs)}")
            out.update(pairs)
        else:
            out.update({e: 1 if value is ONES else _mean(len(elements)) if value is MEAN else
                        value for e in elements})
    return out


def _mean(n: int) -> Const:
    """The seed 1/n of a mean's element, written 1/n: exact mode reads it as 1/3, not as the
    digits of the float 0.333… (which made x̄ 3333333333333333/5000000000000000)."""
    return Const(1 / n, Call(BY_NAME["div"], (Num(1.0, "1"), Num(float(n), str(n)))))


def run_forward(
    ev: Evaluation,
    wrt: Sequence[str] | None = None,
    seed: Mapping[str, Any] | None = None,
) -> Run:
    """Forward passes: one per ``wrt`` input, one along ``seed``, or one per input."""
    inputs = ev.trace.inputs
    if seed:
        _afford(ev, 1, "forward")
        given = expand(seed, inputs, "input", "--seed")
        seeds = [{name: number(given.get(name, 0), ev) for name in inputs}]
    else:
        names = list(expand(dict.fromkeys(_globbed(wrt, inputs), 1), inputs, "input",
                            "--wrt")) if wrt else list(inputs)
        wanted = list(dict.fromkeys(names))
        _afford(ev, len(wanted), "forward")  # before the seeds: n seeds of n inputs each
        seeds = [{name: int(name == w) for name in inputs} for w in wanted]
    return _run("forward", ev, seeds)


def _afford(ev: Evaluation, passes: int, mode: str) -> None:
    """Refuse ``passes`` passes too costly to run or to show (``core.cost``)."""
    cost.sweeps(ev.trace, passes, mode)
    cost.columns(ev.trace, passes, mode)


def _globbed(names: Sequence[str], inputs: Sequence[str]) -> list[str]:
    """``--wrt`` names, a glob with * or ? (``'W*'``) standing for the inputs it matches, as
    in ``--params`` (brackets name an array's element: ``W[0,1]``)."""
    out: list[str] = []
    for name in names:
        out += select([name], inputs, "--wrt") if "*" in name or "?" in name else [name]
    return out


def run_reverse(
    ev: Evaluation,
    seed: Mapping[str, Any] | None = None,
    repeat: int = 1,
    zeroed: tuple[tuple[int, str], ...] = (),
    passes: Sequence[Mapping[str, Any]] | None = None,
) -> Run:
    """Reverse passes: one along ``seed`` (ȳ), or one per output with ȳ_j = 1. With
    ``repeat``, the backward pass runs that many times into one ``.grad``, as PyTorch's
    ``y.backward()`` twice without zeroing: the gradient after each is kept. With ``passes``,
    a backward pass along each of those seeds, each shown, all into one ``.grad`` (d2l's
    y.backward() of one value of y, then of another). ``zeroed`` sets an input's gradient
    (``""``: every one) to 0 before a pass, as ``x.grad.zero_()``."""
    outputs = ev.trace.output_names
    if passes:
        seeds = [_seed(s, outputs, ev) for s in passes]
        _afford(ev, len(seeds), "reverse")
        run = _run("reverse", ev, seeds)
        return _accumulated(run, [p.column for p in run.passes], zeroed)
    if seed:
        _afford(ev, 1, "reverse")
        seeds = [_seed(seed, outputs, ev)]
    else:
        _afford(ev, len(outputs), "reverse")  # before the seeds: n seeds of n outputs each
        seeds = [{name: int(name == o) for name in outputs} for o in outputs]
    if repeat != 1 and len(seeds) != 1:
        raise NameProblem("--repeat accumulates one backward pass: give one output (--output) "
                          "or a --seed")
    if repeat != 1:  # N backward passes and N gradients, but one pass's table
        cost.repeats(ev.trace, repeat)
    run = _run("reverse", ev, seeds)
    if repeat == 1:
        return run
    # the backward pass, run again (the first run is the pass shown)
    columns = (run.passes[0].column if k == 0 else reverse(ev, run.passes[0].seed)
               for k in range(repeat))
    return _accumulated(run, columns, zeroed)


def _seed(seed: Mapping[str, Any], outputs: Sequence[str], ev: Evaluation) -> dict[str, Any]:
    """A seed given over outputs (an array's name for its elements) as one over each."""
    for key in seed:
        _not_local(key, outputs, ev.trace)
    given = expand(seed, outputs, "output", "--seed")
    return {name: number(given.get(name, 0), ev) for name in outputs}


def _not_local(key: str, outputs: Sequence[str], trace: Any) -> None:
    """``--seed c=ones`` where c is a def's own name (its rows are labelled f.c): said as
    ``--output c`` says it, naming the def."""
    from tracer.core.spelling import listing

    base = key.partition("[")[0]
    if any(o == base or o.startswith(base + "[") for o in outputs):
        return
    for labels in trace.labels:
        for label in labels:
            qualifier, dot, name = label.partition("[")[0].rpartition(".")
            if dot and name.rstrip("′″‴").split("⁽")[0] == base:
                where = qualifier.split(".")[-1]
                raise NameProblem(
                    f"--seed: {base!r} is local to def {where}: a seed is given to an output, a "
                    f"value of the program itself (return it from {where} and assign the "
                    f"result); the outputs to choose from are "
                    f"{listing(dict.fromkeys(o.partition('[')[0] for o in outputs))}")


def _accumulated(run: Run, columns: Iterable[list[Any]],
                 zeroed: tuple[tuple[int, str], ...]) -> Run:
    """``run`` with the gradient after each backward pass (of ``columns``), every pass adding
    into one ``.grad`` as PyTorch's does, zeroed before a pass where ``zeroed`` says."""
    ev = run.ev
    grad = dict.fromkeys(ev.trace.inputs, 0)
    accumulated = []
    for k, column in enumerate(columns):
        zero(grad, zeroed, k)
        for name, value in reverse_results(ev, column).items():
            grad[name] = grad[name] + value  # .grad += …
        accumulated.append(dict(grad))
    return Run("reverse", ev, run.passes, accumulated=tuple(accumulated),
               zeroed=tuple(z for z in zeroed if 0 < z[0] < len(accumulated)))


def zero(grad: dict[str, Any], zeroed: Sequence[tuple[int, str]], k: int) -> None:
    """Set to 0 in ``grad`` what ``zeroed`` zeroes before pass ``k`` (from 0): an input's
    gradient, its elements too (x.grad.zero_(): x[0], x[1] …), or every one ("")."""
    for at, name in zeroed:
        if at == k:
            for x in grad:
                if not name or x == name or x.startswith(name + "["):
                    grad[x] = 0


def _run(mode: str, ev: Evaluation, seeds: Sequence[dict[str, Any]]) -> Run:
    """One sweep per seed, each with its column and its result."""
    sweep, results = (forward, forward_results) if mode == "forward" else \
        (reverse, reverse_results)
    passes = []
    for s in seeds:
        column = sweep(ev, s)
        passes.append(Pass(s, column, results(ev, column)))
    return Run(mode, ev, tuple(passes))


def select(patterns: Sequence[str], names: Sequence[str], option: str = "--params") -> list[str]:
    """The names matching any of the glob ``patterns`` (``w*``, ``b?``, ``W[0,*]``), in
    ``names`` order. Brackets are an array element's, never a glob's class of characters:
    ``W[0,1]`` is that element; an array's name (``W``) is every element of it, as in
    ``--wrt``."""
    from fnmatch import fnmatchcase

    from tracer.core.spelling import listing

    chosen: set[str] = set()
    for pattern in patterns:
        literal = pattern.replace("[", "[[]")
        whole = "[" not in pattern  # W, w*: an array whose name matches, each element
        found = [n for n in names if fnmatchcase(n, literal) or (
            whole and n[-1:] == "]" and fnmatchcase(n.split("[", 1)[0], pattern))]
        if not found:
            raise NameProblem(f"{option}: {pattern} matches no input; the inputs are "
                              f"{listing(names)}")
        chosen.update(found)
    return [n for n in names if n in chosen]


def check_rate(rate: Any) -> None:
    """A learning rate is a positive number: 0 changes nothing, and a negative one climbs."""
    value = rate.value if isinstance(rate, Const) else rate
    if not 0 < float(value) < math.inf:
        what = "a finite number" if math.isinf(float(value)) else "a positive number"
        raise TracerError(f"the learning rate {value:g} is not {what}; each parameter w "
                          "becomes w - rate ∂E/∂w, so a step needs a finite rate above 0")


def descent_step(run: Run, params: Sequence[str], rate: Any, option: str = "--params") -> Run:
    """A gradient-descent step on ``params`` from a reverse run of one output (the loss):
    each parameter p becomes p - rate * ∂loss/∂p, the gradient as the last backward pass left
    it (after repeated passes, or passes from several outputs, their sum: PyTorch's step
    takes the accumulated .grad).
    ``option``: where the names came from (``--params``, or the program's ``@params`` line),
    for an error."""
    if run.mode != "reverse" or (len(run.passes) != 1 and not run.accumulated):
        raise run.ev.trace.several_outputs("--step needs one output, the loss to descend")
    gradient = run.accumulated[-1] if run.accumulated else run.passes[0].result
    point = run.ev.point
    check_rate(rate)
    rate = number(rate, run.ev)
    names = select(params, run.ev.trace.inputs, option)
    updates = tuple(Update(n, point[n], gradient[n], point[n] - rate * gradient[n])
                    for n in names)
    for u in updates:
        if not math.isfinite(float(u.gradient)):  # √x at 0: no rate is small enough
            what = "undefined" if u.gradient != u.gradient else \
                f"{'∞' if u.gradient > 0 else '-∞'} (an infinite slope)"
            raise TracerError(f"the gradient along {u.name} is {what} here, so a step has no "
                              "finite size at any rate; take the step from another point, or "
                              "leave it out of --params")
        if not math.isfinite(float(u.new)):
            raise TracerError(f"the learning rate {float(rate):g} overflows the step: {u.name} "
                              f"would become {float(u.old):g} - {float(rate):g} × "
                              f"({float(u.gradient):g}), beyond the largest float; use a "
                              "smaller rate")
    return replace(run, rate=rate, updates=updates)


@dataclass(frozen=True)
class Cost:
    """What one mode spent on a Jacobian: its passes and its elementary operations."""

    passes: int
    operations: int


@dataclass(frozen=True)
class JacobianRun:
    """The Jacobian computed both ways, with what each way cost."""

    forward: Run
    reverse: Run

    @property
    def ev(self) -> Evaluation:
        return self.reverse.ev

    @property
    def matrix(self) -> dict[str, dict[str, Any]]:
        return self.reverse.jacobian  # type: ignore[return-value]

    def cost(self, mode: str) -> Cost:
        """Passes, and multiply-adds: one per (row, row argument) per pass."""
        run = self.forward if mode == "forward" else self.reverse
        return Cost(len(run.passes), len(run.passes) * self.ev.trace.operations)

    def pairs(self) -> list[tuple[str, str, float, float]]:
        """Every entry both ways: (output, input, forward's, reverse's), as floats."""
        fwd = self.forward.jacobian or {}
        return [(o, x, float(fwd[o][x]), float(value))
                for o, row in self.matrix.items() for x, value in row.items()]

    @property
    def disagreements(self) -> list[tuple[str, str, float, float]]:
        """The entries the modes do not agree on even in kind: a nan on one side only, an
        infinity against a finite number, or opposite infinities."""
        return [e for e in self.pairs() if not _same_kind(e[2], e[3])]

    @property
    def disagreement(self) -> float:
        """The largest difference between the two modes' finite entries; ∞ when they
        disagree in kind (see ``disagreements``)."""
        if self.disagreements:
            return math.inf
        return max((abs(f - r) for _, _, f, r in self.pairs() if math.isfinite(f)),
                   default=0.0)

    @property
    def agreement(self) -> str:
        """Whether forward and reverse mode agree, in one sentence."""
        from tracer.core.printer import format_number

        bad = self.disagreements
        if not bad:
            return ("Forward and reverse mode agree: the largest difference between their "
                    f"entries is {format_number(self.disagreement, 3)}.")
        shown = "; ".join(f"∂{o}/∂{x} is {format_number(f, 4)} by forward mode and "
                          f"{format_number(r, 4)} by reverse mode" for o, x, f, r in bad[:3])
        more = f" (and {len(bad) - 3} more)" if len(bad) > 3 else ""
        return f"Forward and reverse mode disagree: {shown}{more}."

    @property
    def cheaper(self) -> str | None:
        """"forward", "reverse", or None when both need as many passes."""
        n, m = self.ev.trace.n, len(self.ev.trace.outputs)
        return None if n == m else "forward" if n < m else "reverse"

    @property
    def reason(self) -> str:
        """Which mode is cheaper for this shape, and why, in one sentence."""
        from tracer.core.printer import plural

        n, m = self.ev.trace.n, len(self.ev.trace.outputs)
        shape = f"with {plural(n, 'input')} and {plural(m, 'output')}"
        columns, rows = "one per input, each filling a column", "one per output, each filling a row"
        if self.cheaper is None:
            return (f"Neither mode is cheaper here: {shape} both need {plural(n, 'pass')}, "
                    "forward one per input and reverse one per output (forward mode needs no "
                    "stored trace, so it is lighter on memory).")
        if self.cheaper == "forward":
            return (f"Forward mode is cheaper here: {shape} it needs {plural(n, 'pass')} "
                    f"({columns}) where reverse mode needs {m} ({rows}).")
        return (f"Reverse mode is cheaper here: {shape} it needs {plural(m, 'pass')} ({rows}) "
                f"where forward mode needs {n} ({columns}).")


def _same_kind(a: float, b: float) -> bool:
    """Both nan, both the same infinity, or both finite."""
    if a != a or b != b:
        return a != a and b != b
    if math.isinf(a) or math.isinf(b):
        return a == b
    return True


def jacobian(ev: Evaluation) -> JacobianRun:
    """The full Jacobian, by forward mode (one pass per input) and by reverse mode (one pass
    per output)."""
    cost.jacobian(ev.trace, len(ev.trace.output_names))
    return JacobianRun(run_forward(ev), run_reverse(ev))
