"""What an update refuses or reports: the errors and the result of `stratbook update`."""


import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.exceptions import Diagnostic, StratbookError

log = logging.getLogger(__name__)

class EditError(StratbookError):
    """The edit is refused (it would make the playbook invalid, or the file moved); nothing was written."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        self.diagnostics = list(diagnostics)
        lines = [message, *(str(d) for d in self.diagnostics)]
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


