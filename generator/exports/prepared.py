"""A generated page made ready for the engine: its blocks lifted, its headings converted, its anchors found.

This is the plugin's own work on each page of the playbook, taken out of
MkDocs' page loop: a second process prepares the pages (:class:`~generator.forked.Streamed`)
while MkDocs builds them one by one. A page is prepared from the Markdown
MkDocs will read; the digest lets the plugin take the preparation only for
the very Markdown it was made from (another plugin may have changed it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.exports.headings import Converted, HeadingPages
from generator.exports.html_blocks import Lifted, lift


@dataclass(frozen=True)
class PreparedPage:
    """What the plugin makes of a page's Markdown before MkDocs converts it."""

    digest: bytes
    """Of the Markdown it was prepared from (:func:`markdown_digest`)."""
    lifted: Lifted
    converted: Converted | None
    """The page converted heading by heading, or None when Markdown must convert it."""
    anchors: frozenset[str]
    """The ids and names in the lifted blocks."""


def markdown_digest(markdown: str) -> bytes:
    """A digest of a page's Markdown, to tell the Markdown a page was prepared from."""
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()


def prepare(markdown: str, headings: HeadingPages | None) -> PreparedPage:
    """``markdown`` lifted, and converted heading by heading when ``headings`` can (None: never)."""
    lifted = lift(markdown)
    converted = headings.convert(lifted.markdown, lifted.token) if headings is not None else None
    return PreparedPage(markdown_digest(markdown), lifted, converted, frozenset(lifted.anchors()))
