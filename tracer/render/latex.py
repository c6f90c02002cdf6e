"""The LaTeX writer: booktabs tables (\\toprule … \\bottomrule) with the Markdown's content.

A fragment by default, to paste into notes that load ``amsmath``, ``amssymb``, ``booktabs``
and ``longtable``; with ``--standalone``, a complete document that compiles with pdflatex.
Plain text is escaped, and the few Unicode signs tracer's own sentences use become math.
"""

from __future__ import annotations

import re

from tracer.core.printer import LATEX, Flavor, chain, format_value
from tracer.render.base import Settings, Writer, table_cells
from tracer.views.document import (
    Code,
    Document,
    Grid,
    Heading,
    Inline,
    Math,
    Note,
    Para,
    TraceTable,
    Value,
)

PACKAGES = r"\usepackage{amsmath,amssymb,booktabs,longtable}"

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}
_SIGNS = {"∂": r"\partial", "≈": r"\approx", "×": r"\times", "·": r"\cdot", "⋯": r"\cdots",
          "⋮": r"\vdots", "◀": r"\blacktriangleleft", "←": r"\leftarrow", "→": r"\rightarrow",
          "∞": r"\infty", "√": r"\surd", "σ": r"\sigma", "π": r"\pi", "η": r"\eta",
          "θ": r"\theta", "∇": r"\nabla", "−": "-", "′": "'", "″": "''", "‴": "'''",
          "–": "--", "…": r"\ldots"}
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₋₊ₙ", "0123456789-+n", strict=True))
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))


def text(s: str) -> str:
    """Plain text for LaTeX: specials escaped, tracer's Unicode signs as math."""
    out = []
    for ch in s:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _SIGNS:
            out.append(rf"\ensuremath{{{_SIGNS[ch]}}}")
        elif ch in _SUB:
            out.append(rf"\ensuremath{{_{{{_SUB[ch]}}}}}")
        elif ch in _SUP:
            out.append(rf"\ensuremath{{^{{{_SUP[ch]}}}}}")
        elif ord(ch) < 128:
            out.append(ch)
        elif ch in "\u0304\u0307":  # combining bar and dot on the letter before
            out.append("")
        else:
            out.append("?")
    return "".join(out)


def inline(items: tuple[Inline, ...], fl: Flavor) -> str:
    out = []
    for item in items:
        if isinstance(item, Math):
            from dataclasses import replace

            flavor = replace(fl, numbers=True) if item.numbers else fl
            out.append(f"${chain(item.nodes, flavor, item.relation)}$")
        elif isinstance(item, Value):
            out.append(f"${format_value(item.value, fl.digits, True)}$")
        else:
            out.append(text(item))
    return "".join(out)


def _tabular(headers: list[str], rows: list[list[str]]) -> str:
    spec = "l" * len(headers)
    lines = [rf"\begin{{longtable}}{{{spec}}}", r"\toprule",
             " & ".join(headers) + r" \\", r"\midrule"]
    lines += [" & ".join(r) + r" \\" for r in rows]
    lines += [r"\bottomrule", r"\end{longtable}"]
    return "\n".join(lines)


def _math(s: str) -> str:
    return f"${s}$" if s else ""


class LatexWriter(Writer):
    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.fl = LATEX.with_digits(settings.digits)

    def heading(self, block: Heading) -> str:
        command = "section" if block.level == 1 else "subsection"
        return rf"\{command}*{{{inline(block.items, self.fl)}}}"

    def para(self, block: Para) -> str:
        if block.style == "result" and block.items and isinstance(block.items[0], str):
            return rf"\textbf{{{text(block.items[0].strip())}}} " + inline(
                block.items[1:], self.fl)
        body = inline(block.items, self.fl)
        return rf"\emph{{{body}}}" if block.style == "warning" else body

    def code(self, block: Code) -> str:
        return "\\begin{verbatim}\n" + block.text + "\n\\end{verbatim}"

    def trace_table(self, block: TraceTable) -> str:
        headers, rows = table_cells(block, self.fl)
        lines: list[list[str]] = []
        for row in rows:
            if isinstance(row, int):
                gap = rf"\multicolumn{{{len(headers)}}}{{l}}{{$\vdots$ {row:,} rows not shown}}"
                lines.append([gap])
            elif isinstance(row, Note):
                note = inline(row.items, self.fl)
                lines.append([rf"\multicolumn{{{len(headers)}}}{{l}}{{\emph{{{note}}}}}"])
            else:
                lines.append([_math(t) for t in row])
        return _tabular([text(h) for h in headers], lines)

    def grid(self, block: Grid) -> str:
        caption = inline(block.caption, self.fl) + "\n\n" if block.caption else ""
        return caption + _tabular([inline((h,), self.fl) for h in block.headers],
                                  [[inline((c,), self.fl) for c in row] for row in block.rows])

    def finish(self, doc: Document, parts: list[str]) -> str:
        body = super().finish(doc, parts)
        if not self.settings.standalone:
            return f"% tracer: {text(doc.title)}. Needs {PACKAGES[12:]} in the preamble.\n\n" + body
        title = re.sub(r"^tracer: ", "", doc.title)
        return ("\\documentclass[11pt]{article}\n"
                "\\usepackage[T1]{fontenc}\n"
                "\\usepackage[landscape,margin=1.5cm]{geometry}\n"
                f"{PACKAGES}\n"
                f"\\title{{{text(title)}}}\n"
                "\\date{}\n"
                "\\begin{document}\n\n" + body + "\n\\end{document}\n")


def write(doc: Document, settings: Settings, fmt: str = "latex") -> str:
    return LatexWriter(settings).write(doc)


def render_latex(doc: Document, digits: int = 4, standalone: bool = False) -> str:
    return write(doc, Settings(digits, standalone=standalone))


def mathjax(doc: Document, digits: int = 4) -> str:
    """The first trace table as one ``array`` in display math, which MathJax (and so Jupyter)
    can typeset; text columns become ``\\text``."""
    fl = LATEX.with_digits(digits)
    tables = [b for b in doc.blocks if isinstance(b, TraceTable)]
    if not tables:
        return "$$" + r"\text{" + text(doc.title) + "}$$"
    headers, rows = table_cells(tables[0], fl)
    lines = [" & ".join(rf"\text{{{text(h)}}}" for h in headers) + r" \\ \hline"]
    for row in rows:
        if isinstance(row, int):
            lines.append(rf"\vdots & \text{{{row:,} rows not shown}}" + r" \\")
        elif isinstance(row, Note):
            lines.append(rf"\text{{{text(''.join(_plain(i) for i in row.items))}}}" + r" \\")
        else:
            lines.append(" & ".join(row) + r" \\")
    spec = "l" * len(headers)
    return "$$\\begin{array}{" + spec + "}\n" + "\n".join(lines) + "\n\\end{array}$$"


def _plain(item: Inline) -> str:
    """An inline item as plain text (inside ``\\text``)."""
    if isinstance(item, Value):
        return format_value(item.value)
    return item if isinstance(item, str) else ""
