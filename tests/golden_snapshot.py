"""The golden snapshot: every file the Markdown export writes for the example and for a small playbook.

``python tests/golden_snapshot.py`` rewrites the committed copies under ``tests/golden/``; ``test_golden``
compares a fresh render with them byte for byte, so a change to the pages shows every changed byte in
the diff of the commit that makes it.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from playbooks import write_playbook  # noqa: E402

from generator.cli import main  # noqa: E402

GOLDEN = HERE / "golden"
EXAMPLE = "example"
SMALL = "small"
NAMES = (EXAMPLE, SMALL)


def render(name: str) -> dict[str, bytes]:
    """What the Markdown export writes for the named snapshot: relative path -> bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if name != EXAMPLE:
            write_playbook(work / "content")
        out = work / "out"
        # Data files name the YAML file of each gap relative to the working folder: run from the playbook's
        # parent so that they read `content/...` wherever the snapshot is taken.
        with contextlib.chdir(HERE.parent if name == EXAMPLE else work):
            status = main(["export", "markdown", str(out), "--content", "content"], out=io.StringIO())
        if status != 0:
            raise RuntimeError(f"the export of the {name} playbook failed with exit status {status}")
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def committed(name: str) -> dict[str, bytes]:
    """The committed snapshot: relative path -> bytes."""
    folder = GOLDEN / name
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refresh() -> None:
    """Replace the committed snapshots with a fresh render."""
    for name in NAMES:
        folder = GOLDEN / name
        shutil.rmtree(folder, ignore_errors=True)
        for relative, data in render(name).items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        sys.stdout.write(f"refreshed {folder.relative_to(HERE.parent)}\n")


if __name__ == "__main__":
    refresh()
