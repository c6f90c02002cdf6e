"""Helpers shared by test modules (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

LECTURE = "x1*x2+x2-log(x1)"


def fresh_python(code: str, report: str) -> Any:
    """Run ``code`` in a fresh Python (from the project's folder), then evaluate ``report``
    there (``"'sympy' in sys.modules"``) and return its value. The report goes through stderr
    as JSON, so what the code prints does not matter."""
    script = f"{code}\nimport json as _json, sys as _sys\n" \
        f"print(_json.dumps({report}), file=_sys.stderr)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


def run(runner: CliRunner, *args: str, input: str | None = None):
    """Invoke the CLI as a user would (the app ``main()`` runs: only the invoked command
    built); the result keeps stdout and stderr apart."""
    from tracer.cli import _app_for

    return runner.invoke(_app_for(list(args)), list(args), input=input, catch_exceptions=False)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) into rows of pixel bytes.

    Enough of the PNG format to look at a screenshot without an imaging library."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, color = header[:4]
    assert depth == 8 and color in (2, 6), "only 8-bit RGB(A) screenshots"
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r[i] for i in range(0, stride, bpp)) for r in rows]


def run_notebook(path) -> list[object]:
    """Execute a notebook's code cells in order in one namespace (as a kernel would), and
    return the value of each cell's last expression (what Jupyter would display)."""
    import ast
    import json

    notebook = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    shown = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):  # show the last expression, as Jupyter does
            tree.body[-1] = ast.Assign(targets=[ast.Name("_shown", ast.Store())],
                                       value=last.value)
            ast.fix_missing_locations(tree)
        namespace.pop("_shown", None)
        exec(compile(tree, str(path), "exec"), namespace)  # our own notebook's code
        shown.append(namespace.get("_shown"))
    return shown


# Every command as a user runs it, with the programs that stretch a layout: a decision line
# (a Note across the table), arrays, a training step, a Hessian of eleven inputs. The HTML test
# opens each in Chromium; the terminal test lays each out at 80 and 100 columns.
DECISION = ("b = x\nwhile b < 1000:\n    b = b * b + 1\nif b > 10000:\n    y = sin(b) / x\n"
            "else:\n    y = b\n")
ARRAYS = ("a = [x, 2*x, 3*x]\nb = a * w\nif sum(b) > 1:\n    c = b.norm()\nelse:\n"
          "    c = sum(b)\ny = c + a[1]\n")
NETWORK = str(Path(__file__).resolve().parent.parent / "examples" / "nn-backprop.txt")
# d2l's autograd section: six backward passes of their own, each a table, outputs y, y′, y″ …
PASSES = str(Path(__file__).resolve().parent.parent / "examples" / "d2l-autograd.txt")
COMMANDS = {
    "trace": ["trace", LECTURE, "--at", "x1=3,x2=-4"],
    "forward": ["forward", LECTURE, "--at", "x1=3,x2=-4"],
    "reverse-exact": ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--exact"],
    "sweep": ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--sweep"],
    "step": ["reverse", NETWORK, "--step", "0.5"],
    "decision": ["reverse", DECISION, "--at", "x=1.5"],
    "arrays": ["forward", ARRAYS, "--at", "x=0.5,w=2"],
    "jacobian": ["jacobian", "y1 = x1*x2*x3*x4; y2 = sin(x1) + x2; y3 = x3/x4",
                 "--at", "x1=1,x2=2,x3=3,x4=4"],
    "derivatives": ["derivatives", "x^3*sin(x)", "--at", "x=2", "--order", "6"],
    "hessian": ["hessian", LECTURE, "--at", "x1=3,x2=-4"],
    "network-hessian": ["hessian", NETWORK],
    "check": ["check", "sigmoid(w1*x1 + w2*x2 + b)^2*log(1 + exp(x1*x2/(1 + w1^2)))",
              "--at", "x1=0.5,x2=0.1,w1=0.15,w2=0.25,b=0.35"],  # long symbolic derivatives
    "swell": ["swell"],
    "quiz": ["reverse", LECTURE, "--at", "x1=3,x2=-4", "--quiz"],
    "passes": ["reverse", PASSES],
}
