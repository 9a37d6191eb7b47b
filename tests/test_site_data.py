"""Data files and the Reference section published with the site and with `stratbook export markdown`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from test_site import Site, broken_links, built, text, write_site

from generator.cli import main
from generator.exports.site import data_files
from generator.pipeline import load
from generator.rendering.reference import PAGE_TITLES, field_rows


def export(fmt: str, root: Path, out: Path) -> None:
    status = main(["export", fmt, str(out), "--content", str(root / "content")], out=io.StringIO())
    assert status == 0


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    root = write_site(tmp_path_factory.mktemp("data"))
    return Site(built(root, root / "out")), root


def data_links(home: Any, base: str) -> dict[str, str]:
    """Link text (the file name) -> URL path resolved from the page at ``base``."""
    return {text(a): urljoin(base, str(a["href"])) for a in home.select("#data ~ ul.sb-data a")}


def test_home_page_links_to_every_data_file(small: tuple[Site, Path]) -> None:
    site, root = small
    names = list(data_files(load(root / "content").require()))
    links = data_links(site.article(""), "/")
    assert links == {name: f"/data/{name}" for name in names}
    missing = [url for url in links.values() if not (site.root / url.lstrip("/")).is_file()]
    assert missing == []
    assert broken_links(site.root) == []


def test_data_files_are_byte_identical_to_the_exports(small: tuple[Site, Path], tmp_path: Path) -> None:
    site, root = small
    for fmt in ("json", "csv", "ics"):
        export(fmt, root, tmp_path / "export")
    exported = sorted(p.name for p in (tmp_path / "export").iterdir() if p.name != ".stratbook")
    published = sorted(p.name for p in (site.root / "data").iterdir())
    assert exported == published == sorted(data_files(load(root / "content").require()))
    different = [n for n in exported if (tmp_path / "export" / n).read_bytes() != (site.root / "data" / n).read_bytes()]
    assert different == []


def test_data_files_follow_prefix_and_url_style(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "mkdocs.yml": """\
                site_name: Prefixed
                site_url: https://example.org/docs/
                use_directory_urls: false
                theme: {name: material, font: false}
                plugins: [{stratbook: {prefix: playbook}}]
                """,
            "docs/index.md": "# Our docs\n\nSee [the playbook](playbook/index.md).\n",
        },
    )
    out = built(root, tmp_path / "out")
    home: Any = BeautifulSoup((out / "playbook/index.html").read_text(encoding="utf-8"), "lxml")
    links = data_links(home.select_one("article"), "/playbook/index.html")
    assert set(links.values()) == {f"/playbook/data/{name}" for name in data_files(load(root / "content").require())}
    assert all((out / url.lstrip("/")).is_file() for url in links.values())
    assert '"url": "https://example.org/docs/playbook/objectives/obj-a.html"' in (
        out / "playbook/data/playbook.json"
    ).read_text(encoding="utf-8")
    assert broken_links(out) == []


def test_a_site_file_in_the_way_of_the_data_is_reported(tmp_path: Path) -> None:
    from test_site import mkdocs_build

    root = write_site(tmp_path, {"docs/data/roadmap.ics": "BEGIN:VCALENDAR\n"})
    done = mkdocs_build(root, tmp_path / "out")
    assert done.returncode == 1
    assert "docs/data/roadmap.ics: error: Stratbook publishes a data file of the playbook at this path" in done.stderr


def test_markdown_export_carries_data_and_reference(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    out = tmp_path / "exported"
    export("markdown", root, out)
    export("json", root, tmp_path / "json")
    assert (out / "data/playbook.json").read_bytes() == (tmp_path / "json/playbook.json").read_bytes()
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(data_files(load(root / "content").require()))
    reference = {f"reference/{kind}/index.md" for kind in PAGE_TITLES}
    assert reference | {"reference/index.md", "reference/how-to/index.md"} <= {
        p.relative_to(out).as_posix() for p in out.rglob("*.md")
    }
    # A plain MkDocs site over the exported folder: the home page's data links resolve.
    (tmp_path / "plain").mkdir()
    (out).rename(tmp_path / "plain/docs")
    (tmp_path / "plain/mkdocs.yml").write_text(
        "site_name: Plain\ntheme: {name: material, font: false}\nmarkdown_extensions: [attr_list, md_in_html, tables]\n"
        "extra_css: [assets/stratbook.css, assets/pictures.css]\n",
        encoding="utf-8",
    )
    plain = built(tmp_path / "plain", tmp_path / "plain/out")
    home: Any = BeautifulSoup((plain / "index.html").read_text(encoding="utf-8"), "lxml")
    links = data_links(home.select_one("article"), "/")
    assert len(links) == 7
    assert all((plain / url.lstrip("/")).is_file() for url in links.values())
    assert broken_links(plain) == []


def test_reference_section_in_the_nav(small: tuple[Site, Path]) -> None:
    site, _ = small
    primary = site.soup("reference/").select_one(".md-nav--primary")
    sections = [text(li).split()[0] for li in primary.select(":scope > ul > li")]
    assert sections[-3:] == ["Alignment", "Reference", "Extra"]
    found = {urljoin("/reference/", str(a["href"])) for a in primary.select("a.md-nav__link")}
    expected = {f"/reference/{kind}/" for kind in PAGE_TITLES} | {"/reference/how-to/", "/reference/", "/alignment/"}
    assert expected <= found
    for url in [*(f"reference/{kind}/" for kind in PAGE_TITLES), "reference/how-to/", "reference/"]:
        assert (site.root / url / "index.html").is_file(), url


def test_reference_plan_page_lists_every_field(small: tuple[Site, Path]) -> None:
    site, _ = small
    article = site.article("reference/plan/")
    assert text(article.select_one("h1")) == "Plans (plans/)"
    expected = [[row["key"] for row in rows] for rows in field_rows("plan").values()]
    shown = [[text(tr.select_one("td")) for tr in table.select("tbody tr")] for table in article.select("table")]
    assert shown == expected
    assert {"id", "title", "pillar", "owner", "period", "objectives"} <= set(shown[0])
