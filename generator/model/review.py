"""The review cycle's parts of the model: check-ins, review dates and accepted warnings.

Kept apart from :mod:`.entities` so that the entity classes stay readable;
the entities hold these as fields.  Intervals are calendar arithmetic: a
month after January 31 is the last day of February.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated, ClassVar, Protocol

from pydantic import Field, PrivateAttr

from generator.model.fields import IsoDate, Link, Node, Number, Ref, Text, desc
from generator.model.vocabulary import Confidence, Direction, KeyResultKind


class Person(Protocol):
    """What a check-in needs of the role that made it (a Role once linked; named here without a cycle)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


class CheckInInterval(enum.StrEnum):
    """How often key results are checked in on."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def span(self) -> str:
        """The interval as a phrase: `a week`, `a month`, `a quarter`."""
        return {"weekly": "a week", "monthly": "a month", "quarterly": "a quarter"}[self.value]

    def before(self, day: dt.date) -> dt.date:
        """The day one interval before ``day``."""
        if self is CheckInInterval.WEEKLY:
            return day - dt.timedelta(days=7)
        return add_months(day, -1 if self is CheckInInterval.MONTHLY else -3)


class ReviewInterval(enum.StrEnum):
    """How often a plan is reviewed."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}[self.value]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, kept inside the target month (Jan 31 + 1 = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


class Measurement(Node):
    """One check-in of a key result: the measured value, and optionally a note, a confidence and who."""

    date: IsoDate = desc("When the value was measured.")
    value: Number = desc("The measured value.")
    note: Text | None = desc("What happened since the last check-in (plain text).", default=None)
    confidence: Annotated[Confidence, Field(strict=False)] | None = desc(
        "How sure the team is of reaching the target: `high`, `medium` or `low`.", default=None
    )
    by_id: Ref | None = desc("The role that checked in.", default=None, alias="by")

    _by: Person | None = PrivateAttr(default=None)

    by: ClassVar[Link[Person | None]] = Link("_by", "The role that checked in.")


class Review(Node):
    """When a plan is reviewed: how often, and when it last was."""

    every: Annotated[ReviewInterval, Field(strict=False)] = desc(
        "How often the plan is reviewed: `monthly`, `quarterly`, `half-yearly` or `yearly`."
    )
    last: IsoDate = desc("The date of the last review.")

    @property
    def next(self) -> dt.date:
        """The date the next review is due."""
        return add_months(self.last, self.every.months)


class Acceptance(Node):
    """A warning accepted for a while, with the reason and the date it runs out."""

    warning: Text = desc("The code of the accepted warning, as `stratbook check` prints it (e.g. `milestone-late`).")
    reason: Text = desc("Why the warning is accepted (plain text).")
    until: IsoDate = desc("The last day the acceptance holds; after it the warning counts again.")


class KeyResultValues:
    """What a key result's values mean, for each kind: met or not, progress, the latest check-in.

    Mixed into :class:`~generator.model.entities.KeyResult`, which holds the fields.
    """

    if TYPE_CHECKING:
        kind: KeyResultKind
        baseline: float | None
        target: float | None
        direction: Direction | None
        achieved: bool | None
        current: float | None
        history: tuple[Measurement, ...]

    @property
    def is_measure(self) -> bool:
        return self.kind is KeyResultKind.MEASURE

    @property
    def is_threshold(self) -> bool:
        return self.kind is KeyResultKind.THRESHOLD

    @property
    def is_binary(self) -> bool:
        return self.kind is KeyResultKind.BINARY

    @property
    def holds_at_most(self) -> bool:
        return self.direction is Direction.AT_MOST

    @property
    def is_met(self) -> bool | None:
        """Reached: a measure at or past its target, a threshold on the right side, a binary one achieved."""
        if self.is_binary:
            return bool(self.achieved)
        if self.is_threshold:
            if self.current is None or self.target is None:
                return None
            return self.current <= self.target if self.holds_at_most else self.current >= self.target
        progress = self.progress
        return None if progress is None else progress >= 1

    @property
    def progress(self) -> float | None:
        """Unclamped share of the way from baseline to target (1 or 0 for met or not); None without a value."""
        if self.is_binary:
            return 1.0 if self.achieved else 0.0
        if self.is_threshold:
            met = self.is_met
            return None if met is None else float(met)
        if self.current is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return (self.current - self.baseline) / (self.target - self.baseline)

    @property
    def progress_clamped(self) -> float | None:
        progress = self.progress
        return None if progress is None else min(1.0, max(0.0, progress))

    @property
    def is_reduction(self) -> bool:
        return self.is_measure and self.baseline is not None and self.target is not None and self.target < self.baseline

    @property
    def check_ins(self) -> tuple[Measurement, ...]:
        """The history by date, oldest first (entries of one day in the order written)."""
        return tuple(sorted(self.history, key=lambda entry: entry.date))

    @property
    def latest_check_in(self) -> Measurement | None:
        entries = self.check_ins
        return entries[-1] if entries else None
