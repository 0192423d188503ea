"""Fixtures for the ingest tests: a fresh store per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store import Store, open_store

# The tests import their fixture builders (ingest_fixtures.py) by module name; pytest runs with
# --import-mode=importlib (test file names repeat across folders), which does not add this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "test.db")
    yield s
    s.close()
