"""The REST API, the problem+json errors, API keys and the web page, through FastAPI's test client."""
from __future__ import annotations

import base64
import json
import os

import pytest
from fastapi.testclient import TestClient

from bots.server import create_app

from .loopback import page_post, without_slack

TOKEN = "ATATT3xFfGF0Wq2Er3Ty4Ui5Op6As7Df8Gh9Jk0=1A2B3C4D"
TICKET = f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/repositories/acme/app\nstill 401"


@pytest.fixture(scope="module")
def web() -> TestClient:
    return TestClient(create_app(without_slack()))


def assert_no_secret(text: str) -> None:
    for form in (TOKEN, TOKEN[12:32], base64.b64encode(TOKEN.encode()).decode()[:32]):
        assert form not in text


def test_triage_returns_findings_answer_and_redacted_facts(web):
    response = web.post("/v1/triage", json={"text": TICKET, "format": "slack", "now": "2026-11-22"})
    assert response.status_code == 200
    body = response.json()
    ids = [f["id"] for f in body["findings"]]
    assert ids[0] == "api_token_as_bearer" and ids[-1] == "credential_leaked"
    assert body["root_cause"] == "api_token_as_bearer" and body["now"] == "2026-11-22"
    assert body["answer"].startswith("*Revoke the credential in this ticket first*")
    assert body["facts"]["requests"][0]["auth"]["secret"]["display"] == "ATATT…[redacted, 48 chars]"
    assert body["scopes_needed"] == ["read:repository:bitbucket"]
    assert_no_secret(response.text)


def test_triage_defaults_to_markdown_and_today(web):
    body = web.post("/v1/triage", json={"text": TICKET}).json()
    assert body["format"] == "markdown" and body["answer"].startswith("### Revoke")


@pytest.mark.parametrize(("payload", "detail"), [
    ({"format": "text"}, "text: Field required"),
    ({"text": TICKET, "format": "html"}, "format: Input should be 'markdown', 'slack', 'text' or 'json'"),
    ({"text": TICKET, "now": "yesterday"}, "now: Input should be a valid date"),
    ({"text": TICKET, "colour": "red"}, "the body has a field the API does not know"),
    ({"text": ""}, "text: String should have at least 1 character"),
])
def test_wrong_fields_are_422_problems_that_do_not_echo_the_ticket(web, payload, detail):
    response = web.post("/v1/triage", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]
    assert_no_secret(response.text)


def test_a_body_that_is_not_json_is_a_422_problem(web):
    response = web.post("/v1/triage", content=TICKET, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["title"] == "Unprocessable Entity"
    assert_no_secret(response.text)


def test_a_body_over_the_limit_is_413():
    small = TestClient(create_app(without_slack(bbhelp_max_body_bytes=1000)))
    response = small.post("/v1/triage", json={"text": "x" * 2000})
    assert response.status_code == 413 and response.headers["content-type"] == "application/problem+json"
    assert "larger than 1000 bytes" in response.json()["detail"]
    assert small.post("/v1/triage", json={"text": "x" * 500}).status_code == 200


def test_the_default_limit_is_256_kb(web):
    assert web.post("/v1/triage", json={"text": "x" * (256 * 1024)}).status_code == 413
    assert web.post("/v1/triage", json={"text": "x" * (200 * 1024)}).status_code == 200


def test_scopes_and_nearest_endpoint(web):
    found = web.get("/v1/scopes", params={"method": "post", "url": "/2.0/repositories/a/b/pullrequests/1/approve"})
    assert found.json()["endpoint"]["token_scopes"] == ["read:pullrequest:bitbucket", "write:pullrequest:bitbucket"]
    nearest = web.get("/v1/scopes", params={"method": "GET", "url": "https://api.bitbucket.org/2.0/repositories/a/b/pull-requests"})
    assert nearest.json()["status"] == "unknown"
    assert nearest.json()["endpoint"]["path"] == "/repositories/{workspace}/{repo_slug}/pullrequests"
    missing = web.get("/v1/scopes", params={"method": "GET", "url": "/nothing/like/it"})
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert web.get("/v1/scopes", params={"method": "GET"}).status_code == 422


def test_the_catalog(web):
    catalog = web.get("/v1/findings").json()
    assert "api_token_as_bearer" in {entry["id"] for entry in catalog}
    entry = web.get("/v1/findings/api_token_as_bearer").json()
    assert entry["severity"] == "blocker" and entry["links"]
    assert web.get("/v1/findings/nope").status_code == 404


def test_health_and_openapi(web):
    assert web.get("/healthz").json() == {"status": "ok", "slack": "off", "worker": os.getpid()}
    spec = web.get("/openapi.json").json()
    assert {"/v1/triage", "/v1/scopes", "/v1/findings", "/v1/findings/{finding_id}", "/healthz"} <= set(spec["paths"])
    assert web.get("/docs").status_code == 200


def test_api_keys_when_configured():
    keyed = TestClient(create_app(without_slack(bbhelp_api_keys="k-one, k-two")))
    refused = keyed.post("/v1/triage", json={"text": TICKET})
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.headers["content-type"] == "application/problem+json"
    assert keyed.get("/v1/findings", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert keyed.get("/v1/findings", headers={"Authorization": "Bearer k-two"}).status_code == 200
    assert keyed.get("/healthz").status_code == 200


def test_the_page_triages_a_paste_without_javascript(web):
    page = web.get("/")
    assert page.status_code == 200 and '<label for="ticket">Ticket</label>' in page.text
    answer = page_post(web, "/", {"text": TICKET, "format": "markdown"})
    assert answer.status_code == 200
    html = answer.text
    assert html.index('id="leak"') < html.index('id="root-cause"') < html.index('id="corrected"')
    assert 'data-finding="api_token_as_bearer"' in html
    assert "-u &#34;$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN&#34;" in html  # escaped, copyable
    assert "### Most likely cause: API token sent as a Bearer token" in html  # the Markdown draft
    assert_no_secret(html)


def test_the_page_escapes_html_in_a_paste(web):
    html = page_post(web, "/", {"text": "<script>alert(1)</script>\ncurl https://api.bitbucket.org/2.0/<b>x</b>"}).text
    assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html


def test_the_page_asks_for_a_paste(web):
    assert "Paste a ticket first." in page_post(web, "/", {"text": "  "}).text


def test_no_error_detail_echoes_a_secret(web):
    response = web.get(f"/v1/findings/{TOKEN}")
    assert response.status_code == 404
    assert_no_secret(json.dumps(response.json()))


def test_a_body_that_is_not_text_is_a_422_problem(web):
    response = web.post("/v1/triage", content=b"V9\xe8o\xff\xfe", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "not JSON" in response.json()["detail"]
