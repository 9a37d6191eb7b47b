"""One editor at a time per playbook: the lock `stratbook update` holds from reading a file to replacing it.

Two updates of the same file that both read it before either writes would
both succeed and one change would be lost; comparing hashes before the
rename narrows that window but cannot close it. The lock closes it: an
update takes it before it reads anything and releases it after the rename,
so concurrent updates run one after the other and each sees the last one's
result.

The lock is an advisory ``flock`` on the playbook folder itself (an open
descriptor of the directory), so it needs no lock file, works in a folder
the user may not write to, and is released by the kernel when the process
ends, even after ``kill -9``. Where ``flock`` does not exist (Windows) a
hidden lock file in the playbook folder is locked instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from generator.editing.errors import EditError

#: How long an update waits for another one on the same playbook before giving up.
DEFAULT_TIMEOUT = 60.0
_POLL = 0.02
LOCK_FILE = ".stratbook.lock"
"""The lock file, on systems without ``flock`` only (hidden: the loader never reads it)."""


class LockTimeout(EditError):
    """Another update held the playbook for longer than the timeout; nothing was written."""


def _timeout_message(display: str, timeout: float) -> str:
    return (
        f"{display}: error: another `stratbook update` has been editing this playbook for {timeout:g} s; "
        "nothing was written: wait for it to finish and run the update again"
    )


@contextlib.contextmanager
def playbook_lock(root: Path, display: str | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the playbook at ``root`` exclusively for the ``with`` block (waiting up to ``timeout`` s).

    Raises :class:`LockTimeout` when another holder keeps it longer (default :data:`DEFAULT_TIMEOUT`).
    """
    shown = display if display is not None else str(root)
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        with _file_lock(root, shown, timeout):
            yield
        return
    import fcntl

    descriptor = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(_timeout_message(shown, timeout)) from None
                time.sleep(_POLL)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    @contextlib.contextmanager
    def _file_lock(root: Path, shown: str, timeout: float) -> Iterator[None]:
        descriptor = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(_timeout_message(shown, timeout)) from None
                    time.sleep(_POLL)
            try:
                yield
            finally:
                os.lseek(descriptor, 0, os.SEEK_SET)
                msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(descriptor)


__all__ = ["DEFAULT_TIMEOUT", "LockTimeout", "playbook_lock"]
