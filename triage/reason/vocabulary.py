"""Typed facts read from a ticket: the only thing the rule engine ever sees.

Why a separate module: extraction and diagnosis are kept apart. Extractors fill
these models; rules read them. No field may hold a raw credential: secrets are
described by `SecretRef` (kind, shape, where), never stored.
"""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# Fields whose values are bbhelp's own words (kinds, origins, schemes), never text of the ticket.
VOCABULARY_FIELDS = frozenset({"kind", "stands_for", "scheme", "source", "origin", "form", "tool", "name", "prefix",
                               "static_name", "flags", "prompt_user_kind"})


class SecretKind(StrEnum):
    """What a credential-shaped value is, judged from its form alone."""

    API_TOKEN = "api_token"          # ATATT…: Atlassian API token
    ACCESS_TOKEN = "access_token"    # ATCTT…: repository/project/workspace access token
    APP_PASSWORD = "app_password"    # ATBB…: legacy app password
    JWT = "jwt"                      # eyJ….eyJ….…: an OIDC/Connect token
    EMAIL = "email"
    USERNAME = "username"
    STATIC_USER = "static_user"      # x-token-auth, x-bitbucket-api-token-auth
    PLACEHOLDER = "placeholder"      # {api_token}, <token>, xxxx, ***, your_token
    VARIABLE = "variable"            # $TOKEN, ${TOKEN}, %TOKEN%: filled in by the shell
    OPAQUE = "opaque"                # something secret-looking of no known form
    EMPTY = "empty"


class SecretRef(BaseModel):
    """A credential described without its value."""

    model_config = ConfigDict(frozen=True)

    kind: SecretKind
    prefix: str = Field("", description="Public, format-defining prefix only (ATATT, ATCTT, ATBB).")
    length: int = 0
    display: str = Field(description="Redacted form safe to show, e.g. 'ATATT…[redacted, 192 chars]'.")
    has_whitespace: bool = False
    static_name: str = Field("", description="For STATIC_USER: the fixed user name, which is not secret.")
    variable_name: str = Field("", description="For VARIABLE: the variable's name, which is not secret.")
    stands_for: str = Field("", description="For PLACEHOLDER/VARIABLE: what its name says it holds "
                            "(api_token, access_token, app_password, email, username, password, token).")


class Auth(BaseModel):
    """How a request presents credentials."""

    scheme: str = Field(description="basic, bearer, jwt, token, digest, netrc, none (header without scheme) or other")
    source: str = Field(description="Where it came from: -u, url, header, oauth2-bearer, python-auth, netrc …")
    user: SecretRef | None = None
    secret: SecretRef | None = None
    raw_scheme: str = Field("", description="The scheme word as written, e.g. 'Bearer', 'bearer', 'Token'.")

    @property
    def user_kind(self) -> str | None:
        return self.user.kind.value if self.user else None

    @property
    def secret_kind(self) -> str | None:
        return self.secret.kind.value if self.secret else None


class Damage(BaseModel):
    """Copy-paste or shell damage seen in a command, recorded rather than repaired."""

    kind: str = Field(description="flattened_continuation, typographic_quotes, cmd_caret, cmd_single_quotes, "
                      "powershell_alias, unbalanced_quote, single_quoted_variable, unknown_option, "
                      "ambiguous_option, method_conflict, glob_error, bad_url, password_prompt, "
                      "command_substitution")
    detail: str = ""


class Request(BaseModel):
    """One HTTP request as the client would send it (or as a transcript shows it was sent)."""

    origin: str = Field(description="curl, python, javascript, transcript, prose")
    line: int
    method: str
    url: str = Field(description="Redacted URL: userinfo and secret query values removed.")
    scheme: str = ""
    host: str = ""
    path: str = ""
    query: str = ""
    headers: dict[str, str] = Field(default_factory=dict, description="Header name -> redacted value.")
    auth: Auth | None = None
    body: str | None = Field(None, description="Redacted body, when one is sent.")
    body_from_file: bool = False
    content_type: str | None = None
    sent: bool = Field(True, description="False when the client would stop before sending (bad option, bad URL).")
    command_index: int = Field(0, description="Which command (or code call) of the ticket this came from.")
    damage: list[Damage] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list, description="verbose, include, silent, globoff, location, "
                             "insecure, head, get, write_out, output, fail")
    secret_in_query: list[str] = Field(default_factory=list, description="Names of query parameters holding secrets.")
    url_has_placeholder: list[str] = Field(default_factory=list, description="Placeholders left in the URL.")
    raw_url_braces: list[str] = Field(default_factory=list, description="{…} groups as written before globbing.")


class Response(BaseModel):
    """A response seen in a transcript (curl -v/-i) or stated in prose."""

    line: int
    status: int | None = None
    reason: str = ""
    headers: dict[str, str] = Field(default_factory=dict)
    origin: str = Field("transcript", description="transcript or prose")


class ErrorBody(BaseModel):
    """An error body returned by Bitbucket (JSON) or an HTML error page."""

    line: int
    form: str = Field(description="bitbucket_json, json, html")
    message: str = ""
    required: list[str] = Field(default_factory=list)
    granted: list[str] = Field(default_factory=list)
    detail: str = ""


class ClientError(BaseModel):
    """An error printed by a client: curl's `curl: (N) …`, PowerShell's or Python's."""

    line: int
    tool: str
    code: int | None = None
    message: str


class GitCommand(BaseModel):
    """A git command that talks to a remote."""

    line: int
    action: str
    host: str = ""
    path: str = ""
    url: str = ""
    user: SecretRef | None = None
    password: SecretRef | None = None
    extra_header: Auth | None = None
    scheme: str = ""


class GitError(BaseModel):
    """A line git printed about authentication or access."""

    line: int
    kind: str = Field(description="auth_failed, no_access, password_prompt, username_prompt, not_found, "
                      "invalid_credentials, other")
    text: str
    prompt_user_kind: str | None = None


class Signal(BaseModel):
    """A prose mention the rules may weigh (app password, API token, Never accessed …)."""

    name: str
    line: int
    text: str = ""


class CredentialSighting(BaseModel):
    """Where a live credential appears in the ticket (for the leak warning)."""

    line: int
    where: str = Field(description="curl -u, Authorization header, URL, code literal, transcript, prose …")
    secret: SecretRef


class Facts(BaseModel):
    """Everything extracted from one ticket."""

    requests: list[Request] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    error_bodies: list[ErrorBody] = Field(default_factory=list)
    client_errors: list[ClientError] = Field(default_factory=list)
    git_commands: list[GitCommand] = Field(default_factory=list)
    git_errors: list[GitError] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    credentials: list[CredentialSighting] = Field(default_factory=list)
    scopes_mentioned: list[str] = Field(default_factory=list)
    ticket_date: date | None = None
    unread_commands: int = Field(0, description="Commands past the number read in full: only their "
                                 "credentials were taken, to be redacted")

    @property
    def empty(self) -> bool:
        """True when nothing at all was found: the caller says 'nothing found'."""
        return not any((self.requests, self.responses, self.error_bodies, self.client_errors,
                        self.git_commands, self.git_errors, self.signals, self.credentials,
                        self.scopes_mentioned))
