"""Seed threads triaged at 2026-11-22 name the findings a support engineer would."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from triage.render import render
from triage.report import triage

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the checkout")
NOW = date(2026, 11, 22)


def ids(prefix: str) -> list[str]:
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text()
    return [f.id for f in triage(text, now=NOW).findings]


def test_000_accepted_credential_names_differ_and_asks_for_the_400_body():
    found = ids("000")
    assert {"credential_accepted", "scope_names_differ_not_a_problem", "need_more_evidence",
            "flattened_line_continuation"} <= set(found)
    text = next(SEEDS.glob("000_*.txt")).read_text()
    report = triage(text, now=NOW)
    assert any("body of the 400" in line for line in report.missing_evidence)


def test_001_unknown_permissions_endpoint_with_suggestion_and_retired_app_password():
    text = next(SEEDS.glob("001_*.txt")).read_text()
    report = triage(text, now=NOW)
    found = {f.id: f for f in report.findings}
    assert "app_password_retired" in found
    details = " ".join(found["unknown_endpoint"].details)
    assert "/2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/groups" in details
    assert "read:project:bitbucket" in details


def test_002_many_mistakes_and_the_leak_first():
    found = ids("002")
    assert found[0] == "credential_leaked"
    assert {"api_token_as_bearer", "app_password_retired", "api_token_with_username", "silent_401_no_verbose",
            "pr_list_open_only", "server_api_on_cloud", "unknown_endpoint"} <= set(found)


def test_003_bearer_and_missing_scheme():
    assert {"api_token_as_bearer", "auth_header_without_scheme"} <= set(ids("003")[:3])


def test_004_method_bearer_unscoped_and_git_user():
    assert {"wrong_http_method", "api_token_as_bearer", "unscoped_api_token", "git_token_as_username"} <= set(ids("004"))


def test_no_secret_in_any_format():
    text = next(SEEDS.glob("002_*.txt")).read_text()
    report = triage(text, now=NOW)
    for fmt in ("markdown", "slack", "text", "json"):
        out = render(report, fmt)
        assert "ATATT3xFfGF06efGbWAiGJ8u" not in out and "CEFEFD99" not in out
