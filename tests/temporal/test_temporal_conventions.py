"""TimeBank conventions that a one-timex table row cannot express (what is *not* tagged next to what is)."""

from __future__ import annotations

from datetime import date

from dateline.temporal import tag


def test_that_day_needs_a_day_in_the_story() -> None:
    got = [(t.text, t.value) for t in tag("In 1987, market makers lost money on trades made that day.",
                                          date(1989, 10, 30))]
    assert got == [("1987", "1987")]


def test_that_day_follows_a_named_day() -> None:
    got = {t.text: t.value for t in tag("On Oct. 13, stocks fell. Trades made that day lost money.",
                                        date(1989, 10, 30))}
    assert got["that day"] == "1989-10-13"


def test_day_before_an_event_is_not_a_date() -> None:
    got = [t.text for t in tag("He was last seen Nov. 3, the day before authorities issued a warrant.",
                               date(1998, 11, 21))]
    assert got == ["Nov. 3"]


def test_rate_year_before_ago_still_tagged() -> None:
    text = "Sales rose to $5 million from $4 million a year ago."
    got = {t.text: t.value for t in tag(text, date(1989, 10, 26))}
    assert got["a year ago"] == "1988"


CHRONOLOGY = """2010 14 August Assange invited to Stockholm to address a seminar.
17 August Assange meets a woman at the seminar.
18 November Stockholm district court approves a request to detain him.
2011 7 February An extradition hearing begins.
3 March
His lawyers lodge an appeal.
12 July Assange launches his appeal.
2012
30 May UK supreme court upholds the decision.
19 June Assange enters the Ecuadorian embassy in London."""


def test_a_chronology_keeps_each_entry_in_the_year_it_heads() -> None:
    """Entries opening their lines are in order, months apart: each yearless one stays in the year of the
    entry before it (the nearest year to a 2015 publication date would be 2015 for every one)."""
    got = {t.text: t.value for t in tag(CHRONOLOGY, date(2015, 10, 12))}
    assert got["2010 14 August"] == "2010-08-14"
    assert (got["17 August"], got["18 November"]) == ("2010-08-17", "2010-11-18")
    assert (got["3 March"], got["12 July"]) == ("2011-03-03", "2011-07-12")
    assert (got["2012\n30 May"], got["19 June"]) == ("2012-05-30", "2012-06-19")


def test_a_day_in_prose_months_after_a_dated_passage_is_near_the_publication_date() -> None:
    """Prose is no chronology: months after "11 June 2019", "December 2" is the last one before publication
    (a chronology entry opening its line would be 2019's)."""
    got = {t.text: t.value for t in tag("On 11 June 2019, inspectors found a crack. The plant reopened on "
                                        "December 2 after repairs.", date(2025, 3, 10))}
    assert got["December 2"] == "2024-12-02"
    entries = {t.text: t.value for t in tag("11 June 2019 Inspectors find a crack.\n2 December The plant "
                                            "reopens after repairs.", date(2025, 3, 10))}
    assert entries["2 December"] == "2019-12-02"
