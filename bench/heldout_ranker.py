"""What the default method scores on a held-out collection: one dev dataset plays the held-out one.

    PYTHONPATH=. .venv/bin/python bench/heldout_ranker.py entities-dev [--rouge perl]

The date ranker's dev rows are rebuilt without that dataset (bench/train_date_ranker.py --datasets, into a
temporary folder), then ``dateline eval tls DATASET`` runs with no ``--fit-with``, as on data dateline never
saw: each topic's ranker learns from the dataset's other topics and the remaining dev rows. Also prints the
two ablations: the dataset's own other topics only (``dev_rows=False``) and the remaining dev rows only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dateline.eval.tls import evaluate
from dateline.timeline import ranked as rk

SHARED = Path(os.environ.get("DATELINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
DATASETS = ["t17-dev", "entities-dev", "ml-crisis-es", "ml-crisis-fr"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", choices=DATASETS)
    ap.add_argument("--root", type=Path, default=SHARED / "data" / "tls")
    ap.add_argument("--rouge", choices=["perl", "reimpl"], default="perl")
    args = ap.parse_args()
    rest = [d for d in DATASETS if d != args.dataset]
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "rows.npz"
        subprocess.run([sys.executable, str(Path(__file__).with_name("train_date_ranker.py")),
                        "--data", str(args.root), "--datasets", ",".join(rest),
                        "--out", str(Path(tmp) / "ranker.json"), "--rows-out", str(rows)], check=True)
        rk.SHIPPED_ROWS, rk.SHIPPED = rows, Path(tmp) / "ranker.json"
        runs = [("own other topics + dev rows of " + ", ".join(rest), "default", {}),
                ("own other topics only", "default", {"dev_rows": False}),
                # the ranker learned from those rows alone: the "shipped" one, never refitted
                ("dev rows of " + ", ".join(rest) + " only", "default",
                 {"dev_rows": False, "min_fit_topics": 10**6})]
        for label, method, params in runs:
            res = evaluate(args.root / args.dataset, method, method_params=params, rouge=args.rouge)
            fits = sorted({t["fit"] for t in res["topics"]})
            print(f"{args.dataset} | {label} | AR-1 {res['align_r1_f']:.4f} | date F1 {res['date_f1']:.4f} "
                  f"| {'; '.join(fits)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
