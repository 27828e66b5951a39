"""No ticket crashes a process, and a crashed triage worker never takes the service down.

The first two tests run with MALLOC_PERTURB_ set, so that glibc fills what malloc hands out with a
non-zero byte: durable_rules' uninitialised session context (see triage/rules.py `_open`) is then
a garbage pointer every time, and freeing it aborts the process every time, instead of only when
the heap happened to hold garbage there.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.loopback import BbhelpServe, children, cpu_seconds

PERTURBED = {**os.environ, "MALLOC_PERTURB_": "165"}
# The bounded share CI runs (about two minutes); `python -m bench --only forked` runs 10,000.
FORKED_CASES = int(os.environ.get("BBHELP_FORKED_CASES", "6000"))
TOKEN = "ATATT3xFfGF0Qm9yZWFsaXNUaGVXb3JkT2ZUaGVEYXk1Nzg5MDEyMzQ1Njc4OTA=A1B2C3D4"


def test_the_first_triage_of_a_process_answers_a_plain_git_clone():
    """The ticket that aborted every fresh CLI (free(): invalid pointer / SIGSEGV): no rule fired,
    and deleting a session in which no action had run freed garbage pointers."""
    run = subprocess.run([sys.executable, "-m", "triage.cli", "triage", "-", "--format", "json"],
                         input="git clone https://bitbucket.org/acme/app.git\n", capture_output=True, text=True,
                         env=PERTURBED, timeout=60)
    assert run.returncode == 0, run.stderr[-500:]
    assert json.loads(run.stdout)["facts"]["git_commands"][0]["action"] == "clone"


def test_every_case_of_the_corpus_triaged_in_a_fresh_process_ends_normally():
    run = subprocess.run([sys.executable, "-m", "tests.forked", "--cases", str(FORKED_CASES)],
                         capture_output=True, text=True, env=PERTURBED, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout)
    assert summary["outcomes"] == {"ok": FORKED_CASES}, summary


def _worker(server: BbhelpServe) -> int:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers = children(server.process.pid, marker="spawn_main")
        if len(workers) == 1:
            return workers[0]
        time.sleep(0.05)
    raise AssertionError(f"expected one triage worker, found {children(server.process.pid)}")


def _big_ticket() -> str:
    """A ticket that keeps a worker busy for a while: many distinct requests and a live token."""
    lines = [f"curl -u me@acme.io:{TOKEN} https://api.bitbucket.org/2.0/repositories/acme-{i}/app-{i}/pullrequests"
             f"\n< HTTP/2 401\n" for i in range(5_000)]
    return "".join(lines)


@pytest.fixture
def served():
    with BbhelpServe(env={"BBHELP_TRIAGE_PROCESSES": "1", "BBHELP_MAX_BODY_BYTES": str(8 << 20),
                          "BBHELP_API_KEYS": ""}) as server:
        yield server


def test_a_worker_killed_mid_triage_fails_that_request_only(served):
    worker = _worker(served)
    before = cpu_seconds(worker)
    answered: dict[str, httpx.Response] = {}
    ticket = _big_ticket()
    sender = threading.Thread(target=lambda: answered.update(
        big=httpx.post(served.url + "/v1/triage", json={"text": ticket, "format": "json"}, timeout=120)))
    sender.start()
    deadline = time.monotonic() + 30
    while cpu_seconds(worker) < before + 0.05:  # the worker is triaging this ticket now
        assert time.monotonic() < deadline, "the worker never started on the ticket"
        time.sleep(0.002)
    os.kill(worker, signal.SIGKILL)
    sender.join(timeout=120)

    failed = answered["big"]
    assert failed.status_code == 500
    assert failed.headers["content-type"].startswith("application/problem+json")
    assert "restarted" in failed.json()["detail"]
    assert TOKEN[:12] not in failed.text and "acme-" not in failed.text  # nothing of the ticket comes back

    after = httpx.post(served.url + "/v1/triage", json={"text": f"curl -H 'Authorization: Bearer {TOKEN}' "
                                                                 "https://api.bitbucket.org/2.0/user"}, timeout=60)
    assert after.status_code == 200
    assert after.json()["root_cause"] == "api_token_as_bearer"
    assert _worker(served) != worker
    assert httpx.get(served.url + "/healthz").status_code == 200


def test_a_worker_killed_while_idle_is_replaced_before_the_next_ticket(served):
    worker = _worker(served)
    os.kill(worker, signal.SIGKILL)
    time.sleep(0.2)  # the pool notices the death on its own
    after = httpx.post(served.url + "/v1/triage", json={"text": "curl -u jdoe:ATBBxyzxyzxyzxyzxyz123456 "
                                                                "https://api.bitbucket.org/2.0/user"}, timeout=60)
    assert after.status_code == 200, after.text
    assert _worker(served) != worker
