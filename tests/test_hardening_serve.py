"""`mkdocs serve` keeps the last good site whatever fails while building the playbook's pages.

Content errors always kept the last good pages; an unexpected failure in a
later stage (a renderer or a data file) escaped the plugin, so requests hung
instead. Now any failure while serving is logged and the last good site stays
up; in `mkdocs build` it is a plugin error with a message, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from mkdocs.exceptions import PluginError
from playbooks import write_playbook

MKDOCS_YML = "site_name: Serve\ntheme: {name: material, font: false}\nplugins: [stratbook]\n"


def _plugin(root: Path, command: Literal["build", "serve"]) -> tuple[Any, Any]:
    from mkdocs.config import load_config

    write_playbook(root / "content")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["stratbook"]
    plugin.on_startup(command=command, dirty=False)
    return plugin, config.plugins.on_config(config)


def _break_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.plugin

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise OverflowError("date value out of range")

    for name in dir(generator.plugin):
        if name in ("render_site", "site_data_files", "site_tree"):
            monkeypatch.setattr(generator.plugin, name, broken)


def test_serve_keeps_the_last_good_site_when_rendering_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.structure.files import Files

    plugin, config = _plugin(tmp_path, "serve")
    good = plugin.on_files(Files([]), config=config)
    assert good.get_file_from_path("objectives/o1/index.md") is not None
    _break_rendering(monkeypatch)
    with caplog.at_level("ERROR", logger="mkdocs.plugins.stratbook"):
        kept = plugin.on_files(Files([]), config=config)
    assert kept.get_file_from_path("objectives/o1/index.md") is not None
    assert kept.get_file_from_path("data/playbook.json") is not None
    assert [r.getMessage() for r in caplog.records] == [
        "stratbook: the site could not be built (OverflowError: date value out of range); "
        "still showing the last good version of the playbook. This is a bug in Stratbook: "
        "please report it with the playbook that causes it"
    ]


def test_build_reports_a_rendering_failure_as_a_plugin_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.files import Files

    plugin, config = _plugin(tmp_path, "build")
    _break_rendering(monkeypatch)
    with pytest.raises(PluginError) as caught:
        plugin.on_files(Files([]), config=config)
    assert str(caught.value) == (
        "stratbook: the site could not be built (OverflowError: date value out of range). "
        "This is a bug in Stratbook: please report it with the playbook that causes it"
    )
