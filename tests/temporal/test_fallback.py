"""The fallback tagger for languages without resources: numeric and month-name dates, deictic day words."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.temporal.fallback import has_resources, tag_fallback

DE = ("Am 15. März 2011 protestierten Tausende. Gestern, am 14.03.2011, war es ruhig. "
      "Die Wahl ist am 20. März.")


def spans(text: str, dct: date, lang: str, mode: str = "deictic") -> list[tuple[str, int, str]]:
    return [(t.text, t.start, t.value) for t in tag_fallback(text, dct, lang, mode)]


def test_german_numeric_month_and_deictic_dates_with_offsets() -> None:
    got = spans(DE, date(2011, 3, 16), "de")
    assert got == [("15. März 2011", 3, "2011-03-15"), ("Gestern", 41, "2011-03-15"),
                   ("14.03.2011", 53, "2011-03-14"), ("20. März", 95, "2011-03-20")]
    assert all(DE[s:s + len(text)] == text for text, s, _ in got)
    assert {t.type for t in tag_fallback(DE, date(2011, 3, 16), "de")} == {"DATE"}


def test_modes_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    dct = date(2011, 3, 16)
    assert spans(DE, dct, "de", "none") == []
    assert spans(DE, dct, "de", "numeric") == [("14.03.2011", 53, "2011-03-14")]
    assert [t for t, _, _ in spans(DE, dct, "de", "names")] == ["15. März 2011", "20. März"]
    assert [t for t, _, _ in spans(DE, dct, "de", "months")] == ["15. März 2011", "14.03.2011", "20. März"]
    # the default (the best measured): month-name dates only
    assert [t.text for t in tag_fallback(DE, dct, "de")] == ["15. März 2011", "20. März"]
    monkeypatch.setenv("DATELINE_FALLBACK", "numeric")
    assert [t.text for t in tag_fallback(DE, dct, "de")] == ["14.03.2011"]
    with pytest.raises(ValueError, match="unknown fallback mode"):
        tag_fallback(DE, dct, "de", "spacy")


def test_portuguese_written_dates_month_values_and_yearless_days() -> None:
    text = ("Em 15 de março de 2011, milhares protestaram. Ontem houve confrontos. "
            "Em dezembro de 2010 começou.")
    got = spans(text, date(2011, 1, 10), "pt")
    assert got == [("15 de março de 2011", 3, "2011-03-15"), ("Ontem", 46, "2011-01-09"),
                   ("dezembro de 2010", 73, "2010-12")]
    # no year: the year that puts the day nearest the publication date (a January article's "20 de dezembro")
    assert spans("Foi em 20 de dezembro.", date(2011, 1, 10), "pt") == [("20 de dezembro", 7, "2010-12-20")]


@pytest.mark.parametrize(("written", "value"), [
    ("2011-03-05", "2011-03-05"), ("05/03/2011", "2011-03-05"), ("05.03.2011", "2011-03-05"),
    ("05-03-2011", "2011-03-05"), ("03/15/2011", "2011-03-15"), ("2011/03/05", "2011-03-05"),
])
def test_numeric_dates_day_first_unless_impossible(written: str, value: str) -> None:
    assert spans(f"Stand: {written} um 12 Uhr", date(2011, 3, 20), "de", "numeric") == [(written, 7, value)]


@pytest.mark.parametrize("mode", ["numeric", "names"])
def test_cjk_dates_in_every_mode(mode: str) -> None:
    text = "北京2011年3月5日电 3月4日，抗议"
    assert spans(text, date(2011, 3, 6), "zh", mode) == [("2011年3月5日", 2, "2011-03-05"),
                                                         ("3月4日", 13, "2011-03-04")]


@pytest.mark.parametrize("text", ["Tel. 12/34/5678", "31.02.2011", "IP 10.03.2011.5",
                                  "Es ist 15.03.11"])
def test_not_dates(text: str) -> None:
    assert spans(text, date(2011, 3, 20), "de", "numeric") == []


def test_unknown_locale_still_gets_numeric_dates() -> None:
    assert spans("xx 15.03.2011 yy", date(2011, 3, 20), "xx") == [("15.03.2011", 3, "2011-03-15")]
    assert spans("xx 15 März 2011 yy", date(2011, 3, 20), "xx", "names") == []


def test_resources_and_the_experiment_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert has_resources("fr") and has_resources("en-US") and not has_resources("de")
    monkeypatch.setenv("DATELINE_PRETEND_NO_RESOURCES", "fr, es")
    assert not has_resources("fr") and has_resources("en")
