"""What `stratbook check` accepts must build and export: line breaks in titles, the calendar's edges, huge numbers.

Each value here once passed the checker and then broke `mkdocs build` or an
export (or wrote `NaN` into playbook.json). Now it is either rendered
safely or a located error of `check`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playbooks import run_check, write_playbook

from generator.cli import main
from generator.pipeline import load

MKDOCS_YML = "site_name: Hardening\ntheme: {name: material, font: false}\nplugins: [stratbook]\n"


def plugin_build(root: Path) -> Path:
    """Build the site of the playbook in ``root/content`` with the plugin, in process; returns the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (root / "docs").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    return root / "site"


def export(root: Path, fmt: str, out: Path) -> int:
    return main(["export", fmt, str(out), "--content", str(root / "content")])


def _with_title(title_yaml: str, milestone_title: str = "M1") -> dict[str, str | None]:
    playbook = (
        f"title: {title_yaml}\n"
        "vision: Be useful.\nhorizon: {start: 2026-01-01, end: 2027-12-31}\nas_of: 2026-06-01\n"
        "pillars:\n  - id: p1\n    title: Pillar\n"
    )
    plan = write_plan_milestone_title(milestone_title)
    return {"playbook.yaml": playbook, "plans/p.yaml": plan}


def write_plan_milestone_title(title: str) -> str:
    from playbooks import BASE

    return BASE["plans/p.yaml"].replace("title: M1", f"title: {json.dumps(title)}")


@pytest.mark.parametrize(
    ("title_yaml", "shown"),
    [
        (">\n  Line one\n  line two\n", "Line one line two"),
        ("|\n  Line one\n  line two\n", "Line one line two"),
        ('"Carriage\\rreturn"', "Carriage return"),
    ],
)
def test_a_title_with_a_line_break_builds_and_exports(tmp_path: Path, title_yaml: str, shown: str) -> None:
    write_playbook(tmp_path / "content", _with_title(title_yaml, "Milestone\r\nwith\rbreaks\n"))
    assert run_check(str(tmp_path / "content"))[0] == 0
    site = plugin_build(tmp_path)
    assert (site / "index.html").is_file()
    assert export(tmp_path, "ics", tmp_path / "out") == 0
    raw = (tmp_path / "out" / "roadmap.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    assert f"X-WR-CALNAME:{shown}: roadmap".encode() in lines
    assert b"SUMMARY:Milestone: Milestone\\nwith\\nbreaks" in lines  # line breaks as the calendar escapes them
    assert (site / "data" / "roadmap.ics").read_bytes() == raw


@pytest.mark.parametrize(
    ("where", "change", "position"),
    [
        ("playbook.yaml", ("end: 2027-12-31", "end: 9999-12-31"), (3, 35)),
        ("plans/p.yaml", ("due: 2026-09-01", "due: 9999-12-31"), (23, 14)),
        ("plans/p.yaml", ("start: 2026-01-01", "start: 0001-01-01"), (5, 17)),
    ],
)
def test_dates_beyond_the_calendar_a_playbook_needs_are_located_errors(
    tmp_path: Path, where: str, change: tuple[str, str], position: tuple[int, int]
) -> None:
    from playbooks import BASE

    old, new = change
    line, column = position
    root = write_playbook(tmp_path / "content", {where: BASE[where].replace(old, new)})
    result = load(root, display_root="content")
    value = new.split(": ")[1]
    name = new.split(":", maxsplit=1)[0]
    assert [str(d) for d in result.errors] == [
        f"content/{where}:{line}:{column}: error: `{name}` must be a date from 1900-01-01 to 2999-12-31, "
        f"got {value}: give the real date"
    ]


@pytest.mark.parametrize(
    ("change", "position", "name"),
    [
        (("target: 10", "target: " + "9" * 400), (18, 17), "target"),
        (("current: 5", "current: 1.0e16"), (19, 18), "current"),
        (("baseline: 0", "baseline: -1.0e308"), (17, 19), "baseline"),
    ],
)
def test_numbers_too_large_to_compute_with_are_located_errors(
    tmp_path: Path, change: tuple[str, str], position: tuple[int, int], name: str
) -> None:
    from playbooks import BASE

    old, new = change
    line, column = position
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": BASE["plans/p.yaml"].replace(old, new)})
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        f"content/plans/p.yaml:{line}:{column}: error: `{name}` must be a number from -1e15 to 1e15: "
        "use a larger unit (thousands, millions)"
    ]


def test_a_difference_that_would_overflow_never_reaches_the_data_files(tmp_path: Path) -> None:
    from playbooks import BASE

    text = BASE["plans/p.yaml"].replace("baseline: 0", "baseline: -1.0e308").replace("target: 10", "target: 1.0e308")
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": text})
    status, output = run_check(str(root))
    assert status == 1
    assert [line.split(": error: ")[1] for line in output.splitlines() if ": error: " in line] == [
        "`baseline` must be a number from -1e15 to 1e15: use a larger unit (thousands, millions)",
        "`target` must be a number from -1e15 to 1e15: use a larger unit (thousands, millions)",
    ]
    assert export(tmp_path, "json", tmp_path / "out") == 1
    assert not (tmp_path / "out").exists()


def test_numbers_too_small_to_compute_with_are_located_errors(tmp_path: Path) -> None:
    from playbooks import BASE

    text = BASE["plans/p.yaml"].replace("target: 10", "target: 1.0e-300")
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": text})
    result = load(root, display_root="content")
    assert [str(d) for d in result.errors] == [
        "content/plans/p.yaml:18:17: error: `target` must be 0 or at least 1e-9 in size: "
        "use a smaller unit (thousandths, millionths)"
    ]


def test_numbers_at_the_limits_build_and_export(tmp_path: Path) -> None:
    from playbooks import BASE

    text = (
        BASE["plans/p.yaml"]
        .replace("baseline: 0", "baseline: -1.0e15")
        .replace("target: 10", "target: 1.0e15")
        .replace("current: 5", "current: 1.0e-9")
    )
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": text})
    assert [str(d) for d in load(root).errors] == []
    for fmt in ("json", "csv", "ics", "markdown"):
        assert export(tmp_path, fmt, tmp_path / "out" / fmt) == 0
    data = (tmp_path / "out" / "json" / "playbook.json").read_text(encoding="utf-8")
    assert "NaN" not in data
    assert "Infinity" not in data
    plugin_build(tmp_path)
