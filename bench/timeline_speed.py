"""Speed of the raw-articles-to-timeline path (issue 5: under 5 s CPU for a ~300-article topic, one core).

    PYTHONPATH=. .venv/bin/python bench/timeline_speed.py ../shared/data/tls/t17-dev/egypt [--repeat 5]

One fresh process, as a user's: reads ``articles.jsonl`` (lines ``{"id", "date", "text"}``), builds the
collection (sentence split + ``dateline.temporal`` tagging + event dating) and predicts a timeline with the
default method. OpenBLAS runs on one thread, as in the ``dateline`` command (``dateline.threads``; set
``OPENBLAS_NUM_THREADS`` to measure otherwise). Prints CPU seconds (``time.process_time``: fair on a shared
machine) split into imports (interpreter start-up included), collection (reading included), predict and
total. ``--repeat K`` runs K such processes one after the other and prints their median and range: one
run says little on a shared machine, where the same code varies by 15% from run to run.
"""

from __future__ import annotations

import time

T_START = time.process_time()  # interpreter start-up, before any of this script's imports

import argparse  # noqa: E402 (timed: everything after T_START is the script's own cost)
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path, help="topic folder (with articles.jsonl) or an articles.jsonl file")
    ap.add_argument("--dates", type=int, default=20, help="timeline length T (default 20)")
    ap.add_argument("--sentences", type=int, default=2, help="sentences per date N (default 2)")
    ap.add_argument("--lang", default=None, help="language code (default: detected)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="fresh processes to run one after the other; prints their median (default 1)")
    args = ap.parse_args()
    if args.repeat > 1:
        _repeat(args.repeat)
        return
    path = args.path / "articles.jsonl" if args.path.is_dir() else args.path

    from dateline.threads import one_blas_thread

    one_blas_thread()  # as the ``dateline`` command does, before numpy loads
    from dateline.ingest.common import repair_mojibake
    from dateline.timeline import build_collection, get_method
    from dateline.types import Article

    t_imports = time.process_time()
    articles = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                # mojibake repaired as ingest and `dateline eval tls` do
                articles.append(Article(published=date.fromisoformat(rec["date"][:10]),
                                        text=repair_mojibake(rec["text"]), id=str(rec["id"])))
    collection = build_collection(articles, lang=args.lang)
    t_collection = time.process_time()
    timeline = get_method("default").predict(collection, T=args.dates, N=args.sentences)
    t_end = time.process_time()

    print(f"{path}: {len(collection.articles)} articles, {len(collection.sentences)} sentences "
          f"({collection.lang}), {len(timeline.entries)} dates")
    print(f"CPU s: imports {t_imports:.2f} (start-up {T_START:.2f})  "
          f"collection {t_collection - t_imports:.2f}  predict {t_end - t_collection:.2f}  total {t_end:.2f}")


def _repeat(k: int) -> None:
    """Run this script ``k`` times in fresh processes (same arguments, no --repeat); print each and the
    median of every figure."""
    argv, skip = [], False
    for a in sys.argv[1:]:
        if skip:
            skip = False
        elif a == "--repeat":
            skip = True
        elif not a.startswith("--repeat="):
            argv.append(a)
    runs: list[dict[str, float]] = []
    for i in range(k):
        out = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True,
                             check=True).stdout
        line = out.strip().splitlines()[-1]
        print(f"run {i + 1}: {line}")
        figures = dict(re.findall(r"(imports|collection|predict|total) ([0-9.]+)", line))
        runs.append({key: float(v) for key, v in figures.items()})
    med = {key: statistics.median(r[key] for r in runs) for key in ("imports", "collection", "predict",
                                                                   "total")}
    lo, hi = min(r["total"] for r in runs), max(r["total"] for r in runs)
    print(f"median of {k}: imports {med['imports']:.2f}  collection {med['collection']:.2f}  "
          f"predict {med['predict']:.2f}  total {med['total']:.2f} (range {lo:.2f}-{hi:.2f})")


if __name__ == "__main__":
    main()
