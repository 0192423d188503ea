"""HTML pages: main text with trafilatura, publication date with htmldate (through trafilatura).

No hand-rolled regexes: boilerplate removal and date finding are what these two libraries are for.
htmldate runs with ``original_date=True`` (publication, not last modification) and *without* its extensive
search: that search dates a page with no date markup by any date in its text (a page saying only "In October
2002, the plant leaked" comes out as 2002-01-01), and a silently wrong publication date is worse than a
reject. Metadata, ``<time>``, bylines ("Published March 3, 2025") and dates in the URL are still used.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from dateline.ingest.common import BadRecord, check_size, decode, language_code, make_article, read_file
from dateline.types import Article, Reject

DATE_PARAMS = {"original_date": True, "extensive_search": False, "min_date": "1900-01-01"}


def parse_html(
    html: str | bytes, file: str, record: int | None, max_bytes: int, url: str | None = None,
    charset: str | None = None,
) -> Article | Reject:
    """One page -> one Article (or the reason it cannot be one).

    Bytes are UTF-8 unless ``charset`` (from an HTTP ``Content-Type``) says otherwise.
    """
    import trafilatura  # heavy import, only when HTML is actually read

    try:
        if isinstance(html, bytes):
            check_size(len(html), max_bytes)
            html = _decode(html, charset)
        tree = trafilatura.load_html(html)
        if tree is None:
            raise BadRecord("not parsable as HTML")
        params = dict(DATE_PARAMS, max_date=datetime.now().strftime("%Y-%m-%d"))
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, favor_recall=True, include_comments=False,
            include_tables=False, date_extraction_params=params,
        )
    except BadRecord as exc:
        return Reject(file, record, str(exc))
    except Exception as exc:  # noqa: BLE001 -- a library failure on one page must not stop the batch
        return Reject(file, record, f"HTML extraction failed ({type(exc).__name__}: {exc})")
    if doc is None or not (doc.text or "").strip():
        return Reject(file, record, "empty body (no main text found in the page)")
    if not doc.date:
        return Reject(file, record, "no date (no publication date found in the page)")
    return make_article(
        published=doc.date, text=doc.text, file=file, record=record, max_bytes=max_bytes, title=doc.title,
        url=doc.url or url, source=doc.sitename or doc.hostname, language=language_code(tree.get("lang")),
    )


def _decode(raw: bytes, charset: str | None) -> str:
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii"):
        return decode(raw)
    if b"\x00" in raw:
        raise BadRecord("binary content (NUL bytes)")
    try:
        return raw.decode(charset)
    except LookupError:
        raise BadRecord(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as exc:
        raise BadRecord(f"invalid {charset} (offset {exc.start})") from None


def read_html(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    try:
        text = read_file(path, max_bytes)
    except BadRecord as exc:
        yield Reject(str(path), None, str(exc))
        return
    yield parse_html(text, str(path), None, max_bytes)
