"""Errors as RFC 9457 problem details (`application/problem+json`), and the body-size limit.

Why here: every route, the web page and Slack's endpoint share one error shape
and one limit. Error details never echo the request: a ticket's text (with its
secrets) must not come back in an error, so validation errors name the field
and the rule only.
"""
from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from triage.logs import get_logger
from triage.secrets.redaction import redact_text

from .workers import EngineCrashed

LOG = get_logger("server")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


def documented(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI `responses` entries for problem answers with these statuses."""
    return {status: {"description": HTTPStatus(status).phrase, "model": Problem,
                     "content": {"application/problem+json": {}}} for status in statuses}


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A problem response; the detail passes the redactor as a last guard."""
    return JSONResponse({"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
                         "detail": redact_text(detail)}, status_code=status, media_type="application/problem+json",
                        headers=headers)


def _field_errors(error: RequestValidationError) -> str:
    """Each error's field and rule. An unknown field is not named: its name is the client's text
    (it could be a secret pasted as a key)."""
    parts = []
    for item in error.errors():
        if item.get("type") == "extra_forbidden":
            parts.append("the body has a field the API does not know (allowed: see /docs)")
            continue
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(dict.fromkeys(parts))


def install(api: FastAPI) -> None:
    """Problem responses for HTTP errors, invalid requests and anything unexpected."""

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 400:  # only FastAPI raises 400: a body it could not decode at all
            return problem(422, "the body is not JSON (UTF-8 text) as the API expects")
        return problem(error.status_code, str(error.detail), getattr(error, "headers", None))

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem(422, _field_errors(error))

    @api.exception_handler(EngineCrashed)
    async def crashed(request: Request, error: EngineCrashed) -> JSONResponse:
        return problem(500, "the triage engine failed on this request and was restarted; nothing of the "
                            "request was kept. Try again; if it fails again, please report it.")

    @api.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "bbhelp failed on this request; nothing of it was kept. Please report it.")


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, by Content-Length or as they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, self._detail())
            return message

        await self.app(scope, counted, send)

    def _detail(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes (BBHELP_MAX_BODY_BYTES)"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await problem(413, self._detail())(scope, receive, send)
