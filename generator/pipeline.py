"""The pipeline in one call: load, validate, link, check.

The CLI, the MkDocs plugin and the tests all go through :func:`load`; none
of them repeats a stage.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import acceptance, checks, review_checks
from generator.exceptions import ContentError, Diagnostic, Severity, sort_diagnostics
from generator.linking import link
from generator.loading.folder import ParsedFiles, load_folder
from generator.model import Playbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    """A checked playbook: the model (None when errors prevent linking) and every finding."""

    playbook: Playbook | None
    diagnostics: list[Diagnostic]
    files: list[str]
    #: False when some content could not be read or validated, so the warnings were not looked for
    warnings_checked: bool = True
    #: a digest of each file read, by display path (see :mod:`generator.rendering.page_cache`)
    digests: Mapping[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings that count: every warning but those accepted until a day not yet passed."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING and not d.is_accepted]

    @property
    def accepted(self) -> list[Diagnostic]:
        """Warnings accepted with a reason until a day not yet passed: reported, failing nothing."""
        return [d for d in self.diagnostics if d.is_accepted]

    def require(self, strict: bool = False) -> Playbook:
        """The playbook, or :class:`ContentError` with every error (and warning when strict)."""
        failing = self.errors + (self.warnings if strict else [])
        if failing or self.playbook is None:
            raise ContentError(failing or self.diagnostics)
        return self.playbook


def load(
    root: Path | str,
    as_of: dt.date | None = None,
    display_root: str | None = None,
    overrides: Mapping[Path, bytes] | None = None,
    parsed_files: ParsedFiles | None = None,
    *,
    two_processes: bool = False,
) -> Result:
    """Read, validate, link and check the playbook at ``root``.

    Raises :class:`~generator.exceptions.PlaybookNotFoundError` when the
    folder is missing; problems in the content never raise, they are returned.
    ``overrides`` (path -> bytes) is read instead of those files, to check an edit before writing it.
    ``parsed_files`` keeps the parsed files for the next load, which parses only those that changed.
    ``two_processes`` lets a forked second process parse files ahead of this one where it can.
    """
    # Loading allocates hundreds of thousands of long-lived objects and frees almost none:
    # the cyclic collector would rescan them again and again (a third of the time at 1,000
    # objectives, growing faster than linearly), so it waits until the load is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root), as_of, display_root, overrides, parsed_files, two_processes=two_processes)
    finally:
        if collecting:
            gc.enable()


def _load(
    root: Path,
    as_of: dt.date | None,
    display_root: str | None,
    overrides: Mapping[Path, bytes] | None,
    parsed_files: ParsedFiles | None,
    *,
    two_processes: bool,
) -> Result:
    loaded = load_folder(root, display_root, overrides, parsed_files, two_processes=two_processes)
    diagnostics = list(loaded.diagnostics)
    playbook, link_problems = link(loaded, as_of)
    diagnostics.extend(link_problems)
    # Warnings need the whole playbook: with a file or an entity left out, a role would seem to own
    # nothing and a skill to be developed by no one. Errors of linking and checking leave nothing out.
    warnings_checked = playbook is not None and not loaded.dropped
    if playbook is not None:
        diagnostics.extend(checks.errors(playbook))
        diagnostics.extend(review_checks.errors(playbook))
        diagnostics.extend(acceptance.errors(playbook))
        if warnings_checked:
            found = [*checks.warnings(playbook), *review_checks.warnings(playbook)]
            diagnostics.extend(acceptance.apply(playbook, found))
    has_errors = any(d.severity is Severity.ERROR for d in diagnostics)
    if has_errors:
        # A playbook with errors is not handed on: every later stage may trust the model.
        playbook = None
    return Result(playbook, sort_diagnostics(diagnostics), loaded.files, warnings_checked, loaded.digests)
