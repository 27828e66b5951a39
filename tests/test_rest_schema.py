"""Schema-driven: schemathesis generates requests from the app's own OpenAPI description;
no request may make the server fail (5xx) or answer outside its schema."""
from __future__ import annotations

import os

import schemathesis
from hypothesis import settings

from bots.server import create_app

from .loopback import without_slack

KEY = "schema-test-key"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(
    without_slack(bbhelp_api_keys=KEY)))


@schema.parametrize()
@settings(max_examples=300 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 40, deadline=None)
def test_no_generated_request_breaks_the_api(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"})
