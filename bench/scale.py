"""Benchmark: annotation throughput on Dask with 1 and 2 workers (issue 7 target: speedup >= 1.7x on 2 cores).

    .venv/bin/python bench/scale.py                      # ../shared/data/tempeval3/silver, first 300 docs
    .venv/bin/python bench/scale.py --limit 0 --workers 1,2,4 --json bench-scale.json

The corpus is ingested once into a temporary store; each worker count then annotates the same articles
into a fresh copy of it. Timing starts after the cluster is up and every worker has loaded the model
(steady-state throughput, what matters for a long run); the start-up cost is reported beside it. Worker
CPU seconds are reported too: on a machine shared with other jobs, wall-clock speedup understates what the
executor does, and the CPU numbers show whether workers were starved. On a machine shared with other
sessions (Linux autogroup scheduling gives each session an equal share, whatever the process nice value),
``--autogroup-nice -10`` (root) puts the benchmark in its own, favoured scheduling group so that the
numbers measure dateline rather than the neighbours. ``--chunk N`` sets the articles per Dask task (fewer,
larger tasks cost the driver, which runs the LocalCluster scheduler and the writer, less CPU).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))


def _cpu_seconds() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _own_autogroup(nice: int) -> None:
    """A new session (so a new autogroup, inherited by the worker processes) with the given nice value."""
    with contextlib.suppress(OSError):  # already a session leader
        os.setsid()
    try:
        Path("/proc/self/autogroup").write_text(f"{nice}\n")
    except OSError as exc:
        print(f"--autogroup-nice {nice}: not applied ({exc.strerror or exc})", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "tempeval3" / "silver")
    ap.add_argument("--limit", type=int, default=300, help="articles to annotate (0: all)")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--chunk", type=int, help="articles per Dask task (default: the executor's CHUNK)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--autogroup-nice", type=int, help="own scheduling group with this nice value (Linux)")
    args = ap.parse_args(argv)
    if args.autogroup_nice is not None:
        _own_autogroup(args.autogroup_nice)
    if not args.data.exists():
        print(f"{args.data}: no such directory (set DATELINE_SHARED)", file=sys.stderr)
        return 2

    from distributed import Client, LocalCluster

    from dateline.annotate.dask_executor import CHUNK, _warm, run_dask, store_sink
    from dateline.ingest import ingest_paths
    from dateline.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    try:
        base = tmp / "base.db"
        t0 = time.perf_counter()
        with open_store(base) as store:
            s = ingest_paths(store, [args.data], progress=False, rejects_path=tmp / "rejects.jsonl")
            ids = [r["id"] for r in store.query("SELECT id FROM articles ORDER BY published, id")]
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        ids = ids[: args.limit] if args.limit else ids
        print(f"ingest {args.data}: {s.line()} in {time.perf_counter() - t0:.1f}s; annotating {len(ids)}")
        results = []
        for n in [int(x) for x in args.workers.split(",")]:
            db = tmp / f"w{n}.db"
            shutil.copy(base, db)
            t1 = time.perf_counter()
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=40)
            client = Client(cluster)
            client.run(_warm)
            startup = time.perf_counter() - t1
            cpu0 = sum(client.run(_cpu_seconds).values())
            driver0 = _cpu_seconds()
            with open_store(db) as store:
                t2 = time.perf_counter()
                summary = run_dask(store.articles(ids=ids), store_sink(store), client, warm=False,
                                   chunk=args.chunk or CHUNK)
                wall = time.perf_counter() - t2
                chars = store.query("SELECT sum(length(text)) AS c FROM articles")[0]["c"]
            cpu = sum(client.run(_cpu_seconds).values()) - cpu0
            driver = _cpu_seconds() - driver0
            client.close()
            cluster.close()
            row = {"workers": n, "articles": summary.written, "failed": summary.failed,
                   "seconds": round(wall, 2), "articles_per_s": round(summary.written / wall, 2),
                   "worker_cpu_s": round(cpu, 1), "driver_cpu_s": round(driver, 1),
                   "startup_s": round(startup, 1), "chunk": args.chunk or CHUNK,
                   "corpus_chars": chars}
            results.append(row)
            print(f"workers={n}: {row['articles']} articles in {row['seconds']}s = {row['articles_per_s']}/s "
                  f"(worker CPU {row['worker_cpu_s']}s, driver CPU {row['driver_cpu_s']}s, "
                  f"start-up {row['startup_s']}s, "
                  f"failed {row['failed']})")
        one = next((r for r in results if r["workers"] == 1), None)
        for r in results:
            if one and r is not one:
                r["speedup"] = round(r["articles_per_s"] / one["articles_per_s"], 2)
                print(f"speedup {r['workers']} vs 1 worker: {r['speedup']}x")
        meta = {"cpus": os.cpu_count(), "python": platform.python_version(),
                "loadavg_after": [round(x, 2) for x in os.getloadavg()]}
        print(f"cpus={meta['cpus']} load average after: {meta['loadavg_after']}")
        if args.json:
            args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
