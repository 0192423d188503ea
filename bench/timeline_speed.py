"""Speed of the raw-articles-to-timeline path (issue 5: under 5 s CPU for a ~300-article topic, one core).

    PYTHONPATH=. .venv/bin/python bench/timeline_speed.py ../shared/data/tls/t17-dev/egypt [--dates 20]

One fresh process, as a user's: reads ``articles.jsonl`` (lines ``{"id", "date", "text"}``), builds the
collection (sentence split + ``dateline.temporal`` tagging + event dating) and predicts a timeline with the
default method. Prints CPU seconds (``time.process_time``: fair on a shared machine) split into imports
(interpreter start-up included), collection (reading included), predict and total. Run it several times
and report the median.
"""

from __future__ import annotations

import time

T_START = time.process_time()  # interpreter start-up, before any of this script's imports

import argparse  # noqa: E402 (timed: everything after T_START is the script's own cost)
import json  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path, help="topic folder (with articles.jsonl) or an articles.jsonl file")
    ap.add_argument("--dates", type=int, default=20, help="timeline length T (default 20)")
    ap.add_argument("--sentences", type=int, default=2, help="sentences per date N (default 2)")
    ap.add_argument("--lang", default=None, help="language code (default: detected)")
    args = ap.parse_args()
    path = args.path / "articles.jsonl" if args.path.is_dir() else args.path

    from dateline.timeline import build_collection, get_method
    from dateline.types import Article

    t_imports = time.process_time()
    articles = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                articles.append(Article(published=date.fromisoformat(rec["date"][:10]), text=rec["text"],
                                        id=str(rec["id"])))
    collection = build_collection(articles, lang=args.lang)
    t_collection = time.process_time()
    timeline = get_method("default").predict(collection, T=args.dates, N=args.sentences)
    t_end = time.process_time()

    print(f"{path}: {len(collection.articles)} articles, {len(collection.sentences)} sentences "
          f"({collection.lang}), {len(timeline.entries)} dates")
    print(f"CPU s: imports {t_imports:.2f} (start-up {T_START:.2f})  "
          f"collection {t_collection - t_imports:.2f}  predict {t_end - t_collection:.2f}  total {t_end:.2f}")


if __name__ == "__main__":
    main()
