"""Direct-quote spans from quotation marks alone (pure text, no model).

Hand-written: textacy's ``direct_quotations`` needs a parsed Doc and drops quotes it cannot attribute;
dating and attribution both need every quoted span, attributed or not, including partial quotes
(one quoted word) and news-style multi-paragraph quotes (a paragraph that opens a quote without closing it
continues in the next paragraph, which re-opens it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPEN_CURLY = "\u201c\u201e\u00ab"  # “ „ «
CLOSE_CURLY = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
_MARKS = re.compile(r'["\u201c\u201d\u201e\u00ab\u00bb]')
_PARA = re.compile(r"\n\s*\n")

# An unbalanced quote that runs to the end of its paragraph is kept only up to this many characters;
# longer runs are almost always a stray mark, not a quote.
MAX_UNCLOSED = 600


@dataclass(frozen=True)
class QuoteSpan:
    """Characters between the marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    closed: bool = True


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs separated by blank lines (a text without blank lines is one paragraph)."""
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens a quote when what precedes it is a space/start/opening bracket."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-:"


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span in ``text``, in order. Never raises; unbalanced marks are tolerated."""
    spans: list[QuoteSpan] = []
    for p_start, p_end in paragraph_spans(text):
        open_at: int | None = None
        open_kind = ""
        for m in _MARKS.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            if open_at is None:
                if ch in OPEN_CURLY or (ch == STRAIGHT and _is_opening_straight(text, i)):
                    open_at, open_kind = i, ch
                continue
            curly = ch in CLOSE_CURLY and open_kind in OPEN_CURLY
            closes = curly or (ch == STRAIGHT and open_kind == STRAIGHT)
            if closes:
                if text[open_at + 1 : i].strip():
                    spans.append(QuoteSpan(open_at + 1, i))
                open_at = None
            elif ch in OPEN_CURLY:  # a new opening mark before the old one closed: restart there
                open_at, open_kind = i, ch
        if open_at is not None:
            end = p_end
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            if 0 < end - open_at - 1 <= MAX_UNCLOSED and len(text[open_at + 1 : end].split()) >= 3:
                spans.append(QuoteSpan(open_at + 1, end, closed=False))
    return spans


class QuoteIndex:
    """Sorted, non-overlapping quote spans with bisect look-ups (a 200 KB text has thousands)."""

    def __init__(self, spans: list[QuoteSpan]) -> None:
        self.spans = spans
        self.starts = [q.start for q in spans]

    def inside(self, start: int, end: int) -> bool:
        """Whether [start, end) lies within one quoted span."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.spans[i].start <= start and end <= self.spans[i].end

    def overlapping(self, start: int, end: int) -> list[QuoteSpan]:
        """The quoted spans that overlap [start, end)."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        while i < len(self.spans) and self.spans[i].start < end:
            if self.spans[i].end > start:
                out.append(self.spans[i])
            i += 1
        return out
