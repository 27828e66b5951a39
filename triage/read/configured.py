"""Credentials a ticket configures by name rather than sends: `username = "jdoe"` and
`password = var.bitbucket_password` in Terraform, `Cloud(username=…, password=os.environ["BB_APP_PASSWORD"])`
in an SDK call, `BITBUCKET_USERNAME: ci-bot` in a pipeline's YAML, an Authorization header built in
Java, Go, C#, PHP or PowerShell code from a variable.

Why a reader of its own: real tickets show the tool's settings, not the HTTP request; the setting's
name (BB_APP_PASSWORD, api_token) is evidence of the credential kind as strong as a variable name in
a curl command. A value is read only when it is a quoted literal or a reference (an environment
variable, a Terraform variable, a CI secret): an unquoted word after "password:" in prose is not one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from triage.gate import fold
from triage.knowledge import load
from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.reason.vocabulary import ConfiguredAuth
from triage.secrets.credentials import EMAIL, MASK, STATIC_USERS, token_kind

# (?=[…]): the first letters a key can start with, so `re` gives up at most positions at once.
SETTING = re.compile(
    r"(?i)(?=[bagulept_s-])(?<![\w.$-])(?P<key>(?:bitbucket|bb|atlassian|git|bearer)?[_-]?+"
    r"(?P<role>user(?:_?name)?|login|e-?mail|app[_-]?password|password|passwd|api[_-]?token|access[_-]?token|"
    r"token|secret))[\"']?+[ \t]*+(?:=>|=|:)[ \t]*+"
    r"(?P<value>\$\{\{[^}\n]++\}\}|\"[^\"\n]++\"|'[^'\n]++'|<[^<>\n]++>|[^\s,;)}\]=:]++)")
# A name/value pair of a Postman collection or environment export: {"key": "token", "value": "{{bb_token}}"},
# {"key": "bb_api_token", "value": "…"}; the key says the role as a setting's name does.
KEY_VALUE = re.compile(r"""(?<![\w"])"key"[ \t]*+:[ \t]*+"(?P<key>[^"\n]{1,60}+)"[ \t]*+,\s*+"value"[ \t]*+:[ \t]*+"""
                       r"""(?P<value>"[^"\n]*+")""")
# The roles a pair's key may end with (bb_api_token, bitbucketPassword, username), longest first.
KEY_ROLES = ("app_password", "apppassword", "api_token", "apitoken", "access_token", "accesstoken", "user_name",
             "username", "password", "passwd", "e_mail", "email", "login", "secret", "token", "user")
# A Postman request's or collection's auth type, which says how the pairs after it are sent.
POSTMAN_AUTH = re.compile(r'"auth"[ \t]*+:[ \t]*+\{\s*+"type"[ \t]*+:[ \t]*+"(bearer|basic)"')
POSTMAN_AUTH_LINES = 8  # the pairs of an auth block follow its type within a few lines
# A .netrc entry (git, curl -n, go and pip read it): `machine bitbucket.org login jdoe password …`, on
# one line or several; a <placeholder> may hold blanks.
NETRC = re.compile(r"(?<![\w.-])machine[ \t]++(?P<host>[\w.-]++)(?P<entries>(?:\s++(?:login|password|account|port)"
                   r"[ \t]++(?:<[^<>\n]++>|\S++))*+)")
# A ~/.git-credentials line (git's store helper): https://user:secret@host, alone on its line, both
# parts percent-encoded; what git sends to that host.
STORED_URL = re.compile(r"(?m)^[ \t]*+https?://([^\s:@/]++):([^\s@/]++)@([\w.-]++)/?+[ \t]*+$")
NETRC_ENTRY = re.compile(r"(login|password)[ \t]++(<[^<>\n]++>|\S++)")
# An environment file's line (BITBUCKET_USERNAME=lmartin): a bare value there is the value, not prose.
ENV_LINE = re.compile(r"(?<![A-Z0-9_])[A-Z][A-Z0-9_]*+=[^\s=]++[ \t]*+")
# A reference to a value kept elsewhere: os.environ["X"], os.getenv("X"), process.env.X, env.X,
# System.getenv("X"), var.x, ${{ secrets.X }}, Terraform's ${var.x}, $X, ${X}, %X%: the name says what it holds.
REFERENCE = re.compile(
    r"""(?:os\.environ(?:\.get)?[\[(]|os\.getenv\(|System\.getenv\(|getenv\()\s*+["'](?P<env>\w++)["']\s*+[\])]?+|"""
    r"""\$env:(?P<ps>\w++)|"""
    r"""(?:process\.env|env|var|vars|secrets|credentials)\.(?P<dotted>\w++)|"""
    r"""\$\{\{\s*+(?:secrets|vars|env)\.(?P<ci>\w++)\s*+\}\}|\$\{(?:var|local)\.(?P<terraform>\w++)\}|"""
    r"""\$\{?(?P<shell>[A-Za-z_]\w*+)\}?|%(?P<cmd>\w++)%""")
# An Authorization header built in code, in any language: .header("Authorization", "Bearer " + token),
# req.Header.Set("Authorization", "Bearer "+tok), 'Authorization: Bearer ' . $token,
# @{ Authorization = "Bearer $token" }, new AuthenticationHeaderValue("Bearer", token), and as a
# name/value pair: [name: 'Authorization', value: "Bearer ${TOKEN}"] (Jenkins), {"name": …, "value": …}.
CODE_HEADER = re.compile(
    r"""(?i)(?:\bAuthorization["']?+[ \t]*+(?:,|:|=>|=)?+[ \t]*+(?:["']?+value["']?+[ \t]*+(?::|=>?)[ \t]*+)?+"""
    r"""[$@f]?+["']?+|AuthenticationHeaderValue\([ \t]*+["'])"""
    r"""[ \t]*+(?P<scheme>Bearer|Basic|token)\b"""
    # the value is joined to the string ("Bearer " + token, 'Bearer ' . $t, "Bearer", token) or
    # interpolated in it ("Bearer $env:T", f"Bearer {token}"): a literal inside the string is no name
    r"""(?:[ \t]*+["'][ \t]*+[,+.][ \t]*+(?P<value>\$?+[A-Za-z_][\w.]*+(?:\(\s*+["']\w++["']\s*+\)|"""
    r"""\[["']\w++["']\])?+)|[ \t]++(?P<inner>\$\{\{[^}\n]++\}\}|\$env:\w++|\$\{(?:var|local)\.\w++\}|\$\{?+[A-Za-z_]\w*+\}?+|"""
    r"""\{[A-Za-z_][\w.]*+\}))""")
# A user and secret pair handed to an HTTP client in code: Go's req.SetBasicAuth(u, p), PHP Guzzle's
# 'auth' => [u, p], Ruby's basic_auth(u, p) or basic_auth u, p, C#'s new NetworkCredential(u, p), Java's basicAuth(u, p).
CODE_VALUE = r"""(?:"[^"\n]*+"|'[^'\n]*+'|[$%]?+[A-Za-z_][\w.:]*+(?:\(\s*+["']\w++["']\s*+\)|\[["']\w++["']\])?+)"""
# (Or Go's struct literal, as go-git takes it: &http.BasicAuth{Username: u, Password: p}.)
CODE_PAIR = re.compile(
    r"""(?:(?:SetBasicAuth|basic_?[Aa]uth|BasicAuth|NetworkCredential|["']auth["'][ \t]*+=>)[ \t]*+[(\[]|"""
    r"""(?<=\.)basic_auth(?=[ \t]))[ \t]*+"""  # Ruby calls without parentheses: req.basic_auth 'u', ENV['T']
    rf"""(?P<user>{CODE_VALUE})[ \t]*+,[ \t]*+(?P<secret>{CODE_VALUE})|"""
    rf"""BasicAuth\{{\s*+Username:[ \t]*+(?P<field_user>{CODE_VALUE})[ \t]*+,\s*+Password:[ \t]*+(?P<field_secret>{CODE_VALUE})""")
# The workspace of an API URL (…/2.0/repositories/{workspace}/…): a user name equal to it is a team's.
API_WORKSPACE = re.compile(r"/2\.0/repositories/([\w.-]++)")
IDENTIFIERS = re.compile(r"[A-Za-z_]\w*+")
SETTING_WORDS = ("user", "login", "mail", "pass", "token", "secret")  # one is in any SETTING match
MIN_LITERAL = 4  # a shorter quoted value ("x", "") is an example, not a credential
NEAR_LINES = 6  # a user name and a secret set this close together belong to one configuration
MAX_SETTINGS = 500


def extract_configured(text: str, lines: LineIndex, sink: Collector) -> None:
    """Settings and code that configure a credential, as ConfiguredAuth facts (the secret described,
    a live one remembered for scrubbing and reported)."""
    lowered = text.lower()  # each pattern runs only where its words are: most pastes hold none of them
    if "machine" in lowered:
        _netrc(text, lines, sink)
    if "://" in text and "@" in text:
        _stored_urls(text, lines, sink)
    if any(word in lowered for word in SETTING_WORDS):
        _settings(text, lines, sink)
    if "auth" in lowered or "credential" in lowered:
        _code_credentials(text, lines, sink)
    if "token" in lowered:
        _client_tokens(text, lines, sink)


def _found(pattern: re.Pattern[str], text: str, lines: LineIndex,
           sink: Collector) -> Iterator[tuple[int, re.Match[str]]]:
    """(line, match) of the first MAX_SETTINGS matches, but where another reader has taken the text (a
    curl -H 'Authorization: Bearer $T' is the curl reader's, requests.get(…, auth=…) the code reader's)."""
    for count, match in enumerate(pattern.finditer(text)):
        if count == MAX_SETTINGS:
            return
        line = lines.line_of(match.start())
        if not sink.taken(line, match.start()):
            yield line, match


def _settings(text: str, lines: LineIndex, sink: Collector) -> None:
    users: list[tuple[int, str]] = []
    secrets: list[tuple[int, str, str, str]] = []
    for line, match in _found(SETTING, text, lines, sink):
        value = _value(match.group("value"))
        line_start, line_end = lines.span(line)
        if value is None and match.start() == line_start and ENV_LINE.fullmatch(text, line_start, line_end):
            value = match.group("value")
        elif value is None and _user_role(match.group("role")) and text[line_start:match.start()].strip() in ("", "-") \
                and not text[match.end():line_end].strip():
            # a line of its own, "Username: tkowalski": a form's field, transcribed, or a YAML list's
            # item ("- username: ci-bot")
            value = match.group("value")
        if value is not None:  # (a bearer_token setting says how it is sent)
            scheme = "bearer" if match.group("key").lower().startswith("bearer") else ""
            _sorted(match.group("role"), match.group("key"), value, line, scheme, users, secrets)
    if '"key"' in text:
        auth_types = [(lines.line_of(match.start()), match.group(1)) for match in POSTMAN_AUTH.finditer(text)]
        for line, match in _found(KEY_VALUE, text, lines, sink):
            key = match.group("key").lower().replace("-", "_")
            role, value = next((role for role in KEY_ROLES if key.endswith(role)), None), _value(match.group("value"))
            if role is None or value is None:
                continue
            scheme = next((kind for at, kind in reversed(auth_types) if 0 <= line - at <= POSTMAN_AUTH_LINES), "")
            _sorted(role, match.group("key"), value, line, scheme, users, secrets)
    for line, value, key, scheme in secrets:
        user = min(((abs(u_line - line), u_value) for u_line, u_value in users if abs(u_line - line) <= NEAR_LINES),
                   default=None)
        user_ref = sink.user(user[1], line, f"configured '{key}' user") if user else None
        secret = sink.secret(value, line, f"configured '{key}'", user[1] if user else None, named=key)
        sink.found.configured.append(ConfiguredAuth(line=line, user=user_ref, secret=secret, scheme=scheme))
    for line, value in users:
        if token_kind(value) is not None and not any(abs(s_line - line) <= NEAR_LINES for s_line, *_ in secrets):
            # a token set as the user name, with no password beside it (Composer's http-basic with
            # "password": ""): the token is still the credential sent, in the user's place
            token = sink.secret(value, line, "configured user name")
            sink.found.configured.append(ConfiguredAuth(line=line, user=token, secret=token))


def _sorted(role: str, key: str, value: str, line: int, scheme: str, users: list[tuple[int, str]],
            secrets: list[tuple[int, str, str, str]]) -> None:
    """A setting's value among the user names or the secrets, by the role its name says."""
    if _user_role(role):
        users.append((line, value))
    else:
        secrets.append((line, value, key, scheme))


def _netrc(text: str, lines: LineIndex, sink: Collector) -> None:
    """.netrc entries with a password: the credential git (or curl, go) sends to that machine."""
    for line, match in _found(NETRC, text, lines, sink):
        entries = dict(NETRC_ENTRY.findall(match.group("entries")))
        if "password" not in entries:
            continue
        user = entries.get("login")
        secret = sink.secret(entries["password"], line, ".netrc password", user, named="password")
        login = sink.user(user, line, ".netrc login") if user else None
        sink.found.configured.append(ConfiguredAuth(line=line, user=login, secret=secret,
                                                    host=match.group("host").lower()))
        sink.consume_call(lines, match.start(), match.end())


def _stored_urls(text: str, lines: LineIndex, sink: Collector) -> None:
    """~/.git-credentials lines: the user and secret git's store helper sends to that host."""
    for line, match in _found(STORED_URL, text, lines, sink):
        user, secret = unquote(match.group(1)), unquote(match.group(2))
        described = sink.secret(secret, line, ".git-credentials", user, named="password")
        sink.found.configured.append(ConfiguredAuth(line=line, user=sink.user(user, line, ".git-credentials user"),
                                                    secret=described,
                                                    host=match.group(3).lower()))
        sink.consume_call(lines, match.start(), match.end())


def _code_credentials(text: str, lines: LineIndex, sink: Collector) -> None:
    workspaces = {match.group(1).lower() for match in API_WORKSPACE.finditer(text)} if "/repositories/" in text \
        else set()
    for line, match in _found(CODE_PAIR, text, lines, sink):
        user = _code_value(match.group("user") or match.group("field_user"))
        secret = sink.secret(_code_value(match.group("secret") or match.group("field_secret")), line,
                             "credentials in code", user)
        sink.found.configured.append(ConfiguredAuth(line=line, user=sink.user(user, line, "user in code"),
                                                    secret=secret, scheme="basic",
                                                    user_is_workspace=user.lower() in workspaces))
    for line, match in _found(CODE_HEADER, text, lines, sink):
        secret = sink.secret(_code_value(match.group("value") or match.group("inner")), line,
                             "Authorization header in code")
        sink.found.configured.append(ConfiguredAuth(line=line, secret=secret, scheme=match.group("scheme").lower()))


def _client_tokens(text: str, lines: LineIndex, sink: Collector) -> None:
    """Tokens handed to a known client that sends them with a scheme of its own (knowledge/clients.toml:
    the client's `token`): Bitbucket(url, token=os.environ["BB_API_TOKEN"]) sends Bearer."""
    folded = ""  # folded once, and only when a client that takes a token is made in the ticket
    for client in load().clients:
        given = client.token
        if given is None or not any(made in text for made in given.made_by):
            continue
        folded = folded or fold(text)
        if not given.finder.may_match(folded):
            continue
        for line, match in _found(given.finder.pattern, text, lines, sink):
            secret = sink.secret(_code_value(match.group("value")), line, f"token given to {client.name}")
            sink.found.configured.append(ConfiguredAuth(line=line, secret=secret, scheme=given.scheme))


def _user_role(role: str) -> bool:
    return role.lower().replace("-", "").replace("_", "") in ("user", "username", "login", "email")


def _value(written: str) -> str | None:
    """A quoted literal as written; a reference as `$NAME` (so its name is read like a variable's);
    a <placeholder> as itself; bare, an email, x-token-auth, a token or a mask (*****); anything else
    (a word in prose) is no value."""
    if written[:1] == "<":
        return written
    if written[:1] in ("'", '"'):
        inner = written[1:-1]
        reference = REFERENCE.fullmatch(inner.strip())
        return _named(reference) if reference else inner if len(inner.strip()) >= MIN_LITERAL else None
    written = written.rstrip(".")  # a sentence's full stop after the value (password: process.env.X.)
    reference = REFERENCE.fullmatch(written)
    if reference:
        return _named(reference)
    # bare, only what no prose word is: an email, a fixed git user name, a token by its prefix
    fixed = written in STATIC_USERS or EMAIL.fullmatch(written) or token_kind(written) or MASK.fullmatch(written)
    return written if fixed else None


def _code_value(written: str) -> str:
    """What a value in code is: a string literal's text; an environment lookup's variable, or the
    code's own variable (appPassword, config.api_token), as a name that says what it holds."""
    if written[:1] in ("'", '"'):
        return written[1:-1]
    written = written.rstrip(".")  # a sentence's full stop after the value (password: process.env.X.)
    reference = REFERENCE.fullmatch(written)
    if reference:
        return _named(reference)
    return "$" + IDENTIFIERS.findall(written)[-1]


def _named(reference: re.Match[str]) -> str:
    return "$" + next(name for name in reference.groupdict().values() if name)
