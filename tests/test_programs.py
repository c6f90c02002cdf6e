"""Random programs with loops, branches, reassignment and arrays, differentiated by tracer
(forward and reverse mode) and by HIPS autograd, an AD library no one here wrote.

Each program is generated as a structure and written twice: as tracer program text, and as a
Python function over autograd.numpy (built from closures: nothing is evaluated from text).
Both run the same path at the same point, so their gradients must agree.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("autograd.numpy")
autograd = pytest.importorskip("autograd")

from tracer import pipeline  # noqa: E402

# Smooth ops that keep values bounded, so no generated program leaves a domain.
UNARY = {"sin": np.sin, "cos": np.cos, "tanh": np.tanh,
         "sigmoid": lambda v: 1 / (1 + np.exp(-v))}
BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}


@st.composite
def expressions(draw, names: list[str], depth: int = 2):
    """(text, function of env) for a random expression over ``names``."""
    if depth == 0 or draw(st.booleans()):
        if draw(st.integers(0, 3)) == 0:
            c = draw(st.sampled_from([0.5, 2, 3, -1.5]))
            return str(c), lambda env, c=c: c
        name = draw(st.sampled_from(names))
        return name, lambda env, name=name: env[name]
    if draw(st.booleans()):
        fn = draw(st.sampled_from(sorted(UNARY)))
        text, f = draw(expressions(names, depth - 1))
        return f"{fn}({text})", lambda env, f=f, g=UNARY[fn]: g(f(env))
    sign = draw(st.sampled_from(sorted(BINARY)))
    (ta, fa), (tb, fb) = draw(expressions(names, depth - 1)), draw(expressions(names, depth - 1))
    return f"({ta} {sign} {tb})", lambda env, fa=fa, fb=fb, g=BINARY[sign]: g(fa(env), fb(env))


@st.composite
def programs(draw):
    """(program text, python function of (x, y)), with an output s."""
    names = ["x", "y"]
    lines = ["s = x + 0.5*y"]
    steps = [lambda env: env.__setitem__("s", env["x"] + 0.5 * env["y"])]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["assign", "loop", "while", "branch", "array", "def",
                                     "choose", "comprehension"]))
        text, f = draw(expressions([*names, "s"]))
        if kind == "assign":
            lines.append(f"s += {text}")
            steps.append(lambda env, f=f: env.__setitem__("s", env["s"] + f(env)))
        elif kind == "loop":
            k = draw(st.integers(1, 3))
            lines += [f"for i in range({k}):", f"    s = 0.5*s + {text}"]

            def loop(env, f=f, k=k):
                for _ in range(k):
                    env["s"] = 0.5 * env["s"] + f(env)
            steps.append(loop)
        elif kind == "while":  # a counter (a constant) and a value-dependent exit
            k = draw(st.integers(1, 3))
            lines += ["n = 0", f"while n < {k} and s < 50:", f"    s = s + {text} + 1.5",
                      "    n = n + 1"]

            def loop_while(env, f=f, k=k):
                n = 0
                while n < k and env["s"] < 50:
                    env["s"] = env["s"] + f(env) + 1.5
                    n += 1
            steps.append(loop_while)
        elif kind == "def":
            lines += ["def g(u, v):", "    w = u*v", f"    return sin(w) + {text}",
                      "s = g(s, x)"]

            def call(env, f=f):
                u, v = env["s"], env["x"]
                env["s"] = np.sin(u * v) + f(env)
            steps.append(call)
        elif kind == "branch":
            lines += [f"if {text} > 0:", "    s = s * y", "else:", "    s = s - y"]

            def branch(env, f=f):
                env["s"] = env["s"] * env["y"] if f(env) > 0 else env["s"] - env["y"]
            steps.append(branch)
        elif kind == "choose":  # Python's conditional expression, the whole value
            lines.append(f"s = s * x if {text} > 0 else s + y")

            def choose(env, f=f):
                env["s"] = env["s"] * env["x"] if f(env) > 0 else env["s"] + env["y"]
            steps.append(choose)
        elif kind == "comprehension":  # with a conditional expression as its element
            lines.append(f"s = 0.5*s + sum([({text})*c if c > 0 else c*c for c in [x, y]])")

            def comprehension(env, f=f):
                env["s"] = 0.5 * env["s"] + sum(f(env) * c if c > 0 else c * c
                                                for c in [env["x"], env["y"]])
            steps.append(comprehension)
        else:
            lines += [f"a = [x, y, {text}]", "s = s + dot(a, a) * 0.1 + sum(a * 2)"]

            def arrays(env, f=f):
                a = [env["x"], env["y"], f(env)]
                env["s"] = env["s"] + sum(v * v for v in a) * 0.1 + sum(v * 2 for v in a)
            steps.append(arrays)

    def run(x, y):
        env = {"x": x, "y": y}
        for step in steps:
            step(env)
        return env["s"]

    return "\n".join(lines), run


@settings(max_examples=200, deadline=None, derandomize=True)
@given(program=programs(), x=st.floats(-1.5, 1.5), y=st.floats(-1.5, 1.5))
def test_programs_agree_with_autograd_in_both_modes(program, x, y):
    text, run = program
    ev = pipeline.prepare(text, {"x": x, "y": y}, outputs=["s"])
    want = run(x, y)
    assert ev.outputs["s"] == pytest.approx(want, rel=1e-12, abs=1e-12), text
    reverse = pipeline.run_reverse(ev).passes[0].result
    forward = pipeline.run_forward(ev).jacobian["s"]
    oracle = autograd.grad(lambda v: run(v[0], v[1]))(np.array([x, y]))
    for k, name in enumerate(("x", "y")):
        assert math.isclose(reverse[name], forward[name], rel_tol=1e-12, abs_tol=1e-12), text
        assert reverse[name] == pytest.approx(oracle[k], rel=1e-9, abs=1e-9), (text, name)
