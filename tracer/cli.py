"""The ``tracer`` command: parse options, call the core, pick a writer, print. Nothing more.

Errors from the core (the TracerError family) become one red line on stderr, with the
offending line and a caret under the position when there is one, and exit status 1; typer's
own usage errors exit with 2. No traceback ever reaches a user.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tracer import __version__
from tracer.errors import InputFileError, TracerError

if TYPE_CHECKING:
    from tracer.table import Document

def _typer() -> typer.Typer:
    return typer.Typer(
        name="tracer",
        help="Automatic differentiation that shows its work: evaluation traces, forward and "
        "reverse mode, every row with its rule and the numbers substituted into it.\n\n"
        'Example: tracer forward "x1*x2+x2-log(x1)" --at x1=3,x2=-4',
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _typer()


class Format(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


class Order(StrEnum):
    level = "level"
    source = "source"


class UsageProblem(TracerError):
    """A command-line mistake the core cannot see (exit status 2, as typer's own)."""


# --- errors -----------------------------------------------------------------------------------

def _stderr():  # imported lazily: rich is only needed once there is something to print
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)


def report(exc: TracerError) -> NoReturn:
    """Print a TracerError as the user should see it and exit."""
    from rich.text import Text

    console = _stderr()
    where = exc.where()
    message = exc.message
    if where is not None and exc.source is not None and "\n" in exc.source.strip("\n"):
        message = f"line {where[0]}: {message}"
    console.print(Text("error: ", style="bold red") + Text(message))
    if where is not None:
        _, column, line = where
        shown, caret = _window(line, column)
        console.print(Text("  " + shown))
        console.print(Text("  " + " " * caret + "^", style="bold red"))
    raise typer.Exit(2 if isinstance(exc, UsageProblem) else 1)


def _window(line: str, column: int, width: int = 72) -> tuple[str, int]:
    """The part of a long line around ``column``, and the caret's place in it."""
    line = line.replace("\t", " ")
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    shown = line[start:start + width]
    caret = column - start
    if start > 0:
        shown, caret = "…" + shown[1:], caret
    if start + width < len(line):
        shown = shown[:-1] + "…"
    return shown, caret


# --- shared option handling -------------------------------------------------------------------

_SUFFIX = re.compile(r"[\w./\\~-]*\.[A-Za-z]\w*")


def read_formula(arg: str) -> tuple[str, str | None]:
    """The formula text: the argument itself, a file it names, or standard input for ``-``."""
    if arg == "-":
        return sys.stdin.read(), "<stdin>"
    if len(arg) < 4096 and os.path.isfile(arg):
        try:
            return Path(arg).read_text(encoding="utf-8"), arg
        except UnicodeDecodeError:
            raise InputFileError(f"cannot read {arg}: it is not UTF-8 text") from None
        except OSError as exc:
            raise InputFileError(f"cannot read {arg}: {exc.strerror}") from None
    if _SUFFIX.fullmatch(arg) and not re.fullmatch(r"[\d.eE+-]+", arg):
        raise InputFileError(f"no such file: {arg} (to give a formula, write it in quotes)")
    return arg, None


def pick_format(fmt: Format | None, out: Path | None) -> str:
    from tracer.render import FORMATS, format_for

    if fmt is not None:
        return fmt.value
    if out is None:
        return "terminal"
    found = format_for(str(out))
    if found is None:
        known = ", ".join(s for suffixes in FORMATS.values() for s in suffixes)
        raise UsageProblem(f"cannot tell the format of {out} from its suffix; use one of "
                           f"{known}, or --format")
    return found


def write_atomically(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file, never replacing a file silently."""
    import tempfile

    if path.exists() and not force:
        raise InputFileError(f"{path} exists; use --force to replace it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputFileError(f"cannot write {path}: the folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path appeared meanwhile: nothing is replaced
            except FileExistsError:
                raise InputFileError(f"{path} exists; use --force to replace it") from None
            except OSError:
                if path.exists():
                    raise InputFileError(f"{path} exists; use --force to replace it") from None
                os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def emit(document: Callable[[], Document] | None, text: Callable[[], str], out: Path | None,
         force: bool, digits: int, fmt: str) -> None:
    """Show a document on the terminal, or write text to standard output or a file.

    ``document`` is given for the terminal format: on a real terminal it is printed with
    colour at the terminal's width; piped, it is plain text at its natural width.
    """
    if out is not None:
        write_atomically(out, text(), force)
        _stderr().print(f"wrote {out} ({fmt})")
        return
    if document is not None and sys.stdout.isatty():
        from rich.console import Console

        from tracer.render.terminal import to_console

        to_console(document(), Console(highlight=False, emoji=False), digits)
        return
    sys.stdout.write(text())


def values_option(texts: list[str] | None) -> dict:
    from tracer.api import merge_values

    return merge_values(texts) if texts else {}


def names_option(text: str | None) -> list[str] | None:
    from tracer.parse import parse_names

    return [name for name, _ in parse_names(text)] if text else None


# --- options shared by commands ---------------------------------------------------------------

FormulaArg = Annotated[str, typer.Argument(
    help="A formula such as 'x1*x2+x2-log(x1)', a program (assignments separated by ';' or "
    "new lines), the path of a file holding either, or - to read standard input.")]
AtOpt = Annotated[list[str] | None, typer.Option(
    "--at", "-a", metavar="NAME=VALUE,...",
    help="Input values, e.g. --at x1=3,x2=-4 (or repeat: --at x1=3 --at x2=-4). Values may be "
    "constant expressions such as pi/3.")]
OrderOpt = Annotated[Order | None, typer.Option(
    help="Row order: 'level' (each row as early as its arguments allow, as the lecture's "
    "tables; the default) or 'source' (plain evaluation order).", show_default=False)]
OutputOpt = Annotated[str | None, typer.Option(
    "--output", metavar="NAMES", help="The program's outputs, e.g. --output y1,y2 "
    "(default: the last assignment).")]
DigitsOpt = Annotated[int, typer.Option(min=1, max=17, help="Significant digits shown.")]
FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", help="Output format (default: terminal, or the -o file's suffix).")]
OutOpt = Annotated[Path | None, typer.Option(
    "--out", "-o", metavar="FILE",
    help="Write to FILE (.md, .json, .txt) instead of the terminal; written atomically.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
ExactOpt = Annotated[bool, typer.Option(
    "--exact", help="Exact arithmetic (sympy): ln(3) stays ln 3, the adjoint of x1 in Table 3 "
    "is -13/3; each value also shows its decimal. Inputs such as 0.5 are the exact 1/2.")]
MaxRowsOpt = Annotated[int | None, typer.Option(
    "--max-rows", metavar="N",
    help="Show at most N trace rows, eliding the middle (default: 200 in the terminal, all in "
    "files; 0 shows all).")]


def _max_rows(value: int | None, fmt: str, out: Path | None) -> int | None:
    if value is not None:
        return value or None
    return 200 if fmt == "terminal" and out is None else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Automatic differentiation that shows its work."""


# --- commands ---------------------------------------------------------------------------------

@app.command(epilog='Example: tracer trace "x1*x2+x2-log(x1)" --at x1=2,x2=4')
def trace(
    formula: FormulaArg,
    at: AtOpt = None,
    order: OrderOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
    exact: ExactOpt = False,
) -> None:
    """The evaluation trace (Wengert list) alone: every primal with its rule and numbers."""
    try:
        from tracer import api

        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        ev = api.prepare(text, values_option(at), order.value if order else None,
                         names_option(output), exact)
        run = api.Run("trace", ev, ())
        _show(run, fmt_name, out, force, digits, _max_rows(max_rows, fmt_name, out), name)
    except TracerError as exc:
        report(exc)


@app.command(epilog='Example: tracer forward "x1*x2+x2-log(x1)" --at x1=3,x2=-4 --wrt x2')
def forward(
    formula: FormulaArg,
    at: AtOpt = None,
    wrt: Annotated[str | None, typer.Option(
        metavar="NAMES", help="Seed these inputs, one pass each (e.g. --wrt x2).")] = None,
    seed: Annotated[str | None, typer.Option(
        metavar="NAME=VALUE,...",
        help="One pass along this input direction (e.g. --seed x1=0.5,x2=1); a "
        "Jacobian-vector product.")] = None,
    order: OrderOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
    exact: ExactOpt = False,
) -> None:
    """Forward mode: the primal and tangent traces, one pass per seeded input.

    With neither --wrt nor --seed, one pass per input, then the assembled gradient.
    """
    try:
        from tracer import api

        if wrt and seed:
            raise UsageProblem("give --wrt or --seed, not both")
        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        ev = api.prepare(text, values_option(at), order.value if order else None,
                         names_option(output), exact)
        seeds = values_option([seed]) if seed else None
        run = api.run_forward(ev, names_option(wrt), seeds)
        _show(run, fmt_name, out, force, digits, _max_rows(max_rows, fmt_name, out), name)
    except TracerError as exc:
        report(exc)


@app.command(epilog='Example: tracer reverse "x1*x2+x2-log(x1)" --at x1=3,x2=-4')
def reverse(
    formula: FormulaArg,
    at: AtOpt = None,
    seed: Annotated[str | None, typer.Option(
        metavar="NAME=VALUE,...",
        help="Output adjoints (default ȳ = 1 for each output, one pass each), e.g. "
        "--seed y=2; a vector-Jacobian product.")] = None,
    sweep: Annotated[bool, typer.Option(
        help="Show the backward sweep itself: each v̄ += … as its own line, in sweep "
        "order.")] = False,
    step: Annotated[str | None, typer.Option(
        metavar="RATE", help="Take a gradient-descent step with this learning rate: each "
        "parameter w becomes w - RATE ∂E/∂w (a program's @step line sets a default).")] = None,
    params: Annotated[str | None, typer.Option(
        metavar="NAMES", help="The parameters the step updates: names or globs, e.g. "
        "--params 'w*,b*' (a program's @params line sets a default).")] = None,
    order: OrderOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
    exact: ExactOpt = False,
) -> None:
    """Reverse mode: the primal trace, then the adjoint of every row, then the gradient."""
    try:
        from tracer import api

        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        program = api.load(text)
        found = api.defaults(program)
        ev = api.prepare(program, values_option(at), order.value if order else None,
                         names_option(output), exact)
        seeds = values_option([seed]) if seed else None
        run = api.run_reverse(ev, seeds)
        rate = api.constant_text(step) if step else found.step
        chosen = names_option(params) or found.params
        if params and rate is None:
            raise UsageProblem("--params names what a step updates; give the step with --step")
        if rate is not None:
            if not chosen:
                raise UsageProblem("--step needs --params, the inputs to update "
                                   "(e.g. --params 'w*,b*')")
            run = api.descent_step(run, chosen, rate)
        _show(run, fmt_name, out, force, digits, _max_rows(max_rows, fmt_name, out), name,
              sweep=sweep)
    except TracerError as exc:
        report(exc)


@app.command(epilog="Example: tracer jacobian 'y1 = x1*x2; y2 = sin(x1) + x2' --at x1=1,x2=2")
def jacobian(
    formula: FormulaArg,
    at: AtOpt = None,
    order: OrderOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    exact: ExactOpt = False,
) -> None:
    """The full Jacobian, computed both ways: forward mode (a pass per input) and reverse mode
    (a pass per output), with what each spent and which is cheaper for this shape.

    The outputs are every name no later line uses, unless --output (or @output) says.
    """
    try:
        from tracer import api

        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        program = api.load(text)
        outputs = names_option(output) or api.defaults(program).outputs or api.sinks(program)
        ev = api.prepare(program, values_option(at), order.value if order else None, outputs,
                         exact)
        _show(api.jacobian(ev), fmt_name, out, force, digits, None, name)
    except TracerError as exc:
        report(exc)


@app.command(epilog="Example: tracer derivatives 'x^3' --at x=2 --order 3")
def derivatives(
    formula: FormulaArg,
    at: AtOpt = None,
    order: Annotated[int, typer.Option(
        "--order", "-n", min=1, max=12, help="The highest derivative: 3 gives f′, f″, f‴.")] = 3,
    wrt: Annotated[str | None, typer.Option(
        metavar="NAME", help="The input to differentiate along, when there are several (the "
        "others stay fixed).")] = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
    exact: ExactOpt = False,
) -> None:
    """Higher derivatives by Taylor-mode forward propagation: one column per Taylor
    coefficient, giving f′, f″, f‴ … in one sweep. (Row order: a program's @order line.)"""
    try:
        from tracer import api, taylor

        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        ev = api.prepare(text, values_option(at), None, names_option(output), exact)
        run = taylor.derivatives(ev, order, wrt)
        _show(run, fmt_name, out, force, digits, _max_rows(max_rows, fmt_name, out), name)
    except TracerError as exc:
        report(exc)


@app.command(epilog="Example: tracer hessian 'x1^2*x2 + sin(x1)' --at x1=1,x2=2")
def hessian(
    formula: FormulaArg,
    at: AtOpt = None,
    order: OrderOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
    exact: ExactOpt = False,
) -> None:
    """The Hessian by forward-over-reverse: one Hessian-vector product per input, each pass
    showing the tangent of every adjoint; then the matrix, its symmetry, and its cost against
    the gradient's."""
    try:
        from tracer import api
        from tracer.hessian import hessian as compute

        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        ev = api.prepare(text, values_option(at), order.value if order else None,
                         names_option(output), exact)
        _show(compute(ev), fmt_name, out, force, digits, _max_rows(max_rows, fmt_name, out),
              name)
    except TracerError as exc:
        report(exc)


@app.command(epilog="Example: tracer check 'x1*x2+x2-log(x1)' --at x1=3,x2=-4")
def check(
    formula: FormulaArg,
    at: AtOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Autodiff against sympy's symbolic derivative and against finite differences (h = 1e-1 …
    1e-12), for every input; exit status 1 if autodiff and the symbolic derivative disagree
    (relative difference above 1e-9)."""
    try:
        from tracer import api
        from tracer.check import check as compare

        fmt_name = pick_format(fmt, out)
        text, name = read_formula(formula)
        program = api.load(text)
        ev = api.prepare(program, values_option(at), None, names_option(output))
        run = compare(program, ev)
        _show(run, fmt_name, out, force, digits, None, name)
        if not run.agrees:
            raise TracerError(run.disagreement())
    except TracerError as exc:
        report(exc)


@app.command(epilog="Example: tracer swell --n 5")
def swell(
    n: Annotated[int, typer.Option("--n", "-n", min=1, max=10,
                                   help="Iterate the map this many times (l_1 … l_N).")] = 4,
    map_text: Annotated[str, typer.Option(
        "--map", metavar="FORMULA", help="The recurrence in l (the last iterate) and x: "
        "l_{n+1} = FORMULA, l_1 = x.")] = "4*l*(1-l)",
    digits: DigitsOpt = 4,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Expression swell: the logistic map's iterates and their derivatives, symbolic (as
    differentiated and simplified) beside the size of the evaluation trace and its sweeps."""
    try:
        from tracer.swell import swell as table

        fmt_name = pick_format(fmt, out)
        _show(table(n, map_text), fmt_name, out, force, digits, None, None)
    except TracerError as exc:
        report(exc)


def _show(run, fmt: str, out: Path | None, force: bool, digits: int, max_rows: int | None,
          source_name: str | None, sweep: bool = False) -> None:
    from tracer import views

    opts = views.ViewOptions(max_rows=max_rows, sweep=sweep, source_name=source_name)
    emit((lambda: views.document(run, opts)) if fmt == "terminal" else None,
         lambda: render_text(fmt, views.document(run, opts) if fmt != "json" else run, digits),
         out, force, digits, fmt)


def render_text(fmt: str, content, digits: int) -> str:
    """A document (or, for JSON, a run) as text in format ``fmt``."""
    if fmt == "json":
        from tracer.render.json import render_json

        return render_json(content)
    if fmt == "markdown":
        from tracer.render.markdown import render_markdown

        return render_markdown(content, digits)
    from tracer.render.terminal import render_terminal

    width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 10_000
    return render_terminal(content, digits, width=width)


def _app_for(argv: list[str]) -> typer.Typer:
    """The app to run: when the first argument names a command, an app holding only that
    command. Typer converts every registered command's options when it starts, and the
    others' would cost start-up time for nothing (about 3 ms a command, measured)."""
    if argv:
        for info in app.registered_commands:
            name = info.name or (info.callback.__name__ if info.callback else None)
            if name == argv[0]:
                lean = _typer()
                lean.registered_callback = app.registered_callback
                lean.registered_commands = [info]
                return lean
    return app


def main() -> None:
    """Entry point of the ``tracer`` command; the last guard against a traceback."""
    try:
        _app_for(sys.argv[1:])()
    except (RecursionError, MemoryError) as exc:
        what = "too deeply nested" if isinstance(exc, RecursionError) else "too large"
        sys.stderr.write(f"error: the input is {what} for tracer to handle\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
