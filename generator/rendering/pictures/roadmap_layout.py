"""The roadmap's layout: lanes, bars, markers and arrows computed as geometry, testable without markup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model import Milestone, Objective, Pillar, Plan
from generator.rendering.pictures.axis import TimeAxis, _add_months, time_axis
from generator.rendering.pictures.status import STATUS_STYLES, MarkerKind, milestone_kind
from generator.rendering.pictures.svg import FONT_SIZE, HEADER_FONT_SIZE, MIN_FONT_SIZE, coord, text_width, wrap_text

LABEL_COLUMN = 300.0
PAD = 12.0
ROW_HEIGHT = 36.0
PILLAR_HEIGHT = 30.0
PLAN_HEIGHT = 28.0
AXIS_ROW_HEIGHT = 18.0
AS_OF_ROW_HEIGHT = 20.0
BAR_HEIGHT = 14.0
MARKER_RADIUS = 7.0
PERCENT_GUTTER = 52.0
PX_PER_QUARTER = 72.0
MIN_TIMELINE = 480.0
MAX_TIMELINE = 1440.0
LINE_HEIGHT = 14.0


@dataclass(frozen=True, slots=True)
class Lane:
    """A row of the roadmap: a pillar header, a plan header or one objective."""

    kind: Literal["pillar", "plan", "objective"]
    entity: Pillar | Plan | Objective
    y: float
    height: float
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Bar:
    objective: Objective
    x: float
    width: float
    y: float
    height: float
    fill_width: float
    progress: float | None


@dataclass(frozen=True, slots=True)
class Marker:
    milestone: Milestone
    kind: MarkerKind
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Arrow:
    """A dependency: from the milestone that must come first to the one that waits for it."""

    source: Milestone
    target: Milestone
    path: str
    head: str


@dataclass(frozen=True, slots=True)
class LegendItem:
    kind: Literal["bar", "marker", "as-of", "progress"]
    status: str
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class RoadmapLayout:
    """Where everything goes; :func:`roadmap_svg` only draws it."""

    width: float
    height: float
    axis: TimeAxis
    axis_top: float
    body_top: float
    body_bottom: float
    lanes: tuple[Lane, ...]
    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    arrows: tuple[Arrow, ...]
    as_of: dt.date
    as_of_x: float | None
    legend: tuple[LegendItem, ...]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _quarter_end(day: dt.date) -> dt.date:
    return _add_months(_quarter_start(day), 3) - dt.timedelta(days=1)


def roadmap_span(
    objectives: Sequence[Objective], span: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The drawn time span: ``span`` (e.g. the horizon) widened to every period and due date, whole quarters."""
    days: list[dt.date] = list(span) if span else []
    for objective in objectives:
        days += [objective.effective_period.start, objective.effective_period.end]
        days += [m.due for m in objective.milestones]
    if not days:
        raise ValueError("a roadmap needs objectives or a span")
    return _quarter_start(min(days)), _quarter_end(max(days))


def _groups(objectives: Sequence[Objective]) -> list[tuple[Pillar, list[tuple[Plan, list[Objective]]]]]:
    """Objectives grouped by pillar in the order `playbook.yaml` declares them, then by plan in order of appearance."""
    pillars: dict[str, tuple[Pillar, dict[str, tuple[Plan, list[Objective]]]]] = {}
    for objective in objectives:
        plan = objective.plan
        pillar = plan.pillar
        plans = pillars.setdefault(pillar.id, (pillar, {}))[1]
        plans.setdefault(plan.id, (plan, []))[1].append(objective)
    ordered = sorted(pillars.values(), key=lambda group: group[0].position)
    return [(pillar, list(plans.values())) for pillar, plans in ordered]


def _arrow(source: Marker, target: Marker) -> tuple[str, str]:
    """A curve from one marker to another, with its arrowhead.

    Between rows it leaves the source to the right and enters the target
    from the left; within a row it arches above the bar and comes down
    onto the target, so it never hides along the bar.
    """
    if abs(source.y - target.y) < 0.5:
        y = source.y - MARKER_RADIUS - 1
        top = source.y - ROW_HEIGHT / 2 + 2
        x1, x2 = source.x, target.x
        path = f"M{coord(x1)} {coord(y)}C{coord(x1)} {coord(top)} {coord(x2)} {coord(top)} {coord(x2)} {coord(y - 5)}"
        head = f"{coord(x2)},{coord(y)} {coord(x2 - 3.5)},{coord(y - 6)} {coord(x2 + 3.5)},{coord(y - 6)}"
        return path, head
    x1, y1 = source.x + MARKER_RADIUS, source.y
    x2, y2 = target.x - MARKER_RADIUS - 1, target.y
    bend = max(24.0, abs(x2 - x1) / 2)
    path = (
        f"M{coord(x1)} {coord(y1)}"
        f"C{coord(x1 + bend)} {coord(y1)} {coord(x2 - bend)} {coord(y2)} {coord(x2 - 5)} {coord(y2)}"
    )
    head = f"{coord(x2)},{coord(y2)} {coord(x2 - 6)},{coord(y2 - 3.5)} {coord(x2 - 6)},{coord(y2 + 3.5)}"
    return path, head


def roadmap_layout(
    objectives: Sequence[Objective],
    as_of: dt.date,
    *,
    span: tuple[dt.date, dt.date] | None = None,
    timeline_width: float | None = None,
    legend: bool = True,
    shows: Callable[[Milestone], bool] | None = None,
) -> RoadmapLayout:
    """Lay out a roadmap of ``objectives`` (a whole playbook, a plan or a role's share).

    ``shows`` picks the milestones drawn (default: all of them); dependency
    arrows join drawn milestones only. The width follows the span (``PX_PER_QUARTER``, within ``MIN_TIMELINE``
    and ``MAX_TIMELINE``) unless ``timeline_width`` is given; the height
    grows with the lanes, whose heights are fixed, so text is never scaled.
    """
    start, end = roadmap_span(objectives, span)
    quarters = ((end.year - start.year) * 12 + end.month - start.month + 1) / 3
    if timeline_width is None:
        timeline_width = min(MAX_TIMELINE, max(MIN_TIMELINE, quarters * PX_PER_QUARTER))
    x0 = PAD + LABEL_COLUMN + PAD
    axis = time_axis(start, end, timeline_width, x0=x0)
    scale = axis.scale
    width = x0 + timeline_width + PERCENT_GUTTER + PAD
    as_of_x = scale.x(as_of) if start <= as_of <= end else None

    top = PAD + (AS_OF_ROW_HEIGHT if as_of_x is not None else 0.0)
    axis_top = top
    y = top + AXIS_ROW_HEIGHT * max(1, len(axis.rows)) + 6
    body_top = y

    lanes: list[Lane] = []
    bars: list[Bar] = []
    markers: dict[str, Marker] = {}
    text_width_max = LABEL_COLUMN - 24
    for pillar, plans in _groups(objectives):
        lines = tuple(wrap_text(pillar.title, LABEL_COLUMN + timeline_width, HEADER_FONT_SIZE, 1))
        lanes.append(Lane("pillar", pillar, y, PILLAR_HEIGHT, lines))
        y += PILLAR_HEIGHT
        for plan, members in plans:
            lines = tuple(wrap_text(plan.title, LABEL_COLUMN + timeline_width - 120, FONT_SIZE, 1))
            lanes.append(Lane("plan", plan, y, PLAN_HEIGHT, lines))
            y += PLAN_HEIGHT
            for objective in members:
                lines = tuple(wrap_text(objective.title, text_width_max - 8, FONT_SIZE, 2))
                lanes.append(Lane("objective", objective, y, ROW_HEIGHT, lines))
                mid = y + ROW_HEIGHT / 2
                period = objective.effective_period
                left = scale.x(period.start)
                bar_width = max(3.0, scale.x_end(period.end) - left)
                progress = objective.progress
                fill = 0.0 if progress is None else bar_width * min(1.0, max(0.0, progress))
                bars.append(Bar(objective, left, bar_width, mid - BAR_HEIGHT / 2, BAR_HEIGHT, fill, progress))
                for milestone in objective.milestones:
                    if shows is not None and not shows(milestone):
                        continue
                    x = scale.x(milestone.due) + (scale.x_end(milestone.due) - scale.x(milestone.due)) / 2
                    markers[milestone.id] = Marker(milestone, milestone_kind(milestone, as_of), x, mid)
                y += ROW_HEIGHT
    body_bottom = y

    arrows: list[Arrow] = []
    for marker in markers.values():
        for dependency in marker.milestone.depends_on:
            source = markers.get(dependency.id)
            if source is not None:
                path, head = _arrow(source, marker)
                arrows.append(Arrow(dependency, marker.milestone, path, head))

    items: list[LegendItem] = []
    if legend:
        entries: list[tuple[Literal["bar", "marker", "as-of", "progress"], str, str]] = [
            ("bar", s, STATUS_STYLES[s].label) for s in ("not-started", "on-track", "at-risk", "off-track", "done")
        ]
        entries.append(("progress", "on-track", "filled share = key-result progress"))
        entries += [("marker", k.value, f"milestone {STATUS_STYLES[k.value].label.lower()}") for k in MarkerKind]
        if as_of_x is not None:
            entries.append(("as-of", "", "as of date"))
        x, y = PAD, body_bottom + 14
        line_top = y
        for kind, status, text in entries:
            item_width = 30 + text_width(text, MIN_FONT_SIZE) + 18
            if x + item_width > width - PAD and x > PAD:
                x, line_top = PAD, line_top + 22
            items.append(LegendItem(kind, status, text, x, line_top))
            x += item_width
        y = line_top + 22
    height = y + PAD
    return RoadmapLayout(
        width=width,
        height=height,
        axis=axis,
        axis_top=axis_top,
        body_top=body_top,
        body_bottom=body_bottom,
        lanes=tuple(lanes),
        bars=tuple(bars),
        markers=tuple(markers.values()),
        arrows=tuple(arrows),
        as_of=as_of,
        as_of_x=as_of_x,
        legend=tuple(items),
    )
