"""Every file in examples/ runs through the CLI, and its figures are the course's.

The figures are those of ../shared/reference/TABLES.md; an example without an entry in
FIGURES fails, so no example can be added unchecked or rot unnoticed.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from helpers import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def doc(runner, *args: str) -> dict:
    result = run(runner, *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def labelled(d: dict) -> dict[str, float]:
    """Program names → values, from the rows' labels."""
    return {name: row["value"] for row in d["rows"] for name in row.get("labels", [])}


def close(got: dict, want: dict, rel: float = 1e-9, abs_: float = 1e-12) -> None:
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=rel, abs=abs_), key


def check_lecture_tables(runner, path: str) -> None:
    table2 = doc(runner, "forward", path, "--wrt", "x2")
    assert [r["value"] for r in table2["rows"]] == pytest.approx(
        [3, -4, -12, math.log(3), -16, -16 - math.log(3)])
    assert table2["passes"][0]["column"] == [0, 1, 3, 0, 4, 4]
    table3 = doc(runner, "reverse", path)
    close(table3["passes"][0]["result"], {"x1": -13 / 3, "x2": 4})
    table1 = doc(runner, "trace", path, "--at", "x1=2,x2=4")
    assert [r["value"] for r in table1["rows"]][2:] == pytest.approx(
        [8, math.log(2), 12, 12 - math.log(2)])
    close(table1["outputs"], {"y": 11.3069}, rel=1e-5)


def check_control_one_step(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    close(labelled(d), {"a1": 1, "a2": -6.5, "a3": 8, "L": 15.5})
    close(d["passes"][0]["result"], {"th1": 2, "th2": 1, "th3": 3})
    forward = doc(runner, "forward", path, "--wrt", "th1,th2,th3")  # Exercise 3
    assert [p["result"]["L"] for p in forward["passes"]] == [2, 1, 3]


def check_control_two_step(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    close(labelled(d), {"a1": -1, "a2": 0.5, "a3": 3, "b1": -1.5, "b2": 0.75, "b3": 5.75,
                        "L": 8})
    close(d["passes"][0]["result"], {"th1": 3, "th2": -2, "th3": 7})


def check_nn_backprop(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    five = {"rel": 5e-6, "abs_": 0}  # TABLES.md's figures have six significant digits
    close(labelled(d), {"h1": 0.610639, "h2": 0.617748, "y": 0.754404, "E": 0.00103948}, **five)
    close(d["passes"][0]["result"], {
        "wh1": -0.00515861, "wh2": -0.00521866, "by": -0.00844788, "w11": -0.000401712,
        "w21": -0.0000803424, "w12": -0.000448840, "w22": -0.0000897680, "bh": -0.00170110,
    }, **five)
    assert d["learning_rate"] == 0.5
    close({k: v["new"] for k, v in d["step"].items()}, {
        "wh1": 0.402579, "wh2": 0.452609, "by": 0.604224, "w11": 0.150201, "w21": 0.250040,
        "w12": 0.200224, "w22": 0.300045, "bh": 0.350851,
    }, **five)
    assert set(d["step"]) == {"w11", "w12", "w21", "w22", "wh1", "wh2", "bh", "by"}


def check_dependency_graph(runner, path: str) -> None:
    want = math.log(4) * math.cos(2) + 2 * math.sin(2) / 2 - 1 / 4
    for mode in ("forward", "reverse"):
        d = doc(runner, mode, path)
        assert d["order"] == "source"
        assert [r["op"] for r in d["rows"][1:]] == ["pow", "log", "sin", "mul", "div", "add"]
        result = d["passes"][0]["result"]
        assert result[next(iter(result))] == pytest.approx(want)


def check_autograd_sin(runner, path: str) -> None:
    d = doc(runner, "forward", path)
    assert d["passes"][0]["result"]["f"] == pytest.approx(0.5)


def check_autograd_gradient(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    close(d["outputs"], {"f": 2.8415}, rel=2e-5)
    close(d["passes"][0]["result"], {"x1": 4.5403, "x2": 1}, rel=2e-5)


def check_autograd_cube(runner, path: str) -> None:
    d = doc(runner, "derivatives", path, "--order", "3")
    assert d["derivatives"] == [8, 12, 12, 6]


def check_exercise_2(runner, path: str) -> None:
    d = doc(runner, "reverse", path, "--repeat", "2")
    first, second = d["accumulated"]
    assert [first[f"x[{i}]"] for i in range(4)] == [0, 4, 8, 12]
    assert [second[f"x[{i}]"] for i in range(4)] == [0, 8, 16, 24]


def check_exercise_3(runner, path: str) -> None:
    d = doc(runner, "reverse", path, "--seed", "d=ones")
    (result,) = [p["result"] for p in d["passes"]]
    assert set(result.values()) == {1024}  # every entry the same power of two: 2^10
    kinds = [c["kind"] for c in d["controls"]]
    assert kinds.count("while") == 10 and kinds[-1] == "if" and d["controls"][-1]["outcome"]
    negative = doc(runner, "reverse", path, "--seed", "d=ones",
                   "--at", "a=[[-0.1, -0.3, 0.5], [-1.2, -0.7, 0.05]]")
    assert set(negative["passes"][0]["result"].values()) == {102400}  # the else branch
    decided = [(c["kind"], c["outcome"]) for c in negative["controls"][-2:]]
    assert decided == [("if", False), ("else", True)]


def check_d2l(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    close(d["outputs"], {"d": 1228.8})
    close(d["passes"][0]["result"], {"a": 1228.8 / 0.3})  # a.grad == d / a


def check_nn_matrix(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    five = {"rel": 5e-6, "abs_": 0}
    close(labelled(d), {"h[0]": 0.610639, "h[1]": 0.617748, "y": 0.754404,
                        "E": 0.00103948}, **five)
    close(d["passes"][0]["result"], {
        "v[0]": -0.00515861, "v[1]": -0.00521866, "c": -0.00844788, "W[0,0]": -0.000401712,
        "W[0,1]": -0.0000803424, "W[1,0]": -0.000448840, "W[1,1]": -0.0000897680,
        "b": -0.00170110,
    }, **five)
    close({k: v["new"] for k, v in d["step"].items()}, {
        "v[0]": 0.402579, "v[1]": 0.452609, "c": 0.604224, "W[0,0]": 0.150201,
        "W[0,1]": 0.250040, "W[1,0]": 0.200224, "W[1,1]": 0.300045, "b": 0.350851,
    }, **five)


def check_micrograd(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    close(d["outputs"], {"g": 24.70408163265306})
    close(d["passes"][0]["result"], {"a": 138.83381924198252, "b": 645.5772594752186})


def check_exercise_2_pytorch(runner, path: str) -> None:
    """The course's code as written: three backward passes, x.grad zeroed before the third."""
    d = doc(runner, "reverse", path)
    assert d["inputs"] == {f"x[{i}]": float(i) for i in range(4)}
    assert [[grad[f"x[{i}]"] for i in range(4)] for grad in d["accumulated"]] == [
        [0, 4, 8, 12], [0, 8, 16, 24], [0, 4, 8, 12]]
    assert d["zeroed"] == [{"before_pass": 3, "input": "x"}]


def check_exercise_3_pytorch(runner, path: str) -> None:
    """a = torch.randn(size=(2,3), requires_grad=True), drawn with tracer's fixed seed: its
    sum is negative, so the else branch, 100 × 2⁹ for every entry; an a of positive sum gives
    the course's power of two."""
    d = doc(runner, "reverse", path)
    assert sum(d["inputs"].values()) < 0
    assert set(d["passes"][0]["seed"].values()) == {1}  # d.backward(torch.ones_like(d))
    assert set(d["passes"][0]["result"].values()) == {51200}
    given = doc(runner, "reverse", path, "--at", "a=[[0.1, -0.3, 0.5], [1.2, -0.7, 0.05]]")
    assert set(given["passes"][0]["result"].values()) == {1024}


def check_micrograd_sanity(runner, path: str) -> None:
    d = doc(runner, "reverse", path)
    assert d["outputs"] == {"y": -20}
    assert d["passes"][0]["result"] == {"x": 46}  # micrograd's xmg.grad, PyTorch's too


def check_autograd_grad(runner, path: str) -> None:
    """autograd's grad(f)(point) as the lecture writes it: f at params = [1, 2]."""
    d = doc(runner, "reverse", path)
    close(d["outputs"], {"y": 2 + math.sin(1)})
    close(d["passes"][0]["result"], {"params[0]": 4 + math.cos(1), "params[1]": 1})


def check_exercise_4(runner, path: str) -> None:
    """sin's derivative by autodiff, the plotting lines left out: x.grad is cos(x) at every
    point of torch.arange(-5.0, 5.0, 1.25), from one backward pass of y.sum()."""
    d = doc(runner, "reverse", path)
    xs = [-5 + 1.25 * i for i in range(8)]
    assert d["inputs"] == {f"x[{i}]": x for i, x in enumerate(xs)}
    assert set(d["passes"][0]["seed"].values()) == {1}
    close(d["passes"][0]["result"], {f"x[{i}]": math.cos(x) for i, x in enumerate(xs)})


def check_d2l_autograd(runner, path: str) -> None:
    """d2l's autograd section as the book prints it: x.grad after each of its six backward
    passes (the book's outputs), four values of y differentiated in turn, and a.grad = d / a
    for the control-flow function (a drawn with tracer's seed: 10 doublings, 2 × 2¹⁰)."""
    d = doc(runner, "reverse", path)
    xs = [[grad[f"x[{i}]"] for i in range(4)] for grad in d["accumulated"]]
    assert xs == [[0, 4, 8, 12], [1, 1, 1, 1], [0, 2, 4, 6], [0, 1, 4, 9], [0, 2, 4, 6],
                  [0, 2, 4, 6]]
    assert [grad["a"] for grad in d["accumulated"]] == [0, 0, 0, 0, 0, 2048]
    assert [z["before_pass"] for z in d["zeroed"]] == [2, 3, 4, 5]
    assert list(d["outputs"])[:2] == ["y", "y′"] and "d" in d["outputs"]
    assert len(d["passes"]) == 6


FIGURES = {
    "d2l-autograd.txt": check_d2l_autograd,
    "exercise-4-sin-derivative.txt": check_exercise_4,
    "autograd-grad.txt": check_autograd_grad,
    "exercise-2-pytorch.txt": check_exercise_2_pytorch,
    "exercise-3-pytorch.txt": check_exercise_3_pytorch,
    "micrograd-sanity-check.txt": check_micrograd_sanity,
    "exercise-2-accumulate.txt": check_exercise_2,
    "exercise-3-control-flow.txt": check_exercise_3,
    "d2l-control-flow.txt": check_d2l,
    "nn-matrix.txt": check_nn_matrix,
    "nn-micrograd.txt": check_nn_matrix,  # the same network, as micrograd writes it
    "micrograd-more-ops.txt": check_micrograd,
    "autograd-cube.txt": check_autograd_cube,
    "lecture-tables.txt": check_lecture_tables,
    "control-one-step.txt": check_control_one_step,
    "control-two-step.txt": check_control_two_step,
    "nn-backprop.txt": check_nn_backprop,
    "dependency-graph.txt": check_dependency_graph,
    "autograd-sin.txt": check_autograd_sin,
    "autograd-gradient.txt": check_autograd_gradient,
}


def example_files() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.txt"))


def test_every_example_has_its_figures_checked():
    assert set(example_files()) == set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_example_figures(runner, name):
    FIGURES[name](runner, str(EXAMPLES / name))


@pytest.mark.parametrize("name", example_files())
@pytest.mark.parametrize("command", ["trace", "forward", "reverse", "jacobian"])
def test_every_example_runs_in_every_mode(runner, name, command):
    result = run(runner, command, str(EXAMPLES / name))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize("name", example_files())
def test_every_example_says_where_it_comes_from(name):
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) >= 3 and any("What it shows" in c for c in comments)
    assert "tracer " in text  # the command to run it


# A decimal as a comment writes it, not part of a longer one: 11.31, -8.03424e-05, 0.0823954.
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[+-]\d+)?(?![\w.])")


@pytest.mark.parametrize("name", example_files())
def test_the_commands_in_an_examples_comments_print_the_figures_beside_them(runner, name,
                                                                            monkeypatch):
    """Each ``#     tracer …`` line runs as written (from the repository's folder), and every
    decimal written after the command on that line is one the command prints."""
    import shlex

    monkeypatch.chdir(EXAMPLES.parent)
    comments = [line.lstrip("#").strip() for line in
                (EXAMPLES / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    lines = []
    for k, line in enumerate(comments):
        if line.startswith("tracer "):
            while line.endswith("\\") and k + 1 < len(comments):  # continued on the next line
                k += 1
                line = line[:-1].rstrip() + " " + comments[k]
            lines.append(line)
    assert lines, name
    for line in lines:
        command, _, figures = line.partition("  ")
        result = run(runner, *shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.stderr)
        for figure in DECIMAL.findall(figures):
            assert re.search(rf"(?<![\w.]){re.escape(figure)}(?![\w])", result.stdout), \
                (command, figure)
