"""The knowledge base: endpoint matching (templates, UUIDs, trailing slashes, nearest real
path), scope coverage, and the generated catalog staying in step with its source."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from triage.knowledge import load
from triage.read.extract import extract
from triage.reason.observe import observe

TSV = Path(__file__).resolve().parents[2] / "shared" / "knowledge-sources" / "endpoints.tsv"
UUID = "{3f2a8c4e-1b7d-4e2f-9a6b-0c5d8e7f1a2b}"


@pytest.mark.parametrize(("method", "path", "template"), [
    ("GET", "/2.0/repositories/acme/app/pullrequests/", "/repositories/{workspace}/{repo_slug}/pullrequests"),
    ("GET", f"/2.0/repositories/{UUID}/app", "/repositories/{workspace}/{repo_slug}"),
    ("GET", "/2.0/repositories/%7B3f2a8c4e-1b7d-4e2f-9a6b-0c5d8e7f1a2b%7D/app/refs/branches",
     "/repositories/{workspace}/{repo_slug}/refs/branches"),
    ("POST", "/2.0/repositories/acme/app/pullrequests/12/approve",
     "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve"),
    # a file's path spans slashes, and the root directory at a commit has none
    ("GET", "/2.0/repositories/acme/app/src/main/docs/guide/setup.md",
     "/repositories/{workspace}/{repo_slug}/src/{commit}/{path}"),
    ("GET", "/2.0/repositories/acme/app/src/main/", "/repositories/{workspace}/{repo_slug}/src/{commit}/{path}"),
    ("GET", "/2.0/repositories/acme/app/filehistory/a1b2c3/lib/x.py",
     "/repositories/{workspace}/{repo_slug}/filehistory/{commit}/{path}"),
])
def test_known_paths_match_their_template(method: str, path: str, template: str):
    match = load().match(method, path)
    assert match.status == "known" and match.endpoint.path == template


def test_a_known_path_with_another_method_is_a_wrong_method():
    match = load().match("POST", "/2.0/repositories/acme")
    assert match.status == "wrong_method" and match.endpoint.method == "GET"


@pytest.mark.parametrize(("path", "nearest"), [
    ("/2.0/workspaces/acme/projects/KEY/permissions/groups",
     "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups"),
    ("/2.0/repositories/acme/app/pull-requests", "/repositories/{workspace}/{repo_slug}/pullrequests"),
    ("/2.0/repositories/acme/app/commit/abc123/statuses", "/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses"),
])
def test_an_unknown_path_suggests_the_nearest_real_one(path: str, nearest: str):
    match = load().match("GET", path)
    assert match.status == "unknown" or match.endpoint.path == nearest
    assert (match.suggestion or match.endpoint).path == nearest


def test_nothing_is_suggested_for_a_path_like_no_endpoint():
    assert load().match("GET", "/2.0/completely/unrelated/thing/here/now").suggestion is None


def test_token_scopes_do_not_imply_each_other_but_legacy_scopes_do():
    scopes = load().scopes
    assert scopes.covers(["write:pullrequest:bitbucket"], ["pullrequest:write"])
    assert scopes.covers(["write:pullrequest:bitbucket"], ["pullrequest"])  # legacy view: write includes read
    assert not scopes.covers(["read:pullrequest:bitbucket"], ["pullrequest:write"])
    assert scopes.covers(["pullrequest:write"], ["repository"])
    assert not scopes.covers(["repository"], ["pullrequest"])
    assert scopes.token_names("pullrequest:write") == ["write:pullrequest:bitbucket"]


@pytest.mark.skipif(not TSV.is_dir() and not TSV.is_file(), reason="shared/knowledge-sources is not beside the checkout")
def test_the_generated_catalog_holds_every_operation_of_its_source():
    with TSV.open(newline="") as handle:
        rows = {(r["method"], r["path"]): r for r in csv.DictReader(handle, delimiter="\t")}
    catalog = {(e.method, e.path): e for e in load().endpoints}
    assert catalog.keys() == rows.keys() and len(catalog) == 334
    approve = catalog[("POST", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve")]
    assert approve.token_scopes == ["read:pullrequest:bitbucket", "write:pullrequest:bitbucket"]
    assert approve.legacy_scopes == ["pullrequest:write"] and "api-token" in approve.auth_types


def test_a_catalog_matches_against_its_own_endpoints():
    """Matching belongs to the catalog it is asked of: one without the pull-request operations
    (a test's, a trimmed deployment's) must not answer from the loaded knowledge base."""
    kb = load()
    trimmed = kb.model_copy(update={"endpoints": [e for e in kb.endpoints if "pullrequests" not in e.path]})
    path = "/2.0/repositories/acme/app/pullrequests"
    assert kb.match("GET", path).status == "known"
    assert trimmed.match("GET", path).status == "unknown"
    assert kb.match("GET", path).endpoint.path == "/repositories/{workspace}/{repo_slug}/pullrequests"


def test_an_operation_removed_later_was_there_before_its_removal():
    ticket = "curl -u me:$APP_PW https://api.bitbucket.org/2.0/teams/acme/members"
    seen = {o.name.value for o in observe(extract(ticket), load(), date(2020, 8, 25)).observations}
    assert "endpoint_unknown" not in seen and "endpoint_removed" not in seen
    assert "endpoint_removed" in {o.name.value for o in observe(extract(ticket), load(), date(2020, 11, 1)).observations}


def test_an_encoded_slash_stays_inside_its_segment():
    match = load().match("DELETE", "/2.0/repositories/acme/app/refs/branches/feature%2Fold")
    assert match.endpoint.path == "/repositories/{workspace}/{repo_slug}/refs/branches/{name}"
