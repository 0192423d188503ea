"""Rebuild the shipped date ranker ``dateline/timeline/resources/date_ranker.json`` from the dev collections.

It also writes the ranker's training data, ``date_ranker_rows.npz``: the raw counts (``dates.RAW``) and
labels of every candidate day of every dev reference timeline, with each timeline's fingerprint, so that
``Ranked.fit`` on held-out collections learns from the dev topics too.

The default method (``Ranked``) uses it when it is given fewer than ``min_fit_topics`` dev topics, so it
must be learned exactly as ``Ranked.fit`` learns (same features ``dates.FEATS``, same C), on every
reference timeline of the four dev datasets. Rerun it whenever ``dateline/timeline/dates.py``, the date
tagger/dater or ``Ranked``'s default C change:

    PYTHONPATH=. .venv/bin/python bench/train_date_ranker.py --data ../shared/data/tls
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from dateline.eval.tls import _cached_collection, _default_builder, _with_references, load_dataset
from dateline.timeline.dates import FEATS, RAW
from dateline.timeline.ranked import SHIPPED, SHIPPED_ROWS, Ranked, raw_rows

DATASETS = ["t17-dev", "entities-dev", "ml-crisis-es", "ml-crisis-fr"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tls"), help="dev datasets folder")
    ap.add_argument("--out", type=Path, default=SHIPPED)
    ap.add_argument("--rows-out", type=Path, default=SHIPPED_ROWS)
    ap.add_argument("--datasets", default=",".join(DATASETS),
                    help="comma-separated dev datasets (default: all four; fewer only for experiments)")
    args = ap.parse_args()
    datasets = [d for d in args.datasets.split(",") if d]
    colls = []
    for ds in datasets:
        for t in load_dataset(args.data / ds):
            c = _with_references(_cached_collection(t, _default_builder), t)
            c.name = f"{ds}/{t.name}"
            colls.append(c)
    m = Ranked(dev_rows=False)  # the dev rows are what is being rebuilt
    m.fit(colls)
    if not m.fit_source_.startswith("date ranker fitted"):
        raise SystemExit(f"not enough dev topics: {m.fit_source_}")
    spec = {
        "features": FEATS,
        "coef": [round(float(v), 6) for v in m.coef_],
        "intercept": round(float(m.intercept_), 6),
        "trained_on": f"{', '.join(datasets)} (all reference timelines of {len(colls)} topics)",
        "model": f"sklearn LogisticRegression(C={m.C}, solver=\"newton-cholesky\", tol={m.tol:g})",
        "command": "PYTHONPATH=. .venv/bin/python bench/train_date_ranker.py --data ../shared/data/tls",
    }
    args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    fps, raws, labels, groups, topics = [], [], [], [], []
    for c in colls:
        for fp, R, y in raw_rows([c]):
            groups.append(np.full(len(y), len(fps), dtype=np.uint16))
            fps.append(fp)
            topics.append(c.name)
            raws.append(R.astype(np.float32))  # counts, and relevance
            labels.append(y.astype(np.uint8))
    np.savez_compressed(args.rows_out, raw=np.vstack(raws), label=np.concatenate(labels),
                        group=np.concatenate(groups), fingerprint=np.array(fps), topic=np.array(topics),
                        columns=np.array(RAW))
    print(f"{args.out}: {len(FEATS)} features, {len(colls)} topics, C={m.C}")
    print(f"{args.rows_out}: {sum(len(y) for y in labels)} rows of {len(fps)} reference timelines")


if __name__ == "__main__":
    main()
