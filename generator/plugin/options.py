"""The plugin's options in ``mkdocs.yml``, and the settings of other plugins it adjusts to."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig


class StratbookConfig(base.Config):  # type: ignore[no-untyped-call]
    content_dir = c.Type(str, default="content")
    """The playbook folder, relative to mkdocs.yml."""
    strict = c.Type(bool, default=False)
    """Fail the build on content warnings too (like ``stratbook check --strict``)."""
    as_of = c.Optional(c.Type((str, dt.date)))
    """Judge progress as of this date; default: the playbook's ``as_of``, else ``SOURCE_DATE_EPOCH``, else UTC today."""
    templates = c.Optional(c.Type(str))
    """A folder (relative to mkdocs.yml) whose templates override the built-in ones."""
    changes_since = c.Optional(c.Type(str))
    """A git revision (or `latest-tag`) to compare with: adds a "What changed" page and marks changed items."""
    prefix = c.Type(str, default="")
    """Publish the playbook under this folder of the site, e.g. ``playbook`` (default: the site root)."""
    markdown_html = c.Choice(("safe", "trusted"), default="safe")
    """``safe``: Markdown fields are sanitized; ``trusted``: their raw HTML is published as written."""
    direct_html = c.Type(bool, default=True)
    """Put the pages' finished HTML blocks into the built page after Markdown and search, instead of
    through them (the same HTML, in a fraction of the time); ``false`` for plugins that must see them."""


WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Where a site built with Material's offline plugin gets the web-worker shim that search needs on file://."""


def use_local_worker_shim(config: MkDocsConfig) -> bool:
    """With Material's offline plugin, load the iframe-worker shim from the site instead of a CDN.

    The offline plugin adds ``https://unpkg.com/iframe-worker/shim`` to ``extra.polyfills``: a site opened
    from ``file://`` would fetch it from the network, or, without a network, lose search. A local polyfill
    the site sets itself is left alone.
    """
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is None or not getattr(offline, "config", {}).get("enabled", True):
        return False
    polyfills = [p for p in config.extra.get("polyfills", []) if not _is_remote_worker_shim(p)]
    if not any("iframe-worker" in str(p) for p in polyfills):
        polyfills.append(WORKER_SHIM)
    config.extra["polyfills"] = polyfills  # the offline plugin adds no CDN copy when one is listed
    return WORKER_SHIM in polyfills


def _is_remote_worker_shim(url: object) -> bool:
    return "iframe-worker" in str(url) and "://" in str(url)
