"""A run as text in any format: the one path the command line and the Python API share.

The views build the run's document (or its data, for JSON), a quiz blanks its answers, and a
writer from ``tracer.render`` writes it.
"""

from __future__ import annotations

from typing import Any

from tracer import views
from tracer.core.builder import paused_gc
from tracer.render import FORMATS, write
from tracer.render.base import Settings


def text_of(run: Any, fmt: str, opts: Any = None, digits: int = 4, quiz: str | None = None,
            standalone: bool = False, width: int | None = None, fragment: bool = False) -> Any:
    """Any run in any format, as a quiz when ``quiz`` names a mode: the one path the command
    line and the Python API share. ``opts`` are the views' options.

    The cyclic garbage collector waits while a document is built and written: a long trace's
    document is hundreds of thousands of small objects in no cycle, and the collector's
    rescans of the trace beneath them cost more than writing (see STYLE.md)."""
    with paused_gc():
        return _text_of(run, fmt, opts, digits, quiz, standalone, width, fragment)


def _text_of(run: Any, fmt: str, opts: Any, digits: int, quiz: str | None, standalone: bool,
             width: int | None, fragment: bool) -> Any:
    settings = Settings(digits, standalone, fragment, width or 10_000)
    if FORMATS[fmt].data:
        data = views.run_data(run)
        if quiz:
            from tracer.teaching.quiz import quiz_json

            data = quiz_json(data, quiz)
        return write(fmt, data, settings)
    doc = views.document(run, opts or views.ViewOptions())
    if quiz:
        from tracer.teaching.quiz import quiz as blank

        doc = blank(doc, quiz)
    return write(fmt, doc, settings)
