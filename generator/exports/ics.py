"""roadmap.ics: milestones and dated coaching sessions as all-day events (RFC 5545).

The calendar's DTSTAMP comes from ``as_of``, not the clock, so that rebuilds are byte-identical and
calendar apps that subscribe to it update events in place by their stable UIDs.  A UID is built from
ids only (a milestone's; a session's program and its week or date), never from a title: renaming the
playbook or re-titling a session updates the event instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator import __version__
from generator.exports.files import write_export
from generator.kept import Kept
from generator.model import Playbook
from generator.rendering.options import Options, entity_url
from generator.rendering.pages import ICS_FILE
from generator.rendering.text import format_duration, one_line

_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """A TEXT value: line breaks of any kind become LF (which the calendar escapes), other controls spaces.

    A raw CR would end the content line early and break the file for every calendar app.
    """
    return _CONTROL.sub(" ", _BREAKS.sub("\n", value)).strip()

#: The right-hand side of every UID: events are told apart by the ids on the left.
UID_DOMAIN = "stratbook"


def _stamp(playbook: Playbook) -> dt.datetime:
    """DTSTAMP from `as_of`, not the clock, so that rebuilds are byte-identical."""
    return dt.datetime.combine(playbook.as_of, dt.time(0, 0), tzinfo=dt.UTC)


EventKey = tuple[str, dt.datetime, dt.date, str, tuple[str, ...], tuple[str, ...], str, bool, str | None]
"""Everything an event shows: uid, stamp, day, summary, description lines, categories, url, with url, status."""


class CalendarEvents(Kept[str, EventKey, bytes]):
    """The events of the last calendar written, by uid with everything they show: a preview writes the
    calendar again after every edit, and building an event with icalendar is most of the calendar's time,
    so only the events an edit changed are built again.
    """


def _kept_event(events: CalendarEvents, key: EventKey) -> bytes:
    found = events.get(key[0], key)
    if found is None:
        found = _all_day_event(key)
        events.keep(key[0], key, found)
    return found


def _all_day_event(key: EventKey) -> bytes:
    """One all-day, non-blocking event, written; the page link ends its description (and is its URL on a site).

    Written line by line: icalendar's components took most of a large calendar's time. The lines, their
    order, escaping and folding are those icalendar writes for the same event (a test holds them to it).
    """
    uid, stamp, day, summary, lines, categories, url, with_url, status = key
    end = day + dt.timedelta(days=1)
    description = "\n".join(_text(line) for line in [*lines, f"Page: {url}"])
    properties = [
        f"SUMMARY:{_escaped(_text(summary))}",
        f"DTSTART;VALUE=DATE:{_date(day)}",
        f"DTEND;VALUE=DATE:{_date(end)}",
        f"DTSTAMP:{_date(stamp)}T{stamp.hour:02}{stamp.minute:02}{stamp.second:02}Z",
        f"UID:{_escaped(uid)}",
        "CATEGORIES:" + ",".join(_escaped(one_line(category)) for category in categories),
        f"DESCRIPTION:{_escaped(description)}",
    ]
    if status is not None:
        properties.append(f"STATUS:{status}")
    properties.append("TRANSP:TRANSPARENT")
    if with_url:
        properties.append(f"URL:{url}")
    return "".join(f"{_folded(line)}\r\n" for line in ["BEGIN:VEVENT", *properties, "END:VEVENT"]).encode("utf-8")


def _date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _escaped(text: str) -> str:
    """A TEXT value escaped as RFC 5545 asks, the way icalendar escapes it (it reads ``\\N`` as a line break)."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


FOLD = 75
"""Octets a content line may hold before it is folded (RFC 5545 3.1)."""
ESCAPES = "\\^"
"""Characters that start an escape: a fold never comes right after one."""


def _folded(line: str) -> str:
    """``line`` folded as icalendar folds it: at most 74 octets a line, never right after an escape's start."""
    if line.isascii():
        if len(line) < FOLD:
            return line
        parts, start = [], 0
        while len(line) - start >= FOLD:
            end = start + FOLD - 1
            if line[end - 1] in ESCAPES:
                end -= 1  # the escape's first character starts the next line
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= FOLD:
            if len(current) > 1 and current[-1] in ESCAPES:
                prefix = current.pop()
                folded.append("".join(current))
                current, count = [prefix], len(prefix.encode("utf-8"))
            else:
                folded.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


def calendar(playbook: Playbook, options: Options | None = None, events: CalendarEvents | None = None) -> bytes:
    """The roadmap as iCalendar (RFC 5545): milestones and dated coaching sessions as all-day events.

    ``events`` keeps the events from one calendar to the next (see :class:`CalendarEvents`).
    """
    import icalendar

    options = options or Options()
    stamp = _stamp(playbook)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Stratbook//stratbook {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{one_line(playbook.title)}: roadmap")
    keys: list[EventKey] = []
    with_url = bool(options.site_url)
    for milestone in playbook.milestones:
        objective = milestone.objective
        lines = [
            f"Objective: {objective.title}",
            f"Plan: {objective.plan.title}",
            f"Status: {milestone.status.value}",
        ]
        if milestone.owner is not None:
            lines.append(f"Owner: {milestone.owner.title}")
        if milestone.depends_on:
            lines.append("Depends on: " + ", ".join(m.title for m in milestone.depends_on))
        keys.append(
            (
                f"milestone-{milestone.id}@{UID_DOMAIN}",
                stamp,
                milestone.due,
                f"Milestone: {milestone.title}",
                tuple(lines),
                ("Milestone", objective.pillar.title, objective.plan.title),
                entity_url(milestone, options),
                with_url,
                "CANCELLED" if milestone.status.value == "cancelled" else "CONFIRMED",
            )
        )
    for program in playbook.programs:
        seen: dict[str, int] = {}
        for session in program.ordered_sessions:
            day = program.session_day(session)
            if day is None:
                continue
            when = f"week-{session.week}" if session.week is not None else day.isoformat()
            base = f"session-{program.id}-{when}"
            seen[base] = seen.get(base, 0) + 1
            uid = base if seen[base] == 1 else f"{base}-{seen[base]}"
            lines = [f"Coaching program: {program.title}"]
            if session.format is not None:
                lines.append(f"Format: {session.format.value}")
            if session.duration is not None:
                lines.append(f"Length: {format_duration(session.duration, short=False)}")
            lines.extend(f"Goal: {goal}" for goal in session.goals)
            keys.append(
                (
                    f"{uid}@{UID_DOMAIN}",
                    stamp,
                    day,
                    f"Coaching: {session.title}",
                    tuple(lines),
                    ("Coaching session", program.title),
                    entity_url(program, options),
                    with_url,
                    None,
                )
            )
    if events is None:
        written = [_all_day_event(key) for key in keys]
    else:
        events.begin()
        written = [_kept_event(events, key) for key in keys]
        events.end()
    # The calendar's own lines, with the events written between them and its closing line: the bytes
    # icalendar writes for the calendar with the events as its components.
    head: bytes = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    return head.removesuffix(end) + b"".join(written) + end


def write_ics(
    playbook: Playbook, directory: Path, options: Options | None = None, /, *, playbook_folder: Path | None = None
) -> list[Path]:
    """Write roadmap.ics (see :func:`write_export`)."""
    return write_export(directory, "ics", {ICS_FILE: calendar(playbook, options)}, playbook_folder)
