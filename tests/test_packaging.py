"""The built wheel holds every part: installed alone, it checks the example and builds its site."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from wheel import REPO, fresh_environment


def test_the_wheel_checks_and_builds_the_example_from_a_fresh_environment(
    stratbook_wheel: Path, tmp_path: Path
) -> None:
    bin_dir = fresh_environment(tmp_path / "env", stratbook_wheel)
    project = tmp_path / "project"
    for name in ("content", "theme", "docs"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")

    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "env"), where

    check = subprocess.run(
        [str(bin_dir / "stratbook"), "check", "--strict", "--content", "content"],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    build = subprocess.run(
        [str(bin_dir / "python"), "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    assert (tmp_path / "site" / "roadmap" / "index.html").is_file()
    assert (tmp_path / "site" / "reference" / "index.html").is_file()
