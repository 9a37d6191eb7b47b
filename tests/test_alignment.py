"""Strategy alignment: every figure, the level and chain rules, the score, panels, matrix and CLI output."""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from generator.analysis.alignment import FORMULA, NONE_TO_MEASURE, WEIGHTS, Alignment, analyse, score
from generator.cli import main
from generator.pipeline import load

PLAYBOOK = """\
    title: Alignment test
    vision: Be aligned.
    horizon: {start: 2026-01-01, end: 2027-12-31}
    as_of: 2026-03-01
    pillars:
      - id: p1
        title: Pillar
    """

# A playbook with known gaps; the comments give the figure each line feeds.
GAPPY: dict[str, str] = {
    "playbook.yaml": PLAYBOOK,
    "roles/roles.yaml": """\
        - id: lead
          title: Lead
          skills:
            - {skill: negotiation, level: 4}
            - {skill: analysis, level: 2}
        - id: seller
          title: Seller
          skills:
            - {skill: negotiation, level: 3}
        - id: analyst
          title: Analyst
          skills:
            - {skill: analysis, level: 2}
        - id: idle
          title: Idle
        """,
    "skills/skills.yaml": """\
        - id: negotiation
          title: Negotiation
        - id: analysis
          title: Analysis
        - id: writing
          title: Writing
        - id: unused
          title: Unused
        """,
    "coaching/programs.yaml": """\
        - id: academy
          title: Academy
          purpose: Sell.
          audience: [seller]
          supports: [o-win]
          skills:
            - {skill: negotiation, from: 1, to: 3}
            - {skill: writing, from: 1, to: 2}
        - id: lab
          title: Lab
          purpose: Analyse.
          audience: [lead]
          skills:
            - {skill: analysis, from: 1, to: 2}
          mentoring:
            - {mentor: lead, mentee: analyst}
        """,
    "plans/plan.yaml": """\
        id: plan-a
        title: Plan A
        pillar: p1
        owner: lead
        period: {start: 2026-01-01, end: 2026-12-31}
        objectives:
          - id: o-win
            title: Win
            owner: lead
            skills: [negotiation]
            contributors:
              - role: seller
            key_results:
              - {id: kr-1, title: KR 1, baseline: 0, target: 10, current: 5}
              - {id: kr-2, title: KR 2, baseline: 0, target: 10}
            milestones:
              - {id: m-1, title: M 1, due: 2026-01-10}
              - {id: m-2, title: M 2, due: 2026-01-05, status: done}
          - id: o-grow
            title: Grow
            owner: lead
            skills: [analysis, writing]
            contributors:
              - role: analyst
          - id: o-plain
            title: Plain
            owner: seller
            key_results:
              - {id: kr-3, title: KR 3, baseline: 10, target: 0, current: 4}
          - id: o-learn
            title: Learn
            owner: seller
            skills: [writing]
            contributors:
              - role: seller
            key_results:
              - {id: kr-4, title: KR 4, baseline: 0, target: 1, current: 1}
        """,
}


def write(root: Path, files: dict[str, str]) -> Path:
    """Write a playbook folder from ``{relative path: YAML text}`` (the text is dedented)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def analysed(root: Path, files: dict[str, str]) -> Alignment:
    result = load(write(root, files))
    assert result.errors == []
    assert result.playbook is not None
    return analyse(result.playbook)


def figures(alignment: Alignment) -> dict[str, tuple[int, int, list[str]]]:
    return {f.key: (f.covered, f.total, list(f.uncovered_ids)) for f in alignment.figures}


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    if args and not args[0].startswith("-"):
        args = ("--content", *args)  # the folder as the first argument, as the tests write it
    status = main(["check", *args], out=out)
    return status, out.getvalue()


@pytest.fixture
def gappy(tmp_path: Path) -> Alignment:
    return analysed(tmp_path / "pb", GAPPY)


def test_each_figure_of_a_playbook_with_known_gaps(gappy: Alignment) -> None:
    assert figures(gappy) == {
        "objectives": (2, 4, ["o-grow", "o-plain"]),
        "roles": (3, 4, ["idle"]),
        # judged per role need: lead needs negotiation at 4 and is in no program that develops it; the analyst
        # needs analysis at 2 and is only lab's mentee; writing only objectives name: level 1, academy reaches 2.
        "skills": (1, 3, ["negotiation", "analysis"]),
        "programs": (1, 2, ["lab"]),
        # o-plain names no skills and is left out; o-win's mover `seller` needs negotiation at 3 and academy
        # reaches 3 for it; o-grow's movers `lead` and `analyst` are in no program that develops writing.
        "chain": (2, 3, ["o-grow"]),
        "key-results": (3, 4, ["kr-2"]),
        "milestones": (1, 2, ["m-1"]),
    }
    assert [f.display for f in gappy.figures] == [
        "2/4 (50%)",
        "3/4 (75%)",
        "1/3 (33%)",
        "1/2 (50%)",
        "2/3 (67%)",
        "3/4 (75%)",
        "1/2 (50%)",
    ]


def test_gap_messages_and_actions(gappy: Alignment) -> None:
    """Facts the checker reports too are worded as its warnings; skill advice names one role and its level."""
    texts = {f.key: [(g.kind, g.id, g.objective_id, g.text) for g in f.gaps] for f in gappy.figures}
    assert texts == {
        "objectives": [
            (
                "objective",
                "o-grow",
                None,
                "objective `o-grow` has no key results: add at least one measurable `key_results` entry",
            ),
            (
                "objective",
                "o-plain",
                None,
                "objective `o-plain` has no contributors: list the roles that move it in `contributors`",
            ),
        ],
        "roles": [
            (
                "role",
                "idle",
                None,
                "role `idle` owns or contributes to no objective: add it to an objective's `contributors` or make "
                "it an owner",
            )
        ],
        "skills": [
            (
                "skill",
                "negotiation",
                None,
                "no program that `lead` (level 4) attends develops `negotiation` to the level it needs: start a "
                "program that develops "
                "`negotiation` to level 4 for `lead`",
            ),
            (
                "skill",
                "analysis",
                None,
                "no program that `analyst` (level 2) attends develops `analysis` to the level it needs: add `analyst` "
                "to the audience "
                "of `lab`",
            ),
        ],
        "programs": [
            (
                "program",
                "lab",
                None,
                "coaching program `lab` supports no objective: name the objectives it serves in `supports`",
            )
        ],
        "chain": [
            (
                "objective",
                "o-grow",
                None,
                "objective `o-grow`: `writing` is not developed far enough for any of the people who move it: "
                "add `lead` to the audience of `academy`",
            ),
        ],
        "key-results": [
            (
                "key-result",
                "kr-2",
                "o-win",
                "key result `kr-2` has no `current` value: record the latest measurement",
            )
        ],
        "milestones": [
            (
                "milestone",
                "m-1",
                "o-win",
                "milestone `m-1` was due 2026-01-10, before 2026-03-01, and is planned: mark it done or cancelled, "
                "or move its date",
            )
        ],
    }
    gap = gappy.figure("roles").gaps[0]
    assert (gap.title, str(gap.location)) == ("Idle", f"{gap.location.file}:14:7")
    assert gap.location.file.endswith("roles/roles.yaml")


def test_score_is_the_documented_weighted_mean(gappy: Alignment) -> None:
    by_hand = (
        2 * Fraction(2, 4)
        + 1 * Fraction(3, 4)
        + 2 * Fraction(1, 3)
        + 1 * Fraction(1, 2)
        + 3 * Fraction(2, 3)
        + 1 * Fraction(3, 4)
        + 1 * Fraction(1, 2)
    ) / 11
    assert by_hand == Fraction(37, 66)
    assert gappy.score == 56
    assert sum(WEIGHTS.values()) == 11
    assert "chain" in WEIGHTS
    assert gappy.formula == FORMULA
    assert FORMULA.startswith("score = round(100 x sum(weight x covered / total) / sum(weight))")
    assert "objectives whose skills are developed for the people who move them 3" in FORMULA


def test_score_rounds_halves_up_and_skips_unmeasured_figures(gappy: Alignment) -> None:
    objectives, roles = gappy.figure("objectives"), gappy.figure("roles")
    half = replace(objectives, covered=1, total=8, gaps=())  # exactly 12.5 %
    assert score([half]) == 13
    empty = replace(roles, covered=0, total=0, gaps=())
    assert score([half, empty]) == 13, "a figure with nothing to measure does not weigh in"
    assert score([empty]) is None


def test_level_rule(tmp_path: Path) -> None:
    """`to: 3` covers a need for level 3, not for level 4; a skill only an objective names needs level 1.

    The role that needs the skill is in the program's audience: the skills figure is judged per role need.
    """

    def skills_figure(level: int, to: int, root: Path) -> tuple[int, int, list[str]]:
        files = dict(GAPPY)
        files["roles/roles.yaml"] = f"""\
            - id: lead
              title: Lead
              skills:
                - {{skill: negotiation, level: {level}}}
            - id: seller
              title: Seller
            - id: analyst
              title: Analyst
            """
        files["coaching/programs.yaml"] = f"""\
            id: academy
            title: Academy
            purpose: Sell.
            audience: [seller, lead]
            supports: [o-win]
            skills:
              - {{skill: negotiation, from: 1, to: {to}}}
              - {{skill: writing, from: 1, to: 2}}
              - {{skill: analysis, from: 1, to: 2}}
            """
        return figures(analysed(root, files))["skills"]

    assert skills_figure(3, 3, tmp_path / "a") == (3, 3, [])
    assert skills_figure(4, 3, tmp_path / "b") == (2, 3, ["negotiation"])
    assert skills_figure(2, 3, tmp_path / "c") == (3, 3, [])


def test_objective_only_skill_needs_level_one(gappy: Alignment) -> None:
    coverage = {s.skill_id: (s.needed_level, s.developed_level, s.program_id, s.covered) for s in gappy.skills}
    assert coverage == {
        "negotiation": (4, 3, "academy", False),
        # lab reaches level 2 for `lead`, but `analyst` needs it too and is only lab's mentee.
        "analysis": (2, 2, "lab", False),
        "writing": (1, 2, "academy", True),
    }


def test_chain_needs_a_mover_in_the_audience(tmp_path: Path) -> None:
    """A mover in the audience of a program that develops the skill far enough makes the skill developed."""
    gappy = analysed(tmp_path / "a", GAPPY)
    assert gappy.objectives["o-grow"].chain is False
    fixed = dict(GAPPY)
    fixed["coaching/programs.yaml"] = (
        GAPPY["coaching/programs.yaml"]
        .replace("audience: [lead]", "audience: [lead, analyst]")
        .replace("audience: [seller]", "audience: [seller, analyst]")
    )
    alignment = analysed(tmp_path / "b", fixed)
    assert alignment.objectives["o-grow"].chain is True
    assert figures(alignment)["chain"] == (3, 3, [])


def test_chain_counts_the_owner_but_not_mentees(tmp_path: Path) -> None:
    """`o-grow` needs only `analysis`: `lab` developing it for the owner `lead` is enough; mentoring is not."""
    files = dict(GAPPY)
    files["plans/plan.yaml"] = GAPPY["plans/plan.yaml"].replace("skills: [analysis, writing]", "skills: [analysis]")
    assert analysed(tmp_path / "a", files).objectives["o-grow"].chain is True
    files["coaching/programs.yaml"] = GAPPY["coaching/programs.yaml"].replace("audience: [lead]", "audience: [seller]")
    alignment = analysed(tmp_path / "b", files)
    assert alignment.objectives["o-grow"].chain is False
    assert alignment.figure("chain").gaps[0].text == (
        "objective `o-grow`: `analysis` is not developed far enough for any of the people who move it: "
        "add `lead` to the audience of `lab`"
    )


def test_chain_of_an_objective_without_contributors_asks_for_its_owner(tmp_path: Path) -> None:
    files = dict(GAPPY)
    files["plans/plan.yaml"] = GAPPY["plans/plan.yaml"].replace(
        "            contributors:\n              - role: analyst\n", ""
    )
    alignment = analysed(tmp_path / "pb", files)
    assert [gap.text for gap in alignment.figure("chain").gaps] == [
        "objective `o-grow`: `writing` is not developed far enough for any of the people who move it: "
        "add `lead` to the audience of `academy`"
    ]


def test_zero_programs(tmp_path: Path) -> None:
    files = {k: v for k, v in GAPPY.items() if not k.startswith("coaching/")}
    alignment = analysed(tmp_path / "pb", files)
    programs = alignment.figure("programs")
    assert (programs.covered, programs.total, programs.ratio, programs.percent) == (0, 0, None, None)
    assert programs.display == NONE_TO_MEASURE == "none to measure"
    assert figures(alignment)["skills"] == (0, 3, ["negotiation", "analysis", "writing"])
    assert figures(alignment)["chain"] == (0, 3, ["o-win", "o-grow", "o-learn"])
    assert alignment.figure("skills").gaps[2].text == (
        "skill gap: `writing` is needed by objective `o-grow`, objective `o-learn` but no coaching program "
        "develops it: add it to a program's `skills`"
    )
    # programs skipped: (2x2/4 + 3/4 + 0 + 0 + 3/4 + 1/2) / (11 - 1) = 3/10
    assert alignment.score == 30


def test_zero_objectives(tmp_path: Path) -> None:
    files = {k: v for k, v in GAPPY.items() if not k.startswith("plans/")}
    files["coaching/programs.yaml"] = GAPPY["coaching/programs.yaml"].replace("supports: [o-win]", "supports: []")
    alignment = analysed(tmp_path / "pb", files)
    assert figures(alignment) == {
        "objectives": (0, 0, []),
        "roles": (0, 4, ["lead", "seller", "analyst", "idle"]),
        # per role need: `lead` is in no program developing negotiation; `analyst` is only lab's mentee.
        "skills": (0, 2, ["negotiation", "analysis"]),
        "programs": (0, 2, ["academy", "lab"]),
        "chain": (0, 0, []),
        "key-results": (0, 0, []),
        "milestones": (0, 0, []),
    }
    assert [f.display for f in alignment.figures if not f.measured] == [NONE_TO_MEASURE] * 4
    # (0 + 2 x 0 + 0) / (1 + 2 + 1) = 0
    assert alignment.score == 0


def test_zero_roles_means_nothing_to_measure(tmp_path: Path) -> None:
    files = {"playbook.yaml": PLAYBOOK, "skills/skills.yaml": GAPPY["skills/skills.yaml"]}
    alignment = analysed(tmp_path / "pb", files)
    assert all(f.display == NONE_TO_MEASURE and f.gaps == () for f in alignment.figures)
    assert alignment.score is None
    assert alignment.score_display == NONE_TO_MEASURE
    assert alignment.matrix.skill_ids == ()
    assert alignment.objectives == {}
    assert alignment.roles == {}


def test_skill_gap_matrix(gappy: Alignment) -> None:
    matrix = gappy.matrix
    assert matrix.skill_ids == ("negotiation", "analysis", "writing")
    assert matrix.role_ids == ("lead", "seller", "analyst"), "roles that need no skill have no column"
    cells = [[(c.needed, c.developed, c.program_id, c.status) for c in row] for row in matrix.rows]
    assert cells == [
        [(4, None, None, "missing"), (3, 3, "academy", "met"), (None, None, None, "not-needed")],
        # the analyst is lab's mentee, not in its audience: mentees do not count.
        [(2, 2, "lab", "met"), (None, None, None, "not-needed"), (2, None, None, "missing")],
        [(None, None, None, "not-needed"), (None, 2, "academy", "not-needed"), (None, None, None, "not-needed")],
    ]
    assert matrix.cell("negotiation", "seller").status == "met"


def test_short_matrix_cell(tmp_path: Path) -> None:
    files = dict(GAPPY)
    files["roles/roles.yaml"] = GAPPY["roles/roles.yaml"].replace(
        "{skill: negotiation, level: 3}", "{skill: negotiation, level: 4}"
    )
    cell = analysed(tmp_path / "pb", files).matrix.cell("negotiation", "seller")
    assert (cell.needed, cell.developed, cell.status) == (4, 3, "short")


def test_objective_panels(gappy: Alignment) -> None:
    panel = gappy.objectives["o-win"]
    assert panel.chain is True
    assert [(i.topic, i.ok, i.text, i.action) for i in panel.items] == [
        ("objectives", True, "accountable owner `lead`", None),
        ("objectives", True, "2 key results", None),
        ("objectives", True, "1 contributor: `seller`", None),
        ("programs", True, "supported by `academy`", None),
        ("chain", True, "`negotiation` is developed for `seller` (needs level 3) to level 3 by `academy`", None),
        ("key-results", False, "key result `kr-2` has no `current` value", "record the latest measurement"),
        (
            "milestones",
            False,
            "milestone `m-1` was due 2026-01-10, before 2026-03-01, and is planned",
            "mark it done or cancelled, or move its date",
        ),
    ]
    learn = gappy.objectives["o-learn"]
    assert learn.chain is True
    assert learn.missing == ()
    assert [i.text for i in learn.covered] == [
        "accountable owner `seller`",
        "1 key result",
        "1 contributor: `seller`",
        "`writing` is developed for `seller` (needs level 1) to level 2 by `academy`",
        "every key result has a current value (1)",
    ]
    assert gappy.objectives["o-plain"].chain is None
    assert [(i.text, i.action) for i in gappy.objectives["o-plain"].missing] == [
        ("objective `o-plain` has no contributors", "list the roles that move it in `contributors`")
    ]
    assert [(i.text, i.action) for i in gappy.objectives["o-grow"].items if i.topic == "chain"] == [
        ("`analysis` is developed for `lead` (needs level 2) to level 2 by `lab`", None),
        (
            "`writing` is not developed far enough for any mover (`lead` needs level 1, `analyst` needs level 1)",
            "add `lead` to the audience of `academy`",
        ),
    ]


def test_role_panels(gappy: Alignment) -> None:
    assert [(i.topic, i.ok, i.text, i.action) for i in gappy.roles["lead"].items] == [
        ("roles", True, "owns 2 objectives and contributes to 0", None),
        ("programs", True, "coached in `lab`", None),
        (
            "matrix",
            False,
            "`negotiation` (level 4): no program it is in develops it",
            "start a program that develops `negotiation` to level 4 for `lead`",
        ),
        ("matrix", True, "`analysis` (level 2) is developed to level 2 by `lab`", None),
    ]
    analyst = gappy.roles["analyst"]
    assert analyst.engaged is True
    assert [(i.text, i.action) for i in analyst.missing] == [
        ("`analysis` (level 2): no program it is in develops it", "add `analyst` to the audience of `lab`")
    ]
    idle = gappy.roles["idle"]
    assert idle.engaged is False
    assert [(i.text, i.action) for i in idle.missing] == [
        (
            "role `idle` owns or contributes to no objective",
            "add it to an objective's `contributors` or make it an owner",
        )
    ]


def test_panels_agree_with_figures(gappy: Alignment) -> None:
    chain = gappy.figure("chain")
    broken = [oid for oid, panel in gappy.objectives.items() if panel.chain is False]
    assert broken == list(chain.uncovered_ids)
    idle_roles = [rid for rid, panel in gappy.roles.items() if not panel.engaged]
    assert idle_roles == list(gappy.figure("roles").uncovered_ids)


def test_analysis_is_deterministic(tmp_path: Path) -> None:
    a = analysed(tmp_path / "a", GAPPY)
    b = analysed(tmp_path / "b", GAPPY)
    strip = [(f.key, f.covered, f.total, [(g.id, g.text) for g in f.gaps]) for f in a.figures]
    assert strip == [(f.key, f.covered, f.total, [(g.id, g.text) for g in f.gaps]) for f in b.figures]
    assert a.score == b.score


# CLI ------------------------------------------------------------------------------------------------

ALIGNMENT_BLOCK = [
    "alignment score: 56/100",
    "  Objectives with an owner, key results and contributors:             2/4 (50%)",
    "  Roles that own or contribute to an objective:                       3/4 (75%)",
    "  Needed skills a program develops far enough:                        1/3 (33%)",
    "  Coaching programs that support an objective:                        1/2 (50%)",
    "  Objectives whose skills are developed for the people who move them: 2/3 (67%)",
    "  Key results with a current value:                                   3/4 (75%)",
    "  Milestones not late:                                                1/2 (50%)",
]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pb", GAPPY)
    return tmp_path


def test_cli_text_prints_the_alignment_after_the_findings(in_tmp: Path) -> None:
    status, output = run("pb")
    lines = output.splitlines()
    start = lines.index("alignment score: 56/100")
    assert all(": warning: " in line for line in lines[:start])
    assert start > 0
    assert lines[start:] == [*ALIGNMENT_BLOCK, f"0 errors, {start} warnings in 5 files"]
    assert status == 0


def test_cli_min_score(in_tmp: Path) -> None:
    assert run("pb", "--min-score", "56")[0] == 0
    status, output = run("pb", "--min-score", "56.5")
    assert status == 1
    lines = output.splitlines()
    assert lines[-2] == (
        "pb/playbook.yaml:1:1: error: the alignment score 56 is below --min-score 56.5: close the gaps that "
        "`stratbook check --format json` lists, or lower the minimum"
    )
    assert lines[-3] == ALIGNMENT_BLOCK[-1]
    assert lines[-1].startswith("1 error, "), "the failed gate counts as an error"
    assert run("pb", "--min-score", "101")[0] == 2
    assert run("pb", "--min-score", "high")[0] == 2


def test_cli_min_score_with_nothing_to_measure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pb", {"playbook.yaml": PLAYBOOK})
    status, output = run("pb")
    assert status == 0
    assert output.splitlines()[0:2] == [
        "alignment score: none to measure",
        "  Objectives with an owner, key results and contributors:             none to measure",
    ]
    status, output = run("pb", "--min-score", "0")
    assert status == 1
    assert output.splitlines()[-2] == (
        "pb/playbook.yaml:1:1: error: there is no alignment score to compare with --min-score 0: the playbook "
        "has no objectives, roles, skills or coaching programs to measure; add them or drop --min-score"
    )


def test_cli_skips_alignment_when_there_are_errors(in_tmp: Path) -> None:
    write(in_tmp / "pb", {"skills/skills.yaml": GAPPY["skills/skills.yaml"] + "- id: Bad\n  title: Bad\n"})
    status, output = run("pb", "--min-score", "90")
    assert status == 1
    assert "alignment score" not in output
    assert json.loads(run("pb", "--format", "json")[1])["alignment"] is None


def test_cli_json_has_every_figure_and_gap(in_tmp: Path) -> None:
    status, output = run("pb", "--format", "json", "--min-score", "60")
    assert status == 1
    alignment = json.loads(output)["alignment"]
    assert set(alignment) == {"score", "formula", "weights", "figures", "min_score", "min_score_met"}
    assert (alignment["score"], alignment["min_score"], alignment["min_score_met"]) == (56, 60, False)
    assert alignment["formula"] == FORMULA
    assert [f["key"] for f in alignment["figures"]] == list(WEIGHTS)
    chain = alignment["figures"][4]
    assert {k: v for k, v in chain.items() if k != "gaps"} == {
        "key": "chain",
        "title": "Objectives whose skills are developed for the people who move them",
        "rule": chain["rule"],
        "weight": 3,
        "covered": 2,
        "total": 3,
        "ratio": 2 / 3,
        "percent": 67,
        "display": "2/3 (67%)",
    }
    assert chain["gaps"][0] == {
        "kind": "objective",
        "id": "o-grow",
        "title": "Grow",
        "objective_id": None,
        "message": "objective `o-grow`: `writing` is not developed far enough for any of the people who move it",
        "action": "add `lead` to the audience of `academy`",
        "actions": ["add `lead` to the audience of `academy`"],
        "file": "pb/plans/plan.yaml",
        "line": 22,
        "column": 13,
    }
    assert [g["id"] for f in alignment["figures"] for g in f["gaps"]] == [
        "o-grow",
        "o-plain",
        "idle",
        "negotiation",
        "analysis",
        "lab",
        "o-grow",
        "kr-2",
        "m-1",
    ]


def test_cli_github_prints_the_score_as_a_notice(in_tmp: Path) -> None:
    status, output = run("pb", "--format", "github", "--min-score", "60")
    lines = output.splitlines()
    assert lines[-3].startswith(
        "::notice title=stratbook alignment::alignment score 56/100: "
        "objectives with an owner, key results and contributors 2/4 (50%25), "
    )
    assert lines[-2] == (
        "::error file=pb/playbook.yaml,line=1,col=1,title=stratbook alignment.min_score::the alignment score 56 "
        "is below --min-score 60: close the gaps that `stratbook check --format json` lists, or lower the minimum"
    )
    assert status == 1
