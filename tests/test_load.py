"""`bbhelp serve` under a bounded, loopback-only load: valid, huge, malformed and concurrent requests
mixed. No 5xx, every answer is the one its request deserves, the process stays up and its memory
flat. (Throughput figures are in `python -m bench`, not here.)"""
from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from triage.knowledge import load

from .loopback import FORM_TOKEN, BbhelpServe, rss_kib

TICKETS = [example.text for mistake in load().mistakes.values() for example in mistake.positive]
REQUESTS = 600  # bounded: count, 8 at a time, each with a 30 s timeout


@pytest.fixture(scope="module")
def server():
    with BbhelpServe() as running:
        yield running.process, running.url, FORM_TOKEN.search(httpx.get(running.url + "/").text).group(1)


def mixed(i: int, token: str) -> tuple[str, str, dict, set[int]]:
    """(method, path, request kwargs, statuses that are right for it) for request number i."""
    ticket = TICKETS[i % len(TICKETS)]
    kinds = [
        ("POST", "/v1/triage", {"json": {"text": ticket, "format": ("markdown", "slack", "text", "json")[i % 4]}},
         {200}),
        ("POST", "/v1/triage", {"json": {"text": "x" * 300_000}}, {413}),
        ("POST", "/v1/triage", {"content": ticket[:50], "headers": {"content-type": "application/json"}}, {422}),
        ("POST", "/v1/triage", {"json": {"text": ticket, "format": "pdf"}}, {422}),
        ("GET", "/v1/scopes", {"params": {"method": "GET", "url": "/2.0/repositories/a/b"}}, {200}),
        ("POST", "/", {"data": {"text": ticket, "token": token}}, {200}),
        ("POST", "/", {"data": {"text": ticket}}, {403}),  # a form from elsewhere: no token
        ("GET", "/v1/findings/api_token_as_bearer", {}, {200}),
    ]
    return kinds[i % len(kinds)]


def test_a_mixed_concurrent_load_gets_no_5xx_and_memory_stays_flat(server):
    process, url, token = server

    def send(i: int) -> tuple[int, set[int]]:
        method, path, kwargs, expected = mixed(i, token)
        with httpx.Client(base_url=url, timeout=30) as client:
            return client.request(method, path, **kwargs).status_code, expected

    with ThreadPoolExecutor(max_workers=8) as pool:
        warm = list(pool.map(send, range(REQUESTS // 3)))
        after_warm_up = rss_kib(process.pid)
        rest = list(pool.map(send, range(REQUESTS // 3, REQUESTS)))
    end = rss_kib(process.pid)
    wrong = [(status, expected) for status, expected in itertools.chain(warm, rest) if status not in expected]
    assert not wrong, wrong[:5]
    assert process.poll() is None and httpx.get(url + "/healthz").status_code == 200
    assert end - after_warm_up < max(after_warm_up // 5, 20 * 1024), (after_warm_up, end)  # flat: < 20% or 20 MiB
