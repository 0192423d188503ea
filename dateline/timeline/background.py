"""Background entries: events years before the story that the articles date to a month or a year only.

A story's background is told in passing and rarely to the day: "In October 2002, Chechen militants took
about 800 people hostage at a Moscow theatre. Two days later, Russian special forces stormed the building"
(the seed article, 2024). The timeline methods rank days, as the timeline-summarization literature does, so
such passages never reach them. ``background_entries`` gives them their own entries, at their own month or
year, marked as background: what an editor puts in a "background" box beside the timeline. They are added to
the T dates, not taken from them, and never enter ``dateline eval tls`` (whose references are day-level).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sklearn.preprocessing import normalize

from dateline.timeline.base import BACKGROUND_DAYS, centroid_opt, keyword_ok, make_refs, vectorizer
from dateline.timeline.collection import Collection
from dateline.types import TimelineEntry


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a "YYYY" or "YYYY-MM" period."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(period[5:7])
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), date.fromordinal(nxt.toordinal() - 1)


def background_entries(c: Collection, N: int, limit: int, taken: set[tuple[str, int]] | None = None,
                       covered: list[date] | None = None,
                       keywords: list[str] | None = None) -> list[TimelineEntry]:
    """Up to ``limit`` month or year entries told by articles looking back on them (published more than
    ``BACKGROUND_DAYS`` after the period ended, as a day entry is background when all its lines were written
    that long after it), the periods the most articles tell about the query (returned in date order); up to
    N sentences each, chosen as the default method chooses (CentroidOpt over TF-IDF), shown in reading
    order. In an archive of ten years (a Guardian collection about Steve Jobs, 2003-2012) a 2003 report of
    that day's keynote is news of its day, not background: it no longer makes a "2003" background entry.

    Only sentences that name their period themselves count ("In October 2002, ...", "Two days later, ..."
    after it), or a day inside it ("During a visit on 11 June 2019, ..." in a 2019 entry; a period needs
    one sentence of its own): a date carried over from an earlier sentence is too often wrong to stand
    alone here (a quote "he said" after "He won a similar case in 2018"). With query ``keywords``, a
    period's passages are its sentences naming the query and their same-period neighbours in the article
    ("In October 2002, Chechen militants took ... Two days later, ..."). Periods rank by the articles with
    such a passage, then by all the articles mentioning them, so a year much of the coverage mentions for
    other reasons (the disputed 2009 election in Iran, in Egypt's 2011 coverage) does not outrank the
    query's own history (Mubarak in power since 1981, the 2005 protests); the entry is written from the
    passages.
    ``taken``: (article id, start) of the sentences already in the timeline, not repeated. ``covered``:
    the timeline's days; a period that holds one is left out, and so is a period inside or around one
    already chosen (2019-06 after 2019): the more precise or better attested says it.
    """
    if limit < 1 or not c.articles:
        return []
    taken = taken or set()
    by_period: dict[str, list[int]] = defaultdict(list)
    old_days: dict[str, list[int]] = defaultdict(list)  # long-past days, by their month and their year
    for i, s in enumerate(c.sentences):
        published = c.articles[s.article].published
        if s.period and s.date_source == "timex":
            if (published - period_bounds(s.period)[1]).days > BACKGROUND_DAYS:
                by_period[s.period].append(i)
        elif s.date is not None and s.date_source == "timex" and (published - s.date).days > BACKGROUND_DAYS:
            iso = s.date.isoformat()
            old_days[iso[:4]].append(i)
            old_days[iso[:7]].append(i)
    ranked = []
    for period, own in by_period.items():
        # a period's sentences: those that name it, and those that name a day inside it ("In 2019,
        # inspectors warned ... During a visit on 11 June 2019, they noted ...")
        idxs = sorted(own + old_days.get(period, []))
        first, last = period_bounds(period)
        if any(first <= d <= last for d in covered or ()):
            continue
        passages = _passages(c, idxs, keywords or [])
        if not passages:
            continue
        # the passages' sentences not yet in the timeline (a passage's lead may already be a day's line),
        # then the period's other passages in the same articles (the query's story around them); when all
        # are taken, the period's other passages anywhere: the query's passages made it the query's period
        free = _untaken(c, passages, taken)
        if free:
            arts = {c.sentences[r[0]].article for r in passages}
            more = [r for r in _runs(c, idxs) if c.sentences[r[0]].article in arts and r not in passages]
            free = [free, _untaken(c, more, taken)]
        else:
            free = [_untaken(c, _runs(c, idxs), taken)]
        if free[0]:
            support = len({c.sentences[r[0]].article for r in passages})
            mentions = len({c.sentences[i].article for i in idxs})
            ranked.append((-support, -mentions, period, first, last, free))
    ranked.sort()
    out: list[TimelineEntry] = []
    chosen: list[tuple[date, date]] = []
    for neg_support, _, period, first, last, free in ranked:
        if len(out) >= limit:
            break
        if any(first <= b and a <= last for a, b in chosen):  # overlaps a chosen period
            continue
        chosen.append((first, last))
        out.append(TimelineEntry(date=first, sentences=make_refs(c, sorted(_pick(c, free, N))),
                                 background=True, score=float(-neg_support),
                                 granularity="year" if len(period) == 4 else "month"))
    return sorted(out, key=lambda e: e.date)


def _key(c: Collection, i: int) -> tuple[str, int]:
    return c.articles[c.sentences[i].article].id, c.sentences[i].start


def _untaken(c: Collection, runs: list[list[int]], taken: set[tuple[str, int]]) -> list[list[int]]:
    kept = ([i for i in r if _key(c, i) not in taken] for r in runs)
    return [r for r in kept if r]


def _runs(c: Collection, idxs: list[int]) -> list[list[int]]:
    """``idxs`` (in collection order) cut into runs of consecutive sentences of one article: passages."""
    runs: list[list[int]] = []
    for i in idxs:
        prev = c.sentences[runs[-1][-1]] if runs else None
        s = c.sentences[i]
        if prev is not None and prev.article == s.article and prev.idx + 1 == s.idx:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _passages(c: Collection, idxs: list[int], keywords: list[str]) -> list[list[int]]:
    """The period's passages (runs of its sentences, ``_runs``) that name the query; all without keywords."""
    runs = _runs(c, idxs)
    if not keywords:
        return runs
    return [r for r in runs if any(keyword_ok(c.sentences[i].text, keywords) for i in r)]


_QUOTE_MARKS = "\"“”«»„‘’'"


def _quoted(c: Collection, i: int) -> bool:
    """A sentence that opens with a quotation mark: someone's words about the period, said now."""
    return c.sentences[i].text.lstrip()[:1] in _QUOTE_MARKS


def _pick(c: Collection, tiers: list[list[list[int]]], N: int) -> list[int]:
    """N sentences of a period's passages, tier by tier (the passages that name the query, then the
    others of their articles): first sentences first (the one that names the period, "In October 2002,
    militants took ..."), then the rest; CentroidOpt among each group. All the narrator's sentences come
    before any quoted one ("'This company was warned about these valves in 2019,' the lawyer said" tells
    what was said in 2025, not what happened in 2019)."""
    groups = [g for ps in tiers for g in ([r[0] for r in ps], [i for r in ps for i in r[1:]])]
    picked: list[int] = []
    for quoted in (False, True):
        for group in groups:
            picked += _central(c, [i for i in group if _quoted(c, i) == quoted], N - len(picked))
    return picked


def _central(c: Collection, idxs: list[int], n: int) -> list[int]:
    if n <= 0:
        return []
    if len(idxs) <= n:
        return idxs
    try:
        texts = [c.sentences[i].text for i in idxs]
        X = normalize(vectorizer(c.lang, sublinear_tf=True).fit_transform(texts))
    except ValueError:  # no word left after stop words: the first n in reading order
        return idxs[:n]
    return [idxs[j] for j in centroid_opt(X, n)] or idxs[:n]
