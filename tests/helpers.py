"""Helpers shared by test modules (pytest puts tests/ on sys.path)."""

from __future__ import annotations

from typer.testing import CliRunner

LECTURE = "x1*x2+x2-log(x1)"


def run(runner: CliRunner, *args: str, input: str | None = None):
    """Invoke the CLI as a user would; the result keeps stdout and stderr apart."""
    from tracer.cli import app

    return runner.invoke(app, list(args), input=input, catch_exceptions=False)
