"""Ingest: read dated news articles from files into the store, one reader per format.

Readers are generators of :class:`~dateline.types.Article` or :class:`~dateline.types.Reject`, so one bad
record never stops a batch; :func:`ingest_paths` writes them through the store in transactions. Every
reader builds its articles with ``common.make_article``, which repairs mojibake (``repair_mojibake``) in
all formats but timeml, whose annotations point into the text as it is.

======  ==============================  =====================================  ====================
format  files                           date from                              record numbers
======  ==============================  =====================================  ====================
seed    ``date YYYY-MM-DD body`` .txt   the header                             (one per file)
jsonl   .jsonl .ndjson (.gz)            ``date`` (ISO 8601)                    line, from 1
dir     ``<topic>/<YYYY-MM-DD>/*.txt``  nearest ISO-date folder                (one per file)
html    .html .htm                      htmldate (metadata, byline, URL)       (one per file)
warc    .warc .warc.gz .arc             htmldate on each HTML response         WARC record, from 1
rss     .rss .atom .xml (sniffed)       entry published/updated, feed's zone   entry, from 1
timeml  .tml (.xml sniffed)             the DCT                                (one per file)
======  ==============================  =====================================  ====================
"""

from dateline.ingest.common import DEFAULT_MAX_BYTES
from dateline.ingest.detect import FORMATS, detect_format
from dateline.ingest.readers import READERS
from dateline.ingest.run import IngestError, IngestSummary, default_rejects_path, ingest_paths, read_path

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMATS", "READERS", "IngestError", "IngestSummary", "default_rejects_path",
    "detect_format", "ingest_paths", "read_path",
]

