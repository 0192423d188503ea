"""Fixtures for the annotation tests: the spaCy model (skip when not installed) and the seed article."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest


def shared_dir() -> Path:
    env = os.environ.get("DATELINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from dateline.annotate.model import ModelNotInstalledError, load_nlp

    try:
        return load_nlp()
    except ModelNotInstalledError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def seed_article() -> tuple[str, date]:
    path = shared_dir() / "seed" / "article-2024-03-23.txt"
    if not path.exists():
        pytest.skip(f"seed article not found at {path} (set DATELINE_SHARED to the shared data folder)")
    from dateline.ingest import read_path
    from dateline.types import Article

    articles = [a for a in read_path(path) if isinstance(a, Article)]
    assert len(articles) == 1, f"{path}: expected one article"
    return articles[0].text, articles[0].published
