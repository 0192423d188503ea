"""Leave-one-topic-out date F1 of the default method's date ranker, in seconds, from the shipped rows.

    PYTHONPATH=. .venv/bin/python bench/ranker_loto.py [--drop docs_nb] [--C 0.3] [--per-topic]

The official measure (`dateline eval tls DATASET --fit-with` the other three) takes minutes per dataset.
Date choice needs none of its sentence work: this script refits the ranker on the raw counts shipped in
``dateline/timeline/resources/date_ranker_rows.npz`` (every candidate day of the 30 dev reference
timelines, see bench/train_date_ranker.py) leaving out each topic in turn, takes the top T days of that
topic's timelines and scores them as `eval tls` does (precision and recall averaged over the timelines, F
from the averages). T comes from the reference files (``--root``), matched by fingerprint.

It is a proxy, for screening ranker variants before an official run: the method skips a day that has no
summary candidate and takes the next, which this script cannot see, nor the default method's spreading of
few dates over years of coverage (``Ranked.spread``, entity timelines). On main (2026-11-28, session 31's
tagger, 24 features, C=0.3) it gives t17-dev 0.6525, entities-dev 0.2325, ml-crisis-es 0.4370, ml-crisis-fr
0.2704 against the official 0.6525, 0.2506, 0.4277 and 0.2654. ``--drop COLUMN`` leaves out every feature made
from one raw count column (``dates.RAW``: its log and rank) or one ratio feature.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from dateline.timeline.dates import FEATS, RAW, features
from dateline.timeline.ranked import SHIPPED_ROWS, fit_ranker

SHARED = Path(os.environ.get("DATELINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def reference_sizes(root: Path) -> dict[str, int]:
    """T (number of dates) of every reference timeline under ``root``, by ``reference_fingerprint``."""
    from datetime import date

    from dateline.timeline.ranked import reference_fingerprint

    out = {}
    for path in root.glob("*/*/timelines/*.jsonl"):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        dates = {date.fromisoformat(r["date"]): [] for r in lines}
        out[reference_fingerprint(dates)] = len(dates)
    return out


def kept_columns(drop: list[str]) -> list[int]:
    unknown = [d for d in drop if d not in RAW and d not in FEATS]
    if unknown:
        raise SystemExit(f"--drop {', '.join(unknown)}: neither a column of dates.RAW nor a feature of "
                         "dates.FEATS")
    return [j for j, f in enumerate(FEATS)
            if f not in drop and not any(f in (f"log_{d}", f"rank_{d}") for d in drop)]


def loto(rows: Path, sizes: dict[str, int], keep: list[int], C: float) -> list[tuple[str, float, float]]:
    """(topic, precision, recall) of every reference timeline, its topic left out of the ranker's fit."""
    with np.load(rows, allow_pickle=False) as z:
        R, y, group, fps, topics = z["raw"], z["label"].astype(int), z["group"], z["fingerprint"], z["topic"]
    cuts = np.flatnonzero(np.diff(group)) + 1
    X = [features(r)[:, keep] for r in np.split(R, cuts)]
    Y = np.split(y, cuts)
    missing = [str(t) for t, fp in zip(topics, fps, strict=True) if fp not in sizes]
    if missing:
        raise SystemExit(f"no reference file found for {', '.join(missing)}: check --root")
    out = []
    for topic in sorted(set(topics.tolist())):
        train = [i for i, t in enumerate(topics) if t != topic]
        coef, b = fit_ranker(np.vstack([X[i] for i in train]), np.concatenate([Y[i] for i in train]), C)
        for i in np.flatnonzero(topics == topic):
            T = sizes[fps[i]]
            top = np.argsort(-(X[i] @ coef + b), kind="stable")[:T]
            hits = int(Y[i][top].sum())
            out.append((str(topic), hits / len(top), hits / T))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=Path, default=SHIPPED_ROWS)
    ap.add_argument("--root", type=Path, default=SHARED / "data" / "tls", help="dev datasets (for T)")
    ap.add_argument("--drop", action="append", default=[], help="a RAW column or a feature to leave out")
    ap.add_argument("--C", type=float, default=0.3)
    ap.add_argument("--per-topic", action="store_true")
    args = ap.parse_args()
    res = loto(args.rows, reference_sizes(args.root), kept_columns(args.drop), args.C)
    by_ds: dict[str, list[tuple[str, float, float]]] = {}
    for row in res:
        by_ds.setdefault(row[0].split("/")[0], []).append(row)
    for ds, rs in sorted(by_ds.items()):
        p, r = np.mean([x[1] for x in rs]), np.mean([x[2] for x in rs])
        print(f"{ds:14s} date F1 {2 * p * r / (p + r) if p + r else 0.0:.4f}  ({len(rs)} timelines)")
        if args.per_topic:
            for t, pp, rr in rs:
                print(f"    {t:40s} {2 * pp * rr / (pp + rr) if pp + rr else 0.0:.3f}")


if __name__ == "__main__":
    main()
