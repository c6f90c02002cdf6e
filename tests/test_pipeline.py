"""The API the CLI stands on: values, program defaults, passes, Jacobians, training steps."""

from __future__ import annotations

import math

import pytest
from helpers import LECTURE, run

from tracer import pipeline
from tracer.core import runs
from tracer.core.parse import parse
from tracer.errors import NameProblem, ParseError, TracerError, UsageProblem


def test_values_are_constant_expressions():
    values = pipeline.parse_values("x1=3, x2=-4, t=pi/3, b=log(8, 2)")
    assert {k: v.value for k, v in values.items()} == pytest.approx(
        {"x1": 3, "x2": -4, "t": 1.0471975512, "b": 3})
    with pytest.raises(NameProblem, match="y is not a constant"):
        pipeline.parse_values("x=y")
    with pytest.raises(NameProblem, match="x is given twice"):
        pipeline.merge_values(["x=1", "x=2"])
    assert pipeline.constant_text("1/4").value == 0.25
    with pytest.raises(TracerError, match="a single number"):
        pipeline.constant_text("1; 2")


def test_program_defaults():
    program = parse("@at x=1, y=2\n@at z=3\n@output a, b\n@order source\n@params w*\n"
                    "@step 0.5\na = x*y\nb = a + z\n")
    d = pipeline.defaults(program)
    assert {k: v.value for k, v in d.at.items()} == {"x": 1, "y": 2, "z": 3}
    assert d.outputs == ["a", "b"] and d.order == "source"
    assert d.params == ["w*"] and d.step.value == 0.5


@pytest.mark.parametrize("text, message", [
    ("@at x=1\n@at x=2\ny = x", "x is given twice"),
    ("@step 1\n@step 2\ny = x", "@step appears twice"),
    ("@order sideways\ny = x", "@order must be one of level, source"),
    ("@at x=$\ny = x", "unexpected character"),
])
def test_bad_defaults_are_placed_in_the_program(text, message):
    with pytest.raises(TracerError) as info:
        pipeline.defaults(parse(text))
    assert message in info.value.message
    assert info.value.source == text and info.value.where()[0] == text.count("\n", 0,
                                                                              info.value.pos) + 1


def test_at_overrides_the_defaults_and_comes_first():
    ev = pipeline.prepare("@at x1=1, x2=2\ny = x1*x2", {"x2": 5})
    assert ev.trace.inputs == ("x2", "x1") and ev.point == {"x2": 5, "x1": 1}


def test_sinks_are_the_final_values():
    assert pipeline.sinks(parse("a = x*2\nb = a + 1\nc = x - 1")) == ["b", "c"]
    assert pipeline.sinks(parse("x*2")) is None


def test_select_takes_globs_in_input_order():
    names = ["x1", "w11", "w12", "bh", "t"]
    assert pipeline.select(["b*", "w*"], names) == ["w11", "w12", "bh"]
    with pytest.raises(NameProblem, match="--params: q\\* matches no input"):
        pipeline.select(["q*"], names)


def test_select_reads_an_arrays_name_as_every_element_as_wrt_does():
    names = ["W[0,0]", "W[0,1]", "b[0]", "bh", "x[0]"]
    assert pipeline.select(["W", "b"], names) == ["W[0,0]", "W[0,1]", "b[0]"]
    assert pipeline.select(["b*"], names) == ["b[0]", "bh"]
    assert pipeline.select(["W[0,1]"], names) == ["W[0,1]"]
    with pytest.raises(NameProblem, match="--params: W\\[1,0\\] matches no input"):
        pipeline.select(["W[1,0]"], names)


def test_a_step_from_the_programs_own_lines_names_them_in_its_errors():
    program = parse("@params W, q\n@step 0.1\n@at W=[1, 2], q0=1\nE = sum(W*W) * q0")
    run = pipeline.run_reverse(pipeline.prepare(program))
    with pytest.raises(NameProblem, match="@params: q matches no input"):
        pipeline.training_step(program, run)


def test_descent_step():
    ev = pipeline.prepare("E = (w*x - t)^2", {"w": 1, "x": 2, "t": 3})
    run = pipeline.descent_step(pipeline.run_reverse(ev), ["w"], 0.1)
    (update,) = run.updates
    assert (update.old, update.gradient, update.new) == pytest.approx((1, -4, 1.4))
    two = pipeline.prepare("a = w*x\nb = w - x", {"w": 1, "x": 2}, outputs=["a", "b"])
    with pytest.raises(NameProblem, match="--step needs one output"):
        pipeline.descent_step(pipeline.run_reverse(two), ["w"], 0.1)


def test_jacobian_both_ways():
    ev = pipeline.prepare("y1 = x1*x2\ny2 = sin(x1) + x2\ny3 = x1/x2", {"x1": 1, "x2": 2},
                     outputs=["y1", "y2", "y3"])
    jac = pipeline.jacobian(ev)
    assert jac.matrix["y3"] == pytest.approx({"x1": 0.5, "x2": -0.25})
    assert jac.disagreement == 0
    assert (jac.cost("forward").passes, jac.cost("reverse").passes) == (2, 3)
    assert jac.cost("forward").operations == 2 * ev.trace.operations
    assert jac.cheaper == "forward"
    assert jac.reason.startswith("Forward mode is cheaper here: with 2 inputs and 3 outputs")


def test_jacobian_of_a_square_map_says_neither():
    ev = pipeline.prepare("a = x*y\nb = x + y", {"x": 1, "y": 2}, outputs=["a", "b"])
    assert pipeline.jacobian(ev).cheaper is None
    assert pipeline.jacobian(ev).reason.startswith("Neither mode is cheaper")


def test_forward_with_several_outputs_fills_columns():
    ev = pipeline.prepare("a = x*y\nb = x + y\nc = x", {"x": 3, "y": 2}, outputs=["a", "b", "c"])
    run = pipeline.run_forward(ev)
    assert run.jacobian == {"a": {"x": 2, "y": 3}, "b": {"x": 1, "y": 1}, "c": {"x": 1, "y": 0}}


def test_reverse_seed_is_a_vector_jacobian_product():
    ev = pipeline.prepare("a = x*y\nb = x + y", {"x": 3, "y": 2}, outputs=["a", "b"])
    run = pipeline.run_reverse(ev, {"a": 1, "b": 1})
    assert run.passes[0].result == {"x": 3, "y": 4}


def test_load_passes_programs_through():
    program = parse("x*2")
    assert pipeline.load(program) is program
    with pytest.raises(ParseError):
        pipeline.load("x*")


def test_jacobian_modes_disagree_when_one_entry_is_not_a_number_like_the_other():
    # A finite tangent that overflows a float (709 e^709) where reverse mode stays finite:
    # the modes differ in kind, and the sentence says so rather than "agree … 0".
    ev = pipeline.prepare("a = log(exp(709*x))\nb = x", {"x": 1}, outputs=["a", "b"])
    jac = pipeline.jacobian(ev)
    assert [(o, x) for o, x, *_ in jac.disagreements] == [("a", "x")]
    assert jac.disagreement == math.inf
    assert jac.agreement.startswith("Forward and reverse mode disagree: ∂a/∂x is ∞ by forward "
                                    "mode and 709 by reverse mode")


def test_jacobian_entries_agree_in_kind():
    assert runs._same_kind(math.nan, math.nan) and runs._same_kind(math.inf, math.inf)
    assert not runs._same_kind(math.nan, 1.0) and not runs._same_kind(1.0, math.nan)
    assert not runs._same_kind(math.inf, -math.inf)
    assert not runs._same_kind(math.inf, 1e308) and runs._same_kind(1.0, 2.0)
    ev = pipeline.prepare("a = sqrt(x)*0 + x\nb = asin(sign(x))", {"x": 0}, outputs=["a", "b"])
    jac = pipeline.jacobian(ev)
    assert jac.disagreements == [] and jac.disagreement == 0
    assert jac.agreement == ("Forward and reverse mode agree: the largest difference between "
                             "their entries is 0.")


# --- the FORMULA argument -----------------------------------------------------------------------

def no_stdin() -> str:
    raise AssertionError("standard input is read only for -")


def test_a_source_is_the_text_a_file_or_standard_input(tmp_path, monkeypatch):
    from tracer.errors import InputFileError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.txt").write_text("x^2\n", encoding="utf-8")
    (tmp_path / "b").write_text("sin(b)", encoding="utf-8")
    (tmp_path / "d").mkdir()
    assert pipeline.read_source("x1*x2", no_stdin) == pipeline.Source("x1*x2")
    assert pipeline.read_source("f.txt", no_stdin) == pipeline.Source("x^2\n", "f.txt")
    assert pipeline.read_source("-", lambda: "x+1") == pipeline.Source("x+1", "<stdin>")
    both = pipeline.read_source("b", no_stdin)
    assert both.text == "sin(b)" and both.name == "b" and "write (b)" in both.note
    assert pipeline.read_source("(b)", no_stdin) == pipeline.Source("(b)")
    assert pipeline.read_source("1.5e3", no_stdin) == pipeline.Source("1.5e3")
    for arg, message in [("d", r"d is a folder.*write \(d\)"), ("g.txt", r"no such file: g\.txt$"),
                         ("A.T", r"write \(A\.T\)"), ("a" * 300 + ".txt", "file name too long")]:
        with pytest.raises(InputFileError, match=message):
            pipeline.read_source(arg, no_stdin)
    with pytest.raises(InputFileError, match="standard input is empty"):
        pipeline.read_source("-", lambda: " \n")
    monkeypatch.setenv("HOME", str(tmp_path))  # "~/f.txt" in quotes: the shell left the ~
    with pytest.raises(InputFileError, match=r"^no such file: ~/f\.txt \(the shell puts your "
                       r"home folder for ~ only outside quotes: .*f\.txt\)$"):
        pipeline.read_source("~/f.txt", no_stdin)
    # f.txt/ was a formula: "expected a number, a name or '(' after '/'"
    with pytest.raises(InputFileError, match=r"^f\.txt/ ends with /, as a folder's name does, "
                       r"but f\.txt is a file: leave out the /$"):
        pipeline.read_source("f.txt/", no_stdin)


@pytest.mark.parametrize(("text", "formula"), [
    ("x", True), ("x1*x2+x2-log(x1)", True), ("A.T", True), ("b.shape", True),
    ("x.txt", False), ("examples/nn.txt", False), ("sin.txt", False), ("sin", False),
    ("notes/", False), ("", False), ("((", False),
])
def test_formula_like(text, formula):
    assert pipeline.formula_like(text) is formula


# --- the checks both faces call ------------------------------------------------------------

def test_forward_is_along_wrt_or_a_seed_never_both():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    with pytest.raises(UsageProblem, match="give --wrt or --seed, not both"):
        pipeline.run_forward(ev, ["x1"], {"x2": 1})
    assert pipeline.run_forward(ev, ["x1"], {}).passes[0].unit == "x1"  # an empty seed: none


@pytest.mark.parametrize("mode, wrt, message", [
    ("sideways", None, "--mode sideways: the modes are forward and reverse"),
    (3, None, "--mode 3: the modes are"),
    (None, "x1", "--wrt seeds the tangents of forward mode; add --mode forward"),
    ("reverse", "x1", "--wrt seeds forward mode; reverse mode seeds ȳ = 1 on the output"),
])
def test_a_graphs_mode_and_seed_are_checked(mode, wrt, message):
    with pytest.raises(UsageProblem) as info:
        pipeline.check_graph(mode, wrt)
    assert info.value.message.startswith(message)


def test_a_graph_may_be_plain_or_seeded_in_forward_mode():
    for mode, wrt in ((None, None), ("reverse", None), ("forward", None), ("forward", "x1")):
        pipeline.check_graph(mode, wrt)  # no error


@pytest.mark.parametrize("repeat", [0, -1, pipeline.MAX_REPEAT + 1, "2", 2.0, True, None])
def test_repeat_is_a_whole_number_in_range(repeat):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    with pytest.raises(UsageProblem, match=f"--repeat must be a whole number from 1 to "
                                           f"{pipeline.MAX_REPEAT}, got {repeat!r}"):
        pipeline.run_reverse(ev, None, repeat)


def test_repeat_at_its_bounds_runs():
    ev = pipeline.prepare("y = x^2", {"x": 3})
    once = pipeline.run_reverse(ev).passes[0].result["x"]
    assert pipeline.run_reverse(ev, None, 1).accumulated == ()  # one pass: nothing to add
    most = pipeline.run_reverse(ev, None, pipeline.MAX_REPEAT).accumulated
    assert len(most) == pipeline.MAX_REPEAT
    assert most[-1]["x"] == pytest.approx(pipeline.MAX_REPEAT * once)


def test_the_checks_know_the_choices_of_the_layers_above():
    from tracer.analysis.graph import MODES as GRAPH
    from tracer.teaching.quiz import MODES as QUIZ

    assert pipeline.QUIZ_MODES == QUIZ and pipeline.GRAPH_MODES == GRAPH


@pytest.mark.parametrize("quiz", ["bogus", "", True, 1])
def test_a_quiz_blanks_values_or_rules(quiz):
    with pytest.raises(UsageProblem, match=r"the modes are --quiz \(values\) and --quiz=rules"):
        pipeline.check_quiz(quiz)
    for mode in (None, "values", "rules"):
        pipeline.check_quiz(mode)


@pytest.mark.parametrize("order", ["sideways", "Level", 1])
def test_the_row_order_is_level_or_source(order):
    with pytest.raises(UsageProblem, match=r"--order .*: the row orders are level and source"):
        pipeline.prepare("y = x", {"x": 1}, order)


@pytest.mark.parametrize("rate, shown", [(-1, "-1"), (0, "0"), (math.inf, "inf"),
                                         (pipeline.constant_text("-pi"), "-3.14159")])
def test_a_step_asked_for_is_a_positive_finite_rate(rate, shown):
    """Checked first, as typed: before "needs --params" (the CLI's order of old)."""
    ev = pipeline.prepare("E = (w*x - 1)^2", {"w": 1, "x": 2})
    with pytest.raises(UsageProblem) as info:
        pipeline.training_step(parse("E = (w*x - 1)^2"), pipeline.run_reverse(ev), rate)
    assert info.value.message.startswith(f"--step {shown}: the learning rate")


def test_a_step_and_its_parameters_come_together():
    ev = pipeline.prepare("E = (w*x - 1)^2", {"w": 1, "x": 2})
    program = parse("E = (w*x - 1)^2")
    with pytest.raises(UsageProblem, match="--step needs --params"):
        pipeline.training_step(program, pipeline.run_reverse(ev), 0.1)
    with pytest.raises(UsageProblem, match=r"give the step with --step$"):
        pipeline.training_step(program, pipeline.run_reverse(ev), None, ["w"])
    stepped = pipeline.training_step(program, pipeline.run_reverse(ev), 0.1, ["w"])
    assert [u.name for u in stepped.updates] == ["w"]


@pytest.mark.parametrize("args, message", [
    (["reverse", LECTURE, "--at", "x1=3,x2=-4", "--repeat", "0"], "--repeat must be"),
    (["reverse", LECTURE, "--at", "x1=3,x2=-4", "--repeat", "101"], "from 1 to 100, got 101"),
    (["forward", LECTURE, "--at", "x1=3,x2=-4", "--wrt", "x1", "--seed", "x2=1"], "not both"),
    (["graph", LECTURE, "--at", "x1=3,x2=-4", "--wrt", "x1"], "add --mode forward"),
    (["reverse", "E = (w*x - 1)^2", "--at", "w=1,x=2", "--step", "-1", "--params", "w"],
     "--step -1: the learning rate -1 is not a positive number"),
    (["trace", LECTURE, "--at", "x1=3,x2=-4", "--quiz=bogus"], "--quiz=bogus: the modes are"),
])
def test_the_command_line_refuses_through_the_same_checks(runner, args, message):
    result = run(runner, *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert result.stdout == ""


def test_alike_note_names_each_group_of_names_that_print_alike():
    program = parse("a1 = theta2 + θ2\na_1 = a1 * x₁ + x1")
    trace = pipeline.prepare(program, {"theta2": 1, "θ2": 2, "x₁": 3, "x1": 4}).trace
    note = pipeline.alike_note(trace)
    assert note == ("a1 and a_1 both print as a₁; theta2 and θ2 both print as θ₂; x1 and x₁ "
                    "both print as x₁: rename one to tell them apart in the tables")
    assert pipeline.alike_note(pipeline.prepare("y = x1 + x2", {"x1": 1, "x2": 2}).trace) \
        is None
    # a def's names print with its name in front (f.x₁, g.x₁): apart from each other and x₁
    defs = pipeline.prepare("def f(a):\n    x1 = a*2\n    return x1\ndef g(a):\n    x_1 = a+1\n"
                            "    return x_1\ny = f(x_1) + g(x_1)", {"x_1": 1})
    assert pipeline.alike_note(defs.trace) is None


def test_alike_note_names_a_programs_own_v_names_standing_at_other_rows():
    """Griewank and Walther number their program's values v1, v2 …; in level order the row
    the program calls v3 is the table's v₂, and the table read "v₂ (v₃) = exp(v₀)" with no
    word of it. In source order the rows are numbered as the program's lines go: no note."""
    gw = ("v1 = x1/x2\nv2 = sin(v1)\nv3 = exp(x2)\nv4 = v1 - v3\nv5 = v2 + v4\n"
          "y = v5*v4")
    at = {"x1": 1.5, "x2": 0.5}
    assert pipeline.alike_note(pipeline.prepare(gw, at).trace) == (
        "v2, v3 print as the tables' names of other rows (v3 is row v₂, and v₃ is another): "
        "--order source numbers the rows as the program's lines go, or rename them")
    assert pipeline.alike_note(pipeline.prepare(gw, at, order="source").trace) is None
    inputs = pipeline.prepare("y = v0 * v1", {"v0": 1, "v1": 2}).trace  # rows v₋₁ and v₀
    assert pipeline.alike_note(inputs) == (
        "v0, v1 print as the tables' names of other rows (v0 is row v₋₁, and v₀ is another): "
        "--order source numbers the rows as the program's lines go, or rename them")


def test_a_programs_defaults_are_read_once():
    """A command asks for the @ lines several times; an @at of 10^5 numbers was read three
    times (3 s of 4): the defaults are read once per program and shared."""
    from tracer.core.parse import parse

    program = parse("@at x = [1, 2, 3]\n@output y\ny = sum(x)")
    first = pipeline.defaults(program)
    assert pipeline.defaults(program) is first
    assert list(first.at) == ["x"] and first.outputs == ["y"]
    assert pipeline.defaults(parse("@at x = 2\ny = x")) is not first


EXERCISE_2 = """import torch
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()
print(x.grad)
y.backward()
x.grad.zero_()
y.backward()
"""


def test_course_lines_give_the_inputs_output_seed_and_passes():
    found = pipeline.defaults(parse(EXERCISE_2))
    assert [c.value for c in found.at["x"].items] == [0, 1, 2, 3]
    assert found.outputs is None  # the y.backward() lines name it: lowering finds its value
    assert found.backward.output == "y" and found.backward.passes == 3
    assert found.backward.zeroed == ((2, "x"),)
    assert [(name, seed) for name, seed, _ in found.backward.lines] == [("y", None)] * 3
    trace = pipeline.prepare(EXERCISE_2).trace
    assert trace.output_names == ("y",) and trace.backward == ("y", "y", "y")
    seeded = pipeline.defaults(parse("a = Value(2.0)\nd = a*a\nd.backward(torch.ones_like(d))"))
    assert seeded.backward.seed == {"d": pipeline.parse_seeds("d=ones")["d"]}
    assert seeded.at["a"].value == 2.0 and seeded.drawn == ()


def test_options_given_win_over_course_lines():
    found = pipeline.defaults(parse(EXERCISE_2))
    assert pipeline.backward_options(found, None, 1) == (None, 3, ((2, "x"),), None)
    assert pipeline.backward_options(found, None, 2) == (None, 2, (), None)  # --repeat 2
    assert pipeline.backward_options(found, {"y": 2}, 1)[0] == {"y": 2}  # --seed y=2
    given = pipeline.defaults(parse("@at x = [5, 6]\n" + EXERCISE_2))
    assert [c.value for c in given.at["x"].items] == [5, 6]  # @at wins over the line
    ev = pipeline.prepare(EXERCISE_2, pipeline.parse_values("x = [1, 1, 1, 1]"))  # --at too
    assert ev.value(ev.trace.outputs[0][1]) == 8


def _accumulated(source: str, at=None, outputs=None) -> list[dict]:
    """x.grad after each backward pass, as the command line runs a program's lines."""
    program = parse(source)
    run = pipeline.reverse_run(pipeline.defaults(program),
                               pipeline.prepare(program, at, outputs=outputs))
    return [dict(grad) for grad in run.accumulated] or [dict(run.passes[0].result)]


def test_backward_lines_of_different_outputs_or_seeds_are_passes_of_their_own():
    """Each y.backward() differentiates what it names, along its gradient, into one .grad, as
    PyTorch does (these refusals of earlier versions now run; the numbers are PyTorch's,
    worked by hand: d(2x)/dx = 2, d(3x)/dx = 3)."""
    assert _accumulated("x = Value(1.0)\ny = x*2\nz = x*3\ny.backward()\nz.backward()") == \
        [{"x": 2}, {"x": 5}]
    assert _accumulated("x = Value(1.0)\ny = x*2\ny.backward(torch.ones_like(y))\n"
                        "y.backward(torch.tensor(2.0))") == [{"x": 2}, {"x": 6}]
    # y differentiated as it is on its line, then y given another value: d2l's autograd
    # section (y = 2 x·x, then y = sum(x), x.grad zeroed between)
    d2l = ("x = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\ny.backward()\n"
           "x.grad.zero_()\ny = x.sum()\ny.backward()")
    grads = _accumulated(d2l)
    assert [[g[f"x[{i}]"] for i in range(4)] for g in grads] == [[0, 4, 8, 12], [1, 1, 1, 1]]
    trace = pipeline.prepare(d2l).trace
    assert trace.backward == ("y", "y′") and trace.output_names == ("y", "y′")


def test_an_output_named_takes_the_backward_lines_of_that_output_alone():
    """--output y′ of a program that differentiates y, then y′: y′'s line is one pass (it
    ran as two, each of y′, x̄ doubled: [6, 6, 6] where PyTorch's y′.backward() gives
    [3, 3, 3]); a line's array gradient goes with its own output (it was refused: "--seed: y
    is not an output"); a zeroing between kept lines stays, renumbered."""
    several = ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = (x * x).sum()\n"
               "y.backward()\ny = 3 * x.sum()\ny.backward()")
    grads = [[g[f"x[{i}]"] for i in range(3)] for g in _accumulated(several, outputs=["y′"])]
    assert grads == [[3, 3, 3]]
    assert pipeline.prepare(several, outputs=["y′"]).trace.marks == ("y", "y′")
    grads = [[g[f"x[{i}]"] for i in range(3)] for g in _accumulated(several, outputs=["y"])]
    assert grads == [[2, 4, 6]]
    seeded = ("x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)\ny = x * x\n"
              "y.backward(torch.tensor([1.0, 2.0, 3.0]))\ny = x * 3\n"
              "y.backward(gradient=torch.tensor([0.5, 0.0, -1.0]))")
    grads = [[g[f"x[{i}]"] for i in range(3)] for g in _accumulated(seeded, outputs=["y′"])]
    assert grads == [[1.5, 0, -3]]
    kept = ("x = Value(2.0)\ny = x*x\ny.backward()\nz = x*3\nx.grad.zero_()\nz.backward()\n"
            "y = x*x*x\ny.backward()\nx.grad.zero_()\nz.backward()")
    # y (4), z (3), zeroed, y′ (12), zeroed, z (3): --output y,y′ runs y, then y′ after a
    # zeroing (the one before z's pass); z's passes are not of these outputs
    assert _accumulated(kept, outputs=["y", "y′"]) == [{"x": 4}, {"x": 12}]
    assert _accumulated(kept, outputs=["z"]) == [{"x": 3}, {"x": 3}]  # zeroed between


def test_a_seed_given_over_lines_of_their_own_is_one_pass_along_it():
    """--seed z=1 of y.backward(); z.backward(): one pass along the seed, as --seed is over
    any program (it ran as many passes as the program has lines, each along z: ā = 4, then
    8, a gradient no line of the program accumulates)."""
    found = pipeline.defaults(parse("a = Value(2.0)\ny = a*a\ny.backward()\nz = a*3\n"
                                    "z.backward()"))
    assert pipeline.backward_options(found, {"z": 1}, 1, ("y", "z"), ("y", "z")) == \
        ({"z": 1}, 1, (), None)
    assert pipeline.backward_options(found, {"z": 1}, 3, ("y", "z"), ("y", "z")) == \
        ({"z": 1}, 3, (), None)  # --repeat 3 as given


def test_a_backward_line_pytorch_refuses_is_named_at_its_line():
    """Of several y.backward() lines, the one PyTorch stops at (an array y without a gradient,
    a gradient not in y's shape) is placed: the error had no line."""
    text = ("x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x.sum()\ny.backward()\n"
            "y = x * x\ny.backward()")
    with pytest.raises(TracerError, match="without a gradient needs a scalar y") as info:
        _accumulated(text)
    assert info.value.where()[0] == 5
    with pytest.raises(TracerError, match="gradient is not in y's shape") as info:
        _accumulated("x = torch.tensor(2.0, requires_grad=True)\ny = x * x\n"
                     "y.backward(torch.tensor([1.0, 2.0]))")
    assert info.value.where()[0] == 3


def test_course_lines_that_cannot_be_followed_say_why_and_where():
    with pytest.raises(TracerError, match="this line makes w an input, whose value is a "
                       "constant") as info:
        pipeline.defaults(parse("y = 1\nw = torch.tensor([x, 2.0], requires_grad=True)"))
    assert info.value.where()[0] == 2
    many = "x = Value(1.0)\ny = x*2\n" + "y.backward()\n" * 101
    with pytest.raises(TracerError, match=r"calls y.backward\(\) 101 times: tracer runs at "
                       "most 100"):
        pipeline.backward_options(pipeline.defaults(parse(many)), None, 1)
    # passes of their own (y and z) are bounded the same
    with pytest.raises(TracerError, match=r"calls backward 101 times: tracer runs at most 100"):
        pipeline.backward_options(pipeline.defaults(parse(
            "x = Value(1.0)\ny = x*2\nz = x*3\ny.backward()\n" + "z.backward()\n" * 100)),
            None, 1)


def test_a_random_input_is_drawn_the_same_every_run_and_noted():
    text = "a = torch.randn(size=(2, 3), requires_grad=True)\nd = (a * 2).sum()"
    first, second = (pipeline.prepare(text) for _ in range(2))
    assert first.point == second.point and len(first.point) == 6
    note = pipeline.drawn_note(parse(text))
    assert note.startswith("a is made at random: tracer drew its values with a fixed seed (0)")
    assert "--at a=…" in note
    assert pipeline.drawn_note(parse(text), ["a"]) is None  # given with --at: no note
    many = "import torch\n" + "".join(f"w{i} = torch.randn(2, requires_grad=True)\n"
                                        for i in range(6)) + "y = w0.sum()\ny.backward()\n"
    # a line at most: three names and how many more (4,000 random inputs noted 53 KB of them)
    assert pipeline.drawn_note(parse(many)).startswith("w0, w1, w2 and 3 more are made at "
                                                       "random")
    assert pipeline.unread_note(parse(many), pipeline.prepare(many)).startswith(
        "w1, w2, w3 and 2 more are made an input, and no line reads them")
    assert pipeline.drawn_note(parse("@at a = [1, 2]\n" + text.replace("2, 3", "2"))) is None


def test_a_training_step_as_pytorch_writes_it_gives_the_params_and_rate():
    """w -= lr * w.grad under torch.no_grad() (lr on a line of its own), and an SGD
    optimizer's step(): the parameters and learning rate of --step."""
    text = ("lr = 0.05\nw = torch.tensor([1.0, -1.0], requires_grad=True)\n"
            "b = torch.tensor(0.5, requires_grad=True)\nloss = ((w * 2).sum() + b) ** 2\n"
            "loss.backward()\nwith torch.no_grad():\n    w -= lr * w.grad\n"
            "    b -= lr * b.grad\n    w.grad.zero_()\n")
    found = pipeline.defaults(parse(text))
    assert found.params == ["w", "b"] and found.step.value == 0.05
    sgd = ("w = Value(1.0)\nopt = torch.optim.SGD([w], lr=0.1)\nopt.zero_grad()\n"
           "loss = w * w\nloss.backward()\nopt.step()")
    found = pipeline.defaults(parse(sgd))
    assert found.params == ["w"] and found.step.value == 0.1
    run = pipeline.training_step(found, pipeline.run_reverse(pipeline.prepare(sgd)))
    assert [(u.name, u.new) for u in run.updates] == [("w", pytest.approx(0.8))]
    given = pipeline.defaults(parse("@step 0.5\n" + sgd))
    assert given.step.value == 0.5  # an @ line wins
    with pytest.raises(TracerError, match="the steps take two learning rates"):
        pipeline.defaults(parse(text.replace("b -= lr", "b -= 0.1")))
    with pytest.raises(ParseError, match=r"a line of with torch.no_grad\(\): is read as a "
                       "gradient-descent step"):
        parse(text.replace("    w.grad.zero_()", "    w += 1"))
    with pytest.raises(ParseError, match=r"opt\.step\(\): opt is no optimizer made before it"):
        parse("w = Value(1.0)\nloss = w * w\nloss.backward()\nopt.step()")


def test_a_step_pytorch_would_not_take_as_tracer_takes_it_is_refused_at_its_line():
    """PyTorch leaves w as it is when its step comes before any backward pass (.grad None) or
    after optimizer.zero_grad(); it steps twice on two step() lines; a backward pass after the
    step is at the new values. tracer took one step along the gradient in each (w = [1, 2]
    became [0.8, 1.6] where torch has [1, 2], [1, 2] and [0.6, 1.2]): each is refused."""
    head = "w = torch.tensor([1.0, 2.0], requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n"
    loss = "loss = (w ** 2).sum()\nloss.backward()\n"
    cases = {head + "opt.step()\n" + loss: "the step of w comes before any backward pass",
             head + loss + "opt.zero_grad()\nopt.step()\n":
                 "w's gradient is zeroed after the last backward pass, before this step",
             head + loss + "with torch.no_grad():\n    w.grad.zero_()\n    w -= 0.1 * w.grad\n":
                 "w's gradient is zeroed after the last backward pass",
             head + loss + "opt.step()\nopt.step()\n": "w is stepped twice",
             head + loss + "opt.step()\nopt.zero_grad()\nloss.backward()\nopt.step()\n":
                 r"loss\.backward\(\) after the training step"}
    for text, message in cases.items():
        with pytest.raises(TracerError, match=message) as caught:
            pipeline.defaults(parse(text))
        assert caught.value.pos is not None
    fine = pipeline.defaults(parse(head + "opt.zero_grad()\n" + loss + "opt.step()\n"
                                   "opt.zero_grad()\n"))
    assert fine.params == ["w"] and fine.step.value == 0.1


def test_a_seed_that_is_no_constant_names_the_backward_line():
    text = ("x = torch.tensor([1.0, 2.0], requires_grad=True)\ng = x * 2\ny = x ** 2\n"
            "y.backward(g)\n")
    with pytest.raises(TracerError, match=r"y\.backward\(…\)'s gradient is read as a constant") \
            as caught:
        pipeline.defaults(parse(text))
    assert caught.value.pos == text.index("y.backward")
    tutorial = ("a = torch.tensor([2., 3.], requires_grad=True)\nQ = 3*a**3\n"
                "external_grad = torch.tensor([1., 2.])\nQ.backward(gradient=external_grad)\n")
    run = pipeline.run_reverse(pipeline.prepare(tutorial),
                               *pipeline.backward_options(pipeline.defaults(parse(tutorial)),
                                                          None, 1)[:1])
    assert run.passes[0].result == {"a[0]": 36.0, "a[1]": 162.0}


def test_the_step_of_a_value_the_program_computes_is_refused_at_its_line():
    """p = w * 1; …; p.data -= 0.1 * p.grad: PyTorch keeps no .grad for p (None). It was
    '@params: p matches no input', an option the program never wrote, without a line."""
    head = "w = torch.tensor(2.0, requires_grad=True)\np = w * 1\ny = p * p\ny.backward()\n"
    for step in ("p.data -= 0.1 * p.grad\n", "with torch.no_grad():\n    p -= 0.1 * p.grad\n",
                 "opt = torch.optim.SGD([p], lr=0.1)\nopt.step()\n"):
        with pytest.raises(TracerError, match="the step of p: p is a value the program "
                           "computes, not an input") as info:
            pipeline.defaults(parse(head + step))
        assert info.value.where()[0] == 5 + step.count("\n") - 1
    fine = pipeline.defaults(parse(head + "w.data -= 0.1 * w.grad\n"))
    assert fine.params == ["w"] and fine.step.value == 0.1


def test_backward_again_without_retain_graph_is_noted():
    """Exercise 2 calls y.backward() three times; PyTorch raises at the second (Trying to
    backward through the graph a second time) unless the one before passes retain_graph=True.
    tracer runs the passes, as the course means them, and now says so."""
    def retain_note(text, seed=None, repeat=1, outputs=None):
        program = parse(text)
        return pipeline.retain_note(pipeline.defaults(program),
                                    pipeline.prepare(program, outputs=outputs), seed, repeat)

    note = retain_note(EXERCISE_2)
    assert note == ("PyTorch frees the graph after y.backward(): for most graphs a second "
                    "y.backward() raises there (Trying to backward through the graph a second "
                    "time) unless the call before it passes retain_graph=True; tracer runs each "
                    "of the 3 passes into the same gradient, as the course means them")
    kept = EXERCISE_2.replace("y.backward()\nprint", "y.backward(retain_graph=True)\nprint")
    kept = kept.replace("y.backward()\nx.grad", "y.backward(\n    retain_graph=True)\nx.grad")
    assert retain_note(kept) is None
    assert retain_note("x = Value(2.0)\ny = x * x\ny.backward()") is None
    # y given another value before its second backward: a graph of its own, no note
    again = "x = Value(2.0)\ny = x * x\ny.backward()\ny = x * 3\ny.backward()"
    assert retain_note(again) is None
    # the note speaks of the run that is made: --repeat, or --output z's line alone, runs
    # no line again; nor does one pass along --seed over lines of different gradients
    assert retain_note(EXERCISE_2, repeat=2) is None
    two = "x = Value(2.0)\ny = x * x\ny.backward()\ny.backward()\nz = x * 3\nz.backward()"
    assert retain_note(two) is not None
    assert retain_note(two, outputs=["z"]) is None
    seeded = ("x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * x\n"
              "y.backward(torch.ones_like(y))\ny.backward(torch.tensor([2.0, 3.0]))")
    assert retain_note(seeded) is not None
    assert retain_note(seeded, seed={"y[0]": 3, "y[1]": 1}) is None


def test_a_backward_pass_after_the_step_says_how_to_take_the_next_in_both_faces():
    """Its advice read 'run it again with --at at the new values', which the API said as
    'run it again with at="at" the new values'."""
    from tracer.api import api_words

    text = ("w = torch.tensor(1.0, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n"
            "loss = w * w\nloss.backward()\nopt.step()\nopt.zero_grad()\nloss = w * w\n"
            "loss.backward()")
    with pytest.raises(TracerError) as info:
        pipeline.defaults(parse(text))
    assert info.value.message.endswith("(for the next step, give the new values with --at and "
                                       "run it again)")
    assert api_words(info.value.message).endswith("give the new values with at= and run it "
                                                  "again)")
    assert info.value.where()[0] == 8


def test_zeroing_the_gradient_of_a_computed_value_is_refused_or_left_out():
    """z = x * 3 has no .grad in PyTorch (not a leaf): z.grad.zero_() raises there, and tracer
    ran on, its accumulation note saying "z.grad zeroed before it" over x̄ = 6 then 12. It is
    refused at its line; z.grad = None, harmless in PyTorch, zeroes nothing (x̄ = 6, 12)."""
    source = ("import torch\nx = torch.tensor(1.0, requires_grad=True)\nz = x * 3\ny = z * x\n"
              "y.backward()\nz.grad.zero_()\ny.backward()\n")
    with pytest.raises(TracerError, match=r"z.grad.zero_\(\): z is a value the program "
                       r"computes, not an input, and PyTorch keeps no .grad for it") as caught:
        pipeline.defaults(parse(source))
    assert caught.value.pos == source.index("z.grad.zero_()")
    harmless = source.replace("z.grad.zero_()", "z.grad = None")
    found = pipeline.defaults(parse(harmless))
    assert found.backward.passes == 2 and found.backward.zeroed == ()
    assert pipeline.defaults(parse(source.replace("z.grad", "x.grad"))).backward.zeroed == \
        ((1, "x"),)


def test_a_source_is_parsed_with_the_garbage_collector_paused(monkeypatch):
    """The CLI parsed with the collector running (the API paused it): a 300,000-line program's
    trace took 7.6 s of CPU, 5.4 s now, the collector rescanning the parser's small objects."""
    import gc

    seen = []
    parsed = pipeline.parse
    monkeypatch.setattr(pipeline, "parse", lambda text: seen.append(gc.isenabled()) or
                        parsed(text))
    assert gc.isenabled()
    program = pipeline.load("a = x*2\ny = a + 1")
    assert seen == [False] and gc.isenabled()
    assert pipeline.load(program) is program


def test_zeroing_the_gradient_of_a_defs_parameter_is_refused():
    """t.grad.zero_(), t a def's parameter: tracer zeroed nothing while its accumulation said
    "t.grad zeroed before it" (x̄ = 2, then 4); at the top level PyTorch has no t."""
    source = ("import torch\ndef f(t):\n    return t * t\n"
              "x = torch.tensor(1.0, requires_grad=True)\ny = f(x)\ny.backward()\n"
              "t.grad.zero_()\ny.backward()\n")
    ev = pipeline.prepare(source)
    with pytest.raises(TracerError, match=r"^t.grad: t is no input of the program \(its inputs "
                       r"are x\): a def's parameter or local has no value at the top level") \
            as caught:
        pipeline.reverse_run(pipeline.defaults(parse(source)), ev)
    assert caught.value.pos == source.index("t.grad")
    fine = source.replace("t.grad", "x.grad")
    run = pipeline.reverse_run(pipeline.defaults(parse(fine)), pipeline.prepare(fine))
    assert run.accumulated == ({"x": 2.0}, {"x": 2.0})


def test_whole_number_is_an_int_or_numpys_and_nothing_else():
    """One reading of a count the API is given (repeat=, samples=, digits=, order=)."""
    import numpy as np

    assert [pipeline.whole_number(v) for v in (3, np.int64(2), 0, -1)] == [3, 2, 0, -1]
    assert [pipeline.whole_number(v) for v in (True, 2.0, "2", None, [2])] == [None] * 5


def test_an_input_made_twice_names_both_lines_and_what_to_do():
    """micrograd's test_engine, as written, makes x = Value(-4.0) and then PyTorch's x in one
    test: it said only "x is made an input twice"."""
    text = ("x = Value(-4.0)\ny = x * x\ny.backward()\n"
            "x = torch.Tensor([-4.0]).double()\nx.requires_grad = True\ny = x * x\n")
    with pytest.raises(NameProblem) as info:
        pipeline.defaults(parse(text))
    assert info.value.message.startswith("x is made an input twice (line 1, then here): an "
                                         "input is made once;")
    assert "give it another name, or trace each part as a program of its own" in \
        info.value.message


def test_an_input_a_line_makes_and_no_line_reads_is_left_out_with_a_note():
    """w = torch.tensor(3.0, requires_grad=True), w read nowhere (PyTorch: w.grad is None) said
    "w is not an input of the program; its inputs are x"; a value given to such a name with
    --at is still refused, as any --at of a name no line reads, saying why (it said "w is not
    an input of the program; its inputs are x", beside a note that w is made an input)."""
    text = ("import torch\nx = torch.tensor(2.0, requires_grad=True)\n"
            "w = torch.tensor([3.0, 1.0], requires_grad=True)\nz = x * x\nz.backward()\n")
    ev = pipeline.prepare(text)
    assert ev.trace.inputs == ("x",) and ev.outputs == {"z": 4.0}
    assert pipeline.unread_note(parse(text), ev) == (
        "w is made an input, and no line reads it: PyTorch leaves w.grad None, and the tables "
        "leave it out")
    assert pipeline.unread_note(parse("x = Value(2.0)\ny = x * x\n"),
                                pipeline.prepare("x = Value(2.0)\ny = x * x\n")) is None
    with pytest.raises(NameProblem) as info:
        pipeline.prepare(text, {"w": 1.0})
    assert info.value.message == (
        "w is made an input by the program, and no line reads it: a value for it changes "
        "nothing (PyTorch leaves w.grad None); leave w out of --at")
    assert pipeline.prepare(text, {"x": 3.0}).outputs == {"z": 9.0}


def test_an_optimizers_parameter_no_line_reads_takes_no_step():
    """SGD([w, b]) with b read nowhere: PyTorch's step skips b (its .grad is None); it said
    "@params: b matches no input; the inputs are w"."""
    text = ("import torch\nw = torch.tensor(2.0, requires_grad=True)\n"
            "b = torch.tensor(1.0, requires_grad=True)\nopt = torch.optim.SGD([w, b], lr=0.1)\n"
            "loss = (w * 3.0 - 1.0)**2\nloss.backward()\nopt.step()\n")
    program = parse(text)
    ev = pipeline.prepare(program)
    run = pipeline.training_step(program, pipeline.reverse_run(pipeline.defaults(program), ev))
    assert [(u.name, u.old, u.gradient, u.new) for u in run.updates] == [("w", 2.0, 30.0,
                                                                          pytest.approx(-1.0))]


def test_a_tangent_or_adjoint_that_overflows_is_noted_not_left_as_an_infinite_derivative():
    """x*x at 2 along ẋ = 1e308 showed ẏ = ∞ ("1e+308 × 2 + 2 × 1e+308 = ∞"), exit 0, and
    1e200*(1e200*x) at 1e-300 the gradient ∞, without a word: both are finite."""
    import tracer

    t = tracer.trace("x*x", at="x=2")
    note = pipeline.overflow_note(pipeline.run_forward(t.evaluation, seed={"x": 1e308}))
    assert note == ("the tangent of v_1 overflows: it is finite, too large for a float (over "
                    "about 1.8e308), and shown as ∞, as are the derivatives it reaches; seed a "
                    "smaller direction or compute it exactly with --exact")
    big = tracer.trace("1e200*(1e200*x)", at="x=1e-300").evaluation
    note = pipeline.overflow_note(pipeline.run_reverse(big))
    assert note is not None and note.startswith("the adjoint of v_0 overflows") and \
        note.endswith("; compute it exactly with --exact")  # a gradient: no seed to scale
    assert pipeline.overflow_note(pipeline.run_reverse(t.evaluation)) is None
    with pytest.warns(tracer.TracerWarning):  # an infinite slope: ∞ is its convention
        steep = tracer.trace("sqrt(x)", at="x=0").evaluation
    assert pipeline.overflow_note(pipeline.run_forward(steep)) is None
