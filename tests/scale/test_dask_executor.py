"""The dask executor: the local executor's annotations, and no article lost or doubled when a worker dies.

One LocalCluster (2 single-threaded worker processes) serves the whole module; annotate.run reaches it
through Dask's own ``scheduler-address`` setting, exactly as a real cluster would be reached.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask executor needs Dask (pip install dateline[dask])")

import dask.config  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from scale_fixtures import DEMO, REPO, small_articles  # noqa: E402

from dateline.annotate import ANNOTATOR_VERSION, run  # noqa: E402
from dateline.annotate.dask_executor import (  # noqa: E402
    DaskExecutorError,
    dask_client,
    require_dask,
    run_dask,
    store_sink,
)
from dateline.ingest import ingest_paths  # noqa: E402
from dateline.store import Store, open_store  # noqa: E402
from dateline.types import Annotation, Article  # noqa: E402

pytestmark = pytest.mark.slow

DEMO_DAYS = ["2025-03-02", "2025-03-03"]
DUMP_TABLES = ("annotations", "sentences", "timexes", "entities", "mentions", "quotes")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    import logging

    from dateline.annotate.dask_executor import _close_quietly

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                     silence_logs=logging.ERROR)
    try:
        yield c
    finally:
        _close_quietly(c)  # a slow shutdown on a busy machine is not what these tests check


def dump(store: Store) -> dict[str, list[str]]:
    """Every stored annotation row as sorted JSON, without timestamps and row ids."""
    out = {}
    for table in DUMP_TABLES:
        rows = store.query(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
        clean = ({k: v for k, v in r.items() if k not in ("at", "rowid")} for r in rows)
        out[table] = sorted(json.dumps(r, sort_keys=True) for r in clean)
    return out


def test_two_dask_workers_give_byte_identical_annotations(cluster: LocalCluster, tmp_path: Path) -> None:
    if not DEMO.is_dir():
        pytest.skip(f"demo corpus {DEMO} not present")
    paths = [DEMO / d for d in DEMO_DAYS if (DEMO / d).is_dir()]
    stores = [open_store(tmp_path / "local.db"), open_store(tmp_path / "dask.db")]
    for s in stores:
        ingest_paths(s, paths, progress=False, rejects_path=tmp_path / "rejects.jsonl")
    n = stores[0].count_articles()
    assert n >= 5
    local = run(stores[0], executor="local", progress=False)
    with dask.config.set({"scheduler-address": cluster.scheduler_address}):
        remote = run(stores[1], executor="dask", progress=False)
    assert (local.ok, remote.ok, remote.failed) == (n, n, 0), (local.failures, remote.failures)
    a, b = dump(stores[0]), dump(stores[1])
    assert len(a["sentences"]) > n and len(a["timexes"]) > 0
    assert a == b
    for s in stores:
        s.close()


def test_worker_killed_mid_run_loses_and_duplicates_nothing(cluster: LocalCluster, store: Store) -> None:
    articles = small_articles(24)
    with store.transaction():
        for a in articles:
            store.add_article(a)
    written: list[str] = []
    killed: list[int] = []
    sink = store_sink(store)

    def write(batch: list[tuple[Article, Annotation]]) -> None:
        written.extend(a.id for a, _ in batch)
        sink(batch)

    with Client(cluster) as client:
        pids = client.run(os.getpid)  # worker address -> pid

        def kill_one(_: int) -> None:
            if not killed:  # after the first results: one worker dies with tasks still queued on it
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        summary = run_dask(store.articles(), write, client, batch_size=1, window=24, on_done=kill_one)
        client.wait_for_workers(2, timeout=60)  # the nanny restarts the dead worker for the next test
    assert killed, "no worker was killed"
    assert Counter(written) == Counter(a.id for a in articles)  # each article written exactly once
    assert summary.written == 24 and summary.failed == 0
    assert store.stale_article_ids(ANNOTATOR_VERSION) == []
    counts = store.query("SELECT count(*) AS n, count(DISTINCT article_id) AS d FROM annotations")[0]
    assert counts == {"n": 24, "d": 24}


def test_bad_worker_count_and_unreachable_scheduler_are_clear_errors() -> None:
    require_dask()
    with pytest.raises(DaskExecutorError, match="--workers 0"), dask_client(workers=0):
        pass
    with pytest.raises(DaskExecutorError, match="tcp://127.0.0.1:9: cannot connect"), \
            dask_client(scheduler="tcp://127.0.0.1:9", timeout=1):
        pass


def test_dateline_imports_and_runs_locally_without_dask() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('dask', 'distributed'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dateline.annotate, dateline.annotate.dask_executor as d, dateline.store.parquet\n"
        "from dateline.annotate.executors import get_executor\n"
        "assert get_executor('local')\n"
        "try:\n"
        "    list(d.stream([], 1))\n"
        "except d.DaskExecutorError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "pip install dateline[dask]" in out.stdout


def test_parquet_output_from_dask_is_complete_and_resumable(cluster: LocalCluster, store: Store,
                                                             tmp_path: Path) -> None:
    from dateline.annotate.dask_executor import run_store
    from dateline.store.parquet import read_table

    articles = small_articles(6)
    with store.transaction():
        for a in articles[:4]:
            store.add_article(a)
    out = tmp_path / "pq"
    first = run_store(store, scheduler=cluster.scheduler_address, out_parquet=out, progress=False)
    assert (first.written, first.failed) == (4, 0)
    with store.transaction():
        for a in articles[4:]:
            store.add_article(a)
    second = run_store(store, scheduler=cluster.scheduler_address, out_parquet=out, progress=False)
    assert second.written == 2  # only what the directory does not hold yet
    ann = read_table(out, "annotations")
    assert sorted(ann.column("article_id").to_pylist()) == sorted(a.id for a in articles)
    assert set(ann.column("status").to_pylist()) == {"ok"}
    assert read_table(out, "sentences").num_rows >= 6 * 3
    assert store.query("SELECT count(*) AS n FROM annotations")[0]["n"] == 0  # SQLite left alone


def test_a_chunk_that_breaks_is_redone_article_by_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.annotate as annotate_pkg
    from dateline.annotate.dask_executor import annotate_chunk

    articles = small_articles(3)

    def broken(batch: list[Article]) -> list[Annotation]:
        if len(batch) > 1:
            raise RuntimeError("whole chunk broke")
        if batch[0].id == articles[1].id:
            raise ValueError("this one is bad")
        return [Annotation(batch[0].id, ANNOTATOR_VERSION, language="en", status="ok")]

    monkeypatch.setattr(annotate_pkg, "annotate_batch", broken)
    anns = annotate_chunk(articles)
    assert [a.article_id for a in anns] == [a.id for a in articles]  # one per article, in order
    assert [a.status for a in anns] == ["ok", "failed", "ok"]
    assert anns[1].reason == "ValueError: this one is bad"
