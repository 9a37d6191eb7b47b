"""The shapes every badge, roadmap marker and arrowhead refers to, drawn once per page.

A page with thousands of status shapes holds each shape's geometry once: the
pictures place ``<use href="#sb-i-...">`` and the page ends with the symbols it
uses (:func:`sprite`).  What varies between uses (the status colour, the halo
on hover, the open shapes' fill in badges) is inherited through CSS custom
properties, which reach into a ``<use>``; selectors match the symbol itself.
"""

from __future__ import annotations

import functools
import re
from typing import get_args

from generator.rendering.pictures.roadmap_layout import MARKER_RADIUS
from generator.rendering.pictures.status import ICON_PREFIX, ICON_RADIUS, Shape, shape_markup
from generator.rendering.pictures.svg import element

MARKER_PREFIX = "sb-m-"
"""Ids of the roadmap's milestone markers: a shape on its halo, at the marker's size."""
ARROW_HEAD = "sb-i-arrow"
"""The id of the arrowhead that ends every dependency line."""
_SYMBOL_ID = re.compile(r"#(sb-[im]-[a-z-]+)")  # starts with a literal: found at the speed of a plain search


@functools.cache
def symbols() -> dict[str, str]:
    """Id -> markup of every symbol a picture may refer to."""
    found: dict[str, str] = {}
    halo = element("circle", {"class": "sb-halo", "cx": 0.0, "cy": 0.0, "r": MARKER_RADIUS + 2.5})
    for shape in get_args(Shape):
        found[ICON_PREFIX + shape] = (
            f'<symbol id="{ICON_PREFIX}{shape}" class="sb-shape" viewBox="-8 -8 16 16">'
            f"{shape_markup(shape, 0, 0, ICON_RADIUS)}</symbol>"
        )
        found[MARKER_PREFIX + shape] = (
            f'<symbol id="{MARKER_PREFIX}{shape}" class="sb-shape" viewBox="-10 -10 20 20">'
            f"{halo}{shape_markup(shape, 0, 0, MARKER_RADIUS)}</symbol>"
        )
    found[ARROW_HEAD] = (
        f'<marker id="{ARROW_HEAD}" class="sb-rm-dep-head" viewBox="0 0 6 7" refX="1" refY="3.5" markerWidth="6" '
        'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><polygon points="0,0 6,3.5 0,7"/></marker>'
    )
    return found


def _references(markup: str) -> set[str]:
    """The symbol ids ``markup`` refers to, in ``href="#id"`` or ``url(#id)``."""
    return {
        found.group(1)
        for found in _SYMBOL_ID.finditer(markup)
        if markup.endswith('href="', 0, found.start()) or markup.endswith("url(", 0, found.start())
    }


def sprite(markup: str) -> str:
    """The symbols ``markup`` refers to, in one hidden SVG to append to its page; "" when it refers to none.

    The SVG sits in a ``<div>``: Markdown engines take a block that starts with ``<svg>`` for a paragraph.
    """
    used = sorted(_references(markup))
    drawn = symbols()
    if not used:
        return ""
    return (
        '<div class="sb-sprite-box"><svg class="sb-sprite" aria-hidden="true">'
        + "".join(drawn[name] for name in used if name in drawn)
        + "</svg></div>"
    )
