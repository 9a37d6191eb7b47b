"""What the site holds: its pages, its sections and navigation, and the data files it publishes.

:func:`page_specs` lists every page with its template; :data:`SECTIONS` is
the navigation; :data:`DATA_FILES` is the one table of the data files (name,
format, what each holds) that the exporters write and the home page lists.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.analysis.alignment import Alignment, Figure, Gap
from generator.analysis.changes import Changes
from generator.model import Objective, Pillar, Plan, Playbook
from generator.rendering.options import Options
from generator.rendering.reference import PAGE_TITLES

DATA_DIR = "data"
"""Where the plugin and the Markdown export put the data files (JSON, CSV, iCalendar), under the prefix."""
JSON_FILE = "playbook.json"
JSON_SCHEMA_FILE = "playbook.schema.json"
OBJECTIVES_CSV = "objectives-key-results.csv"
RACI_CSV = "raci.csv"
RISKS_CSV = "risks.csv"
CHANGES_PAGE = "changes.md"
"""The "What changed" page, published when the plugin option `changes_since` names a revision."""
MILESTONES_CSV = "milestones.csv"
ICS_FILE = "roadmap.ics"


@dataclass(frozen=True)
class DataFile:
    """One data file the site publishes: its name, the export format that writes it, and what it holds."""

    name: str
    format: str
    description: str


DATA_FILES: tuple[DataFile, ...] = (
    DataFile(
        JSON_FILE, "json", "the whole playbook with page addresses and computed figures, for scripts and BI tools"
    ),
    DataFile(JSON_SCHEMA_FILE, "json", "the JSON Schema that describes playbook.json"),
    DataFile(OBJECTIVES_CSV, "csv", "objectives with their key results, one row per key result"),
    DataFile(RACI_CSV, "csv", "the RACI assignments: a row per role and objective it has a letter on"),
    DataFile(RISKS_CSV, "csv", "the risk register"),
    DataFile(MILESTONES_CSV, "csv", "every milestone with its due date, status, owner and dependencies"),
    DataFile(ICS_FILE, "ics", "milestones and dated coaching sessions, for calendar apps"),
)
"""The data files, in the order the home page lists them."""


@dataclass(frozen=True)
class Section:
    """A section index page: what the navigation lists (entity pages are reached by links)."""

    title: str
    path: str
    pages: tuple[tuple[str, str], ...] = ()
    """(title, path) of a few fixed pages the navigation lists under the section's index."""


SECTIONS: tuple[Section, ...] = (
    Section("Strategy", "index.md"),
    Section("Plans", "plans/index.md"),
    Section("Objectives", "objectives/index.md"),
    Section("Roadmap", "roadmap.md"),
    Section("Roles", "roles/index.md"),
    Section("Map", "map.md"),
    Section("Coaching", "coaching/index.md"),
    Section("Skills", "skills.md"),
    Section("Risks", "risks.md"),
    Section("Alignment", "alignment.md"),
    Section(
        "Reference",
        "reference/index.md",
        (
            ("The content model", "reference/content-model.md"),
            *((title, f"reference/{kind}.md") for kind, title in PAGE_TITLES.items()),
            ("Templates", "reference/templates.md"),
            ("How to", "reference/how-to.md"),
        ),
    ),
)
"""The navigation, in order."""


@dataclass(frozen=True)
class PageSpec:
    """One page to render: its path (without prefix), template, title and variables."""

    path: str
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    hide: tuple[str, ...] = ()


# --- pages ------------------------------------------------------------------

PART_SIZE = 400
"""The most objectives the site-wide roadmap, objectives index, map and risk register show on one page.

Above it, each becomes an overview that links to a page per pillar, cut into
parts of at most this many objectives (a part ends with a plan when it can),
so that no page grows with the whole playbook.
"""


def numbered(base: str, number: int) -> str:
    """The page of part ``number`` of something split: ``<base>.md``, then ``<base>/2.md``..."""
    return f"{base}.md" if number == 1 else f"{base}/{number}.md"


@dataclass(frozen=True)
class Part:
    """A run of one pillar's objectives, shown on one page of a split section."""

    pillar: Pillar
    number: int
    count: int
    objectives: tuple[Objective, ...]

    def path(self, section: str) -> str:
        """``<section>/<pillar>.md``, then ``<section>/<pillar>/2.md``... (ids hold no slash, so none clash)."""
        return numbered(f"{section}/{self.pillar.id}", self.number)

    @functools.cached_property
    def plans(self) -> list[tuple[Plan, list[Objective]]]:
        """The part's plans in order, each with its objectives on this part."""
        grouped: dict[str, tuple[Plan, list[Objective]]] = {}
        for objective in self.objectives:
            grouped.setdefault(objective.plan.id, (objective.plan, []))[1].append(objective)
        return list(grouped.values())

    @property
    def milestones(self) -> int:
        return sum(len(o.milestones) for o in self.objectives)


def split_parts(playbook: Playbook, size: int | None = None) -> list[Part]:
    """The parts of the split sections, pillar by pillar; none when the playbook fits on one page."""
    size = PART_SIZE if size is None else size
    if len(playbook.objectives) <= size:
        return []
    parts: list[Part] = []
    for pillar in playbook.pillars:
        chunks: list[list[Objective]] = []
        for plan in pillar.plans:
            members = list(plan.objectives)
            if chunks and len(chunks[-1]) + len(members) <= size:
                chunks[-1].extend(members)
                continue
            while members:
                if not chunks or len(chunks[-1]) >= size:
                    chunks.append([])
                room = size - len(chunks[-1])
                chunks[-1].extend(members[:room])
                members = members[room:]
        chunks = [chunk for chunk in chunks if chunk]
        parts += [Part(pillar, i + 1, len(chunks), tuple(chunk)) for i, chunk in enumerate(chunks)]
    return parts


MATRIX_CELLS = 3000
"""Above this many cells (needed skills times roles), the skill-gap matrix is listed need by need."""


GAPS_PER_PAGE = 400
"""The most gaps of one figure the alignment page lists; above it they go on pages of their own."""


@dataclass(frozen=True)
class GapPage:
    """One page of a figure's gaps: ``alignment/<figure>.md``, then ``alignment/<figure>/2.md``..."""

    figure: Figure
    number: int
    first: int
    gaps: tuple[Gap, ...]

    @property
    def path(self) -> str:
        return numbered(f"alignment/{self.figure.key}", self.number)

    @property
    def last(self) -> int:
        return self.first + len(self.gaps) - 1


def gap_pages(alignment: Alignment, size: int | None = None) -> list[GapPage]:
    """The pages of the figures whose gaps are too many for the alignment page."""
    size = GAPS_PER_PAGE if size is None else size
    found: list[GapPage] = []
    for figure in alignment.figures:
        if len(figure.gaps) > size:
            for number, start in enumerate(range(0, len(figure.gaps), size), start=1):
                found.append(GapPage(figure, number, start + 1, figure.gaps[start : start + size]))
    return found


SKILLS_PER_PAGE = 100
"""The most skills the catalog shows in full on one page.

Above it (or above :data:`SKILL_LINKS_PER_PAGE` links in the full entries),
the catalog lists one compact row per skill, which keeps the skill's anchor
(`skills/#skill-<id>`, the address links and data files use), and each full
entry goes on a page of its own, ``skills/<id>.md``.  A row is a few counts
and the programs that develop the skill, so the catalog stays small; it is
not cut into parts, which would move rows away from that address.
"""

SKILL_LINKS_PER_PAGE = 5000
"""The most roles, objectives and programs the full entries of a one-page catalog may list together."""


def compact_skills(playbook: Playbook, size: int | None = None, links: int | None = None) -> bool:
    """Whether the catalog is too large for every full entry: then it is compact, with a page per skill."""
    size = SKILLS_PER_PAGE if size is None else size
    links = SKILL_LINKS_PER_PAGE if links is None else links
    if len(playbook.skills) > size:
        return True
    listed = sum(len(s.needed_by) + len(s.objectives) + len(s.developed_by) for s in playbook.skills)
    return listed > links


def _part_title(section: str, part: Part) -> str:
    suffix = f" ({part.number} of {part.count})" if part.count > 1 else ""
    return f"{section}: {part.pillar.title}{suffix}"


def page_specs(
    playbook: Playbook, changes: Changes | None = None, alignment: Alignment | None = None
) -> list[PageSpec]:
    """Every page of the site, in a stable order; "What changed" when ``changes`` are given, and the
    alignment's gap pages when ``alignment`` is."""
    parts = split_parts(playbook)
    gaps = gap_pages(alignment) if alignment is not None else []
    compact = compact_skills(playbook)
    pages = [
        PageSpec("index.md", "home/page.md.j2", playbook.title, {}, in_nav=True),
        PageSpec("plans/index.md", "plans/page.md.j2", "Plans", {}, in_nav=True),
        PageSpec("objectives/index.md", "objectives/page.md.j2", "Objectives", {"parts": parts}, in_nav=True),
        PageSpec(
            "roadmap.md", "roadmap/page.md.j2", "Roadmap", {"parts": parts}, in_nav=True, hide=("navigation", "toc")
        ),
        PageSpec("roles/index.md", "roles/page.md.j2", "Roles", {}, in_nav=True),
        PageSpec("map.md", "map/page.md.j2", "Role-to-strategy map", {"parts": parts}, in_nav=True,
                 hide=("navigation",)),
        PageSpec("coaching/index.md", "coaching/page.md.j2", "Coaching", {}, in_nav=True),
        PageSpec("skills.md", "skills/page.md.j2", "Skills", {"compact": compact}, in_nav=True),
        PageSpec("risks.md", "risks/page.md.j2", "Risk register", {"parts": parts}, in_nav=True,
                 hide=("navigation",)),
        PageSpec("alignment.md", "alignment/page.md.j2", "Strategy alignment", {"gap_pages": gaps}, in_nav=True,
                 hide=("navigation",)),
    ]
    for part in parts:
        context = {"part": part, "parts": parts}
        pages.append(PageSpec(part.path("roadmap"), "roadmap/part.md.j2", _part_title("Roadmap", part), context,
                              hide=("navigation", "toc")))
        pages.append(PageSpec(part.path("objectives/pillars"), "objectives/part.md.j2",
                              _part_title("Objectives", part), context))
        pages.append(PageSpec(part.path("map"), "map/part.md.j2", _part_title("Role-to-strategy map", part), context,
                              hide=("navigation",)))
        pages.append(PageSpec(part.path("risks"), "risks/part.md.j2", _part_title("Risk register", part), context,
                              hide=("navigation",)))
    if changes is not None:
        title = f"What changed since {changes.since}"
        pages.append(PageSpec(CHANGES_PAGE, "changes/page.md.j2", title, {"changes": changes}, in_nav=True))
    pages += [
        PageSpec(page.path, "alignment/gap_page.md.j2", f"{page.figure.title}: gaps {page.first}-{page.last}",
                 {"gap_page": page, "gap_pages": gaps}, hide=("navigation",))
        for page in gaps
    ]
    # Plan and role pages give their roadmap the width of the (unlisted) navigation column.
    pages += [
        PageSpec(f"plans/{p.id}.md", "plan/page.md.j2", p.title, {"plan": p}, hide=("navigation",))
        for p in playbook.plans
    ]
    pages += [
        PageSpec(f"objectives/{o.id}.md", "objective/page.md.j2", o.title, {"objective": o})
        for o in playbook.objectives
    ]
    pages += [
        PageSpec(f"roles/{r.id}.md", "role/page.md.j2", r.title, {"role": r}, hide=("navigation",))
        for r in playbook.roles
    ]
    pages += [PageSpec(f"coaching/{p.id}.md", "program/page.md.j2", p.title, {"program": p}) for p in playbook.programs]
    if compact:
        pages += [PageSpec(f"skills/{s.id}.md", "skill/page.md.j2", s.title, {"skill": s}) for s in playbook.skills]
    return pages


def front_matter(spec: PageSpec) -> str:
    # MkDocs themes print page titles unescaped, so the title is HTML-escaped here; JSON strings are YAML.
    title = str(Markup.escape(" ".join(spec.title.split())))
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if spec.hide:
        lines.append("hide:")
        lines.extend(f"  - {item}" for item in spec.hide)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def nav_pages(options: Options | None = None) -> list[tuple[str, str]]:
    """(title, file) of every page the navigation lists: the section pages and their fixed pages."""
    options = options or Options()
    return [(title, options.page(path)) for s in SECTIONS for title, path in ((s.title, s.path), *s.pages)]


def nav_tree(options: Options | None = None) -> list[Any]:
    """The sections as an MkDocs ``nav``: one entry per section, its fixed pages nested under it."""
    options = options or Options()
    full = options.page
    tree: list[Any] = []
    for s in SECTIONS:
        if s.pages:
            tree.append({s.title: [full(s.path), *({title: full(path)} for title, path in s.pages)]})
        else:
            tree.append({s.title: full(s.path)})
    return tree
