"""Work done in a second process while this one does its own: the site tree on a machine with two cores.

Rendering a large playbook is pure Python, so one process uses one core
however many the machine has. :class:`Forked` runs a function in a forked
copy of the process (which already holds the checked playbook, so nothing
is sent to it) and hands back its result. Only where forking is safe: on
Linux, in a process with no other thread (a forked thread-holding process
may wait forever on a lock another thread held), and only for work whose
result depends on nothing but its inputs. Should the second process fail
for any reason, :meth:`Forked.result` does the work here, so the result and
any error are exactly those of working in one process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

SECOND_PROCESS = "STRATBOOK_PROCESSES"
"""Set to ``1`` to keep all the work in one process (the result is the same, only slower on two cores)."""


def can_fork() -> bool:
    """Whether a second process may be forked here: Linux, two cores or more, no other thread, not turned off."""
    return (
        sys.platform == "linux"
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and os.environ.get(SECOND_PROCESS, "") != "1"
    )


class Forked(Generic[T]):
    """``work()`` started in a forked process; :meth:`result` waits for it (or does it here)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._process: multiprocessing.process.BaseProcess | None = None
        self._received: Connection | None = None
        if not can_fork():
            return
        context = multiprocessing.get_context("fork")
        received, sent = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, sent), daemon=True)
        self._process.start()
        sent.close()
        self._received = received

    def result(self) -> T:
        """What ``work()`` returned in the second process, else what it returns (or raises) here."""
        if self._process is None or self._received is None:
            return self._work()
        try:
            done, value = self._received.recv()
        except (EOFError, OSError):
            done, value = False, None  # the process ended without an answer (killed, out of memory)
        finally:
            self._received.close()
            self._process.join()
        if done:
            return value  # type: ignore[no-any-return]
        log.debug("the second process gave no result: doing its work in this one")
        return self._work()


    def cancel(self) -> None:
        """Stop the second process, whose result is no longer wanted (the first one failed)."""
        if self._process is not None and self._received is not None:
            self._process.terminate()
            self._process.join()
            self._received.close()
            self._process = self._received = None


def _run(work: Callable[[], T], sent: Connection) -> None:
    """The second process: send ``(True, result)``, or ``(False, None)`` when the work fails."""
    try:
        answer: tuple[bool, object] = (True, work())
    except BaseException:  # the first process does the work again and reports the error itself
        answer = (False, None)
    sent.send(answer)
    sent.close()
