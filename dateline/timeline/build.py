"""``build_timeline``: the user-facing path (CLI, web app) from a store and a query to a Timeline."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.timeline.collection import collection_from_parquet, collection_from_store
from dateline.timeline.errors import TimelineError
from dateline.types import Attribution, Timeline, TimelineEntry

_ALL_SENTENCES = 1_000_000  # ``clip_sents`` that takes every sentence of an article

if TYPE_CHECKING:
    from dateline.store import Store
    from dateline.timeline.collection import Collection


def build_timeline(
    store: Store | None,
    query: str | None = None,
    entity: str | None = None,
    T: int = 10,
    N: int = 2,
    method: str = "default",
    date_from: date | None = None,
    date_to: date | None = None,
    background: bool = True,
    parquet: str | Path | None = None,
) -> Timeline:
    """Retrieve the matching annotated sentences, run ``method`` and return at most T dates x N sentences.

    Reads the SQLite ``store``, or a Parquet folder written by ``dateline annotate --out parquet`` when
    ``parquet`` is given. Raises ``TimelineError`` with a message naming the input for every user mistake.
    """
    from dateline.timeline import get_method

    if T < 1 or N < 1:
        raise TimelineError(f"--dates {T} / --sentences {N}: both must be at least 1")
    if date_from and date_to and date_from > date_to:
        raise TimelineError(f"--from {date_from} is after --to {date_to}")
    m = get_method(method)
    if m.requires_fit:
        raise TimelineError(f"method {method!r} learns from dev data and cannot run on a store as is; "
                            "use `default`, `clust`, `pubcount` or `random` (or `dateline eval tls`)")
    if parquet is not None:
        if entity:
            raise TimelineError("--entity needs the SQLite store (Parquet output has no entity index)")
        c = collection_from_parquet(parquet, query=query, date_from=date_from, date_to=date_to)
    elif store is not None:
        c = collection_from_store(store, query=query, entity=entity, date_from=date_from, date_to=date_to)
    else:
        raise TimelineError("no store and no Parquet folder to build a timeline from")
    window = None
    if date_from or date_to:
        window = (date_from or date.min, date_to or date.max)
    if not any(s.date for s in c.sentences) and method not in ("pubcount", "random"):
        raise TimelineError(f"{c.name or 'the store'}: {len(c.articles)} articles match, but none of their "
                            "sentences has a day-level date")
    tl = m.predict(c, T=T, N=N, window=window, query=query, later_reports=True)
    if not tl.entries and (query or entity) and "clip_sents" in m.get_params():
        # The query is named only past the articles' leads (John Kirby, quoted deep in the seed story): the
        # method's undated candidates are lead sentences, so nothing was left. A user asking about him gets
        # the sentences the dater gave the publication day, at that day (not the day before, as a lead's
        # news may be, nor two days before it), rather than an error; a sentence about October 2002 stays out
        # of 2024.
        params = m.get_params()
        retry = {"clip_sents": _ALL_SENTENCES} | {k: v for k, v in (("pub_days", 1), ("empty_pub_days", 0))
                                                  if k in params}
        m = get_method(method, **retry)
        told = [s for s in c.sentences if s.date is not None or s.date_source == "publication"]
        tl = m.predict(dataclasses.replace(c, sentences=told), T=T, N=N, window=window, query=query,
                       later_reports=True)
    if background:
        tl.entries = sorted(tl.entries + _background(c, tl, T, N, window), key=lambda e: e.date)
    else:
        tl.entries = [e for e in tl.entries if not e.background]
    if parquet is not None:
        attach_parquet_quotes(parquet, tl, date_from, date_to)
    elif store is not None:
        attach_quotes(store, tl)
    tl.params = {**tl.params, "T": T, "N": N, "entity": entity, "background": background,
                 "date_from": date_from and date_from.isoformat(), "date_to": date_to and date_to.isoformat()}
    if not tl.entries:
        where = f" between {date_from or '...'} and {date_to or '...'}" if window else ""
        raise TimelineError(f"{c.name or 'the store'}: no dated sentences{where} to build a timeline from")
    return tl


def _background(c: Collection, tl: Timeline, T: int, N: int,
                window: tuple[date, date] | None) -> list[TimelineEntry]:
    """Month and year background entries (``timeline.background``) beside the method's T days: up to a
    fifth of T of them (at least one), inside the --from/--to window when one is given."""
    from dateline.timeline.background import background_entries, period_bounds

    taken = {(s.source.article_id, s.source.start) for e in tl.entries for s in e.sentences}
    entries = background_entries(c, N, max(1, T // 5), taken, [e.date for e in tl.entries],
                                 c.keywords)
    if window:
        entries = [e for e in entries
                   if window[0] <= e.date and period_bounds(e.label)[1] <= window[1]]
    return entries


def attach_quotes(store: Store, tl: Timeline) -> None:
    """Who said what: every timeline line gets the speakers of the stored quotes inside it (annotate's
    quote attribution; unattributed quotes name nobody), once per speaker, in reading order."""
    ids = sorted({s.source.article_id for e in tl.entries for s in e.sentences})
    rows: list[Any] = []
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        rows += store.query(
            f"SELECT article_id, start, end, speaker, role, direct FROM quotes "  # noqa: S608
            f"WHERE article_id IN ({marks}) AND speaker IS NOT NULL AND speaker != ''", part)
    _attach(tl, rows)


def attach_parquet_quotes(out_dir: str | Path, tl: Timeline, date_from: date | None = None,
                          date_to: date | None = None) -> None:
    """``attach_quotes`` for a ``dateline annotate --out parquet`` folder (its quotes table)."""
    from dateline.store.parquet import read_table

    ids = {s.source.article_id for e in tl.entries for s in e.sentences}
    cols = ["article_id", "start", "end", "speaker", "role", "direct"]
    tab = read_table(out_dir, "quotes", date_from, date_to).select(cols).to_pylist()
    _attach(tl, [q for q in tab if q["article_id"] in ids and q["speaker"]])


def _attach(tl: Timeline, rows: list[Any]) -> None:
    quotes: dict[str, list[Any]] = {}
    for q in sorted(rows, key=lambda q: q["start"]):
        quotes.setdefault(q["article_id"], []).append(q)
    for e in tl.entries:
        for s in e.sentences:
            src = s.source
            if src.start is None or src.end is None:
                continue
            seen: dict[str, Attribution] = {}
            for q in quotes.get(src.article_id, ()):
                if q["start"] < src.end and q["end"] > src.start and q["speaker"] not in seen:
                    seen[q["speaker"]] = Attribution(q["speaker"], q["role"] or None, bool(q["direct"]))
            s.quoting = list(seen.values())
