"""The skills catalog: every full entry on one page, or above a size one compact row per skill and a page each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from test_site import ENV, NASTY, Site, broken_links, text, write_site

from generator.model import Playbook
from generator.pipeline import load
from generator.rendering import pages as site_pages
from generator.rendering.environment import render_site
from generator.rendering.pages import compact_skills

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
HEAD = [
    "Skill", "Roles that need it", "Highest level needed", "Objectives that depend on it", "Programs that develop it"
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Playbook:
    return load(write_site(tmp_path_factory.mktemp("small")) / "content").require()


def html(markdown: str) -> Any:
    return BeautifulSoup(markdown, "html.parser")


def skill_pages(pages: dict[str, str]) -> list[str]:
    return sorted(path for path in pages if path.startswith("skills/") and path != "skills/index.md")


def test_the_example_catalog_fits_on_one_page() -> None:
    example = load(EXAMPLE).require()
    assert not compact_skills(example)
    assert compact_skills(example, size=len(example.skills) - 1)
    assert compact_skills(example, links=10)


def test_at_the_size_every_full_entry_is_on_the_catalog(small: Playbook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_pages, "SKILLS_PER_PAGE", len(small.skills))
    pages = render_site(small)
    assert skill_pages(pages) == []
    page = html(pages["skills/index.md"])
    assert page.select("table.sb-skill-catalog") == []
    assert len(page.select("div.sb-skill")) == 2
    assert "### Lonely { #skill-lonely }" in pages["skills/index.md"]


def test_above_the_size_the_catalog_lists_a_row_per_skill(small: Playbook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_pages, "SKILLS_PER_PAGE", 1)
    markdown = render_site(small)["skills/index.md"]
    page = html(markdown)
    assert page.select("div.sb-skill") == []
    assert "## Technical { #category-technical }" in markdown
    assert "## Other skills { #category-other }" in markdown
    tables = page.select("table.sb-skill-catalog")
    assert len(tables) == 2
    assert all([text(th) for th in table.select("thead th")] == HEAD for table in tables)
    rows = [row for table in tables for row in table.select("tbody tr")]
    assert [row["id"] for row in rows] == ["skill-coding", "skill-lonely"]
    assert [[text(td) for td in row.select("td")] for row in rows] == [
        [NASTY, "1", "3", "1", f"{NASTY} (1 → 3)"],
        ["Lonely", "0", "none", "0", "none"],
    ]
    assert [[a["href"] for a in row.select("a")] for row in rows] == [
        ["coding/", "../coaching/prog/"],
        ["lonely/"],
    ]


def test_a_skill_without_programs_that_the_strategy_needs_shows_the_gap(
    small: Playbook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(site_pages, "SKILLS_PER_PAGE", 1)
    root = write_site(tmp_path, {"content/coaching/c.yaml": None})
    page = html(render_site(load(root / "content").require())["skills/index.md"])
    cell = page.select_one("tr#skill-coding td:last-child")
    assert [text(badge) for badge in cell.select(".sb-badge")] == ["None: a skill gap"]


def test_above_the_size_each_skill_has_its_full_entry_on_a_page(
    small: Playbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = render_site(small)
    monkeypatch.setattr(site_pages, "SKILLS_PER_PAGE", 1)
    pages = render_site(small)
    assert skill_pages(pages) == ["skills/coding/index.md", "skills/lonely/index.md"]
    entries = html(full["skills/index.md"]).select("div.sb-skill")
    expected = [("coding", NASTY, "Technical, in the skills catalog."), ("lonely", "Lonely", "In the skills catalog.")]
    for (skill_id, title, place), entry in zip(expected, entries, strict=True):
        page = html(pages[f"skills/{skill_id}/index.md"])
        assert text(page.select_one("h1")) == title
        back = page.select_one("h1").find_next_sibling("p")
        assert text(back) == place
        assert [a["href"] for a in back.select("a")] == [f"../#skill-{skill_id}"]
        # The same entry as the one-page catalog shows, its links written from the skill's own page.
        assert str(page.select_one("div.sb-skill")).replace('"../../', '"../') == str(entry)


def test_many_links_in_the_entries_also_make_the_catalog_compact(
    small: Playbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_pages, "SKILL_LINKS_PER_PAGE", 2)
    pages = render_site(small)
    assert skill_pages(pages) == ["skills/coding/index.md", "skills/lonely/index.md"]
    assert len(html(pages["skills/index.md"]).select("table.sb-skill-catalog tbody tr")) == 2


def test_a_compact_catalog_builds_strict_and_every_link_resolves(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    out = tmp_path / "out"
    # The build runs in its own process; the catalog's size is lowered there.
    script = (
        "import sys; from generator.rendering import pages; pages.SKILLS_PER_PAGE = 1; "
        "from mkdocs.__main__ import cli; sys.exit(cli(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=root, env=ENV, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert broken_links(out) == []
    site = Site(out)
    rows = site.article("skills/").select("table.sb-skill-catalog tbody tr")
    assert [row["id"] for row in rows] == ["skill-coding", "skill-lonely"]
    page = site.article("skills/coding/")
    assert text(page.select_one("h1")) == NASTY
    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select("div.sb-skill dt")}
    assert facts == {
        "Roles that need it": f"{NASTY} (level 3)",
        "Objectives that depend on it": NASTY,
        "Programs that develop it": f"{NASTY} (1 → 3)",
    }
    # Links from other pages still land on the skill's row of the catalog.
    objective = site.article("objectives/obj-a/")
    assert [a["href"] for a in objective.select(".sb-skills a[href*='skills/']")] == ["../../skills/#skill-coding"]
