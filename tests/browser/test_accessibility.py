"""axe-core (from the npm registry, ``tests/browser/package.json``) on the pages readers land on most."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser.conftest import REPO, Reader
from generator.pipeline import load

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

# Violations that come from Material for MkDocs itself, not from Stratbook's pages: (rule, element) -> why.
# Keep each one narrow (one rule on one element), so the same rule still applies everywhere else.
MATERIAL: dict[tuple[str, str], str] = {
    ("aria-dialog-name", ".md-search"): "Material's search overlay is a role=dialog without a name; its input is "
    "labelled 'Search'. A best-practice rule; fixing it means overriding Material's search partial.",
}


def _pages() -> list[str]:
    playbook = load(REPO / "content").require()
    return ["", "roadmap/", "map/", f"roles/{playbook.roles[0].id}/", f"coaching/{playbook.programs[0].id}/"]


def readable(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule, impact, help and the offending elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} - {v['helpUrl']}")
        for node in v["nodes"][:8]:
            html = " ".join(str(node["html"]).split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {html[:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("url", _pages())
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    reader: Reader, base_url: str, axe_script: Path, url: str, scheme: str
) -> None:
    page = reader.page
    page.goto(base_url + url)
    if scheme == "dark":
        page.locator("label[for='__palette_1']").click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    blocking = []
    for violation in results["violations"]:
        nodes = [n for n in violation["nodes"] if (violation["id"], " ".join(map(str, n["target"]))) not in MATERIAL]
        if violation["impact"] in BLOCKING and nodes:
            blocking.append({**violation, "nodes": nodes})
    assert blocking == [], f"{url or 'home'} ({scheme}):\n{readable(blocking)}"
