from __future__ import annotations

from slack_bolt import App

from .feedback import feedback
from .share_in_channel import share_in_channel


def register(app: App) -> None:
    app.action("share_in_channel")(share_in_channel)
    app.action("feedback_up")(feedback)
    app.action("feedback_down")(feedback)
