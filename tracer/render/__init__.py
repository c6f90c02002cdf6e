"""Writers: thin views of the neutral document (``tracer.table``), one module per format.

``terminal`` and ``markdown`` render documents; ``json`` dumps a run's data, not rendered
strings. ``FORMATS`` maps each format to the file suffixes ``-o`` recognises.
"""

from __future__ import annotations

FORMATS: dict[str, tuple[str, ...]] = {
    "terminal": (".txt",),
    "markdown": (".md", ".markdown"),
    "json": (".json",),
}


def format_for(path: str) -> str | None:
    """The format a file name's suffix asks for, or None."""
    lower = path.lower()
    for fmt, suffixes in FORMATS.items():
        if lower.endswith(suffixes):
            return fmt
    return None
