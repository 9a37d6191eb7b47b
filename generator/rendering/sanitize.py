"""Markdown fields as safe HTML: rendered here, then cleaned by a maintained sanitizer (nh3).

A playbook is edited by many people across an organization and its site is
often served on an intranet domain with single sign-on, so a Markdown field
must not be able to run script in a reader's browser. Each field is converted
to HTML with Python-Markdown, then nh3 (the Ammonia sanitizer) keeps only what
Markdown and the pages need: headings, paragraphs, lists, emphasis, links with
http, https, mailto and relative URLs, tables, code, quotes and images from
the site itself. Scripts, event attributes, ``style``, ``javascript:`` and
``data:`` URLs (however they are encoded) are dropped, and unclosed tags are
balanced, so a field can neither run code nor swallow the rest of the page.

A site that wants raw HTML in its fields opts in with ``markdown_html:
trusted``; then the field goes to the site's own Markdown renderer untouched.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Final

import markdown
import nh3

#: The elements Markdown produces (with the extensions below) and the pages can show.
ALLOWED_TAGS: Final = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "u", "ul", "var",
    }
)  # fmt: skip
#: Per element, the attributes that carry no behaviour (no events, no `style`).
ALLOWED_ATTRIBUTES: Final = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}
#: Classes the site's stylesheets give meaning to (admonitions, highlighted code); any other class is dropped.
ALLOWED_CLASSES: Final = {
    "div": {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning", "failure",
            "danger", "bug", "example", "quote"},
    "p": {"admonition-title"},
}  # fmt: skip
#: Schemes a link may use; anything else (``javascript:``, ``data:``, ``vbscript:``...) loses its ``href``.
URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
#: Elements removed together with their content (their text would be noise or code).
DROPPED_WITH_CONTENT: Final = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "math"})
#: The Markdown extensions a field is rendered with (the ones the example site and Material sites use).
EXTENSIONS: Final = ("tables", "fenced_code", "sane_lists", "admonition", "attr_list")

_SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """What nh3's tables cannot say: an image comes from the site (a relative URL), never another host."""
    if element == "img" and attribute == "src" and (_SCHEME.match(value) or value.lstrip().startswith("//")):
        return None
    return value


def sanitize_html(html: str) -> str:
    """``html`` with everything that could run script or escape its block removed, and its tags balanced."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


_CONVERTER = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
_CONVERTING = threading.Lock()


@functools.lru_cache(maxsize=4096)
def markdown_to_safe_html(text: str) -> str:
    """A Markdown field as sanitized HTML (cached: the same description shows on several pages).

    One converter is reused (reset between fields): building one loads every extension again.
    """
    with _CONVERTING:
        _CONVERTER.reset()
        html = _CONVERTER.convert(text)
    return sanitize_html(html)


__all__ = ["ALLOWED_TAGS", "URL_SCHEMES", "markdown_to_safe_html", "sanitize_html"]
