"""Pictures on the published site: roadmaps, heat maps, sparklines, badges, escaping and the 300-objective roadmap."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from test_site import NASTY, REPO, SMALL, Site, broken_links, built, mkdocs_build, write_site

from generator.model import Milestone, Objective, Playbook, Raci
from generator.pipeline import load
from generator.rendering.environment import render_site
from generator.rendering.pictures import svg as svgkit

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</svg><script>alert(1)</script> & "q" {{x}} | [y] #z'
_INLINE_SVG = re.compile(r'<svg\b[^>]*\bclass="sb-[^"]*"[^>]*>.*?</svg>', re.S)


def inline_svgs(html: str) -> list[ET.Element]:
    """Every picture of a page, parsed as XML (a picture that is not well-formed XML fails here)."""
    return [ET.fromstring(markup) for markup in _INLINE_SVG.findall(html)]


def pictures_of(site: Site, url: str, cls: str) -> list[ET.Element]:
    path = site.root / url / "index.html"
    return [svg for svg in inline_svgs(path.read_text(encoding="utf-8")) if cls in (svg.get("class") or "").split()]


def only(site: Site, url: str, cls: str) -> ET.Element:
    found = pictures_of(site, url, cls)
    assert len(found) == 1, (url, cls, len(found))
    return found[0]


def links(svg: ET.Element, cls: str) -> list[ET.Element]:
    return [a for a in svg.iter(SVG + "a") if cls in (a.get("class") or "").split()]


def resolve(site: Site, page: str, href: str) -> tuple[str, str]:
    """The page URL (``/objectives/x/``) and fragment an href of ``page`` points to; the page must exist."""
    target = urlsplit(urljoin("/" + page, href))
    assert (site.root / target.path.lstrip("/") / "index.html").is_file(), (page, href)
    return target.path, target.fragment


def ids_on(site: Site, url: str) -> set[str]:
    soup = BeautifulSoup((site.root / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "lxml")
    return {str(tag["id"]) for tag in soup.find_all(id=True)}


def title_of(element: ET.Element) -> str:
    title = element.find(SVG + "title")
    assert title is not None
    assert title.text is not None
    return title.text


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    out = tmp_path_factory.mktemp("example-pictures") / "site"
    done = mkdocs_build(REPO, out, "--strict")
    assert done.returncode == 0, done.stderr
    return Site(out)


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load(REPO / "content").require()


# --- the roadmap page -----------------------------------------------------------------------------


def test_roadmap_has_one_bar_per_objective_linking_to_it(example: Site, playbook: Playbook) -> None:
    svg = only(example, "roadmap/", "sb-roadmap")
    bars = links(svg, "sb-rm-bar")
    assert [a.get("data-objective") for a in bars] == [o.id for o in roadmap_order(playbook.objectives)]
    for bar in bars:
        assert resolve(example, "roadmap/", bar.get("href", "")) == (f"/objectives/{bar.get('data-objective')}/", "")
        objective = playbook.by_id[bar.get("data-objective", "")]
        assert isinstance(objective, Objective)
        assert title_of(bar).startswith(f"{objective.title} — ")


def test_roadmap_has_one_marker_per_milestone_linking_to_its_anchor(example: Site, playbook: Playbook) -> None:
    svg = only(example, "roadmap/", "sb-roadmap")
    markers = links(svg, "sb-rm-milestone")
    assert sorted(a.get("data-milestone", "") for a in markers) == sorted(m.id for m in playbook.milestones)
    assert len(markers) == len(playbook.milestones) > 0
    kinds = Counter(a.get("data-kind") for a in markers)
    assert kinds["late"] == sum(1 for m in playbook.milestones if m.is_late)
    for marker in markers:
        milestone = playbook.by_id[marker.get("data-milestone", "")]
        assert isinstance(milestone, Milestone)
        page, fragment = resolve(example, "roadmap/", marker.get("href", ""))
        assert (page, fragment) == (f"/objectives/{milestone.objective.id}/", f"milestone-{milestone.id}")
        assert fragment in ids_on(example, page)
        assert title_of(marker).startswith(f"{milestone.title} — ")


def test_a_roles_roadmap_draws_the_milestones_it_answers_for(example: Site, playbook: Playbook) -> None:
    """A role's roadmap: bars for what it is accountable or responsible for, markers for what it answers for."""
    drawn_anywhere: list[str] = []
    for role in playbook.roles:
        moved = [
            o
            for o in playbook.objectives
            if o.owner is role
            or any(c.role is role and c.raci in (Raci.ACCOUNTABLE, Raci.RESPONSIBLE) for c in o.contributors)
        ]
        if not moved:
            continue
        svg = only(example, f"roles/{role.id}/", "sb-roadmap")
        assert sorted(a.get("data-objective", "") for a in links(svg, "sb-rm-bar")) == sorted(o.id for o in moved)
        markers = sorted(a.get("data-milestone", "") for a in links(svg, "sb-rm-milestone"))
        answered = sorted(m.id for o in moved for m in o.milestones if (m.owner or o.owner) is role)
        assert markers == answered, role.id
        rows = example.article(f"roles/{role.id}/").select("table.sb-roadmap-table tr.sb-rm-row-milestone")
        assert sorted(row["data-id"] for row in rows) == answered, role.id
        drawn_anywhere += markers
    # No milestone is drawn on two roles' pages, and the example's roles draw some.
    assert len(drawn_anywhere) == len(set(drawn_anywhere)) > 0
    assert any(m.owner is not None and m.owner is not m.objective.owner for m in playbook.milestones)


def test_roadmap_is_followed_by_a_table_with_the_same_rows(example: Site, playbook: Playbook) -> None:
    soup = example.article("roadmap/")
    rows = soup.select("table.sb-roadmap-table tbody tr")
    objectives = [row["data-id"] for row in rows if "sb-rm-row-objective" in row["class"]]
    milestones = [row["data-id"] for row in rows if "sb-rm-row-milestone" in row["class"]]
    assert objectives == [o.id for o in roadmap_order(playbook.objectives)]
    assert sorted(milestones) == sorted(m.id for m in playbook.milestones)
    assert [a["href"] for a in soup.select(f"tr[data-id='{objectives[0]}'] td:nth-of-type(3) a")] == [
        f"../objectives/{objectives[0]}/"
    ]


def test_roadmap_spans_the_horizon_with_the_as_of_line(example: Site, playbook: Playbook) -> None:
    svg = only(example, "roadmap/", "sb-roadmap")
    horizon = playbook.strategy.horizon
    label = svg.get("aria-label", "")
    assert f"from {horizon.start.isoformat()} to {horizon.end.isoformat()}" in label
    assert f"as of {playbook.as_of.isoformat()}" in label
    assert [t.text for t in svg.iter(SVG + "text") if "sb-rm-as-of-label" in (t.get("class") or "")] == [
        f"as of {playbook.as_of.isoformat()}"
    ]
    # No text is drawn below a readable size.
    assert min(svgkit.text_size(t.get("class", "")) for t in svg.iter(SVG + "text")) >= 11


def roadmap_order(objectives: tuple[Objective, ...] | list[Objective]) -> list[Objective]:
    """Objectives as the roadmap lists them: by pillar as `playbook.yaml` declares them, then plan, as they appear."""
    order: dict[str, dict[str, list[Objective]]] = {}
    for objective in sorted(objectives, key=lambda o: o.pillar.position):
        order.setdefault(objective.pillar.id, {}).setdefault(objective.plan.id, []).append(objective)
    return [o for plans in order.values() for members in plans.values() for o in members]


# --- plan and role pages --------------------------------------------------------------------------


def test_every_plan_page_has_its_roadmap_and_heat_map(example: Site, playbook: Playbook) -> None:
    for plan in playbook.plans:
        url = f"plans/{plan.id}/"
        svg = only(example, url, "sb-roadmap")
        assert [a.get("data-objective") for a in links(svg, "sb-rm-bar")] == [o.id for o in plan.objectives]
        markers = sorted(a.get("data-milestone", "") for a in links(svg, "sb-rm-milestone"))
        assert markers == sorted(m.id for o in plan.objectives for m in o.milestones)
        for marker in links(svg, "sb-rm-milestone"):
            page, fragment = resolve(example, url, marker.get("href", ""))
            assert fragment in ids_on(example, page)
        # The plan's objectives and milestones tables hold what the picture shows: no third copy.
        soup = example.article(url)
        assert soup.select("table.sb-roadmap-table") == []
        assert "objectives and milestones tables below" in (svg.get("aria-label") or "")
        if plan.risks:
            assert_heat_map_matches(example, url, list(plan.risks))
        else:
            assert pictures_of(example, url, "sb-heatmap") == []


def test_every_role_page_draws_only_what_the_role_is_accountable_or_responsible_for(
    example: Site, playbook: Playbook
) -> None:
    seen_partial = False
    for role in playbook.roles:
        moved = {o.id for o in role.owned_objectives} | {
            c.objective.id for c in role.contributions if c.raci in (Raci.ACCOUNTABLE, Raci.RESPONSIBLE)
        }
        found = pictures_of(example, f"roles/{role.id}/", "sb-roadmap")
        if not moved:
            assert found == []
            continue
        assert len(found) == 1
        shown = [a.get("data-objective", "") for a in links(found[0], "sb-rm-bar")]
        assert sorted(shown) == sorted(moved)
        seen_partial = seen_partial or len(moved) < len(playbook.objectives)
        for bar in links(found[0], "sb-rm-bar"):
            assert resolve(example, f"roles/{role.id}/", bar.get("href", ""))[0] == (
                f"/objectives/{bar.get('data-objective')}/"
            )
    assert seen_partial


# --- risks ----------------------------------------------------------------------------------------


def assert_heat_map_matches(site: Site, url: str, risks: list[Any]) -> None:
    """Every cell shows its count and links to a group of rows on the same page holding exactly its risks."""
    svg = only(site, url, "sb-heatmap")
    cells = [c for c in svg if c.tag in (SVG + "a", SVG + "g") and c.get("data-likelihood")]
    assert len(cells) == 25
    soup = site.article(url)
    for cell in cells:
        likelihood, impact = int(cell.get("data-likelihood", "0")), int(cell.get("data-impact", "0"))
        expected = sorted(r.id for r in risks if (r.likelihood, r.impact) == (likelihood, impact))
        count = next(t for t in cell.iter(SVG + "text") if "sb-heat-count" in (t.get("class") or ""))
        assert (cell.get("data-count"), count.text) == (str(len(expected)), str(len(expected)))
        if not expected:
            assert cell.tag == SVG + "g"
            continue
        assert cell.get("href") == f"#risk-cell-{likelihood}-{impact}"
        group = soup.select_one(f"tbody#risk-cell-{likelihood}-{impact}")
        assert group is not None, (url, likelihood, impact)
        titles = sorted(" ".join(row.select("td")[1].get_text().split()) for row in group.select("tr"))
        assert titles == sorted(
            " ".join(r.title.split()) for r in risks if (r.likelihood, r.impact) == (likelihood, impact)
        )


def test_risk_register_heat_map_counts_match_the_register(example: Site, playbook: Playbook) -> None:
    assert_heat_map_matches(example, "risks/", list(playbook.risks))
    rows = example.article("risks/").select("table.sb-register tbody tr")
    assert sorted(row["id"] for row in rows) == sorted(f"risk-{r.id}" for r in playbook.risks)
    scores = [int(row.select_one("strong").get_text()) for row in rows]
    assert scores == sorted(scores, reverse=True)


# --- key results, badges --------------------------------------------------------------------------


def test_sparklines_exactly_where_a_key_result_has_history(example: Site, playbook: Playbook) -> None:
    with_history = 0
    for objective in playbook.objectives:
        soup = example.article(f"objectives/{objective.id}/")
        shown = {row["id"] for row in soup.select("table.sb-key-results tr[id]") if row.select_one("svg.sb-sparkline")}
        expected = {f"kr-{kr.id}" for kr in objective.key_results if kr.history}
        assert shown == expected, objective.id
        with_history += len(expected)
        for kr in objective.key_results:
            bars = soup.select(f"#kr-{kr.id} .sb-progress")
            assert len(bars) == 1
            # a value text is there when the words say more than the value (ARIA reads "44 %" from 44 itself)
            spoken = bars[0].get("aria-valuetext") or f"{bars[0]['aria-valuenow']} %"
            assert spoken == " ".join(bars[0].get_text().split())
    assert 0 < with_history < len(playbook.key_results)
    sparks = [s for o in playbook.objectives for s in pictures_of(example, f"objectives/{o.id}/", "sb-sparkline")]
    assert len(sparks) == with_history
    assert all(len([x for x in s.iter(SVG + "line") if x.get("class") == "sb-spark-target"]) == 1 for s in sparks)


def test_badges_share_the_roadmap_status_classes(example: Site, playbook: Playbook) -> None:
    objective = playbook.objectives[0]
    badge = example.article(f"objectives/{objective.id}/").select_one(".sb-facts .sb-badge")
    assert badge is not None
    status = f"sb-status-{objective.effective_status.value}"
    assert badge["class"] == ["sb-badge", status]
    assert badge.select_one("svg > use[href]") is not None
    bar = next(
        a
        for a in links(only(example, "roadmap/", "sb-roadmap"), "sb-rm-bar")
        if a.get("data-objective") == objective.id
    )
    assert status in (bar.get("class") or "").split()
    plan = playbook.plans[0]
    plan_badge = example.article(f"plans/{plan.id}/").select_one(".sb-facts .sb-badge")
    assert plan_badge is not None
    assert plan_badge["class"] == ["sb-badge", f"sb-status-{plan.status.value}"]


def test_every_picture_is_well_formed_xml_and_the_pages_fetch_nothing_remote(example: Site) -> None:
    for page in sorted(example.root.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        inline_svgs(html)  # raises on malformed XML
        soup = BeautifulSoup(html, "lxml")
        for tag in soup.find_all(["script", "img", "link", "iframe"]):
            source = str(tag.get("src") or tag.get("href") or "")
            if (
                tag.name == "link"
                and "stylesheet" not in (tag.get("rel") or [])
                and "icon" not in (tag.get("rel") or [])
            ):
                continue
            assert not urlsplit(source).netloc, f"{page}: {tag}"
    index = BeautifulSoup((example.root / "roadmap/index.html").read_text(encoding="utf-8"), "lxml")
    sheets = [str(link["href"]) for link in index.select("link[rel=stylesheet]")]
    assert "../assets/stratbook.css" in sheets
    assert "../assets/pictures.css" in sheets


def test_coaching_sessions_carry_the_print_class(example: Site, playbook: Playbook) -> None:
    css = (REPO / "generator/assets/pictures.css").read_text(encoding="utf-8")
    assert ".sb-session," in css.split("@media print", 1)[1]
    program = next(p for p in playbook.programs if p.sessions)
    assert len(example.article(f"coaching/{program.id}/").select(".sb-session")) == len(program.sessions)


# --- escaping -------------------------------------------------------------------------------------


def test_hostile_titles_stay_text_in_every_picture(tmp_path: Path) -> None:
    # The plan's title, the first objective's title and a milestone's title.
    hostile = SMALL["content/plans/p.yaml"].replace(f"title: '{NASTY}'", f"title: '{HOSTILE}'", 2)
    hostile = hostile.replace("{id: m1, title: First,", f"{{id: m1, title: '{HOSTILE}',", 1)
    assert hostile.count(HOSTILE) == 3
    root = write_site(tmp_path, {"content/plans/p.yaml": hostile})
    out = built(root, tmp_path / "out")
    assert broken_links(out) == []
    site = Site(out)
    for url in ("roadmap/", "plans/plan-a/", "roles/ceo/", "roles/dev/", "risks/", "objectives/obj-a/"):
        html = (out / url / "index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html, url
        assert not any("alert(1)" in (s.string or "") for s in BeautifulSoup(html, "lxml").find_all("script")), url
        inline_svgs(html)
    for url in ("roadmap/", "plans/plan-a/", "roles/ceo/"):
        svg = only(site, url, "sb-roadmap")
        bar = next(a for a in links(svg, "sb-rm-bar") if a.get("data-objective") == "obj-a")
        assert title_of(bar).startswith(f"{HOSTILE} — ")
        plan_link = links(svg, "sb-rm-plan")[0]
        assert title_of(plan_link).startswith(f"Plan: {HOSTILE} — ")
        label = next(a for a in links(svg, "sb-rm-objective-label") if a.get("data-objective") == "obj-a")
        shown = " ".join(t.text or "" for t in label.iter(SVG + "text"))
        assert len(shown) > 10
        assert HOSTILE.startswith(shown.removesuffix("…").rstrip())
    # A role's roadmap draws the milestones it answers for: m1 is dev's.
    for url in ("roadmap/", "plans/plan-a/", "roles/dev/"):
        svg = only(site, url, "sb-roadmap")
        marker = next(a for a in links(svg, "sb-rm-milestone") if a.get("data-milestone") == "m1")
        assert title_of(marker).startswith(f"{HOSTILE} — ")
    table = site.article("roadmap/").select_one("table.sb-roadmap-table tr[data-id='obj-a'] td:nth-of-type(3)")
    assert table is not None
    assert table.get_text() == HOSTILE


# --- at scale -------------------------------------------------------------------------------------


def test_synthetic_300_objectives_roadmap(tmp_path: Path) -> None:
    synthetic.generate(tmp_path / "content", 300, seed=1)
    playbook = load(tmp_path / "content").require()
    pages = render_site(playbook)
    svg = next(ET.fromstring(m) for m in _INLINE_SVG.findall(pages["roadmap/index.md"]) if "sb-roadmap" in m[:200])
    bars = links(svg, "sb-rm-bar")
    assert len(bars) == 300
    assert len({a.get("data-objective") for a in bars}) == 300
    assert len(links(svg, "sb-rm-milestone")) == len(playbook.milestones)
    assert min(svgkit.text_size(t.get("class", "")) for t in svg.iter(SVG + "text")) >= 11
    # The picture grows with the content instead of squeezing it: one fixed-height row per objective.
    assert int(svg.get("height", "0")) > 300 * 30
    for plan in playbook.plans:
        plan_svg = next(
            ET.fromstring(m) for m in _INLINE_SVG.findall(pages[f"plans/{plan.id}/index.md"]) if "sb-roadmap" in m[:200]
        )
        assert len(links(plan_svg, "sb-rm-bar")) == len(plan.objectives)
