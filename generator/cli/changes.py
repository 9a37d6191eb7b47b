"""`stratbook changes --since REV [PATH]`: what moved in the playbook since a git revision.

Usage problems (no repository, an unknown revision, a path the revision did
not have) are one line and exit 2; a playbook with errors, at the revision
or in the working tree, is reported with its errors and exits 1.  Errors go
to stderr so that the report on stdout can be sent to a job summary as is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from generator.analysis.changes import FORMATS
from generator.cli.options import EXIT_FINDINGS, EXIT_OK, date_option
from generator.exceptions import ContentError
from generator.revisions import LATEST_TAG, RevisionContentError, changes_since


def cmd_changes(args: argparse.Namespace, out: TextIO) -> int:
    try:
        changes, _result = changes_since(Path(args.path), args.since, as_of=args.as_of)
    except RevisionContentError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_FINDINGS
    except ContentError as exc:
        sys.stderr.write("the playbook in the working tree has errors, so there is nothing to compare:\n")
        sys.stderr.write("".join(f"{d}\n" for d in exc.diagnostics))
        return EXIT_FINDINGS
    out.write(FORMATS[args.format](changes))
    return EXIT_OK


def add_changes_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    changes = commands.add_parser(
        "changes", help="report what changed in the playbook since a git revision, in strategy terms"
    )
    changes.add_argument("path", nargs="?", default="content", help="the playbook folder (default: content)")
    changes.add_argument(
        "--since",
        required=True,
        metavar="REV",
        help=f"the git revision to compare with: a commit, branch or tag, or `{LATEST_TAG}`",
    )
    changes.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="output format (default: text; markdown suits a pull-request comment or a job summary)",
    )
    changes.add_argument(
        "--as-of", type=date_option, default=None, metavar="DATE", help="judge the working tree as of this date"
    )
    changes.set_defaults(handler=cmd_changes)
