"""Writers: thin views of the neutral document (``tracer.views.document``), one module per format.

``FORMATS`` is the one registry of formats: each with its file suffixes and the module that
writes it. The command line's ``--format`` choices, ``-o``'s suffixes and ``write`` all read
it. Every writer module has ``write(payload, settings)``: the payload is the run's document,
or, for a format that dumps data (JSON), the run's data (``tracer.views.data``). A format may
have an interactive form, written by another module (HTML's is the worksheet).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracer.render.base import Settings

__all__ = ["DIGITS", "DOCUMENT_FORMATS", "FORMATS", "GRAPH_FORMATS", "Format", "format_for",
           "speller_for", "suffixes", "write"]


class Format(NamedTuple):
    name: str
    suffixes: tuple[str, ...]
    module: str  # tracer.render.<module> writes it
    data: bool = False  # written from the run's data rather than its document
    binary: bool = False  # bytes (an image), not text
    graphs: bool = False  # a picture of a dependency graph: only `tracer graph` writes it
    interactive: str | None = None  # the module that writes its interactive form, if any
    # the most table cells it writes, decided from the tables' rows and columns before any
    # is built (None: the documents' own budget): HTML's cells are MathML, and a 150,000-row
    # reverse trace as HTML took 14 s and 1.4 GB
    cells: int | None = None


DIGITS = range(1, 18)  # the significant digits a writer shows: --digits, the API's digits=

FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("terminal", (".txt",), "terminal"),
    Format("markdown", (".md", ".markdown"), "markdown"),
    Format("json", (".json",), "json", data=True),
    Format("latex", (".tex",), "latex"),
    Format("html", (".html", ".htm"), "html", interactive="worksheet", cells=50_000),
    Format("csv", (".csv",), "csv"),
    Format("mermaid", (".mmd", ".mermaid"), "graph", graphs=True),
    Format("dot", (".dot", ".gv"), "graph", graphs=True),
    Format("svg", (".svg",), "graph", binary=True, graphs=True),
    Format("png", (".png",), "graph", binary=True, graphs=True),
)}

DOCUMENT_FORMATS = tuple(name for name, f in FORMATS.items() if not f.graphs)
GRAPH_FORMATS = ("terminal", "markdown", "json", *(n for n, f in FORMATS.items() if f.graphs))


def format_for(path: str, choices: tuple[str, ...] = DOCUMENT_FORMATS) -> str | None:
    """The format a file name's suffix asks for, among ``choices``, or None."""
    lower = path.lower()
    for name in choices:
        if lower.endswith(FORMATS[name].suffixes):
            return name
    return None


def suffixes(choices: tuple[str, ...] = DOCUMENT_FORMATS) -> list[str]:
    return [s for name in choices for s in FORMATS[name].suffixes]


def write(fmt: str, payload: Any, settings: Settings | None = None) -> Any:
    """The text (or bytes) of a document, or of a run's data, in format ``fmt``; with
    ``settings.interactive``, in the format's interactive form (the payload is then a
    ``tracer.render.worksheet.Sheet``)."""
    from tracer.render.base import Settings

    settings = settings or Settings()
    f = FORMATS[fmt]
    name = f.interactive if settings.interactive and f.interactive else f.module
    return import_module(f"tracer.render.{name}").write(payload, settings, fmt)


def speller_for(encoding: str | None) -> Callable[[str], str] | None:
    """How to spell text for an output in ``encoding`` when it is not Unicode
    (``tracer.render.spelling.speller``: v̄₋₁ as vbar_-1), else None. The spelling module is
    imported only for such an output (start-up time)."""
    if not encoding or encoding.lower().startswith("utf"):
        return None
    from tracer.render.spelling import speller

    return speller(encoding)
