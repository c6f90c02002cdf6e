"""Laying text tables out to a width: cells wrap where math breaks, wide tables are cut between
their column groups, and no line is ever wider than the width."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tracer.render import layout
from tracer.render.layout import GAP, INDENT, OPERATORS, Across, Sheet, lay_out, tables, wrap

RULE = "v̄̇₋₁ = v̄̇₂ (1/v₋₁) + v̄₂ (-1/v₋₁²) v̇₋₁ + v̄̇₁ v₀ + v̄₁ v̇₀"
NUMBERS = "1 × (-(-0.07727)/1.5²) + (-2.691e+04) × 1.5 + (-2.691e+04) × 1.5 = -8.074e+04"


def test_a_cell_that_fits_stays_on_one_line():
    assert wrap(RULE, 60) == [RULE]


def test_cells_break_before_sums_and_relations_never_after_an_operator():
    assert wrap(RULE, 49) == ["v̄̇₋₁ = v̄̇₂ (1/v₋₁) + v̄₂ (-1/v₋₁²) v̇₋₁ + v̄̇₁ v₀", "  + v̄₁ v̇₀"]
    assert wrap(NUMBERS, 40) == ["1 × (-(-0.07727)/1.5²)", "  + (-2.691e+04) × 1.5",
                                 "  + (-2.691e+04) × 1.5 = -8.074e+04"]
    assert wrap("1 × (-4) + 3 × 0 = -4", 18) == ["1 × (-4) + 3 × 0", "  = -4"]
    text = "-16 x (1 - 4 x (1 - x)) + 16 (1 - x) (1 - 4 x (1 - x))"
    assert wrap(text, 32) == ["-16 x (1 - 4 x (1 - x))", "  + 16 (1 - x) (1 - 4 x (1 - x))"]
    # inside parentheses only when nothing else will do
    assert wrap(text, 30) == ["-16 x (1 - 4 x (1 - x)) + 16", "  (1 - x) (1 - 4 x (1 - x))"]


def test_a_word_wider_than_the_width_is_cut_as_a_last_resort():
    lines = wrap("supercalifragilistic word", 8)
    assert all(cell_len(line) <= 8 for line in lines) and "word" in lines


words = st.text(alphabet="abcxyz0123456789.()₁₂ᵢ̄̇", min_size=1, max_size=9)
# terms, each maybe joined to the next by an operator (a rule or its numbers: "a (b) × c + d")
terms = st.lists(st.tuples(words, st.sampled_from(["", *sorted(OPERATORS)])), min_size=1,
                 max_size=30)


def joined(parts: list[tuple[str, str]]) -> str:
    out = [parts[0][0]]
    for (_, op), (word, _) in itertools.pairwise(parts):
        out += [op, word] if op else [word]
    return " ".join(out)


@given(terms, st.integers(min_value=14, max_value=90))
def test_wrapping_keeps_every_word_whole_and_never_ends_a_line_with_an_operator(parts, width):
    text = joined(parts)
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert [w for line in lines for w in line.split()] == text.split()
    assert all(line.startswith(" " * INDENT) for line in lines[1:])
    assert not any(line.split()[-1] in OPERATORS for line in lines[:-1])


def sheet(*columns: tuple[str, list[str]], groups, named=None, across=()) -> Sheet:
    rows = [tuple(c[1][k] for c in columns) for k in range(len(columns[0][1]))]
    for at, text in across:
        rows.insert(at, Across(text))
    return Sheet(tuple(c[0] for c in columns), tuple(rows), groups,
                 named or tuple(True for _ in groups), tuple(f"v{k}" for k in range(len(
                     columns[0][1]))), "Row")


def test_a_table_that_fits_is_drawn_as_it_is():
    s = sheet(("Primal", ["v1 = a", "v2 = b c"]), ("Output", ["1", "2"]), groups=((0, 1),))
    (laid,) = lay_out(s, 80)
    assert laid.header == ["Primal     Output"] and laid.rule == "━" * 17
    assert [lines for lines, _ in laid.rows] == [["v1 = a     1"], ["v2 = b c   2"]]


def test_a_wide_table_is_cut_between_its_groups():
    wide = ["x" * 30 + " = " + "y" * 30] * 3
    s = sheet(("A", wide), ("A out", wide), ("B", wide), ("B out", wide),
              groups=((0, 1), (2, 3)))
    cut = tables(s, 100)
    assert [columns for columns, _ in cut] == [[0, 1], [2, 3]]  # each group with its output
    for laid in lay_out(s, 100):
        assert all(cell_len(line) <= 100 for line, _ in laid.lines())


def test_a_later_table_of_values_starts_with_the_rows_names():
    s = sheet(("Rule", ["v1 = " + "a" * 40, "v2 = b"]), ("Output", ["1", "2"]),
              ("c2", ["0.123456789"] * 2), ("c3", ["0.123456789"] * 2),
              groups=((0, 1), (2,), (3,)), named=(True, False, False))
    first, second = lay_out(s, 60)
    assert first.header[-1].startswith("Rule")
    assert second.header[-1].startswith("Row") and second.rows[0][0][0].startswith("v0")


def test_a_line_across_wraps_to_the_whole_width_not_the_table_s():
    note = "while b < 1000: 11.56 < 1000 → true (iteration 3)"
    s = sheet(("Rule", ["v1 = a"]), ("Output", ["1"]), groups=((0, 1),), across=[(1, note)])
    (laid,) = lay_out(s, 80)
    assert laid.rows[1] == ([note], "")
    narrow = lay_out(s, 30)[0]
    assert len(narrow.rows[1][0]) == 2 and all(cell_len(x) <= 30 for x in narrow.rows[1][0])


def test_rows_are_set_apart_only_when_many_wrap():
    long = "a + " * 20 + "b"
    many = sheet(("R", [long] * 3), ("O", ["1"] * 3), groups=((0, 1),))
    few = sheet(("R", [long, "x", "y", "z"]), ("O", ["1"] * 4), groups=((0, 1),))
    assert lay_out(many, 40)[0].spaced and not lay_out(few, 40)[0].spaced
    assert ("", "") in lay_out(many, 40)[0].lines()


def test_columns_are_gap_apart_and_headers_wrap_onto_the_rule():
    s = sheet(("Forward Primal Trace", ["v = a"]), ("Output", ["1"]), groups=((0, 1),))
    (laid,) = lay_out(s, 16)
    assert laid.header == ["Forward", "Primal", "Trace" + " " * (7 - 5 + GAP) + "Output"]
    assert laid.rows[0][0] == ["v = a" + " " * (7 - 5 + GAP) + "1"]


@given(st.text(alphabet=st.sampled_from(
    "v̄̇x₀₁₂₋ₙ⁽²⁾′″=≈←→+−-×·()[]√∞πθ∂ ∑λ中😀\u200d\u0301é" + "abc019.,"), max_size=30))
def test_cell_len_counts_as_rich_does(text: str) -> None:
    """The counting shortcut learns characters as texts show them and agrees with rich."""
    assert layout.cell_len(text) == cell_len(text)


def _fold_by_remeasuring(text: str, room: int) -> list[str]:
    """The plain definition of folding (each part measured again as it grows): the oracle
    for ``layout._fold``, which sums widths as it goes."""
    parts, current = [], ""
    for ch in text:
        if current and layout.cell_len(current + ch) > room:
            parts.append(current)
            current = ""
        current += ch
    return [*parts, current] if current else parts


# ASCII, the table's marks and subscripts, wide characters, a character a variation selector
# widens (☺), the joiner and the selector themselves, a control character
FOLDED = "ab(1₋₁\u0304\u0307中😀☺\u200d\ufe0f\x01 "


@given(st.text(alphabet=FOLDED, max_size=40), st.integers(0, 8))
def test_folding_sums_widths_as_rich_measures_the_whole_part(text, room):
    assert layout._fold(text, room) == _fold_by_remeasuring(text, room)


def test_folding_a_very_long_word_is_linear_and_keeps_every_character():
    name = "x" + "abcdefghij" * 5_000  # a 50,001-character name at the natural width
    parts = layout._fold(name, 9_990)
    assert "".join(parts) == name and [len(p) for p in parts] == [9_990] * 5 + [51]
    nested = "(" * 60_000
    assert layout._fold(nested, 70) == ["(" * 70] * 857 + ["(" * 10]


def test_a_term_that_fits_a_line_is_never_broken_before_its_product_sign():
    """COLUMNS=80 tracer hessian: `… + v̄̇₂` ended a line and `× cos(v₋₂) + …` began the next."""
    rule = ("v̄̇₋₂ = v̄̇₄ × 2 v₋₂ + v̄₄ × 2 × v̇₋₂ + v̄̇₂ × cos(v₋₂) + v̄₂ × (-sin(v₋₂) × v̇₋₂) "
            "+ v̄̇₁ × v₋₁ + v̄₁ × v̇₋₁")
    assert wrap(rule, 40) == ["v̄̇₋₂ = v̄̇₄ × 2 v₋₂", "  + v̄₄ × 2 × v̇₋₂ + v̄̇₂ × cos(v₋₂)",
                              "  + v̄₂ × (-sin(v₋₂) × v̇₋₂) + v̄̇₁ × v₋₁", "  + v̄₁ × v̇₋₁"]
    # a term wider than the column breaks inside, before a × or inside its parentheses
    wide = "v̄̇₈ = v̄₁₀ × (-((1/v₈²) × v̇₄ - (v₄/v₈⁴) · 2 v₈ × v̇₈))"
    assert all(cell_len(line) <= 30 for line in wrap(wide, 30)) and len(wrap(wide, 30)) > 1


def term_starts(words: list[str]) -> list[int]:
    """Where the terms of a text begin (word indices): at each relation and each top-level +
    or − that follows no operator."""
    out, depth, previous = [], 0, ""
    for k, word in enumerate(words):
        if k == 0 or (depth == 0 and previous not in OPERATORS and
                      word in layout.RELATIONS | layout.SUMS):
            out.append(k)
        depth += sum(word.count(c) for c in "([{") - sum(word.count(c) for c in ")]}")
        previous = word
    return out


@given(terms, st.integers(min_value=14, max_value=90))
def test_every_term_that_fits_a_line_stays_on_one(parts, width):
    words = joined(parts).split(" ")
    lines = wrap(" ".join(words), width)
    breaks, k = set(), 0
    for line in lines:
        breaks.add(k)
        k += len(line.split())
    room = width - INDENT if width > 2 * INDENT + 4 else width
    starts = term_starts(words)
    for a, b in zip(starts, [*starts[1:], len(words)], strict=True):
        if cell_len(" ".join(words[a:b])) <= room:
            assert not breaks & set(range(a + 1, b)), (words[a:b], lines)


def test_a_word_wider_than_its_column_is_cut_between_numbers():
    # 16 columns, 14 after the indent: the fraction whole, then its last bracket
    assert layout.wrap("1 × (1/(5153632/16807))", 16) == ["1 × (1/(", "  5153632/16807)", "  )"]
    assert layout._pieces("(1/(5153632/16807))", 16) == ["(1/(", "5153632/16807))"]
    assert layout._pieces("-343/26559922791424", 14) == ["-343/", "26559922791424"]
    assert layout._pieces("x" * 30, 10) == ["x" * 10] * 3  # a name wider than the room: folded
