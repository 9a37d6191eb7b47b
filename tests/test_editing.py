"""`stratbook update`: in-place edits whose diff is exactly the changed lines."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import stat
from pathlib import Path

import pytest

from generator.cli import main
from generator.editing import update as editing
from generator.exceptions import Diagnostic
from generator.pipeline import load

PLAYBOOK = """\
title: Edit test
vision: Test the editor.
horizon: {start: 2026-01-01, end: 2027-12-31}
pillars:
  - id: core
    title: Core
"""

ROLES = """\
- id: lead
  title: Lead
- id: member
  title: Member
"""

# Comments, anchors and aliases, flow style, quoting, blank lines and odd indentation
# (sequences not indented under their key, four-space item indent).
PLAN = """\
# The plan: edited by hand and by `stratbook update`.
id: plan-a
title: 'Plan A'   # quoted on purpose
pillar: core
owner: lead
period: {start: 2026-01-01, end: 2027-12-31}
objectives:
-   id: obj-a          # first objective
    title: "Objective A"
    owner: lead

    # key results below
    key_results:
    -   id: kr-block
        title: Block KR
        baseline: 0
        target: &t 100   # anchored target
        current: 10
        history:
        -   date: 2026-01-31
            value: 5
        -   date: "2026-03-31"
            value: 10
    -   {id: kr-flow, title: Flow KR, baseline: 50, target: 10, current: 40, history: [{date: 2026-02-01, value: 45}]}
    -   id: kr-bare
        title: No current yet
        baseline: 0
        target: *t
    milestones:
    -   {id: ms-flow, title: Flow milestone, due: 2026-06-30}
    -   id: ms-block
        title: Block milestone
        due: 2026-09-30
        status: 'planned'   # quoted
    risks:
    -   id: risk-a
        title: Risk A
        likelihood: 2
        impact: 2
        status: open
    contributors:
    -   role: member
"""


def write_playbook(root: Path, plan: str = PLAN) -> Path:
    (root / "plans").mkdir(parents=True)
    (root / "roles").mkdir()
    (root / "playbook.yaml").write_text(PLAYBOOK, encoding="utf-8")
    (root / "roles" / "roles.yaml").write_text(ROLES, encoding="utf-8")
    path = root / "plans" / "plan-a.yaml"
    path.write_bytes(plan.encode("utf-8"))
    assert load(root).errors == []
    return path


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The diff's changed lines (+/-), nothing else."""
    diff = difflib.unified_diff(
        before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True), n=0
    )
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_kr_block_appends_history_in_file_style(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    before = path.read_bytes()
    result = editing.update_key_result(tmp_path, "kr-block", 12, dt.date(2026, 4, 30))
    after = path.read_bytes()
    assert result.written
    expected = PLAN.replace(
        '        current: 10\n        history:\n',
        '        current: 12\n        history:\n',
    ).replace(
        '        -   date: "2026-03-31"\n            value: 10\n',
        '        -   date: "2026-03-31"\n            value: 10\n'
        '        -   date: "2026-04-30"\n            value: 12\n',
    )
    assert after == expected.encode()
    assert changed_lines(before, after) == [
        "-        current: 10\n",
        "+        current: 12\n",
        '+        -   date: "2026-04-30"\n',
        "+            value: 12\n",
    ]
    key_result = load(tmp_path).require().by_id["kr-block"]
    assert [(m.date.isoformat(), m.value) for m in key_result.history] == [  # type: ignore[union-attr]
        ("2026-01-31", 5),
        ("2026-03-31", 10),
        ("2026-04-30", 12),
    ]


def test_kr_same_date_replaces_history_value(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    before = path.read_bytes()
    editing.update_key_result(tmp_path, "kr-block", 11.5, dt.date(2026, 3, 31))
    assert changed_lines(before, path.read_bytes()) == [
        "-        current: 10\n",
        "+        current: 11.5\n",
        "-            value: 10\n",
        "+            value: 11.5\n",
    ]


def test_kr_earlier_date_is_inserted_in_date_order(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    editing.update_key_result(tmp_path, "kr-block", 7, dt.date(2026, 2, 15))
    assert path.read_text().count("history:") == 2
    assert (
        "        -   date: 2026-01-31\n            value: 5\n"
        "        -   date: 2026-02-15\n            value: 7\n"
        '        -   date: "2026-03-31"\n'
    ) in path.read_text()


def test_kr_in_flow_style_changes_one_line(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    before = path.read_bytes()
    editing.update_key_result(tmp_path, "kr-flow", 35, dt.date(2026, 5, 1))
    assert changed_lines(before, path.read_bytes()) == [
        "-    -   {id: kr-flow, title: Flow KR, baseline: 50, target: 10, current: 40, "
        "history: [{date: 2026-02-01, value: 45}]}\n",
        "+    -   {id: kr-flow, title: Flow KR, baseline: 50, target: 10, current: 35, "
        "history: [{date: 2026-02-01, value: 45}, {date: 2026-05-01, value: 35}]}\n",
    ]


def test_kr_without_current_or_history_gets_both_inserted(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    before = path.read_bytes()
    editing.update_key_result(tmp_path, "kr-bare", 20, dt.date(2026, 4, 1))
    # The alias `*t` and the anchor `&t` are untouched; the new keys follow the file's own layout.
    assert changed_lines(before, path.read_bytes()) == [
        "+        current: 20\n",
        "+        history:\n",
        "+        -   date: 2026-04-01\n",
        "+            value: 20\n",
    ]
    assert "        target: *t\n        current: 20\n" in path.read_text()
    assert load(tmp_path).require().by_id["kr-bare"].current == 20  # type: ignore[union-attr]


def test_status_updates_keep_quotes_comments_and_flow(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    before = path.read_bytes()
    editing.update_status(tmp_path, "milestone", "ms-block", "done")
    editing.update_status(tmp_path, "milestone", "ms-flow", "in-progress")
    editing.update_status(tmp_path, "risk", "risk-a", "mitigated")
    editing.update_status(tmp_path, "objective", "obj-a", "at-risk")
    assert changed_lines(before, path.read_bytes()) == [
        "+    status: at-risk\n",
        "-    -   {id: ms-flow, title: Flow milestone, due: 2026-06-30}\n",
        "+    -   {id: ms-flow, title: Flow milestone, due: 2026-06-30, status: in-progress}\n",
        "-        status: 'planned'   # quoted\n",
        "+        status: 'done'   # quoted\n",
        "-        status: open\n",
        "+        status: mitigated\n",
    ]
    assert "    owner: lead\n    status: at-risk\n\n    # key results below\n" in path.read_text()


def test_crlf_and_odd_indentation_are_kept(tmp_path: Path) -> None:
    plan = PLAN.replace("\n", "\r\n")
    path = write_playbook(tmp_path, plan)
    before = path.read_bytes()
    editing.update_key_result(tmp_path, "kr-bare", 3, dt.date(2026, 4, 1))
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    assert len(changed_lines(before, after)) == 4
    assert b"        current: 3\r\n        history:\r\n        -   date: 2026-04-01\r\n" in after


def test_invalid_change_leaves_file_byte_identical(tmp_path: Path) -> None:
    plan = PLAN.replace("        current: 10\n", "        current: !!int 10\n")
    path = write_playbook(tmp_path, plan)
    # A tag that the edit keeps makes the new value invalid.
    path.write_bytes(plan.replace("current: !!int 10", "current: !!str 10").encode())
    before = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    with pytest.raises(editing.EditError) as caught:
        editing.update_key_result(tmp_path, "kr-block", 12, dt.date(2026, 4, 30))
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stamp
    text = str(caught.value)
    assert text.splitlines()[0] == (
        f"{tmp_path.as_posix()}/plans/plan-a.yaml: error: updating key result `kr-block` "
        "would add 1 error to the playbook; nothing was written:"
    )
    assert f"{tmp_path.as_posix()}/plans/plan-a.yaml:18:18: error: `current`: expected a number" in text
    assert [p.name for p in path.parent.iterdir()] == ["plan-a.yaml"]


def test_error_elsewhere_in_playbook_does_not_stop_a_change(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    (tmp_path / "roles" / "roles.yaml").write_text(ROLES + "- id: Bad Id\n  title: Bad\n", encoding="utf-8")
    before = path.read_bytes()
    result = editing.update_status(tmp_path, "risk", "risk-a", "closed")
    assert result.written
    assert path.read_bytes() != before
    assert [d.message for d in result.existing_errors] == [
        "`Bad Id` is not a valid id: use lowercase letters, digits and single hyphens, at most 64 characters, "
        "like `grow-revenue`"
    ]


def test_shared_anchor_is_refused(tmp_path: Path) -> None:
    plan = PLAN.replace("        current: 10\n", "        current: &ten 10\n").replace(
        "    -   id: kr-bare\n        title: No current yet\n        baseline: 0\n",
        "    -   id: kr-bare\n        title: No current yet\n        baseline: *ten\n",
    )
    path = write_playbook(tmp_path, plan)
    before = path.read_bytes()
    with pytest.raises(editing.EditError, match="share a YAML anchor"):
        editing.update_key_result(tmp_path, "kr-block", 12, dt.date(2026, 4, 30))
    assert path.read_bytes() == before


def test_alias_value_is_replaced_in_place(tmp_path: Path) -> None:
    plan = PLAN.replace("        current: 10\n", "        current: *t\n")
    path = write_playbook(tmp_path, plan)
    before = path.read_bytes()
    editing.update_key_result(tmp_path, "kr-block", 90, dt.date(2026, 3, 31))
    assert changed_lines(before, path.read_bytes()) == [
        "-        current: *t\n",
        "+        current: 90\n",
        "-            value: 10\n",
        "+            value: 90\n",
    ]


def test_concurrent_change_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_playbook(tmp_path)
    original = editing._check_playbook

    def meanwhile(root: Path, target: Path, raw: bytes) -> list[Diagnostic]:
        path.write_text(PLAN.replace("Block milestone", "Renamed elsewhere"), encoding="utf-8")
        return original(root, target, raw)

    monkeypatch.setattr(editing, "_check_playbook", meanwhile)
    with pytest.raises(editing.EditError, match="changed on disk while it was being updated"):
        editing.update_status(tmp_path, "risk", "risk-a", "closed")
    assert "Renamed elsewhere" in path.read_text()
    assert "status: open" in path.read_text()
    assert sorted(p.name for p in path.parent.iterdir()) == ["plan-a.yaml"]


def test_mode_is_kept(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    os.chmod(path, 0o640)
    editing.update_status(tmp_path, "risk", "risk-a", "closed")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "        status: closed\n" in path.read_text()


def test_dry_run_prints_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    before = path.read_bytes()
    out = io.StringIO()
    status = main(
        ["update", "risk", "risk-a", "--status", "closed", "--dry-run", "--content", str(tmp_path)], out=out
    )
    assert status == 0
    assert path.read_bytes() == before
    display = f"{tmp_path.as_posix()}/plans/plan-a.yaml"
    assert out.getvalue() == (
        f"--- {display}\n+++ {display}\n@@ -37,6 +37,6 @@\n"
        "         title: Risk A\n         likelihood: 2\n         impact: 2\n"
        "-        status: open\n+        status: closed\n"
        "     contributors:\n     -   role: member\n"
    )


def test_cli_update_kr_writes(tmp_path: Path) -> None:
    path = write_playbook(tmp_path)
    out = io.StringIO()
    argv = ["update", "kr", "kr-flow", "--current", "30", "--date", "2026-06-01", "--content", str(tmp_path)]
    assert main(argv, out=out) == 0
    assert out.getvalue() == f"{tmp_path.as_posix()}/plans/plan-a.yaml: updated\n"
    assert "current: 30, history: [{date: 2026-02-01, value: 45}, {date: 2026-06-01, value: 30}]}" in path.read_text()


def test_kr_date_defaults_to_today_in_utc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_playbook(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    editing.update_key_result(tmp_path, "kr-bare", 1)
    assert f"date: {dt.datetime.now(dt.UTC).date().isoformat()}\n" in path.read_text()


def test_kr_date_defaults_to_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With SOURCE_DATE_EPOCH set, builds judge on its day: a check-in recorded then is dated that day too."""
    path = write_playbook(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28 UTC
    editing.update_key_result(tmp_path, "kr-bare", 1)
    assert "date: 2026-05-28\n" in path.read_text()


def test_bad_status_suggests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(tmp_path)
    status = main(["update", "milestone", "ms-block", "--status", "Done", "--content", str(tmp_path)])
    assert status == 2
    assert capsys.readouterr().err == (
        "`Done` is not a milestone status: choose one of `planned`, `in-progress`, `done`, `blocked`, "
        "`cancelled`; did you mean `done`?\n"
    )


def test_unknown_id_suggests_and_wrong_kind_redirects(tmp_path: Path) -> None:
    write_playbook(tmp_path)
    with pytest.raises(editing.InvalidArgument) as caught:
        editing.update_key_result(tmp_path, "kr-blok", 1, dt.date(2026, 1, 1))
    assert str(caught.value) == (
        f"{tmp_path.as_posix()}: no key result with id `kr-blok` in the plans; did you mean `kr-block`?"
    )
    with pytest.raises(editing.InvalidArgument) as caught:
        editing.update_key_result(tmp_path, "ms-flow", 1, dt.date(2026, 1, 1))
    assert str(caught.value) == "`ms-flow` is a milestone, not a key result: use `stratbook update milestone ms-flow`"


def test_bad_number_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(tmp_path)
    assert main(["update", "kr", "kr-block", "--current", "ten", "--content", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "`ten` is not a number: write it like 42 or 12.5\n"


@pytest.mark.parametrize(
    ("text", "value"), [("42", 42), ("-3", -3), ("12.5", 12.5), ("1e3", 1000.0), ("0x1F", 31), (" 7 ", 7)]
)
def test_values_are_read_as_the_checker_reads_yaml(text: str, value: float) -> None:
    from generator.editing.update import parse_number

    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["ten", "yes", "true", "~", ".inf", ".nan", "12,5"])
def test_values_the_model_would_refuse_are_usage_errors(text: str) -> None:
    from generator.editing.errors import InvalidArgument
    from generator.editing.update import parse_number

    with pytest.raises(InvalidArgument):
        parse_number(text)
