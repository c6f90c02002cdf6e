"""The core, end to end: text → program → trace → evaluation → forward or reverse passes.

Everything the command line does goes through here; nothing here prints or exits. Values for
inputs and seeds are written as ``name=value`` bindings whose values may be constant
expressions (``pi/3``, ``log(8, 2)``, ``-4``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracer.errors import NameProblem, TracerError
from tracer.evaluate import Evaluation, evaluate
from tracer.forward import forward
from tracer.forward import results as forward_results
from tracer.lower import fold, lower, paused_gc
from tracer.nodes import Call, Name, Node, Num, walk
from tracer.parse import Program, parse, parse_bindings
from tracer.reverse import results as reverse_results
from tracer.reverse import reverse
from tracer.trace import Const


def constant(expr: Node, source: str) -> Const:
    """Evaluate a constant expression (numbers, pi, e, ops); a name in it is an error."""
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


def parse_values(text: str) -> dict[str, Const]:
    """``x1=3, x2=-4`` → {name: Const}; a name given twice is an error."""
    out: dict[str, Const] = {}
    for name, expr, pos in parse_bindings(text):
        if name in out:
            raise NameProblem(f"{name} is given twice", text, pos)
        out[name] = constant(expr, text)
    return out


def merge_values(texts: Sequence[str]) -> dict[str, Const]:
    """Several ``--at`` options as one point; a name in two of them is an error."""
    out: dict[str, Const] = {}
    for text in texts:
        for name, value in parse_values(text).items():
            if name in out:
                raise NameProblem(f"{name} is given twice", text, text.find(name))
            out[name] = value
    return out


def directive(program: Program, name: str) -> tuple[str, int] | None:
    """The text of a program's ``@name`` line and where it starts, if it has one."""
    found = [d for d in program.directives if d.name == name]
    if len(found) > 1:
        raise TracerError(f"@{name} appears twice", program.source, found[1].pos)
    return (found[0].text, found[0].pos) if found else None


def directive_values(program: Program) -> dict[str, Const]:
    """The program's default point (its ``@at`` line), with errors placed in the program."""
    found = directive(program, "at")
    if found is None:
        return {}
    text, pos = found
    try:
        return parse_values(text)
    except TracerError as exc:
        if exc.pos is not None:
            exc.source, exc.pos = program.source, pos + exc.pos
        raise


def prepare(
    source: str | Program,
    at: Mapping[str, Any] | None = None,
    order: str = "level",
    outputs: Sequence[str] | None = None,
) -> Evaluation:
    """Parse, lower and evaluate ``source`` at ``at`` (on top of the program's @at defaults)."""
    with paused_gc():
        return _prepare(source, at, order, outputs)


def _prepare(
    source: str | Program,
    at: Mapping[str, Any] | None,
    order: str,
    outputs: Sequence[str] | None,
) -> Evaluation:
    program = source if isinstance(source, Program) else parse(source)
    given = dict(at or {})
    defaults = directive_values(program)
    point = {**{k: v for k, v in defaults.items() if k not in given}, **given}
    if outputs is None:
        found = directive(program, "output")
        if found is not None:
            from tracer.parse import parse_names

            outputs = [name for name, _ in parse_names(found[0])]
    trace = lower(program, order=order, given=list(given) + list(defaults), outputs=outputs)
    del program, source  # the tree is not needed once lowered: a smaller heap to evaluate in
    values = {k: (v.value if isinstance(v, Const) else v) for k, v in point.items()}
    return evaluate(trace, values)


@dataclass(frozen=True)
class Pass:
    """One sweep: its seed, the column it filled (one number per row) and its result.

    Forward: seed over inputs, result over outputs. Reverse: seed over outputs, result over
    inputs.
    """

    seed: dict[str, Any]
    column: tuple[Any, ...]
    result: dict[str, Any]


@dataclass(frozen=True)
class Run:
    mode: str  # "forward" or "reverse"
    ev: Evaluation
    passes: tuple[Pass, ...]

    @property
    def jacobian(self) -> dict[str, dict[str, Any]] | None:
        """{output: {input: ∂output/∂input}} when the passes are the unit seeds of every
        input (forward) or every output (reverse); otherwise None."""
        trace = self.ev.trace
        along = trace.inputs if self.mode == "forward" else trace.output_names
        seeds = {name: p for p in self.passes for name in _unit(p.seed)}
        if set(seeds) != set(along) or len(self.passes) != len(along):
            return None
        if self.mode == "forward":
            return {o: {x: seeds[x].result[o] for x in trace.inputs} for o in trace.output_names}
        return {o: {x: seeds[o].result[x] for x in trace.inputs} for o in trace.output_names}


def _unit(seed: Mapping[str, Any]) -> list[str]:
    """The name a seed is the unit vector of, as a one-element list; [] otherwise."""
    nonzero = [k for k, v in seed.items() if v != 0]
    if len(nonzero) == 1 and seed[nonzero[0]] == 1:
        return nonzero
    return []


def _check_names(names: Sequence[str], allowed: Sequence[str], what: str, option: str) -> None:
    for name in names:
        if name not in allowed:
            listing = ", ".join(allowed)
            raise NameProblem(f"{option}: {name} is not {what}; the {what}s are {listing}")


def run_forward(
    ev: Evaluation,
    wrt: Sequence[str] | None = None,
    seed: Mapping[str, Any] | None = None,
) -> Run:
    """Forward passes: one per ``wrt`` input, one along ``seed``, or one per input."""
    inputs = ev.trace.inputs
    if seed:
        _check_names(list(seed), inputs, "input", "--seed")
        seeds = [{name: seed.get(name, 0) for name in inputs}]
    else:
        names = list(wrt) if wrt else list(inputs)
        _check_names(names, inputs, "input", "--wrt")
        seeds = [{name: int(name == w) for name in inputs} for w in dict.fromkeys(names)]
    passes = []
    for s in seeds:
        column = forward(ev, s)
        passes.append(Pass(s, column, forward_results(ev, column)))
    return Run("forward", ev, tuple(passes))


def run_reverse(
    ev: Evaluation,
    seed: Mapping[str, Any] | None = None,
) -> Run:
    """Reverse passes: one along ``seed`` (ȳ), or one per output with ȳ_j = 1."""
    outputs = ev.trace.output_names
    if seed:
        _check_names(list(seed), outputs, "output", "--seed")
        seeds = [{name: seed.get(name, 0) for name in outputs}]
    else:
        seeds = [{name: int(name == o) for name in outputs} for o in outputs]
    passes = []
    for s in seeds:
        column = reverse(ev, s)
        passes.append(Pass(s, column, reverse_results(ev, column)))
    return Run("reverse", ev, tuple(passes))
