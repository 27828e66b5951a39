"""`bbhelp serve --workers 2`: two supervised server workers share one store, so every click reaches
its answer whichever worker takes it, a form served by one worker is accepted by the other, and a
worker killed with SIGKILL is replaced while the service keeps answering."""
from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from triage.store.database import Store

from .loopback import FORM_TOKEN, BbhelpServe, children

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the worker processes from /proc")
TICKETS = ["curl -u jane@acme.io:$BB_API_TOKEN https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests\n"
           f"HTTP/2 40{i % 2 + 3}" for i in range(40)]


def server_workers(server: BbhelpServe, count: int, other_than: set[int] = frozenset()) -> list[int]:
    """The server's worker processes, once `count` of them are alive (and none is in `other_than`)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = children(server.process.pid, marker="spawn_main")
        if len(found) == count and not other_than & set(found):
            return found
        time.sleep(0.1)
    raise AssertionError(f"expected {count} server workers, found {children(server.process.pid)}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('workers')}/served.db"
    with BbhelpServe(env={"BBHELP_DATABASE_URL": url, "BBHELP_API_KEYS": ""}, workers=2) as server:
        server_workers(server, 2)
        yield server, Store(url)


@contextmanager
def two_workers(url: str) -> Iterator[list[httpx.Client]]:
    """Two clients whose kept connections reach different workers (a client's requests reach one worker)."""
    clients: dict[int, httpx.Client] = {}
    for _ in range(50):
        client = httpx.Client(base_url=url, timeout=30)
        if clients.setdefault(client.get("/healthz").json()["worker"], client) is not client:
            client.close()
        if len(clients) == 2:
            break
    try:
        assert len(clients) == 2, "every connection reached the same worker"
        yield list(clients.values())
    finally:
        for client in clients.values():
            client.close()


@pytest.fixture
def pinned(served):
    with two_workers(served[0].url) as clients:
        yield clients


def test_forty_answers_rated_through_other_workers_and_fresh_connections_are_all_stored(served, pinned):
    server, store = served
    before = store.counts()[1]
    ids = [pinned[i % 2].post("/v1/triage", json={"text": text}).json()["answer_id"] for i, text in enumerate(TICKETS)]
    ratings = [pinned[(i + 1) % 2].post("/v1/feedback", json={"answer_id": answer_id, "helpful": True})
               if i % 4 == 0 else  # the other worker than the one that answered; else a new connection
               httpx.post(server.url + "/v1/feedback", json={"answer_id": answer_id, "helpful": False}, timeout=30)
               for i, answer_id in enumerate(ids)]
    assert [r.json() for r in ratings] == [{"stored": True}] * 40
    assert store.counts()[1] == before + 40
    for client in pinned:  # rated once, whichever worker is asked
        assert client.post("/v1/feedback", json={"answer_id": ids[0], "helpful": True}).status_code == 404


def test_a_form_served_by_one_worker_is_accepted_by_another(pinned):
    token = FORM_TOKEN.search(pinned[0].get("/").text).group(1)
    page = pinned[1].post("/", data={"text": TICKETS[0], "token": token})
    assert page.status_code == 200 and 'name="answer_id"' in page.text  # answered, not "reload the page"


def test_a_killed_worker_is_replaced_and_the_service_keeps_answering(served):
    server, _ = served
    first = server_workers(server, 2)
    its_triage = children(first[0], marker="spawn_main")
    assert its_triage, "each server worker triages in a process of its own"
    os.kill(first[0], signal.SIGKILL)
    answered = [httpx.post(server.url + "/v1/triage", json={"text": text}, timeout=30).status_code
                for text in TICKETS[:10]]
    assert answered == [200] * 10  # the other worker answered while the first was replaced
    replaced = server_workers(server, 2, other_than={first[0]})
    assert first[1] in replaced
    assert httpx.get(server.url + "/healthz", timeout=30).json()["status"] == "ok"
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in its_triage):  # orphaned, they end themselves
        assert time.monotonic() < deadline, "the killed worker's triage processes outlived it"
        time.sleep(0.1)


def test_the_rate_limit_is_one_for_all_workers(tmp_path):
    env = {"BBHELP_DATABASE_URL": f"sqlite:///{tmp_path}/rate.db", "BBHELP_API_KEYS": "", "BBHELP_RATE_PER_MINUTE": "4"}
    with BbhelpServe(env=env, workers=2) as server:
        server_workers(server, 2)
        with two_workers(server.url) as clients:
            minute = time.time() // 60
            statuses = [clients[i % 2].post("/v1/triage", json={"text": TICKETS[0]}).status_code for i in range(6)]
            if time.time() // 60 != minute:  # the count starts again each clock minute
                pytest.skip("a clock minute ended during the six requests")
    assert statuses == [200, 200, 200, 200, 429, 429]
