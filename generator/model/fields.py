"""The building blocks of the model: ids, dates, numbers, text, links, and the base of every node.

Kept apart from the entity classes so that the loader's error translation and
the schema generator can name them without importing every entity.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Protocol, TypeVar, overload

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.exceptions import Location

T = TypeVar("T")


class Link(Generic[T]):
    """A read-only view of a private link attribute, set once by :mod:`generator.linking`.

    A required link read before linking raises instead of handing ``None`` to
    a template: that would be a bug in the pipeline, not in the content.
    """

    def __init__(self, private: str, doc: str = "", *, required: bool = False) -> None:
        self.private = private
        self.required = required
        self.__doc__ = doc

    @overload
    def __get__(self, obj: None, owner: type) -> Link[T]: ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: object | None, owner: type) -> Link[T] | T:
        if obj is None:
            return self
        # Straight from pydantic's store of private attributes: templates read links a million times
        # on a large playbook, and `getattr` goes through pydantic's slower `__getattr__`.
        private = getattr(obj, "__pydantic_private__", None)
        if private is not None and self.private in private:
            value: T = private[self.private]
        else:
            value = getattr(obj, self.private)
        if value is None and self.required:
            raise AttributeError(f"{owner.__name__}.{self.private[1:]} is read before linking")
        return value


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 64
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The calendar a playbook may use: wide enough for any strategy, far enough from Python's own limits
#: (year 1 and 9999) that no date arithmetic of a page, a picture or an export can overflow.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
#: Numbers a playbook may hold: exact in a float (below 2**53) and far from overflow in any difference or ratio.
NUMBER_LIMIT = 10**15
SMALLEST_NUMBER = 1e-9


def date_range_problem(value: dt.date) -> str | None:
    """Why ``value`` is outside the calendar a playbook may use, or None."""
    if FIRST_DATE <= value <= LAST_DATE:
        return None
    return f"must be a date from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}, got {value.isoformat()}"


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The date a playbook without ``as_of`` is judged on: ``SOURCE_DATE_EPOCH`` when set, else today in UTC.

    Reproducible builds set ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC); without it, the UTC date
    makes two builds of the same day agree whatever the time zone of the machine.
    """
    import os

    from generator.exceptions import BuildDateError

    text = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if text is None or not text.strip():
        return dt.datetime.now(dt.UTC).date()
    try:
        day = dt.datetime.fromtimestamp(int(text.strip()), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        day = None
    if day is None or date_range_problem(day) is not None:
        raise BuildDateError(
            f"SOURCE_DATE_EPOCH: error: `{text}` is not a time stamp (whole seconds since 1970-01-01 UTC, "
            "between 1900 and 2999): fix or unset it"
        )
    return day


def _in_calendar(value: dt.date) -> dt.date:
    problem = date_range_problem(value)
    if problem is not None:
        raise PydanticCustomError("date_range", problem + ": give the real date")
    return value


def _parse_date(value: Any) -> Any:
    """Accept only ISO ``YYYY-MM-DD`` strings: YAML 1.2 has no date type."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _in_calendar(value)
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return _in_calendar(dt.date.fromisoformat(value))
        except PydanticCustomError:
            raise
        except ValueError:
            raise PydanticCustomError(
                "date_invalid",
                "`{value}` is not a real date: check the month and day",
                {"value": value},
            ) from None
    raise PydanticCustomError(
        "date_type",
        "expected an ISO date like 2027-03-31, got {got}",
        {"got": describe(value)},
    )


def describe(value: Any) -> str:
    """Describe a YAML value for a message, without echoing huge input."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number `{value}`"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text `{shown}`"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, tuple | list):
        return "a list"
    return type(value).__name__


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Ref = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Text = Annotated[str, StringConstraints(min_length=1)]
Markdown = Annotated[str, Field(json_schema_extra={"contentMediaType": "text/markdown"})]
Level = Annotated[int, Field(ge=1, le=5)]


def _check_number(value: Any) -> int | float:
    """Numbers are ints or floats; booleans and quoted numbers are not."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("number_finite", "expected a finite number, got {got}", {"got": value})
        if abs(value) > NUMBER_LIMIT:
            raise PydanticCustomError(
                "number_range", "must be a number from -1e15 to 1e15: use a larger unit (thousands, millions)"
            )
        if value and abs(value) < SMALLEST_NUMBER:
            raise PydanticCustomError(
                "number_range", "must be 0 or at least 1e-9 in size: use a smaller unit (thousandths, millionths)"
            )
        return value
    raise PydanticCustomError("number_type", "expected a number, got {got}", {"got": describe(value)})


Number = Annotated[int | float, PlainValidator(_check_number), WithJsonSchema({"type": "number"})]


class Locator(Protocol):
    """What a node needs of the file it was read from: the file's name and where each value sits.

    The loader's locator satisfies it; the model only names the protocol, so it never imports the loader.
    """

    @property
    def file(self) -> str: ...

    def value_location(self, path: Sequence[str | int]) -> Location: ...


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entity was read from: its file's locator and its path in the file."""

    locator: Locator
    path: tuple[str | int, ...]


class Node(BaseModel):
    """Base of every schema class: frozen, strict, unknown keys rejected."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        use_enum_values=False,
        revalidate_instances="never",
    )

    _source: Source | None = PrivateAttr(default=None)

    def loc(self, *keys: str | int) -> Location:
        """The location of this node, or of the value under ``keys`` when present."""
        if self._source is None:
            return Location("<memory>")
        return self._source.locator.value_location(self._source.path + keys)

    @property
    def file(self) -> str:
        """The display path of the file this node was read from (asked for every node of a page being reused)."""
        source = (self.__pydantic_private__ or {}).get("_source")  # without pydantic's lookup of private names
        return source.locator.file if source is not None else "<memory>"


def desc(text: str, **kwargs: Any) -> Any:
    return Field(description=text, **kwargs)


class ObjectiveSkill(Node):
    """A skill an objective depends on, with the level the objective needs of it."""

    skill_id: Ref = desc("The skill.", alias="skill")
    level: Level = desc("Proficiency the objective needs, 1 to 5 (instead of each mover's role level).")


_REF: TypeAdapter[str] = TypeAdapter(Ref, config=ConfigDict(strict=True))


def _objective_skill(value: Any) -> str | ObjectiveSkill:
    """A plain skill id or a ``{skill, level}`` mapping; nested errors keep their place in the list."""
    if isinstance(value, dict):
        return ObjectiveSkill.model_validate(value)
    if isinstance(value, str):
        ref: str = _REF.validate_python(value)
        return ref
    raise PydanticCustomError(
        "objective_skill_type",
        "expected a skill id, or a mapping of `skill` and `level` (1 to 5), got {got}",
        {"got": describe(value)},
    )


SKILLS_HELP = "Skills the objective depends on: skill ids, or `{skill, level}` to give the level it needs."

#: An entry of an objective's ``skills``: a plain skill id, or ``{skill, level}``.
ObjectiveSkillEntry = Annotated[
    str | ObjectiveSkill, PlainValidator(_objective_skill, json_schema_input_type=Ref | ObjectiveSkill)
]
