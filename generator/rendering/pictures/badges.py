"""Status badges: shape and words for plans, objectives, milestones and risks (cached: a pure function)."""

from __future__ import annotations

import datetime as dt
import functools

from generator.model import Milestone, Objective, Plan
from generator.rendering.pictures.status import ICON_PREFIX, MarkerKind, milestone_kind, status_style
from generator.rendering.pictures.svg import element, escape


@functools.lru_cache(maxsize=1024)
def status_badge(status: str, *, label: str | None = None, tooltip: str | None = None) -> str:
    """An inline badge: a shape icon and the status in words, coloured by ``sb-status-*``.

    Cached: a playbook repeats the same few badges thousands of times.

    ``status`` is any plan, objective, milestone or risk status value (or
    ``late``); ``label`` replaces the words (e.g. "Late (planned)").
    The icon is sized by CSS (``.sb-badge > svg``); its ``<use>`` fills it and the symbol's own
    viewBox scales the shape, so the markup carries no sizes (a page holds thousands of badges).
    """
    style = status_style(status)
    icon = f'<svg aria-hidden="true"><use href="#{ICON_PREFIX}{style.shape}"/></svg>'
    words = label if label is not None else style.label
    return element("span", {"class": f"sb-badge {style.css_class}", "title": tooltip}, icon + escape(words))


def milestone_badge(milestone: Milestone, as_of: dt.date) -> str:
    """A milestone's badge, showing late (with the declared status) when it is late.

    No tooltip with the due date: the milestone tables show it in their own column.
    """
    kind = milestone_kind(milestone, as_of)
    if kind is MarkerKind.LATE:
        declared = status_style(milestone.status.value).label.lower()
        return status_badge("late", label=f"Late ({declared})")
    return status_badge(kind.value)


def objective_badge(objective: Objective) -> str:
    """An objective's badge; a derived status says so in its tooltip (tables have no words for it)."""
    status = objective.effective_status.value
    tooltip = "Derived from key results and milestones" if objective.status_is_derived else None
    return status_badge(status, tooltip=tooltip)


def plan_badge(plan: Plan) -> str:
    return status_badge(plan.status.value)
