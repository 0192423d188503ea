"""Golden test on the seed article (publication date 2024-03-23), as required by issue 3."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.temporal import tag


def _read_seed(path: Path) -> tuple[date, str]:
    """Seed format: optional whitespace, the token ``date``, an ISO date, then the body."""
    raw = path.read_text(encoding="utf-8")
    _, iso, body = raw.lstrip().split(None, 2)
    return date.fromisoformat(iso), body


@pytest.mark.shared
def test_seed_article(shared: Path) -> None:
    path = shared / "seed" / "article-2024-03-23.txt"
    dct, text = _read_seed(path)
    assert dct == date(2024, 3, 23)
    got = {(t.text, t.value, t.mod) for t in tag(text, dct)}
    values = {(t.text, t.value) for t in tag(text, dct)}
    for text_, value in [
        ("March 7", "2024-03-07"),
        ("earlier this month", "2024-03"),
        ("October 2002", "2002-10"),
        ("September 2004", "2004-09"),
        ("the weekend", "2024-W12-WE"),
        ("six years", "P6Y"),
    ]:
        assert (text_, value) in values, (text_, value, sorted(values))
    assert ("the early 2000s", "200X", "START") in got
    assert any(t.value == "2024-W12" and "this week" in t.text for t in tag(text, dct))
    by_text = {t.text: t for t in tag(text, dct)}
    assert by_text["Two days later"].value.startswith("2002-10")
    assert by_text["Two days later"].anchor == "narrative"
    assert by_text["March 7"].anchor == "dct"
    assert by_text["October 2002"].anchor is None
