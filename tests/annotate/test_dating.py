"""Event dating rules on hand-written texts with hand-made time expressions (no tagger, no model)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.annotate import dating
from dateline.annotate.dating import attributive, date_sentences, parse_value
from dateline.types import Timex

DCT = date(2024, 3, 23)


def _spans(text: str) -> list[tuple[int, int]]:
    """Sentences split on '. ' (enough for these hand-written texts)."""
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] in " \n"):
            spans.append((start, i + 1))
            start = i + 1
            while start < len(text) and text[start] in " \n":
                start += 1
    return spans


def _tx(text: str, phrase: str, type_: str, value: str, mod: str | None = None, anchor: str | None = None,
        nth: int = 0) -> Timex:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Timex(phrase, start, start + len(phrase), type_, value, mod, anchor)


def _dates(text: str, timexes: list[Timex], dct: date = DCT) -> list[tuple[str | None, str | None]]:
    return [(s.event_date, s.date_source) for s in date_sentences(text, _spans(text), timexes, dct)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-07", ("2024-03-07", "day")),
        ("2024-03-07T18:30", ("2024-03-07", "day")),
        ("2024-W12", ("2024-W12", "week")),
        ("2024-W12-WE", ("2024-W12", "week")),
        ("2002-10", ("2002-10", "month")),
        ("2004", ("2004", "year")),
        ("2004-Q3", ("2004", "year")),
        ("200X", ("200X", "decade")),
        ("199", ("199X", "decade")),
        ("PRESENT_REF", None),
        ("XXXX-10-02", None),
        ("P6Y", None),
        ("2024-02-30", None),
    ],
)
def test_parse_value(value: str, expected: tuple[str, str] | None) -> None:
    p = parse_value(value)
    assert (None if p is None else (p.value, p.granularity)) == expected


def test_explicit_date_wins_and_background_is_not_publication() -> None:
    text = ("The flood hit the valley on Tuesday. In June 1998, a similar flood destroyed the old bridge. "
            "Rescuers rebuilt it within a year.")
    timexes = [_tx(text, "Tuesday", "DATE", "2024-03-19"), _tx(text, "June 1998", "DATE", "1998-06")]
    got = _dates(text, timexes)
    assert got[0] == ("2024-03-19", "timex")
    assert got[1] == ("1998-06", "timex")
    # the background story's time carries over within the paragraph, never the publication day
    assert got[2] == ("1998-06", "narrative")


def test_narrative_time_resets_at_paragraph_and_present_tense() -> None:
    text = ("In 1986, the reactor exploded. Thousands fled.\n\n"
            "The zone is closed to visitors. Tourists came anyway.")
    got = _dates(text, [_tx(text, "1986", "DATE", "1986")])
    assert got[:2] == [("1986", "timex"), ("1986", "narrative")]
    assert got[2] == ("2024-03-23", "publication")  # new paragraph, present tense
    assert got[3] == ("2024-03-23", "publication")


def test_present_tense_sentence_does_not_inherit_background_date() -> None:
    text = "In 2010, the mine collapsed. The company is still paying compensation."
    got = _dates(text, [_tx(text, "2010", "DATE", "2010")])
    assert got[1] == ("2024-03-23", "publication")


def test_a_line_that_is_all_quote_reads_its_tense_from_the_quote() -> None:
    """A quoted line with no narrator's word in it tells by its own tense whether the story goes on: "“I
    don't know how this is all going to end.”" is now, not the 2015 rally; the narrator's words decide as
    before when there are any, and a quote in the past tense keeps the story's date."""
    lines = ["In 2015, Trump held a rally in Texas.",
             "\u201cI don\u2019t know how this is all going to end.\u201d",
             "\u201cWe went there and we won.\u201d", "\u201cWe are winning,\u201d he said."]
    text = " ".join(lines)
    spans = [(text.index(line), text.index(line) + len(line)) for line in lines]
    got = [(d.event_date, d.date_source)
           for d in date_sentences(text, spans, [_tx(text, "2015", "DATE", "2015")], DCT)]
    assert got[0] == ("2015", "timex")
    assert got[1] == ("2024-03-23", "publication")  # all quote, present tense
    assert got[2] == ("2015", "narrative")  # all quote, past tense
    assert got[3] == ("2015", "narrative")  # "he said": the narrator's past tense


def test_an_expression_the_splitter_cut_in_two_dates_the_line_it_ends_in() -> None:
    """A chronology's year or day on a line of its own ("2012" above "30 May UK supreme court upholds ...")
    is tagged with the line below as one expression; that line tells the event and takes the date (before,
    only the line the expression began in did, and the event line was dated by its publication)."""
    lines = ["He says he will consider his next steps.", "2012",
             "30 May UK supreme court upholds the decision.", "Ecuador grants him asylum today."]
    text = "\n".join(lines)
    spans = [(text.index(line), text.index(line) + len(line)) for line in lines]
    timexes = [_tx(text, "2012\n30 May", "DATE", "2012-05-30")]
    got = [(d.event_date, d.date_source) for d in date_sentences(text, spans, timexes, DCT)]
    assert got[1] == ("2012-05-30", "timex")
    assert got[2] == ("2012-05-30", "timex")
    assert got[0][0] is None  # the line before it is not reached (undated: "will")
    assert got[3] == ("2024-03-23", "publication")


def test_prefers_day_date_over_duration_set_and_present_ref() -> None:
    text = "For three years, every week, the council met now and then, and on May 2 it finally voted."
    timexes = [
        _tx(text, "three years", "DURATION", "P3Y"),
        _tx(text, "every week", "SET", "P1W"),
        _tx(text, "now", "DATE", "PRESENT_REF"),
        _tx(text, "May 2", "DATE", "2024-05-02"),
    ]
    assert _dates(text, timexes, date(2024, 5, 3)) == [("2024-05-02", "timex")]


def test_finer_date_inside_the_first_period_refines_it() -> None:
    text = "In March 2023, on March 14, the bank failed."
    timexes = [_tx(text, "March 2023", "DATE", "2023-03"), _tx(text, "March 14", "DATE", "2023-03-14")]
    assert _dates(text, timexes) == [("2023-03-14", "timex")]


def test_future_plan_inside_a_quote_is_ignored() -> None:
    text = "\u201cWe will open the new line on June 1,\u201d the mayor said."
    got = _dates(text, [_tx(text, "June 1", "DATE", "2024-06-01")])
    assert got == [("2024-03-23", "publication")]


def test_past_date_inside_quote_used_when_nothing_else() -> None:
    text = "\u201cWe met them on March 2,\u201d the mayor said."
    assert _dates(text, [_tx(text, "March 2", "DATE", "2024-03-02")]) == [("2024-03-02", "timex")]


def test_attributive_date_does_not_date_the_sentence() -> None:
    text = "Asked about the agency's March 7 warning, the minister declined to comment."
    t = _tx(text, "March 7", "DATE", "2024-03-07")
    assert attributive(text, t)
    assert _dates(text, [t]) == [("2024-03-23", "publication")]
    text2 = "On March 7, the agency warned of an attack."
    assert not attributive(text2, _tx(text2, "March 7", "DATE", "2024-03-07"))


def test_before_after_modifier_is_not_an_event_date() -> None:
    text = "The company was founded before 1990 in a garage."
    assert _dates(text, [_tx(text, "before 1990", "DATE", "1990", mod="BEFORE")])[0][1] == "publication"


def test_relative_to_event_sentence_gets_the_month() -> None:
    text = "Minutes after the blast, police sealed off the square."
    assert _dates(text, []) == [("2024-03", "publication")]


def test_vague_past_reference_after_a_dated_sentence() -> None:
    text = "On February 2, the army crossed the river. Days earlier, scouts had mapped the area."
    timexes = [_tx(text, "February 2", "DATE", "2024-02-02"),
               _tx(text, "Days earlier", "DATE", "PAST_REF", anchor="narrative")]
    assert _dates(text, timexes)[1] == ("2024-02", "narrative")


def test_future_sentence_and_fragments_are_undated() -> None:
    text = "The court will rule next spring. AP."
    got = _dates(text, [])
    assert got[0] == (None, None)
    assert got[1] == (None, None)


def test_empty_inputs() -> None:
    assert date_sentences("", [], [], DCT) == []


def test_written_out_date_beats_relative_one() -> None:
    text = "Late on Sunday, March 2, the valve failed."
    timexes = [_tx(text, "Sunday", "DATE", "2025-03-09", anchor="dct"),
               _tx(text, "March 2", "DATE", "2025-03-02")]
    assert _dates(text, timexes, date(2025, 3, 3)) == [("2025-03-02", "timex")]


def test_future_date_does_not_carry_over() -> None:
    text = "The law expires on December 31. Exporters welcome the extra time."
    got = _dates(text, [_tx(text, "December 31", "DATE", "2024-12-31")])
    assert got[0] == ("2024-12-31", "timex")
    assert got[1] == ("2024-03-23", "publication")


def test_vague_reference_keeps_a_coarse_story_time() -> None:
    text = "In 2002, the theatre was seized. Weeks earlier, militants had arrived."
    timexes = [_tx(text, "2002", "DATE", "2002"),
               _tx(text, "Weeks earlier", "DATE", "PAST_REF", anchor="narrative")]
    assert _dates(text, timexes)[1] == ("2002", "narrative")


def test_only_future_dates_still_date_the_sentence() -> None:
    text = "The vote was moved to April 15."
    assert _dates(text, [_tx(text, "April 15", "DATE", "2024-04-15")]) == [("2024-04-15", "timex")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["will", "WILL", "ſhall", "shall", "won't", "going", "to", "plans", "we'll",
                                 "is", "expected", "days", "before", "AFTER", "the", "attack", "prior",
                                 "ahead", "of", "said", "\u212a", "İ", " ", " ", ",", "a"]),
                max_size=30).map("".join) | st.text(max_size=120))
def test_dating_cue_prefilters_are_exact(sentence: str) -> None:
    """The substring pre-checks in ``_publication`` never skip a sentence the regexes would match."""
    low = None if dating._FOLDS_TO_ASCII.search(sentence) else sentence.lower()
    for rx, words in ((dating._FUTURE, dating._FUTURE_WORDS),
                      (dating._EVENT_RELATIVE, dating._EVENT_RELATIVE_WORDS)):
        if rx.search(sentence):
            assert dating._may_match(low, words)
    assert dating._has_words(sentence, 3) == (len(dating._WORD.findall(sentence)) >= 3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["is", "IS", "isn't", "Remains", "now", "can", "CAN", "İs", "ſays", "\u212a",
                                 " ", ",", "x", "today", "would", "_", "2"]), max_size=20).map("".join)
       | st.text(max_size=80))
def test_present_lookahead_changes_no_match(sentence: str) -> None:
    import re

    plain = re.compile(dating._PRESENT.pattern.replace("(?=[acinrstw])", ""), re.I)
    found = dating._PRESENT.search(sentence)
    expected = plain.search(sentence)
    assert (found and found.span()) == (expected and expected.span())


def _dated(text: str, tx: list[Timex], lang: str) -> list[tuple[str | None, str | None]]:
    return [(s.event_date, s.date_source) for s in date_sentences(text, _spans(text), tx, DCT, lang)]


@pytest.mark.parametrize(("lang", "text", "year"), [
    ("fr", "En 2010, la mine s'est effondrée. L'entreprise verse toujours des indemnités, selon lui. "
           "Elle a payé 3 millions.", "2010"),
    ("es", "En 2010, la mina se derrumbó. La empresa todavía paga indemnizaciones. "
           "Ha pagado 3 millones.", "2010"),
])
def test_present_tense_cues_of_the_language_end_the_narrative_date(lang: str, text: str, year: str) -> None:
    tx = [_tx(text, year, "DATE", year)]
    got = _dated(text, tx, lang)
    assert got[1] == ("2024-03-23", "publication")  # "selon lui" / "todavía": back in the present
    assert _dated(text, tx, "en")[1] == (year, "narrative")  # English cues do not see it


def test_passe_compose_auxiliary_is_not_a_present_cue() -> None:
    text = "En 2010, la mine s'est effondrée. Des mineurs ont été blessés. Ils sont restés bloqués."
    got = _dated(text, [_tx(text, "2010", "DATE", "2010")], "fr")
    assert got[1:] == [("2010", "narrative"), ("2010", "narrative")]


def test_language_without_present_marker_keeps_the_english_cues() -> None:
    text = "In 2010, the mine collapsed. The company is still paying compensation."
    got = _dated(text, [_tx(text, "2010", "DATE", "2010")], "de-DE")
    assert got[1] == ("2024-03-23", "publication")


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # the language's own future words and synthetic-future endings: no publication date
    ("es", "El Gobierno aprobará la ley.", (None, None)),
    ("es", "La oposición va a convocar nuevas protestas.", (None, None)),
    ("fr", "Le ministre se rendra à Tripoli.", (None, None)),
    ("fr", "Les rebelles vont lancer une offensive.", (None, None)),
    # a reported statement about the future is news of the day, as "said it will" in English
    ("es", "El ministro anunció que aprobará la ley.", ("2024-03-23", "publication")),
    ("fr", "Le ministre a déclaré qu'il se rendra à Tripoli.", ("2024-03-23", "publication")),
    # not_future names with a future-looking ending, and past tenses, keep the publication date
    ("es", "El embajador viajó a Teherán.", ("2024-03-23", "publication")),
    ("fr", "La chaîne Al Jazeera a diffusé la vidéo.", ("2024-03-23", "publication")),
])
def test_future_tense_of_the_language_withholds_the_publication_date(
        lang: str, text: str, expected: tuple[str | None, str | None]) -> None:
    assert _dated(text, [], lang) == [expected]


def test_english_future_cues_stay_the_builtin_ones() -> None:
    """English resources have no dater cues (no ``present`` list): its future words ("is to", "plans")
    tune the tagger's weekday direction, not the dater's rule 3."""
    text = "The key here is to refer to another nationality."
    assert _dated(text, [], "en") == [("2024-03-23", "publication")]
    assert _dated("The court will rule on the case.", [], "en") == [(None, None)]


@pytest.mark.parametrize(("lang", "text", "aside", "main", "main_value"), [
    ("en", "Jeff Skilling, who was sentenced in 2006, was resentenced on Friday.", "2006", "Friday",
     "2024-03-22"),
    ("en", "Lord Wakeham, who joined the board in 1994, was yesterday unavailable for comment.", "1994",
     "yesterday", "2024-03-22"),
    ("fr", "Le Caire, qui s'était endormi dimanche soir, s'est réveillé lundi matin dans l'horreur.",
     "dimanche soir", "lundi matin", "2024-03-18"),
    ("es", "Ben Ali, quien gobernó Túnez desde 1987, huyó el 14 de enero.", "1987", "14 de enero",
     "2024-01-14"),
    ("it", "Mario Rossi, che fu eletto sindaco nel 2006, si è dimesso venerdì.", "2006", "venerdì",
     "2024-03-22"),
])
def test_a_date_in_a_relative_clause_between_commas_is_not_the_event(
        lang: str, text: str, aside: str, main: str, main_value: str) -> None:
    aside_value = "2024-03-17" if lang == "fr" else aside
    tx = [_tx(text, aside, "DATE", aside_value), _tx(text, main, "DATE", main_value)]
    assert _dated(text, tx, lang) == [(main_value, "timex")]
    # alone, the clause's date still dates the sentence (better than the publication day)
    assert _dated(text, tx[:1], lang) == [(aside_value, "timex")]


def test_a_relative_clause_that_ends_the_sentence_is_not_an_aside() -> None:
    # not set off by a second comma: the clause may be the news itself, and its day still refines the
    # month of the main clause ("In March, ..., which opened on March 7.")
    text = "In March, the city finished a new bridge, which opened on March 7."
    tx = [_tx(text, "March", "DATE", "2024-03"), _tx(text, "March 7", "DATE", "2024-03-07")]
    assert _dated(text, tx, "en") == [("2024-03-07", "timex")]


@pytest.mark.parametrize(("lang", "text", "days", "day"), [
    ("fr", "Les 2 et 3 mars, les combats ont fait rage à Brega.", 2, "2011-03-03"),
    ("en", "Fighting raged in Brega on 2 and 3 March.", 2, "2011-03-03"),
    ("es", "Los días 2 y 3 de marzo hubo combates en Brega.", 2, "2011-03-03"),
    ("en", "Fighting raged in Brega on March 2 and 3.", 2, "2011-03-02"),
    ("fr", "Les 10, 11 et 12 mars, des manifestations ont eu lieu.", 3, "2011-03-12"),
])
def test_a_pair_of_days_dates_its_sentence_by_the_day_written_in_full(lang: str, text: str, days: int,
                                                                      day: str) -> None:
    """Every day of "les 2 et 3 mars" is a time expression; the sentence is dated by the one that carries
    its month ("3 mars"), never by a bare "2" that borrows it."""
    from dateline.annotate.sentences import split_sentences
    from dateline.temporal import tag

    dct = date(2011, 3, 16)
    timexes = tag(text, dct, lang)
    assert len([t for t in timexes if t.value and t.value.startswith("2011-03-")]) == days
    assert date_sentences(text, split_sentences(text), timexes, dct, lang)[0].event_date == day
