"""Test data for the scale-out tests: small hand-written articles, the demo corpus path."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from dateline.types import Article

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo"

_PLACES = ["Kessler Falls", "Ostvik", "Varna", "the river valley"]


def small_articles(n: int, start: date = date(2025, 3, 2)) -> list[Article]:
    """``n`` short dated articles (three sentences each, with time expressions and a quote)."""
    out = []
    for i in range(n):
        day = start + timedelta(days=i * 9)
        place = _PLACES[i % len(_PLACES)]
        text = (
            f"The council of {place} met on Tuesday to discuss report number {i}. "
            f"\u201cWe will act before March {1 + i % 27},\u201d said mayor Anna Berg. "
            f"Work on the dam began in 2019 and stopped last year."
        )
        out.append(Article(published=day, text=text, title=f"Report {i}", source="test-wire"))
    return out
