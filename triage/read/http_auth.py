"""Read an Authorization header (or a Basic pair) into an `Auth` fact.

Why: the same header arrives from curl -H, curl -v transcripts, Python and
JavaScript code. Decoding Basic here tells the rules whether the user part is
an email or a username and what kind of secret follows, without keeping either.
"""
from __future__ import annotations

import base64
import binascii
import re

from triage.reason.vocabulary import Auth, SecretKind
from triage.secrets.credentials import classify_secret, describe, describe_secret, describe_user

SCHEMES = {"basic": "basic", "bearer": "bearer", "jwt": "jwt", "token": "token", "digest": "digest"}
BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


def decode_basic(value: str) -> tuple[str, str] | None:
    """user, secret from a Basic token; None when it is not base64 of 'user:secret'."""
    if not BASE64.match(value):
        return None
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if ":" not in decoded:
        return None
    user, _, secret = decoded.partition(":")
    return user, secret


def auth_from_header(value: str, source: str = "header") -> Auth:
    """An Authorization header value: scheme word, then credentials."""
    stripped = value.strip()
    scheme_word, _, rest = stripped.partition(" ")
    rest = rest.strip()
    scheme = SCHEMES.get(scheme_word.lower())
    if scheme is None or not rest:
        # No scheme: the whole value is the credential (Bitbucket ignores it).
        kind = classify_secret(stripped)
        return Auth(scheme="none", source=source, secret=describe(stripped, kind))
    if scheme == "basic":
        pair = decode_basic(rest)
        if pair:
            return Auth(scheme="basic", raw_scheme=scheme_word, source=source, user=describe_user(pair[0]),
                        secret=describe_secret(pair[1]))
        kind = classify_secret(rest)
        secret = describe(rest, kind if kind in (SecretKind.VARIABLE, SecretKind.PLACEHOLDER) else kind)
        return Auth(scheme="basic", raw_scheme=scheme_word, source=source, secret=secret)
    return Auth(scheme=scheme, raw_scheme=scheme_word, source=source, secret=describe_secret(rest))


def raw_secrets_in_header(value: str) -> list[tuple[str, str | None]]:
    """(secret, user) pairs an Authorization value carries, for the scrubber and the leak warning."""
    scheme_word, _, rest = value.strip().partition(" ")
    if scheme_word.lower() == "basic":
        pair = decode_basic(rest.strip())
        # Decoded, the secret is what leaked (its user:secret base64 is scrubbed with it).
        return [(pair[1], pair[0])] if pair else [(rest.strip(), None)]
    if scheme_word.lower() in SCHEMES and rest.strip():
        return [(rest.strip(), None)]
    return [(value.strip(), None)]
