"""The ``stratbook`` command: a thin adapter over :mod:`generator.pipeline`.

Exit status: 0 when the playbook has no errors, 1 when it has errors (or
warnings under ``--strict``, or an alignment score below ``--min-score``), 2
for usage errors (bad options, a folder that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from generator import __version__
from generator.cli.changes import add_changes_parser
from generator.cli.commands import cmd_build, cmd_check, cmd_export, cmd_init, cmd_schema, cmd_update
from generator.cli.options import EXIT_USAGE, content_option, date_option, min_score_option
from generator.cli.report import FORMATS
from generator.editing.target import STATUSES
from generator.exceptions import StratbookError, printable
from generator.exports import EXPORTERS


def _add_update_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    update = commands.add_parser("update", help="edit the YAML in place for the weekly updates")
    kinds = update.add_subparsers(dest="kind", required=True, metavar="KIND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("id", metavar="ID", help="the id of the entity to update")
        content_option(sub)
        sub.add_argument("--dry-run", action="store_true", help="print the diff instead of writing the file")
        sub.set_defaults(handler=cmd_update)

    kr = kinds.add_parser("kr", help="record a check-in: a key result's current value, appended to its history")
    common(kr)
    kr.add_argument("--current", required=True, metavar="VALUE", help="the measured value, like 42 or 12.5")
    kr.add_argument(
        "--date", type=date_option, default=None, metavar="DATE",
        help="when it was measured (default: today in UTC, the day builds judge on)",
    )
    kr.add_argument("--note", default=None, metavar="TEXT", help="what happened since the last check-in")
    kr.add_argument(
        "--confidence", default=None, metavar="LEVEL", help="how sure the team is of the target: high, medium or low"
    )
    kr.add_argument("--by", default=None, metavar="ROLE", help="the id of the role checking in")
    for kind, what in (("milestone", "a milestone"), ("risk", "a risk"), ("objective", "an objective")):
        sub = kinds.add_parser(kind, help=f"set the status of {what}")
        common(sub)
        allowed = ", ".join(status.value for status in STATUSES[kind])
        sub.add_argument("--status", required=True, metavar="STATUS", help=f"the new status of {what}: {allowed}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stratbook",
        description="Validate a strategy playbook kept as YAML and publish it as a site.",
    )
    parser.add_argument("--version", action="version", version=f"stratbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a playbook and report every problem")
    check.add_argument("path", nargs="?", default=None, help=argparse.SUPPRESS)
    content_option(check)
    check.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="output format: " + ", ".join(sorted(FORMATS)) + " (default: text; gitlab is a Code Quality report)",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--as-of", type=date_option, default=None, metavar="DATE", help="judge progress as of this date")
    check.add_argument(
        "--min-score",
        type=min_score_option,
        default=None,
        metavar="N",
        help="fail (exit 1) when the alignment score is below N (0-100)",
    )
    check.set_defaults(handler=cmd_check)

    schema = commands.add_parser("schema", help="write the JSON Schema of each playbook file kind")
    schema.add_argument("--output", default="schemas", metavar="DIR", help="folder to write to (default: schemas)")
    schema.set_defaults(handler=cmd_schema)

    formats = ", ".join(sorted(EXPORTERS))
    export = commands.add_parser("export", help=f"write the playbook in another format ({formats})")
    export.add_argument("format", metavar="FORMAT", help=f"one of {formats}")
    export.add_argument("directory", metavar="DIR", help="folder to write into")
    content_option(export)
    export.add_argument(
        "--site-url",
        default=None,
        metavar="URL",
        help="the address the site is published at, like https://example.org/playbook/: links become absolute",
    )
    export.add_argument(
        "--as-of", type=date_option, default=None, metavar="DATE", help="judge progress as of this date"
    )
    export.add_argument(
        "--markdown-html",
        choices=("safe", "trusted"),
        default="safe",
        help="markdown: sanitize the HTML of Markdown fields (safe, the default) or keep it as written (trusted)",
    )
    export.set_defaults(handler=cmd_export)

    build = commands.add_parser(
        "build", help="write the site source (pages, pictures, stylesheets, data, navigation) for any engine"
    )
    content_option(build)
    build.add_argument("--out", default="docs", metavar="DIR", help="the docs folder to write into (default: docs)")
    build.add_argument(
        "--as-of", type=date_option, default=None, metavar="DATE", help="judge progress as of this date"
    )
    build.add_argument("--site-url", default=None, metavar="URL", help="the site's address, for links in data files")
    build.add_argument(
        "--no-directory-urls", action="store_true", help="link pages as page.html (for `use_directory_urls: false`)"
    )
    build.add_argument(
        "--markdown-html",
        choices=("safe", "trusted"),
        default="safe",
        help="sanitize the HTML of Markdown fields (safe, the default) or publish it as written (trusted)",
    )
    build.set_defaults(handler=cmd_build)

    _add_update_parser(commands)
    add_changes_parser(commands)

    init = commands.add_parser("init", help="create a new playbook project that builds at once")
    init.add_argument("directory", metavar="DIR", help="folder to create the project in")
    init.add_argument("--title", default=None, help="title of the playbook (default: from the folder name)")
    init.add_argument(
        "--requirement",
        action="append",
        default=None,
        metavar="SPEC",
        help="a line of the project's requirements.txt instead of the pin of this version "
        f"(stratbook=={__version__}): a Git URL, a wheel, an index option; give it once per line",
    )
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
        sys.stderr.write("".join(f"{printable(line)}\n" for line in str(exc).split("\n")))
        return EXIT_USAGE
    return status


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
