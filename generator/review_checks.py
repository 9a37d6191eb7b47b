"""The review cycle's rules: key-result kinds, check-in dates and intervals, review dates.

Errors are the fields a kind of key result needs or cannot have; warnings are
the passing of time (a check-in or a review overdue) and dates that cannot be
right (a check-in after `as_of` or before the key result starts).  Each
warning names its subject, so that it can be accepted.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.exceptions import Diagnostic, Severity, article
from generator.model import (
    CheckInInterval,
    KeyResult,
    KeyResultKind,
    ObjectiveStatus,
    PlanStatus,
    Playbook,
)

_ONLY_FOR: dict[str, tuple[KeyResultKind, ...]] = {
    "baseline": (KeyResultKind.MEASURE, KeyResultKind.THRESHOLD),
    "target": (KeyResultKind.MEASURE, KeyResultKind.THRESHOLD),
    "current": (KeyResultKind.MEASURE, KeyResultKind.THRESHOLD),
    "direction": (KeyResultKind.THRESHOLD,),
    "achieved": (KeyResultKind.BINARY,),
}
"""The fields only some kinds of key result have."""

_WHY = {
    KeyResultKind.MEASURE: "it climbs or falls from `baseline` to `target`",
    KeyResultKind.THRESHOLD: "it holds `current` at or beyond `target`",
    KeyResultKind.BINARY: "it is done or not, with `achieved`",
}


def _kind_errors(key_result: KeyResult) -> Iterator[Diagnostic]:
    kind = key_result.kind
    for name, kinds in _ONLY_FOR.items():
        if kind not in kinds and getattr(key_result, name) is not None:
            yield Diagnostic(
                key_result.loc(name),
                Severity.ERROR,
                f"`{name}` does not apply to {article(kind.value)} {kind.value} key result "
                f"({_WHY[kind]}): remove it, or change `kind`",
                code="values.kind",
            )
    if kind is KeyResultKind.MEASURE:
        for name in ("baseline", "target"):
            if getattr(key_result, name) is None:
                yield Diagnostic(
                    key_result.loc("id"),
                    Severity.ERROR,
                    f"key result `{key_result.id}` measures a climb from a baseline to a target, so it needs "
                    f"`{name}`: add it, or set `kind: threshold` (a line to hold) or `kind: binary` (done or not)",
                    code="values.kind",
                )
    elif kind is KeyResultKind.THRESHOLD and key_result.target is None:
        yield Diagnostic(
            key_result.loc("id"),
            Severity.ERROR,
            f"threshold key result `{key_result.id}` needs `target`, the line to hold: add it",
            code="values.kind",
        )


def errors(playbook: Playbook) -> Iterator[Diagnostic]:
    """Fields that a key result's kind needs or does not have."""
    for key_result in playbook.key_results:
        yield from _kind_errors(key_result)


def check_in_interval(playbook: Playbook, key_result: KeyResult) -> CheckInInterval:
    """The interval a key result is checked in on: its plan's, else the playbook's, else monthly."""
    return key_result.objective.plan.check_in or playbook.strategy.check_in or CheckInInterval.MONTHLY


def _check_in_warnings(playbook: Playbook, key_result: KeyResult) -> Iterator[Diagnostic]:
    as_of = playbook.as_of
    objective = key_result.objective
    start = objective.effective_period.start
    for index, entry in enumerate(key_result.history):
        if entry.date > as_of:
            yield Diagnostic(
                key_result.loc("history", index, "date"),
                Severity.WARNING,
                f"the check-in of key result `{key_result.id}` on {entry.date} is after {as_of}, the date the "
                "playbook is judged as of: fix the date, or move `as_of`",
                code="check-in-future",
                subject=key_result.id,
            )
        elif entry.date < start:
            yield Diagnostic(
                key_result.loc("history", index, "date"),
                Severity.WARNING,
                f"the check-in of key result `{key_result.id}` on {entry.date} is before it starts ({start}, the "
                f"start of objective `{objective.id}`): fix the date, or make the value the `baseline`",
                code="check-in-before-start",
                subject=key_result.id,
            )
    latest = key_result.latest_check_in
    if latest is None or objective.plan.status is not PlanStatus.ACTIVE:
        return
    if objective.effective_status is ObjectiveStatus.DONE or key_result.is_met:
        return
    if as_of > (key_result.due or objective.effective_period.end):
        return
    interval = check_in_interval(playbook, key_result)
    if latest.date < interval.before(as_of):
        yield Diagnostic(
            key_result.loc("id"),
            Severity.WARNING,
            f"key result `{key_result.id}` was last checked in on {latest.date}, more than {interval.span} before "
            f"{as_of} (check-ins are {interval.value}): record a value with "
            f"`stratbook update kr {key_result.id} --current VALUE`, or change `check_in`",
            code="check-in-overdue",
            subject=key_result.id,
        )


def warnings(playbook: Playbook) -> Iterator[Diagnostic]:
    """Check-ins and reviews judged against `as_of`."""
    as_of = playbook.as_of
    for plan in playbook.plans:
        review = plan.review
        if review is not None:
            if review.last > as_of:
                yield Diagnostic(
                    plan.loc("review", "last"),
                    Severity.WARNING,
                    f"plan `{plan.id}` was last reviewed on {review.last}, after {as_of}, the date the playbook is "
                    "judged as of: fix `review.last`",
                    code="review-in-future",
                    subject=plan.id,
                )
            elif plan.review_overdue(as_of):
                yield Diagnostic(
                    plan.loc("review", "last"),
                    Severity.WARNING,
                    f"plan `{plan.id}` was last reviewed on {review.last} and is reviewed {review.every.value}: "
                    f"the next review was due {review.next}; hold it and set `review.last` to its date",
                    code="review-overdue",
                    subject=plan.id,
                )
    for key_result in playbook.key_results:
        yield from _check_in_warnings(playbook, key_result)
