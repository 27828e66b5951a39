"""The form a bare /bbhelp opens: a long ticket, answered as Slack blocks or as a Markdown draft.

Why the answer replaces the form in the ack itself: the form's text is at most 3,000 characters
(a few ms to triage), so no Web API call that could fail is needed, nor channel membership. A
modal has no response URL to answer a button click on, so its answer carries no buttons.
"""
from __future__ import annotations

from slack_bolt import Ack, BoltContext

from ...answers import answer
from ...blocks import view


def ticket_form_submitted(ack: Ack, view: dict, context: BoltContext) -> None:  # noqa: A002 (Bolt's name)
    values = view["state"]["values"]
    markdown = values["format"]["choice"]["selected_option"]["value"] == "markdown"
    blocks, _ = answer(context, values["ticket"]["text"]["value"] or "", "draft" if markdown else "modal",
                       shareable=False)
    ack(response_action="update", view=answer_view(blocks))


def answer_view(blocks: list[dict]) -> dict:
    """The modal that shows an answer in place of the form."""
    return view("answer_modal", blocks=blocks)
