"""Seed threads triaged at 2026-11-22 name the findings a support engineer would, and so do
variations of them (other wording, endpoints, tokens), so that the rules generalise."""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from triage.answer.render import render
from triage.answer.report import Report, triage

from .seeds import answers, needs_seeds, question

NOW = date(2026, 11, 22)
VARIATIONS = tomllib.loads((Path(__file__).parent / "data" / "seed_variations.toml").read_text())["variation"]


def ids(report: Report) -> list[str]:
    return [f.id for f in report.findings]


def details(report: Report, finding_id: str) -> str:
    return " ".join(next(f for f in report.findings if f.id == finding_id).details)


@needs_seeds
def test_000_a_json_content_type_on_a_bodiless_approve_leads_and_the_scopes_are_not_the_problem():
    """Three real threads confirm it: Bitbucket answers 400 to Content-Type: application/json with no body."""
    report = triage(question("000"), now=NOW)
    found = ids(report)
    assert found[0] == "json_content_type_without_body" and report.findings[0].status == "candidate"
    assert {"credential_accepted", "scope_names_differ_not_a_problem"} <= set(found)
    assert any("Content-Type: application/json" in line for line in report.missing_evidence)


@needs_seeds
def test_001_unknown_permissions_endpoint_with_suggestion_and_retired_app_password():
    report = triage(question("001"), now=NOW)
    assert ids(report)[0] == "unknown_endpoint" and "app_password_retired" in ids(report)
    suggestion = details(report, "unknown_endpoint")
    assert "/2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/groups" in suggestion
    assert "read:project:bitbucket" in suggestion


@needs_seeds
def test_002_many_mistakes_the_bearer_first_and_the_leak_answered_apart():
    found = ids(triage(question("002"), now=NOW))
    assert found[0] == "api_token_as_bearer" and found[-1] == "credential_leaked"
    assert {"app_password_retired", "api_token_with_username", "server_api_on_cloud", "unknown_endpoint",
            "unscoped_api_token", "pr_list_open_only"} <= set(found)
    assert "silent_401_no_verbose" not in found  # the thread shows the 401 once run with -v


@needs_seeds
def test_003_bearer_and_missing_scheme_come_first():
    assert set(ids(triage(question("003"), now=NOW))[:2]) == {"api_token_as_bearer", "auth_header_without_scheme"}


@needs_seeds
def test_004_method_bearer_unscoped_and_git_user():
    found = ids(triage(question("004"), now=NOW))
    assert {"wrong_http_method", "api_token_as_bearer", "git_token_as_username"} <= set(found[:4])
    assert "unscoped_api_token" in found


@needs_seeds
@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_the_support_answers_flattened_curl_example_is_recognised(prefix: str):
    assert "flattened_line_continuation" in ids(triage(answers(prefix), now=NOW))


@needs_seeds
def test_the_leaked_token_of_002_appears_in_no_format():
    report = triage(question("002"), now=NOW)
    for fmt in ("markdown", "slack", "text", "json"):
        out = render(report, fmt)
        assert "ATATT3xFfGF06efGbWAiGJ8u" not in out and "CEFEFD99" not in out


@pytest.mark.parametrize("variation", VARIATIONS, ids=[f"{v['seed']}-{i}" for i, v in enumerate(VARIATIONS)])
def test_variation(variation: dict):
    report = triage(variation["text"], now=variation.get("now", NOW))
    found = set(ids(report))
    assert set(variation["expect"]) <= found, found
    assert not set(variation.get("absent", [])) & found, found
    for finding_id, text in variation.get("details", {}).items():
        assert text in details(report, finding_id)
