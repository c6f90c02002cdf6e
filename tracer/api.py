"""The Python API: ``tracer.trace(...)`` and what it returns, for scripts and notebooks.

    import tracer
    t = tracer.trace("x1*x2 + x2 - log(x1)", at={"x1": 3, "x2": -4})
    t.forward(wrt="x2")          # Table 2; in Jupyter it displays as the table
    t.reverse().gradient          # {'x1': -4.333…, 'x2': 4.0}
    t.reverse().to_markdown()     # the Markdown a student pastes into notes

A ``Formula`` is a formula or program evaluated at a point; each of its methods runs one
computation and returns a ``Result``. Both display themselves in Jupyter (HTML with MathML,
Markdown, LaTeX) and write every format the command line does. The command line is a thin
layer over the same core (``tracer.pipeline``).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from typing import Any

from tracer import pipeline, views
from tracer.core.builder import paused_gc
from tracer.core.evaluate import Evaluation
from tracer.core.parse import Program
from tracer.errors import TracerError, UsageProblem
from tracer.render import DIGITS


def _point(at: Mapping[str, Any] | str | None) -> dict[str, Any]:
    """Values as numbers, nested lists of numbers (arrays), or constant expressions in
    strings: {"x": "pi/3", "a": [[0.1, 2], [3, 4]]} or "x=pi/3, a=[1, 2]"; "ones" seeds every
    element of an array output."""
    if at is None:
        return {}
    if isinstance(at, str):
        return pipeline.parse_values(at)
    if not isinstance(at, Mapping):
        raise UsageProblem(f"values are a mapping {{name: value}} or a string 'x=1, y=2'; got "
                           f"{type(at).__name__}")
    out: dict[str, Any] = {}
    for name, value in at.items():
        if not isinstance(name, str):
            raise UsageProblem(f"a name is a string such as 'x1'; got {name!r}")
        if hasattr(value, "tolist") and not isinstance(value, str):  # a numpy array or number
            value = value.tolist()
        if isinstance(value, str) and value == pipeline.ONES:
            out[name] = pipeline.ONES
        elif isinstance(value, str):
            out[name] = pipeline.parse_values(f"{name}={value}")[name]
        elif isinstance(value, (list, tuple)):
            out[name] = _array(value, name)
        else:
            out[name] = _number(value, name)
    return out


def _number(value: Any, name: str) -> Any:
    """A value given as a Python number, checked: a real number a float can hold."""
    try:
        if isinstance(value, (bool, str, bytes)):
            raise TypeError
        number = float(value)
    except OverflowError:
        raise UsageProblem(f"{name} is given a number too large for a float") from None
    except (TypeError, ValueError):
        raise UsageProblem(f"{name} is given {value!r} ({type(value).__name__}); a value is a "
                           "real number, a list of them, or a constant expression in a string "
                           "such as 'pi/3'") from None
    if not math.isfinite(number):  # as --at refuses nan and inf
        raise UsageProblem(f"{name} is given {value!r}; a value is a finite number")
    return value


def _array(rows: Sequence[Any], name: str = "the array") -> Any:
    from tracer.core.arrays import const, from_nested

    return from_nested([_array(r, name) if isinstance(r, (list, tuple)) else
                        const(float(_number(r, name))) for r in rows])


def _source(source: Any) -> str | Program:
    """A formula or program: its text, or a Program tracer's parser made."""
    if isinstance(source, (str, Program)):
        return source
    raise UsageProblem(f"a formula or program is a string such as 'x^2'; got "
                       f"{type(source).__name__}")


def _names(names: Sequence[str] | str | None, what: str) -> list[str] | None:
    """Output names as a list, or as one string "y1, y2" (as --output takes them)."""
    if names is None:
        return None
    if isinstance(names, str):
        from tracer.core.parse import parse_names

        return [name for name, _ in parse_names(names)]
    if not all(isinstance(name, str) for name in names):
        raise UsageProblem(f"{what} are names (strings such as 'y1'); got {list(names)!r}")
    return list(names)


def _count(value: Any, what: str, least: int = 1) -> int:
    """A whole number of at least ``least`` (an order, a number of samples)."""
    try:
        whole = operator.index(value) if not isinstance(value, bool) else least - 1
    except TypeError:
        whole = least - 1
    if whole < least:
        raise UsageProblem(f"{what} must be a whole number of at least {least}; got {value!r}")
    return whole


def _digits(digits: Any) -> int:
    """Significant digits, as --digits takes them: a whole number in ``DIGITS``."""
    try:
        whole = operator.index(digits) if not isinstance(digits, bool) else 0
    except TypeError:
        whole = 0
    if whole not in DIGITS:
        raise UsageProblem(f"digits must be a whole number from {DIGITS.start} to "
                           f"{DIGITS.stop - 1}; got {digits!r}")
    return whole


class _Writers:
    """Every format, and the Jupyter displays, of whatever ``_run`` is."""

    _run: Any

    def document(self, max_rows: int | None = None, sweep: bool = False,
                 compact: bool = False, comments: bool = False):
        """The neutral document (``tracer.views.document.Document``) every writer renders."""
        return views.document(self._run, views.ViewOptions(
            max_rows=max_rows, sweep=sweep, compact=compact, comments=comments))

    def _write(self, fmt: str, digits: int, quiz: str | None = None, **kw: Any) -> str:
        from tracer.output import text_of

        digits = _digits(digits)
        opts = views.ViewOptions(sweep=kw.pop("sweep", False), heading=kw.pop("heading", True),
                                 compact=kw.pop("compact", False),
                                 comments=kw.pop("comments", False))
        return text_of(self._run, fmt, opts, digits, quiz, **kw)

    # Every writer takes compact=True (tangent and adjoint rules by juxtaposition, v̄₂ (1/v₋₁),
    # rather than the lecture's v̄₂ × (1/v₋₁)) and comments=True (a program's comments listed).

    def to_text(self, digits: int = 4, quiz: str | None = None, compact: bool = False,
                comments: bool = False) -> str:
        """Plain text, as the terminal shows it without colour."""
        return self._write("terminal", digits, quiz, compact=compact, comments=comments)

    def to_markdown(self, digits: int = 4, quiz: str | None = None, sweep: bool = False,
                    heading: bool = True, compact: bool = False, comments: bool = False) -> str:
        return self._write("markdown", digits, quiz, sweep=sweep, heading=heading, compact=compact,
                           comments=comments)

    def to_latex(self, digits: int = 4, standalone: bool = False, quiz: str | None = None,
                 heading: bool = True, compact: bool = False, comments: bool = False) -> str:
        """booktabs tables that fit the line; a complete document with ``standalone=True``;
        ``heading=False`` leaves out the title heading (for a beamer frame)."""
        return self._write("latex", digits, quiz, standalone=standalone, heading=heading,
                           compact=compact, comments=comments)

    def to_html(self, digits: int = 4, quiz: str | None = None, fragment: bool = False,
                interactive: bool = False, compact: bool = False, comments: bool = False) -> str:
        """A self-contained page with MathML (``fragment=True``: the body alone).
        ``interactive=True``: the worksheet (``-f html --interactive``) of a trace, forward or
        reverse run, to step through the sweep; with ``quiz``, answers are checked in place."""
        return self._write("html", digits, quiz, fragment=fragment, interactive=interactive,
                           compact=compact, comments=comments)

    def to_csv(self, digits: int = 4, quiz: str | None = None, compact: bool = False,
               comments: bool = False) -> str:
        return self._write("csv", digits, quiz, compact=compact, comments=comments)

    def to_json(self, quiz: str | None = None) -> str:
        return self._write("json", 4, quiz)

    def _repr_html_(self) -> str:
        return self.to_html(fragment=True)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        """The whole document as display math (MathJax, nbconvert's LaTeX): every table and
        sentence, not only the first trace."""
        from tracer.render.latex import mathjax

        return mathjax(self.document())


class Result(_Writers):
    """One computation on a formula: a forward or reverse run, a Jacobian, derivatives, a
    Hessian, a check. Its numbers are attributes; it displays as its tables."""

    def __init__(self, run: Any) -> None:
        self._run = run

    @property
    def run(self) -> Any:
        """The core's result object (``tracer.pipeline.Run``, ``tracer.analysis.hessian.HessianRun``
        …)."""
        return self._run

    @property
    def gradient(self) -> dict[str, Any]:
        """The gradient of the (first) output, over the inputs."""
        run = self._run
        if hasattr(run, "gradient"):
            return run.gradient
        jac = self.jacobian
        return dict(next(iter(jac.values())))

    @property
    def jacobian(self) -> dict[str, dict[str, Any]]:
        """{output: {input: ∂output/∂input}}, when the passes cover it."""
        run = self._run
        jac = run.matrix if isinstance(run, pipeline.JacobianRun) else \
            run.jacobian if isinstance(run, pipeline.Run) else None
        if jac is None:
            raise TracerError("this result has no Jacobian: run forward() without wrt or seed, "
                              "reverse() without seed, or jacobian()")
        return jac

    @property
    def derivatives(self) -> list[Any]:
        """f, f′, f″ … (from Formula.derivatives)."""
        return self._run.derivatives

    @property
    def hessian(self) -> dict[str, dict[str, Any]]:
        return self._run.matrix

    @property
    def passes(self) -> tuple[Any, ...]:
        return getattr(self._run, "passes", ())

    def __repr__(self) -> str:
        kind = getattr(self._run, "mode", type(self._run).__name__)
        return f"<tracer result: {kind}>"


class Formula(_Writers):
    """A formula or program evaluated at a point: its evaluation trace."""

    def __init__(self, ev: Evaluation, program: Program, at: Mapping[str, Any] | None = None,
                 order: str | None = None, outputs: Sequence[str] | None = None) -> None:
        self._ev = ev
        self._program = program
        self._at, self._order, self._outputs = at, order, outputs  # as the user asked
        self._run = pipeline.Run("trace", ev, ())

    @property
    def evaluation(self) -> Evaluation:
        """The evaluated trace (``tracer.core.evaluate.Evaluation``): every row's value."""
        return self._ev

    @property
    def inputs(self) -> dict[str, Any]:
        return self._ev.point

    @property
    def outputs(self) -> dict[str, Any]:
        return self._ev.outputs

    @property
    def values(self) -> dict[int, Any]:
        """{row index: value}: v_{1-n} … v_l."""
        trace = self._ev.trace
        return {i: self._ev.values[trace.position(i)] for i in trace.indices()}

    def forward(self, wrt: str | Sequence[str] | None = None,
                seed: Mapping[str, Any] | None = None) -> Result:
        """Forward mode: a pass per input in ``wrt`` (default: every input), or one along
        ``seed``."""
        names = [wrt] if isinstance(wrt, str) else wrt
        return Result(pipeline.run_forward(self._ev, names, _point(seed) if seed else None))

    def reverse(self, seed: Mapping[str, Any] | None = None, step: float | None = None,
                params: Sequence[str] | str | None = None, repeat: int = 1) -> Result:
        """Reverse mode: a pass per output (or one along ``seed``); with ``step`` and
        ``params``, a gradient-descent step; with ``repeat``, the backward pass run that many
        times into one gradient (PyTorch's .grad accumulating)."""
        run = pipeline.run_reverse(self._ev, _point(seed) if seed else None, repeat)
        names = [params] if isinstance(params, str) else list(params or [])
        rate = _point({"step": step})["step"] if step is not None else None
        if rate is not None:
            pipeline.check_rate(rate)
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

        return Result(derivatives(self._ev, _count(order, "order"), wrt))

    def hessian(self) -> Result:
        """The Hessian by forward-over-reverse."""
        from tracer.analysis.hessian import hessian

        return Result(hessian(self._ev))

    def check(self) -> Result:
        """Autodiff against the symbolic derivative and finite differences."""
        from tracer.analysis.check import check

        return Result(check(self._ev))

    def plot(self, over: Mapping[str, tuple[float, float]] | str | None = None, order: int = 1,
             samples: int | None = None, wrt: str | Sequence[str] | None = None) -> Plot:
        """The graph of f and its derivatives over one input (forward and Taylor mode), or its
        contour lines and gradient field over two (reverse mode), with this point marked:
        ``over="x=-2*pi..2*pi"`` or ``{"x": (-6.28, 6.28)}``."""
        from tracer.analysis.plot import plot

        return Plot(plot(self._program, over, self._ev.point, order=_count(order, "order"),
                         samples=samples,
                         wrt=wrt, outputs=list(self._ev.trace.output_names),
                         row_order=self._ev.trace.order))

    def error_plot(self) -> Plot:
        """The error of forward and central differences against h = 10⁻¹ … 10⁻¹⁶, beside
        autodiff's (``tracer check --plot``)."""
        from tracer.analysis.check import check
        from tracer.analysis.plot import errors

        return Plot(errors(check(self._ev)))

    def graph(self, mode: str | None = None, wrt: str | None = None,
              params: Sequence[str] | str | None = None) -> Graph:
        """The dependency graph, with tangents (mode="forward") or adjoints ("reverse");
        ``params`` (names or globs) are drawn as parameters and the output as the loss. For
        the structure alone, without a point, see ``tracer.graph``."""
        from tracer.analysis import graph

        names = [params] if isinstance(params, str) else list(params or [])
        return Graph(graph.build(self._ev, mode, wrt, params=names))

    def __repr__(self) -> str:
        trace = self._ev.trace
        return (f"<tracer formula: {trace.n} inputs, {trace.last} rows, outputs "
                f"{', '.join(trace.output_names)}>")


class Graph:
    """A dependency graph: ``to_mermaid()``, ``to_dot()``, ``to_svg()``; in Jupyter it shows
    as an SVG when Graphviz is installed, else as Mermaid in Markdown."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def to_mermaid(self, digits: int = 4) -> str:
        from tracer.render.graph import mermaid

        return mermaid(self.graph, digits)

    def to_dot(self, digits: int = 4) -> str:
        from tracer.render.graph import dot

        return dot(self.graph, digits)

    def to_svg(self, digits: int = 4) -> str:
        from tracer.render.graph import image

        return image(self.graph, "svg", digits).decode()

    def _repr_markdown_(self) -> str:
        return "```mermaid\n" + self.to_mermaid() + "```\n"

    def _repr_svg_(self) -> str | None:
        try:
            return self.to_svg()
        except TracerError:
            return None


class Plot:
    """A plot's numbers (``.data``: samples, breaks, the marked point) and its pictures:
    ``to_text()`` as the terminal shows it, ``to_json()``, ``to_image("svg")`` and
    ``save("plot.png")`` (matplotlib, the ``plot`` extra); in Jupyter it shows as a PNG."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def to_text(self, width: int = 80, height: int = 24, digits: int = 4) -> str:
        from tracer.output import plot_text

        return plot_text(self.data, "terminal", digits, width, height)  # type: ignore[return-value]

    def to_json(self) -> str:
        """The numbers; an error plot's also hold its check's result under "check" (as
        ``tracer check --plot -f json`` writes them)."""
        from tracer.output import plot_text

        return plot_text(self.data, "json")  # type: ignore[return-value]

    def to_image(self, fmt: str = "svg", digits: int = 4) -> bytes:
        """SVG, PNG or PDF bytes."""
        from tracer.render.plot import IMAGE_SUFFIXES
        from tracer.render.plot_files import image

        if fmt not in IMAGE_SUFFIXES.values():
            raise TracerError(f"a plot's image is svg, png or pdf, not {fmt}")
        return image(self.data, fmt, digits)

    def save(self, path: str, force: bool = False, digits: int = 4) -> None:
        """Write the plot to ``path`` in the format its suffix names (.svg, .png, .pdf,
        .json, .txt), atomically; an existing file only with ``force=True``."""
        from pathlib import Path

        from tracer.files import write_atomically
        from tracer.output import plot_text
        from tracer.render import format_for as document_format
        from tracer.render.plot import format_for

        fmt = format_for(path) or document_format(path)
        if fmt is None:
            raise TracerError(f"cannot tell the format of {path} from its suffix; use .svg, "
                              ".png, .pdf, .json or .txt")
        write_atomically(Path(path), plot_text(self.data, fmt, digits), force)

    def _repr_png_(self) -> bytes | None:
        try:
            return self.to_image("png")
        except TracerError:
            return None

    def __repr__(self) -> str:
        return f"<tracer plot: {self.data.kind} of {self.data.output}>"


def trace(source: str | Program, at: Mapping[str, Any] | str | None = None, *,
          order: str | None = None, outputs: Sequence[str] | None = None,
          exact: bool = False) -> Formula:
    """Trace a formula or program at a point.

    ``at`` maps inputs to numbers or constant expressions (``{"x": "pi/3"}``, or the string
    ``"x1=3, x2=-4"``); a program's ``@at`` line gives defaults. ``order`` is "level" (the
    lecture's) or "source"; ``outputs`` picks a program's outputs; ``exact`` computes with
    sympy. Errors are ``tracer.TracerError``s with a message and, where there is one, a place.
    """
    outputs = _names(outputs, "outputs")
    with paused_gc():  # a long program is many small objects in no cycle: see STYLE.md
        program = pipeline.load(_source(source))
        point = _point(at)
        ev = pipeline.prepare(program, point, order, outputs, exact)
    return Formula(ev, program, point, order, outputs)


def graph(source: str | Program, at: Mapping[str, Any] | str | None = None, *,
          mode: str | None = None, wrt: str | None = None,
          params: Sequence[str] | str | None = None, order: str | None = None,
          outputs: Sequence[str] | None = None) -> Graph:
    """The dependency graph of a formula or program, as ``tracer graph`` draws it: at a point
    (``at``, or the program's @at lines) with values, or, with no point at all, the structure
    alone (each node's rule, each edge's partial as a rule)."""
    from tracer.analysis.graph import for_program

    names = [params] if isinstance(params, str) else params
    return Graph(for_program(pipeline.load(_source(source)), _point(at), mode=mode, wrt=wrt,
                             params=names, order=order, outputs=_names(outputs, "outputs")))


__all__ = ["Formula", "Graph", "Plot", "Result", "graph", "trace"]
