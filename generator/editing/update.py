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

import datetime as dt
import difflib
import hashlib
import json
import logging
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.editing.errors import EditError, InvalidArgument, UpdateResult, existing_note
from generator.editing.lock import playbook_lock
from generator.editing.splice import apply_splices, as_date, history_splices, set_value
from generator.editing.target import KINDS, STATUSES, Splice, Target, find
from generator.editing.write import replace_contents, writable_target
from generator.exceptions import Diagnostic, Location, Severity, article
from generator.loading.bounds import BoundExceeded, read_file
from generator.loading.folder import display_path
from generator.loading.yaml import YamlProblem, parse_text, resolve_scalar
from generator.model.fields import NUMBER_LIMIT, build_date
from generator.pipeline import load

log = logging.getLogger(__name__)


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


def _diff(target: Target, new_text: str) -> str:
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


def _write(target: Target, raw: bytes) -> None:
    """Replace the file (under the playbook lock); refuse if something else changed it since it was read."""
    try:
        on_disk = read_file(target.path)
    except (OSError, BoundExceeded):
        on_disk = None
    if on_disk is None or hashlib.sha256(on_disk).digest() != hashlib.sha256(target.raw).digest():
        raise EditError(
            f"{target.display}: error: the file changed on disk while it was being updated; "
            "nothing was written: run the update again"
        )
    replace_contents(target.path, raw, target.display)


def _finish(
    root: Path,
    *,
    target: Target,
    splices: Sequence[Splice],
    changes: Mapping[str, Any],
    what: str,
    dry_run: bool,
) -> UpdateResult:
    new_text = apply_splices(target.text, splices)
    as_written = new_text.replace("\n", "\r") if target.cr_only else new_text
    raw = ("\ufeff" if target.bom else "").encode("utf-8") + as_written.encode("utf-8")
    if not dry_run:
        writable_target(target.path, target.display)
    before = load(root).diagnostics
    after = _check_playbook(root, target.path, raw)
    errors_before = [d for d in before if d.severity is Severity.ERROR]
    errors_after = [d for d in after if d.severity is Severity.ERROR]
    added = _added(errors_after, errors_before)
    if added:
        count = f"{len(added)} error{'s' * (len(added) != 1)}"
        raise EditError(
            f"{target.display}: error: updating {what} would add {count} to the playbook; nothing was written:",
            added,
            existing=errors_before,
        )
    old_data = _parse(target.text, target.display)
    new_data = _parse(new_text, target.display)
    if new_data != _expected(old_data, target.data_path, changes):
        raise EditError(
            f"{target.display}: error: updating {what} would also change other values "
            "(they share a YAML anchor or merge with it); nothing was written: edit the file by hand"
        )
    new_warnings = _added([d for d in after if d.severity is Severity.WARNING], before)
    diff = _diff(target, new_text)
    if not dry_run and new_text != target.text:
        _write(target, raw)
        log.info("updated %s in %s", what, target.display)
    written = not dry_run and new_text != target.text
    return UpdateResult(target.display, target.path, diff, written, new_warnings, errors_after)


def _added(after: Sequence[Diagnostic], before: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The findings of ``after`` that ``before`` did not have, matched by file, code and message.

    Not by line: an update that inserts lines (a history entry) moves every finding below it.
    """
    known = Counter((d.location.file, d.code, d.message) for d in before)
    added: list[Diagnostic] = []
    for diagnostic in after:
        key = (diagnostic.location.file, diagnostic.code, diagnostic.message)
        if known[key]:
            known[key] -= 1
        else:
            added.append(diagnostic)
    return added


# -- the updates --------------------------------------------------------------------------------


def _non_finite(value: int | float) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def parse_number(text: str) -> int | float:
    """A key result value as typed: a whole or decimal number (YAML 1.2 core syntax)."""
    try:
        value: object = resolve_scalar(text.strip())
    except ValueError:  # more digits than Python converts
        value = None
    if isinstance(value, int | float) and not isinstance(value, bool) and not _non_finite(value):
        if abs(value) <= NUMBER_LIMIT:
            return value
        raise InvalidArgument(
            f"`{text}` is out of range: a key result value is a number from -1e15 to 1e15 (use a larger unit)"
        )
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


CONFIDENCES = ("high", "medium", "low")


def parse_confidence(text: str) -> str:
    """``text`` if it is a confidence word; otherwise a usage error with a suggestion."""
    if text in CONFIDENCES:
        return text
    matches = difflib.get_close_matches(text.lower(), CONFIDENCES, n=1, cutoff=0.5)
    hint = f"; did you mean `{matches[0]}`?" if matches else ""
    raise InvalidArgument(f"`{text}` is not a confidence: choose one of `high`, `medium`, `low`{hint}")


def update_key_result(
    root: Path,
    entity_id: str,
    current: int | float,
    day: dt.date | None = None,
    dry_run: bool = False,
    *,
    note: str | None = None,
    confidence: str | None = None,
    by: str | None = None,
) -> UpdateResult:
    """Record a check-in: set a key result's `current` and add it to its `history` (on ``day``).

    ``day`` defaults to the date builds judge on (:func:`~generator.model.fields.build_date`: today in UTC,
    or ``SOURCE_DATE_EPOCH``'s day), so a check-in recorded today is never in the future for the site.

    A note, a confidence and the role that checked in are written with the entry when given.
    """
    day = day or build_date()
    details: dict[str, str] = {}
    if note is not None and note.strip():
        details["note"] = " ".join(note.split())
    if confidence is not None:
        details["confidence"] = parse_confidence(confidence)
    if by is not None:
        details["by"] = by
    extra = [(key, json.dumps(text, ensure_ascii=False) if key == "note" else text) for key, text in details.items()]
    with playbook_lock(root, display_path(root)):
        return _update_key_result(root, entity_id, current, day, dry_run=dry_run, details=details, extra=extra)


def _update_key_result(
    root: Path,
    entity_id: str,
    current: int | float,
    day: dt.date,
    *,
    dry_run: bool,
    details: dict[str, str],
    extra: list[tuple[str, str]],
) -> UpdateResult:
    target = find(root, "kr", entity_id)
    splices = [set_value(target, "kr", "current", current)]
    appended, _, _ = history_splices(target, day, current, extra)
    splices.extend(appended)
    old = _parse(target.text, target.display)
    old_history = tuple(_at(old, target.data_path).get("history") or ())
    entry = {"date": day.isoformat(), "value": current, **details}
    replaced = [i for i, e in enumerate(old_history) if isinstance(e, dict) and as_date(str(e.get("date"))) == day]
    if replaced:
        index = replaced[0]
        new_history = (
            *old_history[:index],
            {**old_history[index], "value": current, **details},
            *old_history[index + 1 :],
        )
    else:
        index = next(
            (
                i
                for i, e in enumerate(old_history)
                if isinstance(e, dict) and (d := as_date(str(e.get("date")))) is not None and d > day
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
    with playbook_lock(root, display_path(root)):
        return _update_status(root, kind, entity_id, value, dry_run)


def _update_status(root: Path, kind: str, entity_id: str, value: str, dry_run: bool) -> UpdateResult:
    target = find(root, kind, entity_id)
    splice = set_value(target, kind, "status", value)
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
    "existing_note",
    "find",
    "parse_number",
    "parse_status",
    "update_key_result",
    "update_status",
]
