"""The Python API, its Jupyter displays, and the tour notebook, executed cell by cell."""

from __future__ import annotations

import copy
import json
import math
import pickle
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import LECTURE, run_notebook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize("exact", [False, True])
def test_formulas_and_results_pickle_and_copy(exact):
    """A notebook's objects go through pickle (multiprocessing, joblib) and deepcopy whole."""
    t = tracer.trace(LECTURE, at={"x1": 3, "x2": -4}, exact=exact)
    for make in (lambda: t, t.forward, t.reverse, t.jacobian, t.hessian, t.check):
        obj = make()
        for again in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj)):
            assert again.to_text() == obj.to_text() and again.to_json() == obj.to_json()
    again = pickle.loads(pickle.dumps(t))
    assert again.reverse().gradient == t.reverse().gradient
    assert again.derivatives(2, wrt="x1").to_text() == t.derivatives(2, wrt="x1").to_text()


def test_a_pickles_copy_with_an_undefined_value_is_equal_to_it():
    """x^y at x < 0 has ∂/∂y = nan: its pickle was unequal to it (nan != nan, another object),
    as README says it is not."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tracer.TracerWarning)  # the undefined slope's
        t = tracer.trace("x^y", at="x=-2, y=2")
        made = (t, t.reverse(), t.check(), t.graph(mode="reverse"),
                tracer.plot("sqrt(x)", over="x=-1..1"))
    for obj in made:
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert t.reverse() != tracer.trace("x^y", at="x=-2, y=3").reverse()
    assert t != tracer.trace("x^y", at="x=-3, y=2")


def test_a_tangent_that_overflows_is_a_warning():
    t = tracer.trace("x*x", at="x=2")
    with pytest.warns(tracer.TracerWarning, match=r"the tangent of v_1 overflows: .*; seed a "
                      r"smaller direction or compute it exactly with exact=True"):
        assert t.forward(seed={"x": 1e308}).passes[0].result == {"y": math.inf}


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
    # every writer takes digits, JSON too, and JSON's numbers are full precision whatever it is
    # (Graph.to_json(digits=3) was Python's TypeError)
    g = t.graph("reverse")
    assert g.to_json(digits=2) == g.to_json() and json.loads(g.to_json())["graph_mode"] == "reverse"
    assert repr(t) == "<tracer formula: 2 inputs, 4 rows, outputs y>"
    one = tracer.trace("sin(x)", at={"x": 1})
    assert repr(one) == "<tracer formula: 1 input, 1 row, outputs y>"


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


def _executed(*sources: str) -> list:
    """The cells of a notebook of ``sources``, executed by nbclient on a real kernel (skipped
    without the test extra's nbformat, nbclient and ipykernel)."""
    nbformat = pytest.importorskip("nbformat", reason="nbformat is in the test extra")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is in the test extra")
    pytest.importorskip("ipykernel", reason="ipykernel is in the test extra")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return notebook.cells


def test_to_text_in_jupyter_returns_the_whole_text_and_displays_nothing():
    """In a real kernel rich displayed to_text()'s heading and sentences in the notebook (7
    outputs for a reverse run) and left them out of the string."""
    (cell,) = _executed(
        "import tracer\n"
        f"t = tracer.trace({LECTURE!r}, at={{'x1': 3, 'x2': -4}})\n"
        "texts = [t.to_text(), t.reverse().to_text(), t.jacobian().to_text(),\n"
        "         t.check().to_text(), t.hessian().to_text()]\n"
        "print('|'.join(s.splitlines()[0] for s in texts), 'Gradient of y' in texts[1])")
    outputs = cell.outputs
    assert [o.output_type for o in outputs] == ["stream"], outputs
    assert outputs[0]["text"] == (
        "Evaluation trace|Reverse mode|Jacobian|Autodiff against symbolic and numerical "
        "derivatives|Hessian (forward-over-reverse) True\n")


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


# --- a Result gives the numbers it has, and names the call for the others -------------------

SQUARE = "x1^2*x2"  # at x1=1, x2=2: ∇ = (2 x1 x2, x1²) = (4, 1); H = [[2 x2, 2 x1], [2 x1, 0]]
GRADIENT = {"x1": 4, "x2": 1}
KINDS = {
    "forward": lambda t: t.forward(),
    "forward along x1": lambda t: t.forward(wrt="x1"),
    "forward along a seed": lambda t: t.forward(seed={"x1": 1, "x2": 1}),
    "reverse": lambda t: t.reverse(),
    "reverse along a seed": lambda t: t.reverse(seed={"y": 2}),
    "jacobian": lambda t: t.jacobian(),
    "derivatives": lambda t: t.derivatives(2, "x1"),
    "hessian": lambda t: t.hessian(),
    "check": lambda t: t.check(),
}
# What each attribute is on each kind: its value, or the call the error names.
HAS = {
    "gradient": {"forward": GRADIENT, "reverse": GRADIENT, "jacobian": GRADIENT,
                 "hessian": GRADIENT, "check": GRADIENT},
    "jacobian": {"forward": {"y": GRADIENT}, "reverse": {"y": GRADIENT},
                 "jacobian": {"y": GRADIENT}},
    "derivatives": {"derivatives": [2, 4, 4]},  # x1² · 2 along x1 at 1: 2, 4, 4
    "hessian": {"hessian": {"x1": {"x1": 4, "x2": 2}, "x2": {"x1": 2, "x2": 0}}},
}
NAMES = {"gradient": "forward() without wrt or seed", "jacobian": "Formula.jacobian()",
         "derivatives": "Formula.derivatives()", "hessian": "Formula.hessian()"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("attribute", ["gradient", "jacobian", "derivatives", "hessian"])
def test_every_result_gives_its_numbers_or_names_the_call_that_does(kind, attribute):
    result = KINDS[kind](tracer.trace(SQUARE, at={"x1": 1, "x2": 2}))
    if kind in HAS[attribute]:
        assert getattr(result, attribute) == pytest.approx(HAS[attribute][kind]) \
            if attribute != "hessian" and attribute != "jacobian" else \
            getattr(result, attribute) == HAS[attribute][kind]
        return
    with pytest.raises(TracerError) as info:
        getattr(result, attribute)
    assert type(info.value) is TracerError
    assert info.value.message.startswith("this result (") and NAMES[attribute] in \
        info.value.message, info.value.message


def test_the_passes_are_the_sweeps_of_a_run():
    t = tracer.trace(SQUARE, at={"x1": 1, "x2": 2})
    assert [p.unit for p in t.forward().passes] == ["x1", "x2"]
    assert [p.unit for p in t.reverse().passes] == ["y"]
    assert [p.wrt for p in t.hessian().passes] == ["x1", "x2"]
    jac = t.jacobian()
    with pytest.raises(TracerError, match=r"\.run\.forward\.passes and \.run\.reverse\.passes"):
        jac.passes  # noqa: B018
    assert len(jac.run.forward.passes) == 2 and len(jac.run.reverse.passes) == 1
    for result in (t.derivatives(2, "x1"), t.check()):
        with pytest.raises(TracerError, match="they come from forward"):
            result.passes  # noqa: B018


def test_a_result_says_what_it_is():
    t = tracer.trace(SQUARE, at={"x1": 1, "x2": 2})
    kinds = {"forward mode along x1": t.forward(wrt="x1"), "derivatives along x1":
             t.derivatives(2, "x1"), "reverse mode along a seed": t.reverse(seed="y=2"),
             "the Jacobian": t.jacobian(), "a check": t.check()}
    for kind, result in kinds.items():
        with pytest.raises(TracerError, match=f"this result \\({kind}\\) has no Hessian"):
            result.hessian  # noqa: B018


# --- the API refuses what the CLI refuses, through the same checks --------------------------

AT = "x1=1,x2=2"
REFUSALS = [
    # (the API's call on tracer.trace(SQUARE, at=AT), the CLI's arguments, the API's words)
    (lambda t: t.forward(wrt="x1", seed={"x2": 1}),
     ["forward", "--wrt", "x1", "--seed", "x2=1"], "give wrt= or seed=, not both"),
    (lambda t: t.graph(wrt="x1"), ["graph", "--wrt", "x1"], 'add mode="forward"'),
    (lambda t: t.graph(mode="reverse", wrt="x1"), ["graph", "--mode", "reverse", "--wrt", "x1"],
     "wrt seeds forward mode"),
    (lambda t: t.reverse(repeat=0), ["reverse", "--repeat", "0"], "repeat must be"),
    (lambda t: t.reverse(repeat=101), ["reverse", "--repeat", "101"], "from 1 to 100"),
    (lambda t: t.to_markdown(quiz="bogus"), ["trace", "--quiz=bogus", "-f", "markdown"],
     'quiz="bogus": the modes are quiz="values" and quiz="rules"'),
    (lambda t: t.reverse(step=-1, params="x1"), ["reverse", "--step", "-1", "--params", "x1"],
     "step=-1: the learning rate -1 is not a positive number"),
    (lambda t: t.reverse(params="x1"), ["reverse", "--params", "x1"],
     "params names what a step updates; give the step with step="),
]


@pytest.mark.parametrize("call, args, words", REFUSALS, ids=[r[1][0] + " " + r[1][1]
                                                             for r in REFUSALS])
def test_the_api_refuses_what_the_command_line_refuses_in_its_own_words(runner, call, args,
                                                                         words):
    from helpers import run

    from tracer.api import api_words
    from tracer.errors import UsageProblem

    with pytest.raises(UsageProblem) as info:
        call(tracer.trace(SQUARE, at=AT))
    cli = run(runner, args[0], SQUARE, "--at", AT, *args[1:])
    assert cli.exit_code == 2 and cli.stdout == ""
    said = cli.stderr.splitlines()[0].removeprefix("error: ")
    assert words in info.value.message and "--" not in info.value.message
    assert info.value.message == api_words(said)  # one message, said two ways
    assert str(info.value) == info.value.message


# --- wrong types and choices are TracerErrors ---------------------------------------------

WRONG = [
    (lambda t: tracer.trace("x", at={"x": 1}, outputs=3), "outputs are names"),
    (lambda t: t.forward(wrt=1), "the inputs in wrt are names"),
    (lambda t: t.forward(wrt=[1]), "the inputs in wrt are names"),
    (lambda t: tracer.trace("x", at={"x": 1}, order="bogus"),
     'order="bogus": the row orders are level and source'),
    (lambda t: t.graph(mode="sideways"), 'mode="sideways": the modes are forward and reverse'),
    (lambda t: tracer.graph("x*y", mode="sideways"), 'mode="sideways"'),
    (lambda t: tracer.graph("x*y", wrt="x"), 'add mode="forward"'),
    (lambda t: t.to_markdown(quiz=True), "quiz=True: the modes are"),
    (lambda t: t.reverse().to_latex(standalone="yes"), "standalone is True or False"),
    (lambda t: t.graph(params=3), "the parameters in params are names"),
    (lambda t: t.reverse(params=3), "the parameters in params are names"),
    (lambda t: t.derivatives(wrt=1), "wrt is one input's name"),
    (lambda t: t.graph(mode="forward", wrt=["x1"]), "wrt is one input's name"),
    (lambda t: tracer.trace("x", at={"x": 1}, exact="yes"), "exact is True or False"),
    (lambda t: t.reverse(repeat="a"), "repeat must be a whole number from 1 to 100, got 'a'"),
    (lambda t: t.document(max_rows=-1), "max_rows must be a whole number of at least 0"),
    (lambda t: t.plot(over=3), "over is a string"),
    (lambda t: t.plot(over={"x1": (1,)}), "over maps a name to its range"),
    (lambda t: t.plot(over={"x1": (0, "1")}, wrt="x1").to_text(width="a"),
     "width must be a whole number"),
    (lambda t: t.plot(over={"x1": (0, 1)}).save(None), "path is a file name"),  # type: ignore
    (lambda t: t.graph().to_mermaid(digits=0), "digits must be a whole number from 1"),
    (lambda t: tracer.trace("y = 2*x", at={"x": "ones"}), "ones is a function"),
    # tracer.graph's order was checked only by lower: a ValueError, "one of ('level', …)"
    (lambda t: tracer.graph("x^2", order=5), "order=5: the row orders are level and source"),
    (lambda t: tracer.graph("x^2", at="x=1", order="bogus"), 'order="bogus": the row orders'),
]


@pytest.mark.parametrize("call, message", WRONG, ids=[w[1] for w in WRONG])
def test_wrong_types_and_choices_are_tracer_errors(call, message):
    with pytest.raises(TracerError) as info:
        call(tracer.trace(SQUARE, at={"x1": 1, "x2": 2}))
    assert message in info.value.message and "--" not in info.value.message


def test_a_plots_ranges_as_a_mapping_are_read_as_over_reads_them():
    t = tracer.trace("sin(x)", at={"x": 1})
    as_text = t.plot("x=-pi..pi").to_json()
    assert t.plot({"x": ("-pi", "pi")}).to_json() == as_text
    assert t.plot({"x": (-math.pi, math.pi)}).to_json() == as_text
    with pytest.raises(TracerError, match="over: the range of x must run from low to high"):
        t.plot({"x": (1, 0)})
    with pytest.raises(TracerError, match="over: z is not an input"):
        t.plot({"z": (0, 1)})


def test_a_seed_as_text_is_read_as_seed_reads_it(runner):
    from helpers import run

    program = "c = x*[1, 2, 3]"
    t = tracer.trace(program, at={"x": 2})
    cli = json.loads(run(runner, "reverse", program, "--at", "x=2", "--seed", "c=ones",
                         "-f", "json").stdout)
    for seed in ("c=ones", {"c": "ones"}, {"c": "ones_like"}, {"c": [1, 1, 1]}):
        assert json.loads(t.reverse(seed=seed).to_json()) == cli, seed


# --- messages name the API's parameters ---------------------------------------------------

def test_messages_name_the_parameters_not_the_options(tmp_path):
    plot = tracer.trace("sin(x)", at={"x": 1}).plot("x=0..1")
    (tmp_path / "keep.json").write_text("{}")
    with pytest.raises(TracerError) as info:
        plot.save(str(tmp_path / "keep.json"))
    assert "use force=True to replace it" in info.value.message
    with pytest.raises(TracerError, match="is a folder"):
        plot.save(str(tmp_path))
    with pytest.raises(TracerError) as info:
        tracer.trace(SQUARE, at={"x1": 1, "x2": 2}).derivatives(order=13, wrt="x1")
    assert info.value.message.startswith("order must be between 1 and 12, got 13")
    with pytest.raises(TracerError) as info:
        tracer.trace("x*y + z", at={"x": 1})
    assert info.value.message.endswith('(give them with at="y=…,z=…")')
    with pytest.raises(TracerError) as info:
        tracer.trace("a = x*y; b = x + y", at={"x": 1, "y": 2}, outputs="a, b").check()
    assert info.value.message.endswith('choose one with outputs="a"')
    plot.save(str(tmp_path / "keep.json"), force=True)  # the parameter the message names
    assert json.loads((tmp_path / "keep.json").read_text()) == json.loads(plot.to_json())


@pytest.mark.parametrize("said, words", [
    ("--order must be between 1 and 12, got 13", "order must be between 1 and 12, got 13"),
    ("x.png exists; use --force to replace it", "x.png exists; use force=True to replace it"),
    ("give them with --at y=…,z=…)", 'give them with at="y=…,z=…")'),
    ("choose one with --output a", 'choose one with outputs="a"'),
    ("read its rows in a table (tracer trace, or forward or reverse without --graph; -f json has "
     "every row)", "read its rows in a table (a Formula's tables, or its forward() or reverse(); "
     "to_json() has every row)"),
    ("choose it with --output", "choose it with outputs="),
    ("--wrt: z is not an input", "wrt: z is not an input"),
    ("--over alone is enough", "over alone is enough"),
    ("--wrt x and --over y name different inputs; --over alone is enough",
     'wrt="x" and over="y" name different inputs; over= alone is enough'),
    ("use --samples 1,000 or less, or a lower --order", "use samples=1000 or less, or a lower "
     "order="),
    ("--step needs --params, the inputs (e.g. --params 'w*,b*')",
     "step needs params=, the inputs (e.g. params='w*,b*')"),
    ("--seed c=ones for an array output, --repeat 2 to accumulate",
     'seed="c=ones" for an array output, repeat=2 to accumulate'),
    ("--quiz=bogus: the modes are --quiz (values) and --quiz=rules",
     'quiz="bogus": the modes are quiz="values" and quiz="rules"'),
    ("drop --exact (floats have no such limit)", "drop exact=True (floats have no such limit)"),
    ("with tracer derivatives --wrt NAME --order 2", 'with Formula.derivatives(wrt="NAME", '
     "order=2)"),
    ("use tracer reverse (one pass per output)", "use Formula.reverse() (one pass per output)"),
    # a point is tracer.trace's: Formula.forward(at=…) was no call the API has (jvp's message)
    ("run tracer forward --at x=x0 --seed x=v", 'run tracer.trace(…, at="x=x0").forward('
     'seed="x=v")'),
    ("--format mermaid and x--y stay", "--format mermaid and x--y stay"),
    # swell's map= (it said --map, h-hostile20's note)
    ("--map may use only l (the last iterate) and x", "map may use only l (the last iterate) "
     "and x"),
    ("with --map '4*l*(1-l)', l_9 is", "with map='4*l*(1-l)', l_9 is"),
])
def test_the_command_lines_words_said_as_the_apis(said, words):
    from tracer.api import api_words

    assert api_words(said) == words
    assert api_words(words) == words  # said once is said: a message passes through twice


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # a busy shared machine, not the test
@given(st.lists(st.sampled_from(["--at", "--wrt", "--seed", "--output", "--order", "--force",
                                 "--exact", "--params", "--step", "--repeat", "--samples",
                                 "--over", "--mode", "--quiz", "x=1", "y1", "2", "must",
                                 "alone", "a", "with", "(e.g.", ")", ",", ":"]),
                max_size=12))
def test_no_option_the_api_has_is_left_in_its_words(words):
    from tracer.api import _PARAMETERS, _SWITCHES, api_words

    said = api_words(" ".join(words))
    assert not any(f"--{option}" in said for option in (*_PARAMETERS, *_SWITCHES))


def test_the_gradient_of_several_outputs_is_refused_not_the_first_ones():
    """``sin(x)`` of an array has two outputs: .gradient gave y[0]'s row alone."""
    result = tracer.trace("sin(x)", at={"x": [1, 2]}).reverse()
    with pytest.raises(TracerError, match=r"2 outputs \(y\[0\], y\[1\]\): a gradient is of one"):
        _ = result.gradient
    assert set(result.jacobian) == {"y[0]", "y[1]"}
    one = tracer.trace("sin(x)", at={"x": [1, 2]}, outputs=["y[1]"]).reverse()
    assert one.gradient == {"x[0]": 0, "x[1]": pytest.approx(math.cos(2))}


def test_names_that_print_alike_are_a_warning_and_the_numbers_all_the_same():
    with pytest.warns(tracer.TracerWarning, match=r"x1 and x_1 both print as x₁"):
        formula = tracer.trace("x1*x_1", {"x1": 2, "x_1": 3})
    assert formula.reverse().gradient == {"x1": 3.0, "x_1": 2.0}


def test_an_evaluations_warnings_are_tracer_warnings_a_long_list_counted():
    """What the command line prints under the tables (a kink, an undefined slope) the API
    raises as TracerWarnings at the caller's line: the first five, then one counting the
    rest; a point without any raises none."""
    import warnings

    with pytest.warns(tracer.TracerWarning, match=r"abs is not differentiable at 0"):
        tracer.trace("abs(x) + y", {"x": 0, "y": 1})
    with pytest.warns(tracer.TracerWarning, match=r"is undefined here"):
        formula = tracer.trace("x^n", {"x": -2, "n": 3})
    assert formula.reverse().gradient["x"] == 12
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tracer.trace("sum(relu(x))", {"x": [0] * 8})
        tracer.trace("x^2", {"x": 3})
    messages = [str(w.message) for w in caught]
    assert all(w.category is tracer.TracerWarning and w.filename == __file__ for w in caught)
    assert len(messages) == 6 and messages[-1].startswith("and 3 more warnings")


@pytest.mark.parametrize("number", [Decimal("2"), Fraction(2), 2.0, 2])
def test_a_seed_is_any_real_number_type(number):
    """A Decimal seed reached the core as a Decimal: AttributeError 'has'."""
    r = tracer.trace(LECTURE, at={"x1": 3, "x2": -4}).reverse(seed={"y": number})
    assert r.run.passes[0].result == {"x1": pytest.approx(-26 / 3), "x2": 8}
    assert "Result" in r.to_text()


def test_an_array_value_is_measured_before_it_is_made():
    itself: list = []
    itself.append(itself)
    for value in (itself, [[[1.0]]]):  # a list holding itself recursed until Python gave up
        with pytest.raises(TracerError, match="x is given lists of lists of lists"):
            tracer.trace("sum(x)", at={"x": value})
    with pytest.raises(TracerError, match="the value of x would hold 1,000,001 elements"):
        tracer.trace("sum(x)", at={"x": [0.0] * 1_000_001})  # was refused after 15 s


def test_a_fraction_stays_exact_under_exact_arithmetic():
    """Fraction(1, 3) became 0.3333333333333333 (3333333333333333/10¹⁶ exactly); as the
    string '1/3' it is 1/3."""
    from fractions import Fraction

    import sympy as sp

    exact = tracer.trace("3*x", {"x": Fraction(1, 3)}, exact=True)
    assert exact.inputs == {"x": sp.Rational(1, 3)} and exact.outputs == {"y": 1}
    assert tracer.trace("3*x", {"x": Fraction(1, 3)}).inputs == {"x": 1 / 3}


def test_an_empty_seed_or_wrt_is_refused_as_the_command_line_refuses_it():
    """seed={} ran the passes of no seed, and wrt="" of graph and derivatives meant the first
    input, where --seed '' and --wrt '' are usage errors."""
    t = tracer.trace(LECTURE, {"x1": 3, "x2": -4})
    for call in (lambda: t.forward(seed={}), lambda: t.reverse(seed={})):
        with pytest.raises(TracerError, match=r"^seed is empty; it takes NAME=VALUE"):
            call()
    for call in (lambda: t.graph(mode="forward", wrt=""), lambda: t.derivatives(wrt=""),
                 lambda: tracer.graph(LECTURE, "x1=3, x2=-4", mode="forward", wrt="")):
        with pytest.raises(TracerError, match=r"^wrt is empty; it takes NAME"):
            call()


def test_a_list_may_hold_constant_expressions_in_strings_as_a_value_may():
    """at={"a": ["1/3", 1]} was refused ("a is given '1/3' (str); a value is … a constant
    expression in a string"); each string is one constant, so none can end the array."""
    grad = tracer.trace("sum(a*a)", {"a": [["1/3", 1], ["2", "sqrt(2)"]]}, exact=True)
    assert grad.reverse().gradient == {"a[0,0]": Fraction(2, 3), "a[0,1]": 2, "a[1,0]": 4,
                                       "a[1,1]": 2 * sympy_sqrt2()}
    floats = tracer.trace("sum(a*a)", {"a": ["pi", 1]}).reverse().gradient
    assert floats == {"a[0]": 2 * math.pi, "a[1]": 2.0}
    for bad, said in ((["1], y=[2", 1], "a is given '1], y=[2' (str), which is not one "
                                          "constant expression (unmatched ']'"),
                      (["1, 2", 3], "a single number"),
                      (["", 1], "a is given an empty string in its list")):
        with pytest.raises(TracerError, match=re.escape(said)):
            tracer.trace("sum(a*a)", {"a": bad})


def sympy_sqrt2():
    import sympy as sp

    return sp.sqrt(2)


def test_a_name_with_spaces_around_it_or_none_is_named_as_such():
    """at={" x1": 3} said " x1 is not an input of the formula", at={"": 3} " is not an
    input", the space or the empty name unseen."""
    for at, said in (({" x1": 3, "x2": -4}, "the name ' x1' has spaces around it"),
                     ({"x1": 3, "x2 ": -4}, "the name 'x2 ' has spaces around it"),
                     ({"": 3}, "the name '' is empty")):
        with pytest.raises(TracerError, match=f"^at: {re.escape(said)}; a name is written as "
                                              "in the formula"):
            tracer.trace(LECTURE, at)


def test_exact_numbers_in_arrays_and_sympy_numbers_stay_exact():
    """A Fraction in a list, and sympy's pi, sqrt(2), Rational(1, 3) (alone, in a list, a
    Matrix or a seed), were rounded to floats: exact=True gave 3333333333333333/5000000000000000
    for 2/3 and 2141592653589793/3141592653589793 for 1 - 1/pi."""
    import sympy as sp

    at = {"a": [[Fraction(1, 3), 1], [sp.pi, 2.5]]}
    grad = tracer.trace("sum(a*a)", at, exact=True).reverse().gradient
    assert grad == {"a[0,0]": sp.Rational(2, 3), "a[0,1]": 2, "a[1,0]": 2 * sp.pi, "a[1,1]": 5}
    matrix = {"a": sp.Matrix([[sp.Rational(1, 3), sp.sqrt(2)]])}
    grad = tracer.trace("sum(a*a)", matrix, exact=True).reverse().gradient
    assert grad == {"a[0,0]": sp.Rational(2, 3), "a[0,1]": 2 * sp.sqrt(2)}
    lecture = "x1*x2+x2-log(x1)"
    grad = tracer.trace(lecture, {"x1": sp.pi, "x2": sp.E}, exact=True).reverse().gradient
    assert grad == {"x1": sp.E - 1 / sp.pi, "x2": sp.pi + 1}
    seeded = tracer.trace("x*x", {"x": 1}, exact=True).reverse(seed={"y": sp.pi})
    assert seeded.passes[0].result == {"x": 2 * sp.pi}
    floats = tracer.trace(lecture, {"x1": sp.pi, "x2": 1}).reverse().gradient  # as float(pi)
    assert floats == {"x1": 1 - 1 / math.pi, "x2": math.pi + 1}
    golden = tracer.trace(lecture, {"x1": sp.GoldenRatio, "x2": 1}).inputs["x1"]  # unspelled:
    assert golden == float(sp.GoldenRatio)  # a float, as another library's number is
    with pytest.raises(TracerError, match=r"x1 is given I \(ImaginaryUnit\)"):
        tracer.trace(lecture, {"x1": sp.I, "x2": 1})


def test_a_deep_exact_value_prints_and_gives_its_number_at_once():
    """print(r.gradient) of an exact loop of three steps took 25 s, of five minutes, and so did
    float() of the value: sympy's str sorts every sum's terms by their numbers, and its evalf
    walks every repeat of the parts below. Such a value is handed out as exact.Deep of it:
    the same value (.value), its number worked out part by part, printed as tracer spells it."""
    import time

    import sympy as sp

    from tracer.analysis.exact import Deep

    program = "s = x\nfor i in range(5):\n    s = sqrt(log(s + 3) + s*s)\ny = s"
    formula = tracer.trace(program, {"x": 2}, exact=True)
    r = formula.reverse()
    begun = time.process_time()
    value = r.gradient["x"]
    printed = [repr(r.gradient), str(r.jacobian), repr(r.accumulated), repr(formula.values),
               repr(formula.outputs), sp.latex(value), str(2 * value + sp.sqrt(2)),
               repr(r.passes)]
    number = float(value)
    assert time.process_time() - begun < 10
    assert isinstance(value, Deep) and isinstance(r.jacobian["y"]["x"], Deep)
    assert printed[0] == "{'x': " + sp.sstr(value.value, order="none") + "}"
    assert printed[6].startswith("2*(") and "sqrt(2)" in printed[6]
    floats = tracer.trace(program, {"x": 2}).reverse().gradient["x"]
    assert number == pytest.approx(floats, rel=1e-12)
    assert float(sp.N(value, 30)) == number and value.doit() == value
    assert float(pickle.loads(pickle.dumps(value))) == number
    lecture = tracer.trace(LECTURE, at={"x1": 3, "x2": -4}, exact=True).reverse()
    assert lecture.gradient == {"x1": sp.Rational(-13, 3), "x2": 4}  # shallow: as it stands


def test_a_results_numbers_are_copies():
    """A script that changed r.jacobian or r.hessian changed the run's to_json() after it."""
    lecture = tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    j = lecture.jacobian()
    kept = j.to_json()
    j.jacobian["y"]["x1"] = 0.0
    assert j.to_json() == kept and j.jacobian["y"]["x1"] == pytest.approx(-13 / 3)
    h = lecture.hessian()
    h.hessian["x1"]["x1"] = 5.0
    assert h.hessian["x1"]["x1"] == pytest.approx(1 / 9)
    d = lecture.derivatives(2, wrt="x1")
    d.derivatives[0] = 7
    assert d.derivatives[0] == pytest.approx(-17.0986122887)
    lecture.outputs["y"] = 1.0
    lecture.values[1] = 1.0
    assert lecture.outputs["y"] != 1.0 and lecture.values[1] == -12


def test_a_notebook_display_shows_a_screen_of_rows_and_the_writers_take_max_rows():
    """A loop of 10^5 decisions displayed 6.9 MB of Markdown in a notebook: a display shows
    SCREEN_ROWS of a table, as the terminal does; to_markdown() and the others give every row,
    and take max_rows= as --max-rows."""
    t = tracer.trace("a = x\nb = 2*x\nfor i in range(100000):\n    a, b = b, a\ny = a*b",
                     at={"x": 1})
    r = t.reverse()
    shown = r._repr_markdown_()
    assert "⋮ 99,800 decisions not shown" in shown and len(shown) < 50_000
    assert "not shown" not in r.to_markdown()
    assert "⋮ 99,800 decisions not shown" in (r._repr_html_() or "")
    assert r"\vdots" in r._repr_latex_() and len(r._repr_latex_()) < 50_000
    for write in (r.to_text, r.to_markdown, r.to_latex, r.to_html):
        assert "99,990 decisions not shown" in write(max_rows=10), write.__name__
    small = tracer.trace("x*y", at={"x": 1, "y": 2}).reverse()
    assert small._repr_markdown_() == small.to_markdown()


def test_pytorch_and_micrograd_code_runs_as_written_through_the_api():
    """The API reads the lines that say what to differentiate as the command line does."""
    text = ("import torch\na = torch.randn(size=(2, 3), requires_grad=True)\nd = (a * 2).sum()\n"
            "d.backward()\nd.backward()\nprint(a.grad)")
    with pytest.warns(tracer.TracerWarning, match="a is made at random"):
        f = tracer.trace(text)
    result = f.reverse()
    assert result.gradient == {f"a[{i},{j}]": 2 for i in range(2) for j in range(3)}
    assert [g["a[0,0]"] for g in json.loads(result.to_json())["accumulated"]] == [2, 4]
    micrograd = tracer.trace("a = Value(-4.0)\nb = Value(2.0)\nc = a * b + b**3\nc.backward()")
    assert micrograd.reverse().gradient == {"a": 2, "b": -4 + 12}


def test_autograd_and_jax_grad_of_a_def_run_as_written():
    """df = grad(f); df(x0) (autograd's README), and JAX's inline jax.grad(f)(x) of an x the
    program made: f at x0 is the output y, f's parameters the inputs."""
    readme = ("import autograd.numpy as np\nfrom autograd import grad\ndef tanh(x):\n"
              "    y = np.exp(-2.0 * x)\n    return (1.0 - y) / (1.0 + y)\n"
              "grad_tanh = grad(tanh)\ngrad_tanh(1.0)\n")
    assert tracer.trace(readme).reverse().gradient["x"] == pytest.approx(
        1 - math.tanh(1.0) ** 2)
    jax = ("import jax\nimport jax.numpy as jnp\ndef f(x):\n    return jnp.sum(jnp.tanh(x)**2)\n"
           "x = jnp.array([1.0, 2.0])\nprint(jax.grad(f)(x))\n")
    got = tracer.trace(jax).reverse().gradient
    assert got == {f"x[{i}]": pytest.approx(2 * math.tanh(v) * (1 - math.tanh(v) ** 2))
                   for i, v in enumerate((1.0, 2.0))}
    with pytest.raises(TracerError, match=r"jax\.grad\(f\)\(…\) is read on a line of its own"):
        tracer.trace(jax.replace("print(jax.grad(f)(x))", "g = 2 * jax.grad(f)(x)"))


def test_the_accumulated_gradient_is_pytorchs_x_grad_after_each_pass():
    """reverse(repeat=2).gradient is one pass's gradient; .accumulated is x.grad after each
    backward pass, as PyTorch shows it (and zeroed where the program zeroes it)."""
    f = tracer.trace("y = (x*x).sum()", {"x": "[1, 2]"})
    twice = f.reverse(repeat=2)
    assert twice.gradient == {"x[0]": 2, "x[1]": 4}
    assert twice.accumulated == [{"x[0]": 2, "x[1]": 4}, {"x[0]": 4, "x[1]": 8}]
    assert f.reverse().accumulated == [{"x[0]": 2, "x[1]": 4}]
    zeroed = tracer.trace("x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = (x*x).sum()\n"
                          "y.backward()\ny.backward()\nx.grad.zero_()\ny.backward()")
    assert [g["x[1]"] for g in zeroed.reverse().accumulated] == [4, 8, 4]
    with pytest.raises(TracerError, match="has no accumulated gradient"):
        _ = f.forward().accumulated


def test_backward_of_an_array_without_a_gradient_is_refused_as_the_cli_refuses_it():
    text = "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x ** 2\ny.backward()\n"
    with pytest.raises(TracerError, match=r"y\.backward\(\) without a gradient needs a scalar y"):
        tracer.trace(text).reverse()
    assert tracer.trace(text).reverse(seed="y=ones").passes[0].result == {"x[0]": 2, "x[1]": 4}


def test_backward_lines_of_several_values_run_as_the_command_line_runs_them(runner):
    """d2l's y = 2 x·x, y.backward(), x.grad.zero_(), y = x.sum(), y.backward(): the API's
    passes and .accumulated are the command line's (PyTorch's [0, 4, 8, 12], [1, 1, 1, 1])."""
    import json

    from helpers import run

    text = ("x = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\ny.backward()\n"
            "x.grad.zero_()\ny = x.sum()\ny.backward()")
    result = tracer.trace(text).reverse()
    assert [[g[f"x[{i}]"] for i in range(4)] for g in result.accumulated] == \
        [[0, 4, 8, 12], [1, 1, 1, 1]]
    assert [p.result for p in result.passes] == [
        {"x[0]": 0, "x[1]": 4, "x[2]": 8, "x[3]": 12}, {f"x[{i}]": 1 for i in range(4)}]
    cli = json.loads(run(runner, "reverse", text, "-f", "json").stdout)
    assert cli["accumulated"] == result.accumulated
    assert list(cli["outputs"]) == ["y", "y′"]


def test_the_note_on_a_random_input_speaks_the_apis_words():
    """tracer.trace of torch.randn(…, requires_grad=True) warned 'give values of your own with
    --at a=…', an option of the command line."""
    text = "import torch\na = torch.randn(2, requires_grad=True)\nd = (a * 2).sum()\nd.backward()"
    with pytest.warns(tracer.TracerWarning) as caught:
        tracer.trace(text)
    said = [str(w.message) for w in caught if "made at random" in str(w.message)]
    assert said and 'give values of your own with at="a=…"' in said[0] and "--at" not in said[0]


def test_reverse_notes_a_second_backward_pytorch_would_refuse():
    text = "x = torch.tensor(3.0, requires_grad=True)\ny = x * x\ny.backward()\ny.backward()"
    f = tracer.trace(text)
    with pytest.warns(tracer.TracerWarning, match="PyTorch frees the graph after y.backward()"):
        assert f.reverse().accumulated == [{"x": 6}, {"x": 12}]


def test_autograds_readme_runs_pasted_as_it_is_written():
    """autograd's README example, REPL lines and all: grad_tanh(1.0) is 0.41997434161402603
    (the README's own figure), and the last line's differences are computed, not an output."""
    source = ("import autograd.numpy as np  # Thinly-wrapped numpy\n"
              "from autograd import grad    # The only autograd function you may ever need\n\n"
              "def tanh(x):                 # Define a function\n"
              "    y = np.exp(-2.0 * x)\n    return (1.0 - y) / (1.0 + y)\n\n"
              "grad_tanh = grad(tanh)       # Obtain its gradient function\n"
              "grad_tanh(1.0)               # Evaluate the gradient at x = 1.0\n"
              "(tanh(1.0001) - tanh(0.9999)) / 0.0002  # Compare to finite differences\n")
    result = tracer.trace(source).reverse()
    assert result.gradient == {"x": pytest.approx(0.41997434161402603, rel=1e-15)}


def test_a_jax_program_with_random_keys_runs_with_its_draw_made_by_tracer():
    """key = random.PRNGKey(0) and random.split are left out, as torch.manual_seed is;
    w = random.normal(subkey, (3,)) is drawn with tracer's fixed seed (a warning says so), and
    grad(loss)(w) is 2 tanh(w) / cosh(w)² at the values drawn."""
    import math
    import warnings

    source = ("import jax\nimport jax.numpy as jnp\nfrom jax import grad, random\n\n"
              "key = random.PRNGKey(0)\nkey, subkey = random.split(key)\n\n"
              "def loss(w):\n    return jnp.sum(jnp.tanh(w) ** 2)\n\n"
              "w = random.normal(subkey, (3,))\ng = grad(loss)(w)\nprint(g)\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        formula = tracer.trace(source)
    assert any("w is made at random" in str(w.message) for w in caught)
    w = [formula.evaluation.point[f"w[{k}]"] for k in range(3)]
    assert len(set(w)) == 3
    assert formula.reverse().gradient == {
        f"w[{k}]": pytest.approx(2 * math.tanh(v) / math.cosh(v) ** 2, rel=1e-12)
        for k, v in enumerate(w)}


def test_every_public_object_says_what_it_is_in_a_short_repr():
    """A Graph's repr was <tracer.api.Graph object at 0x…>, a Result's a class name
    (<tracer result: JacobianRun>), and a Formula's listed every output: 988,942 characters
    for y = a*2 over 10^5 elements."""
    t = tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    assert repr(t.graph()) == "<tracer graph: 6 nodes, 7 edges>"
    assert repr(t.graph("reverse")) == "<tracer graph: 6 nodes, 7 edges, reverse mode>"
    assert repr(tracer.graph("x^2")) == "<tracer graph: 2 nodes, 1 edge>"
    said = {"forward mode": t.forward(), "forward mode along x1": t.forward(wrt="x1"),
            "reverse mode": t.reverse(), "the Jacobian": t.jacobian(),
            "derivatives along x1": t.derivatives(2, "x1"), "the Hessian": t.hessian(),
            "a check": t.check()}
    for kind, result in said.items():
        assert repr(result) == str(result) == f"<tracer result: {kind}>"
    wide = tracer.trace("y = a*2", at={"a": list(range(20_000))})
    assert repr(wide) == "<tracer formula: 20000 inputs, 20000 rows, outputs y[0], y[1], y[2] " \
                         "and 19,997 more>"
    many = wide.forward(wrt=[f"a[{k}]" for k in range(5)])
    assert repr(many) == "<tracer result: forward mode along a[0], a[1], a[2] and 2 more>"


def test_a_fraction_too_long_to_read_names_the_input():
    """Fraction(10**400, 3) said "a number of 401 characters", of a number no one wrote."""
    from fractions import Fraction

    for value in (Fraction(10**400, 3), Fraction(1, 10**400)):
        with pytest.raises(TracerError, match="x is given a Fraction of 401 digits"):
            tracer.trace("2*x", {"x": value})
    assert tracer.trace("2*x", {"x": Fraction(10**399, 10**398)}).outputs == {"y": 20}


def test_every_writer_takes_digits_as_the_readme_says():
    """to_json(digits=3) was a TypeError, where -f json --digits 3 runs: the README says each
    writer takes digits=. JSON keeps every number whole."""
    r = tracer.trace(LECTURE, at={"x1": 3, "x2": -4}).reverse()
    for writer in ("to_text", "to_markdown", "to_latex", "to_html", "to_csv", "to_json"):
        assert getattr(r, writer)(digits=3)
    assert r.to_json(digits=2) == r.to_json() and "-4.333333333333333" in r.to_json(digits=2)
    with pytest.raises(TracerError, match="digits must be a whole number from 1 to 17"):
        r.to_json(digits=0)


@pytest.mark.parametrize("raised, said", [
    (RecursionError, "the input is too deeply nested for tracer to handle"),
    (MemoryError, "the input is too large for tracer to handle"),
])
def test_python_running_out_is_a_tracer_error_as_on_the_command_line(monkeypatch, raised, said):
    """Past every estimate, Python's recursion limit or memory: the command line's last guard
    prints one line; the API raises the same sentence as a LimitError, not a bare
    RecursionError from deep inside sympy."""
    from tracer import pipeline
    from tracer.errors import LimitError

    def runs_out(*args, **kwargs):
        raise raised

    monkeypatch.setattr(pipeline, "prepare", runs_out)
    with pytest.raises(LimitError, match=f"^{said}$"):
        tracer.trace("x^2", {"x": 1})


def test_a_graph_too_large_for_a_notebook_shows_its_repr_saying_how_to_draw_it():
    """A notebook drew a 10^4-node graph as 7.8 MB of SVG; over Graph.DISPLAYED nodes it shows
    the repr, which names the methods that give the picture."""
    import tracer

    small = tracer.graph("x*y + sin(x)")
    assert small._repr_markdown_().startswith("```mermaid\n") and "too large" not in repr(small)
    formula = "+".join(f"sin(x{i})" for i in range(type(small).DISPLAYED // 3 + 1))
    large = tracer.graph(formula)
    assert len(large.graph.nodes) > type(small).DISPLAYED
    assert large._repr_svg_() is None and large._repr_markdown_() is None
    assert repr(large).endswith("; too large to draw in a notebook (over 1,000 nodes): "
                                "to_svg(), to_dot() or to_mermaid() give it>")
    assert large.to_mermaid().count("-->") == len(large.graph.edges)


def test_a_graph_mermaid_cannot_draw_shows_as_svg_in_jupyter():
    """JupyterLab prefers Markdown to SVG, and its Mermaid draws a flowchart of over 500 edges
    or 50,000 characters as an error ("Too many edges"): a loop of 200 steps (601 nodes, 800
    edges, 53 KB of Mermaid) showed that error; now its SVG is shown, and a small graph is
    still Mermaid."""
    from tracer.render.graph import MERMAID_EDGES, MERMAID_TEXT

    loop = "@at x = 0.5\ny = x\nfor i in range({}):\n    y = sin(y) * 1.0001 + x\n"
    cells = _executed(*(f"import tracer\ntracer.trace({loop.format(n)!r}).graph()"
                        for n in (200, 100)))
    large, small = (cell.outputs[0]["data"] for cell in cells)
    assert "text/markdown" not in large and large["image/svg+xml"].startswith("<svg")
    assert "800 edges" in large["text/plain"]
    mermaid = small["text/markdown"]
    assert mermaid.startswith("```mermaid\n") and len(mermaid) <= MERMAID_TEXT
    assert 0 < mermaid.count("-->") <= MERMAID_EDGES


def test_a_notebook_names_to_json_for_the_passes_it_leaves_out():
    """Executed by nbclient on a real kernel: the note on the passes a notebook's display
    leaves out names the API's to_json(), not the command line's -f json alone."""
    (cell,) = _executed(
        "import tracer\n"
        "W = [[0.1 * (i + j) for j in range(6)] for i in range(6)]\n"
        "tracer.trace('y = tanh(W @ x)\\nz = sum(y*y)', {'W': W, 'x': [1, 2, 3, 4, 5, 6]})"
        ".forward()")
    shown = cell.outputs[0]["data"]
    note = "The tables of passes 17–42 are not shown"
    assert note in shown["text/html"] and "or to_json() in Python" in shown["text/html"]
    assert note in shown["text/markdown"] and r"or to\_json() in Python" in shown["text/markdown"]


def test_an_evaluation_warning_names_the_api_s_parameters():
    """The warnings tracer.trace raises are in the API's words, as its errors are."""
    import tracer

    with pytest.warns(tracer.TracerWarning) as caught:
        tracer.trace("log(x)", {"x": 1e-320})
    (message,) = [str(w.message) for w in caught]
    assert "(exact arithmetic, exact=True, computes them)" in message and "--" not in message


def test_a_notebook_shows_as_many_table_cells_as_the_terminal():
    """Forward mode over a 6x6 matrix (42 passes) displayed 5.5 MB of HTML in a notebook, as a
    file holds; a notebook shows what the terminal shows, and names the passes left out."""
    import tracer

    point = {"W": [[0.1 * (i + j) for j in range(6)] for i in range(6)], "x": [1, 2, 3, 4, 5, 6]}
    run = tracer.trace("y = tanh(W @ x)\nz = sum(y*y)", point).forward()
    shown = run._repr_markdown_()
    assert "The tables of passes 17–42 are not shown: a document shows at most 4,000 table " \
        "cells" in shown
    assert shown.count("Forward Tangent Trace") == 16
    assert run.to_markdown().count("Forward Tangent Trace") == 42
    assert "passes 17–42" in run._repr_html_() and "passes 17–42" in run._repr_latex_()


def test_a_graph_too_large_for_dot_names_the_api_s_calls():
    """Graph.to_image("png") of a graph dot would take minutes over said "write -o graph.svg
    … -f json", the command line's words (h-hostile20)."""
    import re

    import tracer

    g = tracer.graph("y = x\nfor i in range(800):\n    y = sin(y)*cos(y) + x\n", at={"x": 0.5})
    with pytest.raises(tracer.TracerError, match=re.escape(
            "write to_svg() (tracer lays it out itself), or the graph as text: to_dot(), "
            "to_mermaid() or to_json()")) as info:
        g.to_image("png")
    assert "-o" not in str(info.value) and "-f" not in str(info.value)


@pytest.mark.parametrize(("line", "call"), [
    ("y, t = jvp(f, (1.0,), (1.0,))", 'tracer.trace(…, at="x=x0").forward(seed="x=v")'),
    ("y, back = vjp(f, 1.0)", 'tracer.trace(…, at="x=x0").reverse(seed="y=u")'),
])
def test_jvp_and_vjp_name_calls_the_api_has(line, call):
    """JAX's jvp and vjp say what computes them; through the API that is a Formula's method at
    tracer.trace's point: it said Formula.forward(at="x=x0", …), which has no at."""
    source = f"from jax import jvp, vjp\ndef f(x):\n    return x * x\n{line}\n"
    with pytest.raises(TracerError) as info:
        tracer.trace(source)
    assert call in info.value.message
    assert not re.search(r"Formula\.\w+\([^)]*\bat=", info.value.message)
