"""Extraction on tickets written for these tests: other wording, endpoints, tokens and clients."""
from __future__ import annotations

import base64
import json
import subprocess
import sys

from tests.work_count import lines_executed
from triage.read.extract import extract

TOKEN = "ATATT3xFfGF0" + "Q" * 170 + "=0A1B2C3D"
ACCESS = "ATCTT3xFfGN0" + "z" * 150 + "=99AA88BB"


def test_credentials_described_never_kept():
    facts = extract(f"curl -u dev@corp.io:{TOKEN} https://api.bitbucket.org/2.0/user")
    auth = facts.requests[0].auth
    assert (auth.scheme, auth.user_kind, auth.secret_kind) == ("basic", "email", "api_token")
    assert auth.secret.prefix == "ATATT" and auth.secret.length == len(TOKEN)
    assert auth.user.display == "d***@corp.io"
    dumped = facts.model_dump_json()
    pair = base64.b64encode(f"dev@corp.io:{TOKEN}".encode()).decode()
    assert TOKEN not in dumped and TOKEN[:40] not in dumped and pair[:30] not in dumped
    assert facts.credentials and facts.credentials[0].where == "curl -u"


def test_transcript_headers_and_decoded_basic():
    basic = base64.b64encode(f"jane:{ACCESS}".encode()).decode()
    ticket = f"""$ curl -v https://api.bitbucket.org/2.0/repositories/team/app
* Connected to api.bitbucket.org (104.192.141.1) port 443
> GET /2.0/repositories/team/app HTTP/2
> Host: api.bitbucket.org
> authorization: Basic {basic}
> accept: */*
>
< HTTP/2 403
< x-accepted-oauth-scopes: repository
< x-oauth-scopes: pullrequest
< x-credential-type: repo_access_token
<
{{"type": "error", "error": {{"message": "Your credentials lack one or more required privilege scopes.",
  "detail": {{"required": ["repository"], "granted": ["pullrequest"]}}}}}}
"""
    facts = extract(ticket)
    sent = [r for r in facts.requests if r.origin == "transcript"][0]
    assert (sent.auth.scheme, sent.auth.user_kind, sent.auth.secret_kind) == ("basic", "username", "access_token")
    response = [r for r in facts.responses if r.origin == "transcript"][0]
    assert response.status == 403 and response.headers["x-credential-type"] == "repo_access_token"
    body = facts.error_bodies[0]
    assert body.required == ["repository"] and body.granted == ["pullrequest"]
    assert basic not in facts.model_dump_json() and ACCESS not in facts.model_dump_json()


def test_python_httpx_and_requests_with_fstrings():
    ticket = f'''
import httpx, os
WORKSPACE = "acme"
token = os.getenv("BB_TOKEN")
url = f"https://api.bitbucket.org/2.0/repositories/{{WORKSPACE}}/svc/pullrequests/7/approve"
r = httpx.post(url, headers={{"Authorization": f"Bearer {{token}}"}})
resp = requests.request("DELETE", "https://api.bitbucket.org/2.0/snippets/acme/abc", auth=("me@acme.io", "{TOKEN}"))
'''
    facts = extract(ticket)
    post, delete = sorted((r for r in facts.requests if r.origin == "python"), key=lambda r: r.line)
    assert post.method == "POST" and post.path == "/2.0/repositories/acme/svc/pullrequests/7/approve"
    assert post.auth.scheme == "bearer" and post.auth.secret_kind == "variable"
    assert delete.method == "DELETE" and delete.auth.user_kind == "email" and delete.auth.secret_kind == "api_token"


def test_python_form_data_and_tokens_bound_at_run_time():
    facts = extract('token = requests.post("https://bitbucket.org/site/oauth2/access_token", auth=(key, secret), '
                    'data={"grant_type": "client_credentials"}).json()["access_token"]\n'
                    'requests.get("https://api.bitbucket.org/2.0/user", headers={"Authorization": f"Bearer {token}"})')
    grant, call = facts.requests
    assert (grant.body, grant.headers["Content-Type"]) == ("grant_type=client_credentials",
                                                          "application/x-www-form-urlencoded")  # data= dict: a form
    assert call.auth.secret.kind == "variable" and call.auth.secret.variable_name == "token"
    assert facts.credentials == []  # r.json()["access_token"] is no token pasted in the ticket


def test_a_session_or_client_carries_its_headers_auth_and_base_url_into_each_call():
    ticket = """import requests, httpx
api = requests.Session()
api.auth = (ME, os.environ["BB_API_TOKEN"])
api.headers.update({"Content-Type": "application/json", "Accept": "application/json"})
api.headers["X-Trace"] = trace_id
r = api.post(f"https://api.bitbucket.org/2.0/repositories/{ws}/{repo}/pullrequests/{pr}/decline")
bb = httpx.Client(base_url="https://api.bitbucket.org/2.0", headers={"Authorization": f"Bearer {tok}"})
bb.get("/repositories/acme/app/refs/tags", headers={"Accept": "text/plain"})
"""
    decline, tags = sorted((r for r in extract(ticket).requests if r.origin == "python"), key=lambda r: r.line)
    assert decline.method == "POST" and decline.body is None
    assert decline.headers["Content-Type"] == "application/json" and decline.headers["X-Trace"] == "$trace_id"
    assert (decline.auth.scheme, decline.auth.secret.variable_name) == ("basic", "BB_API_TOKEN")
    assert tags.url == "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags"
    assert tags.auth.scheme == "bearer" and tags.headers["Accept"] == "text/plain"  # the call's own header wins


def test_a_session_whose_making_the_snippet_leaves_out_still_carries_its_settings():
    facts = extract('session.auth = ("ci-runner", token)\n'
                    'r = session.get("https://api.bitbucket.org/2.0/repositories/team/app/refs/branches")')
    assert facts.requests[0].auth.secret.variable_name == "token"


def test_javascript_bodies_and_headers_computed_at_run_time():
    ticket = """await fetch("https://bitbucket.org/site/oauth2/access_token", {
  method: "POST",
  headers: { "Content-Type": "application/json", Authorization: "Basic " + btoa(key + ":" + secret) },
  body: JSON.stringify({ grant_type: "client_credentials" })
});
await fetch("https://bitbucket.org/site/oauth2/access_token", {
  method: "POST", headers: { Authorization: `Basic ${basic}` },
  body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh })
});"""
    facts = extract(ticket)
    json_grant, form_grant = facts.requests
    assert json.loads(json_grant.body) == {"grant_type": "client_credentials"}
    assert (json_grant.auth.user.variable_name, json_grant.auth.secret.variable_name) == ("key", "secret")
    assert facts.credentials == []  # btoa(key + ":" + secret): the pair it encodes, filled at run time
    assert form_grant.body == "grant_type=refresh_token&refresh_token=$refresh"
    assert form_grant.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_basic_headers_encoded_in_code_are_read_as_the_pair_they_encode():
    ticket = """const auth = Buffer.from(`${process.env.BB_USER}:${process.env.BB_API_TOKEN}`).toString('base64');
fetch('https://api.bitbucket.org/2.0/repositories/acme', { headers: { Authorization: `Basic ${auth}` } });
token = base64.b64encode(f"{USER}:{os.environ['BB_APP_PASSWORD']}".encode("utf-8")).decode("ascii")
requests.get("https://api.bitbucket.org/2.0/user", headers={"Authorization": "Basic " + token})
// 401 on both"""
    facts = extract(ticket)
    node, python = sorted(facts.requests, key=lambda r: r.line)
    assert (node.auth.user.variable_name, node.auth.secret.variable_name) == ("BB_USER", "BB_API_TOKEN")
    assert (python.auth.user.variable_name, python.auth.secret.variable_name) == ("USER", "BB_APP_PASSWORD")
    assert facts.credentials == []  # `token = base64.b64encode(` is a call, no pasted token
    assert [r.status for r in facts.responses] == [401]
    assert [r.status for r in extract("see issue #404 in the tracker\n# 400 items per page").responses] == []


def test_javascript_fetch_headers():
    ticket = """const res = await fetch(`https://api.bitbucket.org/2.0/workspaces/${ws}/members`, {
  method: 'GET',
  headers: { 'Authorization': `Bearer ${process.env.BB_TOKEN}`, 'Accept': 'application/json' }
});"""
    request = [r for r in extract(ticket).requests if r.origin == "javascript"][0]
    assert request.path == "/2.0/workspaces/{ws}/members"
    assert request.auth.scheme == "bearer"


def test_git_clone_user_parts_and_errors():
    ticket = f"""git clone https://{TOKEN}@bitbucket.org/acme/api.git
Password for 'https://{TOKEN}@bitbucket.org':
remote: Invalid credentials
fatal: Authentication failed for 'https://bitbucket.org/acme/api.git/'
git clone https://x-token-auth:{ACCESS}@bitbucket.org/acme/web.git"""
    facts = extract(ticket)
    first, second = facts.git_commands
    assert first.user.kind == "api_token" and first.password is None
    assert second.user.kind == "static_user" and second.user.static_name == "x-token-auth"
    assert second.password.kind == "access_token"
    kinds = {e.kind for e in facts.git_errors}
    assert {"password_prompt", "invalid_credentials", "auth_failed"} <= kinds
    dumped = facts.model_dump_json()
    assert TOKEN not in dumped and ACCESS not in dumped


def test_git_errors_keep_their_line_in_any_case_and_after_any_letters():
    """Error lines are found in any letter case, and letters that fold to two (ß) before them do
    not shift the line numbers the evidence cites."""
    ticket = ("Grüße aus Köln, Straße 5 " + "ß" * 200 + "\n$ git push\nremote: INVALID CREDENTIALS\n"
              "fatal: Authentication failed for 'https://bitbucket.org/acme/api.git/'")
    errors = {(e.kind, e.line) for e in extract(ticket).git_errors}
    assert errors == {("invalid_credentials", 3), ("auth_failed", 4)}


def test_windows_cmd_and_powershell_damage():
    cmd = extract('curl -u "me@x.io:%BB_TOKEN%" ^\n  -H \'Accept: application/json\' ^\n  https://api.bitbucket.org/2.0/user')
    damage = {d.kind for r in cmd.requests for d in r.damage}
    assert "cmd_single_quotes" in damage
    assert cmd.requests[0].auth.secret_kind == "variable"
    ps = extract("PS C:\\Users\\me> curl -u me@x.io:$env:T https://api.bitbucket.org/2.0/user")
    assert "powershell_alias" in {d.kind for r in ps.requests for d in r.damage}


def test_escaped_quotes_inside_double_quotes_stay_in_the_word():
    """`-d "{\\"title\\": …}"` is how docs and Windows users write JSON: the body is the JSON, the URL the URL."""
    url = "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests"
    body = '{"title": "Fix", "source": {"branch": {"name": "dev"}}}'
    escaped = body.replace('"', '\\"')
    bash = extract(f'curl -X POST {url} -u "$EMAIL:$TOKEN" -H "Content-Type: application/json" -d "{escaped}"')
    cmd = extract(f'C:\\Users\\me>curl -X POST -u "%EMAIL%:%TOKEN%" -d "{escaped}" {url}')
    for facts in (bash, cmd):
        (request,) = facts.requests
        assert (request.method, request.path, request.body) == ("POST", "/2.0/repositories/acme/app/pullrequests", body)
        assert not request.damage


def test_cmd_reads_quotes_the_way_the_c_runtime_does():
    """In cmd, `""` inside quotes is one quote, `\\\\"` ends the quote after one backslash, and
    a `C:\\…>` prompt says the command was typed into cmd."""
    (request,) = extract('C:\\work>curl -d "say ""hi"" \\\\" -H "X-Path: C:\\dir\\f" https://api.bitbucket.org/2.0/user').requests
    assert request.body == 'say "hi" \\'
    assert request.headers["X-Path"] == "C:\\dir\\f" and not request.damage


def test_next_starts_a_new_request_with_its_own_options():
    facts = extract("curl -u me@x.io:$T -d a=1 https://api.bitbucket.org/2.0/user --next "
                    "https://api.bitbucket.org/2.0/workspaces")
    assert [(r.method, r.path, r.auth is not None) for r in facts.requests] == [
        ("POST", "/2.0/user", True), ("GET", "/2.0/workspaces", False)]


def test_powershell_is_read_with_its_own_quoting_and_continuations():
    facts = extract("PS C:\\work> curl.exe -X POST -u \"me@x.io:$env:BB_TOKEN\" `\n"
                    "  -H 'Content-Type: application/json' `\n"
                    "  -d '{\"title\": \"it''s `n C:\\tmp\"}' -H \"X-Note: a`\"b\" `\n"
                    "  https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests")
    request = facts.requests[0]
    assert (request.method, request.path) == ("POST", "/2.0/repositories/acme/app/pullrequests")
    assert request.body == '{"title": "it\'s `n C:\\tmp"}'  # single quotes: backtick and backslash literal
    assert request.headers["X-Note"] == 'a"b'
    assert (request.auth.secret.kind, request.auth.secret.variable_name) == ("variable", "BB_TOKEN")
    assert request.auth.user.display == "m***@x.io" and facts.credentials == []  # nothing live to revoke


def test_every_command_of_a_chained_line_is_read():
    facts = extract("curl -u me@x.io:$T https://api.bitbucket.org/2.0/user && curl -u me@x.io:$T "
                    "https://api.bitbucket.org/2.0/workspaces; curl -X DELETE https://api.bitbucket.org/2.0/repositories/a/b")
    assert [(r.method, r.url.rsplit("/2.0/", 1)[1]) for r in facts.requests] == [
        ("GET", "user"), ("GET", "workspaces"), ("DELETE", "repositories/a/b")]


def test_credentials_configured_by_name_are_read_by_their_names():
    facts = extract('cloud = Cloud(username="jane.doe@acme.io", password=os.environ["BB_APP_PASSWORD"])\n'
                    'provider "bitbucket" {\n  username = "jdoe"\n  password = var.bitbucket_api_token\n}\n'
                    "  BITBUCKET_PASSWORD: ${{ secrets.BB_ACCESS_TOKEN }}\n"
                    "My password: it is the one from the vault, and token: whatever works.")
    read = [(c.line, c.user.kind.value if c.user else None, c.secret.kind.value, c.secret.stands_for)
            for c in facts.configured]
    assert read == [(1, "email", "variable", "app_password"), (4, "username", "variable", "api_token"),
                    (6, "username", "variable", "access_token")]


def test_user_and_secret_pairs_handed_to_clients_in_code_are_read():
    facts = extract('req.SetBasicAuth("jdoe", os.Getenv("BB_API_TOKEN"))\n'
                    "$client->request('GET', $url, ['auth' => ['jane@acme.io', getenv('BITBUCKET_APP_PASSWORD')]]);\n"
                    'var credentials = new NetworkCredential(user, accessToken);')
    assert [(c.line, c.user.kind.value, c.secret.stands_for, c.scheme) for c in facts.configured] == [
        (1, "username", "api_token", "basic"), (2, "email", "app_password", "basic"),
        (3, "variable", "access_token", "basic")]


def test_a_remote_in_git_output_is_no_request_to_the_website():
    facts = extract("git push origin v1.2\nerror: failed to push some refs to 'http://bitbucket.org/acme/app'\n"
                    "Client error: `GET https://api.bitbucket.org/2.0/repositories/acme/app/issues` resulted in 401")
    assert [(r.origin, r.path) for r in facts.requests] == [("prose", "/2.0/repositories/acme/app/issues")]


def test_authorization_headers_built_in_code_are_read_in_any_language():
    facts = extract('req.Header.Set("Authorization", "Bearer "+os.Getenv("BB_ACCESS_TOKEN"))\n'
                    '.header("Authorization", "Basic " + System.getenv("BITBUCKET_APP_PASSWORD"))\n'
                    '$headers = @{ Authorization = "Bearer $env:BB_API_TOKEN" }\n'
                    'client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", repoToken);')
    assert [(c.line, c.scheme, c.secret.kind.value, c.secret.stands_for) for c in facts.configured] == [
        (1, "bearer", "variable", "access_token"), (2, "basic", "variable", "app_password"),
        (3, "bearer", "variable", "api_token"), (4, "bearer", "variable", "access_token")]


def test_typographic_quotes_and_single_quoted_variable():
    facts = extract("curl -H “Authorization: Bearer $TOKEN” https://api.bitbucket.org/2.0/user\n"
                    "curl -H 'Authorization: Bearer $TOKEN' https://api.bitbucket.org/2.0/user")
    first, *rest = [r for r in facts.requests if r.line == 1]
    assert "typographic_quotes" in {d.kind for d in first.damage}
    second = [r for r in facts.requests if r.line == 2][0]
    assert "single_quoted_variable" in {d.kind for d in second.damage}


def test_method_logic_and_globbing_recorded():
    facts = extract("curl -d 'name=x' https://api.bitbucket.org/2.0/repositories/{ws}/r\n"
                    "curl -G -d state=MERGED -d state=DECLINED https://api.bitbucket.org/2.0/repositories/w/r/pullrequests")
    post = facts.requests[0]
    assert post.method == "POST" and post.path == "/2.0/repositories/ws/r" and post.raw_url_braces == ["{ws}"]
    get = facts.requests[1]
    assert get.method == "GET" and get.query == "state=MERGED&state=DECLINED"


def test_prose_status_date_and_endpoint():
    facts = extract("Posted March 3, 2026\nWhen I call GET /2.0/workspaces/acme/permissions I get a 403 Forbidden.")
    assert facts.ticket_date.isoformat() == "2026-03-03"
    assert facts.requests[0].method == "GET" and facts.requests[0].path == "/2.0/workspaces/acme/permissions"
    assert [r.status for r in facts.responses] == [403]


def test_statuses_written_beside_commands_and_in_code_comments():
    facts = extract("curl -u me@x.io:$T https://api.bitbucket.org/2.0/user -> 200\n"
                    "curl -u me@x.io:$T -X POST https://api.bitbucket.org/2.0/repositories/a/b/pullrequests/404/approve"
                    " -> 403\nconsole.log(res.status) // 401")
    assert sorted(r.status for r in facts.responses) == [401, 403]  # not the 404 of the path
    printed = extract("client.newCall(request).execute().use { println(it.code) }   // prints 401")
    assert [r.status for r in printed.responses] == [401]


def test_a_sentence_after_an_inline_command_is_the_askers_words():
    facts = extract("curl https://api.bitbucket.org/2.0/repositories/acme/tools returns 404 but I can open it in the "
                    "browser. It's a private repo, isn't it the same?")
    request, = facts.requests
    assert request.path == "/2.0/repositories/acme/tools" and request.damage == []  # "It's" opens no quote
    assert [r.status for r in facts.responses] == [404]
    assert "private_repo" in {s.name for s in facts.signals}
    facts = extract('We get {"type": "error", "error": {"message": "Access token expired."}} on every call since '
                    'yesterday; our OAuth consumer issued the token.')
    assert facts.error_bodies[0].message == "Access token expired."
    assert {"used_to_work", "oauth_consumer"} <= {s.name for s in facts.signals}


def test_remotes_written_in_settings_are_read_like_git_commands():
    facts = extract('source = "git::https://ops%40acme.io:${var.bb_api_token}@bitbucket.org/acme/mods.git?ref=v1"\n'
                    "Error: remote: Invalid credentials")
    remote, = facts.git_commands
    assert remote.configured and remote.url == "https://bitbucket.org/acme/mods.git"
    assert (remote.user.kind, remote.password.variable_name) == ("email", "bb_api_token")
    assert facts.credentials == []  # Terraform's ${var.…} is a variable, no pasted secret


def test_a_known_message_after_a_status_is_bitbuckets_own():
    facts = extract("conn.get('/2.0/repositories/acme')  # => 401 Token is invalid, expired, or not supported "
                    "for this endpoint.\nHTTP/1.1 404 Not Found")
    assert [b.message for b in facts.error_bodies] == ["Token is invalid, expired, or not supported for this endpoint"]


def test_a_command_inside_a_sentence_is_read_when_it_has_options_and_a_url():
    facts = extract('Then curl -X POST -u key:secret https://bitbucket.org/site/oauth2/access_token -d grant_type=x '
                    'returns {"error": "invalid_grant"}. I tried curl but it did not help.')
    request, = facts.requests
    assert (request.method, request.body, request.damage) == ("POST", "grant_type=x", [])
    assert facts.error_bodies and "invalid_grant" in facts.error_bodies[0].message


def test_a_command_in_markdown_inline_code_ends_at_its_backtick():
    facts = extract("When I run `curl -u jdoe:$TOKEN https://api.bitbucket.org/2.0/repositories/acme` I get a 401. "
                    "It's the same with `-u jdoe:other`.")
    request, = facts.requests
    assert request.path == "/2.0/repositories/acme" and request.damage == []  # no open quote, no substitution
    assert [r.status for r in facts.responses] == [401]


def test_statuses_compared_in_code_and_user_names_that_are_addresses():
    facts = extract("resp, _ := client.Do(req)\n// resp.StatusCode == 401\n"
                    "In the job I set username: jane.doe@example.com and the token as password.")
    assert [r.status for r in facts.responses] == [401]
    said = {s.name: s.text for s in facts.signals}
    assert "email_user" in said and "jane" not in said["email_user"]  # the address is not kept


def test_a_user_name_that_is_the_urls_workspace_in_code():
    facts = extract('req, _ := http.NewRequest("GET", "https://api.bitbucket.org/2.0/repositories/acmecorp", nil)\n'
                    'req.SetBasicAuth("acmecorp", os.Getenv("BB_APP_PASSWORD"))\n'
                    'other.SetBasicAuth("jdoe", os.Getenv("BB_APP_PASSWORD"))')
    assert [c.user_is_workspace for c in facts.configured] == [True, False]


def test_placeholders_are_not_credentials():
    for secret in ("{api_token}", "<token>", "$TOKEN", "xxxx", "***", "your_api_token", "${BB_TOKEN}"):
        facts = extract(f"curl -u me@x.io:{secret} https://api.bitbucket.org/2.0/user")
        assert facts.credentials == [], secret


def test_hostile_inputs_never_raise():
    hostile = [
        "", " ", "\x00\x01\x02binary\xff", "curl '", 'curl "', "curl $(", "curl `",
        "{" * 10_000 + "}" * 10_000, "curl " + "{" * 10_000, "curl -H", "curl --url",
        "git clone", "> GET", "< HTTP/2 401", '{"type": "error", "error": {', "curl -u",
        "curl " + "[" * 5000, "\\" * 10_000, "curl " + "$'" * 3000,
    ]
    for text in hostile:
        facts = extract(text)
        assert facts is not None
    assert extract("").empty and extract("hello there, nothing technical here").empty
    assert extract(b"\xff\xfe curl https://api.bitbucket.org/2.0/user").requests


def test_nested_braces_in_url_give_a_glob_error_fact():
    facts = extract("curl 'https://api.bitbucket.org/2.0/" + "{" * 10_000 + "'")
    assert facts.requests and not facts.requests[0].sent
    assert "glob_error" in {d.kind for d in facts.requests[0].damage}


def test_extraction_work_grows_linearly():
    """10x the input may cost at most ~12x the work, counted in lines executed (quadratic: 100x)."""
    unit = (f"curl -u me@x.io:{TOKEN} -H 'Accept: application/json' https://api.bitbucket.org/2.0/user\n"
            "< HTTP/2 401\n{\"type\": \"error\", \"error\": {\"message\": \"x\"}}\nsome words {{ [ ' \" $( `\n")
    assert lines_executed(extract, unit * 1000) < 12 * lines_executed(extract, unit * 100)


def test_cli_facts_json_is_redacted(tmp_path):
    ticket = tmp_path / "t.txt"
    ticket.write_text(f"curl -H 'Authorization: Bearer {TOKEN}' https://api.bitbucket.org/2.0/user")
    out = subprocess.run([sys.executable, "-m", "triage.cli", "facts", str(ticket)], capture_output=True, text=True,
                         check=True)
    data = json.loads(out.stdout)
    request = data["requests"][0]
    assert request["method"] == "GET" and request["auth"]["scheme"] == "bearer"
    assert request["auth"]["secret"]["kind"] == "api_token"
    assert TOKEN not in out.stdout and TOKEN not in out.stderr
    assert request["headers"]["Authorization"].startswith("Bearer ATATT…[redacted")


def test_cli_says_nothing_found_and_fails_clearly_on_missing_file(tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_text("thanks!")
    out = subprocess.run([sys.executable, "-m", "triage.cli", "facts", str(empty)], capture_output=True, text=True)
    assert out.returncode == 0 and "nothing found" in out.stderr
    missing = subprocess.run([sys.executable, "-m", "triage.cli", "facts", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_a_command_pasted_twice_is_one_request():
    command = "curl -u me@acme.io:$TOKEN https://api.bitbucket.org/2.0/user\n"
    assert len(extract(command + "some output\n" + command).requests) == 1
    assert len(extract(command + command.replace("/user", "/workspaces")).requests) == 2


def test_redacted_values_keep_their_length_and_response_headers_stay_readable():
    """A secret query parameter is shown once as "[redacted, N chars]" with its real length, and
    a WWW-Authenticate challenge from `curl -v` is kept word for word (it holds no secret)."""
    ticket = """$ curl -v 'https://api.bitbucket.org/2.0/user?access_token=q7Wm2Xk9Pz4Lr8Tb'
> GET /2.0/user?access_token=q7Wm2Xk9Pz4Lr8Tb HTTP/2
> Host: api.bitbucket.org
>
< HTTP/2 401
< www-authenticate: Basic realm="Bitbucket.org HTTP"
"""
    facts = extract(ticket)
    assert {r.query for r in facts.requests} == {"access_token=[redacted, 16 chars]"}
    assert facts.responses[0].headers["www-authenticate"] == 'Basic realm="Bitbucket.org HTTP"'
    assert "q7Wm2Xk9Pz4Lr8Tb" not in facts.model_dump_json()
    token = extract(f"curl 'https://api.bitbucket.org/2.0/user?access_token={ACCESS}'").requests[0]
    assert token.query == f"access_token=ATCTT…[redacted, {len(ACCESS)} chars]"


def test_a_command_in_parentheses_ends_at_the_closing_parenthesis():
    facts = extract("Our deploy script (curl with -u deploybot:$BB_APP_PW) fails once an hour with 401.")
    assert facts.credentials == []  # `$BB_APP_PW)` is no pasted secret: `)` ends the word
    secret = facts.requests[0].auth.secret
    assert (secret.variable_name, secret.stands_for) == ("BB_APP_PW", "app_password")


def test_a_basic_value_made_with_echo_and_base64_is_the_pair_it_encodes():
    def auth(script: str):
        return extract(script + '\ncurl -H "Authorization: Basic $AUTH" https://api.bitbucket.org/2.0/user').requests[0].auth

    with_newline = auth('AUTH=$(echo "me@acme.io:$BB_API_TOKEN" | base64)')
    assert (with_newline.user.kind, with_newline.secret.variable_name) == ("email", "BB_API_TOKEN")
    assert with_newline.secret.has_whitespace  # echo ended the pair with a line break, and base64 kept it
    assert not auth("export AUTH=`echo -n me@acme.io:$BB_API_TOKEN | base64 -w0`").secret.has_whitespace
    assert auth("AUTH=something_else").secret.variable_name == "AUTH"
    # base64 itself breaks its output every 76 characters: a token's pair is longer than that
    printed = auth("AUTH=$(printf '%s:%s' \"$EMAIL\" \"$BB_TOKEN\" | base64)")
    assert (printed.user.variable_name, printed.secret.variable_name, printed.secret.has_whitespace) == (
        "EMAIL", "BB_TOKEN", True)
    assert not auth("AUTH=$(printf '%s:%s' \"$EMAIL\" \"$BB_TOKEN\" | base64 | tr -d '\\n')").secret.has_whitespace
    assert not auth("AUTH=$(printf 'jdoe:%s' \"$PASS\" | base64)").secret.has_whitespace  # short: one line


def test_a_secret_that_splits_the_git_url_is_a_bad_url():
    facts = extract("git clone https://x-token-auth:${{ secrets.REPO_TOKEN }}@bitbucket.org/acme/lib.git\n"
                    "fatal: unable to access 'https://bitbucket.org/acme/lib.git/': URL rejected: "
                    "Port number was not a decimal number between 0 and 65535")
    assert [error.kind for error in facts.git_errors] == ["bad_url"]


def test_shell_and_ci_variables_in_a_url_are_filled_at_run_time_not_left_in():
    facts = extract('curl -u "$U:$P" -X POST "https://api.bitbucket.org/2.0/repositories/${BITBUCKET_REPO_FULL_NAME}/downloads" '
                    "-F files=@app.zip\ncurl https://api.bitbucket.org/2.0/repositories/{workspace}/app")
    assert [(r.url_has_placeholder, r.raw_url_braces) for r in facts.requests] == [
        ([], []), (["{workspace}"], ["{workspace}"])]


def test_a_410_gone_is_a_status():
    assert [r.status for r in extract("It started throwing HTTPError 410 Gone last week.").responses] == [410]


def test_a_password_prompt_told_in_prose_names_the_user_git_sends():
    errors = extract("Sourcetree asks me for the password for 'https://jane.doe@acme.com@bitbucket.org' every time.").git_errors
    assert [(e.kind, e.prompt_user_kind) for e in errors] == [("password_prompt", "email")]


def test_names_that_say_what_a_credential_is():
    oidc = extract('curl -H "Authorization: Bearer $BITBUCKET_STEP_OIDC_TOKEN" https://api.bitbucket.org/2.0/user')
    assert oidc.requests[0].auth.secret.stands_for == "jwt"  # the step's OIDC token: a JWT
    signals = {s.name for s in extract("bb = OAuth1Session(client_key=KEY)\nBB_PASS is the password of the deploy "
                                       "account, we log into the website with it.").signals}
    assert {"oauth1", "account_password"} <= signals


def test_a_url_inside_a_call_a_code_reader_read_is_not_read_again_as_prose():
    facts = extract('uuid = "{3c5f1e2a-7b9d-4c8e-a1f0-2d6b8e4c9a73}"\n'
                    'r = requests.get(f"https://api.bitbucket.org/2.0/users/{uuid}", auth=(USER, APP_PW))  # 404')
    assert [(r.origin, r.url_has_placeholder) for r in facts.requests] == [("python", [])]  # a UUID is no placeholder
    assert [r.status for r in facts.responses] == [404]  # the comment after the call is still read


def test_go_git_authentication_required_beside_a_clone_is_a_git_error():
    assert [e.kind for e in extract("Cloning fails: rpc error: code = Unknown desc = authentication required").git_errors] \
        == ["auth_required"]
    assert extract("The page says: authentication required.").git_errors == []


def test_authorization_given_as_a_name_value_pair_and_environment_lookups_in_other_languages():
    configured = extract('customHeaders: [[name: \'Authorization\', value: "Bearer ${BB_API_TOKEN}"]]').configured
    assert [(c.scheme, c.secret.variable_name) for c in configured] == [("bearer", "BB_API_TOKEN")]
    request = extract('HttpRequest.newBuilder(URI.create("https://api.bitbucket.org/2.0/user"))\n'
                      '    .header("Authorization", "Bearer " + System.getenv("BB_APP_PASSWORD")).build();').requests[0]
    assert (request.auth.scheme, request.auth.secret.stands_for) == ("bearer", "app_password")


def test_status_counts_are_not_page_sizes_and_api_tokens_are_not_api_calls():
    assert "pagination" not in {s.name for s in extract("Approving always gives 400.").signals}
    assert "pagination" in {s.name for s in extract("It always returns 10 repositories.").signals}
    assert "rest_api" not in {s.name for s in extract("I created a new Bitbucket API token for git.").signals}


def test_a_token_handed_to_a_client_that_sends_it_as_bearer():
    configured = extract("bb = Bitbucket(url='https://api.bitbucket.org', token=os.environ['BB_API_TOKEN'], cloud=True)"
                         ).configured
    assert ("bearer", "BB_API_TOKEN") in [(c.scheme, c.secret.variable_name) for c in configured]
    assert all(c.scheme != "bearer" for c in extract("token = os.environ['BB_API_TOKEN']\nclient = Other(token=token)"
                                                     ).configured)  # no client known to send it as Bearer


def test_an_authorization_value_code_computes_out_of_sight_has_no_scheme_to_judge():
    request = [r for r in extract("fetch(`https://api.bitbucket.org/2.0/user`, { headers: { Authorization: auth } })"
                                  ).requests if r.origin == "javascript"][0]
    assert request.auth is None
    assert extract('curl -H "Authorization: $BB_TOKEN" https://api.bitbucket.org/2.0/user').requests[0].auth.scheme \
        == "none"  # in a shell, the variable is the token itself
    assert "pagination" in {s.name for s in extract("The inventory only has 100 entries but the workspace has over "
                                                    "400 repositories.").signals}


def test_a_ci_expression_in_a_url_is_filled_before_curl_globs():
    request = extract('curl -u "${{ vars.BB_USER }}:${{ secrets.BB_TOKEN }}" '
                      '"https://api.bitbucket.org/2.0/repositories/acme/web/commit/${{ github.sha }}/statuses/build"'
                      ).requests[0]
    assert request.sent and request.damage == []
    assert request.path == "/2.0/repositories/acme/web/commit/$github_sha/statuses/build"
    assert "prompts_again" in {s.name for s in extract("The login keeps popping up every time I fetch.").signals}


def test_reading_that_works_beside_writing_that_fails():
    said = {s.name for s in extract("Pull works fine, push asks for the password again.").signals}
    assert "read_works" in said
    assert "read_works" not in {s.name for s in extract("With the same token, git works fine.").signals}


def test_an_environment_file_and_a_placeholder_written_as_a_phrase():
    facts = extract("BITBUCKET_USERNAME=lmartin\nBITBUCKET_API_TOKEN=<scoped token>\nEvery call fails with 401.")
    assert facts.credentials == []  # <scoped token> holds blanks: no secret does
    configured = facts.configured[0]
    assert (configured.user.kind.value, configured.secret.kind.value, configured.secret.stands_for) == (
        "username", "placeholder", "api_token")
    assert extract("my user is lmartin, see the password=hunter2 line").configured == []  # prose words are no values


def test_a_self_hosted_tool_is_not_a_self_hosted_bitbucket_and_none_sends_no_body():
    said = lambda text: {s.name for s in extract(text).signals}  # noqa: E731
    assert "server_dc" not in said("Bitbucket integration in our self-hosted Backstage fails with 401.")
    assert "server_dc" in said("We run a self-hosted Bitbucket and call /rest/api/1.0/projects.")
    assert "server_dc" in said("Is this on-premise only?")
    request = extract('requests.post("https://api.bitbucket.org/2.0/repositories/a/b/pullrequests/1/approve", '
                      "data=None)").requests[0]
    assert request.body is None


def test_a_netrc_entry_is_the_credential_of_its_machine():
    facts = extract("machine bitbucket.org login ops@acme.io password <api token>\n"
                    "machine api.bitbucket.org\n  login ops@acme.io\n  password $BB_TOKEN")
    assert [(c.host, c.user.kind.value, c.secret.kind.value) for c in facts.configured] == [
        ("bitbucket.org", "email", "placeholder"), ("api.bitbucket.org", "email", "variable")]
    assert extract("The machine was rebooted; login works, the password is fine.").configured == []


def test_a_postman_export_says_how_its_pairs_are_sent():
    facts = extract('"auth": {\n  "type": "bearer",\n  "bearer": [{"key": "token", "value": "{{bb_token}}"}]\n}')
    assert [(c.scheme, c.secret.variable_name) for c in facts.configured] == [("bearer", "bb_token")]
    environment = extract('{"values": [{"key": "bb_username", "value": "lmartin"}, '
                          '{"key": "bb_app_password", "value": "q7Rt2wLmZx9PkVb4"}, {"key": "workspace", "value": "acme"}]}')
    assert [(c.user.kind.value, c.secret.stands_for) for c in environment.configured] == [("username", "app_password")]


def test_a_status_code_code_prints_by_name_is_a_status_but_a_check_in_code_is_not():
    statuses = lambda text: [r.status for r in extract(text).responses]  # noqa: E731
    assert statuses("Console.WriteLine(resp.StatusCode); // prints StatusCode: Unauthorized") == [401]
    assert statuses("var r = await c.GetAsync(u); // r.StatusCode == NotFound") == [404]
    assert statuses("if (r.StatusCode == HttpStatusCode.NotFound) { return null; }") == []
    assert statuses("Response status code does not indicate success: 403 (Forbidden).") == [403]


def test_a_query_given_as_params_is_part_of_the_url():
    python = extract('r = requests.get(API + "/repositories/acme/app/pullrequests", params={"state": "MERGED", '
                     '"pagelen": 50})\nAPI = "https://api.bitbucket.org/2.0"').requests[0]
    assert python.query == "state=MERGED&pagelen=50"
    javascript = extract('await axios.get("https://api.bitbucket.org/2.0/repositories", '
                         '{ params: { role: "member" } })').requests[0]
    assert javascript.query == "role=member"


def test_a_fixed_user_name_or_an_email_is_a_value_even_unquoted():
    facts = extract("kubectl create secret generic bb --from-literal=username=x-token-auth "
                    "--from-literal=password=\"$BB_TOKEN\"")
    assert [(c.user.kind.value, c.secret.variable_name) for c in facts.configured] == [("static_user", "BB_TOKEN")]
    assert extract("my user is jdoe, password: hunter2 as usual").configured == []  # bare words in a sentence


def test_a_form_transcribed_field_by_field_is_a_configured_pair():
    configured = extract("Host: bitbucket.org\nUsername: tkowalski\nApp password / token: **********").configured
    assert [(c.user.kind.value, c.secret.kind.value) for c in configured] == [("username", "placeholder")]
    assert extract("Username: tkowalski\nPassword: is the one I log in with").configured == []  # a sentence, no value


def test_a_command_a_host_language_hands_to_a_shell_ends_at_its_closing_quote():
    for ticket in ("sh 'curl -s -u \"$BB_USER:$BB_PASS\" https://api.bitbucket.org/2.0/user'",
                   'os.system("curl -u me@acme.io:$T https://api.bitbucket.org/2.0/user")',
                   "subprocess.run('curl -u me@acme.io:$T https://api.bitbucket.org/2.0/user', shell=True)"):
        request = extract(ticket).requests[0]
        assert (request.url, request.damage) == ("https://api.bitbucket.org/2.0/user", []), ticket
    assert extract("curl -u me:$T 'https://api.bitbucket.org/2.0/user").requests[0].damage  # left open: damage


def test_json_dumped_into_data_is_a_json_body_sent_without_its_content_type():
    request = extract('payload = {"title": "x"}\nrequests.post("https://api.bitbucket.org/2.0/repositories/a/b/'
                      'pullrequests", data=json.dumps(payload), auth=(E, T))').requests[0]
    assert (json.loads(request.body), request.content_type, request.flags) == ({"title": "x"}, None, ["all_headers"])
    through_a_session = extract('s.post("https://api.bitbucket.org/2.0/repositories/a/b/pullrequests", '
                                'data=json.dumps(payload))').requests[0]
    assert through_a_session.flags == []  # its session may send a Content-Type the snippet does not show


def test_terraform_interpolation_in_a_header_names_its_variable():
    configured = extract('request_headers = {\n  Authorization = "Bearer ${var.bitbucket_api_token}"\n}').configured
    assert [(c.scheme, c.secret.variable_name, c.secret.stands_for) for c in configured] == [
        ("bearer", "bitbucket_api_token", "api_token")]


def test_a_log_of_two_pages_keeps_both_requests_and_their_statuses():
    facts = extract("GET https://api.bitbucket.org/2.0/repositories/a/b/commits?pagelen=50 200\n"
                    "GET https://api.bitbucket.org/2.0/repositories/a/b/commits?page=2?pagelen=50 400")
    assert [r.query for r in facts.requests] == ["pagelen=50", "page=2?pagelen=50"]
    assert [(r.line, r.status) for r in facts.responses] == [(2, 400)]
    again = extract("GET https://api.bitbucket.org/2.0/user?fields=uuid\nGET https://api.bitbucket.org/2.0/user")
    assert len(again.requests) == 1  # the same path again, no page: one request


def test_a_literal_with_prose_after_it_is_the_literal():
    request = extract('r = requests.get(BASE + "/user", auth=(E, T))\n'
                      'BASE = "https://api.bitbucket.org/2.0". That is the base.').requests[0]
    assert request.url == "https://api.bitbucket.org/2.0/user"


def test_an_sdk_client_made_with_a_base_url_and_headers_sends_them_with_each_call():
    request = extract('client = ApiClient(base_url="https://api.bitbucket.org/2.0", headers={"Authorization": '
                      'f"Bearer {tok}"})\nclient.get("/repositories/acme/app/pullrequests")').requests[0]
    assert (request.url, request.auth.scheme) == ("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests",
                                                  "bearer")
    other = extract('client = StorageClient(project="x")\nclient.get("/repositories/acme/app")').requests[0]
    assert other.host == ""  # a client given no base URL or headers is none the reader knows


def test_go_bitbucket_calls_are_the_requests_they_make_with_the_credential_they_are_made_with():
    facts = extract('c := bitbucket.NewBasicAuth("ops@acme.io", os.Getenv("BB_APP_PASSWORD"))\n'
                    'res, err := c.Repositories.PullRequests.Approve(opt)')
    request = facts.requests[0]
    assert (request.client, request.method, request.path) == (
        "go-bitbucket", "POST", "/2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve")
    assert request.content_type is None  # it sets a JSON Content-Type only with a body
    assert [(c.user.kind.value, c.secret.stands_for) for c in facts.configured] == [("email", "app_password")]


def test_a_git_command_quoted_in_a_sentence_leaves_the_rest_of_it_to_the_asker():
    facts = extract("I ran `git remote set-url origin https://jdoe@bitbucket.org/acme/web.git` and push still "
                    "never asks for the new token; git config credential.helper prints osxkeychain.")
    assert facts.git_commands[0].path == "/acme/web.git"
    assert {"no_prompt", "credential_store"} <= {s.name for s in facts.signals}


def test_times_marked_utc_are_read_and_others_are_not():
    facts = extract("Thu Jun 25 18:07:31 UTC 2026\n2026-06-25T06:10:02Z fetch\nat 14:20 local time")
    assert [(t.line, t.hour, t.minute) for t in facts.times] == [(1, 18, 7), (2, 6, 10)]


def test_times_said_in_words_and_ranges_are_read_at_their_start():
    facts = extract("failed 12:00-12:30 UTC\nagain around noon UTC and at 6pm UTC\nnot at 12 am GMT either\n"
                    "at 3pm local")
    assert sorted((t.line, t.hour, t.minute) for t in facts.times) == [(1, 12, 0), (2, 12, 0), (2, 18, 0), (3, 0, 0)]


def test_the_status_curl_writes_out_is_the_status_of_its_command():
    facts = extract('curl -s -o /dev/null -w "%{http_code}\\n" -u "me@acme.io:$T" -X POST '
                    "https://api.bitbucket.org/2.0/repositories/a/b/pullrequests/4/merge\n403\nnext line")
    assert [(r.line, r.status) for r in facts.responses] == [(2, 403)]
    # no -w: the number is the asker's word for the outcome, not what curl printed
    assert [r.origin for r in extract("curl -s https://api.bitbucket.org/2.0/user\n404").responses] == ["prose"]


def test_a_bearer_token_setting_says_it_is_sent_as_bearer():
    configured = extract("with:\n  bearerToken: ${{ secrets.BITBUCKET_API_TOKEN }}").configured
    assert [(c.scheme, c.secret.variable_name) for c in configured] == [("bearer", "BITBUCKET_API_TOKEN")]


def test_spans_taken_on_one_line_are_looked_up_merged():
    from triage.read.evidence import Collector
    from triage.read.lines import LineIndex

    sink, lines = Collector(), LineIndex("x" * 100)
    for start, end in ((50, 60), (10, 20), (15, 30), (60, 61)):
        sink.consume_call(lines, start, end)
    assert [offset for offset in range(100) if sink.taken(1, offset)] == [*range(10, 30), *range(50, 61)]


def test_counted_statuses_and_failures_a_rerun_clears():
    facts = extract("Anyone else seeing random 401s today? The job failed twice and then passed on rerun.")
    assert [r.status for r in facts.responses] == [401]
    assert "intermittent" in {s.name for s in facts.signals}
    assert extract("The job took 401s; a step ran 1.403s, another for 404s.").responses == []  # durations


def test_a_line_that_opens_with_a_status_and_what_the_asker_says_of_tokens_and_consumers():
    assert [r.status for r in extract("curl -u me@acme.io:$T https://api.bitbucket.org/2.0/user\n401. Why?").responses] \
        == [401]
    assert extract("We have 500 repositories.\n404 Lane is our street.").responses == []
    said = lambda text: {s.name for s in extract(text).signals}  # noqa: E731
    assert "unscoped_token" in said("The token still works for Jira.")
    assert "no_callback" in said("The OAuth consumer is set up without a callback URL.")


def test_code_that_adds_to_a_pages_next_link():
    changed = extract('url = data["next"] + "&pagelen=50"\n'
                      "const more = `${body.next}&fields=values.id`\n"
                      "url=$(echo \"$resp\" | jq -r '.next // empty')\"&pagelen=100\"\n"
                      "next_url = page.get('next') + '/'")
    assert changed.next_link_changed == [1, 2, 3, 4]
    kept = extract("url = data.get('next')\nitem = it.next() + '&x=1'\nprint('see the next page')")
    assert kept.next_link_changed == []


def test_credential_kinds_named_in_other_languages():
    said = [{s.name for s in extract(text).signals} for text in (
        "Usamos una contraseña de aplicación con el usuario del bot.",
        "Nous utilisons un mot de passe d'application, puis un jeton d'API.",
        "Wir nutzen ein App-Passwort.", "Usamos senha de app no pipeline.", "Criei um token da API ontem.")]
    assert ["app_password" in s for s in said] == [True, True, True, True, False]
    assert ["api_token" in s for s in said] == [False, True, False, False, True]


def test_an_email_said_of_another_product_is_no_claim_about_bitbucket():
    assert "email_user" not in {s.name for s in extract("The same token with my email in Jira API works.").signals}
    assert "email_user" in {s.name for s in extract("I use the token with my email, as the docs say.").signals}


def test_a_count_against_the_whole_says_only_a_first_page_came():
    facts = extract("console.log(data.values.length); // 10, but there are 64 branches")
    assert "pagination" in {s.name for s in facts.signals}


def test_a_yaml_list_items_user_name_is_a_setting():
    configured = extract("integrations:\n  bitbucketCloud:\n    - username: backstage-bot\n"
                         "      token: ${BITBUCKET_API_TOKEN}").configured
    assert [(c.user.kind.value, c.secret.variable_name) for c in configured] == [("username", "BITBUCKET_API_TOKEN")]


def test_a_token_set_as_the_user_name_with_an_empty_password_is_the_credential():
    configured, = extract('{"http-basic": {"bitbucket.org": {"username": "ATATT3xFfGF0c2VjcmV0dG9rZW5oZXJlZm9ydGVz", '
                          '"password": ""}}}').configured
    assert configured.user.kind.value == configured.secret.kind.value == "api_token"


def test_a_bearer_header_told_in_a_sentence_says_the_scheme():
    said = {s.name for s in extract('Reading the plugin source it sends "Authorization: Bearer <token>".').signals}
    assert "bearer_scheme" in said


def test_a_curl_exe_line_with_env_variables_is_powershells():
    request, = extract("curl.exe -u ci:$env:BB_APP_PW -X POST -H \"Content-Type: application/json\" "
                       "-d '{\"name\": \"v1\"}' https://api.bitbucket.org/2.0/repositories/acme/lib/refs/tags").requests
    assert "powershell_native_quotes" in {damage.kind for damage in request.damage}


def test_jira_and_confluence_urls_are_no_bitbucket_requests():
    facts = extract("The token works for https://acme.atlassian.net/rest/api/3/myself but not for Bitbucket.")
    assert facts.requests == []
    assert "unscoped_token" in {s.name for s in facts.signals}
    assert "unscoped_token" in {s.name for s in extract("When picking the app I chose Jira by mistake.").signals}


def test_a_user_name_said_to_be_an_email():
    assert "email_user" in {s.name for s in extract("The username is my email ana@acme.io and the password an "
                                                      "app password.").signals}


def test_another_git_client_that_works_on_this_machine():
    said = [{s.name for s in extract(text).signals} for text in (
        "Sourcetree now works but the terminal still fails.", "It works from the terminal but not in VS Code.",
        "Sourcetree works. The browser too.")]
    assert ["works_elsewhere" in s for s in said] == [True, True, False]


def test_a_credential_the_asker_denies_is_no_claim():
    said = [{s.name for s in extract(text).signals} for text in (
        "We never set up app passwords.", "I don't use an API token, just my password.",
        "It doesn't work with my app password.", "It is not an app password.")]
    assert ["app_password" in s for s in said] == [False, False, True, False]
    assert "api_token" not in said[1]


def test_shell_damage_to_secrets_and_urls():
    dollar, = extract('curl -u "deploy:Pa$$w0rd" https://api.bitbucket.org/2.0/user').requests
    cut, = [r for r in extract("curl -u me@acme.io:$T https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests"
                               "?state=MERGED&pagelen=50 | jq .size").requests if r.origin == "curl"]
    named, = extract('curl -o "out.$$" -u me@acme.io:$T "https://api.bitbucket.org/2.0/user?a=1&b=2"').requests
    assert [d.kind for d in dollar.damage] == ["special_parameter"]
    assert [d.kind for d in cut.damage] == ["url_cut_at_ampersand"] and cut.query == "state=MERGED"
    assert named.damage == []


def test_a_url_rewrite_with_a_token_is_what_git_sends():
    remote, = extract('RUN git config --global url."https://${BB_TOKEN}@bitbucket.org/".insteadOf '
                      '"https://bitbucket.org/"').git_commands
    assert (remote.configured, remote.user.variable_name) == (True, "BB_TOKEN")


def test_an_authorization_header_set_to_a_secret_alone_has_no_scheme():
    alone, = extract('axios.get("https://api.bitbucket.org/2.0/user", { headers: { Authorization: process.env.BB_TOKEN } })'
                     ).requests
    computed, = extract('fetch("https://api.bitbucket.org/2.0/user", { headers: { Authorization: authHeader } })').requests
    assert (alone.auth.scheme, computed.auth) == ("none", None)


def test_a_token_made_where_no_scopes_could_be_chosen():
    said = {s.name for s in extract("There was no option for scopes when I made it in January.").signals}
    assert "unscoped_token" in said


def test_git_words_come_after_its_remote_prefix():
    said = extract("I replaced my app password with an API token, git still fails with Invalid credentials. Repo remote:\n"
                   "origin  https://jlee@bitbucket.org/acme/frontend.git (fetch)")
    assert said.git_errors == []
    told = extract("stderr: remote: Invalid credentials\nfatal: Authentication failed for 'https://bitbucket.org/a/b.git/'")
    assert [e.kind for e in told.git_errors] == ["invalid_credentials", "auth_failed"]


def test_a_cap_that_is_a_pages_length_says_only_a_first_page_came():
    assert "pagination" in {s.name for s in extract("Some repos have 40+ open PRs but we never count more than 10.").signals}


def test_python_auth_given_a_name_only_the_run_fills_is_no_missing_credential():
    request, = extract('r = requests.get("https://api.bitbucket.org/2.0/users/x", auth=auth)').requests
    assert request.auth is None and "auth_unseen" in request.flags


def test_a_variable_the_ticket_assigns_sends_that_value():
    unix = extract('export BB_USER="anna@acme.com"\nBB_PASS=ATBB8fK2lQx9mPz3RtY7vW1nB4cD6eF0aGh2\n'
                   'curl -u "$BB_USER:$BB_PASS" https://api.bitbucket.org/2.0/repositories/acme/tools')
    cmd = extract("set BB_USER=jdoe\ncurl -u %BB_USER%:%BB_PASS% https://api.bitbucket.org/2.0/repositories/acme/tools")
    unix_auth, cmd_auth = unix.requests[0].auth, cmd.requests[0].auth
    assert (unix_auth.user_kind, unix_auth.secret_kind) == ("email", "app_password")
    assert (cmd_auth.user_kind, cmd_auth.secret_kind) == ("username", "variable")
    assert "ATBB8fK2lQx9" not in unix.model_dump_json()


def test_powershell_expands_env_names_before_curl_splits_the_pair():
    for pair in ('"$($env:BB_USER):$($env:BB_TOKEN)"', '"${env:BB_USER}:${env:BB_TOKEN}"'):
        facts = extract(f"curl.exe -u {pair} https://api.bitbucket.org/2.0/user")
        auth = facts.requests[0].auth
        assert (auth.user.variable_name, auth.secret.variable_name) == ("BB_USER", "BB_TOKEN")
        assert facts.credentials == []  # names, not a secret pasted in


def test_a_ticket_copied_from_a_pages_source_is_read_unescaped():
    facts = extract("curl -X POST -H &quot;Content-Type: application/json&quot; -u &quot;bot:$PW&quot; "
                    "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/5/approve\nWhat&#39;s wrong?")
    request = facts.requests[0]
    assert (request.method, request.content_type, request.auth.user.display) == ("POST", "application/json", "b***[username, 3 chars]")


def test_a_console_printing_the_status_is_a_status():
    for shown in ("[1] 404", "Out[13]: 404"):
        facts = extract(f'r = GET("https://api.bitbucket.org/2.0/repositories/acme/app")\nstatus_code(r)\n{shown}')
        assert [response.status for response in facts.responses] == [404]


def test_a_git_credentials_line_is_what_git_sends_to_that_host():
    facts = extract(f"~/.git-credentials:\nhttps://deploy%40acme.io:{TOKEN}@bitbucket.org\ngit fetch\nremote: Invalid credentials")
    stored = facts.configured[0]
    assert (stored.host, stored.user.kind, stored.secret.kind) == ("bitbucket.org", "email", "api_token")
    assert TOKEN[:30] not in facts.model_dump_json()


def test_a_host_cut_short_is_the_api_and_an_arrow_after_the_url_ends_the_command():
    facts = extract('REST: curl -u "me@hive.io:$T" .../2.0/user -> 401. git says Invalid credentials, it doesn\'t '
                    "work either.")
    [request] = facts.requests
    assert request.url == "https://api.bitbucket.org/2.0/user"
    assert request.damage == []  # the apostrophe of "doesn't" is prose, not a quote left open
    assert [r.status for r in facts.responses] == [401]
