"""Table-driven tests: one row of cases/<lang>.tsv = text, publication date, expected value, timex text."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from dateline.temporal import tag

CASES = Path(__file__).parent / "cases"


def _rows() -> list:
    rows = []
    for path in sorted(CASES.glob("*.tsv")):
        lang = path.stem
        with path.open(encoding="utf-8") as fh:
            for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                if not row or row[0].startswith("#"):
                    continue
                text, dct, expected = row[0], row[1], row[2]
                span = row[3] if len(row) > 3 else ""
                case_id = f"{lang}:{i}:{span or text[:20]}"
                rows.append(pytest.param(lang, text, dct, expected, span, id=case_id))
    return rows


@pytest.mark.parametrize(("lang", "text", "dct", "expected", "span"), _rows())
def test_case(lang: str, text: str, dct: str, expected: str, span: str) -> None:
    timexes = tag(text, date.fromisoformat(dct), lang=lang)
    if expected == "-":
        assert timexes == [], f"expected no timex in {text!r}, got {timexes}"
        return
    found = [t for t in timexes if t.text == span] if span else timexes[:1]
    assert found, f"no timex {span!r} in {text!r}; got {[(t.text, t.value) for t in timexes]}"
    assert found[0].value == expected
    assert text[found[0].start : found[0].end] == found[0].text


def test_a_day_on_the_line_above_makes_the_month_a_date() -> None:
    """A month next to a capitalized word is a person's name ("June Steenkamp") unless a day number comes
    before it; a chronology that puts the day on a line of its own ("16\\nAugust Ecuador says ...") counts."""
    text = "The embassy says so .\n16\nAugust Ecuador says it has granted Assange political asylum ."
    got = [(t.text, t.value) for t in tag(text, date(2014, 8, 18), lang="en")]
    assert got == [("16\nAugust", "2014-08-16")]
    assert tag("June Steenkamp said she forgave him.", date(2014, 3, 10), lang="en") == []
