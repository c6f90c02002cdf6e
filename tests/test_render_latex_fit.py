"""Widths of LaTeX math estimated from its source, columns capped to a budget, and long
fractions written on the line so a sentence can break them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracer.render.latex_fit import (
    BALANCE,
    LONG_FRACTION,
    balanced_caps,
    breakable_fractions,
    column_caps,
    measure,
    text_measure,
)

TABLE3 = (r"\bar{v}_{-1} = \bar{x}_{1} = \bar{v}_{2} \times \frac{1}{v_{-1}} "
          r"+ \bar{v}_{1} \times v_{0}")


def test_a_cell_is_measured_near_what_tex_sets():
    # pdflatex sets Table 3's columns (beamer, 11 pt) at 43 em together; the estimate is 42.9.
    cells = [r"v_{2} = \ln(v_{-1})", r"-16 - 1.099 = -17.1", TABLE3,
             r"-1 \times \frac{1}{3} + 1 \times (-4) = -4.333"]
    assert 40 < sum(measure(c)[0] for c in cells) < 46


@pytest.mark.parametrize("latex, widest", [
    (r"a = b", "a ="),  # breaks after a relation, which stays on the line it ends
    (r"(-6.5) = 1", "(-6.5) ="),  # a sign after a bracket is no place to break
    (r"x = -bcd", "-bcd"),  # a sign after a relation neither
    (r"\frac{a + b + c}{d} + e", r"\frac{a + b + c}{d} +"),  # nor inside a fraction
    (r"\left(a + b + c\right) d", r"\left(a + b + c\right) d"),  # nor inside \left( … \right)
    # nor after a comma: TeX sets a - there as a sign, so max(…) is one piece
    (r"\max(-0.4375, -0.004375) = -0.004375", r"\max(-0.4375, -0.004375) ="),
])
def test_the_widest_piece_is_what_cannot_break(latex, widest):
    assert measure(latex)[1] == pytest.approx(measure(widest)[0])


def test_a_cell_is_at_least_its_widest_piece():
    width, piece = measure(TABLE3)
    assert 0 < piece < width


def test_columns_that_fit_are_not_capped():
    assert column_caps([[(5.0, 2.0)], [(6.0, 3.0)]], 20.0) == [None, None]


def test_the_widest_columns_are_capped_to_one_width_within_the_budget():
    caps = column_caps([[(5.0, 2.0)], [(20.0, 3.0)], [(14.0, 4.0)]], 25.0)
    assert caps[0] is None and caps[1] == pytest.approx(caps[2], abs=1e-6)
    assert 5 + caps[1] + caps[2] == pytest.approx(25.0, abs=1e-3)


def test_a_column_is_never_capped_below_what_it_cannot_break():
    caps = column_caps([[(30.0, 12.0)], [(30.0, 2.0)]], 10.0)
    assert caps[0] == 12.0 and caps[1] is not None and caps[1] < 12.0


@given(st.lists(st.tuples(st.floats(0, 60), st.floats(0, 1)), min_size=1, max_size=8),
       st.floats(1, 80))
def test_capped_columns_fill_the_budget_or_their_floors(cols, budget):
    columns = [[(w, w * f)] for w, f in cols]
    caps = column_caps(columns, budget)
    used = sum(w if c is None else c for (w, _), c in zip(cols, caps, strict=True))
    floors = sum(w * f for w, f in cols)
    assert used <= max(budget, floors) + 1e-3
    assert all(c is None or c <= w for (w, _), c in zip(cols, caps, strict=True))


def test_a_header_breaks_at_its_spaces():
    width, word = text_measure("Reverse Adjoint Trace")
    assert word < width and word == text_measure("Adjoint")[0]


def test_a_long_fraction_is_written_on_the_line():
    top = r"3 x_{1}^{2} + x_{2}^{2} + x_{2} \exp(x_{1} x_{2}) + x_{2} \cos(x_{1})"
    assert measure(top)[0] > LONG_FRACTION
    out = breakable_fractions(rf"\frac{{{top}}}{{x_{{1}} + x_{{2}}}} - \frac{{1}}{{x_{{1}}}}")
    assert out == rf"({top}) / (x_{{1}} + x_{{2}}) - \frac{{1}}{{x_{{1}}}}"
    assert measure(out)[1] < LONG_FRACTION  # now every piece is short


def test_a_fraction_inside_a_long_one_is_unfolded_too_and_groups_are_left_alone():
    inner = r"\frac{a + b + c + d + e + f + g + h}{2}"
    out = breakable_fractions(rf"\frac{{{inner} + x_{{1}}}}{{y}}")
    assert out == r"((a + b + c + d + e + f + g + h) / (2) + x_{1}) / (y)"
    assert breakable_fractions(r"x^{\frac{a + b + c + d + e + f + g + h}{2}}") == \
        r"x^{\frac{a + b + c + d + e + f + g + h}{2}}"  # a script cannot break anyway


@given(st.lists(st.sampled_from([r"\bar{v}_{", "}", " = ", " + ", r" \times ", "-", "0.", "x_{",
                                 r"\frac{", "}{", "1", "23", "456", "7", "89", "(", ")"]),
                max_size=30),
       st.integers(0, 9))
def test_a_cell_measures_as_its_form_whatever_its_digits(parts, digit):
    """Every digit is as wide as any other: a cell is measured once per form of its digits
    (a long trace's cells share a few), and that is what measuring it afresh gives."""
    from tracer.render.latex_fit import _measure

    latex = "".join(parts)
    other = "".join(str(digit) if c.isdigit() else c for c in latex)
    assert measure(latex) == measure(other) == _measure.__wrapped__(latex.encode())


def test_a_cell_wider_than_the_whole_budget_does_not_widen_its_column():
    """A long loop's first adjoint sums 150 terms: it wraps however wide its column is, so
    the column is as wide as its other cells, not the budget's share of that one cell."""
    caps = column_caps([[(5.0, 2.0), (200.0, 3.0)], [(6.0, 2.0)]], 20.0)
    assert caps[0] == pytest.approx(5.0) and caps[1] is None
    alone = column_caps([[(200.0, 3.0)], [(6.0, 2.0)]], 20.0)  # nothing else: the budget's
    assert alone[0] == pytest.approx(14.0, abs=1e-3) and alone[1] is None


def test_a_column_a_long_name_holds_wide_leaves_the_others_half_its_width():
    columns = [[(30.0, 16.0)], [(20.0, 2.0)], [(20.0, 2.0)]]
    assert column_caps(columns, 26.0)[1] == pytest.approx(5.0, abs=1e-3)  # a sliver
    caps = balanced_caps(columns, 26.0)
    assert caps[0] == 16.0 and caps[1] == pytest.approx(BALANCE * 16.0, abs=1e-3) == caps[2]
    fitting = [[(10.0, 2.0)], [(12.0, 3.0)], [(14.0, 2.0)]]
    assert balanced_caps(fitting, 25.0) == column_caps(fitting, 25.0)


@pytest.mark.parametrize("latex, slashed", [
    (r"\frac{\partial y}{\partial x_{1}}", r"\partial y/\partial x_{1}"),
    (r"\frac{\partial^{2} y}{\partial x_{1} \partial x_{2}}",
     r"\partial^{2} y/\partial x_{1} \partial x_{2}"),
    (r"\frac{a + b}{c} - \frac{1}{2}", r"(a + b)/c - 1/2"),
    # a letter pdflatex cannot read, spelled by its code point in a subscript, is no sum: the
    # bottom ∂θ_страх was bracketed for the + of [U+0441]
    (r"\frac{\partial y}{\partial \theta_{\text{\textit{[U+0441]}}}}",
     r"\partial y/\partial \theta_{\text{\textit{[U+0441]}}}"),
    (r"\frac{x_{1} + x_{2}}{c}", r"(x_{1} + x_{2})/c"),
])
def test_a_heading_writes_every_fraction_on_the_line(latex, slashed):
    assert breakable_fractions(latex, 0) == slashed
