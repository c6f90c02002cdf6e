"""Reading a file a user names: UTF-8 text, one clear error when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from tracer.errors import InputFileError


def read_text(path: str) -> str:
    """The file's text. A byte-order mark, as Excel and some editors write, is not part of it."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise InputFileError(f"cannot read {path}: it is not UTF-8 text") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
