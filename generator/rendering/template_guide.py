"""The Reference page of the templates a site may override, read from the templates themselves.

Each built-in template starts with a ``{#- ... -#}`` comment that says what it
shows; what it receives follows from how it is used: a page template gets the
page variables (and, for an entity's page, the entity), a macro its
parameters, an included template the variables of the templates that include
it.  Reading all of it from the template folder keeps the page true as
templates are added, moved or changed.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

#: The variables every page template receives (see ``render_site``), and what each holds.
PAGE_VARIABLES: dict[str, str] = {
    "pb": "the linked playbook: `pb.title`, `pb.strategy`, `pb.pillars`, `pb.plans`, `pb.objectives`, "
    "`pb.roles`, `pb.skills`, `pb.programs`, `pb.milestones`, `pb.risks`, `pb.as_of`",
    "page": "the page being rendered: `page.path`, `page.title`, `page.template`",
    "link": "`link(entity)`: a Markdown-safe link to an entity's page (or anchor), with its title",
    "href": "`href(entity)`: the relative address of an entity's page",
    "url": "`url(path)`: the relative address of another page of the playbook",
    "links": "the object behind `link`, `href` and `url`",
    "sections": "the paths of the section pages",
    "order": "the playbook's entities in the order the pages list them (pillars as declared)",
    "alignment": "the alignment figures and score, computed once per build",
    "marks": "with `changes_since`, what is new or moved since that revision (for `change_mark(marks, id)`)",
}
#: Entity pages: the folder of their template -> the variable that holds the entity.
ENTITY_PAGES: dict[str, str] = {
    "plan": "the plan",
    "objective": "the objective",
    "role": "the role",
    "program": "the coaching program",
    "skill": "the skill",
}

_DOC_RE = re.compile(r"^\{#-?(.*?)-?#\}", re.DOTALL)
_MACRO_RE = re.compile(r"\{%-?\s*macro\s+(\w+\([^)]*\))")
_USES_RE = re.compile(r"\{%-?\s*(?:include|import|from)\s+\"([^\"]+)\"")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _template_names() -> list[str]:
    return sorted(path.relative_to(TEMPLATES_DIR).as_posix() for path in TEMPLATES_DIR.rglob("*.j2"))


def _receives(name: str, source: str, users: dict[str, list[str]]) -> str:
    macros = _MACRO_RE.findall(source)
    if macros:
        return "macro " + ", ".join(f"`{m}`" for m in macros) + ": its parameters, and the page variables"
    folder, _, file = name.rpartition("/")
    if file == "page.md.j2":
        entity = ENTITY_PAGES.get(folder)
        return "the page variables" + (f", and `{folder}`: {entity}" if entity else "")
    including = users.get(name, [])
    if including:
        return "the variables of " + ", ".join(f"`{u}`" for u in including) + ", which include it"
    return "the page variables"


def templates_page() -> str:
    """The Markdown of ``reference/templates.md``."""
    names = _template_names()
    sources = {name: (TEMPLATES_DIR / name).read_text(encoding="utf-8") for name in names}
    users: dict[str, list[str]] = {}
    for name, source in sources.items():
        for used in _USES_RE.findall(source):
            users.setdefault(used, []).append(name)
    lines = [
        "# Templates",
        "",
        "Every page of the playbook is rendered from a Jinja2 template into Markdown. A site changes a page by "
        "giving a template of the same name in its own folder, named by the plugin option `templates:` "
        "(relative to `mkdocs.yml`):",
        "",
        "```yaml",
        "plugins:",
        "  - stratbook:",
        "      templates: overrides   # overrides/plan/extra_top.md.j2 replaces the built-in one",
        "```",
        "",
        "A file there replaces the built-in template of the same path; every other template stays built in. "
        "Templates whose name ends in `extra_top` or `extra_bottom` are empty slots, made to be "
        "filled. Text from the playbook is escaped for you; Markdown fields go through the `markdown` filter.",
        "",
        "## What every page template receives",
        "",
        "| variable | what it holds |",
        "|---|---|",
        *(f"| `{key}` | {_cell(text)} |" for key, text in PAGE_VARIABLES.items()),
        "",
        "The filters (`markdown`, `literal`, `number`, `percent`, `period`...) and helpers (`badge`, "
        "`progress_bar`, `roadmap`...) the built-in templates call are there for yours too.",
        "",
        "## The templates",
        "",
        "| template | what it shows, and what it receives |",
        "|---|---|",
    ]
    for name in names:
        source = sources[name]
        doc = _DOC_RE.match(source)
        what = _cell(doc.group(1)) if doc else ""
        receives = _receives(name, source, users)
        lines.append(f"| `{name}` | {what} Receives {receives}. |".replace("|  Receives", "| Receives"))
    return "\n".join(lines) + "\n"
