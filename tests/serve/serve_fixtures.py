"""A tiny hand-written news corpus about a river flood, stored and annotated through the Store API.

Annotations are written by hand (not by the annotate stage) so that the web tests know exactly which
spans, quotes and dates exist; one article carries XSS payloads in its title, text and URL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from dateline.store import Store, open_store
from dateline.types import (
    Annotation,
    Article,
    Entity,
    Quote,
    Sentence,
    SourceRef,
    Timeline,
    TimelineEntry,
    TimelineSentence,
    Timex,
)

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'

Timexes = list[tuple[str, str]]  # (text, value)
Entities = list[tuple[str, str, list[str]]]  # (name, label, surface forms)
Quotes = list[tuple[str, str, str]]  # (text, speaker, verb)
CORPUS: list[tuple[Article, Timexes, Entities, Quotes]] = [
    (
        Article(
            published=date(2024, 3, 4), id="flood-warning", source="Riverside Post",
            url="https://example.org/riverside/flood-warning",
            title="Flood warnings issued for the Avon valley",
            text="The Environment Agency issued flood warnings for the Avon valley on 4 March 2024. "
            "\"We expect the river to peak on Wednesday,\" said Maria Lopez, the agency's regional director. "
            "Heavy rain began on 1 March 2024 and has not stopped since.",
        ),
        [("4 March 2024", "2024-03-04"), ("Wednesday", "2024-03-06"), ("1 March 2024", "2024-03-01")],
        [("Environment Agency", "ORG", ["Environment Agency"]), ("Maria Lopez", "PERSON", ["Maria Lopez"]),
         ("Avon", "LOC", ["Avon"])],
        [("We expect the river to peak on Wednesday,", "Maria Lopez", "said")],
    ),
    (
        Article(
            published=date(2024, 3, 7), id="banks-burst", source="Northern Ledger",
            url="https://example.org/ledger/banks-burst", title="River Avon bursts its banks",
            text="The River Avon burst its banks in Bradford on Avon on 6 March 2024. "
            "Mayor John Smith said the town hall would open as a shelter. "
            "\"Nobody could have predicted this much water,\" Smith said. "
            "About 200 homes were evacuated on 6 March 2024.",
        ),
        [("6 March 2024", "2024-03-06")],
        [("John Smith", "PERSON", ["John Smith", "Smith"]), ("Avon", "LOC", ["Avon"])],
        [("Nobody could have predicted this much water,", "John Smith", "said")],
    ),
    (
        Article(
            published=date(2024, 3, 8), id="xss-relief", source="Coastal Wire", url="javascript:alert(1)",
            title=f"{XSS_SCRIPT} Flood relief arrives",
            text=f"Flood relief {XSS_SCRIPT} arrived on 7 March 2024. "
            f"A reader posted {XSS_IMG} under the story. "
            "\"Help is on the way,\" said Maria Lopez.",
        ),
        [("7 March 2024", "2024-03-07")],
        [("Maria Lopez", "PERSON", ["Maria Lopez"])],
        [("Help is on the way,", "Maria Lopez", "said"), (f"{XSS_IMG}", f"{XSS_SCRIPT}", "posted")],
    ),
    (
        Article(
            published=date(2024, 3, 15), id="clean-up", source="Riverside Post",
            url="https://example.org/riverside/clean-up", title="Clean-up begins after the Avon flood",
            text="The clean-up began on 12 March 2024 after the Avon flood receded. "
            "Maria Lopez told reporters the river had peaked on 6 March 2024. "
            "Insurers estimated the damage at 40 million pounds.",
        ),
        [("12 March 2024", "2024-03-12"), ("6 March 2024", "2024-03-06")],
        [("Maria Lopez", "PERSON", ["Maria Lopez"]), ("Avon", "LOC", ["Avon"])],
        [],
    ),
    (
        Article(
            published=date(2023, 11, 2), id="bridge-vote", source="Riverside Post",
            url="https://example.org/riverside/bridge", title="Council approves a new bridge",
            text="The council approved a new bridge over the Avon on 1 November 2023. Work starts in 2025.",
        ),
        [("1 November 2023", "2023-11-01"), ("2025", "2025")],
        [("Avon", "LOC", ["Avon"])],
        [],
    ),
]


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.find(needle, after)
    assert i >= 0, f"fixture: {needle!r} not in {text!r}"
    return i, i + len(needle)


def annotation_for(a: Article, timexes: Timexes, entities: Entities, quotes: Quotes) -> Annotation:
    """Sentences split at . ! ? + space; each dated by its first day-level timex, else the publication."""
    txs: list[Timex] = []
    pos = 0
    for t, value in timexes:
        s, e = _find(a.text, t, pos)
        pos = e
        txs.append(Timex(text=t, start=s, end=e, type="DATE", value=value, anchor=None))
    sents: list[Sentence] = []
    start = 0
    for m in list(re.finditer(r"(?<=[.!?])\s+", a.text)) + [None]:
        end = m.start() if m else len(a.text)
        inside = [t for t in txs if start <= t.start < end and len(t.value) == 10]
        if inside:
            sents.append(Sentence(start, end, a.text[start:end], inside[0].value, "day", "timex"))
        else:
            pub = a.published.isoformat()
            sents.append(Sentence(start, end, a.text[start:end], pub, "day", "publication"))
        start = m.end() if m else len(a.text)
    ents = []
    for name, label, forms in entities:
        spans = []
        for f in forms:
            for m in re.finditer(re.escape(f), a.text):
                if not any(s <= m.start() < e for s, e in spans):
                    spans.append((m.start(), m.end()))
        ents.append(Entity(text=name, label=label, count=len(spans), name=name, spans=sorted(spans)))
    qs = []
    for text, speaker, verb in quotes:
        s, e = _find(a.text, text)
        qs.append(Quote(text=text, start=s, end=e, speaker=speaker, verb=verb, date=a.published.isoformat()))
    return Annotation(article_id=a.id, annotator_version="test-fixture", language="en", sentences=sents,
                      timexes=txs, entities=ents, quotes=qs)


def build_store(path: Path) -> Path:
    store = open_store(path)
    with store.transaction():
        for a, t, e, q in CORPUS:
            store.add_article(a)
            store.save_annotation(annotation_for(a, t, e, q))
    store.close()
    return path


def fake_builder(store: Store, query: str | None = None, entity: str | None = None, T: int = 10,  # noqa: N803
                 N: int = 2, method: str = "default", date_from: date | None = None,  # noqa: N803
                 date_to: date | None = None, background: bool = True) -> Timeline:
    """A deterministic stand-in for ``dateline.timeline.build_timeline``: timex-dated sentences of the
    matching articles, the T busiest days, N sentences each. Tests the app, not a timeline method."""
    from dateline.timeline.errors import TimelineError

    if query:
        rows = store.query("SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                           "WHERE articles_fts MATCH ?", ['"' + query.replace('"', '""') + '"'])
    else:
        rows = store.query(
            "SELECT DISTINCT article_id AS id FROM entities WHERE name = ? COLLATE NOCASE", [entity]
        )
    ids = [r["id"] for r in rows]
    if not ids:
        raise TimelineError(f"query {query or entity!r}: no articles match")
    marks = ",".join("?" * len(ids))
    sents = store.query(
        "SELECT s.article_id, s.start, s.end, s.text, s.day, a.title, a.url, a.published FROM sentences s "
        f"JOIN articles a ON a.id = s.article_id WHERE s.article_id IN ({marks}) AND s.date_source = 'timex' "  # noqa: S608
        "ORDER BY s.day, a.published, s.idx", ids)
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sents:
        by_day[s["day"]].append(s)
    days = sorted(sorted(by_day, key=lambda d: -len(by_day[d]))[:T])
    entries = [
        TimelineEntry(date=date.fromisoformat(d), score=float(len(by_day[d])), sentences=[
            TimelineSentence(text=s["text"], source=SourceRef(article_id=s["article_id"], start=s["start"],
                             end=s["end"], title=s["title"], url=s["url"], published=s["published"]),
                             ahead=s["published"] < d)  # as make_refs: published before the day
            for s in by_day[d][:N]
        ])
        for d in days
    ]
    tl = Timeline(entries=entries, method=method, params={"T": T, "N": N}, query=query or entity)
    from dateline.timeline.build import attach_quotes  # who each line quotes, as the real builder does

    attach_quotes(store, tl)
    return tl
