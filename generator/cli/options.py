"""What every command shares: exit statuses, the usage error, and the parsers of option values."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from generator.exceptions import StratbookError
from generator.model.fields import date_range_problem

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(StratbookError):
    """Bad options: reported in one line, exit status 2."""


def date_option(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not an ISO date like 2027-03-31") from None
    problem = date_range_problem(day)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


def min_score_option(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"`{text}` is not a score from 0 to 100")
    return value


def content_option(parser: argparse.ArgumentParser) -> None:
    """``--content PATH``: how every command names the playbook folder."""
    parser.add_argument("--content", default=None, metavar="PATH", help="the playbook folder (default: content)")


def content_folder(args: argparse.Namespace, command: str, err: TextIO) -> Path:
    """The playbook folder: ``--content``, or the deprecated positional folder of ``check`` (with a note)."""
    given = getattr(args, "path", None)
    if given is not None and args.content is not None:
        raise UsageError(
            f"stratbook {command}: error: the playbook folder is given twice (`{given}` and --content "
            f"`{args.content}`): keep only --content"
        )
    if given is not None:
        err.write(
            f"stratbook {command}: note: naming the playbook folder without --content is deprecated and will "
            f"stop working in a later version: write `stratbook {command} --content {given}`\n"
        )
        return Path(given)
    return Path(args.content if args.content is not None else "content")


def site_url_option(text: str) -> str:
    """An absolute address like ``https://example.org/playbook/``, ending in a slash."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"stratbook export: error: --site-url `{text}` is not an absolute address: write it like "
            "https://example.org/playbook/"
        )
    return text if text.endswith("/") else text + "/"
