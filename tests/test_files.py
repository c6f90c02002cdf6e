"""Reading a file a user names."""

from __future__ import annotations

import pytest

from tracer.errors import InputFileError
from tracer.files import read_text


def test_reads_utf8_and_drops_a_byte_order_mark(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes("\ufeffy = x₁ + 1\n".encode())
    assert read_text(str(path)) == "y = x₁ + 1\n"


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file: "),
    (lambda p: p.mkdir(), "cannot read "),
    (lambda p: p.write_bytes(b"\xff\xfe\x00"), "it is not UTF-8 text"),
])
def test_a_file_that_cannot_be_read_is_one_clear_error(tmp_path, make, message):
    path = tmp_path / "f.csv"
    make(path)
    with pytest.raises(InputFileError, match=message) as info:
        read_text(str(path))
    assert str(path) in info.value.message
