"""The embedded store: one SQLite file, WAL mode, FTS5 over articles and sentences.

This module is the only code in dateline that touches ``sqlite3`` (the datasette
rule): readers get read-only connections, and every write goes through one
``Store`` owned by one process, inside explicit transactions, so a crash
mid-batch leaves either the whole batch or none of it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.store.schema import MIGRATIONS, SCHEMA_VERSION
from dateline.types import Annotation, Article, Reject

DEFAULT_DB = "dateline.db"


class StoreError(Exception):
    """A problem with the store file itself (missing, corrupt, newer schema)."""


class QuerySyntaxError(ValueError):
    """An FTS5 query the user typed that SQLite cannot parse."""


def default_db_path() -> Path:
    return Path(os.environ.get("DATELINE_DB", DEFAULT_DB))


def prepare_connection(conn: sqlite3.Connection, readonly: bool = False) -> None:
    """Connection set-up in one place: row factory, pragmas."""
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")


@dataclass
class Stats:
    articles: int
    first: str | None
    last: str | None
    sources: dict[str, int]
    languages: dict[str, int]
    rejects: int
    annotated: int
    annotation_failures: int
    sentences: int
    quotes: int
    schema_version: int


class Store:
    """A dateline store over one SQLite connection. Use ``open_store`` to get one."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply every migration newer than the file's schema version, each in its own transaction."""
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this dateline ({SCHEMA_VERSION}); "
                "upgrade dateline"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            script = MIGRATIONS[version - 1]
            # executescript commits first; wrap the migration in its own explicit transaction.
            self.conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (BEGIN IMMEDIATE: one writer)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- articles --------------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        """Insert one article; False when its content (or id) is already stored."""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO articles "
            "(id, hash, published, title, url, source, language, origin, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.hash,
                article.published.isoformat(),
                article.title,
                article.url,
                article.source,
                article.language,
                article.origin,
                article.text,
            ),
        )
        return cur.rowcount == 1

    def has_hash(self, content_hash: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE hash = ?", (content_hash,)).fetchone() is not None
        )

    def add_reject(self, reject: Reject) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO rejects (file, record, reason) VALUES (?, ?, ?)",
            (reject.file, reject.record, reject.reason),
        )

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def articles(
        self,
        ids: Iterable[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> Iterator[Article]:
        """Stream articles in publication order (optionally a subset), without loading them all."""
        if ids is not None:
            for article_id in ids:
                a = self.article(article_id)
                if a is not None:
                    yield a
            return
        sql, args = "SELECT * FROM articles WHERE 1", []
        if date_from:
            sql += " AND published >= ?"
            args.append(date_from.isoformat())
        if date_to:
            sql += " AND published <= ?"
            args.append(date_to.isoformat())
        for row in self.conn.execute(sql + " ORDER BY published, id", args):
            yield _row_to_article(row)

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search_articles(
        self,
        query: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        source: str | None = None,
        entity: str | None = None,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = ("[", "]"),
    ) -> list[dict[str, Any]]:
        """Articles matching an FTS5 query and filters, BM25-ranked (newest first without a query).

        Every match is ranked, but snippets (the costly part) are built only for the requested page;
        every filter is a bound parameter. Raises ``QuerySyntaxError`` for a query SQLite cannot parse.
        """
        where, args = "", []  # type: ignore[var-annotated]
        if date_from:
            where += " AND a.published >= ?"
            args.append(date_from.isoformat())
        if date_to:
            where += " AND a.published <= ?"
            args.append(date_to.isoformat())
        if source:
            where += " AND a.source = ?"
            args.append(source)
        if entity:
            where += " AND a.id IN (SELECT article_id FROM entities WHERE name = ? COLLATE NOCASE)"
            args.append(entity)
        if query:
            sql = (
                "WITH hits AS (SELECT a.rowid AS rid, bm25(articles_fts) AS score, a.published AS published, "
                "a.id AS id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                f"WHERE articles_fts MATCH ?{where} ORDER BY score, published DESC, id LIMIT ? OFFSET ?) "
                "SELECT a.id, a.published, a.title, a.source, a.url, "
                "snippet(articles_fts, 1, ?, ?, ' … ', 24) AS snippet FROM hits "
                "JOIN articles_fts ON articles_fts.rowid = hits.rid JOIN articles a ON a.rowid = hits.rid "
                "WHERE articles_fts MATCH ? ORDER BY hits.score, hits.published DESC, hits.id"
            )
            args = [query, *args, limit, offset, marks[0], marks[1], query]
        else:
            sql = (
                "SELECT a.id, a.published, a.title, a.source, a.url, substr(a.text, 1, 240) AS snippet "
                f"FROM articles a WHERE 1{where} ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?"
            )
            args += [limit, offset]
        return [dict(r) for r in self._fts(sql, args)]

    def _fts(self, sql: str, args: list[Any]) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError as e:
            msg = str(e)
            if "fts5" in msg or "syntax error" in msg or "no such column" in msg or "unterminated" in msg:
                raise QuerySyntaxError(f"bad search query: {msg}") from None
            raise

    # -- annotations -----------------------------------------------------------------------

    def stale_article_ids(self, annotator_version: str) -> list[str]:
        """Articles never annotated, annotated by another version, whose last attempt failed, or skipped
        for their language (before dateline annotated every language: they are done now, no version bump
        needed)."""
        rows = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
            "WHERE n.article_id IS NULL OR n.annotator_version != ? OR n.status = 'failed' "
            "OR (n.status = 'skipped' AND n.reason LIKE 'language % not supported') "
            "ORDER BY a.published, a.id",
            (annotator_version,),
        ).fetchall()
        return [r[0] for r in rows]

    def save_annotation(self, ann: Annotation) -> None:
        """Replace everything stored for the article with this annotation (idempotent)."""
        aid = ann.article_id
        c = self.conn
        for table in ("sentences", "timexes", "entities", "mentions", "quotes"):
            c.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))  # noqa: S608 (fixed names)
        c.execute(
            "INSERT OR REPLACE INTO annotations (article_id, annotator_version, language, status, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            (aid, ann.annotator_version, ann.language, ann.status, ann.reason),
        )
        c.executemany(
            "INSERT INTO sentences "
            "(article_id, idx, start, end, text, event_date, day, granularity, date_source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    aid,
                    i,
                    s.start,
                    s.end,
                    s.text,
                    s.event_date,
                    s.event_date if s.granularity == "day" else None,
                    s.granularity,
                    s.date_source,
                )
                for i, s in enumerate(ann.sentences)
            ],
        )
        c.executemany(
            "INSERT INTO timexes (article_id, start, end, text, type, value, mod, anchor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchor) for t in ann.timexes],
        )
        c.executemany(
            "INSERT INTO entities (article_id, name, label, count) VALUES (?, ?, ?, ?)",
            [(aid, e.name or e.text, e.label, e.count) for e in ann.entities],
        )
        c.executemany(
            "INSERT INTO mentions (article_id, name, text, label, start, end) VALUES (?, ?, ?, ?, ?, ?)",
            [(aid, e.name or e.text, e.text, e.label, s, t) for e in ann.entities for (s, t) in e.spans],
        )
        c.executemany(
            "INSERT INTO quotes (article_id, start, end, text, speaker, role, verb, date, direct) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (aid, q.start, q.end, q.text, q.speaker, q.role, q.verb, q.date, int(q.direct))
                for q in ann.quotes
            ],
        )

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Read-only helper for stage modules (timeline retrieval, web pages): parameterized SQL only."""
        return [dict(r) for r in self._fts(sql, list(args))]

    # -- watch state and saved timelines (``dateline watch``; call inside a transaction) ------------

    def watch_state(self, key: str) -> tuple[float | None, int | None] | None:
        """(mtime, size) recorded for a watched file or feed, None when never seen."""
        row = self.conn.execute("SELECT mtime, size FROM watch_state WHERE key = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else None

    def watch_seen(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` (e.g. feed entries) are already recorded."""
        found: set[str] = set()
        for key in keys:
            if self.conn.execute("SELECT 1 FROM watch_state WHERE key = ?", (key,)).fetchone():
                found.add(key)
        return found

    def set_watch_state(
        self, key: str, kind: str, mtime: float | None = None, size: int | None = None
    ) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO watch_state (key, kind, mtime, size) VALUES (?, ?, ?, ?)",
            (key, kind, mtime, size),
        )

    def put_saved_timeline(self, name: str, query: str | None, params_json: str, now: str) -> None:
        """Create or redefine a saved timeline (its entries and creation time are kept)."""
        self.conn.execute(
            "INSERT INTO saved_timelines (name, query, params_json, created) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query, params_json = excluded.params_json",
            (name, query, params_json, now),
        )

    def saved_timeline(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM saved_timelines WHERE name = ?", (name,)).fetchone()
        return dict(row) if row else None

    def saved_timeline_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM saved_timelines ORDER BY name")]

    def saved_entries(self, name: str) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.conn.execute("SELECT * FROM saved_entries WHERE name = ? ORDER BY date", (name,))
        ]

    def put_saved_entry(
        self, name: str, day: str, entry_json: str, first_seen: str, last_seen: str, changed: str
    ) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO saved_entries (name, date, entry_json, first_seen, last_seen, changed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, day, entry_json, first_seen, last_seen, changed),
        )

    def touch_saved_timeline(self, name: str, now: str) -> None:
        self.conn.execute("UPDATE saved_timelines SET updated = ? WHERE name = ?", (now, name))

    # -- reporting -------------------------------------------------------------------------

    def stats(self) -> Stats:
        c = self.conn
        n, first, last = c.execute("SELECT count(*), min(published), max(published) FROM articles").fetchone()
        sources = {
            (r[0] or "(none)"): r[1]
            for r in c.execute(
                "SELECT source, count(*) FROM articles GROUP BY source ORDER BY 2 DESC LIMIT 20"
            )
        }
        languages = {
            (r[0] or "(unknown)"): r[1]
            for r in c.execute("SELECT language, count(*) FROM annotations GROUP BY language ORDER BY 2 DESC")
        }
        return Stats(
            articles=n,
            first=first,
            last=last,
            sources=sources,
            languages=languages,
            rejects=c.execute("SELECT count(*) FROM rejects").fetchone()[0],
            annotated=c.execute("SELECT count(*) FROM annotations WHERE status = 'ok'").fetchone()[0],
            annotation_failures=c.execute("SELECT count(*) FROM annotations WHERE status != 'ok'").fetchone()[
                0
            ],
            sentences=c.execute("SELECT count(*) FROM sentences").fetchone()[0],
            quotes=c.execute("SELECT count(*) FROM quotes").fetchone()[0],
            schema_version=self.schema_version(),
        )


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        published=date.fromisoformat(row["published"]),
        text=row["text"],
        id=row["id"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        language=row["language"],
        origin=row["origin"],
        hash=row["hash"],
    )


def open_store(path: str | Path | None = None, readonly: bool = False, create: bool = True) -> Store:
    """Open (and create/migrate) a store. Read-only opens never create or migrate the file."""
    p = Path(path) if path is not None else default_db_path()
    if (readonly or not create) and not p.exists():
        raise StoreError(f"{p}: no such dateline store (run `dateline ingest` first, or pass --db)")
    if p.is_dir():
        raise StoreError(f"{p}: is a folder; --db names the store's file (e.g. {p / 'dateline.db'})")
    if not readonly:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:  # a file where a folder should be, no permission
            raise StoreError(f"{p}: cannot create its folder {p.parent} ({e.strerror})") from None
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{p.resolve()}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(p, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as e:  # no permission to read or create the file
        raise StoreError(f"{p}: cannot open the store ({e})") from None
    try:
        prepare_connection(conn, readonly=readonly)
        store = Store(conn, p, readonly=readonly)
        if readonly:
            if store.schema_version() == 0:
                raise StoreError(f"{p}: not a dateline store (no schema)")
        else:
            store.migrate()
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(f"{p}: not a usable SQLite store ({e})") from None
    except StoreError:
        conn.close()
        raise
    return store
