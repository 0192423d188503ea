"""A small synthetic news collection (three events, one background date) and a tiny store built from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.types import Annotation, Article, Entity, Quote, Sentence

EVENTS = [
    (date(2024, 3, 1), "An earthquake of magnitude 7 struck the coastal city of Portavia on March 1, 2024 .",
     "Rescue teams searched collapsed buildings in Portavia after the earthquake ."),
    (date(2024, 3, 5), "Portavia announced emergency aid for earthquake victims on March 5, 2024 .",
     "Aid convoys with tents and water reached the earthquake zone ."),
    (date(2024, 3, 10), "Mayor Elena Ruiz resigned over the slow earthquake response on March 10, 2024 .",
     "Protesters in Portavia had demanded the resignation of Mayor Elena Ruiz ."),
]
BACKGROUND = "The last big earthquake hit Portavia on October 12, 2002 , killing dozens ."


def articles() -> list[Article]:
    """Four articles per event (published that day and the next), one mentioning a 2002 earthquake."""
    out = []
    for k, (day, lead, second) in enumerate(EVENTS):
        for j in range(4):
            pub = date.fromordinal(day.toordinal() + j % 2)
            extra = BACKGROUND if j == 3 else f"Officials gave more details about the situation , note {j} ."
            text = f"{lead}\n{second}\n{extra}\nWeather in the region stays mild this week ."
            out.append(Article(published=pub, text=text, id=f"a{k}{j}", title=f"Portavia story {k}-{j}",
                               source="synthetic"))
    return out


@pytest.fixture(scope="session")
def collection():  # type: ignore[no-untyped-def]
    from dateline.timeline.collection import build_collection

    return build_collection(articles(), lang="en", name="portavia")


@pytest.fixture(scope="session")
def dev_collection():  # type: ignore[no-untyped-def]
    from dateline.timeline.collection import build_collection

    c = build_collection(articles(), lang="en", name="portavia-dev")
    c.references = [{d: [lead] for d, lead, _ in EVENTS}]
    return c


@pytest.fixture()
def store_path(tmp_path: Path, collection) -> Path:  # type: ignore[no-untyped-def]
    """A store with the synthetic articles and their annotations (sentences, dates, entities)."""
    from dateline.store import open_store

    path = tmp_path / "tiny.db"
    with open_store(path) as store, store.transaction():
        by_article = collection.by_article()
        for k, a in enumerate(collection.articles):
            store.add_article(a)
            sents = []
            for i in by_article[k]:
                s = collection.sentences[i]
                ev = s.date.isoformat() if s.date else None
                sents.append(Sentence(start=s.start, end=s.end, text=s.text, event_date=ev,
                                      granularity="day" if ev else None, date_source="timex" if ev else None))
            ents = [Entity(text="Elena Ruiz", label="PERSON", name="Elena Ruiz")] if "Ruiz" in a.text else []
            quotes = []
            for s in sents:  # who said what: the resignation reported twice by the mayor, one unattributed
                if "resigned" in s.text:
                    ruiz = {"speaker": "Elena Ruiz", "verb": "say", "direct": False}
                    quotes += [Quote(s.text, s.start + 1, s.end - 1, role="mayor", **ruiz),
                               Quote(s.text, s.start + 2, s.end, **ruiz)]
                if "demanded" in s.text:
                    quotes.append(Quote(s.text, s.start, s.end, None))
            store.save_annotation(Annotation(article_id=a.id, annotator_version="test", language="en",
                                             sentences=sents, entities=ents, quotes=quotes))
    return path
