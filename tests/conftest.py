"""Shared fixtures: the CLI runner and golden files.

Golden files hold whole rendered tables. ``pytest --update-golden`` rewrites them from the
current output; a mismatch fails with the actual text printed, ready to paste.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

GOLDEN = Path(__file__).parent / "golden"

# Speed is measured in benchmarks/, never in unit tests: no property test fails for taking
# longer than hypothesis's default 200 ms an example on a loaded machine.
settings.register_profile("tracer", deadline=None)
settings.load_profile("tracer")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"golden file {name} is missing; actual output:\n{actual}\n"
                        "(run pytest --update-golden to create it)")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            pytest.fail(f"output differs from golden file {name}; actual output:\n{actual}\n"
                        "(run pytest --update-golden to accept it)")

    return check


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

