"""Documents for `check` (autodiff against symbolic and numerical derivatives) and `swell`."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple, overload

from tracer.core.nodes import Deriv, Name, Num, depth
from tracer.core.printer import format_number, superscript
from tracer.views.document import (
    Block,
    Document,
    Grid,
    Heading,
    Inline,
    Math,
    Para,
    Value,
)
from tracer.views.parts import (
    DEFAULTS,
    ViewOptions,
    formula_blocks,
    warning_blocks,
)

# --- checks and swell ---------------------------------------------------------------------------

LONG = 160  # a symbolic formula longer than this (printed) is summarised, not shown
# A swell table's formulas, in a file: a page of math at most, and a tree the printer can walk
# (it recurses: the simplified dl₁₀/dx is a sum of 512 terms). JSON and CSV write every one.
FILE_LONG = 4_000
DEEP = 200


def _formula(expr: Any, operations: int | None = None, limit: int = LONG) -> Inline:
    """A sympy formula as inline math, or a note of its size when it is too long to read.
    Every operation prints as a character at least, so a formula of more operations than
    ``limit`` is not printed to find that out (a swollen one would take minutes). The math
    carries its operation count: the terminal, short of room, shows that instead of a formula
    longer than LONG (``Math.size``)."""
    from tracer.analysis.dag import operations as count
    from tracer.analysis.exact import from_sympy
    from tracer.core.printer import TEXT, render

    if operations is None:
        operations = count(expr)
    too_long = f"({operations:,} operation{'' if operations == 1 else 's'}: too long to show)"
    if expr is None or operations + _digits(expr) > limit:
        return too_long
    tree = from_sympy(expr)
    if depth(tree, DEEP + 1) > DEEP or len(render(tree, TEXT)) > limit:
        return too_long
    return Math((tree,), size=operations)


def _digits(expr: Any) -> int:
    """The digits of a formula's numbers, a bound on its printed length beyond its operations
    found without printing it (the simplified dl₁₀/dx: 1,533 operations, 158,131 digits)."""
    import sympy as sp

    return sum(len(str(abs(a.p))) + (len(str(a.q)) if a.q != 1 else 0)
               for a in sp.preorder_traversal(expr) if a.is_Rational)


class _Method(NamedTuple):
    """A kind of finite difference, as the note on the errors speaks of it."""

    name: str
    order: str  # of its truncation error
    cancels: str  # the subtraction whose rounding grows as h shrinks
    exact: str  # what it is exact for but for rounding


_METHODS = (_Method("forward", "h", "f(x + h) − f(x)", "a line"),
            _Method("central", "h²", "f(x + h) − f(x − h)", "a line or a parabola"))


def _shape(c: Any, method: str) -> str:
    """What a method's errors do as h shrinks: "V" (fall, then rise), "falls" (all the way),
    "flat" (the same at every step), "rises" (never fall), or "" (no errors)."""
    errors = [(d.h, e) for d in c.differences
              if (e := getattr(d, f"{method}_error")) is not None]
    if not errors:
        return ""
    if len({e for _, e in errors}) == 1:
        return "flat"
    best = c.best(method)
    return "falls" if best == errors[-1][0] else "rises" if best == errors[0][0] else "V"


def _error_shape(c: Any, best: float) -> tuple[Inline, ...]:
    """What the differences' errors do as h shrinks, as the table shows it: the V of
    truncation against round-off, or, where the best step is at an end, what is seen; one
    sentence for both kinds where they do the same, else one each (x² at 1: the forward
    errors fall and rise, the central ones, exact for a parabola, only rise). Its numbers are
    ``Value``s, typeset as the table beside it types them (LaTeX's 1 × 10⁻⁸, not 1e-08)."""
    shapes = [_shape(c, m.name) for m in _METHODS]
    flat = {e for d in c.differences for e in (d.forward_error, d.central_error)
            if e is not None} if shapes == ["flat", "flat"] else set()
    if shapes[0] != shapes[1] or len(flat) > 1:  # relu at 0: forward 0.5 off, central exact
        out: list[Inline] = []
        for m, shape in zip(_METHODS, shapes, strict=True):
            if shape:
                out += [" "] * bool(out) + list(_method_shape(c, m, shape))
        return tuple(out)
    if shapes[0] == "flat":
        error = next(d.forward_error for d in c.differences if d.forward_error is not None)
        why = "they are exact here" if error == 0 else "h does not change them here"
        return ("The error is ", Value(error), " at every step, for forward and central "
                f"differences alike: {why}.")
    if shapes[0] == "falls":
        return ("The error falls as h shrinks, all the way to h = ", Value(best),
                " (truncation error, of order h for forward and h² for central differences): "
                "round-off, which makes it rise again at smaller steps, has not set in yet.")
    if shapes[0] == "rises":
        return ("The error does not fall as h shrinks: the truncation error is below the "
                "round-off from the largest step on (differences along a line are exact but for "
                "rounding), so round-off alone shows: f(x + h) − f(x) cancels more of the "
                "digits that carry the answer as h shrinks.",)
    return ("The error first falls as h shrinks (truncation error, of order h for forward and "
            "h² for central differences), then rises again (round-off: f(x + h) − f(x) "
            "cancels the digits that carry the answer).",)


def _method_shape(c: Any, m: _Method, shape: str) -> tuple[Inline, ...]:
    """What one kind of difference's errors do, where the two kinds differ."""
    kind = f"{m.name} differences"
    if shape == "flat":
        error = next(e for d in c.differences
                     if (e := getattr(d, f"{m.name}_error")) is not None)
        why = "they are exact here" if error == 0 else "h does not change them here"
        return ("The error is ", Value(error), f" at every step for {kind}: {why}.")
    if shape == "falls":
        return ("The error falls as h shrinks, all the way to h = ", Value(c.best(m.name)),
                f", for {kind} (truncation error, of order {m.order}): round-off, which makes "
                "it rise again at smaller steps, has not set in yet.")
    if shape == "rises":
        return (f"The error does not fall as h shrinks for {kind}: their truncation error is "
                f"below the round-off from the largest step on ({kind} of {m.exact} are exact "
                f"but for rounding), so round-off alone shows: {m.cancels} cancels more of the "
                "digits that carry the answer as h shrinks.",)
    return (f"The error first falls as h shrinks for {kind} (truncation error, of order "
            f"{m.order}), then rises again (round-off: {m.cancels} cancels the digits that "
            "carry the answer).",)


def _relative_steps(c: Any, ev: Any) -> tuple[Inline, ...]:
    """Where the steps are taken relative to the input's size (``check.step_power``)."""
    from tracer.analysis.check import step_power

    power = step_power(float(ev.point[c.name]))
    if not power:
        return ()
    value = float(ev.point[c.name])
    return (f" The steps are 10⁻ᵏ × 10{superscript(power)}, relative to {c.name}'s size: at ",
            Value(value), " the floats are ", Value(math.ulp(value)),
            f" apart, and a step of 10⁻¹² would not move {c.name} at all.")


def _best_steps(c: Any) -> tuple[Inline, ...]:
    """The closing words of the note on the errors: the best step of each kind."""
    out: list[Inline] = [" The best steps here: "]
    for k, m in enumerate(_METHODS):
        out += [", "] * bool(k)
        out += ([f"any h {m.name}"] if _shape(c, m.name) == "flat" else
                ["h = ", Value(c.best(m.name)), f" {m.name}"])
    return (*out, "; autodiff needs no step at all.")


def check_document(crun: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """Autodiff beside the symbolic derivative and finite differences, input by input."""
    from tracer.analysis.check import REWRITE_LIMIT
    from tracer.analysis.results import sizes

    ev = crun.ev
    out = crun.output
    blocks: list[Block] = [Heading(("Autodiff against symbolic and numerical derivatives",)),
                           *formula_blocks(ev, opts), *_path_note(crun)]
    for c in crun.inputs:
        d = Deriv(out, (c.name,))
        blocks.append(Heading((Math((d,)),), level=2))
        blocks.append(Para(("Autodiff: forward mode ", Math((d, Num(c.forward))),
                            ", reverse mode ", Math((d, Num(c.reverse))), ".")))
        value: tuple[Inline, ...] = (" = ", Value(c.symbolic)) if c.symbolic is not None \
            else (", undefined here",)
        blocks.append(Para(("Symbolic (sympy): ", Math((d,)), " = ",
                            _formula(c.formula, c.operations), *value, ".")))
        if c.note:
            blocks.append(Para(_note_items(c.note[0].upper() + c.note[1:] + "."),
                               style="note"))
        best_f, best_c = c.best("forward"), c.best("central")
        rows = []
        for diff in c.differences:
            rows.append((
                Value(diff.h),
                _long(diff.forward, diff.forward_gap),
                _error(diff.forward_error, diff.h == best_f),
                _long(diff.central, diff.central_gap),
                _error(diff.central_error, diff.h == best_c),
            ))
        blocks.append(Grid(("h", "Forward difference", "Error", "Central difference", "Error"),
                           tuple(rows)))
        if not math.isfinite(c.reference):
            blocks.append(Para((_unmeasured(c.reference, c.beyond),), style="note"))
        elif best_f is not None and best_c is not None:
            blocks.append(Para((*_error_shape(c, best_f), *_relative_steps(c, ev),
                                *_best_steps(c)), style="note"))
    size = sizes(crun)
    blocks.append(Grid(("Size", "Operations"), (
        ("largest symbolic partial derivative, as differentiated", Value(size.symbolic)),
        ("… after simplification", Value(size.simplified) if size.simplified is not None
         else f"not attempted (above {REWRITE_LIMIT:,} operations)"),
        ("the evaluation trace (rows)", Value(size.trace_rows)),
        ("one forward or reverse sweep", Value(size.sweep_operations)),
    )))
    blocks.append(Para(_verdict(crun, opts.digits), style="result"))
    blocks += warning_blocks(ev)
    return Document("tracer: check", tuple(blocks), table=_differences_table(crun))


def _verdict(crun: Any, digits: int) -> tuple[Inline, ...]:
    """The closing sentence: agreement (where sympy's formula is defined, and along which
    inputs the slope is infinite, both saying so), or the disagreement. Its numbers are
    ``Value``s, formatted by the writer to ``--digits`` and typeset as its tables are; the
    terms' size is a magnitude, to ``digits`` significant digits as Python's ``g`` writes it,
    in exponent form from 10^digits on (2e+10, not 20000000000, which the tables would write of
    the float 2e10; 12345 at 4 digits is 1.234e+04)."""
    from tracer.analysis.results import ROUNDING, TOLERANCE

    if not crun.agrees:
        return _disagreement(crun)
    kinked = [c.name for c in crun.inputs if c.kink]
    if kinked and len(kinked) == len(crun.inputs):
        return ("Forward and reverse mode agree; autodiff and the symbolic derivative follow "
                "different conventions at this kink (see above), so there is nothing more to "
                "compare.",)
    but = (f" but {', '.join(kinked)} (a kink, where the two follow different conventions; see "
           "above)") if kinked else ""
    undefined = [c.name for c in crun.inputs if c.symbolic is None]
    out: list[Inline] = ["Autodiff agrees with the symbolic derivative to within ",
                         Value(TOLERANCE), f" (relative) for every input{but}"]
    out += [f" where it is defined (not at {', '.join(undefined)}, see above)"] * bool(undefined)
    rounded = [c for c in crun.inputs if c.by_size]
    for k, c in enumerate(rounded):
        out += ["; along " if not k else ", ", f"{c.name} (", _magnitude(c.size, digits), ")"]
    if rounded:
        out += [" within ", Value(ROUNDING), " of the size of the terms its sweep added, as "
                "their rounding alone moves the sum by more"]
    steep = [c.name for c in crun.inputs if c.infinite]
    beyond = [c.name for c in crun.inputs if c.beyond and c.agrees]
    return (*out, f"; the slope is infinite along {', '.join(steep)}, and both say so"
            if steep else "", f"; the slope along {', '.join(beyond)} is finite but beyond the "
            "largest float, so both are ∞ (an overflow, not an infinite slope)" if beyond
            else "", ".")


def _disagreement(crun: Any) -> tuple[Inline, ...]:
    """``CheckRun.disagreement`` as a sentence of math: each number to 12 digits (so the two
    that differ look different), typeset as the writer's tables type numbers."""
    from tracer.analysis.results import conventions_note, disagreeing

    out: list[Inline] = ["Autodiff and the symbolic derivative disagree: "]
    for k, c in enumerate(disagreeing(crun)):
        out += ["; "] * bool(k) + [Math((Deriv(crun.output, (c.name,)),)), ": autodiff ",
                                   _precise(c.reverse), " (forward ", _precise(c.forward), ")"]
        out += [", symbolic ", _precise(c.symbolic)] * (c.symbolic is not None)
    return (*out, conventions_note(crun), ".")


def _magnitude(value: float, digits: int) -> Math:
    """A size to ``digits`` significant digits as Python's ``g`` writes it (2e+10)."""
    if not math.isfinite(value):
        return Math((Num(value),))
    return Math((Num(value, f"{value:.{digits}g}"),))


def _precise(value: float) -> Math:
    """A number to 12 significant digits, as the error line (``CheckRun.disagreement``) writes
    it (∞ and nan as each writer spells them)."""
    from tracer.analysis.results import DISAGREEMENT_DIGITS

    if not math.isfinite(value):
        return Math((Num(value),))
    return Math((Num(value, format_number(value, DISAGREEMENT_DIGITS)),))


# A number the analysis wrote in exponent form into a note (sympy's 1.0000e+600, the largest
# float's 1.8e+308), not a part of a name (x1e5) or of a longer number.
_EXPONENT_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?e[+-]\d+(?![\w.])")


def _note_items(note: str) -> tuple[Inline, ...]:
    """A note's sentence with its numbers in exponent form as math, typeset as the tables type
    numbers (LaTeX's 1.0000 × 10⁶⁰⁰, not the text 1.0000e+600), their digits as written."""
    items: list[Inline] = []
    end = 0
    for m in _EXPONENT_NUMBER.finditer(note):
        items += [note[end:m.start()], Math((Num(float(m.group()), m.group()),))]
        end = m.end()
    return tuple(item for item in (*items, note[end:]) if item != "")


def _unmeasured(reference: float, beyond: bool = False) -> str:
    """Why the differences have no errors: nothing finite to measure them against."""
    if beyond:
        return ("The slope here is finite but beyond the largest float, so it is ∞ in floats "
                "and the differences have no finite value to be measured against.")
    if reference != reference:
        return ("Autodiff's value is undefined here and sympy's formula has none, so the "
                "differences have nothing to be measured against.")
    return ("The slope is infinite here: the differences grow without bound as h shrinks, so "
            "no step gets close and none is best.")


def _path_note(crun: Any) -> list[Block]:
    """Under a program that decided things: which derivative is checked (CheckRun.path_note)."""
    text = crun.path_note()
    return [Para((text,), style="note")] if text else []


def _differences_table(crun: Any) -> Grid:
    """Every input's differences as one long table, for CSV: the numbers at full precision,
    the best step of each kind a column of its own."""
    rows = []
    for c in crun.inputs:
        best_f, best_c = c.best("forward"), c.best("central")
        rows += [(c.name, Value(c.forward), Value(c.reverse), _number(c.symbolic), Value(d.h),
                  _number(d.forward), _number(d.forward_error), Value(d.h == best_f),
                  _number(d.central), _number(d.central_error), Value(d.h == best_c))
                 for d in c.differences]
    return Grid(("input", "forward mode", "reverse mode", "symbolic", "h", "forward difference",
                 "forward error", "forward best", "central difference", "central error",
                 "central best"), tuple(rows))


def _number(value: float | None) -> Inline:
    """A number, or nothing where the difference left the domain."""
    return "" if value is None else Value(value)


def _long(value: float | None, gap: str) -> Inline:
    """A finite difference to 10 digits, so its convergence (and decay) shows; where there is
    none, why (a step left the domain, or the output there overflows)."""
    if value is None:
        return gap
    if not math.isfinite(value):  # each writer spells ∞ and nan its own way (LaTeX: \infty)
        return Math((Num(value),))
    return Math((Num(value, format_number(value, 10)),))


def _error(error: float | None, best: bool) -> Inline:
    if error is None:
        return "–"
    return Math((Num(error),)) if not best else Math((Num(error), Name("best")), relation="◀")


def swell_document(srun: Any, opts: ViewOptions = DEFAULTS) -> Document:
    """The lecture's expression-swell table, with the trace's size beside the formulas'."""
    from tracer.core.parse import parse

    step = parse(srun.map_text).statements[0].expr
    rows = tuple(
        (Value(r.n), _formula(r.value, r.value_operations, FILE_LONG),
         _formula(r.derivative, r.derivative_operations, FILE_LONG),
         _formula(r.simplified, r.simplified_operations, FILE_LONG),
         Value(r.derivative_operations), Value(r.simplified_operations), Value(r.trace_rows),
         Value(r.sweep_operations))
        for r in srun.rows
    )
    return Document("tracer: expression swell", (
        Heading(("Expression swell",)),
        Para(("The recurrence lₙ₊₁ = ", Math((step,)), " (l the last iterate), with l₁ = x, "
              "and the derivative of each iterate with respect to x, symbolically and by "
              "autodiff.",)),
        Grid(("n", "lₙ", *FORMULAS, *OPERATIONS[1:], "trace rows", "sweep operations"), rows),
        Para((_swell_sentence(srun.rows),), style="result"),
    ), table=_swell_table(srun))


FORMULAS = ("dlₙ/dx (as differentiated)", "dlₙ/dx (simplified)")
OPERATIONS = ("lₙ operations", "dlₙ/dx operations (as differentiated)",
              "dlₙ/dx operations (simplified)")


def _swell_table(srun: Any) -> Grid:
    """The swell table as data (CSV): what JSON writes, a column a field, every formula whole
    in sympy's spelling (empty where JSON has null: a derivative over 50,000 operations)."""
    return Grid(("n", "lₙ", *FORMULAS, *OPERATIONS, "trace rows", "sweep operations"),
                _SwellRows(srun.rows))  # type: ignore[arg-type]


class _SwellRows(Sequence[tuple[Inline, ...]]):
    """The data table's rows, spelled when read: sympy takes seconds to spell the formulas at
    n = 10, and only a writer of data (CSV) reads them."""

    def __init__(self, rows: tuple[Any, ...]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, k: int) -> tuple[Inline, ...]: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[tuple[Inline, ...]]: ...

    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice):
            return tuple(map(_swell_line, self.rows[k]))
        return _swell_line(self.rows[k])


def _swell_line(r: Any) -> tuple[Inline, ...]:
    return (Value(r.n), str(r.value), "" if r.derivative is None else str(r.derivative),
            str(r.simplified), Value(r.value_operations), Value(r.derivative_operations),
            Value(r.simplified_operations), Value(r.trace_rows), Value(r.sweep_operations))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _swell_sentence(rows: tuple[Any, ...]) -> str:
    """The closing sentence: the sizes at the last n, and what they say about growth."""
    last = rows[-1]
    sizes = (f"At n = {last.n} the symbolic derivative has "
             f"{_count(last.derivative_operations, 'operation')} as differentiated and "
             f"{last.simplified_operations} simplified, while the evaluation trace has "
             f"{_count(last.trace_rows, 'row')} and a forward or reverse sweep over it "
             f"{_count(last.sweep_operations, 'operation')}")
    return f"{sizes}. {_swell_verdict(rows)}."


def _swell_verdict(rows: tuple[Any, ...]) -> str:
    """What the numbers say: from the last step's growth of each, never a canned claim."""
    last = rows[-1]
    if len(rows) < 2:
        return "With one iterate nothing has grown yet (give --n 2 or more)"
    prev = rows[-2]
    formula = last.derivative_operations - prev.derivative_operations
    trace = last.sweep_operations - prev.sweep_operations
    step = f"From n = {prev.n} to {last.n}"
    if formula <= 0 and trace <= 0:
        return f"{step} neither grew: this map does not swell"
    if formula > 2 * trace:
        return (f"{step} the formula grew by {_count(formula, 'operation')} and the sweep by "
                f"{trace}: the formula grows much faster than the trace, which grows only "
                "linearly in n")
    if formula > trace:
        return (f"{step} the formula grew by {_count(formula, 'operation')} and the sweep by "
                f"{trace}: the formula grows faster than the trace")
    if formula == trace:
        return (f"{step} both grew by {_count(formula, 'operation')}: so far the formula grows "
                "no faster than the trace")
    change = (f"grew by {_count(formula, 'operation')}" if formula >= 0
              else f"shrank by {_count(-formula, 'operation')}")
    return (f"{step} the formula {change} and the sweep grew by {trace}: so far the formula "
            "grows more slowly than the trace")
