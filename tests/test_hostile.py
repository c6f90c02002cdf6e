"""Hostile and careless input on every command and every option.

Each case is a command line an attacker or a tired student might type. For every one: no
traceback on stdout or stderr, the documented exit status (0 success, 1 a problem with the
formula, a file or an evaluation, 2 a usage error), and a message naming the problem. For
``-o``: no existing file changed, no temporary file left behind, and the modes a shell redirect
would give. The table is the test: add a row for every new way in.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LECTURE, run

AT = "x1=3,x2=-4"
FORMULA_COMMANDS = ["trace", "forward", "reverse", "jacobian", "derivatives", "hessian", "check",
                    "graph", "plot"]
COMMANDS = [*FORMULA_COMMANDS, "swell", "grade"]


def clean(result, code: int, *words: str) -> None:
    """No traceback, exit status ``code``, and every word in the message."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def at_for(command: str) -> list[str]:
    """The point a formula command needs for the lecture formula (derivatives: one input)."""
    return ["--at", AT] + (["--wrt", "x1"] if command == "derivatives" else [])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A quiz and its key in both formats, for grade (made once: no test writes them)."""
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("grade")
    made = {}
    for suffix in (".csv", ".json"):
        quiz, key = folder / f"quiz{suffix}", folder / f"key{suffix}"
        result = run(CliRunner(), "reverse", LECTURE, "--at", AT, "--quiz", "-o", str(quiz),
                     "--answers", str(key))
        assert result.exit_code == 0, result.stderr
        made[suffix] = (quiz, key)
    return made


# --- the formula ----------------------------------------------------------------------------------

FORMULAS = [
    ("", "empty formula"),
    ("   \t ", "empty formula"),
    ("\n\n", "empty formula"),
    ("(x1+1", "expected ')'"),
    ("x1+1)", "unmatched ')'"),
    ("((x1)", "expected ')'"),
    ("foo(x1)", "unknown function 'foo'"),
    ("sin(x1, x2)", "sin"),
    ("1e999*x1", "too large for a float"),
    ("1e-999*x1", "too small for a float"),
    ("9" * 500 + "*x1", "characters"),
    ("x1 +* x2", "expected"),
    ("2x1", "for a product write 2*x1"),
    ("x1\x00+x2", "unexpected character '\\x00'"),
    ("x1\x1b[31m+x2", "unexpected character '\\x1b'"),
    ("x1\u200b+x2", "unexpected character"),
    ("x1 = ", "expected"),
    ("x1 = x1 + 1", "an input cannot be reassigned"),
    ("@bogus 1\nx1", "unknown directive"),
    ("@at x1=1,x1=2\nx1*x2", "given twice"),
    ("x" * 100_000, "its inputs are xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"),
    ("х1*x2", "U+0445 CYRILLIC SMALL LETTER HA"),
    ("sinx1 + x2", "write sin(x1)"),
    ("x1² + x2", "for a power write x1^2"),
]

# Wrong only at the point: every command but plot (which draws a gap there).
AT_THE_POINT = [
    ("nan*x1*x2", "no value for nan"),
    ("log(x1-3) + x2", "log"),
    ("1/(x1-3) + x2", "division by zero"),
    ("exp(x1*1000) + x2", "overflows"),
]


def _formula_cases():
    for formula, word in FORMULAS + AT_THE_POINT:
        for command in FORMULA_COMMANDS:
            if command != "plot" or (formula, word) not in AT_THE_POINT:
                yield pytest.param(command, formula, word, id=f"{command}-{formula[:12]!r}")


@pytest.mark.parametrize(("command", "formula", "word"), list(_formula_cases()))
def test_a_bad_formula_is_one_clear_error(runner, command, formula, word):
    result = run(runner, command, formula, *at_for(command))
    clean(result, 1, "error: ", word)
    assert result.stderr.startswith("error: ")
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr  # shown as symbols


@pytest.mark.parametrize("command", FORMULA_COMMANDS)
def test_deep_nesting_and_long_sums_finish(runner, command):
    deep = "(" * 3000 + "x1" + ")" * 3000 + "*x2"
    clean(run(runner, command, deep, *at_for(command)), 0)


@pytest.mark.parametrize("command", FORMULA_COMMANDS)
def test_folders_devices_and_bad_files_as_formula(runner, command, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    clean(run(runner, command, str(folder), *at_for(command)), 1, "is a folder")
    if os.path.exists("/dev/null"):
        clean(run(runner, command, "/dev/null", *at_for(command)), 1,
              "is a device, not a regular file")
    latin1 = tmp_path / "f.txt"
    latin1.write_bytes("x1 * x2 # café\n".encode("latin-1"))
    clean(run(runner, command, str(latin1), *at_for(command)), 1, "not UTF-8", "line 1")
    clean(run(runner, command, str(tmp_path / "missing.txt"), *at_for(command)), 1,
          "no such file")
    clean(run(runner, command, "-", *at_for(command), input=b"x1\xff"), 1, "not UTF-8")


def test_a_folder_name_can_still_be_a_formula(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    clean(run(runner, "forward", "d", "--at", "d=1"), 1, "d is a folder", "write (d)")
    clean(run(runner, "forward", "(d)", "--at", "d=1"), 0)


# --- programs: the language's loops, branches, functions and arrays -------------------------------

NESTED = "".join("    " * k + f"for i{k} in range(10):\n" for k in range(8)) + " " * 32 + "y = x*2"

# (program, commands, words): each at x=0.7, exit 1, one line naming the problem (and a caret
# where the problem has a place). The loop refusals are up front: no row is made first.
PROGRAMS = [
    ("x\u200b = 1\ny = x*2", FORMULA_COMMANDS, ["U+200B ZERO WIDTH SPACE", "^"]),
    ("y = x\u00a0* 2", FORMULA_COMMANDS, ["U+00A0 NO-BREAK SPACE", "plain space", "^"]),
    ("\ufeffy = x*2", FORMULA_COMMANDS, ["U+FEFF", "^"]),
    ("y = x*2\u2028z = y", FORMULA_COMMANDS, ["U+2028 LINE SEPARATOR", "^"]),
    ("y = x\u202e*2", ["trace", "reverse"], ["U+202E RIGHT-TO-LEFT OVERRIDE", "^"]),
    ("for i in range(3):\n\u00a0\u00a0\u00a0\u00a0y = x*i", ["trace", "forward"],
     ["line 2", "U+00A0", "^"]),
    ("e\u0301 = x\ny = e\u0301*2", ["trace", "check"], ["U+0301 COMBINING ACUTE ACCENT"]),
    (NESTED, FORMULA_COMMANDS, ["line 6", "inside the loops on line(s) 1, 2, 3, 4, 5",
                                "10 × 10 × 10 × 10 × 10 × 10 = 1,000,000 times",
                                "200,000 loop steps", "^"]),
    ("s = x\nfor i in range(10**12):\n    s = s + x\ny = s", FORMULA_COMMANDS,
     ["line 2: this for loop would run 1,000,000,000,000 times", "200,000 loop steps"]),
    ("s = x\nfor i in range(1e308):\n    s = s*x\ny = s", ["trace", "check"],
     ["about 10^308 times"]),
    ("s = x\nfor i in range(0, 5, 0):\n    s = s*x\ny = s", ["trace"], ["step must not be 0"]),
    ("s = x\nwhile 1 > 0:\n    s = s\ny = s", ["reverse"], ["line 2", "does it end?", "200,000"]),
    ("def f(a):\n    return f(a)\ny = f(x)", FORMULA_COMMANDS, ["f calls itself", "loop", "^"]),
    ("def f(a):\n    return g(a)\ndef g(a):\n    return f(a)\ny = f(x)", ["trace", "check"],
     ["f calls itself (through g)"]),
    ("def f(a, a):\n    return a\ny = f(x, x)", ["trace"], ["two parameters named a", "^"]),
    ("def f(a):\n    return a\ny = f + x", ["trace", "reverse"], ["f is a function: call it"]),
    ("a = [x, x*2]\ny = a[2]", FORMULA_COMMANDS, ["index 2 is out of range", "(2,)", "^"]),
    ("a = [x, x*2]\ny = a[-3]", ["trace", "check"], ["index -3 is out of range", "^"]),
    ("a = [x, x*2]\ny = a[0.5]", ["trace", "check"], ["whole number", "0.5", "^"]),
    ("a = [x, x*2]\ny = a[x]", ["trace", "check"], ["computed from the inputs", "^"]),
    ("a = [x, x*2]\ny = a[0, 1]", ["trace"], ["2 indices are too many", "^"]),
    ("s = x\nfor i in range(0):\n    s = s*x\ny = s*i", ["trace", "check"],
     ["i is used before it is assigned", "^"]),
    ("x = 2\nz = 1\ny = x*z + x", ["trace", "reverse"], ["does not depend on any input"]),
    ("y = x*3\nx = 2", FORMULA_COMMANDS, ["an input cannot be reassigned", "^"]),
    ("x += 1\ny = x*3", ["trace", "reverse"], ["an input cannot be reassigned"]),
    ("for i in range(3):\ny = x", FORMULA_COMMANDS, ["expected an indented block", "^"]),
    ("if x > 0:\nelse:\n    y = x", ["trace"], ["expected an indented block"]),
    ("def f(a):\ny = x", ["trace"], ["expected an indented block"]),
    ("if x > 100:\n    y = x", ["trace", "reverse"], ["assigned nothing", "path it did not take"]),
    ("a = zeros(10**7)\ny = x + sum(a)", FORMULA_COMMANDS, ["10,000,000 elements", "^"]),
    ("a = eye(10**5)\ny = x", ["trace"], ["10,000,000,000 elements"]),
    ("a = arange(0, 1e300)\ny = x", ["trace"], ["about 10^300 elements"]),
    ("a = ones(2000)\nb = outer(a, a)\ny = x", ["trace"], ["4,000,000 elements"]),
    ("a = [[[x]]]\ny = x", ["trace", "check"], ["3 dimensions", "vectors and matrices"]),
    ("a = [[x, x], x]\ny = x", ["trace"], ["mixes numbers and lists"]),
    ("y = []", FORMULA_COMMANDS, ["empty array (0,)", "no element"]),
    ("a = [x, x]\ny = a.sum", ["trace"], [".sum is a method: call it as .sum()"]),
    ("\ufb01 = x\ny = fi*2", ["trace", "reverse"], ["look alike", "U+FB01", "^"]),
    ("\u0430 = x\ny = a*2", ["trace"], ["U+0430 CYRILLIC SMALL LETTER A", "assigned"]),
    ("@wrt x\ny = x*2", ["trace", "forward"], ["unknown directive @wrt", "command line", "^"]),
    ("@AT x=1\ny = x*2", ["trace"], ["unknown directive @AT", "write @at"]),
    ("@@at x=1\ny = x*2", ["trace"], ["'@' without a name"]),
    ("@at x=[]\ny = sum(x)", ["trace"], ["x is given an empty array (0,)"]),
    ("@params w\n@step 0.1\n@params x\ny = x*w", ["reverse"], ["@params appears twice"]),
]


@pytest.mark.parametrize(("program", "commands", "words"), PROGRAMS,
                         ids=[repr(p[:16]) for p, _, _ in PROGRAMS])
def test_a_bad_program_is_one_clear_error(runner, program, commands, words):
    for command in commands:
        result = run(runner, command, program, *(["--at", "x=0.7"] + (
            ["--wrt", "x"] if command == "derivatives" else [])))
        clean(result, 1, "error: ", *words)
        assert "\u200b" not in result.stderr and "\u202e" not in result.stderr


@pytest.mark.parametrize(("program", "commands", "words"), PROGRAMS[:24],
                         ids=[repr(p[:16]) for p, _, _ in PROGRAMS[:24]])
def test_the_python_api_refuses_a_bad_program_the_same_way(program, commands, words):
    import tracer
    from tracer.errors import TracerError

    with pytest.raises(TracerError) as info:
        tracer.trace(program, at={"x": 0.7}).reverse()
    for word in words:  # the place is the error's own (the command line writes it "line 2:")
        assert word == "^" or word.startswith("line ") or word in info.value.message, \
            (word, info.value.message)
    if "^" in words:
        assert info.value.where() is not None


# Programs that run: forward mode, reverse mode and central differences agree on each (every
# point here is away from the decisions' boundaries, so the path is the same at x ± h).
AGREEING = [
    ("s = x\nfor i in range(3):\n    s = s*x\ny = s*i", {"x": 0.7}),  # i after its loop
    ("s = x\nfor i in range(5, 0, -1):\n    s = s*x + i\ny = s", {"x": 0.7}),
    ("θ = x*2\nβ₁ = sin(θ)\ny = θ*β₁", {"x": 0.7}),  # unicode names
    ("ÿ = x\ny = ÿ^2", {"x": 0.7}),
    ("a = [x, x*2]\ny = a[-1] * a[0]", {"x": 0.7}),  # a negative index counts from the end
    ("def f(a):\n    return a*exp(a)\ny = f(x) + f(2*x)", {"x": 0.7}),
    ("b = x\nwhile b < 10:\n    b = b*2\nif b > 12:\n    c = b\nelse:\n    c = 100*b\ny = c",
     {"x": 0.7}),
    ("y = x\ny *= 2\ny = y^2 + x", {"x": 0.7}),
    ("a = [x, 2*x]\nm = [[1, 2], [3, x]]\nc = m @ a\ny = c[0]*c[1]", {"x": 0.7}),
    ("for i in range(2):\n    pass\ny = x", {"x": 0.7}),
    ("s = x\nfor i in range(10**9):\n    s = s*x\n    if i > 2:\n        break\ny = s",
     {"x": 0.7}),  # a huge range that breaks early runs
]


@pytest.mark.parametrize(("program", "point"), AGREEING, ids=[p[:16] for p, _ in AGREEING])
def test_forward_reverse_differences_and_check_agree_on_programs(runner, program, point):
    import tracer

    t = tracer.trace(program, at=point)
    forward = t.forward().jacobian
    gradient = t.reverse().gradient
    (output,) = forward
    h = 1e-6
    for x, value in point.items():
        up = tracer.trace(program, at={**point, x: value + h}).outputs[output]
        down = tracer.trace(program, at={**point, x: value - h}).outputs[output]
        central = (up - down) / (2 * h)
        assert forward[output][x] == pytest.approx(gradient[x], rel=1e-12, abs=1e-12)
        assert central == pytest.approx(gradient[x], rel=1e-5, abs=1e-6)
    checked = t.check().run
    assert all(c.agrees for c in checked.inputs), checked.disagreement()
    clean(run(runner, "check", program, "--at", ",".join(f"{k}={v}" for k, v in point.items())),
          0)


@pytest.mark.parametrize(("at", "word"), [
    ({"x": None, "w": 1}, "x is given None (NoneType)"),
    ({"x": 1j, "w": 1}, "x is given 1j (complex)"),
    ({"x": True, "w": 1}, "x is given True (bool)"),
    ({"x": 10**400, "w": 1}, "too large for a float"),
    ({"x": math.nan, "w": 1}, "x is given nan; a value is a finite number"),  # as --at says
    ({"x": [1, -math.inf], "w": 1}, "x is given -inf"),
    ({"x": [1, "a"], "w": 1}, "x is given 'a' (str)"),
    ({"x": [1, None], "w": 1}, "x is given None"),
    ({1: 2}, "a name is a string"),
    (5, "values are a mapping"),
    (["x"], "values are a mapping"),
])
def test_the_python_api_names_a_value_it_cannot_use(at, word):
    import tracer
    from tracer.errors import TracerError

    with pytest.raises(TracerError, match=re.escape(word)):
        tracer.trace("y = x*w", at=at)
    t = tracer.trace("y = x*w", at={"x": 0.5, "w": 2})
    with pytest.raises(TracerError, match="y is given None"):
        t.reverse(seed={"y": None})


@pytest.mark.parametrize("digits", [0, 18, -1, 1.5, "4", True])
def test_the_python_api_takes_the_digits_the_command_line_takes(digits):
    import tracer
    from tracer.errors import TracerError

    result = tracer.trace("y = x*w", at={"x": 0.5, "w": 2}).reverse()
    for write in (result.to_text, result.to_markdown, result.to_csv):
        with pytest.raises(TracerError, match="digits must be a whole number from 1 to 17"):
            write(digits=digits)
    assert "0.5" in result.to_text(digits=17)


def test_a_missing_folder_is_one_line_and_nothing_is_written(tmp_path):
    program = "s = x\nfor i in range(2):\n    s = s*x\ny = s"
    for args in (["-o", "no/t.md"], ["--quiz", "-o", "no/q.csv", "--answers", "k.csv"],
                 ["--quiz", "-o", "q.csv", "--answers", "no/k.csv"], ["-o", "no/deeper/t.json"]):
        result = subprocess.run([sys.executable, "-m", "tracer", "reverse", program, "--at",
                                 "x=0.7", *args], capture_output=True, timeout=60, cwd=tmp_path)
        assert result.returncode == 1 and result.stderr.count(b"\n") == 1, result.stderr
        assert result.stderr.startswith(b"error: cannot write no/")
        assert b"does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_real_process_refuses_a_runaway_program_up_front():
    for program, word in [(NESTED, b"200,000 loop steps"),
                          ("s = x\nfor i in range(10**12):\n    s = s + x\ny = s", b"200,000"),
                          ("x\u200b = 1\ny = x*2", b"U+200B")]:
        result = subprocess.run([sys.executable, "-m", "tracer", "reverse", program, "--at",
                                 "x=0.7"], capture_output=True, timeout=60)
        assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
        assert word in result.stderr and result.stderr.startswith(b"error: ")


def test_a_deep_chain_draws_a_tree_of_bounded_width(runner):
    result = run(runner, "graph", "y = " + "-" * 3000 + "x", "--at", "x=0.7")
    clean(result, 0)
    assert "deeper than 40 levels" in result.stdout
    tree = [line for line in result.stdout.splitlines() if "──" in line]
    assert len(tree) > 40 and max(len(line) for line in tree) < 400


# --- options --------------------------------------------------------------------------------------

# (commands, extra arguments, exit status, words in the message)
OPTIONS = [
    # empty values, for every option that takes one
    (FORMULA_COMMANDS, ["--at", ""], 2, ["'--at'", "is empty"]),
    (FORMULA_COMMANDS, ["--at", "  "], 2, ["is empty"]),
    (FORMULA_COMMANDS, ["--output", ""], 2, ["'--output'", "is empty"]),
    (COMMANDS, ["--out", ""], 2, ["'--out'", "is empty"]),
    (COMMANDS, ["-o", " "], 2, ["is empty"]),
    (COMMANDS, ["--format", ""], 2, ["--format"]),
    (COMMANDS, ["--digits", ""], 2, ["--digits"]),
    (["forward", "derivatives", "graph"], ["--wrt", ""], 2, ["'--wrt'", "is empty"]),
    (["forward", "reverse"], ["--seed", ""], 2, ["'--seed'", "is empty"]),
    (["reverse"], ["--step", ""], 2, ["'--step'", "is empty"]),
    (["reverse"], ["--params", ""], 2, ["'--params'", "is empty"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "derivatives"],
     ["--quiz", "--answers", ""], 2, ["'--answers'", "is empty"]),
    (["trace", "forward", "reverse", "hessian", "derivatives"], ["--max-rows", ""], 2,
     ["--max-rows"]),
    (["swell"], ["--map", ""], 2, ["'--map'", "is empty"]),
    (["grade"], ["--against", ""], 2, ["'--against'", "is empty"]),
    (["grade"], ["--tolerance", ""], 2, ["--tolerance"]),
    # out of range
    (COMMANDS, ["--digits", "0"], 2, ["--digits"]),
    (COMMANDS, ["--digits", "18"], 2, ["--digits"]),
    (COMMANDS, ["--digits", "many"], 2, ["--digits"]),
    (["trace", "forward", "reverse", "hessian", "derivatives"], ["--max-rows", "-5"], 2,
     ["--max-rows"]),
    (["derivatives"], ["--order", "0"], 2, ["--order"]),
    (["derivatives"], ["--order", "13"], 2, ["--order"]),
    (["swell"], ["--n", "0"], 2, ["--n"]),
    (["swell"], ["--n", "11"], 2, ["--n"]),
    (["reverse"], ["--step", "-0.1", "--params", "x1"], 2, ["not a positive number"]),
    (["reverse"], ["--step", "0", "--params", "x1"], 2, ["not a positive number"]),
    (["reverse"], ["--step", "1e308", "--params", "x1"], 1, ["overflows the step",
                                                             "use a smaller rate"]),
    (["reverse"], ["--step", "nan", "--params", "x1"], 1, ["nan is not a constant"]),
    (["reverse"], ["--step", "inf", "--params", "x1"], 1, ["inf is not a constant"]),
    (["grade"], ["--tolerance", "-1"], 2, ["negative"]),
    (["grade"], ["--tolerance", "nan"], 2, ["not a finite number"]),
    (["grade"], ["--tolerance", "inf"], 2, ["not a finite number"]),
    (["grade"], ["--tolerance", "1"], 2, ["below 1"]),
    (["grade"], ["--abs-tolerance", "inf"], 2, ["not a finite number"]),
    (["grade"], ["--abs-tolerance", "-1e-9"], 2, ["negative"]),
    # bad values the core reads
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=1=2,x2=1"], 1, ["x1 is given a value twice", "name=value once"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=3,x2=-4,x1=1"], 1, ["x1 is given twice"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=nan,x2=1"], 1, ["nan is not a constant"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=1e999,x2=1"], 1, ["too large"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=3,x2=-4,z=1"], 1, ["z is not an input"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=3,х2=-4"], 1, ["U+0445"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1"], 1, ["expected name=value"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=[],x2=1"], 1, ["x1 is given an empty array (0,)"]),
    (["forward", "reverse"], ["--at", AT, "--seed", "x1=[]"], 1, ["empty array"]),
    (["forward"], ["--at", AT, "--seed", "x1=[1, 2]"], 1, ["--seed: x1 is a number",
                                                          "array (2,)"]),
    (["reverse"], ["--at", AT, "--seed", "y=[1, 2]"], 1, ["--seed: y is a number"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "check", "graph"],
     ["--at", "x1=3", "--output", "z"], 1, ["no statement assigns 'z'"]),
    (["forward"], ["--at", AT, "--wrt", "z"], 1, ["z is not an input"]),
    (["forward"], ["--at", AT, "--wrt", "1x"], 1, ["'1x' is not a name"]),
    (["forward"], ["--at", AT, "--seed", "z=1"], 1, ["--seed: z is not an input"]),
    (["reverse"], ["--at", AT, "--seed", "x1=1"], 1, ["--seed: x1 is not an output"]),
    (["forward"], ["--at", AT, "--wrt", "x1", "--seed", "x1=1"], 2, ["not both"]),
    (["reverse"], ["--at", AT, "--step", "fast", "--params", "x1"], 1, ["fast"]),
    (["reverse"], ["--at", AT, "--step", "0.1"], 2, ["--step needs --params"]),
    (["reverse"], ["--at", AT, "--params", "x1"], 2, ["give the step with --step"]),
    (["reverse"], ["--at", AT, "--step", "0.1", "--params", "q*"], 1, ["matches no input"]),
    (["graph"], ["--at", AT, "--wrt", "x1"], 2, ["add --mode forward"]),
    (["graph"], ["--at", AT, "--wrt", "x1", "--mode", "reverse"], 2, ["reverse mode seeds"]),
    (["graph"], ["--at", AT, "--mode", "forward", "--wrt", "z"], 1, ["z is not an input"]),
    (["swell"], ["--map", "l+("], 1, ["expected"]),
    (["swell"], ["--map", "l*y"], 1, ["y"]),
    # choices
    ([c for c in COMMANDS if c != "plot"], ["--format", "md"], 2,
     ["'md' is not one of", "md means markdown"]),
    (["plot"], ["--format", "md"], 2, ["'md' is not one of 'terminal', 'json'"]),
    (["plot"], ["--format", "tex"], 2, ["'tex' is not one of"]),
    (["plot"], ["--samples", "0"], 2, ["--samples"]),
    (["plot"], ["--samples", "100000000"], 1, ["--samples must be between"]),
    (["plot"], ["--order", "0"], 2, ["--order"]),
    (["plot"], ["--over", ""], 2, ["'--over'", "is empty"]),
    (["plot"], ["--over", "x1=2..1"], 1, ["from low to high"]),
    (["plot"], ["--over", "z=0..1"], 1, ["z is not an input"]),
    (["check"], ["--plot", "-o", "t.md"], 2, ["--plot draws on the terminal"]),
    (["trace", "forward"], ["--format", "Markdown"], 2, ["lower case"]),
    (["forward"], ["--format", "jsn"], 2, ["did you mean --format json"]),
    (["graph"], ["--format", "svg"], 2, ["-o graph.svg"]),
    (["trace", "forward", "reverse", "jacobian", "hessian", "graph"], ["--order", "sideways"],
     2, ["'sideways' is not one of"]),
    (["graph"], ["--mode", "sideways"], 2, ["'sideways' is not one of"]),
    (["trace", "forward"], ["--quiz=bogus"], 2, ["the modes are"]),
    (["trace", "forward"], ["--quiz", "rules"], 2, ["--quiz=rules"]),
    (["forward"], ["--answers", "k.md"], 2, ["give --quiz too"]),
    # options that are not this command's, and words left over
    (["reverse"], ["--wrt", "x1"], 2, ["reverse has no option --wrt", "forward", "--seed"]),
    (["trace"], ["--seed", "x1=1"], 2, ["trace has no option --seed", "forward and reverse"]),
    (["forward"], ["--params", "w"], 2, ["forward has no option --params", "reverse"]),
    (["forward"], ["--sweep"], 2, ["reverse"]),
    (["forward", "reverse"], ["--mode", "forward"], 2, ["graph"]),
    (["jacobian", "hessian", "check"], ["--wrt", "x1"], 2, ["has no option --wrt"]),
    (COMMANDS, ["--bogus"], 2, ["No such option: --bogus"]),
    (FORMULA_COMMANDS, ["extra"], 2, ["unexpected argument 'extra'", "quotes"]),
    (FORMULA_COMMANDS, [""], 2, ["unexpected empty argument"]),
    (["forward"], ["--force", "yes"], 2, ["--force is a switch"]),
    (["swell"], ["5"], 2, ["swell takes only options"]),
]


def _cases():
    for commands, extra, code, words in OPTIONS:
        for command in commands:
            yield pytest.param(command, extra, code, words, id=f"{command}{extra}")


@pytest.mark.parametrize(("command", "extra", "code", "words"), list(_cases()))
def test_every_option_refuses_what_it_cannot_use(runner, files, command, extra, code, words):
    key = str(files[".csv"][1])
    if command == "grade":
        args = [key, *extra] if "--against" in extra else [key, "--against", key, *extra]
    elif command == "swell":
        args = extra
    else:
        has_at = "--at" in extra
        args = [LECTURE, *([] if has_at else at_for(command)), *extra]
    clean(run(runner, command, *args), code, *words)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_on_every_command(runner, command, flag):
    for args in ([flag], [LECTURE, flag], [flag, "--at", AT]):
        result = run(runner, command, *args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("Usage") and "Example:" in result.stdout


def test_a_formula_starting_with_minus_is_still_a_formula(runner):
    result = run(runner, "forward", "-h*x", "--at", "h=2,x=3", "-f", "json")
    clean(result, 0)
    assert json.loads(result.stdout)["outputs"]["y"] == -6


# --- output files -------------------------------------------------------------------------------

def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def command_args(command: str, files) -> list[str]:
    if command == "grade":
        return [str(files[".csv"][1]), "--against", str(files[".csv"][1])]
    if command == "swell":
        return ["--n", "2"]
    return [LECTURE, *at_for(command)]


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("command", COMMANDS)
def test_output_files_are_safe(runner, files, tmp_path, command, umask022):
    out = tmp_path / "out"
    out.mkdir()
    args = command_args(command, files)
    suffix = {"graph": ".mmd", "plot": ".json"}.get(command, ".md")

    fresh = out / f"new{suffix}"
    clean(run(runner, command, *args, "-o", str(fresh)), 0)
    assert mode(fresh) == 0o644

    mine = out / f"mine{suffix}"
    mine.write_text("mine", encoding="utf-8")
    mine.chmod(0o600)
    clean(run(runner, command, *args, "-o", str(mine)), 1, "exists; use --force")
    assert mine.read_text(encoding="utf-8") == "mine"
    clean(run(runner, command, *args, "-o", str(mine), "--force"), 0)
    assert mine.read_text(encoding="utf-8") != "mine" and mode(mine) == 0o600

    clean(run(runner, command, *args, "-o", str(out / "no" / f"t{suffix}")), 1, "does not exist")
    clean(run(runner, command, *args, "-o", str(out)), 1, "is a folder")
    clean(run(runner, command, *args, "-o", str(out / "t.xyz")), 2, "cannot tell the format")
    other = {"graph": "dot", "plot": "terminal"}.get(command, "csv")
    clean(run(runner, command, *args, "-o", str(out / "t.tex"), "-f", other), 2,
          "names latex by its suffix")
    if os.path.exists("/dev/null"):
        clean(run(runner, command, *args, "-f", "json", "-o", "/dev/null", "--force"), 1,
              "it is a device")
    assert sorted(p.name for p in out.iterdir()) == [f"mine{suffix}", f"new{suffix}"]
    assert leftovers(out) == []


@pytest.mark.parametrize("command", ["trace", "forward", "reverse", "jacobian", "derivatives",
                                     "hessian"])
def test_a_quiz_and_its_key_are_two_files_or_none(runner, tmp_path, command, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = [LECTURE, *at_for(command), "--quiz"]
    (tmp_path / "real.csv").write_text("mine", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    for out, key in [("same.csv", "same.csv"), ("./same.csv", "same.csv"),
                     ("link.csv", "real.csv"), (str(tmp_path / "a.csv"), "a.csv")]:
        result = run(runner, command, *args, "-o", out, "--answers", key, "--force")
        clean(result, 2, "-o and --answers: ")
        assert "same file" in result.stderr or "named twice" in result.stderr
    (tmp_path / "key.csv").write_text("mine", encoding="utf-8")
    clean(run(runner, command, *args, "-o", "quiz.csv", "--answers", "key.csv"), 1, "exists")
    assert not (tmp_path / "quiz.csv").exists()
    assert (tmp_path / "key.csv").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "real.csv").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.csv", "link.csv", "real.csv"]


@pytest.mark.parametrize("command", FORMULA_COMMANDS)
def test_the_formula_file_is_never_written_over(runner, tmp_path, command):
    source = tmp_path / "f.txt"
    source.write_text(LECTURE, encoding="utf-8")
    for target in (source, tmp_path / "." / "f.txt"):
        clean(run(runner, command, str(target), *at_for(command), "-o", str(source), "--force"),
              1, "a file this command reads")
    assert source.read_text(encoding="utf-8") == LECTURE


def test_grade_never_writes_over_its_key(runner, files):
    key = files[".csv"][1]
    before = key.read_bytes()
    clean(run(runner, "grade", str(key), "--against", str(key), "-o", str(key), "--force"), 1,
          "a file this command reads")
    assert key.read_bytes() == before


def test_graph_images_obey_the_same_rules(runner, tmp_path, umask022):
    target = tmp_path / "g.svg"
    target.write_text("mine", encoding="utf-8")
    clean(run(runner, "graph", LECTURE, "--at", AT, "-o", str(target)), 1, "exists")
    assert target.read_text(encoding="utf-8") == "mine"
    clean(run(runner, "graph", LECTURE, "--at", AT, "-o", str(target), "-f", "mermaid"), 2,
          "names svg")
    assert leftovers(tmp_path) == []


# --- grade's files --------------------------------------------------------------------------------

GRADE_FILES = [
    ("bad.json", "[1, 2, 3]", "is not a tracer quiz or answer key"),
    ("bad.json", "null", "is not a tracer quiz or answer key"),
    ("bad.json", '{"rows": "abc"}', "is not a tracer quiz or answer key"),
    ("bad.json", '{"rows": [{"index": 1}]}', "is not a tracer quiz or answer key"),
    ("bad.json", "{", "is not JSON"),
    ("bad.json", "[" * 100_000, "is not"),
    ("bad.csv", "", "it is empty"),
    ("bad.csv", "a,b\n1,2\n", "is not a tracer quiz or answer key"),
    ("bad.csv", "table,row\n", "is not a tracer quiz or answer key"),
    ("bad.txt", "1", "grades .csv and .json"),
]


@pytest.mark.parametrize(("name", "text", "word"), GRADE_FILES)
def test_grade_names_a_file_it_cannot_use(runner, files, tmp_path, name, text, word):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    key = files[".json" if name.endswith(".json") else ".csv"][1]
    clean(run(runner, "grade", str(bad), "--against", str(key)), 1, word, name)
    clean(run(runner, "grade", str(key), "--against", str(bad)), 1, word, name)


def test_grade_with_files_swapped_or_mixed(runner, files):
    quiz, key = files[".csv"]
    clean(run(runner, "grade", str(key), "--against", str(quiz)), 1, "a quiz, not an answer key")
    quiz_j, key_j = files[".json"]
    clean(run(runner, "grade", str(key_j), "--against", str(quiz_j)), 1, "a quiz, not an answer")
    clean(run(runner, "grade", str(quiz), "--against", str(key_j)), 1, "both be CSV or both JSON")
    clean(run(runner, "grade", str(quiz.parent), "--against", str(key)), 1, "grades .csv")


# --- real processes -------------------------------------------------------------------------------

def tracer(*args: str, stdin: bytes = b"", cwd: Path | None = None, umask: int = 0o022):
    return subprocess.run([sys.executable, "-m", "tracer", *args], input=stdin,
                          capture_output=True, cwd=cwd, umask=umask, timeout=60)


def test_a_real_process_never_shows_a_traceback(tmp_path):
    for args, stdin, code, word in [
        (["grade", "-h"], b"", 0, b""),
        (["forward", "-", "--at", "x=1"], b"x\xff", 1, b"not UTF-8"),
        (["reverse", LECTURE, "--at", AT, "--wrt", "x1"], b"", 2, b"--seed"),
        (["forward", str(tmp_path), "--at", AT], b"", 1, b"is a folder"),
    ]:
        result = tracer(*args, stdin=stdin)
        assert b"Traceback" not in result.stdout + result.stderr, (args, result.stderr)
        assert result.returncode == code, (args, result.stderr)
        assert word in result.stderr, (args, result.stderr)
        if args[-1] == "-h":
            assert result.stdout.startswith(b"Usage")


def test_a_real_process_writes_files_with_the_umask(tmp_path):
    result = tracer("reverse", LECTURE, "--at", AT, "--quiz", "-o", "q.csv", "--answers",
                    "k.csv", cwd=tmp_path, umask=0o022)
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "q.csv") == mode(tmp_path / "k.csv") == 0o644
    (tmp_path / "q.csv").chmod(0o600)
    result = tracer("reverse", LECTURE, "--at", AT, "--quiz", "-o", "q.csv", "--answers",
                    "./q.csv", "--force", cwd=tmp_path)
    assert result.returncode == 2 and b"named twice" in result.stderr
    result = tracer("forward", LECTURE, "--at", AT, "-o", "q.csv", "--force", cwd=tmp_path,
                    umask=0o077)
    assert result.returncode == 0 and mode(tmp_path / "q.csv") == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.csv", "q.csv"]


def test_a_real_process_stops_calls_that_double_within_seconds():
    """def f_k(t): return f_(k-1)(t) + f_(k-1)(t), forty deep: 2^40 inlined calls of forty
    rows ran past any timeout; the process now stops at the call past the limit."""
    defs = "".join(f"def f{k}(t):\n    return f{k - 1}(t) + f{k - 1}(t)\n" for k in range(1, 40))
    program = f"def f0(t):\n    return t\n{defs}y = f39(x)"
    result = subprocess.run([sys.executable, "-m", "tracer", "reverse", program, "--at",
                             "x=0.7"], capture_output=True, timeout=60)
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(b"error: line ") and b"500,000 calls" in result.stderr


@pytest.mark.parametrize("command", ["trace", "forward", "reverse", "jacobian", "hessian",
                                     "check", "graph"])
def test_a_files_point_serves_both_branches(runner, tmp_path, command):
    """@at x=0.5, w=2 with y = x*x if x > 0 else w: w, read only by the branch not taken,
    was refused ("w is not an input of the formula"), at every command."""
    path = tmp_path / "branch.txt"
    path.write_text("@at x=0.5, w=2\ny = x*x if x > 0 else w\n")
    result = run(runner, command, str(path))
    clean(result, 0)
    if command == "reverse":
        assert "(∂y/∂x, ∂y/∂w) = (1, 0)" in result.stdout


@pytest.mark.parametrize("program", ["y = zeros(0).mean() + x",
                                     "y = zeros((0, 3)).mean(axis=0).sum() + x"])
def test_the_mean_of_nothing_is_named_at_its_line(runner, program):
    result = run(runner, "reverse", program, "--at", "x=1")
    clean(result, 1, "error: mean of an empty array has no value\n")
    assert result.stderr.splitlines()[-1].strip() == "^"  # under the mean
