"""The one answering service behind every server channel (REST, the web page, Slack): triage a
ticket, keep what the learning loop needs, render the answer in the channel's format, and later
take a rating or a share of that answer by its id.

Why one service: the channels differ only in how a ticket arrives and how an answer leaves; the
steps between, and their order, are the same for each. Why the store: answers awaiting a click
live there, not in a process, so that with several server workers any worker takes any click,
and a restarted worker loses nothing. Only redacted content is held, for an hour; each answer is
rated once; kept rows older than the retention period are deleted as new ones come.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from triage.answer.render import FORMATS, render
from triage.answer.report import Report
from triage.store.database import Answered, Store

from .slack.blocks import answer_blocks, markdown_draft_blocks

PURGE_EVERY_SECONDS = 3600.0
HOLD_FOR = timedelta(hours=1)

Channel = Literal["rest", "web", "slack"]
# The text formats of triage.answer.render, and Slack's Block Kit: "blocks" with the thumbs up/down
# (and Share, when shareable) buttons, "modal" without buttons (a modal has no response URL to answer
# a click on), "draft" a Markdown community reply shown in blocks.
BLOCK_FORMATS = ("blocks", "modal", "draft")


@dataclass(frozen=True)
class Answer:
    report: Report
    answer_id: str  # rate it (and share it, when shareable) by this id for an hour
    rendered: str | list[dict]  # text for the text formats, Block Kit blocks for Slack's


class Answering:
    def __init__(self, store: Store, triage: Callable[[str, date | None], Report],
                 retention: timedelta = timedelta(days=30)) -> None:
        self.store = store
        self.triage = triage
        self.retention = retention
        self._purged_at = float("-inf")
        self._lock = threading.Lock()

    def answer(self, text: str, channel: Channel, fmt: str, now: date | None = None,
               shareable: bool = False) -> Answer:
        """Triage `text` at `now` (default today), hold it for a rating (and a share) and keep it when
        it is weak, in one transaction, and render it. Raises what the triage raises (a crashed
        worker, a ticket too large)."""
        if fmt not in FORMATS and fmt not in BLOCK_FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        report = self.triage(text, now)
        about = Answered.of(report, channel, fmt)
        self._purge_when_due()
        answer_id = self.store.hold(about, HOLD_FOR, report if shareable else None)
        return Answer(report, answer_id, self._render(report, fmt, answer_id, shareable))

    @staticmethod
    def _render(report: Report, fmt: str, answer_id: str, shareable: bool) -> str | list[dict]:
        if fmt == "blocks":
            return answer_blocks(report, share_id=answer_id if shareable else None, feedback_id=answer_id)
        if fmt == "modal":
            return answer_blocks(report)
        if fmt == "draft":
            return markdown_draft_blocks(report)
        return render(report, fmt)

    def rate(self, answer_id: str, helpful: bool, channel: Channel) -> bool:
        """Store a rating of an answer; False when the answer is unknown, older than an hour or
        already rated (each answer is rated once: a client cannot grow the store by clicking)."""
        return self.store.rate_held(answer_id, 1 if helpful else -1, channel)

    def shared(self, answer_id: str) -> Report | None:
        """The report of an answer given as shareable within the hour, to post where the user asks."""
        return self.store.shared(answer_id)

    def _purge_when_due(self) -> None:
        with self._lock:
            due = time.monotonic() - self._purged_at >= PURGE_EVERY_SECONDS
            if due:
                self._purged_at = time.monotonic()
        if due:
            self.store.purge(self.retention)
