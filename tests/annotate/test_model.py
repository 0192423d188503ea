"""The pipeline loads with numpy's BLAS for thinc's matrix products (faster here) and parses exactly as
with thinc's default blis."""

from __future__ import annotations

import pytest


def test_layers_use_numpy_blas_and_global_ops_are_restored(nlp) -> None:  # noqa: ANN001
    from thinc.api import get_current_ops

    assert nlp.get_pipe("tok2vec").model.ops.use_blis is False
    assert nlp.get_pipe("ner").model.get_ref("tok2vec").ops.use_blis is False
    assert getattr(get_current_ops(), "use_blis", True) is True  # the process-wide default is untouched


def test_numpy_blas_gives_the_same_parse_as_blis(nlp, seed_article, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from dateline.annotate.model import load_nlp

    monkeypatch.setenv("DATELINE_BLIS", "1")
    blis_nlp = load_nlp.__wrapped__("en")  # uncached: a second pipeline, built with blis
    assert blis_nlp.get_pipe("tok2vec").model.ops.use_blis is True
    text, _ = seed_article
    a, b = nlp(text), blis_nlp(text)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in b.ents]
    assert [(t.head.i, t.dep_, t.tag_) for t in a] == [(t.head.i, t.dep_, t.tag_) for t in b]
    assert len(a.ents) > 10


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_process_workers_use_one_blas_thread(nlp) -> None:  # noqa: ANN001 (nlp: skip without the model)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from dateline.annotate.executors import _warm

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=_warm) as pool:
        threads = pool.submit(_blas_threads).result(timeout=300)
    assert threads and all(n == 1 for n in threads)
