"""The deployment: `docker compose up --build` serves the web page, the REST API and Slack's
endpoint, on PostgreSQL 16. Needs a container runtime; where none answers (`docker info` fails,
or compose is missing), the test says so and skips."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from .loopback import free_port

ROOT = Path(__file__).resolve().parent.parent


def _runtime_missing() -> str | None:
    if shutil.which("docker") is None:
        return "no docker command"
    for check in (["docker", "info"], ["docker", "compose", "version"]):
        run = subprocess.run(check, capture_output=True, text=True)
        if run.returncode != 0:
            return f"`{' '.join(check)}` failed: {(run.stderr or run.stdout).strip().splitlines()[-1:]}"
    return None


@pytest.fixture(scope="module")
def compose():
    missing = _runtime_missing()
    if missing:
        pytest.skip(f"no container runtime here ({missing})")
    port = free_port()
    env = {**os.environ, "BBHELP_PORT": str(port), "SLACK_BOT_TOKEN": "xoxb-compose-test",
           "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef"}
    project = ["docker", "compose", "-p", f"bbhelp-test-{port}"]
    subprocess.run([*project, "up", "--build", "-d"], cwd=ROOT, env=env, check=True, timeout=1800)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                httpx.get(url + "/healthz", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the app never answered /healthz"
                time.sleep(1)
        yield url, project, env
    finally:
        subprocess.run([*project, "down", "-v"], cwd=ROOT, env=env, timeout=300)


def test_compose_serves_the_page_the_api_and_slack_on_postgresql(compose):
    url, project, env = compose
    assert httpx.get(url + "/healthz").json()["slack"] == "http"
    assert 'name="token"' in httpx.get(url + "/").text
    assert httpx.post(url + "/slack/events", content="x").status_code == 401  # Bolt checks Slack's signature
    answer = httpx.post(url + "/v1/triage", json={"text": "git clone https://bitbucket.org/acme/app.git"}, timeout=30)
    assert answer.status_code == 200
    held = subprocess.run([*project, "exec", "-T", "db", "psql", "-U", "bbhelp", "-tAc",
                           "SELECT count(*) FROM pending_answers"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert int(held.stdout.strip()) >= 1  # the answer is held in PostgreSQL, not in a worker
