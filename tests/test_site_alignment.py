"""The alignment page, the alignment panels and the home page's alignment figures, built with MkDocs."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from test_alignment import GAPPY
from test_site import Site, broken_links, mkdocs_build, text

from generator.analysis.alignment import FORMULA, RULES, SEMANTICS, TITLES
from generator.cli import main

NASTY_ROLE = "R&D | <b>idle</b> `x` *y*"

MKDOCS = """\
    site_name: Alignment
    theme: {name: material, font: false}
    plugins: [stratbook]
    validation: {links: {anchors: warn}}
    """


def write_site(root: Path, files: dict[str, str]) -> Path:
    """GAPPY (tests/test_alignment.py) under content/, with a site around it."""
    for name, body in {**{f"content/{k}": v for k, v in files.items()}, "mkdocs.yml": MKDOCS}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    return root


def built(root: Path, out: Path) -> Path:
    """Build without --strict (the playbook's gaps are content warnings); any other warning fails the test."""
    done = mkdocs_build(root, out)
    assert done.returncode == 0, done.stderr
    other = [line for line in done.stderr.splitlines() if "WARNING" in line and "WARNING -  content/" not in line]
    assert other == []
    return out


def gappy_files() -> dict[str, str]:
    """GAPPY with a title that needs escaping on the role that is a gap."""
    files = dict(GAPPY)
    files["roles/roles.yaml"] = GAPPY["roles/roles.yaml"].replace("title: Idle", f"title: '{NASTY_ROLE}'")
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    root = write_site(tmp_path_factory.mktemp("gappy"), gappy_files())
    return Site(built(root, root / "out")), root


def page(site: tuple[Site, Path]) -> Any:
    return site[0].article("alignment/")


def check_json(root: Path) -> dict[str, Any]:
    out = io.StringIO()
    main(["check", "--content", str(root / "content"), "--format", "json"], out=out)
    alignment: dict[str, Any] = json.loads(out.getvalue())["alignment"]
    return alignment


# Worked out by hand in tests/test_alignment.py (test_each_figure_of_a_playbook_with_known_gaps).
BY_HAND = {
    "objectives": "2/4 (50%)",
    "roles": "3/4 (75%)",
    "skills": "1/3 (33%)",
    "programs": "1/2 (50%)",
    "chain": "2/3 (67%)",
    "key-results": "3/4 (75%)",
    "milestones": "1/2 (50%)",
}


def test_figures_agree_with_check_and_with_hand_computed_values(site: tuple[Site, Path]) -> None:
    article = page(site)
    shown = {
        str(row["id"]).removeprefix("figure-"): text(row.select_one(".sb-progress-track + span"))
        for row in article.select("table.sb-alignment tbody tr")
    }
    assert shown == BY_HAND
    cli = check_json(site[1])
    assert {f["key"]: f["display"] for f in cli["figures"]} == shown
    assert (cli["score"], text(article.select_one("#score"))) == (56, "56/100")
    rows = article.select("table.sb-alignment tbody tr")
    bars = {str(row["id"]): row.select_one("[role=progressbar]")["aria-valuenow"] for row in rows}
    assert bars["figure-chain"] == "67"
    assert bars["figure-objectives"] == "50"
    titles = [text(row.select_one("th")) for row in article.select("table.sb-alignment tbody tr")]
    assert titles == list(TITLES.values())


def test_gap_lists_link_every_entity_and_say_what_to_do(site: tuple[Site, Path]) -> None:
    article = page(site)
    gaps = {
        str(ul.find_previous("h3")["id"]): [
            (str(li.select_one(".sb-gap__what a")["href"]), text(li)) for li in ul.select("li")
        ]
        for ul in article.select("ul.sb-gaps")
    }
    assert gaps == {
        "gaps-objectives": [
            (
                "../objectives/o-grow/",
                "Grow: objective o-grow has no key results. To do: add at least one measurable key_results entry.",
            ),
            (
                "../objectives/o-plain/",
                "Plain: objective o-plain has no contributors. To do: list the roles that move it in contributors.",
            ),
        ],
        "gaps-roles": [
            (
                "../roles/idle/",
                f"{NASTY_ROLE}: role idle owns or contributes to no objective. "
                "To do: add it to an objective's contributors or make it an owner.",
            )
        ],
        "gaps-skills": [
            (
                "../skills/#skill-negotiation",
                "Negotiation: no program that lead (level 4) attends develops negotiation to the level it needs. "
                "To do: start a program that develops negotiation to level 4 for lead.",
            ),
            (
                "../skills/#skill-analysis",
                "Analysis: no program that analyst (level 2) attends develops analysis to the level it needs. "
                "To do: add analyst to the audience of lab.",
            ),
        ],
        "gaps-programs": [
            (
                "../coaching/lab/",
                "Lab: coaching program lab supports no objective. To do: name the objectives it serves in supports.",
            )
        ],
        "gaps-chain": [
            (
                "../objectives/o-grow/",
                "Grow: objective o-grow: writing is not developed far enough for any of the people who move it. "
                "To do: add lead to the audience of academy.",
            ),
        ],
        "gaps-key-results": [
            (
                "../objectives/o-win/#kr-kr-2",
                "KR 2: key result kr-2 has no current value. To do: record the latest measurement.",
            )
        ],
        "gaps-milestones": [
            (
                "../objectives/o-win/#milestone-m-1",
                "M 1: milestone m-1 was due 2026-01-10, before 2026-03-01, and is planned. "
                "To do: mark it done or cancelled, or move its date.",
            )
        ],
    }
    # Ids quoted in backticks are code; the title with markup characters stays text.
    role_gap = article.select_one("#gaps-roles").find_next("ul")
    assert [text(c) for c in role_gap.select("code")] == ["idle", "contributors"]
    assert role_gap.select("b") == []
    cli = check_json(site[1])
    assert [g["id"] for f in cli["figures"] for g in f["gaps"]] == [
        "o-grow", "o-plain", "idle", "negotiation", "analysis", "lab", "o-grow", "kr-2", "m-1",
    ]  # fmt: skip
    assert [a["href"].rsplit("/", 2)[-2] for a in article.select(".sb-gaps .sb-gap__what a")][:5] == [
        "o-grow", "o-plain", "idle", "skills", "skills",
    ]  # fmt: skip


def test_every_link_resolves(site: tuple[Site, Path]) -> None:
    assert broken_links(site[0].root) == []


def test_formula_weights_and_rules_are_on_the_page(site: tuple[Site, Path]) -> None:
    article = page(site)
    formula = article.select_one("#formula").find_next("p")
    assert text(formula) == FORMULA
    rows = article.select("table.sb-alignment-rules tbody tr")
    rules = [[text(cell) for cell in row.select("th, td")] for row in rows]
    expected_rules = [" ".join(rule.replace("`", "").split()) for rule in RULES.values()]
    weights = ["2", "1", "2", "1", "3", "1", "1"]
    assert rules == [list(row) for row in zip(TITLES.values(), weights, expected_rules, strict=True)]


def test_skill_gap_matrix(site: tuple[Site, Path]) -> None:
    article = page(site)
    table = article.select_one("table.sb-skill-matrix")
    header = [(text(a), str(a["href"])) for a in table.select("thead th a")]
    assert header == [("Lead", "../roles/lead/"), ("Seller", "../roles/seller/"), ("Analyst", "../roles/analyst/")]
    rows = [[text(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    # needed / best level a program the role is in (audience) develops; lab mentors analyst: not counted.
    assert rows == [
        ["Negotiation", "✖ missing 4 / –", "✔ met 3 / 3", ""],
        ["Analysis", "✔ met 2 / 2", "", "✖ missing 2 / –"],
        ["Writing", "", "", ""],
    ]
    assert [str(a["href"]) for a in table.select("tbody th a")] == [
        "../skills/#skill-negotiation",
        "../skills/#skill-analysis",
        "../skills/#skill-writing",
    ]
    assert table.find_parent("div")["class"] == ["sb-matrix-wrap"], "the sticky headers need the scrolling box"


def test_short_cell_reads_without_colour(tmp_path: Path) -> None:
    files = gappy_files()
    roles = files["roles/roles.yaml"]
    files["roles/roles.yaml"] = roles.replace("{skill: negotiation, level: 3}", "{skill: negotiation, level: 4}")
    root = write_site(tmp_path, files)
    table = Site(built(root, tmp_path / "out")).article("alignment/").select_one("table.sb-skill-matrix")
    cell = table.select("tbody tr")[0].select("td")[1]
    assert (text(cell), cell["class"]) == ("▼ short 4 / 3", ["sb-mx", "sb-mx--short"])


MARKS = {"sb-check--ok": "✔", "sb-check--missing": "✖"}


def panel_items(article: Any) -> tuple[list[str], list[str]]:
    panel = article.select_one("#alignment").find_next("div", class_="sb-panel")
    # The stylesheet draws each item's mark from its class.
    covered = [f"{MARKS[li['class'][-1]]} {text(li)}" for li in panel.select(".sb-panel__covered li")]
    missing = [f"{MARKS[li['class'][-1]]} {text(li)}" for li in panel.select(".sb-panel__missing li")]
    return covered, missing


def test_objective_panel(site: tuple[Site, Path]) -> None:
    article = site[0].article("objectives/o-win/")
    assert panel_items(article) == (
        [
            "✔ accountable owner lead",
            "✔ 2 key results",
            "✔ 1 contributor: seller",
            "✔ supported by academy",
            "✔ negotiation is developed for seller (needs level 3) to level 3 by academy",
        ],
        [
            "✖ key result kr-2 has no current value To do: record the latest measurement.",
            "✖ milestone m-1 was due 2026-01-10, before 2026-03-01, and is planned "
            "To do: mark it done or cancelled, or move its date.",
        ],
    )
    grow = site[0].article("objectives/o-grow/")
    assert "Chain broken" in text(grow.select_one("#alignment").find_next("p"))
    learn = site[0].article("objectives/o-learn/")
    assert panel_items(learn) == (
        [
            "✔ accountable owner seller",
            "✔ 1 key result",
            "✔ 1 contributor: seller",
            "✔ writing is developed for seller (needs level 1) to level 2 by academy",
            "✔ every key result has a current value (1)",
        ],
        [],
    )
    plain = site[0].article("objectives/o-plain/")
    assert panel_items(plain)[1] == [
        "✖ objective o-plain has no contributors To do: list the roles that move it in contributors."
    ]
    assert "names no skills" in text(plain.select_one("#alignment").find_next("p"))


def test_role_panel(site: tuple[Site, Path]) -> None:
    lead = site[0].article("roles/lead/")
    assert panel_items(lead) == (
        [
            "✔ owns 2 objectives and contributes to 0",
            "✔ coached in lab",
            "✔ analysis (level 2) is developed to level 2 by lab",
        ],
        [
            "✖ negotiation (level 4): no program it is in develops it "
            "To do: start a program that develops negotiation to level 4 for lead."
        ],
    )
    idle = site[0].article("roles/idle/")
    assert panel_items(idle) == (
        [],
        [
            "✖ role idle owns or contributes to no objective "
            "To do: add it to an objective's contributors or make it an owner."
        ],
    )
    assert "Loose end" in text(idle.select_one("#alignment").find_next("p"))


def test_home_page_skill_figure_is_the_alignment_figure(site: tuple[Site, Path]) -> None:
    home = site[0].article("")
    figures = {text(f.select_one(".sb-figure__label")): f for f in home.select(".sb-figure")}
    skills = next(f for label, f in figures.items() if label.startswith("skills covered by coaching"))
    # Judged per role need: lead needs negotiation at 4 and is in no program developing it; analyst needs
    # analysis at 2 and is only lab's mentee.
    assert text(skills.select_one(".sb-figure__value")) == "1 / 3"
    assert [str(a["href"]) for a in skills.select(".sb-figure__note a")] == [
        "skills/#skill-negotiation",
        "skills/#skill-analysis",
    ]
    cli = {f["key"]: f for f in check_json(site[1])["figures"]}
    assert (cli["skills"]["covered"], cli["skills"]["total"]) == (1, 3)
    score = next(f for label, f in figures.items() if label.startswith("alignment score"))
    assert [(text(a), str(a["href"])) for a in score.select(".sb-figure__value a")] == [("56/100", "alignment/")]
    skills_page = site[0].article("skills/")
    assert "The strategy depends on 3 of them; coaching develops 1 of those" in text(skills_page.select_one("p"))


def test_nothing_to_measure(tmp_path: Path) -> None:
    """No roles, no programs, no objectives: every figure reads none to measure; the page still builds."""
    files = {
        "playbook.yaml": GAPPY["playbook.yaml"],
        "skills/skills.yaml": "- id: lonely\n  title: Lonely\n",
    }
    root = write_site(tmp_path, files)
    site = Site(built(root, tmp_path / "out"))
    article = site.article("alignment/")
    assert {text(r.select_one(".sb-progress-track + span")) for r in article.select("table.sb-alignment tbody tr")} == {
        "none to measure"
    }
    assert text(article.select_one("#score")) == "none to measure"
    assert "No role lists a skill" in text(article.select_one("#matrix").find_next("p"))
    assert "No gaps" in text(article.select_one("#gaps").find_next("p"))


def test_the_semantics_are_stated_under_the_formula(site: tuple[Site, Path]) -> None:
    formula = page(site).select_one("#formula").find_next("p")
    sentences = [text(p) for p in formula.find_next_siblings("p")][: len(SEMANTICS)]
    assert sentences == [" ".join(s.replace("`", "").split()) for s in SEMANTICS]
    assert sentences[0].startswith("The people who move an objective are its owner and its R and A contributors")
