"""Golden test on the seed article (issue 4): event dates and who said what."""

from __future__ import annotations

import pytest

from dateline.annotate import annotate_text
from dateline.types import Annotation


@pytest.fixture(scope="module")
def seed(nlp, seed_article) -> Annotation:  # noqa: ANN001
    text, published = seed_article
    ann = annotate_text(text, published, "seed")
    assert ann.status == "ok", ann.reason
    return ann


def _sentence(ann: Annotation, start: str):  # noqa: ANN202
    found = [s for s in ann.sentences if s.text.startswith(start)]
    assert len(found) == 1, f"no single sentence starting {start!r}"
    return found[0]


@pytest.mark.parametrize(
    ("start", "event_date"),
    [
        ("On March 7, Russia", "2024-03-07"),  # the thwarted synagogue attack
        ("In October 2002, Chechen militants", "2002-10"),
        ("Two days later, Russian special forces stormed", "2002-10"),
        ("In September 2004, about 30 Chechen militants seized a school in Beslan", "2004-09"),
        ("The siege ended in a bloodbath", "2004-09"),
        # the attack was the day before publication but the text never says so: the sentence is anchored
        # to the attack, so it gets the publication month (documented in dateline.annotate.dating)
        ("Hours before the attack, the Russian military", "2024-03"),
        ("Russia was shaken by a series of deadly terror attacks", "200X"),
    ],
)
def test_event_dates(seed: Annotation, start: str, event_date: str) -> None:
    assert _sentence(seed, start).event_date == event_date


def test_background_sentences_are_not_dated_to_publication(seed: Annotation) -> None:
    for s in seed.sentences:
        if any(y in s.text for y in ("2002", "2004", "2000s", "Two days later", "two days later")):
            assert not (s.event_date or "").startswith("2024"), s


SPEAKERS = {
    "must be tracked down and killed without mercy": "Medvedev",
    "Ukraine has never resorted to the use of terrorist methods": "Podolyak",
    "Everything in this war will be decided only on the battlefield.": "Podolyak",
    "the images are just horrible": "Kirby",
    "I\u2019m not aware of any advance knowledge that we had of this terrible attack.": "Kirby",
    "Our thoughts are going to be with the victims": "Kirby",
    "I don\u2019t think that was related to this specific attack.": "Kirby",
    "All that resembles open blackmail and an attempt to frighten and destabilize our society": "Putin",
}


@pytest.mark.parametrize(("fragment", "speaker"), list(SPEAKERS.items()))
def test_quote_speakers(seed: Annotation, fragment: str, speaker: str) -> None:
    quotes = [q for q in seed.quotes if q.direct and fragment in q.text]
    assert quotes, f"direct quote {fragment!r} not found"
    assert all(speaker in (q.speaker or "") for q in quotes), [q.speaker for q in quotes]


def test_roles_and_dates(seed: Annotation) -> None:
    podolyak = next(q for q in seed.quotes if "terrorist methods" in q.text)
    assert podolyak.role == "an adviser to Ukrainian President Volodymyr Zelenskyy"
    assert podolyak.verb == "post"
    medvedev = next(q for q in seed.quotes if "without mercy" in q.text)
    assert medvedev.role == "deputy head of Russia\u2019s Security Council"
    putin = next(q for q in seed.quotes if "open blackmail" in q.text)
    assert putin.date == "2024-W12"  # "he said earlier this week"


def test_partial_and_indirect_quotes(seed: Annotation) -> None:
    imminent = next(q for q in seed.quotes if q.text == "imminent")
    assert imminent.direct and imminent.speaker and "Embassy" in imminent.speaker
    officials = next(q for q in seed.quotes if q.text.startswith("security has been tightened"))
    assert not officials.direct and officials.speaker == "Russian officials" and officials.verb == "say"


def test_no_quote_attributed_to_the_wrong_person(seed: Annotation) -> None:
    named = {"Medvedev", "Podolyak", "Kirby", "Putin", "Zelenskyy"}
    for q in seed.quotes:
        for fragment, speaker in SPEAKERS.items():
            if fragment in q.text:
                others = named - {speaker}
                assert not any(o in (q.speaker or "") for o in others), q


def test_entities_link_short_and_long_names(seed: Annotation) -> None:
    by_name = {e.name: e for e in seed.entities}
    assert by_name["John Kirby"].count >= 4  # "John Kirby" + three "Kirby"
    assert "Kirby" not in by_name
    assert by_name["John Kirby"].label == "PERSON"
