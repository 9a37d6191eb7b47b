"""Shared pytest setup: make `tests/` importable for the small-playbook helpers."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


import pytest


@pytest.fixture(scope="session")
def stratbook_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built once per test run."""
    from wheel import build_wheel

    return build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(autouse=True)
def _collector_thawed() -> Iterator[None]:
    """A build hands the objects it kept from the cyclic collector back when it ends, whatever the test did."""
    yield
    assert gc.get_freeze_count() == 0, "objects are still frozen from the collector"
