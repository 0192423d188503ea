"""Property tests of the pure pieces: any text is safe, offsets stay inside the text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.annotate.dating import date_sentences
from dateline.annotate.quotemarks import find_quote_spans
from dateline.annotate.text import chunk_spans, clean
from dateline.types import Timex

ALPHABET = st.sampled_from(
    list("ab .,:\n\"\u201c\u201d\u201e\u00ab\u00bb'<>/&;#x1ZQ\u00e9") + ["&amp;", "<p>", "</b>"]
)
TEXTS = st.lists(ALPHABET, max_size=300).map("".join)
VALUES = ["2024-03-07", "2002-10", "PAST_REF", "P3D", "200X", "XXXX"]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_quote_spans_are_ordered_disjoint_and_inside(text: str) -> None:
    spans = find_quote_spans(text)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_clean_preserves_length(text: str) -> None:
    assert len(clean(text)) == len(text)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(min_value=5, max_value=50))
def test_chunks_partition_the_text(text: str, size: int) -> None:
    spans = chunk_spans(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] and b[1] > b[0] for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.integers(0, 300), st.integers(1, 20), st.sampled_from(VALUES)),
                       max_size=5))
def test_date_sentences_never_fails(text: str, raw: list[tuple[int, int, str]]) -> None:
    n = len(text)
    spans = [(i, min(i + 40, n)) for i in range(0, n, 40)]
    timexes = [Timex(text[s : s + w], min(s, n), min(s + w, n), "DURATION" if v == "P3D" else "DATE", v)
               for s, w, v in raw]
    out = date_sentences(text, spans, timexes, date(2024, 3, 23))
    assert len(out) == len(spans)
    for s in out:
        assert s.date_source in (None, "timex", "narrative", "publication")
        assert (s.event_date is None) == (s.date_source is None)
