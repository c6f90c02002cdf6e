"""The interactive worksheet (``-f html --interactive``): one self-contained page to step
through a sweep and, as a quiz, to check answers in place.

The page is the HTML writer's page (its tables, MathML and style) with three additions, all
inline and small (no library, nothing from the network):

- Steps. Every cell of a trace table is revealed at a step: the forward sweep top to bottom
  (primal and tangent together), then the reverse sweep bottom to top (the adjoints), or a
  backward sweep's ``+=`` lines in their order. "Next" / "Previous" and the arrow keys move
  through them; the current row is marked in the table and its node and edges in the
  dependency graph beside it (Graphviz's SVG when it is installed, else tracer's own layout,
  ``tracer.render.graph_layout``). A program's decisions are not steps: each shows with the
  row before it.
- A quiz (``--quiz``). The blanks are input fields; the page reads each answer with its own
  small expression reader (numbers, ``+ - * / ^``, parentheses, the constants and functions
  tracer's grade accepts: never the browser's eval), marks it against the key embedded in
  the page within grade's tolerance, keeps a score, reveals the key on request, and downloads
  the answers as the quiz CSV that ``tracer grade`` reads: the CSV writer's own quiz file,
  each answer written into the value column the key names.
- Access. Everything works from the keyboard; marks are words and symbols as well as colours;
  the graph goes under the table on a narrow screen.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from tracer.core.nodes import Sym, walk
from tracer.core.ops import OPS
from tracer.core.printer import TEXT, chain, format_value, not_shown
from tracer.render import graph as draw
from tracer.render import html
from tracer.render.base import Settings, cell_parts, headers
from tracer.views.document import (
    BLANK,
    Cell,
    Diagram,
    Document,
    Gap,
    Grid,
    Heading,
    Note,
    Para,
    TraceTable,
)

GRAPH_NODES = 150  # the most nodes drawn beside a table; a larger graph is left out
VALUE = " value"  # how a CSV column that holds a value is named (what tracer grade reads)
EXACT = " exact"  # … and one that holds its exact form (an --exact quiz)
# tracer grade's tolerances (relative, absolute), for a value and for an exact form (which is
# right to within rounding only); tests/test_render_worksheet.py checks they agree with grade's
TOLERANCE = (1e-3, 1e-6)
EXACT_TOLERANCE = (1e-12, 0.0)


@dataclass(frozen=True)
class Sheet:
    """What a worksheet is written from: the document shown (a quiz's blanks and all), the
    key (the same document filled in) for a quiz, and the dependency graph
    (``tracer.analysis.graph.Graph``) of ``nodes`` nodes, None when there are too many."""

    doc: Document
    key: Document | None = None
    graph: Any = None
    nodes: int = 0


@cache
def asset(name: str) -> str:
    """The page's script or style, kept beside this module."""
    return resources.files("tracer.render").joinpath(name).read_text(encoding="utf-8")


@cache
def script() -> str:
    """The page's script, its answer reader given every constant and function of the op table
    (each op's own JavaScript: nothing about an op is written here)."""
    entries = ",\n".join(f"    [{json.dumps(name)}, {op.arity}, {op.js}]"
                         for op in OPS if op.js for name in op.names)
    return asset("worksheet.js").replace("/* tracer:functions */ []", f"[\n{entries},\n  ]")


class WorksheetWriter(html.HtmlWriter):
    """The HTML writer, with steps on every trace table's cells and answers in a quiz's."""

    def __init__(self, settings: Settings, sheet: Sheet) -> None:
        super().__init__(settings)
        self.sheet = sheet
        key = sheet.key.blocks if sheet.key else ()
        self.keys = [b for b in key if isinstance(b, TraceTable)]
        self.tables = 0
        self.lines = 0  # trace rows written so far: the CSV's data lines, in order
        self.steps: list[dict[str, Any]] = []
        self.answers: list[dict[str, Any]] = []
        self.fl = TEXT.with_digits(settings.digits)
        g = sheet.graph
        self.outputs = {name: n.index for n in g.nodes for name in n.outputs} if g else {}
        self.into: dict[int, list[str]] = {}
        self.out_of: dict[int, list[str]] = {}
        for e in g.edges if g else ():
            title = f"{draw.node_id(e.source)}->{draw.node_id(e.target)}"
            self.into.setdefault(e.target, []).append(title)
            self.out_of.setdefault(e.source, []).append(title)

    # --- steps --------------------------------------------------------------------------------

    def schedule(self, block: TraceTable, source: TraceTable) -> dict[tuple[int, int], int]:
        """The step at which each (row, group) cell shows, adding the steps to the page's.
        ``source`` is the filled-in table (the key's, for a quiz): its rules name the nodes."""
        rows = [(r, row) for r, row in enumerate(source.rows) if isinstance(row, tuple)]
        groups = range(len(block.headers))
        if block.kind == "sweep":
            phases = [("reverse sweep", list(groups), rows)]
        else:
            back = [g for g in groups if any(_role(row[g]) == "bar" for _, row in rows)]
            phases = [("forward sweep", [g for g in groups if g not in back], rows),
                      ("reverse sweep", back, rows[::-1])]
        order: dict[tuple[int, int], int] = {}
        for phase, chosen, sequence in phases:
            for r, row in sequence if chosen else ():
                node, edges = self.focus(row[chosen[0]], block.kind == "sweep")
                names = dict.fromkeys(chain(row[g].rule[:1], self.fl) for g in chosen
                                      if row[g].rule)
                self.steps.append({"phase": phase, "label": ", ".join(names), "node": node,
                                   "edges": edges})
                for g in chosen:
                    order[(r, g)] = len(self.steps)
        return order

    def focus(self, cell: Cell, sweep: bool) -> tuple[str | None, list[str]]:
        """The node a row is about, and the edges its rule uses: a primal or tangent reads
        the edges into its node, an adjoint the edges out of it, a sweep line ``v̄ⱼ += v̄ᵢ ∂``
        the one edge j → i."""
        head = cell.rule[0] if cell.rule else None
        if not isinstance(head, Sym):
            return None, []
        index = head.ref if isinstance(head.ref, int) else self.outputs.get(head.ref)
        if index is None:
            return None, []
        node = draw.node_id(index)
        if sweep:
            users = [n.ref for n in walk(cell.rule[-1])
                     if isinstance(n, Sym) and n.role == "bar" and isinstance(n.ref, int)]
            return node, [f"{node}->{draw.node_id(users[0])}"] if users else []
        if isinstance(head.ref, str):  # the output's closing row: y = v₄
            return node, []
        return node, (self.out_of if head.role == "bar" else self.into).get(index, [])

    # --- tables -------------------------------------------------------------------------------

    def trace_table(self, block: TraceTable) -> str:
        key = self.keys[self.tables] if self.tables < len(self.keys) else None
        self.tables += 1
        order = self.schedule(block, key or block)
        head = headers(block)
        lines = [f'<div class="scroll"><table class="steps" id="table-{self.tables}">',
                 "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in head) +
                 "</tr></thead>", "<tbody>"]
        shown_at = 0
        for r, row in enumerate(block.rows):
            if isinstance(row, Gap):
                lines.append(f'<tr><td class="gap" colspan="{len(head)}">⋮ '
                             f"{not_shown(row.hidden)}</td></tr>")
            elif isinstance(row, Note):  # a decision shows with the row before it
                lines.append(f'<tr class="note"><td class="control" colspan="{len(head)}" '
                             f'data-step="{shown_at}">{html.inline(row.items, self.digits)}'
                             "</td></tr>")
            else:
                keyed = key.rows[r] if key is not None else None
                lines.append(self.row(block, r, row, keyed, order))
                shown_at = min((order.get((r, g), 0) for g in range(len(row))), default=0)
                self.lines += 1
        lines.append("</tbody></table></div>")
        return "\n".join(lines)

    def row(self, block: TraceTable, r: int, row: tuple[Cell, ...], key: Any,
            order: dict[tuple[int, int], int]) -> str:
        cells: list[str] = []
        for g, cell in enumerate(row):
            step = order.get((r, g), 0)
            given = ' class="given"' if cell.given else ""
            answer = self.answer(cell, key[g] if isinstance(key, tuple) else None,
                                 block.headers[g])
            if g in block.values_only:
                out = answer if answer is not None else html.value_html(cell.value, self.digits)
                cells.append(f'<td data-step="{step}"{given}>{out}</td>')
                continue
            rule, out = html.cell_html(cell, self.digits)
            cells.append(f'<td data-step="{step}"{given}>{rule}</td>')
            cells.append(f'<td data-step="{step}"{given}>{answer or out}</td>')
        return "<tr>" + "".join(cells) + "</tr>"

    def answer(self, cell: Cell, key: Cell | None, header: str) -> str | None:
        """An input field for a blank the key fills, its mark, and the key to reveal."""
        if key is None or cell.value is not BLANK or cell.given or key.value is BLANK:
            return None
        n = len(self.answers)
        name = chain(key.rule[:1], self.fl) if key.rule else f"row {self.lines + 1}"
        self.answers.append({"key": _number(key.value), "line": self.lines, "column": header})
        shows = cell_parts(key, self.fl)[1] if key.rule else \
            format_value(key.value, self.digits)
        label = escape(f"{name}: {header}, your answer")
        return (f'<input type="text" class="answer" id="answer-{n}" data-answer="{n}" '
                f'aria-label="{label}" aria-describedby="mark-{n}" autocomplete="off" '
                f'spellcheck="false" maxlength="200">'
                f'<span class="mark" id="mark-{n}"></span>'
                f'<span class="key">{escape(shows)}</span>')

    def para(self, block: Para) -> str:
        """A result shows once the steps before it have been taken."""
        text = super().para(block)
        if block.style != "result" or not self.steps:
            return text
        return f'<div data-step="{len(self.steps)}">{text}</div>'

    def grid(self, block: Grid) -> str:
        text = super().grid(block)
        return f'<div data-step="{len(self.steps)}">{text}</div>' if self.steps else text

    def diagram(self, block: Diagram) -> str:
        return ""  # the graph stands beside the tables

    # --- the page -----------------------------------------------------------------------------

    def graph_panel(self) -> str:
        g = self.sheet.graph
        if g is None:
            return (f'<p class="note">The dependency graph has {self.sheet.nodes:,} nodes: too '
                    f"many to draw beside the table (at most {GRAPH_NODES}); tracer graph "
                    "draws it on its own.</p>") if self.sheet.nodes else ""
        from tracer.render import graph_layout

        # top to bottom: a tall graph fits a column beside the table; the legend beneath it
        svg = html.graph_svg(g, self.digits, values=False, rankdir="TB", legend=False,
                             label="graph-title")
        legend = "".join(
            f'<li><svg viewBox="0 0 44 30" width="44" height="30" aria-hidden="true">'
            f"{graph_layout.shape(draw.LOOKS[role], 5, 5, 34, 20)}</svg> {role}</li>"
            for role in g.roles)
        return ('<h2 id="graph-title">Dependency graph</h2>\n' + svg +
                f'<ul class="legend" aria-label="Legend">{legend}</ul>')

    def csv_grid(self) -> list[list[str]] | None:
        """The quiz CSV, as ``tracer --quiz -f csv`` writes it, as rows of cells; each
        answer's place in it (its data line, and its group's value column), and in an exact
        quiz its group's exact column too (``exact``), which the same answer fills: √(2)
        typed on the page is the value and the exact form grade reads."""
        if not self.answers:
            return None
        from tracer.render import csv as csv_writer

        grid = list(csv.reader(csv_writer.write(self.sheet.doc, self.settings).splitlines()))
        columns = {name: c for c, name in enumerate(grid[0])} if grid else {}
        for a in self.answers:
            line, group = a.pop("line") + 1, a.pop("column")
            value, exact = columns.get(group + VALUE), columns.get(group + EXACT)
            fits = line < len(grid) and value is not None and value < len(grid[line])
            a["at"] = [line, value] if fits else None
            a["exact"] = exact if fits and exact is not None and exact < len(grid[line]) \
                else None
        return grid

    def finish(self, doc: Document, parts: list[str]) -> str:
        blocks = list(zip(doc.blocks, parts, strict=True))
        title = ""
        if blocks and isinstance(blocks[0][0], Heading):
            title = blocks.pop(0)[1]
        body = "\n".join(p for _, p in blocks if p)
        quiz = bool(self.answers)
        data = {"steps": self.steps, "answers": self.answers, "csv": self.csv_grid(),
                "tolerance": list(TOLERANCE), "exact_tolerance": list(EXACT_TOLERANCE),
                "quiz": quiz}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace(
            "<", "\\u003c")
        tools = QUIZ_TOOLS if quiz else ""
        return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{escape(doc.title)}</title>\n"
                f"<style>{html.STYLE}{asset('worksheet.css')}</style>\n</head>\n"
                f'<body class="worksheet{" quiz" if quiz else ""}">\n{title}\n'
                f'<div class="bar">\n{CONTROLS.format(help=HELP_QUIZ if quiz else HELP)}\n'
                f"{tools}</div>\n"
                f'<div class="sheet">\n<main class="doc">\n{body}\n</main>\n'
                f'<aside class="graph">\n{self.graph_panel()}\n</aside>\n</div>\n'
                f'<script type="application/json" id="tracer-data">{payload}</script>\n'
                f"<script>{script()}</script>\n</body>\n</html>\n")


CONTROLS = """<div class="controls" role="region" aria-label="Steps">
<p class="help">{help}</p>
<div class="buttons">
<button type="button" id="first" aria-label="First step">« Start</button>
<button type="button" id="prev" aria-keyshortcuts="ArrowLeft">◀ Previous</button>
<button type="button" id="next" aria-keyshortcuts="ArrowRight">Next ▶</button>
<button type="button" id="last" aria-label="Last step">Show all »</button>
</div>
<p id="status" role="status" aria-live="polite"></p>
</div>"""
HELP = ("Step through the sweep with Next and Previous, or the → and ← keys: the current row "
        "is marked ▶ in the table, its node and edges in the graph.")
HELP_QUIZ = ("Fill in each blank (a number, or an expression such as -13/3 or 1/3*(-1) + 1*(-4)) "
             "and press Enter: each answer is marked at once. Next and Previous, or → and ← "
             "outside a field, mark each row in turn with its node in the graph.")
QUIZ_TOOLS = """<div class="quiz-tools">
<p id="score" aria-live="polite"></p>
<button type="button" id="reveal" aria-pressed="false">Reveal the answers</button>
<button type="button" id="download">Download my answers (CSV)</button>
</div>
"""


def _role(cell: Cell) -> str | None:
    head = cell.rule[0] if cell.rule else None
    return head.role if isinstance(head, Sym) else None


def _number(value: Any) -> float | None:
    """A key's value as a float for the page; None when it is not a finite number."""
    try:
        f = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return f if math.isfinite(f) else None


def write(sheet: Sheet, settings: Settings, fmt: str = "html") -> str:
    return WorksheetWriter(settings, sheet).write(sheet.doc)
