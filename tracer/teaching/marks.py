"""A graded submission as plain data: each cell's mark, and the score.

``tracer.teaching.grade`` computes it; the views show it. It lives apart from both so that
neither needs the other: the marks are data, like every run.
"""

from __future__ import annotations

from dataclasses import dataclass

RIGHT, WRONG, MISSING, UNREADABLE = "right", "wrong", "missing", "unreadable"


@dataclass(frozen=True)
class Mark:
    where: str  # the cell: table, row and column
    status: str  # right, wrong, missing or unreadable
    submitted: str  # what the student wrote
    expected: float
    rule: str  # what the row's rule gives, from the key
    form: str = ""  # an exact cell's: the key's exact form (-13/3), ``expected`` its decimal

    @property
    def is_right(self) -> bool:
        return self.status == RIGHT


@dataclass(frozen=True)
class GradeRun:
    submission: str
    key: str
    marks: tuple[Mark, ...]
    rel_tol: float
    abs_tol: float

    @property
    def right(self) -> int:
        """How many cells are right."""
        return sum(1 for m in self.marks if m.status == RIGHT)

    @property
    def passed(self) -> bool:
        return self.right == len(self.marks)
