"""Template names: the folder-per-page layout, and the flat names sites used before it.

A site's ``templates:`` folder overrides a built-in template by giving a file
the same name.  Templates used to be flat (``plan.md.j2``,
``partials/plan/extra_top.md.j2``, ``partials/risk_table.md.j2``...); a site
file under a former name is still used, with a warning that names the new
one, and a site template that includes a former name still gets the template
now known by the new one.  The shared tables were included with
``{% with %}``; they are macros now, so a site's former table (which reads
the variables the macro now takes as parameters) is wrapped into that macro.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

import jinja2

log = logging.getLogger(__name__)

FORMER_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "alignment.md.j2": "alignment/page.md.j2",
        "coaching.md.j2": "coaching/page.md.j2",
        "home.md.j2": "home/page.md.j2",
        "map.md.j2": "map/page.md.j2",
        "objective.md.j2": "objective/page.md.j2",
        "objectives.md.j2": "objectives/page.md.j2",
        "partials/alignment_panel.md.j2": "shared/alignment_panel.md.j2",
        "partials/home_data.md.j2": "home/data.md.j2",
        "partials/home_explore.md.j2": "home/explore.md.j2",
        "partials/home_figures.md.j2": "home/figures.md.j2",
        "partials/milestone_table.md.j2": "shared/milestone_table.md.j2",
        "partials/objective/alignment.md.j2": "objective/alignment.md.j2",
        "partials/objective/coaching.md.j2": "objective/coaching.md.j2",
        "partials/objective/header.md.j2": "objective/header.md.j2",
        "partials/objective/key_results.md.j2": "objective/key_results.md.j2",
        "partials/objective/kr_extra.md.j2": "objective/kr_extra.md.j2",
        "partials/objective/milestones.md.j2": "objective/milestones.md.j2",
        "partials/objective/people.md.j2": "objective/people.md.j2",
        "partials/objective/resources.md.j2": "objective/resources.md.j2",
        "partials/objective/risk_map.md.j2": "objective/risk_map.md.j2",
        "partials/objective/risks.md.j2": "objective/risks.md.j2",
        "partials/objective/roadmap.md.j2": "objective/roadmap.md.j2",
        "partials/objective/skills.md.j2": "objective/skills.md.j2",
        "partials/objective_table.md.j2": "shared/objective_table.md.j2",
        "partials/plan/extra_bottom.md.j2": "plan/extra_bottom.md.j2",
        "partials/plan/extra_top.md.j2": "plan/extra_top.md.j2",
        "partials/plan/risk_map.md.j2": "plan/risk_map.md.j2",
        "partials/plan/roadmap.md.j2": "plan/roadmap.md.j2",
        "partials/plan_table.md.j2": "shared/plan_table.md.j2",
        "partials/program/cadence.md.j2": "program/cadence.md.j2",
        "partials/program/header.md.j2": "program/header.md.j2",
        "partials/program/measures.md.j2": "program/measures.md.j2",
        "partials/program/people.md.j2": "program/people.md.j2",
        "partials/program/sessions.md.j2": "program/sessions.md.j2",
        "partials/program/skills.md.j2": "program/skills.md.j2",
        "partials/resource_table.md.j2": "shared/resource_table.md.j2",
        "partials/risk_table.md.j2": "shared/risk_table.md.j2",
        "partials/role/alignment.md.j2": "role/alignment.md.j2",
        "partials/role/coaching.md.j2": "role/coaching.md.j2",
        "partials/role/header.md.j2": "role/header.md.j2",
        "partials/role/milestones_risks.md.j2": "role/milestones_risks.md.j2",
        "partials/role/objectives.md.j2": "role/objectives.md.j2",
        "partials/role/roadmap.md.j2": "role/roadmap.md.j2",
        "partials/role/skills.md.j2": "role/skills.md.j2",
        "partials/skill.md.j2": "skills/skill.md.j2",
        "plan.md.j2": "plan/page.md.j2",
        "plans.md.j2": "plans/page.md.j2",
        "program.md.j2": "program/page.md.j2",
        "risks.md.j2": "risks/page.md.j2",
        "roadmap.md.j2": "roadmap/page.md.j2",
        "role.md.j2": "role/page.md.j2",
        "roles.md.j2": "roles/page.md.j2",
        "skills.md.j2": "skills/page.md.j2",
    }
)
"""Former template name -> the name the template has now."""

CURRENT_NAMES: Mapping[str, str] = MappingProxyType({new: old for old, new in FORMER_NAMES.items()})
"""Template name -> its former name."""

MACROS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "shared/alignment_panel.md.j2": ("alignment_panel", "panel"),
        "shared/milestone_table.md.j2": ("milestone_table", "milestones, with_objective, anchors"),
        "shared/objective_table.md.j2": ("objective_table", "objectives"),
        "shared/plan_table.md.j2": ("plan_table", "plans"),
        "shared/resource_table.md.j2": ("resource_table", "resources, with_objective"),
        "shared/risk_table.md.j2": ("risk_table", "risks, with_objective, anchors, cells=false"),
    }
)
"""The templates that define one macro: name -> (macro, its parameters, which the former table read as variables)."""

Source = tuple[str, str | None, Callable[[], bool] | None]


class SiteTemplates(jinja2.BaseLoader):
    """A site's template folder: a file under the current name, else under its former name (with a warning)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = jinja2.FileSystemLoader(str(folder))

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        try:
            return self.files.get_source(environment, template)
        except jinja2.TemplateNotFound:
            former = CURRENT_NAMES.get(template)
            if former is None:
                raise
        source, filename, uptodate = self.files.get_source(environment, former)
        log.warning(
            "%s: warning: the template `%s` is now named `%s`; rename the file (the former name still works)",
            filename,
            former,
            template,
        )
        if template in MACROS:
            macro, parameters = MACROS[template]
            source = f"{{% macro {macro}({parameters}) %}}{source.removesuffix(chr(10))}{{% endmacro %}}\n"
        return source, filename, uptodate


class FormerNames(jinja2.BaseLoader):
    """A former name a site template includes: the template now known by the new name (last in the chain)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        current = FORMER_NAMES.get(template)
        if current is None:
            raise jinja2.TemplateNotFound(template)
        log.warning("a site template includes `%s`, which is now named `%s`; include the new name", template, current)
        if current in MACROS:
            macro, parameters = MACROS[current]
            arguments = ", ".join(_argument(p) for p in parameters.split(", "))
            source = f'{{% from "{current}" import {macro} with context %}}{{{{ {macro}({arguments}) }}}}\n'
        else:
            source = f'{{% include "{current}" %}}'
        return source, None, lambda: True


def _argument(parameter: str) -> str:
    """The variable a former table read for ``parameter``, or the parameter's default where it is not set."""
    name, _, default = parameter.partition("=")
    return f"{name}=({name} if {name} is defined else {default})" if default else f"{name}={name}"
