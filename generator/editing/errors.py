"""What an update refuses or reports: the errors and the result of `stratbook update`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.exceptions import Diagnostic, StratbookError

log = logging.getLogger(__name__)


def existing_note(errors: Sequence[Diagnostic]) -> str:
    """The errors the playbook had before an update, worded so that nobody takes them for the update's."""
    if not errors:
        return ""
    count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
    lines = [f"note: the playbook already had {count} before this update, which it leaves as it was:"]
    return "\n".join([*lines, *(str(d) for d in errors)])


class EditError(StratbookError):
    """The edit is refused (it would add an error, or the file moved); nothing was written.

    ``existing`` are the errors the playbook had before: listed apart, as not the update's doing.
    """

    def __init__(
        self, message: str, diagnostics: Sequence[Diagnostic] = (), existing: Sequence[Diagnostic] = ()
    ) -> None:
        self.diagnostics = list(diagnostics)
        self.existing = list(existing)
        lines = [message, *(str(d) for d in self.diagnostics)]
        if self.existing:
            lines.append(existing_note(self.existing))
        super().__init__("\n".join(lines))


class InvalidArgument(StratbookError):
    """The command names something that does not exist or is not allowed (a usage error)."""


@dataclass(frozen=True)
class UpdateResult:
    """What an update did: the file, its unified diff, and whether it was written."""

    file: str
    path: Path
    diff: str
    written: bool
    new_warnings: list[Diagnostic] = field(default_factory=list)
    #: errors the playbook already had, which the update neither caused nor fixed
    existing_errors: list[Diagnostic] = field(default_factory=list)
