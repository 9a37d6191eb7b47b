"""``stratbook export markdown``: every page, the stylesheets and the data files, for any Markdown builder."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.exports.files import remove_stale, write_files
from generator.exports.site import site_data_files
from generator.model import Playbook
from generator.rendering.environment import render_site, stylesheets

log = logging.getLogger(__name__)


def export_markdown(playbook: Playbook, directory: Path) -> list[Path]:
    """Write every page, the stylesheets and the data files under ``directory``; only files that changed.

    Pages of entities removed from the playbook since the last export are
    deleted too (only files the last export listed in its manifest: nothing
    else in ``directory`` is touched), so other builders never publish them.
    """
    files: dict[str, str | bytes] = dict(render_site(playbook))
    files.update(stylesheets())
    files.update(site_data_files(playbook))
    written = write_files(directory, files)
    remove_stale(directory, files)
    log.info("wrote %d of %d files to %s", len(written), len(files), directory)
    return written
