"""The parsed request must equal what the installed curl really sends.

Each command runs twice: through real curl (via bash) against a loopback server
that records what arrives, and through bbhelp's shell + curl parser. Method,
path, query, Authorization (presence, scheme, value) and the headers a user
controls must match, request by request.
"""
from __future__ import annotations

import shutil

import pytest

from tests.curl_compare import parsed, sent_by_curl
from tests.loopback import Recorder

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl binary")

# @U@ is the loopback base URL, @H@ its host:port. Real shell syntax, real curl.
COMMANDS = [
    'curl -X POST @U@/2.0/repositories/ws/r/pullrequests -H "Content-Type: application/json" -d "{\\"title\\": \\"Fix\\"}"',
    'curl -H "X-Note: a\\"b c" @U@/escaped-quote-header',
    'curl -d "cost=\\$5 and \\\\ and \\` and \\q" @U@/escapes-in-double-quotes',
    "curl -d 'single'\"double\"plain @U@/adjacent-parts",
    "curl -X post -u me:pw @U@/lower-case-method",
    "curl @U@/first @U@/second",
    "curl -d a=1 @U@/one --next @U@/two",
    "curl -H 'X-A: 1' @U@/one -: -X PUT @U@/two --next -d b @U@/three",
    "curl -G -d q=1 -d r=2 @U@/get-with-data",
    "curl --url-query pagelen=50 --url-query '+q=state=\"OPEN\"' --url-query 'a b' @U@/url-query",
    "curl -G -d q=1 --url-query 'x=1 2' '@U@/url-query-and-get?s=0'",
    "curl -G -d '# ' @U@/a-blank-after-a-hash-refuses-the-url",  # the fragment is judged, then dropped
    "curl -G -d 'a#b' '@U@/fragments#x'",
    "curl '@U@/repositories/acme/app/../app2/./pullrequests'",
    "curl '@U@/a/b/..'",
    "curl --path-as-is '@U@/a/../b'",
    "curl --json '{\"a\": 1}' @U@/json-option",
    "curl -H 'X-A: 1' -H 'X-A: 2' @U@/repeated-header",
    "curl --oauth2-bearer abc.def @U@/bearer-option",
    "curl --url @U@/url-option",
    "curl -T /dev/null @U@/upload/",
    "curl @U@/plain",
    "curl -s @U@/silent",
    "curl --request POST @U@/post",
    "curl -X DELETE '@U@/repo/x'",
    "curl -XPUT @U@/attached",
    "curl --url @U@/via-url",
    "curl --url '@U@/a' --url '@U@/b'",
    "curl -u me@example.com:ATATT3xFfGF0abc123 @U@/basic",
    "curl --user 'me@example.com:ATATT3xFfGF0x=1234ABCD' @U@/basic-quoted",
    "curl -u \"me:pa ss\" @U@/space-pass",
    "curl -uuser:secret @U@/attached-user",
    "curl -u 'x-token-auth:ATCTT3xFfGN0q' @U@/static-user",
    "curl -u user: @U@/empty-pass",
    "curl http://alice:s3cret@@H@/userinfo",
    "curl 'http://us%40er:p%3Aw@@H@/encoded-userinfo'",
    "curl -u a:b http://c:d@@H@/u-beats-userinfo",
    "curl -H 'Authorization: Bearer ATATT3xFfGF0zz' @U@/bearer",
    "curl -H 'Authorization: ATATT3xFfGF0zz' @U@/no-scheme",
    "curl -H \"Authorization: Basic bWU6cHc=\" @U@/basic-header",
    "curl -u a:b -H 'Authorization: Bearer X' @U@/header-beats-u",
    "curl --oauth2-bearer tok123 @U@/oauth2",
    "curl -H 'Accept: application/json' @U@/accept",
    "curl -H 'Accept:' @U@/remove-accept",
    "curl -H 'X-Empty;' @U@/empty-header",
    "curl -H 'X-A: 1' -H 'X-B: two words' @U@/two-headers",
    "curl -H 'Content-Type: application/json' -d '{\"a\":1}' @U@/json-by-hand",
    "curl -d 'a=1' @U@/data",
    "curl -d a=1 -d b=2 @U@/data-join",
    "curl --data-raw '@notafile' @U@/data-raw",
    "curl --data-binary 'x y' @U@/data-binary",
    "curl --data-urlencode 'q=hello world' @U@/urlencode",
    "curl --data-urlencode 'plain text' @U@/urlencode2",
    "curl -G -d 'state=MERGED' -d 'pagelen=50' @U@/get-data",
    "curl -G -d a=1 '@U@/get-data2?x=y'",
    "curl -X GET -d a=1 @U@/x-get-with-data",
    "curl --json '{\"k\": \"v\"}' @U@/json",
    "curl -d 'q' -X PUT @U@/put-data",
    "curl -sd 'q' @U@/cluster-data",
    "curl -I @U@/head",
    "curl --head @U@/head-long",
    "curl -I -d a=1 @U@/head-conflict",
    "curl -i -v @U@/verbose",
    "curl -sSL @U@/cluster",
    "curl -k -L -o /dev/null -w '%{http_code}' @U@/writeout",
    "curl '@U@/{a,b}/x'",
    "curl '@U@/{single}/x'",
    "curl '@U@/pages/[1-3]'",
    "curl '@U@/pad/[08-10]'",
    "curl '@U@/letters/[a-c]'",
    "curl '@U@/step/[1-5:2]'",
    "curl -g '@U@/{literal}/x'",
    "curl --globoff '@U@/{7f1f2b8e-0000-4e2b-9a7b-000000000000}/repos'",
    "curl '@U@/{unclosed/x'",
    "curl '@U@/ws/{a,b}?q=[1-2]'",
    "curl @U@/with\\ space",
    "curl \\\n  --request GET \\\n  --url '@U@/continued' \\\n  --header 'Accept: application/json'",
    "curl --request GET \\ --url '@U@/flattened' \\ --user 'me@example.com:tok' \\ --header 'Accept: application/json'",
    "curl -X POST \\ --url @U@/flat2 \\ -u me:tok",
    "curl --foo @U@/unknown-option",
    "curl --request=POST @U@/equals-form",
    "curl --reque PUT @U@/ambiguous",
    "curl --requ PUT @U@/ambiguous2",
    "curl --head-not @U@/unknown2",
    "curl --no-verbose @U@/no-bool",
    "curl --compressed @U@/compressed",
    "curl -A 'my-agent/1.0' @U@/agent",
    "curl -e 'https://ref.example/' @U@/referer",
    "curl -b 'session=abc' @U@/cookie",
    "curl -H 'Authorization: Bearer $TOKEN' @U@/single-quoted-var",
    "curl \"@U@/double\"\"-joined\"",
    "curl @U@/'mixed'\"quotes\"",
    "curl @U@/comment # -u me:secret",
    "curl @U@/first && echo done",
    "curl @U@/piped | cat",
    "curl @U@/redirect > /dev/null 2>&1",
    "curl -- @U@/after-dashdash",
    "curl -X PATCH -H 'Content-Type: application/json' --data '{\"title\": \"t\"}' @U@/patch",
    "curl -F 'file=x' @U@/form",
    "curl -n @U@/netrc-empty",
    "curl $'@U@/ansi\\x41'",
    "curl -u 'me@example.com:ATATT3xFfGF0q' -X POST @U@/repositories/ws/r/pullrequests/1/approve",
    "curl -s -u me:pw '@U@/2.0/repositories/ws?role=member&pagelen=100'",
]


@pytest.fixture(scope="module")
def recorder():
    with Recorder() as server:
        yield server


@pytest.mark.parametrize("template", COMMANDS)
def test_parser_matches_real_curl(template: str, recorder: Recorder) -> None:
    host = f"127.0.0.1:{recorder.port}"
    command = template.replace("@U@", f"http://{host}").replace("@H@", host)
    real = sent_by_curl(command, recorder)
    assert parsed(command) == real


def test_suite_is_large_and_sends_requests(recorder: Recorder) -> None:
    """At least 60 commands, and most of them really reach the server (no vacuous passes)."""
    assert len(COMMANDS) >= 60
    host = f"127.0.0.1:{recorder.port}"
    sending = sum(bool(sent_by_curl(t.replace("@U@", f"http://{host}").replace("@H@", host), recorder))
                  for t in COMMANDS)
    assert sending >= 55
