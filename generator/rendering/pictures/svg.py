"""The SVG kit every picture shares: escaping, text width estimates, wrapping, elements.

Text widths are estimated conservatively from the font size and the
characters, so labels are dropped, thinned or wrapped rather than allowed to
overlap.  All text that comes from YAML is escaped for XML, and output is
deterministic: fixed number formats, no random or counter-based ids.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from generator.numbers import format_number

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


# --------------------------------------------------------------------------- text

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


_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff" + re.escape("".join(map(chr, _ESCAPES))) + "]")


def escape(text: str) -> str:
    """Escape plain text for XML/HTML text and attribute values.

    Characters that XML 1.0 forbids are replaced with U+FFFD so the
    picture still parses; Markdown- and template-significant characters
    become character references so no later stage can reinterpret them.
    """
    if _NEEDS_ESCAPE.search(text) is None:  # most attribute values: classes, links, numbers
        return text
    return _XML_INVALID.sub("\ufffd", text).translate(_ESCAPES)


def clean(text: str) -> str:
    """Collapse whitespace so a multi-line YAML text fits on a label."""
    return " ".join(text.split())


def _em(char: str) -> float:
    """The estimated advance of one character, in em."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return WIDE_CHAR_WIDTH
    if char in _BROAD:
        return 0.95
    if char in _NARROW:
        return 0.42
    if char.isupper():
        return 0.76
    return CHAR_WIDTH


@functools.lru_cache(maxsize=1 << 16)
def _ems(text: str) -> float:
    # The same titles are measured on many pages: an objective's on its plan's, its roles' and the roadmap.
    return sum(map(_em, text))


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A conservative estimate of the rendered width of ``text`` (px)."""
    return _ems(text) * font_size


def coord(value: float) -> str:
    """A coordinate rounded to one decimal, written without a trailing ``.0`` (``324``, ``233.5``), never ``-0``.

    Pages hold hundreds of thousands of coordinates: every byte left out shortens the build.
    """
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def value_text(value: float, unit: str | None) -> str:
    """A measured value with its unit, as a picture label writes it (no thousands separator: labels are measured)."""
    shown = format_number(value, grouped=False)
    return shown if not unit else f"{shown} {clean(unit)}"


def wrap_text(text: str, max_width: float, font_size: float = FONT_SIZE, max_lines: int = 2) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of estimated width <= ``max_width``.

    Words longer than a line are cut; text that does not fit ends with an ellipsis.
    """
    words = clean(text).split(" ")
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
            cut = fit(word, max_width, font_size)
            lines.append(cut)
            words[index] = word[len(cut) :]
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
        lines[-1] = fit(lines[-1] + "…", max_width, font_size, ellipsis=True)
    return lines or [""]


def fit(text: str, max_width: float, font_size: float, ellipsis: bool = False) -> str:
    """The longest prefix of ``text`` that fits (ending in an ellipsis when asked).

    One pass over the text, adding up the advances: a 20,000-character word
    costs 20,000 steps, not one measurement of each of its prefixes.
    """
    if text_width(text, font_size) <= max_width:
        return text
    body = text.rstrip("…") if ellipsis else text
    mark = _em("…") if ellipsis else 0.0
    total, end = 0.0, 0
    for index, char in enumerate(body):
        total += _em(char)
        if char.isspace():
            continue  # a prefix is shown without its trailing white space
        if ((total + mark) if ellipsis else total) * font_size > max_width:
            break
        end = index + 1
    if end == 0:
        return "…" if ellipsis else body[:1]
    return body[:end] + ("…" if ellipsis else "")


def attributes(attrs: dict[str, str | float | None]) -> str:
    parts: list[str] = []
    for key, value in attrs.items():
        if value is None:
            continue
        shown = coord(value) if isinstance(value, float) else escape(str(value))
        parts.append(f' {key}="{shown}"')
    return "".join(parts)


def element(tag: str, attrs: dict[str, str | float | None], content: str | None = None) -> str:
    """One XML element; ``content`` is markup (already escaped) or None for an empty element."""
    if content is None:
        return f"<{tag}{attributes(attrs)}/>"
    return f"<{tag}{attributes(attrs)}>{content}</{tag}>"


def title_element(text: str) -> str:
    return f"<title>{escape(text)}</title>"


TEXT_SIZES: Mapping[str, int] = MappingProxyType(
    {
        "sb-rm-axis-year": FONT_SIZE,
        "sb-rm-axis-quarter": MIN_FONT_SIZE,
        "sb-rm-axis-month": MIN_FONT_SIZE,
        "sb-rm-pillar-title": HEADER_FONT_SIZE,
        "sb-rm-plan-title": FONT_SIZE,
        "sb-rm-label": FONT_SIZE,
        "sb-rm-percent": MIN_FONT_SIZE,
        "sb-rm-as-of-label": MIN_FONT_SIZE,
        "sb-rm-legend-label": MIN_FONT_SIZE,
        "sb-heat-count": 16,
        "sb-heat-zero": 13,
        "sb-heat-tick": FONT_SIZE,
        "sb-heat-axis": FONT_SIZE,
    }
)
"""The font size (px) pictures.css gives each class of picture text; the last class of a text that has one counts.

Sizes live in the stylesheet, not in a ``font-size`` on every text: the estimates that keep labels apart read them here.
"""
TEXT_ANCHORS: Mapping[str, str] = MappingProxyType(
    {
        "sb-rm-axis-label": "middle",
        "sb-heat-count": "middle",
        "sb-heat-axis": "middle",
        "sb-heat-tick-x": "middle",
        "sb-heat-tick-y": "end",
        "sb-start": "start",
    }
)
"""The ``text-anchor`` pictures.css gives each class of picture text (``start`` for the others); the last one counts."""


def text_size(cls: str) -> int:
    """The font size pictures.css gives a text of class ``cls``."""
    sizes = [TEXT_SIZES[name] for name in cls.split() if name in TEXT_SIZES]
    if not sizes:
        raise ValueError(f"pictures.css gives no font size to a text of class {cls!r}")
    return sizes[-1]


def text_anchor(cls: str) -> str:
    """The ``text-anchor`` pictures.css gives a text of class ``cls``."""
    anchors = [TEXT_ANCHORS[name] for name in cls.split() if name in TEXT_ANCHORS]
    return anchors[-1] if anchors else "start"


def text_element(x: float, y: float, text: str, cls: str, size: int = FONT_SIZE, *, anchor: str = "start") -> str:
    """A text sized and anchored by its classes in pictures.css; ``size`` and ``anchor`` say what they must come to."""
    assert size >= MIN_FONT_SIZE
    assert text_size(cls) == size, (cls, size)
    assert text_anchor(cls) == anchor, (cls, anchor)
    return element("text", {"x": float(x), "y": float(y), "class": cls}, escape(text))


def svg_root(width: float, height: float, cls: str, label: str, body: Iterable[str]) -> str:
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
    return f"<svg{attributes(attrs)}>\n" + "\n".join(parts) + "\n</svg>"


def figure(svg: str, caption: str | None = None) -> str:
    """Wrap a picture for a page: scrolls sideways on narrow screens instead of shrinking its text."""
    if not svg:
        return ""
    caption_markup = f"\n<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        # Search engines skip a picture: its labels repeat the table that comes with it (and would fill the index).
        '<figure class="sb-picture-figure" data-search-exclude>\n'
        f'<div class="sb-picture-scroll">\n{svg}\n</div>{caption_markup}\n</figure>'
    )
