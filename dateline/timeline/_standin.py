"""Minimal day-level date tagger + sentence dating, for languages ``dateline.temporal`` does not support
yet (es, fr today) and for fast benchmark iteration (``build_collection(..., tagger="standin")``); delete it
once ``dateline.temporal`` covers those languages.

Hand-written stand-in: it finds only what timeline methods need (day-granular absolute dates, month-day
without a year, weekdays and yesterday/today/tomorrow resolved against the publication date) in en/es/fr.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.types import Sentence, Timex

_MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}
_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
         "nov": 11, "dec": 12, "setiembre": 9, "fevrier": 2, "aout": 8, "decembre": 12}
_WEEKDAYS = {
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
_RELATIVE = {
    "yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
    "ayer": -1, "hoy": 0, "anoche": -1, "anteayer": -2,
    "hier": -1, "aujourd'hui": 0, "demain": 1, "avant-hier": -2,
}

_MONTH_NUM: dict[str, int] = dict(_ABBR)
for _names in _MONTHS.values():
    for _i, _n in enumerate(_names):
        _MONTH_NUM[_n] = _i + 1
_WEEKDAY_NUM = {n: i for names in _WEEKDAYS.values() for i, n in enumerate(names)}
_WEEKDAY_NUM.update({"miercoles": 2, "sabado": 5})

_M = "|".join(sorted(_MONTH_NUM, key=len, reverse=True))
_W = "|".join(sorted(_WEEKDAY_NUM, key=len, reverse=True))
_R = "|".join(re.escape(r) for r in sorted(_RELATIVE, key=len, reverse=True))
_PATTERNS = [
    # 2011-01-25
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # January 25 , 2011 / Jan. 25, 2011 / January 25
    ("mdy", re.compile(rf"\b(?P<mn>{_M})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
                       rf"(?:\s*,?\s*(?P<y>(?:19|20)\d\d)\b)?")),
    # 25 January 2011 / 25 de enero de 2011 / 25 janvier
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:er|º|th|st|nd|rd)?\s+(?:de\s+)?(?P<mn>{_M})\b\.?"
                       rf"(?:\s+(?:de(?:l)?\s+)?(?P<y>(?:19|20)\d\d)\b)?")),
    # 25/01/2011 (day first: en-GB, es, fr news)
    ("num", re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")),
    ("wd", re.compile(rf"\b(?P<wd>{_W})\b")),
    ("rel", re.compile(rf"(?<!\w)(?P<rel>{_R})(?!\w)")),
]


def _resolve_md(month: int, day: int, dct: date) -> date | None:
    """Month-day without a year: the occurrence nearest the publication date."""
    best: date | None = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - dct).days) < abs((best - dct).days):
            best = d
    return best


def tag(text: str, dct: date, lang: str = "en") -> list[Timex]:
    """Day-level timexes only (the stand-in for ``dateline.temporal.tag``)."""
    out: list[Timex] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    if len(low) != len(text):  # a few Unicode capitals lower to two characters: keep offsets exact
        low = text
    for kind, pat in _PATTERNS:
        if kind == "num" and "/" not in low or kind == "iso" and "-" not in low:
            continue
        for m in pat.finditer(low):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue
            g = m.groupdict()
            value: date | None = None
            anchor: str | None = None
            try:
                if kind in ("iso", "num"):
                    value = date(int(g["y"]), int(g["m"]), int(g["d"]))
                elif kind in ("mdy", "dmy"):
                    month = _MONTH_NUM[g["mn"].lower()]
                    if g.get("y"):
                        value = date(int(g["y"]), month, int(g["d"]))
                    else:
                        value, anchor = _resolve_md(month, int(g["d"]), dct), "dct"
                elif kind == "wd":
                    wd = _WEEKDAY_NUM[g["wd"].lower()]
                    value, anchor = dct - timedelta(days=(dct.weekday() - wd) % 7), "dct"
                else:
                    value, anchor = dct + timedelta(days=_RELATIVE[g["rel"].lower()]), "dct"
            except (ValueError, KeyError):
                value = None
            if value is None:
                continue
            taken.append((s, e))
            out.append(Timex(text=text[s:e], start=s, end=e, type="DATE", value=value.isoformat(),
                             anchor=anchor))
    out.sort(key=lambda t: t.start)
    return out


def date_sentences(
    text: str, sentence_spans: list[tuple[int, int]], timexes: list[Timex], dct: date
) -> list[Sentence]:
    """Event date per sentence: its first day-level timex, else undated (no narrative carry-over)."""
    out: list[Sentence] = []
    j = 0
    tx = sorted(timexes, key=lambda t: t.start)
    for s, e in sentence_spans:
        while j < len(tx) and tx[j].start < s:
            j += 1
        ev = None
        k = j
        while k < len(tx) and tx[k].start < e:
            if re.fullmatch(r"\d{4}-\d\d-\d\d", tx[k].value):
                ev = tx[k].value
                break
            k += 1
        out.append(Sentence(start=s, end=e, text=text[s:e], event_date=ev,
                            granularity="day" if ev else None, date_source="timex" if ev else None))
    return out
