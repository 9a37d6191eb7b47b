"""Stratbook: publish a strategy playbook kept as YAML as a browsable site."""

from __future__ import annotations

__version__ = "0.1.0"
