"""A fresh render of the example and of the small playbook is byte-identical to the committed snapshot."""

from __future__ import annotations

import difflib

import pytest
from golden_snapshot import NAMES, committed, render


@pytest.mark.parametrize("name", NAMES)
def test_render_matches_the_golden_snapshot(name: str) -> None:
    fresh = render(name)
    golden = committed(name)
    assert golden, f"no snapshot under tests/golden/{name}: run `python tests/golden_snapshot.py`"
    assert sorted(fresh) == sorted(golden), "pages added or removed: run `python tests/golden_snapshot.py`"
    changed = [path for path in fresh if fresh[path] != golden[path]]
    if changed:
        first = changed[0]
        diff = "".join(
            difflib.unified_diff(
                golden[first].decode("utf-8", "replace").splitlines(keepends=True),
                fresh[first].decode("utf-8", "replace").splitlines(keepends=True),
                f"tests/golden/{name}/{first}",
                "fresh render",
                n=1,
            )
        )
        pytest.fail(f"{len(changed)} files differ; refresh with `python tests/golden_snapshot.py`:\n{diff[:4000]}")
