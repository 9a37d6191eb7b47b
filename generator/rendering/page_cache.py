"""Pages kept from one render to the next in the same process (the preview), reused while what they show is unchanged.

A preview renders the playbook again after every save, and most saves touch
one plan file. An objective's page and a plan's page show what that plan's
file holds, plus the strategy, the roles, the skills and the coaching
programs; a milestone that depends on one in another plan (or that one
depends on) shows the other's title and status too. A role's page shows the
plan files of what it moves and owns, and the same; a pillar's share of a
split section (the roadmap, the objectives, the map and the risks of a large
playbook) shows the files of its objectives. So such a page is
reused when none of those files changed since it was rendered, compared by
the digest of their bytes (:attr:`generator.pipeline.Result.digests`).
Every other page (indexes, alignment) is rendered again each time, and
every page when the options or the as-of date change, when the pages mark
what changed since a revision, or when the site has templates of its own
(which may show anything on any page).
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Mapping

from generator.kept import Kept
from generator.model import Objective, Plan, Playbook, Role
from generator.rendering.options import Options
from generator.rendering.pages import PageSpec, Part

PART_TEMPLATES = frozenset(("roadmap/part.md.j2", "objectives/part.md.j2", "map/part.md.j2", "risks/part.md.j2"))
"""The pages of a pillar's share of a split section, which show that share only."""

Key = tuple[Hashable, ...]


class PageCache:
    """The Markdown of the last render's objective, plan and role pages, with the digests of the files they show."""

    def __init__(self) -> None:
        self._pages: Kept[str, Key, str] = Kept()
        self._setting: Hashable = None
        self._digests: Mapping[str, str] = {}
        self._shared: str = ""
        #: pages reused by the last render
        self.reused = 0

    def begin(self, playbook: Playbook, options: Options, digests: Mapping[str, str]) -> None:
        """Start a render of ``playbook`` read from files with these digests (display path -> digest)."""
        setting = (options, playbook.as_of)
        if setting != self._setting:
            self._pages.clear()
        self._setting = setting
        self._digests = digests
        plan_files = {plan.file for plan in playbook.plans}
        shared = hashlib.blake2b(digest_size=16)
        for file, found in sorted(digests.items()):
            if file not in plan_files:
                shared.update(f"{file}\0{found}\0".encode())
        self._shared = shared.hexdigest()
        self._pages.begin()
        self.reused = 0

    def key(self, spec: PageSpec) -> Key | None:
        """What the page shows, as digests; None for a page that is always rendered again."""
        part = spec.context.get("part")
        if isinstance(part, Part) and spec.template in PART_TEMPLATES:
            # A pillar's share of a split section: its objectives (which may move between parts) and their files.
            files = {objective.file for objective in part.objectives} | _linked_plan_files(part.objectives)
            shown: tuple[Hashable, ...] = (part.number, part.count, *(objective.id for objective in part.objectives))
            return self._key(spec, files, shown)
        if len(spec.context) != 1:
            return None
        entity = next(iter(spec.context.values()))
        if isinstance(entity, Objective | Plan):
            objectives = (entity,) if isinstance(entity, Objective) else entity.objectives
            files = {entity.file, *_linked_plan_files(objectives)}
        elif isinstance(entity, Role):
            files = _role_files(entity)
        else:
            return None
        return self._key(spec, files)

    def _key(self, spec: PageSpec, files: set[str], shown: tuple[Hashable, ...] = ()) -> Key | None:
        if not all(file in self._digests for file in files):
            return None
        return (spec.template, spec.title, self._shared, *shown, *sorted((file, self._digests[file]) for file in files))

    def __len__(self) -> int:
        """How many pages the last render left for the next."""
        return len(self._pages)

    def get(self, path: str, key: Key) -> str | None:
        found = self._pages.get(path, key)
        if found is not None:
            self.reused += 1
        return found

    def put(self, path: str, key: Key, markdown: str) -> None:
        self._pages.keep(path, key, markdown)

    def end(self) -> None:
        """Forget the pages this render did not have (an objective renamed or removed)."""
        self._pages.end()


def _role_files(role: Role) -> set[str]:
    """The plan files a role's page shows: where its objectives, milestones, risks and plans are."""
    return {
        *(objective.file for objective in role.objectives),
        *(milestone.file for milestone in role.owned_milestones),
        *(risk.file for risk in role.owned_risks),
        *(plan.file for plan in role.owned_plans),
        *_linked_plan_files(role.objectives),
    }


def _linked_plan_files(objectives: Iterable[Objective]) -> set[str]:
    """The files of the plans whose milestones these objectives' milestones depend on, or are depended on by."""
    return {
        other.file
        for objective in objectives
        for milestone in objective.milestones
        for other in (*milestone.depends_on, *milestone.dependents)
    }
