"""Nothing from a ticket can run, leak or inject: one test (or more) per attack, through the
outputs a user sees (four formats, the REST API, the page, Slack), the store and the logs."""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import logging
import re
import shlex
import time
from datetime import UTC, date, datetime
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bots.guard import RateLimit, form_token, form_token_valid
from bots.server import create_app
from triage.answer.render import FORMATS, markdown_escape, render
from triage.answer.report import triage
from triage.logs import get_logger
from triage.store.database import Answered, Store

from .loopback import page_post, without_slack

NOW = date(2026, 11, 22)
TOKEN = "ATATT3xFfGF0" + "Kq7Lm2Np9Rs4Tv6Wx8Yz" * 4 + "=0A1B2C3D"
API = "https://api.bitbucket.org/2.0/repositories/acme/app"


def forms_of(secret: str, user: str = "") -> list[str]:
    """Every form a secret must not take anywhere: raw, base64 (alone and of user:secret),
    percent-encoded in both cases, and its 8-character fragments from the start, middle and end."""
    encoded = quote(secret, safe="")
    forms = {secret, base64.b64encode(secret.encode()).decode().rstrip("="), encoded,
             re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)}
    if user:
        forms.add(base64.b64encode(f"{user}:{secret}".encode()).decode().rstrip("="))
    if len(secret) >= 16:
        middle = len(secret) // 2
        forms |= {secret[:8], secret[middle - 4:middle + 4], secret[-8:]}
    return sorted(forms)


def everything_shown(ticket: str) -> str:
    """All a user or operator could see of one triage: the four formats and the kept record."""
    report = triage(ticket, now=NOW)
    return "\n".join([*(render(report, fmt) for fmt in FORMATS), report.ticket])


def assert_hidden(secret: str, text: str, user: str = "") -> None:
    for form in forms_of(secret, user):
        assert form not in text, f"{form!r} of the secret is shown"


# 1. Shell injection in the corrected request ---------------------------------------------------

@given(path=st.text(min_size=1, max_size=30), query=st.text(max_size=30))
def test_no_ticket_text_can_end_a_word_of_the_corrected_command(path: str, query: str):
    """Whatever the path and query hold once decoded, the corrected command is the same words:
    curl, the method, one URL, the credential, the header; nothing more runs."""
    url = f"{API}/{quote(path, safe='')}/pullrequests" + (f"?{quote(query, safe='=&')}" if query else "")
    report = triage(f"curl -u me@acme.io:$TOKEN '{url}'", now=NOW)
    if report.corrected_command is None:
        return
    words = shlex.split(report.corrected_command.replace("\\\n", " "))
    assert words[:3] == ["curl", "--request", "GET"] and words[3] == "--url"
    assert words[4].startswith("https://api.bitbucket.org/2.0/") and not any(c in words[4] for c in " '\";$`\n")
    assert words[5:] == ["-u", "$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN", "--header", "Accept: application/json"]


@pytest.mark.parametrize("ticket", [
    f"curl -u jane@example.com:$TOKEN {API}%27%3Btouch%20x%3B%27/pullrequests",
    f"curl -u jane@example.com:$TOKEN '{API}/pullrequests?state=OPEN'\"'\"'$(touch x)'",
])
def test_a_quote_in_the_url_stays_inside_the_url_in_every_channel(ticket: str):
    report = triage(ticket, now=NOW)
    words = shlex.split(report.corrected_command.replace("\\\n", " "))
    assert len(words) == 9 and "touch" not in " ".join(words[:4] + words[5:])
    for fmt in ("markdown", "text"):  # the command as each format shows it is that command
        assert report.corrected_command.replace("\n", "\n    " if fmt == "text" else "\n") in render(report, fmt)


# 2. Real passwords taken for placeholders -------------------------------------------------------

@pytest.mark.parametrize("password", ["hunter2_password", "correcthorsebatterystaple", "{hunter2}", "[s3cr3t!]",
                                      "<pa55word>", "abc***defgh", "MyPassword2024"])
def test_a_password_that_is_not_certainly_a_placeholder_is_treated_as_live(password: str):
    shown = everything_shown(f"curl -u janedoe:{password} {API}\n< HTTP/2 401")
    assert password not in shown
    assert "credential_leaked" in {f.id for f in triage(f"curl -u janedoe:{password} {API}", now=NOW).findings}


@pytest.mark.parametrize("placeholder", ["$TOKEN", "<token>", "YOUR_TOKEN", "xxxx", "{app_password}", "********"])
def test_certain_placeholders_are_shown_and_not_reported(placeholder: str):
    report = triage(f"curl -u janedoe:{placeholder} {API}", now=NOW)
    assert "credential_leaked" not in {f.id for f in report.findings}


# 3. Secrets in JSON and form bodies -------------------------------------------------------------

@pytest.mark.parametrize(("ticket", "secret"), [
    (f"curl -X POST {API}/pipelines_config/variables/ -u me@acme.io:$T -H 'Content-Type: application/json' "
     "-d '{\"key\": \"DEPLOY_KEY\", \"value\": \"Zx9kLmQ2pR7sT4vW\", \"secured\": true}'", "Zx9kLmQ2pR7sT4vW"),
    ("curl -X POST https://bitbucket.org/site/oauth2/access_token -H 'Content-Type: application/json' "
     "-d '{\"grant_type\": \"client_credentials\", \"client_secret\": \"s3cr3tValue99xyz\"}'", "s3cr3tValue99xyz"),
    ("curl -X POST https://bitbucket.org/site/oauth2/access_token -d grant_type=password "
     "-d 'username=jane&password=Tr0ub4dor%263xyz'", "Tr0ub4dor&3xyz"),
    ('My config: {"bitbucket": {"user": "jane", "password": "plainPass42word"}}', "plainPass42word"),
])
def test_secrets_in_bodies_are_redacted_by_key_and_by_value(ticket: str, secret: str):
    report = triage(ticket, now=NOW)
    assert_hidden(secret, everything_shown(ticket) + report.model_dump_json())


# 4. Lower-case percent-encoding ----------------------------------------------------------------

@pytest.mark.parametrize("case", [str.upper, str.lower])
def test_a_percent_encoded_token_is_hidden_in_either_case(case):
    token = "ATATT3xFfGF0Qw+Er/Ty" + "Ui" * 40 + "=0A1B2C3D"
    encoded = re.sub(r"%[0-9A-Fa-f]{2}", lambda m: case(m.group(0)), quote(token, safe=""))
    ticket = (f"curl '{API}?access_token={encoded}'\ncurl -u me@x.io:{encoded} {API}\n"
              f"git clone https://me:{encoded}@bitbucket.org/acme/app.git")
    shown = everything_shown(ticket)
    assert encoded not in shown and "UiUiUiUiUiUiUiUi" not in shown


# 5. Cookies, set-cookie, git and curl error lines ------------------------------------------------

def test_cookies_and_credentials_in_error_lines_are_redacted():
    ticket = ("curl -b 'session=Qm9vdGNhbXBTZXNzaW9u; csrftoken=Hk29dLq8Zp' -H 'Cookie: bb_session=Yz81Kq0pWn7' "
              f"{API}\n< HTTP/2 401\n< set-cookie: cloud.session.token=Px7Tq2Lm9Vk4; Path=/; Secure\n"
              "fatal: Authentication failed for 'https://jdoe:Gh7kPq2mZx@bitbucket.org/acme/app.git/'\n"
              "curl: (6) Could not resolve host: jdoe:Wq4nBv8cXz@bitbucket.org")
    shown = everything_shown(ticket) + triage(ticket, now=NOW).model_dump_json()
    for secret in ("Qm9vdGNhbXBTZXNzaW9u", "Hk29dLq8Zp", "Yz81Kq0pWn7", "Px7Tq2Lm9Vk4", "Gh7kPq2mZx", "Wq4nBv8cXz"):
        assert secret not in shown, secret


# 6. Fragments in the store ----------------------------------------------------------------------

@pytest.mark.parametrize(("ticket", "secret"), [
    (f"curl -u me@x.io:{TOKEN[:60]}\n{TOKEN[60:]} {API}", TOKEN),
    (f"curl -u me@x.io:{TOKEN[:60]}\\\n{TOKEN[60:]} {API}", TOKEN),
    (f"TOKEN={TOKEN[:60]}\r\n{TOKEN[60:]}\r\ncurl -u me@x.io:$TOKEN {API}", TOKEN),
    (f"curl -u me@x.io:{TOKEN[:60]}\x00{TOKEN[60:]} {API}", TOKEN),
    ("The value I send: " + base64.b64encode(f"jane@example.com:{TOKEN}".encode()).decode(), TOKEN),
    ("My password is Hunter2!xyz#Q and the API answers 401", "Hunter2!xyz#Q"),
    ("machine api.bitbucket.org login jane password Pq9!wZr#2mK", "Pq9!wZr#2mK"),
    ("bitbucket:\n  username: jane\n  password: \"Pq9!wZr#2mKy\"\n", "Pq9!wZr#2mKy"),
    ("$pass = ConvertTo-SecureString 'Pq9!wZr#2mKz' -AsPlainText -Force", "Pq9!wZr#2mKz"),
    ("auth = ('jane', 'Pq9!wZr#2mKw')\nrequests.get('https://api.bitbucket.org/2.0/user', auth=auth)", "Pq9!wZr#2mKw"),
])
def test_no_fragment_of_a_secret_is_kept(ticket: str, secret: str, tmp_path):
    store = Store(f"sqlite:///{tmp_path}/kept.db")
    answered = Answered.of(triage(ticket, now=NOW), "rest", "markdown")
    store.rate(answered, -1, "rest")
    kept = store.review(since=datetime(2000, 1, 1, tzinfo=UTC))
    stored = "\n".join(example for group in kept for example in group.examples) + answered.ticket
    for form in forms_of(secret, "jane@example.com"):
        assert form not in stored, f"{form!r} kept"
    assert_hidden(secret, everything_shown(ticket), "jane@example.com")


# 7. Logs ---------------------------------------------------------------------------------------

def test_every_logger_is_redacted_and_the_access_log_drops_query_strings():
    get_logger("anything")  # installs the redaction for the process
    caught = io.StringIO()
    handler = logging.StreamHandler(caught)
    root, access = logging.getLogger(), logging.getLogger("uvicorn.access")  # uvicorn may stop its propagation
    levels = root.level, access.level
    root.addHandler(handler)
    access.addHandler(handler)
    root.setLevel(logging.DEBUG)
    access.setLevel(logging.INFO)
    try:
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET",
                                                 f"/v1/scopes?url={API}&access_token=Zq8hXkT2pLm4abc", "1.1", 200)
        logging.getLogger("some.library").warning("sending %s", TOKEN)
        logging.getLogger("slack_sdk.web.base_client").debug("thread text: my password is Pq9!wZr#2mK")
    finally:
        root.removeHandler(handler)
        access.removeHandler(handler)
        root.setLevel(levels[0])
        access.setLevel(levels[1])
    logged = caught.getvalue()
    assert '"GET /v1/scopes HTTP/1.1" 200' in logged and "Zq8hXkT2pLm4abc" not in logged
    assert_hidden(TOKEN, logged)
    assert "thread text" not in logged


def test_uvicorn_still_formats_its_redacted_access_log_lines():
    """uvicorn's access formatter unpacks a record's arguments: redaction must leave them a tuple
    (a merged message made every served request print a logging error instead of its line)."""
    from uvicorn.logging import AccessFormatter

    get_logger("anything")
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", f"/v1/scopes?url={API}&access_token={TOKEN}", "1.1", 200), None)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(record)
    assert line == '127.0.0.1:5 - "GET /v1/scopes HTTP/1.1" 200 OK'


# 8. Markdown, Slack and HTML injection ----------------------------------------------------------

INJECTING = (f"curl -u me@x.io:$T \"{API}/<img src=x onerror=alert(1)>[phish](https://evil)/pullrequests\"\n"
             "< HTTP/2 404\n"
             '{"type": "error", "error": {"message": "<!channel> [click](https://evil) <img src=x onerror=alert(1)>"}}')


def test_the_markdown_draft_holds_no_html_link_or_mention_from_the_ticket():
    markdown = render(triage(INJECTING, now=NOW), "markdown")
    assert "<img" not in markdown and "](https://evil)" not in markdown and "<!channel>" not in markdown
    slack = render(triage(INJECTING, now=NOW), "slack")
    assert "<!channel>" not in slack and "<img" not in slack


def test_a_line_break_or_fence_from_the_ticket_cannot_leave_its_block():
    assert "\n" not in markdown_escape("a\n# heading\n```")
    report = triage("curl -u me@x.io:$T 'https://api.bitbucket.org/2.0/repositories/acme/a%0A```%0A<b>x/pullrequests'",
                    now=NOW)
    markdown = render(report, "markdown")
    assert "<b>" not in markdown
    fences = re.findall(r"^`{3,}", markdown, re.M)
    assert len(fences) % 2 == 0  # every block it opens, it closes


def test_review_escapes_what_it_quotes(tmp_path, capsys, monkeypatch):
    from triage.cli import main
    url = f"sqlite:///{tmp_path}/review.db"
    store = Store(url)
    store.rate(Answered.of(triage("```\n<img src=x onerror=alert(1)> [a](https://evil) broke", now=NOW),
                           "rest", "markdown"), -1, "rest")
    monkeypatch.setenv("BBHELP_DATABASE_URL", url)
    assert main(["review", "--since", "2000-01-01"]) == 0
    out = capsys.readouterr().out
    fences = re.findall(r"^(`{3,})$", out, re.M)
    assert fences[0] == fences[-1] == "````"  # longer than the ``` inside the example
    assert "## " in out and "<img" not in out.split("```")[0]


# 9. Amplification and growth --------------------------------------------------------------------

def test_a_client_over_its_rate_is_refused_with_429(tmp_path):
    # a store of its own: the count is the store's, and the shared one has counted other tests' requests
    settings = without_slack(bbhelp_rate_per_minute=3, bbhelp_database_url=f"sqlite:///{tmp_path}/r.db")
    web = TestClient(create_app(settings))
    answers = [web.post("/v1/triage", json={"text": "curl https://api.bitbucket.org/2.0/user"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60
    assert answers[-1].headers["content-type"] == "application/problem+json"


def test_the_rate_limit_is_one_count_for_every_worker_and_forgets_old_minutes(tmp_path):
    from triage.store.models import RateWindow

    now = [0.0]
    store = Store(f"sqlite:///{tmp_path}/rate.db")
    one, other = RateLimit(store, 2, clock=lambda: now[0]), RateLimit(store, 2, clock=lambda: now[0])
    assert [one.allow("10.0.0.1"), other.allow("10.0.0.1"), one.allow("10.0.0.1")] == [True, True, False]
    assert other.allow("10.0.0.2")  # a client of its own
    now[0] = 61.0
    assert one.allow("10.0.0.1")  # a new minute
    for client in range(200):
        one.allow(f"10.1.{client}.1")
    now[0] = 185.0
    one.allow("10.0.0.1")
    with store.sessions() as session:
        kept = session.scalars(select(RateWindow)).all()
    assert [(row.minute, row.count) for row in kept] == [(3, 1)]  # older minutes went; no address kept
    assert not any(b"10.0.0.1" in path.read_bytes() for path in tmp_path.glob("rate.db*"))


def test_a_glob_ticket_gets_an_answer_of_ordinary_size():
    members = ",".join(f"r{i}" for i in range(30_000))  # ~200 KB of one brace set
    report = triage(f"curl -u me@x.io:$T https://api.bitbucket.org/2.0/repositories/acme/{{{members}}}/pullrequests",
                    now=NOW)
    assert all(len(render(report, fmt)) < 200_000 for fmt in FORMATS)


def test_kept_rows_older_than_the_retention_period_go_as_new_ones_come(tmp_path):
    from datetime import timedelta

    from sqlalchemy import update

    from bots.answering import Answering
    from triage.store.models import Outcome
    store = Store(f"sqlite:///{tmp_path}/retention.db")
    store.keep(Answered.of(triage("Something about widgets broke today.", now=NOW), "rest", "markdown"))
    with store.sessions.begin() as session:
        session.execute(update(Outcome).values(created_at=datetime(2020, 1, 1, tzinfo=UTC)))
    Answering(store, triage, retention=timedelta(days=30)).answer("Gadgets broke too.", "rest", "text", now=NOW)
    assert store.counts() == (1, 0)  # the old one went, the new one is kept


def test_an_answer_is_rated_once(tmp_path):
    web = TestClient(create_app(without_slack(bbhelp_database_url=f"sqlite:///{tmp_path}/once.db")))
    answer_id = web.post("/v1/triage", json={"text": "Something about widgets broke today."}).json()["answer_id"]
    assert web.post("/v1/feedback", json={"answer_id": answer_id, "helpful": False}).status_code == 200
    assert web.post("/v1/feedback", json={"answer_id": answer_id, "helpful": False}).status_code == 404
    assert Store(f"sqlite:///{tmp_path}/once.db").counts() == (1, 1)


def test_operators_can_require_a_key_for_the_page():
    web = TestClient(create_app(without_slack(bbhelp_api_keys="k-one", bbhelp_page_requires_key=True)))
    refused = web.get("/")
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
    assert web.get("/", auth=("agent", "wrong")).status_code == 401
    assert web.get("/", auth=("agent", "k-one")).status_code == 200
    with pytest.raises(ValueError, match="BBHELP_API_KEYS"):
        without_slack(bbhelp_page_requires_key=True)


# 10. Small ones ---------------------------------------------------------------------------------

def test_a_422_does_not_echo_an_unknown_key():
    web = TestClient(create_app(without_slack()))
    answer = web.post("/v1/triage", json={"text": "x", TOKEN: 1})
    assert answer.status_code == 422 and TOKEN[:12] not in answer.text and "does not know" in answer.text


def test_the_page_sends_a_policy_that_runs_only_its_own_script_and_refuses_framing():
    web = TestClient(create_app(without_slack()))
    page = web.get("/")
    policy = page.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert re.findall(r"<script[^>]*>", page.text) == [f'<script nonce="{nonce}">']
    assert ' style="' not in page.text


def test_a_form_from_another_site_is_refused():
    web = TestClient(create_app(without_slack()))
    forged = web.post("/", data={"text": f"curl -H 'Authorization: Bearer {TOKEN}' {API}"})
    assert forged.status_code == 403 and "reload the page" in forged.text
    assert page_post(web, "/", {"text": f"curl {API}"}).status_code == 200
    secret = b"s" * 32
    assert form_token_valid(form_token(secret), secret)
    assert not form_token_valid(form_token(secret, now=time.time() - 7200), secret)
    assert not form_token_valid(form_token(b"other" * 8), secret) and not form_token_valid("1.abc", secret)


def test_a_replayed_slack_request_is_refused(tmp_path):
    from bots.settings import Settings
    from tests.slack_standin import SlackStandIn
    standin = SlackStandIn()
    with standin.recorder:
        settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret="signing-secret",
                            slack_api_url=standin.url + "/api/", _env_file=None,
                            bbhelp_database_url=f"sqlite:///{tmp_path}/replay.db")
        web = TestClient(create_app(settings))
        body = urlencode({"command": "/bbhelp", "text": "scopes GET /repositories/acme/app", "team_id": "T1",
                          "channel_id": "C1", "user_id": "U1", "response_url": standin.url + "/respond/r",
                          "trigger_id": "trig-replay"})
        stamp = str(int(time.time()))
        signature = "v0=" + hmac.new(b"signing-secret", f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": signature}
        assert web.post("/slack/events", content=body, headers=headers).status_code == 200
        assert web.post("/slack/events", content=body, headers=headers).status_code == 401


def test_slack_scopes_escapes_the_method():
    from bots.slack.scopes import scopes_blocks
    blocks = json.dumps(scopes_blocks(["<!channel>", "/repositories/acme/app"]))
    assert "<!channel>" not in blocks
