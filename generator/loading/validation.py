"""Located values to validated entities: pydantic validates, and its errors become located, actionable messages."""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from generator.exceptions import Diagnostic, Severity, article
from generator.loading.yaml import Locator
from generator.model import KIND_NAMES, Source, describe
from generator.model import Node as ModelNode

log = logging.getLogger(__name__)


def _field_aliases(model: type[BaseModel]) -> dict[str, Any]:
    """YAML key -> annotation of each field of ``model``."""
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The schema class whose mapping holds ``loc``'s last key."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        annotation = _field_aliases(model).get(part)
        if annotation is None:
            return None
        nested = _models_in(annotation)
        model = nested[0] if nested else None
    return model


def _suggest(word: str, options: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean `{matches[0]}`?" if matches else ""


def _kind(model: type[BaseModel] | None) -> str:
    return KIND_NAMES.get(model, "entry") if model and issubclass(model, ModelNode) else "entry"


def _translate(error: Any, root_model: type[BaseModel], locator: Locator, prefix: tuple[str | int, ...]) -> Diagnostic:
    """One pydantic error as a located message that says what to do."""
    loc: tuple[str | int, ...] = tuple(p for p in error["loc"] if p != "[key]")
    is_key = "[key]" in error["loc"]
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    path = prefix + loc
    location = locator.value_location(path)
    if kind == "missing":
        parent = _model_at(root_model, loc[:-1])
        location = locator.value_location(prefix + loc[:-1])
        message = f"missing required field `{loc[-1]}` in this {_kind(parent)}: add it"
    elif kind == "extra_forbidden":
        parent = _model_at(root_model, loc[:-1])
        location = locator.key_location(path)
        allowed = sorted(_field_aliases(parent)) if parent else []
        suggestion = _suggest(str(loc[-1]), allowed)
        message = f"unknown field `{loc[-1]}` in {article(_kind(parent))} {_kind(parent)}{suggestion}"
        if not suggestion and allowed:
            message += "; allowed fields: " + ", ".join(f"`{a}`" for a in allowed)
    elif kind == "enum":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        suggestion = _suggest(str(value), expected) if isinstance(value, str) else ""
        message = (
            f"`{name}` must be one of " + ", ".join(f"`{e}`" for e in expected) + f", got {describe(value)}"
            f"{suggestion}"
        )
    elif kind == "string_type":
        hint = ": put it in quotes" if isinstance(value, int | float | bool) else ""
        message = f"`{name}` must be text, got {describe(value)}{hint}"
    elif kind == "string_too_short":
        message = f"`{name}` must not be empty: write some text or remove the field"
    elif kind in ("string_pattern_mismatch", "string_too_long"):
        message = (
            f"`{value}` is not a valid id: use lowercase letters, digits and single hyphens, "
            "at most 64 characters, like `grow-revenue`"
        )
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"`{name}` must be a whole number, got {describe(value)}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = _bounds(root_model, loc)
        message = f"`{name}` must be {bounds}, got {describe(value)}"
    elif kind == "too_short":
        message = f"`{name}` needs at least {ctx.get('min_length', 1)} entry: add one"
    elif kind in ("tuple_type", "list_type"):
        message = f"`{name}` must be a list, got {describe(value)}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        parent = _model_at(root_model, loc)
        what = f"a {_kind(parent)} (a mapping of fields)" if parent else "a mapping"
        message = f"`{name}` must be {what}, got {describe(value)}"
    elif kind in ("date_type", "date_invalid", "number_type"):
        message = f"`{name}`: {error['msg']}"
    elif kind in ("date_range", "number_range"):
        message = f"`{name}` {error['msg']}"
    else:
        message = f"`{name}`: {error['msg']}"
    if is_key:
        location = locator.key_location(path)
        message = f"key of `{name}`: {message}"
    return Diagnostic(location, Severity.ERROR, message, code=f"schema.{kind}")


def _bounds(root_model: type[BaseModel], loc: Sequence[str | int]) -> str:
    parent = _model_at(root_model, list(loc[:-1]))
    if parent is not None and isinstance(loc[-1], str):
        for name, info in parent.model_fields.items():
            if (info.alias or name) != loc[-1]:
                continue
            low = high = None
            for meta in info.metadata:
                low = getattr(meta, "ge", low)
                high = getattr(meta, "le", high)
            for arg in get_args(info.annotation):
                for meta in getattr(arg, "__metadata__", ()):
                    low = getattr(meta, "ge", low)
                    high = getattr(meta, "le", high)
            if low is not None and high is not None:
                return f"a whole number from {low} to {high}"
            if low is not None:
                return f"at least {low}"
    return "in range"


def _attach_sources(node: ModelNode, locator: Locator, path: tuple[str | int, ...]) -> None:
    """Give every validated node its file and path, for located messages later."""
    node._source = Source(locator, path)
    for name, info in type(node).model_fields.items():
        value = getattr(node, name)
        key = info.alias or name
        if isinstance(value, ModelNode):
            _attach_sources(value, locator, (*path, key))
        elif isinstance(value, tuple) and value and isinstance(value[0], ModelNode):
            for index, item in enumerate(value):
                _attach_sources(item, locator, (*path, key, index))


def validate_entity(
    model: type[ModelNode], data: Any, locator: Locator, path: tuple[str | int, ...]
) -> tuple[ModelNode | None, list[Diagnostic]]:
    """Validate one entity's values against its schema class."""
    if not isinstance(data, dict):
        what = KIND_NAMES.get(model, "entity")
        return None, [
            Diagnostic(
                locator.value_location(path),
                Severity.ERROR,
                f"expected a {what} (a mapping of fields), got {describe(data)}",
                code="schema.model_type",
            )
        ]
    try:
        entity = model.model_validate(data)
    except ValidationError as exc:
        found = exc.errors()
        # pydantic also reports a too-short list when its only items failed: say only why they failed.
        failed = [e["loc"] for e in found if e["type"] != "too_short"]
        found = [
            e for e in found if e["type"] != "too_short" or not any(loc[: len(e["loc"])] == e["loc"] for loc in failed)
        ]
        return None, [_translate(e, model, locator, path) for e in found]
    _attach_sources(entity, locator, path)
    return entity, []


# -- the folder ---------------------------------------------------------------------------

