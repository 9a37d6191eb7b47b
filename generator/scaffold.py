"""`stratbook init`: a new playbook project that checks clean and builds at once.

The starter files live in ``generator/starter/`` as they will be written
(dot-files are stored without their dot, since package data globs skip
them).  Dates are set from the day of ``init`` so that the starter playbook
passes ``check --strict`` for at least a year, and the JSON Schemas its modelines point at are
written from :mod:`generator.model.schema`, so they always match the checker.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.exceptions import StratbookError
from generator.model import add_months
from generator.model.schema import KINDS, render

log = logging.getLogger(__name__)

STARTER_DIR = Path(__file__).parent / "starter"
HOW_TO = Path(__file__).parent / "guides" / "how-to.md"

#: Template name -> name in the project, for files package data cannot hold under their real name.
RENAMES = {
    "gitignore": ".gitignore",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "github/workflows/playbook.yml": ".github/workflows/playbook.yml",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


class ProjectExistsError(StratbookError):
    """``init`` would overwrite files; nothing was written."""


def default_title(directory: Path) -> str:
    """A title from the folder's name: `acme-strategy` -> `Acme strategy`."""
    name = directory.resolve().name
    words = re.sub(r"[-_.]+", " ", name).strip()
    return (words[:1].upper() + words[1:]) if words else "Strategy playbook"


def _markdown_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _demote(markdown: str) -> str:
    """Headings one level down (outside code blocks), to nest a page in another."""
    lines: list[str] = []
    fenced = False
    for line in markdown.splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        lines.append("#" + line if not fenced and line.startswith("#") else line)
    return "".join(lines)


class RequirementError(StratbookError):
    """A ``--requirement`` that is not one line of a requirements file."""


def requirements(lines: Sequence[str] | None = None) -> str:
    """The starter's requirements.txt: the exact running version, or the lines given (one each)."""
    if not lines:
        return f"stratbook=={__version__}\n"
    for line in lines:
        if not line.strip() or "\n" in line or "\r" in line:
            raise RequirementError(
                "stratbook init: error: --requirement takes one requirement on one line, like "
                f"`stratbook=={__version__}`, `stratbook @ git+https://host/stratbook.git` or a path to a wheel"
            )
    return "".join(f"{line.strip()}\n" for line in lines)


def project_files(title: str, today: dt.date | None = None, requirement: Sequence[str] | None = None) -> dict[str, str]:
    """Every file of a new project: relative path -> text."""
    today = today or dt.date.today()
    values = {
        "__TITLE_YAML__": json.dumps(title, ensure_ascii=False),
        "__TITLE_MD__": _markdown_text(title),
        # The sample runs two years from the day of `init` and has no dated check-in yet, so nothing in it
        # falls due within a year: `check --strict` passes without edits.
        "__START__": today.isoformat(),
        "__EARLY__": today.isoformat(),
        "__END__": (add_months(today, 24) - dt.timedelta(days=1)).isoformat(),
        "__REQUIREMENTS__": requirements(requirement),
        "__HOW_TO__": _demote(HOW_TO.read_text(encoding="utf-8")),
    }
    pattern = re.compile("|".join(re.escape(key) for key in values))
    files: dict[str, str] = {}
    for path in sorted(STARTER_DIR.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(STARTER_DIR).as_posix()
        text = pattern.sub(lambda match: values[match.group(0)], path.read_text(encoding="utf-8"))
        files[RENAMES.get(relative, relative)] = text
    for kind in KINDS:
        files[f"schemas/{kind}.schema.json"] = render(kind)
    return dict(sorted(files.items()))


def create_project(
    directory: Path,
    title: str | None = None,
    force: bool = False,
    today: dt.date | None = None,
    requirement: Sequence[str] | None = None,
) -> list[Path]:
    """Write a new project into ``directory``; refuses to overwrite files unless ``force``.

    ``requirement`` replaces the pin of the running version in requirements.txt, one line each.
    """
    files = project_files(title or default_title(directory), today, requirement)
    existing = [name for name in files if (directory / name).exists()]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ProjectExistsError(
            f"{directory}: error: {len(existing)} file(s) of the new project already exist ({shown}); "
            "nothing was written: choose a new or empty folder, or pass --force to overwrite them"
        )
    written: list[Path] = []
    for name, text in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
    log.info("created a playbook project with %d files in %s", len(written), directory)
    return written
