"""What Stratbook prints and writes cannot be forged by content: terminal escapes, CSV formulas, build dates.

Control characters in ids, titles and file names are shown escaped, so that
content cannot retitle the terminal, clear the screen or forge diagnostic
lines; CSV cells that a spreadsheet would run as formulas (however they are
disguised) are quoted; the build date is reproducible without `as_of`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playbooks import BASE, run_check, write_playbook

from generator.cli import main
from generator.pipeline import load

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b1m"


def _check_output(*args: str) -> tuple[int, str, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status, out = run_check(*args)
    return status, out, err.getvalue()


@pytest.mark.parametrize("output", ["text", "github"])
def test_terminal_escapes_in_content_are_shown_escaped(tmp_path: Path, output: str) -> None:
    # YAML's double quotes can spell control characters (\e, \a, \x9b): they reach the messages.
    owner = '"lead\\e]0;pwned\\a\\e[2J\\x9b1m"'
    root = write_playbook(
        tmp_path / "content", {"plans/p.yaml": BASE["plans/p.yaml"].replace("owner: lead", f"owner: {owner}", 1)}
    )
    status, out, err = _check_output("--format", output, str(root))
    assert status == 1
    printed = out + err
    assert not any(ch in printed for ch in "\x1b\x07\x9b"), repr(printed)
    assert "lead\\x1b]0;pwned\\x07\\x1b[2J\\x9b1m" in printed


def test_a_line_break_in_a_file_name_cannot_forge_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_playbook(tmp_path / "content")
    forged = "p.yaml:1:1: error: forged"
    (root / "plans" / f"x\n{forged}\r.yaml").write_text("- 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, _ = _check_output("content")
    assert status == 1
    assert forged not in out.splitlines()
    lines = [line for line in out.splitlines() if ": error: " in line]
    assert lines == [
        "content/plans/x\\np.yaml:1:1: error: forged\\r.yaml:1:3: error: expected a plan "
        "(a mapping of fields), got the number `1`"
    ]


def test_the_printing_function_escapes_every_control_character() -> None:
    from generator.exceptions import printable

    assert printable("plain text, ünïcode ✓") == "plain text, ünïcode ✓"
    assert printable("a\nb\rc\td\x00e\x7f\x85\u2028\u202e") == "a\\nb\\rc\\td\\x00e\\x7f\\x85\\u2028\\u202e"


# -- CSV -----------------------------------------------------------------------------------------

FORMULAS = [" =1+1", "\u3000=1+1", "\uff1d1+1", " \uff0b1", "\uff0d1", "\uff20SUM(A1)", "\t=1", "\r=1", "\n=1", "=1"]


@pytest.mark.parametrize("title", FORMULAS)
def test_csv_cells_that_would_run_as_formulas_are_quoted(tmp_path: Path, title: str) -> None:
    import json

    plan = (
        BASE["plans/p.yaml"]
        .replace("title: KR", f"title: {json.dumps('x')}")
        .replace("title: Obj", f"title: {json.dumps(title)}")
    )
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": plan})
    assert main(["export", "csv", str(tmp_path / "out"), "--content", str(root)], out=io.StringIO()) == 0
    with (tmp_path / "out" / "objectives-key-results.csv").open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + title in cells


# -- the build date ------------------------------------------------------------------------------


def _no_as_of(tmp_path: Path) -> Path:
    return write_playbook(
        tmp_path / "content", {"playbook.yaml": BASE["playbook.yaml"].replace("as_of: 2026-06-01\n", "")}
    )


def test_source_date_epoch_sets_the_date_without_as_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _no_as_of(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 7, 4, 23, 30, tzinfo=dt.UTC).timestamp())))
    playbook = load(root).playbook
    assert playbook is not None
    assert playbook.as_of == dt.date(2026, 7, 4)


def test_without_as_of_the_date_is_today_in_utc_in_every_time_zone(tmp_path: Path) -> None:
    root = _no_as_of(tmp_path)
    script = "import sys; from generator.pipeline import load; print(load(sys.argv[1]).playbook.as_of)"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    dates = set()
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC"):  # UTC+14, UTC-12: always two local dates apart
        done = subprocess.run(
            [sys.executable, "-c", script, str(root)],
            env={**env, "TZ": zone},
            capture_output=True,
            text=True,
            check=True,
        )
        dates.add(done.stdout.strip())
    assert len(dates) == 1, dates


def test_the_reference_says_where_the_date_comes_from() -> None:
    from generator.rendering.reference import reference_pages

    pages = "\n".join(reference_pages().values())
    assert "SOURCE_DATE_EPOCH" in pages
    assert "today in UTC" in pages


@pytest.mark.parametrize("value", ["soon", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    root = _no_as_of(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    status, out, err = _check_output(str(root))
    assert (status, out) == (2, "")
    assert err == (
        f"SOURCE_DATE_EPOCH: error: `{value}` is not a time stamp (whole seconds since 1970-01-01 UTC, "
        "between 1900 and 2999): fix or unset it\n"
    )


# -- export folders ------------------------------------------------------------------------------


def test_an_export_folder_that_is_a_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content")
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["export", "json", str(target), "--content", str(root)], out=io.StringIO())
    assert status == 2
    assert err.getvalue().startswith(f"{target}: error: ")
    assert target.read_text(encoding="utf-8") == "not a folder"
