"""Work in a second process: its result, or the same work done in the first when the second fails."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import with_hooks, write_site

from generator.exports.tree import site_tree
from generator.forked import SECOND_PROCESS, Forked, Streamed, can_fork
from generator.pipeline import load
from generator.rendering.environment import render_pages

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
ON_TWO_CORES = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="a second process is forked on Linux with two cores"
)
F = TypeVar("F", bound=Callable[..., None])


def forking(test: F) -> F:
    """A test of a second process: run in a new interpreter when this one has other threads (the browser
    tests' servers live as long as the test run), since a process with threads is never forked."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        if threading.active_count() == 1:
            return test(*args, **kwargs)
        where = f"{test.__code__.co_filename}::{test.__name__}"  # the module of the test, wherever it is
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", where],
            capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return None

    return ON_TWO_CORES(run)  # type: ignore[no-any-return]


@forking
def test_the_work_runs_in_a_second_process() -> None:
    assert can_fork()
    first = os.getpid()
    pid, data = Forked(lambda: (os.getpid(), {"a": b"x" * 3_000_000})).result()
    assert pid != first
    assert data == {"a": b"x" * 3_000_000}


@forking
def test_work_that_fails_in_the_second_process_is_done_in_the_first() -> None:
    first = os.getpid()

    def work() -> int:
        if os.getpid() != first:
            raise RuntimeError("only in the second process")
        return os.getpid()

    assert Forked(work).result() == first


@forking
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


@forking
def test_a_stream_gives_what_the_second_process_worked_out_and_leaves_the_rest_here() -> None:
    first = os.getpid()
    keys = list(range(200))
    stream = Streamed(keys, lambda key: (os.getpid(), key * 2))
    answers = []
    for key in keys:
        time.sleep(0.002)  # this process is busy with its own work: the second one gets ahead
        answers.append(stream.get(key))
    stream.close()
    theirs = [answer for answer in answers if answer is not None]
    assert len(theirs) > 100
    assert all(pid != first for pid, _ in theirs)
    assert [value for _, value in theirs] == [key * 2 for key, answer in zip(keys, answers, strict=True) if answer]
    assert Streamed(keys, lambda key: key).get(1000) is None  # a key it was not given


@forking
def test_a_stream_whose_process_dies_leaves_every_key_here() -> None:
    first = os.getpid()

    def work(key: int) -> int:
        if os.getpid() != first and key == 3:
            os._exit(1)
        return key

    stream = Streamed(list(range(50)), work)
    time.sleep(0.5)  # the second process has died at key 3
    answers = [stream.get(key) for key in range(50)]
    assert answers[:3] == [0, 1, 2]
    assert answers[3:] == [None] * 47


@forking
def test_cancel_stops_the_second_process(tmp_path: Path) -> None:
    done = tmp_path / "done"

    def work() -> None:
        time.sleep(1)
        done.write_text("finished", encoding="utf-8")

    Forked(work).cancel()
    time.sleep(2)
    assert not done.exists()


@forking
def test_a_fork_that_fails_leaves_the_work_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_fork)
    assert Forked(lambda: 7).result() == 7
    assert Streamed([1, 2], lambda key: key).get(1) is None


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


@forking
def test_the_site_is_the_same_rendered_in_one_process_or_two(monkeypatch: pytest.MonkeyPatch) -> None:
    playbook = load(EXAMPLE).playbook
    assert playbook is not None
    assert can_fork()
    two = site_tree(playbook)
    monkeypatch.setenv(SECOND_PROCESS, "1")
    one = site_tree(playbook)
    assert list(two) == list(one)
    assert {path for path in one if two[path] != one[path]} == set()


@forking
def test_the_site_is_the_same_when_the_second_process_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process claims pages, then fails: this one renders what it claimed, and the data files."""
    playbook = load(EXAMPLE).playbook
    assert playbook is not None
    monkeypatch.setenv(SECOND_PROCESS, "1")
    one = site_tree(playbook)
    monkeypatch.delenv(SECOND_PROCESS)
    first = os.getpid()

    def failing(*args: Any, **kwargs: Any) -> Any:
        for place, page in enumerate(render_pages(*args, **kwargs)):
            if os.getpid() != first and place == 3:
                raise RuntimeError("the second process fails halfway")
            yield page

    monkeypatch.setattr("generator.exports.tree.render_pages", failing)
    assert site_tree(playbook) == one


@forking
def test_a_build_prepares_its_pages_in_a_second_process_and_publishes_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "site", {"docs/extra.md": "# Extra\n\n[Up](objectives/obj-a/index.md#kr-kr-up)\n"})
    answered: list[tuple[str, str]] = []
    get = Streamed.get

    def counted(self: Streamed[Any, Any], key: Any) -> Any:
        found = get(self, key)
        if found is not None and isinstance(key, tuple):  # a page, not a file the load parsed
            answered.append(key)
        return found

    monkeypatch.setattr(Streamed, "get", counted)
    two = built_files(root, tmp_path / "two")
    assert {kind for kind, _ in answered} == {"page", "words"}
    assert len(answered) > 20
    monkeypatch.setenv(SECOND_PROCESS, "1")
    answered.clear()
    one = built_files(root, tmp_path / "one")
    assert answered == []
    assert two.keys() == one.keys()
    assert {path for path in one if two[path] != one[path]} == set()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@forking
def test_a_page_a_later_plugin_changed_is_converted_whole(tmp_path: Path) -> None:
    """A plugin whose on_page_markdown runs after Stratbook's: its change is converted, not the page before it."""
    root = with_hooks(
        write_site(tmp_path / "site"),
        "from mkdocs.plugins import event_priority\n\n"
        "@event_priority(-200)\n"
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    return markdown.replace('## Plan side', '## Plan side (later)')\n",
    )
    page = built_files(root, tmp_path / "out")["objectives/obj-a/index.html"].decode("utf-8")
    assert "Plan side (later)" in page
    assert 'id="kr-kr-up"' in page


@forking
def test_a_site_with_a_failing_page_fails_on_the_first_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    playbook = load(EXAMPLE).playbook
    assert playbook is not None

    first = os.getpid()

    def failing(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() == first:
            time.sleep(1)  # the second process writes the data files, then takes the first page: and fails
        for page in render_pages(*args, **kwargs):
            raise RuntimeError(f"cannot render {page[0]}")
            yield page

    monkeypatch.setattr("generator.exports.tree.render_pages", failing)
    with pytest.raises(RuntimeError) as two:
        site_tree(playbook)
    monkeypatch.setenv(SECOND_PROCESS, "1")
    with pytest.raises(RuntimeError) as one:
        site_tree(playbook)
    assert str(two.value) == str(one.value)


@forking
def test_a_page_another_plugin_changed_is_prepared_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the second process prepared from the page as written is not taken for the page as changed."""
    root = with_hooks(
        write_site(tmp_path / "site"),
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    return markdown.replace('## Plan side', '## Plan side (changed)')\n",
    )
    built = built_files(root, tmp_path / "out")
    page = built["objectives/obj-a/index.html"].decode("utf-8")
    assert "Plan side (changed)" in page
    assert 'id="kr-kr-up"' in page  # the blocks are back in place


def built_files(root: Path, out: Path) -> dict[str, bytes]:
    """``mkdocs build`` of the site at ``root`` into ``out``, in this process: every file built, by path."""
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(out)))
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@forking
def test_a_load_with_a_second_process_parsing_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files parsed ahead in a second process give the same playbook and the same located problems."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    (content / "plans" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    (content / "skills" / "latin1.yaml").write_bytes(b"id: caf\xe9\n")
    answered: list[str] = []
    get = Streamed.get

    def counted(self: Streamed[Any, Any], key: Any) -> Any:
        found = get(self, key)
        if found is not None:
            answered.append(key)
        return found

    monkeypatch.setattr(Streamed, "get", counted)
    two = load(content, two_processes=True)
    assert answered
    one = load(content)
    assert [str(d) for d in two.diagnostics] == [str(d) for d in one.diagnostics]
    assert any("broken.yaml" in str(d) for d in one.errors)
    assert any("latin1.yaml" in str(d) and "UTF-8" in str(d) for d in one.errors)
    assert two.digests == one.digests
    assert two.files == one.files
