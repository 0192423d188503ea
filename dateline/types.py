"""The data types every stage shares: the only vocabulary passed between stages.

Plain dataclasses (no ORM, no pydantic) so that they pickle cheaply to worker
processes and Dask tasks, and convert to JSON with ``dataclasses.asdict``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def content_hash(published: date, text: str) -> str:
    """Identity of an article for de-duplication: same day + same normalized text.

    Whitespace and Unicode normalization differences (NFC, CRLF, trailing blanks)
    must not make a re-crawled copy look new.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(f"{published.isoformat()}\n{norm}".encode()).hexdigest()


@dataclass
class Article:
    """One dated news article, as ingested."""

    published: date
    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str | None = None  # "file:record" it came from, for error messages and provenance
    hash: str = ""

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.published, self.text)
        if not self.id:
            self.id = self.hash[:16]


@dataclass
class Reject:
    """A record that could not be ingested, and why; written to the rejects report."""

    file: str
    record: int | None  # line number (JSONL), entry number (RSS/WARC), None for a whole file
    reason: str

    def __str__(self) -> str:
        where = self.file if self.record is None else f"{self.file}:{self.record}"
        return f"{where}: {self.reason}"


@dataclass
class Timex:
    """A TIMEX3 time expression: span into the article text, TimeML type/value/mod."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML value: 2024-03-07, 2024-W12, P6Y, PRESENT_REF, XXXX-XX-XX ...
    mod: str | None = None  # START | MID | END | APPROX | BEFORE | AFTER | ...
    anchor: str | None = None  # "dct" | "narrative" | None (absolute): what the value was resolved against


@dataclass
class Sentence:
    """A sentence with the date its event happened, and how that date was decided."""

    start: int
    end: int
    text: str
    event_date: str | None = None  # TimeML-style value: 2024-03-07, 2024-W12, 2002-10, 2002, 200X
    granularity: str | None = None  # day | week | month | year | decade
    date_source: str | None = None  # timex | narrative | publication | None (undated)


@dataclass
class Entity:
    """A named entity grouped per article; ``name`` is the canonical (longest) form."""

    text: str
    label: str
    count: int = 1
    name: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Quote:
    """Direct or indirect speech with its speaker, as a fact-checker would cite it."""

    text: str
    start: int
    end: int
    speaker: str | None
    role: str | None = None
    verb: str | None = None
    date: str | None = None  # when the statement was made (TimeML value)
    direct: bool = True


@dataclass
class Annotation:
    """Everything the annotate stage derives from one article, versioned."""

    article_id: str
    annotator_version: str
    language: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    status: str = "ok"  # ok | skipped | failed
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SourceRef:
    """Provenance of one timeline line: the article and the character span it came from."""

    article_id: str
    start: int | None = None
    end: int | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass
class Attribution:
    """Who a timeline line quotes: the speaker the annotate stage found for a quote inside it."""

    speaker: str
    role: str | None = None  # "spokesman for the White House National Security Council"
    direct: bool = True  # a direct quote ("...," Kirby said) or reported speech (Kirby said that ...)


# How every export marks a line published before its entry's day (``TimelineSentence.ahead``).
AHEAD = "published ahead of the day"
# ... and a line that does not state its entry's date itself: the date of an earlier sentence of its
# paragraph carries over (``dated_by == "narrative"``), which a fact-checker wants to see before quoting it.
CARRIED = "date carried over from its paragraph"
# ... and a line that gives its entry's day only as a weekday or a relative day ("on Thursday", "yesterday"):
# dateline worked the day out from its article's publication date. Followed by the words, quoted:
# 'day worked out from "Thursday"' (``TimelineSentence.day_resolved_from``).
RESOLVED = "day worked out from"


@dataclass
class TimelineSentence:
    text: str
    source: SourceRef
    quoting: list[Attribution] = field(default_factory=list)  # who said what: the quotes' speakers, in order
    # how the line got its entry's date: "timex" (the sentence names it, or a day inside the background
    # period), "narrative" (carried over from an earlier sentence's date), "publication" (an undated report,
    # placed at its article's publication day or the day before, or two days before when nothing else tells
    # of that day); None when the method placed a sentence that dates itself elsewhere (an event cluster's
    # line)
    dated_by: str | None = None
    # its article was published before the entry's day: the line announces or forecasts the event ("will
    # hold a hearing next Thursday"), it does not report it; readers are told so in every export
    ahead: bool = False
    # the words it gives the entry's day in when it does not write the day out ("Thursday" in "said on
    # Thursday", "yesterday"; not "on March 7"): the day was worked out from its article's publication date,
    # which a fact-checker checks before quoting the date. None otherwise.
    day_resolved_from: str | None = None

    @property
    def notes(self) -> list[str]:
        """What readers are told beside the line's source in every export: ``AHEAD``, ``CARRIED``,
        ``RESOLVED`` "<the words>"."""
        words = " ".join((self.day_resolved_from or "").split())
        resolved = f'{RESOLVED} "{words}"' if words else ""
        return [n for n, on in ((AHEAD, self.ahead), (CARRIED, self.dated_by == "narrative"),
                                (resolved, bool(resolved))) if on]

    @property
    def quoting_label(self) -> str:
        """Who the line quotes, as readers want it: "John Kirby (spokesman for ...); Putin"; "" for none."""
        return "; ".join(" ".join((f"{a.speaker} ({a.role})" if a.role else a.speaker).split())
                         for a in self.quoting)


@dataclass
class TimelineEntry:
    date: date  # the day; for a month or year entry, its first day (what entries are sorted by)
    sentences: list[TimelineSentence]
    background: bool = False  # an event years before the story (e.g. "In October 2002" in a 2024 article)
    score: float = 0.0
    # day | month | year: background events are often known to the month or year only ("In October 2002")
    granularity: str = "day"

    @property
    def label(self) -> str:
        """The date as written in every export: 2024-03-07, 2002-10 or 2002 (TIMEX3/ISO 8601 values)."""
        iso = self.date.isoformat()
        return {"month": iso[:7], "year": iso[:4]}.get(self.granularity, iso)


@dataclass
class Timeline:
    entries: list[TimelineEntry]
    method: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    query: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for e, entry in zip(d["entries"], self.entries, strict=True):
            e["date"] = entry.label
        return d
