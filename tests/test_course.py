"""core.course: the lines of PyTorch and micrograd code that say what to differentiate."""

from __future__ import annotations

import pytest

from tracer.core import course
from tracer.core.course import Line, drawn_text, read
from tracer.core.lexer import TOKEN


def line(text: str, shown: frozenset[str] = frozenset()) -> Line | None:
    return read([t for t in TOKEN.findall(text) if t], shown)


@pytest.mark.parametrize(("text", "want"), [
    ("print(x.grad)", Line("print")),
    ("y", Line("print")),
    ("x.grad == 4 * x", Line("print")),
    ("x.grad", Line("print")),
    ("y.backward()", Line("backward", "y")),
    ("d.backward(torch.ones_like(d))", Line("backward", "d", "ones")),
    ("d.backward(gradient=torch.ones_like(d))", Line("backward", "d", "ones")),
    ("y.backward(retain_graph=True)", Line("backward", "y")),
    ("d.backward(torch.tensor([1.0, 0.5]))", Line("backward", "d", "torch . tensor ( [ 1.0 , "
                                                  "0.5 ] )")),
    ("x.grad.zero_()", Line("zero", "x")),
    ("x.grad.data.zero_()", Line("zero", "x")),
    ("x.grad = None", Line("zero", "x")),
    ("optimizer.zero_grad()", Line("zero")),
    ("x.requires_grad = True", Line("grad", "x")),
    ("x.requires_grad_()", Line("grad", "x")),
    ("x.requires_grad_(True)", Line("grad", "x")),
    ("x = torch.arange(4.0, requires_grad=True)", Line("input", "x", "torch . arange(4.0)")),
    ("w = torch.tensor([[1.0, 2.0]], dtype=torch.float64, requires_grad=True)",
     Line("input", "w", "torch . tensor([ [ 1.0 , 2.0 ] ])")),
    ("a = Value(-4.0)", Line("input", "a", "- 4.0")),
    ("a = Value(2.0, label='a')", Line("input", "a", "2.0")),
])
def test_lines_that_say_what_to_differentiate(text, want):
    assert line(text) == want


@pytest.mark.parametrize("text", [
    "y = x * 2", "y = torch.tensor([1.0, 2.0])", "y = torch.tensor([1.0]) * x",
    "y = f(x)(2)", "y = sin(x)", "z = x.grad_fn", "print = 3", "g = x.grad * 2",
    "w -= lr * w.grad",
])
def test_lines_of_computation_are_left_to_the_parser(text):
    assert line(text) is None


def test_a_random_tensor_is_drawn_with_a_fixed_seed_in_its_shape():
    a = line("a = torch.randn(size=(2, 3), requires_grad=True)")
    assert a.kind == "input" and a.drawn
    assert a == line("a = torch.randn(2, 3, requires_grad=True)")  # the same draw, every run
    rows = a.text[2:-2].split("], [")
    assert len(rows) == 2 and all(len(r.split(", ")) == 3 for r in rows)
    assert drawn_text("empty", [["3"]], {}) == "[0.0, 0.0, 0.0]"
    uniform = drawn_text("rand", [["4"]], {})
    assert all(0 <= float(v) < 1 for v in uniform[1:-1].split(", "))


def test_torch_normal_draws_with_its_mean_and_spread_as_randn_draws():
    """torch.normal(mean, std, size): the same fixed-seed draws as randn's, each
    mean + std × draw (torch.normal's first arguments are no sizes)."""
    standard = line("w = torch.randn(3, requires_grad=True)").text
    for text, mean, std in (("w = torch.normal(0.0, 1.0, size=(3,), requires_grad=True)", 0, 1),
                            ("w = torch.normal(2.0, 0.5, (3,), requires_grad=True)", 2, 0.5),
                            ("w = torch.normal(mean=-1, std=1e-1, size=(3,), "
                             "requires_grad=True)", -1, 0.1)):
        drawn = line(text)
        assert drawn.kind == "input" and drawn.drawn
        got = [float(v) for v in drawn.text.strip("[]").split(", ")]
        want = [mean + std * float(v) for v in standard.strip("[]").split(", ")]
        assert got == pytest.approx(want, abs=1e-4)


def test_a_random_input_of_a_size_0_is_refused_naming_its_shape():
    """torch.normal(0, 1, size=(0, 2)) raised a ZeroDivisionError (a traceback) nesting its
    values; randn(2, 0) said 'an empty array (2, 0)' only later, far from its cause."""
    for text, shape in (("w = torch.normal(0.0, 1.0, size=(0, 2), requires_grad=True)", "(0, 2)"),
                        ("w = torch.randn(2, 0, requires_grad=True)", "(2, 0)")):
        with pytest.raises(ValueError) as info:
            line(text)
        assert str(info.value).endswith(f"(…) of shape {shape} is an empty tensor: tracer's "
                                        "arrays have an element at least; give each size 1 or "
                                        "more")


def test_sgd_takes_its_parameters_by_keyword_too():
    assert line("opt = torch.optim.SGD(params=[w, b], lr=0.1)") == \
        line("opt = torch.optim.SGD([w, b], lr=0.1)") == Line("optimizer", "opt", "w , b ; 0.1")


@pytest.mark.parametrize(("text", "message"), [
    ("w = torch.normal(m, 1.0, size=(2,), requires_grad=True)",
     "read with numbers for the mean and the standard deviation, and mean is none"),
    ("w = torch.normal(0.0, 1.0, requires_grad=True)",
     "shape is read from whole numbers (torch.normal(0.0, 1.0, size=(2, 3)))"),
    ("y.backward(foo=1)", "backward(… foo=…) is not read"),
    ("a = Value(1.0, 2.0)", "micrograd's Value takes one number"),
    ("w = torch.ones(2, requires_grad=False)", "requires_grad=… is read as True only"),
    ("w = torch.randn(n, requires_grad=True)", "shape is read from whole numbers"),
    ("w = torch.randn_like(v, requires_grad=True)", "draws in the shape of another tensor"),
    ("w = torch.rand(200, 200, requires_grad=True)", "of 40,000 elements"),
])
def test_a_malformed_line_says_what_to_write(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        line(text)


@pytest.mark.parametrize(("text", "want"), [
    ("w -= lr * w.grad", Line("update", "w", "lr")),
    ("w -= 0.1 * w.grad", Line("update", "w", "0.1")),
    ("w.data -= 0.1 * w.grad.data", Line("update", "w", "0.1")),
    ("w -= w.grad * lr", Line("update", "w", "lr")),
    ("param -= lr * param.grad / batch_size", Line("update", "param", "( lr ) / batch_size")),
    ("w -= lr * w.grad / 2", Line("update", "w", "( lr ) / 2")),
    ("w.grad.zero_()", Line("zero", "w")),
])
def test_the_lines_of_a_no_grad_block_are_steps_or_zeroings(text, want):
    from tracer.core.course import update

    assert update([t for t in TOKEN.findall(text) if t]) == want


@pytest.mark.parametrize("text", ["w -= lr * b.grad", "w = w - lr * w.grad", "w -= lr", "x = 1"])
def test_other_lines_of_a_no_grad_block_are_no_steps(text):
    from tracer.core.course import update

    assert update([t for t in TOKEN.findall(text) if t]) is None


def test_an_sgd_optimizer_gives_its_parameters_and_rate():
    assert line("opt = torch.optim.SGD([w, b], lr=0.1)") == Line("optimizer", "opt",
                                                                 "w , b ; 0.1")
    assert line("opt = optim.SGD([w], 0.5, momentum=0)") == Line("optimizer", "opt", "w ; 0.5")
    assert line("opt.step()") == Line("step", "opt")
    for text, message in [("opt = torch.optim.Adam([w], lr=0.1)", "torch.optim.Adam is not "
                           "read: tracer takes plain gradient-descent steps"),
                          ("opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)", "no momentum"),
                          ("opt = torch.optim.SGD(model.parameters(), lr=0.1)", "a list of "
                           "names")]:
        with pytest.raises(ValueError, match=message):
            line(text)


def test_grad_of_a_def_is_its_gradient_function():
    assert line("df = grad(f)") == Line("gradient", "df", "f")
    assert line("df = jax.grad(f)") == Line("gradient", "df", "f")
    assert line("df = elementwise_grad(f)") == Line("gradient", "df", "f")
    with pytest.raises(ValueError, match="a second derivative"):
        line("d2f = grad(grad(f))")
    with pytest.raises(ValueError, match="read of a def's name"):
        line("df = grad(lambda t: t)")


def test_a_source_is_looked_at_for_course_lines_only_when_it_may_hold_one():
    from tracer.core.course import holds_course_lines

    assert holds_course_lines("x = torch.ones(2, requires_grad=True)\ny = x.sum()")
    assert holds_course_lines("y = x*x\ny.backward()")
    assert holds_course_lines("print(x)\ny = x")
    assert not holds_course_lines("y = x*x\nz = gradient * 2")  # grad, but no such line
    assert not holds_course_lines("a0 = x0*x1\n" * 1000)


def test_a_sum_then_backward_is_the_backward_pass_along_ones():
    """d2l's y.sum().backward(): the gradient of sum(y) is y's along ones (it was refused as
    a line whose backward pass tracer does not read)."""
    assert line("y.sum().backward()") == Line("backward", "y", "ones")
    assert line("y . sum ( ) . backward ( retain_graph = True )") == Line("backward", "y", "ones")
    with pytest.raises(ValueError, match=r"y\.sum\(\)\.backward\(…\) is read without a gradient"):
        line("y.sum().backward(torch.tensor(2.0))")


def test_a_mean_then_backward_is_the_backward_pass_along_one_over_n():
    """d2l's train_epoch_ch3 writes l.mean().backward() for a torch optimizer: it was
    refused ('tracer runs the backward pass itself …, y.mean().backward() …')."""
    assert line("l.mean().backward()") == Line("backward", "l", "mean")
    with pytest.raises(ValueError, match=r"l\.mean\(\)\.backward\(…\) is read without a "
                                         r"gradient \(the mean is a scalar\)"):
        line("l.mean().backward(torch.tensor(2.0))")


def test_a_seed_of_ones_like_another_tensor_is_refused():
    """y.backward(torch.ones_like(x)), x not y: PyTorch raises on the shape; tracer seeded y
    with ones whatever x's shape."""
    assert line("y.backward(torch.ones_like(y))") == Line("backward", "y", "ones")
    with pytest.raises(ValueError, match=r"is read of y itself"):
        line("y.backward(torch.ones_like(x))")


def test_d2l_seed_of_ones_of_the_outputs_length_is_ones():
    """d2l: y.backward(gradient=torch.ones(len(y))) (it was 'y is not a constant')."""
    assert line("y.backward(gradient=torch.ones(len(y)))") == Line("backward", "y", "ones")
    assert line("y.backward(torch.ones(len(x)))") == \
        Line("backward", "y", "torch . ones ( len ( x ) )")  # x's length: read as a constant


def test_grad_of_a_library_function_names_it_whole():
    assert line("grad_tanh = grad(jnp.tanh)") == Line("gradient", "grad_tanh", "jnp.tanh")
    assert line("d = jax.grad(jax.numpy.sin)") == Line("gradient", "d", "jax.numpy.sin")


def test_a_random_tensor_of_no_dimensions_is_a_number():
    """d2l's control-flow section: a = torch.randn(size=(), requires_grad=True) was 'the
    shape is read from whole numbers'; torch gives a number, and so does tracer."""
    one = drawn_text("randn", [], {"size": ["(", ")"]})
    assert one == drawn_text("randn", [["1"]], {}).strip("[]") == "0.9417"
    assert drawn_text("randn", [["(", ")"]], {}) == one
    assert line("a = torch.randn(size=(), requires_grad=True)") == \
        Line("input", "a", one, drawn=True)
    with pytest.raises(ValueError, match="shape is read from whole numbers"):
        drawn_text("randn", [], {})  # torch.randn() takes a size


PLOTTED = frozenset({"plt", "d2l", "fig", "ax"})


@pytest.mark.parametrize(("text", "want"), [
    ("plt.plot(x.detach(), x.grad, label='df/dx')", Line("print")),
    ("plt.show()", Line("print")),
    ("ax.set_title('sin')", Line("print")),
    ("d2l.plot(x.detach(), [y.detach(), x.grad], 'x', 'f(x)')", Line("print")),
    ("fig, ax = plt.subplots(figsize=(4, 3))", Line("figure", "fig ax")),
    ("line, = ax.plot(x, y)", Line("figure", "line")),
    ("ax2 = fig.add_subplot(111)", Line("figure", "ax2")),
    ("%matplotlib inline", Line("print")),
    # computation stays computation: a value named from a plotting library's other calls is
    # read (and refused) as any other line, and so is a name that is no plotting library's
    ("y = plt.sin(x)", None),
    ("y = np.sin(x)", None),
    ("np.sin(x)", None),
])
def test_plotting_lines_of_the_imported_libraries_are_left_out(text, want):
    assert line(text, PLOTTED) == want


def test_a_plotting_call_is_computation_when_nothing_plotting_was_imported():
    assert line("plt.plot(x)") is None
    assert line("fig, ax = plt.subplots()") is None


def test_zero_grad_set_to_none_is_a_zeroing():
    """optimizer.zero_grad(set_to_none=True) was 'a line that only calls zero_grad(…) gives
    nothing tracer reads (… an optimizer's step are not read)', though steps are read."""
    for text in ("opt.zero_grad(set_to_none=True)", "opt.zero_grad(set_to_none=False)",
                 "opt.zero_grad(True)"):
        assert line(text) == Line("zero")
    assert line("opt.zero_grad(foo=True)") is None


def test_backward_of_some_inputs_only_is_refused():
    """y.backward(inputs=[x]) leaves w.grad as it was in PyTorch; tracer read it as
    y.backward() and accumulated w's gradient too."""
    with pytest.raises(ValueError, match=r"y\.backward\(inputs=…\) is not read: tracer's "
                       r"backward pass fills every input's gradient; leave inputs= out"):
        line("y.backward(inputs=[x])")


def test_a_micrograd_label_is_a_name_for_a_drawing_and_nothing_to_read():
    """Karpathy's lecture writes e = a*b; e.label = 'e': it was 'c.label = … assigns an
    attribute … (a gradient-descent step by hand is …)'."""
    assert line("e.label = 'e'") == Line("print")
    assert line('e.label = "e"') == Line("print")
    assert line("e.label = x") is None  # not a string: the parser's message stands


@pytest.mark.parametrize("text", [
    "x = torch.arange(4, requires_grad=True)", "x = torch.tensor([1, 2], requires_grad=True)",
    "x = torch.tensor(2, requires_grad=True)", "x = torch.full((2,), 3, requires_grad=True)",
    "x = torch.ones(2, dtype=torch.int64, requires_grad=True)",
    "x = torch.arange(0, 4, step=1, requires_grad=True)",
])
def test_a_tensor_of_whole_numbers_cannot_require_a_gradient(text):
    """torch.arange(4, requires_grad=True): PyTorch raises (only Tensors of floating point
    dtype can require gradients); tracer made x = [0, 1, 2, 3] an input."""
    with pytest.raises(ValueError, match=r"makes a tensor of whole numbers, and PyTorch "
                       r"differentiates floating-point tensors only .*: write its numbers with "
                       r"a decimal point \(4\.0, not 4\)"):
        line(text)


@pytest.mark.parametrize("text", [
    "x = torch.arange(4.0, requires_grad=True)", "x = torch.tensor([1, 2.0], requires_grad=True)",
    "x = torch.arange(4, dtype=torch.float32, requires_grad=True)",
    "x = torch.full((2,), 3.0, requires_grad=True)", "x = torch.ones(2, requires_grad=True)",
    "x = torch.tensor([[1, 2], [3, 4.]], requires_grad=True)",
    "x = torch.linspace(0, 1, 3, requires_grad=True)",
])
def test_a_tensor_of_floats_is_an_input(text):
    assert line(text).kind == "input"


def test_jax_transformations_around_grad():
    """jax.value_and_grad(f) is f's gradient function too (its value is in the table); jit
    around grad changes no value; grad(f, argnums=0) is grad(f). vmap, jit of a def and
    other argnums were 'df is a value in this program' or 'read of a def's name'."""
    assert line("df = jax.value_and_grad(f)") == Line("gradient", "df", "f")
    assert line("df = jax.jit(jax.grad(f))") == Line("gradient", "df", "f")
    assert line("df = jax.grad(f, argnums=0)") == Line("gradient", "df", "f")
    for text, message in [("df = jax.grad(f, argnums=1)", r"grad\(f, argnums=…\) is not read: "
                           r"tracer's grad\(f\) differentiates f in every parameter"),
                          ("fj = jax.jit(f)", r"jax\.jit\(f\) is read around a gradient only"),
                          ("df = jax.vmap(jax.grad(f))", r"jax\.vmap\(…\) is not read: tracer "
                           "differentiates at one point")]:
        with pytest.raises(ValueError, match=message):
            line(text)


def test_a_step_on_data_is_a_gradient_descent_step_outside_no_grad_too():
    """w.data -= lr * w.grad needs no torch.no_grad() (PyTorch records no change of .data),
    and micrograd writes p.data += -lr * p.grad: both were 'assigns an attribute'."""
    from tracer.core.course import update

    assert line("w.data -= lr * w.grad") == Line("update", "w", "lr")
    assert line("w.data += -0.01 * w.grad") == Line("update", "w", "0.01")
    assert update([t for t in TOKEN.findall("w += -lr * w.grad") if t]) == \
        Line("update", "w", "lr")
    assert line("w.data += 0.01 * w.grad") is None  # a step up the gradient: not descent


def test_keyword_spellings_of_value_and_sgd_are_read():
    """Value(data=2.0) and SGD(params=[w], lr=0.1) were refused as malformed."""
    assert line("a = Value(data=2.0)") == Line("input", "a", "2.0")
    assert line("opt = torch.optim.SGD(params=[w], lr=0.1)") == Line("optimizer", "opt", "w ; 0.1")


def test_a_random_tensor_of_more_than_two_dimensions_is_refused_up_front():
    """randn(1, 1, …) of 500 dimensions said 'nested too deeply for tracer to read (blocks,
    conditions or parentheses …)'."""
    with pytest.raises(ValueError, match=r"randn\(…\) of 500 dimensions: tracer's arrays are "
                       "vectors and matrices"):
        drawn_text("randn", [["1"]] * 500, {})


def test_a_value_of_whole_numbers_alone_is_told_apart():
    from tracer.core.course import whole

    assert whole("2") and whole("np.array([1, 2])") and whole("[[1, 2], [3, 4]]")
    assert not whole("2.0") and not whole("[1, 2.5]") and not whole("x0") and not whole("1e3")


def test_a_backward_gradient_keyword_without_a_value_is_refused():
    """y.backward(gradient=) is a SyntaxError in Python; tracer ran y.backward()."""
    with pytest.raises(ValueError, match=r"y\.backward\(gradient=\) needs its value"):
        line("y.backward(gradient=)")


def test_an_nn_parameter_says_how_to_make_an_input():
    """d2l 5.2's W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * 0.01) said that
    randn is not read."""
    with pytest.raises(ValueError, match=r"nn.Parameter\(…\) is not read: make W1 an input as "
                       r"PyTorch's autograd does, W1 = torch.randn\(4, 3, requires_grad=True\)"):
        line("W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * 0.01)")


@pytest.mark.parametrize("text, seeds", [
    ("key = random.PRNGKey(0)", True),
    ("key = jax.random.key(42)", True),
    ("key, subkey = random.split(key)", True),
    ("k1, k2, k3 = jax.random.split(key, 3)", True),
    ("torch.manual_seed(0)", True),
    ("np.random.seed(1)", True),
    ("key = f(0)", False),
    ("w = random.normal(key, (3,))", False),
    ("x[0] = random.PRNGKey(0)", False),
])
def test_seeding_lines_are_told_apart(text, seeds):
    """A line that seeds the draws or makes JAX keys is left out (tracer draws with a seed of
    its own): read as a "print"."""
    from tracer.core.course import seeding

    toks = [t for t in TOKEN.findall(text) if t]
    assert seeding(toks) is seeds
    if seeds:
        assert read(toks) == Line("print")


def test_a_jax_draw_is_drawn_as_torch_randn_is():
    """jax.random.normal(key, (2, 3)) gives the values torch.randn(2, 3, requires_grad=True)
    is given (tracer's fixed seed); uniform as rand; anything else is no draw."""
    from tracer.core.course import jax_drawn

    assert jax_drawn("random.normal(subkey, (2, 3))") == \
        drawn_text("randn", [["(", "2", ",", "3", ")"]], {})
    assert jax_drawn("jax.random.uniform(key, shape=(4,))") == \
        drawn_text("rand", [["(", "4", ",", ")"]], {})
    assert jax_drawn("jnp.array([1.0, 2.0])") is None
    assert jax_drawn("random.choice(key, 3)") is None


AUTOGRAD_SESSION = """>>> import autograd.numpy as np  # Thinly-wrapped numpy
>>> from autograd import grad    # The only autograd function you may ever need
>>>
>>> def tanh(x):                 # Define a function
...     y = np.exp(-2.0 * x)
...     return (1.0 - y) / (1.0 + y)
...
>>> grad_tanh = grad(tanh)       # Obtain its gradient function
>>> grad_tanh(1.0)               # Evaluate the gradient at x = 1.0
0.41997434161402614
>>> (tanh(1.0001) - tanh(0.9999)) / 0.0002  # Compare to finite differences
0.41997434264973155
"""


def test_a_pasted_python_session_is_read_as_its_code_every_offset_kept():
    """autograd's README as it is written, a Python session: prompts become spaces and the
    printed lines blank ones, so line and column numbers stay those of the paste."""
    from tracer.core.course import session_code

    code = session_code(AUTOGRAD_SESSION)
    assert len(code) == len(AUTOGRAD_SESSION)
    assert code.splitlines()[3:6] == ["    def tanh(x):                 # Define a function",
                                      "        y = np.exp(-2.0 * x)",
                                      "        return (1.0 - y) / (1.0 + y)"]
    assert code.splitlines()[9] == code.splitlines()[11] == " " * 19  # 0.41997434161402614
    assert ">>>" not in code and "0.4199" not in code
    assert session_code("# a session\r\n>>> y = x*x\r\n4.0\r\n") == \
        "# a session\r\n    y = x*x\r\n   \r\n"
    for other in ("y = x*x\n>>> z = 1\n", "y = x >>> 2", "x = 1\n"):  # no session: as it is
        assert session_code(other) == other


def test_a_pasted_python_session_runs_from_the_command_line(tmp_path):
    """It said "line 1: expected an expression, found '>'"; now the gradient is the
    README's 0.41997434161402614 and the program is listed without its prompts."""
    from helpers import run
    from typer.testing import CliRunner

    path = tmp_path / "session.txt"
    path.write_text(AUTOGRAD_SESSION)
    result = run(CliRunner(), "reverse", str(path), "--digits", "8")
    assert result.exit_code == 0, result.stderr
    assert "∂f/∂x = 0.41997434 (1 reverse pass)" in result.stdout
    assert "\n    import autograd.numpy as np  # Thinly-wrapped numpy\n    from autograd" in \
        result.stdout
    assert ">>>" not in result.stdout and "0.41997434264973155" not in result.stdout


def test_a_session_far_larger_than_one_pasted_is_refused_before_it_is_read():
    """5,000,000 prompt lines (20 MB) took 2 s and 470 MB to read line by line (100 MB, the
    input limit, would pass 2 GB): a session is pasted by hand, at most 1 MiB."""
    from tracer.core.course import SESSION_CHARS, session_code
    from tracer.errors import LimitError

    huge = ">>> x = 1\n" + ">>>\n" * (SESSION_CHARS // 4)
    with pytest.raises(LimitError, match=r"this Python session \(>>> prompts\) is "
                       r"1,048,586 characters; tracer reads a pasted session of at most "
                       r"1,048,576"):
        session_code(huge)
    assert session_code("x = 1\n" + ">>>\n" * (SESSION_CHARS // 4)).startswith("x = 1")


def test_zeroing_the_gradient_of_an_element_is_refused():
    """x[0].grad.zero_() was read as a look at the gradient and left out (x̄ = [2, 4] then
    [4, 8], unzeroed): PyTorch keeps no .grad on x[0], and the line raises there."""
    toks = [t for t in TOKEN.findall("x[0].grad.zero_()") if t]
    with pytest.raises(ValueError, match=r"^x\[0\].grad.zero_\(\): a gradient is zeroed whole, "
                       r"on an input: x.grad.zero_\(\)"):
        read(toks)
    assert read([t for t in TOKEN.findall("x.grad.zero_()") if t]) == Line("zero", "x")
    assert read([t for t in TOKEN.findall("x[0].grad") if t]) == Line("print")


def test_a_session_prompt_followed_by_a_tab_is_a_prompt():
    """'>>>\\tx = 2.0' was read as a printed line, blanked: 'no value for x' came after."""
    from tracer.core.course import session_code

    assert session_code(">>>\tx = 2.0\n>>> y = x*z\n") == "    x = 2.0\n    y = x*z\n"


def test_numpys_draws_in_a_point_are_drawn_with_the_fixed_seed():
    """autograd's tests differentiate at check_grads(fun)(npr.randn()) and at expressions of
    draws (npr.randn()**2 + 1.2): each draw is replaced by values drawn as torch.randn's are
    (the same on every run); it said "npr is not a constant"."""
    assert course.numpy_drawn("npr . randn ( ) ** 2 + 1.2") == "(0.9417) ** 2 + 1.2"
    assert course.numpy_drawn("np . random . rand ( 2 )") == "([0.8444, 0.758])"
    assert course.numpy_drawn("2.0") is None
    assert course.numpy_drawn("x . randn ( n )") is None  # a size that is no number: as before


def test_torch_autograd_grad_says_to_write_backward():
    """dy_dx, = torch.autograd.grad(y, x) said 'there is no method .grad() with 2
    argument(s)'."""
    with pytest.raises(ValueError, match=r"^torch\.autograd\.grad\(y, x\) is read as "
                                         r"y\.backward\(\): write y\.backward\(\) on a line of "
                                         r"its own"):
        line("dy_dx, = torch.autograd.grad(y, x)")
