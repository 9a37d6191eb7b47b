"""Label fitting in the pictures is linear in the text: a 20,000-character word in a title builds at once.

Fitting a label used to measure every prefix of a word that is too long, so
one long word cost the square of its length. The test counts the characters
the pictures measure (not the time), which a quadratic search would multiply
by thousands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playbooks import BASE, write_playbook

from generator.pipeline import load

WORD = "W" * 20_000


def _measuring(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the characters every text-width estimate in the pictures is asked for."""
    from generator.rendering.pictures import svg  # the module that owns text_width (see below for re-exports)

    original: Callable[..., float] = svg.text_width
    measured: list[int] = []

    def counting(text: str, *args: float, **kwargs: float) -> float:
        measured.append(len(text))
        return original(text, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("generator") and getattr(module, "text_width", None) is original:
            monkeypatch.setattr(module, "text_width", counting)
    return measured


def test_wrapping_a_long_word_measures_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.rendering.pictures.svg import wrap_text

    measured = _measuring(monkeypatch)
    lines = wrap_text(WORD, 200, max_lines=2)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert "".join(lines).rstrip("…") == WORD[: len("".join(lines)) - 1]
    assert sum(measured) <= 20 * len(WORD)


def test_a_site_with_a_long_word_in_every_title_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.rendering.environment import render_site

    plan = BASE["plans/p.yaml"]
    for title in ("title: Plan", "title: Obj", "title: KR", "title: M1"):
        plan = plan.replace(title, f"title: {title.split(': ')[1]} {WORD}")
    root = write_playbook(tmp_path / "content", {"plans/p.yaml": plan})
    result = load(root)
    assert result.playbook is not None, [str(d) for d in result.diagnostics]
    measured = _measuring(monkeypatch)
    pages = render_site(result.playbook)
    assert "roadmap/index.md" in pages
    assert sum(measured) <= 400 * len(WORD)
