"""Pictures drawn at build time: roadmap, sparklines, risk heat map, progress bars, badges.

Everything here returns markup strings (inline SVG or small HTML snippets)
that a page embeds as is: no JavaScript, no CDN, no MkDocs.  Colours are
never written into the markup; elements carry CSS classes (``sb-status-*``,
``sb-heat-*``...) that ``generator/assets/pictures.css`` maps onto CSS
custom properties, so Material's light/dark palette toggle restyles them.

Layout is computed separately from drawing (:func:`time_axis`,
:func:`roadmap_layout`) so that geometry can be tested without parsing
markup.  Text widths are estimated conservatively from the font size and
the characters, so labels are dropped, thinned or wrapped rather than
allowed to overlap.  All text that comes from YAML is escaped for XML, and
output is deterministic: fixed number formats, no random or counter-based
ids, input order preserved.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model import (
    KeyResult,
    Milestone,
    Objective,
    Pillar,
    Plan,
    Risk,
)

SVG_NS = "http://www.w3.org/2000/svg"

MIN_FONT_SIZE = 11
"""No text in a picture is ever drawn smaller than this (px)."""
FONT_SIZE = 12
HEADER_FONT_SIZE = 13

CHAR_WIDTH = 0.6
"""Estimated advance of a lowercase letter, digit or sign, as a share of the font size.

The estimates in :func:`text_width` are above the advances of common
sans-serif faces (Roboto, Arial, Helvetica, DejaVu Sans), bold included,
so a label judged to fit does fit.
"""
WIDE_CHAR_WIDTH = 1.05
"""Estimated advance of an East Asian wide character."""
_NARROW = frozenset("iljtfrI.,:;'!|() ")
_BROAD = frozenset("mwMW@%")
LABEL_GAP = 6.0
"""Minimum free space between two axis labels of the same row (px)."""


# --------------------------------------------------------------------------- text and numbers

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("'"): "&#39;",
    # Harmless in XML, but meaningful to Markdown, Jinja and table syntax around the markup.
    ord("{"): "&#123;",
    ord("}"): "&#125;",
    ord("["): "&#91;",
    ord("]"): "&#93;",
    ord("*"): "&#42;",
    ord("_"): "&#95;",
    ord("`"): "&#96;",
    ord("|"): "&#124;",
    ord("\\"): "&#92;",
}


def escape(text: str) -> str:
    """Escape plain text for XML/HTML text and attribute values.

    Characters that XML 1.0 forbids are replaced with U+FFFD so the
    picture still parses; Markdown- and template-significant characters
    become character references so no later stage can reinterpret them.
    """
    return _XML_INVALID.sub("\ufffd", text).translate(_ESCAPES)


def _clean(text: str) -> str:
    """Collapse whitespace so a multi-line YAML text fits on a label."""
    return " ".join(text.split())


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A conservative estimate of the rendered width of ``text`` (px)."""
    em = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            em += WIDE_CHAR_WIDTH
        elif char in _BROAD:
            em += 0.95
        elif char in _NARROW:
            em += 0.42
        elif char.isupper():
            em += 0.76
        else:
            em += CHAR_WIDTH
    return em * font_size


def _n(value: float) -> str:
    """A coordinate with one fixed decimal, never ``-0.0``."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def format_number(value: float) -> str:
    """A measured value as people write it: integers bare, otherwise at most two decimals."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_percent(share: float) -> str:
    """A share (1.0 = 100 %) as a whole percentage, unclamped."""
    text = f"{share * 100:.0f}"
    return ("0" if text == "-0" else text) + " %"


def _with_unit(value: float, unit: str | None) -> str:
    return format_number(value) if not unit else f"{format_number(value)} {_clean(unit)}"


def wrap_text(text: str, max_width: float, font_size: float = FONT_SIZE, max_lines: int = 2) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of estimated width <= ``max_width``.

    Words longer than a line are cut; text that does not fit ends with an ellipsis.
    """
    words = _clean(text).split(" ")
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font_size) <= max_width:
            current = candidate
            index += 1
            continue
        if not current:  # a single word wider than the line: cut it
            cut = _fit(word, max_width, font_size)
            lines.append(cut)
            words[index] = word[len(cut):]
        else:
            lines.append(current)
            current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    rest = current or index < len(words)
    if rest and lines:
        lines[-1] = _fit(lines[-1] + "…", max_width, font_size, ellipsis=True)
    return lines or [""]


def _fit(text: str, max_width: float, font_size: float, ellipsis: bool = False) -> str:
    """The longest prefix of ``text`` that fits (ending in an ellipsis when asked)."""
    if text_width(text, font_size) <= max_width:
        return text
    body = text.rstrip("…") if ellipsis else text
    for end in range(len(body), 0, -1):
        candidate = body[:end].rstrip() + ("…" if ellipsis else "")
        if text_width(candidate, font_size) <= max_width:
            return candidate
    return "…" if ellipsis else body[:1]


def _attrs(attrs: dict[str, str | float | None]) -> str:
    parts: list[str] = []
    for key, value in attrs.items():
        if value is None:
            continue
        shown = _n(value) if isinstance(value, float) else str(value)
        parts.append(f' {key}="{escape(shown)}"')
    return "".join(parts)


def _el(tag: str, attrs: dict[str, str | float | None], content: str | None = None) -> str:
    """One XML element; ``content`` is markup (already escaped) or None for an empty element."""
    if content is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _text(x: float, y: float, text: str, cls: str, size: int = FONT_SIZE, *, anchor: str | None = None) -> str:
    assert size >= MIN_FONT_SIZE
    return _el(
        "text",
        {"x": float(x), "y": float(y), "class": cls, "font-size": str(size), "text-anchor": anchor},
        escape(text),
    )


def _svg(width: float, height: float, cls: str, label: str, body: Iterable[str]) -> str:
    """The root element: fixed natural size with a viewBox, so print CSS may scale it down.

    A picture with links is a labelled ``group``, not an ``img``: an image's children are presentational,
    so screen readers and keyboard users could not reach its links (axe: nested-interactive).
    """
    w, h = str(math.ceil(width)), str(math.ceil(height))
    parts = [part for part in body if part]
    attrs: dict[str, str | float | None] = {
        "xmlns": SVG_NS,
        "class": f"sb-picture {cls}",
        "role": "group" if any("<a " in part for part in parts) else "img",
        "aria-label": label,
        "width": w,
        "height": h,
        "viewBox": f"0 0 {w} {h}",
    }
    return f"<svg{_attrs(attrs)}>\n" + "\n".join(parts) + "\n</svg>"


def figure(svg: str, caption: str | None = None) -> str:
    """Wrap a picture for a page: scrolls sideways on narrow screens instead of shrinking its text."""
    if not svg:
        return ""
    caption_markup = f"\n<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="sb-picture-figure">\n<div class="sb-picture-scroll">\n{svg}\n</div>{caption_markup}\n</figure>'
    )


# --------------------------------------------------------------------------- statuses, shapes, badges


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


STATUS_STYLES: dict[str, StatusStyle] = {
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
        return _el("circle", {"class": "sb-fill", "cx": x, "cy": y, "r": float(r)})
    if shape == "circle-open":
        return _el("circle", {"class": "sb-outline", "cx": x, "cy": y, "r": r * 0.85})
    if shape == "circle-dashed":
        return _el("circle", {"class": "sb-outline sb-dashed", "cx": x, "cy": y, "r": r * 0.85})
    if shape == "circle-half":
        half = f"M{_n(x)} {_n(y - r * 0.85)}A{_n(r * 0.85)} {_n(r * 0.85)} 0 0 0 {_n(x)} {_n(y + r * 0.85)}Z"
        return _el("circle", {"class": "sb-outline", "cx": x, "cy": y, "r": r * 0.85}) + _el(
            "path", {"class": "sb-fill", "d": half}
        )
    if shape == "check":
        tick = (
            f"M{_n(x - r * 0.5)} {_n(y)}L{_n(x - r * 0.12)} {_n(y + r * 0.4)}"
            f"L{_n(x + r * 0.52)} {_n(y - r * 0.42)}"
        )
        return _el("circle", {"class": "sb-fill", "cx": x, "cy": y, "r": float(r)}) + _el(
            "path", {"class": "sb-mark", "d": tick}
        )
    if shape == "triangle":
        points = f"{_n(x)},{_n(y - r)} {_n(x + r * 1.05)},{_n(y + r * 0.8)} {_n(x - r * 1.05)},{_n(y + r * 0.8)}"
        bang = (
            f"M{_n(x)} {_n(y - r * 0.42)}L{_n(x)} {_n(y + r * 0.18)}"
            f"M{_n(x)} {_n(y + r * 0.45)}L{_n(x)} {_n(y + r * 0.5)}"
        )
        return _el("polygon", {"class": "sb-fill", "points": points}) + _el("path", {"class": "sb-mark", "d": bang})
    if shape == "diamond":
        points = f"{_n(x)},{_n(y - r)} {_n(x + r)},{_n(y)} {_n(x)},{_n(y + r)} {_n(x - r)},{_n(y)}"
        return _el("polygon", {"class": "sb-fill", "points": points})
    if shape == "square":
        side = r * 1.6
        bar = f"M{_n(x - r * 0.45)} {_n(y)}L{_n(x + r * 0.45)} {_n(y)}"
        return _el(
            "rect", {"class": "sb-fill", "x": x - side / 2, "y": y - side / 2, "width": side, "height": side}
        ) + _el("path", {"class": "sb-mark", "d": bar})
    if shape == "cross":
        d = (
            f"M{_n(x - r * 0.7)} {_n(y - r * 0.7)}L{_n(x + r * 0.7)} {_n(y + r * 0.7)}"
            f"M{_n(x + r * 0.7)} {_n(y - r * 0.7)}L{_n(x - r * 0.7)} {_n(y + r * 0.7)}"
        )
        return _el("path", {"class": "sb-stroke", "d": d})
    # pause
    w = r * 0.55
    return _el("rect", {"class": "sb-fill", "x": x - r * 0.8, "y": y - r * 0.8, "width": w, "height": r * 1.6}) + _el(
        "rect", {"class": "sb-fill", "x": x + r * 0.8 - w, "y": y - r * 0.8, "width": w, "height": r * 1.6}
    )


def _status_icon(style: StatusStyle, cx: float, cy: float, r: float) -> str:
    return _el("g", {"class": f"sb-shape {style.css_class}"}, shape_markup(style.shape, cx, cy, r))


@functools.lru_cache(maxsize=1024)
def status_badge(status: str, *, label: str | None = None, tooltip: str | None = None) -> str:
    """An inline badge: a shape icon and the status in words, coloured by ``sb-status-*``.

    Cached: a playbook repeats the same few badges thousands of times.

    ``status`` is any plan, objective, milestone or risk status value (or
    ``late``); ``label`` replaces the words (e.g. "Late (planned)").
    """
    style = status_style(status)
    icon = _el(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "sb-badge-icon",
            "viewBox": "0 0 16 16",
            "width": "14",
            "height": "14",
            "aria-hidden": "true",
            "focusable": "false",
        },
        _status_icon(style, 8, 8, 6.5),
    )
    words = label if label is not None else style.label
    return _el(
        "span",
        {"class": f"sb-badge {style.css_class}", "title": tooltip},
        icon + _el("span", {"class": "sb-badge-text"}, escape(words)),
    )


def milestone_badge(milestone: Milestone, as_of: dt.date) -> str:
    """A milestone's badge, showing late (with the declared status) when it is late."""
    kind = milestone_kind(milestone, as_of)
    if kind is MarkerKind.LATE:
        declared = status_style(milestone.status.value).label.lower()
        return status_badge("late", label=f"Late ({declared})", tooltip=f"Due {milestone.due.isoformat()}")
    return status_badge(kind.value)


def objective_badge(objective: Objective) -> str:
    """An objective's badge; a derived status says so in its tooltip."""
    status = objective.effective_status.value
    tooltip = "Derived from key results and milestones" if objective.status_is_derived else None
    return status_badge(status, tooltip=tooltip)


def plan_badge(plan: Plan) -> str:
    return status_badge(plan.status.value)


# --------------------------------------------------------------------------- progress bars


def progress_bar(progress: float | None, text: str, *, classes: Sequence[str] = (), label: str = "Progress") -> str:
    """An inline progress bar: the fill is clamped to 0-100 %, ``text`` carries the real value."""
    cls = ["sb-progress", *classes]
    attrs: dict[str, str | float | None] = {"class": " ".join(cls), "role": "progressbar", "aria-label": label}
    fill = ""
    if progress is None:
        cls.append("sb-progress-none")
        attrs["class"] = " ".join(cls)
        attrs["aria-valuetext"] = text
    else:
        clamped = min(1.0, max(0.0, progress))
        if progress > 1:
            cls.append("sb-progress-beyond")
        elif progress < 0:
            cls.append("sb-progress-behind")
        attrs.update(
            {
                "class": " ".join(cls),
                "aria-valuemin": "0",
                "aria-valuemax": "100",
                "aria-valuenow": f"{clamped * 100:.0f}",
                "aria-valuetext": text,
            }
        )
        fill = _el("span", {"class": "sb-progress-fill", "style": f"width: {clamped * 100:.1f}%"}, "")
    track = _el("span", {"class": "sb-progress-track"}, fill)
    return _el("span", attrs, track + _el("span", {"class": "sb-progress-text"}, escape(text)))


def key_result_progress_text(key_result: KeyResult) -> str:
    """E.g. ``45 % · 27 carriers (0 → 60)``; a reduction reads ``44 % · 79 days (94 → 60)``."""
    span = f"({format_number(key_result.baseline)} → {format_number(key_result.target)})"
    if key_result.current is None or key_result.progress is None:
        return f"no current value · {_with_unit(key_result.target, key_result.unit)} targeted {span}"
    return f"{format_percent(key_result.progress)} · {_with_unit(key_result.current, key_result.unit)} {span}"


def key_result_progress(key_result: KeyResult) -> str:
    """The progress bar of a key result, right for reductions and for values beyond the target."""
    classes = ["sb-progress-reduction"] if key_result.is_reduction else []
    return progress_bar(
        key_result.progress,
        key_result_progress_text(key_result),
        classes=classes,
        label=f"Progress of {_clean(key_result.title)}",
    )


def objective_progress(objective: Objective) -> str:
    """The progress bar of an objective: the mean clamped progress of its measured key results."""
    progress = objective.progress
    text = "not measured yet" if progress is None else format_percent(progress)
    return progress_bar(progress, text, label=f"Progress of {_clean(objective.title)}")


# --------------------------------------------------------------------------- time axis


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
    month_width = day_width * 30.44
    for kind, months, visible in (("year", 12, True), ("quarter", 3, True), ("month", 1, month_width >= 6)):
        if not visible:
            continue
        for first in _boundaries(start, end, months):
            if start <= first <= end + dt.timedelta(days=1) and not any(t.date == first for t in ticks):
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


# --------------------------------------------------------------------------- roadmap layout

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
    """Objectives grouped by pillar, then plan, each in order of first appearance."""
    pillars: dict[str, tuple[Pillar, dict[str, tuple[Plan, list[Objective]]]]] = {}
    for objective in objectives:
        plan = objective.plan
        pillar = plan.pillar
        plans = pillars.setdefault(pillar.id, (pillar, {}))[1]
        plans.setdefault(plan.id, (plan, []))[1].append(objective)
    return [(pillar, list(plans.values())) for pillar, plans in pillars.values()]


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
        path = f"M{_n(x1)} {_n(y)}C{_n(x1)} {_n(top)} {_n(x2)} {_n(top)} {_n(x2)} {_n(y - 5)}"
        head = f"{_n(x2)},{_n(y)} {_n(x2 - 3.5)},{_n(y - 6)} {_n(x2 + 3.5)},{_n(y - 6)}"
        return path, head
    x1, y1 = source.x + MARKER_RADIUS, source.y
    x2, y2 = target.x - MARKER_RADIUS - 1, target.y
    bend = max(24.0, abs(x2 - x1) / 2)
    path = f"M{_n(x1)} {_n(y1)}C{_n(x1 + bend)} {_n(y1)} {_n(x2 - bend)} {_n(y2)} {_n(x2 - 5)} {_n(y2)}"
    head = f"{_n(x2)},{_n(y2)} {_n(x2 - 6)},{_n(y2 - 3.5)} {_n(x2 - 6)},{_n(y2 + 3.5)}"
    return path, head


def roadmap_layout(
    objectives: Sequence[Objective],
    as_of: dt.date,
    *,
    span: tuple[dt.date, dt.date] | None = None,
    timeline_width: float | None = None,
    legend: bool = True,
) -> RoadmapLayout:
    """Lay out a roadmap of ``objectives`` (a whole playbook, a plan or a role's share).

    The width follows the span (``PX_PER_QUARTER``, within ``MIN_TIMELINE``
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


# --------------------------------------------------------------------------- roadmap drawing

UrlFor = Callable[[Plan | Objective | Milestone], str]
"""Returns the link target of a plan, objective or milestone (the renderer decides, e.g. relative URLs)."""


def objective_tooltip(objective: Objective) -> str:
    period = objective.effective_period
    status = status_style(objective.effective_status.value).label
    derived = " (derived)" if objective.status_is_derived else ""
    progress = "not measured" if objective.progress is None else format_percent(objective.progress)
    return (
        f"{_clean(objective.title)} — {status}{derived}; {period.start.isoformat()} to {period.end.isoformat()}; "
        f"progress {progress}; plan: {_clean(objective.plan.title)}"
    )


def milestone_tooltip(milestone: Milestone, as_of: dt.date) -> str:
    kind = milestone_kind(milestone, as_of)
    state = status_style(milestone.status.value).label
    if kind is MarkerKind.LATE:
        state = f"Late ({state.lower()})"
    text = f"{_clean(milestone.title)} — {state}; due {milestone.due.isoformat()}"
    if milestone.depends_on:
        text += "; after " + ", ".join(_clean(m.title) for m in milestone.depends_on)
    return f"{text}; objective: {_clean(milestone.objective.title)}"


def _draw_axis(layout: RoadmapLayout) -> list[str]:
    axis = layout.axis
    parts: list[str] = ['<g class="sb-rm-axis">']
    for tick in axis.ticks:
        parts.append(
            _el(
                "line",
                {
                    "class": f"sb-rm-grid sb-rm-grid-{tick.kind}",
                    "x1": tick.x,
                    "x2": tick.x,
                    "y1": layout.axis_top,
                    "y2": layout.body_bottom,
                },
            )
        )
    for label in axis.labels:
        row = axis.rows.index(label.row)
        y = layout.axis_top + AXIS_ROW_HEIGHT * (row + 1) - 5
        size = axis.font_size if label.row == "year" else MIN_FONT_SIZE
        cls = f"sb-rm-axis-label sb-rm-axis-{label.row}"
        parts.append(_text(label.x, y, label.text, cls, size, anchor=label.anchor))
    parts.append(
        _el(
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
                _el("rect", {"class": "sb-rm-pillar", "x": PAD, "y": lane.y + 2, "width": layout.width - 2 * PAD,
                             "height": lane.height - 4, "rx": "3"})
            )
            parts.append(_text(PAD + 8, lane.y + lane.height / 2 + 4.5, lane.lines[0], "sb-rm-pillar-title",
                               HEADER_FONT_SIZE))
            index = 0
        elif lane.kind == "plan":
            plan = lane.entity
            assert isinstance(plan, Plan)
            style = status_style(plan.status.value)
            mid = lane.y + lane.height / 2
            label = (
                _title(f"Plan: {_clean(plan.title)} — {style.label}")
                + _status_icon(style, PAD + 14, mid, 5.5)
                + _text(PAD + 26, mid + 4, lane.lines[0], "sb-rm-plan-title")
            )
            parts.append(_el("a", {"href": url_for(plan), "class": "sb-rm-plan"}, label))
            index = 0
        else:
            objective = lane.entity
            assert isinstance(objective, Objective)
            if index % 2 == 1:
                parts.append(
                    _el("rect", {"class": "sb-rm-row-alt", "x": PAD, "y": lane.y, "width": layout.width - 2 * PAD,
                                 "height": lane.height})
                )
            index += 1
            style = status_style(objective.effective_status.value)
            mid = lane.y + lane.height / 2
            first = mid + 4 if len(lane.lines) == 1 else mid - LINE_HEIGHT / 2 + 4
            texts = "".join(
                _text(PAD + 34, first + i * LINE_HEIGHT, line, "sb-rm-label") for i, line in enumerate(lane.lines)
            )
            content = _title(objective_tooltip(objective)) + _status_icon(style, PAD + 22, mid, 5.5) + texts
            parts.append(
                _el("a", {"href": url_for(objective), "class": "sb-rm-objective-label",
                          "data-objective": objective.id}, content)
            )
    parts.append("</g>")
    return parts


def _draw_bars(layout: RoadmapLayout, url_for: UrlFor) -> list[str]:
    parts: list[str] = ['<g class="sb-rm-bars">']
    for bar in layout.bars:
        objective = bar.objective
        cls = status_class(objective.effective_status.value)
        shapes = _el(
            "rect",
            {"class": "sb-rm-bar-track", "x": bar.x, "y": bar.y, "width": bar.width, "height": bar.height, "rx": "3"},
        )
        if bar.fill_width > 0:
            shapes += _el(
                "rect",
                {"class": "sb-rm-bar-fill", "x": bar.x, "y": bar.y, "width": bar.fill_width, "height": bar.height,
                 "rx": "3"},
            )
        if bar.progress is not None:
            shapes += _text(bar.x + bar.width + 5, bar.y + bar.height - 3, format_percent(bar.progress),
                            "sb-rm-percent", MIN_FONT_SIZE)
        parts.append(
            _el(
                "a",
                {"href": url_for(objective), "class": f"sb-rm-bar {cls}", "data-objective": objective.id},
                _title(objective_tooltip(objective)) + shapes,
            )
        )
    parts.append("</g>")
    return parts


def _draw_arrows(layout: RoadmapLayout) -> list[str]:
    if not layout.arrows:
        return []
    parts = ['<g class="sb-rm-deps">']
    for arrow in layout.arrows:
        tooltip = f"{_clean(arrow.source.title)} → {_clean(arrow.target.title)}"
        parts.append(
            _el(
                "g",
                {"class": "sb-rm-dep", "data-from": arrow.source.id, "data-to": arrow.target.id},
                _title(tooltip)
                + _el("path", {"class": "sb-rm-dep-line", "d": arrow.path})
                + _el("polygon", {"class": "sb-rm-dep-head", "points": arrow.head}),
            )
        )
    parts.append("</g>")
    return parts


def _draw_markers(layout: RoadmapLayout, url_for: UrlFor) -> list[str]:
    parts = ['<g class="sb-rm-milestones">']
    for marker in layout.markers:
        style = status_style(marker.kind.value)
        parts.append(
            _el(
                "a",
                {
                    "href": url_for(marker.milestone),
                    "class": f"sb-rm-milestone sb-shape sb-ms-{marker.kind.value} {style.css_class}",
                    "data-milestone": marker.milestone.id,
                    "data-kind": marker.kind.value,
                },
                _title(milestone_tooltip(marker.milestone, layout.as_of))
                + _el("circle", {"class": "sb-halo", "cx": marker.x, "cy": marker.y, "r": MARKER_RADIUS + 2.5})
                + shape_markup(style.shape, marker.x, marker.y, MARKER_RADIUS),
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
        _el(
            "g",
            {"class": "sb-rm-as-of"},
            _el("line", {"class": "sb-rm-as-of-line", "x1": x, "x2": x, "y1": PAD + AS_OF_ROW_HEIGHT - 4,
                         "y2": layout.body_bottom})
            + _text(left, PAD + AS_OF_ROW_HEIGHT - 8, text, "sb-rm-as-of-label", MIN_FONT_SIZE),
        )
    ]


def _draw_legend(layout: RoadmapLayout) -> list[str]:
    if not layout.legend:
        return []
    parts = ['<g class="sb-rm-legend" aria-hidden="true">']
    for item in layout.legend:
        x, mid = item.x, item.y + 8
        if item.kind == "bar":
            sample = _el("g", {"class": f"sb-rm-bar {status_class(item.status)}"},
                         _el("rect", {"class": "sb-rm-bar-fill", "x": x, "y": mid - 6, "width": 24.0,
                                      "height": 12.0, "rx": "3"}))
        elif item.kind == "progress":
            sample = _el("g", {"class": f"sb-rm-bar {status_class(item.status)}"},
                         _el("rect", {"class": "sb-rm-bar-track", "x": x, "y": mid - 6, "width": 24.0,
                                      "height": 12.0, "rx": "3"})
                         + _el("rect", {"class": "sb-rm-bar-fill", "x": x, "y": mid - 6, "width": 12.0,
                                        "height": 12.0, "rx": "3"}))
        elif item.kind == "marker":
            style = status_style(item.status)
            sample = _el("g", {"class": f"sb-shape {style.css_class}"}, shape_markup(style.shape, x + 12, mid, 6.5))
        else:
            sample = _el("line", {"class": "sb-rm-as-of-line", "x1": x + 12, "x2": x + 12, "y1": mid - 8,
                                  "y2": mid + 8})
        parts.append(sample + _text(x + 30, mid + 4, item.text, "sb-rm-legend-label", MIN_FONT_SIZE))
    parts.append("</g>")
    return parts


def roadmap_svg(
    objectives: Sequence[Objective],
    *,
    as_of: dt.date,
    url_for: UrlFor,
    span: tuple[dt.date, dt.date] | None = None,
    timeline_width: float | None = None,
    label: str = "Roadmap",
    legend: bool = True,
) -> str:
    """The roadmap of ``objectives`` as an inline SVG string.

    One bar per objective over its effective period (class ``sb-rm-bar``
    plus its ``sb-status-*``, filled by progress), one marker per milestone
    (``sb-rm-milestone``, ``data-kind`` planned/in-progress/done/blocked/
    late/cancelled), dependency arrows, the as-of line and a legend.  Bars
    and objective labels link to ``url_for(objective)``, markers to
    ``url_for(milestone)``, plan headers to ``url_for(plan)``.  Returns ""
    when there are no objectives.
    """
    if not objectives:
        return ""
    layout = roadmap_layout(objectives, as_of, span=span, timeline_width=timeline_width, legend=legend)
    milestones = len(layout.markers)
    scale = layout.axis.scale
    aria = (
        f"{_clean(label)}: {len(layout.bars)} objective{'s' if len(layout.bars) != 1 else ''} and {milestones} "
        f"milestone{'s' if milestones != 1 else ''} from {scale.start.isoformat()} to {scale.end.isoformat()}, "
        f"as of {as_of.isoformat()}; the table below lists the same information"
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
    return _svg(layout.width, layout.height, "sb-roadmap", aria, body)


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


def roadmap_rows(objectives: Sequence[Objective], as_of: dt.date) -> list[RoadmapRow]:
    """The roadmap's content as table rows, in the picture's order (pillar, plan, objective, milestones)."""
    rows: list[RoadmapRow] = []
    for pillar, plans in _groups(objectives):
        for plan, members in plans:
            for objective in members:
                period = objective.effective_period
                value = objective.effective_status.value
                rows.append(
                    RoadmapRow("objective", objective, pillar, plan, objective, objective.title, period.start,
                               period.end, value, status_style(value).label, objective.progress, ())
                )
                for milestone in sorted(objective.milestones, key=lambda m: m.due):
                    kind = milestone_kind(milestone, as_of)
                    text = status_style(milestone.status.value).label
                    if kind is MarkerKind.LATE:
                        text = f"Late ({text.lower()})"
                    rows.append(
                        RoadmapRow("milestone", milestone, pillar, plan, objective, milestone.title, None,
                                   milestone.due, kind.value, text, None, milestone.depends_on)
                    )
    return rows


def roadmap_table(objectives: Sequence[Objective], *, as_of: dt.date, url_for: UrlFor) -> str:
    """An HTML table with the roadmap's information, for screen readers and copy-paste."""
    head = "".join(
        f"<th>{h}</th>" for h in ("Pillar", "Plan", "Objective / milestone", "Start", "End / due", "Status",
                                  "Progress", "After")
    )
    body: list[str] = []
    for row in roadmap_rows(objectives, as_of):
        link = _el("a", {"href": url_for(row.entity)}, escape(_clean(row.title)))
        if row.kind == "milestone":
            link = "↳ " + link
        progress = "" if row.progress is None else escape(format_percent(row.progress))
        after = ", ".join(_el("a", {"href": url_for(m)}, escape(_clean(m.title))) for m in row.depends_on)
        cells = [
            escape(_clean(row.pillar.title)),
            escape(_clean(row.plan.title)),
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
        '<table class="sb-table sb-roadmap-table">\n<thead><tr>' + head + "</tr></thead>\n<tbody>\n"
        + "\n".join(body) + "\n</tbody>\n</table>"
    )


# --------------------------------------------------------------------------- sparkline

SPARK_WIDTH = 120.0
SPARK_HEIGHT = 32.0


def sparkline_svg(key_result: KeyResult, *, width: float = SPARK_WIDTH, height: float = SPARK_HEIGHT) -> str:
    """A trend line of a key result's history with its target as a dashed line; "" without history.

    The vertical range covers the values and the target, so the target
    line is always visible; a reduction simply trends downwards to it.
    """
    history = sorted(key_result.history, key=lambda m: m.date)
    if not history:
        return ""
    pad = 4.0
    values = [float(m.value) for m in history]
    low = min([*values, float(key_result.target)])
    high = max([*values, float(key_result.target)])
    if high == low:
        margin = max(1.0, abs(low) * 0.1)
        low, high = low - margin, high + margin
    first_day, last_day = history[0].date, history[-1].date
    days = (last_day - first_day).days

    def px(m_date: dt.date) -> float:
        if days == 0:
            return width / 2
        return pad + (m_date - first_day).days / days * (width - 2 * pad)

    def py(value: float) -> float:
        return pad + (high - value) / (high - low) * (height - 2 * pad)

    unit = key_result.unit
    target_y = py(float(key_result.target))
    parts = [
        _el(
            "line",
            {"class": "sb-spark-target", "x1": 0.0, "x2": float(width), "y1": target_y, "y2": target_y},
            _title(f"Target: {_with_unit(key_result.target, unit)}"),
        )
    ]
    points = " ".join(f"{_n(px(m.date))},{_n(py(float(m.value)))}" for m in history)
    if len(history) > 1:
        parts.append(_el("polyline", {"class": "sb-spark-line", "points": points}))
    for index, measurement in enumerate(history):
        cls = "sb-spark-point sb-spark-last" if index == len(history) - 1 else "sb-spark-point"
        parts.append(
            _el(
                "circle",
                {"class": cls, "cx": px(measurement.date), "cy": py(float(measurement.value)),
                 "r": 2.5 if index == len(history) - 1 else 1.8},
                _title(f"{measurement.date.isoformat()}: {_with_unit(measurement.value, unit)}"),
            )
        )
    first, last = history[0], history[-1]
    aria = (
        f"Trend of {_clean(key_result.title)}: {_with_unit(first.value, unit)} on {first.date.isoformat()}"
        + (f" to {_with_unit(last.value, unit)} on {last.date.isoformat()}" if len(history) > 1 else "")
        + f"; target {_with_unit(key_result.target, unit)}"
    )
    classes = "sb-sparkline sb-spark-reduction" if key_result.is_reduction else "sb-sparkline"
    return _svg(width, height, classes, aria, parts)


# --------------------------------------------------------------------------- risk heat map

Cell = tuple[int, int]
"""(likelihood, impact), each 1-5."""


def risk_cell_anchor(likelihood: int, impact: int) -> str:
    """The fragment id the risks list uses for one cell, e.g. ``risk-cell-4-5``."""
    return f"risk-cell-{likelihood}-{impact}"


def risks_by_cell(risks: Iterable[Risk]) -> dict[Cell, tuple[Risk, ...]]:
    """Every one of the 25 cells (likelihood 5 to 1, impact 1 to 5) with its risks in input order."""
    cells: dict[Cell, list[Risk]] = {(lik, imp): [] for lik in range(5, 0, -1) for imp in range(1, 6)}
    for risk in risks:
        cells[(risk.likelihood, risk.impact)].append(risk)
    return {cell: tuple(found) for cell, found in cells.items()}


def heat_band(likelihood: int, impact: int) -> Literal["low", "medium", "high", "critical"]:
    """Score bands; 15 and above is critical, matching the unmitigated-risk check."""
    score = likelihood * impact
    if score >= 15:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


HEAT_CELL = 60.0


def heat_map_svg(
    risks: Iterable[Risk],
    *,
    url_for_cell: Callable[[int, int], str] | None = None,
    label: str = "Risk heat map",
) -> str:
    """A 5 x 5 likelihood-by-impact grid; each cell shows its count and links to its risks.

    ``url_for_cell(likelihood, impact)`` gives the link of a non-empty cell
    (default ``#risk-cell-L-I``); empty cells show 0 and link nowhere.
    """
    link = url_for_cell or (lambda lik, imp: "#" + risk_cell_anchor(lik, imp))
    cells = risks_by_cell(risks)
    left = PAD + 22 + 20  # axis title, then tick numbers
    top = PAD
    size = HEAT_CELL
    parts: list[str] = []
    for (lik, imp), found in cells.items():
        x = left + (imp - 1) * size
        y = top + (5 - lik) * size
        band = heat_band(lik, imp)
        count = len(found)
        rect = _el("rect", {"class": "sb-heat-cell", "x": x + 1, "y": y + 1, "width": size - 2, "height": size - 2,
                            "rx": "4"})
        number = _text(
            x + size / 2, y + size / 2 + 6, str(count), "sb-heat-count", 16 if count else 13, anchor="middle"
        )
        attrs: dict[str, str | float | None] = {
            "class": f"sb-heat sb-heat-{band}" + ("" if count else " sb-heat-empty"),
            "data-likelihood": str(lik),
            "data-impact": str(imp),
            "data-count": str(count),
        }
        score = lik * imp
        if count:
            names = "; ".join(_clean(r.title) for r in found)
            plural = "s" if count > 1 else ""
            tooltip = f"Likelihood {lik} × impact {imp} (score {score}): {count} risk{plural}: {names}"
            attrs["href"] = link(lik, imp)
            parts.append(_el("a", attrs, _title(tooltip) + rect + number))
        else:
            tooltip = f"Likelihood {lik} × impact {imp} (score {score}): no risks"
            parts.append(_el("g", attrs, _title(tooltip) + rect + number))
    grid_bottom = top + 5 * size
    for index in range(1, 6):
        parts.append(_text(left + (index - 0.5) * size, grid_bottom + 16, str(index), "sb-heat-tick", FONT_SIZE,
                           anchor="middle"))
        parts.append(_text(left - 8, top + (5 - index + 0.5) * size + 4, str(index), "sb-heat-tick", FONT_SIZE,
                           anchor="end"))
    parts.append(_text(left + 2.5 * size, grid_bottom + 34, "Impact (1 minor – 5 severe)", "sb-heat-axis",
                       FONT_SIZE, anchor="middle"))
    cy = top + 2.5 * size
    parts.append(
        _el(
            "text",
            {"x": PAD + 12, "y": cy, "class": "sb-heat-axis", "font-size": str(FONT_SIZE), "text-anchor": "middle",
             "transform": f"rotate(-90 {_n(PAD + 12)} {_n(cy)})"},
            escape("Likelihood (1 rare – 5 almost certain)"),
        )
    )
    total = sum(len(found) for found in cells.values())
    width = max(left + 5 * size + PAD, left + 2.5 * size + text_width("Impact (1 minor – 5 severe)") / 2 + PAD)
    height = grid_bottom + 34 + PAD
    plural = "" if total == 1 else "s"
    aria = f"{_clean(label)}: {total} risk{plural} by likelihood and impact; the list below names them"
    return _svg(width, height, "sb-heatmap", aria, parts)
