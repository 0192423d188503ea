"""Collection building: dating, window restriction, retrieval from a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.annotate.sentences import split_sentences
from dateline.timeline import TimelineError, build_collection, collection_from_store
from dateline.timeline.base import stop_words
from dateline.timeline.collection import day_words, fts_query, lead_stamp, names_day
from dateline.types import Article


def test_sentences_dated_at_day_level(collection) -> None:  # type: ignore[no-untyped-def]
    dated = {s.date for s in collection.sentences if s.date}
    assert {date(2024, 3, 1), date(2024, 3, 5), date(2024, 3, 10), date(2002, 10, 12)} <= dated
    weather = [s for s in collection.sentences if s.text.startswith("Weather")]
    assert weather and all(s.date is None for s in weather)


def test_spanish_and_french_dates() -> None:
    arts = [Article(published=date(2011, 1, 27), text="El 25 de enero miles protestaron.", id="es"),
            Article(published=date(2011, 3, 20), text="Le 15 mars 2011, des manifestations.", id="fr")]
    es = build_collection(arts[:1], lang="es")
    fr = build_collection(arts[1:], lang="fr")
    assert es.sentences[0].date == date(2011, 1, 25)
    assert fr.sentences[0].date == date(2011, 3, 15)


def test_restrict_keeps_only_window_articles(collection) -> None:  # type: ignore[no-untyped-def]
    sub = collection.restrict((date(2024, 3, 5), date(2024, 3, 6)))
    assert sub.articles and all(date(2024, 3, 5) <= a.published <= date(2024, 3, 6) for a in sub.articles)
    assert all(s.article < len(sub.articles) for s in sub.sentences)


def test_empty_input_is_a_clear_error() -> None:
    with pytest.raises(TimelineError, match="no articles"):
        build_collection([], name="empty")
    with pytest.raises(TimelineError, match="no article has any text"):
        build_collection([Article(published=date(2024, 1, 1), text="  ", id="x")], lang="en", name="blank")


def test_stop_words_per_language() -> None:
    assert "the" in stop_words("en") and "les" in stop_words("fr") and "los" in stop_words("es")
    assert stop_words("zz") == frozenset()


def test_fts_query_quotes_words() -> None:
    assert fts_query("BP oil-spill") == '"BP" "oil" "spill"'
    assert fts_query('"oil spill" OR bp') == '"oil spill" OR bp'


def test_collection_from_store(store_path: Path) -> None:
    from dateline.store import open_store

    with open_store(store_path, readonly=True) as store:
        c = collection_from_store(store, query="resigned")
        assert {a.id for a in c.articles} == {"a20", "a21", "a22", "a23"}
        assert any(s.date == date(2024, 3, 10) for s in c.sentences)
        e = collection_from_store(store, entity="elena ruiz")
        assert {a.id for a in e.articles} >= {"a20", "a21"}
        with pytest.raises(TimelineError, match="no articles match"):
            collection_from_store(store, query="volcano")
        # a name no entity annotation has (no NER model for the language, a name the model missed): the text
        text_only = collection_from_store(store, entity="convoys")
        assert {a.id for a in text_only.articles} == {"a10", "a11", "a12", "a13"}
        with pytest.raises(TimelineError, match="entity 'volcano': no articles match"):
            collection_from_store(store, entity="volcano")


def test_an_entity_is_found_as_written_and_as_stored(tmp_path: Path) -> None:
    """People are stored without their titles ("Prince William" as "William"): ``--entity "Prince William"``
    finds the articles that store him so, or write his name out, and their lines that name him by any word
    of the stored name, as entity timelines are scored."""
    from dateline.store import open_store
    from dateline.types import Annotation, Entity, Sentence

    texts = {"w1": ("Prince William visited Cardiff on March 3, 2011.", "William"),
             "w2": ("Prince William and Kate Middleton married on April 29, 2011.", "Prince William"),
             "w3": ("The prince opened a hospital wing on May 2, 2011 in Bristol.", None),
             "h1": ("William Hague met Chinese officials in Beijing on June 9, 2011.", "William Hague")}
    with open_store(tmp_path / "w.db") as store, store.transaction():
        for k, (aid, (text, name)) in enumerate(texts.items()):
            store.add_article(Article(published=date(2011, 3 + k, 20), text=text, id=aid))
            ents = [Entity(text=name, label="PERSON", name=name)] if name else []
            store.save_annotation(Annotation(
                article_id=aid, annotator_version="test", language="en", entities=ents,
                sentences=[Sentence(start=0, end=len(text), text=text, event_date=None, granularity=None,
                                    date_source=None)]))
        c = collection_from_store(store, entity="Prince William")
    assert {a.id for a in c.articles} == {"w1", "w2"}
    assert c.keywords == ["william"]


GERMAN = [
    Article(published=date(2011, 1, 27), id="de1", text=(
        "Am 25. Januar 2011 protestierten Tausende in Kairo gegen die Regierung.\n"
        "Die Polizei nahm gestern Hunderte Demonstranten fest. Der Präsident will am Freitag sprechen.")),
    Article(published=date(2011, 2, 12), id="de2", text=(
        "Stand: 12.02.2011 um 09:30 Uhr\nMubarak ist am 11. Februar zurückgetreten, meldete das Fernsehen.")),
]


def test_language_without_resources_is_dated_by_the_fallback(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.temporal import fallback

    # the warning comes once per process and language: another test may have dated German already
    monkeypatch.setattr(fallback, "_warned", set())
    with caplog.at_level("WARNING", logger="dateline.temporal"):
        c = build_collection(GERMAN, name="german")  # language detected: de
    assert c.lang == "de"
    assert [(s.text, s.date, s.date_source) for s in c.sentences] == [
        ("Am 25. Januar 2011 protestierten Tausende in Kairo gegen die Regierung.", date(2011, 1, 25),
         "timex"),
        ("Die Polizei nahm gestern Hunderte Demonstranten fest.", None, "publication"),
        # German "will" (wants) is not the English future: the sentence keeps its publication day
        ("Der Präsident will am Freitag sprechen.", None, "publication"),
        ("Stand: 12.02.2011 um 09:30 Uhr", None, "publication"),  # numeric dates: bylines, left out
        ("Mubarak ist am 11. Februar zurückgetreten, meldete das Fernsehen.", date(2011, 2, 11), "timex"),
    ]
    assert c.sentences[0].date_led
    assert "'de' has no date-tagging resources: dating with the 'names' fallback" in caplog.text


def test_language_with_resources_keeps_its_tagger(caplog: pytest.LogCaptureFixture) -> None:
    """French goes through the rule tagger (a relative weekday the fallback cannot value), no warning."""
    arts = [Article(published=date(2011, 3, 20), id="fr", text="Mardi dernier, des milliers ont manifesté.")]
    with caplog.at_level("WARNING", logger="dateline.temporal"):
        c = build_collection(arts, lang="fr")
    assert c.sentences[0].date == date(2011, 3, 15)
    assert "no date-tagging resources" not in caplog.text


CHRONOLOGY = Article(
    published=date(2011, 4, 1), id="chrono",
    text=("Le 23 mars, l'armée entre à Deraa et tire sur la foule. "
          "Hier, des milliers de personnes ont manifesté à Damas contre le régime. "
          "Publié le 23 mars 2011 à 20h30 par la rédaction du journal. "
          "Les manifestants réclament depuis le 15 mars la levée de l'état d'urgence."),
)


def test_sentences_opening_with_their_explicit_date() -> None:
    """Chronology style ("Le 23 mars, ...") is marked; a deictic opening ("Hier"), a byline with a clock
    time and a date further into the sentence are not."""
    c = build_collection([CHRONOLOGY], lang="fr")
    led = {s.text.split(",")[0].split(" ")[0]: s.date_led for s in c.sentences}
    assert [s.date for s in c.sentences][:2] == [date(2011, 3, 23), date(2011, 3, 31)]
    assert led == {"Le": True, "Hier": False, "Publié": False, "Les": False}


def test_sentences_that_write_their_day_out() -> None:
    """``date_named``: the sentence's own event day written with digits, wherever in the sentence ("Le 23
    mars", "depuis le 15 mars"), unlike ``date_led``; not a deictic day ("Hier")."""
    c = build_collection([CHRONOLOGY], lang="fr")
    named = {s.text.split(",")[0].split(" ")[0]: (s.date, s.date_named) for s in c.sentences}
    assert named == {"Le": (date(2011, 3, 23), True), "Hier": (date(2011, 3, 31), False),
                     "Publié": (date(2011, 3, 23), True), "Les": (date(2011, 3, 15), True)}
    # the words readers are shown for a day worked out from the publication date, and only for that one
    assert [s.day_words for s in c.sentences] == [None, "Hier", None, None]
    moved = Article(published=date(2011, 4, 1), id="m", text=(
        "Des milliers de manifestants sont descendus dans la rue à Deraa le 23 mars dernier."))
    assert [(s.date, s.date_named) for s in build_collection([moved], lang="fr").sentences] == [
        (date(2011, 3, 23), True)]


def test_a_date_begun_on_the_line_above_opens_and_names_the_event_line() -> None:
    """A chronology that puts the year on a line of its own ("2012" above "30 May UK supreme court upholds
    ..."): the expression runs on into the event line, which is dated by it, opens with it and writes its day
    out, as the same line with its year would."""
    text = ("Assange loses his appeal .\n2012\n30 May UK supreme court upholds the decision .\n"
            "Ecuador says it will consider his request .")
    c = build_collection([Article(published=date(2015, 10, 12), id="gu", text=text)], lang="en")
    event = next(s for s in c.sentences if s.text.startswith("30 May"))
    assert (event.date, event.date_source) == (date(2012, 5, 30), "timex")
    assert event.date_led and event.date_named and event.day_words is None
    assert 0 < event.timex_share < 0.4  # the part of the expression inside the line only


def test_names_day_reads_the_sentences_timexes() -> None:
    rows = [(0, "DATE", "2011-03-23", "23 mars"), (40, "DATE", "2011-03-22", "mardi"),
            (60, "TIME", "2011-03-24T20:30", "24 mars à 20h30")]
    starts = [r[0] for r in rows]
    assert names_day(0, 30, date(2011, 3, 23), "timex", rows, starts)
    assert day_words(0, 30, date(2011, 3, 23), "timex", rows, starts) is None  # written out
    assert day_words(35, 55, date(2011, 3, 22), "timex", rows, starts) == "mardi"
    assert day_words(35, 55, date(2011, 3, 22), "publication", rows, starts) is None
    assert not names_day(0, 30, date(2011, 3, 23), "narrative", rows, starts)  # not its own timex
    assert not names_day(35, 55, date(2011, 3, 22), "timex", rows, starts)  # no digit: "mardi"
    assert not names_day(55, 90, date(2011, 3, 24), "timex", rows, starts)  # a clock time, not a DATE
    assert not names_day(0, 30, None, "timex", rows, starts)


def test_store_collection_marks_the_same_sentences(tmp_path: Path) -> None:
    from dateline.annotate.dating import date_sentences
    from dateline.store import open_store
    from dateline.temporal import tag
    from dateline.types import Annotation, Sentence

    a = CHRONOLOGY
    built = build_collection([a], lang="fr")
    timexes = tag(a.text, a.published, "fr")
    spans = split_sentences(a.text)
    dated: list[Sentence] = date_sentences(a.text, spans, timexes, a.published, "fr")
    with open_store(tmp_path / "s.db") as store, store.transaction():
        store.add_article(a)
        store.save_annotation(Annotation(article_id=a.id, annotator_version="test", language="fr",
                                         sentences=dated, timexes=timexes))
    with open_store(tmp_path / "s.db", readonly=True) as store:
        stored = collection_from_store(store, query="manifestants")
    assert [s.date_led for s in stored.sentences] == [s.date_led for s in built.sentences]
    assert any(s.date_led for s in stored.sentences)
    assert [s.date_named for s in stored.sentences] == [s.date_named for s in built.sentences]
    assert [s.day_words for s in stored.sentences] == [s.day_words for s in built.sentences]
    assert any(s.day_words for s in stored.sentences)
    assert any(s.date_named for s in stored.sentences)
    assert [s.timex_share for s in stored.sentences] == [s.timex_share for s in built.sentences]
    assert [s.stamp_end for s in stored.sentences] == [s.stamp_end for s in built.sentences]
    assert any(s.timex_share > 0 for s in stored.sentences)


def test_timex_share_of_publication_dated_sentences_is_the_helpers() -> None:
    """build_collection skips the helper for publication-dated sentences no timex reaches into: the shares
    are still exactly ``timex_share``'s, for sentences with a duration in them ("depuis plus de quatre
    décennies") and without."""
    from dateline.temporal import tag
    from dateline.timeline.collection import timex_share

    text = ("Le colonel Kadhafi gouverne la Libye depuis plus de quatre décennies. Les manifestants ont "
            "envahi la place centrale de la ville. Le 15 février, la police a arrêté un avocat. Les prix "
            "du pétrole se traitent à des plus hauts depuis deux ans et demi. La foule a scandé des "
            "slogans hostiles au régime.")
    a = Article(published=date(2011, 2, 22), id="p", text=text)
    c = build_collection([a], lang="fr")
    rows = sorted((t.start, t.type, t.value or "", t.text) for t in tag(text, a.published, "fr"))
    starts = [r[0] for r in rows]
    assert [s.timex_share for s in c.sentences] == [timex_share(s.start, s.end, rows, starts, s.text)
                                                    for s in c.sentences]
    published = [s for s in c.sentences if s.date_source == "publication"]
    assert any(s.timex_share > 0 for s in published) and any(s.timex_share == 0 for s in published)


def test_timex_share_tells_page_furniture_from_news() -> None:
    """A byline or comment stamp is mostly time expressions; a news sentence with a date is not."""
    byline = "Publié le 20 août 2013 à 16h52 - Mis à jour le 20 août 2013 à 17h28"
    news = "Le 23 mars, l'armée entre à Deraa et tire sur la foule rassemblée devant la mosquée."
    a = Article(published=date(2013, 8, 20), id="b", text=f"{byline}\n\n{news}")
    shares = {s.text: s.timex_share for s in build_collection([a], lang="fr").sentences}
    assert shares[byline] >= 0.4
    assert 0 < shares[news] < 0.2
    stamp = "February 3, 2011 at 6:17 pm | February 3, 2011 at 6:19 pm | Report abuse"
    en = build_collection([Article(published=date(2011, 2, 4), id="c", text=stamp)], lang="en")
    assert en.sentences[0].timex_share >= 0.4


def test_timex_share_reads_padded_whitespace_as_one_space() -> None:
    """A byline padded by the page's layout is as much a stamp as the same byline written tight: runs of
    whitespace count as one character (it was 0.29, under the 0.4 of ``Ranked.max_timex_share``, and
    such a byline was a date's entry in ml-crisis-fr)."""
    tight = "Bachir El Khoury — 9 septembre 2013 à 10h24"
    padded = "Bachir El Khoury" + " " * 30 + "— 9 septembre 2013 à 10h24"
    news = "Les discussions porteront sur la façon de placer l'arsenal chimique sous contrôle international."
    shares = [build_collection([Article(published=date(2013, 9, 9), id=str(k), text=f"{line}\n\n{news}")],
                               lang="fr").sentences[0].timex_share for k, line in enumerate((tight, padded))]
    assert shares[0] >= 0.4
    assert shares[1] == shares[0]


@pytest.mark.parametrize(("lang", "published", "text", "shown"), [
    ("en", date(2010, 6, 16), "June 15 , 2010 : President Obama speaks from the Oval Office on the spill .",
     "President Obama speaks from the Oval Office on the spill ."),
    ("fr", date(2011, 3, 10), "- 3 mars: Frappe aérienne de l'armée à Brega (est de Tripoli).",
     "Frappe aérienne de l'armée à Brega (est de Tripoli)."),
    ("fr", date(2011, 2, 26), "21h01 : La France a annoncé samedi la suspension de son ambassade.",
     "La France a annoncé samedi la suspension de son ambassade."),
    # no colon or dash: the date is part of the sentence
    ("en", date(2011, 3, 10), "On March 7, police said the attack was over.", None),
    ("fr", date(2011, 3, 10), "Le 3 mars, l'armée a frappé Brega.", None),
    # too little after the stamp to be a line of its own
    ("fr", date(2011, 2, 26), "21h01 : À suivre.", None),
])
def test_a_stamp_of_the_lines_own_day_is_cut_from_what_readers_see(
        lang: str, published: date, text: str, shown: str | None) -> None:
    """A chronology's date or a live report's clock time that opens a line, set off by a colon or dash, is
    left out where the line is shown under its own day (``CSentence.stamp_end``, ``lead_stamp``)."""
    from dateline.temporal import tag
    from dateline.timeline.collection import TimexRow

    c = build_collection([Article(published=published, text=text, id="x")], lang=lang)
    s = c.sentences[0]
    assert s.text[s.stamp_end:] == (shown if shown is not None else text)
    rows: list[TimexRow] = sorted((t.start, t.type, t.value or "", t.text)
                                  for t in tag(text, published, lang))
    starts = [r[0] for r in rows]
    assert lead_stamp(s.start, s.end, s.text, s.date, s.date_source, rows, starts) == s.stamp_end
    assert lead_stamp(s.start, s.end, s.text, None, s.date_source, rows, starts) == 0
