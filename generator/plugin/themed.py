"""The theme's render of the playbook's pages, done in a second process while MkDocs builds them in this one.

Once MkDocs has converted every page, it puts them through the theme one by
one: in a large build that is a third of the time, most of it the theme's
navigation and table of contents around each page. A forked copy of the
process holds every converted page, the navigation and the theme. It renders
most of the pages, running for each the plugin events MkDocs runs around the
theme, and sends the finished page; this process still runs those events
(search indexes the page here), then takes the finished page instead of
rendering it. The second process also works out, for the pages this one
renders itself, the words search takes from their HTML blocks.

A page comes out the same from either process: the second one starts from
this one's state once every page is converted, and the events that run in
it only change the page they are given. That holds for the plugins in
:data:`SAFE_PLUGINS` (search keeps an index, which is this process's), so a
site with any other plugin or hook renders every page here, as MkDocs does.
A page the second process has not reached, could not render, or renders for
a template other than the theme's ``main.html`` is rendered here, and so is
one whose render logged a warning there (the second process logs nothing: a
warning is this process's to show, and to count for ``--strict``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.forked import Streamed

SAFE_PLUGINS = frozenset({"search", "material/search", "stratbook"})
"""The plugins whose events give a page the same in either process and keep nothing else between pages."""

SHARE = 4
"""Of every this many pages, the second process renders all but one, which this one renders itself: its own work
on each page it takes (search, writing the file) is about a third of rendering one, so both finish together."""

PAGE_TEMPLATE = "main.html"
"""The theme's template of a page (a page's ``template`` in its front matter names another)."""


def themes_in_second_process(config: MkDocsConfig) -> bool:
    """Whether every plugin of the site is one a second process may run the page events of."""
    return set(config.plugins) <= SAFE_PLUGINS


class _NoIndex:
    """A search index that keeps nothing: the second process's index would be thrown away with it."""

    def add_entry_from_context(self, page: Page) -> None:
        """Search's work on a page, left to the first process (the search plugins call this)."""


def _search_keeps_nothing(config: MkDocsConfig) -> None:
    """In the second process, spare the search plugins' indexing of each page (their other work on it stays)."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index"):
            plugin.search_index = _NoIndex()


def _themed_by(page: Page) -> object:
    return page.meta.get("template", PAGE_TEMPLATE)


class ThemedPages:
    """The playbook's pages rendered through the theme by a second process, taken by MkDocs' render here.

    ``words(path)`` is what search takes from a page's blocks. Call :meth:`start` once the object is kept
    where the plugin finds it, :meth:`words` for each page as search is about to read it (it takes the
    finished page too), and :meth:`close` when the build ends.
    """

    def __init__(
        self,
        pages: Sequence[Page],
        *,
        nav: Navigation,
        files: Files,
        env: jinja2.Environment,
        config: MkDocsConfig,
        words: Callable[[str], tuple[str, ...]],
    ) -> None:
        self._first = os.getpid()
        self._config, self._nav, self._words = config, nav, words
        self._documentation = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self._pages = {page.file.src_uri: page for page in pages}
        self._template = env.get_template(PAGE_TEMPLATE)
        self._kinds = {
            uri: "page" if place % SHARE != SHARE - 1 and _themed_by(page) == PAGE_TEMPLATE else "words"
            for place, (uri, page) in enumerate(self._pages.items())
        }
        #: finished pages taken from the second process, until MkDocs' render of each asks for it
        self._finished: dict[str, str] = {}
        self._last: str | None = None
        #: in the second process, the page it renders and its words (the plugin asks for them there too)
        self._own: tuple[str, tuple[str, ...]] | None = None
        self._second = False
        self._stream: Streamed[tuple[str, str], Any] | None = None

    def start(self) -> None:
        """Fork the second process (once the caller holds this object: the plugin asks it for words there too)."""
        keys = [(kind, uri) for uri, kind in self._kinds.items()]
        self._stream = Streamed(keys, self._work)
        if self._stream.forked:
            self._template.render = self._render  # type: ignore[method-assign]

    def words(self, uri: str) -> tuple[str, ...] | None:
        """The words of the page at ``uri`` worked out by the second process, or None (work them out here)."""
        if os.getpid() != self._first:
            return self._own[1] if self._own is not None and self._own[0] == uri else None
        kind = self._kinds.get(uri)
        if kind is None or self._stream is None:
            return None
        answer = self._stream.get((kind, uri))
        if kind == "words" or answer is None:
            return answer
        words, self._finished[uri] = answer
        return words  # type: ignore[no-any-return]

    def finished(self, output: str) -> bool:
        """Whether ``output`` is a page the second process finished (the plugin events after the theme ran there)."""
        return output is self._last

    def close(self) -> None:
        """Stop the second process and give MkDocs' render back its own."""
        if self._stream is not None:
            self._stream.close()
        self._template.__dict__.pop("render", None)
        self._finished.clear()
        self._last = None

    def _render(self, *args: Any, **kwargs: Any) -> str:
        """The theme's render, or the finished page the second process sent for the page it is asked to render."""
        context = args[0] if len(args) == 1 and not kwargs and isinstance(args[0], dict) else {}
        page = context.get("page")
        finished = self._finished.pop(page.file.src_uri, None) if isinstance(page, Page) else None
        if finished is None:
            return jinja2.Template.render(self._template, *args, **kwargs)
        self._last = finished
        return finished

    def _work(self, key: tuple[str, str]) -> object:
        """In the second process: a page's words, or its words and the page as MkDocs' build of it writes it."""
        if not self._second:
            self._second = True
            _search_keeps_nothing(self._config)
            logging.Logger.callHandlers = _Log.hold  # type: ignore[method-assign,assignment]
        kind, uri = key
        words = self._words(uri)
        if kind == "words":
            return words
        self._own = (uri, words)
        page, config, nav = self._pages[uri], self._config, self._nav
        config._current_page = page
        page.active = True
        _Log.warned = False
        try:  # the steps of MkDocs' build of a page, up to writing it
            context = get_context(nav, self._documentation, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = jinja2.Template.render(self._template, context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        if _Log.warned:
            raise _Warned(uri)
        return words, output


class _Warned(Exception):
    """A page whose render logged a warning in the second process: the first renders it, and shows the warning."""


class _Log:
    """What the second process logs: nothing, as the first process shows its own messages."""

    warned = False
    """Whether a message at WARNING or above came while the second process rendered its current page."""

    @staticmethod
    def hold(logger: logging.Logger, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            _Log.warned = True
