"""The Bolt app: its Web API client, the middleware every request passes, and the listeners
(bots/slack/listeners, one per file) for /bbhelp, the form, the message shortcut, mentions, the
Share and thumbs buttons and the App Home.

Why this shape: every listener acks first (Slack's 3-second limit) and answers after the ack; Bolt
runs the rest of a listener in its thread pool once `ack()` has been called
(`process_before_response=False`). The Web API client has a short timeout and bounded retries;
when a call fails the user is told through the request's response_url, which needs no Web API call.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from triage.logs import get_logger

from ..answering import Answering
from ..settings import Settings
from .listeners import register_listeners

REPLAY_WINDOW = timedelta(minutes=6)  # Slack's signatures are accepted for five minutes after their timestamp
# Bolt runs each listener, ack included, in this pool; its default of 5 threads is taken by five
# answers in progress (each mostly waiting on a triage process or the Web API), so the sixth
# command's ack would queue behind them and miss Slack's 3 s. Threads that wait cost little.
LISTENER_THREADS = 64


def build_app(settings: Settings, answering: Answering, today: Callable[[], date] = date.today) -> App:
    """The Bolt app for these settings (HTTP or Socket Mode use the same listeners), answering through
    `answering`; `today` is the date tickets are triaged at (tests hold it to prove the ack never
    waits for a triage)."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url,
                       timeout=settings.slack_timeout_seconds,
                       retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1),
                                       RateLimitErrorRetryHandler(max_retry_count=1)])
    app = App(client=client, signing_secret=settings.slack_signing_secret.get_secret_value()
              if settings.slack_signing_secret else None,
              token_verification_enabled=False, logger=get_logger("slack"),
              listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="slack-listener"))

    @app.middleware
    def reject_replays(req: BoltRequest, resp: BoltResponse,
                       next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002 (Bolt's name)
        """A signed request answered once is refused when it comes again (a replay within the window
        Bolt's signature check allows), whichever worker it reaches: the signatures are in the store."""
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if signature and not answering.store.first_sighting(signature, REPLAY_WINDOW):
            return BoltResponse(status=401, body="this request was already received")
        return next()

    @app.middleware
    def provide(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002
        """What the listeners answer with: the one answering service and the clock."""
        context["answering"] = answering
        context["today"] = today
        return next()

    register_listeners(app)
    return app
