"""One fetch per thing: single-flight memoisation and a bounded LRU of jobs.

A :class:`JobEntry` holds what has been read of one job (its record, and every candidate list,
step record, S3 listing, parsed artifact and view read since). :meth:`JobEntry.once` computes a
value at most once per entry: concurrent callers asking for the same key wait for the one
in-flight computation and share its result (or its error, which is not kept: the next caller
tries again). Entries of finished jobs are kept in a :class:`JobLRU`; those of running jobs live
for the requests that share them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SingleFlight:
    """Concurrent calls with the same key share one computation (nothing is kept after it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[Hashable, Future] = {}

    def do(self, key: Hashable, fn: Callable[[], T]) -> T:
        with self._lock:
            future = self._calls.get(key)
            leader = future is None
            if future is None:
                future = self._calls[key] = Future()
        if not leader:
            return future.result()
        try:
            value = fn()
        except BaseException as exc:
            future.set_exception(exc)
            raise
        else:
            future.set_result(value)
            return value
        finally:
            with self._lock:
                self._calls.pop(key, None)


class JobEntry:
    """What has been read of one job."""

    def __init__(self, version: str | None, record: dict):
        self.version = version
        self.record = record
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self._flight = SingleFlight()

    def once(self, key: Hashable, fn: Callable[[], T]) -> T:
        with self._lock:
            if key in self._memo:
                return self._memo[key]

        def compute() -> T:
            with self._lock:  # a caller that lost the race to the flight finds the value here
                if key in self._memo:
                    return self._memo[key]
            value = fn()
            with self._lock:
                self._memo[key] = value
            return value

        return self._flight.do(key, compute)

    def peek(self, key: Hashable, default: Any = None) -> Any:
        """The memoised value, without computing it."""
        with self._lock:
            return self._memo.get(key, default)

    def has(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._memo

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._memo.setdefault(key, value)


class JobLRU(Generic[T]):
    """At most ``maxsize`` entries; the least recently used goes first."""

    def __init__(self, maxsize: int):
        self.maxsize = max(1, int(maxsize))
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: Hashable, item: T) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def pop(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
