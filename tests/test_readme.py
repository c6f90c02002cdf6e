"""The README as a reader meets it: every command block runs, in order, in a fresh folder that
holds the examples (as after cloning), and what the README shows as output is what is printed.

- A ```bash block is run line by line: ``tracer …`` through the CLI as ``main()`` runs it,
  ``echo TEXT | tracer …`` with TEXT on standard input, ``cp A B``; the lines that install
  tracer (``python3 -m venv``, ``. .venv/bin/activate``, ``pip install``) are what this test
  environment already is, and ``pytest`` is this run. A decimal in a line's ``# comment`` must
  be one its command prints.
- A ```text block that starts with ``$ tracer …`` is that command and its output, compared
  line by line.
- A ```python block runs as a script (the README's own code, like the tour notebook's).
- The worked-examples table: every figure in its "prints" column is one its command prints.

Any other line in a command block fails the test: a reader could not run it either.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from helpers import run
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
# A decimal as the README writes it, with a hyphen or a minus sign: 0.0823954, −4.333, 1e-08.
DECIMAL = re.compile(r"(?<![\w.])[-−]?\d+\.\d+(?:e[+-]\d+)?(?![\w.])")
INSTALLING = ("python3 -m venv", "python -m venv", ". .venv/bin/activate", "pip install")


def blocks() -> list[tuple[str, str, int]]:
    """The README's fenced blocks in order: (language, text, line number)."""
    return [(m.group(1), m.group(2), README[:m.start()].count("\n") + 1)
            for m in FENCE.finditer(README)]


@pytest.fixture
def clone(tmp_path, monkeypatch) -> Path:
    """A folder as a user has it after cloning, for the commands that read and write files:
    the examples, and an empty docs/ for the pictures the README makes."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)
    return tmp_path


def missing_tool(args: list[str]) -> str | None:
    """What a command needs that this machine lacks (Graphviz, matplotlib), or None."""
    out = args[args.index("-o") + 1] if "-o" in args else ""
    if not out.endswith((".svg", ".png", ".pdf")):
        return None
    if args[0] == "graph":
        return None if shutil.which("dot") else "Graphviz's dot"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return "matplotlib"
    return None


def normal(text: str) -> str:
    return text.replace("−", "-")


def printed(figure: str, output: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(normal(figure))}(?![\w])", normal(output)) is not None


def tracer(runner: CliRunner, args: list[str], where: str, stdin: str | None = None) -> str:
    if missing_tool(args):
        return ""  # the message saying what to install is tested where that tool is
    result = run(runner, *args, input=stdin)
    assert result.exit_code == 0, (where, result.stderr)
    return result.stdout


def comment_of(line: str) -> str:
    """The ``# comment`` ending a shell line: from a # that starts a word outside quotes."""
    quote = ""
    for k, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (k == 0 or line[k - 1].isspace()):
            return line[k + 1:]
    return ""


def shell_line(runner: CliRunner, line: str, where: str) -> None:
    """Run one line of a bash block, as a reader would (see the module docstring)."""
    comment = comment_of(line)
    command = shlex.split(line[:len(line) - len(comment)].rstrip().removesuffix("#"))
    output = ""
    for part in " ".join(shlex.quote(w) if w not in ("&&", "|") else w
                         for w in command).split(" && "):
        if part.startswith(INSTALLING) or part == "pytest":
            continue  # this environment is the installation; this run is the test command
        stdin = None
        if " | " in part:
            source, _, part = part.partition(" | ")
            words = shlex.split(source)
            assert words[0] == "echo", (where, "only echo … | tracer … is understood")
            stdin = " ".join(words[1:]) + "\n"
        words = shlex.split(part)
        if words[0] == "cp":
            shutil.copy(words[1], words[2])
        elif words[0] == "tracer":
            output += tracer(runner, words[1:], where, stdin)
        elif words[0] == "chromium":
            continue  # the worksheet's screenshot: test_render_worksheet runs it, sandboxed
        else:
            pytest.fail(f"{where}: the README test cannot run {part!r}")
    if output:
        for figure in DECIMAL.findall(comment):
            assert printed(figure, output), (where, figure)


def test_every_command_block_runs_in_order(clone):
    runner = CliRunner()
    seen = set()
    for language, text, start in blocks():
        seen.add(language)
        where = f"README.md:{start}"
        if language == "bash":
            for k, line in enumerate(text.splitlines(), start=start + 1):
                if line.strip() and not line.lstrip().startswith("#"):
                    shell_line(runner, line, f"README.md:{k}")
        elif language == "text" and text.startswith("$ tracer "):
            command, _, shown = text.partition("\n")
            output = tracer(runner, shlex.split(command[2:])[1:], where)
            assert [line.rstrip() for line in output.splitlines()] == shown.splitlines(), \
                f"{where}: the README shows other output than\n{output}"
        elif language == "python":
            exec(compile(text, where, "exec"), {"__name__": "__readme__"})  # the README's code
    assert {"bash", "text", "python"} <= seen
    assert (clone / "answers.csv").exists() and (clone / "trace.md").exists()


def worked_examples() -> list[tuple[list[str], str]]:
    """The worked-examples table: each row's commands and its "prints" column."""
    section = README.split("## Worked examples from the lecture", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    command, prints = header.index("command"), header.index("prints")
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((re.findall(r"`(tracer [^`]+)`", cells[command]), cells[prints]))
    return rows


def test_the_worked_examples_print_the_figures_the_readme_shows(clone):
    runner = CliRunner()
    rows = worked_examples()
    assert len(rows) >= 15 and all(commands for commands, _ in rows)
    for commands, prints in rows:
        for command in commands:
            output = tracer(runner, shlex.split(command)[1:], command)
            for figure in DECIMAL.findall(prints):
                assert printed(figure, output), (command, figure, output)
