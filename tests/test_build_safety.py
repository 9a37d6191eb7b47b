"""`stratbook build` writes only what it owns: inside its folder, never through links, never over other files.

Each case runs the command in-process on the small playbook, in a project
folder under tmp_path, and asserts the exit status, the exact one-line
message and that nothing outside what the build owns changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from playbooks import BASE, write_playbook

from generator.cli import main
from generator.exports.files import MANIFEST, digest, read_manifest, write_tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root holding the small playbook in content/; the working directory of each test."""
    root = tmp_path / "project"
    write_playbook(root / "content")
    monkeypatch.chdir(root)
    return root


def build(*args: str) -> tuple[int, str, str]:
    """Run `stratbook build` in-process: exit status, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["build", *args], out=out)
    return status, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: file bytes, or the target of a link, or "dir"."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[key] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            entries[key] = "dir"
        else:
            entries[key] = path.read_bytes()
    return entries


def hostile_manifest(folder: Path, files: dict[str, str]) -> None:
    """A manifest in Stratbook's format that lists whatever a hostile hand put in it."""
    (folder / ".stratbook").mkdir(parents=True, exist_ok=True)
    document = {"format": "stratbook-build-manifest", "version": 1, "files": files}
    (folder / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


def rename_program(project: Path) -> None:
    """The coaching program gets another id: its page moves, the old one is stale."""
    write_playbook(project / "content", {"coaching/c.yaml": BASE["coaching/c.yaml"].replace("id: prog", "id: prog2")})


# --- the output folder ---------------------------------------------------------


def test_build_writes_pages_and_a_manifest_of_what_it_wrote(project: Path) -> None:
    status, out, err = build("--out", "docs")
    assert (status, err) == (0, "")
    manifest = json.loads((project / "docs" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == "stratbook-build-manifest"
    for name, expected in manifest["files"].items():
        assert hashlib.sha256((project / "docs" / name).read_bytes()).hexdigest() == expected, name
    assert {"index.md", "objectives/o1/index.md", "assets/stratbook.css", ".stratbook/mkdocs.yml"} <= set(
        manifest["files"]
    )
    assert out.splitlines()[-1].startswith("docs: wrote ")


def test_a_second_build_writes_nothing_and_keeps_modification_times(project: Path) -> None:
    assert build("--out", "docs")[0] == 0
    page = project / "docs" / "index.md"
    os.utime(page, (1_000_000_000, 1_000_000_000))
    status, out, _ = build("--out", "docs")
    assert status == 0
    assert page.stat().st_mtime == 1_000_000_000
    assert out.splitlines()[-1].startswith("docs: wrote 0 files")


def test_output_folder_that_is_a_file_is_refused(project: Path) -> None:
    (project / "docs").write_text("notes", encoding="utf-8")
    status, _out, err = build("--out", "docs")
    assert status == 2
    assert err == "docs: error: the output path is a file, not a folder; give a folder (--out DIR)\n"
    assert (project / "docs").read_text(encoding="utf-8") == "notes"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (
            "/",
            "/: error: the output folder is the root of the file system; give a folder of its own, like `--out docs`",
        ),
        (
            ".",
            ".: error: the output folder contains the playbook (content); give a folder of its own next to it, "
            "like `--out docs`",
        ),
        (
            "content",
            "content: error: the output folder contains the playbook (content); give a folder of its own next to "
            "it, like `--out docs`",
        ),
        (
            "content/site",
            "content/site: error: the output folder is inside the playbook (content); give a folder outside it, "
            "like `--out docs`",
        ),
    ],
)
def test_folders_that_hold_the_playbook_or_lie_in_it_are_refused(project: Path, out: str, message: str) -> None:
    before = snapshot(project)
    status, _, err = build("--out", out)
    assert (status, err) == (2, message + "\n")
    assert snapshot(project) == before


def test_the_project_root_is_refused_even_when_the_playbook_lives_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_playbook(tmp_path / "playbook")
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    status, _, err = build("--content", str(tmp_path / "playbook"), "--out", str(tmp_path))
    assert status == 2
    assert err.startswith(f"{tmp_path}: error: the output folder contains the")
    status, _, err = build("--content", str(tmp_path / "playbook"), "--out", ".")
    assert (status, err) == (
        2,
        ".: error: the output folder contains the project root (.); give a folder of its own inside the project, "
        "like `--out docs`\n",
    )
    assert sorted(p.name for p in root.iterdir()) == []


def test_a_page_of_the_site_at_a_stratbook_path_stops_the_build_before_anything_is_written(project: Path) -> None:
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Our own home page\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    before = snapshot(docs)
    status, _out, err = build("--out", "docs")
    assert status == 2
    assert err == (
        "docs/index.md: error: Stratbook writes this file, and the one here is not one it wrote (or it "
        "was edited since); move or rename it (the site's own pages must not use Stratbook's paths), or build into "
        "another folder (--out)\n"
    )
    assert snapshot(docs) == before


def test_the_site_own_pages_next_to_the_generated_ones_are_never_touched(project: Path) -> None:
    docs = project / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    (docs / "objectives").mkdir()
    (docs / "objectives" / "notes.md").write_text("mine\n", encoding="utf-8")
    assert build("--out", "docs")[0] == 0
    rename_program(project)
    assert build("--out", "docs")[0] == 0
    assert (docs / "about.md").read_text(encoding="utf-8") == "# About\n"
    assert (docs / "objectives" / "notes.md").read_text(encoding="utf-8") == "mine\n"


def test_a_generated_page_edited_by_hand_is_not_overwritten(project: Path) -> None:
    assert build("--out", "docs")[0] == 0
    page = project / "docs" / "objectives" / "o1" / "index.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err.startswith("docs/objectives/o1/index.md: error: Stratbook writes this file")
    assert page.read_text(encoding="utf-8") == "edited by hand\n"


def test_every_conflict_is_counted_in_the_one_line(project: Path) -> None:
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("mine\n", encoding="utf-8")
    (docs / "skills").mkdir()
    (docs / "skills" / "index.md").write_text("mine\n", encoding="utf-8")
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err.count("\n") == 1
    assert err.endswith("(and 1 more path(s) like it)\n")


# --- symbolic links ------------------------------------------------------------------


def test_a_link_to_a_folder_outside_is_never_written_through(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = project / "docs"
    docs.mkdir()
    (docs / "objectives").symlink_to(outside, target_is_directory=True)
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err == (
        "docs/objectives: error: a symbolic link where Stratbook writes the site; Stratbook never "
        "writes through links: remove it, or build into another folder (--out)\n"
    )
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in docs.iterdir()) == ["objectives"]


def test_a_link_at_a_page_path_is_not_replaced_nor_followed(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.md"
    target.write_text("precious\n", encoding="utf-8")
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").symlink_to(target)
    status, _, err = build("--out", "docs")
    assert status == 2
    assert err.startswith("docs/index.md: error: a symbolic link where Stratbook writes the site")
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert (docs / "index.md").is_symlink()


def test_an_output_folder_given_as_a_link_is_written_where_it_points(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-docs"
    real.mkdir()
    (project / "docs").symlink_to(real, target_is_directory=True)
    assert build("--out", "docs")[0] == 0
    assert (real / "index.md").is_file()


# --- deleting what the playbook no longer has -----------------------------------


def test_pages_of_removed_entities_are_deleted_and_nothing_else(project: Path) -> None:
    assert build("--out", "docs")[0] == 0
    assert (project / "docs" / "coaching" / "prog" / "index.md").is_file()
    rename_program(project)
    status, out, err = build("--out", "docs")
    assert (status, err) == (0, "")
    assert not (project / "docs" / "coaching" / "prog" / "index.md").exists()
    assert (project / "docs" / "coaching" / "index.md").is_file()
    assert "coaching/prog/index.md" not in read_manifest(project / "docs").files
    assert "removed 1" in out.splitlines()[-1]


def test_a_stale_page_edited_since_is_kept_with_a_warning(project: Path) -> None:
    assert build("--out", "docs")[0] == 0
    page = project / "docs" / "coaching" / "prog" / "index.md"
    page.write_text("my notes on the program\n", encoding="utf-8")
    rename_program(project)
    status, _, err = build("--out", "docs")
    assert status == 0
    assert page.read_text(encoding="utf-8") == "my notes on the program\n"
    assert err == (
        "docs/coaching/prog/index.md: warning: kept: Stratbook wrote this file, the playbook "
        "no longer has it, and it was changed since; delete it if it is not needed\n"
    )


@pytest.mark.parametrize(
    "listed",
    [
        "{root}/content/playbook.yaml",
        "../content/playbook.yaml",
        "a/../../content/playbook.yaml",
        "./index.md",
        "C:/content/playbook.yaml",
        "a\\..\\..\\content\\playbook.yaml",
    ],
)
def test_a_hostile_manifest_deletes_nothing(project: Path, listed: str) -> None:
    docs = project / "docs"
    docs.mkdir()
    own = docs / "about.md"
    own.write_text("# About\n", encoding="utf-8")
    yaml = (project / "content" / "playbook.yaml").read_bytes()
    name = listed.format(root=project)
    hostile_manifest(docs, {name: digest(yaml), "about.md": digest(own.read_bytes())})
    before = snapshot(project / "content")
    status, _, err = build("--out", "docs")
    assert status == 0
    assert snapshot(project / "content") == before
    assert own.read_text(encoding="utf-8") == "# About\n"
    assert err == (
        f"docs/{MANIFEST}: warning: not a manifest Stratbook wrote (it lists `{name}`, which is not a "
        "path inside the folder); ignored, so no file is deleted; this build replaces it\n"
    )
    assert set(read_manifest(docs).files) >= {"index.md"}
    assert "about.md" not in read_manifest(docs).files


def test_a_listed_file_that_does_not_hold_the_listed_bytes_is_kept(project: Path) -> None:
    docs = project / "docs"
    docs.mkdir()
    own = docs / "about.md"
    own.write_text("# About\n", encoding="utf-8")
    hostile_manifest(docs, {"about.md": digest(b"something Stratbook wrote once\n")})
    status, _, err = build("--out", "docs")
    assert status == 0
    assert own.read_text(encoding="utf-8") == "# About\n"
    assert err.startswith("docs/about.md: warning: kept: Stratbook wrote this file")


def test_a_manifest_entry_reached_through_a_link_is_not_deleted(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.md").write_text("x\n", encoding="utf-8")
    docs = project / "docs"
    docs.mkdir()
    (docs / "elsewhere").symlink_to(outside, target_is_directory=True)
    hostile_manifest(docs, {"elsewhere/page.md": digest(b"x\n")})
    assert build("--out", "docs")[0] == 0
    assert (outside / "page.md").read_text(encoding="utf-8") == "x\n"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.write_bytes(b"\xff\xfe not utf-8"), "not UTF-8"),
        (lambda path: path.write_text("{", encoding="utf-8"), "not JSON"),
        (
            lambda path: path.write_text('{"files": {"index.md": "x"}}', encoding="utf-8"),
            "not a Stratbook build manifest",
        ),
    ],
)
def test_a_manifest_that_is_not_ours_is_ignored_with_a_warning(project: Path, make: object, reason: str) -> None:
    docs = project / "docs"
    (docs / ".stratbook").mkdir(parents=True)
    (docs / "stale.md").write_text("stale\n", encoding="utf-8")
    make(docs / MANIFEST)  # type: ignore[operator]
    status, _, err = build("--out", "docs")
    assert status == 0
    assert err == (
        f"docs/{MANIFEST}: warning: not a manifest Stratbook wrote ({reason}); ignored, so no file "
        "is deleted; this build replaces it\n"
    )
    assert (docs / "stale.md").is_file()
    assert "index.md" in read_manifest(docs).files


def test_a_manifest_that_is_a_folder_is_left_alone_with_a_warning(project: Path) -> None:
    docs = project / "docs"
    (docs / MANIFEST).mkdir(parents=True)
    status, _, err = build("--out", "docs")
    assert status == 0
    assert err == (
        f"docs/{MANIFEST}: warning: not a manifest Stratbook wrote (not a regular file); ignored, so no "
        "file is deleted and no manifest is written: remove it\n"
    )
    assert (docs / MANIFEST).is_dir()
    assert (docs / "index.md").is_file()


# --- the writer on its own ---------------------------------------------------------


def test_the_writer_rejects_paths_a_tree_must_not_hold(tmp_path: Path) -> None:
    for name in ("/etc/passwd", "../x.md", "a//b.md", MANIFEST):
        with pytest.raises(ValueError, match="not a path a generated tree may hold"):
            write_tree(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "out").exists()


def test_export_markdown_shares_the_safety_of_build(project: Path) -> None:
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Our own home page\n", encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["export", "markdown", "docs"], out=io.StringIO())
    assert status == 2
    assert err.getvalue().startswith("docs/index.md: error: Stratbook writes this file")
    assert (docs / "index.md").read_text(encoding="utf-8") == "# Our own home page\n"
