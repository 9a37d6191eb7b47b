"""Replacing a playbook file's contents without losing what the file is: mode, owner, links, line endings.

`stratbook update` writes through a temporary file and a rename, so that a
crash (even ``kill -9``) leaves either the old or the new file, never half of
one. A rename makes a new file, though: the new one gets the old one's mode
and, where the user may set it, its owner and group. A file with other hard
links is written in place instead, since a rename would split it from its
other names. A symbolic link is followed: the file it points to is updated
and the link stays. A read-only file, or one in a folder the user may not
write to, is refused with a message before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from generator.editing.errors import EditError


class WriteRefused(EditError):
    """The file may not be replaced (read-only, not a regular file, folder not writable); nothing was written."""


def writable_target(path: Path, display: str) -> Path:
    """The real file ``path`` names, after checking that it may be replaced; raises :class:`WriteRefused`."""
    real = path.resolve()
    try:
        info = real.stat()
    except OSError as exc:
        raise WriteRefused(f"{display}: error: cannot read the file: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"{display}: error: not a regular file: replace it with a YAML file")
    if not info.st_mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        raise WriteRefused(
            f"{display}: error: the file is read-only; nothing was written: "
            "make it writable (`chmod u+w`) and run the update again"
        )
    if info.st_nlink == 1 and not os.access(real.parent, os.W_OK | os.X_OK):
        raise WriteRefused(
            f"{display}: error: the folder that holds the file is read-only, so it cannot be replaced safely; "
            "nothing was written: make the folder writable and run the update again"
        )
    return real


def replace_contents(path: Path, raw: bytes, display: str) -> None:
    """Make ``raw`` the contents of ``path`` atomically, keeping mode, owner and hard links."""
    real = writable_target(path, display)
    info = real.stat()
    if info.st_nlink > 1:
        _write_in_place(real, raw, display)
        return
    try:
        descriptor, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteRefused(
            f"{display}: error: cannot write next to the file ({exc.strerror}); nothing was written"
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            if hasattr(os, "fchown"):
                with contextlib.suppress(PermissionError):
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            os.fsync(handle.fileno())
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(real.parent)


def _write_in_place(real: Path, raw: bytes, display: str) -> None:
    """Overwrite a hard-linked file through its own inode, so that every name sees the change."""
    try:
        descriptor = os.open(real, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise WriteRefused(f"{display}: error: cannot write the file: {exc.strerror}; nothing was written") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(raw)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


__all__ = ["WriteRefused", "replace_contents", "writable_target"]
