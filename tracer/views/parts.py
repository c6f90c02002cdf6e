"""The pieces every document is made of: a row's cells, trace tables, paragraphs, grids.

Each trace row becomes cells holding expression trees from ``tracer.core.rules`` and the row's
values; writers decide how they look. Only the rows a document shows get rules built, so a
10^5-row trace costs nothing here beyond the rows on screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple

from tracer.core import rules
from tracer.core.evaluate import Evaluation
from tracer.core.nodes import Call, Deriv, Name, Node, Num, Sym, Tup, depth
from tracer.core.ops import BY_NAME
from tracer.core.printer import (
    Shown,
    digits_apart,
    exact_hooks,
    not_shown,
    plural,
    shown_names,
    visible,
)
from tracer.core.reverse import contributions
from tracer.core.runs import zero
from tracer.core.wengert import Control, Trace
from tracer.pipeline import Pass, Run
from tracer.views.document import (
    BLANK,
    Block,
    Cell,
    Code,
    Diagram,
    Gap,
    Grid,
    Heading,
    Inline,
    Math,
    Note,
    Para,
    RowSource,
    TraceRows,
    TraceTable,
    Value,
)
from tracer.views.rows import SHAPES

GRADIENT_INLINE = 4  # a gradient over more inputs is shown as a table, not one long line


# The most table cells one document shows, all its tables together: a terminal's worth, and a
# file's (a Hessian cell, with its tangent-of-adjoint rule, counts as several). Every pass's
# table of a 200-input Hessian would be 640,000 cells: minutes to lay out, and unreadable.
TERMINAL_CELLS = 4_000
FILE_CELLS = 200_000
# The rows a screen shows of a table (the middle elided): the terminal's default --max-rows,
# and a notebook's display of a result.
SCREEN_ROWS = 200


@dataclass(frozen=True)
class ViewOptions:
    """What a view shows and how much: the command line's display options."""

    max_rows: int | None = None  # show at most this many trace rows (None: all)
    sweep: bool = False  # reverse mode: show the backward sweep's += lines
    source_name: str | None = None  # the file the formula came from, for the heading
    graph: bool = False  # add the dependency graph (a Mermaid block in Markdown)
    max_cells: int = FILE_CELLS  # the document's budget of table cells
    heading: bool = True  # begin with the title heading (--no-heading: not, for a slide)
    compact: bool = False  # tangent and adjoint rules by juxtaposition, v̄₂ (1/v₋₁), not ×
    comments: bool = False  # list a program's comments (else its first comment is its title)
    digits: int = 4  # significant digits of a decimal a view writes beside text (grade's ≈)


DEFAULTS = ViewOptions()  # frozen, so one shared default serves every document


class Plan(NamedTuple):
    """How much of a document's tables fits its budget: the first ``tables`` of them, each
    with at most ``max_rows`` rows."""

    tables: int
    max_rows: int | None


def plan(rows: int, tables: int, cells: int, opts: ViewOptions) -> Plan:
    """Fit ``tables`` tables of ``rows`` rows and ``cells`` cells a row into the budget."""
    if opts.max_rows and opts.max_rows > 0:
        rows = min(rows, opts.max_rows + 1)  # + the line that says how many are hidden
    per_table = max(rows * cells, 1)
    if per_table * tables <= opts.max_cells:
        return Plan(tables, opts.max_rows)
    if per_table <= opts.max_cells:
        return Plan(opts.max_cells // per_table, opts.max_rows)
    return Plan(1, max(opts.max_cells // cells, 2))


def hidden_tables(shown: int, total: int, opts: ViewOptions) -> list[Block]:
    """The note for the passes whose tables a document leaves out."""
    if shown >= total:
        return []
    which = f"pass {total}" if shown + 1 == total else f"passes {shown + 1}–{total}"
    # said for both faces: a notebook displays this note too, where -f json means nothing
    return [Para((f"The tables of {which} are not shown: a document shows at most "
                  f"{opts.max_cells:,} table cells (the JSON output has every column: -f json, "
                  "or to_json() in Python).",), style="note")]


# --- rows -------------------------------------------------------------------------------------

def _ends(max_rows: int) -> tuple[int, int]:
    """How many lines a cut list keeps before and after what it leaves out."""
    head = max(max_rows // 2, 1)
    return head, max(max_rows - head, 1)


def shown_items(count: int, max_rows: int | None) -> list[int | None]:
    """The positions 0 … count-1 a line of results shows, cut as a table's rows are: the
    first and last around a None where the middle is left out (ẏ of 10^5 outputs)."""
    if max_rows is None or max_rows <= 0 or count <= max_rows:
        return list(range(count))
    head, tail = _ends(max_rows)
    return [*range(head), None, *range(count - tail, count)]


def shown_rows(trace: Trace, max_rows: int | None) -> list[int | Gap]:
    """The row indices a table shows, with a Gap for those left out of a long trace."""
    every = list(trace.indices())
    if max_rows is None or max_rows <= 0 or len(every) <= max_rows:
        return list(every)
    head, tail = _ends(max_rows)
    return [*every[:head], Gap(len(every) - head - tail), *every[-tail:]]


def shown_notes(controls: list[Control], ev: Evaluation, max_rows: int | None) -> list[Note]:
    """The decisions shown under one row: a loop that adds no row (``a, b = b, a`` run 10^5
    times) puts all its decisions under one row, so ``max_rows`` cuts them as it cuts rows,
    to the first and last around a line that says how many are left out (made only for
    those shown)."""
    if max_rows is None or max_rows <= 0 or len(controls) <= max_rows:
        return [control_note(c, ev) for c in controls]
    head, tail = _ends(max_rows)
    hidden = len(controls) - head - tail
    return [*(control_note(c, ev) for c in controls[:head]),
            Note((f"⋮ {not_shown(hidden, 'decision')}",)),
            *(control_note(c, ev) for c in controls[-tail:])]


def shown_grid(count: int, row: Callable[[int], tuple[Inline, ...]], max_rows: int | None,
               what: str) -> tuple[tuple[Inline, ...], ...]:
    """A grid's ``count`` rows (``row(k)`` makes the k-th), cut as a table's are: the first
    and last around "⋮ N inputs not shown", only those shown made (10^6 inputs' gradient)."""
    if max_rows is None or max_rows <= 0 or count <= max_rows:
        return tuple(row(k) for k in range(count))
    head, tail = _ends(max_rows)
    first = [row(k) for k in range(head)]
    gap = (f"⋮ {not_shown(count - head - tail, what)}", *[""] * (len(first[0]) - 1))
    return (*first, gap, *(row(k) for k in range(count - tail, count)))


def shown_cells(ev: Evaluation, max_rows: int | None,
                cells: Callable[[int], tuple[Cell, ...]] | None) -> list[Any]:
    """A table's rows: ``cells(index)`` for each row shown (the index itself when ``cells`` is
    None, for ``TraceRows`` to build when read), the Gap of a long trace, and the program's
    decisions where it took them."""
    trace = ev.trace
    under: dict[int, list[Control]] = {}
    for control in trace.controls:
        under.setdefault(max(control.after, 0), []).append(control)
    shown = shown_rows(trace, max_rows)
    if cells is None and Gap not in map(type, shown):  # every row: the notes go in by slices
        return _with_notes(shown, under, trace.first, ev, max_rows)
    rows: list[tuple[Cell, ...] | Gap | Note] = []
    append = rows.append
    for item in shown:  # once per row of a long trace: no call for most
        if type(item) is Gap:
            append(item)
            continue
        append(item if cells is None else cells(item))
        if under:
            notes = under.get(item)
            if notes:
                rows += shown_notes(notes, ev, max_rows)
    return rows


def _with_notes(shown: list[Any], under: dict[int, list[Control]], first: int,
                ev: Evaluation, max_rows: int | None) -> list[Any]:
    """Every row index from ``first`` on, the notes ``under`` each row after it, as
    ``shown_cells`` lays them out a row at a time (a row beyond the last shows none)."""
    rows: list[Any] = []
    start = 0
    for index in sorted(under):
        end = index - first + 1
        if end > len(shown):
            break
        rows += shown[start:end]
        rows += shown_notes(under[index], ev, max_rows)
        start = end
    rows += shown[start:]
    return rows


def control_note(control: Control, ev: Evaluation | None = None) -> Note:
    """A decision as the table shows it: while b.norm() < 1000: 377.1 < 1000 → true
    (iteration 3); the numbers computed from the point (377.1) are its answers."""
    detail: list[Inline] = [Value(x) if isinstance(x, float) else x
                            for x in _telling(control.detail)]
    marks: list[bool] = []  # no number computed from the point (a loop's counter, a constant)
    if ev is not None and control.on_inputs:
        computed = iter(computed_numbers(control, ev))
        marks = [next(computed, False) if not isinstance(x, str) else False
                 for x in control.detail]
    if control.kind == "else":
        items: list[Inline] = ["else: the conditions above are false"]
        marks = []
    elif control.kind == "for":
        items = [f"{control.text}: ", *detail]
    else:
        items = [f"{control.kind} {control.text}: ", *detail,
                 f" → {'true' if control.outcome else 'false'}"]
    if control.iteration is not None:
        items.append(f" (iteration {control.iteration})")
    return Note(tuple(items), tuple(k + 1 for k, mark in enumerate(marks) if mark))


_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})


def _telling(detail: tuple[Any, ...]) -> list[Any]:
    """A decision's detail with the two sides of each comparison printed apart when they
    differ (``1 < 1 → true`` is ``0.9999999999999999 < 1 → true``; see ``apart``)."""
    out = list(detail)
    for k in range(1, len(detail) - 1):
        a, sign, b = detail[k - 1:k + 2]
        if isinstance(sign, str) and sign.strip() in _COMPARISONS and \
                isinstance(a, float) and isinstance(b, float):
            left, right = apart(a, b)
            out[k - 1] = left if getattr(left, "digits", 0) >= getattr(out[k - 1], "digits", 0) \
                else out[k - 1]
            out[k + 1] = right
    return out


def computed_numbers(control: Control, ev: Evaluation) -> tuple[bool, ...]:
    """For each number of a decision's detail, whether it was computed from the point: the
    value of a row or input the condition read (``b.norm()`` in ``b.norm() < 1000``), not a
    constant (1000) or a loop counter. When no number is one of the values read (so which
    is cannot be told), every number of a decision on the inputs counts as computed: a
    quiz blanks one number too many rather than give an answer away."""
    count = sum(1 for x in control.detail if not isinstance(x, str))
    if not control.on_inputs:
        return (False,) * count
    trace = ev.trace
    read = {_float(ev.values[trace.position(r)]) for r in control.reads
            if trace.first <= r <= trace.last}
    marks = tuple(_float(x) in read for x in control.detail if not isinstance(x, str))
    return marks if any(marks) else (True,) * count


def _float(x: Any) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError, OverflowError):
        return None


def path_note(ev: Evaluation) -> list[Block]:
    """Under a program that decided things: the derivatives are those of the path taken."""
    count = len(ev.trace.controls)
    if not count:
        return []
    said = f"{count:,} decision{'' if count == 1 else 's'}"  # 100,000, not 100000
    return [Para((f"The program took {said} as it ran (the lines between "
                  "the rows); the trace holds the operations of the path it took, so every "
                  "derivative here is the derivative along that path: at another point it may "
                  "take another.",), style="note")]


def row_label(trace: Trace, index: int) -> str | None:
    names = trace.labels[trace.position(index)]
    return shown_names(names) if names else None


def value_lookup(ev: Evaluation, columns: dict[str, Sequence[Any]] | None = None,
            named: Callable[[Sym], Any] | None = None) -> Callable[[Sym], Any]:
    """Values for the trace quantities in a rule: primals from ev, tangents (``dot``),
    adjoints (``bar``) and the like from ``columns``, named quantities (ẋ₁, ȳ) from ``named``."""
    trace = ev.trace
    columns = columns or {}
    values, offset = ev.values, trace.position(0)

    def value(sym: Sym) -> Any:
        ref = sym.ref
        if type(ref) is not int:
            return named(sym) if named else BLANK
        if sym.role == "":
            return values[ref + offset]
        column = columns.get(sym.role)
        return column[ref + offset] if column is not None else BLANK

    if not ev.exact:
        return value
    node = exact_hooks().node  # exact values enter a rule as their own trees: -13/3, ln 3
    return lambda sym: node(value(sym))


def make_cell(lhs: tuple[Node, ...], rhs: Node, value: Any,
          lookup: Callable[[Sym], Any]) -> Cell:
    numbers = None if rules.is_plain_value(rhs) else rules.numbers(rhs, lookup)
    return Cell((*lhs, rhs), numbers, value)


def written(rule: Node, compact: bool) -> Node:
    """A tangent or adjoint rule in the notation asked for: the lecture's × between a
    tangent or adjoint and its partial (``v̄₂ × (1/v₋₁)``), or compact (``v̄₂ (1/v₋₁)``)."""
    return rule if compact else rules.lecture_notation(rule)


def primal_cell(ev: Evaluation, index: int,
                lookup: Callable[[Sym], Any] | None = None) -> Cell:
    """Row ``index``'s primal cell; ``lookup`` (``value_lookup(ev)``) may be made once for
    a whole table."""
    trace = ev.trace
    lhs = Sym("", index, row_label(trace, index))
    value = ev.values[trace.position(index)]
    if index <= 0:
        return Cell((lhs, Sym("", trace.inputs[index - trace.first])), None, value, given=True)
    return make_cell((lhs,), rules.primal_rule(trace, index), value,
                     lookup or value_lookup(ev, None))


def tangent_cell(ev: Evaluation, p: Pass, index: int, compact: bool = False,
                 lookup: Callable[[Sym], Any] | None = None) -> Cell:
    """Row ``index``'s tangent cell; ``lookup`` (``tangent_lookup``) may be made once."""
    trace = ev.trace
    value = p.column[trace.position(index)]
    if index <= 0:
        name = trace.inputs[index - trace.first]
        return Cell((Sym("dot", index), Sym("dot", name)), None, value, given=True)
    rule = written(rules.tangent_rule(trace, index), compact)
    return make_cell((Sym("dot", index),), rule, value, lookup or tangent_lookup(ev, p))


def tangent_lookup(ev: Evaluation, p: Pass) -> Callable[[Sym], Any]:
    return value_lookup(ev, {"dot": p.column})


def adjoint_lookup(ev: Evaluation, p: Pass) -> Callable[[Sym], Any]:
    return value_lookup(ev, {"bar": p.column}, lambda s: p.seed.get(s.ref, 0))


def adjoint_cell(ev: Evaluation, p: Pass, index: int,
                 users: list[list[tuple[int, int]]], compact: bool = False,
                 lookup: Callable[[Sym], Any] | None = None) -> Cell:
    """Row ``index``'s adjoint cell; ``lookup`` (``adjoint_lookup``) may be made once."""
    trace = ev.trace
    pos = trace.position(index)
    seeds: list[Node | tuple[int, int]] = [Sym("bar", name) for name, i in trace.outputs
                                           if i == index and name in p.seed]
    uses = users[pos]
    # Build rules only for the terms shown: a row used 10^5 times shows a handful around ⋯.
    shown = rules.elide([*seeds, *(rules.sweep_order(uses) if len(uses) > 1 else uses)])
    # A use is a plain (row, slot) tuple; seeds and ⋯ are already nodes.
    terms = [rules.contribution(trace, *t) if type(t) is tuple else t for t in shown]
    lhs: tuple[Node, ...] = (Sym("bar", index),)
    if index <= 0:
        lhs += (Sym("bar", trace.inputs[index - trace.first]),)
    return make_cell(lhs, written(rules.plain_sum(terms), compact), p.column[pos],
                     lookup or adjoint_lookup(ev, p))


def output_cells(ev: Evaluation, p: Pass | None, mode: str | None, name: str,
                 index: int) -> tuple[Cell, ...]:
    """The closing ``y = v_l`` row: its primal and its tangent or adjoint."""
    primal = Cell((Sym("", name), Sym("", index)), None, ev.values[ev.trace.position(index)])
    if p is None or mode is None:
        return (primal,)
    if mode == "forward":
        return primal, Cell((Sym("dot", name), Sym("dot", index)), None, p.result[name])
    return primal, Cell((Sym("bar", name),), None, p.seed.get(name, 0), given=True)


def trace_table(ev: Evaluation, p: Pass | None, mode: str | None,
                max_rows: int | None, compact: bool = False) -> TraceTable:
    """The lecture's table: primal columns, and the tangent or adjoint columns of one pass."""
    trace = ev.trace
    users = trace.users() if mode == "reverse" else []
    primal = value_lookup(ev, None)  # the tables' lookups, made once
    other = None if p is None else tangent_lookup(ev, p) if mode == "forward" else \
        adjoint_lookup(ev, p)

    def cells(i: int) -> tuple[Cell, ...]:
        if mode == "forward":
            return (primal_cell(ev, i, primal),
                    tangent_cell(ev, p, i, compact, other))  # type: ignore[arg-type]
        if mode == "reverse":
            return (primal_cell(ev, i, primal),
                    adjoint_cell(ev, p, i, users, compact, other))  # type: ignore[arg-type]
        return (primal_cell(ev, i, primal),)

    rows: list[Any] = shown_cells(ev, max_rows, None)
    outputs = trace.outputs  # y[0] … y[99999]: cut as the rows are (all were listed)
    shown = shown_items(len(outputs), max_rows)
    for k in shown:
        rows.append(Gap(len(outputs) - len(shown) + 1) if k is None else
                    output_cells(ev, p, mode, *outputs[k]))
    headers = {
        None: ("Forward Primal Trace",),
        "forward": ("Forward Primal Trace", "Forward Tangent Trace"),
        "reverse": ("Forward Primal Trace", "Reverse Adjoint Trace"),
    }[mode]
    source = RowSource(ev, p, mode, compact, users, SHAPES)
    return TraceTable(headers, TraceRows(rows, cells, source))  # type: ignore[arg-type]


def sweep_table(ev: Evaluation, p: Pass, max_rows: int | None,
                compact: bool = False) -> TraceTable:
    """The backward sweep in Griewank's incremental form: one ``v̄_j += v̄_i ∂v_i/∂v_j`` line
    per contribution, in the order the sweep adds them, with the adjoint so far. The sums run
    over every line; the cells are made for the lines shown (``max_rows`` cuts the middle): a
    4·10⁵-row loop's million lines were all made, 1 GB, for the 200 a screen shows."""
    trace = ev.trace
    amounts = contributions(ev, p.seed)  # as reverse mode adds them, infinite slopes and all
    # each line: (j, what is added: an output's name or (row i, slot k), amount, sum so far)
    lines: list[tuple[int, str | tuple[int, int], Any, Any]] = []
    running: dict[int, Any] = {}

    def add(j: int, what: str | tuple[int, int], amount: Any) -> None:
        running[j] = running.get(j, 0) + amount
        lines.append((j, what, amount, running[j]))

    for name, i in trace.outputs:
        if name in p.seed:
            add(i, name, p.seed[name])
    for i in range(trace.last, 0, -1):
        for k, j in trace.row_args(i):
            add(j, (i, k), amounts[i, k])
    seed_lookup = value_lookup(ev, {"bar": p.column}, lambda s: p.seed.get(s.ref, 0))

    def cells(n: int) -> tuple[Cell, ...]:
        j, what, amount, so_far = lines[n]
        term = Sym("bar", what) if isinstance(what, str) else written(
            Call(BY_NAME["mul"], (Sym("bar", what[0]), rules.partial_rule(trace, *what))),
            compact)
        numbers = None if rules.is_plain_value(term) else rules.numbers(term, seed_lookup)
        return (Cell((Sym("bar", j), term), numbers, amount, relation="+="),
                Cell((Sym("bar", j),), None, so_far))

    shown = shown_items(len(lines), max_rows)  # cut as a table's rows are
    hidden = len(lines) - len(shown) + 1
    rows = [cells(n) if n is not None else Gap(hidden) for n in shown]
    return TraceTable(("Backward Sweep", "Adjoint So Far"), tuple(rows), kind="sweep")


# --- paragraphs -------------------------------------------------------------------------------

def formula_blocks(ev: Evaluation, opts: ViewOptions) -> list[Block]:
    """The formula (or program) and the point, as the document's opening paragraphs."""
    trace = ev.trace
    return [*source_blocks(trace, opts),
            Para(("Point: ", *bindings([Sym("", x) for x in trace.inputs],
                                       ev.values[:trace.n])))]


def source_blocks(trace: Trace, opts: ViewOptions) -> list[Block]:
    """The formula as math, or the program listed. A program's first comment line is its
    title; its other comment lines (a file's notes on where it comes from and how to run it)
    are listed only with ``opts.comments``."""
    from tracer.core.parse import parse

    source = visible(trace.source.rstrip())  # listed and titled in every format: no ESC
    source = source[_BLANK_LINES.match(source).end():]  # (indented code keeps its first indent)
    code = _CODE_LINE.finditer(source)  # lines of code: a formula file has one
    one = len(list(islice(code, 2))) <= 1
    source, unlisted = _head(source)
    if source[:1] in (" ", "\t"):  # code indented as a whole (a Python session's, pasted)
        import textwrap

        source = textwrap.dedent(source)
    title = comment_title(source)
    blocks: list[Block] = [Para((title,))] if title else []
    # A formula shown as math must be small; a long source is listed without parsing it again.
    small = trace.is_formula and len(trace.source) < 20_000
    statement = parse(trace.source).statements[0] if small else None
    if statement is not None and statement.scalar and len(statement.rpn) <= 80 and \
            depth(statement.expr, 40) < 40:
        name = statement.target or trace.output_names[0]
        notes = [line for line in source.splitlines() if _is_comment(line)]
        if opts.comments and notes:  # a formula file's notes, listed above the formula
            blocks.append(Code(excerpt("\n".join(notes))))
        blocks.append(Para(("Formula: ", Math((Name(name), statement.expr)))))
    else:
        # A file of one expression with directives (@at x = arange(4.0)) is a program too:
        # only an expression alone, as typed on the command line, is a formula.
        what = "Formula" if trace.is_formula and one else "Program"
        name = f" ({visible(opts.source_name)})" if opts.source_name else ""
        blocks.append(Para((f"{what}{name}:",)))
        listed = excerpt(source if opts.comments else without_comments(source))
        if unlisted:
            listed += f"\n… ({unlisted:,} more characters of the program, not listed)"
        blocks.append(Code(listed))
    return blocks


_CODE_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.M)  # a line neither blank nor a comment
_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")
LISTED = 1 << 20  # of a longer source only the first MiB is listed (a listing shows 40 lines)


def _head(source: str) -> tuple[str, int]:
    """The part of a source that is listed (its first LISTED characters, up to a line's end)
    and how many characters follow it: 90 MB of blank lines took 30 s to list line by line."""
    if len(source) <= LISTED:
        return source, 0
    cut = source.rfind("\n", 0, LISTED)
    cut = cut if cut > 0 else LISTED
    return source[:cut], len(source) - cut


TITLE = 160  # a title longer than this is cut short (the listing with --comments has it all)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


WRAPPED = 60  # a comment line this long that ends no sentence is continued on the next


def comment_title(source: str) -> str | None:
    """A program's title: the text of its first comment line (``# Tables 1-3 of the lecture``
    gives ``Tables 1-3 of the lecture``), or None when it has none. A long line that ends no
    sentence was wrapped: the title is then its sentence, over the lines that carry it on
    (``# Exercise 2 …: tracer reads the`` / ``# lines that say what to differentiate. …``)."""
    lines = iter(source.splitlines())
    text = ""
    for line in lines:
        if _is_comment(line):
            text = line.lstrip().lstrip("#").strip()
            if text:
                break
    if not text:
        return None
    last = text
    while len(last) >= WRAPPED and last[-1] not in ".:;!?":
        line = next(lines, "")
        body = line.lstrip().lstrip("#")
        last = body.strip()
        # a paragraph's end: no comment, a blank one, a command indented under it
        # ("#     tracer reverse …"), a rule ("# =====")
        if not _is_comment(line) or not last or body.startswith("  ") or \
                not any(c.isalpha() for c in last):
            break
        text += " " + last
    end = _SENTENCE_END.search(text)
    if end:
        text = text[:end.start() + 1]
    return text if len(text) <= TITLE else text[:TITLE - 1] + "…"


_SENTENCE_END = re.compile(r"[.!?](?=\s)")  # a full stop before a space: not 2.5 or x.grad


def without_comments(source: str) -> str:
    """The program without its comment lines (a comment after code on its line stays), and
    without the blank lines they leave behind."""
    lines: list[str] = []
    for line in source.splitlines():
        if _is_comment(line) or (not line.strip() and (not lines or not lines[-1].strip())):
            continue
        lines.append(line)
    return "\n".join(lines).strip("\n")


def excerpt(source: str, lines: int = 40, width: int = 2000) -> str:
    """The first ``width`` characters and ``lines`` lines of a source, saying how much more
    there is (``… (1 more line)``, ``… (1,200 more characters)``)."""
    text = source
    if len(text) > width:
        text = text[:width] + f" … ({_more(len(source) - width, 'character')})"
    rows = text.splitlines()
    if len(rows) > lines:
        rows = [*rows[:lines], f"… ({_more(len(rows) - lines, 'line')})"]
    return "\n".join(rows)


def _more(n: int, word: str) -> str:
    return f"{n:,} more {word}{'' if n == 1 else 's'}"


def bindings(lhs: Sequence[Node], values: Sequence[Any], limit: int = 12) -> list[Inline]:
    items: list[Inline] = []
    for k, (node, value) in enumerate(zip(lhs, values, strict=True)):
        if k == limit:
            items.append(f", … ({len(lhs) - limit} more)")
            break
        if k:
            items.append(", ")
        items.append(Math((named(node), Num(value))))
    return items


def named(node: Node) -> Node:
    """Input and output names print as names (x₁), not as rows."""
    if isinstance(node, Sym) and isinstance(node.ref, str) and node.role == "":
        return Name(node.ref)
    return node


def seed_para(p: Pass, role: str) -> Para:
    names = list(p.seed)
    items: list[Inline] = ["Seed: ", *bindings([Sym(role, x) for x in names],
                                                 [p.seed[x] for x in names])]
    if p.unit and role == "dot":
        items += [" (the derivative with respect to ", Math((Name(p.unit),)), ")"]
    return Para(tuple(items))


def evaluation_notes(ev: Evaluation) -> list[Block]:
    """What a reader must know about this evaluation: the path a program took, and the
    warnings of its rows."""
    return path_note(ev) + warning_blocks(ev)


def warning_blocks(ev: Evaluation) -> list[Block]:
    """Each warning as a paragraph with its rule and partials as math, so every writer prints
    them as it prints the tables (``v₁ = |v₀|``, or LaTeX)."""
    return [Para(("warning: ", *((Math(w.rule), ": ") if w.rule else ()),
                  *(p if isinstance(p, str) else Math((p,)) for p in w.note)), style="warning")
            for w in ev.warnings]


def vector(out: str, names: Sequence[str], values: Sequence[Any]) -> Math:
    derivs = tuple(Deriv(out, (x,)) for x in names)
    if len(names) == 1:
        return Math((derivs[0], Num(values[0])))
    return Math((Tup(derivs), Tup(tuple(Num(v) for v in values))))


def jacobian_grid(jac: dict[str, dict[str, Any]], inputs: Sequence[str]) -> list[Block]:
    """The Jacobian as a grid: a row per output, a column per input (large ones cut short)."""
    caption: tuple[Inline, ...] = ("Jacobian: a row per output, a column per input; the entry "
                                   "in row y, column x is ", Math((Deriv("y", ("x",)),)), ".")
    return matrix_grid(jac, inputs, caption)


def matrix_grid(matrix: dict[str, dict[str, Any]], inputs: Sequence[str],
                caption: tuple[Inline, ...], max_rows: int = 40,
                max_columns: int = 12) -> list[Block]:
    """A matrix keyed by names as a grid, cut short when large (the JSON has every entry)."""
    outputs = list(matrix)
    columns = list(inputs)[:max_columns]
    shown = outputs[:max_rows]
    headers: tuple[Inline, ...] = ("", *(Math((Name(x),)) for x in columns))
    rows = tuple((Math((Name(o),)), *(Value(matrix[o][x]) for x in columns)) for o in shown)
    blocks: list[Block] = [Grid(headers, rows, caption)]
    hidden = []
    if len(columns) < len(inputs):
        hidden.append(f"{len(inputs) - len(columns)} more columns")
    if len(shown) < len(outputs):
        hidden.append(f"{len(outputs) - len(shown)} more rows")
    if hidden:
        blocks.append(Para((f"(Not shown: {' and '.join(hidden)}; the JSON output has every "
                            "entry.)",), style="note"))
    return blocks


def matrix_table(matrix: dict[str, dict[str, Any]], inputs: Sequence[str]) -> Grid:
    """A matrix keyed by names, whole, as a spreadsheet opens one: the names as typed along
    the top and down the side, every entry a number (the document's data table)."""
    return Grid(("", *inputs), tuple((o, *(Value(row[x]) for x in inputs))
                                     for o, row in matrix.items()))


def assembled_blocks(run: Run, jac: dict[str, dict[str, Any]]) -> list[Block]:
    """The Jacobian a run's passes assembled: forward passes fill columns, reverse rows."""
    each = "per input, each filling a column" if run.mode == "forward" else \
        "per output, each filling a row"
    return [Heading(("Jacobian",), level=2),
            Para((f"Assembled from {plural(len(run.passes), f'{run.mode} pass')}, one {each}.",),
                 style="result"),
            *jacobian_grid(jac, run.ev.trace.inputs)]


def diagram_blocks(run: Run, opts: ViewOptions) -> list[Block]:
    """The dependency graph with the first pass's tangents or adjoints (``--graph``)."""
    if not opts.graph:
        return []
    from tracer.analysis import graph

    sweep = run.passes[0] if run.passes else None
    params = [u.name for u in run.updates]  # a training step's parameters
    return [Heading(("Dependency graph",), level=2),
            Diagram(graph.build(run.ev, run.mode, sweep=sweep, params=params))]


def apart(old: Any, new: Any) -> tuple[Any, Any]:
    """A value and its update as they print: with the digits it takes to tell them apart
    (0.25 - 0.5 × (-8.034e-05) = 0.25004, not = 0.25, as if nothing had changed)."""
    if not isinstance(new, float) or not isinstance(old, (float, int)) or old == new:
        return old, new
    digits = digits_apart(old, new)
    return (Shown(old, digits) if isinstance(old, float) else old), Shown(new, digits)


def step_blocks(run: Run, max_rows: int | None = None) -> list[Block]:
    """The training step: each parameter's old value, gradient and new value."""
    if not run.updates:
        return []

    def row(k: int) -> tuple[Inline, ...]:
        u = run.updates[k]
        old, new = apart(u.old, u.new)
        return (Math((Name(u.name),)), Value(old), Value(u.gradient),
                Math((_update(Num(old), Num(run.rate), Num(u.gradient)), Num(new)),
                     numbers=True))

    rows = shown_grid(len(run.updates), row, max_rows, "parameter")
    w, gradient = Name("w"), _gradient(run, "w")
    rule = Math((w, _update(w, Name("eta"), gradient)), relation="←")
    return [
        Heading(("Gradient-descent step",), level=2),
        Para(("Each parameter is updated by ", rule, ", with learning rate ",
              Math((Name("eta"), Num(run.rate))), ".", *_accumulated_note(run))),
        Grid(("Parameter", "Old value", Math((gradient,)), "New value"), rows),
    ]


def _gradient(run: Run, name: str) -> Node:
    """The gradient a step takes: ∂loss/∂w after one pass seeded with loss̄ = 1; else w̄
    (.grad): after backward passes from several outputs (l1.backward(), then l2.backward()),
    whose sum it is, or one along a seed (l.sum().backward(): the seed's product with the
    Jacobian)."""
    unit = run.passes[0].unit if len(run.passes) == 1 else None
    return Deriv(unit, (name,)) if unit is not None else Sym("bar", name)


def _accumulated_note(run: Run) -> tuple[str, ...]:
    """After repeated backward passes of one output (--repeat) the step takes .grad as they
    left it, not one pass's gradient: say so, since the column is headed ∂loss/∂w (after
    passes of their own it is headed w̄, their sum)."""
    if len(run.accumulated) < 2:
        return ()
    return (f" The gradient is .grad after the {len(run.accumulated)} backward passes (the "
            "gradient accumulation below), as PyTorch's step takes it.",)


def _update(w: Node, rate: Node, gradient: Node) -> Node:
    """A gradient-descent update w − η g, as a tree (the rule, or its numbers)."""
    return Call(BY_NAME["sub"], (w, Call(BY_NAME["mul"], (rate, gradient))))


def step_table(run: Run) -> list[TraceTable]:
    """The training step as data: each parameter's new value with its rule and numbers
    (w₁ ← w₁ − η ∂E/∂w₁, 0.15 − 0.5 × (−0.0008034)), as the grid shows it."""
    if not run.updates:
        return []
    rows = []
    for u in run.updates:
        old = apart(u.old, u.new)[0]  # with the digits that tell it from the new value
        w = Name(u.name)
        rule = _update(w, Name("eta"), _gradient(run, u.name))
        numbers = _update(Num(old), Num(run.rate), Num(u.gradient))
        rows.append((Cell((w, rule), numbers, u.new, relation="←"),))
    return [TraceTable(("Gradient-Descent Step",), tuple(rows), kind="data")]


def accumulation_tables(run: Run) -> list[TraceTable]:
    """--repeat as data: a table per backward pass, each input's gradient after it, the
    gradient before and what the pass added (x̄[1]: 4 + 4 = 8)."""
    inputs = run.ev.trace.inputs
    add = BY_NAME["add"]
    tables = []
    for k, grad in enumerate(run.accumulated):
        before = _before(run, k)
        rows = tuple((Cell((Sym("bar", x),), Call(add, (Num(before[x]),
                                                        Num(grad[x] - before[x]))), grad[x]),)
                     for x in inputs)
        tables.append(TraceTable(("Accumulated Gradient",), rows, kind="data"))
    return tables


def _before(run: Run, k: int) -> dict[str, Any]:
    """The gradient a repeated backward pass ``k`` (from 0) adds into: the one after the pass
    before, with what was zeroed since set to 0 (x.grad.zero_())."""
    grad = dict(run.accumulated[k - 1]) if k else dict.fromkeys(run.ev.trace.inputs, 0)
    zero(grad, run.zeroed, k)
    return grad


def _zeroed_text(run: Run, k: int) -> str:
    """What was zeroed before repeated pass ``k`` (from 0): " (x.grad zeroed before it)"."""
    names = [name for at, name in run.zeroed if at == k]
    if not names:
        return ""
    if "" in names:
        return " (every gradient zeroed before it)"
    return f" ({', '.join(n + '.grad' for n in names)} zeroed before it)"


# --- arrays and gradient accumulation -----------------------------------------------------------

def grouped(names: Sequence[str], values: Sequence[Any]) -> list[tuple[str, list[Inline]]]:
    """Names with their values, an array's elements together as one bracketed value:
    (x, [0, 4, 8, 12]) for x[0] … x[3]; a plain name stays as it is."""
    groups: dict[str, list[tuple[tuple[int, ...], Any]]] = {}
    order: list[str] = []
    for name, value in zip(names, values, strict=True):
        base, bracket, rest = name.partition("[")
        key = base if bracket else name
        if key not in groups:
            order.append(key)
            groups[key] = []
        index = tuple(int(k) for k in rest.rstrip("]").split(",")) if bracket else ()
        groups[key].append((index, value))
    return [(key, _bracketed(groups[key])) for key in order]


def _bracketed(items: list[tuple[tuple[int, ...], Any]]) -> list[Inline]:
    """[a, b, c] for a vector, [[a, b], [c, d]] for a matrix, the value alone for a name."""
    if len(items) == 1 and not items[0][0]:
        return [Value(items[0][1])]
    out: list[Inline] = []
    previous: tuple[int, ...] | None = None
    depth = len(items[0][0])
    for index, value in items:
        if previous is None:
            out.append("[" * depth)
        else:
            same = next(k for k in range(depth) if index[k] != previous[k])
            out.append("]" * (depth - 1 - same) + ", " + "[" * (depth - 1 - same))
        out.append(Value(value))
        previous = index
    out.append("]" * depth)
    return out


def accumulation_blocks(run: Run) -> list[Block]:
    """--repeat: the inputs' adjoints after each backward pass, gathered into one .grad."""
    if not run.accumulated:
        return []
    inputs = run.ev.trace.inputs
    blocks: list[Block] = [Heading(("Gradient accumulation",), level=2)]
    for k, grad in enumerate(run.accumulated, start=1):
        items: list[Inline] = [f"After backward pass {k}{_zeroed_text(run, k - 1)}: "
                               if run.zeroed else f"After {plural(k, 'backward pass')}: "]
        for j, (name, value) in enumerate(grouped(inputs, [grad[x] for x in inputs])):
            items += ([", "] if j else []) + [Math((Sym("bar", name),)), " = ", *value]
        blocks.append(Para(tuple(items), style="result"))
    x = inputs[0].partition("[")[0] if inputs else "x"  # the notes' .grad: the program's
    y = run.ev.trace.outputs[0][0].partition("[")[0] if run.ev.trace.outputs else "y"
    if run.zeroed:
        blocks.append(Para((
            "Each backward pass adds its adjoints into the same gradient; zeroing it "
            f"({x}.grad.zero_(), or optimizer.zero_grad()) starts it again from 0, so the pass "
            "after a zeroing gives the gradient of that pass alone, as in PyTorch.",),
            style="note"))
        return blocks
    if len(run.passes) > 1:  # passes of their own, from different outputs or seeds
        blocks.append(Para((
            "Each backward pass adds its adjoints into the same gradient, whichever output "
            f"it starts from: after {plural(len(run.accumulated), 'pass')} without zeroing it "
            "is the sum of their gradients, as PyTorch's .grad is. Zero it between passes "
            f"({x}.grad.zero_()) to see each pass's gradient alone.",), style="note"))
        return blocks
    blocks.append(Para((
        f"Each backward pass adds its adjoints into the same gradient: after "
        f"{plural(len(run.accumulated), 'pass')} without zeroing it is "
        f"{len(run.accumulated)} times the gradient, as PyTorch's {y}.backward() run again "
        f"adds into {x}.grad. Zero the gradient between steps ({x}.grad.zero_(), or "
        "optimizer.zero_grad()) so that each step sees only its own.",), style="note"))
    return blocks
