"""`stratbook build`: the complete site source, the same bytes the MkDocs plugin adds, for any engine.

The tree is checked file by file against what the plugin hands MkDocs, and the
example is built from it with Zensical (`zensical build --strict`) to the same
pages at the same addresses as the MkDocs plugin build, with no warning.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playbooks import write_playbook
from ruamel.yaml import YAML

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
FRAGMENT = ".stratbook/mkdocs.yml"
SUB_PATH = "https://example.org/sub/"
"""Where the example built with Zensical is published: under a sub-path of its host."""

PLUGIN_CONFIG = """\
site_name: Test
theme:
  name: material
  custom_dir: theme
plugins:
  - search
  - stratbook:
      content_dir: content
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def build(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["build", *args], out=out)
    return status, out.getvalue(), err.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` except Stratbook's own state."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith(".stratbook/")
    }


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    write_playbook(root / "content")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nOur own page.\n", encoding="utf-8")
    (root / "theme").mkdir()
    (root / "mkdocs.yml").write_text(PLUGIN_CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def plugin_files(config_file: Path) -> dict[str, bytes]:
    """What the plugin adds to a MkDocs build of ``config_file``: docs path -> bytes (nothing is written)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return {f.src_uri: f.content_bytes for f in files if f.generated_by == "stratbook"}


# --- the tree ------------------------------------------------------------------------


def test_build_writes_pages_pictures_stylesheets_data_and_navigation(project: Path) -> None:
    status, _, err = build("--out", "docs")
    assert (status, err) == (0, "")
    written = tree(project / "docs")
    assert {
        "index.md",
        "plans/index.md",
        "plans/plan1/index.md",
        "objectives/o1/index.md",
        "roadmap/index.md",
        "roles/lead/index.md",
        "coaching/prog/index.md",
        "risks/index.md",
        "reference/index.md",
        "assets/stratbook.css",
        "assets/pictures.css",
        "data/playbook.json",
        "data/roadmap.ics",
    } <= set(written)
    assert written["about.md"] == b"# About\n\nOur own page.\n"
    assert b'class="sb-picture sb-roadmap"' in written["roadmap/index.md"]


def test_the_engine_configuration_lists_the_navigation_and_the_stylesheets(project: Path) -> None:
    assert build("--out", "docs")[0] == 0
    fragment = load_yaml(project / "docs" / FRAGMENT)
    assert fragment["extra_css"] == ["assets/stratbook.css", "assets/pictures.css"]
    nav = fragment["nav"]
    assert nav[0] == {"Strategy": "index.md"}
    assert nav[-1] == "about.md", "the site's own pages come after the playbook's sections"
    titles = [next(iter(entry)) for entry in nav[:-1]]
    assert titles == [
        "Strategy", "Plans", "Objectives", "Roadmap", "Roles", "Map", "Coaching", "Skills", "Risks", "Alignment",
        "Reference",
    ]
    assert (project / "docs" / FRAGMENT).read_text(encoding="utf-8").startswith("# Written by `stratbook build`")


def test_build_is_byte_identical_from_run_to_run(project: Path, tmp_path: Path) -> None:
    assert build("--out", "docs")[0] == 0
    assert build("--out", str(tmp_path / "again"))[0] == 0
    first, second = tree(project / "docs"), tree(tmp_path / "again")
    first.pop("about.md")
    assert first == second


def test_the_plugin_adds_for_every_page_exactly_the_bytes_build_writes(project: Path, tmp_path: Path) -> None:
    added = plugin_files(project / "mkdocs.yml")
    assert build("--out", str(tmp_path / "built"))[0] == 0
    built = tree(tmp_path / "built")
    assert set(added) == set(built)
    for path, data in added.items():
        assert data == built[path], path


def test_the_plugin_builds_over_a_folder_that_stratbook_build_wrote(project: Path, tmp_path: Path) -> None:
    assert build("--out", "docs")[0] == 0
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project, env=ENV, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "objectives" / "o1" / "index.html").is_file()


def test_the_plugin_still_refuses_a_page_of_the_site_at_a_stratbook_address(project: Path, tmp_path: Path) -> None:
    assert build("--out", "docs")[0] == 0
    (project / "docs" / "skills.md").write_text("# Our skills\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project, env=ENV, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert "docs/skills.md: error: Stratbook publishes a page of the playbook at this address" in done.stderr


def test_a_playbook_with_errors_is_not_built(project: Path) -> None:
    write_playbook(project / "content", {"skills/s.yaml": "id: s1\n"})
    status, _, err = build("--out", "docs")
    assert status == 1
    assert "skills/s.yaml:1:1: error:" in err
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["about.md"]


def test_a_missing_playbook_is_a_usage_error(project: Path) -> None:
    status, _, err = build("--content", "nowhere", "--out", "docs")
    assert status == 2
    assert err.startswith("nowhere: error: no playbook folder here")


# --- the example with Zensical -------------------------------------------------------


def zensical_project(root: Path) -> Path:
    """The example project as the README's Zensical recipe makes it: mkdocs.yml includes the built fragment."""
    for name in ("content", "docs", "theme"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"INHERIT: docs/{FRAGMENT}\nsite_url: {SUB_PATH}\n{config}", encoding="utf-8")
    return root


def html_pages(site: Path) -> set[str]:
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.name == "index.html" and not path.relative_to(site).as_posix().startswith("assets/")
    }


def article_links(site: Path, page: str) -> list[str]:
    """Where the links inside the page content lead, resolved as a browser does on a site at its host's root.

    Links within the page (engines add their own permalinks) are left out.
    """
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    article = soup.select_one("article")
    assert article is not None, page
    base = "http://site.test/" + page.removesuffix("index.html")
    links = [a.get("href") or a.get("xlink:href") for a in article.find_all("a")]
    return sorted(urljoin(base, str(link)) for link in links if link and not str(link).startswith("#"))


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example built by the MkDocs plugin, and by `stratbook build` then `zensical build --strict`."""
    mkdocs_site = tmp_path_factory.mktemp("mkdocs") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(mkdocs_site)],
        cwd=REPO, env=ENV, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    root = zensical_project(tmp_path_factory.mktemp("zensical") / "project")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["build", "--content", str(root / "content"), "--out", str(root / "docs")], out=io.StringIO()) == 0
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict"],
        cwd=root, env=ENV, capture_output=True, text=True, check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Warning" not in output, output
    assert "No issues found" in output, output
    return mkdocs_site, root / "site"


def test_zensical_builds_the_example_to_the_same_pages_at_the_same_addresses(both_sites: tuple[Path, Path]) -> None:
    mkdocs_site, zensical_site = both_sites
    assert html_pages(zensical_site) == html_pages(mkdocs_site)


def test_zensical_pages_have_links_to_the_same_places(both_sites: tuple[Path, Path]) -> None:
    """Zensical resolves relative links in raw HTML from the page's file, MkDocs leaves them to the browser,
    which reads them from the address: every page being a folder's index, both lead to the same place."""
    mkdocs_site, zensical_site = both_sites
    for page in ("index.html", "roadmap/index.html", "risks/index.html", "plans/plan-growth/index.html"):
        assert article_links(zensical_site, page) == article_links(mkdocs_site, page), page


def test_zensical_links_lead_to_built_pages_under_a_sub_path(both_sites: tuple[Path, Path]) -> None:
    _, zensical_site = both_sites
    missing: list[str] = []
    for page in ("roadmap/index.html", "objectives/reduce-logo-churn/index.html", "alignment/index.html",
                 "reference/index.html", "reference/content-model/index.html", "skills/index.html"):
        soup = BeautifulSoup((zensical_site / page).read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        assert article is not None, page
        for tag in article.find_all("a"):
            href = str(tag.get("href") or tag.get("xlink:href") or "")
            if not href or href.startswith("#") or "://" in href:
                continue
            url = urljoin(SUB_PATH + page.removesuffix("index.html"), href).split("#")[0]
            path = url.removeprefix(SUB_PATH)
            target = zensical_site / (path + "index.html" if path.endswith("/") or not path else path)
            if not url.startswith(SUB_PATH) or not target.is_file():
                missing.append(f"{page}: {href}")
    assert missing == []
    roadmap = BeautifulSoup((zensical_site / "roadmap" / "index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = {str(a.get("href") or a.get("xlink:href")) for a in roadmap.select("article a")}
    assert "../objectives/reduce-logo-churn/" in hrefs
    assert (zensical_site / "objectives" / "reduce-logo-churn" / "index.html").is_file()


def test_zensical_pages_load_the_picture_stylesheets(both_sites: tuple[Path, Path]) -> None:
    _, zensical_site = both_sites
    soup = BeautifulSoup((zensical_site / "roadmap" / "index.html").read_text(encoding="utf-8"), "lxml")
    sheets = [str(link.get("href")) for link in soup.select('link[rel="stylesheet"]')]
    assert "../assets/stratbook.css" in sheets
    assert "../assets/pictures.css" in sheets
    assert (zensical_site / "assets" / "pictures.css").is_file()


def test_every_anchor_of_a_picture_exists_on_its_page(both_sites: tuple[Path, Path]) -> None:
    for site in both_sites:
        for page in site.rglob("index.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            ids = {str(tag.get("id")) for tag in soup.find_all(id=True)}
            for svg in soup.select("article svg"):
                for link in svg.find_all("a"):
                    href = str(link.get("href") or link.get("xlink:href") or "")
                    if href.startswith("#") and href != "#":  # "#" is the top of the page itself
                        assert href[1:] in ids, f"{page.relative_to(site)}: {href}"


def test_the_example_theme_works_under_both_engines(both_sites: tuple[Path, Path]) -> None:
    notice = "Progress on this site is judged as of the date shown under the vision."
    for site in both_sites:
        assert notice in (site / "index.html").read_text(encoding="utf-8"), site
        assert notice not in (site / "roadmap" / "index.html").read_text(encoding="utf-8"), site
        assert "Published from the playbook in" in (site / "roadmap" / "index.html").read_text(encoding="utf-8")
