"""Requests made by pasted code: Python requests/httpx (calls on the module, or on a session or
client the snippet sets up: its headers, auth and base URL apply to each call), JavaScript
fetch/axios.

Why not `ast`: forum paste strips indentation, so real tickets rarely parse.
Instead a bounded scan finds the calls, splits their arguments at top level,
and resolves names through the snippet's simple assignments (first one wins,
and a parameter `token` may be filled by a constant `TOKEN`, as a reader would).
"""
from __future__ import annotations

import ast
import base64
import bisect
import json
import re
from collections.abc import Iterator
from functools import lru_cache, partial
from typing import NamedTuple
from urllib.parse import urlencode

from triage.knowledge import BODY_METHODS
from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.reason.vocabulary import Auth

PY_METHODS = r"(get|post|put|patch|delete|head|request)\s*\("
PY_CALL_OBJECTS = frozenset({"requests", "httpx", "session", "sess", "s", "client", "http"})


def _calls_on(objects: frozenset[str]) -> re.Pattern[str]:
    """Calls of an HTTP method on one of these objects: `requests.post(`, `s.get(`."""
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(objects))) + r")\." + PY_METHODS)


PY_CALL = _calls_on(PY_CALL_OBJECTS)
SESSION_NAMES = PY_CALL_OBJECTS - {"requests", "httpx"}
JS_CALL = re.compile(r"\b(fetch|axios(?:\.(?:get|post|put|patch|delete|head|request))?)\s*\(")
# `name = …`, also typed (`String url = …`, `final String URL = …`, `string url = …`), Go's `url := …`,
# PHP's `$url = …`, and an object's own field (`self.base = …`, `this.base = …`) under its name.
ASSIGN = re.compile(r"(?m)^[ \t]*+(?:(?:const|let|var|val|final|static|private|public|auto)[ \t]++)*+"
                    r"(?:(?:[A-Z][\w.]*+(?:<[^<>=\n]*+>)?+|string|int|long|bool)(?:\[\])?+[ \t]++(?=[$A-Za-z_]))?+"
                    r"(?:(?:self|this)\.)?+\$?+([A-Za-z_]\w*+)[ \t]*+(?::[ \t]*+[\w\[\], .\t]++)?:?=(?!=)\s*(.+)$")
# Whole-expression patterns (used with match on one expression) start at \A: a search for them in
# a long text would otherwise retry each start.
# (C#'s $"…{name}…" interpolates as an f-string does; @"…" is verbatim, as r"…".)
STRING = re.compile(r"""\A(?P<prefix>[rRbBfF$@]{0,2})(?P<q>'''|\"\"\"|'|"|`)(?P<body>.*?)(?P=q)\Z""", re.S)
ENV_DEFAULT = re.compile(r"""\Aos\.(?:getenv|environ\.get)\(\s*+['"](\w++)['"]\s*+(?:,\s*+(.+?))?\)\s*+\Z""",
                         re.S)
ENV_INDEX = re.compile(r"""\A(?:os\.environ\[|process\.env\.|ENV\[|\$_ENV\[|\$_SERVER\[)['"]?(\w++)""")
# Environment look-ups in other languages: System.getenv("X"), os.Getenv("X"), getenv('X'), …
ENV_CALL = re.compile(r"""\A(?:System\.getenv|os\.Getenv|os\.LookupEnv|Environment\.GetEnvironmentVariable|getenv|"""
                      r"""System\.Environment\.GetEnvironmentVariable)\(\s*+["'](\w++)["']\s*+\)\Z""")
NAME = re.compile(r"[A-Za-z_]\w*+")
NUMBER = re.compile(r"-?\d++(?:\.\d++)?+")
ESCAPED_QUOTE = re.compile(r"\\([\"'\\])")
UNESCAPED = {quote: re.compile(r"(?<!\\)" + quote) for quote in ("'", '"', "`")}  # a quote that ends a string
BRACED_NAME = re.compile(r"\{([A-Za-z_]\w*+)\}")
KEYWORD_ARGUMENT = re.compile(r"(?<!\w)\w++\s*+=(?!=)")
AUTH_PAIR = re.compile(r"\A(?:\(|\[|(?:requests\.auth\.|httpx\.)?(?:HTTPBasicAuth|BasicAuth)\()(.*)[)\]]\Z", re.S)
F_FIELD = re.compile(r"\{([^{}]++)\}")  # {name} in a Python f-string
JS_FIELD = re.compile(r"\$\{([^{}]++)\}")  # ${name} in a JavaScript template literal
RUBY_FIELD = re.compile(r"#\{([^{}]++)\}")  # #{name} in a Ruby double-quoted string
# A session or client the snippet creates, and what it sets on it; each call through it sends them.
# (requests.Session(), httpx.Client(…), or an SDK's own ApiClient(base_url=…, headers=…): a client that
# is given a base URL, headers or auth when made sends them; an object may keep it as a field: self.s = …)
SESSION_NEW = re.compile(r"(?m)^[ \t]*+(?:(?:self|this)\.)?+([A-Za-z_]\w*+)[ \t]*+=[ \t]*+(?:\w++\.)*+"
                         r"(?P<kind>\w*?(?:Session|Client))\(")
KNOWN_SESSIONS = frozenset({"Session", "session", "Client", "AsyncClient"})  # requests' and httpx's own
SESSION_SET = re.compile(r"(?m)^[ \t]*+(?:(?:self|this)\.)?+([A-Za-z_]\w*+)\."
                         r"(?:(headers)\.update\(|headers\[[ \t]*+['\"]([\w-]++)['\"][ \t]*+\]"
                         r"[ \t]*+=(?!=)[ \t]*+(.+)$|auth[ \t]*+=(?!=)[ \t]*+(.+)$)")
MAX_SESSION_HEADERS = 100
MAX_SESSIONS = 50  # clients made in one snippet (a real one makes one or two)
SESSION_GATE = ("Session(", "session(", "Client(", ".auth", ".headers")  # one is in any session made or set
CALL = re.compile(r"\A([A-Za-z_][\w.]*+)\s*+\(.*\)\Z", re.S)
# What code base64-encodes for a Basic header: btoa(x), Buffer.from(x).toString('base64'),
# base64.b64encode(x.encode()).decode(), Java's Base64.getEncoder().encodeToString(x.getBytes()),
# C#'s Convert.ToBase64String(Encoding.UTF8.GetBytes(x)), Go's base64.StdEncoding.EncodeToString([]byte(x)).
# The encoding argument and .encode()/.getBytes() are dropped after.
BASE64_CALL = re.compile(r"""\A(?:btoa\((?P<js>.*)\)|Buffer\.from\((?P<node>.*)\)\.toString\(\s*+['"]base64['"]\s*+\)|"""
                         r"""(?:base64\.)?b64encode\((?P<py>.*?)\)(?:\.decode\([^()]*+\))?+|"""
                         r"""(?:java\.util\.)?Base64\.get(?:Mime)?Encoder\(\)\.encodeToString\((?P<java>.*)\)|"""
                         r"""(?:System\.)?Convert\.ToBase64String\(\s*+(?:System\.Text\.)?Encoding\.\w++\.GetBytes\((?P<cs>.*)\)\s*+\)|"""
                         r"""base64\.(?:Std|URL|RawStd|RawURL)Encoding\.EncodeToString\(\s*+\[\]byte\((?P<go>.*)\)\s*+\))\Z""", re.S)
# OkHttp's Credentials.basic(user, secret): the whole Basic header value, scheme and all.
BASIC_CREDENTIALS = re.compile(r"\A(?:okhttp3\.)?Credentials\.basic\((.*)\)\Z", re.S)
ENCODING_ARGUMENT = re.compile(r""",\s*+['"][\w-]++['"]\Z|\.(?:encode|getBytes)\([^()]*+\)\Z""")  # on the stripped inner part
JSON_DUMPS = re.compile(r"\A(?:json|simplejson)\.dumps\((.*)\)\Z", re.S)
JS_BODY = re.compile(r"\A(JSON\.stringify|new\s+URLSearchParams)\((.*)\)\Z", re.S)
# A page's 'next' link with more put after it before it is requested: data["next"] + "&pagelen=50",
# f"{page['next']}&pagelen=50", `${body.next}&x=1`, $(jq -r '.next')"&pagelen=100", next + "/".
NEXT_CHANGED = re.compile(r"""(?:\[[ \t]*+['"]next['"][ \t]*+\]|\.get\([ \t]*+['"]next['"]|\.next\b(?![ \t]*+\())"""
                          r"""[^\n]{0,40}?(?:\+[ \t]*+['"`]|[)}]['"]?)[&?/]""")
MAX_NEXT_CHANGED = 20  # lines kept (a snippet has one)
MAX_ARGS = 4000
RUNTIME_VALUE = "$%s"  # a name the snippet never assigns: its value comes at run time (a parameter, a loop)
MAX_ASSIGNMENTS = 10_000  # a snippet's names resolved at most; a paste with more is not a snippet


FUNCTION_START = re.compile(r"(?m)^[ \t]*(?:async\s+)?(?:def|function)\s+\w+")


class Assignments:
    """The snippet's simple assignments, indexed by name (exact spelling, and lower-cased) in text
    order, so that a look-up costs a binary search however many there are."""

    def __init__(self, found: list[tuple[int, str, str]]) -> None:
        self.exact: dict[str, tuple[list[int], list[str]]] = {}
        self.folded: dict[str, tuple[list[int], list[str]]] = {}
        for at, name, value in found:
            for index, key in ((self.exact, name), (self.folded, name.lower())):
                offsets, values = index.setdefault(key, ([], []))
                offsets.append(at)
                values.append(value)


class Scope:
    """Name lookup as a reader does it: inside the calling function first, then the whole snippet."""

    def __init__(self, assignments: Assignments, call_at: int, function_at: int) -> None:
        self.assignments = assignments
        self.call_at = call_at
        self.function_at = function_at

    def get(self, name: str) -> str | None:
        """The first assignment inside the calling function before the call, else the last one
        before the call, else the first one at all: exact spelling first, then any case."""
        offsets, values = self.assignments.exact.get(name) or self.assignments.folded.get(name.lower()) or ([], [])
        if not offsets:
            return None
        before = bisect.bisect_left(offsets, self.call_at)
        inside = bisect.bisect_left(offsets, self.function_at)
        if inside < before:
            return values[inside]
        return values[before - 1] if before else values[0]


class Brackets:
    """Bracketed spans of one text. Each look-up reads at most MAX_ARGS characters, and all of them
    together about the text's length: a paste of thousands of unclosed `fetch(` is read in linear
    time (the look-ups past the allowance find nothing), a real snippet never comes near it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.allowance = len(text) + 8 * MAX_ARGS

    def span(self, start: int, open_char: str, close_char: str) -> str | None:
        """The bracketed text starting at `start` (inclusive), or None when it does not close in reach."""
        end = min(len(self.text), start + MAX_ARGS, start + max(0, self.allowance))
        self.allowance -= end - start
        depth = 0
        for index, char in _unquoted(self.text, open_char + close_char, start, end):
            if char == open_char:
                depth += 1
            elif char == close_char:
                depth -= 1
                if depth == 0:
                    self.allowance += end - index - 1  # what was not read is not spent
                    return self.text[start:index + 1]
        return None


class Session(NamedTuple):
    """What a requests Session or httpx Client carries into every call made through it."""

    headers: dict[str, tuple[str, str]]  # lower-case name -> (name, value): a later setting replaces one
    auth: str  # the expression, as an auth= argument would be written
    base_url: str

    def set_headers(self, items: list[tuple[str, str]]) -> None:
        """Set headers as the snippet does, at most MAX_SESSION_HEADERS names (each call sends them
        all: a paste that sets thousands would make every call's request that big)."""
        for name, value in items:
            if name.lower() in self.headers or len(self.headers) < MAX_SESSION_HEADERS:
                self.headers[name.lower()] = (name, value)


def extract_code(text: str, lines: LineIndex, sink: Collector) -> None:
    if "next" in text:
        _next_changed(text, lines, sink)
    brackets = Brackets(text)
    assignments = Assignments(assignments_of(brackets))
    functions = [m.start() for m in FUNCTION_START.finditer(text)]
    sessions = _sessions(brackets, Scope(assignments, len(text), 0)) \
        if any(word in text for word in SESSION_GATE) else {}
    calls = [PY_CALL]
    if sessions.keys() - PY_CALL_OBJECTS:
        calls.append(_calls_on(frozenset(sessions) - PY_CALL_OBJECTS))
    python_call = partial(_python_call, sessions=sessions)
    for pattern, handler in [*((call, python_call) for call in calls), (JS_CALL, _js_call)]:
        for match in pattern.finditer(text):
            function_at = functions[bisect.bisect_left(functions, match.start()) - 1] \
                if functions and functions[0] < match.start() else 0
            handler(brackets, match, Scope(assignments, match.start(), function_at), lines, sink)


def _next_changed(text: str, lines: LineIndex, sink: Collector) -> None:
    """Where code adds to the 'next' link of a page: what it requests then is not the URL Bitbucket
    gave, whatever the request shows (a debug log rarely comes with the snippet)."""
    found = sink.found.next_link_changed
    for match in NEXT_CHANGED.finditer(text):
        line = lines.line_of(match.start())
        if line not in found:
            found.append(line)
            if len(found) == MAX_NEXT_CHANGED:
                return


def _sessions(brackets: Brackets, table: Scope) -> dict[str, Session]:
    """The sessions and clients the snippet creates, with the headers, auth and base URL it gives
    them (in the constructor or afterwards: `s.headers.update({...})`, `s.headers["X"] = …`,
    `s.auth = (…)`), wherever in the snippet it sets them. A snippet often leaves out where its
    `session` comes from: a name that calls take as a session is one when something is set on it."""
    sessions: dict[str, Session] = {}
    for match in SESSION_NEW.finditer(brackets.text):
        if len(sessions) == MAX_SESSIONS:
            break
        args = brackets.span(match.end() - 1, "(", ")") or "()"
        keywords = _keywords(split_top(args[1:-1]))
        if match.group("kind") not in KNOWN_SESSIONS and not keywords.keys() & {"base_url", "headers", "auth"}:
            continue  # another kind of client (a database's, a cloud's): nothing it is given is HTTP's
        session = sessions[match.group(1)] = Session({}, keywords.get("auth", ""), resolve(
            keywords["base_url"], table) if "base_url" in keywords else "")
        session.set_headers(_dict_items(keywords.get("headers", ""), table))
    for match in SESSION_SET.finditer(brackets.text):
        session = sessions.get(match.group(1))
        if session is None and match.group(1) in SESSION_NAMES:  # made where the snippet does not show
            session = sessions[match.group(1)] = Session({}, "", "")
        if session is None:
            continue
        if match.group(2):
            update = brackets.span(match.end() - 1, "(", ")")
            session.set_headers(_dict_items(update[1:-1], table) if update else [])
        elif match.group(3):
            session.set_headers([(match.group(3), resolve(strip_comment(match.group(4)), table,
                                                           unknown=RUNTIME_VALUE))])
        else:
            sessions[match.group(1)] = session._replace(auth=strip_comment(match.group(5)).strip())
    return sessions


def _keywords(args: list[str]) -> dict[str, str]:
    """The keyword arguments of a call, name -> expression as written."""
    return {name.strip(): value.strip() for name, _, value in
            (arg.partition("=") for arg in args if KEYWORD_ARGUMENT.match(arg))}


def assignments_of(brackets: Brackets) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for match in ASSIGN.finditer(brackets.text):
        if len(found) == MAX_ASSIGNMENTS:
            break
        name, value = match.group(1), strip_comment(match.group(2)).strip().rstrip(",;")
        if value.startswith("{") and not value.rstrip().endswith("}"):
            value = brackets.span(match.start(2), "{", "}") or value
        found.append((match.start(), name, value))
    return found


@lru_cache(maxsize=16)
def _finder(wanted: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(wanted) + "'\"`]")


def _unquoted(text: str, wanted: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """(index, char) for each of the `wanted` characters outside '…', "…" and `…` strings, escapes
    respected; a string left open runs to the end.

    The one quote-aware scan that comment stripping, bracket matching and splitting share; it jumps
    from one character that matters to the next instead of looking at each.
    """
    end = len(text) if end is None else end
    finder = _finder(wanted)
    index = start
    while (found := finder.search(text, index, end)) is not None:
        index = found.start()
        char = text[index]
        if char in wanted:
            yield index, char
            index += 1
            continue
        close = text.find(char, index + 1, end)
        while close > 0 and text[close - 1] == "\\":
            close = text.find(char, close + 1, end)
        if close < 0:
            return
        index = close + 1


def strip_comment(value: str) -> str:
    """Drop a trailing `# …` or `// …` comment that is outside any string."""
    for index, char in _unquoted(value, "#/"):
        if index and value.startswith((" #", " //", "\t#"), index - 1):
            return value[:index - 1]
    return value


def split_top(text: str, separator: str = ",") -> list[str]:
    """Non-empty parts of `text` split at `separator` outside strings and brackets (arguments split
    at top level only)."""
    parts, depth, begin = [], 0, 0
    for index, char in _unquoted(text, "([{)]}" + separator):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[begin:index].strip())
            begin = index + 1
    parts.append(text[begin:].strip())
    return [part for part in parts if part]


def _parenthesised(expression: str) -> bool:
    """Whether brackets wrap the whole expression: (a + b), not (a) + (b) or f(a)."""
    if expression[:1] != "(" or expression[-1:] != ")":
        return False
    depth = 0
    for index, char in _unquoted(expression, "()"):
        depth += 1 if char == "(" else -1
        if depth == 0:
            return index == len(expression) - 1
    return False


def resolve(expression: str, table: Scope, depth: int = 0, unknown: str = "{%s}") -> str:
    """Best-effort value of a Python/JS expression; unknown names stay `{name}` (or `unknown` % name:
    `$name` says the value is filled at run time, so it is no placeholder left in)."""
    expression = expression.strip()
    if depth > 6:
        return unknown % expression
    literal = STRING.match(expression)
    if literal and len(literal.group("q")) == 1 and UNESCAPED[literal.group("q")].search(literal.group("body")):
        literal = None  # "a" + b + "c": strings joined, not one string
    if literal:
        body = literal.group("body")
        if "f" in literal.group("prefix").lower() or "$" in literal.group("prefix"):
            return F_FIELD.sub(lambda m: resolve(m.group(1), table, depth + 1, unknown), body)
        if literal.group("q") == "`":
            return JS_FIELD.sub(lambda m: resolve(m.group(1), table, depth + 1, unknown), body)
        if literal.group("q") == '"' and "#{" in body:  # Ruby's "…#{id}…"
            return RUBY_FIELD.sub(lambda m: resolve(m.group(1), table, depth + 1, unknown), body)
        # a quote escaped inside the string is the quote itself ("{\"title\": \"x\"}" sends {"title": "x"})
        verbatim = "r" in literal.group("prefix").lower() or "@" in literal.group("prefix")
        return body if verbatim else ESCAPED_QUOTE.sub(r"\1", body)
    env = ENV_DEFAULT.match(expression)
    if env:
        return resolve(env.group(2), table, depth + 1, unknown) if env.group(2) else "$" + env.group(1)
    indexed = ENV_INDEX.match(expression) or ENV_CALL.match(expression)
    if indexed:
        return "$" + indexed.group(1)
    if "+" in expression:
        pieces = split_top(expression, "+")  # at top level: btoa(a + ":" + b) is one run-time value
        if len(pieces) > 1:
            return "".join(resolve(p, table, depth + 1, unknown) for p in pieces)
    if _parenthesised(expression):  # (user + ":" + token).getBytes(): the value inside
        return resolve(expression[1:-1], table, depth + 1, unknown)
    if expression[:1] in ("'", '"', "`"):
        # a literal with prose after it (BASE = "https://…". Approve works…): the literal; else a
        # string literal cut short (a line break in a pasted secret): its text
        closing = expression.find(expression[0], 1)
        return expression[1:closing] if closing > 0 else expression[1:]
    if NUMBER.fullmatch(expression):
        return expression  # pagelen=50: a number is its own value
    name = expression.removeprefix("self.").removeprefix("this.")  # an object's field, as it is assigned
    if NAME.fullmatch(name):
        value = table.get(name)
        if value is not None and value.strip() != name:
            resolved = resolve(value, table, depth + 1, unknown)
            # bound to what only runs can tell (r.json()["access_token"], get_token()): the name says
            # what it holds
            return unknown % name if resolved in (unknown % value.strip(), _called(value, unknown)) else resolved
    encoded = BASE64_CALL.match(expression)
    if encoded:  # the user:secret pair of a Basic header, as the request sends it
        inner = ENCODING_ARGUMENT.sub("", next(group for group in encoded.groups() if group is not None).strip())
        return base64.b64encode(resolve(inner, table, depth + 1, unknown).encode()).decode()
    helper = BASIC_CREDENTIALS.match(expression)
    pair = split_top(helper.group(1)) if helper else []
    if len(pair) >= 2:  # a third argument is the charset
        joined = resolve(pair[0], table, depth + 1, unknown) + ":" + resolve(pair[1], table, depth + 1, unknown)
        return "Basic " + base64.b64encode(joined.encode()).decode()
    return _called(expression, unknown) or unknown % expression


def _called(expression: str, unknown: str) -> str:
    """A call's value, known only at run time, by the function's name: btoa(user + ":" + secret) ->
    $btoa (its arguments are no part of the value a header or URL shows)."""
    call = CALL.match(expression.strip())
    return unknown % call.group(1) if call else ""


def _bound(expression: str, table: Scope) -> str:
    """An expression as written, or, when it is a bare name, the value the snippet binds to it."""
    expression = expression.strip()
    value = table.get(expression) if NAME.fullmatch(expression) else None
    return value.strip() if value else expression


def _raw_items(expression: str, table: Scope) -> list[tuple[str, str]]:
    """Keys and value expressions (as written) of a dict/object literal, or of a name bound to one."""
    expression = _bound(expression, table)
    if not expression.startswith("{"):
        return []
    items = []
    for part in split_top(expression[1:-1]):
        key, sep, value = part.partition(":")
        if sep:
            items.append((resolve(key, table).strip("{}"), value.strip()))
    return items


def _dict_items(expression: str, table: Scope) -> list[tuple[str, str]]:
    """Key/value pairs of a dict/object literal (or a name bound to one); a name the snippet never
    binds is filled at run time ($name), no placeholder left in."""
    return [(key, resolve(value, table, unknown=RUNTIME_VALUE)) for key, value in _raw_items(expression, table)]


def _python_call(brackets: Brackets, match: re.Match[str], table: Scope, lines: LineIndex,
                 sink: Collector, sessions: dict[str, Session]) -> None:
    args_text = brackets.span(match.end() - 1, "(", ")")
    if args_text is None:
        return
    args = split_top(args_text[1:-1])
    positional = [a for a in args if not KEYWORD_ARGUMENT.match(a)]
    keywords = _keywords(args)
    session = sessions.get(match.group(1), Session({}, "", ""))
    keywords.setdefault("auth", session.auth)
    method = match.group(2).upper()
    if method == "REQUEST" and positional:
        method = resolve(positional.pop(0), table).upper()
    url_expression = keywords.get("url") or (positional[0] if positional else "")
    if not url_expression:
        return
    line = lines.line_of(match.start())
    if not sink.reads_in_full():  # past the commands read in full: its credentials only
        sink.found.unread_commands += 1
        _python_auth(keywords.get("auth", ""), table, line, sink)
        return
    query = _dict_items(keywords.get("params", ""), table)  # params={"state": "MERGED"}: the query string
    url = _queried(_joined(session.base_url, resolve(url_expression, table)), query)
    called = _dict_items(keywords.get("headers", ""), table)
    named = {name.lower() for name, _ in called}
    headers = [pair for name, pair in session.headers.items() if name not in named] + called
    auth = _python_auth(keywords.get("auth", ""), table, line, sink)
    body, content_type = _python_payload(keywords.get("json"), keywords.get("data"), table)
    if content_type and not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", content_type))  # what requests and httpx send for json= or a data= dict
    sink.command_count += 1
    sink.consume_call(lines, match.start(), match.end() - 1 + len(args_text))
    # through the module itself (requests.post) every header sent is in the call: none comes from a session
    flags = ["all_headers"] if match.group(1) not in SESSION_NAMES and match.group(1) not in sessions else []
    if auth is None and keywords.get("auth", "").strip():
        flags.append("auth_unseen")  # auth=auth: credentials go, of a kind only the run tells
    sink.request(origin="python", line=line, method=method, url=url, headers=headers, auth=auth, body=body, flags=flags,
                 written_url=_queried(_joined(session.base_url, resolve(url_expression, table, unknown=RUNTIME_VALUE)),
                                      query))


def _queried(url: str, pairs: list[tuple[str, str]]) -> str:
    """A URL with the query a client adds from a params dict (requests' params=, axios' params:)."""
    if not pairs:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(pairs, safe="${}")


def _joined(base_url: str, url: str) -> str:
    """A call's URL through a client with a base URL (httpx's base_url): the path goes after it."""
    if not base_url or "://" in url:
        return url
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def _python_payload(json_argument: str | None, data_argument: str | None, table: Scope) -> tuple[str | None, str]:
    """The body requests/httpx send and the Content-Type they set: json= as JSON; data= with a dict
    as form fields (a=1&b=2), with anything else as written, without a Content-Type; =None sends none."""
    json_argument, data_argument = (None if a is not None and a.strip() == "None" else a
                                    for a in (json_argument, data_argument))
    if json_argument:
        return _python_body(json_argument, table), "application/json"
    if not data_argument:
        return None, ""
    if _bound(data_argument, table).startswith("{"):
        fields = _dict_items(data_argument, table)
        return urlencode(fields, safe="$"), "application/x-www-form-urlencoded"
    return _python_body(data_argument, table), ""


def _python_body(expression: str, table: Scope) -> str:
    """The body a json=/data= argument sends: a literal dict or list (or a name bound to one) as the
    JSON it becomes; anything else, its best-effort value."""
    expression = _bound(expression, table)
    dumped = JSON_DUMPS.match(expression)
    if dumped and split_top(dumped.group(1)):  # data=json.dumps(payload): the JSON of what it dumps
        return _python_body(split_top(dumped.group(1))[0], table)
    if expression[:1] in ("{", "["):
        try:
            return json.dumps(ast.literal_eval(expression))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return expression  # it holds names: the structure as written
    return resolve(expression, table)


def _python_auth(expression: str, table: Scope, line: int, sink: Collector) -> Auth | None:
    expression = _bound(expression, table)
    pair = AUTH_PAIR.match(expression)
    if not pair:
        return None
    parts = split_top(pair.group(1))
    if len(parts) != 2:
        return None
    user, secret = (resolve(p, table) for p in parts)
    return sink.basic(_as_variable(user), _as_variable(secret), line, "code literal (auth=)", "python-auth")


def _as_variable(value: str) -> str:
    """An unresolved `{name}` is a variable the code fills at run time."""
    name = BRACED_NAME.fullmatch(value)
    return "$" + name.group(1) if name else value


def _js_call(brackets: Brackets, match: re.Match[str], table: Scope, lines: LineIndex, sink: Collector) -> None:
    args_text = brackets.span(match.end() - 1, "(", ")")
    if args_text is None:
        return
    args = split_top(args_text[1:-1])
    if not args:
        return
    if not sink.reads_in_full():  # credentials in its headers are Authorization values: redaction's patterns
        sink.found.unread_commands += 1
        return
    callee = match.group(1)
    method = callee.split(".")[1].upper() if "." in callee else "GET"
    url = resolve(args[0], table)
    if not ("/" in url or "{" in url):
        return
    # axios.post/put/patch(url, data, config): the data is the second argument, the options the third
    data = args[1] if method in BODY_METHODS and callee != "fetch" and len(args) > 1 else None
    options = dict(_raw_items(args[2 if data is not None else 1], table)) \
        if len(args) > (2 if data is not None else 1) else {}
    method = resolve(options["method"], table).upper() if "method" in options else method
    headers = _dict_items(options.get("headers", ""), table)
    query = _dict_items(options.get("params", ""), table)
    url = _queried(url, query)
    body, content_type = _js_body(data or options.get("body") or options.get("data"), table)
    if content_type and not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", content_type))  # what fetch sends for URLSearchParams
    line = lines.line_of(match.start())
    auth, user = _axios_auth(options.get("auth", ""), table, line, sink)
    sink.command_count += 1
    sink.consume_call(lines, match.start(), match.end() - 1 + len(args_text))
    sink.request(origin="javascript", line=line, method=method, url=url, headers=headers, body=body, auth=auth,
                 raw_user=user, written_url=_queried(resolve(args[0], table, unknown=RUNTIME_VALUE), query))


def _axios_auth(expression: str, table: Scope, line: int, sink: Collector) -> tuple[Auth | None, str | None]:
    """axios's `auth: { username, password }` option: Basic credentials, and the user name they send."""
    pair = dict(_raw_items(expression, table)) if expression else {}
    if "username" not in pair or "password" not in pair:
        return None, None
    user, secret = (_as_variable(resolve(pair[key], table)) for key in ("username", "password"))
    return sink.basic(user, secret, line, "code literal (auth:)", "javascript-auth"), user


def _js_body(expression: str | None, table: Scope) -> tuple[str | None, str]:
    """The body a fetch/axios call sends, and the Content-Type fetch adds for it:
    JSON.stringify({...}) as the JSON it makes, new URLSearchParams({...}) as form fields."""
    if not expression or expression.strip() in ("null", "undefined"):
        return None, ""
    wrapped = JS_BODY.match(expression.strip())
    items = _dict_items(wrapped.group(2), table) if wrapped else []
    if not items:
        return resolve(expression, table, unknown=RUNTIME_VALUE), ""
    if wrapped.group(1) == "JSON.stringify":
        return json.dumps(dict(items)), ""
    return urlencode(items, safe="$"), "application/x-www-form-urlencoded"

