"""Work done in a second process while this one does its own: a large site on a machine with two cores.

Rendering a large playbook is pure Python, so one process uses one core
however many the machine has. :class:`Forked` runs a function in a forked
copy of the process (which already holds the checked playbook, so nothing
is sent to it) and hands back its result; :class:`Streamed` works out one
answer after another, which this process takes as it needs them (the pages
prepared while MkDocs builds them). Only where forking is safe: on Linux,
in a process with no other thread (a forked thread-holding process may wait
forever on a lock another thread held), and only for work whose result
depends on nothing but its inputs. Should the second process fail for any
reason, the work is done here, so the result and any error are exactly
those of working in one process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

log = logging.getLogger(__name__)

PIPE_BYTES = 1 << 20
"""How much a second process may send before this one takes it (Linux lets a pipe hold up to 1 MB)."""

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


class Claims:
    """Work claimed by two processes that walk it in the same order: each piece goes to the first to reach it.

    A piece is its place in that order; a process claims it when nobody has claimed it or anything after it.
    """

    def __init__(self) -> None:
        self._next = multiprocessing.get_context("fork").Value("q", 0)

    def __call__(self, place: int) -> bool:
        with self._next.get_lock():
            if self._next.value > place:
                return False
            self._next.value = place + 1
            return True


class Forked(Generic[T]):
    """``work()`` started in a forked process; :meth:`result` waits for it (or does the work here).

    ``instead`` is what to do here when the second process gives no result, when that is not simply
    ``work()`` again (the work is shared with this process, and what this one did is done).
    """

    def __init__(self, work: Callable[[], T], instead: Callable[[], T] | None = None) -> None:
        self._instead = instead or work
        self._process: multiprocessing.process.BaseProcess | None = None
        self._received: Connection | None = None
        if not can_fork():
            return
        context = multiprocessing.get_context("fork")
        received, sent = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(work, sent), daemon=True)
        try:
            process.start()
        except OSError:  # no memory or no process left for a fork: the work is done here
            received.close()
            return
        finally:
            sent.close()
        self._process, self._received = process, received

    def result(self) -> T:
        """What ``work()`` returned in the second process, else what it returns (or raises) here."""
        if self._process is None or self._received is None:
            return self._instead()
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
        return self._instead()

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


class Streamed(Generic[K, V]):
    """``work(key)`` for each of ``keys`` in turn, in a forked process, while this one goes on with its work.

    This process takes each answer with :meth:`get` when it needs it, and keeps those that come before
    they are asked for. Both claim the keys in turn (:class:`Claims`): a key the second process has not
    reached when it is asked for is this one's. That key, one the second process could not work out,
    one it was not given, and every key once the process is gone give ``None``: the caller works it
    out itself. Nothing here keeps
    ``work`` (forked with ``os.fork``, the process needs no reference to it), so what it holds (a whole
    site's pages) is this process's to let go.
    """

    def __init__(self, keys: Sequence[K], work: Callable[[K], V]) -> None:
        self._places = {key: place for place, key in enumerate(keys)}
        self._early: dict[K, V | None] = {}
        self._pid: int | None = None
        self._received: Connection | None = None
        if not can_fork():
            return
        self._claims = Claims()
        received, sent = multiprocessing.Pipe(duplex=False)
        with contextlib.suppress(OSError, AttributeError):  # room for answers that come early (Linux)
            import fcntl  # only where forking is done: not on Windows

            fcntl.fcntl(sent.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            pid = os.fork()
        except OSError:  # no memory or no process left for a fork: every key is worked out here
            received.close()
            sent.close()
            return
        if pid == 0:  # the second process
            try:
                received.close()
                _stream(list(keys), work, sent, self._claims)
            finally:
                os._exit(0)
        sent.close()
        self._pid, self._received = pid, received

    @property
    def forked(self) -> bool:
        """Whether a second process works out the answers (else every :meth:`get` gives None)."""
        return self._pid is not None

    def get(self, key: K) -> V | None:
        """The answer for ``key`` from the second process, or None (see the class)."""
        if key in self._early:
            return self._early.pop(key)
        place = self._places.get(key)
        if place is None or self._received is None or self._claims(place):
            return None  # not the second process's, or not reached by it yet: this one's to work out
        while self._received is not None:
            try:
                found, value = self._received.recv()
            except (EOFError, OSError):
                log.debug("the second process is gone: this one works out what is left")
                early, self._early = self._early, {}
                self.close()
                self._early = early  # its answers that came early still stand
                break
            if found == key:
                return value  # type: ignore[no-any-return]
            self._early[found] = value
        return None

    def close(self) -> None:
        """Stop the second process (its answers are no longer wanted, or it has given them all)."""
        if self._pid is not None and self._received is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGTERM)
            os.waitpid(self._pid, 0)
            self._received.close()
        self._pid = self._received = None
        self._early.clear()


def _stream(keys: list[K], work: Callable[[K], V], sent: Connection, claims: Claims) -> None:
    """The second process: send ``(key, answer)`` for every key it claims, the answer None where the work fails."""
    for place, key in enumerate(keys):
        if not claims(place):
            continue
        try:
            answer: object = work(key)
        except Exception:  # the first process works it out again and reports any error itself
            answer = None
        sent.send((key, answer))
    sent.close()
