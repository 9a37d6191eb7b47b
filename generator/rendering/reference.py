"""The editors' reference, generated from the schema so that it never drifts from the checker.

Every field of every file kind gets a row: its YAML key, type, whether it is
required (and its default), the values allowed, what it means (the field's
description in :mod:`generator.model`) and an example value.  Types, ranges
and allowed values are read from the JSON Schema that :mod:`generator.model.schema`
generates from the same pydantic classes the checker validates with.
:func:`reference_pages` returns the Markdown pages of the Reference section.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.acceptance import CODES, UNUSED
from generator.exceptions import article
from generator.model import ID_MAX_LENGTH, ID_PATTERN, Node
from generator.model.kinds import KIND_BY_NAME
from generator.model.schema import KINDS, json_schema
from generator.rendering.options import page_file
from generator.rendering.template_guide import templates_page

HOW_TO = Path(__file__).parent.parent / "guides" / "how-to.md"
CONTENT_MODEL = Path(__file__).parent.parent / "guides" / "content-model.md"
EXAMPLE_DAY = dt.date(2027, 1, 15)
"""The day the example files are dated from, fixed so the pages are deterministic."""

#: YAML key of a reference field -> what kind of entity it names.
REF_KINDS: dict[str, str] = {
    "owner": "role",
    "pillar": "pillar",
    "skills": "skill",
    "skill": "skill",
    "role": "role",
    "reports_to": "role",
    "depends_on": "milestone",
    "affects": "objective, key result or milestone",
    "audience": "role",
    "coaches": "role",
    "supports": "objective",
    "mentor": "role",
    "by": "role",
    "mentee": "role",
}

#: Example values of fields, by (schema class, YAML key); others are derived from the type.
EXAMPLES: dict[tuple[str, str], Any] = {
    ("Strategy", "title"): "Acme Strategy Playbook 2027-2029",
    ("Strategy", "vision"): "Every regional carrier plans its day in Acme.",
    ("Strategy", "purpose"): "Give dispatchers their evenings back.",
    ("Strategy", "review_cadence"): "quarterly",
    ("Strategy", "principles"): ["Decide with data, explain with stories."],
    ("Pillar", "id"): "customers",
    ("Pillar", "title"): "Customers",
    ("Plan", "id"): "plan-customers",
    ("Plan", "title"): "Keep our customers",
    ("Objective", "id"): "reduce-churn",
    ("Objective", "title"): "Reduce customer churn",
    ("KeyResult", "id"): "kr-churn-rate",
    ("KeyResult", "title"): "Yearly customer churn",
    ("KeyResult", "metric"): "customers lost in 12 months / customers at the start",
    ("KeyResult", "unit"): "%",
    ("KeyResult", "baseline"): 12,
    ("KeyResult", "target"): 8,
    ("KeyResult", "current"): 10.5,
    ("Measurement", "value"): 10.5,
    ("Milestone", "id"): "ms-health-score",
    ("Milestone", "title"): "Customer health score in use",
    ("Milestone", "depends_on"): ["ms-usage-data"],
    ("Contribution", "contribution"): "Runs the renewal conversations.",
    ("Resource", "name"): "Analytics contractor",
    ("Resource", "amount"): 40000,
    ("Resource", "unit"): "EUR",
    ("Risk", "id"): "risk-usage-data",
    ("Risk", "title"): "Usage data is too patchy",
    ("Risk", "mitigation"): "Start with the accounts whose data is complete.",
    ("Adjustment", "summary"): "Renewal playbook moved to Q3.",
    ("Adjustment", "reason"): "The health score needed a second data source first.",
    ("Adjustment", "affects"): ["ms-renewal-playbook"],
    ("Role", "id"): "team-lead",
    ("Role", "title"): "Customer team lead",
    ("Role", "team"): "Customer team",
    ("Role", "responsibilities"): ["Chair the quarterly review."],
    ("Skill", "id"): "customer-conversations",
    ("Skill", "title"): "Customer conversations",
    ("Skill", "levels"): {"1": "Answers questions.", "3": "Leads a renewal conversation."},
    ("Program", "id"): "negotiation-program",
    ("Program", "title"): "Negotiating renewals",
    ("Cadence", "feedback"): "After every call, within two days.",
    ("Cadence", "mentorship"): "Every two weeks, 30 minutes.",
    ("Cadence", "check_in"): "Monthly, in the one-to-one.",
    ("Session", "title"): "Preparing a negotiation",
    ("Session", "duration"): 90,
    ("Session", "goals"): ["Agree on the steps of a renewal call."],
    ("Session", "agenda"): ["Listen to two recorded calls."],
    ("Session", "questions"): ["What did the customer want?"],
    ("Session", "exercises"): ["Rewrite the opening of your next call."],
    ("Mentoring", "mentee"): "account-manager",
    ("Mentoring", "focus"): "Renewals of the largest accounts.",
    ("Measure", "title"): "Churn of coached accounts",
    ("Measure", "target"): "below 8 %",
    ("SkillDevelopment", "from"): 2,
    ("SkillDevelopment", "to"): 3,
}

PAGE_TITLES: dict[str, str] = {
    "playbook": "playbook.yaml",
    "plan": "Plans (plans/)",
    "role": "Roles (roles/)",
    "skill": "Skills (skills/)",
    "coaching": "Coaching programs (coaching/)",
}
_STARTER_FILES = {
    "playbook": "content/playbook.yaml",
    "plan": "content/plans/customers.yaml",
    "role": "content/roles/customer-team.yaml",
    "skill": "content/skills/skills.yaml",
    "coaching": "content/coaching/customer-conversations.yaml",
}
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/%-]*$")
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "~"})


# -- Markdown helpers ---------------------------------------------------------------------------


def cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped so they cannot end the cell."""
    return " ".join(text.replace("|", "\\|").split())


def code(text: str) -> str:
    """An inline code span that holds ``text`` literally, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}\n"


def yaml_inline(value: Any) -> str:
    """A value as inline YAML 1.2 (flow style), quoted where plain text would be read differently."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_inline(v)}" for k, v in value.items()) + "}"
    text = str(value)
    numeric = re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+", text)
    if _PLAIN_SAFE.match(text) and text.lower() not in _RESERVED and not numeric and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


# -- reading the schema -------------------------------------------------------------------------


def _def_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _non_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _model_fields(model_name: str, models: dict[str, type[Node]]) -> dict[str, tuple[str, str]]:
    """YAML key -> (python name, description) of a schema class."""
    model = models[model_name]
    return {(info.alias or name): (name, info.description or "") for name, info in model.model_fields.items()}


def _classes(root: type[Node]) -> dict[str, type[Node]]:
    """Every schema class reachable from ``root``, by name, in breadth-first field order."""
    found: dict[str, type[Node]] = {root.__name__: root}
    queue = [root]
    while queue:
        model = queue.pop(0)
        for info in model.model_fields.values():
            for nested in _nested_models(info.annotation):
                if nested.__name__ not in found:
                    found[nested.__name__] = nested
                    queue.append(nested)
    return found


def _nested_models(annotation: Any) -> Iterator[type[Node]]:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, Node):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from _nested_models(arg)


class _Describer:
    """Turns one property schema into the Type, Allowed values and Example cells."""

    def __init__(self, defs: dict[str, Any], kinds: dict[str, str]) -> None:
        self.defs = defs
        self.kinds = kinds  # schema class -> section anchor on this page
        self._depth = 0

    def type_of(self, schema: dict[str, Any], ref_kind: str | None) -> tuple[str, str]:
        schema = _non_null(schema)
        if "anyOf" in schema:  # an id or a mapping, as an objective's `skills`
            parts = [self.type_of(choice, ref_kind) for choice in schema["anyOf"]]
            return " or ".join(t for t, _ in parts), "; ".join(a for _, a in parts if a)
        if "$ref" in schema:
            name = _def_name(schema["$ref"])
            target = self.defs[name]
            if "enum" in target:
                return "one of the values", ", ".join(code(str(v)) for v in target["enum"])
            return f"[{_human(name)}](#{_anchor(name)}) (a mapping)", ""
        kind = schema.get("type")
        if kind == "array":
            inner, allowed = self.type_of(schema.get("items", {}), ref_kind)
            minimum = schema.get("minItems")
            extra = f"at least {minimum}" if minimum else ""
            return f"list of {inner}", "; ".join(part for part in (allowed, extra) if part)
        if kind == "string":
            if schema.get("format") == "date":
                return "date", "ISO date `YYYY-MM-DD`"
            if schema.get("pattern") == ID_PATTERN:
                if ref_kind:
                    a = article(ref_kind)
                    return f"reference to {a} {ref_kind}", f"the `id` of {a} {ref_kind}"
                return "id", f"lowercase letters, digits and single hyphens, at most {ID_MAX_LENGTH} characters"
            if schema.get("contentMediaType") == "text/markdown":
                return "Markdown", ""
            return "text", "not empty" if schema.get("minLength") else ""
        if kind == "integer":
            low, high = schema.get("minimum"), schema.get("maximum")
            if low is not None and high is not None:
                return "whole number", f"{low} to {high}"
            if low is not None:
                return "whole number", f"at least {low}"
            return "whole number", ""
        if kind == "number":
            return "number", ""
        if kind == "object":
            values = schema.get("additionalProperties", {})
            inner, _ = self.type_of(values, None) if isinstance(values, dict) else ("value", "")
            return f"mapping from level (1 to 5) to {inner}", "keys 1 to 5"
        return "value", ""  # pragma: no cover - every field has a type

    def example(self, model: str, key: str, schema: dict[str, Any], ref_kind: str | None) -> Any:
        if (model, key) in EXAMPLES:
            return EXAMPLES[(model, key)]
        schema = _non_null(schema)
        if "anyOf" in schema:
            return self.example(model, key, schema["anyOf"][0], ref_kind)
        if "$ref" in schema:
            name = _def_name(schema["$ref"])
            target = self.defs[name]
            if "enum" in target:
                return target["enum"][0]
            return self._mapping_example(name, target)
        kind = schema.get("type")
        if kind == "array":
            inner = self.example(model, key + "[]", schema.get("items", {}), ref_kind)
            return None if inner is None else [inner]
        if kind == "string":
            if schema.get("format") == "date":
                return "2027-03-31"
            if schema.get("pattern") == ID_PATTERN:
                return _REF_EXAMPLES.get(ref_kind or "", "example-id")
            if schema.get("contentMediaType") == "text/markdown":
                return "Text with **Markdown**."
            return "Some text"
        if kind == "integer":
            return schema.get("minimum", 1) + (1 if schema.get("maximum", 0) >= 3 else 0)
        if kind == "number":
            return 42
        return None

    def _mapping_example(self, name: str, target: dict[str, Any]) -> Any:
        """A short mapping of the required fields, when it fits on one line; else None (see its section)."""
        if self._depth > 2:
            return None
        self._depth += 1
        try:
            example: dict[str, Any] = {}
            for key in target.get("required", []):
                value = self.example(name, key, target["properties"][key], REF_KINDS.get(key))
                if value is None:
                    return None
                example[key] = value
        finally:
            self._depth -= 1
        if name == "Period":
            example = {"start": "2027-01-01", "end": "2027-12-31"}
        return example if example and len(yaml_inline(example)) <= 60 else None


_REF_EXAMPLES = {
    "role": "team-lead",
    "pillar": "customers",
    "skill": "customer-conversations",
    "milestone": "ms-health-score",
    "objective": "reduce-churn",
    "objective, key result or milestone": "kr-churn-rate",
}


def _human(name: str) -> str:
    return {
        "Strategy": "strategy",
        "KeyResult": "key result",
        "SkillNeed": "skill need",
        "ObjectiveSkill": "objective skill",
        "SkillDevelopment": "skill development",
        "Program": "coaching program",
        "Measurement": "measurement",
    }.get(name, name.lower())


def _anchor(name: str) -> str:
    return _human(name).replace(" ", "-")


# -- pages -----------------------------------------------------------------------------------------


def field_rows(kind: str) -> dict[str, list[dict[str, Any]]]:
    """Per schema class of a file kind: one row per field (key, type, required, default, allowed, meaning, example)."""
    root = KINDS[kind][0]
    schema = json_schema(kind)
    defs = schema["$defs"]
    models = _classes(root)
    describer = _Describer(defs, {name: _anchor(name) for name in models})
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, model in models.items():
        body = defs[name]
        required = set(body.get("required", []))
        fields = _model_fields(name, models)
        rows = []
        for key, prop in body.get("properties", {}).items():
            python_name, meaning = fields[key]
            ref_kind = REF_KINDS.get(key) if python_name.endswith(("_id", "_ids", "_entries")) else None
            type_text, allowed = describer.type_of(prop, ref_kind)
            info = model.model_fields[python_name]
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            rows.append(
                {
                    "key": key,
                    "type": type_text,
                    "required": key in required,
                    "default": default,
                    "allowed": allowed,
                    "meaning": meaning,
                    "example": describer.example(name, key, prop, ref_kind),
                    "schema": prop,
                }
            )
        tables[name] = rows
    return tables


def _required_text(row: dict[str, Any]) -> str:
    if row["required"]:
        return "yes"
    default = row["default"]
    if default in (None, (), {}):
        return "no"
    value = default.value if hasattr(default, "value") else default
    return f"no (default {code(yaml_inline(value))})"


def _kind_page(kind: str) -> str:
    model, _, may_be_list = KINDS[kind]
    tables = field_rows(kind)
    lines = [f"# {cell(PAGE_TITLES[kind])}", ""]
    if may_be_list:
        lines.append(
            f"A file under `{KIND_BY_NAME[kind].folder}/` (any sub-folder, ending in `.yaml` or `.yml`) holds one "
            f"{_human(model.__name__)} (a mapping) or a list of them."
        )
    else:
        lines.append("The playbook folder holds exactly one `playbook.yaml`: the strategy itself.")
    lines += [
        "Each table lists every field the checker accepts; any other key is an error.",
        "",
    ]
    for name, rows in tables.items():
        model_class = _classes(model)[name]
        lines += [f"## {_human(name).capitalize()} {{#{_anchor(name)}}}", ""]
        doc = (model_class.__doc__ or "").strip().splitlines()[0] if model_class.__doc__ else ""
        if doc:
            lines += [cell(doc), ""]
        lines += [
            "| Field | Type | Required | Allowed values | Meaning | Example |",
            "|---|---|---|---|---|---|",
        ]
        for row in rows:
            example = "" if row["example"] is None else code(yaml_inline(row["example"]))
            lines.append(
                f"| {code(row['key'])} | {row['type']} | {_required_text(row)} | {cell(row['allowed'])} "
                f"| {cell(row['meaning'])} | {example} |"
            )
        lines.append("")
    example_file = _example_file(kind)
    if example_file:
        lines += ["## Example file", "", fenced(example_file, "yaml")]
    return "\n".join(lines).rstrip("\n") + "\n"


def _example_file(kind: str) -> str:
    from generator.scaffold import project_files

    files = project_files("Example strategy playbook", EXAMPLE_DAY)
    return files.get(_STARTER_FILES[kind], "")


def _index_page(use_directory_urls: bool) -> str:
    def to(name: str) -> str:  # a Markdown link is read from the file: to the file of page `name`
        return page_file(f"reference/{name}.md", use_directory_urls).removeprefix("reference/")

    lines = [
        "# Reference",
        "",
        "A playbook is a folder (`content/` by default) of YAML files. This reference lists every field of "
        "every file kind, generated from the same schema the checker uses, so it always says what "
        "`stratbook check` accepts.",
        "",
        "| File | What it holds |",
        "|---|---|",
    ]
    for kind, (_, description, _) in KINDS.items():
        lines.append(f"| [{cell(PAGE_TITLES[kind])}]({to(kind)}) | {cell(description)} |")
    lines += [
        "",
        "## Rules for every file",
        "",
        "- Files end in `.yaml` or `.yml`, are UTF-8 and are read as YAML 1.2 (`yes` and `no` are text, "
        "not booleans; dates are written `2027-03-31`).",
        "- Any other file or folder in the playbook folder is an error, except hidden files and `README.md`.",
        f"- An id uses lowercase letters, digits and single hyphens (like `grow-revenue`), at most {ID_MAX_LENGTH} "
        "characters, and is unique across the whole playbook, whatever its kind.",
        "- A reference names the id of an entity of the right kind; the checker suggests the closest id "
        "when it does not.",
        "- A period is a mapping `{start: DATE, end: DATE}` with `start` not after `end`.",
        "- Fields of type *Markdown* may hold Markdown; every other text is shown exactly as typed.",
        "- Each file can start with a `# yaml-language-server: $schema=...` line that points at the JSON "
        "Schema of its kind (`stratbook schema` writes them), so editors complete and check fields as you type.",
        "",
        *_review_rules(),
        "",
        f"See also [The content model]({to('content-model')}): how the pieces fit together and what the checker "
        f"reports; [Templates]({to('templates')}): the templates a site may override, and what each receives; "
        f"and [How to]({to('how-to')}): the weekly update, the quarterly review and adding a coaching program.",
    ]
    return "\n".join(lines) + "\n"


def _review_rules() -> list[str]:
    """Pace, the derived status, and every warning code with what it is about."""
    lines = [
        "",
        "## Pace, forecast and the derived status",
        "",
        "- A `measure` key result (the default kind) is paced from the start of its objective's period (else its "
        "plan's) to its `due` date (else the end of that period): the value expected today rises or falls in a "
        "straight line from `baseline` to `target`. The key-result line says how far the latest value is ahead "
        "or behind, and forecasts the value at the due date: a least-squares line through the check-ins once "
        "there are three, else the line from the baseline at the start through the latest check-in.",
        "- A `threshold` key result is met when `current` is at or beyond `target` (`direction: at-least`, the "
        "default, or `at-most`); a `binary` one when `achieved: true`. Neither is paced.",
        "- An objective without `status` derives it: `done` when every key result is met and every milestone done "
        "or cancelled; `not-started` before its period or while nothing is measured or moving; otherwise by "
        "pace: the mean of how far each key result is behind its expected value today, as a share of its way "
        "from baseline to target (a threshold not met, or a binary key result past due, counts as fully "
        "behind). Without key results to judge, the share of milestones done is compared with the share of the "
        "period elapsed. Up to 10 points behind is `on-track`, up to 25 `at-risk`, more `off-track`; a late or "
        "blocked milestone makes an on-track objective `at-risk`.",
        "- Check-ins are due every `check_in` (`weekly`, `monthly` or `quarterly`; on the plan, else in "
        "`playbook.yaml`, else monthly); a plan's next review is `review.last` plus `review.every`.",
        "",
        "## Warnings and accepting them",
        "",
        "Every warning has a stable code, printed after its message. An entity a warning is about may carry "
        "`accept: [{warning: CODE, reason: TEXT, until: DATE}]`: until that day the warning is printed as "
        "accepted and fails neither `stratbook check --strict` nor a strict build; afterwards it counts again, "
        "noting that the acceptance ran out. An acceptance that matches no warning is itself a warning "
        f"(`{UNUSED}`); an unknown code, or a code about another kind of entity, is an error. The alignment "
        "figures count accepted gaps as gaps.",
        "",
        "| Code | About | Warns when |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.code}` | {c.about_name} | {cell(c.summary)} |" for c in CODES.values()]
    lines.append(f"| `{UNUSED}` | any | An `accept` entry matches no warning of its entity (cannot be accepted). |")
    return lines


def reference_pages(use_directory_urls: bool = True) -> dict[str, str]:
    """The Reference section: page path (under ``reference/``) -> Markdown, deterministic."""
    pages = {"reference/index.md": _index_page(use_directory_urls)}
    for kind in KINDS:
        pages[f"reference/{kind}.md"] = _kind_page(kind)
    pages["reference/content-model.md"] = CONTENT_MODEL.read_text(encoding="utf-8")
    pages["reference/templates.md"] = templates_page()
    pages["reference/how-to.md"] = HOW_TO.read_text(encoding="utf-8")
    return pages
