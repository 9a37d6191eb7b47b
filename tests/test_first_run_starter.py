"""From `stratbook init` to the first publish: the starter installs, its CI passes, its site has the right name."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML
from wheelhouse import wheelhouse

from generator import __version__
from generator.cli import main

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _init(project: Path, *options: str) -> None:
    assert main(["init", str(project), *options], out=io.StringIO()) == 0


def test_the_starter_pins_the_version_that_wrote_it(tmp_path: Path) -> None:
    _init(tmp_path / "book")
    assert (tmp_path / "book" / "requirements.txt").read_text(encoding="utf-8") == f"stratbook=={__version__}\n"


def test_init_takes_any_other_source_as_the_requirement(tmp_path: Path) -> None:
    spec = "stratbook @ git+https://git.example.org/strategy/stratbook.git@v0.1.0"
    _init(tmp_path / "book", "--requirement", spec)
    assert (tmp_path / "book" / "requirements.txt").read_text(encoding="utf-8") == spec + "\n"


def test_a_private_index_takes_one_requirement_line_each(tmp_path: Path) -> None:
    _init(
        tmp_path / "book",
        "--requirement",
        "--extra-index-url https://pypi.example.org/simple",
        "--requirement",
        f"stratbook=={__version__}",
    )
    assert (tmp_path / "book" / "requirements.txt").read_text(encoding="utf-8") == (
        f"--extra-index-url https://pypi.example.org/simple\nstratbook=={__version__}\n"
    )


@pytest.mark.parametrize("spec", ["", "   ", "stratbook\n--index-url https://evil.example"])
def test_a_requirement_is_one_line(tmp_path: Path, spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "book"), "--requirement", spec], out=io.StringIO()) == 2
    assert capsys.readouterr().err == (
        "stratbook init: error: --requirement takes one requirement on one line, like "
        f"`stratbook=={__version__}`, `stratbook @ git+https://host/stratbook.git` or a path to a wheel\n"
    )
    assert not (tmp_path / "book").exists()


def test_init_leaves_the_site_name_to_the_playbook(tmp_path: Path) -> None:
    project = tmp_path / "book"
    _init(project, "--title", "Ward strategy")
    settings = YAML(typ="safe").load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["site_name"] == ""


def _build(project: Path, out: Path) -> BeautifulSoup:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")


def _header(page: BeautifulSoup) -> tuple[str, str]:
    topic = page.select_one(".md-header__topic .md-ellipsis")
    assert topic is not None
    assert page.title is not None
    return " ".join(topic.get_text().split()), page.title.get_text().rpartition(" - ")[2]


def test_the_site_name_follows_the_playbook_title(tmp_path: Path) -> None:
    project = tmp_path / "mine"
    _init(project)
    assert _header(_build(project, tmp_path / "one")) == ("Mine", "Mine")
    playbook = project / "content" / "playbook.yaml"
    playbook.write_text(
        playbook.read_text(encoding="utf-8").replace('title: "Mine"', "title: Hospital strategy"), encoding="utf-8"
    )
    assert _header(_build(project, tmp_path / "two")) == ("Hospital strategy", "Hospital strategy")


def test_a_site_name_of_the_sites_own_wins(tmp_path: Path) -> None:
    project = tmp_path / "mine"
    _init(project)
    settings = project / "mkdocs.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('site_name: ""', "site_name: Our intranet"), encoding="utf-8"
    )
    assert _header(_build(project, tmp_path / "site")) == ("Our intranet", "Our intranet")


def test_the_gitlab_ci_publishes_a_code_quality_report(tmp_path: Path) -> None:
    _init(tmp_path)
    gitlab = YAML(typ="safe").load((tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for job in ("check", "pages"):
        script = gitlab[job]["script"]
        assert "stratbook check --content content --format gitlab > gl-code-quality-report.json || true" in script
        assert "stratbook check --content content --strict" in script
        assert not any("--format github" in line for line in script)
        assert gitlab[job]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
        assert gitlab[job]["artifacts"]["when"] == "always"


def _ci_commands(project: Path) -> list[str]:
    """The shell lines of the starter's GitHub and GitLab checks on a push, without their `pip install`.

    Steps that run on pull requests only (the summary of what changed) are run by the review-cycle tests.
    """
    yaml = YAML(typ="safe")
    github = yaml.load((project / ".github/workflows/playbook.yml").read_text(encoding="utf-8"))
    gitlab = yaml.load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    lines = [step["run"] for step in github["jobs"]["build"]["steps"] if "run" in step and "if" not in step]
    lines += gitlab["check"]["script"]
    return [line for line in lines if not line.startswith("pip install")]


def test_the_starter_installs_from_a_wheel_and_its_ci_passes(stratbook_wheel: Path, tmp_path: Path) -> None:
    """What a new user does: init, install the requirements into a new environment, run what CI runs."""
    project = tmp_path / "book"
    wheels = tmp_path / "wheels"
    wheelhouse(wheels)
    wheel = wheels / stratbook_wheel.name
    wheel.write_bytes(stratbook_wheel.read_bytes())
    _init(project)
    requirement = (project / "requirements.txt").read_text(encoding="utf-8")
    assert re.fullmatch(rf"stratbook=={re.escape(__version__)}\n", requirement)

    venv.EnvBuilder(with_pip=False).create(tmp_path / "env")
    bin_dir = tmp_path / "env" / "bin"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(bin_dir / "python"),
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
            str(wheels),
            "-r",
            "requirements.txt",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    env = {**ENV, "PATH": f"{bin_dir}{os.pathsep}{ENV.get('PATH', '')}", "VIRTUAL_ENV": str(tmp_path / "env")}
    env.pop("PYTHONPATH", None)
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "env")
    commands = _ci_commands(project)
    assert "mkdocs build --strict" in commands
    for command in commands:
        done = subprocess.run(
            ["sh", "-c", command], cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert (project / "site" / "index.html").is_file()
    assert (project / "public" / "index.html").is_file()
    assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
