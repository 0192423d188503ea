"""Saved timelines: a named query + parameters, rebuilt on every refresh, with what changed and when.

Each refresh rebuilds the timeline with ``dateline.timeline.build_timeline`` and compares it, date by date,
with the entries recorded last time (``saved_entries``): a date seen for the first time is *new*, a date
whose sentences or sources differ is *changed*, a recorded date missing from the new timeline is
*removed*. Scores are left out of the comparison (they drift as the corpus grows, the content does not).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from dateline.store import Store
from dateline.types import Timeline, TimelineEntry

PARAMS = ("entity", "T", "N", "method", "date_from", "date_to", "background")
"""Keyword arguments of ``build_timeline`` a saved timeline may fix."""

Builder = Callable[..., Timeline]


class SavedTimelineError(ValueError):
    """Unknown saved timeline, bad name or parameter; the message names it."""


@dataclass
class RefreshResult:
    name: str
    entries: int = 0
    new: list[str] = field(default_factory=list)  # ISO dates
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    error: str | None = None  # the timeline could not be built (e.g. no article matches yet)

    def line(self) -> str:
        if self.error:
            return f"timeline {self.name!r}: {self.error}"
        return (f"timeline {self.name!r}: {self.entries} dates, {len(self.new)} new, "
                f"{len(self.changed)} changed, {len(self.removed)} removed")


@dataclass
class Change:
    date: str
    status: str  # new | changed | removed
    at: str  # when the change was recorded (UTC)
    entry: dict[str, Any]


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in params.items():
        if k not in PARAMS:
            raise SavedTimelineError(f"unknown timeline parameter {k!r} (one of: {', '.join(PARAMS)})")
        if v is None:
            continue
        out[k] = v.isoformat() if isinstance(v, date) else v
    return out


def _build_args(params: dict[str, Any]) -> dict[str, Any]:
    args = dict(params)
    for k in ("date_from", "date_to"):
        if isinstance(args.get(k), str):
            args[k] = date.fromisoformat(args[k])
    return args


def save_timeline(store: Store, name: str, query: str | None, **params: Any) -> dict[str, Any]:
    """Create (or redefine) the saved timeline ``name``; its recorded entries are kept for comparison."""
    name = (name or "").strip()
    if not name:
        raise SavedTimelineError("a saved timeline needs a name")
    if not (query and query.strip()) and not params.get("entity"):
        raise SavedTimelineError(f"saved timeline {name!r}: give a query or an entity")
    pj = json.dumps(_jsonable(params), sort_keys=True)
    with store.transaction():
        store.put_saved_timeline(name, query, pj, now_utc())
    saved = store.saved_timeline(name)
    assert saved is not None
    return saved


def _entry_json(entry: TimelineEntry) -> str:
    d = asdict(entry)
    d["date"] = entry.label
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def _signature(entry_json: str) -> str:
    """What counts as a change: the sentences and where they come from, and the background flag."""
    d = json.loads(entry_json)
    sents = [(s["text"], s["source"]["article_id"], s["source"].get("start"), s["source"].get("end"))
             for s in d.get("sentences", [])]
    return json.dumps([sents, d.get("background", False)])


def refresh(store: Store, name: str, builder: Builder | None = None, now: str | None = None) -> RefreshResult:
    """Rebuild ``name`` and record new/changed/removed dates (one transaction)."""
    saved = store.saved_timeline(name)
    if saved is None:
        known = ", ".join(store.saved_timeline_names()) or "none saved yet"
        raise SavedTimelineError(f"no saved timeline named {name!r} (known: {known})")
    if builder is None:
        try:
            from dateline.timeline import build_timeline as builder  # lazy: heavy import
        except ImportError as exc:
            raise SavedTimelineError(f"timeline {name!r}: timeline stage not available ({exc})") from None
    params = _build_args(json.loads(saved["params_json"]))
    result = RefreshResult(name)
    now = now or now_utc()
    try:
        timeline = builder(store, query=saved["query"], **params)
    except Exception as exc:  # a timeline that cannot be built must not stop the watch or the others
        result.error = str(exc) if isinstance(exc, _timeline_error()) else f"{type(exc).__name__}: {exc}"
        with store.transaction():
            store.touch_saved_timeline(name, now)
        return result
    old = {r["date"]: r for r in store.saved_entries(name)}
    fresh = {e.label: _entry_json(e) for e in timeline.entries}
    result.entries = len(fresh)
    with store.transaction():
        for day, ej in fresh.items():
            prev = old.get(day)
            if prev is None or prev["last_seen"] < (saved["updated"] or ""):
                # first time, or back after being removed: counts as new again
                result.new.append(day)
                store.put_saved_entry(name, day, ej, now, now, now)
            elif _signature(prev["entry_json"]) != _signature(ej):
                result.changed.append(day)
                store.put_saved_entry(name, day, ej, prev["first_seen"], now, now)
            else:
                store.put_saved_entry(name, day, ej, prev["first_seen"], now, prev["changed"])
        for day, prev in old.items():
            if day not in fresh and prev["last_seen"] >= (saved["updated"] or ""):
                result.removed.append(day)
                # removal time is recorded in ``changed``; last_seen stays at the last refresh that had it
                store.put_saved_entry(name, day, prev["entry_json"], prev["first_seen"], prev["last_seen"],
                                      now)
        store.touch_saved_timeline(name, now)
    return result


def _timeline_error() -> type[Exception]:
    try:
        from dateline.timeline import TimelineError
    except ImportError:  # the timeline package without its __init__ yet
        from dateline.timeline.errors import TimelineError
    return TimelineError


def refresh_all(store: Store, builder: Builder | None = None) -> list[RefreshResult]:
    """Refresh every saved timeline; one that fails to build does not stop the others."""
    out = []
    for name in store.saved_timeline_names():
        try:
            out.append(refresh(store, name, builder=builder))
        except (SavedTimelineError, ValueError) as exc:
            out.append(RefreshResult(name, error=str(exc)))
    return out


def changes(store: Store, name: str, since: date | None = None) -> list[Change]:
    """What changed in ``name`` on or after ``since`` (every recorded change when None), by event date."""
    saved = store.saved_timeline(name)
    if saved is None:
        known = ", ".join(store.saved_timeline_names()) or "none saved yet"
        raise SavedTimelineError(f"no saved timeline named {name!r} (known: {known})")
    updated = saved["updated"] or ""
    floor = since.isoformat() if since else ""
    out = []
    for r in store.saved_entries(name):
        if r["changed"][:10] < floor:
            continue
        if r["last_seen"] < updated:
            status = "removed"
        elif r["first_seen"] == r["changed"]:
            status = "new"
        else:
            status = "changed"
        out.append(Change(r["date"], status, r["changed"], json.loads(r["entry_json"])))
    return out


def current_entries(store: Store, name: str) -> list[dict[str, Any]]:
    """The entries of the latest refresh (what ``timeline show NAME`` prints without --since)."""
    saved = store.saved_timeline(name)
    if saved is None:
        raise SavedTimelineError(f"no saved timeline named {name!r}")
    updated = saved["updated"] or ""
    return [json.loads(r["entry_json"]) for r in store.saved_entries(name) if r["last_seen"] >= updated]
