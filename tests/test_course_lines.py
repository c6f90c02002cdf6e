"""core.course_lines: the parser's reading of course code (the lines core.course tells apart)."""

from __future__ import annotations

import re

import pytest
from helpers import run
from typer.testing import CliRunner

from tracer.core.course_lines import CourseLines, _call_form, _gradient_at
from tracer.core.lexer import TOKEN
from tracer.core.parse import Parser, parse
from tracer.core.syntax import Backward, Jump, Statement
from tracer.errors import ParseError, TracerError


def toks(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text) if t] + [""]


def test_the_parser_reads_course_lines_only_in_a_source_that_holds_one():
    assert isinstance(Parser("y = x*x"), CourseLines)
    assert Parser("y = x*x").course is False
    assert Parser("y = x*x\ny.backward()").course is True


@pytest.mark.parametrize("line, k, form", [
    ("d = df ( x0 )", 2, "="),
    ("v , g = df ( x0 )", 4, "="),
    ("print ( df ( x0 ) )", 2, "print"),
    ("df ( x0 )", 0, "bare"),
    ("d = 2 * df ( x0 )", 4, ""),
])
def test_how_a_line_holds_its_gradient_call(line, k, form):
    words = line.split()
    end = len(words) - (form == "print")
    assert _call_form(words, k, end) == form


def test_a_gradient_call_is_found_in_each_of_its_spellings():
    """df(…) of df = grad(f); grad(f)(…) as JAX writes it; grad(f, argnums=0)(…)."""
    assert _gradient_at(toks("df(2.0)"), 0, {"df": "f"}) == ("f", 1)
    assert _gradient_at(toks("grad(f)(2.0)"), 0, {}) == ("f", 4)
    assert _gradient_at(toks("grad(f, argnums=0)(2.0, 3.0)"), 0, {}) == ("f", 8)
    assert _gradient_at(toks("f(2.0)"), 0, {"df": "f"}) is None


def test_an_input_line_is_taken_and_a_backward_line_stands_after_its_value():
    """x = torch.tensor(…, requires_grad=True) is the input's @at value (its line is no
    statement); y.backward() is a directive and a Backward statement where the line stands,
    after the first y, before the second."""
    program = parse("import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                    "y = (x * x).sum()\ny.backward()\ny = x * 3\n")
    assert [d.name for d in program.directives] == ["input", "backward"]
    assert program.directives[0].text.startswith("x = torch")
    assert [type(st) for st in program.statements] == [Jump, Statement, Backward, Statement]
    assert program.statements[2].name == "y"


@pytest.mark.parametrize("shape, message", [
    ("(-3,)", r"random.normal\(…\)'s shape is read from whole numbers "
              r"\(random.normal\(key, \(2, 3\)\)\)"),
    ("(2.5,)", r"random.normal\(…\)'s shape is read from whole numbers"),
    ("(n,)", r"random.normal\(…\)'s shape is read from whole numbers"),
    ("(10**9,)", r"random.normal\(…\)'s shape is read from whole numbers"),
    ("(100000, 100000)", r"random.normal\(…\) of 10,000,000,000 elements: tracer draws at "
                         r"most 10,000"),
    ("(2, 2, 2)", r"random.normal\(…\) of 3 dimensions"),
])
def test_a_jax_draw_of_a_shape_tracer_cannot_draw_is_refused_at_its_line(shape, message):
    """random.normal(key, shape) with a negative, fractional, named, huge or 3-d shape was a
    ValueError traceback from the CLI (exit 1 with 20 lines); it is one line naming the draw as
    JAX spells it, the caret at the line that draws."""
    source = ("from jax import grad, random\nimport jax.numpy as jnp\nn = 3\n"
              "key = random.PRNGKey(0)\n"
              f"w = random.normal(key, {shape})\n"
              "def f(w):\n    return jnp.sum(w ** 2)\ng = grad(f)(w)\n")
    with pytest.raises(ParseError, match=message) as caught:
        parse(source)
    assert caught.value.pos == source.index("w = random.normal")


def test_a_jax_draw_refused_through_the_cli_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "jax.py"
    path.write_text("from jax import grad, random\nimport jax.numpy as jnp\n"
                    "key = random.PRNGKey(0)\nw = random.normal(key, (-3,))\n"
                    "def f(w):\n    return jnp.sum(w ** 2)\ng = grad(f)(w)\n")
    result = run(CliRunner(), "reverse", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: line 4: random.normal(…)'s shape is read from "
                                    "whole numbers (random.normal(key, (2, 3)))")
    assert "Traceback" not in result.stderr


def test_zeroing_the_gradient_of_a_name_no_line_has_named_is_refused():
    """q.grad.zero_() where q is named nowhere before (PyTorch: NameError) ran on, and its
    accumulation said "q.grad zeroed before" pass 2."""
    source = ("import torch\nx = torch.tensor(1.0, requires_grad=True)\ny = x * x\n"
              "y.backward()\nq.grad.zero_()\ny.backward()\n")
    with pytest.raises(ParseError, match=r"q.grad.zero_\(\): no line before it names q") as caught:
        parse(source)
    assert caught.value.pos == source.index("q.grad")


def test_a_pass_or_print_line_in_a_no_grad_block_is_left_out():
    """with torch.no_grad(): pass (or a print of the new weights beside the step) was refused
    as 'a line of with torch.no_grad(): is read as a gradient-descent step'; PyTorch runs it,
    and neither line computes anything a table needs."""
    head = "import torch\nx = torch.tensor(1.0, requires_grad=True)\ny = x * x\ny.backward()\n"
    empty = parse(head + "with torch.no_grad():\n    pass\n")
    assert [d.name for d in empty.directives] == ["input", "backward"]
    stepped = parse(head + "with torch.no_grad():\n    x -= 0.1 * x.grad\n    print(x)\n")
    assert [(d.name, d.text) for d in stepped.directives][-1] == ("update", "x = 0.1")
    with pytest.raises(ParseError, match="is read as a gradient-descent step"):
        parse(head + "with torch.no_grad():\n    z = x * 3\n")


@pytest.mark.parametrize("value", ["2.0", "[1.0, -2.5]", "1e-3"])
def test_requires_grad_on_a_python_number_is_refused_as_pytorch_refuses_it(value):
    """x = 2.0 then x.requires_grad = True made x an input: a Python float (or list) has no
    requires_grad, and PyTorch raises there; the message says how to make it a tensor."""
    source = f"import torch\nx = {value}\nx.requires_grad = True\ny = (x * x).sum()\n" \
             "y.backward()\n"
    with pytest.raises(ParseError, match=rf"x is {re.escape(value)}, a Python number or list, "
                       r"which has no requires_grad \(PyTorch raises there, AttributeError\): "
                       rf"make it a tensor, x = torch.tensor\({re.escape(value)}, "
                       r"requires_grad=True\)"):
        parse(source)
    tensor = parse(source.replace(f"x = {value}", f"x = torch.tensor({value})"))
    assert [d.name for d in tensor.directives] == ["input", "backward"]


def test_a_print_that_runs_a_def_changing_an_array_is_refused():
    """print(f()) runs f in Python, and f's v[0] = 5*x stays (CPython: y = 7.5 at x = 1.5);
    tracer leaves print lines out, so it gave 1.5. A def that changes nothing prints as
    before."""
    import tracer

    program = "v = [x, 1.0]\ndef f():\n    v[0] = 5*x\n    return 0\nprint(f())\ny = v[0]"
    with pytest.raises(ParseError, match=re.escape("print(…) runs f(…), which changes an array "
                                                   "as it runs")):
        tracer.trace(program, {"x": 1.5})
    pure = "def f(t):\n    return t*2\nprint(f(x))\ny = f(x)"
    assert tracer.trace(pure, {"x": 1.5}).outputs == {"y": 3.0}


@pytest.mark.parametrize("line, message", [
    # autodidax's first example: it said 'the program assigns nothing' (the print line left
    # out); the cookbook's vmap(grad(f))(xs) said 'the output xs[0] is the constant 0.1'
    ("print(jvp(f, (3.,), (1.,)))", r"jvp\(f, \(x0,\), \(v,\)\), a Jacobian-vector product, is "
     r"tracer forward's: write y = f\(x\) and run tracer forward --at x=x0 --seed x=v"),
    ("print(jax.vjp(f, 3.0))", r"vjp\(f, x0\), a vector-Jacobian product, is tracer reverse's"),
    ("print(vmap(grad(f))(xs))", r"vmap is not read: write the loop, or a comprehension "
     r"\[f\(x\) for x in xs\]"),
    ("print(jax.pmap(f)(xs))", r"vmap is not read"),
    ("print(jax.hessian(f)(3.0))", r"hessian\(f\) is tracer's command: run tracer hessian"),
    ("print(torch.autograd.functional.jacobian(f, x))", r"jacfwd and jacrev are tracer's "
     r"commands: run tracer jacobian"),
    ("print(jax.jit(f)(3.0))", r"jit is not needed: call the function itself"),
])
def test_a_print_of_a_transformation_tracer_does_not_read_is_refused_saying_so(line, message):
    program = "import jax\nxs = [0.1, 0.5]\ndef f(x):\n    return x*x\ny = f(x)\n" + line
    with pytest.raises(ParseError, match=f"^{message}"):
        parse(program)
    result = run(CliRunner(), "reverse", program, "--at", "x=1.5")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.match(f"error: line 6: {message}", result.stderr)


def test_a_print_of_the_programs_own_def_named_as_a_transformation_is_left_out():
    """autodidax writes its own jvp: a print of the program's def is left out, as any."""
    import tracer

    program = "def jvp(t):\n    return t*2\ny = jvp(x)\nprint(jvp(x))\n"
    assert tracer.trace(program, {"x": 1.5}).outputs == {"y": 3.0}


def test_print_lines_read_the_defs_that_change_an_array_once(monkeypatch):
    """Each call in a print line scanned every token of the program for its def: 4,000
    print(abs(y)) lines took 7.3 s to parse (0.13 s as print(y)); the defs are read once."""
    import tracer.core.course_lines as course_lines

    scans = []
    real = course_lines._array_changers
    monkeypatch.setattr(course_lines, "_array_changers",
                        lambda toks: scans.append(1) or real(toks))
    source = "v = [x, 1.0]\ndef g(t):\n    v[0] = t\n    return 0\ny = x\n" + \
        "".join(f"y = y + {k}\nprint(abs(y))\n" for k in range(200))
    program = parse(source)
    assert len(scans) == 1 and len(program.statements) == 203
    with pytest.raises(ParseError, match=re.escape("print(…) runs g(…)")):
        parse(source + "print(g(y))\n")


def test_autograds_check_grads_is_read_as_its_grad_is_once_at_the_top_level():
    """autograd's tests write check_grads(fun)(x0) (what tracer check does: autodiff against
    differences); it said "missing operator between ')' and '('". Read as grad(fun)(x0): a
    second point, a test's def around it, or check_grads's own options are refused, each
    saying what to write."""
    head = ("import autograd.numpy as np\nfrom autograd.test_util import check_grads\n"
            "fun = lambda x : 3.0 * np.abs(x)\n")
    program = parse(head + "check_grads(fun)(1.1)\n")
    assert [(d.name, d.text) for d in program.directives] == [("input", "x = 1.1")]
    program = parse(head + "check_grads(fun)(1.1)\nprint('ok')\n")  # then y = fun(x)
    assert [(d.name, d.text) for d in program.directives] == [("input", "x = 1.1"),
                                                              ("backward", "y")]
    for text, message in [
        ("check_grads(fun)(1.1)\ncheck_grads(fun)(-1.1)\n",
         r"^check_grads\(fun\)\(…\) is read once, as the point to differentiate at \(line 4\)"),
        ("def test_abs():\n    check_grads(fun)(1.1)\n",
         r"^check_grads\(fun\)\(…\) is read on a line of its own at the top level: "
         r"check_grads\(fun\)\(x0\)$"),
        ("check_grads(fun, order=1)(0.)\n",
         r"^check_grads\(f, …\) is read as check_grads\(f\) or check_grads\(f, argnums=0\)"),
    ]:
        with pytest.raises(ParseError, match=message):
            parse(head + text)


def test_an_input_made_of_a_name_given_a_constant_before_takes_its_value():
    """tinygrad's test_tensor writes its PyTorch half as x = torch.tensor(x_init,
    requires_grad=True), x_init a list on a line before: it said "x_init is not a constant"."""
    program = parse("x_init = [[0.5, -1.2]]\nn = 3\na0 = 2.0\n"
                    "x = torch.tensor(x_init, requires_grad=True)\n"
                    "w = torch.ones(n, requires_grad=True)\na = Value(a0)\n"
                    "y = (x * x).sum() + w.sum() * a\ny.backward()\n")
    assert [d.text for d in program.directives if d.name == "input"] == [
        "x = torch . tensor([[0.5, -1.2]])", "w = torch . ones(3)", "a = 2.0"]


def test_jaxs_jacfwd_and_jacrev_at_one_point_are_read_as_one_output():
    """JAX's cookbook takes J = jacfwd(f)(W), then J = jacrev(f)(W): f at W is the output
    (tracer jacobian computes its Jacobian both ways), with no backward pass; they said
    "jacfwd and jacrev are tracer's commands". Another point is refused, as grad's is."""
    head = "from jax import jacfwd, jacrev\ndef f(W):\n    return W * W\nW = 0.5\n"
    program = parse(head + "J = jacfwd(f)(W)\nprint(J)\nJ = jacrev(f)(W)\nprint(J)\n")
    assert [(d.name, d.text) for d in program.directives] == [("input", "W = 0.5")]
    assert [st.target for st in program.statements if type(st) is Statement] == ["y", "y"]
    with pytest.raises(ParseError, match=r"^jacrev\(f\)\(…\) is read once, as the point to "
                                         r"differentiate at \(line 5\)"):
        parse(head + "J = jacfwd(f)(W)\nK = jacrev(f)(0.7)\n")


def test_an_input_made_of_its_own_names_constant_takes_that_line_as_its_value():
    """a0 = 2.0, then a0 = Value(a0): a0 is the input, 2.0 its value; it said "b is the
    constant 2.0 · 2.0". Where a line between reads the constant (c = a * 3), c stays 6 in
    Python, so taking the line would differentiate c too: that is refused, naming the use."""
    program = parse("a0 = 2.0\na0 = Value(a0)\nb = a0 * a0\nb.backward()\n")
    assert [d.text for d in program.directives if d.name == "input"] == ["a0 = 2.0"]
    program = parse("import torch\nx = [1.0, 2.0]\nx = torch.tensor(x, requires_grad=True)\n"
                    "y = (x * x).sum()\ny.backward()\n")
    assert [d.text for d in program.directives if d.name == "input"] == [
        "x = torch . tensor([1.0, 2.0])"]
    with pytest.raises(ParseError, match=r"^a is used here, before line 3 makes it an input, "
                                         r"as the constant it was"):
        parse("a = 2.0\nc = a * 3\na = Value(a)\nb = a * c\nb.backward()\n")
    with pytest.raises(ParseError, match=r"^this line makes a an input, and a is assigned more "
                                         r"than once before it"):
        parse("a = 1.0\na = 2.0\na = Value(a)\nb = a * a\nb.backward()\n")


def test_jacfwd_at_too_few_values_says_it_is_a_jacobian():
    """jacfwd(f)(0.5) of a def f(a, b) said "jacfwd(f) is the gradient of f(a, b)": JAX's
    jacfwd is a Jacobian; grad's message keeps its word."""
    head = "from jax import jacfwd, jacrev\ndef f(a, b):\n    return a * b\n"
    for name in ("jacfwd", "jacrev"):
        with pytest.raises(ParseError, match=rf"^{name}\(f\) is the Jacobian of f\(a, b\): "
                                             r"give 2 values$"):
            parse(head + f"J = {name}(f)(0.5)\n")


def test_a_random_inputs_size_named_by_whole_numbers_given_before_is_their_value():
    """d2l 4.2 and 5.2 write W = torch.normal(0, 0.01, size=(num_inputs, num_outputs),
    requires_grad=True) after num_inputs = 784 (or num_inputs, num_outputs, num_hiddens =
    784, 10, 256): it said "normal(…)'s shape is read from whole numbers"."""
    import tracer

    d2l = ("import torch\nnum_inputs = 4\nnum_outputs = 3\n"
           "W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)\n"
           "b = torch.zeros(num_outputs, requires_grad=True)\n"
           "y = (torch.matmul(X, W) + b).sum()\ny.backward()\n")
    formula = tracer.trace(d2l, {"X": "[[1.0, 2.0, 3.0, 4.0]]"})
    assert sorted(n for n in formula.inputs if n.startswith("W")) == \
        [f"W[{i},{j}]" for i in range(4) for j in range(3)]
    assert formula.reverse().gradient["W[3,1]"] == 4.0
    mlp = ("import torch\nnum_inputs, num_outputs, num_hiddens = 2, 3, 5\n"
           "W1 = torch.randn(num_inputs, num_hiddens, requires_grad=True)\n"
           "y = (W1 * W1).sum()\ny.backward()\n")
    assert len(tracer.trace(mlp).inputs) == 10
    for later in ("n = 3\nn = n + 1\n", "n = 3\nif True:\n    n = 2\n", "n = 3\nm = 1\nn = m\n",
                  "n = 3\nn, m = m, n\n", "n = 3\nn += 1\n", "n = 3\nif True:\n    m = 1; n = 2\n",
                  "n = 3\nfor n in range(5):\n    pass\n"):
        with pytest.raises(ParseError, match="shape is read from whole numbers"):
            parse(f"import torch\nm = 2\n{later}W = torch.randn(n, 2, requires_grad=True)\n")


def test_sizes_are_read_once_through_a_program_of_many_random_inputs():
    """Each random input's line read the program from its start for the sizes before it: a
    program of 4,000 took 29 s to parse. The sizes are read once, each line's going on where
    the last stopped; a size changed between two inputs is still that input's to refuse."""
    import tracer

    lines = ["import torch", "n = 2"] + [f"W{i} = torch.randn(n, 2, requires_grad=True)"
                                          for i in range(3000)]
    program = parse("\n".join([*lines, "y = W0.sum() + W2999.sum()", "y.backward()"]) + "\n")
    drawn = [d for d in program.directives if d.name == "drawn"]
    assert len(drawn) == 3000 and drawn[-1].text.startswith("W2999 = [[")  # each 2×2, n = 2
    # read as it stands at each line: n = 2 for W and V, then n = 3 for U (Python's shapes)
    changed = "\n".join(["import torch", "n = 2", "W = torch.randn(n, 2, requires_grad=True)",
                         "V = torch.randn(n, 1, requires_grad=True)", "n = 3",
                         "U = torch.randn(n, 2, requires_grad=True)",
                         "y = (W * W).sum() + V.sum() + U.sum()", "y.backward()"]) + "\n"
    inputs = tracer.trace(changed).inputs
    assert [len([n for n in inputs if n.startswith(f"{a}[")]) for a in "WVU"] == [4, 2, 6]
    with pytest.raises(ParseError, match="shape is read from whole numbers"):
        parse(changed.replace("n = 3\n", "n += 1\n"))  # no longer a whole number given


def test_many_defs_given_other_names_are_read_in_one_pass():
    """Each `g = f` line looked through every later token for g: 3,000 of them took 2.7 s to
    parse (10,000 would take half a minute); each name's places are found once."""
    import tracer

    aliases = "def f(t):\n    return t*t\n" + "".join(f"g{i} = f\n" for i in range(3000))
    program = parse(aliases + "y = " + " + ".join(f"g{i}(x)" for i in range(3000)) + "\n")
    assert [s.target for s in program.statements if getattr(s, "target", None)] == ["y"]
    few = "def f(t):\n    return t*t\n" + "".join(f"g{i} = f\n" for i in range(3))
    assert tracer.trace(few + "y = g0(x) + g2(x) * g1(x)\n", {"x": 3}).outputs == \
        {"y": 90.0}  # 9 + 81


def test_an_optimizers_parameters_named_by_a_list_given_before_are_its_names():
    """torch.optim.SGD(params, lr=0.1) after params = [w, b] (d2l's updater): read as
    SGD([w, b], lr=0.1); the list's line is left out where no other line reads it (a list
    of tensors of several shapes is no array), and kept where one does."""
    import tracer

    head = ("import torch\nw = torch.tensor([1.0, 2.0], requires_grad=True)\n"
            "b = torch.tensor(0.5, requires_grad=True)\nparams = [w, b]\n")
    tail = ("y = (w * w).sum() + b\ny.backward()\nopt = torch.optim.SGD(params, lr=0.1)\n"
            "opt.step()\n")
    new = {u.name: u.new for u in tracer.trace(head + tail).reverse().run.updates}
    assert new == pytest.approx({"w[0]": 0.8, "w[1]": 1.6, "b": 0.4})
    same = head.replace("b = torch.tensor(0.5,", "b = torch.tensor([0.5, 0.5],") + \
        "n = len(params)\n" + tail.replace("+ b", "+ b.sum()")
    formula = tracer.trace(same)
    assert {u.name for u in formula.reverse().run.updates} == {"w[0]", "w[1]", "b[0]", "b[1]"}
    with pytest.raises(ParseError, match=r"SGD's parameters are read as a list of names"):
        parse("import torch\nw = torch.tensor([1.0], requires_grad=True)\nparams = w * 2\n"
              "y = w.sum()\ny.backward()\nopt = torch.optim.SGD(params, lr=0.1)\n")


def test_an_optimizer_left_open_after_a_list_says_where_not_a_traceback():
    """torch.optim.SGD(params with no ')' after params = [w] (the list looked up, then the
    token after it read past the line's end) raised an IndexError."""
    head = "import torch\nw = torch.tensor(2.0, requires_grad=True)\nparams = [w]\n"
    for call in ("opt = torch.optim.SGD(params", "opt = torch.optim.SGD(params=params"):
        with pytest.raises(ParseError, match=r"^expected '\)' to close the '\(' at column 19"):
            parse(head + call)


def test_a_def_of_a_short_no_grad_block_is_refused_not_a_traceback():
    """def sgd(params, lr): with torch.no_grad(): pass, a body shorter than a loop's head,
    raised an IndexError where the def was tried as d2l's sgd."""
    with pytest.raises(ParseError, match=r"^with torch.no_grad\(\): in a def \(d2l's sgd\) is "
                                         r"not read"):
        parse("import torch\ndef sgd(params, lr):\n    with torch.no_grad():\n        pass\n"
              "x = torch.tensor(2.0, requires_grad=True)\ny = x*x\ny.backward()\n")


def test_a_def_whose_loop_steps_another_name_is_refused_not_a_traceback():
    """for p in params: param -= lr * param.grad / batch_size, then param.grad.zero_() (a loop
    variable the lines do not use) raised a ValueError where tried as d2l's sgd."""
    source = D2L_SGD.replace("for param in", "for p in") + \
        "w = torch.tensor(2.0, requires_grad=True)\ny = w*w\ny.backward()\nsgd([w], 0.1, 2)\n"
    with pytest.raises(ParseError, match=r"^with torch.no_grad\(\): in a def \(d2l's sgd\) is "
                                         r"not read"):
        parse(source)


def test_a_size_ending_a_random_inputs_line_is_no_traceback():
    """A size name last on a line that makes an input (W = torch.zeros(m, requires_grad=True)
    * m, or a line left open after it) raised an IndexError where its sizes were written as
    their numbers."""
    head = "import torch\nm = 2\n"
    for line in ("W = torch.zeros(m, requires_grad=True) * m",
                 "W = torch.zeros(2, requires_grad=True, m"):
        with pytest.raises(ParseError, match=r"^requires_grad=… is not read"):
            parse(head + line)


D2L_SGD = ("import torch\ndef sgd(params, lr, batch_size):  #@save\n"
           '    """Minibatch stochastic gradient descent."""\n    with torch.no_grad():\n'
           "        for param in params:\n            param -= lr * param.grad / batch_size\n"
           "            param.grad.zero_()\n\n")


def test_d2ls_sgd_def_is_a_step_of_the_parameters_its_call_lists():
    """d2l 3.4's def sgd(params, lr, batch_size) said 'with torch.no_grad(): in a def (d2l's
    sgd) is not read'; its call takes the step, at the rate its arguments give (lr / batch_size),
    of each parameter listed, as PyTorch does (w = 1.5 - 0.1 × 3 / 2)."""
    import tracer

    program = D2L_SGD + ("w = torch.tensor([1.5], requires_grad=True)\n"
                         "l = (w * w).sum()\nl.backward()\nlr = 0.1\nsgd([w], lr, 2)\n")
    run = tracer.trace(program).reverse().run
    assert [(u.name, u.new) for u in run.updates] == [("w[0]", pytest.approx(1.35))]
    assert [d.name for d in parse(program).directives] == \
        ["input", "backward", "update", "zero"]
    named = program.replace("sgd([w], lr, 2)", "params = [w]\nsgd(params, lr, 2)")  # the
    # def's own parameter is named params too: its list of names is the call's
    assert [(u.name, u.new) for u in tracer.trace(named).reverse().run.updates] == \
        [("w[0]", pytest.approx(1.35))]
    in_a_loop = D2L_SGD + ("w = torch.tensor([1.5], requires_grad=True)\n"
                           "for epoch in range(3):\n    l = (w * w).sum()\n"
                           "    l.backward()\n    sgd([w], 0.1, 2)\n")
    with pytest.raises(ParseError, match=r"in a loop: tracer runs no training loop"):
        parse(in_a_loop)
    with pytest.raises(ParseError, match=r"sgd\(…\) takes the step of a list of names, each "
                                         r"argument by position: sgd\(\[w, b\], lr, batch_size\)"):
        parse(D2L_SGD + "w = torch.tensor([1.5], requires_grad=True)\nl = (w * w).sum()\n"
              "l.backward()\nsgd(w, 0.1, 2)\n")


def test_a_def_given_another_name_is_called_by_it():
    """d2l's net = linreg, loss = squared_loss: it said 'loss is a value in this program (it
    is assigned), not a function to call'. A name assigned again is refused so still."""
    import tracer

    program = ("import torch\ndef linreg(X, w, b):\n    return torch.matmul(X, w) + b\n"
               "def squared_loss(y_hat, y):\n    return (y_hat - y) ** 2 / 2\n"
               "net = linreg\nloss = squared_loss\nl = loss(net(x, w, 0.5), 2.0)\n")
    formula = tracer.trace(program, {"x": "[[1.0]]", "w": "[2.0]"})
    assert formula.outputs == {"l[0]": pytest.approx(0.5 ** 2 / 2)}
    assert formula.reverse().gradient == {"x[0,0]": pytest.approx(1.0),
                                          "w[0]": pytest.approx(0.5)}
    with pytest.raises(ParseError, match="loss is a value in this program"):
        parse(program + "loss = l * 3\n")
    from tracer import pipeline

    with pytest.raises(TracerError, match=r"f is a function: call it as f\(…\)"):
        pipeline.prepare("def f(x):\n    return x*x\ny = f", {"x": 1})


def test_a_placeholder_none_assigned_again_before_any_read_is_left_out():
    """CS231n's assignments open each part with scores = None (then # TODO and the code that
    assigns scores): it said 'None is not a value in tracer'. A None read before it is
    assigned again, or assigned again only in another block, is refused still."""
    import tracer

    program = "def f(t):\n    s = None\n    s = t * 2\n    return s\nloss = None\nloss = f(a)\n"
    assert tracer.trace(program, {"a": "1.5"}).outputs == {"loss": 3.0}
    for refused in ("x = None\ny = x * 2\n", "s = None\nif a > 0:\n    s = a\ny = s\n",
                    "s = None\ny = s\ns = 2\n", "s = None\n"):
        with pytest.raises(ParseError, match="None is not a value in tracer"):
            parse(refused)


def test_a_value_computed_under_no_grad_says_to_detach_it():
    """PyTorch's autograd tutorial computes z = torch.matmul(x, w)+b under torch.no_grad()
    to show z.requires_grad False: the message says what that value is outside the block."""
    program = ("import torch\nw = torch.tensor([1.0], requires_grad=True)\ny = (w * w).sum()\n"
               "y.backward()\nwith torch.no_grad():\n    z = w * 2\n")
    with pytest.raises(ParseError, match=r"write other lines outside the block \(a value "
                       r"PyTorch computes there without its gradient is detached: z = "
                       r"\(…\)\.detach\(\)\)"):
        parse(program)
