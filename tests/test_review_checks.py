"""The review cycle in `stratbook check`: check-ins, key-result kinds, owners, review dates, accepted warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playbooks import BASE, run_check, write_playbook

from generator.model import Role
from generator.pipeline import load

P = BASE["plans/p.yaml"]
ROLES = BASE["roles/r.yaml"]

KR1 = """\
      - id: kr1
        title: KR
        baseline: 0
        target: 10
        current: 5
"""


def plan_with_kr(text: str) -> str:
    """The base plan with its key result replaced by ``text`` (indented like a list item)."""
    assert KR1 in P
    return P.replace(KR1, text)


def plan_with(extra: str, where: str = "    milestones:\n") -> str:
    return P.replace(where, extra + where)


def findings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("pb/")]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


CHECK_INS = """\
      - id: kr1
        title: KR
        baseline: 0
        target: 10
        current: 5
        owner: dev
        history:
          - {date: 2026-04-30, value: 3, confidence: high, by: dev, note: First count}
          - date: 2026-05-20
            value: 5
            confidence: low
            by: lead
            note: "Supplier late | <b>"
"""

REVIEW = "review: {every: quarterly, last: 2026-04-01}\n"


def test_full_review_cycle_content_passes_strict(in_tmp: Path) -> None:
    write_playbook(
        in_tmp / "pb",
        {
            "plans/p.yaml": plan_with_kr(CHECK_INS).replace("period:", REVIEW + "check_in: monthly\nperiod:"),
            "roles/r.yaml": ROLES.replace("  title: Dev\n", "  title: Dev\n  holders: [Ada Lovelace, Alan Turing]\n"),
            "playbook.yaml": BASE["playbook.yaml"] + "check_in: quarterly\n",
        },
    )
    status, output = run_check("pb", "--strict")
    assert (status, findings(output)) == (0, [])
    playbook = load(in_tmp / "pb").require()
    kr = playbook.key_results[0]
    assert kr.owner is not None
    assert kr.owner.id == "dev"
    latest = kr.latest_check_in
    assert latest is not None
    assert (latest.date.isoformat(), latest.value, latest.confidence, latest.note) == (
        "2026-05-20",
        5,
        "low",
        "Supplier late | <b>",
    )
    assert latest.by is not None
    assert latest.by.id == "lead"
    role = playbook.by_id["dev"]
    assert isinstance(role, Role)
    assert role.holders == ("Ada Lovelace", "Alan Turing")


BAD: dict[str, tuple[dict[str, str | None], list[str], int]] = {
    "confidence outside the three words": (
        {"plans/p.yaml": plan_with_kr(CHECK_INS.replace("confidence: high", "confidence: sure"))},
        [
            "pb/plans/p.yaml:22:54: error: `confidence` must be one of `high`, `medium`, `low`, got the text `sure`",
        ],
        1,
    ),
    "by names an unknown role": (
        {"plans/p.yaml": plan_with_kr(CHECK_INS.replace("by: dev", "by: deb"))},
        ["pb/plans/p.yaml:22:64: error: unknown role `deb`; did you mean `dev`?"],
        1,
    ),
    "check-in after as_of": (
        {"plans/p.yaml": plan_with_kr(CHECK_INS.replace("date: 2026-05-20", "date: 2026-07-20"))},
        [
            "pb/plans/p.yaml:23:19: warning: the check-in of key result `kr1` on 2026-07-20 is after 2026-06-01, "
            "the date the playbook is judged as of: fix the date, or move `as_of` [check-in-future]",
        ],
        0,
    ),
    "check-in before the key result starts": (
        {"plans/p.yaml": plan_with_kr(CHECK_INS.replace("date: 2026-04-30", "date: 2025-12-31"))},
        [
            "pb/plans/p.yaml:22:20: warning: the check-in of key result `kr1` on 2025-12-31 is before it starts "
            "(2026-01-01, the start of objective `o1`): fix the date, or make the value the `baseline` "
            "[check-in-before-start]",
        ],
        0,
    ),
    "latest check-in older than the interval": (
        {"plans/p.yaml": plan_with_kr(CHECK_INS.replace("date: 2026-05-20", "date: 2026-04-30"))},
        [
            "pb/plans/p.yaml:15:13: warning: key result `kr1` was last checked in on 2026-04-30, more than a month "
            "before 2026-06-01 (check-ins are monthly): record a value with "
            "`stratbook update kr kr1 --current VALUE`, or change `check_in` [check-in-overdue]",
        ],
        0,
    ),
    "weekly check-ins on the plan": (
        {"plans/p.yaml": plan_with_kr(CHECK_INS).replace("period:", "check_in: weekly\nperiod:")},
        [
            "pb/plans/p.yaml:16:13: warning: key result `kr1` was last checked in on 2026-05-20, more than a week "
            "before 2026-06-01 (check-ins are weekly): record a value with "
            "`stratbook update kr kr1 --current VALUE`, or change `check_in` [check-in-overdue]",
        ],
        0,
    ),
    "bad check-in interval": (
        {"playbook.yaml": BASE["playbook.yaml"] + "check_in: daily\n"},
        [
            "pb/playbook.yaml:8:11: error: `check_in` must be one of `weekly`, `monthly`, `quarterly`, "
            "got the text `daily`",
        ],
        1,
    ),
    "review past due": (
        {"plans/p.yaml": P.replace("period:", "review: {every: quarterly, last: 2026-02-15}\nperiod:")},
        [
            "pb/plans/p.yaml:5:34: warning: plan `plan1` was last reviewed on 2026-02-15 and is reviewed quarterly: "
            "the next review was due 2026-05-15; hold it and set `review.last` to its date [review-overdue]",
        ],
        0,
    ),
    "review after as_of": (
        {"plans/p.yaml": P.replace("period:", "review: {every: monthly, last: 2026-06-02}\nperiod:")},
        [
            "pb/plans/p.yaml:5:32: warning: plan `plan1` was last reviewed on 2026-06-02, after 2026-06-01, the date "
            "the playbook is judged as of: fix `review.last` [review-in-future]",
        ],
        0,
    ),
    "bad review interval": (
        {"plans/p.yaml": P.replace("period:", "review: {every: daily, last: 2026-05-15}\nperiod:")},
        [
            "pb/plans/p.yaml:5:17: error: `every` must be one of `monthly`, `quarterly`, `half-yearly`, `yearly`, "
            "got the text `daily`",
        ],
        1,
    ),
    "measure without a baseline": (
        {"plans/p.yaml": plan_with_kr(KR1.replace("        baseline: 0\n", ""))},
        [
            "pb/plans/p.yaml:15:13: error: key result `kr1` measures a climb from a baseline to a target, so it "
            "needs `baseline`: add it, or set `kind: threshold` (a line to hold) or `kind: binary` (done or not)",
        ],
        1,
    ),
    "threshold without a target": (
        {"plans/p.yaml": plan_with_kr(KR1.replace("        target: 10\n", "        kind: threshold\n"))},
        ["pb/plans/p.yaml:15:13: error: threshold key result `kr1` needs `target`, the line to hold: add it"],
        1,
    ),
    "binary with a target": (
        {"plans/p.yaml": plan_with_kr("      - id: kr1\n        title: KR\n        kind: binary\n        target: 1\n")},
        [
            "pb/plans/p.yaml:18:17: error: `target` does not apply to a binary key result (it is done or not, "
            "with `achieved`): remove it, or change `kind`",
        ],
        1,
    ),
    "direction on a measure": (
        {"plans/p.yaml": plan_with_kr(KR1 + "        direction: at-most\n")},
        [
            "pb/plans/p.yaml:20:20: error: `direction` does not apply to a measure key result (it climbs or "
            "falls from `baseline` to `target`): remove it, or change `kind`",
        ],
        1,
    ),
    "threshold may equal its baseline": (
        {"plans/p.yaml": plan_with_kr(KR1.replace("target: 10", "target: 0") + "        kind: threshold\n")},
        [],
        0,
    ),
    "unknown owner of a key result": (
        {"plans/p.yaml": plan_with_kr(KR1 + "        owner: nobody\n")},
        ["pb/plans/p.yaml:20:16: error: unknown role `nobody`: add the role or fix the id"],
        1,
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_review_input_is_located(in_tmp: Path, name: str) -> None:
    overrides, expected, status = BAD[name]
    write_playbook(in_tmp / "pb", overrides)
    got_status, output = run_check("pb")
    assert findings(output) == expected
    assert got_status == status


def test_threshold_and_binary_progress(in_tmp: Path) -> None:
    text = (
        "      - {id: kr1, title: Uptime, kind: threshold, target: 99.5, current: 99.7, direction: at-least}\n"
        "      - {id: kr2, title: Wait, kind: threshold, target: 30, current: 42, direction: at-most}\n"
        "      - {id: kr3, title: Launch, kind: binary, achieved: true}\n"
        "      - {id: kr4, title: Audit, kind: binary}\n"
    )
    write_playbook(in_tmp / "pb", {"plans/p.yaml": plan_with_kr(text)})
    status, output = run_check("pb", "--strict")
    assert (status, findings(output)) == (0, [])
    playbook = load(in_tmp / "pb").require()
    assert [kr.is_met for kr in playbook.key_results] == [True, False, True, False]
    assert [kr.progress for kr in playbook.key_results] == [1.0, 0.0, 1.0, 0.0]


# --- accepted warnings ------------------------------------------------------------

LATE = P.replace("due: 2026-09-01", "due: 2026-03-01")
ACCEPT = (
    "        accept:\n          - {warning: milestone-late, reason: Vendor delayed the delivery, until: 2026-07-31}\n"
)
LATE_ACCEPTED = LATE.replace("        due: 2026-03-01\n", "        due: 2026-03-01\n" + ACCEPT)
LATE_LINE = (
    "pb/plans/p.yaml:23:14: {severity}: milestone `m1` was due 2026-03-01, before {as_of}, and is planned: "
    "mark it done or cancelled, or move its date [milestone-late]"
)


def test_warning_without_acceptance_shows_its_code(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"plans/p.yaml": LATE})
    status, output = run_check("pb", "--strict")
    assert findings(output) == [LATE_LINE.format(severity="warning", as_of="2026-06-01")]
    assert output.splitlines()[-1] == "0 errors, 1 warning in 5 files"
    assert status == 1


def test_accepted_warning_does_not_fail_strict_until_its_date(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"plans/p.yaml": LATE_ACCEPTED})
    status, output = run_check("pb", "--strict")
    assert findings(output) == [
        LATE_LINE.format(severity="accepted warning", as_of="2026-06-01")
        + " (accepted until 2026-07-31: Vendor delayed the delivery)"
    ]
    assert output.splitlines()[-1] == "0 errors, 0 warnings, 1 accepted in 5 files"
    assert status == 0
    # On its last day it still holds.
    assert run_check("pb", "--strict", "--as-of", "2026-07-31")[0] == 0


def test_acceptance_expires(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"plans/p.yaml": LATE_ACCEPTED})
    status, output = run_check("pb", "--strict", "--as-of", "2026-08-01")
    assert findings(output) == [
        LATE_LINE.format(severity="warning", as_of="2026-08-01")
        + " (the acceptance ran out on 2026-07-31: fix the cause, or extend `until` with a new reason)"
    ]
    assert output.splitlines()[-1] == "0 errors, 1 warning in 5 files"
    assert status == 1


def test_accepted_warning_in_json_and_github(in_tmp: Path) -> None:
    write_playbook(in_tmp / "pb", {"plans/p.yaml": LATE_ACCEPTED})
    status, output = run_check("pb", "--format", "json", "--strict")
    document = json.loads(output)
    assert status == 0
    assert (document["warnings"], document["accepted"]) == (0, 1)
    assert document["diagnostics"] == [
        {
            "file": "pb/plans/p.yaml",
            "line": 23,
            "column": 14,
            "severity": "warning",
            "code": "milestone-late",
            "message": "milestone `m1` was due 2026-03-01, before 2026-06-01, and is planned: "
            "mark it done or cancelled, or move its date",
            "accepted": True,
            "acceptance": {"reason": "Vendor delayed the delivery", "until": "2026-07-31", "expired": False},
        }
    ]
    status, output = run_check("pb", "--format", "github", "--strict")
    assert status == 0
    assert output.splitlines()[0] == (
        "::notice file=pb/plans/p.yaml,line=23,col=14,title=stratbook milestone-late (accepted)::"
        "milestone `m1` was due 2026-03-01, before 2026-06-01, and is planned: mark it done or cancelled, "
        "or move its date (accepted until 2026-07-31: Vendor delayed the delivery)"
    )
    status, output = run_check("pb", "--format", "gitlab", "--strict")
    (entry,) = json.loads(output)
    assert (status, entry["severity"], entry["check_name"]) == (0, "info", "stratbook milestone-late")
    assert entry["description"].endswith("(accepted until 2026-07-31: Vendor delayed the delivery)")
    status, output = run_check("pb", "--format", "github", "--as-of", "2026-08-01")
    assert output.splitlines()[0].startswith(
        "::warning file=pb/plans/p.yaml,line=23,col=14,title=stratbook milestone-late::"
    )


ACCEPTANCE_PROBLEMS: dict[str, tuple[str, list[str], int]] = {
    "unknown code with a suggestion": (
        LATE_ACCEPTED.replace("warning: milestone-late", "warning: milestone-lat"),
        [
            LATE_LINE.format(severity="warning", as_of="2026-06-01"),
            "pb/plans/p.yaml:25:23: error: unknown warning code `milestone-lat`; did you mean `milestone-late`?",
        ],
        1,
    ),
    "unknown code without a suggestion": (
        LATE_ACCEPTED.replace("warning: milestone-late", "warning: zzz"),
        [
            LATE_LINE.format(severity="warning", as_of="2026-06-01"),
            "pb/plans/p.yaml:25:23: error: unknown warning code `zzz`: use a code that `stratbook check` prints "
            "(the reference lists them all)",
        ],
        1,
    ),
    "date in the wrong format": (
        LATE_ACCEPTED.replace("until: 2026-07-31", "until: 31.07.2026"),
        ["pb/plans/p.yaml:25:83: error: `until`: expected an ISO date like 2027-03-31, got the text `31.07.2026`"],
        1,
    ),
    "missing reason": (
        LATE_ACCEPTED.replace(" reason: Vendor delayed the delivery,", ""),
        ["pb/plans/p.yaml:25:13: error: missing required field `reason` in this acceptance: add it"],
        1,
    ),
    "on an entity the warning is not about": (
        LATE.replace("        current: 5\n", "        current: 5\n" + ACCEPT),
        [
            "pb/plans/p.yaml:21:23: error: `milestone-late` is a warning about milestones, not key results: "
            "move this acceptance to the milestone it is about",
            "pb/plans/p.yaml:25:14: warning: milestone `m1` was due 2026-03-01, before 2026-06-01, and is planned: "
            "mark it done or cancelled, or move its date [milestone-late]",
        ],
        1,
    ),
    "acceptance that matches no warning": (
        P.replace("        due: 2026-09-01\n", "        due: 2026-09-01\n" + ACCEPT),
        [
            "pb/plans/p.yaml:25:13: warning: milestone `m1` has no `milestone-late` warning to accept: "
            "remove this acceptance [acceptance-unused]",
        ],
        0,
    ),
}


@pytest.mark.parametrize("name", list(ACCEPTANCE_PROBLEMS))
def test_acceptance_problems(in_tmp: Path, name: str) -> None:
    plan, expected, status = ACCEPTANCE_PROBLEMS[name]
    write_playbook(in_tmp / "pb", {"plans/p.yaml": plan})
    got_status, output = run_check("pb")
    assert findings(output) == expected
    assert got_status == status


def test_accepted_skill_gap_still_counts_in_alignment(in_tmp: Path) -> None:
    coaching = BASE["coaching/c.yaml"].replace("skills:\n  - {skill: s1, from: 1, to: 3}\n", "")
    skills = "id: s1\ntitle: Skill\naccept:\n  - {warning: skill-gap, reason: Hiring instead, until: 2026-12-31}\n"
    write_playbook(in_tmp / "pb", {"coaching/c.yaml": coaching, "skills/s.yaml": skills})
    status, output = run_check("pb", "--strict")
    assert status == 0
    assert findings(output) == [
        "pb/skills/s.yaml:1:5: accepted warning: skill gap: `s1` is needed by role `lead`, objective `o1` but no "
        "coaching program develops it: add it to a program's `skills` [skill-gap] "
        "(accepted until 2026-12-31: Hiring instead)"
    ]
    assert [line.split()[-2:] for line in output.splitlines() if "Needed skills" in line] == [["0/1", "(0%)"]]
