"""The vocabularies of the model: every closed set of words a playbook field accepts."""

from __future__ import annotations

import enum


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


class KeyResultKind(enum.StrEnum):
    MEASURE = "measure"
    THRESHOLD = "threshold"
    BINARY = "binary"


class Direction(enum.StrEnum):
    AT_LEAST = "at-least"
    AT_MOST = "at-most"


class Confidence(enum.StrEnum):
    """How sure the person checking in is that the key result will be reached."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
