"""``dateline watch``: new files and feed entries are picked up once; saved timelines record what changed."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from dateline.store import Store
from dateline.types import SourceRef, Timeline, TimelineEntry, TimelineSentence
from dateline.watch import (
    SavedTimelineError,
    Watcher,
    WatchError,
    changes,
    current_entries,
    read_feed_list,
    refresh,
    save_timeline,
)

STORY = "Headline {n}\n\nThe council met on Tuesday to discuss item {n}. It voted to close the dam."


def write_article(root: Path, day: str, name: str, n: int) -> Path:
    p = root / day / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(STORY.format(n=n), encoding="utf-8")
    return p


def rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>https://example.org/{guid}</link>"
        f"<pubDate>{when}</pubDate><description>{title}: the council met on Tuesday and voted.</description>"
        "</item>"
        for guid, title, when in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'


class CountingAnnotate:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, store: Store) -> int:
        self.calls += 1
        return 0


def test_new_and_changed_files_are_read_once(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    write_article(root, "2025-03-02", "wire-01.txt", 1)
    write_article(root, "2025-03-03", "wire-02.txt", 2)
    (root / "README.md").write_text("not an article")
    ann = CountingAnnotate()
    w = Watcher(store, [root], annotate=ann)
    c1 = w.poll(settle=0)
    assert (c1.files, c1.ingested, ann.calls) == (2, 2, 1)
    c2 = w.poll(settle=0)
    assert (c2.files, c2.ingested, ann.calls) == (0, 0, 1)  # nothing new: no annotation run either
    new = write_article(root, "2025-03-04", "wire-03.txt", 3)
    c3 = w.poll(settle=0)
    assert (c3.files, c3.ingested, ann.calls) == (1, 1, 2)
    new.write_text(STORY.format(n=33), encoding="utf-8")  # edited: re-read, the new text is a new article
    os.utime(new, (new.stat().st_atime, new.stat().st_mtime + 5))
    c4 = w.poll(settle=0)
    assert (c4.files, c4.ingested) == (1, 1)
    assert store.count_articles() == 4
    keys = store.query("SELECT key FROM watch_state WHERE kind = 'file'")
    assert len(keys) == 3


def test_files_still_being_written_wait_for_the_next_cycle(store: Store, tmp_path: Path) -> None:
    write_article(tmp_path / "in", "2025-03-02", "wire-01.txt", 1)
    w = Watcher(store, [tmp_path / "in"], annotate=CountingAnnotate(), settle=3600)
    assert w.poll().files == 0
    assert w.poll(settle=0).files == 1


def test_feed_entries_are_picked_up_by_id(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    day1, day2 = "Sun, 02 Mar 2025 10:00:00 +0000", "Mon, 03 Mar 2025 10:00:00 +0000"
    feed.write_text(rss([("a1", "Dam closes", day1), ("a2", "Council votes", day1)]))
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# my feeds\n{feed.name}\n")
    assert read_feed_list(listing) == [tmp_path / "wire.rss"]
    w = Watcher(store, [listing], annotate=CountingAnnotate())
    c1 = w.poll(settle=0)
    assert (c1.feeds, c1.entries, c1.ingested) == (1, 2, 2)
    # the feed is rewritten with one new entry on top (the usual shape): only that entry is new
    items = [("a3", "Mayor resigns", day2), ("a1", "Dam closes", day1), ("a2", "Council votes", day1)]
    feed.write_text(rss(items))
    os.utime(feed, (feed.stat().st_atime, feed.stat().st_mtime + 5))
    c2 = w.poll(settle=0)
    assert (c2.feeds, c2.entries, c2.ingested, c2.duplicates) == (1, 1, 1, 0)
    assert store.count_articles() == 3
    assert w.poll(settle=0).feeds == 0  # unchanged feed file: not parsed again


def test_unreadable_input_is_named_and_the_watch_goes_on(store: Store, tmp_path: Path) -> None:
    with pytest.raises(WatchError, match="missing: no such file or directory"):
        Watcher(store, [tmp_path / "missing"]).check_paths()
    root = tmp_path / "in"
    bad = root / "2025-03-02" / "wire-01.txt"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"\x00\x01binary")
    write_article(root, "2025-03-02", "wire-02.txt", 2)
    c = Watcher(store, [root], annotate=CountingAnnotate()).poll(settle=0)
    assert (c.ingested, c.rejected) == (1, 1)
    reasons = [r["reason"] for r in store.query("SELECT reason FROM rejects")]
    assert any("binary" in r for r in reasons)


def _timeline(entries: dict[str, list[str]]) -> Timeline:
    return Timeline(
        entries=[
            TimelineEntry(date.fromisoformat(d), [TimelineSentence(t, SourceRef("art-" + d)) for t in texts],
                          score=len(texts) * 0.37)
            for d, texts in sorted(entries.items())
        ],
        method="fake",
    )


class FakeBuilder:
    def __init__(self) -> None:
        self.entries: dict[str, list[str]] = {}
        self.args: dict = {}

    def __call__(self, store: Store, query: str | None = None, **params: object) -> Timeline:
        self.args = {"query": query, **params}
        return _timeline(self.entries)


def test_saved_timeline_records_new_changed_and_removed_dates(store: Store) -> None:
    b = FakeBuilder()
    save_timeline(store, "dam", "dam OR river", T=5, N=1, date_from=date(2025, 3, 1))
    b.entries = {"2025-03-02": ["The dam closed."], "2025-03-04": ["The council voted."]}
    r1 = refresh(store, "dam", builder=b, now="2025-03-05T10:00:00.000000Z")
    assert b.args == {"query": "dam OR river", "T": 5, "N": 1, "date_from": date(2025, 3, 1)}
    assert (r1.new, r1.changed, r1.removed) == (["2025-03-02", "2025-03-04"], [], [])
    b.entries = {"2025-03-02": ["The dam closed."], "2025-03-04": ["The council voted again."],
                 "2025-03-06": ["The mayor resigned."]}
    r2 = refresh(store, "dam", builder=b, now="2025-03-07T10:00:00.000000Z")
    assert (r2.new, r2.changed, r2.removed) == (["2025-03-06"], ["2025-03-04"], [])
    b.entries = {"2025-03-04": ["The council voted again."], "2025-03-06": ["The mayor resigned."]}
    r3 = refresh(store, "dam", builder=b, now="2025-03-09T10:00:00.000000Z")
    assert (r3.new, r3.changed, r3.removed) == ([], [], ["2025-03-02"])
    since = {(c.date, c.status) for c in changes(store, "dam", since=date(2025, 3, 7))}
    assert since == {("2025-03-04", "changed"), ("2025-03-06", "new"), ("2025-03-02", "removed")}
    later = {(c.date, c.status) for c in changes(store, "dam", since=date(2025, 3, 9))}
    assert later == {("2025-03-02", "removed")}
    assert [e["date"] for e in current_entries(store, "dam")] == ["2025-03-04", "2025-03-06"]
    r4 = refresh(store, "dam", builder=b, now="2025-03-10T10:00:00.000000Z")  # nothing moved
    assert (r4.new, r4.changed, r4.removed) == ([], [], [])


def test_saved_timeline_errors_name_the_timeline(store: Store) -> None:
    with pytest.raises(SavedTimelineError, match="no saved timeline named 'nope'"):
        refresh(store, "nope", builder=FakeBuilder())
    with pytest.raises(SavedTimelineError, match="give a query or an entity"):
        save_timeline(store, "empty", "  ")
    with pytest.raises(SavedTimelineError, match="unknown timeline parameter 'colour'"):
        save_timeline(store, "x", "dam", colour="red")


def test_a_timeline_that_fails_to_build_does_not_stop_the_others(store: Store) -> None:
    from dateline.watch import refresh_all

    save_timeline(store, "a-broken", "dam")
    save_timeline(store, "b-fine", "river")

    def builder(store: Store, query: str | None = None, **params: object) -> Timeline:
        if query == "dam":
            raise RuntimeError("index missing")
        return _timeline({"2025-03-02": ["The river rose."]})

    results = refresh_all(store, builder=builder)
    errors = [(r.name, r.error) for r in results]
    assert errors == [("a-broken", "RuntimeError: index missing"), ("b-fine", None)]
    assert results[1].new == ["2025-03-02"]
