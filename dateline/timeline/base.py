"""One interface for every timeline method (the scikit-learn contract) and the pieces they share.

``Method(params).fit(dev_collections).predict(collection, T, N, window, query) -> Timeline``: ``__init__``
only stores parameters, learned state ends in ``_`` and is set in ``fit``; randomness is ``random_state``.
"""

from __future__ import annotations

import inspect
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from dateline.timeline.collection import Collection
from dateline.timeline.errors import TimelineError
from dateline.types import SourceRef, Timeline, TimelineEntry, TimelineSentence

BACKGROUND_DAYS = 365  # a day this long before every article that tells it is background (a look back)


class NotFittedError(TimelineError):
    """``predict`` was called on a method that learns from dev data before ``fit``."""


class TimelineMethod:
    """Base class: parameter handling, fitted check, window handling and Timeline assembly."""

    name: ClassVar[str] = ""
    requires_fit: ClassVar[bool] = False  # predict refuses to run before fit
    supervised: ClassVar[bool] = False  # fit learns from dev references (evaluated leave-one-topic-out)
    # lines shown without a stamp of their entry's day that opens them (CSentence.stamp_end); the baselines
    # print their sentences as news-tls does
    trims_stamps: ClassVar[bool] = False

    def get_params(self) -> dict[str, Any]:
        sig = inspect.signature(type(self).__init__)
        return {p: getattr(self, p) for p in sig.parameters if p != "self"}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def fit(self, collections: list[Collection]) -> TimelineMethod:
        self.fitted_ = True
        return self

    def _check_fitted(self) -> None:
        if self.requires_fit and not hasattr(self, "fitted_"):
            raise NotFittedError(
                f"method {self.name!r} learns from dev data: call fit(dev_collections) before predict"
            )

    def predict(self, collection: Collection, T: int, N: int, window: tuple[date, date] | None = None,
                query: str | None = None, later_reports: bool = False) -> Timeline:
        """At most T dates inside ``window``, N sentences each, from the articles published in it (the
        benchmarks' convention) and, with ``later_reports``, from those published after it that date a
        sentence inside it (a user's --from/--to: the March 7 report of what happened on March 3)."""
        self._check_fitted()
        if T < 1 or N < 1:
            raise TimelineError(f"T={T}, N={N}: both must be at least 1")
        sub = collection.restrict(window, later_reports)
        if not sub.articles:
            where = f" in window {window[0]}..{window[1]}" if window else ""
            raise TimelineError(f"{collection.name or 'collection'}: no articles{where}")
        win = window or (min(min((s.date for s in sub.sentences if s.date), default=sub.start), sub.start),
                         max(max((s.date for s in sub.sentences if s.date), default=sub.end), sub.end))
        keywords = [w.lower() for w in re.findall(r"\w+", query)] if query else list(collection.keywords)
        try:
            picked = self._predict(sub, T, N, win, keywords)
        except ValueError as exc:  # scikit-learn's TfidfVectorizer, when no text has a word to count
            if "empty vocabulary" not in str(exc):
                raise
            raise TimelineError(f"{collection.name or 'collection'}: nothing to summarize: its candidate "
                                "sentences have no word outside the stop-word list") from None
        return make_timeline(sub, picked, self, query)

    def _predict(self, c: Collection, T: int, N: int, window: tuple[date, date],
                 keywords: list[str]) -> list[tuple[date, list[int], float]]:
        """(date, sentence indices, score) per chosen date: what each method implements."""
        raise NotImplementedError


def make_timeline(c: Collection, picked: list[tuple[date, list[int], float]], method: TimelineMethod,
                  query: str | None) -> Timeline:
    """Entries in date order, a source reference on every sentence, background entries marked: a day every
    line of which was published more than ``BACKGROUND_DAYS`` after it ("In October 2002" in a 2024 story).
    Not measured against the collection's bulk: in an archive of fifteen years (a Guardian collection about
    Prince William, 2003-2017) the 2003 reports of his 21st birthday party are news of their day, not
    background."""
    def looks_back(d: date, idxs: list[int]) -> bool:
        return bool(idxs) and all((c.articles[c.sentences[i].article].published - d).days > BACKGROUND_DAYS
                                  for i in idxs)

    entries = [TimelineEntry(date=d, sentences=make_refs(c, idxs, d, method.trims_stamps), score=float(score),
                             background=looks_back(d, idxs))
               for d, idxs, score in sorted(picked, key=lambda x: x[0])]
    return Timeline(entries=entries, method=method.name, params=method.get_params(), query=query)


# Bracketed page furniture glued to the start of a line: photo credits, agency tags and live-update stamps
# ("-LRB- AP Photo\/Gerald Herbert -RRB- -LRB- Gerald Herbert - AP -RRB- Map shows ...", "(EFE).- Al menos
# ...", "-LRB- Update 3:31 p.m. Cairo , 8:31 a.m. ET -RRB- Thirty-eight people ...", Global Voices' "[Liens en
# anglais] Durant la nuit du 9 mars ..."): one or more bracketed
# groups, each with an optional dash after it, before a capital or an opening quote
# (in Penn Treebank text a bracket is a token, "-LRB-", and one group may hold another)
_LEAD_BRACKETS = re.compile(
    r"\s*(?:(?:\([^()]{1,80}?\)|\[[^\[\]]{1,80}?\]"
    r"|-LRB-(?:(?!-RRB-|-LRB-).|-LRB-(?:(?!-RRB-).){0,60}-RRB-){1,80}?-RRB-)"
    r"\s*(?:\.?\s*[-\u2013\u2014]+(?![LR]RB-)\s*)?)+(?=[^\W\d_]|[`\"«“¿¡])")
_LEAD_REST = 30  # characters the line must keep after them


def lead_brackets(text: str) -> int:
    """How many characters of a line are bracketed furniture before its statement (``_LEAD_BRACKETS``): a
    credit, an agency's tag or an update stamp, which readers of a timeline need not see (the line's source
    is given beside it); 0 when none, or when too little would be left."""
    m = _LEAD_BRACKETS.match(text)
    if m is None or len(text) - m.end() <= _LEAD_REST:
        return 0
    first = text[m.end()]
    words = re.search(r"[^\W\d_]", text[: m.end()].replace("-LRB-", "").replace("-RRB-", ""))
    return m.end() if words and (first.isupper() or first in "`\"«“¿¡") else 0  # "(14) « ...": a footnote


def make_refs(c: Collection, idxs: list[int], day: date | None = None,
              trim: bool = False) -> list[TimelineSentence]:
    """The collection's sentences ``idxs`` as timeline lines, each with its article and character span and
    how it got the date of its entry (``dated_by``; ``day_resolved_from``: the words of a day it gives only as
    a weekday or a relative day) and whether it was published before that day (``ahead``): ``day`` is the
    entry's day, None for a background month or year (whose lines date themselves inside it). ``trim``: a
    line under its own day is shown without the stamp of that day that opens it (``CSentence.stamp_end``),
    its span starting after it, and without bracketed furniture before its statement (``lead_brackets``)."""
    sents = []
    for i in idxs:
        s = c.sentences[i]
        a = c.articles[s.article]
        cut = 0
        if trim:
            cut = max(s.stamp_end if day is not None and s.date == day else 0, lead_brackets(s.text))
        ref = SourceRef(article_id=a.id, start=s.start + cut, end=s.end, title=a.title, url=a.url,
                        published=a.published.isoformat())
        if day is None or s.date == day:
            dated_by = s.date_source
        else:
            dated_by = "publication" if s.date is None else None
        sents.append(TimelineSentence(text=" ".join(s.text[cut:].split()), source=ref, dated_by=dated_by,
                                      ahead=day is not None and a.published < day,
                                      day_resolved_from=s.day_words if day is not None and s.date == day
                                      else None))
    return sents


# -- text vectors ----------------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def stop_words(lang: str) -> frozenset[str]:
    """Stop words of ``lang`` from spaCy's language data (no model needed); none for unknown languages.

    The data file is executed on its own: importing ``spacy.lang.<lang>`` would import all of spaCy (1-5 s),
    a large share of the per-topic time budget.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations or not re.fullmatch(r"[a-z]{2,3}", lang):
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    if not path.is_file():
        return frozenset()
    scope: dict[str, Any] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), scope)  # noqa: S102 (spaCy's data file)
    return frozenset(scope.get("STOP_WORDS", ()))


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def vectorizer(lang: str, **kw: Any) -> TfidfVectorizer:
    # Stop words split by the same token pattern ("we'll" -> "we", "ll"), as scikit-learn expects.
    sw = sorted({t for w in stop_words(lang) for t in _TOKEN.findall(w.lower())}) or None
    return TfidfVectorizer(lowercase=True, stop_words=sw, token_pattern=_TOKEN.pattern, **kw)


def keyword_ok(text: str, keywords: list[str]) -> bool:
    """news-tls's summary filter: a sentence must contain one of the topic keywords (when there are any)."""
    if not keywords:
        return True
    low = text.lower()
    return any(k in low for k in keywords)


def centroid_opt(X: sparse.csr_matrix, k: int, allowed: np.ndarray | None = None, max_sim: float = 0.9999,
                 centroid: np.ndarray | None = None, penalty: np.ndarray | None = None) -> list[int]:
    """news-tls's CentroidOpt summarizer, vectorized: greedily add the sentence that brings the summary's
    TF-IDF sum closest (cosine) to the candidates' centroid, skipping near-duplicates (cos > max_sim).

    ``penalty`` (optional, per row) is subtracted from the score: used for cross-date redundancy.
    """
    n = X.shape[0]
    if n == 0:
        return []
    X = sparse.csr_matrix(X)
    if centroid is None:  # work in the candidates' own vocabulary: small dense vectors
        cols = np.unique(X.indices)
        X = X[:, cols]
    if X.shape[1] == 0:  # no candidate has a word outside the stop list ("And then it was."): nothing to say
        return []
    X = normalize(X)
    c = np.asarray(X.sum(0)).ravel() if centroid is None else centroid
    cn = np.linalg.norm(c)
    if cn == 0:
        return []
    c = c / cn
    xc = X @ c
    sq = np.asarray(X.multiply(X).sum(1)).ravel()
    ok = np.ones(n, bool) if allowed is None else allowed.copy()
    ok &= sq > 0
    s = np.zeros(X.shape[1])
    ss = sc = 0.0
    selected: list[int] = []
    while len(selected) < k and ok.any():
        sx = X @ s
        den = np.sqrt(np.maximum(ss + 2 * sx + sq, 1e-12))
        score = (sc + xc) / den
        if penalty is not None:
            score = score - penalty
        score[~ok] = -np.inf
        i = int(np.argmax(score))
        ok[i] = False
        if selected and (X[selected] @ X[i].T).max() > max_sim:
            continue
        selected.append(i)
        xi = X[i].toarray().ravel()
        s += xi
        ss = float(s @ s)
        sc = float(s @ c)
    return selected


def day_range(d: date, back: int) -> list[date]:
    return [d - timedelta(days=k) for k in range(back)]
