"""`stratbook changes --since REV`: what moved in strategy terms, on a git repository made in the test."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from playbooks import BASE, write_playbook

from generator.analysis.changes import FORMATS, compare
from generator.pipeline import load
from generator.revisions import RevisionContentError, RevisionError, changes_since

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


def git(repo: Path, *args: str, date: str = "2026-05-01T12:00:00+00:00") -> str:
    environment = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=environment, check=True)
    return done.stdout


def commit(repo: Path, message: str, date: str = "2026-05-01T12:00:00+00:00") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


PLAN_BEFORE = """\
id: plan1
title: Plan
pillar: p1
owner: lead
period: {start: 2026-01-01, end: 2026-12-31}
objectives:
  - id: o1
    title: Obj
    owner: lead
    skills: [s1]
    contributors:
      - role: dev
        contribution: Builds
    key_results:
      - id: kr1
        title: Carriers signed
        unit: carriers
        baseline: 0
        target: 60
        current: 20
      - id: kr2
        title: Dropped later
        baseline: 0
        target: 1
        current: 0
    milestones:
      - id: m1
        title: M1
        due: 2026-09-01
    risks:
      - id: r1
        title: Supplier fails
        likelihood: 2
        impact: 3
"""

PLAN_AFTER = """\
id: plan1
title: Plan
pillar: p1
owner: lead
period: {start: 2026-01-01, end: 2026-12-31}
objectives:
  - id: o1
    title: Objective one
    owner: lead
    skills: [s1]
    contributors:
      - role: dev
        contribution: Builds
    key_results:
      - id: kr1
        title: Carriers signed
        unit: carriers
        baseline: 0
        target: 60
        current: 26
    milestones:
      - id: m1
        title: M1
        due: 2026-10-01
      - id: m2
        title: "Pilot <live> | now"
        due: 2026-06-15
        status: in-progress
    risks:
      - id: r1
        title: Supplier fails
        likelihood: 4
        impact: 5
        mitigation: Second supplier
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_playbook(root / "content", {"plans/p.yaml": PLAN_BEFORE})
    commit(root, "first")
    git(root, "tag", "v1")
    playbook = BASE["playbook.yaml"].replace("as_of: 2026-06-01", "as_of: 2026-07-02")
    write_playbook(root / "content", {"plans/p.yaml": PLAN_AFTER, "playbook.yaml": playbook})
    return root


KR1_LINE = (
    'key result `kr1` "Carriers signed" 20 carriers -> 26 carriers (+6); '
    "4 carriers behind pace; forecast 52 of 60 by 2026-12-31"
)


def test_changes_in_strategy_terms(repo: Path) -> None:
    changes, _result = changes_since(repo / "content", "main")
    assert FORMATS["text"](changes) == textwrap.dedent(
        """\
        changes since main:
        Added:
          milestone `m2` "Pilot <live> | now" added
        Removed:
          key result `kr2` "Dropped later" removed
        Renamed:
          objective `o1` renamed: "Obj" -> "Objective one"
        Key results:
          {KR1}
        Milestones:
          milestone `m1` "M1" slipped: due 2026-09-01 -> 2026-10-01 (+30 days)
          milestone `m2` "Pilot <live> | now" is late: due 2026-06-15, still in-progress
        Risks:
          risk `r1` "Supplier fails" score 6 -> 20 (+14)
        alignment score: 82 -> 77 (-5)
          Objectives with an owner, key results and contributors:             1/1 (100%) (unchanged)
          Roles that own or contribute to an objective:                       2/2 (100%) (unchanged)
          Needed skills a program develops far enough:                        0/1 (0%) (unchanged)
          Coaching programs that support an objective:                        1/1 (100%) (unchanged)
          Objectives whose skills are developed for the people who move them: 1/1 (100%) (unchanged)
          Key results with a current value:                                   2/2 (100%) -> 1/1 (100%)
          Milestones not late:                                                1/1 (100%) -> 1/2 (50%)
        """
    ).format(KR1=KR1_LINE)


def test_json_lists_each_change_with_its_location(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    changes, _result = changes_since(Path("content"), "v1")
    document = json.loads(FORMATS["json"](changes))
    assert document["since"] == "v1"
    value = next(c for c in document["changes"] if c["change"] == "value")
    assert value == {
        "kind": "key result",
        "id": "kr1",
        "title": "Carriers signed",
        "change": "value",
        "before": "20 carriers",
        "after": "26 carriers",
        "detail": "+6",
        "pace": "4 carriers behind pace; forecast 52 of 60 by 2026-12-31",
        "objective_id": "o1",
        "file": "content/plans/p.yaml",
        "line": 15,
        "column": 13,
        "text": KR1_LINE,
    }
    removed = next(c for c in document["changes"] if c["change"] == "removed")
    assert (removed["id"], removed["file"]) == ("kr2", None)


def test_markdown_is_inert_for_titles(repo: Path) -> None:
    changes, _result = changes_since(repo / "content", "main")
    markdown = FORMATS["markdown"](changes)
    assert markdown.startswith("## What changed since `main`\n\n### Added\n\n")
    assert "- milestone `m2` \u201cPilot &#60;live&#62; &#124; now\u201d added\n" in markdown
    assert "- objective `o1` renamed: \u201cObj\u201d → \u201cObjective one\u201d\n" in markdown
    assert "| Figure | Before | After |\n|---|---|---|\n" in markdown


def test_unchanged_playbook_says_so(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_playbook(root / "content")
    commit(root, "first")
    changes, _result = changes_since(root / "content", "HEAD")
    text = FORMATS["text"](changes)
    assert text.startswith(
        "changes since HEAD:\n"
        "  nothing changed in objectives, key results, milestones, risks, roles, skills or programs\n"
        "alignment score: "
    )
    assert "(unchanged)" in text


def test_latest_tag(repo: Path) -> None:
    changes, _result = changes_since(repo / "content", "latest-tag")
    assert changes.since == "latest-tag (v1)"


def test_latest_tag_without_tags(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_playbook(root / "content")
    commit(root, "first")
    with pytest.raises(RevisionError) as caught:
        changes_since(root / "content", "latest-tag")
    assert str(caught.value) == (
        "stratbook changes: there is no tag reachable from HEAD to compare with; "
        "tag a release (`git tag v1`) or name a revision"
    )


def test_unknown_revision(repo: Path) -> None:
    with pytest.raises(RevisionError) as caught:
        changes_since(repo / "content", "nope")
    assert str(caught.value) == (
        "stratbook changes: unknown revision `nope`: name a commit, branch or tag that `git log` knows"
    )
    with pytest.raises(RevisionError):
        changes_since(repo / "content", "--output=/tmp/x")


def test_outside_a_repository(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path / "content")
    with pytest.raises(RevisionError) as caught:
        changes_since(folder, "main")
    assert str(caught.value) == (
        f"stratbook changes: `{folder.as_posix()}` is not inside a git repository; "
        "run it in a clone of the playbook's repository"
    )


def test_path_missing_at_revision(repo: Path) -> None:
    write_playbook(repo / "other")
    with pytest.raises(RevisionError) as caught:
        changes_since(repo / "other", "main")
    short = git(repo, "rev-parse", "main").strip()[:12]
    assert str(caught.value) == (
        f"stratbook changes: `other` did not exist at `main` ({short}); "
        "pass the folder the playbook had at that revision"
    )


def test_revision_with_errors_reports_them_as_that_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    broken = BASE["plans/p.yaml"].replace("owner: lead\n  ", "owner: nobody\n  ", 1)
    write_playbook(root / "content", {"plans/p.yaml": broken.replace("pillar: p1", "pillar: p9")})
    first = commit(root, "broken")[:7]
    write_playbook(root / "content")
    commit(root, "fixed")
    monkeypatch.chdir(root)
    with pytest.raises(RevisionContentError) as caught:
        changes_since(Path("content"), first)
    assert str(caught.value) == (
        f"the playbook at `{first}` has errors, so there is nothing to compare with:\n"
        f"{first}:content/plans/p.yaml:3:9: error: unknown pillar `p9`: add the pillar or fix the id\n"
        f"{first}:content/plans/p.yaml:9:12: error: unknown role `nobody`: add the role or fix the id"
    )


def test_nothing_is_written_to_the_working_tree(repo: Path) -> None:
    before = git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored")
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if ".git" not in p.parts)
    changes_since(repo / "content", "main")
    assert git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored") == before
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if ".git" not in p.parts) == files


def test_compare_two_loaded_playbooks(tmp_path: Path) -> None:
    before = load(write_playbook(tmp_path / "a")).require()
    after = load(
        write_playbook(tmp_path / "b", {"plans/p.yaml": BASE["plans/p.yaml"].replace("current: 5", "current: 7")})
    )
    changes = compare(before, after.require(), "a")
    assert [c.text() for c in changes.changes] == [
        'key result `kr1` "KR" 5 -> 7 (+2); 2.85 ahead of pace; forecast 16.87 of 10 by 2026-12-31'
    ]
    assert changes.marks == {"kr1": "moved"}
    out = io.StringIO(FORMATS["text"](changes))
    assert out.getvalue().count("\n") > 2


# --- the command line -------------------------------------------------------------


def run_changes(*args: str) -> tuple[int, str, str]:
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["changes", *args], out=out)
    return status, out.getvalue(), err.getvalue()


def test_cli_formats(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    status, out, err = run_changes("--since", "main")
    assert (status, err) == (0, "")
    assert out.startswith("changes since main:\nAdded:\n")
    status, out, _ = run_changes("--since", "v1", "content", "--format", "markdown")
    assert status == 0
    assert out.startswith("## What changed since `v1`\n")
    status, out, _ = run_changes("--since", "v1", "--format", "json")
    assert json.loads(out)["since"] == "v1"


def test_cli_usage_errors_exit_2(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    status, out, err = run_changes("--since", "nope")
    assert (status, out) == (2, "")
    assert err == "stratbook changes: unknown revision `nope`: name a commit, branch or tag that `git log` knows\n"
    write_playbook(repo / "later")
    status, _, err = run_changes("--since", "main", "later")
    assert status == 2
    assert err.startswith("stratbook changes: `later` did not exist at `main` (")
    outside = write_playbook(tmp_path / "outside")
    status, _, err = run_changes("--since", "main", str(outside))
    assert status == 2
    assert err.endswith("is not inside a git repository; run it in a clone of the playbook's repository\n")
    status, _, err = run_changes("content")
    assert status == 2
    assert "--since" in err


def test_cli_revision_with_errors_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_playbook(root / "content", {"plans/p.yaml": BASE["plans/p.yaml"].replace("pillar: p1", "pillar: p9")})
    commit(root, "broken")
    git(root, "tag", "broken")
    write_playbook(root / "content")
    monkeypatch.chdir(root)
    status, out, err = run_changes("--since", "broken")
    assert (status, out) == (1, "")
    assert err == (
        "the playbook at `broken` has errors, so there is nothing to compare with:\n"
        "broken:content/plans/p.yaml:3:9: error: unknown pillar `p9`: add the pillar or fix the id\n"
    )


def test_binary_key_result_done(tmp_path: Path) -> None:
    binary = "      - {id: kr9, title: Launch, kind: binary, achieved: false}\n"
    plan = BASE["plans/p.yaml"].replace("    milestones:\n", "      " + binary.strip() + "\n    milestones:\n")
    before = load(write_playbook(tmp_path / "a", {"plans/p.yaml": plan})).require()
    after = load(write_playbook(tmp_path / "b", {"plans/p.yaml": plan.replace("false", "true")})).require()
    assert [c.text() for c in compare(before, after, "a").changes] == ['key result `kr9` "Launch" not done -> done']


def test_an_object_git_does_not_have_is_a_one_line_error() -> None:
    from generator.revisions import RevisionError, _git_batch

    with pytest.raises(RevisionError) as caught:
        _git_batch(Path(__file__).resolve().parent.parent, ["0" * 40])
    assert caught.value.detail == f"git has no object {'0' * 40}: fetch the revision, or check the repository"
