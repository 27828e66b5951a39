"""The real Bolt app behind `bbhelp serve`, driven over HTTP with requests signed as Slack signs
them, against a loopback stand-in of the Slack Web API. After every test: no secret of the
tickets reached Slack, in any form."""
from __future__ import annotations

import base64
import json
import os
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from bots.server import create_app
from bots.settings import Settings

from .loopback import without_slack
from .slack_standin import BOT_USER, ServerThread, SignedClient, SlackStandIn

SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543"
TOKEN = "ATATT3xFfGF0Rt5Yu6Io7Pa8Sd9Fg0Hj1Kl2Zx3Cv4Bn5Mq6Wr7=4F3E2D1C"
TICKET = (f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests\n"
          "it still says 401")


class Gate:
    """The app's clock. While closed, a triage waits: proof that the ack does not wait for it."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()

    def today(self) -> date:
        assert self.open.wait(timeout=20), "gate never opened"
        return date(2026, 11, 22)


@pytest.fixture(scope="module")
def world():
    standin = SlackStandIn()
    gate = Gate()
    settings = Settings(slack_bot_token="xoxb-test-token", slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=standin.url + "/api/", _env_file=None)
    with standin.recorder, ServerThread(create_app(settings, today=gate.today)) as server:
        yield standin, SignedClient(server.url, SIGNING_SECRET), gate


def assert_no_secret_in(text: str) -> None:
    for form in (TOKEN, quote(TOKEN, safe=""), TOKEN[12:40], TOKEN[-20:],
                 base64.b64encode(TOKEN.encode()).decode()[:40]):
        assert form not in text


@pytest.fixture
def standin(world, caplog):
    standin = world[0]
    standin.recorder.arrived.clear()
    standin.thread_messages = []
    caplog.set_level("DEBUG")
    yield standin
    assert_no_secret_in(standin.raw())  # nothing sent to the Web API or a response URL
    assert_no_secret_in("\n".join(r.getMessage() + str(r.exc_text or "") for r in caplog.records))  # or logged


@pytest.fixture
def client(world) -> SignedClient:
    return world[1]


def section_texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def test_slash_command_acks_then_answers_ephemerally_with_the_leak_warning_first(standin, client):
    ack = client.command(TICKET, response_url=standin.url + "/respond/1")
    assert ack.status_code == 200
    assert ack.json() == {"text": "Triaging… (only you will see the answer)", "response_type": "ephemeral"}
    answer = standin.wait_for("respond")[0]
    assert answer["response_type"] == "ephemeral"
    texts = section_texts(answer["blocks"])
    assert texts[0].startswith(":rotating_light: *Revoke the credential in this ticket first*")
    assert texts[1].startswith("*Most likely cause: API token sent as a Bearer token*")
    assert texts[2].startswith("*Corrected request*\n```curl --request GET")
    assert "repositories/acme/app/pullrequests" in texts[2]
    assert any("read:pullrequest:bitbucket" in b["elements"][0]["text"] for b in answer["blocks"]
               if b["type"] == "context")
    buttons = answer["blocks"][-1]["elements"]
    assert [b["action_id"] for b in buttons] == ["share_in_channel", "feedback_up", "feedback_down"]
    assert all(b["value"] for b in buttons)


def test_share_in_channel_posts_the_redacted_answer(standin, client):
    client.command(TICKET, response_url=standin.url + "/respond/2")
    share_id = standin.wait_for("respond")[0]["blocks"][-1]["elements"][0]["value"]
    click = client.interaction({"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"},
                                "channel": {"id": "C1"}, "container": {"type": "message", "is_ephemeral": True},
                                "response_url": standin.url + "/respond/3", "trigger_id": "trig-2",
                                "actions": [{"type": "button", "action_id": "share_in_channel", "block_id": "b",
                                             "value": share_id, "action_ts": "1"}]})
    assert click.status_code == 200
    posted = standin.wait_for("chat.postMessage")[0]
    assert posted["channel"] == "C1"
    texts = section_texts(posted["blocks"])
    assert texts[0].startswith(":rotating_light:") and "ATATT…[redacted" in texts[0]
    assert all(b["type"] != "actions" for b in posted["blocks"])  # no second Share button in the channel
    # the click's own confirmation, after the post (left unread, it reached the next test's stand-in)
    assert standin.wait_for("respond", count=2)[1]["text"] == "Shared in the channel."


def test_an_expired_share_says_so(standin, client):
    client.interaction({"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"}, "channel": {"id": "C1"},
                        "response_url": standin.url + "/respond/4", "trigger_id": "t",
                        "actions": [{"type": "button", "action_id": "share_in_channel", "block_id": "b",
                                     "value": "no-such-share", "action_ts": "1"}]})
    assert "expired" in standin.wait_for("respond")[0]["text"]
    assert not standin.calls("chat.postMessage")


@pytest.mark.parametrize("text", ["", "help"])
def test_bare_command_opens_the_modal_for_long_pastes(standin, client, text):
    assert client.command(text, response_url=standin.url + "/respond/5").status_code == 200
    opened = standin.wait_for("views.open")[0]
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    assert opened["trigger_id"].startswith("trig-") and view["callback_id"] == "bbhelp_ticket"
    assert view["blocks"][0]["element"]["multiline"] is True
    assert json.loads(view["private_metadata"]) == {"channel": "C1"}
    assert [o["value"] for o in view["blocks"][1]["element"]["options"]] == ["slack", "markdown"]


def _submission(text: str, choice: str) -> dict:
    return {"type": "view_submission", "user": {"id": "U1"}, "team": {"id": "T1"}, "api_app_id": "A1",
            "view": {"id": "V1", "type": "modal", "callback_id": "bbhelp_ticket",
                     "private_metadata": json.dumps({"channel": "C1"}),
                     "state": {"values": {"ticket": {"text": {"type": "plain_text_input", "value": text}},
                                          "format": {"choice": {"type": "radio_buttons",
                                                                "selected_option": {"value": choice}}}}}}}


def test_modal_submission_gives_a_markdown_draft_for_a_community_reply(standin, client):
    submitted = client.interaction(_submission(TICKET, "markdown"))
    assert submitted.status_code == 200
    answer = submitted.json()
    assert answer["response_action"] == "update" and answer["view"]["type"] == "modal"
    draft = answer["view"]["blocks"][1]["elements"][0]["elements"][0]["text"]
    assert draft.startswith("### Revoke the credential in this ticket first")
    assert "### Most likely cause: API token sent as a Bearer token" in draft
    assert_no_secret_in(submitted.text)


def test_modal_submission_gives_a_slack_answer(standin, client):
    submitted = client.interaction(_submission(TICKET, "slack"))
    blocks = submitted.json()["view"]["blocks"]
    assert section_texts(blocks)[1].startswith("*Most likely cause: API token sent as a Bearer token*")
    assert all(b["type"] != "actions" for b in blocks)  # a modal has no channel to share into
    assert_no_secret_in(submitted.text)


def test_message_shortcut_in_a_thread_triages_the_whole_thread_so_far(standin, client):
    standin.thread_messages = [
        {"ts": "1700000000.000100", "text": "curl -u me@acme.io:$BITBUCKET_API_TOKEN "
                                            "<https://api.bitbucket.org/2.0/user>"},
        {"ts": "1700000000.000200", "text": "&gt; GET /2.0/user HTTP/2\n&gt; Host: api.bitbucket.org\n&lt; HTTP/2 401"},
        {"ts": "1700000000.000300", "text": "later message, not part of what was triaged: 404"},
    ]
    ack = client.interaction({"type": "message_action", "callback_id": "triage_message", "trigger_id": "t",
                              "response_url": standin.url + "/respond/6", "user": {"id": "U2"},
                              "team": {"id": "T1"}, "channel": {"id": "C1"},
                              "message": {"ts": "1700000000.000200", "thread_ts": "1700000000.000100",
                                          "text": "&gt; GET /2.0/user HTTP/2"}})
    assert ack.status_code == 200
    posted = standin.wait_for("chat.postEphemeral")[0]
    replies = standin.calls("conversations.replies")[0][1]
    assert replies["channel"] == "C1" and replies["ts"] == "1700000000.000100"
    assert posted["thread_ts"] == "1700000000.000100" and posted["user"] == "U2"
    # The command (first message) and the 401 (second) only together say this:
    assert section_texts(posted["blocks"])[0].startswith("*Most likely cause: Right form, but Bitbucket rejected")


def test_a_mention_in_a_thread_is_answered_in_the_thread(standin, client):
    standin.thread_messages = [
        {"ts": "1700000001.000100", "text": "git clone https://bitbucket.org/acme/app.git asks for a password"},
        {"ts": "1700000001.000200", "text": "I used https://ATATT…@bitbucket.org as the URL"},
        {"ts": "1700000001.000300", "text": f"<@{BOT_USER}> what is wrong?"},
    ]
    ack = client.event({"type": "app_mention", "user": "U3", "text": f"<@{BOT_USER}> what is wrong?",
                        "ts": "1700000001.000300", "thread_ts": "1700000001.000100", "channel": "C1"})
    assert ack.status_code == 200
    posted = standin.wait_for("chat.postMessage")[0]
    assert posted["channel"] == "C1" and posted["thread_ts"] == "1700000001.000100"
    buttons = [e["action_id"] for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["feedback_up", "feedback_down"]  # already public: nothing to share, but it can be rated


def test_scopes_subcommand_names_the_endpoint_scopes(standin, client):
    client.command("scopes POST https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/7/approve",
                   response_url=standin.url + "/respond/7")
    text = section_texts(standin.wait_for("respond")[0]["blocks"])[0]
    assert "/2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve" in text
    assert "read:pullrequest:bitbucket, write:pullrequest:bitbucket" in text


def test_app_home_describes_the_bot(standin, client):
    client.event({"type": "app_home_opened", "user": "U4", "channel": "D1", "tab": "home", "event_ts": "1"})
    published = standin.wait_for("views.publish")[0]
    view = json.loads(published["view"]) if isinstance(published["view"], str) else published["view"]
    assert published["user_id"] == "U4" and view["type"] == "home"
    assert "/bbhelp" in json.dumps(view)


@pytest.mark.parametrize("sign", [
    {"secret": "not-the-signing-secret"},
    {"timestamp": int(time.time()) - 6 * 60},  # replayed: older than Slack's 5 minutes
], ids=["wrong-signature", "replayed"])
def test_requests_not_signed_by_slack_are_rejected(standin, client, sign):
    assert client.command(TICKET, response_url=standin.url + "/respond/8", **sign).status_code == 401
    time.sleep(0.3)
    assert not standin.calls("respond")


def test_unsigned_requests_are_rejected(standin, client):
    response = httpx.post(client.base_url + "/slack/events", content="command=/bbhelp&text=x",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401


def test_the_ack_never_waits_for_the_triage_even_for_a_100kb_paste(world, standin, client):
    _, _, gate = world
    paste = TICKET + "\n" + "\n".join(f"< x-trace-{i}: {'a' * 60}" for i in range(1500))
    assert len(paste) > 100_000
    gate.open.clear()  # every triage now waits until the test has its ack
    try:
        started = time.monotonic()
        ack = client.command(paste, response_url=standin.url + "/respond/9")
        elapsed = time.monotonic() - started
        assert ack.status_code == 200 and elapsed < 3.0
        assert not standin.calls("respond")  # the answer comes after the ack
    finally:
        gate.open.set()
    assert standin.wait_for("respond")[0]["response_type"] == "ephemeral"


def test_the_manifest_declares_what_the_app_listens_to():
    manifest = json.loads((Path(__file__).parents[1] / "bots" / "slack" / "manifest.json").read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/bbhelp"]
    assert [s["callback_id"] for s in features["shortcuts"]] == ["triage_message"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "app_home_opened"}
    urls = [features["slash_commands"][0]["url"], settings["event_subscriptions"]["request_url"],
            settings["interactivity"]["request_url"]]
    assert all(url.endswith("/slack/events") for url in urls)
    assert {"commands", "chat:write", "app_mentions:read", "channels:history"} <= set(
        manifest["oauth_config"]["scopes"]["bot"])
    assert features["app_home"]["home_tab_enabled"] is True


def test_empty_slack_variables_count_as_unset(monkeypatch):
    """compose passes `${SLACK_BOT_TOKEN:-}` through as an empty string: Slack stays off, not broken."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "")
    settings = Settings(_env_file=None)
    assert not settings.slack_http and settings.slack_missing() == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]


def test_without_slack_settings_the_server_runs_and_says_slack_is_off(caplog):
    with caplog.at_level("WARNING"):
        api = create_app(without_slack())
    assert "Slack is off: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not set" in caplog.text
    with ServerThread(api) as server:
        assert httpx.get(server.url + "/healthz").json() == {"status": "ok", "slack": "off", "worker": os.getpid()}
        assert httpx.post(server.url + "/slack/events", content="x").status_code == 404


def test_a_thumbs_down_from_slack_is_stored_with_the_redacted_answer(world, standin, client):
    from triage.store.database import Store

    client.command(TICKET, response_url=standin.url + "/respond/10")
    buttons = standin.wait_for("respond")[0]["blocks"][-1]["elements"]
    down = next(b for b in buttons if b["action_id"] == "feedback_down")
    store = Store(Settings().bbhelp_database_url)
    before = store.counts()[1]
    click = client.interaction({"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"},
                                "channel": {"id": "C1"}, "response_url": standin.url + "/respond/11", "trigger_id": "t",
                                "actions": [{"type": "button", "action_id": "feedback_down", "block_id": "b",
                                             "value": down["value"], "action_ts": "1"}]})
    assert click.status_code == 200
    assert standin.wait_for("respond", count=2)[1]["text"].startswith("Thanks")
    assert store.counts()[1] == before + 1
    groups = store.review(since=datetime(2000, 1, 1, tzinfo=UTC))
    rated = [g for g in groups if g.reason == "rated down"]
    assert rated and any("ATATT…[redacted" in example for g in rated for example in g.examples)
    assert_no_secret_in(json.dumps([g.model_dump() for g in groups]))
