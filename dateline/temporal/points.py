"""Calendar arithmetic on TimeML values at a granularity (day, week, month, quarter, year, decade...).

Hand-written because no installed library shifts *underspecified* points ("2002-10" + 2 days stays in
October 2002, "1989-Q3" - 1 year is "1988-Q3") and formats them as TIMEX3 values; ``datetime`` does the
day arithmetic underneath.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Granularities from finest to coarsest.
GRANS = ("D", "W", "M", "Q", "H", "Y", "DE", "C")
_RANK = {g: i for i, g in enumerate(GRANS)}


@dataclass(frozen=True)
class Point:
    """A calendar point: a representative day plus how precisely it is known."""

    day: date
    gran: str  # D | W | M | Q | H (half year) | Y | DE | C

    def value(self) -> str:
        """TIMEX3 value of this point at its granularity."""
        d, g = self.day, self.gran
        if g == "D":
            return d.isoformat()
        if g == "W":
            y, w, _ = d.isocalendar()
            return f"{y:04d}-W{w:02d}"
        if g == "M":
            return f"{d.year:04d}-{d.month:02d}"
        if g == "Q":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g == "H":
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if g == "Y":
            return f"{d.year:04d}"
        if g == "DE":
            return f"{d.year // 10:03d}X"
        return f"{d.year // 100:02d}"

    def coarser(self, gran: str) -> Point:
        """The same point at a coarser granularity (never finer than it is known)."""
        return self if _RANK[gran] <= _RANK[self.gran] else Point(self.day, gran)


def finer_or_equal(a: str, b: str) -> bool:
    return _RANK[a] <= _RANK[b]


def add_months(d: date, months: int) -> date:
    """Shift by whole months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    m0 = d.year * 12 + d.month - 1 + months
    y, m = divmod(m0, 12)
    y = min(max(y, 1), 9999)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(p: Point, unit: str, n: int) -> Point:
    """Move ``p`` by ``n`` units; the result keeps the coarser of ``p``'s and the unit's granularity.

    Out-of-range results (before year 1 or after 9999) clamp instead of raising.
    """
    try:
        if unit == "D":
            d = p.day + timedelta(days=n)
        elif unit == "W":
            d = p.day + timedelta(weeks=n)
        elif unit in ("M", "Q", "H", "Y", "DE", "C"):
            months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "C": 1200}[unit] * n
            d = add_months(p.day, months)
        else:
            return p
    except OverflowError:
        d = date.max if n > 0 else date.min
    gran = unit if _RANK[unit] >= _RANK[p.gran] else p.gran
    return Point(d, gran)


def safe_date(y: int, m: int, d: int) -> date | None:
    """``date(y, m, d)`` or None for impossible dates ("February 30", year 0 or 99999)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None
