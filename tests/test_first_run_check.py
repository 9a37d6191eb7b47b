"""`stratbook check` as a new user meets it: counts that add up, GitLab's report, one way to name the folder."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playbooks import BASE, run_check, write_playbook

from generator.cli import main

NO_CURRENT = BASE["plans/p.yaml"].replace("        current: 5\n", "")
TYPO = BASE["roles/r.yaml"].replace("reports_to: lead", "reports_to: leed")
WARNING = (
    "content/plans/p.yaml:15:13: warning: key result `kr1` has no `current` value: record the latest measurement "
    "[key-result-no-current]"
)
ERROR = "content/roles/r.yaml:8:15: error: unknown role `leed`; did you mean `lead`?"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the folder that holds `content/`, as CI does."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_warnings_are_reported_alongside_errors(here: Path) -> None:
    write_playbook(here / "content", {"plans/p.yaml": NO_CURRENT, "roles/r.yaml": TYPO})
    status, out = run_check("--content", "content")
    assert status == 1
    assert out.splitlines() == [WARNING, ERROR, "1 error, 1 warning in 5 files"]


def test_the_json_counts_match_the_diagnostics_when_there_are_errors(here: Path) -> None:
    write_playbook(here / "content", {"plans/p.yaml": NO_CURRENT, "roles/r.yaml": TYPO})
    status, out = run_check("--content", "content", "--format", "json")
    document = json.loads(out)
    assert (status, document["errors"], document["warnings"]) == (1, 1, 1)
    assert [d["severity"] for d in document["diagnostics"]] == ["warning", "error"]


def test_a_failed_min_score_is_counted_as_an_error(here: Path) -> None:
    write_playbook(here / "content", {"plans/p.yaml": NO_CURRENT})
    status, out = run_check("--content", "content", "--min-score", "99")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == WARNING
    assert lines[-2:] == [
        "content/playbook.yaml:1:1: error: the alignment score 73 is below --min-score 99: close the gaps that "
        "`stratbook check --format json` lists, or lower the minimum",
        "1 error, 1 warning in 5 files",
    ]
    status, out = run_check("--content", "content", "--min-score", "99", "--format", "json")
    document = json.loads(out)
    assert (status, document["errors"], document["warnings"]) == (1, 1, 1)
    assert document["diagnostics"][-1]["code"] == "alignment.min_score"
    assert document["alignment"]["min_score_met"] is False


def test_the_gitlab_format_is_a_code_quality_report(here: Path) -> None:
    write_playbook(here / "content", {"plans/p.yaml": NO_CURRENT, "roles/r.yaml": TYPO})
    status, out = run_check("--content", "content", "--format", "gitlab")
    assert status == 1
    report = json.loads(out)
    fingerprints = [entry.pop("fingerprint") for entry in report]
    assert report == [
        {
            "type": "issue",
            "check_name": "stratbook key-result-no-current",
            "description": "key result `kr1` has no `current` value: record the latest measurement",
            "categories": ["Bug Risk"],
            "severity": "minor",
            "location": {"path": "content/plans/p.yaml", "lines": {"begin": 15}},
        },
        {
            "type": "issue",
            "check_name": "stratbook refs.unknown",
            "description": "unknown role `leed`; did you mean `lead`?",
            "categories": ["Bug Risk"],
            "severity": "critical",
            "location": {"path": "content/roles/r.yaml", "lines": {"begin": 8}},
        },
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", f) for f in fingerprints)
    assert len(set(fingerprints)) == 2


def test_gitlab_fingerprints_survive_lines_moving(here: Path) -> None:
    """GitLab compares a merge request's report with the target branch's by fingerprint: a shifted line is no news."""
    write_playbook(here / "content", {"roles/r.yaml": TYPO})
    before = json.loads(run_check("--content", "content", "--format", "gitlab")[1])
    (here / "content" / "roles" / "r.yaml").write_text("# Roles\n\n" + TYPO, encoding="utf-8")
    after = json.loads(run_check("--content", "content", "--format", "gitlab")[1])
    assert [e["location"]["lines"]["begin"] for e in (*before, *after)] == [8, 10]
    assert [e["fingerprint"] for e in before] == [e["fingerprint"] for e in after]


def test_a_clean_playbook_is_an_empty_gitlab_report(here: Path) -> None:
    write_playbook(here / "content")
    assert run_check("--content", "content", "--format", "gitlab") == (0, "[]\n")


def test_a_failed_min_score_is_in_the_gitlab_report(here: Path) -> None:
    write_playbook(here / "content", {"plans/p.yaml": NO_CURRENT})
    status, out = run_check("--content", "content", "--format", "gitlab", "--min-score", "99")
    assert status == 1
    assert [(e["check_name"], e["severity"], e["location"]) for e in json.loads(out)] == [
        ("stratbook key-result-no-current", "minor", {"path": "content/plans/p.yaml", "lines": {"begin": 15}}),
        ("stratbook alignment.min_score", "critical", {"path": "content/playbook.yaml", "lines": {"begin": 1}}),
    ]


def test_every_command_names_the_folder_with_content(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(here / "book")
    assert run_check("--content", "book")[0] == 0
    out = io.StringIO()
    assert main(["export", "json", str(here / "out"), "--content", "book"], out=out) == 0
    assert main(["update", "milestone", "m1", "--status", "done", "--content", "book", "--dry-run"], out=out) == 0
    assert capsys.readouterr().err == ""


def test_the_folder_as_an_argument_still_works_with_a_deprecation_note(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_playbook(here / "book")
    out = io.StringIO()
    status = main(["check", "book"], out=out)
    assert (status, out.getvalue().splitlines()[-1]) == (0, "0 errors, 0 warnings in 5 files")
    assert capsys.readouterr().err == (
        "stratbook check: note: naming the playbook folder without --content is deprecated and will stop "
        "working in a later version: write `stratbook check --content book`\n"
    )


def test_both_ways_at_once_are_refused(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_playbook(here / "book")
    assert main(["check", "book", "--content", "other"], out=io.StringIO()) == 2
    assert capsys.readouterr().err == (
        "stratbook check: error: the playbook folder is given twice (`book` and --content `other`): "
        "keep only --content\n"
    )


@pytest.mark.parametrize(
    ("argv", "listed"),
    [
        (["update", "milestone", "--help"], "planned, in-progress, done, blocked, cancelled"),
        (["update", "risk", "--help"], "open, mitigated, closed, occurred"),
        (["update", "objective", "--help"], "not-started, on-track, at-risk, off-track, done"),
        (["export", "--help"], "csv, ics, json, markdown"),
        (["check", "--help"], "github, gitlab, json, text"),
    ],
)
def test_help_lists_the_allowed_values(argv: list[str], listed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    help_text = re.sub(r"-\s+", "-", " ".join(capsys.readouterr().out.split()))  # argparse may wrap at a hyphen
    assert listed in help_text
