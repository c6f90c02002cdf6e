"""Differential tests: tracer's numbers against HIPS autograd, an AD implementation no one here
wrote, and forward mode against reverse mode everywhere.

Random formulas are drawn over EVERY op in the op table (``tracer.core.ops.OPS``: there is no
list of ops here), written in the op table's own spellings (function names and operator
symbols, aliases included), at random points inside and at the edges of the ops' domains (0,
±1, where sqrt, log, asin, acosh, atanh … end or turn infinite). Each is traced through the
public Python API (``tracer.trace``) and compared with the same tree built from autograd's
primitives (``COUNTERPARTS``, keyed by op name): values, gradients (reverse mode), forward mode
per input, Jacobian-vector products (``forward(seed=…)``), vector-Jacobian products
(``reverse(seed=…)``) and the Jacobians of programs with several outputs and shared rows.

Only what both define is compared, because the conventions legitimately differ:

- At a kink the two pick different one-sided slopes only for relu: tracer (as PyTorch and JAX)
  takes relu′(0) = 0, autograd's maximum(a, 0) splits the tie 1/2, 1/2 (``KINKS_DIFFER``).
  abs, sign, step, max and min agree at their kinks and ties, so they are compared there.
- Where a slope is infinite, tracer's chain rule drops a term with a zero factor, and adds the
  paths through the infinity by sign (``tracer.core.chain``); autograd multiplies in IEEE
  arithmetic, where 0 × ∞ and ∞ - ∞ are nan. A nan on either side means "undefined" and is not
  compared. Every other pair must agree in kind (the same infinity, or both finite).
- A point tracer refuses (a DomainError: outside the domain, or a slope that does not exist)
  is not compared either; the error must have a message.
- Finite numbers agree to a relative 1e-9, with an absolute allowance of 1e-9 times the
  largest number the sweep met (a difference of large terms cancels to rounding).
- A finite derivative too large for a float overflows differently in different groupings; the
  forward = reverse property leaves such points out (they are not infinities of the
  mathematics), see ``_moderate``.

The hypothesis profile here is derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from autograd import grad, jacobian, make_jvp, make_vjp
from autograd import numpy as anp
from autograd.differential_operators import make_jvp_reversemode
from autograd.scipy.special import erf, erfc, expit
from autograd.tracer import getval
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import tracer
from tracer.core.ops import BY_NAME, OPS, Op
from tracer.errors import TracerError

# --- autograd's counterpart of each op, by op name ------------------------------------------

COUNTERPARTS: dict[str, Callable[..., Any]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": anp.power,
    "neg": anp.negative,
    "pi": lambda: np.float64(np.pi),
    "e": lambda: np.float64(np.e),
    "exp": anp.exp,
    "log": anp.log,
    "logb": lambda a, b: anp.log(a) / anp.log(b),
    "log10": anp.log10,
    "log2": anp.log2,
    "log1p": anp.log1p,
    "expm1": anp.expm1,
    "sqrt": anp.sqrt,
    "cbrt": lambda a: anp.sign(a) * anp.abs(a) ** (1.0 / 3.0),  # autograd has no cbrt rule
    "exp2": anp.exp2,
    "sin": anp.sin,
    "cos": anp.cos,
    "tan": anp.tan,
    "cot": lambda a: 1.0 / anp.tan(a),
    "sec": lambda a: 1.0 / anp.cos(a),
    "csc": lambda a: 1.0 / anp.sin(a),
    "asin": anp.arcsin,
    "acos": anp.arccos,
    "atan": anp.arctan,
    "acot": lambda a: anp.pi / 2 - anp.arctan(a),
    "asec": lambda a: anp.arccos(1.0 / a),
    "acsc": lambda a: anp.arcsin(1.0 / a),
    "atan2": anp.arctan2,
    "sinh": anp.sinh,
    "cosh": anp.cosh,
    "tanh": anp.tanh,
    "sech": lambda a: 1.0 / anp.cosh(a),
    "csch": lambda a: 1.0 / anp.sinh(a),
    "coth": lambda a: 1.0 / anp.tanh(a),
    "asinh": anp.arcsinh,
    "acosh": anp.arccosh,
    "atanh": anp.arctanh,
    "sigmoid": expit,
    "softplus": lambda a: anp.logaddexp(0.0, a),
    "erf": erf,
    "erfc": erfc,
    "abs": anp.abs,
    "sign": anp.sign,
    "step": lambda a: (anp.sign(a) + anp.abs(anp.sign(a))) / 2,  # 1 where a > 0, else 0
    "detach": getval,  # autograd's own stop-gradient: the value without its derivative
    "relu": lambda a: anp.maximum(a, 0.0),
    # fmax/fmin, not maximum/minimum: at a tie they return the first argument, as tracer does,
    # which shows in the sign of a zero (max(-0, 0) is -0, and atan2(-0, -1) is -π); numpy's
    # maximum returns the second. The derivatives are the same (1/2, 1/2 at a tie).
    "mod": anp.mod,
    "floordiv": anp.floor_divide,
    "floor": anp.floor,
    "ceil": anp.ceil,
    "max": anp.fmax,
    "min": anp.fmin,
}

KINKS_DIFFER = {"relu"}  # ops whose slope at the kink autograd takes differently (see above)


def _has_forward_rule(fun: Callable[..., Any], arity: int) -> bool:
    """Does autograd have a forward-mode (JVP) rule for ``fun``? Probed, not listed: an op
    added to the table is sorted here too (erf, erfc and expit have none)."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            make_jvp(lambda v: fun(*[v] * arity))(np.float64(0.5))(np.float64(1.0))
    except NotImplementedError:
        return False
    return True


NO_FORWARD_RULE = {name for name, fun in COUNTERPARTS.items()
                   if not _has_forward_rule(fun, BY_NAME[name].arity)}


def test_every_op_has_an_autograd_counterpart():
    """Adding an op to the op table must add its row to COUNTERPARTS (and nothing stale)."""
    names = [op.name for op in OPS]
    missing = [n for n in names if n not in COUNTERPARTS]
    assert not missing, f"ops with no autograd counterpart in tests/test_differential.py: {missing}"
    assert set(COUNTERPARTS) == set(names)


# --- random formulas over the op table ------------------------------------------------------

Tree = tuple  # ("in", name) | ("num", text) | (op name, (args…))
INPUTS = ("x", "y", "z")
NUMBERS = ("0", "1", "2", "0.5", "3", "1.5")
# Inside the domains and at their edges: 0 and ±1 end sqrt, log, asin, acos, acosh, atanh.
EDGES = (0.0, 0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-8, math.pi / 2, 3.0)
coordinate = st.one_of(st.sampled_from(EDGES),
                       st.floats(min_value=-3, max_value=3).map(lambda v: round(v, 3)))


def _steep(op: Op) -> bool:
    """Does the op have an infinite slope at some point made of EDGES (sqrt at 0, asin at 1)?
    Found by probing the op table's own functions, not from a list."""
    for args in itertools.product(EDGES, repeat=op.arity):
        try:
            y = op.value(*args)
            if math.isfinite(y) and any(math.isinf(p) for p in op.partials(*args, y)):
                return True
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
    return False


STEEP = [op for op in OPS if op.arity and _steep(op)]
# The forward = reverse property draws half its ops among these, so infinite slopes are met.
any_op = st.sampled_from(OPS)
steep_op = st.one_of(any_op, st.sampled_from(STEEP))


def spellings(op: Op) -> list[str]:
    """Every way the op table says the op is written: ``{0}``, ``{1}`` stand for arguments."""
    if op.arity == 0:
        return list(op.names)
    out = [f"{name}({', '.join(f'{{{k}}}' for k in range(op.arity))})" for name in op.names]
    for symbol in op.symbols:
        out.append(f"({{0}}){symbol}({{1}})" if op.arity == 2 else f"{symbol}({{0}})")
    return out


@st.composite
def trees(draw: st.DrawFn, depth: int, root: str | None = None,
          inputs: Sequence[str] = INPUTS, ops: st.SearchStrategy[Op] = any_op,
          share: int = 5) -> Tree:
    """A random tree over the op table; repeated subtrees (computed once) are common: a
    node repeats an earlier subtree with chance 1/(share + 1)."""
    shared: list[Tree] = []

    def node(d: int, op: str | None = None) -> Tree:
        if op is None:
            if shared and draw(st.integers(0, share)) == 0:
                return draw(st.sampled_from(shared))
            if d <= 0 or draw(st.integers(0, 3)) == 0:
                if draw(st.integers(0, 2)):
                    return ("in", draw(st.sampled_from(inputs)))
                return ("num", draw(st.sampled_from(NUMBERS)))
            op = draw(ops).name
        t = (op, tuple(node(d - 1) for _ in range(BY_NAME[op].arity)))
        shared.append(t)
        return t

    return with_input(node(depth, root))


def with_input(tree: Tree) -> Tree:
    """The tree with its first number made the input x when it has no input (a formula of
    constants only is a constant, which tracer declines)."""
    done = False

    def walk(t: Tree) -> Tree:
        nonlocal done
        kind, args = t
        if kind == "num" and not done:
            done = True
            return ("in", "x")
        if kind in ("in", "num"):
            return t
        return (kind, tuple(walk(a) for a in args))

    if names_in(tree):
        return tree
    tree = walk(tree)
    return tree if done else ("mul", (tree, ("in", "x")))


def text(tree: Tree, draw: st.DrawFn) -> str:
    kind, args = tree
    if kind in ("in", "num"):
        return args
    form = draw(st.sampled_from(spellings(BY_NAME[kind])))
    return form.format(*(text(a, draw) for a in args))


def names_in(tree: Tree) -> set[str]:
    kind, args = tree
    if kind == "in":
        return {args}
    if kind == "num":
        return set()
    return set().union(*(names_in(a) for a in args))


def counterpart(tree: Tree, env: dict[str, Any]) -> Any:
    """The tree evaluated with autograd's primitives (``env`` maps names to boxed values)."""
    kind, args = tree
    if kind == "in":
        return env[args]
    if kind == "num":
        return np.float64(float(args))
    return COUNTERPARTS[kind](*(counterpart(a, env) for a in args))


def ops_in(tree: Tree) -> set[str]:
    kind, args = tree
    if kind in ("in", "num"):
        return set()
    return {kind}.union(*(ops_in(a) for a in args))


# --- comparing numbers ----------------------------------------------------------------------

def agree(ours: float, theirs: float, scale: float) -> bool:
    """The same kind (nan, one infinity, finite) and, when finite, close."""
    if ours != ours or theirs != theirs:
        return ours != ours and theirs != theirs
    if math.isinf(ours) or math.isinf(theirs):
        return ours == theirs
    return abs(ours - theirs) <= 1e-9 * max(abs(ours), abs(theirs)) + 1e-9 * scale


def comparable(ours: float, theirs: float) -> bool:
    """Both defined: a nan on either side is "undefined", which the conventions may differ on
    (0 × ∞ is 0 in tracer's chain rule, nan in IEEE arithmetic)."""
    return ours == ours and theirs == theirs


def magnitude(numbers: Sequence[Any]) -> float:
    finite = [abs(float(v)) for v in numbers if math.isfinite(float(v))]
    return max(finite, default=0.0) + 1.0


def check(what: str, ours: float, theirs: float, scale: float, source: str) -> None:
    if not comparable(ours, theirs):
        side = "both" if ours != ours and theirs != theirs else "tracer" if ours != ours \
            else "autograd"
        event(f"{what.split()[-1]}: nan from {side}, not compared")
        return
    assert agree(ours, theirs, scale), (what, source, ours, theirs)


class Autograd:
    """A formula (or a program's outputs) as autograd functions of the input vector."""

    def __init__(self, outputs: dict[str, Tree], inputs: Sequence[str],
                 program: dict[str, Tree] | None = None) -> None:
        self.inputs = list(inputs)
        self.names = list(outputs)
        self.outputs = outputs
        self.program = program or {}
        used = set().union(*(ops_in(t) for t in [*outputs.values(), *self.program.values()]))
        # Some primitives (erf, expit) have no forward-mode rule in autograd: their forward
        # mode is then autograd's JVP by reverse-of-reverse, still autograd's own derivatives.
        self.by_reverse = bool(used & NO_FORWARD_RULE)

    def jvp(self, fun: Callable[[Any], Any], v: Any, u: Any) -> Any:
        """autograd's forward-mode derivative of ``fun`` at ``v`` along ``u``."""
        if self.by_reverse:
            return self.run(lambda: make_jvp_reversemode(fun)(v)(u))
        return self.run(lambda: make_jvp(fun)(v)(u)[1])

    def env(self, v: Any) -> dict[str, Any]:
        env = {name: v[k] for k, name in enumerate(self.inputs)}
        for name, tree in self.program.items():
            env[name] = counterpart(tree, env)
        return env

    def vector(self, v: Any) -> Any:
        env = self.env(v)
        return anp.array([counterpart(self.outputs[o], env) for o in self.names])

    def scalar(self, v: Any) -> Any:
        return counterpart(self.outputs[self.names[0]], self.env(v))

    def run(self, how: Callable[[], Any]) -> Any:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return how()


def kink_differs(formula: tracer.api.Formula) -> bool:
    """Is a row whose op autograd differentiates differently at its kink sitting on it?"""
    ev = formula.evaluation
    return any(ev.trace.equation(w.row).op.name in KINKS_DIFFER for w in ev.warnings)


def sweep_scale(result: Any) -> float:
    return max(magnitude(p.column) for p in result.passes)


# --- the formulas: every op at the root, then anything --------------------------------------

def compare_formula(tree: Tree, point: dict[str, float], source: str,
                    seed: dict[str, float], out_seed: float) -> str:
    """Trace ``source`` at ``point`` and compare everything with autograd."""
    used = sorted(names_in(tree))
    assume(used)
    at = {k: point[k] for k in used}
    try:
        f = tracer.trace(source, at=at)
    except TracerError as exc:
        assert exc.message
        return "refused by tracer (domain)"
    inputs = list(f.evaluation.trace.inputs)
    out = f.evaluation.trace.output_names[0]
    ag = Autograd({out: tree}, inputs)
    v = np.array([float(at[k]) for k in inputs])
    value = ag.run(lambda: float(ag.scalar(v)))
    y = f.outputs[out]
    assert math.isfinite(y)
    check("value", y, value, magnitude(f.evaluation.values), source)
    if kink_differs(f):
        return "relu at its kink: derivatives not compared"
    # Reverse mode: the gradient.
    rev = f.reverse()
    gradient = ag.run(lambda: grad(ag.scalar)(v))
    for k, name in enumerate(inputs):
        check(f"∂/∂{name} reverse", rev.gradient[name], float(gradient[k]), sweep_scale(rev),
              source)
    # Forward mode, one pass per input.
    fwd = f.forward()
    for k, name in enumerate(inputs):
        unit = np.eye(len(inputs))[k]
        d = ag.jvp(ag.scalar, v, unit)
        check(f"∂/∂{name} forward", fwd.jacobian[out][name], float(d), sweep_scale(fwd), source)
    # A Jacobian-vector product (forward --seed) and a vector-Jacobian product (reverse --seed).
    direction = {name: seed[name] for name in inputs}
    if any(direction.values()):
        jvp = f.forward(seed=direction)
        d = ag.jvp(ag.scalar, v, np.array(list(direction.values())))
        check("JVP", jvp.passes[0].result[out], float(d), sweep_scale(jvp), source)
    if out_seed:
        vjp = f.reverse(seed={out: out_seed})
        pullback, _ = ag.run(lambda: make_vjp(ag.scalar)(v))
        theirs = ag.run(lambda: pullback(np.float64(out_seed)))
        for k, name in enumerate(inputs):
            check(f"VJP {name}", vjp.passes[0].result[name], float(theirs[k]),
                  sweep_scale(vjp), source)
    return "compared"


seeds = st.fixed_dictionaries({name: st.sampled_from([0.0, 1.0, -2.0, 0.5, 3.0])
                               for name in INPUTS})
points = st.fixed_dictionaries({name: coordinate for name in INPUTS})
PROFILE = settings(derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def examples(n: int) -> settings:
    """The fixed profile with ``n`` examples."""
    return settings(PROFILE, max_examples=n)


@pytest.mark.parametrize("op", [op.name for op in OPS])
@examples(40)
@given(data=st.data(), point=points, seed=seeds,
       out_seed=st.sampled_from([1.0, -0.5, 0.0, 2.0]))
def test_each_op_agrees_with_autograd(op, data, point, seed, out_seed):
    """The op at the root of small random formulas, at random points and domain edges."""
    tree = data.draw(trees(2, root=op))
    if not BY_NAME[op].arity:  # a constant: times a formula with inputs
        tree = ("mul", (tree, data.draw(trees(2))))
    source = text(tree, data.draw)
    event(compare_formula(tree, point, source, seed, out_seed))


@examples(400)
@given(data=st.data(), point=points, seed=seeds,
       out_seed=st.sampled_from([1.0, -0.5, 0.0, 2.0]))
def test_random_formulas_agree_with_autograd(data, point, seed, out_seed):
    """Deeper formulas over any ops, with shared subexpressions."""
    tree = data.draw(trees(4))
    source = text(tree, data.draw)
    event(compare_formula(tree, point, source, seed, out_seed))


# --- programs with several outputs: Jacobians ----------------------------------------------

@st.composite
def programs(draw: st.DrawFn, ops: st.SearchStrategy[Op] = any_op, share: int = 5
             ) -> tuple[dict[str, Tree], list[str]]:
    """``a = …``, ``b = …`` (may use a), ``c = …`` (may use a and b): rows shared by
    several outputs."""
    lines: dict[str, Tree] = {}
    for name in ("a", "b", "c"):
        lines[name] = draw(trees(2, inputs=(*INPUTS[:2], *lines), ops=ops, share=share))
    outputs = draw(st.lists(st.sampled_from(list(lines)), min_size=2, max_size=3, unique=True))
    return lines, outputs


@examples(150)
@given(data=st.data(), program=programs(), point=points)
def test_program_jacobians_agree_with_autograd(data, program, point):
    lines, outputs = program
    source = "\n".join(f"{name} = {text(tree, data.draw)}" for name, tree in lines.items())
    used = sorted(set().union(*(names_in(t) for t in lines.values())) - set(lines))
    assume(used)
    at = {k: point[k] for k in used}
    try:
        f = tracer.trace(source, at=at, outputs=outputs)
    except TracerError as exc:
        assert exc.message
        event("refused by tracer (domain)")
        return
    inputs = list(f.evaluation.trace.inputs)
    ag = Autograd({o: ("in", o) for o in outputs}, inputs, program=lines)
    v = np.array([float(at[k]) for k in inputs])
    assume(not kink_differs(f))
    run = f.jacobian().run
    theirs = ag.run(lambda: jacobian(ag.vector)(v))
    for mode, ours in (("reverse", run.reverse), ("forward", run.forward)):
        scale = sweep_scale(ours)
        for r, o in enumerate(outputs):
            for k, name in enumerate(inputs):
                entry = ours.jacobian[o][name]
                if mode == "forward":  # autograd's forward mode for tracer's forward mode
                    unit = np.eye(len(inputs))[k]
                    col = ag.jvp(ag.vector, v, unit)
                    check(f"∂{o}/∂{name} forward", entry, float(col[r]), scale, source)
                else:
                    check(f"∂{o}/∂{name} reverse", entry, float(theirs[r][k]), scale, source)
    event("compared")


# --- forward mode = reverse mode, everywhere -------------------------------------------------

def _moderate(f: tracer.api.Formula, *columns: Sequence[float]) -> bool:
    """No value, tangent or adjoint anywhere near the float range's end: there a finite
    derivative overflows in one grouping and not in the other, which is not an infinity of
    the mathematics (infinities from infinite slopes are kept)."""
    numbers = [*f.evaluation.values, *(x for c in columns for x in c)]
    return all(abs(x) < 1e250 for x in numbers if math.isfinite(x))


def modes_agree(f: tracer.api.Formula, source: str) -> None:
    """Forward and reverse mode give the same Jacobian: the same finiteness, the same sign
    of infinity, finite entries equal to a tight relative tolerance."""
    jrun = f.jacobian().run
    columns = [p.column for run in (jrun.forward, jrun.reverse) for p in run.passes]
    assume(_moderate(f, *columns))
    scale = max(magnitude(c) for c in columns)
    infinite = False
    for o, row in jrun.matrix.items():
        for x, rev in row.items():
            fwd = jrun.forward.jacobian[o][x]
            infinite = infinite or not math.isfinite(rev)
            assert agree(fwd, rev, scale), (source, o, x, fwd, rev)
    assert not jrun.disagreements
    event("an infinite or undefined entry" if infinite else "finite entries")


@examples(1000)
@given(data=st.data(), point=points)
def test_forward_equals_reverse_everywhere(data, point):
    """Random formulas with shared subexpressions, at zeros and domain edges where slopes are
    infinite: both modes follow one convention (tracer.core.chain), so they agree exactly in
    kind."""
    tree = data.draw(trees(4, ops=steep_op, share=2))
    source = text(tree, data.draw)
    used = sorted(names_in(tree))
    assume(used)
    try:
        f = tracer.trace(source, at={k: point[k] for k in used})
    except TracerError as exc:
        assert exc.message
        return
    modes_agree(f, source)


@examples(500)
@given(data=st.data(), program=programs(steep_op, share=2), point=points)
def test_forward_equals_reverse_on_programs(data, program, point):
    lines, outputs = program
    source = "\n".join(f"{name} = {text(tree, data.draw)}" for name, tree in lines.items())
    used = sorted(set().union(*(names_in(t) for t in lines.values())) - set(lines))
    assume(used)
    try:
        f = tracer.trace(source, at={k: point[k] for k in used}, outputs=outputs)
    except TracerError as exc:
        assert exc.message
        return
    modes_agree(f, source)


@pytest.mark.parametrize("source, at, expected", [
    ("asin(sign(x))", {"x": 1}, 0.0),  # a zero slope cuts the infinite one: 0, not ∞ × 0
    ("sqrt(x)*0 + x", {"x": 0}, 1.0),  # a factor 0 cuts the path through √ at 0
    ("sqrt(x) + x", {"x": 0}, math.inf),
    ("-sqrt(x) + x", {"x": 0}, -math.inf),
    ("sqrt(x) - sqrt(x) + x", {"x": 0}, math.nan),  # +∞ and -∞ paths meet
    ("2*sqrt(x) - sqrt(x)", {"x": 0}, math.nan),  # the same, though v̄ = 2 - 1 = 1
    ("sqrt(x - x)", {"x": 0}, math.nan),  # the cancelled tangent still carries both paths
    ("sqrt(x)*sqrt(x)", {"x": 0}, 0.0),  # each path has a factor √0 = 0
])
def test_forward_and_reverse_follow_one_convention_at_infinite_slopes(source, at, expected):
    f = tracer.trace(source, at=at)
    for value in (f.forward().gradient["x"], f.reverse().gradient["x"]):
        assert agree(value, expected, 1.0), (source, value)
