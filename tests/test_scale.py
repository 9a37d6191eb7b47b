"""Large playbooks: split section pages, shapes drawn once per page, and dirty previews."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from test_site import write_site

from generator.model import Playbook
from generator.pipeline import load
from generator.rendering import pages as site_pages
from generator.rendering.environment import render_site
from generator.rendering.options import page_file, page_url
from generator.rendering.pages import split_parts

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def example() -> Playbook:
    return load(EXAMPLE).require()


def test_a_playbook_that_fits_on_a_page_is_not_split(example: Playbook) -> None:
    assert split_parts(example) == []
    assert split_parts(example, size=len(example.objectives)) == []


def test_parts_cover_every_objective_once_in_pillar_order_and_stay_small(example: Playbook) -> None:
    parts = split_parts(example, size=2)
    assert [o.id for part in parts for o in part.objectives] == [
        o.id for pillar in example.pillars for plan in pillar.plans for o in plan.objectives
    ]
    assert all(1 <= len(part.objectives) <= 2 for part in parts)
    for pillar in example.pillars:
        mine = [part for part in parts if part.pillar.id == pillar.id]
        assert [(part.number, part.count) for part in mine] == [(i + 1, len(mine)) for i in range(len(mine))]
        assert all(o.plan.pillar.id == pillar.id for part in mine for o in part.objectives)
    first = parts[0]
    assert first.path("roadmap") == f"roadmap/{first.pillar.id}.md"
    second = next(part for part in parts if part.number == 2)
    assert second.path("roadmap") == f"roadmap/{second.pillar.id}/2.md"


def _links(markdown: str) -> list[str]:
    return re.findall(r'href="([^"#]+)', markdown)


def _target(page: str, href: str) -> str:
    """The page path a relative link from ``page`` (directory URLs) points to."""
    here = page_url(page, True)
    base = here[: here.rfind("/") + 1] if "/" in here else ""
    found = posixpath.normpath(posixpath.join(base, href)).strip("/")
    return "" if found == "." else found


def test_above_the_part_size_the_roadmap_and_objectives_index_are_split(
    example: Playbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_pages, "PART_SIZE", 2)
    pages = render_site(example)
    parts = split_parts(example, size=2)
    urls = {page_url(path, True).strip("/") for path in pages}
    sections = (("roadmap", "roadmap/index.md"), ("objectives/pillars", "objectives/index.md"),
                ("map", "map/index.md"), ("risks", "risks/index.md"))
    for section, overview in sections:
        listed = {_target(overview, href) for href in _links(pages[overview])}
        expected = {page_url(part.path(section), True).strip("/") for part in parts}
        assert expected <= listed
        assert expected <= urls
        # No page of the section draws or lists the whole playbook.
        assert "sb-roadmap" not in pages[overview]
        assert 'class="sb-register' not in pages[overview]
        assert 'class="sb-matrix"' not in pages[overview]
        for part in parts:
            page = pages[page_file(part.path(section), True)]
            targets = [_target(part.path(section), href) for href in _links(page)]
            ids = {t.split("/")[1] for t in targets if t.startswith("objectives/") and t.count("/") == 1}
            mine = {o.id for o in part.objectives}
            if section == "map":
                # A plan's matrix is whole, even when the plan's objectives are shown on two parts.
                assert mine <= ids <= {o.id for plan, _ in part.plans for o in plan.objectives}
            elif section == "risks":
                assert ids == {o.id for o in part.objectives if o.risks}
                cells = re.findall(r'href="#(risk-cell-[0-9]-[0-9])"', page)
                assert bool(cells) == any(o.risks for o in part.objectives)
                ids_here = {str(el["id"]) for el in BeautifulSoup(page, "lxml").select("[id]")}
                assert set(cells) <= ids_here
            else:
                assert ids == mine
            for href in _links(page):
                assert _target(part.path(section), href) in urls | {""}, href
    shown = [
        o for part in parts for o in re.findall(r'class="sb-rm-bar [^"]*" data-objective="([^"]+)"',
                                               pages[page_file(part.path("roadmap"), True)])
    ]
    assert sorted(shown) == sorted(o.id for o in example.objectives)


def test_every_shape_a_page_places_is_drawn_once_on_that_page(example: Playbook) -> None:
    for path, markdown in render_site(example).items():
        used = set(re.findall(r'(?:href="#|url\(#)(sb-[im]-[a-z-]+)', markdown))
        defined = re.findall(r'<(?:symbol|marker) id="(sb-[im]-[a-z-]+)"', markdown)
        assert sorted(defined) == sorted(used), path
        if used:
            assert markdown.count('class="sb-sprite"') == 1, path


def test_a_dirty_preview_converts_only_the_pages_an_edit_changed(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = write_site(tmp_path / "site")
    config: Any = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    out = tmp_path / "out"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    # Pictures stay out of the search index: their tables hold the same words.
    docs = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any("Up" in doc["text"] for doc in docs)
    assert not any("; progress " in doc["text"] for doc in docs)
    plans = next((root / "content/plans").glob("*.yaml"))
    plans.write_text(plans.read_text(encoding="utf-8").replace("current: 25,", "current: 31,"), encoding="utf-8")
    build(config, dirty=True)
    changed = {p.relative_to(out).as_posix() for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    assert "objectives/obj-a/index.html" in changed
    # Pages that do not show the key result are not converted again.
    assert {"reference/index.html", "reference/plan/index.html", "extra/index.html"}.isdisjoint(changed)
    assert len(changed) < len(before) / 2
    page = BeautifulSoup((out / "objectives/obj-a/index.html").read_text(encoding="utf-8"), "lxml")
    row = page.select_one("#kr-kr-up")
    assert row is not None
    assert "31" in row.get_text()


def test_a_sparse_skill_gap_matrix_is_listed_need_by_need(example: Playbook, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.analysis.alignment import analyse
    from generator.rendering import environment

    matrix = analyse(example).matrix
    grid = BeautifulSoup(render_site(example)["alignment/index.md"], "lxml")
    assert grid.select_one("table.sb-skill-matrix") is not None
    assert grid.select_one("table.sb-skill-needs") is None
    monkeypatch.setattr(environment, "MATRIX_CELLS", 0)
    listed = BeautifulSoup(render_site(example)["alignment/index.md"], "lxml")
    assert listed.select_one("table.sb-skill-matrix") is None
    rows = listed.select("table.sb-skill-needs tbody tr")
    assert len(rows) == len(matrix.needs) > 0
    needs = matrix.needed_cells
    assert [row.select("td")[2].get_text(" ", strip=True).split()[-1] for row in rows] == [c.status for c in needs]
    # The same cells as the grid, without its empty ones.
    assert all(matrix.cell(c.skill_id, c.role_id) == c for c in needs)
    assert {(c.skill_id, c.role_id) for row in matrix.rows for c in row if c.status != "not-needed"} == set(
        matrix.needs
    )


def test_a_figure_with_many_gaps_lists_them_on_pages_of_their_own(
    example: Playbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.analysis.alignment import analyse

    alignment = analyse(example)
    many = [f for f in alignment.figures if len(f.gaps) > 1]
    assert many, "the example keeps a few deliberate gaps"
    monkeypatch.setattr(site_pages, "GAPS_PER_PAGE", 1)
    pages = render_site(example)
    markdown = pages["alignment/index.md"]
    overview = BeautifulSoup(markdown, "lxml")
    for figure in alignment.figures:
        if len(figure.gaps) <= 1:
            continue
        section = markdown.split(f"{{ #gaps-{figure.key} }}", 1)[1].split("\n#", 1)[0]
        assert "sb-gap" not in section
        links = [_target("alignment.md", href) for href in _links(section)]
        paths = [f"alignment/{figure.key}.md", *(f"alignment/{figure.key}/{n}.md" for n in
                                                  range(2, len(figure.gaps) + 1))]
        assert links == [page_url(path, True).strip("/") for path in paths]
        listed = []
        for path in paths:
            page = BeautifulSoup(pages[page_file(path, True)], "lxml")
            listed += [li.get_text(" ", strip=True) for li in page.select("li.sb-gap")]
        assert len(listed) == len(figure.gaps)
        assert all(gap.id in text or gap.title in text for gap, text in zip(figure.gaps, listed, strict=True))
    assert len(overview.select("li.sb-gap")) == sum(len(f.gaps) for f in alignment.figures if len(f.gaps) <= 1)


def test_a_build_lets_each_page_of_the_playbook_go_once_written(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    root = write_site(tmp_path / "site")
    config: Any = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    plugin = config.plugins["stratbook"]
    plugin.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files: Any = plugin.on_files(Files([]), config=config)
    ours: Any = Page("Objective", files.get_file_from_path("objectives/obj-a/index.md"), config)
    ours.markdown, ours.content = "# A", "<h1>A</h1>"
    assert plugin.on_post_page("<html>A</html>", page=ours, config=config) == "<html>A</html>"
    assert (ours.markdown, ours.content) == (None, None)
    # A page of the site's own is the site's business.
    theirs = Page("Extra", File("extra.md", str(root / "docs"), str(tmp_path / "out"), True), config)
    theirs.markdown, theirs.content = "# E", "<h1>E</h1>"
    plugin.on_post_page("<html>E</html>", page=theirs, config=config)
    assert (theirs.markdown, theirs.content) == ("# E", "<h1>E</h1>")
    # While serving, the pages stay: the next rebuild compares with them.
    plugin.on_startup(command="serve", dirty=True)
    ours.markdown, ours.content = "# A", "<h1>A</h1>"
    plugin.on_post_page("<html>A</html>", page=ours, config=config)
    assert (ours.markdown, ours.content) == ("# A", "<h1>A</h1>")


@pytest.mark.parametrize("broken", [False, True], ids=["a build", "a build that fails"])
def test_a_build_keeps_the_playbook_from_the_collector_until_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool
) -> None:
    import gc

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = write_site(tmp_path / "site")
    if broken:
        plans = next((root / "content/plans").glob("*.yaml"))
        plans.write_text(plans.read_text(encoding="utf-8").replace("owner: lead", "owner: nobody"), encoding="utf-8")
    frozen_at_end: list[int] = []
    unfreeze = gc.unfreeze

    def counted_unfreeze() -> None:
        frozen_at_end.append(gc.get_freeze_count())
        unfreeze()

    monkeypatch.setattr(gc, "unfreeze", counted_unfreeze)
    config: Any = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="build", dirty=False)
    if broken:
        with pytest.raises(Abort):
            build(config)
    else:
        build(config)
    assert len(frozen_at_end) == 1
    assert frozen_at_end[0] > 1000  # what was alive once the playbook was read
    assert gc.get_freeze_count() == 0
