"""Date tagging for a language without tagger resources (``dateline/temporal/resources/<lang>/``).

The rule engine needs a hand-written resource folder per language; any other language would leave every
sentence undated (``build_collection`` used to refuse it). This module finds what can be found without
one, as DATE timexes with day (or month) values. Modes, each measured (BENCHMARKS.md, "Languages without
tagger resources": es/fr scored as if they had no resources):

- ``names`` (the default, ``FALLBACK``): written dates with the language's month names, taken from
  dateparser's locale data (~200 languages): "15. März 2011", "15 de março", "2011. március 15.",
  "March 15, 2011", and "März 2011" (a month value); CJK ``2011年3月15日`` / Korean ``2011년 3월 15일``
  (those languages write dates so; every mode but ``none`` tags these). A date without a year takes the
  year that puts it nearest the publication date. Best on both es and fr; on the mean as good as the
  real resources (above them on libya, below on most other topics).
- ``numeric``: digit-only dates: ISO ``2011-03-15`` (and ``2011/03/15``, ``2011.03.15``), ``15/03/2011``,
  ``15.03.2011``, ``15-03-2011`` read day first (the convention of most languages outside the US; English
  has resources), month first only when the second number cannot be a month (``03/15/2011``); four-digit
  years only (``15.03.11`` is too often a score or a version). Worse than no dates at all: most are page
  bylines ("Miércoles 16/02/2011. Actualizado 11:40h", "ANTONIO CAÑO 24/02/2011"), often the day after the
  publication date; dropping dates on lines with few lowercase words or a clock time did not save it.
- ``months``: ``names`` + ``numeric``; ``deictic``: ``months`` + the locale's yesterday / today /
  tomorrow words ("gestern", "ontem"; es "mañana" is also "morning"). Both below ``names``.
- ``dateparser``: ``dateparser.search.search_dates`` on the lines that contain a digit, keeping matches
  that contain a digit and parse with a day and a month, + ``numeric``: far below ``names`` and 18 s for a
  323-article topic (target: under 5 s).
- ``none``: no timexes (sentences are dated by their article's publication day only).

Two environment variables exist for experiments (the TLS collection cache key includes them):
``DATELINE_FALLBACK`` picks another mode and ``DATELINE_PRETEND_NO_RESOURCES`` (comma-separated codes)
makes languages that have resources use the fallback.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from dateline.types import Timex

log = logging.getLogger("dateline.temporal")

FALLBACK = "names"  # the mode used when DATELINE_FALLBACK is unset (see the module docstring)
MODES = ("none", "numeric", "names", "months", "deictic", "dateparser")


def lang_code(lang: str) -> str:
    """"pt-BR", "PT_br" -> "pt"."""
    return lang.replace("_", "-").split("-")[0].lower()


def pretend_missing() -> frozenset[str]:
    """Languages to treat as having no resources (``DATELINE_PRETEND_NO_RESOURCES``; experiments only)."""
    raw = os.environ.get("DATELINE_PRETEND_NO_RESOURCES", "")
    return frozenset(lang_code(x) for x in raw.split(",") if x.strip())


def has_resources(lang: str) -> bool:
    """Whether the rule tagger can tag ``lang`` (it has a resource folder and no experiment hides it)."""
    from dateline.temporal.resources import available_languages

    code = lang_code(lang)
    return code in available_languages() and code not in pretend_missing()


def fallback_mode() -> str:
    mode = os.environ.get("DATELINE_FALLBACK", "").strip().lower() or FALLBACK
    if mode not in MODES:
        raise ValueError(f"DATELINE_FALLBACK={mode!r}: unknown fallback (use one of {', '.join(MODES)})")
    return mode


_warned: set[tuple[str, str]] = set()


def warn_once(lang: str, mode: str) -> None:
    """Say once per process and language that dates come from the fallback (no resources)."""
    if (lang, mode) in _warned:
        return
    _warned.add((lang, mode))
    log.warning("language %r has no date-tagging resources: dating with the %r fallback (%s)", lang, mode,
                _DESCRIPTION[mode])


def tagger_for(lang: str) -> Callable[[str, date, str], list[Timex]]:
    """The tagger of ``lang``'s articles, ``(text, dct, lang) -> timexes``: the rule engine when the language
    has resources, else this module's fallback (saying so once). One place for both the store path
    (``annotate.pipeline``) and the benchmark path (``timeline.collection``)."""
    if has_resources(lang):
        from dateline.temporal import tag

        return tag
    mode = fallback_mode()
    warn_once(lang, mode)
    return functools.partial(tag_fallback, mode=mode)


_DESCRIPTION = {
    "none": "publication days only",
    "numeric": "numeric dates and publication days",
    "names": "dates written with month names, and publication days",
    "months": "numeric dates, month-name dates and publication days",
    "deictic": "numeric dates, month-name dates, yesterday/today/tomorrow words and publication days",
    "dateparser": "dateparser search_dates on lines with digits, numeric dates and publication days",
}


# -- numeric dates ----------------------------------------------------------------------------------------

_NUM_YMD = re.compile(r"(?<![\d/.,-])([12]\d{3})([-/.])(\d{1,2})\2(\d{1,2})(?!\d|[.,/-]\d)")
_NUM_DMY = re.compile(r"(?<![\d/.,-])(\d{1,2})([-/.])(\d{1,2})\2([12]\d{3})(?!\d|[.,/-]\d)")
_CJK = re.compile(r"(?<!\d)(?:([12]\d{3})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](?!\d)")

Found = tuple[int, int, str, str | None]  # start, end, value, anchor


def _day(y: int, m: int, d: int, dct: date) -> str | None:
    if not dct.year - 150 <= y <= dct.year + 20:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _nearest_year(m: int, d: int, dct: date) -> str | None:
    """A day and month without a year: the year that puts it nearest the publication date."""
    best: date | None = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            c = date(y, m, d)
        except ValueError:
            continue
        if best is None or abs((c - dct).days) < abs((best - dct).days):
            best = c
    return best.isoformat() if best else None


def _numeric(text: str, dct: date) -> list[Found]:
    out: list[Found] = []
    for m in _NUM_YMD.finditer(text):
        if v := _day(int(m[1]), int(m[3]), int(m[4]), dct):
            out.append((m.start(), m.end(), v, None))
    for m in _NUM_DMY.finditer(text):
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        day, month = (b, a) if b > 12 >= a else (a, b)  # day first unless only month first is valid
        if v := _day(y, month, day, dct):
            out.append((m.start(), m.end(), v, None))
    return out


def _cjk(text: str, dct: date) -> list[Found]:
    out: list[Found] = []
    for m in _CJK.finditer(text):
        v = _day(int(m[1]), int(m[2]), int(m[3]), dct) if m[1] else _nearest_year(int(m[2]), int(m[3]), dct)
        if v:
            out.append((m.start(), m.end(), v, None))
    return out


# -- month names and deictic words from dateparser's locale data --------------------------------------------

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_DEICTIC = {"0 day ago": 0, "1 day ago": -1, "2 day ago": -2, "in 1 day": 1}


@functools.cache
def _locale_info(code: str) -> dict | None:  # type: ignore[type-arg]
    try:
        from dateparser.languages import default_loader

        return dict(default_loader.get_locale(code).info)
    except Exception:  # noqa: BLE001 (a language dateparser does not know: numeric dates only)
        return None


@functools.cache
def _month_patterns(code: str) -> tuple[dict[str, int], list[re.Pattern[str]]] | None:
    info = _locale_info(code)
    if not info:
        return None
    months: dict[str, int] = {}
    for k, key in enumerate(_MONTH_KEYS, 1):
        for form in info.get(key, []):
            f = form.lower()
            if len(f) >= 3 and not any(ch.isdigit() for ch in f):
                months.setdefault(f, k)
    if not months:
        return None
    alt = "|".join(re.escape(f) for f in sorted(months, key=len, reverse=True))
    mon = rf"(?P<m>{alt})\.?(?![^\W\d_])"
    conn = r"(?:[^\W\d_]{1,3}\s+)?"  # "15 de março", "15 di marzo", "mars de 2011"
    year = r"(?P<y>[12]\d{3})(?!\d)"
    pats = [
        rf"(?<![\w.,])(?P<d>[0-3]?\d)(?:\.|º|°|er|st|nd|rd|th)?\s+{conn}{mon}(?:,?\s+{conn}{year})?",
        rf"(?<![\w.])(?P<y>[12]\d{{3}})\.?\s+{mon}\s+(?P<d>[0-3]?\d)(?!\d)",  # 2011. március 15.
        rf"(?<![\w])(?P<m>{alt})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,\s+{year}",  # March 15, 2011
        rf"(?<![\w])(?P<m>{alt})\.?\s+{conn}{year}",  # März 2011 (month value)
    ]
    return months, [re.compile(p, re.I) for p in pats]


def _months(text: str, dct: date, code: str) -> list[Found]:
    got = _month_patterns(code)
    if got is None:
        return []
    months, pats = got
    out: list[Found] = []
    for p in pats:
        for m in p.finditer(text):
            month = months.get(m["m"].lower())
            if month is None:
                continue
            d = m.groupdict().get("d")
            y = m["y"]
            if d is None:
                if y and dct.year - 150 <= int(y) <= dct.year + 20:
                    out.append((m.start(), m.end(), f"{int(y):04d}-{month:02d}", None))
                continue
            v = _day(int(y), month, int(d), dct) if y else _nearest_year(month, int(d), dct)
            if v:  # a dot after the month ends the sentence as often as it abbreviates: left out
                out.append((m.start(), m.end() - m[0].endswith("."), v, None))
    return out


@functools.cache
def _deictic_pattern(code: str) -> tuple[dict[str, int], re.Pattern[str]] | None:
    info = _locale_info(code)
    if not info:
        return None
    words: dict[str, int] = {}
    for key, shift in _DEICTIC.items():
        for form in info.get("relative-type", {}).get(key, []):
            words.setdefault(form.lower(), shift)
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return words, re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.I)


def _deictic(text: str, dct: date, code: str) -> list[Found]:
    got = _deictic_pattern(code)
    if got is None:
        return []
    words, pat = got
    return [(m.start(), m.end(), (dct + timedelta(days=words[m[0].lower()])).isoformat(), "dct")
            for m in pat.finditer(text)]


# -- dateparser's search ------------------------------------------------------------------------------------

_HAS_DIGIT = re.compile(r"\d")


def _dateparser(text: str, dct: date, code: str) -> list[Found]:
    try:
        from dateparser.search import search_dates
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return []
    settings = {"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["day", "month"], "RETURN_AS_TIMEZONE_AWARE": False}
    parser = _date_data_parser(code, dct)
    out: list[Found] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not _HAS_DIGIT.search(line):
            continue
        try:
            found = search_dates(line, languages=[code], settings=settings) or []
        except Exception:  # noqa: BLE001 (unknown language, parser error: nothing from this line)
            return out
        at = 0
        for sub, _value in found:
            i = line.find(sub, at)
            if i < 0:
                continue
            at = i + len(sub)
            if not _HAS_DIGIT.search(sub) or parser is None:
                continue
            data = parser.get_date_data(sub.strip(" ,.;:"))
            parts = set(data.locale and data.parts or ())
            if data.date_obj is None or data.period != "day" or not {"day", "month"} <= parts:
                continue
            dt = data.date_obj
            v = _day(dt.year, dt.month, dt.day, dct) if "year" in parts else \
                _nearest_year(dt.month, dt.day, dct)
            if v:
                out.append((base + i, base + i + len(sub.rstrip(" ,.;:")), v, None))
    return out


@functools.lru_cache(maxsize=64)
def _date_data_parser(code: str, dct: date):  # type: ignore[no-untyped-def]
    try:
        from dateparser.date import DateDataParser

        return DateDataParser(languages=[code], settings={
            "PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime(dct.year, dct.month, dct.day)})
    except Exception:  # noqa: BLE001
        return None


# -- entry point --------------------------------------------------------------------------------------------


def tag_fallback(text: str, dct: date, lang: str, mode: str | None = None) -> list[Timex]:
    """DATE timexes of ``text`` found without language resources (``mode``: see the module docstring;
    default ``fallback_mode()``), sorted by start, without overlaps (longest match first)."""
    mode = mode or fallback_mode()
    if mode not in MODES:
        raise ValueError(f"unknown fallback mode {mode!r} (use one of {', '.join(MODES)})")
    if mode == "none" or not text.strip():
        return []
    code = lang_code(lang)
    found = _cjk(text, dct)  # every mode: CJK languages write their dates so
    if mode != "names":
        found += _numeric(text, dct)
    if mode in ("names", "months", "deictic"):
        found += _months(text, dct, code)
    if mode == "deictic":
        found += _deictic(text, dct, code)
    if mode == "dateparser":
        found += _dateparser(text, dct, code)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[Timex] = []
    end = -1
    for s, e, value, anchor in found:
        if s < end:
            continue
        out.append(Timex(text=text[s:e], start=s, end=e, type="DATE", value=value, anchor=anchor))
        end = e
    return out
