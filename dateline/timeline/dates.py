"""Date features for learned date ranking: mention and publication statistics of every candidate day,
made comparable across collections of any size (log counts and ranks), and how on-topic the lines that
date it are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

from dateline.timeline.collection import Collection

RAW = ["sents", "docs", "sents_after", "docs_after", "pub0", "pub1", "pub2", "docs_nb", "sents_lead",
       "docs_named", "relevance", "pub_month"]
# Counts that enter as log and rank. ``docs_named`` (articles that write the day out,
# ``CSentence.date_named``) enters as its log only: with its share and rank too, ml-crisis-es lost dates
# (bench/ranker_loto.py, BENCHMARKS.md session 15). ``relevance`` is no count: how close the
# sentences that date the day are to the topic (``ranked.day_relevance``), entered as it is.
# No ratio of mentioning articles to the day's publications (``docs_per_pub``, a feature until session 22):
# without it every dev collection scored the same or higher (official LOTO, Perl AR-1 / date F1: t17-dev
# 0.1437 / 0.6362 -> 0.1491 / 0.6545, ml-crisis-es 0.1643 / 0.4155 -> 0.1650 / 0.4190, ml-crisis-fr
# 0.0856 -> 0.0858, entities-dev 0.0681 / 0.2283 -> 0.0687 / 0.2311; BENCHMARKS.md, session 22). The
# quotient is unbounded (a day no article was published on enters with its raw count of mentioning articles,
# no log), so a day named in many articles weighed far more than its log counts say.
# No share of the window's total either (``share_*``, nine features until session 22): most days hold a
# tiny share of a window's mentions, so with their weights (-0.06..0.13) the nine added 0.0005 to the
# median day's score (0.057 at most, on the shipped rows), and without them every timeline of the four dev
# collections came out identical (official LOTO).
# ``pub_month``: the articles published within ``MONTH_DAYS`` days either side of the day, entered as its log
# only: whether the day falls in weeks the news covered, where ``pub0``..``pub2`` see single days. Session 28,
# official LOTO (Perl AR-1 / date F1): t17-dev 0.1444 / 0.6518 -> 0.1442 / 0.6530, ml-crisis-es 0.1630 /
# 0.4169 -> 0.1683 / 0.4312, ml-crisis-fr 0.0844 / 0.2636 -> 0.0857 / 0.2678, entities-dev 0.0696 / 0.2373
# -> 0.0700 / 0.2373; +-7 days: 0.1442, 0.1654, 0.0859, 0.0692; +-30: 0.1444, 0.1633, 0.0857, 0.0695.
# ``log_docs_x_relevance``: log articles that date the day times ``relevance``, many articles that date the
# day in on-topic lines: a day many pages name in passing, in lines off the topic (a sidebar, a year's
# review of the world), counted as much as one the topic's own reports name. Session 31, official LOTO (Perl
# AR-1 / date F1): t17-dev 0.1469 / 0.6485 -> 0.1474 / 0.6525, ml-crisis-es 0.1653 -> 0.1676 / 0.4277, ml-
# crisis-fr 0.0862 / 0.2654 (the same dates), entities-dev 0.0757 -> 0.0762 / 0.2506 (the product of
# sentences and relevance, or of their log, gained less on the ranker proxy, bench/ranker_loto.py).
MONTH_DAYS = 15
SCALED = RAW[:-3]
FEATS = (
    [f"log_{f}" for f in SCALED] + [f"rank_{f}" for f in SCALED]
    + ["after_ratio", "lead_ratio", "log_docs_named", "relevance", "log_pub_month", "log_docs_x_relevance"]
)


def date_table(c: Collection, window: tuple[date, date] | None = None,
               relevance: Mapping[date, float] | None = None) -> tuple[list[date], np.ndarray]:
    """Candidate days (mentioned at day level or publication days) in ``window`` and their features."""
    dates, R = raw_table(c, window, relevance)
    return dates, features(R)


def raw_table(c: Collection, window: tuple[date, date] | None = None,
              relevance: Mapping[date, float] | None = None) -> tuple[list[date], np.ndarray]:
    """Candidate days in ``window`` and their raw counts (columns ``RAW``): small integers, and the
    ``relevance`` column (0..1, from the ``relevance`` mapping: 0 for a day it lacks, all 0 without it), that
    ``features`` turns into the ranker's features, shipped as the dev training data of the date ranker."""
    raw: dict[date, dict[str, float]] = defaultdict(lambda: dict.fromkeys(RAW, 0.0))
    docs: dict[date, set[int]] = defaultdict(set)
    named: dict[date, set[int]] = defaultdict(set)  # articles that write the day out (``date_named``)
    for s in c.sentences:
        if s.date is None:
            continue
        pub = c.articles[s.article].published
        f = raw[s.date]
        f["sents"] += 1
        if s.date < pub:
            f["sents_after"] += 1
        if s.idx < 5:
            f["sents_lead"] += 1
        docs[s.date].add(s.article)
        if s.date_named:
            named[s.date].add(s.article)
    for d, ks in docs.items():
        raw[d]["docs"] = len(ks)
        raw[d]["docs_after"] = sum(1 for k in ks if c.articles[k].published > d)
        raw[d]["docs_named"] = len(named.get(d, ()))
    pubs = Counter(a.published for a in c.articles)
    for p, n in pubs.items():
        raw[p]["pub0"] += n
        raw[p - timedelta(days=1)]["pub1"] += n
        raw[p - timedelta(days=2)]["pub2"] += n
    dates = sorted(d for d in raw if window is None or window[0] <= d <= window[1])
    if not dates:
        return [], np.zeros((0, len(RAW)))
    published = np.sort([a.published.toordinal() for a in c.articles])
    for d in dates:  # mentions in neighbouring days: a burst around d
        raw[d]["docs_nb"] = sum(len(docs.get(d + timedelta(days=k), ())) for k in (-1, 1))
        raw[d]["relevance"] = relevance.get(d, 0.0) if relevance else 0.0
        lo, hi = np.searchsorted(published, [d.toordinal() - MONTH_DAYS, d.toordinal() + MONTH_DAYS + 1])
        raw[d]["pub_month"] = float(hi - lo)
    return dates, np.array([[raw[d][f] for f in RAW] for d in dates], dtype=float)


def average_ranks(x: np.ndarray) -> np.ndarray:
    """1-based ranks, ties sharing their average rank: ``scipy.stats.rankdata(x)`` (its default method).

    Written out in numpy because importing ``scipy.stats`` costs about a second, a third of every
    ``dateline timeline`` call, and this is all dateline needs from it (tests check the equality)."""
    x = np.asarray(x)
    order = np.argsort(x, kind="mergesort")
    inverse = np.empty(order.size, dtype=np.intp)
    inverse[order] = np.arange(order.size)
    xs = x[order]
    first = np.r_[True, xs[1:] != xs[:-1]]  # where each group of equal values starts
    group = first.cumsum()[inverse]
    bounds = np.r_[np.flatnonzero(first), x.size]
    return 0.5 * (bounds[group] + bounds[group - 1] + 1)


def features(R: np.ndarray) -> np.ndarray:
    """The ranker's features (``FEATS``) of one timeline's candidate days from their raw counts: log
    counts and ranks within the window."""
    if len(R) == 0:
        return np.zeros((0, len(FEATS)))
    R = np.asarray(R, dtype=float)
    named, rel, month = R[:, len(SCALED)], R[:, len(SCALED) + 1], R[:, len(SCALED) + 2]
    R = R[:, :len(SCALED)]
    ranks = np.column_stack([average_ranks(-R[:, j]) for j in range(R.shape[1])])
    extra = np.column_stack([
        R[:, 2] / np.maximum(R[:, 0], 1),
        R[:, 8] / np.maximum(R[:, 0], 1),
        np.log1p(named),
        rel,
        np.log1p(month),
        np.log1p(R[:, 1]) * rel,
    ])
    return np.hstack([np.log1p(R), np.log1p(ranks), extra])
