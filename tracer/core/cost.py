"""Cost estimates: every command finishes in seconds or refuses before it starts.

A command's work is predictable from the trace before any of it is done: a forward or reverse
pass costs one multiply-add per (row, row argument), a JSON document one number per row per
pass, exact arithmetic grows with rows and nesting. Each estimate here is checked up front
and, when it is over its budget, raises a ``LimitError`` that says what it would cost and what
to do instead. No wall-clock timer decides anything, so the same input always gets the same
answer. The budgets are measured on a 2-core machine (benchmarks/limits.py) and keep every
command under about 10 seconds there.
"""

from __future__ import annotations

import functools
import re

from tracer.core.wengert import Trace
from tracer.errors import LimitError

# One multiply-add of a sweep costs about 0.3 µs; 2·10^7 of them take about 6 s.
SWEEP_OPERATIONS = 20_000_000
# The entries all of a command's passes show (a number costs about 0.8 µs to write as JSON,
# a terminal cell several times that).
OUTPUT_NUMBERS = 5_000_000
# Exact arithmetic is for traces a student reads: sympy's numbers grow with every row, and its
# printers and simplifiers recurse once per level of nesting.
EXACT_ROWS = 2_000
EXACT_DEPTH = 100
# Printing an exact value costs sympy work for each node of its tree, shared parts counted
# each time they occur (its decimal, its form, its length in a cell): about 50-100 µs a node on
# the 2-core machine, nested sines the most (benchmarks/limits_symbolic.py exact), so 80,000
# nodes print in about 8 s at most.
EXACT_NODES = 80_000
# Python writes no integer of over 4,300 digits, and no student reads one.
EXACT_DIGITS = 4_000


# A dependency graph has a node per row and an edge per argument, each with its rule, value
# and partial: 300,000 nodes took 21 s and 1.2 GB as JSON, 11 s as the terminal's tree. No
# one reads a graph of 50,000 nodes; over that it is refused before it is built.
GRAPH_NODES = 50_000


# A straight-line program has about one row per operator it writes (rows are shared only where
# code repeats itself); over this many operators per row of the limit, its text is refused
# before it is read into tokens (a 100 MB program would take a minute and 4 GB to reach the
# row limit the slow way).
OPERATORS_PER_ROW = 2


# What makes a row, read off the text: a call, a binary + or - (after an operand, so neither a
# sign nor an exponent's: 1e-3), and *, **, /, ^ and @.
# (Compiled when first needed: only a text near the row limit is read so closely.)
@functools.cache
def _operator() -> re.Pattern[str]:
    return re.compile(r"[A-Za-z_]\w*\s*\(|(?<!\d[eE])(?:(?<=[\w)\]])|(?<=[\w)\]] ))[-+]"
                      r"|\*\*?|[/^@]")


_COMMENT = re.compile(r"#[^\n]*")


def source(text: str) -> None:
    """Refuse a text whose operators alone promise a trace far over the row limit. A quick
    count of operator characters comes first; only a text over the limit by that count is
    read more closely (comments left out, signs and exponents not counted): all of it up to
    4 MB, else 64 pieces spread over it, whose share of real operators scales the count."""
    from tracer.core.builder import MAX_ROWS
    from tracer.core.ops import INFIX, PREFIX

    limit = OPERATORS_PER_ROW * MAX_ROWS
    if len(text) <= limit:  # too short to have that many
        return
    marks = {s[0] for s in (*INFIX, *PREFIX) if not s[0].isalpha()} | {"("}
    quick = sum(text.count(mark) for mark in marks)
    if quick <= limit:
        return
    def close(piece: str) -> int:
        return _operator().subn("", _COMMENT.sub("", piece))[1]

    if len(text) <= 4 * 2**20:
        operators = close(text)
    else:
        step = len(text) // 64
        pieces = [text[k * step:k * step + 2**16] for k in range(64)]
        marked = sum(piece.count(mark) for piece in pieces for mark in marks)
        operators = quick * sum(map(close, pieces)) // max(marked, 1)
    if operators > limit:
        raise LimitError(
            f"the input has about {_count(operators)} operations: far more than the "
            f"{_count(MAX_ROWS)} rows tracer traces (split the program, or trace a smaller "
            "instance of it)")


def _count(n: int) -> str:
    return f"{n:,}"


def sweeps(trace: Trace, passes: int, mode: str, instead: str | None = None) -> None:
    """Refuse ``passes`` sweeps in ``mode`` when together they exceed the budget; ``instead``
    is what to do then, when the command's own options differ from ``forward``'s and
    ``reverse``'s."""
    work = passes * trace.operations
    if work <= SWEEP_OPERATIONS:
        return
    per = "input" if mode == "forward" else "output"
    other = "tracer reverse (one pass per output)" if mode == "forward" else \
        "tracer forward (one pass per input)"
    choose = "--wrt" if mode == "forward" else "--output"
    raise LimitError(
        f"{mode} mode would need {_count(passes)} passes (one per {per}) over "
        f"{_count(trace.operations)} operations: {_count(work)} multiply-adds, more than the "
        f"{_count(SWEEP_OPERATIONS)} tracer does in one command; "
        + (instead or f"choose fewer with {choose}, or use {other}"))


def columns(trace: Trace, passes: int, mode: str, instead: str | None = None) -> None:
    """Refuse ``passes`` passes whose tables would be too large to show, in any format: each
    is a column over the trace's rows, a seed over its inputs (forward) or outputs (reverse),
    and a line per output that names its row with every name the row has (y = x*ones(n):
    one row named y[0] … y[n-1], shown on n lines of each of n passes). ``instead``: as in
    ``sweeps``."""
    shown = _entries(trace, mode)
    numbers = passes * shown
    if numbers > OUTPUT_NUMBERS:
        per = "input" if mode == "forward" else "output"
        names = trace.inputs if mode == "forward" else [name for name, _ in trace.outputs]
        together = f"--seed {_together(names, 'x' if mode == 'forward' else 'y')}"
        raise LimitError(
            f"{mode} mode would show {_count(passes)} passes (one per {per}), each a table of "
            f"about {_count(shown)} entries ({_count(numbers)} in all, more than the "
            f"{_count(OUTPUT_NUMBERS)} tracer shows in one command): " + (instead or (
                f"choose fewer with {'--wrt' if mode == 'forward' else '--output'}, or seed "
                f"them together in one pass ({together})")))


def _together(names: list[str] | tuple[str, ...], usual: str) -> str:
    """A seed of the trace's own names, all at once: ``b=ones`` for an array (its every
    element), ``x1=1,x2=1,…`` for numbers; ``usual=ones`` when there are none."""
    if not names:
        return f"{usual}=ones"
    if "[" in names[0]:
        return names[0].split("[")[0] + "=ones"
    return ",".join(f"{name}=1" for name in names[:2]) + (",…" if len(names) > 2 else "")


def _entries(trace: Trace, mode: str) -> int:
    """The entries of one pass's table: a column over the rows, the seed, the outputs' lines."""
    seeded = trace.n if mode == "forward" else len(trace.outputs)
    widest = max(map(len, trace.labels), default=1) or 1
    return trace.n + trace.last + seeded + len(trace.outputs) * widest


def repeats(trace: Trace, repeat: int) -> None:
    """Refuse ``--repeat N`` beyond what fits: N backward passes of the trace's operations,
    and N rows of the accumulated gradient (one number per input) beside the one pass's
    table. The refusal names the largest N that fits."""
    work = repeat * trace.operations
    gradients = repeat * trace.n
    room = OUTPUT_NUMBERS - _entries(trace, "reverse")
    if work <= SWEEP_OPERATIONS and gradients <= room:
        return
    fits = min(SWEEP_OPERATIONS // max(trace.operations, 1), room // max(trace.n, 1))
    if work > SWEEP_OPERATIONS:
        why = (f"{_count(work)} multiply-adds, more than the {_count(SWEEP_OPERATIONS)} tracer "
               "does in one command")
    else:
        why = (f"{_count(repeat)} gradients of {_count(trace.n)} inputs to show beside the "
               f"pass's table, more than the {_count(OUTPUT_NUMBERS)} entries tracer shows in "
               "one command")
    fit = f"--repeat {fits} is the most that fits" if fits >= 1 else \
        "no --repeat fits: trace a smaller instance of the program"
    raise LimitError(f"--repeat {repeat} runs the backward pass {repeat} times over "
                     f"{_count(trace.operations)} operations: {why}; {fit}")


# What tracer jacobian, which runs both modes over every input and every output, suggests.
JACOBIAN_INSTEAD = ("tracer jacobian runs both modes, over every input and every output: "
                    "choose fewer outputs with --output, or run one mode: tracer reverse (one "
                    "pass per output) or tracer forward --wrt (one pass per input chosen)")


def jacobian(trace: Trace, outputs: int) -> None:
    """Refuse, before either mode runs, a Jacobian whose forward passes (one per input) or
    reverse passes (one per output, ``outputs`` of them) are over the budgets, with its own
    advice (``jacobian`` takes no ``--wrt``)."""
    for mode, passes in (("forward", trace.n), ("reverse", outputs)):
        sweeps(trace, passes, mode, JACOBIAN_INSTEAD)
        columns(trace, passes, mode, JACOBIAN_INSTEAD)


def graph(trace: Trace) -> None:
    """Refuse, before any of it is built, a dependency graph of more nodes (rows) than
    anyone reads: ``tracer graph``, ``--graph`` and the API's graphs."""
    nodes = trace.n + trace.last
    if nodes > GRAPH_NODES:
        raise LimitError(
            f"a dependency graph has a node per row: this trace's would have {_count(nodes)}, "
            f"more than the {_count(GRAPH_NODES)} a graph may have; draw a smaller instance "
            "of the program (fewer loop steps), or read its rows in a table (tracer trace, or "
            "forward or reverse without --graph; -f json has every row)")


def exact(trace: Trace) -> None:
    """Refuse exact arithmetic on a trace too long or too deep for it, before sympy loads."""
    if trace.last > EXACT_ROWS:
        raise LimitError(f"exact arithmetic is for small traces (at most {_count(EXACT_ROWS)} "
                         f"rows); this one has {_count(trace.last)}: drop --exact")
    nested(trace, "exact arithmetic")


def exact_digits(digits: int) -> None:
    """Refuse exact numbers of more digits than tracer writes (``1.0000001`` squared 14 times
    has 114,689 of them)."""
    if digits > EXACT_DIGITS:
        raise LimitError(f"exact arithmetic here grows numbers of about {_count(digits)} digits, "
                         f"more than the {_count(EXACT_DIGITS)} tracer writes: drop --exact "
                         "(floats have no such limit)")


def exact_printing(trace: Trace, nodes: int, passes: int, mode: str) -> None:
    """Refuse, before any of it is printed, a run whose exact values hold more nodes (numbers
    and operations) in all than tracer prints in one command: 42 passes of a logistic
    regression step's tangents, or the adjoints of ``u = sin(u)`` repeated 95 times (each a
    product of up to 95 ever deeper sines)."""
    if nodes <= EXACT_NODES:
        return
    if passes == 1:
        instead = ""
    elif mode == "forward":
        instead = "choose fewer inputs with --wrt, use tracer reverse (one pass per output), or "
    else:
        instead = "choose fewer outputs with --output, use tracer forward (one pass per " \
            "input), or "
    plural = "pass" if passes == 1 else "passes"
    raise LimitError(
        f"the exact values of {mode} mode ({_count(passes)} {plural} over "
        f"{_count(trace.n + trace.last)} rows) hold {_count(nodes)} numbers and operations "
        f"in all, more than the {_count(EXACT_NODES)} tracer prints in one command; "
        f"{instead}drop --exact (floats have no such limit)")


def exact_values(nodes: int, row: int) -> None:
    """Refuse, as they are made, exact values holding more nodes (numbers and operations) in
    all than tracer prints in one command (``u = sin(u) + u`` repeated 16 times doubles its
    tree at each line)."""
    if nodes > EXACT_NODES:
        raise LimitError(f"the exact values of the trace up to row {row} hold more than "
                         f"{_count(EXACT_NODES)} numbers and operations in all, more than "
                         "tracer prints in one command: drop --exact (floats have no such "
                         "limit)")


# sympy keeps a chain of sums as one Add (x1 + x2 + … + x150 is one level, not 149) and of
# products as one Mul. A difference is a sum of a product by -1 (a - b: Add(a, Mul(-1, b))),
# a quotient a product with a power (a/b: Mul(a, Pow(b, -1))), a negation a product.
def sympy_depth(trace: Trace) -> int:
    """The nesting of the trace's formulas as sympy builds them: as ``Trace.depth``, but a
    chain of + (or of ×) is one level, as sympy flattens it (0 with no rows). A row's level
    is one more than its arguments', less one for an argument of its own chain. It is
    sympy's own depth, give or take a level: where sympy might flatten more (a power's -1
    into a product) one more is counted, and sympy sometimes adds one (sin(y - w) is
    -sin(w - y)); ``Trace.depth`` missed those too, and the budget leaves room for them."""
    n = trace.n
    levels = [0] * (n + trace.last)
    kinds = [""] * (n + trace.last)  # the chain each row's formula is: "+", "*" or none
    for i, eq in enumerate(trace.equations, start=n):
        kind = eq.op.chain or ""  # the op table's: a - b is Add(a, Mul(-1, b)), …
        wraps = dict(eq.op.wraps)
        level = 1
        for slot, a in enumerate(eq.args):
            if type(a) is not int:
                continue
            inner, chain = levels[a + n - 1], kinds[a + n - 1]
            wrapper = wraps.get(slot)
            if wrapper:  # Mul(-1, b) or Pow(b, -1) around the argument
                inner, chain = inner if chain == wrapper != "^" else inner + 1, wrapper
            level = max(level, inner if kind and chain == kind else inner + 1)
        levels[i], kinds[i] = level, kind
    return max(levels, default=0)


def nested(trace: Trace, what: str) -> None:
    """Refuse symbolic work on a trace nested more deeply than sympy can follow, counted as
    sympy nests it (``sympy_depth``: a sum of 150 inputs is one level)."""
    depth = sympy_depth(trace)
    if depth > EXACT_DEPTH:
        raise LimitError(f"{what} follows formulas at most {EXACT_DEPTH} operations deep; this "
                         f"one is {_count(depth)} deep (the float modes have no such limit)")
