"""How numbers and amounts are written, for every stage that words a fact (analysis, pages, data files).

One formatter, so that a pace sentence, a "What changed" line and a table cell write 1,234.5 alike.
"""

from __future__ import annotations

NARROW_UNITS = ("%", "‰")
"""Units written after a narrow no-break space (`99.7 %`); every other unit follows a plain space."""


def format_number(value: float, *, grouped: bool = True) -> str:
    """A number as people write it: no trailing `.0`, at most 2 decimals, thousands grouped unless not ``grouped``.

    Pictures pass ``grouped=False``: their labels are narrow and measured.
    """
    separator = "," if grouped else ""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:{separator}.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):{separator}}"
    return "0" if text == "-0" else text


def amount(text: str, unit: str | None) -> str:
    """A written number and its unit as plain text (`26 carriers`, `99.7 %`)."""
    if not unit:
        return text
    return f"{text}\u202f{unit}" if unit in NARROW_UNITS else f"{text} {unit}"
