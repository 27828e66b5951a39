"""The "Triage with bbhelp" message shortcut: the message (in a thread, the thread so far) answered
to the one who asked, ephemerally in place; through the response URL when posting fails."""
from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from ...answers import LOG, WEB_API_FAILURES, answer, reason, ticket_text


def triage_message(ack: Ack, shortcut: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
    ack()
    channel = shortcut["channel"]["id"]
    blocks, fallback = answer(context, ticket_text(client, channel, shortcut["message"]))
    try:
        client.chat_postEphemeral(channel=channel, user=shortcut["user"]["id"], blocks=blocks, text=fallback,
                                  thread_ts=shortcut["message"].get("thread_ts"))
    except WEB_API_FAILURES as error:
        LOG.warning("chat.postEphemeral failed (%s): answering through the response URL", reason(error))
        respond(blocks=blocks, text=fallback, response_type="ephemeral", replace_original=False)
