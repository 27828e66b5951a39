"""The hostile pastes of issue 14's table and their kin: each a function of n, the number of times
its repeated part occurs. Shared by tests/test_hostile_inputs.py (answers, linear work) and
`python -m bench --only hostile` (seconds and memory up to 1 MB)."""
from __future__ import annotations

ROWS = {  # name -> ticket made of n repetitions (of about a line's worth or less)
    "git -c options": lambda n: "git" + ' -c x""' * n + " clone https://bitbucket.org/acme/app.git",
    "git commands glued": lambda n: 'git -c x""' * n,
    "newlines": lambda n: "\n" * n,
    "transcript markers": lambda n: ">\n" * n,
    "curl words on one line": lambda n: "curl a " * n,
    "curl commands on one line": lambda n: "; curl a" * n,
    "an unclosed token literal": lambda n: "token='" + "a" * n,
    "KEY repeated": lambda n: "KEY" * n,
    "unclosed fetch calls": lambda n: "fetch(" * n,
    "unclosed object assignments": lambda n: "a={\n" * n,
    "many -H options": lambda n: "curl https://api.bitbucket.org/2.0/user " + "-H 'X-A: b' " * n,
    "a glob set": lambda n: "curl https://api.bitbucket.org/2.0/{" + ",".join("a" * n) + "}",
    "nested JSON": lambda n: '{"error": ' + "[" * n,
    "nested JSON below a POST": lambda n: 'POST /2.0/repositories/a/b/pullrequests\n{"a": ' + "[" * n,
    "curl -u lines": lambda n: "".join(f"curl -u u{i}:password https://api.bitbucket.org/2.0/user\n" for i in range(n)),
    "NUL bytes": lambda n: "curl \x00" * n,
    "quotes without an end": lambda n: "curl 'https://api.bitbucket.org/2.0/user \"" * n,
    "curl -v headers": lambda n: "> GET /2.0/user HTTP/2\n" + "> X-A: b\n" * n + "< HTTP/2 401\n" + "< X-B: c\n" * n,
    "error bodies": lambda n: '{"type": "error", "error": {"message": "x"}} ' * n,
    "emails and JWTs": lambda n: "me@acme.io eyJhbGciOi.eyJzdWIi.sig " * n,
    "python calls": lambda n: "token = 'abcdefgh12345678'\nrequests.get(url, auth=(user, token))\n" * n,
    "commands with a sentence after them": lambda n: "curl https://api.bitbucket.org/2.0/user returns 404, it's odd\n" * n,
    "sessions set up and called": lambda n: "s = requests.Session()\ns.headers.update({'A': 'b'})\ns.get('/user')\n" * n,
    "requests built in Go and PHP": lambda n: ('req, _ := http.NewRequest("POST", base+"/user", nil)\n'
                                             'req.Header.Set("A", "b")\n$c->get("/user", ["json" => ["a" => 1]]);\n') * n,
    "a builder chain": lambda n: 'HttpRequest.newBuilder(URI.create("https://api.bitbucket.org/2.0/user"))' + '.header("A", "b")' * n,
    "base64 of echo assignments": lambda n: 'A=$(echo "u:$T | base64\n' * n,
    "commands in host strings on one line": lambda n: "sh 'curl -u a:$B https://api.bitbucket.org/2.0/user' " * n,
    "a log of many pages": lambda n: "".join(f"GET https://api.bitbucket.org/2.0/repositories/a/b/commits?page={i} 400\n"
                                             for i in range(n)),
    "clients made with settings": lambda n: "".join(f'c{i} = ApiClient(base_url="https://x.io", headers={{"A": "b"}})\n'
                                                    f'c{i}.get("/user")\n' for i in range(n)),
    "Ruby requests made from a name": lambda n: 'req = Net::HTTP::Post.new(uri, "A" => "b", "C" => "d")\n' * n,
    "netrc and Postman pairs": lambda n: ('machine bitbucket.org login a@b.io password <api token>\n'
                                          '{"key": "bb_api_token", "value": "{{tok}}"}, 18:07:31 UTC\n') * n,
    "PowerShell strings of variables": lambda n: "".join(f'$v{i} = "$v{i + 1}$v{i + 1}$v{i + 1}:$env:T"\n' for i in range(n))
                                                + 'irm https://api.bitbucket.org/2.0/user -Headers @{ A = "$v0" }\n' * n,
    "next links added to": lambda n: "url = data['next'] + '&pagelen=50'; x.next + '/' " * n,
}


def sized(row: str, size: int) -> str:
    """The row's ticket cut to exactly `size` characters (n grown until it is long enough)."""
    n = 64
    while len(text := ROWS[row](n)) < size:
        n *= 4
    return text[:size]
