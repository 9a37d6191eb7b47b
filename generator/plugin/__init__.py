"""The ``stratbook`` MkDocs plugin: a thin adapter over the site tree of :mod:`generator.exports.tree`.

It loads and checks the playbook and adds every file of the tree that
``stratbook build`` writes (pages, stylesheets, data files) to the build in
memory, byte for byte (``File.generated``: nothing is written into
``docs_dir``). Files that ``stratbook build`` wrote into ``docs_dir`` are
replaced, or left out when stale. Only the section index pages go in the
navigation: entity pages are reached by links, so the navigation (which
Material renders into every page) stays bounded as the playbook grows.

Content errors stop ``mkdocs build`` with the messages of ``stratbook check``.
During ``mkdocs serve`` they are logged and shown where the editor looks: every
page carries a banner with them while the last good pages stay up, and a
playbook broken from the start is served as one page that lists them, until
the YAML is fixed.

With ``direct_html`` (the default) each page's finished HTML blocks skip
Markdown and search (:mod:`generator.exports.html_blocks`), and a page left
with only headings skips Markdown altogether (:mod:`generator.exports.headings`).
In a build on two cores, a second process prepares the pages ahead of MkDocs
(:mod:`generator.exports.prepared`, :class:`~generator.forked.Streamed`), then
renders most of them through the theme while MkDocs writes them (:mod:`.themed`).

The site's name is the playbook's ``title`` unless ``mkdocs.yml`` sets a
``site_name`` of its own (MkDocs requires the key: ``site_name: ""`` leaves it
to the playbook).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.analysis.changes import Changes, compare
from generator.exceptions import Diagnostic, PlaybookNotFoundError, StratbookError, printable
from generator.exports.files import owned_files
from generator.exports.headings import HeadingPages, line_local
from generator.exports.html_blocks import collapse_indentation
from generator.exports.ics import CalendarEvents
from generator.exports.prepared import PreparedPage, markdown_digest, prepare
from generator.exports.tree import site_tree
from generator.forked import Streamed
from generator.loading.folder import ParsedFiles
from generator.model import Playbook
from generator.model.fields import date_range_problem
from generator.pipeline import Result, load
from generator.plugin.options import WORKER_SHIM, StratbookConfig, use_local_worker_shim
from generator.plugin.pages import PREPARED_SHARE, GeneratedPage, let_go, prepared_page, take_converted
from generator.plugin.themed import ThemedPages, themes_in_second_process
from generator.rendering.environment import STYLESHEETS
from generator.rendering.options import Options
from generator.rendering.page_cache import PageCache
from generator.rendering.pages import CHANGES_PAGE, nav_pages, nav_tree
from generator.rendering.problems import problems_banner
from generator.rendering.text import literal
from generator.revisions import RevisionContentError, RevisionError, load_at

log = logging.getLogger("mkdocs.plugins.stratbook")

REQUIRED_EXTENSIONS = ("attr_list", "md_in_html")
"""Markdown extensions the pages rely on (heading ids, Markdown fields inside HTML blocks)."""


class StratbookPlugin(BasePlugin[StratbookConfig]):  # type: ignore[no-untyped-call]
    """Publish the playbook in ``content_dir`` as pages of the MkDocs site."""

    def __init__(self) -> None:
        super().__init__()
        self._serving = False
        self._dirty = False
        self._last_tree: dict[str, bytes] | None = None
        self._auto_nav = False
        self._offline = False
        self._content = Path("content")
        self._templates: Path | None = None
        self._as_of: dt.date | None = None
        self._result: Result | None = None
        self._title = ""
        #: the content problems that pages show while serving (empty when the playbook is fine)
        self._problems: list[Diagnostic] = []
        self._broken_from_start = False
        #: each page being built, prepared (its HTML blocks lifted, its headings converted), by its path
        self._building: dict[str, PreparedPage] = {}
        #: in a build, the pages prepared by a second process while MkDocs builds them (see on_files)
        self._prepared: Streamed[tuple[str, str], Any] | None = None
        #: the pages whose preparation came from the second process: so do their words for search
        self._taken: set[str] = set()
        #: the converter of such pages, with the settings of the site it was made for (None: convert pages whole)
        self._headings: tuple[str, HeadingPages | None] | None = None
        #: while serving, the pages of the last render, reused after an edit where their files did not change
        self._pages = PageCache()
        #: while serving, the files of the last load, parsed: an edit parses only the files it changed
        self._parsed = ParsedFiles()
        #: while serving, the calendar's events as last written: an edit writes again only those it changed
        self._events = CalendarEvents()
        #: the navigation MkDocs gives the theme, and the pages it renders in a second process (see on_env)
        self._nav: Navigation | None = None
        self._themed: ThemedPages | None = None
        #: whether this build froze the objects alive at its start (see on_pre_build)
        self._frozen = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds: it holds the last good pages.
        self._serving = command == "serve"
        self._dirty = self._serving and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self._content = (root / self.config.content_dir).resolve()
        self._templates = (root / self.config.templates).resolve() if self.config.templates else None
        self._as_of = self._parse_as_of(self.config.as_of)
        prefix = self.config.prefix.strip("/")
        if prefix and not all(part and part not in (".", "..") for part in prefix.split("/")):
            raise PluginError(f"stratbook: `prefix: {self.config.prefix}` must be a folder path like `playbook`")
        self._auto_nav = config.nav is None
        extensions = config.markdown_extensions
        for name in REQUIRED_EXTENSIONS:
            if name not in extensions and f"markdown.extensions.{name}" not in extensions:
                extensions.append(name)
        for sheet in STYLESHEETS:
            if sheet not in config.extra_css:
                config.extra_css.append(sheet)
        for path in (self._content, self._templates):
            if path is not None and str(path) not in config.watch:
                config.watch.append(str(path))
        self._offline = use_local_worker_shim(config)
        self._result = self._load()
        if self._result.playbook is not None:
            self._title = self._result.playbook.title
        if not config.site_name:
            config.site_name = self._title or "Playbook"
        return config

    def _load(self) -> Result:
        try:
            parsed = self._parsed if self._serving else None
            return load(self._content, as_of=self._as_of, parsed_files=parsed, two_processes=not self._serving)
        except PlaybookNotFoundError as exc:
            raise PluginError(f"stratbook: {exc} (set the plugin option `content_dir`)") from None
        except StratbookError as exc:
            raise PluginError(f"stratbook: {exc}") from None

    @staticmethod
    def _parse_as_of(value: Any) -> dt.date | None:
        if value is None:
            return None
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            raise PluginError(f"stratbook: `as_of: {value}` is not an ISO date like 2027-03-31") from None
        problem = date_range_problem(day)
        if problem is not None:
            raise PluginError(f"stratbook: `as_of` {problem}")
        return day

    def _options(self, config: MkDocsConfig) -> Options:
        return Options(
            site_url=config.site_url or None,
            prefix=self.config.prefix.strip("/"),
            use_directory_urls=bool(config.use_directory_urls),
            templates=self._templates,
            markdown_html=self.config.markdown_html,
        )

    def _changes(self, playbook: Playbook) -> Changes | None:
        """What changed since `changes_since`; a revision that cannot be read, or has errors, fails the build."""
        if not self.config.changes_since:
            return None
        try:
            revision, before = load_at(self._content, self.config.changes_since)
        except RevisionError as exc:
            raise PluginError(f"stratbook: {exc.detail} (plugin option `changes_since`)") from None
        if before.playbook is None:
            raise PluginError(str(RevisionContentError(revision.name, before.errors or before.diagnostics)))
        return compare(before.playbook, playbook, revision.name)

    def _render(self, config: MkDocsConfig) -> dict[str, bytes]:
        """The site tree, or while serving the last good one (or a page of errors); PluginError in a build."""
        result, self._result = self._result or self._load(), None  # loaded by on_config once per build
        failing: list[Diagnostic] = result.errors + (result.warnings if self.config.strict else [])
        self._problems = []
        if not failing and result.playbook is not None:
            for warning in result.warnings:
                log.warning(str(warning))
            for accepted in result.accepted:
                # An accepted warning must not fail `mkdocs build --strict`, so it is logged below WARNING.
                log.info(str(accepted))
            try:
                reuse = (self._pages, result.digests) if self._serving else None
                events = self._events if self._serving else None
                tree = site_tree(
                    result.playbook, self._options(config), self._changes(result.playbook), reuse=reuse, events=events
                )
            except Exception as exc:
                return self._failed(exc)
            self._last_tree = tree
            self._broken_from_start = False
            return tree
        text = "\n".join(str(d) for d in result.diagnostics)
        summary = f"the playbook in {self.config.content_dir} has {len(failing)} problem(s) to fix"
        if not self._serving:
            raise PluginError(f"{text}\nstratbook: {summary}")
        self._problems = failing
        if self._last_tree is not None:
            log.error(f"{text}\nstratbook: {summary}; still showing the last good version of the playbook")
            return self._last_tree
        log.error(f"{text}\nstratbook: {summary}; the site shows them until they are fixed")
        self._broken_from_start = True
        return {self._options(config).page("index.md"): f"# {literal(config.site_name)}\n".encode()}

    @event_priority(-100)  # after other plugins changed the Markdown: what they add stays theirs
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Lift a generated page's HTML blocks out of Markdown's way; while serving a broken playbook, every
        page starts with the problems (file:line:col, message)."""
        uri = page.file.src_uri
        self._building.pop(uri, None)  # an earlier rebuild that stopped halfway left nothing behind
        if isinstance(page.file, GeneratedPage) and self.config.direct_html:
            headings = self._heading_pages(config) if not self._problems else None
            prepared = self._prepared.get(("page", uri)) if self._prepared is not None else None
            if prepared is not None and prepared.digest == markdown_digest(markdown):
                self._taken.add(uri)  # prepared from this very Markdown (no other plugin changed it)
            else:
                prepared = prepare(markdown, headings)
            self._building[uri] = prepared
            markdown = prepared.lifted.markdown
            if not self._serving:
                page.file.content_bytes = b""  # read once: the blocks are kept, the rest is in page.markdown
            if prepared.converted is not None and headings is not None:
                # Nothing left for Markdown: MkDocs' render of this page takes the converted HTML.
                page.render = functools.partial(take_converted, page, prepared.converted, markdown)  # type: ignore[method-assign]
                return markdown
        if not self._problems:
            return markdown
        return problems_banner(self._problems, shown=not self._broken_from_start) + markdown

    def _heading_pages(self, config: MkDocsConfig) -> HeadingPages | None:
        """The converter of pages made of headings and lifted blocks, for this site's Markdown settings.

        Kept while the settings stay the same (each heading line is converted once); None when an
        extension of the site may treat a heading differently within a whole page.
        """
        extensions, configs = config.markdown_extensions, config.mdx_configs or {}
        settings = repr((extensions, sorted(configs.items())))
        if self._headings is None or self._headings[0] != settings:
            self._headings = (settings, HeadingPages(extensions, configs) if line_local(extensions) else None)
        return self._headings[1]

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """MkDocs learns the anchors of the lifted blocks, for its check of links to anchors."""
        prepared = self._building.get(page.file.src_uri)
        if prepared is not None and page.present_anchor_ids is not None:
            page.present_anchor_ids |= prepared.anchors
        return html

    @event_priority(100)  # just before search indexes the page
    def _words_for_search(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Search sees the words of the lifted blocks, not their markup (as it skips pictures anyway)."""
        uri = page.file.src_uri
        prepared = self._building.get(uri)
        if prepared is not None and page.content is not None:
            words = None
            if self._themed is not None:
                words = self._themed.words(uri)
            elif self._prepared is not None and uri in self._taken:
                words = self._prepared.get(("words", uri))
            page.content = prepared.lifted.for_search(page.content, words)
        return context

    @event_priority(-100)  # after search indexed the page, before the theme renders it
    def _put_back(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Put the lifted HTML blocks back: the built page holds exactly the generated HTML."""
        prepared = self._building.pop(page.file.src_uri, None)
        if prepared is not None and page.content is not None:
            page.content = prepared.lifted.restore(page.content)
        return context

    on_page_context = CombinedEvent(_words_for_search, _put_back)

    def _failed(self, exc: Exception) -> dict[str, bytes]:
        """What checked content that still fails to render gives: the last good pages while serving, else an error."""
        log.debug("stratbook: the site could not be built", exc_info=exc)
        what = f"stratbook: the site could not be built ({type(exc).__name__}: {printable(str(exc))})"
        report = "This is a bug in Stratbook: please report it with the playbook that causes it"
        if self._serving and self._last_tree is not None:
            log.error(f"{what}; still showing the last good version of the playbook. {report}")
            return self._last_tree
        raise PluginError(f"{what}. {report}")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        previous = self._last_tree if self._dirty else None
        shown_problems = self._problems
        tree = self._render(config)
        if self._problems != shown_problems:
            previous = None  # the banner came or went: every page changes, not only those whose Markdown did
        # Files `stratbook build` wrote into docs_dir (and that still hold what it wrote) are Stratbook's:
        # replaced by this build's, or left out when the playbook no longer has them.
        built = owned_files(Path(config.docs_dir))
        in_nav = {path for _, path in nav_pages(self._options(config))}
        changes_page = self._options(config).page(CHANGES_PAGE)
        if changes_page in tree:
            in_nav.add(changes_page)
        # The site's own files by address: one at a generated page's address (`roadmap.md` where the tree
        # holds `roadmap/index.md`) would be published over it.
        theirs = {f.dest_uri: f for f in files if not f.generated_by and f.src_uri not in built}
        for path, data in tree.items():
            existing = files.get_file_from_path(path)
            if self._broken_from_start and existing is not None and not existing.generated_by:
                continue  # the site's own home page carries the banner instead
            if path in STYLESHEETS and existing is not None and not existing.generated_by and path not in built:
                continue  # a site's own copy of a stylesheet wins
            if path.endswith(".md"):
                inclusion = InclusionLevel.INCLUDED if path in in_nav else InclusionLevel.NOT_IN_NAV
                page = GeneratedPage.generated(config, path, content=data, inclusion=inclusion)
                if isinstance(page, GeneratedPage) and previous is not None:
                    page.unchanged = previous.get(path) == data
                _replace(files, page, "page", config, built=built, theirs=theirs)
            else:
                _replace(
                    files, File.generated(config, path, content=data), "data file", config, built=built, theirs=theirs
                )
        for path in sorted(built - tree.keys()):
            stale = files.get_file_from_path(path)
            if stale is not None and not stale.generated_by:
                files.remove(stale)
        if self._offline and files.get_file_from_path(WORKER_SHIM) is None:
            shim = (Path(__file__).parent.parent / "assets" / "iframe-worker-shim.js").read_text(encoding="utf-8")
            files.append(File.generated(config, WORKER_SHIM, content=shim))
        if self._auto_nav:
            config.nav = self._navigation(files, config)
        if not self._serving:
            self._last_tree = None  # a build reads each page once (and lets it go): only serving needs it again
            self._prepare_in_second_process(files, tree, config)
        return files

    def _prepare_in_second_process(self, files: Files, tree: Mapping[str, bytes], config: MkDocsConfig) -> None:
        """In a build, a second process prepares most pages (then their words for search) in the order MkDocs
        builds them, so that this one takes each when MkDocs reaches it (:mod:`generator.exports.prepared`).
        """
        self._close_second_process()
        if not self.config.direct_html:
            return
        ours = [f.src_uri for f in files.documentation_pages() if isinstance(f, GeneratedPage)]
        share = [uri for place, uri in enumerate(ours) if place % PREPARED_SHARE != PREPARED_SHARE - 1]
        keys: list[tuple[str, str]] = [("page", uri) for uri in share]
        if not self._theming(config):
            keys += [("words", uri) for uri in share]  # else the process that renders the theme works them out
        self._prepared = Streamed(keys, functools.partial(prepared_page, tree, self._heading_pages(config)))

    def _close_second_process(self) -> None:
        if self._prepared is not None:
            self._prepared.close()
        self._prepared = None
        self._taken.clear()

    def _theming(self, config: MkDocsConfig) -> bool:
        """Whether this build renders the theme around the pages in a second process (:mod:`.themed`)."""
        return not self._serving and self.config.direct_html and themes_in_second_process(config)

    @event_priority(-100)  # the navigation as the theme gets it
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav if self._theming(config) else None  # kept for on_env, let go when the build ends
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is converted: in a build, a second process renders the theme around them (:mod:`.themed`)."""
        self._close_theming()
        if self._nav is not None:  # kept by on_nav only for a build that renders the theme in two
            self._close_second_process()  # it prepared its share of the pages already
            ours = [
                f.page
                for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
                if isinstance(f, GeneratedPage) and f.page is not None and f.src_uri in self._building
            ]
            self._themed = ThemedPages(
                ours, nav=self._nav, files=files, env=env, config=config, words=self._words_of
            )
            self._themed.start()
        return env

    def _words_of(self, uri: str) -> tuple[str, ...]:
        return self._building[uri].lifted.words()

    def _close_theming(self, *, ended: bool = False) -> None:
        if self._themed is not None:
            self._themed.close()
        self._themed = None
        if ended:
            self._nav = None  # it holds every page of the build

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """In a build, keep what is alive now (the playbook, read by :meth:`on_config`) from the collector.

        It lives until the build ends, and the cyclic collector would scan it again on every run while
        the pages are built: at 10,000 objectives, a twentieth of the build. Serving keeps the collector
        as it is (each rebuild reads a new playbook), and so does a process that froze objects itself.
        """
        if not self._serving and gc.get_freeze_count() == 0:
            gc.freeze()
            self._frozen = True

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._close_theming(ended=True)
        self._close_second_process()
        self._unfreeze()

    def on_build_error(self, *, error: Exception) -> None:
        self._close_theming(ended=True)
        self._close_second_process()
        self._unfreeze()

    def _unfreeze(self) -> None:
        """Hand what :meth:`on_pre_build` froze back to the collector: a process may go on after the build."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Write a built page of the playbook without the theme's indentation, and let it go.

        A site holds thousands of these pages: the theme's indentation is a
        tenth of each (:func:`~generator.exports.html_blocks.collapse_indentation`).
        MkDocs keeps every page's Markdown and HTML until the build ends; at
        10,000 objectives that is more than the rest of the build together.
        The page's text is not needed again (search read it before this
        hook, the next build reads the files anew), so only memory changes.
        """
        if not isinstance(page.file, GeneratedPage):
            return output
        if not self._serving:
            let_go(page)
        if self._themed is not None and self._themed.finished(output):
            return output  # the second process took the indentation out already
        return collapse_indentation(output)

    def _navigation(self, files: Files, config: MkDocsConfig) -> list[Any]:
        """The section pages, then the site's own pages (the plugin never lists entity pages)."""
        ours: list[Any] = [self._options(config).page("index.md")] if self._broken_from_start else []
        if not self._broken_from_start:
            ours = nav_tree(self._options(config))
            changes_page = self._options(config).page(CHANGES_PAGE)
            if changes_page in (self._last_tree or {}):
                ours.append({"What changed": changes_page})
        generated = set(self._last_tree or ())
        theirs = sorted(
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in generated and f.inclusion.is_in_nav() and not f.generated_by  # type: ignore[no-untyped-call]
        )
        return ours + theirs


def _replace(
    files: Files, generated: File, what: str, config: MkDocsConfig, *, built: set[str], theirs: Mapping[str, File]
) -> None:
    """Add a generated file, replacing an earlier build's or `stratbook build`'s; a site's own file at its path
    or its address is an error."""
    existing = files.get_file_from_path(generated.src_uri)
    own = existing if existing is not None and not existing.generated_by and existing.src_uri not in built else None
    own = own or theirs.get(generated.dest_uri)
    if own is not None:
        raise PluginError(
            f"{posixpath.join(config.docs_dir, own.src_uri)}: error: Stratbook publishes a {what} of the "
            f"playbook at this {'path' if own.src_uri == generated.src_uri else 'address'}; rename or remove the "
            "file, or set the plugin option `prefix` (for example `prefix: playbook`)"
        )
    if existing is not None:
        files.remove(existing)
    files.append(generated)
