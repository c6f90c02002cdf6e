"""The LaTeX writer: booktabs tables, escaped text, a standalone document that compiles."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import LECTURE

from tracer import pipeline, views
from tracer.render.latex import mathjax, render_latex, text

ENGINE = shutil.which("pdflatex") or shutil.which("lualatex") or shutil.which("xelatex")


def doc(**kw):
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}, **kw)
    return views.document(pipeline.run_reverse(ev))


def test_fragment_is_booktabs():
    tex = render_latex(doc())
    assert "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex
    assert r"$v_{1} = v_{-1} v_{0}$ & $3 \times (-4) = -12$" in tex
    assert "\\documentclass" not in tex and tex.startswith("% tracer")


def test_standalone_document():
    tex = render_latex(doc(exact=True), standalone=True)
    assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    assert "\\usepackage{amsmath,amssymb,booktabs,longtable}" in tex
    assert r"-\frac{13}{3}" in tex


@pytest.mark.parametrize("plain, latex", [
    ("50% & $x_1#", r"50\% \& \$x\_1\#"),
    ("∂y/∂x", r"\ensuremath{\partial}y/\ensuremath{\partial}x"),
    ("lₙ₊₁", r"l\ensuremath{_{n}}\ensuremath{_{+}}\ensuremath{_{1}}"),
    ("a ≈ b", r"a \ensuremath{\approx} b"),
])
def test_text_escaping(plain, latex):
    assert text(plain) == latex


def test_mathjax_array_for_notebooks():
    out = mathjax(doc())
    assert out.startswith("$$\\begin{array}") and "\\text{Reverse Adjoint Trace}" in out


@pytest.mark.skipif(ENGINE is None, reason="no LaTeX engine is installed (.ci/run installs "
                    "Debian's texlive-latex-base and texlive-latex-recommended)")
@pytest.mark.parametrize("command", ["reverse", "hessian", "check", "swell"])
def test_standalone_compiles(tmp_path, command):
    from helpers import run
    from typer.testing import CliRunner

    args = [command] + ([] if command == "swell" else [LECTURE, "--at", "x1=3,x2=-4"])
    target = tmp_path / "doc.tex"
    result = run(CliRunner(), *args, "--format", "latex", "--standalone", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    done = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
