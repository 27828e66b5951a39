from __future__ import annotations

from slack_bolt import App

from .bbhelp import bbhelp_command


def register(app: App) -> None:
    app.command("/bbhelp")(bbhelp_command)
