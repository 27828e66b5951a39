"""The learning loop as every channel uses it: keep an answer that matched nothing or only weakly,
and hold each answer for an hour so that a thumbs up or down can be stored with it.

Why one piece: the REST API, the web page and Slack all answer, then maybe receive a rating
for that answer; the steps and their order are the same for each.
"""
from __future__ import annotations

from triage.answer.report import Report
from triage.store.database import Answered, Store

from .recent import Recent


class LearningLoop:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: Recent[Answered] = Recent()

    def answered(self, report: Report, channel: str, fmt: str) -> str:
        """Keep the answer if it is weak; return the id a rating of it refers to."""
        about = Answered.of(report, channel, fmt)
        self.store.keep(about)
        return self.pending.put(about)

    def rate(self, answer_id: str, helpful: bool, channel: str) -> bool:
        """Store a rating of an answer; False when the answer is unknown or older than an hour."""
        about = self.pending.get(answer_id)
        if about is None:
            return False
        self.store.rate(about, 1 if helpful else -1, channel)
        return True
