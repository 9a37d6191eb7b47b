"""The README and the site's Reference hold what a new user needs, and point nowhere outside the repository."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import generator
from generator.cli import main
from generator.rendering.reference import reference_pages

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
TEMPLATES = Path(generator.__file__).parent / "templates"
#: A path that leaves the repository, or a workspace folder beside it.
_OUTSIDE = re.compile(r"(?<!\.)\.\./|(?<![\w.-])shared/content-model|/work/")


def _outside(text: str) -> list[str]:
    """Paths that leave the folder, leaving out the editors' schema modelines (inside a project)."""
    return [m for line in text.splitlines() if "$schema=" not in line for m in _OUTSIDE.findall(line)]


def _links(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", markdown)


def test_the_readme_names_no_path_outside_the_repository() -> None:
    assert _outside(README) == []
    for link in _links(README):
        if "://" in link or link.startswith("#"):
            continue
        target = (REPO / link.split("#")[0]).resolve()
        assert target.is_relative_to(REPO), link
        assert target.exists(), link


def test_the_reference_names_no_path_outside_the_site() -> None:
    for page, markdown in reference_pages().items():
        assert _outside(markdown) == [], page


def test_the_reference_explains_the_content_model() -> None:
    pages = reference_pages()
    model = pages["reference/content-model.md"]
    assert model.startswith("# The content model\n")
    for phrase in (
        "(current - baseline) / (target - baseline)",
        "likelihood × impact",
        "exactly one accountable role",
        "unique across the whole playbook",
        "the highest level any role asks of it",
        "YAML 1.2",
        "## What the checker reports",
        "## How alignment is measured",
    ):
        assert phrase in model, phrase
    assert "[The content model](content-model/index.md)" in pages["reference/index.md"]


def test_the_reference_lists_every_overridable_template_with_what_it_receives() -> None:
    page = reference_pages()["reference/templates.md"]
    table = page[page.index("## The templates") :]
    rows = dict(re.findall(r"^\| `([^`]+)` \| (.+) \|$", table, re.MULTILINE))
    names = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.j2"))
    assert sorted(rows) == names
    assert all(text.strip() for text in rows.values())
    assert "`templates:`" in page


def test_the_readme_covers_installing_the_first_publish_and_every_command() -> None:
    for phrase in (
        "--requirement",
        "pip install stratbook-",
        "pip wheel",
        "--format gitlab",
        "--content",
        "site_name",
        "stratbook export FORMAT DIR",
        "## The content model",
    ):
        assert phrase in README, phrase


def test_the_readme_says_that_a_prefix_moves_the_section_pages() -> None:
    nav = README[README.index("A site with its own `nav:`") :]
    assert "prefix" in nav.split("\n\n")[0]


@pytest.mark.parametrize("name", ["README.md", "docs/about.md"])
def test_the_starter_links_to_no_package_page_that_may_not_exist(tmp_path: Path, name: str) -> None:
    assert main(["init", str(tmp_path)], out=io.StringIO()) == 0
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert "pypi.org" not in text
    assert _outside(text) == []
