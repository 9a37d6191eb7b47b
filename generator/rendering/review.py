"""View helpers of the review cycle: pace and check-in lines, the check-in log, next reviews, change marks.

The figures come from :mod:`generator.analysis.pace` and the wording from
:func:`generator.analysis.pace.describe`, with the one number formatter, so a
page, the CSV and `stratbook changes` say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.acceptance import Accepting, live_acceptance
from generator.analysis.alignment import Gap
from generator.analysis.changes import Change
from generator.analysis.pace import describe, of_key_result
from generator.exceptions import Accepted
from generator.model import KeyResult, Measurement, Objective, Plan, Playbook
from generator.numbers import amount, format_number
from generator.rendering.pictures.progress import key_result_state
from generator.rendering.text import literal

SEPARATOR = " · "


def value_with_unit(value: float, unit: str | None) -> str:
    """A value and its unit as plain text (`26 carriers`, `99.7 %`)."""
    return amount(format_number(value), unit)


def pace_text(key_result: KeyResult, today: dt.date) -> str:
    """ "4 carriers behind pace; forecast 52 of 60 by 2027-12-31", or "" when the key result is not paced."""
    figures = of_key_result(key_result, today)
    return "" if figures is None else describe(figures, format_number, key_result.unit)


def state_text(key_result: KeyResult) -> str:
    """Met or not for a threshold or binary key result; "" for a measure."""
    return "" if key_result.is_measure else key_result_state(key_result)


def check_in_text(key_result: KeyResult, entry: Measurement) -> str:
    """A check-in in one line: value, confidence, note and who (the date is written by the caller)."""
    parts = [value_with_unit(entry.value, key_result.unit)]
    if entry.confidence is not None:
        parts.append(f"confidence {entry.confidence.value}")
    if entry.note:
        parts.append(entry.note)
    if entry.by is not None:
        parts.append(entry.by.title)
    return SEPARATOR.join(parts)


def latest_check_in(key_result: KeyResult) -> Markup:
    """The key-result line's latest check-in: ``Latest check-in 2026-07-02: 26 carriers · confidence low · ...``."""
    entry = key_result.latest_check_in
    if entry is None:
        return Markup("")
    return Markup(
        f'<span class="sb-check-in">Latest check-in {entry.date.isoformat()}: '
        f"{literal(check_in_text(key_result, entry))}</span>"
    )


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One row of an objective's check-in log."""

    key_result: KeyResult
    entry: Measurement


def check_ins_of(objective: Objective) -> list[CheckIn]:
    """Every check-in of the objective's key results, newest first (key-result order within a day)."""
    rows = [
        (entry.date, index, CheckIn(kr, entry))
        for index, kr in enumerate(objective.key_results)
        for entry in kr.history
    ]
    rows.sort(key=lambda row: (-row[0].toordinal(), row[1]))
    return [row[2] for row in rows]


@dataclass(frozen=True, slots=True)
class NextReview:
    """A plan's next review date and whether it has passed."""

    plan: Plan
    date: dt.date
    past_due: bool


def next_review(plan: Plan, today: dt.date) -> NextReview | None:
    if plan.review is None:
        return None
    return NextReview(plan, plan.review.next, plan.review_overdue(today))


def next_reviews(plans: Iterable[Plan], today: dt.date) -> list[NextReview]:
    """The next review of every plan that declares one, soonest first."""
    found = [review for plan in plans if (review := next_review(plan, today)) is not None]
    return sorted(found, key=lambda review: review.date)


def change_mark(marks: dict[str, str], entity_id: str) -> Markup:
    """The `new` or `moved` mark of an entity changed since the compared revision; "" otherwise."""
    mark = marks.get(entity_id)
    if mark is None:
        return Markup("")
    return Markup(f' <span class="sb-mark sb-mark-{mark}">{mark}</span>')


def change_words(change: Change) -> Markup:
    """What happened to a changed entity, after its kind and id (which the page writes itself)."""
    return literal(change.text()[len(change.subject) + 1 :])


def accepted_gap(playbook: Playbook, gap: Gap) -> Markup:
    """A mark on an alignment gap whose warning is accepted: it still counts, but someone decided to live with it."""
    entity = playbook.by_id.get(gap.id)
    if not gap.code or not isinstance(entity, Accepting):
        return Markup("")
    acceptance = live_acceptance(entity, gap.code, playbook.as_of)
    if acceptance is None:
        return Markup("")
    note = Accepted(acceptance.reason, acceptance.until).note  # worded as the checker words it
    return Markup(f' <span class="sb-accepted">{literal(note)}</span>')
