"""Rules over the whole linked playbook: date and value errors, and the warnings.

The warnings are the content model's list: they do not stop a build unless
it is strict, but each names the node to fix and says what to do.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import rules
from generator.exceptions import Diagnostic, Severity, article
from generator.model import (
    Node,
    Period,
    Playbook,
    Raci,
    RiskStatus,
)

HIGH_RISK_SCORE = 15


def _error(node: Node, key: tuple[str | int, ...], message: str, code: str) -> Diagnostic:
    return Diagnostic(node.loc(*key), Severity.ERROR, message, code=code)


def _warning(node: Node, key: tuple[str | int, ...], message: str, code: str) -> Diagnostic:
    return Diagnostic(node.loc(*key), Severity.WARNING, message, code=code, subject=getattr(node, "id", ""))


def _found(*findings: rules.Finding | None) -> Iterator[Diagnostic]:
    """The shared findings (:mod:`generator.rules`) that hold, as warnings with their codes."""
    for finding in findings:
        if finding is not None:
            subject = getattr(finding.node, "id", "")
            yield Diagnostic(finding.location, Severity.WARNING, finding.text, code=finding.code, subject=subject)


def _periods(playbook: Playbook) -> Iterator[Period]:
    yield playbook.strategy.horizon
    for plan in playbook.plans:
        yield plan.period
        for objective in plan.objectives:
            if objective.period is not None:
                yield objective.period
    for program in playbook.programs:
        if program.period is not None:
            yield program.period


RESERVED_IDS = ("index",)
"""Ids an entity with a page of its own may not take: its page would be its section's index page."""


def errors(playbook: Playbook) -> Iterator[Diagnostic]:
    """Errors that need the values of several fields together."""
    paged: tuple[tuple[str, tuple[Node, ...]], ...] = (
        ("pillar", tuple(playbook.pillars)),  # at scale, pillars get pages of their own too
        ("plan", tuple(playbook.plans)),
        ("objective", tuple(playbook.objectives)),
        ("role", tuple(playbook.roles)),
        ("coaching program", tuple(playbook.programs)),
        ("skill", tuple(playbook.skills)),
    )
    for kind, nodes in paged:
        for node in nodes:
            ident = getattr(node, "id", None)
            if ident in RESERVED_IDS:
                yield _error(
                    node,
                    ("id",),
                    f"{article(kind)} {kind} cannot have the id `{ident}`, the name of a section's index page: "
                    "choose another id",
                    "ids.reserved",
                )
    for period in _periods(playbook):
        if period.start > period.end:
            yield _error(
                period,
                ("end",),
                f"the period ends ({period.end}) before it starts ({period.start}): fix `start` or `end`",
                "dates.period",
            )
    for objective in playbook.objectives:
        for key_result in objective.key_results:
            if key_result.is_measure and key_result.target is not None and key_result.target == key_result.baseline:
                yield _error(
                    key_result,
                    ("target",),
                    f"key result `{key_result.id}` has its target equal to its baseline ({key_result.target}), "
                    "so progress cannot be measured: set the target you aim for",
                    "values.target",
                )
        seen_roles: set[str] = set()
        for _index, contribution in enumerate(objective.contributors):
            if contribution.role_id in seen_roles:
                yield _error(
                    contribution,
                    ("role",),
                    f"role `{contribution.role_id}` is listed twice among the contributors of `{objective.id}`: "
                    "merge the two entries",
                    "raci.duplicate",
                )
            seen_roles.add(contribution.role_id)
            if contribution.raci is Raci.ACCOUNTABLE and contribution.role_id != objective.owner_id:
                yield _error(
                    contribution,
                    ("raci",),
                    f"objective `{objective.id}` has two accountable roles: its owner `{objective.owner_id}` "
                    f"and `{contribution.role_id}`; an objective has exactly one, so give "
                    f"`{contribution.role_id}` R, C or I, or make it the owner",
                    "raci.accountable",
                )
    for program in playbook.programs:
        for development in program.skills:
            if development.from_level >= development.to_level:
                yield _error(
                    development,
                    ("to",),
                    f"program `{program.id}` develops `{development.skill_id}` from level {development.from_level} "
                    f"to {development.to_level}: `to` must be above `from`",
                    "values.levels",
                )


def warnings(playbook: Playbook) -> Iterator[Diagnostic]:
    """The content model's warnings, in playbook order (sorted later)."""
    as_of = playbook.as_of
    horizon = playbook.strategy.horizon
    for plan in playbook.plans:
        if not horizon.covers(plan.period):
            yield _warning(
                plan,
                ("period",),
                f"plan `{plan.id}` runs {plan.period.start} to {plan.period.end}, outside the strategy's horizon "
                f"({horizon.start} to {horizon.end}): move the period inside it or widen the horizon",
                "plan-outside-horizon",
            )
        for objective in plan.objectives:
            period = objective.effective_period
            if objective.period is not None and not plan.period.covers(objective.period):
                yield _warning(
                    objective,
                    ("period",),
                    f"objective `{objective.id}` runs outside its plan's period "
                    f"({plan.period.start} to {plan.period.end}): move it inside or change the plan's period",
                    "objective-outside-plan",
                )
            yield from _found(rules.no_key_results(objective), rules.no_contributors(objective))
            yield from _found(*(rules.no_current(key_result) for key_result in objective.key_results))
            for milestone in objective.milestones:
                yield from _found(rules.late(milestone, as_of))
                if not period.contains(milestone.due):
                    yield _warning(
                        milestone,
                        ("due",),
                        f"milestone `{milestone.id}` is due {milestone.due}, outside its objective's period "
                        f"({period.start} to {period.end}): move the date or the period",
                        "milestone-outside-objective",
                    )
                for dependency in milestone.depends_on:
                    if milestone.due < dependency.due:
                        yield _warning(
                            milestone,
                            ("depends_on", milestone.depends_on_ids.index(dependency.id)),
                            f"milestone `{milestone.id}` is due {milestone.due}, before `{dependency.id}` "
                            f"({dependency.due}) that it depends on: reorder the dates or the dependency",
                            "milestone-before-dependency",
                        )
            for risk in objective.risks:
                if risk.status is RiskStatus.OPEN and risk.score >= HIGH_RISK_SCORE and not risk.mitigation:
                    yield _warning(
                        risk,
                        ("id",),
                        f"open risk `{risk.id}` scores {risk.score} (likelihood {risk.likelihood} x impact "
                        f"{risk.impact}) and has no mitigation: say how it is handled in `mitigation`",
                        "risk-unmitigated",
                    )
    yield from _found(*(rules.role_moves_nothing(role) for role in playbook.roles))
    yield from _found(*(rules.program_supports_nothing(program) for program in playbook.programs))
    yield from _found(*(rules.skill_gap(skill) for skill in playbook.skills))
