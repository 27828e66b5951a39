"""The engine's contract: one session per triage, deleted afterwards; conclusions that do
not depend on fact order or on other triages running at the same time."""
from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import durable_rules_engine
import pytest
from pydantic import ValidationError

from triage.answer.report import triage
from triage.knowledge import Knowledge, load
from triage.read.extract import extract
from triage.reason import engine
from triage.reason.flatten import engine_facts
from triage.reason.observe import observe
from triage.reason.ranking import rank

NOW = date(2026, 11, 22)
TICKETS = [example.text for mistake in load().mistakes.values() for example in mistake.positive]


def conclusions(facts: list[dict]) -> set[tuple[str, str]]:
    return {(f["id"], f["req"]) for f in engine.run(facts).findings}


def test_findings_do_not_depend_on_the_order_facts_arrive_in():
    shuffler = random.Random(7)
    for text in TICKETS:
        facts = engine_facts(observe(extract(text), load(), NOW), NOW)
        expected = conclusions(facts)
        body, context = facts[:-1], facts[-1:]
        for _ in range(3):
            shuffler.shuffle(body)
            assert conclusions(body + context) == expected, text


def test_an_absent_fact_is_judged_on_the_whole_ticket():
    """'account password' alone suggests the account password was used; the same words next to
    an API token do not, whichever of the two the ticket mentions first."""
    lone = "I use my account password with curl https://api.bitbucket.org/2.0/user and get 401"
    assert "account_password_used" in {f.id for f in triage(lone, now=NOW).findings}
    for text in (lone + " even with an API token", "With an API token too: " + lone):
        assert "account_password_used" not in {f.id for f in triage(text, now=NOW).findings}


def test_concurrent_triages_never_see_each_others_facts():
    expected = {text: [f.id for f in triage(text, now=NOW).findings] for text in TICKETS}
    work = TICKETS * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda text: [f.id for f in triage(text, now=NOW).findings], work))
    assert results == [expected[text] for text in work]


def test_every_session_is_deleted_even_when_a_rule_fails(monkeypatch):
    host = engine._host()
    deleted: list[str] = []
    real_delete = host.delete_state

    def delete_state(ruleset: str, sid: str) -> None:
        assert host.get_facts(ruleset, sid)  # the session held this triage's facts until now
        deleted.append(sid)
        real_delete(ruleset, sid)

    monkeypatch.setattr(host, "delete_state", delete_state)
    triage("curl -u me@acme.io:$TOKEN https://api.bitbucket.org/2.0/user", now=NOW)
    unweighed = {"t": "obs", "fid": "a", "name": "auth_bearer", "subject": "r0", "surface": "rest", "line": 1}
    with pytest.raises(engine.RuleActionError):  # an observation without a strength breaks the signature's action
        engine.run([unweighed, dict(unweighed, fid="b", name="cred_api_token", strength=4),
                    {"t": "context", "fid": "context", "now_ord": NOW.toordinal(), "surface": "rest"}])
    assert len(deleted) == 2 and deleted[0] != deleted[1]
    for sid in deleted:
        with pytest.raises(durable_rules_engine.error, match="309"):  # 309: no such session
            host.get_facts(engine.RULESET, sid)
    assert "credential_accepted" in {f.id for f in triage("< HTTP/2 200\n< x-oauth-scopes: account\n").findings}


def test_a_root_cause_hides_the_symptom_it_explains():
    symptom = ('I refreshed the token (refresh_token) and still get {"type": "error", "error": {"message": '
               '"Token is invalid, expired, or not supported for this endpoint."}}')
    alone = {f.id for f in triage(symptom + "\ncurl -H 'Authorization: Bearer $TOKEN' "
                                  "https://api.bitbucket.org/2.0/user", now=NOW).findings}
    assert "oauth_token_expired" in alone
    explained = {f.id for f in triage(symptom + "\ncurl -H 'Authorization: Bearer ATATT3xFfGF0abcdefghijkl=0A1B2C3D' "
                                      "https://api.bitbucket.org/2.0/user", now=NOW).findings}
    assert "api_token_as_bearer" in explained and "oauth_token_expired" not in explained


def test_between_equally_likely_findings_the_one_explaining_the_symptom_leads():
    kb = load()
    observed = observe(extract("curl -u me@x.io:$T https://api.bitbucket.org/2.0/user\n< HTTP/2 403"), kb, NOW)
    both = [{"id": "continuation_trailing_space", "req": "r0", "strength": 4, "line": 1},  # explains no status
            {"id": "missing_scope", "req": "r0", "strength": 4, "line": 1}]
    ranked = rank(engine.Outcome(both, [], []), observed, kb, NOW).findings
    assert ranked[0].confidence == ranked[1].confidence
    assert [r.id for r in ranked] == ["missing_scope", "continuation_trailing_space"]


def test_settings_with_no_request_shown_weigh_on_the_surface_the_ticket_is_about():
    rest = ("$client->request('POST', 'repositories/acme/app/refs/branches', ['auth' => ['dev@acme.io', "
            "getenv('BB_API_TOKEN')]]);  // https://api.bitbucket.org/2.0/ answers 403")
    found = {f.id for f in triage(rest, now=NOW).findings}
    assert "git_email_as_username" not in found  # a git rule has no say on a REST ticket
    git = "In Jenkins: username = 'dev@acme.io', password = credentials.BB_API_TOKEN\nremote: Invalid credentials"
    assert "git_email_as_username" in {f.id for f in triage(git, now=NOW).findings}


def test_the_catalog_refuses_an_explains_entry_for_an_unknown_finding():
    data = load().model_dump()
    data["mistakes"]["api_token_as_bearer"]["explains"] = [{"id": "no_such_finding"}]
    with pytest.raises(ValidationError, match="no_such_finding"):
        Knowledge.model_validate(data)


def test_a_finding_reached_several_times_keeps_every_piece_of_evidence():
    """Each leaked token is named, not only the first one the engine saw; a finding about the whole
    ticket names the line that shows it."""
    ticket = ("curl -u me@acme.io:ATATT3xFfGF0Aa1Bb2Cc3Dd4Ee5Ff6Gg7=1A2B3C4D https://api.bitbucket.org/2.0/user\n"
              "curl -u me@acme.io:ATATT3xFfGF0Hh8Ii9Jj0Kk1Ll2Mm3Nn4=5E6F7A8B https://api.bitbucket.org/2.0/workspaces\n"
              "both give no output\n")
    findings = {f.id: f for f in triage(ticket, now=NOW).findings}
    assert [line.split(":")[0] for line in findings["credential_leaked"].evidence] == ["line 1", "line 2"]
    assert [line.split(":")[0] for line in findings["silent_401_no_verbose"].evidence] == ["line 3"]


def test_a_root_cause_reached_twice_still_hides_its_symptom_once():
    """Two authenticated responses make two credential_accepted conclusions; both explain the same
    symptom, and the engine must not fail on the repeated suppression."""
    ticket = ("curl -u jdoe:ATATT3xFfGF0Aa1Bb2Cc3Dd4Ee5Ff6Gg7=1A2B3C4D https://api.bitbucket.org/2.0/repositories/acme\n"
              "< HTTP/2 200\n< x-oauth-scopes: read:repository:bitbucket\n\n"
              "< HTTP/2 403\n< x-accepted-oauth-scopes: repository:admin\n< x-oauth-scopes: read:user:bitbucket\n")
    found = {f.id for f in triage(ticket, now=NOW).findings}
    assert "credential_accepted" in found and "api_token_with_username" not in found


def test_a_command_pasted_500_times_counts_once():
    line = "curl -H 'Authorization: Bearer ATATT3xFfGF0Qq1Ww2Ee3Rr4Tt5Yy6Uu7=1A2B3C4D' https://api.bitbucket.org/2.0/user\n"
    findings = {f.id: f for f in triage(line * 500, now=NOW).findings}
    assert findings["credential_leaked"].evidence == [
        "line 1: curl Authorization header: ATATT…[redacted, 42 chars]"]
    assert len(findings["api_token_as_bearer"].evidence) == 1


def test_a_cause_of_every_failed_attempt_outranks_a_mistake_seen_in_one():
    tried = ("1) curl -H \"Authorization: Bearer $BB_API_TOKEN\" https://api.bitbucket.org/2.0/user -> 401\n"
             "2) curl -u jsmith:$BB_API_TOKEN https://api.bitbucket.org/2.0/user -> 401\n"
             "3) curl -u jsmith@acme.com:$BB_API_TOKEN https://api.bitbucket.org/2.0/user -> 401\n")
    alone = triage(tried.splitlines()[0][3:], now=NOW).findings
    together = [f.id for f in triage(tried + "I made the token with Create API token, no scopes to pick.", now=NOW).findings]
    assert alone[0].id == "api_token_as_bearer"  # one attempt: its own mistake leads
    assert together[0] == "unscoped_api_token" and "api_token_as_bearer" in together[:3]
