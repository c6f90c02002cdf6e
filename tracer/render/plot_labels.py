"""The words and numbers on a plot, shared by the terminal and file writers: labels, the
marked point's line, the title, and where an error of 0 sits on a log axis."""

from __future__ import annotations

import math
import re
from typing import Any

CURVE_NAMES = ("f", "f′", "f″", "f‴", "f⁽⁴⁾", "f⁽⁵⁾", "f⁽⁶⁾")


def curve_label(k: int, wrt: str) -> str:
    if k == 0:
        return f"f({wrt})"
    how = "forward mode" if k == 1 else "Taylor mode"
    return f"{CURVE_NAMES[k]}({wrt}) ({how})"


def num(x: float | None, digits: int) -> str:
    from tracer.core.printer import format_number

    return "undefined" if x is None else format_number(float(x), digits)


def mark_text(plot: Any, digits: int) -> str | None:
    """One line about the marked point: its value and slope, or value and gradient."""
    m = plot.mark
    if m is None:
        return None
    if plot.kind == "curve":
        slope = m.derivatives[0] if m.derivatives else None
        return (f"at {plot.wrt} = {num(m.x, digits)}: f = {num(m.value, digits)}, "
                f"f′ = {num(slope, digits)}")
    a, b = plot.names
    grad = "undefined" if m.gradient is None else \
        f"({num(m.gradient[0], digits)}, {num(m.gradient[1], digits)})"
    return (f"at ({a}, {b}) = ({num(m.x1, digits)}, {num(m.x2, digits)}): "
            f"f = {num(m.value, digits)}, ∇f = {grad}")


# Lines a title leaves out: comments, @ lines, imports (a program's statements say what it is)
_UNTITLED = re.compile(r"\s*(?:#|@|import\s|from\s+\S+\s+import\s)")


def _uncommented(line: str) -> str:
    """A line without its comment (``y = z*2  # the loss``); a line holding a quote as it is
    (a # in a string is no comment)."""
    return line if "'" in line or '"' in line else line.partition("#")[0]


def title(plot: Any) -> str:
    """The formula, or a program's statements joined by "; " (a block's header by a space),
    cut at 60 characters; ``y = `` before it when no statement assigns the output ("y1*x + 1"
    only begins with y's letter)."""
    lines = [" ".join(_uncommented(line).split()) for line in plot.source.splitlines()
             if line.strip() and not _UNTITLED.match(line)]
    formula = "".join(line + (" " if line.endswith(":") else "; ") for line in lines)[:-2] \
        if lines else " ".join(plot.source.split())
    if len(formula) > 60:
        formula = formula[:57] + "…"
    if plot.kind == "errors":
        return f"Error of finite differences against h: {formula}"
    named = re.search(rf"(?:^|;)\s*{re.escape(plot.output)}\s*=(?!=)", "; ".join(lines))
    return formula if named else f"{plot.output} = {formula}"


def floor(p: Any) -> float:
    """Where an error of exactly 0 is drawn on a log axis: a decade below the smallest."""
    errs = [e for c in p.inputs for e in (*c.forward, *c.central, c.autodiff)
            if e is not None and e > 0]
    # at least 10⁻³⁰⁷: a decade below a subnormal error (1e-320) is 0.0, whose log is undefined
    return 10.0 ** max(math.floor(math.log10(min(errs))) - 1, -307) if errs else 1e-17
