"""Runs: the passes a command asks for (tracer.core.runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracer import pipeline
from tracer.core.runs import run_forward
from tracer.errors import NameProblem

POINT = {"W": pipeline.parse_values("v=[[1, 2], [3, 4]]")["v"],
         "x": pipeline.parse_values("v=[1, -1]")["v"]}


def test_wrt_takes_globs_as_params_does():
    """--wrt 'W*' seeds every element of W (as --params 'W*' chooses them); --wrt W too."""
    ev = pipeline.prepare("sum(W @ x)", POINT)
    seeded = [next(n for n, v in p.seed.items() if v) for p in run_forward(ev, ["W*"]).passes]
    assert seeded == ["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]"]
    assert [p.seed for p in run_forward(ev, ["W"]).passes] == \
        [p.seed for p in run_forward(ev, ["W*"]).passes]
    assert len(run_forward(ev, ["x?1]"]).passes) == 1  # x[1]: ? is one character
    with pytest.raises(NameProblem, match="--wrt: Q\\* matches no input"):
        run_forward(ev, ["Q*"])


def test_an_element_name_is_itself_and_brackets_glob_inside():
    """W[0,1] names that element (a glob's [..] class would read it as W0, W, or W1); a glob
    may stand inside the brackets: W[1,*] is row 1."""
    from tracer.core.runs import select

    names = ["x[0]", "x[1]", "W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "W0"]
    assert select(["W[0,1]"], names) == ["W[0,1]"]
    assert select(["W[1,*]"], names) == ["W[1,0]", "W[1,1]"]
    assert select(["W*"], names) == ["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "W0"]
    with pytest.raises(NameProblem, match="W\\[2,0\\] matches no input"):
        select(["W[2,0]"], names)


def test_a_glob_where_one_input_is_needed_says_so():
    import tracer
    from tracer.errors import NameProblem as Problem

    formula = tracer.trace("w1*w2", {"w1": 1, "w2": 2})
    with pytest.raises(Problem, match=r"derivatives go along one input: name one, not a list "
                       r"or a glob$"):
        formula.derivatives(wrt="w*")
    point = {"W": [[1, 2], [3, 4]], "x": [1, -1]}
    assert tracer.trace("sum(W @ x)", point).forward(wrt="*").passes == \
        tracer.trace("sum(W @ x)", point).forward().passes


def test_an_element_seeded_twice_is_refused_in_either_order():
    import tracer

    formula = tracer.trace("c = [[a*a, a], [2*a, 3*a]]", {"a": 2})
    for seed in ({"c[0,1]": 5, "c": "ones"}, {"c": "ones", "c[0,1]": 5}):
        with pytest.raises(NameProblem, match=r"c\[0,1\] is given twice"):
            formula.reverse(seed=seed)
    assert formula.reverse(seed={"c[0,1]": 5, "c[1,1]": 1}).passes[0].result == {"a": 8}


# 3 rows a step: 60,001 rows, 100,000 operations a backward pass
LOOP = "z = x\nfor i in range(20000):\n    z = sin(z) * x + z"


def test_repeat_is_costed_as_backward_passes_and_gradient_rows_not_tables(monkeypatch):
    from tracer.core import cost, runs
    from tracer.core.runs import run_reverse

    ev = pipeline.prepare(LOOP, {"x": 0.5})
    assert ev.trace.operations == 100_000
    sweeps = []
    real = runs.reverse
    monkeypatch.setattr(runs, "reverse", lambda *a: sweeps.append(1) or real(*a))
    run = run_reverse(ev, repeat=100)  # 100 tables would be 6,000,300 entries: it was refused
    assert len(sweeps) == 100 and len(run.passes) == 1 and len(run.accumulated) == 100
    one = run.passes[0].result["x"]
    assert run.accumulated[0]["x"] == one and run.accumulated[-1]["x"] == pytest.approx(100 * one)
    assert 100 * cost._entries(ev.trace, "reverse") > cost.OUTPUT_NUMBERS


def test_a_refused_repeat_names_the_largest_that_fits():
    from tracer.core.runs import run_reverse
    from tracer.errors import LimitError

    ev = pipeline.prepare(LOOP.replace("20000", "60000"), {"x": 0.5})  # 300,000 operations
    with pytest.raises(LimitError, match=r"^--repeat 100 runs the backward pass 100 times over "
                       r"300,000 operations: 30,000,000 multiply-adds, more than the "
                       r"20,000,000 tracer does in one command; --repeat 66 is the most that "
                       r"fits$"):
        run_reverse(ev, repeat=100)
    assert len(run_reverse(ev, repeat=66).accumulated) == 66
    two = pipeline.prepare("y1 = x; y2 = 2*x", {"x": 1}, outputs=["y1", "y2"])
    with pytest.raises(NameProblem, match="--repeat accumulates one backward pass"):
        run_reverse(two, repeat=2)


def test_zeroing_resets_the_named_inputs_gradient_before_a_pass():
    """x.grad.zero_() between backward passes: x's elements start again from 0, w's go on
    accumulating; "" zeroes every gradient (optimizer.zero_grad())."""
    from tracer.core.runs import run_reverse

    ev = pipeline.prepare("y = sum(x*x) + w", pipeline.parse_values("x = [1, 2], w = 3"))
    run = run_reverse(ev, repeat=3, zeroed=((2, "x"),))
    assert [g["x[1]"] for g in run.accumulated] == [4, 8, 4]
    assert [g["w"] for g in run.accumulated] == [1, 2, 3]
    assert run.zeroed == ((2, "x"),)
    every = run_reverse(ev, repeat=3, zeroed=((1, ""),))
    assert [(g["x[0]"], g["w"]) for g in every.accumulated] == [(2, 1), (2, 1), (4, 2)]


def test_a_step_after_repeated_passes_takes_the_accumulated_gradient():
    """loss.backward() twice, then w -= 0.1 * w.grad: PyTorch steps along .grad, the two
    passes' sum (w = [1, 2] becomes [0.6, 1.2], not [0.8, 1.6]); the passes stay shown."""
    from tracer.core.runs import descent_step, run_reverse

    ev = pipeline.prepare("loss = sum(w^2)", pipeline.parse_values("w = [1, 2]"))
    run = descent_step(run_reverse(ev, repeat=2), ["w"], 0.1)
    assert [(u.gradient, u.new) for u in run.updates] == \
        [(4, pytest.approx(0.6)), (8, pytest.approx(1.2))]
    assert len(run.accumulated) == 2
    zeroed = descent_step(run_reverse(ev, repeat=3, zeroed=((2, ""),)), ["w"], 0.1)
    assert [u.gradient for u in zeroed.updates] == [2, 4]


def test_passes_of_their_own_each_show_and_all_add_into_one_gradient():
    """run_reverse(passes=…): a backward pass along each seed (d2l's y.backward() of one
    value of y, then of another), every pass kept for its table, all into one .grad, zeroed
    where the program zeroes it (PyTorch's numbers: d(x·x)/dx = 2x, d(3x)/dx = 3)."""
    from tracer.core.runs import run_reverse

    ev = pipeline.prepare("y = sum(x*x)\nz = 3*x[0] + w",
                          pipeline.parse_values("x = [1, 2], w = 5"), outputs=["y", "z"])
    run = run_reverse(ev, passes=({"y": 1}, {"z": 1}, {"y": 2}), zeroed=((2, "x"),))
    assert [p.seed for p in run.passes] == [{"y": 1, "z": 0}, {"y": 0, "z": 1},
                                           {"y": 2, "z": 0}]
    assert [p.result for p in run.passes] == [{"x[0]": 2, "x[1]": 4, "w": 0},
                                             {"x[0]": 3, "x[1]": 0, "w": 1},
                                             {"x[0]": 4, "x[1]": 8, "w": 0}]
    assert run.accumulated == ({"x[0]": 2, "x[1]": 4, "w": 0}, {"x[0]": 5, "x[1]": 4, "w": 1},
                               {"x[0]": 4, "x[1]": 8, "w": 1})
    assert run.zeroed == ((2, "x"),)


def test_a_step_after_passes_from_two_losses_takes_their_summed_gradient():
    """l1.backward(); l2.backward(); opt.step(): PyTorch steps along .grad, the two losses'
    gradients summed (w = [1, 2]: 2w + 3 = [5, 7], so w becomes [0.5, 1.3])."""
    from tracer.core.runs import descent_step, run_reverse

    ev = pipeline.prepare("l1 = sum(w*w)\nl2 = sum(w*3)", pipeline.parse_values("w = [1, 2]"),
                          outputs=["l1", "l2"])
    run = descent_step(run_reverse(ev, passes=({"l1": 1}, {"l2": 1})), ["w"], 0.1)
    assert [(u.gradient, u.new) for u in run.updates] == \
        [(5, pytest.approx(0.5)), (7, pytest.approx(1.3))]
    with pytest.raises(NameProblem, match="--step needs one output, the loss to descend"):
        descent_step(run_reverse(ev), ["w"], 0.1)  # a pass per output: no one gradient


@pytest.mark.parametrize(("text", "mode"), [("y = a.sum()", "forward"), ("y = a * 2", "reverse")])
def test_a_pass_per_input_too_costly_is_refused_before_its_seeds_are_built(text, mode):
    """forward of y = a.sum(), a 20,000 elements: the seeds (a dict of 20,000 per pass, 20,000
    passes) were built before the cost was looked at, 103 s before the refusal (100,000
    elements: past any patience). Now the refusal comes first, in about a second."""
    import time

    from tracer.core.runs import run_reverse
    from tracer.errors import LimitError

    ev = pipeline.prepare(text, {"a": pipeline.parse_values(
        "a=[" + ", ".join(["1.5"] * 20_000) + "]")["a"]})
    started = time.perf_counter()
    with pytest.raises(LimitError, match=f"{mode} mode would need 20,000 passes"):
        (run_forward if mode == "forward" else run_reverse)(ev)
    assert time.perf_counter() - started < 2


def test_a_glob_that_matches_nothing_among_many_inputs_is_said_shortly():
    """Over 5,000 inputs, --params q listed every input in its one error line (44 KB)."""
    import tracer

    wide = tracer.trace("sum(a)", {"a": [1.0] * 5000})
    with pytest.raises(NameProblem) as info:
        wide.reverse(step=0.1, params="q")
    assert len(info.value.message) < 300 and "…, a[4999] (5,000 in all)" in info.value.message


def test_a_step_along_an_infinite_or_undefined_gradient_does_not_blame_the_rate(runner):
    """√x at 0 has ∂/∂x = ∞: --step 0.1 said "the learning rate 0.1 overflows the step … use
    a smaller rate", which no rate fixes; the gradient is named as the cause."""
    from helpers import run

    done = run(runner, "reverse", "sqrt(x)", "--at", "x=0", "--step", "0.1", "--params", "x")
    assert done.exit_code == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: the gradient along x is ∞ (an infinite slope) here, "
                                  "so a step has no finite size at any rate") and \
        "smaller rate" not in done.stderr
    undefined = run(runner, "reverse", "x^y", "--at", "x=0,y=0", "--step", "0.1", "--params",
                    "y")
    assert "the gradient along y is undefined here" in undefined.stderr
    other = run(runner, "reverse", "sqrt(x)*y", "--at", "x=0,y=1", "--step", "0.1",
                "--params", "y")
    assert other.exit_code == 0, other.stderr  # only the parameters stepped must be finite
    overflow = run(runner, "reverse", "x^2", "--at", "x=3", "--step", "1e308", "--params", "x")
    assert "the learning rate 1e+308 overflows the step" in overflow.stderr


@pytest.mark.parametrize("args", [
    ["forward", "--wrt", "z"], ["graph", "--mode", "forward", "--wrt", "z"],
    ["derivatives", "--wrt", "z"], ["plot", "--wrt", "z"], ["plot", "--over", "z=0..1"]])
def test_every_command_names_a_wrong_input_in_one_sentence(args, tmp_path):
    """forward, graph, derivatives and plot said "not an input" in three wordings (plot's
    --over called a program "the formula"); one sentence now, from check_names."""
    from typer.testing import CliRunner

    from tracer.cli import app

    source = tmp_path / "p.txt"
    source.write_text("a = x*y\nb = sin(a)\n")
    out = ["-o", str(tmp_path / "out.svg")] if args[0] == "plot" else []
    result = CliRunner().invoke(app, [args[0], str(source), "--at", "x=1,y=2", *args[1:], *out])
    option = "--over" if "--over" in args else "--wrt"
    assert result.exit_code == 1
    assert result.stderr == f"error: {option}: z is not an input; the inputs are x, y\n"


def test_a_seed_of_a_def_s_own_name_says_it_is_local_as_output_does():
    """--seed c=ones on Exercise 3, where c is f's own name and f's result is d: it said "c is
    not an output; the outputs are d[0,0], …", with no word of why."""
    source = (Path(__file__).parent.parent / "examples" / "exercise-3-control-flow.txt").read_text()
    ev = pipeline.prepare(source)
    for key in ("c", "c[0,1]", "b"):
        with pytest.raises(NameProblem) as info:
            pipeline.run_reverse(ev, seed={key: 1})
        name = key.partition("[")[0]
        assert info.value.message == (
            f"--seed: {name!r} is local to def f: a seed is given to an output, a value of the "
            "program itself (return it from f and assign the result); the outputs to choose "
            "from are d")
    assert pipeline.run_reverse(ev, seed={"d": "ones"}).passes[0].result["a[0,0]"] == 1024


def test_a_seed_of_mean_is_one_over_n_for_each_element():
    """--seed l=mean (l.mean().backward()): 1/n for each of l's n elements, 1 for a number."""
    from tracer.core.runs import MEAN, expand
    from tracer.core.values import parse_seeds

    assert parse_seeds("l=mean") == {"l": MEAN}
    names = ["l[0]", "l[1]", "l[2]", "l[3]", "s"]
    seeds = expand({"l": MEAN, "s": MEAN}, names, "output", "--seed")
    # each 1/n a constant written 1/n, so exact mode reads 1/4 (not a float's digits)
    assert {k: getattr(v, "value", v) for k, v in seeds.items()} == {
        "l[0]": 0.25, "l[1]": 0.25, "l[2]": 0.25, "l[3]": 0.25, "s": 1}


def test_a_seed_of_mean_is_exact_in_exact_mode():
    """1/3 of three elements was the float's digits in exact mode (x̄ =
    3333333333333333/5000000000000000 for the mean of x*x at x = 1)."""
    import sympy as sp

    from tracer import pipeline

    text = ("import torch\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
            "l = x * x\nl.mean().backward()\n")
    ev = pipeline.prepare(text, exact=True)
    result = pipeline.reverse_run(pipeline.defaults(pipeline.load(text)), ev).passes[0].result
    assert result == {"x[0]": sp.Rational(2, 3), "x[1]": sp.Rational(4, 3), "x[2]": 2}
