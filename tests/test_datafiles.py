"""Data exports: playbook.json against its schema, CSV read back, roadmap.ics parsed back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest

from generator.cli import main
from generator.exports import EXPORTERS, site
from generator.exports import csv as csv_export
from generator.exports import ics as ics_export
from generator.exports import json as json_export
from generator.model import Playbook
from generator.pipeline import load
from generator.rendering.options import Options

PLAYBOOK = """\
title: "Acme: strategy, 2026; draft"
vision: Be useful.
horizon: {start: 2026-01-01, end: 2027-12-31}
as_of: 2026-06-15
pillars:
  - id: core
    title: Core, first
"""

ROLES = """\
- id: lead
  title: Lead
  skills:
    - {skill: listening, level: 2}
- id: member
  title: "=Member, senior"
"""

SKILLS = """\
- id: listening
  title: Listening
  levels: {1: Hears, 2: Listens}
"""

PLAN = """\
id: plan-a
title: Plan A
pillar: core
owner: lead
period: {start: 2026-01-01, end: 2027-12-31}
objectives:
  - id: obj-a
    title: "Grow; widely, and \\"well\\""
    owner: lead
    skills: [listening]
    contributors:
      - {role: member, raci: R, contribution: Does the work}
    key_results:
      - {id: kr-over, title: Over target, baseline: 0, target: 10, current: 15}
      - {id: kr-down, title: Reduce, baseline: 100, target: 50, current: 75, unit: "%"}
    milestones:
      - id: ms-one
        title: "Kick-off, phase 1; ready\\nsecond line"
        due: 2026-07-01
        owner: member
      - id: ms-two
        title: Æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ ÆØÅ ÆØÅ ÆØÅ ÆØÅ
        due: 2026-09-30
        depends_on: [ms-one]
    risks:
      - {id: risk-low, title: Low, likelihood: 1, impact: 2, mitigation: Watch}
      - {id: risk-high, title: High, likelihood: 4, impact: 4, mitigation: "-Act now", owner: member}
  - id: obj-b
    title: Second objective
    owner: member
    contributors:
      - {role: lead, raci: C}
    key_results:
      - {id: kr-b, title: B, baseline: 1, target: 2, current: 1}
"""

COACHING = """\
id: listening-lab
title: Listening lab
purpose: Listen better.
audience: [member]
coaches: [lead]
supports: [obj-a]
skills:
  - {skill: listening, from: 1, to: 3}
sessions:
  - {title: "Intro, part 1", date: 2026-07-10, duration: 90, format: group, goals: [Meet]}
  - {title: Practice, week: 2}
  - {title: "Intro, part 1", date: 2026-07-10}
"""


@pytest.fixture
def playbook(tmp_path: Path) -> Playbook:
    root = tmp_path / "content"
    for folder in ("plans", "roles", "skills", "coaching"):
        (root / folder).mkdir(parents=True)
    (root / "playbook.yaml").write_text(PLAYBOOK, encoding="utf-8")
    (root / "roles" / "roles.yaml").write_text(ROLES, encoding="utf-8")
    (root / "skills" / "skills.yaml").write_text(SKILLS, encoding="utf-8")
    (root / "plans" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (root / "coaching" / "lab.yaml").write_text(COACHING, encoding="utf-8")
    return load(root).require()


def test_json_validates_against_its_schema(playbook: Playbook, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = json_export.write_json(playbook, out)
    assert [p.name for p in written] == ["playbook.json", "playbook.schema.json"]
    data = json.loads((out / "playbook.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "playbook.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["$schema"] == "./playbook.schema.json"
    assert data["as_of"] == "2026-06-15"
    objective = data["plans"][0]["objectives"][0]
    assert objective["url"] == "objectives/obj-a/"
    assert objective["plan"] == "plan-a"
    assert objective["effective_period"] == {"start": "2026-01-01", "end": "2027-12-31"}
    over, down = objective["key_results"]
    assert over["progress"] == 1.5  # unclamped in data exports
    assert over["progress_clamped"] == 1.0
    assert down["progress"] == 0.5
    assert down["is_reduction"] is True
    assert objective["milestones"][0]["url"] == "objectives/obj-a/#milestone-ms-one"
    assert objective["milestones"][0]["dependents"] == ["ms-two"]
    assert objective["risks"][1]["score"] == 16
    assert data["skills"][0]["url"] == "skills/#skill-listening"
    assert data["skills"][0]["levels"] == {"1": "Hears", "2": "Listens"}
    assert data["roles"][1]["contributions"] == [{"objective": "obj-a", "raci": "R", "contribution": "Does the work"}]
    assert data["programs"][0]["url"] == "coaching/listening-lab/"
    assert data["roles"][0]["url"] == "roles/lead/"
    assert data["plans"][0]["url"] == "plans/plan-a/"
    assert data["alignment"]["figures"][0]["key"] == "objectives"


def test_json_schema_rejects_what_the_export_never_writes(playbook: Playbook) -> None:
    data = json.loads(json.dumps(json_export.playbook_data(playbook)))
    validator = jsonschema.Draft202012Validator(json_export.json_schema())
    assert validator.is_valid(data)
    del data["plans"][0]["objectives"][0]["key_results"][0]["progress"]
    assert not validator.is_valid(data)
    data = json.loads(json.dumps(json_export.playbook_data(playbook)))
    data["roles"][0]["unknown"] = 1
    assert not validator.is_valid(data)


def test_site_url_makes_links_absolute(playbook: Playbook) -> None:
    options = Options(site_url="https://example.org/book/")
    data = json_export.playbook_data(playbook, options)
    assert data["plans"][0]["objectives"][0]["url"] == "https://example.org/book/objectives/obj-a/"
    calendar = icalendar.Calendar.from_ical(ics_export.calendar(playbook, options))
    urls = [str(e.get("url")) for e in calendar.walk("VEVENT")]
    assert urls[0] == "https://example.org/book/objectives/obj-a/#milestone-ms-one"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_read_back(playbook: Playbook, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert [p.name for p in csv_export.write_csv(playbook, out)] == [
        "objectives-key-results.csv",
        "raci.csv",
        "risks.csv",
        "milestones.csv",
    ]
    rows = read_csv(out / "objectives-key-results.csv")
    assert list(rows[0]) == csv_export.OBJECTIVE_COLUMNS
    assert [(r["objective_id"], r["key_result_id"]) for r in rows] == [
        ("obj-a", "kr-over"),
        ("obj-a", "kr-down"),
        ("obj-b", "kr-b"),
    ]
    assert rows[0]["objective_title"] == 'Grow; widely, and "well"'
    assert rows[0]["progress"] == "1.5"
    assert rows[1]["unit"] == "%"
    assert rows[0]["objective_url"] == "objectives/obj-a/"
    assert rows[2]["progress"] == "0.0"

    with (out / "raci.csv").open(encoding="utf-8", newline="") as handle:
        assignments = list(csv.reader(handle))
    assert assignments == [
        ["role_id", "role_title", "objective_id", "objective_title", "raci"],
        ["lead", "Lead", "obj-a", 'Grow; widely, and "well"', "A"],
        ["lead", "Lead", "obj-b", "Second objective", "C"],
        ["member", "'=Member, senior", "obj-a", 'Grow; widely, and "well"', "R"],  # a formula-like title is defused
        ["member", "'=Member, senior", "obj-b", "Second objective", "A"],
    ]

    risks = read_csv(out / "risks.csv")
    assert list(risks[0]) == csv_export.RISK_COLUMNS
    assert [(r["risk_id"], r["score"], r["status"]) for r in risks] == [
        ("risk-high", "16", "open"),
        ("risk-low", "2", "open"),
    ]
    assert risks[0]["mitigation"] == "'-Act now"
    assert (out / "risks.csv").read_bytes().count(b"\r\n") == 3


def test_ics_parsed_back(playbook: Playbook, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ics_export.write_ics(playbook, out)
    raw = (out / "roadmap.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\r\n " in raw  # the long non-ASCII title is folded
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["version"]) == "2.0"
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [
        "milestone-ms-one@stratbook",
        "milestone-ms-two@stratbook",
        "session-listening-lab-2026-07-10@stratbook",
        "session-listening-lab-2026-07-10-2@stratbook",
    ]  # the week-2 session has no day: the program has no period
    first = events[0]
    assert first.decoded("dtstart") == dt.date(2026, 7, 1)
    assert first.decoded("dtend") == dt.date(2026, 7, 2)
    assert first.decoded("dtstamp") == dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    assert str(first["summary"]) == "Milestone: Kick-off, phase 1; ready\nsecond line"
    assert b"SUMMARY:Milestone: Kick-off\\, phase 1\\; ready\\nsecond line\r\n" in raw
    assert "Owner: =Member, senior" in str(first["description"])
    categories: Any = first["categories"]
    assert [str(c) for c in categories.cats] == ["Milestone", "Core, first", "Plan A"]
    assert b"CATEGORIES:Milestone,Core\\, first,Plan A\r\n" in raw
    assert str(events[1]["summary"]).startswith("Milestone: Æøå ÆØÅ")
    assert "Depends on: Kick-off, phase 1; ready\nsecond line" in str(events[1]["description"])
    session = events[2]
    assert session.decoded("dtstart") == dt.date(2026, 7, 10)
    assert str(session["summary"]) == "Coaching: Intro, part 1"
    assert "Length: 1 h 30 min" in str(session["description"])
    assert "Page: coaching/listening-lab/" in str(session["description"])


def test_exports_are_deterministic(playbook: Playbook, tmp_path: Path) -> None:
    def export_all(directory: Path) -> list[Path]:
        return [path for fmt in ("json", "csv", "ics") for path in EXPORTERS[fmt](playbook, directory)]

    first, second = tmp_path / "a", tmp_path / "b"
    export_all(first)
    export_all(second)
    names = sorted(p.name for p in first.iterdir() if p.name != ".stratbook")
    assert names == sorted(site.data_files(playbook))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes() == site.data_files(playbook)[name]
    assert export_all(first) == []  # unchanged files are not rewritten


@pytest.mark.parametrize(
    ("fmt", "names"),
    [
        ("json", ["playbook.json", "playbook.schema.json"]),
        ("csv", ["objectives-key-results.csv", "raci.csv", "risks.csv", "milestones.csv"]),
        ("ics", ["roadmap.ics"]),
    ],
)
def test_cli_export(playbook: Playbook, tmp_path: Path, fmt: str, names: list[str]) -> None:
    out = io.StringIO()
    target = tmp_path / "exported"
    assert main(["export", fmt, str(target), "--content", str(tmp_path / "content")], out=out) == 0
    assert out.getvalue().splitlines() == [str(target / name) for name in names]
