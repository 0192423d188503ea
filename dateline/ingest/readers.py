"""The registry of readers: format name -> generator of ``Article | Reject`` for one file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from dateline.ingest.dirs import read_dated_file
from dateline.ingest.feeds import read_feed
from dateline.ingest.html import read_html
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.seed import read_seed
from dateline.ingest.tml import read_tml
from dateline.ingest.warc import read_warc
from dateline.types import Article, Reject

Reader = Callable[[Path, int], Iterator[Article | Reject]]

READERS: dict[str, Reader] = {
    "seed": read_seed,
    "jsonl": read_jsonl,
    "dir": read_dated_file,
    "html": read_html,
    "warc": read_warc,
    "rss": read_feed,
    "timeml": read_tml,
}
