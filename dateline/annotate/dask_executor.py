"""The ``dask`` executor: annotation of small article chunks as tasks on ``dask.distributed``, one writer.

Workers only compute: each task takes a small chunk of :class:`Article` s (``CHUNK`` of them) and returns
their :class:`Annotation` s (the spaCy model is loaded once per worker process, by
``dateline.annotate.model.load_nlp``'s per-process cache). Chunks rather than single articles because the
scheduler runs in the driver process on a LocalCluster: per-task scheduling and transfer cost driver CPU
that competes with the workers for the cores. The driver submits chunks in a bounded window (memory stays
flat however big the corpus), takes results as they complete (``as_completed``) and hands them in batches
to one sink: the SQLite store (one transaction per batch) or a Parquet writer. When a worker dies, the
scheduler re-runs its tasks elsewhere; each future is yielded by ``as_completed`` once, and saving an
annotation replaces what was stored for the article, so an article is never lost or duplicated.

Dask is optional (``pip install dateline[dask]``): nothing here imports it before a run starts.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.annotate.executors import RunSummary
from dateline.types import Annotation, Article

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

    from dateline.store.sqlite import Store

Sink = Callable[[list[tuple[Article, Annotation]]], None]
"""Receives a batch of finished (article, annotation) pairs; called on the driver only."""

DEFAULT_BATCH = 64
FLUSH_SECONDS = 5.0
CHUNK = 4  # articles per task: few enough that two workers stay evenly loaded at the end of a run


class DaskExecutorError(ValueError):
    """Dask missing, scheduler unreachable, bad worker count (a bad request): the message says which, why."""


def require_dask() -> None:
    """Import check with the message a user can act on."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise DaskExecutorError("the dask executor needs Dask: pip install dateline[dask]") from None


def annotate_article(article: Article) -> Annotation:
    """The task run on a worker: the pipeline on one article. Never raises (a failure is an Annotation)."""
    from dateline.annotate import ANNOTATOR_VERSION, annotate_batch

    try:
        return annotate_batch([article])[0]  # the very code path of the local executor
    except Exception as exc:  # one bad article must not fail the run
        return Annotation(article.id, ANNOTATOR_VERSION, language=article.language, status="failed",
                          reason=f"{type(exc).__name__}: {exc}")


def annotate_chunk(articles: list[Article]) -> list[Annotation]:
    """The task run on a worker: one ``annotate_batch`` call (one ``nlp.pipe``) on a chunk of articles.

    Returns one Annotation per article, in order; never raises (article by article on any surprise).
    """
    from dateline.annotate import annotate_batch

    try:
        anns = annotate_batch(articles)  # the very code path of the local executor
        if [a.article_id for a in anns] == [a.id for a in articles]:
            return anns
    except Exception:  # noqa: BLE001, S110 - redone one by one below, each failure with its reason
        pass
    return [annotate_article(a) for a in articles]


def _warm() -> str:
    """Load the model in a worker before tasks arrive, so the first tasks are not all slow at once."""
    try:
        from dateline.annotate.model import load_nlp
        from dateline.temporal import get_engine

        load_nlp()
        get_engine("en")
    except Exception as exc:  # a missing model shows up per article, with its reason
        return f"{type(exc).__name__}: {exc}"
    return "ok"


@dataclass
class DaskSummary(RunSummary):
    """What a Dask run did: a ``RunSummary`` (the CLI prints either) plus the number of workers."""

    workers: int = 0

    @property
    def written(self) -> int:
        return self.total

    def count(self, ann: Annotation) -> None:
        if ann.status == "ok":
            self.ok += 1
        elif ann.status == "skipped":
            self.skipped += 1
            self.skips[ann.reason or "skipped"] = self.skips.get(ann.reason or "skipped", 0) + 1
        else:
            self.failed += 1
            if len(self.failures) < 20:
                self.failures.append((ann.article_id, ann.reason or "unknown error"))

    def line(self) -> str:
        return (f"annotated {self.total} articles on {self.workers} Dask worker(s): ok {self.ok}, skipped "
                f"{self.skipped}, failed {self.failed} ({self.per_second:.1f} articles/s)")


@contextmanager
def dask_client(
    scheduler: str | None = None, workers: int | None = None, timeout: float = 20.0
) -> Iterator[Client]:
    """A client on ``scheduler`` (a running cluster), else on a LocalCluster of ``workers`` processes.

    Local workers are single-threaded processes: spaCy holds the GIL, so threads would not add speed.
    """
    require_dask()
    from distributed import Client, LocalCluster

    if workers is not None and workers < 1:
        raise DaskExecutorError(f"--workers {workers}: need at least 1 worker")
    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError) as exc:
            raise DaskExecutorError(f"scheduler {scheduler}: cannot connect ({exc})") from None
        try:
            if workers:
                try:
                    client.wait_for_workers(workers, timeout=120)
                except TimeoutError:
                    raise DaskExecutorError(
                        f"scheduler {scheduler}: fewer than {workers} workers after 120s "
                        f"({len(client.nthreads())} connected)"
                    ) from None
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        _close_quietly(cluster)


def _close_quietly(cluster: Any) -> None:
    """Stop a LocalCluster; a slow shutdown (a busy machine) must not turn a finished run into an error.

    The work is already written when this runs; worker processes that miss the deadline are stopped by
    their nannies when the scheduler goes away.
    """
    try:
        cluster.close(timeout=60)
    except (TimeoutError, OSError) as exc:
        logging.getLogger(__name__).warning("Dask LocalCluster did not stop cleanly: %s", exc)


def results(
    articles: Iterable[Article],
    client: Client,
    func: Callable[[list[Article]], list[Annotation]] = annotate_chunk,
    window: int | None = None,
    warm: bool = True,
    chunk: int = CHUNK,
) -> Iterator[tuple[Article, Annotation]]:
    """(article, annotation) pairs in completion order (of chunks), each article exactly once.

    Tasks of ``chunk`` articles each; at most ``window`` articles are in flight (default: 8 tasks per
    worker thread, at least 16 articles; rounded up to whole chunks), so the driver holds a bounded number
    of articles and results whatever the corpus size. A task that cannot finish (its workers kept dying:
    ``KilledWorker``) gives failed Annotations, so one bad chunk never ends the run.
    """
    from distributed import as_completed

    from dateline.annotate import ANNOTATOR_VERSION

    nthreads = sum(client.nthreads().values()) or 1
    if warm:
        client.run(_warm)
    chunk = max(1, chunk)
    window = window or max(16, 8 * nthreads * chunk)
    tasks = max(1, -(-window // chunk))
    source = iter(articles)
    pending: dict[str, tuple[Any, list[Article]]] = {}  # future key -> (future, articles kept for the sink)
    count = 0
    token = uuid.uuid4().hex[:8]  # keys unique per run: a scheduler may serve many runs and clients

    def submit() -> Any:
        nonlocal count
        group = list(itertools.islice(source, chunk))
        if not group:
            return None
        fut = client.submit(func, group, key=f"annotate-{token}-{count}-{group[0].id}", pure=False)
        pending[fut.key] = (fut, group)
        count += 1
        return fut

    first = (submit() for _ in range(tasks))
    done = as_completed([f for f in first if f is not None])
    try:
        for fut in done:
            _, group = pending.pop(fut.key)
            try:
                anns = fut.result()
            except Exception as exc:  # KilledWorker after repeated deaths, cancelled, ...
                reason = f"dask task failed: {type(exc).__name__}: {exc}"[:500]
                anns = [Annotation(a.id, ANNOTATOR_VERSION, language=a.language, status="failed",
                                   reason=reason) for a in group]
            fut.release()
            nxt = submit()
            if nxt is not None:
                done.add(nxt)
            yield from zip(group, anns, strict=True)
    finally:
        if pending:  # stopped early (Ctrl-C, consumer closed): drop what is still queued
            client.cancel([f for f, _ in pending.values()])


def stream(
    articles: Iterable[Article], workers: int | None = None, scheduler: str | None = None
) -> Iterator[Annotation]:
    """The executor interface of ``dateline.annotate.run`` (``executor="dask"``).

    ``scheduler`` defaults to Dask's own setting ``scheduler-address`` (env ``DASK_SCHEDULER_ADDRESS``);
    without one, a LocalCluster of ``workers`` single-threaded processes is started for the run.
    """
    require_dask()
    source = iter(articles)
    first = next(source, None)
    if first is None:
        return  # nothing stale: no cluster to start or reach
    if scheduler is None:
        import dask.config

        scheduler = dask.config.get("scheduler-address", None)
    with dask_client(scheduler, workers) as client:
        for _, ann in results(itertools.chain([first], source), client):
            yield ann


def run_dask(
    articles: Iterable[Article],
    sink: Sink,
    client: Client,
    func: Callable[[list[Article]], list[Annotation]] = annotate_chunk,
    window: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_done: Callable[[int], None] | None = None,
    warm: bool = True,
    chunk: int = CHUNK,
) -> DaskSummary:
    """Annotate ``articles`` on the cluster behind ``client``; write results through ``sink`` in batches.

    ``on_done(n)`` is called with the number of newly written articles (for a progress bar).
    """
    summary = DaskSummary(workers=len(client.nthreads()))
    pairs = results(articles, client, func=func, window=window, warm=warm, chunk=chunk)
    return _drain(pairs, sink, summary, batch_size, on_done)


def _drain(
    pairs: Iterable[tuple[Article, Annotation]],
    sink: Sink,
    summary: DaskSummary,
    batch_size: int = DEFAULT_BATCH,
    on_done: Callable[[int], None] | None = None,
) -> DaskSummary:
    """Write finished pairs through ``sink``: every ``batch_size`` results or FLUSH_SECONDS, and on exit.

    On Ctrl-C the finished results are written before the interrupt goes on.
    """
    start = time.perf_counter()
    batch: list[tuple[Article, Annotation]] = []
    last_flush = time.monotonic()

    def flush() -> None:
        nonlocal batch, last_flush
        if batch:
            sink(batch)
            summary.total += len(batch)
            if on_done:
                on_done(len(batch))
            batch = []
        last_flush = time.monotonic()

    try:
        for article, ann in pairs:
            summary.count(ann)
            batch.append((article, ann))
            if len(batch) >= batch_size or time.monotonic() - last_flush > FLUSH_SECONDS:
                flush()
    finally:
        flush()
        summary.seconds = time.perf_counter() - start
    return summary


def _paired(
    articles: Iterable[Article], executor: str, workers: int | None
) -> Iterator[tuple[Article, Annotation]]:
    """(article, annotation) pairs from a registered executor (local, processes), which yields annotations."""
    from dateline.annotate import annotate_stream

    inflight: dict[str, Article] = {}

    def feed() -> Iterator[Article]:
        for a in articles:
            inflight[a.id] = a
            yield a

    for ann in annotate_stream(feed(), executor, workers):
        yield inflight.pop(ann.article_id), ann


# -- sinks -----------------------------------------------------------------------------------------


def store_sink(store: Store) -> Sink:
    """One transaction per batch through the store's single writer (save_annotation replaces: idempotent)."""

    def write(batch: list[tuple[Article, Annotation]]) -> None:
        with store.transaction():
            for _, ann in batch:
                store.save_annotation(ann)

    return write


def parquet_sink(writer: Any) -> Sink:
    """Into a ``dateline.store.parquet.ParquetWriter`` (which writes files every ``flush_every`` articles)."""

    def write(batch: list[tuple[Article, Annotation]]) -> None:
        for article, ann in batch:
            writer.add(article, ann)

    return write


def run_store(
    store: Store,
    scheduler: str | None = None,
    workers: int | None = None,
    out_parquet: str | Path | None = None,
    progress: bool = True,
    executor: str = "dask",
    func: Callable[[list[Article]], list[Annotation]] = annotate_chunk,
    batch_size: int = DEFAULT_BATCH,
    annotator_version: str | None = None,
) -> DaskSummary:
    """Annotate what is stale in ``store`` (on Dask by default); write to the store or a Parquet directory.

    With ``out_parquet`` the annotations (and their articles) go to the Parquet dataset instead of SQLite,
    and "stale" means: not yet annotated by this version in that directory. ``executor`` may also be
    ``local`` or ``processes`` (Parquet output without Dask).
    """
    if executor == "dask":
        require_dask()
    elif scheduler:
        raise DaskExecutorError(f"--scheduler {scheduler}: only used with --executor dask")
    if annotator_version is None:
        from dateline.annotate import ANNOTATOR_VERSION

        annotator_version = ANNOTATOR_VERSION
    if out_parquet is not None:
        from dateline.store.parquet import ParquetWriter, done_article_ids

        done = done_article_ids(out_parquet, annotator_version)
        ids = [a for a in _all_ids(store) if a not in done]
    else:
        ids = store.stale_article_ids(annotator_version)
    if not ids:
        return DaskSummary()
    with ExitStack() as stack:
        advance = stack.enter_context(_bar(len(ids), progress))
        if out_parquet is None:
            sink = store_sink(store)
        else:
            sink = parquet_sink(stack.enter_context(ParquetWriter(out_parquet, mode="append")))
        articles = store.articles(ids=ids)
        if executor == "dask":
            client = stack.enter_context(dask_client(scheduler, workers))
            return run_dask(articles, sink, client, func=func, batch_size=batch_size, on_done=advance)
        summary = DaskSummary(workers=workers or 1)
        return _drain(_paired(articles, executor, workers), sink, summary, batch_size, advance)


def _all_ids(store: Store) -> list[str]:
    return [r["id"] for r in store.query("SELECT id FROM articles ORDER BY published, id")]


@contextmanager
def _bar(total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr (articles written); a no-op when disabled."""
    if not enabled:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("annotate (dask)"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task("annotate", total=total)
        yield lambda n: prog.update(task, advance=n)
