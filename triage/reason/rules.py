"""The bbhelp ruleset: forward chaining from ticket facts to findings.

Layers: (1) derived facts: the credential kind of each request, which catalog
endpoint it is, whether Bitbucket authenticated the credential; (2) findings,
one rule (or a few) per mistake id; (3) the answer plan: a root cause asserts
`suppress` for the symptoms it explains, one rule per `explains` entry of the
mistake catalog. Rules read flat engine facts only; knowledge lookups
(endpoint catalog, timeline) happen in actions through `triage.knowledge`,
never by parsing ticket text.
"""
from __future__ import annotations

import json
from functools import lru_cache

from durable.engine import MessageNotHandledException, MessageObservedException
from durable.lang import c, m, none, ruleset, when_all

from triage.knowledge import load

RULESET = "bbhelp"
# Conclusions (findings, suppressions, endpoints) of each running session, by session id: the
# engine registers a list before it asserts a ticket's facts and takes it back after, so
# conclusions no rule reads need no rule of their own to stay in the session.
CONCLUSIONS: dict[str, list[dict]] = {}


def _assert_once(c, fact: dict) -> None:
    """Assert a conclusion. durable_rules refuses a fact equal to one it holds, which is what the
    same conclusion reached through another match is (two requests, one ticket-wide finding)."""
    try:
        c.assert_fact(fact)
    except (MessageObservedException, MessageNotHandledException):
        pass  # already concluded, or a derived fact no rule reads


def _conclude(c, fact: dict, assert_it: bool = True) -> None:
    """Record a conclusion for the engine to read back, and assert it when rules read it."""
    CONCLUSIONS[c.s.sid].append(fact)
    if assert_it:
        _assert_once(c, fact)


@lru_cache(maxsize=1)
def _findings_rules_read() -> frozenset[str]:
    """Mistake ids some answer-plan rule reads: a root cause or a symptom of an `explains` entry."""
    return frozenset(id_ for mistake in load().mistakes.values() if mistake.explains
                     for id_ in (mistake.id, *(e.id for e in mistake.explains)))


def _finding(c, finding_id: str, req: str = "", confidence: float = 0.9, **params: object) -> None:
    """Conclude a finding; assert it only when a rule reads it (each assertion is a JSON round
    trip through durable_rules, the biggest cost of a triage's engine run)."""
    _conclude(c, {"t": "finding", "fid": f"{finding_id}|{req}", "name": finding_id, "req": req,
                  "confidence": confidence, "params": json.dumps(params, sort_keys=True)},
              assert_it=finding_id in _findings_rules_read())


def _explains(c) -> None:
    """Root cause `a` explains symptom `b`: the answer plan drops `b` (no rule reads it further)."""
    _conclude(c, {"t": "suppress", "fid": f"suppress|{c.b.fid}|{c.a.fid}", "target": c.b.fid, "by": c.a.fid},
              assert_it=False)


def _present(c) -> None:
    """Some request has root cause `f`: one fact per mistake id, so that a root that explains a
    symptom anywhere in the ticket joins each symptom once, not once per request it was found for."""
    _assert_once(c, {"t": "present", "fid": f"present|{c.f.name}", "name": c.f.name})


def _open(c) -> None:
    """A session's first fact opens its list of conclusions. That this is an action matters more
    than what it does: durable_rules 2.0.28 allocates a session's state node without setting its
    action context (`createStateNode` in state.c leaves `context.messages` and `context.stateFact`
    as malloc left them), and `deleteStateNode` frees both pointers. Only dispatching an action
    sets them (and completing it frees them and stores NULL), so a session in which no rule ever
    fired freed two garbage pointers when it was deleted: `free(): invalid pointer` or a
    segmentation fault on the first ticket of a process whose facts no rule acted on. Every
    session now dispatches this action before anything else can happen in it."""
    CONCLUSIONS[c.s.sid] = []


SESSION_OPENER = {"t": "session", "fid": "session"}


def _complete():
    """The ticket's context fact, asserted last. A rule that tests for an absent fact (`none`)
    also waits for it: durable_rules fires as soon as the positive facts match and does not
    take the action back when the absent fact arrives later."""
    return c.done << (m.t == "context")


def define() -> tuple[str, dict]:
    """Build the ruleset definition (name, JSON-able rules with Python actions)."""
    kb = load()
    retired = kb.timeline.app_passwords_stop_working.toordinal()
    rs = ruleset(RULESET)
    with rs:
        when_all(m.t == "session")(_open)

        # ---- layer 1: derived facts --------------------------------------------------------------
        @when_all(c.r << (m.t == "request") & ((m.secret_kind == "api_token") | (m.secret_kind == "access_token")
                                               | (m.secret_kind == "app_password")))
        def cred_from_prefix(c):
            c.assert_fact({"t": "cred", "fid": "cred|" + c.r.fid, "req": c.r.fid, "kind": c.r.secret_kind,
                           "how": "prefix"})

        @when_all(c.r << (m.t == "request") & ((m.secret_kind == "placeholder") | (m.secret_kind == "variable"))
                  & ((m.secret_for == "api_token") | (m.secret_for == "access_token")
                     | (m.secret_for == "app_password")))
        def cred_from_name(c):
            c.assert_fact({"t": "cred", "fid": "cred|" + c.r.fid, "req": c.r.fid, "kind": c.r.secret_for,
                           "how": "name"})

        @when_all(c.r << (m.t == "request") & (m.has_secret == True) & (m.secret_for == "")  # noqa: E712
                  & ((m.secret_kind == "placeholder") | (m.secret_kind == "variable") | (m.secret_kind == "opaque")),
                  c.s << (m.t == "signal") & (m.name == "api_token"),
                  _complete(), none((m.t == "signal") & (m.name == "app_password")))
        def cred_from_prose(c):
            c.assert_fact({"t": "cred", "fid": "cred|" + c.r.fid, "req": c.r.fid, "kind": "api_token",
                           "how": "prose"})

        @when_all(c.r << (m.t == "request") & (m.api_path != ""))
        def which_endpoint(c):
            match = load().match(c.r.method, c.r.api_path)
            fact = {"t": "endpoint", "fid": "ep|" + c.r.fid, "req": c.r.fid, "status": match.status,
                    "method": c.r.method, "path": c.r.api_path}
            endpoint = match.endpoint or match.suggestion
            if endpoint is not None:
                fact.update({"template": endpoint.path, "ep_method": endpoint.method,
                             "token_scopes": ",".join(endpoint.token_scopes),
                             "legacy": ",".join(endpoint.legacy_scopes),
                             "api_token_ok": "api-token" in endpoint.auth_types,
                             "user_centric": endpoint.path.startswith("/user")})
            _conclude(c, fact)

        @when_all(c.x << (m.t == "response") & (m.has_oauth_scopes == True))  # noqa: E712
        def authenticated(c):
            c.assert_fact({"t": "authenticated", "fid": "auth|" + c.x.fid, "granted": c.x.granted,
                           "accepted": c.x.accepted, "names_differ": c.x.names_differ,
                           "scopes_cover": c.x.scopes_cover})

        # ---- layer 2: findings -------------------------------------------------------------------
        @when_all(c.r << (m.t == "request") & (m.scheme == "bearer"),
                  c.k << (m.t == "cred") & (m.req == c.r.fid) & (m.kind == "api_token"))
        def api_token_as_bearer(c):
            _finding(c, "api_token_as_bearer", c.r.fid, 0.97 if c.k.how != "prose" else 0.8)

        @when_all(c.r << (m.t == "request") & (m.scheme == "bearer"),
                  c.k << (m.t == "cred") & (m.req == c.r.fid) & (m.kind == "app_password"))
        def app_password_as_bearer(c):
            _finding(c, "app_password_as_bearer", c.r.fid, 0.95)

        @when_all(c.r << (m.t == "request") & (m.scheme == "none") & (m.has_secret == True))  # noqa: E712
        def auth_header_without_scheme(c):
            _finding(c, "auth_header_without_scheme", c.r.fid, 0.97)

        @when_all(c.r << (m.t == "request") & (m.scheme == "basic") & (m.user_kind == "username") & (m.api == True),
                  c.k << (m.t == "cred") & (m.req == c.r.fid) & (m.kind == "api_token"))
        def api_token_with_username(c):
            _finding(c, "api_token_with_username", c.r.fid, 0.95)

        @when_all(c.r << (m.t == "request") & (m.scheme == "basic") & (m.user_kind == "username") & (m.api == True),
                  _complete(), none((m.t == "cred") & (m.req == c.r.fid)),
                  c.s << (m.t == "signal") & (m.name == "api_token"))
        def api_token_with_username_prose(c):
            _finding(c, "api_token_with_username", c.r.fid, 0.7)

        @when_all(c.r << (m.t == "request") & (m.scheme == "basic") & (m.user_kind == "email"),
                  c.k << (m.t == "cred") & (m.req == c.r.fid) & (m.kind == "app_password"))
        def app_password_with_email(c):
            _finding(c, "app_password_with_email", c.r.fid, 0.9)

        @when_all(c.k << (m.t == "cred") & (m.kind == "app_password"),
                  c.x << (m.t == "context") & (m.now_ord >= retired))
        def app_password_retired_cred(c):
            _finding(c, "app_password_retired", c.k.req, 0.97)

        @when_all(c.s << (m.t == "signal") & (m.name == "app_password"),
                  c.x << (m.t == "context") & (m.now_ord >= retired))
        def app_password_retired_prose(c):
            _finding(c, "app_password_retired", "", 0.8)

        @when_all(c.k << (m.t == "cred") & (m.kind == "app_password"),
                  c.x << (m.t == "context") & (m.now_ord < retired))
        def app_password_deprecated_cred(c):
            _finding(c, "app_password_deprecated", c.k.req, 0.9)

        @when_all(c.s << (m.t == "signal") & (m.name == "app_password"),
                  c.x << (m.t == "context") & (m.now_ord < retired))
        def app_password_deprecated(c):
            _finding(c, "app_password_deprecated", "", 0.7)

        @when_all(c.s << (m.t == "signal") & (m.name == "unscoped_token"))
        def unscoped_api_token(c):
            _finding(c, "unscoped_api_token", "", 0.75)

        @when_all(c.s << (m.t == "signal") & (m.name == "api_token"),
                  c.e << (m.t == "error") & (m.name == "token_not_supported"),
                  _complete(), none((m.t == "signal") & (m.name == "scopes_configured")))
        def unscoped_api_token_from_error(c):
            _finding(c, "unscoped_api_token", "", 0.5)

        @when_all(c.s << (m.t == "signal") & (m.name == "api_token"),
                  c.r << (m.t == "response") & (m.status == 401),
                  _complete(), none((m.t == "signal") & (m.name == "scopes_configured")))
        def unscoped_api_token_from_401(c):
            _finding(c, "unscoped_api_token", "", 0.5)

        @when_all(c.r << (m.t == "request") & (m.scheme == "basic") & (m.user_kind == "email") & (m.api == True),  # noqa: E712
                  c.k << (m.t == "cred") & (m.req == c.r.fid) & (m.kind == "api_token"),
                  c.x << (m.t == "response") & (m.status == 401))
        def api_token_rejected(c):
            _finding(c, "api_token_rejected", c.r.fid, 0.7)

        @when_all(c.r << (m.t == "request") & (m.scheme == "basic") & (m.api == True)
                  & (m.has_secret == True) & (m.user_kind != "static_user"),  # noqa: E712
                  c.k << (m.t == "cred") & (m.req == c.r.fid) & (m.kind == "access_token"))
        def access_token_with_basic(c):
            _finding(c, "access_token_with_basic", c.r.fid, 0.95)

        @when_all(c.r << (m.t == "request") & (m.api_path != "") & (m.has_secret == True)  # noqa: E712
                  & ((m.secret_for == "oauth_consumer") | (m.user_for == "oauth_consumer")))
        def oauth_consumer_named(c):
            _finding(c, "oauth_consumer_secret_as_credentials", c.r.fid, 0.9)

        @when_all(c.s << (m.t == "signal") & (m.name == "oauth_consumer"),
                  c.r << (m.t == "request") & (m.api_path != "") & (m.scheme == "basic") & (m.secret_kind == "opaque"),
                  _complete(), none((m.t == "signal") & (m.name == "oauth_token")))
        def oauth_consumer_from_prose(c):
            _finding(c, "oauth_consumer_secret_as_credentials", c.r.fid, 0.65)

        @when_all(c.k << (m.t == "cred") & (m.kind == "access_token"),
                  c.e << (m.t == "endpoint") & (m.req == c.k.req) & (m.user_centric == True))  # noqa: E712
        def access_token_user_endpoint(c):
            _finding(c, "access_token_user_endpoint", c.k.req, 0.9)

        @when_all(c.s << (m.t == "signal") & (m.name == "account_password"),
                  _complete(), none((m.t == "cred")), none((m.t == "signal") & (m.name == "api_token")))
        def account_password_used(c):
            _finding(c, "account_password_used", "", 0.6)

        @when_all(c.a << (m.t == "authenticated"))
        def credential_accepted(c):
            _finding(c, "credential_accepted", "", 0.95, granted=c.a.granted, accepted=c.a.accepted)

        @when_all(c.a << (m.t == "authenticated") & (m.names_differ == True) & (m.scopes_cover == True))  # noqa: E712
        def scope_names_differ(c):
            _finding(c, "scope_names_differ_not_a_problem", "", 0.9, granted=c.a.granted, accepted=c.a.accepted)

        @when_all(c.a << (m.t == "authenticated") & (m.accepted != "") & (m.scopes_cover == False))  # noqa: E712
        def missing_scope_headers(c):
            required = [t for legacy in c.a.accepted.split(",") for t in load().scopes.token_names(legacy.strip())]
            _finding(c, "missing_scope", "", 0.9, required=", ".join(required) or c.a.accepted, granted=c.a.granted)

        @when_all(c.e << (m.t == "error") & (m.name == "lack_scopes"))
        def missing_scope_error(c):
            _finding(c, "missing_scope", c.e.req, 0.95, required=c.e.required, granted=c.e.granted)

        @when_all(c.r << (m.t == "response") & (m.status == 403),
                  c.e << (m.t == "endpoint") & (m.status == "known"),
                  _complete(), none((m.t == "error") & (m.name == "lack_scopes")))
        def missing_scope_403(c):
            _finding(c, "missing_scope", c.e.req, 0.6, required=c.e.token_scopes)

        @when_all(c.e << (m.t == "endpoint") & (m.status == "wrong_method"))
        def wrong_http_method(c):
            _finding(c, "wrong_http_method", c.e.req, 0.95, used=c.e.method, expected=c.e.ep_method,
                     template=c.e.template)

        @when_all(c.e << (m.t == "endpoint") & (m.status == "unknown"))
        def unknown_endpoint(c):
            _finding(c, "unknown_endpoint", c.e.req, 0.85, suggestion=c.e.template or "",
                     suggestion_method=c.e.ep_method or "", scopes=c.e.token_scopes or "")

        @when_all(c.r << (m.t == "request") & (m.wrong_base == True))  # noqa: E712
        def wrong_api_base(c):
            _finding(c, "wrong_api_base", c.r.fid, 0.9)

        @when_all(c.r << (m.t == "request") & (m.host_kind == "web"))
        def web_url_not_api(c):
            _finding(c, "web_url_not_api", c.r.fid, 0.85)

        @when_all(c.r << (m.t == "request") & (m.host_kind == "server"))
        def server_api_on_cloud(c):
            _finding(c, "server_api_on_cloud", c.r.fid, 0.85)

        @when_all(c.r << (m.t == "request") & (m.server_path == True) & (m.host_kind == "api"))  # noqa: E712
        def server_path_on_cloud(c):
            _finding(c, "server_api_on_cloud", c.r.fid, 0.8)

        @when_all(c.r << (m.t == "request") & (m.placeholder == True) & (m.origin != "prose"))  # noqa: E712
        def placeholder_left_in(c):
            _finding(c, "placeholder_left_in", c.r.fid, 0.7)

        @when_all(c.r << (m.t == "request") & (m.uuid_braces == True))  # noqa: E712
        def uuid_braces_unencoded(c):
            _finding(c, "uuid_braces_unencoded", c.r.fid, 0.9)

        @when_all(c.d << (m.t == "damage") & (m.kind == "flattened_continuation"))
        def flattened(c):
            _finding(c, "flattened_line_continuation", c.d.req, 0.97)

        @when_all(c.d << (m.t == "damage") & ((m.kind == "typographic_quotes") | (m.kind == "cmd_single_quotes")
                                              | (m.kind == "single_quoted_variable")
                                              | (m.kind == "unbalanced_quote")))
        def shell_quoting(c):
            _finding(c, "shell_quoting", c.d.req, 0.85, kind=c.d.kind)

        @when_all(c.d << (m.t == "damage") & (m.kind == "glob_expands"))
        def glob_expands(c):
            _finding(c, "url_glob_expands", c.d.req, 0.8, count=c.d.detail)

        @when_all(c.d << (m.t == "damage") & (m.kind == "glob_error"))
        def glob_refused(c):
            _finding(c, "url_glob_refused", c.d.req, 0.9, error=c.d.detail)

        @when_all(c.d << (m.t == "damage") & (m.kind == "powershell_alias"))
        def powershell(c):
            _finding(c, "powershell_curl_alias", c.d.req, 0.9)

        @when_all(c.r << (m.t == "request") & (m.secret_in_query == True))  # noqa: E712
        def credentials_in_query(c):
            _finding(c, "credentials_in_query", c.r.fid, 0.9)

        @when_all(c.r << (m.t == "request") & (m.json_invalid == True))  # noqa: E712
        def invalid_json_body(c):
            _finding(c, "invalid_json_body", c.r.fid, 0.85)

        @when_all(c.r << (m.t == "request") & (m.json_body == True) & (m.content_type_json == False)  # noqa: E712
                  & (m.origin == "curl"))
        def missing_content_type_json(c):
            _finding(c, "missing_content_type_json", c.r.fid, 0.8)

        @when_all(c.r << (m.t == "request") & (m.method == "GET") & (m.has_body == True))  # noqa: E712
        def body_on_get(c):
            _finding(c, "body_on_get", c.r.fid, 0.7)

        @when_all(c.e << (m.t == "endpoint") & (m.status == "known") & (m.template
                  == "/repositories/{workspace}/{repo_slug}/pullrequests") & (m.method == "GET"),
                  c.r << (m.t == "request") & (m.fid == c.e.req) & (m.state_filter == False))  # noqa: E712
        def pr_list_open_only(c):
            _finding(c, "pr_list_open_only", c.e.req, 0.6)

        @when_all(c.s << (m.t == "signal") & (m.name == "pagination"))
        def pagination_not_followed(c):
            _finding(c, "pagination_not_followed", "", 0.5)

        @when_all(c.s << (m.t == "signal") & (m.name == "public_works"))
        def public_endpoint_false_positive(c):
            _finding(c, "public_endpoint_false_positive", "", 0.8)

        @when_all(c.s << (m.t == "signal") & (m.name == "no_output"),
                  c.r << (m.t == "request") & (m.origin == "curl") & (m.verbose == False))  # noqa: E712
        def silent_401(c):
            _finding(c, "silent_401_no_verbose", c.r.fid, 0.85)

        @when_all(c.s << (m.t == "signal") & (m.name == "no_output"),
                  c.x << (m.t == "context") & (m.verbose == False) & (m.has_status == False))  # noqa: E712
        def silent_without_any_status(c):
            _finding(c, "silent_401_no_verbose", "", 0.75)

        @when_all(c.l << (m.t == "leak"))
        def credential_leaked(c):
            _finding(c, "credential_leaked", c.l.fid, 1.0, kind=c.l.kind, where=c.l.where, line=c.l.line)

        @when_all(c.r << (m.t == "request") & (m.slug_upper == True))  # noqa: E712
        def repo_slug_case(c):
            _finding(c, "repo_slug_case", c.r.fid, 0.6)

        @when_all(c.g << (m.t == "git") & ((m.user_kind == "api_token") | (m.user_kind == "access_token")
                                           | (m.user_kind == "app_password") | (m.user_for == "api_token")
                                           | (m.user_for == "access_token") | (m.user_for == "token")))
        def git_token_as_username(c):
            _finding(c, "git_token_as_username", c.g.fid, 0.95)

        @when_all(c.g << (m.t == "git") & (m.user_kind == "email"))
        def git_email_as_username(c):
            _finding(c, "git_email_as_username", c.g.fid, 0.85)

        @when_all(c.g << (m.t == "git") & (m.static_name == "x-token-auth") & (m.password_kind == "api_token"))
        def git_wrong_static_user_api(c):
            _finding(c, "git_wrong_static_user", c.g.fid, 0.9, used="x-token-auth",
                     expected="x-bitbucket-api-token-auth")

        @when_all(c.g << (m.t == "git") & (m.static_name == "x-bitbucket-api-token-auth")
                  & (m.password_kind == "access_token"))
        def git_wrong_static_user_access(c):
            _finding(c, "git_wrong_static_user", c.g.fid, 0.9, used="x-bitbucket-api-token-auth",
                     expected="x-token-auth")

        @when_all(c.s << (m.t == "signal") & (m.name == "oauth_token"),
                  c.e << (m.t == "error") & (m.name == "token_not_supported"))
        def oauth_token_expired(c):
            _finding(c, "oauth_token_expired", "", 0.5)

        @when_all(c.r << (m.t == "request") & (m.secret_kind == "jwt"))
        def oidc_token_for_api(c):
            _finding(c, "oidc_token_for_api", c.r.fid, 0.8)

        # ---- need more evidence ------------------------------------------------------------------
        @when_all(c.x << (m.t == "context") & (m.has_status == False) & (m.has_request == True))  # noqa: E712
        def need_status(c):
            _finding(c, "need_more_evidence", "", 0.6, ask="status")

        @when_all(c.r << (m.t == "response") & (m.status == 400),
                  _complete(), none((m.t == "error")))
        def need_body(c):
            _finding(c, "need_more_evidence", "", 0.7, ask="body")

        @when_all(c.x << (m.t == "context") & (m.has_request == False) & (m.has_git == False))  # noqa: E712
        def need_command(c):
            _finding(c, "need_more_evidence", "", 0.5, ask="command")

        # ---- layer 3: answer plan: a root cause suppresses the symptoms it explains (catalog data) ------
        explains = [(mistake.id, e) for mistake in kb.mistakes.values() for e in mistake.explains]
        for root in sorted({root for root, explained in explains if not explained.same_request}):
            when_all(c.f << (m.t == "finding") & (m.name == root))(_present)
        for root, explained in explains:
            symptom = (m.t == "finding") & (m.name == explained.id)
            if explained.same_request:
                when_all(c.a << (m.t == "finding") & (m.name == root), c.b << symptom & (m.req == c.a.req))(_explains)
            else:
                when_all(c.a << (m.t == "present") & (m.name == root), c.b << symptom)(_explains)

    return rs.define()
