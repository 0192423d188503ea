"""Annotating a store: incremental, failures recorded and retried, skipped articles not retried."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.annotate import ANNOTATOR_VERSION, run
from dateline.annotate.executors import get_executor
from dateline.annotate.stored import load_annotation
from dateline.store import open_store
from dateline.types import Article

ARTICLES = [
    Article(date(2025, 2, 3), "Storms closed the port on Sunday. \u201cWe had no choice,\u201d said harbour "
            "master Erik Lund. Lund said ships would wait offshore.", id="en1", title="Port closed"),
    Article(date(2025, 2, 4), "In 1999, a similar storm sank two ferries. The port reopened on Monday.",
            id="en2"),
    Article(date(2025, 2, 4), "\u2014 12 / 34 \u2014", id="nowords"),
]


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "t.db")
    with s.transaction():
        for a in ARTICLES:
            s.add_article(a)
    yield s
    s.close()


def test_run_saves_annotations_and_is_incremental(store, nlp, monkeypatch) -> None:  # noqa: ANN001
    import dateline.annotate.pipeline as pipeline

    real = pipeline._annotate_docs

    def broken_en2(p, docs):  # noqa: ANN001, ANN202
        if p.article.id == "en2":
            raise ValueError("simulated parser bug")
        return real(p, docs)

    monkeypatch.setattr(pipeline, "_annotate_docs", broken_en2)
    first = run(store, progress=False)
    assert (first.total, first.ok, first.skipped, first.failed) == (3, 1, 1, 1)
    assert first.failures == [("en2", "ValueError: simulated parser bug")]
    assert first.skips == {"no text to annotate": 1}

    ann = load_annotation(store, "en1")
    assert ann is not None and ann.status == "ok" and ann.annotator_version == ANNOTATOR_VERSION
    assert ann.sentences[0].event_date == "2025-02-02"
    assert any(q.speaker == "Erik Lund" and q.direct for q in ann.quotes)
    assert any(e.name == "Erik Lund" and e.count == 2 for e in ann.entities)
    fts = store.query("SELECT count(*) AS n FROM sentences_fts WHERE sentences_fts MATCH 'storms'")
    assert fts[0]["n"] == 1
    failed = load_annotation(store, "en2")
    assert failed is not None and failed.status == "failed"
    assert failed.reason == "ValueError: simulated parser bug"

    # fixed: only the failed article is redone; the one without words stays skipped
    monkeypatch.setattr(pipeline, "_annotate_docs", real)
    second = run(store, progress=False)
    assert (second.total, second.ok) == (1, 1)
    ann2 = load_annotation(store, "en2")
    assert ann2 is not None and ann2.status == "ok"
    assert ann2.sentences[0].event_date == "1999" and ann2.sentences[1].event_date == "2025-02-03"
    assert run(store, progress=False).total == 0


def test_new_version_reannotates_everything(store, nlp, monkeypatch) -> None:  # noqa: ANN001
    run(store, progress=False)
    import dateline.annotate.executors as executors

    monkeypatch.setattr(executors, "ANNOTATOR_VERSION", "annotate-test-next")
    assert len(store.stale_article_ids("annotate-test-next")) == 3


def test_progress_callback(store, nlp) -> None:  # noqa: ANN001
    seen: list[tuple[int, int]] = []
    run(store, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)


def test_unknown_executor_is_a_clear_error(store) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="unknown executor 'nope'"):
        run(store, executor="nope", progress=False)
    assert get_executor("local") is not None


@pytest.mark.slow
def test_process_executor_matches_local(nlp) -> None:  # noqa: ANN001
    """Two worker processes give the same annotations as this process (slow: workers load the model)."""
    from dateline.annotate import annotate_stream

    local = list(annotate_stream(ARTICLES, "local"))
    procs = list(annotate_stream(ARTICLES, "processes", workers=2))
    assert [a.article_id for a in procs] == [a.article_id for a in local]
    assert [a.to_dict() for a in procs] == [a.to_dict() for a in local]


def test_a_new_executor_is_one_module(monkeypatch) -> None:  # noqa: ANN001
    """``dateline.annotate.<name>_executor.stream`` is found by name (how the Dask executor plugs in)."""
    import sys
    import types

    from dateline.types import Annotation

    fake = types.ModuleType("dateline.annotate.fake_executor")
    fake.stream = lambda articles, workers: (Annotation(a.id, "v", status="skipped") for a in articles)
    monkeypatch.setitem(sys.modules, "dateline.annotate.fake_executor", fake)
    from dateline.annotate import annotate_stream

    assert [a.article_id for a in annotate_stream(ARTICLES, "fake")] == ["en1", "en2", "nowords"]
