"""Parquet output: a store exported and read back keeps every row and value; re-writes stay idempotent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow (pip install dateline[dask])")

from scale_fixtures import small_articles  # noqa: E402

from dateline.store import Store  # noqa: E402
from dateline.store.parquet import (  # noqa: E402
    ParquetError,
    ParquetWriter,
    done_article_ids,
    export_store,
    read_collection_parquet,
    read_table,
    stored_annotation,
)
from dateline.types import Annotation, Article, Entity, Quote, Sentence, Timex  # noqa: E402


def _annotation(a: Article, version: str = "v1") -> Annotation:
    first = a.text.index(". ") + 1
    return Annotation(
        a.id, version, "en",
        sentences=[Sentence(0, first, a.text[:first], a.published.isoformat(), "day", "publication"),
                   Sentence(first + 1, len(a.text), a.text[first + 1:], "2019", "year", "timex")],
        timexes=[Timex("Tuesday", 30, 37, "DATE", a.published.isoformat(), anchor="dct"),
                 Timex("2019", 60, 64, "DATE", "2019")],
        entities=[Entity("Anna Berg", "PERSON", 2, "Anna Berg", [(70, 79), (90, 94)])],
        quotes=[Quote("We will act", 40, 51, "Anna Berg", "mayor", "said", a.published.isoformat(), True)],
    )


def _fill(store: Store, articles: list[Article], annotate: int) -> None:
    with store.transaction():
        for i, a in enumerate(articles):
            store.add_article(a)
            if i < annotate:
                store.save_annotation(_annotation(a))


def test_store_round_trip_keeps_counts_and_values(store: Store, tmp_path: Path) -> None:
    arts = small_articles(12)  # 2025-03-02 .. 2025-06-10: four months
    _fill(store, arts, annotate=10)
    counts = export_store(store, tmp_path / "pq")
    assert counts == {"articles": 12, "annotations": 10, "sentences": 20, "timexes": 20, "entities": 10,
                      "quotes": 10}
    months = sorted(p.name for p in (tmp_path / "pq" / "articles").iterdir())
    assert months == ["month=2025-03", "month=2025-04", "month=2025-05", "month=2025-06"]
    for table, n in counts.items():
        assert read_table(tmp_path / "pq", table).num_rows == n
    # every stored annotation comes back equal (sentences, timexes, entities with spans, quotes)
    rows = read_collection_parquet(tmp_path / "pq")
    assert [a.id for a in rows.articles] == [a.id for a in arts]
    for a in arts[:10]:
        back = stored_annotation(store, a.id)
        assert back is not None
        assert rows.sentences[a.id] == back.sentences == _annotation(a).sentences
    ents = read_table(tmp_path / "pq", "entities").to_pylist()
    assert ents[0]["spans"] == [[70, 79], [90, 94]]
    q = read_table(tmp_path / "pq", "quotes").to_pylist()[0]
    assert (q["speaker"], q["role"], q["direct"]) == ("Anna Berg", "mayor", True)
    day = read_table(tmp_path / "pq", "sentences").to_pylist()[0]["day"]
    assert isinstance(day, date)


def test_reader_filters_by_date_and_words(store: Store, tmp_path: Path) -> None:
    arts = small_articles(12)
    _fill(store, arts, annotate=12)
    export_store(store, tmp_path / "pq")
    april = read_collection_parquet(tmp_path / "pq", date_from=date(2025, 4, 1), date_to=date(2025, 4, 30))
    assert [a.published.month for a in april.articles] == [4, 4, 4]
    ostvik = read_collection_parquet(tmp_path / "pq", query="ostvik COUNCIL")
    assert ostvik.articles and all("Ostvik" in a.text for a in ostvik.articles)
    assert set(ostvik.sentences) == {a.id for a in ostvik.articles}
    assert read_collection_parquet(tmp_path / "pq", query="no-such-word").articles == []
    import pyarrow.dataset as ds

    years = read_table(tmp_path / "pq", "sentences", columns=["granularity"],
                       where=ds.field("granularity") == "year")
    assert "text" not in years.column_names
    assert years.num_rows == 12 and set(years.column("granularity").to_pylist()) == {"year"}


def test_writing_again_is_idempotent_for_readers(store: Store, tmp_path: Path) -> None:
    arts = small_articles(5)
    _fill(store, arts, annotate=5)
    export_store(store, tmp_path / "pq")
    # a second run re-annotates one article with a new version, appending files
    with ParquetWriter(tmp_path / "pq", mode="append") as w:
        w.add(arts[0], Annotation(arts[0].id, "v2", "en", sentences=[Sentence(0, 3, "The")]))
    assert read_table(tmp_path / "pq", "articles", latest=False).num_rows == 6
    assert read_table(tmp_path / "pq", "articles").num_rows == 5
    rows = read_collection_parquet(tmp_path / "pq")
    assert rows.sentences[arts[0].id] == [Sentence(0, 3, "The")]
    assert len(rows.sentences[arts[1].id]) == 2
    assert done_article_ids(tmp_path / "pq", "v2") == {arts[0].id}
    assert done_article_ids(tmp_path / "pq", "v1") == {a.id for a in arts[1:]}
    # overwrite: a fresh snapshot
    export_store(store, tmp_path / "pq", mode="overwrite")
    assert read_table(tmp_path / "pq", "articles", latest=False).num_rows == 5


def test_refuses_a_folder_that_is_not_a_dateline_dataset(store: Store, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    _fill(store, small_articles(2), annotate=2)
    with pytest.raises(ParquetError, match="not a dateline Parquet directory"):
        export_store(store, tmp_path / "other")
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"
    with pytest.raises(ParquetError, match="no such directory"):
        read_collection_parquet(tmp_path / "missing")


def test_local_executor_writes_parquet_and_leaves_sqlite_alone(store: Store, tmp_path: Path) -> None:
    from dateline.annotate.dask_executor import run_store

    arts = small_articles(3)
    with store.transaction():
        for a in arts:
            store.add_article(a)
    summary = run_store(store, executor="local", out_parquet=tmp_path / "pq", progress=False)
    assert (summary.total, summary.ok) == (3, 3)
    rows = read_collection_parquet(tmp_path / "pq")
    assert [a.id for a in rows.articles] == [a.id for a in arts]
    assert all(len(rows.sentences[a.id]) == 3 for a in arts)
    assert run_store(store, executor="local", out_parquet=tmp_path / "pq", progress=False).total == 0
    assert store.query("SELECT count(*) AS n FROM annotations")[0]["n"] == 0


def _dated(a: Article) -> Annotation:
    """Every article's first sentence reports an event on its publication day (a day-level timex)."""
    first = a.text.index(". ") + 1
    return Annotation(a.id, "v1", "en", sentences=[
        Sentence(0, first, a.text[:first], a.published.isoformat(), "day", "timex"),
        Sentence(first + 1, len(a.text), a.text[first + 1:], a.published.isoformat(), "day", "publication"),
    ], quotes=[Quote(a.text[2:first - 1], 2, first - 1, "Anna Berg", "mayor", "said", None, False)])


def test_timeline_from_parquet_matches_the_store(store: Store, tmp_path: Path) -> None:
    """`dateline timeline --parquet DIR` sees the same articles and dates as the store it came from."""
    from dateline.timeline import TimelineError, build_timeline

    arts = small_articles(12)
    with store.transaction():
        for a in arts:
            store.add_article(a)
            store.save_annotation(_dated(a))
    export_store(store, tmp_path / "pq")
    from_store = build_timeline(store, T=5, N=1, method="pubcount")
    from_parquet = build_timeline(None, T=5, N=1, method="pubcount", parquet=tmp_path / "pq")
    assert [e.date for e in from_parquet.entries] == [e.date for e in from_store.entries]
    assert len(from_parquet.entries) == 5
    assert all(s.source.article_id for e in from_parquet.entries for s in e.sentences)
    # who each line quotes comes from the Parquet quotes table as from the store's
    quoting = [s.quoting_label for e in from_parquet.entries for s in e.sentences]
    assert quoting == [s.quoting_label for e in from_store.entries for s in e.sentences]
    assert "Anna Berg (mayor)" in quoting
    with pytest.raises(TimelineError, match="no articles match"):
        build_timeline(None, query="zzzunknownword", parquet=tmp_path / "pq")
    with pytest.raises(TimelineError, match="--entity"):
        build_timeline(None, entity="Anna Berg", parquet=tmp_path / "pq")


def test_collection_from_parquet_equals_the_stores(store: Store, tmp_path: Path) -> None:
    """Annotated for real, stored, exported: the timeline stage reads the same sentences from both, down
    to what it derives from the time expressions (chronology openings, timex shares, "since" periods)."""
    from dateline.annotate.dask_executor import run_store
    from dateline.timeline.collection import collection_from_parquet, collection_from_store

    texts = [
        "March 7: the Halvorsen plant was closed by the ministry. Karl Voss has run the plant since "
        "2017. In October 2002, a fire destroyed the old plant.",
        "Published 20 March 2025 at 16:52. The Halvorsen board met on Monday. Inspectors warned the "
        "company in 2019, the report said.",
    ]
    arts = [Article(published=date(2025, 3, 20 + i), text=t, title=f"t{i}", source="test") for i, t in
            enumerate(texts)]
    with store.transaction():
        for a in arts:
            store.add_article(a)
    assert run_store(store, executor="local", progress=False).ok == 2
    export_store(store, tmp_path / "pq")

    def fields(c):  # type: ignore[no-untyped-def]
        return [(c.articles[s.article].id, s.idx, s.text, s.date, s.date_source, s.date_led,
                 round(s.timex_share, 6), s.period, s.date_named, s.day_words, s.stamp_end)
                for s in c.sentences]

    from_store = fields(collection_from_store(store, query="Halvorsen"))
    from_parquet = fields(collection_from_parquet(tmp_path / "pq", query="Halvorsen"))
    assert from_parquet == from_store
    by_text = {f[2]: f for f in from_store}
    assert any(f[5] for f in from_store), "no chronology opening found"  # "March 7: ..."
    assert any(f[8] for f in from_store), "no day written out"
    assert any(f[10] for f in from_store), "no stamp of the line's day found"  # "March 7: "
    assert any(f[6] > 0.4 for f in from_store), "the byline's timex share"
    voss = next(f for t, f in by_text.items() if "since" in t)
    assert voss[7] is None and voss[4] == "timex"  # dated 2017, but "since 2017" starts a state: no period
    assert "2002-10" in {f[7] for f in from_store}


def test_a_window_reads_later_reports_from_parquet_as_from_the_store(store: Store, tmp_path: Path) -> None:
    """--from/--to on Parquet output: the articles published after the window that date a sentence inside
    it come in, as from the store (a story of March 20 tells what happened on March 7)."""
    from dateline.annotate.dask_executor import run_store
    from dateline.timeline import build_timeline
    from dateline.timeline.collection import collection_from_parquet, collection_from_store

    texts = ["On March 7, the Halvorsen plant was closed by the ministry after the spill.",
             "The Halvorsen plant reopened on Thursday.",
             "The Halvorsen board met in 2019 to discuss the valves."]
    arts = [Article(published=p, text=t, title=f"t{i}", source="test") for i, (p, t) in
            enumerate(zip([date(2025, 3, 20), date(2025, 3, 8), date(2025, 3, 21)], texts, strict=True))]
    with store.transaction():
        for a in arts:
            store.add_article(a)
    assert run_store(store, executor="local", progress=False).ok == 3
    export_store(store, tmp_path / "pq")
    window = {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 10)}
    ids = [[a.id for a in c.articles] for c in (collection_from_store(store, query="Halvorsen", **window),
                                                collection_from_parquet(tmp_path / "pq", query="Halvorsen",
                                                                        **window))]
    assert ids[0] == ids[1] == [arts[1].id, arts[0].id]  # not the March 21 story, which dates nothing inside
    tl = build_timeline(None, query="Halvorsen", parquet=tmp_path / "pq", **window)
    march7 = next(e for e in tl.entries if e.date == date(2025, 3, 7))
    assert [s.source.article_id for s in march7.sentences] == [arts[0].id]
