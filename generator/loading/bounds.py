"""Resource bounds of reading a playbook: what a file may be, how big, how deep, and which folders are walked.

Every bound is checked before the expensive or dangerous step it protects:
a file is opened without blocking and refused unless it is a regular file
(a named pipe would hang the reader, ``/dev/zero`` would fill the memory);
at most :data:`MAX_FILE_BYTES` are read; nesting is measured from the YAML
parser's own events (libyaml's parser keeps an explicit stack, unlike its
composer, which recurses in C and would crash the process on a file nested
tens of thousands of levels deep).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Deeper than this is no playbook: refused before it can exhaust a stack.
MAX_DEPTH = 100
#: The most a playbook file may hold; a playbook of a thousand objectives has files of a few dozen KB.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: A number written with more characters than this is no measurement (and would be slow to convert).
MAX_NUMBER_CHARACTERS = 1000

DEPTH_MESSAGE = f"the YAML nests more than {MAX_DEPTH} levels deep: no playbook needs that, flatten it"
_LEAD_RE = re.compile(r"^[ ?:-]*", re.MULTILINE)


class BoundExceeded(Exception):
    """A file goes past a bound; carries the 1-based line and column and the message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def may_nest_deeply(text: str) -> bool:
    """False only when ``text`` certainly nests at most :data:`MAX_DEPTH` levels (cheap, and never wrong that way).

    Each flow level needs its own ``[`` or ``{`` (in a string or a comment it
    still counts, so nothing can hide a level), and every two block levels
    need one more column of indentation or another ``- ``/``? `` on a line (a
    list may start at its key's column, the mapping in an item may not).
    """
    openers = text.count("[") + text.count("{")
    if openers > MAX_DEPTH:
        return True
    lead = max(map(len, _LEAD_RE.findall(text)), default=0)
    return openers + 2 * lead + 2 > MAX_DEPTH


def check_depth(text: str) -> None:
    """Raise :class:`BoundExceeded` at the first collection nested too deeply, walking libyaml's events.

    Parse errors are left to the composer that follows (which reports them
    with its own wording); only depth is judged here.
    """
    from ruamel.yaml import events
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.error import YAMLError

    starts = (events.MappingStartEvent, events.SequenceStartEvent)
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    parser = CParser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, events.StreamEndEvent):
                return
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the root collection is level 0
                    mark = event.start_mark
                    raise BoundExceeded(mark.line + 1, mark.column + 1, DEPTH_MESSAGE)
            elif isinstance(event, ends):
                depth -= 1
    except YAMLError:
        return
    finally:
        parser.dispose()


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _what(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def not_regular_message(mode: int) -> str:
    return f"not a regular file ({_what(mode)}): replace it with a YAML file"


def size_message() -> str:
    megabytes = MAX_FILE_BYTES // (1024 * 1024)
    return f"the file is larger than {megabytes} MB, the most a playbook file may be: split it into several files"


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (following links); :class:`BoundExceeded` otherwise.

    The file is opened without blocking, so a named pipe with no writer
    cannot stall the reader, and checked with ``fstat`` on the open
    descriptor, so that it cannot be swapped between the check and the read.
    Raises ``OSError`` when it cannot be read.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise BoundExceeded(1, 1, not_regular_message(info.st_mode))
        if info.st_size > limit:
            raise BoundExceeded(1, 1, size_message())
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while it was read
                raise BoundExceeded(1, 1, size_message())
        return b"".join(chunks)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class FolderProblem:
    """A folder below an entity folder that is not walked, and why (a located message)."""

    relative: PurePosixPath
    message: str


def walk(root: Path, top: Path, root_display: str) -> Iterator[tuple[PurePosixPath, Path] | FolderProblem]:
    """Every non-hidden file below ``top`` as (path relative to ``root``, path), sorted; problems as they come.

    A linked folder is followed when it points inside the playbook ``root``
    and does not loop back to a folder that holds it; one pointing outside
    is refused (a playbook is published: it must not pull in files from
    elsewhere on the machine). A folder that cannot be read is reported,
    never skipped in silence, since a plan missing from the site is worse
    than an error.
    """
    real_root = root.resolve()

    def visit(
        folder: Path, relative: PurePosixPath, holders: tuple[Path, ...]
    ) -> Iterator[tuple[PurePosixPath, Path] | FolderProblem]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield FolderProblem(
                relative,
                "cannot read this folder (permission denied): make it readable, or move it out of the playbook",
            )
            return
        except OSError as exc:
            yield FolderProblem(relative, f"cannot read this folder ({exc.strerror}): fix it, or move it away")
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "README.md":
                continue
            child = relative / entry.name
            path = Path(entry.path)
            try:
                is_folder = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_folder = False
            if not is_folder:
                target = resolved(path) if entry.is_symlink() else None
                if target is not None and not inside_playbook(target, real_root):
                    yield FolderProblem(child, linked_outside("file", target))
                    continue
                yield child, path  # a link that loops is reported when the file cannot be read
                continue
            real = path.resolve()
            if entry.is_symlink():
                if not inside_playbook(real, real_root):
                    yield FolderProblem(child, linked_outside("folder", real))
                    continue
                if real in holders:
                    shown = display(root_display, PurePosixPath(real.relative_to(real_root).as_posix()))
                    yield FolderProblem(
                        child, f"this folder links back to {shown}, which holds it (a loop): remove the link"
                    )
                    continue
            yield from visit(path, child, (*holders, real))

    top_relative = PurePosixPath(top.relative_to(root).as_posix())
    real_top = top.resolve()
    if top.is_symlink() and not inside_playbook(real_top, real_root):
        yield FolderProblem(top_relative, linked_outside("folder", real_top))
        return
    yield from visit(top, top_relative, (*_ancestors(real_root, real_top),))


def linked_outside(what: str, target: Path) -> str:
    """The message for a ``file`` or ``folder`` of the playbook that links to ``target``, outside it."""
    fix = "copy the file into the playbook instead of linking to it" if what == "file" else (
        "move the files into the playbook instead of linking to them"
    )
    return f"this {what} links to {target}, outside the playbook: {fix}"


def resolved(path: Path) -> Path | None:
    """Where ``path`` leads, links followed; None for a link that loops (Python 3.11 raises there)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def inside_playbook(real: Path, real_root: Path) -> bool:
    """Whether the resolved path ``real`` is the playbook's folder or below it."""
    return real == real_root or real_root in real.parents


def _ancestors(real_root: Path, real_top: Path) -> list[Path]:
    """The folders from the playbook root down to ``real_top``: a link to any of them loops."""
    chain = [real_top]
    chain.extend(parent for parent in real_top.parents if parent == real_root or real_root in parent.parents)
    return chain


def display(root_display: str, relative: PurePosixPath) -> str:
    """A path of the playbook as messages name it: below the playbook's own name, unless that is ``.``."""
    if str(relative) == ".":
        return root_display or "."
    return str(PurePosixPath(root_display) / relative) if root_display not in ("", ".") else str(relative)


__all__ = [
    "DEPTH_MESSAGE",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NUMBER_CHARACTERS",
    "BoundExceeded",
    "FolderProblem",
    "check_depth",
    "display",
    "may_nest_deeply",
    "read_file",
    "walk",
]
