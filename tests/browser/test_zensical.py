"""The example published with Zensical (`stratbook build`, then `zensical build`), as a reader sees it."""

from __future__ import annotations

from typing import Any

import pytest

from browser.conftest import Reader

pytestmark = pytest.mark.browser

FILL_AND_STATUS_COLOUR = """el => {
    const colour = getComputedStyle(el).getPropertyValue('--sb-c').trim();
    const probe = document.createElement('span');
    probe.style.color = colour;
    document.body.appendChild(probe);
    const rgb = getComputedStyle(probe).color;
    probe.remove();
    return [getComputedStyle(el).fill, rgb, colour];
}"""


def bar_colours(page: Any, status: str) -> tuple[str, str, str]:
    selector = f"svg.sb-roadmap .sb-rm-bar.sb-status-{status} .sb-rm-bar-fill"
    return page.eval_on_selector(selector, FILL_AND_STATUS_COLOUR)  # type: ignore[no-any-return]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_roadmap_status_bars_are_filled_with_their_status_colour(
    reader: Reader, zensical_url: str, scheme: str
) -> None:
    page = reader.page
    page.emulate_media(color_scheme=scheme)
    page.goto(zensical_url + "roadmap/")
    seen = set()
    for status in ("on-track", "at-risk", "off-track", "done"):
        fill, expected, colour = bar_colours(page, status)
        assert colour, f"{status}: the pictures' stylesheet is not loaded (no --sb-c)"
        assert fill != "rgb(0, 0, 0)", f"{status}: drawn black"
        assert fill == expected, status
        seen.add(fill)
    assert len(seen) == 4, "each status has its own colour"
    assert reader.errors == []
    assert reader.external() == []


def test_zensical_home_shows_the_theme_notice_and_the_playbook(reader: Reader, zensical_url: str) -> None:
    page = reader.page
    page.goto(zensical_url)
    assert "Progress on this site is judged as of the date shown under the vision." in page.inner_text("body")
    page.goto(zensical_url + "roadmap/")
    assert "Progress on this site is judged" not in page.inner_text("body")
