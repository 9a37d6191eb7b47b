"""The alignment panels of objectives and roles, and the skill-gap matrix.

Each panel line says what is covered or what is missing and what to do, in
the words of :mod:`generator.rules` where the checker reports the same fact.
The chain lines (one per skill of an objective) are built here and counted by
:mod:`generator.analysis.alignment` as its ``chain`` figure, so the panel and
the figure never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from generator import rules
from generator.model import Objective, Playbook, Role, Skill

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

    @classmethod
    def missing_from(cls, topic: PanelTopic, finding: rules.Finding) -> PanelItem:
        """A missing line in the words of a shared finding."""
        return cls(topic, False, finding.message, finding.action)


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

    ``chain`` is True/False for the chain figure, None when the objective names no skills.
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


@dataclass(frozen=True)
class SkillMatrix:
    """Needed skills (rows, in playbook order) by roles that need a skill (columns).

    Only the cells of a role that needs the skill are computed up front
    (:attr:`needs`): a playbook has skills times roles cells but only a few
    needs per role, so the analysis stays linear; :attr:`rows`, the whole
    grid, is computed when a page draws it.
    """

    skill_ids: tuple[str, ...]
    role_ids: tuple[str, ...]
    needs: Mapping[tuple[str, str], MatrixCell]
    """(skill id, role id) -> the cell, for each role that needs the skill."""
    not_needed: Callable[[str, str], MatrixCell] = field(repr=False, compare=False)

    def cell(self, skill_id: str, role_id: str) -> MatrixCell:
        found = self.needs.get((skill_id, role_id))
        return found if found is not None else self.not_needed(skill_id, role_id)

    @functools.cached_property
    def rows(self) -> tuple[tuple[MatrixCell, ...], ...]:
        return tuple(tuple(self.cell(skill, role) for role in self.role_ids) for skill in self.skill_ids)

    @property
    def needed_cells(self) -> list[MatrixCell]:
        """The cells of roles that need a skill, by skill (playbook order), then role."""
        skills = {skill: i for i, skill in enumerate(self.skill_ids)}
        roles = {role: i for i, role in enumerate(self.role_ids)}
        return sorted(self.needs.values(), key=lambda c: (skills[c.skill_id], roles[c.role_id]))


def chain_item(objective: Objective, skill: Skill, developments: rules.Developments) -> PanelItem:
    """Whether a skill of the objective is developed for at least one mover, to the level that mover needs."""
    needs = rules.mover_needs(objective, skill.id)
    for need in needs:
        if (hit := developments.met(skill.id, need.role, need.level)) is not None:
            program, reached = hit
            return PanelItem(
                "chain",
                True,
                f"`{skill.id}` is developed for `{need.role.id}` (needs level {need.level}) "
                f"to level {reached} by `{program.id}`",
            )
    shown = ", ".join(f"`{need.role.id}` needs level {need.level}" for need in needs)
    advised = rules.cheapest(needs, developments, skill.id)
    action = None if advised is None else developments.advice(skill.id, advised.role, advised.level)
    return PanelItem("chain", False, f"`{skill.id}` is not developed far enough for any mover ({shown})", action)


def chain_items(objective: Objective, developments: rules.Developments) -> dict[str, PanelItem]:
    """One chain line per distinct skill of the objective, by skill id."""
    return {skill.id: chain_item(objective, skill, developments) for skill in objective.skills}


def objective_panel(objective: Objective, chain: Mapping[str, PanelItem], as_of: object) -> ObjectiveAlignment:
    items = [PanelItem("objectives", True, f"accountable owner `{objective.owner_id}`")]
    n_kr, n_contrib = len(objective.key_results), len(objective.contributors)
    if n_kr:
        items.append(PanelItem("objectives", True, f"{n_kr} key result{'s' * (n_kr != 1)}"))
    elif (finding := rules.no_key_results(objective)) is not None:
        items.append(PanelItem.missing_from("objectives", finding))
    if n_contrib:
        contributor_ids = rules.ids(c.role_id for c in objective.contributors)
        items.append(
            PanelItem("objectives", True, f"{n_contrib} contributor{'s' * (n_contrib != 1)}: {contributor_ids}")
        )
    elif (finding := rules.no_contributors(objective)) is not None:
        items.append(PanelItem.missing_from("objectives", finding))
    if objective.programs:
        items.append(PanelItem("programs", True, f"supported by {rules.ids(p.id for p in objective.programs)}"))
    items.extend(chain.values())
    without_current = [f for kr in objective.key_results if (f := rules.no_current(kr)) is not None]
    if n_kr and not without_current:
        items.append(PanelItem("key-results", True, f"every key result has a current value ({n_kr})"))
    items.extend(PanelItem.missing_from("key-results", finding) for finding in without_current)
    late = [f for m in objective.milestones if (f := rules.late(m, as_of)) is not None]
    if objective.milestones and not late:
        n_ms = len(objective.milestones)
        items.append(PanelItem("milestones", True, f"no late milestones ({n_ms} milestone{'s' * (n_ms != 1)})"))
    items.extend(PanelItem.missing_from("milestones", finding) for finding in late)
    chain_ok = all(item.ok for item in chain.values()) if chain else None
    return ObjectiveAlignment(objective.id, chain_ok, tuple(items))


def role_need_item(role: Role, skill_id: str, level: int, developments: rules.Developments) -> PanelItem:
    """A role's need of a skill against the programs whose audience includes the role."""
    best = developments.best(skill_id, role)
    if best is not None and best[1] >= level:
        return PanelItem(
            "matrix", True, f"`{skill_id}` (level {level}) is developed to level {best[1]} by `{best[0].id}`"
        )
    shortfall = "no program it is in develops it" if best is None else f"its programs reach level {best[1]}"
    return PanelItem(
        "matrix", False, f"`{skill_id}` (level {level}): {shortfall}", developments.advice(skill_id, role, level)
    )


def role_panel(role: Role, developments: rules.Developments) -> RoleAlignment:
    owned, contributed = len(role.owned_objectives), len(role.contributions)
    items: list[PanelItem] = []
    if (finding := rules.role_moves_nothing(role)) is not None:
        items.append(PanelItem.missing_from("roles", finding))
    else:
        items.append(
            PanelItem("roles", True, f"owns {owned} objective{'s' * (owned != 1)} and contributes to {contributed}")
        )
    coached = [pr.program.id for pr in role.programs if pr.capacity == "coachee"]
    if coached:
        items.append(PanelItem("programs", True, f"coached in {rules.ids(dict.fromkeys(coached))}"))
    items.extend(role_need_item(role, need.skill_id, need.level, developments) for need in role.skills)
    return RoleAlignment(role.id, finding is None, tuple(items))


def matrix(playbook: Playbook, needed: Iterable[Skill], developments: rules.Developments) -> SkillMatrix:
    skills = tuple(needed)
    roles = tuple(r for r in playbook.roles if r.skills)
    by_id = {role.id: role for role in roles}
    wanted = {skill.id for skill in skills}

    def cell(skill_id: str, role: Role, level: int | None) -> MatrixCell:
        best = developments.best(skill_id, role)
        return MatrixCell(skill_id, role.id, level, best[1] if best else None, best[0].id if best else None)

    needs: dict[tuple[str, str], MatrixCell] = {}
    for role in roles:
        for skill_id in dict.fromkeys(need.skill_id for need in role.skills):
            if skill_id in wanted:
                needs[(skill_id, role.id)] = cell(skill_id, role, rules.role_level(role, skill_id))
    return SkillMatrix(
        tuple(s.id for s in skills),
        tuple(r.id for r in roles),
        MappingProxyType(needs),
        lambda skill_id, role_id: cell(skill_id, by_id[role_id], None),
    )
