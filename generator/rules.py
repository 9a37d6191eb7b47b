"""The facts that both the checker and the alignment analysis report, computed and worded once.

A :class:`Finding` is one such fact about one node: a message that names ids
(in backticks), numbers, dates and fixed words only, what to do, and where.
:mod:`generator.checks` turns each finding into a warning with its stable
code; :mod:`generator.analysis.alignment` turns the same finding into a gap
of its figures, with the same words and the same location.

The alignment semantics live here too, since the checker and the analysis
must agree on them:

- the people who *move* an objective (:func:`movers`) are its owner and its
  ``R`` and ``A`` contributors; ``C`` and ``I`` contributors are shown but do
  not move it;
- the level an objective needs of a skill (:func:`mover_needs`) is the level
  given on the objective, else, per mover, that mover's role level for the
  skill, else 1;
- a role is developed in a skill by the programs whose ``audience`` includes
  it (:class:`Developments`); coaches and mentors teach, mentees get a free
  text focus, so neither counts towards a level.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.exceptions import Location
from generator.model import KeyResult, Milestone, Node, Objective, Playbook, Program, Raci, Role, Skill

#: RACI letters of contributors who move an objective (with its owner).
MOVING_RACI = frozenset({Raci.RESPONSIBLE, Raci.ACCOUNTABLE})


@dataclass(frozen=True, slots=True)
class Finding:
    """One fact about one node: what is wrong, what to do, where, and its stable warning code."""

    code: str
    node: Node
    key: tuple[str | int, ...]
    message: str
    action: str

    @property
    def location(self) -> Location:
        return self.node.loc(*self.key)

    @property
    def text(self) -> str:
        """The message and what to do, as one sentence."""
        return f"{self.message}: {self.action}"


def listing(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` for messages."""
    shown = list(items)
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def ids(items: Iterable[str]) -> str:
    """```a```, ```a` and `b```, ```a`, `b` and `c``` for messages."""
    return listing(f"`{item}`" for item in items)


# -- planning facts -------------------------------------------------------------------


def no_key_results(objective: Objective) -> Finding | None:
    if objective.key_results:
        return None
    return Finding(
        "objective-no-key-results",
        objective,
        ("id",),
        f"objective `{objective.id}` has no key results",
        "add at least one measurable `key_results` entry",
    )


def no_contributors(objective: Objective) -> Finding | None:
    if objective.contributors:
        return None
    return Finding(
        "objective-no-contributors",
        objective,
        ("id",),
        f"objective `{objective.id}` has no contributors",
        "list the roles that move it in `contributors`",
    )


def no_current(key_result: KeyResult) -> Finding | None:
    """A measure or threshold without a value (a binary key result's value is `achieved`)."""
    if key_result.current is not None or key_result.is_binary:
        return None
    return Finding(
        "key-result-no-current",
        key_result,
        ("id",),
        f"key result `{key_result.id}` has no `current` value",
        "record the latest measurement",
    )


def late(milestone: Milestone, as_of: object) -> Finding | None:
    if not milestone.is_late:
        return None
    return Finding(
        "milestone-late",
        milestone,
        ("due",),
        f"milestone `{milestone.id}` was due {milestone.due}, before {as_of}, and is {milestone.status.value}",
        "mark it done or cancelled, or move its date",
    )


def role_moves_nothing(role: Role) -> Finding | None:
    if role.owned_objectives or role.contributions:
        return None
    return Finding(
        "role-unaligned",
        role,
        ("id",),
        f"role `{role.id}` owns or contributes to no objective",
        "add it to an objective's `contributors` or make it an owner",
    )


def program_supports_nothing(program: Program) -> Finding | None:
    if program.supports_ids:
        return None
    return Finding(
        "program-unaligned",
        program,
        ("id",),
        f"coaching program `{program.id}` supports no objective",
        "name the objectives it serves in `supports`",
    )


# -- coaching facts -------------------------------------------------------------------


def is_needed(skill: Skill) -> bool:
    """A skill is needed when a role lists it or an objective names it."""
    return bool(skill.needed_by or skill.objectives)


def skill_gap(skill: Skill) -> Finding | None:
    """A needed skill that no coaching program develops at all (whatever the level)."""
    if not is_needed(skill) or skill.developed_by:
        return None
    needers = [f"role `{n.role.id}`" for n in skill.needed_by] + [f"objective `{o.id}`" for o in skill.objectives]
    shown = ", ".join(needers[:3]) + (f" and {len(needers) - 3} more" if len(needers) > 3 else "")
    return Finding(
        "skill-gap",
        skill,
        ("id",),
        f"skill gap: `{skill.id}` is needed by {shown} but no coaching program develops it",
        "add it to a program's `skills`",
    )


def movers(objective: Objective) -> tuple[Role, ...]:
    """The owner, then the ``R`` and ``A`` contributors in their order, each once."""
    found: dict[str, Role] = {objective.owner.id: objective.owner}
    for contribution in objective.contributors:
        if contribution.raci in MOVING_RACI:
            found.setdefault(contribution.role.id, contribution.role)
    return tuple(found.values())


def role_level(role: Role, skill_id: str) -> int | None:
    """The level a role lists for a skill (the highest, if listed twice), or None."""
    levels = [need.level for need in role.skills if need.skill_id == skill_id]
    return max(levels) if levels else None


@dataclass(frozen=True, slots=True)
class MoverNeed:
    """The level one mover needs of one skill of an objective, and where that level comes from."""

    role: Role
    level: int
    source: str  # "objective", "role" or "default"


def given_level(objective: Objective, skill_id: str) -> int | None:
    """The level the objective itself gives for a skill (the highest, if listed twice), or None."""
    levels = [e.level for e in objective.skill_entries if not isinstance(e, str) and e.skill_id == skill_id]
    return max(levels) if levels else None


def mover_needs(objective: Objective, skill_id: str) -> tuple[MoverNeed, ...]:
    """Per mover: the level the objective gives, else the mover's role level, else 1."""
    given = given_level(objective, skill_id)
    needs: list[MoverNeed] = []
    for role in movers(objective):
        if given is not None:
            needs.append(MoverNeed(role, given, "objective"))
        elif (level := role_level(role, skill_id)) is not None:
            needs.append(MoverNeed(role, level, "role"))
        else:
            needs.append(MoverNeed(role, 1, "default"))
    return tuple(needs)


class Developments:
    """Which programs develop which skill how far, and for whom (their audience)."""

    def __init__(self, playbook: Playbook) -> None:
        # skill id -> (program, to) in playbook order of programs.
        self._by_skill: dict[str, list[tuple[Program, int]]] = {}
        for program in playbook.programs:
            for development in program.skills:
                self._by_skill.setdefault(development.skill_id, []).append((program, development.to_level))
        # The answers, kept: every objective asks them for each skill and mover, and the programs that
        # develop a skill grow with the playbook, so asking anew would grow with its square.
        self._best: dict[tuple[str, str | None], tuple[Program, int] | None] = {}
        self._reaching: dict[tuple[str, int], tuple[Program, ...]] = {}

    def best(self, skill_id: str, role: Role | None = None) -> tuple[Program, int] | None:
        """The program developing the skill furthest (for ``role``'s audience when given); first on ties."""
        key = (skill_id, None if role is None else role.id)
        if key in self._best:
            return self._best[key]
        found: tuple[Program, int] | None = None
        for program, level in self._by_skill.get(skill_id, ()):
            if role is not None and role.id not in program.audience_ids:
                continue
            if found is None or level > found[1]:
                found = (program, level)
        self._best[key] = found
        return found

    def reaching(self, skill_id: str, level: int) -> tuple[Program, ...]:
        """Programs that develop the skill to ``level`` or higher, whoever their audience."""
        key = (skill_id, level)
        found = self._reaching.get(key)
        if found is None:
            found = self._reaching[key] = tuple(p for p, to in self._by_skill.get(skill_id, ()) if to >= level)
        return found

    def met(self, skill_id: str, role: Role, level: int) -> tuple[Program, int] | None:
        """The program of ``role``'s audience that develops the skill to ``level`` or more, or None."""
        found = self.best(skill_id, role)
        return found if found is not None and found[1] >= level else None

    def advice(self, skill_id: str, role: Role, level: int) -> str:
        """What to do so that ``role`` is developed in the skill to ``level``: that role and level only."""
        if reaching := self.reaching(skill_id, level):
            return f"add `{role.id}` to the audience of `{reaching[0].id}`"
        if (own := self.best(skill_id, role)) is not None:
            return f"extend `{own[0].id}` to develop `{skill_id}` to level {level}"
        return f"start a program that develops `{skill_id}` to level {level} for `{role.id}`"


def cheapest(needs: Iterable[MoverNeed], developments: Developments, skill_id: str) -> MoverNeed | None:
    """The need to advise on: one a program already reaches first, then the lowest level, then mover order."""
    ordered = sorted(
        enumerate(needs),
        key=lambda item: (not developments.reaching(skill_id, item[1].level), item[1].level, item[0]),
    )
    return ordered[0][1] if ordered else None
