"""The example site as a reader meets it: in Chromium, served from loopback and opened from ``file://``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from browser.conftest import REPO, Reader, leaves_loopback
from generator.model import Objective, Playbook
from generator.pipeline import load

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load(REPO / "content").require()


def heading(page: Any) -> str:
    return " ".join(page.locator("article h1").first.inner_text().replace("¶", "").split())


def path_of(page: Any, base: str) -> str:
    """The page's address relative to the site root, without query (search adds ``?h=``) or fragment."""
    url = urlsplit(str(page.url))._replace(query="", fragment="").geturl()
    assert url.startswith(base), url
    return url[len(base) :]


def wait_for_page(page: Any, base: str, path: str) -> None:
    """Wait until the tab shows the page at ``path`` (relative to ``base``), whatever query or fragment."""
    page.wait_for_url(lambda url: urlsplit(url)._replace(query="", fragment="").geturl() == base + path)


def distinctive_word(playbook: Playbook) -> tuple[str, Objective]:
    """A word of an objective's title that no other title in the playbook uses: a fair search term."""
    titles = [
        node.title
        for group in (playbook.objectives, playbook.plans, playbook.roles, playbook.programs, playbook.skills,
                      playbook.pillars, playbook.key_results, playbook.milestones)
        for node in group
    ]
    words = [set(re.findall(r"[a-z]{5,}", title.lower())) for title in titles]
    for objective in playbook.objectives:
        for word in sorted(set(re.findall(r"[a-z]{5,}", objective.title.lower()))):
            if sum(word in each for each in words) == 1:
                return word, objective
    raise AssertionError("every word of every objective title is shared with another title")


def search(page: Any, term: str) -> Any:
    """Type into Material's search box and wait for the result list; returns the first hit's link."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(term)
    first = page.locator(".md-search-result__list > li.md-search-result__item").first.locator("a").first
    first.wait_for(state="visible")
    return first


def scheme_colours(page: Any, selector: str) -> tuple[str, str]:
    return page.eval_on_selector(  # type: ignore[no-any-return]
        selector, "el => [getComputedStyle(el).fill, getComputedStyle(el).stroke]"
    )


def status_colour(page: Any, selector: str) -> tuple[str, str]:
    """The status colour an element passes down to the shapes it places, twice (to compare like a fill/stroke)."""
    colour: str = page.eval_on_selector(selector, "el => getComputedStyle(el).getPropertyValue('--sb-c').trim()")
    return colour, colour


# --- served from loopback ---------------------------------------------------------------------------


def test_home_loads_without_console_errors(reader: Reader, base_url: str, playbook: Playbook) -> None:
    page = reader.page
    response = page.goto(base_url)
    assert response is not None
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert heading(page) == playbook.title
    assert reader.errors == []


def test_role_page_in_two_clicks_from_home(reader: Reader, base_url: str, playbook: Playbook) -> None:
    page = reader.page
    role = playbook.roles[0]
    page.goto(base_url)
    page.locator("article .sb-explore a", has_text="Roles").first.click()
    wait_for_page(page, base_url, "roles/")
    assert heading(page) == "Roles"
    page.locator(f"article table a[href='{role.id}/']").first.click()
    wait_for_page(page, base_url, f"roles/{role.id}/")
    assert heading(page) == role.title
    assert reader.errors == []


def test_search_finds_an_objective_by_a_word_of_its_title(
    reader: Reader, base_url: str, playbook: Playbook
) -> None:
    page = reader.page
    word, objective = distinctive_word(playbook)
    page.goto(base_url)
    first = search(page, word)
    first.click()
    wait_for_page(page, base_url, f"objectives/{objective.id}/")
    assert heading(page) == objective.title
    assert reader.errors == []


def test_roadmap_marker_opens_its_objective(reader: Reader, base_url: str, playbook: Playbook) -> None:
    page = reader.page
    page.goto(base_url + "roadmap/")
    picture = page.locator("svg.sb-roadmap").first
    assert picture.is_visible()
    box = picture.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 100
    markers = page.locator("svg.sb-roadmap a[href][data-milestone], svg.sb-roadmap a[href]:has([data-milestone])")
    assert markers.count() == len(playbook.milestones)
    marker = markers.first
    milestone_id = marker.get_attribute("data-milestone") or marker.locator("[data-milestone]").first.get_attribute(
        "data-milestone"
    )
    objective_of = {m.id: m.objective.id for m in playbook.milestones}
    assert milestone_id in objective_of
    marker.click()
    wait_for_page(page, base_url, f"objectives/{objective_of[milestone_id]}/")
    assert path_of(page, base_url) == f"objectives/{objective_of[milestone_id]}/"
    assert urlsplit(page.url).fragment == f"milestone-{milestone_id}"
    assert page.locator(f"#milestone-{milestone_id}").is_visible()
    assert reader.errors == []


def test_map_renders_with_sticky_headers(reader: Reader, base_url: str, playbook: Playbook) -> None:
    page = reader.page
    page.goto(base_url + "map/")
    assert heading(page) == "Role-to-strategy map"
    tables = page.locator("table.sb-matrix")
    plans = [plan for pillar in playbook.pillars for plan in pillar.plans]
    assert tables.count() == len(plans)
    first = tables.first
    headers = first.locator("thead th")
    assert headers.count() == len(plans[0].objectives) + 1
    for index in range(headers.count()):
        cell = headers.nth(index)
        assert cell.is_visible()
        assert cell.evaluate("el => getComputedStyle(el).position") == "sticky"
    shown = [" ".join(t.split()) for t in first.locator("thead th a").all_inner_texts()]
    assert shown == [o.title for o in plans[0].objectives]
    row_headers = first.locator("tbody th")
    assert row_headers.count() > 0
    assert row_headers.first.evaluate("el => getComputedStyle(el).position") == "sticky"
    # Scrolled inside its box, the header row stays at the top of the box.
    wrap = page.locator(".sb-matrix-wrap").first
    wrap.evaluate("el => { el.style.maxHeight = '120px'; el.scrollTop = el.scrollHeight; }")
    wrap_box, head_box = wrap.bounding_box(), headers.nth(1).bounding_box()
    assert wrap_box is not None
    assert head_box is not None
    assert abs(head_box["y"] - wrap_box["y"]) <= 2
    assert reader.errors == []


def test_palette_toggle_switches_to_dark_and_pictures_follow(reader: Reader, base_url: str) -> None:
    page = reader.page
    page.goto(base_url + "roadmap/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    # A marker's shape is drawn once per page (a symbol) and placed by <use>: the colour it is filled with
    # is the status colour the marker passes down, --sb-c, which the symbol's fill reads.
    marker = "svg.sb-roadmap .sb-rm-milestone"
    grid = "svg.sb-roadmap .sb-rm-axis-line, svg.sb-roadmap .sb-rm-grid"
    assert page.eval_on_selector("svg.sb-sprite symbol .sb-fill", "el => getComputedStyle(el).fill") != "none"
    light = status_colour(page, marker), scheme_colours(page, grid)
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = status_colour(page, marker), scheme_colours(page, grid)
    assert light[0][0] != dark[0][0], "the milestone markers keep their light fill in the dark scheme"
    assert light[1][1] != dark[1][1], "the roadmap's lines keep their light stroke in the dark scheme"
    # And back: the choice is the reader's, both ways.
    page.locator("label[for='__palette_0']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert (status_colour(page, marker), scheme_colours(page, grid)) == light
    assert reader.errors == []


def test_no_request_leaves_loopback(reader: Reader, base_url: str, playbook: Playbook) -> None:
    page = reader.page
    pages = ["", "roles/", f"roles/{playbook.roles[0].id}/", "roadmap/", "map/", f"coaching/{playbook.programs[0].id}/",
             f"objectives/{playbook.objectives[0].id}/", f"plans/{playbook.plans[0].id}/", "skills/", "risks/"]
    for url in pages:
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
    search(page, distinctive_word(playbook)[0])
    page.keyboard.press("Escape")
    page.locator("label[for='__palette_1']").click()
    page.wait_for_load_state("networkidle")
    assert urljoin(base_url, "search/search_index.json") in reader.requests  # the recorder saw the search too
    assert reader.external() == []
    assert reader.errors == []


def test_leaves_loopback_tells_hosts_apart() -> None:
    assert not leaves_loopback("http://127.0.0.1:8000/x")
    assert not leaves_loopback("http://localhost/x")
    assert not leaves_loopback("data:image/svg+xml,%3Csvg%3E")
    assert not leaves_loopback("blob:http://127.0.0.1:8000/abc")
    assert leaves_loopback("https://unpkg.com/iframe-worker/shim")
    assert leaves_loopback("https://fonts.gstatic.com/s/roboto.woff2")
    assert leaves_loopback("http://127.0.0.2.example.org/")


def test_screenshots(reader: Reader, base_url: str, playbook: Playbook, screenshots: Path) -> None:
    page = reader.page
    shots = {
        "home": "",
        "roadmap": "roadmap/",
        "role": f"roles/{playbook.roles[0].id}/",
        "coaching-guide": f"coaching/{playbook.programs[0].id}/",
    }
    for name, url in shots.items():
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
        target = screenshots / f"{name}.png"
        target.unlink(missing_ok=True)
        page.screenshot(path=str(target), full_page=True)
        assert target.read_bytes().startswith(PNG), name
    assert reader.errors == []


# --- built with the offline plugin, opened from file:// --------------------------------------------


def test_offline_site_pages_and_search_from_file(reader: Reader, offline_site: Path, playbook: Playbook) -> None:
    page = reader.page
    base = offline_site.as_uri() + "/"
    role = playbook.roles[0]
    page.goto(base + "index.html")
    assert heading(page) == playbook.title
    page.locator("article .sb-explore a", has_text="Roles").first.click()
    wait_for_page(page, base, "roles/index.html")
    page.locator(f"article table a[href='{role.id}.html']").first.click()
    wait_for_page(page, base, f"roles/{role.id}.html")
    assert heading(page) == role.title
    word, objective = distinctive_word(playbook)
    search(page, word).click()
    wait_for_page(page, base, f"objectives/{objective.id}.html")
    assert heading(page) == objective.title
    assert reader.external() == []
    assert reader.errors == []
