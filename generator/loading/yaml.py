"""YAML text to located values: composition, YAML 1.2 core-schema values, and where each came from.

Parsing composes each file into YAML nodes with libyaml (through ruamel.yaml's
C binding) and falls back to ruamel.yaml's pure-Python parser when libyaml
rejects a file, so that valid YAML 1.2 is never reported as an error. Nodes
become plain values with YAML 1.2 core-schema semantics while a
:class:`Locator` records where every key and value came from.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from generator.exceptions import Location
from generator.loading.bounds import (
    DEPTH_MESSAGE,
    MAX_DEPTH,
    MAX_NUMBER_CHARACTERS,
    BoundExceeded,
    check_depth,
    may_nest_deeply,
)
from generator.loading.hints import comment_cut, duplicate_key, explain

log = logging.getLogger(__name__)
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
        # Line and column packed in one int (see _pack): a big playbook has millions of values,
        # and a tuple of two ints per value was a fifth of the memory `check` holds.
        self.values: dict[tuple[str | int, ...], int] = {}
        self.keys: dict[tuple[str | int, ...], int] = {}

    def value_location(self, path: Sequence[str | int]) -> Location:
        """Where the value at ``path`` is, or its nearest ancestor that exists."""
        path = tuple(path)
        while True:
            found = self.values.get(path)
            if found is not None:
                return Location(self.file, *_unpack(found))
            if not path:
                return Location(self.file)
            path = path[:-1]

    def key_location(self, path: Sequence[str | int]) -> Location:
        """Where the key that ends ``path`` is, or else the value's nearest ancestor."""
        found = self.keys.get(tuple(path))
        if found is not None:
            return Location(self.file, *_unpack(found))
        return self.value_location(path)


class YamlProblem(Exception):
    """A file cannot be turned into values; carries its located messages."""

    def __init__(self, line: int, column: int, message: str, *more: tuple[int, int, str]) -> None:
        super().__init__(message)
        self.problems = [(line, column, message), *more]


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


_COLUMNS = 1 << 32


def _pack(line: int, column: int) -> int:
    return line * _COLUMNS + column


def _unpack(packed: int) -> tuple[int, int]:
    line, column = divmod(packed, _COLUMNS)
    return line, column


_RESOLVED_TAGS = frozenset((_PLAIN, _QUOTED, _MAP, _SEQ))


def _tag(node: Node) -> str:
    # Fast path: `node.tag` URI-decodes the tag on every node (a third of `check`'s time on big
    # playbooks); the tags our resolvers give untagged nodes need no decoding.
    ctag = node.ctag
    if ctag is not None and ctag.handle is None and ctag.suffix in _RESOLVED_TAGS:
        return str(ctag.suffix)
    tag = node.tag
    return tag if isinstance(tag, str) else str(tag)


@functools.cache
def _c_composer_class() -> type:
    """The libyaml composer class, made once: a class made per file is cyclic garbage and slow to make."""
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

    return CComposer


def _c_compose(text: str) -> Node | None:
    """Compose with libyaml; raises ``YAMLError`` on anything it rejects."""
    composer = _c_composer_class()(text)
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


def compose(text: str) -> tuple[Node | None, str]:
    """Compose ``text`` into nodes; returns the root node and the parser used.

    libyaml first (fast); anything it rejects is re-read by the pure parser,
    whose verdict is final, so an editor never sees an error for valid YAML.
    libyaml's composer recurses in C, so text that may nest deeply is first
    measured with its parser's events (see :mod:`generator.loading.bounds`):
    :class:`BoundExceeded` is raised before it can crash the process.
    """
    if may_nest_deeply(text):
        check_depth(text)
    try:
        return _c_compose(text), "libyaml"
    except ImportError:  # pragma: no cover - the libyaml extra is a dependency
        log.warning("ruamel.yaml's libyaml binding is missing: reading YAML in pure Python (slow)")
        return _pure_compose(text), "pure"
    except YAMLError as c_error:
        try:
            return _pure_compose(text), "pure"
        except (ValueError, OverflowError):  # the pure parser trips over what libyaml reported (a bad escape)
            raise c_error from None
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
    warnings: list[tuple[int, int, str]] = field(default_factory=list)
    #: the file's lines that hold a `#`, by 0-based index: where a comment may cut a plain text
    hashed: dict[int, str] = field(default_factory=dict)

    def convert(self, node: Node, path: tuple[str | int, ...]) -> Any:
        if len(path) > MAX_DEPTH:
            raise YamlProblem(*_mark(node), DEPTH_MESSAGE)
        self._spend(node)
        mark = node.start_mark
        self.locator.values[path] = _pack(mark.line + 1, mark.column + 1)
        tag = _tag(node)
        if tag not in (_PLAIN, _QUOTED, _MAP, _SEQ) and tag not in _ALLOWED_TAGS:
            line, column = _mark(node)
            self.errors.append((line, column, f"unknown YAML tag `{tag.replace(_CORE_TAG, '!!')}`: remove the tag"))
            return None
        if isinstance(node, ScalarNode):
            value = self._scalar(node, tag)
            if self.hashed and isinstance(value, str) and not node.style:
                self._comment_cut(node, path)
            return value
        if isinstance(node, SequenceNode):
            return tuple(self.convert(item, (*path, index)) for index, item in enumerate(node.value))
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise YamlProblem(*_mark(node), "unsupported YAML node")  # pragma: no cover

    def _spend(self, node: Node, count: int = 1) -> None:
        """Count values produced (aliases and merges repeat nodes): past the budget the file is a bomb."""
        self.visits += count
        if self.visits > self.budget:
            raise YamlProblem(
                *_mark(node),
                "aliases expand this file far beyond its own size (an alias bomb?): "
                "remove the anchors (`&name`) and aliases (`*name`) that repeat large parts",
            )

    def _scalar(self, node: ScalarNode, tag: str) -> Any:
        value: str = node.value
        if tag == _QUOTED or tag == _CORE_TAG + "str":
            return value
        kind = tag[len(_CORE_TAG) :] if tag != _PLAIN else None
        if len(value) > MAX_NUMBER_CHARACTERS and _looks_numeric(value):
            self.errors.append((*_mark(node), _long_number_message(value)))
            return None
        try:
            return resolve_scalar(value, kind)
        except ValueError as exc:
            self.errors.append((*_mark(node), str(exc)))
            return None

    def _comment_cut(self, node: ScalarNode, path: tuple[str | int, ...]) -> None:
        start, end = node.start_mark, node.end_mark
        line = self.hashed.get(end.line)
        if line is None or start.line != end.line:
            return
        key = next((str(part) for part in reversed(path) if isinstance(part, str)), None)
        cut = comment_cut(line, start.column, end.column, key)
        if cut is not None:
            self.warnings.append((end.line + 1, cut[0] + 1, cut[1]))

    def _mapping(self, node: MappingNode, path: tuple[str | int, ...]) -> dict[str | int, Any]:
        result: dict[str | int, Any] = {}
        first_seen: dict[str | int, tuple[int, int]] = {}
        merged: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key_tag = _tag(key_node)
            if key_tag == _CORE_TAG + "merge" or (
                key_tag == _PLAIN and key_node.value == "<<" and isinstance(key_node, ScalarNode)
            ):
                self._merge_sources(value_node, merged)
                continue
            if not isinstance(key_node, ScalarNode):
                self.errors.append((*_mark(key_node), "a key must be plain text, not a list or mapping"))
                continue
            key = key_node.value
            if _tag(key_node) == _PLAIN and _INT_RE.match(key):
                if len(key) > MAX_NUMBER_CHARACTERS:
                    self.errors.append((*_mark(key_node), _long_number_message(key)))
                    continue
                key = int(key)  # YAML 1.2: a plain `1:` key is the integer 1 (skill levels)
            if key in first_seen:
                line, _column = first_seen[key]
                self.errors.append((*_mark(key_node), duplicate_key(key, line)))
                continue
            first_seen[key] = _mark(key_node)
            child = (*path, key)
            self.locator.keys[child] = _pack(*first_seen[key])
            result[key] = self.convert(value_node, child)
        for key, (key_node, value_node) in merged.items():
            if key not in result:
                child = (*path, key)
                self.locator.keys[child] = _pack(*_mark(key_node))
                result[key] = self.convert(value_node, child)
        return result

    def _merge_sources(self, value_node: Node, merged: dict[str, tuple[Node, Node]]) -> None:
        """Add the pairs ``<<`` merges (an earlier source wins); every pair read counts in the alias budget."""
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.errors.append((*_mark(source), "`<<` merges mappings only: give it an alias of a mapping"))
                continue
            self._spend(value_node, len(source.value))
            for key_node, child in source.value:
                if isinstance(key_node, ScalarNode):
                    merged.setdefault(key_node.value, (key_node, child))


@dataclass(frozen=True)
class ParsedFile:
    """One file's values and where each came from."""

    display: str
    data: Any
    locator: Locator
    parser: str
    #: (line, column, message) of what reads fine but is likely not what the editor meant
    warnings: tuple[tuple[int, int, str], ...] = ()


def decode(raw: bytes, display: str) -> str:
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
    explained = explain(exc, text)
    if explained is not None:
        return explained.line, explained.column, explained.message
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


_BAD_ESCAPE_RE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _bad_escape(exc: YAMLError, text: str) -> tuple[int, int, str] | None:
    """An escape beyond the last Unicode character (``\\U00110000``), said plainly."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or "escape" not in str(getattr(exc, "problem", "")):
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = [m for m in _BAD_ESCAPE_RE.finditer(line) if m.start() <= mark.column and int(m.group(1), 16) > 0x10FFFF]
    if not found:
        return None
    return (
        mark.line + 1,
        found[-1].start() + 1,
        f"invalid YAML: `\\U{found[-1].group(1)}` is not a Unicode character (the last one is \\U0010FFFF): "
        "fix the escape",
    )


def _looks_numeric(value: str) -> bool:
    return bool(_INT_RE.match(value) or _FLOAT_RE.match(value) or _HEX_RE.match(value) or _OCT_RE.match(value))


def _long_number_message(value: str) -> str:
    digits = sum(character.isdigit() for character in value)
    return (
        f"a number with {digits} digits is longer than any playbook needs: "
        "shorten it, or put it in quotes if it is text"
    )


def parse_text(text: str, display: str) -> ParsedFile:
    """Parse one file's text; raises ``YamlProblem`` for unreadable YAML."""
    try:
        root, parser = compose(text)
    except BoundExceeded as exceeded:
        raise YamlProblem(exceeded.line, exceeded.column, exceeded.message) from None
    except YAMLError as exc:
        raise YamlProblem(*(_bad_escape(exc, text) or _yaml_error_message(exc, text))) from None
    except RecursionError:
        raise YamlProblem(1, 1, DEPTH_MESSAGE) from None
    locator = Locator(display)
    if root is None:
        return ParsedFile(display, None, locator, parser)
    converter = _Converter(locator, budget=len(text) + 10_000)
    if "#" in text:
        converter.hashed = {index: line for index, line in enumerate(text.split("\n")) if "#" in line}
    data = converter.convert(root, ())
    if converter.errors:
        first, *more = sorted(converter.errors)
        raise YamlProblem(*first, *more)
    return ParsedFile(display, data, locator, parser, tuple(converter.warnings))
