"""CLUST (Ghalandari & Ifrim 2020, news-tls ``clust.py``), faithful: Markov clustering of articles over a
TF-IDF similarity graph restricted to articles published at most ``max_days`` apart, clusters dated by their
most mentioned day, ranked by size (ties: mentions of that day), summarized with CentroidOpt over the
articles' lead sentences, one entry per date."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from dateline.timeline.base import TimelineMethod, centroid_opt, keyword_ok, vectorizer
from dateline.timeline.collection import Collection


def markov_clusters(S: sparse.csr_matrix, expansion: int = 2, inflation: float = 2.0, loop_value: float = 1.0,
                    iterations: int = 100, pruning_threshold: float = 0.001) -> list[list[int]]:
    """Markov clustering (van Dongen 2000), with the defaults of the ``markov_clustering`` package news-tls
    calls. Hand-written (30 lines) because that package prints to stdout on import and is unmaintained."""
    M = sparse.csc_matrix(S, dtype=float).tolil()
    M.setdiag(loop_value)
    M = normalize(sparse.csc_matrix(M), norm="l1", axis=0)
    for _ in range(iterations):
        last = M
        for _ in range(expansion - 1):
            M = M @ last
        M = sparse.csc_matrix(normalize(M.power(inflation), norm="l1", axis=0))
        # prune small entries, keeping each column's maximum
        colmax = np.repeat(np.asarray(M.max(axis=0).todense()).ravel(), np.diff(M.indptr))
        M.data[(M.data < pruning_threshold) & (M.data < colmax)] = 0
        M.eliminate_zeros()
        if abs(M - last).max() < 1e-9:
            break
    M = sparse.csr_matrix(M)
    attractors = M.diagonal().nonzero()[0]
    seen: set[tuple[int, ...]] = set()
    for a in attractors:
        seen.add(tuple(M.getrow(a).nonzero()[1]))
    return [[int(i) for i in c] for c in sorted(seen)]


def temporal_graph(X: sparse.csr_matrix, days: list[date], max_days: int) -> sparse.csr_matrix:
    """Cosine similarity between articles published at most ``max_days`` apart (earlier -> later, as in
    news-tls: an upper-triangular graph in publication order)."""
    n = X.shape[0]
    order = np.argsort([d.toordinal() for d in days], kind="stable")
    ords = np.array([days[i].toordinal() for i in order])
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    Xo = normalize(X[order])
    for i in range(n):
        hi = np.searchsorted(ords, ords[i] + max_days, side="right")
        if hi <= i + 1:
            continue
        sims = (Xo[i] @ Xo[i + 1:hi].T).toarray().ravel()
        nz = np.nonzero(sims)[0]
        rows += [int(order[i])] * len(nz)
        cols += [int(order[i + 1 + k]) for k in nz]
        vals += sims[nz].tolist()
    return sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))


class Clust(TimelineMethod):
    """news-tls CLUST: temporal Markov clustering of articles, cluster dating and ranking, CentroidOpt."""

    name = "clust"

    def __init__(self, max_days: int = 1, clip_sents: int = 5, unique_dates: bool = True) -> None:
        self.max_days = max_days
        self.clip_sents = clip_sents
        self.unique_dates = unique_dates

    def _predict(self, c: Collection, T: int, N: int, window: tuple[date, date],
                 keywords: list[str]) -> list[tuple[date, list[int], float]]:
        per_article = c.by_article()
        texts = [f"{a.title or ''} {a.text}" for a in c.articles]
        Xd = vectorizer(c.lang).fit_transform(texts)
        S = temporal_graph(Xd, [a.published for a in c.articles], self.max_days)
        clusters = markov_clusters(S)
        mention_count = Counter(s.date for s in c.sentences if s.date)

        def cluster_date(members: list[int]) -> date:
            cnt = Counter(c.sentences[i].date for k in members for i in per_article[k] if c.sentences[i].date)
            if cnt:
                return cnt.most_common(1)[0][0]
            return min(c.articles[k].published for k in members)

        info = [(cl, cluster_date(cl)) for cl in clusters]
        info.sort(key=lambda x: mention_count.get(x[1], 0), reverse=True)
        info.sort(key=lambda x: len(x[0]), reverse=True)  # stable: size first, mentions break ties (news-tls)

        leads = [i for ids in per_article for i in ids[: self.clip_sents]]
        vec = vectorizer(c.lang).fit([c.sentences[i].text for i in leads])
        out: dict[date, tuple[list[int], float]] = {}
        n_sents = 0
        for members, d in info:
            if not (window[0] <= d <= window[1]):
                continue
            if self.unique_dates and d in out:
                continue
            cand = [i for k in sorted(members, key=lambda k: c.articles[k].published)
                    for i in per_article[k][: self.clip_sents]]
            if not cand:
                continue
            X = vec.transform([c.sentences[i].text for i in cand])
            allowed = np.array([keyword_ok(c.sentences[i].text, keywords) for i in cand])
            picked = centroid_opt(X, N, allowed)
            if not picked:
                continue
            prev = out.get(d, ([], 0.0))[0]
            out[d] = (prev + [cand[j] for j in picked], float(len(members)))
            n_sents += len(picked)
            if n_sents >= T * N or len(out) >= T:
                break
        return [(d, idx[:N] if self.unique_dates else idx, sc) for d, (idx, sc) in out.items()]


