"""Plots drawn (tracer/render/plot.py, plot_files.py): the terminal plot with its legend
within the terminal's width, real SVG/PNG/PDF files from matplotlib, the message without it,
and tracer check's error-versus-h picture."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from helpers import fresh_python, png_pixels, run

import tracer
from tracer.analysis.plot import plot
from tracer.render.plot import terminal

SIN = ("sin(x)", "--over", "x=-2*pi..2*pi", "--at", "x=pi/3")
GRADIENT = ("x1^2*x2 + sin(x1)", "--over", "x1=-1..3,x2=0..4", "--at", "x1=1,x2=2")
CHECK = ("x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4")


@pytest.mark.parametrize("width", [80, 100])
def test_terminal_plot_has_a_legend_and_fits(runner, width, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(width))
    for args in (SIN, ("x^3", "--over", "x=-2..2", "-n", "3"), GRADIENT):
        result = run(runner, "plot", *args)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        figure = [line for line in lines if "│" in line or "┤" in line]
        assert figure, result.stdout
        assert max(len(line) for line in figure) <= width
        assert "\x1b[" not in result.stdout  # piped: no colour codes
    sin = run(runner, "plot", *SIN).stdout
    for entry in ("f(x)", "f′(x) (forward mode)", "tangent at x = 1.047", "the point"):
        assert entry in sin
    assert "at x = 1.047: f = 0.866, f′ = 0.5" in sin
    cube = run(runner, "plot", "x^3", "--over", "x=-2..2", "-n", "3").stdout
    assert "f‴(x) (Taylor mode)" in cube
    grad = run(runner, "plot", *GRADIENT).stdout
    assert "∇f = (4.54, 1)" in grad and "∇f at the point" in grad


def test_terminal_text_of_a_plot_is_stable():
    text = terminal(plot("x^2", "x=-1..1", samples=21), 60, 16)
    assert text.splitlines()[0].strip() == "y = x^2"
    assert max(len(line) for line in text.splitlines()) <= 60


@pytest.mark.parametrize(("columns", "lines"), [("1", "40"), ("200", "2"), ("1", "1")])
def test_a_plot_is_the_size_asked_whatever_the_terminal_says(monkeypatch, columns, lines):
    """plotext cut its plot to the terminal: COLUMNS=1 drew an empty frame, LINES=2 nothing
    (tracer plot printed one blank line), and a pipe's plot was 80 columns, not 100."""
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("LINES", lines)
    text = terminal(plot("x^2", "x=-1..1", samples=21), 100, 20).splitlines()
    assert text[0].strip() == "y = x^2" and max(len(line) for line in text) == 100
    assert len(text) >= 20 and "▚ f(x)" in "".join(text)


def _signature(data: bytes, fmt: str) -> bool:
    return {"svg": b"<svg" in data[:2000] and data.rstrip().endswith(b"</svg>"),
            "png": data.startswith(b"\x89PNG\r\n\x1a\n"),
            "pdf": data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")}[fmt]


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_files_are_real_pictures_written_by_matplotlib(runner, tmp_path, fmt):
    pytest.importorskip("matplotlib")
    for n, args in enumerate((SIN, GRADIENT)):
        path = tmp_path / f"plot{n}.{fmt}"
        result = run(runner, "plot", *args, "-o", str(path))
        assert result.exit_code == 0, result.stderr
        data = path.read_bytes()
        assert _signature(data, fmt)
        assert b"Matplotlib" in data or b"matplotlib" in data
    error = tmp_path / f"error.{fmt}"
    result = run(runner, "check", *CHECK, "-o", str(error))
    assert result.exit_code == 0, result.stderr
    assert _signature(error.read_bytes(), fmt)


def test_png_shows_the_curve(tmp_path):
    pytest.importorskip("matplotlib")
    width, height, rows = png_pixels(tracer.trace("sin(x)", at={"x": "pi/3"})
                                     .plot(over="x=-2*pi..2*pi").to_image("png"))
    assert width > 600 and height > 400
    # some pixels are neither white nor grey: the coloured curves were drawn
    assert any(len(set(r)) > 3 for r in rows)


def test_a_file_is_never_replaced_without_force(runner, tmp_path):
    path = tmp_path / "plot.json"
    path.write_text("keep")
    result = run(runner, "plot", *SIN, "-o", str(path))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert path.read_text() == "keep"
    assert run(runner, "plot", *SIN, "-o", str(path), "--force").exit_code == 0
    assert json.loads(path.read_text())["mode"] == "plot"


def test_unknown_suffix_and_picture_to_the_terminal_are_usage_errors(runner, tmp_path):
    result = run(runner, "plot", *SIN, "-o", str(tmp_path / "plot.md"))
    assert result.exit_code == 2 and ".svg" in result.stderr
    result = run(runner, "plot", *SIN, "-f", "png")
    assert result.exit_code == 2 and "-o plot.png" in result.stderr


WITHOUT_MATPLOTLIB = """
import builtins, sys
real = builtins.__import__
def no_matplotlib(name, *args, **kwargs):
    if name == "matplotlib" or name.startswith("matplotlib."):
        raise ImportError("No module named 'matplotlib'")
    return real(name, *args, **kwargs)
builtins.__import__ = no_matplotlib
sys.argv = ["tracer", *sys.argv[1:]]
from tracer.cli import main
main()
"""


@pytest.mark.parametrize("command", [("plot", *SIN), ("check", *CHECK)])
def test_without_matplotlib_one_line_says_how_to_install_it(tmp_path, command):
    path = tmp_path / "out.svg"
    done = subprocess.run([sys.executable, "-c", WITHOUT_MATPLOTLIB, *command, "-o", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        'error: drawing a plot to a file needs matplotlib, which is not installed; install it '
        'with: pip install "tracer[plot]"']
    assert not path.exists()
    # the terminal plot needs no matplotlib
    shown = subprocess.run([sys.executable, "-c", WITHOUT_MATPLOTLIB, *command[:1], *SIN[:3]]
                           if command[0] == "plot" else
                           [sys.executable, "-c", WITHOUT_MATPLOTLIB, "check", *CHECK, "--plot"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr


def test_a_home_that_cannot_be_written_adds_no_lines_to_stderr(tmp_path):
    """A read-only HOME: matplotlib's two lines of warning ("mkdir -p failed …") came before
    every picture, which it then drew as well."""
    (tmp_path / "home").write_text("a file, not a folder", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    path = tmp_path / "out.png"
    done = subprocess.run([sys.executable, "-m", "tracer", "plot", *SIN, "-o", str(path)],
                          capture_output=True, text=True, timeout=120,
                          env={**env, "HOME": str(tmp_path / "home")})
    assert done.returncode == 0 and done.stderr == f"wrote {path} (png)\n", done.stderr
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_real_subprocess_plot_json_and_no_matplotlib_on_the_float_path(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tracer", "plot", "tan(x)", "--over",
                           "x=-2*pi..2*pi", "-f", "json"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["breaks"][0]) == 4  # one break at each pole
    probe = ("import sys; from tracer.cli import main; sys.argv = ['tracer', 'forward', "
             "'sin(x)', '--at', 'x=1']\n"
             "try: main()\nexcept SystemExit: pass\n")
    loaded = fresh_python(probe, "['plotext' in _sys.modules, 'matplotlib' in _sys.modules]")
    assert loaded == [False, False]


@pytest.mark.parametrize("width", [40, 80, 100])
def test_every_line_of_a_terminal_plot_fits_its_width(runner, width, monkeypatch):
    """The notes under a plot wrap to the terminal (a field's key to its shades, 137 columns,
    ran past 80); the figure itself is never narrower than 40."""
    from tracer.render.layout import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    for args in (("plot", *GRADIENT), ("plot", *CHECK), ("check", *CHECK, "--plot"),
                 ("plot", "tan(x)", "--over", "x=-2..2")):
        result = run(runner, *args)
        assert result.exit_code == 0, result.stderr
        assert max(cell_len(line) for line in result.stdout.splitlines()) <= width, args
    key = run(runner, "plot", *CHECK).stdout
    assert "shades from low to high" in key and "-o plot.svg" in key


def test_check_plot_on_the_terminal(runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = run(runner, "check", *CHECK, "--plot")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for entry in ("forward difference", "central difference", "autodiff", "log10 h"):
        assert entry in text
    assert "best ∂/∂x1: forward h = 1e-08" in text and "central h = 1e-05" in text


def test_check_error_data_from_the_api():
    data = json.loads(tracer.trace("x1*x2+x2-log(x1)", at="x1=3,x2=-4").error_plot().to_json())
    x1 = data["inputs"]["x1"]
    assert x1["steps"][0] == 0.1 and x1["steps"][-1] == pytest.approx(1e-16)
    assert len(x1["steps"]) == 16 and x1["autodiff_error"] == 0
    assert x1["best_step"] == {"forward": pytest.approx(1e-8), "central": pytest.approx(1e-5)}


def test_api_and_cli_agree(runner, tmp_path):
    cli = json.loads(run(runner, "plot", *SIN, "-f", "json").stdout)
    api = json.loads(tracer.trace("sin(x)", at={"x": "pi/3"}).plot(over="x=-2*pi..2*pi")
                     .to_json())
    assert cli == api
    p = tracer.trace("x^3", at={"x": 2}).plot(over={"x": (-2, 2)}, order=3)
    assert p.data.mark.derivatives == pytest.approx((12, 12, 6))
    p.save(str(tmp_path / "cube.json"))
    with pytest.raises(tracer.TracerError, match="use force=True"):
        p.save(str(tmp_path / "cube.json"))


def test_readme_pictures_are_made_by_the_commands_it_shows(runner, tmp_path, monkeypatch):
    """Each docs/ picture in the README comes from a command the README shows; running it
    again gives a real picture of the same size."""
    pytest.importorskip("matplotlib")
    import shlex
    from pathlib import Path

    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines()
                if line.startswith("tracer ") and "-o docs/" in line]
    shown = {line.split("](")[1].rstrip(")") for line in readme.splitlines()
             if line.startswith("![") and "](docs/" in line}
    made = {shlex.split(c)[-1] for c in commands}
    assert shown and shown <= made, (shown, made)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    for line in commands:
        args = shlex.split(line)[1:]
        result = run(runner, *args)
        assert result.exit_code == 0, (line, result.stderr)
        picture = args[-1]
        fresh = (tmp_path / picture).read_bytes()
        committed = (root / picture).read_bytes()
        assert _signature(fresh, "png") and _signature(committed, "png")
        assert png_pixels(fresh)[:2] == png_pixels(committed)[:2]


def test_terminal_plot_beside_poles_of_every_order(runner):
    """A pole's huge values reach the terminal plot held at the window's edge."""
    result = run(runner, "plot", "tan(x)", "--over", "x=-2*pi..2*pi", "-n", "3")
    assert result.exit_code == 0, result.stderr
    assert "f‴(x) (Taylor mode)" in result.stdout


def test_a_plot_is_written_in_its_own_formats_only():
    from tracer.errors import UsageProblem
    from tracer.render.plot import FORMATS, plot_format

    assert all(plot_format(f) == f for f in FORMATS)
    for fmt in ("markdown", "latex", "html", "csv", "mermaid"):
        with pytest.raises(UsageProblem, match=f"draws on the terminal .* not as {fmt}"):
            plot_format(fmt)


def test_the_api_refuses_a_plot_in_a_table_format(tmp_path):
    from tracer.errors import UsageProblem

    p = tracer.trace("sin(x)", at={"x": 1}).error_plot()
    with pytest.raises(UsageProblem, match="not as markdown"):
        p.save(str(tmp_path / "error.md"))
    assert not (tmp_path / "error.md").exists()
    p.save(str(tmp_path / "error.json"))
    assert json.loads((tmp_path / "error.json").read_text())["check"]["mode"] == "check"


def test_an_axis_has_one_zero_never_minus_zero():
    """plotext labels a tick a rounding error below 0 as -0.00 (sin over -5..5 did): the
    ticks say 0.00, in the same columns, and only ticks change."""
    from tracer.render.plot import _no_negative_zero

    text = terminal(plot("sin(x)", "x=-5..5"), 80, 24)
    ticks = [line.split("┤")[0] for line in text.splitlines() if "┤" in line]
    assert ticks and not any(t.strip() in ("-0", "-0.0", "-0.00") for t in ticks)
    assert any(t.strip() in ("0", "0.0", "0.00") for t in ticks)
    lines = ["-0.00┤  •  -0.5 │", " 1.00┤", "     └──┬──", "   -0.0    -1   2  -10"]
    assert _no_negative_zero(lines) == [" 0.00┤  •  -0.5 │", " 1.00┤", "     └──┬──",
                                        "    0.0    -1   2  -10"]


def test_errors_below_the_normal_floats_are_drawn_above_a_floor_of_zero(runner, tmp_path):
    """x·1e-320 at 1: the differences' errors are subnormal (2e-323), so a decade below them
    was 0.0 and log10(0) stopped the terminal with 'math domain error'. The floor stays at
    10⁻³⁰⁷, and every writer draws."""
    from tracer.analysis.plot import errors
    from tracer.render.plot_labels import floor

    p = errors(tracer.trace("x*1e-320", at={"x": "1"}).check().run)
    assert floor(p) == 1e-307
    text = terminal(p)
    assert "an error of 0 is drawn at 10^-307, the plot's floor" in text
    for out in ["e.svg", "e.json", "e.txt"]:
        r = run(runner, "check", "x*1e-320", "--at", "x=1", "--plot", "-o", str(tmp_path / out))
        assert r.exit_code == 0, r.output


def test_a_marked_gradient_past_a_float_draws_its_arrow_without_a_warning(tmp_path):
    """The marked point's gradient (1e308, 1e308) is drawn as its direction: matplotlib's
    scale of the arrow overflowed ("RuntimeWarning: overflow encountered")."""
    code = ("import warnings; warnings.simplefilter('error'); import tracer; "
            "f = tracer.trace('1e308*x*y', at={'x': 1, 'y': 1}); "
            f"f.plot(over='x=-10..10,y=0..1').save({str(tmp_path / 'f.png')!r})")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "f.png").stat().st_size > 0


def test_the_key_to_a_fields_shades_writes_f_as_the_tables_do(runner):
    """f = -0 everywhere: the key said "f from -0 to -0" where every table writes 0, and it
    wrote 4 digits whatever --digits asked."""
    zero = run(runner, "plot", "-(x*x + y*y)*0", "--at", "x=1,y=1").stdout
    assert "f from 0 to 0;" in zero and "f = 0," in zero
    assert not re.search(r"(?<![\d.])-0(?![\d.])", zero)  # -0.7 on an axis is a number
    wide = run(runner, "plot", "x*y/7", "--at", "x=1,y=1", "--digits", "6").stdout
    assert "f from -3.42857 to 5.14286;" in wide  # was -3.429 to 5.143
