"""Writing exported files safely: only inside the folder given, never through links, never over others' files.

``stratbook build`` and ``stratbook export markdown`` write the site source
into a folder that usually also holds the site's own pages (``docs/``), and
``stratbook export json|csv|ics`` their data files into any folder.  This
module is the only code that writes or deletes there, and it keeps four
promises:

* it writes only inside the output folder and never through a symbolic link
  (a link anywhere on the way to a file stops the build);
* it refuses an output folder that is ``/``, the project root or a folder that
  contains the playbook, or one inside the playbook;
* it never overwrites a file it did not write: a file is Stratbook's when it
  already holds exactly the bytes to write, or when the manifest of the last
  build lists it with the hash of what it holds now;
* it deletes only files that its own manifest lists, that lie inside the
  folder and that still hold what it wrote.  A manifest that is not one
  Stratbook wrote is ignored for deletion, with a warning.

Every check runs before the first byte is written, so a refused build leaves
the folder as it was.  The manifest (``.stratbook/manifest.json``) maps each
written path to the SHA-256 of its bytes; dot folders are not published by
MkDocs, ProperDocs or Zensical.  Its ``writers`` name the export that wrote a
file when it is not the site tree: each writer deletes only its own, so the
formats and the site tree can share a folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.exceptions import StratbookError, printable

STATE_DIR = ".stratbook"
"""Stratbook's own folder inside the output folder: the manifest and the engine configuration fragment."""
MANIFEST = f"{STATE_DIR}/manifest.json"
"""Lists every file the last build wrote, with the SHA-256 of its bytes."""
MANIFEST_FORMAT = "stratbook-build-manifest"
MANIFEST_VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")
_FILE_MODE = 0o644
log = logging.getLogger(__name__)


class UnsafeOutputError(StratbookError):
    """The output folder cannot be written safely: reported in one line (exit status 2), nothing written."""


@dataclass(frozen=True)
class Wording:
    """How messages name what is written and another folder: `stratbook build` takes `--out`, an export its DIR."""

    what: str = "the site"
    example: str = "--out docs"
    flag: str = "--out"
    usage: str = "--out DIR"
    elsewhere: str = "build into another folder (--out)"


BUILD = Wording()


def export_wording(writer: str) -> Wording:
    """How messages speak to `stratbook export FORMAT DIR`: it has a DIR, not `--out`."""
    return Wording(
        what=f"the {writer} export", example=f"stratbook export {writer} exported", flag="DIR", usage="DIR",
        elsewhere="export into another folder (DIR)",
    )


@dataclass
class TreeReport:
    """What a write did, path by path (relative to the output folder, ``/``-separated)."""

    folder: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files the last build wrote and this one no longer needs, left alone because they changed since."""
    warnings: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_relative(path: str) -> bool:
    """Whether ``path`` names a file strictly inside a folder: relative, ``/``-separated, no ``..`` or empty part."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path or re.match(r"^[A-Za-z]:", path):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(
    folder: Path, protected: Sequence[Path] = (), playbook: Path | None = None, wording: Wording = BUILD
) -> Path:
    """The resolved output folder, or :class:`UnsafeOutputError` when it must not be written.

    ``protected`` are folders the output must not contain (the project root);
    ``playbook`` is the playbook folder, which the output must neither contain nor lie in.
    """
    resolved = folder.resolve()
    if resolved == Path(resolved.anchor):
        raise UnsafeOutputError(
            f"{folder}: error: the output folder is the root of the file system; "
            f"give a folder of its own, like `{wording.example}`"
        )
    if resolved.exists() and not resolved.is_dir():
        raise UnsafeOutputError(
            f"{folder}: error: the output path is a file, not a folder; give a folder ({wording.usage})"
        )
    if playbook is not None:
        content = playbook.resolve()
        if _within(content, resolved):
            raise UnsafeOutputError(
                f"{folder}: error: the output folder contains the playbook ({playbook}); "
                f"give a folder of its own next to it, like `{wording.example}`"
            )
        if _within(resolved, content):
            raise UnsafeOutputError(
                f"{folder}: error: the output folder is inside the playbook ({playbook}); "
                f"give a folder outside it, like `{wording.example}`"
            )
    for root in protected:
        if _within(root.resolve(), resolved):
            raise UnsafeOutputError(
                f"{folder}: error: the output folder contains the project root ({root}); "
                f"give a folder of its own inside the project, like `{wording.example}`"
            )
    existing = resolved
    while not existing.exists():
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UnsafeOutputError(
            f"{existing}: error: this folder is not writable; fix its permissions or use another {wording.flag}"
        )
    return resolved


SITE = "site"
"""The writer of the site tree (``stratbook build``, ``stratbook export markdown``); the data exports are others."""


@dataclass(frozen=True)
class Manifest:
    """The files a previous build wrote (path -> SHA-256), or nothing when the manifest is missing or not ours."""

    files: Mapping[str, str]
    warning: str | None = None
    writable: bool = True
    """False when the manifest path is a folder or a link, which this build must not replace."""
    writers: Mapping[str, str] = field(default_factory=dict)
    """Path -> what wrote it (``json``, ``csv``...) for the files :data:`SITE` did not: each prunes only its own."""

    def writer(self, name: str) -> str:
        return self.writers.get(name, SITE)


def read_manifest(folder: Path, shown_folder: str | None = None) -> Manifest:
    """The manifest of the last build in ``folder``; one that is not Stratbook's is ignored with a warning.

    ``shown_folder`` is how messages name the folder (as the user gave it).
    """
    path = folder / MANIFEST
    shown = posixpath.join(shown_folder or str(folder), MANIFEST)
    if not _no_link_on_the_way(folder, MANIFEST):
        return Manifest(
            {},
            f"{shown}: warning: a symbolic link is on the way to the manifest; it is ignored, so no file is deleted "
            "and no manifest is written: remove the link",
            writable=False,
        )
    try:
        info = path.lstat()
    except FileNotFoundError:
        return Manifest({})
    except NotADirectoryError:
        return Manifest(
            {},
            f"{posixpath.join(shown_folder or str(folder), STATE_DIR)}: warning: a file where Stratbook keeps its "
            "manifest; no file is deleted and no manifest is written: remove it",
            writable=False,
        )
    if not stat.S_ISREG(info.st_mode):
        return Manifest(
            {},
            f"{shown}: warning: not a manifest Stratbook wrote (not a regular file); ignored, so no file is deleted "
            "and no manifest is written: remove it",
            writable=False,
        )
    reason = None
    files: dict[str, str] = {}
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        reason = "not UTF-8"
    except ValueError:
        reason = "not JSON"
    else:
        if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT:
            reason = "not a Stratbook build manifest"
        elif document.get("version") != MANIFEST_VERSION:
            reason = f"version {document.get('version')!r}, this Stratbook reads version {MANIFEST_VERSION}"
        elif not isinstance(document.get("files"), dict):
            reason = "no file list"
        elif not isinstance(document.get("writers", {}), dict) or not all(
            isinstance(v, str) and k in document["files"] for k, v in document.get("writers", {}).items()
        ):
            reason = "its writers are not paths it lists, each with a name"
        else:
            for name, value in document["files"].items():
                if not safe_relative(name) or name == MANIFEST:
                    reason = f"it lists `{name}`, which is not a path inside the folder"
                    break
                if not isinstance(value, str) or not _HASH.fullmatch(value):
                    reason = f"the hash of `{name}` is not a SHA-256"
                    break
                files[name] = value
    if reason is not None:
        return Manifest(
            {},
            f"{shown}: warning: not a manifest Stratbook wrote ({reason}); ignored, so no file is deleted; "
            "this build replaces it",
        )
    return Manifest(files, writers=dict(document.get("writers", {})))


def manifest_bytes(hashes: Mapping[str, str], writers: Mapping[str, str] | None = None) -> bytes:
    """The manifest recording ``hashes`` (path -> SHA-256) and who wrote the files :data:`SITE` did not: sorted,
    so the same tree gives the same bytes."""
    document: dict[str, object] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "files": {name: hashes[name] for name in sorted(hashes)},
    }
    others = {name: writer for name, writer in sorted((writers or {}).items()) if writer != SITE}
    if others:
        document["writers"] = others
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _no_link_on_the_way(folder: Path, relative: str) -> bool:
    """Whether no existing part of ``relative`` under ``folder`` (the file included) is a symbolic link."""
    current = folder
    for part in relative.split("/"):
        current = current / part
        try:
            if stat.S_ISLNK(current.lstat().st_mode):
                return False
        except (FileNotFoundError, NotADirectoryError):
            return True
    return True


def owned_files(folder: Path) -> set[str]:
    """Paths in ``folder`` that hold exactly what the last build wrote there (the MkDocs plugin replaces them)."""
    manifest = read_manifest(folder)
    owned: set[str] = set()
    for name, expected in manifest.files.items():
        if manifest.writer(name) != SITE or not _no_link_on_the_way(folder, name):
            continue
        try:
            data = (folder / name).read_bytes()
        except OSError:
            continue
        if digest(data) == expected:
            owned.add(name)
    return owned


def _conflict(
    folder: Path,
    shown_folder: str,
    relative: str,
    data: bytes,
    previous: Mapping[str, str],
    *,
    wording: Wording = BUILD,
) -> tuple[str | None, bool]:
    """(why ``relative`` must not be written, or None; whether it already holds ``data``)."""
    current = folder
    parts = relative.split("/")
    for index, part in enumerate(parts):
        current = current / part
        shown = posixpath.join(shown_folder, *parts[: index + 1])
        try:
            info = current.lstat()
        except FileNotFoundError:
            return None, False
        last = index == len(parts) - 1
        if stat.S_ISLNK(info.st_mode):
            return (
                f"{shown}: error: a symbolic link where Stratbook writes {wording.what}; Stratbook never writes "
                f"through links: remove it, or {wording.elsewhere}",
                False,
            )
        if not last and not stat.S_ISDIR(info.st_mode):
            return (
                f"{shown}: error: a file where Stratbook needs a folder for `{relative}`; move or rename it, "
                f"or {wording.elsewhere}",
                False,
            )
        if last and not stat.S_ISREG(info.st_mode):
            return (
                f"{shown}: error: not a regular file, and Stratbook writes `{relative}` here; move or rename it, "
                f"or {wording.elsewhere}",
                False,
            )
    held = current.read_bytes()
    if held == data:
        return None, True
    if previous.get(relative) == digest(held):
        return None, False
    return (
        f"{posixpath.join(shown_folder, relative)}: error: Stratbook writes this file, and the one here is not one it "
        "wrote (or it was edited since); move or rename it (the site's own pages must not use Stratbook's paths), "
        f"or {wording.elsewhere}",
        False,
    )


def _write(folder: Path, relative: str, data: bytes) -> None:
    """Write ``data`` atomically: a temporary file in the same folder, then a rename over the target."""
    target = folder / relative
    parent = target.parent
    current = folder
    for part in relative.split("/")[:-1]:
        current = current / part
        try:
            current.mkdir()
        except FileExistsError:
            if not current.is_dir() or current.is_symlink():
                raise UnsafeOutputError(f"{current}: error: not a folder any more; build again") from None
    descriptor, temporary = tempfile.mkstemp(dir=parent, prefix=".stratbook-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove(folder: Path, relative: str, expected: str) -> bool:
    """Delete ``relative`` if it is a regular file, reached without links, that still holds what was written."""
    if not _no_link_on_the_way(folder, relative):
        return False
    path = folder / relative
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or digest(path.read_bytes()) != expected:
            return False
        path.unlink()
    except OSError:
        return False
    parent = path.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
    return True


def write_tree(
    folder: Path,
    files: Mapping[str, bytes],
    *,
    protected: Sequence[Path] = (),
    playbook: Path | None = None,
    writer: str = SITE,
    wording: Wording = BUILD,
) -> TreeReport:
    """Write ``files`` (relative path -> bytes) into ``folder`` under the promises of this module.

    Raises :class:`UnsafeOutputError` before writing anything when the folder
    or any path in it must not be written; returns what was written, left as
    it was, removed and kept, and the warnings to show.  Only files the same
    ``writer`` wrote are pruned: a csv export next to a json one keeps it.
    """
    for name in files:
        if not safe_relative(name) or name == MANIFEST:
            raise ValueError(f"not a path a generated tree may hold: {name!r}")
    resolved = check_output_folder(folder, protected, playbook, wording)
    shown = str(folder)
    manifest = read_manifest(resolved, shown)
    report = TreeReport(folder)
    if manifest.warning:
        report.warnings.append(manifest.warning)
    problems: list[str] = []
    to_write: list[str] = []
    for name in sorted(files):
        problem, same = _conflict(resolved, shown, name, files[name], manifest.files, wording=wording)
        if problem is not None:
            if problem not in problems:  # a link or a file in the way of many paths is reported once
                problems.append(problem)
        elif same:
            report.unchanged.append(name)
        else:
            to_write.append(name)
    if problems:
        more = f" (and {len(problems) - 1} more path(s) like it)" if len(problems) > 1 else ""
        raise UnsafeOutputError(problems[0] + more)
    resolved.mkdir(parents=True, exist_ok=True)
    try:
        for name in to_write:
            _write(resolved, name, files[name])
            report.written.append(name)
        others = {name: sha for name, sha in manifest.files.items() if name not in files}
        for name in sorted(name for name in others if manifest.writer(name) == writer):
            del others[name]
            if _remove(resolved, name, manifest.files[name]):
                report.removed.append(name)
            elif (resolved / name).exists():
                report.kept.append(name)
                report.warnings.append(
                    f"{posixpath.join(shown, name)}: warning: kept: Stratbook wrote this file, the playbook no longer "
                    "has it, and it was changed since; delete it if it is not needed"
                )
        if manifest.writable:
            hashes = {**others, **{name: digest(data) for name, data in files.items()}}
            writers = {name: manifest.writer(name) for name in others} | dict.fromkeys(files, writer)
            data = manifest_bytes(hashes, writers)
            path = resolved / MANIFEST
            if not path.is_file() or path.read_bytes() != data:
                _write(resolved, MANIFEST, data)
    except OSError as exc:
        where = exc.filename or resolved
        raise UnsafeOutputError(
            f"{where}: error: cannot write here ({exc.strerror}); fix it or use another {wording.flag}"
        ) from None
    return report


# --- the data-file exporters (json, csv, ics): fixed names, each pruning only its own ---


def write_export(
    folder: Path, writer: str, files: Mapping[str, str | bytes], playbook_folder: Path | None = None
) -> list[Path]:
    """Write one data export (``writer``: its format) into ``folder`` with the care of :func:`write_tree`;
    returns the files whose content changed, and logs the warnings.

    The working folder and ``playbook_folder`` are refused like ``stratbook build`` refuses them.
    """
    data = {name: text.encode("utf-8") if isinstance(text, str) else text for name, text in files.items()}
    report = write_tree(
        folder, data, protected=[Path.cwd()], playbook=playbook_folder, writer=writer, wording=export_wording(writer)
    )
    for warning in report.warnings:
        log.warning(printable(warning))
    written = set(report.written)
    return [folder / name for name in files if name in written]  # in the exporter's order
