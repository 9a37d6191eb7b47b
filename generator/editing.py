"""Edit playbook YAML in place for the weekly updates, changing only the lines that change.

Re-emitting a whole file, even with ruamel.yaml's round-trip dumper, normalizes
indentation, flow style and spacing that editors chose, so a one-value update
would show up as a diff of the whole file.  Here ruamel.yaml's round-trip
composer (``YAML(typ='rt')``) only *locates* the nodes (offset, line, column);
the edit then replaces the text of the one scalar that changes, or inserts new
lines laid out like their neighbours.  Everything else stays byte-identical by
construction.  Before anything is written the edited text is read back: its
values must equal the old values with exactly the requested change (so an
anchor shared with another value is never changed behind the editor's back),
and the whole playbook must check without errors.  The write is atomic and
refused when the file changed on disk in the meantime.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import hashlib
import logging
import math
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.exceptions import Diagnostic, Location, StratbookError, article
from generator.loading.folder import discover, display_path
from generator.loading.yaml import YamlProblem, parse_text, resolve_scalar
from generator.model import MilestoneStatus, ObjectiveStatus, RiskStatus
from generator.pipeline import load

log = logging.getLogger(__name__)

#: update kind -> (name in messages, key of the list that holds it in an objective, or None for objectives)
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
#: Where a missing key is inserted: after the first of these keys the entity has (else at its end).
_INSERT_AFTER: dict[tuple[str, str], tuple[str, ...]] = {
    ("kr", "current"): ("target", "baseline"),
    ("milestone", "status"): ("due",),
    ("risk", "status"): ("owner", "mitigation", "impact"),
    ("objective", "status"): ("period", "owner"),
}
_ALIAS_AFTER_KEY = re.compile(r"[ \t]*:\s*(\*[^\s,\[\]{}]+)")
_ALIAS = re.compile(r"\*[^\s,\[\]{}]+")
_COLON = re.compile(r"[ \t]*:")
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)*")


class EditError(StratbookError):
    """The edit is refused (it would make the playbook invalid, or the file moved); nothing was written."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        self.diagnostics = list(diagnostics)
        lines = [message, *(str(d) for d in self.diagnostics)]
        super().__init__("\n".join(lines))


class InvalidArgument(StratbookError):
    """The command names something that does not exist or is not allowed (a usage error)."""


@dataclass(frozen=True)
class UpdateResult:
    """What an update did: the file, its unified diff, and whether it was written."""

    file: str
    path: Path
    diff: str
    written: bool
    new_warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str


@dataclass
class _Target:
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


def _pairs(mapping: MappingNode) -> list[tuple[Node, Node]]:
    """The mapping's own key/value pairs (merged ones excluded: edits go to the entity itself)."""
    return [(k, v) for k, v in mapping.value if not (isinstance(k, ScalarNode) and k.value == "<<")]


def _get(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in _pairs(mapping):
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _scalar(mapping: MappingNode, key: str) -> str | None:
    pair = _get(mapping, key)
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
    pair = _get(mapping, key)
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


def _dash_column(text: str, item: Node) -> int | None:
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
            for key, value in _pairs(node):
                if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                    item = value.value[0]
                    dash = _dash_column(text, item)
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
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{path}: error: the file is not valid UTF-8: save it as UTF-8 and try again") from None
    bom = text.startswith("\ufeff")
    return raw, text.removeprefix("\ufeff"), bom


def find(root: Path, kind: str, entity_id: str) -> _Target:
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
            node = _compose(text)
        except (YAMLError, EditError) as exc:
            log.debug("skipping unreadable %s: %s", display, exc)
            continue
        for found_kind, mapping, data_path in _plan_entities(node):
            found_id = _scalar(mapping, "id")
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
            return _Target(path, display, raw, text, bom, mapping, data_path, offset, indent)
    candidates = seen.get(kind, [])
    matches = difflib.get_close_matches(entity_id, candidates, n=1, cutoff=0.6)
    hint = f"; did you mean `{matches[0]}`?" if matches else ""
    raise InvalidArgument(f"{display_root}: no {what} with id `{entity_id}` in the plans{hint}")


# -- text spans -------------------------------------------------------------------------------


def _end(text: str, node: Node, after: int) -> int:
    """Offset just past ``node``'s own text; an alias (anchor text before ``after``) ends at its `*name`."""
    if node.start_mark.index < after:
        match = _ALIAS.search(text, after)
        if match is None:  # pragma: no cover - an alias always has its token
            raise EditError(f"cannot find the alias after offset {after}")
        return match.end()
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            return len(text[: node.end_mark.index].rstrip())
        return int(node.end_mark.index)
    if getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    if isinstance(node, MappingNode):
        position = node.start_mark.index
        for key, value in node.value:
            position = _pair_end(text, key, value)
        return int(position)
    if isinstance(node, SequenceNode):
        position = node.start_mark.index
        for item in node.value:
            position = _end(text, item, position)
        return int(position)
    return int(node.end_mark.index)  # pragma: no cover


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and node.style is None


def _pair_end(text: str, key: Node, value: Node) -> int:
    if _is_empty(value):
        return int(key.end_mark.index)
    return _end(text, value, key.end_mark.index)


def _line_after(text: str, offset: int) -> int:
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def _render(value: str | int | float, style: str | None) -> str:
    if not isinstance(value, str):
        return str(value) if isinstance(value, int) else repr(value)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _replace_value(target: _Target, key: Node, value: Node, new: str | int | float) -> _Splice:
    """Replace the text of one scalar value, keeping its anchor, tag and quoting."""
    text = target.text
    if not isinstance(value, ScalarNode):
        raise EditError(target.located(value, f"`{key.value}` is not a single value here: fix it by hand"))
    if value.start_mark.index < key.end_mark.index:
        match = _ALIAS_AFTER_KEY.match(text, key.end_mark.index)
        if match is None:  # pragma: no cover
            raise EditError(target.located(key, f"cannot find the alias of `{key.value}`: edit it by hand"))
        return _Splice(match.start(1), match.end(1), _render(new, None))
    if _is_empty(value):
        colon = _COLON.match(text, key.end_mark.index)
        if colon is None:  # pragma: no cover
            raise EditError(target.located(key, f"cannot find the `:` after `{key.value}`: edit it by hand"))
        position = colon.end()
        if position < len(text) and text[position] == " ":
            return _Splice(position + 1, position + 1, _render(new, None))
        return _Splice(position, position, " " + _render(new, None))
    start, end = value.start_mark.index, value.end_mark.index
    span = text[start:end]
    properties = _PROPERTIES.match(span)
    skip = properties.end() if properties else 0
    if value.style in ("|", ">"):
        trailing = re.search(r"(?:\r?\n)*$", span)
        rendered = _render(new, None) + (trailing.group(0) if trailing else "")
    else:
        rendered = _render(new, value.style if isinstance(new, str) else None)
    return _Splice(start + skip, end, rendered)


def _insert_pair(target: _Target, mapping: MappingNode, key: str, rendered: str, after: Sequence[str]) -> _Splice:
    """Insert ``key: rendered`` into the mapping, after the first of ``after`` it has, else at its end."""
    text, newline = target.text, target.newline
    pairs = _pairs(mapping)
    anchor = next((pair for name in after if (pair := _get(mapping, name)) is not None), None)
    if anchor is None:
        anchor = pairs[-1] if pairs else mapping.value[-1]
    end = _pair_end(text, *anchor)
    if mapping.flow_style:
        return _Splice(end, end, f", {key}: {rendered}")
    column = mapping.value[0][0].start_mark.column
    position = _line_after(text, end)
    lead = newline if position == len(text) and text and not text.endswith("\n") else ""
    separator = "" if rendered.startswith(("\n", "\r\n")) else " "
    return _Splice(position, position, f"{lead}{' ' * column}{key}:{separator}{rendered}{newline}")


def _set(target: _Target, kind: str, key: str, new: str | int | float) -> _Splice:
    pair = _get(target.node, key)
    if pair is not None:
        return _replace_value(target, pair[0], pair[1], new)
    return _insert_pair(target, target.node, key, _render(new, None), _INSERT_AFTER.get((kind, key), ()))


def _apply(text: str, splices: Sequence[_Splice]) -> str:
    # From the end backwards so offsets stay valid; of two inserts at one place, the first listed comes first.
    ordered = sorted(enumerate(splices), key=lambda item: (item[1].start, item[1].end, item[0]), reverse=True)
    for _, splice in ordered:
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


# -- history ----------------------------------------------------------------------------------


def _as_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _clone_flow(target: _Target, item: MappingNode, date_text: str, value: str) -> str:
    """A new flow-style history entry written exactly like ``item``."""
    start, end = item.start_mark.index, item.end_mark.index
    splices = []
    for key, rendered in (("date", date_text), ("value", value)):
        pair = _get(item, key)
        if pair is None or pair[1].start_mark.index < pair[0].end_mark.index:
            return f"{{date: {date_text}, value: {value}}}"
        node = pair[1]
        style = node.style if isinstance(node, ScalarNode) and key == "date" else None
        splices.append(_Splice(node.start_mark.index - start, node.end_mark.index - start, _render(rendered, style)))
    return _apply(target.text[start:end], splices)


def _history(target: _Target, day: dt.date, value: int | float) -> tuple[list[_Splice], int | None, bool]:
    """Splices that record ``value`` on ``day``; also the entry index and whether it replaced one."""
    text, newline = target.text, target.newline
    kr = target.node
    iso, number = day.isoformat(), _render(value, None)
    pair = _get(kr, "history")
    if pair is None:
        if kr.flow_style:
            return [_insert_pair(target, kr, "history", f"[{{date: {iso}, value: {number}}}]", ())], None, False
        column = kr.value[0][0].start_mark.column
        dash = column + target.seq_offset
        pad = " " * (target.item_indent - 1)
        block = f"{newline}{' ' * dash}-{pad}date: {iso}{newline}{' ' * (dash + target.item_indent)}value: {number}"
        return [_insert_pair(target, kr, "history", block, ())], None, False
    key, seq = pair
    if not isinstance(seq, SequenceNode) or seq.start_mark.index < key.end_mark.index:
        raise EditError(
            target.located(
                seq, "`history` here is not a list written out in place: write it as a list of {date, value}"
            )
        )
    items: list[MappingNode] = []
    for item in seq.value:
        if not isinstance(item, MappingNode) or item.start_mark.index < seq.start_mark.index:
            raise EditError(target.located(item, "a `history` entry is not a {date, value} mapping: fix it by hand"))
        items.append(item)
    for index, item in enumerate(items):
        if _as_date(_scalar(item, "date")) == day:
            existing = _get(item, "value")
            if existing is None:
                return [_insert_pair(target, item, "value", number, ("date",))], index, True
            return [_replace_value(target, existing[0], existing[1], value)], index, True
    position = next(
        (i for i, item in enumerate(items) if (d := _as_date(_scalar(item, "date"))) is not None and d > day),
        len(items),
    )
    reference = items[position - 1] if position > 0 else (items[0] if items else None)
    date_style = None
    if reference is not None and (date_pair := _get(reference, "date")) is not None:
        node = date_pair[1]
        date_style = node.style if isinstance(node, ScalarNode) and node.style in ("'", '"') else None
    date_text = _render(iso, date_style)
    if seq.flow_style:
        entry = (
            _clone_flow(target, reference, iso, number)
            if reference is not None and reference.flow_style
            else f"{{date: {date_text}, value: {number}}}"
        )
        if not items:
            close = text.rfind("]", seq.start_mark.index, seq.end_mark.index)
            return [_Splice(close, close, entry)], position, False
        if position < len(items):
            at = items[position].start_mark.index
            return [_Splice(at, at, entry + ", ")], position, False
        at = _end(text, items[-1], items[-1].start_mark.index)
        return [_Splice(at, at, ", " + entry)], position, False
    assert reference is not None  # a block sequence has at least one item
    dash = _dash_column(text, reference)
    if dash is None:
        dash = max(0, reference.start_mark.column - 2)
    if reference.flow_style:
        lines = f"{' ' * dash}- {_clone_flow(target, reference, iso, number)}{newline}"
    else:
        key_column = reference.value[0][0].start_mark.column if reference.value else dash + 2
        order = [k.value for k, _ in _pairs(reference) if isinstance(k, ScalarNode) and k.value in ("date", "value")]
        if sorted(order) != ["date", "value"]:
            order = ["date", "value"]
        rendered = {"date": date_text, "value": number}
        first = f"{' ' * dash}-{' ' * max(1, key_column - dash - 1)}{order[0]}: {rendered[order[0]]}"
        lines = f"{first}{newline}{' ' * key_column}{order[1]}: {rendered[order[1]]}{newline}"
    if position < len(items):
        at = items[position].start_mark.index
        dash_at = text.rfind("-", 0, at)
        line_start = text.rfind("\n", 0, dash_at) + 1
        return [_Splice(line_start, line_start, lines)], position, False
    at = _line_after(text, _end(text, items[-1], items[-1].start_mark.index))
    lead = newline if at == len(text) and not text.endswith("\n") else ""
    return [_Splice(at, at, lead + lines)], position, False


# -- checking and writing ---------------------------------------------------------------------


def _expected(data: Any, path: Sequence[str | int], changes: Mapping[str, Any]) -> Any:
    """``data`` with ``changes`` set in the mapping at ``path``."""
    if not path:
        assert isinstance(data, dict)
        return {**data, **changes}
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        assert isinstance(data, tuple)
        return (*data[:head], _expected(data[head], rest, changes), *data[head + 1 :])
    assert isinstance(data, dict)
    return {**data, head: _expected(data[head], rest, changes)}


def _at(data: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        data = data[part]
    return data


def _parse(text: str, display: str) -> Any:
    try:
        return parse_text(text, display).data
    except YamlProblem as problem:
        line, column, message = problem.problems[0]
        raise EditError(f"{Location(display, line, column)}: error: {message}") from None


def _diff(target: _Target, new_text: str) -> str:
    lines = difflib.unified_diff(
        target.text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=target.display,
        tofile=target.display,
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _check_playbook(root: Path, path: Path, raw: bytes) -> list[Diagnostic]:
    """Every diagnostic of the playbook read with ``raw`` in place of ``path``."""
    return load(root, overrides={path: raw}).diagnostics


def _write_atomic(path: Path, raw: bytes, expected: bytes, display: str) -> None:
    """Write through a temporary file and a rename, keeping the mode; refuse if the file moved."""
    real = path.resolve()
    mode = stat.S_IMODE(real.stat().st_mode)
    fd, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        if hashlib.sha256(real.read_bytes()).digest() != hashlib.sha256(expected).digest():
            raise EditError(
                f"{display}: error: the file changed on disk while it was being updated; "
                "nothing was written: run the update again"
            )
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _finish(
    root: Path,
    *,
    target: _Target,
    splices: Sequence[_Splice],
    changes: Mapping[str, Any],
    what: str,
    dry_run: bool,
) -> UpdateResult:
    new_text = _apply(target.text, splices)
    raw = ("\ufeff" if target.bom else "").encode("utf-8") + new_text.encode("utf-8")
    before = load(root).diagnostics
    after = _check_playbook(root, target.path, raw)
    errors = [d for d in after if d.severity.value == "error"]
    if errors:
        raise EditError(
            f"{target.display}: error: updating {what} would make the playbook invalid; nothing was written:", errors
        )
    old_data = _parse(target.text, target.display)
    new_data = _parse(new_text, target.display)
    if new_data != _expected(old_data, target.data_path, changes):
        raise EditError(
            f"{target.display}: error: updating {what} would also change other values "
            "(they share a YAML anchor or merge with it); nothing was written: edit the file by hand"
        )
    known = {(d.location.file, d.message) for d in before}
    new_warnings = [d for d in after if (d.location.file, d.message) not in known]
    diff = _diff(target, new_text)
    if not dry_run and new_text != target.text:
        _write_atomic(target.path, raw, target.raw, target.display)
        log.info("updated %s in %s", what, target.display)
    return UpdateResult(target.display, target.path, diff, not dry_run and new_text != target.text, new_warnings)


# -- the updates --------------------------------------------------------------------------------


def parse_number(text: str) -> int | float:
    """A key result value as typed: a whole or decimal number (YAML 1.2 core syntax)."""
    value = resolve_scalar(text.strip())
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    raise InvalidArgument(f"`{text}` is not a number: write it like 42 or 12.5")


def parse_status(kind: str, text: str) -> str:
    """``text`` if it is a status of ``kind``; otherwise a usage error with a suggestion."""
    allowed = [member.value for member in STATUSES[kind]]
    if text in allowed:
        return text
    matches = difflib.get_close_matches(text.lower(), allowed, n=1, cutoff=0.5)
    hint = f"; did you mean `{matches[0]}`?" if matches else ""
    choices = ", ".join(f"`{a}`" for a in allowed)
    what = KINDS[kind][0]
    raise InvalidArgument(f"`{text}` is not {article(what)} {what} status: choose one of {choices}{hint}")


def update_key_result(
    root: Path, entity_id: str, current: int | float, day: dt.date | None = None, dry_run: bool = False
) -> UpdateResult:
    """Set a key result's `current` and record it in its `history` (on ``day``, default today)."""
    day = day or dt.date.today()
    target = find(root, "kr", entity_id)
    splices = [_set(target, "kr", "current", current)]
    history_splices, _, _ = _history(target, day, current)
    splices.extend(history_splices)
    old = _parse(target.text, target.display)
    old_history = tuple(_at(old, target.data_path).get("history") or ())
    entry = {"date": day.isoformat(), "value": current}
    replaced = [i for i, e in enumerate(old_history) if isinstance(e, dict) and _as_date(str(e.get("date"))) == day]
    if replaced:
        index = replaced[0]
        new_history = (*old_history[:index], {**old_history[index], "value": current}, *old_history[index + 1 :])
    else:
        index = next(
            (
                i
                for i, e in enumerate(old_history)
                if isinstance(e, dict) and (d := _as_date(str(e.get("date")))) is not None and d > day
            ),
            len(old_history),
        )
        new_history = (*old_history[:index], entry, *old_history[index:])
    return _finish(
        root,
        target=target,
        splices=splices,
        changes={"current": current, "history": new_history},
        what=f"key result `{entity_id}`",
        dry_run=dry_run,
    )


def update_status(root: Path, kind: str, entity_id: str, status: str, dry_run: bool = False) -> UpdateResult:
    """Set the `status` of a milestone, risk or objective."""
    value = parse_status(kind, status)
    target = find(root, kind, entity_id)
    splice = _set(target, kind, "status", value)
    return _finish(
        root,
        target=target,
        splices=[splice],
        changes={"status": value},
        what=f"{KINDS[kind][0]} `{entity_id}`",
        dry_run=dry_run,
    )


__all__ = [
    "KINDS",
    "STATUSES",
    "EditError",
    "InvalidArgument",
    "UpdateResult",
    "find",
    "parse_number",
    "parse_status",
    "update_key_result",
    "update_status",
]
