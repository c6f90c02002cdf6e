"""Plain text for LaTeX (tracer.render.latex_text): specials escaped, notation as math,
accents as accents, every other character named by its code point."""

from __future__ import annotations

import pytest

from tracer.render.latex_text import code, math_text, readable, text, tokens


@pytest.mark.parametrize(("given", "latex"), [
    ("", ""),
    ("plain words", "plain words"),
    ("50%", r"50\%"),
    ("a_b & {c}", r"a\_b \& \{c\}"),
    ("~^<>|\\$#", r"\textasciitilde{}\textasciicircum{}\textless{}\textgreater{}\textbar{}"
                  r"\textbackslash{}\$\#"),
    ("∂y/∂x₂", r"\ensuremath{\partial}y/\ensuremath{\partial}x\ensuremath{_{2}}"),
    ("v̄₀", r"\ensuremath{\bar{v}_{0}}"),
    ("x̄₁", r"\ensuremath{\bar{x}_{1}}"),
    ("ẋ", r"\ensuremath{\dot{x}}"),
    ("lₙ₊₁", r"l\ensuremath{_{n+1}}"),
    ("10⁻ᵏ", r"10\ensuremath{^{-k}}"),
    ("θ", r"\ensuremath{\theta}"),
    ("Ω", r"\ensuremath{\Omega}"),
    ("Α", r"\ensuremath{\mathrm{A}}"),  # capital alpha looks like A
    ("∂ο", r"\ensuremath{\partial o}"),  # a space: not the macro \partialo
    ("café", r"caf\'{e}"),
    ("naïve", r'na\"{\i}ve'),  # the accent replaces the dot of i
    ("ñ", r"\~{n}"),
    ("–", "--"),
    ("a … b", r"a \ldots{} b"),
    ("😀", "[U+1F600]"),
    ("--digits", "-{}-digits"),  # two hyphens, not TeX's en dash
    ("``q''", "`{}`q'{}'"),
])
def test_text(given, latex):
    assert text(given) == latex


@pytest.mark.parametrize(("given", "latex"), [
    ("", ""),
    ("50%", r"\text{50}\%"),
    ("∂y/∂x₂", r"\partial \text{y/}\partial \text{x}_{2}"),
    ("θ", r"\theta "),
    ("café", r"\text{café}"),  # MathJax reads the letter as it is
    ("₁x", r"{}_{1}\text{x}"),  # a subscript needs a base
    ("~|\\", r"\sim \vert \backslash "),
])
def test_math_text(given, latex):
    assert math_text(given) == latex


def test_text_breaks_a_long_word_after_hyphens_and_slashes():
    assert text("see exercise-2-accumulate-gradients-long.txt or a/b", breaks=True) == (
        r"see exercise-\allowbreak{}2-\allowbreak{}accumulate-\allowbreak{}gradients-"
        r"\allowbreak{}long.txt or a/\allowbreak{}b")


def test_text_breaks_a_word_without_hyphens_every_24_characters():
    assert text("a" * 30, breaks=True) == "a" * 24 + r"\allowbreak{}" + "a" * 6


def test_text_short_word_with_a_hyphen_does_not_break():
    assert text("well-known", breaks=True) == "well-known"


def test_code_breaks_after_operators_not_after_a_sign():
    assert code("y = f(a, b)") == r"y =\allowbreak{} f(\allowbreak{}a,\allowbreak{} b)"
    assert code("x*-1") == "x*-1"


def test_code_breaks_a_long_name_after_underscores():
    assert code("total_gradient_accumulator_value += 1") == (
        r"total\_\allowbreak{}gradient\_\allowbreak{}accumulator\_\allowbreak{}value "
        r"+=\allowbreak{} 1")


def test_readable_leaves_ascii_and_t1_letters():
    assert readable("x") == "x"
    assert readable(r"\text{\textit{é}}\text{\textit{ł}}") == r"\text{\textit{é}}\text{\textit{ł}}"


def test_readable_names_other_letters_by_code_point():
    assert readable(r"\text{\textit{я}}") == r"\text{\textit{[U+044F]}}"
    assert readable(r"\text{\textit{я}}\text{\textit{б}}") == \
        r"\text{\textit{[U+044F]}}\allowbreak \text{\textit{[U+0431]}}"


def test_tokens_kinds():
    assert list(tokens("a%é")) == [("plain", "a", "a"), ("special", "%", "%"),
                                   ("word", r"\'{e}", "é")]
    assert list(tokens("😀")) == [("unknown", "", "😀")]
    assert list(tokens("∂")) == [("math", r"\partial", "∂")]
