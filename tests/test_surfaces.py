"""A finding's fix belongs to the surface the ticket is about: REST API, git over HTTPS, the OAuth
token endpoint, Pipelines. No finding whose fix is for another surface is ever raised (a git clone
never gets a corrected curl to the REST API)."""
from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from tests.corpus import examples
from triage.answer.report import triage
from triage.knowledge import load
from triage.read.extract import extract_redacted, readable
from triage.reason.observe import observe
from triage.reason.vocabulary import Surface

NOW = date(2026, 11, 22)
TICKETS = Path(__file__).resolve().parents[2] / "shared" / "tickets"


def _shared_tickets() -> list[tuple[str, date]]:
    found = []
    for ticket in sorted(TICKETS.glob("*.ticket.txt")) if TICKETS.is_dir() else []:
        label = json.loads(ticket.with_name(ticket.name.replace(".ticket.txt", ".label.json")).read_text())
        asked = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", label.get("date", ""))
        day = date(int(asked[1]), int(asked[2] or 7), int(asked[3] or 1)) if asked else NOW
        found.append((ticket.read_text(), day))
    return found


WRITTEN = tomllib.loads((Path(__file__).parent / "data" / "written_tickets.toml").read_text())["ticket"]
CASES = [(text, NOW) for text in examples()] + _shared_tickets() + [(t["text"], t["asked"]) for t in WRITTEN]


def off_surface(text: str, day: date) -> list[str]:
    """The findings whose mistake lists none of the ticket's surfaces."""
    kb = load()
    facts, _ = extract_redacted(readable(text))
    surface = observe(facts, kb, day).surface
    if surface is Surface.ANY:
        return []
    return [f.id for f in triage(text, now=day).findings if surface not in kb.mistakes[f.id].surfaces]


def test_every_example_written_and_shared_ticket_gets_findings_of_its_own_surface_only():
    wrong = {text[:80]: ids for text, day in CASES if (ids := off_surface(text, day))}
    assert wrong == {}


@pytest.mark.parametrize("ticket", [
    "git clone https://jdoe:${BB_API_TOKEN}@bitbucket.org/acme/app.git\nremote: Invalid credentials\n"
    "fatal: Authentication failed for 'https://bitbucket.org/acme/app.git/'",
    "git push origin main\nremote: Invalid credentials\nfatal: Authentication failed for "
    "'https://bitbucket.org/acme/app.git/'",
    # no git command shown: git's own message, or a git client named, says what the ticket is about
    "The deploy job's checkout has failed since Monday with: remote: Invalid credentials",
    "GitKraken cannot fetch from Bitbucket any more, authentication failed; it has an app password saved.",
])
def test_a_failing_git_command_gets_no_rest_finding_and_no_corrected_curl(ticket: str):
    kb = load()
    report = triage(ticket, now=NOW)
    assert report.findings and report.corrected_command is None
    assert all(Surface.GIT in kb.mistakes[f.id].surfaces for f in report.findings), [f.id for f in report.findings]
