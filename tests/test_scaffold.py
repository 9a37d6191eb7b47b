"""`stratbook init`: a project that checks clean and builds at once."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator import scaffold
from generator.cli import main
from generator.model.schema import render
from generator.pipeline import load

TODAY = dt.date(2026, 5, 4)


def test_init_writes_a_complete_project(tmp_path: Path) -> None:
    project = tmp_path / "acme-strategy"
    out = io.StringIO()
    assert main(["init", str(project)], out=out) == 0
    names = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert names == [
        ".github/workflows/playbook.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        "README.md",
        "content/coaching/customer-conversations.yaml",
        "content/plans/customers.yaml",
        "content/playbook.yaml",
        "content/roles/customer-team.yaml",
        "content/skills/skills.yaml",
        "docs/about.md",
        "mkdocs.yml",
        "requirements.txt",
        "schemas/coaching.schema.json",
        "schemas/plan.schema.json",
        "schemas/playbook.schema.json",
        "schemas/role.schema.json",
        "schemas/skill.schema.json",
    ]
    assert out.getvalue().splitlines() == [str(project / name) for name in names]
    assert load(project / "content").require(strict=True).title == "Acme strategy"
    check = io.StringIO()
    assert main(["check", "--content", str(project / "content"), "--strict"], out=check) == 0
    assert check.getvalue().endswith("0 errors, 0 warnings in 5 files\n")


def test_modelines_point_at_the_written_schemas(tmp_path: Path) -> None:
    scaffold.create_project(tmp_path, today=TODAY)
    for path in (tmp_path / "content").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        schema = (path.parent / match.group(1)).resolve()
        assert schema.is_file(), path
        assert schema.read_text(encoding="utf-8") == render(schema.name.removesuffix(".schema.json"))


def test_dates_follow_the_day_of_init(tmp_path: Path) -> None:
    scaffold.create_project(tmp_path, today=TODAY)
    playbook = load(tmp_path / "content", as_of=TODAY).require(strict=True)
    horizon = playbook.strategy.horizon
    assert (horizon.start, horizon.end) == (dt.date(2026, 5, 4), dt.date(2028, 5, 3))
    assert not any(m.is_late for m in playbook.milestones)


def test_title_is_escaped_where_it_lands(tmp_path: Path) -> None:
    title = 'R&D: "north" star # 1 | <b>'
    scaffold.create_project(tmp_path, title=title, today=TODAY)
    assert load(tmp_path / "content").require().title == title
    assert YAML(typ="safe").load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == ""
    assert (tmp_path / "README.md").read_text(encoding="utf-8").startswith(
        '# R&D: "north" star \\# 1 \\| \\<b\\>\n'
    )


def test_ci_workflows_check_build_and_publish(tmp_path: Path) -> None:
    scaffold.create_project(tmp_path, today=TODAY)
    yaml = YAML(typ="safe")
    github = yaml.load((tmp_path / ".github/workflows/playbook.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps if "run" in step]
    assert runs == [
        "pip install -r requirements.txt",
        "stratbook check --content content --strict --format github",
        'stratbook changes --since "origin/$GITHUB_BASE_REF" content --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "mkdocs build --strict",
    ]
    assert steps[-1]["uses"].startswith("actions/upload-pages-artifact@")
    deploy = github["jobs"]["deploy"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    gitlab = yaml.load((tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["pages"]["script"][1:] == [
        "stratbook check --content content --format gitlab > gl-code-quality-report.json || true",
        "stratbook check --content content --strict",
        "mkdocs build --strict --site-dir public",
    ]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert gitlab["check"]["script"] == gitlab["pages"]["script"]
    mkdocs = yaml.load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["theme"]["name"] == "material"
    assert mkdocs["theme"]["font"] is False
    assert mkdocs["plugins"][0] == "search"
    assert list(mkdocs["plugins"][1]) == ["stratbook"]


def test_refuses_to_overwrite_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("ours\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: ours\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path}: error: 2 file(s) of the new project already exist (README.md, mkdocs.yml); "
        "nothing was written: choose a new or empty folder, or pass --force to overwrite them\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "mkdocs.yml"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert main(["init", str(tmp_path), "--force"], out=io.StringIO()) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") != "ours\n"


def test_init_then_mkdocs_build_strict(tmp_path: Path) -> None:
    project = tmp_path / "book"
    scaffold.create_project(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "objectives" / "reduce-churn" / "index.html").is_file()
    assert (project / "site" / "about" / "index.html").is_file()
