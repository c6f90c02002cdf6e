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


def _ci_setup(tmp_path: Path, apt_script: str, tools: tuple[str, ...]) -> str:
    """Run .ci/run's set-up (all but its last line, the test command) with a fake apt-get,
    on a PATH that holds only the shell's tools and ``tools``; returns what it printed."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    last = quick_start()[1]
    assert script.rstrip().endswith(last)
    ci = tmp_path / "repo" / ".ci"
    ci.mkdir(parents=True)
    (ci / "run").write_text(script.rstrip()[: -len(last)], encoding="utf-8")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name in ("bash", "grep", "mktemp", "seq", "rm", "tail", "dirname", "cat", "touch",
                 "chmod", "cp"):
        (bin_ / name).symlink_to(shutil.which(name))
    fakes = {"apt-get": apt_script, "id": "echo 0", "sleep": "true",
             **{tool: "true" for tool in tools}}
    for name, body in fakes.items():
        (bin_ / name).write_text(f"#!{shutil.which('bash')}\n{body}\n", encoding="utf-8")
        (bin_ / name).chmod(0o755)
    result = subprocess.run([str(bin_ / "bash"), str(ci / "run")], capture_output=True,
                            text=True, timeout=60, env={"PATH": str(bin_), "HOME": str(tmp_path)},
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_ci_waits_for_the_apt_lock_and_reports_what_is_present(tmp_path):
    # apt-get: the lists lock is held for the first two calls, then every call succeeds;
    # installing graphviz brings `dot`. Each call must ask apt to wait for dpkg's lock.
    apt = f"""
calls="{tmp_path}/calls"; echo "$*" >> "$calls"
case "$*" in *"DPkg::Lock::Timeout="*) ;; *) echo "E: no lock timeout" >&2; exit 100;; esac
if [ "$(grep -c '' "$calls")" -le 2 ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 7 (apt-get)" >&2
  exit 100
fi
dot="{tmp_path}/bin/dot"
case "$*" in *graphviz*) printf 'true\\n' > "$dot"; chmod +x "$dot";; esac
exit 0"""
    out = _ci_setup(tmp_path, apt, ("chromium",))
    calls = (tmp_path / "calls").read_text().splitlines()
    assert len(calls) == 5 and all("-o DPkg::Lock::Timeout=600" in c for c in calls)
    assert "another apt holds a lock; waiting for it" in out
    assert "present: Chromium Graphviz; absent: LaTeX" in out
    assert "the tests that need LaTeX will be skipped" in out
    assert "could not" not in out.lower()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_ci_says_why_apt_failed_and_what_is_missing(tmp_path):
    out = _ci_setup(tmp_path, 'echo "E: Unable to locate package chromium" >&2; exit 100', ())
    assert "apt-get update: E: Unable to locate package chromium" in out
    assert "present: none; absent: Chromium Graphviz LaTeX" in out
