"""The time axis of the roadmap: a scale, ticks and labels that never overlap (geometry only, no markup)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from generator.rendering.pictures.svg import FONT_SIZE, LABEL_GAP, MIN_FONT_SIZE, text_width


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Maps days onto x: a day occupies [x(day), x(day + 1)); ``end`` is inclusive."""

    start: dt.date
    end: dt.date
    x0: float
    width: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def x(self, day: dt.date) -> float:
        """The left edge of ``day``."""
        return self.x0 + (day - self.start).days * self.width / self.days

    def x_end(self, day: dt.date) -> float:
        """The right edge of ``day`` (the end of an inclusive period)."""
        return self.x(day + dt.timedelta(days=1))

    @property
    def right(self) -> float:
        return self.x0 + self.width


AxisRow = Literal["year", "quarter", "month"]


@dataclass(frozen=True, slots=True)
class Tick:
    """A boundary line: the first day of a year, quarter or month inside the scale."""

    kind: AxisRow
    date: dt.date
    x: float


@dataclass(frozen=True, slots=True)
class AxisLabel:
    """A label of one axis row, with its estimated horizontal extent."""

    row: AxisRow
    text: str
    x: float
    anchor: Literal["start", "middle"]
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class TimeAxis:
    scale: TimeScale
    ticks: tuple[Tick, ...]
    labels: tuple[AxisLabel, ...]
    rows: tuple[AxisRow, ...]
    """The label rows that hold at least one label, top to bottom."""
    font_size: int


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _boundaries(start: dt.date, end: dt.date, months: int) -> list[dt.date]:
    """First days of every ``months``-long calendar unit overlapping [start, end], plus the next one."""
    first = dt.date(start.year, (start.month - 1) // months * months + 1, 1)
    days = [first]
    while days[-1] <= end:
        days.append(_add_months(days[-1], months))
    return days


def _segment_labels(
    scale: TimeScale, row: AxisRow, months: int, name: Callable[[dt.date], str], font_size: int
) -> list[AxisLabel]:
    """Labels centred on the visible part of each calendar unit, kept only where they fit inside it."""
    labels: list[AxisLabel] = []
    bounds = _boundaries(scale.start, scale.end, months)
    for first, following in itertools.pairwise(bounds):
        left = scale.x(max(first, scale.start))
        right = scale.x(min(following, scale.end + dt.timedelta(days=1)))
        text = name(first)
        width = text_width(text, font_size)
        if right - left >= width + LABEL_GAP:
            centre = (left + right) / 2
            labels.append(AxisLabel(row, text, centre, "middle", centre - width / 2, centre + width / 2))
    return labels


def time_axis(start: dt.date, end: dt.date, width: float, *, x0: float = 0.0, font_size: int = FONT_SIZE) -> TimeAxis:
    """Year, quarter and month ticks over [start, end] and labels that never overlap.

    Years are labelled in the middle of each year while a year is wide
    enough, otherwise every 2nd, 5th, 10th... year at its tick.  Quarters
    are labelled Q1-Q4 when they fit and left unlabelled otherwise; months
    are labelled only when the span is short enough.  Partial units at the
    edges are labelled only when their label fits inside them.
    """
    if end < start:
        raise ValueError(f"the time axis ends ({end}) before it starts ({start})")
    assert font_size >= MIN_FONT_SIZE
    scale = TimeScale(start, end, x0, width)
    day_width = width / scale.days

    ticks: list[Tick] = []
    ticked: set[dt.date] = set()  # a set, not a scan of the ticks: a horizon of centuries has thousands
    month_width = day_width * 30.44
    for kind, months, visible in (("year", 12, True), ("quarter", 3, True), ("month", 1, month_width >= 6)):
        if not visible:
            continue
        for first in _boundaries(start, end, months):
            if start <= first <= end + dt.timedelta(days=1) and first not in ticked:
                ticked.add(first)
                ticks.append(Tick(kind, first, scale.x(first)))  # type: ignore[arg-type]
    ticks.sort(key=lambda t: (t.date, t.kind))

    labels: list[AxisLabel] = []
    year_width = day_width * 365.25
    year_text = text_width("2026", font_size) + LABEL_GAP
    if year_width >= year_text:
        labels += _segment_labels(scale, "year", 12, lambda d: str(d.year), font_size)
    else:
        step = next((s for s in _YEAR_STEPS if s * year_width >= year_text + 3), _YEAR_STEPS[-1])
        for first in _boundaries(start, end, 12):
            if start <= first <= end and first.year % step == 0:
                x = scale.x(first)
                text = str(first.year)
                labels.append(AxisLabel("year", text, x + 3, "start", x + 3, x + 3 + text_width(text, font_size)))
    if day_width * 91.31 >= text_width("Q1", font_size) + LABEL_GAP:
        labels += _segment_labels(scale, "quarter", 3, lambda d: f"Q{(d.month - 1) // 3 + 1}", font_size)
    if month_width >= text_width("Mmm", font_size) + LABEL_GAP:
        labels += _segment_labels(scale, "month", 1, lambda d: _MONTHS[d.month - 1], font_size)

    kept = _without_overlaps(labels, x0, x0 + width)
    rows = tuple(r for r in ("year", "quarter", "month") if any(label.row == r for label in kept))
    return TimeAxis(scale, tuple(ticks), tuple(kept), rows, font_size)  # type: ignore[arg-type]


def _without_overlaps(labels: list[AxisLabel], left: float, right: float) -> list[AxisLabel]:
    """Drop labels outside [left, right] or closer than LABEL_GAP to a kept one of the same row."""
    kept: list[AxisLabel] = []
    last_right: dict[str, float] = {}
    for label in sorted(labels, key=lambda item: (("year", "quarter", "month").index(item.row), item.left)):
        if label.left < left or label.right > right:
            continue
        if label.left < last_right.get(label.row, -math.inf) + LABEL_GAP:
            continue
        kept.append(label)
        last_right[label.row] = label.right
    return kept
