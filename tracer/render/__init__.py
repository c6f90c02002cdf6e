"""Writers: thin views of the neutral document (``tracer.views.document``), one module per format.

``terminal``, ``markdown``, ``latex``, ``html`` and ``csv`` render documents; ``json`` dumps a
run's data, not rendered strings. ``FORMATS`` maps each format to the file suffixes ``-o``
recognises; ``write`` turns a document (or, for JSON, a run) into text.
"""

from __future__ import annotations

FORMATS: dict[str, tuple[str, ...]] = {
    "terminal": (".txt",),
    "markdown": (".md", ".markdown"),
    "json": (".json",),
    "latex": (".tex",),
    "html": (".html", ".htm"),
    "csv": (".csv",),
}


def format_for(path: str) -> str | None:
    """The format a file name's suffix asks for, or None."""
    lower = path.lower()
    for fmt, suffixes in FORMATS.items():
        if lower.endswith(suffixes):
            return fmt
    return None


def cell_parts(cell, fl) -> tuple[str, str]:
    """A trace cell as the lecture writes it: (rule, output), e.g. ``v₁ = v₋₁ v₀`` and
    ``3 × (-4) = -12``, in the flavor ``fl`` (Unicode text or LaTeX)."""
    from dataclasses import replace

    from tracer.core.printer import chain, format_value, render
    from tracer.views.document import BLANK

    rule = chain(cell.rule, fl, cell.relation)
    value = "" if cell.value is BLANK else format_value(cell.value, fl.digits, fl.latex)
    if cell.numbers is None:
        return rule, value
    numbers = render(cell.numbers, replace(fl, numbers=True))
    if not value:
        return rule, numbers
    if value.startswith(numbers + " "):  # exact: "ln(3) ≈ 1.099", not "ln(3) = ln(3) ≈ …"
        return rule, value
    return rule, f"{numbers} = {value}"


def table_cells(block, fl) -> tuple[list[str], list[list[str] | int]]:
    """A trace table's header row and its rows of texts (a Gap row is its hidden count): each
    group is rule | Output, or one column for a values-only group."""
    from tracer.core.printer import format_value
    from tracer.views.document import BLANK, Gap

    headers: list[str] = []
    for g, header in enumerate(block.headers):
        headers += [header] if g in block.values_only else [header, "Output"]
    rows: list[list[str] | int] = []
    for row in block.rows:
        if isinstance(row, Gap):
            rows.append(row.hidden)
            continue
        texts: list[str] = []
        for g, cell in enumerate(row):
            if g in block.values_only:
                texts.append("" if cell.value is BLANK else
                             format_value(cell.value, fl.digits, fl.latex))
            else:
                texts.extend(cell_parts(cell, fl))
        rows.append(texts)
    return headers, rows


def write(fmt: str, document, run, digits: int = 4, standalone: bool = False,
          width: int | None = None) -> str:
    """The text of a document in format ``fmt`` (JSON is written from the run's data)."""
    if fmt == "json":
        from tracer.render.json import render_json

        return render_json(run)
    if fmt == "markdown":
        from tracer.render.markdown import render_markdown

        return render_markdown(document, digits)
    if fmt == "latex":
        from tracer.render.latex import render_latex

        return render_latex(document, digits, standalone)
    if fmt == "html":
        from tracer.render.html import render_html

        return render_html(document, digits)
    if fmt == "csv":
        from tracer.render.csv import render_csv

        return render_csv(document, digits)
    from tracer.render.terminal import render_terminal

    return render_terminal(document, digits, width=width or 10_000)


def text_of(run, fmt: str, opts=None, digits: int = 4, quiz: str | None = None,
            standalone: bool = False, width: int | None = None, fragment: bool = False) -> str:
    """Any run as text in any format, as a quiz when ``quiz`` names a mode: the one path the
    command line and the Python API share. ``opts`` are the views' options."""
    if fmt == "json":
        body = write("json", None, run, digits)
        if quiz:
            import json

            from tracer.teaching.quiz import quiz_json

            body = json.dumps(quiz_json(json.loads(body), quiz), indent=2,
                              ensure_ascii=False) + "\n"
        return body
    from tracer import views

    doc = views.document(run, opts or views.ViewOptions())
    if quiz:
        from tracer.teaching.quiz import quiz as blank

        doc = blank(doc, quiz)
    if fmt == "html" and fragment:
        from tracer.render.html import render_html

        return render_html(doc, digits, fragment=True)
    return write(fmt, doc, run, digits, standalone, width)
