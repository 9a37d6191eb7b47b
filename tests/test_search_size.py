"""What search engines index stays bounded per section however large the playbook grows.

Zensical refuses a build when one section of a page (the text under one
heading) holds more than 65,536 token positions. The pictures and the tables
that repeat every objective, risk or gap of the playbook (whose own pages are
indexed) carry ``data-search-exclude``, which Zensical and Material's search
both honour. These tests render two synthetic playbooks, measure the words a
search engine indexes in each section of each page, and extrapolate to 10,000
objectives: the largest section must stay well under the limit.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.exports.tree import site_tree
from generator.pipeline import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthetic

LIMIT = 65_536
"""Zensical's limit of token positions in one search field."""
WORDS_BUDGET = LIMIT // 2
"""Words one section may hold at 10,000 objectives: half the limit, since a word may count as more than one token."""
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def section_words(page: str) -> list[int]:
    """Words per heading section that a search engine indexes: ``data-search-exclude`` elements left out."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.DOTALL)
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables"])
    soup = BeautifulSoup(html, "lxml")
    for excluded in soup.select("[data-search-exclude]"):
        excluded.decompose()
    counts = [0]
    for text in soup.find_all(string=True):
        if text.parent is not None and text.parent.name in HEADINGS:
            counts.append(0)
        counts[-1] += len(str(text).split())
    return counts


def largest_sections(n: int, root: Path) -> dict[str, int]:
    synthetic.generate(root / f"content-{n}", n)
    playbook = load(root / f"content-{n}").require()
    pages = {path: data.decode("utf-8") for path, data in site_tree(playbook).items() if path.endswith(".md")}
    return {path: max(section_words(text)) for path, text in pages.items()}


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], dict[str, int]]:
    root = tmp_path_factory.mktemp("search-size")
    return largest_sections(20, root), largest_sections(60, root)


def test_no_section_would_pass_the_search_limit_at_10000_objectives(
    two_sizes: tuple[dict[str, int], dict[str, int]],
) -> None:
    small, large = two_sizes
    for path in sorted(set(small) & set(large)):
        slope = max(0.0, (large[path] - small[path]) / 40)
        at_10000 = large[path] + slope * (10_000 - 60)
        assert at_10000 < WORDS_BUDGET, f"{path}: {large[path]} words at 60 objectives, ~{at_10000:.0f} at 10,000"


def test_the_roadmap_picture_and_table_are_left_out_of_search(two_sizes: tuple[dict[str, int], dict[str, int]]) -> None:
    _, large = two_sizes
    assert large["roadmap/index.md"] < 200, "the roadmap's picture and table of every objective are indexed"
