"""Strategy alignment: how far planning and coaching meet, measured on the linked model.

Pure analysis over a linked :class:`~generator.model.Playbook`: no MkDocs, no
Jinja.  :func:`analyse` returns an immutable :class:`Alignment` that the CLI
prints, the JSON output serialises and the site's templates show as they are,
so that the three never disagree.

The figures, in this fixed order (each is ``covered / total`` with a
:class:`Gap` for every uncovered item):

1. ``objectives`` - objectives with an accountable owner, at least one key
   result and at least one contributor.  A *contributor* is an entry of the
   objective's ``contributors`` list, whatever its RACI letter (the same rule
   as the checker's warning).  The owner is required, so in a linked
   playbook this figure measures key results and contributors.
2. ``roles`` - roles that own or contribute to at least one objective.
3. ``skills`` - needed skills that some coaching program develops far enough.
   A skill is *needed* when a role lists it or an objective names it; it is
   counted once, at its *needed level*: the highest level any role needs it
   at, or 1 when only objectives name it.  It is covered when some program
   develops it ``to`` that level or higher (``to: 3`` covers a need for 3 or
   below, not 4), whoever the program's audience is.
4. ``programs`` - coaching programs that support at least one objective.
5. ``chain`` - objectives whose needed skills are all developed for their
   people: every skill the objective names must be developed to the skill's
   needed level (the same level as figure 3, so a chain never counts a skill
   that figure 3 calls a gap) by a program whose ``audience`` includes at
   least one of the objective's contributors.  Different skills may be
   covered by different programs and different contributors.  The owner
   counts only when it is also listed in ``contributors``: the chain asks
   whether the people who do the work are being developed.  Objectives that
   name no skills are left out of this figure.
6. ``key-results`` - key results with a ``current`` value.
7. ``milestones`` - milestones that are not late (late: due before ``as_of``
   and neither done nor cancelled).  The issue's sixth item is two figures
   because it counts two different things with two different totals.

A role is *in* a program when it is in the program's ``audience``.  Coaches
and mentors teach rather than learn, and a mentorship pairing names a free
text ``focus``, not a skill and level, so being a mentee does not count
towards a skill level either.  The same rule drives the chain (figure 5),
the skill-gap matrix and the role panels.

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
from types import MappingProxyType
from typing import Literal

from generator.exceptions import Location
from generator.model import Objective, Playbook, Program, Role, Skill

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
        "chain": "Objectives whose skills are developed for their contributors",
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
        "skills": "Each skill a role or an objective needs counts once, at the highest level any role needs it "
        "(level 1 when only objectives name it); it is covered when some program develops it to that level or "
        "higher.",
        "programs": "A coaching program counts when its `supports` list names at least one objective.",
        "chain": "An objective that names skills counts when each of them is developed, to the level of the skills "
        "figure, by a program whose audience includes at least one of the objective's contributors (the owner "
        "only when also listed as a contributor; mentees and coaches do not count). Objectives without skills are "
        "left out.",
        "key-results": "A key result counts when it has a `current` value.",
        "milestones": "A milestone counts unless it is late: due before the as-of date and neither done nor cancelled.",
    }
)

FORMULA = (
    "score = round(100 x sum(weight x covered / total) / sum(weight)), summed over the figures that have "
    "something to measure (total above 0), halves rounded up; weights: "
    + ", ".join(f"{TITLES[key].lower()} {weight}" for key, weight in WEIGHTS.items())
    + ". With nothing to measure there is no score."
)


def _round_half_up(value: Fraction) -> int:
    """Round exactly, halves up: deterministic whatever the float rounding would do."""
    return math.floor(value + Fraction(1, 2))


def _ids(items: Iterable[str]) -> str:
    """``a``, ``a` and `b``, ``a`, `b` and `c`` for messages."""
    quoted = [f"`{item}`" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


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

    @property
    def action(self) -> str:
        return "; ".join(self.actions)

    @property
    def text(self) -> str:
        """The message and what to do, as one sentence."""
        return f"{self.message}: {self.action}"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "objective_id": self.objective_id,
            "message": self.message,
            "action": self.action,
            "actions": list(self.actions),
            "file": self.location.file,
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

    def to_dict(self) -> dict[str, object]:
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
            "gaps": [gap.to_dict() for gap in self.gaps],
        }


@dataclass(frozen=True, slots=True)
class SkillCoverage:
    """A needed skill at its needed level, and the program that develops it furthest."""

    skill_id: str
    needed_level: int
    developed_level: int | None
    program_id: str | None
    role_ids: tuple[str, ...]
    objective_ids: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return self.developed_level is not None and self.developed_level >= self.needed_level


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """A skill for a role: the level the role needs (None: not needed) and the best its programs reach.

    ``developed`` is the highest ``to`` among programs whose audience
    includes the role and that develop the skill; ``program_id`` names it.
    ``status`` is ``met``, ``short`` (developed, not far enough), ``missing``
    (needed, no program of the role develops it) or ``not-needed``.
    """

    skill_id: str
    role_id: str
    needed: int | None
    developed: int | None
    program_id: str | None

    @property
    def status(self) -> Literal["met", "short", "missing", "not-needed"]:
        if self.needed is None:
            return "not-needed"
        if self.developed is None:
            return "missing"
        return "met" if self.developed >= self.needed else "short"


@dataclass(frozen=True, slots=True)
class SkillMatrix:
    """Needed skills (rows, figure 3's skills in playbook order) by roles that need a skill (columns)."""

    skill_ids: tuple[str, ...]
    role_ids: tuple[str, ...]
    rows: tuple[tuple[MatrixCell, ...], ...]

    def cell(self, skill_id: str, role_id: str) -> MatrixCell:
        return self.rows[self.skill_ids.index(skill_id)][self.role_ids.index(role_id)]


PanelTopic = Literal["objectives", "roles", "skills", "programs", "chain", "key-results", "milestones", "matrix"]


@dataclass(frozen=True, slots=True)
class PanelItem:
    """One line of an alignment panel: covered (``ok``) or missing, with what to do when missing.

    ``topic`` is the figure the line belongs to, or ``matrix`` for a role's
    own skill needs against the programs it is in.
    """

    topic: PanelTopic
    ok: bool
    text: str
    action: str | None = None


class _Panel:
    """What a panel shows: its items, split into covered and missing."""

    __slots__ = ()
    items: tuple[PanelItem, ...]

    @property
    def covered(self) -> tuple[PanelItem, ...]:
        return tuple(item for item in self.items if item.ok)

    @property
    def missing(self) -> tuple[PanelItem, ...]:
        return tuple(item for item in self.items if not item.ok)


@dataclass(frozen=True, slots=True)
class ObjectiveAlignment(_Panel):
    """The alignment panel of one objective.

    ``chain`` is True/False for figure 5, None when the objective names no skills.
    """

    objective_id: str
    chain: bool | None
    items: tuple[PanelItem, ...]


@dataclass(frozen=True, slots=True)
class RoleAlignment(_Panel):
    """The alignment panel of one role: its objectives and its skill needs against its programs."""

    role_id: str
    engaged: bool
    items: tuple[PanelItem, ...]


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

    @property
    def score_display(self) -> str:
        return NONE_TO_MEASURE if self.score is None else f"{self.score}/100"

    def figure(self, key: FigureKey) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON: the score, the formula and every figure with its gaps."""
        return {
            "score": self.score,
            "formula": self.formula,
            "weights": dict(WEIGHTS),
            "figures": [figure.to_dict() for figure in self.figures],
        }


def score(figures: Iterable[Figure]) -> int | None:
    """The weighted mean of the measured figures, 0-100, halves up; None when none is measured."""
    measured = [f for f in figures if f.fraction is not None]
    if not measured:
        return None
    weighted = sum((f.weight * f.fraction for f in measured if f.fraction is not None), Fraction(0))
    return _round_half_up(100 * weighted / sum(f.weight for f in measured))


def _best(developments: Iterable[tuple[Program, int]]) -> tuple[Program, int] | None:
    """The program reaching the highest level; the first in playbook order on ties."""
    best: tuple[Program, int] | None = None
    for program, level in developments:
        if best is None or level > best[1]:
            best = (program, level)
    return best


class _Analysis:
    """Working state of one :func:`analyse` run; indexes built once."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.needed: tuple[Skill, ...] = tuple(s for s in playbook.skills if s.needed_level is not None)
        # skill id -> (program, to) in playbook order of programs.
        self.developments: dict[str, list[tuple[Program, int]]] = {}
        for program in playbook.programs:
            for development in program.skills:
                self.developments.setdefault(development.skill_id, []).append((program, development.to_level))

    def level(self, skill: Skill) -> int:
        return skill.needed_level or 1

    def best_for(self, skill_id: str, roles: Iterable[Role] | None = None) -> tuple[Program, int] | None:
        """The furthest development of a skill, by any program or only by those whose audience has ``roles``."""
        wanted = None if roles is None else {r.id for r in roles}
        return _best(
            (program, level)
            for program, level in self.developments.get(skill_id, ())
            if wanted is None or wanted.intersection(program.audience_ids)
        )

    def reaching(self, skill_id: str, level: int) -> list[Program]:
        return [p for p, to in self.developments.get(skill_id, ()) if to >= level]

    # Figures -----------------------------------------------------------------------

    def objectives_figure(self) -> Figure:
        gaps: list[Gap] = []
        objectives = self.playbook.objectives
        for objective in objectives:
            lacks = [
                (gap, action)
                for gap, action, present in (
                    ("no owner", "add an accountable owner", bool(objective.owner_id)),
                    ("no key results", "add a key result", bool(objective.key_results)),
                    ("no contributors", "add a contributor", bool(objective.contributors)),
                )
                if not present
            ]
            if lacks:
                gaps.append(
                    Gap(
                        "objective",
                        objective.id,
                        objective.title,
                        f"objective `{objective.id}` has {' and '.join(gap for gap, _ in lacks)}",
                        tuple(action for _, action in lacks),
                        objective.loc("id"),
                    )
                )
        return Figure("objectives", len(objectives) - len(gaps), len(objectives), tuple(gaps))

    def roles_figure(self) -> Figure:
        roles = self.playbook.roles
        gaps = tuple(
            Gap(
                "role",
                role.id,
                role.title,
                f"role `{role.id}` owns or contributes to no objective",
                (f"make `{role.id}` own or contribute to an objective",),
                role.loc("id"),
            )
            for role in roles
            if not role.owned_objectives and not role.contributions
        )
        return Figure("roles", len(roles) - len(gaps), len(roles), gaps)

    def skill_coverage(self) -> tuple[SkillCoverage, ...]:
        coverage: list[SkillCoverage] = []
        for skill in self.needed:
            best = self.best_for(skill.id)
            coverage.append(
                SkillCoverage(
                    skill.id,
                    self.level(skill),
                    best[1] if best else None,
                    best[0].id if best else None,
                    tuple(dict.fromkeys(n.role.id for n in skill.needed_by)),
                    tuple(dict.fromkeys(o.id for o in skill.objectives)),
                )
            )
        return tuple(coverage)

    def skills_figure(self, coverage: tuple[SkillCoverage, ...]) -> Figure:
        skills = {s.id: s for s in self.needed}
        gaps: list[Gap] = []
        for item in coverage:
            if item.covered:
                continue
            skill = skills[item.skill_id]
            if item.program_id is None:
                action = f"add `{skill.id}` to a program's `skills` or start a program"
            else:
                action = f"extend `{item.program_id}` (it reaches level {item.developed_level}) or start a program"
            gaps.append(
                Gap(
                    "skill",
                    skill.id,
                    skill.title,
                    f"no program develops `{skill.id}` to level {item.needed_level}",
                    (action,),
                    skill.loc("id"),
                )
            )
        return Figure("skills", len(coverage) - len(gaps), len(coverage), tuple(gaps))

    def programs_figure(self) -> Figure:
        programs = self.playbook.programs
        gaps = tuple(
            Gap(
                "program",
                program.id,
                program.title,
                f"coaching program `{program.id}` supports no objective",
                (f"name the objectives `{program.id}` supports in its `supports` list",),
                program.loc("id"),
            )
            for program in programs
            if not program.supports_ids
        )
        return Figure("programs", len(programs) - len(gaps), len(programs), gaps)

    def chain_items(self, objective: Objective) -> dict[str, PanelItem]:
        """One panel line per distinct skill of the objective, covered or not, with what to do."""
        contributors = tuple({c.role.id: c.role for c in objective.contributors}.values())
        contributor_ids = [r.id for r in contributors]
        items: dict[str, PanelItem] = {}
        for skill in {s.id: s for s in objective.skills}.values():
            level = self.level(skill)
            best = self.best_for(skill.id, contributors)
            if best is not None and best[1] >= level:
                program, reached = best
                who = [r for r in contributor_ids if r in program.audience_ids]
                items[skill.id] = PanelItem(
                    "chain",
                    True,
                    f"`{skill.id}` (level {level}) is developed to level {reached} by `{program.id}` for {_ids(who)}",
                )
                continue
            if not contributors:
                action = "add a contributor"
            elif reaching := self.reaching(skill.id, level):
                one = "" if len(contributor_ids) == 1 else "one of "
                action = f"add {one}{_ids(contributor_ids)} to the audience of `{reaching[0].id}`"
            elif best is not None:
                action = f"extend `{best[0].id}` to develop `{skill.id}` to level {level}"
            else:
                action = f"start a program that develops `{skill.id}` to level {level} for {_ids(contributor_ids)}"
            items[skill.id] = PanelItem(
                "chain",
                False,
                f"`{skill.id}` (level {level}) is not developed that far for any contributor",
                action,
            )
        return items

    def chain_figure(self, chains: Mapping[str, dict[str, PanelItem]]) -> Figure:
        gaps: list[Gap] = []
        measured = [o for o in self.playbook.objectives if o.skills]
        for objective in measured:
            missing = [item for item in chains[objective.id].values() if not item.ok]
            if not missing:
                continue
            lacking = [skill_id for skill_id, item in chains[objective.id].items() if not item.ok]
            if not objective.contributors:
                message = f"objective `{objective.id}` has no contributors to develop {_ids(lacking)}"
            else:
                message = (
                    f"objective `{objective.id}`: {_ids(lacking)} "
                    f"{'is' if len(lacking) == 1 else 'are'} not developed far enough for any of its contributors"
                )
            actions = tuple(dict.fromkeys(item.action for item in missing if item.action))
            gaps.append(Gap("objective", objective.id, objective.title, message, actions, objective.loc("skills")))
        return Figure("chain", len(measured) - len(gaps), len(measured), tuple(gaps))

    def key_results_figure(self) -> Figure:
        key_results = self.playbook.key_results
        gaps = tuple(
            Gap(
                "key-result",
                kr.id,
                kr.title,
                f"key result `{kr.id}` has no current value",
                ("record the latest measurement in `current`",),
                kr.loc("id"),
                kr.objective.id,
            )
            for kr in key_results
            if kr.current is None
        )
        return Figure("key-results", len(key_results) - len(gaps), len(key_results), gaps)

    def milestones_figure(self) -> Figure:
        milestones = self.playbook.milestones
        gaps = tuple(
            Gap(
                "milestone",
                m.id,
                m.title,
                f"milestone `{m.id}` was due {m.due} and is {m.status.value}",
                ("mark it done or cancelled, or move its date",),
                m.loc("due"),
                m.objective.id,
            )
            for m in milestones
            if m.is_late
        )
        return Figure("milestones", len(milestones) - len(gaps), len(milestones), gaps)

    # Panels and matrix --------------------------------------------------------------

    def objective_panel(self, objective: Objective, chain: Mapping[str, PanelItem]) -> ObjectiveAlignment:
        items = [PanelItem("objectives", True, f"accountable owner `{objective.owner_id}`")]
        n_kr, n_contrib = len(objective.key_results), len(objective.contributors)
        if n_kr:
            items.append(PanelItem("objectives", True, f"{n_kr} key result{'s' * (n_kr != 1)}"))
        else:
            items.append(PanelItem("objectives", False, "no key results", "add a key result"))
        if n_contrib:
            contributor_ids = _ids(c.role_id for c in objective.contributors)
            items.append(
                PanelItem("objectives", True, f"{n_contrib} contributor{'s' * (n_contrib != 1)}: {contributor_ids}")
            )
        else:
            items.append(PanelItem("objectives", False, "no contributors", "add a contributor"))
        if objective.programs:
            items.append(PanelItem("programs", True, f"supported by {_ids(p.id for p in objective.programs)}"))
        items.extend(chain.values())
        without_current = [kr for kr in objective.key_results if kr.current is None]
        if n_kr and not without_current:
            items.append(PanelItem("key-results", True, f"every key result has a current value ({n_kr})"))
        items.extend(
            PanelItem(
                "key-results",
                False,
                f"key result `{kr.id}` has no current value",
                "record the latest measurement in `current`",
            )
            for kr in without_current
        )
        late = [m for m in objective.milestones if m.is_late]
        if objective.milestones and not late:
            n_ms = len(objective.milestones)
            items.append(PanelItem("milestones", True, f"no late milestones ({n_ms} milestone{'s' * (n_ms != 1)})"))
        items.extend(
            PanelItem(
                "milestones",
                False,
                f"milestone `{m.id}` was due {m.due} and is {m.status.value}",
                "mark it done or cancelled, or move its date",
            )
            for m in late
        )
        chain_ok = all(item.ok for item in chain.values()) if chain else None
        return ObjectiveAlignment(objective.id, chain_ok, tuple(items))

    def role_panel(self, role: Role) -> RoleAlignment:
        owned, contributed = len(role.owned_objectives), len(role.contributions)
        engaged = bool(owned or contributed)
        items: list[PanelItem] = []
        if engaged:
            items.append(
                PanelItem(
                    "roles",
                    True,
                    f"owns {owned} objective{'s' * (owned != 1)} and contributes to {contributed}",
                )
            )
        else:
            items.append(
                PanelItem(
                    "roles",
                    False,
                    "owns or contributes to no objective",
                    f"make `{role.id}` own or contribute to an objective",
                )
            )
        coached = [pr.program.id for pr in role.programs if pr.capacity == "coachee"]
        if coached:
            items.append(PanelItem("programs", True, f"coached in {_ids(dict.fromkeys(coached))}"))
        for need in role.skills:
            best = self.best_for(need.skill_id, (role,))
            if best is not None and best[1] >= need.level:
                items.append(
                    PanelItem(
                        "matrix",
                        True,
                        f"`{need.skill_id}` (level {need.level}) is developed to level {best[1]} by `{best[0].id}`",
                    )
                )
                continue
            if reaching := self.reaching(need.skill_id, need.level):
                action = f"add `{role.id}` to the audience of `{reaching[0].id}`"
            elif best is not None:
                action = f"extend `{best[0].id}` to develop `{need.skill_id}` to level {need.level}"
            else:
                action = f"start a program that develops `{need.skill_id}` to level {need.level} for `{role.id}`"
            shortfall = "no program it is in develops it" if best is None else f"its programs reach level {best[1]}"
            items.append(PanelItem("matrix", False, f"`{need.skill_id}` (level {need.level}): {shortfall}", action))
        return RoleAlignment(role.id, engaged, tuple(items))

    def matrix(self) -> SkillMatrix:
        roles = tuple(r for r in self.playbook.roles if r.skills)
        rows: list[tuple[MatrixCell, ...]] = []
        for skill in self.needed:
            cells: list[MatrixCell] = []
            for role in roles:
                levels = [n.level for n in role.skills if n.skill_id == skill.id]
                best = self.best_for(skill.id, (role,))
                cells.append(
                    MatrixCell(
                        skill.id,
                        role.id,
                        max(levels) if levels else None,
                        best[1] if best else None,
                        best[0].id if best else None,
                    )
                )
            rows.append(tuple(cells))
        return SkillMatrix(tuple(s.id for s in self.needed), tuple(r.id for r in roles), tuple(rows))


@functools.lru_cache(maxsize=1)
def analyse(playbook: Playbook) -> Alignment:
    """Measure the alignment of a linked playbook (pure; same playbook, same result).

    The last result is kept: one build asks for it from the pages, the panels and the data files.
    """
    run = _Analysis(playbook)
    coverage = run.skill_coverage()
    chains = {o.id: run.chain_items(o) for o in playbook.objectives}
    figures = (
        run.objectives_figure(),
        run.roles_figure(),
        run.skills_figure(coverage),
        run.programs_figure(),
        run.chain_figure(chains),
        run.key_results_figure(),
        run.milestones_figure(),
    )
    objectives = {o.id: run.objective_panel(o, chains[o.id]) for o in playbook.objectives}
    roles = {r.id: run.role_panel(r) for r in playbook.roles}
    return Alignment(
        figures=figures,
        score=score(figures),
        skills=coverage,
        matrix=run.matrix(),
        objectives=MappingProxyType(objectives),
        roles=MappingProxyType(roles),
    )
