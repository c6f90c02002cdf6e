"""Rows printed from their shapes are the rows printed from their cells, text for text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer import pipeline
from tracer.core.printer import LATEX, TEXT
from tracer.errors import TracerError
from tracer.render.base import cell_parts, numbers_flavor
from tracer.render.rows import table_texts
from tracer.views import parts
from tracer.views.document import TraceRows

CASES = [
    ("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}),
    ("x*3 + sin(x+7) + exp(x/7) + exp(x/4) + log(x^2+5) + x^-2 + x^0.5 + (-3)*x", {"x": 0.7}),
    ("2.5E+4*x - x*(-2) + x^x + x*pi/3 + 1/x + 3*(2*x) + x*y + x/y", {"x": 1.5, "y": -2}),
    ("x^y + (x - y)^3 + atan2(x, y) + x^3*y^-1 - y^2 + max(x, y)", {"x": 2, "y": -3}),
    ("x*x*x*x*x*x*x*x*x*x*x*x + x + x + x + x + x + x", {"x": 1.1}),  # ⋯ in an adjoint
    ("a = x*y\nb = a - x\nc = b*1e-30\nd = c^2*a\nout = d/(1 - a) + tanh(b)", {"x": 0.3, "y": 4}),
    ("s = x\nfor i in range(4):\n    s = s*i + y^i\nz = s", {"x": 0.5, "y": -2}),
    ("y = x*1e200 - x/1e200 + 0*x + 12345678*x", {"x": -2}),  # exponents in the rows
    # one line per row (Markdown's framed rows): named rows, a number before a row, a row
    # used once by an op of one row, of two rows and of a row and a number, exponents
    ("a = 7*x\nb = sin(a)*y\nc = -b/3 + a\nd = exp(c*1e-20)*1e20\ne = d - 2*x",
     {"x": 0.3, "y": -4}),
    ("s = x\nfor i in range(3):\n    s = tanh(s*y + i*x)\n    s = s*2 + y\nz = -s",
     {"x": 2e-9, "y": 1e5}),
]


def _slow(rows: TraceRows, fl) -> list:
    out = []
    for row in rows:
        if isinstance(row, tuple):
            out.append([t for cell in row for t in cell_parts(cell, fl)])
        else:
            out.append(row)
    return out


FRAME = ("| $", "$ | $", "$ |")


def _framed(row):
    """A row of texts as Markdown sets it (each text's math, between bars), or the row."""
    if not isinstance(row, list):
        return row
    return "| " + " | ".join(f"${t.strip()}$" if t.strip() else "" for t in row) + " |"


def _check(text: str, point: dict, compact: bool, lines: bool = False) -> None:
    """Rows from shapes are rows from cells, as texts and as Markdown's lines (``lines``: some
    row is a whole line)."""
    ev = pipeline.prepare(text, point)
    p = pipeline.run_reverse(ev).passes[0]
    for mode, sweep in (("reverse", p), (None, None)):
        table = parts.trace_table(ev, sweep, mode, None, compact)
        assert isinstance(table.rows, TraceRows)
        for fl in (TEXT, LATEX, TEXT.with_digits(2), LATEX.with_digits(9)):
            fast = table_texts(table.rows, fl, numbers_flavor(fl), lambda c, f=fl: cell_parts(c, f))
            slow = [r.hidden if hasattr(r, "hidden") and not hasattr(r, "items") else r
                    for r in _slow(table.rows, fl)]
            assert fast == slow, (text, mode, fl)
            framed = table_texts(table.rows, fl, numbers_flavor(fl),
                                 lambda c, f=fl: cell_parts(c, f), FRAME)
            assert framed is not None and len(framed) == len(slow)
            assert [_framed(r) for r in slow] == [r if isinstance(r, str) else _framed(r)
                                                  for r in framed], (text, mode, fl)
            assert not lines or any(isinstance(r, str) for r in framed), (text, mode, fl)


@pytest.mark.parametrize("text, point", CASES)
@pytest.mark.parametrize("compact", [False, True])
def test_rows_from_shapes_are_rows_from_cells(text, point, compact):
    _check(text, point, compact, lines=True)


_LEAF = st.sampled_from(["x", "y", "2", "-3", "0.5", "1e-30", "pi/3", "7", "0", "1", "1e20",
                         "-123456.7"])


@st.composite
def _formula(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(_LEAF)
    a, b = draw(_formula(depth - 1)), draw(_formula(depth - 1))
    form = draw(st.sampled_from(["({})+({})", "({})-({})", "({})*({})", "({})/({})",
                                 "({})^2", "sin({})", "-({})", "max({}, {})", "({})*3"]))
    return form.format(a, b) if form.count("{}") == 2 else form.format(a)


@settings(max_examples=60, deadline=None)
@given(_formula(), st.sampled_from([-4.0, -0.25, 0.5, 3.0, 1e-8, 123456.0]),
       st.sampled_from([-2.0, 0.1, 7.0]), st.booleans())
def test_random_rows_from_shapes_are_rows_from_cells(text, x, y, compact):
    try:
        pipeline.prepare(text, {"x": x, "y": y})
    except TracerError:  # a point outside the domain: nothing to print
        return
    _check(text, {"x": x, "y": y}, compact)


@pytest.mark.parametrize("fmt, elided", [("markdown", r"\ldots"), ("csv", "…"),
                                         ("html", "<mo>…</mo>"), ("latex", r"\ldots")])
def test_a_row_named_at_every_step_of_a_swap_loop_shows_few_names(tmp_path, fmt, elided):
    """``a, b = b, a`` in a loop names the same two rows at every step: every name was in the
    row's label (10⁵ steps: minutes in the terminal, a 2 MB cell); the JSON keeps them all."""
    from helpers import run
    from typer.testing import CliRunner

    program = tmp_path / "swap.py"
    program.write_text("a = x\nb = 2*x\nfor i in range(300):\n    a, b = b, a\ny = a*b\n")
    out = run(CliRunner(), "reverse", str(program), "--at", "x=2", "-f", fmt).stdout
    assert elided in out
    assert "⁽¹⁵⁰⁾" not in out and "{(150)}" not in out  # a name from the middle
    ev = pipeline.prepare(program.read_text(), {"x": 2.0})
    assert len(ev.trace.labels[ev.trace.position(0)]) == 301  # the data keeps every name
