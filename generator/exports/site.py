"""The data files the site publishes, built in memory for the MkDocs plugin and the Markdown export."""

from __future__ import annotations

from generator.exports.csv import csv_files
from generator.exports.ics import calendar
from generator.exports.json import json_files
from generator.model import Playbook
from generator.rendering.options import Options
from generator.rendering.pages import DATA_DIR, ICS_FILE


def data_files(playbook: Playbook, options: Options | None = None) -> dict[str, bytes]:
    """Every data file's name and bytes, for a plugin that adds them to the site in memory."""
    texts = {**json_files(playbook, options), **csv_files(playbook, options)}
    return {**{name: text.encode("utf-8") for name, text in texts.items()}, ICS_FILE: calendar(playbook, options)}


def site_data_files(playbook: Playbook, options: Options | None = None) -> dict[str, bytes]:
    """The data files the site publishes: path (under the prefix and :data:`DATA_DIR`) -> bytes."""
    options = options or Options()
    folder = options.full(DATA_DIR)
    return {f"{folder}/{name}": data for name, data in data_files(playbook, options).items()}
