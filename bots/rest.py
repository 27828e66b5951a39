"""The REST API under /v1: triage a ticket, look up scopes, read the mistake catalog.

Why these shapes: support tools and scripts want the same report the CLI's JSON
gives, plus the answer already rendered in the format they show; the catalog
lets them link a finding id to its explanation.
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from triage.answer.report import Finding
from triage.answer.scope_lookup import ScopeLookup, lookup_scopes
from triage.knowledge import Mistake, load
from triage.read.extract import MAX_TICKET_CHARS
from triage.reason.vocabulary import Facts

from .answering import Answering
from .guard import get_settings, key_accepted, rate_limited
from .problems import documented
from .settings import Settings

Format = Literal["markdown", "slack", "text", "json"]
bearer = HTTPBearer(auto_error=False, description="An API key from BBHELP_API_KEYS, when keys are configured")


def require_api_key(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                    settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """With BBHELP_API_KEYS set, every /v1 request needs `Authorization: Bearer <one of them>`."""
    if not settings.api_keys:
        return
    if not key_accepted(credentials.credentials if credentials else "", settings):
        raise HTTPException(401, "a valid API key is required: Authorization: Bearer <key>",
                            headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key)],
                   responses=documented(401, 413, 422, 500))
limited = [Depends(rate_limited)]  # routes that cost a triage or keep a row


class TriageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TICKET_CHARS,
                      description="The ticket as pasted: commands, curl -v output, errors, code")
    format: Format = Field("markdown", description="Format of `answer`")
    now: date | None = Field(None, description="Date to reason at, YYYY-MM-DD (default: today)")

    @field_validator("now", mode="before")
    @classmethod
    def _iso_date_only(cls, value: object) -> object:
        """A date is written YYYY-MM-DD; pydantic would also take a number as a Unix time."""
        if value is not None and not isinstance(value, str):
            raise ValueError("must be a date written YYYY-MM-DD")
        return value


class TriageResponse(BaseModel):
    answer_id: str = Field(description="Rate this answer with POST /v1/feedback (for an hour)")
    now: date
    format: Format
    answer: str = Field(description="The answer rendered in `format`, redacted")
    root_cause: str | None = Field(description="Id of the most likely mistake")
    findings: list[Finding] = Field(description="Most likely first")
    corrected_command: str | None
    endpoint: str | None
    scopes_needed: list[str]
    legacy_scope: str | None
    missing_evidence: list[str]
    leak_warning: list[str]
    facts: Facts = Field(description="What was read from the ticket, credentials redacted")


def get_answering(request: Request) -> Answering:
    return request.app.state.answering


@router.post("/triage", response_model=TriageResponse, summary="Triage a ticket", dependencies=limited,
             responses=documented(429))
async def triage_ticket(request: TriageRequest,
                        answering: Annotated[Answering, Depends(get_answering)]) -> TriageResponse:
    """The triage runs in a worker process, awaited from the thread pool, off the event loop. Declared
    async so that FastAPI checks the returned model on the loop instead of with a second trip to the pool."""
    return await run_in_threadpool(_answer, request, answering)


def _answer(request: TriageRequest, answering: Answering) -> TriageResponse:
    given = answering.answer(request.text, "rest", request.format, now=request.now)
    report = given.report
    return TriageResponse(**report.model_dump(), answer_id=given.answer_id, format=request.format,
                          answer=given.rendered, root_cause=report.root_cause.id if report.root_cause else None)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(min_length=1, max_length=100)
    helpful: bool


class FeedbackResponse(BaseModel):
    stored: bool = True


@router.post("/feedback", response_model=FeedbackResponse, summary="Rate an answer", dependencies=limited,
             responses=documented(404, 429))
def feedback(request: FeedbackRequest,
             answering: Annotated[Answering, Depends(get_answering)]) -> FeedbackResponse:
    if not answering.rate(request.answer_id, request.helpful, "rest"):
        raise HTTPException(404, "no such answer, or it is more than an hour old")
    return FeedbackResponse()


@router.get("/scopes", response_model=ScopeLookup, summary="The scopes an endpoint needs", responses=documented(404))
def scopes(method: Annotated[str, Query(min_length=1, max_length=10, examples=["GET"])],
           url: Annotated[str, Query(min_length=1, max_length=2000,
                                     examples=["https://api.bitbucket.org/2.0/repositories/acme/app"])]) -> ScopeLookup:
    lookup = lookup_scopes(method, url)
    if lookup.status == "none":
        raise HTTPException(404, f"no Bitbucket Cloud endpoint looks like {lookup.method} {lookup.path}")
    return lookup


@router.get("/findings", response_model=list[Mistake], summary="The mistake catalog")
def findings() -> list[Mistake]:
    return list(load().mistakes.values())


@router.get("/findings/{finding_id}", response_model=Mistake, summary="One mistake catalog entry",
            responses=documented(404))
def finding(finding_id: str) -> Mistake:
    mistake = load().mistakes.get(finding_id)
    if mistake is None:
        raise HTTPException(404, f"no finding {finding_id!r}; GET /v1/findings lists them")
    return mistake
