"""The Share button of an ephemeral answer: the redacted answer posted in the channel, for an hour
after it was given (it is held in the store: any server worker takes the click)."""
from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from ...answers import WEB_API_FAILURES, answering, reason
from ...blocks import answer_blocks, fallback_text


def share_in_channel(ack: Ack, action: dict, body: dict, respond: Respond, client: WebClient,
                     context: BoltContext) -> None:
    ack()
    report = answering(context).shared(action["value"])
    if report is None:
        respond(text="This answer has expired; run /bbhelp again to share it.", response_type="ephemeral",
                replace_original=False)
        return
    try:
        client.chat_postMessage(channel=body["channel"]["id"], blocks=answer_blocks(report), text=fallback_text(report))
    except WEB_API_FAILURES as error:
        respond(text=f"Could not share the answer (Slack: {reason(error)}). If bbhelp is not in this channel, "
                     "invite it with /invite @bbhelp and press Share again.", response_type="ephemeral",
                replace_original=False)
        return
    respond(text="Shared in the channel.", response_type="ephemeral", replace_original=False)
