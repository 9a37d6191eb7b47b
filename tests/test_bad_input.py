"""`stratbook check` on bad input: each case prints exactly the located line(s) expected.

Each bad file is added next to the valid base playbook (or replaces one of
its files) so that the only findings are the ones the case is about.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from playbooks import BASE, write_playbook

from generator.cli import main

P = BASE["plans/p.yaml"]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, str, str]:
    """Run `stratbook check` in-process; exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["check", "--content", *args], out=out)
    return status, out.getvalue(), err.getvalue()


def findings(output: str) -> list[str]:
    """The output without the summary line."""
    lines = output.splitlines()
    assert lines[-1].endswith(" files") or lines[-1].endswith(" file"), output
    return lines[:-1]


def check_files(files: dict[str, str | bytes]) -> list[str]:
    """Write the base playbook plus ``files`` under pb/, check it; the finding lines (exit status 1)."""
    texts = {name: data for name, data in files.items() if isinstance(data, str)}
    write_playbook(Path("pb"), dict(texts))
    for name, data in files.items():
        if isinstance(data, bytes):
            (Path("pb") / name).write_bytes(data)
    status, out, err = check("pb")
    assert (status, err) == (1, ""), out + err
    return findings(out)


EMPTY = (
    "pb/skills/extra.yaml:1:1: error: the file is empty: write a skill (a mapping with `id` and `title`) "
    "or a list of them in it, or delete it"
)


def test_empty_file(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": ""}) == [EMPTY]


def test_file_with_only_comments(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "# nothing yet\n\n   # still nothing\n"}) == [EMPTY]


def test_scalar_where_a_file_needs_a_mapping(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "hello\n"}) == [
        "pb/skills/extra.yaml:1:1: error: expected a skill (a mapping with `id` and `title`) or a list of them, "
        "got the text `hello`"
    ]


def test_scalar_where_a_field_needs_a_mapping(in_tmp: Path) -> None:
    playbook = BASE["playbook.yaml"].replace("horizon: {start: 2026-01-01, end: 2027-12-31}", "horizon: 2026")
    assert check_files({"playbook.yaml": playbook}) == [
        "pb/playbook.yaml:3:10: error: `horizon` must be a period (a mapping of fields), got the number `2026`"
    ]


def test_list_where_the_playbook_needs_a_mapping(in_tmp: Path) -> None:
    assert check_files({"playbook.yaml": "- title: Test\n- vision: Be useful.\n"}) == [
        "pb/playbook.yaml:1:1: error: expected the strategy (`title`, `vision`, `horizon`, `pillars`), got a list"
    ]


def test_list_where_a_field_needs_a_mapping(in_tmp: Path) -> None:
    playbook = BASE["playbook.yaml"].replace("{start: 2026-01-01, end: 2027-12-31}", "[2026-01-01, 2027-12-31]")
    assert check_files({"playbook.yaml": playbook}) == [
        "pb/playbook.yaml:3:10: error: `horizon` must be a period (a mapping of fields), got a list"
    ]


def test_list_where_a_list_item_needs_a_mapping(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "- - id: s2\n    title: Nested\n"}) == [
        "pb/skills/extra.yaml:1:3: error: expected a skill (a mapping of fields), got a list"
    ]


def test_duplicate_keys(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "id: s2\ntitle: One\ntitle: Two\n"}) == [
        "pb/skills/extra.yaml:3:1: error: duplicate key `title`: it is already set on line 2 of this mapping; "
        "keep one of the two (merge their values if both matter)"
    ]


def test_duplicate_ids_across_files_name_both_places(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "id: lead\ntitle: Leading\n"}) == [
        "pb/skills/extra.yaml:1:5: error: duplicate id `lead`: a role at pb/roles/r.yaml:1:7 has it already; "
        "ids are unique across the playbook, so rename one of them"
    ]


def test_tab_indented_file(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "id: s2\ntitle: Skill\nlevels:\n\t1: Beginner\n"}) == [
        "pb/skills/extra.yaml:4:1: error: this line is indented with a tab, and YAML allows only spaces in "
        "indentation: indent with spaces (two per level), for example `  1: Beginner`"
    ]


def test_tab_after_a_colon_is_valid_yaml(in_tmp: Path) -> None:
    write_playbook(Path("pb"), {"skills/extra.yaml": "id: s2\ntitle:\tSkill\n"})
    status, out, err = check("pb")
    assert (status, err, out.splitlines()[-1]) == (0, "", "0 errors, 0 warnings in 6 files")
    assert ": error: " not in out


def test_tab_indentation_is_located_even_after_a_tab_separator(in_tmp: Path) -> None:
    lines = check_files({"skills/extra.yaml": "id: s2\ntitle:\tSkill\nlevels:\n\t1: Beginner\n"})
    assert lines == [
        "pb/skills/extra.yaml:4:1: error: this line is indented with a tab, and YAML allows only spaces in "
        "indentation: indent with spaces (two per level), for example `  1: Beginner`"
    ]


def test_invalid_utf8(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": b"id: s2\ntitle: Sk\xffill\n"}) == [
        "pb/skills/extra.yaml:2:10: error: the file is not valid UTF-8 (byte 0xff): save it as UTF-8"
    ]


def test_control_character_is_located_on_one_line(in_tmp: Path) -> None:
    lines = check_files({"skills/extra.yaml": "id: s2\ntitle: a\x00b\n"})
    assert lines == [
        "pb/skills/extra.yaml:2:9: error: the file contains the control character U+0000, "
        "which YAML does not allow: remove it"
    ]


def test_billion_laughs_with_ten_thousand_aliases_is_rejected(in_tmp: Path) -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 2500) + "]" for i in range(1, 5)]
    bomb = "\n".join(levels) + "\n"
    assert bomb.count("*a") == 10_000
    assert check_files({"skills/extra.yaml": bomb}) == [
        "pb/skills/extra.yaml:1:45: error: aliases expand this file far beyond its own size (an alias bomb?): "
        "remove the anchors (`&name`) and aliases (`*name`) that repeat large parts"
    ]


def test_many_aliases_of_a_small_node_are_not_a_bomb(in_tmp: Path) -> None:
    # 10,000 aliases that expand to twice the file's size are legitimate YAML: only the field is unknown.
    text = "id: s2\ntitle: T\nx-base: &b {k: v}\n" + "".join(f"x{i}: *b\n" for i in range(10_000))
    lines = check_files({"skills/extra.yaml": text})
    assert len(lines) == 10_001
    assert lines[0] == (
        "pb/skills/extra.yaml:3:1: error: unknown field `x-base` in a skill; allowed fields: "
        "`accept`, `category`, `description`, `id`, `levels`, `title`"
    )


def test_unknown_yaml_tag_is_rejected_and_never_run(in_tmp: Path) -> None:
    text = "id: s2\ntitle: !!python/object/apply:os.system ['touch pwned']\n"
    assert check_files({"skills/extra.yaml": text}) == [
        "pb/skills/extra.yaml:2:8: error: unknown YAML tag `!!python/object/apply:os.system`: remove the tag"
    ]
    assert not (in_tmp / "pwned").exists()


def test_local_tag_is_rejected(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "id: s2\ntitle: !custom x\n"}) == [
        "pb/skills/extra.yaml:2:8: error: unknown YAML tag `!custom`: remove the tag"
    ]


def test_id_that_looks_like_a_path(in_tmp: Path) -> None:
    assert check_files({"skills/extra.yaml": "id: ../../x\ntitle: Escape\n"}) == [
        "pb/skills/extra.yaml:1:5: error: `../../x` is not a valid id: use lowercase letters, digits and single "
        "hyphens, at most 64 characters, like `grow-revenue`"
    ]


def test_date_that_does_not_exist(in_tmp: Path) -> None:
    assert check_files({"plans/p.yaml": P.replace("due: 2026-09-01", "due: 2027-02-30")}) == [
        "pb/plans/p.yaml:23:14: error: `due`: `2027-02-30` is not a real date: check the month and day"
    ]


def test_quoted_date_that_does_not_exist(in_tmp: Path) -> None:
    assert check_files({"plans/p.yaml": P.replace("due: 2026-09-01", "due: '2027-02-30'")}) == [
        "pb/plans/p.yaml:23:14: error: `due`: `2027-02-30` is not a real date: check the month and day"
    ]


def test_playbook_folder_that_does_not_exist(in_tmp: Path) -> None:
    status, out, err = check("nowhere")
    assert (status, out) == (2, "")
    assert err == (
        "nowhere: error: no playbook folder here; pass the folder that holds playbook.yaml "
        "(for example `stratbook check --content content`)\n"
    )
