"""Calendar and CSV a subscriber can rely on, pillars in the order the playbook declares, dates that never wrap."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
from bs4 import BeautifulSoup
from playbooks import BASE, write_playbook

from generator.cli import main

COACHING = """\
id: prog
title: Prog
purpose: Why
audience: [dev]
supports: [o1]
skills:
  - {skill: s1, from: 1, to: 3}
period: {start: 2026-02-02, end: 2026-06-30}
sessions:
  - {title: Review, week: 3}
  - {title: Kick-off, week: 1}
  - {title: Dated, date: 2026-05-04}
"""
SITE = "https://example.org/book/"


def _export(root: Path, kind: str, out: Path, *extra: str) -> None:
    assert main(["export", kind, str(out), "--content", str(root), *extra], out=io.StringIO()) == 0


def _events(root: Path, out: Path, *extra: str) -> list[tuple[str, str, str]]:
    _export(root, "ics", out, *extra)
    calendar: Any = icalendar.Calendar.from_ical((out / "roadmap.ics").read_bytes())
    return [(str(e["uid"]), e.decoded("dtstart").isoformat(), str(e["summary"])) for e in calendar.walk("VEVENT")]


def test_calendar_uids_come_from_ids_and_week_sessions_are_dated(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content", {"coaching/c.yaml": COACHING})
    assert _events(root, tmp_path / "one") == [
        ("milestone-m1@stratbook", "2026-09-01", "Milestone: M1"),
        ("session-prog-week-1@stratbook", "2026-02-02", "Coaching: Kick-off"),
        ("session-prog-week-3@stratbook", "2026-02-16", "Coaching: Review"),
        ("session-prog-2026-05-04@stratbook", "2026-05-04", "Coaching: Dated"),
    ]


def test_calendar_uids_survive_renaming_the_playbook_and_retitling_sessions(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content", {"coaching/c.yaml": COACHING})
    before = [uid for uid, _, _ in _events(root, tmp_path / "one")]
    write_playbook(
        root,
        {
            "playbook.yaml": BASE["playbook.yaml"].replace("title: Test", "title: Renamed strategy"),
            "coaching/c.yaml": COACHING.replace("Kick-off", "Opening").replace("title: Dated", "title: Later"),
            "plans/p.yaml": BASE["plans/p.yaml"].replace("title: M1", "title: First step"),
        },
    )
    after = _events(root, tmp_path / "two")
    assert [uid for uid, _, _ in after] == before
    assert [summary for _, _, summary in after] == [
        "Milestone: First step",
        "Coaching: Opening",
        "Coaching: Review",
        "Coaching: Later",
    ]


def test_two_sessions_in_one_week_get_their_own_uids(tmp_path: Path) -> None:
    coaching = COACHING.replace("{title: Review, week: 3}", "{title: Review, week: 1}")
    root = write_playbook(tmp_path / "content", {"coaching/c.yaml": coaching})
    assert [uid for uid, _, _ in _events(root, tmp_path / "out")][1:3] == [
        "session-prog-week-1@stratbook",
        "session-prog-week-1-2@stratbook",
    ]


def test_week_sessions_of_a_program_without_a_start_stay_out_of_the_calendar(tmp_path: Path) -> None:
    root = write_playbook(
        tmp_path / "content",
        {"coaching/c.yaml": COACHING.replace("period: {start: 2026-02-02, end: 2026-06-30}\n", "")},
    )
    assert [uid for uid, _, _ in _events(root, tmp_path / "out")] == [
        "milestone-m1@stratbook",
        "session-prog-2026-05-04@stratbook",
    ]


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_milestones_csv(tmp_path: Path) -> None:
    milestones = (
        "      - id: m1\n        title: M1\n        due: 2026-09-01\n"
        "      - id: m0\n        title: 'Early, \"quoted\"'\n        due: 2026-03-01\n"
        "        status: in-progress\n        owner: dev\n"
        "      - id: m2\n        title: M2\n        due: 2026-10-01\n        depends_on: [m1, m0]\n"
    )
    plan = BASE["plans/p.yaml"].replace("      - id: m1\n        title: M1\n        due: 2026-09-01\n", milestones)
    assert plan != BASE["plans/p.yaml"]
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": plan})
    _export(root, "csv", tmp_path / "out")
    text = (tmp_path / "out" / "milestones.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "milestone_id,milestone_title,due,status,late,owner,depends_on,objective_id,objective_title,plan_id,"
        "pillar_id,url"
    )
    assert _rows(tmp_path / "out" / "milestones.csv") == [
        {
            "milestone_id": "m1",
            "milestone_title": "M1",
            "due": "2026-09-01",
            "status": "planned",
            "late": "false",
            "owner": "",
            "depends_on": "",
            "objective_id": "o1",
            "objective_title": "Obj",
            "plan_id": "plan1",
            "pillar_id": "p1",
            "url": "objectives/o1/#milestone-m1",
        },
        {
            "milestone_id": "m0",
            "milestone_title": 'Early, "quoted"',
            "due": "2026-03-01",
            "status": "in-progress",
            "late": "true",
            "owner": "dev",
            "depends_on": "",
            "objective_id": "o1",
            "objective_title": "Obj",
            "plan_id": "plan1",
            "pillar_id": "p1",
            "url": "objectives/o1/#milestone-m0",
        },
        {
            "milestone_id": "m2",
            "milestone_title": "M2",
            "due": "2026-10-01",
            "status": "planned",
            "late": "false",
            "owner": "",
            "depends_on": "m1 m0",
            "objective_id": "o1",
            "objective_title": "Obj",
            "plan_id": "plan1",
            "pillar_id": "p1",
            "url": "objectives/o1/#milestone-m2",
        },
    ]


def test_exported_links_are_absolute_with_a_site_url(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    _export(root, "csv", tmp_path / "out", "--site-url", SITE)
    assert _rows(tmp_path / "out" / "objectives-key-results.csv")[0]["objective_url"] == SITE + "objectives/o1/"
    assert _rows(tmp_path / "out" / "milestones.csv")[0]["url"] == SITE + "objectives/o1/#milestone-m1"
    assert _rows(tmp_path / "out" / "risks.csv") == []
    calendar: Any = icalendar.Calendar.from_ical(_export_ics(root, tmp_path / "ics"))
    assert [str(e["url"]) for e in calendar.walk("VEVENT")] == [SITE + "objectives/o1/#milestone-m1"]


def _export_ics(root: Path, out: Path) -> bytes:
    _export(root, "ics", out, "--site-url", SITE)
    return (out / "roadmap.ics").read_bytes()


def test_a_site_url_must_be_absolute(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_playbook(tmp_path / "content")
    assert main(["export", "csv", str(tmp_path / "out"), "--content", str(root), "--site-url", "example.org"]) == 2
    assert capsys.readouterr().err == (
        "stratbook export: error: --site-url `example.org` is not an absolute address: write it like "
        "https://example.org/playbook/\n"
    )


TWO_PILLARS = BASE["playbook.yaml"].replace(
    "pillars:\n  - id: p1\n    title: Pillar\n",
    "pillars:\n  - id: p1\n    title: Zeta comes first\n  - id: p2\n    title: Alpha comes second\n",
)
SECOND_PLAN = """\
id: another
title: Another plan
pillar: p2
owner: lead
period: {start: 2026-01-01, end: 2026-12-31}
objectives:
  - id: o2
    title: Second
    owner: lead
    contributors: [{role: dev}]
    key_results: [{id: kr2, title: KR2, baseline: 0, target: 1, current: 1}]
"""


ASSETS = Path(__file__).resolve().parent.parent / "generator/assets"
STYLESHEETS = "".join((ASSETS / name).read_text(encoding="utf-8") for name in ("stratbook.css", "pictures.css"))
#: The selectors of the stylesheet's rules that keep text on one line (`td:nth-child(n)` rules keep a column so).
NOWRAP = {
    selector.strip()
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", STYLESHEETS, flags=re.DOTALL))
    if "white-space: nowrap" in body
    for selector in selectors.split(",")
}


def _wraps(cell: Any) -> bool:
    """Whether a table cell may wrap: neither its class nor a column rule of the stylesheet keeps it on one line."""
    if "sb-nowrap" in (cell.get("class") or []):
        return False
    column = len(cell.find_previous_siblings("td")) + 1
    classes = cell.find_parent("table").get("class") or []
    return not any(f".{name} td:nth-child({column})" in NOWRAP for name in classes)


def test_the_roadmap_lists_pillars_in_declared_order_and_dates_do_not_wrap(tmp_path: Path) -> None:
    """`plans/a.yaml` sorts first by name but serves the second pillar: the declared order wins."""
    root = write_playbook(tmp_path / "content", {"playbook.yaml": TWO_PILLARS, "plans/a.yaml": SECOND_PLAN})
    _export(root, "markdown", tmp_path / "md")
    page = BeautifulSoup((tmp_path / "md" / "roadmap" / "index.md").read_text(encoding="utf-8"), "lxml")
    table = page.select_one("table.sb-roadmap-table")
    assert table is not None
    pillars = [row.select("td")[0].get_text() for row in table.select("tbody tr")]
    assert list(dict.fromkeys(pillars)) == ["Zeta comes first", "Alpha comes second"]
    for row in table.select("tbody tr"):
        for cell in row.select("td")[3:5]:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell.get_text()):
                assert not _wraps(cell), row
    titles = [t.get_text() for t in page.select("svg .sb-rm-pillar-title")]
    assert titles == ["Zeta comes first", "Alpha comes second"]


def test_every_date_cell_of_every_page_is_kept_on_one_line(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content", {"playbook.yaml": TWO_PILLARS, "plans/a.yaml": SECOND_PLAN})
    _export(root, "markdown", tmp_path / "md")
    date = re.compile(r"\d{4}-\d{2}-\d{2}(?: – \d{4}-\d{2}-\d{2})?")
    wrapping = []
    for path in sorted((tmp_path / "md").rglob("*.md")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for cell in page.select("td"):
            if date.fullmatch(cell.get_text().strip()) and _wraps(cell):
                wrapping.append((path.relative_to(tmp_path / "md").as_posix(), str(cell)))
    assert wrapping == []
