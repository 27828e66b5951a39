"""When the Slack Web API fails (answers an error or not in time) the user still gets the answer
or a clear message through the response URL, nothing is retried more than once, and the app
keeps serving."""
from __future__ import annotations

import json
import os
import signal
import time
from datetime import date

import httpx
import pytest

from bots.server import create_app
from bots.settings import Settings

from .slack_standin import ServerThread, SignedClient, SlackStandIn

SECRET = "0cc175b9c0f1b6a831c399e269772661"
TICKET = "curl -H 'Authorization: Bearer {api_token}' https://api.bitbucket.org/2.0/user\nit still says 401"


@pytest.fixture(scope="module")
def world():
    standin = SlackStandIn()
    settings = Settings(slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET, _env_file=None,
                        slack_api_url=standin.url + "/api/", slack_timeout_seconds=0.5)
    app = create_app(settings, today=lambda: date(2026, 11, 22))
    with standin.recorder, ServerThread(app) as server:
        server.app = app
        yield standin, SignedClient(server.url, SECRET), server


@pytest.fixture
def standin(world):
    standin = world[0]
    standin.recorder.arrived.clear()
    standin.faults, standin.thread_messages = {}, []
    yield standin
    assert httpx.get(world[2].url + "/healthz").json()["status"] == "ok"  # still serving


@pytest.fixture
def client(world) -> SignedClient:
    return world[1]


def shortcut(standin: SlackStandIn, thread: bool = False) -> dict:
    message = {"ts": "1700000000.000200", "text": TICKET}
    if thread:
        message["thread_ts"] = "1700000000.000100"
    return {"type": "message_action", "callback_id": "triage_message", "trigger_id": "t",
            "response_url": standin.url + "/respond/f", "user": {"id": "U1"}, "team": {"id": "T1"},
            "channel": {"id": "C1"}, "message": message}


@pytest.mark.parametrize("fault", ["error", "slow"])
def test_the_shortcut_answers_through_the_response_url_when_posting_fails(standin, client, fault):
    standin.faults["chat.postEphemeral"] = fault
    assert client.interaction(shortcut(standin)).status_code == 200
    answer = standin.wait_for("respond")[0]
    assert answer["response_type"] == "ephemeral"
    assert "Most likely cause: API token sent as a Bearer token" in answer["blocks"][0]["text"]["text"]
    assert 1 <= len(standin.calls("chat.postEphemeral")) <= 2  # one retry at most


def test_an_unreadable_thread_still_gets_the_message_triaged(standin, client):
    standin.faults["conversations.replies"] = "error"
    client.interaction(shortcut(standin, thread=True))
    posted = standin.wait_for("chat.postEphemeral")[0]
    assert "Most likely cause: API token sent as a Bearer token" in posted["blocks"][0]["text"]["text"]


def test_sharing_into_a_channel_bbhelp_is_not_in_says_what_to_do(standin, client):
    client.command(TICKET, response_url=standin.url + "/respond/a")
    share_id = standin.wait_for("respond")[0]["blocks"][-1]["elements"][0]["value"]
    standin.faults["chat.postMessage"] = "error"
    client.interaction({"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"}, "channel": {"id": "C1"},
                        "response_url": standin.url + "/respond/b", "trigger_id": "t",
                        "actions": [{"type": "button", "action_id": "share_in_channel", "block_id": "b",
                                     "value": share_id, "action_ts": "1"}]})
    message = standin.wait_for("respond", count=2)[1]["text"]
    assert "Could not share the answer (Slack: not_in_channel)" in message and "/invite @bbhelp" in message


@pytest.mark.parametrize("fault", ["error", "slow"])
def test_a_form_that_cannot_open_says_how_to_paste_instead(standin, client, fault):
    standin.faults["views.open"] = fault
    client.command("help", response_url=standin.url + "/respond/c")
    assert "could not open its form" in standin.wait_for("respond")[0]["text"]
    assert len(standin.calls("views.open")) <= 2


def test_a_failed_mention_answer_is_not_retried_and_nothing_breaks(standin, client):
    standin.faults["chat.postMessage"] = "error"
    client.event({"type": "app_mention", "user": "U3", "text": "<@UBOT> " + TICKET, "ts": "1700000002.000100",
                  "channel": "C1"})
    standin.wait_for("chat.postMessage")
    assert len(standin.calls("chat.postMessage")) == 1  # an error answer is not retried


def test_a_worker_that_dies_on_a_command_gets_the_user_a_short_message_and_the_next_one_an_answer(
        standin, client, world):
    workers = world[2].app.state.workers
    stopped = workers.pids()
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)  # the command's triage waits in a worker that never takes it
    assert client.command(TICKET, response_url=standin.url + "/respond/crash").status_code == 200
    time.sleep(0.3)
    for pid in stopped:
        os.kill(pid, signal.SIGKILL)
    failed = standin.wait_for("respond")[0]
    assert "bbhelp failed on this ticket" in failed["blocks"][0]["text"]["text"]
    assert "api_token" not in json.dumps(failed)  # nothing of the ticket comes back
    assert client.command(TICKET, response_url=standin.url + "/respond/after").status_code == 200
    answer = standin.wait_for("respond", count=2)[1]
    assert "Most likely cause: API token sent as a Bearer token" in json.dumps(answer)
    assert set(workers.pids()).isdisjoint(stopped)
