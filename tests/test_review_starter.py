"""The starter project and the review cycle: strict for a year, and a pull request's changes in the job summary."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator import scaffold
from generator.pipeline import load

TODAY = dt.date(2026, 12, 1)
BIN = Path(sys.executable).parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=True
    )
    return done.stdout


@pytest.mark.parametrize("today", [TODAY, dt.date(2027, 1, 1), dt.date(2028, 2, 29)])
def test_starter_passes_strict_for_a_year(tmp_path: Path, today: dt.date) -> None:
    scaffold.create_project(tmp_path, today=today)
    for days in (0, 31, 100, 200, 366):
        result = load(tmp_path / "content", as_of=today + dt.timedelta(days=days))
        assert (days, result.diagnostics) == (days, [])


def shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash is not None
    path = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [bash, "-euo", "pipefail", "-c", command],
        cwd=cwd,
        env={**os.environ, **GIT_ENV, **env, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )


def pull_request(tmp_path: Path) -> Path:
    """A project on `main` in a remote, cloned, with a key result moved on a branch."""
    origin = tmp_path / "origin"
    scaffold.create_project(origin, title="Acme", today=TODAY)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "start")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, env={**os.environ, **GIT_ENV})
    git(clone, "checkout", "-q", "-b", "feature")
    plan = clone / "content/plans/customers.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("current: 11", "current: 10"), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "churn down")
    return clone


def test_github_workflow_writes_the_changes_to_the_job_summary(tmp_path: Path) -> None:
    clone = pull_request(tmp_path)
    workflow = YAML(typ="safe").load((clone / ".github/workflows/playbook.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    summary_steps = [s for s in steps if "stratbook changes" in s.get("run", "")]
    assert len(summary_steps) == 1
    step = summary_steps[0]
    assert step["if"] == "github.event_name == 'pull_request'"
    summary = tmp_path / "summary.md"
    done = shell(step["run"], clone, {"GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## What changed since `origin/main`\n")
    assert "- key result `kr-churn-rate` \u201cYearly customer churn\u201d 11 % → 10 % (-1)" in text
    check = next(s for s in steps if "stratbook check" in s.get("run", ""))
    assert shell(check["run"], clone, {}).returncode == 0


def test_gitlab_job_writes_the_changes_as_an_artifact(tmp_path: Path) -> None:
    clone = pull_request(tmp_path)
    pipeline = YAML(typ="safe").load((clone / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline["changes"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["variables"]["GIT_DEPTH"] == 0
    commands = [line for line in job["script"] if not line.startswith("pip ")]
    base = git(clone, "rev-parse", "origin/main").strip()
    done = shell("\n".join(commands), clone, {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base})
    assert done.returncode == 0, done.stderr
    report = (clone / job["artifacts"]["paths"][0]).read_text(encoding="utf-8")
    assert report.startswith(f"## What changed since `{base}`\n")
    assert "11 % → 10 % (-1)" in report
