"""What a preview keeps between two loads and renders: the same results as starting afresh, for less work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.exports import ics
from generator.exports.json import playbook_data
from generator.kept import Kept
from generator.loading import folder, yaml
from generator.loading.folder import ParsedFiles
from generator.loading.yaml import ParsedFile
from generator.pipeline import Result, load
from generator.rendering.options import Options

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_what_a_run_did_not_make_or_take_back_is_forgotten() -> None:
    kept: Kept[str, int, str] = Kept()
    kept.begin()
    kept.keep("a", 1, "made from 1")
    kept.keep("b", 1, "b")
    kept.end()
    kept.begin()
    assert kept.get("a", 2) is None  # made from something else
    assert kept.get("a", 1) == "made from 1"
    kept.end()  # "b" was neither made nor taken back
    assert kept.get("b", 1) is None
    assert kept.get("a", 1) == "made from 1"
    kept.begin()
    kept.keep("c", 1, "c")  # a run that stops halfway leaves nothing
    kept.begin()
    kept.end()
    assert kept.get("c", 1) is None
    assert kept.get("a", 1) is None


def counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths parsed from now on, in order."""
    parsed: list[str] = []
    real = yaml.parse_text

    def parse_text(text: str, display: str) -> ParsedFile:
        parsed.append(display)
        return real(text, display)

    monkeypatch.setattr(folder, "parse_text", parse_text)
    return parsed


def same(a: Result, b: Result) -> None:
    assert a.playbook is not None
    assert b.playbook is not None
    assert [str(d) for d in a.diagnostics] == [str(d) for d in b.diagnostics]
    assert playbook_data(a.playbook) == playbook_data(b.playbook)
    assert a.digests == b.digests


def test_a_second_load_parses_only_the_edited_file(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = ParsedFiles()
    first = load(example, parsed_files=kept)
    parsed = counting_parses(monkeypatch)
    assert len(first.files) > 5

    replace(example / "plans/growth.yaml", "current: 27\n", "current: 31\n")
    second = load(example, parsed_files=kept)
    assert parsed == [f"{folder.display_path(example)}/plans/growth.yaml"]
    assert next(kr.current for kr in second.require().key_results if kr.id == "kr-new-mid-market-logos") == 31
    same(second, load(example))

    parsed.clear()
    load(example, parsed_files=kept)
    assert parsed == []


def test_a_kept_file_gives_its_reading_warnings_again(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace(example / "skills/technical.yaml", "title: Reliability engineering", "title: Reliability engineering #2")
    kept = ParsedFiles()
    first = load(example, parsed_files=kept)
    parsed = counting_parses(monkeypatch)
    second = load(example, parsed_files=kept)
    assert parsed == []
    cut = [str(d) for d in second.warnings if d.code == "yaml.comment_cuts_text"]
    assert len(cut) == 1
    assert cut == [str(d) for d in first.warnings if d.code == "yaml.comment_cuts_text"]


def test_a_file_broken_then_fixed_is_reported_then_read_again(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = ParsedFiles()
    load(example, parsed_files=kept)
    growth = example / "plans/growth.yaml"
    good = growth.read_text(encoding="utf-8")
    growth.write_text(good + "  - id: [unclosed\n", encoding="utf-8")
    parsed = counting_parses(monkeypatch)

    broken = load(example, parsed_files=kept)
    assert broken.playbook is None
    assert [d.location.file for d in broken.errors] == [f"{folder.display_path(example)}/plans/growth.yaml"]
    again = load(example, parsed_files=kept)  # a file that failed to parse is never kept
    assert [str(d) for d in again.errors] == [str(d) for d in broken.errors]
    assert parsed.count(f"{folder.display_path(example)}/plans/growth.yaml") == 2

    growth.write_text(good, encoding="utf-8")
    same(load(example, parsed_files=kept), load(example))


def test_a_removed_file_is_forgotten_and_a_new_one_parsed(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = ParsedFiles()
    load(example, parsed_files=kept)
    skills = sorted((example / "skills").glob("*.yaml"))
    moved = example / "skills" / f"renamed-{skills[0].name}"
    skills[0].rename(moved)
    parsed = counting_parses(monkeypatch)

    result = load(example, parsed_files=kept)
    assert parsed == [f"{folder.display_path(example)}/skills/{moved.name}"]
    same(result, load(example))
    assert f"{folder.display_path(example)}/skills/{skills[0].name}" not in result.digests


def test_the_calendar_writes_again_only_the_events_that_changed(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = Options(site_url="https://playbook.example.org/")
    built: list[str] = []
    real = ics._all_day_event

    def event(key: ics.EventKey) -> bytes:
        built.append(key[0])
        return real(key)

    monkeypatch.setattr(ics, "_all_day_event", event)
    kept = ics.CalendarEvents()
    before = load(example).require()
    written = ics.calendar(before, options, kept)
    events = written.count(b"BEGIN:VEVENT")
    assert events > 10
    assert len(built) == events
    assert ics.calendar(before, options, kept) == written
    assert len(built) == events  # nothing built again

    replace(example / "plans/growth.yaml", "title: Halve annual logo churn", "title: Halve logo churn")
    after = load(example).require()
    changed = sorted(f"milestone-{m.id}@stratbook" for m in after.milestones if m.objective.title == "Halve logo churn")
    assert changed
    built.clear()
    again = ics.calendar(after, options, kept)
    assert sorted(built) == changed
    unfolded = again.replace(b"\r\n ", b"")
    assert b"Objective: Halve logo churn" in unfolded
    assert b"Halve annual logo churn" not in unfolded
    assert again == ics.calendar(after, options)  # kept events are the bytes a fresh calendar writes


@pytest.mark.parametrize("site_url", [None, "https://playbook.example.org/strategy/"], ids=["no site", "a site"])
def test_the_calendar_is_what_icalendar_writes_for_its_events(example: Path, site_url: str | None) -> None:
    import icalendar

    playbook = load(example).require()
    options = Options(site_url=site_url)
    written = ics.calendar(playbook, options)
    parsed = icalendar.Calendar.from_ical(written)
    whole = icalendar.Calendar()
    for name in ("prodid", "version", "calscale", "method", "x-wr-calname"):
        whole.add(name, parsed[name])
    for component in parsed.walk("VEVENT"):
        whole.add_component(component)
    assert len(whole.subcomponents) == written.count(b"BEGIN:VEVENT") > 10
    assert whole.to_ical() == written
