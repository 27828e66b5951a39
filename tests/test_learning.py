"""The learning loop: weak triages and ratings are stored redacted (SQLite, and PostgreSQL when
BBHELP_TEST_POSTGRES_URL is set), reviewed grouped, purged after the retention period; feedback
round trips from the REST API and the web page."""
from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from bots.server import create_app
from triage.answer.report import triage
from triage.cli import main
from triage.store.database import Answered, Store
from triage.store.models import Outcome

from .loopback import page_post, without_slack

NOW = date(2026, 11, 22)
TOKEN = "ATATT3xFfGF0Mn7Bv6Cx5Zl4Kj3Hg2Fd1Sa0=6E5D4C3B"
URLS = ["sqlite"] + (["postgres"] if os.environ.get("BBHELP_TEST_POSTGRES_URL") else [])


@pytest.fixture(params=URLS)
def store(request, tmp_path) -> Store:
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path}/learn.db")
    store = Store(os.environ["BBHELP_TEST_POSTGRES_URL"])
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM feedback"))
        connection.execute(text("DELETE FROM triage_outcomes"))
    return store


def answered(ticket: str, channel: str = "rest") -> Answered:
    return Answered.of(triage(ticket, now=NOW), channel, "markdown")


def test_only_unmatched_or_weak_triages_are_kept(store):
    assert store.keep(answered("Hello, something about widgets broke today.")) is not None  # unmatched
    assert store.keep(answered("I keep only getting the first page of results")) is not None  # weak (0.5)
    assert store.keep(answered(f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/user")) is None
    assert store.counts() == (2, 0)


def test_a_held_weak_answer_is_kept_with_it_and_its_rating_joins_it(store):
    weak = store.hold(answered("Hello, something about widgets broke today."), timedelta(hours=1))
    strong = store.hold(answered(f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/user"),
                        timedelta(hours=1))
    assert store.counts() == (1, 0)  # the weak one kept in the transaction that held it
    assert store.rate_held(weak, -1, "web") and store.rate_held(strong, 1, "web")
    assert store.counts() == (2, 2)  # the weak answer's rating joins its outcome; the strong one gets its own


def test_nothing_stored_holds_a_secret(store):
    store.rate(answered(f"curl -u me@acme.io:{TOKEN} https://api.bitbucket.org/2.0/user -d 'password=Zx9Qw8Er7Ty6'"),
               -1, "web")
    with store.engine.connect() as connection:
        stored = json.dumps([list(map(str, row)) for row in connection.execute(text("SELECT * FROM triage_outcomes"))],
                            ensure_ascii=False)
    assert "ATATT…[redacted" in stored
    assert TOKEN not in stored and TOKEN[12:30] not in stored and "Zx9Qw8Er7Ty6" not in stored


def test_review_groups_what_to_add_next(store):
    for ticket in ("How do I rotate the webhook secret?", "webhook secret rotation, how?",
                   "Something about widgets broke today."):
        store.keep(answered(ticket))
    store.rate(answered(f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/user"), -1, "slack")
    store.rate(answered("curl -u me@acme.io:$T https://api.bitbucket.org/2.0/user"), 1, "slack")
    groups = store.review(since=datetime(2000, 1, 1, tzinfo=UTC))
    assert groups[0].count == 2 and {e[:5] for e in groups[0].examples} == {"How d", "webho"}  # alike, together
    assert [g.reason for g in groups].count("rated down") == 1
    assert not any("$T" in e for g in groups for e in g.examples)  # the rated-up answer is not under review


def test_purge_removes_what_is_past_retention(store):
    old = store.keep(answered("Something about widgets broke today."))
    store.rate(answered("Something else about widgets."), -1, "web")
    with store.sessions.begin() as session:
        session.execute(update(Outcome).where(Outcome.id == old).values(
            created_at=datetime.now(UTC) - timedelta(days=45)))
    assert store.purge(timedelta(days=30)) == 1
    assert store.counts() == (1, 1)


def test_requests_are_counted_per_client_and_minute(store):
    """The rate limit's count (an upsert on SQLite and PostgreSQL alike)."""
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM rate_windows"))
    assert [store.counted("a", 100) for _ in range(3)] == [1, 2, 3]
    assert (store.counted("b", 100), store.counted("a", 101)) == (1, 1)


def test_migrations_are_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path}/twice.db"
    Store(url).keep(answered("Something about widgets broke today."))
    assert Store(url).counts() == (1, 0)


def test_feedback_round_trip_through_rest_and_the_web_page(tmp_path):
    settings = without_slack(bbhelp_database_url=f"sqlite:///{tmp_path}/web.db")
    web = TestClient(create_app(settings))
    answer_id = web.post("/v1/triage", json={"text": "Something about widgets broke today."}).json()["answer_id"]
    assert web.post("/v1/feedback", json={"answer_id": answer_id, "helpful": False}).json() == {"stored": True}
    assert web.post("/v1/feedback", json={"answer_id": "nope", "helpful": True}).status_code == 404
    page = page_post(web, "/", {"text": f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/user"})
    form_id = re.search(r'name="answer_id" value="([^"]+)"', page.text).group(1)
    thanks = page_post(web, "/feedback", {"answer_id": form_id, "helpful": "no"})
    assert 'id="thanks"' in thanks.text
    store = Store(settings.bbhelp_database_url)
    assert store.counts() == (2, 2)  # the kept unmatched triage (rated), and the rated confident one
    assert {g.reason for g in store.review(since=datetime(2000, 1, 1, tzinfo=UTC))} == {"rated down"}


def test_cli_review_and_purge(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("BBHELP_DATABASE_URL", url)
    Store(url).keep(answered("How do I rotate the webhook secret?"))
    assert main(["review", "--since", "2000-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# bbhelp review since 2000-01-01") and "1 × unmatched" in out
    assert main(["review", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["groups"][0]["count"] == 1
    assert main(["purge", "--older-than", "1"]) == 0
    assert "purged 0" in capsys.readouterr().out
