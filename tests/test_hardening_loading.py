"""Hostile files for the loader: bounded depth, aliases, size and file kinds, and folders that hide plans.

Each test writes the input as an attacker or a careless editor would and
runs `stratbook check` in a child process with bounded memory, so that a
crash (SIGSEGV), a hang or a memory blow-up fails the test instead of the
test run. Each must end as located errors and exit status 1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hardening import stratbook, unprivileged, world_readable
from playbooks import write_playbook

from generator.pipeline import load

DEPTH_MESSAGE = "error: the YAML nests more than 100 levels deep: no playbook needs that, flatten it"
LEVELS = 50_000


def _plan_with_description(description: str) -> str:
    return f"id: deep\ntitle: Deep\npillar: p1\nowner: lead\ndescription: {description}\n"


def test_deep_nesting_hidden_in_quoted_brackets_is_a_located_error(tmp_path: Path) -> None:
    # Each level opens a list whose first item is a quoted "]": bracket counting sees no nesting at all.
    text = _plan_with_description('["]", ' * LEVELS + "]" * LEVELS)
    assert len(text) > 350_000
    write_playbook(tmp_path / "content", {"plans/deep.yaml": text})
    done = stratbook("check", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    column = len("description: ") + 1 + 6 * 100  # the 101st list is one too deep
    assert f"content/plans/deep.yaml:5:{column}: {DEPTH_MESSAGE}" in done.stdout.splitlines()


def test_deep_nesting_hidden_in_comments_is_a_located_error(tmp_path: Path) -> None:
    # Each level opens a list on its own line and closes it in a comment.
    text = _plan_with_description("\n" + " [ # ]\n" * LEVELS + " " + "]" * LEVELS)
    write_playbook(tmp_path / "content", {"plans/deep.yaml": text})
    done = stratbook("check", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"content/plans/deep.yaml:{6 + 100}:2: {DEPTH_MESSAGE}" in done.stdout.splitlines()


def test_merge_keys_count_in_the_alias_budget(tmp_path: Path) -> None:
    # 95 KB that would expand to 36 million merged keys: refused before it is expanded.
    keys = ", ".join(f"k{i}: 1" for i in range(6000))
    text = f"x0: &big {{{keys}}}\nx1: {{<<: [{', '.join(['*big'] * 6000)}]}}\n"
    write_playbook(tmp_path / "content", {"plans/bomb.yaml": text})
    done = stratbook("check", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    bomb = [line for line in done.stdout.splitlines() if line.startswith("content/plans/bomb.yaml:")]
    assert len(bomb) == 1, done.stdout
    assert bomb[0].startswith("content/plans/bomb.yaml:2:")
    assert bomb[0].endswith(
        ": error: aliases expand this file far beyond its own size (an alias bomb?): "
        "remove the anchors (`&name`) and aliases (`*name`) that repeat large parts"
    )


def test_a_file_over_the_size_limit_is_a_located_error(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    line = b"# " + b"x" * 1021 + b"\n"
    (root / "plans" / "huge.yaml").write_bytes(line * (4 * 1024 + 1))  # just over 4 MB
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        "content/plans/huge.yaml:1:1: error: the file is larger than 4 MB, the most a playbook file may be: "
        "split it into several files"
    ]


@pytest.mark.parametrize("command", [("check", "content"), ("update", "milestone", "m1", "--status", "done")])
def test_a_named_pipe_is_refused_not_waited_for(tmp_path: Path, command: tuple[str, ...]) -> None:
    root = write_playbook(tmp_path / "content")
    os.mkfifo(root / "plans" / "x.yaml")
    done = stratbook(*command, cwd=tmp_path)
    # `check` fails; `update` may still write its change, noting the error the playbook already had.
    assert done.returncode == 1 or (command[0] == "update" and done.returncode == 0), done.stderr[-2000:]
    expected = "content/plans/x.yaml:1:1: error: not a regular file (a named pipe): replace it with a YAML file"
    assert expected in (done.stdout + done.stderr).splitlines()


def test_a_link_to_a_device_is_refused_not_read(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    (root / "plans" / "zero.yaml").symlink_to("/dev/zero")
    done = stratbook("check", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert (
        "content/plans/zero.yaml:1:1: error: this file links to /dev/zero, outside the playbook: "
        "copy the file into the playbook instead of linking to it"
    ) in done.stdout.splitlines()


def test_an_unreadable_folder_is_an_error_not_a_missing_plan(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    team = root / "plans" / "team"
    team.mkdir()
    (team / "q.yaml").write_text((root / "plans" / "p.yaml").read_text().replace("plan1", "plan2"))
    world_readable(tmp_path)
    team.chmod(0)
    try:
        errors = unprivileged(lambda: [str(d) for d in load(root, display_root="content").errors])
    finally:
        team.chmod(0o755)
    assert errors == [
        "content/plans/team:1:1: error: cannot read this folder (permission denied): "
        "make it readable, or move it out of the playbook"
    ]


def _second_plan(root: Path) -> str:
    return (
        (root / "plans" / "p.yaml")
        .read_text()
        .replace("plan1", "plan2")
        .replace("o1", "o2")
        .replace("kr1", "kr2")
        .replace("m1", "m2")
    )


def test_a_linked_folder_inside_the_playbook_is_followed(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    shared = root / ".shared"
    shared.mkdir()
    (shared / "q.yaml").write_text(_second_plan(root))
    (root / "plans" / "shared").symlink_to("../.shared")
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == []
    assert "content/plans/shared/q.yaml" in result.files
    assert result.playbook is not None
    assert [plan.id for plan in result.playbook.plans] == ["plan1", "plan2"]


def test_a_linked_folder_outside_the_playbook_is_refused(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "q.yaml").write_text(_second_plan(root))
    (root / "plans" / "ext").symlink_to(outside)
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        f"content/plans/ext:1:1: error: this folder links to {outside}, outside the playbook: "
        "move the files into the playbook instead of linking to them"
    ]


def test_a_linked_folder_that_loops_is_refused(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    (root / "plans" / "again").symlink_to(".")
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        "content/plans/again:1:1: error: this folder links back to content/plans, which holds it "
        "(a loop): remove the link"
    ]


def test_an_out_of_range_unicode_escape_is_a_located_error(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    text = (root / "skills" / "s.yaml").read_text() + 'description: "bad \\U00110000 escape"\n'
    (root / "skills" / "s.yaml").write_text(text)
    result = load(root, display_root="content")
    errors = [str(d) for d in result.errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/skills/s.yaml:3:")
    assert errors[0].endswith(
        "error: invalid YAML: `\\U00110000` is not a Unicode character (the last one is \\U0010FFFF): fix the escape"
    )


@pytest.mark.parametrize("where", ["key", "value"])
def test_a_number_with_thousands_of_digits_is_a_located_error(tmp_path: Path, where: str) -> None:
    digits = "7" * 5000
    root = write_playbook(tmp_path / "content")
    # A plain key longer than 1024 characters is not YAML at all; an explicit `? ` key may be any length.
    extra = f"levels:\n  ? {digits}\n  : Too many\n" if where == "key" else f"levels:\n  1: {digits}\n"
    (root / "skills" / "s.yaml").write_text((root / "skills" / "s.yaml").read_text() + extra)
    result = load(root, display_root="content")
    column = 5 if where == "key" else 6
    assert [str(d) for d in result.errors] == [
        f"content/skills/s.yaml:4:{column}: error: a number with 5000 digits is longer than any playbook needs: "
        "shorten it, or put it in quotes if it is text"
    ]


def test_a_kind_folder_linked_outside_the_playbook_is_refused(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "q.yaml").write_text(_second_plan(root))
    (root / "skills").rename(tmp_path / "skills-moved")
    (root / "skills").symlink_to(tmp_path / "skills-moved")
    result = load(root, display_root="content")
    # The skills are not read, so the ids that name them are unknown too.
    assert (
        f"content/skills:1:1: error: this folder links to {tmp_path / 'skills-moved'}, outside the playbook: "
        "move the files into the playbook instead of linking to them"
    ) in [str(d) for d in result.errors]


def test_a_file_linked_outside_the_playbook_is_refused(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    outside = tmp_path / "q.yaml"
    outside.write_text(_second_plan(root))
    (root / "plans" / "q.yaml").symlink_to(outside)
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        f"content/plans/q.yaml:1:1: error: this file links to {outside}, outside the playbook: "
        "copy the file into the playbook instead of linking to it"
    ]


def test_a_playbook_file_linked_outside_the_playbook_is_refused(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    outside = tmp_path / "strategy.yaml"
    (root / "playbook.yaml").rename(outside)
    (root / "playbook.yaml").symlink_to(outside)
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        f"content/playbook.yaml:1:1: error: this file links to {outside}, outside the playbook: "
        "copy the file into the playbook instead of linking to it"
    ]


def test_a_file_linked_inside_the_playbook_is_read(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    (root / ".shared").mkdir()  # dot folders are not read as part of the playbook
    (root / ".shared" / "q.yaml").write_text(_second_plan(root))
    (root / "plans" / "q.yaml").symlink_to(root / ".shared" / "q.yaml")
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == []
    assert result.playbook is not None
    assert [plan.id for plan in result.playbook.plans] == ["plan1", "plan2"]


@pytest.mark.parametrize("name", ["plans/p.yaml", "playbook.yaml"])
def test_a_link_that_loops_is_an_error_not_a_crash(tmp_path: Path, name: str) -> None:
    root = write_playbook(tmp_path / "content")
    (root / name).unlink()
    (root / name).symlink_to(Path(name).name)
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors if d.location.file == f"content/{name}"] == [
        f"content/{name}:1:1: error: cannot read the file: Too many levels of symbolic links"
    ]
