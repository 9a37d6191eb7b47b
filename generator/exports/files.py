"""Writing exported files safely: only files that changed, only inside the folder given.

Exporters write a file only when its content changed, so that tools watching
the folder see real changes only.  The Markdown export lists what it wrote in
a manifest, so the next export removes the files it no longer writes (and
nothing else).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

EXPORT_MANIFEST = ".stratbook-export"
"""Lists the files the last export wrote, so the next one can remove those it no longer writes."""


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == raw:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return True


def write_files(directory: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` (relative path -> content) under ``directory``; returns those whose content changed."""
    return [directory / name for name, data in files.items() if write_if_changed(directory / name, data)]


def remove_stale(directory: Path, files: Mapping[str, str | bytes]) -> None:
    """Delete what the last export listed in its manifest but ``files`` no longer holds; then list ``files``.

    Only files the manifest names, never outside ``directory``: nothing else in the folder is touched.
    """
    manifest = directory / EXPORT_MANIFEST
    previous = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    for relative in previous:
        stale = directory / relative
        if relative not in files and ".." not in Path(relative).parts and stale.is_file():
            stale.unlink()
            log.info("removed %s: the playbook no longer has it", stale)
    write_if_changed(manifest, "".join(f"{relative}\n" for relative in sorted(files)))
