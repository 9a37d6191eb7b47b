"""The one status vocabulary of the pictures: a style (shape, words, CSS class) per status, and marker kinds."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from generator.model import Milestone
from generator.rendering.pictures.svg import coord, element


class MarkerKind(enum.StrEnum):
    """How a milestone is drawn: its status, or late when due before as_of and not finished."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    BLOCKED = "blocked"
    LATE = "late"
    CANCELLED = "cancelled"


Shape = Literal[
    "circle", "circle-open", "circle-half", "circle-dashed", "check", "triangle", "diamond", "square", "cross", "pause"
]


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How one status value is shown everywhere: CSS class, words and a shape (never colour alone)."""

    value: str
    label: str
    shape: Shape

    @property
    def css_class(self) -> str:
        return f"sb-status-{self.value}"


STATUS_STYLES: Mapping[str, StatusStyle] = MappingProxyType(
    {
        style.value: style
        for style in (
            # objectives
            StatusStyle("not-started", "Not started", "circle-open"),
            StatusStyle("on-track", "On track", "circle"),
            StatusStyle("at-risk", "At risk", "triangle"),
            StatusStyle("off-track", "Off track", "diamond"),
            StatusStyle("done", "Done", "check"),
            # milestones (and late, which is derived)
            StatusStyle("planned", "Planned", "circle-open"),
            StatusStyle("in-progress", "In progress", "circle-half"),
            StatusStyle("blocked", "Blocked", "square"),
            StatusStyle("late", "Late", "triangle"),
            StatusStyle("cancelled", "Cancelled", "cross"),
            # plans
            StatusStyle("draft", "Draft", "circle-dashed"),
            StatusStyle("active", "Active", "circle"),
            StatusStyle("on-hold", "On hold", "pause"),
            # risks
            StatusStyle("open", "Open", "circle-open"),
            StatusStyle("mitigated", "Mitigated", "circle-half"),
            StatusStyle("closed", "Closed", "check"),
            StatusStyle("occurred", "Occurred", "diamond"),
            # findings (a skill nobody develops, an alignment gap)
            StatusStyle("gap", "Gap", "triangle"),
        )
    }
)
"""Every status value of plans, objectives, milestones and risks (and gaps); one value means one colour."""


def status_style(status: str) -> StatusStyle:
    """The style of a status value (an enum member or its string)."""
    value = str(status)
    style = STATUS_STYLES.get(value)
    if style is None:
        return StatusStyle(value, value.replace("-", " ").capitalize(), "circle-open")
    return style


def status_class(status: str) -> str:
    """The CSS class that colours ``status``, e.g. ``sb-status-on-track``; shared by every picture."""
    return status_style(status).css_class


def milestone_kind(milestone: Milestone, as_of: dt.date) -> MarkerKind:
    """Late when due before ``as_of`` and neither done nor cancelled; otherwise the status."""
    if milestone.late_on(as_of):
        return MarkerKind.LATE
    return MarkerKind(milestone.status.value)


def shape_markup(shape: Shape, cx: float, cy: float, r: float) -> str:
    """SVG elements drawing ``shape`` centred on (cx, cy); styled by the enclosing status class."""
    x, y = float(cx), float(cy)
    if shape == "circle":
        return element("circle", {"class": "sb-fill", "cx": x, "cy": y, "r": float(r)})
    if shape == "circle-open":
        return element("circle", {"class": "sb-outline", "cx": x, "cy": y, "r": r * 0.85})
    if shape == "circle-dashed":
        return element("circle", {"class": "sb-outline sb-dashed", "cx": x, "cy": y, "r": r * 0.85})
    if shape == "circle-half":
        half = (
            f"M{coord(x)} {coord(y - r * 0.85)}"
            f"A{coord(r * 0.85)} {coord(r * 0.85)} 0 0 0 {coord(x)} {coord(y + r * 0.85)}Z"
        )
        return element("circle", {"class": "sb-outline", "cx": x, "cy": y, "r": r * 0.85}) + element(
            "path", {"class": "sb-fill", "d": half}
        )
    if shape == "check":
        tick = (
            f"M{coord(x - r * 0.5)} {coord(y)}L{coord(x - r * 0.12)} {coord(y + r * 0.4)}"
            f"L{coord(x + r * 0.52)} {coord(y - r * 0.42)}"
        )
        return element("circle", {"class": "sb-fill", "cx": x, "cy": y, "r": float(r)}) + element(
            "path", {"class": "sb-mark", "d": tick}
        )
    if shape == "triangle":
        points = (
            f"{coord(x)},{coord(y - r)} "
            f"{coord(x + r * 1.05)},{coord(y + r * 0.8)} {coord(x - r * 1.05)},{coord(y + r * 0.8)}"
        )
        bang = (
            f"M{coord(x)} {coord(y - r * 0.42)}L{coord(x)} {coord(y + r * 0.18)}"
            f"M{coord(x)} {coord(y + r * 0.45)}L{coord(x)} {coord(y + r * 0.5)}"
        )
        return element("polygon", {"class": "sb-fill", "points": points}) + element(
            "path", {"class": "sb-mark", "d": bang}
        )
    if shape == "diamond":
        points = (
            f"{coord(x)},{coord(y - r)} {coord(x + r)},{coord(y)} {coord(x)},{coord(y + r)} {coord(x - r)},{coord(y)}"
        )
        return element("polygon", {"class": "sb-fill", "points": points})
    if shape == "square":
        side = r * 1.6
        bar = f"M{coord(x - r * 0.45)} {coord(y)}L{coord(x + r * 0.45)} {coord(y)}"
        return element(
            "rect", {"class": "sb-fill", "x": x - side / 2, "y": y - side / 2, "width": side, "height": side}
        ) + element("path", {"class": "sb-mark", "d": bar})
    if shape == "cross":
        d = (
            f"M{coord(x - r * 0.7)} {coord(y - r * 0.7)}L{coord(x + r * 0.7)} {coord(y + r * 0.7)}"
            f"M{coord(x + r * 0.7)} {coord(y - r * 0.7)}L{coord(x - r * 0.7)} {coord(y + r * 0.7)}"
        )
        return element("path", {"class": "sb-stroke", "d": d})
    # pause
    w = r * 0.55
    return element(
        "rect", {"class": "sb-fill", "x": x - r * 0.8, "y": y - r * 0.8, "width": w, "height": r * 1.6}
    ) + element("rect", {"class": "sb-fill", "x": x + r * 0.8 - w, "y": y - r * 0.8, "width": w, "height": r * 1.6})


ICON_RADIUS = 6.5
"""The radius of a shape in its symbol (a 16 px box); a ``<use>`` scales it to the radius it needs."""
ICON_PREFIX = "sb-i-"
"""Ids of the shape symbols (``sb-i-triangle``...) that :mod:`.sprite` draws once per page."""


def status_icon(style: StatusStyle, cx: float, cy: float, r: float) -> str:
    """The status shape centred on (cx, cy): a reference to its symbol (classed ``sb-shape``), in its status colour."""
    size = 16.0 * r / ICON_RADIUS
    return element(
        "use",
        {"href": f"#{ICON_PREFIX}{style.shape}", "class": style.css_class, "x": cx - size / 2,
         "y": cy - size / 2, "width": size, "height": size},
    )
