"""Why a name the user typed matches none they meant: hints for the messages that say so.

Two slips account for most of them. A letter from another alphabet that looks Latin: a Cyrillic
``х`` (U+0445) pasted from a document is not the ``x`` of ``--at x=1``, nor is a fullwidth
``ｘ`` or a Greek ``ο``. And a function glued to its argument: ``sinx`` is one name, not
``sin(x)``. ``hint`` returns the sentence a message appends, or "".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

# Letters of other alphabets drawn like Latin ones (Unicode's confusables, the common part).
# Fullwidth letters and mathematical alphanumerics (ｘ, 𝑥) need no entry: NFKC maps them.
_LOOKALIKE = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ү": "y", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "γ": "y", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


def skeleton(name: str) -> str:
    """``name`` with every lookalike letter replaced by the Latin letter it looks like (an
    ASCII name is its own)."""
    if name.isascii():
        return name
    return unicodedata.normalize("NFKC", name).translate(_LOOKALIKE)


def shapes(names: Iterable[str]) -> dict[str, list[str]]:
    """Names by their skeletons: built once, it answers ``lookalike`` for many names (each
    input of a program against every name the program assigns) in a lookup each."""
    out: dict[str, list[str]] = {}
    for name in names:
        out.setdefault(skeleton(name), []).append(name)
    return out


def describe(ch: str) -> str:
    """``х (U+0445 CYRILLIC SMALL LETTER HA)``."""
    return f"{ch} (U+{ord(ch):04X} {unicodedata.name(ch, 'an unnamed character')})"


# Characters from typeset mathematics, and what a formula writes for them.
_TYPESET = {"×": "*", "·": "*", "⋅": "*", "∗": "*", "−": "-", "–": "-", "—": "-", "÷": "/",
            "∕": "/", "√": "sqrt(…)", "|": "abs(…) for |…|",
            "≤": "<=", "≥": ">=", "≠": "!=", "＝": "="}


_PRIMES = "′″‴⁗"


def unexpected(ch: str) -> str:
    """The message for a character no formula uses, naming one that cannot be seen (a
    zero-width space, a right-to-left mark, a no-break space) by its code and name."""
    category = unicodedata.category(ch)
    code = f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()
    if category == "Zs":
        return f"unexpected character: {code}, which looks like a space; type a plain space"
    if category in ("Cf", "Zl", "Zp", "Co", "Cn"):
        return f"unexpected character: the invisible character {code}; delete it"
    if category.startswith("M"):
        return (f"unexpected character: the combining mark {code}; type the accented letter "
                "as one character")
    if ch in _TYPESET:
        return f"unexpected character {ch!r}: write {_TYPESET[ch]}"
    if ch in "{}":  # min-char-rnn's xs, hs, ys, ps = {}, {}, {}, {}
        return ("a dict ({…}) is not read: tracer's values are numbers and arrays; keep a "
                "step's value in a name, h = np.tanh(… h …) for hs[t] = np.tanh(… hs[t-1] …), "
                "or grow a list by append (hs.append(h))")
    if ch in _PRIMES:  # c′ copied from a table, whose labels mark a name's later values so
        return (f"unexpected character {ch!r}: a prime is not part of a name (the tables mark "
                "a reassigned name's later values c′, c″); write the name without it, or give "
                "the value a name of its own (c2)")
    if category == "Nd":  # ٣, ３: a digit of another script
        return f"unexpected character: the digit {code}; type digits as 0-9"
    return f"unexpected character {ch!r}"


def lookalike(typed: str, known: Iterable[str] | dict[str, list[str]],
              typed_where: str = "given", known_where: str = "in the formula") -> str:
    """When ``typed`` and one of ``known`` (names, or their ``shapes``) look alike but
    differ, a sentence naming the characters from another alphabet and where each is,
    else ""."""
    by_shape = known if isinstance(known, dict) else shapes(known)
    other = next((o for o in by_shape.get(skeleton(typed), ()) if o != typed), None)
    if other is None:
        return ""
    strange = [(ch, typed_where) for ch in dict.fromkeys(typed) if not ch.isascii()]
    strange += [(ch, known_where) for ch in dict.fromkeys(other) if not ch.isascii()]
    told = "; ".join(f"the {ch} {where} is U+{ord(ch):04X} "
                     f"{unicodedata.name(ch, 'an unnamed character')}" for ch, where in strange)
    return (f"{typed} and {other} look alike but are different names: {told}; retype it in "
            "Latin letters")


def glued_call(name: str, names: Iterable[str] = ()) -> str:
    """``sinx`` → "sinx is one name; for sin of x write sin(x)", when ``name`` is a function
    name followed by what reads as an argument: one of ``names``, or a short variable name
    (a letter and digits, ``x1``). Else ""."""
    from tracer.core.ops import FUNCTIONS, arities

    given = set(names)
    longest = max(map(len, FUNCTIONS))
    for cut in range(min(len(name) - 1, longest), 0, -1):  # the longest first: sinhx, not sin
        head, rest = name[:cut], name[cut:]
        if head in FUNCTIONS and 1 in arities(head) and (rest in given or _short_name(rest)):
            return f"{name} is one name; for {head} of {rest} write {head}({rest})"
    return ""


def _short_name(text: str) -> bool:
    return (text[:1].isalpha() and len(text) <= 3 and text[1:].replace("_", "").isdigit()) \
        or (len(text) == 1 and text.isalpha())


def not_an_input(name: str, inputs: Sequence[str], kind: str) -> str:
    """The message for a value given to a name that is no input (``--at``), with a hint."""
    found = hint(name, inputs)
    return f"{name} is not an input of the {kind}; its inputs are {listing(inputs)}" + \
        (f"; {found}" if found else "")


def powered(name: str) -> tuple[str, str, str] | None:
    """``x²`` → ("x", "2", "x² is one name (² is U+00B2 SUPERSCRIPT TWO)"): a name whose letters
    end in a superscript, as its base, its power and why it is one name; None for any other."""
    at = next((k for k, ch in enumerate(name) if "SUPERSCRIPT" in unicodedata.name(ch, "")),
              None)
    if not at:
        return None
    return (name[:at], unicodedata.normalize("NFKC", name[at:]),
            f"{name} is one name ({name[at]} is U+{ord(name[at]):04X} "
            f"{unicodedata.name(name[at])})")


def superscript(name: str) -> str:
    """``x²`` → "x² is one name (² is U+00B2 SUPERSCRIPT TWO); for a power write x^2", else ""."""
    found = powered(name)
    if found is None:
        return ""
    base, power, one_name = found
    return f"{one_name}; for a power write {base}^{power}"


def hint(typed: str, known: Iterable[str], typed_where: str = "given",
         known_where: str = "in the formula") -> str:
    """The hint for a name that is not among ``known`` (or, turned round, a known name with no
    value): a lookalike letter, a superscript, or a function glued to its argument. "" when
    none."""
    known = list(known)
    found = lookalike(typed, known, typed_where, known_where)
    if found:
        return found
    from tracer.core import ops  # here: the op table is not needed to spell a name

    if typed in ops.CONSTANTS:
        return (f"{typed} is {ops.CONSTANTS[typed].summary} where the program does not "
                "assign it: give the input another name")
    for name in (typed, *known):
        glued = superscript(name) or glued_call(name, [typed, *known])
        if glued:
            return glued
    return ""


def article(noun: str) -> str:
    """"a" or "an" before ``noun`` (by its first letter: an input, a parameter)."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


LISTED = 12  # names a message lists at most (listing)


def listing(names: Iterable[str], sep: str = ", ", most: int = LISTED, width: int = 40) -> str:
    """Names for a message, kept readable: each at most ``width`` characters, and at most
    ``most`` of them (``a, b, …, z (5,000 in all)``); "none" for none."""
    names = list(names)
    if not names:
        return "none"
    cut = [n if len(n) <= width else n[:width - 1] + "…" for n in names]
    if len(cut) > most:
        cut = [*cut[:most - 1], "…", cut[-1]]
        return sep.join(cut) + f" ({len(names):,} in all)"
    return sep.join(cut)


# --- what course code calls and tracer does not read ---------------------------------------------

JOIN = ("arrays are not joined here from a name: write them in brackets, np.concatenate((a, "
        "b)) or torch.cat([a, b], dim=0)")
_NOT_DIFFERENTIABLE = ("{name} is not read: its result does not change smoothly with the "
                       "inputs; compute it yourself and give it with --at")
_RANDOM = ("{name} draws at random, and tracer reads random values only as an input's, drawn "
           "with a fixed seed (x = torch.randn(2, 3, requires_grad=True)); for a constant, "
           "write its numbers, or make it an input and give it with --at")
# Functions of NumPy, PyTorch and micrograd that course code calls and tracer does not read,
# and what to write instead (a call, or a method: z.softmax(dim=0)); a program's own def of
# the name is read as any def.
NOT_READ_FUNCTIONS = {
    # wrappers a course's code puts around values
    "Value": "micrograd's Value(…) is not needed: write the number, or make it an input "
             "(--at a=…)",
    "float": "float(…) is not needed: every value is a number already",
    "int": "int(…) is not read: int rounds toward 0, so for a whole number write floor(x) "
           "where x ≥ 0 and ceil(x) where x < 0 (int(-1.5) is -1, floor(-1.5) is -2)",
    "where": "where is read as NumPy's function, np.where(condition, a, b) (torch.where too): "
             "write it so",
    "append": "append(…) is read on a line of its own, a list's name before it: ys.append(y) "
              "adds y to the list ys (Python's gives None, so it is no value to use)",
    "allclose": "allclose(a, b) is written out here: np.max(np.abs(a - b)) < 1e-8 (NumPy's "
                "adds 1e-5 |b|), or np.linalg.norm(a - b) < tol",
    "isclose": "isclose(a, b) is written out here: abs(a - b) < tol (math's tol is 1e-9 |b|, "
               "NumPy's 1e-8 + 1e-5 |b|)",
    "masked_fill": "masked_fill(…) is written with torch.where here: wei.masked_fill(tril == 0, "
                   "float('-inf')) is torch.where(tril == 0, -1e9, wei) (tracer's numbers are "
                   "finite; a softmax gives the masked places 0 either way)",
    "Variable": "Variable(…) is not needed: write the number, or make it an input (--at a=…)",
    **{name: _NOT_DIFFERENTIABLE.format(name=name) for name in ("argmax", "argmin", "round")},
    **{name: _RANDOM.format(name=name) for name in
       ("randn", "rand", "random", "randint", "normal")},
    # losses and activations of torch.nn.functional that the course writes out
    "nll_loss": "nll_loss is written out here, for log-probabilities lp and the class k: "
                "loss = -lp[k]",
    "leaky_relu": "leaky_relu is written out here: np.where(x > 0, x, 0.01*x) (its slope at 0 "
                  "is 0.01, as PyTorch's)",
    "elu": "elu is written out here: np.where(x > 0, x, exp(x) - 1) (its slope at 0 is 1, as "
           "PyTorch's)",
    **dict.fromkeys(("huber_loss", "smooth_l1_loss"),
                    "huber_loss and smooth_l1_loss are written out here, for r = y - t and "
                    "beta = 1: mean(np.where(abs(r) < 1, 0.5*r**2, abs(r) - 0.5))"),
    "hardtanh": "hardtanh is written out here: clip(x, -1, 1)",
    "relu6": "relu6 is written out here: clip(x, 0, 6)",
    "hardsigmoid": "hardsigmoid is written out here: clip(x/6 + 1/2, 0, 1)",
    "hardswish": "hardswish is written out here: x * clip(x + 3, 0, 6) / 6",
    "mish": "mish is written out here: x * tanh(softplus(x))",
    "selu": "selu is written out here: 1.0507009873554805 * np.where(x > 0, x, "
            "1.6732632423543772 * (exp(x) - 1))",
    "celu": "celu is written out here (alpha = 1): np.where(x > 0, x, exp(x) - 1)",
    "softsign": "softsign is written out here: x / (1 + abs(x))",
    "linear": "linear is written out here: x @ W.T + b",
    "dropout": "dropout is not read (it is random): leave it out, as PyTorch does in "
               "evaluation mode",
    # NumPy's and PyTorch's functions with a spelling of tracer's
    "fmod": "fmod(a, b) is written out here: a - b * sign(a/b) * floor(abs(a/b)) (C's "
            "remainder, the sign of a, as fmod's; a % b is Python's, the sign of b)",
    **{name: f"{name}(x) is written out here: {inverse}(1/x)" for names, inverse in (
        (("acoth", "arccoth"), "atanh"), (("asech", "arcsech"), "acosh"),
        (("acsch", "arccsch"), "asinh")) for name in names},
    "rsqrt": "write 1/sqrt(x) for rsqrt(x)",
    "heaviside": "write step(x) for heaviside(x, 0) (0 at 0), or np.where(x > 0, 1, h0)",
    "diff": "diff(x) is written out here: x[1:] - x[:-1]",
    "dist": "dist(a, b) is written out here: norm(a - b)",
    "mv": "write A @ x for mv(A, x)",
    # JAX's transformations other than grad
    "value_and_grad": "value_and_grad(f) is read on a line of its own at the top level: "
                      "v, g = jax.value_and_grad(f)(x0), with f a def written before it",
    **dict.fromkeys(("jacfwd", "jacrev", "jacobian"),
                    "jacfwd and jacrev are tracer's commands: run tracer jacobian on f's "
                    "program (it computes the Jacobian both ways)"),
    "hessian": "hessian(f) is tracer's command: run tracer hessian on f's program",
    "jvp": "jvp(f, (x0,), (v,)), a Jacobian-vector product, is tracer forward's: write y = "
           "f(x) and run tracer forward --at x=x0 --seed x=v",
    "vjp": "vjp(f, x0), a vector-Jacobian product, is tracer reverse's: write y = f(x) and "
           "run tracer reverse --at x=x0 --seed y=u",
    "vmap": "vmap is not read: write the loop, or a comprehension [f(x) for x in xs]",
    "jit": "jit is not needed: call the function itself",
    # layers and models, whose weights are their own and drawn at random
    **{name: f"{name} is a layer with weights of its own, drawn at random, which tracer "
             "does not read: write its computation with the weights as inputs, "
             "W = torch.tensor([[…]], requires_grad=True); h = W @ x + b "
             "(examples/nn-matrix.txt)" for name in
       ("Linear", "Bilinear", "Conv1d", "Conv2d", "RNN", "LSTM", "GRU", "RNNCell",
        "LSTMCell", "GRUCell", "Embedding", "BatchNorm1d", "BatchNorm2d", "LayerNorm")},
    **dict.fromkeys(("Sequential", "ModuleList", "Module"),
                    "a torch.nn model holds layers with weights of their own, drawn at random, "
                    "which tracer does not read: write its layers' computation with the "
                    "weights as inputs, h = sigmoid(W @ x + b) (examples/nn-matrix.txt)"),
    **dict.fromkeys(("MLP", "Neuron", "Layer"),
                    "micrograd's MLP, Layer and Neuron draw their weights at random, which "
                    "tracer does not read: write the network with its weights as inputs "
                    "(examples/nn-micrograd.txt)"),
    "Dropout": "nn.Dropout() is not read (it is random): leave it out, as PyTorch does in "
               "evaluation mode",
    # torch.nn's activation and loss objects whose functions tracer reads: one table
    **{name: f"nn.{name}() is {what}: call the function, {call}" for name, what, call in (
        *((name, "a layer object", f"{func}(x)") for name, func in
          (("ReLU", "relu"), ("Sigmoid", "sigmoid"), ("Tanh", "tanh"),
           ("Softplus", "softplus"))),
        *((name, "an object of torch.nn", f"{call} (read with PyTorch's defaults)")
          for name, call in
          (("MSELoss", "F.mse_loss(y, t)"), ("L1Loss", "F.l1_loss(y, t)"),
           ("CrossEntropyLoss", "F.cross_entropy(z, k)"),
           ("BCELoss", "F.binary_cross_entropy(p, t)"),
           ("BCEWithLogitsLoss", "F.binary_cross_entropy_with_logits(z, t)"),
           ("Softmax", "F.softmax(z, dim=1)"), ("LogSoftmax", "F.log_softmax(z, dim=1)"),
           ("GELU", "F.gelu(x)"), ("SiLU", "F.silu(x)"), ("LogSigmoid", "F.logsigmoid(x)"))))},
    # PyTorch's tensor methods with a spelling of tracer's
    "mm": "write A @ B for mm(A, B)",
    "view": "write .reshape(…) for .view(…)",
    "squeeze": "write .reshape(…) or .flatten() for .squeeze()",
    "unsqueeze": "write x.unsqueeze(d), a method given the new axis's place: x.unsqueeze(1) "
                 "is x[:, None] (a column), x.unsqueeze(0) x[None, :] (a row)",
    "size": "write .shape[0] (or len(x)) for .size(0)",
    "numel": "write len(x.flatten()) for .numel()",
    **dict.fromkeys(("radians", "deg2rad"), "write x*pi/180 for radians (deg2rad)"),
    **dict.fromkeys(("degrees", "rad2deg"), "write x*180/pi for degrees (rad2deg)"),
    "neg": "write -x for x.neg() (torch.neg(x))",
    **dict.fromkeys(("remainder", "mod"),
                    "write a % b for remainder(a, b) (Python's remainder, the sign of b, as "
                    "torch.remainder's and NumPy's; np.mod is np.remainder)"),
    "true_divide": "write a / b for true_divide(a, b)",
    "floor_divide": "write a // b for floor_divide(a, b) (⌊a/b⌋, as NumPy's)",
    **{name: f"write abs(x) for {name}(x) (NumPy's abs)" for name in ("absolute", "fabs")},
    "trunc": "trunc(x) is written out here: sign(x) * floor(abs(x)) (its slope is 0)",
    "lerp": "lerp(a, b, w) is written out here: a + w * (b - a)",
    "xlogy": "xlogy(x, y) is written out here: x * log(y)",
    "sinc": "sinc(x) is written out here: sin(pi*x) / (pi*x) (NumPy's and PyTorch's)",
    **{name: f"write a {sign} b for {name}(a, b)" for name, sign in
       (("multiply", "*"), ("add", "+"), ("subtract", "-"), ("divide", "/"))},
    # PyTorch's (and tinygrad's) arithmetic methods: a.mul(b) is a * b
    **{name: f"write a {sign} b for a.{name}(b) ({name}(a, b))" for name, sign in
       (("mul", "*"), ("sub", "-"), ("div", "/"))},
}
