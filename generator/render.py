"""The core renderer: the linked playbook as a mapping of page path to Markdown.

The MkDocs plugin and ``stratbook export markdown`` both call :func:`render_site`;
this module never imports MkDocs, so any builder that reads Markdown can
publish the same pages.  Pages come from Jinja2 templates in
``generator/templates/``; a site overrides one by placing a file of the same
name in its own template folder.

Content is data, never template: YAML values reach Jinja2 only as variables.
Plain text is escaped on output by :func:`literal` (every ASCII punctuation
character becomes a numeric character reference), which is inert both in
Markdown and in HTML, so a title like ``R&D | <Q3> #1 [draft]`` shows as typed
in headings, tables, links and attributes, whatever Markdown extensions the
site enables.  Markdown fields go through the ``markdown`` filter instead.
Links are computed here, relative to the page that holds them, so that big
tables stay raw HTML (fast to build) and still work under both MkDocs URL styles.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import posixpath
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import pictures
from generator.analysis.alignment import Alignment, Figure, analyse
from generator.datafiles import CSV_FILES, ICS_FILE, JSON_FILE, JSON_SCHEMA_FILE, SiteOptions, data_files
from generator.exports import exporter, write_if_changed
from generator.model import (
    KeyResult,
    Milestone,
    Node,
    Objective,
    ObjectiveStatus,
    Pillar,
    Plan,
    Playbook,
    Program,
    Raci,
    Resource,
    Risk,
    Role,
    Session,
    Skill,
    SkillCategory,
)
from generator.reference import PAGE_TITLES, reference_pages

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"
STYLESHEET = "assets/stratbook.css"
"""Where the plugin and the Markdown export put the stylesheet, relative to the docs root."""
STYLESHEETS = {STYLESHEET: "stratbook.css", "assets/pictures.css": "pictures.css"}
"""Every stylesheet the pages need (docs path -> file in ``generator/assets``), in the order sites load them."""
DATA_DIR = "data"
"""Where the plugin and the Markdown export put the data files (JSON, CSV, iCalendar), under the prefix."""
DATA_FILES: tuple[tuple[str, str], ...] = (
    (JSON_FILE, "the whole playbook with page addresses and computed figures, for scripts and BI tools"),
    (JSON_SCHEMA_FILE, "the JSON Schema that describes playbook.json"),
    (CSV_FILES[0], "objectives with their key results, one row per key result"),
    (CSV_FILES[1], "the RACI matrix: roles by objectives"),
    (CSV_FILES[2], "the risk register"),
    (ICS_FILE, "milestones and dated coaching sessions, for calendar apps"),
)
"""The data files the home page links to, with what each holds."""


@dataclass(frozen=True)
class Section:
    """A section index page: what the navigation lists (entity pages are reached by links)."""

    title: str
    path: str
    pages: tuple[tuple[str, str], ...] = ()
    """(title, path) of a few fixed pages the navigation lists under the section's index."""


SECTIONS: list[Section] = [
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
        (*((title, f"reference/{kind}.md") for kind, title in PAGE_TITLES.items()), ("How to", "reference/how-to.md")),
    ),
]
"""The navigation, in order; later modules may append their own sections."""


@dataclass(frozen=True)
class RenderOptions:
    """How pages are addressed and which templates win."""

    prefix: str = ""
    """Folder under the docs root that holds every page ("" for the root)."""
    use_directory_urls: bool = True
    templates: Path | None = None
    """A folder whose templates override the built-in ones of the same name."""


@dataclass(frozen=True)
class PageSpec:
    """One page to render: its path (without prefix), template, title and variables."""

    path: str
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    hide: tuple[str, ...] = ()


# --- escaping ---------------------------------------------------------------

_SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LITERAL = {c: f"&#{c};" for c in range(0x21, 0x7F) if not chr(c).isalnum()}
_LITERAL.update({ord("\t"): " ", ord("\r"): " ", ord("\n"): " "})


def literal(text: object) -> Markup:
    """Plain text made inert in Markdown and HTML: punctuation as character references.

    Whitespace runs collapse to one space so that text never starts a new
    Markdown block; the result is safe in element content and attribute values.
    """
    return Markup(" ".join(str(text).split()).translate(_LITERAL))


_CODE_SPAN = re.compile(r"&#96;(.+?)&#96;")


def ids_as_code(text: object) -> Markup:
    """Plain text escaped like :func:`literal`, then each `backticked` part shown as code.

    For generated messages (alignment gaps and panels) that quote ids in
    backticks; the code spans hold the escaped text, so nothing becomes markup.
    """
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(literal(text))))


def markdown_block(text: str | None) -> Markup:
    """A Markdown field, contained in its own block so it cannot swallow the page."""
    if not text or not text.strip():
        return Markup("")
    body = textwrap.dedent(text).strip("\n").rstrip()
    return Markup(f'<div class="sb-md" markdown="1">\n\n{body}\n\n</div>')


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` that is not already markup is plain text: escape it."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return literal("yes" if value else "no")
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, enum.Enum):
        return literal(value.value)
    if isinstance(value, dt.date):
        return Markup(value.isoformat())
    return literal(value)


# --- formatting -------------------------------------------------------------


def format_number(value: float | None) -> Markup:
    """A number as people write it: no trailing `.0`, thousands grouped, at most 2 decimals."""
    if value is None:
        return Markup("")
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return Markup(text.replace("-", "&#8722;"))


def with_unit(value: float | None, unit: str | None) -> Markup:
    if value is None:
        return Markup("&#8212;")
    number = format_number(value)
    if not unit:
        return number
    if unit in ("%", "‰"):
        return Markup(f"{number}&#8239;{literal(unit)}")
    return Markup(f"{number} {literal(unit)}")


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}"


def label(value: str | enum.Enum) -> str:
    """``on-track`` -> ``On track``."""
    text = value.value if isinstance(value, enum.Enum) else value
    text = text.replace("-", " ")
    return text[:1].upper() + text[1:]


# --- pictures: drawn by generator.pictures, adapted here to templates and page-relative links ---


def badge(value: str | enum.Enum | None, text: str | None = None) -> Markup:
    """A status badge (shape and words) for any plan, objective, milestone or risk status, or ``gap``."""
    if value is None:
        return Markup("")
    status = value.value if isinstance(value, enum.Enum) else value
    return Markup(pictures.status_badge(status, label=text))


def progress_bar(value: float | None) -> Markup:
    """A progress bar for a mean of key results (a plan's, the playbook's); the number is written out."""
    text = "no value yet" if value is None else pictures.format_percent(value)
    return Markup(pictures.progress_bar(value, text))


def _url_for(context: Any) -> Callable[[Node], str]:
    links: Links = context["links"]
    return lambda entity: str(links.href(entity))


@jinja2.pass_context
def milestone_badge(context: Any, milestone: Milestone) -> Markup:
    """The milestone's status, or late (with its declared status) when due before the playbook's as_of."""
    return Markup(pictures.milestone_badge(milestone, context["pb"].as_of))


@jinja2.pass_context
def roadmap(
    context: Any,
    objectives: Iterable[Objective],
    span: tuple[dt.date, dt.date] | None = None,
    title: str = "Roadmap",
    fit: float | None = None,
) -> Markup:
    """The roadmap picture of ``objectives``, linking page-relatively, in a figure that scrolls sideways.

    ``fit`` is the width (px) of the page's column: the time line narrows
    towards it, never below ``pictures.MIN_TIMELINE``, so the usual horizon
    needs no scrolling while long ones still scroll rather than squeeze text.
    """
    items = list(objectives)
    timeline: float | None = None
    if fit is not None and items:
        start, end = pictures.roadmap_span(items, span)
        quarters = ((end.year - start.year) * 12 + end.month - start.month + 1) / 3
        natural = min(pictures.MAX_TIMELINE, max(pictures.MIN_TIMELINE, quarters * pictures.PX_PER_QUARTER))
        chrome = 3 * pictures.PAD + pictures.LABEL_COLUMN + pictures.PERCENT_GUTTER
        timeline = max(pictures.MIN_TIMELINE, min(natural, fit - chrome))
    svg = pictures.roadmap_svg(
        items, as_of=context["pb"].as_of, url_for=_url_for(context), span=span, label=title, timeline_width=timeline
    )
    return Markup(pictures.figure(svg))


@jinja2.pass_context
def roadmap_table(context: Any, objectives: Iterable[Objective]) -> Markup:
    """The roadmap's information as a table, for screen readers and copy-paste."""
    return Markup(pictures.roadmap_table(list(objectives), as_of=context["pb"].as_of, url_for=_url_for(context)))


def heat_map(risks: Iterable[Risk], title: str = "Risk heat map") -> Markup:
    """The 5 x 5 heat map; each non-empty cell links to ``#risk-cell-L-I`` of the same page (see :func:`risk_cells`)."""
    return Markup(pictures.figure(pictures.heat_map_svg(risks, label=title)))


def risk_cells(risks: Iterable[Risk]) -> list[tuple[str, tuple[Risk, ...]]]:
    """The non-empty heat-map cells, highest score first (then impact), as (anchor, risks in playbook order)."""
    cells = [(cell, found) for cell, found in pictures.risks_by_cell(risks).items() if found]
    cells.sort(key=lambda item: (-item[0][0] * item[0][1], -item[0][1]))
    return [(pictures.risk_cell_anchor(*cell), found) for cell, found in cells]


def sparkline(key_result: KeyResult) -> Markup:
    """A trend of the key result's history with its target as a line; empty without history."""
    return Markup(pictures.sparkline_svg(key_result))


def _picture(draw: Callable[[Any], str]) -> Callable[[Any], Markup]:
    """A picture function of :mod:`generator.pictures` that templates can call as is."""
    return lambda entity: Markup(draw(entity))


_RACI_NAMES = {Raci.RESPONSIBLE: "Responsible", Raci.ACCOUNTABLE: "Accountable", Raci.CONSULTED: "Consulted",
               Raci.INFORMED: "Informed"}


def raci(letter: Raci | None) -> Markup:
    if letter is None:
        return Markup("")
    return Markup(f'<abbr class="sb-raci sb-raci--{letter.value}" title="{_RACI_NAMES[letter]}">{letter.value}</abbr>')


def format_period(period: Any) -> Markup:
    if period is None:
        return Markup("")
    return Markup(f"{period.start.isoformat()} &#8211; {period.end.isoformat()}")


def format_minutes(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


# --- addresses --------------------------------------------------------------


def page_url(path: str, use_directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives the page at ``path``."""
    stem = path[:-3] if path.endswith(".md") else path
    if use_directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


def entity_target(entity: Node) -> tuple[str, str]:
    """The page (without prefix) and anchor where an entity is shown."""
    if isinstance(entity, Objective):
        return f"objectives/{entity.id}.md", ""
    if isinstance(entity, Role):
        return f"roles/{entity.id}.md", ""
    if isinstance(entity, Plan):
        return f"plans/{entity.id}.md", ""
    if isinstance(entity, Program):
        return f"coaching/{entity.id}.md", ""
    if isinstance(entity, Skill):
        return "skills.md", f"skill-{entity.id}"
    if isinstance(entity, Pillar):
        return "index.md", f"pillar-{entity.id}"
    if isinstance(entity, KeyResult):
        return f"objectives/{entity.objective.id}.md", f"kr-{entity.id}"
    if isinstance(entity, Milestone):
        return f"objectives/{entity.objective.id}.md", f"milestone-{entity.id}"
    if isinstance(entity, Risk):
        return f"objectives/{entity.objective.id}.md", f"risk-{entity.id}"
    raise TypeError(f"no page shows a {type(entity).__name__}")


def anchor(entity: Node) -> Markup:
    """The element id an entity has on its page (ids are `[a-z0-9-]`, safe as is)."""
    target = entity_target(entity)[1]
    return Markup(target or "top")


class Links:
    """Relative links from one page to any page or entity of the site."""

    def __init__(self, page: str, options: RenderOptions) -> None:
        self.options = options
        self.page = self._full(page)
        here = page_url(self.page, options.use_directory_urls)
        base = here[: here.rfind("/")] if "/" in here else ""
        self._base = base.split("/") if base else []
        self._cache: dict[str, str] = {}

    def _full(self, path: str) -> str:
        return posixpath.join(self.options.prefix, path) if self.options.prefix else path

    def _relative(self, full: str, is_page: bool = True) -> str:
        cached = self._cache.get(full)
        if cached is None:
            target = page_url(full, self.options.use_directory_urls) if is_page else full
            parts = target.split("/")
            common = 0
            while common < min(len(self._base), len(parts) - 1) and self._base[common] == parts[common]:
                common += 1
            cached = "../" * (len(self._base) - common) + "/".join(parts[common:])
            self._cache[full] = cached or "./"
        return self._cache[full]

    def url(self, path: str, fragment: str = "") -> Markup:
        """A relative URL to the page at ``path`` (without prefix), with an optional fragment."""
        full = self._full(path)
        if full == self.page and fragment:
            return Markup(f"#{fragment}")
        return Markup(self._relative(full) + (f"#{fragment}" if fragment else ""))

    def file(self, path: str) -> Markup:
        """A relative URL to a file that is not a page (a data file), at ``path`` (without prefix)."""
        return Markup(self._relative(self._full(path), is_page=False))

    def href(self, entity: Node) -> Markup:
        path, fragment = entity_target(entity)
        return self.url(path, fragment)

    def link(self, entity: Node, text: str | None = None) -> Markup:
        """``<a>`` to an entity, titled with its (escaped) title unless ``text`` is given."""
        shown = text if text is not None else getattr(entity, "title", "")
        return Markup(f'<a href="{self.href(entity)}">{literal(shown)}</a>')


# --- views: what pages show, computed once ----------------------------------


def status_counts(objectives: Iterable[Objective]) -> list[tuple[ObjectiveStatus, int]]:
    counts = dict.fromkeys(ObjectiveStatus, 0)
    for objective in objectives:
        counts[objective.effective_status] += 1
    return list(counts.items())


def mean_progress(key_results: Iterable[KeyResult]) -> float | None:
    values = [p for kr in key_results if (p := kr.progress_clamped) is not None]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Coverage:
    """How many skills the strategy depends on, and how many a coaching program develops far enough."""

    needed: tuple[Skill, ...]
    covered: tuple[Skill, ...]

    @property
    def gaps(self) -> tuple[Skill, ...]:
        covered = {s.id for s in self.covered}
        return tuple(s for s in self.needed if s.id not in covered)


def skill_coverage(playbook: Playbook, alignment: Alignment) -> Coverage:
    """The skills figure of the alignment analysis (level rule included) as skills, for the templates."""
    skills = {s.id: s for s in playbook.skills}
    needed = tuple(skills[item.skill_id] for item in alignment.skills)
    return Coverage(needed, tuple(skills[item.skill_id] for item in alignment.skills if item.covered))


def figure_bar(figure: Figure) -> Markup:
    """The bar of an alignment figure, its ``covered/total (percent)`` written out."""
    return Markup(pictures.progress_bar(figure.ratio, figure.display, label=figure.title))


@dataclass(frozen=True)
class ResourceTotal:
    kind: str
    unit: str | None
    amount: float
    items: int


def resource_totals(resources: Iterable[Resource]) -> list[ResourceTotal]:
    """Sum of amounts per kind and unit (resources without an amount are counted, not summed)."""
    amounts: dict[tuple[str, str | None], float] = {}
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    for resource in resources:
        key = (resource.kind.value, resource.unit)
        amounts[key] = amounts.get(key, 0) + (resource.amount or 0)
        counts[key] += 1
    return [ResourceTotal(kind, unit, amounts[(kind, unit)], counts[(kind, unit)]) for kind, unit in amounts]


def key_results_of(objectives: Iterable[Objective]) -> list[KeyResult]:
    return [kr for objective in objectives for kr in objective.key_results]


def resources_of(objectives: Iterable[Objective]) -> list[tuple[Objective, Resource]]:
    return [(objective, resource) for objective in objectives for resource in objective.resources]


def anchor_id(entity: Any) -> Markup:
    """An id (or enum value) for use inside an element id: `[a-z0-9-]` by construction."""
    value = entity.value if isinstance(entity, enum.Enum) else entity.id
    return Markup(str(value)) if _SAFE_ID.fullmatch(str(value)) else literal(value)


def by_score(risks: Iterable[Risk]) -> list[Risk]:
    """Highest score first; ties keep playbook order."""
    return sorted(risks, key=lambda r: -r.score)


@dataclass(frozen=True)
class MatrixRow:
    role: Role
    cells: tuple[Raci | None, ...]


def plan_matrix(plan: Plan, roles: tuple[Role, ...]) -> list[MatrixRow]:
    """The roles involved in a plan (playbook order) with their RACI letter on each objective.

    Only involved roles get a row, so the matrices of all plans together grow
    with the number of RACI assignments, not with roles times objectives.
    """
    letters: list[dict[str, Raci]] = []
    involved: set[str] = set()
    for objective in plan.objectives:
        column = {c.role_id: c.raci for c in objective.contributors}
        column[objective.owner_id] = Raci.ACCOUNTABLE
        letters.append(column)
        involved.update(column)
    return [
        MatrixRow(role, tuple(column.get(role.id) for column in letters)) for role in roles if role.id in involved
    ]


@dataclass(frozen=True)
class RoleObjective:
    objective: Objective
    letter: Raci
    contribution: str | None


class Order:
    """Playbook order of objectives and pillars, indexed once per build (keeps role pages linear)."""

    def __init__(self, playbook: Playbook) -> None:
        self.objectives = {o.id: i for i, o in enumerate(playbook.objectives)}
        self.pillars = {p.id: i for i, p in enumerate(playbook.pillars)}

    def role_objectives(self, role: Role) -> list[tuple[Pillar, list[RoleObjective]]]:
        """Every objective a role owns or contributes to, grouped by pillar, in playbook order."""
        found: dict[str, RoleObjective] = {}
        for objective in role.owned_objectives:
            found[objective.id] = RoleObjective(objective, Raci.ACCOUNTABLE, None)
        for contribution in role.contributions:
            objective = contribution.objective
            earlier = found.get(objective.id)
            if earlier is None:
                found[objective.id] = RoleObjective(objective, contribution.raci, contribution.contribution)
            elif earlier.contribution is None and contribution.contribution:
                found[objective.id] = RoleObjective(objective, earlier.letter, contribution.contribution)
        groups: dict[str, tuple[Pillar, list[RoleObjective]]] = {}
        for item in sorted(found.values(), key=lambda i: self.objectives.get(i.objective.id, 0)):
            pillar = item.objective.pillar
            groups.setdefault(pillar.id, (pillar, []))[1].append(item)
        return sorted(groups.values(), key=lambda g: self.pillars.get(g[0].id, 0))


def teams(roles: Iterable[Role]) -> list[tuple[str | None, list[Role]]]:
    """Roles grouped by team, teams in order of first appearance, roles without a team last."""
    grouped: dict[str | None, list[Role]] = {}
    for role in roles:
        grouped.setdefault(role.team, []).append(role)
    named = [(team, members) for team, members in grouped.items() if team is not None]
    return named + ([(None, grouped[None])] if None in grouped else [])


def skills_by_category(skills: Iterable[Skill]) -> list[tuple[SkillCategory | None, list[Skill]]]:
    grouped: dict[SkillCategory | None, list[Skill]] = {}
    for skill in skills:
        grouped.setdefault(skill.category, []).append(skill)
    ordered: list[tuple[SkillCategory | None, list[Skill]]] = [(c, grouped[c]) for c in SkillCategory if c in grouped]
    if None in grouped:
        ordered.append((None, grouped[None]))
    return ordered


def session_label(session: Session, number: int) -> str:
    if session.week is not None:
        return f"Week {session.week}"
    if session.date is not None:
        return session.date.isoformat()
    return f"Session {number}"


# --- pages ------------------------------------------------------------------


def page_specs(playbook: Playbook) -> list[PageSpec]:
    """Every page of the site, in a stable order."""
    pages = [
        PageSpec("index.md", "home.md.j2", playbook.title, {}, in_nav=True),
        PageSpec("plans/index.md", "plans.md.j2", "Plans", {}, in_nav=True),
        PageSpec("objectives/index.md", "objectives.md.j2", "Objectives", {}, in_nav=True),
        PageSpec("roadmap.md", "roadmap.md.j2", "Roadmap", {}, in_nav=True, hide=("navigation", "toc")),
        PageSpec("roles/index.md", "roles.md.j2", "Roles", {}, in_nav=True),
        PageSpec("map.md", "map.md.j2", "Role-to-strategy map", {}, in_nav=True, hide=("navigation",)),
        PageSpec("coaching/index.md", "coaching.md.j2", "Coaching", {}, in_nav=True),
        PageSpec("skills.md", "skills.md.j2", "Skills", {}, in_nav=True),
        PageSpec("risks.md", "risks.md.j2", "Risk register", {}, in_nav=True, hide=("navigation",)),
        PageSpec("alignment.md", "alignment.md.j2", "Strategy alignment", {}, in_nav=True, hide=("navigation",)),
    ]
    # Plan and role pages give their roadmap the width of the (unlisted) navigation column.
    pages += [
        PageSpec(f"plans/{p.id}.md", "plan.md.j2", p.title, {"plan": p}, hide=("navigation",)) for p in playbook.plans
    ]
    pages += [
        PageSpec(f"objectives/{o.id}.md", "objective.md.j2", o.title, {"objective": o}) for o in playbook.objectives
    ]
    pages += [
        PageSpec(f"roles/{r.id}.md", "role.md.j2", r.title, {"role": r}, hide=("navigation",)) for r in playbook.roles
    ]
    pages += [PageSpec(f"coaching/{p.id}.md", "program.md.j2", p.title, {"program": p}) for p in playbook.programs]
    return pages


def _front_matter(spec: PageSpec) -> str:
    # MkDocs themes print page titles unescaped, so the title is HTML-escaped here; JSON strings are YAML.
    import json

    title = str(Markup.escape(" ".join(spec.title.split())))
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if spec.hide:
        lines.append("hide:")
        lines.extend(f"  - {item}" for item in spec.hide)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the site's template folder first, then the built-in templates."""
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters.update(
        {
            "markdown": markdown_block,
            "literal": literal,
            "number": format_number,
            "percent": percent,
            "period": format_period,
            "label": label,
            "minutes": format_minutes,
            "ids_as_code": ids_as_code,
        }
    )
    env.globals.update(
        {
            "badge": badge,
            "progress_bar": progress_bar,
            "plan_badge": _picture(pictures.plan_badge),
            "objective_badge": _picture(pictures.objective_badge),
            "milestone_badge": milestone_badge,
            "kr_progress": _picture(pictures.key_result_progress),
            "objective_progress": _picture(pictures.objective_progress),
            "sparkline": sparkline,
            "roadmap": roadmap,
            "roadmap_table": roadmap_table,
            "heat_map": heat_map,
            "risk_cells": risk_cells,
            "raci": raci,
            "with_unit": with_unit,
            "anchor": anchor,
            "anchor_id": anchor_id,
            "key_results_of": key_results_of,
            "resources_of": resources_of,
            "status_counts": status_counts,
            "mean_progress": mean_progress,
            "skill_coverage": skill_coverage,
            "resource_totals": resource_totals,
            "by_score": by_score,
            "plan_matrix": plan_matrix,
            "teams": teams,
            "skills_by_category": skills_by_category,
            "session_label": session_label,
            "figure_bar": figure_bar,
            "DATA_DIR": DATA_DIR,
            "DATA_FILES": DATA_FILES,
            "ObjectiveStatus": ObjectiveStatus,
            "Raci": Raci,
        }
    )
    return env


def render_site(playbook: Playbook, options: RenderOptions | None = None) -> dict[str, str]:
    """Every page of the site: path (with the prefix) -> Markdown, sorted by path."""
    options = options or RenderOptions()
    env = make_environment(options.templates)
    order = Order(playbook)
    alignment = analyse(playbook)
    pages: dict[str, str] = {}
    sections = [s.path for s in SECTIONS]
    for spec in page_specs(playbook):
        links = Links(spec.path, options)
        context: dict[str, Any] = {
            "pb": playbook,
            "page": spec,
            "links": links,
            "link": links.link,
            "href": links.href,
            "url": links.url,
            "sections": sections,
            "order": order,
            "alignment": alignment,
            **spec.context,
        }
        body = env.get_template(spec.template).render(context)
        path = posixpath.join(options.prefix, spec.path) if options.prefix else spec.path
        pages[path] = _front_matter(spec) + body
    for path, markdown in reference_pages().items():
        pages[posixpath.join(options.prefix, path) if options.prefix else path] = markdown
    return dict(sorted(pages.items()))


def site_data_files(
    playbook: Playbook, options: RenderOptions | None = None, site_url: str | None = None
) -> dict[str, bytes]:
    """The data files the site publishes: path (under the prefix and :data:`DATA_DIR`) -> bytes."""
    options = options or RenderOptions()
    site = SiteOptions(site_url, options.prefix, options.use_directory_urls)
    folder = posixpath.join(options.prefix, DATA_DIR) if options.prefix else DATA_DIR
    return {f"{folder}/{name}": data for name, data in data_files(playbook, site).items()}


def nav_pages(options: RenderOptions | None = None) -> list[tuple[str, str]]:
    """(title, path) of every page the navigation lists: the section pages and their fixed pages."""
    options = options or RenderOptions()

    def full(path: str) -> str:
        return posixpath.join(options.prefix, path) if options.prefix else path

    return [(title, full(path)) for s in SECTIONS for title, path in ((s.title, s.path), *s.pages)]


def nav_tree(options: RenderOptions | None = None) -> list[Any]:
    """The sections as an MkDocs ``nav``: one entry per section, its fixed pages nested under it."""
    options = options or RenderOptions()

    def full(path: str) -> str:
        return posixpath.join(options.prefix, path) if options.prefix else path

    tree: list[Any] = []
    for s in SECTIONS:
        if s.pages:
            tree.append({s.title: [full(s.path), *({title: full(path)} for title, path in s.pages)]})
        else:
            tree.append({s.title: full(s.path)})
    return tree


def stylesheets() -> dict[str, str]:
    """Docs path -> text of every stylesheet in :data:`STYLESHEETS`."""
    return {path: (ASSETS_DIR / name).read_text(encoding="utf-8") for path, name in STYLESHEETS.items()}


EXPORT_MANIFEST = ".stratbook-export"
"""Lists the files the last export wrote, so the next one can remove those it no longer writes."""


@exporter("markdown")
def export_markdown(playbook: Playbook, directory: Path) -> list[Path]:
    """Write every page, the stylesheets and the data files under ``directory``; only files that changed.

    Pages of entities removed from the playbook since the last export are
    deleted too (only files the last export listed in its manifest: nothing
    else in ``directory`` is touched), so other builders never publish them.
    """
    written: list[Path] = []
    files: dict[str, str | bytes] = dict(render_site(playbook))
    files.update(stylesheets())
    files.update(site_data_files(playbook))
    for relative, text in files.items():
        path = directory / relative
        if write_if_changed(path, text):
            written.append(path)
    manifest = directory / EXPORT_MANIFEST
    previous = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    for relative in previous:
        stale = directory / relative
        if relative not in files and ".." not in Path(relative).parts and stale.is_file():
            stale.unlink()
            log.info("removed %s: the playbook no longer has it", stale)
    write_if_changed(manifest, "".join(f"{relative}\n" for relative in sorted(files)))
    log.info("wrote %d of %d files to %s", len(written), len(files), directory)
    return written
