"""The ``stratbook`` command: a thin adapter over :mod:`generator.pipeline`.

Exit status: 0 when the playbook has no errors, 1 when it has errors (or
warnings under ``--strict``, or an alignment score below ``--min-score``), 2
for usage errors (bad options, a folder that does not exist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator import __version__
from generator.analysis.alignment import Alignment, analyse
from generator.exceptions import Diagnostic, Location, StratbookError
from generator.pipeline import Result, load

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(StratbookError):
    """Bad options: reported in one line, exit status 2."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not an ISO date like 2027-03-31") from None


def _min_score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"`{text}` is not a score from 0 to 100")
    return value


@dataclass(frozen=True)
class AlignmentReport:
    """The alignment of a playbook without errors, and the ``--min-score`` gate when one is set.

    The gate's message is not a content finding: it is printed after the
    alignment block and is not counted in the final summary line.
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


def _summary(result: Result) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    files = len(result.files)

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'s' * (count != 1)}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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
        if report.failed:
            out.write(f"{report.location}: error: {report.gate_message}\n")
    out.write(f"{_summary(result)}\n")


def format_github(result: Result, out: TextIO, report: AlignmentReport | None = None) -> None:
    for d in result.diagnostics:
        loc = d.location
        command = "error" if d.severity.value == "error" else "warning"
        out.write(
            f"::{command} file={_github_escape(loc.file, True)},line={loc.line},col={loc.column},"
            f"title={_github_escape('stratbook ' + (d.code or d.severity.value), True)}::{_github_escape(d.message)}\n"
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
    out.write(f"{_summary(result)}\n")


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    return {
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
    }


def format_json(result: Result, out: TextIO, report: AlignmentReport | None = None) -> None:
    alignment: dict[str, object] | None = None
    if report is not None:
        alignment = report.alignment.to_dict()
        alignment["min_score"] = report.min_score
        alignment["min_score_met"] = None if report.min_score is None else not report.failed
    document = {
        "version": __version__,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "as_of": result.playbook.as_of.isoformat() if result.playbook else None,
        "diagnostics": [diagnostic_json(d) for d in result.diagnostics],
        "alignment": alignment,
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


FORMATS: dict[str, Callable[[Result, TextIO, AlignmentReport | None], None]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.path)
    result = load(path, as_of=args.as_of)
    report = None
    if result.playbook is not None:
        report = AlignmentReport(analyse(result.playbook), result.playbook.strategy.loc(), args.min_score)
    FORMATS[args.format](result, out, report)
    failing = result.errors or (args.strict and result.warnings) or (report is not None and report.failed)
    return EXIT_FINDINGS if failing else EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from generator.model.schema import write_schemas

    for path in write_schemas(Path(args.output)):
        out.write(f"{path}\n")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from generator.exports import load_exporters

    exporters = load_exporters()
    if args.format not in exporters:
        known = ", ".join(sorted(exporters))
        raise UsageError(f"stratbook export: unknown format `{args.format}`; choose one of {known}")
    result = load(Path(args.content), as_of=args.as_of)
    if result.playbook is None:
        format_text(result, sys.stderr)
        return EXIT_FINDINGS
    for path in exporters[args.format](result.playbook, Path(args.directory)):
        out.write(f"{path}\n")
    return EXIT_OK


def cmd_update(args: argparse.Namespace, out: TextIO) -> int:
    from generator.editing import update as editing

    root = Path(args.content)
    try:
        if args.kind == "kr":
            result = editing.update_key_result(
                root, args.id, editing.parse_number(args.current), args.date, dry_run=args.dry_run
            )
        else:
            result = editing.update_status(root, args.kind, args.id, args.status, dry_run=args.dry_run)
    except editing.EditError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_FINDINGS
    if args.dry_run:
        out.write(result.diff)
    elif result.written:
        out.write(f"{result.file}: updated\n")
    else:
        out.write(f"{result.file}: already up to date\n")
    for warning in result.new_warnings:
        sys.stderr.write(f"{warning}\n")
    return EXIT_OK


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from generator.scaffold import create_project

    for path in create_project(Path(args.directory), title=args.title, force=args.force):
        out.write(f"{path}\n")
    return EXIT_OK


def _add_update_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    update = commands.add_parser("update", help="edit the YAML in place for the weekly updates")
    kinds = update.add_subparsers(dest="kind", required=True, metavar="KIND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("id", metavar="ID", help="the id of the entity to update")
        sub.add_argument("--content", default="content", metavar="PATH", help="the playbook folder (default: content)")
        sub.add_argument("--dry-run", action="store_true", help="print the diff instead of writing the file")
        sub.set_defaults(handler=cmd_update)

    kr = kinds.add_parser("kr", help="record a key result's current value (and append it to its history)")
    common(kr)
    kr.add_argument("--current", required=True, metavar="VALUE", help="the measured value, like 42 or 12.5")
    kr.add_argument("--date", type=_date, default=None, metavar="DATE", help="when it was measured (default: today)")
    for kind, what in (("milestone", "a milestone"), ("risk", "a risk"), ("objective", "an objective")):
        sub = kinds.add_parser(kind, help=f"set the status of {what}")
        common(sub)
        sub.add_argument("--status", required=True, metavar="STATUS", help=f"the new status of {what}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stratbook",
        description="Validate a strategy playbook kept as YAML and publish it as a site.",
    )
    parser.add_argument("--version", action="version", version=f"stratbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a playbook and report every problem")
    check.add_argument("path", nargs="?", default="content", help="the playbook folder (default: content)")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="judge progress as of this date")
    check.add_argument(
        "--min-score",
        type=_min_score,
        default=None,
        metavar="N",
        help="fail (exit 1) when the alignment score is below N (0-100)",
    )
    check.set_defaults(handler=cmd_check)

    schema = commands.add_parser("schema", help="write the JSON Schema of each playbook file kind")
    schema.add_argument("--output", default="schemas", metavar="DIR", help="folder to write to (default: schemas)")
    schema.set_defaults(handler=cmd_schema)

    export = commands.add_parser("export", help="write the playbook in another format (json, csv, ics, markdown)")
    export.add_argument("format", metavar="FORMAT", help="json, csv, ics or markdown")
    export.add_argument("directory", metavar="DIR", help="folder to write into")
    export.add_argument("--content", default="content", metavar="PATH", help="the playbook folder (default: content)")
    export.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="judge progress as of this date")
    export.set_defaults(handler=cmd_export)

    _add_update_parser(commands)

    init = commands.add_parser("init", help="create a new playbook project that builds at once")
    init.add_argument("directory", metavar="DIR", help="folder to create the project in")
    init.add_argument("--title", default=None, help="title of the playbook (default: from the folder name)")
    init.add_argument("--force", action="store_true", help="overwrite files that already exist")
    init.set_defaults(handler=cmd_init)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    stream = out if out is not None else sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        status: int = args.handler(args, stream)
    except StratbookError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_USAGE
    return status


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
