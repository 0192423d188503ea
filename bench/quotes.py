"""Quote attribution and event dating on hand-annotated real newswire (issue 4's held-out test).

    PYTHONPATH=. .venv/bin/python bench/quotes.py [--errors fix|heldout|all] [--json]

Data: ``bench/data/quotes_dev.jsonl`` (the annotations, no article text) and the TempEval-3 silver
articles in ``$DATELINE_SHARED`` or ``../shared`` (``data/tempeval3/silver/*.tml``). Skips with a
message when the articles are missing.

How the dev set was made (2026-11-26, by one engineer, reading each article before running dateline
on it):

- Selection rule (reproducible, not picked by hand): in sorted file-name order, the first 10 AFP and
  the first 10 XIN silver files whose TEXT has at least two straight quotation marks, the substring
  " said", and at most 2,500 characters (short articles, so all of them could be read). Half ``fix`` is
  the first 5 of each agency (rules were developed on it), half ``heldout`` the next 5 of each (only
  measured, its errors were not inspected while fixing).
- ``statements``: every direct quote (in quote marks, partial ones included) and every indirect
  statement ("X said (that) ...", "according to X", "..., X said", "saying that ..."); each has an
  ``anchor`` (the first occurrence of that substring in the text lies inside the statement), the
  speaker as the text names them (a list of acceptable names; ``null`` when the text names nobody,
  such items count for detection only), and ``direct``.
- ``ignore``: quoted spans that are not statements (titles, terms: "Beyond Human", "pandals"); a system
  quote overlapping one is neither right nor wrong.
- ``dates``: for 1-5 sentences per article (those whose event time the text decides), the sentence's
  event date as a TimeML value at the granularity the text supports; the sentence is the one
  containing ``anchor``.

Scoring:

- detection: a gold statement is found when a system quote overlaps its anchor; a system quote is
  right when it overlaps some gold anchor (precision), ignored when it overlaps an ``ignore`` anchor.
- speaker: on found statements with a named speaker, the system quote overlapping the anchor most;
  names match after lower-casing and dropping articles/punctuation when one name's words are all in
  the other ("Albright" = "Madeleine Albright", "the ministry" = "ministry").
- dating: exact value; and "coarse": the system's period and the gold period nest (one inside the
  other: 1997-03 vs 1997-03-21 counts, 1997-03-20 vs 1997-03-21 does not). Gold "none" = no date.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.annotate.dating import parse_value  # noqa: E402

SHARED = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared"))
DEV = ROOT / "bench" / "data" / "quotes_dev.jsonl"
_DROP = {"a", "an", "the"}


def norm_name(name: str) -> list[str]:
    """Lower-case words of a name without articles and punctuation."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("'s", ""))
    return [w for w in words if w not in _DROP]


def same_speaker(system: str | None, gold: list[str]) -> bool:
    """Whether the system's speaker names one of the gold names (word-subset match either way)."""
    if not system:
        return False
    s = norm_name(system)
    for g in gold:
        gw = norm_name(g)
        if s and gw and (set(s) <= set(gw) or set(gw) <= set(s)):
            return True
    return False


def date_match(system: str | None, gold: str) -> tuple[bool, bool]:
    """(exact, coarse) agreement of a sentence's event date with the gold value."""
    if gold == "none":
        return system is None, system is None
    if system is None:
        return False, False
    if system == gold:
        return True, True
    s, g = parse_value(system), parse_value(gold)
    if s is None or g is None:
        return False, False
    return False, s.within(g) or g.within(s)


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    found_direct: int = 0
    gold_direct: int = 0
    system: int = 0
    system_right: int = 0
    spk_total: int = 0
    spk_right: int = 0
    dates: int = 0
    date_exact: int = 0
    date_coarse: int = 0
    errors: list[str] = field(default_factory=list)

    def row(self) -> dict[str, float | int]:
        def pct(a: int, b: int) -> float:
            return round(100 * a / b, 1) if b else 0.0

        p, r = pct(self.system_right, self.system), pct(self.found, self.gold)
        return {
            "statements": self.gold, "precision": p, "recall": r,
            "f1": round(2 * p * r / (p + r), 1) if p + r else 0.0,
            "recall_direct": pct(self.found_direct, self.gold_direct),
            "recall_indirect": pct(self.found - self.found_direct, self.gold - self.gold_direct),
            "speaker_acc": pct(self.spk_right, self.spk_total), "speaker_n": self.spk_total,
            "dates": self.dates, "date_exact": pct(self.date_exact, self.dates),
            "date_coarse": pct(self.date_coarse, self.dates),
        }


def _span(text: str, anchor: str, where: str) -> tuple[int, int]:
    i = text.find(anchor)
    if i < 0:
        raise SystemExit(f"{where}: anchor {anchor!r} not in the article text")
    return i, i + len(anchor)


def score_article(row: dict, text: str, ann, score: Score) -> None:  # noqa: ANN001 (Annotation)
    name = row["file"]
    gold = [(*_span(text, s["anchor"], name), s) for s in row["statements"]]
    ignore = [_span(text, a, name) for a in row.get("ignore", [])]

    def overlap(q, a: int, b: int) -> int:  # noqa: ANN001
        return max(0, min(q.end, b) - max(q.start, a))

    for q in ann.quotes:
        if any(overlap(q, a, b) for a, b, _ in gold):
            score.system, score.system_right = score.system + 1, score.system_right + 1
        elif not any(overlap(q, a, b) for a, b in ignore):
            score.system += 1
            score.errors.append(f"{name} FP   {q.speaker!r:28} {text[q.start:q.end][:70]!r}")
    for a, b, s in gold:
        score.gold += 1
        score.gold_direct += s["direct"]
        hits = [q for q in ann.quotes if overlap(q, a, b)]
        if not hits:
            score.errors.append(f"{name} MISS {('direct' if s['direct'] else 'indirect'):8} {s['anchor']!r}")
            continue
        score.found += 1
        score.found_direct += s["direct"]
        if s["speaker"] is None:
            continue
        best = max(hits, key=lambda q: overlap(q, a, b))
        score.spk_total += 1
        if same_speaker(best.speaker, s["speaker"]):
            score.spk_right += 1
        else:
            score.errors.append(f"{name} SPKR {best.speaker!r} != {s['speaker'][0]!r} ({s['anchor'][:40]!r})")
    for d in row["dates"]:
        a, _ = _span(text, d["anchor"], name)
        sent = next((s for s in ann.sentences if s.start <= a < s.end), None)
        value = sent.event_date if sent else None
        exact, coarse = date_match(value, d["value"])
        score.dates += 1
        score.date_exact += exact
        score.date_coarse += coarse
        if not exact:
            score.errors.append(f"{name} DATE {value!r} != {d['value']!r} {'(coarse ok)' if coarse else ''}"
                                f"  ({d['anchor'][:40]!r})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", choices=("fix", "heldout", "all"), help="list the errors of this half")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args()
    folder = SHARED / "data" / "tempeval3" / "silver"
    if not folder.is_dir():
        print(f"skipped: {folder} not found (set DATELINE_SHARED to the shared data folder)")
        return
    from dateline.annotate import annotate_batch
    from dateline.ingest.timeml import read_timeml
    from dateline.types import Article

    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    docs = [read_timeml(folder / r["file"]) for r in rows]
    for r, d in zip(rows, docs, strict=True):
        if d.dct != date.fromisoformat(r["dct"]):
            raise SystemExit(f"{r['file']}: DCT {d.dct} differs from the dev set's {r['dct']}")
    anns = annotate_batch([Article(published=d.dct, text=d.text, id=r["file"], language="en")
                           for r, d in zip(rows, docs, strict=True)])
    scores = {"fix": Score(), "heldout": Score(), "all": Score()}
    for r, d, ann in zip(rows, docs, anns, strict=True):
        if ann.status != "ok":
            raise SystemExit(f"{r['file']}: annotation {ann.status}: {ann.reason}")
        score_article(r, d.text, ann, scores[r["half"]])
        score_article(r, d.text, ann, scores["all"])
    table = {half: s.row() for half, s in scores.items()}
    if args.json:
        print(json.dumps(table, indent=1))
    else:
        cols = list(table["all"])
        print("| half | " + " | ".join(cols) + " |")
        print("|---" * (len(cols) + 1) + "|")
        for half, row in table.items():
            print(f"| {half} | " + " | ".join(str(row[c]) for c in cols) + " |")
    if args.errors:
        print("\n".join(scores[args.errors].errors))


if __name__ == "__main__":
    main()
