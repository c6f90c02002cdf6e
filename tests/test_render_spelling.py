"""Spelling text for an output without Unicode: every character the encoding lacks in ASCII,
as the name is typed, and only those."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracer.render.spelling import SpellingStream, keeping, shows, spell, speller


@pytest.mark.parametrize(("text", "ascii"), [
    ("v̄₋₁ = v̄₂ × (1/v₋₁)", "vbar_-1 = vbar_2 * (1/v_-1)"),
    ("v̇₀ = ẋ₂", "vdot_0 = xdot_2"),
    ("v̄̇₋₁", "vbardot_-1"),
    ("∂y/∂x₁ ≈ 0.3333", "dy/dx_1 ~= 0.3333"),
    ("b̄ȳ₁", "bybar_1"),  # a two-letter name under one bar: the bar once
    ("ā1̄b̄ + ᾱβ̄γ̄", "a1bbar + alphabetagammabar"),  # digits and Greek of a base too
    ("t̄ōt̄āl̄_acc", "totalbar_acc"),
    ("θ̇ + α₂", "thetadot + alpha_2"),
    ("v₀⁻¹ + v₁²", "v_0^-1 + v_1^2"),
    ("c⁽⁴⁾ = c′ + f.b″[0,1]", "c^(4) = c' + f.b''[0,1]"),
    ("⌊v₁/v₂⌋ + ⌈v₃⌉ + √(v₄)", "floor(v_1/v_2) + ceil(v_3) + sqrt(v_4)"),
    ("w₁ ← w₁ − η ∂E/∂w₁", "w_1 <- w_1 - eta dE/dw_1"),
    ("-∞ … ⋮ ⋯", "-inf ... : ..."),
    ("━━━━ └── ├── │", "==== `-- +-- |"),
    ("a␀b␛", "a^@b^["),
    ("café ℝ ｘ µ", "cafe R x mu"),
    ("变量 😀", "\\u53d8\\u91cf \\U0001f600"),  # no spelling: the code point
])
def test_spelled_in_ascii(text, ascii):
    assert spell(text) == ascii


def test_what_the_encoding_has_is_kept():
    assert spell("v̄₋₁ × 2² · café", "latin-1") == "vbar_-1 × 2² · café"
    assert spell("v₀⁻¹", "latin-1") == "v_0^-1"  # ¹ alone is latin-1, ⁻¹ is spelled as one
    assert spell("a … b — c", "cp1252") == "a … b — c"
    assert spell("x₁ = 3", "utf-8") == "x₁ = 3"


def test_a_unicode_output_needs_no_spelling():
    assert speller("utf-8") is None and speller("UTF8") is None and speller(None) is None
    assert speller("ANSI_X3.4-1968")("x₁") == "x_1"  # the C locale's name for ASCII
    assert speller("no-such-codec")("x₁") == "x_1"


def test_a_stream_spells_what_it_writes():
    buffer = io.StringIO()
    stream = SpellingStream(buffer, spell)
    stream.write("v̄₋₁ = 1\n")
    assert buffer.getvalue() == "vbar_-1 = 1\n" and stream.getvalue() == buffer.getvalue()


@given(st.text(max_size=30), st.sampled_from(["ascii", "latin-1", "cp1252", "cp437"]))
def test_every_text_can_be_written_and_spelling_it_again_changes_nothing(text, encoding):
    spelled = spell(text, encoding)
    assert shows(spelled, encoding)
    assert spell(spelled, encoding) == spelled
    if shows(text, encoding):
        assert spelled == text


@given(st.text(alphabet="─━│├└┃┣┗═║╔╚▀▄█▖▗▘▙⠁⠿ ", max_size=30))
def test_box_drawing_and_plot_dots_keep_their_width(text):
    assert len(spell(text)) == len(text)


@pytest.mark.parametrize(("message", "spelled"), [
    ("unexpected character '＋'", "unexpected character '\\uff0b'"),  # not '+'
    ("unexpected character '≤': write <=", "unexpected character '\\u2264': write <="),
    ("x² is one name (² is U+00B2 SUPERSCRIPT TWO); for a power write x^2",
     "x\\u00b2 is one name (\\u00b2 is U+00B2 SUPERSCRIPT TWO); for a power write x^2"),
    ("v₁ = ln(v₀): log needs a positive argument", "v_1 = ln(v_0): log needs a positive argument"),
    ("found 'θ₁'", "found '\\u03b8\\u2081'"),
])
def test_an_error_keeps_the_characters_it_is_about(message, spelled):
    """Spelled, the character an error is about read as the ASCII it is mistaken for."""
    assert keeping(speller("ascii"), message)(message) == spelled


def test_what_the_output_shows_is_kept_in_an_error():
    message = "x² is one name (² is U+00B2 SUPERSCRIPT TWO)"
    assert keeping(speller("latin-1"), message)(message) == message
