"""TempEval-3 style scoring of time expressions (UzZaman et al., SemEval 2013, timex part).

- strict match: identical character span; relaxed match: overlapping spans (one-to-one pairing);
- precision = matched system timexes / system timexes, recall = matched gold / gold timexes;
- attribute (type, value) F1 = relaxed F1 x the attribute's accuracy over the relaxed matches.
The DCT's own TIMEX3 is never scored (``read_timeml`` excludes it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dateline.ingest.timeml import TimeMLError, read_timeml
from dateline.types import Timex

Tagger = Callable[[str, date], list[Timex]]


@dataclass
class Counts:
    """Raw counts, summable over documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for k in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def _prf(matched: int, system: int, gold: int) -> tuple[float, float, float]:
    p = matched / system if system else 0.0
    r = matched / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _pairs(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairing of overlapping spans, by largest overlap first (stable, deterministic)."""
    cands = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, i, j in cands:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        out.append((gold[i], system[j]))
    return out


def score_document(gold: list[Timex], system: list[Timex]) -> Counts:
    """Counts for one document."""
    pairs = _pairs(gold, system)
    return Counts(
        gold=len(gold),
        system=len(system),
        strict=sum(1 for g, s in pairs if (g.start, g.end) == (s.start, s.end)),
        relaxed=len(pairs),
        type_ok=sum(1 for g, s in pairs if g.type == s.type),
        value_ok=sum(1 for g, s in pairs if g.value == s.value),
    )


@dataclass
class Report:
    """Corpus-level scores plus the per-document errors useful for error analysis."""

    documents: int = 0
    counts: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)  # files that could not be read, with the reason

    def metrics(self) -> dict[str, Any]:
        c = self.counts
        sp, sr, sf = _prf(c.strict, c.system, c.gold)
        rp, rr, rf = _prf(c.relaxed, c.system, c.gold)
        out: dict[str, Any] = {
            "documents": self.documents,
            "timexes_gold": c.gold,
            "timexes_system": c.system,
            "strict_precision": sp,
            "strict_recall": sr,
            "strict_f1": sf,
            "relaxed_precision": rp,
            "relaxed_recall": rr,
            "relaxed_f1": rf,
        }
        for attr, ok in (("type", c.type_ok), ("value", c.value_ok)):
            acc = ok / c.relaxed if c.relaxed else 0.0
            out[f"{attr}_accuracy"] = acc
            out[f"{attr}_precision"] = rp * acc
            out[f"{attr}_recall"] = rr * acc
            out[f"{attr}_f1"] = rf * acc
        out["unreadable_files"] = len(self.errors)
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"metrics": self.metrics(), "counts": asdict(self.counts), "errors": self.errors}


def tml_files(directory: str | Path) -> list[Path]:
    """All ``.tml`` files under ``directory`` (recursively), sorted for reproducible runs."""
    d = Path(directory)
    if not d.exists():
        raise FileNotFoundError(f"{d}: no such file or directory")
    if d.is_file():
        return [d]
    return sorted(d.rglob("*.tml"))


def evaluate(paths: Iterable[str | Path], tagger: Tagger | None = None) -> Report:
    """Tag each document's raw TEXT with its DCT and score against the gold TIMEX3s.

    A file that cannot be read is recorded in ``Report.errors`` and skipped; the batch goes on.
    """
    if tagger is None:
        from dateline.temporal import tag as tagger_fn

        tagger = tagger_fn
    report = Report()
    for p in paths:
        try:
            doc = read_timeml(p)
        except TimeMLError as exc:
            report.errors.append(str(exc))
            continue
        report.documents += 1
        report.counts.add(score_document(doc.gold, tagger(doc.text, doc.dct)))
    return report


def evaluate_dir(directory: str | Path, tagger: Tagger | None = None) -> Report:
    return evaluate(tml_files(directory), tagger)
