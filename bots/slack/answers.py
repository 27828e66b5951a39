"""What every Slack listener shares: the answering service and clock from the request's context,
the ticket of a message (its thread so far), and what to say when Slack's Web API fails.

Why the context: Bolt passes `context` to every listener; the app's middleware puts the answering
service and the clock there (bots/slack/app.py), so the listeners, one per file, need no globals.
"""
from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from triage.logs import get_logger

from ..answering import Answering
from .blocks import FAILED_TEXT, failed_blocks, fallback_text
from .text import plain
from .threads import thread_text

LOG = get_logger("slack")
# What a failed Web API call raises: Slack said no, or the call timed out / could not connect.
WEB_API_FAILURES = (SlackClientError, OSError)


def reason(error: Exception) -> str:
    """What Slack said (e.g. not_in_channel), or that it did not answer."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "an error"))
    return "no answer in time" if "timed out" in str(error).lower() else "a connection error"


def ticket_text(client: WebClient, channel: str, message: dict) -> str:
    """What to triage for a message (a shortcut's target, a mention): in a thread, the thread so far,
    else the message; the message alone when the thread cannot be read. Slack's escaping undone."""
    text = message.get("text", "")
    if message.get("thread_ts"):
        try:
            text = thread_text(client, channel, message["thread_ts"], upto=message["ts"])
        except WEB_API_FAILURES as error:
            LOG.warning("reading the thread failed (%s): triaging the message alone", reason(error))
    return plain(text)


def answering(context: BoltContext) -> Answering:
    return context["answering"]


def answer(context: BoltContext, text: str, fmt: str = "blocks", shareable: bool = True) -> tuple[list[dict], str]:
    """The answer's blocks and notification text; a short failure message when the triage failed
    (a crashed worker, a ticket over the size limit…): never leave the user with nothing."""
    try:
        given = answering(context).answer(text, "slack", fmt, context["today"](), shareable=shareable)
    except Exception:
        LOG.exception("triage failed")
        return failed_blocks(), FAILED_TEXT
    return given.rendered, fallback_text(given.report)
