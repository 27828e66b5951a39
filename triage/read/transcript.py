"""Read what clients printed: curl -v / -i transcripts, status lines, client error lines.

Why: the transcript is the best evidence a ticket can hold. `> authorization:`
shows what was really sent, `< x-oauth-scopes` proves Bitbucket authenticated
the credential, `curl: (3)` shows words that never became requests.
"""
from __future__ import annotations

import re

from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.reason.vocabulary import ClientError, Response
from triage.secrets.redaction import redact_text

REQUEST_LINE = re.compile(r"^\s*> ([A-Z]{3,10}) (\S+) HTTP/[\d.]+\s*$")
SENT_HEADER = re.compile(r"^\s*> ([A-Za-z0-9-]+): ?(.*)$")
STATUS_LINE = re.compile(r"^\s*(?:< )?HTTP/[\d.]+ (\d{3})(?: (.*))?$")
RECEIVED_HEADER = re.compile(r"^\s*< ([A-Za-z0-9-]+): ?(.*)$")
PLAIN_HEADER = re.compile(r"^\s*([A-Za-z0-9-]+): ?(.*)$")
CONNECTED = re.compile(r"^\s*\* Connected to (\S+)")
# (?m) with possessive tails: the message runs to its line's end, so no later start is retried.
CURL_ERROR = re.compile(r"(?m)curl: \((\d++)\) (.++)$")
CURL_OPTION_ERROR = re.compile(r"(?m)curl: (option .++|try 'curl --help'.*+|\(\d++\).*+)$")
PYTHON_HTTP_ERROR = re.compile(r"(\d{3}) (?:Client|Server) Error: ([^\n]*?) for url: (\S+)")
POWERSHELL_ERROR = re.compile(r"(?m)(Invoke-WebRequest|Invoke-RestMethod)[^\S\n]*+:[^\S\n]*+(.++)$")
# A line any of the patterns above may start with (leading blanks allowed), or one _client_error reads.
CANDIDATE_LINE = re.compile(r"(?m)^[^\S\n]*+(?:\* Connected to|> [A-Z]|(?:< )?HTTP/)|curl:|Error:|Invoke-|"
                            r" HTTP/[\d.]++\" ")
# Python's urllib3 debug log: https://api.bitbucket.org:443 "GET /2.0/… HTTP/1.1" 400 55
URLLIB3_LINE = re.compile(r"(https?://[\w.-]++)(?::\d++)? \"([A-Z]{3,7}) (/\S*+) HTTP/[\d.]++\" (\d{3})")
BITBUCKET_HEADERS = ("x-accepted-oauth-scopes", "x-oauth-scopes", "x-credential-type", "www-authenticate",
                     "x-accepted-auth-types")
PROSE_HEADER = re.compile(r"(?im)^[ \t>*-]*+(" + "|".join(BITBUCKET_HEADERS) + r")[ \t]*+[:=][ \t]*+([^\n←#(]*+)")


def extract_transcripts(text: str, index_of_lines: LineIndex, sink: Collector) -> None:
    """Only the lines one pass of CANDIDATE_LINE finds are looked at (a log of a million lines
    holds a few); a request or response block takes the lines that follow it."""
    lines = text.split("\n")
    host = ""
    index = 0
    for match in CANDIDATE_LINE.finditer(text):
        candidate = index_of_lines.line_of(match.start()) - 1
        if candidate < index:
            continue  # inside a block already read, or a line already looked at
        index = candidate
        line = lines[index]
        number = index + 1
        connected = CONNECTED.match(line)
        if connected:
            host = connected.group(1)
        request_line = REQUEST_LINE.match(line)
        status = STATUS_LINE.match(line)
        if request_line:
            index = _sent_request(lines, index, host, sink)
            continue
        if status and (line.lstrip().startswith("<") or _headers_follow(lines, index)):
            index = _response(lines, index, sink)
            continue
        if "curl:" in line or "Error:" in line or "Invoke-" in line:  # what _client_error can match
            _client_error(line, number, sink)
        logged = URLLIB3_LINE.search(line)
        if logged:
            _logged_request(logged, number, sink)
        index += 1
    _prose_headers(text, index_of_lines, sink)


def _logged_request(logged: re.Match[str], number: int, sink: Collector) -> None:
    """A request and its status from one line of a client's debug log."""
    base, method, target, status = logged.groups()
    sink.request(origin="transcript", line=number, method=method, url=base + target, headers=[], flags=["verbose"])
    sink.found.responses.append(Response(line=number, status=int(status), origin="transcript"))
    sink.consume(number, number)


def _headers_follow(lines: list[str], index: int) -> bool:
    return index + 1 < len(lines) and bool(PLAIN_HEADER.match(lines[index + 1]))


def _sent_request(lines: list[str], index: int, host: str, sink: Collector) -> int:
    match = REQUEST_LINE.match(lines[index])
    assert match is not None
    method, target = match.groups()
    headers: list[tuple[str, str]] = []
    auth = None
    end = index + 1
    while end < len(lines) and (sent := SENT_HEADER.match(lines[end])):
        name, value = sent.groups()
        headers.append((name, value.strip()))
        if name.lower() == "authorization" and auth is None:  # the leak warning names the header's own line
            auth = sink.header_auth(value.strip(), end + 1, "transcript Authorization header")
        end += 1
    # No Host line pasted: a /2.0/ path is the Bitbucket Cloud API.
    api_default = "api.bitbucket.org" if target.startswith(("/2.0/", "/api/2.0/")) else "unknown-host"
    host = next((v for n, v in headers if n.lower() == "host"), host) or api_default
    url = target if "://" in target else f"https://{host}{target}"
    sink.request(origin="transcript", line=index + 1, method=method, url=url, headers=headers, auth=auth,
                 flags=["verbose"])
    sink.consume(index + 1, end)
    return end


def _response(lines: list[str], index: int, sink: Collector) -> int:
    match = STATUS_LINE.match(lines[index])
    assert match is not None
    headers: dict[str, str] = {}
    end = index + 1
    pattern = RECEIVED_HEADER if lines[index].lstrip().startswith("<") else PLAIN_HEADER
    while end < len(lines) and (received := pattern.match(lines[end])):
        name, value = received.groups()
        if name.lower() == "set-cookie":  # Bitbucket's session cookie: a credential of its own
            value = sink.cookies(value.strip(), end + 1, "Set-Cookie response header", set_cookie=True)
        headers[name.lower()] = value.strip()
        end += 1
    sink.found.responses.append(Response(line=index + 1, status=int(match.group(1)), reason=(match.group(2) or "").strip(),
                                   headers=headers, origin="transcript"))
    sink.consume(index + 1, end)
    return end


def _client_error(line: str, number: int, sink: Collector) -> None:
    curl_error = CURL_ERROR.search(line)
    if curl_error:
        sink.found.client_errors.append(ClientError(line=number, tool="curl", code=int(curl_error.group(1)),
                                                    message=redact_text(curl_error.group(2).strip())))
        return
    option_error = CURL_OPTION_ERROR.search(line)
    if option_error and option_error.group(1).startswith("option"):
        sink.found.client_errors.append(ClientError(line=number, tool="curl",
                                                    message=redact_text(option_error.group(1).strip())))
        return
    python_error = PYTHON_HTTP_ERROR.search(line)
    if python_error:
        status, reason, url = python_error.groups()
        sink.found.client_errors.append(ClientError(line=number, tool="python", code=int(status),
                                              message=f"{status} {reason}"))
        sink.found.responses.append(Response(line=number, status=int(status), reason=reason, origin="transcript"))
        return
    powershell = POWERSHELL_ERROR.search(line)
    if powershell:
        sink.found.client_errors.append(ClientError(line=number, tool="powershell",
                                                    message=redact_text(powershell.group(2).strip())))


def _prose_headers(text: str, index_of_lines: LineIndex, sink: Collector) -> None:
    """Bitbucket's response headers quoted outside a transcript (e.g. 'x-oauth-scopes: …' in a post)."""
    headers: dict[str, str] = {}
    first_line = 0
    for match in PROSE_HEADER.finditer(text):
        number = index_of_lines.line_of(match.start())
        if number in sink.consumed:
            continue
        first_line = first_line or number
        headers[match.group(1).lower()] = match.group(2).strip().rstrip(",;")
        sink.consume(number, number)
    if headers:
        sink.found.responses.append(Response(line=first_line, headers=headers, origin="prose"))
