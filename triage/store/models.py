"""The tables of the learning loop and of the answers awaiting a click.

Why these columns: knowledge-base authors need the (redacted) ticket, what bbhelp
concluded and how sure it was, where it came from, and what users thought of it.
Nothing else of a ticket is kept, and nothing here ever holds a secret.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Outcome(Base):
    """A triage kept because it matched nothing or only weakly, or because someone rated it."""

    __tablename__ = "triage_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # cli, rest, web, slack
    format: Mapped[str] = mapped_column(String(16))
    ticket: Mapped[str] = mapped_column(Text)  # redacted
    finding_ids: Mapped[str] = mapped_column(String(2000))  # comma-separated, most likely first
    top_confidence: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(16))  # unmatched, low_confidence, feedback


class Feedback(Base):
    """A thumbs-up (+1) or thumbs-down (-1) on an answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("triage_outcomes.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    vote: Mapped[int] = mapped_column(Integer)


class SlackRequest(Base):
    """A signed Slack request already answered: its signature, so the same request sent again
    (a replay inside Slack's five-minute window) is refused by whichever worker receives it."""

    __tablename__ = "slack_requests"

    signature: Mapped[str] = mapped_column(String(100), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class PendingAnswer(Base):
    """An answer given in the last hour: what a thumbs up/down on it stores (redacted, as JSON), what
    "Share in channel" posts (Slack's blocks of the redacted answer), and whether it was rated yet.
    In the store, not in a server process, so that a click reaching any worker finds it."""

    __tablename__ = "pending_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, the id the buttons carry
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    answered: Mapped[str] = mapped_column(Text)
    shared: Mapped[str | None] = mapped_column(Text, nullable=True)
    rated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RateWindow(Base):
    """How many costly requests (triages, ratings) one client sent in one clock minute: the rate
    limit counted here is the same for every server worker. The client is a hash of its address."""

    __tablename__ = "rate_windows"

    client: Mapped[str] = mapped_column(String(32), primary_key=True)
    minute: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)  # minutes since the epoch
    count: Mapped[int] = mapped_column(Integer)
