"""Browser fixtures: the example site built once, served on loopback, read by Debian's Chromium through Playwright.

Chromium is never downloaded (no ``playwright install``): the tests drive ``/usr/bin/chromium``. Without it
they skip, except under ``CI=true``, where a skip would hide a broken install, so they fail instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about", "file"}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, which must run every browser test."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


def leaves_loopback(url: str) -> bool:
    """Whether a request for ``url`` would reach another machine."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in LOOPBACK


def mkdocs_build(config: Path, out: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=config.parent,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example playbook's site, built like the README says (``mkdocs build --strict``)."""
    out = tmp_path_factory.mktemp("browser-site") / "site"
    mkdocs_build(REPO / "mkdocs.yml", out)
    return out


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site built with Material's offline plugin, to be opened from ``file://``.

    The configuration inherits the root one; paths become absolute because they are read relative to this
    temporary file, and the plugins list is restated because MkDocs replaces lists when inheriting.
    """
    root = tmp_path_factory.mktemp("browser-offline")
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\n"
        f"docs_dir: {REPO / 'docs'}\n"
        "use_directory_urls: false\n"
        "theme:\n"
        f"  custom_dir: {REPO / 'theme'}\n"
        "plugins:\n"
        "  - search\n"
        "  - stratbook:\n"
        f"      content_dir: {REPO / 'content'}\n"
        "  - offline\n",
        encoding="utf-8",
    )
    out = root / "site"
    mkdocs_build(config, out)
    return out


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example published without the plugin, as the README says: `stratbook build`, then `zensical build`.

    The project is a copy of the example whose mkdocs.yml includes the fragment the build writes (`INHERIT`).
    """
    root = tmp_path_factory.mktemp("browser-zensical") / "project"
    for name in ("content", "docs", "theme"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"INHERIT: docs/.stratbook/mkdocs.yml\n{config}", encoding="utf-8")
    for command in (
        [sys.executable, "-c", "from generator.cli import run; run()", "build"],
        [sys.executable, "-m", "zensical", "build", "--strict"],
    ):
        done = subprocess.run(
            command, cwd=root, env={**ENV, "NO_COLOR": "1"}, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on a free loopback port until the generator is closed."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    yield from serve(zensical_site)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output free of access logs."""


@pytest.fixture(scope="session")
def base_url(example_site: Path) -> Iterator[str]:
    """The example site served on a free loopback port."""
    yield from serve(example_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing (install Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Reader:
    """A browser tab and what it did: every request it made and every console error it logged."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        return sorted({url for url in self.requests if leaves_loopback(url)})


@pytest.fixture
def reader(browser: Any) -> Iterator[Reader]:
    """A fresh tab (light scheme, desktop size) that records requests and console errors.

    Requests for other hosts are recorded and then aborted, so a test never reaches the network even
    when it finds a leak.
    """
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    seen = Reader(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def route(route: Any) -> None:
        url = route.request.url
        seen.requests.append(url)
        if leaves_loopback(url):
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    try:
        yield seen
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        unavailable(f"{AXE.relative_to(REPO)} is missing (run `npm ci --prefix tests/browser`)")
    return AXE


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
