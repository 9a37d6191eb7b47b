"""The CSV tables: objectives with key results, RACI assignments, the risk register, milestones (UTF-8, RFC 4180).

Text a spreadsheet would run as a formula is prefixed with `'`.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.analysis.pace import describe, of_key_result
from generator.exports.files import write_export
from generator.model import KeyResult, Objective, Playbook, Raci
from generator.numbers import format_number
from generator.rendering.options import Options, entity_url
from generator.rendering.pages import MILESTONES_CSV, OBJECTIVES_CSV, RACI_CSV, RISKS_CSV
from generator.rendering.text import data_number

#: What makes a spreadsheet run a cell as a formula, also behind white space and in full-width forms.
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66\u2212")


def _cell(value: Any) -> str:
    """One CSV cell; text a spreadsheet would run as a formula is prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(data_number(value))
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in _FORMULA_START or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def _table(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


OBJECTIVE_COLUMNS = [
    "plan_id",
    "plan_title",
    "pillar_id",
    "objective_id",
    "objective_title",
    "objective_owner",
    "objective_status",
    "objective_status_derived",
    "objective_start",
    "objective_end",
    "objective_progress",
    "objective_url",
    "key_result_id",
    "key_result_title",
    "metric",
    "unit",
    "baseline",
    "target",
    "current",
    "progress",
    "due",
    "key_result_url",
    "kind",
    "owner",
    "met",
    "expected",
    "pace_gap",
    "forecast",
    "pace",
    "latest_check_in",
    "confidence",
]
RISK_COLUMNS = [
    "risk_id",
    "risk_title",
    "score",
    "likelihood",
    "impact",
    "status",
    "owner",
    "mitigation",
    "objective_id",
    "objective_title",
    "plan_id",
    "url",
]


def _review_cells(kr: KeyResult, as_of: dt.date) -> list[Any]:
    """Kind, owner, met, pace (expected value, gap, forecast and their wording) and the latest check-in."""
    figures = of_key_result(kr, as_of)
    latest = kr.latest_check_in
    return [
        kr.kind.value,
        kr.owner_id,
        kr.is_met,
        None if figures is None else figures.expected,
        None if figures is None else figures.gap,
        None if figures is None else figures.forecast,
        None if figures is None else describe(figures, format_number, kr.unit),
        None if latest is None else latest.date,
        None if latest is None or latest.confidence is None else latest.confidence.value,
    ]


def objectives_csv(playbook: Playbook, options: Options | None = None) -> str:
    """Objectives with their key results, one row per key result (objectives without any: one row)."""
    rows: list[list[Any]] = []
    for objective in playbook.objectives:
        period = objective.effective_period
        head = [
            objective.plan.id,
            objective.plan.title,
            objective.pillar.id,
            objective.id,
            objective.title,
            objective.owner_id,
            objective.effective_status,
            objective.status_is_derived,
            period.start,
            period.end,
            objective.progress,
            entity_url(objective, options),
        ]
        if not objective.key_results:
            rows.append(head + [None] * (len(OBJECTIVE_COLUMNS) - len(head)))
        for kr in objective.key_results:
            rows.append(
                [
                    *head,
                    kr.id,
                    kr.title,
                    kr.metric,
                    kr.unit,
                    kr.baseline,
                    kr.target,
                    kr.current,
                    kr.progress,
                    kr.due,
                    entity_url(kr, options),
                    *_review_cells(kr, playbook.as_of),
                ]
            )
    return _table(OBJECTIVE_COLUMNS, rows)


RACI_COLUMNS = ["role_id", "role_title", "objective_id", "objective_title", "raci"]


def raci_csv(playbook: Playbook) -> str:
    """The RACI assignments: a row per role and objective it has a letter on (roles, then objectives, in
    playbook order).

    Rows rather than a matrix of roles by objectives: the matrix grows with their product (ten million
    cells at 10,000 objectives, more columns than a spreadsheet holds), the rows with the assignments,
    and a pivot table makes the matrix again.
    """
    letters: dict[str, list[tuple[Objective, Raci]]] = {}
    for objective in playbook.objectives:
        given = {objective.owner_id}
        letters.setdefault(objective.owner_id, []).append((objective, Raci.ACCOUNTABLE))
        for contribution in objective.contributors:
            if contribution.role_id not in given:  # as Objective.raci_of: the first letter of a role counts
                given.add(contribution.role_id)
                letters.setdefault(contribution.role_id, []).append((objective, contribution.raci))
    rows = [
        [role.id, role.title, objective.id, objective.title, letter]
        for role in playbook.roles
        for objective, letter in letters.get(role.id, ())
    ]
    return _table(RACI_COLUMNS, rows)


def risks_csv(playbook: Playbook, options: Options | None = None) -> str:
    """The risk register, highest score first (playbook order among equal scores)."""
    ordered = sorted(playbook.risks, key=lambda r: -r.score)
    rows = [
        [
            r.id,
            r.title,
            r.score,
            r.likelihood,
            r.impact,
            r.status,
            r.owner_id,
            r.mitigation,
            r.objective.id,
            r.objective.title,
            r.objective.plan.id,
            entity_url(r, options),
        ]
        for r in ordered
    ]
    return _table(RISK_COLUMNS, rows)


MILESTONE_COLUMNS = [
    "milestone_id",
    "milestone_title",
    "due",
    "status",
    "late",
    "owner",
    "depends_on",
    "objective_id",
    "objective_title",
    "plan_id",
    "pillar_id",
    "url",
]


def milestones_csv(playbook: Playbook, options: Options | None = None) -> str:
    """Every milestone in playbook order; `depends_on` holds the ids it waits for, separated by spaces."""
    rows = [
        [
            m.id,
            m.title,
            m.due,
            m.status,
            m.is_late,
            m.owner_id,
            " ".join(other.id for other in m.depends_on),
            m.objective.id,
            m.objective.title,
            m.objective.plan.id,
            m.objective.pillar.id,
            entity_url(m, options),
        ]
        for m in playbook.milestones
    ]
    return _table(MILESTONE_COLUMNS, rows)


def csv_files(playbook: Playbook, options: Options | None = None) -> dict[str, str]:
    """The CSV tables (UTF-8, header row, RFC 4180 line ends)."""
    tables = (
        objectives_csv(playbook, options),
        raci_csv(playbook),
        risks_csv(playbook, options),
        milestones_csv(playbook, options),
    )
    return dict(zip((OBJECTIVES_CSV, RACI_CSV, RISKS_CSV, MILESTONES_CSV), tables, strict=True))


def write_csv(
    playbook: Playbook, directory: Path, options: Options | None = None, /, *, playbook_folder: Path | None = None
) -> list[Path]:
    """Write objectives-key-results.csv, raci.csv, risks.csv and milestones.csv (see :func:`write_export`)."""
    return write_export(directory, "csv", csv_files(playbook, options), playbook_folder)
