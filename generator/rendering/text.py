"""Text on the pages: escaping, and the one way each kind of figure is written.

Plain text from YAML is escaped on output by :func:`literal` (every ASCII
punctuation character becomes a numeric character reference), which is inert
both in Markdown and in HTML, whatever Markdown extensions the site enables.
Numbers, shares and durations are written by :func:`format_number`,
:func:`format_percent` and :func:`format_duration` only, so a figure reads
the same on a page, in a picture and in the calendar.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import textwrap
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from generator.model import Raci
from generator.numbers import NARROW_UNITS, format_number
from generator.rendering.sanitize import markdown_to_safe_html

# --- escaping ---------------------------------------------------------------

_SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LITERAL = MappingProxyType(
    {
        **{c: f"&#{c};" for c in range(0x21, 0x7F) if not chr(c).isalnum()},
        **{ord("\t"): " ", ord("\r"): " ", ord("\n"): " "},
    }
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Plain text for a one-line field of a file format (a calendar's name, an event's summary).

    Line breaks, carriage returns and other control characters become
    spaces and runs of white space one space, as a page shows them: a title
    folded over two lines in YAML is still one title.
    """
    return " ".join(_CONTROL.sub(" ", text).split())


def literal(text: object) -> Markup:
    """Plain text made inert in Markdown and HTML: punctuation as character references.

    Whitespace runs collapse to one space so that text never starts a new
    Markdown block; the result is safe in element content and attribute values.
    """
    return _literal(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _literal(text: str) -> Markup:
    # The same names are escaped thousands of times on a large playbook (a role on every page it moves).
    return Markup(" ".join(text.split()).translate(_LITERAL))


_CODE_SPAN = re.compile(r"&#96;(.+?)&#96;")


def ids_as_code(text: object) -> Markup:
    """Plain text escaped like :func:`literal`, then each `backticked` part shown as code.

    For generated messages (alignment gaps and panels) that quote ids in
    backticks; the code spans hold the escaped text, so nothing becomes markup.
    """
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(literal(text))))


def markdown_block(text: str | None) -> Markup:
    """A Markdown field, contained in its own block so it cannot swallow the page."""
    if not text or not text.strip():
        return Markup("")
    body = textwrap.dedent(text).strip("\n").rstrip()
    return Markup(f'<div class="sb-md" markdown="1">\n\n{body}\n\n</div>')


def safe_markdown_block(text: str | None) -> Markup:
    """A Markdown field rendered and sanitized here (see :mod:`generator.rendering.sanitize`), in its own block.

    The page gets finished HTML, so neither the field's raw HTML nor the
    site's Markdown extensions (attribute lists) can add script to it.
    """
    if not text or not text.strip():
        return Markup("")
    body = textwrap.dedent(text).strip("\n").rstrip()
    return Markup(f'<div class="sb-md">\n{markdown_to_safe_html(body)}\n</div>')


def finalize(value: Any) -> Any:
    """Every ``{{ value }}`` that is not already markup is plain text: escape it."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return literal("yes" if value else "no")
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, enum.Enum):
        return literal(value.value)
    if isinstance(value, dt.date):
        return Markup(value.isoformat())
    return literal(value)


# --- formatting -------------------------------------------------------------


def format_percent(share: float | None, *, unit: str = " %") -> str:
    """A share (1.0 = 100 %) as a whole percentage, unclamped; "" for no share."""
    if share is None:
        return ""
    text = f"{share * 100:.0f}"
    return ("0" if text == "-0" else text) + unit


def format_duration(minutes: int | None, *, short: bool = True) -> str:
    """A length in minutes as ``1 h 30 min``; under an hour ``45 min`` (``45 minutes`` unless ``short``)."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min" if short else f"{rest} minutes"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def data_number(value: float | None) -> float | None:
    """A figure as data files hold it: rounded to 6 places, so that float noise never shows."""
    return None if value is None else round(value, 6)


def number(value: float | None) -> Markup:
    """:func:`format_number` for a page, with a true minus sign; "" for no value."""
    if value is None:
        return Markup("")
    return Markup(format_number(value).replace("-", "&#8722;"))


def with_unit(value: float | None, unit: str | None) -> Markup:
    if value is None:
        return Markup("&#8212;")
    shown = number(value)
    if not unit:
        return shown
    if unit in NARROW_UNITS:
        return Markup(f"{shown}&#8239;{literal(unit)}")
    return Markup(f"{shown} {literal(unit)}")


def percent(value: float | None) -> str:
    """The ``percent`` filter: the whole percentage without its sign (the template writes it)."""
    return format_percent(value, unit="")


def label(value: str | enum.Enum) -> str:
    """``on-track`` -> ``On track``."""
    text = value.value if isinstance(value, enum.Enum) else value
    text = text.replace("-", " ")
    return text[:1].upper() + text[1:]


_RACI_NAMES = {
    Raci.RESPONSIBLE: "Responsible",
    Raci.ACCOUNTABLE: "Accountable",
    Raci.CONSULTED: "Consulted",
    Raci.INFORMED: "Informed",
}


def raci(letter: Raci | None) -> Markup:
    if letter is None:
        return Markup("")
    return Markup(f'<abbr class="sb-raci sb-raci--{letter.value}" title="{_RACI_NAMES[letter]}">{letter.value}</abbr>')


def format_period(period: Any) -> Markup:
    if period is None:
        return Markup("")
    return Markup(f"{period.start.isoformat()} &#8211; {period.end.isoformat()}")


def anchor_id(entity: Any) -> Markup:
    """An id (or enum value) for use inside an element id: `[a-z0-9-]` by construction."""
    value = entity.value if isinstance(entity, enum.Enum) else entity.id
    return Markup(str(value)) if _SAFE_ID.fullmatch(str(value)) else literal(value)
