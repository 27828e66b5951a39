"""Typed facts read from a ticket: the only thing the rule engine ever sees.

Why a separate module: extraction and diagnosis are kept apart. Extractors fill
these models; rules read them. No field may hold a raw credential: secrets are
described by `SecretRef` (kind, shape, where), never stored.
"""
from __future__ import annotations

from datetime import date
from enum import IntEnum, StrEnum

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
                            "(api_token, access_token, app_password, jwt, oauth_consumer, email, username, password, "
                            "token).")


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
                      "powershell_alias, powershell_native_quotes, unbalanced_quote, single_quoted_variable, unknown_option, "
                      "ambiguous_option, missing_argument, method_conflict, method_case, glob_error, bad_url, "
                      "trailing_space_continuation, "
                      "password_prompt, "
                      "command_substitution")
    detail: str = ""


class Request(BaseModel):
    """One HTTP request as the client would send it (or as a transcript shows it was sent)."""

    origin: str = Field(description="curl, python, javascript, code (Go, Java, C#, PHP), client, transcript, prose")
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
                             "insecure, head, get, write_out, output, fail; from code: all_headers (every header "
                             "sent is in the call), auth_unseen (auth= given a value only the run tells)")
    secret_in_query: list[str] = Field(default_factory=list, description="Names of query parameters holding secrets.")
    client: str = Field("", description="The known client or tool that makes this request (knowledge/clients.toml).")
    user_is_workspace: bool = Field(False, description="The Basic user name is the URL's workspace (a team's name).")
    inferred: list[str] = Field(default_factory=list, description="What the client table, not the ticket, says of "
                                "it: method, path, content_type, body.")
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
    password_unencoded: bool = Field(False, description="The URL's password holds / @ : # or ? not percent-encoded.")
    transferred: bool = Field(False, description="git printed a finished transfer after it: the remote let it in.")
    configured: bool = Field(False, description="A remote written in a tool's settings or a dependency, not typed.")


class GitError(BaseModel):
    """A line git printed about authentication or access."""

    line: int
    kind: str = Field(description="auth_failed, auth_required, no_access, password_prompt, username_prompt, "
                      "not_found, invalid_credentials, bad_url, account_password_rejected")
    text: str
    prompt_user_kind: str | None = None


class ConfiguredAuth(BaseModel):
    """A credential a tool or SDK is configured with by name (password = var.bb_app_password)."""

    line: int
    user: SecretRef | None = None
    secret: SecretRef
    scheme: str = Field("", description="bearer, basic or token when code builds the Authorization header")
    user_is_workspace: bool = Field(False, description="The user name is a workspace of an API URL in the ticket.")
    host: str = Field("", description="The host it is kept for (a .netrc machine); '' when the tool's own.")


class TimeOfDay(BaseModel):
    """A time of day the ticket shows in UTC (a log's timestamp, `date -u`, "at 06:12 UTC")."""

    line: int
    hour: int
    minute: int


class SaidDate(BaseModel):
    """A date the ticket gives for something (when a token was created): a day, or one the asker
    counts from the day of writing ("last May", "a year ago"), which only the triage's date fixes."""

    line: int
    day: date | None = None
    last_month: int | None = Field(None, ge=1, le=12, description="'last May': the latest May before this month")
    years_ago: int | None = Field(None, ge=1)

    def on(self, today: date) -> date:
        """The day meant, said on `today` (a month alone: its first day)."""
        if self.day is not None:
            return self.day
        if self.last_month is not None:
            return date(today.year if self.last_month < today.month else today.year - 1, self.last_month, 1)
        return today.replace(year=today.year - (self.years_ago or 0), day=min(today.day, 28))


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
    configured: list[ConfiguredAuth] = Field(default_factory=list)
    scopes_mentioned: list[str] = Field(default_factory=list)
    scopes_claimed: list[str] = Field(default_factory=list, description="Scopes the asker says the credential "
                                      "has, from the words that say so on: 'the token has read:repository:bitbucket'")
    identifiers: list[str] = Field(default_factory=list, description="snake_case and kebab-case words the ticket "
                                   "uses (field names, enum values: merge_strategy, fast-forward), each once")
    times: list[TimeOfDay] = Field(default_factory=list)
    tokens_created: list[SaidDate] = Field(default_factory=list, description="Dates the asker says a token was "
                                       "created on ('the token was created in September 2025')")
    next_link_changed: list[int] = Field(default_factory=list, description="Lines where code adds to a page's "
                                         "'next' link (data['next'] + '&pagelen=50'), each once")
    ticket_date: date | None = None
    unread_commands: int = Field(0, description="Commands past the number read in full: only their "
                                 "credentials were taken, to be redacted")

    @property
    def empty(self) -> bool:
        """True when nothing at all was found: the caller says 'nothing found'."""
        return not any((self.requests, self.responses, self.error_bodies, self.client_errors,
                        self.git_commands, self.git_errors, self.signals, self.credentials,
                        self.configured, self.scopes_mentioned))


# ---- observations: what the rules read ---------------------------------------------------------
# Facts above are what readers found, with their evidence (lines, redacted values). Observations are
# the same findings in the one vocabulary the mistake catalog and the rules speak: a name, the
# subject it is about, the surface it happened on and how strongly the ticket shows it.


class Surface(StrEnum):
    """Where a request, command or symptom happens: a mistake's fix belongs to one or more of these."""

    REST = "rest"            # api.bitbucket.org/2.0 (and what was meant to be: a web page used as the API)
    GIT = "git"              # git over HTTPS (clone, fetch, push; credential helpers)
    OAUTH = "oauth"          # bitbucket.org/site/oauth2/… (getting an access token)
    PIPELINES = "pipelines"  # Bitbucket Pipelines (variables, OIDC, pipes)
    SERVER = "server"        # Bitbucket Server / Data Center, a different product
    ANY = "any"              # not known: a symptom stated in prose with nothing to place it


class Strength(IntEnum):
    """How the ticket shows an observation, weakest first (a finding is as strong as its weakest)."""

    INFERRED = 1  # from the date and the user form, or what a known client does
    PROSE = 2     # the asker says so
    NAME = 3      # a variable or placeholder name says so ($BITBUCKET_API_TOKEN)
    LITERAL = 4   # the value, header, status line or error text itself shows it


class Seen(StrEnum):
    """Every observation name. SCOPES says what each is about; knowledge/observations.toml says what
    each means and how to get it when it is missing."""

    # -- a request: how it authenticates --
    AUTH_BASIC = "auth_basic"
    AUTH_BEARER = "auth_bearer"                    # Bearer, or another token-style scheme ("token …")
    AUTH_NO_SCHEME = "auth_no_scheme"              # Authorization: <credential> without a scheme word
    NO_AUTH = "no_auth"                            # no credentials at all
    BASIC_NEWLINE = "basic_newline"                # the Basic value holds a line break (echo without -n)
    USER_EMAIL = "user_email"
    USER_USERNAME = "user_username"
    USER_X_TOKEN_AUTH = "user_x_token_auth"
    USER_API_TOKEN_AUTH = "user_api_token_auth"    # x-bitbucket-api-token-auth
    USER_IS_TOKEN = "user_is_token"                # a token where the user name goes
    USER_IS_WORKSPACE = "user_is_workspace"        # the user name is the URL's workspace
    # -- a request or git command: which credential it is (with a Strength) --
    CRED_API_TOKEN = "cred_api_token"
    CRED_ACCESS_TOKEN = "cred_access_token"
    CRED_APP_PASSWORD = "cred_app_password"
    CRED_ACCOUNT_PASSWORD = "cred_account_password"
    CRED_OAUTH_TOKEN = "cred_oauth_token"
    CRED_OAUTH_CONSUMER = "cred_oauth_consumer"    # the consumer key/secret used as if they were a credential
    CRED_JWT = "cred_jwt"
    # -- a request: where it goes --
    WEB_HOST = "web_host"                          # a bitbucket.org page, not the API
    POWERSHELL_CMDLET = "powershell_cmdlet"        # sent with Invoke-RestMethod / Invoke-WebRequest by name
    WEB_URL_MENTIONED = "web_url_mentioned"        # the ticket's words name a bitbucket.org page (no request shown)
    WORKSPACE_DIFFERS = "workspace_differs"        # the request's workspace is not the one the repository's page shows
    WRONG_API_BASE = "wrong_api_base"              # the API host without /2.0
    API_1_0 = "api_1_0"                            # a 1.0 API path
    SERVER_PATH = "server_path"                    # /rest/api/1.0/…, /projects/…/repos/…: Bitbucket Server
    PLACEHOLDER_IN_URL = "placeholder_in_url"
    UUID_BRACES = "uuid_braces"                    # {uuid} in a curl URL without -g or %7B…%7D
    SLUG_UPPER = "slug_upper"
    NAME_NOT_AN_ID = "name_not_an_id"              # a workspace or slug with a blank: a display name, not the id
    PAGE_PARAM_MODIFIED = "page_param_modified"    # ?page=2/ : a next link changed by the client
    NEXT_LINK_CHANGED = "next_link_changed"        # code adds to a page's 'next' link before requesting it
    SECRET_IN_QUERY = "secret_in_query"
    ENDPOINT_UNKNOWN = "endpoint_unknown"
    ENDPOINT_WRONG_METHOD = "endpoint_wrong_method"
    ENDPOINT_USER_CENTRIC = "endpoint_user_centric"
    CLIENT_CHECKS_USER = "client_checks_user"  # the tool checks a credential on GET /user before keeping it
    ENDPOINT_REMOVED = "endpoint_removed"          # removed at the ticket's date (knowledge/removed.toml)
    ENDPOINT_DEPRECATED = "endpoint_deprecated"  # its removal is announced; it still works that day
    ENDPOINT_TAKES_NO_BODY = "endpoint_takes_no_body"
    ENDPOINT_TAKES_BODY = "endpoint_takes_body"    # a POST/PUT/PATCH that reads a body
    ENDPOINT_PR_LIST = "endpoint_pr_list"          # lists pull requests without a state filter
    ENDPOINT_REPO_LIST = "endpoint_repo_list"      # lists a workspace's repositories without a role filter
    ENDPOINT_REPO_LIST_ROLE = "endpoint_repo_list_role"  # … with one
    ENDPOINT_LIST = "endpoint_list"                # any paginated list
    # -- a request: what it sends --
    BODY_NONE = "body_none"                        # POST/PUT/PATCH with no body
    BODY_JSON = "body_json"
    BODY_INVALID_JSON = "body_invalid_json"
    BODY_ON_GET = "body_on_get"
    BODY_SHAPE_WRONG = "body_shape_wrong"          # a field where the endpoint wants another (knowledge/bodies.toml)
    ENUM_VALUE_INVALID = "enum_value_invalid"      # a value the endpoint's field does not take
    CONTENT_TYPE_JSON = "content_type_json"
    CONTENT_TYPE_NOT_JSON = "content_type_not_json"  # a JSON body sent as form data (curl -d without -H)
    FORM_BODY = "form_body"
    PASSWORD_GRANT = "password_grant"              # grant_type=password: no longer supported
    # -- a request: how the command was written --
    NOT_SENT = "not_sent"
    FLATTENED_CONTINUATION = "flattened_continuation"
    SHELL_QUOTING = "shell_quoting"
    POWERSHELL_ALIAS = "powershell_alias"
    POWERSHELL_NATIVE_QUOTES = "powershell_native_quotes"  # curl.exe from PowerShell < 7.3 loses inner "s
    GLOB_EXPANDS = "glob_expands"
    GLOB_REFUSED = "glob_refused"
    TRAILING_SPACE_CONTINUATION = "trailing_space_continuation"  # `\ ` at a line's end: the command ends there
    CURL_REFUSED = "curl_refused"                  # an unknown option, a missing value, -I with -d: nothing sent
    METHOD_CASE = "method_case"                    # -X post: sent lower-case, as written
    VERBOSE = "verbose"
    # -- a git command (its user name is one of the user_… observations) --
    GIT_NO_USER = "git_no_user"
    GIT_PASSWORD_IN_URL = "git_password_in_url"
    GIT_SECRET_UNENCODED = "git_secret_unencoded"  # a / @ : # ? in the URL's password, not percent-encoded
    GIT_SSH = "git_ssh"
    GIT_TRANSFERRED = "git_transferred"            # the command's transfer ran: its credential was accepted
    # -- the ticket: what came back --
    STATUS_400 = "status_400"
    STATUS_401 = "status_401"
    STATUS_403 = "status_403"
    STATUS_404 = "status_404"
    STATUS_405 = "status_405"
    STATUS_410 = "status_410"
    STATUS_429 = "status_429"
    CREDENTIAL_ACCEPTED = "credential_accepted"    # x-oauth-scopes came back: Bitbucket authenticated it
    SCOPE_NAMES_DIFFER = "scope_names_differ"
    SCOPES_SHORT = "scopes_short"                  # the granted scopes do not cover the required ones
    ERROR_TOKEN_NOT_SUPPORTED = "error_token_not_supported"
    ERROR_NO_ACCESS_REPO = "error_no_access_repo"
    ERROR_LACK_SCOPES = "error_lack_scopes"
    ERROR_ACCESS_TOKEN_USER = "error_access_token_user"
    ERROR_TOKEN_EXPIRED = "error_token_expired"
    ERROR_ACCOUNT_PASSWORD = "error_account_password"
    ERROR_FUNCTIONALITY_REMOVED = "error_functionality_removed"
    ERROR_GRANT = "error_grant"                    # invalid_grant, unsupported_grant_type, invalid_request
    ERROR_BAD_REQUEST = "error_bad_request"        # a 400's body names no field
    ERROR_NO_CALLBACK = "error_no_callback"        # the OAuth consumer has no callback URL (Bitbucket's words)
    ERROR_BAD_AUTH_HEADER = "error_bad_auth_header"  # the Authorization header could not be read at all
    ERROR_FIELD_SHAPE = "error_field_shape"        # a 400's body says a field's value has the wrong shape
    ERROR_FIELD_CHOICE = "error_field_choice"      # a 400's body says a field's value is none of its choices
    ERROR_OTHER = "error_other"
    HTML_PAGE = "html_page"                        # an HTML page came back where JSON was expected
    GIT_AUTH_FAILED = "git_auth_failed"
    GIT_INVALID_CREDENTIALS = "git_invalid_credentials"
    GIT_NO_ACCESS = "git_no_access"
    GIT_NOT_FOUND = "git_not_found"
    GIT_PASSWORD_PROMPT = "git_password_prompt"
    GIT_ACCOUNT_PASSWORD_REJECTED = "git_account_password_rejected"
    GIT_BAD_URL = "git_bad_url"                    # URL using bad/illegal format
    CURL_BAD_URL = "curl_bad_url"
    CREDENTIAL_LEAKED = "credential_leaked"        # a live secret is in the ticket
    # -- the ticket: what the asker says --
    SAYS_APP_PASSWORD = "says_app_password"
    SAYS_API_TOKEN = "says_api_token"
    SAYS_MOVED_TO_TOKEN = "says_moved_to_token"  # the asker left app passwords for API tokens
    SAYS_ACCESS_TOKEN = "says_access_token"
    SAYS_ACCOUNT_PASSWORD = "says_account_password"
    SAYS_OAUTH_CONSUMER = "says_oauth_consumer"
    SAYS_OAUTH_TOKEN = "says_oauth_token"
    SAYS_OIDC = "says_oidc"
    SAYS_UNSCOPED = "says_unscoped"
    SAYS_SCOPES_CONFIGURED = "says_scopes_configured"
    SAYS_NEVER_ACCESSED = "says_never_accessed"
    SAYS_TOKEN_USED = "says_token_used"
    SAYS_NO_OUTPUT = "says_no_output"
    SAYS_PUBLIC_WORKS = "says_public_works"
    SAYS_PRIVATE_REPO = "says_private_repo"
    SAYS_PAGINATION = "says_pagination"
    SAYS_REPO_LIST = "says_repo_list"
    SAYS_TWO_STEP = "says_two_step"
    SAYS_PR_STATES = "says_pr_states"
    SAYS_EXPIRED = "says_expired"
    SAYS_INTERMITTENT = "says_intermittent"        # works sometimes, then 401 for a few minutes
    SAYS_USED_TO_WORK = "says_used_to_work"        # it worked before / suddenly stopped
    SAYS_EXPIRED_AT_ONCE = "says_expired_at_once"  # a fresh token is refused from its first call
    SAYS_NO_CALLBACK = "says_no_callback"          # the OAuth consumer has no callback URL
    SAYS_TIME_IN_BROWNOUT = "says_time_in_brownout"  # a UTC time the ticket shows falls in a brownout window
    SAYS_PROMPTS_AGAIN = "says_prompts_again"      # the password is asked for every time
    SAYS_NO_PROMPT = "says_no_prompt"              # git fails without asking for a password
    SAYS_READ_WORKS = "says_read_works"            # reading (pull, clone, GET, listing) works, writing fails
    SAYS_WORKS_ELSEWHERE = "says_works_elsewhere"  # the same credential works from another machine
    SAYS_CREDENTIAL_STORE = "says_credential_store"  # credential manager, keychain, _netrc, credential helper
    SAYS_HELPER_OFF = "says_helper_off"            # git -c credential.helper= (empty): no stored credential used
    SAYS_TOKEN_AGED = "says_token_aged"            # a token said to be made about a year or more before
    SAYS_ROTATED = "says_rotated"                  # the credential was replaced lately (rotated, a new token)
    SAYS_AUTH_PROVEN = "says_auth_proven"          # a success taken as proof that the credential works
    SAYS_TEAM_ACCOUNT = "says_team_account"        # the repository belongs to a team or workspace
    SAYS_SERVER_DC = "says_server_dc"
    SAYS_PIPELINES = "says_pipelines"
    SAYS_POSTMAN = "says_postman"
    SAYS_POWERSHELL = "says_powershell"
    SAYS_WINDOWS = "says_windows"
    SAYS_EMAIL_USER = "says_email_user"            # "… with my email"
    SAYS_USERNAME_USER = "says_username_user"      # "… with my username"
    SAYS_OAUTH1 = "says_oauth1"                    # OAuth 1.0 request-token URLs or signatures
    SAYS_OAUTH2 = "says_oauth2"                    # OAuth 2 authorize / access_token URLs
    SAYS_UUID = "says_uuid"                        # UUIDs (with or without braces) in the path
    SAYS_DEPRECATION = "says_deprecation"          # a deprecation, a removal or a change notice (CHANGE-…)
    SAYS_WEB_BASE = "says_web_base"                # a base URL or server setting of https://bitbucket.org
    SAYS_BEARER_SCHEME = "says_bearer_scheme"      # the credential goes in a Bearer / token header
    SAYS_CONTENT_TYPE_JSON = "says_content_type_json"  # Content-Type: application/json is named


# The observations about the ticket as a whole (what came back, what the asker says): they join any
# request or git command. Every other observation is about one request or one git command.
TICKET_WIDE: frozenset[Seen] = frozenset({
    Seen.STATUS_400, Seen.STATUS_401, Seen.STATUS_403, Seen.STATUS_404, Seen.STATUS_405, Seen.STATUS_410,
    Seen.STATUS_429, Seen.CREDENTIAL_ACCEPTED, Seen.SCOPE_NAMES_DIFFER, Seen.SCOPES_SHORT,
    Seen.ERROR_TOKEN_NOT_SUPPORTED, Seen.ERROR_NO_ACCESS_REPO, Seen.ERROR_LACK_SCOPES,
    Seen.ERROR_ACCESS_TOKEN_USER, Seen.ERROR_TOKEN_EXPIRED, Seen.ERROR_ACCOUNT_PASSWORD,
    Seen.ERROR_FUNCTIONALITY_REMOVED, Seen.ERROR_GRANT, Seen.ERROR_BAD_REQUEST, Seen.ERROR_BAD_AUTH_HEADER,
    Seen.ERROR_NO_CALLBACK, Seen.ERROR_FIELD_SHAPE, Seen.ERROR_FIELD_CHOICE, Seen.NEXT_LINK_CHANGED,
    Seen.ERROR_OTHER, Seen.HTML_PAGE,
    Seen.GIT_AUTH_FAILED, Seen.GIT_INVALID_CREDENTIALS, Seen.GIT_NO_ACCESS, Seen.GIT_NOT_FOUND,
    Seen.GIT_PASSWORD_PROMPT, Seen.GIT_ACCOUNT_PASSWORD_REJECTED, Seen.GIT_BAD_URL, Seen.CURL_BAD_URL,
    Seen.CREDENTIAL_LEAKED, *(name for name in Seen if name.value.startswith("says_")),
})


class Observation(BaseModel):
    """One thing the ticket shows, in the rules' vocabulary."""

    model_config = ConfigDict(frozen=True)

    name: Seen
    subject: str = Field("ticket", description="r<n> (a request), g<n> (a git command) or ticket")
    surface: Surface = Surface.ANY
    strength: Strength = Strength.LITERAL
    line: int = 0
