"""Quote spans from quotation marks: curly, straight, partial, multi-paragraph, unbalanced."""

from __future__ import annotations

from dateline.annotate.quotemarks import find_quote_spans, paragraph_spans


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_spans(text)]


def test_curly_and_straight_quotes() -> None:
    text = '\u201cWe are ready,\u201d she said. He replied: "Not yet." It\u2019s late.'
    assert _texts(text) == ["We are ready,", "Not yet."]


def test_partial_quote_of_one_word() -> None:
    text = "The embassy warned of \u201cimminent\u201d plans to attack concerts."
    assert _texts(text) == ["imminent"]


def test_two_quotes_around_attribution() -> None:
    text = "\u201cFirst part,\u201d he posted on X. \u201cSecond part.\u201d"
    assert _texts(text) == ["First part,", "Second part."]


def test_unclosed_quote_runs_to_paragraph_end_and_next_paragraph_reopens() -> None:
    text = ("\u201cWe lost everything in the fire, and nobody came to help us for days.\n\n"
            "\u201cNow we start again,\u201d the farmer said.")
    got = find_quote_spans(text)
    assert [q.closed for q in got] == [False, True]
    assert text[got[0].start : got[0].end].endswith("for days.")


def test_stray_mark_is_tolerated() -> None:
    text = 'The 12" pipe burst. Workers said nothing more.\n\nA "short one".'
    # a stray inch mark must not swallow the text; the real quote in the next paragraph is found
    assert "short one" in _texts(text)
    assert all("Workers" not in t for t in _texts(text))


def test_no_marks_no_quotes_and_empty() -> None:
    assert find_quote_spans("Plain text without quotes.") == []
    assert find_quote_spans("") == []


def test_paragraphs() -> None:
    text = "One.\n\nTwo.\n \nThree."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["One.", "Two.", "Three."]
