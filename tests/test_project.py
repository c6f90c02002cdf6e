"""The project's promises about itself: the README's commands, CI, lint, docs in step."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracer.core import ops

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, re.S)


def test_readme_has_two_quick_start_commands():
    install_and_run, test = quick_start()
    assert "pip install ." in install_and_run
    assert 'tracer forward "x1*x2+x2-log(x1)" --at x1=3,x2=-4' in install_and_run
    assert test.endswith("pytest") and '".[test]"' in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start()[1] in ci.splitlines()


def test_readme_lists_every_function():
    syntax = README.split("## Formula syntax", 1)[1].split("\n## ", 1)[0]
    for name in ops.FUNCTIONS:
        if ops.function(name, 0) is None:
            assert re.search(rf"\b{name}\b", syntax), f"README's syntax section misses {name}"


def test_readme_documents_every_option():
    from typer.main import get_command

    from tracer.cli import app

    group = get_command(app)
    for command in group.commands.values():
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"README does not document {opt}"


def test_changelog_keeps_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and "Keep a Changelog" in text


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff")
                    .exists(), reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_user_text_reaches_eval():
    for path in (ROOT / "tracer").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for bad in ("eval(", "exec(", "sympify(", "parse_expr("):
            assert bad not in text.replace("evaluate(", "").replace("_eval(", ""), (path, bad)


def test_every_worked_example_command_in_the_readme_runs(monkeypatch):
    import shlex

    from helpers import run
    from typer.testing import CliRunner

    section = README.split("## Worked examples from the lecture", 1)[1].split("\n## ", 1)[0]
    commands = [c for c in re.findall(r"`(tracer [^`]+)`", section) if "…" not in c]
    assert len(commands) >= 9
    monkeypatch.chdir(ROOT)
    for command in commands:
        result = run(CliRunner(), *shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.stderr)
