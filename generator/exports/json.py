"""playbook.json and its JSON Schema: the whole linked playbook for scripts and BI tools.

Deterministic (sorted, no build time in it) so that a rebuild of the same content is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator import __version__
from generator.analysis.pace import of_key_result
from generator.exports.files import write_export
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
from generator.rendering.options import Options, entity_url, home_url
from generator.rendering.pages import JSON_FILE, JSON_SCHEMA_FILE
from generator.rendering.text import data_number

FORMAT_VERSION = 1
DRAFT = "https://json-schema.org/draft/2020-12/schema"


_SCALARS = frozenset((str, int, float, bool, type(None)))
"""The types JSON holds as they are (checked by exact type: an enum built on ``str`` is written by its value)."""


def _plain(value: Any, extra: Callable[[Node], dict[str, Any]]) -> Any:
    if type(value) in _SCALARS:
        return value
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
    data = {key: _plain(getattr(node, name), extra) for name, key in _keys(type(node))}
    data.update(extra(node))
    return data


@functools.cache
def _keys(kind: type[Node]) -> tuple[tuple[str, str], ...]:
    """Each field of a kind of node and its YAML key, in the model's order."""
    return tuple((name, info.alias or name) for name, info in kind.model_fields.items())


def _ids(items: Iterable[Any]) -> list[str]:
    return [item.id for item in items]


def _pace(key_result: KeyResult, as_of: dt.date) -> dict[str, Any] | None:
    """The key result's pace and forecast as of the playbook's `as_of`, rounded like every figure."""
    figures = of_key_result(key_result, as_of)
    if figures is None:
        return None
    data = figures.to_dict()
    for key in ("expected", "gap", "forecast"):
        value = data[key]
        data[key] = data_number(value) if isinstance(value, int | float) else None
    return data


def _computed(options: Options, as_of: dt.date) -> Callable[[Node], dict[str, Any]]:
    """The linked and computed fields each kind adds to its YAML fields."""

    def extra(node: Node) -> dict[str, Any]:
        if isinstance(node, Strategy):
            return {"url": home_url(options)}
        if isinstance(node, Pillar):
            return {"url": entity_url(node, options), "plans": _ids(node.plans)}
        if isinstance(node, Plan):
            review = node.review
            return {"url": entity_url(node, options), "next_review": review.next.isoformat() if review else None}
        if isinstance(node, Objective):
            period = node.effective_period
            return {
                "url": entity_url(node, options),
                "plan": node.plan.id,
                "pillar": node.pillar.id,
                "effective_status": node.effective_status.value,
                "status_derived": node.status_is_derived,
                "effective_period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
                "progress": data_number(node.progress),
                "programs": _ids(node.programs),
            }
        if isinstance(node, KeyResult):
            return {
                "url": entity_url(node, options),
                "objective": node.objective.id,
                "progress": data_number(node.progress),
                "progress_clamped": data_number(node.progress_clamped),
                "is_reduction": node.is_reduction,
                "is_met": node.is_met,
                "pace": _pace(node, as_of),
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
    data: dict[str, Any] = analyse(playbook).to_dict(playbook.root)
    return data


def playbook_data(playbook: Playbook, options: Options | None = None) -> dict[str, Any]:
    """The whole linked model as plain JSON data, with page URLs and computed figures."""
    options = options or Options()
    extra = _computed(options, playbook.as_of)
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
    "Plan": {"url": _URL, "next_review": {"type": ["string", "null"], "format": "date"}},
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
        "is_met": {"type": ["boolean", "null"], "description": "Target reached (met, done); null without a value."},
        "pace": {
            "type": ["object", "null"],
            "description": "Pace and forecast of a `measure` key result as of `as_of` (null for other kinds).",
            "properties": {
                "start": _DATE,
                "due": _DATE,
                "expected": {"type": "number", "description": "The value a steady pace expects today."},
                "gap": {"type": ["number", "null"], "description": "Ahead (+) or behind (-) of that value."},
                "standing": {"enum": ["ahead", "behind", "on-pace", None]},
                "forecast": {"type": ["number", "null"], "description": "The value forecast at the due date."},
                "forecast_meets_target": {"type": ["boolean", "null"]},
            },
        },
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


def json_files(playbook: Playbook, options: Options | None = None) -> dict[str, str]:
    """playbook.json and playbook.schema.json."""
    return {JSON_FILE: _dump(playbook_data(playbook, options)), JSON_SCHEMA_FILE: _dump(json_schema())}


def write_json(
    playbook: Playbook, directory: Path, options: Options | None = None, /, *, playbook_folder: Path | None = None
) -> list[Path]:
    """Write playbook.json and its JSON Schema, as safely as `stratbook build` writes (see :func:`write_export`)."""
    return write_export(directory, "json", json_files(playbook, options), playbook_folder)
