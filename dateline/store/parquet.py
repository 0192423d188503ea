"""Partitioned Parquet output: the store's tables as datasets that DuckDB, Spark, Dask or pandas read.

For corpora beyond one SQLite file. Layout (schema in ``docs/parquet.md``)::

    DIR/_dateline.json                         marker: format version, tables
    DIR/<table>/month=YYYY-MM/part-<run>-<n>-<i>.parquet

with one dataset per table (articles, annotations, sentences, timexes, entities, quotes), hive-partitioned by
the article's publication month, so a date-range read opens only the months it needs. Every row carries
``article_id`` and ``run`` (the writer that wrote it). Writers only ever add files; when an article is
written again (a re-annotation, a second export), readers keep the newest run per article (by the
``written`` time in ``annotations``), so repeating a write is idempotent for readers.

pyarrow is imported lazily: dateline works without it (``pip install dateline[dask]``).
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.types import Annotation, Article, Entity, Quote, Sentence, Timex

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from dateline.store.sqlite import Store

FORMAT_VERSION = 1
MARKER = "_dateline.json"
TABLES = ("articles", "annotations", "sentences", "timexes", "entities", "quotes")
DEFAULT_FLUSH_EVERY = 2000


class ParquetError(ValueError):
    """A Parquet directory that cannot be written or read; the message names it and says why."""


def _pa() -> Any:
    try:
        import pyarrow
        import pyarrow.dataset  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        raise ParquetError("Parquet output needs pyarrow: pip install dateline[dask]") from None
    return pyarrow


def schemas() -> dict[str, pa.Schema]:
    """Arrow schema of each table (the ``month`` partition column is added by the layout)."""
    pa = _pa()
    key = [("article_id", pa.string()), ("run", pa.string())]
    return {
        "articles": pa.schema(key + [
            ("published", pa.date32()), ("title", pa.string()), ("url", pa.string()), ("source", pa.string()),
            ("language", pa.string()), ("origin", pa.string()), ("hash", pa.string()), ("text", pa.string()),
        ]),
        "annotations": pa.schema(key + [
            ("annotator_version", pa.string()), ("language", pa.string()), ("status", pa.string()),
            ("reason", pa.string()), ("written", pa.timestamp("us", tz="UTC")), ("published", pa.date32()),
        ]),
        "sentences": pa.schema(key + [
            ("idx", pa.int32()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
            ("event_date", pa.string()), ("day", pa.date32()), ("granularity", pa.string()),
            ("date_source", pa.string()), ("published", pa.date32()),
        ]),
        "timexes": pa.schema(key + [
            ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("type", pa.string()),
            ("value", pa.string()), ("mod", pa.string()), ("anchor", pa.string()), ("published", pa.date32()),
        ]),
        "entities": pa.schema(key + [
            ("name", pa.string()), ("text", pa.string()), ("label", pa.string()), ("count", pa.int32()),
            ("spans", pa.list_(pa.list_(pa.int32(), 2))), ("published", pa.date32()),
        ]),
        "quotes": pa.schema(key + [
            ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("speaker", pa.string()),
            ("role", pa.string()), ("verb", pa.string()), ("date", pa.string()), ("direct", pa.bool_()),
            ("published", pa.date32()),
        ]),
    }


def _day(value: str | None, granularity: str | None) -> date | None:
    if granularity != "day" or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def annotation_rows(article: Article, ann: Annotation | None, run: str, written: datetime) -> dict[str, list]:
    """The rows one article contributes to each table (``ann`` None: the article only)."""
    aid, pub = article.id, article.published
    k = {"article_id": aid, "run": run}
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["articles"].append({
        **k, "published": pub, "title": article.title, "url": article.url, "source": article.source,
        "language": article.language, "origin": article.origin, "hash": article.hash, "text": article.text,
    })
    if ann is None:
        return rows
    rows["annotations"].append({
        **k, "annotator_version": ann.annotator_version, "language": ann.language, "status": ann.status,
        "reason": ann.reason, "written": written, "published": pub,
    })
    rows["sentences"] = [
        {**k, "idx": i, "start": s.start, "end": s.end, "text": s.text, "event_date": s.event_date,
         "day": _day(s.event_date, s.granularity), "granularity": s.granularity, "date_source": s.date_source,
         "published": pub}
        for i, s in enumerate(ann.sentences)
    ]
    rows["timexes"] = [
        {**k, "start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod,
         "anchor": t.anchor, "published": pub}
        for t in ann.timexes
    ]
    rows["entities"] = [
        {**k, "name": e.name or e.text, "text": e.text, "label": e.label, "count": e.count,
         "spans": [list(s) for s in e.spans], "published": pub}
        for e in ann.entities
    ]
    rows["quotes"] = [
        {**k, "start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker, "role": q.role,
         "verb": q.verb, "date": q.date, "direct": bool(q.direct), "published": pub}
        for q in ann.quotes
    ]
    return rows


def _check_dir(root: Path, mode: str) -> None:
    """Refuse to write into a folder that holds something other than a dateline dataset."""
    if mode not in ("append", "overwrite"):
        raise ParquetError(f"{root}: unknown mode {mode!r} (append or overwrite)")
    if root.exists() and not root.is_dir():
        raise ParquetError(f"{root}: exists and is not a directory")
    if root.is_dir() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise ParquetError(f"{root}: not empty and not a dateline Parquet directory (no {MARKER}); "
                               "choose an empty or new directory")
        if mode == "overwrite":
            for t in TABLES:
                shutil.rmtree(root / t, ignore_errors=True)


class ParquetWriter:
    """Buffers (article, annotation) pairs and writes them as Parquet files every ``flush_every`` articles.

    One writer per output run; it is the only thing writing its files (the Dask driver owns it, workers
    never write). Each flush adds new files, so a crash loses at most the unflushed buffer.
    """

    def __init__(
        self, out_dir: str | Path, mode: str = "append", flush_every: int = DEFAULT_FLUSH_EVERY
    ) -> None:
        self.root = Path(out_dir)
        self.mode = mode
        self.flush_every = max(1, flush_every)
        self.run = uuid.uuid4().hex[:12]
        self._rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._pending = 0
        self._seq = 0
        self._opened = False
        self.counts: dict[str, int] = {t: 0 for t in TABLES}

    def _open(self) -> None:
        if self._opened:
            return
        _pa()
        _check_dir(self.root, self.mode)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / MARKER).write_text(
                json.dumps({"format": "dateline-parquet", "version": FORMAT_VERSION, "tables": list(TABLES),
                            "partitioning": "hive: month=YYYY-MM (publication month)"}, indent=2) + "\n",
                encoding="utf-8",
            )
        except OSError as e:
            raise ParquetError(f"{self.root}: cannot write ({e.strerror or e})") from None
        self._opened = True

    def add(self, article: Article, ann: Annotation | None = None) -> None:
        self._open()
        rows = annotation_rows(article, ann, self.run, datetime.now(UTC))
        for t, r in rows.items():
            self._rows[t].extend(r)
        self._pending += 1
        if self._pending >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows: one file per table and month."""
        if not self._pending:
            return
        pa = _pa()
        import pyarrow.parquet as pq

        sch = schemas()
        for t in TABLES:
            rows = self._rows[t]
            if not rows:
                continue
            for r in rows:
                r["month"] = r["published"].strftime("%Y-%m")
            schema = sch[t].append(pa.field("month", pa.string()))
            table = pa.Table.from_pylist(rows, schema=schema)
            try:
                pq.write_to_dataset(
                    table, root_path=str(self.root / t), partition_cols=["month"],
                    basename_template=f"part-{self.run}-{self._seq:05d}-{{i}}.parquet",
                    existing_data_behavior="overwrite_or_ignore",
                )
            except OSError as e:
                raise ParquetError(f"{self.root / t}: cannot write ({e})") from None
            self.counts[t] += len(rows)
            self._rows[t] = []
        self._seq += 1
        self._pending = 0

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> ParquetWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        # Flush even on Ctrl-C: what was gathered is complete per article, so keeping it loses nothing.
        self.close()


def write_annotations(
    out_dir: str | Path, pairs: Iterable[tuple[Article, Annotation | None]], mode: str = "append",
    flush_every: int = DEFAULT_FLUSH_EVERY,
) -> dict[str, int]:
    """Write a stream of (article, annotation) pairs; returns the number of rows per table."""
    with ParquetWriter(out_dir, mode=mode, flush_every=flush_every) as w:
        for article, ann in pairs:
            w.add(article, ann)
    return w.counts


def export_store(store: Store, out_dir: str | Path, mode: str = "overwrite",
                 flush_every: int = DEFAULT_FLUSH_EVERY) -> dict[str, int]:
    """Snapshot a SQLite store (articles with their stored annotations) as a Parquet directory."""
    return write_annotations(out_dir, ((a, stored_annotation(store, a.id)) for a in store.articles()),
                             mode=mode, flush_every=flush_every)


def stored_annotation(store: Store, article_id: str) -> Annotation | None:
    """Rebuild the Annotation stored for one article (None when it was never annotated)."""
    head = store.query("SELECT * FROM annotations WHERE article_id = ?", [article_id])
    if not head:
        return None
    h = head[0]
    q = "SELECT * FROM {} WHERE article_id = ? ORDER BY {}"
    sents = store.query(q.format("sentences", "idx"), [article_id])
    timexes = store.query(q.format("timexes", "start, end, rowid"), [article_id])
    mentions = store.query(q.format("mentions", "start, end, rowid"), [article_id])
    ents = store.query(q.format("entities", "rowid"), [article_id])
    quotes = store.query(q.format("quotes", "rowid"), [article_id])
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    first_text: dict[tuple[str, str], str] = {}
    for m in mentions:
        spans.setdefault((m["name"], m["label"]), []).append((m["start"], m["end"]))
        first_text.setdefault((m["name"], m["label"]), m["text"])
    return Annotation(
        article_id=article_id, annotator_version=h["annotator_version"], language=h["language"],
        status=h["status"], reason=h["reason"],
        sentences=[
            Sentence(s["start"], s["end"], s["text"], s["event_date"], s["granularity"], s["date_source"])
            for s in sents
        ],
        timexes=[Timex(t["text"], t["start"], t["end"], t["type"], t["value"], t["mod"], t["anchor"])
                 for t in timexes],
        entities=[
            Entity(first_text.get((e["name"], e["label"]), e["name"]), e["label"], e["count"], e["name"],
                   spans.get((e["name"], e["label"]), []))
            for e in ents
        ],
        quotes=[Quote(q["text"], q["start"], q["end"], q["speaker"], q["role"], q["verb"], q["date"],
                      bool(q["direct"])) for q in quotes],
    )


# -- reading ---------------------------------------------------------------------------------------


def _dataset(root: Path, table: str) -> Any:
    pa = _pa()
    import pyarrow.dataset as ds

    path = root / table
    if not (root / MARKER).is_file():
        raise ParquetError(f"{root}: not a dateline Parquet directory (no {MARKER})")
    if not path.is_dir():
        return None
    part = ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive")
    schema = schemas()[table].append(pa.field("month", pa.string()))
    return ds.dataset(str(path), format="parquet", partitioning=part, schema=schema)


def _months(date_from: date | None, date_to: date | None) -> Any:
    import pyarrow.dataset as ds

    expr = None
    if date_from:
        expr = ds.field("month") >= date_from.strftime("%Y-%m")
    if date_to:
        e = ds.field("month") <= date_to.strftime("%Y-%m")
        expr = e if expr is None else expr & e
    return expr


def read_table(out_dir: str | Path, table: str, date_from: date | None = None, date_to: date | None = None,
               latest: bool = True, columns: list[str] | None = None, where: Any = None) -> pa.Table:
    """One table as an Arrow table (published within the range), newest run per article when ``latest``;
    only ``columns`` (and the keys) and the rows ``where`` (a ``pyarrow.dataset`` expression) when given."""
    if table not in TABLES:
        raise ParquetError(f"unknown table {table!r} (one of: {', '.join(TABLES)})")
    pa = _pa()
    import pyarrow.dataset as ds

    root = Path(out_dir)
    dset = _dataset(root, table)
    if dset is None:
        return schemas()[table].append(pa.field("month", pa.string())).empty_table()
    expr = _months(date_from, date_to)
    if date_from:
        expr = expr & (ds.field("published") >= pa.scalar(date_from, pa.date32()))
    if date_to:
        expr = expr & (ds.field("published") <= pa.scalar(date_to, pa.date32()))
    if where is not None:
        expr = where if expr is None else expr & where
    cols = None if columns is None else list(dict.fromkeys([*columns, "article_id", "run"]))
    tab = dset.to_table(columns=cols, filter=expr)
    if latest:
        keep = _latest_runs(root, date_from, date_to)
        if keep is not None:
            tab = _filter_pairs(tab, keep)
    return tab


def _latest_runs(root: Path, date_from: date | None, date_to: date | None) -> dict[str, str] | None:
    """article_id -> the run of its newest annotation (articles never annotated: their newest article row)."""
    newest: dict[str, tuple[Any, str]] = {}
    ann = _dataset(root, "annotations")
    if ann is not None:
        t = ann.to_table(columns=["article_id", "run", "written"], filter=_months(date_from, date_to))
        for aid, run, written in zip(*(t.column(c).to_pylist() for c in ("article_id", "run", "written")),
                                     strict=True):
            if aid not in newest or written > newest[aid][0]:
                newest[aid] = (written, run)
    arts = _dataset(root, "articles")
    if arts is not None:
        t = arts.to_table(columns=["article_id", "run"], filter=_months(date_from, date_to))
        for aid, run in zip(t.column("article_id").to_pylist(), t.column("run").to_pylist(), strict=True):
            newest.setdefault(aid, (None, run))  # an article exported without annotation
    if not newest:
        return None
    return {aid: run for aid, (_, run) in newest.items()}


def _filter_pairs(tab: pa.Table, keep: dict[str, str]) -> pa.Table:
    pa = _pa()
    ids = tab.column("article_id").to_pylist()
    runs = tab.column("run").to_pylist()
    mask = [keep.get(a) == r for a, r in zip(ids, runs, strict=True)]
    return tab.filter(pa.array(mask, pa.bool_()))


def done_article_ids(out_dir: str | Path, annotator_version: str) -> set[str]:
    """Articles whose newest annotation in the directory is ok and of this version (annotate skips them)."""
    root = Path(out_dir)
    if not (root / MARKER).is_file():
        return set()
    tab = read_table(root, "annotations")
    out: set[str] = set()
    cols = (tab.column(c).to_pylist() for c in ("article_id", "annotator_version", "status"))
    for aid, ver, status in zip(*cols, strict=True):
        if ver == annotator_version and status == "ok":
            out.add(aid)
    return out


@dataclass
class ParquetRows:
    """What the timeline stage needs from a Parquet directory: articles, their dated sentences and their
    time expressions as (start, type, value, text) in text order (chronology-style openings, the timex
    share of a sentence, "since 2016")."""

    articles: list[Article] = field(default_factory=list)
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)
    timexes: dict[str, list[tuple[int, str, str, str]]] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # article id -> language its annotation used

    def __iter__(self) -> Iterator[tuple[Article, list[Sentence]]]:
        for a in self.articles:
            yield a, self.sentences.get(a.id, [])


def _later_reports(root: Path, date_from: date | None, date_to: date) -> pa.Array:
    """Ids of the articles published after ``date_to`` that date a sentence to a day of the range."""
    pa = _pa()
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    day = ds.field("day")
    where = ((day >= pa.scalar(date_from or date.min, pa.date32())) & (day <= pa.scalar(date_to, pa.date32()))
             & (ds.field("date_source") != "publication"))
    sents = read_table(root, "sentences", date_to + timedelta(days=1), None, columns=["article_id"],
                       where=where)
    return pc.unique(sents.column("article_id"))


def read_collection_parquet(
    out_dir: str | Path,
    query: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    article_ids: Iterable[str] | None = None,
    limit: int | None = None,
) -> ParquetRows:
    """Articles (published in the range, or after it with a sentence dated inside it, as the store's
    timelines read them; containing every word of ``query``) with their stored sentences.

    The query filter is a case-insensitive substring match on title + text (Parquet has no full-text index;
    use DuckDB or the SQLite store for ranked search). Articles come in publication order.
    """
    pa = _pa()
    import pyarrow.compute as pc

    root = Path(out_dir)
    if not root.is_dir():
        raise ParquetError(f"{root}: no such directory")
    arts = read_table(root, "articles", date_from, date_to)
    upto = date_to  # how far the tables below are read
    if date_to is not None:
        later = _later_reports(root, date_from, date_to)
        if len(later):
            upto = None
            after = read_table(root, "articles", date_to + timedelta(days=1), None)
            arts = pa.concat_tables([arts, after.filter(pc.is_in(after.column("article_id"),
                                                                 value_set=later))])
    if article_ids is not None:
        wanted = pa.array(list(article_ids), pa.string())
        arts = arts.filter(pc.is_in(arts.column("article_id"), value_set=wanted))
    for term in (query or "").split():
        hay = pc.binary_join_element_wise(pc.fill_null(arts.column("title"), ""), arts.column("text"), "\n")
        arts = arts.filter(pc.match_substring(hay, term, ignore_case=True))
    arts = arts.sort_by([("published", "ascending"), ("article_id", "ascending")])
    if limit is not None:
        arts = arts.slice(0, limit)
    out = ParquetRows()
    seen: set[str] = set()
    for r in arts.to_pylist():
        if r["article_id"] in seen:
            continue
        seen.add(r["article_id"])
        out.articles.append(Article(
            published=r["published"], text=r["text"], id=r["article_id"], title=r["title"], url=r["url"],
            source=r["source"], language=r["language"], origin=r["origin"], hash=r["hash"] or "",
        ))
    if not seen:
        return out
    sents = read_table(root, "sentences", date_from, upto)
    sents = sents.filter(pc.is_in(sents.column("article_id"), value_set=pa.array(sorted(seen), pa.string())))
    sents = sents.sort_by([("article_id", "ascending"), ("idx", "ascending")])
    for r in sents.to_pylist():
        out.sentences.setdefault(r["article_id"], []).append(
            Sentence(r["start"], r["end"], r["text"], r["event_date"], r["granularity"], r["date_source"])
        )
    ann = read_table(root, "annotations", date_from, upto)
    ann_ids, ann_langs = ann.column("article_id").to_pylist(), ann.column("language").to_pylist()
    for aid, lang in zip(ann_ids, ann_langs, strict=True):
        if aid in seen and lang:
            out.languages[aid] = lang
    tx = read_table(root, "timexes", date_from, upto)
    tx = tx.filter(pc.is_in(tx.column("article_id"), value_set=pa.array(sorted(seen), pa.string())))
    tx = tx.sort_by([("article_id", "ascending"), ("start", "ascending")])
    for r in tx.select(["article_id", "start", "type", "value", "text"]).to_pylist():
        row = (r["start"], r["type"], r["value"] or "", r["text"])
        out.timexes.setdefault(r["article_id"], []).append(row)
    return out
