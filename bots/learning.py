"""The learning loop as every channel uses it: keep an answer that matched nothing or only weakly,
and hold each answer for an hour so that one thumbs up or down can be stored with it.

Why one piece: the REST API, the web page and Slack all answer, then maybe receive a rating
for that answer; the steps and their order are the same for each. What is kept is bounded: one
rating per answer, and rows older than the retention period are deleted as new ones come.
"""
from __future__ import annotations

import threading
import time
from datetime import timedelta

from triage.answer.report import Report
from triage.store.database import Answered, Store

from .recent import Recent

PURGE_EVERY_SECONDS = 3600.0


class LearningLoop:
    def __init__(self, store: Store, retention: timedelta = timedelta(days=30)) -> None:
        self.store = store
        self.retention = retention
        self.pending: Recent[Answered] = Recent()
        self._purged_at = float("-inf")
        self._lock = threading.Lock()

    def answered(self, report: Report, channel: str, fmt: str) -> str:
        """Keep the answer if it is weak; return the id a rating of it refers to."""
        about = Answered.of(report, channel, fmt)
        self._purge_when_due()
        self.store.keep(about)
        return self.pending.put(about)

    def rate(self, answer_id: str, helpful: bool, channel: str) -> bool:
        """Store a rating of an answer; False when the answer is unknown, older than an hour or
        already rated (each answer is rated once: a client cannot grow the store by clicking)."""
        about = self.pending.take(answer_id)
        if about is None:
            return False
        self.store.rate(about, 1 if helpful else -1, channel)
        return True

    def _purge_when_due(self) -> None:
        with self._lock:
            due = time.monotonic() - self._purged_at >= PURGE_EVERY_SECONDS
            if due:
                self._purged_at = time.monotonic()
        if due:
            self.store.purge(self.retention)
