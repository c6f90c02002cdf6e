"""The printer: one-line checks of numbers, names and trees in every flavor."""

from __future__ import annotations

import math
import unicodedata
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracer.core.nodes import Call, Deriv, Etc, Name, Num, Sym, Tup
from tracer.core.ops import BY_NAME
from tracer.core.parse import parse
from tracer.core.printer import (
    LATEX,
    PLAIN,
    TEXT,
    Flavor,
    alike,
    chain,
    format_number,
    format_value,
    label_text,
    label_texts,
    name_parts,
    name_text,
    number_class,
    number_classes,
    number_texts,
    plain_row_name,
    plural,
    render,
    row_text,
    row_texts,
    shown_names,
    small_integer,
    split_name,
)

NUMBERS = Flavor(numbers=True)
LATEX_NUMBERS = Flavor(latex=True, numbers=True)


def t(text: str, fl: Flavor = TEXT) -> str:
    return render(parse(text).statements[-1].expr, fl)


@pytest.mark.parametrize("value, digits, text", [
    (3.0, 4, "3"), (-4.0, 4, "-4"), (-13 / 3, 4, "-4.333"), (math.log(3), 4, "1.099"),
    (-17.098612288668, 4, "-17.1"), (0.000401712, 4, "0.0004017"), (-0.0000803424, 4,
                                                                     "-8.034e-05"),
    (123456.7, 4, "1.235e+05"), (-0.0, 4, "0"), (2, 4, "2"), (1e20, 4, "1e+20"),
    (math.inf, 4, "∞"), (-math.inf, 4, "-∞"), (math.nan, 4, "nan"), (0.1 + 0.2, 4, "0.3"),
    (-13 / 3, 6, "-4.33333"), (Fraction(3, 1), 4, "3"), (True, 4, "1"),
])
def test_format_number(value, digits, text):
    assert format_number(value, digits) == text


def test_format_number_latex():
    assert format_number(-8.034e-05, 4, latex=True) == r"-8.034 \times 10^{-5}"
    assert format_number(math.inf, 4, latex=True) == r"\infty"


@pytest.mark.parametrize("name, parts", [
    ("x1", ("x", "1")), ("theta_2", ("theta", "2")), ("w11", ("w", "11")),
    ("x_max", ("x", "max")), ("alpha", ("alpha", "")), ("zh1", ("zh", "1")), ("L", ("L", "")),
    ("x", ("x", "")), ("a_b_c", ("a", "b_c")),
    # a subscript typed as it prints
    ("x₁", ("x", "1")), ("θ₁₂", ("θ", "12")), ("x_₁", ("x", "1")), ("₁", ("₁", "")),
])
def test_split_name(name, parts):
    assert split_name(name) == parts


@pytest.mark.parametrize("name, text, latex", [
    ("x1", "x₁", "x_{1}"), ("theta2", "θ₂", r"\theta_{2}"), ("theta_2", "θ₂", r"\theta_{2}"),
    ("w11", "w₁₁", "w_{11}"), ("alpha", "α", r"\alpha"), ("x_max", "x_max",
                                                         r"x_{\mathit{max}}"),
    ("zh1", "zh₁", r"\mathit{zh}_{1}"), ("E", "E", "E"), ("lam", "λ", r"\lambda"),
    ("Sigma", "Σ", r"\Sigma"), ("θ", "θ", r"\theta"),
    # a version mark after the whole name; on a word subscript it would sit on the word
    ("x1′", "x₁′", "x_{1}'"), ("total_sum′", "total_sum′", r"\mathit{total}_{\mathit{sum}}{}'"),
    ("x_max⁽⁴⁾", "x_max⁽⁴⁾", r"x_{\mathit{max}}{}^{(4)}"),
    # other letters: pdflatex stops at a bare é or Δ in math; a Greek letter inside a word
    # is its command, any other letter text; a subscript typed as it prints is a subscript
    ("x₁", "x₁", "x_{1}"), ("θ₂", "θ₂", r"\theta_{2}"), ("Δx", "Δx", r"\Delta{}x"),
    ("é", "é", r"\text{\textit{é}}"), ("rate_é", "rate_é", r"\mathit{rate}_{\text{\textit{é}}}"),
    ("ℓ", "ℓ", r"\ell"), ("µ", "µ", r"\mu"), ("Δt₀", "Δt₀", r"\Delta{}t_{0}"),
])
def test_names(name, text, latex):
    assert name_text(name) == text
    assert name_text(name, latex=True) == latex


def test_a_subscript_typed_as_it_prints_takes_no_accent():
    assert name_text("x₁", "bar") == "x̄₁" == name_text("x1", "bar")
    assert name_text("x₁", "dot", latex=True) == r"\dot{x}_{1}"


@pytest.mark.parametrize(("name", "text", "latex"), [
    ("total_acc_loss", "t̄ōt̄āl̄_acc_loss", r"\bar{\mathit{total}}_{\mathit{acc\_loss}}"),
    ("θ_reg", "θ̄_reg", r"\bar{\theta}_{\mathit{reg}}"),
    ("theta_max", "θ̄_max", r"\bar{\theta}_{\mathit{max}}"),
    ("x_", "x̄_", r"\bar{\mathit{x\_}}"),  # an underscore kept in the base takes no bar
    ("a1b", "ā1̄b̄", r"\bar{\mathit{a1b}}"),
    ("x__1", "x̄__1", r"\bar{x}_{\mathit{\_1}}"),
])
def test_an_accent_covers_the_base_never_the_subscript_as_in_latex(name, text, latex):
    assert name_text(name, "bar") == text
    assert name_text(name, "bar", latex=True) == latex
    # Take the bars away and the plain name is left: they add nothing else.
    bare = unicodedata.normalize("NFD", text).replace("\u0304", "")
    assert bare == unicodedata.normalize("NFD", name_text(name))


def test_a_function_qualifier_in_latex_keeps_its_underscore_and_letters():
    assert name_text("my_f.b", latex=True) == r"\mathrm{my\_f.}b"
    assert name_text("é.c′", latex=True) == r"\text{é.}c'"


def test_names_that_print_alike():
    assert alike(["x1", "x_1", "x₁", "y", "theta2", "θ2", "z"]) == [
        ("x1", "x_1", "x₁"), ("theta2", "θ2")]
    assert alike(["x1", "x2", "x_max", "xmax"]) == []
    assert alike(["lam1", "lambda1", "λ_1", "b"]) == [("lam1", "lambda1", "λ_1")]


@given(st.lists(st.from_regex(r"(x|ab|lam|lambda|theta|θ|λ|sum)(_?[0-9]{0,2}|[₀-₉]{1,2})",
                              fullmatch=True), max_size=12, unique=True))
def test_alike_groups_the_names_whose_printed_forms_are_equal(names):
    """alike's fast path for plain names (x12) groups as name_text itself would."""
    groups: dict[str, set[str]] = {}
    for name in sorted(names):
        groups.setdefault(name_text(name), set()).add(name)
    assert alike(sorted(names)) == [tuple(sorted(g)) for g in groups.values() if len(g) > 1]


def test_roles():
    assert name_text("x1", "dot") == "ẋ₁" and name_text("x1", "bar") == "x̄₁"
    assert name_text("x1", "dot", latex=True) == r"\dot{x}_{1}"
    assert name_text("theta2", "bar", latex=True) == r"\bar{\theta}_{2}"
    assert row_text(-1) == "v₋₁" and row_text(0, "dot") == "v̇₀" and row_text(3, "bar") == "v̄₃"
    assert row_text(-1, "dot", latex=True) == r"\dot{v}_{-1}"
    assert row_text(0, "bar", latex=True) == r"\bar{v}_{0}"
    assert plain_row_name(-1) == "v_{-1}" and plain_row_name(4) == "v_4"


@pytest.mark.parametrize("text, out", [
    ("x1*x2+x2-log(x1)", "x₁ x₂ + x₂ - ln(x₁)"),
    ("-x^2", "-x²"), ("(-x)^2", "(-x)²"), ("x^-1", "x⁻¹"), ("x^0.5", "x^0.5"),
    ("x^(a+b)", "x^(a + b)"), ("a-(b-c)", "a - (b - c)"), ("a-(b+c)", "a - (b + c)"),
    ("(a-b)-c", "a - b - c"), ("a/(b*c)", "a/(b c)"), ("(a/b)*c", "(a/b) c"),
    ("a*(b/c)", "a (b/c)"), ("x*2", "x · 2"), ("2*x", "2 x"), ("a*-b", "a (-b)"),
    ("a+-b", "a + (-b)"), ("-a*b", "-a b"), ("-(a*b)", "-a b"), ("-(a+b)", "-(a + b)"),
    ("sigmoid(z)", "σ(z)"), ("abs(x)", "|x|"), ("sqrt(x)", "√(x)"), ("log(x, 2)",
                                                                   "log(x, 2)"),
    ("pi/3", "π/3"), ("2.5E+4*x", "2.5E+4 x"), ("exp(-x)", "exp(-x)"), ("max(a,b)",
                                                                        "max(a, b)"),
    ("relu(x)", "relu(x)"), ("step(x)", "H(x)"),
])
def test_text(text, out):
    assert t(text) == out


@pytest.mark.parametrize("text, out", [
    ("x1*x2+x2-log(x1)", r"x_{1} x_{2} + x_{2} - \ln(x_{1})"),
    ("a/(b+c)", r"\frac{a}{b + c}"), ("x^(a+b)", "x^{a + b}"), ("(-x)^2", "(-x)^{2}"),
    ("abs(x)", r"\left\lvert x \right\rvert"), ("sqrt(x)", r"\sqrt{x}"),
    ("sigmoid(z)", r"\sigma(z)"), ("x*2", r"x \cdot 2"), ("asin(x)", r"\arcsin(x)"),
    ("log(x, 2)", r"\log_{2}(x)"), ("log2(x)", r"\log_2(x)"), ("log10(x)", r"\log_{10}(x)"),
    ("2.5E+4*x", r"2.5 \times 10^{4} x"), ("relu(x)", r"\operatorname{ReLU}(x)"),
])
def test_latex(text, out):
    assert t(text, LATEX) == out


def test_numbers_flavor_follows_the_lecture():
    mul, add, sub, div = (BY_NAME[n] for n in ("mul", "add", "sub", "div"))
    assert render(Call(mul, (Num(3.0), Num(-4.0))), NUMBERS) == "3 × (-4)"
    assert render(Call(add, (Num(-12.0), Num(-4.0))), NUMBERS) == "-12 + (-4)"
    assert render(Call(mul, (Num(-1.0), Call(div, (Num(1.0), Num(3.0))))), NUMBERS) == \
        "-1 × (1/3)"
    assert render(Call(sub, (Num(4.0), Num(-2.0))), NUMBERS) == "4 - (-2)"
    assert render(Call(mul, (Num(1.0), Num(-1.0))), LATEX_NUMBERS) == r"1 \times (-1)"
    assert render(Num(-13 / 3), Flavor(numbers=True, digits=6)) == "-4.33333"


def test_a_product_marked_times_prints_with_times_in_every_flavor():
    mul, div = BY_NAME["mul"], BY_NAME["div"]
    partial = Call(div, (Num(1.0, "1"), Sym("", -1)))
    marked = Call(mul, (Sym("bar", 2), partial), times=True)
    assert render(marked) == "v̄₂ × (1/v₋₁)"
    assert render(marked, LATEX) == r"\bar{v}_{2} \times \frac{1}{v_{-1}}"
    assert render(Call(mul, (Sym("bar", 2), partial))) == "v̄₂ (1/v₋₁)"
    assert render(Call(mul, (Sym("bar", 4), Num(-1.0, "-1")), times=True)) == "v̄₄ × (-1)"
    assert render(Call(mul, (Sym("bar", 4), Num(-1.0, "-1")))) == "v̄₄ · (-1)"


def test_syms_and_display_nodes():
    assert render(Sym("", 5, "a1")) == "v₅ (a₁)"
    assert render(Sym("", 5, "a1"), LATEX) == r"v_{5}\ (a_{1})"
    assert render(Sym("bar", "y")) == "ȳ" and render(Sym("dot", "x2"), LATEX) == r"\dot{x}_{2}"
    assert render(Sym("dot", -1), PLAIN) == "dot v_{-1}"
    assert render(Deriv("y", ("x2",))) == "∂y/∂x₂"
    assert render(Deriv("y", ("x2",)), LATEX) == r"\frac{\partial y}{\partial x_{2}}"
    assert render(Deriv("f", ("x", "x"))) == "∂²f/∂x²"
    assert render(Deriv("f", ("x", "y")), LATEX) == r"\frac{\partial^{2} f}{\partial x \partial y}"
    assert render(Tup((Name("a"), Num(2.0)))) == "(a, 2)"
    assert render(Etc(5)) == "⋯" and render(Etc(5), LATEX) == r"\cdots"


def test_chain():
    assert chain((Sym("bar", -1), Sym("bar", "x1"), Num(1.0))) == "v̄₋₁ = x̄₁ = 1"
    assert chain((Sym("bar", 0), Num(2.0)), relation="+=") == "v̄₀ += 2"
    assert chain((Sym("bar", 0), Num(2.0)), LATEX, "+=") == r"\bar{v}_{0} \mathrel{+}= 2"
    assert chain(()) == ""


def test_small_integer_is_the_exponent_a_power_prints_raised():
    neg = BY_NAME["neg"]
    assert small_integer(Num(2.0, "2")) == 2
    assert small_integer(Call(neg, (Num(1.0, "1"),))) == -1
    assert small_integer(Num(-3.0)) == -3
    assert small_integer(Num(2.5, "2.5")) is None
    assert small_integer(Num(1000.0, "1000")) is None
    assert small_integer(Name("n")) is None
    assert t("x^-1") == "x⁻¹"


def test_plural_counts_a_noun():
    assert [plural(1, "pass"), plural(2, "pass"), plural(0, "input"), plural(1, "output")] == [
        "1 pass", "2 passes", "0 inputs", "1 output"]


def test_what_a_table_leaves_out_is_counted_in_the_singular_too():
    """Every writer said "⋮ 1 rows not shown" when --max-rows left out one row."""
    from tracer.core.printer import not_shown

    assert [not_shown(1), not_shown(2), not_shown(99_800, "decision"),
            not_shown(1, "decision")] == ["1 row not shown", "2 rows not shown",
                                          "99,800 decisions not shown", "1 decision not shown"]


def test_a_shown_value_keeps_the_digits_that_tell_it_apart():
    from hypothesis import given
    from hypothesis import strategies as st

    from tracer.core.printer import Shown, digits_apart, format_number

    assert digits_apart(0.25, 0.25 + 0.5 * 8.034e-05) == 5 and digits_apart(0.5, 0.5) == 0
    assert format_number(Shown(0.25004017, 5)) == "0.25004"  # at least 5 digits
    assert format_number(Shown(0.25004017, 5), 8) == "0.25004017"  # or the writer's, if more
    assert format_number(Shown(0.25, 5)) == "0.25"

    @given(st.floats(allow_nan=False, allow_infinity=False), st.floats(-1e-3, 1e-3))
    def apart(a, change):
        b = a + a * change
        k = digits_apart(a, b)
        if a != b and k:
            assert all(format_number(a, d) != format_number(b, d) for d in range(k, 18))
            for w in (1, 4, 17):  # and as Shown values, whatever the writer's digits
                assert format_number(Shown(a, k), w) != format_number(Shown(b, k), w)

    apart()
    # never more digits than the float's shortest form: 0.3 is not 0.29999999999999999
    assert format_number(Shown(0.3, 17)) == "0.3"
    assert format_number(Shown(0.1 + 0.2, 17)) == "0.30000000000000004"


@pytest.mark.parametrize("source, text", [
    ("-(x % 3)", "-(x mod 3)"), ("x * (z % 3)", "x (z mod 3)"), ("(x % 3) * z", "(x mod 3) z"),
    ("x*z % 3", "(x z) mod 3"), ("x + z % 3", "x + z mod 3"), ("x % (z % 3)", "x mod (z mod 3)"),
])
def test_a_remainder_keeps_its_parentheses_where_python_needs_them(source, text):
    from tracer.core.parse import parse

    tree = parse(source).statements[0].expr
    assert render(tree, TEXT) == text
    assert r"\bmod" in render(tree, LATEX)


_COLUMN = [0.0, -0.0, 1.0, -3.0, 500.0, 12345.0, 1e15, 1e16, -1e16, 123456789012345.0,
           1.5e-7, 0.1, -2 / 3, 9999.5, 0.99995, 2.5e300, 5e-324, math.inf, -math.inf, math.nan,
           3, -4, 10**20, True, Fraction(1, 3), Fraction(4, 1)]


@pytest.mark.parametrize("digits", [1, 2, 4, 9, 17])
@pytest.mark.parametrize("latex", [False, True])
def test_a_column_of_numbers_prints_as_each_number_does(digits, latex):
    texts = number_texts(_COLUMN, digits, latex)
    assert texts == [format_value(x, digits, latex) for x in _COLUMN]
    assert number_classes(texts) == [number_class(t) for t in texts]
    assert number_texts([12345.0, 1.5e-7], 4, latex) == (
        ["12345", r"1.5 \times 10^{-7}"] if latex else ["12345", "1.5e-07"])


def test_numbers_of_any_size_print_alike_in_a_column_and_alone():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.floats() | st.integers(-10**20, 10**20), max_size=8),
           st.integers(1, 17), st.booleans())
    def alike(column, digits, latex):
        assert number_texts(column, digits, latex) == [format_value(x, digits, latex)
                                                       for x in column]

    alike()


@pytest.mark.parametrize("role", ["", "dot", "bar", "dotbar"])
@pytest.mark.parametrize("latex", [False, True])
def test_a_run_of_row_names_is_each_name(role, latex):
    for first, count in ((-9, 30), (1, 1), (0, 0), (-2, 3)):
        assert row_texts(first, count, role, latex) == [row_text(k, role, latex)
                                                         for k in range(first, first + count)]


def test_row_names_in_a_run():
    assert row_texts(-1, 2, "bar", True) == [r"\bar{v}_{-1}", r"\bar{v}_{0}"]
    assert row_texts(-1, 2, "bar") == ["v̄₋₁", "v̄₀"]


@pytest.mark.parametrize("name, parts", [
    ("s⁽⁴⁾", ("", "s", "⁽⁴⁾", "")), ("f.g.b′[0,1]", ("f.g.", "b", "′", "[0,1]")),
    ("a12", ("", "a12", "", "")), ("θ⁽²⁾", ("", "θ", "⁽²⁾", "")), (".a", ("", ".a", "", "")),
    ("a[]", ("", "a[]", "", "")), ("1a", ("", "1a", "", "")), ("a⁽⁾", ("", "a⁽⁾", "", "")),
])
def test_name_parts(name, parts):
    assert name_parts(name) == parts


def test_name_parts_agree_with_the_pattern_on_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tracer.core.printer import _PARTS

    def pattern(name: str) -> tuple[str, str, str, str]:
        m = _PARTS.fullmatch(name)
        return ("", name, "", "") if m is None else \
            (m.group(1), m.group(2), m.group(3) or "", m.group(4) or "")

    @settings(max_examples=500, deadline=None)
    @given(st.text(st.sampled_from([*"ab_19.[],′″‴⁽⁾⁴", "θ", "²", "٣", " "]), max_size=9))
    def agree(name):
        assert name_parts(name) == pattern(name)

    agree()


def test_a_chain_says_equal_for_floats_and_exact_values_it_shows():
    assert chain((Sym("", 1), Num(2.0), Num(3.0))) == "v₁ = 2 = 3"
    assert chain((Name("y"), Num(2.5)), relation="+=") == "y += 2.5"


def test_a_row_named_many_times_shows_its_first_and_last_names():
    """A swap in a loop (a, b = b, a) names one row at every step: its label showed 2 × 10⁵
    names, and laying that cell out took minutes."""
    names = ["a", "b′", "a″", *(f"a{k}" for k in range(100)), "b⁽⁹⁹⁾", "y"]
    shown = shown_names(names)
    assert shown == "a, b′, a″, …, a99, b⁽⁹⁹⁾, y"
    assert label_text(shown, True) == r"\ (a, b', a'', \ldots, a_{99}, b^{(99)}, y)"
    assert shown_names(names[:8]) == ", ".join(names[:8])



def test_a_number_with_an_exponent_is_bracketed_as_a_powers_base():
    """1e-08³ read as 1e-(08³), and LaTeX's 1 \\times 10^{-8}^{3} did not compile (a double
    superscript: an article or a frame of x^3 at x = 1e-8 gave no PDF)."""
    from helpers import run
    from typer.testing import CliRunner

    def out(fmt: str) -> str:
        result = run(CliRunner(), "reverse", "y = x^3*x", "--at", "x=2e-9", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert "(2e-09)³ = 8e-27" in out("terminal") and "8e-27 × 2e-09 = 1.6e-35" in out("terminal")
    assert r"(2 \times 10^{-9})^{3} = 8 \times 10^{-27}" in out("latex")
    assert r"10^{-9}^" not in out("latex") + out("markdown")
    assert "(1e-8)³ x" in run(CliRunner(), "trace", "(1e-8)^3*x", "--at", "x=2").stdout


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_LABEL_NAME = st.one_of(
    st.builds(lambda base, n: f"{base}{n}", st.sampled_from(
        ["a", "x", "total", "theta", "lam", "Delta", "ab_c", "é", "x_"]), st.integers(0, 10**6)),
    st.builds(lambda base, n: f"{base}⁽{str(n).translate(_SUPERSCRIPT)}⁾",
              st.sampled_from(["s", "b12", "x_max", "f.b", "total"]), st.integers(0, 10**5)),
    st.builds(lambda base, mark: base + mark, st.sampled_from(["s", "a1", "x_1", "Δx", "g.h"]),
              st.sampled_from(["", "′", "″", "‴"])),
    st.sampled_from(["y", "a[0,1]", "b′[2]", "x₁", "__x1"]))


@given(st.lists(st.lists(_LABEL_NAME, max_size=10).map(tuple), max_size=6))
def test_label_texts_are_each_labels_text(labels):
    for latex in (False, True):
        assert label_texts(labels, latex) == [
            label_text(shown_names(names), latex) if names else "" for names in labels]


@given(st.text(alphabet=st.characters(max_codepoint=0x2500), max_size=40))
def test_visible_shows_every_control_character_and_keeps_the_rest(text):
    """Text with no control character comes back as it is (looked for before translating);
    with one, each is shown as its symbol, as the translation table says."""
    from tracer.core.printer import _CONTROLS, visible

    assert visible(text) == text.translate(_CONTROLS)
    assert visible(text + "\x1b") == text.translate(_CONTROLS) + "␛"


def test_row_index_reads_back_what_row_text_writes():
    from tracer.core.printer import row_index, row_text

    assert [row_index(row_text(k)) for k in (-12, -1, 0, 3, 105)] == [-12, -1, 0, 3, 105]
    assert [row_index(t) for t in ("v", "x₁", "v₀₁", "v̇₁", "w₃")] == [None] * 5
