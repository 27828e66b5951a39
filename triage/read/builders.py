"""Requests that Go, Java, C#, PHP and Ruby code builds step by step: a request (or a builder) made
with its method and URL, then headers and a body set on it. Go's http.NewRequest with
req.Header.Set, Java's HttpRequest.newBuilder()… and OkHttp's (new) Request.Builder()… chains,
Apache's new HttpPost(url) with post.setHeader/setEntity, .NET's new HttpRequestMessage(…) and
client.PostAsync(url, content), PHP Guzzle's $client->request('POST', url, [options]) and
curl_init/curl_setopt, Ruby's Net::HTTP::Post.new(uri) with req["Name"] = … and req.body = ….

Why a reader of its own: real tickets come from SDKs, plugins and services written in these
languages, and the request they build says what the rules need (the method, the endpoint, whether a
JSON Content-Type goes with no body). As for Python and JavaScript (code.py), pasted code rarely
parses, so the calls are found by a scan, their arguments split at top level and names resolved
through the snippet's assignments; what only a run can tell stays a run-time value ($name).
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urljoin

from triage.read.code import NAME, RUNTIME_VALUE, Assignments, Brackets, Scope, assignments_of, resolve, split_top
from triage.read.evidence import Collector
from triage.read.lines import LineIndex

# One of these is in any text ANCHOR matches: most tickets hold none, and skip the scan.
GATE = ("NewRequest", "Http", "Request.Builder", "Async(", "->", "Net::HTTP::", "curl_init(")
ANCHOR = re.compile(
    r"(?P<go>http\.NewRequest(?P<context>WithContext)?\()|"
    r"(?P<chain>HttpRequest\.newBuilder\(|(?:new[ \t]++)?Request\.Builder\()|"  # Kotlin drops the `new`
    r"(?P<apache>new[ \t]++Http(?P<apache_method>Get|Post|Put|Patch|Delete)\()|"
    r"(?P<dotnet>new[ \t]++HttpRequestMessage\()|"
    r"(?P<shortcut>\.(?P<shortcut_method>Get|Post|Put|Patch|Delete)(?:String)?Async\()|"
    r"(?P<guzzle>->(?P<guzzle_method>request|get|post|put|patch|delete)\()|"
    r"(?P<ruby>Net::HTTP::(?P<ruby_method>Get|Post|Put|Patch|Delete)\.new\()|"
    r"(?P<php_curl>curl_init\()")
CHAIN_CALL = re.compile(r"(?<!\s)\s*+\.[ \t]*+(\w++)[ \t]*+\(")  # the next `.name(` of a builder chain
# The name a statement assigns the request to: `req, err := `, `HttpPost post = `, `var request = `.
ASSIGNED_TO = re.compile(r"(?<!\w)([A-Za-z_]\w*+)(?:[ \t]*+,[ \t]*+\w++)?[ \t]*+:?=[ \t]*+\Z")
SET_ON = r"\b{name}\.(?:Header\.(?:Set|Add)|setHeader|addHeader|Headers\.(?:Add|TryAddWithoutValidation))\("
CONTENT_ON = r"\b{name}\.(?:setEntity\(|(?:Content|body)[ \t]*+=(?!=)[ \t]*+)"
INDEXED_ON = r"\b{name}\[[ \t]*+([\"'][\w-]++[\"'])[ \t]*+\][ \t]*+=(?!=)[ \t]*+([^\n;]++)"  # Ruby: req["Accept"] = …
CURL_OPTION_ON = r"curl_setopt[ \t]*+\([ \t]*+\${name}[ \t]*+,[ \t]*+(CURLOPT_\w++)[ \t]*+,"  # PHP's curl
AUTHORIZATION_ON = r"\b{name}\.Headers\.Authorization[ \t]*+=(?!=)[ \t]*+new[ \t]++AuthenticationHeaderValue\("
# A .NET HttpClient's defaults, sent with every request it makes: new HttpClient { BaseAddress = new
# Uri(…) } or client.BaseAddress = …; client.DefaultRequestHeaders.Authorization = new
# AuthenticationHeaderValue(…) or DefaultRequestHeaders.Add("Name", value).
CLIENT_DEFAULT = re.compile(
    r"\b(?:(?P<base>BaseAddress)[ \t]*+=(?!=)[ \t]*+new[ \t]++Uri\(|"
    r"DefaultRequestHeaders\.(?:(?P<authorization>Authorization)[ \t]*+=(?!=)\s*+new[ \t]++AuthenticationHeaderValue|"
    r"Add|TryAddWithoutValidation)\()")
MAX_CLIENT_DEFAULTS = 20  # a snippet sets a handful
CONTENT_IN_INITIALIZER = re.compile(r"(?<!\s)\s*+\{\s*+Content[ \t]*+=[ \t]*+([^;\n{}]{1,300}+)\s*+\}")  # { Content = … }
MAX_ANCHORS = 1_000  # requests' makings looked at (a snippet has a handful; most of a 1 MB paste of them is counted)
MAX_CHAIN_STEPS = 200  # calls of one builder chain read (a real one has a handful)
FOLLOW_CHARS = 3_000  # how far after a request's making its headers and body are looked for
HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
GO_METHODS = {f"http.Method{m.title()}": m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")}
CHAIN_METHODS = {"get": "GET", "delete": "DELETE", "post": "POST", "put": "PUT", "patch": "PATCH"}
NO_BODY = re.compile(r"\A(?:nil|null|None|http\.NoBody|(?:HttpRequest\.)?BodyPublishers\.noBody\(\)|\"\"|'')\Z")
CALL = re.compile(r"\A(?:new[ \t]++)?[\w.]++[ \t]*+\((.*)\)\Z", re.S)
# Arguments that say how a body is encoded rather than what it is: a media type, a charset.
ENCODING_ARGUMENT = re.compile(r"MediaType|Encoding\.|ContentType\.|charset|StandardCharsets|application/", re.I)
JSON_TYPE = re.compile(r"application/json|APPLICATION_JSON|JsonContent|MediaType\.get\(\s*+\"application/json", re.I)
# fmt.Sprintf("%s/repositories/%s", base, ws), String.format(…), string.Format("{0}/…", base)
FORMAT_CALL = re.compile(r"\A(?:fmt\.Sprintf|String\.format|string\.Format|String\.Format)[ \t]*+\((.*)\)\Z", re.S)
FORMAT_FIELD = re.compile(r"%[-+ #0-9.]*+[sdvqxf]|\{(\d++)(?::[^{}]*+)?\}")
PHP_VARIABLE = re.compile(r"\$([A-Za-z_]\w*+)")
BASE_URI = re.compile(r"""['"]base_uri['"][ \t]*+=>[ \t]*+([^,\]\n]++)""")
URL_LIKE = re.compile(r"://|\A/|\A\$\w++/|/2\.0/|\Arepositories/|\Aworkspaces/|\Ausers?/")


class Built(NamedTuple):
    """A request as the code builds it: expressions still to be resolved."""

    method: str
    url: str
    body: str | None
    headers: list[tuple[str, str]]
    body_made: bool = False  # the body is the text sent (Guzzle's 'json' encoded), not an expression
    user_password: str | None = None  # PHP's "user:secret" (CURLOPT_USERPWD, Guzzle's 'auth')
    end: int = 0  # where the code that makes it ends (a builder chain's last call)


def extract_built(text: str, lines: LineIndex, sink: Collector) -> None:
    if not any(word in text for word in GATE):
        return
    brackets = Brackets(text)
    assignments = Assignments(assignments_of(brackets))
    base = BASE_URI.search(text)
    base_uri = resolve(base.group(1), Scope(assignments, base.start(), 0), unknown=RUNTIME_VALUE) if base else ""
    dotnet_base, dotnet_headers = _client_defaults(brackets, assignments, lines, sink) if "Default" in text or \
        "BaseAddress" in text else ("", [])
    matches = list(ANCHOR.finditer(text))
    for index, match in enumerate(matches):
        if not sink.reads_in_full() or index >= MAX_ANCHORS:  # (one that makes no request is read all the same)
            sink.found.unread_commands += 1
            continue
        follow_end = min(len(text), match.end() + FOLLOW_CHARS,
                         matches[index + 1].start() if index + 1 < len(matches) else len(text))
        table = Scope(assignments, match.start(), 0)
        built = _built(brackets, match, follow_end)
        if built is None:
            continue
        php = match.group("guzzle") or match.group("php_curl")
        url = resolve(_php(built.url) if php else _readable(built.url, table), table, unknown=RUNTIME_VALUE)
        dotnet = match.group("dotnet") or match.group("shortcut")
        # Guzzle joins a relative URI to base_uri, .NET to the client's BaseAddress, as RFC 3986 says
        joined_to = base_uri if php else dotnet_base if dotnet else ""
        if joined_to and "://" not in url:
            url = urljoin(joined_to, url)
        if not URL_LIKE.search(url):
            continue  # `$config->get('key')`: no request
        body, content_type = (built.body, "") if built.body_made else _body(built.body, table)
        headers = [(resolve(name, table), resolve(value, table, unknown=RUNTIME_VALUE))
                   for name, value in built.headers]
        if dotnet:
            named = {name.lower() for name, _ in headers}
            headers += [(name, value) for name, value in dotnet_headers if name.lower() not in named]
        if content_type and not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", content_type))
        line = lines.line_of(match.start())
        auth = None
        if built.user_password:
            user, _, secret = resolve(_php(built.user_password), table, unknown=RUNTIME_VALUE).partition(":")
            auth = sink.basic(user, secret, line, "user:secret given in code", "code-auth")
        sink.command_count += 1
        sink.consume_call(lines, match.start(), built.end)
        sink.request(origin="code", line=line, method=_method(built.method, table), url=url, headers=headers,
                     body=body, auth=auth, written_url=url)


def _client_defaults(brackets: Brackets, assignments: Assignments, lines: LineIndex,
                     sink: Collector) -> tuple[str, list[tuple[str, str]]]:
    """The base address and default headers a .NET HttpClient is given, resolved (one client per
    snippet, as tickets show it); their statements are read, so no settings reader reads them again."""
    base, headers = "", []
    for count, default in enumerate(CLIENT_DEFAULT.finditer(brackets.text)):
        arguments = brackets.span(default.end() - 1, "(", ")")
        if count == MAX_CLIENT_DEFAULTS or arguments is None:
            break
        table = Scope(assignments, default.start(), 0)
        values = split_top(arguments[1:-1])
        if default.group("base") and values:
            base = resolve(values[0], table, unknown=RUNTIME_VALUE)
        elif default.group("authorization") and len(values) == 2:
            headers.append(("Authorization", resolve(_scheme_and_value(values), table, unknown=RUNTIME_VALUE)))
        elif len(values) == 2:
            headers.append((resolve(values[0], table), resolve(values[1], table, unknown=RUNTIME_VALUE)))
        sink.consume_call(lines, default.start(), default.end() - 1 + len(arguments))
    return base, headers


def _built(brackets: Brackets, match: re.Match[str], follow_end: int) -> Built | None:
    """The request one anchor makes, with what the code sets on it afterwards."""
    args_text = brackets.span(match.end() - 1, "(", ")")
    if args_text is None:
        return None
    end = match.end() - 1 + len(args_text)
    built = _made(brackets, match, split_top(args_text[1:-1]), end, follow_end)
    return built._replace(end=max(built.end, end)) if built else None


def _made(brackets: Brackets, match: re.Match[str], args: list[str], end: int, follow_end: int) -> Built | None:
    """What the anchor's call and the code around it make, by the kind of client."""
    if match.group("chain"):
        return _chain(brackets, args, end)
    if match.group("shortcut"):
        method = match.group("shortcut_method").upper()
        return Built(method, args[0], args[1] if len(args) > 1 else None, []) if args else None
    if match.group("guzzle"):
        return _guzzle(match.group("guzzle_method").upper(), args)
    if match.group("go"):
        args = args[1:] if match.group("context") else args
        if len(args) < 2:
            return None
        built = Built(GO_METHODS.get(args[0], args[0]), args[1], args[2] if len(args) > 2 else None, [])
    elif match.group("apache") or match.group("ruby"):
        if not args:
            return None
        # Ruby takes headers as a hash after the URI: Net::HTTP::Post.new(uri, "Content-Type" => "application/json")
        headers = [(f'"{key}"', value) for key, value in _arrow_items(args[1])] \
            if match.group("ruby") and len(args) > 1 else []
        built = Built((match.group("apache_method") or match.group("ruby_method")).upper(), args[0], None, headers)
    elif match.group("php_curl"):
        return _php_curl(brackets, match, Built("", args[0] if args else "", None, []), follow_end)
    else:  # new HttpRequestMessage(HttpMethod.Post, url) { Content = … }
        if len(args) < 2:
            return None
        method = args[0].rpartition(".")[2] if args[0].startswith("HttpMethod.") else args[0]
        built = Built(method, args[1], None, [])
        initializer = CONTENT_IN_INITIALIZER.match(brackets.text, end)
        if initializer:
            built = built._replace(body=initializer.group(1).rstrip(", \t"))
    return _followed(brackets, match, built, follow_end)


def _followed(brackets: Brackets, match: re.Match[str], built: Built, follow_end: int) -> Built:
    """Headers and a body set on the request's variable after it is made (Go, Apache, .NET, Ruby)."""
    text = brackets.text
    line_start = text.rfind("\n", 0, match.start()) + 1
    named = ASSIGNED_TO.search(text, line_start, match.start())
    if named is None:
        return built
    name = re.escape(named.group(1))
    headers = list(built.headers)
    body = built.body
    for setter in re.compile(SET_ON.format(name=name)).finditer(text, match.end(), follow_end):
        pair = split_top((brackets.span(setter.end() - 1, "(", ")") or "()")[1:-1])
        if len(pair) == 2:
            headers.append((pair[0], pair[1]))
    for setter in re.compile(INDEXED_ON.format(name=name), re.M).finditer(text, match.end(), follow_end):
        headers.append((setter.group(1), setter.group(2).strip()))
    for setter in re.compile(AUTHORIZATION_ON.format(name=name)).finditer(text, match.end(), follow_end):
        pair = split_top((brackets.span(setter.end() - 1, "(", ")") or "()")[1:-1])
        if len(pair) == 2:
            headers.append(('"Authorization"', _scheme_and_value(pair)))
    content = re.compile(CONTENT_ON.format(name=name)).search(text, match.end(), follow_end)
    if content:
        if content.group(0).endswith("("):
            body = (brackets.span(content.end() - 1, "(", ")") or "()")[1:-1]
        else:
            body = _statement(text, content.end(), follow_end)
    return built._replace(headers=headers, body=body)


def _scheme_and_value(arguments: list[str]) -> str:
    """new AuthenticationHeaderValue(scheme, value)'s header value, as an expression resolve() reads."""
    return f'{arguments[0]} + " " + {arguments[1]}'


def _statement(text: str, start: int, limit: int) -> str:
    """An assignment's value: to its line's end (Ruby, Go), or to its `;` when its brackets open
    past the line (new StringContent(json,↵ Encoding.UTF8, "application/json");)."""
    line_end = text.find("\n", start, limit)
    value = text[start:limit if line_end < 0 else line_end]
    if value.count("(") > value.count(")"):
        semicolon = text.find(";", start, limit)
        value = text[start:limit if semicolon < 0 else semicolon]
    return value.rstrip().rstrip(";")


def _chain(brackets: Brackets, args: list[str], end: int) -> Built | None:
    """A builder chain: HttpRequest.newBuilder(uri).header(…).POST(…).build(), or OkHttp's
    new Request.Builder().url(…).post(…).build(). The method is GET unless the chain names one."""
    method, url, body, headers = "GET", _uri(args[0]) if args else "", None, []
    for _ in range(MAX_CHAIN_STEPS):
        step = CHAIN_CALL.match(brackets.text, end)
        if step is None:
            break
        step_args = brackets.span(step.end() - 1, "(", ")")
        if step_args is None:
            break
        end = step.end() - 1 + len(step_args)
        name, values = step.group(1), split_top(step_args[1:-1])
        if name in ("uri", "url") and values:
            url = _uri(values[0])
        elif name.lower() in CHAIN_METHODS:
            method, body = CHAIN_METHODS[name.lower()], values[0] if values else None
        elif name == "method" and values:
            method, body = values[0], values[1] if len(values) > 1 else None
        elif name in ("header", "setHeader", "addHeader") and len(values) == 2:
            headers.append((values[0], values[1]))
        elif name == "build":
            break
    return Built(method, url, body, headers, end=end) if url else None


def _uri(expression: str) -> str:
    """The URL inside URI.create(…), new URI(…) or URI(…)."""
    call = re.match(r"\A(?:new[ \t]++)?(?:URI\.create|URI|Uri)[ \t]*+\((.*)\)\Z", expression.strip(), re.S)
    return call.group(1).strip() if call else expression


def _guzzle(method: str, args: list[str]) -> Built | None:
    """$client->request('POST', $uri, [options]) or $client->post($uri, [options]): headers, and the
    body of 'json', 'body' or 'form_params'."""
    if method == "REQUEST":
        if len(args) < 2:
            return None
        method, args = _php(args[0]).strip("'\"").upper(), args[1:]
    if not args:
        return None
    options = dict(_arrow_items(args[1])) if len(args) > 1 else {}
    headers = [(f'"{name}"', _php(value)) for name, value in _arrow_items(options.get("headers", ""))]
    pair = split_top(options.get("auth", "[]").strip()[1:-1])  # 'auth' => [$user, $password]
    user_password = f"{pair[0]} . ':' . {pair[1]}" if len(pair) >= 2 else None
    if "json" in options:
        headers.append(('"Content-Type"', '"application/json"'))
        return Built(method, args[0], _php_json(options["json"]), headers, body_made=True,
                     user_password=user_password)
    if "form_params" in options:
        headers.append(('"Content-Type"', '"application/x-www-form-urlencoded"'))
        return Built(method, args[0], "&".join(f"{key}={_php_json(value).strip(chr(34))}"
                                               for key, value in _arrow_items(options["form_params"])), headers,
                     body_made=True, user_password=user_password)
    return Built(method, args[0], _php(options["body"]) if "body" in options else None, headers,
                 user_password=user_password)


def _php(expression: str) -> str:
    """A PHP expression in the form resolve() reads: `.` joins strings as `+` does, a $name outside
    strings is the name (inside a double-quoted string it stays: a value filled at run time)."""
    return " + ".join(piece if piece[:1] in ("'", '"') else PHP_VARIABLE.sub(r"\1", piece)
                      for piece in split_top(expression, "."))


def _arrow_items(expression: str) -> list[tuple[str, str]]:
    """PHP's ['key' => value, …] or array('key' => value, …), Ruby's { "key" => value } or bare
    "key" => value, …: (key, value expression) pairs."""
    expression = expression.strip()
    inner = expression[1:-1] if expression[:1] in ("[", "{") else \
        expression[6:-1] if expression.startswith("array(") else expression
    items = []
    for part in split_top(inner):
        key, arrow, value = part.partition("=>")
        if arrow:
            items.append((key.strip().strip("'\""), value.strip()))
    return items


def _php_json(expression: str) -> str:
    """The JSON Guzzle sends for a 'json' option: a literal array as an object or a list of its
    values as far as they are literals; anything else a run-time value."""
    items = _arrow_items(expression)
    if items:
        return "{" + ", ".join(f'"{key}": {_php_json(value)}' for key, value in items) + "}"
    expression = expression.strip()
    if expression.startswith("["):
        return "[" + ", ".join(_php_json(value) for value in split_top(expression[1:-1])) + "]"
    if expression[:1] in ("'", '"') and expression[-1:] == expression[:1]:
        return '"' + expression[1:-1].replace('"', '\\"') + '"'
    if expression in ("true", "false", "null") or expression.lstrip("-").isdigit():
        return expression
    return '"' + RUNTIME_VALUE % expression.lstrip("$") + '"'


def _body(expression: str | None, table: Scope) -> tuple[str | None, str]:
    """The body an expression sends, and the Content-Type it sets: through the wrappers clients
    take a body in (strings.NewReader(x), BodyPublishers.ofString(x), RequestBody.create(x, type),
    new StringEntity(x, ContentType.APPLICATION_JSON), new StringContent(x, Encoding.UTF8,
    "application/json")) to the string or name inside; none for nil, null or noBody()."""
    content_type = ""
    while expression is not None:
        expression = expression.strip().rstrip(";")
        if NO_BODY.match(expression):
            return None, content_type
        call = CALL.match(expression)
        if call is None:
            break
        values = split_top(call.group(1))
        if any(JSON_TYPE.search(value) for value in values) or JSON_TYPE.search(expression.split("(", 1)[0]):
            content_type = "application/json"
        values = [value for value in values if not ENCODING_ARGUMENT.search(value)]
        if not values:
            return None, content_type
        expression = values[0]
    if expression is None:
        return None, content_type
    body = resolve(expression, table, unknown=RUNTIME_VALUE)
    return (body or None), content_type


def _formatted(expression: str) -> str:
    """A formatting call (fmt.Sprintf, String.format, string.Format) as the concatenation it makes,
    which resolve() reads: "%s/repositories/%s", base, ws -> base + "/repositories/" + ws."""
    call = FORMAT_CALL.match(expression.strip())
    values = split_top(call.group(1)) if call else []
    if not values or values[0][:1] not in ("'", '"') or values[0][-1:] != values[0][:1]:
        return expression
    template, quote, arguments = values[0][1:-1], values[0][0], values[1:]
    pieces, at, order = [], 0, iter(arguments)
    for field in FORMAT_FIELD.finditer(template):
        pieces.append(quote + template[at:field.start()] + quote)
        index = field.group(1)
        argument = arguments[int(index)] if index is not None and int(index) < len(arguments) else \
            next(order, None) if index is None else None
        pieces.append(argument if argument is not None else quote + field.group(0) + quote)
        at = field.end()
    pieces.append(quote + template[at:] + quote)
    return " + ".join(pieces)


def _method(expression: str, table: Scope) -> str:
    """The HTTP method a method expression names: "POST", Post, a name bound to one; else unknown."""
    expression = expression.strip()
    if expression.upper() in HTTP_METHODS:
        return expression.upper()
    named = resolve(expression, table, unknown="")
    return named.upper() if named.upper() in HTTP_METHODS else ""


def _readable(expression: str, table: Scope) -> str:
    """A URL expression in the form resolve() reads: a name bound to URI("…") or to a formatting
    call stands for that call's URL, fmt.Sprintf(…) for the concatenation it makes."""
    bound = table.get(expression.strip()) if NAME.fullmatch(expression.strip()) else None
    if bound and (FORMAT_CALL.match(bound.strip()) or _uri(bound) != bound):
        expression = bound
    return _formatted(_uri(expression))


def _php_curl(brackets: Brackets, match: re.Match[str], built: Built, follow_end: int) -> Built:
    """$ch = curl_init(url) and the curl_setopt($ch, CURLOPT_…, value) calls after it: the URL, the
    method (CURLOPT_CUSTOMREQUEST, else POST with CURLOPT_POST or CURLOPT_POSTFIELDS), the headers
    ("Name: value" strings), the body and CURLOPT_USERPWD's "user:secret"."""
    text = brackets.text
    named = ASSIGNED_TO.search(text, text.rfind("\n", 0, match.start()) + 1, match.start())
    if named is None:
        return built
    options: dict[str, str] = {}
    for option in re.compile(CURL_OPTION_ON.format(name=re.escape(named.group(1)))).finditer(text, match.end(),
                                                                                            follow_end):
        arguments = split_top((brackets.span(text.rfind("(", option.start(), option.end()), "(", ")") or "()")[1:-1])
        if len(arguments) == 3:
            options[option.group(1)] = arguments[2]
    headers = [tuple(part.strip() for part in _php(header).strip("'\"").partition(":")[::2])
               for header in split_top(options.get("CURLOPT_HTTPHEADER", "[]").strip()[1:-1])]
    body = options.get("CURLOPT_POSTFIELDS")
    method = options.get("CURLOPT_CUSTOMREQUEST") or ("POST" if body or options.get("CURLOPT_POST", "").lower()
                                                      in ("true", "1") else "GET")
    return built._replace(url=options.get("CURLOPT_URL", built.url), method=method, body=body,
                          headers=[(f'"{name}"', f'"{value}"') for name, value in headers],
                          user_password=options.get("CURLOPT_USERPWD"))
