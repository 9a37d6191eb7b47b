"""What changed between two loaded playbooks, in strategy terms, and its three wordings.

The comparison matches entities by id: an id only before is removed, only
after is added, a new title under the same id is a rename.  On top of that
it reports what a review asks about: status changes, key-result values that
moved (with their pace), milestones done, slipped or newly late, risk scores,
and the alignment score and figures before and after.  `stratbook changes`,
the "What changed" page and the section pages' marks all read one
:class:`Changes`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from generator.analysis.alignment import Alignment, analyse
from generator.analysis.pace import describe, of_key_result
from generator.exceptions import Location
from generator.model import (
    KeyResult,
    Milestone,
    MilestoneStatus,
    Node,
    Objective,
    Plan,
    Playbook,
    Program,
    Risk,
    Role,
    Skill,
)
from generator.numbers import format_number

ChangeKind = Literal["added", "removed", "renamed", "status", "value", "done", "slipped", "late", "score"]

Tracked = Plan | Objective | KeyResult | Milestone | Risk | Role | Skill | Program

KINDS: tuple[tuple[str, str, Callable[[Playbook], tuple[Tracked, ...]]], ...] = (
    ("plan", "plans", lambda p: p.plans),
    ("objective", "objectives", lambda p: p.objectives),
    ("key result", "key results", lambda p: p.key_results),
    ("milestone", "milestones", lambda p: p.milestones),
    ("risk", "risks", lambda p: p.risks),
    ("role", "roles", lambda p: p.roles),
    ("skill", "skills", lambda p: p.skills),
    ("coaching program", "coaching programs", lambda p: p.programs),
)
"""The kinds compared, in the order they are reported, with how to list them."""

SECTIONS: tuple[tuple[str, tuple[ChangeKind, ...]], ...] = (
    ("Added", ("added",)),
    ("Removed", ("removed",)),
    ("Renamed", ("renamed",)),
    ("Status", ("status",)),
    ("Key results", ("value",)),
    ("Milestones", ("done", "slipped", "late")),
    ("Risks", ("score",)),
)
"""How the changes are grouped in text and Markdown."""

NOTHING_CHANGED = "nothing changed in objectives, key results, milestones, risks, roles, skills or programs"


def signed(value: float) -> str:
    text = format_number(value)
    return text if text.startswith("-") or text == "0" else f"+{text}"


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that changed: which entity, how, and the values before and after."""

    kind: str
    id: str
    title: str
    change: ChangeKind
    before: str | None = None
    after: str | None = None
    detail: str = ""
    pace: str = ""
    location: Location | None = None
    objective_id: str | None = None

    @property
    def subject(self) -> str:
        return f"{self.kind} `{self.id}`"

    def text(self, quote: Callable[[str], str] = lambda s: f'"{s}"') -> str:
        """The change as one sentence; ``quote`` renders a title for the medium."""
        title = quote(self.title)
        if self.change == "added":
            words = f"{self.subject} {title} added"
        elif self.change == "removed":
            words = f"{self.subject} {title} removed"
        elif self.change == "renamed":
            words = f"{self.subject} renamed: {quote(self.before or '')} -> {title}"
        elif self.change == "status":
            words = f"{self.subject} {title} status {self.before} -> {self.after}"
        elif self.change == "value":
            words = f"{self.subject} {title} {self.before} -> {self.after}"
        elif self.change == "done":
            words = f"{self.subject} {title} done (was {self.before})"
        elif self.change == "slipped":
            moved = "slipped" if (self.before or "") < (self.after or "") else "brought forward"
            words = f"{self.subject} {title} {moved}: due {self.before} -> {self.after}"
        elif self.change == "late":
            words = f"{self.subject} {title} is late: due {self.before}, still {self.after}"
        else:
            words = f"{self.subject} {title} score {self.before} -> {self.after}"
        if self.detail:
            words += f" ({self.detail})"
        return f"{words}; {self.pace}" if self.pace else words

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "change": self.change,
            "before": self.before,
            "after": self.after,
            "detail": self.detail,
            "pace": self.pace,
            "objective_id": self.objective_id,
            "file": self.location.file if self.location else None,
            "line": self.location.line if self.location else None,
            "column": self.location.column if self.location else None,
            "text": self.text(),
        }


@dataclass(frozen=True, slots=True)
class FigureChange:
    """One alignment figure before and after."""

    key: str
    title: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Changes:
    """Everything that changed from ``since`` to the working tree."""

    since: str
    changes: tuple[Change, ...]
    score_before: int | None
    score_after: int | None
    figures: tuple[FigureChange, ...]
    marks: dict[str, str] = field(default_factory=dict)
    """Entity id -> `new` or `moved`, for the section pages' marks."""

    @property
    def score_text(self) -> str:
        before = "none" if self.score_before is None else str(self.score_before)
        after = "none" if self.score_after is None else str(self.score_after)
        if self.score_before is not None and self.score_after is not None:
            return f"{before} -> {after} ({signed(self.score_after - self.score_before)})"
        return f"{before} -> {after}"

    def sections(self) -> Iterator[tuple[str, tuple[Change, ...]]]:
        """The non-empty groups of changes, in report order."""
        for title, kinds in SECTIONS:
            chosen = tuple(c for c in self.changes if c.change in kinds)
            if chosen:
                yield title, chosen

    def to_dict(self) -> dict[str, object]:
        return {
            "since": self.since,
            "changes": [c.to_dict() for c in self.changes],
            "alignment": {
                "score": {"before": self.score_before, "after": self.score_after},
                "figures": [
                    {"key": f.key, "title": f.title, "before": f.before, "after": f.after} for f in self.figures
                ],
            },
        }


def _value(key_result: KeyResult) -> str:
    if key_result.current is None:
        return "none"
    return format_number(key_result.current) + (f" {key_result.unit}" if key_result.unit else "")


def _objective_id(entity: Node) -> str | None:
    if isinstance(entity, KeyResult | Milestone | Risk):
        return entity.objective.id
    return None


class _Comparison:
    def __init__(self, before: Playbook, after: Playbook) -> None:
        self.before = before
        self.after = after
        self.changes: list[Change] = []
        self.marks: dict[str, str] = {}

    def add(self, entity: Tracked, change: ChangeKind, **values: str | None) -> None:
        self.changes.append(
            Change(
                kind=_kind_of(entity),
                id=entity.id,
                title=entity.title,
                change=change,
                before=values.get("before"),
                after=values.get("after"),
                detail=values.get("detail") or "",
                pace=values.get("pace") or "",
                location=entity.loc("id") if change != "removed" else None,
                objective_id=_objective_id(entity),
            )
        )
        if change != "removed":
            self.marks.setdefault(entity.id, "new" if change == "added" else "moved")

    def run(self) -> None:
        for kind, _plural, listing in KINDS:
            old = {e.id: e for e in listing(self.before)}
            new = {e.id: e for e in listing(self.after)}
            for entity_id, entity in new.items():
                previous = old.get(entity_id)
                if previous is None:
                    self.add(entity, "added")
                    if isinstance(entity, Milestone) and entity.is_late:
                        self.add(entity, "late", before=entity.due.isoformat(), after=entity.status.value)
                    continue
                if previous.title != entity.title:
                    self.add(entity, "renamed", before=previous.title)
                self.compare(previous, entity)
            for entity_id, entity in old.items():
                if entity_id not in new:
                    self.changes.append(Change(kind, entity_id, entity.title, "removed", objective_id=None))

    def compare(self, previous: Tracked, entity: Tracked) -> None:
        if isinstance(entity, Plan) and isinstance(previous, Plan) and previous.status != entity.status:
            self.add(entity, "status", before=previous.status.value, after=entity.status.value)
        elif isinstance(entity, Objective) and isinstance(previous, Objective):
            if previous.effective_status != entity.effective_status:
                self.add(
                    entity,
                    "status",
                    before=previous.effective_status.value,
                    after=entity.effective_status.value,
                )
        elif isinstance(entity, KeyResult) and isinstance(previous, KeyResult):
            self.compare_key_result(previous, entity)
        elif isinstance(entity, Milestone) and isinstance(previous, Milestone):
            self.compare_milestone(previous, entity)
        elif isinstance(entity, Risk) and isinstance(previous, Risk):
            if previous.score != entity.score:
                self.add(
                    entity,
                    "score",
                    before=str(previous.score),
                    after=str(entity.score),
                    detail=signed(entity.score - previous.score),
                )
            if previous.status != entity.status:
                self.add(entity, "status", before=previous.status.value, after=entity.status.value)

    def compare_key_result(self, previous: KeyResult, entity: KeyResult) -> None:
        if entity.is_binary and bool(previous.achieved) != bool(entity.achieved):
            words = {True: "done", False: "not done"}
            self.add(entity, "value", before=words[bool(previous.achieved)], after=words[bool(entity.achieved)])
            return
        if previous.current == entity.current:
            return
        delta = None
        if previous.current is not None and entity.current is not None:
            delta = signed(entity.current - previous.current)
        figures = of_key_result(entity, self.after.as_of)
        wording = describe(figures, format_number, entity.unit) if figures is not None else ""
        self.add(entity, "value", before=_value(previous), after=_value(entity), detail=delta, pace=wording)

    def compare_milestone(self, previous: Milestone, entity: Milestone) -> None:
        if entity.status is MilestoneStatus.DONE and previous.status is not MilestoneStatus.DONE:
            self.add(entity, "done", before=previous.status.value)
        elif previous.status != entity.status:
            self.add(entity, "status", before=previous.status.value, after=entity.status.value)
        if previous.due != entity.due:
            days = (entity.due - previous.due).days
            self.add(
                entity,
                "slipped",
                before=previous.due.isoformat(),
                after=entity.due.isoformat(),
                detail=f"{signed(days)} day{'s' * (abs(days) != 1)}",
            )
        if entity.is_late and not previous.is_late:
            self.add(entity, "late", before=entity.due.isoformat(), after=entity.status.value)


_KIND_OF: dict[type[Node], str] = {
    Plan: "plan",
    Objective: "objective",
    KeyResult: "key result",
    Milestone: "milestone",
    Risk: "risk",
    Role: "role",
    Skill: "skill",
    Program: "coaching program",
}


def _kind_of(entity: Node) -> str:
    return _KIND_OF[type(entity)]


def compare(
    before: Playbook,
    after: Playbook,
    since: str,
    alignment_before: Alignment | None = None,
    alignment_after: Alignment | None = None,
) -> Changes:
    """What changed from ``before`` (the playbook at ``since``) to ``after``."""
    comparison = _Comparison(before, after)
    comparison.run()
    old = alignment_before or analyse(before)
    new = alignment_after or analyse(after)
    old_figures = {f.key: f for f in old.figures}
    figures = tuple(
        FigureChange(
            f.key,
            f.title,
            old_figures[f.key].display if f.key in old_figures else "none",
            f.display,
        )
        for f in new.figures
    )
    return Changes(since, tuple(comparison.changes), old.score, new.score, figures, comparison.marks)


# --- wordings -----------------------------------------------------------------


def terminal_text(text: str) -> str:
    """Plain text safe for a terminal: control characters shown as escapes, never sent raw."""
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\u200d" else ch.encode("unicode_escape").decode()
        for ch in " ".join(text.split())
    )


def format_text(changes: Changes) -> str:
    """The report for a terminal."""
    lines = [f"changes since {terminal_text(changes.since)}:"]
    if not changes.changes:
        lines.append(f"  {NOTHING_CHANGED}")
    for title, group in changes.sections():
        lines.append(f"{title}:")
        lines.extend(f"  {terminal_text(change.text())}" for change in group)
    lines.append(f"alignment score: {changes.score_text}")
    width = max((len(f.title) for f in changes.figures), default=0) + 1
    for figure in changes.figures:
        shown = f"{figure.before} -> {figure.after}" if figure.changed else f"{figure.after} (unchanged)"
        lines.append(f"  {figure.title + ':':<{width}} {shown}")
    return "\n".join(lines) + "\n"


def format_json(changes: Changes) -> str:
    return json.dumps(changes.to_dict(), indent=2, ensure_ascii=False) + "\n"


_MARKDOWN_LITERAL = {c: f"&#{c};" for c in range(0x21, 0x7F) if not chr(c).isalnum() and chr(c) not in "-_.,:;'"}
_MARKDOWN_LITERAL.update({c: " " for c in range(0x20) if c not in (0x20,)})


def markdown_literal(text: str) -> str:
    """Plain text made inert in GitHub/GitLab Markdown: punctuation as character references."""
    return " ".join(text.split()).translate(_MARKDOWN_LITERAL)


def format_markdown(changes: Changes) -> str:
    """The report for a pull-request comment or a CI job summary (GitHub-flavoured Markdown)."""

    def quote(title: str) -> str:
        return f"\u201c{markdown_literal(title)}\u201d"

    lines = [f"## What changed since `{changes.since.replace('`', '')}`", ""]
    if not changes.changes:
        lines += [NOTHING_CHANGED[0].upper() + NOTHING_CHANGED[1:] + ".", ""]
    for title, group in changes.sections():
        lines += [f"### {title}", ""]
        lines += [f"- {change.text(quote).replace(' -> ', ' → ')}" for change in group]
        lines.append("")
    lines += [f"### Alignment: score {changes.score_text.replace(' -> ', ' → ')}", ""]
    lines += ["| Figure | Before | After |", "|---|---|---|"]
    for figure in changes.figures:
        after = f"**{figure.after}**" if figure.changed else figure.after
        lines.append(f"| {figure.title} | {figure.before} | {after} |")
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Changes], str]] = {
    "text": format_text,
    "json": format_json,
    "markdown": format_markdown,
}
