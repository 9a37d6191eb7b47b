"""Every page is a folder's `index.md` under directory URLs, so its links lead to the same place read from its file
(Zensical) or from its address (MkDocs, browsers), at a host's root or under a sub-path.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playbooks import write_playbook

from generator.analysis.alignment import analyse
from generator.cli import main
from generator.exports.files import read_manifest
from generator.exports.tree import site_tree
from generator.pipeline import load
from generator.rendering.options import Options, page_file, page_url
from generator.rendering.pages import nav_pages, page_specs
from generator.rendering.reference import reference_pages

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
HREF = re.compile(r'\b(?:xlink:)?href="([^"]*)"')


@pytest.fixture(scope="module")
def example_tree() -> dict[str, bytes]:
    result = load(REPO / "content")
    assert result.playbook is not None
    return site_tree(result.playbook)


def pages(tree: dict[str, bytes]) -> list[str]:
    return [path for path in tree if path.endswith(".md")]


def test_a_page_is_a_folders_index_under_directory_urls_and_its_address_does_not_change() -> None:
    files = {
        path: page_file(path, True)
        for path in ("index.md", "roadmap.md", "objectives/o1.md", "objectives/index.md", "roadmap/p1/2.md")
    }
    assert files == {
        "index.md": "index.md",
        "roadmap.md": "roadmap/index.md",
        "objectives/o1.md": "objectives/o1/index.md",
        "objectives/index.md": "objectives/index.md",
        "roadmap/p1/2.md": "roadmap/p1/2/index.md",
    }
    assert {path: page_url(file, True) for path, file in files.items()} == {
        path: page_url(path, True) for path in files
    }
    assert {path: page_file(path, False) for path in files} == {path: path for path in files}


def test_every_page_of_the_tree_is_an_index_under_directory_urls(example_tree: dict[str, bytes]) -> None:
    assert [path for path in pages(example_tree) if path != "index.md" and not path.endswith("/index.md")] == []
    assert "roadmap/index.md" in example_tree
    assert "objectives/reduce-logo-churn/index.md" in example_tree
    assert "reference/content-model/index.md" in example_tree


def test_without_directory_urls_every_page_keeps_its_own_file() -> None:
    result = load(REPO / "content")
    assert result.playbook is not None
    tree = site_tree(result.playbook, Options(use_directory_urls=False))
    specs = page_specs(result.playbook, None, analyse(result.playbook))
    assert sorted(pages(tree)) == sorted({spec.path for spec in specs} | set(reference_pages(False)))
    assert "roadmap.md" in tree
    assert "objectives/reduce-logo-churn.md" in tree


def test_the_navigation_names_the_files_the_tree_holds(example_tree: dict[str, bytes]) -> None:
    listed = [path for _, path in nav_pages()]
    assert [path for path in listed if path not in example_tree] == []
    assert listed[:4] == ["index.md", "plans/index.md", "objectives/index.md", "roadmap/index.md"]
    prefixed = [path for _, path in nav_pages(Options(prefix="playbook"))]
    assert prefixed[3] == "playbook/roadmap/index.md"
    flat = [path for _, path in nav_pages(Options(use_directory_urls=False))]
    assert flat[3] == "roadmap.md"


def test_every_link_leads_to_the_same_place_from_the_file_and_from_the_address(
    example_tree: dict[str, bytes],
) -> None:
    """A relative href read from the page's file folder (Zensical) and from its URL (a browser) is one target."""
    checked = 0
    differ: list[str] = []
    for path in pages(example_tree):
        from_file = posixpath.dirname(path)
        url = page_url(path, True)
        from_url = url[: url.rfind("/")] if "/" in url else ""
        for href in HREF.findall(example_tree[path].decode("utf-8")):
            if not href or href.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", href):
                continue
            link = href.split("#")[0]
            by_file = posixpath.normpath(posixpath.join(from_file, link))
            by_url = posixpath.normpath(posixpath.join(from_url, link))
            checked += 1
            if by_file != by_url or by_file.startswith(".."):
                differ.append(f"{path}: {href}")
    assert differ == []
    assert checked > 1000


def test_the_reference_index_links_to_the_files_of_its_pages() -> None:
    index = reference_pages(True)["reference/index.md"]
    assert "[The content model](content-model/index.md)" in index
    assert "[Plans (plans/)](plan/index.md)" in index
    assert "[The content model](content-model.md)" in reference_pages(False)["reference/index.md"]


# --- a tree written by an older Stratbook, with `roadmap.md` rather than `roadmap/index.md` ---


def build(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["build", *args], out=out)
    return status, out.getvalue(), err.getvalue()


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(".stratbook/")
    }


@pytest.fixture
def old_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose docs/ holds the small playbook as an older build wrote it: `roadmap.md`, `objectives/o1.md`."""
    root = tmp_path / "project"
    write_playbook(root / "content")
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\nplugins:\n  - search\n  - stratbook\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    assert build("--out", "docs", "--no-directory-urls")[0] == 0
    assert {"roadmap.md", "objectives/o1.md", "reference/plan.md"} <= set(read_manifest(root / "docs").files)
    return root


def test_a_build_over_the_old_layout_leaves_no_stale_page(old_layout: Path, tmp_path: Path) -> None:
    status, _, err = build("--out", "docs")
    assert (status, err) == (0, "")
    assert build("--out", str(tmp_path / "fresh"))[0] == 0
    assert files(old_layout / "docs") == {**files(tmp_path / "fresh"), "about.md": b"# About\n"}
    assert "roadmap.md" not in read_manifest(old_layout / "docs").files
    assert not (old_layout / "docs" / "objectives" / "o1.md").exists()


def test_the_plugin_builds_over_the_old_layout(old_layout: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=old_layout, env=ENV, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "roadmap" / "index.html").is_file()
    assert (tmp_path / "site" / "objectives" / "o1" / "index.html").is_file()


def test_an_edited_page_of_the_old_layout_at_a_playbook_address_stops_the_build(old_layout: Path) -> None:
    (old_layout / "docs" / "skills.md").write_text("# Our skills\n", encoding="utf-8")
    before = files(old_layout / "docs")
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err == (
        "docs/skills.md: error: this page has the address of the playbook's `skills/index.md`, and Stratbook did "
        "not write it (or it was edited since); move or rename it, or build into another folder (--out)\n"
    )
    assert files(old_layout / "docs") == before


def test_a_page_of_the_sites_own_at_a_playbook_address_stops_the_build(old_layout: Path) -> None:
    assert build("--out", "docs")[0] == 0
    (old_layout / "docs" / "roadmap.md").write_text("# Our roadmap\n", encoding="utf-8")
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err.startswith("docs/roadmap.md: error: this page has the address of the playbook's `roadmap/index.md`")


@pytest.mark.parametrize("name", ["roadmap.markdown", "roadmap/README.md", "skills/readme.md"])
def test_a_page_of_any_name_the_engine_serves_at_a_playbook_address_stops_the_build(
    old_layout: Path, name: str
) -> None:
    assert build("--out", "docs")[0] == 0
    (old_layout / "docs" / name).write_text("# Ours\n", encoding="utf-8")
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err.startswith(f"docs/{name}: error: this page has the address of the playbook's ")


def test_the_plugin_refuses_a_page_of_the_sites_own_at_a_playbook_address(old_layout: Path, tmp_path: Path) -> None:
    assert build("--out", "docs")[0] == 0
    (old_layout / "docs" / "roadmap.md").write_text("# Our roadmap\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=old_layout, env=ENV, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert "docs/roadmap.md: error: Stratbook publishes a page of the playbook at this address" in done.stderr
