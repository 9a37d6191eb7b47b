"""Small playbooks written by tests: a valid base and a way to replace any file."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from generator.cli import main

_BASE: dict[str, str] = {
    "playbook.yaml": """\
        title: Test
        vision: Be useful.
        horizon: {start: 2026-01-01, end: 2027-12-31}
        as_of: 2026-06-01
        pillars:
          - id: p1
            title: Pillar
        """,
    "roles/r.yaml": """\
        - id: lead
          title: Lead
          skills:
            - skill: s1
              level: 2
        - id: dev
          title: Dev
          reports_to: lead
        """,
    "skills/s.yaml": """\
        id: s1
        title: Skill
        """,
    "coaching/c.yaml": """\
        id: prog
        title: Prog
        purpose: Why
        audience: [dev]
        supports: [o1]
        skills:
          - {skill: s1, from: 1, to: 3}
        """,
    "plans/p.yaml": """\
        id: plan1
        title: Plan
        pillar: p1
        owner: lead
        period: {start: 2026-01-01, end: 2026-12-31}
        objectives:
          - id: o1
            title: Obj
            owner: lead
            skills: [s1]
            contributors:
              - role: dev
                contribution: Builds
            key_results:
              - id: kr1
                title: KR
                baseline: 0
                target: 10
                current: 5
            milestones:
              - id: m1
                title: M1
                due: 2026-09-01
        """,
}


BASE: dict[str, str] = {name: textwrap.dedent(text) for name, text in _BASE.items()}


def write_playbook(root: Path, overrides: dict[str, str | None] | None = None) -> Path:
    """Write the base playbook with ``overrides`` (None deletes a file) into ``root``."""
    files: dict[str, str | None] = {**BASE, **(overrides or {})}
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_check(*args: str) -> tuple[int, str]:
    """Run `stratbook check` in-process; returns exit status and output."""
    out = io.StringIO()
    if args and not args[0].startswith("-"):
        args = ("--content", *args)  # the folder as the first argument, as the tests write it
    status = main(["check", *args], out=out)
    return status, out.getvalue()
