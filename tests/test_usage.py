"""The command line read as a student writes it: its mistakes told plainly."""

from __future__ import annotations

import pytest
from helpers import LECTURE, run

from tracer.usage import _clearer_choice


@pytest.mark.parametrize(("value", "hint"), [
    ("md", "md means markdown: --format markdown"),
    ("tex", "tex means latex: --format latex"),
    ("txt", "txt means terminal: --format terminal"),
    ("JSON", "choices are written in lower case: --format json"),
    ("htlm", "did you mean --format html?"),
    ("xyz", None),
])
def test_a_choice_that_is_none_gets_a_hint(value, hint):
    message = (f"Value error, '{value}' is not one of 'terminal', 'markdown', 'json', 'latex', "
               "'html', 'csv'.")
    clearer = _clearer_choice(message, None)
    assert clearer.startswith(f"'{value}' is not one of 'terminal'")  # no "Value error, "
    assert clearer.endswith(f"; {hint}") if hint else clearer.endswith("'csv'")


@pytest.mark.parametrize(("args", "said"), [
    (["forward", "x1", "*", "x2", "--at", "x1=1,x2=2"],
     "unexpected arguments '*', 'x2' after the FORMULA: forward takes one FORMULA; a formula "
     "with spaces goes in quotes"),
    (["forward", LECTURE, "--quiz", "rules"], "--quiz takes its mode after '=': --quiz=rules"),
    (["forward", LECTURE, "--exact", "yes"], "--exact is a switch on forward: it takes no value"),
    (["forward", "--at", "x=1", "--", "x", "-f", "json"],
     "after --, every word is an argument: put the options before --"),
    (["swell", "3"], "unexpected argument '3': swell takes only options"),
    (["forward", LECTURE, "--wrt", " "], "Invalid value for '--wrt': ' ' is empty; it takes NAMES"),
    (["reverse", LECTURE, "--wrt", "x1"],
     "it): reverse mode seeds the outputs, not the inputs; give the outputs' adjoints with "
     "--seed (e.g. --seed y=1)"),
    (["trace", LECTURE, "--seed", "x1=1"],
     "trace has no option --seed (forward and reverse take it): trace shows values only"),
])
def test_usage_mistakes_say_what_to_do(runner, args, said):
    result = run(runner, *args)
    assert result.exit_code == 2 and said in " ".join(result.stderr.split()), result.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["forward", LECTURE, "--at", "x1=3,x2=-4", "--wrt", "x1", "--wrt=x2"],
     "'--wrt': given twice (x1, then x2); give it once, the items separated by commas: "
     "--wrt x1,x2"),
    (["reverse", "y1 = x*2; y2 = x^2", "--at", "x=1", "--seed", "y1=1", "--seed", "y1=2"],
     "'--seed': given twice (y1=1, then y1=2); give it once"),
    (["forward", LECTURE, "--at", "x1=3,x2=-4", "--digits", "3", "--digits", "8"],
     "'--digits': given twice (3, then 8); give it once"),
    (["trace", LECTURE, "--at", "x1=3,x2=-4", "-oa.md", "-o", "b.md", "-o", "c.md"],
     "given 3 times (a.md, then b.md, then c.md); give it once"),
])
def test_an_option_of_one_value_given_twice_is_refused(runner, args, said, tmp_path,
                                                       monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, *args)
    assert result.exit_code == 2 and said in " ".join(result.stderr.split()), result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_repeatable_options_and_switches_may_repeat(runner):
    result = run(runner, "forward", LECTURE, "--at", "x1=3", "--at", "x2=-4", "--exact",
                 "--exact")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("args, said", [
    (["forward", "x", "--at", "x=1", "--digits", "0"], "'--digits'"),
    (["forward", "x", "--bogus"], "No such option: --bogus"),
    (["plot", "x", "--over", "x=0..1", "--samples", "abc"], "'--samples'"),
    (["trace"], "Missing argument 'formula'"),
    (["frwd", "x"], "No such command 'frwd'. Did you mean 'forward'?"),
    (["forward", "x", "--at"], "Option '--at' requires an argument"),
])
def test_a_usage_error_is_one_line_as_every_error_is(args, said):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tracer", *args], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert said in result.stderr and "-h lists the options" in result.stderr
