"""Exporters: write a checked playbook to a folder in another format.

Each exporter takes the linked playbook and a target folder and returns the
paths it wrote.  ``stratbook export FORMAT DIR`` and the MkDocs plugin look
them up in :data:`EXPORTERS`, so a new format is one function and one entry.
Exporters write a file only when its content changed, so that tools watching
the folder see real changes only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.model import Playbook

Exporter = Callable[[Playbook, Path], list[Path]]

EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register an exporter under ``name`` (the FORMAT of ``stratbook export``)."""

    def register(function: Exporter) -> Exporter:
        EXPORTERS[name] = function
        return function

    return register


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == raw:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return True


def load_exporters() -> dict[str, Exporter]:
    """Import the modules that register exporters, then return the registry."""
    import importlib

    for module in ("generator.render", "generator.datafiles"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return EXPORTERS
