"""Shared helpers for the temporal tests: where the read-only shared data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_dir() -> Path:
    """``$DATELINE_SHARED`` or ``../shared`` beside the repository root."""
    env = os.environ.get("DATELINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def shared() -> Path:
    d = shared_dir()
    if not d.is_dir():
        pytest.skip(f"shared data not found at {d} (set DATELINE_SHARED)")
    return d
