"""The collector every extractor writes into, and the redacting request builder.

Why: extractors see raw secrets; facts must not. The collector is where a raw
value is turned into a `SecretRef`, where each live secret is remembered for
the final scrub and the leak warning, and where lines already explained by one
extractor are marked so prose scanning does not count them twice.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from triage.knowledge import UUID_BRACES
from triage.read.http_auth import auth_from_header, raw_secrets_in_header
from triage.read.lines import LineIndex
from triage.read.shell import Encoded
from triage.reason.vocabulary import (
    VOCABULARY_FIELDS,
    Auth,
    CredentialSighting,
    Damage,
    Facts,
    Request,
    SecretKind,
    SecretRef,
)
from triage.secrets.credentials import describe_secret, describe_user, is_live, is_placeholder, stands_for, token_kind
from triage.secrets.redaction import Scrubber, redact_text

MAX_COMMANDS = 200  # commands (curl or code calls) read in full per ticket; later ones: their credentials only
# (real tickets hold a handful; 200 keeps a 1 MB paste of distinct commands answered in about a second)
SECRET_QUERY_NAMES = {"access_token", "token", "password", "passwd", "pwd", "secret", "client_secret",
                      "api_key", "apikey", "app_password", "jwt", "private_token", "refresh_token", "private_key"}
VAGUE_NAMES = frozenset({"", "token", "password"})  # what a placeholder's words say when they name no kind
CODE_ORIGINS = frozenset({"python", "javascript", "code"})
COMPUTED_VALUE = re.compile(r"\$[\w.]++")  # a value code computes at run time, by its name
# ...unless its name says it holds the secret itself (process.env.BB_TOKEN, apiToken, password): a
# header set to that alone carries no scheme
SECRET_ITSELF = re.compile(r"(?i)(?:token|password|passwd|pwd|secret|key)\Z")
MAX_SHOWN = 2_000  # characters of a URL, path, query or body kept in a fact
# ${NAME} and ${{ secrets.NAME }} are the shell's or the CI's variables, filled in at run time: no braces
# reach curl, and no name is left to fill in.
NOT_A_VARIABLE = r"(?<!\$)(?<!\$\{)"
BRACES = re.compile(NOT_A_VARIABLE + r"\{[^{}]*+\}")
PLACEHOLDER_LENGTH = 80  # longer, or a list (a comma), a {…} is a curl glob set, not a name left to fill in
URL_PLACEHOLDER = re.compile(NOT_A_VARIABLE + r"\{[^{}/]*\}|<[^<>/]*>|:(?:workspace|repo_slug|repo|ws)\b|\byour[-_][\w-]+",
                             re.I)


INTERPOLATED = re.compile(r"#\{[ \t]*+(\w++)[^{}]*+\}")


def _add_span(spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Add [start, end) to sorted, disjoint spans, merging the ones it meets: a line that holds
    thousands of commands is then looked up by bisection, not span by span."""
    low = bisect.bisect_right(spans, (start, math.inf))
    if low and spans[low - 1][1] >= start:
        low -= 1
    high = low
    while high < len(spans) and spans[high][0] <= end:
        high += 1
    if high > low:
        start, end = min(start, spans[low][0]), max(end, spans[high - 1][1])
    spans[low:high] = [(start, end)]


@dataclass
class Collector:
    """Accumulates the facts found (`found`), the ticket's secrets and the lines a structured extractor read."""

    found: Facts = field(default_factory=Facts)
    scrubber: Scrubber = field(default_factory=Scrubber)
    consumed: set[int] = field(default_factory=set)
    # Consumed lines of which a reader took only a span: the rest is the asker's words ("curl … returns
    # 404", "we get {"type": "error", …} on every call since yesterday"), for the prose reader.
    partly: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    sighted: set[tuple[str, str | int]] = field(default_factory=set)
    command_count: int = 0
    # A log repeats its secrets and users: each is described once per ticket.
    _described: dict[tuple[str, str], SecretRef] = field(default_factory=dict)
    _users: dict[str, tuple[str, SecretRef]] = field(default_factory=dict)
    # Shell variables the ticket assigns from `echo … | base64` (shell.encoded_variables): a Basic
    # header naming one sends the pair echo printed, with the line break echo added.
    encoded: dict[str, Encoded] = field(default_factory=dict)
    # Literal values the ticket assigns to variables (shell.assigned_values): `BB_USER=me@acme.io`
    # then `curl -u "$BB_USER:$T"` sends an email as the user.
    assigned: dict[str, str] = field(default_factory=dict)

    def reads_in_full(self) -> bool:
        """Whether the next command is read in full (else only for its credentials, and counted)."""
        return self.command_count < MAX_COMMANDS

    def consume(self, first_line: int, last_line: int, start: int | None = None, end: int | None = None) -> None:
        """Lines a structured reader took; given the span it read (start, end), only that span of
        its first and last lines (the lines between are whole)."""
        for line in range(first_line, last_line + 1):
            edge = start is not None and end is not None and line in (first_line, last_line)
            if edge and (line not in self.consumed or line in self.partly):
                _add_span(self.partly.setdefault(line, []), start, end)
            elif not edge:
                self.partly.pop(line, None)
            self.consumed.add(line)

    def consume_call(self, lines: LineIndex, start: int, end: int) -> None:
        """The span of a call a code reader read (`requests.get(…)`): its URL is no mention in
        prose, its Authorization no setting of its own; the rest of its lines stay the asker's."""
        self.consume(lines.line_of(start), lines.line_of(max(start, end - 1)), start, end)

    def taken(self, line: int, offset: int) -> bool:
        """Whether a structured reader took what stands at this offset of this line."""
        if line not in self.consumed:
            return False
        spans = self.partly.get(line)
        if spans is None:
            return True
        at = bisect.bisect_right(spans, (offset, math.inf)) - 1
        return at >= 0 and offset < spans[at][1]

    def secret(self, value: str, line: int, where: str, user: str | None = None, named: str = "") -> SecretRef:
        """Describe a secret; remember it for scrubbing and, when live, as a sighting. `named`: the
        parameter or variable that held it (client_secret says an OAuth consumer secret)."""
        ref = self._described.get((value, named))
        if ref is None:
            ref = describe_secret(value)
            # the setting's name says what a bare value, or a placeholder's vaguer words, hold
            # (BITBUCKET_API_TOKEN=<scoped token>)
            if named and (ref.kind is SecretKind.OPAQUE or (ref.kind is SecretKind.PLACEHOLDER
                                                            and ref.stands_for in VAGUE_NAMES)):
                ref = ref.model_copy(update={"stands_for": stands_for(named) or ref.stands_for})
            self._described[(value, named)] = ref
        if is_live(ref):
            self.scrubber.add(value, user)
            # One sighting per line, and per kind of place (a log repeating a token 1,000 times lists it once).
            new = (value, line) not in self.sighted and (value, where) not in self.sighted
            self.sighted |= {(value, line), (value, where)}
            if new:
                self.found.credentials.append(CredentialSighting(line=line, where=where, secret=ref))
        return ref

    def header_auth(self, value: str, line: int, where: str, source: str = "header") -> Auth:
        for secret, user in raw_secrets_in_header(value):
            self.secret(secret, line, where, user)
        auth = auth_from_header(value, source)
        encoded = self.encoded.get(auth.secret.variable_name) if auth.scheme == "basic" and auth.secret else None
        if encoded is None or ":" not in encoded.text:
            return auth
        user, _, password = encoded.text.partition(":")
        auth = self.basic(user, password, line, where, source)
        secret = auth.secret.model_copy(update={"has_whitespace": True}) if encoded.line_break else auth.secret
        return auth.model_copy(update={"secret": secret})

    def basic(self, user: str, password: str, line: int, where: str, source: str) -> Auth:
        secret = self.secret(password, line, where, user)
        value = self._assigned(secret)
        if value and token_kind(value):  # BB_PASS=ATBB… above the command: the prefix tells the kind
            secret = self.secret(value, line, where, user)
        sent, described = self._users.get(user) or self._users.setdefault(user, self._sent_user(user))
        if is_live(described):  # a token in the user's place: the literal sent is the secret, not $BB_USER
            described = self.secret(sent, line, f"{where} user name")
        return Auth(scheme="basic", raw_scheme="Basic", source=source, user=described, secret=secret)

    def user(self, value: str, line: int, where: str) -> SecretRef:
        """A user name as sent: a token in its place (ATATT…@, a generated string) is a secret
        too, scrubbed and reported like one."""
        described = describe_user(value)
        return self.secret(value, line, where) if is_live(described) else described

    def _sent_user(self, user: str) -> tuple[str, SecretRef]:
        """A user name as sent, and its form: a variable the ticket assigns a literal to is that literal."""
        described = describe_user(user)
        value = self._assigned(described)
        return (value, describe_user(value)) if value else (user, described)

    def _assigned(self, ref: SecretRef) -> str:
        """The literal the ticket assigns to the variable a value names ('' for none, or no variable)."""
        return self.assigned.get(ref.variable_name, "") if ref.kind is SecretKind.VARIABLE else ""

    def request(self, *, origin: str, line: int, method: str, url: str, headers: list[tuple[str, str]],
                body: str | None = None, auth: Auth | None = None, sent: bool = True,
                damage: list[tuple[str, str]] | None = None, flags: list[str] | None = None,
                written_url: str = "", body_from_file: bool = False, command_index: int | None = None,
                raw_user: str | None = None, client: str = "", inferred: list[str] | None = None) -> Request:
        """Build and store a redacted Request fact. `raw_user`: the Basic user name, compared with the
        URL's workspace and then forgotten."""
        if "#{" in url:  # Ruby's "…/pullrequests/#{id}/approve": a value filled at run time, no fragment
            url = INTERPOLATED.sub(r"$\1", url)
        split = _split(url)
        segments = [s for s in split.path.split("/") if s]
        workspace = segments[2] if len(segments) > 2 and segments[1] == "repositories" else ""
        shown_headers: dict[str, str] = {}
        if origin in CODE_ORIGINS:  # Authorization: auth, where code set auth = "Bearer …" out of sight: no scheme
            headers = [(name, value) for name, value in headers  # to judge (a shell's $TOKEN there is the token)
                       if not (name.lower() == "authorization" and COMPUTED_VALUE.fullmatch(value.strip())
                               and not SECRET_ITSELF.search(value.strip()))]
        for name, value in headers:
            if name.lower() == "authorization":
                if auth is None:
                    auth = self.header_auth(value, line, f"{origin} Authorization header")
                shown_headers[name] = _auth_display(auth)
            elif name.lower() == "cookie":  # a session cookie signs its holder in: a credential
                shown_headers[name] = self.cookies(value, line, f"{origin} Cookie header")
            else:
                shown_headers[name] = redact_text(value)
        secret_params = self._secret_fields(split.query, line, f"{origin} URL query parameter")
        if body and not body.lstrip().startswith(("{", "[")):
            self._secret_fields(body, line, f"{origin} form field")
        elif body:
            for key, value in _json_secrets(body):
                self.secret(value, line, f"{origin} JSON field '{key}'", named=key)
        request = Request(
            origin=origin, line=line, method=method.upper() if method else "", url=_shown(_no_userinfo(url)),
            scheme=split.scheme, host=split.hostname or "", path=_shown(split.path), query=_shown(split.query),
            headers=shown_headers, auth=auth, body=_shown(body) if body is not None else None,
            body_from_file=body_from_file,
            content_type=next((v for n, v in headers if n.lower() == "content-type"), None),
            sent=sent, command_index=self.command_count if command_index is None else command_index,
            damage=[Damage(kind=k, detail=redact_text(d)) for k, d in (damage or [])],
            flags=flags or [], secret_in_query=secret_params,
            url_has_placeholder=[] if client else [found for found in _placeholders(URL_PLACEHOLDER.findall(
                written_url or url)) if not UUID_BRACES.fullmatch(found)],  # {3c5f…}: a UUID in its braces is a value
            raw_url_braces=_placeholders(BRACES.findall(written_url)) if origin == "curl" else [],
            user_is_workspace=bool(raw_user and workspace and raw_user.lower() == workspace.lower()),
            client=client, inferred=inferred or [],
        )
        self.found.requests.append(request)
        return request

    def cookies(self, header: str, line: int, where: str, set_cookie: bool = False) -> str:
        """Each cookie's value taken as a secret; the header shown with the names only. In a
        Set-Cookie header only the first pair is a cookie: the rest are its attributes (Path=/)."""
        shown = []
        for index, pair in enumerate(header.split(";")):
            name, _, value = pair.strip().partition("=")
            if set_cookie and index:
                shown.append(pair.strip())
                continue
            if value and not is_placeholder(value):
                self.secret(value, line, f"{where} '{name}'", named=name)
            shown.append(f"{name}=[redacted]" if value else name)
        return "; ".join(shown)

    def _secret_fields(self, encoded: str, line: int, where: str) -> list[str]:
        """Names of the k=v fields (query string or form body) meant for a credential, also when
        the asker left it out (?password=…, ?token=<token>): the place is the mistake."""
        found = []
        for key, value in parse_qsl(encoded, keep_blank_values=True):
            if key.lower() not in SECRET_QUERY_NAMES:
                continue
            if value and not is_placeholder(value):
                self.secret(value, line, f"{where} '{key}'", named=key)
            found.append(key)
        return found

    def facts(self) -> Facts:
        """What was found, scopes deduplicated, passed through the ticket's scrubber."""
        facts = self.found.model_copy(update={"scopes_mentioned": sorted(set(self.found.scopes_mentioned))})
        # Belt and braces: whatever slipped into a field, the exact secrets never leave. (Not the
        # pattern pass: the fields had it, and a second one mangles their "[redacted, N chars]".)
        dumped = facts.model_dump_json()
        if self.scrubber.exact(dumped) == dumped:
            return facts
        return Facts.model_validate(self._scrubbed(facts.model_dump(mode="json")))

    def _scrubbed(self, value: object, key: str = "") -> object:
        """Every string of the dumped facts without the ticket's secrets, but for the fields that
        hold bbhelp's own words (a 4-character password 'pass' must not turn 'app_password' into
        no SecretKind at all)."""
        if isinstance(value, dict):
            return {k: self._scrubbed(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self._scrubbed(v, key) for v in value]
        if isinstance(value, str) and key not in VOCABULARY_FIELDS:
            return self.scrubber.exact(value)
        return value


def _json_secrets(body: str) -> list[tuple[str, str]]:
    """(key, value) of a JSON body's secrets: fields named like one, and the value of a secured
    pipeline variable ({"key": …, "value": …, "secured": true}). Walked without recursion."""
    try:
        stack = [json.loads(body)]
    except (ValueError, RecursionError):
        return []
    found = []
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += item
        elif isinstance(item, dict):
            secured = item.get("secured") is True
            for key, value in item.items():
                if isinstance(value, str) and value and not is_placeholder(value) and (
                        key.lower() in SECRET_QUERY_NAMES or (secured and key == "value")):
                    found.append((key, value))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
    return found


def _shown(value: str) -> str:
    """A value as a fact keeps it: redacted, then cut to MAX_SHOWN characters (a megabyte-long URL
    would otherwise be copied into every answer and stored record)."""
    value = redact_text(value)
    return value if len(value) <= MAX_SHOWN else f"{value[:MAX_SHOWN]}…[{len(value) - MAX_SHOWN:,} more characters]"


def _placeholders(found: list[str]) -> list[str]:
    return [text for text in found if len(text) <= PLACEHOLDER_LENGTH and "," not in text]


def _split(url: str):
    try:
        return urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        return urlsplit("")


def _no_userinfo(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


def _auth_display(auth: Auth) -> str:
    """A header value as it may be shown: scheme kept, credential by its display form."""
    parts = [auth.raw_scheme] if auth.raw_scheme else []
    if auth.user is not None:
        parts.append(f"(base64 of {auth.user.display}:{auth.secret.display if auth.secret else ''})")
    elif auth.secret is not None:
        parts.append(auth.secret.display)
    return " ".join(parts)
