"""The command line as a user meets it: output, options, files, exit codes, no tracebacks."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LECTURE, fresh_python, run
from rich.cells import cell_len

AT = "x1=3,x2=-4"


def test_forward_prints_table_2(runner):
    result = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2")
    assert result.exit_code == 0
    assert "v̇₁ = v̇₋₁ × v₀ + v₋₁ × v̇₀" in result.stdout  # Table 2's × (its erratum fixed)
    assert "v̇₂ = v̇₋₁ × (1/v₋₁)" in result.stdout
    assert "0 × (-4) + 3 × 1 = 3" in result.stdout
    assert "Result: ẏ = ∂y/∂x₂ = 4" in result.stdout
    assert "\x1b[" not in result.stdout
    compact = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2", "--compact")
    assert "v̇₁ = v̇₋₁ v₀ + v₋₁ v̇₀" in compact.stdout
    assert "0 × (-4) + 3 × 1 = 3" in compact.stdout


def test_reverse_prints_table_3(runner):
    result = run(runner, "reverse", LECTURE, "--at", AT)
    assert result.exit_code == 0
    assert "v̄₋₁ = x̄₁ = v̄₂ × (1/v₋₁) + v̄₁ × v₀" in result.stdout  # Table 3's notation
    assert "v̄₂ = v̄₄ × (-1)" in result.stdout
    assert "-1 × (1/3) + 1 × (-4) = -4.333" in result.stdout
    assert "(∂y/∂x₁, ∂y/∂x₂) = (-4.333, 4)" in result.stdout
    compact = run(runner, "reverse", LECTURE, "--at", AT, "--compact")
    assert "v̄₋₁ = x̄₁ = v̄₂ (1/v₋₁) + v̄₁ v₀" in compact.stdout
    assert "v̄₂ = v̄₄ · (-1)" in compact.stdout


def test_forward_without_a_seed_runs_one_pass_per_input(runner):
    result = run(runner, "forward", LECTURE, "--at", AT)
    assert result.stdout.count("Forward Tangent Trace") == 2
    assert "assembled from 2 forward passes" in result.stdout


def test_repeatable_at_and_constant_values(runner):
    one = run(runner, "forward", LECTURE, "--at", "x1=3", "--at", "x2=-4", "-f", "json")
    two = run(runner, "forward", LECTURE, "--at", AT, "-f", "json")
    assert json.loads(one.stdout)["passes"] == json.loads(two.stdout)["passes"]
    result = run(runner, "forward", "sin(x)", "--at", "x=pi/3", "-f", "json")
    assert json.loads(result.stdout)["passes"][0]["result"]["y"] == pytest.approx(0.5)


def test_seed_gives_a_directional_derivative(runner):
    result = run(runner, "forward", LECTURE, "--at", AT, "--seed", "x1=0.5,x2=1", "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["passes"][0]["seed"] == {"x1": 0.5, "x2": 1}
    assert doc["passes"][0]["result"]["y"] == pytest.approx(0.5 * -13 / 3 + 4)
    result = run(runner, "forward", LECTURE, "--at", AT, "--seed", "x1=1", "-f", "json")
    assert json.loads(result.stdout)["passes"][0]["seed"] == {"x1": 1, "x2": 0}


def test_reverse_seed_and_sweep(runner):
    result = run(runner, "reverse", LECTURE, "--at", AT, "--seed", "y=2", "-f", "json")
    assert json.loads(result.stdout)["passes"][0]["result"]["x2"] == 8
    result = run(runner, "reverse", LECTURE, "--at", AT, "--sweep")
    assert "v̄₋₁ += v̄₁ × v₀" in result.stdout and "Backward Sweep" in result.stdout
    result = run(runner, "reverse", LECTURE, "--at", AT, "--sweep", "--compact")
    assert "v̄₋₁ += v̄₁ v₀" in result.stdout and "Backward Sweep" in result.stdout


def test_order_source(runner):
    result = run(runner, "trace", "log(x^2)*sin(x) + 1/x", "--at", "x=2", "--order", "source",
                 "-f", "json")
    assert [r["op"] for r in json.loads(result.stdout)["rows"]] == [
        "input", "pow", "log", "sin", "mul", "div", "add"]


def test_digits(runner):
    result = run(runner, "reverse", LECTURE, "--at", AT, "--digits", "6")
    assert "-4.33333" in result.stdout
    assert run(runner, "reverse", LECTURE, "--at", AT, "--digits", "0").exit_code == 2


def test_markdown_to_stdout(runner):
    result = run(runner, "reverse", LECTURE, "--at", AT, "--format", "markdown")
    assert result.stdout.startswith("# Reverse mode")
    assert r"$\bar{v}_{-1} = \bar{x}_{1} = " in result.stdout


def test_output_file_by_suffix_atomic_and_never_overwritten(runner, tmp_path):
    target = tmp_path / "trace.md"
    result = run(runner, "reverse", LECTURE, "--at", AT, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Reverse mode")
    target.write_text("my notes", encoding="utf-8")
    result = run(runner, "reverse", LECTURE, "--at", AT, "-o", str(target))
    assert result.exit_code == 1 and "exists; use --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "my notes"
    result = run(runner, "reverse", LECTURE, "--at", AT, "-o", str(target), "--force")
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") != "my notes"
    json_target = tmp_path / "trace.json"
    run(runner, "forward", LECTURE, "--at", AT, "-o", str(json_target))
    assert json.loads(json_target.read_text(encoding="utf-8"))["mode"] == "forward"
    txt = tmp_path / "trace.txt"
    run(runner, "forward", LECTURE, "--at", AT, "-o", str(txt))
    assert "Forward Tangent Trace" in txt.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_errors(runner, tmp_path):
    result = run(runner, "forward", LECTURE, "--at", AT, "-o", str(tmp_path / "t.xyz"))
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr
    result = run(runner, "forward", LECTURE, "--at", AT, "-o", str(tmp_path / "no" / "t.md"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_formula_from_a_file_and_from_stdin(runner, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text(LECTURE + "\n", encoding="utf-8")
    from_file = run(runner, "reverse", str(path), "--at", AT, "-f", "json")
    from_stdin = run(runner, "reverse", "-", "--at", AT, "-f", "json", input=LECTURE)
    assert json.loads(from_file.stdout)["passes"] == json.loads(from_stdin.stdout)["passes"]
    result = run(runner, "reverse", "missing/f.txt", "--at", AT)
    assert result.exit_code == 1 and "no such file: missing/f.txt" in result.stderr


def test_version_and_help(runner):
    from tracer import __version__

    assert run(runner, "--version").stdout.strip() == f"tracer {__version__}"
    for command in ["trace", "forward", "reverse"]:
        result = run(runner, command, "--help")
        assert result.exit_code == 0 and "Example: tracer " + command in result.stdout
        assert "--at" in result.stdout and "--format" in result.stdout
    assert "forward" in run(runner, "--help").stdout


BAD = [
    ("x1*", "expected a number, a name or '(' after '*'"),
    ("(x1+x2", "expected ')'"),
    ("x1+)", "found ')'"),
    ("x1 x2", "missing operator between 'x1' and 'x2'"),
    ("sin()", "sin takes 1 argument, got 0"),
    ("sin(x1,x2)", "sin takes 1 argument, got 2"),
    ("foo(x1)", "unknown function 'foo'"),
    ("3..4", "malformed number"),
    ("x1 $ x2", "unexpected character '$'"),
    ("|x1-x2|", "unexpected character '|': write abs(…) for |…|"),  # a typeset absolute value
    ("", "empty formula"),
    ("log(x1-3)", "v_2 = ln(v_1): log needs a positive argument, got 0"),
    ("1/(x1-x1)", "division by zero"),
    ("sqrt(x1-5)", "sqrt needs a non-negative argument, got -2"),
    ("exp(1000*x1)", "exp(3000) overflows"),
    ("x1^0.5*(-x1)^0.5", "non-integer power"),
    ("log(-1)+x1", "the constant ln(-1) is undefined"),
    ("asin(x1)", "asin needs an argument in [-1, 1], got 3"),
    ("x1 = 3", "does not depend on any input"),
    ("x1 = 2*z", "x1 is assigned on line 1, so it is not an input and cannot be given a value"),
    ("a = 2*x1; x1 = a", "an input cannot be reassigned"),
    ("b = a + x1; a = x1", "a is used before it is assigned"),
    ("c = 2", "does not depend on any input"),
    ("x1 +* 2", "after '+', found '*'"),
    ("((((x1)))", "expected ')'"),
    ("x1)))", "unmatched ')'"),
    ("@at x1=3\n", "empty program"),
    ("sin", "sin is a function"),
    ("x1 = = 2", "after '='"),
    ("\x00", "unexpected character"),
    ("x1 ** ** 2", "after '**'"),
    ("1e999*x1", "the number 1e999 is too large for a float"),
    ("x1/0", "division by zero"),
    ("(" * 3000 + "x1", "expected ')'"),
    ("é(x1)", "unknown function"),
    ("x1;;;", None),
    ("x1\n\n\n", None),
]


@pytest.mark.parametrize("formula, message", BAD)
def test_bad_input_is_one_clear_error_never_a_traceback(runner, formula, message):
    result = run(runner, "forward", formula, "--at", "x1=3")
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) <= 3


BAD_OPTIONS = [
    (["--at", "x1=3"], "no value for x2; the formula's inputs are x1, x2"),
    (["--at", "x1=3,x2=-4,x3=1"], "x3 is not an input of the formula; its inputs are x1, x2"),
    (["--at", "x1=3,x1=4,x2=1"], "x1 is given twice"),
    (["--at", "x1=3", "--at", "x2=1", "--at", "x2=2"], "x2 is given twice"),
    (["--at", "x1=foo,x2=1"], "foo is not a constant"),
    (["--at", "x1"], "expected name=value"),
    (["--at", "x1=3,x2=-4", "--wrt", "x3"], "--wrt: x3 is not an input"),
    (["--at", "x1=3,x2=-4", "--seed", "z=1"], "--seed: z is not an input"),
    (["--at", "x1=3,x2=-4", "--output", "z"], "no statement assigns 'z'"),
    (["--at", "x1=log(-2),x2=1"], "the constant ln(-2) is undefined"),
]


@pytest.mark.parametrize("command, options, message", [
    ("forward", ["--at", "x1=3,x2=-4", "--wrt", ","], "error: --wrt: expected a name"),
    ("forward", ["--at", "x1=3,x2=-4", "--output", ","], "error: --output: expected a name"),
    ("forward", ["--at", ","], "error: --at: expected name=value, found ','"),
    ("forward", ["--at", "x1=,"], "error: --at: expected a number, a name or '('"),
    ("reverse", ["--at", "x1=3,x2=-4", "--seed", ","], "error: --seed: expected name=value"),
    ("reverse", ["--at", "x1=3,x2=-4", "--step", "inf", "--params", "x1"],
     "error: --step: inf is not a constant"),
    ("reverse", ["--at", "x1=3,x2=-4", "--step", "0.1", "--params", ","],
     "error: --params: expected a name"),
    ("graph", ["--at", "x1=3,x2=-4", "--mode", "forward", "--wrt", "x1,x2"],
     "the graph seeds one input: name one, not a list or a glob"),
])
def test_an_option_whose_text_does_not_read_is_named(runner, command, options, message):
    """The caret under a bare ',' said "expected a name" without saying which option; what
    the option's text holds is read as a formula is, so its errors keep exit 1."""
    result = run(runner, command, LECTURE, *options)
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr.splitlines()[0]


@pytest.mark.parametrize("options, message", BAD_OPTIONS)
def test_bad_options_name_what_is_wrong(runner, options, message):
    result = run(runner, "forward", LECTURE, *options)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_wrt_and_seed_together_is_a_usage_error(runner):
    result = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x1", "--seed", "x1=1")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_unknown_format_is_typers_usage_error(runner):
    result = run(runner, "forward", LECTURE, "--at", AT, "--format", "pdf")
    assert result.exit_code == 2


def test_errors_in_programs_name_the_line(runner):
    result = run(runner, "forward", "a = x*2\nb = a a\n", "--at", "x=1")
    assert result.stderr.splitlines()[0].startswith("error: line 2: missing operator")
    assert result.stderr.splitlines()[1] == "  b = a a"
    assert result.stderr.splitlines()[2] == "        ^"


def test_long_lines_are_windowed_around_the_caret(runner):
    formula = "+".join(["x"] * 200) + "+)"
    lines = run(runner, "forward", formula, "--at", "x=1").stderr.splitlines()
    assert len(lines[1]) <= 80 and lines[2].index("^") == lines[1].index(")")


def test_installed_command_runs_as_a_subprocess(tmp_path):
    exe = shutil.which("tracer", path=os.path.dirname(sys.executable)) or shutil.which("tracer")
    assert exe, "the tracer command is not installed"
    result = subprocess.run([exe, "reverse", LECTURE, "--at", AT, "-f", "json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert json.loads(result.stdout)["passes"][0]["result"]["x2"] == 4
    bad = subprocess.run([exe, "forward", "x1*", "--at", "x1=1"], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    piped = subprocess.run([exe, "forward", LECTURE, "--at", AT], capture_output=True,
                           text=True, timeout=60)
    assert "\x1b[" not in piped.stdout and "v̇₁" in piped.stdout


def test_shell_completion(tmp_path):
    """typer's completion is on: --show-completion writes the script, and the script's calls
    complete commands and each command's options (only the invoked command is built)."""
    exe = shutil.which("tracer", path=os.path.dirname(sys.executable)) or shutil.which("tracer")
    assert exe, "the tracer command is not installed"
    # typer names the shell it finds above it: run from bash, as a user runs it (from a
    # process with no shell above it, such as a background test run, it finds none). bash -c
    # replaces itself with a lone command (exec), so a second command keeps bash the parent.
    script = subprocess.run(["bash", "-c", f'"{exe}" --show-completion; exit $?'],
                            capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and "_TRACER_COMPLETE=complete_bash" in script.stdout
    env = {**os.environ, "_TRACER_COMPLETE": "complete_bash"}

    def complete(words: str) -> list[str]:
        cword = str(len(words.split()) - 1)
        done = subprocess.run([exe], capture_output=True, text=True, timeout=60,
                              env={**env, "COMP_WORDS": words, "COMP_CWORD": cword})
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("tracer for") == ["forward"]
    assert complete("tracer reverse --sw") == ["--sweep"]
    assert set(complete("tracer forward --co")) == {"--compact", "--comments"}
    help_text = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert "--install-completion" in help_text.stdout


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tracer", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("tracer ")


def test_sympy_is_not_imported_on_the_float_path():
    code = ("from tracer.cli import app\n"
            "try:\n    app(['forward', 'x1*x2+x2-log(x1)', '--at', 'x1=3,x2=-4'])\n"
            "except SystemExit:\n    pass\n")
    assert fresh_python(code, "'sympy' in _sys.modules") is False


def test_the_lecture_example_compiles_no_pattern_it_does_not_use():
    # Cold start (issue 10): the patterns of texts the lecture example does not have (course
    # lines, defs, @ lines, long strings, fd links, words cut in a cell, marked names) are
    # compiled when first needed; each would cost start-up time at every run.
    code = ("from tracer.cli import app\n"
            "try:\n    app(['forward', 'x1*x2+x2-log(x1)', '--at', 'x1=3,x2=-4'])\n"
            "except SystemExit:\n    pass\n"
            "from tracer import files\n"
            "from tracer.core import cost, course, parse, printer\n"
            "from tracer.render import layout\n"
            "lazy = [course.markers, cost._operator, parse._def_name, parse._long_string,\n"
            "        parse._directive, files._fd_link, layout._atom, printer._numbered,\n"
            "        printer._marked, printer._scientific_number, printer._stand_ins]\n")
    report = "[f.cache_info().currsize for f in lazy]"
    assert fresh_python(code, report) == [0] * 11


def test_deeply_nested_input_gives_the_right_result(runner):
    formula = "(" * 5000 + "x*2" + ")" * 5000
    result = run(runner, "reverse", formula, "--at", "x=1", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["passes"][0]["result"] == {"x": 2}
    chained = "sin(" * 3000 + "x" + ")" * 3000
    assert run(runner, "forward", chained, "--at", "x=0.5", "--max-rows", "10").exit_code == 0


def test_a_megabyte_formula_is_read_whole(runner):
    # No cap on the input's length (issue 10): the only limit is the trace's rows.
    formula = "+".join(f"x*{k}" for k in range(1, 120_000))
    assert len(formula) > 2**20 / 2
    result = run(runner, "reverse", "-", "--at", "x=1", "-f", "json", input=formula)
    assert result.exit_code == 0 and '"x": 7199940000' in result.stdout


PROGRAM = "a1 = x1*x2\na2 = a1 + sin(x1)\nL = a2^2\n"


def test_programs_keep_their_names_in_every_writer(runner):
    terminal = run(runner, "reverse", PROGRAM, "--at", "x1=1,x2=2").stdout
    assert "v₁ (a₁) = v₋₁ v₀" in terminal
    markdown = run(runner, "reverse", PROGRAM, "--at", "x1=1,x2=2", "-f", "markdown").stdout
    assert r"$v_{1}\ (a_{1}) = v_{-1} v_{0}$" in markdown
    doc = json.loads(run(runner, "reverse", PROGRAM, "--at", "x1=1,x2=2", "-f", "json").stdout)
    assert [r.get("labels") for r in doc["rows"]][2:] == [["a1"], None, ["a2"], ["L"]]


def test_programs_with_semicolons_comments_and_defaults(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("# a program\n@at x=2\n\na = x*x; b = a + 1  # b\n", encoding="utf-8")
    doc = json.loads(run(runner, "reverse", str(path), "-f", "json").stdout)
    assert doc["outputs"] == {"b": 5} and doc["passes"][0]["result"] == {"x": 4}
    doc = json.loads(run(runner, "reverse", str(path), "--at", "x=3", "-f", "json").stdout)
    assert doc["outputs"] == {"b": 10}


def test_a_program_file_shows_its_title_and_its_comments_on_request(runner, tmp_path):
    example = Path(__file__).resolve().parent.parent / "examples" / "nn-backprop.txt"
    comments = [line for line in example.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    assert len(comments) > 10
    shown = run(runner, "reverse", str(example)).stdout
    assert shown.splitlines()[1] == comments[0].lstrip("# ")  # the title, under the heading
    assert not any(c in shown for c in comments[1:]) and "zh1 = w11*x1 + w21*x2 + bh" in shown
    listed = run(runner, "reverse", str(example), "--comments").stdout
    assert all(c in listed for c in comments)
    markdown = run(runner, "reverse", str(example), "-f", "markdown").stdout
    assert f"# Reverse mode\n\n{comments[0].lstrip('# ')}\n\nProgram ({example}):" in markdown
    path = tmp_path / "p.txt"
    path.write_text("# A title\n# a note\n@at x=2, y=3\na = x*y  # kept\n# another\nb = a + x\n",
                    encoding="utf-8")
    for command in (["trace"], ["forward"], ["jacobian"], ["derivatives", "--wrt", "x"],
                    ["hessian"], ["check"], ["graph"]):
        shown = run(runner, *command[:1], str(path), *command[1:]).stdout
        assert shown.splitlines()[1] == "A title" and "a = x*y  # kept" in shown, command
        assert "a note" not in shown and "another" not in shown, command
        listed = run(runner, *command[:1], str(path), *command[1:], "--comments").stdout
        assert "# a note" in listed and "# another" in listed, command


def test_output_option_picks_outputs(runner):
    result = run(runner, "forward", PROGRAM, "--at", "x1=1,x2=2", "--output", "a1,L", "-f",
                 "json")
    doc = json.loads(result.stdout)
    assert list(doc["outputs"]) == ["a1", "L"] and doc["jacobian"]["a1"] == {"x1": 2, "x2": 1}


@pytest.mark.parametrize("program, options, message, line", [
    ("a = x*2\nx = a*3", ["--at", "x=1"], "an input cannot be reassigned", 2),
    ("b = a + x\na = x", ["--at", "x=1"], "a is used before it is assigned", 1),
    ("a = x*2\nb = a + 1", ["--at", "x=1,a=2"], "a is assigned on line 1", 1),
    ("a = x*2", ["--at", "x=1", "--output", "z"], "no statement assigns 'z'", None),
    ("# nothing here\n", [], "empty program", None),
    ("a = x*2\n2*a\nb = a", ["--at", "x=1"], "only the last statement may be a bare", 2),
])
def test_program_errors_name_the_line(runner, program, options, message, line):
    result = run(runner, "forward", program, *options)
    assert result.exit_code == 1 and message in result.stderr
    if line is not None:
        assert f"line {line}:" in result.stderr and "^" in result.stderr


def test_jacobian_command(runner):
    program = "y1 = x1*x2; y2 = sin(x1) + x2"
    result = run(runner, "jacobian", program, "--at", "x1=1,x2=2")
    assert result.exit_code == 0
    assert "Neither mode is cheaper here: with 2 inputs and 2 outputs" in result.stdout
    doc = json.loads(run(runner, "jacobian", program, "--at", "x1=1,x2=2", "-f", "json").stdout)
    assert doc["mode"] == "jacobian"
    assert doc["jacobian"]["y1"] == {"x1": 2, "x2": 1}
    # rows x1*x2, sin(x1), v2 + x2: 2 + 1 + 2 = 5 multiply-adds a pass
    assert doc["forward"] == {"passes": 2, "operations": 10}
    assert doc["reverse"] == {"passes": 2, "operations": 10}
    assert doc["cheaper"] is None and doc["reason"].startswith("Neither")


def test_jacobian_of_a_scalar_loss_prefers_reverse(runner):
    doc = json.loads(run(runner, "jacobian", "examples/nn-backprop.txt", "-f", "json").stdout)
    assert doc["cheaper"] == "reverse" and list(doc["jacobian"]) == ["E"]
    assert doc["forward"]["passes"] == 11 and doc["reverse"]["passes"] == 1


def test_training_step(runner):
    options = ["--at", "w=1,x=2,t=3", "--step", "0.1", "--params", "w"]
    result = run(runner, "reverse", "E = (w*x - t)^2", *options)
    assert "1 - 0.1 × (-4) = 1.4" in result.stdout
    doc = json.loads(run(runner, "reverse", "E = (w*x - t)^2", *options, "-f", "json").stdout)
    assert doc["step"] == {"w": {"old": 1, "gradient": -4, "new": pytest.approx(1.4)}}


@pytest.mark.parametrize("options, message, code", [
    (["--step", "0.1"], "--step needs --params", 2),
    (["--params", "w"], "give the step with --step", 2),
    (["--step", "0.1", "--params", "q*"], "--params: q* matches no input", 1),
    (["--step", "x", "--params", "w"], "x is not a constant", 1),
])
def test_training_step_errors(runner, options, message, code):
    result = run(runner, "reverse", "E = (w*x - t)^2", "--at", "w=1,x=2,t=3", *options)
    assert result.exit_code == code and message in result.stderr


def test_derivatives_command(runner):
    result = run(runner, "derivatives", "x^3", "--at", "x=2", "--order", "3")
    assert result.exit_code == 0
    assert "y′ = 1! c₁ = 12, y″ = 2! c₂ = 12, y‴ = 3! c₃ = 6" in result.stdout
    doc = json.loads(run(runner, "derivatives", "x^3", "--at", "x=2", "-f", "json").stdout)
    assert doc["mode"] == "derivatives" and doc["derivatives"] == [8, 12, 12, 6]
    doc = json.loads(run(runner, "derivatives", "exp(x)", "--at", "x=0", "--order", "2",
                         "--exact", "-f", "json").stdout)
    assert doc["derivatives_exact"] == ["1", "1", "1"]
    result = run(runner, "derivatives", "x*y", "--at", "x=1,y=2")
    assert result.exit_code == 1 and "--wrt" in result.stderr


def test_hessian_command(runner):
    result = run(runner, "hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2")
    assert result.exit_code == 0
    assert "v̄̇₋₁ = v̄̇₂ × cos(v₋₁) + v̄₂ × (-sin(v₋₁) × v̇₋₁)" in result.stdout
    compact = run(runner, "hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2", "--compact")
    assert "v̄̇₋₁ = v̄̇₂ cos(v₋₁) + v̄₂ (-sin(v₋₁) v̇₋₁)" in compact.stdout
    assert "Symmetry check" in result.stdout and "Why the second derivative costs more" in \
        result.stdout
    doc = json.loads(run(runner, "hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2", "-f",
                         "json").stdout)
    assert doc["hessian"]["x1"]["x2"] == 2 and doc["hessian"]["x2"]["x2"] == 0
    assert doc["cost"]["hessian"]["passes"] == 2 and doc["cost"]["gradient"]["passes"] == 1
    one = run(runner, "hessian", "x^3", "--at", "x=2")
    assert "the Hessian took 1 pass, one per input" in " ".join(one.stdout.split())
    doc = json.loads(run(runner, "hessian", LECTURE, "--at", AT, "--exact", "-f",
                         "json").stdout)
    assert doc["hessian_exact"]["x1"] == {"x1": "1/9", "x2": "1"}


def test_check_command(runner):
    result = run(runner, "check", LECTURE, "--at", AT)
    assert result.exit_code == 0 and "◀ best" in result.stdout
    doc = json.loads(run(runner, "check", LECTURE, "--at", AT, "-f", "json").stdout)
    assert doc["autodiff"] == {"x1": pytest.approx(-13 / 3), "x2": 4}
    assert doc["symbolic"] == {"x1": pytest.approx(-13 / 3), "x2": 4}
    assert len(doc["differences"]["x1"]) == 12 and doc["agree"] is True
    bad = run(runner, "check", "2*sqrt(x) - sqrt(x)", "--at", "x=0")  # nan against +∞
    assert bad.exit_code == 1 and "disagree" in bad.stderr and bad.stdout
    kink = run(runner, "check", "relu(x)", "--at", "x=0")  # conventions, not a disagreement
    assert kink.exit_code == 0 and "different conventions" in kink.stdout


def test_swell_command(runner):
    result = run(runner, "swell")
    assert result.exit_code == 0 and "16 (1 - 10 x + 24 x² - 16 x³)" in result.stdout
    doc = json.loads(run(runner, "swell", "--n", "3", "-f", "json").stdout)
    assert [r["trace_rows"] for r in doc["rows"]] == [0, 3, 6]
    md = run(runner, "swell", "--map", "l^2 + x", "-f", "markdown").stdout
    assert md.startswith("# Expression swell") and "$x (1 + x)$" in md
    assert run(runner, "swell", "--map", "q*l").exit_code == 1


@pytest.mark.parametrize("command", ["derivatives", "hessian", "check", "jacobian"])
def test_every_command_exports_markdown_and_json(runner, command, tmp_path):
    args = [command, "x^2*y + sin(x)", "--at", "x=1,y=2"]
    if command == "derivatives":
        args += ["--wrt", "x"]
    for suffix in (".md", ".json"):
        target = tmp_path / f"out{suffix}"
        assert run(runner, *args, "-o", str(target)).exit_code == 0
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# ") if suffix == ".md" else json.loads(text)["mode"]


def test_the_command_runs_with_only_the_invoked_subcommand_built():
    from tracer.cli import _app_for, app

    lean = _app_for(["forward", "x", "--at", "x=1"])
    assert [c.callback.__name__ for c in lean.registered_commands] == ["forward"]
    assert lean.registered_callback is app.registered_callback
    assert _app_for(["--help"]) is app and _app_for([]) is app and _app_for(["nope"]) is app


@pytest.mark.parametrize("fmt, start", [
    ("latex", "% tracer"), ("html", "<!DOCTYPE html>"), ("csv", "table,row,"),
])
def test_new_formats(runner, fmt, start, tmp_path):
    result = run(runner, "reverse", LECTURE, "--at", AT, "--format", fmt)
    assert result.exit_code == 0 and result.stdout.startswith(start)
    suffix = {"latex": ".tex", "html": ".html", "csv": ".csv"}[fmt]
    target = tmp_path / f"t{suffix}"
    assert run(runner, "reverse", LECTURE, "--at", AT, "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(start)


def test_standalone_latex(runner):
    result = run(runner, "forward", LECTURE, "--at", AT, "-f", "latex", "--standalone")
    assert result.stdout.startswith("\\documentclass")


def test_quiz_and_answers(runner, tmp_path):
    quiz = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2", "--quiz")
    assert "3 × (-4)" not in quiz.stdout and "v̇₁ = v̇₋₁ × v₀ + v₋₁ × v̇₀" in quiz.stdout
    compact = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2", "--quiz", "--compact")
    assert "3 × (-4)" not in compact.stdout and "v̇₁ = v̇₋₁ v₀ + v₋₁ v̇₀" in compact.stdout
    rules = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2", "--quiz=rules")
    assert "v̇₁ = ______" in rules.stdout
    key = tmp_path / "key.md"
    both = run(runner, "reverse", LECTURE, "--at", AT, "--quiz", "-f", "markdown",
               "--answers", str(key))
    assert "-4.333" not in both.stdout and "-4.333" in key.read_text(encoding="utf-8")
    assert run(runner, "reverse", LECTURE, "--at", AT, "--answers", str(tmp_path / "k.md"))\
        .exit_code == 2
    assert run(runner, "reverse", LECTURE, "--at", AT, "--quiz=all").exit_code == 2
    doc = json.loads(run(runner, "reverse", LECTURE, "--at", AT, "--quiz", "-f", "json").stdout)
    assert doc["quiz"] == "values" and doc["outputs"] == {"y": None}


def test_reveal_shows_rows_on_enter(runner):
    result = run(runner, "trace", LECTURE, "--at", AT, "--reveal", input="\n" * 10)
    assert result.exit_code == 0 and "v₁ = v₋₁ v₀" in result.stdout
    lines = result.stdout.splitlines()
    assert lines.index(next(line for line in lines if line.startswith("v₋₁"))) < \
        lines.index(next(line for line in lines if line.startswith("y = v₄")))
    early = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2", "--step", input="")
    assert early.exit_code == 0 and "y = v₄" in early.stdout  # end of input: the rest at once


def test_graph_option_adds_mermaid(runner):
    md = run(runner, "reverse", LECTURE, "--at", AT, "--graph", "-f", "markdown").stdout
    assert "```mermaid\nflowchart LR" in md and "## Dependency graph" in md
    terminal = run(runner, "forward", LECTURE, "--at", AT, "--wrt", "x2", "--graph").stdout
    assert "dependency graph (forward mode)" in terminal


def test_graph_command(runner, tmp_path):
    result = run(runner, "graph", LECTURE, "--at", AT)
    assert result.exit_code == 0 and "v₄ = v₃ - v₂ = -17.1" in result.stdout
    mermaid = run(runner, "graph", LECTURE, "--at", AT, "--mode", "reverse", "-f", "mermaid")
    assert mermaid.stdout.startswith("flowchart LR") and "v̄₋₁ = -4.333" in mermaid.stdout
    dot = run(runner, "graph", LECTURE, "--at", AT, "-f", "dot").stdout
    assert dot.startswith("digraph trace")
    doc = json.loads(run(runner, "graph", LECTURE, "--at", AT, "--mode", "forward", "--wrt",
                         "x2", "-f", "json").stdout)
    assert [n["derivative"] for n in doc["nodes"]] == [0, 1, 3, 0, 4, 4]
    assert doc["edges"][0] == {"from": -1, "to": 1, "partial": "v_0", "value": -4.0}
    target = tmp_path / "g.mmd"
    assert run(runner, "graph", LECTURE, "--at", AT, "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("flowchart LR")
    assert run(runner, "graph", LECTURE, "--at", AT, "-o", str(tmp_path / "g.xyz")).exit_code \
        == 2


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graph_images(runner, tmp_path):
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG")):
        target = tmp_path / f"g{suffix}"
        assert run(runner, "graph", LECTURE, "--at", AT, "-o", str(target)).exit_code == 0
        assert target.read_bytes().startswith(magic)


def test_graph_image_without_graphviz(runner, tmp_path, monkeypatch):
    from tracer.render import graph as draw

    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    result = run(runner, "graph", LECTURE, "--at", AT, "-o", str(tmp_path / "g.svg"))
    assert result.exit_code == 1 and "install Graphviz" in result.stderr
    assert not (tmp_path / "g.svg").exists()


@pytest.mark.parametrize("args", [
    ["-x^2", "--at", "x=3", "--wrt", "x"],
    ["--at", "x=3", "-x^2", "--wrt", "x"],
    ["--at", "x=3", "--wrt", "x", "-x^2"],
    ["-(x^2)", "--at", "x=3"],
    ["- x^2", "--at", "x=3"],
    ["--at", "x=3", "-+x^2"],
    ["--(-x^2)", "--at", "x=3"],
])
def test_a_formula_may_start_with_a_minus(runner, args):
    result = run(runner, "forward", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["passes"][0]["result"] == {"y": -6}


def test_option_mistakes_stay_option_mistakes(runner):
    assert run(runner, "forward", "x", "--at", "x=1", "--bogus").exit_code == 2
    assert run(runner, "forward", "x", "--at", "x=1", "--digits", "-3").exit_code == 2
    typo = run(runner, "forward", "x", "--at", "x=1", "--wtr", "x")
    assert typo.exit_code == 2 and "--wrt" in typo.stderr and "formula" not in typo.stderr


def test_a_formula_that_looks_like_an_option_is_told_where_to_go(runner):
    result = run(runner, "forward", "--x", "--at", "x=1")
    assert result.exit_code == 2
    assert "if --x is the formula, put it last, after --: tracer forward [options] -- '--x'" \
        in result.stderr
    assert run(runner, "forward", "--at", "x=1", "--", "--x").exit_code == 0
    close = run(runner, "forward", "--a", "x=2", "x")  # click's suggestions are kept
    assert close.exit_code == 2 and "(Possible options: --at" in close.stderr


@pytest.mark.parametrize("typo, option", [("--at:x=1", "--at:x"), ("--digits:3", "--digits:3"),
                                          ("--at.x=1", "--at.x")])
def test_a_mistyped_option_is_an_option_mistake_not_the_formula(runner, typo, option):
    result = run(runner, "forward", typo, "x")
    assert result.exit_code == 2 and f"No such option: {option}" in result.stderr


def test_a_byte_order_mark_is_not_part_of_a_file(runner, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff@at x=2\r\ny = x^2\r\n".encode())
    doc = json.loads(run(runner, "reverse", str(path), "-f", "json").stdout)
    assert doc["passes"][0]["result"] == {"x": 4}


@pytest.mark.parametrize("formula, at, gradient", [
    ("cot(x) + sec(x) + csc(x)", "x=1",  # -1/sin² + sin/cos² - cos/sin² at 1
     {"x": pytest.approx(-1 / math.sin(1) ** 2 + math.sin(1) / math.cos(1) ** 2
                         - math.cos(1) / math.sin(1) ** 2)}),
    ("atan2(y, x)", "x=1,y=1", {"x": -0.5, "y": 0.5}),
    ("log1p(x) + expm1(x)", "x=0", {"x": 2}),
    ("pow(x, 3)", "x=2", {"x": 12}),
])
def test_textbook_functions(runner, formula, at, gradient):
    doc = json.loads(run(runner, "reverse", formula, "--at", at, "-f", "json").stdout)
    assert doc["passes"][0]["result"] == gradient


COMMANDS = ["trace", "forward", "reverse", "jacobian", "derivatives", "hessian", "check",
            "graph"]
HOSTILE = [
    "x1*", "", "((((", "x" * 5000, "1" * 400, "sin(" * 2000, "x^" * 300 + "x",
    "\u202ex", "x\x00y", "😀", "log(0*x)", "x/0", "exp(exp(exp(x)))", "acosh(x-10)",
    "a = x; a = x", "@at x=\n y = x", "@step\ny = x", "@order sideways\ny = x", "y = ",
    "max(x)", "atan2(x)", "pow(x)", "sqrt(-x*x)", "x ** ** x", "--x", "1/(x-x)+x",
    "relu(x-1)*abs(x-1)", "sign(x-1)", "step(x-1)",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_hostile_input_never_escapes_as_a_traceback(runner, command):
    for formula in HOSTILE:
        for at in (["--at", "x=1"], ["--at", "x=1e308"], ["--at", "x=-0"], []):
            result = run(runner, command, formula, *at)  # catch_exceptions=False: raises
            assert result.exit_code in (0, 1, 2), (command, formula, at)
            assert "Traceback" not in result.stdout + result.stderr
            if result.exit_code:
                assert result.stderr.strip(), (command, formula, at)


def test_writing_to_a_folder_or_over_one_is_refused(runner, tmp_path):
    folder = tmp_path / "notes.md"
    folder.mkdir()
    for extra in ([], ["--force"]):
        result = run(runner, "reverse", LECTURE, "--at", AT, "-o", str(folder), *extra)
        assert result.exit_code == 1 and "is a folder" in result.stderr


def test_answers_are_not_written_when_the_quiz_cannot_be(runner, tmp_path):
    quiz, key = tmp_path / "q.md", tmp_path / "k.md"
    quiz.write_text("mine", encoding="utf-8")
    result = run(runner, "reverse", LECTURE, "--at", AT, "--quiz", "-o", str(quiz), "--answers",
                 str(key))
    assert result.exit_code == 1 and not key.exists() and quiz.read_text() == "mine"


def test_warnings_print_in_each_writers_flavor(runner):
    terminal = run(runner, "forward", "abs(x)", "--at", "x=0").stdout
    assert "warning: v₁ = |v₀|: abs is not differentiable at 0" in terminal
    markdown = run(runner, "forward", "abs(x)", "--at", "x=0", "-f", "markdown").stdout
    assert r"> warning: $v_{1} = \left\lvert v_{0} \right\rvert$: abs is not" in markdown
    doc = json.loads(run(runner, "forward", "abs(x)", "--at", "x=0", "-f", "json").stdout)
    assert doc["warnings"] == [{"row": 1, "message": "v_1 = |v_0|: abs is not differentiable "
                                "at 0; tracer uses the subgradient 0 (as PyTorch and JAX do)"}]


def test_control_characters_are_shown_as_symbols_and_the_caret_stays_put(runner, tmp_path):
    from tracer.cli import visible

    assert visible("a\x00b\x1b[31m\x7f\x85\tc") == "a␀b␛[31m␡\ufffd\tc"
    path = tmp_path / "f.txt"
    path.write_text("ｘｘ + \x1b[31m", encoding="utf-8")
    result = run(runner, "forward", str(path))
    assert result.exit_code == 1 and "\x1b" not in result.stderr
    line, caret = result.stderr.splitlines()[1:3]
    assert line == "  ｘｘ + ␛[31m" and caret == "  " + " " * 7 + "^"  # fullwidth: 2 cells


def test_help_wins_over_every_other_complaint(runner):
    for args in (["forward", "-h"], ["grade", "-h"], ["swell", "-h", "--bogus"],
                 ["reverse", LECTURE, "--wrt", "x1", "-h"]):
        result = run(runner, *args)
        assert result.exit_code == 0 and result.stdout.startswith("Usage"), args
    result = run(runner, "forward", "--at", "h=2", "--", "-h", "-f", "json")
    assert result.exit_code == 2  # after --, -h is the formula and the rest is left over
    result = run(runner, "forward", "-f", "json", "--at", "h=2", "--", "-h")
    assert result.exit_code == 0 and json.loads(result.stdout)["outputs"]["y"] == -2


def test_output_checks_come_before_the_work(runner, tmp_path, monkeypatch):
    from tracer import pipeline

    target = tmp_path / "t.md"
    target.write_text("mine", encoding="utf-8")
    monkeypatch.setattr(pipeline, "prepare", lambda *a, **k: pytest.fail("evaluated"))
    result = run(runner, "forward", LECTURE, "--at", AT, "-o", str(target))
    assert result.exit_code == 1 and "exists" in result.stderr


# --- tracer check --plot in every format -----------------------------------------------------

def test_check_plot_as_json_holds_the_check_and_the_error_plot(runner, tmp_path):
    """-f json with --plot: the error-against-h numbers and, under "check", the check's own
    result exactly as `tracer check -f json` writes it; -o FILE.json the same."""
    result = run(runner, "check", "sin(x)", "--at", "x=1", "--plot", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mode"] == "errors" and data["output"] == "y" and data["point"] == {"x": 1.0}
    x = data["inputs"]["x"]
    assert len(x["steps"]) == 16 and len(x["forward_error"]) == 16
    assert x["autodiff_error"] == pytest.approx(0, abs=1e-15)
    plain = json.loads(run(runner, "check", "sin(x)", "--at", "x=1", "-f", "json").stdout)
    assert data["check"] == plain
    assert plain["autodiff"]["x"] == pytest.approx(math.cos(1))
    path = tmp_path / "error.json"
    written = run(runner, "check", "sin(x)", "--at", "x=1", "--plot", "-o", str(path))
    assert written.exit_code == 0 and json.loads(path.read_text()) == data


def test_check_plot_on_the_terminal_in_a_text_file(runner, tmp_path):
    shown = run(runner, "check", "sin(x)", "--at", "x=1", "--plot", "-f", "terminal")
    assert shown.exit_code == 0 and "log10 h" in shown.stdout
    path = tmp_path / "error.txt"
    result = run(runner, "check", "sin(x)", "--at", "x=1", "--plot", "-o", str(path))
    assert result.exit_code == 0 and "log10 h" in path.read_text()


@pytest.mark.parametrize("option", [["-f", "markdown"], ["-f", "latex"], ["-f", "html"],
                                    ["-f", "csv"], ["-o", "t.md"], ["-o", "t.tex"],
                                    ["-o", "t.csv"], ["-o", "t.html"]])
def test_check_plot_in_a_table_format_is_a_usage_error_naming_the_plots_formats(
        runner, tmp_path, monkeypatch, option):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "check", "sin(x)", "--at", "x=1", "--plot", *option)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("error: --plot draws on the terminal")
    for named in ("-f terminal", "-f json", "FILE.svg", ".png", ".pdf"):
        assert named in line
    assert not list(tmp_path.iterdir())  # nothing written


def test_check_plot_json_agrees_with_the_api(runner):
    import tracer

    cli = json.loads(run(runner, "check", LECTURE, "--at", AT, "--plot", "-f", "json").stdout)
    api = json.loads(tracer.trace(LECTURE, at=AT).error_plot().to_json())
    assert cli == api


# --- where output goes: streams, names too long, - ------------------------------------------------

TRACER = [sys.executable, "-m", "tracer"]


def test_output_to_dev_stdout_appends_to_the_users_file(tmp_path):
    """`>> log.txt` keeps log.txt's lines: /dev/stdout is written as the stream the shell
    opened, never renamed over (with or without --force)."""
    log = tmp_path / "log.txt"
    log.write_text("line1\n", encoding="utf-8")
    for force in ([], ["--force"]):
        with log.open("ab") as handle:
            done = subprocess.run([*TRACER, "reverse", LECTURE, "--at", AT, "-o", "/dev/stdout",
                                   "-f", "markdown", *force], stdout=handle,
                                  stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 0 and done.stderr == ""
    text = log.read_text(encoding="utf-8")
    assert text.startswith("line1\n# Reverse mode") and text.count("# Reverse mode") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.txt"]


def test_dash_after_dot_slash_is_a_file_not_standard_output(tmp_path):
    """-o ./- (as > ./-, the file named -) printed the table to standard output."""
    done = subprocess.run([*TRACER, "trace", LECTURE, "--at", AT, "-o", "./-", "-f", "csv"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("table,row,")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_dash_from_a_terminal_says_what_it_waits_for(tmp_path):
    """tracer forward - at a terminal waited for the formula without a word."""
    main, typed = os.openpty()
    try:
        done = subprocess.Popen([*TRACER, "forward", "-", "--at", "x=0", "-f", "csv"],
                                stdin=typed, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=tmp_path)
        os.write(main, b"sin(x)\n")
        os.write(main, b"\x04")  # Ctrl-D on a line of its own
        out, err = done.communicate(timeout=120)
    finally:
        os.close(main)
        os.close(typed)
    assert done.returncode == 0 and "v₁ = sin(v₀)" in out
    assert "note: reading the formula or program from the terminal: type it, then press " \
        "Ctrl-D" in err


def test_notes_and_errors_with_standard_error_closed_stay_out_of_the_output(tmp_path):
    """2>&-: a note (the file x read) came first in the JSON on standard output, and an error
    printed there as if it were the output."""
    (tmp_path / "x").write_text("x\n", encoding="utf-8")
    script = (f'"{sys.executable}" -m tracer trace x --at x=1 -f json 2>&- > out.json; '
              'echo "$?" > code; '
              f'"{sys.executable}" -m tracer trace "x+" --at x=1 2>&- > bad.txt; echo "$?" >> code')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "code").read_text(encoding="utf-8").split() == ["0", "1"]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["outputs"] == \
        {"y": 1.0}
    assert (tmp_path / "bad.txt").read_text(encoding="utf-8") == ""


def test_install_completion_into_a_home_it_cannot_write_names_the_file(tmp_path):
    """It said "cannot write standard output: Not a directory"."""
    home = tmp_path / "home"
    home.write_text("a file, not a folder", encoding="utf-8")
    # from bash, whose process typer finds the shell by (the test's own parent may be none)
    done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m tracer --install-completion; '
                           'exit $?'], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, "HOME": str(home), "SHELL": "/bin/bash"})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"error: {home}") and "standard output" not in done.stderr


@pytest.mark.parametrize(("command", "name", "by"), [
    (("trace", LECTURE, "--at", AT), "t.svg", "tracer graph or tracer plot"),
    (("reverse", LECTURE, "--at", AT), "t.PNG", "tracer graph or tracer plot"),
    (("forward", LECTURE, "--at", AT), "t.mmd", "tracer graph"),
    (("graph", LECTURE, "--at", AT), "g.pdf", "tracer plot"),
])
def test_a_picture_suffix_another_command_draws_says_which(runner, tmp_path, command, name, by):
    """-o trace.svg said "cannot tell the format of trace.svg from its suffix"."""
    out = tmp_path / name
    result = run(runner, *command, "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert f"this command does not write {out.suffix} files ({by} draws them); use one of " \
        ".txt, .md" in " ".join(result.stderr.split())


def test_a_tangent_or_adjoint_that_overflows_says_so_on_stderr(runner):
    """ẏ = ∞ was shown for a finite derivative, exit 0, without a word."""
    done = run(runner, "forward", "x*x", "--at", "x=2", "--seed", "x=1e308")
    assert done.exit_code == 0 and "Result: ẏ = ∞" in done.stdout
    assert "note: the tangent of v_1 overflows: it is finite, too large for a float" in \
        " ".join(done.stderr.split())
    done = run(runner, "reverse", "1e200*(1e200*x)", "--at", "x=1e-300")
    assert done.exit_code == 0 and "note: the adjoint of v_0 overflows" in done.stderr


def test_output_to_dev_stdout_keeps_the_shells_order(tmp_path):
    script = (f'{{ echo before; "{sys.executable}" -m tracer reverse "{LECTURE}" --at {AT} '
              '-o /dev/stdout -f csv --force; echo after; } > out; '
              f'"{sys.executable}" -m tracer reverse "{LECTURE}" --at {AT} -o /dev/stdout '
              '-f csv | head -1 > piped')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "before" and lines[1].startswith("table,row,") and lines[-1] == "after"
    assert (tmp_path / "piped").read_text(encoding="utf-8").startswith("table,row,")


def test_a_reader_that_stops_early_is_no_error_for_dash_or_dev_stdout(tmp_path):
    """``| head``: what -o - or -o /dev/stdout writes is standard output, whose reader may stop
    (exit 0, nothing on stderr), as without -o; the output is past a pipe's buffer."""
    (tmp_path / "long.txt").write_text("+".join(f"sin(x*{k})" for k in range(4000)),
                                       encoding="utf-8")
    for out in ([], ["-o", "-"], ["-o", "/dev/stdout"]):
        script = (f'"{sys.executable}" -m tracer reverse long.txt --at x=1 -f markdown '
                  f'{" ".join(out)} | head -1; exit ${{PIPESTATUS[0]}}')
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, "# Reverse mode\n", ""), out


def test_output_to_a_pipe_the_shell_opened(tmp_path):
    """bash's >(…) is /dev/fd/63, a pipe: written as a stream, in the format -f names."""
    script = (f'"{sys.executable}" -m tracer forward "{LECTURE}" --at {AT} -f json '
              '-o >(cat > got.json); wait $!')  # bash waits for the reader: no polling
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads((tmp_path / "got.json").read_text(encoding="utf-8"))["mode"] == "forward"


def test_dash_is_standard_output(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = run(runner, "reverse", LECTURE, "--at", AT, "-o", "-")
    assert plain.exit_code == 0 and plain.stdout.startswith("Reverse mode")
    assert plain.stdout == run(runner, "reverse", LECTURE, "--at", AT, "--max-rows", "0").stdout
    markdown = run(runner, "reverse", LECTURE, "--at", AT, "-o", "-", "-f", "markdown")
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# Reverse mode")
    assert markdown.stderr == ""  # no "wrote -": the stream speaks for itself
    quiz = run(runner, "reverse", LECTURE, "--at", AT, "--quiz", "-o", "-", "-f", "csv",
               "--answers", "key.csv")
    assert quiz.exit_code == 0 and quiz.stdout.startswith("table,row,")
    assert "wrote the answer key to key.csv" in quiz.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.csv"]  # no file named -
    graph = run(runner, "graph", LECTURE, "-o", "-")
    assert graph.exit_code == 0 and graph.stdout.startswith("Dependency graph")


def test_a_closed_or_reading_descriptor_is_refused(tmp_path):
    done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m tracer reverse "{LECTURE}" '
                           f'--at {AT} -o /dev/fd/7; "{sys.executable}" -m tracer reverse '
                           f'"{LECTURE}" --at {AT} -o /dev/fd/5 5< /dev/null'],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.stderr.splitlines() == [
        "error: cannot write /dev/fd/7: no file is open as descriptor 7 (a shell opens one "
        "with 7> FILE)",
        "error: cannot write /dev/fd/5: descriptor 5 is open for reading only"]


@pytest.mark.parametrize("name", ["a" * 300 + ".md", "a" * 300 + "/t.md"])
def test_an_output_name_too_long_is_one_clear_error(runner, tmp_path, name):
    for command in (["reverse", "x*2", "--at", "x=1"], ["plot", "sin(x)"],
                    ["graph", "x*2"], ["check", "x*2", "--at", "x=1"]):
        result = run(runner, *command, "-o", str(tmp_path / name))
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith("error: cannot write ")
        assert result.stderr.endswith(": file name too long\n")


def test_an_input_name_too_long_is_one_clear_error(runner):
    result = run(runner, "reverse", "a" * 300 + ".txt", "--at", "x=1")
    assert result.exit_code == 1 and result.stderr.endswith(": file name too long\n")
    assert result.stderr.startswith("error: cannot read aaa")
    long_sum = run(runner, "reverse", "+".join(["x"] * 300), "--at", "x=1", "-f", "json")
    assert json.loads(long_sum.stdout)["passes"][0]["result"] == {"x": 300}


# --- which FORMULA a name means ------------------------------------------------------------------

def test_a_name_that_is_a_file_and_a_formula_reads_the_file_and_says_so(runner, tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("exp(x)\n", encoding="utf-8")
    result = run(runner, "forward", "x", "--at", "x=0")
    assert result.exit_code == 0 and "y = exp(x)" in result.stdout
    assert result.stderr == "note: read the file x; for the formula x, write (x)\n"
    formula = run(runner, "forward", "(x)", "--at", "x=0")
    assert formula.exit_code == 0 and formula.stderr == "" and "y = x" in formula.stdout
    assert "exp" not in formula.stdout


def test_a_file_name_that_is_no_formula_reads_without_a_note(runner):
    result = run(runner, "reverse", "examples/lecture-tables.txt", "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize(("name", "hint"), [
    ("x.txt", False), ("sin.txt", False), ("notes/f.csv", False), ("A.T", True),
])
def test_the_parentheses_hint_comes_only_for_a_formula(runner, tmp_path, monkeypatch, name,
                                                       hint):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "reverse", name, "--at", "x=1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no such file: {name}")
    assert (f"write ({name})" in result.stderr) is hint


@pytest.mark.parametrize(("text", "words"), [
    ("", "is empty"), ("\n  \n\t\n", "is empty"), ("# a title\n\n# more\n", "holds only comments"),
])
def test_a_file_without_a_formula_is_named(runner, tmp_path, text, words):
    path = tmp_path / "empty.txt"
    path.write_text(text, encoding="utf-8")
    result = run(runner, "forward", str(path), "--at", "x=1")
    assert result.exit_code == 1
    assert result.stderr == f"error: {path} {words}: expected a formula or a program\n"
    piped = run(runner, "forward", "-", "--at", "x=1", input=text)
    assert piped.stderr == f"error: standard input {words}: expected a formula or a program\n"


# --- odd terminals: an output without Unicode, odd COLUMNS ---------------------------------------

def _tracer() -> str:
    exe = shutil.which("tracer", path=os.path.dirname(sys.executable)) or shutil.which("tracer")
    assert exe, "the tracer command is not installed"
    return exe


def _piped(*args: str, encoding: str = "ascii") -> subprocess.CompletedProcess[bytes]:
    """The installed command with its output piped in ``encoding``, at its natural width."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": ""}
    return subprocess.run([_tracer(), *args], capture_output=True, timeout=120, env=env)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_an_output_without_unicode_still_gets_the_table(encoding):
    done = _piped("reverse", LECTURE, "--at", AT, encoding=encoding)
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode(encoding)
    assert "vbar_-1 = xbar_1 = vbar_2" in text and "(dy/dx_1, dy/dx_2) = (-4.333, 4)" in text


@pytest.mark.parametrize("args", [
    ("hessian", LECTURE, "--at", AT),
    ("graph", LECTURE, "--at", AT),
    ("derivatives", "sin(theta)*theta", "--at", "theta=1", "--order", "3"),
    ("plot", "sin(x)", "--at", "x=1"),
    ("check", LECTURE, "--at", AT, "--plot"),
], ids=lambda a: a[0])
def test_every_kind_of_output_reaches_an_ascii_output(args):
    done = _piped(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and b"Traceback" not in done.stderr and done.stdout.strip()


def test_an_error_on_an_ascii_output_keeps_its_caret_in_place():
    done = _piped("forward", "θ₁ + * 2", "--at", "theta1=1")
    assert done.returncode == 1
    message, line, caret = done.stderr.decode("ascii").splitlines()
    assert message.startswith("error: ") and line == "  theta_1 + * 2"
    assert caret.index("^") == line.index("*")


@pytest.mark.parametrize(("formula", "said"), [
    ("x＋1", "unexpected character '\\uff0b'"),  # spelled, it read: unexpected character '+'
    ("x≤1", "unexpected character '\\u2264': write <="),
    ("x²+x", "x\\u00b2 is one name (\\u00b2 is U+00B2 SUPERSCRIPT TWO); for a power write x^2"),
    ("x*ｙ", "y and \\uff59 look alike"),
])
def test_an_error_on_an_ascii_output_shows_the_character_it_is_about(formula, said):
    done = _piped("forward", formula, "--at", "x=1,y=1")
    assert done.returncode == 1 and said in done.stderr.decode("ascii"), done.stderr


@pytest.mark.parametrize(("name", "said"), [
    ("[red]x.md", "wrote [red]x.md (markdown)"),  # was "wrote x.md": rich read it as markup
    ("new\nline.md", "wrote new␊line.md (markdown)"),
    ("\x1b[31mred.md", "wrote ␛[31mred.md (markdown)"),  # the terminal was recoloured
])
def test_the_file_written_is_named_as_it_is(runner, tmp_path, monkeypatch, name, said):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "forward", LECTURE, "--at", AT, "-o", name)
    assert result.exit_code == 0 and result.stderr == said + "\n"
    assert (tmp_path / name).is_file()


def test_a_file_format_on_an_ascii_output_is_written_as_utf8(tmp_path):
    """A file format keeps its names (as -o writes it): its text goes as UTF-8 bytes."""
    from typer.testing import CliRunner

    for fmt in ("csv", "markdown", "json"):
        utf8 = run(CliRunner(), "forward", LECTURE, "--at", AT, "-f", fmt).stdout_bytes
        result = run(CliRunner(charset="ascii"), "forward", LECTURE, "--at", AT, "-f", fmt)
        assert result.exit_code == 0 and result.stdout_bytes == utf8
    result = run(CliRunner(charset="ascii"), "forward", "θ+1", "--at", "θ=1",
                 "-o", str(tmp_path / "θ.md"))
    assert result.exit_code == 0 and result.stderr.endswith("theta.md (markdown)\n")
    assert "\\theta" in (tmp_path / "θ.md").read_text(encoding="utf-8")


def _on_a_terminal(args: list[str], env: dict[str, str], columns: int = 100) -> tuple[int, str]:
    """The installed command on a pseudo-terminal ``columns`` wide: its exit status and what
    it showed, colour codes removed."""
    import re
    import select

    fcntl, pty, struct, termios = (pytest.importorskip(m) for m in
                                   ("fcntl", "pty", "struct", "termios"))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen([_tracer(), *args], stdin=slave, stdout=slave, stderr=slave,
                            env={**environ, "TERM": "xterm", **env})
    os.close(slave)
    shown = b""
    while select.select([master], [], [], 120)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    text = shown.decode("utf-8").replace("\r\n", "\n")
    return proc.wait(timeout=60), re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_columns_too_narrow_to_lay_out_in_is_ignored_on_a_terminal():
    """COLUMNS=0 printed nothing and COLUMNS=5 one character a line (v₋₁ on three): a width
    below 40 is ignored, and the terminal's own width is used."""
    args = ["reverse", LECTURE, "--at", AT]
    status, wide = _on_a_terminal(args, {"COLUMNS": ""})
    assert status == 0 and "\nv₋₁ = x₁       3       " in wide and "\nv₂ = ln(v₋₁)   " in wide
    assert max(cell_len(line) for line in wide.splitlines()) <= 100
    for columns in ("0", "5", "39", "abc", "２"):
        assert _on_a_terminal(args, {"COLUMNS": columns}) == (0, wide)
    status, narrow = _on_a_terminal(args, {"COLUMNS": "40"})
    assert status == 0 and max(cell_len(line) for line in narrow.splitlines()) <= 40
    status, error = _on_a_terminal(["forward", "x1+", "--at", "x1=1"], {"COLUMNS": "0"})
    assert status == 1 and error.startswith("error: expected a number")


def test_a_terminal_without_unicode_gets_the_table_in_colour_and_spelled():
    status, shown = _on_a_terminal(["forward", LECTURE, "--at", AT, "--graph"],
                                   {"PYTHONIOENCODING": "ascii", "COLUMNS": "80"})
    assert status == 0 and shown.isascii() and "vdot_1 = vdot_-1 * v_0" in shown
    assert "`-- v_4 = v_3 - v_2" in shown and max(len(x) for x in shown.splitlines()) <= 80


def test_piped_output_ignores_a_columns_too_narrow():
    from typer.testing import CliRunner

    natural = run(CliRunner(env={"COLUMNS": ""}), "reverse", LECTURE, "--at", AT).stdout
    for columns in ("0", "5", "abc", "99999"):
        result = run(CliRunner(env={"COLUMNS": columns}), "reverse", LECTURE, "--at", AT)
        assert result.exit_code == 0 and result.stdout == natural


def test_a_closed_or_full_standard_output_is_one_error_line(tmp_path):
    """``>&-`` was an AttributeError, ``> /dev/full`` an OSError: tracebacks."""
    command = f'"{sys.executable}" -m tracer forward "x^2" --at x=1'
    for redirect, said in ((">&-", "error: standard output is closed"),
                           ("> /dev/full", "error: cannot write standard output: No space")):
        done = subprocess.run(["bash", "-c", f"{command} {redirect}"], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 1 and done.stderr.startswith(said), done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", [
    'plot "sin(x)" --over x=0..3', 'plot "sin(x)" --over x=0..3 -f json',
    'check "x^2" --at x=1 --plot', "--version", "--help", "reverse --help",
])
def test_every_command_says_one_line_for_a_closed_or_full_standard_output(tmp_path, command):
    """plot and check --plot tripped on a closed standard output (AttributeError) and a full
    one (OSError); typer's own --help and --version on a full one."""
    for redirect, said in ((">&-", "error: standard output is closed"),
                           ("> /dev/full", "error: cannot write standard output: No space")):
        if redirect == ">&-" and ("--help" in command or "--version" in command):
            continue  # typer prints --help and --version itself, to a closed stream: nothing
        done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m tracer {command} '
                               f"{redirect}"], capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
        assert done.returncode == 1 and done.stderr.startswith(said), done.stderr
        assert len(done.stderr.splitlines()) == 1


def test_a_closed_standard_input_is_one_error_line_or_the_end_of_input(tmp_path):
    """``-`` with standard input closed was an AttributeError; --reveal a RuntimeError (input()
    lost sys.stdin): it shows the rest at once, as at the end of input."""
    def bash(args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", f'"{sys.executable}" -m tracer {args} 0<&-'],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)

    dash = bash("reverse - --at x=2")
    assert dash.returncode == 1 and dash.stderr == (
        "error: standard input is closed: give the formula, or a file, as the argument "
        "instead of -\n")
    reveal = bash("reverse 'x^2' --at x=2 --reveal")
    assert reveal.returncode == 0 and reveal.stderr == ""
    assert "∂y/∂x = 4" in reveal.stdout


def test_reverse_options_are_checked_before_the_work(runner):
    """--repeat 0 and --step 0 were told after the program was read and run (a 400,000-row
    program: 6 s), and a broken formula's syntax error came first, exit 1."""
    for options, said in ((["--repeat", "0"], "--repeat must be a whole number from 1 to 100"),
                          (["--step", "0", "--params", "x"], "--step 0: the learning rate 0")):
        result = run(runner, "reverse", "y = (", *options)
        assert result.exit_code == 2 and result.stderr.startswith(f"error: {said}")


# --- names that print alike ----------------------------------------------------------------------

def test_names_that_print_alike_get_a_note_and_the_tables_all_the_same(runner):
    result = run(runner, "reverse", "y = x1*x_1 + x₁", "--at", "x1=2,x_1=3,x₁=5")
    assert result.exit_code == 0
    assert result.stderr == ("note: x1, x_1 and x₁ all print as x₁: rename one to tell them "
                             "apart in the tables\n")
    assert "(3, 2, 1)" in result.stdout
    plain = run(runner, "reverse", "y = x1*x2", "--at", "x1=2,x2=3")
    assert plain.exit_code == 0 and plain.stderr == ""


def test_a_power_of_a_negative_base_is_traced_and_only_the_exponents_slope_undefined(runner):
    """x^n at x = -2, n = 3 was refused by every command, trace too: 12 along x (autograd's),
    undefined along n, in both modes and exactly."""
    for extra in ([], ["--exact"]):
        rev = run(runner, "reverse", "x^n", "--at", "x=-2,n=3", *extra)
        assert rev.exit_code == 0 and "(∂y/∂x, ∂y/∂n) = (12, nan)" in rev.stdout
        assert "is undefined here, so derivatives through it are undefined" in rev.stdout
        fwd = run(runner, "forward", "x^n", "--at", "x=-2,n=3", "--wrt", "x", *extra)
        assert fwd.exit_code == 0 and "∂y/∂x = 12" in fwd.stdout
        # second derivatives through that slope are undefined too, not a refusal
        hess = run(runner, "hessian", "x^n", "--at", "x=-2,n=3", *extra)
        assert hess.exit_code == 0 and "is undefined here" in hess.stdout
        assert "x   -12   nan" in hess.stdout and "where they exist" in hess.stdout
        along_n = run(runner, "derivatives", "x^n", "--at", "x=-2,n=3", "--wrt", "n", *extra)
        assert along_n.exit_code == 0 and "y′ = 1! c₁ = nan" in along_n.stdout
    assert run(runner, "trace", "x^n", "--at", "x=-2,n=3").exit_code == 0


@pytest.mark.parametrize("args", [
    ["reverse", "x^2", "--at", "x=1", "-o", "new.md/"],
    ["reverse", "x^2", "--at", "x=1", "--quiz", "--answers", "keys/", "-o", "q.md"],
    ["graph", "x^2", "-o", "g.dot/"],
    ["plot", "x^2", "--over", "x=0..1", "-o", "p.svg/"],
])
def test_an_output_name_ending_in_a_slash_is_a_folder_refused(runner, tmp_path, monkeypatch,
                                                               args):
    """-o notes.md/ wrote the file notes.md (Path drops the /): a usage error, nothing
    written, as the shell's > notes.md/ fails."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, *args)
    assert result.exit_code == 2 and "ends with /, so it names a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key", ["k.png", "key.xyz", "key"])
def test_an_answer_key_whose_suffix_names_no_format_is_refused(runner, tmp_path, monkeypatch,
                                                              key):
    """--answers k.png wrote terminal text into k.png, key.xyz and key CSV, silently."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, "reverse", "x^2", "--at", "x=1", "--quiz", "--answers", key)
    assert result.exit_code == 2 and f"cannot tell the format of --answers {key}" in \
        result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, said", [
    (["forward", "x^2", "--at", "x=f(1)"], "--at: unknown function 'f'"),
    (["forward", "x^2", "--at", "x=gamma(3)"], "--at: unknown function 'gamma'"),
    (["forward", "y = 0\nfor i in range(10**400):\n    y = y + x", "--at", "x=1"],
     "the constant 10⁴⁰⁰ overflows: it is too large for a float (above 1.8e308)"),
    (["forward", "x + exp(1000)", "--at", "x=1"],
     "the constant exp(1000) overflows: it is too large for a float"),
])
def test_messages_name_what_is_wrong(runner, args, said):
    """f(1) in --at said "f is not defined (yet): a def runs before its calls" (there is no
    def in an option); 10**400 "is undefined: the result is not a finite number"."""
    result = run(runner, *args)
    assert result.exit_code == 1 and said in result.stderr, result.stderr


@pytest.mark.parametrize("options, said", [
    (["--standalone", "-f", "markdown"], "--standalone makes a complete LaTeX document"),
    (["--standalone", "-f", "html"], "--standalone makes a complete LaTeX document"),
    (["--reveal", "-f", "json"], "--reveal shows the table on the terminal a row at a time"),
    (["--reveal", "-o", "t.txt"], "--reveal shows the table on the terminal a row at a time"),
])
def test_options_that_would_do_nothing_with_the_format_are_usage_errors(runner, tmp_path,
                                                                        monkeypatch, options,
                                                                        said):
    """--standalone -f markdown and --reveal -f json were accepted and did nothing."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, "reverse", "x^2", "--at", "x=1", *options)
    assert result.exit_code == 2 and said in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_reader_of_stderr_that_stops_fails_nothing(tmp_path):
    """``2>&1 | head -0``: the file was written, and rich's broken-pipe exit made it exit 1."""
    done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m tracer forward "x^2" --at x=1 '
                           "-o out.md 2>&1 | head -0; exit ${PIPESTATUS[0]}"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and (tmp_path / "out.md").read_text().startswith("# Forward")


@pytest.mark.parametrize("options", [["--answers", "-"], ["--answers", "/dev/stdout", "-o", "-"]])
def test_a_key_and_its_quiz_both_on_standard_output_are_refused(runner, options):
    """--quiz --answers - > handout.txt put the filled-in key in the handout."""
    result = run(runner, "forward", "x^2", "--at", "x=1", "--quiz", *options)
    assert result.exit_code == 2 and "the key into the handout" in result.stderr
    assert result.stdout == ""


def test_a_reader_gone_before_the_first_line_is_no_error_either(tmp_path):
    """``| head -c0``: the first write met a closed pipe and typer exited 1; -o - exited 0."""
    for out in ("", "-o -", "-f json"):
        done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m tracer forward "x^2" '
                               f"--at x=1 {out} | head -c0; exit ${{PIPESTATUS[0]}}"],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, ""), out


COURSE_EXERCISE_2 = """import torch

x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()
print(x.grad) # tensor([ 0.,  4.,  8., 12.])

# Second backward without clearing
y.backward()
print(x.grad) # tensor([ 0.,  8., 16., 24.]) - accumulated

# Proper way: zero out gradient
x.grad.zero_()
y.backward()
print(x.grad) # tensor([ 0.,  4.,  8., 12.])
"""


def test_pytorch_code_as_the_course_writes_it_runs(runner, tmp_path):
    """The lecture's Exercise 2 pasted as it is: its lines say the input, the output and the
    three backward passes (the second accumulating, the third after zeroing)."""
    result = run(runner, "reverse", "-", input=COURSE_EXERCISE_2)
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "After backward pass 1: x̄ = [0, 4, 8, 12]" in out
    assert "After backward pass 2: x̄ = [0, 8, 16, 24]" in out
    assert "After backward pass 3 (x.grad zeroed before it): x̄ = [0, 4, 8, 12]" in out
    once = run(runner, "reverse", "-", "--repeat", "1", input=COURSE_EXERCISE_2)
    assert "After backward pass 3" in once.stdout  # --repeat 1 is the default: the lines win
    two = json.loads(run(runner, "reverse", "-", "--repeat", "2", "-f", "json",
                         input=COURSE_EXERCISE_2).stdout)
    assert len(two["accumulated"]) == 2 and "zeroed" not in two  # --repeat given: it wins
    source = tmp_path / "exercise.py"
    source.write_text(COURSE_EXERCISE_2.replace("arange(4.0", "randn(4"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tracer", "reverse", str(source)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "note: x is made at random: tracer drew its values with a fixed seed" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_pytorch_training_step_as_written_takes_the_step(runner):
    text = ("import torch\nw = torch.tensor([1.0, -1.0], requires_grad=True)\n"
            "x = torch.tensor([2.0, 3.0])\noptimizer = torch.optim.SGD([w], lr=0.1)\n"
            "optimizer.zero_grad()\nloss = ((w * x).sum() - 1.0) ** 2\nloss.backward()\n"
            "optimizer.step()\n")
    d = json.loads(run(runner, "reverse", "-", "-f", "json", input=text).stdout)
    assert d["learning_rate"] == 0.1
    assert d["step"] == {"w[0]": {"old": 1, "gradient": -8, "new": pytest.approx(1.8)},
                         "w[1]": {"old": -1, "gradient": -12, "new": pytest.approx(0.2)}}


def test_backward_of_an_array_without_a_gradient_is_refused_as_pytorch_refuses_it(runner):
    """x = [1, 2]; y = x ** 2; y.backward(): PyTorch raises (grad can be implicitly created
    only for scalar outputs); tracer showed a Jacobian of 2 passes as if nothing were amiss.
    Now one line saying how to give the gradient; --seed y=ones gives PyTorch's answer."""
    text = "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x ** 2\ny.backward()\n"
    result = run(runner, "reverse", text)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: line 3: y.backward() without a gradient needs a "
                                    "scalar y, and y has 2 elements")
    assert result.stderr.endswith("\n  y.backward()\n  ^\n")  # placed at its line
    seeded = run(runner, "reverse", text, "--seed", "y=ones", "-f", "json")
    assert json.loads(seeded.stdout)["passes"][0]["result"] == {"x[0]": 2, "x[1]": 4}
    ones = run(runner, "reverse", text.replace("y.backward()", "y.backward(torch.ones_like(y))"),
               "-f", "json")
    assert json.loads(ones.stdout)["passes"][0]["result"] == {"x[0]": 2, "x[1]": 4}


def test_a_backward_gradient_not_in_the_outputs_shape_names_the_line(runner):
    """y.backward(torch.tensor([1., 2., 3.])) of a y of 2 elements: it said '--seed: y has 2
    elements; the value given has 3', an option the user never gave."""
    text = "x = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x ** 2\ny.backward({})\n"
    for seed, shape in (("torch.tensor([1.0, 2.0, 3.0])", "has shape (3,)"),
                        ("torch.tensor(2.0)", "is a number")):
        result = run(runner, "reverse", text.format(seed))
        assert result.exit_code == 1 and result.stderr == (
            "error: line 3: y.backward(…)'s gradient is not in y's shape: y has 2 elements (y[0], "
            f"y[1]), the gradient {shape} (PyTorch: mismatch in shape); torch.ones_like(y) is in "
            f"y's shape\n  y.backward({seed})\n  ^\n")
    fine = run(runner, "reverse", text.format("torch.tensor([1.0, 0.5])"), "-f", "json")
    assert json.loads(fine.stdout)["passes"][0]["result"] == {"x[0]": 2, "x[1]": 2}


def test_pytorch_code_whose_gradient_pytorch_would_not_give_is_refused(runner):
    """x = tensor([1., 2.]); z = x * 2; x.requires_grad = True; y = (x * z).sum(): PyTorch's
    gradient is z = [2, 4] (z was made before x required one); tracer printed [4, 8]. Now one
    line at the use, exit 1; written as PyTorch means it, the gradient is PyTorch's."""
    text = ("import torch\nx = torch.tensor([1.0, 2.0])\nz = x * 2\nx.requires_grad = True\n"
            "y = (x * z).sum()\ny.backward()\n")
    result = run(runner, "reverse", "-", input=text)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "error: line 3: x is used here, before line 4 (x.requires_grad = True) makes it an "
        "input, and PyTorch does not differentiate through this use; make x an input where it "
        "is assigned (x = torch.tensor([…], requires_grad=True))")
    fixed = text.replace("z = x * 2\n", "z = torch.tensor([2.0, 4.0])\n")
    d = json.loads(run(runner, "reverse", "-", "-f", "json", input=fixed).stdout)
    assert d["passes"][0]["result"] == {"x[0]": 2, "x[1]": 4}


def test_a_second_backward_pass_pytorch_would_refuse_is_noted(runner):
    """The course's Exercise 2 as written raises in PyTorch at its second y.backward(); the
    tables are the course's, and a note on stderr now says what PyTorch needs for them."""
    result = run(runner, "reverse", "-", input=COURSE_EXERCISE_2)
    assert result.exit_code == 0
    assert result.stderr.startswith("note: PyTorch frees the graph after y.backward(): for most "
                                    "graphs a second y.backward() raises there")
    given = run(runner, "reverse", "-", "--repeat", "2", input=COURSE_EXERCISE_2)
    assert given.exit_code == 0 and "frees the graph" not in given.stderr  # --repeat: no lines


@pytest.mark.parametrize("command, what", [
    ("derivatives", "derivatives are of one output"),
    ("hessian", "the Hessian is of one output"),
    ("check", "check compares one output at a time"),
])
def test_commands_of_one_output_name_the_outputs_to_choose_from(runner, command, what):
    """d2l's section differentiates y, then y′ …: each command that takes one output names
    them, as check always did, not "choose it with --output" alone."""
    result = run(runner, command, "examples/d2l-autograd.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (f"error: {what}, and this program has 15 (y, "
                                              "y′, y″[0], …); choose one with --output y")


def test_a_runs_notes_are_not_said_when_the_command_stops_on_an_error():
    """d2l's program (x drawn at random) under tracer hessian, or Exercise 2 with a --seed
    of no output, wrote the run's note ('a is made at random…', 'PyTorch frees the graph…')
    and then the error: two messages where the error was the answer. The error alone now;
    a run that goes on still notes them."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    d2l, exercise = str(examples / "d2l-autograd.txt"), str(examples / "exercise-2-pytorch.txt")
    from typer.testing import CliRunner

    failed = run(CliRunner(), "hessian", d2l)
    assert failed.exit_code == 1
    assert failed.stderr.startswith("error: the Hessian is of one output") and \
        "note:" not in failed.stderr
    failed = run(CliRunner(), "reverse", exercise, "--seed", "x=1")
    assert failed.exit_code == 1 and failed.stderr.startswith("error: --seed: x is not an output")
    ran = run(CliRunner(), "reverse", exercise)
    assert ran.exit_code == 0 and ran.stderr.startswith("note: PyTorch frees the graph")
    ran = run(CliRunner(), "forward", d2l)
    assert ran.exit_code == 0 and ran.stderr.startswith("note: a is made at random")
