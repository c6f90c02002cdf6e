"""The interpreter: programs run at their point; branches, loops, calls, reassignment, arrays."""

from __future__ import annotations

import json
import math
import re

import pytest
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer import pipeline
from tracer.core.interpret import marked
from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.errors import LimitError, NameProblem, ParseError, ProgramError, TracerError


def evaluate(text: str, **point):
    return pipeline.prepare(text, {k: _value(v) for k, v in point.items()})


def _value(v):
    return pipeline.parse_values(f"v={v}")["v"] if isinstance(v, str) else v


def test_reassignment_makes_new_rows_with_marked_labels():
    ev = evaluate("c = x + 1\nc = c * c\nc += 1", x=2)
    assert ev.outputs == {"c": 10}
    labels = [names for names in ev.trace.labels if names]
    assert labels == [("c",), ("c′",), ("c″",)]
    assert [marked("c", k) for k in range(6)] == ["c", "c′", "c″", "c‴", "c⁽⁴⁾", "c⁽⁵⁾"]


@pytest.mark.parametrize("sign, want", [("+=", 5), ("-=", -1), ("*=", 6), ("/=", 2 / 3),
                                        ("**=", 8), ("^=", 8), ("%=", 2), ("//=", 0)])
def test_augmented_assignment(sign, want):
    assert evaluate(f"c = x\nc {sign} 3", x=2).outputs["c"] == pytest.approx(want)


def test_remainder_and_floor_division_of_a_loop_counter_decide_and_index():
    """``i % 2`` and ``i // 2``, as course loops use them: on a counter they are whole
    numbers folded into the decisions and indices, not rows."""
    program = ("s = x\nfor i in range(6):\n    if i % 2 == 0:\n        s = s * x\n"
               "    else:\n        s = s + a[i // 2]")
    ev = evaluate(program, x=1.5, a="[1, 2, 3]")
    assert ev.outputs["s"] == pytest.approx(((1.5 * 1.5 + 1) * 1.5 + 2) * 1.5 + 3)
    assert {eq.op.name for eq in ev.trace.equations} == {"mul", "add"}
    gradient = pipeline.run_reverse(ev).passes[0].result
    assert gradient["a[0]"] == pytest.approx(1.5 * 1.5) and gradient["a[2]"] == 1


def test_remainder_of_a_value_is_a_row_with_its_slopes():
    ev = evaluate("y = (x * x) % 3 + x // 0.5", x=2.0)
    assert ev.outputs["y"] == pytest.approx(1 + 4)
    assert sorted(eq.op.name for eq in ev.trace.equations) == ["add", "floordiv", "mod", "mul"]
    assert pipeline.run_reverse(ev).passes[0].result == {"x": pytest.approx(4)}
    negative = evaluate("y = x % -0.75", x=2.5)  # Python's: the sign of the divisor
    assert negative.outputs["y"] == pytest.approx(-0.5)


def test_for_runs_over_an_array_enumerate_and_zip():
    """``for w in ws``, ``enumerate`` and ``zip`` take an array's elements (a matrix's rows)
    one step at a time, each step a decision line naming what it took."""
    program = ("s = 0*x\nfor w in ws:\n    s = s + w*x\nfor i, w in enumerate(ws):\n"
               "    s = s + i*w\nfor row, b in zip(W, ws):\n    s = s + dot(row, ws[:2]) * b")
    ev = evaluate(program, x=2.0, ws="[0.5, -1, 3]", W="[[1, 2], [3, 4]]")
    dots = [1 * 0.5 + 2 * -1, 3 * 0.5 + 4 * -1]
    want = 2.0 * 2.5 + (0 - 1 + 6) + dots[0] * 0.5 + dots[1] * -1
    assert ev.outputs["s"] == pytest.approx(want)
    steps = [(c.text, c.detail) for c in ev.trace.controls]
    assert steps[0] == ("for w in ws", ("w = ws[0]",))
    assert steps[4] == ("for i, w in enumerate(ws)", ("i = 1, w = ws[1]",))
    assert steps[6:] == [("for row, b in zip(W, ws)", ("row = W[0], b = ws[0]",)),
                         ("for row, b in zip(W, ws)", ("row = W[1], b = ws[1]",))]  # shortest
    gradient = pipeline.run_reverse(ev).passes[0].result
    assert gradient["x"] == pytest.approx(2.5)
    assert gradient["W[1,0]"] == pytest.approx(0.5 * -1)


@pytest.mark.parametrize("program, message", [
    ("for w in 3:\n    y = w*x", "3 is a number, not an array"),
    ("for a, b in ws:\n    y = a*x", "name one loop variable"),
    ("for a in zip(ws, ws):\n    y = a*x", "zip(…) gives 2 values a step, and the loop names 1"),
    ("for i, w in enumerate(ws, 1):\n    y = w*x", "enumerate takes 1 argument here"),
])
def test_for_over_arrays_refuses_with_a_reason(program, message):
    with pytest.raises(TracerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate(program, x=1.0, ws="[1, 2]")


def test_slices_read_and_assign_as_numpy_does():
    """Rosenbrock's function as NumPy code writes it, and slice assignment (a number fills
    every place, an array its own shape)."""
    rosenbrock = "y = sum(100*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)"
    ev = evaluate(rosenbrock, x="[1.5, 2.0, -0.5, 0.7]")
    gradient = pipeline.run_reverse(ev).passes[0].result
    # autograd: grad(rosenbrock)([1.5, 2, -0.5, 0.7]) = [151, 3552, -813, 90]
    assert [gradient[f"x[{k}]"] for k in range(4)] == pytest.approx([151, 3552, -813, 90])
    ev = evaluate("b = zeros(4)\nb[1:] = a\nb[:2] = 0.5\nb[::2] += a[:2]\ny = sum(b*b)",
                  a="[1, 2, 3]")
    # b = [0.5 + a0, 0.5, a1 + a1, a2] (b[2] was a1, then a1 is added)
    assert ev.outputs["y"] == pytest.approx(1.5**2 + 0.25 + 4**2 + 3**2)
    steps = evaluate("W = [[1, 2, 3], [4, 5, 6]]\ny = sum(W[:, 1:] * x) + W[::-1, 0][0] * x",
                     x=2.0)
    assert steps.outputs["y"] == pytest.approx((2 + 3 + 5 + 6) * 2 + 4 * 2)


@pytest.mark.parametrize("program, message", [
    ("y = x[1:2:0]", "a slice's step must not be 0"),
    ("y = x[1:2:1:1]", "at most three parts"),
    ("y = x[:x[0]]", "a slice's bound must be a whole number"),
    ("y = sin(1:2)", "read only in an index"),
    ("b = zeros(3)\nb[1:] = [1, 2, 3]\ny = sum(b*x)", r"has shape \(2,\); the value given"),
])
def test_slices_refuse_with_a_reason(program, message):
    with pytest.raises(TracerError, match=message):
        evaluate(program, x="[1, 2, 3]")


def test_reductions_along_an_axis_and_arguments_by_name():
    """NumPy's axis=, torch's dim= and keepdim(s)=, a method's axis by position, clamp's
    bounds by name and a def's parameters by name, as the course's code writes them."""
    X = "[[1, -2], [3, -4]]"
    cases = {"y = sum(np.sum(X, axis=0) ** 2)": 52, "y = sum(X.sum(0) ** 2)": 52,
             "y = sum(X.sum(axis=1, keepdims=True) * X)": 2, "y = sum(np.max(X, axis=1))": 4,
             "y = sum(X.max(1))": 4, "y = sum(torch.sum(X, dim=-1))": -2,
             "y = sum(X.mean(axis=0))": -1, "y = sum(X.clamp(min=0))": 4,
             "y = sum(torch.clamp(X, max=1.5))": -3.5,
             "y = sum(np.linalg.norm(X, axis=1))": 5**0.5 + 5,
             "def f(a, k=1, s=0):\n    return k*a + s\ny = sum(f(X, s=1))": -2 + 4}
    for program, want in cases.items():
        assert evaluate(program, X=X).outputs["y"] == pytest.approx(want), program
    ev = evaluate("y = sum(np.sum(X, axis=0) ** 2)", X=X)
    gradient = pipeline.run_reverse(ev).passes[0].result  # 2 (column sum), per column
    assert [gradient[f"X[{i},{j}]"] for i in (0, 1) for j in (0, 1)] == [8, -12, 8, -12]


@pytest.mark.parametrize("program, message", [
    ("y = sum(np.max(X, 0))", r"NumPy reads 0 as an axis; write max\(X, axis=0\) for that; "
                              r"for the larger of each element and 0, write maximum\(X, 0\)"),
    ("y = sum(sum(X, 1))", r"write sum\(X, axis=1\)"),
    ("y = sum(X.sum(axis=2))", r"axis 2 is out of range for an array of shape \(2, 2\)"),
    ("y = sum(X, foo=1)", "sum takes axis= \\(or dim=\\) and keepdims=; here foo="),
    ("def f(a):\n    return a\ny = sum(f(X, b=1))", "f has no parameter b"),
    ("def f(a):\n    return a\ny = sum(f(X, a=X))", "f is given a twice"),
    ("y = sum(X.exp(axis=0))", r"\.exp\(\) takes no argument by name"),
])
def test_axes_and_names_refuse_with_a_reason(program, message):
    with pytest.raises(TracerError, match=message):
        evaluate(program, X="[[1, -2], [3, -4]]")


def test_tuple_shapes_and_reshape_as_numpy_writes_them():
    X = "[[1, -2], [3, -4]]"
    cases = {"y = sum(np.zeros((2, 3)) + X[0, 0])": 6, "y = sum(X.reshape(4) * arange(4))": -8,
             "y = sum(X.reshape((1, -1)) @ ones(4))": -2, "y = sum(np.reshape(X, (4, 1)).T)": -2,
             "y = X.flatten()[3] + X.ravel()[0]": -3, "y = sum([(1, 2), (3, 4)]) * X[0, 0]": 10}
    for program, want in cases.items():
        assert evaluate(program, X=X).outputs["y"] == pytest.approx(want), program
    with pytest.raises(TracerError, match=r"4 elements do not fill the shape \(3, -1\)"):
        evaluate("y = sum(X.reshape(3, -1))", X=X)
    with pytest.raises(TracerError, match="',' inside parentheses that are not a function call"):
        evaluate("y = X[0, 0] * (1, 2)", X=X)


def test_numpy_functions_built_from_the_table():
    """hypot, reciprocal, negative, cumsum, linspace, as HIPS autograd's tests use them (the
    numbers are autograd's)."""
    ev = evaluate("y = sum(np.cumsum(x)**2)", x="[1.5, -2, 3]")
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx([7, 4, 5])
    ev = evaluate("t = np.linspace(0, 1, 5)\ny = sum(exp(-a*t))", a=2.0)
    assert pipeline.run_reverse(ev).passes[0].result["a"] == pytest.approx(-0.6382552888618146)
    ev = evaluate("y = np.hypot(a, 4) + np.reciprocal(a) + np.negative(a)", a=3.0)
    assert ev.outputs["y"] == pytest.approx(5 + 1 / 3 - 3)
    # an end computed from the inputs is NumPy's rows, 0, a/2, a (refused before): Σ = 1.5 a
    ev = evaluate("y = sum(linspace(0, a, 3))", a=1.0)
    assert ev.outputs == {"y": 1.5} and pipeline.run_reverse(ev).passes[0].result == {"a": 1.5}
    with pytest.raises(TracerError, match="linspace takes numbers"):
        evaluate("y = sum(linspace(0, a, 3))", a="[1, 2]")


def test_a_tuple_return_says_what_to_write_and_np_where_is_read():
    with pytest.raises(TracerError, match=r"gives 2 values, where one is needed here: unpack "
                       r"them into names: a, b = …"):
        evaluate("def f(v):\n    return v**2, v**3\ny = f(x)", x=1.0)
    # np.where was refused ("is not read"); now it is read: the numbers are PyTorch's
    # (torch.where(x > 0, x, 0.1*x).sum() at x = [1, -2]: 0.8, gradient [1, 0.1])
    ev = evaluate("y = sum(np.where(x > 0, x, 0.1*x))", x="[1, -2]")
    assert ev.outputs["y"] == pytest.approx(0.8)
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx([1, 0.1])


def test_np_where_decides_each_element_and_differentiates_the_one_taken():
    """NumPy's where(c, a, b) (torch.where, jnp.where): a and b computed whole, a decision
    line per element, broadcast as NumPy does. The numbers are PyTorch's (torch.where)."""
    ev = evaluate("import numpy as np\n"
                  "y = np.sum(np.where(np.abs(x) < 1, 0.5 * x**2, np.abs(x) - 0.5))",
                  x="[0.5, -2, 3]")  # the Huber loss
    assert ev.outputs["y"] == pytest.approx(4.125)
    assert [(c.kind, c.text, c.detail, c.outcome) for c in ev.trace.controls] == [
        ("where", "np.abs(x) < 1 at [0]", (0.5, " < ", 1.0), True),
        ("where", "np.abs(x) < 1 at [1]", (2.0, " < ", 1.0), False),
        ("where", "np.abs(x) < 1 at [2]", (3.0, " < ", 1.0), False)]
    assert all(c.on_inputs for c in ev.trace.controls)
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx(
        [0.5, -1.0, 1.0])
    # a matrix's rows against a vector and a number: a leaky ReLU, its mean square
    ev = evaluate("z = X @ w + b\nL = (torch.where(z > 0, z, 0.01 * z) ** 2).mean()",
                  X="[[1, 2], [-1, 0.5], [0.3, -3]]", w="[0.5, -0.4]", b=0.1)
    assert ev.outputs["L"] == pytest.approx(0.7008466666666667)
    grad = pipeline.run_reverse(ev).passes[0].result
    assert [grad[k] for k in ("X[0,0]", "X[2,1]", "w[0]", "w[1]", "b")] == pytest.approx(
        [-6.6666666666666675e-06, -0.3866666666666667, 0.2900266666666667, -2.900046666666667,
         0.9666133333333334])
    assert [c.text for c in ev.trace.controls] == [f"z > 0 at [{k}]" for k in range(3)]


def test_np_where_of_numbers_chains_and_truth():
    """Of numbers, one decision (as a if c else b, though both are computed); a chained
    comparison and a value's truth (a mask of 0 and 1) decide as Python's do. PyTorch's
    numbers: SELU at -1 is -1.108423399905876, slope 0.6450766000941242; (0 < x) & (x < 2)."""
    ev = evaluate("def selu(x, alpha=1.67, lmbda=1.05):\n"
                  "    return lmbda * jnp.where(x > 0, x, alpha * jnp.exp(x) - alpha)\n"
                  "y = selu(x)", x=-1.0)
    assert ev.outputs["y"] == pytest.approx(-1.108423399905876)
    assert pipeline.run_reverse(ev).passes[0].result["x"] == pytest.approx(0.6450766000941242)
    assert [(c.text, c.outcome) for c in ev.trace.controls] == [("x > 0", False)]
    ev = evaluate("y = np.where(0 < x < 2, x, 2*x).sum()", x="[1, -2, 3]")
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx([1, 2, 2])
    ev = evaluate("y = np.where(m, x, 2*x).sum()", x="[1, -2, 3]", m="[1, 0, 1]")
    assert ev.outputs["y"] == pytest.approx(0)


@pytest.mark.parametrize("text, message", [
    ("y = np.where(x > 0 and x < 1, x, 0)", "where's condition is one comparison"),
    ("y = np.where(x > 0, x)", r"expected ',' in where\(condition, a, b\)"),
    ("y = np.where(x > 0, x, 0, 1)", r"expected '\)' to close where\(condition, a, b\)"),
    ("y = np.where(x > 0, x, W).sum()", r"where needs arrays whose shapes broadcast .* "
                                         r"\(3,\) and \(3,\) and \(2,\)"),
    ("y = np.where(x > 0, np.log(x), 0).sum() + x.sum()", "log needs a positive argument"),
])
def test_np_where_refuses_in_one_line(text, message):
    point = {"x": "[1, -2, 3]", "W": "[1, 2]"} if "W" in text else {"x": "[1, -2, 3]"}
    with pytest.raises(TracerError, match=message):
        evaluate(text, **point)


def test_an_element_assigned_as_k_i_j_is_k_i_comma_j():
    """A kernel matrix filled in a double loop, K[i][j] = … (was refused); the numbers are
    PyTorch's: torch.exp(-(x[:, None] - x[None, :])**2 / ell).sum() and its gradient."""
    program = ("import numpy as np\nn = len(x)\nK = np.zeros((n, n))\nfor i in range(n):\n"
               "    for j in range(n):\n        K[i][j] = np.exp(-(x[i] - x[j]) ** 2 / ell)\n"
               "s = K.sum()")
    ev = evaluate(program, x="[0, 0.5, 1.5]", ell=2.0)
    assert ev.outputs["s"] == pytest.approx(6.627360059311158)
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx(
        [1.8564543046596444, 0.3305644168406715, -2.187018721500316, 0.7788114684575345])
    assert evaluate("K = zeros((2, 2))\nK[0][1] = x\nK[1][0] += 2*x\ny = K.sum()",
                    x=2.0).outputs["y"] == 6


def test_a_change_through_a_part_of_an_array_is_refused():
    """A row, a slice or a loop's row is NumPy's view: a change through it changes the array,
    which tracer does not follow, so it is refused; a copy may be changed; a loop over a name
    reads its array as it is at each step (as Python's does)."""
    W = "[[1, 2], [3, 4]]"
    for program in ("W2 = W + 0\nfor w in W2:\n    w *= 2\ny = sum(W2)",
                    "b = W + 0\nc = b[0]\nc[1] = 100\ny = sum(b)",
                    "b = W + 0\nc = b[:, 1]\nc += 1\ny = sum(b)"):
        with pytest.raises(TracerError, match="is a part of another array"):
            evaluate(program, W=W)
    assert evaluate("b = W + 0\nr = b[0] + 0\nr[0] = 5\ny = sum(r)", W=W).outputs["y"] == 7
    ev = evaluate("b = x + 0\ns = 0\nfor w in b:\n    b[2] = 100\n    s = s + w", x="[1, 2, 3]")
    assert ev.outputs["s"] == 103




@pytest.mark.parametrize("program, want", [
    ("b = x*1.0\nc = b.T\nb[0, 1] = 9*x[0, 0]\ny = c*1.0", [1, 4, 9, 5, 3, 6]),
    ("b = x*1.0\nc = b.reshape(3, 2)\nb[0, 1] = 9*x[0, 0]\ny = c.sum()", [28]),
    ("b = x*1.0\nc = ravel(b)\nb[1, 1] = 7*x[0, 0]\ny = c[4]", [7]),
    ("b = x*1.0\nc = b.flatten()\nb[1, 1] = 7*x[0, 0]\ny = c[4]", [5]),  # a copy
])
def test_a_transpose_or_a_reshape_is_a_view_as_in_numpy(program, want):
    """``c = b.T`` then ``b[0, 1] = …`` left c as it was (NumPy's c shows the change: a
    wrong number); flatten copies, as NumPy's does. The numbers are NumPy's."""
    ev = evaluate(program, x="[[1, 2, 3], [4, 5, 6]]")
    assert list(ev.outputs.values()) == pytest.approx(want)
    with pytest.raises(TracerError, match="is a part of another array"):
        evaluate("b = x*1.0\nc = b.T\nc[0, 1] = 5\ny = b.sum()", x="[[1, 2], [3, 4]]")


def test_a_long_chain_of_parts_follows_a_change_without_recursion():
    """A thousand parts of parts (c = c[0:] in a loop) was a RecursionError."""
    program = "b = x*1.0\nc = b\nfor i in range(1000):\n    c = c[0:]\n    b[0] = b[0]*2\ny = c"
    ev = evaluate(program, x="[1, 3]")
    assert ev.outputs == {"y[0]": 2.0 ** 1000, "y[1]": 3.0}


@pytest.mark.parametrize("program, want", [
    ("b = x*ones(2, 3)\nc = b[0]\nb[0, 1] = 5\ny = c.sum()", (8.0, 2.0)),
    ("b = x*ones(2, 3)\nc = b[1]\nb[0, 1] = 5\ny = c.sum()", (4.5, 3.0)),
    ("b = x*ones(2, 3)\nc = b[0]\nd = c[1:]\nb[0, 2] = x*x\ny = d.sum() + c.sum()", (9.0, 9.0)),
    ("b = x*ones(2, 3)\nc = b[:, 1]\nb += x\ny = c.sum()", (6.0, 4.0)),
    ("b = x*arange(4)\nc = b[::2]\nb[2] = 7*x\ny = c[1]*c[0] + c.sum()", (10.5, 7.0)),
    ("b = x*ones(3)\nc = b[1:]\nb[1] = x*x\nb[2] = x*x*x\ny = c.sum()", (5.625, 9.75)),
    ("W = x*ones(2, 2)\ns = 0\nfor r in W:\n    W[1, 0] = x*3\n    s = s + r.sum()\ny = s",
     (9.0, 6.0)),
    ("def f(v):\n    v[1, 1] = v[1, 1]*2\n    return v.sum()\nb = x*ones(2, 2)\nc = b[1]\n"
     "z = f(b)\ny = c.sum() + z", (12.0, 8.0)),
])
def test_a_part_of_an_array_shows_a_later_change_to_the_array(runner, program, want):
    """``c = b[0]`` is NumPy's view: a change to b made after it (an element, a slice, in
    place, inside a def) shows in c, and in a part of c; the numbers are NumPy's (x = 1.5),
    the derivative is that of the values read."""
    ev = evaluate(program, x=1.5)
    assert ev.outputs["y"] == pytest.approx(want[0])
    for mode in ("reverse", "forward"):
        result = run(runner, mode, program, "--at", "x=1.5", "-f", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["jacobian"]["y"]["x"] == pytest.approx(want[1])
def test_outputs_named_by_a_glob_or_a_row():
    ev = evaluate("c = W * 2", W="[[1, 2], [3, 4]]")
    program = "c = W * 2"
    point = {"W": _value("[[1, 2], [3, 4]]")}
    for wanted, names in ((["c[0,*]"], ["c[0,0]", "c[0,1]"]), (["c[1]"], ["c[1,0]", "c[1,1]"])):
        got = pipeline.prepare(program, point, outputs=wanted).trace.output_names
        assert list(got) == names
    with pytest.raises(NameProblem, match=r"c\[5,0\] names no element of c"):
        pipeline.prepare(program, point, outputs=["c[5,0]"])
    assert ev.trace.output_names == ("c[0,0]", "c[0,1]", "c[1,0]", "c[1,1]")


def test_inner_and_a_remainder_by_a_tiny_divisor():
    ev = evaluate("y = inner(S, S*2)", S="[[1, 2], [3, 4]]")  # NumPy: S @ (2S).T
    assert [ev.outputs[f"y[{i},{j}]"] for i in (0, 1) for j in (0, 1)] == [10, 22, 22, 50]
    assert evaluate("y = inner(S[0], S)", S="[[1, 2], [3, 4]]").outputs == {"y[0]": 5, "y[1]": 11}
    ev = evaluate("y = x % 1e-320", x=1.0)
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 1}


def test_branches_take_the_path_the_point_decides():
    program = "if x > 0:\n    y = x*x\nelif x == 0:\n    y = x\nelse:\n    y = -x"
    assert evaluate(program, x=3).outputs == {"y": 9}
    assert evaluate(program, x=-2).outputs == {"y": 2}
    ev = evaluate(program, x=-2)
    decisions = [(c.kind, c.outcome) for c in ev.trace.controls]
    assert decisions == [("if", False), ("elif", False), ("else", True)]
    # the derivative is that of the path taken
    assert pipeline.run_reverse(ev).passes[0].result == {"x": -1}


def test_a_conditional_expression_is_an_if_else_of_the_whole_value():
    """name = a if c else b (and +=, b[i] =, y: float =, return) decides as Python does, and
    the decision is recorded; only the branch taken is evaluated (log(x) at x < 0 is not)."""
    relu = "def relu(t):\n    return t if t > 0 else 0.01*t\ny = relu(x) + x"
    taken = [("if", "t > 0", True)], [("if", "t > 0", False), ("else", "", True)]
    for x, value, slope, path in [(2, 4, 2, taken[0]), (-2, -2.02, 1.01, taken[1])]:
        ev = evaluate(relu, x=x)
        assert ev.outputs["y"] == pytest.approx(value)
        assert pipeline.run_reverse(ev).passes[0].result["x"] == pytest.approx(slope)
        assert [(c.kind, c.text, c.outcome) for c in ev.trace.controls] == path
    ev = evaluate("y = log(x) if x > 0 else 0*x", x=-1)
    assert ev.outputs == {"y": 0} and [c.kind for c in ev.trace.controls] == ["if", "else"]
    chained = "y = x if x > 1 else -x if x > -1 else x*x"
    assert [evaluate(chained, x=x).outputs["y"] for x in (3, 0.5, -2)] == [3, -0.5, 4]
    ev = evaluate(chained, x=0.5)
    assert [(c.kind, c.outcome) for c in ev.trace.controls] == [("if", False), ("elif", True)]
    assert evaluate("c = x\nc += x if x > 0 else 1", x=2).outputs == {"c": 4}
    assert evaluate("y: float = x if x < 0 else 2*x", x=2).outputs == {"y": 4}
    ev = evaluate("b = [x, x]\nb[1] = x*x if x > 1 else x\ny = b[0] + b[1]", x=3)
    assert ev.outputs == {"y": 12}
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 7}


def test_a_conditional_expression_inside_an_expression():
    """Inside brackets and arguments too, with Python's precedence (the lowest): only the
    branch taken is evaluated, and a '(' holding one is arithmetic, not a condition."""
    ev = evaluate("y = 2*(x if x > 0 else 1) + [x, 3 if x < 0 else x*x][1]", x=0.5)
    assert ev.outputs == {"y": 1.25}
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 3}
    assert evaluate("y = max(x if x > 0 else 0, 1)*x", x=3).outputs == {"y": 9}
    ev = evaluate("if (x if x > 0 else 1) > 2:\n    y = x\nelse:\n    y = 2*x", x=3)
    assert ev.outputs == {"y": 3}
    assert [c.kind for c in ev.trace.controls] == ["if", "if"]
    assert evaluate("def f(t):\n    return t, 1 if t > 0 else 2\ny = f(x)[1]*x",
                    x=-1).outputs == {"y": -2}


def test_a_conditional_expression_of_tuples_unpacks():
    """a, b = (x, y) if c else (y, x), and a def's return of one: the else-part's tuple was
    refused (',' inside parentheses that are not a function call)."""
    swap = "a, y = (x, 2*x) if x > 0 else (2*x, x)"
    assert evaluate(swap, x=1).outputs == {"y": 2}
    assert evaluate(swap, x=-1).outputs == {"y": -1}
    ev = evaluate("def f(t):\n    return (t, 2*t) if t > 0 else (2*t, t)\na, y = f(x)", x=-1)
    assert ev.outputs == {"y": -1}


def test_a_lambda_given_a_name_is_a_def():
    ev = evaluate("f = lambda t: t*t\ny = f(x) + f(2*x)", x=1)
    assert ev.outputs == {"y": 5} and pipeline.run_reverse(ev).passes[0].result == {"x": 10}
    ev = evaluate("relu = lambda t: t if t > 0 else 0*t\ny = relu(x) * relu(-x) + relu(x)", x=2)
    assert ev.outputs == {"y": 2} and pipeline.run_reverse(ev).passes[0].result == {"x": 1}
    assert evaluate("k = lambda: 2\ny = k()*x", x=3).outputs == {"y": 6}


def test_a_def_is_passed_to_a_def_that_calls_it():
    """Numerical methods take the function: bisect(f, lo, hi), newton(f, df, x0), twice(f, x);
    the rows of f are the def's own (sq.…), and only a call may use it."""
    ev = evaluate("def sq(t):\n    return t*t\ndef twice(f, x):\n    return f(f(x))\n"
                  "def app(g, x):\n    return twice(g, x)\ny = app(sq, a)", a=2)
    assert ev.outputs == {"y": 16} and pipeline.run_reverse(ev).passes[0].result == {"a": 32}
    ev = evaluate("def newton(f, df, x):\n    for k in range(6):\n        x = x - f(x) / df(x)\n"
                  "    return x\nf = lambda x: x*x - a\nfp = lambda x: 2*x\nr = newton(f, fp, 1.0)",
                  a=2)
    assert ev.outputs["r"] == pytest.approx(math.sqrt(2), rel=1e-15)
    assert pipeline.run_reverse(ev).passes[0].result["a"] == pytest.approx(1 / (2 * math.sqrt(2)))
    # a lambda as an argument: a def of its own, reading the names around it when called
    ev = evaluate("def newton(f, df, x):\n    for k in range(6):\n        x = x - f(x) / df(x)\n"
                  "    return x\nr = newton(lambda x: x*x - a, lambda x: 2*x, 1.0)", a=2)
    assert ev.outputs["r"] == pytest.approx(math.sqrt(2), rel=1e-15)
    ev = evaluate("def app(f, x):\n    return f(x)\ndef g(x):\n    return app(lambda t: t * x, 3.0)"
                  "\ny = 0\nfor i in range(2):\n    y = y + app(lambda t: t * i, g(a))", a=2)
    assert ev.outputs == {"y": 6} and pipeline.run_reverse(ev).passes[0].result == {"a": 3}
    with pytest.raises(ProgramError, match=r"<lambda> takes 2 argument\(s\), got 1"):
        evaluate("def app(f, x):\n    return f(x)\ny = app(lambda t, u: t, a)", a=2)
    # a function of the table given alone: newton(math.cos, …), app(exp, a)
    ev = evaluate("def app(f, x):\n    return f(x)\ny = app(exp, a) + app(np.sin, a)", a=0.5)
    assert ev.outputs["y"] == pytest.approx(math.exp(0.5) + math.sin(0.5), rel=1e-15)
    assert pipeline.run_reverse(ev).passes[0].result["a"] == pytest.approx(
        math.exp(0.5) + math.cos(0.5), rel=1e-15)
    with pytest.raises(TracerError, match=r"atan2 is a function: write atan2\(...\)"):
        evaluate("def app(f, x):\n    return f(x)\ny = app(atan2, a)", a=0.5)
    with pytest.raises(TracerError, match=r"sin is a function: write sin\(...\)"):
        evaluate("y = sum(sin) * a", a=0.5)
    sq = "def sq(t):\n    return t*t\n"
    for program, message in [
            (sq + "y = sq * 2", "sq is a function: call it as sq"),
            (sq + "y = sq", "sq is a function: call it as sq"),
            (sq + "y = sum(sq)", "sq is a function: call it as sq"),
            (sq + "def app(f, x):\n    if f > 0:\n        return x\n    return f(x)\n"
             "y = app(sq, a)", "sq is a function"),
            ("def app(f, x):\n    return f(x)\ny = app(3, a)",
             r"f holds a value here, not a function to call \(give app a def by its "
             r"name, app\(sq, …\)")]:
        with pytest.raises(ProgramError, match=message):
            evaluate(program, a=2)


def test_raise_stops_the_run_where_it_is_reached_as_pythons():
    """A bisection's check of its bracket, raise ValueError(…), said "raise is not read: leave
    it out"; now a branch not taken runs past it, and one taken stops there, naming it."""
    bisect = ("def bisect(f, a, b, tol=1e-6):\n    if f(a) * f(b) > 0:\n"
              "        raise ValueError(\"no sign change\")\n    while b - a > tol:\n"
              "        m = (a + b) / 2\n        if f(a) * f(m) <= 0:\n            b = m\n"
              "        else:\n            a = m\n    return (a + b) / 2\n"
              "r = bisect(lambda x: x**3 - c, 0.0, 2.0) + 0 * c")
    assert evaluate(bisect, c=2).outputs["r"] == pytest.approx(2 ** (1 / 3), abs=1e-6)
    with pytest.raises(ProgramError, match=re.escape(
            'raise ValueError("no sign change") ran here: the program stops, as Python\'s '
            'does')) as caught:
        evaluate(bisect, c=-2)
    assert caught.value.where()[0] == 3
    with pytest.raises(ProgramError, match=r"raise ValueError\(y\) ran here"):
        evaluate("y = x\nraise ValueError(y)", x=1)


def test_a_lambda_named_as_a_function_of_the_table_is_the_programs():
    """relu = lambda t: … (a leaky one) is called, not the table's relu (which gave 0 at
    x = -2 where Python gives -0.02), also from a def written before it, as a def is."""
    ev = evaluate("relu = lambda t: t if t > 0 else 0.01*t\ny = relu(x)", x=-2)
    assert ev.outputs == {"y": -0.02}
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 0.01}
    ev = evaluate("def g(a):\n    return sin(a) + 1\nsin = lambda t: 2*t\ny = g(x)", x=1.5)
    assert ev.outputs == {"y": 4}


def test_a_for_loop_runs_over_a_tuples_values():
    """for W in (W1, W2), for w in a, b and a def's return a, b: Python loops over the
    values, each as it is (arrays of other shapes too); the loop over f(x)'s two values was
    refused, asking for an array."""
    cases = [
        ("s = 0*x\nfor w in (1, 2, 3):\n    s = s + w*x\ny = s", 12, 6),
        ("a, b = x, 2*x\ns = 0\nfor w in a, b:\n    s = s + w\ny = s", 6, 3),
        ("W1 = [[x, 1], [2, x]]\nW2 = [x, 3]\ns = 0\nfor W in (W1, W2):\n"
         "    s = s + W.sum()\ny = s", 12, 3),
        ("def f(t):\n    return t, t*t\ns = 0\nfor v in f(x):\n    s = s + v\ny = s", 6, 5),
        ("y = sum([w*x for w in (1, 2)])", 6, 3),
    ]
    for text, value, slope in cases:
        ev = evaluate(text, x=2)
        assert ev.outputs == {"y": value}, text
        assert pipeline.run_reverse(ev).passes[0].result == {"x": slope}, text
    ev = evaluate(cases[1][0], x=2)
    assert [c.text for c in ev.trace.controls] == ["for w in (a, b)"] * 2


def test_comprehensions_run_as_loops_that_collect():
    """[e for … in … if …] and a call's one generator argument, sum(e for …): the loops run
    as for statements (their decision lines), the loop names are the comprehension's own."""
    cases = [
        ("w = [1, 2, 3]\ny = sum([w[i]*x for i in range(3)])", 2, 12, 6),
        ("y = sum(x*i for i in range(3))", 2, 6, 3),
        ("ws = [0.5, -1]\nxs = [x, 2*x]\ny = sum(w*v for w, v in zip(ws, xs))", 2, -3, -1.5),
        ("a = [x*i for i in range(4) if i % 2 == 1]\ny = a.sum()", 2, 8, 4),
        ("M = [[x*i + j for j in range(2)] for i in range(2)]\ny = M.sum()", 2, 6, 2),
        ("a = [x*i*j for i in range(2) for j in range(3)]\ny = sum(a)", 2, 6, 3),
        ("i = 5\na = [x*i for i in range(3)]\ny = a[2] + i*x", 2, 14, 7),
        ("y = sum([t if t > 0 else 0 for t in [x, -x, 2*x]])", 2, 6, 3),
        ("y = sum([t if t > 0 else 0 for t in [x, -x, 2*x]])", -2, 2, -1),
    ]
    for text, x, value, slope in cases:
        ev = evaluate(text, x=x)
        assert ev.outputs == {"y": value}, text
        assert pipeline.run_reverse(ev).passes[0].result == {"x": slope}, text
        assert pipeline.run_forward(ev).jacobian["y"] == {"x": slope}, text
    ev = evaluate("a = [x*i for i in range(3) if i > 0]\ny = sum(a)", x=1)
    assert [(c.kind, c.iteration, c.outcome) for c in ev.trace.controls] == [
        ("for", 1, True), ("if", None, False), ("for", 2, True), ("if", None, True),
        ("for", 3, True), ("if", None, True)]
    assert evaluate("a = [x for i in range(0)]\ny = x + len(a)", x=1).outputs == {"y": 1}
    # Python's sum(generator, start), micrograd's neuron: start + the sum, start first
    ev = evaluate("w = [0.5, -1.5]\nb = 0.25\ny = sum((wi*x for wi in w), b)", x=2)
    assert ev.outputs == {"y": -1.75}
    assert pipeline.run_reverse(ev).passes[0].result == {"x": -1}


def test_sum_of_a_comprehension_reads_a_start_as_python_and_an_axis_as_numpy():
    """Python's sum(…, start) (also start=…) starts from start; np.sum's second argument and
    axis= stay NumPy's axis (these ran as a start, or crashed with a TypeError)."""
    ev = evaluate("y = sum((x*i for i in range(3)), start=x)", x=2)
    assert ev.outputs == {"y": 8}
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 4}
    assert evaluate("y = sum([x*i for i in range(3)], start=1)", x=2).outputs == {"y": 7}
    assert evaluate("y = sum([x*i for i in range(3)], x)", x=2).outputs == {"y": 8}
    matrix = "[[x*i + j for j in range(2)] for i in range(2)]"
    ev = evaluate(f"y = np.sum({matrix}, axis=1)", x=1.5)
    assert ev.outputs == {"y[0]": 1, "y[1]": 4}
    assert evaluate(f"y = np.sum({matrix}, axis=0)", x=1.5).outputs == {"y[0]": 1.5,
                                                                        "y[1]": 3.5}
    with pytest.raises(ProgramError, match=r"sum\(X, 1\) of an array: NumPy reads 1 as an axis"):
        evaluate(f"y = np.sum({matrix}, 1)", x=1.5)
    with pytest.raises(ProgramError, match=r"sum\(X, 1\) of an array: NumPy reads 1 as an axis"):
        evaluate("y = torch.sum([x*i for i in range(3)], 1)", x=1.5)


def test_a_loop_variable_named_as_the_array_it_runs_over():
    """[v*2 for v in v] and for w in w: the loop runs over the array the name held when it
    began, as in Python (each step read the name again: 'v is a number, not an array');
    after a comprehension, v is the array again."""
    ev = evaluate("y = [v*2 for v in v]", v="[1.5, -2]")
    assert ev.outputs == {"y[0]": 3, "y[1]": -4}
    ev = evaluate("y = sum(v*v for v in v) + v[0]", v="[1.5, -2]")
    assert ev.outputs == {"y": 7.75}
    assert pipeline.run_reverse(ev).passes[0].result == {"v[0]": 4, "v[1]": -4}
    ev = evaluate("w = [x, -x, 2*x]\ny = 0\nfor i, w in enumerate(w):\n    y = y + i*w", x=1)
    assert ev.outputs == {"y": 3}


def test_nested_loops_within_the_step_limit_run():
    """400 × 400 = 160,000 steps are within 200,000: each time the inner loop began, the
    outer loop's steps already taken were counted again (refused at about i = 100, 'would
    run 400 × 400 = 160,000 times … stops a program at 200,000 loop steps')."""
    for text in ["y = sum(x*i*j for i in range(400) for j in range(400))",
                 "y = x\nfor i in range(400):\n    for j in range(400):\n        y = y + j"]:
        assert len(evaluate(text, x=1).trace.controls) == 400 + 400 * 400


def test_a_comprehension_variable_named_as_a_constant_or_function():
    ev = evaluate("y = sum([e*x for e in v]) + sum(sin*x for sin in v) + e*sin(x)",
                  x=1.5, v="[1, 2]")
    assert ev.outputs["y"] == pytest.approx(9 + math.e*math.sin(1.5))


def test_a_comprehensions_names_are_not_seen_by_the_defs_it_calls():
    """A def or lambda called in a comprehension reads the names where it was written, not
    the comprehension's loop names (g() read i = 0, 1, 2: 4.5 where Python gives 45)."""
    for text in ["i = 10\ndef g():\n    return i*x\ny = sum(g() for i in range(3))",
                 "i = 10\ng = lambda: i*x\ny = sum([g() for i in range(3)])",
                 "def h(t):\n    i = 10\n    def g():\n        return i*t\n"
                 "    return sum(g() for i in range(3))\ny = h(x)"]:
        ev = evaluate(text, x=1.5)
        assert ev.outputs == {"y": 45}, text
        assert pipeline.run_reverse(ev).passes[0].result == {"x": 30}, text
    ev = evaluate("def h(v):\n    return sum([v*2 for v in v]) + v[0]\ny = h(w)", w="[1, 2]")
    assert ev.outputs == {"y": 7}


def test_a_comprehension_refuses_what_python_refuses_or_tracer_cannot():
    with pytest.raises(ProgramError, match="an element of this comprehension gives several"):
        evaluate("def f(t):\n    return t, 2*t\ny = sum([f(x) for i in range(2)])", x=1)
    with pytest.raises(ProgramError, match="3 is a number, not an array"):
        evaluate("y = [x for i in 3]", x=1)
    with pytest.raises(LimitError, match="this for loop would run 10,000,000 times"):
        evaluate("y = [x*i for i in range(10**7)]", x=1)


def test_while_unrolls_and_records_each_check():
    ev = evaluate("b = x\nwhile b < 100:\n    b = b * 3", x=2)
    assert ev.outputs == {"b": 162}
    whiles = [c for c in ev.trace.controls if c.kind == "while"]
    assert [c.iteration for c in whiles] == [1, 2, 3, 4, 5]
    assert [c.outcome for c in whiles] == [True] * 4 + [False]
    assert whiles[0].detail == (2.0, " < ", 100.0) and whiles[0].text == "b < 100"
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 81}


def test_for_range_break_and_continue():
    ev = evaluate("s = 0*x\nfor i in range(1, 6):\n    if i == 2:\n        continue\n"
                  "    if i > 4:\n        break\n    s = s + i*x", x=1)
    assert ev.outputs == {"s": 1 + 3 + 4}
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 8}


def test_a_loop_counter_is_a_constant_in_arithmetic_and_indices():
    ev = evaluate("a = [x, 2*x, 3*x]\ns = a[0]\nfor i in range(1, len(a)):\n"
                  "    s = s + i*a[i]", x=1)
    assert ev.outputs == {"s": 1 + 2 + 6}


def test_defs_are_inlined_with_qualified_labels():
    ev = evaluate("def square_plus(a, b):\n    t = a*a\n    return t + b\n"
                  "d = square_plus(x, 1)", x=3)
    assert ev.outputs == {"d": 10}
    assert ("square_plus.t",) in ev.trace.labels and ("d",) in ev.trace.labels


def test_and_or_not_decide_left_to_right():
    ev = evaluate("y = x\nif x > 0 and not x > 5 or x < -10:\n    y = 2*x", x=3)
    assert ev.outputs == {"y": 6}
    (c,) = ev.trace.controls
    assert c.detail == (3.0, " > ", 0.0, " and ", "not ", 3.0, " > ", 5.0)


def test_arrays_broadcast_and_reduce():
    ev = evaluate("b = a * 2 + 1\ny = b.sum() + norm(a) + dot(a, a) + mean(a) + prod(a)",
                  a="[1, 2, 3]")
    want = (3 + 5 + 7) + 14 ** 0.5 + 14 + 2 + 6
    assert ev.outputs["y"] == pytest.approx(want)
    assert ev.trace.inputs == ("a[0]", "a[1]", "a[2]")


def test_matrix_products_transpose_and_indexing():
    ev = evaluate("y = W @ x\nz = (W.T @ W)[1, 0] + W[0][1]", W="[[1, 2], [3, 4]]",
                  x="[5, 6]")
    assert ev.trace.output_names == ("z",)
    assert ev.outputs["z"] == 1 * 2 + 3 * 4 + 2
    ev = evaluate("y = W @ x", W="[[1, 2], [3, 4]]", x="[5, 6]")
    assert ev.outputs == {"y[0]": 17, "y[1]": 39}


def test_element_assignment():
    ev = evaluate("b = zeros(3)\nb[1] = x\nb[2] += 2*x\ny = b.sum()", x=2)
    assert ev.outputs == {"y": 6}


def test_a_list_grows_by_append_in_place_as_pythons():
    """Euler's ys.append(ys[-1] - h*k*ys[-1]), an RNN's hs.append(h) (a list of vectors is a
    matrix), a def appending to the top level's list (which stays the top level's), and
    another name for the list seeing the new item, as in Python (checked against it)."""
    ev = evaluate("ys = [y0]\nfor n in range(3):\n    ys.append(ys[-1] * k)\nzs = ys\n"
                  "ys.append(1)\ny = len(zs) * zs[-2]", y0=1, k=2)
    assert ev.outputs == {"y": 40}  # ys = [1, 2, 4, 8, 1]: 5 × 8, y = 5 y0 k³
    assert pipeline.run_reverse(ev).passes[0].result == {"y0": 40, "k": 60}
    ev = evaluate("hs = []\nh = x\nfor t in range(2):\n    h = 2 * h\n    hs.append(h)\n"
                  "H = np.array(hs)\ny = H[1, 0] + H.sum()", x="[1, 3]")
    assert ev.outputs == {"y": 28}
    ev = evaluate("losses = []\ndef step(w):\n    losses.append((w - 3) ** 2)\n"
                  "    return w - 0.2 * (w - 3)\nw2 = step(step(w))\nL = sum(losses)", w=1)
    assert ev.outputs["L"] == pytest.approx(6.56, rel=1e-12)
    assert pipeline.run_reverse(ev).passes[0].result["w"] == pytest.approx(-6.56, rel=1e-12)
    for program, message in [
            ("ys = [x]\nz = ys.append(x)\ny = z", "append\\(…\\) is read on a line of its own"),
            ("ys = x\nys.append(x)\ny = ys", "append adds to a list, and this value is a number"),
            ("hs = []\nhs.append(W)\ny = hs", r"appending a matrix \(2, 2\) makes a list of "
             "matrices"),
            ("ys = [x]\nys.append(ys)\ny = ys", r"this list holds numbers; the value appended "
             r"has shape \(1,\)")]:
        with pytest.raises(TracerError, match=message):
            evaluate(program, x=2, W="[[1, 2], [3, 4]]")


def test_arrays_are_shared_not_copied_as_in_python():
    """b = a, a def's parameter: an element assigned through one name is seen through every
    name holding the array (Python and NumPy give 10 and 20 here); a copy is not shared."""
    import tracer

    def gradient(text, **point):
        return tracer.trace(text, point).reverse().gradient

    assert gradient("a = [x, 2*x]\nb = a\nb[0] = 5*x\ny = a[0] + b[0]", x=1) == {"x": 10}
    assert gradient("def f(v):\n    v[0] = v[0]*10\n    return v[0]\n"
                    "a = [x, x]\nr = f(a)\ny = a[0] + r", x=1) == {"x": 20}
    assert gradient("a = [x, 2*x]\nb = a * 1\nb[0] = 5*x\ny = a[0] + b[0]", x=1) == {"x": 6}
    assert gradient("a = [x, x]\ndef g():\n    a[1] = a[1] * 3\n    return 0\n"
                    "z = g()\ny = a[0] + a[1] + z", x=1) == {"x": 4}
    with pytest.raises(NameProblem, match="b holds the input x's array .* copy it first "
                                          r"\(b = x\.copy\(\)\)"):
        evaluate("b = x\nb[0] = 5\ny = sum(b)", x="[1, 2]")


def test_a_def_or_a_value_named_as_a_function_shadows_it():
    ev = evaluate("def sigmoid(z):\n    return 2*z\nstep = 0.5\nsum = 0\n"
                  "for i in range(3):\n    sum = sum + step*x\ny = sigmoid(sum)", x=2)
    assert ev.outputs == {"y": 6}


def test_parameters_may_have_defaults_as_in_python():
    program = ("def leaky(z, alpha=0.01):\n    if z > 0:\n        return z\n    return alpha*z\n"
               "y = leaky(x) + leaky(-x, 0.2) + leaky(-x)")
    assert evaluate(program, x=2).outputs["y"] == pytest.approx(2 - 0.4 - 0.02)
    with pytest.raises(ProgramError, match="leaky takes 1 to 2 argument"):
        evaluate("def leaky(z, alpha=0.01):\n    return z*alpha\ny = leaky()", x=2)
    with pytest.raises(ParseError, match="the parameter b needs a default"):
        parse("def f(a=1, b):\n    return a*b\ny = f(x)")


def test_chained_assignment_names_one_row_twice():
    """autograd's tutorial: ans = currterm = x (Python assigns left to right)."""
    ev = evaluate("a = b = c = x*2\ny = a + b + c", x=1)
    assert ev.outputs == {"y": 6}
    assert ("a", "b", "c") in ev.trace.labels
    sine = ("ans = currterm = x\nfor i in range(3):\n"
            "    currterm = -currterm * x**2 / ((2*i+3)*(2*i+2))\n    ans = ans + currterm")
    assert evaluate(sine, x=0.5).outputs["ans"] == pytest.approx(
        0.5 - 0.5**3 / 6 + 0.5**5 / 120 - 0.5**7 / 5040)
    assert evaluate("if x > 0: a = b = x*2\ny = a + b", x=1).outputs == {"y": 4}


def test_pytorch_and_numpy_wrappers_read_or_say_what_to_write():
    assert evaluate("y = sum(np.array([1.0, 2.0])*x + torch.tensor([[1, 2], [3, 4]]) @ x)",
                    x="[1, 1]").outputs == {"y": 13}
    # y.backward() on a line of its own says what to differentiate (core.course): it runs
    assert evaluate("y = x*x\ny.backward()", x=1).outputs == {"y": 1}


def test_review_of_the_python_semantics():
    """A def calling a shadowing def written after it; defaults made where the def stands;
    b += 1 changing a shared array in place, keeping its shape; max's arities named."""
    import tracer

    def gradient(text, **point):
        return tracer.trace(text, point).reverse().gradient

    assert gradient("def g(z):\n    return sigmoid(z)*2\ndef sigmoid(z):\n    return z\n"
                    "y = g(x)", x=2) == {"x": 2}
    assert gradient("w = 1\ndef f(z, a=w):\n    return z*a\nw = 5\ny = f(x)", x=2) == {"x": 1}
    assert gradient("exp = exp(x)\ny = exp*2", x=0) == {"x": 2}  # the built-in, then a value
    assert gradient("a = [x, 2*x]\nb = a\nb += 1\nb *= x\ny = a[0] + a[1]", x=1) == {"x": 8}
    with pytest.raises(ProgramError, match=r"make b \(2, 2\) in place of \(2,\)"):
        evaluate("b = [x, x]\nb += [[1, 2], [3, 4]]\ny = sum(b)", x=1)
    # Python's max of several numbers, max(max(x, 2), 3): 4 is the largest, 1 is not
    assert gradient("y = max(x, 2, 3)", x=4) == {"x": 1}
    assert gradient("y = max(x, 2, 3)", x=1) == {"x": 0}
    with pytest.raises(ProgramError, match="max of 3 values takes numbers, not an array"):
        evaluate("y = max([x, 1], 2, 3)", x=1)
    with pytest.raises(ProgramError, match="max takes 1 to 64 argument"):
        evaluate("y = max()", x=1)
    with pytest.raises(NameProblem, match=r"copy it first \(v = v\.copy\(\)\)"):
        evaluate("def f(v):\n    v[0] = 1\n    return v[1]\ny = f(x)", x="[1, 2]")


def test_constructors():
    assert evaluate("y = x*sum(arange(4)) + x*sum(ones(2, 3)) + x*eye(3)[1, 1]",
                    x=1).outputs == {"y": 6 + 6 + 1}


def test_detach_stops_the_gradient():
    ev = evaluate("y = detach(x)*x + stop_gradient(x*x)", x=3)
    assert pipeline.run_reverse(ev).passes[0].result == {"x": 3}


def test_methods_of_the_course():
    ev = evaluate("b = a * 2\ny = b.norm() + b.sum() + a.dot(a) + a.exp().sum()", a="[0, 1]")
    assert ev.outputs["y"] == pytest.approx(2 + 2 + 1 + 1 + 2.718281828459045)


def test_torch_and_numpy_prefixes_are_read_as_the_function():
    assert evaluate("y = 2 * torch.dot(x, x) + np.sum(x)", x="[1, 2]").outputs == {"y": 13}


def test_straight_line_programs_keep_the_lecture_order_and_loops_run_in_order():
    assert lower(parse("a = x*y\nb = sin(x)")).order == "level"
    assert lower(parse("b = x\nfor i in range(2):\n    b = b*x"), point={"x": 2.0}).order == \
        "source"


@pytest.mark.parametrize("text, point, error, message", [
    ("y = x\nbreak", {}, ParseError, "break outside a loop"),
    ("if x > 0:\ny = 1", {"x": 1}, ParseError, "expected an indented block"),
    ("else:\n    y = x", {}, ParseError, "'else' without an 'if'"),
    ("b = [x, x]\nif b > 0:\n    y = x\ny = x", {"x": 1}, ProgramError, "use .sum()"),
    ("y = [1, 2] + [1, 2, 3] + x", {"x": 1}, ProgramError, "(2,) and (3,)"),
    ("b = [x, x]\ny = b[2]", {"x": 1}, ProgramError, "out of range"),
    ("b = [x, x]\ny = b[0.5]", {"x": 1}, ProgramError, "whole number"),
    ("y = foo(x)", {}, ParseError, "unknown function 'foo'"),
    ("def f(a):\n    return f(a)\ny = f(x)", {"x": 1}, ProgramError, "f calls itself"),
    ("y = x\nwhile True:\n    pass", {"x": 1}, LimitError, "does it end?"),
    ("y = x\nif x > 0:\n    z = x\ny = z", {"x": -1}, NameProblem, "used before it is assigned"),
    ("y = x\nif y > 0:\n    y = 1", {}, NameProblem, "no value for x"),
    ("x = x + 1", {"x": 1}, NameProblem, "an input cannot be reassigned"),
    ("y = x\nfor x in range(3):\n    y = y + x", {"x": 1}, NameProblem,
     "line 2 assigns it: an input cannot be reassigned"),
    ("def f(a):\n    t = a\ny = f(x)", {"x": 1}, ProgramError, "without returning a value"),
])
def test_bad_programs_are_one_clear_error_with_a_place(text, point, error, message):
    with pytest.raises(error) as info:
        lower(parse(text), given=list(point), point=point)
    assert message in info.value.message
    assert info.value.where() is not None or (error is NameProblem and "line" not in message)


def test_the_row_limit_names_the_loop():
    with pytest.raises(LimitError, match=r"more than 50 rows \(the while loop on line 2 runs "
                                         r"on\): does the loop end"):
        lower(parse("b = x\nwhile b > 0:\n    b = b * 2 + x"), point={"x": 1.0}, max_rows=50)


def test_the_row_limit_of_a_straight_line_program_names_no_loop():
    text = "\n".join(f"a{k} = sin(x) * {k}" for k in range(1, 60))
    with pytest.raises(LimitError) as info:
        lower(parse(text), point={"x": 1.0}, max_rows=50)
    assert "at most 50 rows" in info.value.message and "loop" not in info.value.message


def test_a_domain_error_in_a_decision_names_the_row():
    with pytest.raises(TracerError, match=r"log needs a positive argument"):
        evaluate("y = x\nif log(x) > 0:\n    y = 2*x", x=-1)


@pytest.mark.parametrize("text", [
    "y = x\nbreak", "b = [x, x]\nif b > 0:\n    y = x\ny = x", "y = [1, 2] + [1, 2, 3] + x",
    "def f(a):\n    return f(a)\ny = f(x)", "y = x\n  z = 1",
])
def test_the_command_line_reports_them_with_a_caret(runner, text):
    result = run(runner, "trace", text, "--at", "x=1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and "^" in result.stderr
    assert "\n" not in text or result.stderr.startswith("error: line ")


def test_a_decision_says_whether_it_read_the_inputs():
    program = ("def g(u):\n    if u > 1:\n        return u\n    return -u\n"
               "s = 0\nfor i in range(2):\n    s = s + x\nk = 0\nwhile k < 3:\n    k = k + 1\n"
               "if g(x) < 0 and k > 1:\n    y = s\nelif x < k:\n    y = -s\nelse:\n    y = s*s")
    ev = evaluate(program, x=5)
    seen = [(c.kind, c.text, c.on_inputs) for c in ev.trace.controls]
    loops = [s for s in seen if s[0] in ("for", "while")]
    assert loops and not any(on for _, _, on in loops)  # counters: the same at every point
    assert ("if", "u > 1", True) in seen  # inside g, on its argument x
    assert ("if", "g(x) < 0 and k > 1", True) in seen
    assert ("elif", "x < k", True) in seen
    assert seen[-1] == ("else", "", True)  # taken because conditions on x were false
    constant = evaluate("k = 3\nif k > 1:\n    y = x\nelse:\n    y = -x", x=1)
    assert [c.on_inputs for c in constant.trace.controls] == [False]


def test_a_while_on_a_value_computed_from_the_input_reads_it():
    ev = evaluate("y = x\nwhile y < 10:\n    y = y * 2", x=3)
    assert [c.on_inputs for c in ev.trace.controls] == [True] * 3


def test_a_constant_output_folded_in_a_long_loop_is_named_by_its_number():
    program = "y = x\ni = 0\nwhile i < 1000:\n    y = y + x\n    i = i + 1"
    with pytest.raises(NameProblem, match="the output i is the constant 1000: it does not"):
        evaluate(program, x=1)
    with pytest.raises(NameProblem, match=r"name another with @output or --output \(e\.g\. "
                                          r"--output y\)"):
        evaluate(program, x=1)
    with pytest.raises(NameProblem, match=r"nothing to differentiate$"):
        pipeline.prepare(program, {"x": 1}, outputs=["i"])


def test_a_constant_output_of_a_program_without_inputs_names_the_numbers_it_is_given():
    """CS231n's backprop notes open with their example point, x = 3 # example values, which
    makes x a constant, as in Python: it said only 'nothing to differentiate'."""
    staged = ("x = 3 # example values\ny = -4\nsigy = 1.0 / (1 + math.exp(-y))\n"
              "f = (x + sigy) / (x + y)**2\n")
    with pytest.raises(NameProblem, match=r"nothing to differentiate; x, y are given in the "
                                          r"program \(x = 3, y = -4\), so constant, as in "
                                          r"Python: to differentiate in them, leave those lines "
                                          r"out and give them as inputs \(@at x=3, y=-4\)$"):
        pipeline.prepare(staged, {})
    neuron = "w = [2,-3,-3]\nx = [-1, -2]\nf = w[0]*x[0] + w[1]*x[1] + w[2]\n"
    with pytest.raises(NameProblem, match=r"\(w = \[2,-3,-3\], x = \[-1,-2\]\), .* "
                                          r"\(@at w=\[2,-3,-3\], x=\[-1,-2\]\)$"):
        pipeline.prepare(neuron, {})
    with pytest.raises(NameProblem, match=r"x is given in the program \(x = 2\.0\), so "
                                          r"constant, .* give it as an input \(@at x=2\.0\)$"):
        pipeline.prepare("x = 2.0\ny = x*x", {})
    # as the hint says, the same lines with @at differentiate (f = 2.06 …, CS231n's dx)
    done = pipeline.prepare("@at x=3, y=-4\n" + staged.split("\n", 2)[2], {})
    assert done is not None


@pytest.mark.parametrize("program", ["y = x[0]*2", "h = W @ x\ny = sum(h)", "y = len(x)*x"])
def test_an_array_operation_on_an_input_without_a_value_asks_for_its_shape(program):
    """tracer graph runs without --at: an input's shape is then unknown, which is what the
    error says (it said the input was a number, or to write * for numbers)."""
    with pytest.raises(ProgramError, match=r"has no value here, so tracer does not know its "
                                           r"shape: give it with --at \w+=\[…\]"):
        lower(parse(program))


def test_the_constant_output_hint_names_an_output_that_depends_on_the_inputs():
    with pytest.raises(NameProblem, match=r"e\.g\. --output y\)"):
        evaluate("y = x*x\nn = 5\nk = 3", x=1)
    with pytest.raises(NameProblem, match=r"nothing to differentiate$"):
        evaluate("y = 2\nk = 3", x=1)


def test_slice_assignment_broadcasts_and_positional_keepdim():
    ev = evaluate("b = W + 0\nb[1:] = sum(W, axis=0)\ny = sum(b * b)", W="[[1, 2, 3], [4, 5, 6]]")
    assert ev.outputs["y"] == 169  # NumPy's
    ev = evaluate("y = sum(W.sum(1, True) * W)", W="[[1, 2], [3, 4]]")
    assert ev.outputs["y"] == 3 * 3 + 7 * 7


def test_loop_variables_docstring_directives_and_open_strings():
    with pytest.raises(TracerError, match="sin is a value in this program"):
        evaluate("s = 0\nfor sin in x:\n    s = s + sin\ny = sin(s)", x="[1, 2]")
    assert evaluate('"""\n@at x=5\n"""\ny = x*2', x=1.0).outputs["y"] == 2
    with pytest.raises(TracerError, match='this """ string is not closed'):
        evaluate('def f(a):\n    """doc\n    return a\ny = f(x)', x=1.0)
    assert evaluate("y = sum(reshape(W, (4, 1)))", W="[[1, 2], [3, 4]]").outputs["y"] == 10


# --- scopes: a def's own names, closures, and the inputs around them (Python's rules) ----------

def _python_outer(x):
    """The course program of ``NESTED``, as Python runs it (autograd's oracle)."""
    def outer(a):
        def inner(b):
            return a * b
        return inner(a + 1)
    return outer(x)


def _python_late(x):
    def outer(a):
        c = a * 2

        def inner(b):
            return c * b
        r = inner(a)
        c = c + 1  # inner reads c when it is called: the new c below
        return r + inner(1.0)
    return outer(x)


def _python_own(x):
    def f(x):
        x = x * 2
        x += 1
        return x * x
    return f(x + 1) + x


NESTED = ("def outer(a):\n    def inner(b):\n        return a * b\n    return inner(a + 1)\n"
          "y = outer(x)")
LATE = ("def outer(a):\n    c = a * 2\n    def inner(b):\n        return c * b\n    r = inner(a)\n"
        "    c = c + 1\n    return r + inner(1)\ny = outer(x)")
OWN = "def f(x):\n    x = x * 2\n    x += 1\n    return x * x\ny = f(x + 1) + x"


@pytest.mark.parametrize("program, python", [(NESTED, _python_outer), (LATE, _python_late),
                                             (OWN, _python_own)])
@settings(max_examples=15, deadline=None, derandomize=True)
@given(x=st.floats(-4, 4))
def test_defs_scope_names_as_python_does_against_autograd(program, python, x):
    """A def inside a def reads the enclosing call's names as they are when it is called (a
    closure); a parameter named as an input is the def's own and may be reassigned."""
    from autograd import grad

    ev = evaluate(program, x=x)
    assert ev.trace.inputs == ("x",)
    assert ev.outputs["y"] == pytest.approx(python(x))
    assert pipeline.run_reverse(ev).passes[0].result["x"] == pytest.approx(grad(python)(x))
    assert pipeline.run_forward(ev).jacobian["y"]["x"] == pytest.approx(grad(python)(x))


def test_an_enclosing_defs_parameter_is_no_input(runner):
    """The course program that gave y = 15 silently: a is outer's, not an input."""
    result = run(runner, "reverse", NESTED, "--at", "x=2")
    assert result.exit_code == 0, result.output
    assert "= 6" in result.output and "∂y/∂x = 5" in result.output
    given = run(runner, "reverse", NESTED, "--at", "x=2,a=5")
    assert given.exit_code == 1 and "a is not an input" in given.stderr
    assert lower(parse(NESTED)).inputs == ("x",)  # tracer graph without a point
    assert ("outer.inner.b",) not in lower(parse(NESTED)).labels  # b is a parameter: no row


@pytest.mark.parametrize("program, point, want", [
    # the brief's program: a parameter named as an input, reassigned and updated
    ("def f(x):\n    x = x * 2\n    return x\ny = f(x + 1)", {"x": 3}, (8, {"x": 2})),
    ("def f(x):\n    x += 1\n    return x\ny = f(x + 1)", {"x": 3}, (5, {"x": 1})),
    # a local name equal to an input's
    ("def f(z):\n    x = z * 2\n    return x + w\ny = f(x) * x", {"x": 3, "w": 1},
     (21, {"x": 13, "w": 3})),
    # a loop variable in a def named as an input
    ("def f(z):\n    for x in range(3):\n        z = z * 2 + x\n    return z\ny = f(x) + x",
     {"x": 1}, (13, {"x": 9})),
    # a def's own array, assigned element by element, named as an input array
    ("def f(z):\n    w = z * 1\n    w[0] = w[0] * 3\n    return w.sum()\ny = f(v) + w.sum()",
     {"v": "[1, 2]", "w": "[5, 7]"}, (17, {"v[0]": 3, "v[1]": 1, "w[0]": 1, "w[1]": 1})),
    # an element of a top-level array assigned in a def is the top level's (no binding)
    ("a = [x, x]\ndef g(z):\n    a[1] = a[1] * z\n    return 0\nt = g(3)\ny = a[0] + a[1]",
     {"x": 2}, (8, {"x": 4})),
    # a nested def shadows a top-level def of its name, inside its def only
    ("def g(u):\n    return u + 100\ndef f(z):\n    def g(u):\n        return u * u\n"
     "    return g(z)\ny = f(x) + g(x)", {"x": 3}, (112, {"x": 7})),
    # a def's default made from the enclosing call's value, when the nested def stands
    ("def f(z):\n    k = z * 2\n    def g(u, s=k):\n        return u * s\n    k = 0 * z\n"
     "    return g(z)\ny = f(x)", {"x": 3}, (18, {"x": 12})),
])
def test_the_input_rules_inside_defs(program, point, want):
    ev = evaluate(program, **point)
    value, gradient = want
    assert ev.outputs["y"] == pytest.approx(value)
    assert pipeline.run_reverse(ev).passes[0].result == pytest.approx(gradient)


@pytest.mark.parametrize("program, point, message", [
    # Python's UnboundLocalError: f assigns w, so w is f's own even where it is not assigned
    ("def f(z):\n    if z > 0:\n        w = z\n    return w * 2\ny = f(x)", {"x": -3, "w": 2},
     "w is used before it is assigned in f: line 3 assigns it in f"),
    ("w = 3\ndef f(z):\n    r = z * w\n    w = 2\n    return r\ny = f(x)", {"x": 1},
     "w is used before it is assigned in f"),
    ("def f(z):\n    c += z\n    return c\ny = f(x)", {"x": 1, "c": 2},
     "c is used before it is assigned in f"),
    # a closure reading the enclosing def's name before that def assigned it
    ("def f(z):\n    def g(u):\n        return u * w\n    r = g(z)\n    w = 2\n    return r\n"
     "y = f(x)", {"x": 1}, r"w is used before it is assigned in f \(read in g, written in f\)"),
    ("def f(z):\n    r = g(z)\n    def g(u):\n        return u\n    return r\ny = f(x)",
     {"x": 1}, "g is not defined \\(yet\\) in f"),
    ("def f(z):\n    def g(u):\n        return u\n    return g * z\ny = f(x)", {"x": 1},
     "g is a function: call it as g"),
    # a nested def is its def's own: not callable from the top level
    ("def f(z):\n    def g(u):\n        return u\n    return g(z)\ny = g(x)", {"x": 1},
     "g is not defined"),
])
def test_a_defs_own_name_read_too_soon_is_an_error_with_a_place(runner, program, point,
                                                                message):
    with pytest.raises(TracerError, match=message):
        evaluate(program, **point)
    at = ",".join(f"{k}={v}" for k, v in point.items())
    result = run(runner, "reverse", program, "--at", at)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: line ") and "^" in result.stderr


def test_a_given_value_for_a_defs_own_name_is_refused_as_no_input(runner):
    result = run(runner, "reverse", "def f(z):\n    q = z * 2\n    return q\ny = f(x)",
                 "--at", "x=1,q=3")
    assert result.exit_code == 1 and "q is not an input" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("program, message", [
    # var and std in a formula (no library imported): NumPy's and PyTorch's differ
    ("y = x.var()", "var is NumPy's or PyTorch's, and they differ (NumPy divides by n, "
     "PyTorch by n - 1): write np.var(x) or torch.var(x)"),
    ("y = x.hardtanh()", "hardtanh is written out here"),
    ("y = x.std(axis=0)", "write np.std(x) or torch.std(x)"),
    # torch.nn.functional's losses and activations, after F. with or without its import
    # (mse_loss, cross_entropy, gelu, silu and softmax are read: tests/test_arrays.py)
    ("y = F.huber_loss(x, x)", "huber_loss and smooth_l1_loss are written out here"),
    ("import torch.nn.functional as F\ny = F.nll_loss(x, x)",
     "nll_loss is written out here, for log-probabilities lp and the class k"),
    ("import torch\ny = torch.nn.functional.leaky_relu(x)",
     "leaky_relu is written out here: np.where(x > 0, x, 0.01*x) (its slope at 0 is 0.01"),
    ("y = x.elu()", "elu is written out here: np.where(x > 0, x, exp(x) - 1)"),
    ("y = F.dropout(x)", "dropout is not read (it is random)"),
    # tinygrad's test_ops and PyTorch's tensor methods (h-courses19: 'no method .neg()',
    # "unknown function 'selu'; did you mean 'silu'?"); each written-out form gives
    # PyTorch 2.13's value and gradient at x = [-4.5, -0.9, 1.2, 6.6, 0.3]
    ("y = x.neg()", "write -x for x.neg() (torch.neg(x))"),
    ("import torch\ny = torch.remainder(x, 1.0)", "write a % b for remainder(a, b)"),
    ("y = F.relu6(x)", "relu6 is written out here: clip(x, 0, 6)"),
    ("y = F.hardsigmoid(x)", "hardsigmoid is written out here: clip(x/6 + 1/2, 0, 1)"),
    ("y = F.hardswish(x)", "hardswish is written out here: x * clip(x + 3, 0, 6) / 6"),
    ("y = F.mish(x)", "mish is written out here: x * tanh(softplus(x))"),
    ("y = F.selu(x)", "selu is written out here: 1.0507009873554805 * np.where(x > 0, x, "
     "1.6732632423543772 * (exp(x) - 1))"),
    ("y = F.celu(x)", "celu is written out here (alpha = 1): np.where(x > 0, x, exp(x) - 1)"),
    ("import torch\ny = torch.trunc(x)", "trunc(x) is written out here: sign(x) * floor(abs(x))"),
    ("import torch\ny = torch.lerp(x, x, 0.5)", "lerp(a, b, w) is written out here: a + w * "
     "(b - a)"),
    ("import torch\ny = torch.xlogy(x, x)", "xlogy(x, y) is written out here: x * log(y)"),
    ("import numpy as np\ny = np.sinc(x)", "sinc(x) is written out here: sin(pi*x) / (pi*x)"),
    ("import numpy as np\ny = np.deg2rad(x)", "write x*pi/180 for radians (deg2rad)"),
    ("import numpy as np\ny = np.rad2deg(x)", "write x*180/pi for degrees (rad2deg)"),
    # autograd's test_scalar_ops: np.mod, np.true_divide (and floor_divide, absolute, fabs)
    # were "unknown function"
    ("import numpy as np\ny = np.mod(x, 0.7)", "write a % b for remainder(a, b) (Python's "
     "remainder, the sign of b, as torch.remainder's and NumPy's; np.mod is np.remainder)"),
    ("import numpy as np\ny = np.true_divide(x, 2.0)", "write a / b for true_divide(a, b)"),
    ("import numpy as np\ny = np.floor_divide(x, 2.0)", "write a // b for floor_divide(a, b)"),
    ("import numpy as np\ny = np.absolute(x)", "write abs(x) for absolute(x) (NumPy's abs)"),
    ("import numpy as np\ny = np.fabs(x)", "write abs(x) for fabs(x) (NumPy's abs)"),
    # JAX's cookbook's jvp and vjp were "unknown function"
    ("from jax import jvp\ny, u = jvp(f, (2.0,), (1.0,))", "jvp(f, (x0,), (v,)), a "
     "Jacobian-vector product, is tracer forward's: write y = f(x) and run tracer forward "
     "--at x=x0 --seed x=v"),
    ("from jax import vjp\ny, f_vjp = vjp(f, 2.0)", "vjp(f, x0), a vector-Jacobian product, "
     "is tracer reverse's: write y = f(x) and run tracer reverse --at x=x0 --seed y=u"),
    # gelu's default is PyTorch's exact one, JAX's the tanh approximation
    ("import jax\ny = jax.nn.gelu(x)", "with JAX imported, say which, gelu(x, "
     "approximate=True) (JAX's default) or approximate=False"),
])
def test_a_method_tracer_does_not_read_says_what_to_write(program, message):
    """x.var() said "no method .var() with 0 argument(s)" and x.var(axis=0) ".var() takes
    no argument by name", as if it had one. (After an import the parser tells it.)"""
    with pytest.raises((ProgramError, ParseError), match=re.escape(message)):
        evaluate(program, x="[1, 2]")


@pytest.mark.parametrize("program, message", [
    ("y = x.sum() / x.shape[0]", "x has no value here, so tracer does not know its shape"),
    ("y = np.sum(x**2, axis=0)", "without a value tracer takes x for a number; if one is an "
     "array, give it with --at x=[…]"),
])
def test_graph_without_values_says_an_array_needs_one(runner, program, message):
    """``tracer graph`` without --at takes an input for a number: an array operation on it
    said "index 0 is out of range for the array, whose shape is (0,)"."""
    result = run(runner, "graph", program)
    assert result.exit_code == 1 and message in result.stderr
    assert run(runner, "graph", program, "--at", "x=[1, 2]").exit_code == 0


def test_a_module_name_the_program_assigns_is_a_value():
    """np = x * 2 then np.sum(): np is the array, as in Python (it was read as NumPy:
    "sum takes 1 argument(s), got 0")."""
    ev = pipeline.prepare("np = x * 2\ny = np.sum()", pipeline.parse_values("x=[1, 2]"))
    assert ev.outputs["y"] == 6.0
    imported = pipeline.prepare("import numpy as np\ny = np.sum(x)",
                                pipeline.parse_values("x=[1, 2]"))
    assert imported.outputs["y"] == 3.0


def test_an_imported_module_name_the_program_assigns_is_a_value_from_then_on():
    ev = pipeline.prepare("import numpy as np\nnp = x * 2\ny = np.sum()",
                          pipeline.parse_values("x=[1, 2]"))
    assert ev.outputs["y"] == 6.0


def _fibonacci_like(x: float) -> float:
    a, b = x, 1.0
    for _ in range(5):
        a, b = b, a + b
    return a * b


def test_tuple_assignment_reads_every_value_before_it_assigns():
    program = "a, b = x, 1.0\nfor i in range(5):\n    a, b = b, a + b\ny = a * b"
    ev = evaluate(program, x=2.0)
    assert ev.outputs["y"] == pytest.approx(_fibonacci_like(2.0))
    gradient = pipeline.run_reverse(ev).passes[0].result
    h = 1e-6
    slope = (_fibonacci_like(2.0 + h) - _fibonacci_like(2.0 - h)) / (2 * h)
    assert gradient["x"] == pytest.approx(slope, rel=1e-6)


def test_a_def_returns_several_values_to_unpack_or_index():
    program = ("def polar(x, y):\n    return sqrt(x*x + y*y), atan2(y, x)\n"
               "r, theta = polar(x, y)\nz = r * theta + polar(x, y)[1]")
    ev = evaluate(program, x=1.0, y=2.0)
    r, theta = (1.0 + 4.0) ** 0.5, math.atan2(2.0, 1.0)
    assert ev.outputs["z"] == pytest.approx(r * theta + theta)
    labels = {name for names in ev.trace.labels for name in names}
    assert {"r", "theta"} <= labels
    forward = pipeline.run_forward(ev).passes
    reverse = pipeline.run_reverse(ev).passes[0].result
    assert [p.result["z"] for p in forward] == pytest.approx([reverse["x"], reverse["y"]])


def test_unpacking_an_array_takes_its_elements_or_rows():
    ev = evaluate("x0, x1 = x\nr0, r1 = W\ny = x0 * x1 + r1.sum() - r0[0]", x="[2, 3]",
                  W="[[1, 2], [3, 4]]")
    assert ev.outputs["y"] == pytest.approx(6 + 7 - 1)
    assert pipeline.run_reverse(ev).passes[0].result["x[1]"] == pytest.approx(2)


@pytest.mark.parametrize("program, message", [
    ("def f(x):\n    return x, x*x\ny = f(x) * 2",
     "this gives 2 values, where one is needed here: unpack them first"),
    ("def f(x):\n    return x, x*x\ny = f(x)", "unpack them into names: a, b = …"),
    ("def f(x):\n    return x, x*x\na, b, c = f(x)", "3 names (a, b, c) are given 2 values"),
    ("a, b = x", "this is one number: give it one name"),
    ("a, b = [x, x, x]", "2 names (a, b) are given 3 elements (an array of shape (3,))"),
    ("def f(x):\n    return x, x*x\ny = f(x)[2]", "index 2 is out of range for 2 values"),
    ("def f(x):\n    return x, x*x\ny = sum(f(x))", "this gives 2 values"),
    ("a, b = x, 1\nc = (a, b)", "c = (…, …) gives one name a tuple, which tracer does not read "
     "(its values are numbers and arrays): give each value a name of its own (a, b = …, …) and "
     "use those names where c is used"),
    ("def f(x):\n    return x, x\nif f(x) > 0:\n    y = x", "unpack them first (a, b = f(x)) "
     "and compare one"),
    ("a, b = x,", "2 names (a, b) are given 1 value: name each value once"),
])
def test_several_values_where_one_is_needed_are_refused_with_what_to_write(program, message):
    with pytest.raises(TracerError) as info:
        evaluate(program, x=2.0)
    assert message in info.value.message
    assert info.value.where() is not None


def test_graph_without_values_unpacking_an_input_asks_for_its_value(runner):
    result = run(runner, "graph", "x0, x1 = x\ny = x0 * x1")
    assert result.exit_code == 1
    assert "x has no value here, so tracer does not know its shape" in result.stderr
    assert run(runner, "graph", "x0, x1 = x\ny = x0 * x1", "--at", "x=[1, 2]").exit_code == 0


@pytest.mark.parametrize("program, point, what", [
    ("p = exp(z) / sum(exp(z))\nL = -log(p[k])", {"z": "[1, 2, 3]", "k": 1}, "input k,"),
    ("L = 0\nfor n in range(2):\n    L += z[y[n]]", {"z": "[1, 2, 3]", "y": "[2, 0]"},
     "input y[0],"),
    ("s = 0\nfor i in range(n):\n    s += z[i]", {"z": "[1, 2, 3]", "n": 2}, "input n,"),
    ("s = zeros(n) + z[0]", {"z": "[1, 2, 3]", "n": 2}, "input n,"),
    ("s = z[0:k].sum()", {"z": "[1, 2, 3]", "k": 2}, "input k,"),
])
def test_an_input_as_an_index_or_size_is_named_with_what_to_write(program, point, what):
    """A class label given with the point (``p[k]``, ``z[y[n]]``) said "a value computed from
    the inputs", not which: it names the input and says to write its value in the program."""
    with pytest.raises(ProgramError) as info:
        evaluate(program, **point)
    assert f"must be a whole number such as 3 or a loop counter; here it is the {what}" in \
        info.value.message
    assert "write its value in the program instead" in info.value.message
    assert info.value.where() is not None
    name = what[6:-1].split("[")[0]  # as the message says: its value written in the program
    written = evaluate(f"{name} = {point[name]}\n{program}", z="[1, 2, 3]")
    assert pipeline.run_reverse(written).passes[0].result.keys() == {"z[0]", "z[1]", "z[2]"}


@pytest.mark.parametrize("program, value, gradient", [
    # PyTorch's stable softmax shift: max along a dim gives (values, indices); [0] the values
    ("y = (X - X.max(dim=1, keepdim=True)[0]).sum()", -2, [1, -1, 1, -1]),
    ("y = torch.max(X, dim=1)[0].sum()", 6, [0, 1, 0, 1]),
    ("y = X.max(dim=1).values.sum()", 6, [0, 1, 0, 1]),
    ("m = X.min(dim=0)\ny = m[0][1]", 2, [0, 1, 0, 0]),  # m[0] is the values [1, 2]
    ("y = X.max(dim=1).sum()", 6, [0, 1, 0, 1]),  # the values as they are, as before
    ("y = X.max(axis=1)[0]", 2, [0, 1, 0, 0]),  # NumPy's axis=: [0] is the first value
])
def test_max_along_a_pytorch_dim_gives_values_and_indices(program, value, gradient):
    """``X.max(dim=1)[0]`` took the first row of the values (NumPy's reading), a wrong
    number for PyTorch code, where max along a dim gives (values, indices)."""
    ev = evaluate(program, X="[[1, 2], [3, 4]]")
    assert ev.outputs["y"] == pytest.approx(value)
    result = pipeline.run_reverse(ev).passes[0].result
    assert [result[f"X[{i},{j}]"] for i in range(2) for j in range(2)] == gradient


@pytest.mark.parametrize("program", ["y = X.max(dim=1)[1].sum()",
                                     "y = X.min(dim=1).indices.sum()"])
def test_the_indices_of_a_pytorch_max_are_refused(program):
    with pytest.raises(ProgramError, match=r"give PyTorch's \(values, indices\): take the "
                       r"values with \[0\] or .values \(the indices, argmax, are not read"):
        evaluate(program, X="[[1, 2], [3, 4]]")


@pytest.mark.parametrize("program", [
    "def f(x):\n    return (x, 2*x)\na, b = f(x)\ny = a * b",
    "(a, b) = x, 2*x\ny = a * b",
    "a, b = (x, 2*x)\ny = a * b",
    "(a, b) = (x, 2*x)\ny = a * b",
    "def f(x):\n    return (x, 2*x)\ny = f(x)[0] * f(x)[1]",
])
def test_a_tuple_in_parentheses_is_python_s(program):
    """``return (a, b)`` and ``(a, b) = …`` as Python writes them (a ',' inside parentheses
    was refused); a group without a comma stays a group, NumPy's shape stays a list."""
    ev = evaluate(program, x=3.0)
    assert ev.outputs["y"] == pytest.approx(18)
    assert pipeline.run_reverse(ev).passes[0].result["x"] == pytest.approx(12)
    assert evaluate("y = (x + 1) * 2 + zeros((2, 3)).sum()", x=3.0).outputs["y"] == 8


@pytest.mark.parametrize("program", ["y = X.max(1)[0].sum()", "m = X.max(1)\ny = m[0][1]",
                                     "m, i = X.min(0)\ny = m.sum()"])
def test_a_max_along_a_positional_axis_taken_apart_is_refused(program):
    """``X.max(1)[0]`` is the first maximum in NumPy and the values in PyTorch, and unpacking
    it differs too: it gave NumPy's number silently for PyTorch code."""
    with pytest.raises(ProgramError, match=r"NumPy's (max|min) along axis [01] or PyTorch's "
                       r"\(values, indices\) along dim [01].*write \.(max|min)\(axis="):
        evaluate(program, X="[[1, 2], [3, 4]]")


@pytest.mark.parametrize("program, value", [
    ("y = X.max(1).sum()", 6), ("y = X.max(1).values.sum()", 6),
    ("y = X.max(axis=1)[0]", 2), ("a, b = X.max(axis=1)\ny = a * b", 8),
    ("y = X.sum(1)[0]", 3)])
def test_a_positional_axis_not_taken_apart_is_read(program, value):
    assert evaluate(program, X="[[1, 2], [3, 4]]").outputs["y"] == pytest.approx(value)


def test_unpacking_a_pytorch_max_along_a_dim_is_refused():
    """``m, i = X.max(dim=0)`` unpacked the values' elements into m and i (m = 3, a wrong
    number: PyTorch gives m the values, i the indices)."""
    with pytest.raises(ProgramError, match=r"give PyTorch's \(values, indices\), and tracer "
                       r"does not read the indices.*name the values alone"):
        evaluate("m, i = X.max(dim=0)\ny = m.sum()", X="[[1, 2], [3, 4]]")


@pytest.mark.parametrize("program, message", [
    ("a, = x\ny = a", "a, = … unpacks a sequence, and this is one number: write a = … "
     "without the comma"),
    ("a, b = x\ny = a", "a, b = … unpacks several values, and this is one number: give it "
     "one name")])
def test_unpacking_a_number_says_what_to_write(program, message):
    """``a, = x`` said "a = … unpacks several values": not the line written."""
    with pytest.raises(ProgramError, match=re.escape(message)):
        evaluate(program, x=2.0)


def test_max_and_min_of_several_numbers_are_chains_of_pairs():
    """max(a, b, c) is max(max(a, b), c): rows left to right, and a tie splits as a chain of
    two-argument maxima does (the last 1/2, the first two 1/4 each)."""
    ev = evaluate("y = max(a, b, c)", a=1, b=1, c=1)
    assert [eq.op.name for eq in ev.trace.equations] == ["max", "max"]
    assert pipeline.run_reverse(ev).passes[0].result == {"a": 0.25, "b": 0.25, "c": 0.5}
    ev = evaluate("y = min(a, 2*a, b, 0.5)", a=1, b=-3)
    assert ev.outputs == {"y": -3} and pipeline.run_reverse(ev).passes[0].result == \
        {"a": 0, "b": 1}
    with pytest.raises(ProgramError, match=r"element by element, minimum\(minimum\(a, b\), c\)"):
        evaluate("y = min(1, [x, 1], 2)", x=1)


@pytest.mark.parametrize("spelling", ["copy(c)", "c.copy()", "np.copy(c)", "c.clone()",
                                      "torch.clone(c)", "np.array(c)", "torch.tensor(c)"])
def test_a_copy_is_changed_alone(spelling):
    """Element assignment to a copy leaves the original alone (np.array(c) and
    torch.tensor(c) copy too: tracer shared the array, and sum(c) was 7 here)."""
    ev = evaluate(f"c = a*1\nb = {spelling}\nb[0] = 5*b[1]\ny = sum(c) + b[0]", a="[1, 2]")
    assert ev.outputs == {"y": 3 + 10}
    assert pipeline.run_reverse(ev).passes[0].result == {"a[0]": 1, "a[1]": 6}
    of_input = spelling.replace("(c)", "(a)").replace("c.", "a.")
    ev = evaluate(f"b = {of_input}\nb[0] = 5\ny = sum(a) + sum(b)",
                  a="[1, 2]")  # an input's copy may be changed: the input is not
    assert ev.outputs == {"y": 3 + 7}


def test_a_copy_of_a_number_is_the_number():
    assert evaluate("b = x.copy()\ny = b*2", x=1).outputs == {"y": 2}


def test_logaddexp_has_the_softmax_weights_as_slopes():
    ev = evaluate("y = np.logaddexp(a, b)", a=1, b=2)
    weights = pipeline.run_reverse(ev).passes[0].result
    assert weights["a"] == pytest.approx(1 / (1 + math.e), rel=1e-15)
    assert weights["a"] + weights["b"] == pytest.approx(1, rel=1e-15)
    ev = evaluate("y = logaddexp(a, b)", a=3, b=3)  # smooth: the kinks' conventions add up
    assert pipeline.run_reverse(ev).passes[0].result == {"a": 0.5, "b": 0.5}
    assert len(ev.warnings) == 2  # max's tie and abs at 0, each named
    ev = evaluate("y = sum(logaddexp(x, 0))", x="[0, 1]")
    assert ev.outputs["y"] == pytest.approx(math.log(2) + math.log1p(math.e), rel=1e-15)


def test_a_defs_own_value_named_as_a_function_leaves_the_function_outside():
    """exp = 2 inside a def is the def's own name: exp(…) outside it is still the function
    (it was refused: "exp is a value in this program"); inside, it is a value."""
    ev = evaluate("def g(t):\n    exp = 2\n    return t*exp\ny = exp(g(x))", x=0.5)
    assert ev.outputs["y"] == pytest.approx(math.e)
    assert pipeline.run_reverse(ev).passes[0].result["x"] == pytest.approx(2 * math.e)
    with pytest.raises(TracerError, match="exp is a value in this program"):
        evaluate("def g(t):\n    exp = 2\n    return exp(t)\ny = g(x)", x=0.5)


def _doubling(depth: int) -> str:
    """f_k calls f_(k-1) twice: 2^depth calls, on a trace of depth rows (each shared)."""
    defs = "".join(f"def f{k}(t):\n    return f{k - 1}(t) + f{k - 1}(t)\n"
                   for k in range(1, depth + 1))
    return f"def f0(t):\n    return t\n{defs}y = f{depth}(x)"


def test_calls_of_the_programs_defs_are_bounded(monkeypatch):
    """Every call is inlined, so calls that double at each level (40 deep: 2^40) ran for days
    on a trace of 40 rows; past MAX_CALLS the call is named with its line."""
    from tracer.core import interpret
    from tracer.errors import LimitError

    assert evaluate(_doubling(6), x=0.5).outputs["y"] == 32  # 2^7 - 1 calls
    monkeypatch.setattr(interpret, "MAX_CALLS", 100)
    with pytest.raises(LimitError, match="one more than the 100 calls of its defs") as info:
        evaluate(_doubling(6), x=0.5)
    assert info.value.where()[0] == 4 and "this call of f0" in str(info.value)  # in f1


def test_pairwise_differences_by_a_new_axis_match_pytorch():
    """x[:, None] - x[None, :] (was refused: "a new axis is not read"); PyTorch's numbers:
    torch.exp(-(x[:, None] - x[None, :])**2 / ell).sum() and its gradient at
    x = [0, 0.5, 1.5], ell = 2, as the double loop of K[i][j] gives them."""
    ev = evaluate("import numpy as np\nD = x[:, None] - x[np.newaxis, :]\n"
                  "s = np.exp(-D ** 2 / ell).sum()", x="[0, 0.5, 1.5]", ell=2.0)
    assert ev.outputs["s"] == pytest.approx(6.627360059311158)
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx(
        [1.8564543046596444, 0.3305644168406715, -2.187018721500316, 0.7788114684575345])


TORCH_SOFTMAX_LOSS = 1.2841197405848797  # computed by PyTorch 2.13 (float64), not tracer
TORCH_SOFTMAX_GRAD = {"X[0,0]": -0.1392414547880395, "X[1,1]": 0.06664553004561766,
                      "W[0,0]": 0.5087290439936082, "W[1,2]": -0.6872213570219834,
                      "reg": 0.15625000000000003}


def test_probs_of_each_rows_class_by_range_and_a_list_of_labels():
    """CS231n's softmax loss, -np.log(probs[range(N), y]) (was refused: "unknown function
    'range'"). The numbers are PyTorch's: probs[range(2), [2, 0]] with the same scores."""
    ev = evaluate("import numpy as np\ny = [2, 0]\nN = X.shape[0]\nscores = X.dot(W)\n"
                  "scores -= np.max(scores, axis=1, keepdims=True)\n"
                  "probs = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)\n"
                  "loss = np.sum(-np.log(probs[range(N), y])) / N + 0.5 * reg * np.sum(W * W)",
                  X="[[1, 2], [-1, 0.5]]", W="[[0.1, -0.2, 0.3], [0.05, 0.4, -0.1]]", reg=0.1)
    assert ev.outputs["loss"] == pytest.approx(TORCH_SOFTMAX_LOSS)
    grad = pipeline.run_reverse(ev).passes[0].result
    assert [grad[k] for k in TORCH_SOFTMAX_GRAD] == pytest.approx(list(TORCH_SOFTMAX_GRAD.values()))


def test_a_norms_order_is_read_by_position_and_by_name_and_allclose_says_what_to_write():
    """np.linalg.norm(x, 2) said "NumPy reads 2 as an axis", x.norm(2) the same; both are the
    order, as in NumPy and PyTorch: |3| + |-4| + 5 + 5 = 17 here. np.allclose said "unknown
    function 'allclose'; did you mean 'acos'?"."""
    ev = evaluate("y = np.linalg.norm(x, ord=1) + np.linalg.norm(x, 2) + x.norm(2)", x="[3, -4]")
    assert ev.outputs == {"y": 17}
    assert pipeline.run_reverse(ev).passes[0].result == {"x[0]": 2.2, "x[1]": -2.6}
    with pytest.raises(TracerError, match=r"allclose\(a, b\) is written out here: "
                                          r"np.max\(np.abs\(a - b\)\) < 1e-8"):
        evaluate("if np.allclose(x, 1):\n    y = x\nelse:\n    y = 2 * x", x=2)


def test_a_list_grown_by_append_is_not_left_out():
    """It was told to leave the line out ("a line that only calls append(…) gives nothing
    tracer reads"), which changes the program, or "there is no method .append()"; then it was
    refused ("append(…) is not read"); now the list grows, as Python's: sum(hs) is 3x, and
    x + 0x + 1x."""
    for program, want in (("hs = [x]\nhs.append(x * 2)\ny = sum(hs)", 3.0),
                          ("hs = [x]\nfor t in range(2):\n    hs.append(x * t)\ny = sum(hs)",
                           2.0)):
        ev = evaluate(program, x=1.0)
        assert ev.outputs == {"y": want}
        assert pipeline.run_reverse(ev).passes[0].result == {"x": want}


def test_item_is_a_number_without_a_derivative_as_in_pytorch():
    """.item() passed its derivative on; PyTorch's is a Python number, so z = x[0] * y.item()
    has the gradient [5, 0] there (PyTorch's), not [7, 4]. In a condition it makes no row."""
    ev = evaluate("y = (x * x).sum()\ns = y.item()\nz = x[0] * s", x="[1, 2]")
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == pytest.approx([5, 0])
    ev = evaluate("z = x * 2\nwhile z.item() < 10:\n    z = z * 2", x=1.0)
    assert [ev.trace.equations[k].op.name for k in range(len(ev.trace.equations))] == \
        ["mul"] * 4


def test_np_where_counts_its_elements_as_decisions_and_refuses_past_the_limit():
    """250,000 elements took 6.4 s and 400 MB (a decision line each); 10^6 would take half a
    minute. Refused before deciding, as a loop that long is."""
    with pytest.raises(LimitError, match=r"where\(…\) here decides 250,000 elements, a decision "
                                         r"line each, and tracer stops a program at 200,000"):
        evaluate("z = np.ones((500, 500)) * a\ny = np.where(z > 0, z, 0).sum()", a=1.0)


def test_unsqueeze_is_a_new_axis():
    """PyTorch's x.unsqueeze(1) is x[:, None] (was refused: "a new axis is not read"); the
    numbers are PyTorch's: (x.unsqueeze(1) - x.unsqueeze(0)).pow(2).sum() at [1, 2, 3] is 12,
    its gradient [-12, 0, 12]."""
    ev = evaluate("y = (x.unsqueeze(1) - x.unsqueeze(dim=0)).pow(2).sum()", x="[1, 2, 3]")
    assert ev.outputs["y"] == 12
    assert list(pipeline.run_reverse(ev).passes[0].result.values()) == [-12, 0, 12]
    with pytest.raises(TracerError, match=r"unsqueeze's dim is 2, out of range for 1 "
                                          r"dimension\(s\): between -2 and 1"):
        evaluate("y = x.unsqueeze(2).sum()", x="[1, 2, 3]")
    with pytest.raises(TracerError, match=r"would have 3 dimensions \(1, 2, 2\)"):
        evaluate("y = W.unsqueeze(0).sum()", W="[[1, 2], [3, 4]]")


def test_a_backward_line_of_a_name_nothing_gave_a_value_names_its_line():
    """y.backward() with no y before it (PyTorch: NameError) was read as a new input y,
    "no value for y; the inputs are x, y"; an input's own backward line still runs."""
    from tracer.core.lower import lower
    from tracer.core.parse import parse
    from tracer.errors import NameProblem

    text = "x = torch.tensor(2.0, requires_grad=True)\nz = x*x\ny.backward()"
    with pytest.raises(NameProblem, match=r"y\.backward\(\): no line before it gives y a "
                       "value") as info:
        lower(parse(text), point={"x": 2.0})
    assert info.value.where()[0] == 3
    trace = lower(parse("x = torch.tensor(2.0, requires_grad=True)\nx.backward()"),
                  point={"x": 2.0})
    assert trace.output_names == ("x",)


def test_a_method_spelled_with_a_lookalike_letter_names_the_letter():
    """y.bаckward() (its а Cyrillic) said only 'there is no method .bаckward() with 0
    argument(s)', which looks like the method tracer reads."""
    with pytest.raises(ProgramError, match="bаckward and backward look alike but are different "
                       "names: the а here is U\\+0430 CYRILLIC SMALL LETTER A; retype it in "
                       "Latin letters"):
        evaluate("y = x.bаckward()", x=2.0)
    with pytest.raises(ProgramError, match=r"^there is no method \.frob\(\) with 0 argument"):
        evaluate("y = x.frob()", x=2.0)


def test_defs_calling_one_another_too_deeply_are_refused_at_the_call():
    """300 defs, each calling the one before: 'error: the input is too deeply nested for
    tracer to handle', the last guard's words, without a line."""
    defs = "def f0(a):\n    return a*a\n" + "".join(f"def f{i}(a):\n    return f{i - 1}(a)*1.0\n"
                                               for i in range(1, 300))
    with pytest.raises(LimitError, match=r"this call of f299 runs defs inside one another \d+ "
                       "deep \\(each calling the next\\): too deep for tracer to inline") as info:
        evaluate(defs + "y = f299(x)", x=1.0)
    assert info.value.where()[:2] == (601, 4)
    shallow = evaluate(defs + "y = f20(x)", x=2.0)  # 21 deep: read as before
    assert list(shallow.trace.output_names) == ["y"]


def test_backward_of_an_input_is_its_own_derivative_as_in_pytorch():
    """x.backward() on a tensor that requires a gradient: PyTorch gives x.grad = 1 (∂x/∂x),
    and so does tracer (the merge kept this over a refusal a review proposed)."""
    import tracer

    result = tracer.trace("x = torch.tensor(3.0, requires_grad=True)\ny = x * x\nx.backward()"
                          ).reverse()
    assert result.gradient == {"x": 1}


def test_a_backward_line_of_a_constant_names_the_value_as_the_line_writes_it():
    """y.backward() of y's second value, a constant: the message named y′.backward(), a line
    the program does not have; it names y.backward() and says which value y′ is."""
    text = "x = torch.tensor(2.0, requires_grad=True)\ny = x*x\ny.backward()\ny = 5.0\ny.backward()"
    with pytest.raises(NameProblem, match=r"^y\.backward\(\): y′, the value y holds here, is "
                       r"the constant 5\.0: it does not depend on any input") as info:
        lower(parse(text))
    assert info.value.where()[0] == 5
    with pytest.raises(NameProblem, match=r"^y\.backward\(\): y is the constant 3\.0"):
        lower(parse("x = torch.tensor(2.0, requires_grad=True)\ny = 3.0\ny.backward()"))


def test_an_output_no_line_gives_lists_the_values_backward_lines_took():
    """--output y″ of a program that differentiates y, then y′: the outputs to choose from
    listed y alone, not y′, the name --output takes for the second value; an element of a
    number (y[0] of a scalar y) was y itself."""
    text = ("x = torch.tensor(2.0, requires_grad=True)\ny = x*x\ny.backward()\ny = x*3\n"
            "y.backward()\nz = y + 1")
    with pytest.raises(NameProblem, match=r"no statement assigns 'y″'; the outputs to choose "
                       r"from are y, y′, z$"):
        lower(parse(text), outputs=["y″"])
    with pytest.raises(NameProblem, match=r"no statement assigns 'y\[0\]'"):
        lower(parse(text), outputs=["y[0]"])


def test_backward_of_a_value_that_is_no_name_says_to_name_it():
    """y[1].backward() on a line of its own was told it was "used as a value here"; the
    message says to name the value first (PyTorch runs it: x.grad = [0, 4])."""
    # (y.mean().backward() was one here: it is now read, along 1/n, as test_course tests)
    for line in ("y[1].backward()", "y.prod().backward()", "g = y.backward()"):
        text = f"x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * x\n{line}"
        with pytest.raises(TracerError, match=r"give the value a name first \(y1 = y\[1\], "
                           r"then y1\.backward\(\)\); as a value \(g = y\.backward\(\)\), "
                           "leave it out") as info:
            pipeline.prepare(text)
        assert info.value.where()[0] == 3


def test_an_assert_is_a_decision_that_stops_the_run_where_it_is_false(runner):
    """d2l's dropout_layer opens with assert 0 <= dropout <= 1 (it said "missing operator
    between 'assert' and '0'"): the check is shown as a decision and changes no value."""
    source = "def scale(X, p):\n    assert 0 <= p <= 1, 'p is a probability'\n    return X * p\n"
    import tracer

    formula = tracer.trace(source + "y = scale(x, 0.5)\n", at={"x": 3.0})
    assert formula.reverse().gradient == {"x": 0.5}
    shown = run(runner, "reverse", source + "y = scale(x, 0.5)\n", "--at", "x=3")
    assert shown.exit_code == 0 and "assert 0 <= p <= 1: 0 <= 0.5 <= 1 → true" in shown.stdout
    failed = run(runner, "reverse", source + "y = scale(x, 2)\n", "--at", "x=3")
    assert failed.exit_code == 1 and "Traceback" not in failed.stderr
    assert "line 2: assert 0 <= p <= 1 is false here (Python stops with an AssertionError)" in \
        failed.stderr
    shapes = run(runner, "reverse", "assert X.shape == W.shape\ny = (X * W).sum()", "--at",
                 "X=[[1, 2]],W=[[3, 4]]")
    assert shapes.exit_code == 1 and "(an assert checks, and changes no value: it may be left " \
        "out)" in shapes.stderr


def test_data_in_a_condition_is_the_value_compared():
    """The 60-minute blitz: while y.data.norm() < 1000 (PyTorch's numbers: x.grad = v * 2^k)."""
    import tracer

    source = ("y = x * 2\nwhile y.data.norm() < 1000:\n    y = y * 2\n"
              "L = y[0] * 0.1 + y[1] + y[2] * 0.0001\n")
    # by PyTorch 2.13: x = [0.5, -1.2, 0.3], y.backward(torch.tensor([0.1, 1.0, 0.0001]))
    got = tracer.trace(source, at={"x": [0.5, -1.2, 0.3]}, outputs=["L"]).reverse().gradient
    assert got == pytest.approx({"x[0]": 102.4, "x[1]": 1024.0, "x[2]": 0.1024}, rel=1e-12)


def test_an_output_local_to_a_def_says_so(runner):
    """--output t, where t is assigned only inside def f, said "no statement assigns 't'"."""
    program = "def f(a):\n    t = a*2\n    return t\ny = f(x)\n"
    for name in ("t", "a"):
        done = run(runner, "trace", program, "--at", "x=1", "--output", name)
        assert done.exit_code == 1 and "Traceback" not in done.stderr
        assert done.stderr.strip() == (
            f"error: '{name}' is local to def f: an output is a value of the program itself "
            "(return it from f and assign the result); the outputs to choose from are y")
    missing = run(runner, "trace", program, "--at", "x=1", "--output", "q")
    assert "error: no statement assigns 'q'; the outputs to choose from are y" in missing.stderr


@pytest.mark.parametrize("line", ["key = random.PRNGKey(0)", "key = jax.random.key(0)"])
def test_a_jax_key_in_a_program_without_a_grad_line_says_to_leave_it_out(line):
    """Beside a grad(f)(w) line, JAX's key lines are left out (a draw from one is an input);
    without one, key = random.PRNGKey(0) said "there is no method .PRNGKey() with 1
    argument(s)". It says what the line is and to leave it out, as a seed line does."""
    from typer.testing import CliRunner

    source = f"import jax\nimport jax.numpy as jnp\nfrom jax import random\n{line}\n" \
             "y = jnp.sum(w ** 2)\n"
    result = run(CliRunner(), "reverse", source, "--at", "w=[1.0, 2.0]")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: line 4: a JAX random key (random.PRNGKey, "
                                    "random.key, random.split) seeds JAX's draws, and tracer "
                                    "draws with a fixed seed of its own"), result.stderr
    assert result.stderr.splitlines()[0].endswith("leave the line out")


def test_a_for_loop_too_many_only_after_the_steps_before_says_so():
    """A def with a 1,000-step loop, called in a while loop: at the call past the budget it
    said "this for loop would run 1,000 times; … stops a program at 200,000 loop steps", as
    if 1,000 were too many. It names the steps run before it."""
    from tracer.errors import LimitError

    source = ("def g(t):\n    for i in range(1000):\n        t = t*0.99 + 0.01\n    return t\n"
              "y = x\ni = 0\nwhile i < 1000:\n    y = g(y)\n    i = i + 1\n")
    with pytest.raises(LimitError, match=r"^this for loop would run 1,000 times, after the "
                       r"199,200 loop steps the program has run; tracer unrolls every loop"):
        pipeline.prepare(source, {"x": 0.5})


# Each value is CPython's (python3, numpy 2.4) for the same program at x = 1.5.
@pytest.mark.parametrize("program, want", [
    ("h = [0.0] * 3\nfor i in range(3):\n    h[i] = x*i\ny = h[0] + h[1]*10 + h[2]*100",
     315.0),  # the list [0.0, 0.0, 0.0], not [0.0] times 3 (h[1] was out of range)
    ("y = len(3*[x, 1]) * x", 9.0),  # [x, 1, x, 1, x, 1]; element by element it was 3.0
    ("a = [x]\nb = a\nb *= 3\ny = len(a)*x + a[2]", 6.0),  # in place: a is b
    ("a = [x, 2*x]\nb = a[:]\na[0] = 10\ny = b[0] + x", 3.0),  # a list's slice is a copy
    ("a = [x, 2*x, 3*x]\nb = a[1:]\na[1] = 10\ny = b[0] + x", 4.5),
    ("import numpy as np\na = np.array([x, 2*x, 3*x])\nb = a[1:]\na[1] = 10\ny = b[0] + x",
     11.5),  # NumPy's slice is a view
    ("W = [[x, 1.0], [2.0, 3.0]]\nr = W[0]\nW[0][0] = 10*x\ny = r[0]", 15.0),  # a row: shared
    ("a = [x, 2*x]\nb = a * 1\nb[0] = 5*x\ny = a[0] + b[0]", 9.0),  # a copy
])
def test_pythons_lists_repeat_and_copy_as_in_python(program, want):
    """[0.0] * 3 is three zeros and a[:] a copy in Python, where tracer multiplied the list
    element by element ([0.0] * 3 was [0.0]: h[1] above was out of range, and
    len(3*[x, 1]) was 2) and kept a list's slice as NumPy's view (b = a[:] then
    a[0] = 10 gave b[0] = 10, Python's 1.5)."""
    import tracer

    assert tracer.trace(program, {"x": 1.5}, outputs=["y"]).outputs["y"] == want


@pytest.mark.parametrize("program, message", [
    ("a = [x, 2*x]\nb = a + a\ny = len(b)*x", "+ of two Python lists joins them in Python"),
    ("L = []\nfor i in range(3):\n    L = L + [x*i]\ny = L[2]", "np.concatenate((a, b))"),
    ("L = [x]\nL += [2*x]\ny = len(L)*x", "+ of two Python lists joins them"),
    ("a = [x*i for i in range(2)] + [x]\ny = a[0]", "+ of two Python lists joins them"),
    # lengths no array adds (3 and 2) said the shapes do not broadcast: Python joins them
    ("a = [x, 2*x, 3*x] + [x, x]\ny = a[4]", "+ of two Python lists joins them"),
    ("L = [x, 2*x, 3*x]\nL += [x, x]\ny = L[4]", "shapes (3,) and (2,)"),
    ("h = [x] * 2.5\ny = x", "* of a Python list by 2.5 is an error in Python"),
    ("W = [[0.0]*2]*2\nW[0][0] = x\ny = W[1][0]", "write [[0.0] * m for _ in range(n)]"),
    ("a = [x, 2*x, 3*x]\na[1:] = [5]\ny = len(a)*x",
     "a[…] = … of a Python list puts the value's elements in the slice's place"),
    ("import numpy as np\nW = np.array([[x, 1.0], [2.0, 3.0]])\ny = sum(W)",
     "sum(W) of a matrix is Python's sum, which adds its rows"),
    ("W = [[x, 1.0], [3.0, 0.0]]\ny = max(W)", "max(W) of a matrix is Python's max"),
])
def test_what_python_computes_otherwise_on_lists_is_refused(program, message):
    """Python joins two lists with + ([x, 2x] + [x, 2x] has 4 elements: tracer added them,
    len 2), its slice assignment grows or shrinks a list (a[1:] = [5] leaves [x, 5]: tracer
    put 5 in both places), and its sum of a NumPy matrix adds the rows (a vector, [3.5, 4.0]
    here: tracer gave the total, 7.5), its max of a list of lists is a row: each is refused
    saying what to write."""
    with pytest.raises(ProgramError, match=re.escape(message)):
        evaluate(program, x=1.5)


@pytest.mark.parametrize("program, want", [  # CPython's values at x = 1.5
    ("def f(t, acc=[0.0]):\n    acc[0] = acc[0] + t\n    return acc[0]\ny = f(x) + f(x)", 4.5),
    ("def g(t, w=[1.0, 2.0]):\n    w[1] = w[1] * t\n    return w[1]\ny = g(x) + g(x) + g(x)",
     14.25),
])
def test_a_defaults_list_is_one_list_for_every_call_as_in_python(program, want):
    """Python makes a default once, where the def stands: a change to its list stays for the
    next call (the classic pitfall, and what such a program computes); tracer gave each call
    the list as first made (3.0 and 9.0 here)."""
    import tracer

    assert tracer.trace(program, {"x": 1.5}, outputs=["y"]).outputs["y"] == want


def test_a_lists_row_replaced_leaves_the_old_row_to_a_name_that_took_it():
    """W[0] = […] of a list of lists puts a new list in W; r = W[0], taken before, is the old
    row in Python (CPython: 9.0 at x = 1.5; tracer followed NumPy's copy into the row, 15.0),
    while W[0][0] = … changes the row r is (15.0 both)."""
    import tracer

    def y(program):
        return tracer.trace(program, {"x": 1.5}, outputs=["y"]).outputs["y"]

    assert y("W = [[x, 1.0], [2.0, 3.0]]\nr = W[0]\nW[0] = [5*x, 6.0]\ny = r[0] + W[0][0]") == 9.0
    assert y("W = [[x, 1.0], [2.0, 3.0]]\nr = W[0]\nW[0][0] = 5*x\ny = r[0] + W[0][0]") == 15.0
    assert y("import numpy as np\nW = np.array([[x, 1.0], [2.0, 3.0]])\nr = W[0]\n"
             "W[0] = [5*x, 6.0]\ny = r[0] + W[0][0]") == 15.0  # NumPy's row: a view


@pytest.mark.parametrize("program, message", [
    ("r = [x, 1.0]\nW = [r, [2.0, 3.0]]\nr[0] = 5*x\ny = W[0][0]",  # CPython: 7.5; tracer 1.5
     "r is in a list (W = [r, …]): Python's list holds r itself"),
    ("import numpy as np\nr = np.array([x, 1.0])\nL = [r, r]\nr[0] = 5*x\ny = L[0][0] + L[1][0]",
     "r is in a list"),  # CPython: 15.0; tracer 3.0
    ("import numpy as np\nr = np.array([x, 1.0])\nL = [r, r]\nL[0][0] = 5*x\ny = r[0]",
     "L holds arrays that other names hold too"),  # CPython: 7.5; tracer 1.5
])
def test_a_change_to_an_array_a_list_holds_is_refused(program, message):
    """A list display holds the arrays named in it (Python's list holds references), where
    tracer's list holds copies: a change through either while both are held is refused."""
    with pytest.raises(ProgramError, match=re.escape(message)):
        evaluate(program, x=1.5)
    import tracer

    assert tracer.trace("import numpy as np\nr = np.array([x, 1.0])\nA = np.array([r, r])\n"
                        "r[0] = 5*x\ny = A[0][0] + r[0]", {"x": 1.5}).outputs["y"] == 9.0


@pytest.mark.parametrize("program", [  # NumPy 2.4 gives y = 2.5 for each at x = 1.5
    "import numpy as np\nv = np.array([1, 2, 3])\nv[0] = x\ny = v[0] + x",
    "import numpy as np\nv = np.arange(3)\nv[1] = x\ny = v[1] + x",
    "import numpy as np\nW = np.array([[1, 2], [3, 4]])\nW[0] = [x, 2.0]\ny = W[0, 0] + x",
    "import numpy as np\nv = np.array([-1, 2])\nw = np.array(v)\nw[0] = x\ny = w[0] + x",
])
def test_a_value_put_in_an_array_of_integers_is_refused(program):
    """np.array([1, 2, 3]) holds integers: v[0] = x keeps int(x) there (1 for 1.5: NumPy's
    y is 2.5), where tracer kept 1.5 (3.0). Whole numbers stay whole (v[0] += 1), and an
    array written with floats (np.array([1., 2])) takes any value."""
    with pytest.raises(ProgramError, match=re.escape("is an array of integers (NumPy's")):
        evaluate(program, x=1.5)
    import tracer

    assert tracer.trace("import numpy as np\nv = np.array([1, 2, 3])\nv[0] += 1\ny = v[0]*x",
                        {"x": 1.5}).outputs["y"] == 3.0
    assert tracer.trace("import numpy as np\nv = np.array([1., 2])\nv[0] = x\ny = v[0] + x",
                        {"x": 1.5}).outputs["y"] == 3.0


@pytest.mark.parametrize("program, line", [
    # a def passed to a def above its def: Python's NameError; it said "g is a function:
    # call it as g(…)" in a def, and made g an input at the top level ("f holds a value here")
    ("def app(f, t):\n    return f(t)\ndef outer(z):\n    y = app(g, z)\n    def g(t):\n"
     "        return t*2\n    return y\nw = outer(x)", "(in outer)"),
    ("def app(f, t):\n    return f(t)\nz = app(g, x)\ndef g(t):\n    return t*2", "(line 4)"),
    ("y = g*x\ndef g(t):\n    return t", "(line 2)"),  # 'no value for g' before
])
def test_a_def_read_before_its_def_runs_says_so(program, line):
    with pytest.raises(NameProblem, match=re.escape(f"g is read before its def {line} runs: a "
                                                    "def is made where it stands, as in "
                                                    "Python; move def g above this line")):
        evaluate(program, x=1.5)


def test_names_of_arrays_elements_are_bounded(monkeypatch):
    """Each binding of an array names every element again (ys, ys′ …), so ys.append in a loop
    of 10^5 steps asked for 5·10^9 names (over 7 GB; killed after 120 s); past MAX_NAMES the
    line is named and the refusal says what to write instead."""
    from tracer.core import interpret

    grow = "ys = [a]\nfor i in range({n}):\n    ys.append(a*i)\ny = ys[-1]"
    assert evaluate(grow.format(n=3), a=2.0).outputs["y"] == 4
    with pytest.raises(LimitError, match="over 2,000,000 such names") as info:
        evaluate(grow.format(n=100_000), a=2.0)
    assert info.value.where()[0] == 3 and "append fewer steps" in str(info.value)
    monkeypatch.setattr(interpret, "MAX_NAMES", 10)
    with pytest.raises(LimitError, match="ys now holds 4 elements"):
        evaluate("import numpy as np\nys = np.zeros(4)\nfor i in range(4):\n"
                 "    ys[i] = a*i\ny = ys[-1]", a=2.0)


@pytest.mark.parametrize("program", [
    "import numpy as np\nys = np.array([a])\nys.append(2*a)\ny = ys[1]",
    "import torch\nys = torch.tensor([a])\nys.append(2*a)\ny = ys[1]",
    "import numpy as np\nys = np.zeros(2)\nfor i in range(2):\n    ys.append(a*i)\ny = ys[-1]",
])
def test_append_to_numpys_array_is_refused_as_python_stops(program):
    """NumPy's and PyTorch's arrays have no append (AttributeError in Python): tracer grew
    them as lists, y = 4 at a=2; a Python list, grown and changed, still appends."""
    with pytest.raises(ProgramError, match="NumPy's \\(or PyTorch's\\) array, which has no "
                                           "append") as info:
        evaluate(program, a=2.0)
    assert "np.array(ys)" in str(info.value)
    grown = evaluate("import numpy as np\nys = [a]\nys.append(a)\nys[0] = 3*a\nys.append(a)\n"
                     "w = ys[:]\nw.append(a)\nz = np.array(w)\ny = z[0] + len(w)", a=2.0)
    assert grown.outputs["y"] == 10


def test_a_list_grown_by_append_is_still_pythons_list():
    """ys + ys of a list grown by append joins it in Python ([2, 2, 2, 2]: y = ys2[0] is 2);
    tracer added it element by element (y = 4 at a=2); now refused as for a list display."""
    with pytest.raises(ProgramError, match=r"\+ of two Python lists joins them"):
        evaluate("ys = [a]\nys.append(a)\nz = ys + ys\ny = z[0]", a=2.0)


def test_a_broadcast_too_large_is_refused_naming_its_line():
    """An op whose broadcast would pass the row limit names the line and the operator's place,
    as every other refusal of the run does (it said no line)."""
    with pytest.raises(LimitError) as info:
        evaluate("a = ones((1000, 1))\nb = ones(1001)\nc = a - b\ny = x", x=1)
    assert info.value.message.startswith("sub of shapes (1000, 1) and (1001,) would make "
                                         "1,001,000 elements")
    assert info.value.where() == (3, 6, "c = a - b")


# var and std as each library defines them, at X = [[1, 2, 4], [3, -1, 0.5]]: the values and
# gradients are PyTorch 2.13's (torch.float64, y.backward()) and autograd 1.9.1's (grad(f)(X)),
# pasted as literals
_X = "[[1, 2, 4], [3, -1, 0.5]]"
_SPREADS = [
    ("import torch\ny = x.std(0, keepdim=True).sum()", 6.0104076400856545,
     [-0.7071067811865475, 0.7071067811865476, 0.7071067811865475, 0.7071067811865475,
      -0.7071067811865476, -0.7071067811865475]),
    ("import torch\ny = torch.var(x, dim=1, unbiased=False).sum()", 4.277777777777777,
     [-0.888888888888889, -0.22222222222222232, 1.111111111111111, 1.4444444444444442,
      -1.2222222222222223, -0.22222222222222224]),
    ("y = torch.std(x)", 1.800462903440853,
     [-0.06479815076650884, 0.04628439340464919, 0.2684494817469653, 0.15736693757580722,
      -0.2869632391088249, -0.12033942285208786]),
    ("import torch\ny = x.var(correction=2)", 4.052083333333333,
     [-0.29166666666666663, 0.20833333333333337, 1.2083333333333335, 0.7083333333333334,
      -1.2916666666666665, -0.5416666666666666]),
    ("import numpy as np\ny = np.sum(np.var(x, axis=0))", 6.3125,
     [-1.0, 1.5, 1.75, 1.0, -1.5, -1.75]),
    ("import autograd.numpy as np\ny = np.sum(x.var(axis=0, ddof=1))", 12.625,
     [-2.0, 3.0, 3.5, 2.0, -3.0, -3.5]),
    ("y = np.sum(np.std(x, 1, keepdims=True))", 2.897134951693258,
     [-0.3563483225498993, -0.08908708063747484, 0.44543540318737396, 0.437732769305958,
      -0.37038926633581065, -0.06734350297014739]),
    ("import jax.numpy as jnp\ny = jnp.var(x)", 2.701388888888889,  # JAX divides as NumPy
     [-0.19444444444444442, 0.13888888888888892, 0.8055555555555557, 0.47222222222222227,
      -0.861111111111111, -0.3611111111111111]),
]


@pytest.mark.parametrize("program, value, gradient", _SPREADS)
def test_var_and_std_are_each_librarys_own(program, value, gradient):
    """var and std were refused ("var is written out here"): NumPy's divides by n - ddof
    (ddof=0), PyTorch's by n - 1 (correction=, unbiased=False: n); a method takes the
    program's library. Forward and reverse agree with the library's autograd."""
    ev = evaluate(program, x=_X)
    assert ev.outputs["y"] == pytest.approx(value, rel=1e-12)
    names = [f"x[{i},{j}]" for i in range(2) for j in range(3)]
    reverse = pipeline.run_reverse(ev).passes[0].result
    assert [reverse[n] for n in names] == pytest.approx(gradient, rel=1e-12)
    forward = pipeline.run_forward(ev).jacobian["y"]
    assert [forward[n] for n in names] == pytest.approx(gradient, rel=1e-12)


def test_var_and_std_in_exact_arithmetic():
    """np.var([1, 2, 4]) is 14/9, torch.var's 7/3; np.std's slope at x[2] is (x₂ - x̄)/(n σ)
    = (5/3)/(3 √14/3) = 5 √14/42."""
    ev = pipeline.prepare("y = np.var(x)", {"x": _value("[1, 2, 4]")}, exact=True)
    assert str(ev.outputs["y"]) == "14/9"
    ev = pipeline.prepare("y = torch.var(x)", {"x": _value("[1, 2, 4]")}, exact=True)
    assert str(ev.outputs["y"]) == "7/3"
    ev = pipeline.prepare("y = np.std(x)", {"x": _value("[1, 2, 4]")}, exact=True)
    assert str(pipeline.run_reverse(ev).passes[0].result["x[2]"]) == "5*sqrt(14)/42"


@pytest.mark.parametrize("program, message", [
    ("y = var(x)", "var is NumPy's or PyTorch's, and they differ (NumPy divides by n, PyTorch "
     "by n - 1): write np.var(x) or torch.var(x)"),
    ("import numpy as np\nimport torch\ny = x.std()", "write np.std(x) or torch.std(x) (this "
     "program imports both)"),
    ("import torch\ny = x.var(0, True)", "var takes the array, then by name dim= (or axis=), "
     "correction= (or unbiased=) and keepdim="),
    ("y = np.var(x, correction=1)", "var takes the array, then by name axis= (or dim=), ddof= "
     "and keepdims=; here correction="),
    ("y = torch.var(x, axis=0, unbiased=True, correction=1)", "give correction= or unbiased=, "
     "not both"),
    ("y = torch.var(x[0, 0:1])", "var of 1 element(s) with correction=1 divides by n - 1 = 0 "
     "(the library gives nan or inf): give it more elements or a smaller correction="),
    ("y = np.std(x, axis=0, ddof=2)", "std of 2 element(s) with ddof=2 divides by n - 2 = 0"),
    ("y = np.var(x[0, 0])", "var takes an array; this is a number"),
])
def test_var_and_std_refused_where_the_library_cannot_be_told(program, message):
    with pytest.raises(ProgramError, match=re.escape(message)):
        evaluate(program, x=_X)


def test_a_program_that_only_prints_says_its_print_lines_are_left_out():
    """autodidax's first example defines f and prints f(3.0): it said only 'the program
    assigns nothing'."""
    with pytest.raises(ProgramError, match=r"the program assigns nothing: its last line names "
                       r"the output \(y = …\) or is an expression; its print\(…\) lines are "
                       r"left out \(tracer's tables show every value\): name what one prints, "
                       r"y = f\(x\), and give its point with --at$"):
        pipeline.prepare("def f(x):\n  y = sin(x) * 2.\n  z = - y + x\n  return z\n\n"
                         "print(f(3.0))\n", {})
    with pytest.raises(ProgramError, match=r"or is an expression$"):
        pipeline.prepare("def f(x):\n  return x\n", {})
