"""Every command at the edge of its documented ranges: it finishes within 10 s, or refuses
within 1 s with a reason (issue 8). Run as a user runs tracer, one process per command.

    python benchmarks/limits.py           # every case
    python benchmarks/limits.py hessian   # the cases whose name holds "hessian"

Each line prints the wall time, the exit status and the first line of stderr. A case marked
"refuse" must exit 1 within 1 s; every other case must exit 0 (or 1 for check's verdict)
within 10 s.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRACER = str(Path(sys.executable).parent / "tracer")


def wide_sum(n: int) -> str:
    return "+".join(f"x{i}*x{(i + 1) % n}" for i in range(n)) + "+" + \
        "+".join(f"x{i}^2" for i in range(n))


def at(n: int) -> str:
    return ",".join(f"x{i}=0.{i % 9 + 1}" for i in range(n))


def logistic(k: int) -> str:
    return "\n".join(["l1 = x"] + [f"l{j} = 4*l{j - 1}*(1-l{j - 1})" for j in range(2, k + 1)])


def chain(rows: int) -> str:
    return "+".join(f"sin(x*{k})" for k in range(1, rows // 2))


CASES: list[tuple[str, list[str], str]] = [
    # (name, arguments, expectation: "run" or "refuse")
    ("trace 10^5 rows", ["trace", "@chain:100000", "--at", "x=0.3", "-f", "json"], "run"),
    ("reverse 10^5 rows to markdown", ["reverse", "@chain:100000", "--at", "x=0.3", "-f",
                                       "markdown"], "run"),
    ("forward 2,000 inputs", ["forward", "@wide:2000", "--at", "@at:2000", "-f", "json"],
     "refuse"),
    ("jacobian 200 inputs", ["jacobian", "@wide:200", "--at", "@at:200", "-f", "json"], "run"),
    ("hessian 50 inputs, terminal", ["hessian", "@wide:50", "--at", "@at:50"], "run"),
    ("hessian 200 inputs, terminal", ["hessian", "@wide:200", "--at", "@at:200"], "run"),
    ("hessian 200 inputs, markdown", ["hessian", "@wide:200", "--at", "@at:200", "-f",
                                      "markdown"], "run"),
    ("derivatives order 12", ["derivatives", "exp(sin(x))", "--at", "x=2", "--order", "12"],
     "run"),
    ("derivatives order 12 exact", ["derivatives", "exp(sin(x))", "--at", "x=2", "--order",
                                    "12", "--exact"], "run"),
    ("exact 2,001 rows", ["trace", "@chain:4004", "--at", "x=0.3", "--exact"], "refuse"),
    ("check logistic 12", ["check", "@text:" + logistic(12), "--at", "x=0.3"], "run"),
    ("swell n 10", ["swell", "--n", "10"], "run"),
    ("graph 2,000 rows", ["graph", "@chain:2000", "--at", "x=0.3", "-f", "json"], "run"),
    ("graph 10^5 rows", ["graph", "@chain:100000", "--at", "x=0.3", "-f", "json"],
     "refuse-late"),
    ("reverse 10^5 rows to html", ["reverse", "@chain:100000", "--at", "x=0.3", "-f", "html"],
     "refuse-late"),
    ("reverse 60,000 rows --repeat 100", ["reverse", "@chain:40000", "--at", "x=0.3",
                                          "--repeat", "100", "-f", "json"], "run"),
    ("jacobian 2,000 inputs", ["jacobian", "@wide:2000", "--at", "@at:2000", "-f", "json"],
     "refuse"),
    ("check a sum of 150 inputs", ["check", "@text:" + "+".join(f"x{i}" for i in range(150)),
                                   "--at", "@at:150"], "run"),
    ("loop that never ends", ["trace", "@text:y = x\nwhile x > 0:\n    y = y * 1.0001",
                              "--at", "x=1"], "refuse-late"),
    ("plot default samples", ["plot", "sin(x)", "--over", "x=-3..3", "-f", "json"], "run"),
]


def materialize(args: list[str], folder: Path) -> list[str]:
    """Arguments with generated formulas written to files (@wide:n, @chain:n, @text:…)."""
    out = []
    for k, arg in enumerate(args):
        if arg.startswith("@at:"):
            out.append(at(int(arg[4:])))
            continue
        if arg.startswith(("@wide:", "@chain:", "@text:")):
            kind, _, value = arg[1:].partition(":")
            text = {"wide": lambda v: wide_sum(int(v)), "chain": lambda v: chain(int(v)),
                    "text": lambda v: v}[kind](value)
            path = folder / f"input{k}.txt"
            path.write_text(text, encoding="utf-8")
            out.append(str(path))
            continue
        out.append(arg)
    return out


def main() -> None:
    wanted = sys.argv[1:]
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, args, expect in CASES:
            if wanted and not any(w in name for w in wanted):
                continue
            argv = materialize(args, Path(folder))
            start = time.perf_counter()
            result = subprocess.run([TRACER, *argv], capture_output=True, text=True,
                                    timeout=300)
            wall = time.perf_counter() - start
            first = (result.stderr.strip().splitlines() or [""])[0][:90]
            limit = 1.0 if expect == "refuse" else 10.0
            verdict = "ok" if wall <= limit else "OVER"
            worst = max(worst, wall)
            print(f"{name:34s} {wall:6.2f} s  exit {result.returncode}  [{verdict}]  {first}")
    print(f"slowest: {worst:.2f} s")


if __name__ == "__main__":
    main()
