"""Data exports published with the site: playbook.json (with its JSON Schema), CSV tables, roadmap.ics.

They give the playbook to tools that do not read YAML: spreadsheets, BI
tools, calendar apps, scripts.  Every file is deterministic (sorted, no
build time in it: the calendar's DTSTAMP comes from ``as_of``) so that a
rebuild of the same content is byte-identical and calendar apps that
subscribe to ``roadmap.ics`` update events in place by their stable UIDs.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import logging
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.exports import exporter, write_if_changed
from generator.model import (
    KeyResult,
    Milestone,
    Node,
    Objective,
    Pillar,
    Plan,
    Playbook,
    Program,
    Risk,
    Role,
    Skill,
    Strategy,
)

log = logging.getLogger(__name__)

JSON_FILE = "playbook.json"
JSON_SCHEMA_FILE = "playbook.schema.json"
CSV_FILES = ("objectives-key-results.csv", "raci.csv", "risks.csv")
ICS_FILE = "roadmap.ics"
FORMAT_VERSION = 1
DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SiteOptions:
    """Where the site lives, so that exported links point at its pages."""

    site_url: str | None = None
    """The site's public address (MkDocs `site_url`); links are relative to the site root without it."""
    prefix: str = ""
    """Folder under the site root that holds the playbook's pages."""
    use_directory_urls: bool = True


# -- addresses ---------------------------------------------------------------------------------


def entity_url(entity: Node, options: SiteOptions | None = None) -> str:
    """The page address of ``entity``, relative to the site root (absolute with a site_url)."""
    from generator.render import entity_target, page_url

    options = options or SiteOptions()
    page, fragment = entity_target(entity)
    path = posixpath.join(options.prefix, page) if options.prefix else page
    url = page_url(path, options.use_directory_urls) + (f"#{fragment}" if fragment else "")
    return absolute(url, options)


def home_url(options: SiteOptions | None = None) -> str:
    from generator.render import page_url

    options = options or SiteOptions()
    path = posixpath.join(options.prefix, "index.md") if options.prefix else "index.md"
    return absolute(page_url(path, options.use_directory_urls), options)


def absolute(url: str, options: SiteOptions) -> str:
    if not options.site_url:
        return url
    return options.site_url.rstrip("/") + "/" + url


def slug(text: str) -> str:
    """ASCII lowercase words joined by hyphens (for calendar UIDs)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "playbook"


def _number(value: float | None) -> float | None:
    """Progress figures rounded to 6 places, so that float noise never shows in the data."""
    return None if value is None else round(value, 6)


# -- playbook.json -----------------------------------------------------------------------------


def _plain(value: Any, extra: Callable[[Node], dict[str, Any]]) -> Any:
    if isinstance(value, Node):
        return _node_data(value, extra)
    if isinstance(value, tuple | list):
        return [_plain(item, extra) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item, extra) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _node_data(node: Node, extra: Callable[[Node], dict[str, Any]]) -> dict[str, Any]:
    """Every field of ``node`` under its YAML key, then the computed figures of its kind."""
    data = {(info.alias or name): _plain(getattr(node, name), extra) for name, info in type(node).model_fields.items()}
    data.update(extra(node))
    return data


def _ids(items: Iterable[Any]) -> list[str]:
    return [item.id for item in items]


def _computed(options: SiteOptions) -> Callable[[Node], dict[str, Any]]:
    """The linked and computed fields each kind adds to its YAML fields."""

    def extra(node: Node) -> dict[str, Any]:
        if isinstance(node, Strategy):
            return {"url": home_url(options)}
        if isinstance(node, Pillar):
            return {"url": entity_url(node, options), "plans": _ids(node.plans)}
        if isinstance(node, Plan):
            return {"url": entity_url(node, options)}
        if isinstance(node, Objective):
            period = node.effective_period
            return {
                "url": entity_url(node, options),
                "plan": node.plan.id,
                "pillar": node.pillar.id,
                "effective_status": node.effective_status.value,
                "status_derived": node.status_is_derived,
                "effective_period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
                "progress": _number(node.progress),
                "programs": _ids(node.programs),
            }
        if isinstance(node, KeyResult):
            return {
                "url": entity_url(node, options),
                "objective": node.objective.id,
                "progress": _number(node.progress),
                "progress_clamped": _number(node.progress_clamped),
                "is_reduction": node.is_reduction,
            }
        if isinstance(node, Milestone):
            return {
                "url": entity_url(node, options),
                "objective": node.objective.id,
                "is_late": node.is_late,
                "dependents": _ids(node.dependents),
            }
        if isinstance(node, Risk):
            return {"url": entity_url(node, options), "objective": node.objective.id, "score": node.score}
        if isinstance(node, Role):
            return {
                "url": entity_url(node, options),
                "reports": _ids(node.reports),
                "owned_objectives": _ids(node.owned_objectives),
                "objectives": _ids(node.objectives),
                "contributions": [
                    {"objective": c.objective.id, "raci": c.raci.value, "contribution": c.contribution}
                    for c in node.contributions
                ],
                "owned_plans": _ids(node.owned_plans),
                "owned_milestones": _ids(node.owned_milestones),
                "owned_risks": _ids(node.owned_risks),
                "programs": [
                    {"program": p.program.id, "capacity": p.capacity, "focus": p.focus} for p in node.programs
                ],
            }
        if isinstance(node, Skill):
            return {
                "url": entity_url(node, options),
                "needed_by": [{"role": n.role.id, "level": n.level} for n in node.needed_by],
                "objectives": _ids(node.objectives),
                "developed_by": [
                    {"program": d.program.id, "from": d.from_level, "to": d.to_level} for d in node.developed_by
                ],
                "needed_level": node.needed_level,
                "developed_level": node.developed_level,
            }
        if isinstance(node, Program):
            return {"url": entity_url(node, options)}
        return {}

    return extra


def _alignment(playbook: Playbook) -> dict[str, Any] | None:
    """The alignment figures (generator.analysis.alignment), or None where that module is not installed."""
    try:
        from generator.analysis.alignment import analyse
    except ModuleNotFoundError:  # pragma: no cover - the module ships with the package
        return None
    data: dict[str, Any] = analyse(playbook).to_dict()
    return data


def playbook_data(playbook: Playbook, options: SiteOptions | None = None) -> dict[str, Any]:
    """The whole linked model as plain JSON data, with page URLs and computed figures."""
    options = options or SiteOptions()
    extra = _computed(options)
    return {
        "$schema": f"./{JSON_SCHEMA_FILE}",
        "format": "stratbook-playbook",
        "format_version": FORMAT_VERSION,
        "generator": f"stratbook {__version__}",
        "as_of": playbook.as_of.isoformat(),
        "site_url": options.site_url,
        "strategy": _node_data(playbook.strategy, extra),
        "plans": [_node_data(plan, extra) for plan in playbook.plans],
        "roles": [_node_data(role, extra) for role in playbook.roles],
        "skills": [_node_data(skill, extra) for skill in playbook.skills],
        "programs": [_node_data(program, extra) for program in playbook.programs],
        "alignment": _alignment(playbook),
    }


_STRING: dict[str, Any] = {"type": "string"}
_ID: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
_IDS: dict[str, Any] = {"type": "array", "items": _ID}
_URL: dict[str, Any] = {"type": "string", "description": "Address of the entity's page, relative to the site root."}
_RATIO: dict[str, Any] = {"type": ["number", "null"]}
_DATE: dict[str, Any] = {"type": "string", "format": "date"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


#: The computed properties each schema class gets in the export, in the order they are written.
COMPUTED_SCHEMA: dict[str, dict[str, Any]] = {
    "Strategy": {"url": _URL},
    "Pillar": {"url": _URL, "plans": _IDS},
    "Plan": {"url": _URL},
    "Objective": {
        "url": _URL,
        "plan": _ID,
        "pillar": _ID,
        "effective_status": {"$ref": "#/$defs/ObjectiveStatus"},
        "status_derived": {"type": "boolean", "description": "True when `status` is absent and derived."},
        "effective_period": _object({"start": _DATE, "end": _DATE}),
        "progress": {**_RATIO, "description": "Mean clamped progress of the key results that have a value."},
        "programs": _IDS,
    },
    "KeyResult": {
        "url": _URL,
        "objective": _ID,
        "progress": {**_RATIO, "description": "(current - baseline) / (target - baseline), unclamped."},
        "progress_clamped": {**_RATIO, "description": "Progress clamped to 0-1, as the site shows it."},
        "is_reduction": {"type": "boolean"},
    },
    "Milestone": {"url": _URL, "objective": _ID, "is_late": {"type": "boolean"}, "dependents": _IDS},
    "Risk": {"url": _URL, "objective": _ID, "score": {"type": "integer", "minimum": 1, "maximum": 25}},
    "Role": {
        "url": _URL,
        "reports": _IDS,
        "owned_objectives": _IDS,
        "objectives": _IDS,
        "contributions": {
            "type": "array",
            "items": _object(
                {"objective": _ID, "raci": {"$ref": "#/$defs/Raci"}, "contribution": {"type": ["string", "null"]}}
            ),
        },
        "owned_plans": _IDS,
        "owned_milestones": _IDS,
        "owned_risks": _IDS,
        "programs": {
            "type": "array",
            "items": _object(
                {
                    "program": _ID,
                    "capacity": {"enum": ["coachee", "coach", "mentor", "mentee"]},
                    "focus": {"type": ["string", "null"]},
                }
            ),
        },
    },
    "Skill": {
        "url": _URL,
        "needed_by": {"type": "array", "items": _object({"role": _ID, "level": {"type": "integer"}})},
        "objectives": _IDS,
        "developed_by": {
            "type": "array",
            "items": _object({"program": _ID, "from": {"type": "integer"}, "to": {"type": "integer"}}),
        },
        "needed_level": {"type": ["integer", "null"]},
        "developed_level": {"type": ["integer", "null"]},
    },
    "Program": {"url": _URL},
}

_ALIGNMENT_SCHEMA: dict[str, Any] = {
    "description": "The strategy alignment figures (see the site's alignment page), or null.",
    "anyOf": [
        {
            "type": "object",
            "properties": {
                "score": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                "formula": _STRING,
                "weights": {"type": "object", "additionalProperties": {"type": "integer"}},
                "figures": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "key": _STRING,
                            "title": _STRING,
                            "covered": {"type": "integer", "minimum": 0},
                            "total": {"type": "integer", "minimum": 0},
                            "gaps": {"type": "array", "items": {"type": "object"}},
                        },
                        "required": ["key", "title", "covered", "total", "gaps"],
                    },
                },
            },
            "required": ["score", "figures"],
        },
        {"type": "null"},
    ],
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of playbook.json, generated from the model classes."""
    defs: dict[str, Any] = {}
    for model in (Strategy, Plan, Role, Skill, Program):
        body = model.model_json_schema(by_alias=True, mode="serialization", ref_template="#/$defs/{model}")
        defs.update(body.pop("$defs", {}))
        defs[model.__name__] = body
    for name, schema in defs.items():
        properties = schema.get("properties")
        if properties is None:
            continue
        for key, value in COMPUTED_SCHEMA.get(name, {}).items():
            properties[key] = value
        schema["required"] = list(properties)  # the export writes every field, defaults included
        schema["additionalProperties"] = False
    return {
        "$schema": DRAFT,
        "$id": f"https://stratbook.dev/schemas/{JSON_SCHEMA_FILE}",
        "title": "Stratbook playbook export",
        "description": "The whole linked playbook as published in playbook.json: every field under its YAML key, "
        "references as ids, plus each entity's page URL and computed figures.",
        "type": "object",
        "properties": {
            "$schema": _STRING,
            "format": {"const": "stratbook-playbook"},
            "format_version": {"const": FORMAT_VERSION},
            "generator": _STRING,
            "as_of": _DATE,
            "site_url": {"type": ["string", "null"]},
            "strategy": {"$ref": "#/$defs/Strategy"},
            "plans": {"type": "array", "items": {"$ref": "#/$defs/Plan"}},
            "roles": {"type": "array", "items": {"$ref": "#/$defs/Role"}},
            "skills": {"type": "array", "items": {"$ref": "#/$defs/Skill"}},
            "programs": {"type": "array", "items": {"$ref": "#/$defs/Program"}},
            "alignment": _ALIGNMENT_SCHEMA,
        },
        "required": [
            "$schema",
            "format",
            "format_version",
            "generator",
            "as_of",
            "site_url",
            "strategy",
            "plans",
            "roles",
            "skills",
            "programs",
            "alignment",
        ],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def json_files(playbook: Playbook, options: SiteOptions | None = None) -> dict[str, str]:
    """playbook.json and playbook.schema.json."""
    return {JSON_FILE: _dump(playbook_data(playbook, options)), JSON_SCHEMA_FILE: _dump(json_schema())}


def _write(directory: Path, files: dict[str, str] | dict[str, bytes]) -> list[Path]:
    """Write ``files`` under ``directory``; returns those whose content changed."""
    return [directory / name for name, data in files.items() if write_if_changed(directory / name, data)]


@exporter("json")
def write_json(playbook: Playbook, directory: Path, options: SiteOptions | None = None) -> list[Path]:
    """Write playbook.json and its JSON Schema."""
    return _write(directory, json_files(playbook, options))


# -- CSV -----------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """One CSV cell; text a spreadsheet would run as a formula is prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _table(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


OBJECTIVE_COLUMNS = [
    "plan_id",
    "plan_title",
    "pillar_id",
    "objective_id",
    "objective_title",
    "objective_owner",
    "objective_status",
    "objective_status_derived",
    "objective_start",
    "objective_end",
    "objective_progress",
    "objective_url",
    "key_result_id",
    "key_result_title",
    "metric",
    "unit",
    "baseline",
    "target",
    "current",
    "progress",
    "due",
    "key_result_url",
]
RISK_COLUMNS = [
    "risk_id",
    "risk_title",
    "score",
    "likelihood",
    "impact",
    "status",
    "owner",
    "mitigation",
    "objective_id",
    "objective_title",
    "plan_id",
    "url",
]


def objectives_csv(playbook: Playbook, options: SiteOptions | None = None) -> str:
    """Objectives with their key results, one row per key result (objectives without any: one row)."""
    rows: list[list[Any]] = []
    for objective in playbook.objectives:
        period = objective.effective_period
        head = [
            objective.plan.id,
            objective.plan.title,
            objective.pillar.id,
            objective.id,
            objective.title,
            objective.owner_id,
            objective.effective_status,
            objective.status_is_derived,
            period.start,
            period.end,
            objective.progress,
            entity_url(objective, options),
        ]
        if not objective.key_results:
            rows.append(head + [None] * 10)
        for kr in objective.key_results:
            rows.append(
                [
                    *head,
                    kr.id,
                    kr.title,
                    kr.metric,
                    kr.unit,
                    kr.baseline,
                    kr.target,
                    kr.current,
                    kr.progress,
                    kr.due,
                    entity_url(kr, options),
                ]
            )
    return _table(OBJECTIVE_COLUMNS, rows)


def raci_csv(playbook: Playbook) -> str:
    """The RACI matrix: a row per role, a column per objective (the letter, or empty)."""
    objectives = playbook.objectives
    rows = [[role.id, role.title, *((o.raci_of(role) or "") for o in objectives)] for role in playbook.roles]
    return _table(["role_id", "role_title", *(o.id for o in objectives)], rows)


def risks_csv(playbook: Playbook, options: SiteOptions | None = None) -> str:
    """The risk register, highest score first (playbook order among equal scores)."""
    ordered = sorted(playbook.risks, key=lambda r: -r.score)
    rows = [
        [
            r.id,
            r.title,
            r.score,
            r.likelihood,
            r.impact,
            r.status,
            r.owner_id,
            r.mitigation,
            r.objective.id,
            r.objective.title,
            r.objective.plan.id,
            entity_url(r, options),
        ]
        for r in ordered
    ]
    return _table(RISK_COLUMNS, rows)


def csv_files(playbook: Playbook, options: SiteOptions | None = None) -> dict[str, str]:
    """The three CSV tables (UTF-8, header row, RFC 4180 line ends)."""
    tables = (objectives_csv(playbook, options), raci_csv(playbook), risks_csv(playbook, options))
    return dict(zip(CSV_FILES, tables, strict=True))


@exporter("csv")
def write_csv(playbook: Playbook, directory: Path, options: SiteOptions | None = None) -> list[Path]:
    """Write objectives-key-results.csv, raci.csv and risks.csv."""
    return _write(directory, csv_files(playbook, options))


# -- iCalendar -----------------------------------------------------------------------------------


def _stamp(playbook: Playbook) -> dt.datetime:
    """DTSTAMP from `as_of`, not the clock, so that rebuilds are byte-identical."""
    return dt.datetime.combine(playbook.as_of, dt.time(0, 0), tzinfo=dt.UTC)


def _minutes(value: int) -> str:
    hours, rest = divmod(value, 60)
    if not hours:
        return f"{rest} minutes"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def _all_day_event(
    uid: str,
    stamp: dt.datetime,
    day: dt.date,
    *,
    summary: str,
    lines: list[str],
    categories: list[str],
    url: str,
    options: SiteOptions,
) -> Any:
    """One all-day, non-blocking event; the page link ends its description (and is its URL on a site)."""
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", "\n".join([*lines, f"Page: {url}"]))
    event.add("categories", categories)
    event.add("transp", "TRANSPARENT")
    if options.site_url:
        event.add("url", url)
    return event


def calendar(playbook: Playbook, options: SiteOptions | None = None) -> bytes:
    """The roadmap as iCalendar (RFC 5545): milestones and dated coaching sessions as all-day events."""
    import icalendar

    options = options or SiteOptions()
    domain = f"{slug(playbook.title)}.stratbook"
    stamp = _stamp(playbook)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Stratbook//stratbook {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{playbook.title}: roadmap")
    for milestone in playbook.milestones:
        objective = milestone.objective
        url = entity_url(milestone, options)
        lines = [
            f"Objective: {objective.title}",
            f"Plan: {objective.plan.title}",
            f"Status: {milestone.status.value}",
        ]
        if milestone.owner is not None:
            lines.append(f"Owner: {milestone.owner.title}")
        if milestone.depends_on:
            lines.append("Depends on: " + ", ".join(m.title for m in milestone.depends_on))
        event = _all_day_event(
            f"{milestone.id}@{domain}",
            stamp,
            milestone.due,
            summary=f"Milestone: {milestone.title}",
            lines=lines,
            categories=["Milestone", objective.pillar.title, objective.plan.title],
            url=url,
            options=options,
        )
        event.add("status", "CANCELLED" if milestone.status.value == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    for program in playbook.programs:
        seen: dict[str, int] = {}
        for session in program.ordered_sessions:
            if session.date is None:
                continue
            base = f"{program.id}-{session.date.isoformat()}-{slug(session.title)}"
            seen[base] = seen.get(base, 0) + 1
            uid = base if seen[base] == 1 else f"{base}-{seen[base]}"
            url = entity_url(program, options)
            lines = [f"Coaching program: {program.title}"]
            if session.format is not None:
                lines.append(f"Format: {session.format.value}")
            if session.duration is not None:
                lines.append(f"Length: {_minutes(session.duration)}")
            lines.extend(f"Goal: {goal}" for goal in session.goals)
            cal.add_component(
                _all_day_event(
                    f"{uid}@{domain}",
                    stamp,
                    session.date,
                    summary=f"Coaching: {session.title}",
                    lines=lines,
                    categories=["Coaching session", program.title],
                    url=url,
                    options=options,
                )
            )
    data: bytes = cal.to_ical()
    return data


@exporter("ics")
def write_ics(playbook: Playbook, directory: Path, options: SiteOptions | None = None) -> list[Path]:
    """Write roadmap.ics."""
    return _write(directory, {ICS_FILE: calendar(playbook, options)})


# -- for the site -------------------------------------------------------------------------------


def data_files(playbook: Playbook, options: SiteOptions | None = None) -> dict[str, bytes]:
    """Every data file's name and bytes, for a plugin that adds them to the site in memory."""
    texts = {**json_files(playbook, options), **csv_files(playbook, options)}
    return {**{name: text.encode("utf-8") for name, text in texts.items()}, ICS_FILE: calendar(playbook, options)}
