"""`stratbook update kr` records a check-in: value, date, note, confidence and who."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from playbooks import BASE, write_playbook

from generator.cli import main
from generator.pipeline import load

BLOCK = BASE["plans/p.yaml"].replace(
    "        current: 5\n",
    "        current: 5\n        history:\n          - date: 2026-04-30\n            value: 5\n",
)
FLOW = BASE["plans/p.yaml"].replace(
    "        current: 5\n",
    "        current: 5\n        history: [{date: 2026-04-30, value: 5}]\n",
)


def update(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["update", "kr", "kr1", "--content", str(root), *args], out=out)
    return status, out.getvalue(), err.getvalue()


def test_check_in_with_note_confidence_and_by(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "pb", {"plans/p.yaml": BLOCK})
    status, _out, err = update(
        root, "--current", "7", "--date", "2026-05-31", "--note", "Two carriers: signed | <b>",
        "--confidence", "medium", "--by", "dev",
    )  # fmt: skip
    assert (status, err) == (0, "")
    text = (root / "plans/p.yaml").read_text()
    assert text == BLOCK.replace("current: 5\n", "current: 7\n").replace(
        "            value: 5\n",
        "            value: 5\n"
        "          - date: 2026-05-31\n"
        "            value: 7\n"
        '            note: "Two carriers: signed | <b>"\n'
        "            confidence: medium\n"
        "            by: dev\n",
    )
    entry = load(root).require().key_results[0].history[-1]
    assert (entry.note, entry.confidence, entry.by_id) == ("Two carriers: signed | <b>", "medium", "dev")


def test_check_in_in_flow_history(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "pb", {"plans/p.yaml": FLOW})
    status, _out, _err = update(root, "--current", "6", "--date", "2026-05-31", "--confidence", "high")
    assert status == 0
    assert (
        "history: [{date: 2026-04-30, value: 5}, {date: 2026-05-31, value: 6, confidence: high}]\n"
        in (root / "plans/p.yaml").read_text()
    )


def test_a_check_in_does_not_inherit_the_note_of_the_one_before(tmp_path: Path) -> None:
    flow = FLOW.replace("[{date: 2026-04-30, value: 5}]", '[{date: 2026-04-30, value: 5, note: "old", by: dev}]')
    root = write_playbook(tmp_path / "pb", {"plans/p.yaml": flow})
    status, _out, err = update(root, "--current", "6", "--date", "2026-05-31", "--note", "new")
    assert (status, err) == (0, "")
    assert (
        'history: [{date: 2026-04-30, value: 5, note: "old", by: dev}, {date: 2026-05-31, value: 6, note: "new"}]\n'
        in (root / "plans/p.yaml").read_text()
    )
    entry = load(root).require().key_results[0].history[-1]
    assert (entry.note, entry.by_id) == ("new", None)


def test_bad_confidence_is_a_usage_error(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "pb", {"plans/p.yaml": BLOCK})
    before = (root / "plans/p.yaml").read_bytes()
    status, _out, err = update(root, "--current", "6", "--confidence", "hgih")
    assert status == 2
    assert "`hgih` is not a confidence: choose one of `high`, `medium`, `low`; did you mean `high`?" in err
    assert (root / "plans/p.yaml").read_bytes() == before


def test_unknown_role_in_by_is_refused_before_writing(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "pb", {"plans/p.yaml": BLOCK})
    before = (root / "plans/p.yaml").read_bytes()
    status, _out, err = update(root, "--current", "6", "--date", "2026-05-31", "--by", "deb")
    assert status == 1
    assert "unknown role `deb`; did you mean `dev`?" in err
    assert (root / "plans/p.yaml").read_bytes() == before
