"""Remove secrets from text while keeping what diagnosis needs.

Why one module: every output path (facts JSON, rendered answers, logs, errors)
must hide the same things the same way. Two layers: `redact_text` removes
anything secret-shaped by form; `Scrubber` removes the exact secrets a ticket
held, also in their base64 (`user:secret`) and percent-encoded forms, which no
pattern could recognise on its own.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus

from triage.gate import Gated, fold
from triage.secrets.credentials import describe_secret, is_live, is_placeholder
from triage.secrets.literals import Literals

# `re` scans fast for a pattern that starts with literal text and slowly for one that starts with
# \b or a case-insensitive word, so the word boundary is checked behind the literal start.
TOKEN = re.compile(  # also percent-encoded, in either case (…%2B…%3d0A1B2C3D in a query string)
    r"AT(?<!\wAT)(?:ATT|CTT|BB)(?:[A-Za-z0-9_\-+/=]|%[0-9A-Fa-f]{2}){8,}+(?:\s?=\s?[0-9A-Fa-f]{8})?")
JWT = re.compile(r"eyJ(?<!\weyJ)[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
AUTH_VALUE = re.compile(r"(?i)\b(Basic|Bearer|Token|JWT)(\s+)([A-Za-z0-9+/=._~\-]{6,})")
USERINFO = re.compile(r"(://)([^/\s:@'\"]*):([^/\s@'\"]+)@")  # scheme://user:password@
USER_OPTION = re.compile(  # curl -u user:secret, the pair quoted or not
    r"""(?<!\S)(-u|--user)([ \t]*+)(?:(["'])([^\n:"']*+:)([^\n"']++)\3|()([^\s:"']*+:)([^\s"']++))""")
# An API or access token cut by a line break (a wrap, `\`+newline, \r\n, a NUL) before its checksum:
# the piece after the break is the same secret.
WRAPPED_TOKEN = re.compile(r"AT(?<!\wAT)(?:ATT|CTT)[A-Za-z0-9_\-+/=]{8,}+(?<!=[0-9A-Fa-f]{8})"
                           r"(?:\\?+[ \t]*+\r?+\n|\x00)[ \t]*+[A-Za-z0-9_\-+/=]{4,}+")
# base64 of user:secret on its own (what a Basic header carries, pasted without the header).
BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}+={0,2}+")
BASE64_PAIR = re.compile(r"\A[\w.@+-]++:\S{4,}+\Z")  # what such a run decodes to
# A password said or configured in words: "my password is …", .netrc's `password …`, PowerShell's
# ConvertTo-SecureString '…'.
WORDED_PASSWORD = re.compile(r"(?i)(\bpassword[ \t]++is[ \t]++|(?:^|\blogin[ \t]++\S++[ \t]++)password[ \t]++|"
                             r"\bConvertTo-SecureString[ \t]++(?:-String[ \t]++)?['\"]?+)([^\s'\"]{4,}+)", re.M)
COOKIE = re.compile(r"(?i)(\b(?:set-)?cookie[ \t]*+:[ \t]*+|(?<!\S)(?:-b|--cookie)[ \t]++['\"]?+)([^\n'\"]++)")
COOKIE_VALUE = re.compile(r"(=)([^;,\s]++)")
# user:password@host without a scheme (curl: (6) Could not resolve host: user:pw@host)
HOST_USERINFO = re.compile(r"(?<![\w.%+:/-])([\w.%+-]++):([^\s/@:'\"]{4,}+)@(?=[\w-]++\.[A-Za-z])")
SECRET_PARAM = re.compile(  # password=…, token: …, "client_secret": "…" (JSON, YAML, form, query)
    r"(?i)\b(access_token|refresh_token|token|password|passwd|pwd|secret|client_secret|api_key|apikey|"
    r"app_password|jwt|private_key)"
    r"([\"']?+[ \t]*+[=:][ \t]*+[\"']?+)([^\s&\"',;)}]{4,}+)")


def _token_display(match: re.Match[str]) -> str:
    return describe_secret(match.group(0)).display


NOT_A_VALUE = frozenset({"null", "none", "true", "false", "undefined", "nil"})  # "password": null is no secret


def _param(match: re.Match[str]) -> str:
    value = match.group(3)
    if value.lower() in NOT_A_VALUE or is_placeholder(value) or "[redacted" in value \
            or value.startswith(("$", "{", "<", "%", "os.", "process.")):
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}[redacted, {len(value)} chars]"


def _auth(match: re.Match[str]) -> str:
    value = match.group(3)
    if is_placeholder(value) or value.rstrip(".").isalpha() and len(value) < 30:  # "token fails." is prose
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}[redacted, {len(value)} chars]"


def _user_option(match: re.Match[str]) -> str:
    option, blanks, quote, user, value = (match.group(1), match.group(2), match.group(3) or "",
                                          match.group(4) or match.group(7), match.group(5) or match.group(8))
    if is_placeholder(value) or value.startswith(("$", "{", "<", "%")) or "[redacted" in value:
        return match.group(0)
    return f"{option}{blanks}{quote}{user}[redacted, {len(value)} chars]{quote}"


def _userinfo(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)}:[redacted]@"


def _host_userinfo(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1).lower() == "mailto" else f"{match.group(1)}:[redacted]@"


def _wrapped_token(match: re.Match[str]) -> str:
    return f"{match.group(0)[:5]}…[redacted, wrapped]"


def _base64_pair(match: re.Match[str]) -> str:
    """Redacted when it decodes to user:secret; any other base64 (a hash, an id) stays."""
    run = match.group(0)
    try:
        decoded = base64.b64decode(run + "=" * (-len(run) % 4), validate=True).decode("utf-8")
    except ValueError:
        return run
    return f"[redacted Basic credentials, {len(run)} chars]" if BASE64_PAIR.match(decoded) else run


def _worded_password(match: re.Match[str]) -> str:
    value = match.group(2)
    if is_placeholder(value) or value.rstrip(".,").isalpha() and value.islower() \
            or "[redacted" in value:  # "password is wrong" is prose; a secret already hidden stays as shown
        return match.group(0)
    return f"{match.group(1)}[redacted, {len(value)} chars]"


def _cookie(match: re.Match[str]) -> str:
    return match.group(1) + COOKIE_VALUE.sub(lambda value: value.group(1) + "[redacted]", match.group(2))


# Each pass: its pattern behind the words it needs, and the replacement. Most fields hold none
# of the words, and a substring test costs far less than a regex pass.
PASSES = (
    (Gated(("atatt", "atctt"), WRAPPED_TOKEN), _wrapped_token),
    (Gated(("atatt", "atctt", "atbb"), TOKEN), _token_display),
    (Gated(("eyj",), JWT), _token_display),
    (Gated(("basic", "bearer", "token", "jwt"), AUTH_VALUE), _auth),
    (Gated(("://",), USERINFO), _userinfo),
    (Gated(("@",), HOST_USERINFO), _host_userinfo),
    (Gated(("cookie", "-b"), COOKIE), _cookie),
    (Gated(("password", "securestring"), WORDED_PASSWORD), _worded_password),
    (Gated(("-u",), USER_OPTION), _user_option),
    (Gated(("token", "pass", "pwd", "secret", "key", "jwt"), SECRET_PARAM), _param),
)


# Every pass's words in one pattern: most strings (a header value, a URL) hold none, and one search
# for all of them costs less than a test per pass.
ANY_PASS = re.compile("|".join(re.escape(word) for gated, _ in PASSES for word in gated.words))


def redact_text(text: str) -> str:
    """Hide secret-shaped values: tokens, JWTs, Basic/Bearer values, URL passwords, secret= params."""
    folded = fold(text)
    if not ANY_PASS.search(folded):
        return text
    for gated, replacement in PASSES:
        if gated.may_match(folded):
            redacted = gated.pattern.sub(replacement, text)
            if redacted != text:
                text, folded = redacted, fold(redacted)
    return text


PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")
FEW_FORMS = 32  # up to this many, first test each form with `in`


@dataclass
class Scrubber:
    """The exact secrets of one ticket, removed in every form they could take."""

    forms: dict[str, str] = field(default_factory=dict)
    _literals: Literals | None = field(default=None, init=False, repr=False)  # all forms, built on use
    _added: set[tuple[str, str | None]] = field(default_factory=set, init=False, repr=False)

    def add(self, secret: str, user: str | None = None) -> None:
        """Remember a live secret (and, with its user, the base64 of `user:secret`)."""
        if (secret, user) in self._added:
            return  # sighted again (a ticket repeats its token on many lines): its forms are known
        self._added.add((secret, user))
        ref = describe_secret(secret)
        if len(secret) < 4 or not is_live(ref):
            return
        label = ref.display
        self._literals = None
        encoded = {quote(secret, safe=""), quote_plus(secret)}
        encoded |= {PERCENT_ESCAPE.sub(lambda m: m.group(0).lower(), form) for form in encoded}  # %2b as %2B
        for form in {secret, secret.strip(), base64.b64encode(secret.encode()).decode().rstrip("="), *encoded}:
            if len(form) >= 4:
                self.forms[form] = label
        if user is not None:
            pair = base64.b64encode(f"{user}:{secret}".encode()).decode()
            self.forms[pair.rstrip("=")] = "[redacted Basic credentials]"
        for half in _halves(secret):
            self.forms.setdefault(half, label)

    def exact(self, text: str) -> str:
        """The text without any form of the ticket's secrets (longest forms first). Enough for text
        built from facts, whose fields were pattern-redacted as they were made."""
        if len(self.forms) <= FEW_FORMS and not any(form in text for form in self.forms):
            return text  # the usual case: a substring test per form costs less than building the finder
        if self._literals is None:
            self._literals = Literals(self.forms)
        pieces, done = [], 0
        for start, end, form in self._literals.spans(text):
            pieces += [text[done:start], self.forms[form]]
            done = end
        return "".join(pieces) + text[done:] if pieces else text

    def clean(self, text: str) -> str:
        """Raw ticket text made safe to keep: the exact secrets, then anything secret-shaped, then
        base64 that decodes to user:secret (a pattern with no word to gate it: run on kept text only).
        A token cut by a line break goes whole first: the reader learned only its first piece."""
        if WRAPPED_TOKEN.search(text):
            text = WRAPPED_TOKEN.sub(_wrapped_token, text)
        return BASE64_RUN.sub(_base64_pair, redact_text(self.exact(text)))


def _halves(secret: str) -> list[str]:
    """Long secrets split by a line break: each long piece must go too."""
    if len(secret) < 40:
        return []
    middle = len(secret) // 2
    return [secret[:middle], secret[middle:]]
