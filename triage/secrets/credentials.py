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
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|%([A-Za-z_][A-Za-z0-9_]*)%|\{\{\s*([\w.-]+)\s*\}\}")
BRACKETED = re.compile(r"[{<\[][^{}<>\[\]]*[}>\]]")
MASK = re.compile(r"^(?:[xX*•.…#_-]{3,}+$|\*\*|.*?\*\*\*|xxxx)", re.S)  # used with match(): a prefix decides
PLACEHOLDER_WORDS = re.compile(
    r"your|token|password|passwd|secret|example|redacted|placeholder|here|username|user_?name|email|"
    r"api_?key|app_?pass|censored|hidden|removed|correct|dummy|sample|changeme",
    re.I,
)
CHARACTER_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"))
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


STANDS_FOR = (
    ("oauth_consumer", re.compile(r"consumer|client[\W_]*(?:id|key|secret)|oauth[\W_]*(?:key|secret)", re.I)),
    ("app_password", re.compile(r"app[\W_]*pass", re.I)),
    ("access_token", re.compile(r"access[\W_]*+token|repo(?:sitory|s)?[\W_]*+token|workspace[\W_]*+token", re.I)),
    ("api_token", re.compile(r"api[\W_]*token|atlassian[\W_]*token|atatt", re.I)),
    ("email", re.compile(r"e-?mail", re.I)),
    ("username", re.compile(r"user[\W_]*(?:name|id)?\b|username|login", re.I)),
    ("password", re.compile(r"pass(?:word|wd)?|\bpw\b|pwd", re.I)),
    ("token", re.compile(r"token|secret|key", re.I)),
)


def stands_for(name: str) -> str:
    """What a placeholder or variable name says it holds: {api_token} -> api_token."""
    return next((kind for kind, pattern in STANDS_FOR if pattern.search(name)), "")


def is_placeholder(value: str) -> bool:
    """True for values a person leaves to be filled in: {api_token}, <token>, xxxx, ***, your_token."""
    stripped = value.strip().strip("'\"")
    if not stripped:
        return False
    if BRACKETED.fullmatch(stripped) or MASK.match(stripped):
        return True
    if BRACKETED.search(stripped) and len(BRACKETED.sub("", stripped)) <= 2:
        return True
    uniform_case = stripped.lower() == stripped or stripped.upper() == stripped or "_" in stripped
    return bool(IDENTIFIER.match(stripped) and len(stripped) <= 40 and uniform_case
                and PLACEHOLDER_WORDS.search(stripped))


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
    return SecretKind.USERNAME


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
        has_whitespace=any(char.isspace() for char in value),  # echo without -n: a trailing newline
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
