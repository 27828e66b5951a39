"""The App Home tab: what bbhelp does and how to ask it."""
from __future__ import annotations

from slack_sdk import WebClient

from ...answers import LOG, WEB_API_FAILURES, reason
from ...blocks import view


def app_home_opened(event: dict, client: WebClient) -> None:
    if event.get("tab", "home") == "home":
        try:
            client.views_publish(user_id=event["user"], view=view("home"))
        except WEB_API_FAILURES as error:
            LOG.warning("publishing the App Home failed (%s)", reason(error))
