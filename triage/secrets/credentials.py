"""Classify credential-shaped strings by form, and describe them without their value.

Why here: every extractor meets user names and secrets (curl -u, headers, URLs,
code literals, git URLs). One classifier keeps the kinds consistent, and
`describe` is the only way a value enters a fact: as a `SecretRef`.
"""
from __future__ import annotations

import math
import re

from triage.reason.vocabulary import SecretKind, SecretRef

TOKEN_PREFIXES: tuple[tuple[str, SecretKind], ...] = (
    ("ATATT", SecretKind.API_TOKEN),
    ("ATCTT", SecretKind.ACCESS_TOKEN),
    ("ATBB", SecretKind.APP_PASSWORD),
)
STATIC_USERS = frozenset({"x-token-auth", "x-bitbucket-api-token-auth"})

# Patterns over ticket text run in linear time: a repeat that starts a match begins only where its
# run of characters begins (the look-behind), and repeats that can never give back what they took
# are possessive (`++`), so no start position rescans a run another one scanned.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*\.[A-Za-z]{2,}")
JWT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}+\.[A-Za-z0-9_-]{4,}+\.[A-Za-z0-9_-]*+")
VARIABLE = re.compile(r"\$env:([A-Za-z_][A-Za-z0-9_]*)|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|%([A-Za-z_][A-Za-z0-9_]*)%|"
                      r"\$?\{\{\s*([\w.-]+)\s*\}\}|"  # PowerShell's $env:NAME too
                      r"\$\{(?:var|local)\.([A-Za-z_]\w*)\}|"  # Terraform's ${var.bb_api_token}
                      r"\$\(([A-Za-z_]\w*)\)|"  # make's $(BB_TOKEN) (a shell would run a command of that name)
                      r"\$\(\$(?:env:)?([A-Za-z_]\w*)\)|"  # PowerShell's subexpression "$($env:BB_TOKEN)"
                      r"\$\{env:([A-Za-z_]\w*)\}")  # and "${env:BB_TOKEN}"
BRACKETED = re.compile(r"[{<\[][^{}<>\[\]]*[}>\]]")
MASK = re.compile(r"[xX*•.…#_-]{3,}+")  # fullmatch: masked all through (abc***xyz keeps real characters)
# A placeholder names what goes there, in words: YOUR_API_TOKEN, <app-password>, {workspace token}.
# Each part of it must be one of these words (or your/my + one), so hunter2_password,
# correcthorsebatterystaple or {s3cret} are live values, not placeholders.
PLACEHOLDER_PARTS = re.compile(r"[A-Za-z]++")
PLACEHOLDER_SEPARATORS = re.compile(r"[A-Za-z_ .:-]++")
CAMEL_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")  # yourApiTOKEN -> your, Api, TOKEN
PLACEHOLDER_VOCABULARY = frozenset(
    "your my the a an here goes put insert enter paste actual real valid new secret secrets token tokens password "
    "passwd pass pwd pw app api access oauth bitbucket bb atlassian jira key keys client consumer id user username "
    "name login email mail account repo repository workspace project personal auth bearer value example sample "
    "dummy placeholder redacted removed hidden censored masked changeme xxx xxxx credential credentials env".split())
MAX_PLACEHOLDER_CHARS = 60
PHRASE = re.compile(r"(?<![A-Za-z])[A-Za-z]++(?:[ \t]++[A-Za-z]++)++")
CHARACTER_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"))


STANDS_FOR = (
    ("oauth_consumer", re.compile(r"consumer|client[\W_]*(?:id|key|secret)|oauth[\W_]*(?:key|secret)", re.I)),
    ("jwt", re.compile(r"oidc|\bid[\W_]*+token|jwt", re.I)),  # BITBUCKET_STEP_OIDC_TOKEN: a JWT for cloud providers
    ("app_password", re.compile(r"app[\W_]*+(?:pass|pwd?(?![a-z]))", re.I)),  # APP_PASSWORD, BB_APP_PW
    ("access_token", re.compile(r"access[\W_]*+token|repo(?:sitory|s)?[\W_]*+token|workspace[\W_]*+token", re.I)),
    ("api_token", re.compile(r"api[\W_]*token|token[\W_]*api\b|atlassian[\W_]*token|atatt", re.I)),
    # $BITBUCKET_REPO_OWNER, $BITBUCKET_WORKSPACE as a user name: a workspace, not an account
    ("workspace", re.compile(r"repo[\W_]*+owner|workspace", re.I)),
    ("email", re.compile(r"e-?mail", re.I)),
    ("username", re.compile(r"user[\W_]*(?:name|id)?\b|username|login", re.I)),
    ("password", re.compile(r"pass(?:word|wd)?|\bpw\b|pwd", re.I)),
    ("token", re.compile(r"token|secret|key", re.I)),
)


def stands_for(name: str) -> str:
    """What a placeholder or variable name says it holds: {api_token} -> api_token."""
    return next((kind for kind, pattern in STANDS_FOR if pattern.search(name)), "")


def is_placeholder(value: str) -> bool:
    """True only for values certainly left to be filled in: {api_token}, <token>, xxxx, ***,
    YOUR_TOKEN. Anything else in a secret's place may be a real password and is treated as live
    (a wrong "placeholder" would be shown verbatim in every answer, post and record)."""
    stripped = value.strip().strip("'\"")
    if not stripped or len(stripped) > MAX_PLACEHOLDER_CHARS:
        return False
    if MASK.fullmatch(stripped):
        return True
    if stripped[0] + stripped[-1] in ("{}", "<>", "[]") and BRACKETED.fullmatch(stripped):
        stripped = stripped[1:-1].strip()
        if PHRASE.fullmatch(stripped):  # <scoped token>, <the new one>: words with blanks, which no secret holds
            return True
    if not PLACEHOLDER_SEPARATORS.fullmatch(stripped):
        return False
    return all(_placeholder_word(part) for part in _words_of(stripped))


def _words_of(name: str) -> list[str]:
    """yourApiToken, YOUR_API_TOKEN, your-api-token -> your, api, token."""
    return [word.lower() for part in PLACEHOLDER_PARTS.findall(name)
            for word in CAMEL_WORD.findall(part)]


def _placeholder_word(word: str) -> bool:
    if word in PLACEHOLDER_VOCABULARY or word.strip("x") == "":
        return True
    return any(word.startswith(lead) and word[len(lead):] in PLACEHOLDER_VOCABULARY for lead in ("your", "my"))


def variable_name(value: str) -> str:
    """The shell/template variable a value consists of, or '' when it is not one."""
    match = VARIABLE.fullmatch(value.strip())
    return next((g for g in match.groups() if g), "") if match else ""


def token_kind(value: str) -> SecretKind | None:
    """Kind of an Atlassian token from its documented prefix (ATATT, ATCTT, ATBB)."""
    for prefix, kind in TOKEN_PREFIXES:
        if value.startswith(prefix):
            return kind
    return None


def classify_secret(value: str) -> SecretKind:
    """Kind of a password-position value."""
    if value == "":
        return SecretKind.EMPTY
    if variable_name(value):
        return SecretKind.VARIABLE
    kind = token_kind(value.strip())
    if kind:
        return kind
    if JWT.fullmatch(value.strip()):
        return SecretKind.JWT
    if is_placeholder(value):
        return SecretKind.PLACEHOLDER
    if EMAIL.fullmatch(value.strip()):
        return SecretKind.EMAIL
    return SecretKind.OPAQUE


def classify_user(value: str) -> SecretKind:
    """Kind of a user-position value: email, Bitbucket username, static name, placeholder …"""
    stripped = value.strip()
    if stripped == "":
        return SecretKind.EMPTY
    if stripped in STATIC_USERS:
        return SecretKind.STATIC_USER
    if variable_name(stripped):
        return SecretKind.VARIABLE
    kind = token_kind(stripped)
    if kind:
        return kind
    if EMAIL.fullmatch(stripped):
        return SecretKind.EMAIL
    if BRACKETED.search(stripped) or MASK.match(stripped) or "your" in stripped.lower():
        return SecretKind.PLACEHOLDER
    if "@" in stripped and BRACKETED.search(stripped):
        return SecretKind.PLACEHOLDER
    if _generated(stripped):  # a token of no known prefix (an old app password, an access token) as the user
        return SecretKind.OPAQUE
    return SecretKind.USERNAME


def _generated(value: str) -> bool:
    """Letters and digits that switch case or kind at every few characters (Fz9xQ2kLw8Rt…): a
    generator's output, never a name a person chose; JohnSmith2020 switches four times."""
    if len(value) < 16 or not value.isascii() or not value.isalnum():
        return False
    if not all(pattern.search(value) for pattern in CHARACTER_CLASSES):
        return False
    switches = sum(_character_class(a) != _character_class(b) for a, b in zip(value, value[1:]))
    return switches * 3 >= len(value)


def _character_class(character: str) -> int:
    return 0 if character.islower() else 1 if character.isupper() else 2


def mask_email(value: str) -> str:
    """j***@example.com: keeps the domain (often diagnostic: alias vs account domain)."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def describe(value: str, kind: SecretKind) -> SecretRef:
    """The only way a credential enters a fact: kind, public prefix, length, safe display."""
    stripped = value.strip()
    prefix = next((p for p, k in TOKEN_PREFIXES if k is kind), "")
    if kind is SecretKind.EMAIL:
        display = mask_email(stripped)
    elif kind is SecretKind.STATIC_USER:
        display = stripped
    elif kind is SecretKind.VARIABLE:
        display = "$" + variable_name(stripped)
    elif kind is SecretKind.PLACEHOLDER:
        display = stripped if len(stripped) <= 40 else stripped[:37] + "…"
    elif kind is SecretKind.EMPTY:
        display = "(empty)"
    elif kind is SecretKind.USERNAME:
        display = f"{stripped[:1]}***[username, {len(stripped)} chars]"
    else:
        display = f"{prefix}…[redacted, {len(value)} chars]"
    return SecretRef(
        kind=kind,
        prefix=prefix,
        length=len(value),
        display=display,
        # echo without -n: a trailing newline; a variable's blanks are its template's (${{ secrets.T }})
        has_whitespace=kind is not SecretKind.VARIABLE and any(char.isspace() for char in value),
        static_name=stripped if kind is SecretKind.STATIC_USER else "",
        variable_name=variable_name(stripped) if kind is SecretKind.VARIABLE else "",
        stands_for=stands_for(stripped) if kind in (SecretKind.PLACEHOLDER, SecretKind.VARIABLE) else "",
    )


def describe_secret(value: str) -> SecretRef:
    return describe(value, classify_secret(value))


def describe_user(value: str) -> SecretRef:
    return describe(value, classify_user(value))


def looks_random(value: str) -> bool:
    """A long string that reads like a generated secret, not a word, path or number: mixed
    character classes and high entropy (bits per character)."""
    if len(value) < 16 or "/" in value or "." in value and value.count(".") != 2:
        return False
    classes = sum(bool(pattern.search(value)) for pattern in CHARACTER_CLASSES)
    if classes < 2 or not CHARACTER_CLASSES[2].search(value):
        return False
    counts = [value.count(ch) / len(value) for ch in set(value)]
    return -sum(p * math.log2(p) for p in counts) >= 3.0


def is_live(ref: SecretRef) -> bool:
    """A value that may really grant access (so its appearance is a leak)."""
    return ref.kind in {SecretKind.API_TOKEN, SecretKind.ACCESS_TOKEN, SecretKind.APP_PASSWORD,
                        SecretKind.JWT, SecretKind.OPAQUE}
