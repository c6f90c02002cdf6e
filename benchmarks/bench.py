"""tracer's benchmarks (not part of the test run): start-up time and scaling.

    python benchmarks/bench.py            # everything
    python benchmarks/bench.py --quick    # fewer repetitions
    python benchmarks/bench.py --start    # the cold start (a) alone
    python benchmarks/bench.py --full     # and (e) at 10^6 rows, with the 10^6-row command

(a) Cold start: the wall and CPU time of `tracer forward` on the lecture example, of
    `tracer --help` and of `tracer forward "x^2" --at x=1`, each beside a minimal typer app
    (one command printing a 7-row rich table; its --help beside tracer's), measured in the
    same run, interleaved, as medians, with valgrind's instruction counts when it is installed.
    Target: at most 1.3 times the minimal app; sympy is not imported on this path.
(c) Programs: a generated 10^4-line program and the lecture's two-step control update unrolled
    for 1,000 steps, each parsed, lowered, evaluated and run in both modes, with their cost per
    row beside the formulas' (it should be the same: programs lower the same way).
(d) Jacobian: a program with 100 inputs and 100 outputs, by forward mode (100 passes) and by
    reverse mode (100 passes). Target: under 10 s in either mode.
(b) Scaling: time and peak memory to parse and lower, evaluate, and run one forward and one
    reverse pass on generated formulas of about 10^3, 10^4 and 10^5 rows, each size in a fresh
    process, best of several runs. Times are the process's CPU time, which other load on a
    shared machine does not inflate. Targets: the 10^5 case within 12 times the 10^4 case, and
    under 2 s in all.
(e) Per row: parse, lower, evaluate, one reverse sweep, the JSON and Markdown writers and the
    Python API's full gradient, each beside the floor of pure Python over the same trace, with
    peak memory and the 10^5/10^4 (and with --full 10^6/10^5) growth ratios; with --full also
    `tracer reverse` of 10^6 rows to -f json -o out.json (wall time and resident memory).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
LECTURE = ["forward", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4"]


# A cold start is measured as a user meets it: bytecode cached, as pip leaves it for the
# dependencies and the first run leaves it for tracer. With PYTHONDONTWRITEBYTECODE set, the
# warm-up would write no .pyc files and every run would compile tracer from source.
START_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str]) -> tuple[float, float]:
    """One run's wall time and CPU time (user + system, the child's own accounting: what
    other load on a shared machine inflates least)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=START_ENV)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


# The cold-start pairs: tracer's command beside the minimal app's, each run in turn.
PAIRS = [
    ("lecture forward", LECTURE, []),
    ("--help", ["--help"], ["--help"]),
    ('forward "x^2" --at x=1', ["forward", "x^2", "--at", "x=1"], []),
]


def pair(ours: list[str], minimal: list[str], repeats: int) -> dict:
    """Medians of wall and CPU time for two commands run in turn, A B A B …"""
    for cmd in (ours, minimal):  # warm the file cache and the .pyc files
        wall(cmd)
    times: dict[str, list[float]] = {"tracer": [], "minimal": [], "tracer_cpu": [],
                                      "minimal_cpu": []}
    for _ in range(repeats):
        for key, cmd in (("tracer", ours), ("minimal", minimal)):
            elapsed, cpu = wall(cmd)
            times[key].append(elapsed)
            times[f"{key}_cpu"].append(cpu)
    medians = {f"{key}_s": statistics.median(values) for key, values in times.items()}
    return {**medians, "ratio": medians["tracer_s"] / medians["minimal_s"],
            "cpu_ratio": medians["tracer_cpu_s"] / medians["minimal_cpu_s"],
            "instructions": instructions(ours, minimal)}


def cold_start(repeats: int) -> dict:
    tracer = shutil.which("tracer", path=str(Path(PYTHON).parent)) or shutil.which("tracer")
    if tracer is None:
        raise SystemExit("install tracer first (see the README's quick start)")
    minimal = [PYTHON, str(HERE / "minimal_app.py")]
    pairs = {label: pair([tracer, *ours], [*minimal, *theirs], repeats)
             for label, ours, theirs in PAIRS}
    check = (f"import sys\nfrom tracer.cli import app\ntry:\n    app({LECTURE!r})\n"
             "except SystemExit:\n    pass\nprint('sympy' in sys.modules, file=sys.stderr)")
    probe = subprocess.run([PYTHON, "-c", check], capture_output=True, text=True)
    return {"pairs": pairs, "sympy_imported": probe.stderr.strip().endswith("True")}


def instructions(ours: list[str], minimal: list[str]) -> tuple[int, int] | None:
    """Instructions each command executes, counted by valgrind (repeatable under load)."""
    if shutil.which("valgrind") is None:
        return None
    counts = []
    for cmd in (ours, minimal):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              *cmd], capture_output=True, text=True, env=START_ENV)
        found = [line for line in out.stderr.splitlines() if "Collected" in line]
        if not found:
            return None
        counts.append(int(found[-1].split()[-1]))
    return counts[0], counts[1]


GENERATOR = '''
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
            terms.append(f"log(x{a}^2+{k})"); count += 2 + (k < 40)  # x^2: once per input
        count += 1  # the + joining the term
        k += 1
    return "+".join(terms)
'''

CHILD = GENERATOR + '''
import json, sys, time, tracemalloc
from tracer import pipeline
from tracer.core.evaluate import evaluate
from tracer.core.forward import forward
from tracer.core.lower import lower, paused_gc
from tracer.core.parse import parse
from tracer.core.reverse import reverse

rows, measure_memory = int(sys.argv[1]), sys.argv[2] == "memory"
text = formula(rows)
point = {f"x{i}": 0.5 + 0.1 * i for i in range(10)}
if measure_memory:
    tracemalloc.start()
t0 = time.process_time()
with paused_gc():
    program = parse(text)
    t1 = time.process_time()
    trace = lower(program)
    del program  # as pipeline.prepare does: the tree is not needed once lowered
    t2 = time.process_time()
    ev = evaluate(trace, point)
t3 = time.process_time()
forward(ev, {"x0": 1})
t4 = time.process_time()
reverse(ev, {"y": 1})
t5 = time.process_time()
out = {"rows": trace.last, "chars": len(text), "parse": t1 - t0, "lower": t2 - t1,
       "evaluate": t3 - t2, "forward": t4 - t3, "reverse": t5 - t4, "total": t5 - t0}
if measure_memory:
    out["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps(out))
'''


def scaling(sizes: list[int], repeats: int) -> list[dict]:
    """Best of ``repeats`` runs per size; the sizes take turns, so load on a shared machine
    falls on all of them alike."""
    runs: dict[int, list[dict]] = {rows: [] for rows in sizes}
    for _ in range(repeats):
        for rows in sizes:
            out = subprocess.run([PYTHON, "-c", CHILD, str(rows), "time"], capture_output=True,
                                 text=True, check=True)
            runs[rows].append(json.loads(out.stdout))
    results = []
    for rows in sizes:
        best = min(runs[rows], key=lambda r: r["total"])
        memory = subprocess.run([PYTHON, "-c", CHILD, str(rows), "memory"], capture_output=True,
                                text=True, check=True)
        best["peak_mb"] = json.loads(memory.stdout)["peak_mb"]
        results.append(best)
    return results


PROGRAMS = '''
def lines_program(lines):
    """A program of `lines` assignments, each using earlier names and the ten inputs."""
    out = ["a0 = x0*x1"]
    for k in range(1, lines):
        prev = f"a{k - 1}"
        older = f"a{k // 2}"
        kind = k % 3
        if kind == 0:
            out.append(f"a{k} = sin({prev})*x{k % 10} + {older}")
        elif kind == 1:
            out.append(f"a{k} = {prev}/(1 + x{k % 10}^2) - {k % 7}*{older}")
        else:
            out.append(f"a{k} = tanh({prev} + x{k % 10}*{older})")
    return "\\n".join(out)


def control_program(steps):
    """The control update x <- f(x) + x*theta unrolled `steps` times, L = ||x||_1, each step
    wrapped in sin so that 1,000 steps neither overflow nor vanish."""
    out = []
    a = ("x1", "x2", "x3")
    for k in range(steps):
        b = (f"s{k}_1", f"s{k}_2", f"s{k}_3")
        out.append(f"{b[0]} = sin({a[0]}^2 + {a[1]} + {a[0]}*th1)")
        out.append(f"{b[1]} = sin(-{a[0]} + {a[1]}/2 + {a[1]}*th2)")
        out.append(f"{b[2]} = sin(-{a[1]}^2 + {a[2]} + {a[2]}*th3)")
        a = b
    out.append(f"L = abs({a[0]}) + abs({a[1]}) + abs({a[2]})")
    return "\\n".join(out)


def wide_program(n):
    """n inputs, n outputs, each output a sum over every input: a dense n-by-n Jacobian."""
    out = []
    for i in range(n):
        terms = "+".join(f"sin(x{j}*{(i * n + j) % 97 + 1})" for j in range(n))
        out.append(f"y{i} = {terms}")
    return "\\n".join(out)
'''

PROGRAM_CHILD = PROGRAMS + '''
import json, sys, time
from tracer import pipeline

kind, size = sys.argv[1], int(sys.argv[2])
if kind == "lines":
    text, point = lines_program(size), {f"x{i}": 0.1 * (i + 1) for i in range(10)}
elif kind == "control":
    text = control_program(size)
    point = {"x1": -1, "x2": 1, "x3": 2, "th1": 0.3, "th2": -0.1, "th3": 0.1}
else:
    text, point = wide_program(size), {f"x{i}": 0.01 * (i + 1) for i in range(size)}
t0 = time.process_time()
outs = None if kind != "wide" else [f"y{i}" for i in range(size)]
ev = pipeline.prepare(text, point, outputs=outs)
t1 = time.process_time()
out = {"rows": ev.trace.last, "lines": text.count("\\n") + 1, "prepare": t1 - t0}
if kind == "wide":
    fwd = pipeline.run_forward(ev)
    t2 = time.process_time()
    rev = pipeline.run_reverse(ev)
    t3 = time.process_time()
    out.update(forward=t2 - t1, reverse=t3 - t2, passes=[len(fwd.passes), len(rev.passes)])
else:
    pipeline.run_forward(ev, wrt=[ev.trace.inputs[0]])
    t2 = time.process_time()
    pipeline.run_reverse(ev)
    t3 = time.process_time()
    out.update(forward=t2 - t1, reverse=t3 - t2)
print(json.dumps(out))
'''


def programs(repeats: int) -> dict[str, dict]:
    results = {}
    for kind, size in (("lines", 1_000), ("lines", 10_000), ("control", 1_000), ("wide", 100)):
        runs = []
        for _ in range(repeats):
            out = subprocess.run([PYTHON, "-c", PROGRAM_CHILD, kind, str(size)],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout))
        key = f"{kind}{size}" if kind == "lines" else kind
        results[key] = min(runs, key=lambda r: r["prepare"] + r["forward"] + r["reverse"])
    return results


def main() -> None:
    quick = "--quick" in sys.argv
    print("(a) cold start: tracer beside a minimal typer app (benchmarks/minimal_app.py)")
    start = cold_start(5 if quick else 15)
    print(f"    {'command':26s} {'tracer':>9} {'minimal':>9} {'ratio':>6} {'cpu ratio':>10} "
          f"{'instr. ratio':>13}")
    for label, r in start["pairs"].items():
        counted = r["instructions"]
        instr = f"{counted[0] / counted[1]:13.2f}" if counted else f"{'-':>13}"
        print(f"    {label:26s} {r['tracer_s'] * 1000:6.0f} ms {r['minimal_s'] * 1000:6.0f} ms "
              f"{r['ratio']:6.2f} {r['cpu_ratio']:10.2f} {instr}")
    print("    target: ratio <= 1.3 (medians; wall time is noisy on a shared machine, CPU time "
          "and valgrind's instruction counts less so)")
    print(f"    sympy imported on this path: {start['sympy_imported']} (target: False)")
    if "--start" in sys.argv:
        return
    print()
    print("(b) scaling: parse+lower, evaluate, one forward and one reverse pass")
    results = scaling([1_000, 10_000, 100_000], 2 if quick else 5)
    header = (f"    {'rows':>7} {'chars':>8} {'parse':>7} {'lower':>7} {'eval':>7} {'fwd':>7} "
              f"{'rev':>7} {'total':>7} {'peak MB':>8}")
    print(header)
    for r in results:
        print(f"    {r['rows']:>7} {r['chars']:>8} {r['parse']:7.3f} {r['lower']:7.3f} "
              f"{r['evaluate']:7.3f} {r['forward']:7.3f} {r['reverse']:7.3f} {r['total']:7.3f} "
              f"{r['peak_mb']:8.1f}")
    growth = results[2]["total"] / results[1]["total"]
    print(f"    10^5 / 10^4 time: {growth:.1f}x (target <= 12: "
          f"{'ok' if growth <= 12 else 'OVER TARGET'})")
    print(f"    10^5 total: {results[2]['total']:.2f} s (target < 2 s: "
          f"{'ok' if results[2]['total'] < 2 else 'OVER TARGET'})")
    formula_us = results[2]["total"] / results[2]["rows"] * 1e6
    print()
    print("(c) programs: parse+lower+evaluate, one forward and one reverse pass")
    found = programs(1 if quick else 3)
    for kind, label in (("lines1000", "10^3-line program"), ("lines10000", "10^4-line program"),
                        ("control", "control loop, 1000 steps")):
        r = found[kind]
        total = r["prepare"] + r["forward"] + r["reverse"]
        print(f"    {label:26s} {r['lines']:>6} lines {r['rows']:>7} rows  prepare "
              f"{r['prepare']:.3f} s  fwd {r['forward']:.3f} s  rev {r['reverse']:.3f} s  "
              f"{total / r['rows'] * 1e6:.1f} µs/row (formulas: {formula_us:.1f})")
    print()
    small, large = found["lines1000"], found["lines10000"]
    growth = sum(large[k] for k in ("prepare", "forward", "reverse")) / \
        sum(small[k] for k in ("prepare", "forward", "reverse"))
    rows = large["rows"] / small["rows"]
    verdict = "ok" if growth <= 1.2 * rows else "OVER TARGET"
    print(f"    10^4 / 10^3 lines time: {growth:.1f}x for {rows:.1f}x the rows "
          f"(target: linear, within 1.2x of the rows' ratio: {verdict})")
    print()
    r = found["wide"]
    print(f"(d) Jacobian of {r['passes'][0]} inputs and {r['passes'][1]} outputs "
          f"({r['rows']} rows)")
    for mode in ("forward", "reverse"):
        print(f"    {mode:8s} {r[mode]:.2f} s (target < 10 s: "
              f"{'ok' if r[mode] < 10 else 'OVER TARGET'})")
    print()
    print("(e) each phase per trace row beside a pure-Python floor, and the growth ratios "
          "(benchmarks/scaling.py)")
    sys.path.insert(0, str(HERE))
    import importlib  # a sibling script, not a package

    importlib.import_module("scaling").main()  # reads --quick and --full from this command line


if __name__ == "__main__":
    main()
