"""`bbhelp serve`: one FastAPI app for the REST API (/v1), the web page (/) and, when
configured, Slack's HTTP endpoint (/slack/events).

Why the Slack route lives here: Slack in HTTP mode and the REST API share one
server and port. Every channel triages through the same worker processes (bots/workers.py), so
a crash in the rule engine fails one answer, never the server. Bolt's Starlette adapter converts
requests both ways; dispatch runs in the thread pool so Bolt's synchronous listeners never block
the event loop.
"""
from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, timedelta

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from triage.logs import get_logger
from triage.store.database import Store
from triage.warmup import prepare_front

from . import problems, rest, web
from .answering import Answering
from .guard import RateLimit
from .problems import BodyLimit
from .settings import Settings
from .workers import TriageWorkers

LOG = get_logger("server")


def create_app(settings: Settings | None = None, today: Callable[[], date] = date.today) -> FastAPI:
    """The server for these settings (default: from the environment). `today` is the Slack app's
    clock (tests hold it to prove the ack never waits for a triage)."""
    settings = settings or Settings()
    workers = TriageWorkers(settings.bbhelp_triage_processes)

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        """Start and warm the triage workers before the first request; stop them at the end."""
        await run_in_threadpool(workers.start)
        await run_in_threadpool(prepare_front, workers.triage)
        yield
        workers.close()

    api = FastAPI(title="bbhelp", summary="Triage Bitbucket Cloud API and git authentication tickets",
                  version="1", lifespan=lifespan)
    api.state.settings = settings
    api.state.workers = workers
    api.state.slack = "off"
    api.state.answering = Answering(Store(settings.bbhelp_database_url), workers.triage,  # the store migrates
                                    retention=timedelta(days=settings.bbhelp_retention_days))
    api.state.rate_limit = RateLimit(api.state.answering.store, settings.bbhelp_rate_per_minute)
    problems.install(api)
    api.add_middleware(BodyLimit, max_bytes=settings.bbhelp_max_body_bytes)
    api.include_router(rest.router)
    api.include_router(web.router)

    @api.get("/healthz")
    def health() -> dict[str, str | int]:
        """Up, whether Slack is on, and which server worker answered (with --workers N, a probe or a
        load balancer sees each worker's own health)."""
        return {"status": "ok", "slack": api.state.slack, "worker": os.getpid()}

    if settings.slack_http:
        from .slack.app import build_app  # imported only when Slack is configured

        bolt = build_app(settings, api.state.answering, today=today)
        api.state.slack = "http"

        @api.post("/slack/events", include_in_schema=False)
        async def slack_events(request: Request) -> Response:
            body = await request.body()
            return to_starlette_response(await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body)))
    else:
        LOG.warning("Slack is off: %s not set; serving without /slack/events", " and ".join(settings.slack_missing()))
    return api
