"""Skill levels per mover: three roles need one skill at levels 2, 3 and 5; only some of them move the objective.

`ward-lead` owns the objective (needs level 3), `nurse` is Responsible (level 2), `director` is only
Informed (level 5): the director is shown but does not move the objective, so its level is never asked for.
"""

from __future__ import annotations

from pathlib import Path

from test_alignment import GAPPY, PLAYBOOK, analysed, figures, write

from generator.analysis.alignment import Alignment, analyse
from generator.pipeline import load
from generator.rendering.reference import reference_pages

ROLES = """\
    - id: ward-lead
      title: Ward lead
      skills:
        - {skill: qi, level: 3}
    - id: nurse
      title: Nurse
      skills:
        - {skill: qi, level: 2}
    - id: director
      title: Director
      skills:
        - {skill: qi, level: 5}
    """

SKILLS = """\
    - id: qi
      title: Quality improvement
    - id: charting
      title: Charting
    """

PLAN = """\
    id: care
    title: Care
    pillar: p1
    owner: ward-lead
    period: {{start: 2026-01-01, end: 2026-12-31}}
    objectives:
      - id: safer-wards
        title: Safer wards
        owner: ward-lead
        skills: {skills}
        contributors:
          - {{role: nurse, raci: R}}
          - {{role: director, raci: I}}
        key_results:
          - {{id: falls, title: Falls, baseline: 10, target: 2, current: 6}}
    """


def programs(*entries: tuple[str, str, int]) -> str:
    """Coaching programs as ``(id, audience role, to level)`` developing `qi` from level 1."""
    return "".join(
        f"""\
    - id: {program}
      title: {program}
      purpose: Grow.
      audience: [{role}]
      supports: [safer-wards]
      skills:
        - {{skill: qi, from: 1, to: {to}}}\n"""
        for program, role, to in entries
    )


def playbook(tmp_path: Path, coaching: str, skills: str = "[qi]") -> Alignment:
    return analysed(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK,
            "roles/roles.yaml": ROLES,
            "skills/skills.yaml": SKILLS,
            "coaching/programs.yaml": coaching,
            "plans/plan.yaml": PLAN.format(skills=skills),
        },
    )


def chain_lines(alignment: Alignment) -> list[tuple[bool, str, str | None]]:
    panel = alignment.objectives["safer-wards"]
    return [(item.ok, item.text, item.action) for item in panel.items if item.topic == "chain"]


def test_a_mover_developed_to_its_own_level_carries_the_skill(tmp_path: Path) -> None:
    """The nurse needs level 2 and its program reaches 2: developed, though the owner and the director are not."""
    alignment = playbook(tmp_path, programs(("qi-basics", "nurse", 2), ("qi-advanced", "director", 5)))
    assert figures(alignment) == {
        "objectives": (1, 1, []),
        "roles": (3, 3, []),
        # per role need: the nurse (2) and the director (5) are met, the ward lead (3) is in no program.
        "skills": (0, 1, ["qi"]),
        "programs": (2, 2, []),
        "chain": (1, 1, []),
        "key-results": (1, 1, []),
        "milestones": (0, 0, []),
    }
    # (2 x 1 + 1 + 2 x 0 + 1 + 3 x 1 + 1) / 10
    assert alignment.score == 80
    assert chain_lines(alignment) == [
        (True, "`qi` is developed for `nurse` (needs level 2) to level 2 by `qi-basics`", None),
    ]
    assert [gap.text for gap in alignment.figure("skills").gaps] == [
        "no program that `ward-lead` (level 3) attends develops `qi` to the level it needs: add `ward-lead` to the "
        "audience of "
        "`qi-advanced`"
    ]
    cells = {role: alignment.matrix.cell("qi", role).status for role in alignment.matrix.role_ids}
    assert cells == {"ward-lead": "missing", "nurse": "met", "director": "met"}


def test_an_informed_role_in_the_audience_does_not_move_the_objective(tmp_path: Path) -> None:
    """Only the director is coached, to level 5: the chain is broken, and the advice asks for the nurse at 2."""
    alignment = playbook(tmp_path, programs(("qi-advanced", "director", 5)))
    assert figures(alignment)["chain"] == (0, 1, ["safer-wards"])
    assert figures(alignment)["skills"] == (0, 1, ["qi"])
    # (2 x 1 + 1 + 2 x 0 + 1 + 3 x 0 + 1) / 10
    assert alignment.score == 50
    assert chain_lines(alignment) == [
        (
            False,
            "`qi` is not developed far enough for any mover (`ward-lead` needs level 3, `nurse` needs level 2)",
            "add `nurse` to the audience of `qi-advanced`",
        )
    ]
    assert [gap.text for gap in alignment.figure("chain").gaps] == [
        "objective `safer-wards`: `qi` is not developed far enough for any of the people who move it: "
        "add `nurse` to the audience of `qi-advanced`"
    ]
    assert [gap.text for gap in alignment.figure("skills").gaps] == [
        "no program that `ward-lead` (level 3) and `nurse` (level 2) attend develops `qi` to the level they need: add "
        "`ward-lead` "
        "to the audience of `qi-advanced`; add `nurse` to the audience of `qi-advanced`"
    ]


def test_a_level_given_on_the_objective_replaces_each_movers_role_level(tmp_path: Path) -> None:
    coaching = programs(("qi-course", "ward-lead", 3), ("qi-basics", "nurse", 2))
    four = playbook(tmp_path / "four", coaching, "[{skill: qi, level: 4}]")
    assert figures(four)["chain"] == (0, 1, ["safer-wards"])
    assert chain_lines(four) == [
        (
            False,
            "`qi` is not developed far enough for any mover (`ward-lead` needs level 4, `nurse` needs level 4)",
            "extend `qi-course` to develop `qi` to level 4",
        )
    ]
    three = playbook(tmp_path / "three", coaching, "[{skill: qi, level: 3}]")
    assert figures(three)["chain"] == (1, 1, [])
    assert chain_lines(three) == [
        (True, "`qi` is developed for `ward-lead` (needs level 3) to level 3 by `qi-course`", None),
    ]
    # The skills figure stays judged per role need: the director (5) is in no program.
    assert figures(three)["skills"] == (0, 1, ["qi"])


def test_a_plain_id_needs_the_movers_role_level_else_one(tmp_path: Path) -> None:
    """`charting` is named plainly and no role lists it: each mover needs level 1 of it."""
    coaching = programs(("qi-basics", "nurse", 2)) + (
        "    - id: notes\n      title: notes\n      purpose: Write.\n      audience: [nurse]\n"
        "      supports: [safer-wards]\n      skills:\n        - {skill: charting, from: 1, to: 2}\n"
    )
    alignment = playbook(tmp_path, coaching, "[qi, charting]")
    assert chain_lines(alignment) == [
        (True, "`qi` is developed for `nurse` (needs level 2) to level 2 by `qi-basics`", None),
        (True, "`charting` is developed for `nurse` (needs level 1) to level 2 by `notes`", None),
    ]
    coverage = {s.skill_id: (s.needed_level, s.covered) for s in alignment.skills}
    assert coverage == {"qi": (5, False), "charting": (1, True)}
    assert alignment.objectives["safer-wards"].chain is True


def errors(tmp_path: Path, skills: str) -> list[str]:
    root = tmp_path / "pb"
    files = {
        "playbook.yaml": PLAYBOOK,
        "roles/roles.yaml": ROLES,
        "skills/skills.yaml": SKILLS,
        "coaching/programs.yaml": programs(("qi-basics", "nurse", 2)),
        "plans/plan.yaml": PLAN.format(skills=skills),
    }
    result = load(write(root, files))
    return [f"{d.location.line}:{d.location.column}: {d.message}" for d in result.errors]


def test_a_bad_level_an_unknown_skill_and_a_bad_entry_are_located_errors(tmp_path: Path) -> None:
    assert errors(tmp_path / "a", "[qi, {skill: qi, level: 7}]") == [
        "10:37: `level` must be a whole number from 1 to 5, got the number `7`"
    ]
    assert errors(tmp_path / "b", "[{skill: qi, level: 2}, {skill: charts, level: 2}]") == [
        "10:45: unknown skill `charts`; did you mean `charting`?"
    ]
    assert errors(tmp_path / "c", "[qi, 5]") == [
        "10:18: `skills`: expected a skill id, or a mapping of `skill` and `level` (1 to 5), got the number `5`"
    ]
    assert errors(tmp_path / "d", "[{skill: qi}]") == [
        "10:14: missing required field `level` in this objective skill: add it"
    ]
    assert errors(tmp_path / "e", "[qi, {skill: qi, level: 2, lvl: 3}]") == [
        "10:40: unknown field `lvl` in an objective skill; did you mean `level`?"
    ]


def test_the_reference_states_the_semantics() -> None:
    guide = " ".join(reference_pages()["reference/how-to.md"].split())
    assert "The people who move an objective are its owner and its `R` and `A` contributors; `C` and `I`" in guide
    assert "`skills: [{skill: ID, level: N}]`, mixed with plain ids" in guide
    assert "the advice names one mover and that mover's level only" in guide
    assert "The checker's skill-gap warning means that no program develops the skill at all" in guide


def test_a_gap_the_checker_also_reports_has_the_warnings_words_and_place(tmp_path: Path) -> None:
    """One fact, worded once: every shared gap is a warning with the same text at the same location."""
    files = dict(GAPPY)
    files["coaching/programs.yaml"] = GAPPY["coaching/programs.yaml"].replace(
        "            - {skill: writing, from: 1, to: 2}\n", ""
    )
    result = load(write(tmp_path / "pb", files))
    assert result.playbook is not None
    warnings = {(str(d.location), d.message) for d in result.warnings}
    alignment = analyse(result.playbook)
    shared = {
        "objectives": ["o-grow", "o-plain"],
        "roles": ["idle"],
        "skills": ["writing"],
        "programs": ["lab"],
        "key-results": ["kr-2"],
        "milestones": ["m-1"],
    }
    for key, ids in shared.items():
        gaps = [gap for gap in alignment.figure(key).gaps if gap.id in ids]  # type: ignore[arg-type]
        assert [gap.id for gap in gaps] == ids
        for gap in gaps:
            assert (str(gap.location), gap.text) in warnings, gap.text
    assert alignment.figure("skills").gaps[-1].text.startswith("skill gap: `writing` is needed by objective `o-grow`")
