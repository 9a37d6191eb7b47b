"""Where the site lives and how its pages are addressed: the one options class, and every URL.

The renderer, the data files and the Markdown export all take an
:class:`Options`, so a page link, a JSON ``url`` and a calendar event's page
address are computed by the same functions and always agree.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.model import KeyResult, Milestone, Node, Objective, Pillar, Plan, Program, Risk, Role, Skill
from generator.rendering.text import literal


@dataclass(frozen=True)
class Options:
    """How one site is published: its address, its folder, its URL style and its template folder."""

    site_url: str | None = None
    """The site's public address (MkDocs `site_url`); exported links are relative to the site root without it."""
    prefix: str = ""
    """Folder under the docs root that holds every page ("" for the root)."""
    use_directory_urls: bool = True
    templates: Path | None = None
    """A folder whose templates override the built-in ones of the same name."""
    markdown_html: str = "safe"
    """``safe``: Markdown fields are rendered and sanitized; ``trusted``: their raw HTML goes to the site as written."""

    def full(self, path: str) -> str:
        """``path`` (relative to the playbook's folder) under the prefix."""
        return posixpath.join(self.prefix, path) if self.prefix else path

    def page(self, path: str) -> str:
        """The file (under the prefix) that holds the page at ``path``: see :func:`page_file`."""
        return self.full(page_file(path, self.use_directory_urls))


# --- addresses --------------------------------------------------------------


def page_url(path: str, use_directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives the page at ``path``."""
    stem = path[:-3] if path.endswith(".md") else path
    if use_directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


def page_file(path: str, use_directory_urls: bool) -> str:
    """The file that holds the page at ``path``: ``<stem>/index.md`` under directory URLs, else ``path``.

    Page paths name pages (``roadmap.md``, ``objectives/<id>.md``); the file
    is what the tree holds.  Under directory URLs every page is a folder's
    ``index.md``, so the file's folder is its URL's folder: an engine that
    resolves raw HTML links from the file (Zensical) and a browser that
    resolves them from the URL reach the same page, under a sub-path too.
    The URL does not change (:func:`page_url` gives both the same).
    """
    if not use_directory_urls or path == "index.md" or path.endswith("/index.md"):
        return path
    return path.removesuffix(".md") + "/index.md"


def entity_target(entity: Node) -> tuple[str, str]:
    """The page (without prefix) and anchor where an entity is shown."""
    if isinstance(entity, Objective):
        return f"objectives/{entity.id}.md", ""
    if isinstance(entity, Role):
        return f"roles/{entity.id}.md", ""
    if isinstance(entity, Plan):
        return f"plans/{entity.id}.md", ""
    if isinstance(entity, Program):
        return f"coaching/{entity.id}.md", ""
    if isinstance(entity, Skill):
        return "skills.md", f"skill-{entity.id}"
    if isinstance(entity, Pillar):
        return "index.md", f"pillar-{entity.id}"
    if isinstance(entity, KeyResult):
        return f"objectives/{entity.objective.id}.md", f"kr-{entity.id}"
    if isinstance(entity, Milestone):
        return f"objectives/{entity.objective.id}.md", f"milestone-{entity.id}"
    if isinstance(entity, Risk):
        return f"objectives/{entity.objective.id}.md", f"risk-{entity.id}"
    raise TypeError(f"no page shows a {type(entity).__name__}")


def anchor(entity: Node) -> Markup:
    """The element id an entity has on its page (ids are `[a-z0-9-]`, safe as is)."""
    target = entity_target(entity)[1]
    return Markup(target or "top")


class Links:
    """Relative links from one page to any page or entity of the site."""

    def __init__(self, page: str, options: Options) -> None:
        self.options = options
        self.page = self.options.full(page)
        here = page_url(self.page, options.use_directory_urls)
        base = here[: here.rfind("/")] if "/" in here else ""
        self._base = base.split("/") if base else []
        self._cache: dict[str, str] = {}

    def _relative(self, full: str, is_page: bool = True) -> str:
        cached = self._cache.get(full)
        if cached is None:
            target = page_url(full, self.options.use_directory_urls) if is_page else full
            parts = target.split("/")
            common = 0
            while common < min(len(self._base), len(parts) - 1) and self._base[common] == parts[common]:
                common += 1
            cached = "../" * (len(self._base) - common) + "/".join(parts[common:])
            self._cache[full] = cached or "./"
        return self._cache[full]

    def url(self, path: str, fragment: str = "") -> Markup:
        """A relative URL to the page at ``path`` (without prefix), with an optional fragment."""
        full = self.options.full(path)
        if full == self.page:
            # Within the page: a fragment only. `./` would be read from the page's folder by engines that
            # resolve raw HTML links from the file (Zensical), and lead to the folder's index there.
            return Markup(f"#{fragment}")
        return Markup(self._relative(full) + (f"#{fragment}" if fragment else ""))

    def file(self, path: str) -> Markup:
        """A relative URL to a file that is not a page (a data file), at ``path`` (without prefix)."""
        return Markup(self._relative(self.options.full(path), is_page=False))

    def href(self, entity: Node) -> Markup:
        path, fragment = entity_target(entity)
        return self.url(path, fragment)

    def link(self, entity: Node, text: str | None = None) -> Markup:
        """``<a>`` to an entity, titled with its (escaped) title unless ``text`` is given."""
        shown = text if text is not None else getattr(entity, "title", "")
        return Markup(f'<a href="{self.href(entity)}">{literal(shown)}</a>')


# --- addresses for data files (site-root relative, absolute with a site_url) ---


def entity_url(entity: Node, options: Options | None = None) -> str:
    """The page address of ``entity``, relative to the site root (absolute with a site_url)."""
    options = options or Options()
    page, fragment = entity_target(entity)
    path = options.full(page)
    url = page_url(path, options.use_directory_urls) + (f"#{fragment}" if fragment else "")
    return absolute(url, options)


def home_url(options: Options | None = None) -> str:
    options = options or Options()
    path = options.full("index.md")
    return absolute(page_url(path, options.use_directory_urls), options)


def absolute(url: str, options: Options) -> str:
    if not options.site_url:
        return url
    return options.site_url.rstrip("/") + "/" + url


def slug(text: str) -> str:
    """ASCII lowercase words joined by hyphens (for calendar UIDs)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "playbook"
