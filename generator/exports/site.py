"""The data files the site publishes, built in memory for the MkDocs plugin and the Markdown export."""

from __future__ import annotations

from generator.exports.csv import csv_files
from generator.exports.ics import CalendarEvents, calendar
from generator.exports.json import json_files
from generator.model import Playbook
from generator.rendering.options import Options
from generator.rendering.pages import DATA_DIR, ICS_FILE


def data_files(
    playbook: Playbook, options: Options | None = None, events: CalendarEvents | None = None
) -> dict[str, bytes]:
    """Every data file's name and bytes, for a plugin that adds them to the site in memory."""
    texts = {**json_files(playbook, options), **csv_files(playbook, options)}
    encoded = {name: text.encode("utf-8") for name, text in texts.items()}
    return {**encoded, ICS_FILE: calendar(playbook, options, events)}


def site_data_files(
    playbook: Playbook, options: Options | None = None, events: CalendarEvents | None = None
) -> dict[str, bytes]:
    """The data files the site publishes: path (under the prefix and :data:`DATA_DIR`) -> bytes."""
    options = options or Options()
    folder = options.full(DATA_DIR)
    return {f"{folder}/{name}": data for name, data in data_files(playbook, options, events).items()}
