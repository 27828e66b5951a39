"""What anonymous clients may make the server do and keep: a per-client rate limit, the page's
forgery token and security headers, and the optional key on the page.

Why one module: the REST API and the web page are open by default (support agents paste tickets
without an account), so each answer that costs a triage, and each row kept for the learning loop,
must be bounded per client; and the page, which renders text taken from tickets, must not run or
frame anything that text brings.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from triage.store.database import Store

from .settings import Settings

WINDOW_SECONDS = 60.0
FORM_TOKEN_SECONDS = 3600  # a page's form may be sent back within an hour
basic = HTTPBasic(auto_error=False, realm="bbhelp", description="Any user name; an API key as the password")


class RateLimit:
    """At most `per_minute` costly requests per client in each clock minute. Counted in the store, so
    that every server worker enforces one limit (a count per process would grant N times as much);
    the store keeps a hash of the client's address, not the address."""

    def __init__(self, store: Store, per_minute: int, clock: Callable[[], float] = time.time) -> None:
        self.store, self.per_minute, self.clock = store, per_minute, clock

    def allow(self, client: str) -> bool:
        key = hashlib.sha256(client.encode()).hexdigest()[:32]
        return self.store.counted(key, int(self.clock() // WINDOW_SECONDS)) <= self.per_minute

    def retry_after(self) -> int:
        """Seconds until the next minute's count starts."""
        return int(WINDOW_SECONDS - self.clock() % WINDOW_SECONDS) or 1


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def rate_limited(request: Request) -> None:
    """A dependency: 429 when this client has sent more than its share of costly requests."""
    limit = request.app.state.rate_limit
    if not limit.allow(request.client.host if request.client else "unknown"):
        raise HTTPException(429, "too many requests from this client; try again in a minute",
                            headers={"Retry-After": str(limit.retry_after())})


def key_accepted(given: str, settings: Settings) -> bool:
    """Whether `given` is one of BBHELP_API_KEYS (compared in constant time)."""
    return any(hmac.compare_digest(given.encode(), key.encode()) for key in settings.api_keys)


def page_key(credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)],
             settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """With BBHELP_PAGE_REQUIRES_KEY, the page asks the browser for an API key (HTTP Basic password)."""
    if not settings.bbhelp_page_requires_key:
        return
    if credentials is None or not key_accepted(credentials.password, settings):
        raise HTTPException(401, "this page needs an API key as the password",
                            headers={"WWW-Authenticate": 'Basic realm="bbhelp"'})


def form_token(secret: bytes, now: float | None = None) -> str:
    """A token the page puts in its forms: when it was issued, signed. A form posted from another
    site cannot carry a valid one (cross-site request forgery)."""
    issued = str(int(time.time() if now is None else now))
    return f"{issued}.{hmac.new(secret, issued.encode(), hashlib.sha256).hexdigest()}"


def form_token_valid(token: str, secret: bytes, now: float | None = None) -> bool:
    issued, _, signature = token.partition(".")
    if not issued.isdigit() or not hmac.compare_digest(form_token(secret, int(issued)), token):
        return False
    return 0 <= (time.time() if now is None else now) - int(issued) <= FORM_TOKEN_SECONDS


def page_headers(nonce: str) -> dict[str, str]:
    """The page runs only its own script and style (by nonce), is framed by no one, sends no referrer."""
    return {
        "Content-Security-Policy": (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
                                    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
