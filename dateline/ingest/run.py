"""Ingest files into the store: read, validate, de-duplicate, commit in batches.

Crash safety comes from the store's transactions plus content hashes, not from bookkeeping: records are
committed ~500 at a time, so a SIGKILL loses at most the open batch, and re-running the same command
re-reads everything and adds exactly what is missing (already stored content counts as a duplicate).
With ``strict`` each file is one transaction, rolled back as a whole if any of its records is rejected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from dateline.ingest.common import DEFAULT_MAX_BYTES
from dateline.ingest.detect import FORMATS, expand
from dateline.ingest.readers import READERS
from dateline.store import Store
from dateline.types import Article, Reject

BATCH_SIZE = 500


class IngestError(ValueError):
    """A problem with the request itself (unknown format), not with one record."""


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    files: int = 0
    skipped_files: int = 0  # files met while walking a folder whose format is unknown
    rejects_path: Path | None = None
    failed_file: str | None = None  # --strict: the file whose rejects stopped the run
    first_rejects: list[Reject] = field(default_factory=list)  # a few, for the CLI to show

    def line(self) -> str:
        return f"ingested {self.ingested}, duplicates {self.duplicates}, rejected {self.rejected}"


def default_rejects_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".rejects.jsonl")


class _Writer:
    """Applies records to the store and keeps the counts; one instance per ingest run."""

    def __init__(self, store: Store, report: IO[str], summary: IngestSummary) -> None:
        self.store = store
        self.report = report
        self.summary = summary

    def apply(self, records: list[Article | Reject]) -> tuple[int, int, list[Reject]]:
        """Write articles (inside the caller's transaction); return (added, duplicates, rejects)."""
        added = dups = 0
        rejects: list[Reject] = []
        for rec in records:
            if isinstance(rec, Reject):
                rejects.append(rec)
            elif self.store.add_article(rec):
                added += 1
            elif self.store.has_hash(rec.hash):
                dups += 1
            else:
                where = rec.origin or ""
                file, _, num = where.rpartition(":") if ":" in where else (where, "", "")
                record = int(num) if num.isdigit() else None
                rejects.append(Reject(file if record is not None else where, record,
                                      f"duplicate id {rec.id!r} with different content"))
        return added, dups, rejects

    def record_rejects(self, rejects: list[Reject]) -> None:
        for r in rejects:
            self.store.add_reject(r)
            self.report.write(json.dumps({"file": r.file, "record": r.record, "reason": r.reason}) + "\n")
        if len(self.summary.first_rejects) < 10:
            self.summary.first_rejects.extend(rejects[: 10 - len(self.summary.first_rejects)])
        self.summary.rejected += len(rejects)
        self.report.flush()

    def count(self, added: int, dups: int) -> None:
        self.summary.ingested += added
        self.summary.duplicates += dups


def _batched(records: Iterable[Article | Reject], size: int) -> Iterator[list[Article | Reject]]:
    batch: list[Article | Reject] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _records(path: Path, fmt: str | None, max_bytes: int) -> Iterator[Article | Reject]:
    if not path.exists():
        yield Reject(str(path), None, "no such file or directory")
        return
    if fmt is None:
        yield Reject(str(path), None, "cannot tell the format from the name or content (pass --format)")
        return
    n = 0
    try:
        for n, rec in enumerate(READERS[fmt](path, max_bytes), start=1):  # noqa: B007
            yield rec
    except Exception as exc:  # noqa: BLE001 -- a reader or library bug must not end the whole batch
        yield Reject(str(path), None, f"{fmt} reader failed after {n} records ({type(exc).__name__}: {exc})")


def read_path(
    path: str | Path, fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Reject]:
    """Articles and rejects of one file or folder, without a store (for tools, tests, the timeline stage)."""
    if fmt != "auto" and fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r} (choose auto or one of: {', '.join(FORMATS)})")
    for p, file_fmt, explicit in expand([Path(path)], fmt):
        if file_fmt is not None or explicit:
            yield from _records(p, file_fmt, max_bytes)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    fmt: str = "auto",
    strict: bool = False,
    rejects_path: str | Path | None = None,
    progress: bool = True,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestSummary:
    """Ingest every file under ``paths``; rejects go to the ``rejects`` table and a JSONL report.

    The report (``<db>.rejects.jsonl`` unless ``rejects_path``) lists this run's rejects, one
    ``{"file", "record", "reason"}`` per line; the table keeps every run's.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r} (choose auto or one of: {', '.join(FORMATS)})")
    paths = [Path(p) for p in paths]
    summary = IngestSummary(rejects_path=Path(rejects_path) if rejects_path else default_rejects_path(store))
    units = list(expand(paths, fmt))
    with ExitStack() as stack:
        report = stack.enter_context(summary.rejects_path.open("w", encoding="utf-8"))
        writer = _Writer(store, report, summary)
        bar = stack.enter_context(_progress(len(units), progress))

        def files() -> Iterator[tuple[Path, Iterator[Article | Reject]]]:
            for path, file_fmt, explicit in units:
                if file_fmt is None and not explicit:
                    summary.skipped_files += 1
                else:
                    summary.files += 1
                    yield path, _records(path, file_fmt, max_bytes)
                bar.advance(summary)

        if strict:
            for path, records in files():
                if not _ingest_file_strict(store, writer, records):
                    summary.failed_file = str(path)
                    break
        else:
            # batches span files: a folder of 10,000 small files is 20 transactions, not 10,000
            stream = (rec for _path, records in files() for rec in records)
            for batch in _batched(stream, batch_size):
                with store.transaction():
                    added, dups, rejects = writer.apply(batch)
                    writer.record_rejects(rejects)
                writer.count(added, dups)
                bar.update(summary)
    return summary


def _ingest_file_strict(store: Store, writer: _Writer, records: Iterator[Article | Reject]) -> bool:
    """All of one file or none of it. Returns False (after recording why) when the file had a reject."""
    added = dups = 0
    rejects: list[Reject] = []
    try:
        with store.transaction():
            for batch in _batched(records, BATCH_SIZE):
                a, d, rejects = writer.apply(batch)
                added, dups = added + a, dups + d
                if rejects:
                    raise _Rollback
    except _Rollback:
        rest = [r for r in records if isinstance(r, Reject)]  # report every reject of the file, not just one
        with store.transaction():
            writer.record_rejects(rejects + rest)
        return False
    writer.count(added, dups)
    return True


class _Rollback(Exception):
    """Raised inside a strict file's transaction to roll it back."""


class _NoBar:
    def advance(self, summary: IngestSummary) -> None: ...
    def update(self, summary: IngestSummary) -> None: ...
    def __enter__(self) -> _NoBar:
        return self
    def __exit__(self, *exc: object) -> None: ...


class _Bar(_NoBar):
    """A rich progress bar on stderr: files done, with the running counts."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        )
        self.task = self.progress.add_task("ingest", total=total, counts="")

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, summary: IngestSummary) -> None:
        self.progress.update(self.task, counts=summary.line())

    def advance(self, summary: IngestSummary) -> None:
        self.progress.update(self.task, advance=1, counts=summary.line())


def _progress(total: int, enabled: bool) -> _NoBar:
    return _Bar(total) if enabled else _NoBar()
