"""Pages that hold only headings and lifted blocks, converted heading by heading instead of whole.

Once :func:`~generator.exports.html_blocks.lift` has set a generated page's
HTML blocks aside, most pages are a title, a dozen headings and the blocks'
markers. Python-Markdown still costs a few milliseconds on each of them
(setting itself up, parsing the blocks, walking the tree, building the table
of contents): at 1,000 objectives a quarter of a build. Such a page converts
to its headings' HTML and its markers as they are, in order, so
:class:`HeadingPages` converts each distinct heading line once, with the
site's own extensions and settings, and puts the page together from those.

Only pages it can put together exactly are taken: every non-blank line is a
block of its own (blank lines around it) and is one of a marker of the page,
an ``<h1>`` holding plain text, or an ATX heading without links, images or
inline HTML (the engine adapter would rewrite those). Only extensions that
treat a heading without looking at the rest of the page are trusted
(:data:`LINE_LOCAL`); with any other, every page goes through the engine as
before. Anything else gives ``None``, and the page is converted whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions.toc import nest_toc_tokens

LINE_LOCAL = frozenset(
    {
        "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes", "md_in_html",
        "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
        "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.emoji", "pymdownx.highlight",
        "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.mark", "pymdownx.saneheaders",
        "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    }
)  # fmt: skip
"""Extensions whose effect on a heading line does not depend on the rest of the page (names as in mkdocs.yml)."""

_MARKER = re.compile(r"<!--sb-block:\d+:([0-9a-f]+)-->")
_TITLE = re.compile(r"<h1>[^<>]*</h1>")
_HEADING = re.compile(r"#{1,6}[ \t][^\[\]<>`\\!]*")
_ID = re.compile(r'\sid="([^"]*)"')
_NAME = re.compile(r"<a\s[^>]*\bname=")
_PLAIN_ID = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Converted:
    """A page converted heading by heading: what the engine would give for it."""

    html: str
    toc: list[Any]
    """The table of contents in Python-Markdown's shape (``md.toc_tokens``): nested dicts, fresh for each page."""
    anchors: frozenset[str]
    """The element ids the headings hold (for the engine's check of links to anchors)."""


@dataclass(frozen=True)
class _Heading:
    html: str
    tokens: tuple[dict[str, Any], ...]
    anchors: frozenset[str]


def line_local(extensions: Sequence[object]) -> bool:
    """Whether every extension in ``extensions`` is one :class:`HeadingPages` may trust (see :data:`LINE_LOCAL`)."""
    return all(isinstance(name, str) and name.removeprefix("markdown.extensions.") in LINE_LOCAL for name in extensions)


class HeadingPages:
    """Converts pages of headings and markers with one engine, each distinct heading line once."""

    def __init__(self, extensions: Sequence[str], configs: Mapping[str, Mapping[str, Any]]) -> None:
        self._engine = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        self._headings: dict[str, _Heading | None] = {}

    def convert(self, page: str, token: str) -> Converted | None:
        """``page`` (its Markdown, lifted with ``token``) as HTML, or None when it must be converted whole."""
        parts: list[str] = []
        tokens: list[Any] = []
        anchors: set[str] = set()
        blank = True
        for line in page.split("\n"):
            if not line.strip():
                blank = True
                continue
            if not blank:
                return None  # two lines in one block: the engine reads them together
            blank = False
            if line.startswith("#"):
                heading = self._heading(line)
                # A first `# Title` would be the page's title to MkDocs; an id twice on a page, the engine
                # makes unique with the whole page in view.
                if heading is None or (not parts and line.startswith("# ")) or heading.anchors & anchors:
                    return None
                parts.append(heading.html + "\n")
                tokens.extend(dict(entry) for entry in heading.tokens)
                anchors |= heading.anchors
            elif ((marker := _MARKER.fullmatch(line)) and marker.group(1) == token) or _TITLE.fullmatch(line):
                parts.append(line + "\n\n")  # a raw block: the engine passes it on, then a blank line
            else:
                return None
        return Converted("".join(parts).strip(), nest_toc_tokens(tokens), frozenset(anchors))

    def _heading(self, line: str) -> _Heading | None:
        if line not in self._headings:
            self._headings[line] = self._converted_heading(line)
        return self._headings[line]

    def _converted_heading(self, line: str) -> _Heading | None:
        """The heading line converted alone, or None when the page must be converted whole."""
        if not _HEADING.fullmatch(line.rstrip()):
            return None
        html = self._engine.reset().convert(line)
        ids = _ID.findall(html)
        # One heading element, its ids plain (the engine's anchor check reads them unescaped), no named link.
        plain = all(_PLAIN_ID.fullmatch(found) for found in ids)
        if not plain or not html.startswith("<h") or "\n" in html or _NAME.search(html):
            return None
        return _Heading(html, _flatten(getattr(self._engine, "toc_tokens", [])), frozenset(ids))


def _flatten(tokens: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """The entries of a nested table of contents in document order, each without its children."""
    flat: list[dict[str, Any]] = []
    for entry in tokens:
        flat.append({key: value for key, value in entry.items() if key != "children"})
        flat.extend(_flatten(entry.get("children", [])))
    return tuple(flat)
