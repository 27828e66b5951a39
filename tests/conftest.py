"""Test-wide setup: the learning-loop store in a temporary SQLite file (set before any test module
builds an app), a per-client rate limit no functional test reaches (tests/test_security.py tests
the real one), a check that no store the suite wrote holds a token, and hypothesis profiles (`default` quick; HYPOTHESIS_PROFILE=deep searches harder)."""
from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("deep", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
os.environ["BBHELP_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bbhelp-tests-')}/bbhelp.db"
os.environ["BBHELP_RATE_PER_MINUTE"] = "1000000"


LIVE_TOKEN = re.compile(rb"AT(?:ATT|CTT|BB)[A-Za-z0-9_\-+/=]{8}")


class Logged(logging.Handler):
    """Every log record of the suite that reaches the root logger, as the handlers would print it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


LOGGED = Logged()
logging.getLogger().addHandler(LOGGED)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole suite, no store any test wrote (the shared one and every tmp_path database)
    and no log line it produced holds a token: each was fed live-looking tokens through every channel."""
    roots = [Path(os.environ["BBHELP_DATABASE_URL"].removeprefix("sqlite:///")).parent]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        roots.append(factory.getbasetemp())
    leaks = [str(db) for root in roots if root.exists() for db in root.rglob("*.db")
             if LIVE_TOKEN.search(db.read_bytes())]
    leaks += [f"log line {line[:80]!r}" for line in LOGGED.lines if LIVE_TOKEN.search(line.encode())]
    if leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nA token was kept by the suite in: {', '.join(leaks)}")
