"""Fixtures for the scale-out tests: a fresh store per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# scale_fixtures (beside this file) must import under ``--import-mode=importlib`` too, which does not put
# test folders on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dateline.store import Store, open_store  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "test.db")
    yield s
    s.close()
