"""How `stratbook check` prints its findings and the alignment summary: text, JSON, GitHub, GitLab."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from generator import __version__
from generator.analysis.alignment import Alignment
from generator.cli.codequality import code_quality
from generator.exceptions import Diagnostic, Location, Severity, printable
from generator.pipeline import Result


@dataclass(frozen=True)
class AlignmentReport:
    """The alignment of a playbook without errors, and the ``--min-score`` gate when one is set.

    A failed gate is an error like the content's: counted in the summary and
    the JSON, listed in the GitLab report; the text output prints it after the
    alignment block it judges.
    """

    alignment: Alignment
    location: Location
    min_score: float | None = None

    @property
    def failed(self) -> bool:
        if self.min_score is None:
            return False
        return self.alignment.score is None or self.alignment.score < self.min_score

    @property
    def gate_message(self) -> str:
        minimum = f"{self.min_score:g}"
        if self.alignment.score is None:
            return (
                f"there is no alignment score to compare with --min-score {minimum}: the playbook has no objectives, "
                "roles, skills or coaching programs to measure; add them or drop --min-score"
            )
        return (
            f"the alignment score {self.alignment.score} is below --min-score {minimum}: close the gaps that "
            "`stratbook check --format json` lists, or lower the minimum"
        )

    @property
    def gate(self) -> Diagnostic | None:
        """The failed ``--min-score`` gate as an error at the playbook file, or None."""
        if not self.failed:
            return None
        return Diagnostic(self.location, Severity.ERROR, self.gate_message, code="alignment.min_score")


def findings(result: Result, report: AlignmentReport | None) -> list[Diagnostic]:
    """The content's diagnostics and, last, a failed ``--min-score`` gate."""
    gate = report.gate if report is not None else None
    return [*result.diagnostics, gate] if gate is not None else list(result.diagnostics)


def _summary(result: Result, report: AlignmentReport | None) -> str:
    found = findings(result, report)
    errors = sum(d.severity is Severity.ERROR for d in found)
    warnings = sum(d.severity is Severity.WARNING and not d.is_accepted for d in found)
    files = len(result.files)

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'s' * (count != 1)}"

    checked = "" if result.warnings_checked else " (more are looked for once every file reads and validates)"
    accepted = f", {len(result.accepted)} accepted" if result.accepted else ""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}{accepted}{checked} in {plural(files, 'file')}"


def _github_escape(text: str, property_value: bool = False) -> str:
    text = printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_text(result: Result, out: TextIO, report: AlignmentReport | None = None) -> None:
    for diagnostic in result.diagnostics:
        out.write(f"{diagnostic}\n")
    if report is not None:
        out.write(f"alignment score: {report.alignment.score_display}\n")
        width = max(len(f.title) for f in report.alignment.figures) + 1
        for figure in report.alignment.figures:
            out.write(f"  {figure.title + ':':<{width}} {figure.display}\n")
        if report.gate is not None:
            out.write(f"{report.gate}\n")
    out.write(f"{_summary(result, report)}\n")


def format_github(result: Result, out: TextIO, report: AlignmentReport | None = None) -> None:
    for d in result.diagnostics:
        loc = d.location
        command = "notice" if d.is_accepted else ("error" if d.severity.value == "error" else "warning")
        title = "stratbook " + (d.code or d.severity.value) + (" (accepted)" if d.is_accepted else "")
        message = d.message + (f" ({d.accepted.note})" if d.accepted is not None else "")
        out.write(
            f"::{command} file={_github_escape(loc.file, True)},line={loc.line},col={loc.column},"
            f"title={_github_escape(title, True)}::{_github_escape(message)}\n"
        )
    if report is not None:
        figures = ", ".join(f"{f.title.lower()} {f.display}" for f in report.alignment.figures)
        out.write(
            f"::notice title=stratbook alignment::"
            f"{_github_escape(f'alignment score {report.alignment.score_display}: {figures}')}\n"
        )
        if report.failed:
            loc = report.location
            out.write(
                f"::error file={_github_escape(loc.file, True)},line={loc.line},col={loc.column},"
                f"title=stratbook alignment.min_score::{_github_escape(report.gate_message)}\n"
            )
    out.write(f"{_summary(result, report)}\n")


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    return {
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "accepted": d.is_accepted,
        "acceptance": None
        if d.accepted is None
        else {"reason": d.accepted.reason, "until": d.accepted.until.isoformat(), "expired": d.accepted.expired},
    }


def format_json(result: Result, out: TextIO, report: AlignmentReport | None = None) -> None:
    alignment: dict[str, object] | None = None
    if report is not None:
        alignment = report.alignment.to_dict()
        alignment["min_score"] = report.min_score
        alignment["min_score_met"] = None if report.min_score is None else not report.failed
    found = findings(result, report)
    errors = sum(d.severity is Severity.ERROR for d in found)
    document = {
        "version": __version__,
        "files": result.files,
        "errors": errors,
        "warnings": sum(d.severity is Severity.WARNING and not d.is_accepted for d in found),
        "warnings_checked": result.warnings_checked,
        "accepted": len(result.accepted),
        "as_of": result.playbook.as_of.isoformat() if result.playbook else None,
        "diagnostics": [diagnostic_json(d) for d in found],
        "alignment": alignment,
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def format_gitlab(result: Result, out: TextIO, report: AlignmentReport | None = None) -> None:
    """A GitLab Code Quality report (JSON only: CI writes it to the file its artifacts name)."""
    json.dump(code_quality(findings(result, report)), out, indent=2, ensure_ascii=False)
    out.write("\n")


FORMATS: dict[str, Callable[[Result, TextIO, AlignmentReport | None], None]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "gitlab": format_gitlab,
}
