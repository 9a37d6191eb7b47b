"""The value nodes of the model: small mappings with no links, such as periods, measurements and sessions.

They hold values only, so the entities that link to each other import them and never the reverse.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from generator.model.fields import IsoDate, Node, Number, Text, desc
from generator.model.vocabulary import ResourceKind, SessionFormat


class Period(Node):
    """A time span; ``start <= end`` is checked with the cross-file rules."""

    start: IsoDate = desc("First day of the period (ISO date).")
    end: IsoDate = desc("Last day of the period (ISO date), not before `start`.")

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


class Resource(Node):
    """Resources allocated to an objective."""

    kind: Annotated[ResourceKind, Field(strict=False)] = desc("What kind of resource.")
    name: Text = desc("What it is (plain text).")
    amount: Number | None = desc("How much.", default=None)
    unit: Text | None = desc("Unit of the amount, e.g. `EUR`, `FTE`, `hours`.", default=None)


class Cadence(Node):
    """The rhythm of regular feedback, mentorship and check-ins."""

    feedback: Text | None = desc("How often and how feedback is given.", default=None)
    mentorship: Text | None = desc("How often mentors and mentees meet.", default=None)
    check_in: Text | None = desc("How often progress is checked in on.", default=None)


class Session(Node):
    """One session of a coaching guide."""

    title: Text = desc("Name of the session (plain text).")
    week: Annotated[int, Field(ge=1)] | None = desc("Week of the program, from 1.", default=None)
    date: IsoDate | None = desc("Date of the session, instead of a week.", default=None)
    duration: Annotated[int, Field(ge=1)] | None = desc("Length in minutes.", default=None)
    format: Annotated[SessionFormat, Field(strict=False)] | None = desc("How the session is held.", default=None)
    goals: tuple[Text, ...] = desc("What the session should achieve.", default=())
    agenda: tuple[Text, ...] = desc("Steps of the session, in order.", default=())
    questions: tuple[Text, ...] = desc("Questions the coach asks.", default=())
    exercises: tuple[Text, ...] = desc("Exercises for the coachees.", default=())


class Measure(Node):
    """How a program's success is judged."""

    title: Text = desc("What is measured (plain text).")
    target: Text | None = desc("The value aimed at (plain text).", default=None)
