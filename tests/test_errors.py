"""The TracerError family: a message, and a place in the source when there is one."""

from __future__ import annotations

import pytest

from tracer.core.parse import parse
from tracer.errors import DomainError, ParseError, TracerError


def test_where_gives_line_column_and_text():
    err = ParseError("bad", "a = 1\nb = a a\n", 12)
    assert err.where() == (2, 6, "b = a a")
    assert ParseError("bad", "x", 5).where() == (1, 1, "x")  # clamped to the end
    assert TracerError("no place").where() is None


def test_located_sets_a_place_once():
    err = TracerError("bad").located("x + y", 2)
    assert (err.source, err.pos) == ("x + y", 2)
    assert err.located("other", 0).source == "x + y"


def test_domain_errors_name_their_row():
    err = DomainError("v_2 = ln(v_{-1}): log needs a positive argument", "log(x)", 0, row=2)
    assert err.row == 2 and isinstance(err, TracerError) and str(err) == err.message


@pytest.mark.parametrize("source, where", [
    ("a = x\ny = a + +\n", (2, 9, "y = a + +")),
    ("a = x\ny = (a + 1\n\n\n", (2, 10, "y = (a + 1")),
    ("x = \n", (1, 4, "x = ")),
])
def test_an_error_at_the_end_of_a_file_is_shown_on_its_last_line(source, where):
    """A file ends with a new line: an error at its end was shown on the empty line after
    it (line 3, nothing above the caret)."""
    with pytest.raises(ParseError) as caught:
        parse(source)
    assert caught.value.where() == where


def test_an_error_read_from_an_option_is_named_by_it_once():
    err = ParseError("expected a name", ",", 0).under("--wrt")
    assert err.message == "--wrt: expected a name" and str(err) == err.message
    assert err.under("--wrt").message == "--wrt: expected a name"  # not twice
    assert err.where() == (1, 0, ",")


def test_python_running_out_is_said_one_way_for_both_faces():
    from tracer.errors import LimitError, exhausted

    assert isinstance(exhausted(RecursionError()), LimitError)
    assert exhausted(RecursionError()).message == "the input is too deeply nested for tracer to " \
        "handle"
    assert exhausted(MemoryError()).message == "the input is too large for tracer to handle"
