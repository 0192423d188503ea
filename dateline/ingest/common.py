"""Checks every reader shares: size, binary content, UTF-8, dates, empty bodies.

Each check returns a reason string (or raises ``BadRecord``) instead of printing, so a reader turns a bad
record into a :class:`~dateline.types.Reject` naming the file and record and the batch goes on.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from dateline.types import Article, Reject

DEFAULT_MAX_BYTES = 5_000_000
"""Largest article accepted (UTF-8 bytes of its text, or of its file); anything bigger is not news."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")


class BadRecord(ValueError):
    """A record that cannot become an article; the message is the reject reason."""


def human_size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def check_size(n_bytes: int, max_bytes: int) -> None:
    if n_bytes > max_bytes:
        limit = human_size(max_bytes)
        raise BadRecord(f"absurd size: {human_size(n_bytes)} exceeds the {limit} limit per article")


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); binary data is named as such rather than as bad UTF-8.

    Newlines are normalized to ``\\n`` so that character offsets do not depend on the platform that wrote
    the file.
    """
    if b"\x00" in raw:
        raise BadRecord("binary content (NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        sample = raw[:4096]
        texty = sum(1 for b in sample if 32 <= b < 127 or b in b"\t\n\r\f")
        if sample and texty / len(sample) < 0.7:
            raise BadRecord("binary content (mostly non-text bytes)") from None
        raise BadRecord(f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Mojibake: UTF-8 text decoded as Latin-1 or Windows-1252 somewhere upstream ("Egipto iniciÃ³
# oficialmente este sÃ¡bado", "Trumpâ€™s", "Â£100,000"): a lead byte read as "Ã", "Â" or "â€" and a
# continuation byte read as a character of U+0080-U+00BF or one of cp1252's 0x80-0x9F characters.
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122"
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€")
# In tokenized copies the third character of a curly quote, dash or ellipsis is split off by a space
# ("Trumpâ€ ™ s", "candidates â€ “ Donald Trump", "a lesser crime â€ ¦ w"): joined again before the repair.
_SPLIT = re.compile(f"â€ (?=[{_CONT}])")
# The closing double quote's third byte (0x9d) has no cp1252 character: it was dropped or became U+FFFD
# ("neverâ€ .", "England â€" at a line's end, "â€ \ufffd").
_LOST_CLOSE = re.compile(f"â€ ?\ufffd|â€(?![{_CONT}])")


def repair_mojibake(text: str) -> str:
    """Text with its mojibake repaired by ftfy (the library made for it: it undoes only what it can tell is a
    wrong decoding, so "SÃO PAULO" in Portuguese stays). A quarter of the Entities benchmark's Guardian
    articles and a few of ML-Crisis's Spanish ones have it: the dates in "el prÃ³ximo 1 de agosto" and the
    quotes in "â€œNow all he can do ...â€" were not found, and readers were shown the garbage. Text without
    any sign of it is returned as it is (ftfy is not even imported)."""
    # substring tests first: C-level scans, 20x faster than the regex on text without any of them
    if not ("Ã" in text or "Â" in text or "â€" in text) or not _MOJIBAKE.search(text):
        return text
    import ftfy

    if "â€" in text:
        text = _LOST_CLOSE.sub("\u201d", _SPLIT.sub("â€", text))
    return ftfy.fix_encoding(text)


def check_text(text: str) -> None:
    """Reject text that is binary in disguise (control characters) or empty."""
    if "\x00" in text:
        raise BadRecord("binary content (NUL characters)")
    if not text.strip():
        raise BadRecord("empty body")
    if len(text) >= 20 and _CONTROL.search(text) and len(_CONTROL.findall(text)) > 0.1 * len(text):
        raise BadRecord("binary content (mostly control characters)")


def parse_date(value: object) -> date:
    """An ISO 8601 date or date-time (its calendar day as written, no time-zone shift).

    Only ISO is accepted: ``03/04/2024`` is ambiguous, and a silently wrong date is worse than a reject.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadRecord("no date")
    if not isinstance(value, str):
        raise BadRecord(f"unparsable date {value!r} (expected an ISO date string such as 2024-03-23)")
    s = value.strip()
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s).date()
    except ValueError:
        raise BadRecord(f"unparsable date {value!r} (expected ISO 8601, e.g. 2024-03-23)") from None


def language_code(value: object) -> str | None:
    """``en-US`` -> ``en``; anything that is not a language tag -> None (annotation detects it later)."""
    if not isinstance(value, str):
        return None
    m = _LANG.match(value.strip())
    return m.group(0).lower() if m else None


def read_file(path: Path, max_bytes: int) -> str:
    """Read one single-article file, checking its size before reading it."""
    try:
        size = path.stat().st_size
        check_size(size, max_bytes)
        raw = path.read_bytes()
    except OSError as exc:
        raise BadRecord(f"cannot read file ({exc.strerror or exc})") from None
    return decode(raw)


def make_article(
    *,
    published: object,
    text: str,
    file: str,
    record: int | None,
    max_bytes: int,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    language: str | None = None,
    strip: bool = True,
    repair: bool = True,
) -> Article | Reject:
    """Validate one record and build its Article, or the Reject that says why not. Its text and title have
    their mojibake repaired (``repair_mojibake``) unless ``repair`` is False (annotated corpora whose
    offsets must not move)."""
    try:
        if isinstance(published, datetime):
            day = published.date()
        elif isinstance(published, date):
            day = published
        else:
            day = parse_date(published)
        if not isinstance(text, str):
            raise BadRecord("empty body" if text is None else f"text is {type(text).__name__}, not a string")
        check_text(text)
        body = text.strip() if strip else text
        if repair:
            body = repair_mojibake(body)
            body = body.strip() if strip else body
            if not body.strip():  # it was mojibake of white space and nothing else
                raise BadRecord("empty body")
            title = repair_mojibake(title) if title else title
        if len(body) * 4 > max_bytes:  # cheap bound first: UTF-8 is 1-4 bytes per character
            check_size(len(body.encode("utf-8", "surrogatepass")), max_bytes)
    except BadRecord as exc:
        return Reject(file, record, str(exc))
    origin = file if record is None else f"{file}:{record}"
    return Article(
        published=day, text=body, id=id or "", title=(title or "").strip() or None, url=url or None,
        source=source or None, language=language, origin=origin,
    )
