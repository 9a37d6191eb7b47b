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
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

from pydantic import Field, PrivateAttr

from generator.model.fields import (
    SKILLS_HELP,
    Id,
    IsoDate,
    Level,
    Link,
    Markdown,
    Node,
    Number,
    ObjectiveSkillEntry,
    Ref,
    Text,
    desc,
)
from generator.model.review import Acceptance, CheckInInterval, KeyResultValues, Measurement, Review
from generator.model.values import Cadence, Measure, Period, Resource, Session
from generator.model.vocabulary import (
    Direction,
    KeyResultKind,
    MilestoneStatus,
    ObjectiveStatus,
    PlanStatus,
    Raci,
    RiskStatus,
    SkillCategory,
)

ACCEPT_DOC = "Warnings about this entity accepted for a while: `{warning: CODE, reason: TEXT, until: DATE}`."


class Pillar(Node):
    """A strategic theme that plans serve."""

    id: Id = desc("Unique id of the pillar.", examples=["customer-value"])
    title: Text = desc("Name of the pillar (plain text).")
    description: Markdown | None = desc("What the pillar means (Markdown).", default=None)

    _plans: tuple[Plan, ...] = PrivateAttr(default=())
    _position: int = PrivateAttr(default=0)

    plans: ClassVar[Link[tuple[Plan, ...]]] = Link("_plans")
    position: ClassVar[Link[int]] = Link("_position", "Place in `playbook.yaml`'s list of pillars, from 0.")

    @property
    def objectives(self) -> tuple[Objective, ...]:
        return tuple(o for p in self._plans for o in p.objectives)


class Strategy(Node):
    """`playbook.yaml`: the strategy itself."""

    title: Text = desc("Name of the playbook and of the site (plain text).")
    vision: Markdown = desc("Where the organization is going (Markdown).")
    purpose: Markdown | None = desc("Why it matters (Markdown).", default=None)
    horizon: Period = desc("The time span the strategy covers.")
    as_of: IsoDate | None = desc(
        "The date progress, lateness and 'today' are judged against; when absent, the date of "
        "`SOURCE_DATE_EPOCH` when that is set, else today in UTC (so that builds are reproducible).",
        default=None,
    )
    owner_id: Ref | None = desc("Role that owns the strategy.", default=None, alias="owner")
    pillars: tuple[Pillar, ...] = desc("Strategic themes / focus areas (at least one).", min_length=1)
    principles: tuple[Text, ...] = desc("Guiding principles (plain text).", default=())
    review_cadence: Text | None = desc("How often the plan is reviewed, e.g. `quarterly`.", default=None)
    check_in: Annotated[CheckInInterval, Field(strict=False)] | None = desc(
        "How often key results are checked in on: `weekly`, `monthly` (the default) or `quarterly`.", default=None
    )

    _owner: Role | None = PrivateAttr(default=None)

    owner: ClassVar[Link[Role | None]] = Link("_owner")


class KeyResult(Node, KeyResultValues):
    """A measurable outcome of an objective."""

    id: Id = desc("Unique id of the key result.")
    title: Text = desc("What is measured (plain text).")
    metric: Text | None = desc("Name of the metric.", default=None)
    unit: Text | None = desc("Unit of the values, e.g. `%` or `EUR`.", default=None)
    kind: Annotated[KeyResultKind, Field(strict=False)] = desc(
        "`measure` (from `baseline` to `target`), `threshold` (hold `current` at or beyond `target`) "
        "or `binary` (done or not, with `achieved`).",
        default=KeyResultKind.MEASURE,
    )
    baseline: Number | None = desc("Value at the start (a `measure` needs it).", default=None)
    target: Number | None = desc(
        "Value to reach (below the baseline for a reduction, never equal to it), or the line a `threshold` holds.",
        default=None,
    )
    direction: Annotated[Direction, Field(strict=False)] | None = desc(
        "Which side of `target` a `threshold` holds: `at-least` (the default) or `at-most`.", default=None
    )
    achieved: bool | None = desc("Whether a `binary` key result is done (default false).", default=None)
    current: Number | None = desc("Latest measured value.", default=None)
    due: IsoDate | None = desc("When the target should be reached.", default=None)
    owner_id: Ref | None = desc("The role that owns the key result.", default=None, alias="owner")
    history: tuple[Measurement, ...] = desc(
        "Check-ins: measured values over time, each with an optional note, confidence and role.", default=()
    )
    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

    _objective: Objective | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)

    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)
    owner: ClassVar[Link[Role | None]] = Link("_owner")


class Milestone(Node):
    """A dated step on the roadmap."""

    id: Id = desc("Unique id of the milestone.")
    title: Text = desc("What is reached (plain text).")
    due: IsoDate = desc("Due date.")
    status: Annotated[MilestoneStatus, Field(strict=False)] = desc(
        "Progress of the milestone.", default=MilestoneStatus.PLANNED
    )
    owner_id: Ref | None = desc("Role that owns the milestone.", default=None, alias="owner")
    depends_on_ids: tuple[Ref, ...] = desc(
        "Milestones that must be reached first (no cycles).", default=(), alias="depends_on"
    )

    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

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

    @property
    def answered_by(self) -> Role:
        """The role that answers for the milestone: its owner, else its objective's accountable role."""
        return self.owner or self.objective.owner


class Contribution(Node):
    """How a role moves an objective."""

    role_id: Ref = desc("The contributing role.", alias="role")
    raci: Annotated[Raci, Field(strict=False)] = desc(
        "R(esponsible), A(ccountable), C(onsulted) or I(nformed).", default=Raci.RESPONSIBLE
    )
    contribution: Text | None = desc("How this role moves the objective (plain text).", default=None)

    _role: Role | None = PrivateAttr(default=None)
    _objective: Objective | None = PrivateAttr(default=None)

    role: ClassVar[Link[Role]] = Link("_role", required=True)
    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)


class Risk(Node):
    """A risk to an objective and how it is handled."""

    id: Id = desc("Unique id of the risk.")
    title: Text = desc("What could go wrong (plain text).")
    likelihood: Level = desc("How likely, 1 (rare) to 5 (almost certain).")
    impact: Level = desc("How bad, 1 (minor) to 5 (severe).")
    mitigation: Text | None = desc("What is done about it (plain text).", default=None)
    owner_id: Ref | None = desc("Role that owns the risk.", default=None, alias="owner")
    status: Annotated[RiskStatus, Field(strict=False)] = desc("State of the risk.", default=RiskStatus.OPEN)
    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

    _objective: Objective | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    objective: ClassVar[Link[Objective]] = Link("_objective", required=True)
    owner: ClassVar[Link[Role | None]] = Link("_owner")


class Adjustment(Node):
    """An entry of a plan's change log."""

    date: IsoDate = desc("When the plan was adjusted.")
    summary: Text = desc("What changed (plain text).")
    reason: Text | None = desc("Why it changed (plain text).", default=None)
    affects_ids: tuple[Ref, ...] = desc(
        "Objectives, key results or milestones the change affects.", default=(), alias="affects"
    )

    _affects: tuple[Objective | KeyResult | Milestone, ...] = PrivateAttr(default=())

    affects: ClassVar[Link[tuple[Objective | KeyResult | Milestone, ...]]] = Link("_affects")


class Objective(Node):
    """What a plan sets out to achieve, with its plan side and its people side."""

    id: Id = desc("Unique id of the objective.")
    title: Text = desc("The objective (plain text).")
    description: Markdown | None = desc("Details (Markdown).", default=None)
    owner_id: Ref = desc("The accountable role (the A in RACI).", alias="owner")
    period: Period | None = desc("When it runs; defaults to the plan's period.", default=None)
    status: Annotated[ObjectiveStatus, Field(strict=False)] | None = desc(
        "Progress; derived from key results and milestones when absent.", default=None
    )
    key_results: tuple[KeyResult, ...] = desc("Measurable outcomes.", default=())
    milestones: tuple[Milestone, ...] = desc("Dated steps on the roadmap.", default=())
    contributors: tuple[Contribution, ...] = desc("The roles that move this objective.", default=())
    skill_entries: tuple[ObjectiveSkillEntry, ...] = desc(SKILLS_HELP, default=(), alias="skills")
    resources: tuple[Resource, ...] = desc("Resources allocated.", default=())
    risks: tuple[Risk, ...] = desc("Risks and their mitigation.", default=())

    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

    _plan: Plan | None = PrivateAttr(default=None)
    _owner: Role | None = PrivateAttr(default=None)
    _skills: tuple[Skill, ...] = PrivateAttr(default=())
    _programs: tuple[Program, ...] = PrivateAttr(default=())
    _status: ObjectiveStatus = PrivateAttr(default=ObjectiveStatus.NOT_STARTED)

    plan: ClassVar[Link[Plan]] = Link("_plan", required=True)

    @property
    def pillar(self) -> Pillar:
        return self.plan.pillar

    @property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(e if isinstance(e, str) else e.skill_id for e in self.skill_entries)

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

    id: Id = desc("Unique id of the plan.")
    title: Text = desc("Name of the plan (plain text).")
    pillar_id: Ref = desc("The pillar this plan serves.", alias="pillar")
    owner_id: Ref = desc("Role accountable for the plan.", alias="owner")
    summary: Markdown | None = desc("Summary (Markdown).", default=None)
    period: Period = desc("When the plan runs; should lie within the horizon.")
    status: Annotated[PlanStatus, Field(strict=False)] = desc("State of the plan.", default=PlanStatus.ACTIVE)
    objectives: tuple[Objective, ...] = desc("The plan's objectives (at least one).", min_length=1)
    adjustments: tuple[Adjustment, ...] = desc("Change log of the plan.", default=())
    check_in: Annotated[CheckInInterval, Field(strict=False)] | None = desc(
        "How often this plan's key results are checked in on (else the playbook's `check_in`).", default=None
    )
    review: Review | None = desc("How often the plan is reviewed and when it last was.", default=None)
    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

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

    def review_overdue(self, as_of: dt.date) -> bool:
        """Whether the plan is active and its next review was due before ``as_of`` (the checker warns,
        the site marks it)."""
        return self.review is not None and self.review.next < as_of and self.status is PlanStatus.ACTIVE


class SkillNeed(Node):
    """A skill a role needs, at a proficiency level."""

    skill_id: Ref = desc("The skill.", alias="skill")
    level: Level = desc("Proficiency needed, 1 to 5.")

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

    id: Id = desc("Unique id of the role.")
    title: Text = desc("Name of the role (plain text).")
    team: Text | None = desc("Team the role belongs to.", default=None)
    reports_to_id: Ref | None = desc("Role this one reports to (no cycles).", default=None, alias="reports_to")
    summary: Markdown | None = desc("What the role is for (Markdown).", default=None)
    responsibilities: tuple[Text, ...] = desc("Responsibilities (plain text).", default=())
    skills: tuple[SkillNeed, ...] = desc("Skills the role needs, with level.", default=())
    holders: tuple[Text, ...] = desc("The names of the people in the role (plain text).", default=())
    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

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

    id: Id = desc("Unique id of the skill.")
    title: Text = desc("Name of the skill (plain text).")
    category: Annotated[SkillCategory, Field(strict=False)] | None = desc("Kind of skill.", default=None)
    description: Markdown | None = desc("What the skill is (Markdown).", default=None)
    levels: dict[Annotated[int, Field(ge=1, le=5, strict=False)], Text] = desc(
        "What each proficiency level 1-5 looks like (plain text).", default_factory=dict
    )

    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

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

    skill_id: Ref = desc("The skill.", alias="skill")
    from_level: Level = desc("Level the audience starts from, 1 to 5.", alias="from")
    to_level: Level = desc("Level the program develops to, above `from`.", alias="to")

    _skill: Skill | None = PrivateAttr(default=None)
    _program: Program | None = PrivateAttr(default=None)

    skill: ClassVar[Link[Skill]] = Link("_skill", required=True)
    program: ClassVar[Link[Program]] = Link("_program", required=True)


class Mentoring(Node):
    """A mentorship pairing."""

    mentor_id: Ref = desc("The mentoring role.", alias="mentor")
    mentee_id: Ref = desc("The mentored role.", alias="mentee")
    focus: Text | None = desc("What the pairing works on.", default=None)

    _mentor: Role | None = PrivateAttr(default=None)
    _mentee: Role | None = PrivateAttr(default=None)

    mentor: ClassVar[Link[Role]] = Link("_mentor", required=True)
    mentee: ClassVar[Link[Role]] = Link("_mentee", required=True)


class Program(Node):
    """A coaching program: who is developed, in which skills, how and why."""

    id: Id = desc("Unique id of the program.")
    title: Text = desc("Name of the program (plain text).")
    purpose: Markdown = desc("Why the program exists: the part of the strategy it serves (Markdown).")
    audience_ids: tuple[Ref, ...] = desc("Roles who are coached (at least one).", alias="audience", min_length=1)
    coach_ids: tuple[Ref, ...] = desc("Roles who coach.", default=(), alias="coaches")
    supports_ids: tuple[Ref, ...] = desc("Objectives the program serves.", default=(), alias="supports")
    skills: tuple[SkillDevelopment, ...] = desc("Skills developed, with from/to levels.", default=())
    period: Period | None = desc("When the program runs.", default=None)
    cadence: Cadence | None = desc("The rhythm of feedback and mentorship.", default=None)
    sessions: tuple[Session, ...] = desc("The coaching guide, session by session.", default=())
    mentoring: tuple[Mentoring, ...] = desc("Mentorship pairings.", default=())
    measures: tuple[Measure, ...] = desc("How success is judged.", default=())
    accept: tuple[Acceptance, ...] = desc(ACCEPT_DOC, default=())

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

    def session_day(self, session: Session) -> dt.date | None:
        """The day of a session: its `date`, or for a `week` the program's start plus whole weeks."""
        if session.date is not None:
            return session.date
        if session.week is not None and self.period is not None:
            return self.period.start + dt.timedelta(weeks=session.week - 1)
        return None
