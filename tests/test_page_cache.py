"""The preview's page cache: after any edit, the pages it gives are those a whole render gives."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model import KeyResult
from generator.pipeline import load
from generator.rendering import pages
from generator.rendering.environment import render_pages
from generator.rendering.options import Options
from generator.rendering.page_cache import PageCache

REPO = Path(__file__).resolve().parent.parent


def render(root: Path, cache: PageCache | None = None, options: Options | None = None) -> dict[str, str]:
    result = load(root)
    playbook = result.require()
    return dict(render_pages(playbook, options, reuse=None if cache is None else (cache, result.digests)))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def cross_plan_dependency(root: Path) -> None:
    """A milestone of the R&D plan comes to depend on one of the growth plan."""
    replace(
        root / "plans/rnd.yaml",
        "      - id: ms-trunk-based-development\n",
        "      - id: ms-trunk-based-development\n        depends_on: [ms-mid-market-icp]\n",
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "a key result's value": lambda root: replace(root / "plans/growth.yaml", "current: 27\n", "current: 31\n"),
    "a milestone another plan depends on": lambda root: replace(
        root / "plans/growth.yaml",
        "title: Ideal customer profile and buying-committee map agreed",
        "title: Ideal customer profile agreed",
    ),
    # The support team lead contributes to this objective and owns nothing else in the growth plan.
    "the title of an objective a role contributes to": lambda root: replace(
        root / "plans/growth.yaml", "title: Halve annual logo churn", "title: Halve logo churn"
    ),
    "a role's title": lambda root: replace(
        root / "roles/customer.yaml", "Account Executive, Mid-market", "Account Executive, Regional"
    ),
    "a skill's title": lambda root: replace(
        root / "skills/technical.yaml", "title: Reliability engineering", "title: Site reliability"
    ),
    "a program's title": lambda root: replace(
        root / "coaching/executive-circle.yaml",
        'title: "Executive circle: the leadership team coached as a team"',
        'title: "Executive circle"',
    ),
    "a pillar's title": lambda root: replace(
        root / "playbook.yaml", "title: Win and keep regional carriers", "title: Win regional carriers"
    ),
}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    cross_plan_dependency(root)
    return root


@pytest.mark.parametrize("part_size", [None, 2], ids=["whole sections", "sections split by pillar"])
def test_after_each_edit_the_pages_are_those_of_a_whole_render(
    example: Path, part_size: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if part_size is not None:
        monkeypatch.setattr(pages, "PART_SIZE", part_size)  # the example's sections in parts, as a large playbook's
    cache = PageCache()
    first = render(example, cache)
    assert cache.reused == 0
    assert first == render(example)
    assert (part_size is not None) == any(path.startswith("roadmap/") and path != "roadmap/index.md" for path in first)
    for what, edit in EDITS.items():
        edit(example)
        again = render(example, cache)
        assert again == render(example), what
        if what == "a key result's value":
            # The other plans' objective and plan pages are reused; the page of the edited one is new.
            assert cache.reused > 0
            key_result = load(example).require().by_id["kr-new-mid-market-logos"]
            assert isinstance(key_result, KeyResult)
            page = f"objectives/{key_result.objective.id}/index.md"
            assert first[page] != again[page]


def test_pages_are_reused_only_for_the_same_options_and_built_in_templates(example: Path, tmp_path: Path) -> None:
    cache = PageCache()
    render(example, cache)
    render(example, cache)
    assert cache.reused > 0
    assert render(example, cache, Options(use_directory_urls=False)) == render(
        example, options=Options(use_directory_urls=False)
    )
    assert cache.reused == 0
    # A site's own template may show anything on a page: nothing is reused.
    templates = tmp_path / "templates" / "objective"
    templates.mkdir(parents=True)
    header = "# {{ objective.title }} ({{ pb.objectives | length }})\n"
    (templates / "header.md.j2").write_text(header, encoding="utf-8")
    options = Options(templates=tmp_path / "templates")
    render(example, cache, options)
    assert render(example, cache, options) == render(example, options=options)
    assert cache.reused == 0


def test_pages_a_render_no_longer_has_are_forgotten(example: Path) -> None:
    """A page whose objective was renamed or removed is not kept for ever by a long preview."""
    cache = PageCache()
    assert "objectives/reduce-logo-churn/index.md" in render(example, cache)
    kept = len(cache)
    assert kept > 10
    for file in ("plans/growth.yaml", "coaching/carrier-value-academy.yaml"):
        path = example / file
        path.write_text(path.read_text(encoding="utf-8").replace("reduce-logo-churn", "cut-logo-churn"), "utf-8")
    pages = render(example, cache)
    assert "objectives/reduce-logo-churn/index.md" not in pages
    assert "objectives/cut-logo-churn/index.md" in pages
    assert len(cache) == kept  # the renamed objective's page replaces the old one
