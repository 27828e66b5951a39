"""Load and validate `knowledge/` (pydantic), and answer lookups the rules need.

Why: facts about Bitbucket live as data so adding a mistake or an endpoint is a
data change. Everything is validated once at start, so a broken file fails
loudly at load rather than silently at triage time.
"""
from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable
from datetime import date
from functools import cached_property, lru_cache, partial
from importlib import resources
from urllib.parse import unquote

from pydantic import BaseModel, Field, model_validator

SEVERITIES = ("blocker", "likely", "info")


class Endpoint(BaseModel):
    method: str
    path: str
    summary: str
    legacy_scopes: list[str]
    token_scopes: list[str]
    auth_types: list[str]
    deprecated: bool

    @property
    def accepts(self) -> list[str]:
        """Credential kinds this operation takes, from its auth types and scopes."""
        kinds = []
        if "api-token" in self.auth_types:
            kinds.append("api_token")
        if self.legacy_scopes:
            kinds += ["access_token", "oauth_token"]
        return kinds


class Credential(BaseModel):
    kind: str
    name: str
    prefix: str
    rest: str
    rest_curl: str
    git: str
    git_url: str
    git_users: list[str]
    revoke: str


class KnownError(BaseModel):
    id: str
    text: str
    meaning: str


class Explains(BaseModel):
    """A symptom this mistake explains: when both are found, only the root cause is reported."""

    id: str
    same_request: bool = Field(False, description="only when both findings concern the same request")


class Mistake(BaseModel):
    id: str
    title: str
    severity: str
    explanation: str
    fix: str
    links: list[str] = Field(default_factory=list)
    positive: list[str] = Field(min_length=1)
    negative: list[str] = Field(min_length=1)
    now: date | None = None
    explains: list[Explains] = Field(default_factory=list)

    @model_validator(mode="after")
    def _severity_known(self) -> "Mistake":
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: severity must be one of {SEVERITIES}")
        return self


class Timeline(BaseModel):
    app_password_creation_disabled: date
    app_passwords_stop_working: date


class Scopes(BaseModel):
    token: dict[str, str]
    legacy_implies: dict[str, list[str]]

    def legacy_closure(self, scopes: list[str]) -> set[str]:
        """Legacy scopes a credential effectively has: token scopes mapped to their legacy name,
        then every legacy scope they imply (legacy scopes are hierarchical)."""
        found = {self.token.get(scope, scope) for scope in scopes}
        pending = list(found)
        while pending:
            for implied in self.legacy_implies.get(pending.pop(), []):
                if implied not in found:
                    found.add(implied)
                    pending.append(implied)
        return found

    def covers(self, granted: list[str], required: list[str]) -> bool:
        """Whether granted scopes (token or legacy names) satisfy the legacy scopes a response
        says the endpoint requires (x-accepted-oauth-scopes)."""
        return set(required) <= self.legacy_closure(granted)

    def token_names(self, legacy: str) -> list[str]:
        """The API-token scopes that stand for a legacy scope: pullrequest:write -> write:pullrequest:bitbucket."""
        return [token for token, name in self.token.items() if name == legacy]


class EndpointMatch(BaseModel):
    """Which catalog operation a method + path is, or the nearest one when none is."""

    status: str = Field(description="known, wrong_method, unknown")
    endpoint: Endpoint | None = None
    suggestion: Endpoint | None = None
    params: dict[str, str] = Field(default_factory=dict)


class Knowledge(BaseModel):
    endpoints: list[Endpoint]
    credentials: dict[str, Credential]
    errors: list[KnownError]
    mistakes: dict[str, Mistake]
    timeline: Timeline
    scopes: Scopes

    @model_validator(mode="after")
    def _consistent(self) -> "Knowledge":
        known_scopes = set(self.scopes.token)
        for endpoint in self.endpoints:
            unknown = set(endpoint.token_scopes) - known_scopes
            if unknown:
                raise ValueError(f"{endpoint.method} {endpoint.path}: unknown token scopes {sorted(unknown)}")
        for mistake in self.mistakes.values():
            unknown = {e.id for e in mistake.explains} - set(self.mistakes)
            if unknown:
                raise ValueError(f"{mistake.id} explains unknown findings {sorted(unknown)}")
        return self

    def operation(self, method: str, template: str) -> Endpoint:
        """The catalog operation with exactly this method and path template."""
        return self._operations[(method, template)]

    def match(self, method: str, path: str) -> EndpointMatch:
        """Which of this catalog's operations a request is (remembered: tickets repeat the same few URLs)."""
        return self._matcher(method.upper(), normalise_path(path))

    def model_copy(self, *, update: dict[str, object] | None = None, deep: bool = False) -> "Knowledge":
        """A copy without the indexes cached from this catalog's endpoints: pydantic copies the
        instance dict, and a copy with other endpoints must not match against these."""
        copy = super().model_copy(update=update, deep=deep)
        for name, attribute in vars(Knowledge).items():
            if isinstance(attribute, cached_property):
                copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def _operations(self) -> dict[tuple[str, str], Endpoint]:
        return {(e.method, e.path): e for e in self.endpoints}

    @cached_property
    def _segments(self) -> list[tuple[Endpoint, tuple[str, ...]]]:
        """Each operation with its path template's segments, in catalog order."""
        return [(e, tuple(s for s in e.path.split("/") if s)) for e in self.endpoints]

    @cached_property
    def _templates(self) -> dict[int, list[tuple[re.Pattern[str], int, list[str], Endpoint]]]:
        """Each operation's path template as a regex, with its count of literal segments and parameter
        names, by the template's count of slashes (a {parameter} never spans one, so a path only
        matches templates with as many as it has)."""
        out: dict[int, list[tuple[re.Pattern[str], int, list[str], Endpoint]]] = {}
        for endpoint in self.endpoints:
            names = re.findall(r"\{([^{}]++)\}", endpoint.path)
            literals = len([s for s in endpoint.path.split("/") if s and not s.startswith("{")])
            out.setdefault(endpoint.path.count("/"), []).append(
                (_template_regex(endpoint.path), literals, names, endpoint))
        return out

    @cached_property
    def _matcher(self) -> Callable[[str, str], EndpointMatch]:
        return lru_cache(maxsize=4096)(partial(_match, self))

    def error_ids(self, message: str) -> list[str]:
        return [e.id for e in self.errors if e.text.lower() in message.lower()]


def normalise_path(path: str) -> str:
    """'/2.0/repositories/ws/' -> '/repositories/ws' (API prefix and trailing slash dropped)."""
    path = unquote(path.split("?")[0])
    path = re.sub(r"^/(?:api/)?2\.0(?=/|$)", "", path)
    return path.rstrip("/") or "/"


def _template_body(template: str) -> str:
    """A path template as a regex body: each {parameter} one segment, the rest literal.

    A parameter followed by literal text in its segment ({repo_name}-issues-{task_id}.zip) may not
    contain that text: a possessive, tempered group keeps the match linear where a lazy one would
    retry every split of a long segment."""
    parts = re.split(r"\{[^/{}]++\}", template)
    body = re.escape(parts[0])
    for literal in parts[1:]:
        follows = re.match(r"[^/]*+", literal).group()
        body += f"((?:(?!{re.escape(follows)})[^/])++)" if follows else "([^/]++)"
        body += re.escape(literal)
    return body


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile(f"^{_template_body(template)}$")


def _match(kb: Knowledge, method: str, path: str) -> EndpointMatch:
    hits = []
    for regex, literals, names, endpoint in kb._templates.get(path.count("/"), ()):
        found = regex.match(path)
        if found:
            hits.append((literals, endpoint, dict(zip(names, found.groups()))))
    if hits:
        best = max(h[0] for h in hits)
        top = [h for h in hits if h[0] == best]
        same_method = [h for h in top if h[1].method == method]
        if same_method:
            return EndpointMatch(status="known", endpoint=same_method[0][1], params=same_method[0][2])
        if not method:
            return EndpointMatch(status="known", endpoint=_prefer_get(top)[1], params=_prefer_get(top)[2])
        return EndpointMatch(status="wrong_method", endpoint=_prefer_get(top)[1], params=_prefer_get(top)[2])
    return EndpointMatch(status="unknown", suggestion=_nearest(kb, method, path))


def _prefer_get(hits: list[tuple[int, Endpoint, dict[str, str]]]) -> tuple[int, Endpoint, dict[str, str]]:
    return next((h for h in hits if h[1].method == "GET"), hits[0])


def _nearest(kb: Knowledge, method: str, path: str) -> Endpoint | None:
    """The catalog operation whose path is most like `path` (segment by segment): same resource
    root, every literal segment a plausible misspelling, missing or extra segment tolerated."""
    segments = [s.lower() for s in path.split("/") if s]
    roots: dict[str, float] = {}  # likeness of the path's first segment to each resource root
    best: tuple[float, Endpoint] | None = None
    for endpoint, template in kb._segments:
        if not segments or not template or abs(len(template) - len(segments)) > 1:
            continue
        root = roots.get(template[0])
        if root is None:
            root = roots[template[0]] = _likeness(segments[0], template[0])
        if root < 0.75:
            continue  # another resource
        total = root
        for mine, theirs in zip(segments[1:], template[1:]):
            ratio = _likeness(mine, theirs)
            if ratio < 0.5:
                break  # a literal segment that is not a misspelling of this one
            total += ratio
        else:
            score = total / max(len(template), len(segments)) + (0.05 if endpoint.method == (method or "GET") else 0)
            if best is None or score > best[0]:
                best = (score, endpoint)
    return best[1] if best and best[0] >= 0.6 else None


def _likeness(mine: str, theirs: str) -> float:
    """A path segment against a template segment: any value fits a {parameter} fairly well. A
    segment over three times as long as a literal cannot reach a ratio of 0.5 with it (the ratio is
    at most twice the shorter length over the sum), so it is not compared at all."""
    if theirs.startswith("{"):
        return 0.9
    return 0.0 if len(mine) > 3 * len(theirs) else _similarity(mine, theirs)


@lru_cache(maxsize=16384)
def _similarity(mine: str, theirs: str) -> float:
    """How alike a path segment is to a catalog literal (the catalog has few literals: cache)."""
    return difflib.SequenceMatcher(None, mine, theirs).ratio()


def _read(name: str) -> str:
    return resources.files("knowledge").joinpath(name).read_text()


def demo_ticket() -> str:
    """The embedded example ticket (`bbhelp triage` with no FILE, the start-up warm-up, the bench)."""
    return _read("examples/demo_ticket.txt")


@lru_cache(maxsize=1)
def load() -> Knowledge:
    """The whole knowledge base, validated. Raises pydantic.ValidationError on bad data."""
    credentials = tomllib.loads(_read("credentials.toml"))["credential"]
    mistakes = tomllib.loads(_read("mistakes.toml"))["mistake"]
    ids = [m["id"] for m in mistakes]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise ValueError(f"duplicate mistake ids: {sorted(duplicated)}")
    return Knowledge(
        endpoints=json.loads(_read("endpoints.json"))["endpoints"],
        credentials={c["kind"]: c for c in credentials},
        errors=tomllib.loads(_read("errors.toml"))["error"],
        mistakes={m["id"]: m for m in mistakes},
        timeline=tomllib.loads(_read("timeline.toml")),
        scopes=tomllib.loads(_read("scopes.toml")),
    )
