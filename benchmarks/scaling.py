"""Scaling: what each phase costs per trace row, beside a pure-Python floor in the same run.

    python benchmarks/scaling.py                 # 10^4 and 10^5 rows
    python benchmarks/scaling.py --full          # and 10^6 rows
    python benchmarks/scaling.py --quick         # one repetition

For each kind of input (a formula, a straight-line program, a loop) and each size, a fresh
process runs every phase as the command line does (the cyclic GC paused while a trace is built)
and prints, per row: parse, lower, evaluate, one reverse sweep, the JSON and Markdown writers,
the full gradient through the Python API, and peak memory; then a line of every writer of the
reverse-mode document (JSON, Markdown, LaTeX, HTML, CSV, the terminal's text as ``-o out.txt``
writes it) beside the computation (parse + lower + evaluate + sweep), with the Markdown
writer's own peak memory on top of the run's. The floor is the least pure Python
can do with the same trace: a list of (function, partials, argument positions), one sweep
computing values and partials, one reverse sweep, over floats. The API's full gradient
(text to gradient, ``tracer.trace(text, at).reverse().gradient``) is timed in a process of its
own, as a user's process meets it, then the floor in that process (until 27 November
2026 it was timed after the six writers had run in the same process, whose freed memory made it
20-40% dearer than a fresh process's). Times are CPU seconds of the
process (another process's load does not inflate them); each figure is the best of the runs.

Targets (issue 10): parse + lower at most 3 µs a row; the API's full gradient within 4 times
the floor at 10^5 rows; JSON and Markdown (and every other writer) no dearer than the
computation; peak memory within 2.5 times the floor's; 10^6 rows of
`tracer reverse … -f json -o out.json` under 20 s and 1.5 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

PYTHON = sys.executable
HERE = Path(__file__).resolve().parent

INPUTS = '''
def formula(rows):
    """About `rows` distinct rows: a sum of terms over ten inputs, no two terms alike."""
    terms, count, k = [], 0, 0
    while count < rows:
        a = k % 10
        kind = k % 4
        if kind == 0:
            terms.append(f"x{a}*{k}"); count += 1
        elif kind == 1:
            terms.append(f"sin(x{a}+{k})"); count += 2
        elif kind == 2:
            terms.append(f"exp(x{a}/{k})"); count += 2
        else:
            terms.append(f"log(x{a}^2+{k})"); count += 2 + (k < 40)
        count += 1
        k += 1
    return "+".join(terms)


def program(rows):
    """A straight-line program of about `rows` rows: each line uses earlier names."""
    out = ["a0 = x0*x1"]
    k = 1
    while 3 * k < rows:
        prev, older, x = f"a{k - 1}", f"a{k // 2}", f"x{k % 10}"
        if k % 3 == 0:
            out.append(f"a{k} = sin({prev})*{x} + {older}")
        elif k % 3 == 1:
            out.append(f"a{k} = {prev}/(1 + {x}^2) - {k % 7}*{older}")
        else:
            out.append(f"a{k} = tanh({prev} + {x}*{older})")
        k += 1
    return "\\n".join(out)


def loop(rows):
    """A loop whose body runs rows/6 times, six rows each, over all ten inputs (10^6 rows:
    about 167,000 steps, within the 200,000 a program may take)."""
    return ("s = x0\\nfor i in range(%d):\\n    s = tanh(s*x1 + i*x2)\\n    s = s*x3 + x4\\n"
            "y = s + x5 + x6 + x7 + x8 + x9" % (rows // 6))


POINT = {f"x{i}": 0.1 * (i + 1) for i in range(10)}
'''

CHILD = INPUTS + '''
WRITERS = ("json", "markdown", "latex", "html", "csv", "terminal")
import gc, json, math, sys, time, tracemalloc
kind, rows, what = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = {"formula": formula, "program": program, "loop": loop}[kind](rows)

def cpu():
    return time.process_time()

def floor(trace, point):
    """The least pure Python does with this trace: an op list, values and partials, a
    reverse sweep."""
    n = trace.n
    ops = [(eq.op.value, eq.op.partials,
            [(True, a + n - 1) if type(a) is int else (False, a.value) for a in eq.args])
           for eq in trace.equations]
    gc.collect()
    t0 = cpu()
    values = [point[name] for name in trace.inputs]
    partials = []
    for value, parts, args in ops:
        xs = [values[k] if row else k for row, k in args]
        y = value(*xs)
        values.append(y)
        partials.append(parts(*xs, y))
    bar = [0.0] * len(values)
    bar[-1] = 1.0
    for pos in range(len(values) - 1, n - 1, -1):
        b = bar[pos]
        if b:
            p = partials[pos - n]
            for k, (row, a) in enumerate(ops[pos - n][2]):
                if row:
                    bar[a] += b * p[k]
    return cpu() - t0

from tracer import pipeline
from tracer.core.evaluate import evaluate
from tracer.core.lower import lower, paused_gc
from tracer.core.parse import parse
from tracer.core.reverse import reverse

if what == "memory":
    tracemalloc.start()
    with paused_gc():
        ev = pipeline.prepare(text, POINT)
    pipeline.run_reverse(ev)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    trace = ev.trace
    del ev
    gc.collect()
    tracemalloc.start()
    n = trace.n
    ops = [(eq.op.value, eq.op.partials,
            [(True, a + n - 1) if type(a) is int else (False, a.value) for a in eq.args])
           for eq in trace.equations]
    values = [POINT[name] for name in trace.inputs]
    partials = []
    for value, parts, args in ops:
        xs = [values[k] if row else k for row, k in args]
        y = value(*xs)
        values.append(y)
        partials.append(parts(*xs, y))
    bar = [0.0] * len(values)
    floor_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del ops, values, partials, bar
    with paused_gc():
        ev = pipeline.prepare(text, POINT)
    run = pipeline.run_reverse(ev)
    import tracer.render.markdown  # imported outside the measured window
    from tracer.output import text_of
    gc.collect()
    tracemalloc.start()
    text_of(run, "markdown")
    writer_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"peak_mb": peak / 2**20, "floor_peak_mb": floor_peak / 2**20,
                      "writer_peak_mb": writer_peak / 2**20}))
    sys.exit()

if what == "api":
    # The Python API's full gradient as a user's process meets it (no writer has run first),
    # beside the floor in the same process, the two taken in turn, best of each.
    import tracer
    api = math.inf
    for _ in range(2):
        gc.collect()
        t8 = cpu(); tracer.trace(text, POINT).reverse().gradient; t9 = cpu()
        api = min(api, t9 - t8)
    with paused_gc():
        trace = lower(parse(text), point=POINT)  # the floor's op list, made after the API's
    gc.collect()
    best_floor = min(floor(trace, POINT) for _ in range(2))
    print(json.dumps({"api": api, "floor": best_floor}))
    sys.exit()

out = {}
with paused_gc():
    t0 = cpu(); program_ = parse(text); t1 = cpu()
    trace = lower(program_, point=POINT); t2 = cpu()
    del program_
    ev = evaluate(trace, POINT); t3 = cpu()
reverse(ev, {trace.outputs[0][0]: 1}); t4 = cpu()
out.update(rows=trace.last, parse=t1 - t0, lower=t2 - t1, evaluate=t3 - t2, sweep=t4 - t3)
run = pipeline.run_reverse(ev)
from tracer.output import text_of
from tracer.errors import LimitError
for fmt in WRITERS:
    t5 = cpu()
    try:
        text_of(run, fmt)
    except LimitError:  # HTML over its cells: refused before a cell is written
        out[fmt] = None
        continue
    out[fmt] = cpu() - t5
print(json.dumps(out))
'''

PHASES = ("parse", "lower", "evaluate", "sweep", "json", "markdown", "api", "floor")
WRITERS = ("json", "markdown", "latex", "html", "csv", "terminal")
COMPUTATION = ("parse", "lower", "evaluate", "sweep")


def measure(kind: str, rows: int, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        out = subprocess.run([PYTHON, "-c", CHILD, kind, str(rows), "time"],
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
        out = subprocess.run([PYTHON, "-c", CHILD, kind, str(rows), "api"],
                             capture_output=True, text=True, check=True)
        runs[-1].update(json.loads(out.stdout))
    best = {k: min((r[k] for r in runs if r[k] is not None), default=None)
            for k in (*PHASES, *WRITERS)}
    best["rows"] = runs[0]["rows"]
    memory = subprocess.run([PYTHON, "-c", CHILD, kind, str(rows), "memory"],
                            capture_output=True, text=True, check=True)
    best.update(json.loads(memory.stdout))
    return best


def cli_million(repeats: int) -> dict:
    """`tracer reverse` of a 10^6-row program to `-f json -o out.json`: wall time and the
    largest resident set, as a user meets it."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "million.txt"
        code = INPUTS + "\nprint(program(999_000))"  # just under the 10^6-row limit
        text = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                              check=True).stdout
        source.write_text("@at " + ", ".join(f"x{i}={0.1 * (i + 1)}" for i in range(10)) +
                          "\n" + text, encoding="utf-8")
        best: dict = {}
        for k in range(repeats):
            target = Path(folder) / f"out{k}.json"
            probe = ("import resource, subprocess, sys, time\n"
                     "t = time.perf_counter()\n"
                     "subprocess.run(sys.argv[1:], check=True)\n"
                     "wall = time.perf_counter() - t\n"
                     "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
                     "print(wall, rss)")
            tracer = str(Path(PYTHON).parent / "tracer")
            out = subprocess.run([PYTHON, "-c", probe, tracer, "reverse", str(source), "-f",
                                  "json", "-o", str(target)], capture_output=True, text=True,
                                 check=True)
            wall, rss = out.stdout.split()
            if not best or float(wall) < best["wall_s"]:
                best = {"wall_s": float(wall), "rss_mb": int(rss) / 1024,
                        "file_mb": os.path.getsize(target) / 2**20}
        return best


def report(kind: str, sizes: list[int], repeats: int) -> list[dict]:
    print(f"  {kind}")
    header = "    " + f"{'rows':>8}" + "".join(f"{p:>9}" for p in PHASES) + \
        f"{'parse+lower':>12}{'api/floor':>10}{'MB':>8}{'MB/floor':>9}"
    print(header + "   (µs per row)")
    results = []
    for rows in sizes:
        r = measure(kind, rows, repeats)
        per = {p: r[p] / r["rows"] * 1e6 for p in PHASES}
        line = f"    {r['rows']:>8}" + "".join(f"{per[p]:>9.2f}" for p in PHASES)
        line += f"{per['parse'] + per['lower']:>12.2f}{r['api'] / r['floor']:>10.1f}"
        line += f"{r['peak_mb']:>8.1f}{r['peak_mb'] / r['floor_peak_mb']:>9.2f}"
        print(line)
        results.append(r)
    writers(results)
    for small, large in pairwise(results):
        total = sum(large[p] for p in COMPUTATION) / sum(small[p] for p in COMPUTATION)
        print(f"    {large['rows']:,} / {small['rows']:,} rows: time {total:.1f}x for "
              f"{large['rows'] / small['rows']:.1f}x the rows")
    return results


def writers(results: list[dict]) -> None:
    """Every writer of the reverse-mode document beside the computation, per row; the worst
    writer's cost over the computation's; the Markdown writer's own peak memory (on top of the
    run's) and run plus writer against the floor's peak."""
    print("    " + f"{'rows':>8}{'compute':>9}" + "".join(f"{w:>9}" for w in WRITERS) +
          f"{'worst/compute':>15}{'md MB':>8}{'(run+md)/floor':>15}   (writers, µs per row)")
    for r in results:
        compute = sum(r[p] for p in COMPUTATION)
        line = f"    {r['rows']:>8}{compute / r['rows'] * 1e6:>9.2f}"
        line += "".join(f"{r[w] / r['rows'] * 1e6:>9.2f}" if r[w] is not None else
                        f"{'refused':>9}" for w in WRITERS)
        worst = max(r[w] for w in WRITERS if r[w] is not None)
        line += f"{worst / compute:>15.2f}{r['writer_peak_mb']:>8.1f}"
        line += f"{(r['peak_mb'] + r['writer_peak_mb']) / r['floor_peak_mb']:>15.2f}"
        print(line)


def main() -> None:
    full, quick = "--full" in sys.argv, "--quick" in sys.argv
    repeats = 1 if quick else 3
    sizes = [10_000, 100_000] + ([999_000] if full else [])  # 10^6: just under the row limit
    print("Scaling: CPU µs per trace row, best of", repeats)
    for kind in ("formula", "program", "loop"):
        report(kind, sizes, repeats)
    if full:
        m = cli_million(1 if quick else 2)
        print(f"  tracer reverse of 10^6 rows to -f json -o out.json: {m['wall_s']:.1f} s wall, "
              f"{m['rss_mb']:.0f} MB resident, {m['file_mb']:.0f} MB written "
              "(targets: 20 s, 1.5 GB)")


if __name__ == "__main__":
    main()
