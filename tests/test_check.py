"""`stratbook check`: every error and warning of the content model, exactly located."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from playbooks import BASE, run_check, write_playbook

from generator import __version__
from generator.cli import main

P = BASE["plans/p.yaml"]
ROLES = BASE["roles/r.yaml"]
COACHING = BASE["coaching/c.yaml"]


def findings(output: str) -> list[str]:
    """The diagnostic lines of a text report (the summary and alignment lines aside)."""
    return [line for line in output.splitlines() if line.startswith("pb/")]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


CASES: dict[str, tuple[dict[str, str | None], list[str]]] = {
    "pillar with the id of a section's page": (
        {"playbook.yaml": BASE["playbook.yaml"].replace("id: p1\n", "id: index\n"), "plans/p.yaml": P.replace(
            "pillar: p1\n", "pillar: index\n")},
        [
            "pb/playbook.yaml:6:9: error: a pillar cannot have the id `index`, the name of a section's index "
            "page: choose another id"
        ],
    ),
    "plan with the id of its section's page": (
        {"plans/p.yaml": P.replace("id: plan1\n", "id: index\n")},
        [
            "pb/plans/p.yaml:1:5: error: a plan cannot have the id `index`, the name of a section's index "
            "page: choose another id"
        ],
    ),
    "wrong type": (
        {"plans/p.yaml": P.replace("baseline: 0", "baseline: lots")},
        ["pb/plans/p.yaml:17:19: error: `baseline`: expected a number, got the text `lots`"],
    ),
    "number where text is expected": (
        {"skills/s.yaml": "id: s1\ntitle: 2027\n"},
        ["pb/skills/s.yaml:2:8: error: `title` must be text, got the number `2027`: put it in quotes"],
    ),
    "missing required field": (
        {"plans/p.yaml": P.replace("    title: Obj\n", "")},
        ["pb/plans/p.yaml:7:5: error: missing required field `title` in this objective: add it"],
    ),
    "unknown field with a suggestion": (
        {"plans/p.yaml": P.replace("contribution: Builds", "contributon: Builds")},
        ["pb/plans/p.yaml:13:9: error: unknown field `contributon` in a contribution; did you mean `contribution`?"],
    ),
    "unknown field without a suggestion": (
        {"skills/s.yaml": "id: s1\ntitle: Skill\nzzz: 1\n"},
        [
            "pb/skills/s.yaml:3:1: error: unknown field `zzz` in a skill; allowed fields: "
            "`accept`, `category`, `description`, `id`, `levels`, `title`"
        ],
    ),
    "bad id": (
        {
            "skills/s.yaml": "id: s1\ntitle: Skill\n- x\n".replace("- x\n", ""),
            "roles/x.yaml": "id: ../../x\ntitle: X\n",
        },
        [
            "pb/roles/x.yaml:1:5: error: `../../x` is not a valid id: use lowercase letters, digits and single "
            "hyphens, at most 64 characters, like `grow-revenue`"
        ],
    ),
    "duplicate id across files names both places": (
        {"skills/s.yaml": "- id: s1\n  title: Skill\n- id: o1\n  title: Dup\n"},
        [
            "pb/skills/s.yaml:3:7: error: duplicate id `o1`: an objective at pb/plans/p.yaml:7:9 has it already; "
            "ids are unique across the playbook, so rename one of them"
        ],
    ),
    "unknown reference with a suggestion": (
        {"plans/p.yaml": P.replace("owner: lead\n    skills", "owner: laed\n    skills")},
        ["pb/plans/p.yaml:9:12: error: unknown role `laed`; did you mean `lead`?"],
    ),
    "unknown reference without a suggestion": (
        {"coaching/c.yaml": COACHING.replace("audience: [dev]", "audience: [zebra]")},
        ["pb/coaching/c.yaml:4:12: error: unknown role `zebra`: add the role or fix the id"],
    ),
    "reference of the wrong kind": (
        {"plans/p.yaml": P.replace("pillar: p1", "pillar: lead")},
        ["pb/plans/p.yaml:3:9: error: `lead` is a role, not a pillar: name a pillar here"],
    ),
    "reports_to cycle": (
        {"roles/r.yaml": ROLES.replace("  title: Lead\n", "  title: Lead\n  reports_to: dev\n")},
        [
            "pb/roles/r.yaml:3:15: error: `reports_to` goes round in a circle: `lead` -> `dev` -> `lead`; "
            "break the loop by changing one of these roles"
        ],
    ),
    "depends_on cycle": (
        {"plans/p.yaml": P.replace("due: 2026-09-01", "due: 2026-09-01\n        depends_on: [m1]")},
        [
            "pb/plans/p.yaml:24:21: error: `depends_on` goes round in a circle: `m1` -> `m1`; "
            "break the loop by changing one of these milestones"
        ],
    ),
    "date that does not exist": (
        {"plans/p.yaml": P.replace("due: 2026-09-01", "due: 2027-02-30")},
        ["pb/plans/p.yaml:23:14: error: `due`: `2027-02-30` is not a real date: check the month and day"],
    ),
    "number where a date is expected": (
        {"plans/p.yaml": P.replace("due: 2026-09-01", "due: 20260901")},
        ["pb/plans/p.yaml:23:14: error: `due`: expected an ISO date like 2027-03-31, got the number `20260901`"],
    ),
    "period that ends before it starts": (
        {"plans/p.yaml": P.replace("{start: 2026-01-01, end: 2026-12-31}", "{start: 2026-12-31, end: 2026-01-01}")},
        [
            "pb/plans/p.yaml:5:34: error: the period ends (2026-01-01) before it starts (2026-12-31): "
            "fix `start` or `end`"
        ],
    ),
    "value out of range": (
        {"roles/r.yaml": ROLES.replace("level: 2", "level: 6")},
        ["pb/roles/r.yaml:5:14: error: `level` must be a whole number from 1 to 5, got the number `6`"],
    ),
    "two accountable roles": (
        {"plans/p.yaml": P.replace("contribution: Builds", "raci: A")},
        [
            "pb/plans/p.yaml:13:15: error: objective `o1` has two accountable roles: its owner `lead` and `dev`; "
            "an objective has exactly one, so give `dev` R, C or I, or make it the owner"
        ],
    ),
    "target equal to baseline": (
        {"plans/p.yaml": P.replace("target: 10", "target: 0")},
        [
            "pb/plans/p.yaml:18:17: error: key result `kr1` has its target equal to its baseline (0), "
            "so progress cannot be measured: set the target you aim for"
        ],
    ),
    "program levels not rising": (
        {"coaching/c.yaml": COACHING.replace("from: 1, to: 3", "from: 3, to: 3")},
        ["pb/coaching/c.yaml:7:30: error: program `prog` develops `s1` from level 3 to 3: `to` must be above `from`"],
    ),
    "value not among the allowed ones": (
        {"plans/p.yaml": P.replace("title: M1", "title: M1\n        status: finished")},
        [
            "pb/plans/p.yaml:23:17: error: `status` must be one of `planned`, `in-progress`, `done`, `blocked`, "
            "`cancelled`, got the text `finished`"
        ],
    ),
    "value close to an allowed one": (
        {"plans/p.yaml": P.replace("title: M1", "title: M1\n        status: in-progres")},
        [
            "pb/plans/p.yaml:23:17: error: `status` must be one of `planned`, `in-progress`, `done`, `blocked`, "
            "`cancelled`, got the text `in-progres`; did you mean `in-progress`?"
        ],
    ),
    "stray file": (
        {"notes.txt": "hello"},
        [
            "pb/notes.txt:1:1: error: unexpected file in the playbook folder: move it out, or into plans/, "
            "roles/, skills/ or coaching/ as a .yaml file"
        ],
    ),
    "no playbook.yaml": (
        {"playbook.yaml": None},
        [
            "pb/playbook.yaml:1:1: error: the playbook has no playbook.yaml: create it with `title`, `vision`, "
            "`horizon` and `pillars`"
        ],
    ),
}

WARNINGS: dict[str, tuple[dict[str, str | None], list[str]]] = {
    "objective without key results or contributors": (
        {
            "plans/p.yaml": P.replace(
                "    contributors:\n      - role: dev\n        contribution: Builds\n"
                "    key_results:\n      - id: kr1\n        title: KR\n        baseline: 0\n"
                "        target: 10\n        current: 5\n",
                "",
            )
        },
        [
            "pb/plans/p.yaml:7:9: warning: objective `o1` has no contributors: list the roles that move it in "
            "`contributors` [objective-no-contributors]",
            "pb/plans/p.yaml:7:9: warning: objective `o1` has no key results: add at least one measurable "
            "`key_results` entry [objective-no-key-results]",
            "pb/roles/r.yaml:6:7: warning: role `dev` owns or contributes to no objective: add it to an "
            "objective's `contributors` or make it an owner [role-unaligned]",
        ],
    ),
    "role that moves no objective": (
        {"roles/r.yaml": ROLES + "- id: idle\n  title: Idle\n"},
        [
            "pb/roles/r.yaml:9:7: warning: role `idle` owns or contributes to no objective: add it to an "
            "objective's `contributors` or make it an owner [role-unaligned]"
        ],
    ),
    "program that supports no objective": (
        {"coaching/c.yaml": COACHING.replace("supports: [o1]\n", "")},
        [
            "pb/coaching/c.yaml:1:5: warning: coaching program `prog` supports no objective: name the objectives "
            "it serves in `supports` [program-unaligned]"
        ],
    ),
    "skill gap": (
        {"coaching/c.yaml": COACHING.replace("skills:\n  - {skill: s1, from: 1, to: 3}\n", "")},
        [
            "pb/skills/s.yaml:1:5: warning: skill gap: `s1` is needed by role `lead`, objective `o1` but no "
            "coaching program develops it: add it to a program's `skills` [skill-gap]"
        ],
    ),
    "late milestone": (
        {"plans/p.yaml": P.replace("due: 2026-09-01", "due: 2026-03-01")},
        [
            "pb/plans/p.yaml:23:14: warning: milestone `m1` was due 2026-03-01, before 2026-06-01, and is planned: "
            "mark it done or cancelled, or move its date [milestone-late]"
        ],
    ),
    "key result without current": (
        {"plans/p.yaml": P.replace("        current: 5\n", "")},
        [
            "pb/plans/p.yaml:15:13: warning: key result `kr1` has no `current` value: record the latest measurement "
            "[key-result-no-current]"
        ],
    ),
    "open risk without mitigation": (
        {
            "plans/p.yaml": P
            + "    risks:\n      - id: r1\n        title: Bad\n        likelihood: 3\n        impact: 5\n"
        },
        [
            "pb/plans/p.yaml:25:13: warning: open risk `r1` scores 15 (likelihood 3 x impact 5) and has no "
            "mitigation: say how it is handled in `mitigation` [risk-unmitigated]"
        ],
    ),
    "plan outside the horizon": (
        {"plans/p.yaml": P.replace("end: 2026-12-31", "end: 2028-03-31")},
        [
            "pb/plans/p.yaml:5:9: warning: plan `plan1` runs 2026-01-01 to 2028-03-31, outside the strategy's "
            "horizon (2026-01-01 to 2027-12-31): move the period inside it or widen the horizon [plan-outside-horizon]"
        ],
    ),
    "milestone outside its objective's period": (
        {"plans/p.yaml": P.replace("due: 2026-09-01", "due: 2027-02-01")},
        [
            "pb/plans/p.yaml:23:14: warning: milestone `m1` is due 2027-02-01, outside its objective's period "
            "(2026-01-01 to 2026-12-31): move the date or the period [milestone-outside-objective]"
        ],
    ),
    "milestone before its dependency": (
        {
            "plans/p.yaml": P.replace(
                "due: 2026-09-01",
                "due: 2026-09-01\n        depends_on: [m2]\n      - id: m2\n        title: M2\n        due: 2026-10-01",
            )
        },
        [
            "pb/plans/p.yaml:24:22: warning: milestone `m1` is due 2026-09-01, before `m2` (2026-10-01) that it "
            "depends on: reorder the dates or the dependency [milestone-before-dependency]"
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_is_reported_exactly(in_tmp: Path, name: str) -> None:
    overrides, expected = CASES[name]
    write_playbook(in_tmp / "pb", overrides)
    status, output = run_check("--content", "pb")
    assert [line for line in findings(output) if ": error: " in line] == expected
    assert status == 1


@pytest.mark.parametrize("name", list(WARNINGS))
def test_warning_is_reported_exactly(in_tmp: Path, name: str) -> None:
    overrides, expected = WARNINGS[name]
    write_playbook(in_tmp / "pb", overrides)
    status, output = run_check("pb")
    assert findings(output) == expected
    assert status == 0, "warnings alone do not fail"
    strict_status, _ = run_check("pb", "--strict")
    assert strict_status == 1, "--strict fails on warnings"


def test_valid_playbook_passes_strict(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb")
    status, output = run_check("pb", "--strict")
    assert findings(output) == []
    assert output.splitlines()[-1] == "0 errors, 0 warnings in 5 files"
    assert status == 0


def test_all_errors_are_reported_together_sorted_by_file_and_line(in_tmp: Path) -> None:
    write_playbook(
        in_tmp / "pb",
        {
            "plans/p.yaml": P.replace("baseline: 0", "baseline: lots").replace("pillar: p1", "pillar: lead"),
            "roles/r.yaml": ROLES.replace("level: 2", "level: 6"),
            "skills/s.yaml": "id: s1\ntitle: Skill\nzzz: 1\n",
        },
    )
    status, output = run_check("pb")
    assert [line.split(": ")[0] for line in findings(output)] == [
        "pb/plans/p.yaml:17:19",
        "pb/roles/r.yaml:5:14",
        "pb/skills/s.yaml:3:1",
    ]
    assert output.splitlines()[-1] == (
        "3 errors, 0 warnings (more are looked for once every file reads and validates) in 5 files"
    )
    assert status == 1


def test_as_of_option_overrides_the_playbook(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb")
    assert run_check("pb", "--strict")[0] == 0
    status, output = run_check("pb", "--strict", "--as-of", "2026-10-01")
    assert findings(output) == [
        "pb/plans/p.yaml:23:14: warning: milestone `m1` was due 2026-09-01, before 2026-10-01, and is planned: "
        "mark it done or cancelled, or move its date [milestone-late]"
    ]
    assert status == 1


def test_json_format(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"plans/p.yaml": P.replace("        current: 5\n", "")})
    status, output = run_check("pb", "--format", "json")
    document = json.loads(output)
    assert status == 0
    assert document["errors"] == 0
    assert document["warnings"] == 1
    assert document["as_of"] == "2026-06-01"
    assert document["diagnostics"] == [
        {
            "file": "pb/plans/p.yaml",
            "line": 15,
            "column": 13,
            "severity": "warning",
            "code": "key-result-no-current",
            "message": "key result `kr1` has no `current` value: record the latest measurement",
            "accepted": False,
            "acceptance": None,
        }
    ]


def test_github_format_prints_workflow_annotations(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"plans/p.yaml": P.replace("pillar: p1", "pillar: lead")})
    status, output = run_check("pb", "--format", "github")
    assert output.splitlines()[0] == (
        "::error file=pb/plans/p.yaml,line=3,col=9,title=stratbook refs.unknown::"
        "`lead` is a role, not a pillar: name a pillar here"
    )
    assert status == 1


def test_github_format_escapes_newlines_and_percent(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"skills/s.yaml": 'id: s1\ntitle: Skill\n"100%\\nx": 1\n'})
    _, output = run_check("pb", "--format", "github")
    assert "unknown field `100%25%0Ax`" in output.splitlines()[0]


def test_missing_folder_is_a_usage_error(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run_check("--content", "nowhere")
    assert status == 2
    assert output == ""
    assert capsys.readouterr().err == (
        "nowhere: error: no playbook folder here; pass the folder that holds playbook.yaml "
        "(for example `stratbook check --content content`)\n"
    )


def test_bad_option_is_a_usage_error(in_tmp: Path) -> None:
    assert run_check("pb", "--as-of", "tomorrow")[0] == 2
    assert run_check("pb", "--format", "xml")[0] == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"], out=io.StringIO()) == 0
    assert capsys.readouterr().out == f"stratbook {__version__}\n"
