"""Work in a second process: its result, or the same work done in the first when the second fails."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.exports.forked import SECOND_PROCESS, Forked, can_fork
from generator.exports.tree import site_tree
from generator.pipeline import load

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
TWO_CORES = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="a second process is forked on Linux with two cores"
)


@TWO_CORES
def test_the_work_runs_in_a_second_process() -> None:
    assert can_fork()
    first = os.getpid()
    pid, data = Forked(lambda: (os.getpid(), {"a": b"x" * 3_000_000})).result()
    assert pid != first
    assert data == {"a": b"x" * 3_000_000}


@TWO_CORES
def test_work_that_fails_in_the_second_process_is_done_in_the_first() -> None:
    first = os.getpid()

    def work() -> int:
        if os.getpid() != first:
            raise RuntimeError("only in the second process")
        return os.getpid()

    assert Forked(work).result() == first


@TWO_CORES
def test_a_second_process_that_dies_leaves_the_work_to_the_first() -> None:
    first = os.getpid()

    def work() -> int:
        if os.getpid() != first:
            os._exit(3)
        return 7

    assert Forked(work).result() == 7


def test_an_error_of_the_work_is_raised_as_in_one_process() -> None:
    def work() -> None:
        raise ValueError("two pages of the site would be written to x")

    with pytest.raises(ValueError, match="two pages of the site would be written to x"):
        Forked(work).result()


@TWO_CORES
def test_cancel_stops_the_second_process(tmp_path: Path) -> None:
    done = tmp_path / "done"

    def work() -> None:
        time.sleep(1)
        done.write_text("finished", encoding="utf-8")

    Forked(work).cancel()
    time.sleep(2)
    assert not done.exists()


def test_no_second_process_when_turned_off_or_with_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECOND_PROCESS, "1")
    assert not can_fork()
    assert Forked(os.getpid).result() == os.getpid()
    monkeypatch.delenv(SECOND_PROCESS)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()


@TWO_CORES
def test_the_site_is_the_same_rendered_in_one_process_or_two(monkeypatch: pytest.MonkeyPatch) -> None:
    playbook = load(EXAMPLE).playbook
    assert playbook is not None
    assert can_fork()
    two = site_tree(playbook)
    monkeypatch.setenv(SECOND_PROCESS, "1")
    one = site_tree(playbook)
    assert list(two) == list(one)
    assert {path for path in one if two[path] != one[path]} == set()
