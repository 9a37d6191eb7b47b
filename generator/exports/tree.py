"""The site source of a playbook, one tree for every engine that reads ``mkdocs.yml``.

``stratbook build`` writes this tree into the docs folder, and the MkDocs
plugin adds the very same files to a build in memory, so MkDocs, ProperDocs
and Zensical publish the same bytes.  Besides the pages, the pictures'
stylesheets and the data files, the tree holds a configuration fragment
(``.stratbook/mkdocs.yml``) with the navigation and the stylesheets: a
project's ``mkdocs.yml`` includes it with ``INHERIT`` instead of copying
lists by hand.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.analysis.changes import Changes
from generator.exports.files import (
    BUILD,
    MANIFEST,
    STATE_DIR,
    TreeReport,
    UnsafeOutputError,
    Wording,
    check_output_folder,
    digest,
    read_manifest,
    write_tree,
)
from generator.exports.ics import CalendarEvents
from generator.exports.site import site_data_files
from generator.forked import Claims, Forked, can_fork
from generator.model import Playbook
from generator.rendering.environment import STYLESHEETS, render_pages, stylesheets
from generator.rendering.options import Options, page_url
from generator.rendering.page_cache import PageCache
from generator.rendering.pages import nav_tree

ENGINE_CONFIG = f"{STATE_DIR}/mkdocs.yml"
"""The configuration fragment, relative to the output folder: ``INHERIT: docs/.stratbook/mkdocs.yml``."""
SCRIPTS: tuple[str, ...] = ()
"""Scripts the pages need (docs paths); none today, listed in the fragment as ``extra_javascript`` when some are."""
PAGE_SUFFIXES = (".md", ".markdown")
"""What MkDocs and Zensical read as a page of the site's own."""
_HEADER = (
    "# Written by `stratbook build`, rewritten by every build: do not edit.\n"
    "# The playbook's navigation and stylesheets for any engine that reads mkdocs.yml: include this file\n"
    "# with `INHERIT: docs/.stratbook/mkdocs.yml` (its path from mkdocs.yml) at the top of mkdocs.yml."
)


def site_tree(
    playbook: Playbook,
    options: Options | None = None,
    changes: Changes | None = None,
    *,
    reuse: tuple[PageCache, Mapping[str, str]] | None = None,
    events: CalendarEvents | None = None,
) -> dict[str, bytes]:
    """Every file the site needs from Stratbook: docs path -> bytes (pages, stylesheets, data files).

    With ``changes`` the pages include "What changed" and mark what is new or moved; ``reuse`` as in
    :func:`~generator.rendering.environment.render_pages` and ``events`` as in
    :func:`~generator.exports.ics.calendar` (the preview).
    """
    options = options or Options()
    if reuse is not None or events is not None or not can_fork():
        files = _pages(playbook, options, changes, reuse=reuse)
        files.update(site_data_files(playbook, options, events))
    else:
        files = _two_processes(playbook, options, changes)
    files.update({path: text.encode("utf-8") for path, text in stylesheets().items()})
    return dict(sorted(files.items()))


def _two_processes(playbook: Playbook, options: Options, changes: Changes | None) -> dict[str, bytes]:
    """The pages and data files, rendered by this process and a forked second one between them.

    The second writes the data files, then both walk the pages in the site's order and each renders the
    pages nobody has claimed yet (:class:`~generator.forked.Claims`), so the work splits evenly
    whatever its shape.
    """
    claims = Claims()
    taken: set[int] = set()

    def mine(place: int) -> bool:  # the Reference pages (at -1) are made once per process: here
        if place < 0 or claims(place):
            taken.add(place)
            return True
        return False

    def theirs() -> dict[str, bytes]:
        data = site_data_files(playbook, options)
        return {**_pages(playbook, options, changes, share=lambda place: place >= 0 and claims(place)), **data}

    def left() -> dict[str, bytes]:  # the second process failed: what it claimed is still to do
        rest = _pages(playbook, options, changes, share=lambda place: place not in taken)
        return {**rest, **site_data_files(playbook, options)}

    second = Forked(theirs, instead=left)
    try:
        files = _pages(playbook, options, changes, share=mine)
    except Exception:
        # A page failed here, and one before it may fail there: rendered again in this process, the site
        # fails on its first failing page, as it does in one process.
        second.cancel()
        files = _pages(playbook, options, changes)
        files.update(site_data_files(playbook, options))
        return files
    except BaseException:
        second.cancel()
        raise
    for path, data in second.result().items():
        _add(files, path, data)
    return files


def _pages(
    playbook: Playbook,
    options: Options,
    changes: Changes | None,
    *,
    reuse: tuple[PageCache, Mapping[str, str]] | None = None,
    share: Callable[[int], bool] | None = None,
) -> dict[str, bytes]:
    """The pages of :func:`~generator.rendering.environment.render_pages`, each as UTF-8."""
    # Each page is kept as UTF-8 as it comes: a page's text holds arrows and ticks, so Python would keep
    # it with two bytes a character, and a whole site of it at once, besides the bytes.
    files: dict[str, bytes] = {}
    for path, text in render_pages(playbook, options, changes, reuse=reuse, share=share):
        _add(files, path, text.encode("utf-8"))
    return files


def _add(files: dict[str, bytes], path: str, data: bytes) -> None:
    """Add a page to ``files``; the checker keeps ids from naming a section's page, so two pages at a path
    (from one process or from two) are a bug."""
    if path in files:
        raise ValueError(f"two pages of the site would be written to {path}")
    files[path] = data


def own_pages(folder: Path, tree: Iterable[str], ours: Iterable[str] = ()) -> list[str]:
    """The site's own pages in ``folder``: Markdown files that Stratbook neither writes nor wrote, sorted.

    Dot folders are skipped (no engine publishes them) and links are not followed.
    """
    skip = set(tree) | set(ours)
    pages: list[str] = []
    if not folder.is_dir():
        return pages
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in names:
            path = Path(top, name)
            relative = path.relative_to(folder).as_posix()
            if name.endswith(PAGE_SUFFIXES) and not name.startswith(".") and relative not in skip:
                pages.append(relative)
    return sorted(pages)


def engine_config(options: Options, own: Sequence[str]) -> bytes:
    """The fragment: the sections' navigation, then the site's own pages; the stylesheets and scripts."""
    lines = [_HEADER]
    lines.append("nav:")
    lines.extend(_yaml_item(entry, 1) for entry in [*nav_tree(options), *own])
    lines.append("extra_css:")
    lines.extend(f"  - {json.dumps(sheet)}" for sheet in STYLESHEETS)
    if SCRIPTS:
        lines.append("extra_javascript:")
        lines.extend(f"  - {json.dumps(script)}" for script in SCRIPTS)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _yaml_item(entry: str | Mapping[str, Any], depth: int) -> str:
    """One navigation entry as block YAML; strings are JSON-quoted (valid YAML, any title is safe)."""
    pad = "  " * (depth - 1)
    if isinstance(entry, str):
        return f"{pad}- {json.dumps(entry, ensure_ascii=False)}"
    lines: list[str] = []
    for title, value in entry.items():
        key = f"{pad}- {json.dumps(title, ensure_ascii=False)}:"
        if isinstance(value, str):
            lines.append(f"{key} {json.dumps(value, ensure_ascii=False)}")
        else:
            lines.extend([key, *(_yaml_item(child, depth + 2) for child in value)])
    return "\n".join(lines)


def _check_addresses(folder: Path, tree: Iterable[str], pages: Iterable[str], previous: Mapping[str, str],
                     options: Options, *, wording: Wording = BUILD) -> None:
    """:class:`UnsafeOutputError` when a page in the folder that stays has the address of a page of the tree.

    ``docs/roadmap.md`` is served at ``roadmap/``, where the tree's ``roadmap/index.md`` is: the engine would
    publish one over the other.  A page the last build wrote that still holds it is no clash: it is deleted.
    """
    urls = {page_url(path, options.use_directory_urls): path for path in tree if path.endswith(".md")}
    for page in pages:
        taken = urls.get(page_url(_as_md(page), options.use_directory_urls))
        if taken is not None and previous.get(page) != _held(folder / page):
            raise UnsafeOutputError(
                f"{folder / page}: error: this page has the address of the playbook's `{taken}`, and Stratbook "
                f"did not write it (or it was edited since); move or rename it, or {wording.elsewhere}"
            )


def _as_md(page: str) -> str:
    """The ``.md`` path an engine serves ``page`` like: ``x.markdown`` as ``x.md``, ``README.md`` as ``index.md``."""
    stem = page[: -len(".markdown")] if page.endswith(".markdown") else page.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name.lower() == "readme":
        name = "index"
    return f"{folder}/{name}.md" if folder else f"{name}.md"


def _held(path: Path) -> str | None:
    """The SHA-256 of a regular file (links are not read), else None."""
    try:
        return None if path.is_symlink() else digest(path.read_bytes())
    except OSError:
        return None


def build_tree(
    playbook: Playbook,
    folder: Path,
    options: Options | None = None,
    *,
    protected: Sequence[Path] = (),
    playbook_folder: Path | None = None,
    wording: Wording = BUILD,
) -> TreeReport:
    """Write the site tree and its fragment into ``folder`` with the care of :func:`write_tree`."""
    options = options or Options()
    check_output_folder(folder, protected, playbook_folder, wording)  # refused before anything in it is read
    tree = site_tree(playbook, options)
    previous = read_manifest(folder).files if folder.is_dir() else {}
    found = own_pages(folder, tree)
    _check_addresses(folder, tree, found, previous, options, wording=wording)
    own = [page for page in found if page not in previous]
    tree[ENGINE_CONFIG] = engine_config(options, own)
    assert MANIFEST not in tree
    return write_tree(folder, tree, protected=protected, playbook=playbook_folder, wording=wording)
