"""Offset-preserving cleaning and chunking (pure)."""

from __future__ import annotations

from dateline.annotate.text import chunk_spans, clean


def test_clean_keeps_length_and_removes_html() -> None:
    raw = "<p>Prices rose&nbsp;5% in <b>May</b> &amp; June.</p><script>var x = 1;</script>"
    out = clean(raw)
    assert len(out) == len(raw)
    assert "<" not in out and "script" not in out
    assert " ".join(out.split()) == "Prices rose 5% in May & June."
    # an offset in the cleaned text points at the same word in the raw text
    assert raw[out.index("May") : out.index("May") + 3] == "May"


def test_chunks_cover_the_text_without_gaps() -> None:
    text = ("A sentence that goes on. " * 4000)[:100_000]
    spans = chunk_spans(text, 20_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(e - s <= 20_000 for s, e in spans)
    assert all(text[e - 2 : e] == ". " for _, e in spans[:-1])  # cut at sentence ends


def test_chunks_of_text_without_spaces() -> None:
    text = "x" * 50_000
    spans = chunk_spans(text, 20_000)
    assert sum(e - s for s, e in spans) == 50_000
