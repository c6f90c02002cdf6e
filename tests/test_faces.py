"""Both faces agree: the command line and the Python API give the same JSON for the same asks.

Every decision (a command's default outputs, a program's @step and @params, its @at and @order
lines, seeds over arrays) lives below both faces; this table runs each program through both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run

import tracer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LECTURE = "x1*x2+x2-log(x1)"
TWO_OUTPUTS = "y1 = x1*x2; y2 = sin(x1) + x2"
NETWORK = (EXAMPLES / "nn-backprop.txt").read_text(encoding="utf-8")
STEPPED = "@step 0.1\n@params w\n@at w=0.5, x=2\nz = w*x\nE = (z - 1)^2"
CONTROL = (EXAMPLES / "exercise-3-control-flow.txt").read_text(encoding="utf-8")

CASES = [
    # (name, source, CLI arguments after the source, the API's call on the Formula)
    ("trace", LECTURE, ["trace", "--at", "x1=3,x2=-4"],
     lambda t: t, {"at": {"x1": 3, "x2": -4}}),
    ("forward", LECTURE, ["forward", "--at", "x1=3,x2=-4", "--wrt", "x2"],
     lambda t: t.forward(wrt="x2"), {"at": {"x1": 3, "x2": -4}}),
    ("reverse", LECTURE, ["reverse", "--at", "x1=3,x2=-4"],
     lambda t: t.reverse(), {"at": {"x1": 3, "x2": -4}}),
    ("jacobian of every final value", TWO_OUTPUTS, ["jacobian", "--at", "x1=1,x2=2"],
     lambda t: t.jacobian(), {"at": {"x1": 1, "x2": 2}}),
    ("a program's @step and @params", STEPPED, ["reverse"], lambda t: t.reverse(), {}),
    ("the network's training step", NETWORK, ["reverse"], lambda t: t.reverse(), {}),
    ("a step asked for", NETWORK, ["reverse", "--step", "0.25", "--params", "wh*"],
     lambda t: t.reverse(step=0.25, params="wh*"), {}),
    ("a seed over an array output", CONTROL, ["reverse", "--seed", "d=ones"],
     lambda t: t.reverse(seed={"d": "ones"}), {}),
    ("derivatives", "x^3*sin(x)", ["derivatives", "--at", "x=2", "--order", "4"],
     lambda t: t.derivatives(order=4), {"at": {"x": 2}}),
    ("hessian", "x1^2*x2 + sin(x1)", ["hessian", "--at", "x1=1,x2=2"],
     lambda t: t.hessian(), {"at": {"x1": 1, "x2": 2}}),
    ("exact", LECTURE, ["reverse", "--at", "x1=3,x2=-4", "--exact"],
     lambda t: t.reverse(), {"at": {"x1": 3, "x2": -4}, "exact": True}),
    ("a check of an exact trace", LECTURE, ["check", "--at", "x1=3,x2=-4", "--exact"],
     lambda t: t.check(), {"at": {"x1": 3, "x2": -4}, "exact": True}),
    ("repeat", "y = 2*dot(x, x)", ["reverse", "--at", "x=[0, 1, 2, 3]", "--repeat", "2"],
     lambda t: t.reverse(repeat=2), {"at": {"x": [0, 1, 2, 3]}}),
]


@pytest.mark.parametrize("name, source, args, call, kw", CASES, ids=[c[0] for c in CASES])
def test_the_command_line_and_the_api_give_the_same_json(runner, name, source, args, call, kw):
    result = run(runner, args[0], source, *args[1:], "-f", "json")
    assert result.exit_code == 0, result.stderr
    from_cli = json.loads(result.stdout)
    from_api = json.loads(call(tracer.trace(source, **kw)).to_json())
    assert from_api == from_cli


def test_the_faces_refuse_alike():
    with pytest.raises(tracer.TracerError, match="step needs params="):
        tracer.trace("@at w=1, x=2\nE = (w*x - 1)^2").reverse(step=0.5)


# --- the same refusal for the same reason: one message, said in each face's words -------------

def _refusal(runner, args, call):
    """The CLI's error line and exit status, and the API's error, for one ask."""
    from tracer.api import api_words

    cli = run(runner, *args)
    assert cli.exit_code in (1, 2) and cli.stdout == "", cli.stdout
    with pytest.raises(tracer.TracerError) as info:
        call()
    said = cli.stderr.splitlines()[0].removeprefix("error: ")
    return cli.exit_code, api_words(said), info.value


AT = "x1=3,x2=-4"
READ = [
    # (what is asked, the CLI's arguments, the API's call): each option's text read by one
    # reader below both faces (pipeline.read_values, read_seeds, read_names, read_rate), its
    # error named by the option or the parameter
    ("a value that is no constant", ["trace", LECTURE, "--at", "x1=foo,x2=1"],
     lambda: tracer.trace(LECTURE, at="x1=foo,x2=1")),
    ("a value that is no constant, in a mapping", ["trace", LECTURE, "--at", "x1=foo,x2=1"],
     lambda: tracer.trace(LECTURE, at={"x1": "foo", "x2": 1})),
    ("values that are no assignments", ["trace", LECTURE, "--at", "1,2"],
     lambda: tracer.trace(LECTURE, at="1,2")),
    ("a value given twice", ["trace", LECTURE, "--at", "x1=1,x1=2"],
     lambda: tracer.trace(LECTURE, at="x1=1,x1=2")),
    ("a seed that is no constant", ["forward", LECTURE, "--at", AT, "--seed", "x1=foo"],
     lambda: tracer.trace(LECTURE, at=AT).forward(seed="x1=foo")),
    ("a seed of no input", ["forward", LECTURE, "--at", AT, "--seed", "z=1"],
     lambda: tracer.trace(LECTURE, at=AT).forward(seed="z=1")),
    ("wrt that is no name", ["forward", LECTURE, "--at", AT, "--wrt", "1"],
     lambda: tracer.trace(LECTURE, at=AT).forward(wrt="1")),
    ("wrt of no input", ["forward", LECTURE, "--at", AT, "--wrt", "z"],
     lambda: tracer.trace(LECTURE, at=AT).forward(wrt="z")),
    ("a step of two numbers", ["reverse", LECTURE, "--at", AT, "--step", "1,2", "--params", "x1"],
     lambda: tracer.trace(LECTURE, at=AT).reverse(step="1,2", params="x1")),
    ("params that are no names", ["reverse", LECTURE, "--at", AT, "--step", "0.1", "--params",
                                  "1"],
     lambda: tracer.trace(LECTURE, at=AT).reverse(step=0.1, params="1")),
    ("an output that is no name", ["trace", TWO_OUTPUTS, "--at", "x1=1,x2=2", "--output", "1"],
     lambda: tracer.trace(TWO_OUTPUTS, at="x1=1,x2=2", outputs="1")),
    ("a syntax error", ["trace", "x1*+", "--at", "x1=1"], lambda: tracer.trace("x1*+", at="x1=1")),
    ("a domain error", ["reverse", "log(x)", "--at", "x=-1"],
     lambda: tracer.trace("log(x)", at="x=-1").reverse()),
    ("shapes that do not fit", ["reverse", "y = dot(a, b)", "--at", "a=[1,2],b=[1,2,3]"],
     lambda: tracer.trace("y = dot(a, b)", at={"a": [1, 2], "b": [1, 2, 3]}).reverse()),
    ("a loop too long", ["trace", "s = 0\nfor i in range(10000000):\n    s = s + x\ny = s",
                         "--at", "x=1"],
     lambda: tracer.trace("s = 0\nfor i in range(10000000):\n    s = s + x\ny = s", at="x=1")),
    ("an array too large", ["trace", "y = sum(A)", "--at", "A=zeros(5000,5000)"],
     lambda: tracer.trace("y = sum(A)", at="A=zeros(5000,5000)")),
    ("an exact trace too long", ["reverse", "s = 0\nfor i in range(3000):\n    s = s + x*x\ny = s",
                                 "--at", "x=1", "--exact"],
     lambda: tracer.trace("s = 0\nfor i in range(3000):\n    s = s + x*x\ny = s", at="x=1",
                          exact=True).reverse()),
    ("derivatives along several inputs", ["derivatives", LECTURE, "--at", AT],
     lambda: tracer.trace(LECTURE, at=AT).derivatives()),
]


@pytest.mark.parametrize("args, call", [r[1:] for r in READ], ids=[r[0] for r in READ])
def test_a_refusal_is_one_message_said_in_each_faces_words(runner, args, call):
    status, said, error = _refusal(runner, args, call)
    assert error.message.split("\n")[0] == said.removeprefix(f"line {said[5:].split(':')[0]}: ")
    assert (status == 2) == isinstance(error, tracer.errors.UsageProblem)
    assert "--" not in error.message


def test_an_option_left_empty_is_refused_by_both_faces(runner):
    """The command line's usage refuses ``--at ''``; the API's at="" said "expected
    name=value", naming nothing, and wrt=[] quietly meant every input."""
    t = tracer.trace(LECTURE, at=AT)
    for args, call, name in [
            (["trace", LECTURE, "--at", " "], lambda: tracer.trace(LECTURE, at=" "), "at"),
            (["forward", LECTURE, "--at", AT, "--wrt", ""], lambda: t.forward(wrt=""), "wrt"),
            (["forward", LECTURE, "--at", AT, "--wrt", ""], lambda: t.forward(wrt=[]), "wrt"),
            (["reverse", LECTURE, "--at", AT, "--seed", ""], lambda: t.reverse(seed=""), "seed"),
            (["reverse", LECTURE, "--at", AT, "--step", " ", "--params", "x1"],
             lambda: t.reverse(step=" ", params="x1"), "step")]:
        status, said, error = _refusal(runner, args, call)
        assert status == 2 and isinstance(error, tracer.errors.UsageProblem)
        assert "is empty" in said and error.message.startswith(f"{name} is empty; it takes")


def test_what_the_command_line_has_no_option_for_the_api_refuses():
    """graph and plot draw in floats, and check has no cells to quiz: their commands take no
    --exact and no --quiz (usage errors), and the API refuses alike (its graph() of an exact
    Formula drew 3 where tracer graph draws 3.0; its quiz blanked every cell of a check's
    tables). One table below both faces says which commands take them."""
    from typer.main import get_command

    from tracer.cli import app
    from tracer.pipeline import EXACT
    from tracer.views import TAKES

    commands = get_command(app).commands  # type: ignore[attr-defined]
    takes = {option: tuple(name for name, c in commands.items()
                           if any(p.name == option for p in c.params))
             for option in ("exact", *TAKES)}
    assert takes == {"exact": EXACT, **TAKES}
    exact = tracer.trace(LECTURE, at=AT, exact=True)
    for call in (exact.graph, exact.plot):
        with pytest.raises(tracer.errors.UsageProblem, match="exact=True is for trace, forward"):
            call()
    check = tracer.trace(LECTURE, at=AT).check()
    for writer in (check.to_text, check.to_markdown, check.to_latex, check.to_html,
                   check.to_csv, check.to_json):
        with pytest.raises(tracer.errors.UsageProblem, match="check takes no quiz="):
            writer(quiz="values")
    assert str(exact.hessian().hessian["x1"]["x1"]) == "1/9"  # the exact commands still are


# --- a wrong type is a TypeError that names the parameter, never one from inside -------------

THE = tracer.trace(LECTURE, at=AT)
TYPES = [
    ("source", lambda v: tracer.trace(v, at=AT)),
    ("at", lambda v: tracer.trace(LECTURE, at=v)),
    ("order", lambda v: tracer.trace(LECTURE, at=AT, order=v)),
    ("outputs", lambda v: tracer.trace(LECTURE, at=AT, outputs=v)),
    ("wrt", lambda v: THE.forward(wrt=v)),
    ("seed", lambda v: THE.reverse(seed=v)),
    ("step", lambda v: THE.reverse(step=v, params="x1")),
    ("params", lambda v: THE.reverse(step=0.1, params=v)),
    ("repeat", lambda v: THE.reverse(repeat=v)),
    ("order", lambda v: THE.derivatives(order=v, wrt="x1")),
    ("wrt", lambda v: THE.derivatives(wrt=v)),
    ("mode", lambda v: THE.graph(mode=v)),
    ("samples", lambda v: THE.plot(samples=v)),
    ("over", lambda v: THE.plot(over=v)),
    ("digits", lambda v: THE.to_text(digits=v)),
    ("quiz", lambda v: THE.to_csv(quiz=v)),
    ("fmt", lambda v: THE.plot(wrt="x1").to_image(fmt=v)),
]
WRONG_VALUES = [(1, 2), [1.5, 2.5], Path("x"), b"x1", object()]


@pytest.mark.parametrize("name, call", TYPES, ids=[f"{t[0]} of {i}" for i, t in enumerate(TYPES)])
def test_a_wrong_type_is_a_type_error_naming_the_parameter(name, call):
    import numpy as np

    for value in [*WRONG_VALUES, np.array([1.0, 2.0])]:
        with pytest.raises(TypeError) as info:
            call(value)
        assert isinstance(info.value, tracer.errors.UsageProblem), repr(info.value)
        assert name in str(info.value) and "--" not in str(info.value), str(info.value)


# --- the API's objects: what a script gets back is its own ---------------------------------

def test_changing_what_a_result_returned_changes_no_later_result():
    """passes[0].result was the run's own dict: a script that changed it changed .gradient,
    .jacobian and to_json() after it."""
    t = tracer.trace(LECTURE, at=AT)
    for result in (t.forward(), t.reverse(), t.hessian()):
        before = result.to_json()
        for one in result.passes:
            for value in vars(one).values():
                if isinstance(value, dict):
                    value.clear()
        assert result.to_json() == before


# --- every command has its call: plot without a point, swell, grade ---------------------------

def test_plot_swell_and_grade_are_calls_that_give_the_commands_json(runner, tmp_path):
    """tracer plot needs no point, tracer swell and tracer grade none at all: the API had no
    call for them (a Formula is traced at a point); tracer.plot, tracer.swell and
    tracer.grade give what the commands give."""
    asks = [(["plot", "sin(x)", "--over", "x=-1..1", "--samples", "20"],
             lambda: tracer.plot("sin(x)", over="x=-1..1", samples=20)),
            (["plot", TWO_OUTPUTS, "--at", "x1=1,x2=2", "--output", "y2", "--wrt", "x1"],
             lambda: tracer.plot(TWO_OUTPUTS, at={"x1": 1, "x2": 2}, outputs="y2", wrt="x1")),
            (["swell", "--n", "3"], lambda: tracer.swell(3)),
            (["swell", "--n", "2", "--map", "l^2 + x"], lambda: tracer.swell(2, map="l^2 + x"))]
    for args, call in asks:
        cli = run(runner, *args, "-f", "json")
        assert cli.exit_code == 0, cli.stderr
        assert json.loads(call().to_json()) == json.loads(cli.stdout)
    lecture = str(EXAMPLES / "lecture-tables.txt")
    sheet, key = tmp_path / "sheet.csv", tmp_path / "key.csv"
    assert run(runner, "reverse", lecture, "--quiz", "-o", str(sheet), "--answers",
               str(key)).exit_code == 0
    for submission, passed in ((key, True), (sheet, False)):
        cli = run(runner, "grade", str(submission), "--against", str(key), "-f", "json")
        marked = tracer.grade(submission, against=str(key))
        assert json.loads(marked.to_json()) == json.loads(cli.stdout)
        assert marked.run.passed is passed and cli.exit_code == (0 if passed else 1)
        assert repr(marked) == "<tracer result: a grade>"
    assert repr(tracer.swell(2)) == "<tracer result: expression swell>"


def test_their_refusals_are_said_in_each_faces_words(runner, tmp_path):
    key = tmp_path / "key.csv"
    key.write_text("x\n", encoding="utf-8")
    for args, call in [
            (["swell", "--map", "l^"], lambda: tracer.swell(map="l^")),
            (["plot", "x*y*z", "--at", "x=1,y=2,z=3"],
             lambda: tracer.plot("x*y*z", at="x=1,y=2,z=3")),
            (["plot", "sin(x)", "--over", "x=1..0"], lambda: tracer.plot("sin(x)", over="x=1..0")),
            (["grade", str(tmp_path / "none.csv"), "--against", str(key)],
             lambda: tracer.grade(tmp_path / "none.csv", key))]:
        status, said, error = _refusal(runner, args, call)
        assert error.message == said and (status == 2) == isinstance(error,
                                                                     tracer.errors.UsageProblem)
    for call, name in [(lambda: tracer.swell(n=11), "n must be between 1 and 10"),
                       (lambda: tracer.swell(n="3"), "n must be a whole number"),
                       (lambda: tracer.swell(map=3), "map is a formula"),
                       (lambda: tracer.grade(3, key), "submission is a file name"),
                       (lambda: tracer.grade(key, key, tolerance=2), "tolerance=2 would accept"),
                       (lambda: tracer.grade(key, key, abs_tolerance=-1),
                        "abs_tolerance=-1 is negative")]:
        with pytest.raises(tracer.errors.UsageProblem) as info:
            call()
        assert name in info.value.message and "--" not in info.value.message, info.value.message


def test_a_check_that_disagrees_is_an_error_line_and_a_warning(runner):
    """tracer check exits 1 with its disagreement as its error; the API's check() said
    nothing of it (x^x at 0: autodiff nan, sympy's -∞)."""
    from tracer.api import api_words

    cli = run(runner, "check", "x^x", "--at", "x=0", "-f", "json")
    assert cli.exit_code == 1
    said = cli.stderr.splitlines()[0].removeprefix("error: ")
    with pytest.warns(tracer.TracerWarning) as caught:
        result = tracer.trace("x^x", at="x=0").check()
    assert api_words(said) in [str(w.message) for w in caught]
    assert json.loads(result.to_json()) == json.loads(cli.stdout)
    assert [w.filename for w in caught if "disagree" in str(w.message)] == [__file__]


# --- every option the command line has for a view, every writer of the API takes ------------

WRITERS = {"terminal": "to_text", "markdown": "to_markdown", "latex": "to_latex",
           "html": "to_html", "csv": "to_csv"}
VIEWS = [(["--sweep"], {"sweep": True}), (["--graph"], {"graph": True}),
         (["--no-heading"], {"heading": False}), (["--max-rows", "3"], {"max_rows": 3}),
         (["--sweep", "--graph", "--no-heading", "--max-rows", "5", "--compact", "--quiz=rules",
           "--digits", "6"],
          {"sweep": True, "graph": True, "heading": False, "max_rows": 5, "compact": True,
           "quiz": "rules", "digits": 6})]
LOOP = "s = 0\nfor i in range(30):\n    s = s + x*i\ny = s"


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("args, kw", VIEWS, ids=[" ".join(v[0]) for v in VIEWS])
def test_every_writer_takes_what_the_options_ask_of_a_view(runner, fmt, args, kw):
    """--sweep changed the terminal's, LaTeX's, HTML's and CSV's text, --graph and
    --no-heading the terminal's and HTML's, --max-rows CSV's: only to_markdown took sweep=,
    no writer graph=, to_csv no max_rows=."""
    cli = run(runner, "reverse", LOOP, "--at", "x=1", "-f", fmt, *args)
    assert cli.exit_code == 0, cli.stderr
    result = tracer.trace(LOOP, at="x=1").reverse()
    assert getattr(result, WRITERS[fmt])(**kw) == cli.stdout
    plain = run(runner, "reverse", LOOP, "--at", "x=1", "-f", fmt).stdout
    assert cli.stdout != plain or (fmt == "csv" and set(kw) <= {"graph", "heading"})


def test_a_graph_writes_every_format_tracer_graph_writes(runner):
    """tracer graph -f terminal, markdown and json had no call: Graph wrote Mermaid, DOT and
    SVG only (its Jupyter Markdown is the Mermaid block alone)."""
    source = "# A title\n# a comment\ny = x1*x2 + x2 - log(x1)"
    for args, kw in (([], {}), (["--comments", "--digits", "6"], {"comments": True, "digits": 6})):
        g = tracer.graph(source, at=AT, mode="reverse")
        for fmt, writer in (("terminal", g.to_text), ("markdown", g.to_markdown),
                            ("json", g.to_json), ("mermaid", g.to_mermaid), ("dot", g.to_dot)):
            cli = run(runner, "graph", source, "--at", AT, "--mode", "reverse", "-f", fmt, *args)
            assert cli.exit_code == 0, cli.stderr
            said = {k: v for k, v in kw.items() if fmt in ("terminal", "markdown") or
                    (k == "digits" and fmt != "json")}
            assert writer(**said) == cli.stdout, fmt


def test_a_refusal_that_names_a_command_names_its_call():
    """A check too large says to see swell grow: the API's words named the command, "tracer
    swell", when tracer.swell() is its call."""
    from tracer.api import api_words

    with pytest.raises(tracer.errors.LimitError) as info:
        tracer.trace("y = sum(sin(A) * A)", at="A=ones(400,400)").check()
    assert "see it grow with tracer.swell()" in info.value.message
    assert api_words("grade it with tracer grade --against key.csv") == \
        'grade it with tracer.grade(against="key.csv")'


def test_what_is_computed_alike_is_equal():
    """Two traces of one formula at one point, and the same computation on each, were unequal
    (only the same object was equal); a copy or a pickle's round trip is equal too."""
    import copy
    import pickle

    one, other = tracer.trace(LECTURE, at=AT), tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    elsewhere = tracer.trace(LECTURE, at="x1=2,x2=-4")
    assert one == other and one != elsewhere
    for compute in (lambda t: t, lambda t: t.forward(), lambda t: t.reverse(),
                    lambda t: t.jacobian(), lambda t: t.hessian(), lambda t: t.check(),
                    lambda t: t.derivatives(wrt="x1"), lambda t: t.graph(), lambda t: t.plot()):
        made = compute(one)
        assert made == compute(other) == copy.deepcopy(made) == pickle.loads(pickle.dumps(made))
        assert made != compute(elsewhere)
    assert one.forward() != one.reverse() and one.reverse(seed="y=2") != one.reverse()
    assert one != one.reverse() and one.graph() != one.plot()
    with pytest.raises(TypeError):
        hash(one)


def test_a_graphs_picture_is_the_one_tracer_graph_draws(runner, tmp_path):
    """tracer graph -o graph.png had no call (to_svg() alone)."""
    import shutil

    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    source = "y = 2*dot(x, x)"
    for fmt in ("png", "svg"):
        out = tmp_path / f"graph.{fmt}"
        assert run(runner, "graph", source, "--at", "x=[0, 1, 2]", "-o", str(out)).exit_code == 0
        drawn = tracer.graph(source, at={"x": [0, 1, 2]}).to_image(fmt)
        assert drawn == out.read_bytes()
    with pytest.raises(tracer.errors.UsageProblem, match="a graph's image is svg or png, not pdf"):
        tracer.graph(source, at={"x": [0, 1, 2]}).to_image("pdf")


def test_a_number_type_of_numpy_counts_as_the_command_lines_number():
    import numpy as np

    t = tracer.trace("y = 2*dot(x, x)", at={"x": [0, 1, 2, 3]})
    assert t.reverse(repeat=np.int64(2)) == t.reverse(repeat=2)
    assert t.reverse(repeat=np.int64(2)).accumulated == t.reverse(repeat=2).accumulated
    with pytest.raises(tracer.errors.UsageProblem, match="repeat must be a whole number"):
        t.reverse(repeat=np.int64(0))


ASKED = [  # a view's option its run's command does not take: the command line's usage error
    (["forward", "--sweep"], lambda t: t.forward().to_markdown(sweep=True)),
    (["trace", "--graph"], lambda t: t.to_text(graph=True)),
    (["jacobian", "--max-rows", "3"], lambda t: t.jacobian().to_html(max_rows=3)),
    (["trace", "--compact"], lambda t: t.to_latex(compact=True)),
    (["check", "--quiz"], lambda t: t.check().to_csv(quiz="values")),
    (["jacobian", "--compact"], lambda t: t.jacobian().document(compact=True)),
]
GRADED = [  # grade takes neither --no-heading nor --comments; heading=False changed its text
    (["--no-heading"], {"heading": False}), (["--comments"], {"comments": True}),
    (["--standalone"], {"standalone": True})]


def test_a_grade_takes_what_tracer_grade_takes(runner, tmp_path):
    key = tmp_path / "key.csv"
    lecture = str(EXAMPLES / "lecture-tables.txt")
    assert run(runner, "reverse", lecture, "--quiz", "-o", str(tmp_path / "sheet.csv"),
               "--answers", str(key)).exit_code == 0
    marked = tracer.grade(key, key)
    for args, kw in GRADED:
        cli = run(runner, "grade", str(key), "--against", str(key), *args)
        assert cli.exit_code == 2 and f"grade has no option {args[0]}" in cli.stderr
        writers = (marked.to_latex,) if "standalone" in kw else \
            (marked.to_markdown, marked.to_text, marked.document)
        for writer in writers:
            with pytest.raises(tracer.errors.UsageProblem, match="grade takes no"):
                writer(**kw)


@pytest.mark.parametrize("args, call", ASKED, ids=[" ".join(a[0]) for a in ASKED])
def test_an_option_a_command_does_not_take_no_writer_takes(runner, args, call):
    """The API took sweep=True of a forward run, graph=True of a trace …, and wrote the
    same text as without it; the command line refuses those options of those commands."""
    cli = run(runner, args[0], LECTURE, "--at", AT, *args[1:])
    assert cli.exit_code == 2 and f"{args[0]} has no option {args[1]}" in cli.stderr
    with pytest.raises(tracer.errors.UsageProblem) as info:
        call(tracer.trace(LECTURE, at=AT))
    option = args[1].removeprefix("--").replace("-", "_")
    assert f"{args[0]} takes no {option}=" in info.value.message
    assert info.value.message.startswith(option)
