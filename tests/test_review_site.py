"""The review cycle on the published pages and in the data files: check-ins, pace, owners, holders, reviews."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playbooks import BASE, write_playbook

from generator.cli import main

PLAN = """\
id: plan1
title: Plan
pillar: p1
owner: lead
period: {start: 2026-01-01, end: 2026-12-31}
review: {every: quarterly, last: 2026-04-01}
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
        current: 26
        due: 2026-12-31
        owner: dev
        history:
          - {date: 2026-04-01, value: 15, confidence: high, by: dev, note: Good start}
          - {date: 2026-07-02, value: 26, confidence: low, by: lead, note: "Two carriers slipped <b>"}
      - {id: kr2, title: Uptime, kind: threshold, target: 99.5, direction: at-least, current: 99.7, unit: "%"}
      - {id: kr3, title: Launch, kind: binary, achieved: false}
    milestones:
      - id: m1
        title: M1
        due: 2026-09-01
"""

ROLES = BASE["roles/r.yaml"].replace("  title: Dev\n", "  title: Dev\n  holders: [Ada Lovelace, 'Alan <T>']\n")
PLAYBOOK = BASE["playbook.yaml"].replace("as_of: 2026-06-01", "as_of: 2026-07-02")
OVERRIDES: dict[str, str | None] = {"plans/p.yaml": PLAN, "roles/r.yaml": ROLES, "playbook.yaml": PLAYBOOK}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review")
    content = write_playbook(root / "content", OVERRIDES)
    out = root / "out"
    assert main(["export", "markdown", str(out), "--content", str(content)], out=io.StringIO()) == 0
    return out


def page(out: Path, path: str) -> Any:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "lxml")


def text(node: Any) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


def test_key_result_line_shows_pace_latest_check_in_and_owner(exported: Path) -> None:
    row = page(exported, "objectives/o1/index.md").select_one("tr#kr-kr1")
    assert text(row.select_one(".sb-pace")) == "4 carriers behind pace; forecast 52 of 60 by 2026-12-31"
    assert text(row.select_one(".sb-check-in")) == (
        "Latest check-in 2026-07-02: 26 carriers · confidence low · Two carriers slipped <b> · Lead"
    )
    assert text(row.select_one(".sb-kr-owner")) == "Owner: Dev"


def test_threshold_and_binary_lines(exported: Path) -> None:
    soup = page(exported, "objectives/o1/index.md")
    assert text(soup.select_one("tr#kr-kr2 .sb-kr-state")) == "met: at least 99.5 %"
    assert text(soup.select_one("tr#kr-kr3 .sb-kr-state")) == "not done yet"


def test_sparkline_marks_each_check_in(exported: Path) -> None:
    row = page(exported, "objectives/o1/index.md").select_one("tr#kr-kr1")
    marks = row.select("svg .sb-check-in-mark")
    assert [text(m.select_one("title")) for m in marks] == ["2026-04-01: 15 carriers", "2026-07-02: 26 carriers"]


def test_objective_page_lists_check_ins_newest_first(exported: Path) -> None:
    soup = page(exported, "objectives/o1/index.md")
    table = soup.select_one("table.sb-check-ins")
    rows = [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["2026-07-02", "Carriers signed", "26 carriers", "low", "Lead", "Two carriers slipped <b>"],
        ["2026-04-01", "Carriers signed", "15 carriers", "high", "Dev", "Good start"],
    ]


def test_role_page_shows_holders(exported: Path) -> None:
    assert text(page(exported, "roles/dev/index.md").select_one(".sb-holders")) == "Ada Lovelace, Alan <T>"


def test_plan_and_home_pages_show_the_next_review(exported: Path) -> None:
    assert text(page(exported, "plans/plan1/index.md").select_one(".sb-review")) == (
        "2026-07-01 (quarterly; last 2026-04-01) — past due"
    )
    home = page(exported, "index.md")
    assert [text(li) for li in home.select(".sb-reviews li")] == ["Plan: 2026-07-01 (past due)"]


def test_playbook_json_has_pace_and_check_ins(exported: Path) -> None:
    document = json.loads((exported / "data/playbook.json").read_text(encoding="utf-8"))
    key_result = document["plans"][0]["objectives"][0]["key_results"][0]
    assert key_result["kind"] == "measure"
    assert key_result["owner"] == "dev"
    assert key_result["history"][-1] == {
        "date": "2026-07-02",
        "value": 26,
        "note": "Two carriers slipped <b>",
        "confidence": "low",
        "by": "lead",
    }
    assert key_result["pace"] == {
        "start": "2026-01-01",
        "due": "2026-12-31",
        "expected": 30.0,
        "gap": -4.0,
        "standing": "behind",
        "forecast": 52.0,
        "forecast_meets_target": False,
    }
    kinds = [kr["kind"] for kr in document["plans"][0]["objectives"][0]["key_results"]]
    assert kinds == ["measure", "threshold", "binary"]
    assert document["plans"][0]["review"] == {"every": "quarterly", "last": "2026-04-01"}
    assert document["plans"][0]["next_review"] == "2026-07-01"


def test_key_results_csv_has_pace_columns(exported: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((exported / "data/objectives-key-results.csv").read_text("utf-8"))))
    kr1 = next(r for r in rows if r.get("key_result_id") == "kr1")
    assert (kr1["expected"], kr1["pace_gap"], kr1["forecast"], kr1["pace"]) == (
        "30.0",
        "-4.0",
        "52.0",
        "4 carriers behind pace; forecast 52 of 60 by 2026-12-31",
    )


# --- the "What changed" page on a MkDocs site in a git repository -----------------------

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def test_what_changed_page_and_marks(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_playbook(root / "content")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Review
            theme: {name: material, font: false}
            plugins:
              - search
              - stratbook:
                  changes_since: latest-tag
            """
        ),
        encoding="utf-8",
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", "v1")
    accepted = PLAN.replace(
        "review: {every: quarterly, last: 2026-04-01}\n",
        "review: {every: quarterly, last: 2026-04-01}\n"
        "accept:\n  - {warning: review-overdue, reason: Review moved to the offsite, until: 2026-07-31}\n",
    )
    write_playbook(root / "content", {**OVERRIDES, "plans/p.yaml": accepted})
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    changes = BeautifulSoup((out / "changes/index.html").read_text(encoding="utf-8"), "lxml")
    article = changes.select_one("article")
    assert article is not None
    assert text(article.select_one("h1")) == "What changed since latest-tag (v1)"
    items = [text(li) for li in article.select("li")]
    assert 'key result kr2 "Uptime" added' in items
    assert 'key result kr1 renamed: "KR" -> "Carriers signed"' in items
    objective = BeautifulSoup((out / "objectives/o1/index.html").read_text(encoding="utf-8"), "lxml")
    assert text(objective.select_one("tr#kr-kr2 .sb-mark")) == "new"
    assert text(objective.select_one("tr#kr-kr1 .sb-mark")) == "moved"
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8").replace("latest-tag", "nope"), encoding="utf-8"
    )
    failed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(out)],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert "stratbook: unknown revision `nope`: name a commit, branch or tag that `git log` knows" in failed.stderr


def test_alignment_page_marks_an_accepted_gap(tmp_path: Path) -> None:
    coaching = BASE["coaching/c.yaml"].replace("skills:\n  - {skill: s1, from: 1, to: 3}\n", "")
    skills = "id: s1\ntitle: Skill\naccept:\n  - {warning: skill-gap, reason: Hiring <instead>, until: 2026-12-31}\n"
    content = write_playbook(tmp_path / "content", {"coaching/c.yaml": coaching, "skills/s.yaml": skills})
    out = tmp_path / "out"
    assert main(["export", "markdown", str(out), "--content", str(content)], out=io.StringIO()) == 0
    gaps = page(out, "alignment/index.md").select("li.sb-gap")
    marked = [text(gap.select_one(".sb-accepted")) for gap in gaps if gap.select_one(".sb-accepted")]
    assert marked == ["accepted until 2026-12-31: Hiring <instead>"]
