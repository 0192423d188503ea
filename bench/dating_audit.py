"""Dating audit: are the sentence dates right? Checked against the journalists' reference timelines.

    PYTHONPATH=. .venv/bin/python bench/dating_audit.py                       # es + fr totals
    PYTHONPATH=. .venv/bin/python bench/dating_audit.py --list                # + every wrong/undated case
    PYTHONPATH=. .venv/bin/python bench/dating_audit.py DATA/ml-crisis-fr --list --only wrong

For every topic and reference timeline of the given datasets (default: ml-crisis-es and ml-crisis-fr
under /work/shared/data/tls), every reference entry (date R, sentence) is matched to the article sentences
that say the same thing, among articles published from R-7 to R+28 days:

* match = at least 4 shared content words (lowercased words of 2+ letters, spaCy stop words removed), the
  sentence covers at least 60% of the reference sentence's content words, and the Jaccard of the two
  content-word sets is at least 0.25 (the coverage finds the event, the Jaccard keeps out long sentences
  that merely mention its names). About 70% of the matches so chosen are the same event, by reading a
  sample; the stricter "Jaccard >= 0.5" set (verbatim copies, mostly) is counted on its own line.

Each match's sentence date, as ``build_collection`` assigns it (``CSentence.date`` / ``date_source``,
through the same cached collections as ``dateline eval tls --fit-with``), is compared with R:

* ``exact`` / ``near`` (1-2 days off) / ``wrong`` (more): a day date from a timex or the narrative;
* ``coarser``: a week/month/year date (``+R`` when that period contains R);
* ``publication``: no date cue, the sentence counts for its article's publication day (``=R``, ``near``
  when 1-2 days off, else ``other``);
* ``undated``: no date at all (future tense, fragments).

Also per reference date: is any sentence of the timeline's input (articles inside its window) dated to it
(timex/narrative), and is it a publication day? The list shows, for the wrong/undated/coarser cases, the
sentence, its article's publication date, our date and source, the reference date, and the time
expressions the tagger found in the sentence (text -> value).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from dateline.annotate.dating import date_sentences
from dateline.annotate.sentences import split_sentences
from dateline.eval.tls import _cached_collection, _default_builder, load_dataset
from dateline.temporal import tag
from dateline.timeline.base import stop_words

DATA = Path("/work/shared/data/tls")
_TOKEN = re.compile(r"[^\W\d_]{2,}")
MIN_SHARED, MIN_COVER, MIN_JACCARD, STRICT_JACCARD = 4, 0.6, 0.25, 0.5
BEFORE, AFTER = 7, 28  # days around the reference date in which articles are searched


def content_words(text: str, sw: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in _TOKEN.findall(text.lower()) if w not in sw)


def category(ref: date, day: date | None, source: str | None, pub: date, event_date: str | None,
             gran: str | None) -> str:
    if day is not None:
        off = abs((day - ref).days)
        return "exact" if off == 0 else "near" if off <= 2 else "wrong"
    if source == "publication" and gran == "day":
        off = abs((pub - ref).days)
        return "publication=R" if off == 0 else "publication near" if off <= 2 else "publication other"
    if source in ("timex", "narrative", "publication") and event_date:
        from dateline.annotate.dating import parse_value

        p = parse_value(event_date)
        return "coarser+R" if p is not None and p.contains(ref) else "coarser other"
    return "undated"


class Redater:
    """The dater's full output (value, granularity, timexes) for the few articles that have matches."""

    def __init__(self, lang: str) -> None:
        self.lang, self.cache = lang, {}

    def article(self, a):  # noqa: ANN001, ANN201
        if a.id not in self.cache:
            spans = split_sentences(a.text)
            tx = tag(a.text, a.published, self.lang)
            self.cache[a.id] = (date_sentences(a.text, spans, tx, a.published, self.lang), tx)
        return self.cache[a.id]


def audit(dataset: Path, out: dict) -> None:  # noqa: C901
    lang = dataset.name.rsplit("-", 1)[-1] if dataset.name.startswith("ml-crisis") else None
    for topic in load_dataset(dataset):
        coll = _cached_collection(topic, _default_builder)
        lang = coll.lang
        sw = stop_words(lang)
        redo = Redater(lang)
        words = [content_words(s.text, sw) for s in coll.sentences]
        pubs = [coll.articles[s.article].published for s in coll.sentences]
        by_pub: dict[date, list[int]] = defaultdict(list)
        for i, p in enumerate(pubs):
            by_pub[p].append(i)
        for tl in topic.timelines:
            lo, hi = tl.window()
            dated = Counter(s.date for s, p in zip(coll.sentences, pubs, strict=True)
                            if s.date is not None and lo <= p <= hi)
            pub_days = {p for p in pubs if lo <= p <= hi}
            for ref_day, refs in sorted(tl.dates.items()):
                out["refdates"][lang]["all"] += 1
                out["refdates"][lang]["dated to it"] += dated[ref_day] > 0
                out["refdates"][lang]["publication day"] += ref_day in pub_days
                out["refdates"][lang]["neither"] += dated[ref_day] == 0 and ref_day not in pub_days
                pool = [i for k in range(-BEFORE, AFTER + 1) for i in by_pub.get(ref_day + timedelta(k), [])]
                seen = set()
                for ref in refs:
                    rw = content_words(ref, sw)
                    if len(rw) < MIN_SHARED:
                        continue
                    for i in pool:
                        shared = len(rw & words[i])
                        if shared < MIN_SHARED or shared / len(rw) < MIN_COVER:
                            continue
                        jac = shared / len(rw | words[i])
                        if jac < MIN_JACCARD:
                            continue
                        s = coll.sentences[i]
                        key = (s.text, pubs[i], ref_day)
                        if key in seen:
                            continue
                        seen.add(key)
                        art = coll.articles[s.article]
                        full, tx = redo.article(art)
                        fs = full[s.idx]
                        cat = category(ref_day, s.date, s.date_source, pubs[i], fs.event_date, fs.granularity)
                        out["cats"][lang][cat] += 1
                        if jac >= STRICT_JACCARD:
                            out["strict"][lang][cat] += 1
                        inside = [f"{t.text!r}->{t.value}" for t in tx if fs.start <= t.start < fs.end]
                        out["cases"].append(dict(
                            lang=lang, topic=topic.name, tl=tl.name, cat=cat, ref_day=ref_day, ref=ref,
                            text=s.text, pub=pubs[i], date=s.date, source=s.date_source,
                            value=fs.event_date, timexes=inside, jac=jac, art=art.id))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("datasets", nargs="*", type=Path,
                    default=[DATA / "ml-crisis-es", DATA / "ml-crisis-fr"])
    ap.add_argument("--list", action="store_true", help="list the wrong/undated/coarser cases")
    ap.add_argument("--only", nargs="*", help="categories to list (prefix; default: all but exact/near)")
    args = ap.parse_args(argv)
    out = {"cats": defaultdict(Counter), "strict": defaultdict(Counter),
           "refdates": defaultdict(Counter), "cases": []}
    for ds in args.datasets:
        audit(ds, out)
    order = ["exact", "near", "wrong", "coarser+R", "coarser other", "publication=R", "publication near",
             "publication other", "undated"]
    for lang in out["cats"]:
        for label, cats in (("matches", out["cats"][lang]), ("strict (Jaccard>=0.5)", out["strict"][lang])):
            n = sum(cats.values())
            parts = ", ".join(f"{k} {cats[k]} ({cats[k] / max(n, 1):.0%})" for k in order if cats[k])
            print(f"[{lang}] {label}: {n}: {parts}")
        rd = out["refdates"][lang]
        print(f"[{lang}] reference dates: {rd['all']}; some input sentence dated to it {rd['dated to it']} "
              f"({rd['dated to it'] / max(rd['all'], 1):.0%}), publication day {rd['publication day']}, "
              f"neither {rd['neither']}")
    if args.list:
        wanted = args.only or [c for c in order if c not in ("exact", "near")]
        for c in sorted(out["cases"], key=lambda c: (c["lang"], c["cat"], c["topic"], c["ref_day"])):
            if not any(c["cat"].startswith(w) for w in wanted):
                continue
            print(f"\n[{c['lang']} {c['topic']} {c['cat']}] ref {c['ref_day']} | pub {c['pub']} | ours "
                  f"{c['date'] or c['value']} ({c['source']}) | jac {c['jac']:.2f} | {c['art']}")
            print(f"  REF: {c['ref']}")
            print(f"  SENT: {c['text'][:400]}")
            print(f"  TIMEX: {'; '.join(c['timexes']) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
