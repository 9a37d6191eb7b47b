"""Hostile content through the whole site: every plain-text field shows as typed, nothing becomes markup.

Hypothesis fills every plain-text field of a small playbook with arbitrary Unicode mixed with markup, Markdown,
Jinja syntax, right-to-left text, emoji and very long runs; the pages are rendered with ``render_site`` and
converted with Python-Markdown and the site's extensions (what MkDocs does), then parsed. Each string must be
found whole in one text node (whitespace runs collapse to one space, as in HTML), and no element or attribute
may come from content. One real ``mkdocs build`` with Material checks the same for the theme's own places
(``<title>``, navigation, search index). Markdown fields get hostile Markdown and Jinja syntax (raw HTML in a
Markdown field is Markdown's business, see the content model), and must not be evaluated as templates.

The structural half (wrong types, missing fields, dangling references) is tests/test_hostile_check.py.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocExtension

from generator.pipeline import load
from generator.rendering.environment import render_site

SETTINGS = settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
EXTENSIONS: list[Any] = ["attr_list", "md_in_html", "tables", "admonition", TocExtension(permalink=True)]
"""The example site's Markdown extensions (mkdocs.yml), as MkDocs configures them."""

MARKUP = [
    "<script>alert(1)</script>", "</svg>", "<svg onload=alert(1)>", "<img src=x onerror=alert(1)>",
    "<iframe srcdoc='x'></iframe>", "<sbx-evil data-evil=1>", "</div>", "</td></tr></table>", "<!--", "-->",
    "<![CDATA[", "]]>", '" onclick="alert(1)', "' data-evil='1", "&amp;", "&lt;b&gt;", "&#60;", "&", "javascript:x",
]
MARKDOWN = [
    "**bold**", "*em*", "_u_", "`code`", "```", "# heading", "## h2", "> quote", "- item", "1. item", "| a | b |",
    "|---|", "[link](http://example.com)", "![img](x.png)", "<http://example.com>", "{ #id .cls }", "{: .x }",
    "!!! note", "***", "\\*", "[^1]", "~~~", "    indented", "*[HTML]: x", "---", "===",
]
TEMPLATE = ["{{ x }}", "{{ pb.title }}", "{% if true %}", "{% endif %}", "{# c #}", "{%- raw -%}", "${x}", "}}{{"]
WORLD = [
    "שלום עולם", "مرحبا بالعالم", "\u202etxet desrever\u202c", "\u200f\u200e", "ÅÄÖ ñ ß", "日本語のテキスト",
    "👩\u200d💻", "🇪🇺", "🏳️\u200d🌈", "e\u0301", "\u200b", "\ufeff", "Ω≈ç√∫", "\u00a0nbsp", "\u3000",
]
CHARACTERS = st.characters(exclude_categories=("Cs", "Cc"))  # YAML refuses control characters (a located error)


def _long(token: str) -> str:
    return token * max(1, 2000 // len(token))


FRAGMENT = st.one_of(
    st.sampled_from(MARKUP + MARKDOWN + TEMPLATE + WORLD),
    st.text(CHARACTERS, min_size=1, max_size=24),
    st.sampled_from(MARKUP + TEMPLATE + WORLD).map(_long),
)
PLAIN = st.lists(FRAGMENT, min_size=1, max_size=5).map(" ".join).filter(lambda s: bool(s.split()))
# In a Markdown field an image is the author's choice (and would be a legitimate <img>): left out there.
MARKDOWN_TEXT = st.lists(
    st.sampled_from([t for t in MARKDOWN if not t.startswith("![")] + TEMPLATE + WORLD), min_size=1, max_size=6
).map("\n\n".join)


def shown(text: str) -> str:
    """How plain text reads on a page: whitespace runs (including line breaks) are one space."""
    return " ".join(text.split())


# --- the playbook -------------------------------------------------------------------------------


def playbook_files(text: Callable[[str], str], md: Callable[[str], str]) -> dict[str, Any]:
    """A small complete playbook; ``text(slot)`` gives every plain-text field, ``md(slot)`` every Markdown one."""
    return {
        "playbook.yaml": {
            "title": text("playbook"), "vision": md("vision"), "purpose": md("purpose"),
            "horizon": {"start": "2026-01-01", "end": "2027-12-31"}, "as_of": "2026-06-01", "owner": "lead",
            "pillars": [{"id": "p1", "title": text("pillar"), "description": md("pillar-description")}],
            "principles": [text("principle")], "review_cadence": text("review-cadence"),
        },
        "roles/r.yaml": [
            {"id": "lead", "title": text("role-lead"), "team": text("team"), "summary": md("role-summary"),
             "responsibilities": [text("responsibility")], "skills": [{"skill": "s1", "level": 3}]},
            {"id": "dev", "title": text("role-dev"), "reports_to": "lead"},
        ],
        "skills/s.yaml": [
            {"id": "s1", "title": text("skill"), "description": md("skill-description"),
             "levels": {1: text("level-1"), 3: text("level-3")}},
        ],
        "coaching/c.yaml": {
            "id": "prog", "title": text("program"), "purpose": md("program-purpose"), "audience": ["dev"],
            "coaches": ["lead"], "supports": ["o1"], "skills": [{"skill": "s1", "from": 1, "to": 3}],
            "cadence": {"feedback": text("feedback"), "mentorship": text("mentorship"), "check_in": text("check-in")},
            "mentoring": [{"mentor": "lead", "mentee": "dev", "focus": text("focus")}],
            "sessions": [{"title": text("session"), "week": 1, "duration": 60, "goals": [text("goal")],
                          "agenda": [text("agenda")], "questions": [text("question")],
                          "exercises": [text("exercise")]}],
            "measures": [{"title": text("measure"), "target": text("measure-target")}],
        },
        "plans/p.yaml": {
            "id": "plan1", "title": text("plan"), "pillar": "p1", "owner": "lead", "summary": md("plan-summary"),
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "objectives": [{
                "id": "o1", "title": text("objective"), "description": md("objective-description"), "owner": "lead",
                "skills": ["s1"],
                "contributors": [{"role": "dev", "raci": "R", "contribution": text("contribution")}],
                "key_results": [{"id": "kr1", "title": text("key-result"), "metric": text("metric"),
                                 "unit": text("unit"), "baseline": 0, "target": 10, "current": 4}],
                "milestones": [
                    {"id": "m1", "title": text("milestone"), "due": "2026-03-01", "status": "done", "owner": "dev"},
                    {"id": "m2", "title": text("milestone-late"), "due": "2026-05-01", "status": "in-progress",
                     "owner": "dev", "depends_on": ["m1"]},
                ],
                "resources": [{"kind": "budget", "name": text("resource"), "amount": 100, "unit": text("currency")}],
                "risks": [{"id": "r1", "title": text("risk"), "likelihood": 4, "impact": 4,
                           "mitigation": text("mitigation"), "owner": "dev"}],
            }],
            "adjustments": [{"date": "2026-04-01", "summary": text("adjustment"), "reason": text("reason"),
                             "affects": ["o1", "kr1", "m2"]}],
        },
    }


def _printable(code: int) -> bool:
    """YAML 1.2's printable set (without the byte order mark, which YAML reserves for the stream start)."""
    return (
        code in (0x09, 0x85)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


def _quoted(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif _printable(code):
            out.append(char)
        else:
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def to_yaml(value: Any) -> str:
    """Flow-style YAML with every string double-quoted and escaped where YAML needs it.

    Written by hand: ruamel.yaml's emitter folds long escaped strings into extra spaces and leaves a
    leading ``? `` unquoted in flow context, which would test the emitter instead of Stratbook.
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{to_yaml(k)}: {to_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(v) for v in value) + "]"
    if isinstance(value, str):
        return _quoted(value)
    return str(value)


def write(root: Path, files: dict[str, Any]) -> Path:
    for name, data in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_yaml(data) + "\n", encoding="utf-8")
    return root / "content"


def fill(plain: dict[str, str], md: dict[str, str]) -> dict[str, Any]:
    return playbook_files(plain.__getitem__, md.__getitem__)


def _slots() -> tuple[list[str], list[str]]:
    """The names of the plain-text and Markdown slots, in the order the playbook uses them."""
    plain: list[str] = []
    md: list[str] = []

    def record(into: list[str]) -> Callable[[str], str]:
        def slot(name: str) -> str:
            into.append(name)
            return name

        return slot

    playbook_files(record(plain), record(md))
    return plain, md


SLOTS, MD_SLOTS = _slots()


# --- what the pages may contain -----------------------------------------------------------------

FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "img", "object", "embed", "sbx-evil", "foreignobject"}


def markup_from_content(soup: Any) -> list[str]:
    """Elements and attributes that only content could have put there."""
    found = [f"<{tag.name}>" for tag in soup.find_all(True) if tag.name in FORBIDDEN_ELEMENTS]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.startswith("on") or name in {"data-evil", "srcdoc"}:
                found.append(f"<{tag.name} {name}>")
            if name in {"href", "src"} and str(value).strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={value}>")
    return found


def text_nodes(soup: Any) -> list[str]:
    return [shown(str(node)) for node in soup.find_all(string=True)]


def missing(strings: dict[str, str], nodes: list[str]) -> dict[str, str]:
    """The slots whose text is not found whole inside one text node."""
    return {slot: value for slot, value in strings.items() if not any(shown(value) in node for node in nodes)}


def to_html(page: str) -> tuple[str | None, str]:
    """(title from the front matter if any, HTML body) as MkDocs would make them."""
    title = None
    body = page
    if page.startswith("---\n"):
        front, body = page[4:].split("\n---\n", 1)
        line = next(line for line in front.splitlines() if line.startswith("title: "))
        title = json.loads(line[len("title: ") :])
    return title, markdown.markdown(body, extensions=EXTENSIONS)


@given(
    plain=st.fixed_dictionaries(dict.fromkeys(SLOTS, PLAIN)),
    md=st.fixed_dictionaries(dict.fromkeys(MD_SLOTS, MARKDOWN_TEXT)),
)
@SETTINGS
def test_plain_text_shows_literally_in_every_page(plain: dict[str, str], md: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = load(write(Path(tmp), fill(plain, md)))
        assert result.errors == []
        assert result.playbook is not None
        pages = render_site(result.playbook)
    nodes: list[str] = []
    titles: list[str] = []
    for path, page in pages.items():
        title, body = to_html(page)
        if title is not None:
            titles.append(html.unescape(title))
        soup = BeautifulSoup(body, "lxml")
        assert markup_from_content(soup) == [], path
        nodes += text_nodes(soup)
    assert missing(plain, nodes) == {}
    # Front matter titles are HTML-escaped for the theme, and read back as typed.
    assert shown(plain["objective"]) in titles
    assert shown(plain["role-lead"]) in titles
    # Markdown fields are Markdown, never templates: Jinja syntax in them is shown as written.
    for slot, value in md.items():
        for token in TEMPLATE:
            if token in value.split("\n\n"):
                assert any(token in node for node in nodes), (slot, token)


# --- a real MkDocs build with Material ----------------------------------------------------------

HOSTILE = {
    slot: " ".join([MARKUP[i % len(MARKUP)], MARKDOWN[i % len(MARKDOWN)], TEMPLATE[i % len(TEMPLATE)],
                    WORLD[i % len(WORLD)]]) + (" " + _long("<b>&") if i % 7 == 0 else "")
    for i, slot in enumerate(SLOTS)
}
BENIGN = {slot: f"Plain {slot}" for slot in SLOTS}
MD = dict.fromkeys(MD_SLOTS, "Some **Markdown** {{ x }} {% if %}")


def mkdocs_site(root: Path, plain: dict[str, str]) -> Path:
    write(root, fill(plain, MD))
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\n"
        "theme: {name: material, font: false}\n"
        "plugins: [search, stratbook]\n"
        "markdown_extensions: [attr_list, md_in_html, tables, admonition, {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    out = root / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out


def test_mkdocs_build_with_hostile_text(tmp_path: Path) -> None:
    hostile = mkdocs_site(tmp_path / "hostile", HOSTILE)
    benign = mkdocs_site(tmp_path / "benign", BENIGN)
    pages = sorted(p.relative_to(hostile) for p in hostile.rglob("*.html"))
    assert pages == sorted(p.relative_to(benign) for p in benign.rglob("*.html"))
    nodes: list[str] = []
    for page in pages:
        soup = BeautifulSoup((hostile / page).read_text(encoding="utf-8"), "lxml")
        same = BeautifulSoup((benign / page).read_text(encoding="utf-8"), "lxml")
        # Material's own scripts, and nothing else: the same scripts as the site built from plain words.
        assert [str(s) for s in soup.find_all("script")] == [str(s) for s in same.find_all("script")], page
        content = [m for m in markup_from_content(soup) if m != "<script>"]
        assert content == [m for m in markup_from_content(same) if m != "<script>"], page
        nodes += text_nodes(soup)
    assert missing(HOSTILE, nodes) == {}
    title = BeautifulSoup((hostile / "objectives/o1/index.html").read_text(encoding="utf-8"), "lxml").title
    assert title is not None
    assert title.get_text() == f"{shown(HOSTILE['objective'])} - Hostile"
    index = json.loads((hostile / "search/search_index.json").read_text(encoding="utf-8"))
    search_titles = {html.unescape(doc["title"]) for doc in index["docs"]}
    assert shown(HOSTILE["objective"]) in search_titles
