"""The YAML mistakes new editors make, each explained where it is, with what to do instead of parser jargon."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from playbooks import BASE, run_check, write_playbook

from generator.exceptions import Severity
from generator.pipeline import load

ROLES = """\
    - id: lead
      title: Lead
      skills:
        - skill: s1
          level: 2
    - id: dev
      title: Dev
      reports_to: lead
    """


def _diagnostics(tmp_path: Path, name: str, text: str) -> list[str]:
    root = write_playbook(tmp_path / "content", {name: textwrap.dedent(text)})
    result = load(root, display_root="content")
    return [str(d) for d in result.diagnostics if d.location.file == f"content/{name}"]


CASES = [
    pytest.param(
        """\
        id: s1
        title: Skill
        levels:
          1: Knows it.
           2: Uses it.
        """,
        "content/skills/s.yaml:5:4: error: `2` is indented 3 spaces but `1` on line 4 above it is indented 2 spaces, "
        "so YAML reads this line as more of the text above: start the keys of one mapping in the same column, "
        "for example `  2: Uses it.`",
        id="a key one space too far right",
    ),
    pytest.param(
        """\
        - id: lead
          title: Lead
          skills:
            - skill: s1
             level: 2
        - id: dev
          title: Dev
          reports_to: lead
        """,
        "content/roles/r.yaml:5:6: error: `level` is indented 5 spaces but `skill` on line 4 above it is indented "
        "6 spaces: start the keys of one mapping in the same column, for example `      level: 2`",
        id="a key one space too far left",
    ),
    pytest.param(
        """\
        - id: lead
          title: Lead
          skills:
            - skill: s1
              level: 2
         - id: dev
          title: Dev
          reports_to: lead
        """,
        "content/roles/r.yaml:6:2: error: this list item is indented 1 space but the item on line 1 above it is not "
        "indented: start every item of a list in the same column, for example `- id: dev`",
        id="a list item out of line",
    ),
    pytest.param(
        ROLES.replace("title: Lead\n", "title: Lead\n      summary: Manages one unit: staffing, beds and rosters\n"),
        "content/roles/r.yaml:3:28: error: the text of `summary` contains `: ` (a colon and a space), which YAML "
        "reads as the start of a new key: put the whole text in quotes, for example "
        '`  summary: "Manages one unit: staffing, beds and rosters"`',
        id="a colon in plain text",
    ),
    pytest.param(
        """\
        id: s1
        title: Skill
        description: Knows the wards
          and the rules: all of them
        """,
        "content/skills/s.yaml:4:16: error: this line continues the text of `description` (line 3), and the `: ` in "
        "it reads as the start of a new key: put the whole text in quotes, or write it as a block (`|` after the "
        "key, the text indented on the lines below)",
        id="a colon in the second line of a plain text",
    ),
    pytest.param(
        """\
        id: s1
        title: Skill
        category: %
        """,
        "content/skills/s.yaml:3:11: error: a plain value cannot start with `%` in YAML: put the value in quotes, "
        'for example `category: "%"`',
        id="a value that starts with %",
    ),
    pytest.param(
        """\
        id: s1
        title: @ward
        """,
        "content/skills/s.yaml:2:8: error: a plain value cannot start with `@` in YAML: put the value in quotes, "
        'for example `title: "@ward"`',
        id="a value that starts with @",
    ),
    pytest.param(
        """\
        id: s1
        title: *important*
        """,
        "content/skills/s.yaml:2:8: error: `*` at the start of a value makes it an alias (a reference to an anchor) "
        'in YAML: to write text that starts with `*`, put it in quotes, for example `title: "*important*"`',
        id="a value that starts with *",
    ),
    pytest.param(
        """\
        id: s1
        title: [draft] Triage
        """,
        "content/skills/s.yaml:2:8: error: the value of `title` starts with `[`, so YAML reads it as a list that ends "
        'before the rest of the line: put the whole value in quotes, for example `title: "[draft] Triage"`',
        id="a value that starts with a bracket",
    ),
    pytest.param(
        """\
        id: s1
        title: "Triage" first
        """,
        'content/skills/s.yaml:2:8: error: the value of `title` starts with `"`, so YAML reads it as quoted text '
        "that ends before the rest of the line: put the whole value in quotes, for example "
        "`title: '\"Triage\" first'`",
        id="text after a quoted value",
    ),
    pytest.param(
        """\
        id: s1
        title: "Triage
        description: |
          Knows the wards.
        levels:
          1: Knows it.
          2: Uses it.
        """,
        'content/skills/s.yaml:2:8: error: the quote " that opens here is never closed, so YAML reads the rest of '
        'the file as this text: end the text with " on this line, for example `title: "Triage"`',
        id="an unclosed quote, reported where it opens",
    ),
    pytest.param(
        """\
        id: s1
        title: 'Triage
        """,
        "content/skills/s.yaml:2:8: error: the quote ' that opens here is never closed, so YAML reads the rest of "
        "the file as this text: end the text with ' on this line, for example `title: 'Triage'`",
        id="an unclosed single quote",
    ),
    pytest.param(
        'id: s1\ntitle: "C:\\qdrive"\n',
        "content/skills/s.yaml:2:11: error: in double quotes a backslash starts an escape such as `\\n`: write `\\\\` "
        "for a backslash, or use single quotes, for example `title: 'C:\\qdrive'`",
        id="a backslash in double quotes",
    ),
    pytest.param(
        "id: s1\ntitle: Skill\nlevels:\n\t1: Knows it.\n",
        "content/skills/s.yaml:4:1: error: this line is indented with a tab, and YAML allows only spaces in "
        "indentation: indent with spaces (two per level), for example `  1: Knows it.`",
        id="a tab",
    ),
    pytest.param(
        """\
        id: s1
        title: Skill
        description: One.
        title: Other
        """,
        "content/skills/s.yaml:4:1: error: duplicate key `title`: it is already set on line 2 of this mapping; "
        "keep one of the two (merge their values if both matter)",
        id="a duplicate key",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_yaml_mistake_is_explained(tmp_path: Path, text: str, expected: str) -> None:
    name = "roles/r.yaml" if expected.startswith("content/roles/") else "skills/s.yaml"
    assert _diagnostics(tmp_path, name, text) == [expected]


def test_an_unclosed_quote_deep_in_a_long_file_is_reported_at_its_line(tmp_path: Path) -> None:
    """The parser notices only at the end of the file; the message points back to where the quote opened."""
    skills = "".join(f"- id: s{n}\n  title: Skill {n}\n" for n in range(1, 60))
    broken = skills.replace("title: Skill 40\n", 'title: "Skill 40\n')
    messages = _diagnostics(tmp_path, "skills/s.yaml", broken)
    assert messages == [
        'content/skills/s.yaml:80:10: error: the quote " that opens here is never closed, so YAML reads the rest of '
        'the file as this text: end the text with " on this line, for example `  title: "Skill 40"`'
    ]


def test_a_hash_that_cuts_a_plain_title_is_a_warning(tmp_path: Path) -> None:
    root = write_playbook(
        tmp_path / "content",
        {"skills/s.yaml": "id: s1\ntitle: Triage on ward #3\ndescription: Fine.  # a comment, left alone\n"},
    )
    result = load(root, display_root="content")
    cut = [d for d in result.diagnostics if d.location.file == "content/skills/s.yaml"]
    assert [(d.severity, str(d)) for d in cut] == [
        (
            Severity.WARNING,
            "content/skills/s.yaml:2:23: warning: this `#` starts a YAML comment, so `title` is read as "
            '"Triage on ward" and the rest of the line is dropped: to keep the `#`, put the whole text in quotes, '
            'for example `title: "Triage on ward #3"`; to mean a comment, write `# ` with a space after it'
            " [yaml.comment_cuts_text]",
        )
    ]
    assert result.playbook is not None
    assert result.playbook.skills[0].title == "Triage on ward"
    assert cut[0].code == "yaml.comment_cuts_text"


def test_the_hash_warning_fails_strict_check_and_quoting_fixes_it(tmp_path: Path) -> None:
    root = write_playbook(tmp_path / "content", {"skills/s.yaml": "id: s1\ntitle: Ward #3\n"})
    status, out = run_check(str(root), "--strict")
    assert status == 1
    assert "s.yaml:2:13: warning: this `#` starts a YAML comment" in out
    (root / "skills/s.yaml").write_text('id: s1\ntitle: "Ward #3"\n', encoding="utf-8")
    status, out = run_check(str(root), "--strict")
    assert (status, out.splitlines()[-1]) == (0, "0 errors, 0 warnings in 5 files")


def test_ids_numbers_and_ordinary_comments_are_not_warned_about(tmp_path: Path) -> None:
    """Ids and references never hold a `#`, numbers are no text: only text that lost its end is reported."""
    root = write_playbook(
        tmp_path / "content",
        {
            "skills/s.yaml": "id: s1 #main\ntitle: Skill # plain comment\n",
            "plans/p.yaml": BASE["plans/p.yaml"].replace("target: 10", "target: 10 #max"),
        },
    )
    result = load(root, display_root="content")
    assert [str(d) for d in result.diagnostics if "comment" in d.message] == []
