"""The learning-loop store: keep what bbhelp could not answer well, and what users thought.

Why SQLAlchemy + Alembic: SQLite in a file needs no setup, PostgreSQL serves a team,
and the schema moves by migrations in both. Only redacted text enters: the ticket as
the extraction's scrubber left it, finding ids and numbers.
"""
from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from pydantic import BaseModel
from sqlalchemy import create_engine, delete, event, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from triage.answer.questions import answer_question
from triage.answer.report import Report
from triage.secrets.redaction import redact_text
from triage.store.models import Feedback, Outcome, PendingAnswer, RateWindow, SlackRequest

LOW_CONFIDENCE = 0.6  # below this, the best finding is a guess worth a knowledge-base author's look
MIGRATIONS = Path(__file__).parent / "migrations"


class Answered(BaseModel):
    """What an answer was about, kept briefly so that a later thumbs up/down can be stored with it."""

    ticket: str  # redacted
    finding_ids: list[str]
    top_confidence: float
    channel: str
    format: str
    outcome_id: int | None = None  # set once kept, so that a rating joins the kept outcome

    @classmethod
    def of(cls, report: Report, channel: str, fmt: str) -> "Answered":
        findings = [f for f in report.findings if f.id != "need_more_evidence"]
        return cls(ticket=report.ticket, finding_ids=[f.id for f in report.findings],
                   top_confidence=max((f.confidence for f in findings), default=0.0), channel=channel, format=fmt)

    @property
    def reason(self) -> str | None:
        """Why it is worth keeping without feedback: it matched nothing, or only weakly."""
        if not self.top_confidence:
            return "unmatched"
        return "low_confidence" if self.top_confidence < LOW_CONFIDENCE else None


class ReviewGroup(BaseModel):
    """Kept tickets that look alike: the knowledge-base entry nearest to them, and the tickets."""

    nearest: str
    reason: str
    count: int
    examples: list[str]
    finding_ids: list[str]


def _sqlite_for_many_processes(engine: Engine) -> None:
    """Several server workers write one SQLite file: readers never wait for the writer (WAL), a writer
    waits its turn for up to 30 s instead of failing with "database is locked", and a commit does not
    wait for the disk (synchronous=NORMAL: in WAL mode the file stays consistent; a power cut may
    lose the last moments of held answers, never corrupt the store)."""
    @event.listens_for(engine, "connect")
    def _pragmas(connection: object, _record: object) -> None:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()


class Store:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite takes one writer at a time; a writer that finds the file locked sleeps in steps of up
        # to 100 ms. The threads of one process take turns on a lock instead, which hands over at once:
        # only writers of other processes ever wait in SQLite.
        self._write_lock: threading.Lock | nullcontext[None] = nullcontext()
        if self.engine.dialect.name == "sqlite":
            _sqlite_for_many_processes(self.engine)
            self._write_lock = threading.Lock()
        self.migrate()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A write transaction, committed at the end."""
        with self._write_lock, self.sessions.begin() as session:
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _outcome(self, session: Session, answered: Answered, reason: str) -> Outcome:
        outcome = Outcome(created_at=datetime.now(UTC), channel=answered.channel, format=answered.format,
                          ticket=redact_text(answered.ticket), finding_ids=",".join(answered.finding_ids),
                          top_confidence=answered.top_confidence, reason=reason)
        session.add(outcome)
        session.flush()
        return outcome

    def keep(self, answered: Answered) -> int | None:
        """Store the outcome when it matched nothing or only weakly; its id, else None."""
        with self._write() as session:
            return self._keep(session, answered)

    def _keep(self, session: Session, answered: Answered) -> int | None:
        if answered.reason is not None:
            answered.outcome_id = self._outcome(session, answered, answered.reason).id
        return answered.outcome_id

    def rate(self, answered: Answered, vote: int, channel: str) -> int:
        """Store a thumbs up (+1) or down (-1) with the answer it rates (the kept outcome, or a new one);
        the feedback id."""
        with self._write() as session:
            return self._feedback(session, answered, vote, channel)

    def _feedback(self, session: Session, answered: Answered, vote: int, channel: str) -> int:
        if vote not in (1, -1):
            raise ValueError("vote must be +1 or -1")
        if answered.outcome_id is None:
            answered.outcome_id = self._outcome(session, answered, "feedback").id
        feedback = Feedback(created_at=datetime.now(UTC), outcome_id=answered.outcome_id, channel=channel, vote=vote)
        session.add(feedback)
        session.flush()
        return feedback.id

    def hold(self, answered: Answered, ttl: timedelta, report: Report | None = None) -> str:
        """Keep an answer for `ttl` under a new random id (what its buttons and the API's answer_id carry):
        what a rating stores and, for an answer that can be shared, its report. Expired answers go as
        new ones come. A weak answer is kept for the learning loop in the same transaction, so a
        crash between the two never leaves a held answer whose outcome was lost."""
        answer_id = secrets.token_urlsafe(12)
        now = datetime.now(UTC)
        with self._write() as session:  # the ticket is the report's, scrubbed once already (Report.ticket)
            self._keep(session, answered)
            session.execute(delete(PendingAnswer).where(PendingAnswer.expires_at < now))
            session.add(PendingAnswer(id=answer_id, expires_at=now + ttl, answered=answered.model_dump_json(),
                                      shared=redact_text(report.model_dump_json()) if report else None))
        return answer_id

    def rate_held(self, answer_id: str, vote: int, channel: str) -> bool:
        """Store a rating of a held answer; False when it is unknown, expired or rated already. The answer
        is claimed by one conditional UPDATE, so two workers taking the same click concurrently store
        it once."""
        now = datetime.now(UTC)
        with self._write() as session:
            claimed = session.execute(update(PendingAnswer).where(
                PendingAnswer.id == answer_id, PendingAnswer.rated.is_(False), PendingAnswer.expires_at >= now,
            ).values(rated=True)).rowcount
            if claimed != 1:
                return False
            kept = session.scalar(select(PendingAnswer.answered).where(PendingAnswer.id == answer_id))
            self._feedback(session, Answered.model_validate_json(kept), vote, channel)
        return True

    def shared(self, answer_id: str) -> Report | None:
        """The report of a held answer that can be shared; None once expired or for any other id."""
        with self.sessions() as session:
            kept = session.scalar(select(PendingAnswer.shared).where(
                PendingAnswer.id == answer_id, PendingAnswer.expires_at >= datetime.now(UTC)))
        return Report.model_validate_json(kept) if kept else None

    def review(self, since: datetime) -> list[ReviewGroup]:
        """Unmatched and weak outcomes, and answers rated down, grouped by the knowledge-base entry
        nearest to their text (what to add or fix next), largest group first."""
        down = select(Feedback.outcome_id).where(Feedback.vote < 0)
        with self.sessions() as session:
            rows = session.scalars(select(Outcome).where(
                Outcome.created_at >= since,
                (Outcome.reason.in_(("unmatched", "low_confidence"))) | Outcome.id.in_(down),
            ).order_by(Outcome.created_at)).all()
            rated_down = set(session.scalars(down).all())
        groups: dict[tuple[str, str], list[Outcome]] = {}
        for outcome in rows:
            hits = answer_question(outcome.ticket, limit=1)
            reason = "rated down" if outcome.id in rated_down else outcome.reason.replace("_", " ")
            groups.setdefault((hits[0].title if hits else "(nothing in the knowledge base)", reason), []).append(outcome)
        return sorted((ReviewGroup(nearest=nearest, reason=reason, count=len(items),
                                   examples=[item.ticket[:300] for item in items[:3]],
                                   finding_ids=sorted({f for item in items for f in item.finding_ids.split(",") if f}))
                       for (nearest, reason), items in groups.items()), key=lambda g: -g.count)

    def first_sighting(self, signature: str, window: timedelta) -> bool:
        """Record a signed request's signature; False when it was seen within `window` already.
        Signatures older than the window are dropped as new ones come."""
        now = datetime.now(UTC)
        try:
            with self._write() as session:
                session.execute(delete(SlackRequest).where(SlackRequest.seen_at < now - window))
                session.add(SlackRequest(signature=signature[:100], seen_at=now))
        except IntegrityError:
            return False
        return True

    def counted(self, client: str, minute: int) -> int:
        """Count one more request of `client` in `minute` (minutes since the epoch); how many it has
        sent in that minute. One statement (an upsert) counts it, whichever worker asks; windows
        older than the minute before go as new ones come."""
        insert = sqlite_insert if self.engine.dialect.name == "sqlite" else postgresql_insert
        upsert = insert(RateWindow).values(client=client, minute=minute, count=1).on_conflict_do_update(
            index_elements=["client", "minute"], set_={"count": RateWindow.count + 1}).returning(RateWindow.count)
        with self._write() as session:
            session.execute(delete(RateWindow).where(RateWindow.minute < minute - 1))
            return session.execute(upsert).scalar_one()

    def purge(self, older_than: timedelta) -> int:
        """Delete what is older than the retention period; how many outcomes went."""
        cutoff = datetime.now(UTC) - older_than
        with self._write() as session:
            old = select(Outcome.id).where(Outcome.created_at < cutoff)
            session.execute(delete(Feedback).where(Feedback.outcome_id.in_(old)))
            return session.execute(delete(Outcome).where(Outcome.created_at < cutoff)).rowcount

    def counts(self) -> tuple[int, int]:
        """(outcomes, feedback) stored: for tests and the health page."""
        with self.sessions() as session:
            return (session.scalar(select(func.count(Outcome.id))) or 0,
                    session.scalar(select(func.count(Feedback.id))) or 0)
