"""The floor of every evaluation table (like ``sklearn.dummy``): dates by publication volume + lead
sentences, and random dates + random sentences."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import numpy as np

from dateline.timeline.base import TimelineMethod, keyword_ok
from dateline.timeline.collection import Collection


class PubCountBaseline(TimelineMethod):
    """The busiest publication days, each with the lead sentences of that day's articles."""

    name = "pubcount"

    def __init__(self, lead: int = 1) -> None:
        self.lead = lead

    def _predict(self, c: Collection, T: int, N: int, window: tuple[date, date],
                 keywords: list[str]) -> list[tuple[date, list[int], float]]:
        counts = Counter(a.published for a in c.articles)
        leads: dict[date, list[int]] = defaultdict(list)
        for i, s in enumerate(c.sentences):
            if s.idx < self.lead and keyword_ok(s.text, keywords):
                leads[c.articles[s.article].published].append(i)
        ranked = sorted(counts, key=lambda d: (-counts[d], d))
        out = []
        for d in ranked:
            if window[0] <= d <= window[1] and leads[d]:
                out.append((d, leads[d][:N], float(counts[d])))
            if len(out) >= T:
                break
        return out


class RandomBaseline(TimelineMethod):
    """Random publication dates, random sentences of that day's articles (seeded by ``random_state``)."""

    name = "random"

    def __init__(self, random_state: int | None = 0) -> None:
        self.random_state = random_state

    def _predict(self, c: Collection, T: int, N: int, window: tuple[date, date],
                 keywords: list[str]) -> list[tuple[date, list[int], float]]:
        rng = np.random.default_rng(self.random_state)
        by_day: dict[date, list[int]] = defaultdict(list)
        for i, s in enumerate(c.sentences):
            d = c.articles[s.article].published
            if window[0] <= d <= window[1] and keyword_ok(s.text, keywords):
                by_day[d].append(i)
        days = sorted(by_day)
        chosen = rng.permutation(len(days))[:T]
        return [(days[j], sorted(rng.choice(by_day[days[j]], size=min(N, len(by_day[days[j]])),
                                            replace=False).tolist()), 0.0) for j in chosen]
