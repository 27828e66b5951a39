"""What the asker says weighs against what names only guess: the scopes a token is said to have,
the email a user variable is said to hold; and a Makefile's variables are variables, not secrets."""
from __future__ import annotations

from datetime import date

import pytest

from triage.knowledge import load
from triage.read.extract import extract
from triage.reason.observe import observe
from triage.reason.vocabulary import Seen

NOW = date(2026, 3, 2)
COMMENT = ('curl -X POST -u "$BB_EMAIL:$BB_TOKEN" -H "Content-Type: application/json" '
           "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/7/approve\n")


def observed(text: str) -> set[tuple[Seen, str]]:
    return {(o.name, o.subject) for o in observe(extract(text), load(), NOW).observations}


def test_scopes_the_asker_gives_the_token_are_weighed_against_the_endpoint():
    short = observed(COMMENT + "It fails with 403. The token has read:pullrequest:bitbucket and read:repository:bitbucket.")
    enough = observed(COMMENT + "It fails with 403. The token has write:pullrequest:bitbucket.")
    assert (Seen.SCOPES_SHORT, "r0") in short
    assert not any(name is Seen.SCOPES_SHORT for name, _ in enough)


def test_only_the_scopes_after_the_words_that_claim_them_count():
    facts = extract("It needs write:pullrequest:bitbucket but the token only has read:pullrequest:bitbucket.\n"
                    "Docs say approve requires write:pullrequest:bitbucket.")
    assert facts.scopes_claimed == ["read:pullrequest:bitbucket"]


def test_a_user_variable_said_to_hold_an_email_is_an_email():
    push = 'git push "https://${{ secrets.BB_USER }}:${{ secrets.BB_TOKEN }}@bitbucket.org/acme/app.git"\n'
    said = observed(push + "BB_USER holds my Atlassian account email, BB_TOKEN an API token.")
    unsaid = observed(push + "curl works when I use my email.")
    assert (Seen.USER_EMAIL, "g0") in said and (Seen.USER_USERNAME, "g0") not in said
    assert (Seen.USER_USERNAME, "g0") in unsaid and (Seen.USER_EMAIL, "g0") not in unsaid


def test_a_makefile_variable_is_no_secret_and_its_echo_keeps_the_newline():
    ticket = ('AUTH := $(shell echo "deploy-bot:$(BB_APP_PASSWORD)" | base64)\n'
              "release:\n"
              '\tcurl -H "Authorization: Basic $(AUTH)" https://api.bitbucket.org/2.0/repositories/acme/api\n')
    facts = extract(ticket)
    assert facts.credentials == []  # $(AUTH) is a name, not a 7-character secret pasted in
    assert facts.requests[0].auth.secret.variable_name == "BB_APP_PASSWORD"
    assert (Seen.BASIC_NEWLINE, "r0") in observed(ticket)


def test_a_token_said_to_be_made_a_year_before_the_ticket_may_have_expired():
    ticket = ("curl -u ci@acme.io:$BITBUCKET_API_TOKEN https://api.bitbucket.org/2.0/repositories/acme/app\n401\n"
              "The token was created in March 2025.")
    names = {o.name for o in observe(extract(ticket), load(), date(2026, 3, 20)).observations}
    fresh = {o.name for o in observe(extract(ticket), load(), date(2025, 9, 1)).observations}
    assert Seen.SAYS_TOKEN_AGED in names and Seen.SAYS_TOKEN_AGED not in fresh


@pytest.mark.parametrize(("said", "aged_on", "fresh_on"), [
    ("I created the token last May.", date(2026, 5, 26), date(2026, 8, 10)),  # May 2025, then May 2026
    ("The API token was made about a year ago.", date(2026, 5, 26), None),
    ("I created the token on 2025-12-01.", date(2026, 12, 1), date(2026, 6, 1)),
])
def test_a_creation_date_counted_from_the_day_of_writing_is_fixed_by_the_triage_date(said, aged_on, fresh_on):
    ticket = f"curl -u ci@acme.io:$BITBUCKET_API_TOKEN https://api.bitbucket.org/2.0/repositories/acme/app\n401\n{said}"
    assert Seen.SAYS_TOKEN_AGED in {o.name for o in observe(extract(ticket), load(), aged_on).observations}
    if fresh_on is not None:
        assert Seen.SAYS_TOKEN_AGED not in {o.name for o in observe(extract(ticket), load(), fresh_on).observations}


def test_a_code_variable_named_token_says_nothing_of_how_it_is_sent():
    ticket = 'token = os.environ["BB_API_TOKEN"]\nheaders = {"Authorization": f"Basic {b64(email + \':\' + token)}"}\n'
    assert not {Seen.AUTH_BEARER} & {name for name, _ in observed(ticket)}


def test_a_shell_variable_in_the_slug_place_has_no_capitals_to_blame():
    ticket = ('curl -u "$BITBUCKET_USERNAME:$API_TOKEN" '
              "https://api.bitbucket.org/2.0/repositories/$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG/deployments/\n401")
    written = ticket.replace("$BITBUCKET_REPO_SLUG", "Billing-API")
    assert Seen.SLUG_UPPER not in {name for name, _ in observed(ticket)}
    assert Seen.SLUG_UPPER in {name for name, _ in observed(written)}
