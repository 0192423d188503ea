"""Background entries at a month or year: which periods, which sentences, and what stays out."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.timeline.background import background_entries, period_bounds
from dateline.timeline.collection import Collection, CSentence, as_period
from dateline.types import Article


def _collection(rows: list[tuple[int, str, str | None, str]], n_articles: int = 4) -> Collection:
    """rows: (article, text, period, date source); every article published in March 2024."""
    arts = [Article(published=date(2024, 3, 1 + k), text="x", id=f"a{k}") for k in range(n_articles)]
    sents = [CSentence(text, art, i, 10 * i, 10 * i + 5, None, source, period=period)
             for i, (art, text, period, source) in enumerate(rows)]
    return Collection(arts, sents, "en", "test")


ROWS = [
    (0, "In October 2002, militants took hostages at a Moscow theatre.", "2002-10", "timex"),
    (0, "Two days later, special forces stormed the theatre building.", "2002-10", "timex"),
    (1, "The theatre siege of October 2002 still haunts Moscow families.", "2002-10", "timex"),
    (1, "In September 2004, militants seized a school in Beslan.", "2004-09", "timex"),
    (2, "Hundreds of hostages were held inside the school gym.", "2004-09", "narrative"),
    (2, "The city opened its new metro line in 2019, officials recalled.", "2019", "timex"),
    (3, "Earlier this month, the embassy warned of an attack.", "2024-03", "timex"),
]


def test_period_bounds() -> None:
    assert period_bounds("2002") == (date(2002, 1, 1), date(2002, 12, 31))
    assert period_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("2004-12") == (date(2004, 12, 1), date(2004, 12, 31))


def test_as_period_takes_calendar_months_and_years_told_by_the_text() -> None:
    assert as_period("2002-10", "month", "timex") == "2002-10"
    assert as_period("2002", "year", "narrative") == "2002"
    assert as_period("2002-SU", "season", "timex") is None  # not a calendar period
    assert as_period("2002-W12", "week", "timex") is None
    assert as_period("2002-10", "month", "publication") is None
    assert as_period("2002-10-05", "day", "timex") is None


def test_periods_in_date_order_with_their_sentences_in_reading_order() -> None:
    c = _collection(ROWS)
    out = background_entries(c, N=2, limit=5)
    assert [e.label for e in out] == ["2002-10", "2004-09", "2019"]
    assert all(e.background for e in out)
    assert [e.granularity for e in out] == ["month", "month", "year"]
    assert out[0].date == date(2002, 10, 1)
    # three 2002-10 sentences, N = 2: two chosen, shown in reading order with their source spans
    starts = [s.source.start for s in out[0].sentences]
    assert len(starts) == 2 and starts == sorted(starts)
    assert all(s.source.article_id in ("a0", "a1") for s in out[0].sentences)
    # a narrative carry-over stands in no background entry ("Hundreds of hostages..." is not shown)
    assert [s.text for s in out[1].sentences] == ["In September 2004, militants seized a school in Beslan."]


def test_recent_periods_covered_days_and_limits() -> None:
    c = _collection(ROWS)
    labels = [e.label for e in background_entries(c, N=1, limit=5)]
    assert "2024-03" not in labels  # this month is the story, not its background
    assert [e.label for e in background_entries(c, N=1, limit=1)] == ["2002-10"]  # told by two articles
    assert background_entries(c, N=1, limit=0) == []
    # a day entry inside the period says it more precisely
    covered = [e.label for e in background_entries(c, N=1, limit=5, covered=[date(2002, 10, 23)])]
    assert "2002-10" not in covered and "2004-09" in covered


def test_overlapping_periods_and_taken_sentences() -> None:
    rows = ROWS + [(3, "In 2002, the theatre had reopened after repairs.", "2002", "timex")]
    labels = [e.label for e in background_entries(_collection(rows), N=1, limit=5)]
    assert "2002-10" in labels and "2002" not in labels  # inside a chosen period: left out
    # a sentence already in the timeline is not repeated; a period with nothing left is skipped
    taken = {("a2", 50)}  # the only 2019 sentence
    out = background_entries(_collection(ROWS), N=1, limit=5, taken=taken)
    assert [e.label for e in out] == ["2002-10", "2004-09"]


@pytest.mark.parametrize(("keywords", "expected"), [
    (["beslan"], ["2004-09"]),
    (["theatre"], ["2002-10"]),  # the keyword in one sentence brings the whole passage
    (["volcano"], []),
])
def test_a_period_is_about_the_query_when_one_of_its_sentences_names_it(keywords, expected) -> None:  # type: ignore[no-untyped-def]
    out = background_entries(_collection(ROWS), N=3, limit=5, keywords=keywords)
    assert [e.label for e in out] == expected
    if expected == ["2002-10"]:
        assert any(s.text.startswith("Two days later") for s in out[0].sentences)


def test_the_query_s_own_history_outranks_a_year_the_coverage_mentions_for_other_reasons() -> None:
    """Egypt's 2011 coverage: 2009 is in many articles (Iran's election), 1981 in fewer but about Mubarak.
    Periods rank by articles with a passage naming the query; the entry is written from those passages."""
    iran = "Crowds in Tehran recalled the disputed 2009 election in Iran."
    rows = [(k, iran, "2009", "timex") for k in range(4)]
    rows += [(4, "In 2009, Obama said Mubarak was no authoritarian.", "2009", "timex"),
             (5, "Mubarak has been in power since 1981.", "1981", "timex"),
             (6, "Mubarak took office in 1981 after Sadat was shot.", "1981", "timex"),
             (6, "The same year, an emergency law was passed.", "1981", "timex"),  # the passage goes on
             (7, "Elsewhere, a 1981 film was shown in Cairo.", "1981", "timex")]  # no passage: left out
    c = _collection(rows, n_articles=8)
    out = background_entries(c, N=3, limit=1, keywords=["mubarak"])
    assert [e.label for e in out] == ["1981"]
    texts = [s.text for s in out[0].sentences]
    assert "The same year, an emergency law was passed." in texts and not any("film" in t for t in texts)
    out = background_entries(c, N=3, limit=2, keywords=["mubarak"])
    assert [[s.text for s in e.sentences] for e in out if e.label == "2009"] == [
        ["In 2009, Obama said Mubarak was no authoritarian."]]


def test_a_year_that_only_starts_a_state_makes_no_background() -> None:
    """"has led the company since 2016" is about now, not 2016; "In 2016, ..." is about 2016. The words
    come from each language's tagger resources (en since, fr depuis, es desde)."""
    from dateline.timeline.collection import build_collection, since_words

    text = ("Berg, who has led the company since 2016, declined to comment. In 2012, the plant was fined "
            "40,000 euros. The plant has been closed since March 3.")
    c = build_collection([Article(published=date(2025, 3, 20), text=text, id="x")], lang="en")
    by_text = {s.text.split(",")[0]: s for s in c.sentences}
    assert by_text["Berg"].period is None and by_text["In 2012"].period == "2012"
    assert [e.label for e in background_entries(c, N=1, limit=5)] == ["2012"]
    en, fr, es = since_words("en"), since_words("fr"), since_words("es")
    assert en.search("has led it since ") and en.search("ever since the ") and not en.search("in ")
    assert not en.search("since they met in ")  # only right before the date
    assert fr.search("au pouvoir depuis ") and fr.search("depuis l’") and es.search("desde el ")
    assert since_words("xx") is None  # no tagger resources: no such words


def test_one_line_is_the_sentence_that_names_the_period() -> None:
    """N = 1: the passage's first sentence ("In October 2002, ..."), though the next one is longer and
    closer to the passage's centroid."""
    rows = [(0, "In October 2002, militants took hostages at a theatre.", "2002-10", "timex"),
            (0, "Two days later, special forces stormed the theatre, and hostages and militants died in the "
                "theatre as the special forces freed the hostages.", "2002-10", "timex")]
    out = background_entries(_collection(rows), N=1, limit=1)
    assert [s.text for s in out[0].sentences] == [rows[0][1]]
    assert [s.text for s in background_entries(_collection(rows), N=2, limit=1)[0].sentences] == \
        [rows[0][1], rows[1][1]]


def test_days_inside_a_period_tell_it_and_the_narrator_comes_before_quotes() -> None:
    """The demo's 2019: the year is named in quotes and in a line already in the timeline; the inspection
    of 11 June 2019 and the reply of 14 June are day-dated sentences of the same story."""
    arts = [Article(published=date(2025, 3, 8 + k), text="x", id=f"a{k}") for k in range(3)]
    rows = [  # (article, text, period, day)
        (0, "Inspectors warned Halvorsen in 2019 that the valves were corroded.", "2019", None),
        (0, "During a visit on 11 June 2019, inspectors noted advanced corrosion.", None, date(2019, 6, 11)),
        (0, "Tank T-4 failed last Sunday.", None, date(2025, 3, 2)),
        (0, "On 14 June 2019, the plant promised to replace the valves.", None, date(2019, 6, 14)),
        (1, "\u201cHalvorsen was warned about these valves in 2019,\u201d the lawyer said.", "2019", None),
        (2, "A 2018 report on Halvorsen was never published.", "2018", None),
    ]
    sents = [CSentence(text, art, i, 10 * i, 10 * i + 5, day, "timex", period=period)
             for i, (art, text, period, day) in enumerate(rows)]
    c = Collection(arts, sents, "en", "test")
    taken = {("a0", 0)}  # "Inspectors warned ... in 2019" is already a line of 2025-03-07
    out = background_entries(c, N=2, limit=1, taken=taken, keywords=["halvorsen"])
    assert [e.label for e in out] == ["2019"]  # two articles tell 2019 about Halvorsen, one 2018
    assert [s.text for s in out[0].sentences] == [rows[1][1], rows[3][1]]  # no quote, no 2025 line
    assert {s.dated_by for s in out[0].sentences} == {"timex"}  # each names a day inside 2019
    # with room for three lines the lawyer's words come last
    out = background_entries(c, N=3, limit=1, taken=taken, keywords=["halvorsen"])
    assert [s.text for s in out[0].sentences][-1] == rows[4][1]
    # a long-past day alone makes no period of its own
    days_only = Collection(arts, [s for s in sents if s.period is None], "en", "test")
    assert background_entries(days_only, N=2, limit=2) == []


def test_a_period_is_background_only_when_told_looking_back() -> None:
    """In an archive that runs from the period on, the period's own reports are news of their day: a 2003
    article telling of January 2003 makes no background entry; a 2024 article recalling 2003 does."""
    arts = [Article(published=date(2003, 1, 7), text="x", id="then"),
            Article(published=date(2003, 6, 1), text="x", id="soon"),
            Article(published=date(2024, 3, 1), text="x", id="now")]
    rows = [(0, "Jobs will walk onto the stage in January 2003, the company said.", "2003-01", "timex"),
            (1, "In January 2003, Apple had launched Safari, the company said.", "2003-01", "timex"),
            (2, "In 2003, Jobs was told he had cancer.", "2003", "timex")]
    sents = [CSentence(text, art, i, 10 * i, 10 * i + 5, None, source, period=period)
             for i, (art, text, period, source) in enumerate(rows)]
    out = background_entries(Collection(arts, sents, "en", "archive"), N=2, limit=5)
    assert [e.label for e in out] == ["2003"]
    assert [s.source.article_id for s in out[0].sentences] == ["now"]
