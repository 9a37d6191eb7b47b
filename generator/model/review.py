"""The review cycle's parts of the model: check-ins, review dates and accepted warnings.

Kept apart from :mod:`.entities` so that the entity classes stay readable;
the entities hold these as fields.  Intervals are calendar arithmetic: a
month after January 31 is the last day of February.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from typing import Annotated, ClassVar, Protocol

from pydantic import Field, PrivateAttr

from generator.model.fields import IsoDate, Link, Node, Number, Ref, Text, desc

class Person(Protocol):
    """What a check-in needs of the role that made it (a Role once linked; named here without a cycle)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


class Confidence(enum.StrEnum):
    """How sure the person checking in is that the key result will be reached."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


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
