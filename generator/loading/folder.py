"""The playbook folder: which files it holds, each read, parsed and validated, strays reported."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.exceptions import Diagnostic, Location, PlaybookNotFoundError, Severity
from generator.forked import Streamed
from generator.kept import Kept
from generator.loading.bounds import (
    BoundExceeded,
    FolderProblem,
    inside_playbook,
    linked_outside,
    read_file,
    resolved,
    walk,
)
from generator.loading.validation import validate_entity
from generator.loading.yaml import ParsedFile, YamlProblem, decode, parse_text
from generator.model import Node as ModelNode
from generator.model import Plan, Program, Role, Skill, Strategy, describe
from generator.model.kinds import KIND_BY_FOLDER, KIND_BY_MODEL, PLAYBOOK_FILES, YAML_SUFFIXES

log = logging.getLogger(__name__)


@dataclass
class LoadedFiles:
    """Every validated entity of a playbook, before linking."""

    root: str
    strategy: Strategy | None = None
    plans: list[Plan] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: each file read, by display path: a digest of its bytes (the preview reuses pages of unchanged files)
    digests: dict[str, str] = field(default_factory=dict)
    parsers: dict[str, str] = field(default_factory=dict)
    unvalidated_ids: set[str] = field(default_factory=set)
    #: a file could not be read as YAML, so any id may be missing: unknown references are not reported
    incomplete: bool = False
    #: some content was left out (an unreadable file, an entity with errors): checks of the whole may mislead
    dropped: bool = False

    def add(self, entity: ModelNode) -> None:
        getattr(self, KIND_BY_MODEL[type(entity)].bucket).append(entity)


class ParsedFiles(Kept[str, str, ParsedFile]):
    """The files of the last load, parsed, by display path with the digest of their bytes: a preview parses
    only the files an edit changed.

    Parsing is most of a load; what comes after it (validating, linking, checking) makes new objects
    from the parsed values and never changes them, so a file whose bytes did not change is parsed once.
    """


def _display(root_display: str, relative: PurePosixPath) -> str:
    return str(PurePosixPath(root_display) / relative) if root_display not in ("", ".") else str(relative)


def discover(root: Path, root_display: str) -> tuple[list[tuple[Path, str, str | None]], list[Diagnostic]]:
    """List the playbook's files as (path, display name, folder); strays are errors."""
    found: list[tuple[Path, str, str | None]] = []
    problems: list[Diagnostic] = []
    linked_out = False  # playbook.yaml links outside: reported as such, not as missing

    def stray(relative: PurePosixPath, what: str) -> None:
        problems.append(
            Diagnostic(
                Location(_display(root_display, relative)),
                Severity.ERROR,
                f"unexpected {what} in the playbook folder: move it out, or into "
                "plans/, roles/, skills/ or coaching/ as a .yaml file",
                code="files.stray",
            )
        )

    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        relative = PurePosixPath(entry.name)
        if entry.name.startswith(".") or entry.name == "README.md":
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=True)
        except OSError:  # a link that loops: read as a file, which reports it
            is_folder = False
        if is_folder:
            if entry.name not in KIND_BY_FOLDER:
                stray(relative, "folder")
                continue
            for item in walk(root, Path(entry.path), root_display):
                if isinstance(item, FolderProblem):
                    problems.append(
                        Diagnostic(
                            Location(_display(root_display, item.relative)),
                            Severity.ERROR,
                            item.message,
                            code="files.folder",
                        )
                    )
                    continue
                file_relative, file_path = item
                if file_relative.name.endswith(YAML_SUFFIXES):
                    found.append((file_path, _display(root_display, file_relative), entry.name))
                else:
                    stray(file_relative, "file")
        elif entry.name in PLAYBOOK_FILES:
            real = resolved(Path(entry.path)) if entry.is_symlink() else None
            if real is not None and not inside_playbook(real, root.resolve()):
                problems.append(
                    Diagnostic(
                        Location(_display(root_display, relative)),
                        Severity.ERROR,
                        linked_outside("file", real),
                        code="files.folder",
                    )
                )
                linked_out = True
                continue
            found.append((Path(entry.path), _display(root_display, relative), None))
        else:
            stray(relative, "file")
    strategies = [f for f in found if f[2] is None]
    if not strategies and not linked_out:
        problems.append(
            Diagnostic(
                Location(_display(root_display, PurePosixPath("playbook.yaml"))),
                Severity.ERROR,
                "the playbook has no playbook.yaml: create it with `title`, `vision`, `horizon` and `pillars`",
                code="files.no_playbook",
            )
        )
    elif len(strategies) > 1:
        for extra in strategies[1:]:
            problems.append(
                Diagnostic(
                    Location(extra[1]),
                    Severity.ERROR,
                    f"a playbook has exactly one playbook file; {strategies[0][1]} is already it: "
                    "merge the two and delete this one",
                    code="files.two_playbooks",
                )
            )
        found = [f for f in found if f[2] is not None or f is strategies[0]]
    return found, problems


def load_folder(
    root: Path,
    root_display: str | None = None,
    overrides: Mapping[Path, bytes] | None = None,
    parsed_files: ParsedFiles | None = None,
    *,
    two_processes: bool = False,
) -> LoadedFiles:
    """Read and validate every file of the playbook at ``root``; never raises for content.

    ``overrides`` maps file paths to the bytes to read instead of the file's own,
    so that an edit can be validated with the whole playbook before it is written.
    ``parsed_files`` keeps the parsed files from one load to the next (see :class:`ParsedFiles`).
    ``two_processes``: where a second process may be forked, it parses the files this one has not
    reached yet (parsing is most of a load); the result is the same.
    """
    if not root.is_dir():
        raise PlaybookNotFoundError(root)
    replaced = {path.resolve(): raw for path, raw in (overrides or {}).items()}
    display_root = root_display if root_display is not None else display_path(root)
    loaded = LoadedFiles(root=display_root)
    files, problems = discover(root, display_root)
    loaded.diagnostics.extend(problems)
    if parsed_files is not None:
        parsed_files.begin()
    second = _parsed_in_second_process(files, replaced) if two_processes and parsed_files is None else None
    try:
        _read_files(loaded, files, replaced, parsed_files, second)
    finally:
        if second is not None:
            second.close()
    if parsed_files is not None:
        parsed_files.end()
    return loaded


def _parsed_in_second_process(
    files: list[tuple[Path, str, str | None]], replaced: Mapping[Path, bytes]
) -> Streamed[str, tuple[str, ParsedFile]]:
    """The files parsed in a second process, each with the digest of the bytes it parsed."""
    paths = {display: path for path, display, _ in files}

    def parsed(display: str) -> tuple[str, ParsedFile]:
        data = _bytes_of(paths[display], replaced)
        return _digest(data), parse_text(decode(data, display), display)

    return Streamed([display for _, display, _ in files], parsed)


def _bytes_of(path: Path, replaced: Mapping[Path, bytes]) -> bytes:
    """A file's bytes: those an edit would write instead of them, else the file's own."""
    raw = replaced.get(path.resolve()) if replaced else None
    return read_file(path) if raw is None else raw


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_files(
    loaded: LoadedFiles,
    files: list[tuple[Path, str, str | None]],
    replaced: Mapping[Path, bytes],
    parsed_files: ParsedFiles | None,
    second: Streamed[str, tuple[str, ParsedFile]] | None,
) -> None:
    """Read, parse and validate ``files`` into ``loaded``, each problem a located diagnostic."""
    for path, display, folder in files:
        loaded.files.append(display)
        try:
            data = _bytes_of(path, replaced)
            digest = loaded.digests[display] = _digest(data)
            parsed = parsed_files.get(display, digest) if parsed_files is not None else None
            if parsed is None and second is not None:
                found = second.get(display)
                if found is not None and found[0] == digest:  # the very bytes read here
                    parsed = found[1]
            if parsed is None:
                parsed = parse_text(decode(data, display), display)
                if parsed_files is not None:
                    parsed_files.keep(display, digest, parsed)
        except BoundExceeded as exceeded:
            loaded.incomplete = True
            loaded.diagnostics.append(
                Diagnostic(
                    Location(display, exceeded.line, exceeded.column),
                    Severity.ERROR,
                    exceeded.message,
                    code="files.bound",
                )
            )
            continue
        except YamlProblem as problem:
            loaded.incomplete = loaded.dropped = True
            for line, column, message in problem.problems:
                loaded.diagnostics.append(
                    Diagnostic(Location(display, line, column), Severity.ERROR, message, code="yaml")
                )
            continue
        except OSError as exc:
            loaded.incomplete = loaded.dropped = True
            loaded.diagnostics.append(
                Diagnostic(Location(display), Severity.ERROR, f"cannot read the file: {exc.strerror}", code="files.io")
            )
            continue
        loaded.parsers[display] = parsed.parser
        for line, column, message in parsed.warnings:
            loaded.diagnostics.append(
                Diagnostic(Location(display, line, column), Severity.WARNING, message, code="yaml.comment_cuts_text")
            )
        _validate_file(loaded, parsed, folder)


def _validate_file(loaded: LoadedFiles, parsed: ParsedFile, folder: str | None) -> None:
    model: type[ModelNode]
    if folder is None:
        model, what = Strategy, "the strategy (`title`, `vision`, `horizon`, `pillars`)"
    else:
        model, kind = KIND_BY_FOLDER[folder].model, KIND_BY_FOLDER[folder].entity
        what = f"a {kind} (a mapping with `id` and `title`) or a list of them"
    data = parsed.data
    if data is None:
        loaded.diagnostics.append(
            Diagnostic(
                Location(parsed.display),
                Severity.ERROR,
                f"the file is empty: write {what} in it, or delete it",
                code="files.empty",
            )
        )
        return
    if folder is not None and isinstance(data, tuple):
        items: list[tuple[Any, tuple[str | int, ...]]] = [(item, (i,)) for i, item in enumerate(data)]
        if not items:
            loaded.diagnostics.append(
                Diagnostic(
                    parsed.locator.value_location(()),
                    Severity.ERROR,
                    f"the list is empty: write {what} in it, or delete the file",
                    code="files.empty",
                )
            )
    elif isinstance(data, dict):
        items = [(data, ())]
    else:
        loaded.diagnostics.append(
            Diagnostic(
                parsed.locator.value_location(()),
                Severity.ERROR,
                f"expected {what}, got {describe(data)}",
                code="schema.model_type",
            )
        )
        loaded.dropped = True
        return
    for item, path in items:
        entity, diagnostics = validate_entity(model, item, parsed.locator, path)
        loaded.diagnostics.extend(diagnostics)
        if entity is None:
            loaded.unvalidated_ids.update(_ids_in(item))
            loaded.dropped = True
            continue
        if isinstance(entity, Strategy):
            loaded.strategy = entity
        else:
            loaded.add(entity)


def _ids_in(data: Any) -> Iterable[str]:
    """Every `id` in raw values, so that references to an invalid entity are not reported twice."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from _ids_in(value)
    elif isinstance(data, tuple):
        for value in data:
            yield from _ids_in(value)


def display_path(root: Path) -> str:
    """Show paths relative to the working folder when the playbook is below it."""
    try:
        return root.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return root.as_posix()
