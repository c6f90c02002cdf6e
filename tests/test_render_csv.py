"""The CSV writer: one line per row; rule, substituted numbers and value per column group."""

from __future__ import annotations

import csv

from helpers import LECTURE

from tracer import pipeline, views
from tracer.render.csv import render_csv


def rows(run, compact: bool = False) -> list[dict[str, str]]:
    doc = views.document(run, views.ViewOptions(compact=compact))
    return list(csv.DictReader(render_csv(doc).splitlines()))


def test_reverse_table():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    lines = rows(pipeline.run_reverse(ev))
    assert len(lines) == 7 and lines[0]["row"] == "v₋₁"
    assert lines[0]["Reverse Adjoint Trace rule"] == "v̄₋₁ = x̄₁ = v̄₂ × (1/v₋₁) + v̄₁ × v₀"
    assert lines[0]["Reverse Adjoint Trace numbers"] == "-1 × (1/3) + 1 × (-4)"
    assert lines[0]["Reverse Adjoint Trace value"] == "-4.333333333333333"  # full precision
    assert lines[2]["Forward Primal Trace numbers"] == "3 × (-4)"
    lines = rows(pipeline.run_reverse(ev), compact=True)
    assert lines[0]["Reverse Adjoint Trace rule"] == "v̄₋₁ = x̄₁ = v̄₂ (1/v₋₁) + v̄₁ v₀"
    assert lines[0]["Reverse Adjoint Trace numbers"] == "-1 × (1/3) + 1 × (-4)"


def test_one_table_number_per_pass():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    lines = rows(pipeline.run_forward(ev))
    assert [r["table"] for r in lines] == ["1"] * 7 + ["2"] * 7


def test_values_only_columns_and_grids():
    from tracer.analysis import taylor

    ev = pipeline.prepare("x^3", {"x": 2})
    lines = rows(taylor.derivatives(ev, 3))
    assert lines[1]["c3 value"] == "1.0"
    jac = rows(pipeline.jacobian(pipeline.prepare("a = x*y; b = x + y", {"x": 1, "y": 2},
                                        outputs=["a", "b"])))
    assert jac[0]["table"] == "1" and jac[0]["x"] == "2.0"
