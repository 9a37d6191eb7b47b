"""The banner of a playbook's problems that heads every page while `mkdocs serve` shows a broken playbook."""

from __future__ import annotations

import html

from generator.exceptions import Diagnostic, Severity


def _counted(problems: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in problems)
    warnings = len(problems) - errors
    parts = [f"{n} {word}{'s' * (n != 1)}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return " and ".join(parts)


def problems_banner(problems: list[Diagnostic], shown: bool) -> str:
    """The alert that heads every page while the playbook has problems; ``shown``: a last good version is up."""
    counted = _counted(problems)
    if shown:
        title = f"The playbook has {counted}: these pages show its last version without errors until it is fixed"
    else:
        title = (
            f"The playbook has {counted}, so its pages cannot be shown yet: fix it and save, "
            "and this page reloads with them"
        )
    items = "".join(
        f"<li><code>{html.escape(str(d.location))}</code>: {d.severity.value}: {html.escape(d.message)}</li>"
        for d in problems
    )
    return (
        f'<div class="admonition failure stratbook-errors" role="alert">\n'
        f'<p class="admonition-title">{html.escape(title)}</p>\n<ul>{items}</ul>\n</div>\n\n'
    )
