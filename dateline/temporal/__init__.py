"""Temporal tagging: find TIMEX3 expressions and normalize them against the publication date.

``tag(text, dct, lang)`` is the plain-function interface (pure regex + data, no spaCy);
``dateline.temporal.spacy_component`` wraps it as the ``dateline_timex`` pipeline component.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from dateline.temporal.engine import MAX_TEXT, Engine
from dateline.temporal.resources import available_languages, load
from dateline.types import Timex

__all__ = ["tag", "detect_language", "available_languages", "get_engine"]


@functools.cache
def get_engine(lang: str = "en") -> Engine:
    """The compiled engine for ``lang`` (built once per process)."""
    return Engine(load(lang))


def tag(text: str, dct: date, lang: str = "en") -> list[Timex]:
    """Time expressions in ``text`` sorted by start, valued relative to the publication date ``dct``.

    ``lang`` is an ISO 639-1 code ("en", "es", "fr"; region suffixes such as "en-US" are ignored).
    Raises ValueError/TypeError only for invalid arguments (non-str text, non-date dct, unknown language,
    text over 5 million characters); any text content is safe.
    """
    if not isinstance(text, str):
        raise TypeError(f"tag(): text must be str, not {type(text).__name__}")
    if isinstance(dct, datetime):
        dct = dct.date()
    if not isinstance(dct, date):
        raise TypeError(f"tag(): dct must be a datetime.date, not {type(dct).__name__} ({dct!r})")
    if not isinstance(lang, str):
        raise TypeError(f"tag(): lang must be an ISO 639-1 code such as 'en', not {lang!r}")
    lang = lang.replace("_", "-").split("-")[0].lower()  # "en-US", "EN" -> "en"
    if len(text) > MAX_TEXT:
        raise ValueError(f"tag(): text of {len(text)} characters exceeds the {MAX_TEXT} limit")
    if not text.strip():
        return []
    return get_engine(lang).tag(text, dct)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` by langdetect (fixed seed, so deterministic); "und" on failure.

    Runs langdetect through ``langid.detect`` (profiles read on demand: same answer, 0.4 s less start-up).
    """
    try:
        from langdetect import DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException

        from dateline.temporal.langid import detect
    except ImportError:  # pragma: no cover - langdetect is a declared dependency
        return "und"
    DetectorFactory.seed = 0
    try:
        code = detect(text[:5000]) if isinstance(text, str) and text.strip() else "und"
    except LangDetectException:
        return "und"
    return code.split("-")[0]
