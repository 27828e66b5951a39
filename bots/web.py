"""The web page for support agents: paste a ticket, read the answer, copy the corrected command
and the draft reply. Server-rendered (Jinja2), so it works without JavaScript; only the copy
buttons use it.

Every page carries a Content-Security-Policy that runs only its own script and style (by a nonce
per response) and lets no site frame it; every form carries a signed token (bots/guard.py), so a
form posted from another site is refused; posting costs a triage, so it is rate-limited per client.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from triage.answer.render import environment
from triage.read.extract import MAX_TICKET_CHARS, TicketTooLarge
from triage.secrets.redaction import redact_text

from .guard import form_token, form_token_valid, new_nonce, page_headers, page_key, rate_limited

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_key)])
FORMATS = [("markdown", "Markdown (community reply)"), ("slack", "Slack"), ("text", "Plain text")]
STALE_FORM = "This form is too old or did not come from this page: reload the page and paste again."


def _secret(request: Request) -> bytes:
    return request.app.state.settings.bbhelp_form_secret.get_secret_value().encode()


def _page(request: Request, status: int = 200, **values: object) -> HTMLResponse:
    values.setdefault("report", None)
    values.setdefault("error", None)
    values.setdefault("chosen", "markdown")
    values.setdefault("thanks", False)
    nonce = new_nonce()
    html = environment().get_template("web/page.html").render(formats=FORMATS, nonce=nonce,
                                                              form_token=form_token(_secret(request)), **values)
    return HTMLResponse(redact_text(html), status_code=status, headers=page_headers(nonce))


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return _page(request)


@router.post("/", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def triage_page(request: Request, text: Annotated[str, Form()] = "",
                format: Annotated[str, Form()] = "markdown", token: Annotated[str, Form()] = "") -> HTMLResponse:
    chosen = format if format in dict(FORMATS) else "markdown"
    if not form_token_valid(token, _secret(request)):
        return _page(request, 403, error=STALE_FORM, chosen=chosen)
    if not text.strip():
        return _page(request, error="Paste a ticket first.", chosen=chosen)
    if len(text) > MAX_TICKET_CHARS:
        return _page(request, error=str(TicketTooLarge(len(text))), chosen=chosen)
    given = request.app.state.answering.answer(text, "web", chosen)
    return _page(request, report=given.report, chosen=chosen, chosen_label=dict(FORMATS)[chosen],
                 draft=given.rendered, answer_id=given.answer_id)


@router.post("/feedback", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def feedback_page(request: Request, answer_id: Annotated[str, Form()] = "",
                  helpful: Annotated[str, Form()] = "", token: Annotated[str, Form()] = "") -> HTMLResponse:
    if not form_token_valid(token, _secret(request)):
        return _page(request, 403, error=STALE_FORM)
    if helpful not in ("yes", "no") or not request.app.state.answering.rate(answer_id, helpful == "yes", "web"):
        return _page(request, error="That answer is too old to rate, was rated already, or the form was "
                                    "incomplete; thanks all the same.")
    return _page(request, thanks=True)
