"""Findings -> a Report: ordered, explained, with the corrected request built from the
user's own command and the scopes its endpoint needs.

Why here and not in templates: templates never compute. Everything a template
shows (order, corrected command, scope list, what to paste next) is decided
here from the findings, the facts and the knowledge base.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial

from pydantic import BaseModel, Field, PrivateAttr

from triage.answer.questions import KnowledgeHit, answer_question
from triage.knowledge import Knowledge, load
from triage.logs import get_logger
from triage.read.curl_glob import MAX_URLS
from triage.read.evidence import MAX_COMMANDS
from triage.read.extract import extract_redacted, readable
from triage.reason import engine
from triage.reason.flatten import engine_facts
from triage.reason.vocabulary import Facts, Request

LOG = get_logger("triage")
ANSWERED_APART = ("credential_leaked", "need_more_evidence")  # shown in sections of their own
SEVERITY_RANK = {"blocker": 0, "likely": 1, "info": 2}
ASKS = {
    "status": "Run the command again with -v and paste the status line (e.g. '< HTTP/2 401') and the '< x-…' "
              "response headers. Remove the '> authorization:' line before pasting.",
    "body": "Paste the response body of the 400 (curl -i shows it); Bitbucket explains a 400 there.",
    "command": "Paste the exact command or code that fails (with the token replaced by $BITBUCKET_API_TOKEN) "
               "and its output with curl -v.",
}


class Finding(BaseModel):
    id: str
    severity: str
    confidence: float
    title: str
    explanation: str
    fix: str
    links: list[str]
    evidence: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)


class Report(BaseModel):
    now: date
    findings: list[Finding]
    corrected_command: str | None = None
    endpoint: str | None = None
    scopes_needed: list[str] = Field(default_factory=list)
    legacy_scope: str | None = None
    missing_evidence: list[str] = Field(default_factory=list)
    leak_warning: list[str] = Field(default_factory=list)
    nothing_found: bool = False
    commands_read: int = Field(MAX_COMMANDS, description="How many commands of a ticket are read in full")
    unread_commands: int = Field(0, description="Commands past that number: only checked for credentials")
    question_answers: list[KnowledgeHit] = Field(
        default_factory=list, description="For a ticket without evidence: the entries that answer it as a question")
    facts: Facts
    _redacted_ticket: Callable[[], str] | None = PrivateAttr(default=None)

    @property
    def ticket(self) -> str:
        """The ticket with every secret the extraction found removed; computed only when asked
        (by the learning loop), since scrubbing a whole ticket costs a pass over it."""
        return self._redacted_ticket() if self._redacted_ticket else ""

    @property
    def root_cause(self) -> Finding | None:
        """The most likely mistake: the first finding that is neither the leak nor a request for evidence."""
        return next((f for f in self.findings if f.id not in ANSWERED_APART), None)

    @property
    def other_findings(self) -> list[Finding]:
        """The findings after the root cause ("Also found")."""
        root = self.root_cause
        return [f for f in self.findings if f is not root and f.id not in ANSWERED_APART]


def triage(text: str, now: date | None = None) -> Report:
    """The whole pipeline for one ticket, at the date `now` (default: today)."""
    when = now or date.today()
    kb = load()
    text = readable(text)
    facts, scrubber = extract_redacted(text)
    if LOG.isEnabledFor(logging.DEBUG):  # dumping the facts costs as much as a small triage
        LOG.debug("facts (redacted): %s", facts.model_dump_json())
    report = build_report(engine.run(engine_facts(facts, kb, when)), facts, kb, when)
    report._redacted_ticket = partial(scrubber.clean, text)  # a partial pickles: reports cross processes
    if report.nothing_found:  # no evidence at all: the text is a question
        report.question_answers = answer_question(text)
    LOG.info("triaged %d chars at %s: %d requests, %d responses, %d credentials seen; findings: %s",
             len(text), when, len(facts.requests), len(facts.responses), len(facts.credentials),
             ", ".join(f.id for f in report.findings) or "none")
    return report


def _evidence(finding: dict, facts: Facts) -> list[tuple[int, str]]:
    """(line, what was seen there) for the fact a finding is about."""
    req = finding["req"]
    if req.startswith("r") and req[1:].isdigit() and int(req[1:]) < len(facts.requests):
        request = facts.requests[int(req[1:])]
        auth = request.auth
        shown = f"line {request.line}: {request.method or '(method?)'} {request.url or '(no URL)'}"
        if auth:
            shown += f" [auth: {auth.scheme}, user {auth.user.display if auth.user else '-'}, " \
                     f"secret {auth.secret.display if auth.secret else '-'}]"
        return [(request.line, shown)]
    if req.startswith("l") and req[1:].isdigit():
        sighting = facts.credentials[int(req[1:])]
        return [(sighting.line, f"line {sighting.line}: {sighting.where}: {sighting.secret.display}")]
    if req.startswith("g") and req[1:].isdigit():
        git = facts.git_commands[int(req[1:])]
        return [(git.line, f"line {git.line}: git {git.action} {git.url} "
                           f"(user: {git.user.display if git.user else '-'})")]
    return []


def _details(finding: dict, kb: Knowledge) -> list[str]:
    params = finding["params"]
    out = []
    if params.get("suggestion"):
        out.append(f"Nearest real endpoint: {params['suggestion_method']} /2.0{params['suggestion']}"
                   + (f" (API token scopes: {params['scopes'].replace(',', ', ')})" if params.get("scopes") else ""))
    if params.get("expected"):
        out.append(f"Use {params['expected']} instead of {params['used']}.")
    if params.get("required"):
        out.append(f"Required: {params['required']}" + (f"; granted: {params['granted']}" if params.get("granted")
                                                        else ""))
    if params.get("accepted") and finding["id"] in ("credential_accepted", "scope_names_differ_not_a_problem"):
        out.append(f"x-accepted-oauth-scopes: {params['accepted']}; x-oauth-scopes: {params['granted']}")
    if params.get("count"):
        out.append(f"This command expands to {int(params['count']):,} URLs; bbhelp read the first "
                   f"{min(int(params['count']), MAX_URLS)} of them.")
    if params.get("error"):
        out.append(f"curl says: {params['error']}.")
    if params.get("ask"):
        out.append(ASKS[params["ask"]])
    if finding["id"] == "credential_leaked":
        credential = kb.credentials.get(params.get("kind", ""))
        out.append(credential.revoke if credential else
                   "Revoke it where it was created (account security page or the settings of what it belongs to).")
    return out


def build_report(outcome: engine.Outcome, facts: Facts, kb: Knowledge, now: date) -> Report:
    merged: dict[str, Finding] = {}
    seen: dict[str, dict[str, int]] = {}  # finding id -> evidence shown -> its line
    for item in sorted(outcome.findings, key=lambda f: -f["confidence"]):
        entry = kb.mistakes[item["id"]]
        finding = merged.get(item["id"])
        if finding is None:
            finding = Finding(id=entry.id, severity=entry.severity, confidence=item["confidence"], title=entry.title,
                              explanation=entry.explanation, fix=entry.fix, links=entry.links)
            merged[item["id"]] = finding
        for number, shown in _evidence(item, facts):
            seen.setdefault(item["id"], {}).setdefault(shown, number)
        finding.details += [line for line in _details(item, kb) if line not in finding.details]
    for finding_id, shown in seen.items():  # evidence in ticket order
        merged[finding_id].evidence = sorted(shown, key=shown.__getitem__)
    findings = sorted(merged.values(), key=lambda f: (f.id != "credential_leaked", SEVERITY_RANK[f.severity],
                                                     -f.confidence, f.id))
    primary = _primary_request(facts)
    corrected, endpoint, scopes, legacy = _correct(facts.requests[primary], outcome.endpoints.get(f"r{primary}"), kb) \
        if primary is not None else (None, None, [], None)
    return Report(
        now=now, findings=findings, corrected_command=corrected, endpoint=endpoint, scopes_needed=scopes,
        legacy_scope=legacy, missing_evidence=[d for f in findings if f.id == "need_more_evidence" for d in f.details],
        leak_warning=merged["credential_leaked"].details + merged["credential_leaked"].evidence
        if "credential_leaked" in merged else [],
        nothing_found=facts.empty, facts=facts, unread_commands=facts.unread_commands,
    )


def _primary_request(facts: Facts) -> int | None:
    """Index of the user's own request: one written out (curl/code) beats a prose mention."""
    ranked = sorted((i for i, r in enumerate(facts.requests) if r.path),
                    key=lambda i: (facts.requests[i].origin == "prose", not facts.requests[i].sent,
                                   facts.requests[i].line))
    return ranked[0] if ranked else None


def _correct(request: Request, derived: dict | None,
             kb: Knowledge) -> tuple[str | None, str | None, list[str], str | None]:
    """The corrected curl command from the user's request and the endpoint the engine derived
    for it: method, path and auth fixed, the user's own values kept."""
    if derived is None or "template" not in derived:
        return None, None, [], None
    endpoint = kb.operation(derived["ep_method"], derived["template"])
    path = derived["path"]  # the engine's api_path: normalised already
    if derived["status"] == "unknown":
        path = _fill(endpoint.path, path)
    method = endpoint.method if derived["status"] in ("wrong_method", "unknown") or not request.method \
        else request.method
    credential = kb.credentials[_credential_kind(request)]
    query = f"?{request.query}" if request.query and "[redacted" not in request.query else ""
    lines = [f"curl --request {method} \\",
             f"  --url 'https://api.bitbucket.org/2.0{path}{query}' \\",
             f"  {credential.rest_curl} \\",
             "  --header 'Accept: application/json'"]
    if request.body is not None and method in ("POST", "PUT", "PATCH"):
        lines[-1] += " \\"
        lines.append("  --header 'Content-Type: application/json' --data @body.json")
    return "\n".join(lines), f"{endpoint.method} /2.0{endpoint.path} ({endpoint.summary})", \
        endpoint.token_scopes, ", ".join(endpoint.legacy_scopes) or None


def _fill(template: str, path: str) -> str:
    """Put the user's own values into the suggested template where positions agree."""
    mine = [s for s in path.split("/") if s]
    out = []
    for index, segment in enumerate(s for s in template.split("/") if s):
        if segment.startswith("{") and index < len(mine):
            out.append(mine[index])
        else:
            out.append(segment)
    return "/" + "/".join(out)


def _credential_kind(request: Request) -> str:
    """Which credential to build the corrected command for: the one the user has, retired ones replaced."""
    auth = request.auth
    kinds = [auth.secret.kind.value, auth.secret.stands_for] if auth and auth.secret else []
    if "access_token" in kinds:
        return "access_token"
    if "oauth_consumer" in kinds:
        return "oauth_token"
    return "api_token"

