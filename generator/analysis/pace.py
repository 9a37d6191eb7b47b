"""Pace and forecast of a key result: pure arithmetic on dates and numbers.

A key result that climbs (or falls) from a baseline to a target between a
start and a due date is *on pace* when its latest value is where a steady
pace would have it today.  The forecast extends the check-ins to the due
date: a least-squares straight line once there are three check-ins, else
the line from the baseline at the start through the latest check-in.
Only :func:`of_key_result` knows the model, so the site, the exports and
`stratbook changes` all use the same figures, worded once by :func:`describe`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.numbers import amount

if TYPE_CHECKING:
    from generator.model import KeyResult

FIT_MIN_POINTS = 3
"""From this many check-ins on, the forecast is a least-squares fit instead of a line from the baseline."""

Point = tuple[dt.date, float]

ON_PACE_TOLERANCE = 0.005
"""A gap below this is shown as 0 by the number formatter, so it is on pace."""


def expected_value(baseline: float, target: float, start: dt.date, due: dt.date, today: dt.date) -> float:
    """The value a steady pace from ``baseline`` at ``start`` to ``target`` at ``due`` gives on ``today``."""
    if today <= start:
        return float(baseline)
    if today >= due:
        return float(target)
    share = (today - start).days / (due - start).days
    return baseline + (target - baseline) * share


def forecast_value(points: Sequence[Point], baseline: float, start: dt.date, due: dt.date) -> float | None:
    """The value at ``due`` if the check-ins go on as they went; None when they say nothing yet.

    With fewer than :data:`FIT_MIN_POINTS` check-ins the line runs from the
    baseline at ``start`` through the latest one; from then on it is the
    least-squares line through the check-ins (the baseline is not a check-in).
    """
    if not points:
        return None
    ordered = sorted(points)
    if len(ordered) >= FIT_MIN_POINTS:
        xs = [float((day - start).days) for day, _ in ordered]
        ys = [float(value) for _, value in ordered]
        mean_x = sum(xs) / len(xs)
        mean_y = sum(ys) / len(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if spread == 0:
            return None
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
        return mean_y + slope * ((due - start).days - mean_x)
    day, value = ordered[-1]
    elapsed = (day - start).days
    if elapsed <= 0:
        return None
    return baseline + (value - baseline) * (due - start).days / elapsed


@dataclass(frozen=True, slots=True)
class Pace:
    """Where a key result stands against a steady pace, and where it is heading.

    ``gap`` is signed towards the target: positive is ahead of pace, negative
    behind, whichever way the target lies from the baseline.
    """

    baseline: float
    target: float
    start: dt.date
    due: dt.date
    today: dt.date
    expected: float
    latest: float | None
    forecast: float | None

    @property
    def is_reduction(self) -> bool:
        return self.target < self.baseline

    def _towards_target(self, value: float) -> float:
        return -value if self.is_reduction else value

    @property
    def gap(self) -> float | None:
        """How far the latest value is ahead (positive) or behind (negative) of the expected one."""
        if self.latest is None:
            return None
        return self._towards_target(self.latest - self.expected)

    @property
    def expected_share(self) -> float:
        """The share of the way from baseline to target expected today, 0 to 1."""
        return (self.expected - self.baseline) / (self.target - self.baseline)

    @property
    def latest_share(self) -> float | None:
        """The share of the way from baseline to target the latest value has come (unclamped)."""
        if self.latest is None:
            return None
        return (self.latest - self.baseline) / (self.target - self.baseline)

    @property
    def share_gap(self) -> float | None:
        """The gap as a share of the whole way from baseline to target: -0.25 is a quarter behind."""
        latest = self.latest_share
        return None if latest is None else latest - self.expected_share

    @property
    def forecast_meets_target(self) -> bool | None:
        """Whether the forecast reaches the target by the due date; None without a forecast."""
        if self.forecast is None:
            return None
        return self._towards_target(self.forecast - self.target) >= -ON_PACE_TOLERANCE

    @property
    def standing(self) -> str:
        """`ahead`, `behind` or `on-pace` (a gap smaller than half a hundredth counts as on pace)."""
        gap = self.gap
        if gap is None or abs(gap) < ON_PACE_TOLERANCE:
            return "on-pace"
        return "ahead" if gap > 0 else "behind"

    def to_dict(self) -> dict[str, object]:
        """The figures for data exports, unrounded."""
        return {
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "expected": self.expected,
            "gap": self.gap,
            "standing": self.standing if self.latest is not None else None,
            "forecast": self.forecast,
            "forecast_meets_target": self.forecast_meets_target,
        }


def pace(
    *,
    baseline: float,
    target: float,
    start: dt.date,
    due: dt.date,
    today: dt.date,
    latest: float | None,
    points: Sequence[Point],
) -> Pace | None:
    """Pace and forecast of one key result; None when there is no way to pace it (target equals baseline)."""
    if target == baseline:
        return None
    return Pace(
        baseline=baseline,
        target=target,
        start=start,
        due=due,
        today=today,
        expected=expected_value(baseline, target, start, due, today),
        latest=latest,
        forecast=forecast_value(points, baseline, start, due),
    )


def describe(figures: Pace, number: Callable[[float], str], unit: str | None = None) -> str:
    """The one wording of pace, e.g. "4 carriers behind pace; forecast 52 of 60 by 2027-12-31"."""

    def amount_of(value: float) -> str:
        return amount(number(value), unit)

    parts: list[str] = []
    gap = figures.gap
    if gap is not None:
        standing = figures.standing
        if standing == "on-pace":
            parts.append("on pace")
        else:
            parts.append(f"{amount_of(abs(gap))} {standing} {'of ' if standing == 'ahead' else ''}pace")
    if figures.forecast is not None:
        parts.append(f"forecast {number(figures.forecast)} of {number(figures.target)} by {figures.due.isoformat()}")
    return "; ".join(parts)


def of_key_result(key_result: KeyResult, today: dt.date) -> Pace | None:
    """Pace of a key result from its objective's period start to its due date (else that period's end).

    The check-ins are its history; a `current` that differs from the latest
    check-in counts as one more, measured ``today``.
    """
    if not key_result.is_measure or key_result.baseline is None or key_result.target is None:
        return None
    period = key_result.objective.effective_period
    points: list[Point] = [(entry.date, entry.value) for entry in key_result.history if entry.date <= today]
    points.sort(key=lambda point: point[0])
    latest = key_result.current
    if latest is not None and (not points or (points[-1][1] != latest and today > points[-1][0])):
        points.append((today, latest))
    if latest is None and points:
        latest = points[-1][1]
    return pace(
        baseline=key_result.baseline,
        target=key_result.target,
        start=period.start,
        due=key_result.due or period.end,
        today=today,
        latest=latest,
        points=points,
    )


def share_behind(key_result: KeyResult, today: dt.date) -> float | None:
    """How far a key result is behind pace, as a share of its whole way (0 on or ahead of pace, 1 fully behind).

    A measure compares its latest value (clamped to the way from baseline to
    target) with the value expected today; a threshold not met is fully behind;
    a binary key result is fully behind once its due date has passed unachieved.
    None when there is nothing to judge (no value yet, or a binary one not yet due).
    """
    if key_result.is_met:
        return 0.0
    if key_result.is_threshold:
        return None if key_result.current is None else 1.0
    if key_result.is_binary:
        due = key_result.due or key_result.objective.effective_period.end
        return 1.0 if today > due else None
    figures = of_key_result(key_result, today)
    if figures is None or figures.latest_share is None:
        return None
    return max(0.0, figures.expected_share - min(1.0, max(0.0, figures.latest_share)))
