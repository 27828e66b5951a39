"""The Bolt app: listeners for /bbhelp, the modal, the message shortcut, mentions, the Share
button and the App Home.

Why this shape: every listener acks first (Slack's 3-second limit) and triages after
the ack; Bolt runs the rest of a listener in its thread pool once `ack()` has been
called (`process_before_response=False`). Answers are ephemeral by default because
tickets hold secrets; what is shared or posted is the redacted answer only.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from triage.logs import get_logger
from triage.report import triage

from ..settings import Settings
from .blocks import answer_blocks, fallback_text, markdown_draft_blocks, view
from .scopes import scopes_blocks
from .shares import ShareStore
from .text import plain
from .threads import thread_text


def build_app(settings: Settings, today: Callable[[], date] = date.today,
              shares: ShareStore | None = None) -> App:
    """The Bolt app for these settings (HTTP or Socket Mode use the same listeners)."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)
    app = App(client=client, signing_secret=settings.slack_signing_secret.get_secret_value()
              if settings.slack_signing_secret else None,
              token_verification_enabled=False, logger=get_logger("slack"))
    store = shares or ShareStore()

    def answer(text: str, share: bool = True) -> tuple[list[dict], str]:
        report = triage(text, now=today())
        share_id = store.put(answer_blocks(report), fallback_text(report)) if share else None
        return answer_blocks(report, share_id=share_id), fallback_text(report)

    @app.command("/bbhelp")
    def slash_command(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        text = plain(command.get("text", "")).strip()
        if text in ("", "help"):
            ack()
            client.views_open(trigger_id=command["trigger_id"],
                              view=view("modal", metadata=json.dumps({"channel": command["channel_id"]})))
            return
        if text.split(None, 1)[0].lower() == "scopes":
            ack()
            respond(blocks=scopes_blocks(text.split()[1:]), text="bbhelp scopes", response_type="ephemeral")
            return
        ack(text="Triaging… (only you will see the answer)", response_type="ephemeral")
        blocks, fallback = answer(text)
        respond(blocks=blocks, text=fallback, response_type="ephemeral")

    @app.view("bbhelp_ticket")
    def modal_submitted(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        ack()
        values = view["state"]["values"]
        text = values["ticket"]["text"]["value"] or ""
        choice = values["format"]["choice"]["selected_option"]["value"]
        channel = json.loads(view.get("private_metadata") or "{}").get("channel") or body["user"]["id"]
        report = triage(text, now=today())
        if choice == "markdown":
            blocks = markdown_draft_blocks(report)
        else:
            blocks = answer_blocks(report, share_id=store.put(answer_blocks(report), fallback_text(report)))
        client.chat_postEphemeral(channel=channel, user=body["user"]["id"], blocks=blocks, text=fallback_text(report))

    @app.shortcut("triage_message")
    def message_shortcut(ack: Ack, shortcut: dict, client: WebClient) -> None:
        ack()
        channel = shortcut["channel"]["id"]
        message = shortcut["message"]
        thread = message.get("thread_ts")
        text = thread_text(client, channel, thread, upto=message["ts"]) if thread else message.get("text", "")
        blocks, fallback = answer(plain(text))
        client.chat_postEphemeral(channel=channel, user=shortcut["user"]["id"], blocks=blocks, text=fallback,
                                  thread_ts=thread)

    @app.event("app_mention")
    def mentioned(event: dict, client: WebClient) -> None:
        thread = event.get("thread_ts")
        text = thread_text(client, event["channel"], thread, upto=event["ts"]) if thread else event.get("text", "")
        blocks, fallback = answer(plain(text), share=False)
        client.chat_postMessage(channel=event["channel"], thread_ts=thread or event["ts"], blocks=blocks,
                                text=fallback)

    @app.action("share_in_channel")
    def share(ack: Ack, action: dict, body: dict, respond: Respond, client: WebClient) -> None:
        ack()
        shared = store.get(action["value"])
        if shared is None:
            respond(text="This answer has expired; run /bbhelp again to share it.", response_type="ephemeral",
                    replace_original=False)
            return
        blocks, fallback = shared
        client.chat_postMessage(channel=body["channel"]["id"], blocks=blocks, text=fallback)
        respond(text="Shared in the channel.", response_type="ephemeral", replace_original=False)

    @app.event("app_home_opened")
    def home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            client.views_publish(user_id=event["user"], view=view("home"))

    return app
