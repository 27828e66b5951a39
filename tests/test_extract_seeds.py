"""The five community threads yield the facts a support engineer would read from them."""
from __future__ import annotations

from datetime import date

from triage.read.extract import extract

from .seeds import needs_seeds, thread

pytestmark = needs_seeds


def seed(prefix: str):
    return extract(thread(prefix))


def test_000_approve_endpoint_headers_and_status():
    facts = seed("000")
    approve = [r for r in facts.requests if r.path.endswith("/approve")]
    assert approve and approve[0].method == "POST"
    headers = {k: v for r in facts.responses for k, v in r.headers.items()}
    assert headers["x-accepted-oauth-scopes"] == "pullrequest:write"
    assert headers["x-oauth-scopes"] == "write:pullrequest:bitbucket"
    assert 400 in {r.status for r in facts.responses}
    assert {"write:pullrequest:bitbucket", "read:pullrequest:bitbucket"} <= set(facts.scopes_mentioned)
    assert facts.ticket_date == date(2026, 4, 23)


def test_000_support_answer_is_flattened_and_sends_no_credentials():
    facts = seed("000")
    curl = [r for r in facts.requests if r.origin == "curl"]
    assert curl and all(r.auth is None for r in curl)
    assert all(any(d.kind == "flattened_continuation" for d in r.damage) for r in curl)


def test_001_permissions_url_never_accessed_and_app_password():
    facts = seed("001")
    mentioned = [r for r in facts.requests if "permissions/groups" in r.path]
    assert mentioned and "<workspace>" in mentioned[0].url
    signals = {s.name for s in facts.signals}
    assert {"never_accessed", "app_password", "api_token"} <= signals
    assert 400 in {r.status for r in facts.responses}
    assert {"read:workspace:bitbucket", "read:project:bitbucket"} <= set(facts.scopes_mentioned)


def test_002_python_code_transcript_and_leaked_token():
    facts = seed("002")
    python = [r for r in facts.requests if r.origin == "python"]
    assert any(r.path.endswith("/pull-requests") and r.auth and r.auth.scheme == "basic" for r in python)
    bearer = [r for r in python if r.auth and r.auth.scheme == "bearer"]
    assert bearer and bearer[0].auth.secret_kind == "api_token"
    assert bearer[0].path == "/2.0/repositories/wailoktam/jobSearchDemo/pullrequests"
    transcript = [r for r in facts.requests if r.origin == "transcript"]
    assert transcript and transcript[0].auth.scheme == "basic"
    assert 401 in {r.status for r in facts.responses if r.origin == "transcript"}
    username_pass = [r for r in facts.requests if r.origin == "curl" and r.auth and r.auth.user_kind == "username"]
    assert username_pass
    assert any(c.secret.kind == "api_token" for c in facts.credentials)
    assert "no_output" in {s.name for s in facts.signals}
    dumped = facts.model_dump_json()
    assert "ATATT3xFfGF06efGbWAiGJ8u" not in dumped and "CEFEFD99" not in dumped


def test_003_bearer_and_schemeless_header_fragments():
    facts = seed("003")
    schemes = [r.auth.scheme for r in facts.requests if r.auth and r.auth.secret_kind == "placeholder"]
    assert "bearer" in schemes and "none" in schemes
    messages = " ".join(e.message for e in facts.error_bodies)
    assert "Token is invalid, expired, or not supported" in messages
    assert "You may not have access to this repository" in messages
    assert "private_repo" in {s.name for s in facts.signals}


def test_004_post_listing_bearer_and_git_clone_with_token_user():
    facts = seed("004")
    posts = [r for r in facts.requests if r.origin == "curl" and r.method == "POST"]
    assert posts and all(r.path == "/2.0/repositories/workspace" for r in posts)
    assert {"basic", "bearer"} <= {r.auth.scheme for r in posts if r.auth}
    git = facts.git_commands[0]
    assert git.action == "clone" and git.host == "bitbucket.org"
    assert git.user.kind == "placeholder" and git.user.stands_for == "api_token"
    signals = {s.name for s in facts.signals}
    assert {"unscoped_token", "no_output"} <= signals
    assert 401 in {r.status for r in facts.responses}
