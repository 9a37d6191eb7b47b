"""The commands: each turns parsed options into a call of the core and an exit status."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.analysis.alignment import analyse
from generator.cli.options import EXIT_FINDINGS, EXIT_OK, UsageError, content_folder, site_url_option
from generator.cli.report import FORMATS, AlignmentReport, format_text
from generator.exceptions import printable
from generator.pipeline import load

if TYPE_CHECKING:
    from generator.exports.files import TreeReport
    from generator.model import Playbook
    from generator.rendering.options import Options


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    path = content_folder(args, "check", sys.stderr)
    result = load(path, as_of=args.as_of, two_processes=True)
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
    from generator.exports import EXPORTERS
    from generator.rendering.options import Options

    if args.format not in EXPORTERS:
        known = ", ".join(sorted(EXPORTERS))
        raise UsageError(f"stratbook export: unknown format `{args.format}`; choose one of {known}")
    options = Options(
        site_url=site_url_option(args.site_url) if args.site_url is not None else None,
        markdown_html=args.markdown_html,
    )
    content = content_folder(args, "export", sys.stderr)
    result = load(content, as_of=args.as_of, two_processes=True)
    if result.playbook is None:
        format_text(result, sys.stderr)
        return EXIT_FINDINGS
    try:
        written = EXPORTERS[args.format](result.playbook, Path(args.directory), options, playbook_folder=content)
    except OSError as exc:
        raise UsageError(
            f"{args.directory}: error: cannot write the export there ({exc.strerror}): "
            "give a folder you may write to (it is created when missing)"
        ) from None
    for path in written:
        out.write(f"{printable(str(path))}\n")
    return EXIT_OK


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    """Write the site source (pages, pictures, stylesheets, data files, navigation) for any engine."""
    content = content_folder(args, "build", sys.stderr)
    result = load(content, as_of=args.as_of, two_processes=True)
    if result.playbook is None:
        format_text(result, sys.stderr)
        return EXIT_FINDINGS
    from generator.exports.tree import ENGINE_CONFIG
    from generator.rendering.options import Options

    for warning in result.warnings:
        sys.stderr.write(f"{warning}\n")
    options = Options(
        site_url=args.site_url, use_directory_urls=not args.no_directory_urls, markdown_html=args.markdown_html
    )
    folder = Path(args.out)
    report = _write_tree(result.playbook, content, folder, options)
    counts = f"wrote {len(report.written)} files, {len(report.unchanged)} unchanged, removed {len(report.removed)}"
    out.write(f"{folder}: {counts}; engines read {folder / ENGINE_CONFIG} through `INHERIT` in mkdocs.yml\n")
    return EXIT_OK


def _write_tree(playbook: Playbook, content: Path, folder: Path, options: Options | None = None) -> TreeReport:
    """Write the site tree safely (a refusal is a usage error, exit 2); the project root and playbook are protected."""
    from generator.exports.tree import build_tree

    report = build_tree(playbook, folder, options, protected=[Path(".")], playbook_folder=content)
    for warning in report.warnings:
        sys.stderr.write(f"{printable(warning)}\n")
    return report


def cmd_update(args: argparse.Namespace, out: TextIO) -> int:
    from generator.editing import update as editing

    root = content_folder(args, "update", sys.stderr)
    try:
        if args.kind == "kr":
            result = editing.update_key_result(
                root,
                args.id,
                editing.parse_number(args.current),
                args.date,
                dry_run=args.dry_run,
                note=args.note,
                confidence=args.confidence,
                by=args.by,
            )
        else:
            result = editing.update_status(root, args.kind, args.id, args.status, dry_run=args.dry_run)
    except editing.EditError as exc:
        sys.stderr.write("".join(f"{printable(line)}\n" for line in str(exc).split("\n")))
        return EXIT_FINDINGS
    if args.dry_run:
        out.write(result.diff)
    elif result.written:
        out.write(f"{result.file}: updated\n")
    else:
        out.write(f"{result.file}: already up to date\n")
    for warning in result.new_warnings:
        sys.stderr.write(f"{warning}\n")
    if result.existing_errors:
        sys.stderr.write(f"{editing.existing_note(result.existing_errors)}\n")
    return EXIT_OK


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from generator.scaffold import create_project

    created = create_project(Path(args.directory), title=args.title, force=args.force, requirement=args.requirement)
    for path in created:
        out.write(f"{path}\n")
    return EXIT_OK
