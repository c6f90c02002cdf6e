"""The parser: numbers, names, precedence, programs, and a clear error for every bad input."""

from __future__ import annotations

import re
import time

import pytest

from tracer.core.lexer import tokenize
from tracer.core.nodes import Call, Name, Num
from tracer.core.parse import parse, parse_bindings, parse_names
from tracer.core.printer import PLAIN, render
from tracer.core.syntax import Backward, Def, Statement
from tracer.errors import ParseError


def expr(text: str):
    return parse(text).statements[-1].expr


def shape(node) -> str:
    """A fully parenthesised form, to check grouping."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Name):
        return node.name
    assert isinstance(node, Call)
    if not node.args:
        return node.op.name
    return f"{node.op.name}(" + ", ".join(shape(a) for a in node.args) + ")"


@pytest.mark.parametrize("text, value", [
    ("2", 2.0), ("0.5", 0.5), (".5", 0.5), ("1e-3", 1e-3), ("2.5E+4", 2.5e4), ("3.", 3.0),
    ("10", 10.0), ("1E5", 1e5),
])
def test_numbers(text, value):
    node = expr(text)
    assert isinstance(node, Num) and node.value == value and node.text == text


@pytest.mark.parametrize("name", ["x1", "theta_2", "w11", "alpha", "x", "L", "zh1", "θ"])
def test_names(name):
    assert expr(name) == Name(name, 0)


@pytest.mark.parametrize("text, grouped", [
    ("-x^2", "neg(pow(x, 2))"),
    ("2^3^2", "pow(2, pow(3, 2))"),
    ("2**3**2", "pow(2, pow(3, 2))"),
    ("a-b-c", "sub(sub(a, b), c)"),
    ("a/b/c", "div(div(a, b), c)"),
    ("a/b*c", "mul(div(a, b), c)"),
    ("a+b*c", "add(a, mul(b, c))"),
    ("(a+b)*c", "mul(add(a, b), c)"),
    ("-a*b", "mul(neg(a), b)"),
    ("-2*x", "mul(neg(2), x)"),
    ("2^-x", "pow(2, neg(x))"),
    ("2^-x*3", "mul(pow(2, neg(x)), 3)"),
    ("a^-b^c", "pow(a, neg(pow(b, c)))"),
    ("+x", "x"),
    ("--x", "neg(neg(x))"),
    ("a*-b", "mul(a, neg(b))"),
    ("x1*x2+x2-log(x1)", "sub(add(mul(x1, x2), x2), log(x1))"),
    ("ln(x)", "log(x)"),
    ("log(x, 2)", "logb(x, 2)"),
    ("sin(x)^2", "pow(sin(x), 2)"),
    ("pi*e", "mul(pi, e)"),
    ("max(a, b)", "max(a, b)"),
    ("sigmoid(w*x + b)", "sigmoid(add(mul(w, x), b))"),
])
def test_precedence(text, grouped):
    assert shape(expr(text)) == grouped


def test_functions_resolve_through_the_op_table():
    for name in ["sin", "cos", "tan", "exp", "log", "ln", "sqrt", "abs", "tanh", "sigmoid",
                 "relu", "asin", "acos", "atan", "sinh", "cosh"]:
        node = expr(f"{name}(x)")
        assert isinstance(node, Call) and node.args == (Name("x", len(name) + 1),)


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text)
    return info.value


def test_blocks_may_be_indented_with_tabs_not_with_both_on_one_line():
    tabs = parse("s = x\nfor i in range(3):\n\ts = s*x\n\tif s > 100:\n\t\tbreak\ny = s")
    spaces = parse("s = x\nfor i in range(3):\n    s = s*x\n    if s > 100:\n        break\n"
                   "y = s")
    assert [type(st).__name__ for st in tabs.statements] == \
        [type(st).__name__ for st in spaces.statements] == ["Statement", "For", "Statement"]
    assert len(tabs.statements[1].body) == len(spaces.statements[1].body) == 2
    assert len(parse("\tw = x\n\ty = w*w").statements) == 2  # a block pasted with a tab
    with pytest.raises(ParseError, match="mixes tabs and spaces"):
        parse("s = x\nfor i in range(3):\n\t s = s*x\ny = s")


@pytest.mark.parametrize("source, kind, before", [
    ("if x > 0:\n\ty = x\n        y = y*2", "spaces", "tabs"),
    ("if x > 0:\n        y = x\n\ty = y*2", "tabs", "spaces"),
    ("def f(a):\n\tb = a\n\tif b > 0:\n\t\tb = b*2\n\treturn b\n        y = 1", "spaces",
     "tabs"),
])
def test_lines_of_one_block_indented_with_tabs_and_with_spaces_are_refused(source, kind, before):
    """A tab read as 8 spaces made a tab line and an 8-space line one block, where an editor
    showing tabs as 4 columns shows two: Python's TabError, and tracer's."""
    with pytest.raises(ParseError, match=f"indented with {kind} where its block's lines use "
                                         f"{before}") as info:
        parse(source)
    assert info.value.where()[0] == source.count("\n") + 1  # the last line, where it is


@pytest.mark.parametrize("source", [
    "def f(a):\n    return a\ndef g(a):\n\treturn a\ny = f(x) + g(x)",
    "if x > 0:\n\ty = x\nelse:\n    y = -x",
])
def test_blocks_may_each_be_indented_their_own_way_as_python_allows(source):
    assert len(parse(source).statements) in (1, 3)  # an if (and its else); two defs, y


def test_submodules_after_a_module_are_read_as_the_function():
    import tracer

    point = {"x": [3.0, 4.0], "y": 2.0}
    dotted = tracer.trace("np.linalg.norm(x) + torch.nn.functional.relu(y)", point)
    plain = tracer.trace("norm(x) + relu(y)", point)
    assert dotted.reverse().gradient == plain.reverse().gradient == \
        pytest.approx({"x[0]": 0.6, "x[1]": 0.8, "y": 1})
    assert tracer.trace("linalg*x", {"linalg": 2, "x": 3}).reverse().gradient == \
        {"linalg": 3, "x": 2}  # not after a module: a name like any other


# Each value is CPython's (python3 -c, numpy 2.4 for np.) for the same text at x = 1.5.
@pytest.mark.parametrize("program, want", [
    ("import math\ntau = 0.5\ny = math.pi * x", 4.71238898038469),
    ("import numpy as np\npi = 3\ny = np.pi * x", 4.71238898038469),
    ("import math\ne = 3\ny = math.e * x", 4.077422742688568),
    ("import numpy as np\ne = 3\ny = np.e * x + e", 7.077422742688568),
    ("import math\ndef f(t):\n    pi = 3\n    return math.pi * t\ny = f(x)", 4.71238898038469),
    ("import numpy as np\ndef exp(t):\n    return t * 3\ny = np.exp(x) + exp(x)",
     8.981689070338064),
    ("import math\ndef exp(t):\n    return t * 3\ny = math.exp(x)", 4.4816890703380645),
    ("import numpy as np\nexp = 2\ny = np.exp(x) * exp", 8.963378140676129),
    ("import math\nsqrt = 3\ny = math.sqrt(x) * sqrt", 3.674234614174767),
    ("import numpy as np\ndef mean(a):\n    return a[0]\ny = np.mean(np.array([x, 2*x]))",
     2.25),
    ("import numpy as np\ndef mean(a):\n    return a[0]\ny = np.array([x, 2*x]).mean()",
     2.25),
    ("import numpy as np\ndef sum(a):\n    return a[0]\ny = np.sum(np.array([x, 2*x]))", 4.5),
    ("import numpy as np\ndef dot(a, b):\n    return 0\ny = np.dot(np.array([x, 2*x]), "
     "np.array([1.0, 1.0]))", 4.5),
    ("import numpy as np\ndef matmul(a, b):\n    return 0\nA = np.eye(2) * x\n"
     "y = (A @ A)[0, 0]", 2.25),
    ("import numpy as np\ndef where(c, a, b):\n    return a\ny = np.where(x > 2, x, 2*x)",
     3.0),
    ("def mean(a):\n    return a[0]\ny = mean([x, 2*x])", 1.5),  # the def, unqualified
    # a def's own np is its own: the program's np.pi stays NumPy's (it said "there is no .pi")
    ("import numpy as np\ndef f(t):\n    np = 2.0\n    return np * t\ny = f(x) + np.pi",
     6.141592653589793),
    ("import torch.nn.functional as F\ndef g(t):\n    F = 2.0\n    return F * t\n"
     "y = F.relu(x) + g(x)", 4.5),
])
def test_a_name_after_a_module_is_the_librarys_whatever_the_program_names_so(program, want):
    """np.pi, math.e, np.exp(x), np.mean(a), a.mean() and a @ b are the library's, as in
    Python: a program's own pi, e, exp or def mean do not change them (tracer read
    `tau = 0.5; math.pi` right but `pi = 3; np.pi * x` as 4.5, and np.exp(x) as the program's
    def exp, silently)."""
    import tracer

    assert tracer.trace(program, {"x": 1.5}, outputs=["y"]).outputs["y"] == \
        pytest.approx(want, rel=1e-15)


# CPython's values (python3 -c) for the same text at x = 1.5
@pytest.mark.parametrize("program, want", [
    ("def f(e, t):\n    return e * t\ny = f(2, x)", 3.0),
    ("def f(e):\n    return e * 2\ny = f(x)", 3.0),
    ("f = lambda pi: pi * 2\ny = f(x)", 3.0),
    ("f = lambda e, t: e * t\ny = f(2, x)", 3.0),
    ("def f(e):\n    def g(t):\n        return e * t\n    return g(2)\ny = f(x)", 3.0),
    ("def f(t):\n    return pi * t\npi = 3\ny = f(x)", 4.5),  # read when f runs
    ("def f(t):\n    return e * t\ne = 3\ny = f(x)", 4.5),
    ("e = 2.0\ny = e * x", 3.0),
    ("y = e * x", 4.077422742688568),  # tracer's constant e (math.e) where no line names e
    ("def f(t):\n    e = 2\n    return e * t\ny = f(x) * e", 8.154845485377136),  # math.e
    ("from math import pi\ndef g(t):\n    pi = 3\n    return t * pi\ndef f(t):\n"
     "    return pi * t\ny = f(x) + g(x)", 9.21238898038469),  # g's pi is g's own
])
def test_pi_and_e_named_by_the_program_are_its_names_in_a_def_too(program, want):
    """A def's parameter e (or pi), and a pi the program assigns after a def that reads it,
    are the program's names, as in Python: tracer read them as the constants (f(2, x) of
    `def f(e, t): return e*t` was 4.077, Python's 3)."""
    import tracer

    assert tracer.trace(program, {"x": 1.5}, outputs=["y"]).outputs["y"] == \
        pytest.approx(want, rel=1e-15)


def test_a_modules_name_a_def_takes_as_a_parameter_is_the_parameter():
    """def f(np): np.sin(2.0) calls no NumPy: np is the number given (Python's
    AttributeError); tracer read NumPy's sin, a constant."""
    import tracer
    from tracer.errors import ProgramError

    with pytest.raises(ProgramError, match=r"there is no method \.sin\(\)"):
        tracer.trace("import numpy as np\ndef f(np):\n    return np.sin(2.0)\ny = f(x)",
                     {"x": 1.5})


@pytest.mark.parametrize("program, message", [
    ("import math\ny = min(x, math.inf)", "math.inf is not read: tracer computes with finite"),
    ("import numpy as np\ninf = 0.5\ny = min(x, np.inf)", "np.inf is not read"),
    ("import math\ny = x + math.nan", "math.nan is not read"),
    ("import math\ntau = 0.5\ny = math.tau * x", "math.tau is not read: write 2*math.pi"),
])
def test_a_constant_after_a_module_tracer_has_no_row_for_is_refused_by_its_spelling(
        program, message):
    """math.inf was read as an input named inf (after inf = 0.5, min(x, math.inf) was 0.5,
    Python's 1.5); math.tau as the program's tau."""
    with pytest.raises(ParseError, match=re.escape(message)):
        parse(program)


def test_a_program_may_name_values_and_defs_as_functions_as_python_does():
    """CS231n's `dot = …`, JAX's `def sigmoid(x)`, `step = 0.1`, a parameter named mean: a
    program's own name shadows the function; where it is not one, the function stays."""
    from tracer.core.syntax import Def

    program = parse("def sigmoid(z):\n    return 1/(1 + exp(-z))\nstep = 0.1\n"
                    "def f(mean):\n    return mean*step\ndot = sigmoid(x) + f(x)\n"
                    "y = dot + sin(dot)")
    assert [st.name for st in program.statements if isinstance(st, Def)] == ["sigmoid", "f"]
    assert {"step", "dot", "y"} <= program.assigned
    calls = [ins for st in program.statements if not isinstance(st, Def)
             for ins in st.code if type(ins).__name__ == "Call"]
    assert [c.name for c in calls] == ["sigmoid", "f"]  # sin stays the op of the table
    with pytest.raises(ParseError, match="sin is a function: write sin"):
        parse("y = sin*x")


@pytest.mark.parametrize("text, message, column", [
    ("x1*", "expected a number, a name or '(' after '*', found the end of the formula", 3),
    ("(x1+x2", "expected ')' to close the '(' at column 1", 6),
    ("x1+)", "expected a number, a name or '(' after '+', found ')'", 3),
    ("x1 x2", "missing operator between 'x1' and 'x2' (for a product write x1*x2)", 3),
    ("y = (x\n\n + 1\n z)", "missing operator before 'z' at the start of this line: a bracket "
     "opened on an earlier line is still open", 1),
    ("sin()", "sin takes 1 argument, got 0", 0),
    ("sin(x,y)", "sin takes 1 argument, got 2", 0),
    ("log(x,y,z)", "log takes 1 or 2 arguments, got 3", 0),
    ("foo(x)", "unknown function 'foo'", 0),
    ("sine(x)", "unknown function 'sine'; did you mean 'sin'?", 0),
    ("3..4", "malformed number '3..4'", 0),
    ("1.2.3", "malformed number '1.2.3'", 0),
    ("x1 $ x2", "unexpected character '$'", 3),
    ("", "empty formula: expected an expression", 0),
    ("   ", "empty formula", 3),
    ("2x", "missing operator between '2' and 'x' (for a product write 2*x)", 1),
    ("sin", "sin is a function: write sin(...)", 0),
    ("sin x", "sin is a function", 0),
    # Python's key=abs said "abs is a function: write abs(...) with its argument"
    ("xs = [x, -2*x]\ny = max(xs, key=abs)", "key=abs gives a function by name, which tracer "
     "does not read: write abs(…) where it is applied; for max(xs, key=abs) keep the element "
     "of largest abs in a loop with if", 16),
    ("x)", "unmatched ')'", 1),
    ("(x,y)", "',' inside parentheses that are not a function call", 2),
    ("w = 2\nparams = (w, 0.1)", "params = (…, …) gives one name a tuple, which tracer does not "
     "read (its values are numbers and arrays): give each value a name of its own (a, b = …, "
     "…) and use those names where params is used", 9),
    ("x,y", "',' outside a function call", 1),
    ("x = ", "expected a number, a name or '(' after '=', found the end of the formula", 4),
    ("x == y", "a comparison (==) is a condition: use it after if or while", 2),
    ("'x'", "unexpected quote", 0),
    ("sin(x", "expected ')' to close the 'sin(' at column 1", 5),
    ("x(1)", "unknown function 'x'", 0),
    ("2(x)", "missing operator between '2' and '('", 1),
    ("pi(2)", "unknown function 'pi'", 0),
    ("and = 3", "and is a keyword; it cannot be assigned", 0),
    # (matplotlib is read now: its lines draw, and are left out; see the plotting tests)
    ("import pandas.plotting as pp\ny = x", "pandas.plotting is not read: tracer reads "
     "NumPy, PyTorch, JAX and math spellings (np.sin, torch.dot, F.relu); leave the line out",
     7),
    ("import torch, os\ny = x", "os is not read", 14),
    ("from numpy sin\ny = x", "expected import after the module's name", 11),
    ("import\ny = x", "expected a module's name after import", 6),
    ("from math import sin as cos\ny = cos(x)",  # cos(x) was read as np.cos: a wrong number
     "sin is read by its own name: import it without 'as cos' and write sin", 24),
    ("from math import pi as tau\ny = tau*x", "pi is read by its own name", 23),
    ("import numpy as\ny = x", "expected a name after as", 15),
    ("import numpy as 3\ny = x", "expected a name after as", 16),
    ("a, b[0] = 1, 2", "a tuple assignment here assigns names (a, b = …): write a line for "
     "each element", 0),
    ("class A:\n    pass", "no classes", 0),
    ("if x if x > 0 else 1 > 0:\n    y = x", "a conditional expression in a condition is "
     "written in brackets, (a if c else b) > 0", 5),
    ("y = x if x > 0", "expected 'else' after the condition of a conditional expression", 14),
    ("y = [x if x > 0 for i in range(3)]", "expected 'else' after the condition of a "
     "conditional expression (a if condition else b), found the name 'for'", 16),
    ("y = [x if x > 0]", "expected 'else' after the condition of a conditional expression", 15),
    ("y = (x if x > 0 else 1 for i in range(2)", "expected ')' after the comprehension", 40),
    ("y = max(x, i for i in range(3))", "a comprehension stands alone in its brackets", 13),
    ("y = sum(i for i in range(3), 2)", "expected ')' after the comprehension", 27),
    ("y = [x for in range(3)]", "expected a loop variable after 'for', found the name 'in'", 11),
    ("y = (lambda t: t)(x)", "a lambda is read as a name's value, f = lambda t: expression",
     12),
    ("y = (lambda: 2)()*x", "a lambda is read as a name's value, f = lambda t: expression", 11),
    ("f = lambda t u: t\ny = f(x)", "expected ',' or ':' after the parameter t, found the "
     "name 'u'", 13),
    ("f = lambda t, a=1: t\ny = f(x)", "expected ',' or ':' after the parameter a, found '=' "
     "(for a default, write def f(…): return …)", 15),
    ("f = lambda 2: t\ny = f(x)", "expected a parameter name or ':' in the lambda", 11),
    # a lambda given to a def, with a default: the '=' was all it said
    ("def g(f, t):\n    return f(t)\ny = g(lambda t, k=2: k*t, x)", "expected ',' or ':' "
     "after the parameter k, found '=' (for a default, write a def before this line, "
     "def g(…, k=…): return …, and pass g)", 17),
    ("y = Value(-4.0)*x", "micrograd's Value(…) is not needed: write the number", 4),
    ("y = sum(x + axis=1)", "unexpected '=' in a call: a keyword argument is name=value", 16),
    ("y = sum(x, axis=1, 2)", "an argument by position after one by name", 20),
    ("y = sin(x, axis=0)", "sin takes no keyword arguments", 4),
    ("sin = 3\ny = sin(x)", "sin is a value in this program (it is assigned), not a function",
     4),
    # a value named as an array function, or as no function, is no function either (sum = 3,
    # then sum(x) summed x; f = 3, then f(x) was an unknown function; range = 3, then
    # range(2) was "unknown function 'range'; did you mean 'ravel'?")
    ("sum = 3\ny = sum(x)", "sum is a value in this program (it is assigned), not a function",
     4),
    ("f = 3\ny = f(x)", "f is a value in this program (it is assigned), not a function", 4),
    ("range = 3\nfor i in range(2):\n    y = x", "range is a value in this program", 9),
    ("for len in x:\n    y = len(x)", "len is a value in this program", 8),
    # a tuple of tuples: "',' inside parentheses that are not a function call"
    ("for a, b in ((x, w), (w, x)):\n    t = a*b\ny = t", "a tuple inside a tuple is not "
     "read: a tuple holds numbers and arrays (for pairs, for a, b in zip(xs, ys)", 15),
    ("a, b = ((x, w), (w, x))\ny = a", "a tuple inside a tuple is not read", 10),
    ("def f(t):\n    return (t, (t, t))\na, b = f(x)\ny = a", "a tuple inside a tuple", 17),
    ("y = ((x + w)*(x, w))", "',' inside parentheses that are not a function call", 15),
    # a parameter is a value, even named as a function (exp(exp) computed e^x)
    ("def g(exp):\n    return exp(exp)\ny = g(x)", "exp is a parameter here, not a function "
     "to call", 11),
    ("def g(sum):\n    return sum(sum)\ny = g(x)", "sum is a parameter here", 11),
    ("g = lambda sin: sin(sin)\ny = g(x)", "sin is a parameter here", 16),
    ("def f(exp):\n    return exp*2\ny = exp + x", "exp is a function: write exp(...)", 4),
    ("y = float(x)", "float(…) is not needed", 4),
    ("@foo 1\ny = x", "unknown directive", 0),
    ("x^", "after '^', found the end", 2),
    ("p = w * 1\np.data -= 0.1 * p.grad", "p.data -= … assigns an attribute, which tracer does "
     "not read: give the value a name of its own", 0),
    ("a, 3 = x, 1", "a tuple assignment here assigns names (a, b = …)", 0),
    ("a, b = torch.tensor([x, 1.0], requires_grad=True)\ny = a*b", "(--at w=[…], w the name "
     "it is given)", 43),
    ("y = torch.tensor([x, 1.0], requires_grad=True).sum()", "(--at w=[…], w the name", 40),
    ("y = torch.tensor([x, 1.0], requires_grad=True).sum()", "make it on a line of its own "
     "(w = torch.tensor([1.0, 2.0], requires_grad=True), its values numbers)", 40),
    ("y = x\nif x > 0:\n    y.backward()", "y.backward() is read at the top level only", 4),
    ("y = x\ny.backward(create_graph=True, foo=1)", "backward(… foo=…) is not read", 0),
    ("a = Value(1.0, 2.0)\ny = a", "micrograd's Value takes one number", 0),
    ("w = torch.ones(2, requires_grad=False)\ny = w.sum()", "requires_grad=… is read as True "
     "only", 0),
    ("w = torch.randn(n, requires_grad=True)\ny = w.sum()", "randn(…)'s shape is read from "
     "whole numbers", 0),
    ("w = torch.randn(1000, 1000, requires_grad=True)\ny = w.sum()", "randn(…) of 1,000,000 "
     "elements: tracer draws at most 10,000", 0),
    ("x.requires_grad = True\ny = x", "x.requires_grad = True makes x an input: assign x a "
     "constant tensor on a line of its own before it", 0),
    ("df = grad(f)\nd = df(1.0)", "f is no def written before this line", 0),
    ("def f(x):\n    return x*x\ndf = grad(f)\nd = df(1.0, 2.0)", "df is the gradient of f(x): "
     "give 1 value", 4),
    ("def f(x):\n    return x*x\ndf = grad(f)\nd = 2 * df(1.0)", "df(…) is read on a line of "
     "its own at the top level: d = df(x0)", 8),
    ("b = [1, 2]\nb[0], c = x, 2*x\ny = c", "a tuple assignment here assigns names (a, b = "
     "…): write a line for each element or attribute", 4),
    ("a, b = 0, 1\na, b += 1, 2\ny = a*x", "+= takes one name, as in Python: write one line "
     "for each name (a += 1; b += 2)", 1),
    ("np.random.seed(0)\ny = x", "a line that only calls seed(…) gives nothing tracer reads "
     "(a random seed, a backward pass, an optimizer's step are not read): leave the line out",
     0),
    ("torch.manual_seed(0)\ny = x", "a line that only calls manual_seed(…)", 0),
    ("f(x)\ny = x", "only the last statement may be a bare expression; give the one before a "
     "name", 0),
    ("y = x, 2", "y = x, 2 makes a tuple, and a value is a number or an array: write y = [x, 2] "
     "for an array, or a, b = x, 2 to assign two names", 5),
    ("y = 1\ny += sin(x), 2", "write y += [sin(x), 2] for an array", 11),
    ("y = x,", "y = x, makes a tuple of one: write y = x without the comma, or [x] for an "
     "array", 5),
    ("*a, b = x, 2\ny = a", "unpacking with * (*a) is not read: name each value", 0),
    ("y = [*x]", "unpacking with * (*a) is not read", 5),
    ("y = x +* x", "expected a number, a name or '(' after '+', found '*'", 7),
    ("a, *b = x, 2, 3\ny = a", "unpacking with * (a, *b = …) is not read", 3),
    ("def f(a, b):\n    return a*b\ny = f(*[x, 2])", "unpacking with * (*a) is not read", 6),
    ("def f(*a):\n    return a[0]\ny = f(x)", "*a is not read: name each parameter", 6),
    ("def f(**k):\n    return x\ny = f(x)", "**k is not read: name each parameter", 6),
])
def test_errors_say_what_was_expected_and_where(text, message, column):
    err = error(text)
    assert message in err.message
    _line, col, _ = err.where()
    assert col == column


def test_program_error_positions_name_the_line():
    err = error("a = x*2\nb = a a\n")
    assert err.where() == (2, 6, "b = a a")


def test_programs():
    program = parse("# a comment\na = x*x; b = a + 1\n\nc = b*(a\n + 1)  # more\n")
    assert [st.target for st in program.statements] == ["a", "b", "c"]
    assert shape(program.statements[2].expr) == "mul(b, add(a, 1))"
    assert not program.is_formula
    assert parse("x*y").is_formula


def test_comprehensions_and_conditionals_may_run_over_lines_inside_brackets():
    """Inside brackets a new line is space, as in Python: black writes a long comprehension
    over lines (its for and if clauses, its closing bracket on lines of their own)."""
    def read(text: str) -> str:
        return re.sub(r"pos=\d+", "", repr(parse(text).statements))

    one = read("y = sum([x*i for i in range(3) if i > 0])")
    for text in ["y = sum([\n    x*i\n    for i in range(3)\n    if i > 0\n])",
                 "y = sum([x*i for i in range(3) if i > 0\n])",
                 "y = sum([x*i for\n i in range(3) if\n i > 0])",
                 "y = sum([x*i for i in range(\n3) if i > 0])"]:
        assert read(text) == one, text
    one = read("y = sum([x*i if i > 0 else x for i in range(3)])")
    assert read("y = sum([\n    x*i\n    if i > 0\n    else x\n    for i in range(3)\n])") \
        == one
    assert read("y = (x*2\n     if x > 0\n     else x)") == read("y = (x*2 if x > 0 else x)")


def test_a_comprehensions_names_are_its_own_in_its_element():
    """[e*x for e in v]: the element is read before its for clause, and e there is the loop's
    (it was Euler's e: 8.155 for 4.5 at x = 1.5, v = [1, 2]); sin a value (it was 'sin is a
    function'); outside the brackets they are the table's again."""
    def refs(text: str) -> list[str]:
        return re.findall(r"Ref\(name='(\w+)'", repr(parse(text).statements))

    assert refs("y = sum([e*x for e in v])") == ["v", "e", "x"]
    assert refs("y = sum(pi*x for pi in v if pi > 0) + pi") == ["v", "pi", "pi", "x"]
    assert refs("y = [[sin*j for j in w] for sin in v]") == ["v", "w", "sin", "j"]
    assert refs("y = sum([e for e in v]) + e*sin(x)") == ["v", "e", "x"]


def test_a_trailing_operator_continues_the_line():
    assert shape(expr("x +\n y")) == "add(x, y)"


def test_only_the_last_statement_may_be_bare():
    assert "only the last statement may be a bare expression" in error("x*2\ny = 3").message
    program = parse("a = x*x\na + 1")
    assert program.statements[-1].target is None


def test_directives():
    program = parse("@at x1=3, x2=-4  # defaults\ny = x1*x2")
    (d,) = program.directives
    assert d.name == "at" and d.text.strip() == "x1=3, x2=-4"


def test_bindings_split_on_top_level_commas_only():
    got = parse_bindings("x1=3, x2=-4, z=log(8, 2), w=pi/3")
    assert [(n, render(e, PLAIN)) for n, e, _ in got] == [
        ("x1", "3"), ("x2", "-4"), ("z", "log(8, 2)"), ("w", "π/3")]
    with pytest.raises(ParseError, match="expected name=value"):
        parse_bindings("3")
    with pytest.raises(ParseError):
        parse_bindings("x=")


@pytest.mark.parametrize(("text", "hint"), [
    ("x=1,5", "found the number 5; a decimal is written with a point: 1.5"),
    ("x=2, y=-3,25", "found the number 25; a decimal is written with a point: -3.25"),
])
def test_a_decimal_comma_in_bindings_is_named(text, hint):
    with pytest.raises(ParseError, match=hint):
        parse_bindings(text)


def test_names_lists():
    assert parse_names("y1, y2") == [("y1", 0), ("y2", 4)]
    assert [n for n, _ in parse_names("w*,b*")] == ["w*", "b*"]
    with pytest.raises(ParseError):
        parse_names("1x")


def test_tokens_carry_positions():
    assert tokenize("x1 * 2") == [("name", "x1", 0), ("op", "*", 3), ("num", "2", 5),
                                  ("end", "", 6)]


def test_deep_nesting_parses_without_recursion():
    depth = 5000
    for text in ["(" * depth + "x" + ")" * depth, "sin(" * depth + "x" + ")" * depth,
                 "-" * depth + "x", "^".join(["x"] * depth)]:
        start = time.perf_counter()
        program = parse(text)
        assert time.perf_counter() - start < 2
        assert program.statements[0].rpn[-1] is program.statements[0].expr


def test_unclosed_deep_nesting_is_a_clear_error():
    err = error("(" * 5000 + "x")
    assert "expected ')'" in err.message


def test_long_input_is_read_whole():
    # No cap on the input's length (issue 10): a 10^6-character formula parses.
    text = "+".join(["x*y"] * 250_000)
    program = parse(text)
    assert len(program.statements) == 1 and len(program.statements[0].code) == 2 * 250_000 + \
        249_999 + 250_000


def test_rpn_is_post_order():
    st = parse("a*b + c").statements[0]
    assert [shape(n) for n in st.rpn] == ["a", "b", "mul(a, b)", "c", "add(mul(a, b), c)"]


def test_a_number_below_the_float_range_is_refused_as_one_above_it_is():
    with pytest.raises(ParseError, match="too small for a float"):
        parse("x/1e-400")
    with pytest.raises(ParseError, match="too small for a float"):
        parse("1e-999999999*x")
    assert parse("0e-500*x").statements[0].expr  # zero itself is fine
    assert parse("1e-323*x").statements[0].expr  # a subnormal float is a float


def test_a_number_of_thousands_of_digits_is_refused():
    with pytest.raises(ParseError, match="at most 400"):
        parse("x*1." + "0" * 5000 + "1")


def test_a_program_may_give_a_constant_name_its_own_value():
    # micrograd's test_more_ops assigns e (issue 10): from its assignment on, e is the name
    shadowed = parse("e = x - 1\nf = e**2")
    assert shape(shadowed.statements[1].expr) == "pow(e, 2)"
    assert isinstance(shadowed.statements[1].expr.args[0], Name)
    assert shape(expr("e*x")) == "mul(e, x)" and expr("e*x").args[0].op.name == "e"


@pytest.mark.parametrize("text", ["if x: ", "if x:", "while x < 1:", "for i in range(3):  # c",
                                  "def f(a):", "if x > 0: y = 1\nelse:"])
def test_a_block_cut_off_after_its_colon_is_a_clear_error(text):
    err = error(text)
    assert "expected an indented block after the" in err.message
    assert err.pos == len(text)  # the caret at the end, where the block should be


@pytest.mark.parametrize("text, rpn", [
    ("-x^2*y", "x 2 pow neg y mul"),
    ("+x^2*y", "x 2 pow y mul"),
    ("a^+b^c", "a b c pow pow"),
    ("a^-b*c", "a b neg pow c mul"),
    ("2^3^2 - -x/y + z", "2 3 2 pow pow x neg y div sub z add"),
    ("a - b - c*d*f", "a b sub c d mul f mul sub"),
    ("sin(a + b)*atan2(c, d - f)", "a b add sin c d f sub atan2 mul"),
    ("(a\n + b)*-(c)", "a b add c neg mul"),
])
def test_binding_powers_decide_the_postfix_code(text, rpn):
    def word(ins):
        return getattr(ins, "name", None) if type(ins).__name__ == "Ref" else \
            ins.expr.text if type(ins).__name__ == "Const" else ins.op.name
    assert " ".join(word(ins) for ins in parse(text).statements[0].code) == rpn


@pytest.mark.parametrize("text, found", [
    ("for k in range(3", "the end of the formula"),
    ("for i in range(3:\n    y = x", "':'"),
    ("for i in range(3;2):\n    y = x", "';'"),  # not read as range(3, 2)
    ("for i in range(1\n  2):\n    y = x", "the end of the line"),  # nor range(1, 2)
])
def test_range_arguments_are_separated_by_commas(text, found):
    err = error(text)
    assert err.message == f"expected ',' or ')' in range(…), found {found}"
    assert err.pos == text.index("3" if "3" in text else "1") + 1


@pytest.mark.parametrize("text", [
    "".join("    " * i + "if x > 0:\n" for i in range(400)) + "    " * 400 + "y = x\n",
    "if " + "not " * 5000 + "x > 0:\n    y = x\nelse:\n    y = 2*x",
])
def test_nesting_too_deep_to_read_is_a_parse_error_with_a_place(text):
    err = error(text)
    assert "nested too deeply" in err.message and err.where() is not None


@pytest.mark.parametrize("text", ["y = (x < 2)", "y = x < 2", "x >= 2", "y = sin(x != 1)",
                                  "b = [x, x]\nb[0] = x <= 1", "y = 1\ny += x == 1"])
def test_a_comparison_outside_a_condition_says_where_it_belongs(text):
    err = error(text)
    assert err.message.startswith("a comparison (") and "use it after if or while" in err.message
    sign = err.message.split("(")[1].split(")")[0]
    assert text[err.pos:].startswith(sign)


@pytest.mark.parametrize("condition", ["((x > 0))", "(((x > 0)))", "((x > 0) and (x < 3))",
                                       "not ((x > 0))", "((x) > 0)", "((x + 1)) > 1"])
def test_a_condition_may_sit_in_more_than_one_pair_of_parentheses(condition):
    program = parse(f"if {condition}:\n    y = x\nelse:\n    y = -x")
    assert len(program.statements) == 1


@pytest.mark.parametrize("text, digit", [("y = 1٣*x", "U+0663"), ("٣*x", "U+0663"),
                                         ("2.5３", "U+FF13"), ("x + ٣", "U+0663")])
def test_digits_of_other_scripts_are_refused_not_read(text, digit):
    err = error(text)  # float("1٣") is 13: a number is ASCII digits only
    assert err.message.startswith(f"unexpected character: the digit {digit}")
    assert "type digits as 0-9" in err.message


@pytest.mark.parametrize("line, op", [("A[1][0] = 3", None), ("A[1][0] += x", "add"),
                                      ("A[i][j + 1] = x", None)])
def test_an_element_assigned_through_two_indexings_is_read_as_one_pair(line, op):
    """``A[i][j] = …`` was refused ("to assign an element write A[i, j] = …"); it is NumPy's
    ``A[i, j] = …`` (row i is a view of A): one statement with two indices."""
    program = parse(f"A = [[x, x], [x, x]]\n{line}\ny = A.sum()")
    st = program.statements[1]
    assert (st.target, len(st.index), st.op and st.op.name) == ("A", 2, op)


@pytest.mark.parametrize("line, column", [("A[1:][0] = 3", 4), ("A[0][:][1] = x", 6)])
def test_an_element_assigned_through_a_slice_and_an_index_is_refused(line, column):
    err = error(f"A = [[x, x], [x, x]]\n{line}\ny = A.sum()")
    assert err.message.startswith("an element assigned through a slice (a[1:][0] = …) is not "
                                  "read: write its indices in one pair of brackets")
    assert err.where()[:2] == (2, column)


def test_two_indexings_still_read_an_element():
    assert len(parse("A = [[x, x], [x, x]]\ny = A[1][0] + A[0][1]").statements) == 2


@pytest.mark.parametrize("with_comma, without", [
    ("y = sin(x,)", "y = sin(x)"),
    ("y = atan2(x, 1,)", "y = atan2(x, 1)"),
    ("W = [[1, 2],\n     [3, x],\n    ]\ny = W.sum()", "W = [[1, 2], [3, x]]\ny = W.sum()"),
    ("y = [x, x,].sum()", "y = [x, x].sum()"),
    ("y = 0\nfor i in range(3,):\n    y = y + x", "y = 0\nfor i in range(3):\n    y = y + x"),
    ("def f(a,):\n    return a*a\ny = f(x,)", "def f(a):\n    return a*a\ny = f(x)"),
])
def test_a_trailing_comma_closes_a_call_or_list_as_in_python(with_comma, without):
    def code(program):
        return [(type(st).__name__, getattr(st, "target", None), len(getattr(st, "code", ())))
                for st in program.statements]
    assert code(parse(with_comma)) == code(parse(without))


@pytest.mark.parametrize("text", ["y = sin(x,,)", "y = [x,,]", "y = (x,)", "y = [,]",
                                  "y = sin(,)", "b = [x, x]\ny = b[0,]"])
def test_a_comma_with_nothing_before_it_or_a_tuple_is_still_refused(text):
    assert error(text).where() is not None


@pytest.mark.parametrize("text", ["-=x", "y = -=x", "y = +=x", "y = 2*-=x"])
def test_an_augmented_sign_where_a_value_stands_is_refused(text):
    err = error(text)  # -=x was read as +x
    assert "found '-='" in err.message or "found '+='" in err.message


@pytest.mark.parametrize("text", ["def f(a):\n    return a < 2\ny = f(x)",
                                  "A = [x, x]\nA[x < 1] = 2\ny = A.sum()",
                                  "y = x\nfor i in range(2 > 1):\n    y = y*x",
                                  "y = x\nfor i in range(1, 3 < 4):\n    y = y*x"])
def test_a_comparison_in_a_return_an_index_or_range_says_where_it_belongs(text):
    err = error(text)
    assert "is a condition: use it after if or while" in err.message
    assert text[err.pos] in "<>"


@pytest.mark.parametrize("text", ["dh = W * 2\ndh[h <= 0] = 0\ny = dh.sum()",
                                  "y = x[x > 0].sum()"])
def test_a_boolean_mask_says_what_to_write_with_where(text):
    """CS231n's case study backpropagates the ReLU as dhidden[hidden_layer <= 0] = 0: it
    said only that a comparison is a condition."""
    err = error(text)
    assert "is a condition: use it after if or while" in err.message
    assert "in an index, NumPy's boolean mask (a[b <= 0]), it is not read, as tracer's arrays " \
        "keep their shape: to set the elements where it holds write a = np.where(b <= 0, 0, " \
        "a) (CS231n's dhidden[hidden_layer <= 0] = 0), to keep only them np.where(b <= 0, a, " \
        "0)" in err.message
    assert text[err.pos] in "<>"


@pytest.mark.parametrize("source", ["f(x) = x^2", "f(x, y) = x*y", "g(x)=x"])
def test_a_textbook_function_definition_says_what_to_write(source):
    with pytest.raises(ParseError, match=r"names a function as a textbook does: write the "
                                         r"formula alone, give it a name \(y = …\)") as exc:
        parse(source)
    assert exc.value.pos == 0
    assert "x,  y" not in exc.value.message  # spaced as written


def test_a_binding_may_name_an_array_element():
    from tracer.core.parse import parse_assignments

    got = [(name, pos) for name, _, pos in parse_assignments("c[0, 1]=1, c[1,0]=-2, y=3")]
    assert got == [("c[0,1]", 0), ("c[1,0]", 11), ("y", 22)]
    with pytest.raises(ParseError, match="an element is named with whole numbers"):
        parse_assignments("c[i]=1")
    assert parse_names("W[1,*], b?")[0] == ("W[1,*]", 0)


def test_old_mac_line_ends_are_line_ends():
    program = parse("a = x*x\ry = a + 1\r")
    assert [st.target for st in program.statements] == ["a", "y"]


def test_windows_line_ends_are_line_ends_everywhere_the_source_is_shown():
    # A file saved on Windows: its listing, title and error lines showed a ␍ at each end,
    # and a line continued with \ did not continue
    program = parse("# week 3\r\na = x*x\r\ny = a + \\\r\n  1\r\n")
    assert program.source == "# week 3\na = x*x\ny = a + \\\n  1\n"
    assert [st.target for st in program.statements] == ["a", "y"]
    with pytest.raises(ParseError) as caught:
        parse("a = x*x\r\ny = a +\r\n")
    assert caught.value.where() == (2, 7, "y = a +")


@pytest.mark.parametrize("source, message", [
    ("del x\ny = x", "del is not read"),
    ("global x\ny = x", "global is not needed"),
    ("y = None", "None is not a value in tracer"),
])
def test_python_statements_tracer_does_not_read_say_what_to_do(source, message):
    with pytest.raises(ParseError, match=message):
        parse(source)


def test_a_conditions_text_is_spaced_as_written():
    program = parse("if w < -1:\n    y = w\nelif not (w > 100) and max(w, 2)*-3 < b.norm():\n"
                    "    y = -w\nwhile x[1:].sum() >= -x[0]:\n    x = x*2")
    texts = [program.statements[0].branches[k][0].text for k in (0, 1)]
    assert texts == ["w < -1", "not (w > 100) and max(w, 2) * -3 < b.norm()"]
    assert program.statements[1].cond.text == "x[1:].sum() >= -x[0]"


def test_docstrings_and_type_hints_are_read_past():
    """A course's typed Python: docstrings, annotated assignments, typed parameters and a
    return type; a quoted formula is still refused."""
    program = parse('"""Module doc."""\ndef f(a: float, k: int = 2) -> float:\n'
                    '    """Scale a."""\n    b: list[float] = k * a\n    return b\n'
                    "y: float = f(x)\n")
    assert [type(st).__name__ for st in program.statements] == ["Def", "Statement"]
    assert program.statements[0].params == ("a", "k")
    with pytest.raises(ParseError, match="gives y a type and no value"):
        parse("y: float\nz = x")
    for quoted in ('"x^2"', "'x'", 'y = "x" + x'):
        with pytest.raises(ParseError, match="unexpected quote"):
            parse(quoted)


@pytest.mark.parametrize("source, message", [
    ('y = F.cross_entropy(z, [1, 0], reduction="sum")',
     r"reduction=… given as text is not read: tracer's values are numbers, and the functions "
     r"it reads take PyTorch's defaults"),
    ("y = F.gelu(x, approximate='tanh')", r"approximate='tanh' is written approximate=True"),
])
def test_an_option_given_as_text_says_what_is_read(source, message):
    """PyTorch's text options (reduction="sum") said only "unexpected quote"."""
    with pytest.raises(ParseError, match=message):
        parse(source)


def test_a_lists_append_on_a_line_of_its_own_is_an_assignment_in_place():
    """ys.append(v) is read as ys = append(ys, v), the call one no program can write."""
    st = parse("ys = [x]\nys.append(2 * x)").statements[-1]
    assert type(st) is Statement and st.target == "ys"
    assert st.code[-1].name == "list.append" and st.code[-1].nargs == 2


def test_a_lambda_as_an_argument_is_a_def_made_before_its_statement():
    """bisect(lambda x: x**2 - a, 0, 2) said "a lambda is read as a name's value"; each such
    lambda is a def of its own, numbered, placed just before the statement (a lambda in an
    if's condition before the if, not in its body)."""
    program = parse("def app(f, g):\n    return f(g)\n"
                    "y = app(lambda x: x**2 - a, lambda x, t: 2*x)\n"
                    "if app(lambda t: t, a) > 0:\n    z = app(lambda u: u, y)")
    first, second, made, third = program.statements[1:5]
    assert (type(first), first.name, first.params) == (Def, "<lambda>", ("x",))
    assert (second.name, second.params) == ("<lambda 2>", ("x", "t"))
    assert type(made) is Statement and made.target == "y"
    assert third.name == "<lambda 3>" and third.params == ("t",)
    assert program.statements[5].branches[0][1][0].name == "<lambda 4>"
    with pytest.raises(ParseError, match="the lambda has two parameters named t"):
        parse("y = app(lambda t, t: t, a)")
    with pytest.raises(ParseError, match="a lambda is read as a name's value"):
        parse("y = (lambda t: t)(a)")


def test_masked_fill_says_to_write_torch_where():
    """nanoGPT's wei.masked_fill(tril == 0, float('-inf')) said only that a comparison is a
    condition; its condition is read in torch.where, with a large negative number for -inf."""
    with pytest.raises(ParseError, match=re.escape(
            "masked_fill(…) is written with torch.where here: wei.masked_fill(tril == 0, "
            "float('-inf')) is torch.where(tril == 0, -1e9, wei)")) as caught:
        parse("wei = wei.masked_fill(tril == 0, float('-inf'))")
    assert caught.value.where()[:2] == (1, 10)


@pytest.mark.parametrize("source, hint", [("lgo(x)", "did you mean 'log'"),
                                          ("sigmod(x)", "did you mean 'sigmoid'"),
                                          ("eig(x)", "tracer reads pow, power, exp"),
                                          ("int(x)", "for a whole number write floor(x)")])
def test_an_unknown_function_suggests_only_a_close_name(source, hint):
    with pytest.raises(ParseError, match=re.escape(hint)):
        parse(source)


@pytest.mark.parametrize("source, message", [
    ("y = leaky_relu(z)", "leaky_relu is written out here: np.where(x > 0, x, 0.01*x)"),
    ("y = torch.cat(x)", "arrays are not joined here"),
    ("y = np.hstack(x for x in (a, b))", "arrays are not joined here from a name: write them "
     "in brackets, np.concatenate((a, b)) or torch.cat([a, b], dim=0)"),
    ("y = np.multiply(x, x)", "write a * b for multiply(a, b)"),
    ("y = np.fmod(x, 3)", "fmod(a, b) is written out here: a - b * sign(a/b) * floor(abs(a/b))"),
    ("y = torch.rsqrt(x)", "write 1/sqrt(x) for rsqrt(x)"),
    ("y = acoth(x)", "acoth(x) is written out here: atanh(1/x)"),  # acot, coth are read
    ("y = arcsech(x)", "arcsech(x) is written out here: acosh(1/x)"),
    ("y = tf.square(x)", "tf.square: TensorFlow is not read: tracer reads NumPy, PyTorch, JAX "
     "and math spellings"),  # it said "tf has no value here, so tracer does not know its shape"
    ("y = scipy.special.expit(x)", "scipy.special: SciPy is not read"),
    # (v, g = jax.value_and_grad(f)(x0) is read, with f a def: h-hostile16's merge)
    ("import jax\nv, g = jax.value_and_grad(f)(x)", "f is no def written before this line"),
    ("import jax\ndef f(x):\n    return x*x\ny = 2 * jax.value_and_grad(f)(x)[1]",
     "jax.value_and_grad(f)(…) is read on a line of its own at the top level"),
    ("y = round(x)", "round is not read: its result does not change smoothly"),
    ("W = torch.randn(2, 2)\ny = sum(W*x)", "randn draws at random, and tracer reads random "
     "values only as an input's, drawn with a fixed seed"),  # it said "does not change smoothly"
    ("y = x[None + 1]", "a new axis is an index of its own, x[:, None] or x[np.newaxis]"),
    ("y = x[np.newaxis * 2]", "reshape(x, n, 1) for a column"),
    ("y = clip(x, None, 1)", "None is not a value in tracer"),
    ("with open(f) as g:\n    y = x", "with blocks are not read"),
    ("with torch.no_grad():\n    y = x", "a line of with torch.no_grad(): is read as a "
     "gradient-descent step, w -= lr * w.grad"),
    ("try:\n    y = x\nexcept ValueError:\n    y = 0", "try/except is not read"),
    # (raise is read now: it stops the run where it is reached, test_interpret)
    ("def f(a):\n    yield a", "yield is not read"),
    ("@torch.no_grad()\ndef f(a):\n    return a", "decorators (@jit, @torch.no_grad())"),
    ("@jit\ndef f(a):\n    return a", "decorators"),
    ("for i, (a, b) in enumerate(zip(xs, ys)):\n    y = a", "nested unpacking is not read"),
    # models with weights of their own are named at their line, before the model's call
    ("import torch.nn as nn\nmodel = nn.Linear(2, 1)\ny = model(x)",
     "Linear is a layer with weights of its own, drawn at random"),
    # (its import, from micrograd.nn import MLP, is refused at the import itself)
    ("model = MLP(3, [4, 4, 1])\ny = model(x)",
     "micrograd's MLP, Layer and Neuron draw their weights at random"),
    ("import torch.nn as nn\nnet = nn.Sequential(nn.Linear(2, 4), nn.ReLU())\ny = net(x)",
     "a torch.nn model holds layers with weights of their own"),
    ("import torch\nact = torch.nn.ReLU()\ny = act(x)", "nn.ReLU() is a layer object: call "
     "the function, relu(x)"),
    ("import torch\ndrop = torch.nn.Dropout(0.5)\ny = drop(x)", "nn.Dropout() is not read "
     "(it is random)"),
    # a loss object said "loss_fn is a value in this program, not a function to call"
    ("import torch.nn as nn\nloss_fn = nn.CrossEntropyLoss()\nL = loss_fn(z, [1, 0])",
     "nn.CrossEntropyLoss() is an object of torch.nn: call the function, "
     "F.cross_entropy(z, k) (read with PyTorch's defaults)"),
    ("import torch\ncriterion = torch.nn.MSELoss()\nL = criterion(y, t)",
     "nn.MSELoss() is an object of torch.nn: call the function, F.mse_loss(y, t)"),
])
def test_what_course_code_writes_and_tracer_does_not_read_is_named(source, message):
    """Each a one-line message saying what to write instead (they read as names, a product
    of `with` and `torch`, or an unknown directive, or listed 90 functions)."""
    with pytest.raises(ParseError, match=re.escape(message)):
        parse(source)


def test_a_keyword_given_twice_is_refused():
    with pytest.raises(ParseError, match="axis= is given twice in this call"):
        parse("y = x.sum(axis=0, axis=1)")
    parse("def f(a):\n    return a\ny = x.sum(axis=0, keepdims=True) + f(a=x.sum(axis=0))")


def test_long_runs_of_blank_lines_read_as_one():
    """A million blank lines (after a directive, inside a block, before an indented paste) are
    read at C speed: one token, and the directive and the common indentation are found from
    the source's @s and first non-blank line, not line by line."""
    gap = "\n" * 1_000_000
    program = parse(f"@at x=2{gap}  y = x\n  if y > 1:{gap}      y = y * 3{gap}  z = y")
    assert [d.name for d in program.directives] == ["at"]
    assert [type(st).__name__ for st in program.statements] == ["Statement", "If", "Statement"]
    with pytest.raises(ParseError, match="unexpected indent"):
        parse(f"y = x{gap}   z = y")


@pytest.mark.parametrize("text", [
    "import numpy as np\ny = np.sin(x)",
    "import torch\nimport torch.nn.functional as F\ny = F.sigmoid(x) + torch.tanh(x)",
    "import jax.numpy as jnp\nfrom jax import grad, jit\ny = jnp.exp(x)",
    "import autograd.numpy as anp\ny = anp.log(x)",
    "from torch.nn import functional as Fn\ny = Fn.softplus(x)",
    "from numpy import (sin,\n    cos,\n)\ny = cos(x)",
    "from math import *\nimport math, numpy as xp\ny = xp.sqrt(x) + math.exp(x)",
    "y = F.relu(x)",
    "import jax\ny = jax.numpy.sin(x)",
    "from numpy import linalg\ny = linalg.norm(x)",
])
def test_import_lines_of_the_libraries_read_are_read_past(text):
    """Course code opens with its imports: they are read past, and a module they name with
    ``as`` is read as one (as np., torch. and math. are); F.relu without an import too."""
    program = parse(text)
    code = program.statements[-1].code
    assert not any(type(ins).__name__ in ("Method", "Attr") for ins in code)
    assert [type(ins).__name__ for ins in code].count("Ref") >= 1


def test_a_program_may_name_a_value_f():
    """F is read as torch.nn.functional only before .relu(…) and its kin, and only when the
    program gives F no value."""
    program = parse("F = x*2\ny = F.relu()")
    assert any(type(ins).__name__ == "Method" for ins in program.statements[-1].code)


@pytest.mark.parametrize("text", ["F", "x + F", "y = x\nF", "F.T"])
def test_f_alone_is_a_name(text):
    """F at the end of a formula was a traceback (F. was looked for past the end)."""
    assert parse(text).statements


@pytest.mark.parametrize(("text", "message", "at"), [
    ("W[", "a '[' without its ']'", 1),
    ("W[0", "a '[' without its ']'", 1),
    ("x, W[0,1", "a '[' without its ']'", 4),
    ("[0]", "'[' outside a name", 0),
])
def test_a_name_list_with_a_stray_bracket_is_refused_where_it_stands(text, message, at):
    """--params "W[" took every element of W (the '[' was skipped unseen)."""
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        parse_names(text)
    assert info.value.pos == at


def test_tuple_assignment_and_return_are_read_as_python_writes_them():
    """``a, b = b, a + b`` is one statement with every target and the values' code ending in a
    TupleOf; ``return a, b`` likewise; one value on the right (``s, c = f(x)``) is unpacked
    as it is."""
    from tracer.core.syntax import Return, TupleOf, Unpack

    program = parse("a, b = b, a + b\ns, c, = f(x)\ndef f(x):\n    return x, 2*x")
    first, second, fn = program.statements
    assert isinstance(first, Unpack) and first.targets == ("a", "b")
    assert first.positions == (0, 2) and type(first.code[-1]) is TupleOf
    assert first.code[-1].nargs == 2
    assert isinstance(second, Unpack) and second.targets == ("s", "c")
    assert TupleOf not in {type(ins) for ins in second.code}
    returned = fn.body[0]
    assert isinstance(returned, Return) and type(returned.code[-1]) is TupleOf
    assert {"a", "b", "s", "c"} <= program.assigned


@pytest.mark.parametrize("text", ["f = (lambda t: t*t)\ny = f(x)",
                                  "f = g = lambda t: t*t\ny = f(x)",
                                  "f = (lambda t:\n     t*t)\ny = f(x)"])
def test_a_lambda_in_brackets_or_given_two_names_is_a_def(text):
    """Both were refused ("a lambda is read as a name's value … give it a name first")."""
    program = parse(text)
    defs = [st for st in program.statements if isinstance(st, Def)]
    assert [d.params for d in defs] == [("t",)] * len(defs)
    assert [d.name for d in defs] == (["f", "g"] if "g =" in text else ["f"])


def test_a_lambda_called_in_its_brackets_is_still_refused():
    err = error("y = (lambda t: t*t)(x)")
    assert err.message.startswith("a lambda is read as a name's value")
    err = error("f = (lambda t: t*t) + 1")
    assert err.message.startswith("a lambda is read as a name's value")


def test_enumerate_and_zip_run_over_tuples():
    """enumerate((W1, W2)) was refused ("',' inside parentheses that are not a function
    call"), though for W in (W1, W2) was read."""
    loop = parse("for k, W in enumerate((W1, W2)):\n    y = W * k").statements[0]
    assert (loop.over, loop.texts, len(loop.args)) == ("enumerate", ("(W1, W2)",), 1)
    loop = parse("for a, b in zip((W1, W2), (1, 2)):\n    y = a * b").statements[0]
    assert (loop.over, loop.texts) == ("zip", ("(W1, W2)", "(1, 2)"))


def test_elementwise_grad_seeds_its_array_output_with_ones():
    """autograd's elementwise_grad(f)(x) is the gradient of sum(f(x)): the backward line it
    makes carries the seed ones (it gave the Jacobian, a pass per element), inline or named."""
    head = "def f(x):\n    return tanh(x) * x\nx = np.array([0.5, 1.0, -2.0])\n"
    for call in ("df = elementwise_grad(f)\nd = df(x)\n", "print(elementwise_grad(f)(x))\n"):
        program = parse(head + call)
        assert [d.text for d in program.directives if d.name == "backward"] == ["y = ones"]
    program = parse(head + "df = grad(f)\nd = df(x)\n")
    assert [d.text for d in program.directives if d.name == "backward"] == ["y"]


def test_a_backward_of_an_expression_before_the_last_line_says_how_it_is_read():
    # (y.mean().backward() was the example here; it is now read, along 1/n: test_course)
    with pytest.raises(ParseError, match=r"backward\(…\) is read on a name, y\.backward\(\) or "
                       r"y\.sum\(\)\.backward\(\)"):
        parse("x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x ** 2\n"
              "y.prod().backward()\nz = 1\n")


def test_a_seed_named_on_a_line_of_its_own_is_that_lines_value():
    """PyTorch's tutorial: external_grad = torch.tensor([1., 1.]); Q.backward(gradient=
    external_grad). It was 'external_grad is not a constant'."""
    program = parse("a = torch.tensor([2., 3.], requires_grad=True)\nQ = 3*a**3\n"
                    "external_grad = torch.tensor([1., 2.])\nQ.backward(gradient=external_grad)\n")
    assert [d.text for d in program.directives if d.name == "backward"] == \
        ["Q = torch.tensor([1., 2.])"]


def test_grad_of_a_library_function_is_that_op_of_x():
    """JAX's autodiff cookbook opens with grad_tanh = grad(jnp.tanh); print(grad_tanh(2.0)):
    it was 'jnp.tanh is no def'. Now y = tanh(x) at the input x = 2.0."""
    program = parse("import jax.numpy as jnp\nfrom jax import grad\n"
                    "grad_tanh = grad(jnp.tanh)\nprint(grad_tanh(2.0))\n")
    assert [(d.name, d.text) for d in program.directives] == [("input", "x = 2.0"),
                                                               ("backward", "y")]
    with pytest.raises(ParseError, match=r"jnp\.frobnicate is no def written before this line"):
        parse("g = grad(jnp.frobnicate)\nprint(g(1.0))\n")
    with pytest.raises(ParseError, match=r"g is the gradient of tanh\(x\): give 1 value"):
        parse("g = grad(jnp.tanh)\nd = g(1.0, 2.0)\n")


def test_grad_of_a_def_with_defaults_takes_them_where_the_call_leaves_them_out():
    """def f(x, k=3.0): … ; df = grad(f); df(2.0): autograd's 12 (it was 'give 2 values')."""
    head = "def f(x, k=3.0):\n    return x ** k\ndf = grad(f)\n"
    program = parse(head + "d = df(2.0)\n")
    assert [d.text for d in program.directives if d.name == "input"] == ["x = 2.0"]
    both = parse(head + "d = df(2.0, 2.0)\n")
    assert [d.text for d in both.directives if d.name == "input"] == ["x = 2.0", "k = 2.0"]
    with pytest.raises(ParseError, match=r"df is the gradient of f\(x, k\): give 1 to 2 values"):
        parse(head + "d = df()\n")


def test_a_course_line_may_go_on_inside_its_brackets():
    """x = torch.tensor(2.0,\\n requires_grad=True) and y.backward(\\n) as black writes them:
    they were 'requires_grad=… is not read' and 'expected a number … found )'."""
    program = parse("x = torch.tensor([1.0,\n                  2.0], requires_grad=True)\n"
                    "y = (x * 2).sum()\ny.backward(\n)\n")
    assert [(d.name, d.text) for d in program.directives] == \
        [("input", "x = torch . tensor([ 1.0 , 2.0 ])"), ("backward", "y")]


def test_a_name_of_another_library_is_a_value_when_the_program_gives_it_one():
    """tf.square(x) is refused as TensorFlow's only where tf is no value of the program."""
    program = parse("tf = x * 2\ny = tf.sum() + tf[0]")
    assert [type(st).__name__ for st in program.statements] == ["Statement", "Statement"]
    parse("y = tf * x + scipy")  # inputs named so, not followed by a function


@pytest.mark.parametrize(("text", "kinds"), [
    ("import matplotlib.pyplot as plt\ny = x*2\nplt.plot(x, y)\nplt.show()", ["Statement"]),
    ("%matplotlib inline\nimport matplotlib.pyplot as plt\ny = sin(x)\nplt.plot(x, y)",
     ["Statement"]),
    ("from matplotlib import pyplot as plt\nfig, ax = plt.subplots(figsize=(4, 3))\n"
     "y = x*2\nax.plot(x, y, label='f')\nax.legend()\nfig.savefig('f.png')", ["Statement"]),
    ("from matplotlib import (pyplot as plt,\n    cm)\ny = x*2\nplt.plot(x,\n    y)",
     ["Statement"]),
    ("import matplotlib.pyplot as plt, numpy as np\ny = np.sin(x)\nplt.plot(y)", ["Statement"]),
    ("from d2l import torch as d2l\ny = x*x\nd2l.plot(x, [y], 'x', 'f(x)', legend=['f'])",
     ["Statement"]),
    ("import matplotlib\nmatplotlib.use('Agg')\ny = x*2", ["Statement"]),
    ("from IPython.display import clear_output\nfor i in range(2):\n    clear_output(wait=True)"
     "\n    y = x*i", ["For"]),
])
def test_plotting_lines_are_left_out_as_print_lines_are(text, kinds):
    """A plotting library's import is read past, and a line of its own that draws (on plt,
    d2l, or a figure or axes made from them) is left out: the program's statements are its
    computation (and the loop around a drawing, whose body keeps only its computation)."""
    program = parse(text)
    statements = [st for st in program.statements if type(st).__name__ != "Jump"]
    assert [type(st).__name__ for st in statements] == kinds
    if kinds == ["For"]:
        assert [type(st).__name__ for st in statements[0].body
                if type(st).__name__ != "Jump"] == ["Statement"]


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    ("from matplotlib import\ny = x", "expected a name to import from matplotlib", 1, 22),
    ("import matplotlib.pyplot as\ny = x", "expected a name after as", 1, 27),
    ("from matplotlib import (pyplot\ny = x", "expected ')' to close the import's names", 2,
     0),
    ("import matplotlib.pyplot as plt\ndef f(x):\n    fig, ax = plt.subplots()\n    return x"
     "\ny = f(x)", "is read at the top level only", 3, 4),
])
def test_plotting_imports_and_figures_are_refused_where_they_cannot_be_read(text, message,
                                                                            line, column):
    err = error(text)
    assert message in err.message
    assert err.where()[:2] == (line, column)


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    # PyTorch's gradient is z = [2, 4]: z was made before x required a gradient. tracer gave
    # [4, 8], differentiating through z.
    ("x = torch.tensor([1.0, 2.0])\nz = x * 2\nx.requires_grad = True\ny = (x * z).sum()\n"
     "y.backward()", "x is used here, before line 3 (x.requires_grad = True) makes it an input, "
     "and PyTorch does not differentiate through this use", 2, 4),
    # It was 'the output y is the constant 1.0 · 1.0 + 2.0 · 2.0': the first line stayed.
    ("x = torch.tensor([1.0, 2.0])\nx = torch.tensor([3.0, 4.0])\nx.requires_grad = True\n"
     "y = (x * x).sum()\ny.backward()", "x.requires_grad = True makes x an input, and x is "
     "assigned more than once before it", 3, 0),
    ("x = torch.tensor([1, 2])\nx.requires_grad_()\ny = (x * x).sum()\ny.backward()",
     "torch.tensor(…) makes a tensor of whole numbers", 1, 4),
    # PyTorch: AttributeError, .grad is None before the first backward pass
    ("x = torch.tensor(3.0, requires_grad=True)\nx.grad.zero_()\ny = x * x\ny.backward()",
     "x.grad is None before the first backward pass, and PyTorch's x.grad.zero_() raises "
     "there", 2, 0),
    ("w = torch.tensor(3.0, requires_grad=True)\ny = w * w\nwith torch.no_grad():\n"
     "    w.grad.zero_()\ny.backward()", "w.grad is None before the first backward pass", 4, 4),
    # (x.backward() of an input runs, ∂x/∂x = 1, as in PyTorch, and q.backward() of a name no
    # line gave a value is refused at its line when the program runs: test_interpret)
    # It said the line is read at the top level only: move it out of the block
    ("w = torch.tensor(1.0, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n"
     "for i in range(3):\n    opt.zero_grad()\n    y = w * w\n    y.backward()\n    opt.step()",
     "opt.zero_grad() in a loop: tracer runs no training loop; it takes one step after the "
     "backward passes", 4, 4),
    ("w = torch.tensor(1.0, requires_grad=True)\nwhile True:\n    y = w * w\n    y.backward()\n"
     "    with torch.no_grad():\n        w -= 0.1 * w.grad", "y.backward() in a loop", 4, 4),
    # It read the import, then said 'model is a value in this program'
    ("from micrograd.nn import MLP\nmodel = MLP(2, [4, 1])\ny = model([1.0, 2.0])",
     "micrograd.nn (MLP, Layer, Neuron) is not read", 1, 5),
])
def test_course_lines_pytorch_refuses_are_refused_at_their_line(text, message, line, column):
    err = error(text)
    assert message in err.message
    assert err.where()[:2] == (line, column)


@pytest.mark.parametrize(("body", "line"), [
    ("    loss = (w*x - 2)**2\n    loss.backward()\n", 6),
    ("    with torch.no_grad():\n        w -= 0.1 * w.grad\n", 5),
    ("    loss = (w*x - 2)**2\n    opt.zero_grad()\n", 6),
])
def test_a_backward_pass_in_a_loop_is_named_a_training_loop_with_what_to_write(body, line):
    """A training loop (PyTorch's commonest code) is refused, saying what it is and that
    its body written once at the top level shows one step, not "move it out of the block"
    (which would change what it computes)."""
    text = ("import torch\nw = torch.tensor(0.5, requires_grad=True)\n"
            "opt = torch.optim.SGD([w], lr=0.1)\nfor epoch in range(3):\n" + body)
    err = error(text)
    assert "in a loop: tracer runs no training loop" in err.message
    assert "write the loop's body once there" in err.message
    assert err.where()[0] == line


def test_a_backward_line_stands_where_it_is_written_among_the_statements():
    """y.backward() differentiates y as it is on its line (a later line may assign y again,
    as PyTorch allows): the line is a statement of its own, in its place, after the one
    (d = df(x0), rewritten y = f(x0)) whose value it takes."""
    from tracer.core.syntax import Backward

    program = parse("x = Value(1.0)\ny = x*2\ny.backward()\ny = x*3")
    assert [type(st).__name__ for st in program.statements] == \
        ["Statement", "Backward", "Statement"]  # (x = Value(1.0) is an input: no statement)
    assert program.statements[1] == Backward("y", program.statements[1].pos)
    grad = parse("import jax\ndef f(x):\n    return x*x\ndf = jax.grad(f)\nd = df(3.0)")
    kinds = [type(st).__name__ for st in grad.statements]
    assert kinds[-2:] == ["Statement", "Backward"] and grad.statements[-1].name == "y"


@pytest.mark.parametrize(("text", "names"), [
    ("y′", ["y′"]), ("y'", ["y′"]), ("y''", ["y″"]), ("y'''", ["y‴"]), ("s⁽⁴⁾", ["s⁽⁴⁾"]),
    ("y″[0], y'[1,2]", ["y″[0]", "y′[1,2]"]),
])
def test_names_given_may_name_a_later_value_as_the_tables_label_it(text, names):
    """--output y′ (or y' on a keyboard without ′) names y's second value, as the table's row
    labels name it: a program that differentiates several values of y (d2l) has them all
    as outputs."""
    assert [name for name, _ in parse_names(text)] == names


@pytest.mark.parametrize("text", ["y''''", "y′′", "'y", "y⁽⁾", "y⁽4⁾"])
def test_a_mark_that_labels_no_value_is_no_name(text):
    with pytest.raises(ParseError, match="is not a name"):
        parse_names(text)


def test_value_and_grad_unpacked_is_the_gradient_at_the_point():
    """v, g = jax.value_and_grad(f)(2.0): it was "missing operator between ')' and '('"."""
    head = "import jax\ndef f(x):\n    return jax.numpy.sin(x) * x\n"
    for call in ("v, g = jax.value_and_grad(f)(2.0)\n",
                 "df = jax.value_and_grad(f)\nv, g = df(2.0)\n",
                 "df = jax.jit(jax.grad(f))\nd = df(2.0)\n"):
        program = parse(head + call)
        assert [(d.name, d.text) for d in program.directives] == [("input", "x = 2.0"),
                                                                   ("backward", "y")]


def test_a_step_on_data_after_the_backward_pass_is_the_training_step():
    """w.data -= lr * w.grad (micrograd: w.data += -lr * w.grad) after y.backward(), outside
    torch.no_grad(): it was 'w.data -= … assigns an attribute'. Before any backward pass
    .grad is None and the attribute's message stands."""
    program = parse("w = torch.tensor(2.0, requires_grad=True)\ny = w * w\ny.backward()\n"
                    "lr = 0.1\nw.data -= lr * w.grad\n")
    assert [(d.name, d.text) for d in program.directives][-1] == ("update", "w = 0.1")
    micro = parse("w = Value(2.0)\ny = w * w\ny.backward()\nw.data += -0.01 * w.grad\n")
    assert [(d.name, d.text) for d in micro.directives][-1] == ("update", "w = 0.01")
    assert "assigns an attribute" in error("w = Value(2.0)\nw.data -= 0.1 * w.grad\n"
                                           "y = w * w").message


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    # It was "unknown function 'df'": the first call had taken df
    ("def f(x):\n    return x*x\ndf = grad(f)\na = df(2.0)\nb = df(3.0)",
     "df(…) is read once, as the point to differentiate at (line 4): for another point, run "
     "tracer again with --at", 5, 4),
    # JAX's sharp bits, grad(f)(2.) then grad(f)(4.): it was "x is made an input twice" on
    # two lines and "grad of a grad (a second derivative)" on one (h-courses19)
    ("def f(x):\n    return x*x\nprint(grad(f)(2.))  # ok!\nprint(grad(f)(4.))  # ok!",
     "grad(f)(…) is read once, as the point to differentiate at (line 3): for another point, "
     "run tracer again with --at", 4, 6),
    ("def f(x):\n    return x*x\nprint(jax.grad(f)(2.), jax.grad(f)(4.))",
     "grad(…) is read once on a line, as the point to differentiate at: for another point, "
     "run tracer again with --at", 3, 27),
    # It was "x is given a value twice: write name=value once"
    ("def f(x):\n    return x*x\ndf = grad(f)\na = df(x=2.0)",
     "df(…) takes its values by position, as JAX's and autograd's grad do", 4, 4),
    # autograd: TypeError: Can't differentiate w.r.t. type <class 'int'>; tracer gave 4
    ("def f(x):\n    return x*x\ndf = grad(f)\na = df(2)", "df(…) at 2, whole numbers: JAX and "
     "autograd differentiate at floats only", 4, 4),
    ("def f(x):\n    return x*x\nx = jnp.array([1, 2])\nd = jax.grad(f)(x)", "at jnp.array([1, "
     "2]), whole numbers", 4, 4),
    # It was 'a line of with torch.no_grad(): is read as a gradient-descent step'
    ("w = Value(2.0)\ny = w * w\ny.backward()\nwith torch.no_grad():", "expected the lines of "
     "the with block, indented", 4, 21),
])
def test_a_gradient_function_called_as_jax_would_not_is_refused(text, message, line, column):
    err = error(text)
    assert message in err.message
    assert err.where()[:2] == (line, column)


def test_a_function_spelled_with_a_lookalike_letter_names_the_letter():
    """ѕin(x), its ѕ Cyrillic: it said "unknown function 'ѕin'; tracer reads pow, power, …",
    a list that holds sin."""
    err = error("y = ѕin(x)")
    assert err.message == ("unknown function 'ѕin': ѕin and sin look alike but are different "
                           "names: the ѕ here is U+0455 CYRILLIC SMALL LETTER DZE; retype it in "
                           "Latin letters")
    assert err.where()[:2] == (1, 4)


@pytest.mark.parametrize("text, sign, what", [("y = x.^2", "^", "power"),
                                             ("y = a.*b + 1", "*", "product"),
                                             ("y = a./b", "/", "division")])
def test_matlabs_elementwise_operators_say_what_to_write(text, sign, what):
    """x.^2 said "expected a name after '.', found '^'"."""
    err = error(text)
    assert err.message == (f"'.{sign}' is MATLAB's elementwise {what}: tracer's operators work "
                           f"element by element already; write {sign}")
    assert err.where()[:2] == (1, text.index("."))  # the column counted from 0
    assert "expected a name after '.'" in error("y = x. ^2").message


def test_a_textbooks_cos_squared_and_mod_say_what_to_write():
    """cos²(x) said "did you mean 'cos'?", x mod 2 "for a product write x*mod"."""
    assert error("y = cos²(x)").message == (
        "unknown function 'cos²': cos² is one name (² is U+00B2 SUPERSCRIPT TWO); for cos(…)² "
        "write cos(…)^2")
    assert error("y = 1 + sin³(x)").where()[:2] == (1, 8)
    assert error("y = x mod 2").message == \
        "missing operator between 'x' and 'mod' (for a remainder write %)"


def test_float_of_nan_says_nan_is_no_value_not_that_float_is_not_needed():
    """x = torch.tensor([float('nan'), 1.0], requires_grad=True) and lr = float('nan') said
    'float(…) is not needed: every value is a number already', as if nan were one."""
    for text in ("y = float('nan') * x", "lr = float(\"inf\")\ny = lr * x"):
        assert error(text).message.startswith("float(") and "is not read: tracer computes with "\
            "finite numbers, and nan or an infinite value has no derivative to trace" in \
            error(text).message
    assert error("y = float(x) * x").message == "float(…) is not needed: every value is a " \
        "number already"


def test_a_look_at_a_tensor_before_it_requires_a_gradient_is_no_use_of_it():
    """print(x), x and x.grad on lines of their own compute nothing: x.requires_grad = True
    after them still makes x an input (the check for a use before it must not see them)."""
    program = parse("x = torch.tensor([1.0, 2.0])\nprint(x)\nx\nx.grad\n"
                    "x.requires_grad = True\ny = (x * x).sum()\ny.backward()\n")
    assert [(d.name, d.text) for d in program.directives] == \
        [("input", "x = torch.tensor([1.0, 2.0])"), ("backward", "y")]


def test_a_repl_line_of_a_gradient_with_lines_after_it_is_the_output():
    """autograd's README, pasted: grad_tanh(1.0) on a line of its own, then a line comparing it
    with differences (it was 'only the last statement may be a bare expression'). The line is
    read as d = grad_tanh(1.0) is: f = tanh(x), differentiated at x = 1.0."""
    program = parse("import autograd.numpy as np\nfrom autograd import grad\n\n"
                    "def tanh(x):\n    y = np.exp(-2.0 * x)\n    return (1.0 - y) / (1.0 + y)\n\n"
                    "grad_tanh = grad(tanh)\ngrad_tanh(1.0)\n"
                    "(tanh(1.0001) - tanh(0.9999)) / 0.0002\n")
    assert [(d.name, d.text) for d in program.directives] == [("input", "x = 1.0"),
                                                               ("backward", "f")]
    shown = [st for st in program.statements if isinstance(st, Statement) and st.target == "f"]
    assert len(shown) == 1 and isinstance(program.statements[-1], Statement)
    assert any(isinstance(st, Backward) and st.name == "f" for st in program.statements)
    last = parse("def f(x):\n    return x*x\ndf = grad(f)\ndf(3.0)\n")  # last: bare, as before
    assert last.statements[-1].target is None


@pytest.mark.parametrize("source, message", [
    ("from jax import grad\nimport jax.numpy as jnp\nprint(grad(grad(grad(jnp.tanh)))(2.0))",
     r"grad of a grad \(a second derivative\) is not read: tracer derivatives gives f′"),
    ("import jax.numpy as jnp\nfrom jax import grad\ndef f(x):\n    return jnp.sum(x)\n"
     "def hvp(f, x, v):\n    return grad(lambda x: jnp.vdot(grad(f)(x), v))(x)\nh = hvp(f, x, v)",
     r"grad of a grad \(a second derivative\) is not read: tracer derivatives gives f′, f″, "
     "f‴ of a program, tracer hessian the Hessian"),
    ("from jax import grad\nprint(grad(lambda x: 3*x**2 + 2*x + 1)(5.0))",
     r"grad\(lambda …\) is read of a name: give the lambda one \(f = lambda x: …\), then "
     r"grad\(f\)\(x0\)"),
    ("from jax import grad\ndef f(a, b):\n    return a * b\nda, db = grad(f, (0, 1))(2.0, 3.0)",
     r"grad\(f, argnums=…\) is not read: tracer's grad\(f\) differentiates f in every"),
    ("from jax import grad\ndef f(x):\n    return x\ng = grad(f, has_aux=True)(2.0)",
     r"grad\(f, …\) is read as grad\(f\) or grad\(f, argnums=0\)"),
    ("from tinygrad import Tensor\ny = x", "tinygrad is not read: its lines are PyTorch's"),
    # (d2l's sgd itself, a loop over its list of parameters, is now read: test_course_lines)
    ("import torch\ndef sgd(w, lr, batch_size):\n    with torch.no_grad():\n"
     "        w -= lr * w.grad / batch_size\n"
     "y = x * x\ny.backward()\nsgd(x, 0.1, 1)",
     r"with torch.no_grad\(\): in a def \(d2l's sgd\) is not read: tracer inlines defs and "
     "takes the step at the top level"),
])
def test_what_course_code_asks_that_tracer_does_not_read_says_what_to_write(source, message):
    """Each said something else before: 'the program assigns nothing', 'missing operator
    between ')' and '('', or that tracer reads NumPy, PyTorch, JAX and math only."""
    with pytest.raises(ParseError, match=message):
        parse(source)


def test_grad_with_argnums_0_in_one_line_and_tangents_grad_are_read():
    """JAX's cookbook: W_grad = grad(loss, argnums=0)(W, b); Tangent's df = tangent.grad(f)."""
    import tracer

    jax = ("from jax import grad\ndef loss(W, b):\n    return W * W * b\n"
           "W_grad = grad(loss, argnums=0)(3.0, 2.0)\n")
    assert tracer.trace(jax).reverse().gradient == {"W": 12.0, "b": 9.0}
    tangent = "import tangent\ndef f(x):\n    return x * x\ndf = tangent.grad(f)\ndf(3.0)\n"
    assert tracer.trace(tangent).reverse().gradient == {"x": 6.0}


def test_a_programs_def_names_are_found_once_not_at_every_where(monkeypatch):
    """Each np.where(…) call asked whether the program defines its own where by searching the
    whole source again: 5,000 such lines took 9.8 s to parse. The defs' names are found once."""
    from tracer.core import parse as module

    real = module._def_name()
    searches = []

    class Counted:
        def findall(self, text):
            searches.append(len(text))
            return real.findall(text)

    monkeypatch.setattr(module, "_def_name", lambda: Counted())
    lines = "\n".join(f"a{k} = np.where(x > {k}, x, 0)" for k in range(200))
    program = parse("def g(t):\n    return t*2\n" + lines)
    assert len(program.statements) == 201
    assert len(searches) == 1


@pytest.mark.parametrize("text, message, at", [
    ("c[0][1]=1", r"an element is named in one pair of brackets: write c\[0,1\]=…", 0),
    ("y=2, b[5][1][2]=1", r"write b\[5,1,2\]=…", 5),
])
def test_a_binding_of_an_element_in_pythons_spelling_says_how_to_write_it(text, message, at):
    """--seed c[0][1]=1 and --at b[0][1]=2 said "expected name=value, found ']'"; the names
    options said to write b[0,1]. Each names the element as written, in one pair."""
    from tracer.core.parse import parse_assignments

    with pytest.raises(ParseError, match=message) as caught:
        parse_assignments(text)
    assert caught.value.pos == at


@pytest.mark.parametrize("text, example", [
    ("c[0][1]", "c[0,1]"), ("y, c[0,1], c[1][0]", "c[1,0]"), ("W[*][1]", "W[*,1]"),
    ("c[1,0][1]", "c[1,0,1]"), ("[abc]", "b[0,1]"), ("c[0] [1]", "b[0,1]"),
])
def test_a_name_of_an_element_in_pythons_spelling_is_told_its_own_spelling(text, example):
    """--output c[0][1] said "write an element as b[0,1]", whatever the array."""
    with pytest.raises(ParseError, match=re.escape(f"write an element as {example}")):
        parse_names(text)


def test_every_option_naming_an_element_in_pythons_spelling_says_how_to_write_it():
    from helpers import run
    from typer.testing import CliRunner

    program = "c = b * x\ny = sum(c)"
    for option, value, said in [
            ("--seed", "c[0][1]=1", "--seed: an element is named in one pair of brackets: "
                                    "write c[0,1]=…"),
            ("--at", "b[0][1]=2", "--at: an element is named in one pair of brackets: write "
                                  "b[0,1]=…"),
            ("--output", "c[0][1]", "--output: '[' outside a name: write an element as c[0,1]"),
            ("--params", "b[1][0]", "--params: '[' outside a name: write an element as b[1,0]")]:
        extra = ["--step", "0.1"] if option == "--params" else []
        given = ["--at", "b=[[1, 2], [3, 4]]"] if option != "--at" else []
        result = run(CliRunner(), "reverse", program, "--at", "x=1", *given, option, value,
                     *extra)
        assert result.exit_code == 1 and result.stderr.startswith(f"error: {said}\n"), \
            result.stderr


def test_the_arrays_a_join_takes_are_a_tuple_in_brackets_or_parentheses():
    """np.concatenate([A, B]) made one array of A and B (three dimensions, refused) and
    torch.cat((a, b)) one of a and b (refused when their lengths differ); the arrays a join
    takes are read as a tuple, in either brackets, and only there ([A, B][0] is a list)."""
    from tracer.core.syntax import ListOf, TupleOf

    for text in ("y = np.concatenate([A, B], axis=1)", "y = torch.cat((a, b), dim=0)",
                 "y = np.hstack([np.ones((2, 1)), X])"):
        code = parse(text).statements[0].code
        assert sum(type(c) is TupleOf for c in code) == 1, text
    code = parse("y = np.concatenate([A, B][0])").statements[0].code
    assert not any(type(c) is TupleOf for c in code) and any(type(c) is ListOf for c in code)
    own = parse("def cat(p):\n    return p\ny = cat([a, b])").statements[-1].code
    assert not any(type(c) is TupleOf for c in own)  # a def of the name is the program's own


@pytest.mark.parametrize("text, message", [
    ("y = 1_000*x", "1_000: tracer reads numbers written without _: write 1000"),
    ("y = 1_000.5*x", "1_000.5: tracer reads numbers written without _: write 1000.5"),
    ("y = 0x10*x", "0x10 is not read: tracer reads decimal numbers: write 16"),
    ("y = 0o17*x", "0o17 is not read: tracer reads decimal numbers: write 15"),
    ("y = 0b101*x", "0b101 is not read: tracer reads decimal numbers: write 5"),
    ("y = 2j*x", "2j: complex numbers are not read"),
    ("y = (x and 2)*x", "and between values is not read"),
    ("y = (0 or x)*2", "or between values is not read"),
    ("y = x\nif x is not None:\n    y = 2*x", "the operator is is not read (tracer's values "
     "are numbers and arrays, never None): compare numbers with == or !="),
    ("y = int(x)", "int rounds toward 0, so for a whole number write floor(x) where x ≥ 0 "
                   "and ceil(x) where x < 0"),
])
def test_pythons_spellings_tracer_does_not_read_say_what_to_write(text, message):
    """Python's numerals 1_000 (1000 in CPython), 0x10 (16) and 1j, and and/or/is between
    values, were 'missing operator between 1 and _000 (for a product write 1*_000)'; int(x)
    said to write floor(x), which is not int's value below 0 (int(-1.5) is -1 in CPython)."""
    with pytest.raises(ParseError, match=re.escape(message)):
        parse(text)


@pytest.mark.parametrize("text, loop", [
    ("y = x\nfor i in range(3):\n    y = y + 1\nelse:\n    y = y*10", "for"),
    ("y = x\ni = 0\nwhile i < 3:\n    i += 1\nelse:\n    y = y*10", "while"),
    ("def f(t):\n    for i in range(3):\n        t = t + 1\n    else:\n        t = 0\n"
     "    return t\ny = f(x)", "for"),
])
def test_a_loops_else_is_named_as_such(text, loop):
    """for … else (CPython runs it when the loop ends without a break: 45.0 for the first
    at x = 1.5) was "'else' without an 'if' before it"."""
    with pytest.raises(ParseError, match=re.escape(f"{loop} … else (run when the loop ends "
                                                   "without a break) is not read")):
        parse(text)
    assert parse("y = x\nif x > 0:\n    for i in range(2):\n        y = y*2\nelse:\n"
                 "    y = 1").statements  # an if's else after a loop inside it stays the if's


def test_maths_remainder_is_not_told_to_be_written_as_pythons():
    """math.remainder is IEEE's (CPython: math.remainder(1.5, 0.4) == -0.10000000000000009),
    not a % b (1.5 % 0.4 == 0.29999999999999993), which its hint said to write; NumPy's and
    PyTorch's remainder are a % b."""
    with pytest.raises(ParseError, match=re.escape("write a - b*floor(a/b + 0.5)")):
        parse("import math\ny = math.remainder(x, 0.4)")
    with pytest.raises(ParseError, match=re.escape("write a % b for remainder(a, b)")):
        parse("import numpy as np\ny = np.remainder(x, 0.4)")


def test_an_empty_tuple_is_read_as_an_empty_list_is():
    """JAX's cookbook draws a number as random.normal(b_key, ()), NumPy's np.zeros(()): () said
    "expected a number, a name or '(' after '(', found ')'"."""
    code = parse("z = np.zeros(())").statements[0].code
    assert [type(ins).__name__ for ins in code] == ["ListOf", "Call"]
    assert code[0].nargs == 0
    assert parse("z = np.ones(())").statements[0].code[0].nargs == 0


def test_a_name_given_numpys_random_module_is_read_as_a_module():
    """autograd's tests open with npr = np.random: it made random an input ("no value for
    random"); it is read as import numpy.random as npr is."""
    program = parse("import numpy as np\nnpr = np.random\ny = 2*x\n")
    assert [type(st).__name__ for st in program.statements] == ["Jump", "Jump", "Statement"]
    assert parse("npr = np.random\ny = npr * x\n").statements[0].target == "npr"  # no import


def test_a_library_call_carries_the_library_it_is_written_with():
    """np.var(x) was refused here ("NumPy divides by n, PyTorch by n - 1"); now each call
    after a module carries its library, as imported, so var and std divide as it does."""
    program = parse("import numpy as xp\nimport torch as T\nfrom jax import numpy as jn\n"
                    "a = xp.var(x)\nb = T.std(x)\nc = jn.var(x)\nd = np.var(x)\ne = x.var()")
    calls = [st.code[-1] for st in program.statements if isinstance(st, Statement)]
    assert [(c.name, getattr(c, "module", None)) for c in calls] == [
        ("var", "numpy"), ("std", "torch"), ("var", "jax"), ("var", "numpy"), ("var", None)]


def test_a_default_none_says_to_give_the_parameter_in_every_call():
    """CS231n's def loss(self, X, y=None, reg=0.0) returns the scores when y is None: it said
    'None is not a value in tracer: every value is a number'."""
    err = error("def loss(X, y=None, reg=0.0):\n    return X * y\nL = loss(a, 2.0)")
    assert err.message == ("a default None (def loss(…, y=None)) is not read: tracer's values "
                           "are numbers and arrays, never None; give y no default, pass it in "
                           "every call, and leave out the branch that tests it (if y is None: "
                           "…)")


def test_a_comparison_in_arithmetic_counts_one_or_zero_as_pythons_bool():
    """CS231n writes probs[j] - (j == y[i]) and a ReLU's backward dout * (x > 0): Python
    counts the comparison 1 or 0. It said 'a comparison is a condition'; alone, y = (x < 2),
    it still does (test_a_comparison_outside_a_condition_says_where_it_belongs)."""
    import tracer

    relu = tracer.trace("y = x * (x > 0)", {"x": "[1.5, -2.0]"}, outputs=["y"])
    assert relu.outputs == {"y[0]": 1.5, "y[1]": -0.0}
    assert relu.reverse(seed="y=ones").accumulated[-1] == {"x[0]": 1.0, "x[1]": 0.0}
    both = tracer.trace("y = (x > 0)*x - (0 < x < 1) + x*(x == 2)", {"x": "0.5"})
    assert both.outputs == {"y": -0.5} and both.reverse().gradient == {"x": 1.0}
    for text in ("y = ((x > 0) and x < 1) * x", "y = (x > 0 or x < 1) * x"):  # one only
        assert error(text).message.startswith("a comparison (>) is a condition: use it after "
                                              "if or while")


def test_a_comparison_counts_beside_a_power_or_an_augmented_assignment_too():
    """Python counts (x > 0) 1 or 0 beside ** and after += or *= as beside * or +: 2 ** (x > 0),
    (x > 0) ** 2 and y *= (x > 0) said 'a comparison (>) is a condition'."""
    import tracer

    power = tracer.trace("y = 2 ** (x > 0) * x + (x > 0) ** 2", {"x": "-2"})
    assert power.outputs == {"y": -2.0} and power.reverse().gradient == {"x": 1.0}
    relu = tracer.trace("y = x\ny *= (x > 0)\ny += (x < 0)", {"x": "-2"}, outputs=["y"])
    assert relu.outputs == {"y": 1.0} and relu.reverse().gradient == {"x": 0.0}
    assert error("y = x\ny = (x > 0)").message.startswith("a comparison (>) is a condition")


def test_jax_is_read_as_its_module_without_an_import_as_torch_is():
    """autodidax writes jax.jvp(f, (3.,), (1.,)) where jax is not imported: jax was read as
    an input, its .jvp a method, and the message said 'f is a function: call it'; so
    jax.nn.sigmoid(x) said 'there is no .nn'."""
    import tracer

    assert tracer.trace("y = jax.nn.sigmoid(x)", {"x": "0"}).reverse().gradient == {"x": 0.25}
    err = error("def f(x):\n    return x*x\ny, t = jax.jvp(f, (3.,), (1.,))")
    assert err.message.startswith("jvp(f, (x0,), (v,)), a Jacobian-vector product, is tracer "
                                  "forward's")


def test_a_float_dtype_as_a_calls_last_argument_is_read_past():
    """PyTorch's 60-minute blitz: v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float), then
    y.backward(v): it said 'dtype=… is not read'. A whole-number dtype is refused still."""
    import tracer

    blitz = ("import torch\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x * 2\n"
             "while y.data.norm() < 1000:\n    y = y * 2\n"
             "v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)\ny.backward(v)\n"
             "print(x.grad)\n")
    # y = 512 x (7.48 · 2⁸ < 1000 ≤ 7.48 · 2⁹), so x.grad = 512 v, as PyTorch gives it
    assert tracer.trace(blitz).reverse().accumulated[-1] == pytest.approx(
        {"x[0]": 51.2, "x[1]": 512.0, "x[2]": 0.0512}, rel=1e-12)
    for spelled in ("np.float64", "jnp.float32", "torch.double", "float"):
        assert parse(f"y = x * np.array([1.0, 2.0], dtype={spelled})").statements
    assert "dtype=… is not read" in error("y = x * torch.tensor([1, 2], dtype=torch.int64)").message


def test_a_dicts_key_says_to_name_each_value():
    """JAX's cookbook differentiates loss2(params_dict), params_dict['W']: it said 'unexpected
    quote ': formulas are written without quotes'."""
    err = error("def loss2(params_dict):\n    return params_dict['W'] * 2\ny = loss2(p)")
    assert err.message == ("a dict (a['W']) is not read: tracer's values are numbers and arrays; "
                           "give each value a name of its own (W = …, b = …) and pass those "
                           "names")


def test_a_loop_over_pairs_says_how_to_write_jaxs_params():
    """JAX's README: def predict(params, inputs): for W, b in params: … with params a list of
    (W, b) pairs. The message said only to name one loop variable."""
    err = error("def predict(params, inputs):\n  for W, b in params:\n"
                "    inputs = jnp.tanh(jnp.dot(inputs, W) + b)\n  return inputs\n"
                "y = predict(p, x)")
    assert err.message.endswith("; a list of pairs, JAX's params = [(W1, b1), (W2, b2)], is "
                                "not read: write for W, b in zip((W1, W2), (b1, b2)), the def "
                                "reading W1, W2, b1, b2 by name")
