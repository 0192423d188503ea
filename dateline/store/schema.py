"""Every table of the embedded store, as plain SQL, with forward migrations.

Like datasette's ``internal_db.py``: the schema is readable SQL text, and the
list of migrations is the only place that changes it. Migration N brings a
store from schema version N-1 to N; a store is never migrated backwards.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles, their full-text index, ingest rejects
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE,
        published TEXT NOT NULL,          -- ISO date
        title TEXT,
        url TEXT,
        source TEXT,
        language TEXT,
        origin TEXT,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TABLE rejects (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        record INTEGER,
        reason TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (file, record, reason)
    );
    """,
    # 2: annotations (one row per article and annotator version) and what they contain
    """
    CREATE TABLE annotations (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        annotator_version TEXT NOT NULL,
        language TEXT,
        status TEXT NOT NULL,             -- ok | skipped | failed
        reason TEXT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE sentences (
        rowid INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        event_date TEXT,
        day TEXT,                         -- event date at day granularity, when it has one (for ranking)
        granularity TEXT,
        date_source TEXT,
        UNIQUE (article_id, idx)
    );
    CREATE INDEX sentences_day ON sentences(day);
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='rowid', tokenize='porter unicode61'
    );
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TABLE timexes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        mod TEXT,
        anchor TEXT
    );
    CREATE INDEX timexes_article ON timexes(article_id);
    CREATE TABLE entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,               -- canonical (longest) name in the article
        label TEXT NOT NULL,
        count INTEGER NOT NULL
    );
    CREATE INDEX entities_name ON entities(name);
    CREATE INDEX entities_article ON entities(article_id);
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE TABLE quotes (
        rowid INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,
        role TEXT,
        verb TEXT,
        date TEXT,
        direct INTEGER NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker);
    """,
    # 3: `dateline watch` state (files by path+mtime+size, feed entries by id/link) and saved timelines
    """
    CREATE TABLE watch_state (
        key TEXT PRIMARY KEY,             -- file:<abs path> | entry:<feed abs path>#<entry id or link>
        kind TEXT NOT NULL,               -- file | feed | entry
        mtime REAL,
        size INTEGER,
        seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE saved_timelines (
        name TEXT PRIMARY KEY,
        query TEXT,
        params_json TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT                      -- last refresh
    );
    CREATE TABLE saved_entries (
        name TEXT NOT NULL REFERENCES saved_timelines(name) ON DELETE CASCADE,
        date TEXT NOT NULL,               -- ISO day of the timeline entry
        entry_json TEXT NOT NULL,
        first_seen TEXT NOT NULL,         -- refresh that first produced this date
        last_seen TEXT NOT NULL,          -- latest refresh whose timeline still had this date
        changed TEXT NOT NULL,            -- refresh that last changed entry_json (or first_seen)
        PRIMARY KEY (name, date)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

TABLES = [
    "articles", "articles_fts", "rejects", "annotations", "sentences", "sentences_fts",
    "timexes", "entities", "mentions", "quotes", "watch_state", "saved_timelines", "saved_entries",
]
