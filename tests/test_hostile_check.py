"""Hostile input for `stratbook check`: structural mutations of a valid playbook, and garbage.

Every mutation below makes the playbook invalid in the mutated file; the
checker must then exit 1 with a located error in that file, and must never
raise or print a traceback.  Hypothesis runs derandomized, so CI sees the
same examples every time.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playbooks import BASE, write_playbook
from pydantic import BaseModel
from ruamel.yaml import YAML

from generator.cli import main
from generator.loading.yaml import parse_text
from generator.model import Strategy
from generator.model.kinds import KIND_BY_FOLDER

SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<message>.+)$")
Path_ = tuple[str | int, ...]


# -- the valid playbook as data, and what each place in it is -------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


DATA: dict[str, Any] = {name: _plain(parse_text(text, name).data) for name, text in BASE.items()}


def _root_model(name: str) -> type[BaseModel]:
    return Strategy if "/" not in name else KIND_BY_FOLDER[name.split("/", maxsplit=1)[0]].model


def _field_model(model: type[BaseModel], key: str) -> type[BaseModel] | None:
    """The schema class of the mapping(s) under ``key`` of ``model``, if any."""
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            stack = [info.annotation]
            while stack:
                annotation = stack.pop()
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    return annotation
                stack.extend(getattr(annotation, "__args__", ()))
    return None


@dataclass(frozen=True)
class Place:
    """One value in one file of the base playbook."""

    file: str
    path: Path_
    value: Any
    key: str | None  # the mapping key that holds it (the nearest one, for list items)
    model: type[BaseModel] | None  # the schema class of the mapping that holds it (for keys)


def _places() -> Iterator[Place]:
    for file, data in DATA.items():
        stack: list[tuple[Path_, Any, str | None, type[BaseModel] | None]] = [((), data, None, None)]
        root = _root_model(file)
        while stack:
            path, value, key, holder = stack.pop()
            if path:
                yield Place(file, path, value, key, holder)
            if isinstance(value, dict):
                model = root if not path or (isinstance(path[-1], int) and len(path) == 1) else None
                if model is None and holder is not None and key is not None:
                    model = _field_model(holder, key)
                for k, v in value.items():
                    stack.append(((*path, k), v, str(k), model))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    stack.append(((*path, i), v, key, holder))


PLACES = sorted(_places(), key=lambda p: (p.file, [str(x) for x in p.path]))
IDS = sorted({p.value for p in PLACES if p.key == "id" and isinstance(p.value, str)})
REF_KEYS = {"owner", "pillar", "role", "skill", "reports_to", "mentor", "mentee"}
REF_LIST_KEYS = {"depends_on", "audience", "coaches", "supports", "skills", "affects"}
LEVEL_KEYS = {"level", "from", "to", "likelihood", "impact"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_field(place: Place) -> bool:
    return isinstance(place.path[-1], str)


def _required(place: Place) -> bool:
    if place.model is None or not _is_field(place):
        return False
    return any((i.alias or n) == place.key and i.is_required() for n, i in place.model.model_fields.items())


FIELDS = [p for p in PLACES if _is_field(p)]
REFS = [
    p
    for p in PLACES
    if isinstance(p.value, str)
    and ((p.key in REF_KEYS and _is_field(p)) or (p.key in REF_LIST_KEYS and isinstance(p.path[-1], int)))
]
ID_PLACES = [p for p in FIELDS if p.key == "id"]
DATES = [p for p in PLACES if isinstance(p.value, str) and DATE.match(p.value)]
LEVELS = [p for p in FIELDS if p.key in LEVEL_KEYS]
REQUIRED = [p for p in FIELDS if _required(p)]


# -- writing a mutated playbook ---------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A scalar written into the YAML exactly as given (``~``, ``yes``, ``0x1F``...)."""

    text: str


def _set(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _set(data.get(head), rest, value)}
    copy = list(data)
    assert isinstance(head, int)
    copy[head] = _set(copy[head], rest, value)
    return copy


def _delete(data: Any, path: Path_) -> Any:
    if len(path) == 1:
        return {k: v for k, v in data.items() if k != path[0]}
    head = path[0]
    if isinstance(data, dict):
        return {**data, head: _delete(data[head], path[1:])}
    copy = list(data)
    assert isinstance(head, int)
    copy[head] = _delete(copy[head], path[1:])
    return copy


def _dump(data: Any) -> str:
    raws: list[str] = []

    def mark(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(value.text)
            return f"RAWTOKEN{len(raws) - 1}X"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(mark(data), stream)
    text = stream.getvalue()
    for index, raw in enumerate(raws):
        text = text.replace(f"RAWTOKEN{index}X", raw)
    return text


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str
    root: str

    def lines(self) -> list[re.Match[str]]:
        return [m for line in self.out.splitlines() if (m := LINE.match(line))]


def run_with(files: dict[str, str | bytes]) -> Outcome:
    """Write the base playbook with ``files`` replaced, run `stratbook check` on it in-process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pb"
        write_playbook(root, {n: t for n, t in files.items() if isinstance(t, str)})
        for name, data in files.items():
            if isinstance(data, bytes):
                (root / name).write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            status = main(["check", "--content", str(root)], out=out)
        return Outcome(status, out.getvalue(), err.getvalue(), str(root))


def assert_rejected(outcome: Outcome, mutated: str, also_in_message: bool = False) -> None:
    """Exit 1, no traceback, and an error located in (or, for duplicates, naming) the mutated file."""
    assert "Traceback" not in outcome.out + outcome.err, outcome.out + outcome.err
    assert outcome.err == "", outcome.err
    assert outcome.status == 1, outcome.out
    target = f"{outcome.root}/{mutated}"
    errors = [m for m in outcome.lines() if m["severity"] == "error"]
    located = [m for m in errors if m["file"] == target]
    if also_in_message:
        located += [m for m in errors if f"{target}:" in m["message"]]
    assert located, f"no error located in {mutated}:\n{outcome.out}"
    for match in errors:
        assert int(match["line"]) >= 1
        assert int(match["column"]) >= 1


def test_the_base_playbook_is_valid() -> None:
    outcome = run_with({name: _dump(data) for name, data in DATA.items()})
    assert (outcome.status, outcome.err) == (0, ""), outcome.out
    assert all(m["severity"] != "error" for m in outcome.lines())
    # The mutations below have something to work on.
    assert all((REFS, ID_PLACES, DATES, LEVELS, REQUIRED))


# -- mutations ---------------------------------------------------------------------------------------

WRONG_FOR: dict[str, list[Any]] = {
    "text": [{"a": 1}, [1, 2], 3, 2.5, True, {"nested": [1]}],
    "number": ["lots", [1], {"a": 1}, True, Raw("'12'")],
    "list": ["text", 7, {"a": 1}],
    "mapping": ["text", 7, [1, 2], Raw("[]")],
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "text"  # not in the base playbook
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "text"


@SETTINGS
@given(st.sampled_from(FIELDS), st.data())
def test_wrong_type(place: Place, data: st.DataObject) -> None:
    replacement = data.draw(st.sampled_from(WRONG_FOR[_kind(place.value)]), label="replacement")
    mutated = _set(DATA[place.file], place.path, replacement)
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


@SETTINGS
@given(st.sampled_from(REQUIRED))
def test_missing_required_field(place: Place) -> None:
    mutated = _delete(DATA[place.file], place.path)
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


@SETTINGS
@given(st.sampled_from(REFS), st.sampled_from(["nope", "ghost-role", "zz-9", "s99", "x"]))
def test_dangling_reference(place: Place, ref: str) -> None:
    mutated = _set(DATA[place.file], place.path, ref)
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


@SETTINGS
@given(st.sampled_from(ID_PLACES), st.sampled_from(IDS))
def test_duplicate_id(place: Place, other: str) -> None:
    if other == place.value:
        other = next(i for i in IDS if i != place.value)
    mutated = _set(DATA[place.file], place.path, other)
    # The duplicate is reported at the second of the two, and the message names the first.
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file, also_in_message=True)


@SETTINGS
@given(st.sampled_from([p for p in PLACES if isinstance(p.value, dict)] + [None]), st.data())
def test_unknown_key(place: Place | None, data: st.DataObject) -> None:
    file = place.file if place else data.draw(st.sampled_from(sorted(f for f in DATA if isinstance(DATA[f], dict))))
    path = place.path if place else ()
    key = data.draw(st.sampled_from(["bogus", "titel", "Owner", "id_", "x" * 70, "1"]))
    holder = DATA[file]
    for part in path:
        holder = holder[part]
    if key in holder:
        key = "bogus-extra"
    mutated = _set(DATA[file], (*path, key), "value")
    assert_rejected(run_with({file: _dump(mutated)}), file)


@SETTINGS
@given(
    st.sampled_from(DATES),
    st.sampled_from(["2027-02-30", "2027-13-01", "2027-00-10", "31/12/2027", "2027-1-1", "2026-02-29", "20270101"]),
    st.booleans(),
)
def test_invalid_date(place: Place, day: str, quoted: bool) -> None:
    mutated = _set(DATA[place.file], place.path, Raw(f"'{day}'" if quoted else day))
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


@SETTINGS
@given(st.sampled_from(LEVELS), st.sampled_from([0, 6, -1, 100, 2.5, -0.0]))
def test_level_out_of_range(place: Place, level: float) -> None:
    mutated = _set(DATA[place.file], place.path, level)
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


# YAML-special scalars, each paired with the kinds of required field it can never be valid for.
SPECIAL: dict[str, tuple[str, ...]] = {
    "~": ("text", "number", "level", "date", "id"),
    "null": ("text", "number", "level", "date", "id"),
    "": ("text", "number", "level", "date", "id"),
    "yes": ("number", "level", "date"),
    "No": ("number", "level", "date", "id"),
    "true": ("text", "number", "level", "date", "id"),
    "FALSE": ("text", "number", "level", "date", "id"),
    "0x1F": ("text", "level", "date", "id"),
    "0o17": ("text", "level", "date", "id"),
    ".nan": ("text", "number", "level", "date", "id"),
    "-.inf": ("text", "number", "level", "date", "id"),
    ".Inf": ("text", "number", "level", "date", "id"),
    "1e3": ("text", "level", "date", "id"),
    "'2027-02-30'": ("number", "level", "date"),
    "2027-02-30": ("number", "level", "date"),
    "'12'": ("number", "level", "date"),
    "!!str 3": ("number", "level", "date"),
    "!!binary aGVsbG8=": ("text", "number", "level", "date", "id"),
    "!!timestamp 2027-01-01": ("text", "number", "level", "date", "id"),
    "!!set {a, b}": ("text", "number", "level", "date", "id"),
    "&anchor ~": ("text", "number", "level", "date", "id"),
    "'Upper-Case'": ("number", "level", "date", "id"),
    "'../../x'": ("number", "level", "date", "id"),
}


def _required_kind(place: Place) -> str | None:
    if place.key in LEVEL_KEYS:
        return "level"
    if place.key == "id":
        return "id"
    if isinstance(place.value, int | float):
        return "number"
    if isinstance(place.value, str) and DATE.match(place.value):
        return "date"
    if isinstance(place.value, str) and place.key in ("title", "vision", "purpose"):
        return "text"
    return None


SPECIAL_TARGETS = [
    (place, raw)
    for place in REQUIRED
    if (kind := _required_kind(place)) is not None
    for raw, kinds in SPECIAL.items()
    if kind in kinds
]


@SETTINGS
@given(st.sampled_from(SPECIAL_TARGETS))
def test_yaml_special_scalar(target: tuple[Place, str]) -> None:
    place, raw = target
    mutated = _set(DATA[place.file], place.path, Raw(raw))
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


@SETTINGS
@given(st.sampled_from(FIELDS), st.integers(min_value=20, max_value=400), st.booleans())
def test_deep_nesting(place: Place, depth: int, flow: bool) -> None:
    if flow:
        nested = Raw("[" * depth + "1" + "]" * depth)
    else:
        inner: Any = {"leaf": 1}
        for _ in range(min(depth, 150)):
            inner = {"deeper": inner}
        nested = inner
    mutated = _set(DATA[place.file], place.path, nested)
    assert_rejected(run_with({place.file: _dump(mutated)}), place.file)


# -- garbage -----------------------------------------------------------------------------------------

GARBAGE_FILES = ["skills/extra.yaml", "playbook.yaml", "plans/p.yaml"]


@SETTINGS
@given(st.sampled_from(GARBAGE_FILES), st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(file: str, data: bytes) -> None:
    outcome = run_with({file: data})
    assert_rejected(outcome, file)


@SETTINGS
@given(
    st.sampled_from(GARBAGE_FILES),
    st.text(alphabet=st.sampled_from([*":-[]{}&*!|>'\"%@`#,? \n\t\\abc01~.", "\x00", "\ufeff", "é"]), max_size=200),
)
def test_yaml_punctuation_soup_never_crashes(file: str, text: str) -> None:
    outcome = run_with({file: text})
    assert_rejected(outcome, file)
