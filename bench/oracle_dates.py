"""Sentence choice alone: a method's timelines scored when it is handed the reference dates.

    PYTHONPATH=. .venv/bin/python bench/oracle_dates.py ../shared/data/tls/ml-crisis-fr [--method datewise]
        [--param clip_sents=10] [--rouge perl]
    # bounds on date choice, the default method's own ranker fitted as for the headline numbers:
    PYTHONPATH=. .venv/bin/python bench/oracle_dates.py $D/ml-crisis-fr --dates near --days 1 \
        --fit-with $D/t17-dev --fit-with $D/ml-crisis-es --fit-with $D/entities-dev

AR-1 mixes two things: which dates a method picks and which sentences it writes for them. Here the date
ranker of the default method (or of ``datewise``) returns exactly the reference timeline's dates, so the
scores (date F1 near 1, below it only where a date has no candidate sentence) measure the summaries. Two
methods or two settings compared this way differ in sentence choice only. Uses the harness of
``dateline eval tls`` (leave-one-topic-out fits, tilse metrics; reimpl ROUGE by default, for speed).

Two more hands, on the default method's own date ranking, bound what better date choice could give:
``--dates candidates`` puts every candidate day that is a reference date first (the ranker's order
otherwise): a ranker that knew which of its candidate days the journalists picked. ``--dates near --days
K`` moves each pick that is no reference date onto one within K days (the nearest; a day picked twice is
taken once): what any rule that corrects near misses could gain at most.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dateline.eval import tls
from dateline.timeline.datewise import Datewise
from dateline.timeline.ranked import Ranked

# (window, T) -> the reference dates; a run's reference is found from what predict() is given
REFERENCE: dict[tuple[tuple[date, date], int], list[date]] = {}
# how OracleRanked picks its dates: "reference", "candidates" or "near" (with "days"), see the docstring
HAND: dict[str, Any] = {"dates": "reference", "days": 1}


def steer(ranked: list[tuple[date, float]], ref: set[date], how: str,
          days: int = 1) -> list[tuple[date, float]]:
    """A method's date ranking with the reference's help: its reference days first (``candidates``), or
    each other day moved onto the nearest reference day within ``days`` (``near``, first pick wins)."""
    if how == "candidates":
        return [x for x in ranked if x[0] in ref] + [x for x in ranked if x[0] not in ref]
    if how != "near":
        raise ValueError(f"unknown hand {how!r}")
    out: list[tuple[date, float]] = []
    seen: set[date] = set()
    for d, score in ranked:
        if d not in ref:
            near = [d + timedelta(days=k) for k in range(-days, days + 1) if d + timedelta(days=k) in ref]
            d = min(near, key=lambda x: (abs((x - d).days), x)) if near else d
        if d not in seen:
            seen.add(d)
            out.append((d, score))
    return out


class OracleRanked(Ranked):
    def _predict(self, c: Any, T: int, N: int, window: tuple[date, date], keywords: list[str]) -> Any:
        ref = REFERENCE[(window, T)]
        how = HAND["dates"]
        if how == "reference":
            self.rank_dates = lambda c_, w_, *_: [(d, 1.0) for d in ref]  # type: ignore[method-assign]
        else:
            self.rank_dates = lambda c_, w_, rel=None: steer(  # type: ignore[method-assign]
                Ranked.rank_dates(self, c_, w_, rel), set(ref), how, HAND["days"])
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
    ap.add_argument("--dates", default="reference", choices=["reference", "candidates", "near"],
                    help="the reference dates themselves (default), or the default method's own ranking with "
                         "its reference days first / its near misses moved onto the reference day")
    ap.add_argument("--days", type=int, default=1, help="how near a miss is, for --dates near (default 1)")
    ap.add_argument("--fit-with", action="append", default=[], type=Path,
                    help="other dev datasets the ranker also learns from, as for `dateline eval tls`")
    args = ap.parse_args()
    if args.dates != "reference" and args.method != "default":
        ap.error("--dates candidates/near: only for the default method")
    HAND.update(dates=args.dates, days=args.days)
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
    res = tls.evaluate(args.dataset, method, rouge=args.rouge, fit_with=args.fit_with)
    for t in res["topics"]:
        print(f"{t['topic']:24} AR-1 {t['align_r1_f']:.4f}  AR-2 {t['align_r2_f']:.4f}  "
              f"date F1 {t['date_f1']:.3f}")
    keys = ("align_r1_p", "align_r1_r", "align_r1_f", "align_r2_f", "date_f1")
    print(json.dumps({"dataset": args.dataset.name, "method": args.method, "dates": args.dates,
                      **({"days": args.days} if args.dates == "near" else {}), "params": params,
                      **{k: round(res[k], 4) for k in keys}}))


if __name__ == "__main__":
    main()
