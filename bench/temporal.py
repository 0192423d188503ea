"""Speed of the temporal tagger: articles/s tagging the TempEval-3 silver corpus on one core.

Usage: .venv/bin/python bench/temporal.py [DIR]   (default: ../shared/data/tempeval3/silver)
Reads all documents first (parsing is not timed), then times ``tag`` alone.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from dateline.ingest.timeml import TimeMLError, read_timeml
from dateline.temporal import get_engine, tag


def main() -> None:
    shared = Path(os.environ.get("DATELINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else shared / "data" / "tempeval3" / "silver"
    docs = []
    for p in sorted(directory.glob("*.tml")):
        try:
            docs.append(read_timeml(p))
        except TimeMLError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
    if not docs:
        sys.exit(f"{directory}: no readable .tml files")
    get_engine("en")  # compile once, outside the timing
    chars = sum(len(d.text) for d in docs)
    t0 = time.perf_counter()
    n_timex = sum(len(tag(d.text, d.dct)) for d in docs)
    dt = time.perf_counter() - t0
    print(f"{len(docs)} articles, {chars / len(docs):.0f} chars/article, {n_timex} timexes, {dt:.2f} s: "
          f"{len(docs) / dt:.0f} articles/s, {chars / dt / 1e6:.2f} MB/s (one core)")


if __name__ == "__main__":
    main()
