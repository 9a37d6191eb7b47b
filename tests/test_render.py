"""The core renderer without MkDocs: escaping, addresses, templates and the Markdown export."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.rendering.environment import render_site
from generator.rendering.options import Links, Options
from generator.rendering.text import literal, markdown_block

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition", "def_list", "abbr", "footnotes",
              "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.emoji", "pymdownx.magiclink",
              "pymdownx.betterem", "pymdownx.critic", "pymdownx.smartsymbols", "smarty"]


def shown(html: str, selector: str) -> str:
    node = BeautifulSoup(html, "lxml").select_one(selector)
    assert node is not None, html
    return node.get_text()


text_values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1).filter(
    lambda t: t.strip() != ""
)


@settings(max_examples=200, deadline=None)
@given(text_values)
def test_literal_is_inert_in_markdown_contexts(value: str) -> None:
    expected = " ".join(value.split())
    md = markdown.Markdown(extensions=EXTENSIONS)
    page = (
        f"## {literal(value)} {{ #h }}\n\n- {literal(value)}\n\n"
        f'<table><tr><td id="c" title="{literal(value)}">{literal(value)}</td></tr></table>\n\n'
        f"{literal(value)}\n"
    )
    html = md.convert(page)
    soup = BeautifulSoup(html, "lxml")
    heading = soup.select_one("#h")
    assert heading is not None
    assert heading.get_text() == expected
    assert shown(html, "li") == expected
    assert shown(html, "#c") == expected
    cell = soup.select_one("#c")
    assert cell is not None
    assert cell["title"] == expected
    assert shown(html, "p") == expected


def test_literal_keeps_jinja_and_markdown_syntax_as_text() -> None:
    value = "R&D | <Q3> #1 [draft] *x* {{ y }} {% z %}"
    assert str(literal(value)) == (
        "R&#38;D &#124; &#60;Q3&#62; &#35;1 &#91;draft&#93; &#42;x&#42; "
        "&#123;&#123; y &#125;&#125; &#123;&#37; z &#37;&#125;"
    )


def test_markdown_block_renders_markdown_contained() -> None:
    block = markdown_block("Some **bold**\n\n```\nunclosed fence")
    html = markdown.markdown(
        f"{block}\n\n<p id=after>after</p>\n",
        extensions=["md_in_html", "fenced_code"],
    )
    assert shown(html, ".sb-md strong") == "bold"
    assert shown(html, "#after") == "after"
    assert str(markdown_block("  \n")) == ""


@pytest.mark.parametrize(
    ("options", "page", "target", "fragment", "expected"),
    [
        (Options(), "index.md", "roles/x.md", "", "roles/x/"),
        (Options(), "roles/index.md", "roles/x.md", "", "x/"),
        (Options(), "roles/x.md", "index.md", "", "../../"),
        (Options(), "roles/x.md", "skills.md", "skill-a", "../../skills/#skill-a"),
        (Options(), "roles/x.md", "roles/x.md", "top", "#top"),
        (Options(), "map.md", "roles/index.md", "", "../roles/"),
        (Options(use_directory_urls=False), "roles/x.md", "index.md", "", "../index.html"),
        (Options(use_directory_urls=False), "index.md", "map.md", "", "map.html"),
        (Options(use_directory_urls=False), "roles/x.md", "objectives/y.md", "kr-a", "../objectives/y.html#kr-a"),
        (Options(prefix="playbook/2026"), "index.md", "roles/x.md", "", "roles/x/"),
    ],
)
def test_links_are_relative(options: Options, page: str, target: str, fragment: str, expected: str) -> None:
    assert str(Links(page, options).url(target, fragment)) == expected


def write_small(root: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from test_site import write_site

    return write_site(root) / "content"


def test_render_site_pages_and_prefix(tmp_path: Path) -> None:
    from generator.pipeline import load

    playbook = load(write_small(tmp_path)).require()
    pages = render_site(playbook)
    assert list(pages) == sorted(pages)
    assert {"index.md", "map/index.md", "skills/index.md", "risks/index.md", "roles/dev/index.md",
            "coaching/prog/index.md"} <= set(pages)
    assert pages["roles/dev/index.md"].startswith('---\ntitle: "Developer"\nhide:\n  - navigation\n---\n')
    prefixed = render_site(playbook, Options(prefix="playbook"))
    assert sorted(prefixed) == sorted(f"playbook/{path}" for path in pages)
    assert render_site(playbook) == pages


def test_site_templates_override_built_in_ones(tmp_path: Path) -> None:
    from generator.pipeline import load

    playbook = load(write_small(tmp_path)).require()
    overrides = tmp_path / "templates"
    (overrides / "partials/role").mkdir(parents=True)
    (overrides / "partials/role/alignment.md.j2").write_text('<p class="mine">{{ role.title }}</p>\n', encoding="utf-8")
    pages = render_site(playbook, Options(templates=overrides))
    assert '<p class="mine">Developer</p>' in pages["roles/dev/index.md"]
    assert '<p class="mine">' not in render_site(playbook)["roles/dev/index.md"]
    assert '<p class="mine">R&#38;D &#124; &#60;Q3&#62;' in pages["roles/ceo/index.md"]
