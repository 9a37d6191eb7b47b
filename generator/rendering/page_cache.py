"""Pages kept from one render to the next in the same process (the preview), reused while what they show is unchanged.

A preview renders the playbook again after every save, and most saves touch
one plan file. An objective's page and a plan's page show what that plan's
file holds, plus the strategy, the roles, the skills and the coaching
programs; a milestone that depends on one in another plan (or that one
depends on) shows the other's title and status too. A role's page shows the
plan files of what it moves and owns, and the same. So such a page is
reused when none of those files changed since it was rendered, compared by
the digest of their bytes (:attr:`generator.pipeline.Result.digests`).
Every other page (indexes, roadmaps, alignment) is rendered again each
time, and every page when the options, the as-of date or the site's
templates change, or when the pages mark what changed since a revision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path

from generator.model import Objective, Plan, Playbook, Role
from generator.rendering.options import Options
from generator.rendering.pages import PageSpec

Key = tuple[Hashable, ...]


def _templates_digest(folder: Path | None) -> str:
    """A digest of the site's own templates: an edited override changes every page that uses it."""
    if folder is None or not folder.is_dir():
        return ""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class PageCache:
    """The Markdown of the last render's objective, plan and role pages, with the digests of the files they show."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[Key, str]] = {}
        self._setting: Hashable = None
        self._digests: Mapping[str, str] = {}
        self._shared: str = ""
        #: pages reused by the last render (for tests and logs)
        self.reused = 0

    def begin(self, playbook: Playbook, options: Options, digests: Mapping[str, str]) -> None:
        """Start a render of ``playbook`` read from files with these digests (display path -> digest)."""
        setting = (options, playbook.as_of, _templates_digest(options.templates))
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
        self.reused = 0

    def key(self, spec: PageSpec) -> Key | None:
        """What the page shows, as digests; None for a page that is always rendered again."""
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
        if not all(file in self._digests for file in files):
            return None
        return (spec.template, spec.title, self._shared, *sorted((file, self._digests[file]) for file in files))

    def get(self, path: str, key: Key) -> str | None:
        found = self._pages.get(path)
        if found is None or found[0] != key:
            return None
        self.reused += 1
        return found[1]

    def put(self, path: str, key: Key, markdown: str) -> None:
        self._pages[path] = (key, markdown)


def _role_files(role: Role) -> set[str]:
    """The plan files a role's page shows: where its objectives, milestones, risks and plans are."""
    moved = [*role.owned_objectives, *(c.objective for c in role.contributions)]
    return {
        *(objective.file for objective in moved),
        *(milestone.file for milestone in role.owned_milestones),
        *(risk.file for risk in role.owned_risks),
        *(plan.file for plan in role.owned_plans),
        *_linked_plan_files(moved),
    }


def _linked_plan_files(objectives: Iterable[Objective]) -> set[str]:
    """The files of the plans whose milestones these objectives' milestones depend on, or are depended on by."""
    return {
        other.objective.plan.file
        for objective in objectives
        for milestone in objective.milestones
        for other in (*milestone.depends_on, *milestone.dependents)
    }
