"""Secrets in tickets: every kind, in every position a ticket carries one, is reported by
`credential_leaked` and survives in no output (four formats, facts JSON, logs, the stored
record), neither raw nor as base64 nor percent-encoded. Placeholders are never reported."""
from __future__ import annotations

import base64
import logging
import os
import string
from datetime import date
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.answer.render import FORMATS, render
from triage.answer.report import triage
from triage.read.extract import extract, extract_redacted
from triage.secrets.redaction import redact_text
from triage.store.database import Answered, Store
from triage.store.models import Outcome

NOW = date(2026, 11, 22)
# A store of its own beside the suite's (tests/conftest.py greps that directory for tokens at the end):
# the hundreds of answers this module rates down would crowd the review groups other modules read.
STORE = Store(os.environ["BBHELP_DATABASE_URL"].replace("bbhelp.db", "secrets.db"))
URL = "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests"
B64URL = string.ascii_letters + string.digits + "-_"
ALNUM = string.ascii_letters + string.digits


def _chars(alphabet: str, low: int, high: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=low, max_size=high)


def _mixed(secret: str) -> bool:
    """Generated secrets look like real ones: letters of both cases and digits."""
    return any(c.islower() for c in secret) and any(c.isupper() for c in secret) and any(c.isdigit() for c in secret)


SECRETS = {
    "api_token": st.builds(lambda body, crc: f"ATATT3xFfGF0{body}={crc}", _chars(B64URL, 60, 180),
                           _chars("0123456789ABCDEF", 8, 8)),
    "access_token": st.builds(lambda body, crc: f"ATCTT3xFfGN0{body}={crc}", _chars(B64URL, 60, 180),
                              _chars("0123456789ABCDEF", 8, 8)),
    "app_password": st.builds(lambda body: "ATBB" + body, _chars(ALNUM, 28, 32)),
    "jwt": st.builds(lambda a, b, c: f"eyJ{a}.eyJ{b}.{c}", _chars(B64URL, 10, 40), _chars(B64URL, 20, 60),
                     _chars(B64URL, 20, 43)),
    "opaque": _chars(ALNUM + "-_", 20, 48).filter(_mixed),
}
USERS = st.sampled_from(["jdoe", "me@acme.io", "build-bot", "x-token-auth", "x-bitbucket-api-token-auth"])
EMAILS = st.sampled_from(["me@acme.io", "dev.ops@example.org"])


def _basic(user: str, secret: str) -> str:
    return base64.b64encode(f"{user}:{secret}".encode()).decode()


# Each position: (template building the ticket fragment from user and secret, secret kinds it fits).
POSITIONS = {
    "curl -u": lambda u, s: f"curl -u '{u}:{s}' {URL}",
    "curl --user split": lambda u, s: f"curl --request GET \\\n  --url '{URL}' \\\n  --user \"{u}:{s}\"",
    "bearer header": lambda u, s: f"curl -H 'Authorization: Bearer {s}' {URL}",
    "basic header": lambda u, s: f'curl -H "Authorization: Basic {_basic(u, s)}" {URL}',
    "no scheme header": lambda u, s: f"curl --header 'Authorization: {s}' {URL}",
    "url userinfo": lambda u, s: f"curl https://{quote(u, safe='')}:{quote(s, safe='')}@api.bitbucket.org/2.0/user",
    "verbose transcript": lambda u, s: f"> GET /2.0/user HTTP/2\n> Host: api.bitbucket.org\n"
                                       f"> authorization: Basic {_basic(u, s)}\n>\n< HTTP/2 401",
    "python auth": lambda u, s: f'r = requests.get("{URL}", auth=("{u}", "{s}"))',
    "python bearer": lambda u, s: f'r = requests.get("{URL}", headers={{"Authorization": "Bearer {s}"}})',
    "js fetch": lambda u, s: f'await fetch("{URL}", {{ headers: {{ "Authorization": `Bearer {s}` }} }});',
    "env export": lambda u, s: f"export BITBUCKET_API_TOKEN={s}",
    "env quoted": lambda u, s: f'BITBUCKET_APP_PASSWORD = "{s}"',
    "client_secret form": lambda u, s: f"curl -X POST -u \"$KEY:$SECRET\" https://bitbucket.org/site/oauth2/access_token "
                                       f"-d grant_type=client_credentials -d client_secret={s}",
    "query parameter": lambda u, s: f"curl '{URL}?access_token={quote(s, safe='')}'",
    "git url": lambda u, s: f"git clone https://{quote(u, safe='')}:{quote(s, safe='')}@bitbucket.org/acme/app.git",
    "prose": lambda u, s: f"my token is {s} and it still fails",
    "wrapped header": lambda u, s: f"curl -H 'Authorization: Bearer {s[:len(s) // 2]}\n{s[len(s) // 2:]}' {URL}",
    "wrapped literal": lambda u, s: f'TOKEN = "{s[:len(s) // 2]}\n{s[len(s) // 2:]}"\nrequests.get("{URL}", '
                                    f'auth=("{u}", TOKEN))',
}
PROSE = st.lists(st.sampled_from(["Hi team,", "it still says 401", "What am I doing wrong?", "Thanks!",
                                  "I followed the docs.", "", "Token is invalid, expired, or not supported.",
                                  "< HTTP/2 401", "It worked yesterday."]), max_size=4)


def forbidden_forms(user: str, secret: str) -> list[str]:
    """Every form of the secret that must not appear in any output."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret), _basic(user, secret).rstrip("="),
             base64.b64encode(secret.encode()).decode().rstrip("=")}
    # Split across a line break: the halves of a secret are forms too.
    forms |= {half for half in (secret[: len(secret) // 2], secret[len(secret) // 2:]) if len(half) >= 10}
    return sorted(forms)


def outputs(text: str, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    caplog.clear()
    report = triage(text, now=NOW)
    found = {fmt: render(report, fmt) for fmt in FORMATS}
    found["facts"] = extract(text).model_dump_json()
    found["logs"] = "\n".join(record.getMessage() for record in caplog.records)
    about = Answered.of(report, "test", "markdown")
    STORE.rate(about, -1, "test")  # a rating stores the answer whatever its confidence
    with STORE.sessions() as session:
        kept = session.get(Outcome, about.outcome_id)
        found["stored"] = f"{kept.ticket} {kept.finding_ids}"
    found["ids"] = " ".join(f.id for f in report.findings)
    return found


@given(kind=st.sampled_from(sorted(SECRETS)), position=st.sampled_from(sorted(POSITIONS)), data=st.data(),
       before=PROSE, after=PROSE)
def test_a_secret_anywhere_is_reported_and_never_repeated(kind, position, data, before, after, caplog):
    caplog.set_level(logging.DEBUG)
    secret = data.draw(SECRETS[kind], label="secret")
    user = data.draw(EMAILS if position in ("basic header", "verbose transcript") else USERS, label="user")
    text = "\n".join(before + [POSITIONS[position](user, secret)] + after)
    found = outputs(text, caplog)
    assert "credential_leaked" in found["ids"].split(), (position, kind)
    for where, out in found.items():
        for form in forbidden_forms(user, secret):
            assert form not in out, (where, position, kind)


def test_the_leak_warning_names_kind_line_and_how_to_revoke():
    text = "Hello\nexport BB=1\ncurl -H 'Authorization: Bearer ATCTT3xFfGN0Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2=0A1B2C3D' " + URL
    report = triage(text, now=NOW)
    leak = report.findings[-1]  # the findings rank causes; the leak is answered in a section of its own, first
    assert leak.id == "credential_leaked" and leak.severity == "blocker"
    assert leak.evidence == ["line 3: curl Authorization header: ATCTT…[redacted, 45 chars]"]
    assert any("Access tokens" in line for line in leak.details)
    assert render(report, "slack").startswith("*Revoke the credential in this ticket first*")


@pytest.mark.parametrize(("text", "revoke"), [
    ("curl -u me@acme.io:ATATT3xFfGF0Qq1Ww2Ee3Rr4Tt5Yy6Uu7=1A2B3C4D " + URL, "API tokens"),
    ("curl -u jdoe:ATBBq1w2e3r4t5y6u7i8o9p0a1s2d3f4 " + URL, "App passwords"),
    ("curl -X POST https://bitbucket.org/site/oauth2/access_token -d client_id=Zq8hXkT2pLm4 "
     "-d client_secret=9bF3kLmQ2rT8vW1xY4zA6cD0eG5hJ7nP -d grant_type=client_credentials", "OAuth consumers"),
])
def test_each_kind_says_where_to_revoke_it(text: str, revoke: str):
    leak = next(f for f in triage(text, now=NOW).findings if f.id == "credential_leaked")
    assert any(revoke in line for line in leak.details), leak.details


PLACEHOLDERS = ["{api_token}", "<token>", "$TOKEN", "${BITBUCKET_API_TOKEN}", "xxxx", "***", "your_api_token",
                "<your-app-password>", "%BB_TOKEN%", "{{ secrets.token }}", "********", "XXXXXXXXXXXX"]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
@pytest.mark.parametrize("position", ["curl -u", "bearer header", "python auth", "env quoted", "git url",
                                      "query parameter", "no scheme header"])
def test_placeholders_are_not_secrets(placeholder: str, position: str):
    text = POSITIONS[position]("me@acme.io", placeholder)
    assert "credential_leaked" not in {f.id for f in triage(text, now=NOW).findings}


def test_a_full_triage_logs_and_the_logs_hold_no_secret(caplog):
    secret = "ATATT3xFfGF0Lk9Jh8Gf7Ds6Aq5Wz4Xs3Ed2=9C8B7A6D"
    caplog.set_level(logging.DEBUG)
    text = f"curl -v -u jdoe:{secret} {URL}\n< HTTP/2 401"
    triage(text, now=NOW)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("bbhelp")]
    assert messages, "a triage logs what it concluded"
    for form in forbidden_forms("jdoe", secret):
        assert not any(form in message for message in messages)


def test_a_basic_header_in_verbose_output_is_decoded_to_name_the_token_and_its_line():
    header = _basic("me@acme.io", "ATATT3xFfGF0Lk9Jh8Gf7Ds6Aq5Wz4Xs3Ed2=9C8B7A6D")
    report = triage(f"> GET /2.0/user HTTP/2\n> authorization: Basic {header}\n>\n< HTTP/2 401\n", now=NOW)
    leak = report.findings[-1]
    assert leak.evidence == ["line 2: transcript Authorization header: ATATT…[redacted, 45 chars]"]
    assert report.findings[0].id == "api_token_rejected"


def test_prose_after_the_word_token_is_kept_but_a_token_value_is_not():
    """A kept ticket stays readable: "my API token fails." is prose, "Bearer x9…" a credential."""
    assert redact_text("My API token fails. The Token expired.") == "My API token fails. The Token expired."
    assert redact_text("Authorization: Bearer x9Kq2LmP7vT4") == "Authorization: Bearer [redacted, 12 chars]"


def test_a_netrc_password_is_hidden_once_in_the_kept_ticket():
    ticket = "machine bitbucket.org login ops@acme.io password Kq7/Zx+9Lm2Pw8Rt5Vb\n"
    kept = redact_text(extract_redacted(ticket)[1].clean(ticket))  # the store redacts what it is given again
    assert "Kq7/Zx" not in kept and "password …[redacted, 19 chars]\n" in kept, kept


@pytest.mark.parametrize(("user", "is_token"), [
    ("Fz9xQ2kLw8Rt4YpB6nVc3MhJ", True),     # a repository access token from before the ATCTT prefix
    ("Xk29fPq8LmZ4rT7vW3cH", True),         # an app password from before ATBB
    ("JohnSmithDeveloper2020", False),      # a person's user name, however long
    ("a1b2c3d4e5f6g7h8i9", False),          # one case only: no generator's mix
    ("jsmith_dev", False),
])
def test_a_generated_value_in_the_user_place_is_a_token_and_reported_as_leaked(user, is_token):
    text = f"git clone https://{user}@bitbucket.org/acme/app.git\nfatal: Authentication failed"
    result = triage(text, now=date(2023, 2, 1))
    found = [f.id for f in result.findings]
    assert ("git_token_as_username" in found) is is_token
    assert ("credential_leaked" in found) is is_token
    assert user not in render(result, "markdown")


def test_a_generated_user_assigned_to_a_variable_is_the_secret_sent_not_the_variable():
    user = "Fz9xQ2kLw8Rt4YpB6nVc3MhJ"
    result = triage(f'BB_USER={user}\ncurl -u "$BB_USER:x" https://api.bitbucket.org/2.0/user\n401',
                    now=date(2023, 2, 1))
    assert "credential_leaked" in [f.id for f in result.findings]
    assert all(user not in render(result, fmt) for fmt in FORMATS)
