"""A graded submission as plain data (tracer.teaching.marks)."""

from __future__ import annotations

import dataclasses

import pytest

from tracer.teaching.marks import MISSING, RIGHT, UNREADABLE, WRONG, GradeRun, Mark


def _mark(status: str) -> Mark:
    return Mark("Table 1, v_1, value", status, "-12", -12.0, "v_{-1} v_0")


def test_statuses_are_their_words():
    assert (RIGHT, WRONG, MISSING, UNREADABLE) == ("right", "wrong", "missing", "unreadable")


def test_only_a_right_mark_is_right():
    assert _mark(RIGHT).is_right
    assert not any(_mark(s).is_right for s in (WRONG, MISSING, UNREADABLE))


def test_a_mark_has_no_exact_form_unless_given():
    assert _mark(RIGHT).form == ""
    assert Mark("c", RIGHT, "-13/3", -13 / 3, "", form="-13/3").form == "-13/3"


def test_a_mark_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _mark(RIGHT).status = WRONG  # type: ignore[misc]


def test_right_counts_right_cells():
    run = GradeRun("a.csv", "b.csv", (_mark(RIGHT), _mark(WRONG), _mark(RIGHT),
                                      _mark(MISSING)), 1e-3, 1e-6)
    assert run.right == 2 and not run.passed


def test_passed_when_every_cell_is_right():
    assert GradeRun("a", "b", (_mark(RIGHT), _mark(RIGHT)), 1e-3, 1e-6).passed


def test_no_cells_is_passed_with_none_right():
    run = GradeRun("a", "b", (), 1e-3, 1e-6)
    assert run.right == 0 and run.passed
