"""The files a user names: reading them, and writing them without ever losing one.

Reading: UTF-8 text (a byte-order mark dropped), from a regular file or a pipe; a folder, a
device or a file too large to be a formula is refused with one clear error, before it is opened.

Writing behaves as a shell redirect would, but atomically and never over a user's file by
accident: the text goes to a temporary file beside the target, then takes the target's name.
A new file gets mode 0666 less the umask (0644 under the usual umask 022), a replaced one keeps
its mode; an existing file is replaced only with ``force``; two outputs naming the same file
(``./key.csv`` and ``key.csv``, or a link to it) are refused before anything is written; and
whatever fails, no temporary file is left behind.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from tracer.errors import InputFileError

MAX_BYTES = 100 * 2**20  # 100 MB: any longer formula or program is over the trace-row limit
CHUNK = 2**20  # characters encoded and written at a time


def read_text(path: str) -> str:
    """The file's text. A byte-order mark, as Excel and some editors write, is not part of it."""
    try:
        kind = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputFileError(f"no such file: {path}") from None
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read {path}: {_reason(exc)}") from None
    if stat.S_ISDIR(kind):
        raise InputFileError(f"cannot read {path}: it is a folder, not a file")
    if not (stat.S_ISREG(kind) or stat.S_ISFIFO(kind)):  # a pipe is fine: <(…) in a shell
        raise InputFileError(f"cannot read {path}: it is a device, not a regular file")
    try:
        with open(path, "rb") as handle:
            data = _read_limited(handle, path)
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {_reason(exc)}") from None
    return decode(data, path)


def read_stream(stream: BinaryIO, name: str = "standard input") -> str:
    """The text of a stream such as standard input, with the same limits as a file."""
    return decode(_read_limited(stream, name), name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text without a byte-order mark; one clear error for anything else."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        seen = exc.object  # the bytes decoded, after a byte-order mark
        line = seen.count(b"\n", 0, exc.start) + 1
        raise InputFileError(f"cannot read {name}: it is not UTF-8 text (line {line} has the "
                             f"byte 0x{seen[exc.start]:02x}; save it as UTF-8)") from None


def _read_limited(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputFileError(f"cannot read {name}: it is larger than {MAX_BYTES // 2**20} MB, "
                             "far more than a formula or an answer key")
    return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):  # a NUL byte in the name
        return "the name holds a NUL character"
    return getattr(exc, "strerror", None) or str(exc)


# --- writing --------------------------------------------------------------------------------------

def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def check_writable(path: Path, force: bool) -> None:
    """Refuse, before anything is written, a path that is a folder, that exists (without
    ``force``; a link counts, even a broken one), or whose folder does not exist."""
    text = str(path)
    if not text or "\0" in text:
        raise InputFileError(f"cannot write {text!r}: give a file name such as trace.md")
    if path.is_dir():
        raise InputFileError(f"{path} is a folder; give a file name such as {path / 'trace.md'}")
    if path.exists() and not path.is_file():  # /dev/null: replacing it would be a disaster
        raise InputFileError(f"cannot write {path}: it is a device, not a regular file")
    if os.path.lexists(path) and not force:
        raise InputFileError(f"{path} exists; use --force to replace it")
    parent = _folder(_target(path))
    if not parent.is_dir():
        raise InputFileError(f"cannot write {path}: the folder {parent} does not exist")


def check_distinct(paths: Sequence[Path], reads: Sequence[str | Path] = ()) -> None:
    """Refuse two outputs that are one file, however spelled (``./a.csv`` and ``a.csv``, a link
    and its target, two hard links), and an output that is a file the command reads (even
    with --force: the result would replace its own question)."""
    read = {_identity(Path(r)): r for r in reads}
    seen: dict[tuple, Path] = {}
    for path in paths:
        key = _identity(path)
        if key in read:
            same = "" if str(read[key]) == str(path) else f" (as {read[key]})"
            raise InputFileError(f"{path} is a file this command reads{same}; write the result "
                                 "to another file")
        if key in seen:
            if str(seen[key]) == str(path):
                raise InputFileError(f"{path} is named twice; give two different files")
            raise InputFileError(f"{seen[key]} and {path} are the same file; give two "
                                 "different names")
        seen[key] = path


def _identity(path: Path) -> tuple:
    try:
        st = os.stat(path)
        return ("inode", st.st_dev, st.st_ino)
    except (OSError, ValueError):
        try:
            return ("path", os.path.realpath(path))
        except (OSError, ValueError):
            return ("name", str(path))


def _target(path: Path) -> Path:
    """Where a write to ``path`` lands: through a symbolic link, as a shell redirect does."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_atomically(path: Path, data: str | bytes, force: bool,
                     reads: Sequence[str | Path] = ()) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` through a temporary file, never replacing a
    file without ``force``, nor ever one of ``reads``."""
    write_all([(path, data)], force, reads)


def write_all(files: Sequence[tuple[Path, str | bytes]], force: bool,
              reads: Sequence[str | Path] = ()) -> None:
    """Write several files, all or none: every check comes first, every text is written to its
    temporary file next, and only then does each take its name. Should a rename still fail, the
    files this call created are removed again."""
    paths = [p for p, _ in files]
    check_distinct(paths, reads)
    for path in paths:
        check_writable(path, force)
    temporaries: list[tuple[Path, str]] = []
    created: list[Path] = []
    try:
        for path, data in files:
            temporaries.append((path, _temporary(path, data)))
        for path, tmp in temporaries:
            _commit(tmp, path, force, created)
    except BaseException:
        for path in created:
            _remove(path)
        raise
    finally:
        for _, tmp in temporaries:
            _remove(tmp)


def _temporary(path: Path, data: str | bytes) -> str:
    """A new file beside ``path``'s target holding ``data``, with the mode the target will have:
    the replaced file's, or 0666 less the umask (the kernel applies it as it creates the file)."""
    target = _target(path)
    try:
        mode: int | None = os.stat(target).st_mode & 0o777
    except OSError:
        mode = None
    tmp = str(_folder(target) / f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:  # the replaced file's mode exactly, before a byte is written
                os.fchmod(handle.fileno(), mode)
            if isinstance(data, str):  # a piece at a time: no second copy of a long text
                for start in range(0, len(data), CHUNK):
                    handle.write(data[start:start + CHUNK].encode("utf-8"))
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        _remove(tmp)
        raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _commit(tmp: str, path: Path, force: bool, created: list[Path]) -> None:
    """Give the temporary file its name: replacing the target with ``force``; otherwise only
    if nothing has appeared there meanwhile (a hard link fails rather than replace)."""
    target = _target(path)
    if force:
        existed = os.path.lexists(target)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None
        if not existed:
            created.append(target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InputFileError(f"{path} exists; use --force to replace it") from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(target):
            raise InputFileError(f"{path} exists; use --force to replace it") from None
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None
    created.append(target)


def _remove(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass  # nothing more can be done; the error that brought us here is the one to report
