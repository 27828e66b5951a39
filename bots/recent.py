"""Answers kept for a short while: for the Slack "Share in channel" click and for a thumbs up/down.

Why a store: a button's value holds at most 2,000 characters and an ephemeral
message is not sent back with the click, so what the click needs is kept here
under a random id. Only redacted content is kept, for an hour at most, and the
oldest go first when the store is full: nothing here outlives its use.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    def __init__(self, ttl_seconds: float = 3600, capacity: int = 1000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.capacity, self.clock = ttl_seconds, capacity, clock
        self._items: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, item: T) -> str:
        """Keep an item; return its id."""
        item_id = secrets.token_urlsafe(12)
        with self._lock:
            self._items[item_id] = (self.clock() + self.ttl, item)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return item_id

    def get(self, item_id: str) -> T | None:
        """The item, or None once it has expired or was pushed out."""
        return self._find(item_id, keep=True)

    def take(self, item_id: str) -> T | None:
        """The item, removed: it can be taken once."""
        return self._find(item_id, keep=False)

    def _find(self, item_id: str, keep: bool) -> T | None:
        with self._lock:
            entry = self._items.get(item_id)
            if entry is None or entry[0] < self.clock() or not keep:
                self._items.pop(item_id, None)
            if entry is None or entry[0] < self.clock():
                return None
            return entry[1]
