"""Facts (pydantic) -> the flat dicts durable_rules matches on.

Why flat: durable_rules conditions compare scalar fields. This adapter is the
only place that shapes them; it classifies hosts and paths and looks known
error messages up in the knowledge base, so rules compare values, not text.
"""
from __future__ import annotations

import json
import re
from datetime import date

from triage.knowledge import Knowledge, normalise_path
from triage.reason.vocabulary import Facts, Request, Response

API_BASE = re.compile(r"^(?:/api)?/2\.0(?:/|$)")
WEB_PAGES_WITHOUT_API_TWIN = frozenset({"account", "site", "dashboard", "product", "socialauth", "repo"})
UUID_BRACES = re.compile(r"\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}")
SERVER_PATH = re.compile(r"/rest/api/|/projects/[^/]+/repos/|/pull-requests\b")


def host_kind(host: str, path: str) -> str:
    """api (api.bitbucket.org), oauth (the token exchange), web (bitbucket.org pages),
    server (anything else with /rest/api), other."""
    if host == "api.bitbucket.org":
        return "api"
    if host in ("bitbucket.org", "www.bitbucket.org"):
        if API_BASE.match(path):
            return "api"
        return "oauth" if path.startswith("/site/oauth2/") else "web"
    if "/rest/api/" in path:
        return "server"
    return "other"


def api_path(kind: str, path: str) -> str:
    """The REST path (without /2.0) a request means: its own on the API, the API twin of a
    web page (bitbucket.org/ws/repo/pull-requests -> /repositories/ws/repo/pullrequests), else ''."""
    if kind == "api" and API_BASE.match(path):
        return normalise_path(path)
    segments = [s for s in normalise_path(path).split("/") if s]
    if kind != "web" or not segments or segments[0] in WEB_PAGES_WITHOUT_API_TWIN:
        return ""
    return "/repositories/" + "/".join(segments[:2]) + ("/pullrequests" if "pull-requests" in segments else "")


def _request(index: int, request: Request) -> dict:
    auth = request.auth
    kind = host_kind(request.host, request.path)
    secret = auth.secret if auth else None
    user = auth.user if auth else None
    body = request.body or ""
    json_body = body.lstrip().startswith(("{", "["))
    segments = [s for s in request.path.split("/") if s]
    slug = segments[3] if len(segments) > 3 and segments[:2] == ["2.0", "repositories"] else ""
    return {
        "t": "request", "fid": f"r{index}", "origin": request.origin, "method": request.method,
        "host": request.host, "path": request.path, "host_kind": kind, "api_path": api_path(kind, request.path),
        "api": kind == "api" and bool(API_BASE.match(request.path)),
        "wrong_base": kind == "api" and not API_BASE.match(request.path) and bool(request.path),
        "server_path": bool(SERVER_PATH.search(request.path)),
        "scheme": auth.scheme if auth else "", "user_kind": user.kind.value if user else "",
        "user_for": user.stands_for if user else "",
        "secret_kind": secret.kind.value if secret else "", "secret_for": secret.stands_for if secret else "",
        "has_secret": bool(secret and secret.kind.value != "empty"),
        "has_body": request.body is not None and request.body != "" and not request.body_from_file,
        "json_body": json_body, "json_invalid": json_body and not _valid_json(body),
        "content_type_json": "json" in (request.content_type or "").lower(),
        "sent": request.sent, "secret_in_query": bool(request.secret_in_query),
        "placeholder": bool(request.url_has_placeholder or request.raw_url_braces)
        and not UUID_BRACES.search(" ".join(request.raw_url_braces)),
        "uuid_braces": bool(UUID_BRACES.search(" ".join(request.raw_url_braces))) and "globoff" not in request.flags,
        "slug_upper": bool(slug) and slug != slug.lower() and "{" not in slug,
        "state_filter": "state=" in request.query,
        "verbose": "verbose" in request.flags or "include" in request.flags,
    }


def _valid_json(body: str) -> bool:
    if "[redacted" in body:
        return True
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def _scope_list(header: str) -> list[str]:
    return [scope.strip() for scope in header.split(",") if scope.strip()]


def _response(index: int, response: Response, kb: Knowledge) -> dict:
    accepted = response.headers.get("x-accepted-oauth-scopes", "")
    granted = response.headers.get("x-oauth-scopes", "")
    return {
        "t": "response", "fid": f"x{index}", "status": response.status or 0, "origin": response.origin,
        "has_oauth_scopes": "x-oauth-scopes" in response.headers, "accepted": accepted, "granted": granted,
        "names_differ": bool(accepted and granted) and (":bitbucket" in granted) != (":bitbucket" in accepted),
        "scopes_cover": kb.scopes.covers(_scope_list(granted), _scope_list(accepted)),
        "credential_type": response.headers.get("x-credential-type", ""),
    }


def _unique(facts: list[dict]) -> list[dict]:
    """Facts equal but for their id, once: repeats add nothing, and durable_rules identifies
    facts by a hash whose collisions grow with the square of a session's size."""
    seen: set[str] = set()
    out = []
    for fact in facts:
        key = json.dumps({k: v for k, v in fact.items() if k != "fid"}, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


def engine_facts(facts: Facts, kb: Knowledge, now: date) -> list[dict]:
    """All facts of one ticket, flat, each with a unique `id` (durable_rules rejects duplicates).

    The `context` fact comes last: it marks the ticket complete, and rules that test
    for the absence of a fact (`none`) wait for it.
    """
    out: list[dict] = [{"t": "signal", "fid": f"s.{name}", "name": name}
                       for name in sorted({s.name for s in facts.signals})]
    seen: set[str] = set()
    for i, request in enumerate(facts.requests):
        fact = _request(i, request)
        key = json.dumps([{k: v for k, v in fact.items() if k != "fid"}, [d.kind for d in request.damage]])
        if key in seen:
            continue  # the same command again (a log pasted twice) tells the rules nothing new
        seen.add(key)
        out.append(fact)
        for j, damage in enumerate(request.damage):
            out.append({"t": "damage", "fid": f"d{i}.{j}", "req": f"r{i}", "kind": damage.kind,
                        "detail": damage.detail[:200]})
    out += [_response(i, r, kb) for i, r in enumerate(facts.responses)]
    for i, body in enumerate(facts.error_bodies):
        for error_id in kb.error_ids(body.message) or ["unknown_error"]:
            out.append({"t": "error", "fid": f"e{i}.{error_id}", "name": error_id, "req": "",
                        "required": ",".join(body.required), "granted": ",".join(body.granted)})
    for i, git in enumerate(facts.git_commands):
        out.append({"t": "git", "fid": f"g{i}", "host": git.host, "user_kind": git.user.kind.value if git.user else "",
                    "user_for": git.user.stands_for if git.user else "",
                    "static_name": git.user.static_name if git.user else "",
                    "password_kind": git.password.kind.value if git.password else ""})
    for i, error in enumerate(facts.git_errors):
        out.append({"t": "git_error", "fid": f"ge{i}", "kind": error.kind})
    for i, sighting in enumerate(facts.credentials):
        secret = sighting.secret
        kind = secret.stands_for if secret.kind.value == "opaque" and secret.stands_for else secret.kind.value
        out.append({"t": "leak", "fid": f"l{i}", "kind": kind, "where": sighting.where,
                    "line": sighting.line})
    out = _unique(out)
    out.append({
        "t": "context", "fid": "context", "now_ord": now.toordinal(),
        "verbose": any("verbose" in r.flags or "include" in r.flags for r in facts.requests)
        or any(r.origin == "transcript" for r in facts.responses),
        "has_status": any(r.status for r in facts.responses),
        "has_request": any(r.origin != "prose" or r.path for r in facts.requests),
        "has_git": bool(facts.git_commands),
    })
    return out
