"""Helpers of the hostile-input tests: a bounded child process, and code run as an unprivileged user."""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Address space a child may use: far more than a playbook needs, far less than a bomb takes.
MEMORY_LIMIT = 1536 * 1024 * 1024
#: A child that runs longer than this is hanging (a guard against a stuck test, not a measurement).
HANG_GUARD = 120
NOBODY = 65534


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def stratbook(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``stratbook`` command in a child with bounded memory; a hang fails the test instead of stalling it."""
    return subprocess.run(
        [sys.executable, "-c", "from generator.cli import run; run()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_limit_memory,
        env={**os.environ, **(env or {})},
        check=False,
    )


def world_readable(path: Path) -> None:
    """Hand ``path`` (its folders and files) to the unprivileged user when the tests run as root.

    The folders above it become passable, and everything below it belongs
    to that user, as an editor's own playbook belongs to the editor.
    """
    if os.geteuid() != 0:
        return
    for folder in [path, *path.parents]:
        if folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o711)
    for child in [path, *path.rglob("*")]:
        os.chown(child, NOBODY, NOBODY, follow_symlinks=False)


def unprivileged(function: Callable[[], T]) -> T:
    """Run ``function`` in a forked child as an unprivileged user when the tests run as root.

    Root reads and writes whatever it likes, so a folder with mode 000 only
    shows what an editor sees when the code runs as somebody else. The result
    (or exception) is pickled back to the parent.
    """
    if os.geteuid() != 0:
        return function()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload: tuple[bool, Any] = (True, function())
        except BaseException as exc:
            payload = (False, exc)
        with os.fdopen(write, "wb") as handle:
            try:
                pickle.dump(payload, handle)
            except Exception as exc:
                pickle.dump((False, RuntimeError(repr(exc))), handle)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    result: T = value
    return result
