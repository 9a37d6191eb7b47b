"""Accepted warnings: the stable warning codes, and the `accept` entries that hold a warning off for a while.

Every warning names the entity it is about (its ``subject``).  An entity's
`accept: [{warning, reason, until}]` turns a matching warning into an
accepted one until `until` has passed; then it is an ordinary warning again,
noting that the acceptance ran out.  An acceptance with an unknown code, or on
an entity a warning with that code is never about, is an error; one that
matches no warning is itself a warning.  The codes and what each is about are
listed here once, for the checker, the reference and the alignment page.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from generator.exceptions import Accepted, Diagnostic, Severity
from generator.model import (
    Acceptance,
    KeyResult,
    Milestone,
    Objective,
    Plan,
    Playbook,
    Program,
    Risk,
    Role,
    Skill,
)

Accepting = Plan | Objective | KeyResult | Milestone | Risk | Role | Skill | Program


@dataclass(frozen=True, slots=True)
class WarningCode:
    """One stable warning code: what kind of entity it is about and what it means."""

    code: str
    about: type[Accepting]
    summary: str

    @property
    def about_name(self) -> str:
        return ABOUT_NAMES[self.about][0]

    @property
    def about_plural(self) -> str:
        return ABOUT_NAMES[self.about][1]


ABOUT_NAMES: dict[type[Accepting], tuple[str, str]] = {
    Plan: ("plan", "plans"),
    Objective: ("objective", "objectives"),
    KeyResult: ("key result", "key results"),
    Milestone: ("milestone", "milestones"),
    Risk: ("risk", "risks"),
    Role: ("role", "roles"),
    Skill: ("skill", "skills"),
    Program: ("coaching program", "coaching programs"),
}

UNUSED = "acceptance-unused"

CODES: dict[str, WarningCode] = {
    code.code: code
    for code in (
        WarningCode("plan-outside-horizon", Plan, "The plan's period runs outside the strategy's horizon."),
        WarningCode("review-overdue", Plan, "The plan's next review (`review.last` plus `review.every`) has passed."),
        WarningCode("review-in-future", Plan, "The plan's `review.last` is after `as_of`."),
        WarningCode("objective-outside-plan", Objective, "The objective's period runs outside its plan's period."),
        WarningCode("objective-no-key-results", Objective, "The objective has no key results."),
        WarningCode("objective-no-contributors", Objective, "The objective has no contributors."),
        WarningCode("key-result-no-current", KeyResult, "The key result has no `current` value."),
        WarningCode(
            "check-in-overdue",
            KeyResult,
            "The key result's latest check-in is older than the plan's check-in interval (`check_in`).",
        ),
        WarningCode("check-in-future", KeyResult, "A check-in of the key result is dated after `as_of`."),
        WarningCode("check-in-before-start", KeyResult, "A check-in is dated before the key result's period starts."),
        WarningCode("milestone-late", Milestone, "The milestone was due before `as_of` and is not done or cancelled."),
        WarningCode("milestone-outside-objective", Milestone, "The milestone is due outside its objective's period."),
        WarningCode("milestone-before-dependency", Milestone, "The milestone is due before a milestone it depends on."),
        WarningCode("risk-unmitigated", Risk, "An open risk scoring 15 or more has no mitigation."),
        WarningCode("role-unaligned", Role, "The role owns or contributes to no objective."),
        WarningCode("program-unaligned", Program, "The coaching program supports no objective."),
        WarningCode("skill-gap", Skill, "A skill that an objective or role needs is developed by no coaching program."),
    )
}
"""Every warning code that an `accept` entry may name, in the order the reference lists them."""

ALL_CODES = (*CODES, UNUSED)
"""Every warning code the checker prints (an unused acceptance cannot itself be accepted)."""


def accepting_entities(playbook: Playbook) -> Iterator[Accepting]:
    """Every entity that may carry `accept`, in playbook order."""
    yield from playbook.plans
    yield from playbook.objectives
    yield from playbook.key_results
    yield from playbook.milestones
    yield from playbook.risks
    yield from playbook.roles
    yield from playbook.skills
    yield from playbook.programs


def live_acceptance(entity: Accepting, code: str, as_of: dt.date) -> Acceptance | None:
    """The acceptance of ``code`` on ``entity`` that still holds on ``as_of``, if any."""
    for acceptance in entity.accept:
        if acceptance.warning == code and acceptance.until >= as_of:
            return acceptance
    return None


def errors(playbook: Playbook) -> Iterator[Diagnostic]:
    """Acceptances naming an unknown code, or a code that is never about this kind of entity."""
    for entity in accepting_entities(playbook):
        for index, acceptance in enumerate(entity.accept):
            where = entity.loc("accept", index, "warning")
            known = CODES.get(acceptance.warning)
            if known is None:
                if acceptance.warning == UNUSED:
                    message = f"`{UNUSED}` cannot be accepted: remove the acceptance that matches no warning instead"
                else:
                    matches = difflib.get_close_matches(acceptance.warning, list(CODES), n=1, cutoff=0.6)
                    message = f"unknown warning code `{acceptance.warning}`" + (
                        f"; did you mean `{matches[0]}`?"
                        if matches
                        else ": use a code that `stratbook check` prints (the reference lists them all)"
                    )
                yield Diagnostic(where, Severity.ERROR, message, code="accept.code")
            elif not isinstance(entity, known.about):
                here = ABOUT_NAMES[type(entity)][1]
                yield Diagnostic(
                    where,
                    Severity.ERROR,
                    f"`{known.code}` is a warning about {known.about_plural}, not {here}: move this acceptance "
                    f"to the {known.about_name} it is about",
                    code="accept.entity",
                )


def apply(playbook: Playbook, warnings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The warnings with acceptances applied, plus a warning for each acceptance that matches none."""
    as_of = playbook.as_of
    used: set[tuple[str, int]] = set()
    result: list[Diagnostic] = []
    for warning in warnings:
        entity = playbook.by_id.get(warning.subject) if warning.subject else None
        if not isinstance(entity, Accepting) or warning.code not in CODES:
            result.append(warning)
            continue
        chosen: tuple[int, Acceptance] | None = None
        for index, acceptance in enumerate(entity.accept):
            if acceptance.warning != warning.code:
                continue
            # A live acceptance wins over an expired one; otherwise the first one written.
            if chosen is None or (chosen[1].until < as_of <= acceptance.until):
                chosen = (index, acceptance)
        if chosen is None:
            result.append(warning)
            continue
        index, acceptance = chosen
        used.add((entity.id, index))
        accepted = Accepted(acceptance.reason, acceptance.until, expired=acceptance.until < as_of)
        result.append(replace(warning, accepted=accepted))
    for entity in accepting_entities(playbook):
        for index, acceptance in enumerate(entity.accept):
            known = CODES.get(acceptance.warning)
            if known is None or not isinstance(entity, known.about) or (entity.id, index) in used:
                continue
            name = ABOUT_NAMES[type(entity)][0]
            result.append(
                Diagnostic(
                    entity.loc("accept", index),
                    Severity.WARNING,
                    f"{name} `{entity.id}` has no `{acceptance.warning}` warning to accept: remove this acceptance",
                    code=UNUSED,
                    subject=entity.id,
                )
            )
    return result
