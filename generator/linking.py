"""Resolve references across files and link the validated entities into a playbook.

Runs after every file validated on its own.  Checks that ids are unique
across the playbook, that every reference names an id of the right kind
(suggesting a close one), that ``reports_to`` and ``depends_on`` have no
cycles, and then sets the private link attributes of :mod:`generator.model`
once, so that later stages only follow links.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from generator.analysis.pace import share_behind
from generator.exceptions import Diagnostic, Location, Severity, article
from generator.loading.folder import LoadedFiles
from generator.model import (
    KIND_NAMES,
    Contribution,
    Entity,
    KeyResult,
    Milestone,
    MilestoneStatus,
    Node,
    Objective,
    ObjectiveStatus,
    Pillar,
    Plan,
    Playbook,
    Program,
    ProgramRole,
    Risk,
    Role,
    Skill,
    SkillDevelopment,
    SkillNeed,
    kind_name,
)
from generator.model.fields import build_date

E = TypeVar("E", bound=Node)


@dataclass
class _Registry:
    """Every id in the playbook, with the entity it names."""

    entities: dict[str, Entity] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unvalidated: frozenset[str] = frozenset()
    incomplete: bool = False

    def register(self, entity: Entity) -> None:
        first = self.entities.get(entity.id)
        if first is None:
            self.entities[entity.id] = entity
            return
        self.diagnostics.append(
            Diagnostic(
                entity.loc("id"),
                Severity.ERROR,
                f"duplicate id `{entity.id}`: {article(kind_name(first))} {kind_name(first)} at "
                f"{first.loc('id')} has it already; ids are unique across the playbook, so rename one of them",
                code="ids.duplicate",
            )
        )

    def resolve(self, holder: Node, key: Sequence[str | int], ref: str, kind: type[E]) -> E | None:
        """The entity ``ref`` names, when it is of ``kind``; else a located error."""
        target = self.entities.get(ref)
        if isinstance(target, kind):
            return target
        wanted = KIND_NAMES[kind]
        location = holder.loc(*key)
        if target is not None:
            message = (
                f"`{ref}` is {article(kind_name(target))} {kind_name(target)}, not {article(wanted)} {wanted}: "
                f"name {article(wanted)} {wanted} here"
            )
        elif ref in self.unvalidated or self.incomplete:
            return None  # the entity exists but has errors of its own, reported already
        else:
            candidates = [i for i, e in self.entities.items() if isinstance(e, kind)]
            matches = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
            hint = f"; did you mean `{matches[0]}`?" if matches else f": add the {wanted} or fix the id"
            message = f"unknown {wanted} `{ref}`{hint}"
        self.diagnostics.append(Diagnostic(location, Severity.ERROR, message, code="refs.unknown"))
        return None

    def resolve_all(self, holder: Node, key: str, refs: Iterable[str], kind: type[E]) -> tuple[E, ...]:
        found: list[E] = []
        for index, ref in enumerate(refs):
            target = self.resolve(holder, (key, index), ref, kind)
            if target is not None and target not in found:
                found.append(target)
        return tuple(found)


def _objective_skills(registry: _Registry, objective: Objective) -> tuple[Skill, ...]:
    """The distinct skills an objective names, plainly or as ``{skill, level}`` (located at the id)."""
    found: list[Skill] = []
    for index, entry in enumerate(objective.skill_entries):
        key: tuple[str | int, ...] = ("skills", index) if isinstance(entry, str) else ("skills", index, "skill")
        ref = entry if isinstance(entry, str) else entry.skill_id
        target = registry.resolve(objective, key, ref, Skill)
        if target is not None and target not in found:
            found.append(target)
    return tuple(found)


def _cycles(
    nodes: Sequence[E], edges: Callable[[E], Sequence[E]], describe: Callable[[list[E]], Diagnostic]
) -> list[Diagnostic]:
    """Report each cycle of a directed graph once (iterative DFS, deterministic order)."""
    state: dict[int, int] = {}  # 1 = on the stack, 2 = finished
    found: list[Diagnostic] = []
    for start in nodes:
        if state.get(id(start)):
            continue
        stack: list[tuple[E, int]] = [(start, 0)]
        path: list[E] = [start]
        state[id(start)] = 1
        while stack:
            node, index = stack[-1]
            targets = edges(node)
            if index < len(targets):
                stack[-1] = (node, index + 1)
                target = targets[index]
                mark = state.get(id(target))
                if mark == 1:
                    found.append(describe(path[path.index(target) :]))
                elif not mark:
                    state[id(target)] = 1
                    stack.append((target, 0))
                    path.append(target)
            else:
                state[id(node)] = 2
                stack.pop()
                path.pop()
    return found


def _cycle_message(kind: str, key: str) -> Callable[[list[E]], Diagnostic]:
    def describe(cycle: list[E]) -> Diagnostic:
        first = cycle[0]
        names = " -> ".join(f"`{getattr(n, 'id', '?')}`" for n in [*cycle, first])
        return Diagnostic(
            first.loc(key),
            Severity.ERROR,
            f"`{key}` goes round in a circle: {names}; break the loop by changing one of these {kind}s",
            code="refs.cycle",
        )

    return describe


def derive_status(objective: Objective, as_of: dt.date) -> ObjectiveStatus:
    """An objective's status when the editor gave none.

    Done when every key result is met and every milestone is done or
    cancelled; not started before its period or with nothing measured or
    moving; otherwise by pace: the mean of how far each key result is behind
    the value a steady pace expects today, as a share of its way from baseline
    to target (a threshold not met, or a binary key result past due, counts as
    fully behind; see :func:`generator.analysis.pace.share_behind`); without
    key results to judge, the share of milestones done against the share of
    the period elapsed.  Within 10 points on track, within 25 at risk, else
    off track.  A late or blocked milestone makes an on-track objective at risk.
    """
    key_results = objective.key_results
    milestones = [m for m in objective.milestones if m.status is not MilestoneStatus.CANCELLED]
    progresses = [kr.progress for kr in key_results if kr.progress is not None]
    if (key_results or milestones) and (
        all(kr.is_met for kr in key_results) and all(m.status is MilestoneStatus.DONE for m in milestones)
    ):
        return ObjectiveStatus.DONE
    period = objective.effective_period
    moving = progresses or any(m.status in (MilestoneStatus.DONE, MilestoneStatus.IN_PROGRESS) for m in milestones)
    if as_of < period.start or not moving:
        return ObjectiveStatus.NOT_STARTED
    behind = [share for kr in key_results if (share := share_behind(kr, as_of)) is not None]
    if behind:
        gap = sum(behind) / len(behind)
    else:
        span = (period.end - period.start).days or 1
        expected = min(1.0, max(0.0, (as_of - period.start).days / span))
        actual = sum(m.status is MilestoneStatus.DONE for m in milestones) / len(milestones) if milestones else 0.0
        gap = expected - actual
    status = (
        ObjectiveStatus.ON_TRACK
        if gap <= 0.10
        else ObjectiveStatus.AT_RISK
        if gap <= 0.25
        else (ObjectiveStatus.OFF_TRACK)
    )
    troubled = any(m.is_late or m.status is MilestoneStatus.BLOCKED for m in milestones)
    if troubled and status is ObjectiveStatus.ON_TRACK:
        status = ObjectiveStatus.AT_RISK
    return status


def link(loaded: LoadedFiles, as_of: dt.date | None = None) -> tuple[Playbook | None, list[Diagnostic]]:
    """Link the loaded entities; returns the playbook (None without a strategy) and errors."""
    registry = _Registry(unvalidated=frozenset(loaded.unvalidated_ids), incomplete=loaded.incomplete)
    strategy = loaded.strategy
    pillars = strategy.pillars if strategy else ()
    for pillar in pillars:
        registry.register(pillar)
    for plan in loaded.plans:
        registry.register(plan)
        for objective in plan.objectives:
            registry.register(objective)
            parts: list[Entity] = [*objective.key_results, *objective.milestones, *objective.risks]
            for part in parts:
                registry.register(part)
    others: list[Entity] = [*loaded.roles, *loaded.skills, *loaded.programs]
    for other in others:
        registry.register(other)

    # Collected links: appended in playbook order, frozen into tuples at the end.
    role_owns: dict[str, list[Objective]] = defaultdict(list)
    role_contributions: dict[str, list[Contribution]] = defaultdict(list)
    role_milestones: dict[str, list[Milestone]] = defaultdict(list)
    role_risks: dict[str, list[Risk]] = defaultdict(list)
    role_plans: dict[str, list[Plan]] = defaultdict(list)
    role_programs: dict[str, list[ProgramRole]] = defaultdict(list)
    role_reports: dict[str, list[Role]] = defaultdict(list)
    pillar_plans: dict[str, list[Plan]] = defaultdict(list)
    skill_needs: dict[str, list[SkillNeed]] = defaultdict(list)
    skill_objectives: dict[str, list[Objective]] = defaultdict(list)
    skill_developments: dict[str, list[SkillDevelopment]] = defaultdict(list)
    objective_programs: dict[str, list[Program]] = defaultdict(list)
    milestone_dependents: dict[str, list[Milestone]] = defaultdict(list)

    if strategy is not None and strategy.owner_id is not None:
        strategy._owner = registry.resolve(strategy, ("owner",), strategy.owner_id, Role)

    for plan in loaded.plans:
        if strategy is not None:
            plan._pillar = registry.resolve(plan, ("pillar",), plan.pillar_id, Pillar)
            if plan._pillar is not None:
                pillar_plans[plan._pillar.id].append(plan)
        plan._owner = registry.resolve(plan, ("owner",), plan.owner_id, Role)
        if plan._owner is not None:
            role_plans[plan._owner.id].append(plan)
        for objective in plan.objectives:
            objective._plan = plan
            objective._owner = registry.resolve(objective, ("owner",), objective.owner_id, Role)
            if objective._owner is not None:
                role_owns[objective._owner.id].append(objective)
            objective._skills = _objective_skills(registry, objective)
            for skill in objective._skills:
                skill_objectives[skill.id].append(objective)
            for key_result in objective.key_results:
                key_result._objective = objective
                if key_result.owner_id is not None:
                    key_result._owner = registry.resolve(key_result, ("owner",), key_result.owner_id, Role)
                for index, entry in enumerate(key_result.history):
                    if entry.by_id is not None:
                        entry._by = registry.resolve(key_result, ("history", index, "by"), entry.by_id, Role)
            for contribution in objective.contributors:
                contribution._objective = objective
                contribution._role = registry.resolve(contribution, ("role",), contribution.role_id, Role)
                if contribution._role is not None:
                    role_contributions[contribution._role.id].append(contribution)
            for milestone in objective.milestones:
                milestone._objective = objective
                if milestone.owner_id is not None:
                    milestone._owner = registry.resolve(milestone, ("owner",), milestone.owner_id, Role)
                    if milestone._owner is not None:
                        role_milestones[milestone._owner.id].append(milestone)
                milestone._depends_on = registry.resolve_all(
                    milestone, "depends_on", milestone.depends_on_ids, Milestone
                )
                for dependency in milestone._depends_on:
                    milestone_dependents[dependency.id].append(milestone)
            for risk in objective.risks:
                risk._objective = objective
                if risk.owner_id is not None:
                    risk._owner = registry.resolve(risk, ("owner",), risk.owner_id, Role)
                    if risk._owner is not None:
                        role_risks[risk._owner.id].append(risk)
        for adjustment in plan.adjustments:
            adjustment._affects = tuple(
                target
                for index, ref in enumerate(adjustment.affects_ids)
                if (target := _resolve_affected(registry, adjustment, index, ref)) is not None
            )

    for role in loaded.roles:
        if role.reports_to_id is not None:
            role._reports_to = registry.resolve(role, ("reports_to",), role.reports_to_id, Role)
            if role._reports_to is not None:
                role_reports[role._reports_to.id].append(role)
        for need in role.skills:
            need._role = role
            need._skill = registry.resolve(need, ("skill",), need.skill_id, Skill)
            if need._skill is not None:
                skill_needs[need._skill.id].append(need)

    for program in loaded.programs:
        program._audience = registry.resolve_all(program, "audience", program.audience_ids, Role)
        program._coaches = registry.resolve_all(program, "coaches", program.coach_ids, Role)
        program._supports = registry.resolve_all(program, "supports", program.supports_ids, Objective)
        for role in program._audience:
            role_programs[role.id].append(ProgramRole(program, "coachee"))
        for role in program._coaches:
            role_programs[role.id].append(ProgramRole(program, "coach"))
        for objective in program._supports:
            objective_programs[objective.id].append(program)
        for development in program.skills:
            development._program = program
            development._skill = registry.resolve(development, ("skill",), development.skill_id, Skill)
            if development._skill is not None:
                skill_developments[development._skill.id].append(development)
        for pair in program.mentoring:
            pair._mentor = registry.resolve(pair, ("mentor",), pair.mentor_id, Role)
            pair._mentee = registry.resolve(pair, ("mentee",), pair.mentee_id, Role)
            if pair._mentor is not None:
                role_programs[pair._mentor.id].append(ProgramRole(program, "mentor", pair.focus))
            if pair._mentee is not None:
                role_programs[pair._mentee.id].append(ProgramRole(program, "mentee", pair.focus))

    for position, pillar in enumerate(pillars):
        pillar._plans = tuple(pillar_plans[pillar.id])
        pillar._position = position
    for role in loaded.roles:
        role._reports = tuple(role_reports[role.id])
        role._owns = tuple(role_owns[role.id])
        role._contributions = tuple(role_contributions[role.id])
        role._milestones = tuple(role_milestones[role.id])
        role._risks = tuple(role_risks[role.id])
        role._plans = tuple(role_plans[role.id])
        role._programs = tuple(role_programs[role.id])
    for skill in loaded.skills:
        skill._needs = tuple(skill_needs[skill.id])
        skill._objectives = tuple(skill_objectives[skill.id])
        skill._developments = tuple(skill_developments[skill.id])
    for plan in loaded.plans:
        for objective in plan.objectives:
            objective._programs = tuple(objective_programs[objective.id])
    milestones = [m for plan in loaded.plans for o in plan.objectives for m in o.milestones]
    for milestone in milestones:
        milestone._dependents = tuple(milestone_dependents[milestone.id])

    registry.diagnostics.extend(
        _cycles(loaded.roles, lambda r: (r._reports_to,) if r._reports_to else (), _cycle_message("role", "reports_to"))
    )
    registry.diagnostics.extend(_cycles(milestones, lambda m: m._depends_on, _cycle_message("milestone", "depends_on")))

    if strategy is None:
        return None, registry.diagnostics
    effective_as_of = as_of or strategy.as_of or build_date()
    for milestone in milestones:
        milestone._late = milestone.late_on(effective_as_of)
    for plan in loaded.plans:
        for objective in plan.objectives:
            objective._status = objective.status or derive_status(objective, effective_as_of)
    playbook = Playbook(
        root=loaded.root,
        strategy=strategy,
        plans=tuple(loaded.plans),
        roles=tuple(loaded.roles),
        skills=tuple(loaded.skills),
        programs=tuple(loaded.programs),
        as_of=effective_as_of,
        by_id=dict(registry.entities),
    )
    return playbook, registry.diagnostics


def _resolve_affected(
    registry: _Registry, adjustment: Node, index: int, ref: str
) -> Objective | KeyResult | Milestone | None:
    target = registry.entities.get(ref)
    if isinstance(target, Objective | KeyResult | Milestone):
        return target
    if target is None and (ref in registry.unvalidated or registry.incomplete):
        return None
    location: Location = adjustment.loc("affects", index)
    if target is not None:
        message = (
            f"`{ref}` is {article(kind_name(target))} {kind_name(target)}: `affects` names objectives, "
            "key results or milestones"
        )
    else:
        candidates = [i for i, e in registry.entities.items() if isinstance(e, Objective | KeyResult | Milestone)]
        matches = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
        hint = f"; did you mean `{matches[0]}`?" if matches else ": fix the id or remove it"
        message = f"unknown objective, key result or milestone `{ref}`{hint}"
    registry.diagnostics.append(Diagnostic(location, Severity.ERROR, message, code="refs.unknown"))
    return None
