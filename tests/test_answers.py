"""What a user reads: the answer opens with this ticket's root cause, then the corrected request
built from their own command, the scopes, other findings and what to paste next; the CLI."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from triage.answer.render import FORMATS, render
from triage.answer.report import triage
from triage.cli import main

NOW = date(2026, 11, 22)
TOKEN = "ATATT3xFfGF0Vb8Nm7Qw6Er5Ty4Ui3Op2As1Df0=7E6D5C4B"
BEARER_TICKET = f"""Listing merged PRs fails with 401:
curl -s -H "Authorization: Bearer {TOKEN}" "https://api.bitbucket.org/2.0/repositories/northwind/billing-api/pullrequests?state=MERGED"
"""


def test_the_answer_opens_with_the_root_cause_of_this_ticket():
    report = triage(BEARER_TICKET, now=NOW)
    text = render(report, "text")
    headings = re.findall(r"^== (.*) ==$", text, re.M)
    assert headings[0] == "Revoke the credential in this ticket first"
    assert headings[1] == "Most likely cause: API token sent as a Bearer token"
    assert headings[2] == "Corrected request"


def test_the_corrected_request_keeps_the_users_url_and_fixes_the_auth():
    command = triage(BEARER_TICKET, now=NOW).corrected_command
    assert "https://api.bitbucket.org/2.0/repositories/northwind/billing-api/pullrequests?state=MERGED" in command
    assert '-u "$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN"' in command and "Bearer" not in command
    assert "--request GET" in command


def test_the_corrected_request_fixes_method_and_path_with_the_users_values():
    report = triage("curl -X POST -u me@northwind.io:$API_TOKEN "
                    "https://api.bitbucket.org/2.0/workspaces/northwind/projects/OPS/permissions/users", now=NOW)
    assert "/2.0/workspaces/northwind/projects/OPS/permissions-config/users" in report.corrected_command
    assert "--request GET" in report.corrected_command
    assert report.scopes_needed == ["read:project:bitbucket"]


def test_an_access_token_keeps_bearer_in_the_correction():
    report = triage('curl -u me@x.io:"$REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app', now=NOW)
    assert "access_token_with_basic" in {f.id for f in report.findings}
    assert 'Authorization: Bearer $BITBUCKET_ACCESS_TOKEN' in report.corrected_command


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_repeats_the_token(fmt: str):
    out = render(triage(BEARER_TICKET, now=NOW), fmt)
    assert TOKEN not in out and TOKEN[10:30] not in out and "7E6D5C4B" not in out


@pytest.mark.parametrize(("fmt", "heading"), [("markdown", r"### .+"), ("slack", r"\*[^*]+\*"), ("text", r"== .+ ==")])
def test_every_section_is_separated_by_a_blank_line(fmt: str, heading: str):
    report = triage(BEARER_TICKET.replace("?state=MERGED", ""), now=NOW)
    lines = render(report, fmt).splitlines()
    starts = [i for i, line in enumerate(lines) if re.fullmatch(heading, line)]
    assert len(starts) == 4 and all(lines[i - 1] == "" for i in starts[1:])


def test_the_corrected_request_gives_the_credential_bitbucket_had_at_the_tickets_date():
    ticket = 'curl -X POST -u "jdoe:$APP_PW" https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/3/approve\n403'
    before = triage(ticket, now=date(2024, 7, 9)).corrected_command
    after = triage(ticket, now=date(2025, 7, 9)).corrected_command
    assert '-u "$BITBUCKET_USERNAME:$BITBUCKET_APP_PASSWORD"' in before and "API_TOKEN" not in before
    assert '-u "$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN"' in after


def test_an_app_password_is_answered_as_of_the_tickets_date():
    """Recommended until the deprecation notice, deprecated until the brownouts, browned out until
    2026-07-28, gone from then (DOMAIN.md section 4)."""
    ticket = "curl -u jdoe:ATBBa1b2c3d4e5f6g7h8i9j0 https://api.bitbucket.org/2.0/user"
    stages = ("app_password_deprecated", "app_password_brownout", "app_password_retired")
    at = {day: [f.id for f in triage(ticket, now=day).findings if f.id in stages]
          for day in (date(2025, 6, 8), date(2025, 6, 9), date(2026, 6, 8), date(2026, 6, 9), date(2026, 7, 27),
                      date(2026, 7, 28))}
    assert list(at.values()) == [[], ["app_password_deprecated"], ["app_password_deprecated"],
                                 ["app_password_brownout"], ["app_password_brownout"], ["app_password_retired"]]


def test_cli_json_lists_findings_most_likely_first(tmp_path, capsys):
    ticket = tmp_path / "ticket.txt"
    ticket.write_text(BEARER_TICKET)
    assert main(["triage", str(ticket), "--format", "json", "--now", "2026-11-22"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings[0]["id"] == "api_token_as_bearer" and findings[-1]["id"] == "credential_leaked"
    assert {"id", "severity", "confidence", "status", "title", "evidence", "fix"} <= set(findings[0])
    assert any("northwind/billing-api" in line for line in findings[0]["evidence"])


def test_cli_scopes_names_token_and_legacy_scopes_and_credential_kinds(capsys):
    assert main(["scopes", "POST", "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/5/approve"]) == 0
    out = capsys.readouterr().out
    assert "/2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve" in out
    assert "read:pullrequest:bitbucket, write:pullrequest:bitbucket" in out
    assert "pullrequest:write" in out and "api_token" in out and "access_token" in out


def test_cli_scopes_suggests_the_nearest_real_endpoint(capsys):
    assert main(["scopes", "GET", "/2.0/repositories/acme/app/pull-requests"]) == 0
    assert "/2.0/repositories/{workspace}/{repo_slug}/pullrequests" in capsys.readouterr().out


def test_cli_explain_and_an_unknown_id(capsys):
    assert main(["explain", "api_token_as_bearer"]) == 0
    assert "Basic" in capsys.readouterr().out
    assert main(["explain", "no_such_thing"]) == 1
    assert "no catalog entry" in capsys.readouterr().err


def test_cli_rejects_a_bad_date(capsys):
    with pytest.raises(SystemExit):
        main(["triage", "--now", "22/11/2026"])
    assert "not a date" in capsys.readouterr().err


def test_an_answer_without_a_known_mistake_says_so_instead_of_staying_silent():
    text = render(triage("It fails.\n< HTTP/2 500\n", now=NOW), "text")
    assert text.startswith("== No known mistake in what was pasted ==")
    assert "What to paste next" in text


def test_cli_scopes_of_something_that_is_not_a_url_is_a_clear_no(capsys):
    assert main(["scopes", "GET", "["]) == 1
    assert "No Bitbucket Cloud endpoint looks like GET [" in capsys.readouterr().err


def _first(text: str, day: str) -> str:
    findings = [f.id for f in triage(text, now=date.fromisoformat(day)).findings
                if f.id not in ("credential_leaked", "need_more_evidence")]
    return findings[0] if findings else ""


def test_a_failure_timed_inside_a_brownout_window_is_the_brownout_and_outside_it_is_not_shown_as_one():
    ticket = ("git fetch with our app password, the credential helper keeps it:\n{when} git fetch\n"
              "remote: Invalid credentials\nfatal: Authentication failed for 'https://bitbucket.org/acme/api.git/'")
    assert _first(ticket.format(when="2026-06-24T12:09:40Z"), "2026-06-24") == "app_password_brownout"
    assert _first(ticket.format(when="2026-06-24T15:09:40Z"), "2026-06-24") != "app_password_brownout"


def test_a_token_refused_from_its_first_call_is_the_consumer_not_an_expiry():
    ticket = ("We get an OAuth access token with client_credentials; {when} every call says\n"
              '{{"type": "error", "error": {{"message": "Access token expired. Use your refresh token to obtain a '
              'new access token."}}}}')
    assert _first(ticket.format(when="even the very first call right after getting it,"), "2025-03-01") == \
        "oauth_consumer_no_callback"
    assert _first(ticket.format(when="it works for two hours, then"), "2025-03-01") == "oauth_token_expired"
