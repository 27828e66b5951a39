"""The Bolt app: listeners for /bbhelp, the modal, the message shortcut, mentions, the Share
button and the App Home.

Why this shape: every listener acks first (Slack's 3-second limit) and triages after
the ack; Bolt runs the rest of a listener in its thread pool once `ack()` has been
called (`process_before_response=False`). Answers are ephemeral by default because
tickets hold secrets; what is shared or posted is the redacted answer only. The Web
API client has a short timeout and bounded retries; when a call fails the user is
told through the request's response_url, which needs no Web API call.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from triage.answer.report import Report, triage
from triage.logs import get_logger

from ..learning import LearningLoop
from ..recent import Recent
from ..settings import Settings
from .blocks import FAILED_TEXT, answer_blocks, failed_blocks, fallback_text, markdown_draft_blocks, view
from .scopes import scopes_blocks
from .text import plain
from .threads import thread_text

LOG = get_logger("slack")
REPLAY_WINDOW = timedelta(minutes=6)  # Slack's signatures are accepted for five minutes after their timestamp
# What a failed Web API call raises: Slack said no, or the call timed out / could not connect.
WEB_API_FAILURES = (SlackClientError, OSError)


def _reason(error: Exception) -> str:
    """What Slack said (e.g. not_in_channel), or that it did not answer."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "an error"))
    return "no answer in time" if "timed out" in str(error).lower() else "a connection error"


def _ticket_text(client: WebClient, channel: str, message: dict) -> str:
    """What to triage for a message (a shortcut's target, a mention): in a thread, the thread so far,
    else the message; the message alone when the thread cannot be read. Slack's escaping undone."""
    text = message.get("text", "")
    if message.get("thread_ts"):
        try:
            text = thread_text(client, channel, message["thread_ts"], upto=message["ts"])
        except WEB_API_FAILURES as error:
            LOG.warning("reading the thread failed (%s): triaging the message alone", _reason(error))
    return plain(text)


def build_app(settings: Settings, today: Callable[[], date] = date.today,
              learning: LearningLoop | None = None,
              triage: Callable[[str, date], Report] = triage) -> App:
    """The Bolt app for these settings (HTTP or Socket Mode use the same listeners). With the
    learning loop, weak answers are kept and answers carry thumbs up/down buttons. `triage` is how
    a ticket is triaged: the server passes its worker processes' (bots/workers.py)."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url,
                       timeout=settings.slack_timeout_seconds,
                       retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1),
                                       RateLimitErrorRetryHandler(max_retry_count=1)])
    app = App(client=client, signing_secret=settings.slack_signing_secret.get_secret_value()
              if settings.slack_signing_secret else None,
              token_verification_enabled=False, logger=get_logger("slack"))
    shares: Recent[tuple[list[dict], str]] = Recent()

    if learning is not None:
        @app.middleware
        def reject_replays(req: BoltRequest, resp: BoltResponse,
                           next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002 (Bolt's name)
            """A signed request answered once is refused when it comes again (a replay within the window
            Bolt's signature check allows), whichever worker it reaches: the signatures are in the store."""
            signature = (req.headers.get("x-slack-signature") or [""])[0]
            if signature and not learning.store.first_sighting(signature, REPLAY_WINDOW):
                return BoltResponse(status=401, body="this request was already received")
            return next()

    def answer(text: str, share: bool = True) -> tuple[list[dict], str]:
        try:
            report = triage(text, today())
        except Exception:  # a crashed worker, a ticket over the size limit…: never leave the user with nothing
            LOG.exception("triage failed")
            return failed_blocks(), FAILED_TEXT
        share_id = shares.put((answer_blocks(report), fallback_text(report))) if share else None
        feedback_id = learning.answered(report, "slack", "slack") if learning else None
        return answer_blocks(report, share_id=share_id, feedback_id=feedback_id), fallback_text(report)

    @app.command("/bbhelp")
    def slash_command(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        text = plain(command.get("text", "")).strip()
        if text in ("", "help"):
            ack()
            try:
                client.views_open(trigger_id=command["trigger_id"],
                                  view=view("modal", metadata=json.dumps({"channel": command["channel_id"]})))
            except WEB_API_FAILURES as error:
                respond(text=f"bbhelp could not open its form (Slack: {_reason(error)}). "
                             "Paste the ticket after the command instead: /bbhelp <ticket>.", response_type="ephemeral")
            return
        if text.split(None, 1)[0].lower() == "scopes":
            ack()
            respond(blocks=scopes_blocks(text.split()[1:]), text="bbhelp scopes", response_type="ephemeral")
            return
        ack(text="Triaging… (only you will see the answer)", response_type="ephemeral")
        blocks, fallback = answer(text)
        respond(blocks=blocks, text=fallback, response_type="ephemeral")

    @app.view("bbhelp_ticket")
    def modal_submitted(ack: Ack, view: dict) -> None:
        """The form's text is at most 3,000 characters (a few ms to triage), so the answer replaces the
        form in the ack itself: no Web API call that could fail, and no channel membership needed."""
        values = view["state"]["values"]
        try:
            report = triage(values["ticket"]["text"]["value"] or "", today())
        except Exception:  # the crash of a worker or anything else: the form must still be answered
            LOG.exception("triage failed")
            ack(response_action="update", view=answer_view(failed_blocks()))
            return
        markdown = values["format"]["choice"]["selected_option"]["value"] == "markdown"
        blocks = markdown_draft_blocks(report) if markdown else answer_blocks(report)
        ack(response_action="update", view=answer_view(blocks))

    @app.shortcut("triage_message")
    def message_shortcut(ack: Ack, shortcut: dict, respond: Respond, client: WebClient) -> None:
        ack()
        channel = shortcut["channel"]["id"]
        thread = shortcut["message"].get("thread_ts")
        blocks, fallback = answer(_ticket_text(client, channel, shortcut["message"]))
        try:
            client.chat_postEphemeral(channel=channel, user=shortcut["user"]["id"], blocks=blocks, text=fallback,
                                      thread_ts=thread)
        except WEB_API_FAILURES as error:
            LOG.warning("chat.postEphemeral failed (%s): answering through the response URL", _reason(error))
            respond(blocks=blocks, text=fallback, response_type="ephemeral", replace_original=False)

    @app.event("app_mention")
    def mentioned(event: dict, client: WebClient) -> None:
        thread = event.get("thread_ts")
        blocks, fallback = answer(_ticket_text(client, event["channel"], event), share=False)
        try:
            client.chat_postMessage(channel=event["channel"], thread_ts=thread or event["ts"], blocks=blocks,
                                    text=fallback)
        except WEB_API_FAILURES as error:
            LOG.warning("answering a mention failed (%s); nothing else reaches the user of an event", _reason(error))

    @app.action("share_in_channel")
    def share(ack: Ack, action: dict, body: dict, respond: Respond, client: WebClient) -> None:
        ack()
        shared = shares.get(action["value"])
        if shared is None:
            respond(text="This answer has expired; run /bbhelp again to share it.", response_type="ephemeral",
                    replace_original=False)
            return
        blocks, fallback = shared
        try:
            client.chat_postMessage(channel=body["channel"]["id"], blocks=blocks, text=fallback)
        except WEB_API_FAILURES as error:
            respond(text=f"Could not share the answer (Slack: {_reason(error)}). If bbhelp is not in this channel, "
                         "invite it with /invite @bbhelp and press Share again.", response_type="ephemeral",
                    replace_original=False)
            return
        respond(text="Shared in the channel.", response_type="ephemeral", replace_original=False)

    @app.action("feedback_up")
    @app.action("feedback_down")
    def feedback(ack: Ack, action: dict, respond: Respond) -> None:
        ack()
        if learning is None or not learning.rate(action["value"], action["action_id"] == "feedback_up", "slack"):
            respond(text="This answer is too old to rate; thanks all the same.", response_type="ephemeral",
                    replace_original=False)
            return
        respond(text="Thanks: knowledge-base authors read every rating.", response_type="ephemeral",
                replace_original=False)

    @app.event("app_home_opened")
    def home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            try:
                client.views_publish(user_id=event["user"], view=view("home"))
            except WEB_API_FAILURES as error:
                LOG.warning("publishing the App Home failed (%s)", _reason(error))

    return app


def answer_view(blocks: list[dict]) -> dict:
    """The modal that shows an answer in place of the form."""
    return view("answer_modal", blocks=blocks)
