"""The ``stratbook`` command: a thin adapter over :mod:`generator.core`.

Exit status: 0 when the playbook has no errors, 1 when it has errors (or
warnings under ``--strict``), 2 for usage errors (bad options, a folder that
does not exist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from generator import __version__
from generator.core import Result, load
from generator.exceptions import Diagnostic, StratbookError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(StratbookError):
    """Bad options: reported in one line, exit status 2."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not an ISO date like 2027-03-31") from None


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


def format_text(result: Result, out: TextIO) -> None:
    for diagnostic in result.diagnostics:
        out.write(f"{diagnostic}\n")
    out.write(f"{_summary(result)}\n")


def format_github(result: Result, out: TextIO) -> None:
    for d in result.diagnostics:
        loc = d.location
        command = "error" if d.severity.value == "error" else "warning"
        out.write(
            f"::{command} file={_github_escape(loc.file, True)},line={loc.line},col={loc.column},"
            f"title={_github_escape('stratbook ' + (d.code or d.severity.value), True)}::{_github_escape(d.message)}\n"
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


def format_json(result: Result, out: TextIO) -> None:
    document = {
        "version": __version__,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "as_of": result.playbook.as_of.isoformat() if result.playbook else None,
        "diagnostics": [diagnostic_json(d) for d in result.diagnostics],
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


FORMATS: dict[str, Callable[[Result, TextIO], None]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.path)
    result = load(path, as_of=args.as_of)
    FORMATS[args.format](result, out)
    failing = result.errors or (args.strict and result.warnings)
    return EXIT_FINDINGS if failing else EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from generator.schema import write_schemas

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
