from __future__ import annotations

from slack_bolt import App

from .ticket_form import ticket_form_submitted


def register(app: App) -> None:
    app.view("bbhelp_ticket")(ticket_form_submitted)
