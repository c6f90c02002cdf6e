"""Lines of course code that tell autodiff what to do rather than compute a value.

PyTorch and micrograd code, as a course writes it, makes its inputs, runs the backward pass
and prints the gradient on lines of their own::

    x = torch.arange(4.0, requires_grad=True)     # an input, with its value
    a = Value(-4.0)                                # micrograd's input
    y = 2 * torch.dot(x, x)                        # (computation: read as always)
    y.backward()                                   # a backward pass from y
    print(x.grad)                                  # shown anyway: every table has it
    x.grad.zero_()                                 # the gradient zeroed before the next pass

tracer reads such a line as what it means to the trace: an input and its value (an ``@at``
default), the output and seed of the backward passes and how many run into one gradient
(``--output``, ``--seed``, ``--repeat``), or nothing at all. This module tells the lines
apart from the tokens of one line (``read``); the parser records what they say as
directives of the program, and ``pipeline.defaults`` reads them as it reads ``@`` lines.

A tensor made at random (``torch.randn(2, 3, requires_grad=True)``) is given values drawn
with a fixed seed, the same on every run, so that the table can be checked and the example
repeated; ``--at`` or ``@at`` gives values of one's own.
"""

from __future__ import annotations

import functools
import math
import re
from typing import NamedTuple


# Does a source hold any such line? (Checked once per source, so that the parser's common path
# stays as it is for every other program.) Compiled when first needed: a formula's text has
# none of the WORDS below, so it is never searched.
@functools.cache
def markers() -> re.Pattern[str]:
    return re.compile(r"requires_grad|\bValue\s*\(|\bParameter\s*\(|\.\s*backward\s*\(|"
                      r"\.\s*grad\b|zero_grad|no_grad|optim\.|grads?\s*\(|jac(?:fwd|rev)\s*\(|"
                      r"\b[jpv]map\s*\(|\bjit\s*\(|^[ \t]*print\s*\(|\.\s*label\s*=|"
                      r"\b(?:matplotlib|seaborn|d2l|IPython)\b", re.MULTILINE)


# in every such line (or in the import that makes one), found fast
WORDS = ("grad", "jac", "Value", "Parameter", "backward", "print", "optim", "jit", "map",
         "label", "matplotlib", "seaborn", "d2l", "IPython")

# A Python session pasted whole (autograd's README, a doctest): ">>> " starts a statement,
# "... " continues one, and any other line is what the session printed.
_PROMPT = re.compile(r"[ \t]*(?:>>>|\.\.\.)(?:[ \t]|(?=\r?$))")
_CODE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)
# A session is pasted by hand: 20 MB of prompts took 2 s and 470 MB to read line by line.
SESSION_CHARS = 1 << 20


def session_code(source: str) -> str:
    """The code of a pasted Python session, its prompts and printed lines blanked out::

        >>> grad_tanh = grad(tanh)            grad_tanh = grad(tanh)
        >>> grad_tanh(1.0)             →      grad_tanh(1.0)
        0.41997434161402614

    Each prompt becomes as many spaces and each printed line a blank one (a comment stays), so
    every line and column stays where it was (the session's code, uniformly indented, reads
    as written). A source whose first line of code has no ``>>>`` prompt is returned as it
    is."""
    if ">>>" not in source:
        return source
    first = _CODE.search(source)
    if first is None or not source.startswith(">>>", first.end() - 1):
        return source
    if len(source) > SESSION_CHARS:
        from tracer.errors import LimitError

        raise LimitError(f"this Python session (>>> prompts) is {len(source):,} characters; "
                         f"tracer reads a pasted session of at most {SESSION_CHARS:,} (its "
                         "lines are read one by one): save its code without the prompts and "
                         "the printed lines")
    lines = source.splitlines(keepends=True)
    for k, line in enumerate(lines):
        body = line.rstrip("\r\n")
        prompt = _PROMPT.match(body)
        blank = len(prompt.group()) if prompt else \
            0 if body.lstrip().startswith("#") else len(body)  # a comment stays (a title)
        lines[k] = " " * blank + line[blank:]
    return "".join(lines)


# Libraries that draw or display (matplotlib, d2l's plot): an import of one is read, and a
# line of its own that calls it (plt.plot(x, x.grad), plt.show(), fig, ax = plt.subplots())
# is left out as a print line is: it shows, and computes nothing a table needs.
PLOTTING = frozenset({"matplotlib", "seaborn", "d2l", "IPython"})


def holds_course_lines(source: str) -> bool:
    """Might ``source`` hold a course line? (A plain substring test first: the regular
    expression would take 40 ms over a 10^5-row program.)"""
    return any(w in source for w in WORDS) and markers().search(source) is not None


# Constructors whose values are drawn at random, by the distribution they draw from.
RANDOM = {"randn": "normal", "rand": "uniform", "empty": "zeros", "randn_like": "normal",
          "rand_like": "uniform"}
SEED = 0  # the seed every random tensor is drawn with
# The directives a program's course lines become (the parser writes them beside its @ lines;
# pipeline.defaults reads them): an input's value, a random one, a backward pass, a zeroing
# and a gradient-descent step.
DIRECTIVES = ("input", "drawn", "backward", "zero", "update")
# Keyword arguments of a tensor's constructor, or of backward, that mean nothing in a trace.
IGNORED = frozenset({"requires_grad", "dtype", "device", "label", "retain_graph",
                     "create_graph", "generator", "layout", "pin_memory"})


class Line(NamedTuple):
    """What one line says: ``kind`` is "print" (nothing), "input" (``name`` with the value
    ``text``, an ``@at`` assignment; ``drawn`` when made at random), "grad" (``name``, as
    assigned on an earlier line, is an input), "backward" (from ``name``, along the seed
    ``text`` or none), "zero" (``name``'s gradient, "" for every one), "update" (a
    gradient-descent step of ``name`` at the rate ``text``), "optimizer" (``name`` is
    torch.optim.SGD of the parameters and rate ``text``, "w , b ; 0.1") or "step" (the
    optimizer ``name`` takes its step)."""

    kind: str
    name: str = ""
    text: str = ""
    drawn: bool = False


def read(toks: list[str], shown: frozenset[str] | set[str] = frozenset()) -> Line | None:
    """The line of tokens ``toks`` (no new line among them) as a course line, or None for a
    line of computation. A malformed one is a ValueError with the message to give. A line
    that shows (``print(…)``, ``x.grad``, a call of ``shown``: the names of the plotting
    libraries imported and of their figures) or seeds the random draws
    (``torch.manual_seed(0)``) is a "print": nothing to read; ``fig, ax = plt.subplots()``
    is a "figure" ("fig ax": names to add to ``shown``)."""
    _autograd_grad(toks)
    if len(toks) >= 3 and toks[0] == "print" and toks[1] == "(" and toks[-1] == ")":
        return Line("print")
    plotting = _plotting(toks, shown)
    if plotting is not None:
        return plotting
    if len(toks) == 1 and _name(toks[0]):
        return Line("print")  # y on its own: a notebook's way to show it
    if seeding(toks):
        return Line("print")  # torch.manual_seed(0): tracer draws with a seed of its own
    if len(toks) >= 4 and _name(toks[0]) and toks[1] == "." and toks[2] == "backward" \
            and toks[3] == "(" and toks[-1] == ")":
        return _backward(toks[0], toks[4:-1])
    if len(toks) >= 8 and _name(toks[0]) and toks[1] == "." and toks[2] in ("sum", "mean") \
            and toks[3:7] == ["(", ")", ".", "backward"] and toks[7] == "(" and toks[-1] == ")":
        return _summed(toks[0], toks[8:-1], toks[2])  # d2l's y.sum().backward(): y along ones
    zero = _zeroing(toks)
    if zero is not None:
        return zero
    if len(toks) == 5 and _name(toks[0]) and toks[1:4] == [".", "label", "="] and \
            toks[4][:1] in ("'", '"'):
        return Line("print")  # micrograd's e.label = 'e': a name for its graph drawing
    if "grad" in toks and toks[toks.index("grad") - 1] == "." and not \
            any(t == "=" or (t.endswith("=") and t not in ("==", "<=", ">=", "!="))
                for t in toks):
        return Line("print")  # x.grad, x.grad == 4 * x: a look at the gradient
    if len(toks) >= 3 and _name(toks[0]) and toks[1] == "." and \
            toks[2:] in (["requires_grad", "=", "True"], ["requires_grad_", "(", ")"],
                         ["requires_grad_", "(", "True", ")"]):
        return Line("grad", toks[0])  # x.requires_grad = True: x is an input
    if len(toks) >= 7 and toks[1:3] == [".", "data"]:
        step = update(toks)  # w.data -= lr * w.grad: no graph records a change of .data
        if step is not None and step.kind == "update":
            return step
    if len(toks) == 5 and _name(toks[0]) and toks[1:] == [".", "step", "(", ")"]:
        return Line("step", toks[0])  # optimizer.step(): the step of an optimizer made before
    if len(toks) >= 5 and _name(toks[0]) and toks[1] == "=":
        return _grad_function(toks[0], toks[2:]) or _optimizer(toks[0], toks[2:]) or \
            _leaf(toks[0], toks[2:])
    return None


def _autograd_grad(toks: list[str]) -> None:
    """``dy_dx, = torch.autograd.grad(y, x)``: refused, saying what to write (it said 'there
    is no method .grad() with 2 argument(s)')."""
    if any(toks[k:k + 4] == ["autograd", ".", "grad", "("] for k in range(len(toks) - 3)):
        raise ValueError("torch.autograd.grad(y, x) is read as y.backward(): write y.backward() "
                         "on a line of its own (x's gradient is in the table; for a second "
                         "derivative, create_graph=True's, run tracer derivatives)")


def _plotting(toks: list[str], shown: frozenset[str] | set[str]) -> Line | None:
    """``plt.plot(…)`` or ``ax.set_title(…)`` (a "print"), ``fig, ax = plt.subplots()`` (a
    "figure": fig and ax are shown from here on), a notebook's ``%matplotlib inline`` (a
    "print"), or None."""
    if toks[:2] == ["%", "matplotlib"]:
        return Line("print")
    if not shown:
        return None
    if len(toks) >= 2 and toks[0] in shown and toks[1] in (".", "("):
        return Line("print")
    if "=" not in toks:
        return None
    k = toks.index("=")
    targets = [t for t in toks[:k] if t not in (",", "(", ")", "[", "]")]
    if k + 4 < len(toks) and toks[k + 1] in shown and toks[k + 2] == "." and \
            toks[k + 3] in FIGURES and toks[k + 4] == "(" and targets and \
            all(_name(t) for t in targets):
        return Line("figure", " ".join(targets))
    return None


# What a plotting library's call makes, which a program names to draw on: a figure, its
# axes, the lines drawn (fig, ax = plt.subplots(); line, = ax.plot(x, y)).
FIGURES = frozenset({"subplots", "figure", "gca", "gcf", "axes", "subplot", "add_subplot",
                     "twinx", "twiny", "plot", "scatter", "imshow", "contour", "contourf",
                     "colorbar", "hist", "bar", "legend", "quiver", "Axes3D",
                     "add_axes"})


# autograd's and JAX's differentiating functions: grad(f) is f's gradient, as a function
# (autograd's test tool check_grads(f)(x0) checks it against differences, as tracer check does)
# JAX's jacfwd(f)(x0) and jacrev(f)(x0): f's Jacobian at x0, tracer jacobian's (both ways)
JACOBIANS = frozenset({"jacfwd", "jacrev"})
GRADS = frozenset({"grad", "elementwise_grad", "egrad", "value_and_grad", "check_grads",
                   *JACOBIANS})
ELEMENTWISE = frozenset({"elementwise_grad", "egrad"})  # the gradient of sum(f(x)): seed ones


def _grad_function(name: str, rhs: list[str]) -> Line | None:
    """``df = grad(f)`` (``jax.grad``, ``autograd.grad``, ``elementwise_grad``): ``df`` is
    the def ``f``'s gradient, which a later ``df(x0)`` asks for at x0."""
    if "(" not in rhs or rhs[-1] != ")":
        return None
    k = rhs.index("(")
    if not k or any(not (_name(t) or t == ".") for t in rhs[:k]):
        return None
    if rhs[k - 1] in TRANSFORMS and closing(rhs[k:]) == len(rhs) - k:
        return _transformed(name, rhs[k - 1], rhs[k + 1:-1])
    if rhs[k - 1] not in GRADS:
        return None
    inner = argnums(rhs[k - 1], rhs[k + 1:-1])
    if len(inner) >= 3 and len(inner) % 2 and all(_name(t) for t in inner[::2]) and \
            all(t == "." for t in inner[1::2]):
        return Line("gradient", name, "".join(inner))  # grad(jnp.tanh): the library's tanh
    if len(inner) != 1 or not _name(inner[0]):
        if any(t in GRADS for t in inner):
            raise ValueError(f"{rhs[k - 1]} of a {rhs[k - 1]} (a second derivative) is not "
                             "read: tracer derivatives gives f′, f″, f‴ of a program")
        raise ValueError(f"{rhs[k - 1]}(…) is read of a def's name: df = grad(f)")
    return Line("gradient", name, inner[0])


def argnums(how: str, inner: list[str]) -> list[str]:
    """The function of ``grad(f, argnums=0)`` (the tokens inside grad's brackets): f, as
    ``grad(f)`` differentiates in f's first parameter; any other argnums is refused."""
    positional, named = _split(arguments(inner))
    if len(positional) == 2 and not named:  # JAX's grad(f, (0, 1)): argnums by position
        positional, named = positional[:1], {"argnums": positional[1]}
    if "argnums" in named and len(positional) == 1:
        if named["argnums"] not in (["0"], ["(", "0", ",", ")"]):
            raise ValueError(f"{how}(f, argnums=…) is not read: tracer's {how}(f) "
                             "differentiates f in every parameter, each gradient in the table "
                             f"(write {how}(f))")
        return positional[0]  # argnums=0: f's first parameter, as by default
    return inner


# JAX's transformations of a function other than grad: jit changes no value, vmap maps over
# a batch (tracer differentiates at one point).
TRANSFORMS = frozenset({"jit", "vmap", "pmap"})


def _transformed(name: str, how: str, inner: list[str]) -> Line | None:
    """``df = jax.jit(jax.grad(f))``: jit's function is the one it compiles, read as it is;
    ``jax.jit(f)`` of a def and ``vmap`` are refused with what to write."""
    if how == "jit":
        found = _grad_function(name, inner) if inner and inner[-1] == ")" else None
        if found is not None:
            return found
        raise ValueError("jax.jit(f) is read around a gradient only (df = jax.jit(jax.grad(f))): "
                         "jit compiles f and changes no value; call f itself")
    raise ValueError(f"jax.{how}(…) is not read: tracer differentiates at one point; run "
                     "tracer at each point of the batch (or, for a function of each element, "
                     "elementwise_grad(f) of the array)")


NO_GRAD = ["with", "torch", ".", "no_grad", "(", ")", ":"]


def update(toks: list[str]) -> Line | None:
    """A line of a ``with torch.no_grad():`` block: ``w -= lr * w.grad`` (or ``w.data -= …``,
    ``… * w.grad.data``, micrograd's ``w.data += -lr * w.grad``) is a gradient-descent step of
    w at the rate ``lr`` (its tokens as ``text``); a zeroing is one; None for anything else."""
    zero = _zeroing(toks)
    if zero is not None:
        return zero
    if len(toks) < 7 or not _name(toks[0]):
        return None
    name = toks[0]
    k = 3 if toks[1:3] == [".", "data"] else 1
    if toks[k] not in ("-=", "+=") or (toks[k] == "+=" and toks[k + 1] != "-"):
        return None
    rest = toks[k + 1:] if toks[k] == "-=" else toks[k + 2:]  # micrograd: += -lr * w.grad
    for grad in ([name, ".", "grad"], [name, ".", "grad", ".", "data"]):
        n = len(grad)
        if len(rest) > n + 1 and rest[-n:] == grad and rest[-n - 1] == "*":
            return Line("update", name, _text(rest[:-n - 1]))
        if len(rest) > n + 3 and rest[-n - 2:-2] == grad and rest[-n - 3] == "*" and \
                rest[-2] == "/" and (_name(rest[-1]) or rest[-1][:1].isdigit()):
            # d2l's sgd: param -= lr * param.grad / batch_size, the rate lr / batch_size
            return Line("update", name, _text(["(", *rest[:-n - 3], ")", "/", rest[-1]]))
        if len(rest) > n + 1 and rest[:n] == grad and rest[n] == "*":
            return Line("update", name, _text(rest[n + 1:]))
    return None


def _optimizer(name: str, rhs: list[str]) -> Line | None:
    """``opt = torch.optim.SGD([w, b], lr=0.1)``: the parameters and the learning rate of the
    steps ``opt.step()`` takes (plain gradient descent only)."""
    call = _one_call(rhs)
    if call is None:
        return None
    head, positional, named = call
    if head[-1] not in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad") or "optim" not in head:
        return None
    if head[-1] != "SGD":
        raise ValueError(f"torch.optim.{head[-1]} is not read: tracer takes plain "
                         "gradient-descent steps (torch.optim.SGD without momentum, or "
                         "w -= lr * w.grad)")
    if "params" in named and not positional:  # SGD(params=[w, b], lr=0.1)
        positional = [named.pop("params")]
    rate = named.pop("lr", None) or (positional[1] if len(positional) > 1 else None)
    extra = [k for k, v in named.items() if v not in (["0"], ["0.0"], ["False"])]
    if not positional or not rate or extra:
        raise ValueError("torch.optim.SGD is read as SGD([w, b], lr=0.1): its parameters and "
                         "learning rate (no momentum or weight decay)")
    params = positional[0]
    if params[:1] != ["["] or params[-1:] != ["]"] or \
            any(not (_name(t) or t == ",") for t in params[1:-1]):
        raise ValueError("torch.optim.SGD's parameters are read as a list of names: "
                         "SGD([w, b], lr=0.1)")
    return Line("optimizer", name, _text(params[1:-1]) + " ; " + _text(rate))


def _name(tok: str) -> bool:
    return tok[:1].isalpha() or tok[:1] == "_"


def _zeroing(toks: list[str]) -> Line | None:
    """``x.grad.zero_()``, ``x.grad.data.zero_()``, ``x.grad = None``; ``optimizer.zero_grad()``
    (every gradient); ``x[0].grad.zero_()`` is a ValueError (PyTorch raises there)."""
    if not toks or not _name(toks[0]):
        return None
    rest = toks[1:]
    if rest in ([".", "grad", ".", "zero_", "(", ")"],
                [".", "grad", ".", "data", ".", "zero_", "(", ")"],
                [".", "grad", "=", "None"]):
        return Line("zero", toks[0])
    if rest[:3] == [".", "zero_grad", "("] and rest[-1:] == [")"] and \
            rest[3:-1] in ([], ["True"], ["False"], ["set_to_none", "=", "True"],
                           ["set_to_none", "=", "False"]):
        return Line("zero")  # set_to_none or not, the next backward pass starts from 0
    if toks[-6:] == [".", "grad", ".", "zero_", "(", ")"] and \
            toks[0] not in ("if", "while", "for", "with"):  # x[0].grad.zero_()
        raise ValueError(f"{''.join(toks)}: a gradient is zeroed whole, on an input: "
                         "x.grad.zero_() (PyTorch keeps .grad on a tensor made with "
                         "requires_grad=True, not on a part of one or a value computed from "
                         "one: its .grad is None there, and the line raises)")
    return None


def arguments(toks: list[str]) -> list[list[str]]:
    """A call's arguments (the tokens between its brackets), split at commas outside
    brackets."""
    args: list[list[str]] = []
    depth = 0
    current: list[str] = []
    for tok in toks:
        if tok in ("(", "[", "{"):
            depth += 1
        elif tok in (")", "]", "}"):
            depth -= 1
        if tok == "," and depth == 0:
            args.append(current)
            current = []
            continue
        current.append(tok)
    if current:
        args.append(current)
    return args


def _split(args: list[list[str]]) -> tuple[list[list[str]], dict[str, list[str]]]:
    """Positional arguments, and keyword ones by name."""
    positional, named = [], {}
    for arg in args:
        if len(arg) >= 2 and _name(arg[0]) and arg[1] == "=":
            named[arg[0]] = arg[2:]
        else:
            positional.append(arg)
    return positional, named


def _text(toks: list[str]) -> str:
    return " ".join(toks)


def _backward(name: str, inner: list[str]) -> Line:
    positional, named = _split(arguments(inner))
    if "inputs" in named:  # PyTorch then leaves the other inputs' .grad as it is
        raise ValueError(f"{name}.backward(inputs=…) is not read: tracer's backward pass fills "
                         "every input's gradient; leave inputs= out")
    unknown = [k for k in named if k not in IGNORED and k != "gradient"]
    if unknown:
        raise ValueError(f"backward(… {unknown[0]}=…) is not read: backward takes the output's "
                         "gradient (y.backward(torch.ones_like(y)))")
    if "gradient" in named and not named["gradient"]:
        raise ValueError(f"{name}.backward(gradient=) needs its value: "
                         f"{name}.backward(gradient=torch.ones_like({name}))")
    gradient = positional[0] if positional else named.get("gradient")
    if not gradient:
        return Line("backward", name)
    if _like(gradient, "ones_like"):
        inner = gradient[gradient.index("(") + 1:-1]
        if inner[:1] != [name] or (len(inner) > 1 and inner[1] != ","):
            raise ValueError(f"{name}.backward(ones_like(…)) is read of {name} itself, the seed "
                             f"in {name}'s shape: {name}.backward(torch.ones_like({name}))")
        return Line("backward", name, "ones")
    if _like(gradient, "ones") and gradient[gradient.index("(") + 1:] == ["len", "(", name, ")",
                                                                          ")"]:
        return Line("backward", name, "ones")  # d2l's y.backward(gradient=torch.ones(len(y)))
    return Line("backward", name, _text(gradient))


def _summed(name: str, inner: list[str], how: str = "sum") -> Line:
    """``y.sum().backward()``: the backward pass of sum(y) is y's along ones (its gradient
    every element's ∂ sum/∂y_i = 1); ``y.mean().backward()`` (d2l's train_epoch_ch3) y's
    along 1/n for each of its n elements."""
    line = _backward(name, inner)
    if line.text:
        raise ValueError(f"{name}.{how}().backward(…) is read without a gradient (the {how} "
                         f"is a scalar): {name}.{how}().backward()")
    return Line("backward", name, "ones" if how == "sum" else "mean")


def _like(toks: list[str], what: str) -> bool:
    """``torch.ones_like(y)``, ``ones_like(y)``, ``np.ones_like(y)``."""
    k = toks.index("(") if "(" in toks else -1
    return k > 0 and toks[k - 1] == what and toks[-1] == ")"


# JAX's random keys (key = random.PRNGKey(0), key, sub = jax.random.split(key)), and its draws
# from a key: jax.random.normal(key, (3,)), uniform(key, shape).
_KEYS = frozenset({"PRNGKey", "key", "split"})
_JAX_DRAWS = {"normal": "randn", "uniform": "rand"}


def seeding(toks: list[str]) -> bool:
    """Does the line ``toks`` seed the random draws (``torch.manual_seed(0)``,
    ``np.random.seed(0)``) or make JAX random keys (``key = random.PRNGKey(0)``, ``key,
    subkey = random.split(key)``)? tracer draws with a fixed seed of its own, so such a line
    is left out."""
    k = toks.index("=") if "=" in toks else -1  # key, subkey = …: the names it gives
    if k == 0 or any(not (_name(t) or t == ",") for t in toks[:max(k, 0)]):
        return False
    call = _one_call(toks[k + 1:])
    if call is None or len(call[0]) < 3:  # a module's function: torch.manual_seed
        return False
    head = call[0]
    if k < 0:
        return head[-1] in ("manual_seed", "seed")
    return head[-1] in _KEYS and head[-3:-1] == ["random", "."]


def jax_drawn(text: str) -> str | None:
    """The values of a JAX draw, ``random.normal(key, (2, 3))`` (as written: ``text``), drawn
    as ``torch.randn(2, 3)``'s are, with tracer's fixed seed; None for any other value."""
    call = _one_call(_tokens(text))
    if call is None or len(call[0]) < 3 or call[0][-3:-1] != ["random", "."] or \
            call[0][-1] not in _JAX_DRAWS:
        return None
    head, positional, named = call
    shape = named.get("shape") or (positional[1] if len(positional) > 1 else ["(", ")"])
    called = f"random.{head[-1]}"
    return drawn_text(_JAX_DRAWS[head[-1]], [shape], {},
                      (called, f"{called}(key, (2, 3))"))


# NumPy's draws in a point, npr.randn() or np.random.rand(3) (autograd's tests differentiate
# at check_grads(fun)(npr.randn())): whole-number sizes, or none for a number
_NUMPY_DRAW = re.compile(r"\b(?:[A-Za-z_]\w*\s*\.\s*)+(randn|rand)\s*\(([\d\s,]*)\)")


def numpy_drawn(text: str) -> str | None:
    """A point written with NumPy's draws (``npr.randn()**2 + 1.2``), each draw replaced by
    values drawn as ``torch.randn``'s are, with tracer's fixed seed; None if it has none."""
    def drawn(m: re.Match[str]) -> str:
        sizes = [[t.strip()] for t in m.group(2).split(",") if t.strip()]
        spelled = (m.group(1), f"{m.group(1)}(2, 3)")
        return f"({drawn_text(m.group(1), sizes or [['(', ')']], {}, spelled)})"

    found = _NUMPY_DRAW.sub(drawn, text)
    return None if found == text else found


def _tokens(text: str) -> list[str]:
    """A value's text (as a line wrote it) as tokens."""
    from tracer.core.lexer import TOKEN

    return [t for t in TOKEN.findall(text) if t]


def _one_call(rhs: list[str]) -> tuple[list[str], list[list[str]], dict[str, list[str]]] | None:
    """The tokens ``rhs`` as one call of a dotted name (``torch.tensor([1.0], dtype=…)``): the
    name's tokens, the positional arguments and the named ones; None for anything else."""
    if "(" not in rhs or rhs[-1] != ")":
        return None
    k = rhs.index("(")
    head = rhs[:k]
    if not head or any(not (_name(t) or t == ".") for t in head) or \
            closing(rhs[k:]) != len(rhs) - k:
        return None
    positional, named = _split(arguments(rhs[k + 1:-1]))
    return head, positional, named


def _leaf(name: str, rhs: list[str]) -> Line | None:
    """``x = torch.tensor([…], requires_grad=True)`` and friends, micrograd's ``Value(2.0)``:
    an input named ``name``; None for any other assignment."""
    call = _one_call(rhs)
    if call is None:
        return None  # not one call: torch.tensor(…) * 2, f(x)(y)
    head, positional, named = call
    ctor = head[-1]
    if ctor == "Parameter":  # d2l's W1 = nn.Parameter(torch.randn(num_inputs, …) * sigma)
        raise ValueError(f"nn.Parameter(…) is not read: make {name} an input as PyTorch's "
                         f"autograd does, {name} = torch.randn(4, 3, requires_grad=True) (drawn "
                         f"with a fixed seed) or torch.zeros(3, requires_grad=True), or leave "
                         f"the line out and give {name} with --at")
    if ctor == "Value":
        if not positional and "data" in named:
            positional = [named["data"]]  # Value(data=2.0)
        if len(positional) != 1:
            raise ValueError("micrograd's Value takes one number: a = Value(2.0)")
        return Line("input", name, _text(positional[0]))
    grad = named.get("requires_grad")
    if grad is None:
        return None  # a constant tensor: computation as any other
    if grad != ["True"]:
        raise ValueError("requires_grad=… is read as True only: a tensor without it is a "
                         "constant (leave requires_grad out)")
    whole = made_whole(rhs)
    if whole:
        raise ValueError(whole)
    if ctor in RANDOM or ctor == "normal":
        return Line("input", name, drawn_text(ctor, positional, named), drawn=True)
    kept = [_text(a) for a in positional] + \
        [f"{k} = {_text(v)}" for k, v in named.items() if k not in IGNORED]
    return Line("input", name, f"{_text(head)}({', '.join(kept)})")


# The dtypes of torch's whole numbers (torch.int64, torch.long …), and the constructors whose
# dtype is that of their numbers: torch.tensor([1, 2]) and torch.arange(4) are int64.
WHOLE = frozenset({"int", "int8", "int16", "int32", "int64", "long", "short", "uint8", "bool"})
INFERRED = {"tensor": None, "as_tensor": None, "arange": None, "full": 1}  # full: its fill


def made_whole(rhs: list[str]) -> str | None:
    """What to say of a tensor made of whole numbers by the one call ``rhs`` (its tokens), as
    an input (``torch.arange(4, requires_grad=True)``, or ``x = torch.tensor([1, 2])`` then
    ``x.requires_grad = True``): PyTorch refuses it. None for anything else."""
    call = _one_call(rhs)
    if call is None:
        return None
    head, positional, named = call
    if not whole_numbers(head[-1], positional, named):
        return None
    return (f"{''.join(head)}(…) makes a tensor of whole numbers, and PyTorch differentiates "
            "floating-point tensors only (only Tensors of floating point dtype can require "
            "gradients): write its numbers with a decimal point (4.0, not 4)")


# Names a literal array of numbers may be written with: np.array([1, 2]), jnp.asarray(…)
ARRAY_WORDS = frozenset({"np", "jnp", "numpy", "jax", "onp", "anp", "array", "asarray"})


def whole(text: str) -> bool:
    """Is ``text`` (a value, as written) a number or array of whole numbers alone (``2``,
    ``np.array([1, 2])``), at which JAX's and autograd's grad refuse to differentiate?"""
    toks = _tokens(text)
    numbers = [t for t in toks if t[:1].isdigit() or (t[:1] == "." and len(t) > 1)]
    return bool(numbers) and all(t.isdigit() for t in numbers) and \
        all(t in ARRAY_WORDS for t in toks if _name(t))


def whole_numbers(ctor: str, positional: list[list[str]], named: dict[str, list[str]]) -> bool:
    """Does ``torch.ctor(…)`` make a tensor of whole numbers, which PyTorch refuses to
    differentiate? Its dtype when given, else for ``tensor``, ``arange`` and ``full`` its
    numbers: all written without a decimal point (``torch.arange(4)``, ``tensor([1, 2])``)."""
    dtype = named.get("dtype")
    if dtype:
        return dtype[-1] in WHOLE
    if ctor not in INFERRED:
        return False  # torch.ones(2), torch.Tensor([1, 2]), randn …: float32
    which = INFERRED[ctor]
    if which is None:
        toks = [t for a in positional for t in a] + \
            [t for k in ("start", "end", "step", "data") for t in named.get(k, [])]
    else:
        toks = positional[which] if len(positional) > which else named.get("fill_value", [])
    numbers = [t for t in toks if t[:1].isdigit() or (t[:1] == "." and len(t) > 1)]
    return bool(numbers) and all(t.isdigit() for t in numbers) and \
        not any(_name(t) and t not in ("True", "False") for t in toks)


def closing(toks: list[str]) -> int:
    """How many tokens the bracket opening ``toks`` spans, up to its closing bracket (-1
    when it is not closed)."""
    depth = 0
    for n, tok in enumerate(toks, 1):
        depth += tok in ("(", "[", "{")
        depth -= tok in (")", "]", "}")
        if depth == 0:
            return n
    return -1


def drawn_text(ctor: str, positional: list[list[str]], named: dict[str, list[str]],
               spelled: tuple[str, str] | None = None) -> str:
    """The values of ``torch.randn(2, 3)`` (or ``size=(2, 3)``; ``size=()`` a number) as a
    literal, drawn with a fixed seed: normal, uniform on [0, 1), or zeros for ``empty``.
    ``spelled``: the draw's name and an example as the messages name them, where the line is
    another library's (JAX's ``random.normal`` and ``random.normal(key, (2, 3))``)."""
    if ctor.endswith("_like"):
        raise ValueError(f"{ctor}(…) draws in the shape of another tensor: give the input's "
                         "values with --at or @at")
    mean, spread = 0.0, 1.0
    if ctor == "normal":  # torch.normal(mean, std, size=(2, 3)): numbers, then the shape
        mean, spread = (_number(named.pop(k, positional[i] if len(positional) > i else None),
                                k) for i, k in enumerate(("mean", "std")))
        positional = positional[2:]
    sizes = named.get("size") or (positional[0] if len(positional) == 1 and "(" in
                                  positional[0] else [t for a in positional for t in [*a, ","]])
    dims = [int(t) for t in sizes if t.isdigit()]
    scalar = bool(sizes) and not dims and all(t in ("(", ")", "[", "]") for t in sizes)
    called, example = spelled or (ctor, "torch.normal(0.0, 1.0, size=(2, 3))" if
                                  ctor == "normal" else f"torch.{ctor}(2, 3), size=(2, 3)")
    if (not dims and not scalar) or \
            any(t not in ("(", ")", "[", "]", ",") and not t.isdigit() for t in sizes):
        raise ValueError(f"{called}(…)'s shape is read from whole numbers ({example}): give "
                         "the input's values with --at or @at")
    if len(dims) > 2:
        raise ValueError(f"{called}(…) of {len(dims)} dimensions: tracer's arrays are vectors "
                         "and matrices")
    if 0 in dims:  # (size=(0, 2) was divided by its 0 where the values are nested)
        raise ValueError(f"{called}(…) of shape ({', '.join(map(str, dims))}) is an empty "
                         "tensor: tracer's arrays have an element at least; give each size 1 "
                         "or more")
    count = math.prod(dims)
    if count > 10_000:
        raise ValueError(f"{called}(…) of {count:,} elements: tracer draws at most 10,000; "
                         "give the input's values with --at or @at")
    import random  # only here: a program with a random tensor (1.9 ms of every start)

    draw = random.Random(SEED)
    kind = RANDOM.get(ctor, "normal")
    values = [round(mean + spread * draw.gauss(0, 1), 4) if kind == "normal" else
              round(draw.random(), 4) if kind == "uniform" else 0.0 for _ in range(count)]
    return _nested(values, dims)


def _number(toks: list[str] | None, what: str) -> float:
    """torch.normal's mean or std, written as a number (``-1.5``, ``1e-2``)."""
    try:
        return float("".join(toks or ["?"]))
    except ValueError:
        raise ValueError(f"torch.normal(mean, std, size=(2, 3)) is read with numbers for the "
                         f"mean and the standard deviation, and {what} is none: give the "
                         "input's values with --at or @at") from None


def _nested(values: list[float], dims: list[int]) -> str:
    if not dims:
        return repr(values[0])  # torch.randn(size=()): a number, d2l's control-flow input
    if len(dims) == 1:
        return "[" + ", ".join(repr(v) for v in values) + "]"
    step = len(values) // dims[0]
    return "[" + ", ".join(_nested(values[k * step:(k + 1) * step], dims[1:])
                           for k in range(dims[0])) + "]"
