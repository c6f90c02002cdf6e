"""The op table: everything tracer knows about each elementary operation, in one entry.

Every evaluator and every writer reads this table; nothing about an op lives anywhere else.
An entry holds:

- ``value`` and ``partials``: fast float functions. ``partials(*args, y)`` returns the local
  derivative of the result with respect to each argument (``y`` is the result itself, so
  ``exp`` and ``sigmoid`` can reuse it). Both forward and reverse mode use it.
- ``derivs``: the same partials as templates in tracer's own formula syntax over ``a``, ``b``
  (the arguments) and ``y`` (the result). They are what a student sees in the tangent and
  adjoint rules, what exact mode evaluates with sympy, and what Taylor mode propagates. A test
  checks that they agree with ``partials``, with sympy's derivative of ``sympy`` and with
  central differences, for every entry.
- ``series`` (optional): the partials as Taylor mode propagates them, when the form a student
  reads nests badly there. Taylor mode takes each partial's own series from its template, so
  ``-a/b^2`` for a quotient asks for the series of b², whose partial asks for (b²)², … : at
  order 12, b^2048, beyond any float. ``-y/b`` is the same partial and keeps to b.
- ``tangents`` (optional): the tangent rule's terms, when the natural reading differs from
  "tangent times partial" (the product rule reads ``da b + a db``, as in the lecture).
- ``domain``: why the value is undefined at a point (called only after evaluation fails);
  ``kink``: the convention used at a point where the op is not differentiable.
- ``edge`` (optional): a function of the arguments, continuous where the op is defined, that
  is 0 wherever the op may break: a pole (div's b = 0, tan's cos a = 0), a jump or a kink
  (abs, sign, max's a - b = 0), the edge of its domain (log's and sqrt's a = 0). A plot looks
  for its zeros between samples to place the breaks in a line (``tracer.analysis.plot``).
  None: the op is smooth wherever it is defined.
- ``sympy``: the sympy counterpart, as a function of the sympy module (never imported here).
- ``text``/``latex``: display templates. ``{0}``, ``{1}`` are the rendered arguments; the
  spec ``{1:sup}`` asks for a superscript exponent and ``{1:juxt}`` for juxtaposition
  (a product written ``2 v₁``, or ``v₁ · 2`` when the right factor starts with a digit).
  ``prec`` is the printing precedence and ``parens[k]`` the precedence argument ``k`` needs
  to go without parentheses (0: never parenthesised, as inside a function call).
- ``names``/``symbols``/``bp``: how the parser finds the op (function names, operator
  symbols and their binding power).
- ``js``: the value as a JavaScript function, for the interactive worksheet's answer reader
  (which reads every function name tracer's parser does; a test says so). Static source
  written here, never anything a user typed.
- ``zero`` (optional): whether the exact value is 0 at these arguments, for an op that is 0
  only there (a product, a quotient, a power, exp): a float 0 anywhere else is underflow, and
  a constant that underflows is refused as a literal below the float range is.
- ``chain`` (optional): the flat sum ("+") or product ("*") sympy makes of the op's formula
  (a - b is Add(a, -b), -a is Mul(-1, a), a/b is Mul(a, b^-1)), and ``wraps``: the argument
  slots sympy wraps first, with what it wraps them in (a - b's b in a product, a/b's b in a
  power). ``cost.sympy_depth`` counts formulas as sympy nests them from these.
- ``whole``: whole numbers give a whole number (+, -, *, %, //), so an update of NumPy's
  array of integers by a whole number keeps it one (``v[0] += 1``).

Adding an op is one entry here plus one line in ``tests/test_ops.py``'s table of points and
one in ``tests/test_differential.py``'s table of autograd counterparts (a test says so).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

# Printing precedences (higher binds tighter). Parsing uses ``bp`` on operator entries.
SUM = 10
DIV = 19  # printed apart from MUL, so a quotient inside a product gets parentheses: v̄₂ (1/v₋₁)
MUL = 20
NEG = 25
POW = 30
ATOM = 40

INF = math.inf


def num(x: float) -> str:
    """A number for a message: integers without a decimal point, others to 6 digits."""
    if x != x:
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _recip(x: float) -> float:
    """1/x, with 1/±0 = ±∞ so an infinite slope is reported, not raised."""
    if x == 0:
        return math.copysign(INF, x)
    return 1.0 / x


def _sigmoid(a: float) -> float:
    # Two branches so neither exp(-a) nor exp(a) overflows.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    z = math.exp(a)
    return z / (1.0 + z)


def _tanh_slope(a: float, y: float) -> float:
    """1 - tanh(a)², as 4t/(1 + t)² with t = exp(-2|a|): no cancellation when tanh(a) is
    close to ±1 (1 - y² would be 0 from |a| ≈ 19 on, the true slope 4e^(-2|a|))."""
    t = math.exp(-2.0 * abs(a))
    return 4.0 * t / ((1.0 + t) * (1.0 + t))


def _softplus(a: float) -> float:
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))


def _sech(a: float) -> float:
    """1/cosh(a) as 2t/(1 + t²) with t = exp(-|a|): no overflow (cosh(1000) overflows, its
    reciprocal is a number, 0 in a float)."""
    t = math.exp(-abs(a))
    return 2.0 * t / (1.0 + t * t)


def _csch(a: float) -> float:
    """1/sinh(a) as 2t/(1 - t²) with t = exp(-|a|), its denominator by expm1 (no
    cancellation near 0); nan at 0, its pole."""
    if a == 0 or a != a:
        return math.nan
    return math.copysign(2.0 * math.exp(-abs(a)) * _recip(-math.expm1(-2.0 * abs(a))), a)


def _coth(a: float) -> float:
    """1/tanh(a); nan at 0, its pole."""
    return _recip(math.tanh(a)) if a else math.nan


def _coth_slope(a: float, y: float) -> float:
    """-1/sinh(a)², as -csch(a)²: 1 - coth(a)² cancels for large a (it is -0 from a ≈ 19)."""
    c = _csch(a)
    return -(c * c)


def _acot(a: float) -> float:
    """The inverse cotangent in (0, π), continuous (π/2 - atan(a), as calculus texts take
    it), computed as atan(1/a) or π + atan(1/a) so that it keeps its digits for large a."""
    if a > 0:
        return math.atan(1.0 / a)
    return math.pi + math.atan(1.0 / a) if a < 0 else math.pi / 2


def _overflows(name: str, up: bool = False, pole: str = "") -> Callable[[float], str | None]:
    """Why ``name`` has no float value at a, a function finite wherever it is defined: its
    pole at 0 (``pole``: csch's 1/sinh(0)), else an overflow (with ``up`` only for a > 0:
    exp(-1000) is 0, no error)."""
    def domain(a: float) -> str | None:
        if pole and a == 0:
            return f"{name} is undefined at 0 ({pole})"
        if up and not a > 0:
            return None
        return f"{name}({num(a)}) overflows: the result is too large for a float"

    return domain


def _pow(a: float, b: float) -> float:
    if a < 0 and b != int(b):
        raise ValueError("negative base")
    return math.pow(a, b)


def _pow_partials(a: float, b: float, y: float) -> tuple[float, float]:
    # At a = 0 (either sign of zero) with 0 < b < 1 the slope is +∞ times b, as for sqrt.
    da = 0.0 if b == 0 else (b * math.pow(a, b - 1) if a != 0 or b >= 1 else b * INF)
    db = y * math.log(a) if a > 0 else (0.0 if a == 0 and b > 0 else math.nan)
    return da, db


def _pow_domain(a: float, b: float) -> str | None:
    if a == 0 and b < 0:
        return f"0 to a negative power ({num(b)}) is a division by zero"
    if a < 0 and b != int(b):
        return f"a negative number to a non-integer power is not real, got ({num(a)})^{num(b)}"
    return None


def _pow_edge(a: float, b: float) -> float:
    """a^b with b a whole number of at least 0 is a polynomial, smooth everywhere; otherwise
    a = 0 is a pole (b < 0), the edge of the domain, or an infinite slope (x^0.5)."""
    return 1.0 if b >= 0 and float(b).is_integer() else a


# erf and erfc in JavaScript (the worksheet's answer reader): the Taylor series of erf near 0,
# erfc's continued fraction from 2 on, each the other's complement where that loses nothing.
_JS_ERF = """(() => {
  const tail = (a) => { // erfc(a) for a >= 2, its continued fraction evaluated from the end
    let k = 0;
    for (let n = 60; n > 0; n--) k = n / 2 / (a + k);
    return Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + k);
  };
  const erf = (x) => {
    const a = Math.abs(x);
    if (a >= 2) return Math.sign(x) * (1 - tail(a));
    let term = x;
    let sum = x;
    for (let n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  return %s;
})()"""

_OWN: dict[str, Any] = {}


def _own(sp: Any, name: str) -> Any:
    """sympy's counterpart of a function sympy has not, or writes otherwise, as a function of
    tracer's own: its value on numbers, its derivative, printed by its name. Made once each
    (sympy is imported only by the exact and symbolic paths); built with ``type`` because
    sympy's hooks have fixed names.
    - detach (its value its argument), floor and ceil: their derivative is 0 wherever they
      have one (sympy's floor and ceiling leave theirs unevaluated);
    - cbrt: sympy's own cbrt(a) is a^(1/3), complex for a < 0, and real_root(a, 3) of a
      symbol is sign(a)|a|^(1/3), whose derivative sympy writes with a DiracDelta;
    - acot: sympy's is atan(1/a), which jumps at 0, where the calculus texts' (0, π) one is
      π/2 - atan(a)."""
    if name not in _OWN:
        value, slope = {
            "detach": (lambda a: a, lambda f, a: sp.Integer(0)),
            "floor": (sp.floor, lambda f, a: sp.Integer(0)),
            "ceil": (sp.ceiling, lambda f, a: sp.Integer(0)),
            "cbrt": (lambda a: sp.real_root(a, 3), lambda f, a: 1 / (3 * f ** 2)),
            "acot": (lambda a: sp.pi / 2 - sp.atan(a), lambda f, a: -1 / (1 + a ** 2)),
        }[name]
        hooks = {
            "eval": classmethod(lambda cls, a: value(a) if a.is_number else None),
            "fdiff": lambda self, argindex=1: slope(self, self.args[0]),
            "_eval_evalf": lambda self, prec: value(self.args[0].evalf(prec)).evalf(prec),
            "_eval_is_real": lambda self: self.args[0].is_real,
        }
        _OWN[name] = type(name, (sp.Function,), hooks)
    return _OWN[name]


def _whole(f: Callable[[float], int]) -> Callable[[float], float]:
    """floor or ceil as a float function (nan where the argument is not finite)."""
    return lambda a: float(f(a)) if math.isfinite(a) else math.nan


def _near_whole(q: float) -> bool:
    """Is ``q`` a whole number, or within rounding of one (0.3/0.1 is 2.9999999999999996)?"""
    return math.isfinite(q) and abs(q - round(q)) <= 4 * math.ulp(max(1.0, abs(q)))


def _rounding(q: float) -> str:
    if q == round(q):
        return ""
    return (f" ({q!r} is within rounding of {round(q)}: float arithmetic and exact "
            "arithmetic may take different sides)")


def _jump(name: str) -> Callable[[float], str | None]:
    def kink(a: float) -> str | None:
        if _near_whole(a):
            return (f"{name} jumps at whole numbers, as at {num(round(a))}{_rounding(a)}; "
                    "tracer uses the slope 0")
        return None

    return kink


def _remainder(f: Callable[[float, float], float]) -> Callable[[float, float], float]:
    """Python's a % b (the sign of b) or a // b (⌊a/b⌋), nan where it is undefined."""
    return lambda a, b: f(a, b) if math.isfinite(a) and b != 0 else math.nan


def _remainder_edge(a: float, b: float) -> float:
    """0 where a/b is a whole number (a step of % and //) and where b = 0."""
    return b * math.sin(math.pi * a / b) if b else 0.0


def _mod_slope(a: float, b: float) -> float:
    """∂(a % b)/∂b = -⌊a/b⌋; where a/b overflows (1 % 1e-320) the slope is that infinity."""
    q = a / b
    return -float(math.floor(q)) if math.isfinite(q) else -q


def _remainder_domain(a: float, b: float) -> str | None:
    if b == 0:
        return "division by zero: the divisor is 0"
    if not math.isfinite(a):
        return f"the remainder of {num(a)} is undefined"
    return None


def _remainder_jump(a: float, b: float) -> str | None:
    """Where a/b is a whole number, a % b and a // b jump."""
    if b and math.isfinite(a) and math.isfinite(b) and _near_whole(a / b):
        return (f"a % b and a // b jump where a/b is a whole number, as at a = {num(a)}, b = "
                f"{num(b)}{_rounding(a / b)}; tracer uses the slopes of the piece that starts "
                "there")
    return None


def _tie(a: float, b: float) -> str | None:
    if a == b:
        return "not differentiable where its arguments are equal; tracer splits the slope 1/2, 1/2"
    return None


def _kink_at_zero(name: str, convention: str) -> Callable[[float], str | None]:
    def kink(a: float) -> str | None:
        return f"{name} is not differentiable at 0; tracer uses {convention}" if a == 0 else None

    return kink


def _needs(name: str, what: str, ok: Callable[[float], bool]) -> Callable[[float], str | None]:
    def domain(a: float) -> str | None:
        return None if ok(a) else f"{name} needs {what}, got {num(a)}"

    return domain


@dataclass(frozen=True, eq=False)
class Op:
    """One elementary operation. See the module docstring for what each field means.

    Ops are singletons: compared by identity, shown by name.
    """

    name: str
    arity: int
    summary: str
    value: Callable[..., float]
    partials: Callable[..., tuple[float, ...]]
    derivs: tuple[str, ...]
    sympy: Callable[..., Any]
    text: str
    latex: str
    prec: int = ATOM
    parens: tuple[int, ...] = ()
    latex_parens: tuple[int, ...] | None = None
    numbers: str | None = None
    latex_numbers: str | None = None
    names: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    bp: int = 0
    right: bool = False
    domain: Callable[..., str | None] | None = None
    kink: Callable[..., str | None] | None = None
    edge: Callable[..., float] | None = None
    tangents: tuple[str, ...] | None = None
    stop: bool = False  # a stop-gradient: its derivative is 0 by definition, not by its value
    series: tuple[str, ...] | None = None
    js: str | None = None
    # whether the exact value is 0 at these arguments, for an op that is 0 only there: a float
    # 0 elsewhere is underflow (1e-300/1e100), refused in constants as 1e-400 is
    zero: Callable[..., bool] | None = None
    chain: str | None = None  # the flat Add ("+") or Mul ("*") sympy makes of the formula
    wraps: tuple[tuple[int, str], ...] = ()  # (slot, "*" or "^"): an argument sympy wraps
    whole: bool = False  # whole numbers give a whole number (NumPy's integers stay integers)

    def __repr__(self) -> str:
        return f"Op({self.name})"

    def __reduce__(self) -> tuple[Callable[[str], Op], tuple[str]]:
        # An op is one entry of the table, so a pickled or deep-copied trace refers to it by
        # name: its lambdas cannot be pickled, and a copy would break comparison by identity.
        return named, (self.name,)

    def arg_parens(self, latex: bool) -> tuple[int, ...]:
        """Precedence each argument needs to be printed without parentheses."""
        if latex and self.latex_parens is not None:
            return self.latex_parens
        return self.parens or (0,) * self.arity

    def template(self, latex: bool, numbers: bool) -> str:
        """The display template for symbolic rules or for substituted numbers."""
        if latex:
            return (self.latex_numbers if numbers and self.latex_numbers else self.latex)
        return self.numbers if numbers and self.numbers else self.text


def _fn(
    name: str,
    summary: str,
    value: Callable[[float], float],
    partial: Callable[[float, float], float],
    deriv: str,
    sympy: Callable[..., Any],
    latex: str | None = None,
    text: str | None = None,
    names: tuple[str, ...] | None = None,
    **extra: Any,
) -> Op:
    """A one-argument function written name(a)."""
    return Op(
        name=name,
        arity=1,
        summary=summary,
        value=value,
        partials=lambda a, y: (partial(a, y),),
        derivs=(deriv,),
        sympy=sympy,
        text=text or f"{name}({{0}})",
        latex=latex or rf"\{name}({{0}})",
        names=names or (name,),
        **extra,
    )


def _staircase(name: str, summary: str, f: Callable[[float], int], text: str,
               latex: str) -> Op:
    """floor or ceil: a whole number, slope 0 between its steps, a jump at each one."""
    return _fn(name, summary, _whole(f), lambda a, y: 0.0, "0",
               lambda sp, a: _own(sp, name)(a), text=text, latex=latex,
               domain=lambda a: f"{name}({num(a)}) is undefined", kink=_jump(name),
               edge=lambda a: math.sin(math.pi * a), js=f"Math.{name}")


def _arc_reciprocal_op(name: str, of: str, inverse: str, sign: float) -> Op:
    """asec (acos(1/a)) or acsc (asin(1/a)), for |a| ≥ 1: the slope ±1/(|a| sqrt(a² - 1)),
    its square root taken as sqrt(|a| - 1) sqrt(|a| + 1) (no cancellation near |a| = 1)."""
    f = getattr(math, inverse)

    def slope(a: float, y: float) -> float:
        m = abs(a)
        return sign * _recip(m * math.sqrt(m - 1.0) * math.sqrt(m + 1.0)) if m >= 1 \
            else math.nan

    return _fn(
        name, f"inverse {of} {inverse}(1/a), for |a| ≥ 1",
        lambda a: f(1.0 / a) if abs(a) >= 1 else math.nan, slope,
        f"{'-' if sign < 0 else ''}1/(abs(a)*sqrt(a^2-1))",
        lambda sp, a: getattr(sp, name)(a), names=(name, f"arc{name[1:]}"),
        latex=rf"\operatorname{{arc{name[1:]}}}({{0}})",
        domain=_needs(name, "an argument of at most -1 or at least 1", lambda a: abs(a) >= 1),
        edge=lambda a: abs(a) - 1.0,
        js=f"(a) => Math.{inverse}(1 / a)",
    )


OPS: tuple[Op, ...] = (
    # --- operators -------------------------------------------------------------------------
    Op(
        "add", 2, "sum a + b",
        value=lambda a, b: a + b,
        partials=lambda a, b, y: (1.0, 1.0),
        derivs=("1", "1"),
        sympy=lambda sp, a, b: a + b,
        text="{0} + {1}", latex="{0} + {1}",
        prec=SUM, parens=(SUM, SUM), symbols=("+",), bp=10, chain="+", whole=True,
    ),
    Op(
        "sub", 2, "difference a - b",
        value=lambda a, b: a - b,
        partials=lambda a, b, y: (1.0, -1.0),
        derivs=("1", "-1"),
        sympy=lambda sp, a, b: a - b,
        text="{0} - {1}", latex="{0} - {1}",
        prec=SUM, parens=(SUM, SUM + 1), symbols=("-",), bp=10, chain="+", wraps=((1, "*"),),
        whole=True,
    ),
    Op(
        "mul", 2, "product a * b",
        value=lambda a, b: a * b,
        partials=lambda a, b, y: (b, a),
        derivs=("b", "a"),
        tangents=("da*b", "a*db"),
        sympy=lambda sp, a, b: a * b,
        text="{0}{1:juxt}", latex="{0}{1:juxt}",
        numbers="{0} × {1}", latex_numbers=r"{0} \times {1}",
        prec=MUL, parens=(MUL, MUL), latex_parens=(DIV, DIV), symbols=("*",), bp=20,
        zero=lambda a, b: a == 0 or b == 0, chain="*", whole=True,
    ),
    Op(
        "div", 2, "quotient a / b",
        value=lambda a, b: a / b,
        partials=lambda a, b, y: (_recip(b), -a * _recip(b * b)),
        derivs=("1/b", "-a/b^2"),
        series=("1/b", "-y/b"),
        sympy=lambda sp, a, b: a / b,
        text="{0}/{1}", latex=r"\frac{{0}}{{1}}",
        prec=DIV, parens=(DIV, MUL + 1), latex_parens=(0, 0), symbols=("/",), bp=20,
        domain=lambda a, b: "division by zero: the denominator is 0" if b == 0 else None,
        edge=lambda a, b: b,
        zero=lambda a, b: a == 0, chain="*", wraps=((1, "^"),),
    ),
    Op(
        "mod", 2, "remainder a % b (Python's: the sign of b)",
        value=_remainder(operator.mod),
        partials=lambda a, b, y: (1.0, _mod_slope(a, b)),
        derivs=("1", "-floor(a/b)"),
        sympy=lambda sp, a, b: a - b * _own(sp, "floor")(a / b),
        text="{0} mod {1}", latex=r"{0} \bmod {1}",
        # below a quotient: -(x % 3), x (y % 3) and (x y) % 3 keep their parentheses
        prec=DIV - 1, parens=(MUL + 1, MUL + 1), symbols=("%",), bp=20,
        domain=_remainder_domain, kink=_remainder_jump,
        edge=_remainder_edge, whole=True,
    ),
    Op(
        "floordiv", 2, "floor division a // b = ⌊a/b⌋ (slope 0 where it has one)",
        value=_remainder(operator.floordiv),
        partials=lambda a, b, y: (0.0, 0.0),
        derivs=("0", "0"),
        sympy=lambda sp, a, b: _own(sp, "floor")(a / b),
        text="⌊{0}/{1}⌋", latex=r"\left\lfloor \frac{{0}}{{1}} \right\rfloor",
        parens=(DIV, MUL + 1), latex_parens=(0, 0), symbols=("//",), bp=20,
        domain=_remainder_domain, kink=_remainder_jump,
        edge=_remainder_edge, whole=True,
    ),
    Op(
        "pow", 2, "power a ^ b (also a ** b)",
        value=_pow,
        partials=_pow_partials,
        derivs=("b*a^(b-1)", "y*ln(a)"),
        sympy=lambda sp, a, b: a**b,
        text="{0}{1:sup}", latex="{0}^{{1}}",
        prec=POW, parens=(POW + 1, ATOM), latex_parens=(POW + 1, 0),
        symbols=("^", "**"), bp=30, right=True, names=("pow", "power"),
        domain=_pow_domain,
        edge=_pow_edge,
        js="Math.pow",
        zero=lambda a, b: a == 0,
    ),
    Op(
        "neg", 1, "negation -a",
        value=lambda a: -a,
        partials=lambda a, y: (-1.0,),
        derivs=("-1",),
        sympy=lambda sp, a: -a,
        text="-{0}", latex="-{0}",
        prec=NEG, parens=(DIV,), symbols=("-",), bp=25, chain="*",
    ),
    # --- constants (no arguments) ------------------------------------------------------------
    Op(
        "pi", 0, "the constant π",
        value=lambda: math.pi, partials=lambda y: (), derivs=(),
        sympy=lambda sp: sp.pi, text="π", latex=r"\pi", names=("pi", "π"),
        js="() => Math.PI",
    ),
    Op(
        "e", 0, "Euler's number e",
        value=lambda: math.e, partials=lambda y: (), derivs=(),
        sympy=lambda sp: sp.E, text="e", latex="e", names=("e",),
        js="() => Math.E",
    ),
    # --- functions ---------------------------------------------------------------------------
    _fn(
        "exp", "exponential", math.exp, lambda a, y: y, "exp(a)", lambda sp, a: sp.exp(a),
        domain=_overflows("exp", up=True),
        js="Math.exp",
        zero=lambda a: False,
    ),
    _fn(
        "log", "natural logarithm (also ln; log(a, b) is the base-b logarithm)",
        math.log, lambda a, y: _recip(a), "1/a", lambda sp, a: sp.log(a),
        text="ln({0})", latex=r"\ln({0})", names=("log", "ln"),
        domain=_needs("log", "a positive argument", lambda a: a > 0),
        edge=lambda a: a,
        js="Math.log",
    ),
    Op(
        "logb", 2, "logarithm of a in base b, written log(a, b)",
        value=lambda a, b: math.log(a) / math.log(b),
        partials=lambda a, b, y: (
            _recip(a * math.log(b)),
            -math.log(a) * _recip(b * math.log(b) ** 2),
        ),
        derivs=("1/(a*ln(b))", "-ln(a)/(b*ln(b)^2)"),
        sympy=lambda sp, a, b: sp.log(a) / sp.log(b),
        text="log({0}, {1})", latex=r"\log_{{1}}({0})", names=("log",),
        domain=lambda a, b: (
            f"log needs a positive argument, got {num(a)}" if a <= 0
            else f"a logarithm's base must be positive and not 1, got {num(b)}"
            if b <= 0 or b == 1 else None
        ),
        edge=lambda a, b: a * b * (b - 1),
        js="(a, b) => (a > 0 && b > 0 ? Math.log(a) / Math.log(b) : NaN)",
    ),
    _fn(
        "log10", "base-10 logarithm", math.log10, lambda a, y: _recip(a * math.log(10)),
        "1/(a*ln(10))", lambda sp, a: sp.log(a, 10), latex=r"\log_{10}({0})",
        domain=_needs("log10", "a positive argument", lambda a: a > 0),
        edge=lambda a: a,
        js="Math.log10",
    ),
    _fn(
        "log2", "base-2 logarithm", math.log2, lambda a, y: _recip(a * math.log(2)),
        "1/(a*ln(2))", lambda sp, a: sp.log(a, 2), latex=r"\log_2({0})",
        domain=_needs("log2", "a positive argument", lambda a: a > 0),
        edge=lambda a: a,
        js="Math.log2",
    ),
    _fn(
        "log1p", "ln(1 + a), accurate for small a", math.log1p, lambda a, y: _recip(1.0 + a),
        "1/(1+a)", lambda sp, a: sp.log(1 + a), latex=r"\ln(1 + {0})",
        domain=_needs("log1p", "an argument above -1", lambda a: a > -1),
        edge=lambda a: 1.0 + a,
        js="Math.log1p",
    ),
    _fn(
        "expm1", "exp(a) - 1, accurate for small a", math.expm1, lambda a, y: y + 1.0,
        "exp(a)", lambda sp, a: sp.exp(a) - 1, latex=r"\operatorname{expm1}({0})",
        domain=_overflows("expm1"),
        js="Math.expm1",
    ),
    _fn(
        "exp2", "2 to the power a, 2^a", lambda a: 2.0 ** a, lambda a, y: y * math.log(2.0),
        "exp2(a)*ln(2)", lambda sp, a: 2 ** a, text="2{0:sup}", latex="2^{{0}}",
        prec=POW, parens=(ATOM,), latex_parens=(0,),
        domain=_overflows("exp2", up=True),
        js="(a) => 2 ** a",
        zero=lambda a: False,
    ),
    _fn(
        "sqrt", "square root", math.sqrt, lambda a, y: 0.5 / y if y else INF, "1/(2*sqrt(a))",
        lambda sp, a: sp.sqrt(a), text="√({0})", latex=r"\sqrt{{0}}",
        domain=_needs("sqrt", "a non-negative argument", lambda a: a >= 0),
        edge=lambda a: a,
        js="Math.sqrt",
    ),
    _fn(
        "cbrt", "cube root, real for every a (cbrt(-8) is -2)", math.cbrt,
        lambda a, y: _recip(3.0 * y * y), "1/(3*cbrt(a)^2)", lambda sp, a: _own(sp, "cbrt")(a),
        text="∛({0})", latex=r"\sqrt[3]{{0}}",
        edge=lambda a: a,  # an infinite slope at 0
        js="Math.cbrt",
    ),
    _fn("sin", "sine", math.sin, lambda a, y: math.cos(a), "cos(a)", lambda sp, a: sp.sin(a),
        js="Math.sin"),
    _fn("cos", "cosine", math.cos, lambda a, y: -math.sin(a), "-sin(a)", lambda sp, a: sp.cos(a),
        js="Math.cos"),
    _fn(
        "tan", "tangent", math.tan, lambda a, y: 1.0 + y * y, "1/cos(a)^2",
        lambda sp, a: sp.tan(a), edge=lambda a: math.cos(a),
        js="Math.tan",
    ),
    _fn(
        "cot", "cotangent 1/tan(a)", lambda a: _recip(math.tan(a)) if math.sin(a) else math.nan,
        lambda a, y: -1.0 - y * y, "-1/sin(a)^2", lambda sp, a: sp.cot(a),
        domain=lambda a: f"cot is undefined where sin is 0, as at {num(a)}",
        edge=lambda a: math.sin(a),
        js="(a) => 1 / Math.tan(a)",
    ),
    _fn(
        "sec", "secant 1/cos(a)", lambda a: _recip(math.cos(a)), lambda a, y: y * math.tan(a),
        "sin(a)/cos(a)^2", lambda sp, a: sp.sec(a), edge=lambda a: math.cos(a),
        js="(a) => 1 / Math.cos(a)",
    ),
    _fn(
        "csc", "cosecant 1/sin(a)", lambda a: _recip(math.sin(a)),
        lambda a, y: -y * _recip(math.tan(a)), "-cos(a)/sin(a)^2", lambda sp, a: sp.csc(a),
        domain=lambda a: f"csc is undefined where sin is 0, as at {num(a)}",
        edge=lambda a: math.sin(a),
        js="(a) => 1 / Math.sin(a)",
    ),
    _fn(
        "asin", "inverse sine", math.asin,
        lambda a, y: _recip(math.sqrt(1.0 - a) * math.sqrt(1.0 + a)),
        "1/sqrt(1-a^2)", lambda sp, a: sp.asin(a), names=("asin", "arcsin"), latex=r"\arcsin({0})",
        domain=_needs("asin", "an argument in [-1, 1]", lambda a: -1 <= a <= 1),
        edge=lambda a: (1.0 - a) * (1.0 + a),
        js="Math.asin",
    ),
    _fn(
        "acos", "inverse cosine", math.acos,
        lambda a, y: -_recip(math.sqrt(1.0 - a) * math.sqrt(1.0 + a)),
        "-1/sqrt(1-a^2)", lambda sp, a: sp.acos(a), names=("acos", "arccos"), latex=r"\arccos({0})",
        domain=_needs("acos", "an argument in [-1, 1]", lambda a: -1 <= a <= 1),
        edge=lambda a: (1.0 - a) * (1.0 + a),
        js="Math.acos",
    ),
    _fn(
        "atan", "inverse tangent", math.atan, lambda a, y: 1.0 / (1.0 + a * a), "1/(1+a^2)",
        lambda sp, a: sp.atan(a), names=("atan", "arctan"), latex=r"\arctan({0})",
        js="Math.atan",
    ),
    _fn(
        "acot", "inverse cotangent, in (0, π): π/2 - atan(a)", _acot,
        lambda a, y: -1.0 / (1.0 + a * a), "-1/(1+a^2)", lambda sp, a: _own(sp, "acot")(a),
        names=("acot", "arccot"), latex=r"\operatorname{arccot}({0})",
        js="(a) => Math.PI / 2 - Math.atan(a)",
    ),
    _arc_reciprocal_op("asec", "secant", "acos", 1.0),
    _arc_reciprocal_op("acsc", "cosecant", "asin", -1.0),
    Op(
        "atan2", 2, "angle of the point (b, a): atan2(a, b) is atan(a/b) in the right quadrant",
        value=math.atan2,
        partials=lambda a, b, y: (b * _recip(a * a + b * b), -a * _recip(a * a + b * b)),
        derivs=("b/(a^2+b^2)", "-a/(a^2+b^2)"),
        sympy=lambda sp, a, b: sp.atan2(a, b),
        text="atan2({0}, {1})", latex=r"\operatorname{atan2}({0}, {1})",
        names=("atan2", "arctan2"),
        edge=lambda a, b: a,  # its cut: a = 0 with b < 0 (with b > 0 it is smooth there)
        js="Math.atan2",
    ),
    _fn(
        "sinh", "hyperbolic sine", math.sinh, lambda a, y: math.cosh(a), "cosh(a)",
        lambda sp, a: sp.sinh(a),
        domain=_overflows("sinh"),
        js="Math.sinh",
    ),
    _fn(
        "cosh", "hyperbolic cosine", math.cosh, lambda a, y: math.sinh(a), "sinh(a)",
        lambda sp, a: sp.cosh(a),
        domain=_overflows("cosh"),
        js="Math.cosh",
    ),
    _fn(
        "tanh", "hyperbolic tangent", math.tanh, _tanh_slope, "1-tanh(a)^2",
        lambda sp, a: sp.tanh(a),
        js="Math.tanh",
    ),
    _fn(
        "sech", "hyperbolic secant 1/cosh(a)", _sech, lambda a, y: -y * math.tanh(a),
        "-sech(a)*tanh(a)", lambda sp, a: sp.sech(a), latex=r"\operatorname{sech}({0})",
        js="(a) => 1 / Math.cosh(a)",
        zero=lambda a: False,
    ),
    _fn(
        "csch", "hyperbolic cosecant 1/sinh(a)", _csch,
        lambda a, y: -y * _coth(a) if a else math.nan, "-csch(a)*coth(a)",
        lambda sp, a: sp.csch(a), latex=r"\operatorname{csch}({0})",
        domain=_overflows("csch", pole="1/sinh(0)"),
        edge=lambda a: a,
        js="(a) => 1 / Math.sinh(a)",
        zero=lambda a: False,
    ),
    _fn(
        "coth", "hyperbolic cotangent 1/tanh(a)", _coth,
        _coth_slope, "-1/sinh(a)^2", lambda sp, a: sp.coth(a),
        latex=r"\coth({0})",
        domain=_overflows("coth", pole="1/tanh(0)"),
        edge=lambda a: a,
        js="(a) => 1 / Math.tanh(a)",
    ),
    _fn(
        "asinh", "inverse hyperbolic sine", math.asinh,
        lambda a, y: 1.0 / math.hypot(1.0, a), "1/sqrt(a^2+1)",
        lambda sp, a: sp.asinh(a), names=("asinh", "arcsinh"), latex=r"\operatorname{arsinh}({0})",
        js="Math.asinh",
    ),
    _fn(
        "acosh", "inverse hyperbolic cosine", math.acosh,
        lambda a, y: _recip(math.sqrt(a - 1.0) * math.sqrt(a + 1.0)), "1/sqrt(a^2-1)",
        lambda sp, a: sp.acosh(a), names=("acosh", "arccosh"), latex=r"\operatorname{arcosh}({0})",
        domain=_needs("acosh", "an argument of at least 1", lambda a: a >= 1),
        edge=lambda a: a - 1.0,
        js="Math.acosh",
    ),
    _fn(
        "atanh", "inverse hyperbolic tangent", math.atanh,
        lambda a, y: 1.0 / ((1.0 - a) * (1.0 + a)), "1/(1-a^2)",
        lambda sp, a: sp.atanh(a), names=("atanh", "arctanh"), latex=r"\operatorname{artanh}({0})",
        domain=_needs("atanh", "an argument strictly between -1 and 1", lambda a: -1 < a < 1),
        edge=lambda a: (1.0 - a) * (1.0 + a),
        js="Math.atanh",
    ),
    _fn(
        "sigmoid", "logistic sigmoid 1/(1+exp(-a))", _sigmoid, lambda a, y: y * _sigmoid(-a),
        "y*(1-y)", lambda sp, a: 1 / (1 + sp.exp(-a)), text="σ({0})", latex=r"\sigma({0})",
        names=("sigmoid", "expit"),  # torch.special.expit, scipy's name
        js="(a) => 1 / (1 + Math.exp(-a))",
    ),
    _fn(
        "softplus", "softplus ln(1+exp(a))", _softplus, lambda a, y: _sigmoid(a),
        "sigmoid(a)", lambda sp, a: sp.log(1 + sp.exp(a)),
        latex=r"\operatorname{softplus}({0})",
        js="(a) => (a > 30 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a)))",
    ),
    _fn(
        "erf", "error function", math.erf,
        lambda a, y: 2.0 / math.sqrt(math.pi) * math.exp(-a * a), "2/sqrt(pi)*exp(-a^2)",
        lambda sp, a: sp.erf(a), latex=r"\operatorname{erf}({0})",
        js=_JS_ERF % "erf",
    ),
    _fn(
        "erfc", "complementary error function 1 - erf(a), accurate where erf is near 1",
        math.erfc, lambda a, y: -2.0 / math.sqrt(math.pi) * math.exp(-a * a),
        "-2/sqrt(pi)*exp(-a^2)", lambda sp, a: sp.erfc(a), latex=r"\operatorname{erfc}({0})",
        js=_JS_ERF % "(x) => (x >= 2 ? tail(x) : 1 - erf(x))",
    ),
    _fn(
        "abs", "absolute value", abs, lambda a, y: float((a > 0) - (a < 0)), "sign(a)",
        lambda sp, a: sp.Abs(a), text="|{0}|", latex=r"\left\lvert {0} \right\rvert",
        kink=_kink_at_zero("abs", "the subgradient 0 (as PyTorch and JAX do)"),
        edge=lambda a: a,
        js="Math.abs",
    ),
    _fn(
        "sign", "sign: -1, 0 or 1", lambda a: float((a > 0) - (a < 0)), lambda a, y: 0.0, "0",
        lambda sp, a: sp.sign(a), latex=r"\operatorname{sign}({0})",
        kink=_kink_at_zero("sign", "the slope 0"),
        edge=lambda a: a,
        js="Math.sign",
    ),
    _fn(
        "step", "unit step: 1 where a > 0, else 0", lambda a: 1.0 if a > 0 else 0.0,
        lambda a, y: 0.0, "0", lambda sp, a: sp.Heaviside(a, 0), text="H({0})",
        latex=r"H({0})", kink=_kink_at_zero("step", "the slope 0"),
        edge=lambda a: a,
        js="(a) => (a > 0 ? 1 : 0)",
    ),
    _staircase("floor", "the largest whole number not above a", math.floor, "⌊{0}⌋",
               r"\lfloor {0} \rfloor"),
    _staircase("ceil", "the smallest whole number not below a", math.ceil, "⌈{0}⌉",
               r"\lceil {0} \rceil"),
    _fn(
        "detach", "stop-gradient: the value passes through, the derivative is 0 "
        "(also stop_gradient)", lambda a: a, lambda a, y: 0.0, "0",
        lambda sp, a: _own(sp, "detach")(a),
        latex=r"\operatorname{detach}({0})", names=("detach", "stop_gradient"), stop=True,
        js="(a) => a",
    ),
    _fn(
        "relu", "rectified linear unit max(0, a)", lambda a: a if a > 0 else 0.0,
        lambda a, y: 1.0 if a > 0 else 0.0, "step(a)", lambda sp, a: sp.Max(0, a),
        latex=r"\operatorname{ReLU}({0})",
        kink=_kink_at_zero("relu", "the slope 0 (as PyTorch and JAX do)"),
        edge=lambda a: a,
        js="(a) => (a > 0 ? a : 0)",
    ),
    Op(
        "max", 2, "larger of a and b",
        value=lambda a, b: a if a >= b else b,
        partials=lambda a, b, y: (1.0, 0.0) if a > b else (0.0, 1.0) if a < b else (0.5, 0.5),
        derivs=("(1+sign(a-b))/2", "(1-sign(a-b))/2"),  # 1/2, 1/2 at a tie, as partials
        sympy=lambda sp, a, b: sp.Max(a, b),
        text="max({0}, {1})", latex=r"\max({0}, {1})", names=("max", "maximum"), kink=_tie,
        edge=lambda a, b: a - b,
        js="Math.max",
    ),
    Op(
        "min", 2, "smaller of a and b",
        value=lambda a, b: a if a <= b else b,
        partials=lambda a, b, y: (1.0, 0.0) if a < b else (0.0, 1.0) if a > b else (0.5, 0.5),
        derivs=("(1-sign(a-b))/2", "(1+sign(a-b))/2"),
        sympy=lambda sp, a, b: sp.Min(a, b),
        text="min({0}, {1})", latex=r"\min({0}, {1})", names=("min", "minimum"), kink=_tie,
        edge=lambda a, b: a - b,
        js="Math.min",
    ),
)

BY_NAME: dict[str, Op] = {op.name: op for op in OPS}


def named(name: str) -> Op:
    """The table's op called ``name`` (how a pickled trace finds its ops again)."""
    return BY_NAME[name]


# Function names the parser accepts, each with the ops it may mean (told apart by arity).
FUNCTIONS: dict[str, tuple[Op, ...]] = {}
for _op in OPS:
    for _name in _op.names:
        FUNCTIONS[_name] = (*FUNCTIONS.get(_name, ()), _op)

CONSTANTS: dict[str, Op] = {name: op for op in OPS if op.arity == 0 for name in op.names}
INFIX: dict[str, Op] = {s: op for op in OPS if op.arity == 2 for s in op.symbols}
PREFIX: dict[str, Op] = {s: op for op in OPS if op.arity == 1 for s in op.symbols}


def function(name: str, nargs: int) -> Op | None:
    """The op a call ``name(...)`` with ``nargs`` arguments means, or None."""
    for op in FUNCTIONS.get(name, ()):
        if op.arity == nargs:
            return op
    return None


def arities(name: str) -> list[int]:
    """The argument counts a function name accepts, smallest first."""
    return sorted(op.arity for op in FUNCTIONS.get(name, ()))


@cache
def display_only(name: str, arity: int, text: str | None = None,
                 latex: str | None = None) -> Op:
    """A function outside the table, only to print what sympy writes in a result (its
    DiracDelta in the derivative of sign): no value, no partials, no place in the table, so
    no formula can call it."""
    slots = ", ".join(f"{{{k}}}" for k in range(arity))

    def never(*args: Any) -> Any:
        raise TypeError(f"{name} is printed, never computed")

    return Op(name, arity, f"{name} (printed from sympy's results only)", value=never,
              partials=never, derivs=(), sympy=never, text=text or f"{name}({slots})",
              latex=latex or rf"\operatorname{{{name}}}({slots})")
