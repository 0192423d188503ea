"""Ingest speed: articles/s and MB/s into a fresh temporary store, on one core.

    .venv/bin/python bench/ingest.py                 # TempEval-3 silver (TimeML) + a Timeline17 JSONL topic
    .venv/bin/python bench/ingest.py PATH [--format jsonl]

Each input is ingested twice: into an empty store (the real cost, reading + validation + hashing + SQLite
with FTS5 indexing) and again into the same store (everything is a duplicate: the cost of a re-run).
Input MB counts the bytes of the files read. CPU time is reported beside wall time because a shared
machine's load distorts the wall clock; the single process uses one core. Results go in a report to the
lead (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from dateline.ingest import ingest_paths, read_path
from dateline.ingest.detect import expand
from dateline.store import open_store

SHARED = Path(os.environ.get("DATELINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
DEFAULTS = [
    (SHARED / "data" / "tempeval3" / "silver", "timeml"),
    (SHARED / "data" / "tls" / "t17-dev" / "bpoil" / "articles.jsonl", "jsonl"),
]


def input_bytes(path: Path, fmt: str) -> int:
    return sum(p.stat().st_size for p, f, _ in expand([path], fmt) if f is not None)


def bench(path: Path, fmt: str) -> dict[str, object]:
    size = input_bytes(path, fmt)
    t0 = time.perf_counter()
    n_read = sum(1 for _ in read_path(path, fmt))
    read_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        t0, c0 = time.perf_counter(), time.process_time()
        s = ingest_paths(store, [path], fmt=fmt, progress=False)
        first, cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        again = ingest_paths(store, [path], fmt=fmt, progress=False)
        rerun = time.perf_counter() - t0
    n = s.ingested + s.duplicates
    mb = size / 1e6
    return {
        "input": str(path), "format": fmt, "files": s.files, "records": n + s.rejected,
        "ingested": s.ingested, "duplicates": s.duplicates, "rejected": s.rejected, "MB": round(mb, 2),
        "seconds": round(first, 2), "articles_per_s": round(n / first), "MB_per_s": round(mb / first, 2),
        "cpu_seconds": round(cpu, 2), "articles_per_cpu_s": round(n / cpu),
        "MB_per_cpu_s": round(mb / cpu, 2),
        "read_only_articles_per_s": round(n_read / read_s), "read_only_MB_per_s": round(mb / read_s, 2),
        "rerun_seconds": round(rerun, 2), "rerun_articles_per_s": round((again.duplicates or 1) / rerun),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path)
    ap.add_argument("--format", default="auto")
    args = ap.parse_args()
    targets = [(args.path, args.format)] if args.path else DEFAULTS
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f}, 1 process")
    for path, fmt in targets:
        if not path.exists():
            print(f"{path}: not found (set DATELINE_SHARED)", file=sys.stderr)
            continue
        r = bench(path, fmt)
        print(f"{r['input']} [{fmt}]: {r['ingested']} articles ({r['MB']} MB, {r['files']} files) in "
              f"{r['seconds']} s = {r['articles_per_s']} articles/s, {r['MB_per_s']} MB/s; "
              f"CPU {r['cpu_seconds']} s = {r['articles_per_cpu_s']} articles/CPU-s, "
              f"{r['MB_per_cpu_s']} MB/CPU-s; "
              f"reading alone {r['read_only_articles_per_s']} articles/s; "
              f"re-run (all duplicates) {r['rerun_seconds']} s; rejected {r['rejected']}")
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
