"""Answers waiting for their "Share in channel" click.

Why a store: a button's value holds at most 2,000 characters and an ephemeral
message is not sent back with the click, so the answer is kept here under a
random id. Only the rendered, redacted blocks are kept, for an hour at most,
and the oldest go first when the store is full: nothing here outlives its use.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class ShareStore:
    def __init__(self, ttl_seconds: float = 3600, capacity: int = 1000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.capacity, self.clock = ttl_seconds, capacity, clock
        self._items: OrderedDict[str, tuple[float, list[dict], str]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, blocks: list[dict], fallback: str) -> str:
        """Keep an answer (redacted blocks and notification text); return its share id."""
        share_id = secrets.token_urlsafe(12)
        with self._lock:
            self._items[share_id] = (self.clock() + self.ttl, blocks, fallback)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return share_id

    def get(self, share_id: str) -> tuple[list[dict], str] | None:
        """The answer, or None once it has expired or was pushed out."""
        with self._lock:
            item = self._items.get(share_id)
            if item is None or item[0] < self.clock():
                self._items.pop(share_id, None)
                return None
            return item[1], item[2]
