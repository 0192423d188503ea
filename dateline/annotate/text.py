"""Text preparation that keeps every character offset: HTML remnants blanked, long texts chunked.

Offsets of sentences, quotes and entities must point into the stored article text, so cleaning never
deletes characters: a tag becomes spaces of the same length, an entity becomes its character plus padding.
"""

from __future__ import annotations

import html
import re

_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>|<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SENT_END = re.compile(r"[.!?][\"”’)]?\s")
_BREAK_TAG = re.compile(r"^</?(p|br|div|li|h[1-6]|tr|blockquote)\b", re.I)

# spaCy's parser cost grows with sentence length, not text length, but one Doc of 200 KB still holds
# all its arrays at once: texts are cut into chunks of at most this many characters.
CHUNK_CHARS = 20_000


def clean(text: str) -> str:
    """Blank out HTML tags/scripts and decode entities, preserving length (so offsets stay valid)."""
    if "<" in text:
        text = _BLOCK.sub(lambda m: " " * len(m.group()), text)
        text = _TAG.sub(_blank_tag, text)
    if "&" in text:
        text = _ENTITY.sub(_decode_entity, text)
    return _CONTROL.sub(" ", text)


def _blank_tag(m: re.Match[str]) -> str:
    s = m.group()
    # block-level tags end a paragraph: keep that information as a blank line when there is room
    if _BREAK_TAG.match(s) and len(s) >= 3:
        return "\n\n" + " " * (len(s) - 2)
    return " " * len(s)


def _decode_entity(m: re.Match[str]) -> str:
    s = m.group()
    ch = html.unescape(s)
    if len(ch) != 1:
        return s
    if ch == "\xa0":
        ch = " "
    return ch + " " * (len(s) - 1)


def chunk_spans(text: str, max_chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of at most ``max_chars``: at a paragraph break, else a sentence end,
    else a space, else anywhere (a 200 KB text without spaces is still processed)."""
    n = len(text)
    if n <= max_chars:
        return [(0, n)]
    spans, pos = [], 0
    while pos < n:
        if n - pos <= max_chars:
            spans.append((pos, n))
            break
        limit = pos + max_chars
        cut = text.rfind("\n\n", pos + max_chars // 2, limit)
        if cut < 0:
            ends = list(_SENT_END.finditer(text, pos + max_chars // 2, limit))
            cut = ends[-1].end() if ends else -1
        if cut < 0:
            cut = text.rfind(" ", pos + max_chars // 2, limit)
        if cut <= pos:
            cut = limit
        spans.append((pos, cut))
        pos = cut
    return spans
