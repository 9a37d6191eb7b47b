"""The roadmap's information as a table, for screen readers and copy-paste."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model import Milestone, Objective, Pillar, Plan
from generator.rendering.pictures.badges import status_badge
from generator.rendering.pictures.roadmap import UrlFor
from generator.rendering.pictures.roadmap_layout import _groups
from generator.rendering.pictures.status import MarkerKind, milestone_kind, status_style
from generator.rendering.pictures.svg import clean, element, escape
from generator.rendering.text import format_percent


@dataclass(frozen=True, slots=True)
class RoadmapRow:
    """One row of the table that follows a roadmap: an objective, or one of its milestones."""

    kind: Literal["objective", "milestone"]
    entity: Objective | Milestone
    pillar: Pillar
    plan: Plan
    objective: Objective
    title: str
    start: dt.date | None
    end: dt.date
    status: str
    """The status value (``late`` for a late milestone), for :func:`status_badge`."""
    status_label: str
    progress: float | None
    depends_on: tuple[Milestone, ...]


def roadmap_rows(
    objectives: Sequence[Objective], as_of: dt.date, shows: Callable[[Milestone], bool] | None = None
) -> list[RoadmapRow]:
    """The roadmap's content as table rows, in the picture's order (pillar, plan, objective, milestones).

    ``shows`` picks the milestones listed, as it picks those the picture draws (default: all).
    """
    rows: list[RoadmapRow] = []
    for pillar, plans in _groups(objectives):
        for plan, members in plans:
            for objective in members:
                period = objective.effective_period
                value = objective.effective_status.value
                rows.append(
                    RoadmapRow(
                        "objective",
                        objective,
                        pillar,
                        plan,
                        objective,
                        objective.title,
                        period.start,
                        period.end,
                        value,
                        status_style(value).label,
                        objective.progress,
                        (),
                    )
                )
                for milestone in sorted(objective.milestones, key=lambda m: m.due):
                    if shows is not None and not shows(milestone):
                        continue
                    kind = milestone_kind(milestone, as_of)
                    text = status_style(milestone.status.value).label
                    if kind is MarkerKind.LATE:
                        text = f"Late ({text.lower()})"
                    rows.append(
                        RoadmapRow(
                            "milestone",
                            milestone,
                            pillar,
                            plan,
                            objective,
                            milestone.title,
                            None,
                            milestone.due,
                            kind.value,
                            text,
                            None,
                            milestone.depends_on,
                        )
                    )
    return rows


def roadmap_table(
    objectives: Sequence[Objective],
    *,
    as_of: dt.date,
    url_for: UrlFor,
    shows: Callable[[Milestone], bool] | None = None,
) -> str:
    """An HTML table with the roadmap's information, for screen readers and copy-paste."""
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Pillar", "Plan", "Objective / milestone", "Start", "End / due", "Status", "Progress", "After")
    )
    body: list[str] = []
    for row in roadmap_rows(objectives, as_of, shows):
        link = element("a", {"href": url_for(row.entity)}, escape(clean(row.title)))
        if row.kind == "milestone":
            link = "↳ " + link
        progress = "" if row.progress is None else escape(format_percent(row.progress))
        after = ", ".join(element("a", {"href": url_for(m)}, escape(clean(m.title))) for m in row.depends_on)
        # The start and end columns keep their dates on one line (pictures.css: a date split over two
        # lines, "2026-01-" / "01", reads as two), by their place: a roadmap has thousands of them.
        cells = [
            escape(clean(row.pillar.title)),
            escape(clean(row.plan.title)),
            link,
            row.start.isoformat() if row.start else "",
            row.end.isoformat(),
            status_badge(row.status, label=row.status_label),
            progress,
            after,
        ]
        body.append(
            f'<tr class="sb-rm-row-{row.kind}" data-id="{escape(row.entity.id)}">'
            + "".join(f"<td>{c}</td>" for c in cells)
            + "</tr>"
        )
    return (
        '<table class="sb-table sb-roadmap-table" data-search-exclude>\n<thead><tr>'
        + head
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>"
    )
