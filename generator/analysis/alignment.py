"""Strategy alignment: how far planning and coaching meet, measured on the linked model.

Pure analysis over a linked :class:`~generator.model.Playbook`: no MkDocs, no
Jinja.  :func:`analyse` returns an immutable :class:`Alignment` that the CLI
prints, the JSON output serialises and the site's templates show as they are,
so that the three never disagree.  Facts the checker reports too (no key
results, no contributors, late milestone, role without objective, program
without objective, key result without value, skill gap) come from
:mod:`generator.rules`, with the checker's words and location.

The semantics (see :mod:`generator.rules`): the people who *move* an
objective are its owner and its ``R`` and ``A`` contributors (``C`` and ``I``
are shown, not counted); the level an objective needs of a skill is the level
given on the objective (``skills: [{skill, level}]``), else, per mover, that
mover's role level for the skill, else 1; a role is developed in a skill by
the programs whose ``audience`` includes it (coaches and mentees do not count).

The figures, in this fixed order (each is ``covered / total`` with a
:class:`Gap` for every uncovered item):

1. ``objectives`` - objectives with an accountable owner, at least one key
   result and at least one contributor (any RACI letter, as the checker).
2. ``roles`` - roles that own or contribute to at least one objective.
3. ``skills`` - needed skills that programs develop far enough, judged per
   role need: a skill a role lists counts once, and is covered when every
   role that lists it is in the audience of a program that develops it to at
   least that role's level.  A skill that only objectives name is covered
   when some program develops it to the highest level an objective gives
   for it, else 1.
4. ``programs`` - coaching programs that support at least one objective.
5. ``chain`` - objectives whose skills are all developed for the people who
   move them: a skill is developed when, for at least one mover, a program
   whose audience includes that mover's role develops it to at least the
   level that mover needs.  The advice names one mover and that mover's
   level only (one a program already reaches, else the lowest level).
   Objectives that name no skills are left out.
6. ``key-results`` - key results with a ``current`` value.
7. ``milestones`` - milestones that are not late (due before ``as_of`` and
   neither done nor cancelled).

The score is a weighted mean of the figures that have something to measure
(``total > 0``), with the weights renormalised over those figures, scaled to
0-100 and rounded half up to an integer (computed with exact fractions, so
the result never depends on float rounding).  Weights (see :data:`WEIGHTS`):
the chain is the join of planning and coaching itself, so it weighs 3;
objectives and skills are the two ends of that join, 2 each; roles and
programs without an objective are loose ends, 1 each; current key results and
on-time milestones keep the measurement honest, 1 each.  When no figure has
anything to measure the score is ``None`` ("none to measure").

Every ``message`` and ``action`` text holds only ids (in backticks), numbers,
dates and fixed words, never a title, so a template may render the backticks
as code after escaping; titles are carried separately in ``Gap.title``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Literal

from generator import rules
from generator.analysis.panels import (
    ObjectiveAlignment,
    PanelItem,
    RoleAlignment,
    SkillMatrix,
    chain_items,
    matrix,
    objective_panel,
    role_panel,
)
from generator.exceptions import Location
from generator.model import Playbook, Skill

NONE_TO_MEASURE = "none to measure"

FigureKey = Literal["objectives", "roles", "skills", "programs", "chain", "key-results", "milestones"]
GapKind = Literal["objective", "role", "skill", "program", "key-result", "milestone"]

#: Weight of each figure in the score, in the figures' fixed order.
WEIGHTS: Mapping[FigureKey, int] = MappingProxyType(
    {
        "objectives": 2,
        "roles": 1,
        "skills": 2,
        "programs": 1,
        "chain": 3,
        "key-results": 1,
        "milestones": 1,
    }
)

TITLES: Mapping[FigureKey, str] = MappingProxyType(
    {
        "objectives": "Objectives with an owner, key results and contributors",
        "roles": "Roles that own or contribute to an objective",
        "skills": "Needed skills a program develops far enough",
        "programs": "Coaching programs that support an objective",
        "chain": "Objectives whose skills are developed for the people who move them",
        "key-results": "Key results with a current value",
        "milestones": "Milestones not late",
    }
)

#: The exact rule of each figure, for the alignment page.
RULES: Mapping[FigureKey, str] = MappingProxyType(
    {
        "objectives": "An objective counts when it has an accountable owner, at least one key result and at least "
        "one entry in `contributors`.",
        "roles": "A role counts when it owns an objective or is listed among an objective's contributors.",
        "skills": "Each skill a role or an objective needs counts once, judged per role need: it is covered when "
        "every role that lists it is in the audience of a program that develops it to at least that role's level "
        "(a skill only objectives name: some program develops it to the highest level an objective gives, else 1).",
        "programs": "A coaching program counts when its `supports` list names at least one objective.",
        "chain": "An objective that names skills counts when each of them is developed for at least one of the "
        "people who move it (its owner and its R and A contributors; C and I do not count) by a program whose "
        "audience includes that mover's role, to at least the level that mover needs: the level given on the "
        "objective, else that mover's role level for the skill, else 1. Mentees and coaches do not count. "
        "Objectives without skills are left out.",
        "key-results": "A key result counts when it has a `current` value.",
        "milestones": "A milestone counts unless it is late: due before the as-of date and neither done nor cancelled.",
    }
)

#: Who moves an objective and what level each needs, for the alignment page (the Reference's how-to says the same).
SEMANTICS: tuple[str, ...] = (
    "The people who move an objective are its owner and its R and A contributors; C and I contributors are shown "
    "but do not count as movers.",
    "The level an objective needs of a skill is the level given on the objective (`skills: [{skill: ID, level: N}]`), "
    "otherwise, per mover, that mover's role level for the skill, otherwise 1.",
    "A skill of an objective is developed for its movers when, for at least one mover, a program whose audience "
    "includes that mover's role develops it to at least the level that mover needs; the advice names one mover and "
    "that mover's level only.",
    "The checker's skill-gap warning means that no program develops the skill at all; the figure \"needed skills a "
    'program develops far enough" is judged per role need.',
)

FORMULA = (
    "score = round(100 x sum(weight x covered / total) / sum(weight)), summed over the figures that have "
    "something to measure (total above 0), halves rounded up; weights: "
    + ", ".join(f"{TITLES[key].lower()} {weight}" for key, weight in WEIGHTS.items())
    + ". With nothing to measure there is no score."
)


def _published(file: str, root: str | None) -> str:
    """``file`` under the name of the playbook folder ``root`` (as the site names it), when it lies in it."""
    if root is None or not file.startswith(root.rstrip("/") + "/"):
        return file
    inside = file[len(root.rstrip("/")) + 1 :]
    name = PurePosixPath(root).name
    return f"{name}/{inside}" if name and name != ".." else inside


def _round_half_up(value: Fraction) -> int:
    """Round exactly, halves up: deterministic whatever the float rounding would do."""
    return math.floor(value + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class Gap:
    """One uncovered item of a figure: what it is, what is missing, what to do.

    ``kind`` and ``id`` let a template link the entity; key results and
    milestones carry ``objective_id`` too since they live on the objective's
    page.  ``actions`` holds one text per missing thing; ``action`` joins them.
    """

    kind: GapKind
    id: str
    title: str
    message: str
    actions: tuple[str, ...]
    location: Location
    objective_id: str | None = None
    code: str = ""
    """The code of the warning the checker reports for the same fact ("" when it reports none)."""

    @classmethod
    def of(
        cls, kind: GapKind, entity_id: str, title: str, finding: rules.Finding, objective_id: str | None = None
    ) -> Gap:
        """The gap of a fact the checker reports too: same words, same place."""
        return cls(
            kind, entity_id, title, finding.message, (finding.action,), finding.location, objective_id, finding.code
        )

    @property
    def action(self) -> str:
        return "; ".join(self.actions)

    @property
    def text(self) -> str:
        """The message and what to do, as one sentence."""
        return f"{self.message}: {self.action}"

    def to_dict(self, root: str | None = None) -> dict[str, object]:
        """Plain data; with the playbook's ``root``, the file is named under the folder's own name."""
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "objective_id": self.objective_id,
            "message": self.message,
            "action": self.action,
            "actions": list(self.actions),
            "file": _published(self.location.file, root),
            "line": self.location.line,
            "column": self.location.column,
        }


@dataclass(frozen=True, slots=True)
class Figure:
    """One coverage figure: ``covered`` of ``total``, and a gap per uncovered item."""

    key: FigureKey
    covered: int
    total: int
    gaps: tuple[Gap, ...]

    @property
    def title(self) -> str:
        return TITLES[self.key]

    @property
    def rule(self) -> str:
        return RULES[self.key]

    @property
    def weight(self) -> int:
        return WEIGHTS[self.key]

    @property
    def measured(self) -> bool:
        """False when there is nothing to measure (``total == 0``)."""
        return self.total > 0

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.covered, self.total) if self.total else None

    @property
    def ratio(self) -> float | None:
        """``covered / total`` between 0 and 1, or None when there is nothing to measure."""
        fraction = self.fraction
        return None if fraction is None else float(fraction)

    @property
    def percent(self) -> int | None:
        """The ratio in whole percent, halves rounded up; None when there is nothing to measure."""
        fraction = self.fraction
        return None if fraction is None else _round_half_up(fraction * 100)

    @property
    def display(self) -> str:
        """``3/4 (75%)`` or ``none to measure``."""
        if self.percent is None:
            return NONE_TO_MEASURE
        return f"{self.covered}/{self.total} ({self.percent}%)"

    @property
    def uncovered_ids(self) -> tuple[str, ...]:
        return tuple(gap.id for gap in self.gaps)

    def to_dict(self, root: str | None = None) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "rule": self.rule,
            "weight": self.weight,
            "covered": self.covered,
            "total": self.total,
            "ratio": self.ratio,
            "percent": self.percent,
            "display": self.display,
            "gaps": [gap.to_dict(root) for gap in self.gaps],
        }


@dataclass(frozen=True, slots=True)
class Alignment:
    """Everything the alignment page, the panels and the CLI show."""

    figures: tuple[Figure, ...]
    score: int | None
    skills: tuple[SkillCoverage, ...]
    matrix: SkillMatrix
    objectives: Mapping[str, ObjectiveAlignment] = field(repr=False)
    roles: Mapping[str, RoleAlignment] = field(repr=False)

    formula: str = FORMULA
    semantics: tuple[str, ...] = SEMANTICS

    @property
    def score_display(self) -> str:
        return NONE_TO_MEASURE if self.score is None else f"{self.score}/100"

    def figure(self, key: FigureKey) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def to_dict(self, root: str | None = None) -> dict[str, object]:
        """Plain data for JSON: the score, the formula and every figure with its gaps.

        Data files pass the playbook's ``root`` so that they name each gap's file the same way wherever
        they are built from (``content/plans/a.yaml``), never by a path of the building machine.
        """
        return {
            "score": self.score,
            "formula": self.formula,
            "weights": dict(WEIGHTS),
            "figures": [figure.to_dict(root) for figure in self.figures],
        }


def score(figures: Iterable[Figure]) -> int | None:
    """The weighted mean of the measured figures, 0-100, halves up; None when none is measured."""
    measured = [f for f in figures if f.fraction is not None]
    if not measured:
        return None
    weighted = sum((f.weight * f.fraction for f in measured if f.fraction is not None), Fraction(0))
    return _round_half_up(100 * weighted / sum(f.weight for f in measured))


@dataclass(frozen=True, slots=True)
class SkillCoverage:
    """A needed skill judged per role need: the needs not met, and the program that develops it furthest.

    ``needed_level`` is the highest level any of its needs asks for (shown
    only); ``short`` lists the roles whose need is not met, with their level.
    """

    skill_id: str
    needed_level: int
    developed_level: int | None
    program_id: str | None
    role_ids: tuple[str, ...]
    objective_ids: tuple[str, ...]
    short: tuple[tuple[str, int], ...]
    covered: bool


class _Analysis:
    """Working state of one :func:`analyse` run; indexes built once."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.needed: tuple[Skill, ...] = tuple(s for s in playbook.skills if rules.is_needed(s))
        self.developments = rules.Developments(playbook)

    def objectives_figure(self) -> Figure:
        gaps: list[Gap] = []
        objectives = self.playbook.objectives
        for objective in objectives:
            found = [f for f in (rules.no_key_results(objective), rules.no_contributors(objective)) if f]
            if found:
                subject = f"objective `{objective.id}` "
                message = subject + " and ".join(f.message.removeprefix(subject) for f in found)
                actions = tuple(f.action for f in found)
                gaps.append(Gap("objective", objective.id, objective.title, message, actions, found[0].location))
        return Figure("objectives", len(objectives) - len(gaps), len(objectives), tuple(gaps))

    def roles_figure(self) -> Figure:
        roles = self.playbook.roles
        gaps = tuple(
            Gap.of("role", role.id, role.title, finding)
            for role in roles
            if (finding := rules.role_moves_nothing(role)) is not None
        )
        return Figure("roles", len(roles) - len(gaps), len(roles), gaps)

    def skill_coverage(self) -> tuple[SkillCoverage, ...]:
        coverage: list[SkillCoverage] = []
        for skill in self.needed:
            best = self.developments.best(skill.id)
            role_needs = {n.role.id: (n.role, rules.role_level(n.role, skill.id) or n.level) for n in skill.needed_by}
            if role_needs:
                short = tuple(
                    (role.id, level)
                    for role, level in role_needs.values()
                    if self.developments.met(skill.id, role, level) is None
                )
                needed = max(level for _, level in role_needs.values())
                covered = not short
            else:
                needed = max((rules.given_level(o, skill.id) or 1 for o in skill.objectives), default=1)
                short = ()
                covered = best is not None and best[1] >= needed
            coverage.append(
                SkillCoverage(
                    skill.id,
                    needed,
                    best[1] if best else None,
                    best[0].id if best else None,
                    tuple(role_needs),
                    tuple(dict.fromkeys(o.id for o in skill.objectives)),
                    short,
                    covered,
                )
            )
        return tuple(coverage)

    def skills_figure(self, coverage: tuple[SkillCoverage, ...]) -> Figure:
        skills = {s.id: s for s in self.needed}
        roles = {r.id: r for r in self.playbook.roles}
        gaps: list[Gap] = []
        for item in coverage:
            if item.covered:
                continue
            skill = skills[item.skill_id]
            if (finding := rules.skill_gap(skill)) is not None:
                gaps.append(Gap.of("skill", skill.id, skill.title, finding))
                continue
            if item.short:
                who = rules.listing(f"`{role_id}` (level {level})" for role_id, level in item.short)
                message = f"no program that {who} attend develops `{skill.id}` to the level they need"
                if len(item.short) == 1:
                    message = f"no program that {who} attends develops `{skill.id}` to the level it needs"
                actions = tuple(
                    dict.fromkeys(self.developments.advice(skill.id, roles[r], level) for r, level in item.short)
                )
            else:
                message = f"no program develops `{skill.id}` to level {item.needed_level}"
                actions = (f"extend `{item.program_id}` (it reaches level {item.developed_level}) or start a program",)
            gaps.append(Gap("skill", skill.id, skill.title, message, actions, skill.loc("id")))
        return Figure("skills", len(coverage) - len(gaps), len(coverage), tuple(gaps))

    def programs_figure(self) -> Figure:
        programs = self.playbook.programs
        gaps = tuple(
            Gap.of("program", program.id, program.title, finding)
            for program in programs
            if (finding := rules.program_supports_nothing(program)) is not None
        )
        return Figure("programs", len(programs) - len(gaps), len(programs), gaps)

    def chain_figure(self, chains: Mapping[str, dict[str, PanelItem]]) -> Figure:
        gaps: list[Gap] = []
        measured = [o for o in self.playbook.objectives if o.skills]
        for objective in measured:
            lacking = [skill_id for skill_id, item in chains[objective.id].items() if not item.ok]
            if not lacking:
                continue
            message = (
                f"objective `{objective.id}`: {rules.ids(lacking)} "
                f"{'is' if len(lacking) == 1 else 'are'} not developed far enough for any of the people who move it"
            )
            actions = tuple(
                dict.fromkeys(item.action for item in chains[objective.id].values() if not item.ok and item.action)
            )
            gaps.append(Gap("objective", objective.id, objective.title, message, actions, objective.loc("skills")))
        return Figure("chain", len(measured) - len(gaps), len(measured), tuple(gaps))

    def key_results_figure(self) -> Figure:
        key_results = self.playbook.key_results
        gaps = tuple(
            Gap.of("key-result", kr.id, kr.title, finding, kr.objective.id)
            for kr in key_results
            if (finding := rules.no_current(kr)) is not None
        )
        return Figure("key-results", len(key_results) - len(gaps), len(key_results), gaps)

    def milestones_figure(self) -> Figure:
        milestones = self.playbook.milestones
        gaps = tuple(
            Gap.of("milestone", m.id, m.title, finding, m.objective.id)
            for m in milestones
            if (finding := rules.late(m, self.playbook.as_of)) is not None
        )
        return Figure("milestones", len(milestones) - len(gaps), len(milestones), gaps)


@functools.lru_cache(maxsize=1)
def analyse(playbook: Playbook) -> Alignment:
    """Measure the alignment of a linked playbook (pure; same playbook, same result).

    The last result is kept: one build asks for it from the pages, the panels and the data files.
    """
    run = _Analysis(playbook)
    coverage = run.skill_coverage()
    chains = {o.id: chain_items(o, run.developments) for o in playbook.objectives}
    figures = (
        run.objectives_figure(),
        run.roles_figure(),
        run.skills_figure(coverage),
        run.programs_figure(),
        run.chain_figure(chains),
        run.key_results_figure(),
        run.milestones_figure(),
    )
    objectives = {o.id: objective_panel(o, chains[o.id], playbook.as_of) for o in playbook.objectives}
    roles = {r.id: role_panel(r, run.developments) for r in playbook.roles}
    return Alignment(
        figures=figures,
        score=score(figures),
        skills=coverage,
        matrix=matrix(playbook, run.needed, run.developments),
        objectives=MappingProxyType(objectives),
        roles=MappingProxyType(roles),
    )
