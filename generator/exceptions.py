"""Diagnostics and the exceptions that carry them.

Every problem found in a playbook is a :class:`Diagnostic` that names the
file, line and column of the offending YAML node.  Problems are collected and
reported together; an exception is raised only to carry the whole batch.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from pathlib import Path

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters shown escaped (``\\x1b``, ``\\n``, ``\\u202e``), for a terminal.

    Content and file names reach the terminal in messages: an escape sequence
    could retitle or clear it, a line break forge another diagnostic line,
    a direction override reorder what is read. Every printer goes through this.
    """
    return _UNPRINTABLE.sub(_escaped, text)


class Severity(enum.Enum):
    """How bad a finding is: errors stop a build, warnings only in strict mode."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a playbook file; line and column are 1-based."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Accepted:
    """The acceptance a warning matched: why, until when, and whether that day has passed."""

    reason: str
    until: dt.date
    expired: bool = False

    @property
    def note(self) -> str:
        if self.expired:
            return f"the acceptance ran out on {self.until}: fix the cause, or extend `until` with a new reason"
        reason = "".join(c if c.isprintable() else " " for c in self.reason)
        return f"accepted until {self.until}: {' '.join(reason.split())}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, with where it is and what to do about it.

    A warning names its ``subject`` (the id of the entity it is about) so that
    the entity's `accept` entries can match it; ``accepted`` is the matching one.
    """

    location: Location
    severity: Severity
    message: str
    code: str = ""
    subject: str = ""
    accepted: Accepted | None = None

    @property
    def is_accepted(self) -> bool:
        """An accepted warning whose acceptance still holds: reported, but it fails nothing."""
        return self.accepted is not None and not self.accepted.expired

    @property
    def label(self) -> str:
        return "accepted warning" if self.is_accepted else self.severity.value

    @property
    def full_message(self) -> str:
        """The message with the warning's code and its acceptance, as text output shows it."""
        text = self.message
        if self.severity is Severity.WARNING and self.code:
            text += f" [{self.code}]"
        if self.accepted is not None:
            text += f" ({self.accepted.note})"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, 0 if self.severity is Severity.ERROR else 1, self.message)

    def __str__(self) -> str:
        return printable(f"{self.location}: {self.label}: {self.full_message}")


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line and column, dropping exact repeats."""
    seen: set[tuple[str, int, int, int, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key):
        if diagnostic.sort_key not in seen:
            seen.add(diagnostic.sort_key)
            unique.append(diagnostic)
    return unique


def article(word: str) -> str:
    """`a` or `an` before ``word``, for messages that name a kind of entry."""
    return "an" if word[:1] in "aeiou" else "a"


class StratbookError(Exception):
    """Base class of every error Stratbook raises on purpose."""


class ContentError(StratbookError):
    """The playbook has errors; carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} error(s) in the playbook:\n" + "\n".join(str(d) for d in self.diagnostics))


class BuildDateError(StratbookError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a usable time stamp."""


class PlaybookNotFoundError(StratbookError):
    """The playbook folder does not exist or is not a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path}: error: no playbook folder here; pass the folder that holds playbook.yaml "
            "(for example `stratbook check --content content`)"
        )
