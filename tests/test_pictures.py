"""Pictures: time-axis layout, roadmap geometry and markup, sparklines, heat map, progress bars, badges."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playbooks import write_playbook

from generator.model import Entity, KeyResult, Milestone, Objective, Playbook
from generator.pipeline import load
from generator.rendering.pictures import axis as axes
from generator.rendering.pictures import badges as badge_pictures
from generator.rendering.pictures import heatmap as heatmaps
from generator.rendering.pictures import progress as bars
from generator.rendering.pictures import roadmap as roadmaps
from generator.rendering.pictures import roadmap_layout as layouts
from generator.rendering.pictures import roadmap_table as roadmap_tables
from generator.rendering.pictures import sparkline as sparklines
from generator.rendering.pictures import sprite as sprites
from generator.rendering.pictures import status as statuses
from generator.rendering.pictures import svg as svgkit

NS = {"svg": svgkit.SVG_NS}
SVG = "{" + svgkit.SVG_NS + "}"
HOSTILE = '</svg><script>alert(1)</script> & "q" {{x}}'
CONTENT = Path(__file__).resolve().parent.parent / "content"


def url_for(entity: Entity) -> str:
    """What a renderer might do: objective pages, milestones as anchors on them, plans."""
    if isinstance(entity, Milestone):
        return f"../objectives/{entity.objective.id}/#{entity.id}"
    if isinstance(entity, Objective):
        return f"../objectives/{entity.id}/"
    return f"../plans/{entity.id}/"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    # A picture with links is a labelled group (an img's children are presentational, its links unreachable).
    assert root.get("role") == ("group" if any(True for _ in root.iter(SVG + "a")) else "img")
    assert root.get("aria-label")
    return root


def font_sizes(root: ET.Element) -> list[int]:
    return [svgkit.text_size(t.get("class", "")) for t in root.iter(SVG + "text")]


def load_playbook(root: Path, plans: str, playbook_yaml: str | None = None, coaching: str | None = None) -> Playbook:
    overrides: dict[str, str | None] = {"plans/p.yaml": textwrap.dedent(plans)}
    if playbook_yaml is not None:
        overrides["playbook.yaml"] = textwrap.dedent(playbook_yaml)
    if coaching is not None:
        overrides["coaching/c.yaml"] = textwrap.dedent(coaching)
    result = load(write_playbook(root, overrides))
    assert result.errors == []
    assert result.playbook is not None
    return result.playbook


# --------------------------------------------------------------------------- time axis

SPANS = [
    ("one quarter", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    ("half a year", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    ("one year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("straddling years", dt.date(2026, 10, 1), dt.date(2027, 3, 31)),
    ("two years", dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    ("three years", dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    ("five years", dt.date(2026, 1, 1), dt.date(2030, 12, 31)),
    ("ten years", dt.date(2026, 1, 1), dt.date(2035, 12, 31)),
    ("ten years, odd dates", dt.date(2026, 2, 15), dt.date(2036, 2, 14)),
]
WIDTHS = [240.0, 480.0, 800.0, 1440.0]


@pytest.mark.parametrize(("name", "start", "end"), SPANS, ids=[s[0] for s in SPANS])
@pytest.mark.parametrize("width", WIDTHS)
def test_axis_labels_never_overlap_and_stay_inside(name: str, start: dt.date, end: dt.date, width: float) -> None:
    axis = axes.time_axis(start, end, width, x0=100.0)
    assert axis.labels, "every span gets at least one label"
    assert any(label.row == "year" for label in axis.labels)
    for row in ("year", "quarter", "month"):
        labels = sorted((lab for lab in axis.labels if lab.row == row), key=lambda lab: lab.left)
        for label in labels:
            assert 100.0 <= label.left < label.right <= 100.0 + width
            assert label.right - label.left == pytest.approx(svgkit.text_width(label.text, axis.font_size))
            if label.anchor == "middle":
                assert label.x == pytest.approx((label.left + label.right) / 2)
        for before, after in itertools.pairwise(labels):
            assert after.left >= before.right + svgkit.LABEL_GAP - 1e-9, (before, after)


@pytest.mark.parametrize(("name", "start", "end"), SPANS, ids=[s[0] for s in SPANS])
def test_axis_has_a_tick_at_every_year_and_quarter_boundary(name: str, start: dt.date, end: dt.date) -> None:
    axis = axes.time_axis(start, end, 800.0)
    expected_quarters = [
        dt.date(y, m, 1)
        for y in range(start.year, end.year + 2)
        for m in (1, 4, 7, 10)
        if start <= dt.date(y, m, 1) <= end + dt.timedelta(days=1)
    ]
    ticks = {t.date: t for t in axis.ticks}
    assert [d for d in sorted(ticks) if d.day == 1 and d.month in (1, 4, 7, 10)] == expected_quarters
    for day in expected_quarters:
        assert ticks[day].kind == ("year" if day.month == 1 else "quarter")
        assert ticks[day].x == pytest.approx(axis.scale.x(day))
    xs = [t.x for t in axis.ticks]
    assert xs == sorted(xs)


def test_quarter_labels_name_the_quarter_under_them() -> None:
    axis = axes.time_axis(dt.date(2026, 1, 1), dt.date(2028, 12, 31), 864.0)
    quarters = [lab for lab in axis.labels if lab.row == "quarter"]
    assert [q.text for q in quarters] == ["Q1", "Q2", "Q3", "Q4"] * 3
    for label in quarters:
        day = axis.scale.start + dt.timedelta(days=int((label.x - axis.scale.x0) / axis.scale.width * axis.scale.days))
        assert label.text == f"Q{(day.month - 1) // 3 + 1}"
    assert [lab.text for lab in axis.labels if lab.row == "year"] == ["2026", "2027", "2028"]


def test_ten_years_on_a_narrow_axis_thins_years_and_drops_quarter_labels() -> None:
    axis = axes.time_axis(dt.date(2026, 1, 1), dt.date(2035, 12, 31), 240.0)
    years = [lab.text for lab in axis.labels if lab.row == "year"]
    assert years == ["2026", "2028", "2030", "2032", "2034"]  # every second year, at its tick
    assert all(lab.anchor == "start" for lab in axis.labels)
    assert not [lab for lab in axis.labels if lab.row == "quarter"]
    assert axis.rows == ("year",)
    # the quarter boundaries are still drawn, just not labelled
    assert sum(t.kind == "quarter" for t in axis.ticks) == 30


def test_ten_years_on_a_wide_axis_labels_every_year_and_quarter() -> None:
    axis = axes.time_axis(dt.date(2026, 1, 1), dt.date(2035, 12, 31), 1440.0)
    assert [lab.text for lab in axis.labels if lab.row == "year"] == [str(y) for y in range(2026, 2036)]
    assert len([lab for lab in axis.labels if lab.row == "quarter"]) == 40


def test_one_quarter_gets_month_labels() -> None:
    axis = axes.time_axis(dt.date(2026, 4, 1), dt.date(2026, 6, 30), 480.0)
    assert axis.rows == ("year", "quarter", "month")
    assert [lab.text for lab in axis.labels if lab.row == "month"] == ["Apr", "May", "Jun"]
    assert [lab.text for lab in axis.labels if lab.row == "quarter"] == ["Q2"]


def test_partial_edge_units_are_labelled_only_when_the_label_fits_inside() -> None:
    # 2026 is only 15 days of a ten-year axis: far too narrow for "2026"
    axis = axes.time_axis(dt.date(2026, 12, 17), dt.date(2036, 12, 16), 1440.0)
    years = [lab.text for lab in axis.labels if lab.row == "year"]
    assert "2026" not in years
    assert years[0] == "2027"


def test_axis_rejects_a_reversed_span() -> None:
    with pytest.raises(ValueError, match="ends"):
        axes.time_axis(dt.date(2027, 1, 1), dt.date(2026, 1, 1), 400.0)


def test_text_width_is_conservative_and_grows_with_size() -> None:
    assert svgkit.text_width("2026", 12) >= 4 * 0.556 * 12  # Arial/Helvetica digit advance
    assert svgkit.text_width("Q1", 11) >= (0.778 + 0.556) * 11  # "Q" is the widest capital used
    assert svgkit.text_width("WWW", 12) > svgkit.text_width("iii", 12)
    assert svgkit.text_width("界", 12) > svgkit.text_width("a", 12)


# --------------------------------------------------------------------------- roadmap

GEOMETRY_PLAN = """\
    id: plan1
    title: Plan
    pillar: p1
    owner: lead
    period: {start: 2026-01-01, end: 2027-12-31}
    objectives:
      - id: o1
        title: First year
        owner: lead
        period: {start: 2026-01-01, end: 2026-12-31}
        key_results:
          - {id: kr1, title: KR, baseline: 0, target: 10, current: 5}
        milestones:
          - {id: m-planned-late, title: Planned late, due: 2026-03-01}
          - {id: m-done-early, title: Done early, due: 2026-03-02, status: done}
          - {id: m-blocked-late, title: Blocked late, due: 2026-04-01, status: blocked}
          - {id: m-cancelled-early, title: Cancelled early, due: 2026-04-02, status: cancelled}
          - {id: m-due-today, title: Due today, due: 2026-06-01, status: in-progress}
          - {id: m-blocked, title: Blocked later, due: 2026-09-01, status: blocked, depends_on: [m-planned-late]}
          - {id: m-in-progress, title: In progress, due: 2026-10-01, status: in-progress}
          - {id: m-planned, title: Planned, due: 2026-12-01, depends_on: [m-in-progress]}
      - id: o2
        title: Second year
        owner: lead
        period: {start: 2027-01-01, end: 2027-12-31}
        key_results:
          - {id: kr2, title: KR, baseline: 100, target: 50, current: 200}
        milestones:
          - {id: m-next, title: Next, due: 2027-06-30, depends_on: [m-planned, m-done-early]}
"""


@pytest.fixture
def geometry(tmp_path: Path) -> Playbook:
    return load_playbook(tmp_path, GEOMETRY_PLAN)


def test_bar_geometry_follows_dates(geometry: Playbook) -> None:
    # 730 days on 730 px: one pixel per day
    layout = layouts.roadmap_layout(geometry.objectives, geometry.as_of, timeline_width=730.0)
    x0 = layout.axis.scale.x0
    assert (layout.axis.scale.start, layout.axis.scale.end) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    first, second = layout.bars
    assert first.x == pytest.approx(x0)
    assert first.width == pytest.approx(365.0)
    assert first.fill_width == pytest.approx(182.5)  # 50 % of the key result
    assert second.x == pytest.approx(x0 + 365.0)
    assert second.width == pytest.approx(365.0)
    assert second.progress == 0.0  # going the wrong way on a reduction: clamped to 0
    assert second.fill_width == 0.0
    marker = next(m for m in layout.markers if m.milestone.id == "m-blocked")
    assert marker.x == pytest.approx(x0 + 243.5)  # 2026-09-01 is day 243; the marker sits mid-day
    assert layout.as_of_x == pytest.approx(x0 + 151.0)  # as_of 2026-06-01

    root = parse(roadmaps.roadmap_svg(geometry.objectives, as_of=geometry.as_of, url_for=url_for, timeline_width=730.0))
    bar = root.find(".//svg:a[@data-objective='o1'][@class]", NS)
    assert bar is not None
    bars = [a for a in root.iter(SVG + "a") if "sb-rm-bar" in a.get("class", "").split()]
    track = bars[0].find("svg:rect[@class='sb-rm-bar-track']", NS)
    fill = bars[0].find("svg:rect[@class='sb-rm-bar-fill']", NS)
    assert track is not None
    assert fill is not None
    assert (track.get("x"), track.get("width")) == (svgkit.coord(x0), "365")
    assert fill.get("width") == "182.5"
    assert bars[1].find("svg:rect[@class='sb-rm-bar-fill']", NS) is None  # nothing to fill
    # Whole coordinates are written without ".0"; the text's size is the stylesheet's, not an attribute.
    percent = bars[0].find("svg:text", NS)
    assert percent is not None
    assert ET.tostring(percent, encoding="unicode").split(">", 1)[0].endswith(
        f'x="{svgkit.coord(x0 + 370)}" y="{svgkit.coord(float(track.get("y", "")) + 11)}" class="sb-rm-percent"'
    )


def test_coordinates_are_written_short() -> None:
    assert [svgkit.coord(v) for v in (324.0, 233.46, -0.04, -3.0, 0.0, 12.25, 1e-9)] == [
        "324", "233.5", "0", "-3", "0", "12.2", "0",
    ]
    assert svgkit.text_element(20.0, 93.5, "Plans", "sb-rm-pillar-title", svgkit.HEADER_FONT_SIZE) == (
        '<text x="20" y="93.5" class="sb-rm-pillar-title">Plans</text>'
    )
    assert svgkit.text_element(404.4, 45.0, "2026", "sb-rm-axis-label sb-rm-axis-year", anchor="middle") == (
        '<text x="404.4" y="45" class="sb-rm-axis-label sb-rm-axis-year">2026</text>'
    )


def test_a_short_span_is_widened_to_whole_quarters_and_to_every_item(geometry: Playbook) -> None:
    start, end = layouts.roadmap_span(geometry.objectives, (dt.date(2026, 2, 10), dt.date(2026, 5, 5)))
    assert (start, end) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    objective = geometry.objectives[0]
    assert layouts.roadmap_span([objective]) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_marker_kinds_and_late_detection_against_as_of(geometry: Playbook) -> None:
    as_of = geometry.as_of
    assert as_of == dt.date(2026, 6, 1)
    kinds = {m.id: statuses.milestone_kind(m, as_of).value for m in geometry.milestones}
    assert kinds == {
        "m-planned-late": "late",
        "m-done-early": "done",
        "m-blocked-late": "late",
        "m-cancelled-early": "cancelled",
        "m-due-today": "in-progress",  # due on as_of is not late yet
        "m-blocked": "blocked",
        "m-in-progress": "in-progress",
        "m-planned": "planned",
        "m-next": "planned",
    }
    # the same milestones judged on another day
    early = {m.id: statuses.milestone_kind(m, dt.date(2026, 1, 1)).value for m in geometry.milestones}
    assert early["m-planned-late"] == "planned"
    assert early["m-blocked-late"] == "blocked"
    late = {m.id: statuses.milestone_kind(m, dt.date(2028, 1, 1)).value for m in geometry.milestones}
    assert late["m-next"] == "late"
    assert late["m-done-early"] == "done"
    assert late["m-cancelled-early"] == "cancelled"

    root = parse(roadmaps.roadmap_svg(geometry.objectives, as_of=as_of, url_for=url_for))
    drawn = {a.get("data-milestone"): a.get("data-kind") for a in root.iter(SVG + "a") if a.get("data-milestone")}
    assert drawn == kinds
    late_marker = root.find(".//svg:a[@data-milestone='m-planned-late']", NS)
    assert late_marker is not None
    assert "sb-status-late" in (late_marker.get("class") or "").split()
    title = late_marker.find("svg:title", NS)
    assert title is not None
    assert title.text == "Planned late — Late (planned); due 2026-03-01; objective: First year"


def test_every_marker_kind_has_its_own_shape() -> None:
    shapes = {statuses.status_style(kind.value).shape for kind in statuses.MarkerKind}
    assert len(shapes) == len(statuses.MarkerKind)
    objective_statuses = ("not-started", "on-track", "at-risk", "off-track", "done")
    objective_shapes = {statuses.status_style(s).shape for s in objective_statuses}
    assert len(objective_shapes) == 5


def test_dependency_arrows_join_drawn_milestones_only(geometry: Playbook) -> None:
    layout = layouts.roadmap_layout(geometry.objectives, geometry.as_of)
    pairs = sorted((a.source.id, a.target.id) for a in layout.arrows)
    assert pairs == [
        ("m-done-early", "m-next"),
        ("m-in-progress", "m-planned"),
        ("m-planned", "m-next"),
        ("m-planned-late", "m-blocked"),
    ]
    root = parse(roadmaps.roadmap_svg(geometry.objectives, as_of=geometry.as_of, url_for=url_for))
    assert len(root.findall(".//svg:path[@class='sb-rm-dep']", NS)) == 4
    # a roadmap of the second objective alone cannot draw arrows from the first
    alone = layouts.roadmap_layout(geometry.objectives[1:], geometry.as_of)
    assert alone.arrows == ()
    assert [m.milestone.id for m in alone.markers] == ["m-next"]


def test_arrowheads_end_at_the_target_marker(geometry: Playbook) -> None:
    layout = layouts.roadmap_layout(geometry.objectives, geometry.as_of)
    markers = {m.milestone.id: m for m in layout.markers}
    for arrow in layout.arrows:
        target = markers[arrow.target.id]
        tip_x, tip_y = (float(v) for v in arrow.head.split(" ")[0].split(","))
        assert abs(tip_x - target.x) <= layouts.MARKER_RADIUS + 1.1
        assert abs(tip_y - target.y) <= layouts.MARKER_RADIUS + 1.1


def test_roadmap_links_and_tooltips(geometry: Playbook) -> None:
    root = parse(roadmaps.roadmap_svg(geometry.objectives, as_of=geometry.as_of, url_for=url_for))
    links = root.findall(".//svg:a", NS)
    # Every link but an objective's label (its text names it; its bar carries the tooltip) has a tooltip.
    labels = [a for a in links if a.get("class") == "sb-rm-objective-label"]
    assert [a.get("data-objective") for a in labels] == ["o1", "o2"]
    assert all(a.find("svg:title", NS) is not None for a in links if a not in labels)
    bars = [a for a in links if "sb-rm-bar" in (a.get("class") or "").split()]
    assert [(a.get("href"), a.get("data-objective")) for a in bars] == [
        ("../objectives/o1/", "o1"),
        ("../objectives/o2/", "o2"),
    ]
    markers = [a for a in links if a.get("data-milestone")]
    assert {a.get("href") for a in markers} == {url_for(m) for m in geometry.milestones}
    plans = [a for a in links if a.get("class") == "sb-rm-plan"]
    assert [a.get("href") for a in plans] == ["../plans/plan1/"]
    bar_title = bars[0].find("svg:title", NS)
    assert bar_title is not None
    status = geometry.objectives[0].effective_status.value
    assert f"sb-status-{status}" in (bars[0].get("class") or "").split()
    assert bar_title.text == (
        f"First year — {statuses.status_style(status).label} (derived); 2026-01-01 to 2026-12-31; "
        "progress 50 %; plan: Plan"
    )
    as_of = root.find(".//svg:g[@class='sb-rm-as-of']/svg:text", NS)
    assert as_of is not None
    assert as_of.text == "as of 2026-06-01"


def test_as_of_outside_the_span_draws_no_line(geometry: Playbook) -> None:
    svg = roadmaps.roadmap_svg(geometry.objectives, as_of=dt.date(2030, 1, 1), url_for=url_for)
    assert parse(svg).find(".//svg:g[@class='sb-rm-as-of']", NS) is None


def test_roadmap_height_grows_by_one_row_per_objective(tmp_path: Path) -> None:
    def plan(count: int, plans: int = 1) -> str:
        lines = ["- id: plan1", "  title: Plan", "  pillar: p1", "  owner: lead",
                 "  period: {start: 2026-01-01, end: 2026-12-31}", "  objectives:"]
        lines += [f"    - {{id: o{i}, title: Objective {i}, owner: lead}}" for i in range(1, count + 1)]
        if plans == 2:
            lines += ["- id: plan2", "  title: Plan 2", "  pillar: p1", "  owner: lead",
                      "  period: {start: 2026-01-01, end: 2026-12-31}", "  objectives:",
                      "    - {id: extra, title: Extra, owner: lead}"]
        return "\n".join(lines) + "\n"

    heights = []
    for count in (1, 2, 10):
        playbook = load_playbook(tmp_path / f"n{count}", plan(count))
        heights.append(layouts.roadmap_layout(playbook.objectives, playbook.as_of).height)
    assert heights[1] - heights[0] == layouts.ROW_HEIGHT
    assert heights[2] - heights[0] == 9 * layouts.ROW_HEIGHT
    two_plans = load_playbook(tmp_path / "two", plan(1, plans=2))
    assert layouts.roadmap_layout(two_plans.objectives, two_plans.as_of).height - heights[0] == (
        layouts.PLAN_HEIGHT + layouts.ROW_HEIGHT
    )
    root = parse(roadmaps.roadmap_svg(two_plans.objectives, as_of=two_plans.as_of, url_for=url_for))
    layout = layouts.roadmap_layout(two_plans.objectives, two_plans.as_of)
    assert root.get("height") == str(int(layout.height + 0.999))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_roadmap_of_nothing_is_empty() -> None:
    assert roadmaps.roadmap_svg([], as_of=dt.date(2026, 1, 1), url_for=url_for) == ""


def test_roadmap_is_deterministic(tmp_path: Path) -> None:
    first = load_playbook(tmp_path / "a", GEOMETRY_PLAN)
    second = load_playbook(tmp_path / "b", GEOMETRY_PLAN)
    assert roadmaps.roadmap_svg(first.objectives, as_of=first.as_of, url_for=url_for) == roadmaps.roadmap_svg(
        second.objectives, as_of=second.as_of, url_for=url_for
    )


def test_roadmap_rows_carry_the_same_information(geometry: Playbook) -> None:
    rows = roadmap_tables.roadmap_rows(geometry.objectives, geometry.as_of)
    assert [(r.kind, r.entity.id) for r in rows][:3] == [
        ("objective", "o1"),
        ("milestone", "m-planned-late"),
        ("milestone", "m-done-early"),
    ]
    assert sum(r.kind == "objective" for r in rows) == 2
    assert sum(r.kind == "milestone" for r in rows) == 9
    late = next(r for r in rows if r.entity.id == "m-blocked-late")
    assert (late.status, late.status_label, late.start, late.end) == (
        "late", "Late (blocked)", None, dt.date(2026, 4, 1)
    )
    markup = roadmap_tables.roadmap_table(geometry.objectives, as_of=geometry.as_of, url_for=url_for)
    table = BeautifulSoup(markup, "lxml")
    body = table.select("tbody tr")
    assert len(body) == 11
    nxt = table.select_one("tr[data-id='m-next']")
    assert nxt is not None
    cells = [td.get_text(" ", strip=True) for td in nxt.find_all("td")]
    assert cells == ["Pillar", "Plan", "↳ Next", "", "2027-06-30", "Planned", "", "Planned , Done early"]
    assert [a["href"] for a in nxt.find_all("a")] == [
        "../objectives/o2/#m-next", "../objectives/o1/#m-planned", "../objectives/o1/#m-done-early"
    ]


# --------------------------------------------------------------------------- escaping

HOSTILE_PLAYBOOK = f"""\
    title: T
    vision: V
    horizon: {{start: 2026-01-01, end: 2026-12-31}}
    as_of: 2026-06-01
    pillars:
      - id: p1
        title: '{HOSTILE.replace("'", "''")} pillar'
"""
HOSTILE_PLAN = f"""\
    id: plan1
    title: '{HOSTILE.replace("'", "''")} plan'
    pillar: p1
    owner: lead
    period: {{start: 2026-01-01, end: 2026-12-31}}
    objectives:
      - id: o1
        title: '{HOSTILE.replace("'", "''")}'
        owner: lead
        key_results:
          - id: kr1
            title: '{HOSTILE.replace("'", "''")} kr'
            unit: '<b>&'
            baseline: 0
            target: 10
            current: 4
            history:
              - {{date: 2026-02-01, value: 1}}
              - {{date: 2026-05-01, value: 4}}
        milestones:
          - id: m1
            title: '{HOSTILE.replace("'", "''")} ms'
            due: 2026-03-01
          - id: m2
            title: 'second ms'
            due: 2026-04-01
            depends_on: [m1]
        risks:
          - id: r1
            title: '{HOSTILE.replace("'", "''")} risk'
            likelihood: 4
            impact: 5
            mitigation: M
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Playbook:
    return load_playbook(tmp_path, HOSTILE_PLAN, playbook_yaml=HOSTILE_PLAYBOOK)


def all_text(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter() if t.tag in (SVG + "title", SVG + "text")]


def test_hostile_titles_are_escaped_and_intact_in_the_roadmap(hostile: Playbook) -> None:
    svg = roadmaps.roadmap_svg(hostile.objectives, as_of=hostile.as_of, url_for=url_for, label=HOSTILE)
    assert "<script" not in svg
    assert "{{" not in svg
    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    texts = all_text(root)
    assert f"{HOSTILE} — At risk (derived); 2026-01-01 to 2026-12-31; progress 40 %; plan: {HOSTILE} plan" in texts
    assert f"{HOSTILE} ms — Late (planned); due 2026-03-01; objective: {HOSTILE}" in texts
    # A dependency arrow is drawn only; the milestone's tooltip says what it comes after.
    assert any(t.startswith("second ms — ") and f"; after {HOSTILE} ms;" in t for t in texts)
    assert f"Plan: {HOSTILE} plan — Active" in texts
    label = root.find(".//svg:a[@class='sb-rm-objective-label']", NS)
    assert label is not None
    assert " ".join(t.text or "" for t in label.iter(SVG + "text")) == HOSTILE  # wrapped on two lines, intact
    assert root.get("aria-label", "").startswith(HOSTILE + ": 1 objective and 2 milestones")
    # the pillar header is cut to fit, but what is shown is the literal text
    pillar = root.find(".//svg:text[@class='sb-rm-pillar-title']", NS)
    assert pillar is not None
    assert pillar.text == f"{HOSTILE} pillar"


def test_hostile_titles_are_escaped_in_the_other_pictures(hostile: Playbook) -> None:
    key_result = hostile.key_results[0]
    spark = sparklines.sparkline_svg(key_result)
    assert "<script" not in spark
    assert parse(spark).get("aria-label") == (
        f"Trend of {HOSTILE} kr: 1 <b>& on 2026-02-01 to 4 <b>& on 2026-05-01; target 10 <b>&"
    )
    heat = heatmaps.heat_map_svg(hostile.risks)
    assert "<script" not in heat
    cell = parse(heat).find(".//svg:a[@data-likelihood='4'][@data-impact='5']/svg:title", NS)
    assert cell is not None
    assert cell.text == f"Likelihood 4 × impact 5 (score 20): 1 risk: {HOSTILE} risk"
    html = {
        "progress": bars.key_result_progress(key_result),
        "badge": badge_pictures.status_badge("on-track", label=HOSTILE, tooltip=HOSTILE),
        "table": roadmap_tables.roadmap_table(hostile.objectives, as_of=hostile.as_of, url_for=url_for),
        "figure": svgkit.figure(spark, HOSTILE),
    }
    for markup in html.values():
        assert "<script" not in markup
        assert "{{" not in markup
        assert BeautifulSoup(markup, "lxml").find("script") is None
    progress = BeautifulSoup(html["progress"], "lxml").select_one(".sb-progress")
    assert progress is not None
    assert progress["aria-label"] == f"Progress of {HOSTILE} kr"
    assert progress.get_text() == "40 % · 4 <b>& (0 → 10)"
    badge = BeautifulSoup(html["badge"], "lxml").select_one(".sb-badge")
    assert badge is not None
    assert (badge.get_text(), badge["title"]) == (HOSTILE, HOSTILE)
    cells = [td.get_text() for td in BeautifulSoup(html["table"], "lxml").select("tr[data-id='o1'] td")]
    assert cells[:3] == [f"{HOSTILE} pillar", f"{HOSTILE} plan", HOSTILE]
    caption = BeautifulSoup(html["figure"], "lxml").select_one("figcaption")
    assert caption is not None
    assert caption.get_text() == HOSTILE


def test_escape_replaces_characters_xml_forbids() -> None:
    text = "a\x01b\x0bc <&> {x}"
    assert ET.fromstring(f"<t>{svgkit.escape(text)}</t>").text == "a\ufffdb\ufffdc <&> {x}"


# --------------------------------------------------------------------------- readability at 300 objectives


def big_plans(plans: int, per_plan: int, years: int = 5) -> str:
    """``plans`` plans of ``per_plan`` objectives with chained and cross-objective milestones."""
    out: list[str] = []
    counter = itertools.count()
    for p in range(plans):
        start = dt.date(2026, 1 + (p % 4) * 3, 1)
        end = dt.date(2026 + years - 1 - p % 2, 12, 31)
        out += [
            f"- id: plan-{p}",
            f"  title: Plan number {p} with a fairly long descriptive title to test wrapping",
            f"  pillar: p{p % 3 + 1}",
            "  owner: lead",
            f"  period: {{start: {start}, end: {end}}}",
            "  objectives:",
        ]
        for _ in range(per_plan):
            n = next(counter)
            o_start = start + dt.timedelta(days=(n * 37) % 500)
            o_end = min(end, o_start + dt.timedelta(days=200 + (n * 53) % 900))
            out += [
                f"    - id: obj-{n}",
                f"      title: Objective {n} reduce the time it takes carriers to plan a day by a large margin",
                "      owner: lead",
                f"      period: {{start: {o_start}, end: {o_end}}}",
                "      key_results:",
                f"        - {{id: kr-{n}, title: KR {n}, baseline: 0, target: 100, current: {(n * 17) % 130}}}",
                "      milestones:",
            ]
            span = (o_end - o_start).days
            for k in range(3):
                due = o_start + dt.timedelta(days=span * (k + 1) // 4)
                status = ("done", "in-progress", "planned", "blocked", "cancelled")[(n + k) % 5]
                if k:
                    deps = f", depends_on: [ms-{n}-{k - 1}]"
                else:  # now and then a dependency on the previous objective
                    deps = f", depends_on: [ms-{n - 1}-0]" if n % 7 == 1 else ""
                out.append(
                    f"        - {{id: ms-{n}-{k}, title: Milestone {n}.{k}, due: {due}, status: {status}{deps}}}"
                )
    return "\n".join(out) + "\n"


BIG_PLAYBOOK = """\
    title: Big
    vision: V
    horizon: {start: 2026-01-01, end: 2030-12-31}
    as_of: 2027-05-15
    pillars:
      - {id: p1, title: Customers}
      - {id: p2, title: Product}
      - {id: p3, title: People}
"""
PROGRAM = """\
    id: prog
    title: Prog
    purpose: Why
    audience: [dev]
    supports: [obj-0]
"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Playbook:
    root = tmp_path_factory.mktemp("big")
    return load_playbook(root, big_plans(20, 15), playbook_yaml=BIG_PLAYBOOK, coaching=PROGRAM)


def test_three_hundred_objectives_stay_readable(big: Playbook) -> None:
    assert len(big.objectives) == 300
    layout = layouts.roadmap_layout(big.objectives, big.as_of)
    objective_lanes = [lane for lane in layout.lanes if lane.kind == "objective"]
    assert len(objective_lanes) == 300
    assert {lane.height for lane in objective_lanes} == {layouts.ROW_HEIGHT}
    # lanes tile the body without gaps or overlaps
    for before, after in itertools.pairwise(layout.lanes):
        assert after.y == pytest.approx(before.y + before.height)
    assert layout.lanes[0].y == layout.body_top
    assert layout.lanes[-1].y + layout.lanes[-1].height == pytest.approx(layout.body_bottom)
    # each bar and each marker sits inside its own lane
    for lane, bar in zip(objective_lanes, layout.bars, strict=True):
        assert bar.objective is lane.entity
        assert lane.y < bar.y
        assert bar.y + bar.height < lane.y + lane.height
    lane_of = {lane.entity.id: lane for lane in objective_lanes}
    for marker in layout.markers:
        lane = lane_of[marker.milestone.objective.id]
        assert lane.y <= marker.y - layouts.MARKER_RADIUS - 2.5
        assert marker.y + layouts.MARKER_RADIUS + 2.5 <= lane.y + lane.height
    # labels: at most two lines, each fits the label column
    for lane in objective_lanes:
        assert 1 <= len(lane.lines) <= 2
        assert all(svgkit.text_width(line) <= layouts.LABEL_COLUMN - 32 for line in lane.lines)
    # the size grows with content, the width does not
    assert layout.height > 300 * layouts.ROW_HEIGHT
    assert layout.width <= layouts.PAD * 3 + layouts.LABEL_COLUMN + layouts.MAX_TIMELINE + layouts.PERCENT_GUTTER
    # legend entries do not overlap
    for row in {item.y for item in layout.legend}:
        items = sorted((i for i in layout.legend if i.y == row), key=lambda i: i.x)
        for left, right in itertools.pairwise(items):
            assert right.x >= left.x + 30 + svgkit.text_width(left.text, svgkit.MIN_FONT_SIZE)


def test_three_hundred_objectives_svg(big: Playbook) -> None:
    svg = roadmaps.roadmap_svg(big.objectives, as_of=big.as_of, url_for=url_for, span=(dt.date(2026, 1, 1),
                                                                                dt.date(2030, 12, 31)))
    root = parse(svg)
    assert min(font_sizes(root)) >= svgkit.MIN_FONT_SIZE
    bars = [a for a in root.iter(SVG + "a") if "sb-rm-bar" in (a.get("class") or "").split()]
    assert len(bars) == 300
    markers = [a for a in root.iter(SVG + "a") if a.get("data-milestone")]
    assert len(markers) == 900
    # objective labels never overlap vertically
    label_lines = sorted(
        float(t.get("y", "0"))
        for a in root.iter(SVG + "a") if a.get("class") == "sb-rm-objective-label"
        for t in a.iter(SVG + "text")
    )
    for before, after in itertools.pairwise(label_lines):
        assert after - before >= svgkit.FONT_SIZE


# --------------------------------------------------------------------------- font sizes everywhere


def test_no_text_below_the_minimum_font_size(geometry: Playbook, hostile: Playbook) -> None:
    pictures = [
        roadmaps.roadmap_svg(geometry.objectives, as_of=geometry.as_of, url_for=url_for),
        roadmaps.roadmap_svg(hostile.objectives, as_of=hostile.as_of, url_for=url_for),
        heatmaps.heat_map_svg(hostile.risks),
    ]
    for svg in pictures:
        sizes = font_sizes(parse(svg))
        assert sizes
        assert min(sizes) >= svgkit.MIN_FONT_SIZE


# --------------------------------------------------------------------------- sparkline

ONE_OBJECTIVE_PLAN = """\
    id: plan1
    title: Plan
    pillar: p1
    owner: lead
    period: {start: 2026-01-01, end: 2026-12-31}
    objectives:
      - id: o1
        title: Obj
        owner: lead
"""
"""A plan with one objective, whose key results or risks each test appends (indented as they are here)."""

SPARK_PLAN = ONE_OBJECTIVE_PLAN + """\
        key_results:
          - id: up
            title: Up
            baseline: 0
            target: 60
            current: 27
            history:
              - {date: 2026-06-30, value: 12}
              - {date: 2026-03-31, value: 5}
              - {date: 2026-09-30, value: 27}
          - id: down
            title: Down
            unit: days
            baseline: 94
            target: 60
            current: 79
            history:
              - {date: 2026-03-31, value: 92}
              - {date: 2026-09-30, value: 79}
          - id: single
            title: Single
            baseline: 0
            target: 10
            history:
              - {date: 2026-03-31, value: 3}
          - id: flat
            title: Flat
            baseline: 0
            target: 5
            history:
              - {date: 2026-03-31, value: 5}
              - {date: 2026-04-30, value: 5}
          - id: none
            title: None
            baseline: 0
            target: 5
"""


@pytest.fixture
def sparks(tmp_path: Path) -> dict[str, KeyResult]:
    playbook = load_playbook(tmp_path, SPARK_PLAN)
    return {kr.id: kr for kr in playbook.key_results}


def spark_parts(svg: str) -> tuple[float, list[tuple[float, float]], ET.Element]:
    root = parse(svg)
    target = root.find("svg:line[@class='sb-spark-target']", NS)
    assert target is not None
    assert target.get("y1") == target.get("y2")
    points = [
        (float(c.get("cx", "nan")), float(c.get("cy", "nan")))
        for c in root.iter(SVG + "circle")
    ]
    return float(target.get("y1", "nan")), points, root


def test_sparkline_draws_history_in_date_order_with_the_target(sparks: dict[str, KeyResult]) -> None:
    target_y, points, root = spark_parts(sparklines.sparkline_svg(sparks["up"]))
    assert len(points) == 3
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)  # rising values climb (smaller y)
    assert target_y < min(ys)  # the target is above every value
    assert 0 <= target_y <= sparklines.SPARK_HEIGHT
    polyline = root.find("svg:polyline", NS)
    assert polyline is not None
    assert len((polyline.get("points") or "").split()) == 3
    titles = [t.text for t in root.iter(SVG + "title")]
    assert titles == ["Target: 60", "2026-03-31: 5", "2026-06-30: 12", "2026-09-30: 27"]


def test_sparkline_of_a_reduction_has_the_target_below(sparks: dict[str, KeyResult]) -> None:
    target_y, points, root = spark_parts(sparklines.sparkline_svg(sparks["down"]))
    assert target_y > max(y for _, y in points)
    assert "sb-spark-reduction" in (root.get("class") or "").split()
    assert root.get("aria-label") == "Trend of Down: 92 days on 2026-03-31 to 79 days on 2026-09-30; target 60 days"


def test_sparkline_of_one_point_and_of_equal_values(sparks: dict[str, KeyResult]) -> None:
    target_y, points, root = spark_parts(sparklines.sparkline_svg(sparks["single"]))
    assert len(points) == 1
    assert points[0][0] == sparklines.SPARK_WIDTH / 2
    assert 0 < points[0][1] < sparklines.SPARK_HEIGHT
    assert root.find("svg:polyline", NS) is None
    target_y, points, _ = spark_parts(sparklines.sparkline_svg(sparks["flat"]))
    for x, y in points:
        assert 0 <= x <= sparklines.SPARK_WIDTH
        assert 0 < y < sparklines.SPARK_HEIGHT
        assert y == pytest.approx(target_y)  # value equals target: on the line
    assert sparklines.sparkline_svg(sparks["none"]) == ""


# --------------------------------------------------------------------------- heat map

RISK_PLAN = ONE_OBJECTIVE_PLAN + """\
        risks:
          - {id: ra, title: A, likelihood: 4, impact: 5, mitigation: m}
          - {id: rb, title: B, likelihood: 4, impact: 5, mitigation: m}
          - {id: rc, title: C, likelihood: 1, impact: 1}
          - {id: rd, title: D, likelihood: 2, impact: 3, status: closed}
"""


def test_heat_map_counts_and_links(tmp_path: Path) -> None:
    playbook = load_playbook(tmp_path, RISK_PLAN)
    cells = heatmaps.risks_by_cell(playbook.risks)
    assert len(cells) == 25
    assert next(iter(cells)) == (5, 1)
    assert [r.id for r in cells[(4, 5)]] == ["ra", "rb"]
    assert cells[(3, 3)] == ()

    root = parse(heatmaps.heat_map_svg(playbook.risks))
    groups = [e for e in root.iter() if e.get("data-count") is not None]
    assert len(groups) == 25
    counts = {(int(e.get("data-likelihood", 0)), int(e.get("data-impact", 0))): int(e.get("data-count", 0))
              for e in groups}
    assert counts[(4, 5)] == 2
    assert counts[(1, 1)] == 1
    assert counts[(2, 3)] == 1
    assert sum(counts.values()) == 4
    links = {a.get("href") for a in root.iter(SVG + "a")}
    assert links == {"#risk-cell-4-5", "#risk-cell-1-1", "#risk-cell-2-3"}
    shown = {
        (int(e.get("data-likelihood", 0)), int(e.get("data-impact", 0))): e.find("svg:text", NS)
        for e in groups
    }
    text = shown[(4, 5)]
    assert text is not None
    assert text.text == "2"
    band = next(e for e in groups if e.get("data-likelihood") == "4" and e.get("data-impact") == "5")
    assert "sb-heat-critical" in (band.get("class") or "").split()
    assert heatmaps.heat_band(1, 4) == "low"
    assert heatmaps.heat_band(1, 5) == "medium"
    assert heatmaps.heat_band(2, 5) == "high"
    assert heatmaps.heat_band(3, 5) == "critical"

    custom = parse(heatmaps.heat_map_svg(playbook.risks, url_for_cell=lambda lik, imp: f"/risks/#cell-{lik}{imp}"))
    assert {a.get("href") for a in custom.iter(SVG + "a")} == {"/risks/#cell-45", "/risks/#cell-11", "/risks/#cell-23"}


# --------------------------------------------------------------------------- progress bars and badges

PROGRESS_PLAN = ONE_OBJECTIVE_PLAN + """\
        key_results:
          - {id: reduction, title: Cycle, unit: days, baseline: 94, target: 60, current: 79}
          - {id: beyond, title: Beyond, baseline: 0, target: 60, current: 75}
          - {id: behind, title: Behind, baseline: 100, target: 50, current: 110}
          - {id: unmeasured, title: Unmeasured, baseline: 0, target: 1}
          - {id: fraction, title: Fraction, unit: '%', baseline: 0.5, target: 1.25, current: 0.875}
"""


def progress_of(html: str) -> tuple[dict[str, str], str | None, str]:
    soup = BeautifulSoup(html, "lxml")
    bar = soup.select_one(".sb-progress")
    assert bar is not None
    fill = bar.select_one(".sb-progress-track > span")
    text = bar.select_one(".sb-progress-track + span")
    assert text is not None
    attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in bar.attrs.items()}
    style = fill.get("style") if fill else None
    return attrs, (str(style) if style is not None else None), text.get_text()


def test_progress_bars_are_right_for_reductions_and_beyond_target(tmp_path: Path) -> None:
    playbook = load_playbook(tmp_path, PROGRESS_PLAN)
    krs = {kr.id: kr for kr in playbook.key_results}

    attrs, style, text = progress_of(bars.key_result_progress(krs["reduction"]))
    assert text == "44 % · 79 days (94 → 60)"
    assert style == "width:44.1%"
    assert attrs["aria-valuenow"] == "44"
    assert "sb-progress-reduction" in attrs["class"].split()

    attrs, style, text = progress_of(bars.key_result_progress(krs["beyond"]))
    assert text == "125 % · 75 (0 → 60)"
    assert style == "width:100%"
    assert attrs["aria-valuenow"] == "100"
    assert "sb-progress-beyond" in attrs["class"].split()

    attrs, style, text = progress_of(bars.key_result_progress(krs["behind"]))
    assert text == "-20 % · 110 (100 → 50)"
    assert style == "width:0%"
    assert "sb-progress-behind" in attrs["class"].split()

    attrs, style, text = progress_of(bars.key_result_progress(krs["unmeasured"]))
    assert text == "no current value · 1 targeted (0 → 1)"
    assert style is None
    assert "aria-valuenow" not in attrs
    assert "sb-progress-none" in attrs["class"].split()

    _, style, text = progress_of(bars.key_result_progress(krs["fraction"]))
    assert text == "50 % · 0.88 % (0.5 → 1.25)"
    assert style == "width:50%"

    _, style, text = progress_of(bars.objective_progress(playbook.objectives[0]))
    assert text == "49 %"  # mean of 44 %, 100 %, 0 %, 50 % (clamped)


def test_progress_bars_leave_out_what_aria_already_knows(tmp_path: Path) -> None:
    playbook = load_playbook(tmp_path, PROGRESS_PLAN)
    krs = {kr.id: kr for kr in playbook.key_results}
    # 0 and 100 are the progressbar role's own bounds; a value text is there only when it says more than the value.
    assert bars.key_result_progress(krs["reduction"]) == (
        '<span class="sb-progress sb-progress-reduction" role="progressbar" aria-label="Progress of Cycle" '
        'aria-valuenow="44" aria-valuetext="44 % · 79 days (94 → 60)"><span class="sb-progress-track">'
        '<span style="width:44.1%"></span></span>'
        '<span>44 % · 79 days (94 → 60)</span></span>'
    )
    assert bars.objective_progress(playbook.objectives[0]) == (
        f'<span class="sb-progress" role="progressbar" aria-label="Progress of {playbook.objectives[0].title}" '
        'aria-valuenow="49"><span class="sb-progress-track"><span style="width:48.5%">'
        '</span></span><span>49 %</span></span>'
    )
    assert bars.progress_bar(1.25, "125 %") == (
        '<span class="sb-progress sb-progress-beyond" role="progressbar" aria-label="Progress" aria-valuenow="100" '
        'aria-valuetext="125 %"><span class="sb-progress-track"><span style="width:100%">'
        '</span></span><span>125 %</span></span>'
    )
    assert bars.progress_bar(None, "not measured yet") == (
        '<span class="sb-progress sb-progress-none" role="progressbar" aria-label="Progress" '
        'aria-valuetext="not measured yet"><span class="sb-progress-track"></span>'
        '<span>not measured yet</span></span>'
    )


def test_status_badges_show_shape_and_words_with_the_roadmap_class(geometry: Playbook) -> None:
    for value, style in statuses.STATUS_STYLES.items():
        soup = BeautifulSoup(badge_pictures.status_badge(value), "lxml")
        badge = soup.select_one("span.sb-badge")
        assert badge is not None
        assert badge["class"] == ["sb-badge", f"sb-status-{value}"]
        assert badge.get_text() == style.label
        icon = badge.select_one("svg")
        assert icon is not None
        assert icon["aria-hidden"] == "true"
        use = icon.find("use")
        assert use is not None
        assert use["href"] == f"#sb-i-{style.shape}"
        # the shape is drawn once per page, in the sprite the page ends with
        symbol = BeautifulSoup(sprites.sprite(str(badge)), "lxml").select_one(f"symbol#sb-i-{style.shape}")
        assert symbol is not None
        assert symbol.find(["circle", "path", "polygon", "rect"]) is not None
    # Sizes come from CSS: the icon's <use> fills the icon, the symbol's viewBox scales the shape.
    assert badge_pictures.status_badge("on-track") == (
        '<span class="sb-badge sb-status-on-track"><svg aria-hidden="true"><use href="#sb-i-circle"/></svg>'
        "On track</span>"
    )
    late = next(m for m in geometry.milestones if m.id == "m-planned-late")
    # the milestone tables show the due date in a column of their own: no tooltip repeats it
    assert badge_pictures.milestone_badge(late, geometry.as_of) == (
        '<span class="sb-badge sb-status-late"><svg aria-hidden="true"><use href="#sb-i-triangle"/></svg>'
        "Late (planned)</span>"
    )
    soup = BeautifulSoup(badge_pictures.milestone_badge(late, geometry.as_of), "lxml")
    badge = soup.select_one(".sb-badge")
    assert badge is not None
    assert badge["class"] == ["sb-badge", "sb-status-late"]
    assert badge.get_text() == "Late (planned)"
    # the same class colours the roadmap's bar and the objective's badge
    objective = geometry.objectives[0]
    root = parse(roadmaps.roadmap_svg(geometry.objectives, as_of=geometry.as_of, url_for=url_for))
    bar = next(
        a for a in root.iter(SVG + "a") if a.get("data-objective") == "o1" and "sb-rm-bar" in (a.get("class") or "")
    )
    badge_class = BeautifulSoup(badge_pictures.objective_badge(objective), "lxml").select_one(".sb-badge")
    assert badge_class is not None
    assert statuses.status_class(objective.effective_status) in (bar.get("class") or "").split()
    assert statuses.status_class(objective.effective_status) in badge_class["class"]
    assert statuses.status_class("on-track") == "sb-status-on-track"


def test_css_defines_every_status_class_for_light_and_dark() -> None:
    css = (Path(svgkit.__file__).parents[2] / "assets" / "pictures.css").read_text(encoding="utf-8")
    for value in statuses.STATUS_STYLES:
        assert f".sb-status-{value}" in css
    assert '[data-md-color-scheme="slate"]' in css
    assert "@media print" in css
    for cls in ("sb-rm-bar-track", "sb-rm-bar-fill", "sb-heat-critical", "sb-spark-target", "sb-progress-track"):
        assert f".{cls}" in css


def test_css_gives_picture_texts_the_sizes_and_anchors_their_layout_counts_on() -> None:
    css = (Path(svgkit.__file__).parents[2] / "assets" / "pictures.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    sizes: dict[str, int] = {}
    anchors: dict[str, str] = {}
    for selectors, prop, value in re.findall(r"([^{}]+)\{ (font-size|text-anchor): ([a-z0-9]+); \}", css):
        for selector in selectors.split(","):
            if selector.strip().startswith(".sb-picture "):
                last = selector.strip().rsplit(".", 1)[1]
                if prop == "font-size":
                    sizes[last] = int(value.removesuffix("px"))
                else:
                    anchors[last] = value
    assert sizes == dict(svgkit.TEXT_SIZES)
    assert anchors == dict(svgkit.TEXT_ANCHORS)


# --------------------------------------------------------------------------- the example playbook


def test_example_roadmap_has_one_bar_per_objective_and_one_marker_per_milestone() -> None:
    playbook = load(CONTENT).require()
    horizon = playbook.strategy.horizon
    span = (horizon.start, horizon.end)
    svg = roadmaps.roadmap_svg(playbook.objectives, as_of=playbook.as_of, url_for=url_for, span=span)
    root = parse(svg)
    assert min(font_sizes(root)) >= svgkit.MIN_FONT_SIZE
    links = list(root.iter(SVG + "a"))
    bars = [a for a in links if "sb-rm-bar" in (a.get("class") or "").split()]
    by_pillar = sorted(playbook.objectives, key=lambda o: o.pillar.position)  # pillars as declared, stable
    assert [(a.get("data-objective"), a.get("href")) for a in bars] == [(o.id, url_for(o)) for o in by_pillar]
    markers = [a for a in links if a.get("data-milestone")]
    drawn = sorted((a.get("data-milestone") or "", a.get("href") or "", a.get("data-kind") or "") for a in markers)
    kinds = {m.id: statuses.milestone_kind(m, playbook.as_of).value for m in playbook.milestones}
    assert drawn == sorted((m.id, url_for(m), kinds[m.id]) for m in playbook.milestones)
    deps = sum(len(m.depends_on) for m in playbook.milestones)
    assert len(root.findall(".//svg:path[@class='sb-rm-dep']", NS)) == deps
    for plan in playbook.plans:
        plan_root = parse(roadmaps.roadmap_svg(plan.objectives, as_of=playbook.as_of, url_for=url_for))
        plan_bars = [a for a in plan_root.iter(SVG + "a") if "sb-rm-bar" in (a.get("class") or "").split()]
        assert len(plan_bars) == len(plan.objectives)
    for role in playbook.roles:
        if role.objectives:
            role_root = parse(roadmaps.roadmap_svg(role.objectives, as_of=playbook.as_of, url_for=url_for))
            ids = [a.get("data-objective") or "" for a in role_root.iter(SVG + "a")
                   if "sb-rm-bar" in (a.get("class") or "").split()]
            assert sorted(ids) == sorted(o.id for o in role.objectives)
    heat = parse(heatmaps.heat_map_svg(playbook.risks))
    assert sum(int(e.get("data-count", "0")) for e in heat.iter() if e.get("data-count")) == len(playbook.risks)
