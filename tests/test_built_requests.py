"""Requests built step by step in Go, Java, C# and PHP are read as the request they send."""
from __future__ import annotations

import json

from triage.read.extract import extract


def only_request(ticket: str):
    requests = [r for r in extract(ticket).requests if r.origin == "code"]
    assert len(requests) == 1, requests
    return requests[0]


def test_go_new_request_with_a_formatted_url_nil_body_and_headers_set_after():
    request = only_request('''const base = "https://api.bitbucket.org/2.0"
req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/repositories/%s/%s/pullrequests/%d/approve", base, ws, repo, id), nil)
req.Header.Set("Content-Type", "application/json")
req.SetBasicAuth(email, token)''')
    assert (request.method, request.host) == ("POST", "api.bitbucket.org")
    assert request.path == "/2.0/repositories/$ws/$repo/pullrequests/$id/approve"
    assert request.body is None and request.content_type == "application/json"


def test_go_body_read_through_its_reader():
    request = only_request('req, err := http.NewRequestWithContext(ctx, "PUT", url, '
                           'strings.NewReader(`{"name": "v1"}`))\nurl := "https://api.bitbucket.org/2.0/user"')
    assert (request.method, request.path, request.body) == ("PUT", "/2.0/user", '{"name": "v1"}')


def test_java_http_client_chain_with_an_escaped_json_body():
    request = only_request('''static final String API = "https://api.bitbucket.org/2.0";
HttpRequest req = HttpRequest.newBuilder()
    .uri(URI.create(API + "/repositories/acme/core/pullrequests/" + prId + "/merge"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString("{\\"merge_strategy\\": \\"squash\\"}"))
    .build();''')
    assert request.method == "POST"
    assert request.path == "/2.0/repositories/acme/core/pullrequests/$prId/merge"
    assert json.loads(request.body) == {"merge_strategy": "squash"}


def test_java_chain_without_a_method_is_a_get_and_no_body_is_none():
    get = only_request('HttpRequest r = HttpRequest.newBuilder(URI.create("https://api.bitbucket.org/2.0/user")).build();')
    assert (get.method, get.body) == ("GET", None)
    post = only_request('HttpRequest.newBuilder().uri(URI.create(url)).POST(BodyPublishers.noBody()).build();\n'
                        'String url = "https://api.bitbucket.org/2.0/repositories/a/b/pullrequests/3/decline";')
    assert (post.method, post.body) == ("POST", None)


def test_okhttp_and_apache_requests():
    okhttp = only_request('Request request = new Request.Builder()\n  .url("https://api.bitbucket.org/2.0/repositories/a/b/issues")\n'
                          '  .post(RequestBody.create("{\\"title\\": \\"x\\"}", MediaType.parse("application/json")))\n  .build();')
    assert (okhttp.method, okhttp.content_type, json.loads(okhttp.body)) == ("POST", "application/json", {"title": "x"})
    apache = only_request('HttpPost post = new HttpPost("https://api.bitbucket.org/2.0/repositories/a/b/pullrequests/1/approve");\n'
                          'post.setHeader("Content-Type", "application/json");\nclient.execute(post);')
    assert (apache.method, apache.body, apache.content_type) == ("POST", None, "application/json")


def test_dotnet_request_message_and_shortcuts():
    message = only_request('var request = new HttpRequestMessage(HttpMethod.Post, "https://api.bitbucket.org/2.0/repositories/a/b/refs/tags");\n'
                           'request.Content = new StringContent(payload, Encoding.UTF8, "application/json");')
    assert (message.method, message.body, message.content_type) == ("POST", "$payload", "application/json")
    initialized = only_request('new HttpRequestMessage(HttpMethod.Put, "https://api.bitbucket.org/2.0/user") '
                               '{ Content = new StringContent(json, Encoding.UTF8, "application/json"), };')
    assert (initialized.method, initialized.body, initialized.content_type) == ("PUT", "$json", "application/json")
    shortcut = only_request('var resp = await client.DeleteAsync($"https://api.bitbucket.org/2.0/repositories/a/b/hooks/{uid}");')
    assert (shortcut.method, shortcut.body) == ("DELETE", None)


def test_guzzle_joins_base_uri_and_sends_its_json_option():
    request = only_request('''$client = new \\GuzzleHttp\\Client(['base_uri' => 'https://api.bitbucket.org/2.0/']);
$res = $client->request('POST', 'repositories/' . $ws . '/app/pullrequests', [
    'json' => ['title' => 'Fix', 'close_source_branch' => true],
]);''')
    assert (request.method, request.path) == ("POST", "/2.0/repositories/$ws/app/pullrequests")
    assert json.loads(request.body) == {"title": "Fix", "close_source_branch": True}
    assert request.content_type == "application/json"
    # a leading slash replaces base_uri's path, as RFC 3986 and Guzzle do: the API base is lost
    lost = only_request("$c = new Client(['base_uri' => 'https://api.bitbucket.org/2.0/']);\n"
                        "$c->get('/user', ['headers' => ['Authorization' => 'Bearer ' . $token]]);")
    assert (lost.path, lost.auth.scheme, lost.auth.secret.variable_name) == ("/user", "bearer", "token")


def test_calls_that_are_no_requests_and_authorization_made_by_a_call():
    assert [r for r in extract("$value = $config->get('cache.driver');\nreturn $this->post($data);").requests
            if r.origin == "code"] == []
    request = only_request('HttpRequest.newBuilder(URI.create("https://api.bitbucket.org/2.0/user"))\n'
                           '    .header("Authorization", basic(email, token)).build();')
    assert request.auth is None  # what basic(…) returns only a run shows: no scheme to judge


def test_powershell_invoke_restmethod_with_a_hashtable_made_json_and_no_content_type():
    facts = extract('''$headers = @{ Authorization = "Basic $auth" }
$body = @{ title = "Fix"; close_source_branch = $true; source = @{ branch = @{ name = "fix/1" } } } | ConvertTo-Json -Depth 5
Invoke-RestMethod -Uri "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests" -Method Post -Headers $headers -Body $body''')
    request = [r for r in facts.requests if r.origin == "powershell"][0]
    assert request.method == "POST" and request.auth.secret.variable_name == "auth"
    assert json.loads(request.body) == {"title": "Fix", "close_source_branch": True, "source": {"branch": {"name": "fix/1"}}}
    assert request.content_type == "application/x-www-form-urlencoded"  # PowerShell's default for a POST body


def test_powershell_basic_pair_encoded_in_the_script_is_judged_by_its_parts():
    request = only_powershell('''$pair = "${env:BB_USER}:${env:BB_APP_PASSWORD}"
$encoded = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($pair))
$token = Get-Content token.txt
Invoke-RestMethod -Uri "https://api.bitbucket.org/2.0/user" -Headers @{ Authorization = "Basic $encoded"; X = "$token" }''')
    assert (request.auth.scheme, request.auth.secret.variable_name) == ("basic", "BB_APP_PASSWORD")
    assert request.headers["X"] == "$token"  # a value only the run tells keeps its name


def only_powershell(ticket: str):
    requests = [r for r in extract(ticket).requests if r.origin == "powershell"]
    assert len(requests) == 1, requests
    return requests[0]


def test_powershell_inline_headers_abbreviated_parameters_and_a_get():
    facts = extract('irm -Uri https://api.bitbucket.org/2.0/user -Meth Get -Headers @{ Authorization = "Bearer $env:BB_TOKEN"; '
                    'Accept = "application/json" } -UseBasicParsing')
    request = facts.requests[0]
    assert (request.origin, request.method, request.path) == ("powershell", "GET", "/2.0/user")
    assert (request.auth.scheme, request.auth.secret.variable_name) == ("bearer", "BB_TOKEN")
    assert request.body is None and request.content_type is None


def test_axios_data_and_auth_options():
    request = [r for r in extract("await axios.post(`https://api.bitbucket.org/2.0/repositories/acme/app/downloads`, form, "
                                  "{ auth: { username: 'acme', password: process.env.BB_APP_PASSWORD } });").requests
               if r.origin == "javascript"][0]
    assert request.body == "$form"  # axios.post(url, data, config): the data is the body
    assert (request.auth.scheme, request.auth.secret.variable_name) == ("basic", "BB_APP_PASSWORD")
    assert request.user_is_workspace


def test_a_go_basic_auth_struct_is_a_configured_credential():
    configured = extract('Auth: &http.BasicAuth{Username: "x-token-auth", Password: os.Getenv("BB_API_TOKEN")},').configured
    assert [(c.user.static_name, c.secret.variable_name) for c in configured] == [("x-token-auth", "BB_API_TOKEN")]


def test_ruby_net_http_with_a_uri_variable_headers_and_body():
    request = only_request('''uri = URI("https://api.bitbucket.org/2.0/repositories/acme/site/pullrequests/4/decline")
req = Net::HTTP::Post.new(uri)
req["Content-Type"] = "application/json"
req.basic_auth 'jdoe', ENV['BB_API_TOKEN']''')
    assert (request.method, request.path, request.body, request.content_type) == (
        "POST", "/2.0/repositories/acme/site/pullrequests/4/decline", None, "application/json")


def test_php_curl_options_and_interpolated_strings():
    request = only_request('''$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, "https://api.bitbucket.org/2.0/repositories/$ws/app/pullrequests?state=MERGED");
curl_setopt($ch, CURLOPT_USERPWD, "$user:$appPassword");
curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);
curl_setopt($ch, CURLOPT_POSTFIELDS, '{"title": "x"}');''')
    assert (request.method, request.path, request.query) == ("POST", "/2.0/repositories/$ws/app/pullrequests",
                                                             "state=MERGED")
    assert (request.auth.user.variable_name, request.auth.secret.variable_name) == ("user", "appPassword")
    assert (request.content_type, request.body) == ("application/json", '{"title": "x"}')


def test_guzzle_auth_option_is_basic():
    request = only_request("$res = $client->request('GET', 'https://api.bitbucket.org/2.0/user', "
                           "['auth' => [$user, $appPassword]]);")
    assert (request.auth.user.variable_name, request.auth.secret.variable_name) == ("user", "appPassword")


def test_axios_with_no_data_sends_no_body():
    request = [r for r in extract("axios.post(`https://api.bitbucket.org/2.0/repositories/a/b/pullrequests/1/approve`, "
                                  "null, { headers: { 'Content-Type': 'application/json' } })").requests
               if r.origin == "javascript"][0]
    assert (request.body, request.content_type) == (None, "application/json")


def test_a_dotnet_client_sends_its_base_address_and_default_authorization_with_each_request():
    request = only_request('''var http = new HttpClient { BaseAddress = new Uri("https://api.bitbucket.org/2.0/") };
http.DefaultRequestHeaders.Authorization =
    new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
var answer = await http.GetAsync("repositories/acme/site/refs/branches");''')
    assert request.url == "https://api.bitbucket.org/2.0/repositories/acme/site/refs/branches"
    assert (request.auth.scheme, request.auth.user.display, request.auth.secret.display) == ("basic", "$user",
                                                                                              "$secret")
    absolute = only_request('var http = new HttpClient { BaseAddress = new Uri("https://example.com/") };\n'
                            'await http.GetAsync("https://api.bitbucket.org/2.0/user");')
    assert absolute.host == "api.bitbucket.org"  # an absolute URL is not joined


def test_basic_pairs_java_and_go_encode_are_read_as_their_user_and_secret():
    java = only_request('''HttpRequest r = HttpRequest.newBuilder(URI.create("https://api.bitbucket.org/2.0/user"))
    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((mail + ":" + apiToken).getBytes(UTF_8)))
    .build();''')
    assert (java.auth.user.display, java.auth.secret.display) == ("$mail", "$apiToken")
    go = only_request('req, _ := http.NewRequest("GET", "https://api.bitbucket.org/2.0/user", nil)\n'
                      'req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u+":"+appPassword)))')
    assert (go.auth.user.display, go.auth.secret.display) == ("$u", "$appPassword")


def test_ruby_interpolation_and_headers_given_with_the_request():
    request = only_request('uri = URI("https://api.bitbucket.org/2.0/repositories/acme/core/pullrequests/#{pr}/approve")\n'
                           'req = Net::HTTP::Post.new(uri, "Content-Type" => "application/json")')
    assert request.path == "/2.0/repositories/acme/core/pullrequests/$pr/approve"
    assert (request.content_type, request.body) == ("application/json", None)


def test_kotlin_okhttp_chain_with_credentials_basic():
    request = only_request('val request = Request.Builder()\n    .url("https://api.bitbucket.org/2.0/repositories/acme")\n'
                           '    .header("Authorization", Credentials.basic("svc-bot", System.getenv("BB_APP_PASSWORD")))\n'
                           '    .build()')
    assert (request.method, request.path, request.auth.scheme) == ("GET", "/2.0/repositories/acme", "basic")
    assert (request.auth.user.length, request.auth.secret.variable_name) == (7, "BB_APP_PASSWORD")


def test_a_session_kept_as_an_objects_field():
    request, = extract('''class BB:
    def __init__(self):
        self.s = requests.Session()
        self.s.auth = (os.environ["BB_USER"], os.environ["BB_API_TOKEN"])
        self.base = "https://api.bitbucket.org/2.0"

    def repo(self, slug):
        return self.s.get(f"{self.base}/repositories/acme/{slug}")''').requests
    assert (request.host, request.auth.scheme, request.auth.secret.variable_name) == (
        "api.bitbucket.org", "basic", "BB_API_TOKEN")
