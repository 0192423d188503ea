"""Timeline-summarization quality and speed: every given method on the four benchmark collections.

    .venv/bin/python bench/tls.py                                   # all registered methods, Perl ROUGE
    .venv/bin/python bench/tls.py --methods datewise,clust --rouge reimpl --datasets t17-dev
    .venv/bin/python bench/tls.py --json-dir bench-out/             # also keep every full result

Learned methods are fitted as for the headline numbers (``dateline eval tls D --fit-with`` the other three
dev datasets): leave-one-topic-out on the scored dataset plus every topic of the other datasets under
``--root``; ``--no-fit-with-others`` fits inside the scored dataset only.

Runs ``dateline.eval.tls.evaluate`` (news-tls conventions, tilse metrics; see ``dateline/eval/tls.py``) and
prints a Markdown table for BENCHMARKS.md: method x dataset x metrics x seconds per topic (raw articles to
timelines: date tagging + fit + predict, wall and CPU; scoring excluded), the published news-tls rows of
``../shared/data/tls/README.md`` for comparison, per-topic rows, and the command that made it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.eval.tls import TLSEvalError, evaluate, load_dataset

SHARED = Path(os.environ.get("DATELINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
DATASETS = ["t17-dev", "entities-dev", "ml-crisis-es", "ml-crisis-fr"]
# news-tls DATEWISE / CLUST, run unchanged on these articles (../shared/data/tls/README.md, 2026-11-24).
PUBLISHED = {  # (AR-1 F, AR-2 F, date F1)
    ("t17-dev", "DATEWISE"): (0.1176, 0.0318, 0.5884),
    ("t17-dev", "CLUST"): (0.0923, 0.0201, 0.4766),
    ("ml-crisis-es", "DATEWISE"): (0.1105, 0.0331, 0.3907),
    ("ml-crisis-es", "CLUST"): (0.0792, 0.0178, 0.2403),
    ("ml-crisis-fr", "DATEWISE"): (0.0803, 0.0174, 0.2027),
    ("ml-crisis-fr", "CLUST"): (0.0633, 0.0118, 0.1477),
}
COLS = [("AR-1 F", "align_r1_f"), ("AR-2 F", "align_r2_f"), ("date F1", "date_f1"),
        ("agree R-1 F", "agreement_r1_f"), ("agree R-2 F", "agreement_r2_f"), ("concat R-1 F", "concat_r1_f")]


class SharedBuilder:
    """Dates each topic's articles once for all methods (the costly shared step) and times that build, so
    every method's row gets the same dating cost and its own fit + predict cost."""

    def __init__(self) -> None:
        self.dataset = ""
        self.cache: dict[tuple[str, ...], Any] = {}
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.built: dict[str, int] = {}  # topics dated per dataset

    def __call__(self, articles: list, lang: str | None = None) -> Any:
        from dateline.timeline import build_collection

        key = tuple(a.id for a in articles)
        if key not in self.cache:
            t0, c0 = time.perf_counter(), time.process_time()
            self.cache[key] = build_collection(articles, lang=lang)
            self.wall[self.dataset] = self.wall.get(self.dataset, 0.0) + time.perf_counter() - t0
            self.cpu[self.dataset] = self.cpu.get(self.dataset, 0.0) + time.process_time() - c0
        return self.cache[key]


def _rel(new: float, base: float) -> str:
    return f"{(new - base) / base * 100:+.0f}%" if base else "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--methods", default=None, help="comma-separated registry names [default: all]")
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated folders of data/tls")
    ap.add_argument("--root", type=Path, default=SHARED / "data" / "tls", help="where the datasets live")
    ap.add_argument("--rouge", choices=["perl", "reimpl"], default="perl")
    ap.add_argument("--topics", default=None, help="comma-separated topics (quick runs)")
    ap.add_argument("--json-dir", type=Path, default=None, help="write <method>.<dataset>.json results here")
    ap.add_argument("--no-fit-with-others", dest="fit_others", action="store_false",
                    help="fit learned methods inside each dataset only (default: on its other topics and on "
                         "every topic of the other dev datasets under --root, as `dateline eval tls "
                         "--fit-with` does for the headline numbers)")
    args = ap.parse_args(argv)

    if args.methods:
        methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    else:
        from dateline.timeline import METHODS

        # one row per distinct method: an alias ("default" -> the same class) would only repeat a row
        methods = list({cls: name for name, cls in reversed(METHODS.items())}.values())[::-1]
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    missing = [d for d in datasets if not (args.root / d).is_dir()]
    if missing:
        print(f"error: {args.root}: dataset(s) not found: {', '.join(missing)} (set DATELINE_SHARED)",
              file=sys.stderr)
        return 2
    topics = [t.strip() for t in args.topics.split(",")] if args.topics else None

    builder = SharedBuilder()
    results = []
    t_all = time.perf_counter()
    # Every dataset a run reads (scored, or fitted on) is dated once up front, so each dataset's dating
    # seconds are its own topics' whatever order the methods fit on them.
    others = [d for d in DATASETS if (args.root / d).is_dir()] if args.fit_others else []
    for ds in dict.fromkeys(datasets + others):
        builder.dataset = ds
        print(f"[{datetime.now(UTC):%H:%M:%S}] dating {ds} ...", file=sys.stderr, flush=True)
        for topic in load_dataset(args.root / ds):
            with contextlib.suppress(Exception):  # evaluate() reports a topic that fails to build
                builder(topic.articles)
            builder.built[ds] = builder.built.get(ds, 0) + 1
    for method in methods:
        for ds in datasets:
            print(f"[{datetime.now(UTC):%H:%M:%S}] {method} on {ds} ...", file=sys.stderr, flush=True)
            try:
                builder.dataset = ds
                res = evaluate(args.root / ds, method, rouge=args.rouge, topics=topics,
                               collection_builder=builder,
                               fit_with=[args.root / o for o in others if o != ds])
            except TLSEvalError as exc:
                print(f"error: {method} on {ds}: {exc}", file=sys.stderr)
                continue
            results.append(res)
            if args.json_dir:
                args.json_dir.mkdir(parents=True, exist_ok=True)
                out = args.json_dir / f"{method}.{ds}.json"
                out.write_text(json.dumps(res, indent=1), encoding="utf-8")
            print(f"    AR-1 {res['align_r1_f']:.4f} AR-2 {res['align_r2_f']:.4f} "
                  f"date F1 {res['date_f1']:.4f} ({res['seconds']:.0f} s)", file=sys.stderr, flush=True)

    cmd = "python bench/tls.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"## Timeline summarization ({args.rouge} ROUGE), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    print(f"Command: `{cmd.strip()}` ({platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, shared machine; total {time.perf_counter() - t_all:.0f} s)\n")
    print("Seconds per topic, wall / CPU: *dating* = sentence split + date tagging of all the topic's "
          "articles (shared by all methods, done once), *method* = fit + predict of its timelines (learned "
          "methods fitted leave-one-topic-out"
          + (" with the other dev datasets' topics too" if others else "")
          + "); ROUGE scoring excluded. 'vs DATEWISE': relative to the published news-tls row "
          "(full collections only).\n")
    print("| method | dataset | timelines | " + " | ".join(c for c, _ in COLS) +
          " | dating s/topic | method s/topic | vs DATEWISE AR-1 / date F1 |")
    print("|---|---|---|" + "---|" * len(COLS) + "---|---|---|")
    for res in results:
        ds = res["dataset"]
        n = max(1, res["topics_evaluated"])
        pub = PUBLISHED.get((ds, "DATEWISE"))
        vs = ""
        if pub and not topics:
            vs = f"{_rel(res['align_r1_f'], pub[0])} / {_rel(res['date_f1'], pub[2])}"
        empty = f" ({res['empty_timelines']} empty)" if res["empty_timelines"] else ""
        k = builder.built.get(ds) or n
        dating = f"{builder.wall.get(ds, 0.0) / k:.1f} / {builder.cpu.get(ds, 0.0) / k:.1f}"
        m_wall = sum(t["fit_seconds"] + t["predict_seconds"] for t in res["topics"]) / n
        m_cpu = sum(t["cpu_seconds"] - t["build_cpu_seconds"] for t in res["topics"]) / n
        print(f"| {res['method']} | {ds} | {res['timelines']}{empty} | "
              + " | ".join(f"{res[k]:.4f}" for _, k in COLS)
              + f" | {dating} | {m_wall:.1f} / {m_cpu:.1f} | {vs} |")
    for (ds, name), (r1, r2, df1) in PUBLISHED.items():
        if ds in datasets:
            print(f"| news-tls {name} (published) | {ds} | | {r1:.4f} | {r2:.4f} | {df1:.4f} | | | | | | |")

    # Per topic, with each method's change relative to our own faithful DATEWISE on the same topic (the
    # issue's "no topic worse than DATEWISE by more than 10%"; news-tls published no per-topic numbers).
    base = {(r["dataset"], t["topic"]): t for r in results if r["method"] == "datewise" for t in r["topics"]}
    print("\nPer topic (method s = fit + predict, wall; 'vs datewise' = relative to dateline's datewise):\n")
    print("| method | dataset | topic | timelines | AR-1 F | AR-2 F | date F1 | s "
          "| vs datewise AR-1 / date F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for res in results:
        for t in res["topics"]:
            b = base.get((res["dataset"], t["topic"]))
            vs = "" if b is None or res["method"] == "datewise" else \
                f"{_rel(t['align_r1_f'], b['align_r1_f'])} / {_rel(t['date_f1'], b['date_f1'])}"
            print(f"| {res['method']} | {res['dataset']} | {t['topic']} | {t['timelines']} | "
                  f"{t['align_r1_f']:.4f} | {t['align_r2_f']:.4f} | {t['date_f1']:.4f} | "
                  f"{t['fit_seconds'] + t['predict_seconds']:.1f} | {vs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
