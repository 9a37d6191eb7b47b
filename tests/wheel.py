"""Stratbook as a user installs it: the wheel built from this checkout, in a fresh virtual environment.

The environment reuses this environment's dependencies through a ``.pth`` file (no download, and no
editable install of this checkout, whose finder only a site folder's own ``.pth`` files would load), so
what the wheel lacks is missing there.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_wheel(into: Path) -> Path:
    """Build the wheel of this checkout into ``into`` and return its path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(into), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = into.glob("stratbook-*.whl")
    return wheel


def fresh_environment(folder: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed; returns its ``bin`` folder."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "bin"
