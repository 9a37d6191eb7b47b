"""`stratbook update` under concurrency and on files with a life of their own (modes, owners, links, line ends).

A hundred updates of one file at once must all succeed and all land; the
file keeps its mode, owner, hard links and line endings; a read-only file
or folder is refused with a message; an unreadable or absurdly deep sibling
file is a located error, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest
from hardening import unprivileged, world_readable
from playbooks import write_playbook

from generator.cli import main
from generator.loading.yaml import parse_text

RUNS = 100


def _update(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["update", *args, "--content", "content"], out=out)
    return status, out.getvalue(), err.getvalue()


def _history(path: Path) -> list[tuple[str, object]]:
    data = parse_text(path.read_text(encoding="utf-8"), "p.yaml").data
    key_result = data["objectives"][0]["key_results"][0]
    return [(entry["date"], entry["value"]) for entry in key_result.get("history", ())]


def test_a_hundred_concurrent_updates_all_land(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.editing import lock

    write_playbook(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lock, "DEFAULT_TIMEOUT", 900.0)  # a hundred updates in a row on a busy machine
    start = dt.date(2026, 1, 2)
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range(RUNS)]
    gate_read, gate_write = os.pipe()
    children: dict[int, int] = {}
    for index, day in enumerate(days):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(gate_write)
            os.read(gate_read, 1)  # every child starts at once, when the gate closes
            status = 99
            try:
                status, _, _ = _update("kr", "kr1", "--current", str(index), "--date", day)
            finally:
                os._exit(status)
        children[pid] = index
    os.close(gate_read)
    os.close(gate_write)
    statuses = {children[pid]: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children}
    assert statuses == dict.fromkeys(range(RUNS), 0)
    history = _history(tmp_path / "content" / "plans" / "p.yaml")
    assert history == [(day, index) for index, day in enumerate(days)]
    assert sorted(p.name for p in (tmp_path / "content" / "plans").iterdir()) == ["p.yaml"]


@pytest.fixture
def playbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_playbook(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content" / "plans" / "p.yaml"


def test_mode_and_owner_are_kept(playbook: Path) -> None:
    playbook.chmod(0o640)
    owner = (1234, 4321) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(playbook, *owner)
    assert _update("milestone", "m1", "--status", "done")[0] == 0
    info = playbook.stat()
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o640, *owner)
    assert "    status: done\n" in playbook.read_text()


def test_hard_links_stay_one_file(playbook: Path, tmp_path: Path) -> None:
    other_name = tmp_path / "linked.yaml"
    os.link(playbook, other_name)
    assert _update("milestone", "m1", "--status", "done")[0] == 0
    assert playbook.stat().st_ino == other_name.stat().st_ino
    assert other_name.read_text() == playbook.read_text()
    assert "status: done" in other_name.read_text()


def test_a_linked_file_is_updated_where_it_lives(playbook: Path) -> None:
    real = playbook.parent.parent / ".real" / "p.yaml"
    real.parent.mkdir()
    playbook.rename(real)
    playbook.symlink_to("../.real/p.yaml")
    assert _update("milestone", "m1", "--status", "done")[0] == 0
    assert playbook.is_symlink()
    assert "status: done" in real.read_text()


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_line_endings_are_kept(playbook: Path, newline: str) -> None:
    playbook.write_bytes(playbook.read_bytes().replace(b"\n", newline.encode()))
    assert _update("kr", "kr1", "--current", "7", "--date", "2026-05-01")[0] == 0
    raw = playbook.read_bytes()
    assert raw.count(b"\r") == raw.count(newline.encode()) > 0
    if newline == "\r":
        assert b"\n" not in raw
    assert _history(playbook) == [("2026-05-01", 7)]


def test_a_read_only_file_is_refused(playbook: Path) -> None:
    playbook.chmod(0o444)
    before = playbook.read_bytes()
    status, out, err = _update("milestone", "m1", "--status", "done")
    assert (status, out) == (1, "")
    assert err == (
        "content/plans/p.yaml: error: the file is read-only; nothing was written: "
        "make it writable (`chmod u+w`) and run the update again\n"
    )
    assert playbook.read_bytes() == before


def test_a_read_only_folder_is_refused(playbook: Path, tmp_path: Path) -> None:
    world_readable(tmp_path)
    playbook.parent.chmod(0o555)
    before = playbook.read_bytes()
    try:
        status, out, err = unprivileged(lambda: _update("milestone", "m1", "--status", "done"))
    finally:
        playbook.parent.chmod(0o755)
    assert (status, out) == (1, "")
    assert err == (
        "content/plans/p.yaml: error: the folder that holds the file is read-only, so it cannot be replaced "
        "safely; nothing was written: make the folder writable and run the update again\n"
    )
    assert playbook.read_bytes() == before


def test_an_unreadable_sibling_is_a_located_error(playbook: Path, tmp_path: Path) -> None:
    sibling = playbook.parent / "a.yaml"  # read before the plan that holds the milestone
    sibling.write_text("id: other\n")
    world_readable(tmp_path)
    sibling.chmod(0)
    try:
        status, out, err = unprivileged(lambda: _update("milestone", "m1", "--status", "done"))
    finally:
        sibling.chmod(0o644)
    assert "Traceback" not in err
    assert "content/plans/a.yaml:1:1: error: cannot read the file: Permission denied" in err.splitlines()
    assert status == 1 or out == "content/plans/p.yaml: updated\n"


def test_a_deep_sibling_is_a_located_error(playbook: Path) -> None:
    (playbook.parent / "deep.yaml").write_text("[" * 3000 + "]" * 3000 + "\n")
    status, out, err = _update("milestone", "m1", "--status", "done")
    assert "Traceback" not in err
    assert any(
        line.startswith("content/plans/deep.yaml:1:")
        and line.endswith("error: the YAML nests more than 100 levels deep: no playbook needs that, flatten it")
        for line in err.splitlines()
    ), err
    assert status == 1 or out == "content/plans/p.yaml: updated\n"


def test_a_current_value_of_four_hundred_digits_is_a_usage_error(playbook: Path) -> None:
    status, out, err = _update("kr", "kr1", "--current", "9" * 400)
    assert (status, out) == (2, "")
    assert err == (
        f"`{'9' * 400}` is out of range: a key result value is a number from -1e15 to 1e15 (use a larger unit)\n"
    )
