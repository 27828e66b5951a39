"""@bbhelp in a channel: the message (in a thread, the thread so far) answered in its thread. The
answer is visible to the channel already, so it carries no Share button."""
from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient

from ...answers import LOG, WEB_API_FAILURES, answer, reason, ticket_text


def app_mention(event: dict, client: WebClient, context: BoltContext) -> None:
    blocks, fallback = answer(context, ticket_text(client, event["channel"], event), shareable=False)
    try:
        client.chat_postMessage(channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"],
                                blocks=blocks, text=fallback)
    except WEB_API_FAILURES as error:
        LOG.warning("answering a mention failed (%s); nothing else reaches the user of an event", reason(error))
