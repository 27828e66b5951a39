"""Turn curl's words into the requests curl would really send.

Why so literal: most tickets are a curl command that "looks right". The
diagnosis depends on what curl actually puts on the wire: `-d` turning GET into
POST, `-G` moving data into the query, single-item braces vanishing, a
flattened `\\ --user` becoming a URL so no credentials go out at all. The
option table comes from `curl --help all` (knowledge/curl_options.json), so an
option we have no special meaning for still takes the right number of words.
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import quote_plus, unquote, urlsplit

from triage.read import curl_glob
from triage.read.shell import Word

FLAG_OPTIONS = {
    "verbose": "verbose", "trace": "verbose", "trace-ascii": "verbose", "include": "include",
    "silent": "silent", "show-error": "show_error", "fail": "fail", "fail-with-body": "fail",
    "write-out": "write_out", "output": "output", "location": "location", "insecure": "insecure",
    "head": "head", "get": "get", "globoff": "globoff", "dump-header": "include",
}
AUTH_METHOD_OPTIONS = {"digest", "ntlm", "negotiate", "anyauth", "aws-sigv4"}
NETRC_OPTIONS = {"netrc", "netrc-file", "netrc-optional"}


@lru_cache(maxsize=1)
def option_table() -> dict[str, dict[str, object]]:
    """Long option name -> {short, takes_arg}, as generated from the installed curl's help."""
    data = json.loads(resources.files("knowledge").joinpath("curl_options.json").read_text())
    return data["options"]


@lru_cache(maxsize=1)
def short_table() -> dict[str, str]:
    return {str(v["short"]): k for k, v in option_table().items() if v["short"]}


@dataclass
class CurlArgs:
    """Options in order (long name, value or None) and positional URLs, as curl reads them."""

    options: list[tuple[str, str | None, Word | None]] = field(default_factory=list)
    urls: list[Word] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    next_group: int = 0  # where the next URL group's words start (after --next), 0 when none follows

    def values(self, name: str) -> list[str]:
        return [v for n, v, _ in self.options if n == name and v is not None]

    def has(self, name: str) -> bool:
        return any(n == name for n, _, _ in self.options)


@dataclass
class RawRequest:
    """A request with raw values: it lives only inside extraction, never in a fact."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    body: str | None
    body_from_file: bool
    sent: bool
    auth_source: str
    basic_user: str | None = None
    basic_password: str | None = None
    damage: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    written_url: str = ""

    def header(self, name: str) -> str | None:
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)


# What curl 7.88 prints when it refuses an option (the detail of the damage recorded).
CURL_SAYS = {"unknown_option": "option {}: is unknown", "ambiguous_option": "option {}: is ambiguous",
             "missing_argument": "option {}: requires parameter"}


def _lookup_long(name: str) -> tuple[str | None, str]:
    """Exact name, else a unique prefix (curl accepts those), else an error kind."""
    table = option_table()
    if name in table:
        return name, ""
    if name.startswith("no-") and name[3:] in table:
        return (name[3:], "") if not table[name[3:]]["takes_arg"] else (None, "unknown_option")
    matches = [k for k in table if k.startswith(name)]
    if len(matches) == 1:
        return matches[0], ""
    return None, "ambiguous_option" if matches else "unknown_option"


def takes_argument(option: str) -> bool:
    """Whether an option word (`--header`, `-X`, `-sSu`) takes the next word as its argument."""
    table = option_table()
    if option.startswith("--"):
        name = _lookup_long(option[2:])[0]
        return bool(name and table[name]["takes_arg"])
    for position, letter in enumerate(option[1:], 1):
        name = short_table().get(letter)
        if name is None:
            return False
        if table[name]["takes_arg"]:
            return position == len(option) - 1  # -XPOST carries its own
    return False


def parse_args(words: list[Word], start: int = 0) -> CurlArgs:
    """Read curl's argument words (without the leading `curl`) from `start` to the end or to --next."""
    args = CurlArgs()
    table = option_table()
    index = start
    only_urls = False
    while index < len(words):
        word = words[index]
        text = word.text
        index += 1
        if only_urls or not text.startswith("-") or text == "-":
            args.urls.append(word)
            continue
        if text == "--":
            only_urls = True
            continue
        if text.startswith("--"):
            name, error = _lookup_long(text[2:])
            if name is None:
                args.errors.append((error, CURL_SAYS[error].format(text)))
                return args
            if name == "next":
                args.next_group = index
                return args
            negated = text[2:].startswith("no-") and text[2:] not in table
            if table[name]["takes_arg"]:
                value = words[index].text if index < len(words) else None
                if value is None:
                    args.errors.append(("missing_argument", CURL_SAYS["missing_argument"].format(text)))
                    return args
                args.options.append((name, value, words[index]))
                index += 1
            else:
                args.options.append((("no-" if negated else "") + name, None, word))
            continue
        letters = text[1:]
        position = 0
        while position < len(letters):
            letter = letters[position]
            name = short_table().get(letter)
            if name is None:
                args.errors.append(("unknown_option", CURL_SAYS["unknown_option"].format("-" + letter)))
                return args
            position += 1
            if name == "next":
                args.next_group = index
                return args
            if table[name]["takes_arg"]:
                if position < len(letters):
                    args.options.append((name, letters[position:], word))
                elif index < len(words):
                    args.options.append((name, words[index].text, words[index]))
                    index += 1
                else:
                    args.errors.append(("missing_argument", CURL_SAYS["missing_argument"].format("-" + letter)))
                    return args
                break
            args.options.append((name, None, word))
    return args


def parse_groups(words: list[Word]) -> list[CurlArgs]:
    """Each URL group of a command: `--next` (`-:`) starts a new one with options of its own."""
    groups = [parse_args(words)]
    while groups[-1].next_group:
        groups.append(parse_args(words, groups[-1].next_group))
    return groups


def refusals(groups: list[CurlArgs]) -> list[tuple[str, str] | None]:
    """For each --next group, why curl sends none of its requests, if it does not: curl stops reading
    a command at the first group it refuses (an unknown option, -I with -d), and sends that group
    and the ones after it nothing; the groups before it are sent."""
    why: tuple[str, str] | None = None
    found: list[tuple[str, str] | None] = []
    for args in groups:
        if why is None and args.errors:
            why = args.errors[0]
        elif why is None:
            conflict = _method(args, bool(_data_parts(args)[0]), _has_form(args))[1]
            why = ("method_conflict", conflict) if conflict else None
        found.append(why)
    return found


def refused(requests: list[RawRequest], why: tuple[str, str] | None) -> list[RawRequest]:
    """The requests, none of them sent when curl refuses their group (`why`, from `refusals`)."""
    for request in requests if why else []:
        if request.sent:
            request.sent = False
            request.damage = [*request.damage, why]
    return requests


def _data_parts(args: CurlArgs) -> tuple[list[str], bool]:
    """The -d family's pieces (and --json's) as curl joins them with '&', and whether any came from a file."""
    parts: list[str] = []
    from_file = False
    for name, value, _ in args.options:
        if value is None:
            continue
        if name in ("data", "data-ascii", "data-binary"):
            if value.startswith("@"):
                from_file = True
                parts.append("")
            else:
                parts.append(value if name == "data-binary" else value.replace("\r", "").replace("\n", ""))
        elif name == "data-raw":
            parts.append(value)
        elif name == "data-urlencode":
            from_file |= _has_file_reference(value)
            parts.append(_urlencode_data(value))
        elif name == "json":  # --data-binary's piece, joined to the one before it without a '&'
            from_file |= value.startswith("@")
            piece = "" if value.startswith("@") else value
            if parts:
                parts[-1] += piece
            else:
                parts.append(piece)
    return parts, from_file


def _has_file_reference(value: str) -> bool:
    head = value.split("=", 1)[0]
    return value.startswith("@") or ("@" in head and "=" not in value.split("@", 1)[0])


def _urlencode_data(value: str) -> str:
    """--data-urlencode's forms: name=content and =content encode the content, name@file and
    @file read a file (kept as written); only curl's unreserved characters stay as they are."""
    if "=" in value:
        name, content = value.split("=", 1)
        return (name + "=" if name else "") + quote_plus(content, safe="")
    if "@" in value:
        return value
    return quote_plus(value, safe="")


def _custom_headers(args: CurlArgs) -> list[tuple[str, str | None]]:
    """-H values: (name, value); value None means 'remove this header'."""
    headers: list[tuple[str, str | None]] = []
    for value in args.values("header"):
        if value.startswith("@"):
            continue
        if ":" in value and (";" not in value or value.index(":") < value.index(";")):
            name, content = value.split(":", 1)  # curl sends the value as written; a receiver trims its start
            headers.append((name.strip(), content.lstrip() if content.strip() else None))
        elif value.endswith(";"):
            headers.append((value[:-1].strip(), ""))
    return headers


STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _has_form(args: CurlArgs) -> bool:
    return bool(args.values("form") or args.values("form-string"))


def _method(args: CurlArgs, has_data: bool, has_form: bool) -> tuple[str, str]:
    """The request line method and, when curl refuses the combination, why."""
    requests_set = [v for v in args.values("request")]
    if args.has("head") and (has_data or has_form) and not args.has("get"):
        return "HEAD", "You can only select one HTTP request method"
    if requests_set:
        return requests_set[-1], ""
    if args.has("head"):
        return "HEAD", ""
    if args.has("get"):
        return "GET", ""
    if has_data or has_form or args.has("json"):
        return "POST", ""
    if args.has("upload-file"):
        return "PUT", ""
    return "GET", ""


def _valid_url(url: str) -> str:
    """'' when curl would accept the URL's form, else why not."""
    if any(c.isspace() for c in url):
        return "URL using bad/illegal format or missing URL"
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        port = parts.port
    except ValueError:
        return "Port number was not a decimal number between 0 and 65535"
    if not parts.hostname:
        return "No host part in the URL"
    del port
    return ""


def build_requests(args: CurlArgs, allow_no_url: bool = False) -> list[RawRequest]:
    """One RawRequest per URL curl would try, in order.

    With `allow_no_url`, a command without any URL still yields one unsent
    request, so its method, headers and credentials remain evidence.
    """
    damage: list[tuple[str, str]] = list(args.errors)
    sent_at_all = not args.errors
    data_parts, data_from_file = _data_parts(args)
    has_data = bool(data_parts)
    has_form = _has_form(args)
    method, conflict = _method(args, has_data, has_form)
    if conflict:
        damage.append(("method_conflict", conflict))
        sent_at_all = False
    if method != method.upper() and method.upper() in STANDARD_METHODS:
        damage.append(("method_case", method))  # curl sends it as written; HTTP methods are case-sensitive
    flags = sorted({flag for name, _, _ in args.options for opt, flag in FLAG_OPTIONS.items() if name == opt})
    urls = [w.text for w in args.urls] + args.values("url")
    if not urls and allow_no_url:
        damage.append(("no_url", "no URL reached curl"))
        urls = [""]
    body: str | None = None
    if args.has("get"):
        body = None
    elif has_data:
        body = "&".join(data_parts)
    elif has_form:
        body = "(multipart form)"
    # curl 7.88 appends the --url-query parts, or with -G and data only the data (the parts are lost)
    parts = data_parts if args.has("get") and data_parts else list(map(_url_query, args.values("url-query")))
    requests: list[RawRequest] = []
    if len(urls) > curl_glob.MAX_URLS:
        damage.append(("too_many_urls", str(len(urls))))
        urls = urls[:curl_glob.MAX_URLS]
    for raw_url in urls:
        raw_url = CI_EXPRESSION.sub(_ci_value, raw_url)
        try:
            expanded = curl_glob.Expanded([raw_url], 1) if args.has("globoff") else curl_glob.expand(raw_url)
        except curl_glob.GlobError as error:
            requests.append(RawRequest(method, raw_url, [], None, False, False, "none",
                                       damage=damage + [("glob_error", str(error))], flags=flags,
                                       written_url=raw_url))
            continue
        own = damage + [("glob_expands", str(expanded.count))] if expanded.count > 1 else damage
        for url in expanded.urls:
            url = _with_upload_name(url, args.values("upload-file"))
            if not args.has("path-as-is") or parts:  # a query added goes through curl's URL API, which
                url = _without_dot_segments(url)     # resolves dot segments even with --path-as-is
            url, hash_mark, fragment = url.partition("#")  # a query goes before the URL's fragment
            if parts:
                url = _append_query(url, "&".join(parts))
            url += hash_mark + fragment  # curl judges the whole URL, then never sends a fragment
            requests.append(_one_request(args, method, url, body, data_from_file, sent_at_all, own, flags,
                                         raw_url))
    return requests


def _ci_value(expression: re.Match[str]) -> str:
    """${{ github.sha }} as a run-time value ($github_sha): the CI fills it in before the shell runs,
    so its braces never reach curl's globbing."""
    return "$" + NOT_A_NAME.sub("_", expression.group(1))


def _append_query(url: str, appended: str) -> str:
    """The URL with -G data or --url-query parts added as curl's URL API adds them: after a '&' when
    the query has text not ending in one; as the query when there is none (an empty part then adds
    not even the '?'). The part's percent escapes come out in lower case (%3a; the URL's own stay as
    typed), and a '#' in it starts a fragment (judged with the URL, never sent)."""
    appended = PERCENT_HEX.sub(lambda m: m.group(0).lower(), appended)
    base, _, query = url.partition("?")
    if query:
        url = base + "?" + query + ("" if query.endswith("&") else "&") + appended
    elif appended:
        url = base + "?" + appended
    return url


def _url_query(part: str) -> str:
    """A --url-query part: after a '+' as written, else encoded as --data-urlencode encodes."""
    return part[1:] if part.startswith("+") else _urlencode_data(part)


CI_EXPRESSION = re.compile(r"\$\{\{\s*+([\w.-]++)\s*+\}\}")
NOT_A_NAME = re.compile(r"\W")
PERCENT_HEX = re.compile(r"%[0-9A-F]{2}")


DOT_SEGMENT = re.compile(r"/\.\.?+(?=/|$)")


def _without_dot_segments(url: str) -> str:
    """The URL with its path's `.` and `..` segments resolved, as curl sends it (RFC 3986 5.2.4;
    --path-as-is keeps them)."""
    scheme = url.find("://")
    start = url.find("/", scheme + 3 if scheme >= 0 else 0)
    if start < 0:
        return url
    ends = [i for i in (url.find("?", start), url.find("#", start)) if i >= 0]
    end = min(ends) if ends else len(url)
    path = url[start:end]
    if not DOT_SEGMENT.search(path):
        return url
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    trailing = "/" if path.endswith(("/.", "/..")) and kept else ""
    return url[:start] + "/" + "/".join(kept) + trailing + url[end:]


def _with_upload_name(url: str, uploads: list[str]) -> str:
    """curl -T file URL/: a URL whose path ends in '/' (or has none) gets the file's name appended."""
    if not uploads or uploads[-1] in ("-", "."):
        return url
    path = urlsplit(url if "://" in url else "http://" + url).path
    if path and not path.endswith("/"):
        return url
    name = uploads[-1].replace("\\", "/").rsplit("/", 1)[-1]
    return url + ("" if path else "/") + name


def _one_request(args: CurlArgs, method: str, url: str, body: str | None, from_file: bool, sent: bool,
                 damage: list[tuple[str, str]], flags: list[str], written_url: str) -> RawRequest:
    own_damage = list(damage)
    problem = _valid_url(url) if url else "no URL"
    url = url.split("#", 1)[0]
    if problem and url:
        own_damage.append(("bad_url", problem))
    sent = sent and not problem
    full = url if "://" in url else "http://" + url
    parts = urlsplit(full) if not problem else None
    headers: list[tuple[str, str]] = []
    if parts:
        netloc = parts.netloc.rsplit("@", 1)[-1]
        headers.append(("Host", netloc))
    auth_source, user, password = _credentials(args, parts, own_damage)
    if auth_source in ("user-option", "url-userinfo"):
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers.append(("Authorization", "Basic " + token))
    elif auth_source == "oauth2-bearer":
        headers.append(("Authorization", "Bearer " + args.values("oauth2-bearer")[-1]))
    headers.append(("User-Agent", (args.values("user-agent") or ["curl/7.88.1"])[-1]))
    accept = "application/json" if args.has("json") else "*/*"
    headers.append(("Accept", accept))
    if args.has("compressed"):
        headers.append(("Accept-Encoding", "deflate, gzip, br, zstd"))
    if args.values("referer"):
        headers.append(("Referer", args.values("referer")[-1].split(";auto")[0]))
    cookies = [c for c in args.values("cookie") if "=" in c]
    if cookies:
        headers.append(("Cookie", "; ".join(cookies)))
    if args.has("json"):  # --json sets its Content-Type whatever the method and body (-G, -I, empty)
        headers.append(("Content-Type", "application/json"))
    elif body is not None and method not in ("HEAD",):
        content_type = "multipart/form-data" if body == "(multipart form)" else "application/x-www-form-urlencoded"
        headers.append(("Content-Type", content_type))
    headers = _apply_custom(headers, _custom_headers(args))
    scheme_source = "header" if any(n.lower() == "authorization" for n, _ in _present(args)) else auth_source
    return RawRequest(
        method=method, url=_strip_userinfo(full) if parts else url, headers=headers,
        body=body if method != "HEAD" else None, body_from_file=from_file, sent=sent,
        auth_source=scheme_source, basic_user=user, basic_password=password,
        damage=own_damage, flags=flags, written_url=written_url,
    )


def _present(args: CurlArgs) -> list[tuple[str, str]]:
    return [(n, v) for n, v in _custom_headers(args) if v is not None]


def user_and_password(value: str) -> tuple[str, str, str]:
    """curl -u's value split at the pair's colon, as curl gets it after the shell expanded it: not the
    colon of PowerShell's $env:NAME nor one inside a $( ) subexpression ("$($env:U):$($env:T)")."""
    if "$" not in value:
        return value.partition(":")
    depth = 0
    for index, char in enumerate(value):
        if char == "(" and (depth or value.endswith("$", 0, index)):
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ":" and not depth and not value.endswith(("$env", "${env"), 0, index):
            return value[:index], ":", value[index + 1:]
    return value, "", ""


def _credentials(args: CurlArgs, parts, damage: list[tuple[str, str]]) -> tuple[str, str | None, str | None]:
    """Which credentials curl would send: -u beats URL userinfo; --oauth2-bearer adds Bearer."""
    if args.values("oauth2-bearer"):
        return "oauth2-bearer", None, None
    if any(args.has(name) for name in NETRC_OPTIONS) and not args.values("user"):
        return "netrc", None, None
    users = args.values("user")
    if users:
        user, sep, password = user_and_password(users[-1])
        if not sep:
            damage.append(("password_prompt", "curl asks for the password interactively"))
            password = ""
        if any(args.has(name) for name in AUTH_METHOD_OPTIONS):
            return "other", user, password
        return "user-option", user, password
    if parts is not None and parts.username is not None:
        return "url-userinfo", unquote(parts.username), unquote(parts.password or "")
    return "none", None, None


INTERNAL_HEADERS = frozenset({"host", "user-agent", "accept", "authorization", "content-type", "referer", "cookie"})


def _apply_custom(headers: list[tuple[str, str]], custom: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """As curl sends them: its own headers but those a -H names ('Name:' only removes one), then
    every -H in order; a -H Host takes the place of curl's own Host line."""
    named = {name.lower() for name, _ in custom}
    hosts = [(name, value) for name, value in custom if name.lower() == "host" and value is not None]
    result: list[tuple[str, str]] = []
    for name, value in headers:
        if name.lower() not in named or name.lower() not in INTERNAL_HEADERS:
            result.append((name, value))
        elif name.lower() == "host":
            result += hosts[-1:]
    return result + [(name, value) for name, value in custom if value is not None and name.lower() != "host"]


def _strip_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


def requests_from_words(words: list[Word]) -> list[RawRequest]:
    """Requests of one command whose words start at (or before) the `curl` word."""
    start = next((i for i, w in enumerate(words) if w.text in ("curl", "curl.exe") or w.text.endswith("/curl")), None)
    if start is None:
        return []
    groups = parse_groups(words[start + 1:])
    return [request for args, why in zip(groups, refusals(groups)) for request in refused(build_requests(args), why)]
