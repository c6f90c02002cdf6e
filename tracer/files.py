"""The files a user names: reading them, and writing them without ever losing one.

Reading: UTF-8 text (a byte-order mark dropped), from a regular file or a pipe; a folder, a
device or a file too large to be a formula is refused with one clear error, before it is opened.

Writing behaves as a shell redirect would, but atomically and never over a user's file by
accident: the text goes to a temporary file beside the target, then takes the target's name.
A new file gets mode 0666 less the umask (0644 under the usual umask 022), a replaced one keeps
its mode (and its owner and group, as far as the writer may give them); an existing file is
replaced only with ``force``; two outputs naming the same file
(``./key.csv`` and ``key.csv``, or a link to it) are refused before anything is written; and
whatever fails, no temporary file is left behind.

A stream is written as a stream, never replaced: ``-`` is standard output; ``/dev/stdout``,
``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` (or a link to one) are the descriptor
tracer already holds, written where the shell left it (``>> log.txt`` keeps log.txt's lines:
opening the link again would start at the file's beginning, and renaming over it would
replace the file the shell opened); a named pipe is opened and written.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from tracer.errors import InputFileError, UsageProblem

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


# Byte-order marks that say how a text is encoded (UTF-32's first: FF FE 00 00 starts both)
_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str) -> str:
    """UTF-8 text without a byte-order mark, or text whose byte-order mark says UTF-16 or
    UTF-32 (Windows PowerShell's ``>`` and Excel's "Unicode text" write UTF-16); one clear
    error for anything else."""
    codec = next((c for mark, c in _MARKS if data.startswith(mark)), None)
    if codec is not None:
        try:
            return data.decode(codec).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise InputFileError(f"cannot read {name}: it is not UTF-8 text (it starts with a "
                                 f"{codec.upper()} byte-order mark but is not {codec.upper()} "
                                 "text; save it as UTF-8)") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        seen = exc.object  # the bytes decoded, after a byte-order mark
        line = seen.count(b"\n", 0, exc.start) + 1
        raise InputFileError(f"cannot read {name}: it is not UTF-8 text (line {line} has the "
                             f"byte 0x{seen[exc.start]:02x}; save it as UTF-8)") from None
    if "\x00" in text and _wide(data):
        raise InputFileError(f"cannot read {name}: it is not UTF-8 text (every other byte is 0, "
                             "as in UTF-16 text without a byte-order mark; save it as UTF-8)")
    return text


def _wide(data: bytes) -> bool:
    """Does ``data`` look like UTF-16 text of ASCII characters: a 0 in every other byte?"""
    head = data[:4096]
    pairs = len(head) // 2
    return pairs > 0 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.9 * pairs


def _read_limited(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputFileError(f"cannot read {name}: it is larger than {MAX_BYTES // 2**20} MB, "
                             "far more than a formula or an answer key")
    return data


def _reason(exc: BaseException) -> str:
    """Why: "file name too long", "permission denied" (the system's words, in lower case)."""
    if isinstance(exc, ValueError):  # a NUL byte in the name
        return "the name holds a NUL character"
    said = getattr(exc, "strerror", None) or str(exc)
    return said[:1].lower() + said[1:] if said[1:2].islower() else said


def _stat(path: str | Path, what: str = "write") -> os.stat_result | None:
    """``os.stat``, following links: None when nothing is there (or a part of the path is not
    a folder); one clear error for a name that cannot be looked up at all (over 255 bytes, a
    loop of links, a folder it may not enter)."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot {what} {path}: {_reason(exc)}") from None


# --- writing --------------------------------------------------------------------------------------

STDOUT = "-"  # as an output name: standard output, as - is standard input as an input name
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_HOPS = 40  # links followed at most (the kernel's own limit)


@functools.cache  # compiled when first needed: most names are not such links
def _fd_link() -> re.Pattern[str]:
    return re.compile(r"/proc/(self|thread-self|\d+)(?:/task/\d+)?/fd/(\d+)|/dev/fd/(\d+)")


def descriptor(path: Path) -> int | None:
    """The open file descriptor a write to ``path`` goes to as a stream: 1 for ``-``, 0, 1 or
    2 for /dev/stdin, /dev/stdout or /dev/stderr, N for /dev/fd/N or /proc/self/fd/N, each
    named directly or through links; None for any other path."""
    text = str(path)
    if text == STDOUT:
        return 1
    if not text or "\0" in text:
        return None
    try:
        current = os.path.abspath(text)
        for _ in range(_HOPS):
            folder, name = os.path.split(current)
            current = os.path.join(os.path.realpath(folder), name)
            found = _descriptor_named(current, text)
            if found is not None or not os.path.islink(current):
                return found
            current = os.path.normpath(os.path.join(os.path.dirname(current),
                                                    os.readlink(current)))
    except (OSError, ValueError):
        return None  # not a descriptor's name: the checks on files say what is wrong with it
    return None


def _descriptor_named(path: str, given: str) -> int | None:
    if path in _STANDARD:
        return _STANDARD[path]
    match = _fd_link().fullmatch(path)
    if match is None:
        return None
    pid = match.group(1)
    if pid is not None and pid.isdigit() and int(pid) != os.getpid():
        raise InputFileError(f"cannot write {given}: it is another program's open file")
    return int(match.group(2) or match.group(3))


def is_stream(path: Path) -> bool:
    """Is ``path`` written as a stream (standard output, a descriptor, a named pipe), rather
    than replaced by a new file?"""
    if descriptor(path) is not None:
        return True
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def output_name(text: str) -> Path:
    """An output file's name as typed: one ending in / names a folder (a Path drops the /,
    and ``-o notes.md/`` wrote the file notes.md), refused as the shell's ``> x/`` is."""
    if text.endswith(("/", os.sep)) and text.strip("/" + os.sep):
        raise UsageProblem(f"{text} ends with /, so it names a folder, not a file: give a "
                           "file's name")
    if text.endswith(("/.", os.sep + ".")):  # a.md/. is a.md to a Path
        raise UsageProblem(f"{text} ends with /., so it names a folder, not a file: give a "
                           "file's name")
    if text != STDOUT and Path(text) == Path(STDOUT):  # ./- is the file named -, as a shell's
        return Path.cwd() / STDOUT  # > ./- writes it (a Path drops ./, which made it stdout)
    return Path(text)


def refuse_folder(path: Path) -> None:
    """Refuse a folder as an output (it has no suffix to tell a format by), and a name that
    cannot be looked up at all (over 255 bytes, a loop of links)."""
    if descriptor(path) is None:
        found = _stat(path)
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise InputFileError(f"{path} is a folder; give a file name such as "
                                 f"{path / 'trace.md'}")


def check_writable(path: Path, force: bool) -> None:
    """Refuse, before anything is written, a path that is a folder or a device, that exists
    (without ``force``; a link counts, even a broken one), whose folder does not exist, or a
    descriptor not open for writing. A stream needs no ``force``: nothing is replaced."""
    text = str(path)
    if not text or "\0" in text:
        raise InputFileError(f"cannot write {text!r}: give a file name such as trace.md")
    fd = descriptor(path)
    if fd is not None:
        _check_descriptor(path, fd)
        return
    found = _stat(path)
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise InputFileError(f"{path} is a folder; give a file name such as "
                                 f"{path / 'trace.md'}")
        if stat.S_ISFIFO(found.st_mode):  # a named pipe: written as a stream
            return
        if not stat.S_ISREG(found.st_mode):  # /dev/null: replacing it would be a disaster
            kind = "a socket" if stat.S_ISSOCK(found.st_mode) else "a device"
            raise InputFileError(f"cannot write {path}: it is {kind}, not a regular file")
    if os.path.lexists(path) and not force:
        raise InputFileError(f"{path} exists; use --force to replace it")
    parent = _folder(_target(path))
    up = _stat(parent)
    if up is None:
        raise InputFileError(f"cannot write {path}: the folder {parent} does not exist")
    if not stat.S_ISDIR(up.st_mode):
        raise InputFileError(f"cannot write {path}: {parent} is a file, not a folder")


def _check_descriptor(path: Path, fd: int) -> None:
    """A descriptor is written only if the shell opened it for writing: one tracer opened
    itself (Python marks those close-on-exec; an inherited one cannot be) is not the user's."""
    if fd == 0:
        raise InputFileError(f"cannot write {path}: it is standard input; write to - "
                             "(standard output) or a file")
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): os.fstat says whether it is open at all
        fcntl = None  # type: ignore[assignment]
    try:
        os.fstat(fd)
        flags = fcntl.fcntl(fd, fcntl.F_GETFL) if fcntl else os.O_WRONLY
        ours = fd > 2 and fcntl is not None and fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
    except (OSError, OverflowError, ValueError):
        ours = True
    if ours and fd in (1, 2):
        which = "output" if fd == 1 else "error"
        raise InputFileError(f"cannot write {path}: standard {which} is closed")
    if ours:
        raise InputFileError(f"cannot write {path}: no file is open as descriptor {fd} (a "
                             f"shell opens one with {fd}> FILE)")
    if flags & os.O_ACCMODE == os.O_RDONLY:
        raise InputFileError(f"cannot write {path}: descriptor {fd} is open for reading only")


def check_distinct(paths: Sequence[Path], reads: Sequence[str | Path] = ()) -> None:
    """Refuse two outputs that are one file, however spelled (``./a.csv`` and ``a.csv``, a link
    and its target, two hard links), and an output that is a file the command reads (even
    with --force: the result would replace its own question). Streams are written in turn,
    replacing nothing: two may be one (``-`` and /dev/stdout), or a file the command read
    (``>> notes.md``), but not a file another output replaces."""
    read = {_identity(Path(r)): r for r in reads}
    seen: dict[tuple, Path] = {}
    streams: list[tuple[tuple, Path]] = []
    for path in paths:
        key = _identity(path)
        if is_stream(path):
            streams.append((key, path))
            continue
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
    for key, path in streams:
        if key in seen:
            raise InputFileError(f"{path} and {seen[key]} are the same file; give two "
                                 "different names")


def _identity(path: Path) -> tuple:
    try:
        fd = descriptor(path)
        st = os.stat(path) if fd is None else os.fstat(fd)
        return ("inode", st.st_dev, st.st_ino)
    except (OSError, OverflowError, ValueError, InputFileError):
        try:
            return ("path", os.path.realpath(path))
        except (OSError, ValueError):
            return ("name", str(path))


def _target(path: Path) -> Path:
    """Where a write to ``path`` lands: through a symbolic link, as a shell redirect does; never
    through a link to a descriptor (/dev/stdout, /proc/self/fd/1), which would rename over the
    file the shell opened: those are streams."""
    if descriptor(path) is not None:
        raise InputFileError(f"cannot write {path} as a file: it is a stream")
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def write_atomically(path: Path, data: str | bytes, force: bool,
                     reads: Sequence[str | Path] = ()) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` through a temporary file, never replacing a
    file without ``force``, nor ever one of ``reads``; a stream is written as a stream."""
    write_all([(path, data)], force, reads)


def write_all(files: Sequence[tuple[Path, str | bytes]], force: bool,
              reads: Sequence[str | Path] = ()) -> None:
    """Write several files, all or none: every check comes first, every text is written to its
    temporary file next, and only then does each take its name. Should a rename still fail, the
    files this call created are removed again. Streams are written last, once the files are."""
    paths = [p for p, _ in files]
    check_distinct(paths, reads)
    for path in paths:
        check_writable(path, force)
    streamed = [is_stream(path) for path in paths]
    temporaries: list[tuple[Path, str]] = []
    created: list[Path] = []
    try:
        for (path, data), stream in zip(files, streamed, strict=True):
            if not stream:
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
    for (path, data), stream in zip(files, streamed, strict=True):
        if stream:
            _write_stream(path, data)


def _pieces(data: str | bytes):
    """``data`` as bytes, a piece at a time: no second copy of a long text."""
    if isinstance(data, bytes):
        yield data
        return
    for start in range(0, len(data), CHUNK):
        yield data[start:start + CHUNK].encode("utf-8")


def _temporary(path: Path, data: str | bytes) -> str:
    """A new file beside ``path``'s target holding ``data``, with the mode the target will have:
    the replaced file's, or 0666 less the umask (the kernel applies it as it creates the file)."""
    target = _target(path)
    try:
        replaced: os.stat_result | None = os.stat(target)
    except OSError:
        replaced = None
    mode = None if replaced is None else replaced.st_mode & 0o777
    tmp = str(_folder(target) / f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if replaced is not None:  # the replaced file's owner and mode, before a byte
                _keep_owner(handle.fileno(), replaced)  # is written
                os.fchmod(handle.fileno(), replaced.st_mode & 0o777)
            for piece in _pieces(data):
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        _remove(tmp)
        raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _keep_owner(fd: int, replaced: os.stat_result) -> None:
    """The replaced file's owner and group, as far as this user may give them: a shell
    redirect writes into the file, which keeps both (a course folder's file owned by its
    group became the writer's own, its group shut out). Root gives both; another user the
    group, where it is one of theirs; neither is an error."""
    if not hasattr(os, "fchown"):
        return
    for uid, gid in ((replaced.st_uid, replaced.st_gid), (-1, replaced.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


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


# --- streams --------------------------------------------------------------------------------------

def _write_stream(path: Path, data: str | bytes) -> None:
    """Write to standard output or error (after what Python holds for it), to an inherited
    descriptor, or to a named pipe something reads from, where it stands: nothing is replaced."""
    fd = descriptor(path)
    try:
        if fd is None:
            _write_pipe(path, data)
        elif fd in (1, 2):
            _write_standard(sys.stdout if fd == 1 else sys.stderr, fd, data)
        else:
            _write_fd(fd, data)
    except BrokenPipeError:  # the reader stopped (| head): as for standard output, no error
        if fd in (1, 2):  # and nothing more for it to flush at the exit
            let_go("stdout" if fd == 1 else "stderr")
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {_reason(exc)}") from None


def let_go(stream: str) -> None:
    """Put ``sys.stdout`` (or ``sys.stderr``) on the null device once what it wrote to has
    gone (a reader that stopped, a full disk): nothing is left to flush, and fail, at the
    exit."""
    setattr(sys, stream, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (kept)


def _write_standard(stream, fd: int, data: str | bytes) -> None:
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None and isinstance(data, str):  # a text stream stood in for it (as in tests)
        stream.write(data)
    elif buffer is None:
        _write_fd(fd, data)
    else:
        for piece in _pieces(data):
            buffer.write(piece)
        buffer.flush()


def _write_fd(fd: int, data: str | bytes) -> None:
    for piece in _pieces(data):
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view):]


def _write_pipe(path: Path, data: str | bytes) -> None:
    """A named pipe is opened without waiting: with no reader, opening it would wait forever."""
    import errno

    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputFileError(f"cannot write {path}: it is a pipe nothing reads from; start "
                                 "the program that reads it first") from None
        raise
    try:
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):  # replaced since the checks: not written
            raise InputFileError(f"cannot write {path}: it changed while tracer worked")
        os.set_blocking(fd, True)
        _write_fd(fd, data)
    finally:
        os.close(fd)
