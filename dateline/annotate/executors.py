"""Where annotation runs: in this process, or in worker processes. Workers only return Annotations;
the caller's single writer saves them (one SQLite writer, see DESIGN.md).

An executor is a function ``(articles, workers) -> Iterator[Annotation]`` yielding one Annotation per
article. A new one (e.g. Dask) is a module ``dateline/annotate/<name>_executor.py`` exposing
``stream(articles, workers)``, found by name without touching this file.
"""

from __future__ import annotations

import importlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from dateline.annotate.pipeline import BATCH_SIZE, annotate_articles, annotate_batch
from dateline.annotate.version import ANNOTATOR_VERSION
from dateline.types import Annotation, Article

if TYPE_CHECKING:
    from dateline.store import Store

Executor = Callable[[Iterable[Article], int | None], Iterator[Annotation]]
WRITE_BATCH = 64


def local_stream(articles: Iterable[Article], workers: int | None = None) -> Iterator[Annotation]:
    """In this process (``workers`` is ignored)."""
    return annotate_articles(articles)


def _warm() -> None:
    from threadpoolctl import threadpool_limits

    from dateline.annotate.model import load_nlp
    from dateline.temporal import get_engine

    load_nlp()
    get_engine("en")
    # one BLAS thread per worker, the workers being the parallelism; after loading, because threadpoolctl
    # only reaches libraries already loaded (numpy's OpenBLAS comes with the model)
    threadpool_limits(1, user_api="blas")


def process_stream(articles: Iterable[Article], workers: int | None = None) -> Iterator[Annotation]:
    """In ``workers`` processes (default: CPU count), each loading the model once; results in input order.

    A crashed worker (killed, out of memory) fails only the articles of its batch; the pool is rebuilt.
    """
    import multiprocessing

    n = workers or os.cpu_count() or 1
    ctx = multiprocessing.get_context("spawn")  # no inherited SQLite handles or locks in the workers
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_warm)
    it = iter(articles)
    inflight: deque[tuple[list[Article], Future[list[Annotation]]]] = deque()
    try:
        while True:
            while len(inflight) < 2 * n:
                batch = list(islice(it, BATCH_SIZE))
                if not batch:
                    break
                inflight.append((batch, pool.submit(annotate_batch, batch)))
            if not inflight:
                return
            batch, fut = inflight.popleft()
            try:
                yield from fut.result()
            except BrokenProcessPool as exc:
                yield from (_worker_failure(a, exc) for a in batch)
                for b, _f in inflight:  # their results are lost with the pool: redo them
                    it = _chain(b, it)
                inflight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_warm)
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result: fail the batch, go on
                yield from (_worker_failure(a, exc) for a in batch)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chain(first: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    yield from first
    yield from rest


def _worker_failure(article: Article, exc: BaseException) -> Annotation:
    return Annotation(article.id, ANNOTATOR_VERSION, article.language, status="failed",
                      reason=f"worker failed: {type(exc).__name__}: {exc}"[:500])


EXECUTORS: dict[str, Executor] = {"local": local_stream, "processes": process_stream}


def get_executor(name: str) -> Executor:
    """A registered executor, or ``dateline.annotate.<name>_executor.stream``; ValueError otherwise."""
    if name in EXECUTORS:
        return EXECUTORS[name]
    try:
        module = importlib.import_module(f"dateline.annotate.{name}_executor")
    except ModuleNotFoundError:
        known = ", ".join(sorted(EXECUTORS))
        raise ValueError(f"unknown executor {name!r} (known: {known})") from None
    return module.stream


def annotate_stream(
    articles: Iterable[Article], executor: str = "local", workers: int | None = None
) -> Iterator[Annotation]:
    """Annotations of ``articles`` computed by the named executor."""
    return get_executor(executor)(articles, workers)


@dataclass
class RunSummary:
    total: int = 0
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason), first 20
    skips: dict[str, int] = field(default_factory=dict)  # reason -> count

    @property
    def per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total, "ok": self.ok, "skipped": self.skipped, "failed": self.failed,
            "seconds": round(self.seconds, 2), "articles_per_second": round(self.per_second, 2),
            "failures": [{"id": i, "reason": r} for i, r in self.failures], "skips": self.skips,
        }


def run(
    store: Store,
    executor: str = "local",
    workers: int | None = None,
    progress: bool | Callable[[int, int], None] = True,
    limit: int | None = None,
) -> RunSummary:
    """Annotate every stale article of ``store`` (never annotated, older version, or failed last time).

    Results are saved in transactions of WRITE_BATCH articles by this process only. ``progress``: True
    for a rich progress bar on stderr, or a callback ``(done, total)``.
    """
    stream_fn = get_executor(executor)  # unknown names fail before any work
    ids = store.stale_article_ids(ANNOTATOR_VERSION)
    if limit is not None:
        ids = ids[:limit]
    summary = RunSummary()
    started = time.perf_counter()
    bar = _progress_bar(len(ids)) if progress is True else None
    callback = progress if callable(progress) else None
    pending: list[Annotation] = []
    try:
        for ann in stream_fn(store.articles(ids=ids), workers):
            pending.append(ann)
            _count(summary, ann)
            if len(pending) >= WRITE_BATCH:
                _save(store, pending)
                pending = []
            if bar is not None:
                bar[0].update(bar[1], advance=1)
            if callback is not None:
                callback(summary.total, len(ids))
        _save(store, pending)
    finally:
        if bar is not None:
            bar[0].stop()
    summary.seconds = time.perf_counter() - started
    return summary


def _save(store: Store, annotations: list[Annotation]) -> None:
    if not annotations:
        return
    with store.transaction():
        for ann in annotations:
            store.save_annotation(ann)


def _count(summary: RunSummary, ann: Annotation) -> None:
    summary.total += 1
    if ann.status == "ok":
        summary.ok += 1
    elif ann.status == "skipped":
        summary.skipped += 1
        key = ann.reason or "skipped"
        summary.skips[key] = summary.skips.get(key, 0) + 1
    else:
        summary.failed += 1
        if len(summary.failures) < 20:
            summary.failures.append((ann.article_id, ann.reason or "unknown error"))


def _progress_bar(total: int) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=False)
    task = bar.add_task("annotate", total=total)
    bar.start()
    return bar, task
