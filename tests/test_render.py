"""The writers' shared pieces: formats by suffix, cells as the lecture writes them."""

from __future__ import annotations

import io
import json
import math
import re

import pytest

from tracer import pipeline
from tracer.core.nodes import Call, Num, Sym
from tracer.core.ops import BY_NAME
from tracer.core.printer import LATEX, TEXT
from tracer.output import text_of
from tracer.render import FORMATS, format_for
from tracer.render.base import cell_count, cell_parts, is_sentence, table_cells
from tracer.views.document import Cell, Document, Gap, Grid, Math, Note, TraceTable, Value


def test_formats_by_suffix():
    assert format_for("a/trace.MD") == "markdown" and format_for("t.json") == "json"
    assert format_for("t.tex") == "latex" and format_for("t.htm") == "html"
    assert format_for("t.csv") == "csv" and format_for("t.txt") == "terminal"
    assert format_for("t.pdf") is None and set(FORMATS) >= {"terminal", "markdown", "json"}


def test_cell_parts():
    product = Call(BY_NAME["mul"], (Sym("", -1), Sym("", 0)))
    cell = Cell((Sym("", 1), product), Call(BY_NAME["mul"], (Num(3.0), Num(-4.0))), -12.0)
    assert cell_parts(cell, TEXT) == ("v₁ = v₋₁ v₀", "3 × (-4) = -12")
    assert cell_parts(cell, LATEX) == ("v_{1} = v_{-1} v_{0}", r"3 \times (-4) = -12")
    assert cell_parts(Cell((Sym("", 0),), None, 2.0), TEXT) == ("v₀", "2")


def test_table_cells():
    table = TraceTable(("A", "B"), ((Cell(value=1.0), Cell(value=2.0)), Gap(3)),
                       values_only=(1,))
    headers, rows = table_cells(table, TEXT)
    assert headers == ["A", "Output", "B"] and rows == [["", "1", "2"], 3]


def test_cell_count_is_rows_times_columns_as_written():
    table = TraceTable(("A", "B"), ((Cell(value=1.0), Cell(value=2.0)), Gap(3), Note(("i",)),
                                    (Cell(value=1.0), Cell(value=2.0))), values_only=(1,))
    grid = Grid(("x", "y"), (("1", "2"), ("3", "4"), ("5", "6")))
    # a trace table: 2 rows (the gap is none) × 3 columns and a decision's line; a grid 3 × 2;
    # each row adds 3
    assert cell_count(Document("t", (table, grid))) == (2 * 3 + 1 + 3 * 2, 3)
    assert FORMATS["html"].cells == 50_000 and FORMATS["markdown"].cells is None


# --- the lecture's notation in every writer ----------------------------------------------------

def _lecture_runs():
    from tracer import pipeline
    from tracer.analysis.hessian import hessian

    ev = pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4})
    # (run, sweep?, the rule's first factor: row v₂'s partial 1/v₋₁ times a tangent/adjoint)
    return {
        "forward": (pipeline.run_forward(ev, wrt=["x2"]), False, (-1, "dot")),
        "reverse": (pipeline.run_reverse(ev), False, (2, "bar")),
        "sweep": (pipeline.run_reverse(ev), True, (2, "bar")),
        "hessian": (hessian(ev), False, (2, "dotbar")),
    }


def _product(fmt: str, index: int, role: str, compact: bool) -> str:
    """A tangent or adjoint times the partial 1/v₋₁, as format ``fmt`` writes it."""
    from tracer.core.printer import row_text
    from tracer.render import mathml

    if fmt in ("terminal", "csv"):
        return row_text(index, role) + (" (1/v₋₁)" if compact else " × (1/v₋₁)")
    if fmt in ("markdown", "latex"):
        return row_text(index, role, latex=True) + \
            (r" \frac{1}{v_{-1}}" if compact else r" \times \frac{1}{v_{-1}}")
    return mathml.row(index, role) + ('<mspace width="0.25em"/><mfrac>' if compact
                                      else "<mo>×</mo><mfrac>")


def _primal(fmt: str) -> str:
    """The primal rule v₁ = v₋₁ v₀, which keeps its juxtaposition in both notations."""
    from tracer.render import mathml

    return {"terminal": "v₋₁ v₀", "csv": "v₋₁ v₀", "markdown": "v_{-1} v_{0}",
            "latex": "v_{-1} v_{0}"}.get(fmt) or \
        mathml.row(-1) + '<mspace width="0.25em"/>' + mathml.row(0)


def test_every_writer_writes_the_lectures_times_and_compact_on_request():
    """Tables 2 and 3 write a tangent or adjoint times its partial with ×
    (v̄₂ × (1/v₋₁)); --compact gives the juxtaposition tracer wrote before (v̄₂ (1/v₋₁)).
    Forward, reverse, the backward sweep and the Hessian, in every table writer."""
    from tracer.output import text_of
    from tracer.views import ViewOptions

    for case, (run, sweep, (index, role)) in _lecture_runs().items():
        # A Hessian's CSV is its matrix (one tidy table per file): no rules to write.
        formats = ("terminal", "markdown", "latex", "html") + (("csv",) if case != "hessian"
                                                               else ())
        for fmt in formats:
            lecture = text_of(run, fmt, ViewOptions(sweep=sweep))
            compact = text_of(run, fmt, ViewOptions(sweep=sweep, compact=True))
            where = (case, fmt)
            assert _product(fmt, index, role, False) in lecture, where
            assert _product(fmt, index, role, True) not in lecture, where
            assert _product(fmt, index, role, True) in compact, where
            assert _product(fmt, index, role, False) not in compact, where
            assert _primal(fmt) in lecture and _primal(fmt) in compact, where


def test_a_negative_factor_is_parenthesised_as_the_tables_do_elsewhere():
    """Table 3 prints v̄₄ × -1 in one row but 3 × (-4) everywhere else; tracer writes
    v̄₄ × (-1), as its substituted line 1 × (-1) does."""
    from tracer.output import text_of
    from tracer.views import ViewOptions

    run = _lecture_runs()["reverse"][0]
    text = text_of(run, "terminal")
    assert "v̄₂ = v̄₄ × (-1) " in text and " 1 × (-1) = -1" in text
    assert r"\bar{v}_{4} \times (-1)" in text_of(run, "markdown")
    assert "v̄₂ = v̄₄ · (-1)" in text_of(run, "terminal", ViewOptions(compact=True))


def test_every_writer_spells_an_undefined_value_nan():
    """An undefined derivative (a power's slope in its exponent at a negative base) is nan in
    every human writer, as the README and the terminal write it (Markdown and LaTeX wrote
    NaN); CSV's nan and JSON's null read back as a missing number in pandas."""
    import io
    import json

    import pandas as pd
    from helpers import run
    from typer.testing import CliRunner

    def out(fmt: str, *extra: str) -> str:
        result = run(CliRunner(), "reverse", "x^n", "--at", "x=-2,n=3", "-f", fmt, *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    for extra in ((), ("--exact",)):
        assert "(12, nan)" in out("terminal", *extra)
        assert r"\left(12, \mathrm{nan}\right)" in out("markdown", *extra)
        assert r"(12,\allowbreak \mathrm{nan})" in out("latex", *extra)
        assert "<mn>nan</mn>" in out("html", *extra)
        for fmt in ("markdown", "latex", "html"):
            assert "NaN" not in out(fmt, *extra), fmt
        frame = pd.read_csv(io.StringIO(out("csv", *extra)))
        assert frame["Reverse Adjoint Trace value"].isna().tolist() == [False, True, False, False]
        data = json.loads(out("json", *extra))  # strict JSON: null, not NaN
        assert data["jacobian"] == {"y": {"x": 12, "n": None}}
        assert pd.read_json(io.StringIO(json.dumps(data["jacobian"]))).isna().sum().sum() == 1


def test_a_negative_zero_reads_0_in_every_human_writer():
    """-x^3 at 0 has the value -0.0 and derivatives 0, -6: every human writer shows the value
    and the derivative as 0, never -0 (a negation substituted, -v₁ at v₁ = 0, reads -0 = 0);
    CSV and JSON, the data, keep the float's sign alike, and pandas reads it as 0."""
    import io
    import json
    import re

    import pandas as pd
    from helpers import run
    from typer.testing import CliRunner

    def out(fmt: str, command: str = "forward") -> str:
        result = run(CliRunner(), command, "y = -x^3", "--at", "x=0", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    lone = re.compile(r"(?<![\w.{(])-0(?![\w.])(?! = 0)")  # -0, not -0 = 0 nor -0.5
    for fmt in ("terminal", "markdown", "latex", "html"):
        for command in ("forward", "reverse", "derivatives"):
            text = out(fmt, command)
            text = re.sub(r"<[^>]*>", " ", text) if fmt == "html" else text
            assert lone.search(text) is None, (fmt, command, lone.search(text))
    assert "Result: ẏ = ∂y/∂x = 0" in out("terminal")
    frame = pd.read_csv(io.StringIO(out("csv")))
    assert frame["Forward Primal Trace value"].tolist()[-1] == 0
    assert out("csv").splitlines()[-1].split(",")[4] == "-0.0"
    data = json.loads(out("json"))
    assert str(data["outputs"]["y"]) == "-0.0" and data["jacobian"] == {"y": {"x": 0}}


def test_a_result_is_a_label_and_values_or_a_sentence_with_numbers():
    """Markdown and LaTeX bold a result's label ("Result:", "Gradient of" y:) and, since
    check's verdict carries its numbers as values, a sentence that runs into a number as a
    whole (it was bold up to "to within" and plain after)."""
    y = Math((Sym("", 1),))
    assert not is_sentence(("Result: ", y)) and not is_sentence(("Gradient of ", y, ": "))
    assert not is_sentence(("Autodiff agrees.",))
    assert not is_sentence(("Autodiff and sympy disagree: ", Value(1.0)))
    assert is_sentence(("Autodiff agrees to within ", Value(1e-9), " (relative)."))


NEGATIVE_ZERO = re.compile(r"(?<![\d.])[-−]\s*0(?![\d.])")  # -0 or −0, not -0.5 or 10


@pytest.mark.parametrize(("fmt", "interactive"), [
    ("terminal", False), ("markdown", False), ("latex", False), ("html", False),
    ("html", True)])
def test_a_negative_zero_is_zero_in_every_table(fmt, interactive):
    """-1 × 0 is the float -0.0: every table writes it 0, as the lecture writes a zero (the
    terminal did, and so did each writer by the same printer: this keeps them together);
    JSON and CSV keep the float, -0.0 (README, --digits)."""
    run = pipeline.run_reverse(pipeline.prepare("x*0 + 0*x", {"x": -1}))
    assert math.copysign(1.0, run.ev.outputs["y"]) < 0
    text = text_of(run, fmt, interactive=interactive)
    if fmt == "html":  # the page's text, as a browser shows it (a minus is a span of its own)
        text = re.sub(r"<style.*?</style>|<script.*?</script>", "", text, flags=re.S)
        text = re.sub(r"<[^>]+>", "", text)
    assert NEGATIVE_ZERO.findall(text) == [], text


def test_a_negative_zero_keeps_its_sign_in_the_data():
    """JSON and CSV are the data: the float as it is, -0.0, which pandas reads as a number."""
    pandas = pytest.importorskip("pandas")
    run = pipeline.run_reverse(pipeline.prepare("x*0 + 0*x", {"x": -1}))
    rows = pandas.DataFrame(json.loads(text_of(run, "json"))["rows"])
    assert math.copysign(1.0, rows["value"].iloc[-1]) < 0
    table = pandas.read_csv(io.StringIO(text_of(run, "csv")))
    value = table.filter(like="Primal Trace value").iloc[:, 0]
    assert value.dtype == float and math.copysign(1.0, value.iloc[-1]) < 0
