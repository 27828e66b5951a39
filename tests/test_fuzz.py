"""Fuzzing extraction and triage with shell-like and HTTP-like text: nothing raises, every result
is a valid report that renders in every format. Also the whole corpus stitched together (many
requests, repeated conclusions) in one ticket."""
from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from triage.answer.render import FORMATS, render
from triage.answer.report import Report, triage
from triage.knowledge import load

NOW = date(2026, 11, 22)
SHELL = st.sampled_from([
    "curl", "curl.exe", "-u", "--user", "-H", "--header", "-X", "POST", "-d", "--data-raw", "-v", "-g", "\\\n", "^\n",
    "'", '"', "\\", "$TOKEN", "${BB_TOKEN:-x}", "$(cat t)", "`x`", "{", "}", "[1-3]", "{a,b}", "|", "&&", ";", "#",
    "https://api.bitbucket.org/2.0/repositories/acme/app", "https://bitbucket.org/acme/app/pull-requests/",
    "https://u:p%40ss@api.bitbucket.org/2.0/user", "'Authorization: Bearer ATATT3xFfGF0abcdefghij=0A1B2C3D'",
    "Authorization: Basic bWVAYWNtZS5pbzp4", "me@acme.io:ATBBabcdefghijklmnop", "x-token-auth:", "‘", "”", " ", "\n",
    "git", "clone", "push", "requests.get(", "fetch(", "auth=(", "headers={", "os.environ[", ")", "=", ",",
])
HTTP = st.sampled_from([
    "> GET /2.0/user HTTP/2", "> Host: api.bitbucket.org", "> authorization: Basic <redacted>", ">", "< HTTP/2 401",
    "< HTTP/1.1 403 Forbidden", "< x-oauth-scopes: read:user:bitbucket", "< x-accepted-oauth-scopes: account",
    '{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}',
    '{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes.", '
    '"detail": {"required": ["pullrequest:write"], "granted": ["pullrequest"]}}}',
    "curl: (6) Could not resolve host: api.bitbucket.org", "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
    "Password for 'https://jdoe@bitbucket.org':", "401 Client Error: Unauthorized for url: https://api.bitbucket.org/2.0/user",
    "{", "}", '"', "[", "]", "it still says 401", "app password", "API token", "no scopes", "",
])


def check(text: str) -> None:
    report = triage(text, now=NOW)
    assert Report.model_validate(report.model_dump()).model_dump() == report.model_dump()
    assert all(f.id in load().mistakes for f in report.findings)
    for fmt in FORMATS:
        assert render(report, fmt)


@given(st.lists(SHELL, max_size=40).map(" ".join))
def test_shell_like_text(text: str):
    check(text)


@given(st.lists(st.one_of(HTTP, st.lists(SHELL, max_size=12).map(" ".join)), max_size=25).map("\n".join))
def test_http_like_text(text: str):
    check(text)


@given(st.text(max_size=400))
def test_any_text(text: str):
    check(text)


def test_the_whole_catalog_in_one_ticket():
    check("\n\n".join(example.text for mistake in load().mistakes.values() for example in mistake.positive * 2))
