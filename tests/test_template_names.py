"""Template overrides: the folder-per-page names, and the former flat names a site's folder may still use."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.model import Playbook
from generator.pipeline import load
from generator.rendering.environment import TEMPLATES_DIR, render_site
from generator.rendering.options import Options
from generator.rendering.template_names import FORMER_NAMES, MACROS

LOGGER = "generator.rendering.template_names"


@pytest.fixture(scope="module")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> Playbook:
    sys.path.insert(0, str(Path(__file__).parent))
    from test_site import write_site

    return load(write_site(tmp_path_factory.mktemp("site")) / "content").require()


def overrides(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "templates"


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def test_every_former_name_leads_to_a_built_in_template() -> None:
    built_in = {str(p.relative_to(TEMPLATES_DIR)) for p in TEMPLATES_DIR.rglob("*.md.j2")}
    assert set(FORMER_NAMES.values()) <= built_in
    assert not set(FORMER_NAMES) & built_in, "a former name is also a current one"
    assert set(MACROS) <= built_in
    assert not (TEMPLATES_DIR / "partials").exists()


def test_a_site_file_under_the_current_name_wins_without_a_warning(
    playbook: Playbook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = overrides(tmp_path, {"role/alignment.md.j2": '<p class="mine">{{ role.title }}</p>\n'})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        pages = render_site(playbook, Options(templates=folder))
    assert '<p class="mine">Developer</p>' in pages["roles/dev/index.md"]
    assert warnings(caplog) == []


def test_a_site_file_under_a_former_name_is_used_and_named_anew(
    playbook: Playbook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = overrides(tmp_path, {"partials/role/alignment.md.j2": '<p class="mine">{{ role.title }}</p>\n'})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        pages = render_site(playbook, Options(templates=folder))
    assert '<p class="mine">Developer</p>' in pages["roles/dev/index.md"]
    assert warnings(caplog) == [
        f"{folder / 'partials/role/alignment.md.j2'}: warning: the template `partials/role/alignment.md.j2` is now "
        "named `role/alignment.md.j2`; rename the file (the former name still works)"
    ]


def test_a_former_page_name_overrides_the_page(
    playbook: Playbook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = overrides(tmp_path, {"skills.md.j2": "<p class='mine'>{{ pb.skills | length }} skills</p>\n"})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        pages = render_site(playbook, Options(templates=folder))
    body = pages["skills/index.md"].split("---\n\n", 1)[1]
    assert body == f"<p class='mine'>{len(playbook.skills)} skills</p>\n"
    assert [m.split(": warning: ")[1] for m in warnings(caplog)] == [
        "the template `skills.md.j2` is now named `skills/page.md.j2`; rename the file (the former name still works)"
    ]


def test_a_former_shared_table_reads_the_macro_parameters_as_its_variables(
    playbook: Playbook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    table = (
        "{#- the site's own risk table -#}\n"
        '<ul class="mine" data-objective="{{ with_objective }}" data-cells="{{ cells is defined and cells }}">'
        "{% for risk in by_score(risks) %}<li>{{ risk.id }}</li>{% endfor %}</ul>\n"
    )
    folder = overrides(tmp_path, {"partials/risk_table.md.j2": table})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        pages = render_site(playbook, Options(templates=folder))
    plan = BeautifulSoup(pages["plans/plan-a/index.md"], "lxml").select("ul.mine")
    assert [(u["data-objective"], u["data-cells"], [li.text for li in u.select("li")]) for u in plan] == [
        ("yes", "yes", ["r2", "r3", "r1"])
    ]
    objective = BeautifulSoup(pages["objectives/obj-a/index.md"], "lxml").select("ul.mine")
    assert [(u["data-objective"], u["data-cells"], [li.text for li in u.select("li")]) for u in objective] == [
        ("no", "no", ["r2", "r1"])
    ]
    assert [m.split(": warning: ")[1] for m in warnings(caplog)] == [
        "the template `partials/risk_table.md.j2` is now named `shared/risk_table.md.j2`; rename the file "
        "(the former name still works)"
    ]


def test_a_site_page_that_includes_former_names_gets_the_current_templates(
    playbook: Playbook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = (
        "{% with objectives=plan.objectives %}{% include \"partials/objective_table.md.j2\" %}{% endwith %}"
        '{% include "partials/plan/extra_top.md.j2" %}'
    )
    folder = overrides(tmp_path, {"plan/page.md.j2": page, "plan/extra_top.md.j2": "<p class='top'>top</p>\n"})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        pages = render_site(playbook, Options(templates=folder))
    built_in = render_site(playbook)
    html = BeautifulSoup(pages["plans/plan-a/index.md"], "lxml")
    table = html.select_one("table.sb-objectives")
    assert table is not None
    assert str(table) == str(BeautifulSoup(built_in["plans/plan-a/index.md"], "lxml").select_one("table.sb-objectives"))
    assert [p.text for p in html.select("p.top")] == ["top"]
    assert warnings(caplog) == [
        "a site template includes `partials/objective_table.md.j2`, which is now named "
        "`shared/objective_table.md.j2`; include the new name",
        "a site template includes `partials/plan/extra_top.md.j2`, which is now named `plan/extra_top.md.j2`; "
        "include the new name",
    ]


def test_the_reference_lists_every_variable_a_page_receives() -> None:
    from generator.analysis.alignment import analyse
    from generator.pipeline import load
    from generator.rendering.environment import page_variables
    from generator.rendering.options import Links, Options
    from generator.rendering.pages import page_specs
    from generator.rendering.template_guide import PAGE_VARIABLES
    from generator.rendering.views import Order

    playbook = load(Path(__file__).resolve().parent.parent / "content").require()
    spec = page_specs(playbook)[0]
    given = page_variables(
        playbook, spec, Links(spec.path, Options()), sections=[], order=Order(playbook), alignment=analyse(playbook),
        marks={},
    )
    assert sorted(given) == sorted(PAGE_VARIABLES)
