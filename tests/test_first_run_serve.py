"""`mkdocs serve` shows content errors in the browser: a banner on every page, and a page of errors at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from playbooks import BASE, write_playbook

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SETTINGS = """\
site_name: Serve test
theme: {name: material, font: false}
plugins: [search, stratbook]
"""
BROKEN = 'id: s1\ntitle: "Skill\n'
MESSAGE = (
    'content/skills/s.yaml:2:8: error: the quote " that opens here is never closed, so YAML reads the rest of the '
    'file as this text: end the text with " on this line, for example `title: "Skill"`'
)

#: Builds the way `mkdocs serve` does: one plugin instance told it serves, a fresh config per rebuild.
DRIVER = textwrap.dedent(
    """\
    import json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root, steps = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    for number, step in enumerate(steps):
        for name, text in step["write"].items():
            (root / name).write_text(text, encoding="utf-8")
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=step["site"])
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = "http://127.0.0.1:8000/"
        build(config, serve_url="http://127.0.0.1:8000/")
    """
)


def _serve(tmp_path: Path, first: dict[str, str], *later: dict[str, str]) -> list[Path]:
    root = write_playbook(tmp_path / "project" / "content")
    project = root.parent
    (project / "mkdocs.yml").write_text(SETTINGS, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "notes.md").write_text("# Notes\n\nOur own page.\n", encoding="utf-8")
    sites = [tmp_path / f"site-{n}" for n in range(1 + len(later))]
    steps = [{"write": writes, "site": str(site)} for writes, site in zip((first, *later), sites, strict=True)]
    (tmp_path / "steps.json").write_text(json.dumps(steps), encoding="utf-8")
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(tmp_path / "driver.py"), str(project), str(tmp_path / "steps.json")],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return sites


def _page(site: Path, url: str) -> Any:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def _banner(page: Any) -> tuple[str, list[str]] | None:
    found = page.select("article .stratbook-errors")
    if not found:
        return None
    (banner,) = found
    assert banner["role"] == "alert"
    title = " ".join(banner.select_one(".admonition-title").get_text().split())
    return title, [" ".join(item.get_text().split()) for item in banner.select("li")]


FIXED = {"content/skills/s.yaml": BASE["skills/s.yaml"]}
BREAK = {"content/skills/s.yaml": BROKEN}


def test_serve_starts_with_a_broken_playbook_and_recovers(tmp_path: Path) -> None:
    broken, fixed = _serve(tmp_path, BREAK, FIXED)
    home = _page(broken, "")
    assert _banner(home) == (
        "The playbook has 1 error, so its pages cannot be shown yet: fix it and save, and this page reloads with them",
        [MESSAGE],
    )
    assert _banner(_page(broken, "notes/")) is not None
    assert not (broken / "objectives").exists()
    assert _banner(_page(fixed, "")) is None
    assert (fixed / "objectives" / "o1" / "index.html").is_file()


def test_every_page_carries_the_errors_while_the_last_good_version_is_shown(tmp_path: Path) -> None:
    good, broken, fixed = _serve(tmp_path, {}, BREAK, FIXED)
    expected = (
        "The playbook has 1 error: these pages show its last version without errors until it is fixed",
        [MESSAGE],
    )
    for url in ("", "objectives/o1/", "roles/lead/", "notes/"):
        assert _banner(_page(good, url)) is None, url
        assert _banner(_page(broken, url)) == expected, url
        assert _banner(_page(fixed, url)) is None, url
    last_good = _page(broken, "objectives/o1/").select_one("article h1")
    assert " ".join(last_good.get_text().split()) == "Obj"


def test_the_banner_escapes_what_it_quotes(tmp_path: Path) -> None:
    _, broken = _serve(tmp_path, {}, {"content/skills/s.yaml": 'id: s1\ntitle: Skill\n"<b>bold</b>": 1\n'})
    banner = _page(broken, "").select_one(".stratbook-errors")
    assert banner is not None
    assert banner.select("li b") == []
    assert "unknown field `<b>bold</b>`" in banner.get_text()


def test_the_page_of_errors_shows_the_site_name_as_text(tmp_path: Path) -> None:
    name = "*R&D* [x](javascript:alert(1)) <b>"
    settings = SETTINGS.replace("site_name: Serve test", f"site_name: '{name}'")
    (broken,) = _serve(tmp_path, {**BREAK, "mkdocs.yml": settings})
    heading = _page(broken, "").select_one("article h1")
    assert heading is not None
    assert heading.get_text().strip() == name
    assert heading.select("em, a, b") == []


OTHER_PLAN = """\
id: plan2
title: Other plan
pillar: p1
owner: lead
period: {start: 2026-01-01, end: 2026-12-31}
objectives:
  - id: o2
    title: Other
    owner: lead
    key_results: [{id: kr2, title: KR two, baseline: 0, target: 4, current: 1}]
"""


def test_an_edit_while_serving_shows_on_the_pages_it_changes(tmp_path: Path) -> None:
    """The preview reuses the pages of an unchanged plan file and renders those of the edited one again."""
    plan = BASE["plans/p.yaml"]
    assert "current: 5\n" in plan
    before, after = _serve(
        tmp_path,
        {"content/plans/q.yaml": OTHER_PLAN},
        {"content/plans/p.yaml": plan.replace("current: 5\n", "current: 8\n")},
    )

    def value(site: Path) -> str:
        cell = _page(site, "objectives/o1/").select_one("#kr-kr1 td:nth-of-type(4)")
        return " ".join(cell.get_text().split())

    assert (value(before), value(after)) == ("5", "8")
    other = "objectives/o2/index.html"
    assert (before / other).read_bytes() == (after / other).read_bytes()
    assert "8 (0 → 10)" in _page(after, "plans/plan1/").get_text()
