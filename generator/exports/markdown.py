"""``stratbook export markdown``: the site tree of ``stratbook build``, for any Markdown builder.

One code path writes both, so the export has the same safety (see
:mod:`generator.exports.files`): it never overwrites or deletes a file it did
not write, never writes through a link, and refuses the playbook's folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.exceptions import printable
from generator.exports.files import export_wording
from generator.exports.tree import build_tree
from generator.model import Playbook
from generator.rendering.options import Options

log = logging.getLogger(__name__)


def export_markdown(
    playbook: Playbook, directory: Path, options: Options | None = None, /, *, playbook_folder: Path | None = None
) -> list[Path]:
    """Write the site tree under ``directory``; returns the files whose content changed.

    Refuses (:class:`~generator.exports.files.UnsafeOutputError`) the working
    folder or any folder that holds it; warnings (a manifest that is not
    Stratbook's, stale files kept) go to the log.
    """
    report = build_tree(
        playbook, directory, options, protected=[Path.cwd()], playbook_folder=playbook_folder,
        wording=export_wording("markdown"),
    )
    for warning in report.warnings:
        log.warning(printable(warning))
    return [directory / name for name in report.written]
