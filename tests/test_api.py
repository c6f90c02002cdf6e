"""The Python API, its Jupyter displays, and the tour notebook, executed cell by cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import LECTURE, run_notebook

import tracer
from tracer.errors import TracerError

ROOT = Path(__file__).resolve().parent.parent


def test_the_api_reads_as_the_lecture():
    t = tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    assert t.outputs == {"y": pytest.approx(-17.0986122887)}
    assert t.values[1] == -12 and t.inputs == {"x1": 3, "x2": -4}
    assert t.forward(wrt="x2").run.passes[0].column == (0, 1, 3, 0, 4, 4)
    assert t.reverse().gradient == {"x1": pytest.approx(-13 / 3), "x2": 4}
    assert t.forward().jacobian == {"y": {"x1": pytest.approx(-13 / 3), "x2": 4}}
    assert t.jacobian().run.cheaper == "reverse"
    assert tracer.trace("x^3", at="x=2").derivatives(3).derivatives == [8, 12, 12, 6]
    assert tracer.trace("sin(x)", at={"x": "pi/3"}).forward().gradient["x"] == \
        pytest.approx(0.5)
    assert t.hessian().hessian["x1"]["x1"] == pytest.approx(1 / 9)
    assert t.check().run.agrees


def test_writers_and_displays():
    t = tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    r = t.reverse()
    assert r.to_markdown().startswith("# Reverse mode")
    assert "\\toprule" in r.to_latex() and r.to_latex(standalone=True).startswith("\\document")
    assert r.to_html().startswith("<!DOCTYPE html>") and "<math" in r._repr_html_()
    assert json.loads(r.to_json())["mode"] == "reverse"
    assert r.to_csv().startswith("table,row,") and "Reverse Adjoint Trace" in r.to_text()
    assert r._repr_markdown_() == r.to_markdown()
    assert r._repr_latex_().startswith("$$\\begin{array}")
    assert t._repr_html_().startswith('<div class="tracer">')
    assert "______" in r.to_text(quiz="rules")
    assert json.loads(r.to_json(quiz="values"))["quiz"] == "values"
    assert "flowchart LR" in t.graph("reverse").to_mermaid()
    assert repr(t) == "<tracer formula: 2 inputs, 4 rows, outputs y>"


def test_the_api_and_the_command_line_write_the_same_notation():
    """compact=True in Python is --compact on the command line, in every writer; both write
    the lecture's × by default."""
    from helpers import run
    from typer.testing import CliRunner

    r = tracer.trace(LECTURE, at={"x1": 3, "x2": -4}).reverse()
    runner = CliRunner()
    writers = {"terminal": r.to_text, "markdown": r.to_markdown, "latex": r.to_latex,
               "html": r.to_html, "csv": r.to_csv}
    for fmt, write in writers.items():
        for compact in (False, True):
            args = ["reverse", LECTURE, "--at", "x1=3,x2=-4", "-f", fmt]
            cli = run(runner, *args, *(["--compact"] if compact else []))
            assert cli.exit_code == 0 and cli.stdout == write(compact=compact), (fmt, compact)
    assert "v̄₂ × (1/v₋₁)" in r.to_text() and "v̄₂ (1/v₋₁)" in r.to_text(compact=True)


def test_a_programs_comments_on_request():
    r = tracer.trace("# The square\n# with a note\ny = x^2", at={"x": 3}).forward()
    for write in (r.to_text, r.to_markdown, r.to_latex, r.to_html):  # CSV has only tables
        def plain(write=write, **kw):  # LaTeX listings keep their spaces as control spaces
            return write(**kw).replace("\\ ", " ")

        assert "The square" in plain() and "with a note" not in plain(), write
        assert "with a note" in plain(comments=True), write


def test_steps_and_errors():
    net = tracer.trace((ROOT / "examples" / "nn-backprop.txt").read_text())
    step = net.reverse(step=0.5, params=["w*", "bh", "by"])
    assert {u.name: round(u.new, 6) for u in step.run.updates}["wh1"] == 0.402579
    with pytest.raises(TracerError):
        tracer.trace("x1*", at={"x1": 1})
    with pytest.raises(TracerError, match="step needs params="):  # no @params line to fall back on
        tracer.trace("E = (w*x - 1)^2", at={"w": 1, "x": 2}).reverse(step=0.5)
    assert len(net.reverse(step=0.5).run.updates) == 8  # the file's @params, as on the CLI
    assert tracer.TracerError is TracerError


def test_the_tour_notebook_runs(monkeypatch):
    monkeypatch.chdir(ROOT / "examples")  # Jupyter starts a notebook's kernel in its folder
    shown = run_notebook(ROOT / "examples" / "tracer-tour.ipynb")
    assert len(shown) >= 10
    for value in shown:  # everything a cell displays can display itself
        if hasattr(value, "_repr_html_"):
            assert "<math" in value._repr_html_()
    assert [8, 12, 12, 6] in shown


def test_the_tour_notebook_runs_in_jupyter():
    """As Jupyter opens it: nbclient, a real IPython kernel, started in the notebook's folder."""
    nbformat = pytest.importorskip("nbformat", reason="nbclient and ipykernel run the notebook "
                                   "here; they are in the test extra (pip install -e '.[test]')")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is in the test extra")
    pytest.importorskip("ipykernel", reason="ipykernel is in the test extra")
    path = ROOT / "examples" / "tracer-tour.ipynb"
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on an error
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o["data"] for o in outputs if o.output_type == "execute_result"]
    assert len(shown) >= 10
    assert all("<math" in d["text/html"] for d in shown if "text/html" in d)
    assert all(d["text/latex"].startswith("$$\\begin{array}") for d in shown
               if "text/latex" in d)
    assert "[8.0, 12.0, 12.0, 6.0]" in [d.get("text/plain") for d in shown]
    assert any("wh1" in d.get("text/plain", "") and "0.402579" in d["text/plain"]
               for d in shown)  # the network's step, read from the notebook's folder


@pytest.mark.parametrize("compute, contents", [
    (lambda t: t.jacobian(), ["\\textbf{Jacobian}", "{-4.333} & {4}", "\\text{reverse} & {1}"]),
    (lambda t: t.check(), ["\\text{Forward difference}", "{0.1}", "\\text{Size}"]),
    (lambda t: t.hessian(), ["\\textbf{The Hessian}", "{0.1111}", "Symmetry check"]),
    (lambda t: t.derivatives(2, "x1"), ["\\text{c2}", "\\text{Derivatives: }", "{0.1111}"]),
    (lambda t: t.forward(), ["\\text{Forward Tangent Trace}", "Pass 2 of 2"]),
    (lambda t: t, ["\\text{Forward Primal Trace}", "v_{4} = v_{3} - v_{2} & -16 - 1.099"]),
])
def test_every_latex_repr_carries_its_content(compute, contents):
    """Front ends that prefer LaTeX show the whole result, not only a title."""
    shown = compute(tracer.trace(LECTURE, at={"x1": 3, "x2": -4}))._repr_latex_()
    assert shown.startswith("$$\\begin{array}") and shown.endswith("\\end{array}$$")
    for piece in contents:
        assert piece in shown, piece


def test_a_result_gives_only_the_numbers_it_has():
    t = tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    assert t.jacobian().jacobian == {"y": {"x1": pytest.approx(-13 / 3), "x2": 4}}
    with pytest.raises(TracerError, match="no Jacobian"):
        t.hessian().jacobian  # noqa: B018 (the Hessian is not a Jacobian)
    with pytest.raises(TracerError, match="no Jacobian"):
        t.forward(wrt="x1").jacobian  # noqa: B018 (one pass covers one column only)
    assert t.hessian().gradient == {"x1": pytest.approx(-13 / 3), "x2": 4}


def test_numpy_values_are_read_as_lists_and_numbers():
    np = pytest.importorskip("numpy")
    import tracer

    f = tracer.trace("sum(a)*x", {"a": np.array([1.0, 2.0]), "x": np.float64(0.5)})
    assert f.outputs == {"y": 1.5}
    with pytest.raises(tracer.TracerError, match="a value is a finite number"):
        tracer.trace("x", {"x": np.float64("nan")})


def test_wrong_types_are_tracer_errors_that_say_what_is_expected():
    """A script passing the wrong type gets a TracerError naming what is expected, never a
    TypeError from inside; outputs may be one string, as --output takes them."""
    for source in (b"x^2", None, 3):
        with pytest.raises(TracerError, match="a formula or program is a string"):
            tracer.trace(source)  # type: ignore[arg-type]
    both = tracer.trace("k1 = x*2\ny1 = k1 + x", {"x": 1}, outputs="k1, y1")
    assert both.outputs == {"k1": 2, "y1": 3}
    cube = tracer.trace("x^3", {"x": 2})
    for order in ("3", 2.5, 0, True):
        with pytest.raises(TracerError, match="order must be a whole number of at least 1"):
            cube.derivatives(order=order)  # type: ignore[arg-type]
    with pytest.raises(TracerError, match="order must be a whole number"):
        cube.plot("x=0..1", order="2")  # type: ignore[arg-type]
    with pytest.raises(TracerError, match="outputs are names"):
        tracer.trace("y = x", {"x": 1}, outputs=[1])  # type: ignore[list-item]
