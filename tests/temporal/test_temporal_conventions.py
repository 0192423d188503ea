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
