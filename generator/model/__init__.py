"""The playbook model: one declarative schema, validated by pydantic, then linked.

The pydantic classes below are the single source of truth for field types,
required fields, allowed values, ranges and unknown-key rejection; the JSON
Schemas and the editors' reference are generated from them.  YAML keys that
name other entities (``owner``, ``pillar``, ``skills``...) are stored under
an ``*_id``/``*_ids`` attribute and exposed, once :mod:`generator.linking`
has run, as properties that return the linked objects, so that templates
never search.  Every instance is frozen; links are private attributes set
once while linking.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Literal, TypeVar, overload

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.exceptions import Location

if TYPE_CHECKING:
    from generator.loader import Locator

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
        value: T = getattr(obj, self.private)
        if value is None and self.required:
            raise AttributeError(f"{owner.__name__}.{self.private[1:]} is read before linking")
        return value


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 64
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: Any) -> Any:
    """Accept only ISO ``YYYY-MM-DD`` strings: YAML 1.2 has no date type."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_invalid",
                "`{value}` is not a real date: check the month and day",
                {"value": value},
            ) from None
    raise PydanticCustomError(
        "date_type",
        "expected an ISO date like 2027-03-31, got {got}",
        {"got": _describe(value)},
    )


def _describe(value: Any) -> str:
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
        return value
    raise PydanticCustomError("number_type", "expected a number, got {got}", {"got": _describe(value)})


Number = Annotated[int | float, PlainValidator(_check_number), WithJsonSchema({"type": "number"})]


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    DONE = "done"
    CANCELLED = "cancelled"


class ObjectiveStatus(enum.StrEnum):
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    DONE = "done"


class MilestoneStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


class RiskStatus(enum.StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    CLOSED = "closed"
    OCCURRED = "occurred"


class Raci(enum.StrEnum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


class ResourceKind(enum.StrEnum):
    BUDGET = "budget"
    PEOPLE = "people"
    TOOL = "tool"
    TIME = "time"
    OTHER = "other"


class SkillCategory(enum.StrEnum):
    LEADERSHIP = "leadership"
    TECHNICAL = "technical"
    INTERPERSONAL = "interpersonal"
    EMOTIONAL_INTELLIGENCE = "emotional-intelligence"
    MINDSET = "mindset"
    DOMAIN = "domain"


class SessionFormat(enum.StrEnum):
    ONE_TO_ONE = "one-to-one"
    GROUP = "group"
    WORKSHOP = "workshop"
    SELF_STUDY = "self-study"


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
        return self._source.locator.file if self._source else "<memory>"


def _desc(text: str, **kwargs: Any) -> Any:
    return Field(description=text, **kwargs)


class Period(Node):
    """A time span; ``start <= end`` is checked with the cross-file rules."""

    start: IsoDate = _desc("First day of the period (ISO date).")
    end: IsoDate = _desc("Last day of the period (ISO date), not before `start`.")

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


class Pillar(Node):
    """A strategic theme that plans serve."""

    id: Id = _desc("Unique id of the pillar.", examples=["customer-value"])
    title: Text = _desc("Name of the pillar (plain text).")
    description: Markdown | None = _desc("What the pillar means (Markdown).", default=None)

    _plans: tuple[Plan, ...] = PrivateAttr(default=())

    plans: ClassVar[Link[tuple[Plan, ...]]] = Link("_plans")

    @property
    def objectives(self) -> tuple[Objective, ...]:
        return tuple(o for p in self._plans for o in p.objectives)


class Strategy(Node):
    """`playbook.yaml`: the strategy itself."""

    title: Text = _desc("Name of the playbook and of the site (plain text).")
    vision: Markdown = _desc("Where the organization is going (Markdown).")
    purpose: Markdown | None = _desc("Why it matters (Markdown).", default=None)
    horizon: Period = _desc("The time span the strategy covers.")
    as_of: IsoDate | None = _desc(
        "The date progress, lateness and 'today' are judged against; the build date when absent.",
        default=None,
    )
    owner_id: Ref | None = _desc("Role that owns the strategy.", default=None, alias="owner")
    pillars: tuple[Pillar, ...] = _desc("Strategic themes / focus areas (at least one).", min_length=1)
    principles: tuple[Text, ...] = _desc("Guiding principles (plain text).", default=())
    review_cadence: Text | None = _desc("How often the plan is reviewed, e.g. `quarterly`.", default=None)

    _owner: Role | None = PrivateAttr(default=None)

    owner: ClassVar[Link[Role | None]] = Link("_owner")


class Measurement(Node):
    """One measured value of a key result."""

    date: IsoDate = _desc("When the value was measured.")
    value: Number = _desc("The measured value.")


class KeyResult(Node):
    """A measurable outcome of an objective."""

    id: Id = _desc("Unique id of the key result.")
    title: Text = _desc("What is measured (plain text).")
    metric: Text | None = _desc("Name of the metric.", default=None)
    unit: Text | None = _desc("Unit of the values, e.g. `%` or `EUR`.", default=None)
    baseline: Number = _desc("Value at the start.")
    target: Number = _desc("Value to reach; below the baseline for a reduction; never equal to it.")
    current: Number | None = _desc("Latest measured value.", default=None)
    due: IsoDate | None = _desc("When the target should be reached.", default=None)
    history: tuple[Measurement, ...] = _desc("Measured values over time.", default=())

    _objective: Objective | None = PrivateAttr(default=None)

    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)

    @property
    def progress(self) -> float | None:
        """Unclamped share of the way from baseline to target; None without `current`."""
        if self.current is None or self.target == self.baseline:
            return None
        return (self.current - self.baseline) / (self.target - self.baseline)

    @property
    def progress_clamped(self) -> float | None:
        progress = self.progress
        return None if progress is None else min(1.0, max(0.0, progress))

    @property
    def is_reduction(self) -> bool:
        return self.target < self.baseline


class Milestone(Node):
    """A dated step on the roadmap."""

    id: Id = _desc("Unique id of the milestone.")
    title: Text = _desc("What is reached (plain text).")
    due: IsoDate = _desc("Due date.")
    status: Annotated[MilestoneStatus, Field(strict=False)] = _desc(
        "Progress of the milestone.", default=MilestoneStatus.PLANNED
    )
    owner_id: Ref | None = _desc("Role that owns the milestone.", default=None, alias="owner")
    depends_on_ids: tuple[Ref, ...] = _desc(
        "Milestones that must be reached first (no cycles).", default=(), alias="depends_on"
    )

    _objective: Objective | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)
    _depends_on: tuple[Milestone, ...] = PrivateAttr(default=())
    _dependents: tuple[Milestone, ...] = PrivateAttr(default=())
    _late: bool = PrivateAttr(default=False)

    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)
    owner: ClassVar[Link[Role | None]] = Link("_owner")
    depends_on: ClassVar[Link[tuple[Milestone, ...]]] = Link("_depends_on")
    dependents: ClassVar[Link[tuple[Milestone, ...]]] = Link("_dependents")
    is_late: ClassVar[Link[bool]] = Link("_late", "Late as of the playbook's `as_of` (see `late_on`).")

    def late_on(self, day: dt.date) -> bool:
        """Due before ``day`` and neither done nor cancelled: the one lateness rule."""
        return self.due < day and self.status not in (MilestoneStatus.DONE, MilestoneStatus.CANCELLED)


class Contribution(Node):
    """How a role moves an objective."""

    role_id: Ref = _desc("The contributing role.", alias="role")
    raci: Annotated[Raci, Field(strict=False)] = _desc(
        "R(esponsible), A(ccountable), C(onsulted) or I(nformed).", default=Raci.RESPONSIBLE
    )
    contribution: Text | None = _desc("How this role moves the objective (plain text).", default=None)

    _role: Role | None = PrivateAttr(default=None)
    _objective: Objective | None = PrivateAttr(default=None)

    role: ClassVar[Link[Role]] = Link("_role", required=True)
    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)


class Resource(Node):
    """Resources allocated to an objective."""

    kind: Annotated[ResourceKind, Field(strict=False)] = _desc("What kind of resource.")
    name: Text = _desc("What it is (plain text).")
    amount: Number | None = _desc("How much.", default=None)
    unit: Text | None = _desc("Unit of the amount, e.g. `EUR`, `FTE`, `hours`.", default=None)


class Risk(Node):
    """A risk to an objective and how it is handled."""

    id: Id = _desc("Unique id of the risk.")
    title: Text = _desc("What could go wrong (plain text).")
    likelihood: Level = _desc("How likely, 1 (rare) to 5 (almost certain).")
    impact: Level = _desc("How bad, 1 (minor) to 5 (severe).")
    mitigation: Text | None = _desc("What is done about it (plain text).", default=None)
    owner_id: Ref | None = _desc("Role that owns the risk.", default=None, alias="owner")
    status: Annotated[RiskStatus, Field(strict=False)] = _desc("State of the risk.", default=RiskStatus.OPEN)

    _objective: Objective | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)
    owner: ClassVar[Link[Role | None]] = Link("_owner")


class Adjustment(Node):
    """An entry of a plan's change log."""

    date: IsoDate = _desc("When the plan was adjusted.")
    summary: Text = _desc("What changed (plain text).")
    reason: Text | None = _desc("Why it changed (plain text).", default=None)
    affects_ids: tuple[Ref, ...] = _desc(
        "Objectives, key results or milestones the change affects.", default=(), alias="affects"
    )

    _affects: tuple[Objective | KeyResult | Milestone, ...] = PrivateAttr(default=())

    affects: ClassVar[Link[tuple[Objective | KeyResult | Milestone, ...]]] = Link("_affects")


class Objective(Node):
    """What a plan sets out to achieve, with its plan side and its people side."""

    id: Id = _desc("Unique id of the objective.")
    title: Text = _desc("The objective (plain text).")
    description: Markdown | None = _desc("Details (Markdown).", default=None)
    owner_id: Ref = _desc("The accountable role (the A in RACI).", alias="owner")
    period: Period | None = _desc("When it runs; defaults to the plan's period.", default=None)
    status: Annotated[ObjectiveStatus, Field(strict=False)] | None = _desc(
        "Progress; derived from key results and milestones when absent.", default=None
    )
    key_results: tuple[KeyResult, ...] = _desc("Measurable outcomes.", default=())
    milestones: tuple[Milestone, ...] = _desc("Dated steps on the roadmap.", default=())
    contributors: tuple[Contribution, ...] = _desc("The roles that move this objective.", default=())
    skill_ids: tuple[Ref, ...] = _desc("Skills the objective depends on.", default=(), alias="skills")
    resources: tuple[Resource, ...] = _desc("Resources allocated.", default=())
    risks: tuple[Risk, ...] = _desc("Risks and their mitigation.", default=())

    _plan: Plan | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)
    _skills: tuple[Skill, ...] = PrivateAttr(default=())
    _programs: tuple[Program, ...] = PrivateAttr(default=())
    _status: ObjectiveStatus = PrivateAttr(default=ObjectiveStatus.NOT_STARTED)

    plan: ClassVar[Link[Plan]] = Link("_plan", required=True)

    @property
    def pillar(self) -> Pillar:
        return self.plan.pillar

    owner: ClassVar[Link[Role]] = Link("_owner", required=True)
    skills: ClassVar[Link[tuple[Skill, ...]]] = Link("_skills")
    programs: ClassVar[Link[tuple[Program, ...]]] = Link(
        "_programs", "Coaching programs that declare they support this objective."
    )

    @property
    def effective_period(self) -> Period:
        return self.period if self.period is not None else self.plan.period

    effective_status: ClassVar[Link[ObjectiveStatus]] = Link(
        "_status", "The declared status, or the one derived from progress (see linking)."
    )

    @property
    def status_is_derived(self) -> bool:
        return self.status is None

    @property
    def progress(self) -> float | None:
        """Mean clamped progress of the key results that have a current value."""
        values = [p for kr in self.key_results if (p := kr.progress_clamped) is not None]
        return sum(values) / len(values) if values else None

    def raci_of(self, role: Role) -> Raci | None:
        """The RACI letter of ``role`` on this objective, or None."""
        if self.owner_id == role.id:
            return Raci.ACCOUNTABLE
        for contribution in self.contributors:
            if contribution.role_id == role.id:
                return contribution.raci
        return None


class Plan(Node):
    """A plan: objectives serving one pillar over a period."""

    id: Id = _desc("Unique id of the plan.")
    title: Text = _desc("Name of the plan (plain text).")
    pillar_id: Ref = _desc("The pillar this plan serves.", alias="pillar")
    owner_id: Ref = _desc("Role accountable for the plan.", alias="owner")
    summary: Markdown | None = _desc("Summary (Markdown).", default=None)
    period: Period = _desc("When the plan runs; should lie within the horizon.")
    status: Annotated[PlanStatus, Field(strict=False)] = _desc("State of the plan.", default=PlanStatus.ACTIVE)
    objectives: tuple[Objective, ...] = _desc("The plan's objectives (at least one).", min_length=1)
    adjustments: tuple[Adjustment, ...] = _desc("Change log of the plan.", default=())

    _pillar: Pillar | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)

    pillar: ClassVar[Link[Pillar]] = Link("_pillar", required=True)
    owner: ClassVar[Link[Role]] = Link("_owner", required=True)

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        return tuple(m for o in self.objectives for m in o.milestones)

    @property
    def risks(self) -> tuple[Risk, ...]:
        return tuple(r for o in self.objectives for r in o.risks)


class SkillNeed(Node):
    """A skill a role needs, at a proficiency level."""

    skill_id: Ref = _desc("The skill.", alias="skill")
    level: Level = _desc("Proficiency needed, 1 to 5.")

    _skill: Skill | None = PrivateAttr(default=None)
    _role: Role | None = PrivateAttr(default=None)

    skill: ClassVar[Link[Skill]] = Link("_skill", required=True)
    role: ClassVar[Link[Role]] = Link("_role", required=True)


@dataclass(frozen=True, slots=True)
class ProgramRole:
    """A role's place in a coaching program: coachee, coach, mentor or mentee."""

    program: Program
    capacity: Literal["coachee", "coach", "mentor", "mentee"]
    focus: str | None = None


class Role(Node):
    """A role that carries the strategy."""

    id: Id = _desc("Unique id of the role.")
    title: Text = _desc("Name of the role (plain text).")
    team: Text | None = _desc("Team the role belongs to.", default=None)
    reports_to_id: Ref | None = _desc("Role this one reports to (no cycles).", default=None, alias="reports_to")
    summary: Markdown | None = _desc("What the role is for (Markdown).", default=None)
    responsibilities: tuple[Text, ...] = _desc("Responsibilities (plain text).", default=())
    skills: tuple[SkillNeed, ...] = _desc("Skills the role needs, with level.", default=())

    _reports_to: Role | None = PrivateAttr(default=None)
    _reports: tuple[Role, ...] = PrivateAttr(default=())
    _owns: tuple[Objective, ...] = PrivateAttr(default=())
    _contributions: tuple[Contribution, ...] = PrivateAttr(default=())
    _milestones: tuple[Milestone, ...] = PrivateAttr(default=())
    _risks: tuple[Risk, ...] = PrivateAttr(default=())
    _plans: tuple[Plan, ...] = PrivateAttr(default=())
    _programs: tuple[ProgramRole, ...] = PrivateAttr(default=())

    reports_to: ClassVar[Link[Role | None]] = Link("_reports_to")
    reports: ClassVar[Link[tuple[Role, ...]]] = Link("_reports", "Roles that report to this one.")

    @property
    def chain(self) -> tuple[Role, ...]:
        """The reporting line upwards, nearest first."""
        line: list[Role] = []
        current = self._reports_to
        while current is not None and current not in line and current is not self:
            line.append(current)
            current = current._reports_to
        return tuple(line)

    owned_objectives: ClassVar[Link[tuple[Objective, ...]]] = Link("_owns")
    contributions: ClassVar[Link[tuple[Contribution, ...]]] = Link("_contributions")

    @property
    def objectives(self) -> tuple[Objective, ...]:
        """Every objective the role owns or contributes to, in playbook order."""
        return self._objectives_cache()

    def _objectives_cache(self) -> tuple[Objective, ...]:
        seen: dict[str, Objective] = {o.id: o for o in self._owns}
        for c in self._contributions:
            seen.setdefault(c.objective.id, c.objective)
        return tuple(seen.values())

    owned_milestones: ClassVar[Link[tuple[Milestone, ...]]] = Link("_milestones")
    owned_risks: ClassVar[Link[tuple[Risk, ...]]] = Link("_risks")
    owned_plans: ClassVar[Link[tuple[Plan, ...]]] = Link("_plans")
    programs: ClassVar[Link[tuple[ProgramRole, ...]]] = Link("_programs")


class Skill(Node):
    """A capability in the skills catalog."""

    id: Id = _desc("Unique id of the skill.")
    title: Text = _desc("Name of the skill (plain text).")
    category: Annotated[SkillCategory, Field(strict=False)] | None = _desc("Kind of skill.", default=None)
    description: Markdown | None = _desc("What the skill is (Markdown).", default=None)
    levels: dict[Annotated[int, Field(ge=1, le=5, strict=False)], Text] = _desc(
        "What each proficiency level 1-5 looks like (plain text).", default_factory=dict
    )

    _needs: tuple[SkillNeed, ...] = PrivateAttr(default=())
    _objectives: tuple[Objective, ...] = PrivateAttr(default=())
    _developments: tuple[SkillDevelopment, ...] = PrivateAttr(default=())

    needed_by: ClassVar[Link[tuple[SkillNeed, ...]]] = Link(
        "_needs", "Roles that need the skill, with the level each needs."
    )

    objectives: ClassVar[Link[tuple[Objective, ...]]] = Link("_objectives", "Objectives that depend on the skill.")
    developed_by: ClassVar[Link[tuple[SkillDevelopment, ...]]] = Link(
        "_developments", "Programs that develop the skill, with from/to levels."
    )

    @property
    def needed_level(self) -> int | None:
        """The highest level any role needs; 1 when only objectives name it."""
        if self._needs:
            return max(n.level for n in self._needs)
        return 1 if self._objectives else None

    @property
    def developed_level(self) -> int | None:
        """The highest level any program develops the skill to."""
        return max((d.to_level for d in self._developments), default=None)


class SkillDevelopment(Node):
    """A skill a coaching program develops, from one level to a higher one."""

    skill_id: Ref = _desc("The skill.", alias="skill")
    from_level: Level = _desc("Level the audience starts from, 1 to 5.", alias="from")
    to_level: Level = _desc("Level the program develops to, above `from`.", alias="to")

    _skill: Skill | None = PrivateAttr(default=None)
    _program: Program | None = PrivateAttr(default=None)

    skill: ClassVar[Link[Skill]] = Link("_skill", required=True)
    program: ClassVar[Link[Program]] = Link("_program", required=True)


class Cadence(Node):
    """The rhythm of regular feedback, mentorship and check-ins."""

    feedback: Text | None = _desc("How often and how feedback is given.", default=None)
    mentorship: Text | None = _desc("How often mentors and mentees meet.", default=None)
    check_in: Text | None = _desc("How often progress is checked in on.", default=None)


class Session(Node):
    """One session of a coaching guide."""

    title: Text = _desc("Name of the session (plain text).")
    week: Annotated[int, Field(ge=1)] | None = _desc("Week of the program, from 1.", default=None)
    date: IsoDate | None = _desc("Date of the session, instead of a week.", default=None)
    duration: Annotated[int, Field(ge=1)] | None = _desc("Length in minutes.", default=None)
    format: Annotated[SessionFormat, Field(strict=False)] | None = _desc("How the session is held.", default=None)
    goals: tuple[Text, ...] = _desc("What the session should achieve.", default=())
    agenda: tuple[Text, ...] = _desc("Steps of the session, in order.", default=())
    questions: tuple[Text, ...] = _desc("Questions the coach asks.", default=())
    exercises: tuple[Text, ...] = _desc("Exercises for the coachees.", default=())


class Mentoring(Node):
    """A mentorship pairing."""

    mentor_id: Ref = _desc("The mentoring role.", alias="mentor")
    mentee_id: Ref = _desc("The mentored role.", alias="mentee")
    focus: Text | None = _desc("What the pairing works on.", default=None)

    _mentor: Role | None = PrivateAttr(default=None)
    _mentee: Role | None = PrivateAttr(default=None)

    mentor: ClassVar[Link[Role]] = Link("_mentor", required=True)
    mentee: ClassVar[Link[Role]] = Link("_mentee", required=True)


class Measure(Node):
    """How a program's success is judged."""

    title: Text = _desc("What is measured (plain text).")
    target: Text | None = _desc("The value aimed at (plain text).", default=None)


class Program(Node):
    """A coaching program: who is developed, in which skills, how and why."""

    id: Id = _desc("Unique id of the program.")
    title: Text = _desc("Name of the program (plain text).")
    purpose: Markdown = _desc("Why the program exists: the part of the strategy it serves (Markdown).")
    audience_ids: tuple[Ref, ...] = _desc("Roles who are coached (at least one).", alias="audience", min_length=1)
    coach_ids: tuple[Ref, ...] = _desc("Roles who coach.", default=(), alias="coaches")
    supports_ids: tuple[Ref, ...] = _desc("Objectives the program serves.", default=(), alias="supports")
    skills: tuple[SkillDevelopment, ...] = _desc("Skills developed, with from/to levels.", default=())
    period: Period | None = _desc("When the program runs.", default=None)
    cadence: Cadence | None = _desc("The rhythm of feedback and mentorship.", default=None)
    sessions: tuple[Session, ...] = _desc("The coaching guide, session by session.", default=())
    mentoring: tuple[Mentoring, ...] = _desc("Mentorship pairings.", default=())
    measures: tuple[Measure, ...] = _desc("How success is judged.", default=())

    _audience: tuple[Role, ...] = PrivateAttr(default=())
    _coaches: tuple[Role, ...] = PrivateAttr(default=())
    _supports: tuple[Objective, ...] = PrivateAttr(default=())

    audience: ClassVar[Link[tuple[Role, ...]]] = Link("_audience")
    coaches: ClassVar[Link[tuple[Role, ...]]] = Link("_coaches")
    supports: ClassVar[Link[tuple[Objective, ...]]] = Link("_supports")

    @property
    def ordered_sessions(self) -> tuple[Session, ...]:
        """Sessions in the order a coach runs them: by week or date, then as written."""

        def key(item: tuple[int, Session]) -> tuple[int, int, str, int]:
            index, session = item
            if session.week is not None:
                return (0, session.week, "", index)
            if session.date is not None:
                return (1, 0, session.date.isoformat(), index)
            return (2, 0, "", index)

        return tuple(s for _, s in sorted(enumerate(self.sessions), key=key))


Entity = Pillar | Plan | Objective | KeyResult | Milestone | Risk | Role | Skill | Program

KIND_NAMES: dict[type[Node], str] = {
    Strategy: "playbook",
    Pillar: "pillar",
    Period: "period",
    Plan: "plan",
    Objective: "objective",
    KeyResult: "key result",
    Measurement: "history entry",
    Milestone: "milestone",
    Contribution: "contribution",
    Resource: "resource",
    Risk: "risk",
    Adjustment: "adjustment",
    Role: "role",
    SkillNeed: "skill need",
    Skill: "skill",
    SkillDevelopment: "skill development",
    Program: "coaching program",
    Cadence: "cadence",
    Session: "session",
    Mentoring: "mentoring pair",
    Measure: "measure",
}
"""How messages name each kind of mapping in a playbook file."""


def kind_name(entity: Node) -> str:
    """Human name of an entity's kind, for messages."""
    return KIND_NAMES.get(type(entity), type(entity).__name__.lower())


@dataclass(frozen=True, eq=False)
class Playbook:
    """The whole linked playbook: what analysis and rendering read.

    Compared and hashed by identity: one load gives one playbook, so results
    derived from it (the alignment analysis) can be cached per playbook.
    """

    root: str
    strategy: Strategy
    plans: tuple[Plan, ...]
    roles: tuple[Role, ...]
    skills: tuple[Skill, ...]
    programs: tuple[Program, ...]
    as_of: dt.date
    by_id: Mapping[str, Entity] = field(repr=False)

    @property
    def title(self) -> str:
        return self.strategy.title

    @property
    def pillars(self) -> tuple[Pillar, ...]:
        return self.strategy.pillars

    @property
    def objectives(self) -> tuple[Objective, ...]:
        return tuple(o for p in self.plans for o in p.objectives)

    @property
    def key_results(self) -> tuple[KeyResult, ...]:
        return tuple(k for o in self.objectives for k in o.key_results)

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        return tuple(m for o in self.objectives for m in o.milestones)

    @property
    def risks(self) -> tuple[Risk, ...]:
        return tuple(r for o in self.objectives for r in o.risks)
