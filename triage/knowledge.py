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

from pydantic import BaseModel, ConfigDict, Field, model_validator

from triage.gate import Gated
from triage.reason.vocabulary import Seen, Surface

SEVERITIES = ("blocker", "likely", "info")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})  # the methods whose requests carry a body
FILE_PATH = "/{path}"  # the last parameter of src, filehistory, attachments and snippet files: a file's path
MAX_FILE_DEPTH = 64  # slashes in a path those operations are matched against (deeper: unknown)
ENCODED_SLASH = re.compile("%2F", re.I)  # inside a path segment: a branch name's /
UUID_BRACES = re.compile(r"\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}")
LEVELS = {"read": 0, "write": 1, "admin": 2}  # an API token scope's levels, as askers read them


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


class Window(BaseModel):
    """Dates a fact holds between: from `start` (inclusive) to `end` (exclusive); open when unset."""

    start: date | None = None
    end: date | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


class Stage(Window):
    """Where a credential stands in a window of dates, in words an answer can show."""

    says: str


class CurrentForm(BaseModel):
    """How a credential was sent while it was the one to use (app passwords until their deprecation was
    announced): a corrected command for a ticket of those days keeps it."""

    until: date
    rest_curl: str


class Credential(BaseModel):
    kind: str
    name: str
    prefix: str
    rest: str
    rest_curl: str
    while_current: CurrentForm | None = None
    git: str
    git_url: str
    git_users: list[str]
    revoke: str
    stages: list[Stage] = Field(default_factory=list, description="where it stands, by date (app passwords)")

    def curl_at(self, day: date) -> str:
        """The curl credential option a corrected command gives at `day`."""
        current = self.while_current
        return current.rest_curl if current is not None and day < current.until else self.rest_curl

    def stage_at(self, day: date) -> str:
        """What holds for this credential at `day` ('' when nothing about it changes with the date)."""
        return next((stage.says for stage in self.stages if stage.holds(day)), "")


class KnownError(BaseModel):
    id: str
    text: str
    meaning: str
    seen: Seen = Field(description="the observation a body with this message makes")


class Explains(BaseModel):
    """A symptom this mistake explains: when both are found, only the root cause is reported."""

    id: str
    same_request: bool = Field(False, description="only when both findings concern the same request")


class DatedPrior(Window):
    """A prior that holds in a window: a cause far commoner for a while (right after a cutoff)."""

    prior: float = Field(ge=0, le=1)


class Example(BaseModel):
    """A ticket a mistake's test triages, at `now` when the example is about a particular date."""

    text: str
    now: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value


class Mistake(BaseModel):
    """One mistake as data: when it is certain (its signature), which symptoms make it a candidate,
    what weighs for and against it, when it applies and what to ask when it is only a candidate.
    The generic rules (triage/reason/rules/catalog.py) are generated from these fields."""

    id: str
    title: str
    severity: str
    explanation: str
    fix: str
    links: list[str] = Field(default_factory=list)
    surfaces: list[Surface] = Field(min_length=1, description="where its fix applies")
    window: Window = Field(default_factory=Window, description="the dates it applies between")
    prior: float = Field(0.1, ge=0, le=1, description="how common it is among the causes of its symptoms")
    priors: list[DatedPrior] = Field(default_factory=list, description="the prior in particular windows")
    certainty: float = Field(0.95, ge=0, le=1, description="how surely its signature means this mistake")
    requires: list[Seen] = Field(default_factory=list, description="its signature: all on one request or "
                                 "git command (the ticket-wide ones anywhere in the ticket)")
    alternatives: list[list[Seen]] = Field(default_factory=list, description="other signatures, each enough alone")
    unless: list[Seen] = Field(default_factory=list, description="the signature does not hold with any of these")
    symptoms: list[Seen] = Field(default_factory=list, description="what makes it a candidate")
    symptom_priors: dict[Seen, float] = Field(default_factory=dict, description="the prior when raised by this "
                                              "symptom (a cause can be common for one symptom, rare for another)")
    confirms: list[Seen] = Field(default_factory=list)
    refutes: list[Seen] = Field(default_factory=list)
    ask: str = Field("", description="what to ask for when it is a candidate")
    details: list[str] = Field(default_factory=list, description="lines shown with it; {name} is a value the "
                               "report computes (answer/report.py detail_values), a line without its values is left out")
    by_ranking: bool = Field(False, description="made by the ranking step, not by rules (what to paste next)")
    positive: list[Example] = Field(min_length=1)
    negative: list[Example] = Field(min_length=1)
    now: date | None = Field(None, description="the date its examples are triaged at, unless one says its own")
    explains: list[Explains] = Field(default_factory=list)

    @model_validator(mode="after")
    def _well_formed(self) -> "Mistake":
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: severity must be one of {SEVERITIES}")
        if not self.requires and not self.alternatives and not self.symptoms and not self.by_ranking:
            raise ValueError(f"{self.id}: needs a signature (requires) or symptoms, or nothing ever raises it")
        if self.symptoms and not self.ask:
            raise ValueError(f"{self.id}: a mistake raised from symptoms must say what to ask for")
        if set(self.symptom_priors) - set(self.symptoms):
            raise ValueError(f"{self.id}: symptom_priors names symptoms it does not have")
        if any(not alternative for alternative in self.alternatives):
            raise ValueError(f"{self.id}: an empty alternative signature would always hold")
        return self

    @property
    def signatures(self) -> list[list[Seen]]:
        return ([self.requires] if self.requires else []) + self.alternatives

    def prior_at(self, day: date, symptom: Seen | None = None) -> float:
        """The prior at a date, for one of its symptoms (a symptom's own prior wins over a dated one)."""
        if symptom is not None and symptom in self.symptom_priors:
            return self.symptom_priors[symptom]
        return next((dated.prior for dated in self.priors if dated.holds(day)), self.prior)


class ObservationText(BaseModel):
    """What an observation means, and how a user gets it when it is missing."""

    means: str
    ask: str = ""


class RemovedEndpoint(BaseModel):
    """An operation Bitbucket removed: requests to it fail from `removed` on (knowledge/removed.toml)."""

    method: str = Field(description="a method, or * for any")
    path: str = Field(description="a path template; {…} matches one segment, and a trailing /** any rest")
    removed: date
    announced: date | None = None
    replacement: str
    change: str = Field("", description="Atlassian's change notice")
    exempt: str = Field("", description="a regex: paths it finds are not removed (a UUID where a name was)")

    def applies_to(self, method: str, path: str) -> bool:
        """Whether the notice is about this operation, whatever the date."""
        return (self.method in ("*", method) and self.pattern.match(path) is not None
                and not (self.exempt and re.search(self.exempt, path)))

    def covers(self, method: str, path: str, day: date) -> bool:
        """Whether the operation is gone at `day`."""
        return self.removed <= day and self.applies_to(method, path)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        rest = self.path.endswith("/**")
        body = _template_body(self.path.removesuffix("/**"))
        return re.compile(f"^{body}{'/[^?#]++' if rest else ''}$")  # /** is what lies below, not the path itself


class BodyShape(BaseModel):
    """An object field that must hold `holds` (a dotted path): a string or an object without it there
    is the wrong shape."""

    operation: str
    field: str
    holds: str


class EnumField(BaseModel):
    """The values a body field (or, with in = query, a query parameter) takes."""

    model_config = ConfigDict(populate_by_name=True)

    operation: str
    field: str
    values: list[str]
    where: str = Field("body", alias="in")


class Bodies(BaseModel):
    """What request bodies common operations take (knowledge/bodies.toml)."""

    no_body: list[str]
    optional_body: list[str] = Field(default_factory=list, description="operations whose every body field is optional")
    shape: list[BodyShape] = Field(default_factory=list)
    enum: list[EnumField] = Field(default_factory=list)


class GatedEntry(BaseModel):
    """A table entry found in a ticket by a pattern behind its words: most tickets name no client,
    and a pass of a pattern over one costs more than looking for a few words."""

    pattern: str = Field(description="finds the entry; its named groups hold what is read (call, value)")
    words: list[str] = Field(min_length=1, description="one of which (lower case) any match of the pattern holds")

    @cached_property
    def finder(self) -> Gated:
        return Gated(tuple(self.words), re.compile(self.pattern))


class ClientToken(GatedEntry):
    """How code hands a client a token it sends in an Authorization header of its own making
    (atlassian-python-api's Bitbucket(…, token=X) and node-bitbucket's auth: { token: X } send
    Bearer X): an API token given that way is refused. The pattern's `value` group is the token's
    expression."""

    made_by: list[str] = Field(min_length=1, description="one of which (as written) the ticket holds where it "
                                                         "makes the client")
    scheme: str = Field(description="the scheme the client sends the token with: bearer or token")


class Client(GatedEntry):
    """A client or tool that calls Bitbucket (knowledge/clients.toml): how a ticket names its calls
    (the pattern's `call` group is looked up in `calls`), the request each call makes, what it does
    on every request, and how it is given a token."""

    id: str
    name: str
    surface: Surface
    traits: list[Seen] = Field(default_factory=list)
    calls: dict[str, str] = Field(description="call name (lower case) -> 'METHOD /path' without /2.0")
    token: ClientToken | None = None

    def operation(self, call: str) -> tuple[str, str] | None:
        """The method and path a call makes, or None for a call the table does not know."""
        found = self.calls.get(" ".join(call.lower().split()))
        if found is None:
            return None
        method, _, path = found.partition(" ")
        return method, path


class WindowLength(BaseModel):
    """How long each brownout window lasts from a day on."""

    start: date
    minutes: int


class Timeline(BaseModel):
    account_passwords_refused: date
    app_password_deprecation_announced: date
    app_password_creation_disabled: date
    app_password_brownouts_start: date
    app_passwords_removed: date
    brownout_window_hours: list[int]
    brownout_window_minutes: list[WindowLength]

    def in_brownout_window(self, day: date, hour: int, minute: int) -> bool:
        """Whether a time of day (UTC) on `day` falls inside one of that day's brownout windows."""
        if not self.app_password_brownouts_start <= day < self.app_passwords_removed:
            return False
        length = max((w.minutes for w in self.brownout_window_minutes if w.start <= day), default=0)
        return hour in self.brownout_window_hours and minute < length


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

    def claim_covers(self, claimed: list[str], required: list[str]) -> bool:
        """Whether the API-token scopes an asker says a token has reach those an operation needs, read
        as askers write them: a scope of the resource at the level needed or above (read < write <
        admin; delete its own). Askers name the scope that matters to them (write:pullrequest) and not
        the read scope Bitbucket also wants, so the read-beside-write rule is not held against them."""
        held: dict[str, set[str]] = {}
        for scope in claimed:
            level, _, resource = scope.partition(":")
            held.setdefault(resource, set()).add(level)
        return all(any(LEVELS.get(have, -1) >= LEVELS.get(level, 99) or have == level
                       for have in held.get(resource, ()))
                   for level, _, resource in (scope.partition(":") for scope in required))

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
    observations: dict[Seen, ObservationText]
    removed: list[RemovedEndpoint]
    bodies: Bodies
    asks: dict[str, str]
    clients: list[Client]

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
        undescribed = set(Seen) - set(self.observations)
        if undescribed:
            raise ValueError(f"observations without a description: {sorted(undescribed)}")
        return self

    def error_seen(self, message: str) -> list[Seen]:
        """The observations a message makes: one for each known error text it holds (any case)."""
        folded = message.lower()
        return list(dict.fromkeys(e.seen for e in self.errors if e.text.lower() in folded))

    def takes_no_body(self, endpoint: Endpoint) -> bool:
        return f"{endpoint.method} {endpoint.path}" in self._no_body

    def takes_body(self, endpoint: Endpoint) -> bool:
        """An operation that reads a body: a POST, PUT or PATCH that knowledge/bodies.toml lists
        neither as taking none nor as taking an optional one (a merge needs none)."""
        operation = f"{endpoint.method} {endpoint.path}"
        return endpoint.method in BODY_METHODS and operation not in self._no_body \
            and operation not in self.bodies.optional_body

    @staticmethod
    def is_list(endpoint: Endpoint) -> bool:
        """A paginated collection (the catalog's summaries name them "List …")."""
        return endpoint.method == "GET" and endpoint.summary.startswith("List")

    def body_problems(self, endpoint: Endpoint, body: object, query: dict[str, str]) -> list[Seen]:
        """What is wrong with a request's body or query for this operation, from knowledge/bodies.toml."""
        operation = f"{endpoint.method} {endpoint.path}"
        found: list[Seen] = []
        fields = body if isinstance(body, dict) else {}
        for shape in self.bodies.shape:
            value = fields.get(shape.field)
            if shape.operation == operation and value is not None and _dotted(value, shape.holds) is None:
                found.append(Seen.BODY_SHAPE_WRONG)
        for enum in self.bodies.enum:
            if enum.operation != operation:
                continue
            if enum.where == "query":
                given = query.get(enum.field)
                bad = given is not None and given.upper() not in {v.upper() for v in enum.values}
            else:  # one value, or a list of them (a webhook's events)
                given = fields.get(enum.field)
                values = given if isinstance(given, list) else [given]
                bad = any(isinstance(value, str) and value not in enum.values for value in values)
            if bad:
                found.append(Seen.ENUM_VALUE_INVALID)
        return list(dict.fromkeys(found))

    def enum_near_misses(self, identifiers: list[str]) -> list[str]:
        """Values a ticket writes beside a known enum field's name that are one of its values spelled
        with the other separator (fast-forward for fast_forward): Bitbucket answers those with 400."""
        named = set(identifiers)
        misses: list[str] = []
        for enum in self.bodies.enum:
            if enum.field not in named:
                continue
            spelled = {value.replace("-", "_") for value in enum.values}
            misses += [word for word in identifiers if word not in enum.values and word.replace("-", "_") in spelled]
        return misses

    @cached_property
    def _no_body(self) -> frozenset[str]:
        return frozenset(self.bodies.no_body)

    def removed_at(self, method: str, path: str, day: date) -> RemovedEndpoint | None:
        """The removal notice an operation falls under at `day`, if any (path without /2.0)."""
        return next((r for r in self.removed if r.covers(method, path, day)), None)

    def notice_at(self, method: str, path: str, day: date) -> RemovedEndpoint | None:
        """The removal notice an operation falls under at `day`: one carried out by then, else one
        announced by then (the operation still works that day, its end is known)."""
        notices = [notice for notice in self.removed  # the date first: it is cheaper than the path's pattern
                   if (notice.announced or notice.removed) <= day and notice.applies_to(method, path)]
        return next((notice for notice in notices if notice.removed <= day), None) or next(
            (notice for notice in notices if notice.announced is not None and notice.announced <= day), None)

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
            slashes = endpoint.path.count("/")
            # a file's {path} spans any number of slashes, or none (src/main/ is the root at main)
            depths = range(slashes - 1, MAX_FILE_DEPTH) if endpoint.path.endswith(FILE_PATH) else (slashes,)
            entry = (_template_regex(endpoint.path), literals, names, endpoint)  # one regex for every depth
            for depth in depths:
                out.setdefault(depth, []).append(entry)
        return out

    @cached_property
    def _matcher(self) -> Callable[[str, str], EndpointMatch]:
        return lru_cache(maxsize=4096)(partial(_match, self))


def _dotted(value: object, path: str) -> object | None:
    """value["a"]["b"] for "a.b", None when any step is missing."""
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def normalise_path(path: str) -> str:
    """'/2.0/repositories/ws/' -> '/repositories/ws' (API prefix and trailing slash dropped)."""
    path = unquote(ENCODED_SLASH.sub("%252F", path.split("?")[0]))  # feature%2Fx is one segment: a branch name
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
    if template.endswith(FILE_PATH):  # src/{commit}/{path}: docs/a.md, or nothing after the commit
        return re.compile(f"^{_template_body(template.removesuffix(FILE_PATH))}(?:/|$)(.*+)$")
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
        observations=tomllib.loads(_read("observations.toml")),
        removed=tomllib.loads(_read("removed.toml"))["removed"],
        bodies=tomllib.loads(_read("bodies.toml")),
        asks=tomllib.loads(_read("asks.toml")),
        clients=tomllib.loads(_read("clients.toml"))["client"],
    )
