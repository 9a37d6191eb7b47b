"""Pages rendered through the theme by a second process: the same site, whichever process renders a page."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from test_forked import built_files, forking
from test_site import with_hooks, write_site

from generator.forked import SECOND_PROCESS
from generator.plugin.themed import ThemedPages


class Spy:
    """What the build asked of its second process: the pages it took finished, and what it left behind."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, pause: float = 0.0) -> None:
        self.made = 0
        self.share: list[str] = []
        self.taken: list[str] = []
        self.patched_after_close: list[bool] = []
        first = os.getpid()
        init, words, close = ThemedPages.__init__, ThemedPages.words, ThemedPages.close

        def made(themed: ThemedPages, *args: Any, **kwargs: Any) -> None:
            init(themed, *args, **kwargs)
            self.made += 1
            self.share += [uri for uri, kind in themed._kinds.items() if kind == "page"]

        def asked(themed: ThemedPages, uri: str) -> Any:
            if os.getpid() == first:
                time.sleep(pause)  # the second process keeps ahead of this one
            found = words(themed, uri)
            if os.getpid() == first and uri in themed._finished:
                self.taken.append(uri)
            return found

        def closed(themed: ThemedPages) -> None:
            close(themed)
            self.patched_after_close.append("render" in themed._template.__dict__)

        monkeypatch.setattr(ThemedPages, "__init__", made)
        monkeypatch.setattr(ThemedPages, "words", asked)
        monkeypatch.setattr(ThemedPages, "close", closed)


@forking
def test_the_second_process_renders_most_pages_and_the_site_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "site")
    spy = Spy(monkeypatch, pause=0.05)
    two = built_files(root, tmp_path / "two")
    assert spy.made == 1
    assert len(spy.share) > 15
    assert spy.taken == spy.share  # every page of its share, in MkDocs' order
    assert spy.patched_after_close == [False]  # the theme's render is MkDocs' own again
    monkeypatch.setenv(SECOND_PROCESS, "1")
    spy.taken.clear()
    one = built_files(root, tmp_path / "one")
    assert spy.taken == []
    assert two.keys() == one.keys()
    assert {path for path in one if two[path] != one[path]} == set()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@forking
def test_a_page_the_second_process_cannot_render_is_rendered_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    monkeypatch.setenv(SECOND_PROCESS, "1")
    one = built_files(root, tmp_path / "one")
    monkeypatch.delenv(SECOND_PROCESS)
    spy = Spy(monkeypatch, pause=0.05)
    first = os.getpid()
    work = ThemedPages._work

    def failing(themed: ThemedPages, key: tuple[str, str]) -> object:
        if os.getpid() != first and key == ("page", "objectives/obj-a/index.md"):
            raise RuntimeError("the second process fails on one page")
        return work(themed, key)

    monkeypatch.setattr(ThemedPages, "_work", failing)
    two = built_files(root, tmp_path / "two")
    assert "objectives/obj-a/index.md" in spy.share
    assert "objectives/obj-a/index.md" not in spy.taken
    assert len(spy.taken) == len(spy.share) - 1
    assert {path for path in one if two[path] != one[path]} == set()


@forking
def test_a_page_whose_render_warns_in_the_second_process_is_rendered_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """The second process shows no message: a warning is this process's to show, once, and to count for --strict."""
    root = write_site(tmp_path / "site")
    spy = Spy(monkeypatch, pause=0.05)
    first = os.getpid()
    render = jinja2.Template.render

    def warning(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        page = args[0].get("page") if args else None
        if isinstance(page, Page) and page.file.src_uri == "objectives/obj-a/index.md":
            where = "first" if os.getpid() == first else "second"
            logging.getLogger("mkdocs.plugins.test").warning(f"warned in the {where} process")
        return render(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", warning)
    shown = logging.StreamHandler()  # as `mkdocs build` shows messages
    logging.getLogger("mkdocs").addHandler(shown)
    try:
        built_files(root, tmp_path / "two")
        with pytest.raises(Abort):
            build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "strict"), strict=True))
    finally:
        logging.getLogger("mkdocs").removeHandler(shown)
    assert "objectives/obj-a/index.md" in spy.share
    assert "objectives/obj-a/index.md" not in spy.taken
    assert len(spy.taken) == len(spy.share) - 2  # each build took every other page of its share
    assert [r.getMessage() for r in caplog.records if "warned" in r.getMessage()] == ["warned in the first process"] * 2
    assert "warned in the second process" not in capfd.readouterr().err


@forking
def test_a_site_with_another_plugin_renders_every_page_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook's events might keep something from page to page: MkDocs renders every page, as without Stratbook."""
    root = with_hooks(
        write_site(tmp_path / "site"),
        "seen = []\n\n"
        "def on_page_context(context, page, **kwargs):\n"
        "    seen.append(page.file.src_uri)\n"
        "    page.content = f'<p class=\"seen\">{len(seen)}</p>' + page.content\n",
    )
    spy = Spy(monkeypatch)
    built = built_files(root, tmp_path / "out")
    assert spy.made == 0
    counts = sorted(
        int(BeautifulSoup(data, "lxml").select_one("p.seen").get_text())  # type: ignore[union-attr]
        for path, data in built.items()
        if path.endswith(".html") and b'class="seen"' in data
    )
    assert counts == list(range(1, len(counts) + 1))  # one count, page after page, in one process


def test_a_page_with_a_template_of_its_own_is_left_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process renders the theme's page template only; a page naming another one is rendered here."""
    monkeypatch.setenv(SECOND_PROCESS, "1")
    pages = [SimpleNamespace(file=SimpleNamespace(src_uri=f"p{place}.md"), meta={}) for place in range(6)]
    pages[1].meta["template"] = "wide.html"
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": "{{ page }}"}), autoescape=True)
    themed = ThemedPages(
        pages,  # type: ignore[arg-type]
        nav=None,  # type: ignore[arg-type]
        files=Files([]),
        env=env,
        config=None,  # type: ignore[arg-type]
        words=lambda uri: (uri,),
    )
    assert themed._kinds == {
        "p0.md": "page", "p1.md": "words", "p2.md": "page", "p3.md": "words", "p4.md": "page", "p5.md": "page"
    }
    themed.start()
    assert "render" not in themed._template.__dict__  # no second process: MkDocs renders every page
    assert themed.words("p0.md") is None
    themed.close()
