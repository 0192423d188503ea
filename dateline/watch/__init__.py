"""Keeping up: ``dateline watch`` (new files, new feed entries) and saved timelines that record changes."""

from dateline.watch.saved import (
    Change,
    RefreshResult,
    SavedTimelineError,
    changes,
    current_entries,
    refresh,
    refresh_all,
    save_timeline,
)
from dateline.watch.watcher import Cycle, GracefulStop, Watcher, WatchError, read_feed_list

__all__ = [
    "Change", "Cycle", "GracefulStop", "RefreshResult", "SavedTimelineError", "WatchError", "Watcher",
    "changes", "current_entries", "read_feed_list", "refresh", "refresh_all", "save_timeline",
]
