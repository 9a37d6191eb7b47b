"""The calendar's events, written line by line: the bytes icalendar writes for the same events."""

from __future__ import annotations

import datetime as dt

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.exports.ics import EventKey, _all_day_event, _text
from generator.rendering.text import one_line

STAMP = dt.datetime(2026, 11, 15, tzinfo=dt.UTC)
# Text that folding and escaping must get right: escapes at a fold, wide characters, every line break.
TEXT = st.text(
    alphabet=st.sampled_from([*"ab ,;:\\^N\n\r\t\u2028", "é", "–", "€", "😀", "中"]), min_size=0, max_size=200
)


def _by_icalendar(key: EventKey) -> bytes:
    """The event as icalendar writes it: what the calendar wrote before it wrote events itself."""
    uid, stamp, day, summary, lines, categories, url, with_url, status = key
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", _text(summary))
    event.add("description", "\n".join(_text(line) for line in [*lines, f"Page: {url}"]))
    event.add("categories", [one_line(category) for category in categories])
    event.add("transp", "TRANSPARENT")
    if with_url:
        event.add("url", url)
    if status is not None:
        event.add("status", status)
    written: bytes = event.to_ical()
    return written


KEYS = st.builds(
    lambda uid, day, summary, lines, categories, with_url, status: (
        uid,
        STAMP,
        day,
        summary,
        tuple(lines),
        tuple(categories),
        "https://playbook.example.org/strategy/objectives/" + "o" * (len(summary) % 90) + "/#milestone-a",
        with_url,
        status,
    ),
    st.from_regex(r"milestone-[a-z0-9-]{1,120}@stratbook", fullmatch=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 12, 30)),
    TEXT,
    st.lists(TEXT, max_size=4),
    st.lists(TEXT.filter(lambda text: one_line(text) != ""), min_size=1, max_size=3),
    st.booleans(),
    st.sampled_from([None, "CONFIRMED", "CANCELLED"]),
)


@settings(max_examples=300, deadline=None)
@given(key=KEYS)
def test_an_event_is_what_icalendar_writes(key: EventKey) -> None:
    assert _all_day_event(key) == _by_icalendar(key)


def test_a_fold_never_splits_an_escape() -> None:
    text = "x" * 65 + ",y"  # `SUMMARY:` and 65 characters put the backslash of `\,` last before the fold
    key: EventKey = ("u@stratbook", STAMP, dt.date(2027, 1, 1), text, (), ("Milestone",), "a/", False, None)
    written = _all_day_event(key)
    assert b"\\\r\n ," not in written
    assert written == _by_icalendar(key)
