"""The TLS loader on the real benchmark collections of ../shared/data/tls (counts from its README)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from dateline.eval import tls

SHARED = Path(os.environ.get("DATELINE_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
TLS = SHARED / "data" / "tls"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not TLS.is_dir(), reason=f"benchmark data not found at {TLS} (set DATELINE_SHARED)"),
]


def test_t17_dev_references_match_the_readme() -> None:
    topics = {t.name: t for t in tls.load_dataset(TLS / "t17-dev")}
    assert sorted(topics) == ["bpoil", "egypt", "finan", "mj"]
    assert sum(len(t.timelines) for t in topics.values()) == 8
    assert sorted(r.T for r in topics["bpoil"].timelines) == [12, 13, 16, 48, 102]
    assert [r.T for r in topics["mj"].timelines] == [37]
    assert len(topics["egypt"].articles) == 271 and not topics["egypt"].rejects


def test_entities_dev_tasks_use_the_entity_and_a_wider_window() -> None:
    ds = TLS / "entities-dev"
    assert tls.is_entity_dataset(ds)
    (topic,) = tls.load_dataset(ds, ["Ted_Cruz"])
    (ref,) = topic.timelines
    task = tls.make_task(topic, ref, entity=True)
    assert task.query == "Ted Cruz" and task.T == 11 == ref.T
    assert task.window == (min(ref.dates) - timedelta(days=7), max(ref.dates) + timedelta(days=7))


def test_ml_crisis_fr_yemen_is_the_hard_case() -> None:
    (topic,) = tls.load_dataset(TLS / "ml-crisis-fr", ["yemen"])
    assert len(topic.articles) == 11 and topic.timelines[0].T == 121
    assert not tls.is_entity_dataset(TLS / "ml-crisis-fr")
