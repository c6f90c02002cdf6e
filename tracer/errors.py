"""The TracerError family: every way a user's input can be wrong, typed at the core.

The core raises these and never prints; only the CLI turns one into a red line on stderr
(plus the offending source line with a caret when a position is known) and an exit code.
"""

from __future__ import annotations

_BLANK = " \t\r\n"  # what may follow a file's last character (not a no-break space, an error)


class TracerError(Exception):
    """Base class of every error tracer reports to a user.

    ``source`` and ``pos`` (a 0-based character offset into ``source``) locate the
    problem when it has a place in the user's text.
    """

    def __init__(self, message: str, source: str | None = None, pos: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.pos = pos

    def located(self, source: str, pos: int | None) -> TracerError:
        """Attach a place in ``source`` if the error has none yet; returns self."""
        if self.source is None and pos is not None and pos >= 0:
            self.source, self.pos = source, pos
        return self

    def under(self, option: str, what: str = "") -> TracerError:
        """The error read from an option's text, named by the option (``--wrt: expected a
        name``; ``what`` says which part); returns self. An error already naming it stays."""
        if not self.message.startswith(option):
            self.message = f"{option}: {what}{self.message}"
            self.args = (self.message, *self.args[1:])
        return self

    def where(self) -> tuple[int, int, str] | None:
        """(line number, column, line text) of the error, 1-based line, 0-based column."""
        if self.source is None or self.pos is None:
            return None
        pos = min(max(self.pos, 0), len(self.source))
        end_of_text = self.source.find("\n", len(self.source.rstrip(_BLANK)))
        if 0 <= end_of_text < pos:  # the end of a file that ends with a new line: shown at
            pos = end_of_text  # the end of its last line, not on the empty line after it
        start = self.source.rfind("\n", 0, pos) + 1
        end = self.source.find("\n", pos)
        if end < 0:
            end = len(self.source)
        line = self.source.count("\n", 0, pos) + 1
        return line, pos - start, self.source[start:end]


class ParseError(TracerError):
    """The text is not a well-formed formula or program."""


class NameProblem(TracerError):
    """A name that is unknown, misused, missing a value, or given a value it cannot take."""


class ProgramError(TracerError):
    """A program that assigns a name twice, uses a name before assigning it, and the like."""


class DomainError(TracerError):
    """A row whose operation is undefined at the given point (log of a negative, 1/0...)."""

    def __init__(
        self,
        message: str,
        source: str | None = None,
        pos: int | None = None,
        row: int | None = None,
        overflow: bool = False,
    ) -> None:
        super().__init__(message, source, pos)
        self.row = row
        self.overflow = overflow  # the row's value is finite in the reals, too large for a float


class InputFileError(TracerError):
    """A file named on the command line that cannot be read or written."""


class LimitError(TracerError):
    """A computation refused before it starts, because its cost estimate says it would take too
    long (or too much memory); the message says why and what to do instead."""


def exhausted(exc: RecursionError | MemoryError) -> LimitError:
    """What both faces say when Python itself runs out, past every estimate: its recursion
    limit (a sympy walk of a deeply nested value) or its memory."""
    what = "too deeply nested" if isinstance(exc, RecursionError) else "too large"
    return LimitError(f"the input is {what} for tracer to handle")


class UsageProblem(TracerError):
    """Options that contradict each other or miss a partner (``--params`` without ``--step``):
    the command line exits with status 2 for it, as for its own usage errors."""


class WrongType(UsageProblem, TypeError):
    """A value of the wrong type given to the Python API (a list where a mapping goes, a Path
    where text goes): a UsageProblem that is also the TypeError Python code expects."""


class TracerWarning(UserWarning):
    """Something about a formula or program a reader of its tables should know (names that
    print alike), told by the Python API as a warning; the CLI says it as a note on stderr."""
