from __future__ import annotations

from slack_bolt import App

from .triage_message import triage_message


def register(app: App) -> None:
    app.shortcut("triage_message")(triage_message)
