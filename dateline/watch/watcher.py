"""``dateline watch``: poll folders and feeds, ingest what is new, annotate it, refresh saved timelines.

What counts as new is remembered in the store itself (``watch_state``): a file by path + mtime + size, a
feed entry by its id (or link). The state of a file or feed is written in the same transaction as the
articles read from it, so stopping at any moment (Ctrl-C, SIGTERM, even SIGKILL) leaves either both or
neither, and the next start picks up exactly what is missing. Annotation needs no bookkeeping: whatever
is not annotated by the current version is stale, and the next cycle annotates it.

Polling rather than inotify: it works the same on network shares and in containers, and a cycle over a
few thousand files costs milliseconds; the interval bounds the delay.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from dateline.store import Store
from dateline.types import Article, Reject
from dateline.watch.saved import Builder, RefreshResult, refresh_all

FEED_LIST_SUFFIXES = ("", ".txt", ".list", ".lst", ".feeds")
MAX_FEED_LIST_BYTES = 1_000_000


class WatchError(ValueError):
    """A path given to ``watch`` that cannot be watched; the message names it and says why."""


class GracefulStop:
    """SIGINT/SIGTERM handling: the first signal asks to stop after the current transaction.

    Inside ``interruptible()`` (annotation, timeline refresh: work whose partial results are committed in
    batches or not at all) the first signal raises KeyboardInterrupt at once; an open transaction rolls
    back and its articles simply stay stale. A second signal always interrupts.
    """

    def __init__(self) -> None:
        self.requested = False
        self._interruptible = False
        self._previous: dict[int, Any] = {}
        self._previous_hook: Any = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        already = self.requested
        self.requested = True
        if already or self._interruptible:
            raise KeyboardInterrupt

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.signal(sig, self._handle)
        # A signal can land while Python runs a callback it cannot raise from (a weakref callback inside
        # importlib, a __del__): the KeyboardInterrupt is then printed as "Exception ignored in ...
        # Traceback" and dropped. The stop request is already recorded (``requested``) and honoured at the
        # next check, so that report is noise for the user; any other unraisable error is still shown.
        self._previous_hook = sys.unraisablehook
        sys.unraisablehook = self._unraisable

    def _unraisable(self, unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and self.requested:
            return
        self._previous_hook(unraisable)

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()
        if self._previous_hook is not None:
            sys.unraisablehook = self._previous_hook
            self._previous_hook = None

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        if self.requested:
            raise KeyboardInterrupt
        self._interruptible = True
        try:
            yield
        finally:
            self._interruptible = False

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.requested and time.monotonic() < end:
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))


@dataclass
class Cycle:
    """What one polling cycle did."""

    files: int = 0  # new or changed files read
    feeds: int = 0  # changed feeds read
    entries: int = 0  # new feed entries
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    annotated: Any = None  # the annotate stage's summary (None: nothing to annotate)
    timelines: list[RefreshResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stopped: bool = False

    def line(self) -> str:
        parts = [f"files {self.files}", f"feed entries {self.entries}",
                 f"ingested {self.ingested}", f"duplicates {self.duplicates}", f"rejected {self.rejected}"]
        a = self.annotated
        if a is not None:
            ok = getattr(a, "ok", None)
            if ok is None:  # the dask executor's summary
                ok = getattr(a, "written", 0) - getattr(a, "failed", 0)
            parts.append(f"annotated {ok}, annotation failures {getattr(a, 'failed', 0)}")
        return ", ".join(parts)


@dataclass
class _Unit:
    path: Path
    fmt: str
    key: str
    mtime: float
    size: int


def _file_key(path: Path) -> str:
    return f"file:{path.resolve()}"


def _entry_key(feed: Path, article: Article) -> str:
    """Entry identity: the entry id, else its link, else its content hash (all stable across polls)."""
    ident = article.id if article.id and article.id != article.hash[:16] else (article.url or article.hash)
    return f"entry:{feed.resolve()}#{ident}"


def read_feed_list(path: Path) -> list[Path] | None:
    """The feed paths listed in ``path`` (one per line, ``#`` comments), or None if it is not such a list.

    A list is a small text file whose every non-comment line names an existing file; relative paths are
    relative to the list's folder.
    """
    if path.suffix.lower() not in FEED_LIST_SUFFIXES:
        return None
    try:
        if path.stat().st_size > MAX_FEED_LIST_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not lines:
        return None
    out = []
    for ln in lines:
        p = Path(ln).expanduser()
        if not p.is_absolute():
            p = path.parent / p
        if not p.is_file():
            return None
        out.append(p)
    return out


class Watcher:
    """Polls ``paths`` and feeds new articles through ingest -> annotate -> saved-timeline refresh.

    ``annotate`` is called with the store after new articles are committed (default:
    ``dateline.annotate.run`` with the given executor); ``builder`` rebuilds saved timelines (default:
    ``dateline.timeline.build_timeline``). Both are parameters so tests and the benchmark can swap them.
    """

    def __init__(
        self,
        store: Store,
        paths: list[str | Path],
        executor: str = "local",
        workers: int | None = None,
        scheduler: str | None = None,
        settle: float = 1.0,
        annotate: Callable[[Store], Any] | None = None,
        builder: Builder | None = None,
        stop: GracefulStop | None = None,
        progress: bool = False,
        max_bytes: int | None = None,
    ) -> None:
        self.store = store
        self.paths = [Path(p) for p in paths]
        self.executor = executor
        self.workers = workers
        self.scheduler = scheduler
        self.settle = settle
        self.annotate = annotate
        self.builder = builder
        self.stop = stop or GracefulStop()
        self.progress = progress
        self.max_bytes = max_bytes
        self._first = True
        self._unknown: dict[str, tuple[float, int]] = {}

    # -- finding what is new ---------------------------------------------------------------------

    def check_paths(self) -> None:
        """Fail early, naming the path, when something given cannot be watched at all."""
        if not self.paths:
            raise WatchError("nothing to watch: give at least one folder, feed or feed list")
        for p in self.paths:
            if not p.exists():
                raise WatchError(f"{p}: no such file or directory")

    def _files(self, root: Path) -> Iterator[Path]:
        """Files under a folder (sorted, hidden entries skipped: editors' swap files, .git)."""
        for p in sorted(root.rglob("*")):
            rel = p.relative_to(root).parts
            if not any(part.startswith(".") for part in rel) and p.is_file():
                yield p

    def _units(self, now: float, settle: float) -> Iterator[_Unit]:
        """Files and feeds that are new or changed since the state recorded in the store.

        The format is detected only for those, so an unchanged archive costs one stat per file per cycle.
        """
        from dateline.ingest.detect import detect_format

        for root in self.paths:
            if not root.exists():
                continue  # a folder that disappeared (network share); it comes back next cycle
            if root.is_dir():
                files = list(self._files(root))
            else:
                listed = read_feed_list(root) if detect_format(root) is None else None
                files = listed or [root]
            for path in files:
                try:
                    st = path.stat()
                except OSError:
                    continue
                if settle and now - st.st_mtime < settle:
                    continue  # still being written: next cycle
                key = _file_key(path)
                seen = (st.st_mtime, st.st_size)
                if self.store.watch_state(key) == seen or self._unknown.get(key) == seen:
                    continue
                fmt = detect_format(path)
                if fmt is None:
                    self._unknown[key] = seen  # a README beside the data: looked at again if it changes
                    continue
                yield _Unit(path, fmt, key, st.st_mtime, st.st_size)

    # -- one cycle -------------------------------------------------------------------------------

    def _ingest_unit(self, unit: _Unit, cycle: Cycle) -> None:
        """Read one file or feed and commit its articles, rejects and watch state together."""
        from dateline.ingest.common import DEFAULT_MAX_BYTES
        from dateline.ingest.readers import READERS

        records = READERS[unit.fmt](unit.path, self.max_bytes or DEFAULT_MAX_BYTES)
        added = dups = rejected = entries = 0
        with self.store.transaction():
            for rec in records:
                if isinstance(rec, Reject):
                    self.store.add_reject(rec)
                    rejected += 1
                    continue
                if unit.fmt == "rss":
                    ekey = _entry_key(unit.path, rec)
                    if self.store.watch_state(ekey) is not None:
                        continue
                    self.store.set_watch_state(ekey, "entry")
                    entries += 1
                if self.store.add_article(rec):
                    added += 1
                else:
                    dups += 1
            kind = "feed" if unit.fmt == "rss" else "file"
            self.store.set_watch_state(unit.key, kind, unit.mtime, unit.size)
        cycle.ingested += added
        cycle.duplicates += dups
        cycle.rejected += rejected
        cycle.entries += entries
        if unit.fmt == "rss":
            cycle.feeds += 1
        else:
            cycle.files += 1

    def _annotate(self) -> Any:
        if self.annotate is not None:
            return self.annotate(self.store)
        if self.executor == "dask":
            from dateline.annotate.dask_executor import run_store

            return run_store(self.store, scheduler=self.scheduler, workers=self.workers,
                             progress=self.progress)
        from dateline.annotate import run

        return run(self.store, executor=self.executor, workers=self.workers, progress=self.progress)

    def _stale(self) -> bool:
        try:
            from dateline.annotate import ANNOTATOR_VERSION
        except ImportError:
            return False
        return bool(self.store.stale_article_ids(ANNOTATOR_VERSION))

    def poll(self, settle: float | None = None) -> Cycle:
        """One cycle: ingest new files and entries, annotate what is stale, refresh saved timelines."""
        cycle = Cycle()
        settle = self.settle if settle is None else settle
        for unit in list(self._units(time.time(), settle)):
            if self.stop.requested:
                cycle.stopped = True
                return cycle
            try:
                self._ingest_unit(unit, cycle)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # one unreadable file must not stop the watch
                cycle.errors.append(f"{unit.path}: {type(exc).__name__}: {exc}")
        if self.stop.requested:
            cycle.stopped = True
            return cycle
        first, self._first = self._first, False
        if cycle.ingested or (first and self._stale()):
            with self.stop.interruptible():
                cycle.annotated = self._annotate()
        if (cycle.ingested or first) and self.store.saved_timeline_names():
            with self.stop.interruptible():
                cycle.timelines = refresh_all(self.store, builder=self.builder)
        return cycle

    def run(self, interval: float = 30.0, once: bool = False,
            report: Callable[[Cycle], None] | None = None) -> bool:
        """Poll until stopped (or once). Returns True when stopped by a signal, after a clean exit.

        With ``once`` files are read even if they changed in the last ``settle`` seconds.
        """
        self.check_paths()
        self.stop.install()
        try:
            while True:
                try:
                    cycle = self.poll(settle=0.0 if once else None)
                except KeyboardInterrupt:
                    return True
                if report:
                    report(cycle)
                if cycle.stopped or self.stop.requested:
                    return True
                if once:
                    return False
                self.stop.sleep(interval)
                if self.stop.requested:
                    return True
        finally:
            self.stop.restore()
