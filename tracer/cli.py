"""The ``tracer`` command: parse options, call the core, pick a writer, print. Nothing more.

Errors from the core (the TracerError family) become one red line on stderr, with the
offending line and a caret under the position when there is one, and exit status 1; typer's
own usage errors, and the mistakes in options typer cannot see, exit with 2. No traceback ever
reaches a user.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from tracer import __version__
from tracer.errors import InputFileError, TracerError, UsageProblem, exhausted
from tracer.files import check_distinct, write_all
from tracer.render import DIGITS, DOCUMENT_FORMATS, FORMATS, GRAPH_FORMATS
from tracer.usage import Command, Group, know_every_command, suffix_formats


def _typer() -> typer.Typer:
    return typer.Typer(
        name="tracer",
        cls=Group,
        help="Automatic differentiation that shows its work: evaluation traces, forward and "
        "reverse mode, every row with its rule and the numbers substituted into it.\n\n"
        'Example: tracer forward "x1*x2+x2-log(x1)" --at x1=3,x2=-4',
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _typer()


def command(example: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command: its help ends with an example, it reads a bare --quiz, and a
    TracerError it raises is reported (one line, a caret, an exit status), never raised."""
    register = app.command(cls=Command, epilog=f"Example: {example}")

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(fn)
        def reported(*args: Any, **kwargs: Any) -> None:
            _LATER.clear()
            try:
                fn(*args, **kwargs)
            except TracerError as exc:
                _LATER.clear()  # the run's notes (drawn at random, retain_graph): no run
                report(exc)
            for note in _LATER:
                _note(note)

        return register(reported)

    return decorate


# The formats' one registry (tracer.render.FORMATS) gives the choices: text for --format,
# images only through -o's suffix.
Format = StrEnum("Format", {name: name for name in DOCUMENT_FORMATS})  # type: ignore[misc]
GraphFormat = StrEnum("GraphFormat", {  # type: ignore[misc]
    name: name for name in GRAPH_FORMATS if not FORMATS[name].binary})


class Order(StrEnum):
    level = "level"
    source = "source"


class Mode(StrEnum):
    forward = "forward"
    reverse = "reverse"


# --- errors and files ---------------------------------------------------------------------------

MIN_COLUMNS = 40  # a narrower COLUMNS (0, 5) is ignored: a table would cut every name
MAX_COLUMNS = 10_000  # the natural width of piped tables


def _columns() -> int | None:
    """``COLUMNS`` as a width, when it is one a table can be laid out in, else None."""
    text = os.environ.get("COLUMNS", "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 5:
        return None
    return int(text) if MIN_COLUMNS <= int(text) <= MAX_COLUMNS else None


def _screen_width(stream: Any, unknown: int = 80) -> int:
    """The width to print in on a terminal: ``COLUMNS`` when usable, else the terminal's own
    (at least MIN_COLUMNS), or ``unknown`` when the terminal does not say."""
    columns = _columns()
    if columns is not None:
        return columns
    try:
        size = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        size = 0
    return max(size, MIN_COLUMNS) if size > 0 else unknown


def _spelling(stream: Any) -> Callable[[str], str] | None:
    """How to spell text for ``stream`` when its encoding is not Unicode, else None."""
    from tracer.render import speller_for

    return speller_for(getattr(stream, "encoding", None))


def _console(stderr: bool = False):  # imported lazily: rich is only needed to print
    """A rich console on standard output (or error), as wide as ``_screen_width`` says; on
    an output without Unicode, what it prints is spelled in what the output can show."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if stream is None:  # closed (2>&-): rich would print to standard output instead, a note
        return Console(quiet=True)  # or an error inside the JSON or CSV there
    spell = _spelling(stream)
    if spell is not None:
        from tracer.render.spelling import SpellingStream

        stream = SpellingStream(stream, spell)
    return Console(file=stream, width=_screen_width(stream), highlight=False, emoji=False,
                   soft_wrap=stderr)


def _stderr():
    """The console on stderr. A reader of stderr that stopped (``2>&1 | head -0``) loses the
    rest of what it says and fails nothing (rich would exit 1, as for a failure)."""
    console = _console(stderr=True)

    def quiet() -> None:
        console.quiet = True

    console.on_broken_pipe = quiet  # rich's documented hook (it exits 1 by default)
    return console


def report(exc: TracerError) -> NoReturn:
    """Print a TracerError as the user should see it and exit."""
    from rich.cells import cell_len
    from rich.text import Text

    console = _stderr()
    where = exc.where()
    message = visible(exc.message)
    if where is not None and exc.source is not None and "\n" in exc.source.strip("\n"):
        message = f"line {where[0]}: {message}"
    spell = _spelling(sys.stderr) or str
    if spell is not str:  # the characters the message is about, kept apart from ASCII
        from tracer.render.spelling import keeping

        spell = keeping(spell, message)
        message = spell(message)
    console.print(Text("error: ", style="bold red") + Text(message))
    if where is not None:
        _, column, line = where
        shown, caret = _window(visible(line), column)
        before = spell(shown[:caret])  # spelled in two, so the caret stays at its place
        console.print(Text("  " + before + spell(shown[caret:])))
        console.print(Text("  " + " " * cell_len(before) + "^", style="bold red"))
    raise typer.Exit(2 if isinstance(exc, UsageProblem) else 1)


def visible(text: str) -> str:
    """``text`` safe to print: a control character (a NUL, an escape sequence that would
    recolour the terminal) is shown as its symbol (␀, ␛), an invisible one (a zero-width
    space, a right-to-left override) as �, one character for one, so a caret still points at
    the right place."""
    return text.translate(_CONTROL_PICTURES)


_CONTROL_PICTURES = {**{c: 0x2400 + c for c in range(32) if c != 9}, 0x7F: 0x2421,
                     **{c: 0xFFFD for c in range(0x80, 0xA0)},
                     # invisible ones (zero-width, direction marks and overrides that would
                     # reorder the line, line separators, the byte-order mark): shown as �
                     **{c: 0xFFFD for c in (0xAD, 0x61C, 0x180E, *range(0x200B, 0x2010),
                                            *range(0x2028, 0x202F), *range(0x2060, 0x2070),
                                            0xFEFF, *range(0xFFF9, 0xFFFC))}}


def _window(line: str, column: int, width: int = 72) -> tuple[str, int]:
    """The part of a long line around ``column``, and the caret's place in it."""
    line = line.replace("\t", " ")
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    shown = line[start:start + width]
    caret = column - start
    if start > 0:
        shown = "…" + shown[1:]
    if start + width < len(line):
        shown = shown[:-1] + "…"
    return shown, caret


# --- shared option handling -------------------------------------------------------------------

def read_formula(arg: str) -> tuple[str, str | None]:
    """The formula text and the file it came from (None for the argument itself, "<stdin>"
    for ``-``), by the rule ``pipeline.read_source`` keeps; its note goes to stderr."""
    from tracer import pipeline

    source = pipeline.read_source(arg, _read_stdin)
    _note(source.note)
    return source.text, source.name


# Notes on the numbers of a run (inputs drawn at random, a second backward pass PyTorch would
# refuse), written once the command has run: where it stops on an error, only the error is
# said (it came after such a note, two messages where one was the answer).
_LATER: list[str] = []


def _note_later(note: str | None) -> None:
    if note:
        _LATER.append(note)


def _note(note: str | None) -> None:
    """A note for the user on stderr (the output goes on)."""
    if note:
        from rich.text import Text

        _stderr().print(Text("note: ", style="bold yellow") + Text(visible(note)))


def _read_stdin() -> str:
    from tracer import files

    if sys.stdin is None:  # tracer … - 0<&-
        raise InputFileError("standard input is closed: give the formula, or a file, as the "
                             "argument instead of -")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream stood in for standard input (as in tests)
        return sys.stdin.read()
    if _is_terminal(sys.stdin):  # nothing piped in: tracer waited without a word
        _note("reading the formula or program from the terminal: type it, then press Ctrl-D "
              "on a line of its own (Ctrl-C stops)")
    return files.read_stream(stream)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (OSError, ValueError):  # closed
        return False


def pick_format(fmt: Any, out: Path | None, choices: tuple[str, ...] = DOCUMENT_FORMATS) -> str:
    """The format --format names, else the one -o's suffix names among ``choices``, else the
    terminal. A suffix naming another format than --format is refused (``-o x.json -f csv``);
    ``.txt`` may hold any text."""
    from tracer.render import format_for, suffixes

    _folder_first(out)
    if fmt is not None:
        if out is None and fmt.value in ("svg", "png", "pdf"):
            raise UsageProblem(f"a {fmt.value} picture goes to a file: give -o plot.{fmt.value}")
        _agree(fmt.value, out)
        return fmt.value
    if out is None or _plain_stream(out, choices):
        return "terminal"
    found = format_for(str(out), choices)
    if found is None:
        use = f"use one of {', '.join(suffixes(choices))}, or --format"
        by = _drawn_by(out)
        if by:
            raise UsageProblem(f"-o {out}: this command does not write {out.suffix} files "
                               f"({by} draws them); {use}")
        raise UsageProblem(f"cannot tell the format of {out} from its suffix; {use}")
    return found


def _drawn_by(out: Path) -> str:
    """The commands that draw a picture this command does not (-o trace.svg said "cannot
    tell the format of trace.svg", of a suffix tracer knows)."""
    from tracer.render import format_for
    from tracer.render.plot import IMAGE_SUFFIXES

    return " or ".join(command for command, known in (
        ("tracer graph", format_for(str(out), GRAPH_FORMATS) is not None),
        ("tracer plot", out.suffix.lower() in IMAGE_SUFFIXES)) if known)


def _folder_first(out: Path | None) -> None:
    """A folder given as -o has no suffix to tell a format by: say what it is instead (and a
    name too long to look up, before its suffix is read)."""
    if out is not None:
        from tracer.files import refuse_folder

        refuse_folder(out)


def _plain_stream(out: Path, choices: Sequence[str]) -> bool:
    """-o - (standard output), /dev/stdout or a pipe without a suffix that names a format:
    plain terminal text, as standard output gets without -o."""
    from tracer.files import is_stream

    return "terminal" in choices and not out.suffix and is_stream(out)


def _agree(fmt: str, out: Path | None) -> None:
    """Refuse an -o whose suffix names another format than --format (.txt holds any text)."""
    if out is None or out.suffix.lower() == ".txt":
        return
    known = suffix_formats()
    named = next((name for name, ss in known.items() if out.suffix.lower() in ss), None)
    if named is not None and named != fmt:
        own = (known.get(fmt) or [".txt"])[0]
        raise UsageProblem(f"-o {out} names {named} by its suffix, but --format is {fmt}; "
                           f"drop one, or name the file {out.stem}{own}")


def values_option(texts: list[str] | None) -> dict:
    from tracer.pipeline import read_values

    return read_values(texts) if texts else {}


def names_option(text: str | None, option: str) -> list[str] | None:
    from tracer.pipeline import read_names

    return read_names(text, option) if text else None


def seeds_option(text: str | None) -> dict[str, Any] | None:
    from tracer.pipeline import read_seeds

    return read_seeds(text) if text else None


def rate_option(text: str | None) -> Any:
    from tracer.pipeline import read_rate

    return read_rate(text) if text else None


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
    "(default: the values its y.backward() lines differentiate, else its last assignment; "
    "for jacobian, every value no later line uses).")]
DigitsOpt = Annotated[int, typer.Option(
    min=DIGITS.start, max=DIGITS.stop - 1, help="Significant digits shown.")]
FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", help="Output format (default: terminal, or the -o file's suffix).")]
def file_name(text: str) -> Path:
    """An output file's name as typed (``files.output_name``): a usage error as typer's."""
    from tracer.files import output_name

    try:
        return output_name(text)
    except TracerError as exc:
        raise typer.BadParameter(exc.message) from None


OutOpt = Annotated[Path | None, typer.Option(
    "--out", "-o", metavar="FILE", parser=file_name,
    help="Write to FILE instead of the terminal, in the format its suffix names (.md, .json, "
    ".tex, .html, .csv, .txt); written atomically. - is standard output.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
ExactOpt = Annotated[bool, typer.Option(
    "--exact", help="Exact arithmetic (sympy): ln(3) stays ln 3, the adjoint of x1 in Table 3 "
    "is -13/3; each value also shows its decimal. Inputs such as 0.5 are the exact 1/2.")]
MaxRowsOpt = Annotated[int | None, typer.Option(
    "--max-rows", metavar="N", min=0,
    help="Show at most N trace rows, eliding the middle (default: 200 in the terminal, all in "
    "files; 0 shows all).")]
StandaloneOpt = Annotated[bool, typer.Option(
    "--standalone", help="With --format latex: a complete document that compiles, not a "
    "fragment.")]
NoHeadingOpt = Annotated[bool, typer.Option(
    "--no-heading", help="Leave out the title heading (LaTeX's \\section*), to paste the "
    "output into a slide or under a heading of your own.")]
QuizOpt = Annotated[str | None, typer.Option(
    "--quiz", metavar="[=rules]", show_default=False,
    help="Leave the computed cells blank, for an exercise: --quiz blanks the values, "
    "--quiz=rules the rules too. Works with every format.")]
AnswersOpt = Annotated[Path | None, typer.Option(
    "--answers", metavar="FILE", parser=file_name,
    help="With --quiz: also write the filled-in key to FILE (its format from its suffix).")]
RevealOpt = Annotated[bool, typer.Option(
    "--reveal", help="On the terminal, show the table's rows one at a time, each on Enter "
    "(for live lecturing).")]
RevealStepOpt = Annotated[bool, typer.Option(
    "--reveal", "--step", help="On the terminal, show the table's rows one at a time, each on "
    "Enter (for live lecturing).")]
InteractiveOpt = Annotated[bool, typer.Option(
    "--interactive", help="With --format html: a worksheet to step through the sweep (Next / "
    "Previous, arrow keys), the current row and its node marked in the dependency graph; "
    "with --quiz, the blanks are fields checked in place, with a score and a download of the "
    "answers for tracer grade.")]
CompactOpt = Annotated[bool, typer.Option(
    "--compact", help="Write tangent and adjoint rules compactly, by juxtaposition: "
    "v̄₂ (1/v₋₁) + v̄₁ v₀ rather than the lecture's v̄₂ × (1/v₋₁) + v̄₁ × v₀.")]
CommentsOpt = Annotated[bool, typer.Option(
    "--comments", help="List a program file's comment lines with it (by default its first "
    "comment line is its title and the others are left out).")]
GraphOpt = Annotated[bool, typer.Option(
    "--graph", help="Add the dependency graph: a Mermaid block in Markdown (GitHub draws it), "
    "a tree on the terminal.")]


@dataclass(frozen=True)
class Output:
    """How and where a command shows its result."""

    fmt: str
    out: Path | None
    force: bool
    digits: int
    max_rows: int | None = None
    standalone: bool = False
    quiz: str | None = None
    answers: Path | None = None
    reveal: bool = False
    graph: bool = False
    sweep: bool = False
    source_name: str | None = None
    reads: tuple[str, ...] = ()  # the files the command reads, never to be written over
    heading: bool = True
    interactive: bool = False
    compact: bool = False
    comments: bool = False


def output_options(fmt: Format | None, out: Path | None, force: bool, digits: int,
           max_rows: int | None = None, standalone: bool = False, quiz: str | None = None,
           answers: Path | None = None, reveal: bool = False, graph: bool = False,
           sweep: bool = False, heading: bool = True,
           interactive: bool = False, compact: bool = False,
           comments: bool = False) -> Output:
    """Check the output options together and bundle them."""
    name = pick_format(fmt, out)
    if standalone and name != "latex":  # it was accepted, and did nothing
        raise UsageProblem("--standalone makes a complete LaTeX document: give --format latex "
                           "or -o FILE.tex")
    if reveal and (name != "terminal" or out is not None):
        raise UsageProblem("--reveal shows the table on the terminal a row at a time: leave "
                           "out --format and -o")
    if interactive and FORMATS[name].interactive is None:
        raise UsageProblem("--interactive makes an HTML worksheet: give --format html or "
                           "-o FILE.html")
    if quiz is not None:
        from tracer.pipeline import check_quiz

        check_quiz(quiz)
    if answers is not None and quiz is None:
        raise UsageProblem("--answers writes the key to a --quiz; give --quiz too")
    if answers is not None:
        _key_format(answers)
    check_outputs(out, answers, force)
    if max_rows is None and name == "terminal" and out is None:
        from tracer.views.parts import SCREEN_ROWS

        max_rows = SCREEN_ROWS
    return Output(name, out, force, digits, max_rows or None, standalone, quiz, answers,
                  reveal, graph, sweep, heading=heading, interactive=interactive,
                  compact=compact, comments=comments)


def _key_format(answers: Path) -> str | None:
    """The format --answers' suffix names (None: a stream, written in -o's format); a name
    whose suffix names none is refused, as -o's is (``key.png`` was written as text)."""
    from tracer.render import format_for, suffixes

    _folder_first(answers)
    if _plain_stream(answers, DOCUMENT_FORMATS):
        return None
    found = format_for(str(answers), DOCUMENT_FORMATS)
    if found is None:
        raise UsageProblem(f"cannot tell the format of --answers {answers} from its suffix; use "
                           f"one of {', '.join(suffixes(DOCUMENT_FORMATS))} (tracer grade reads "
                           ".csv and .json)")
    return found


def check_outputs(out: Path | None, answers: Path | None, force: bool) -> None:
    """Refuse, before any work, an output that could not be written (a folder, a file that
    exists without --force, a missing folder) and -o and --answers naming one file."""
    from tracer.files import check_writable, descriptor

    if answers is not None and descriptor(answers) == 1 and (out is None or
                                                             descriptor(out) == 1):
        raise UsageProblem("--answers - and the quiz would both go to standard output, the "
                           "key into the handout: give one of them a file (-o or --answers)")
    if answers is not None and out is not None:
        try:
            check_distinct([out, answers])
        except InputFileError as exc:
            raise UsageProblem(f"-o and --answers: {exc.message}") from None
    for path in (out, answers):
        if path is not None:
            check_writable(path, force)


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

def _prepare(formula: str, at: list[str] | None, order: Order | None, output_names: str | None,
             exact: bool = False, command: str | None = None):
    """Read, parse and evaluate a formula argument; returns (program, evaluation, file name).
    A command that needs no more of the program keeps only the rest, so a long program's code
    is freed before its sweeps and output.
    ``command`` names the command whose default outputs apply (``jacobian``'s are its final
    values)."""
    from tracer import pipeline

    text, name = read_formula(formula)
    program = pipeline.load(text)
    outputs = pipeline.outputs_for(program, command, names_option(output_names, "--output"))
    ev = pipeline.prepare(program, values_option(at), order.value if order else None, outputs,
                          exact)
    _note(pipeline.alike_note(ev.trace))
    _note_later(pipeline.drawn_note(program, values_option(at) or {}))
    _note_later(pipeline.unread_note(program, ev))
    return program, ev, name


@command('tracer trace "x1*x2+x2-log(x1)" --at x1=2,x2=4')
def trace(
    formula: FormulaArg, at: AtOpt = None, order: OrderOpt = None, output: OutputOpt = None,
    digits: DigitsOpt = 4, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    max_rows: MaxRowsOpt = None, exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False,
    quiz: QuizOpt = None, answers: AnswersOpt = None, reveal: RevealStepOpt = False,
    interactive: InteractiveOpt = False,
    comments: CommentsOpt = False,
) -> None:
    """The evaluation trace (Wengert list) alone: every primal with its rule and numbers."""
    from tracer import pipeline

    o = output_options(fmt, out, force, digits, max_rows, standalone, quiz, answers, reveal,
                       heading=not no_heading, interactive=interactive,
                       comments=comments)
    ev, name = _prepare(formula, at, order, output, exact)[1:]
    _show(pipeline.Run("trace", ev, ()), o, name)


@command('tracer forward "x1*x2+x2-log(x1)" --at x1=3,x2=-4 --wrt x2')
def forward(
    formula: FormulaArg, at: AtOpt = None,
    wrt: Annotated[str | None, typer.Option(
        metavar="NAMES", help="Seed these inputs, one pass each (e.g. --wrt x2).")] = None,
    seed: Annotated[str | None, typer.Option(
        metavar="NAME=VALUE,...",
        help="One pass along this input direction (e.g. --seed x1=0.5,x2=1); a "
        "Jacobian-vector product.")] = None,
    order: OrderOpt = None, output: OutputOpt = None, digits: DigitsOpt = 4,
    fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    max_rows: MaxRowsOpt = None, exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False,
    quiz: QuizOpt = None, answers: AnswersOpt = None, reveal: RevealStepOpt = False,
    graph: GraphOpt = False, interactive: InteractiveOpt = False,
    compact: CompactOpt = False, comments: CommentsOpt = False,
) -> None:
    """Forward mode: the primal and tangent traces, one pass per seeded input.

    With neither --wrt nor --seed, one pass per input, then the assembled gradient.
    """
    from tracer import pipeline

    o = output_options(fmt, out, force, digits, max_rows, standalone, quiz, answers, reveal,
                       graph, heading=not no_heading,
                       interactive=interactive, compact=compact,
                       comments=comments)
    ev, name = _prepare(formula, at, order, output, exact)[1:]
    run = pipeline.run_forward(ev, names_option(wrt, "--wrt"), seeds_option(seed))
    _note_later(pipeline.overflow_note(run))
    _show(run, o, name)


@command('tracer reverse "x1*x2+x2-log(x1)" --at x1=3,x2=-4')
def reverse(
    formula: FormulaArg, at: AtOpt = None,
    seed: Annotated[str | None, typer.Option(
        metavar="NAME=VALUE,...",
        help="Output adjoints (default ȳ = 1 for each output, one pass each, or the "
        "program's y.backward(gradient) line), e.g. --seed y=2; a vector-Jacobian "
        "product.")] = None,
    sweep: Annotated[bool, typer.Option(
        help="Show the backward sweep itself: each v̄ += … as its own line, in sweep "
        "order.")] = False,
    step: Annotated[str | None, typer.Option(
        metavar="RATE", help="Take a gradient-descent step with this learning rate: each "
        "parameter w becomes w - RATE ∂E/∂w (a program's @step line sets a default).")] = None,
    params: Annotated[str | None, typer.Option(
        metavar="NAMES", help="The parameters the step updates: names or globs, e.g. "
        "--params 'w*,b*' (a program's @params line sets a default).")] = None,
    repeat: Annotated[int, typer.Option(
        help="Run the backward pass this many times (1 to 100) into one gradient, as "
        "y.backward() twice in PyTorch without zeroing .grad (default 1, or a pass per "
        "y.backward() line of the program).")] = 1,
    order: OrderOpt = None, output: OutputOpt = None, digits: DigitsOpt = 4,
    fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    max_rows: MaxRowsOpt = None, exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False,
    quiz: QuizOpt = None, answers: AnswersOpt = None, reveal: RevealOpt = False,
    graph: GraphOpt = False, interactive: InteractiveOpt = False,
    compact: CompactOpt = False, comments: CommentsOpt = False,
) -> None:
    """Reverse mode: the primal trace, then the adjoint of every row, then the gradient.

    (Here --step is the training step's learning rate; --reveal shows rows one at a time.)
    """
    from tracer import pipeline

    o = output_options(fmt, out, force, digits, max_rows, standalone, quiz, answers, reveal,
                       graph, sweep, heading=not no_heading,
                       interactive=interactive, compact=compact,
                       comments=comments)
    pipeline.check_repeat(repeat)  # usage, before the work (run_reverse checks it again)
    rate = rate_option(step)
    pipeline.check_step(rate)
    program, ev, name = _prepare(formula, at, order, output, exact)
    found = pipeline.defaults(program)
    del program  # its code is not needed again: a long program's sweep and file in less memory
    seeds = seeds_option(seed)
    _note_later(pipeline.retain_note(found, ev, seeds, repeat))
    run = pipeline.reverse_run(found, ev, seeds, repeat)
    _note_later(pipeline.overflow_note(run))
    run = pipeline.training_step(found, run, rate, names_option(params, "--params"))
    _show(run, o, name)


@command("tracer jacobian 'y1 = x1*x2; y2 = sin(x1) + x2' --at x1=1,x2=2")
def jacobian(
    formula: FormulaArg, at: AtOpt = None, order: OrderOpt = None, output: OutputOpt = None,
    digits: DigitsOpt = 4, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False, quiz: QuizOpt = None,
    answers: AnswersOpt = None, comments: CommentsOpt = False,
) -> None:
    """The full Jacobian, computed both ways: forward mode (a pass per input) and reverse mode
    (a pass per output), with what each spent and which is cheaper for this shape.

    The outputs are every name no later line uses, unless --output (or @output) says.
    """
    from tracer import pipeline

    o = output_options(fmt, out, force, digits, None, standalone, quiz, answers,
                       heading=not no_heading, comments=comments)
    ev, name = _prepare(formula, at, order, output, exact, "jacobian")[1:]
    _show(pipeline.jacobian(ev), o, name)


@command("tracer derivatives 'x^3' --at x=2 --order 3")
def derivatives(
    formula: FormulaArg, at: AtOpt = None,
    order: Annotated[int, typer.Option(
        "--order", "-n", min=1, max=12, help="The highest derivative: 3 gives f′, f″, f‴.")] = 3,
    wrt: Annotated[str | None, typer.Option(
        metavar="NAME", help="The input to differentiate along, when there are several (the "
        "others stay fixed).")] = None,
    output: OutputOpt = None, digits: DigitsOpt = 4, fmt: FormatOpt = None,
    out: OutOpt = None, force: ForceOpt = False, max_rows: MaxRowsOpt = None,
    exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False, quiz: QuizOpt = None,
    answers: AnswersOpt = None, reveal: RevealStepOpt = False,
    compact: CompactOpt = False, comments: CommentsOpt = False,
) -> None:
    """Higher derivatives by Taylor-mode forward propagation: one column per Taylor
    coefficient, giving f′, f″, f‴ … in one sweep. (Row order: a program's @order line.)"""
    from tracer.analysis import taylor

    o = output_options(fmt, out, force, digits, max_rows, standalone, quiz, answers, reveal,
                       heading=not no_heading, compact=compact, comments=comments)
    ev, name = _prepare(formula, at, None, output, exact)[1:]
    _show(taylor.derivatives(ev, order, wrt), o, name)


@command("tracer hessian 'x1^2*x2 + sin(x1)' --at x1=1,x2=2")
def hessian(
    formula: FormulaArg, at: AtOpt = None, order: OrderOpt = None, output: OutputOpt = None,
    digits: DigitsOpt = 4, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    max_rows: MaxRowsOpt = None, exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False,
    quiz: QuizOpt = None, answers: AnswersOpt = None, reveal: RevealStepOpt = False,
    compact: CompactOpt = False, comments: CommentsOpt = False,
) -> None:
    """The Hessian by forward-over-reverse: one Hessian-vector product per input, each pass
    showing the tangent of every adjoint; then the matrix, its symmetry, and its cost against
    the gradient's."""
    from tracer.analysis.hessian import hessian as compute

    o = output_options(fmt, out, force, digits, max_rows, standalone, quiz, answers, reveal,
                       heading=not no_heading, compact=compact, comments=comments)
    ev, name = _prepare(formula, at, order, output, exact)[1:]
    _show(compute(ev), o, name)


@command("tracer check 'x1*x2+x2-log(x1)' --at x1=3,x2=-4")
def check(
    formula: FormulaArg, at: AtOpt = None, output: OutputOpt = None, digits: DigitsOpt = 4,
    fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    exact: ExactOpt = False, standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False,
    plot: Annotated[bool, typer.Option(
        "--plot", help="Draw the error of forward and central differences against h = 1e-1 "
        "… 1e-16 on log-log axes, beside autodiff's: on the terminal, as JSON with the "
        "check's result (-f json), or to a file (-o error.svg, .png, .pdf, .json, .txt); "
        "markdown, latex, html and csv hold the tables, not the plot.")] = False,
    comments: CommentsOpt = False,
) -> None:
    """Autodiff against sympy's symbolic derivative and against finite differences (h = 1e-1 …
    1e-12), for every input; exit status 1 if autodiff and the symbolic derivative disagree
    (relative difference above 1e-9)."""
    from tracer.analysis.check import check as compare
    from tracer.render.plot import IMAGE_SUFFIXES

    picture = out is not None and out.suffix.lower() in IMAGE_SUFFIXES and fmt is None
    if plot or picture:
        kind = _error_plot_format(fmt, out)
        check_outputs(out, None, force)
        _, ev, name = _prepare(formula, at, None, output, exact)
        run = compare(ev)
        from tracer.analysis.plot import errors

        _emit_plot(errors(run), kind, out, force, digits, (name,) if name else ())
    else:
        o = output_options(fmt, out, force, digits, None, standalone, heading=not no_heading,
                           comments=comments)
        _, ev, name = _prepare(formula, at, None, output, exact)
        run = compare(ev)
        _show(run, o, name)
    if not run.agrees:
        raise TracerError(run.disagreement())


@command("tracer swell --n 5")
def swell(
    n: Annotated[int, typer.Option("--n", "-n", min=1, max=10,
                                   help="Iterate the map this many times (l_1 … l_N).")] = 4,
    map_text: Annotated[str, typer.Option(
        "--map", metavar="FORMULA", help="The recurrence in l (the last iterate) and x: "
        "l_{n+1} = FORMULA, l_1 = x.")] = "4*l*(1-l)",
    digits: DigitsOpt = 4, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
    standalone: StandaloneOpt = False,
    no_heading: NoHeadingOpt = False,
) -> None:
    """Expression swell: the logistic map's iterates and their derivatives, symbolic (as
    differentiated and simplified) beside the size of the evaluation trace and its sweeps."""
    from tracer.analysis.swell import swell as table

    _show(table(n, map_text), output_options(fmt, out, force, digits, None, standalone,
                                             heading=not no_heading), None)


# --- plot (tracer.analysis.plot computes, tracer.render.plot draws) -------------------------------

class PlotFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    svg = "svg"
    png = "png"
    pdf = "pdf"


@command('tracer plot "sin(x)" --over x=-2*pi..2*pi --at x=pi/3')
def plot(
    formula: FormulaArg,
    over: Annotated[str | None, typer.Option(
        metavar="NAME=LOW..HIGH,...", help="The input to plot over and its range, e.g. --over "
        "x=-2*pi..2*pi; two inputs (x1=-1..3,x2=0..4) draw contour lines and the gradient "
        "field (default: the formula's one or two inputs, each over its --at value ± 5).")] = None,
    at: AtOpt = None,
    order: Annotated[int, typer.Option(
        "--order", "-n", min=1, max=6, help="Draw f′ … up to this derivative (one input; "
        "f′ by forward mode, higher ones by Taylor mode).")] = 1,
    samples: Annotated[int | None, typer.Option(
        metavar="N", help="Samples along the range (default 400; 2 to 10,000), or grid points "
        "along each axis for two inputs (default 41; 2 to 301).")] = None,
    wrt: Annotated[str | None, typer.Option(
        metavar="NAMES", help="The input(s) plotted, when a program has several (the others "
        "take their --at values).")] = None,
    output: OutputOpt = None, digits: DigitsOpt = 4,
    fmt: Annotated[PlotFormat | None, typer.Option(
        "--format", "-f", help="terminal (a text plot) or json; svg, png and pdf need "
        "matplotlib (pip install \"tracer[plot]\").")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", parser=file_name,
        help="Write to FILE: .svg, .png or .pdf (a picture, "
        "through matplotlib), .json or .txt.")] = None,
    force: ForceOpt = False,
) -> None:
    """The graph of a formula and its derivatives, every derivative by autodiff: f and f′ over
    one input (with --at, the point and its tangent line), or contour lines and the gradient
    field over two. Poles, jumps and points outside the domain are gaps in the line."""
    from tracer import pipeline
    from tracer.analysis.plot import plot as compute

    name = _plot_format(fmt, out)
    check_outputs(out, None, force)
    text, source = read_formula(formula)
    result = compute(pipeline.load(text), over, values_option(at), order=order,
                     samples=samples, wrt=names_option(wrt, "--wrt"),
                     outputs=names_option(output, "--output"))
    _emit_plot(result, name, out, force, digits, (source,) if source else ())


def _plot_format(fmt: PlotFormat | None, out: Path | None) -> str:
    from tracer.render.plot import format_for

    _folder_first(out)
    if fmt is not None:
        if out is None and fmt.value in ("svg", "png", "pdf"):
            raise UsageProblem(f"a {fmt.value} picture goes to a file: give -o plot.{fmt.value}")
        _agree(fmt.value, out)
        return fmt.value
    if out is None or _plain_stream(out, ("terminal",)):
        return "terminal"
    found = format_for(str(out))
    if found is None:
        raise UsageProblem(f"cannot tell the format of {out} from its suffix; use .svg, .png, "
                           ".pdf, .json or .txt, or --format")
    return found


def _error_plot_format(fmt: Format | None, out: Path | None) -> str:
    """The format of ``tracer check --plot``: the one --format or -o names, if a plot can be
    written in it (tracer.render.plot.plot_format decides, for the API too)."""
    from tracer.render.plot import IMAGE_SUFFIXES, plot_format

    if out is not None and fmt is None and out.suffix.lower() in IMAGE_SUFFIXES:
        _folder_first(out)
        return IMAGE_SUFFIXES[out.suffix.lower()]
    name = pick_format(fmt, out)
    try:
        return plot_format(name, "--plot")
    except UsageProblem as exc:
        raise UsageProblem(f"{exc.message} (without --plot, check writes its tables as "
                           f"{name})") from None


def _emit_plot(result: Any, name: str, out: Path | None, force: bool, digits: int,
               reads: Sequence[str] = ()) -> None:
    """Show a plot on the terminal, or write it (atomically, never over a file without
    --force, nor over a file the command reads)."""
    import shutil

    from tracer.files import check_writable
    from tracer.output import plot_text

    height = max(16, min(shutil.get_terminal_size((100, 30)).lines - 4, 30))

    def drawn(color: bool) -> str | bytes:  # as wide as the terminal run from, if there is one
        width = _screen_width(sys.stdout, 100) if sys.stdout is not None else 100
        return plot_text(result, name, digits, min(width, 160), height, color)

    if out is not None:
        check_writable(out, force)  # before the drawing: a refusal is immediate
        write_files([(out, drawn(False), f"wrote {out} ({name})")], force, reads)
        return
    with standard_output():
        body = drawn(sys.stdout.isatty())
        write_out(body if isinstance(body, str) else body.decode(), spelled=name == "terminal")


@command("tracer graph 'log(x^2)*sin(x) + 1/x' --at x=2 --mode reverse --format mermaid")
def graph(
    formula: FormulaArg, at: AtOpt = None,
    mode: Annotated[Mode | None, typer.Option(
        help="Add each node's tangent (forward, seeded at --wrt) or adjoint (reverse).")] = None,
    wrt: Annotated[str | None, typer.Option(
        metavar="NAME", help="The input forward mode seeds (default: the first).")] = None,
    params: Annotated[str | None, typer.Option(
        metavar="NAMES", help="The inputs drawn as parameters (names or globs, e.g. 'w*,b*'; "
        "a program's @params line sets a default); the output is then the loss.")] = None,
    order: OrderOpt = None, output: OutputOpt = None, digits: DigitsOpt = 4,
    fmt: Annotated[GraphFormat | None, typer.Option(
        "--format", "-f", help="terminal (a tree), mermaid, dot (Graphviz), markdown (a "
        "Mermaid block) or json; -o graph.svg or graph.png draws it with Graphviz.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", parser=file_name,
        help="Write to FILE: .mmd, .dot, .svg, .png, .md, "
        ".json or .txt.")] = None,
    force: ForceOpt = False, comments: CommentsOpt = False,
) -> None:
    """The dependency graph: every row a node with its value, every edge the local partial
    derivative (rule and value), as the lecture's "derivative nodes" figure; each node shaped
    and coloured by its role. Without --at, the structure alone (rules, no values)."""
    from tracer import pipeline
    from tracer.analysis import graph as graphs

    name = pick_format(fmt, out, GRAPH_FORMATS)
    check_outputs(out, None, force)
    pipeline.check_graph(mode.value if mode else None, wrt)
    text, source = read_formula(formula)
    g = graphs.for_program(pipeline.load(text), values_option(at),
                           mode=mode.value if mode else None, wrt=wrt,
                           params=names_option(params, "--params"),
                           order=order.value if order else None,
                           outputs=names_option(output, "--output"))
    _show(g, Output(name, out, force, digits, source_name=source, comments=comments),
          source)


def _tolerance(ctx: Any, param: Any, value: float) -> float:
    from tracer.teaching.grade import tolerance_problem

    problem = tolerance_problem(value, relative=param.name == "tolerance")
    if problem:
        raise typer.BadParameter(problem)
    return value


@command("tracer grade answers.csv --against key.csv")
def grade(
    submission: Annotated[str, typer.Argument(
        help="The student's filled-in trace: a .csv or .json written by --quiz.")],
    against: Annotated[str, typer.Option(
        "--against", metavar="KEY", help="The answer key (.csv or .json, as --answers wrote "
        "it).")],
    tolerance: Annotated[float, typer.Option(
        callback=_tolerance, help="Relative tolerance (0 to below 1): a cell within it of the "
        "key's value is right.")] = 1e-3,
    abs_tolerance: Annotated[float, typer.Option(
        "--abs-tolerance", callback=_tolerance,
        help="Absolute tolerance, for values near 0.")] = 1e-6,
    digits: DigitsOpt = 4, fmt: FormatOpt = None, out: OutOpt = None, force: ForceOpt = False,
) -> None:
    """Mark a filled-in trace row by row against the key: which cells are wrong and what each
    row's rule gives instead. Exit status 0 when every cell is right, 1 otherwise."""
    from tracer.teaching.grade import grade as mark

    o = output_options(fmt, out, force, digits)
    run = mark(submission, against, tolerance, abs_tolerance)
    _show(run, replace(o, reads=(submission, against)), None)
    if not run.passed:
        raise typer.Exit(1)


# --- showing a result ---------------------------------------------------------------------------

def write_files(files: list[tuple[Path, str | bytes, str]], force: bool,
                reads: Sequence[str] = ()) -> None:
    """Write (path, data, what to say) files, all or none, never over a file the command
    reads; then say what was written."""
    from tracer.files import is_stream

    streams = [is_stream(path) for path, _, _ in files]  # before: a pipe's reader may go
    write_all([(path, data) for path, data, _ in files], force, reads)
    from rich.text import Text

    for (_, _, said), stream in zip(files, streams, strict=True):
        if not stream:  # what went to a stream speaks for itself
            # as plain text: -o '[red]x.md' said "wrote x.md", and a newline or an escape
            # sequence in a name broke the line or recoloured the terminal
            _stderr().print(Text(visible(said)))


def emit(document: Callable[[], Any] | None, text: Callable[[], str], out: Path | None,
         force: bool, digits: int, fmt: str, reads: Sequence[str] = (),
         width: int | None = None) -> None:
    """Show a document on the terminal, or write text to standard output or a file.

    ``document`` is given for the terminal format: on a real terminal it is printed with
    colour at the terminal's width; piped, it is plain text at ``width`` (None: its natural
    width). On an output without Unicode its texts are spelled in what the output shows.
    """
    if out is not None:
        write_files([(out, text(), f"wrote {out} ({fmt})")], force, reads)
        return
    with standard_output():
        _to_stdout(document, text, digits, width)


@contextmanager
def standard_output() -> Iterator[None]:
    """Writing to standard output: one error line when it is closed (``>&-``) or cannot be
    written (``> /dev/full``); a reader that stops early (``| head``) is no error, as for
    ``-o -``."""
    from tracer.files import let_go

    if sys.stdout is None:  # tracer … >&-
        raise TracerError("standard output is closed: give -o FILE, or leave it open")
    try:
        yield
    except BrokenPipeError:
        let_go("stdout")
    except OSError as exc:  # > /dev/full
        let_go("stdout")
        raise TracerError(f"cannot write standard output: {exc.strerror or exc}") from None


def _to_stdout(document: Callable[[], Any] | None, text: Callable[[], str], digits: int,
               width: int | None) -> None:
    if document is not None and sys.stdout.isatty():
        from tracer.render.terminal import to_console

        to_console(document(), _console(), digits)
        return
    if document is not None and _spelling(sys.stdout) is not None:
        from tracer.core.builder import paused_gc
        from tracer.render.base import Settings
        from tracer.render.terminal import write

        with paused_gc():  # as text_of writes it (see tracer.output)
            shown = write(document(), Settings(digits, width=width or MAX_COLUMNS),
                          encoding=sys.stdout.encoding)
        write_out(shown, spelled=True)
        return
    write_out(text())


def write_out(text: str, spelled: bool = False) -> None:
    """Text to standard output. What the output's encoding lacks is spelled when the text is
    for reading (``spelled``: the terminal's); a file format's text goes as UTF-8 bytes, as
    -o writes it, so no name is changed."""
    stream = sys.stdout
    spell = _spelling(stream)
    if spell is None:
        stream.write(text)
        return
    from tracer.render.spelling import shows

    if shows(text, stream.encoding):
        stream.write(text)
    elif spelled or not hasattr(stream, "buffer"):
        stream.write(spell(text))
    else:
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
        stream.buffer.flush()


def _show(run: Any, o: Output, source_name: str | None) -> None:
    """Render ``run`` as ``o`` asks: the format, the file, a quiz and its key, a reveal."""
    from tracer import views
    from tracer.output import text_of

    on_screen = o.fmt == "terminal" and o.out is None
    opts = views.ViewOptions(max_rows=o.max_rows, sweep=o.sweep,
                             source_name=source_name or o.source_name, graph=o.graph,
                             max_cells=views.TERMINAL_CELLS if on_screen else views.FILE_CELLS,
                             heading=o.heading, compact=o.compact, comments=o.comments,
                             digits=o.digits)
    width = _columns()

    def document(quizzed: bool = True) -> Any:
        doc = views.document(run, opts)
        if o.quiz and quizzed:
            from tracer.teaching.quiz import quiz

            doc = quiz(doc, o.quiz)
        return doc

    def text(fmt: str, quizzed: bool = True) -> str:
        return text_of(run, fmt, opts, o.digits, o.quiz if quizzed else None, o.standalone,
                       width, interactive=o.interactive)

    reads = [r for r in (source_name, *o.reads) if r and r != "<stdin>"]
    if o.answers is not None:

        key_format = _key_format(o.answers) or o.fmt
        key = (o.answers, text(key_format, quizzed=False),
               f"wrote the answer key to {o.answers} ({key_format})")
        if o.out is None:
            write_files([key], o.force, reads)
        else:  # both files, or neither
            write_files([key, (o.out, text(o.fmt), f"wrote {o.out} ({o.fmt})")], o.force, reads)
            return
    if o.reveal and o.fmt == "terminal" and o.out is None:
        from tracer.render.terminal import reveal

        reveal(document(), _console(), o.digits, _wait_for_enter)
        return
    emit(document if o.fmt == "terminal" else None, lambda: text(o.fmt), o.out, o.force,
         o.digits, o.fmt, reads, width)


def _wait_for_enter() -> bool:
    """Wait for Enter; False at the end of input (then the rest shows at once)."""
    if sys.stdin is None:  # 0<&-: no Enter will come
        return False
    try:
        input()
    except (EOFError, RuntimeError):  # RuntimeError: input() lost its standard input
        return False
    return True


# --- entry point --------------------------------------------------------------------------------

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


def _every_command() -> dict[str, Any]:
    from typer.main import get_command

    return get_command(app).commands  # type: ignore[attr-defined]


know_every_command(_every_command)


def main() -> None:
    """Entry point of the ``tracer`` command; the last guard against a traceback."""
    try:
        _app_for(sys.argv[1:])()
    except (RecursionError, MemoryError) as exc:
        sys.stderr.write(f"error: {exhausted(exc).message}\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except OSError as exc:  # typer's own --help or --version > /dev/full
        from tracer.files import let_go

        if exc.filename is not None:  # --install-completion with a HOME it cannot write: it
            # said "cannot write standard output"
            sys.stderr.write(f"error: {exc.filename}: {exc.strerror or exc}\n")
            sys.exit(1)
        let_go("stdout")
        sys.stderr.write(f"error: cannot write standard output: {exc.strerror or exc}\n")
        sys.exit(1)
