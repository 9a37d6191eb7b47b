"""The kinds of things a playbook holds: how messages name each kind of node, and the one table of file kinds.

The loader, the schemas and the reference all read :data:`FILE_KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.entities import (
    Adjustment,
    Contribution,
    KeyResult,
    Mentoring,
    Milestone,
    Objective,
    Pillar,
    Plan,
    Program,
    Risk,
    Role,
    Skill,
    SkillDevelopment,
    SkillNeed,
    Strategy,
)
from generator.model.fields import Node, ObjectiveSkill
from generator.model.review import Acceptance, Measurement, Review
from generator.model.values import Cadence, Measure, Period, Resource, Session

PLAYBOOK_FILES = ("playbook.yaml", "playbook.yml")
YAML_SUFFIXES = (".yaml", ".yml")

Entity = Pillar | Plan | Objective | KeyResult | Milestone | Risk | Role | Skill | Program

KIND_NAMES: dict[type[Node], str] = {
    Strategy: "playbook",
    Pillar: "pillar",
    Period: "period",
    Plan: "plan",
    Objective: "objective",
    KeyResult: "key result",
    Measurement: "history entry",
    Acceptance: "acceptance",
    Review: "review",
    Milestone: "milestone",
    Contribution: "contribution",
    Resource: "resource",
    Risk: "risk",
    Adjustment: "adjustment",
    Role: "role",
    SkillNeed: "skill need",
    ObjectiveSkill: "objective skill",
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


@dataclass(frozen=True)
class FileKind:
    """One kind of playbook file: where it lives, what it holds, and the schema class that validates it."""

    name: str
    """The schema's name (``plan.schema.json``) and the kind's key in messages of the reference."""
    model: type[Node]
    folder: str | None
    """The top-level folder whose files are of this kind; None for ``playbook.yaml``."""
    holds: str
    """What one file of the kind holds, for the reference and the JSON Schema's description."""
    bucket: str
    """The attribute of the loaded playbook that collects the entities."""

    @property
    def entity(self) -> str:
        """How messages name one entity of the kind."""
        return KIND_NAMES[self.model]

    @property
    def may_be_list(self) -> bool:
        return self.folder is not None


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("playbook", Strategy, None, "playbook.yaml: the strategy itself", "strategy"),
    FileKind("plan", Plan, "plans", "A file under plans/: one plan or a list of plans", "plans"),
    FileKind("role", Role, "roles", "A file under roles/: one role or a list of roles", "roles"),
    FileKind("skill", Skill, "skills", "A file under skills/: one skill or a list of skills", "skills"),
    FileKind(
        "coaching",
        Program,
        "coaching",
        "A file under coaching/: one coaching program or a list of them",
        "programs",
    ),
)

KIND_BY_NAME: dict[str, FileKind] = {kind.name: kind for kind in FILE_KINDS}
KIND_BY_FOLDER: dict[str, FileKind] = {kind.folder: kind for kind in FILE_KINDS if kind.folder is not None}
KIND_BY_MODEL: dict[type[Node], FileKind] = {kind.model: kind for kind in FILE_KINDS}
