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
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.editing.errors import EditError, InvalidArgument, UpdateResult, existing_note
from generator.editing.splice import apply_splices, as_date, history_splices, set_value
from generator.editing.target import KINDS, STATUSES, Splice, Target, find
from generator.exceptions import Diagnostic, Location, Severity, article
from generator.loading.yaml import YamlProblem, parse_text, resolve_scalar
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
    target: Target,
    splices: Sequence[Splice],
    changes: Mapping[str, Any],
    what: str,
    dry_run: bool,
) -> UpdateResult:
    new_text = apply_splices(target.text, splices)
    raw = ("\ufeff" if target.bom else "").encode("utf-8") + new_text.encode("utf-8")
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
        _write_atomic(target.path, raw, target.raw, target.display)
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
    """Record a check-in: set a key result's `current` and add it to its `history` (on ``day``, default today).

    A note, a confidence and the role that checked in are written with the entry when given.
    """
    day = day or dt.date.today()
    details: dict[str, str] = {}
    if note is not None and note.strip():
        details["note"] = " ".join(note.split())
    if confidence is not None:
        details["confidence"] = parse_confidence(confidence)
    if by is not None:
        details["by"] = by
    extra = [(key, json.dumps(text, ensure_ascii=False) if key == "note" else text) for key, text in details.items()]
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
