"""The roadmap drawn as SVG from its layout, with tooltips, links and a legend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from generator.model import Milestone, Objective, Plan
from generator.rendering.pictures.roadmap_layout import (
    AS_OF_ROW_HEIGHT,
    AXIS_ROW_HEIGHT,
    LABEL_COLUMN,
    LINE_HEIGHT,
    MAX_TIMELINE,
    MIN_TIMELINE,
    PAD,
    PERCENT_GUTTER,
    PX_PER_QUARTER,
    RoadmapLayout,
    roadmap_layout,
    roadmap_span,
)
from generator.rendering.pictures.sprite import ARROW_HEAD, MARKER_PREFIX
from generator.rendering.pictures.status import (
    MarkerKind,
    milestone_kind,
    shape_markup,
    status_class,
    status_icon,
    status_style,
)
from generator.rendering.pictures.svg import (
    HEADER_FONT_SIZE,
    MIN_FONT_SIZE,
    clean,
    coord,
    element,
    svg_root,
    text_element,
    text_width,
    title_element,
)
from generator.rendering.text import format_percent

UrlFor = Callable[[Plan | Objective | Milestone], str]
"""Returns the link target of a plan, objective or milestone (the renderer decides, e.g. relative URLs)."""


def objective_tooltip(objective: Objective) -> str:
    period = objective.effective_period
    status = status_style(objective.effective_status.value).label
    derived = " (derived)" if objective.status_is_derived else ""
    progress = "not measured" if objective.progress is None else format_percent(objective.progress)
    return (
        f"{clean(objective.title)} — {status}{derived}; {period.start.isoformat()} to {period.end.isoformat()}; "
        f"progress {progress}; plan: {clean(objective.plan.title)}"
    )


def milestone_tooltip(milestone: Milestone, as_of: dt.date) -> str:
    kind = milestone_kind(milestone, as_of)
    state = status_style(milestone.status.value).label
    if kind is MarkerKind.LATE:
        state = f"Late ({state.lower()})"
    text = f"{clean(milestone.title)} — {state}; due {milestone.due.isoformat()}"
    if milestone.depends_on:
        text += "; after " + ", ".join(clean(m.title) for m in milestone.depends_on)
    return f"{text}; objective: {clean(milestone.objective.title)}"


def _draw_axis(layout: RoadmapLayout) -> list[str]:
    axis = layout.axis
    parts: list[str] = ['<g class="sb-rm-axis">']
    # One path per kind of grid line: a roadmap has dozens of them, all the same height.
    lines: dict[str, list[str]] = {}
    span = f"{coord(layout.axis_top)}V{coord(layout.body_bottom)}"
    for tick in axis.ticks:
        lines.setdefault(tick.kind, []).append(f"M{coord(tick.x)} {span}")
    for kind, segments in lines.items():
        parts.append(element("path", {"class": f"sb-rm-grid sb-rm-grid-{kind}", "d": "".join(segments)}))
    for label in axis.labels:
        row = axis.rows.index(label.row)
        y = layout.axis_top + AXIS_ROW_HEIGHT * (row + 1) - 5
        size = axis.font_size if label.row == "year" else MIN_FONT_SIZE
        cls = f"sb-rm-axis-label sb-rm-axis-{label.row}" + (" sb-start" if label.anchor == "start" else "")
        parts.append(text_element(label.x, y, label.text, cls, size, anchor=label.anchor))
    parts.append(
        element(
            "line",
            {
                "class": "sb-rm-axis-line",
                "x1": axis.scale.x0,
                "x2": axis.scale.right,
                "y1": layout.body_top - 3,
                "y2": layout.body_top - 3,
            },
        )
    )
    parts.append("</g>")
    return parts


def _draw_lanes(layout: RoadmapLayout, url_for: UrlFor) -> list[str]:
    parts: list[str] = ['<g class="sb-rm-lanes">']
    index = 0
    for lane in layout.lanes:
        if lane.kind == "pillar":
            parts.append(
                element(
                    "rect",
                    {
                        "class": "sb-rm-pillar",
                        "x": PAD,
                        "y": lane.y + 2,
                        "width": layout.width - 2 * PAD,
                        "height": lane.height - 4,
                        "rx": "3",
                    },
                )
            )
            parts.append(
                text_element(
                    PAD + 8, lane.y + lane.height / 2 + 4.5, lane.lines[0], "sb-rm-pillar-title", HEADER_FONT_SIZE
                )
            )
            index = 0
        elif lane.kind == "plan":
            plan = lane.entity
            assert isinstance(plan, Plan)
            style = status_style(plan.status.value)
            mid = lane.y + lane.height / 2
            label = (
                title_element(f"Plan: {clean(plan.title)} — {style.label}")
                + status_icon(style, PAD + 14, mid, 5.5)
                + text_element(PAD + 26, mid + 4, lane.lines[0], "sb-rm-plan-title")
            )
            parts.append(element("a", {"href": url_for(plan), "class": "sb-rm-plan"}, label))
            index = 0
        else:
            objective = lane.entity
            assert isinstance(objective, Objective)
            if index % 2 == 1:
                parts.append(
                    element(
                        "rect",
                        {
                            "class": "sb-rm-row-alt",
                            "x": PAD,
                            "y": lane.y,
                            "width": layout.width - 2 * PAD,
                            "height": lane.height,
                        },
                    )
                )
            index += 1
            style = status_style(objective.effective_status.value)
            mid = lane.y + lane.height / 2
            first = mid + 4 if len(lane.lines) == 1 else mid - LINE_HEIGHT / 2 + 4
            texts = "".join(
                text_element(PAD + 34, first + i * LINE_HEIGHT, line, "sb-rm-label")
                for i, line in enumerate(lane.lines)
            )
            # Its text names the objective; the bar next to it carries the tooltip.
            content = status_icon(style, PAD + 22, mid, 5.5) + texts
            parts.append(
                element(
                    "a",
                    {"href": url_for(objective), "class": "sb-rm-objective-label", "data-objective": objective.id},
                    content,
                )
            )
    parts.append("</g>")
    return parts


def _draw_bars(layout: RoadmapLayout, url_for: UrlFor) -> list[str]:
    parts: list[str] = ['<g class="sb-rm-bars">']
    for bar in layout.bars:
        objective = bar.objective
        cls = status_class(objective.effective_status.value)
        shapes = element(
            "rect",
            {"class": "sb-rm-bar-track", "x": bar.x, "y": bar.y, "width": bar.width, "height": bar.height, "rx": "3"},
        )
        if bar.fill_width > 0:
            shapes += element(
                "rect",
                {
                    "class": "sb-rm-bar-fill",
                    "x": bar.x,
                    "y": bar.y,
                    "width": bar.fill_width,
                    "height": bar.height,
                    "rx": "3",
                },
            )
        if bar.progress is not None:
            shapes += text_element(
                bar.x + bar.width + 5,
                bar.y + bar.height - 3,
                format_percent(bar.progress),
                "sb-rm-percent",
                MIN_FONT_SIZE,
            )
        parts.append(
            element(
                "a",
                {"href": url_for(objective), "class": f"sb-rm-bar {cls}", "data-objective": objective.id},
                title_element(objective_tooltip(objective)) + shapes,
            )
        )
    parts.append("</g>")
    return parts


def _draw_arrows(layout: RoadmapLayout) -> list[str]:
    if not layout.arrows:
        return []
    # The arrows only draw what each milestone's tooltip and the table's "After" column say in words.
    parts = ['<g class="sb-rm-deps" aria-hidden="true">']
    for arrow in layout.arrows:
        parts.append(element("path", {"class": "sb-rm-dep", "d": arrow.path, "marker-end": f"url(#{ARROW_HEAD})"}))
    parts.append("</g>")
    return parts


def _draw_markers(layout: RoadmapLayout, url_for: UrlFor) -> list[str]:
    parts = ['<g class="sb-rm-milestones">']
    for marker in layout.markers:
        style = status_style(marker.kind.value)
        parts.append(
            element(
                "a",
                {
                    "href": url_for(marker.milestone),
                    "class": f"sb-rm-milestone {style.css_class}",
                    "data-milestone": marker.milestone.id,
                    "data-kind": marker.kind.value,
                },
                title_element(milestone_tooltip(marker.milestone, layout.as_of))
                + element(
                    "use",
                    {
                        "href": f"#{MARKER_PREFIX}{style.shape}",
                        "x": marker.x - 10,
                        "y": marker.y - 10,
                        "width": "20",
                        "height": "20",
                    },
                ),
            )
        )
    parts.append("</g>")
    return parts


def _draw_as_of(layout: RoadmapLayout) -> list[str]:
    if layout.as_of_x is None:
        return []
    x = layout.as_of_x
    text = f"as of {layout.as_of.isoformat()}"
    width = text_width(text, MIN_FONT_SIZE)
    left = min(max(x - width / 2, PAD), layout.width - PAD - width)
    return [
        element(
            "g",
            {"class": "sb-rm-as-of"},
            element(
                "line",
                {
                    "class": "sb-rm-as-of-line",
                    "x1": x,
                    "x2": x,
                    "y1": PAD + AS_OF_ROW_HEIGHT - 4,
                    "y2": layout.body_bottom,
                },
            )
            + text_element(left, PAD + AS_OF_ROW_HEIGHT - 8, text, "sb-rm-as-of-label", MIN_FONT_SIZE),
        )
    ]


def _draw_legend(layout: RoadmapLayout) -> list[str]:
    if not layout.legend:
        return []
    parts = ['<g class="sb-rm-legend" aria-hidden="true">']
    for item in layout.legend:
        x, mid = item.x, item.y + 8
        if item.kind == "bar":
            sample = element(
                "g",
                {"class": f"sb-rm-bar {status_class(item.status)}"},
                element(
                    "rect", {"class": "sb-rm-bar-fill", "x": x, "y": mid - 6, "width": 24.0, "height": 12.0, "rx": "3"}
                ),
            )
        elif item.kind == "progress":
            sample = element(
                "g",
                {"class": f"sb-rm-bar {status_class(item.status)}"},
                element(
                    "rect", {"class": "sb-rm-bar-track", "x": x, "y": mid - 6, "width": 24.0, "height": 12.0, "rx": "3"}
                )
                + element(
                    "rect", {"class": "sb-rm-bar-fill", "x": x, "y": mid - 6, "width": 12.0, "height": 12.0, "rx": "3"}
                ),
            )
        elif item.kind == "marker":
            style = status_style(item.status)
            sample = element("g", {"class": f"sb-shape {style.css_class}"}, shape_markup(style.shape, x + 12, mid, 6.5))
        else:
            sample = element(
                "line", {"class": "sb-rm-as-of-line", "x1": x + 12, "x2": x + 12, "y1": mid - 8, "y2": mid + 8}
            )
        parts.append(sample + text_element(x + 30, mid + 4, item.text, "sb-rm-legend-label", MIN_FONT_SIZE))
    parts.append("</g>")
    return parts


TABLE_BELOW = "the table below lists the same information"
"""Where a roadmap's label says its information is written out, unless the page says otherwise."""


def roadmap_svg(
    objectives: Sequence[Objective],
    *,
    as_of: dt.date,
    url_for: UrlFor,
    span: tuple[dt.date, dt.date] | None = None,
    timeline_width: float | None = None,
    label: str = "Roadmap",
    legend: bool = True,
    described_by: str = "",
    shows: Callable[[Milestone], bool] | None = None,
) -> str:
    """The roadmap of ``objectives`` as an inline SVG string.

    One bar per objective over its effective period (class ``sb-rm-bar``
    plus its ``sb-status-*``, filled by progress), one marker per milestone
    (``sb-rm-milestone``, ``data-kind`` planned/in-progress/done/blocked/
    late/cancelled), dependency arrows, the as-of line and a legend.  Bars
    and objective labels link to ``url_for(objective)``, markers to
    ``url_for(milestone)``, plan headers to ``url_for(plan)``.  ``shows``
    picks the milestones drawn (default: all).  Returns "" when there are no
    objectives.
    """
    if not objectives:
        return ""
    layout = roadmap_layout(objectives, as_of, span=span, timeline_width=timeline_width, legend=legend, shows=shows)
    milestones = len(layout.markers)
    scale = layout.axis.scale
    aria = (
        f"{clean(label)}: {len(layout.bars)} objective{'s' if len(layout.bars) != 1 else ''} and {milestones} "
        f"milestone{'s' if milestones != 1 else ''} from {scale.start.isoformat()} to {scale.end.isoformat()}, "
        f"as of {as_of.isoformat()}; {described_by or TABLE_BELOW}"
    )
    body = [
        *_draw_axis(layout),
        *_draw_lanes(layout, url_for),
        *_draw_bars(layout, url_for),
        *_draw_arrows(layout),
        *_draw_as_of(layout),
        *_draw_markers(layout, url_for),
        *_draw_legend(layout),
    ]
    return svg_root(layout.width, layout.height, "sb-roadmap", aria, body)


def fit_timeline(objectives: Sequence[Objective], span: tuple[dt.date, dt.date] | None, fit: float) -> float:
    """The width of the time line for a page column ``fit`` px wide.

    The time line narrows towards the column, never below :data:`MIN_TIMELINE`,
    so the usual horizon needs no scrolling while long ones still scroll rather
    than squeeze text.
    """
    start, end = roadmap_span(objectives, span)
    quarters = ((end.year - start.year) * 12 + end.month - start.month + 1) / 3
    natural = min(MAX_TIMELINE, max(MIN_TIMELINE, quarters * PX_PER_QUARTER))
    chrome = 3 * PAD + LABEL_COLUMN + PERCENT_GUTTER
    return max(MIN_TIMELINE, min(natural, fit - chrome))
