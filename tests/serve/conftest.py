"""Fixtures for the web tests: the hand-written flood corpus in a store, and an app over it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

# The helper modules beside this file (serve_fixtures, serve_browser) must import under pytest's
# ``--import-mode=importlib`` too, which does not put test folders on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_fixtures import build_store, fake_builder  # noqa: E402

from dateline.serve import create_app  # noqa: E402


@pytest.fixture(scope="session")
def flood_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "flood.db")


@pytest.fixture(scope="session")
def client(flood_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(flood_db, timeline_builder=fake_builder)) as c:
        yield c
