"""What every command shares: exit statuses, the usage error, and the parsers of option values."""

from __future__ import annotations

import argparse
import datetime as dt

from generator.exceptions import StratbookError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(StratbookError):
    """Bad options: reported in one line, exit status 2."""


def date_option(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not an ISO date like 2027-03-31") from None


def min_score_option(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"`{text}` is not a score from 0 to 100")
    return value


