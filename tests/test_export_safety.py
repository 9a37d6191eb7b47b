"""`stratbook export json|csv|ics DIR` writes with the care of `stratbook build`.

Only inside DIR, never through a link, never over a file it did not write,
never into the playbook's folder; each format prunes only what it wrote, so
the formats can share one folder.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import pytest
from playbooks import write_playbook

from generator.cli import main
from generator.exports.files import MANIFEST, owned_files, read_manifest

JSON = ["playbook.json", "playbook.schema.json"]
CSV = ["milestones.csv", "objectives-key-results.csv", "raci.csv", "risks.csv"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    write_playbook(root / "content")
    monkeypatch.chdir(root)
    return root


def export(fmt: str, folder: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["export", fmt, folder, "--content", "content"], out=out)
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


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".stratbook")


def test_a_link_in_the_folder_is_never_written_through(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "precious.json"
    outside.write_text("precious\n", encoding="utf-8")
    (project / "exported").mkdir()
    (project / "exported" / "playbook.json").symlink_to(outside)
    before = snapshot(project / "exported")
    status, out, err = export("json", "exported")
    assert (status, out) == (2, "")
    assert err == (
        "exported/playbook.json: error: a symbolic link where Stratbook writes the json export; Stratbook never "
        "writes through links: remove it, or export into another folder (DIR)\n"
    )
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert snapshot(project / "exported") == before


def test_a_file_it_did_not_write_is_not_overwritten(project: Path) -> None:
    (project / "exported").mkdir()
    (project / "exported" / "playbook.json").write_text('{"mine": true}\n', encoding="utf-8")
    status, out, err = export("json", "exported")
    assert (status, out) == (2, "")
    assert err == (
        "exported/playbook.json: error: Stratbook writes this file, and the one here is not one it wrote (or it was "
        "edited since); move or rename it (the site's own pages must not use Stratbook's paths), or export into "
        "another folder (DIR)\n"
    )
    assert snapshot(project / "exported") == {"playbook.json": b'{"mine": true}\n'}


@pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
def test_the_playbook_folder_is_refused(project: Path, fmt: str) -> None:
    before = snapshot(project)
    status, _, err = export(fmt, "content")
    assert status == 2
    assert err == (
        "content: error: the output folder contains the playbook (content); give a folder of its own next to it, "
        f"like `stratbook export {fmt} exported`\n"
    )
    assert snapshot(project) == before


def test_the_project_root_and_a_file_are_refused(project: Path) -> None:
    status, _, err = export("csv", ".")
    assert (status, err) == (
        2,
        ".: error: the output folder contains the playbook (content); give a folder of its own next to it, "
        "like `stratbook export csv exported`\n",
    )
    (project / "notes").write_text("mine\n", encoding="utf-8")
    status, _, err = export("ics", "notes")
    assert (status, err) == (2, "notes: error: the output path is a file, not a folder; give a folder (DIR)\n")
    assert (project / "notes").read_text(encoding="utf-8") == "mine\n"


def test_json_then_csv_into_one_folder_keeps_both(project: Path) -> None:
    assert export("json", "exported")[0] == 0
    assert export("csv", "exported")[0] == 0
    assert export("ics", "exported")[0] == 0
    assert names(project / "exported") == sorted([*JSON, *CSV, "roadmap.ics"])
    manifest = read_manifest(project / "exported")
    assert sorted(manifest.files) == sorted([*JSON, *CSV, "roadmap.ics"])
    assert {name: manifest.writer(name) for name in ("playbook.json", "raci.csv", "roadmap.ics")} == {
        "playbook.json": "json",
        "raci.csv": "csv",
        "roadmap.ics": "ics",
    }
    # Each export again: still all of them.
    for fmt in ("csv", "json", "ics"):
        assert export(fmt, "exported")[:2] == (0, "")
    assert names(project / "exported") == sorted([*JSON, *CSV, "roadmap.ics"])


def test_an_export_again_unchanged_writes_nothing(project: Path) -> None:
    status, out, _ = export("json", "exported")
    assert (status, out) == (0, "".join(f"exported/{name}\n" for name in JSON))
    before = snapshot(project / "exported")
    os.utime(project / "exported" / "playbook.json", (1_000_000_000, 1_000_000_000))
    assert export("json", "exported") == (0, "", "")
    assert snapshot(project / "exported") == before
    assert (project / "exported" / "playbook.json").stat().st_mtime == 1_000_000_000


def test_its_own_earlier_output_is_rewritten(project: Path) -> None:
    assert export("json", "exported")[0] == 0
    plans = project / "content" / "plans" / "p.yaml"
    plans.write_text(plans.read_text(encoding="utf-8").replace("title: Obj", "title: Objective"), encoding="utf-8")
    assert export("json", "exported") == (0, "exported/playbook.json\n", "")
    assert '"title": "Objective"' in (project / "exported" / "playbook.json").read_text(encoding="utf-8")


def test_a_site_build_and_the_data_exports_share_a_folder(project: Path) -> None:
    """`stratbook build` prunes only its own files: a json export next to it stays, and the other way round."""
    assert export("json", "docs")[0] == 0
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["build", "--out", "docs"], out=out) == 0
    assert err.getvalue() == ""
    assert (project / "docs" / "playbook.json").is_file()
    assert (project / "docs" / "roadmap" / "index.md").is_file()
    assert export("json", "docs")[:2] == (0, "")
    assert (project / "docs" / "roadmap" / "index.md").is_file()


def test_the_plugin_replaces_only_what_the_site_build_wrote(project: Path) -> None:
    """A data export in docs/ is a file of the site's own for the MkDocs plugin, published as it is."""
    assert export("json", "docs")[0] == 0
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", "--out", "docs"], out=io.StringIO()) == 0
    owned = owned_files(project / "docs")
    assert "roadmap/index.md" in owned
    assert "playbook.json" not in owned


def test_a_manifest_whose_writers_are_not_its_files_is_ignored(project: Path) -> None:
    assert export("json", "exported")[0] == 0
    manifest = project / "exported" / MANIFEST
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["writers"] = {"../outside.json": "json"}
    manifest.write_text(json.dumps(document), encoding="utf-8")
    found = read_manifest(project / "exported", "exported")
    assert (dict(found.files), found.warning) == (
        {},
        "exported/.stratbook/manifest.json: warning: not a manifest Stratbook wrote (its writers are not paths it "
        "lists, each with a name); ignored, so no file is deleted; this build replaces it",
    )


def test_a_markdown_export_is_told_to_use_another_folder_not_out(project: Path) -> None:
    assert export("markdown", "exported")[0] == 0
    (project / "exported" / "roadmap.md").write_text("# Ours\n", encoding="utf-8")
    status, _out, err = export("markdown", "exported")
    assert status == 2
    assert err == (
        "exported/roadmap.md: error: this page has the address of the playbook's `roadmap/index.md`, and Stratbook "
        "did not write it (or it was edited since); move or rename it, or export into another folder (DIR)\n"
    )
