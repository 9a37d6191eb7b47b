"""Markdown fields are safe by default: rendered, then sanitized; `markdown_html: trusted` restores raw HTML.

A playbook is edited by far more people than a documentation site, and its
site often runs on an intranet domain with single sign-on: script in a
vision or a description would run as every reader. The sanitizer keeps what
Markdown and the pages need and drops the rest; an unclosed tag is balanced
inside its field instead of swallowing the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playbooks import BASE, write_playbook

HOSTILE = "\n\n".join(
    [
        "[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(2)) [data](data:text/html;base64,PHNjcmlwdD4=)",
        "[entity](&#106;avascript:alert(3)) <a href='&#x6A;avascript:alert(4)'>raw</a>",
        'An attribute list\n{: onclick="alert(5)" style="color: red" }',
        "<script>alert(6)</script> <img src=x onerror=alert(7)> <svg onload=alert(8)></svg>",
        "<style>body { display: none }</style><iframe src='https://evil.example'></iframe>",
        "<div>never closed",
    ]
)
FRIENDLY = "\n\n".join(
    [
        "## A heading",
        "- one\n- *two*\n- **three**",
        "[web](https://example.com/x) [plain](http://example.com) [mail](mailto:team@example.com) [page](../roles/)",
        "| a | b |\n|---|---|\n| `code` | 2 |",
        "![logo](assets/logo.png) ![remote](https://evil.example/track.png)",
    ]
)


def _fields(text: str) -> dict[str, str | None]:
    def block(indent: int) -> str:
        pad = " " * indent
        return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n")) + "\n"

    playbook = BASE["playbook.yaml"].replace("vision: Be useful.\n", f"vision: {block(2)}")
    plan = BASE["plans/p.yaml"].replace("pillar: p1\n", f"pillar: p1\nsummary: {block(2)}")
    plan = plan.replace("    title: Obj\n", f"    title: Obj\n    description: {block(6)}")
    skill = BASE["skills/s.yaml"] + f"description: {block(2)}"
    return {"playbook.yaml": playbook, "plans/p.yaml": plan, "skills/s.yaml": skill}


def _build(root: Path, text: str, options: str = "") -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_playbook(root / "content", _fields(text))
    (root / "docs").mkdir(exist_ok=True)
    plugin = f"{{stratbook: {{{options}}}}}" if options else "stratbook"
    (root / "mkdocs.yml").write_text(
        "site_name: Markdown\ntheme: {name: material, font: false}\n"
        f"plugins: [{plugin}]\nmarkdown_extensions: [attr_list, md_in_html, tables]\n",
        encoding="utf-8",
    )
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return root / "site"


PAGES = ["index.html", "plans/plan1/index.html", "objectives/o1/index.html", "skills/index.html"]


def _article(site: Path, page: str) -> Any:
    article = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml").select_one("article")
    assert article is not None
    return article


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("hostile"), HOSTILE)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_markdown_runs_nothing(hostile_site: Path, page: str) -> None:
    article = _article(hostile_site, page)
    assert article.select("script, iframe, style, svg[onload]") == []
    for element in article.find_all(True):
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.name, name)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", str(value), re.IGNORECASE), value
    for field in article.select(".sb-md"):
        assert field.find(style=True) is None
    assert "alert(6)" not in article.get_text()


def test_an_unclosed_tag_stays_inside_its_field(hostile_site: Path) -> None:
    article = _article(hostile_site, "plans/plan1/index.html")
    heading = article.find("h2", id="objectives")
    assert heading is not None
    assert heading.find_parent(class_="sb-md") is None
    field = article.select(".sb-md")[0]
    assert "never closed" in field.get_text()


def test_what_markdown_needs_is_kept(tmp_path: Path) -> None:
    article = _article(_build(tmp_path, FRIENDLY), "index.html")
    field = article.select_one(".sb-md")
    assert field is not None
    assert [h.get_text() for h in field.select("h2")] == ["A heading"]
    assert [li.get_text() for li in field.select("li")] == ["one", "two", "three"]
    assert field.select_one("em").get_text() == "two"
    assert field.select_one("strong").get_text() == "three"
    assert [a["href"] for a in field.select("a")] == [
        "https://example.com/x",
        "http://example.com",
        "mailto:team@example.com",
        "../roles/",
    ]
    assert [td.get_text() for td in field.select("table td")] == ["code", "2"]
    assert field.select_one("td code").get_text() == "code"
    images = field.select("img")
    assert [(img.get("alt"), img.get("src")) for img in images] == [("logo", "assets/logo.png"), ("remote", None)]


def test_trusted_markdown_html_keeps_raw_html(tmp_path: Path) -> None:
    site = _build(
        tmp_path, "<script>window.trusted = 1</script>\n\n<span onclick='go()'>click</span>", "markdown_html: trusted"
    )
    article = _article(site, "index.html")
    assert [s.get_text() for s in article.select(".sb-md script")] == ["window.trusted = 1"]
    assert article.select_one(".sb-md span")["onclick"] == "go()"


def test_an_unknown_markdown_html_option_is_a_plugin_error(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort, ConfigurationError

    with pytest.raises((Abort, ConfigurationError)):
        _build(tmp_path, "text", "markdown_html: raw")


def test_the_sanitizer_on_its_own() -> None:
    from generator.rendering.sanitize import markdown_to_safe_html, sanitize_html

    assert sanitize_html('<a href="java&#x09;script:x" onclick="y">t</a>') == '<a rel="noopener noreferrer">t</a>'
    assert sanitize_html("<div><p>open") == "<div><p>open</p></div>"
    assert sanitize_html("<b style='x'>b</b><!-- c -->") == "<b>b</b>"
    assert markdown_to_safe_html("*x* [y](https://e.org)") == (
        '<p><em>x</em> <a href="https://e.org" rel="noopener noreferrer">y</a></p>'
    )


@pytest.mark.parametrize("command", ["export", "build"])
@pytest.mark.parametrize(("flag", "raw"), [((), False), (("--markdown-html", "trusted"), True)])
def test_the_site_tree_is_sanitized_unless_trusted(
    tmp_path: Path, command: str, flag: tuple[str, ...], raw: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from generator.cli import main

    write_playbook(tmp_path / "content", _fields("<script>alert(1)</script>\n\nText"))
    monkeypatch.chdir(tmp_path)
    where = ["export", "markdown", "out"] if command == "export" else ["build", "--out", "out"]
    assert main([*where, "--content", "content", *flag], out=io.StringIO()) == 0
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert ("<script>alert(1)</script>" in index) is raw
    assert ('<div class="sb-md" markdown="1">' in index) is raw


def test_the_readme_explains_both_switches() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "markdown_html: trusted" in readme
    assert "stratbook build --markdown-html trusted" in readme
    assert "stratbook export markdown DIR --markdown-html trusted" in readme
