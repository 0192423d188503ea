"""Timeline-summarization evaluation, as the TLS literature (news-tls, Ghalandari & Ifrim 2020) runs it.

* Dataset: ``DATASET_DIR/<topic>/articles.jsonl`` (``{"id", "date", "text"}``) and
  ``DATASET_DIR/<topic>/timelines/<name>.jsonl`` (``{"date", "sentences": [...]}``).
* One run per reference timeline: T = its number of dates, N = its mean sentences per date (Python
  ``round``, as news-tls), window = its first..last date (entity collections: +-7 days); the input is the
  topic's articles published inside the window. Supervised methods are fitted leave-one-topic-out.
* Metrics are tilse's own (Martschat & Markert 2017): concat, agreement and align+ many-to-one ROUGE-1/2
  (AR-1/AR-2) and date F1; precision and recall are averaged over timelines and F is computed from the
  averages (news-tls ``get_average_results``).

ROUGE modes: ``perl`` is tilse's "original" ROUGE-1.5.5 (stemming, stopwords removed, raw counts), the
setting of every published number; ``reimpl`` is tilse's pure-Python approximation, for quick iteration.
tilse starts one Perl process per date comparison (~0.1 s each, thousands per collection), so in Perl
mode we run tilse's metric code twice per timeline: once to record every comparison it asks for, then,
after a single Perl run scores them all, once more answering from those counts; and tilse's date-content
alignment costs (pure Python, recounting tokens T x T x 4 times) are computed once per timeline. The
scores are tilse's own (its alignment and arithmetic, the same ROUGE script, options and input files):
tests check equality with tilse's per-call mode and a bit-identical cost matrix.

Not copied from news-tls: its ``truncate_timelines`` for entity references (a no-op there, it returns
the untruncated timelines) and its crash on an empty prediction (scored zero here, and counted).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import math
import shutil
import string
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dateline.ingest.common import DEFAULT_MAX_BYTES, check_size, decode, repair_mojibake
from dateline.types import Article, Reject, Timeline

Summary = list[list[str]]  # sentences as token lists, as tilse hands them to ROUGE
Refs = dict[str, Summary]

ROUGE_MODES = ("perl", "reimpl")
ROUGE_METRICS = ("concat", "agreement", "align")
_FIX = "install Debian's libxml-parser-perl (apt-get install libxml-parser-perl) or use --rouge reimpl"
ENTITY_WINDOW_EXTENSION = 7  # days on each side of an entity reference timeline (news-tls)
METRIC_KEYS = tuple(f"{m}_r{n}" for m in ROUGE_METRICS for n in (1, 2)) + ("date",)


class TLSEvalError(Exception):
    """A dataset, reference or setting that cannot be evaluated; the message names the input and reason."""


class RougeUnavailable(TLSEvalError):
    """The Perl ROUGE-1.5.5 cannot run here."""


# --------------------------------------------------------------------------------------------- dataset


@dataclass
class ReferenceTimeline:
    """One journalist-written timeline: date -> sentences (tokenized strings, as in the files)."""

    name: str
    dates: dict[date, list[str]]
    path: Path | None = None

    @property
    def T(self) -> int:  # noqa: N802 - the literature's name
        return len(self.dates)

    @property
    def N(self) -> int:  # noqa: N802
        """Mean sentences per date, rounded with Python's ``round`` exactly as news-tls does."""
        return round(sum(len(s) for s in self.dates.values()) / len(self.dates))

    def window(self, extension_days: int = 0) -> tuple[date, date]:
        pad = timedelta(days=extension_days)
        return min(self.dates) - pad, max(self.dates) + pad


@dataclass
class Topic:
    """A topic folder: its articles and reference timelines, plus the records that could not be read."""

    name: str
    path: Path
    articles: list[Article]
    timelines: list[ReferenceTimeline]
    rejects: list[Reject] = field(default_factory=list)

    @property
    def entity(self) -> str:
        """The entity name of an entity collection topic: folder name with underscores as spaces."""
        return self.name.replace("_", " ")


def _parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(f"date must be a YYYY-MM-DD string, got {value!r}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise ValueError(f"bad date {value!r} ({exc})") from None


def _json_line(raw: bytes) -> Any:
    """One JSONL record; the reasons as the ingest readers give them."""
    try:
        return json.loads(decode(raw))
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None


def read_articles(path: Path) -> tuple[list[Article], list[Reject]]:
    """Read ``articles.jsonl``; a bad line (binary, not UTF-8, not JSON, no text or date, larger than the
    ingest readers' limit per article) becomes a Reject (file, line, reason), the rest is kept."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    seen: set[str] = set()
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                check_size(len(raw), DEFAULT_MAX_BYTES)
                rec = _json_line(raw)
                if not isinstance(rec, dict):
                    raise ValueError("record is not a JSON object")
                text = rec.get("text")
                # as ingest reads it: mojibake repaired (a quarter of the Entities articles have it)
                text = repair_mojibake(text) if isinstance(text, str) else text
                if not isinstance(text, str) or not text.strip():
                    raise ValueError("missing or empty 'text'")
                art = Article(published=_parse_date(rec.get("date")), text=text, id=str(rec.get("id") or ""),
                              title=rec.get("title"), origin=f"{path}:{lineno}")
            except (ValueError, TypeError) as exc:
                rejects.append(Reject(str(path), lineno, str(exc)))
                continue
            if art.id in seen:
                rejects.append(Reject(str(path), lineno, f"duplicate article id {art.id!r}"))
                continue
            seen.add(art.id)
            articles.append(art)
    return articles, rejects


def read_reference(path: Path, allow_empty: bool = False) -> ReferenceTimeline:
    """Read one timeline file (``{"date", "sentences"}`` per line); errors name the line.

    ``allow_empty``: for saved predictions, where an empty file means "nothing predicted".
    """
    dates: dict[date, list[str]] = {}
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                rec = _json_line(raw)
                d = _parse_date(rec.get("date"))
                sents = rec.get("sentences")
                if not isinstance(sents, list) or not all(isinstance(s, str) for s in sents):
                    raise ValueError("'sentences' must be a list of strings")
            except (ValueError, TypeError, AttributeError) as exc:
                raise TLSEvalError(f"{path}:{lineno}: {exc}") from None
            sents = [s.strip() for s in sents if s.strip()]
            if sents:
                dates.setdefault(d, []).extend(sents)
    if not dates and not allow_empty:
        raise TLSEvalError(f"{path}: reference timeline has no dated sentences")
    return ReferenceTimeline(name=path.stem, dates=dates, path=path)


def load_topic(path: Path) -> Topic:
    """Load one topic folder; unreadable reference files are reported as rejects, not fatal."""
    art_path = path / "articles.jsonl"
    if not art_path.is_file():
        raise TLSEvalError(f"{path}: no articles.jsonl")
    articles, rejects = read_articles(art_path)
    timelines: list[ReferenceTimeline] = []
    for tl_path in sorted((path / "timelines").glob("*.jsonl")):
        try:
            timelines.append(read_reference(tl_path))
        except TLSEvalError as exc:
            rejects.append(Reject(str(tl_path), None, str(exc)))
    return Topic(name=path.name, path=path, articles=articles, timelines=timelines, rejects=rejects)


def list_topics(dataset_dir: Path) -> list[str]:
    """Topic folders of a dataset: sub-directories holding an articles.jsonl, sorted (as news-tls)."""
    dataset_dir = Path(dataset_dir)
    if not dataset_dir.is_dir():
        raise TLSEvalError(f"{dataset_dir}: not a directory")
    topics = sorted(p.name for p in dataset_dir.iterdir() if (p / "articles.jsonl").is_file())
    if not topics:
        raise TLSEvalError(f"{dataset_dir}: no topic folders (expected <topic>/articles.jsonl)")
    return topics


def load_dataset(dataset_dir: Path, topics: Sequence[str] | None = None) -> list[Topic]:
    """Load the dataset's topics (all, or the named ones; an unknown name is an error listing the known)."""
    available = list_topics(dataset_dir)
    if topics:
        unknown = [t for t in topics if t not in available]
        if unknown:
            raise TLSEvalError(f"{dataset_dir}: unknown topic(s) {', '.join(unknown)}; "
                               f"available: {', '.join(available)}")
        names = [t for t in available if t in set(topics)]
    else:
        names = available
    return [load_topic(Path(dataset_dir) / n) for n in names]


def is_entity_dataset(dataset_dir: Path) -> bool:
    """Entity collections (news-tls "entities") get the entity as query and a +-7-day window."""
    return Path(dataset_dir).resolve().name.lower().startswith("entities")


# ------------------------------------------------------------------------------------------------ ROUGE


def _tilse_rouge() -> Any:
    try:
        from tilse.evaluation import rouge
    except ImportError as exc:  # pragma: no cover - tilse is a declared dependency of the eval extra
        raise TLSEvalError(f"tilse is not installed ({exc}): pip install 'dateline[eval]'") from None
    return rouge


def _key(summary: list[list[str]], references: dict[str, list[list[str]]]) -> tuple:
    return (tuple(tuple(s) for s in summary),
            tuple(sorted((k, tuple(tuple(s) for s in v)) for k, v in references.items())))


class _RecordingRouge:
    """Stands in for pyrouge during tilse's first pass: remembers each comparison, answers placeholders."""

    def __init__(self) -> None:
        self.requests: dict[tuple, tuple[Summary, Refs]] = {}

    def score_summary(self, summary: Summary, references: Refs) -> dict[str, int]:
        self.requests.setdefault(_key(summary, references), (summary, references))
        # placeholders; denominators non-zero because tilse's concat divides without a guard
        return {f"rouge_{n}_{c}_count": (0 if c == "h" else 1) for n in (1, 2) for c in "hpm"}


class _AnsweringRouge:
    """Stands in for pyrouge during tilse's second pass: answers from the batched Perl counts."""

    def __init__(self, counts: dict[tuple, dict[str, int]]) -> None:
        self.counts = counts

    def score_summary(self, summary: Summary, references: Refs) -> dict[str, int]:
        return self.counts[_key(summary, references)]


def _rouge_home() -> Path:
    import pyrouge.base

    return Path(pyrouge.base.ROUGE_EVAL_HOME)


def run_perl_rouge(requests: list[tuple[Summary, Refs]]) -> list[dict[str, int]]:
    """Score many (summary, references) pairs with one ROUGE-1.5.5 run, with pyrouge's files and options.

    Same files (pyrouge's SEE html writer) and options as tilse's ``Rouge155(average="raw", stem=True,
    ignore_stopwords=True)``: ``-a -n 2 -x -f A -d -m -s -t 2``; each pair is one ``<EVAL>`` whose
    per-evaluation counts (``-d``) are M, P and H of that pair.
    """
    import re

    from pyrouge.rouge import rouge_summary_content

    if not requests:
        return []
    home = _rouge_home()
    perl = shutil.which("perl")
    if perl is None:
        raise RougeUnavailable(f"perl not found: {_FIX}")
    tmp = Path(tempfile.mkdtemp(prefix="dateline-rouge-"))
    try:
        peers, models = tmp / "peers", tmp / "models"
        peers.mkdir()
        models.mkdir()
        evals = []
        for i, (summary, references) in enumerate(requests):
            (peers / f"p{i}.html").write_text(rouge_summary_content(f"p{i}", summary), encoding="utf-8")
            model_elems = []
            for j, (ref_id, ref) in enumerate(references.items()):
                name = f"m{i}_{j}.html"
                (models / name).write_text(rouge_summary_content(ref_id, ref), encoding="utf-8")
                model_elems.append(f'<M ID="{chr(65 + j)}">{name}</M>')
            evals.append(f'<EVAL ID="e{i}"><MODEL-ROOT>{models}</MODEL-ROOT><PEER-ROOT>{peers}</PEER-ROOT>'
                         f'<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT><PEERS><P ID="0">p{i}.html</P></PEERS>'
                         f'<MODELS>{"".join(model_elems)}</MODELS></EVAL>')
        settings = tmp / "settings.xml"
        settings.write_text('<ROUGE_EVAL version="1.55">\n' + "\n".join(evals) + "\n</ROUGE_EVAL>\n",
                            encoding="utf-8")
        cmd = [perl, str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data"), "-a", "-n", "2", "-x", "-f", "A",
               "-d", "-m", "-s", "-t", "2", str(settings)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise RougeUnavailable(f"cannot run ROUGE-1.5.5 ({exc}): {_FIX}") from None
        if proc.returncode != 0:
            reason = (proc.stderr or proc.stdout).strip().splitlines()
            why = reason[0] if reason else f"exit {proc.returncode}"
            raise RougeUnavailable(f"ROUGE-1.5.5 failed ({why}): {_FIX}")
        pat = re.compile(r"^\S+ ROUGE-(\d) Eval e(\d+)\.\S+ R:(\S+) P:(\S+) F:(\S+)\s*$")
        out: list[dict[str, int]] = [{} for _ in requests]
        for line in proc.stdout.splitlines():
            m = pat.match(line)
            if m:
                n, i = m.group(1), int(m.group(2))
                out[i][f"rouge_{n}_m_count"] = int(round(float(m.group(3))))
                out[i][f"rouge_{n}_p_count"] = int(round(float(m.group(4))))
                out[i][f"rouge_{n}_h_count"] = int(round(float(m.group(5))))
        missing = [i for i, d in enumerate(out) if len(d) != 6]
        if missing:
            raise RougeUnavailable(f"ROUGE-1.5.5 output lacks {len(missing)} of {len(requests)} evaluations "
                                   f"(first: e{missing[0]})")
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_PERL_CHECKED: bool | None = None


def check_perl_rouge() -> None:
    """Raise RougeUnavailable with the reason and the fix when the Perl ROUGE cannot run (cached)."""
    global _PERL_CHECKED
    if _PERL_CHECKED:
        return
    run_perl_rouge([([["a", "test"]], {"0": [["a", "test"]]})])
    _PERL_CHECKED = True


def perl_rouge_available() -> tuple[bool, str]:
    """(True, "") when the Perl ROUGE runs here, else (False, reason)."""
    try:
        check_perl_rouge()
    except TLSEvalError as exc:
        return False, str(exc)
    return True, ""


def _content_counts(sentences: Iterable[str]) -> Counter:
    """Token counts as tilse's ``compute_rouge_approximation`` makes them (whitespace tokens, the same
    ``not in string.punctuation`` test, no lowercasing)."""
    c: Counter = Counter()
    for sent in sentences:
        c.update(k for k in sent.split() if k not in string.punctuation)
    return c


def date_content_costs(pred_dates: list[date], ref_dates: list[date], pred_tl: Any, ref_tls: Any) -> Any:
    """tilse's ``_get_date_content_costs`` matrix (axis 0: rows = predicted dates), computed once.

    tilse recounts every date's tokens for each of the T x T pairs and does so twice (axis 0 and 1, the
    second being the transpose), which is 90% of a Perl-mode evaluation; here each date is counted once.
    Same integers, same float operations in the same order, so the matrix is bit-identical (tested).
    """
    import numpy

    pred_counts = [_content_counts(pred_tl[d]) for d in pred_dates]
    ref_counts = [[_content_counts(summary) for summary in (ref_tls[d][name] for name in ref_tls[d])]
                  for d in ref_dates]
    costs = []
    for dp, pc in zip(pred_dates, pred_counts, strict=True):
        row = []
        n_pred = sum(pc.values())
        for dr, rcs in zip(ref_dates, ref_counts, strict=True):
            date_factor = 1 - 1 / (abs(dp.toordinal() - dr.toordinal()) + 1)
            match = 0
            for tok in pc:
                match += sum([min(pc[tok], rc[tok]) for rc in rcs])
            prec_denom = len(rcs) * n_pred
            precision = 0 if prec_denom == 0 else match / prec_denom
            recall_denom = sum([sum(rc.values()) for rc in rcs])
            recall = 0 if recall_denom == 0 else match / recall_denom
            f = 0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
            row.append(date_factor * (1 - f))
        costs.append(row)
    return numpy.array(costs)


_STEM_CACHE: dict[str, str] = {}


def _memo_stem(reimpl: Any) -> Callable[[str], str]:
    stem = reimpl._robust_porter_stemmer

    def cached(word: str) -> str:
        out = _STEM_CACHE.get(word)
        if out is None:
            out = _STEM_CACHE[word] = stem(word)
        return out

    return cached


def _evaluator_class() -> Any:
    rouge = _tilse_rouge()

    class Evaluator(rouge.TimelineRougeEvaluator):
        """tilse's evaluator with the date-content cost matrix computed once per timeline pair."""

        def __init__(self) -> None:
            super().__init__(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
            self._costs: dict[int, Any] = {}
            # reimpl spends 90% of its time in nltk's Porter stemmer, re-stemming the same words: memoize
            self.rouge.stem_function = _memo_stem(self.rouge)

        def _evaluate_per_day_mapping_micro(self, predicted_timeline: Any, reference_timelines: Any,
                                            compute_costs: Any, optimize_assignment: Any) -> Any:
            if compute_costs is rouge.TimelineRougeEvaluator._get_date_content_costs:
                def compute_costs(source: list, target: list, tl: Any, refs: Any, axis: int = 0) -> Any:
                    if 0 not in self._costs:
                        self._costs[0] = date_content_costs(source, target, tl, refs)
                    return self._costs[0] if axis == 0 else self._costs[0].T
            return super()._evaluate_per_day_mapping_micro(predicted_timeline, reference_timelines,
                                                           compute_costs, optimize_assignment)

    return Evaluator


# ---------------------------------------------------------------------------------------------- scoring


def _prf(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _zero_scores() -> dict[str, float]:
    out: dict[str, float] = {}
    for k in METRIC_KEYS:
        out[f"{k}_p"] = out[f"{k}_r"] = 0.0
        out[f"{k}_f1" if k == "date" else f"{k}_f"] = 0.0
    return out


def _clean(tl: dict[date, list[str]]) -> dict[date, list[str]]:
    """Whitespace-normalized non-empty sentences, dates without sentences dropped (tilse strips too)."""
    out = {}
    for d, sents in tl.items():
        s = [" ".join(x.split()) for x in sents if x and x.strip()]
        if s:
            out[d] = s
    return out


def score_timeline(predicted: dict[date, list[str]], reference: dict[date, list[str]],
                   rouge: str = "perl") -> dict[str, float]:
    """tilse metrics of one predicted timeline against one reference, flat ``{metric}_{p|r|f}`` keys.

    An empty prediction scores zero everywhere (tilse and news-tls divide by zero on it).
    """
    if rouge not in ROUGE_MODES:
        raise TLSEvalError(f"--rouge {rouge!r}: unknown ROUGE mode (use one of {', '.join(ROUGE_MODES)})")
    predicted, reference = _clean(predicted), _clean(reference)
    if not reference:
        raise TLSEvalError("reference timeline is empty")
    if not predicted:
        return _zero_scores()
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline

    pred_tl = TilseTimeline(predicted)
    truth = GroundTruth([TilseTimeline(reference)])
    ev = _evaluator_class()()

    def concat() -> dict[str, dict]:
        try:
            return ev.evaluate_concat(pred_tl, truth)
        except ZeroDivisionError:  # every predicted token is a stopword: tilse's concat has no guard
            pred = [sent.split() for d in sorted(pred_tl.get_dates()) for sent in pred_tl[d]]
            refs = {"0": [sent.split() for d in sorted(reference) for sent in truth.timelines[0][d]]}
            counts = ev._get_rouge_counts(pred, refs)
            out = {}
            for m, c in counts.items():
                p = c["prec_num"] / c["prec_denom"] if c["prec_denom"] else 0.0
                r = c["rec_num"] / c["rec_denom"] if c["rec_denom"] else 0.0
                out[m] = {"precision": p, "recall": r, "f_score": _prf(p, r)}
            return out

    def run_all() -> dict[str, dict]:
        return {"concat": concat(),
                "agreement": ev.evaluate_agreement(pred_tl, truth),
                "align": ev.evaluate_align_date_content_costs_many_to_one(pred_tl, truth)}

    if rouge == "perl":
        recorder = _RecordingRouge()
        ev.rouge = recorder
        run_all()
        keys = list(recorder.requests)
        counts = run_perl_rouge([recorder.requests[k] for k in keys])
        ev.rouge = _AnsweringRouge(dict(zip(keys, counts, strict=True)))
    res = run_all()
    out: dict[str, float] = {}
    for metric, by_measure in res.items():
        for n in (1, 2):
            s = by_measure[f"rouge_{n}"]
            out[f"{metric}_r{n}_p"] = float(s["precision"])
            out[f"{metric}_r{n}_r"] = float(s["recall"])
            out[f"{metric}_r{n}_f"] = float(s["f_score"])
    pd, rd = set(predicted), set(reference)
    shared = len(pd & rd)
    out["date_p"], out["date_r"] = shared / len(pd), shared / len(rd)
    out["date_f1"] = _prf(out["date_p"], out["date_r"])
    return out


def average_scores(rows: Iterable[dict[str, float]]) -> dict[str, float]:
    """news-tls averaging: mean P and mean R over timelines, then F from those means (not mean F)."""
    rows = list(rows)
    out = _zero_scores()
    if not rows:
        return out
    for k in METRIC_KEYS:
        p = sum(r[f"{k}_p"] for r in rows) / len(rows)
        r_ = sum(r[f"{k}_r"] for r in rows) / len(rows)
        out[f"{k}_p"], out[f"{k}_r"] = p, r_
        out[f"{k}_f1" if k == "date" else f"{k}_f"] = _prf(p, r_)
    return out


# ------------------------------------------------------------------------------------------- evaluation


@dataclass
class Task:
    """What the system is given for one reference timeline."""

    topic: str
    reference: str
    T: int
    N: int
    window: tuple[date, date]
    query: str | None


def make_task(topic: Topic, ref: ReferenceTimeline, entity: bool) -> Task:
    return Task(topic=topic.name, reference=ref.name, T=ref.T, N=ref.N,
                window=ref.window(ENTITY_WINDOW_EXTENSION if entity else 0),
                query=topic.entity if entity else None)


def timeline_to_dict(tl: Timeline) -> dict[date, list[str]]:
    """A dateline Timeline as tilse wants it: date -> sentence strings (merging same-day entries)."""
    out: dict[date, list[str]] = {}
    for e in tl.entries:
        d = e.date.date() if isinstance(e.date, datetime) else e.date
        out.setdefault(d, []).extend(s.text for s in e.sentences)
    return out


def write_timeline(path: Path, tl: dict[date, list[str]]) -> None:
    """Write a timeline in the reference format, so anyone can rescore it with their own tools."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for d in sorted(tl):
            fh.write(json.dumps({"date": d.isoformat(), "sentences": tl[d]}, ensure_ascii=False) + "\n")


def _default_builder(articles: list[Article], lang: str | None = None) -> Any:
    from dateline.timeline.collection import build_collection

    return build_collection(articles, lang=lang)


def _make_method(method: Any, params: dict[str, Any]) -> Any:
    """A fresh method object: from the registry by name, or a deep copy of a given prototype."""
    if isinstance(method, str):
        from dateline.timeline import get_method

        return get_method(method, **params)
    return copy.deepcopy(method)


def _with_references(collection: Any, topic: Topic) -> Any:
    """A copy of a dev collection carrying its reference timelines, for supervised methods' ``fit``.

    A copy, so that the collection a method predicts on never carries the references it is scored against.
    """
    refs = [dict(ref.dates) for ref in topic.timelines]
    dev = copy.copy(collection)
    with contextlib.suppress(AttributeError, TypeError):
        dev.references = refs
    return dev


def _restrict(collection: Any, articles: list[Article], window: tuple[date, date],
              builder: Callable[..., Any]) -> Any:
    """The topic's collection restricted to articles published inside the window (news-tls input)."""
    if hasattr(collection, "restrict"):
        return collection.restrict(window)
    lo, hi = window
    return builder([a for a in articles if lo <= a.published <= hi])


def _source_fingerprint() -> str:
    """A hash of the code and rule data that decide what ``build_collection`` produces (cache key part)."""
    import hashlib
    import os

    import dateline

    root = Path(dateline.__file__).parent
    files = sorted([*root.joinpath("temporal").rglob("*.py"), *root.joinpath("temporal").rglob("*.yaml"),
                    *(root / "annotate" / f for f in ("dating.py", "quotemarks.py", "sentences.py")),
                    root / "ingest" / "common.py",  # repair_mojibake: the text the collection is built from
                    root / "timeline" / "collection.py"])
    h = hashlib.sha1()
    # the fallback tagger's experiment switches (dateline.temporal.fallback) change what is built
    for var in ("DATELINE_FALLBACK", "DATELINE_PRETEND_NO_RESOURCES"):
        h.update(f"{var}={os.environ.get(var, '')}".encode())
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _cache_dir() -> Path:
    import os

    base = os.environ.get("DATELINE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dateline")
    return Path(base) / "tls-collections"


def _cached_collection(topic: Topic, builder: Callable[..., Any]) -> Any:
    """A training topic's collection, built once per version of the dating code and kept on disk.

    Only for the extra training pool (``fit_with``): the scored topics are always built in the run, so
    their "raw articles to timeline" seconds stay honest. The key covers the articles file (path, size,
    mtime) and the source of the tagger/dater, so a changed rule rebuilds; an unreadable cache rebuilds.
    """
    import hashlib
    import pickle

    src = topic.path / "articles.jsonl"
    try:
        st = src.stat()
        ident = f"{src.resolve()}|{st.st_size}|{st.st_mtime_ns}|{_source_fingerprint()}"
    except OSError:
        return builder(topic.articles)
    path = _cache_dir() / f"{topic.name}-{hashlib.sha1(ident.encode()).hexdigest()[:16]}.pickle"
    with contextlib.suppress(Exception), path.open("rb") as fh:  # missing/truncated/stale: rebuild
        return pickle.load(fh)
    coll = builder(topic.articles)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(coll, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return coll


def _training_pool(fit_with: Sequence[Path | str], scored: Path,
                   builder: Callable[..., Any], cache: bool) -> list[Any]:
    """Collections with references from other dev datasets, added to every leave-one-topic-out fit.

    A dataset equal to the scored one is skipped (its topics are already in the pool, minus the held-out
    one), so no scored topic can ever be in its own training data.
    """
    out = []
    for d in fit_with:
        d = Path(d)
        if not d.is_dir():
            raise TLSEvalError(f"--fit-with {d}: dataset directory not found")
        if d.resolve() == scored.resolve():
            continue
        for topic in load_dataset(d):
            try:
                coll = _cached_collection(topic, builder) if cache else builder(topic.articles)
            except Exception:  # noqa: BLE001 (a training topic that cannot be built is left out)
                continue
            with contextlib.suppress(AttributeError, TypeError):
                coll.name = f"{d.name}/{topic.name}"
            out.append(_with_references(coll, topic))
    return out


def _needs_fit(method: Any) -> bool:
    """Whether a method learns from dev collections; unknown means yes (honest: LOTO fit is always right)."""
    for attr in ("supervised", "requires_fit", "needs_fit"):
        val = getattr(method, attr, None)
        if isinstance(val, bool):
            return val
    return True


ProgressFn = Callable[[int, int, str], None]


def _one_thread(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn`` with one BLAS/OpenMP thread. The issue's budget is one core, and a fit must not depend on
    the machine: with two OpenBLAS threads the default method's logistic regression stopped at other
    coefficients (up to 0.016 apart on the 26 dev topics) and spent 15x the CPU (2.6 s against 0.17 s)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            return fn(*args, **kwargs)

    return run


@_one_thread
def evaluate(
    dataset_dir: Path | str,
    method: Any = "default",
    *,
    method_params: dict[str, Any] | None = None,
    topics: Sequence[str] | None = None,
    rouge: str = "perl",
    save_timelines: Path | str | None = None,
    entity: bool | None = None,
    collection_builder: Callable[..., Any] | None = None,
    progress: ProgressFn | None = None,
    fit_with: Sequence[Path | str] = (),
) -> dict[str, Any]:
    """Run ``method`` on every reference timeline of a dataset and score it with tilse's metrics.

    Supervised methods are fitted leave-one-topic-out: on the dataset's other topics plus every topic of
    the ``fit_with`` datasets (other dev collections; never the scored topic). Which model each topic was
    predicted with is reported (``fit`` per topic): a method that falls back to shipped parameters says so.

    ``method`` is a registry name (``dateline.timeline.get_method``) or an object with ``fit(collections)``
    and ``predict(collection, T, N, window=..., query=...)``. Returns the collection row (P/R/F of every
    metric, ``timelines``, ``seconds``), ``topics`` (per-topic rows) and ``rows`` (per-timeline rows).
    One failing or empty prediction scores zero and is counted; it never stops the run.
    """
    t_start = time.perf_counter()
    dataset_dir = Path(dataset_dir)
    if rouge not in ROUGE_MODES:
        raise TLSEvalError(f"--rouge {rouge!r}: unknown ROUGE mode (use one of {', '.join(ROUGE_MODES)})")
    if rouge == "perl":
        check_perl_rouge()
    entity = is_entity_dataset(dataset_dir) if entity is None else entity
    params = dict(method_params or {})
    builder = collection_builder or _default_builder
    loaded = load_dataset(dataset_dir, topics)
    total = sum(len(t.timelines) for t in loaded)
    if total == 0:
        why = [r.reason for t in loaded for r in t.rejects if r.record is None]  # the unreadable references
        more = f" (and {len(why) - 1} more)" if len(why) > 1 else ""
        raise TLSEvalError(f"{dataset_dir}: no readable reference timelines (<topic>/timelines/*.jsonl)"
                           + (f"; {why[0]}{more}" if why else ""))
    save_dir = Path(save_timelines) if save_timelines is not None else None
    method_name = method if isinstance(method, str) else type(method).__name__

    try:
        probe = _make_method(method, params)
    except Exception as exc:  # unknown name, bad parameter, timeline stage missing
        raise TLSEvalError(f"--method {method_name}: {exc}") from None
    supervised = _needs_fit(probe)
    # Leave-one-topic-out fits on every other topic of the collection, also when only some are scored.
    pool = load_dataset(dataset_dir) if supervised and topics else loaded
    extra = _training_pool(fit_with, dataset_dir, builder, cache=collection_builder is None) \
        if supervised and fit_with else []
    # Build every topic's collection once (date tagging is the costly part; timed per topic, it is part of
    # "raw articles to timeline"), then restrict it to each reference window.
    built: dict[str, Any] = {}
    build_error: dict[str, str] = {}
    build_seconds: dict[str, float] = {}
    build_cpu: dict[str, float] = {}
    for topic in pool:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            coll = builder(topic.articles)
            with contextlib.suppress(AttributeError, TypeError):
                coll.name = topic.name
            built[topic.name] = coll
        except Exception as exc:  # e.g. TimelineError "no articles": costs this topic only
            build_error[topic.name] = f"collection failed: {type(exc).__name__}: {exc}"
        build_seconds[topic.name] = time.perf_counter() - t0
        build_cpu[topic.name] = time.process_time() - c0
        if progress is not None:
            progress(0, total, f"dating {topic.name}")

    rows: list[dict[str, Any]] = []
    topic_seconds: dict[str, dict[str, float]] = {}
    topic_cpu: dict[str, float] = {}
    fit_info: dict[str, str] = {}
    done = 0
    for topic in loaded:
        t0, c0 = time.perf_counter(), time.process_time()
        model = _make_method(method, params)
        error_all = build_error.get(topic.name)
        if error_all is None:
            try:
                dev = [_with_references(built[o.name], o) for o in pool
                       if o.name != topic.name and o.name in built] if supervised else []
                model.fit(dev + extra)
                fit_info[topic.name] = str(getattr(model, "fit_source_", None) or
                                           (f"{len(dev) + len(extra)} topics" if supervised else "none"))
            except Exception as exc:  # a method failing to fit costs this topic, not the run
                error_all = f"fit failed: {type(exc).__name__}: {exc}"
        times = {"build": build_seconds[topic.name], "fit": time.perf_counter() - t0, "predict": 0.0}
        topic_seconds[topic.name] = times
        cpu = build_cpu[topic.name] + time.process_time() - c0
        for ref in topic.timelines:
            task = make_task(topic, ref, entity)
            t1, c1 = time.perf_counter(), time.process_time()
            error = error_all
            predicted: dict[date, list[str]] = {}
            n_articles = 0
            if error is None:
                try:
                    coll = _restrict(built[topic.name], topic.articles, task.window, builder)
                    n_articles = len(getattr(coll, "articles", coll))
                    tl = model.predict(coll, task.T, task.N, window=task.window, query=task.query)
                    predicted = timeline_to_dict(tl)
                except Exception as exc:  # TimelineError and method bugs alike: score zero, say why
                    error = f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - t1
            times["predict"] += seconds
            cpu += time.process_time() - c1
            topic_cpu[topic.name] = cpu
            if save_dir is not None:  # empty predictions too: an empty file says "nothing predicted"
                write_timeline(save_dir / topic.name / f"{ref.name}.jsonl", predicted)
            try:
                scores = score_timeline(predicted, ref.dates, rouge=rouge)
            except RougeUnavailable:
                raise
            except Exception as exc:  # a metric failing on one odd prediction: zero, reported, run goes on
                scores, error = _zero_scores(), f"scoring failed: {type(exc).__name__}: {exc}"
            n_pred = len(_clean(predicted))
            rows.append({"topic": topic.name, "timeline": ref.name, "T": task.T, "N": task.N,
                         "window": [task.window[0].isoformat(), task.window[1].isoformat()],
                         "query": task.query, "articles": n_articles, "predicted_dates": n_pred,
                         "empty": n_pred == 0, "error": error, "seconds": round(seconds, 3), **scores})
            done += 1
            if progress is not None:
                progress(done, total, f"{topic.name}/{ref.name}")

    topic_rows = []
    for topic in loaded:
        trs = [r for r in rows if r["topic"] == topic.name]
        if trs:
            times = topic_seconds[topic.name]
            topic_rows.append({"topic": topic.name, "timelines": len(trs), "articles": len(topic.articles),
                               "seconds": round(sum(times.values()), 3),
                               **{f"{k}_seconds": round(v, 3) for k, v in times.items()},
                               "cpu_seconds": round(topic_cpu.get(topic.name, 0.0), 3),
                               "build_cpu_seconds": round(build_cpu[topic.name], 3),
                               "rejects": len(topic.rejects), "fit": fit_info.get(topic.name, "failed"),
                               **average_scores(trs)})
    method_seconds = sum(sum(t.values()) for t in topic_seconds.values())
    n_topics = max(1, len(topic_rows))
    result: dict[str, Any] = {
        "dataset": dataset_dir.name, "method": method_name, "params": params, "rouge": rouge,
        "timelines": len(rows), "topics_evaluated": len(topic_rows),
        "fit_with": [Path(d).name for d in fit_with],
        "empty_timelines": sum(1 for r in rows if r["empty"]),
        "failed_timelines": sum(1 for r in rows if r["error"]),
        "rejects": [str(r) for t in loaded for r in t.rejects],
        **average_scores(rows),
        "method_seconds": round(method_seconds, 3),
        "seconds_per_topic": round(method_seconds / max(1, len(topic_rows)), 3),
        "cpu_seconds_per_topic": round(sum(topic_cpu.values()) / max(1, len(topic_rows)), 3),
        # the split: date tagging/collection building vs the method itself (fit + predict)
        "build_seconds_per_topic": round(sum(build_seconds[t.name] for t in loaded) / n_topics, 3),
        "build_cpu_seconds_per_topic": round(sum(build_cpu[t.name] for t in loaded) / n_topics, 3),
        "seconds": round(time.perf_counter() - t_start, 3),
        "topics": topic_rows, "rows": rows,
    }
    for k, v in list(result.items()):
        if isinstance(v, float) and math.isnan(v):  # pragma: no cover - defensive: JSON has no NaN
            result[k] = 0.0
    return result


def rescore(
    dataset_dir: Path | str,
    predictions_dir: Path | str,
    *,
    topics: Sequence[str] | None = None,
    rouge: str = "perl",
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Score saved predictions (``DIR/<topic>/<reference name>.jsonl``, as ``--save-timelines`` writes them)
    against the dataset's references, with the same rows and averages as ``evaluate``.

    For comparing ROUGE modes or re-scoring without re-running a method; a missing file scores zero.
    """
    t_start = time.perf_counter()
    dataset_dir, predictions_dir = Path(dataset_dir), Path(predictions_dir)
    if rouge not in ROUGE_MODES:
        raise TLSEvalError(f"--rouge {rouge!r}: unknown ROUGE mode (use one of {', '.join(ROUGE_MODES)})")
    if not predictions_dir.is_dir():
        raise TLSEvalError(f"{predictions_dir}: predictions directory not found")
    if rouge == "perl":
        check_perl_rouge()
    loaded = load_dataset(dataset_dir, topics)
    total = sum(len(t.timelines) for t in loaded)
    rows: list[dict[str, Any]] = []
    for topic in loaded:
        for ref in topic.timelines:
            path = predictions_dir / topic.name / f"{ref.name}.jsonl"
            predicted: dict[date, list[str]] = {}
            error = None
            try:
                predicted = read_reference(path, allow_empty=True).dates
            except FileNotFoundError:
                error = f"{path}: no prediction file"
            except TLSEvalError as exc:
                error = str(exc)
            n_pred = len(_clean(predicted))
            rows.append({"topic": topic.name, "timeline": ref.name, "T": ref.T, "N": ref.N,
                         "predicted_dates": n_pred, "empty": n_pred == 0, "error": error, "seconds": 0.0,
                         **score_timeline(predicted, ref.dates, rouge=rouge)})
            if progress is not None:
                progress(len(rows), total, f"{topic.name}/{ref.name}")
    topic_rows = [{"topic": t.name, "timelines": len(trs), "seconds": 0.0, **average_scores(trs)}
                  for t in loaded if (trs := [r for r in rows if r["topic"] == t.name])]
    return {"dataset": dataset_dir.name, "method": f"saved:{predictions_dir}", "params": {}, "rouge": rouge,
            "timelines": len(rows), "topics_evaluated": len(topic_rows),
            "empty_timelines": sum(1 for r in rows if r["empty"]),
            "failed_timelines": sum(1 for r in rows if r["error"]),
            "rejects": [str(r) for t in loaded for r in t.rejects], **average_scores(rows),
            "method_seconds": 0.0, "seconds_per_topic": 0.0,
            "seconds": round(time.perf_counter() - t_start, 3), "topics": topic_rows, "rows": rows}

