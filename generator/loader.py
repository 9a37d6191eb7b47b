"""Read a playbook folder: files to located YAML values to validated entities.

Parsing composes each file into YAML nodes with libyaml (through
ruamel.yaml's C binding) and falls back to ruamel.yaml's pure-Python parser
when libyaml rejects a file, so that valid YAML 1.2 is never reported as an
error.  Nodes are turned into plain values with YAML 1.2 core-schema
semantics while a :class:`Locator` records where every key and value came
from; pydantic then validates the values and its errors are translated into
located, actionable :class:`~generator.exceptions.Diagnostic` objects.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, get_args

from pydantic import BaseModel, ValidationError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from generator.exceptions import Diagnostic, Location, PlaybookNotFoundError, Severity, article
from generator.model import KIND_NAMES, Plan, Program, Role, Skill, Source, Strategy, describe
from generator.model import Node as ModelNode

log = logging.getLogger(__name__)

#: The folders of a playbook, the kind of entity each holds, and its schema name.
FOLDERS: dict[str, tuple[type[ModelNode], str]] = {
    "plans": (Plan, "plan"),
    "roles": (Role, "role"),
    "skills": (Skill, "skill"),
    "coaching": (Program, "coaching program"),
}
PLAYBOOK_FILES = ("playbook.yaml", "playbook.yml")
YAML_SUFFIXES = (".yaml", ".yml")

_CORE_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "merge")}
_PLAIN, _QUOTED, _MAP, _SEQ = "?plain", "?quoted", "?map", "?seq"
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_OCT_RE = re.compile(r"^0o[0-7]+$")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF_RE = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN_RE = re.compile(r"^\.(?:nan|NaN|NAN)$")


class Locator:
    """Maps a path in a file (keys and list indexes) to 1-based line and column."""

    __slots__ = ("file", "keys", "values")

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.keys: dict[tuple[str | int, ...], tuple[int, int]] = {}

    def value_location(self, path: Sequence[str | int]) -> Location:
        """Where the value at ``path`` is, or its nearest ancestor that exists."""
        path = tuple(path)
        while True:
            found = self.values.get(path)
            if found is not None:
                return Location(self.file, *found)
            if not path:
                return Location(self.file)
            path = path[:-1]

    def key_location(self, path: Sequence[str | int]) -> Location:
        """Where the key that ends ``path`` is, or else the value's nearest ancestor."""
        found = self.keys.get(tuple(path))
        if found is not None:
            return Location(self.file, *found)
        return self.value_location(path)


class YamlProblem(Exception):
    """A file cannot be turned into values; carries its located messages."""

    def __init__(self, line: int, column: int, message: str, *more: tuple[int, int, str]) -> None:
        super().__init__(message)
        self.problems = [(line, column, message), *more]


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


_RESOLVED_TAGS = frozenset((_PLAIN, _QUOTED, _MAP, _SEQ))


def _tag(node: Node) -> str:
    # Fast path: `node.tag` URI-decodes the tag on every node (a third of `check`'s time on big
    # playbooks); the tags our resolvers give untagged nodes need no decoding.
    ctag = node.ctag
    if ctag is not None and ctag.handle is None and ctag.suffix in _RESOLVED_TAGS:
        return str(ctag.suffix)
    tag = node.tag
    return tag if isinstance(tag, str) else str(tag)


def _c_compose(text: str) -> Node | None:
    """Compose with libyaml; raises ``YAMLError`` on anything it rejects."""
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.resolver import BaseResolver

    class CComposer(CParser, BaseResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            BaseResolver.__init__(self, loadumper=self)

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return _MAP if kind is MappingNode else _SEQ

    composer = CComposer(text)
    try:
        node: Node | None = composer.get_single_node()
        return node
    finally:
        composer.dispose()


def _pure_compose(text: str) -> Node | None:
    """Compose with ruamel.yaml's pure-Python parser (YAML 1.2)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class PureResolver(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                return Tag(suffix=_PLAIN if implicit[0] else _QUOTED)
            return Tag(suffix=_MAP if kind is MappingNode else _SEQ)

    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = PureResolver
    node: Node | None = yaml.compose(text)
    return node


def c_binding() -> str | None:
    """Name of the libyaml binding ruamel.yaml uses (``clib`` or ``clibz``), or None."""
    try:
        from ruamel.yaml import cyaml
    except ImportError:
        return None
    binding: str | None = getattr(cyaml, "__yaml_lib", None) or getattr(cyaml, "_cyaml__yaml_lib", None)
    if binding is None:
        binding = next((v for k, v in vars(cyaml).items() if k.endswith("__yaml_lib")), None)
    return binding


#: Deeper than this is no playbook: refused before it can exhaust a stack.
MAX_DEPTH = 100
_BRACKETS_RE = re.compile(r"[\[\]{}]")
_LEAD_RE = re.compile(r"^[ ?:-]*", re.MULTILINE)


def nesting_bound(text: str) -> int:
    """A cheap upper bound of how deeply ``text`` nests (brackets, indentation, `- - -`).

    libyaml's composer recurses in C, so a file nested thousands of levels
    deep would crash the process instead of raising: such a file never
    reaches it.
    """
    depth = deepest = 0
    for bracket in _BRACKETS_RE.findall(text):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest + max(map(len, _LEAD_RE.findall(text)), default=0)


def compose(text: str) -> tuple[Node | None, str]:
    """Compose ``text`` into nodes; returns the root node and the parser used.

    libyaml first (fast); anything it rejects is re-read by the pure parser,
    whose verdict is final, so an editor never sees an error for valid YAML.
    Text that may nest very deeply goes to the pure parser only, whose
    recursion Python bounds.
    """
    if nesting_bound(text) > 2 * MAX_DEPTH:
        return _pure_compose(text), "pure"
    try:
        return _c_compose(text), "libyaml"
    except ImportError:  # pragma: no cover - the libyaml extra is a dependency
        log.warning("ruamel.yaml's libyaml binding is missing: reading YAML in pure Python (slow)")
        return _pure_compose(text), "pure"
    except YAMLError as c_error:
        try:
            return _pure_compose(text), "pure"
        except YAMLError as pure_error:
            # Both refuse: the parser that read further saw the real problem (each accepts some
            # valid YAML the other refuses, such as a tab after a colon).
            raise max(pure_error, c_error, key=lambda e: _error_position(e, text)) from None


def _error_position(exc: YAMLError, text: str) -> tuple[int, int]:
    """0-based line and column of a parser error (from its mark, or a reader error's offset)."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return (mark.line, mark.column)
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        before = text[:position]
        return (before.count("\n"), position - (before.rfind("\n") + 1))
    return (0, 0)


def resolve_scalar(value: str, kind: str | None = None) -> Any:
    """The value of a plain scalar under YAML 1.2's core schema (null, bool, int, float, else text).

    ``kind`` (``null``, ``bool``, ``int`` or ``float``, from an explicit tag)
    accepts only that type and raises ``ValueError`` for text that is not one.
    """
    if kind in (None, "null") and _NULL_RE.match(value):
        return None
    if kind in (None, "bool") and value in _BOOL:
        return _BOOL[value]
    if kind in (None, "int"):
        if _INT_RE.match(value):
            return int(value)
        if _OCT_RE.match(value):
            return int(value[2:], 8)
        if _HEX_RE.match(value):
            return int(value[2:], 16)
    if kind in (None, "float"):
        if _FLOAT_RE.match(value):
            return float(value)
        if _INF_RE.match(value):
            return -math.inf if value.startswith("-") else math.inf
        if _NAN_RE.match(value):
            return math.nan
    if kind is None:
        return value
    raise ValueError(f"`{value}` is not a valid !!{kind}: remove the tag or fix the value")


@dataclass
class _Converter:
    """Turns composed nodes into plain values, recording locations."""

    locator: Locator
    budget: int
    visits: int = 0
    errors: list[tuple[int, int, str]] = field(default_factory=list)

    def convert(self, node: Node, path: tuple[str | int, ...]) -> Any:
        if len(path) > MAX_DEPTH:
            raise YamlProblem(
                *_mark(node), f"the YAML nests more than {MAX_DEPTH} levels deep: no playbook needs that, flatten it"
            )
        self.visits += 1
        if self.visits > self.budget:
            line, column = _mark(node)
            raise YamlProblem(
                line,
                column,
                "aliases expand this file far beyond its own size (an alias bomb?): "
                "remove the anchors (`&name`) and aliases (`*name`) that repeat large parts",
            )
        self.locator.values[path] = _mark(node)
        tag = _tag(node)
        if tag not in (_PLAIN, _QUOTED, _MAP, _SEQ) and tag not in _ALLOWED_TAGS:
            line, column = _mark(node)
            self.errors.append((line, column, f"unknown YAML tag `{tag.replace(_CORE_TAG, '!!')}`: remove the tag"))
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, tag)
        if isinstance(node, SequenceNode):
            return tuple(self.convert(item, (*path, index)) for index, item in enumerate(node.value))
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise YamlProblem(*_mark(node), "unsupported YAML node")  # pragma: no cover

    def _scalar(self, node: ScalarNode, tag: str) -> Any:
        value: str = node.value
        if tag == _QUOTED or tag == _CORE_TAG + "str":
            return value
        kind = tag[len(_CORE_TAG) :] if tag != _PLAIN else None
        try:
            return resolve_scalar(value, kind)
        except ValueError as exc:
            self.errors.append((*_mark(node), str(exc)))
            return None

    def _mapping(self, node: MappingNode, path: tuple[str | int, ...]) -> dict[str | int, Any]:
        result: dict[str | int, Any] = {}
        first_seen: dict[str | int, tuple[int, int]] = {}
        merged: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            key_tag = _tag(key_node)
            if key_tag == _CORE_TAG + "merge" or (
                key_tag == _PLAIN and key_node.value == "<<" and isinstance(key_node, ScalarNode)
            ):
                merged.extend(self._merge_sources(value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self.errors.append((*_mark(key_node), "a key must be plain text, not a list or mapping"))
                continue
            key = key_node.value
            if _tag(key_node) == _PLAIN and _INT_RE.match(key):
                key = int(key)  # YAML 1.2: a plain `1:` key is the integer 1 (skill levels)
            if key in first_seen:
                line, _column = first_seen[key]
                self.errors.append((*_mark(key_node), f"duplicate key `{key}` (first at line {line}): keep only one"))
                continue
            first_seen[key] = _mark(key_node)
            child = (*path, key)
            self.locator.keys[child] = first_seen[key]
            result[key] = self.convert(value_node, child)
        for key, key_node, value_node in merged:
            if key not in result:
                child = (*path, key)
                self.locator.keys[child] = _mark(key_node)
                result[key] = self.convert(value_node, child)
        return result

    def _merge_sources(self, value_node: Node) -> list[tuple[str, Node, Node]]:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        pairs: list[tuple[str, Node, Node]] = []
        for source in sources:
            if not isinstance(source, MappingNode):
                self.errors.append((*_mark(source), "`<<` merges mappings only: give it an alias of a mapping"))
                continue
            for key_node, child in source.value:
                if isinstance(key_node, ScalarNode):
                    pairs.append((key_node.value, key_node, child))
        return pairs


@dataclass(frozen=True)
class ParsedFile:
    """One file's values and where each came from."""

    display: str
    data: Any
    locator: Locator
    parser: str


def _decode(raw: bytes, display: str) -> str:
    """Decode UTF-8 (a BOM is allowed); a bad byte is a located error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            line,
            column,
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def _yaml_error_message(exc: YAMLError, text: str) -> tuple[int, int, str]:
    if isinstance(exc, ReaderError):
        line, column = _error_position(exc, text)
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return (
            line + 1,
            column + 1,
            f"the file contains the control character U+{character:04X}, which YAML does not allow: remove it",
        )
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = (exc.problem or "invalid YAML").replace("character '\\t'", "a tab")
        hint = ""
        lines = text.split("\n")
        at = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
        if at == "\t" or "tab" in problem:
            hint = ": indent with spaces, not tabs"
        elif exc.context:
            hint = f" ({exc.context})"
        return mark.line + 1, mark.column + 1, f"invalid YAML: {problem}{hint}"
    line, column = _error_position(exc, text)
    return line + 1, column + 1, "invalid YAML: " + " ".join(str(exc).split())


def parse_text(text: str, display: str) -> ParsedFile:
    """Parse one file's text; raises ``YamlProblem`` for unreadable YAML."""
    try:
        root, parser = compose(text)
    except YAMLError as exc:
        raise YamlProblem(*_yaml_error_message(exc, text)) from None
    except RecursionError:
        raise YamlProblem(
            1, 1, f"the YAML nests more than {MAX_DEPTH} levels deep: no playbook needs that, flatten it"
        ) from None
    locator = Locator(display)
    if root is None:
        return ParsedFile(display, None, locator, parser)
    converter = _Converter(locator, budget=len(text) + 10_000)
    data = converter.convert(root, ())
    if converter.errors:
        first, *more = sorted(converter.errors)
        raise YamlProblem(*first, *more)
    return ParsedFile(display, data, locator, parser)


# -- pydantic errors to located messages --------------------------------------------------


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


@dataclass
class LoadedFiles:
    """Every validated entity of a playbook, before linking."""

    root: str
    strategy: Strategy | None = None
    plans: list[Plan] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    parsers: dict[str, str] = field(default_factory=dict)
    unvalidated_ids: set[str] = field(default_factory=set)
    #: a file could not be read as YAML, so any id may be missing: unknown references are not reported
    incomplete: bool = False

    _BUCKETS: ClassVar[dict[type[ModelNode], str]] = {
        Plan: "plans",
        Role: "roles",
        Skill: "skills",
        Program: "programs",
    }

    def add(self, entity: ModelNode) -> None:
        getattr(self, self._BUCKETS[type(entity)]).append(entity)


def _display(root_display: str, relative: PurePosixPath) -> str:
    return str(PurePosixPath(root_display) / relative) if root_display not in ("", ".") else str(relative)


def discover(root: Path, root_display: str) -> tuple[list[tuple[Path, str, str | None]], list[Diagnostic]]:
    """List the playbook's files as (path, display name, folder); strays are errors."""
    found: list[tuple[Path, str, str | None]] = []
    problems: list[Diagnostic] = []

    def stray(relative: PurePosixPath, what: str) -> None:
        problems.append(
            Diagnostic(
                Location(_display(root_display, relative)),
                Severity.ERROR,
                f"unexpected {what} in the playbook folder: move it out, or into "
                "plans/, roles/, skills/ or coaching/ as a .yaml file",
                code="files.stray",
            )
        )

    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        relative = PurePosixPath(entry.name)
        if entry.name.startswith(".") or entry.name == "README.md":
            continue
        if entry.is_dir(follow_symlinks=True):
            if entry.name not in FOLDERS:
                stray(relative, "folder")
                continue
            for dirpath, dirnames, filenames in os.walk(entry.path, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                base = PurePosixPath(Path(dirpath).relative_to(root).as_posix())
                for filename in sorted(filenames):
                    if filename.startswith(".") or filename == "README.md":
                        continue
                    if filename.endswith(YAML_SUFFIXES):
                        found.append((Path(dirpath) / filename, _display(root_display, base / filename), entry.name))
                    else:
                        stray(base / filename, "file")
        elif entry.name in PLAYBOOK_FILES:
            found.append((Path(entry.path), _display(root_display, relative), None))
        else:
            stray(relative, "file")
    strategies = [f for f in found if f[2] is None]
    if not strategies:
        problems.append(
            Diagnostic(
                Location(_display(root_display, PurePosixPath("playbook.yaml"))),
                Severity.ERROR,
                "the playbook has no playbook.yaml: create it with `title`, `vision`, `horizon` and `pillars`",
                code="files.no_playbook",
            )
        )
    elif len(strategies) > 1:
        for extra in strategies[1:]:
            problems.append(
                Diagnostic(
                    Location(extra[1]),
                    Severity.ERROR,
                    f"a playbook has exactly one playbook file; {strategies[0][1]} is already it: "
                    "merge the two and delete this one",
                    code="files.two_playbooks",
                )
            )
        found = [f for f in found if f[2] is not None or f is strategies[0]]
    return found, problems


def load_folder(
    root: Path, root_display: str | None = None, overrides: Mapping[Path, bytes] | None = None
) -> LoadedFiles:
    """Read and validate every file of the playbook at ``root``; never raises for content.

    ``overrides`` maps file paths to the bytes to read instead of the file's own,
    so that an edit can be validated with the whole playbook before it is written.
    """
    if not root.is_dir():
        raise PlaybookNotFoundError(root)
    replaced = {path.resolve(): raw for path, raw in (overrides or {}).items()}
    display_root = root_display if root_display is not None else display_path(root)
    loaded = LoadedFiles(root=display_root)
    files, problems = discover(root, display_root)
    loaded.diagnostics.extend(problems)
    for path, display, folder in files:
        loaded.files.append(display)
        try:
            raw = replaced.get(path.resolve()) if replaced else None
            parsed = parse_text(_decode(path.read_bytes() if raw is None else raw, display), display)
        except YamlProblem as problem:
            loaded.incomplete = True
            for line, column, message in problem.problems:
                loaded.diagnostics.append(
                    Diagnostic(Location(display, line, column), Severity.ERROR, message, code="yaml")
                )
            continue
        except OSError as exc:
            loaded.incomplete = True
            loaded.diagnostics.append(
                Diagnostic(Location(display), Severity.ERROR, f"cannot read the file: {exc.strerror}", code="files.io")
            )
            continue
        loaded.parsers[display] = parsed.parser
        _validate_file(loaded, parsed, folder)
    return loaded


def _validate_file(loaded: LoadedFiles, parsed: ParsedFile, folder: str | None) -> None:
    model: type[ModelNode]
    if folder is None:
        model, what = Strategy, "the strategy (`title`, `vision`, `horizon`, `pillars`)"
    else:
        model, kind = FOLDERS[folder]
        what = f"a {kind} (a mapping with `id` and `title`) or a list of them"
    data = parsed.data
    if data is None:
        loaded.diagnostics.append(
            Diagnostic(
                Location(parsed.display),
                Severity.ERROR,
                f"the file is empty: write {what} in it, or delete it",
                code="files.empty",
            )
        )
        return
    if folder is not None and isinstance(data, tuple):
        items: list[tuple[Any, tuple[str | int, ...]]] = [(item, (i,)) for i, item in enumerate(data)]
        if not items:
            loaded.diagnostics.append(
                Diagnostic(
                    parsed.locator.value_location(()),
                    Severity.ERROR,
                    f"the list is empty: write {what} in it, or delete the file",
                    code="files.empty",
                )
            )
    elif isinstance(data, dict):
        items = [(data, ())]
    else:
        loaded.diagnostics.append(
            Diagnostic(
                parsed.locator.value_location(()),
                Severity.ERROR,
                f"expected {what}, got {describe(data)}",
                code="schema.model_type",
            )
        )
        return
    for item, path in items:
        entity, diagnostics = validate_entity(model, item, parsed.locator, path)
        loaded.diagnostics.extend(diagnostics)
        if entity is None:
            loaded.unvalidated_ids.update(_ids_in(item))
            continue
        if isinstance(entity, Strategy):
            loaded.strategy = entity
        else:
            loaded.add(entity)


def _ids_in(data: Any) -> Iterable[str]:
    """Every `id` in raw values, so that references to an invalid entity are not reported twice."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from _ids_in(value)
    elif isinstance(data, tuple):
        for value in data:
            yield from _ids_in(value)


def display_path(root: Path) -> str:
    """Show paths relative to the working folder when the playbook is below it."""
    try:
        return root.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return root.as_posix()
