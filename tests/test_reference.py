"""The editors' reference: every field of every file kind, generated from the schema."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from generator import model
from generator.loading.yaml import parse_text
from generator.model.schema import KINDS, json_schema
from generator.rendering import reference


def plain(value: Any) -> Any:
    """Tuples as lists, for jsonschema."""
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def all_classes() -> set[str]:
    found: set[str] = set()
    for kind in KINDS:
        found.update(reference.field_rows(kind))
    return found


def test_pages_and_determinism() -> None:
    pages = reference.reference_pages()
    assert list(pages) == [
        "reference/index.md",
        "reference/playbook.md",
        "reference/plan.md",
        "reference/role.md",
        "reference/skill.md",
        "reference/coaching.md",
        "reference/content-model.md",
        "reference/templates.md",
        "reference/how-to.md",
    ]
    assert pages == reference.reference_pages()
    for kind in KINDS:
        assert f"]({kind}/index.md)" in pages["reference/index.md"]
    how_to = pages["reference/how-to.md"]
    for heading in ("## The weekly update", "## The quarterly review", "## Adding a coaching program"):
        assert heading in how_to


def test_every_schema_class_is_covered() -> None:
    schema_classes = {
        cls.__name__
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Node) and cls is not model.Node
    }
    assert all_classes() == schema_classes


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_has_a_row(kind: str) -> None:
    page = reference.reference_pages()[f"reference/{kind}.md"]
    sections = re.split(r"^## ", page, flags=re.MULTILINE)
    tables = reference.field_rows(kind)
    for name, rows in tables.items():
        cls = getattr(model, name)
        keys = [info.alias or field for field, info in cls.model_fields.items()]
        assert [row["key"] for row in rows] == keys
        anchor = reference._anchor(name)
        section = next(s for s in sections if s.split("\n", 1)[0].endswith(f"{{#{anchor}}}"))
        table_keys = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
        assert table_keys == keys
        for row, info in zip(rows, cls.model_fields.values(), strict=True):
            assert row["meaning"] == info.description
            assert row["required"] is info.is_required()
            assert row["meaning"] in section


def test_exact_rows() -> None:
    page = reference.reference_pages()["reference/plan.md"]
    assert (
        "| `status` | one of the values | no (default `planned`) | `planned`, `in-progress`, `done`, `blocked`, "
        "`cancelled` | Progress of the milestone. | `planned` |"
    ) in page
    assert (
        "| `owner` | reference to a role | yes | the `id` of a role | The accountable role (the A in RACI). "
        "| `team-lead` |"
    ) in page
    assert "| `likelihood` | whole number | yes | 1 to 5 | How likely, 1 (rare) to 5 (almost certain). | `2` |" in page
    assert "| `objectives` | list of [objective](#objective) (a mapping) | yes | at least 1 |" in page


def test_every_reference_field_names_its_kind() -> None:
    for kind in KINDS:
        for name, rows in reference.field_rows(kind).items():
            cls = getattr(model, name)
            for field, info in cls.model_fields.items():
                if field.endswith(("_id", "_ids")):
                    assert (info.alias or field) in reference.REF_KINDS, (name, field)
                    row = next(r for r in rows if r["key"] == info.alias)
                    assert "reference to" in row["type"]


def test_examples_are_accepted_by_the_schema() -> None:
    for kind in KINDS:
        defs = json_schema(kind)["$defs"]
        for rows in reference.field_rows(kind).values():
            for row in rows:
                if row["example"] is None:
                    continue
                text = reference.yaml_inline(row["example"])
                # Read as the checker reads YAML (1.2: dates stay text, `yes` is text).
                value = plain(parse_text(f"value: {text}\n", "example.yaml").data["value"])
                schema = {**row["schema"], "$defs": defs}
                jsonschema.validate(value, schema)


def test_example_files_are_the_starter_files() -> None:
    page = reference.reference_pages()["reference/coaching.md"]
    assert "## Example file\n\n```yaml\n# yaml-language-server: $schema=../../schemas/coaching.schema.json\n" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "`plain`"),
        ("a `b`", "`` a `b` ``"),
        ("a `b` c", "``a `b` c``"),
        ("`x", "`` `x ``"),
    ],
)
def test_code_spans_hold_backticks(text: str, expected: str) -> None:
    assert reference.code(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", '"yes"'),
        ("12", '"12"'),
        ("a, b", '"a, b"'),
        ("a: b", '"a: b"'),
        ("%", '"%"'),
        ("reduce-churn", "reduce-churn"),
        (["x", 1], "[x, 1]"),
    ],
)
def test_yaml_inline_quotes_what_would_change_meaning(value: Any, expected: str) -> None:
    assert reference.yaml_inline(value) == expected


def test_cell_escapes_pipes_and_newlines() -> None:
    assert reference.cell("a | b\nc") == "a \\| b c"
