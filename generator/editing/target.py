"""Finding an entity in its file: the round-trip composer locates its mapping node, offsets and indentation."""

import difflib
import enum
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.editing.errors import EditError, InvalidArgument
from generator.exceptions import Location, article
from generator.loading.bounds import BoundExceeded, check_depth, may_nest_deeply, read_file
from generator.loading.folder import discover, display_path
from generator.model import MilestoneStatus, ObjectiveStatus, RiskStatus

log = logging.getLogger(__name__)

KINDS: dict[str, tuple[str, str | None]] = {
    "kr": ("key result", "key_results"),
    "milestone": ("milestone", "milestones"),
    "risk": ("risk", "risks"),
    "objective": ("objective", None),
}
STATUSES: dict[str, type[enum.StrEnum]] = {
    "milestone": MilestoneStatus,
    "risk": RiskStatus,
    "objective": ObjectiveStatus,
}


@dataclass(frozen=True)
class Splice:
    start: int
    end: int
    text: str


@dataclass
class Target:
    """The entity's mapping node in its file, with the file's text."""

    path: Path
    display: str
    raw: bytes
    text: str
    bom: bool
    node: MappingNode
    data_path: tuple[str | int, ...]
    seq_offset: int
    item_indent: int
    #: the file ends its lines with a bare CR (old Mac style): ``text`` has LF, written back as CR
    cr_only: bool = False

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def located(self, node: Node, message: str) -> str:
        mark = node.start_mark
        return f"{Location(self.display, mark.line + 1, mark.column + 1)}: error: {message}"


# -- finding the entity ---------------------------------------------------------------------


def _compose(text: str) -> Node | None:
    yaml = YAML(typ="rt")
    node: Node | None = yaml.compose(text)
    return node


def pairs(mapping: MappingNode) -> list[tuple[Node, Node]]:
    """The mapping's own key/value pairs (merged ones excluded: edits go to the entity itself)."""
    return [(k, v) for k, v in mapping.value if not (isinstance(k, ScalarNode) and k.value == "<<")]


def pair_of(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in pairs(mapping):
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def scalar_text(mapping: MappingNode, key: str) -> str | None:
    pair = pair_of(mapping, key)
    if pair is not None and isinstance(pair[1], ScalarNode):
        value: str = pair[1].value
        return value
    return None


def _items(node: Node | None, path: tuple[str | int, ...]) -> Iterator[tuple[MappingNode, tuple[str | int, ...]]]:
    if isinstance(node, MappingNode):
        yield node, path
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            if isinstance(item, MappingNode):
                yield item, (*path, index)


def _list_of(
    mapping: MappingNode, key: str, path: tuple[str | int, ...]
) -> Iterator[tuple[MappingNode, tuple[str | int, ...]]]:
    pair = pair_of(mapping, key)
    if pair is not None and isinstance(pair[1], SequenceNode):
        yield from _items(pair[1], (*path, key))


def _plan_entities(root: Node | None) -> Iterator[tuple[str, MappingNode, tuple[str | int, ...]]]:
    """(kind, mapping, path) of every entity an update can name, in a plans/ file."""
    for plan, plan_path in _items(root, ()):
        yield "plan", plan, plan_path
        for objective, objective_path in _list_of(plan, "objectives", plan_path):
            yield "objective", objective, objective_path
            for kind, (_, key) in KINDS.items():
                if key is not None:
                    for entity, entity_path in _list_of(objective, key, objective_path):
                        yield kind, entity, entity_path


def dash_column(text: str, item: Node) -> int | None:
    """Column of the `-` that introduces a block sequence item, when it is on the item's line."""
    index = item.start_mark.index - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    if index < 0 or text[index] != "-":
        return None
    return int(index - (text.rfind("\n", 0, index) + 1))


def _indentation(text: str, root: Node | None) -> tuple[int, int]:
    """The file's usual block-sequence offset (dash column minus key column) and item indent."""
    offsets: dict[int, int] = {}
    indents: dict[int, int] = {}

    def visit(node: Node, depth: int) -> None:
        if depth > 50:
            return
        if isinstance(node, MappingNode):
            for key, value in pairs(node):
                if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                    item = value.value[0]
                    dash = dash_column(text, item)
                    if dash is not None and item.start_mark.index > key.start_mark.index:
                        offsets[dash - key.start_mark.column] = offsets.get(dash - key.start_mark.column, 0) + 1
                        indent = item.start_mark.column - dash
                        indents[indent] = indents.get(indent, 0) + 1
                if value.start_mark.index > key.start_mark.index:
                    visit(value, depth + 1)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                visit(item, depth + 1)

    if root is not None:
        visit(root, 0)

    def most(counts: dict[int, int], default: int) -> int:
        return max(sorted(counts), key=lambda k: counts[k]) if counts else default

    return max(0, most(offsets, 2)), max(1, most(indents, 2))


def _read(path: Path) -> tuple[bytes, str, bool]:
    raw = read_file(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{path}: error: the file is not valid UTF-8: save it as UTF-8 and try again") from None
    bom = text.startswith("\ufeff")
    return raw, text.removeprefix("\ufeff"), bom


def _lf(text: str) -> tuple[str, bool]:
    """Text whose lines end in a bare CR is edited with LF (same offsets) and written back with CR."""
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n"), True
    return text, False


def find(root: Path, kind: str, entity_id: str) -> Target:
    """The file and mapping node of the ``kind`` entity ``entity_id`` (searching plans/)."""
    what = KINDS[kind][0]
    display_root = display_path(root)
    files, _ = discover(root, display_root)
    seen: dict[str, list[str]] = {}
    for path, display, folder in files:
        if folder != "plans":
            continue
        try:
            raw, text, bom = _read(path)
            text, cr_only = _lf(text)
            if may_nest_deeply(text):
                check_depth(text)
            node = _compose(text)
        except (YAMLError, EditError, OSError, BoundExceeded, RecursionError, ValueError) as exc:
            # The check that follows every edit reports this file with its located errors.
            log.debug("skipping unreadable %s: %s", display, exc)
            continue
        for found_kind, mapping, data_path in _plan_entities(node):
            found_id = scalar_text(mapping, "id")
            if found_id is None:
                continue
            seen.setdefault(found_kind, []).append(found_id)
            if found_id != entity_id:
                continue
            if found_kind != kind:
                other = next((k for k, v in KINDS.items() if k == found_kind), None)
                hint = f": use `stratbook update {other} {entity_id}`" if other else ""
                found_what = KINDS[found_kind][0] if found_kind in KINDS else found_kind
                raise InvalidArgument(
                    f"`{entity_id}` is {article(found_what)} {found_what}, not {article(what)} {what}{hint}"
                )
            offset, indent = _indentation(text, node)
            return Target(path, display, raw, text, bom, mapping, data_path, offset, indent, cr_only)
    candidates = seen.get(kind, [])
    matches = difflib.get_close_matches(entity_id, candidates, n=1, cutoff=0.6)
    hint = f"; did you mean `{matches[0]}`?" if matches else ""
    raise InvalidArgument(f"{display_root}: no {what} with id `{entity_id}` in the plans{hint}")


# -- text spans -------------------------------------------------------------------------------
