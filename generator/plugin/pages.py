"""The playbook's pages as MkDocs sees them: generated files, prepared ahead of MkDocs, let go once built."""

from __future__ import annotations

import os
from collections.abc import Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from generator.exports.headings import Converted, HeadingPages
from generator.exports.html_blocks import lift
from generator.exports.prepared import prepare


class GeneratedPage(File):
    """A page of the playbook; during `mkdocs serve --dirty`, unchanged since the last build means not modified.

    MkDocs counts every in-memory file as modified, so a dirty rebuild would
    convert every page again; comparing with the last build's Markdown lets it
    convert only the pages an edit changed.
    """

    unchanged = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return bool(super().is_modified())


PREPARED_SHARE = 3
"""Of every this many pages, a second process prepares all but one, which this one prepares as MkDocs reaches it:
taking a prepared page costs little, so with a share of every page this one would only wait for the other."""


def prepared_page(tree: Mapping[str, bytes], headings: HeadingPages | None, key: tuple[str, str]) -> object:
    """In the second process: a page of ``tree`` prepared from the Markdown MkDocs reads of it, or its words."""
    kind, uri = key
    markdown = markdown_of(tree[uri].decode("utf-8-sig"))
    return lift(markdown).words() if kind == "words" else prepare(markdown, headings)


def markdown_of(source: str) -> str:
    """A page's Markdown as MkDocs reads it (``mkdocs.utils.meta.get_data``), its front matter matched but not
    parsed again: a page whose front matter would not parse is prepared in vain, its digest differs."""
    found = meta.YAML_RE.match(source)
    return source[found.end() :].lstrip("\n") if found else source


def take_converted(page: Page, converted: Converted, markdown: str, config: MkDocsConfig, files: Files) -> None:
    """MkDocs' render of a page converted heading by heading, with no Markdown engine set up (a twentieth of a
    build); the Markdown a later plugin changed is converted whole."""
    if page.markdown != markdown:
        Page.render(page, config, files)
        return
    page.content = converted.html
    page.toc = get_toc(converted.toc)
    page.present_anchor_ids = set(converted.anchors)


def let_go(page: Page) -> None:
    """Drop a built page's Markdown and HTML, keeping its title for the navigation of the pages built after it.

    MkDocs keeps every page's text until the build ends; at 10,000 objectives
    that is more than the rest of the build together. MkDocs works a page's
    title out each time it is asked for (from its front matter, its first
    heading or its file name), and gives None once the Markdown is gone: it
    is kept as it is now.
    """
    page.title = page.title
    page.content = None
    page.markdown = None
