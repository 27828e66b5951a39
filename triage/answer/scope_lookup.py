"""Which scopes an endpoint needs: `bbhelp scopes METHOD URL` and `/bbhelp scopes …` in Slack.

Why its own module: the CLI and the Slack app answer the same question from the
endpoint catalog; the lookup lives here once and each renders it with its template.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel

from triage.knowledge import Endpoint, load


class ScopeLookup(BaseModel):
    method: str
    path: str
    status: str  # known, wrong_method, unknown (endpoint is then the nearest one), none
    endpoint: Endpoint | None = None
    accepts: list[str] = []


def lookup_scopes(method: str, url: str) -> ScopeLookup:
    """The catalog operation for METHOD URL (a full URL or a /2.0/… path), or the nearest one."""
    try:
        path = urlsplit(url if "://" in url else "https://api.bitbucket.org" + url).path
    except ValueError:  # not a URL at all (e.g. an unclosed '[' host): read it as a path
        path = url.split("?", 1)[0]
    match = load().match(method, path)
    endpoint = match.endpoint or match.suggestion
    return ScopeLookup(method=method.upper(), path=path, status=match.status if endpoint else "none",
                       endpoint=endpoint, accepts=endpoint.accepts if endpoint else [])
