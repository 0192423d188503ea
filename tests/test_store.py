"""The embedded store: schema, migrations, FTS search, and the errors a user can meet."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from dateline.store import QuerySyntaxError, StoreError, open_store
from dateline.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES
from dateline.types import Annotation, Article, Reject, Sentence


def test_every_table_exists_and_schema_version_is_current(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        names = {r["name"] for r in s.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        assert set(TABLES) <= names
        assert s.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
        assert s.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_migrations_are_idempotent_and_keep_data(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as s, s.transaction():
        s.add_article(Article(published=date(2024, 3, 1), text="Kept across reopen."))
    for _ in range(2):
        with open_store(path) as s:
            s.migrate()  # a second migrate is a no-op
            assert s.schema_version() == SCHEMA_VERSION and s.count_articles() == 1


def test_old_store_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO articles (id, hash, published, text) VALUES ('a', 'h', '2024-01-01', 'Old text.')"
    )
    conn.commit()
    conn.close()
    with open_store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.article("a") is not None and s.article("a").text == "Old text."  # type: ignore[union-attr]
        assert {"annotations", "sentences"} <= {r["name"] for r in s.query("SELECT name FROM sqlite_master")}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_store(path) as s:
        s.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this dateline"):
        open_store(path)


def test_fts_search_ranks_and_filters(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        with s.transaction():
            s.add_article(Article(published=date(2024, 3, 1), text="The river spill reached the town.",
                                  title="Spill", source="Wire"))
            s.add_article(Article(published=date(2024, 3, 9), text="Spill, spill, spill: the river again.",
                                  source="Post"))
            s.add_article(Article(published=date(2024, 3, 5), text="The council met about the budget."))
        hits = s.search_articles("spilling")  # porter stemming
        assert [h["published"] for h in hits] == ["2024-03-09", "2024-03-01"]  # BM25: denser match first
        assert "[" in hits[0]["snippet"]
        assert [h["source"] for h in s.search_articles("spill", source="Wire")] == ["Wire"]
        assert len(s.search_articles("spill", date_from=date(2024, 3, 2))) == 1
        assert s.search_articles("budget AND river") == []
        newest_first = ["2024-03-09", "2024-03-05", "2024-03-01"]
        assert [h["published"] for h in s.search_articles(None)] == newest_first


def test_bad_fts_query_raises_query_syntax_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        for bad in ['"unterminated', "AND OR", "nocolumn: x"]:
            with pytest.raises(QuerySyntaxError):
                s.search_articles(bad)


def test_readonly_open_of_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no such dateline store"):
        open_store(missing, readonly=True)
    assert not missing.exists()  # a read-only open never creates the file


def test_a_folder_or_a_file_in_the_way_is_a_store_error(tmp_path: Path) -> None:
    """--db pointing at a folder, or below a file, is a StoreError naming it (was a sqlite3 traceback)."""
    for readonly in (True, False):
        with pytest.raises(StoreError, match="is a folder; --db names the store's file"):
            open_store(tmp_path, readonly=readonly)
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create its folder .*blocker"):
        open_store(blocker / "s.db")


def test_readonly_open_of_non_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(StoreError, match="not a dateline store"):
        open_store(empty, readonly=True)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"definitely not sqlite" * 50)
    with pytest.raises(StoreError, match="not a usable SQLite store"):
        open_store(junk)


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        with pytest.raises(RuntimeError), s.transaction():
            s.add_article(Article(published=date(2024, 3, 1), text="Never committed."))
            raise RuntimeError("boom")
        assert s.count_articles() == 0


def test_duplicates_and_rejects_are_idempotent(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s, s.transaction():
        a = Article(published=date(2024, 3, 1), text="Same.")
        assert s.add_article(a) is True
        assert s.add_article(Article(published=date(2024, 3, 1), text=" Same. ")) is False
        assert s.has_hash(a.hash)
        for _ in range(2):
            s.add_reject(Reject("f.jsonl", 3, "no date"))
        assert s.stats().rejects == 1 and s.stats().articles == 1


def test_annotation_replaces_previous_and_feeds_sentence_search(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s, s.transaction():
        a = Article(published=date(2024, 3, 1), text="The dam broke on Monday. Water rose.")
        s.add_article(a)
        ann = Annotation(a.id, "v1", "en", sentences=[
            Sentence(0, 24, "The dam broke on Monday.", "2024-02-26", "day", "timex"),
            Sentence(25, 36, "Water rose.", "2024-03", "month", "publication"),
        ])
        s.save_annotation(ann)
        s.save_annotation(ann)  # idempotent
        rows = s.query("SELECT idx, day FROM sentences WHERE article_id = ? ORDER BY idx", [a.id])
        assert [(r["idx"], r["day"]) for r in rows] == [(0, "2024-02-26"), (1, None)]
        hit = s.query("SELECT text FROM sentences_fts WHERE sentences_fts MATCH ?", ["dam"])
        assert hit == [{"text": "The dam broke on Monday."}]
        assert s.stale_article_ids("v1") == [] and s.stale_article_ids("v2") == [a.id]


def test_articles_skipped_for_their_language_are_redone(tmp_path: Path) -> None:
    """Before every language was annotated, other languages were skipped: such rows are stale, an empty
    article skipped for having no text is not."""
    with open_store(tmp_path / "s.db") as s, s.transaction():
        fr = Article(published=date(2024, 3, 1), text="Le barrage a cédé lundi.", id="fr")
        empty = Article(published=date(2024, 3, 1), text=" ", id="empty")
        for art in (fr, empty):
            s.add_article(art)
        s.save_annotation(Annotation("fr", "v1", "fr", status="skipped", reason="language fr not supported"))
        s.save_annotation(Annotation("empty", "v1", "en", status="skipped", reason="no text to annotate"))
        assert s.stale_article_ids("v1") == ["fr"]
