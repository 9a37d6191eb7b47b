"""The playbook model: one declarative schema, validated by pydantic, then linked.

The pydantic classes are the single source of truth for field types, required
fields, allowed values, ranges and unknown-key rejection; the JSON Schemas and
the editors' reference are generated from them. YAML keys that name other
entities are stored under an ``*_id``/``*_ids`` attribute and exposed, once
:mod:`generator.linking` has run, as links to the objects themselves, so that
templates never search. Every instance is frozen.

This package exports the model's public names; its modules hold the building
blocks (:mod:`.fields`), the vocabularies (:mod:`.vocabulary`), the entities
(:mod:`.entities`), the kinds of node and file (:mod:`.kinds`) and the linked whole (:mod:`.playbook`).
"""

from __future__ import annotations

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
    ProgramRole,
    Risk,
    Role,
    Skill,
    SkillDevelopment,
    SkillNeed,
    Strategy,
)
from generator.model.fields import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    SKILLS_HELP,
    Id,
    IsoDate,
    Level,
    Link,
    Locator,
    Markdown,
    Node,
    Number,
    ObjectiveSkill,
    ObjectiveSkillEntry,
    Ref,
    Source,
    Text,
    desc,
    describe,
)
from generator.model.kinds import (
    FILE_KINDS,
    KIND_BY_FOLDER,
    KIND_BY_MODEL,
    KIND_BY_NAME,
    KIND_NAMES,
    PLAYBOOK_FILES,
    YAML_SUFFIXES,
    Entity,
    FileKind,
    kind_name,
)
from generator.model.playbook import (
    Playbook,
)
from generator.model.review import (
    Acceptance,
    CheckInInterval,
    Measurement,
    Review,
    ReviewInterval,
    add_months,
)
from generator.model.values import (
    Cadence,
    Measure,
    Period,
    Resource,
    Session,
)
from generator.model.vocabulary import (
    Confidence,
    Direction,
    KeyResultKind,
    MilestoneStatus,
    ObjectiveStatus,
    PlanStatus,
    Raci,
    ResourceKind,
    RiskStatus,
    SessionFormat,
    SkillCategory,
)

__all__ = [
    "FILE_KINDS",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "KIND_BY_FOLDER",
    "KIND_BY_MODEL",
    "KIND_BY_NAME",
    "KIND_NAMES",
    "PLAYBOOK_FILES",
    "SKILLS_HELP",
    "YAML_SUFFIXES",
    "Acceptance",
    "Adjustment",
    "Cadence",
    "CheckInInterval",
    "Confidence",
    "Contribution",
    "Direction",
    "Entity",
    "FileKind",
    "Id",
    "IsoDate",
    "KeyResult",
    "KeyResultKind",
    "Level",
    "Link",
    "Locator",
    "Markdown",
    "Measure",
    "Measurement",
    "Mentoring",
    "Milestone",
    "MilestoneStatus",
    "Node",
    "Number",
    "Objective",
    "ObjectiveSkill",
    "ObjectiveSkillEntry",
    "ObjectiveStatus",
    "Period",
    "Pillar",
    "Plan",
    "PlanStatus",
    "Playbook",
    "Program",
    "ProgramRole",
    "Raci",
    "Ref",
    "Resource",
    "ResourceKind",
    "Review",
    "ReviewInterval",
    "Risk",
    "RiskStatus",
    "Role",
    "Session",
    "SessionFormat",
    "Skill",
    "SkillCategory",
    "SkillDevelopment",
    "SkillNeed",
    "Source",
    "Strategy",
    "Text",
    "add_months",
    "desc",
    "describe",
    "kind_name",
]
