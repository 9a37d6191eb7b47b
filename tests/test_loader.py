"""The loader: the fast libyaml path, the pure fallback, YAML 1.2 values, and the linked model."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pydantic
import pytest
from playbooks import BASE, write_playbook
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.loading import yaml as loader
from generator.model import MilestoneStatus, Objective, ObjectiveStatus, Plan, Raci, Role, Skill, SkillCategory, schema
from generator.pipeline import load

ROOT = Path(__file__).resolve().parent.parent


def test_the_c_binding_is_the_one_that_runs() -> None:
    """A silent fall-back to pure Python would make every check ten times slower."""
    assert loader.c_binding() in ("clib", "clibz")
    _, parser = loader.compose("a: 1\n")
    assert parser == "libyaml"


def test_yaml_that_libyaml_rejects_is_read_by_the_pure_parser() -> None:
    text = "title: a\u2028b\n"  # a LINE SEPARATOR inside a plain scalar: valid YAML 1.2
    with pytest.raises(YAMLError):
        loader._c_compose(text)
    parsed = loader.parse_text(text, "x.yaml")
    assert parsed.parser == "pure"
    assert parsed.data == {"title": "a\u2028b"}


def test_yaml_1_2_core_schema_values() -> None:
    parsed = loader.parse_text(
        "a: yes\nb: on\nc: true\nd: ~\ne: 0o17\nf: 0x1F\ng: 1.5e3\nh: .inf\ni: '12'\nj: 2027-03-31\nk: 012\n",
        "x.yaml",
    )
    assert parsed.data == {
        "a": "yes",
        "b": "on",
        "c": True,
        "d": None,
        "e": 15,
        "f": 31,
        "g": 1500.0,
        "h": float("inf"),
        "i": "12",
        "j": "2027-03-31",
        "k": 12,
    }


def test_merge_keys_and_aliases_are_expanded_with_locations() -> None:
    parsed = loader.parse_text("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n", "x.yaml")
    assert parsed.data["item"] == {"y": 3, "x": 1}
    assert parsed.locator.value_location(("item", "y")).line == 4


def test_unknown_tags_are_errors_not_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_playbook(tmp_path / "pb", {"skills/s.yaml": "id: s1\ntitle: !!python/object/apply:os.system [ls]\n"})
    result = load("pb")
    assert [str(d) for d in result.diagnostics] == [
        "pb/skills/s.yaml:2:8: error: unknown YAML tag `!!python/object/apply:os.system`: remove the tag"
    ]


def test_locations_of_values_and_keys() -> None:
    parsed = loader.parse_text("a:\n  - b: 1\n    c: [x, y]\n", "f.yaml")
    locator = parsed.locator
    assert str(locator.value_location(("a", 0, "c", 1))) == "f.yaml:3:12"
    assert str(locator.key_location(("a", 0, "c"))) == "f.yaml:3:5"
    assert str(locator.value_location(("a", 0, "missing", 3))) == "f.yaml:2:5"


def test_example_playbook_is_clean_and_linked() -> None:
    result = load(ROOT / "content")
    assert result.diagnostics == []
    playbook = result.require(strict=True)
    assert len(playbook.pillars) >= 3
    assert len(playbook.plans) >= 3
    assert len(playbook.objectives) >= 12
    assert len(playbook.roles) >= 10
    assert len(playbook.skills) >= 12
    assert len(playbook.programs) >= 3
    assert playbook.strategy.as_of is not None
    assert {s.category for s in playbook.skills} == set(SkillCategory)
    assert any(kr.is_reduction for kr in playbook.key_results)
    assert any(kr.history for kr in playbook.key_results)
    assert any(m.depends_on for m in playbook.milestones)
    for program in playbook.programs:
        assert program.cadence is not None
        assert program.mentoring
        assert len(program.sessions) >= 4
        assert all(s.goals and s.agenda and s.questions for s in program.sessions)


def test_links_go_both_ways(tmp_path: Path) -> None:
    playbook = load(write_playbook(tmp_path / "pb")).require(strict=True)
    lead, dev = playbook.by_id["lead"], playbook.by_id["dev"]
    objective, skill, plan = playbook.by_id["o1"], playbook.by_id["s1"], playbook.by_id["plan1"]
    assert isinstance(lead, Role)
    assert isinstance(dev, Role)
    assert isinstance(objective, Objective)
    assert isinstance(skill, Skill)
    assert isinstance(plan, Plan)
    assert objective.owner is lead
    assert lead.owned_objectives == (objective,)
    assert [c.objective.id for c in dev.contributions] == ["o1"]
    assert dev.reports_to is lead
    assert lead.reports == (dev,)
    assert dev.chain == (lead,)
    assert objective.raci_of(dev) is Raci.RESPONSIBLE
    assert objective.raci_of(lead) is Raci.ACCOUNTABLE
    assert [n.role.id for n in skill.needed_by] == ["lead"]
    assert [d.program.id for d in skill.developed_by] == ["prog"]
    assert skill.objectives == (objective,)
    assert skill.needed_level == 2
    assert skill.developed_level == 3
    assert [(p.program.id, p.capacity) for p in dev.programs] == [("prog", "coachee")]
    assert plan.pillar is playbook.pillars[0]
    assert playbook.pillars[0].plans == (plan,)
    assert objective.programs == playbook.programs


def test_model_is_immutable(tmp_path: Path) -> None:
    playbook = load(write_playbook(tmp_path / "pb")).require()
    with pytest.raises(pydantic.ValidationError):
        playbook.objectives[0].title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2025-12-01", ObjectiveStatus.NOT_STARTED),  # before the period
        ("2026-06-01", ObjectiveStatus.ON_TRACK),  # 41 % of the period gone, 50 % progress
        ("2026-09-15", ObjectiveStatus.AT_RISK),  # 70 % gone (and m1 late)
        ("2026-12-20", ObjectiveStatus.OFF_TRACK),  # 97 % gone, 50 % progress
    ],
)
def test_derived_objective_status(tmp_path: Path, as_of: str, status: ObjectiveStatus) -> None:
    playbook = load(write_playbook(tmp_path / "pb"), as_of=dt.date.fromisoformat(as_of)).playbook
    assert playbook is not None
    assert playbook.objectives[0].status is None
    assert playbook.objectives[0].effective_status is status


def test_objective_is_done_when_targets_are_met(tmp_path: Path) -> None:
    plans = (
        BASE["plans/p.yaml"]
        .replace("current: 5", "current: 12")
        .replace("due: 2026-09-01", "due: 2026-09-01\n        status: done")
    )
    playbook = load(write_playbook(tmp_path / "pb", {"plans/p.yaml": plans})).require(strict=True)
    objective = playbook.objectives[0]
    assert objective.milestones[0].status is MilestoneStatus.DONE
    assert objective.key_results[0].progress == pytest.approx(1.2)
    assert objective.key_results[0].progress_clamped == 1.0
    assert objective.effective_status is ObjectiveStatus.DONE


def test_reduction_progress(tmp_path: Path) -> None:
    plans = BASE["plans/p.yaml"].replace("baseline: 0", "baseline: 40").replace("current: 5", "current: 30")
    playbook = load(write_playbook(tmp_path / "pb", {"plans/p.yaml": plans})).require()
    key_result = playbook.key_results[0]
    assert key_result.is_reduction
    assert key_result.progress == pytest.approx(1 / 3)


@pytest.mark.parametrize("kind", list(schema.KINDS))
def test_committed_schema_files_are_up_to_date(kind: str) -> None:
    committed = (ROOT / "generator" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema.render(kind), "run `stratbook schema --output generator/schemas`"


def test_schema_command_writes_every_kind(tmp_path: Path) -> None:
    from generator.cli import main

    assert main(["schema", "--output", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "coaching.schema.json",
        "plan.schema.json",
        "playbook.schema.json",
        "role.schema.json",
        "skill.schema.json",
    ]
    document = json.loads((tmp_path / "plan.schema.json").read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)
    plan = document["$defs"]["Plan"]
    assert plan["additionalProperties"] is False
    assert all(p.get("title") and p.get("description") for p in plan["properties"].values())


def _kind_of(path: Path) -> str:
    folder = path.relative_to(ROOT / "content").parts[0]
    return {"plans": "plan", "roles": "role", "skills": "skill", "coaching": "coaching"}.get(folder, "playbook")


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.yaml")), ids=lambda p: p.name)
def test_example_files_match_their_schema_and_modeline(path: Path) -> None:
    kind = _kind_of(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = first.removeprefix("# yaml-language-server: $schema=")
    assert first != target, "the file starts with a schema modeline"
    assert (path.parent / target).resolve() == ROOT / "generator" / "schemas" / f"{kind}.schema.json"
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    data = json.loads(json.dumps(yaml.load(path), default=str))
    jsonschema.Draft202012Validator(json.loads(schema.render(kind))).validate(data)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "- " * 3000 + "x\n",
        "".join(" " * i + "a:\n" for i in range(3000)),
    ],
    ids=["flow", "compact-sequences", "block"],
)
def test_very_deep_nesting_is_a_clean_error(text: str) -> None:
    """libyaml's composer recurses in C: without the guard this would crash the process."""
    with pytest.raises(loader.YamlProblem) as caught:
        loader.parse_text(text, "deep.yaml")
    assert caught.value.problems[0][2] == (
        "the YAML nests more than 100 levels deep: no playbook needs that, flatten it"
    )


def test_nesting_a_playbook_needs_is_fine() -> None:
    text = "a: " + "[" * 90 + "]" * 90 + "\n"
    assert loader.parse_text(text, "ok.yaml").parser == "libyaml"
