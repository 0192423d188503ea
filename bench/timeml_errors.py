"""Where the temporal tagger's value errors on a TimeML corpus come from: tagger or gold conventions.

    .venv/bin/python bench/timeml_errors.py ../shared/data/tempeval3/train            # summary
    .venv/bin/python bench/timeml_errors.py ../shared/data/tempeval3/train --list     # every error

Every relaxed match whose value differs from the gold is put in one of three bins:

* ``gold elsewhere``: the gold annotates the same phrase (lower-cased, leading article/determiner
  removed) with a value of our value's *form* somewhere else in the corpus: e.g. "last week" is
  ``1989-W43`` in some documents and ``1989-WXX`` in others, "1949" is ``1949`` and ``1949-XX``;
  no rule can agree with both;
* ``same form``: same form as the gold, different calendar value (a weekday resolved in the other
  direction, a different anchor, documents whose gold is anchored to another day than their DCT);
* ``other``: a form the gold never uses for that phrase (real tagger errors, and rare conventions).

Value forms compare digits as ``d``, so ``1989-W43`` and ``1990-W07`` share a form.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dateline.eval.timeml import _pairs, tml_files
from dateline.ingest.timeml import TimeMLError, read_timeml
from dateline.temporal import tag

_LEAD = re.compile(r"^(?:the|a|an|this|that|its)\s+")


def form(value: str | None) -> str:
    return re.sub(r"\d", "d", value or "")


def phrase(text: str) -> str:
    return _LEAD.sub("", text.lower().strip(" .,"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory", type=Path)
    ap.add_argument("--list", action="store_true", help="print every value error with its bin and context")
    args = ap.parse_args(argv)
    docs = []
    for p in tml_files(args.directory):
        try:
            docs.append((p.name, read_timeml(p)))
        except TimeMLError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
    gold_forms: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for _, d in docs:
        for g in d.gold:
            gold_forms[phrase(g.text)][(g.type, form(g.value))] += 1
    bins: Counter[str] = Counter()
    matched = 0
    for name, d in docs:
        for g, s in _pairs(d.gold, tag(d.text, d.dct)):
            matched += 1
            if g.value == s.value:
                continue
            seen = gold_forms[phrase(g.text)]
            if (s.type, form(s.value)) in seen or (g.type, form(s.value)) in seen:
                b = "same form" if form(s.value) == form(g.value) else "gold elsewhere"
            else:
                b = "other"
            bins[b] += 1
            if args.list:
                ctx = d.text[max(0, g.start - 50):g.end + 30].replace("\n", " ")
                print(f"{b:14s} {name} dct={d.dct} gold[{g.text}|{g.type}|{g.value}] "
                      f"ours[{s.text}|{s.type}|{s.value}] :: {ctx}")
    errors = sum(bins.values())
    print(f"{len(docs)} documents, {matched} relaxed matches, {errors} value errors "
          f"(value accuracy {1 - errors / max(1, matched):.4f})")
    for b in ("gold elsewhere", "same form", "other"):
        print(f"  {b:14s} {bins[b]:4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
