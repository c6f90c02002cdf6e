"""The MathML printer: one-line checks, shaped by the op table's text templates."""

from __future__ import annotations

import pytest

from tracer.core.nodes import Deriv, Hole, Sym
from tracer.core.parse import parse
from tracer.render.mathml import MINUS, math, name, row, value


def m(text: str) -> str:
    return math(parse(text).statements[-1].expr)


@pytest.mark.parametrize("text, piece", [
    ("x1", "<msub><mi>x</mi><mn>1</mn></msub>"),
    ("theta2", "<msub><mi>θ</mi><mn>2</mn></msub>"),
    ("a/b", "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>"),
    ("x^2", "<msup><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></msup>"),
    ("x^-1", f"<mn>{MINUS}1</mn>"),
    ("sqrt(x)", "<msqrt><mi>x</mi></msqrt>"),
    ("log(x)", "<mi>ln</mi><mo>&#x2061;</mo>"),
    ("x*2", "<mo>·</mo><mn>2</mn>"),
    ("x*(2*y)", "<mo>·</mo><mrow><mn>2</mn>"),
    ("x*y", '<mi>x</mi><mspace width="0.25em"/><mi>y</mi>'),
    ("a-b", f"<mo>{MINUS}</mo>"),
    ("abs(x)", '<mrow><mo stretchy="false">|</mo><mi>x</mi><mo stretchy="false">|</mo></mrow>'),
    ("log(x)", '<mo>&#x2061;</mo><mrow><mo stretchy="false">(</mo><mi>x</mi>'),  # ln(x): tight
    ("log(1/x)", "<mrow><mo>(</mo><mfrac>"),  # around a fraction the fences stretch
    ("atan2(x, y)", "<mi>atan2</mi><mo>&#x2061;</mo>"),  # one name, digits and all
    ("log10(x)", "<mi>log10</mi>"),
])
def test_pieces(text, piece):
    assert piece in m(text)


def test_a_product_marked_times_is_written_with_times():
    from tracer.core.nodes import Call
    from tracer.core.ops import BY_NAME

    product = Call(BY_NAME["mul"], (Sym("bar", 2), Sym("", 0)), times=True)
    assert math(product) == (f'<math display="inline"><mrow><mrow>{row(2, "bar")}<mo>×</mo>'
                             f"{row(0)}</mrow></mrow></math>")
    assert "<mo>×</mo>" not in math(product._replace(times=False))


def test_rows_names_and_roles():
    assert row(-1) == f"<msub><mi>v</mi><mn>{MINUS}1</mn></msub>"
    assert "˙" in row(2, "dot") and "ˉ" in row(2, "bar")  # U+02C9: drawn solid (test_render_html)
    assert row(2, "dotbar").count("<mover") == 2
    assert name("x1", "dot").startswith('<msub><mover accent="true"><mi>x</mi>')


def test_a_version_mark_follows_the_whole_name_and_each_label_is_a_name():
    """total_sum′ is total_sum, then the prime (not a prime on the subscript); a row of
    several names (v₅ (x₁′, y)) sets each as a name, as the terminal and LaTeX do."""
    assert name("total_sum′") == "<msub><mi>total</mi><mi>sum</mi></msub><mo>′</mo>"
    assert name("x1′") == "<msub><mi>x</mi><mn>1</mn></msub><mo>′</mo>"
    assert name("c′") == "<mi>c</mi><mo>′</mo>"
    labelled = math(Sym("", 5, "x1′, y"))
    assert "<msub><mi>x</mi><mn>1</mn></msub><mo>′</mo><mo>,</mo><mi>y</mi>" in labelled
    assert "x1′" not in labelled


def test_a_fourth_version_is_a_superscript_as_in_latex():
    """c⁽⁴⁾ as c^{(4)}: its mark is no operator set loose (test_render_html measures it)."""
    power = '<mrow><mo stretchy="false">(</mo><mn>12</mn><mo stretchy="false">)</mo></mrow>'
    assert name("c⁽¹²⁾") == f"<msup><mi>c</mi>{power}</msup>"
    assert name("x1⁽¹²⁾") == f"<msubsup><mi>x</mi><mn>1</mn>{power}</msubsup>"
    assert name("f.b⁽¹²⁾[0,1]") == \
        f'<mi mathvariant="normal">f.</mi><msup><mi>b</mi>{power}</msup><mtext>[0,1]</mtext>'


def test_chains_and_display_nodes():
    text = math([Sym("dot", 1), Sym("dot", 0)], relation="+=")
    assert text.startswith('<math display="inline">') and "<mo>+=</mo>" in text
    assert "<mfrac>" in math(Deriv("y", ("x",))) and "<mtext>______</mtext>" in math(Hole())


def test_negative_numbers_are_one_token_in_parentheses():
    from tracer.core.nodes import Call, Num
    from tracer.core.ops import BY_NAME

    text = math(Call(BY_NAME["mul"], (Num(3.0), Num(-4.0))), numbers=True)
    assert (f'<mrow><mo stretchy="false">(</mo><mn>{MINUS}4</mn><mo stretchy="false">)</mo>'
            "</mrow>") in text and "<mo>×</mo>" in text


def test_values_are_numbers_or_an_exact_value_and_its_decimal():
    sympy = pytest.importorskip("sympy")
    import tracer.analysis.exact  # noqa: F401  (registers how exact values print)

    assert value(-0.5) == f"<mn>{MINUS}0.5</mn>"
    third = value(sympy.Rational(-13, 3))
    assert "<mfrac>" in third and third.endswith(f"<mo>≈</mo><mn>{MINUS}4.333</mn>")
    assert value(sympy.Integer(3)) == "<mn>3</mn>"
    assert value(sympy.sqrt(2)) == "<msqrt><mn>2</mn></msqrt><mo>≈</mo><mn>1.414</mn>"


def test_every_parenthesised_part_is_its_own_group():
    """Fences in a flat row take the infix form and its spacing; each group is an mrow with
    the fences first and last (prefix and postfix), whatever the template."""
    import re

    for text in ("sin(x)*cos(y)", "max(x, y) + log(x)", "abs(x - y)", "(x + y)*z", "sigmoid(x)"):
        markup = m(text)
        for found in re.finditer(r"<mo[^>]*>\(</mo>", markup):
            assert markup[:found.start()].endswith("<mrow>"), (text, markup)


def test_pieces_break_after_relations_operators_and_commas():
    from tracer.core.nodes import Name, Num, Tup
    from tracer.render.mathml import pieces

    chain = pieces([Name("y"), parse("x1*x2 + x2 - log(x1)").statements[0].expr])
    assert len(chain) == 4 and all(p.startswith('<math display="inline">') for p in chain)
    assert chain[0].endswith("<mo>=</mo></mrow></math>")
    assert chain[1].endswith("<mo>+</mo></mrow></math>")
    assert chain[2].endswith(f"<mo>{MINUS}</mo></mrow></math>")
    assert len(pieces([parse("a - (b + c)").statements[0].expr])) == 2  # not inside parens
    tup = pieces([Tup((Num(1.0), Num(-2.0), Num(3.0)))])
    assert len(tup) == 3 and tup[0].count("(") == 1 and tup[2].count(")") == 1
    assert pieces([Name("y")]) == [math(Name("y"))]  # one piece: the same markup
