"""One pure data function per web page: a read-only Store and validated parameters in, a dict out.

The HTML route renders the dict with a template and the ``/api`` route returns it as JSON (datasette's
pattern), so the two can never disagree. Every value is JSON-ready (dates are ISO strings). SQL here is
always parameterized and goes through ``Store.query`` (the store stays the only sqlite3 user).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from dateline.store import Store
from dateline.types import Timeline

# Private-use characters mark FTS matches inside snippets: they cannot occur in the query's own markup,
# and are turned into offsets, so nothing in a snippet is ever interpreted as HTML.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARK_RE = re.compile(f"{_MARK_OPEN}(.*?){_MARK_CLOSE}", re.S)

TimelineBuilder = Callable[..., Timeline]


class NotFound(LookupError):
    """The page's subject (article, entity) is not in the store; the message names it."""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """Plain snippet text plus [start, end] offsets of the FTS matches inside it."""
    plain: list[str] = []
    marks: list[list[int]] = []
    pos = 0
    last = 0
    for m in _MARK_RE.finditer(snippet):
        plain.append(snippet[last : m.start()])
        pos += m.start() - last
        plain.append(m.group(1))
        marks.append([pos, pos + len(m.group(1))])
        pos += len(m.group(1))
        last = m.end()
    plain.append(snippet[last:])
    text = "".join(plain).replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    return text, marks


# -- search -----------------------------------------------------------------------------------

_FTS_SYNTAX = re.compile(r'["*():^]|\b(AND|OR|NOT|NEAR)\b')


def fts_query(q: str) -> str:
    """Plain words become quoted FTS5 terms (so ``covid-19`` or ``U.S.`` are not syntax errors); a query
    that already uses FTS5 syntax (quotes, AND/OR/NOT, NEAR, prefix ``*``, columns) is passed through."""
    if _FTS_SYNTAX.search(q):
        return q
    return " ".join(f'"{w}"' for w in q.split())


def search(
    store: Store,
    q: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    source: str | None = None,
    entity: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """Articles matching a full-text query and filters, BM25-ranked (newest first without a query).

    Fetches ``limit + 1`` rows to know whether there is a next page without a costly count.
    Raises ``QuerySyntaxError`` for an FTS5 query SQLite cannot parse.
    """
    rows = store.search_articles(
        fts_query(q) if q else None, date_from, date_to, source, entity,
        limit=limit + 1, offset=offset, marks=(_MARK_OPEN, _MARK_CLOSE),
    )
    results = []
    for r in rows[:limit]:
        text, marks = split_marks(r["snippet"] or "")
        results.append(
            {
                "id": r["id"],
                "published": r["published"],
                "title": r["title"],
                "source": r["source"],
                "url": r["url"],
                "snippet": " ".join(text.split()) if not marks else text,
                "marks": marks,
            }
        )
    return {
        "params": {
            "q": q,
            "date_from": _iso(date_from),
            "date_to": _iso(date_to),
            "source": source,
            "entity": entity,
            "limit": limit,
            "offset": offset,
        },
        "results": results,
        "has_more": len(rows) > limit,
    }


def sources(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """The most frequent article sources, for the search form's source filter."""
    return store.query(
        "SELECT source, count(*) AS articles FROM articles WHERE source IS NOT NULL "
        "GROUP BY source ORDER BY articles DESC, source LIMIT ?",
        [limit],
    )


def overview(store: Store) -> dict[str, Any]:
    """What the store holds, for the landing page and ``/api/stats``."""
    s = store.stats()
    return {
        "articles": s.articles,
        "first": s.first,
        "last": s.last,
        "annotated": s.annotated,
        "sentences": s.sentences,
        "quotes": s.quotes,
        "sources": s.sources,
    }


# -- timeline ---------------------------------------------------------------------------------


def timeline(
    builder: TimelineBuilder,
    store: Store,
    q: str | None = None,
    entity: str | None = None,
    T: int = 10,  # noqa: N803 (the field's names for "number of dates" and "sentences per date")
    N: int = 2,  # noqa: N803
    method: str = "default",
    date_from: date | None = None,
    date_to: date | None = None,
    background: bool = True,
) -> dict[str, Any]:
    """A timeline for a query or an entity, from the timeline stage; raises its TimelineError as is."""
    tl = builder(
        store,
        query=q,
        entity=entity,
        T=T,
        N=N,
        method=method,
        date_from=date_from,
        date_to=date_to,
        background=background,
    )
    return {
        "params": {
            "q": q,
            "entity": entity,
            "T": T,
            "N": N,
            "method": method,
            "date_from": _iso(date_from),
            "date_to": _iso(date_to),
            "background": background,
        },
        "timeline": tl.to_dict(),
        "sentences": sum(len(e.sentences) for e in tl.entries),
        "articles": len({s.source.article_id for e in tl.entries for s in e.sentences}),
    }


# -- article ----------------------------------------------------------------------------------


def article(store: Store, article_id: str) -> dict[str, Any]:
    """One article with everything annotate found in it, as character spans into its text."""
    a = store.article(article_id)
    if a is None:
        raise NotFound(f"article {article_id!r}: no such article in the store")
    ann = store.query(
        "SELECT annotator_version, language, status, reason, at FROM annotations WHERE article_id = ?",
        [article_id],
    )
    return {
        "article": {
            "id": a.id,
            "published": a.published.isoformat(),
            "title": a.title,
            "url": a.url,
            "source": a.source,
            "language": a.language,
            "origin": a.origin,
            "text": a.text,
        },
        "annotation": ann[0] if ann else None,
        "sentences": store.query(
            "SELECT idx, start, end, event_date, granularity, date_source FROM sentences "
            "WHERE article_id = ? ORDER BY idx",
            [article_id],
        ),
        "timexes": store.query(
            "SELECT start, end, text, type, value, mod, anchor FROM timexes "
            "WHERE article_id = ? ORDER BY start",
            [article_id],
        ),
        "entities": store.query(
            "SELECT name, label, count FROM entities WHERE article_id = ? ORDER BY count DESC, name",
            [article_id],
        ),
        "mentions": store.query(
            "SELECT name, text, label, start, end FROM mentions WHERE article_id = ? ORDER BY start",
            [article_id],
        ),
        "quotes": store.query(
            "SELECT rowid AS id, start, end, text, speaker, role, verb, date, direct FROM quotes "
            "WHERE article_id = ? ORDER BY start",
            [article_id],
        ),
    }


# -- quotes -----------------------------------------------------------------------------------


def quotes(
    store: Store,
    speaker: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """Who said what, when: quotes in date order, optionally for one speaker (substring, case-insensitive)."""
    sql = (
        "SELECT q.rowid AS id, q.article_id, q.start, q.end, q.text, q.speaker, q.role, q.verb, q.date, "
        "q.direct, a.published, a.title, a.url, a.source "
        "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE 1"
    )
    args: list[Any] = []
    if speaker:
        sql += " AND q.speaker LIKE ? ESCAPE '\\'"
        args.append(f"%{_like_escape(speaker)}%")
    if date_from:
        sql += " AND a.published >= ?"
        args.append(date_from.isoformat())
    if date_to:
        sql += " AND a.published <= ?"
        args.append(date_to.isoformat())
    sql += " ORDER BY a.published, q.article_id, q.start LIMIT ? OFFSET ?"
    args += [limit + 1, offset]
    rows = store.query(sql, args)
    for r in rows:
        r["direct"] = bool(r["direct"])
    speakers = store.query(
        "SELECT speaker, count(*) AS quotes FROM quotes WHERE speaker IS NOT NULL "
        "GROUP BY speaker ORDER BY quotes DESC, speaker LIMIT 30",
    )
    return {
        "params": {
            "speaker": speaker,
            "date_from": _iso(date_from),
            "date_to": _iso(date_to),
            "limit": limit,
            "offset": offset,
        },
        "quotes": rows[:limit],
        "has_more": len(rows) > limit,
        "speakers": speakers,
    }


# -- entities ---------------------------------------------------------------------------------


def entities(store: Store, q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Entities by the number of articles that mention them (optionally names containing ``q``)."""
    sql = "SELECT name, label, count(DISTINCT article_id) AS articles, sum(count) AS mentions FROM entities"
    args: list[Any] = []
    if q:
        sql += " WHERE name LIKE ? ESCAPE '\\'"
        args.append(f"%{_like_escape(q)}%")
    sql += " GROUP BY name, label ORDER BY articles DESC, name LIMIT ? OFFSET ?"
    args += [limit + 1, offset]
    rows = store.query(sql, args)
    return {
        "params": {"q": q, "limit": limit, "offset": offset},
        "entities": rows[:limit],
        "has_more": len(rows) > limit,
    }


MAX_DAILY_BARS = 120
MAX_MONTHLY_BARS = 120


def _month_index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def mentions_over_time(store: Store, name: str) -> list[dict[str, Any]]:
    """Articles mentioning ``name`` per day, month or year (the finest that fits 120 bars), gaps filled."""
    rows = store.query(
        "SELECT a.published AS day, count(DISTINCT a.id) AS articles, sum(e.count) AS mentions "
        "FROM entities e JOIN articles a ON a.id = e.article_id WHERE e.name = ? COLLATE NOCASE "
        "GROUP BY a.published ORDER BY a.published",
        [name],
    )
    if not rows:
        return []
    first, last = date.fromisoformat(rows[0]["day"]), date.fromisoformat(rows[-1]["day"])
    if (last - first).days < MAX_DAILY_BARS:
        periods = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
        key = len("YYYY-MM-DD")
    elif _month_index(rows[-1]["day"]) - _month_index(rows[0]["day"]) < MAX_MONTHLY_BARS:
        lo, hi = _month_index(rows[0]["day"]), _month_index(rows[-1]["day"])
        periods = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(lo, hi + 1)]
        key = len("YYYY-MM")
    else:
        periods = [f"{y:04d}" for y in range(first.year, last.year + 1)]
        key = len("YYYY")
    out = {p: {"period": p, "articles": 0, "mentions": 0} for p in periods}
    for r in rows:
        bucket = out[r["day"][:key]]
        bucket["articles"] += r["articles"]
        bucket["mentions"] += r["mentions"]
    return list(out.values())


def entity(store: Store, name: str, limit: int = 20) -> dict[str, Any]:
    """An entity: its labels, articles mentioning it over time (with a chart), quotes and recent articles."""
    labels = store.query(
        "SELECT label, count(DISTINCT article_id) AS articles, sum(count) AS mentions FROM entities "
        "WHERE name = ? COLLATE NOCASE GROUP BY label ORDER BY articles DESC",
        [name],
    )
    if not labels:
        raise NotFound(f"entity {name!r}: no article in the store mentions it")
    series = mentions_over_time(store, name)
    articles = store.query(
        "SELECT a.id, a.published, a.title, a.source, a.url, e.count AS mentions FROM entities e "
        "JOIN articles a ON a.id = e.article_id WHERE e.name = ? COLLATE NOCASE "
        "ORDER BY a.published DESC, a.id LIMIT ?",
        [name, limit],
    )
    said = store.query(
        "SELECT q.rowid AS id, q.article_id, q.text, q.speaker, q.verb, q.date, q.direct, "
        "a.published, a.title "
        "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker LIKE ? ESCAPE '\\' "
        "ORDER BY a.published, q.start LIMIT ?",
        [f"%{_like_escape(name)}%", limit],
    )
    for r in said:
        r["direct"] = bool(r["direct"])
    return {
        "name": name,
        "labels": labels,
        "articles_total": sum(r["articles"] for r in labels),
        "series": series,
        "articles": articles,
        "quotes": said,
    }
