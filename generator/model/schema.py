"""JSON Schemas of the playbook files, generated from :mod:`generator.model`.

Editors get completion and inline errors from them (through the
``yaml-language-server`` modeline); the committed copies in
``generator/schemas/`` are checked against this output by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.model import Node
from generator.model.kinds import FILE_KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: file kind -> (schema class, what one file of that kind holds, may it be a list), from the one file-kind table
KINDS: dict[str, tuple[type[Node], str, bool]] = {k.name: (k.model, k.holds, k.may_be_list) for k in FILE_KINDS}

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"


def _titles(schema: Any) -> None:
    """Title every property by its YAML key, so editors see the name they type."""
    if isinstance(schema, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for key, value in properties.items():
                if isinstance(value, dict):
                    value["title"] = key
        for value in schema.values():
            _titles(value)
    elif isinstance(schema, list):
        for value in schema:
            _titles(value)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind."""
    model, description, may_be_list = KINDS[kind]
    body = model.model_json_schema(by_alias=True, mode="validation", ref_template="#/$defs/{model}")
    defs = body.pop("$defs", {})
    defs[model.__name__] = body
    _titles(defs)
    one = {"$ref": f"#/$defs/{model.__name__}"}
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"https://stratbook.dev/schemas/{kind}.schema.json",
        "title": f"Stratbook {kind} file",
        "description": description,
    }
    if may_be_list:
        schema["anyOf"] = [one, {"type": "array", "minItems": 1, "items": one}]
    else:
        schema.update(one)
    schema["$defs"] = dict(sorted(defs.items()))
    return schema


def render(kind: str) -> str:
    """The schema file's exact text (stable, so committed copies can be compared)."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(output: Path) -> list[Path]:
    """Write every kind's schema into ``output``; only files whose text changed are rewritten."""
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind in KINDS:
        target = output / f"{kind}.schema.json"
        text = render(kind)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
