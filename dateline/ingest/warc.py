"""WARC (and ARC) files of crawled pages, read with warcio; every HTML response is one article.

Other records (requests, metadata, images, redirects) are not articles and are passed over silently. The
publication date comes from the page (htmldate), never from ``WARC-Date``, which is only the crawl time.
Records are numbered from 1 in file order, counting every record, so ``file:N`` points into the archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dateline.ingest.common import human_size
from dateline.ingest.html import parse_html
from dateline.types import Article, Reject

MAGIC = (b"WARC/", b"\x1f\x8b", b"filedesc://")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    file = str(path)
    n = 0
    try:
        with path.open("rb") as fh:
            magic = fh.read(16)
            fh.seek(0)
            if not magic.lstrip(b"\r\n").startswith(MAGIC):
                yield Reject(file, None, "not a WARC file (it does not start with a WARC/ARC record or gzip)")
                return
            for n, record in enumerate(ArchiveIterator(fh, arc2warc=True), start=1):  # noqa: B007
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                if not ctype.startswith(HTML_TYPES) or not status.startswith("2"):
                    continue
                stream = record.content_stream()
                raw = stream.read(max_bytes + 1)
                if len(raw) > max_bytes:
                    limit = human_size(max_bytes)
                    yield Reject(file, n, f"absurd size: page exceeds the {limit} limit per article")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                charset = ctype.partition("charset=")[2].split(";")[0].strip(" \"'") or None
                yield parse_html(raw, file, n, max_bytes, url=url, charset=charset)
    except ArchiveLoadFailed as exc:
        yield Reject(file, n + 1 if n else None, f"not a readable WARC file ({str(exc).strip()})")
    except OSError as exc:
        yield Reject(file, n + 1 if n else None, f"cannot read WARC ({exc})")
