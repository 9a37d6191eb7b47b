"""Views: what the pages show, computed once per build so that templates only lay it out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.analysis.alignment import Alignment
from generator.model import (
    KeyResult,
    Objective,
    ObjectiveStatus,
    Pillar,
    Plan,
    Playbook,
    Raci,
    Resource,
    Risk,
    Role,
    Session,
    Skill,
    SkillCategory,
)


def status_counts(objectives: Iterable[Objective]) -> list[tuple[ObjectiveStatus, int]]:
    counts = dict.fromkeys(ObjectiveStatus, 0)
    for objective in objectives:
        counts[objective.effective_status] += 1
    return list(counts.items())


def mean_progress(key_results: Iterable[KeyResult]) -> float | None:
    values = [p for kr in key_results if (p := kr.progress_clamped) is not None]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Coverage:
    """How many skills the strategy depends on, and how many a coaching program develops far enough."""

    needed: tuple[Skill, ...]
    covered: tuple[Skill, ...]

    @property
    def gaps(self) -> tuple[Skill, ...]:
        covered = {s.id for s in self.covered}
        return tuple(s for s in self.needed if s.id not in covered)


def skill_coverage(playbook: Playbook, alignment: Alignment) -> Coverage:
    """The skills figure of the alignment analysis (level rule included) as skills, for the templates."""
    skills = {s.id: s for s in playbook.skills}
    needed = tuple(skills[item.skill_id] for item in alignment.skills)
    return Coverage(needed, tuple(skills[item.skill_id] for item in alignment.skills if item.covered))


@dataclass(frozen=True)
class ResourceTotal:
    kind: str
    unit: str | None
    amount: float
    items: int


def resource_totals(resources: Iterable[Resource]) -> list[ResourceTotal]:
    """Sum of amounts per kind and unit (resources without an amount are counted, not summed)."""
    amounts: dict[tuple[str, str | None], float] = {}
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    for resource in resources:
        key = (resource.kind.value, resource.unit)
        amounts[key] = amounts.get(key, 0) + (resource.amount or 0)
        counts[key] += 1
    return [ResourceTotal(kind, unit, amounts[(kind, unit)], counts[(kind, unit)]) for kind, unit in amounts]


def key_results_of(objectives: Iterable[Objective]) -> list[KeyResult]:
    return [kr for objective in objectives for kr in objective.key_results]


def resources_of(objectives: Iterable[Objective]) -> list[tuple[Objective, Resource]]:
    return [(objective, resource) for objective in objectives for resource in objective.resources]


def by_score(risks: Iterable[Risk]) -> list[Risk]:
    """Highest score first; ties keep playbook order."""
    return sorted(risks, key=lambda r: -r.score)


@dataclass(frozen=True)
class MatrixRow:
    role: Role
    cells: tuple[Raci | None, ...]


def plan_matrix(plan: Plan, roles: tuple[Role, ...], positions: Mapping[str, int] | None = None) -> list[MatrixRow]:
    """The roles involved in a plan (playbook order) with their RACI letter on each objective.

    Only involved roles get a row, so the matrices of all plans together grow
    with the number of RACI assignments, not with roles times objectives.
    ``positions`` (each role's place in ``roles``, :attr:`Order.roles`) spares
    going through every role for every plan.
    """
    letters: list[dict[str, Raci]] = []
    involved: set[str] = set()
    for objective in plan.objectives:
        column = {c.role_id: c.raci for c in objective.contributors}
        column[objective.owner_id] = Raci.ACCOUNTABLE
        letters.append(column)
        involved.update(column)
    if positions is None:
        positions = {role.id: i for i, role in enumerate(roles)}
    ordered = sorted(positions[role_id] for role_id in involved if role_id in positions)
    return [MatrixRow(roles[i], tuple(column.get(roles[i].id) for column in letters)) for i in ordered]


@dataclass(frozen=True)
class RoleObjective:
    objective: Objective
    letter: Raci
    contribution: str | None


class Order:
    """Playbook order of objectives, pillars and roles, indexed once per build (keeps role pages and plan
    matrices linear)."""

    def __init__(self, playbook: Playbook) -> None:
        self.objectives = {o.id: i for i, o in enumerate(playbook.objectives)}
        self.pillars = {p.id: i for i, p in enumerate(playbook.pillars)}
        self.roles = {r.id: i for i, r in enumerate(playbook.roles)}

    def role_objectives(self, role: Role) -> list[tuple[Pillar, list[RoleObjective]]]:
        """Every objective a role owns or contributes to, grouped by pillar, in playbook order."""
        found: dict[str, RoleObjective] = {}
        for objective in role.owned_objectives:
            found[objective.id] = RoleObjective(objective, Raci.ACCOUNTABLE, None)
        for contribution in role.contributions:
            objective = contribution.objective
            earlier = found.get(objective.id)
            if earlier is None:
                found[objective.id] = RoleObjective(objective, contribution.raci, contribution.contribution)
            elif earlier.contribution is None and contribution.contribution:
                found[objective.id] = RoleObjective(objective, earlier.letter, contribution.contribution)
        groups: dict[str, tuple[Pillar, list[RoleObjective]]] = {}
        for item in sorted(found.values(), key=lambda i: self.objectives.get(i.objective.id, 0)):
            pillar = item.objective.pillar
            groups.setdefault(pillar.id, (pillar, []))[1].append(item)
        return sorted(groups.values(), key=lambda g: self.pillars.get(g[0].id, 0))


def teams(roles: Iterable[Role]) -> list[tuple[str | None, list[Role]]]:
    """Roles grouped by team, teams in order of first appearance, roles without a team last."""
    grouped: dict[str | None, list[Role]] = {}
    for role in roles:
        grouped.setdefault(role.team, []).append(role)
    named = [(team, members) for team, members in grouped.items() if team is not None]
    return named + ([(None, grouped[None])] if None in grouped else [])


def skills_by_category(skills: Iterable[Skill]) -> list[tuple[SkillCategory | None, list[Skill]]]:
    grouped: dict[SkillCategory | None, list[Skill]] = {}
    for skill in skills:
        grouped.setdefault(skill.category, []).append(skill)
    ordered: list[tuple[SkillCategory | None, list[Skill]]] = [(c, grouped[c]) for c in SkillCategory if c in grouped]
    if None in grouped:
        ordered.append((None, grouped[None]))
    return ordered


def session_label(session: Session, number: int) -> str:
    if session.week is not None:
        return f"Week {session.week}"
    if session.date is not None:
        return session.date.isoformat()
    return f"Session {number}"
