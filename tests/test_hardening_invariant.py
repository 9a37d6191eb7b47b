"""The invariant: whatever `stratbook check` accepts builds with the plugin and exports in every format.

Hypothesis writes valid playbooks with extreme values: dates at the edges of
the calendar a playbook may use, huge and tiny numbers, long words, line
breaks and control characters in every text field, optional fields left
out. `check` either reports located errors, or the MkDocs build and every
export (json, csv, ics, markdown) succeed. The run is bounded (six
examples, derandomized) so that it costs seconds, not minutes, of the suite.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.exports import EXPORTERS
from generator.pipeline import load

SETTINGS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIRST, LAST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
DATES = st.one_of(
    st.sampled_from([LAST, FIRST, dt.date(2000, 2, 29), dt.date(2026, 12, 31), dt.date(2999, 2, 28)]),
    st.dates(FIRST, LAST),
)
LIMIT = 1e15
NUMBERS = st.one_of(
    st.sampled_from([LIMIT, -LIMIT, 0, 1, -1, 10**15, -(10**15), 1e-9, -1e-9, 0.1, 123456789.123456, 2**53]),
    st.integers(-(10**15), 10**15),
    st.floats(-LIMIT, LIMIT, allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or abs(x) >= 1e-9),
)
PIECES = [
    "\r\n", "W" * 3000, "\n", "\r", "\r\n", "\t", "\x00", "\x1b[2J", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff",
    "<b>", "|", "#", "[x](y)", "=1+1", "\uff1d", "  ", "日本語", "👩\u200d💻", "e\u0301", "&amp;", "{{ x }}", "…",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8)),
    min_size=1,
    max_size=5,
).map(lambda parts: "T" + "".join(parts))
OPTIONAL_TEXT = st.one_of(st.none(), TEXT)


def _period(draw: st.DrawFn) -> dict[str, dt.date]:
    start, end = sorted((draw(DATES), draw(DATES)))
    return {"start": start, "end": end}


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


@st.composite
def playbooks(draw: st.DrawFn) -> dict[str, Any]:
    """The files of a valid small playbook, every value drawn from the extremes."""
    horizon = _period(draw)
    plan_period = _period(draw)
    baseline = draw(NUMBERS)
    target = draw(NUMBERS.filter(lambda t: t != baseline))
    history = [{"date": draw(DATES), "value": draw(NUMBERS)} for _ in range(draw(st.integers(0, 2)))]
    history = list({entry["date"]: entry for entry in history}.values())
    strategy = {
        "title": draw(TEXT), "vision": draw(TEXT), "purpose": draw(OPTIONAL_TEXT), "horizon": horizon,
        "as_of": draw(st.one_of(st.none(), DATES)), "owner": draw(st.sampled_from([None, "lead"])),
        "pillars": [{"id": "p1", "title": draw(TEXT), "description": draw(OPTIONAL_TEXT)}],
        "principles": draw(st.one_of(st.none(), st.lists(TEXT, min_size=1, max_size=2))),
        "review_cadence": draw(OPTIONAL_TEXT),
    }  # fmt: skip
    roles = [
        {"id": "lead", "title": draw(TEXT), "team": draw(OPTIONAL_TEXT), "summary": draw(OPTIONAL_TEXT),
         "responsibilities": [draw(TEXT)], "skills": [{"skill": "s1", "level": draw(st.integers(1, 5))}]},
        {"id": "dev", "title": draw(TEXT), "reports_to": "lead"},
    ]  # fmt: skip
    skills = [{"id": "s1", "title": draw(TEXT), "description": draw(OPTIONAL_TEXT), "levels": {1: draw(TEXT)}}]
    program = {
        "id": "prog", "title": draw(TEXT), "purpose": draw(TEXT), "audience": ["dev"], "coaches": ["lead"],
        "supports": ["o1"], "skills": [{"skill": "s1", "from": 1, "to": 5}],
        "period": _period(draw) if draw(st.booleans()) else None,
        "cadence": {"feedback": draw(TEXT), "mentorship": draw(OPTIONAL_TEXT)},
        "mentoring": [{"mentor": "lead", "mentee": "dev", "focus": draw(TEXT)}],
        "sessions": [
            {"title": draw(TEXT), "week": draw(st.one_of(st.integers(1, 3), st.just(520))),
             "duration": draw(st.one_of(st.none(), st.integers(1, 100_000)))},
            {"title": draw(TEXT), "date": draw(DATES), "goals": [draw(TEXT)], "agenda": [draw(TEXT)]},
        ],
        "measures": [{"title": draw(TEXT), "target": draw(TEXT)}],
    }  # fmt: skip
    plan = {
        "id": "plan1", "title": draw(TEXT), "pillar": "p1", "owner": "lead", "summary": draw(OPTIONAL_TEXT),
        "period": plan_period, "status": draw(st.sampled_from([None, "active", "done", "on-hold"])),
        "objectives": [{
            "id": "o1", "title": draw(TEXT), "description": draw(OPTIONAL_TEXT), "owner": "lead",
            "skills": ["s1"], "contributors": [{"role": "dev", "contribution": draw(OPTIONAL_TEXT)}],
            "key_results": [{
                "id": "kr1", "title": draw(TEXT), "metric": draw(OPTIONAL_TEXT), "unit": draw(OPTIONAL_TEXT),
                "baseline": baseline, "target": target,
                "current": draw(st.one_of(st.none(), NUMBERS)), "due": draw(st.one_of(st.none(), DATES)),
                "history": history or None,
            }],
            "milestones": [
                {"id": "m1", "title": draw(TEXT), "due": draw(DATES),
                 "status": draw(st.sampled_from(["planned", "done", "blocked", "in-progress"]))},
                {"id": "m2", "title": draw(TEXT), "due": draw(DATES), "depends_on": ["m1"], "owner": "dev"},
            ],
            "resources": [{"kind": "budget", "name": draw(TEXT), "amount": draw(st.one_of(st.none(), NUMBERS)),
                           "unit": draw(OPTIONAL_TEXT)}],
            "risks": [{"id": "r1", "title": draw(TEXT), "likelihood": 5, "impact": 5,
                       "mitigation": draw(OPTIONAL_TEXT)}],
        }],
        "adjustments": [{"date": draw(DATES), "summary": draw(TEXT), "reason": draw(OPTIONAL_TEXT),
                         "affects": ["o1"]}],
    }  # fmt: skip
    files: dict[str, Any] = _drop_none(
        {"playbook.yaml": strategy, "roles/r.yaml": roles, "skills/s.yaml": skills,
         "coaching/c.yaml": program, "plans/p.yaml": plan}
    )  # fmt: skip
    return files


def _write(root: Path, files: dict[str, Any]) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.width = 1_000_000
    yaml.allow_unicode = False  # control characters and the rest as escapes, as an editor could write them
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        path.write_text(buffer.getvalue(), encoding="utf-8")


def _build_site(root: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (root / "docs").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Invariant\ntheme: {name: material, font: false}\nplugins: [stratbook]\n", encoding="utf-8"
    )
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site")))


@SETTINGS
@given(playbooks())
def test_what_check_accepts_builds_and_exports(files: dict[str, Any]) -> None:
    root = Path(tempfile.mkdtemp(prefix="stratbook-invariant-"))
    try:
        _write(root / "content", files)
        result = load(root / "content", display_root="content")
        if result.errors:
            for error in result.errors:
                assert error.location.file.startswith("content/"), str(error)
                assert error.location.line >= 1, str(error)
            return
        assert result.playbook is not None
        for fmt, exporter in EXPORTERS.items():
            assert exporter(result.playbook, root / "out" / fmt)
        data = (root / "out" / "json" / "playbook.json").read_text(encoding="utf-8")
        json.loads(data, parse_constant=lambda name: (_ for _ in ()).throw(AssertionError(name)))
        _build_site(root)
        assert (root / "site" / "index.html").is_file()
    finally:
        shutil.rmtree(root, ignore_errors=True)
