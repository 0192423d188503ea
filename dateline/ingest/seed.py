"""The seed format: optional leading whitespace, the word ``date``, an ISO date, then the body.

The body may start on the same line as the date (as in ``../shared/seed/``) or on the next one. This is a
format of our own, so there is no library for it; a single regular expression is all it needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dateline.ingest.common import BadRecord, make_article, read_file
from dateline.types import Article, Reject

HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*\n?", re.IGNORECASE)
"""``date 2024-03-23`` at the start of the file; group 1 is the date token, whatever it looks like."""

SNIFF = re.compile(r"\A\s*date[ \t]+\d{4}-\d{2}-\d{2}(?!\d)", re.IGNORECASE)


def parse_seed(text: str, file: str, max_bytes: int, record: int | None = None) -> Article | Reject:
    m = HEADER.match(text)
    if m is None:
        return Reject(file, record, "no date (a seed file starts with 'date YYYY-MM-DD')")
    body = text[m.end():]
    return make_article(published=m.group(1), text=body, file=file, record=record, max_bytes=max_bytes)


def read_seed(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    """One article per file."""
    try:
        text = read_file(path, max_bytes)
    except BadRecord as exc:
        yield Reject(str(path), None, str(exc))
        return
    yield parse_seed(text, str(path), max_bytes)
