"""The HTML writer: one self-contained page, MathML tables, checked in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from helpers import LECTURE, png_pixels

from tracer import pipeline, views
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
