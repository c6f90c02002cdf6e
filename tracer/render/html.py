"""The HTML writer: one self-contained page, math as MathML, readable on a projector and a phone.

No script, no stylesheet or font from the network: the page is its own file. MathML Core is
laid out by current browsers (Chromium, Firefox, Safari) without help. The type is large for
a projector and the page prints cleanly. On a narrow screen the page never scrolls sideways:
each table scrolls inside its own box, and a sentence's math is cut into pieces a line can
break between (MathML Core never breaks a line inside one ``<math>``).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from tracer.core.nodes import Name, Num
from tracer.core.printer import equals, format_number, format_value, is_exact, not_shown
from tracer.errors import InputFileError
from tracer.render import mathml
from tracer.render.base import Settings, Writer, approximated, headers
from tracer.views.document import (
    BLANK,
    Cell,
    Code,
    Diagram,
    Document,
    Gap,
    Grid,
    Heading,
    Inline,
    Math,
    Note,
    Para,
    TraceTable,
    Value,
)

# A paragraph scrolls sideways only when it holds a formula too wide to break (p overflow-x);
# overflow-x makes overflow-y scroll too, so a subscript or fraction a pixel below the line
# would show a vertical scrollbar: p hides it, and its padding gives math the room it needs.
# A section's heading does the same: "Pass 1 of 2: ∂/∂" and a 40-letter input name (460 px,
# one <mi> that cannot break) made a phone's whole page scroll sideways. (The title, h1, holds
# no math: its words wrap.)
STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Noto Sans", system-ui, sans-serif; font-size: 20px;
       line-height: 1.45; margin: 1.5em 2em; color: #111; background: #fff;
       overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.25em; margin: 0.9em 0 0.1em; padding: 0.3em 0; overflow-x: auto;
     overflow-y: hidden; }
div.scroll { overflow-x: auto; max-width: 100%; margin: 0.6em 0 1em; }
div.graph svg { display: block; width: 100%; height: auto; margin: 0.6em 0 1em; }
table { border-collapse: collapse; }
th { text-align: left; border-bottom: 2px solid #111; padding: 0.3em 0.9em; }
td { text-align: left; border-bottom: 1px solid #ccc; padding: 0.3em 0.9em;
     vertical-align: top; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 2px solid #111; }
td.gap { color: #666; font-style: italic; }
td.control { color: #1f4e79; font-style: italic; background: #f3f7fb; white-space: normal; }
math { font-size: 1.05em; }
p { overflow-x: auto; overflow-y: hidden; padding: 0.3em 0; margin: 0.4em 0; }
p.result { font-weight: bold; }
p.warning { color: #8a4b00; }
p.note { color: #444; }
pre { background: #f4f4f4; padding: 0.6em 1em; font-size: 0.85em; overflow-x: auto; }
span.minus { line-height: 0; }
span.minus > span { font-size: 0; }
span.minus::before { content: "\\2212"; font-family: math; font-size: 1.05em; }
span.typed > span { font-size: 0; }
span.typed::before { content: attr(data-shown); font-family: math; font-size: 1.05em; }
span.mark::after { content: "\\2009" attr(data-mark); }
span.power { line-height: 0; white-space: nowrap; }
span.power > span { font-size: 0; }
span.power::before { content: "\\2009\\D7\\2009" "10"; font-family: math; font-size: 1.05em; }
span.power::after { content: attr(data-exp); font-family: math; font-size: 0.75em;
                    vertical-align: 0.6em; }
@media (max-width: 40em) { body { font-size: 17px; margin: 0.8em; }
                           td, th { padding: 0.25em 0.6em; } }
@media print { body { font-size: 11pt; margin: 0; }
               td, th { padding: 0.15em 0.5em; white-space: normal; }
               div.scroll { overflow: visible; } }
"""


# A letter under tracer's combining accents (U+0304 bar, U+0307 dot), as in a rule read back
# from a file (a graded key's v̄̇₋₁): a browser draws the second mark on top of the first.
_ACCENTED = re.compile("([^\\W\\d_])([\u0304\u0307]+)")
_ROLES = {"\u0304": "bar", "\u0307": "dot", "\u0304\u0307": "dotbar"}


def text(plain: str) -> str:
    """Plain text for the page, each accented letter in it as MathML."""
    out, pos = [], 0
    for m in _ACCENTED.finditer(plain):
        role = _ROLES.get(m.group(2))
        if role is None:
            continue
        out.append(escape(plain[pos:m.start()]))
        out.append(_wrap(mathml.accented(f"<mi>{escape(m.group(1))}</mi>", role)))
        pos = m.end()
    return "".join(out) + escape(plain[pos:])


def _wrap(inner: str) -> str:
    return f'<math display="inline"><mrow>{inner}</mrow></math>' if inner else ""


# A number that stands alone in a cell is typed as pandas.read_html (and a copy and paste)
# reads a number: a negative one with an ASCII hyphen (−1 made a Jacobian's column text beside
# columns of floats), a very large or small one in e-notation (1×10⁻³⁰⁰ was text too), and
# drawn as the math is: the typed hyphen, exponent and inf take no room, and the minus sign,
# ×10 with its raised power and ∞ stand in their place, drawn by the style (MathML draws
# <mn>-1</mn> with a hyphen).
MINUS = '<span class="minus"><span>-</span></span>'
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e[+-]?\d+)?")


def value_html(x: object, digits: int) -> str:
    """A table value alone in its cell: a decimal as ``number_html``, and so an exact value
    shown as one number (an integer, −2; one too long for a cell, shown as its decimal alone:
    an exact Hessian's −0.0008178 made its column text in pandas.read_html beside floats);
    any other exact value as MathML (with its decimal it is text to pandas anyway)."""
    if x is BLANK:
        return ""
    if type(x) is float or not is_exact(x):
        return number_html(format_number(x, digits))  # type: ignore[arg-type]
    shown = format_value(x, digits)
    if _PLAIN_NUMBER.fullmatch(shown) or shown.lstrip("-") == "∞":
        return number_html(shown)
    return _wrap(mathml.value(x, digits))


def number_html(text: str) -> str:
    """A number's text (``-1.5e-05``) as a cell holds it: ``MINUS``, the digits as MathML,
    and the exponent typed (``e-05``) and drawn (×10⁻⁵); ∞ typed ``inf`` and drawn ∞."""
    sign, digits = (MINUS, text[1:]) if text.startswith("-") else ("", text)
    if digits == "∞":
        return f'{sign}<span class="typed" data-shown="∞"><span>inf</span></span>'
    if not _PLAIN_NUMBER.fullmatch(text):
        return _wrap(mathml.number(text))
    mantissa, _, exp = digits.partition("e")
    if not exp:
        return sign + _wrap(mathml.number(mantissa))
    shown = str(int(exp)).replace("-", mathml.MINUS)
    return (f'{sign}{_wrap(mathml.number(mantissa))}<span class="power" data-exp="{shown}">'
            f"<span>e{escape(exp)}</span></span>")


def cell_html(cell: Cell, digits: int) -> tuple[str, str]:
    """(rule, output) of a trace cell, each as MathML in pieces a line may break between
    (after a relation or a top-level operator, and before ``= value``): on screen a cell
    keeps to one line (``td`` does not wrap), on paper it wraps to fit the page."""
    rule = "".join(mathml.pieces(list(cell.rule), relation=cell.relation)) \
        if cell.rule else ""
    value = "" if cell.value is BLANK else mathml.value(cell.value, digits)
    if cell.numbers is None:
        return rule, value_html(cell.value, digits)
    numbers = mathml.expression(cell.numbers, True, digits)
    if not value or value.startswith(numbers):
        return rule, value_html(cell.value, digits) if value else _wrap(numbers)
    return rule, "".join([*mathml.pieces([cell.numbers], True, digits),
                          _wrap(f"<mo>{equals(cell.value)}</mo>{value}")])


def inline(items: tuple[Inline, ...], digits: int) -> str:
    """Sentence content: text, numbers, and math in pieces a line may break between."""
    out = []
    for item in approximated(items):
        if isinstance(item, Math):
            out.append("<wbr>".join(mathml.pieces(list(item.nodes), item.numbers, digits,
                                                  item.relation)))
        elif isinstance(item, Value):
            out.append(value_html(item.value, digits))
        else:
            out.append(text(item))
    return "".join(out)


def grid_cell(cell: Inline, digits: int) -> str:
    """A grid's cell; a number alone in it (a finite difference to 10 digits is math of one
    number, spelled as it is to be shown) is typed as ``number_html`` types it, and so is a
    number marked as the best of its column (``0.0001235 ◀ best``)."""
    if not isinstance(cell, Math) or cell.numbers or not isinstance(cell.nodes[0], Num) \
            or is_exact(cell.nodes[0].value):
        return inline((cell,), digits)
    num, rest = cell.nodes[0], cell.nodes[1:]
    shown = number_html(num.text or format_number(num.value, digits))
    if not rest:
        return shown
    if cell.relation == "◀" and len(rest) == 1 and isinstance(rest[0], Name):
        # the smallest error's mark (◀ best) is drawn by the style, so the column stays numbers
        return f'{shown}<span class="mark" data-mark="◀ {escape(rest[0].name)}"></span>'
    return inline((cell,), digits)


PAGE_NODES = 1_000  # the most nodes of a dependency graph a page draws (as a notebook does)


def graph_svg(graph: Any, digits: int, values: bool = True, rankdir: str | None = None,
              legend: bool = True, label: str = "") -> str:
    """A dependency graph as an SVG element for a page: Graphviz's layout, or tracer's own
    without Graphviz (or where dot would take minutes), scaling with the page up to its own
    size; ``label``, the id of the heading that names it."""
    from tracer.render import graph as draw
    from tracer.render import graph_layout

    try:
        svg = draw.image(graph, "svg", digits, values=values, rankdir=rankdir,
                         legend=legend).decode()
    except InputFileError:  # no Graphviz here: tracer lays the graph out itself
        svg = graph_layout.svg(graph, digits, values=values, rankdir=rankdir, legend=legend)
    svg = svg[svg.index("<svg"):]
    opening = svg[:svg.index(">") + 1]
    width = re.search(r'\swidth="([\d.]+)(pt|px)?"', opening)
    natural = f' style="max-width: {width[1]}{width[2] or "px"}"' if width else ""
    tidy = re.sub(r'\s(width|height)="[^"]*"', "", opening)  # it scales with the page …
    named = f' aria-labelledby="{label}"' if label else ' aria-label="dependency graph"'
    tidy = tidy.replace("<svg", f'<svg role="img"{named}{natural}', 1)  # … up to its size
    return tidy + svg[len(opening):]


class HtmlWriter(Writer):
    def heading(self, block: Heading) -> str:
        return f"<h{block.level}>{inline(block.items, self.digits)}</h{block.level}>"

    def para(self, block: Para) -> str:
        style = f' class="{block.style}"' if block.style else ""
        return f"<p{style}>{inline(block.items, self.digits)}</p>"

    def code(self, block: Code) -> str:
        return f"<pre>{escape(block.text)}</pre>"

    def trace_table(self, block: TraceTable) -> str:
        head = headers(block)
        lines = ['<div class="scroll"><table>', "<thead><tr>" +
                 "".join(f"<th>{escape(h)}</th>" for h in head) +
                 "</tr></thead>", "<tbody>"]
        for row in block.rows:
            if isinstance(row, Gap):
                lines.append(f'<tr><td class="gap" colspan="{len(head)}">⋮ '
                             f"{not_shown(row.hidden)}</td></tr>")
                continue
            if isinstance(row, Note):
                lines.append(f'<tr><td class="control" colspan="{len(head)}">'
                             f"{inline(row.items, self.digits)}</td></tr>")
                continue
            cells: list[str] = []
            for g, cell in enumerate(row):
                if g in block.values_only:
                    cells.append(value_html(cell.value, self.digits))
                else:
                    cells.extend(cell_html(cell, self.digits))
            lines.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        lines.append("</tbody></table></div>")
        return "\n".join(lines)

    def diagram(self, block: Diagram) -> str:
        """The dependency graph drawn in the page (it was left out under its heading); one
        of over PAGE_NODES nodes is a line saying how to draw it."""
        nodes = len(block.graph.nodes)
        if nodes > PAGE_NODES:
            return (f'<p class="note">The dependency graph has {nodes:,} nodes: too many to '
                    f"draw in a page (at most {PAGE_NODES:,}); tracer graph … -o graph.svg "
                    "draws it on its own.</p>")
        return f'<div class="graph">{graph_svg(block.graph, self.digits)}</div>'

    def grid(self, block: Grid) -> str:
        digits = self.digits
        lines = []
        if block.caption:
            lines.append(f"<p>{inline(block.caption, digits)}</p>")
        lines.append('<div class="scroll"><table><thead><tr>' + "".join(
            f"<th>{inline((h,), digits)}</th>" for h in block.headers) + "</tr></thead><tbody>")
        for row in block.rows:
            lines.append("<tr>" + "".join(f"<td>{grid_cell(c, digits)}</td>" for c in row) +
                         "</tr>")
        lines.append("</tbody></table></div>")
        return "\n".join(lines)

    def finish(self, doc: Document, parts: list[str]) -> str:
        """A complete page, or (``fragment``) the body alone with its style, as a notebook
        shows it."""
        body = "\n".join(p for p in parts if p)
        if self.settings.fragment:
            return f'<div class="tracer"><style>{scoped(STYLE)}</style>\n{body}\n</div>\n'
        return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{escape(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
                f"{body}\n</body>\n</html>\n")


_RULE = re.compile(r"(^|[{}])(\s*)([^{}@]+?)(\s*)\{", re.M)


def scoped(css: str, scope: str = ".tracer") -> str:
    """The stylesheet for a fragment inside a page it does not own (a notebook): every
    selector inside ``scope``, the body's rule on the scope itself, nothing on ``:root``."""
    css = css.replace(":root { color-scheme: light; }", "")

    def selectors(m: re.Match[str]) -> str:
        inside = [scope if sel.strip() == "body" else f"{scope} {sel.strip()}"
                  for sel in m.group(3).split(",")]
        return f"{m.group(1)}{m.group(2)}{', '.join(inside)}{m.group(4)}{{"

    return _RULE.sub(selectors, css)


def write(doc: Document, settings: Settings, fmt: str = "html") -> str:
    return HtmlWriter(settings).write(doc)


def render_html(doc: Document, digits: int = 4, fragment: bool = False) -> str:
    return write(doc, Settings(digits, fragment=fragment))
