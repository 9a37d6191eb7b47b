"""Splicing text into a YAML file: replace a scalar, insert a key, append a history entry, like its neighbours."""

import datetime as dt
import logging
import re
from collections.abc import Sequence

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.editing.errors import EditError
from generator.editing.target import Splice, Target, dash_column, pair_of, pairs, scalar_text

log = logging.getLogger(__name__)

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


def _replace_value(target: Target, key: Node, value: Node, new: str | int | float) -> Splice:
    """Replace the text of one scalar value, keeping its anchor, tag and quoting."""
    text = target.text
    if not isinstance(value, ScalarNode):
        raise EditError(target.located(value, f"`{key.value}` is not a single value here: fix it by hand"))
    if value.start_mark.index < key.end_mark.index:
        match = _ALIAS_AFTER_KEY.match(text, key.end_mark.index)
        if match is None:  # pragma: no cover
            raise EditError(target.located(key, f"cannot find the alias of `{key.value}`: edit it by hand"))
        return Splice(match.start(1), match.end(1), _render(new, None))
    if _is_empty(value):
        colon = _COLON.match(text, key.end_mark.index)
        if colon is None:  # pragma: no cover
            raise EditError(target.located(key, f"cannot find the `:` after `{key.value}`: edit it by hand"))
        position = colon.end()
        if position < len(text) and text[position] == " ":
            return Splice(position + 1, position + 1, _render(new, None))
        return Splice(position, position, " " + _render(new, None))
    start, end = value.start_mark.index, value.end_mark.index
    span = text[start:end]
    properties = _PROPERTIES.match(span)
    skip = properties.end() if properties else 0
    if value.style in ("|", ">"):
        trailing = re.search(r"(?:\r?\n)*$", span)
        rendered = _render(new, None) + (trailing.group(0) if trailing else "")
    else:
        rendered = _render(new, value.style if isinstance(new, str) else None)
    return Splice(start + skip, end, rendered)


def _insert_pair(target: Target, mapping: MappingNode, key: str, rendered: str, after: Sequence[str]) -> Splice:
    """Insert ``key: rendered`` into the mapping, after the first of ``after`` it has, else at its end."""
    text, newline = target.text, target.newline
    existing = pairs(mapping)
    anchor = next((pair for name in after if (pair := pair_of(mapping, name)) is not None), None)
    if anchor is None:
        anchor = existing[-1] if existing else mapping.value[-1]
    end = _pair_end(text, *anchor)
    if mapping.flow_style:
        return Splice(end, end, f", {key}: {rendered}")
    column = mapping.value[0][0].start_mark.column
    position = _line_after(text, end)
    lead = newline if position == len(text) and text and not text.endswith("\n") else ""
    separator = "" if rendered.startswith(("\n", "\r\n")) else " "
    return Splice(position, position, f"{lead}{' ' * column}{key}:{separator}{rendered}{newline}")


def set_value(target: Target, kind: str, key: str, new: str | int | float) -> Splice:
    pair = pair_of(target.node, key)
    if pair is not None:
        return _replace_value(target, pair[0], pair[1], new)
    return _insert_pair(target, target.node, key, _render(new, None), _INSERT_AFTER.get((kind, key), ()))


def apply_splices(text: str, splices: Sequence[Splice]) -> str:
    # From the end backwards so offsets stay valid; of two inserts at one place, the first listed comes first.
    ordered = sorted(enumerate(splices), key=lambda item: (item[1].start, item[1].end, item[0]), reverse=True)
    for _, splice in ordered:
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


# -- history ----------------------------------------------------------------------------------


def as_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _clone_flow(target: Target, item: MappingNode, date_text: str, value: str) -> str:
    """A new flow-style history entry written exactly like ``item``; plain when ``item`` holds more than a
    date and a value (a note, a confidence, who checked in), which belong to that check-in alone."""
    start, end = item.start_mark.index, item.end_mark.index
    if sorted(str(key.value) for key, _ in pairs(item)) != ["date", "value"]:
        return f"{{date: {date_text}, value: {value}}}"
    splices = []
    for key, rendered in (("date", date_text), ("value", value)):
        pair = pair_of(item, key)
        if pair is None or pair[1].start_mark.index < pair[0].end_mark.index:
            return f"{{date: {date_text}, value: {value}}}"
        node = pair[1]
        style = node.style if isinstance(node, ScalarNode) and key == "date" else None
        splices.append(Splice(node.start_mark.index - start, node.end_mark.index - start, _render(rendered, style)))
    return apply_splices(target.text[start:end], splices)


def history_splices(
    target: Target, day: dt.date, value: int | float, extra: Sequence[tuple[str, str]] = ()
) -> tuple[list[Splice], int | None, bool]:
    """Splices that record ``value`` on ``day``; also the entry index and whether it replaced one.

    ``extra`` holds further ``(key, rendered YAML scalar)`` pairs of the check-in (note, confidence, by),
    written after `value` in the entry's own style.
    """
    flow_extra = "".join(f", {key}: {rendered}" for key, rendered in extra)
    text, newline = target.text, target.newline
    kr = target.node
    iso, number = day.isoformat(), _render(value, None)
    pair = pair_of(kr, "history")
    if pair is None:
        if kr.flow_style:
            entry = f"[{{date: {iso}, value: {number}{flow_extra}}}]"
            return [_insert_pair(target, kr, "history", entry, ())], None, False
        column = kr.value[0][0].start_mark.column
        dash = column + target.seq_offset
        pad = " " * (target.item_indent - 1)
        key_pad = " " * (dash + target.item_indent)
        block = f"{newline}{' ' * dash}-{pad}date: {iso}{newline}{key_pad}value: {number}"
        block += "".join(f"{newline}{key_pad}{key}: {rendered}" for key, rendered in extra)
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
        if as_date(scalar_text(item, "date")) == day:
            existing = pair_of(item, "value")
            if existing is None:
                found = [_insert_pair(target, item, "value", number, ("date",))]
            else:
                found = [_replace_value(target, existing[0], existing[1], value)]
            for name, shown in extra:
                pair = pair_of(item, name)
                if pair is None:
                    found.append(_insert_pair(target, item, name, shown, ("value", "date")))
                else:
                    found.append(Splice(pair[1].start_mark.index, pair[1].end_mark.index, shown))
            return found, index, True
    position = next(
        (i for i, item in enumerate(items) if (d := as_date(scalar_text(item, "date"))) is not None and d > day),
        len(items),
    )
    reference = items[position - 1] if position > 0 else (items[0] if items else None)
    date_style = None
    if reference is not None and (date_pair := pair_of(reference, "date")) is not None:
        node = date_pair[1]
        date_style = node.style if isinstance(node, ScalarNode) and node.style in ("'", '"') else None
    date_text = _render(iso, date_style)
    if seq.flow_style:
        entry = (
            _clone_flow(target, reference, iso, number)[:-1] + flow_extra + "}"
            if reference is not None and reference.flow_style
            else f"{{date: {date_text}, value: {number}{flow_extra}}}"
        )
        if not items:
            close = text.rfind("]", seq.start_mark.index, seq.end_mark.index)
            return [Splice(close, close, entry)], position, False
        if position < len(items):
            at = items[position].start_mark.index
            return [Splice(at, at, entry + ", ")], position, False
        at = _end(text, items[-1], items[-1].start_mark.index)
        return [Splice(at, at, ", " + entry)], position, False
    assert reference is not None  # a block sequence has at least one item
    dash = dash_column(text, reference)
    if dash is None:
        dash = max(0, reference.start_mark.column - 2)
    if reference.flow_style:
        lines = f"{' ' * dash}- {_clone_flow(target, reference, iso, number)[:-1]}{flow_extra}}}{newline}"
    else:
        key_column = reference.value[0][0].start_mark.column if reference.value else dash + 2
        order = [k.value for k, _ in pairs(reference) if isinstance(k, ScalarNode) and k.value in ("date", "value")]
        if sorted(order) != ["date", "value"]:
            order = ["date", "value"]
        rendered = {"date": date_text, "value": number}
        first = f"{' ' * dash}-{' ' * max(1, key_column - dash - 1)}{order[0]}: {rendered[order[0]]}"
        lines = f"{first}{newline}{' ' * key_column}{order[1]}: {rendered[order[1]]}{newline}"
        lines += "".join(f"{' ' * key_column}{name}: {shown}{newline}" for name, shown in extra)
    if position < len(items):
        at = items[position].start_mark.index
        dash_at = text.rfind("-", 0, at)
        line_start = text.rfind("\n", 0, dash_at) + 1
        return [Splice(line_start, line_start, lines)], position, False
    at = _line_after(text, _end(text, items[-1], items[-1].start_mark.index))
    lead = newline if at == len(text) and not text.endswith("\n") else ""
    return [Splice(at, at, lead + lines)], position, False


# -- checking and writing ---------------------------------------------------------------------
