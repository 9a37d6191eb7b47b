"""The renderer: the linked playbook as a mapping of page path to Markdown.

The MkDocs plugin and ``stratbook export markdown`` both call :func:`render_site`;
nothing here imports MkDocs, so any builder that reads Markdown can publish
the same pages.  Pages come from the Jinja2 templates in
``generator/templates/`` (a folder per page); a site overrides one by placing
a file of the same name in its own template folder.

Content is data, never template: YAML values reach Jinja2 only as variables,
and every ``{{ value }}`` that is not markup is escaped (see
:mod:`generator.rendering.text`).  Links are computed relative to the page
that holds them (:class:`~generator.rendering.options.Links`), so that big
tables stay raw HTML and still work under both MkDocs URL styles.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from markupsafe import Markup

from generator import rules
from generator.analysis.alignment import Alignment, Figure, analyse
from generator.analysis.changes import Changes
from generator.model import KeyResult, Milestone, Node, Objective, ObjectiveStatus, Playbook, Raci, Risk, Role
from generator.rendering.options import Links, Options, anchor
from generator.rendering.page_cache import PageCache
from generator.rendering.pages import (
    DATA_DIR,
    DATA_FILES,
    GAPS_PER_PAGE,
    MATRIX_CELLS,
    PART_SIZE,
    SECTIONS,
    PageSpec,
    front_matter,
    page_specs,
)
from generator.rendering.pictures import badges, heatmap, progress
from generator.rendering.pictures import roadmap as roadmap_picture
from generator.rendering.pictures import roadmap_table as roadmap_rows
from generator.rendering.pictures import sparkline as sparkline_picture
from generator.rendering.pictures import svg as svg_kit
from generator.rendering.pictures.sprite import sprite
from generator.rendering.reference import reference_pages
from generator.rendering.review import (
    accepted_gap,
    change_mark,
    change_words,
    check_ins_of,
    latest_check_in,
    next_review,
    next_reviews,
    pace_text,
    state_text,
)
from generator.rendering.template_names import FormerNames, SiteTemplates
from generator.rendering.text import (
    anchor_id,
    finalize,
    format_duration,
    format_percent,
    format_period,
    ids_as_code,
    label,
    literal,
    markdown_block,
    number,
    percent,
    raci,
    safe_markdown_block,
    with_unit,
)
from generator.rendering.views import (
    Order,
    by_score,
    key_results_of,
    mean_progress,
    plan_matrix,
    resource_totals,
    resources_of,
    session_label,
    skill_coverage,
    skills_by_category,
    status_counts,
    teams,
)

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
ASSETS_DIR = Path(__file__).parent.parent / "assets"
STYLESHEET = "assets/stratbook.css"
"""Where the plugin and the Markdown export put the stylesheet, relative to the docs root."""
STYLESHEETS: Mapping[str, str] = MappingProxyType({STYLESHEET: "stratbook.css", "assets/pictures.css": "pictures.css"})
"""Every stylesheet the pages need (docs path -> file in ``generator/assets``), in the order sites load them."""


# --- pictures (generator.rendering.pictures), adapted to templates and page-relative links ---


def badge(value: str | enum.Enum | None, text: str | None = None) -> Markup:
    """A status badge (shape and words) for any plan, objective, milestone or risk status, or ``gap``."""
    if value is None:
        return Markup("")
    status = value.value if isinstance(value, enum.Enum) else value
    return Markup(badges.status_badge(status, label=text))


def progress_bar(value: float | None) -> Markup:
    """A progress bar for a mean of key results (a plan's, the playbook's); the number is written out."""
    text = "no value yet" if value is None else format_percent(value)
    return Markup(progress.progress_bar(value, text))


def _url_for(context: Any) -> Callable[[Node], str]:
    links: Links = context["links"]
    return lambda entity: str(links.href(entity))


@jinja2.pass_context
def milestone_badge(context: Any, milestone: Milestone) -> Markup:
    """The milestone's status, or late (with its declared status) when due before the playbook's as_of."""
    return Markup(badges.milestone_badge(milestone, context["pb"].as_of))


@jinja2.pass_context
def roadmap(
    context: Any,
    objectives: Iterable[Objective],
    span: tuple[dt.date, dt.date] | None = None,
    title: str = "Roadmap",
    fit: float | None = None,
    *,
    described_by: str = "",
    answered_by: Role | None = None,
) -> Markup:
    """The roadmap picture of ``objectives``, linking page-relatively, in a figure that scrolls sideways.

    With ``answered_by`` (a role) it draws only the milestones that role answers for
    (:attr:`~generator.model.Milestone.answered_by`): a role's roadmap, where every
    milestone is drawn on one role's page at most.

    ``fit`` is the width (px) of the page's column: the time line narrows
    towards it (:func:`~generator.rendering.pictures.roadmap.fit_timeline`), so the usual horizon
    needs no scrolling while long ones still scroll rather than squeeze text.
    """
    items = list(objectives)
    timeline = None if fit is None or not items else roadmap_picture.fit_timeline(items, span, fit)
    svg = roadmap_picture.roadmap_svg(
        items,
        as_of=context["pb"].as_of,
        url_for=_url_for(context),
        span=span,
        label=title,
        timeline_width=timeline,
        described_by=described_by,
        shows=_answered_by(answered_by),
    )
    return Markup(svg_kit.figure(svg))


@jinja2.pass_context
def roadmap_table(context: Any, objectives: Iterable[Objective], *, answered_by: Role | None = None) -> Markup:
    """The roadmap's information as a table, for screen readers and copy-paste (``answered_by``: see roadmap)."""
    return Markup(
        roadmap_rows.roadmap_table(
            list(objectives), as_of=context["pb"].as_of, url_for=_url_for(context), shows=_answered_by(answered_by)
        )
    )


def _answered_by(role: Role | None) -> Callable[[Milestone], bool] | None:
    if role is None:
        return None
    return lambda milestone: milestone.answered_by is role


def heat_map(risks: Iterable[Risk], title: str = "Risk heat map") -> Markup:
    """The 5 x 5 heat map; each non-empty cell links to ``#risk-cell-L-I`` of the same page (see :func:`risk_cells`)."""
    return Markup(svg_kit.figure(heatmap.heat_map_svg(risks, label=title)))


def risk_cells(risks: Iterable[Risk]) -> list[tuple[Markup, tuple[Risk, ...]]]:
    """The non-empty heat-map cells, highest score first (then impact), as (anchor, risks in playbook order).

    Anchors are ``[a-z0-9-]`` and reach the page as typed: an id spelled with character references
    (``risk&#45;cell``) is one no link checker but the browser's resolves, so engines report the cells'
    links as broken.
    """
    cells = [(cell, found) for cell, found in heatmap.risks_by_cell(risks).items() if found]
    cells.sort(key=lambda item: (-item[0][0] * item[0][1], -item[0][1]))
    return [(Markup(heatmap.risk_cell_anchor(*cell)), found) for cell, found in cells]


def sparkline(key_result: KeyResult) -> Markup:
    """A trend of the key result's history with its target as a line; empty without history."""
    return Markup(sparkline_picture.sparkline_svg(key_result))


def _picture(draw: Callable[[Any], str]) -> Callable[[Any], Markup]:
    """A picture function of :mod:`generator.rendering.pictures` that templates can call as is.

    Drawn once per entity and site: an objective's badge and progress bar show on its page, its
    plan's, its roles' and the indexes, and they hold no page-relative link.
    """
    drawn: dict[int, tuple[Any, Markup]] = {}

    def picture(entity: Any) -> Markup:
        found = drawn.get(id(entity))
        if found is None or found[0] is not entity:
            found = drawn[id(entity)] = (entity, Markup(draw(entity)))
        return found[1]

    return picture


def figure_bar(figure: Figure) -> Markup:
    """The bar of an alignment figure, its ``covered/total (percent)`` written out."""
    return Markup(progress.progress_bar(figure.ratio, figure.display, label=figure.title))


def make_environment(templates: Path | None = None, markdown_html: str = "safe") -> jinja2.Environment:
    """The Jinja2 environment: the site's template folder first, then the built-in templates.

    Former template names keep working (:mod:`generator.rendering.template_names`). Without a site
    folder the environment is made once per process: a preview renders again after every edit, and
    compiling the built-in templates anew each time took longer than most of the pages it re-renders.
    A site's own templates may change while it is served, so their environment is made each time.
    """
    sizes = (PART_SIZE, MATRIX_CELLS, GAPS_PER_PAGE)  # read at each call: the environment follows them
    if templates is None:
        return _built_in_environment(markdown_html, sizes)
    return _environment(templates, markdown_html, sizes)


@functools.cache
def _built_in_environment(markdown_html: str, sizes: tuple[int, int, int]) -> jinja2.Environment:
    return _environment(None, markdown_html, sizes)


def _environment(templates: Path | None, markdown_html: str, sizes: tuple[int, int, int]) -> jinja2.Environment:
    part_size, matrix_cells, gaps_per_page = sizes
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(SiteTemplates(templates))
    loaders += [jinja2.FileSystemLoader(str(TEMPLATES_DIR)), FormerNames()]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters.update(
        {
            "markdown": markdown_block if markdown_html == "trusted" else safe_markdown_block,
            "literal": literal,
            "number": number,
            "percent": percent,
            "period": format_period,
            "label": label,
            "minutes": format_duration,
            "ids_as_code": ids_as_code,
        }
    )
    env.globals.update(
        {
            "badge": badge,
            "progress_bar": progress_bar,
            "plan_badge": _picture(badges.plan_badge),
            "objective_badge": _picture(badges.objective_badge),
            "milestone_badge": milestone_badge,
            "kr_progress": _picture(progress.key_result_progress),
            "objective_progress": _picture(progress.objective_progress),
            "sparkline": sparkline,
            "roadmap": roadmap,
            "roadmap_table": roadmap_table,
            "heat_map": heat_map,
            "risk_cells": risk_cells,
            "raci": raci,
            "mover_needs": rules.mover_needs,
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
            "part_size": part_size,
            "matrix_cells": matrix_cells,
            "gaps_per_page": gaps_per_page,
            "gap_pages": (),
            "DATA_FILES": DATA_FILES,
            "ObjectiveStatus": ObjectiveStatus,
            "Raci": Raci,
            "pace_text": pace_text,
            "state_text": state_text,
            "latest_check_in": latest_check_in,
            "check_ins_of": check_ins_of,
            "next_review": next_review,
            "next_reviews": next_reviews,
            "change_mark": change_mark,
            "accepted_gap": accepted_gap,
            "change_words": change_words,
        }
    )
    return env


@functools.cache
def _reference_pages(use_directory_urls: bool) -> tuple[tuple[str, str], ...]:
    """Made once per process: the Reference describes Stratbook, not the playbook, and a preview renders
    the site again after every edit."""
    return tuple(reference_pages(use_directory_urls).items())


def render_site(playbook: Playbook, options: Options | None = None, changes: Changes | None = None) -> dict[str, str]:
    """Every page of the site: its file (with the prefix, see :meth:`Options.page`) -> Markdown, sorted.

    With ``changes`` (what changed since a revision) the site gets a "What changed" page and the
    changed items carry a `new` or `moved` mark.
    """
    return dict(sorted(render_pages(playbook, options, changes)))


def page_variables(
    playbook: Playbook,
    spec: PageSpec,
    links: Links,
    *,
    sections: list[str],
    order: Order,
    alignment: Alignment,
    marks: Mapping[str, str],
) -> dict[str, Any]:
    """The variables every page template receives (the Reference lists them: ``PAGE_VARIABLES``)."""
    return {
        "pb": playbook,
        "page": spec,
        "links": links,
        "link": links.link,
        "href": links.href,
        "url": links.url,
        "sections": sections,
        "order": order,
        "alignment": alignment,
        "marks": marks,
    }


def render_pages(
    playbook: Playbook,
    options: Options | None = None,
    changes: Changes | None = None,
    *,
    reuse: tuple[PageCache, Mapping[str, str]] | None = None,
    share: Callable[[int], bool] | None = None,
) -> Iterator[tuple[str, str]]:
    """The pages of :func:`render_site` one by one, so that a caller can store each compactly as it comes.

    ``reuse`` (a cache and the digests of the files the playbook was read from) keeps pages from one
    render to the next and reuses those whose files did not change (:mod:`generator.rendering.page_cache`).
    ``share`` renders only the pages whose place in that order it accepts: two processes may render
    a site between them, each its share.
    """
    options = options or Options()
    # The reuse rules know what the built-in templates show: a site's own templates may show anything.
    cache: PageCache | None = None
    if reuse is not None and changes is None and options.templates is None:
        cache, digests = reuse
        cache.begin(playbook, options, digests)
    marks = changes.marks if changes is not None else {}
    env = make_environment(options.templates, options.markdown_html)
    order = Order(playbook)
    alignment = analyse(playbook)
    sections = [s.path for s in SECTIONS]
    for place, spec in enumerate(page_specs(playbook, changes, alignment)):
        if share is not None and not share(place):
            continue
        key = cache.key(spec) if cache is not None else None
        kept = cache.get(spec.path, key) if cache is not None and key is not None else None
        if kept is not None:
            yield options.page(spec.path), kept
            continue
        context = page_variables(
            playbook, spec, Links(spec.path, options), sections=sections, order=order, alignment=alignment, marks=marks
        )
        body = env.get_template(spec.template).render({**context, **spec.context})
        # The status shapes the page places are drawn once, at its end.
        shapes = sprite(body)
        markdown = front_matter(spec) + body + (f"\n{shapes}\n" if shapes else "")
        if cache is not None and key is not None:
            cache.put(spec.path, key, markdown)
        yield options.page(spec.path), markdown
    if cache is not None:
        cache.end()
    if share is None or share(-1):  # the Reference pages, made once per process, go to one share
        for path, markdown in _reference_pages(options.use_directory_urls):
            yield options.page(path), markdown


def stylesheets() -> dict[str, str]:
    """Docs path -> text of every stylesheet in :data:`STYLESHEETS`."""
    return {path: (ASSETS_DIR / name).read_text(encoding="utf-8") for path, name in STYLESHEETS.items()}
