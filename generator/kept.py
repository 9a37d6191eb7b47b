"""What one run made, kept for the next in the same process: the preview's parsed files, pages and calendar events.

A preview runs the pipeline again after every save and most of what it made
the last time is still right. Each thing is kept under a name (a file, a
page, an event) with a stamp (what it was made from); the next run takes it
back while the stamp is unchanged. Only what the last run made or took back
is kept, so a renamed or removed thing is forgotten at the end of the run.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

Name = TypeVar("Name", bound=Hashable)
Stamp = TypeVar("Stamp")
Value = TypeVar("Value")


class Kept(Generic[Name, Stamp, Value]):
    """Values of the last run by name, each with the stamp it was made from."""

    def __init__(self) -> None:
        self._last: dict[Name, tuple[Stamp, Value]] = {}
        self._this: dict[Name, tuple[Stamp, Value]] = {}

    def __len__(self) -> int:
        """How many values the last run left for the next."""
        return len(self._last)

    def begin(self) -> None:
        """Start a run (what a run that stopped halfway made is dropped)."""
        self._this = {}

    def get(self, name: Name, stamp: Stamp) -> Value | None:
        """The value kept under ``name`` if it was made from ``stamp`` (kept for the next run too), else None."""
        found = self._last.get(name)
        if found is None or found[0] != stamp:
            return None
        self._this[name] = found
        return found[1]

    def keep(self, name: Name, stamp: Stamp, value: Value) -> None:
        self._this[name] = (stamp, value)

    def end(self) -> None:
        """End a run: what it made or took back is what the next one may take."""
        self._last, self._this = self._this, {}

    def clear(self) -> None:
        """Forget everything (what the values were made with changed)."""
        self._last, self._this = {}, {}
