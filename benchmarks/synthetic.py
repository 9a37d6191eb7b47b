"""Generate a valid synthetic playbook of any size, for benchmarks and tests.

The benchmark needs playbooks far larger than the example one, shaped like a
real organization (a reporting tree, a skills catalog in every category,
coaching programs that develop every skill the plan needs, milestones with
dependency chains) so that every stage of the pipeline does its real work.
The output is deterministic for a given ``n`` and ``seed``, and passes
``stratbook check --strict`` without a finding, so a timing is never the
timing of an error path.

Usage: ``python benchmarks/synthetic.py DIR N [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HORIZON = (dt.date(2026, 1, 1), dt.date(2028, 12, 31))
AS_OF = dt.date(2026, 9, 30)
CATEGORIES = ("leadership", "technical", "interpersonal", "emotional-intelligence", "mindset", "domain")
RESOURCE_KINDS = (("budget", "EUR"), ("people", "FTE"), ("tool", None), ("time", "hours"), ("other", None))
SESSION_FORMATS = ("one-to-one", "group", "workshop", "self-study")
TEAMS = ("Leadership", "Sales", "Customer Success", "Engineering", "Product", "Operations", "People", "Finance")

_VOCABULARY = (
    "customer value retention pipeline platform delivery quality onboarding pricing revenue margin churn "
    "reliability latency incident coaching feedback mentoring hiring growth partner market region release "
    "roadmap capacity budget forecast migration security compliance analytics support training culture "
    "engagement process automation integration dashboard adoption renewal expansion discovery experiment"
)
_WORDS = _VOCABULARY.split()
_VERBS = ("grow", "reduce", "launch", "improve", "automate", "simplify", "expand", "stabilize", "measure", "align")
# Titles that a renderer must show literally: Markdown, HTML and table syntax.
_TRICKY = ("R&D <core> | #1 [draft]", "Cost < 5% & *fast*", "Q3: `ship` | <b>bold</b>", "Support #2 [EU] & <NA>")

_PLAIN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.()'/-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RESERVED = {"yes", "no", "y", "n", "on", "off", "true", "false", "null", "nan", "inf"}


@dataclass(frozen=True)
class Block:
    """A multi-line Markdown value, written as a literal block scalar (``|``)."""

    text: str


@dataclass(frozen=True)
class Flow:
    """A short list of ids, written in flow style (``[a, b]``) as editors often do."""

    items: list[str]


def _scalar(value: Any) -> str:
    if isinstance(value, Flow):
        return "[" + ", ".join(_scalar(item) for item in value.items) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _DATE_RE.match(text) or (_PLAIN_RE.match(text) and text.lower() not in _RESERVED):
        return text
    return json.dumps(text, ensure_ascii=False)


def _dump(value: Any, indent: int) -> list[str]:
    """Block-style YAML for plain data: deterministic and readable, no dependency."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, Block):
                lines.append(f"{pad}{key}: |")
                lines.extend(f"{pad}  {line}" if line else "" for line in item.text.splitlines())
            elif isinstance(item, dict | list):
                if not item:
                    lines.append(f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}")
                else:
                    lines.append(f"{pad}{key}:")
                    # Sequences sit at their key's indentation ("compact" style, common in hand-written YAML).
                    lines.extend(_dump(item, indent if isinstance(item, list) else indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                nested = _dump(item, indent + 2)
                nested[0] = f"{pad}- {nested[0][indent + 2 :]}"
                lines.extend(nested)
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def to_yaml(value: Any) -> str:
    return "\n".join(_dump(value, 0)) + "\n"


class _Writer:
    """Draws names and numbers from one seeded generator, so output is reproducible."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + n)

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(count))

    def title(self, count: int = 4) -> str:
        return f"{self.rng.choice(_VERBS).capitalize()} {self.words(count)}"

    def sentence(self, count: int = 12) -> str:
        return f"{self.title(count)}."

    def markdown(self, paragraphs: int = 2) -> Block:
        parts = []
        for index in range(paragraphs):
            text = " ".join(self.sentence(self.rng.randint(8, 14)) for _ in range(3))
            if index == 0:
                head, _, rest = text.partition(" ")
                text = f"**{head}** {rest}"
            parts.append(text)
        parts.append(f"- {self.sentence(6)}\n- {self.sentence(7)}")
        return Block("\n\n".join(parts))

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def sample(self, population: Sequence[str], count: int) -> list[str]:
        return self.rng.sample(list(population), min(count, len(population)))


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def generate(path: Path, n: int, seed: int = 0) -> None:
    """Write a playbook of ``n`` objectives into the folder ``path`` (created; must be empty or absent)."""
    if n < 1:
        raise ValueError("a playbook needs at least one objective")
    path.mkdir(parents=True, exist_ok=True)
    if any(path.iterdir()):
        raise FileExistsError(f"{path} is not empty")
    w = _Writer(n, seed)
    rng = w.rng
    n_roles = max(10, n // 10)
    n_skills = max(12, n // 20)
    n_programs = max(3, n // 50)
    n_pillars = 3 + min(3, n // 250)
    n_plans = max(1, n // 10)

    role_ids = [f"role-{i:04d}" for i in range(n_roles)]
    skill_ids = [f"skill-{i:03d}" for i in range(n_skills)]
    pillar_ids = [f"pillar-{i}" for i in range(n_pillars)]
    objective_ids = [f"obj-{i:05d}" for i in range(n)]
    program_ids = [f"program-{i:03d}" for i in range(n_programs)]

    # -- playbook.yaml ---------------------------------------------------------------------
    strategy = {
        "title": f"Synthetic playbook ({n} objectives)",
        "vision": w.markdown(2),
        "purpose": w.markdown(1),
        "horizon": {"start": HORIZON[0], "end": HORIZON[1]},
        "as_of": AS_OF,
        "owner": role_ids[0],
        "pillars": [
            {"id": pid, "title": _TRICKY[i % len(_TRICKY)] if i == 1 else w.title(2), "description": w.markdown(1)}
            for i, pid in enumerate(pillar_ids)
        ],
        "principles": [w.sentence(8) for _ in range(4)],
        "review_cadence": "quarterly",
    }
    (path / "playbook.yaml").write_text(to_yaml(strategy), encoding="utf-8")

    # -- roles: a reporting tree, four reports per manager -----------------------------------
    roles = []
    for i, rid in enumerate(role_ids):
        role: dict[str, Any] = {"id": rid, "title": w.title(2), "team": TEAMS[i % len(TEAMS)]}
        if i:
            role["reports_to"] = role_ids[(i - 1) // 4]
        role["summary"] = w.markdown(1)
        role["responsibilities"] = [w.sentence(7) for _ in range(rng.randint(2, 4))]
        role["skills"] = [{"skill": s, "level": rng.randint(2, 5)} for s in w.sample(skill_ids, rng.randint(2, 4))]
        roles.append(role)
    (path / "roles").mkdir()
    for index, group in enumerate(_chunks(roles, 10)):
        if index % 5 == 4 and len(group) > 1:
            # Some editors keep one role per file, in a sub-folder.
            sub = path / "roles" / f"team-{index:03d}"
            sub.mkdir()
            for role in group:
                (sub / f"{role['id']}.yaml").write_text(to_yaml(role), encoding="utf-8")
        else:
            (path / "roles" / f"team-{index:03d}.yaml").write_text(to_yaml(group), encoding="utf-8")

    # -- skills: every category, one file per category --------------------------------------
    skills_by_category: dict[str, list[dict[str, Any]]] = {c: [] for c in CATEGORIES}
    for i, sid in enumerate(skill_ids):
        category = CATEGORIES[i % len(CATEGORIES)]
        skill: dict[str, Any] = {"id": sid, "title": w.title(2), "category": category, "description": w.markdown(1)}
        if i % 2 == 0:
            skill["levels"] = {level: w.sentence(6) for level in range(1, 6)}
        skills_by_category[category].append(skill)
    (path / "skills").mkdir()
    for category, items in skills_by_category.items():
        (path / "skills" / f"{category}.yaml").write_text(to_yaml(items), encoding="utf-8")

    # -- plans and objectives --------------------------------------------------------------
    (path / "plans").mkdir()
    plan_objectives = _chunks(list(range(n)), -(-n // n_plans))
    for p, indexes in enumerate(plan_objectives):
        start = dt.date(2026, 1 + (p % 3) * 3, 1)
        end = dt.date(2027 + p % 2, 12, 31)
        plan: dict[str, Any] = {
            "id": f"plan-{p:04d}",
            "title": _TRICKY[p % len(_TRICKY)] if p % 7 == 3 else w.title(3),
            "pillar": pillar_ids[p % n_pillars],
            "owner": role_ids[p % n_roles],
            "summary": w.markdown(1),
            "period": {"start": start, "end": end},
            "status": "active" if p % 5 else "draft",
            "objectives": [],
        }
        affectable: list[str] = []
        for j in indexes:
            objective, ids = _objective(w, j, n, start, end, role_ids, skill_ids)
            plan["objectives"].append(objective)
            affectable.extend(ids)
        plan["adjustments"] = [
            {
                "date": w.day_between(start, AS_OF),
                "summary": w.sentence(8),
                "reason": w.sentence(10),
                "affects": Flow(w.sample(affectable, rng.randint(1, 3))),
            }
            for _ in range(rng.randint(0, 2))
        ]
        folder = path / "plans" / pillar_ids[p % n_pillars]
        folder.mkdir(exist_ok=True)
        (folder / f"plan-{p:04d}.yaml").write_text(to_yaml(plan), encoding="utf-8")

    # -- coaching programs: together they develop every skill --------------------------------
    (path / "coaching").mkdir()
    for k, pid in enumerate(program_ids):
        developed = [s for i, s in enumerate(skill_ids) if i % n_programs == k]
        audience = w.sample(role_ids, rng.randint(3, 6))
        coaches = w.sample([r for r in role_ids[: max(8, n_roles // 4)] if r not in audience], 2)
        start = dt.date(2026, 1 + k % 6, 1)
        program: dict[str, Any] = {
            "id": pid,
            "title": w.title(3),
            "purpose": w.markdown(2),
            "audience": audience,
            "coaches": coaches,
            "supports": w.sample(objective_ids, rng.randint(2, 6)),
            "skills": [
                {"skill": s, "from": (level := rng.randint(1, 3)), "to": level + rng.randint(1, 2)} for s in developed
            ],
            "period": {"start": start, "end": start + dt.timedelta(days=rng.randint(90, 360))},
            "cadence": {
                "feedback": w.sentence(9),
                "mentorship": w.sentence(8),
                "check_in": w.sentence(6),
            },
            "sessions": [
                {
                    "title": w.title(3),
                    "week": week,
                    "duration": rng.choice((45, 60, 90, 120, 180)),
                    "format": SESSION_FORMATS[(week + k) % len(SESSION_FORMATS)],
                    "goals": [w.sentence(8) for _ in range(2)],
                    "agenda": [w.sentence(5) for _ in range(3)],
                    "questions": [w.title(6) + "?" for _ in range(2)],
                    "exercises": [w.sentence(9)],
                }
                for week in range(1, rng.randint(3, 6) * 2, 2)
            ],
            "mentoring": [
                {"mentor": coaches[0], "mentee": mentee, "focus": w.sentence(6)}
                for mentee in audience[: rng.randint(1, 3)]
            ],
            "measures": [{"title": w.title(3), "target": f"{rng.randint(50, 95)} %"} for _ in range(2)],
        }
        (path / "coaching" / f"{pid}.yaml").write_text(to_yaml(program), encoding="utf-8")


def _objective(  # noqa: PLR0917 - private helper, called once
    w: _Writer,
    index: int,
    n_objectives: int,
    plan_start: dt.date,
    plan_end: dt.date,
    role_ids: list[str],
    skill_ids: list[str],
) -> tuple[dict[str, Any], list[str]]:
    """One objective with key results, a milestone chain, contributors, resources and risks."""
    rng = w.rng
    oid = f"obj-{index:05d}"
    role_cursor = index
    owner = role_ids[rng.randrange(len(role_ids))]
    # The first contributor walks through every role, so that each role moves some objective.
    # (With fewer objectives than roles, objective j takes every role j, j + n, j + 2n...)
    firsts = role_ids[role_cursor::n_objectives]
    others = [r for r in w.sample(role_ids, 3) if r != owner and r not in firsts]
    contributors = [r for r in dict.fromkeys([*firsts, *others[: rng.randint(1, 2)]]) if r != owner]
    if not contributors:
        contributors = [next(r for r in role_ids if r != owner)]
    objective: dict[str, Any] = {"id": oid, "title": w.title(3)}
    if index % 4 == 0:
        objective["description"] = Block(f"**{w.title(2)}**: {w.sentence(10)}")
    objective["owner"] = owner
    start, end = plan_start, plan_end
    if index % 3 == 0:
        start = plan_start + dt.timedelta(days=rng.randint(0, 90))
        end = plan_end - dt.timedelta(days=rng.randint(0, 120))
        objective["period"] = {"start": start, "end": end}
    if index % 11 == 0:
        objective["status"] = ("on-track", "at-risk", "off-track", "not-started", "done")[index % 5]
    ids: list[str] = [oid]

    key_results = []
    for k in range(rng.choice((1, 1, 2, 2, 3))):
        reduction = (index + k) % 4 == 0
        baseline = rng.randint(10, 100) if reduction else rng.randint(0, 50)
        target = baseline - rng.randint(5, baseline) if reduction else baseline + rng.randint(10, 200)
        current = baseline + (target - baseline) * rng.randint(0, 110) / 100
        kr: dict[str, Any] = {
            "id": f"{oid}-kr-{k}",
            "title": w.title(3),
            **({"metric": w.words(2)} if (index + k) % 3 == 0 else {}),
            "unit": rng.choice(("%", "EUR", "customers", "days", "points")),
            "baseline": baseline,
            "target": target,
            "current": round(current, 1) if k % 2 else round(current),
        }
        if (index + k) % 2:
            kr["due"] = w.day_between(AS_OF, end) if end > AS_OF else end
        if k == 0 and index % 2:
            steps = rng.randint(2, 3)
            # Check-ins every 20 days up to `as_of`, the latest on it, none before the objective starts.
            kr["history"] = [
                {
                    "date": max(start, AS_OF - dt.timedelta(days=20 * (steps - 1 - s))),
                    "value": round(baseline + (current - baseline) * (s + 1) / steps, 1),
                }
                for s in range(steps)
            ]
        key_results.append(kr)
        ids.append(kr["id"])
    objective["key_results"] = key_results

    # Milestones: ascending due dates inside the period, each depending on earlier ones.
    count = rng.randint(2, 3)
    span = (end - start).days
    dues = sorted(start + dt.timedelta(days=rng.randint(1, span)) for _ in range(count))
    milestones = []
    for m, due in enumerate(dues):
        mid = f"{oid}-ms-{m}"
        if due <= AS_OF:
            status = "cancelled" if m == 0 and index % 13 == 0 else "done"
        else:
            status = ("planned", "in-progress", "planned", "blocked")[(index + m) % 4]
        milestone: dict[str, Any] = {"id": mid, "title": w.title(3), "due": due, "status": status}
        if m == 0:
            milestone["owner"] = rng.choice([owner, *contributors])
        if m:
            milestone["depends_on"] = Flow(
                [f"{oid}-ms-{d}" for d in range(max(0, m - 2), m) if d == m - 1 or rng.random() < 0.3]
            )
        milestones.append(milestone)
        ids.append(mid)
    objective["milestones"] = milestones

    objective["contributors"] = [
        {"role": r, "raci": ("R", "C", "I")[c % 3]} for c, r in enumerate(contributors)
    ]
    if index % 3 == 0:
        objective["contributors"][0]["contribution"] = w.sentence(5)
    objective["skills"] = Flow(w.sample(skill_ids, rng.randint(1, 3)))
    if index % 2 == 0:
        objective["resources"] = [
            {"kind": kind, "name": w.title(2), **({"amount": rng.randint(1, 500) * 100, "unit": unit} if unit else {})}
            for kind, unit in (RESOURCE_KINDS[(index + r) % len(RESOURCE_KINDS)] for r in range(1 + (index % 3 == 0)))
        ]
    risks = []
    for r in range(rng.choice((0, 0, 0, 1, 1, 2))):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        risk: dict[str, Any] = {
            "id": f"{oid}-risk-{r}",
            "title": w.title(4),
            "likelihood": likelihood,
            "impact": impact,
        }
        if likelihood * impact >= 10 or r == 0:
            risk["mitigation"] = w.sentence(7)
        risk["owner"] = owner
        risk["status"] = ("open", "mitigated", "open", "closed", "occurred")[(index + r) % 5]
        risks.append(risk)
    if risks:
        objective["risks"] = risks
    return objective, ids


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic playbook of N objectives into DIR.")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument("n", type=int, metavar="N")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate(args.directory, args.n, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
