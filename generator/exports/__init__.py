"""Exporters: write a checked playbook to a folder in another format.

Each exporter takes the linked playbook and a target folder and returns the
paths it wrote (only files whose content changed).  All write with the care of
``stratbook build`` (:mod:`generator.exports.files`), refusing the playbook
folder given as ``playbook_folder``.  ``stratbook export FORMAT DIR`` looks
them up in :data:`EXPORTERS`, so a new format is one function and one entry in
that table: nothing registers itself on import.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from generator.exports.csv import write_csv
from generator.exports.ics import write_ics
from generator.exports.json import write_json
from generator.exports.markdown import export_markdown
from generator.model import Playbook
from generator.rendering.options import Options


class Exporter(Protocol):
    """An exporter: the playbook, the folder to write into, and the site's options (its `site_url` for links)."""

    def __call__(
        self, playbook: Playbook, directory: Path, options: Options | None = None, /, *,
        playbook_folder: Path | None = None,
    ) -> list[Path]: ...


EXPORTERS: Mapping[str, Exporter] = MappingProxyType(
    {
        "json": write_json,
        "csv": write_csv,
        "ics": write_ics,
        "markdown": export_markdown,
    }
)
"""The FORMATs of ``stratbook export``, each with the function that writes it."""
