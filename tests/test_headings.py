"""Pages of headings and lifted blocks, converted heading by heading: what Python-Markdown makes of the whole page."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import write_site

from generator.exports.headings import HeadingPages, line_local
from generator.exports.html_blocks import lift
from generator.forked import SECOND_PROCESS
from generator.rendering.text import literal

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html"]
SETTINGS: list[dict[str, Any]] = [
    {},
    {"toc": {"permalink": True}},
    {"toc": {"permalink": "#", "permalink_title": "Link", "permalink_leading": True, "anchorlink": True}},
    {"toc": {"baselevel": 2, "toc_depth": "2-3", "permalink": True}},
]
TABLE = '<table class="sb-table">\n<tr id="kr-a"><td>A</td></tr>\n</table>'


def _page() -> str:
    title = literal("Grow (EU) – 30% & more: “fast”")
    return (
        f"---\ntitle: x\n---\n<h1>{title}</h1>\n\n{TABLE}\n\n## Plan side {{ #plan-side }}\n\n"
        f"### {title} {{ #objective-a }}\n\n{TABLE}\n\n\n### Skill-gap matrix {{ #matrix }}\n\n"
        "#### Deep {#deep}\n\n## Alignment { #alignment }\n\n"
    ).split("---\n", 2)[2]


@pytest.mark.parametrize("settings", SETTINGS)
def test_a_page_converts_as_python_markdown_converts_it_whole(settings: dict[str, Any]) -> None:
    lifted = lift(_page())
    engine = markdown.Markdown(extensions=EXTENSIONS, extension_configs=settings)
    whole = engine.convert(lifted.markdown)
    pages = HeadingPages(EXTENSIONS, settings)
    for _ in range(2):  # the second time from the headings already converted
        converted = pages.convert(lifted.markdown, lifted.token)
        assert converted is not None
        assert converted.html == whole
        assert converted.toc == engine.toc_tokens  # type: ignore[attr-defined]
        assert converted.anchors == {"plan-side", "objective-a", "matrix", "deep", "alignment"}


@pytest.mark.parametrize(
    "page",
    [
        "## One { #one }\n## Two { #two }\n",  # two lines in one block
        "## A [link](other.md) { #a }\n",  # links are the engine adapter's to rewrite
        "## A <em>b</em>\n",
        "## A ![image](a.png)\n",
        "Some *Markdown*.\n",
        "<!--sb-block:0:000000000000-->\n",  # a marker of another page
        '<h1 id="top">Title</h1>\n',
        "<h1>Title</h1>\n<div>x</div>\n",
        "## A { #a&b }\n",  # the engine's anchor check reads ids unescaped
        "## Notes\n\n## Notes\n",  # the engine makes a repeated id unique, with the whole page in view
        "## Notes { #a }\n\n### Other { #a }\n",
        "# Title\n\n## Part { #part }\n",  # a first `# Title` is the page's title to MkDocs
    ],
)
def test_other_pages_are_left_to_the_engine(page: str) -> None:
    lifted = lift(page)
    assert HeadingPages(EXTENSIONS, {}).convert(lifted.markdown, lifted.token) is None


def test_only_extensions_that_treat_a_heading_alone_are_trusted() -> None:
    assert line_local(["toc", "markdown.extensions.attr_list", "pymdownx.superfences"])
    assert not line_local(["toc", "pymdownx.snippets"])  # may add text to every page
    assert not line_local(["toc", markdown.extensions.Extension()])


def _build(root: Path, out: Path) -> dict[str, bytes]:
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(out)))
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("toc", ["{permalink: true}", '{permalink: "#", toc_depth: 2, anchorlink: true}'])
def test_the_built_site_is_the_same_as_with_every_page_converted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, toc: str
) -> None:
    """With an extension Stratbook does not trust (one that changes nothing here), every page is converted whole."""
    root = write_site(tmp_path / "site", {"docs/extra.md": "# Extra\n\n[Up](objectives/obj-a/index.md#plan-side)\n"})
    config = root / "mkdocs.yml"
    site = config.read_text(encoding="utf-8")
    converted: list[str] = []
    convert = HeadingPages.convert

    def counted(self: HeadingPages, page: str, token: str) -> Any:
        done = convert(self, page, token)
        if done is not None:
            converted.append(page)
        return done

    monkeypatch.setattr(HeadingPages, "convert", counted)
    monkeypatch.setenv(SECOND_PROCESS, "1")  # the pages are converted in this process, where they are counted
    config.write_text(site + f"markdown_extensions: [{{toc: {toc}}}]\n", encoding="utf-8")
    fast = _build(root, tmp_path / "fast")
    assert len(converted) > 5
    converted.clear()
    config.write_text(site + f"markdown_extensions: [{{toc: {toc}}}, pymdownx.snippets]\n", encoding="utf-8")
    whole = _build(root, tmp_path / "whole")
    assert converted == []
    assert fast.keys() == whole.keys()
    assert {k: v for k, v in fast.items() if v != whole[k]} == {}
    # MkDocs knew the headings' anchors in both builds: the link to one gave no warning.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
