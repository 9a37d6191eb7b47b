"""Findings as a GitLab Code Quality report, the JSON that GitLab reads from ``artifacts: reports: codequality``.

GitLab shows each entry in the merge request and compares the report with
the target branch's by ``fingerprint``: an entry whose fingerprint is new is
reported as introduced, one that disappeared as resolved.  The fingerprint
is therefore built from what a finding is (file, code, message and how many
identical ones came before it in the file), not from its line, so that a
line added above a problem does not make it look new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from generator.exceptions import Diagnostic, Severity

#: Diagnostic severity -> Code Quality severity (info, minor, major, critical, blocker).
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor"}


def code_quality(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """One Code Quality entry per diagnostic, in the order given."""
    seen: dict[tuple[str, str, str], int] = {}
    entries: list[dict[str, Any]] = []
    for diagnostic in diagnostics:
        location = diagnostic.location
        code = diagnostic.code or diagnostic.severity.value
        identity = (location.file, code, diagnostic.message)
        seen[identity] = seen.get(identity, 0) + 1
        digest = hashlib.sha256("\0".join((*identity, str(seen[identity]))).encode("utf-8")).hexdigest()
        entries.append(
            {
                "type": "issue",
                "check_name": f"stratbook {code}",
                "description": diagnostic.message
                + (f" ({diagnostic.accepted.note})" if diagnostic.accepted is not None else ""),
                "categories": ["Bug Risk"],
                # An accepted warning is still listed, as information only.
                "severity": "info" if diagnostic.is_accepted else SEVERITIES[diagnostic.severity],
                "fingerprint": digest,
                "location": {"path": location.file, "lines": {"begin": location.line}},
            }
        )
    return entries
