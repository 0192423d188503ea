"""Rebuild the shipped date ranker ``dateline/timeline/resources/date_ranker.json`` from the dev collections.

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

from dateline.eval.tls import _cached_collection, _default_builder, _with_references, load_dataset
from dateline.timeline.dates import FEATS
from dateline.timeline.ranked import SHIPPED, Ranked

DATASETS = ["t17-dev", "entities-dev", "ml-crisis-es", "ml-crisis-fr"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tls"), help="dev datasets folder")
    ap.add_argument("--out", type=Path, default=SHIPPED)
    args = ap.parse_args()
    colls = [_with_references(_cached_collection(t, _default_builder), t)
             for ds in DATASETS for t in load_dataset(args.data / ds)]
    m = Ranked()
    m.fit(colls)
    if not m.fit_source_.startswith("date ranker fitted"):
        raise SystemExit(f"not enough dev topics: {m.fit_source_}")
    spec = {
        "features": FEATS,
        "coef": [round(float(v), 6) for v in m.coef_],
        "intercept": round(float(m.intercept_), 6),
        "trained_on": f"{', '.join(DATASETS)} (all reference timelines of {len(colls)} topics)",
        "model": f"sklearn LogisticRegression(C={m.C})",
        "command": "PYTHONPATH=. .venv/bin/python bench/train_date_ranker.py --data ../shared/data/tls",
    }
    args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(FEATS)} features, {len(colls)} topics, C={m.C}")


if __name__ == "__main__":
    main()
