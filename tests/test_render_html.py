"""The HTML writer: one self-contained page, MathML tables, checked in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import COMMANDS, LECTURE, png_pixels, run
from typer.testing import CliRunner

from tracer import pipeline, views
from tracer.core.nodes import Name
from tracer.render.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or \
    shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def page() -> str:
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}, exact=True)
    return render_html(views.document(pipeline.run_reverse(ev)))


def test_self_contained_page():
    html = page()
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from the net
    assert "<script" not in html and "@import" not in html
    assert html.count("<table>") == 1 and html.count("<tr>") == 8
    assert "<math" in html and "<mfrac>" in html
    assert "@media print" in html


def test_fragment_for_notebooks():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    html = render_html(views.document(pipeline.run_forward(ev)), fragment=True)
    assert html.startswith('<div class="tracer">') and "<html" not in html
    # its style reaches nothing of the notebook's page but itself
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    selectors = [sel.strip() for group in re.findall(r"(?:^|[{}])\s*([^{}@]+?)\s*\{", style)
                 for sel in group.split(",")]
    assert len(selectors) > 15 and all(sel.startswith(".tracer") for sel in selectors)
    assert ":root" not in style and not re.search(r"\bbody\b", style)


# A probe for the browser: it records errors from the start, and once the page has loaded it
# measures the math and writes what it found into the page, where --dump-dom can read it.
PROBE = """<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message)));
const __error = console.error;
console.error = (...a) => { window.__errors.push(a.join(" ")); __error(...a); };
window.addEventListener("load", () => {
  const maths = [...document.querySelectorAll("math")];
  const laid = maths.filter(m => { const r = m.getBoundingClientRect();
                                  return r.width > 0 && r.height > 0; }).length;
  const stacked = [...document.querySelectorAll("mfrac")].filter(f => {
    const [top, bottom] = [...f.children].map(c => c.getBoundingClientRect());
    return top && bottom && top.bottom <= bottom.top + 1; }).length;
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({maths: maths.length, laid, stacked,
    fractions: document.querySelectorAll("mfrac").length, errors: window.__errors});
  document.body.appendChild(probe);
});
</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs "
                    "Debian's chromium package)")
def test_the_page_renders_in_headless_chromium(tmp_path):
    html = page()
    shot = tmp_path / "shot.png"
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (tmp_path / "probe.html").write_text(html.replace("<head>", "<head>" + PROBE, 1),
                                         encoding="utf-8")
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    subprocess.run([CHROMIUM, *FLAGS, *profile, f"--screenshot={shot}", "--window-size=1400,900",
                    (tmp_path / "page.html").as_uri()], capture_output=True, timeout=120)
    dom = subprocess.run([CHROMIUM, *FLAGS, *profile, "--dump-dom",
                          (tmp_path / "probe.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the page did not load in Chromium"
    probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert probe["errors"] == []  # no console errors
    assert probe["maths"] > 20 and probe["laid"] == probe["maths"]  # every formula has a box
    assert probe["fractions"] > 0 and probe["stacked"] == probe["fractions"]  # math laid out
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 900)
    dark = sum(1 for r in rows for px in r if px < 128)
    assert dark > 2000  # not blank: text and rules were drawn
    band = rows[height // 5: height // 2]  # where the table is
    assert sum(1 for r in band for px in r if px < 128) > 500


# --- every command's page, on a desktop and on a phone ----------------------------------------

# Measured in each page as the browser laid it out: does the page scroll sideways, does every
# paragraph wrap inside its width, does each table wider than its box sit in a box that scrolls,
# is every formula laid out, does each fence hug what it encloses (Chromium gives a stretchy
# operator the width of its widest variant, which sets "ln ( 3 )" loose), does every accent
# stand above its base, and does any sentence carry a combining accent as text (a browser may
# drop it: v̄̇ lost its dot) rather than as MathML.
PAGE_PROBE = r"""
function probe(doc) {
  const box = e => e.getBoundingClientRect();
  const style = e => doc.defaultView.getComputedStyle(e);
  const maths = [...doc.querySelectorAll("math")];
  const fractions = [...doc.querySelectorAll("mfrac")];
  const loose = [...doc.querySelectorAll("mo")].filter(mo => {
    if (!["(", ")", "|"].includes(mo.textContent.trim()) || mo.parentElement.querySelector("mfrac"))
      return false;
    const range = doc.createRange(); range.selectNodeContents(mo);
    return box(mo).width - range.getBoundingClientRect().width > 1;
  }).map(mo => mo.parentElement.textContent);
  const accents = [...doc.querySelectorAll("mover")].filter(m => {
    const [base, accent] = [...m.children].map(box);
    return !(accent.width > 0 && accent.height > 0 && accent.bottom <= base.top + 2);
  }).map(m => m.textContent);
  const combining = [];
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode()); )
    if (/[\u0300-\u036f]/.test(n.data) && !n.parentElement.closest("math, svg"))
      combining.push(n.data);  // (a graph's labels are SVG text, set in the graph's own font)
  const unboxed = [...doc.querySelectorAll("table")].filter(t => {
    const parent = t.parentElement;
    const scrolls = parent.classList.contains("scroll") &&
      ["auto", "scroll"].includes(style(parent).overflowX);
    return box(t).width > box(parent).width + 1 && !scrolls;
  }).length;
  // A sentence wraps; only a formula wider than the line (it cannot break) may scroll, and
  // then inside its paragraph.
  const unwrapped = [...doc.querySelectorAll("p, h1, h2, li, td.control")].filter(p =>
    p.scrollWidth > p.clientWidth + 1 && !(style(p).overflowX === "auto" &&
      [...p.querySelectorAll("math")].some(m => box(m).width > p.clientWidth))
  ).map(p => p.textContent);
  // A block that may scroll one way scrolls the other too: math a pixel below its line would
  // show a vertical scrollbar beside the sentence (or, hidden, be cut off).
  const clipped = [...doc.querySelectorAll("p, h1, h2, li")].filter(p =>
    style(p).overflowY !== "visible" && p.scrollHeight > p.clientHeight
  ).map(p => p.textContent);
  return {scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth,
          maths: maths.length,
          laid: maths.filter(m => box(m).width > 0 && box(m).height > 0).length,
          fractions: fractions.length,
          stacked: fractions.filter(f => { const [t, b] = [...f.children].map(box);
                                           return t.bottom <= b.top + 1; }).length,
          tables: doc.querySelectorAll("table").length, unboxed, unwrapped, clipped, loose,
          accents, combining};
}
window.addEventListener("load", () => {
  const found = {};
  for (const frame of document.querySelectorAll("iframe"))
    found[frame.dataset.page] = probe(frame.contentDocument);
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
"""
WIDTHS = (400, 1400)  # a phone held upright, a desktop window


def command_pages(runner, tmp_path) -> dict[str, str]:
    """Every command's HTML page, and a grade's."""
    pages = {}
    for name, args in COMMANDS.items():
        result = run(runner, *args, "-f", "html")
        assert result.exit_code == 0, result.stderr
        pages[name] = result.stdout
    quiz, key = tmp_path / "quiz.csv", tmp_path / "key.csv"
    assert run(runner, *COMMANDS["hessian"], "--quiz", "-o", str(quiz), "--answers",
               str(key)).exit_code == 0
    pages["grade"] = run(runner, "grade", str(quiz), "--against", str(key), "-f", "html").stdout
    pages["long-formula"] = long_formula_page()
    # a heading naming an input no line can hold ("Pass 1 of 2: ∂/∂" and 40 letters)
    long = "a" * 40
    pages["long-name"] = run(runner, "forward", f"{long}*x_1+sin({long})", "--at",
                             f"{long}=2,x_1=3", "-f", "html").stdout
    pages["graph"] = run(runner, "reverse", LECTURE, "--at", "x1=3,x2=-4", "--graph", "-f",
                         "html").stdout
    return pages


def long_formula_page() -> str:
    """A sentence holding a formula no line can hold, and nowhere to break it: a fraction
    whose denominator is a long sum (sympy's derivatives of a network are like this)."""
    from tracer.core.parse import parse
    from tracer.views.document import Document, Math, Para

    sum_ = "+".join(f"w{k}*x{k}" for k in range(1, 15))
    expr = parse(f"x1/(1 + exp({sum_}))").statements[0].expr
    return render_html(Document("long", (Para(("Symbolic: ", Math((Name("y"), expr)),
                                               " and then the sentence goes on.")),)))


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> dict[str, dict]:
    """Each page opened at each width in one Chromium: a page of iframes, one per page and
    width (Chromium will not make its own window narrower than 500 px; an iframe can be)."""
    from typer.testing import CliRunner

    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    tmp = tmp_path_factory.mktemp("pages")
    frames = []
    for name, html in command_pages(CliRunner(), tmp).items():
        (tmp / f"{name}.html").write_text(html, encoding="utf-8")
        frames += [f'<iframe src="{name}.html" data-page="{name}@{w}" style="display:block; '
                   f'width:{w}px; height:500px; border:0"></iframe>' for w in WIDTHS]
    (tmp / "all.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><script>{PAGE_PROBE}</script>"
        f"</head><body>{''.join(frames)}</body></html>", encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *FLAGS, "--allow-file-access-from-files",
                          "--user-data-dir=" + str(tmp / "profile"), "--window-size=1500,900",
                          "--dump-dom", (tmp / "all.html").as_uri()],
                         capture_output=True, text=True, timeout=300).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the pages did not load in Chromium"
    return json.loads(html_unescape(found.group(1)))


def html_unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [*COMMANDS, "grade", "long-formula", "long-name", "graph"])
def test_every_page_in_chromium(probed, name, width):
    page = probed[f"{name}@{width}"]
    assert page["scroll"] <= page["client"], "the page scrolls sideways"
    assert page["unboxed"] == 0, "a table wider than the page does not scroll in its own box"
    assert page["unwrapped"] == [], "a sentence runs past the edge"
    assert page["clipped"] == [], "a sentence scrolls up and down (or cuts its math off)"
    assert (page["tables"] > 0 or name == "long-formula") and page["maths"] > 0
    assert page["laid"] == page["maths"] and page["stacked"] == page["fractions"]
    assert page["loose"] == [], "parentheses stand loose"
    assert page["accents"] == [] and page["combining"] == [], "an accent is not drawn as math"


def test_sentences_break_between_pieces_of_math():
    from tracer.core.nodes import Deriv, Num, Tup

    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    html = render_html(views.document(pipeline.run_reverse(ev)))
    gradient = re.search(r"Gradient of .*?</p>", html, re.S).group(0)
    assert gradient.count("<wbr>") >= 3  # (∂y/∂x₁, | ∂y/∂x₂) = | (−4.333, | 4)
    from tracer.render.mathml import pieces

    chain = [Tup((Deriv("y", ("x1",)), Deriv("y", ("x2",)))), Tup((Num(-4.5), Num(4.0)))]
    assert len(pieces(chain)) == 4 and "<mo>=</mo></mrow></math>" in pieces(chain)[1]


def test_tables_scroll_in_their_own_box():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    html = render_html(views.document(pipeline.run_reverse(ev)))
    assert html.count('<div class="scroll"><table>') == html.count("<table>") > 0
    assert "overflow-x: auto" in html and "@media (max-width:" in html


# The accents' ink, measured in a screenshot: every accent box, then the page drawn twice, with
# its accents and with them transparent; what differs inside an accent's box is its ink. The
# macron U+00AF came out as a faint grey hairline at text sizes (v̄ read as v, v̄̇ as v̇).
ACCENT_BOXES = r"""<script>
window.addEventListener("load", () => {
  const boxes = [];
  for (const frame of document.querySelectorAll("iframe[data-shown]")) {
    const at = frame.getBoundingClientRect();
    for (const m of frame.contentDocument.querySelectorAll("mover")) {
      const a = m.children[1].getBoundingClientRect();
      const box = m.closest("div.scroll, p");  // what may scroll it out of view
      const clip = box ? box.getBoundingClientRect().right : at.width;
      if (a.bottom < at.height && a.right <= clip)
        boxes.push([at.left + a.left, at.top + a.top, at.left + a.right, at.top + a.bottom,
                    m.children[1].textContent]);
    }
  }
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(boxes);
  document.body.appendChild(out);
});
</script>"""
HIDDEN_ACCENTS = "<style>mover > :last-child { color: transparent !important; }</style>"


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_every_accent_is_drawn_solid(tmp_path):
    import math

    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    from tracer.analysis.hessian import hessian

    html = render_html(views.document(hessian(ev)))  # v̇, v̄ and v̄̇ in every row
    (tmp_path / "shown.html").write_text(html, encoding="utf-8")
    (tmp_path / "hidden.html").write_text(html.replace("<head>", "<head>" + HIDDEN_ACCENTS, 1),
                                          encoding="utf-8")
    frames = "".join(
        f'<iframe {kind} src="{name}.html" style="position:absolute; left:{left}px; top:0; '
        f'width:{w}px; height:1000px; border:0"></iframe>'
        for left, w, name, kind in ((0, 400, "shown", "data-shown"), (400, 400, "hidden", ""),
                                    (800, 1000, "shown", "data-shown"),
                                    (1800, 1000, "hidden", "")))
    wrapper = f"<!DOCTYPE html><html><head></head><body style='margin:0'>{frames}</body></html>"
    (tmp_path / "shot.html").write_text(wrapper, encoding="utf-8")
    (tmp_path / "boxes.html").write_text(wrapper.replace("<head>", "<head>" + ACCENT_BOXES),
                                         encoding="utf-8")
    common = [CHROMIUM, *FLAGS, "--allow-file-access-from-files", "--hide-scrollbars",
              "--user-data-dir=" + str(tmp_path / "profile"), "--window-size=2800,1000"]
    shot = tmp_path / "shot.png"
    subprocess.run([*common, f"--screenshot={shot}", (tmp_path / "shot.html").as_uri()],
                   capture_output=True, timeout=120)
    dom = subprocess.run([*common, "--dump-dom", (tmp_path / "boxes.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    boxes = json.loads(html_unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)[1]))
    rows = png_pixels(shot.read_bytes())[2]
    assert len(boxes) > 50 and {b[4] for b in boxes} == {"˙", "ˉ"}
    for left, top, right, bottom, accent in boxes:
        offset = 400 if left < 400 else 1000  # the same accent in the copy without accents
        contrast = max(abs(rows[y][x] - rows[y][x + offset])
                       for y in range(math.floor(top), math.ceil(bottom))
                       for x in range(math.floor(left), math.ceil(right)))
        assert contrast >= 180, f"the accent {accent} at ({left:.0f}, {top:.0f}) is faint"


@pytest.mark.skipif(CHROMIUM is None or shutil.which("pdftotext") is None,
                    reason="Chromium and pdftotext (poppler-utils) print and read the page")
def test_printed_wide_tables_keep_every_result_on_the_page(tmp_path):
    """Printed (Chromium's --print-to-pdf), a table wider than the page wraps its cells, so
    every "= value" reaches the paper whole rather than cut off at the page's edge."""
    from pathlib import Path

    from tracer.analysis.hessian import hessian
    from tracer.core.printer import format_value
    from tracer.views.document import TraceTable

    net = (Path(__file__).resolve().parent.parent / "examples" / "nn-backprop.txt").read_text()
    d = views.document(hessian(pipeline.prepare(net, {})))
    (tmp_path / "wide.html").write_text(render_html(d), encoding="utf-8")
    subprocess.run([CHROMIUM, *FLAGS, "--user-data-dir=" + str(tmp_path / "profile"),
                    f"--print-to-pdf={tmp_path / 'wide.pdf'}", "--no-pdf-header-footer",
                    (tmp_path / "wide.html").as_uri()], capture_output=True, timeout=120)
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "wide.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.replace("−", "-")
    values = {format_value(cell.value, 4) for b in d.blocks if isinstance(b, TraceTable)
              for row in b.rows if isinstance(row, tuple) for cell in row}
    plain = sorted(v for v in values if re.fullmatch(r"-?\d+(\.\d+)?", v))
    assert len(plain) > 20
    missing = [v for v in plain if not re.search(rf"(?<![\d.]){re.escape(v)}(?![\d])", text)]
    assert missing == []


# --- numbers a data scientist reads back -------------------------------------------------------

JACOBIAN = "y1 = x1*x2*x3; y2 = sin(x1) + exp(x2*x3); y3 = x1^2/(x2^2 + 1)"
JACOBIAN_AT = "x1=1.5,x2=-2,x3=0.5"


def test_negative_entries_read_as_numbers_in_pandas():
    """−1 (U+2212) made a Jacobian's column text in pandas.read_html beside columns of floats:
    a value alone in its cell is typed with an ASCII hyphen, and drawn as a minus sign."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("lxml", reason="pandas.read_html reads the page with lxml")
    from io import StringIO

    import tracer

    result = run(CliRunner(), "jacobian", JACOBIAN, "--at", JACOBIAN_AT, "-f", "html")
    assert result.exit_code == 0, result.stderr
    matrix = pd.read_html(StringIO(result.stdout))[0].set_index("Unnamed: 0")
    assert all(pd.api.types.is_float_dtype(matrix[c]) for c in matrix.columns)
    jac = tracer.trace(JACOBIAN, JACOBIAN_AT, outputs=["y1", "y2", "y3"]).jacobian().jacobian
    expected = [[float(f"{float(v):.4g}") for v in row.values()] for row in jac.values()]
    assert matrix.to_numpy().tolist() == expected and (matrix.to_numpy() < 0).any()
    assert "<mn>−" not in result.stdout.split("<table>")[1].split("</table>")[0]


def read_html_tables(*args: str) -> list:
    """The tables of a command's page as pandas.read_html reads them."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("lxml", reason="pandas.read_html reads the page with lxml")
    from io import StringIO

    result = run(CliRunner(), *args, "-f", "html")
    assert result.exit_code == 0, result.stderr
    return pd.read_html(StringIO(result.stdout))


def test_numbers_in_e_notation_read_as_numbers_in_pandas():
    """1×10⁻³⁰⁰, −1.108×10⁴ (a derivative's coefficient) and ∞ made their columns text in
    pandas.read_html: a value alone in its cell is typed in e-notation (inf), drawn with ×10
    (∞)."""
    import pandas as pd

    import tracer

    formula, at = "x*y + exp(z)*w - 1e5*x^3", "x=-3.3,y=2,z=-1.5e-05,w=1e-300"
    matrix = read_html_tables("jacobian", formula, "--at", at)[0].set_index("Unnamed: 0")
    assert all(pd.api.types.is_numeric_dtype(matrix[c]) for c in matrix.columns)
    jac = tracer.trace(formula, at).jacobian().jacobian["f"]
    assert matrix.loc["f"].tolist() == pytest.approx(list(jac.values()), rel=1e-3)
    assert matrix.loc["f", "z"] < 1e-299 and matrix.loc["f", "x"] < -1e5
    coefficients = read_html_tables("derivatives", "exp(-2*x)*1e6", "--at", "x=1")[0]
    for column in ("c2", "c3"):
        assert pd.api.types.is_float_dtype(coefficients[column])
    assert (coefficients["c3"].dropna() < -1e4).any()
    # an infinite slope (√ at 0) is inf to pandas, drawn ∞
    slopes = read_html_tables("jacobian", "sqrt(x)*y - sqrt(z)*y", "--at", "x=0,y=2,z=0")[0]
    assert slopes[["x", "z"]].to_numpy().tolist() == [[float("inf"), float("-inf")]]


def test_finite_differences_read_as_numbers_in_pandas():
    """check's finite differences (10 digits, −4.327898228) and their errors (one marked
    "◀ best") were text in pandas.read_html; the mark is drawn by the style."""
    import pandas as pd

    grid = read_html_tables("check", LECTURE, "--at", "x1=3,x2=-4")[0]
    for column in ("h", "Forward difference", "Error", "Central difference", "Error.1"):
        assert pd.api.types.is_float_dtype(grid[column]), column
    assert (grid["Error"] > 0).all() and grid["Error"].min() < 1e-6
    page = run(CliRunner(), "check", LECTURE, "--at", "x1=3,x2=-4", "-f", "html").stdout
    assert page.count('data-mark="◀ best"') == 4  # one per column of errors, per input
    assert (grid["Forward difference"] < -4.3).all() and grid["h"].iloc[0] == 0.1


MINUS_PROBE = r"""<script>
window.addEventListener("load", () => {
  const width = e => { const r = document.createRange(); r.selectNodeContents(e);
                       return r.getBoundingClientRect().width; };
  const found = [...document.querySelectorAll("td")].filter(
      td => td.querySelector("span.minus")).map(td => {
    const typed = document.createElement("td");  // the same number with U+2212 in MathML
    typed.innerHTML = '<math display="inline"><mrow><mn>\u2212' +
                      td.querySelector("mn").textContent + "</mn></mrow></math>";
    td.parentElement.appendChild(typed);
    return [td.textContent, width(td), width(typed),
            getComputedStyle(td.querySelector("span.minus"), "::before").content];
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>"""


def chromium_probe(tmp_path: Path, html: str, probe: str) -> Any:
    """What a probe script (put at the top of the page's head) found in Chromium: the JSON it
    writes into <pre id="probe">."""
    page = tmp_path / "probe.html"
    page.write_text(html.replace("<head>", "<head>" + probe, 1), encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *FLAGS, "--user-data-dir=" + str(tmp_path / "profile"),
                          "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    return json.loads(html_unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)[1]))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_a_negative_entry_is_drawn_with_the_minus_sign(tmp_path):
    """In Chromium each negative entry takes the width of the same number written with the
    minus sign (U+2212) in MathML: the hyphen is hidden and the minus stands in its place."""
    result = run(CliRunner(), "jacobian", JACOBIAN, "--at", JACOBIAN_AT, "-f", "html")
    found = chromium_probe(tmp_path, result.stdout, MINUS_PROBE)
    assert len(found) >= 3  # −1, −3 and −0.7358
    for text, drawn, typed, before in found:
        assert text.startswith("-") and before == '"−"'
        assert abs(drawn - typed) < 1, f"{text} is {drawn:.1f} px wide, with U+2212 {typed:.1f}"


@pytest.mark.parametrize("args, expected", [
    # an exact Hessian's entries too long for a cell are shown as their decimals alone
    (["hessian", "(x + sqrt(3))/(x*z + sqrt(7))", "--at", "x=17/11,z=5/13"],
     [[-0.04476, -0.3448], [-0.3448, 0.4602]]),
    (["jacobian", "y1 = x*y; y2 = x - 3*y", "--at", "x=-2,y=3"], [[3, -2], [1, -3]]),
])
def test_exact_entries_shown_as_one_number_read_as_numbers_in_pandas(args, expected):
    """Under --exact an entry shown as one number (an integer, −2; or the decimal alone of an
    exact value too long for a cell, −0.0008178) was MathML with U+2212, text to
    pandas.read_html beside the column's positive entries: it is typed as a decimal is."""
    import pandas as pd

    matrix = next(t for t in read_html_tables(*args, "--exact")
                  if t.columns[0] == "Unnamed: 0").set_index("Unnamed: 0")
    assert all(pd.api.types.is_numeric_dtype(matrix[c]) for c in matrix.columns)
    assert matrix.to_numpy().tolist() == expected


# A name's versions past the third, c⁽⁴⁾, as Chromium sets them: (gap between the name and
# its mark, how far the mark is raised above the name's foot), in pixels.
MARK_PROBE = r"""<script>
window.addEventListener("load", () => {
  const found = [...document.querySelectorAll("msup, msubsup")].filter(
      m => m.lastElementChild.textContent.startsWith("(")).map(m => {
    const base = m.firstElementChild.getBoundingClientRect();
    const mark = m.lastElementChild.getBoundingClientRect();
    return [m.textContent, mark.left - base.right, base.bottom - mark.bottom];
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>"""
VERSIONS = "@at x = 1.5\nc = x * 2\nc = c + 1\nc = c * c\nc = c - x\nc = c * 3\nx1_y = c / 2\n" \
    "x1_y = x1_y + 1\nx1_y = x1_y * x\nx1_y = x1_y - 1\nx1_y = x1_y + c\n"


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_a_fourth_version_is_a_superscript_set_tight(tmp_path):
    """c⁽⁴⁾ (a name's fourth version) was an operator, set with a thick space either side,
    "(c ⁽⁴⁾ )": it is a superscript, as LaTeX's c^{(4)}, right after the name and raised."""
    result = run(CliRunner(), "reverse", VERSIONS, "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "<mo>⁽" not in result.stdout
    found = chromium_probe(tmp_path, result.stdout, MARK_PROBE)
    assert {text for text, _, _ in found} == {"c(4)", "x1y(4)"}
    for text, gap, raised in found:
        assert abs(gap) < 1 and raised > 3, (text, gap, raised)


GRAPH_PROBE = r"""
<script>
window.addEventListener("load", () => {
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify([...document.querySelectorAll("div.graph svg")].map(svg => {
    const box = svg.getBoundingClientRect();
    return [box.width, box.height, svg.querySelectorAll("g.node").length,
            document.documentElement.scrollWidth <= document.documentElement.clientWidth];
  }));
  document.body.appendChild(out);
});
</script>
"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
@pytest.mark.parametrize("steps", [1, 12])
def test_the_dependency_graph_is_drawn_in_the_page(tmp_path, steps):
    """--graph -f html wrote the heading "Dependency graph" over nothing: the page draws the
    graph (Graphviz's SVG, or tracer's own layout without it), scaled to the page; a long
    one (a twelve-step loop: 25 levels) top to bottom, at its size."""
    program = f"y = x\nfor i in range({steps}):\n    y = sin(y) + x\n"
    result = run(CliRunner(), "reverse", program, "--at", "x=0.5", "--graph", "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("<h2>Dependency graph</h2>") == 1
    [(width, height, nodes, fits)] = chromium_probe(tmp_path, result.stdout, GRAPH_PROBE)
    assert fits and width > 200 and height > 50
    assert nodes in (0, 1 + 2 * steps + 3)  # Graphviz's rows and legend (tracer's own: none)
    if steps == 12:
        assert height > width  # top to bottom
