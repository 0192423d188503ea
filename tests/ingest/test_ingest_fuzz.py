"""Property tests: no input bytes make a reader raise, and valid JSONL records survive ingest unchanged but
for the mojibake repair (``repair_mojibake``), which leaves text without any sign of mojibake alone."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest import FORMATS, read_path
from dateline.ingest.common import repair_mojibake
from dateline.types import Article, Reject

SUFFIX = {"seed": ".txt", "jsonl": ".jsonl", "dir": ".txt", "html": ".html", "warc": ".warc", "rss": ".rss",
          "timeml": ".tml"}

PREFIXES = [b"", b"date 2024-03-23 ", b'{"date": "2024-03-23", "text": ', b"<html><body>", b"WARC/1.0\r\n",
            b"<rss><channel><item>", b"<TimeML><TEXT>", b"\xef\xbb\xbf"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(FORMATS), prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=300))
def test_readers_never_raise(fmt: str, prefix: bytes, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2024-03-23" / f"x{SUFFIX[fmt]}"
        path.parent.mkdir()
        path.write_bytes(prefix + body)
        for rec in read_path(path, fmt):
            assert isinstance(rec, (Article, Reject))
            if isinstance(rec, Reject):
                assert rec.reason and rec.file == str(path)
            else:
                assert rec.text.strip() and isinstance(rec.published, date)


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(records=st.lists(st.tuples(st.dates(date(1900, 1, 1), date(2100, 12, 31)), texts), max_size=8))
def test_jsonl_round_trip(records: list[tuple[date, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.jsonl"
        path.write_text("".join(json.dumps({"date": d.isoformat(), "text": t}) + "\n" for d, t in records))
        got = list(read_path(path))
    expected = []
    for d, t in records:
        kept = repair_mojibake(t.strip()).strip()
        if not ("Ã" in t or "Â" in t or "â€" in t):
            assert kept == t.strip()  # no sign of mojibake: kept character for character
        if kept:  # mojibake of white space and nothing else: rejected as an empty body
            expected.append((d, kept))
    assert [(a.published, a.text) for a in got if isinstance(a, Article)] == expected
