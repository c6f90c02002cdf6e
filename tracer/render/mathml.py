"""The MathML printer: expression trees as MathML Core, for HTML pages (no script, no network).

It dispatches on node type like the text and LaTeX printer and reads the same op table. An
op's markup comes from its text template by shape, not by op name: literal letters become
``<mi>``, digits ``<mn>``, other characters ``<mo>``; a field with the ``sup`` spec becomes
``<msup>`` over the field before it; ``{0}/{1}`` becomes ``<mfrac>`` and ``√({0})`` becomes
``<msqrt>``. Parentheses follow the LaTeX rules (a fraction or an exponent needs none), and
the lecture's conventions hold as in every flavor: a negative that does not lead is
parenthesised, a product whose right factor is a number gets a dot, a product marked
``times`` (a tangent or adjoint times its partial) is written with ×.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from tracer.core.nodes import Call, Deriv, Etc, Hole, Name, Node, Num, Sym, Tup
from tracer.core.ops import ATOM
from tracer.core.printer import (
    ELIDED,
    FIELD,
    GREEK,
    exact_hooks,
    format_number,
    is_exact,
    is_negative,
    name_parts,
    prec,
    relations,
    small_integer,
    split_name,
)

# The accents: ˙ and ˉ (U+02C9). At text sizes Chromium draws the macron ¯ (U+00AF) so thin
# and faint over Latin Modern Math's letters that v̄ reads as v and v̄̇ as v̇; the modifier
# letter macron comes out solid (measured in a screenshot, tests/test_render_html.py).
_ACCENT = {"dot": "\u02d9", "bar": "\u02c9"}
_TOKEN = re.compile(r"[^\W\d_][^\W_]*|\d+(?:\.\d+)?|\S")


def math(node: Node | list[Node], numbers: bool = False, digits: int = 4,
         relation: str = "=") -> str:
    """A ``<math>`` element for a tree, or for a chain ``a = b = c``."""
    nodes = node if isinstance(node, list) else [node]
    parts = [_render(n, numbers, digits, True) for n in nodes]
    if len(parts) > 1:
        joined = parts[0] + "".join(f"<mo>{escape(r)}</mo>{p}"
                                    for r, p in zip(relations(nodes, relation), parts[1:],
                                                    strict=True))
    else:
        joined = parts[0] if parts else ""
    return f'<math display="inline"><mrow>{joined}</mrow></math>'


def pieces(nodes: list[Node], numbers: bool = False, digits: int = 4,
           relation: str = "=") -> list[str]:
    """A chain as several ``<math>`` elements that read as one, split where a line may break:
    after each relation, after a top-level binary operator (+, −, ×) and after each comma of a
    tuple. MathML Core lays a ``<math>`` out on one line, so a sentence on a narrow screen
    can only break between them: ``(∂y/∂x₁, ∂y/∂x₂) = (−4.333, 4)`` becomes four pieces."""
    parts: list[str] = []
    rels = relations(nodes, relation) if len(nodes) > 1 else []
    for k, node in enumerate(nodes):
        if parts:
            parts[-1] += f"<mo>{escape(rels[k - 1])}</mo>"
        parts += _parts(node, numbers, digits, True)
    return [f'<math display="inline"><mrow>{p}</mrow></math>' for p in parts]


_INFIX = re.compile(r"^\{0\} (\S+) \{1\}$")


def _parts(node: Node, numbers: bool, digits: int, lead: bool) -> list[str]:
    """A node's MathML in pieces a line may break between (see ``pieces``)."""
    if type(node) is Tup and len(node.items) > 1:  # type: ignore[union-attr]
        items = [_render(i, numbers, digits, True) for i in node.items]  # type: ignore[union-attr]
        # Each fence stretches, or not, for the piece it stands in.
        items[0] = _fences(items[0])[0] + items[0]
        items[-1] += _fences(items[-1])[1]
        return [item + "<mo>,</mo>" for item in items[:-1]] + [items[-1]]
    if type(node) is not Call:
        return [_render(node, numbers, digits, lead)]
    infix = _INFIX.match(node.op.template(False, numbers))  # type: ignore[union-attr]
    if infix is None:
        return [_render(node, numbers, digits, lead)]
    left, right = node.args  # type: ignore[union-attr]
    need = node.op.arg_parens(True)  # type: ignore[union-attr]
    head = [_arg(left, need[0], lead, numbers, digits)] if _needs_parens(left, need[0], lead) \
        else _parts(left, numbers, digits, lead)
    head[-1] += "".join(_literal(infix.group(1)))
    return [*head, _arg(right, need[1], False, numbers, digits)]


def expression(node: Node, numbers: bool = False, digits: int = 4) -> str:
    """A tree's MathML without the ``<math>`` element around it, to be joined with others."""
    return _render(node, numbers, digits, True)


def value(x: object, digits: int = 4) -> str:
    """A table value: a number, or an exact value followed by its decimal (−13/3 ≈ −4.333)."""
    if type(x) is float or not is_exact(x):
        return number(format_number(x, digits))  # type: ignore[arg-type]
    hooks = exact_hooks()
    exact = expression(hooks.node(x), True, digits)
    text = hooks.cell(x, digits, False)
    if "≈" not in text and " = " not in text:
        return exact
    relation = "≈" if "≈" in text else "="
    return f"{exact}<mo>{relation}</mo>{number(hooks.decimal(x, digits, False))}"


def _mrow(inner: str) -> str:
    return f"<mrow>{inner}</mrow>"


def fence(inner: str, opening: str = "(", closing: str = ")") -> str:
    """A parenthesised group in its own ``<mrow>``, so its fences are prefix and postfix."""
    left, right = _fences(inner, opening, closing)
    return f"<mrow>{left}{inner}{right}</mrow>"


def _fences(inner: str, opening: str = "(", closing: str = ")") -> tuple[str, str]:
    """The two fences around ``inner``. They stretch only around something tall (a fraction):
    Chromium gives a stretchy operator the width of its widest variant (MathML Core's rule),
    which sets short content loose, ``ln ( 3 )`` for ``ln(3)``."""
    stretch = "" if "<mfrac" in inner else ' stretchy="false"'
    return f"<mo{stretch}>{escape(opening)}</mo>", f"<mo{stretch}>{escape(closing)}</mo>"


def _parens(inner: str) -> str:
    return fence(inner)


MINUS = "\u2212"  # the minus sign, not a hyphen


@lru_cache(maxsize=1 << 16)
def number(text: str) -> str:
    """A number; a negative one is one token (−4), which keeps it tight inside parentheses."""
    if text.startswith("-"):
        return f"<mn>{MINUS}{escape(text[1:])}</mn>" if "e" not in text else \
            f'<mrow><mo form="prefix">{MINUS}</mo>{number(text[1:])}</mrow>'
    if "e" in text and not text.startswith("e"):
        mantissa, _, exp = text.partition("e")
        return (f"<mrow><mn>{escape(mantissa)}</mn><mo>×</mo><msup><mn>10</mn>"
                f"<mn>{str(int(exp)).replace('-', MINUS)}</mn></msup></mrow>")
    return f"<mn>{escape(text)}</mn>"


_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@lru_cache(maxsize=1 << 14)
def name(text: str, role: str = "") -> str:
    """A user's name: x1 as x with subscript 1, theta2 as θ₂, with a dot or bar accent over
    the whole name; a function's qualifier (f.), a version mark (′) and an index ([0,1]) as
    written."""
    qualifier, core, mark, index = name_parts(text)
    base, sub = split_name(core)
    base = GREEK.get(base, base)
    inner = accented(f"<mi>{escape(base)}</mi>", role)
    subscript = "" if not sub else \
        f"<mn>{escape(sub)}</mn>" if sub.isdigit() else f"<mi>{escape(sub)}</mi>"
    if mark.startswith("⁽"):
        # The fourth version and later (c⁽⁴⁾) are a superscript, as LaTeX's c^{(4)}: the
        # mark as an operator was set loose, with a thick space either side, "(c ⁽⁴⁾ )".
        power = fence(f"<mn>{mark[1:-1].translate(_DIGITS)}</mn>")
        mark = ""
        inner = f"<msubsup>{inner}{subscript}{power}</msubsup>" if sub else \
            f"<msup>{inner}{power}</msup>"
    elif sub:
        inner = f"<msub>{inner}{subscript}</msub>"
    # A prime follows the whole name, its subscript and all (x₁′, total_sum′), as the mark
    # of a name without one does (c′); a prime set as a superscript would be drawn at
    # script size, too small to read.
    before = f'<mi mathvariant="normal">{escape(qualifier)}</mi>' if qualifier else ""
    after = (f"<mo>{escape(mark)}</mo>" if mark else "") + \
        (f"<mtext>{escape(index)}</mtext>" if index else "")
    return before + inner + after if before or after else inner


def accented(inner: str, role: str) -> str:
    """``inner`` under its role's accents: a dot (tangent), a bar (adjoint), or a dot over a
    bar (``dotbar``, the tangent of an adjoint)."""
    for accent in (["bar", "dot"] if role == "dotbar" else [role] if role else []):
        inner = f'<mover accent="true">{inner}<mo>{_ACCENT[accent]}</mo></mover>'
    return inner


@lru_cache(maxsize=1 << 16)
def row(index: int, role: str = "") -> str:
    """v₋₁, v̇₀, v̄₃, v̄̇₂ as MathML."""
    inner = accented("<mi>v</mi>", role)
    return f"<msub>{inner}<mn>{str(index).replace('-', MINUS)}</mn></msub>"


def _render(node: Node, numbers: bool, digits: int, lead: bool) -> str:
    kind = type(node)
    if kind is Num:
        if node.text is not None:  # type: ignore[union-attr]
            return number(node.text)  # type: ignore[union-attr]
        value = node.value  # type: ignore[union-attr]
        if type(value) is not float and is_exact(value):
            tree = exact_hooks().node(value)
            if type(tree) is Num and tree.value is value:  # beyond floats: its decimal
                return number(exact_hooks().decimal(value, digits, False))
            return _render(tree, numbers, digits, lead)
        return number(format_number(value, digits))
    if kind is Sym:
        return _sym(node)  # type: ignore[arg-type]
    if kind is Name:
        return name(node.name)  # type: ignore[union-attr]
    if kind is Etc:
        return "<mo>⋯</mo>"
    if kind is Hole:
        return f"<mtext>{'_' * node.width}</mtext>"  # type: ignore[union-attr]
    if kind is Tup:
        inner = "<mo>,</mo>".join(_render(i, numbers, digits, True)
                                  for i in node.items)  # type: ignore[union-attr]
        return _parens(inner)
    if kind is Deriv:
        return _deriv(node)  # type: ignore[arg-type]
    assert isinstance(node, Call)
    return _call(node, numbers, digits, lead)


@lru_cache(maxsize=1 << 16)
def _sym(node: Sym) -> str:
    """A trace quantity, marked up once: a row stands in every rule that uses it."""
    out = row(node.ref, node.role) if isinstance(node.ref, int) else \
        name(node.ref, node.role)
    if node.label:  # one name or several (v₄ (a′, y)), each typeset on its own
        names = "<mo>,</mo>".join(name(n) if n != ELIDED else "<mo>…</mo>"
                                  for n in node.label.split(", "))
        out += '<mspace width="0.3em"/>' + fence(names)
    return out


def _deriv(node: Deriv) -> str:
    order = len(node.wrt)
    top = "<mo>∂</mo>" if order == 1 else f"<msup><mo>∂</mo><mn>{order}</mn></msup>"
    if order > 1 and len(set(node.wrt)) == 1:
        bottom = f"<mo>∂</mo><msup>{name(node.wrt[0])}<mn>{order}</mn></msup>"
    else:
        bottom = "".join(f"<mo>∂</mo>{name(w)}" for w in node.wrt)
    return f"<mfrac><mrow>{top}{name(node.of)}</mrow><mrow>{bottom}</mrow></mfrac>"


def _needs_parens(arg: Node, need: int, lead: bool) -> bool:
    return prec(arg) < need or (need > 0 and not lead and is_negative(arg))


def _arg(arg: Node, need: int, lead: bool, numbers: bool, digits: int) -> str:
    if _needs_parens(arg, need, lead):
        return _parens(_render(arg, numbers, digits, True))
    return _render(arg, numbers, digits, lead)


def _call(node: Call, numbers: bool, digits: int, lead: bool) -> str:
    op = node.op
    template = op.template(False, numbers or node.times)
    need = op.arg_parens(True)  # two-dimensional layout, as LaTeX: fractions need no parens
    if template == "{0}/{1}":
        return (f"<mfrac>{_mrow(_render(node.args[0], numbers, digits, True))}"
                f"{_mrow(_render(node.args[1], numbers, digits, True))}</mfrac>")
    if template == "√({0})":
        return f"<msqrt>{_render(node.args[0], numbers, digits, True)}</msqrt>"
    pieces: list[str] = []
    for literal, k, spec in _template(template):
        pieces.extend(literal)
        if k < 0:
            continue
        arg = node.args[k]
        if spec == "sup":
            base = pieces.pop() if pieces else "<mrow/>"
            k = small_integer(arg)
            exponent = number(str(k)) if k is not None else _render(arg, numbers, digits, True)
            pieces.append(f"<msup>{_mrow(base)}{_mrow(exponent)}</msup>")
        elif type(arg) is Sym:  # an atom, never negative: no walk needed
            text = _sym(arg)
            if need[k] > ATOM:
                text = _parens(text)
            if spec == "juxt":
                number_like = _LEADING_ROWS.sub("", text).startswith("<mn>")
                pieces.append("<mo>·</mo>" if number_like else '<mspace width="0.25em"/>')
            pieces.append(text)
        else:
            first = k == 0 and template.startswith("{0")
            text = _arg(arg, need[k], lead and first, numbers, digits)
            if spec == "juxt":
                number_like = type(arg) is Num or _LEADING_ROWS.sub("", text).startswith("<mn>")
                pieces.append("<mo>·</mo>" if number_like else '<mspace width="0.25em"/>')
            pieces.append(text)
    return _mrow("".join(_grouped(pieces)))


_LEADING_ROWS = re.compile(r"^(<mrow>)+")


@lru_cache(maxsize=256)
def _template(template: str) -> tuple[tuple[tuple[str, ...], int, str | None], ...]:
    """A template cut once into (the literal tokens before a field, the field's argument and
    spec), the literal tail last with no field (-1)."""
    out: list[tuple[tuple[str, ...], int, str | None]] = []
    pos = 0
    for m in FIELD.finditer(template):
        out.append((tuple(_literal(template[pos:m.start()])), int(m.group(1)), m.group(2)))
        pos = m.end()
    out.append((tuple(_literal(template[pos:])), -1, None))
    return tuple(out)


_OPENING = {"<mo>(</mo>": ")", "<mo>|</mo>": "|"}


def _grouped(pieces: list[str]) -> list[str]:
    """A template's literal fences with what they enclose, each group in its own ``<mrow>``:
    ``ln(3)`` is ``<mi>ln</mi><mo>⁡</mo><mrow><mo>(</mo><mn>3</mn><mo>)</mo></mrow>``."""
    out: list[str] = []
    open_at: list[int] = []
    for piece in pieces:
        closing = piece[4:-5] if piece.startswith("<mo>") else ""
        if open_at and closing == _OPENING[out[open_at[-1]]]:
            start = open_at.pop()
            opening = out[start][4:-5]
            inner = "".join(out[start + 1:])
            del out[start:]
            out.append(fence(inner, opening, closing))
        else:
            if piece in _OPENING:
                open_at.append(len(out))
            out.append(piece)
    return out


def _literal(text: str) -> list[str]:
    """Literal template text as tokens: letters are identifiers, digits numbers, the rest
    operators (a function name is followed by an invisible function application)."""
    out = []
    for tok in _TOKEN.findall(text):
        if tok[0].isalpha():
            out.append(f"<mi>{escape(tok)}</mi>")
            if len(tok) > 1:
                out.append("<mo>&#x2061;</mo>")
        elif tok[0].isdigit():
            out.append(f"<mn>{tok}</mn>")
        elif tok == "-":
            out.append(f"<mo>{MINUS}</mo>")
        else:
            out.append(f"<mo>{escape(tok)}</mo>")
    return out
