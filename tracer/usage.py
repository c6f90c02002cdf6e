"""The command line read as a student writes it, and its mistakes told plainly.

typer (click) reads options; this reads them as students type them. A bare ``--quiz`` and a
formula starting with a minus are understood; ``-h`` shows help whatever else the line holds;
and what typer would take silently or report obscurely becomes a usage error (exit status 2)
that says what to do: an empty value (``--wrt ''``), words left over (an unquoted ``x1 * x2``),
an option of another command (``reverse --wrt``: reverse mode seeds outputs, with ``--seed``),
a choice that is none (``--format md``: md means markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.20 carries its own click
    from typer._click.exceptions import BadParameter, NoSuchOption, UsageError
except ImportError:  # pragma: no cover
    from click.exceptions import BadParameter, NoSuchOption, UsageError  # type: ignore[no-redef]


# How a long option starts (--max-rows, --at:x=1 mistyped); an argument starting with '-' that
# is no option and does not start so (-x, - x, -+-x, --(x)) can only be a formula.
_LONG_OPTION = re.compile(r"--[A-Za-z]")


class Command(TyperCommand):
    """A command line read as a student writes it, and its mistakes told plainly.

    - ``--quiz`` may stand alone or take a mode (``--quiz=rules``): click options cannot have
      an optional value, so a bare ``--quiz`` is read as ``--quiz=values``.
    - A formula may start with a minus (``tracer reverse "-t*log(y)" …``): an argument that
      starts with ``-`` but is none of the command's options (nor ``-h``), nor an option's
      value, is the formula, and is moved behind ``--`` so that click reads it as the argument
      it is.
    - An option given an empty value (``--wrt ''``), words left over after the formula (an
      unquoted ``x1 * x2``), an option of another command (``reverse --wrt``) and a choice
      that is not one (``--format md``) are usage errors that say what to do instead.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = self._arrange(ctx, args)
        if self._asks_for_help(ctx, args):  # before any other complaint about the line
            typer.echo(ctx.get_help())
            ctx.exit(0)
        try:
            try:
                self._check_raw(ctx, args)
                return super().parse_args(ctx, args)
            except NoSuchOption as exc:
                raise _elsewhere(self, ctx, exc) from None
            except BadParameter as exc:
                exc.message = _clearer_choice(exc.message, exc.param)
                raise
        except UsageError as exc:
            raise one_line(exc, ctx) from None

    def _arrange(self, ctx: Any, args: list[str]) -> list[str]:
        cut = args.index("--") if "--" in args else len(args)
        head = ["--quiz=values" if a == "--quiz" else a for a in args[:cut]]
        tail = args[cut:]
        names = {o for p in self.params for o in (*p.opts, *p.secondary_opts)}
        names.update(ctx.help_option_names)
        valued = self._valued()
        taking = any(p.param_type_name == "argument" for p in self.params)
        for k, arg in enumerate(head):
            previous = head[k - 1] if k else ""
            if previous in valued and "=" not in previous:
                continue  # the value of the option before it
            if arg.startswith("-") and arg != "-" and arg.split("=")[0] not in names:
                if taking and not tail and not _LONG_OPTION.match(arg):
                    head = [*head[:k], *head[k + 1:]]
                    tail = ["--", arg]
                break
            if not arg.startswith("-"):
                break  # the formula came first, as usual
        return head + tail

    def _asks_for_help(self, ctx: Any, args: list[str]) -> bool:
        valued = self._valued()
        head = args[:args.index("--")] if "--" in args else args
        return any(arg in ctx.help_option_names and not (k and head[k - 1] in valued)
                   for k, arg in enumerate(head))

    def _valued(self) -> set[str]:
        """The option names that take a value."""
        return {o for p in self.params if not getattr(p, "is_flag", False)
                and getattr(p, "param_type_name", "") == "option"
                for o in (*p.opts, *p.secondary_opts)}

    def _check_raw(self, ctx: Any, args: list[str]) -> None:
        """Mistakes only the raw words show: an empty option value (typer would turn ``-o ''``
        into the current folder) and words beyond the command's arguments."""
        try:
            raw, extra, order = self.make_parser(ctx).parse_args(args=list(args))
        except UsageError:
            return  # reported by click's own parse, which follows
        if raw.get("help"):
            return
        for p in self.params:
            value = raw.get(p.name) if p.param_type_name == "option" else None
            if getattr(p, "is_flag", False) or value is None:
                continue
            for v in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(v, str) and not v.strip():
                    raise BadParameter(f"{v!r} is empty; it takes {_wants(p, ctx)}", ctx=ctx,
                                       param=p)
        _check_once(ctx, args, order)
        if extra:
            raise UsageError(_extra_words(self, args, extra), ctx=ctx)


def _check_once(ctx: Any, args: list[str], order: list[Any]) -> None:
    """An option that takes one value given twice: click keeps the last without a word, so
    ``--wrt x1 --wrt x2`` differentiated along x2 alone and ``--digits 3 --digits 8`` showed
    8 digits. ``--at`` may repeat; a switch given twice is still on."""
    for p in dict.fromkeys(order):
        if p.param_type_name != "option" or p.multiple or getattr(p, "is_flag", False):
            continue
        times = order.count(p)
        if times < 2:
            continue
        values = _values_of(p, args)
        name = max(p.opts, key=len)
        # the values, unless all alike (a bare --quiz twice is read as --quiz=values twice)
        said = f" ({', then '.join(values)})" if len(values) == times and \
            len(set(values)) > 1 else ""
        hint = "give it once"
        items = ",".join(values).split(",")
        names = [item.split("=", 1)[0].strip() for item in items]
        if (p.metavar or "").endswith(("NAMES", ",...")) and len(values) == times and \
                len(set(names)) == len(names) and not any("'" in v for v in values):
            hint = f"give it once, the items separated by commas: {name} {','.join(items)}"
        count = "twice" if times == 2 else f"{times} times"
        raise BadParameter(f"given {count}{said}; {hint}", ctx=ctx, param=p)


def _values_of(param: Any, args: list[str]) -> list[str]:
    """The values ``param`` is given on the command line (``--wrt x``, ``--wrt=x``, ``-ox``)."""
    head = args[:args.index("--")] if "--" in args else args
    values = []
    k = 0
    while k < len(head):
        arg = head[k]
        if arg in param.opts and k + 1 < len(head):
            values.append(head[k + 1])
            k += 1
        else:
            values += [arg.split("=", 1)[1] for o in param.opts
                       if o.startswith("--") and arg.startswith(o + "=")]
            values += [arg[2:] for o in param.opts
                       if len(o) == 2 and arg.startswith(o) and len(arg) > 2 and arg[1] != "-"]
        k += 1
    return [repr(v) if not v.strip() or " " in v else v for v in values]


class Group(TyperGroup):
    """The ``tracer`` command itself: its usage errors (a command that is none) on one line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            raise one_line(exc, ctx) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            raise one_line(exc, ctx) from None


def one_line(exc: UsageError, ctx: Any = None) -> UsageError:
    """A usage error shown as every tracer error is: one line on stderr, ``error: …``, with
    where the options are listed (click would print its usage line, a hint and the error)."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command: its help, as it is
        return exc
    ctx = exc.ctx or ctx  # the parser's own errors carry none
    where = f" ({ctx.command_path} -h lists the options)" if ctx is not None else ""

    def show(file: Any = None) -> None:
        typer.echo(f"error: {exc.format_message()}{where}", err=True)

    exc.show = show  # type: ignore[method-assign]
    return exc


def _wants(param: Any, ctx: Any) -> str:
    """What an option takes, as its help shows it: NAMES, <terminal|markdown|…>."""
    if param.metavar:
        return param.metavar
    try:
        record = param.get_help_record(ctx)
    except (AttributeError, TypeError):  # pragma: no cover - another click
        record = None
    if not record:
        return param.name.upper()
    text = record[0]
    names = [o for o in (*param.opts, *param.secondary_opts) if o in text]
    end = max((text.find(o) + len(o) for o in names), default=0)
    return text[end:].strip() or param.name.upper()


def _extra_words(command: Any, args: list[str], extra: list[str]) -> str:
    """Why words are left over, and what to write instead."""
    words = ", ".join(repr(w) for w in extra)
    s = "s" if len(extra) > 1 else ""
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    what = arguments[0].name.upper() if arguments else ""
    where = f" after the {what}" if what else ""
    k = args.index(extra[0]) if extra[0] in args else -1
    before = args[k - 1] if k > 0 else ""
    switches = {o for p in command.params if getattr(p, "is_flag", False) for o in p.opts}
    if "--" in args[:k]:
        hint = "after --, every word is an argument: put the options before --"
    elif before == "--quiz=values":
        hint = f"--quiz takes its mode after '=': --quiz={extra[0]}"
    elif before in switches:
        hint = f"{before} is a switch on {command.name}: it takes no value"
    elif not extra[0].strip():
        return f"unexpected empty argument {words}{where}"
    elif not what:
        hint = f"{command.name} takes only options"
    else:
        hint = (f"{command.name} takes one {what}; a formula with spaces goes in quotes, e.g. "
                f"\"x1 * x2 + 1\"")
    return f"unexpected argument{s} {words}{where}: {hint}"


# Every command of the program, as click commands: the face that registers them says how to
# find them (a process builds only the command it runs).
_every_command: list[Callable[[], dict[str, Any]]] = [dict]


def know_every_command(find: Callable[[], dict[str, Any]]) -> None:
    """Say how to find every command (name → click command), for "another command takes it"."""
    _every_command[0] = find


def suffix_formats() -> dict[str, list[str]]:
    """Every format tracer writes, with the file suffixes that name it."""
    from tracer.render import FORMATS
    from tracer.render.plot import IMAGE_SUFFIXES

    known = {name: list(f.suffixes) for name, f in FORMATS.items()}
    for suffix, name in IMAGE_SUFFIXES.items():
        known.setdefault(name, [])
        if suffix not in known[name]:
            known[name].append(suffix)
    return known


# What a command does instead of another command's option, for the options students carry
# from one command to the next.
INSTEAD = {
    "--wrt": {"reverse": "reverse mode seeds the outputs, not the inputs; give the outputs' "
                         "adjoints with --seed (e.g. --seed y=1)",
              "jacobian": "the Jacobian takes every input in turn",
              "hessian": "the Hessian takes every input in turn",
              "check": "check compares the derivatives with respect to every input",
              "trace": "trace shows values only; for derivatives use tracer forward … --wrt x"},
    "--seed": {"jacobian": "the Jacobian seeds every input (forward) and every output "
                           "(reverse) in turn",
               "derivatives": "derivatives moves along the input --wrt names",
               "hessian": "the Hessian seeds every input in turn",
               "graph": "graph seeds --wrt in forward mode and ȳ = 1 in reverse mode",
               "trace": "trace shows values only; for derivatives use tracer forward or "
                        "reverse"},
    "--params": {"forward": "a gradient-descent step follows a reverse pass: tracer reverse … "
                            "--step RATE --params NAMES"},
    "--sweep": {"forward": "the backward sweep belongs to reverse mode; forward mode's one "
                           "sweep is its tangent trace"},
    "--mode": {"forward": "forward is one mode already; graph --mode adds tangents or adjoints "
                          "to the dependency graph",
               "reverse": "reverse is one mode already; graph --mode adds tangents or adjoints "
                          "to the dependency graph"},
}


def _elsewhere(command: Any, ctx: Any, exc: Any) -> Any:
    """An unknown option, said better when another command takes it: which one does, and what
    this command uses instead."""
    option = exc.option_name
    takers = [name for name, other in _every_command[0]().items()
              if name != command.name and any(option in p.opts for p in other.params)]
    if not takers:
        if any(p.name == "formula" for p in command.params) and \
                re.fullmatch(r"--[A-Za-z]\d*", option):  # --x, --x1: no option, a formula?
            return NoSuchOption(option, message=f"{exc.format_message()}; if {option} is the "
                                f"formula, put it last, after --: tracer {command.name} "
                                f"[options] -- '{option}'", ctx=ctx)
        return exc
    owners = ", ".join(takers[:-1]) + (" and " if len(takers) > 1 else "") + takers[-1]
    message = (f"{command.name} has no option {option} ({owners} "
               f"take{'s' * (len(takers) == 1)} it)")
    instead = INSTEAD.get(option, {}).get(command.name)
    return NoSuchOption(option, message=f"{message}: {instead}" if instead else message, ctx=ctx)


def _clearer_choice(message: str, param: Any) -> str:
    """typer's message for a value that is not a choice, without pydantic's "Value error, "
    and with a hint: a choice in other letters (Markdown), the format a file suffix names
    (md → markdown), or a close spelling."""
    from difflib import get_close_matches

    message = message.removeprefix("Value error, ")
    m = re.match(r"'(.*)' is not one of (.*?)\.?$", message, re.S)
    if not m:
        return message
    value, choices = m.group(1), re.findall(r"'([^']*)'", m.group(2))
    option = next((o for o in getattr(param, "opts", ()) if o.startswith("--")), "--format")
    message = message.rstrip(".")
    if value.lower() in choices:
        return f"{message}; choices are written in lower case: {option} {value.lower()}"
    suffixes = {s.lstrip("."): fmt for fmt, ss in suffix_formats().items() for s in ss}
    named = suffixes.get(value.lower())
    if named in choices:
        return f"{message}; {value} means {named}: {option} {named}"
    if named in ("svg", "png"):
        return f"{message}; to draw an image, name the file: -o graph.{named}"
    close = get_close_matches(value.lower(), choices, n=1)
    return f"{message}; did you mean {option} {close[0]}?" if close else message
