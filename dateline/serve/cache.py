"""A small thread-safe LRU for timeline results, keyed by parameters plus the store's modification time.

Building a timeline costs far more than rendering it; the key includes the store file's (and its WAL's)
mtime so that new ingests or annotations invalidate every cached result without any explicit purge.
``functools.lru_cache`` cannot be used: its key would not see the store change.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

V = TypeVar("V")


def store_version(path: Path) -> tuple[int, int]:
    """Changes whenever the SQLite file or its write-ahead log is written."""

    def mtime(p: Path) -> int:
        try:
            return os.stat(p).st_mtime_ns
        except OSError:
            return 0

    return mtime(path), mtime(path.with_name(path.name + "-wal"))


class LRUCache(Generic[V]):
    def __init__(
        self, maxsize: int = 128, max_weight: int | None = None, weigh: Callable[[V], int] | None = None
    ) -> None:
        """At most ``maxsize`` entries and, with ``weigh``, at most ``max_weight`` in total (e.g. bytes)."""
        self.maxsize = maxsize
        self.max_weight = max_weight
        self.weigh = weigh
        self.weight = 0
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def peek(self, key: Hashable) -> V | None:
        """The cached value (counted as a hit) or None, without ever computing or waiting."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
        return None

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value for ``key``, or ``compute()`` stored under it (exceptions are not cached).

        Single flight: while one thread computes a key, other threads asking for the same key wait for
        it instead of building the same timeline 16 times over; other keys are never blocked.
        """
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            key_lock = self._inflight.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:  # computed by the thread we waited for
                    self._data.move_to_end(key)
                    self.hits += 1
                    return self._data[key]
                self.misses += 1
            try:
                value = compute()
            finally:
                with self._lock:
                    self._inflight.pop(key, None)
            with self._lock:
                self._data[key] = value
                self._data.move_to_end(key)
                if self.weigh:
                    self.weight += self.weigh(value)
                while len(self._data) > self.maxsize or (
                    self.max_weight is not None and self.weight > self.max_weight and len(self._data) > 1
                ):
                    _, old = self._data.popitem(last=False)
                    if self.weigh:
                        self.weight -= self.weigh(old)
            return value

    def __len__(self) -> int:
        return len(self._data)
