"""Reading and writing the files a user names."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

import tracer
from tracer import files
from tracer.errors import InputFileError, UsageProblem
from tracer.files import (
    check_distinct,
    output_name,
    read_stream,
    read_text,
    write_all,
    write_atomically,
)


@pytest.fixture
def umask():
    """Set the umask for one test; the old one comes back after it."""
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- reading --------------------------------------------------------------------------------------

def test_reads_utf8_and_drops_a_byte_order_mark(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes("\ufeffy = x₁ + 1\n".encode())
    assert read_text(str(path)) == "y = x₁ + 1\n"


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file: "),
    (lambda p: p.mkdir(), "it is a folder"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00"), "it is not UTF-8 text"),
    (lambda p: p.write_bytes(b"x = 1\n\xc3("), "line 2 has the byte 0xc3"),
])
def test_a_file_that_cannot_be_read_is_one_clear_error(tmp_path, make, message):
    path = tmp_path / "f.csv"
    make(path)
    with pytest.raises(InputFileError, match=message) as info:
        read_text(str(path))
    assert str(path) in info.value.message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_text_whose_byte_order_mark_says_utf16_or_utf32_is_read(tmp_path, codec):
    """Windows PowerShell's ``>`` and Excel's "Unicode text" write UTF-16 with its mark."""
    path = tmp_path / "f.txt"
    path.write_bytes(("\ufeff" if codec[-3:] in ("-be", "-le") else "").encode(codec) +
                     "y = x₁^2\r\n".encode(codec))
    assert read_text(str(path)).replace("\r\n", "\n") == "y = x₁^2\n"
    assert read_stream(io.BytesIO(path.read_bytes())).startswith("y = x₁^2")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_mark_is_named_not_read_as_nul_characters(tmp_path, codec):
    path = tmp_path / "f.txt"
    path.write_bytes("y = x^2 + 1\n".encode(codec))  # was: unexpected character '\x00'
    with pytest.raises(InputFileError, match="every other byte is 0, as in UTF-16 text"):
        read_text(str(path))
    path.write_bytes(b"x\x00 + 1")  # a NUL in UTF-8 text is the formula's to report
    assert read_text(str(path)) == "x\x00 + 1"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_is_not_read():
    with pytest.raises(InputFileError, match="/dev/null: it is a device, not a regular file"):
        read_text("/dev/null")


@pytest.mark.parametrize("name", ["", "a\0b"])
def test_an_impossible_name_is_an_error(name):
    with pytest.raises(InputFileError):
        read_text(name)


def test_a_file_too_large_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("x" * 11, encoding="utf-8")
    with pytest.raises(InputFileError, match="larger than"):
        read_text(str(path))
    assert read_stream(io.BytesIO(b"x" * 10)) == "x" * 10


def test_a_stream_that_is_not_utf8_is_named():
    with pytest.raises(InputFileError, match="cannot read standard input: it is not UTF-8"):
        read_stream(io.BytesIO(b"x\xff"))
    assert read_stream(io.BytesIO(b"\xef\xbb\xbfx")) == "x"


# --- writing: modes as a shell redirect gives them ----------------------------------------------

@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_0666_less_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    target = tmp_path / "new.md"
    write_atomically(target, "hello", force=False)
    assert target.read_text(encoding="utf-8") == "hello"
    assert mode(target) == expected
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, kept):
    umask(0o022)
    target = tmp_path / "old.md"
    target.write_text("mine", encoding="utf-8")
    target.chmod(kept)
    write_atomically(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new" and mode(target) == kept
    assert leftovers(tmp_path) == []


def test_a_replaced_file_keeps_its_owner_and_group_where_the_writer_may_give_them(tmp_path):
    """A shell redirect writes into the file, which keeps its owner and group; the renamed
    temporary file was the writer's own (a course group's file left its group)."""
    target = tmp_path / "shared.md"
    target.write_text("theirs", encoding="utf-8")
    others = [g for g in os.getgroups() if g != os.getegid()]
    if os.geteuid() == 0:
        owner, group = 65534, 65534  # nobody's
    elif others:
        owner, group = os.geteuid(), others[0]
    else:
        pytest.skip("needs root, or a second group of this user's")
    os.chown(target, owner, group)
    write_atomically(target, "new", force=True)
    st = os.stat(target)
    assert (st.st_uid, st.st_gid) == (owner, group)
    assert target.read_text(encoding="utf-8") == "new" and leftovers(tmp_path) == []


def test_dot_slash_dash_is_the_file_named_dash_not_standard_output(tmp_path, monkeypatch):
    """-o ./- wrote to standard output: a Path drops ./, leaving -."""
    monkeypatch.chdir(tmp_path)
    assert output_name("-") == Path("-")
    assert output_name("./-") == output_name(".//-") == tmp_path / "-"
    write_atomically(output_name("./-"), "text", force=False)
    assert (tmp_path / "-").read_text(encoding="utf-8") == "text"


def test_bytes_are_written_as_they_are(tmp_path):
    target = tmp_path / "g.png"
    write_atomically(target, b"\x89PNG\0", force=False)
    assert target.read_bytes() == b"\x89PNG\0"


# --- writing: never over a user's file -----------------------------------------------------------

def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    target = tmp_path / "t.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(InputFileError, match="exists; use --force"):
        write_atomically(target, "new", force=False)
    assert target.read_text(encoding="utf-8") == "mine" and leftovers(tmp_path) == []


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: None, "does not exist"),
])
def test_folders_are_refused(tmp_path, make, message):
    target = tmp_path / "t.md"
    make(target)
    path = target if target.exists() else tmp_path / "missing" / "t.md"
    for force in (False, True):
        with pytest.raises(InputFileError, match=message):
            write_atomically(path, "x", force)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_is_never_replaced():
    for force in (False, True):
        with pytest.raises(InputFileError, match="it is a device"):
            write_atomically(Path("/dev/null"), "x", force)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_is_written_through_and_kept(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("mine", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(InputFileError, match="exists"):
        write_atomically(link, "new", force=False)
    write_atomically(link, "new", force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert mode(real) == 0o640 and leftovers(tmp_path) == []


def test_a_broken_link_counts_as_existing(tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(InputFileError, match="exists"):
        write_atomically(link, "new", force=False)
    assert not (tmp_path / "nowhere.md").exists()


# --- several files: all or none, and never one file twice ---------------------------------------

def test_the_same_file_under_two_names_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real.csv").write_text("mine", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    os.link(tmp_path / "real.csv", tmp_path / "hard.csv")
    for a, b in [("same.csv", "same.csv"), ("./same.csv", "same.csv"),
                 ("sub/../same.csv", "same.csv"), ("link.csv", "real.csv"),
                 ("hard.csv", "real.csv"), (str(tmp_path / "x.csv"), "x.csv")]:
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(InputFileError, match=r"same file|named twice"):
            check_distinct([Path(a), Path(b)])
    check_distinct([Path("a.csv"), Path("b.csv")])


def test_a_file_the_command_reads_is_never_written(tmp_path):
    source = tmp_path / "f.txt"
    source.write_text("x^2", encoding="utf-8")
    with pytest.raises(InputFileError, match="a file this command reads"):
        write_atomically(tmp_path / "." / "f.txt", "table", force=True, reads=[str(source)])
    assert source.read_text(encoding="utf-8") == "x^2" and leftovers(tmp_path) == []


def test_two_files_are_written_both_or_neither(tmp_path):
    first, second = tmp_path / "quiz.md", tmp_path / "key.md"
    second.write_text("mine", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"key\.md exists"):
        write_all([(first, "quiz"), (second, "key")], force=False)
    assert not first.exists() and second.read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path) == []
    write_all([(first, "quiz"), (second, "key")], force=True)
    assert first.read_text(encoding="utf-8") == "quiz"
    assert second.read_text(encoding="utf-8") == "key"


def test_a_failed_rename_removes_what_was_created(tmp_path, monkeypatch):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    real_link = os.link

    def link(src, dst, *args, **kwargs):
        if str(dst).endswith("b.md"):
            raise FileExistsError(dst)  # someone made b.md after the checks
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    with pytest.raises(InputFileError, match=r"b\.md exists"):
        write_all([(first, "a"), (second, "b")], force=False)
    assert not first.exists() and not second.exists() and leftovers(tmp_path) == []


def test_an_unwritable_folder_is_one_clear_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputFileError, match="cannot write"):
            write_atomically(folder / "t.md", "x", force=False)
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("name", ["", "a\0b"])
def test_an_impossible_output_name_is_an_error(name):
    with pytest.raises(InputFileError):
        files.check_writable(Path(name) if name else Path(), force=True)


def test_a_long_text_is_written_whole_in_pieces(tmp_path):
    text = ("é" * 3 + "a\n") * (files.CHUNK // 2)  # several pieces, multi-byte characters
    path = tmp_path / "long.txt"
    write_atomically(path, text, force=False)
    assert path.read_text(encoding="utf-8") == text


# --- names the system cannot look up ----------------------------------------------------------

@pytest.mark.parametrize("name", ["a" * 300 + ".md", "a" * 300 + "/t.md"])
def test_a_name_too_long_is_one_clear_error(tmp_path, name):
    path = tmp_path / name
    for force in (False, True):
        with pytest.raises(InputFileError, match=r"cannot write .*: file name too long"):
            write_atomically(path, "x", force)
    with pytest.raises(InputFileError, match="file name too long"):
        files.refuse_folder(path)
    with pytest.raises(InputFileError, match=r"cannot read .*: file name too long"):
        read_text(str(path))
    assert leftovers(tmp_path) == []


def test_a_loop_of_links_is_one_clear_error(tmp_path):
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    with pytest.raises(InputFileError, match="too many levels of symbolic links"):
        write_atomically(loop, "x", force=True)
    assert loop.is_symlink() and leftovers(tmp_path) == []


def test_a_file_in_place_of_a_folder_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"notes\.txt is a file, not a folder"):
        write_atomically(tmp_path / "notes.txt" / "t.md", "x", force=True)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# --- streams: written where they stand, never replaced ------------------------------------------

@pytest.mark.parametrize(("name", "fd"), [
    ("-", 1), ("/dev/stdout", 1), ("/dev/stderr", 2), ("/dev/stdin", 0), ("/dev/fd/7", 7),
    ("/proc/self/fd/4", 4), (f"/proc/{os.getpid()}/fd/5", 5), ("/dev/./fd/6", 6),
])
def test_descriptors_are_known_by_name(name, fd):
    assert files.descriptor(Path(name)) == fd
    assert files.is_stream(Path(name))


def test_a_link_to_standard_output_is_standard_output(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to("/dev/stdout")
    chain = tmp_path / "chain.md"
    chain.symlink_to(link)
    assert files.descriptor(link) == 1 and files.descriptor(chain) == 1
    assert files.descriptor(tmp_path / "plain.md") is None
    assert files.descriptor(Path("/dev/null")) is None


def test_another_programs_descriptor_is_refused():
    with pytest.raises(InputFileError, match="another program's open file"):
        files.descriptor(Path(f"/proc/{os.getpid() + 1}/fd/1"))


def test_an_atomic_write_never_renames_over_a_descriptors_file(tmp_path):
    """/proc/self/fd/N leads to the file the shell opened: a rename would replace it."""
    with pytest.raises(InputFileError, match="it is a stream"):
        files._target(Path("/dev/stdout"))


def inherited(path: Path, flags: int) -> int:
    """A descriptor as a shell hands it over (it survives exec: not close-on-exec)."""
    fd = os.open(path, flags)
    os.set_inheritable(fd, True)
    return fd


def test_a_descriptor_is_written_where_the_shell_left_it(tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("line1\n", encoding="utf-8")
    inode = log.stat().st_ino
    fd = inherited(log, os.O_WRONLY | os.O_APPEND)
    try:
        for force in (False, True):  # nothing is replaced: no --force needed
            write_atomically(Path(f"/dev/fd/{fd}"), f"table {force}\n", force)
    finally:
        os.close(fd)
    assert log.read_text(encoding="utf-8") == "line1\ntable False\ntable True\n"
    assert log.stat().st_ino == inode and leftovers(tmp_path) == []


def test_a_descriptor_not_the_users_is_refused(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("mine", encoding="utf-8")
    own = os.open(path, os.O_WRONLY)  # tracer's own: close-on-exec, as Python opens files
    reading = inherited(path, os.O_RDONLY)
    try:
        for fd, message in [(own, "no file is open as descriptor"),
                            (reading, "open for reading only")]:
            with pytest.raises(InputFileError, match=message):
                write_atomically(Path(f"/dev/fd/{fd}"), "x", force=True)
    finally:
        os.close(own)
        os.close(reading)
    with pytest.raises(InputFileError, match="it is standard input"):
        files.check_writable(Path("/dev/stdin"), force=True)
    assert path.read_text(encoding="utf-8") == "mine"


def test_standard_output_is_written_as_a_stream(capfdbinary):
    write_all([(Path("-"), "one\n"), (Path("/dev/stdout"), b"two\n")], force=False)
    assert capfdbinary.readouterr().out == b"one\ntwo\n"


def test_a_named_pipe_is_written_to_its_reader(tmp_path):
    pipe = tmp_path / "p"
    os.mkfifo(pipe)
    with pytest.raises(InputFileError, match="a pipe nothing reads from"):
        write_atomically(pipe, "x", force=False)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader, as `cat p &` would be
    try:
        write_atomically(pipe, "é" * 3 + "\n", force=False)  # less than the pipe holds
        assert os.read(reader, 100) == "ééé\n".encode()
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and leftovers(tmp_path) == []


def test_streams_may_share_but_not_with_a_replaced_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check_distinct([Path("-"), Path("/dev/stdout")])  # both appended, in turn
    log = tmp_path / "log.txt"
    log.write_text("", encoding="utf-8")
    fd = inherited(log, os.O_WRONLY)
    try:
        with pytest.raises(InputFileError, match="are the same file"):
            check_distinct([Path(f"/dev/fd/{fd}"), Path("log.txt")])
        check_distinct([Path(f"/dev/fd/{fd}")], reads=["log.txt"])  # appending to what it read
    finally:
        os.close(fd)


def test_the_systems_reason_reads_as_part_of_the_sentence():
    assert files._reason(OSError(36, "File name too long")) == "file name too long"
    assert files._reason(OSError(5, "EIO")) == "EIO"


def test_an_output_name_ending_in_a_slash_names_a_folder_for_both_faces(tmp_path):
    """Path("notes.md/") is notes.md: the name is judged as typed, before it is a Path."""
    assert output_name("notes.md") == Path("notes.md") and output_name("/") == Path("/")
    with pytest.raises(UsageProblem, match=r"notes\.md/ ends with /, so it names a folder"):
        output_name("notes.md/")
    plot = tracer.trace("sin(x)", {"x": 1}).plot("x=0..1")
    with pytest.raises(UsageProblem, match="ends with /"):
        plot.save(str(tmp_path / "p.json") + "/")
    with pytest.raises(UsageProblem, match=r"notes\.md/\. ends with /\., so it names a folder"):
        output_name("notes.md/.")  # a Path makes it notes.md
    with pytest.raises(UsageProblem, match=r"ends with /\."):
        plot.save(str(tmp_path / "p.json") + "/.")
    assert list(tmp_path.iterdir()) == []
