"""Findings -> a Report: ordered, explained, with the corrected request built from the
user's own command and the scopes its endpoint needs.

Why here and not in templates: templates never compute. Everything a template
shows (order, corrected command, scope list, what to paste next) is decided
here from the findings, the facts and the knowledge base.
"""
from __future__ import annotations

import logging
import re
import shlex
from collections.abc import Callable
from datetime import date
from functools import partial
from urllib.parse import quote

from pydantic import BaseModel, Field, PrivateAttr

from triage.answer.questions import KnowledgeHit, answer_questions
from triage.knowledge import EndpointMatch, Knowledge, load, normalise_path
from triage.logs import get_logger
from triage.read.evidence import MAX_COMMANDS
from triage.read.extract import extract_redacted, readable
from triage.reason import engine
from triage.reason.flatten import engine_facts
from triage.reason.observe import Observed, observe
from triage.reason.ranking import ASK, Ranking, rank
from triage.reason.vocabulary import Facts, Request, Seen

LOG = get_logger("triage")
ANSWERED_APART = ("credential_leaked", "need_more_evidence")  # shown in sections of their own
CURL_REFUSALS = frozenset({"method_conflict", "unknown_option", "ambiguous_option", "missing_argument"})
class Finding(BaseModel):
    id: str
    severity: str
    confidence: float
    status: str = Field("confirmed", description="confirmed (the ticket shows it) or candidate (a known cause "
                        "of what the ticket shows, not yet shown)")
    title: str
    explanation: str
    fix: str
    links: list[str]
    evidence: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    ask: str = Field("", description="For a candidate: what would confirm it")


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
        default_factory=list, description="The knowledge-base entries that answer the questions the ticket asks")
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
    observed = observe(facts, kb, when)
    ranking = rank(engine.run(engine_facts(observed, when)), observed, kb, when)
    report = build_report(ranking, observed, facts, kb, when)
    report._redacted_ticket = partial(scrubber.clean, text)  # a partial pickles: reports cross processes
    asked_of = frozenset(f"{m.endpoint.method} {m.endpoint.path}" for m in observed.endpoints.values() if m.endpoint)
    report.question_answers = answer_questions(text, nothing_else=report.nothing_found, now=when, about=asked_of)
    LOG.info("triaged %d chars at %s: %d requests, %d responses, %d credentials seen; findings: %s",
             len(text), when, len(facts.requests), len(facts.responses), len(facts.credentials),
             ", ".join(f.id for f in report.findings) or "none")
    return report


def _evidence(subject: str, facts: Facts) -> list[tuple[int, str]]:
    """(line, what was seen there) for the request or git command a finding is about."""
    if subject.startswith("r") and subject[1:].isdigit() and int(subject[1:]) < len(facts.requests):
        request = facts.requests[int(subject[1:])]
        auth = request.auth
        shown = f"line {request.line}: {request.method or '(method?)'} {request.url or '(no URL)'}"
        if auth:
            shown += f" [auth: {auth.scheme}, user {auth.user.display if auth.user else '-'}, " \
                     f"secret {auth.secret.display if auth.secret else '-'}]"
        return [(request.line, shown)]
    if subject.startswith("c") and subject[1:].isdigit() and int(subject[1:]) < len(facts.credentials):
        sighting = facts.credentials[int(subject[1:])]
        return [(sighting.line, f"line {sighting.line}: {sighting.where}: {sighting.secret.display}")]
    if subject.startswith("g") and subject[1:].isdigit() and int(subject[1:]) < len(facts.git_commands):
        git = facts.git_commands[int(subject[1:])]
        return [(git.line, f"line {git.line}: git {git.action} {git.url} "
                           f"(user: {git.user.display if git.user else '-'})")]
    return []


def _seen_at(names: list[str], observed: Observed, kb: Knowledge) -> list[tuple[int, str]]:
    """Where the ticket shows these observations, in the words of knowledge/observations.toml: for a
    candidate the symptoms that raised it and what weighed for it, for a finding about the whole
    ticket what made it."""
    lines: dict[str, int] = {}
    for o in observed.observations:
        lines.setdefault(o.name.value, o.line)
    return [(lines[name], kb.asks["raised_by"].format(line=lines[name], means=kb.observations[Seen(name)].means))
            for name in names if name in lines]


def build_report(ranking: Ranking, observed: Observed, facts: Facts, kb: Knowledge, now: date) -> Report:
    findings: list[Finding] = []
    values = detail_values(observed, facts, kb)
    for ranked in ranking.findings:
        mistake = kb.mistakes[ranked.id]
        shown = [line for subject in ranked.subjects for line in _evidence(subject, facts)]
        if ranked.status == "candidate":
            shown = _seen_at([*ranked.via, *ranked.weighed], observed, kb)
        elif "ticket" in ranked.subjects:
            shown += _seen_at([name.value for signature in mistake.signatures for name in signature], observed, kb)
        evidence = [text for _, text in sorted(dict.fromkeys(shown), key=lambda item: item[0])]
        details = [line for subject in ranked.subjects for line in _details(mistake.details, values, subject)]
        findings.append(Finding(id=mistake.id, severity=mistake.severity, confidence=ranked.confidence,
                                status=ranked.status, title=mistake.title, explanation=mistake.explanation,
                                fix=mistake.fix, links=mistake.links, evidence=evidence,
                                details=list(dict.fromkeys(details)),
                                ask=mistake.ask if ranked.status == "candidate" else ""))
    if ranking.asks:
        ask = kb.mistakes[ASK]
        findings.append(Finding(id=ask.id, severity=ask.severity, confidence=0.5, title=ask.title,
                                explanation=ask.explanation, fix=ask.fix, links=ask.links, details=ranking.asks))
    primary = _primary_request(facts, observed)
    corrected, endpoint, scopes, legacy = _correct(facts.requests[int(primary[1:])], observed.endpoints[primary], kb,
                                                   now) \
        if primary is not None else (None, None, [], None)
    leak = next((f for f in findings if f.id == "credential_leaked"), None)
    return Report(
        now=now, findings=[f for f in findings if f.id != "credential_leaked"] + ([leak] if leak else []),
        corrected_command=corrected, endpoint=endpoint, scopes_needed=scopes, legacy_scope=legacy,
        missing_evidence=ranking.asks, leak_warning=leak.details + leak.evidence if leak else [],
        nothing_found=facts.empty, facts=facts, unread_commands=facts.unread_commands,
    )


def _details(templates: list[str], values: dict[str, dict[str, str]], subject: str) -> list[str]:
    """The mistake's detail lines whose every {placeholder} has a value for this subject (or the ticket)."""
    known = {**values.get("ticket", {}), **values.get(subject, {})}
    out = []
    for template in templates:
        try:
            out.append(template.format_map(known))
        except KeyError:
            continue  # a value this ticket does not show: the line says nothing
    return out


def detail_values(observed: Observed, facts: Facts, kb: Knowledge) -> dict[str, dict[str, str]]:
    """The values catalog detail lines may name, per subject (and "ticket"): computed here, worded in
    knowledge/mistakes.toml."""
    values: dict[str, dict[str, str]] = {"ticket": {}}
    ticket = values["ticket"]
    for subject, match in observed.endpoints.items():
        own = values.setdefault(subject, {})
        own["method"] = facts.requests[int(subject[1:])].method or "GET"
        own["path"] = observed.paths.get(subject, "")
        if match.endpoint is not None:
            own.update(template=match.endpoint.path, expected_method=match.endpoint.method,
                       token_scopes=", ".join(match.endpoint.token_scopes))
        if match.suggestion is not None:
            own.update(suggestion=match.suggestion.path, suggestion_method=match.suggestion.method,
                       suggestion_scopes=", ".join(match.suggestion.token_scopes) or "none")
        removed = kb.notice_at(own["method"], own["path"], observed.day) if own["path"] else None
        if removed is not None:
            own.update(removed_on=removed.removed.isoformat(), replacement=removed.replacement,
                       change=removed.change or "a deprecation notice")
    for index, request in enumerate(facts.requests):
        for damage in request.damage:
            if damage.kind == "glob_expands":
                values.setdefault(f"r{index}", {})["count"] = f"{int(damage.detail):,}"
            elif damage.kind == "glob_error":
                values.setdefault(f"r{index}", {})["glob_error"] = damage.detail
            elif damage.kind in CURL_REFUSALS:  # the detail is what curl prints
                values.setdefault(f"r{index}", {})["refusal"] = damage.detail
    for body in facts.error_bodies:
        if body.message and body.form != "html" and not kb.error_seen(body.message):
            ticket.setdefault("message", body.message)
        if body.required:
            ticket.update(required=", ".join(body.required), granted=", ".join(body.granted) or "none")
    for response in facts.responses:
        accepted, granted = response.headers.get("x-accepted-oauth-scopes"), response.headers.get("x-oauth-scopes")
        if accepted is not None and granted is not None:
            ticket.update(accepted=accepted, granted_header=granted)
            ticket.setdefault("required", ", ".join(t for legacy in accepted.split(",")
                                                    for t in kb.scopes.token_names(legacy.strip())) or accepted)
    leaked = {sighting.secret.stands_for if sighting.secret.kind.value == "opaque" and sighting.secret.stands_for
              else sighting.secret.kind.value for sighting in facts.credentials}
    revoke = [kb.credentials[kind].revoke for kind in sorted(leaked) if kind in kb.credentials]
    if revoke or leaked:
        ticket["revoke"] = " ".join(revoke) or kb.asks["revoke"]
    ticket["sightings"] = "; ".join(f"line {s.line}: {s.where}: {s.secret.display}" for s in facts.credentials)
    return values


def _primary_request(facts: Facts, observed: Observed) -> str | None:
    """The user's own request (a catalog endpoint): one written out (curl/code) beats a prose mention,
    and one with the user's own values beats one whose URL is filled at run time (`{workspace}`)."""
    def order(subject: str) -> tuple[bool, bool, bool, int]:
        request = facts.requests[int(subject[1:])]
        return request.origin == "prose", not request.sent, "{" in request.path, request.line

    ranked = sorted((s for s in observed.endpoints if observed.endpoints[s].endpoint or observed.endpoints[s].suggestion),
                    key=order)
    return ranked[0] if ranked else None


def _correct(request: Request, match: EndpointMatch, kb: Knowledge,
             now: date) -> tuple[str | None, str | None, list[str], str | None]:
    """The corrected curl command from the user's request and the endpoint it means: method, path
    and auth fixed, the user's own values kept."""
    endpoint = match.endpoint or match.suggestion
    if endpoint is None:
        return None, None, [], None
    path = normalise_path(request.path) if match.status != "unknown" else _fill(endpoint.path, normalise_path(request.path))
    if not path.startswith("/") or request.host not in ("api.bitbucket.org", "", "bitbucket.org", "www.bitbucket.org"):
        path = endpoint.path
    credential = kb.credentials[_credential_kind(request, now, kb)]
    query = f"?{quote(request.query, safe=QUERY_SAFE)}" if request.query and "[redacted" not in request.query else ""
    url = f"https://api.bitbucket.org/2.0{quote(path, safe=PATH_SAFE)}{query}"
    # The method is the catalog's; the URL is re-encoded from the ticket's parts and quoted for the
    # shell, so nothing a ticket holds (a decoded %27, a $( ) in the query) can end the word. The
    # user's own shell variables ($BITBUCKET_REPO_FULL_NAME, written so in the path) stay variables:
    # in double quotes, where nothing else but them can expand (the rest is percent-encoded).
    variables = set(SHELL_VARIABLE.findall(request.path))
    url = ENCODED_VARIABLE.sub(lambda m: "$" + m.group(1) if "$" + m.group(1) in variables else m.group(0), url)
    shown = f'"{url}"' if "$" in url else shlex.quote(url)
    lines = [f"curl --request {endpoint.method} \\",
             f"  --url {shown} \\",
             f"  {credential.curl_at(now)} \\",
             "  --header 'Accept: application/json'"]
    if request.body is not None and endpoint.method in ("POST", "PUT", "PATCH"):
        lines[-1] += " \\"
        lines.append("  --header 'Content-Type: application/json' --data @body.json")
    return "\n".join(lines), f"{endpoint.method} /2.0{endpoint.path} ({endpoint.summary})", \
        endpoint.token_scopes, ", ".join(endpoint.legacy_scopes) or None


SHELL_VARIABLE = re.compile(r"\$[A-Za-z_]\w*+(?![\w{(])")
ENCODED_VARIABLE = re.compile(r"%24([A-Za-z_]\w*+)")
PATH_SAFE = "/{}-._~:@"  # what stays as written in a corrected URL's path; the rest is percent-encoded
QUERY_SAFE = "=&-._~:,+%"  # and in its query (a % already there is the user's own encoding)


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


def _credential_kind(request: Request, now: date, kb: Knowledge) -> str:
    """Which credential to build the corrected command for: the one the user has, retired ones
    replaced; before app passwords' deprecation was announced, an app password (Bitbucket had no API
    tokens to move to)."""
    auth = request.auth
    kinds = [auth.secret.kind.value, auth.secret.stands_for] if auth and auth.secret else []
    if "access_token" in kinds:
        return "access_token"
    if "oauth_consumer" in kinds:
        return "oauth_token"
    return "app_password" if now < kb.timeline.app_password_deprecation_announced else "api_token"
