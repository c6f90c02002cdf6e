"""The Python API: ``tracer.trace(...)`` and what it returns, for scripts and notebooks.

    import tracer
    t = tracer.trace("x1*x2 + x2 - log(x1)", at={"x1": 3, "x2": -4})
    t.forward(wrt="x2")          # Table 2; in Jupyter it displays as the table
    t.reverse().gradient          # {'x1': -4.333…, 'x2': 4.0}
    t.reverse().to_markdown()     # the Markdown a student pastes into notes

A ``Formula`` is a formula or program evaluated at a point; each of its methods runs one
computation and returns a ``Result``. Both display themselves in Jupyter (HTML with MathML,
Markdown, LaTeX) and write every format the command line does. The command line is a thin
layer over the same core (``tracer.pipeline``), and the two agree: every check of what is
asked lives below both, and an error names the API's parameter where the command line would
name its option (``at=``, not ``--at``).
"""

from __future__ import annotations

import functools
import inspect
import math
import os
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from fractions import Fraction
from os import PathLike
from typing import Any, TypeVar

from tracer import pipeline, views
from tracer.core.builder import paused_gc
from tracer.core.evaluate import Evaluation
from tracer.core.parse import Program
from tracer.core.printer import is_exact, plural
from tracer.errors import (
    ProgramError,
    TracerError,
    TracerWarning,
    UsageProblem,
    WrongType,
    exhausted,
)
from tracer.render import DIGITS


def _point(at: Mapping[str, Any] | str | None, seeds: bool = False) -> dict[str, Any]:
    """Values as numbers, nested lists of numbers (arrays), or constant expressions in
    strings: {"x": "pi/3", "a": [[0.1, 2], [3, 4]]} or "x=pi/3, a=[1, 2]"; a seed's may also
    be "ones", every element of an array (read as --at and --seed read them, by the same
    readers, their errors named by the parameter)."""
    option = "--seed" if seeds else "--at"
    if at is None:
        return {}
    if isinstance(at, str):
        return pipeline.read_seeds(at) if seeds else pipeline.read_values([at])
    if not isinstance(at, Mapping):
        raise WrongType(f"{option}: values are a mapping {{name: value}} or a string 'x=1, y=2'; "
                        f"got {_short(at)}")
    if seeds and not at:  # seed={} ran the passes of no seed, where --seed '' is refused
        raise UsageProblem(f"{option} is empty; it takes NAME=VALUE,... (or leave it out)")
    out: dict[str, Any] = {}
    for name, value in at.items():
        if not isinstance(name, str):
            raise WrongType(f"{option}: a name is a string such as 'x1'; got {_short(name)}")
        if not name.strip() or name != name.strip():  # said " is not an input of the formula"
            raise UsageProblem(f"{option}: the name {name!r} " + (
                "is empty" if not name.strip() else "has spaces around it") +
                "; a name is written as in the formula, such as 'x1'")
        if hasattr(value, "tolist") and not isinstance(value, str):  # a numpy array or number
            value = value.tolist()  # (or a sympy Matrix: a list of sympy numbers)
        # 1/3 as written (a Fraction, sympy's Rational(1, 3) or pi): as text, which exact
        # arithmetic keeps exact, where a float would round it (pi became 3141592653589793/10¹⁵)
        value = _exact_text(value, name) or value
        array = isinstance(value, (list, tuple))
        if array:
            value = _array(value, name)  # (as text when it holds an exact number)
        if isinstance(value, str):
            text = f"{name}={value}"
            out[name] = (pipeline.read_seeds(text) if seeds else
                         pipeline.read_values([text]))[name]
        else:
            out[name] = value if array else _number(value, name)
    return out


def _rate(step: Any) -> Any:
    """A learning rate: a number, or a constant expression in a string read as --step reads
    it (a list was read as an array, then failed inside with float()'s TypeError)."""
    if isinstance(step, str):
        return pipeline.read_rate(step)
    if hasattr(step, "tolist"):  # a numpy number (a string was read above)
        step = step.tolist()
    if isinstance(step, (list, tuple, Mapping)):
        raise WrongType(f"--step is a learning rate: a number, or a constant expression in a "
                        f"string such as '1/10'; got {_short(step)}")
    return _point({"step": step})["step"]


def _fraction(value: Fraction, name: str) -> str:
    """A Fraction as the text "n/d" the parser reads, checked for the length it reads."""
    from tracer.core.parse import MAX_NUMERAL

    longest = max(len(str(abs(value.numerator))), len(str(value.denominator)))
    if longest > MAX_NUMERAL:
        raise UsageProblem(f"{name} is given a Fraction of {longest:,} digits (numerator or "
                           f"denominator); tracer reads numbers of at most {MAX_NUMERAL} "
                           "digits")
    return f"{value.numerator}/{value.denominator}"


def _exact_text(value: Any, name: str) -> str | None:
    """A number a float would round, as text the parser reads exactly: a Fraction
    (``1/3``), or a sympy number without a Float in it (``pi/3``, ``sqrt(2)``, ``1/3``);
    None for any other value, and for a sympy number tracer's syntax cannot spell
    (``GoldenRatio``: a float, as a number of another library is)."""
    if isinstance(value, Fraction):
        return _fraction(value, name)
    if not type(value).__module__.startswith("sympy.") or \
            not getattr(value, "is_number", False) or value.is_real is not True:
        return None  # not sympy's, not a number, or not real (I, oo: refused as numbers)
    from sympy import Float, Function, NumberSymbol
    from sympy.printing.str import StrPrinter

    from tracer.core.ops import FUNCTIONS

    if value.atoms(Float) or any(type(f).__name__ not in FUNCTIONS
                                 for f in value.atoms(Function)) or \
            any(str(c) not in ("pi", "E") for c in value.atoms(NumberSymbol)):
        return None  # 0.5*pi is a float's; gamma(3) and GoldenRatio are not tracer's

    class Spelled(StrPrinter):
        def _print_Exp1(self, expr: Any) -> str:  # sympy's E is tracer's e
            return "e"

    return Spelled().doprint(value)


def _holds_exact(rows: Sequence[Any]) -> bool:
    """Does a nested list hold a number a float would round (see ``_exact_text``), or a
    constant expression in a string ("1/3", as a value alone may be)?"""
    return any(_holds_exact(r) if isinstance(r, (list, tuple)) else
               isinstance(r, (Fraction, str)) or type(r).__module__.startswith("sympy.")
               for r in rows)


def _listed(rows: Sequence[Any], name: str) -> str:
    """A nested list as ``--at`` writes an array, ``[1/3, 1]``: its exact numbers as text."""
    return "[" + ", ".join(_listed(r, name) if isinstance(r, (list, tuple)) else
                           _element_text(r, name) or repr(_number(r, name))
                           for r in rows) + "]"


def _element_text(value: Any, name: str) -> str | None:
    """An element's text in an array's: a string is one constant expression, checked alone
    (["1/3", 1] was refused, though "1/3" is a value; "1], y=[2" must not end the array)."""
    if not isinstance(value, str):
        return _exact_text(value, name)
    if not value.strip():
        raise UsageProblem(f"{name} is given an empty string in its list; an element is a "
                           "number or a constant expression such as '1/3'")
    try:
        pipeline.read_rate(value, "--at")  # one constant expression
    except TracerError as exc:
        why = exc.message.removeprefix("--at: ")
        raise WrongType(f"{name} is given {_short(value)} (str), which is not one constant "
                        f"expression ({why}); an element is a number or a constant expression "
                        "such as '1/3'") from None
    return f"({value})"


def _number(value: Any, name: str) -> Any:
    """A value given as a Python number, checked: a real number a float can hold."""
    try:
        if isinstance(value, (bool, str, bytes)):
            raise TypeError
        number = float(value)
    except OverflowError:
        raise UsageProblem(f"{name} is given a number too large for a float") from None
    except (TypeError, ValueError):
        raise WrongType(f"{name} is given {_short(value)} ({type(value).__name__}); a value "
                        "is a real number, a list of them, or a constant expression in a "
                        "string such as 'pi/3'") from None
    if not math.isfinite(number):  # as --at refuses nan and inf
        raise UsageProblem(f"{name} is given {value!r}; a value is a finite number")
    if type(value) in (int, float):
        return value  # an int stays whole: exact arithmetic reads 2**60 + 1 as it is
    # Decimal, Fraction, a number type of another library: the core computes with floats
    return int(value) if isinstance(value, int) else number


def _array(rows: Sequence[Any], name: str = "the array") -> Any:
    """An array's value; as the text ``[1/3, 1]`` when it holds a number a float would round
    (read as --at reads it, exactly)."""
    from tracer.core.arrays import limit

    limit(_size(rows, name), f"the value of {name}", "hold {} elements")
    return _listed(rows, name) if _holds_exact(rows) else _nested(rows, name)


def _nested(rows: Sequence[Any], name: str) -> Any:
    from tracer.core.arrays import const, from_nested

    return from_nested([_nested(r, name) if isinstance(r, (list, tuple)) else
                        const(float(_number(r, name))) for r in rows])


def _size(rows: Sequence[Any], name: str, depth: int = 1) -> int:
    """How many numbers nested lists hold, counted before any is made (a list of 2,000,000
    took 15 s to be refused), refusing a third dimension as it is met (a list that holds
    itself never ends)."""
    if depth > 2:
        raise ProgramError(f"{name} is given lists of lists of lists, which would have 3 "
                           "dimensions or more; tracer's arrays are vectors and matrices (1 or 2 "
                           "dimensions)")
    return sum(_size(r, name, depth + 1) if isinstance(r, (list, tuple)) else 1 for r in rows)


def _source(source: Any) -> str | Program:
    """A formula or program: its text, or a Program tracer's parser made. (The command line
    also reads a file's name; the API takes text, and says how to read a file or bytes.)"""
    if isinstance(source, (str, Program)):
        return source
    hint = ""
    if isinstance(source, PathLike):
        hint = " (a file's: pass Path(...).read_text())"
    elif isinstance(source, (bytes, bytearray)):
        hint = " (bytes: pass them decoded, .decode())"
    raise WrongType(f"source: a formula or program is a string such as 'x^2'; got "
                    f"{_short(source)}{hint}")


_NAMED = {"--wrt": "the inputs in wrt", "--params": "the parameters in params",
          "--output": "outputs"}


def _names(names: Sequence[str] | str | None, option: str) -> list[str] | None:
    """Names as a list, or as one string "y1, y2" (read as --output and --wrt read them)."""
    if names is None:
        return None
    if isinstance(names, str):
        return pipeline.read_names(names, option)
    if isinstance(names, (list, tuple)) and all(isinstance(name, str) for name in names):
        if not names:  # wrt=[] quietly meant every input, as no wrt does
            raise UsageProblem(f"{option} is empty; it takes NAMES (or leave it out)")
        return list(names)
    raise WrongType(f"{_NAMED[option]} are names: a string such as 'y1' or 'y1, y2', or a list of "
                    f"strings; got {_short(names)}")


def _name(name: Any, what: str) -> str | None:
    """One input's name, or None."""
    if isinstance(name, str) and not name:  # as --wrt '' is refused (it meant the first input)
        raise UsageProblem(f"{what} is empty; it takes NAME (or leave it out)")
    if name is None or isinstance(name, str):
        return name
    raise WrongType(f"{what} is one input's name, a string such as 'x1'; got {_short(name)}")


def _flag(value: Any, what: str) -> bool:
    """A switch: True or False (a string "no" is not False)."""
    if not isinstance(value, bool):
        raise WrongType(f"{what} is True or False; got {_short(value)}")
    return value


def _over(over: Any) -> str | None:
    """A plot's ranges as ``--over`` writes them, so one parser checks both faces' ranges:
    {"x": (-6.28, 6.28)} or {"x": ("-2*pi", "2*pi")} becomes "x=(-6.28)..(6.28)"."""
    if over is None or isinstance(over, str):
        return over
    if not isinstance(over, Mapping):
        raise WrongType(f"over is a string 'x=-2*pi..2*pi' or a mapping {{name: (low, "
                        f"high)}}; got {_short(over)}")
    parts = []
    for name, span in over.items():
        if not isinstance(name, str) or isinstance(span, (str, bytes)) or \
                not isinstance(span, Sequence) or len(span) != 2:
            raise WrongType(f"over maps a name to its range (low, high), such as "
                            f"{{'x': (-1, 3)}}; got {_short(name)}: {_short(span)}")
        bounds = [b if isinstance(b, str) else repr(float(_number(b, name))) for b in span]
        parts.append(f"{name}=({bounds[0]})..({bounds[1]})")
    return ", ".join(parts)


_short = pipeline.short  # a value a script passed, as Python writes it, cut short


def _count(value: Any, what: str, least: int = 1) -> int:
    """A whole number of at least ``least`` (an order, a number of samples)."""
    whole = pipeline.whole_number(value)
    if whole is None:
        raise WrongType(f"{what} must be a whole number of at least {least}; got "
                        f"{_short(value)}")
    if whole < least:
        raise UsageProblem(f"{what} must be a whole number of at least {least}; got {value!r}")
    return whole


def _digits(digits: Any) -> int:
    """Significant digits, as --digits takes them: a whole number in ``DIGITS``."""
    whole = pipeline.whole_number(digits)
    if whole is None or whole not in DIGITS:
        kind = WrongType if whole is None else UsageProblem
        raise kind(f"digits must be a whole number from {DIGITS.start} to {DIGITS.stop - 1}; "
                   f"got {_short(digits)}")
    return whole


# --- the API's words ----------------------------------------------------------------------------
# A check below both faces words its message once, naming options as the command line spells
# them; the API says them as its own parameters through this table, so no message has two
# copies: "--order must be between 1 and 12" becomes "order must be …", "use --force" becomes
# "use force=True", "give them with --at y=…" becomes 'give them with at="y=…"', and
# "tracer derivatives --wrt NAME --order 2" becomes 'Formula.derivatives(wrt="NAME", order=2)'.

_PARAMETERS = {"n": "n", "against": "against", "tolerance": "tolerance",
               "abs-tolerance": "abs_tolerance", "at": "at", "wrt": "wrt", "seed": "seed",
               "output": "outputs", "order": "order",
               "params": "params", "step": "step", "repeat": "repeat", "mode": "mode",
               "over": "over", "samples": "samples", "digits": "digits", "quiz": "quiz",
               "max-rows": "max_rows", "map": "map"}
_SWITCHES = {"graph": "graph=True", "force": "force=True", "exact": "exact=True",
             "standalone": "standalone=True",
             "interactive": "interactive=True", "sweep": "sweep=True", "compact": "compact=True",
             "comments": "comments=True", "no-heading": "heading=False",
             "plot": "Formula.error_plot()"}
_PHRASES = {"--quiz (values)": 'quiz="values"',
            "(tracer trace, or forward or reverse without --graph; -f json has every row)":
            "(a Formula's tables, or its forward() or reverse(); to_json() has every row)",
            "tracer trace, forward or reverse": "a Formula, forward() or reverse()",
            "tracer check --plot": "Formula.error_plot()",
            "write -o graph.svg (tracer lays it out itself), or the graph as text: -o graph.dot, "
            "-o graph.mmd or -f json": "write to_svg() (tracer lays it out itself), or the graph "
            "as text: to_dot(), to_mermaid() or to_json()"}
_COMMANDS = ("trace", "forward", "reverse", "jacobian", "derivatives", "hessian", "check",
             "graph", "plot", "swell", "grade")
_CALLS = ("trace", "swell", "grade")  # tracer.swell(), not a Formula's method
# Words that follow an option in a sentence, not values: "--over alone is enough".
_PROSE = frozenset(["a", "accumulates", "alone", "an", "and", "are", "can", "draws", "for",
                    "gives", "in", "is", "may", "must", "names", "needs", "of", "on", "only",
                    "or", "seeds", "shows", "takes", "the", "to", "was", "with"])
_VALUE = r"(?:'[^']*'|-?[^\s;()',.:\-][^\s;)]*)"  # no spaces: 'w*,b*', x=1,y=2, 1,000
_OPTION = re.compile(rf"(?<![\w-])--(?P<name>[a-z](?:[a-z-]*[a-z])?)(?:(?P<sep>[ =])"
                     rf"(?P<value>{_VALUE}))?")
_COMMAND = re.compile(rf"\btracer (?P<command>{'|'.join(_COMMANDS)})\b"
                      rf"(?P<options>(?: --[a-z-]+(?:[ =]{_VALUE})?)*)")


def api_words(message: str) -> str:
    """``message`` with the command line's options said as the API's parameters."""
    for phrase, said in _PHRASES.items():
        message = message.replace(phrase, said)
    message = _COMMAND.sub(_call, message)
    return _OPTION.sub(lambda m: _parameter(m, m.start() == 0), message)


def _call(m: re.Match[str]) -> str:
    """'tracer derivatives --wrt NAME --order 2' → 'Formula.derivatives(wrt="NAME", order=2)'."""
    command = m["command"]
    args = [_parameter(o, False) for o in _OPTION.finditer(m["options"])]
    if command in _CALLS:
        return f"tracer.{command}({', '.join(args)})"
    at = [a for a in args if a.startswith("at=")]  # a point is tracer.trace's, no method's
    if at:  # 'tracer forward --at x=1 --seed x=v' → 'tracer.trace(…, at="x=1").forward(…)'
        args = [a for a in args if a not in at]
        return f"tracer.trace(…, {at[0]}).{command}({', '.join(args)})"
    return f"Formula.{command}({', '.join(args)})"


def _parameter(m: re.Match[str], first: bool) -> str:
    """One option said as a parameter: ``at="x=1"``, ``force=True``, or its bare name as
    the subject of a sentence or before a colon (``order must be …``, ``wrt: z is …``)."""
    option, sep, value = m["name"], m["sep"], m["value"]
    rest = f"{sep}{value}" if value else ""
    if option in _SWITCHES:
        return _SWITCHES[option] + ("" if sep == "=" else rest)
    if option not in _PARAMETERS:
        return m.group()
    name = _PARAMETERS[option]
    if value and not _prose(m, value):
        core = value.rstrip(",.:") if value[0] != "'" else value
        return f"{name}={_literal(core)}{value[len(core):]}"
    after = m.string[m.end():m.end() + 1]
    return (name if first or (after == ":" and not value) else f"{name}=") + rest


def _prose(m: re.Match[str], value: str) -> bool:
    """Whether the word after an option is the sentence going on ("--over alone is enough")
    rather than its value ("choose one with --output a")."""
    return m["sep"] == " " and value.lower() in _PROSE and m.string[m.end():m.end() + 1] == " "


def _literal(value: str) -> str:
    """A value as Python writes it: 2, 1000 (for 1,000), True, 'w*', else "x=1" quoted."""
    if re.fullmatch(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", value):
        return value
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", value):  # 1,000 as a number; 1,2 is no number
        return value.replace(",", "")
    if value in ("True", "False", "None") or value[0] in "'\"[{":
        return value
    return f'"{value}"'


_VIEWED = ("max_rows", "sweep", "heading", "compact", "comments", "graph")  # ViewOptions'


def _view(digits: int = 4, max_rows: Any = None, **switches: Any) -> views.ViewOptions:
    """The view's options a writer's parameters ask for, each checked: ``max_rows`` a whole
    number (0 or None: every row), the others True or False."""
    rows = None if max_rows is None else _count(max_rows, "max_rows", 0) or None
    return views.ViewOptions(max_rows=rows, digits=digits,
                             **{name: _flag(value, name) for name, value in switches.items()})


_F = TypeVar("_F", bound=Callable[..., Any])


def _spoken(fn: _F) -> _F:
    """``fn``, its TracerErrors in the API's words."""
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TracerError as exc:
            exc.message = api_words(exc.message)
            exc.args = (exc.message, *exc.args[1:])
            raise
        except (RecursionError, MemoryError) as exc:  # as the command line's last guard
            raise exhausted(exc) from None

    return call  # type: ignore[return-value]


_C = TypeVar("_C", bound=type)


def _speaks(cls: _C) -> _C:
    """Every public method and property of ``cls`` (and its Jupyter displays) in the API's
    words."""
    for name, attr in list(vars(cls).items()):
        public = not name.startswith("_") or name.startswith("_repr_")
        if public and inspect.isfunction(attr):
            setattr(cls, name, _spoken(attr))
        elif public and isinstance(attr, property) and attr.fget is not None:
            setattr(cls, name, property(_spoken(attr.fget), doc=attr.__doc__))
    return cls


def _warn(note: str | None) -> None:
    """A note on a run's numbers as a TracerWarning, at the caller's line (past the method
    and _spoken's wrapper)."""
    if note:
        warnings.warn(api_words(note), TracerWarning, stacklevel=4)


def _same(a: Any, b: Any) -> bool:
    """``a == b``, where a nan equals a nan (the same undefined value, computed again)."""
    if a is b:
        return True
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, (tuple, list)) and type(a) is type(b):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if is_dataclass(a) and type(a) is type(b):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a) if f.compare)
    return bool(a == b)


class _Value:
    """Equal when what is computed is equal: two traces of one formula at one point, two
    runs of one computation (the core's frozen data compared), not only the same object;
    so, as for a dict, not hashable."""

    __hash__ = None  # type: ignore[assignment]

    def _data(self) -> Any:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        mine, theirs = self._data(), other._data()  # type: ignore[attr-defined]
        if mine == theirs:  # at C speed: a tuple compares its items by identity first
            return True
        try:  # an undefined value (nan) is never == nan: a pickle's copy of x^y at x < 0 was
            return _same(mine, theirs)  # unequal to it, its nan another object
        except RecursionError:
            return False


@_speaks
class _Writers(_Value):
    """Every format, and the Jupyter displays, of whatever ``_run`` is."""

    _run: Any

    def document(self, max_rows: int | None = None, sweep: bool = False,
                 compact: bool = False, comments: bool = False, heading: bool = True,
                 graph: bool = False):
        """The neutral document (``tracer.views.document.Document``) every writer renders;
        ``max_rows`` elides the middle of a longer trace (0 or None: every row)."""
        views.check_options(self._run, max_rows=max_rows, sweep=sweep, compact=compact,
                            graph=graph, no_heading=heading is False, comments=comments)
        return views.document(self._run, _view(max_rows=max_rows, sweep=sweep,
                                               compact=compact, comments=comments,
                                               heading=heading, graph=graph))

    def _write(self, fmt: str, digits: int, quiz: str | None = None, **kw: Any) -> str:
        from tracer.output import text_of

        digits = _digits(digits)
        pipeline.check_quiz(quiz)
        views_kw = {name: kw.pop(name) for name in _VIEWED if name in kw}
        views.check_options(self._run, quiz=quiz, no_heading=views_kw.get("heading") is False,
                            standalone=kw.get("standalone"),
                            **{name: views_kw.get(name) for name in views.TAKES
                               if name not in ("quiz", "no_heading", "standalone")})
        for name, value in kw.items():
            _flag(value, name)
        return text_of(self._run, fmt, _view(digits=digits, **views_kw), digits, quiz, **kw)

    # Every text writer takes what the command line's options ask of a view, as they do for
    # every format: sweep=True (--sweep: reverse mode's += lines), heading=False
    # (--no-heading), compact=True (tangent and adjoint rules by juxtaposition, v̄₂ (1/v₋₁),
    # rather than the lecture's v̄₂ × (1/v₋₁)), comments=True (a program's comments listed),
    # max_rows=N (--max-rows: at most N rows of a table, and N of the decisions under one
    # row, the inputs of a gradient, the middle elided) and graph=True (--graph: the
    # dependency graph beside the tables). Only to_markdown took sweep=, and only it and
    # to_latex heading=: the command line's --sweep, --graph and --no-heading changed the
    # terminal's, LaTeX's, HTML's and CSV's text, which no call could write.

    def to_text(self, digits: int = 4, quiz: str | None = None, compact: bool = False,
                comments: bool = False, max_rows: int | None = None, sweep: bool = False,
                heading: bool = True, graph: bool = False) -> str:
        """Plain text, as the terminal shows it without colour (every row: the terminal
        shows 200, ``max_rows=200``)."""
        return self._write("terminal", digits, quiz, compact=compact, comments=comments,
                           max_rows=max_rows, sweep=sweep, heading=heading, graph=graph)

    def to_markdown(self, digits: int = 4, quiz: str | None = None, sweep: bool = False,
                    heading: bool = True, compact: bool = False, comments: bool = False,
                    max_rows: int | None = None, graph: bool = False) -> str:
        return self._write("markdown", digits, quiz, sweep=sweep, heading=heading, compact=compact,
                           comments=comments, max_rows=max_rows, graph=graph)

    def to_latex(self, digits: int = 4, standalone: bool = False, quiz: str | None = None,
                 heading: bool = True, compact: bool = False, comments: bool = False,
                 max_rows: int | None = None, sweep: bool = False, graph: bool = False) -> str:
        """booktabs tables that fit the line; a complete document with ``standalone=True``;
        ``heading=False`` leaves out the title heading (for a beamer frame)."""
        return self._write("latex", digits, quiz, standalone=standalone, heading=heading,
                           compact=compact, comments=comments, max_rows=max_rows, sweep=sweep,
                           graph=graph)

    def to_html(self, digits: int = 4, quiz: str | None = None, fragment: bool = False,
                interactive: bool = False, compact: bool = False, comments: bool = False,
                max_rows: int | None = None, sweep: bool = False, heading: bool = True,
                graph: bool = False) -> str:
        """A self-contained page with MathML (``fragment=True``: the body alone).
        ``interactive=True``: the worksheet (``-f html --interactive``) of a trace, forward or
        reverse run, to step through the sweep; with ``quiz``, answers are checked in place.
        ``max_rows`` elides the middle of a longer trace: a page holds at most 50,000 table
        cells (each a formula), and a longer one is refused naming the ``max_rows`` that fits."""
        return self._write("html", digits, quiz, fragment=fragment, interactive=interactive,
                           compact=compact, comments=comments, max_rows=max_rows, sweep=sweep,
                           heading=heading, graph=graph)

    def to_csv(self, digits: int = 4, quiz: str | None = None, compact: bool = False,
               comments: bool = False, max_rows: int | None = None, sweep: bool = False,
               heading: bool = True, graph: bool = False) -> str:
        return self._write("csv", digits, quiz, compact=compact, comments=comments,
                           max_rows=max_rows, sweep=sweep, heading=heading, graph=graph)

    def to_json(self, quiz: str | None = None, digits: int = 4) -> str:
        """The data, every number at full precision: ``digits`` is taken, as every writer
        takes it and ``-f json --digits`` is, and changes no number."""
        return self._write("json", digits, quiz)

    # A notebook shows what the terminal shows: at most SCREEN_ROWS rows of a table and
    # TERMINAL_CELLS cells in all (a loop of 10^5 decisions displayed 6-15 MB; the 42 passes of
    # forward mode over a 6x6 matrix 5.5 MB of HTML), the passes that do not fit named;
    # to_html() and the others give every row.

    def _shown(self, fmt: str, fragment: bool = False) -> str:
        from tracer.output import text_of

        opts = views.ViewOptions(max_rows=views.SCREEN_ROWS, max_cells=views.TERMINAL_CELLS)
        return text_of(self._run, fmt, opts, fragment=fragment)  # type: ignore[no-any-return]

    def _repr_html_(self) -> str | None:
        """The page's body, or None (Jupyter then shows Markdown) for one of more table cells
        than a page holds."""
        from tracer.errors import LimitError

        try:
            return self._shown("html", fragment=True)
        except LimitError:
            return None

    def _repr_markdown_(self) -> str:
        return self._shown("markdown")

    def _repr_latex_(self) -> str:
        """The whole document as display math (MathJax, nbconvert's LaTeX): every table and
        sentence, not only the first trace."""
        from tracer.render.latex import mathjax

        return mathjax(views.document(self._run, views.ViewOptions(
            max_rows=views.SCREEN_ROWS, max_cells=views.TERMINAL_CELLS)))


@_speaks
class Result(_Writers):
    """One computation on a formula: a forward or reverse run, a Jacobian, derivatives, a
    Hessian, a check. Its numbers are attributes; an attribute its computation does not give
    is a TracerError naming the call that does (never another computation's numbers). It
    displays as its tables."""

    def __init__(self, run: Any) -> None:
        self._run = run

    def _data(self) -> Any:
        return self._run

    @property
    def run(self) -> Any:
        """The core's result object (``tracer.pipeline.Run``, ``tracer.analysis.hessian.HessianRun``
        …)."""
        return self._run

    def _lacks(self, what: str, calls: str) -> TracerError:
        return TracerError(f"this result ({_kind(self._run)}) has no {what}: {calls}")

    @property
    def gradient(self) -> dict[str, Any]:
        """The gradient of the output, over the inputs: from a forward or reverse run that
        covers it, the Jacobian, the Hessian's reverse sweep, or a check's autodiff. With
        several outputs there is no one gradient: a TracerError says to read ``.jacobian``."""
        from tracer.analysis.hessian import HessianRun
        from tracer.analysis.results import CheckRun

        run = self._run
        if isinstance(run, HessianRun):
            return _numbers(run.gradient)
        if isinstance(run, CheckRun):
            return _numbers({c.name: c.reverse for c in run.inputs})
        jac = _jacobian(run)
        if jac is None:
            raise self._lacks("gradient", _GRADIENT_FROM)
        if len(jac) > 1:
            names = ", ".join(list(jac)[:3]) + (", …" if len(jac) > 3 else "")
            raise TracerError(f"this result has {len(jac)} outputs ({names}): a gradient is of "
                              "one; read .jacobian, or choose one with outputs=, or seed them "
                              "together (reverse(seed=\"y=ones\"))")
        return _numbers(next(iter(jac.values())))

    @property
    def jacobian(self) -> dict[str, dict[str, Any]]:
        """{output: {input: ∂output/∂input}}, when the passes cover it."""
        jac = _jacobian(self._run)
        if jac is None:
            raise self._lacks("Jacobian", _JACOBIAN_FROM)
        return _numbers(jac)

    @property
    def derivatives(self) -> list[Any]:
        """f, f′, f″ … (from Formula.derivatives)."""
        from tracer.analysis.taylor import TaylorRun

        if not isinstance(self._run, TaylorRun):
            raise self._lacks("derivatives f, f′, f″ …", "they come from Formula.derivatives()")
        return _numbers(self._run.derivatives)

    @property
    def hessian(self) -> dict[str, dict[str, Any]]:
        """{input: {input: ∂²f/∂x∂x′}} (from Formula.hessian)."""
        from tracer.analysis.hessian import HessianRun

        if not isinstance(self._run, HessianRun):
            raise self._lacks("Hessian", "it comes from Formula.hessian()")
        return _numbers(self._run.matrix)

    @property
    def passes(self) -> tuple[Any, ...]:
        """The sweeps, each with its seed, its column and its result: forward and reverse
        passes, or the Hessian's forward-over-reverse ones."""
        from tracer.analysis.hessian import HessianRun

        run = self._run
        if isinstance(run, (pipeline.Run, HessianRun)):
            # each pass's seed and result copied, as .gradient's are: a script that changed
            # passes[0].result changed .gradient, .jacobian and to_json() after it
            return tuple(_copied(p, run.ev.exact) for p in run.passes)
        if isinstance(run, pipeline.JacobianRun):
            raise TracerError("this result (the Jacobian) ran both modes: its passes are "
                              ".run.forward.passes and .run.reverse.passes")
        raise self._lacks("passes", "they come from forward(), reverse() or hessian()")

    @property
    def accumulated(self) -> list[dict[str, Any]]:
        """PyTorch's ``x.grad`` after each backward pass of ``reverse(repeat=N)`` (or of a
        program's ``y.backward()`` lines), each pass added into it, zeroed where the program
        zeroes it; ``.gradient`` is one pass's. A single pass: one gradient."""
        run = self._run
        if not isinstance(run, pipeline.Run) or run.mode != "reverse":
            raise self._lacks("accumulated gradient", "it comes from reverse()")
        if run.accumulated:
            return [_numbers(grad) for grad in run.accumulated]
        if len(run.passes) != 1:
            raise TracerError("this reverse run has a pass per output: accumulation is of "
                              "one output's passes (give seed= or outputs=)")
        return _numbers([run.passes[0].result])

    def __repr__(self) -> str:
        return f"<tracer result: {_kind(self._run)}>"


def _numbers(value: Any) -> Any:
    """``value``'s dicts and lists (nested: a Jacobian's rows) copied, so a script that
    changes one changes nothing else (``to_json()`` after it); an exact value nested too deeply
    for sympy's own numbers and printing as ``exact.handed`` hands it out."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if is_exact(value):  # sympy is loaded only where such a value is
        from tracer.analysis.exact import handed

        return handed(value)
    return value


def _copied(one: Any, exact: bool) -> Any:
    """A pass with its dicts (seed, result) copied, its columns (tuples) shared; of an exact
    run, each column's deep values as ``_numbers`` hands them out."""
    changed = {}
    for f in fields(one):
        value = getattr(one, f.name)
        if isinstance(value, dict):
            changed[f.name] = _numbers(value)
        elif exact and isinstance(value, tuple):
            changed[f.name] = tuple(_numbers(v) for v in value)
    return replace(one, **changed)


def _checked(ev: Evaluation) -> Any:
    """A check's run, its disagreement a TracerWarning: the command line prints the tables,
    then says it as its error and exits 1 (the API said nothing: x^x at 0, autodiff nan
    against sympy's -∞)."""
    from tracer.analysis.check import check

    run = check(ev)
    if not run.agrees:  # at the caller's line, past Formula's method and _spoken's wrapper
        warnings.warn(api_words(run.disagreement()), TracerWarning, stacklevel=4)
    return run


_JACOBIAN_FROM = ("it comes from Formula.jacobian(), forward() without wrt or seed, or "
                  "reverse() without seed")
_GRADIENT_FROM = ("it comes from forward() without wrt or seed, reverse() without seed, "
                  "jacobian(), hessian() or check()")


def _jacobian(run: Any) -> dict[str, dict[str, Any]] | None:
    """The Jacobian a run holds: the Jacobian's, or a forward or reverse run's when its passes
    are the unit seeds of every input (output); None otherwise."""
    if isinstance(run, pipeline.JacobianRun):
        return run.matrix
    return run.jacobian if isinstance(run, pipeline.Run) else None


def _kind(run: Any) -> str:
    """What a result is, for a message: "forward mode along x1", "a check"."""
    from tracer.analysis.hessian import HessianRun
    from tracer.analysis.results import CheckRun
    from tracer.analysis.taylor import TaylorRun

    if isinstance(run, pipeline.Run):
        units = [p.unit for p in run.passes]
        if run.mode == "forward" and len(units) < len(run.ev.trace.inputs) and all(units):
            return f"forward mode along {pipeline.few([u for u in units if u])}"
        return f"{run.mode} mode" + (" along a seed" if None in units else "")
    if isinstance(run, TaylorRun):
        return f"derivatives along {run.wrt}"
    from tracer.analysis.results import SwellRun
    from tracer.teaching.marks import GradeRun

    kinds = {pipeline.JacobianRun: "the Jacobian", HessianRun: "the Hessian",
             CheckRun: "a check", SwellRun: "expression swell", GradeRun: "a grade"}
    return next((k for cls, k in kinds.items() if isinstance(run, cls)), type(run).__name__)


@_speaks
class Formula(_Writers):
    """A formula or program evaluated at a point: its evaluation trace."""

    def __init__(self, ev: Evaluation, program: Program, at: Mapping[str, Any] | None = None,
                 order: str | None = None, outputs: Sequence[str] | None = None) -> None:
        self._ev = ev
        self._program = program
        self._at, self._order, self._outputs = at, order, outputs  # as the user asked
        self._run = pipeline.Run("trace", ev, ())

    def _data(self) -> Any:
        return self._ev

    @property
    def evaluation(self) -> Evaluation:
        """The evaluated trace (``tracer.core.evaluate.Evaluation``): every row's value."""
        return self._ev

    @property
    def inputs(self) -> dict[str, Any]:
        return _numbers(self._ev.point)

    @property
    def outputs(self) -> dict[str, Any]:
        return _numbers(self._ev.outputs)

    @property
    def values(self) -> dict[int, Any]:
        """{row index: value}: v_{1-n} … v_l."""
        trace = self._ev.trace
        return _numbers({i: self._ev.values[trace.position(i)] for i in trace.indices()})

    def forward(self, wrt: str | Sequence[str] | None = None,
                seed: Mapping[str, Any] | None = None) -> Result:
        """Forward mode: a pass per input in ``wrt`` (default: every input), or one along
        ``seed``."""
        seeds = _point(seed, seeds=True) if seed is not None else None
        run = pipeline.run_forward(self._ev, _names(wrt, "--wrt"), seeds)
        _warn(pipeline.overflow_note(run))
        return Result(run)

    def reverse(self, seed: Mapping[str, Any] | None = None, step: float | None = None,
                params: Sequence[str] | str | None = None, repeat: int = 1) -> Result:
        """Reverse mode: a pass per output (or one along ``seed``); with ``step`` and
        ``params``, a gradient-descent step; with ``repeat``, the backward pass run that many
        times into one gradient (PyTorch's .grad accumulating)."""
        repeat = pipeline.check_repeat(repeat)  # before the work, as the command line does
        names = _names(params, "--params")
        rate = _rate(step) if step is not None else None
        found = pipeline.defaults(self._program)
        seeds = _point(seed, True) if seed is not None else None
        note = pipeline.retain_note(found, self._ev, seeds, repeat)
        if note:  # at the caller's line, past this method and _spoken's wrapper
            warnings.warn(api_words(note), TracerWarning, stacklevel=3)
        # as the program's y.backward() lines ask, unless given
        run = pipeline.reverse_run(found, self._ev, seeds, repeat)
        _warn(pipeline.overflow_note(run))
        return Result(pipeline.training_step(self._program, run, rate, names or None))

    def jacobian(self) -> Result:
        """The Jacobian both ways, with what each mode cost: of every final value of a program
        (as ``tracer jacobian``), unless ``outputs`` chose others."""
        outputs = pipeline.outputs_for(self._program, "jacobian", self._outputs)
        ev = self._ev
        if outputs is not None and tuple(outputs) != ev.trace.output_names:
            ev = pipeline.prepare(self._program, self._at, self._order, outputs, ev.exact)
        return Result(pipeline.jacobian(ev))

    def derivatives(self, order: int = 3, wrt: str | None = None) -> Result:
        """f′, f″ … up to ``order`` by Taylor mode."""
        from tracer.analysis.taylor import derivatives

        return Result(derivatives(self._ev, _count(order, "order"), _name(wrt, "wrt")))

    def hessian(self) -> Result:
        """The Hessian by forward-over-reverse."""
        from tracer.analysis.hessian import hessian

        return Result(hessian(self._ev))

    def check(self) -> Result:
        """Autodiff against the symbolic derivative and finite differences."""
        return Result(_checked(self._ev))

    def plot(self, over: Mapping[str, tuple[float, float]] | str | None = None, order: int = 1,
             samples: int | None = None, wrt: str | Sequence[str] | None = None) -> Plot:
        """The graph of f and its derivatives over one input (forward and Taylor mode), or its
        contour lines and gradient field over two (reverse mode), with this point marked:
        ``over="x=-2*pi..2*pi"`` or ``{"x": (-6.28, 6.28)}``."""
        from tracer.analysis.plot import plot

        pipeline.check_exact("plot", self._ev.exact)
        return Plot(plot(self._program, _over(over), self._ev.point, order=_count(order, "order"),
                         samples=samples, wrt=_names(wrt, "--wrt"),
                         outputs=list(self._ev.trace.output_names),
                         row_order=self._ev.trace.order))

    def error_plot(self) -> Plot:
        """The error of forward and central differences against h = 10⁻¹ … 10⁻¹⁶, beside
        autodiff's (``tracer check --plot``)."""
        from tracer.analysis.plot import errors

        return Plot(errors(_checked(self._ev)))

    def graph(self, mode: str | None = None, wrt: str | None = None,
              params: Sequence[str] | str | None = None) -> Graph:
        """The dependency graph, with tangents (mode="forward") or adjoints ("reverse");
        ``params`` (names or globs) are drawn as parameters and the output as the loss. For
        the structure alone, without a point, see ``tracer.graph``."""
        from tracer.analysis import graph

        pipeline.check_graph(mode, _name(wrt, "wrt"))
        pipeline.check_exact("graph", self._ev.exact)
        names = _names(params, "--params") or []
        return Graph(graph.build(self._ev, mode, wrt, params=names))

    def __repr__(self) -> str:
        trace = self._ev.trace
        return (f"<tracer formula: {plural(trace.n, 'input')}, {plural(trace.last, 'row')}, "
                f"outputs {pipeline.few(trace.output_names)}>")


@_speaks
class Graph(_Value):
    """A dependency graph: ``to_mermaid()``, ``to_dot()``, ``to_svg()``; in Jupyter it shows
    as Mermaid in Markdown (JupyterLab prefers it) where Mermaid draws it, and as an SVG."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def _data(self) -> Any:
        return self.graph

    def to_mermaid(self, digits: int = 4) -> str:
        from tracer.render.graph import mermaid

        return mermaid(self.graph, _digits(digits))

    def to_dot(self, digits: int = 4) -> str:
        from tracer.render.graph import dot

        return dot(self.graph, _digits(digits))

    def to_svg(self, digits: int = 4) -> str:
        from tracer.render.graph import image

        return image(self.graph, "svg", _digits(digits)).decode()

    def to_image(self, fmt: str = "svg", digits: int = 4) -> bytes:
        """SVG or PNG bytes, drawn by Graphviz (as ``tracer graph -o graph.png`` draws it;
        no call drew the PNG)."""
        from tracer.render.graph import image

        if not isinstance(fmt, str):
            raise WrongType(f"fmt is a string, svg or png; got {_short(fmt)}")
        if fmt not in ("svg", "png"):
            raise UsageProblem(f"a graph's image is svg or png, not {fmt}")
        return image(self.graph, fmt, _digits(digits))  # type: ignore[no-any-return]

    # tracer graph's other formats (-f terminal, markdown, json), which no call wrote: the
    # tree the terminal shows, the Markdown document around the Mermaid block, the data.

    def to_text(self, digits: int = 4, comments: bool = False) -> str:
        """The tree ``tracer graph`` shows on the terminal."""
        return self._write("terminal", digits, comments)

    def to_markdown(self, digits: int = 4, comments: bool = False) -> str:
        """The document ``tracer graph -f markdown`` writes: its heading, formula and point,
        and the graph as a Mermaid block."""
        return self._write("markdown", digits, comments)

    def to_json(self, digits: int = 4) -> str:
        """The nodes and edges, every number at full precision (``tracer graph -f json``):
        ``digits`` is taken, as every writer takes it and ``-f json --digits`` is, and
        changes no number."""
        return self._write("json", digits, False)

    def _write(self, fmt: str, digits: int, comments: bool) -> str:
        from tracer.output import text_of

        digits = _digits(digits)
        opts = _view(digits=digits, comments=comments)
        return text_of(self.graph, fmt, opts, digits)  # type: ignore[no-any-return]

    # A notebook draws a graph of at most DISPLAYED nodes (one of 10^4 was 7.8 MB of SVG in
    # the page); a larger one shows its repr, which says how to get the picture.
    DISPLAYED = 1_000

    def _repr_markdown_(self) -> str | None:
        """Mermaid, where Mermaid draws it: JupyterLab prefers Markdown to SVG, and its Mermaid
        draws a graph of over 500 edges (376 nodes of a loop) as an error message."""
        from tracer.render.graph import drawn_mermaid

        if len(self.graph.nodes) > self.DISPLAYED:
            return None
        text = drawn_mermaid(self.graph)
        return None if text is None else "```mermaid\n" + text + "```\n"

    def __repr__(self) -> str:
        graph = self.graph
        drawn = f", {graph.mode} mode" if graph.mode else ""
        large = f"; too large to draw in a notebook (over {self.DISPLAYED:,} nodes): " \
            "to_svg(), to_dot() or to_mermaid() give it" \
            if len(graph.nodes) > self.DISPLAYED else ""
        return (f"<tracer graph: {plural(len(graph.nodes), 'node')}, "
                f"{plural(len(graph.edges), 'edge')}{drawn}{large}>")

    def _repr_svg_(self) -> str | None:
        if len(self.graph.nodes) > self.DISPLAYED:
            return None
        try:
            return self.to_svg()
        except TracerError:
            return None


@_speaks
class Plot(_Value):
    """A plot's numbers (``.data``: samples, breaks, the marked point) and its pictures:
    ``to_text()`` as the terminal shows it, ``to_json()``, ``to_image("svg")`` and
    ``save("plot.png")`` (matplotlib, the ``plot`` extra); in Jupyter it shows as a PNG."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def _data(self) -> Any:
        return self.data

    def to_text(self, width: int = 80, height: int = 24, digits: int = 4) -> str:
        from tracer.output import plot_text

        return plot_text(self.data, "terminal", _digits(digits),  # type: ignore[return-value]
                         _count(width, "width"), _count(height, "height"))

    def to_json(self) -> str:
        """The numbers; an error plot's also hold its check's result under "check" (as
        ``tracer check --plot -f json`` writes them)."""
        from tracer.output import plot_text

        return plot_text(self.data, "json")  # type: ignore[return-value]

    def to_image(self, fmt: str = "svg", digits: int = 4) -> bytes:
        """SVG, PNG or PDF bytes."""
        from tracer.render.plot import IMAGE_SUFFIXES
        from tracer.render.plot_files import image

        if not isinstance(fmt, str):  # a numpy array's "in" raised ValueError inside
            raise WrongType(f"fmt is a string, svg, png or pdf; got {_short(fmt)}")
        if fmt not in IMAGE_SUFFIXES.values():
            raise UsageProblem(f"a plot's image is svg, png or pdf, not {fmt}")
        return image(self.data, fmt, _digits(digits))

    def save(self, path: str, force: bool = False, digits: int = 4) -> None:
        """Write the plot to ``path`` in the format its suffix names (.svg, .png, .pdf,
        .json, .txt), atomically; an existing file only with ``force=True``."""
        from tracer.files import check_writable, output_name, write_atomically
        from tracer.output import plot_text
        from tracer.render import format_for as document_format
        from tracer.render.plot import format_for

        if not isinstance(path, (str, PathLike)):
            raise WrongType(f"path is a file name such as 'plot.png'; got {_short(path)}")
        path = output_name(os.fspath(path))  # notes.json/ names a folder
        check_writable(path, _flag(force, "force"))  # a folder is a folder, said first
        fmt = format_for(str(path)) or document_format(str(path))
        if fmt is None:
            raise TracerError(f"cannot tell the format of {path} from its suffix; use .svg, "
                              ".png, .pdf, .json or .txt")
        write_atomically(path, plot_text(self.data, fmt, _digits(digits)), force)

    def _repr_png_(self) -> bytes | None:
        try:
            return self.to_image("png")
        except TracerError:
            return None

    def __repr__(self) -> str:
        return f"<tracer plot: {self.data.kind} of {self.data.output}>"


@_spoken
def trace(source: str | Program, at: Mapping[str, Any] | str | None = None, *,
          order: str | None = None, outputs: Sequence[str] | None = None,
          exact: bool = False) -> Formula:
    """Trace a formula or program at a point.

    ``at`` maps inputs to numbers or constant expressions (``{"x": "pi/3"}``, or the string
    ``"x1=3, x2=-4"``); a program's ``@at`` line gives defaults. ``order`` is "level" (the
    lecture's) or "source"; ``outputs`` picks a program's outputs; ``exact`` computes with
    sympy. Errors are ``tracer.TracerError``s with a message and, where there is one, a place.
    """
    outputs = _names(outputs, "--output")
    _flag(exact, "exact")
    with paused_gc():  # a long program is many small objects in no cycle: see STYLE.md
        program = pipeline.load(_source(source))
        point = _point(at)
        ev = pipeline.prepare(program, point, order, outputs, exact)
    notes = [api_words(n) for n in (pipeline.alike_note(ev.trace),
                                    pipeline.drawn_note(program, list(point or {})),
                                    pipeline.unread_note(program, ev)) if n]
    notes += [api_words(w.message) for w in ev.warnings[:WARNINGS]]
    if len(ev.warnings) > WARNINGS:
        notes.append(f"and {len(ev.warnings) - WARNINGS:,} more warnings of this evaluation "
                     "(Formula.evaluation.warnings lists them all)")
    for text in notes:  # at the caller's line, past this function and _spoken's wrapper
        warnings.warn(text, TracerWarning, stacklevel=3)
    return Formula(ev, program, point, order, outputs)


# The evaluation's warnings (a kink, an infinite or undefined slope, a decision exact
# arithmetic takes the other way) that tracer.trace raises as TracerWarnings, as the command
# line prints them under the tables; a long trace's further ones are counted in one more.
WARNINGS = 5


@_spoken
def graph(source: str | Program, at: Mapping[str, Any] | str | None = None, *,
          mode: str | None = None, wrt: str | None = None,
          params: Sequence[str] | str | None = None, order: str | None = None,
          outputs: Sequence[str] | None = None) -> Graph:
    """The dependency graph of a formula or program, as ``tracer graph`` draws it: at a point
    (``at``, or the program's @at lines) with values, or, with no point at all, the structure
    alone (each node's rule, each edge's partial as a rule)."""
    from tracer.analysis.graph import for_program

    pipeline.check_graph(mode, _name(wrt, "wrt"))
    return Graph(for_program(pipeline.load(_source(source)), _point(at), mode=mode, wrt=wrt,
                             params=_names(params, "--params"), order=order,
                             outputs=_names(outputs, "--output")))


@_spoken
def plot(source: str | Program, over: Mapping[str, tuple[float, float]] | str | None = None,
         at: Mapping[str, Any] | str | None = None, *, order: int = 1,
         samples: int | None = None, wrt: str | Sequence[str] | None = None,
         outputs: Sequence[str] | str | None = None) -> Plot:
    """The plot ``tracer plot`` draws, with or without a point: over ``over``'s ranges, or
    each plotted input's ``at`` value ± 5 (``Formula.plot`` is the plot at a traced point;
    ``tracer plot "sin(x)" --over x=-1..1`` needs none, and the API had no call for it)."""
    from tracer.analysis.plot import plot as compute

    return Plot(compute(pipeline.load(_source(source)), _over(over), _point(at),
                        order=_count(order, "order"), samples=samples,
                        wrt=_names(wrt, "--wrt"), outputs=_names(outputs, "--output")))


@_spoken
def swell(n: int = 4, map: str | None = None) -> Result:
    """Expression swell, as ``tracer swell``: the logistic map's iterates l_1 … l_n (or
    ``map``'s, a formula in l and x) and their derivatives, symbolic beside the trace."""
    from tracer.analysis.swell import LOGISTIC
    from tracer.analysis.swell import swell as table

    if map is not None and not isinstance(map, str):
        raise WrongType(f"map is a formula in l and x, such as '4*l*(1-l)'; got {_short(map)}")
    return Result(table(_count(n, "n"), LOGISTIC if map is None else map))


@_spoken
def grade(submission: str | PathLike[str], against: str | PathLike[str], *,
          tolerance: float = 1e-3, abs_tolerance: float = 1e-6) -> Result:
    """Mark a filled-in quiz (a .csv or .json file) against its key, as ``tracer grade``:
    ``.run.passed`` is whether every cell is right (the command's exit status 0)."""
    from tracer.teaching.grade import grade as mark

    files = []
    for name, path in (("submission", submission), ("against", against)):
        if not isinstance(path, (str, PathLike)):
            raise WrongType(f"{name} is a file name such as 'answers.csv'; got {_short(path)}")
        files.append(os.fspath(path))
    tolerances = [_number(t, name) for name, t in (("tolerance", tolerance),
                                                   ("abs_tolerance", abs_tolerance))]
    return Result(mark(files[0], files[1], *tolerances))


__all__ = ["Formula", "Graph", "Plot", "Result", "grade", "graph", "plot", "swell", "trace"]
