"""The LaTeX writer: booktabs tables that fit the line, escaped text, and the real consumer.

pdflatex compiles every command's fragment in an article and in a beamer frame, and the
standalone documents; any ``Overfull \\hbox`` wider than 1 pt fails, with the log's lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import LECTURE, run
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracer import pipeline, views
from tracer.render.latex import GROUPS_PER_TABLE, ROWS_PER_PART, mathjax, render_latex

ROOT = Path(__file__).resolve().parent.parent
NET = str(ROOT / "examples" / "nn-backprop.txt")
ENGINE = shutil.which("pdflatex")
PROGRAM = "a = x\nwhile a < 100:\n    a = a * x\ny = a\n"
HOSTILE = ("# 50% {weird} \\\\ $x$ & ~ ^ _ é ü 😀 ∑ -- `q` “q” 中文 "
           + "a_very_long_name_without_any_space_" * 4 + "\nb = x*2  # λ θ̄ ẋ₁\n"
           "if b >= 1 and b != 3:\n    b = b + 1\ny = b\n")
# Long names (article: sentences of ∂a/∂b wider than the line), a def whose max(…) cell cannot
# break, an affine layer over arrays (a seed over eleven inputs), several outputs, and a loop
# whose first adjoint sums 150 terms (a trace of 300 rows).
LONG_NAMES = (
    "@at learning_rate_of_the_outer_optimiser = 0.125, theta_regularisation_strength = 2.5, "
    "abc_gamma = 0.3\ntotal_accumulated_loss_value = learning_rate_of_the_outer_optimiser * "
    "theta_regularisation_strength + sin(abc_gamma) * exp(learning_rate_of_the_outer_optimiser)\n"
    "total_accumulated_loss_value = total_accumulated_loss_value * log(1 + "
    "theta_regularisation_strength ** 2) / sqrt(abc_gamma + "
    "learning_rate_of_the_outer_optimiser)\n")
LONG_CHECK = ("total_accumulated_loss_value_of_the_whole_network = "
              "learning_rate_of_the_outer_optimiser_that_is_very_long * θ_régularisation_страх"
              " + sin(θ_régularisation_страх) * "
              "exp(learning_rate_of_the_outer_optimiser_that_is_very_long)")
WEIGHTS = [f"learning_rate_of_the_first_layer_weight{k}" for k in range(4)]
LONG_PRODUCT = f"{WEIGHTS[0]}*{WEIGHTS[1]}*{WEIGHTS[2]} + sin({WEIGHTS[3]})"
LONG_AT = ",".join(f"{w}=0.{k + 1}" for k, w in enumerate(WEIGHTS))
DEFS = ("@at a = 1.5, b = -0.25\ndef leaky(z, alpha=0.01):\n    return max(z, alpha * z)\n"
        "def layer(u, v):\n    c = u * v\n    c = c + u\n    c = c * c\n    return leaky(c - 1)\n"
        "c = a + b\nc = c * 2\nc = c - a\nc **= 2\nd = layer(c, b)\n")
LAYER = ("@at W = [[0.1, -0.3, 0.5], [1.2, -0.7, 0.05]], x = [1, 2, 3], b = [0.5, -0.5]\n"
         "h = W @ x + b\ny = sum(tanh(h))\n")
OUTPUTS = ("@at x1 = 1.5, x2 = -2, x3 = 0.5\ny1 = x1 * x2 * x3\ny2 = sin(x1) + exp(x2 * x3)\n"
           "y3 = x1 ^ 2 / (x2 ^ 2 + 1)\n")
LOOP300 = "@at x = 0.3\nu = x\nfor i in range(150):\n    u = sin(u) + x\n"
NO_TEX = "pdflatex is not installed (.ci/run installs Debian's texlive-latex-base, " \
    "texlive-latex-recommended and texlive-pictures)"


def doc(**kw):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}, **kw)
    return views.document(pipeline.run_reverse(ev))


def latex(*args: str) -> str:
    result = run(CliRunner(), *args, "-f", "latex")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_fragment_is_booktabs():
    tex = render_latex(doc())
    assert "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex
    assert r"$v_{1} = v_{-1} v_{0}$ & $3 \times (-4) = -12$" in tex
    assert "\\documentclass" not in tex and tex.startswith("% tracer")


def test_the_header_comment_names_the_packages():
    first = render_latex(doc()).splitlines()[0]
    assert first == ("% tracer: reverse mode. Needs "
                     "\\usepackage{amsmath,amssymb,booktabs,graphicx} in the preamble.")


def test_standalone_document():
    tex = render_latex(doc(exact=True), standalone=True)
    assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    assert "\\usepackage{amsmath,amssymb,booktabs,graphicx}" in tex
    assert r"-\frac{13}{3}" in tex


def test_every_table_is_scaled_to_the_line_when_wider():
    tex = render_latex(doc())
    tables = tex.count("\\begin{tabular}")
    assert tables == 1 and tex.count(
        r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}") == tables
    assert "longtable" not in tex


def test_a_hessian_pass_is_two_tables_of_two_groups():
    tex = latex("hessian", LECTURE, "--at", "x1=3,x2=-4")
    assert GROUPS_PER_TABLE == 2
    assert tex.count("Primal & Output & Tangent & Output \\\\") == 2  # one per pass
    assert tex.count("Adjoint & Output & Tangent of Adjoint & Output \\\\") == 2
    assert tex.count("\\begin{tabular}{llll}") == 4


def test_a_long_trace_is_set_in_parts_with_the_header_on_each():
    formula = "+".join(f"sin({k}*x)" for k in range(1, 25))  # 49 rows and the output
    tex = latex("forward", formula, "--at", "x=1")
    parts = tex.count("\\begin{tabular}")
    rows = tex.count("\\dot{v}_{") // 2  # each row's tangent names itself and its argument
    assert parts >= 2 and parts == tex.count("Forward Primal Trace & Output")
    assert rows > ROWS_PER_PART


FIVE_TERMS = "sin(x1)*x2 + exp(x1*x2) - log(x2) + x1^3*cos(x2) + tanh(x1-x2)"  # 17 rows


def test_a_table_that_fits_one_part_is_never_split():
    """A table a frame sets readably stays one table (an article's 17 rows, a swell's five
    tall rows): never its last row alone in a table of its own."""
    from tracer.render.latex import _parts

    assert _parts(["a", "b", "c"], [1.0] * 3, 12, 1.0) == [["a", "b", "c"]]
    tex = latex("reverse", FIVE_TERMS, "--at", "x1=1,x2=2", "--standalone")
    assert tex.count("\\begin{tabular}") == 1 and "$y = v_{14}$" in tex
    assert latex("swell", "--n", "5", "--standalone").count("\\begin{tabular}") == 1


@given(st.lists(st.sampled_from([1.0, 1.4, 2.0, 3.0, 9.0]), min_size=1, max_size=400),
       st.integers(0, 8), st.floats(0.2, 1.0), st.floats(1.0, 40.0))
@settings(max_examples=200, deadline=None)
def test_parts_keep_every_row_in_order_and_leave_no_short_tail(heights, above, scale,
                                                               squeeze):
    from tracer.render.latex import SHORTEST_PART, _parts

    lines = [str(k) for k in range(len(heights))]
    parts = _parts(lines, heights, above, scale, squeeze)
    assert [line for part in parts for line in part] == lines
    assert len(parts) == 1 or min(map(len, parts)) >= SHORTEST_PART


def test_parts_of_rows_of_one_line_are_even():
    from tracer.render.latex import _parts

    for rows in (31, 50, 61, 200, 1200):
        sizes = [len(p) for p in _parts([""] * rows, [1.0] * rows, 0, 1.0)]
        assert len(sizes) > 1 and max(sizes) - min(sizes) <= 1, (rows, sizes)


def test_a_wrapped_cell_ends_with_a_strut_so_the_next_row_starts_below_it():
    from tracer.render.latex import math_cell

    cell = math_cell(r"\bar{v}_{0} = \bar{v}_{3} \times 1 + \bar{v}_{1} \times v_{-1} + \bar{v}_{2}"
                     r" \times v_{-1} + \bar{v}_{4} \times v_{-1}", 6.0)
    assert cell.startswith(r"\parbox[t]") and cell.endswith(r"\strut}")


def test_each_table_is_raised_by_its_depth_so_a_page_breaks_before_it():
    tex = latex("forward", "+".join(f"sin({k}*x)" for k in range(1, 25)), "--at", "x=1")
    assert tex.count("\\begin{tabular}") == tex.count("\\raisebox{\\depth}{\\resizebox*") > 1


def test_a_marked_value_is_one_group_and_sentences_are_not_indented():
    tex = latex("check", LECTURE, "--at", "x1=3,x2=-4")
    assert re.search(r"\$\{[^$]*\\blacktriangleleft \\mathit\{best\}\}\$", tex)
    assert "\\blacktriangleleft \\mathit{best}$" not in tex  # never a mark that may wrap
    assert "\\textbf{$\\partial y/\\partial x_{1}$}" in tex  # not a bold \frac alone
    assert "\n\\noindent Formula: $y =" in tex and "\n\\noindent Point: $x_{1} = 3$" in tex


def test_a_sentence_may_break_inside_a_derivative_of_long_names():
    tex = latex("hessian", LONG_NAMES)
    assert r"_{\mathit{accumulated\_loss\_value}}) /\allowbreak (\partial \mathit{abc}" in tex
    assert r"\mathit{abc}_{\mathit{gamma}}\allowbreak \partial \mathit{learning}" in tex


def test_the_height_a_table_takes_leaves_room_for_what_is_bound_above_it():
    """A pass's heading and a seed over eleven inputs stand above the table on its frame:
    the first part's height is less those lines; the parts after it take the whole room."""
    from tracer.render.latex import height

    tex = latex("forward", LAYER, "--wrt", "W*")
    first = tex.split("Pass 1 of 6")[1].split("\\begin{tabular}")[0]
    assert height(0) == HEIGHT_5 and height(0) not in first
    above = int(re.search(r"textheight-(\d+)\\baselineskip", first)[1]) - 5
    assert above >= 3  # the heading, and the seed's three lines on a frame


HEIGHT_5 = r"\dimexpr\textheight-5\baselineskip\relax"


@pytest.mark.skipif(ENGINE is None, reason=NO_TEX)
def test_a_table_under_a_sentence_taller_than_a_frame_keeps_a_room(tmp_path):
    """A Hessian's "Row …" naming an input of 40 CJK letters (each a code point: 20 lines on
    a frame) left the table a room of less than none: beamer set it upside down, 5,136 pt
    wide. The lines taken from a table's room are at most MOST_LINES."""
    from tracer.render.latex import MOST_LINES, height

    assert height(30) == height(MOST_LINES - 5) != height(0)
    name = "中" * 40
    tex = latex("hessian", f"{name}*я + sin({name})", "--at", f"{name}=1,я=1", "--no-heading")
    assert f"textheight-{MOST_LINES}\\baselineskip" in tex
    frame = (f"\\documentclass{{beamer}}\n{PREAMBLE}\\begin{{document}}\n"
             f"\\begin{{frame}}[allowframebreaks]\n{tex}\\end{{frame}}\n\\end{{document}}\n")
    assert compile_tex(tmp_path, "rows", frame) == []


def test_no_heading_leaves_out_the_title_only():
    tex = latex("hessian", LECTURE, "--at", "x1=3,x2=-4", "--no-heading")
    assert "\\section*" not in tex and "Pass 1 of 2" in tex and "The Hessian" in tex
    assert "\\section*{Hessian (forward-over-reverse)}" in latex(
        "hessian", LECTURE, "--at", "x1=3,x2=-4")
    md = run(CliRunner(), "forward", LECTURE, "--at", "x1=3,x2=-4", "--wrt", "x2", "-f",
             "markdown", "--no-heading").stdout
    assert md.startswith("Formula:")


def test_sentences_carry_their_notation_as_math():
    hessian = latex("hessian", LECTURE, "--at", "x1=3,x2=-4")
    assert r"$\bar{v}$ is the gradient, $\dot{\bar{v}}$ (the tangent of the adjoint)" in hessian
    assert r"H_{\mathit{ij}} - H_{\mathit{ji}}" in hessian and "H\\_ij" not in hessian
    assert r"\textbf{Why the second derivative costs more:} the gradient" in hessian
    taylor = latex("derivatives", "x^3", "--at", "x=2")
    assert r"$v = c_{0} + c_{1} t + c_{2} t^{2} + \cdots$" in taylor
    assert r"$c_{k}$" in taylor and "c\\_k" not in taylor
    assert r"1! $c_{1}$ = $12$" in taylor  # the coefficient as math, as its table writes it


def _sentences(d) -> list[str]:
    from tracer.views.document import Grid, Heading, Note, Para, TraceTable

    out: list[str] = []
    for b in d.blocks:
        if isinstance(b, (Heading, Para)):
            out += [i for i in b.items if isinstance(i, str)]
        elif isinstance(b, Grid):
            out += [c for row in (b.headers, *b.rows, b.caption) for c in row
                    if isinstance(c, str)]
        elif isinstance(b, TraceTable):
            out += [*b.headers, *(i for r in b.rows if isinstance(r, Note) for i in r.items
                                  if isinstance(i, str))]
    return out


RUNS = {
    "trace": lambda t: t, "forward": lambda t: t.forward(), "reverse": lambda t: t.reverse(),
    "jacobian": lambda t: t.jacobian(), "derivatives": lambda t: t.derivatives(3, "x1"),
    "hessian": lambda t: t.hessian(), "check": lambda t: t.check(),
}


@pytest.mark.parametrize("kind, source, at, sweep", [
    *((kind, LECTURE, "x1=3,x2=-4", False) for kind in RUNS),
    ("reverse", LECTURE, "x1=3,x2=-4", True),
    ("reverse", Path(NET).read_text(), None, False),
    ("hessian", Path(NET).read_text(), None, False),
    ("jacobian", "y1 = x1*x2; y2 = sin(x1) + x2", "x1=1,x2=2", False),
    ("reverse", PROGRAM, "x=3", False),
])
def test_no_sentence_loses_a_character_or_its_notation(kind, source, at, sweep):
    """Every word of every document reaches LaTeX: no character is dropped, turned into '?'
    or named by its code point, and no sentence writes a subscript as a literal _ (notation
    in a sentence is Math, as in the tables)."""
    import tracer
    from tracer.render.latex_text import text, tokens

    d = RUNS[kind](tracer.trace(source, at=at)).document(sweep=sweep)
    tex = render_latex(d)
    assert "?" not in tex and "[U+" not in tex
    for sentence in _sentences(d):
        assert all(k != "unknown" for k, _, _ in tokens(sentence)), sentence
        assert "_" not in sentence and "^" not in sentence, sentence
        assert text(sentence.strip()) in tex, sentence


def test_no_sentence_of_swell_loses_its_notation():
    from tracer.analysis.swell import swell
    from tracer.render.latex_text import tokens

    d = views.document(swell(4, "4*l*(1-l)"))
    assert "?" not in render_latex(d)
    for sentence in _sentences(d):
        assert all(k != "unknown" for k, _, _ in tokens(sentence)), sentence


@pytest.mark.parametrize("plain, latex_", [
    ("50% & $x_1#", r"50\% \& \$x\_1\#"),
    ("∂y/∂x", r"\ensuremath{\partial}y/\ensuremath{\partial}x"),
    ("lₙ₊₁", r"l\ensuremath{_{n+1}}"),
    ("a ≈ b", r"a \ensuremath{\approx} b"),
    ("a < b > c | d", r"a \textless{} b \textgreater{} c \textbar{} d"),
    ("v̄ is the gradient, v̄̇", r"\ensuremath{\bar{v}} is the gradient, \ensuremath{\dot{\bar{v}}}"),
    ("ȳ and ẋ₁", r"\ensuremath{\bar{y}} and \ensuremath{\dot{x}_{1}}"),
    ("λ, Λ, Α, θ̄₂", r"\ensuremath{\lambda}, \ensuremath{\Lambda}, \ensuremath{\mathrm{A}}, "
                    r"\ensuremath{\bar{\theta}_{2}}"),
    ("café, naïve", r"caf\'{e}, na\"{\i}ve"),
    ("f(x + h) − f(x) – h²", r"f(x + h) \ensuremath{-} f(x) -- h\ensuremath{^{2}}"),
    ("Aᵀ, 10⁻¹²", r"A\ensuremath{^{T}}, 10\ensuremath{^{-12}}"),
    # superscript and subscript letters: check's "10⁻ᵏ" was 10\ensuremath{^{-}}[U+1D4F]
    ("10⁻ᵏ × 10⁸", r"10\ensuremath{^{-k}} \ensuremath{\times} 10\ensuremath{^{8}}"),
    ("f⁽ᵏ⁾, xᴺ, aᵝᵏ, wᵦ₁", r"f\ensuremath{^{(k)}}, x\ensuremath{^{N}}, a\ensuremath{^{\beta k}}, "
                         r"w\ensuremath{_{\beta 1}}"),
    ("∂ο", r"\ensuremath{\partial o}"),
    ("smile 😀", "smile [U+1F600]"),
    # two code points side by side may break between them (a Cyrillic name in a listing)
    ("я中 😀", r"[U+044F]\allowbreak{}[U+4E2D] [U+1F600]"),
    ("use --digits 6", "use -{}-digits 6"),  # two hyphens, not an en dash
])
def test_text_escaping(plain, latex_):
    from tracer.render.latex_text import text

    assert text(plain) == latex_


def test_a_letter_pdflatex_cannot_read_is_named_by_its_code_point():
    """A name in я, 中 or ℏ stopped pdflatex ("Unicode character я (U+044F) not set up"); é, ł
    and ș it reads. MathJax reads them all: Markdown keeps the letter."""
    from tracer.render.latex_text import readable

    assert readable(r"\text{\textit{я}} + \text{\textit{é}}ł") == \
        r"\text{\textit{[U+044F]}} + \text{\textit{é}}ł"
    assert readable(r"\text{\textit{ℏ}}_{1} \text{\textit{ș}}") == \
        r"\text{\textit{[U+210F]}}_{1} \text{\textit{ș}}"
    assert r"\text{\textit{[U+044F]}} \cdot 2" in latex("reverse", "я*2", "--at", "я=1")
    assert readable(r"\text{\textit{я}}\text{\textit{б}}\text{\textit{é}}\text{\textit{ł}}") == (
        r"\text{\textit{[U+044F]}}\allowbreak \text{\textit{[U+0431]}}\allowbreak "
        r"\text{\textit{é}}\allowbreak \text{\textit{ł}}")
    assert readable(r"\text{\textit{é}}\text{\textit{ł}}") == r"\text{\textit{é}}\text{\textit{ł}}"
    markdown = run(CliRunner(), "reverse", "я*2", "--at", "я=1", "-f", "markdown").stdout
    assert r"\text{\textit{я}} \cdot 2" in markdown and "U+" not in markdown


def test_running_text_may_break_a_path_or_a_long_word():
    from tracer.render.latex_text import LONG_WORD, text

    assert text("(/srv/notes/net.txt):", breaks=True) == \
        r"(/\allowbreak{}srv/\allowbreak{}notes/\allowbreak{}net.txt):"
    word = "w" * (2 * LONG_WORD + 1)
    assert text(word, breaks=True).count(r"\allowbreak{}") == 2
    assert text("ȳ" + "y" * LONG_WORD, breaks=True).startswith(r"\ensuremath{\bar{y}}")
    split = text("y" * (LONG_WORD - 1) + "y\u0304", breaks=True)  # y and a combining bar
    assert r"\ensuremath{\bar{y}}" in split and "[U+" not in split


def test_a_file_name_breaks_between_its_pieces_only():
    from tracer.render.latex_text import text

    named = text("Program (examples/exercise-2-accumulate.txt):", breaks=True)
    assert named == (r"Program (examples/\allowbreak{}exercise-\allowbreak{}2-\allowbreak{}"
                     "accumulate.txt):")
    tex = latex("reverse", str(ROOT / "examples" / "exercise-2-accumulate.txt"), "--repeat", "2")
    assert r"exercise-\allowbreak{}2-\allowbreak{}accumulate.txt):" in tex
    assert not re.search(r"accumulate\.[a-z]*\\allowbreak", tex)


def test_a_listing_breaks_between_tokens_never_inside_an_operator():
    from tracer.render.latex import listing

    tex = listing("a += b**2 // c\nif a >= 1 and a == 2 and a != 3:\n    y = x*-1 + f(z)[0]")
    assert r"a\ +=\allowbreak{}\ b**\allowbreak{}2\ //\allowbreak{}\ c" in tex
    assert r"\textgreater{}=\allowbreak{}" in tex and r"==\allowbreak{}" in tex
    assert r"x*-1" in tex  # not after a minus that may be a sign
    operator = r"(?:[-+*/=!]|\\text(?:greater|less)\{\})"
    assert not re.search(operator + r"\\allowbreak\{\}" + operator, tex)
    name = listing("total_sum_of_every_weight_in_the_net = 1")
    assert r"total\_\allowbreak{}sum" in name and "tot\\allowbreak" not in name


@pytest.mark.parametrize("plain, math", [
    ("Gradient of ", r"\text{Gradient of }"),
    ("50% & {x}", r"\text{50}\%\text{ }\&\text{ }\{\text{x}\}"),
    ("lₙ₊₁ = ", r"\text{l}_{n+1}\text{ = }"),
    ("∂y", r"\partial \text{y}"),
    ("²", r"{}^{2}"),
])
def test_math_text(plain, math):
    from tracer.render.latex_text import math_text

    assert math_text(plain) == math


def test_mathjax_array_for_notebooks():
    out = mathjax(doc())
    assert out.startswith("$$\\begin{array}") and "\\text{Reverse Adjoint Trace}" in out
    assert out.endswith("\\end{array}$$") and "\\multicolumn" not in out


def test_mathjax_carries_every_block():
    jac = views.document(pipeline.jacobian(pipeline.prepare(
        "y1 = x1*x2; y2 = sin(x1) + x2", {"x1": 1, "x2": 2}, outputs=["y1", "y2"])))
    out = mathjax(jac)
    assert "\\textbf{Jacobian}" in out and "{0.5403}" in out  # ∂y2/∂x1 = cos(1)
    assert "\\text{forward} & {2} & {10}" in out and "Neither mode is cheaper" in out
    assert "\\texttt{y1 = x1*x2; y2 = sin(x1) + x2}" in out


def test_mathjax_comes_in_pieces_its_buffer_takes():
    """MathJax refuses to expand a macro (\\ in a row label) into more than 5 × 1024
    characters of remaining input, so a long document is several displays, a long table
    several arrays with the header on each."""
    formula = "+".join(f"sin({k}*x)" for k in range(1, 60))
    out = mathjax(views.document(pipeline.run_forward(pipeline.prepare(formula, {"x": 1}))))
    pieces = out.split("\n\n")
    assert len(pieces) > 3 and all(p.startswith("$$\\begin{array}{l}") and p.endswith("$$")
                                   for p in pieces)
    assert max(len(p) for p in pieces) < 5 * 1024 - 512
    assert out.count("\\text{Forward Primal Trace}") == out.count("\\begin{array}{llll}") > 3


def test_an_infinite_difference_is_set_as_infinity():
    text = latex("check", "x^308", "--at", "x=9.99")
    assert r"$0.01$ & $\infty$ & -- & $\infty$ & --" in text and "∞" not in text


def test_a_product_of_long_names_may_break_between_its_factors():
    """TeX breaks math only after a relation or an operator: in running text a product of long
    names may break between its factors too, with a × at the break (LaTeX's \\*)."""
    tex = latex("reverse", LONG_PRODUCT, "--at", LONG_AT)
    formula = next(line for line in tex.splitlines() if "Formula:" in line)
    assert formula.count(r" \* ") == 2 and r"\* +" not in formula
    assert r"$y = x_{1} x_{2} + x_{2} - \ln(x_{1})$" in latex("trace", LECTURE, "--at", "x1=3,x2=4")


# --- the real consumer -------------------------------------------------------------------------

FRAGMENTS = [
    ["forward", LECTURE, "--at", "x1=3,x2=-4", "--wrt", "x2"],
    # names that keep underscores (x_ is what tracer suggests for an input updated in a loop)
    ["reverse", "x_ = x\nfor i in range(2):\n    x_ = x_ * x\nx__1 = x_ + 1\ny = x__1", "--at",
     "x=2"],
    ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--sweep"],
    # the dependency graph's line (it was a heading over nothing)
    ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--graph"],
    # names in other letters: Greek inside a word, subscripts typed as they print, accents
    ["reverse", "y = Δx₁^2 + θ₂*é + µ*ℓ + rate_é*ñ + ϕ*x_₁", "--at",
     "Δx₁=2,θ₂=3,é=1,µ=2,ℓ=3,rate_é=2,ñ=1,ϕ=0.5,x_₁=1"],
    # letters pdflatex cannot read from UTF-8 in T1 (Cyrillic, CJK, ℏ, math italic, IPA): named
    # by their code points (they stopped it: "Unicode character я (U+044F) not set up")
    ["reverse", "я*中 + sin(ℏ) + 𝑥_1*ə", "--at", "я=1,中=2,ℏ=3,𝑥_1=0.5,ə=2"],
    ["check", "я*ə + ș", "--at", "я=1,ə=2,ș=0.5"],
    # a program's listing of such names: [U+0441][U+043A]… may break between letters (an
    # eight-letter name ran 33 pt past an article's line, 100 pt past a frame's)
    ["reverse", "@at скорость = 1.5, время = 0.5\nпуть = скорость * время + sin(скорость)\n"
     "y = путь * время\n"],
    # a word of them is 8 characters a letter: it breaks between its letters
    ["reverse", "скорость*время + sin(скорость)", "--at", "скорость=1,время=2"],
    ["reverse", "def я_f(a):\n    c = a * 2\n    return c\ny = я_f(x)", "--at", "x=1"],
    ["reverse", "def my_f(a):\n    b = a * 2\n    return b\ndef é(a):\n    c = a + 1\n"
     "    return c\ny = my_f(x) + é(x)", "--at", "x=1"],
    ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--exact"],
    ["hessian", LECTURE, "--at", "x1=3,x2=-4"],
    ["jacobian", LECTURE, "--at", "x1=3,x2=-4"],
    ["check", LECTURE, "--at", "x1=3,x2=-4"],
    ["derivatives", "x^3", "--at", "x=2"],
    ["swell"],
    ["forward", NET],
    ["reverse", NET, "--step", "0.5", "--params", "w*,bh,by"],
    ["hessian", NET],
    ["jacobian", NET],
    ["reverse", PROGRAM, "--at", "x=3"],
    ["reverse", HOSTILE, "--at", "x=3"],
    ["trace", "+".join(f"sin({k}*x)" for k in range(1, 25)), "--at", "x=1", "--quiz=rules"],
    # a symbolic derivative of a quotient: a fraction whose top is wider than a slide
    ["check", "(x1^3 + x2^2*x1 + sin(x1)*x2 + exp(x1*x2) + cos(x2))/(x1+x2)",
     "--at", "x1=1,x2=2"],
    ["swell", "--n", "5"],
    ["reverse", LONG_NAMES], ["hessian", LONG_NAMES], ["check", LONG_NAMES],
    # check's heading ∂y/∂x of a 49- and a 54-letter name, and a Cyrillic one (114 pt past an
    # article's line, 156 pt past a frame's: it breaks after its slash now)
    ["check", LONG_CHECK, "--at", "learning_rate_of_the_outer_optimiser_that_is_very_long=0.125,"
     "θ_régularisation_страх=2.5"],
    ["reverse", DEFS], ["reverse", DEFS, "--exact"],
    # check's differences where the output overflows: ∞ in the cells (pdflatex stopped at a
    # bare U+221E), and a step that leaves the domain
    ["check", "x^308", "--at", "x=9.99"], ["check", "log(x)", "--at", "x=0.001"],
    # check's sentences with numbers typeset (1 \times 10^{-9}, the terms' size, an input at
    # 10^15 and its float spacing), the verdict bold as a whole
    ["check", "1.2345*x/x", "--at", "x=1e-10"], ["check", "sqrt(x)", "--at", "x=1e15"],
    ["check", "1e300*log(x)", "--at", "x=1e-300"],  # a note's 1.0000 \times 10^{600}
    # a formula whose product of long names is wider than the line (150 pt past an article's)
    ["reverse", LONG_PRODUCT, "--at", LONG_AT], ["check", LONG_PRODUCT, "--at", LONG_AT],
    ["derivatives", "learning_rate_of_the_first_layer_weight^3*sin("
     "learning_rate_of_the_first_layer_weight)", "--at",
     "learning_rate_of_the_first_layer_weight=2", "--order", "8"],
]
PREAMBLE = "\\usepackage[T1]{fontenc}\n\\usepackage{amsmath,amssymb,booktabs,graphicx}\n"


def compile_tex(tmp_path: Path, name: str, tex: str) -> list[str]:
    """Compile with pdflatex; return the overfull \\hbox lines wider than 1 pt."""
    (tmp_path / f"{name}.tex").write_text(tex, encoding="utf-8")
    done = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    log = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, log[-3000:]
    assert (tmp_path / f"{name}.pdf").stat().st_size > 1000
    lines = log.splitlines()
    return [" ".join(lines[k:k + 3]) for k, line in enumerate(lines)
            if (m := re.search(r"Overfull \\hbox \(([\d.]+)pt too wide", line))
            and float(m.group(1)) > 1.0]


@pytest.mark.skipif(ENGINE is None, reason=NO_TEX)
def test_every_fragment_fits_an_article_page(tmp_path):
    body = "\n\n".join(f"\\section{{{' '.join(a[:1])}}}\n" + latex(*a) for a in FRAGMENTS)
    tex = f"\\documentclass{{article}}\n{PREAMBLE}\\begin{{document}}\n{body}\n\\end{{document}}\n"
    assert compile_tex(tmp_path, "article", tex) == []


@pytest.mark.skipif(ENGINE is None, reason=NO_TEX)
def test_every_fragment_fits_a_beamer_frame(tmp_path):
    if not shutil.which("kpsewhich") or subprocess.run(
            ["kpsewhich", "beamer.cls", "pgfmath.sty"], capture_output=True).returncode != 0:
        pytest.skip("beamer is not installed (.ci/run installs Debian's "
                    "texlive-latex-recommended and texlive-pictures)")
    frames = "\n".join(f"\\begin{{frame}}\n{latex(*a, '--no-heading')}\\end{{frame}}"
                       for a in FRAGMENTS)
    tex = f"\\documentclass{{beamer}}\n{PREAMBLE}\\begin{{document}}\n{frames}\n\\end{{document}}\n"
    assert compile_tex(tmp_path, "beamer", tex) == []


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the pages")
def test_a_sentence_that_opens_a_table_stays_on_its_page(tmp_path):
    """The line before a table ("Gradient of y (1 reverse pass):", a grid's caption) is never
    left at the foot of a page with its table on the next: set after every height of filler,
    the page that has the line has the table's header too."""
    fragment = latex("reverse", "x1*x2+x3*x4+x5", "--at", "x1=1,x2=2,x3=3,x4=4,x5=5",
                     "--no-heading")
    assert "Gradient of" in fragment and "Input &" in fragment
    pages = "\n".join(f"\\clearpage\\noindent\\rule{{1pt}}{{{k * 6}pt}}\\par\n{fragment}"
                      for k in range(100))
    tex = (f"\\documentclass{{article}}\n{PREAMBLE}\\begin{{document}}\n{pages}\n"
           "\\end{document}\n")
    compile_tex(tmp_path, "pages", tex)
    text = subprocess.run(["pdftotext", "-layout", "pages.pdf", "-"], cwd=tmp_path,
                          capture_output=True, text=True, check=True).stdout
    opened = [page for page in text.split("\f") if "Gradient of" in page]
    assert len(opened) == 100
    assert [page for page in opened if "Input" not in page] == []


@pytest.mark.skipif(ENGINE is None, reason=NO_TEX)
@pytest.mark.parametrize("args", [
    ["reverse", LECTURE, "--at", "x1=3,x2=-4"],
    ["hessian", NET],
    ["check", LECTURE, "--at", "x1=3,x2=-4"],
    ["swell"],
])
def test_standalone_compiles_and_fits(tmp_path, args):
    target = tmp_path / "doc.tex"
    result = run(CliRunner(), *args, "--format", "latex", "--standalone", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert compile_tex(tmp_path, "doc", target.read_text(encoding="utf-8")) == []


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the page")
def test_checks_relative_steps_are_set_with_a_superscript_k(tmp_path):
    """At x = 10⁸ check says its steps are 10⁻ᵏ × 10⁸: LaTeX set 10⁻[U+1D4F] × 10⁸."""
    target = tmp_path / "check.tex"
    result = run(CliRunner(), "check", "sin(x)", "--at", "x=1e8", "-f", "latex",
                 "--standalone", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    tex = target.read_text(encoding="utf-8")
    assert r"The steps are 10\ensuremath{^{-k}} \ensuremath{\times} 10\ensuremath{^{8}}" in tex
    assert "[U+" not in tex
    assert compile_tex(tmp_path, "check", tex) == []
    page = subprocess.run(["pdftotext", "check.pdf", "-"], cwd=tmp_path, capture_output=True,
                          text=True, check=True).stdout
    assert "The steps are 10−k × 108" in " ".join(page.split())


@pytest.mark.skipif(ENGINE is None, reason=NO_TEX)
def test_the_notebook_display_math_compiles(tmp_path):
    """nbconvert's LaTeX puts a result's text/latex in the document as it is."""
    import tracer

    t = tracer.trace(LECTURE, at={"x1": 3, "x2": -4})
    shown = [t._repr_latex_(), t.reverse()._repr_latex_(), t.jacobian()._repr_latex_(),
             t.hessian()._repr_latex_(), t.check()._repr_latex_(),
             tracer.trace(PROGRAM, at={"x": 3}).reverse()._repr_latex_()]
    body = "\n\n".join(shown)
    tex = f"\\documentclass{{article}}\n{PREAMBLE}\\begin{{document}}\n{body}\n\\end{{document}}\n"
    compile_tex(tmp_path, "notebook", tex)


# --- the height of a frame, and tables that stay readable in it --------------------------------

EX = ROOT / "examples"
# The lecture's commands (examples/*.txt and the README's), as a lecturer puts them on slides.
LECTURE_COMMANDS = [
    ["trace", LECTURE, "--at", "x1=2,x2=4"],
    ["forward", LECTURE, "--at", "x1=3,x2=-4", "--wrt", "x2"],
    ["reverse", LECTURE, "--at", "x1=3,x2=-4"],
    ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--compact"],
    ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--exact"],
    ["derivatives", "x^3", "--at", "x=2", "--order", "3"],
    ["forward", str(EX / "dependency-graph.txt"), "--digits", "6"],
    ["reverse", str(EX / "autograd-gradient.txt"), "--digits", "5"],
    ["forward", str(EX / "autograd-sin.txt")],
]
LONG_COMMANDS = [
    ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--sweep"],
    ["jacobian", "y1 = x1*x2; y2 = sin(x1) + x2", "--at", "x1=1,x2=2"],
    ["hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2"],
    ["check", LECTURE, "--at", "x1=3,x2=-4"],
    ["reverse", str(EX / "control-two-step.txt"), "--compact"],
    ["reverse", str(EX / "control-two-step.txt"), "--max-rows", "10"],
    ["forward", str(EX / "control-one-step.txt"), "--wrt", "th1,th2,th3"],
    ["reverse", str(EX / "micrograd-more-ops.txt"), "--digits", "12"],
    ["reverse", NET, "--step", "0.5", "--params", "w*,bh,by"],
    ["hessian", NET],
    ["swell", "--n", "4"],
]
# Each table's natural width, and the size it is set at (after wrapping and scaling).
MEASURED = r"""\makeatletter
\let\tracerresizebox\resizebox
\renewcommand\resizebox{\@ifstar\tracerfitted\tracernatural}
\newcommand\tracernatural[3]{\setbox0\hbox{#3}\typeout{NATURAL \the\wd0}%
  \tracerresizebox{#1}{#2}{\box0}}
\newcommand\tracerfitted[3]{\setbox2\hbox{\tracerresizebox*{#1}{#2}{#3}}%
  \typeout{FITTED \the\wd2\space\the\dimexpr\ht2+\dp2\relax\space
  \the\linewidth\space\the\dimexpr\textheight-5\baselineskip\relax}\box2}
\makeatother
"""


def _beamer(tmp_path: Path, name: str, commands: list[list[str]], option: str = "",
            measured: bool = False) -> tuple[list[str], str]:
    """Each command's fragment in a frame of its own; the log and the PDF's text."""
    if not shutil.which("kpsewhich") or subprocess.run(
            ["kpsewhich", "beamer.cls", "pgfmath.sty"], capture_output=True).returncode != 0:
        pytest.skip("beamer is not installed")
    frames = "\n".join(f"\\begin{{frame}}{option}\n{latex(*a, '--no-heading')}\\end{{frame}}"
                       for a in commands)
    tex = (f"\\documentclass{{beamer}}\n{PREAMBLE}{MEASURED if measured else ''}"
           f"\\begin{{document}}\n{frames}\n\\end{{document}}\n")
    assert compile_tex(tmp_path, name, tex) == []
    log = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    pages = subprocess.run(["pdftotext", "-layout", f"{name}.pdf", "-"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    return log.splitlines(), pages


def _fitted(log: list[str]) -> list[tuple[float, float, float, float]]:
    """Each table's (width, height) as set, and the line's width and the height it may take."""
    return [tuple(float(x) for x in re.findall(r"([\d.]+)pt", line))
            for line in log if line.startswith("FITTED ")]


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the frames")
def test_a_lecture_table_stays_on_its_frame(tmp_path):
    """A lecture table with its formula, point and result fits one beamer frame: nothing runs
    off the bottom (beamer crops it silently: the log says Overfull \\vbox), and the PDF's
    one page per frame shows the table's last row and the result under it."""
    log, text = _beamer(tmp_path, "frames", LECTURE_COMMANDS)
    assert [line for line in log if "Overfull \\vbox" in line] == []
    pages = text.split("\f")[:len(LECTURE_COMMANDS)]
    assert len(text.rstrip("\f").split("\f")) == len(LECTURE_COMMANDS)
    for args, page in zip(LECTURE_COMMANDS, pages, strict=True):
        assert re.search(r"(Gradient|Derivative|Derivatives|Output|f =|y =)", page), args
        last = page.rstrip().splitlines()[-1]
        assert "Output" not in last, (args, page)  # not a table cut after its header
    last = pages[2].rstrip().splitlines()[-1]  # Table 3's gradient, under the table
    assert "Gradient of" in last and "4.333, 4)" in last


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the frames")
def test_every_table_fits_a_frame_in_width_and_height(tmp_path):
    """However long the trace, each table is set within the frame's line and its height less
    five lines (for a title and the sentence that opens it): a long trace is scaled to the
    height, and a frame with [allowframebreaks] breaks between its parts."""
    commands = LECTURE_COMMANDS + LONG_COMMANDS
    log, text = _beamer(tmp_path, "fitted", commands, "[allowframebreaks]", measured=True)
    fitted = _fitted(log)
    tables = sum(latex(*a).count("\\begin{tabular}") for a in commands)
    assert len(fitted) == tables
    for width, height, line, room in fitted:
        assert width <= line + 0.5 and height <= room + 0.5
    assert "0.4026" in text  # the network's step: the updated wh1, after its long trace


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the frames")
def test_the_lecture_tables_keep_three_quarters_of_their_size_in_a_frame(tmp_path):
    """Long cells wrap (at =, + and ×) rather than the whole table shrinking: the lecture's
    Tables 2 and 3 and the Hessian's passes keep at least 70 % of their type size in a beamer
    frame (scaled to the line alone they would be at 59 % and 38 %)."""
    commands = [LECTURE_COMMANDS[1], LECTURE_COMMANDS[2], LECTURE_COMMANDS[3],
                ["hessian", LECTURE, "--at", "x1=3,x2=-4"],
                ["hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2"]]
    log, _ = _beamer(tmp_path, "scaled", commands, "[allowframebreaks]", measured=True)
    natural = [float(line.split()[1][:-2]) for line in log if line.startswith("NATURAL ")]
    fitted = _fitted(log)
    scales = [f[0] / n for n, f in zip(natural, fitted, strict=True)]
    assert len(scales) == 1 + 1 + 1 + 6 + 6  # a Hessian: two tables a pass, and two grids
    assert min(scales) >= 0.7, scales


SLIDES = [
    ["forward", LAYER, "--wrt", "W*"],
    ["check", LAYER],
    ["hessian", OUTPUTS, "--output", "y2"],
    ["forward", "sqrt(x1)*atan(x2)+log(x1,3)", "--at", "x1=2,x2=1/3", "--exact"],
    ["reverse", LOOP300],
    ["reverse", LONG_NAMES],
]


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the frames")
@pytest.mark.parametrize("option", ["[allowframebreaks]{A title}", "[allowframebreaks]"])
def test_a_frame_that_breaks_holds_every_table_and_sentence(tmp_path, option):
    """With allowframebreaks, beamer moves what does not fit to the next frame: a table
    with the heading and the seed bound above it never runs into the navigation bar, and
    the parts of a 300-row trace each fill a frame at a readable size, not a third of it."""
    log, _ = _beamer(tmp_path, "breaks", SLIDES, option, measured=True)
    assert [line for line in log if "Overfull \\vbox" in line] == []
    natural = [float(line.split()[1][:-2]) for line in log if line.startswith("NATURAL ")]
    fitted = _fitted(log)
    assert len(fitted) == sum(latex(*a).count("\\begin{tabular}") for a in SLIDES)
    loop = sum(latex(*a).count("\\begin{tabular}") for a in SLIDES[:4])
    scales = [f[0] / n for n, f in zip(natural, fitted, strict=True)]
    assert min(scales[loop:loop + latex(*SLIDES[4]).count("\\begin{tabular}")]) >= 0.65
    assert min(scales[:2 * 6]) >= 0.65  # the six passes over the layer's weights


# Each wrapped cell's depth, and a strut's: its last line must reach a line's depth.
PARBOXES = r"""\makeatletter
\let\tracerparbox\parbox
\renewcommand\parbox[3][t]{\setbox4\hbox{\tracerparbox[#1]{#2}{#3}}%
  \typeout{PARBOX \the\dp4\space\the\dp\strutbox}\box4}
\makeatother
"""


@pytest.mark.skipif(ENGINE is None, reason=NO_TEX)
def test_a_row_starts_below_the_last_line_of_a_wrapped_cell(tmp_path):
    """A wrapped cell's last line has a strut's depth, so the next row (a superscript,
    a fraction) never touches or overprints it."""
    body = "\n\n".join(latex(*a) for a in (["reverse", LONG_NAMES], ["reverse", DEFS]))
    tex = (f"\\documentclass{{article}}\n{PREAMBLE}{PARBOXES}\\begin{{document}}\n{body}\n"
           "\\end{document}\n")
    assert compile_tex(tmp_path, "rows", tex) == []
    log = (tmp_path / "rows.log").read_text(encoding="utf-8", errors="replace").splitlines()
    depths = [[float(x) for x in re.findall(r"([\d.]+)pt", line)] for line in log
              if line.startswith("PARBOX ")]
    assert len(depths) > 10 and all(depth >= strut - 0.01 for depth, strut in depths)


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the frames")
def test_a_trace_of_any_length_compiles_in_one_frame(tmp_path):
    """beamer sets a frame with allowframebreaks as one box, which cannot pass TeX's largest
    dimension: a long trace is set in at most MAX_FRAMES parts, however many rows it has
    (1,500 rows here; before, parts of 30 lines at most gave 81 tables and no PDF)."""
    from tracer.render.latex import MAX_FRAMES

    program = "@at x = 0.5\ny = x\nfor i in range(500):\n    y = sin(y) * 1.0001\n"
    tables = latex("reverse", program, "--no-heading").count("\\begin{tabular}")
    assert 1 < tables <= MAX_FRAMES
    _, pages = _beamer(tmp_path, "long", [["reverse", program]], "[allowframebreaks]")
    assert len(pages.rstrip("\f").split("\f")) >= tables


# Programs with a loop, a branch, arrays, a comprehension and a conditional expression.
STATEMENTS = [
    "@at x = 3\na = x\nwhile a < 100:\n    a = a * x\ny = a\n",
    "@at x = 1.5\nb = x\nif b > 1:\n    y = sin(b) / x\nelse:\n    y = b\n",
    "@at x = 0.5, w = 2\na = [x, 2*x, 3*x]\nb = a * w\nif sum(b) > 1:\n    c = b.norm()\n"
    "else:\n    c = sum(b)\ny = c + a[1]\n",
    "@at x = 0.5\nys = [x * k for k in range(3)]\ny = sum(ys)\n",
    "@at x = -0.5\nt = x * 2\ny = t if t > 0 else 0.01 * t\n",
    "@at x = 1e-8\ny = x^3 / (1 - x)\n",  # (1 \times 10^{-8})^{3}: a double superscript before
]


@pytest.mark.skipif(ENGINE is None or shutil.which("pdftotext") is None,
                    reason="pdflatex and pdftotext (poppler-utils) read the frames")
def test_every_example_and_program_fits_its_frame(tmp_path):
    """A program's listing and its table share a plain frame: the table's height leaves room
    for the listing and the sentences around it (a loop's listing and table ran 69 pt off
    the foot, beamer cropping it). Every example and every program with statements, as
    trace, forward and reverse: one table and a listing of up to six lines in a plain frame;
    all in [allowframebreaks] (a longer listing fills a frame, and the table goes on)."""
    sources = [str(p) for p in sorted((ROOT / "examples").glob("*.txt"))] + STATEMENTS
    commands = [[kind, source] for source in sources for kind in ("trace", "forward", "reverse")]
    plain = [a for a in commands if latex(*a).count("\\begin{tabular}") == 1
             and latex(*a).count("\\hangafter=1\\mbox{}") <= 6]  # a listing of 6 lines
    assert len(plain) >= 15
    log, _ = _beamer(tmp_path, "plain", plain)
    assert [line for line in log if "Overfull \\vbox" in line] == []
    log, _ = _beamer(tmp_path, "breaks", commands, "[allowframebreaks]")
    assert [line for line in log if "Overfull \\vbox" in line] == []


def test_a_graph_asked_for_says_how_to_include_it():
    """--graph -f latex wrote the heading "Dependency graph" over nothing: a line says how to
    put the graph in the document (no \\verb, which a beamer frame refuses)."""
    result = run(CliRunner(), "reverse", LECTURE, "--at", "x1=3,x2=-4", "--graph", "-f", "latex")
    assert result.exit_code == 0, result.stderr
    tail = result.stdout[result.stdout.index(r"\textbf{Dependency graph}"):]
    assert (r"\noindent The dependency graph is an image: write it with tracer graph \ldots{} "
            r"-o graph.png and include it with \textbackslash{}includegraphics (graphicx).") \
        in tail and r"\verb" not in result.stdout
