"""The web page for support agents: paste a ticket, read the answer, copy the corrected command
and the draft reply. Server-rendered (Jinja2), so it works without JavaScript; only the copy
buttons use it."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from triage.answer.render import environment, render
from triage.read.extract import MAX_TICKET_CHARS, TicketTooLarge
from triage.secrets.redaction import redact_text

router = APIRouter(include_in_schema=False)
FORMATS = [("markdown", "Markdown (community reply)"), ("slack", "Slack"), ("text", "Plain text")]


def _page(**values: object) -> HTMLResponse:
    values.setdefault("report", None)
    values.setdefault("error", None)
    values.setdefault("chosen", "markdown")
    values.setdefault("thanks", False)
    html = environment().get_template("web/page.html").render(formats=FORMATS, **values)
    return HTMLResponse(redact_text(html))


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    return _page()


@router.post("/", response_class=HTMLResponse)
def triage_page(request: Request, text: Annotated[str, Form()] = "",
                format: Annotated[str, Form()] = "markdown") -> HTMLResponse:
    chosen = format if format in dict(FORMATS) else "markdown"
    if not text.strip():
        return _page(error="Paste a ticket first.", chosen=chosen)
    if len(text) > MAX_TICKET_CHARS:
        return _page(error=str(TicketTooLarge(len(text))), chosen=chosen)
    report = request.app.state.workers.triage(text)
    return _page(report=report, chosen=chosen, chosen_label=dict(FORMATS)[chosen], draft=render(report, chosen),
                 answer_id=request.app.state.learning.answered(report, "web", chosen))


@router.post("/feedback", response_class=HTMLResponse)
def feedback_page(request: Request, answer_id: Annotated[str, Form()] = "",
                  helpful: Annotated[str, Form()] = "") -> HTMLResponse:
    if helpful not in ("yes", "no") or not request.app.state.learning.rate(answer_id, helpful == "yes", "web"):
        return _page(error="That answer is too old to rate (or the form was incomplete); thanks all the same.")
    return _page(thanks=True)
