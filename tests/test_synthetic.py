"""The benchmark's synthetic playbook must stay valid, or the benchmark would time error paths."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.pipeline import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthetic


def test_synthetic_playbook_has_no_findings(tmp_path: Path) -> None:
    synthetic.generate(tmp_path / "content", 30)
    result = load(tmp_path / "content")
    assert [str(d) for d in result.diagnostics] == []
    assert result.playbook is not None
    assert len(result.playbook.objectives) == 30
    assert {s.category.value for s in result.playbook.skills if s.category} == set(synthetic.CATEGORIES)


def test_synthetic_playbook_is_deterministic(tmp_path: Path) -> None:
    synthetic.generate(tmp_path / "a", 12, seed=3)
    synthetic.generate(tmp_path / "b", 12, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
