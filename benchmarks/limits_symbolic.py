"""The symbolic commands at the edges of their documented ranges (not part of the test run).

    python benchmarks/limits_symbolic.py             # every case, terminal and JSON output
    python benchmarks/limits_symbolic.py swell check # only the cases of these commands

Each case runs as a user runs it, `tracer …` in a fresh process, and prints its wall time and
its CPU time (user + system, which other load on a shared machine inflates less), whether it
finished or was refused (a LimitError's `error:` line, exit 1), and that line. Every case must
either finish within 10 s or be refused at once (within 1 s): the budgets behind the refusals
are in tracer/analysis/{swell,taylor,hessian,check}.py, measured with this script.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
LOGISTIC = "l1 = x\n" + "".join(f"l{k} = 4*l{k - 1}*(1 - l{k - 1})\n" for k in range(2, 13))


def logistic(n: int) -> str:
    return "l1 = x\n" + "".join(f"l{k} = 4*l{k - 1}*(1 - l{k - 1})\n" for k in range(2, n + 1))


def three_uses(n: int) -> str:
    """A recurrence using its last value three times: the formula grows as 3^n."""
    return "l1 = x\n" + "".join(f"l{k} = l{k - 1}*(1 - l{k - 1})*(2 - l{k - 1})\n"
                                for k in range(2, n + 1))


def many_inputs(n: int, op: str = "+") -> str:
    """x0 + x1 + … + x(n-1), summed in groups of ten (so that it is not n deep)."""
    lines = [f"@at {', '.join(f'x{i}={(i % 7 + 1) / 10}' for i in range(n))}"]
    names = [f"x{i}" for i in range(n)]
    level = 0
    while len(names) > 1:
        groups = [names[i:i + 10] for i in range(0, len(names), 10)]
        names = []
        for j, g in enumerate(groups):
            lines.append(f"s{level}_{j} = {op.join(g)}")
            names.append(f"s{level}_{j}")
        level += 1
    return "\n".join(lines) + "\n"


def network(width: int) -> str:
    """A one-layer network with a sigmoid layer and a squared loss: width² weights."""
    lines = [f"@at {', '.join(f'x{i}={(i + 1) / (width + 1):.3f}' for i in range(width))}"]
    at = []
    for j in range(width):
        terms = " + ".join(f"w{j}_{i}*x{i}" for i in range(width))
        lines.append(f"h{j} = sigmoid({terms})")
        at += [f"w{j}_{i}={((i + j) % 5 - 2) / 10}" for i in range(width)]
    lines.append("loss = (" + " + ".join(f"h{j}" for j in range(width)) + " - 1)^2")
    lines.insert(1, f"@at {', '.join(at)}")
    return "\n".join(lines) + "\n"


def wide(n: int, terms: int) -> str:
    """sin(x_i * c) x_(i+1) summed: n inputs, n × terms rows, a Hessian's worst shape."""
    body = "+".join(f"sin(x{i % n}*{1 + j / 1000:.3f})*x{(i + 1) % n}"
                    for j in range(terms) for i in range(n))
    return f"@at {', '.join(f'x{i}={0.1 + i / 100:.2f}' for i in range(n))}\ny = {body}\n"


def chain(op: str, n: int) -> str:
    f = "x"
    for _ in range(n):
        f = f"{op}({f})"
    return f


def long_sum(op: str, rows: int) -> str:
    return "+".join(f"{op}(x*{1 + i / 10000:.4f})" for i in range(rows))


def grouped_sum(op: str, terms: int) -> str:
    """The sum of op(x*c) for `terms` constants, ten to a line (so that it is not deep)."""
    lines, names = [], []
    for j in range(0, terms, 10):
        lines.append(f"s{j} = " + " + ".join(f"{op}(x*{i + 1}/{terms + 1})"
                                             for i in range(j, min(j + 10, terms))))
        names.append(f"s{j}")
    while len(names) > 1:
        groups = [names[i:i + 10] for i in range(0, len(names), 10)]
        names = []
        for g in groups:
            lines.append(f"t{len(lines)} = " + " + ".join(g))
            names.append(f"t{len(lines) - 1}")
    return "\n".join(lines) + "\n"


def logreg_step(m: int, n: int) -> str:
    """A logistic regression step over m examples of n features: m·n + n + m + 1 inputs."""
    def row(k: int) -> str:
        return "[" + ", ".join(f"{((k * n + i) * 37 % 19 - 9) / 10}" for i in range(n)) + "]"

    return (f"@at w = {row(m)}, b = 0.1\n@at X = [{', '.join(row(k) for k in range(m))}]\n"
            f"@at y = [{', '.join(str(float(k % 2)) for k in range(m))}]\nalpha = 0.1\n"
            "h = 1 / (1 + np.exp(-(X @ w + b)))\ngrad_w = X.T @ (h - y) / len(y)\n"
            "w2 = w - alpha * grad_w\nL = np.sum((X @ w2 - y) ** 2)\n")


def sines(n: int) -> str:
    return "@at x=0.5\nu = x\n" + "u = sin(u)\n" * n + "y = u\n"


def exp_sin_sum(n: int) -> str:
    return f"@at x=[{', '.join(f'{(k + 1) / 100}' for k in range(n))}]\n" \
        "y = np.sum(np.exp(x) * np.sin(x))\n"


def cases(tmp: Path) -> list[tuple[str, list[str]]]:
    def file(name: str, text: str) -> str:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return [
        # swell: the documented range is 1 to 10 for the logistic map
        ("swell", ["swell", "--n", "10"]),
        ("swell", ["swell", "--n", "10", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "-f", "markdown"]),
        ("swell", ["swell", "--n", "10", "--map", "l^2 + x"]),
        ("swell", ["swell", "--n", "10", "--map", "l^3 + x"]),
        ("swell", ["swell", "--n", "8", "--map", "l^3 + x", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "3.7*l*(1 - l)", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "sin(l) + x"]),
        ("swell", ["swell", "--n", "10", "--map", "l/(1 + x)"]),
        ("swell", ["swell", "--n", "10", "--map", "exp(l)*l"]),
        ("swell", ["swell", "--n", "8", "--map", "exp(l)*l", "-f", "json"]),
        ("swell", ["swell", "--n", "8", "--map", "l^(1/2)*x + l", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "log(1 + l^2)", "-f", "json"]),
        ("swell", ["swell", "--n", "8", "--map", "cos(l)*sin(l)", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "l^4 + x", "-f", "json"]),
        ("swell", ["swell", "--n", "6", "--map", "l^4 + x", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "l^2 + x/3", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "x*l^2 - 2*l + x", "-f", "json"]),
        ("swell", ["swell", "--n", "10", "--map", "l*(1 - l) + l*(2 - l)"]),
        ("swell", ["swell", "--n", "10", "--map", "1/(1 + l)"]),
        ("swell", ["swell", "--n", "10", "--map", "pi*l*(1 - l)"]),
        # derivatives: orders 1 to 12
        ("derivatives", ["derivatives", "exp(sin(x))", "--at", "x=2", "--order", "12",
                         "--exact"]),
        ("derivatives", ["derivatives", "exp(exp(exp(x)))", "--at", "x=1", "--order", "12",
                         "--exact"]),
        ("derivatives", ["derivatives", "tan(tan(x))", "--at", "x=0.7", "--order", "12",
                         "--exact"]),
        ("derivatives", ["derivatives", "x^x^x", "--at", "x=0.7", "--order", "12", "--exact"]),
        ("derivatives", ["derivatives", chain("tan", 6), "--at", "x=0.7", "--order", "12",
                         "--exact"]),
        ("derivatives", ["derivatives", "log(x, 3)^x", "--at", "x=2", "--order", "12"]),
        ("derivatives", ["derivatives", file("log1000.txt", long_sum("log", 1000)), "--at",
                         "x=0.3", "--order", "12"]),
        ("derivatives", ["derivatives", file("log1000j.txt", long_sum("log", 1000)), "--at",
                         "x=0.3", "--order", "12", "-f", "json"]),
        ("derivatives", ["derivatives", file("log2000.txt", long_sum("log", 2000)), "--at",
                         "x=0.3", "--order", "12"]),
        ("derivatives", ["derivatives", file("add.txt", "+".join(f"x*{i}" for i in
                                                                 range(1, 19001))),
                         "--at", "x=0.3", "--order", "12", "-f", "json"]),
        ("derivatives", ["derivatives", file("add3.txt", "+".join(f"x*{i}" for i in
                                                                  range(1, 100001))),
                         "--at", "x=0.3", "--order", "3", "-f", "json"]),
        ("derivatives", ["derivatives", file("sin200.txt", grouped_sum("sin", 200)), "--at",
                         "x=1/3", "--order", "12", "--exact", "-f", "json"]),
        ("derivatives", ["derivatives", file("sin40.txt", grouped_sum("sin", 40)), "--at",
                         "x=1/3", "--order", "12", "--exact"]),
        # hessian
        ("hessian", ["hessian", file("wide40.txt", wide(40, 40))]),
        ("hessian", ["hessian", file("wide40j.txt", wide(40, 40)), "-f", "json"]),
        ("hessian", ["hessian", file("wide40m.txt", wide(40, 40)), "-f", "markdown"]),
        ("hessian", ["hessian", file("wide200.txt", wide(200, 40))]),
        ("hessian", ["hessian", file("net4.txt", network(4)), "--exact"]),
        ("hessian", ["hessian", file("net6.txt", network(6)), "--exact", "-f", "markdown"]),
        # check
        ("check", ["check", file("logistic12.txt", logistic(12) + "@at x=0.3\n")]),
        ("check", ["check", file("logistic12j.txt", logistic(12) + "@at x=0.3\n"),
                   "-f", "json"]),
        ("check", ["check", file("logistic13.txt", logistic(13) + "@at x=0.3\n")]),
        ("check", ["check", file("three8.txt", three_uses(8) + "@at x=0.3\n"), "-f", "json"]),
        ("check", ["check", file("logistic11j.txt", logistic(11) + "@at x=0.3\n"),
                   "-f", "json"]),
        ("check", ["check", file("sum200.txt", many_inputs(200)), "-f", "json"]),
        ("check", ["check", file("prod200.txt", many_inputs(200, "*")), "-f", "json"]),
        ("check", ["check", file("prod200m.txt", many_inputs(200, "*")), "-f", "markdown"]),
        ("check", ["check", file("sum300.txt", many_inputs(300)), "-f", "json"]),
        ("check", ["check", file("sum2000.txt", many_inputs(2000))]),
        ("check", ["check", file("net6c.txt", network(6)), "-f", "json"]),
        ("check", ["check", chain("sin", 99), "--at", "x=0.5", "-f", "json"]),
        # exact forward and reverse tables: printing costs sympy work per node of each value
        *[("exact", [mode, file(f"{name}.txt", text), "--exact", *fmt])
          for name, text in [("logreg4x4", logreg_step(4, 4)), ("logreg6x5", logreg_step(6, 5)),
                             ("sines60", sines(60)), ("sines95", sines(95)),
                             ("expsin95", exp_sin_sum(95))]
          for mode in ("forward", "reverse")
          for fmt in ([], ["-f", "html"], ["-f", "csv"], ["-f", "json"])],
    ]


def run(args: list[str]) -> tuple[float, float, int, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "tracer", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"}, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("error:")), "")
    return wall, cpu, done.returncode, line


def main() -> None:
    only = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        for command, args in cases(Path(tmp)):
            if only and command not in only:
                continue
            wall, cpu, code, line = run(args)
            shown = " ".join(a if len(a) < 40 else Path(a).name if "/" in a else a[:37] + "…"
                             for a in args)
            verdict = "refused" if "error:" in line else ("ok" if code == 0 else f"exit {code}")
            print(f"{wall:6.2f} s wall {cpu:6.2f} s cpu  {verdict:8s} tracer {shown}")
            if line:
                print(f"{'':36s}{line[:200]}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
