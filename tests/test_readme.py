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


# --- the options table against every command's --help --------------------------------------

CELL = re.compile(r"(?<!\\)\|")  # a cell border: a | not written \| inside a cell


def option_table() -> list[tuple[set[str], str]]:
    """The Options table's rows: (the options the first cell names, the commands cell)."""
    section = README.split("### Options", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in CELL.split(line.strip().strip("|"))]
            rows.append((set(re.findall(r"`(-[-\w]+)", cells[0])), cells[1]))
    return rows


def documented(commands: list[str]) -> tuple[dict[str, set[str]], set[str]]:
    """What the table says: each command's options, and the options of tracer itself."""
    table = option_table()
    quiz = next(cell for names, cell in table if "--quiz" in names)
    per: dict[str, set[str]] = {c: set() for c in commands}
    top: set[str] = set()
    for names, cell in table:
        cell = quiz if cell == "with `--quiz`" else cell
        if not cell:
            top |= names
            continue
        named = re.findall(r"`([\w-]+)`", cell)
        if cell.startswith("all"):
            assert cell == "all" or cell.startswith("all but "), cell
            named = [c for c in commands if c not in named]
        for command in named:
            assert command in per, f"the options table names no command {command!r}"
            per[command] |= names
    return per, top


def test_the_options_table_says_which_command_takes_which_option():
    """Every row of README's Options table against every command's --help (its options, as
    click parses them): an option a command takes is in a row naming that command ("all",
    "all but …", or by name), and a row names only commands that take its options."""
    from typer.main import get_command

    from tracer.cli import app

    group = get_command(app)
    commands = list(group.commands)
    per, top = documented(commands)
    for name, command in group.commands.items():
        actual = {o for p in command.params for o in (*p.opts, *p.secondary_opts)
                  if o.startswith("-")}
        help_text = " ".join(run(CliRunner(), name, "--help").stdout.split())
        assert all(o in help_text for o in actual)  # the options --help shows
        assert actual - per[name] == set(), f"README's options table misses {name}'s " \
            f"{sorted(actual - per[name])}"
        assert per[name] - actual == set(), f"README's options table gives {name} " \
            f"{sorted(per[name] - actual)}, which `tracer {name} --help` does not list"
    app_level = {o for p in group.params for o in (*p.opts, *p.secondary_opts)}
    assert top == app_level | {"--help", "-h"}
    assert run(CliRunner(), commands[0], "-h").exit_code == 0


# --- the JSON schema against what every command writes ---------------------------------------

JSON_RUNS = [
    ["trace", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--exact"],
    ["trace", str(ROOT / "examples" / "exercise-3-control-flow.txt")],
    ["forward", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--exact"],
    ["reverse", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--repeat", "2"],
    ["reverse", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--step", "0.1", "--params", "x1",
     "--exact"],
    ["reverse", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--quiz=rules"],
    ["jacobian", "y1 = x1*x2; y2 = sin(x1) + x2", "--at", "x1=1,x2=2", "--exact"],
    ["derivatives", "x^3", "--at", "x=2", "--exact"],
    ["hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2", "--exact"],
    ["check", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4"],
    ["check", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--plot"],
    ["graph", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "--mode", "reverse"],
    ["graph", "x1*x2+x2-log(x1)"],
    ["swell", "--n", "2"],
    ["plot", "sin(x)", "--at", "x=1", "--samples", "5"],
    ["plot", "x1*x2", "--at", "x1=1,x2=2", "--samples", "3"],
]


@pytest.mark.parametrize("args", JSON_RUNS, ids=lambda a: " ".join(a[:1] + a[-2:]))
def test_the_json_schema_names_every_key_and_mode_written(args):
    """Every top-level key and every mode a command writes with -f json is in README's JSON
    schema (a key as "key", a mode as "mode")."""
    import json

    schema = README.split("### JSON schema", 1)[1].split("\n## ", 1)[0]
    mode_row = next(line for line in schema.splitlines() if line.startswith('| `"mode"`'))
    result = run(CliRunner(), *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert f'`"{data["mode"]}"`' in mode_row
    for key in data:
        assert f'"{key}"' in schema, f"README's JSON schema misses {key!r} ({args[0]})"
