"""RSS and Atom feeds, parsed with feedparser; each entry is one article, dated by its entry date.

The date is the calendar day *as the feed wrote it* (``Sat, 23 Mar 2024 23:30:00 -0500`` is 23 March),
read from the raw string; feedparser's own parsed value is in UTC and would move late-evening stories to
the next day, so it is only the fallback. Entry HTML is turned into text with trafilatura's html2txt.
Entries are numbered from 1 in feed order.
"""

from __future__ import annotations

import email.utils
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateline.ingest.common import BadRecord, check_size, language_code, make_article
from dateline.types import Article, Reject

FEED_LIMIT_FACTOR = 20
"""A feed holds many entries: the file may be this many times the per-article limit."""


def entry_date(entry: Any) -> date | str | None:
    """Publication day of an entry in the feed's own time zone; a string when it cannot be parsed."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()  # Atom: RFC 3339
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        return str(raw)
    return None


def entry_text(entry: Any) -> str:
    from trafilatura import html2txt

    parts = entry.get("content") or []
    value = parts[0].get("value", "") if parts else entry.get("summary", "")
    detail = parts[0] if parts else (entry.get("summary_detail") or {})
    ctype = detail.get("type", "text/html")
    if not value or "html" not in ctype:
        return value or ""
    text = html2txt(f"<html><body>{value}</body></html>")
    return text or value


def read_feed(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    import feedparser

    file = str(path)
    try:
        check_size(path.stat().st_size, max_bytes * FEED_LIMIT_FACTOR)
        raw = path.read_bytes()
    except BadRecord as exc:
        yield Reject(file, None, str(exc).replace("per article", "per feed"))
        return
    except OSError as exc:
        yield Reject(file, None, f"cannot read file ({exc.strerror or exc})")
        return
    if b"\x00" in raw:
        yield Reject(file, None, "binary content (NUL bytes)")
        return
    feed = feedparser.parse(raw)
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield Reject(file, None, f"not a feed, or a feed without entries{why}")
        return
    meta = feed.feed
    source = meta.get("title") or None
    language = language_code(meta.get("language"))
    for n, entry in enumerate(feed.entries, start=1):
        published = entry_date(entry)
        if published is None:
            yield Reject(file, n, "no date (entry has no published/updated date)")
            continue
        yield make_article(
            published=published, text=entry_text(entry), file=file, record=n, max_bytes=max_bytes,
            id=entry.get("id") or None, title=entry.get("title"), url=entry.get("link"), source=source,
            language=language_code(entry.get("language")) or language,
        )
