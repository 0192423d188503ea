"""Sentence choice alone: a method's timelines scored when it is handed the reference dates.

    PYTHONPATH=. .venv/bin/python bench/oracle_dates.py ../shared/data/tls/ml-crisis-fr [--method datewise]
        [--param clip_sents=10] [--rouge perl]

AR-1 mixes two things: which dates a method picks and which sentences it writes for them. Here the date
ranker of the default method (or of ``datewise``) returns exactly the reference timeline's dates, so the
scores (date F1 near 1, below it only where a date has no candidate sentence) measure the summaries. Two
methods or two settings compared this way differ in sentence choice only. Uses the harness of
``dateline eval tls`` (leave-one-topic-out fits, tilse metrics; reimpl ROUGE by default, for speed).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from dateline.eval import tls
from dateline.timeline.datewise import Datewise
from dateline.timeline.ranked import Ranked

# (window, T) -> the reference dates; a run's reference is found from what predict() is given
REFERENCE: dict[tuple[tuple[date, date], int], list[date]] = {}


class OracleRanked(Ranked):
    def _predict(self, c: Any, T: int, N: int, window: tuple[date, date], keywords: list[str]) -> Any:
        ref = REFERENCE[(window, T)]
        self.rank_dates = lambda c_, w_, *_: [(d, 1.0) for d in ref]  # type: ignore[method-assign]
        return super()._predict(c, T, N, window, keywords)


class OracleDatewise(Datewise):
    def _predict(self, c: Any, T: int, N: int, window: tuple[date, date], keywords: list[str]) -> Any:
        ref = REFERENCE[(window, T)]
        self.rank_dates = lambda c_: [(d, 1.0) for d in ref]  # type: ignore[method-assign]
        return super()._predict(c, T, N, window, keywords)


def _value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--method", choices=["default", "datewise"], default="default")
    ap.add_argument("--param", action="append", default=[], help="method parameter KEY=VALUE (repeatable)")
    ap.add_argument("--rouge", default="reimpl", choices=["reimpl", "perl"])
    args = ap.parse_args()
    entity = tls.is_entity_dataset(args.dataset)
    for topic in tls.load_dataset(args.dataset):
        for ref in topic.timelines:
            task = tls.make_task(topic, ref, entity)
            if (task.window, task.T) in REFERENCE:
                raise SystemExit(f"{topic.name}/{ref.name}: two references share a window and T")
            REFERENCE[(task.window, task.T)] = sorted(ref.dates)
    params = dict(p.split("=", 1) for p in args.param)
    cls = OracleRanked if args.method == "default" else OracleDatewise
    method = cls(**{k: _value(v) for k, v in params.items()})
    res = tls.evaluate(args.dataset, method, rouge=args.rouge)
    for t in res["topics"]:
        print(f"{t['topic']:24} AR-1 {t['align_r1_f']:.4f}  AR-2 {t['align_r2_f']:.4f}  "
              f"date F1 {t['date_f1']:.3f}")
    keys = ("align_r1_p", "align_r1_r", "align_r1_f", "align_r2_f", "date_f1")
    print(json.dumps({"dataset": args.dataset.name, "method": args.method, "params": params,
                      **{k: round(res[k], 4) for k in keys}}))


if __name__ == "__main__":
    main()
