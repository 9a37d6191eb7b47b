"""The whole linked playbook: what checks, analysis and rendering read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.model.entities import (
    KeyResult,
    Milestone,
    Objective,
    Pillar,
    Plan,
    Program,
    Risk,
    Role,
    Skill,
    Strategy,
)
from generator.model.kinds import Entity


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
