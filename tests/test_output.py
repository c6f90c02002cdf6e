"""A run as text in any format: the cells a format writes are counted before it writes any."""

from __future__ import annotations

import pytest
from helpers import run

import tracer
from tracer import views
from tracer.errors import LimitError
from tracer.output import fit_cells, text_of
from tracer.render.base import cell_count

# 3 rows a step: 30,001 trace rows in a reverse run's table of 4 columns, and a line for each
# of the loop's 10,000 decisions: 130,00x cells
LONG = "z = x\nfor i in range(10000):\n    z = sin(z)*x + z"


def test_html_over_its_cells_is_refused_before_a_cell_is_written():
    r = tracer.trace(LONG, at={"x": 0.5}).reverse()._run
    doc = views.document(r)
    cells, per_row = cell_count(doc)
    assert cells > 50_000 and per_row == 4
    with pytest.raises(LimitError) as info:
        text_of(r, "html")
    message = info.value.message
    assert message.startswith(f"HTML writes every table cell as a formula, at most 50,000 in "
                              f"one document; these tables have {cells:,}: show fewer rows "
                              "with --max-rows ")
    assert message.endswith(" or less, or write Markdown, CSV or JSON instead")
    rows = int(message.split("--max-rows ")[1].split()[0])
    shown = views.document(r, views.ViewOptions(max_rows=rows))
    assert cell_count(shown)[0] <= 50_000 < cell_count(
        views.document(r, views.ViewOptions(max_rows=rows * 101 // 100)))[0]  # about the most
    fit_cells(r, "html", shown, views.ViewOptions(max_rows=rows))  # fits: no error
    assert text_of(r, "html", views.ViewOptions(max_rows=rows)).count("<tr>") > rows
    fit_cells(r, "markdown", doc, views.DEFAULTS)  # no cap of its own
    assert text_of(r, "markdown").startswith("#")


def test_html_of_grids_alone_over_the_cap_suggests_another_format_only():
    from tracer.views.document import Document, Grid

    grid = Grid(("a", "b"), tuple(("1", "2") for _ in range(25_001)))
    r = tracer.trace("x*y", at={"x": 1, "y": 2}).forward()._run
    with pytest.raises(LimitError, match=r"these tables have 50,002: write Markdown, CSV or "
                       r"JSON instead$"):
        fit_cells(r, "html", Document("grid", (grid,)), views.DEFAULTS)


def test_the_cli_refuses_a_long_html_table_and_names_what_fits(runner, tmp_path):
    program = tmp_path / "loop.txt"
    program.write_text(LONG)
    page = tmp_path / "r.html"
    result = run(runner, "reverse", str(program), "--at", "x=0.5", "-o", str(page))
    assert result.exit_code == 1 and result.stdout == "" and not page.exists()
    assert result.stderr.startswith("error: HTML writes every table cell as a formula, at "
                                    "most 50,000 in one document; these tables have 130,0")
    rows = result.stderr.split("--max-rows ")[1].split()[0]
    result = run(runner, "reverse", str(program), "--at", "x=0.5", "-o", str(page),
                 "--max-rows", rows)
    assert result.exit_code == 0, result.stderr
    assert "rows not shown" in page.read_text()


def test_the_api_names_max_rows_and_takes_it():
    r = tracer.trace(LONG, at={"x": 0.5}).reverse()
    with pytest.raises(LimitError, match=r"show fewer rows with max_rows=\d+ or less"):
        r.to_html()
    assert r.to_html(max_rows=100).startswith("<!DOCTYPE html>")
    # a notebook shows a screen of rows (SCREEN_ROWS), so this one's page fits
    assert "rows not shown" in (r._repr_html_() or "")
    # 150 forward passes of 200 rows: a notebook shows the passes the terminal's 4,000 cells
    # hold, and names the others (before, the page was refused and Jupyter showed Markdown of
    # every pass)
    wide = "+".join(f"sin(x{i})" for i in range(150))
    many = tracer.trace(wide, at={f"x{i}": 0.1 for i in range(150)}).forward()
    left_out = "The tables of passes 10–150 are not shown: a document shows at most 4,000 " \
        "table cells"
    assert left_out in many._repr_html_() and left_out in many._repr_markdown_()
    assert many._repr_markdown_().startswith("# Forward mode")
