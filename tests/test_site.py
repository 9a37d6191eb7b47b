"""The published site: build the example and small playbooks with MkDocs, parse the HTML, check what pages show."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.model import Playbook
from generator.pipeline import load

REPO = Path(__file__).resolve().parent.parent
NASTY = "R&D | <Q3> #1 [draft] *x* {{ y }} {% z %}"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

SMALL: dict[str, str] = {
    "content/playbook.yaml": f"""\
        title: '{NASTY}'
        vision: |
          We **grow** carefully.
        purpose: Because it matters.
        horizon: {{start: 2026-01-01, end: 2027-12-31}}
        as_of: 2026-04-15
        owner: ceo
        pillars:
          - id: growth
            title: '{NASTY}'
            description: Grow *well*.
          - id: people
            title: People
        principles: ['- Outcomes <b>first</b>']
        review_cadence: quarterly
        """,
    "content/plans/p.yaml": f"""\
        id: plan-a
        title: '{NASTY}'
        pillar: growth
        owner: ceo
        period: {{start: 2026-01-01, end: 2026-12-31}}
        objectives:
          - id: obj-a
            title: '{NASTY}'
            description: Build the *thing*.
            owner: ceo
            contributors:
              - {{role: dev, raci: R, contribution: 'Builds | things <now>'}}
              - {{role: lead, raci: C}}
            skills: [coding]
            key_results:
              - {{id: kr-up, title: Up, baseline: 0, target: 100, current: 25, unit: '%'}}
              - {{id: kr-down, title: Down, baseline: 94, target: 60, current: 79, unit: days}}
              - {{id: kr-over, title: Over, baseline: 10, target: 0, current: -5}}
            milestones:
              - {{id: m1, title: First, due: 2026-03-01, status: done, owner: dev}}
              - {{id: m2, title: Second, due: 2026-05-01, status: in-progress, owner: dev, depends_on: [m1]}}
            resources:
              - {{kind: budget, name: Cash, amount: 1000.5, unit: EUR}}
              - {{kind: budget, name: More, amount: 2000, unit: EUR}}
              - {{kind: people, name: Devs, amount: 2, unit: FTE}}
            risks:
              - {{id: r1, title: 'Low <risk>', likelihood: 1, impact: 2, owner: dev}}
              - {{id: r2, title: High, likelihood: 5, impact: 4, mitigation: Pray, owner: lead}}
          - id: obj-b
            title: Second objective
            owner: lead
            contributors: [{{role: dev, raci: I}}, {{role: ceo, raci: C}}]
            key_results:
              - {{id: kr-b, title: B, baseline: 10, target: 0, current: 12}}
            risks:
              - {{id: r3, title: Middle, likelihood: 3, impact: 3, mitigation: Watch}}
        adjustments:
          - {{date: 2026-04-01, summary: 'Moved | it', reason: Late, affects: [obj-a, kr-up, m2]}}
        """,
    "content/roles/r.yaml": f"""\
        - id: ceo
          title: '{NASTY}'
          team: Leadership
          skills: [{{skill: coding, level: 3}}]
        - id: lead
          title: Lead
          team: Leadership
          reports_to: ceo
        - id: dev
          title: Developer
          team: 'Eng & Ops'
          reports_to: lead
          responsibilities: ['Write *code*']
        """,
    "content/skills/s.yaml": f"""\
        - id: coding
          title: '{NASTY}'
          category: technical
          levels: {{1: Novice, 3: 'Solid | <b>'}}
        - id: lonely
          title: Lonely
        """,
    "content/coaching/c.yaml": f"""\
        id: prog
        title: '{NASTY}'
        purpose: Help **people**.
        audience: [dev]
        coaches: [lead]
        supports: [obj-a]
        skills: [{{skill: coding, from: 1, to: 3}}]
        cadence: {{feedback: weekly, check_in: 'every <2> weeks'}}
        mentoring: [{{mentor: lead, mentee: dev, focus: 'Code | review'}}]
        sessions:
          - {{title: Third, week: 3, duration: 90, format: group, goals: [g3]}}
          - {{title: 'First <one>', week: 1, duration: 60, agenda: [a, b], questions: ['Why?'], exercises: [e]}}
          - {{title: Dated, date: 2026-02-01}}
        measures: [{{title: Engagement, target: '80 %'}}]
        """,
    "mkdocs.yml": """\
        site_name: Small
        theme: {name: material, font: false}
        plugins: [search, stratbook]
        validation: {links: {anchors: warn}}
        """,
    "docs/extra.md": "# Extra page\n\nA page of the site's own.\n",
}


def write_site(root: Path, overrides: dict[str, str | None] | None = None) -> Path:
    files: dict[str, str | None] = {**SMALL, **(overrides or {})}
    for name, text in files.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def with_hooks(root: Path, source: str) -> Path:
    """The site at ``root`` with MkDocs hooks (``hooks.py``, holding ``source``) added to its mkdocs.yml."""
    (root / "hooks.py").write_text(source, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks: [hooks.py]\n", encoding="utf-8")
    return root


def mkdocs_build(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(out), *extra],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def built(root: Path, out: Path, *extra: str) -> Path:
    done = mkdocs_build(root, out, "--strict", *extra)
    assert done.returncode == 0, done.stderr
    return out


class Site:
    """A built site: parsed pages by URL path (``objectives/obj-a/``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def soup(self, url: str) -> Any:
        path = self.root / url / "index.html" if url.endswith("/") or not url else self.root / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def article(self, url: str) -> Any:
        found = self.soup(url).select_one("article")
        assert found is not None
        return found


def text(node: object) -> str:
    return " ".join(node.get_text().split())  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, subprocess.CompletedProcess[str]]:
    """The example playbook built once with ``mkdocs build --strict`` from the repository root."""
    out = tmp_path_factory.mktemp("example") / "site"
    done = mkdocs_build(REPO, out, "--strict")
    return Site(out), done


@pytest.fixture(scope="session")
def example_playbook() -> Playbook:
    return load(REPO / "content").require()


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Playbook]:
    root = write_site(tmp_path_factory.mktemp("small"))
    out = built(root, root / "out")
    return Site(out), load(root / "content").require()


# --- the example ----------------------------------------------------------------------------------


def test_example_builds_strict_without_warnings(example: tuple[Site, subprocess.CompletedProcess[str]]) -> None:
    _, done = example
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert "ERROR" not in done.stderr


def test_example_has_every_page(
    example: tuple[Site, subprocess.CompletedProcess[str]], example_playbook: Playbook
) -> None:
    site, _ = example
    pb = example_playbook
    expected = ["", "plans/", "objectives/", "roadmap/", "roles/", "map/", "coaching/", "skills/", "risks/"]
    expected += [f"plans/{p.id}/" for p in pb.plans] + [f"objectives/{o.id}/" for o in pb.objectives]
    expected += [f"roles/{r.id}/" for r in pb.roles] + [f"coaching/{p.id}/" for p in pb.programs]
    missing = [url for url in expected if not (site.root / url / "index.html").is_file()]
    assert missing == []
    assert (site.root / "assets/stratbook.css").is_file()
    assert (site.root / "assets/pictures.css").is_file()


def test_example_navigation_lists_sections_only(example: tuple[Site, subprocess.CompletedProcess[str]]) -> None:
    site, _ = example
    tabs = [text(a) for a in site.soup("roles/").select(".md-tabs__link")]
    assert tabs == [
        "Strategy", "Plans", "Objectives", "Roadmap", "Roles", "Map", "Coaching", "Skills", "Risks", "Alignment",
        "Reference", "About this site",
    ]
    # An entity page carries the same bounded navigation.
    some_role = sorted((site.root / "roles").iterdir())[0].name
    primary = site.soup(f"roles/{some_role}/").select(".md-nav--primary a.md-nav__link")
    assert not any("/roles/" in str(a.get("href")) and some_role in str(a.get("href")) for a in primary)


def test_example_home_reaches_every_role_in_two_clicks(
    example: tuple[Site, subprocess.CompletedProcess[str]], example_playbook: Playbook
) -> None:
    site, _ = example
    home = site.article("")
    assert [a["href"] for a in home.select(".sb-explore a") if text(a) == "Roles"] == ["roles/"]
    index = site.article("roles/")
    linked = {a["href"] for a in index.select("table a")}
    assert {f"{r.id}/" for r in example_playbook.roles} <= linked


def test_example_no_external_requests(example: tuple[Site, subprocess.CompletedProcess[str]]) -> None:
    site, _ = example
    head = site.soup("").head
    assert head is not None
    external = [
        tag.get("href") or tag.get("src")
        for tag in head.find_all(["link", "script"])
        if urlsplit(str(tag.get("href") or tag.get("src") or "")).netloc
    ]
    assert external == []


def test_example_role_pages_list_exactly_their_objectives(
    example: tuple[Site, subprocess.CompletedProcess[str]], example_playbook: Playbook
) -> None:
    site, _ = example
    for role in example_playbook.roles:
        expected = {}
        for objective in example_playbook.objectives:
            letter = objective.raci_of(role)
            if letter is not None:
                expected[objective.id] = letter.value
        rows = site.article(f"roles/{role.id}/").select("table.sb-role-objectives tbody tr")
        shown = {row.a["href"].split("/")[-2]: text(row.select_one(".sb-raci")) for row in rows}
        assert shown == expected, role.id


def test_example_links_and_anchors_resolve(example: tuple[Site, subprocess.CompletedProcess[str]]) -> None:
    site, _ = example
    assert broken_links(site.root) == []


# --- small playbooks ------------------------------------------------------------------------------


def test_small_site_links_and_anchors_resolve(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    assert broken_links(site.root) == []


@pytest.mark.parametrize(
    ("url", "selector"),
    [
        ("", "article h1"),
        ("", "#pillar-growth"),
        ("plans/plan-a/", "article h1"),
        ("objectives/obj-a/", "article h1"),
        ("roles/ceo/", "article h1"),
        ("coaching/prog/", "article h1"),
        ("skills/", "#skill-coding"),
        ("objectives/obj-a/", ".sb-facts a[href='../../plans/plan-a/']"),
        ("objectives/obj-a/", ".sb-facts a[href='../../roles/ceo/']"),
        ("objectives/obj-a/", ".sb-skills a[href='../../skills/#skill-coding']"),
        ("map/", "thead a[href='../objectives/obj-a/']"),
        ("map/", "tbody th a[href='../roles/ceo/']"),
        ("roles/", "table a[href='ceo/']"),
        ("coaching/", "table a[href='prog/']"),
        ("plans/", "table a[href='plan-a/']"),
        ("roles/dev/", ".sb-role-programs a[href='../../coaching/prog/']"),
    ],
)
def test_plain_text_shows_literally(small: tuple[Site, Playbook], url: str, selector: str) -> None:
    site, _ = small
    node = site.soup(url).select_one(selector)
    assert node is not None, selector
    shown = node.get_text()
    assert shown.replace("¶", "") == NASTY


def test_navigation_links_read_the_same_on_every_page(small: tuple[Site, Playbook]) -> None:
    """A page's link in the navigation reads as its title on every page, the pages built after it included."""
    site, _ = small
    texts: dict[str, set[str]] = {}
    for path in sorted(site.root.rglob("index.html")):
        url = path.parent.relative_to(site.root).as_posix() + "/"
        for link in site.soup(url if url != "./" else "").select(".md-nav--primary a.md-nav__link[href]"):
            target = urljoin(f"https://site/{url}", link["href"]).removeprefix("https://site")
            texts.setdefault(target, set()).add(text(link))
    assert texts["/reference/"] == {"Reference"}
    assert {target: found for target, found in texts.items() if len(found) != 1 or "None" in found} == {}


def test_plain_text_literal_in_title_and_toc(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    soup = site.soup("objectives/obj-a/")
    assert soup.title is not None
    assert soup.title.get_text() == f"{NASTY} - Small"
    toc = site.soup("").select_one(".md-nav--secondary a[href='#pillar-growth']")
    assert toc is not None
    assert text(toc) == NASTY
    cell = site.soup("objectives/obj-a/").select_one("table.sb-people tbody tr:nth-of-type(2) td:nth-of-type(3)")
    assert cell is not None
    assert cell.get_text() == "Builds | things <now>"


def test_markdown_fields_render_as_markdown(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    assert text(site.article("").select_one(".sb-md strong")) == "grow"
    assert text(site.article("objectives/obj-a/").select_one(".sb-md em")) == "thing"
    assert text(site.article("coaching/prog/").select_one(".sb-md strong")) == "people"
    # A plain-text list item that looks like Markdown stays text.
    assert text(site.article("").select_one(".sb-principles li")) == "- Outcomes <b>first</b>"
    assert text(site.article("roles/dev/").select_one("#responsibilities + ul li")) == "Write *code*"


def test_key_result_progress_including_reductions(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    page = site.article("objectives/obj-a/")
    rows = page.select("table.sb-key-results tr[id]")
    progress = {row["id"]: text(row.select_one(".sb-progress-track + span")) for row in rows}
    # 25/100; (79-94)/(60-94) = 44 %; (-5-10)/(0-10) = 150 %: written out, the bar is full and marked beyond.
    assert progress == {
        "kr-kr-up": "25 % · 25 % (0 → 100)",
        "kr-kr-down": "44 % · 79 days (94 → 60)",
        "kr-kr-over": "150 % · -5 (10 → 0)",
    }
    widths = [bar["style"] for bar in page.select("table.sb-key-results .sb-progress-track > span")]
    assert widths == ["width:25%", "width:44.1%", "width:100%"]
    over = page.select_one("#kr-kr-over .sb-progress")["class"]
    assert over == ["sb-progress", "sb-progress-reduction", "sb-progress-beyond"]
    assert "sb-progress-reduction" in page.select_one("#kr-kr-down .sb-progress")["class"]
    # A reduction that moved the wrong way (10 -> 12, target 0) is behind: -20 %, an empty bar.
    reduction = site.article("objectives/obj-b/").select_one("#kr-kr-b .sb-progress")
    assert text(reduction.select_one(".sb-progress-track + span")) == "-20 % · 12 (10 → 0)"
    assert "sb-progress-behind" in reduction["class"]
    assert reduction.select_one(".sb-progress-track > span")["style"] == "width:0%"


def test_objective_page_shows_both_sides(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    page = site.article("objectives/obj-a/")
    rows = page.select("table.sb-people tbody tr")
    people = [(text(row.select_one("td a")), text(row.select_one(".sb-raci"))) for row in rows]
    assert people == [(NASTY, "A"), ("Developer", "R"), ("Lead", "C")]
    milestones = [(row["id"], text(row.select("td")[-1])) for row in page.select("table.sb-milestones tbody tr")]
    assert milestones == [("milestone-m1", ""), ("milestone-m2", "First")]
    badge = page.select_one("#milestone-m2 .sb-badge")
    assert (text(badge), badge["class"]) == ("In progress", ["sb-badge", "sb-status-in-progress"])
    risks = [row["id"] for row in page.select("table.sb-risks tbody tr")]
    assert risks == ["risk-r2", "risk-r1"]
    totals = [[text(td) for td in row.select("td")] for row in page.select("table.sb-totals tbody tr")]
    assert totals == [["Budget", "EUR", "3,000.5 EUR", "2"], ["People", "FTE", "2 FTE", "1"]]
    skill_row = page.select_one("table.sb-skills tbody tr")
    assert skill_row is not None
    # The level each mover needs: the owner's role lists level 3, the developer (R) none, so 1.
    assert [text(td) for td in skill_row.select("td")][1:] == [f"{NASTY} (3), Developer (1)", f"{NASTY} (1 → 3)"]


def test_plan_page(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    page = site.article("plans/plan-a/")
    objectives = [text(a) for a in page.select("table.sb-objectives tbody tr td:first-child a")]
    assert objectives == [NASTY, "Second objective"]
    assert [row.select_one("strong").get_text() for row in page.select("table.sb-risks tbody tr")] == ["20", "9", "2"]
    adjustment = [text(td) for td in page.select("table.sb-adjustments tbody td")]
    assert adjustment == ["2026-04-01", "Moved | it", "Late", f"{NASTY}, Up, Second"]
    hrefs = [a["href"] for a in page.select("table.sb-adjustments a")]
    assert hrefs == [
        "../../objectives/obj-a/",
        "../../objectives/obj-a/#kr-kr-up",
        "../../objectives/obj-a/#milestone-m2",
    ]


def test_role_page(small: tuple[Site, Playbook]) -> None:
    site, pb = small
    page = site.article("roles/dev/")
    rows = [[text(td) for td in row.select("td")[:3]] for row in page.select("table.sb-role-objectives tbody tr")]
    assert rows == [[NASTY, "R", "Builds | things <now>"], ["Second objective", "I", ""]]
    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select(".sb-facts dt")}
    assert facts["Reports to"] == f"{NASTY} › Lead"
    assert facts["Team"] == "Eng & Ops"
    programs = [[text(td) for td in row.select("td")] for row in page.select("table.sb-role-programs tbody tr")]
    assert programs == [[NASTY, "Coachee", f"{NASTY} (1 → 3)"], [NASTY, "MenteeCode | review", f"{NASTY} (1 → 3)"]]
    lead = site.article("roles/lead/")
    assert [text(a) for a in lead.select(".sb-facts dd")[2].select("a")] == ["Developer"]
    # Every role page lists exactly the objectives that name the role.
    for role in pb.roles:
        shown = {
            row.a["href"].split("/")[-2]: text(row.select_one(".sb-raci"))
            for row in site.article(f"roles/{role.id}/").select("table.sb-role-objectives tbody tr")
        }
        assert shown == {o.id: letter.value for o in pb.objectives if (letter := o.raci_of(role)) is not None}


def test_roles_index_grouped_by_team(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    page = site.article("roles/")
    groups = [
        (text(h), [text(a) for a in h.find_next_sibling("table").select("tbody td:first-child a")])
        for h in page.select("h2")
    ]
    assert groups == [("Leadership", [NASTY, "Lead"]), ("Eng & Ops", ["Developer"])]


def test_map_matrix(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    table = site.article("map/").select_one("table.sb-matrix")
    assert table is not None
    rows = {text(row.th): [text(td) for td in row.select("td")] for row in table.select("tbody tr")}
    assert rows == {NASTY: ["A", "C"], "Lead": ["C", "A"], "Developer": ["R", "I"]}


def test_coaching_guide_lists_sessions_in_order(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    page = site.article("coaching/prog/")
    sessions = [text(h).replace("¶", "").strip() for h in page.select("h3[id^='session-']")]
    assert sessions == ["Week 1: First <one>", "Week 3: Third", "2026-02-01: Dated"]
    first = page.select_one("#session-1").find_next_sibling("div")
    assert [text(li) for li in first.select(".sb-session__agenda li")] == ["a", "b"]
    assert [text(li) for li in first.select(".sb-session__questions li")] == ["Why?"]
    assert text(first.select_one(".sb-session__facts")) == "1 h"
    cadence = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select(".sb-cadence dt")}
    assert cadence == {"Feedback": "weekly", "Check-ins": "every <2> weeks"}
    assert [text(td) for td in page.select("table.sb-mentoring td")] == ["Lead", "Developer", "Code | review"]
    assert [text(td) for td in page.select("table.sb-measures td")] == ["Engagement", "80 %"]


def test_skills_catalog(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    page = site.article("skills/")
    block = page.select_one("#skill-coding").find_next_sibling("div", class_="sb-skill")
    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in block.select("dt")}
    assert facts == {
        "Roles that need it": f"{NASTY} (level 3)",
        "Objectives that depend on it": NASTY,
        "Programs that develop it": f"{NASTY} (1 → 3)",
    }
    assert [[text(td) for td in row.select("td")] for row in block.select("table tbody tr")] == [
        ["1", "Novice"],
        ["3", "Solid | <b>"],
    ]


def test_risk_register_sorted_by_score(small: tuple[Site, Playbook]) -> None:
    site, _ = small
    rows = site.article("risks/").select("table.sb-register tbody tr")
    assert [row["id"] for row in rows] == ["risk-r2", "risk-r3", "risk-r1"]
    assert [text(td) for td in rows[0].select("td")] == ["20 (5 × 4)", "High", NASTY, NASTY, "Lead", "Pray", "Open"]


def test_home_page_figures(small: tuple[Site, Playbook]) -> None:
    site, pb = small
    page = site.article("")
    items = page.select(".sb-figure__detail li")
    counts = {text(li.select_one(".sb-badge")): text(li.select_one(".sb-count")) for li in items}
    labels = {"not-started": "Not started", "on-track": "On track", "at-risk": "At risk", "off-track": "Off track"}
    expected = dict.fromkeys([*labels.values(), "Done"], "0")
    for objective in pb.objectives:
        status = labels.get(objective.effective_status.value, "Done")
        expected[status] = str(int(expected[status]) + 1)
    assert counts == expected
    values = [text(p) for p in page.select(".sb-figure__value")]
    # KR progress: 25 %, 44 %, 100 % (clamped), 0 % -> 42 %; one needed skill, not developed for the
    # role that lists it (`lead` needs level 2 and is not in `prog`'s audience); alignment score.
    assert values == ["2", "42 %", "0 / 1", "82/100"]


# --- builds and errors ----------------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = built(write_site(tmp_path / "a"), tmp_path / "a" / "out")
    second = built(write_site(tmp_path / "b"), tmp_path / "b" / "out")
    files_a = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_a == files_b
    different = [str(p) for p in files_a if (first / p).read_bytes() != (second / p).read_bytes()]
    assert different == []


def test_content_error_stops_build_with_located_message(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/skills/s.yaml": "id: coding\ntitle: Coding\ncategory: magic\n"})
    done = mkdocs_build(root, tmp_path / "out")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(r"content/skills/s\.yaml:3:11: error: ", done.stderr), done.stderr
    assert "stratbook: the playbook in content has" in done.stderr


def test_content_warning_fails_strict_build_only(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    playbook = root / "content/playbook.yaml"
    playbook.write_text(playbook.read_text().replace("as_of: 2026-04-15", "as_of: 2026-06-15"), encoding="utf-8")
    relaxed = mkdocs_build(root, tmp_path / "out")
    assert relaxed.returncode == 0
    warning = "content/plans/p.yaml:21:38: warning: milestone `m2` was due 2026-05-01"
    assert f"WARNING -  {warning}" in relaxed.stderr
    strict = mkdocs_build(root, tmp_path / "out", "--strict")
    assert strict.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in strict.stdout + strict.stderr
    (root / "mkdocs.yml").write_text(
        "site_name: Small\ntheme: {name: material, font: false}\nplugins: [{stratbook: {strict: true}}]\n",
        encoding="utf-8",
    )
    option = mkdocs_build(root, tmp_path / "out")
    assert option.returncode == 1
    assert warning in option.stderr
    assert "Traceback" not in option.stderr


def test_site_page_in_the_way_is_reported(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"docs/index.md": "# Mine\n"})
    done = mkdocs_build(root, tmp_path / "out")
    assert done.returncode == 1
    assert "docs/index.md: error: Stratbook publishes a page of the playbook at this path" in done.stderr
    assert "Traceback" not in done.stderr


def test_prefix_templates_and_plain_urls(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "docs/index.md": "# Our docs\n\nSee [the playbook](playbook/index.md).\n",
            "mkdocs.yml": """\
                site_name: Existing
                use_directory_urls: false
                theme: {name: material, font: false}
                plugins:
                  - stratbook:
                      prefix: playbook
                      templates: overrides
                      as_of: 2026-02-01
                nav:
                  - Home: index.md
                  - Playbook: playbook/index.md
                  - Roles: playbook/roles/index.md
                """,
            "overrides/partials/objective/alignment.md.j2": "<p class=\"custom\">{{ objective.title }}</p>\n",
        },
    )
    out = built(root, tmp_path / "out")
    assert broken_links(out) == []
    page: Any = BeautifulSoup((out / "playbook/objectives/obj-a.html").read_text(encoding="utf-8"), "lxml")
    assert text(page.select_one("p.custom")) == NASTY
    assert page.select_one(".sb-facts a")["href"] == "../plans/plan-a.html"
    assert (out / "assets/stratbook.css").is_file()
    assert not (root / "docs/playbook").exists()
    # as_of from the plugin options: m2 (due 2026-05-01) is not late on 2026-02-01.
    assert page.select_one("#milestone-m2 .sb-status-late") is None


def test_serve_keeps_last_good_pages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    root = write_site(tmp_path)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["stratbook"]
    plugin.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    good: Any = plugin.on_files(Files([]), config=config)
    assert good.get_file_from_path("objectives/obj-a/index.md") is not None
    (root / "content/skills/s.yaml").write_text("id: coding\ntitle: Coding\ncategory: magic\n", encoding="utf-8")
    with caplog.at_level("ERROR", logger="mkdocs.plugins.stratbook"):
        kept: Any = plugin.on_files(Files([]), config=config)
    assert kept.get_file_from_path("objectives/obj-a/index.md") is not None
    messages = [record.getMessage() for record in caplog.records]
    assert any(":3:11: error: " in message and "last good version" in message for message in messages)
    assert str(root / "content") in config.watch[-1] or str(root / "content") in config.watch


def test_export_markdown_writes_only_changed_pages(tmp_path: Path) -> None:
    from generator.cli import main

    root = write_site(tmp_path)
    out = tmp_path / "exported"
    first = run_export(main, root, out)
    assert {"index.md", "objectives/obj-a/index.md", "assets/stratbook.css", "assets/pictures.css"} <= set(first)
    assert run_export(main, root, out) == []
    roles = root / "content/roles/r.yaml"
    roles.write_text(roles.read_text().replace("title: Developer", "title: Engineer"), encoding="utf-8")
    changed = run_export(main, root, out)
    assert "roles/dev/index.md" in changed
    assert "index.md" not in changed
    # A site that reads the exported pages gets the same pages as the plugin.
    shutil.copytree(out, tmp_path / "plain" / "docs")
    (tmp_path / "plain/mkdocs.yml").write_text(
        "site_name: Plain\ntheme: {name: material, font: false}\nmarkdown_extensions: [attr_list, md_in_html]\n"
        "extra_css: [assets/stratbook.css, assets/pictures.css]\nnot_in_nav: |\n  /*/*.md\n",
        encoding="utf-8",
    )
    plain = built(tmp_path / "plain", tmp_path / "plain/out")
    assert broken_links(plain) == []
    heading = BeautifulSoup((plain / "roles/dev/index.html").read_text(), "lxml").select_one("article h1")
    assert text(heading) == "Engineer"


def run_export(main: object, root: Path, out: Path) -> list[str]:
    import io

    stream = io.StringIO()
    status = main(["export", "markdown", str(out), "--content", str(root / "content")], out=stream)  # type: ignore[operator]
    assert status == 0
    return sorted(Path(line).relative_to(out).as_posix() for line in stream.getvalue().splitlines())


# --- link checking --------------------------------------------------------------------------------


def broken_links(site: Path) -> list[str]:
    """Every internal href and fragment of every page that does not resolve, as `page -> href`."""
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            named = soup.find_all("a", attrs={"name": True})
            ids[path] = {str(t["id"]) for t in soup.find_all(id=True)} | {str(t["name"]) for t in named}
        return ids[path]

    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        base = "/" + page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag in soup.find_all(["a", "link"], href=True):
            href = str(tag["href"])
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            resolved = urlsplit(urljoin(base, href))
            target = site / resolved.path.lstrip("/")
            if resolved.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{base} -> {href}")
                continue
            fragment = resolved.fragment
            if fragment and not fragment.startswith("__") and fragment not in ids_of(target):
                problems.append(f"{base} -> {href}")
    return problems


def test_export_markdown_removes_pages_of_removed_entities_only(tmp_path: Path) -> None:
    from generator.cli import main

    root = write_site(tmp_path)
    out = tmp_path / "exported"
    extra = root / "content/roles/extra.yaml"
    extra.write_text("id: temp\ntitle: Temporary\n", encoding="utf-8")
    assert "roles/temp/index.md" in run_export(main, root, out)
    (out / "notes.md").write_text("kept: not written by the export\n", encoding="utf-8")
    extra.unlink()
    run_export(main, root, out)
    assert not (out / "roles/temp/index.md").exists()
    assert (out / "roles/dev/index.md").is_file()
    assert (out / "notes.md").read_text(encoding="utf-8") == "kept: not written by the export\n"
    manifest = json.loads((out / ".stratbook" / "manifest.json").read_text(encoding="utf-8"))
    assert "roles/temp/index.md" not in manifest["files"]
