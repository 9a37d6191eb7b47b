"""`stratbook update` blames itself only for the errors its change adds, not for those already there."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playbooks import BASE, write_playbook

from generator.cli import main

TYPO = BASE["roles/r.yaml"].replace("reports_to: lead", "reports_to: leed")
EXISTING = (
    "note: the playbook already had 1 error before this update, which it leaves as it was:\n"
    "content/roles/r.yaml:8:15: error: unknown role `leed`; did you mean `lead`?\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _update(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["update", *argv, "--content", "content"], out=out)
    return status, out.getvalue()


def test_an_error_elsewhere_does_not_stop_an_update(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(here / "content", {"roles/r.yaml": TYPO})
    assert _update("kr", "kr1", "--current", "7.5", "--date", "2026-06-01") == (0, "content/plans/p.yaml: updated\n")
    assert capsys.readouterr().err == EXISTING
    text = (here / "content/plans/p.yaml").read_text(encoding="utf-8")
    assert "        current: 7.5\n        history:\n          - date: 2026-06-01\n            value: 7.5\n" in text


def test_a_status_update_with_an_error_elsewhere(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(here / "content", {"roles/r.yaml": TYPO})
    assert _update("milestone", "m1", "--status", "done") == (0, "content/plans/p.yaml: updated\n")
    assert capsys.readouterr().err == EXISTING
    assert "        status: done\n" in (here / "content/plans/p.yaml").read_text(encoding="utf-8")


def test_an_update_that_adds_an_error_is_refused_and_says_which_errors_were_there(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = BASE["plans/p.yaml"].replace("current: 5", "current: !!int 5")
    write_playbook(here / "content", {"plans/p.yaml": plan, "roles/r.yaml": TYPO})
    assert _update("kr", "kr1", "--current", "7.5", "--date", "2026-06-01") == (1, "")
    assert capsys.readouterr().err == (
        "content/plans/p.yaml: error: updating key result `kr1` would add 1 error to the playbook; "
        "nothing was written:\n"
        "content/plans/p.yaml:19:18: error: `7.5` is not a valid !!int: remove the tag or fix the value\n" + EXISTING
    )
    assert (here / "content/plans/p.yaml").read_text(encoding="utf-8") == plan


def test_an_update_that_adds_an_error_to_a_clean_playbook(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = BASE["plans/p.yaml"].replace("current: 5", "current: !!int 5")
    write_playbook(here / "content", {"plans/p.yaml": plan})
    assert _update("kr", "kr1", "--current", "7.5", "--date", "2026-06-01") == (1, "")
    assert capsys.readouterr().err == (
        "content/plans/p.yaml: error: updating key result `kr1` would add 1 error to the playbook; "
        "nothing was written:\n"
        "content/plans/p.yaml:19:18: error: `7.5` is not a valid !!int: remove the tag or fix the value\n"
    )


def test_a_clean_update_says_nothing_more(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(here / "content")
    assert _update("milestone", "m1", "--status", "blocked") == (0, "content/plans/p.yaml: updated\n")
    assert capsys.readouterr().err == ""
