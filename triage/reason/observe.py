"""Facts -> observations: what a ticket shows, in the one vocabulary the mistake catalog and the rules
speak (triage/reason/vocabulary.py: Seen, Surface, Strength).

Why a step of its own: readers report what is in the text (a request, its headers, a status line);
the rules need it classified and placed: on which surface, about which request, how strongly shown.
This module classifies and looks things up in the knowledge base (the endpoint catalog, removed
endpoints, known error messages, body shapes); it decides no diagnosis.

Credential hypotheses follow the strength of their evidence: a literal prefix (ATATT…) beats a
variable or placeholder name ($BITBUCKET_API_TOKEN), which beats what the asker says, which beats
what the ticket's date and the user form suggest.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, unquote

from triage.knowledge import BODY_METHODS, UUID_BRACES, Client, EndpointMatch, Knowledge, normalise_path
from triage.reason.vocabulary import (
    Auth,
    ConfiguredAuth,
    Facts,
    GitCommand,
    Observation,
    Request,
    SecretKind,
    SecretRef,
    Seen,
    Strength,
    Surface,
)

API_BASE = re.compile(r"^(?:/api)?/2\.0(?:/|$)")
API_ROOT = re.compile(r"/(?:repositories|workspaces|user|users|teams|snippets|pullrequests|hook_events)(?:/|$)")
WEB_PAGES_WITHOUT_API_TWIN = frozenset({"account", "site", "dashboard", "product", "socialauth", "repo"})
SERVER_PATH = re.compile(r"/rest/api/|/projects/[^/]++/repos/|/pull-requests\b")
PLACEHOLDER_MARKS = "<>{}[]$%"
# API tokens expire at most a year after they are made (shared/DOMAIN.md section 4); a token said to be
# this old may have reached its expiry (the default one is shorter than the longest)
TOKEN_LIFETIME_DAYS = 335
WORD = re.compile(r"\w++")
# The surface of a credential kept for a host (.netrc): git and go fetch from bitbucket.org, the API is its own.
HOST_SURFACES = {"bitbucket.org": Surface.GIT, "www.bitbucket.org": Surface.GIT, "api.bitbucket.org": Surface.REST}
API_1_0 = re.compile(r"^(?:/api)?/1\.0(?:/|$)")
STATUS_IN_MESSAGE = re.compile(r"\b([45]\d\d)\b")
BITBUCKET_HOSTS = frozenset({"bitbucket.org", "www.bitbucket.org"})
CREDENTIAL_SEEN = {"api_token": Seen.CRED_API_TOKEN, "access_token": Seen.CRED_ACCESS_TOKEN,
                   "app_password": Seen.CRED_APP_PASSWORD, "jwt": Seen.CRED_JWT,
                   "oauth_consumer": Seen.CRED_OAUTH_CONSUMER, "oauth_token": Seen.CRED_OAUTH_TOKEN,
                   "account_password": Seen.CRED_ACCOUNT_PASSWORD}
SAYS = {  # prose signal (read/prose.py) -> the observation it makes
    "app_password": Seen.SAYS_APP_PASSWORD, "api_token": Seen.SAYS_API_TOKEN, "access_token": Seen.SAYS_ACCESS_TOKEN,
    "moved_to_token": Seen.SAYS_MOVED_TO_TOKEN,
    "account_password": Seen.SAYS_ACCOUNT_PASSWORD, "oauth_consumer": Seen.SAYS_OAUTH_CONSUMER,
    "oauth_token": Seen.SAYS_OAUTH_TOKEN, "oidc": Seen.SAYS_OIDC, "unscoped_token": Seen.SAYS_UNSCOPED,
    "scopes_configured": Seen.SAYS_SCOPES_CONFIGURED, "never_accessed": Seen.SAYS_NEVER_ACCESSED,
    "token_used": Seen.SAYS_TOKEN_USED, "no_output": Seen.SAYS_NO_OUTPUT, "public_works": Seen.SAYS_PUBLIC_WORKS,
    "private_repo": Seen.SAYS_PRIVATE_REPO, "pagination": Seen.SAYS_PAGINATION, "repo_list": Seen.SAYS_REPO_LIST, "two_step": Seen.SAYS_TWO_STEP, "pr_states": Seen.SAYS_PR_STATES,
    "expired": Seen.SAYS_EXPIRED, "intermittent": Seen.SAYS_INTERMITTENT, "used_to_work": Seen.SAYS_USED_TO_WORK,
    "expired_at_once": Seen.SAYS_EXPIRED_AT_ONCE, "no_callback": Seen.SAYS_NO_CALLBACK,
    "prompts_again": Seen.SAYS_PROMPTS_AGAIN, "credential_store": Seen.SAYS_CREDENTIAL_STORE,
    "helper_off": Seen.SAYS_HELPER_OFF,
    "rotated": Seen.SAYS_ROTATED,
    "auth_proven": Seen.SAYS_AUTH_PROVEN,
    "no_prompt": Seen.SAYS_NO_PROMPT, "works_elsewhere": Seen.SAYS_WORKS_ELSEWHERE, "read_works": Seen.SAYS_READ_WORKS,
    "team_account": Seen.SAYS_TEAM_ACCOUNT, "server_dc": Seen.SAYS_SERVER_DC, "pipelines": Seen.SAYS_PIPELINES,
    "postman": Seen.SAYS_POSTMAN, "powershell": Seen.SAYS_POWERSHELL, "windows": Seen.SAYS_WINDOWS,
    "email_user": Seen.SAYS_EMAIL_USER, "username_user": Seen.SAYS_USERNAME_USER, "oauth1": Seen.SAYS_OAUTH1,
    "oauth2": Seen.SAYS_OAUTH2, "uuid": Seen.SAYS_UUID, "deprecation": Seen.SAYS_DEPRECATION,
    "web_base": Seen.SAYS_WEB_BASE, "bearer_scheme": Seen.SAYS_BEARER_SCHEME,
    "bearer_setter": Seen.SAYS_BEARER_SCHEME,
    "content_type_json": Seen.SAYS_CONTENT_TYPE_JSON,
    "auth_failed": Seen.STATUS_401,  # "authentication failed", "Unauthorized": a 401 in words
}
CLAIMED_CREDENTIALS = {"app_password": "app_password", "api_token": "api_token", "access_token": "access_token",
                       "account_password": "account_password", "oauth_token": "oauth_token",
                       "oauth_consumer": "oauth_consumer"}
SURFACE_WORDS = {"rest_api": Surface.REST, "git_clone": Surface.GIT}  # prose signal -> the surface it names
PAIRS = frozenset({"oauth_consumer"})  # credentials that are a key and a secret, sent as Basic user:password
STATUS_SEEN = {400: Seen.STATUS_400, 401: Seen.STATUS_401, 403: Seen.STATUS_403, 404: Seen.STATUS_404,
               405: Seen.STATUS_405, 410: Seen.STATUS_410, 429: Seen.STATUS_429}
GIT_ERROR_SEEN = {"auth_failed": Seen.GIT_AUTH_FAILED, "auth_required": Seen.GIT_AUTH_FAILED,
                  "invalid_credentials": Seen.GIT_INVALID_CREDENTIALS,
                  "no_access": Seen.GIT_NO_ACCESS, "not_found": Seen.GIT_NOT_FOUND,
                  "password_prompt": Seen.GIT_PASSWORD_PROMPT,
                  "account_password_rejected": Seen.GIT_ACCOUNT_PASSWORD_REJECTED, "bad_url": Seen.GIT_BAD_URL}
# "Password for 'https://<user>@bitbucket.org'": the user git sends; a token there (ATATT…@) is a token as the user
PROMPTED_USER = {SecretKind.EMAIL.value: Seen.USER_EMAIL, SecretKind.USERNAME.value: Seen.USER_USERNAME,
                 SecretKind.API_TOKEN.value: Seen.USER_IS_TOKEN, SecretKind.APP_PASSWORD.value: Seen.USER_IS_TOKEN,
                 SecretKind.ACCESS_TOKEN.value: Seen.USER_IS_TOKEN, SecretKind.OPAQUE.value: Seen.USER_IS_TOKEN}
DAMAGE_SEEN = {"flattened_continuation": Seen.FLATTENED_CONTINUATION,
               "trailing_space_continuation": Seen.TRAILING_SPACE_CONTINUATION, "typographic_quotes": Seen.SHELL_QUOTING,
               "cmd_single_quotes": Seen.SHELL_QUOTING, "single_quoted_variable": Seen.SHELL_QUOTING,
               "unbalanced_quote": Seen.SHELL_QUOTING, "special_parameter": Seen.SHELL_QUOTING,
               "url_cut_at_ampersand": Seen.SHELL_QUOTING,
               "powershell_alias": Seen.POWERSHELL_ALIAS,
               "powershell_native_quotes": Seen.POWERSHELL_NATIVE_QUOTES,
               "glob_expands": Seen.GLOB_EXPANDS, "method_case": Seen.METHOD_CASE, "glob_error": Seen.GLOB_REFUSED,
               **dict.fromkeys(("method_conflict", "unknown_option", "ambiguous_option", "missing_argument"),
                               Seen.CURL_REFUSED)}
MAX_WIDENED = 4  # variable segments tried as two segments each
# Requests whose credential a ticket shows, if at all, elsewhere (built code: SetBasicAuth, a client's defaults).
UNSEEN_AUTH = frozenset({"client", "prose", "code", "powershell"})


@dataclass
class Observed:
    """A ticket's observations, and what the report needs besides: each request's catalog endpoint."""

    observations: list[Observation] = field(default_factory=list)
    endpoints: dict[str, EndpointMatch] = field(default_factory=dict)  # subject -> match (REST requests)
    paths: dict[str, str] = field(default_factory=dict)  # subject -> the API path it means (no /2.0)
    # subjects of requests made (not a URL said in prose) -> the credential they send (its safe display;
    # a placeholder or none is no credential two requests can be seen to share: the subject itself)
    made: dict[str, str] = field(default_factory=dict)
    surface: Surface = Surface.ANY  # the ticket's: where its requests and commands happen
    day: date = date.min  # the date reasoned at

    def add(self, name: Seen, subject: str = "ticket", surface: Surface = Surface.ANY,
            strength: Strength = Strength.LITERAL, line: int = 0) -> None:
        self.observations.append(Observation(name=name, subject=subject, surface=surface, strength=strength,
                                             line=line))


def request_surface(request: Request) -> Surface:
    """Where a request happens: the API, git, the OAuth token exchange, or Bitbucket Server."""
    host, path = request.host, request.path
    if host in BITBUCKET_HOSTS:
        if path.startswith(("/site/oauth", "/api/1.0/oauth/")):  # OAuth 2.0, and OAuth 1.0a's old endpoints
            return Surface.OAUTH
        if path.rstrip("/").endswith(".git") or "/info/refs" in path or "/git-upload-pack" in path:
            return Surface.GIT
        return Surface.REST
    if host == "api.bitbucket.org" or not host:
        return Surface.REST
    return Surface.SERVER if SERVER_PATH.search(path) else Surface.REST


def api_path(request: Request) -> str:
    """The REST path (without /2.0) a request means: its own on the API, the API twin of a web page
    (bitbucket.org/ws/repo/pull-requests -> /repositories/ws/repo/pullrequests), else ''."""
    path = request.path
    if (request.host == "api.bitbucket.org" or request.host in BITBUCKET_HOSTS or not request.host) \
            and API_BASE.match(path):
        return normalise_path(path)
    if request.host.startswith("$") and API_ROOT.match(path):
        return normalise_path(path)  # `$API/repositories/…`: a base URL only the run knows, then an API path
    segments = [s for s in normalise_path(path).split("/") if s]
    if request.host not in BITBUCKET_HOSTS or not segments or segments[0] in WEB_PAGES_WITHOUT_API_TWIN:
        return ""
    return "/repositories/" + "/".join(segments[:2]) + ("/pullrequests" if "pull-requests" in segments else "")


def observe(facts: Facts, kb: Knowledge, now: date) -> Observed:
    """Every observation of a ticket at the date `now`."""
    seen = Observed(day=now)
    claims = _claims(facts)
    subjects: list[tuple[str, Surface]] = []
    done: set[str] = set()
    used: set[int] = set()  # the configured credentials that stand for a request's (by identity)
    git_error_lines = {error.line for error in facts.git_errors}
    for index, request in enumerate(facts.requests):
        key = request.model_dump_json(exclude={"line", "command_index"})
        if key in done:
            continue  # the same command again (a log pasted twice) tells the rules nothing new
        done.add(key)
        subject, surface = f"r{index}", request_surface(request)
        if request.origin == "prose" and request.line in git_error_lines and request.host in BITBUCKET_HOSTS:
            surface = Surface.GIT  # "fatal: Authentication failed for 'https://bitbucket.org/ws/repo/'": git's remote
        subjects.append((subject, surface))
        if request.client:  # a tool's own request: the ticket is also about what the tool is for
            subjects.append((subject, _client(request, kb).surface))
        configured = _configured_for(facts, request) if request.auth is None and request.origin in UNSEEN_AUTH \
            else None
        if configured is not None:
            used.add(id(configured))
        _placed(seen, request.line, _request, seen, subject, surface, request, kb, now, claims, configured)
    for index, git in enumerate(facts.git_commands):
        subject = f"g{index}"
        # a remote in a tool's settings (a CI resource's uri) says how git would log in, not that
        # the ticket is about git: the tool may fail on the API
        surface = Surface.ANY if git.scheme == "ssh" or git.configured else Surface.GIT
        subjects.append((subject, surface))
        _placed(seen, git.line, _git, seen, subject, git, kb, now, claims)
    seen.surface = _ticket_surface(facts, subjects)
    _workspaces_compared(seen, facts)
    for index, configured in enumerate(facts.configured):
        if id(configured) not in used:  # a tool's settings with no request of it shown: still its credential,
            subject = f"k{index}"       # on the surface the ticket is about (a git rule has no say on a REST one)
            surface = HOST_SURFACES.get(configured.host, seen.surface)  # or the one of the host it is kept for
            _placed(seen, configured.line, _configured, seen, subject, surface, configured, kb, now, claims)
    _ticket(seen, facts, kb)
    _scopes_as_said(seen, facts, kb)
    _users_as_said(seen, facts)
    return seen


def _scopes_as_said(seen: Observed, facts: Facts, kb: Knowledge) -> None:
    """The scopes the asker says the credential has, against what each API request's operation needs:
    'the token has read:pullrequest:bitbucket' on a pull request's comment POST is a scope short,
    by the asker's word. The claimed scopes are API-token scopes, held against the operation's
    (Scopes.claim_covers). Not a tool's own check (Git Credential Manager's GET /2.0/user, inferred):
    the asker told the scopes for what they run."""
    if not facts.scopes_claimed:
        return
    for subject, match in seen.endpoints.items():
        endpoint, request = match.endpoint, facts.requests[int(subject[1:])]
        if endpoint is not None and endpoint.token_scopes and "path" not in request.inferred \
                and not kb.scopes.claim_covers(facts.scopes_claimed, endpoint.token_scopes):
            seen.add(Seen.SCOPES_SHORT, subject, Surface.REST, Strength.PROSE)


def _users_as_said(seen: Observed, facts: Facts) -> None:
    """What the asker says of the user name outranks what a name guessed (the claims are ticket-wide
    and found before the requests, but weighed once every request's user form is known):
    - a user name that is the URL's workspace, in a ticket that says the workspace is a team's, is a
      team's, no person's username (a personal workspace's ID is its owner's username, so without
      those words the name stays a username as well);
    - a variable whose name says 'user' ($BB_USER) holds an email when the asker says so of that
      variable by its name ("BB_USER holds my Atlassian email")."""
    said = {o.name for o in seen.observations}
    teams = {o.subject for o in seen.observations if o.name is Seen.USER_IS_WORKSPACE} \
        if Seen.SAYS_TEAM_ACCOUNT in said else set()
    named = {word for signal in facts.signals if signal.name == "email_user" for word in WORD.findall(signal.text)}
    users = [(f"r{index}", request.auth.user if request.auth else None) for index, request in enumerate(facts.requests)]
    users += [(f"g{index}", git.user) for index, git in enumerate(facts.git_commands)]
    emails = {subject for subject, user in users if user is not None and user.variable_name
              and user.variable_name.rpartition(".")[2] in named}  # ${{ secrets.BB_USER }}: BB_USER
    kept: list[Observation] = []
    for o in seen.observations:
        if o.name is Seen.USER_USERNAME and o.subject in teams:
            continue
        if o.name is Seen.USER_USERNAME and o.subject in emails and o.strength is Strength.NAME:
            o = o.model_copy(update={"name": Seen.USER_EMAIL, "strength": Strength.PROSE})
        kept.append(o)
    seen.observations = kept


def _workspaces_compared(seen: Observed, facts: Facts) -> None:
    """An API request for a repository whose page the ticket shows under another workspace ("in the
    browser it is bitbucket.org/acme-corp/billing", the request asks for acme/billing)."""
    pages: dict[str, set[str]] = {}
    for request in facts.requests:
        segments = [s for s in request.path.split("/") if s]
        if request.origin == "prose" and request.host in BITBUCKET_HOSTS and len(segments) >= 2 \
                and segments[0] not in WEB_PAGES_WITHOUT_API_TWIN and not API_BASE.match(request.path):
            pages.setdefault(segments[1].lower().removesuffix(".git"), set()).add(segments[0].lower())
    if not pages:
        return
    for index, request in enumerate(facts.requests):
        segments = [s for s in api_path(request).split("/") if s]
        if len(segments) >= 3 and segments[0] == "repositories" and request.origin != "prose" \
                and segments[1].lower() not in pages.get(segments[2].lower(), {segments[1].lower()}):
            seen.add(Seen.WORKSPACE_DIFFERS, f"r{index}", Surface.REST, line=request.line)


def _client(request: Request, kb: Knowledge) -> Client:
    return next(client for client in kb.clients if client.id == request.client)


def _placed(seen: Observed, line: int, observe_one: Callable[..., None], *args: object) -> None:
    """Run one request's or command's observer; what it saw without a line of its own is at that line."""
    first = len(seen.observations)
    observe_one(*args)
    for position in range(first, len(seen.observations)):
        if not seen.observations[position].line:
            seen.observations[position] = seen.observations[position].model_copy(update={"line": line})


def _configured(seen: Observed, subject: str, surface: Surface, configured: ConfiguredAuth, kb: Knowledge, now: date,
                claims: list[str]) -> None:
    _user(seen, subject, surface, configured.user)
    _built_header(seen, subject, surface, configured)
    if configured.user_is_workspace:
        seen.add(Seen.USER_IS_WORKSPACE, subject, surface)
    _credentials(seen, subject, surface, configured.secret, configured.user, claims, now, _cutoffs(kb))


def _built_header(seen: Observed, subject: str, surface: Surface, configured: ConfiguredAuth) -> None:
    """The Authorization scheme of the header code builds from a configured credential; a user name
    and a secret set side by side (a tool's two fields) go as Basic, as tools send such a pair."""
    if configured.scheme:
        seen.add(Seen.AUTH_BASIC if configured.scheme == "basic" else Seen.AUTH_BEARER, subject, surface, Strength.NAME)
    elif configured.user is not None:
        seen.add(Seen.AUTH_BASIC, subject, surface, Strength.INFERRED)


def _configured_for(facts: Facts, request: Request) -> ConfiguredAuth | None:
    """The credential the ticket configures nearest to a request whose own is not shown (an SDK
    call, a tool's error naming a URL): what that tool sends; one kept for another host is not."""
    return min((configured for configured in facts.configured if configured.host in ("", request.host)),
               key=lambda configured: abs(configured.line - request.line), default=None)


def _ticket_surface(facts: Facts, subjects: list[tuple[str, Surface]]) -> Surface:
    """The surface a ticket-wide symptom (a 401 stated in prose) belongs to: the one its requests and
    commands share; else the one its words name (the REST API, a git clone, a git client), its error
    bodies (only the API answers {"type": "error", …}) or git's own messages (remote: Invalid
    credentials) show; unknown otherwise."""
    surfaces = {surface for _, surface in subjects} - {Surface.ANY}
    if not surfaces:
        surfaces = {SURFACE_WORDS[s.name] for s in facts.signals if s.name in SURFACE_WORDS}
        if any(body.form == "bitbucket_json" for body in facts.error_bodies):
            surfaces.add(Surface.REST)
        if facts.git_errors:
            surfaces.add(Surface.GIT)
    return surfaces.pop() if len(surfaces) == 1 else Surface.ANY


def _claims(facts: Facts) -> list[str]:
    """The credential kinds the asker names, in the order they are named; not the app password
    of one who says they have left app passwords for API tokens (it is what they used before)."""
    moved = any(s.name == "moved_to_token" for s in facts.signals)
    return [CLAIMED_CREDENTIALS[s.name] for s in sorted(facts.signals, key=lambda s: s.line)
            if s.name in CLAIMED_CREDENTIALS and not (moved and s.name == "app_password")]


def _credentials(seen: Observed, subject: str, surface: Surface, secret: SecretRef | None, user: SecretRef | None,
                 claims: list[str], now: date, kb_dates: tuple[date, date]) -> None:
    """The credential hypotheses for one request or git command, at the strongest evidence there is."""
    kinds: list[str] = []
    strength = Strength.LITERAL
    if secret is not None and secret.kind.value in CREDENTIAL_SEEN:
        kinds = [secret.kind.value]
    elif secret is not None and secret.stands_for in CREDENTIAL_SEEN:
        kinds, strength = [secret.stands_for], Strength.NAME
    elif user is not None and user.stands_for == "oauth_consumer":
        kinds, strength = ["oauth_consumer"], Strength.NAME
    elif secret is not None and secret.kind is not SecretKind.EMPTY and claims:
        kinds, strength = list(dict.fromkeys(claims)), Strength.PROSE
    elif secret is not None and secret.kind in (SecretKind.OPAQUE, SecretKind.VARIABLE, SecretKind.PLACEHOLDER):
        kinds, strength = _inferred(user, now, *kb_dates), Strength.INFERRED
    for kind in kinds:
        seen.add(CREDENTIAL_SEEN[kind], subject, surface, strength)


def _inferred(user: SecretRef | None, now: date, refused: date, announced: date) -> list[str]:
    """What a password-like secret most likely is, from the date and the user form alone: before
    account passwords were refused, one of those; then an app password with a username; after API
    tokens came, an API token with an email."""
    form = user.kind.value if user else ""
    if now < refused:
        return ["account_password", "app_password"] if form == "username" else ["account_password"]
    if now < announced:  # the account password people still typed, or the app password they should
        return ["app_password", "account_password"] if form == "username" else ["account_password", "app_password"]
    return ["api_token", "app_password"] if form == "username" else ["api_token"]


def _user(seen: Observed, subject: str, surface: Surface, user: SecretRef | None) -> None:
    if user is None:
        return
    kind = user.kind
    if kind is SecretKind.EMAIL:
        seen.add(Seen.USER_EMAIL, subject, surface)
    elif kind is SecretKind.USERNAME:
        seen.add(Seen.USER_USERNAME, subject, surface)
    elif kind is SecretKind.STATIC_USER:
        seen.add(Seen.USER_X_TOKEN_AUTH if user.static_name == "x-token-auth" else Seen.USER_API_TOKEN_AUTH,
                 subject, surface)
    elif kind in (SecretKind.API_TOKEN, SecretKind.ACCESS_TOKEN, SecretKind.APP_PASSWORD, SecretKind.OPAQUE):
        seen.add(Seen.USER_IS_TOKEN, subject, surface)
    elif kind in (SecretKind.PLACEHOLDER, SecretKind.VARIABLE) and user.stands_for in ("email", "username"):
        seen.add(Seen.USER_EMAIL if user.stands_for == "email" else Seen.USER_USERNAME, subject, surface,
                 Strength.NAME)
    elif kind in (SecretKind.PLACEHOLDER, SecretKind.VARIABLE) and user.stands_for == "workspace":
        seen.add(Seen.USER_IS_WORKSPACE, subject, surface, Strength.NAME)  # a workspace's ID is in a user name's form
        seen.add(Seen.USER_USERNAME, subject, surface, Strength.NAME)


def _auth(seen: Observed, subject: str, surface: Surface, request: Request) -> None:
    auth: Auth | None = request.auth
    if auth is None:
        # Not a curl -v transcript: bbhelp itself asks for it with the Authorization line removed. In
        # code a session or client object may carry the credential out of sight: inferred only.
        if request.origin in ("curl", "python", "javascript") and request.sent and "auth_unseen" not in request.flags:
            seen.add(Seen.NO_AUTH, subject, surface, Strength.LITERAL if request.origin == "curl" else Strength.INFERRED)
        return
    scheme = auth.scheme
    if scheme == "basic":
        seen.add(Seen.AUTH_BASIC, subject, surface)
        if auth.source == "header" and auth.secret is not None and auth.secret.has_whitespace:
            seen.add(Seen.BASIC_NEWLINE, subject, surface)
    elif scheme in ("bearer", "token"):
        seen.add(Seen.AUTH_BEARER, subject, surface)
    elif scheme == "none" and auth.secret is not None and auth.secret.kind is not SecretKind.EMPTY:
        seen.add(Seen.AUTH_NO_SCHEME, subject, surface)


def _request(seen: Observed, subject: str, surface: Surface, request: Request, kb: Knowledge, now: date,
             claims: list[str], configured: ConfiguredAuth | None) -> None:
    inferred = Strength.INFERRED
    segments = [s for s in request.path.split("/") if s]
    for trait in _client(request, kb).traits if request.client else ():
        seen.add(trait, subject, surface, inferred)  # what the tool does on every request of its own
    if request.origin == "powershell":
        seen.add(Seen.POWERSHELL_CMDLET, subject, surface)
    _auth(seen, subject, surface, request)
    auth = request.auth
    user, secret = (auth.user, auth.secret) if auth else (configured.user, configured.secret) if configured \
        else (None, None)
    if auth is None and configured is not None:
        _built_header(seen, subject, surface, configured)
    _user(seen, subject, surface, user)
    if request.user_is_workspace or (auth is None and configured is not None and configured.user_is_workspace):
        seen.add(Seen.USER_IS_WORKSPACE, subject, surface)
    if auth is not None and auth.scheme in ("bearer", "token"):
        claims = [kind for kind in claims if kind not in PAIRS]  # a Bearer value is one secret, never a pair
    _credentials(seen, subject, surface, secret, user, claims, now, _cutoffs(kb))
    _where(seen, subject, surface, request, segments)
    if API_1_0.match(request.path):  # the 1.0 API, after it was switched off or while its end was announced
        _removal(seen, subject, surface, kb, request.method or "GET", request.path, now, Strength.LITERAL)
    path = api_path(request)
    if path and surface is Surface.REST:
        seen.paths[subject] = path
        if request.origin != "prose":
            shared = secret is not None and secret.kind not in (SecretKind.PLACEHOLDER, SecretKind.EMPTY)
            seen.made[subject] = secret.display if shared else subject
        _endpoint(seen, subject, surface, request, path, kb, now)
    _payload(seen, subject, surface, request, inferred if "content_type" in request.inferred else Strength.LITERAL)
    for damage in request.damage:
        if damage.kind in DAMAGE_SEEN:
            seen.add(DAMAGE_SEEN[damage.kind], subject, surface)
    if not request.sent:
        seen.add(Seen.NOT_SENT, subject, surface)
    if "verbose" in request.flags or "include" in request.flags:
        seen.add(Seen.VERBOSE, subject, surface)


def _where(seen: Observed, subject: str, surface: Surface, request: Request, segments: list[str]) -> None:
    host, path = request.host, request.path
    if host in BITBUCKET_HOSTS and surface is Surface.REST and not API_BASE.match(path) \
            and not API_1_0.match(path) and segments \
            and not (request.origin == "prose" and segments[0] in WEB_PAGES_WITHOUT_API_TWIN):
        # (a settings page quoted in prose is no request; a repository's page named in prose, "in the
        # browser it is https://bitbucket.org/acme/app" or a tool's "failed to read https://…", may be one)
        seen.add(Seen.WEB_URL_MENTIONED if request.origin == "prose" else Seen.WEB_HOST, subject, surface)
    if host in BITBUCKET_HOSTS and path.startswith("/api/"):
        seen.add(Seen.WEB_HOST, subject, surface)  # bitbucket.org/api/2.0: the API lives on api.bitbucket.org
    if host == "api.bitbucket.org" and path and not API_BASE.match(path) and not API_1_0.match(path):
        seen.add(Seen.WRONG_API_BASE, subject, surface)
    if API_1_0.match(path):
        seen.add(Seen.API_1_0, subject, surface)
    if SERVER_PATH.search(path) and not (host in BITBUCKET_HOSTS and "/rest/api/" not in path):
        seen.add(Seen.SERVER_PATH, subject, surface)  # bitbucket.org/{ws}/{repo}/pull-requests/…: Cloud's own web page
    braces = " ".join(request.raw_url_braces)
    if UUID_BRACES.search(braces) and "globoff" not in request.flags:
        seen.add(Seen.UUID_BRACES, subject, surface)
    elif request.url_has_placeholder or request.raw_url_braces:
        if request.origin != "prose" and not UUID_BRACES.search(braces):
            seen.add(Seen.PLACEHOLDER_IN_URL, subject, surface)
    slug = segments[3] if len(segments) > 3 and segments[:2] == ["2.0", "repositories"] else ""
    if slug and slug != slug.lower() and "{" not in slug and slug[0] not in "$%":  # not $BITBUCKET_REPO_SLUG
        seen.add(Seen.SLUG_UPPER, subject, surface)
    named = segments[2:4] if segments[:2] == ["2.0", "repositories"] else segments[2:3] \
        if segments[:2] == ["2.0", "workspaces"] else []
    if any(_display_name(unquote(name)) for name in named):
        seen.add(Seen.NAME_NOT_AN_ID, subject, surface)
    if any(key == "page" and not value.isdigit() for key, value in parse_qsl(request.query)):
        seen.add(Seen.PAGE_PARAM_MODIFIED, subject, surface)
    if request.secret_in_query:
        seen.add(Seen.SECRET_IN_QUERY, subject, surface)


def _display_name(name: str) -> bool:
    """A workspace or repository named as the UI shows it ("Acme Corporation"): blanks, which an ID
    and a slug never hold; a placeholder (<your workspace>, {repo name}, $WS) is another mistake."""
    return " " in name.strip() and not any(mark in name for mark in PLACEHOLDER_MARKS)


def _endpoint(seen: Observed, subject: str, surface: Surface, request: Request, path: str, kb: Knowledge,
              now: date) -> None:
    strength = Strength.INFERRED if "path" in request.inferred else Strength.LITERAL
    method = request.method or "GET"
    _removal(seen, subject, surface, kb, method, path, now, strength)
    match = kb.match(method, path)
    if match.status == "unknown":  # $BITBUCKET_REPO_FULL_NAME is workspace/repo_slug: a variable may be two segments
        match = next((m for m in (kb.match(method, p) for p in _variables_widened(path)) if m.status != "unknown"),
                     match)
    seen.endpoints[subject] = match
    # an operation removed, at `now` or after (the teams endpoints in 2020-08: there that day), is no unknown one
    if match.status == "unknown" and kb.removed_at(method, path, date.max) is None:
        seen.add(Seen.ENDPOINT_UNKNOWN, subject, surface, strength)
    elif match.status == "wrong_method" and request.method:
        seen.add(Seen.ENDPOINT_WRONG_METHOD, subject, surface, strength)
    endpoint = match.endpoint
    if endpoint is None:
        return
    if endpoint.path.startswith("/user"):
        seen.add(Seen.ENDPOINT_USER_CENTRIC, subject, surface, strength)
    if kb.takes_no_body(endpoint):
        seen.add(Seen.ENDPOINT_TAKES_NO_BODY, subject, surface, strength)
    elif kb.takes_body(endpoint):
        seen.add(Seen.ENDPOINT_TAKES_BODY, subject, surface, strength)
    if kb.is_list(endpoint) and method == "GET":
        seen.add(Seen.ENDPOINT_LIST, subject, surface, strength)
        query = dict(parse_qsl(request.query))
        if endpoint.path == "/repositories/{workspace}/{repo_slug}/pullrequests" and "state" not in query:
            seen.add(Seen.ENDPOINT_PR_LIST, subject, surface, strength)
        if endpoint.path in ("/repositories", "/repositories/{workspace}"):  # all public ones, or the workspace's
            seen.add(Seen.ENDPOINT_REPO_LIST_ROLE if "role" in query else Seen.ENDPOINT_REPO_LIST, subject, surface,
                     strength)
    body = _json(request.body)
    for wrong in kb.body_problems(endpoint, body, dict(parse_qsl(request.query))):
        seen.add(wrong, subject, surface, strength)


def _removal(seen: Observed, subject: str, surface: Surface, kb: Knowledge, method: str, path: str, now: date,
             strength: Strength) -> None:
    """An operation gone at the ticket's date, or one whose removal is announced by then."""
    notice = kb.notice_at(method, path, now)
    if notice is not None:
        seen.add(Seen.ENDPOINT_REMOVED if notice.removed <= now else Seen.ENDPOINT_DEPRECATED, subject, surface,
                 strength)


def _variables_widened(path: str) -> list[str]:
    """The path with one of its variable segments ($VAR, ${VAR}, %VAR%) taken as two segments."""
    segments = path.split("/")
    return ["/".join(segments[:i] + [segment, segment] + segments[i + 1:])
            for i, segment in enumerate(segments) if segment[:1] in ("$", "%")][:MAX_WIDENED]


def _payload(seen: Observed, subject: str, surface: Surface, request: Request, content_strength: Strength) -> None:
    method, body = request.method, request.body
    content_type = (request.content_type or "").lower()
    if "json" in content_type:
        seen.add(Seen.CONTENT_TYPE_JSON, subject, surface, content_strength)
    if request.origin == "prose" or (request.origin == "client" and "body" not in request.inferred):
        return  # a request written in prose, or a client's whose body the table does not know
    if method in BODY_METHODS and not body and not request.body_from_file:
        seen.add(Seen.BODY_NONE, subject, surface, Strength.INFERRED if "body" in request.inferred else Strength.LITERAL)
    if not body:
        return
    if method == "GET":
        seen.add(Seen.BODY_ON_GET, subject, surface)
    if body.lstrip().startswith(("{", "[")):
        seen.add(Seen.BODY_JSON, subject, surface)
        if _json(body) is None and "[redacted" not in body:
            seen.add(Seen.BODY_INVALID_JSON, subject, surface)
        if (request.origin in ("curl", "powershell") or "all_headers" in request.flags) and "json" not in content_type:
            seen.add(Seen.CONTENT_TYPE_NOT_JSON, subject, surface)
    elif "=" in body:
        seen.add(Seen.FORM_BODY, subject, surface)
        if dict(parse_qsl(body)).get("grant_type") == "password":
            seen.add(Seen.PASSWORD_GRANT, subject, surface)


def _json(body: str | None) -> object | None:
    if not body or not body.lstrip().startswith(("{", "[")):
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _cutoffs(kb: Knowledge) -> tuple[date, date]:
    """The dates that change what a password-like secret most likely is (see _inferred)."""
    return kb.timeline.account_passwords_refused, kb.timeline.app_password_deprecation_announced


def _git(seen: Observed, subject: str, git: GitCommand, kb: Knowledge, now: date, claims: list[str]) -> None:
    if git.scheme == "ssh":
        seen.add(Seen.GIT_SSH, subject, Surface.ANY)
        return
    surface = Surface.GIT
    user = git.user
    if user is None:
        seen.add(Seen.GIT_NO_USER, subject, surface)
    elif user.kind in (SecretKind.PLACEHOLDER, SecretKind.VARIABLE) \
            and user.stands_for in ("api_token", "access_token", "token", "app_password"):
        seen.add(Seen.USER_IS_TOKEN, subject, surface, Strength.NAME)
    _user(seen, subject, surface, user)
    if git.password is not None:
        seen.add(Seen.GIT_PASSWORD_IN_URL, subject, surface)
    if git.password_unencoded:
        seen.add(Seen.GIT_SECRET_UNENCODED, subject, surface)
    if git.transferred:
        seen.add(Seen.GIT_TRANSFERRED, subject, surface)
    if git.extra_header is not None:
        if git.extra_header.scheme in ("bearer", "token"):  # http.extraHeader="Authorization: Bearer …"
            seen.add(Seen.AUTH_BEARER, subject, surface)
        _credentials(seen, subject, surface, git.extra_header.secret, None, claims, now, _cutoffs(kb))
    password = git.password
    if password is None and user is not None and user.kind in (SecretKind.API_TOKEN, SecretKind.ACCESS_TOKEN,
                                                               SecretKind.APP_PASSWORD):
        password = user  # the token sits in the user part: it is still the credential
    _credentials(seen, subject, surface, password or _typed(user), user, claims, now, _cutoffs(kb))


def _typed(user: SecretRef | None) -> SecretRef | None:
    """A git URL with a user name and no password: git asks for the password, which is typed at
    the prompt. Nothing of it is known but that it exists."""
    if user is None or user.kind not in (SecretKind.USERNAME, SecretKind.EMAIL):
        return None
    return SecretRef(kind=SecretKind.OPAQUE, display="(typed at git's prompt)")


def _ticket(seen: Observed, facts: Facts, kb: Knowledge) -> None:
    surface = seen.surface
    inside = next((t for t in facts.times if kb.timeline.in_brownout_window(seen.day, t.hour, t.minute)), None)
    if inside is not None:
        seen.add(Seen.SAYS_TIME_IN_BROWNOUT, surface=surface, line=inside.line)
    for line in facts.next_link_changed:
        seen.add(Seen.NEXT_LINK_CHANGED, surface=Surface.REST, line=line)
    aged = next((made for made in facts.tokens_created if (seen.day - made.on(seen.day)).days >= TOKEN_LIFETIME_DAYS),
                None)
    if aged is not None:
        seen.add(Seen.SAYS_TOKEN_AGED, surface=surface, strength=Strength.PROSE, line=aged.line)
    for response in facts.responses:
        strength = Strength.LITERAL if response.origin == "transcript" else Strength.PROSE
        if response.status in STATUS_SEEN:
            seen.add(STATUS_SEEN[response.status], surface=surface, strength=strength, line=response.line)
        headers = response.headers
        if "x-oauth-scopes" in headers:
            seen.add(Seen.CREDENTIAL_ACCEPTED, surface=surface, line=response.line)
        accepted, granted = headers.get("x-accepted-oauth-scopes", ""), headers.get("x-oauth-scopes", "")
        if accepted and granted:
            required, given = _scopes(accepted), _scopes(granted)
            if not kb.scopes.covers(given, required):
                seen.add(Seen.SCOPES_SHORT, surface=surface, line=response.line)
            elif (":bitbucket" in granted) != (":bitbucket" in accepted):
                seen.add(Seen.SCOPE_NAMES_DIFFER, surface=surface, line=response.line)
    for body in facts.error_bodies:
        # a field's own message ("events: … is not a valid choice") says as much as the body's message
        names = kb.error_seen(f"{body.message}\n{body.detail}") or (
            [Seen.HTML_PAGE] if body.form == "html" else [Seen.ERROR_OTHER])
        for name in names:
            place = Surface.OAUTH if name in (Seen.ERROR_GRANT, Seen.ERROR_NO_CALLBACK) else surface
            seen.add(name, surface=place, line=body.line)
    for error in facts.client_errors:
        if error.code in STATUS_SEEN and error.tool != "curl":
            seen.add(STATUS_SEEN[error.code], surface=surface, line=error.line)
        if error.tool == "curl" and error.code == 3:
            seen.add(Seen.CURL_BAD_URL, surface=surface, line=error.line)
        if error.tool == "curl" and error.code == 22 and (status := _status_in(error.message)) in STATUS_SEEN:
            seen.add(STATUS_SEEN[status], surface=surface, line=error.line)
        for name in kb.error_seen(error.message):
            seen.add(name, surface=surface, line=error.line)
    for git_error in facts.git_errors:
        if git_error.kind in GIT_ERROR_SEEN:
            seen.add(GIT_ERROR_SEEN[git_error.kind], surface=Surface.GIT, line=git_error.line)
        if git_error.prompt_user_kind in PROMPTED_USER:  # "Password for 'https://me@acme.io@…'": the user git sends
            seen.add(PROMPTED_USER[git_error.prompt_user_kind], surface=Surface.GIT, line=git_error.line)
        for name in kb.error_seen(git_error.text):
            seen.add(name, surface=Surface.GIT, line=git_error.line)
    if kb.enum_near_misses(facts.identifiers):
        seen.add(Seen.ENUM_VALUE_INVALID, surface=surface, strength=Strength.PROSE)
    for index, sighting in enumerate(facts.credentials):  # each sighting its own subject: each is named
        seen.add(Seen.CREDENTIAL_LEAKED, f"c{index}", surface, line=sighting.line)
    for signal in facts.signals:
        if signal.name in SAYS:
            seen.add(SAYS[signal.name], surface=surface, strength=Strength.PROSE, line=signal.line)
        if signal.name == "auth_failed" and surface is Surface.GIT:  # "git says Authentication failed" in words
            seen.add(Seen.GIT_AUTH_FAILED, surface=surface, strength=Strength.PROSE, line=signal.line)


def _status_in(message: str) -> int:
    found = STATUS_IN_MESSAGE.search(message)
    return int(found.group(1)) if found else 0


def _scopes(header: str) -> list[str]:
    return [scope.strip() for scope in header.split(",") if scope.strip()]
