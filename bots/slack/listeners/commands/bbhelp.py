"""/bbhelp <ticket> answers ephemerally; a bare /bbhelp opens the form for long pastes; /bbhelp
scopes <METHOD> <URL> names the scopes an endpoint needs.

Why the ack comes first: Slack waits three seconds for it; the triage runs after it, in Bolt's
thread pool (`process_before_response=False`). Answers are ephemeral because tickets hold secrets.
"""
from __future__ import annotations

import json

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from ...blocks import view
from ...answers import WEB_API_FAILURES, answer, reason
from ...scopes import scopes_blocks
from ...text import plain


def bbhelp_command(ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
    text = plain(command.get("text", "")).strip()
    if text in ("", "help"):
        ack()
        try:
            client.views_open(trigger_id=command["trigger_id"],
                              view=view("modal", metadata=json.dumps({"channel": command["channel_id"]})))
        except WEB_API_FAILURES as error:
            respond(text=f"bbhelp could not open its form (Slack: {reason(error)}). "
                         "Paste the ticket after the command instead: /bbhelp <ticket>.", response_type="ephemeral")
        return
    if text.split(None, 1)[0].lower() == "scopes":
        ack()
        respond(blocks=scopes_blocks(text.split()[1:]), text="bbhelp scopes", response_type="ephemeral")
        return
    ack(text="Triaging… (only you will see the answer)", response_type="ephemeral")
    blocks, fallback = answer(context, text)
    respond(blocks=blocks, text=fallback, response_type="ephemeral")
