"""300 commands generated from the grammar in tests/curl_grammar.py, each run by bash and the real
curl against a loopback server and compared with what bbhelp reads, on method, path and query,
headers and body. Where curl refuses a command, bbhelp must read no request as sent. The draw is
derandomized: CI runs the same 300 commands every time."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings

from tests.curl_compare import parsed, sent_by_curl
from tests.curl_grammar import command
from tests.loopback import Recorder

pytestmark = pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None,
                                reason="needs the curl and bash binaries")


@pytest.fixture(scope="module")
def recorder():
    with Recorder() as server:
        yield server


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command())
def test_generated_commands_are_read_as_curl_sends_them(recorder: Recorder, template: str) -> None:
    host = f"127.0.0.1:{recorder.port}"
    text = template.replace("@U@", f"http://{host}")
    assert parsed(text) == sent_by_curl(text, recorder), text
