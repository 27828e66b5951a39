"""Find curl commands anywhere in a ticket and record the requests they send.

Why a finder of its own: curl appears mid-line after prompts, env assignments
and backticks, flattened onto one line by forums, or in Windows shells with
other quoting rules. The dialect is decided from the command's own text, then
the words go to the curl parser, and the damage is kept as evidence.
"""
from __future__ import annotations

import re

from .curl_command import RawRequest, build_requests, parse_args
from .evidence import Collector
from .facts import Auth
from .lines import LineIndex
from .shellwords import Command, Word, read_command

CURL = re.compile(r"(?<![\w./\\-])curl(?:\.exe)?(?=[ \t]+\S|[ \t]*\\\r?\n|[ \t]*\^\r?\n)", re.I)
URL_LIKE = re.compile(r"://|^[\w.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?]|$)|^(?:localhost|\d{1,3}(?:\.\d{1,3}){3})\b"
                      r"|^[$%{<][^\s]*/")
COMMAND_POSITION = re.compile(r"^\s*(?:[$#>%]|PS [^>]*>|[A-Za-z]:\\[^>]*>|[\w.-]+@[\w.-]+[^$#]*[$#])?\s*$|"
                              r"(?:[|;&`(]|\$\(|\b[A-Za-z_]\w*=\S*|:)\s*$")
FRAGMENT = re.compile(r"(?m)^[ \t]*(?:--(?:header|user|url|request|data|data-raw|oauth2-bearer)|-[HuXd])[ \t]+\S")
POWERSHELL_CONTEXT = re.compile(r"^\s*PS [A-Za-z]:\\[^>]*>|Invoke-(?:WebRequest|RestMethod)|-Headers\s+@\{|"
                                r"`\s*$", re.M)


def extract_curl(text: str, lines: LineIndex, sink: Collector) -> None:
    seen: set[str] = set()
    for match in CURL.finditer(text):
        line = lines.line_of(match.start())
        line_start = text.rfind("\n", 0, match.start()) + 1
        if line in sink.consumed or not COMMAND_POSITION.search(text[line_start:match.start()]):
            continue
        line_text = text[line_start:text.find("\n", match.start()) % (len(text) + 1)]
        dialect = "cmd" if re.search(r"\s\^\s*$", line_text) and "\\" not in line_text.rstrip()[-2:] else "posix"
        command = read_command(text, match.start(), line, dialect)
        if not _looks_like_a_command(command):
            continue
        last_line = lines.line_of(max(command.end - 1, match.start()))
        sink.consume(line, last_line)
        source = text[match.start():command.end]
        if source in seen:
            continue  # the same command pasted again (a log, a thread quoting it) is the same evidence
        seen.add(source)
        _record(command, line_text, match.group(0).lower().endswith(".exe"), sink)


def extract_fragments(text: str, lines: LineIndex, sink: Collector) -> None:
    """Option lines pasted without their `curl` (e.g. only the --header lines): still evidence."""
    for match in FRAGMENT.finditer(text):
        line = lines.line_of(match.start())
        if line in sink.consumed:
            continue
        command = read_command(text, match.start(), line)
        command.words.insert(0, Word(text="curl", line=line))
        sink.consume(line, lines.line_of(max(command.end - 1, match.start())))
        _record(command, "", False, sink, fragment=True)


def _looks_like_a_command(command: Command) -> bool:
    """Prose such as 'I tried curl but…' is not a command: need an option or a URL."""
    args = command.words[1:]
    return any(w.text.startswith("-") and len(w.text) > 1 for w in args) or any(
        URL_LIKE.search(w.text) for w in args)


def _record(command: Command, first_line_text: str, is_exe: bool, sink: Collector, fragment: bool = False) -> None:
    sink.command_count += 1
    damage = list(command.damage) + ([("fragment", "options pasted without the curl command")] if fragment else [])
    for word in command.words:
        if word.starts_with_escaped_space:
            damage.append(("flattened_continuation", word.text.strip()[:40]))
    if not is_exe and POWERSHELL_CONTEXT.search(first_line_text):
        damage.append(("powershell_alias", "curl is Invoke-WebRequest in Windows PowerShell"))
    if command.damage and any(k == "cmd_single_quotes" for k, _ in command.damage):
        damage.append(("windows_cmd", "cmd.exe quoting"))
    args = parse_args(command.words[1:])
    kept = [raw for raw in build_requests(args)
            if URL_LIKE.search(raw.written_url.strip()) and not raw.written_url.startswith(" ")]
    if not kept:
        args.urls = []
        kept = build_requests(args, allow_no_url=True)
    for raw in kept:
        _store(raw, command.line, damage, sink)


def _store(raw: RawRequest, line: int, damage: list[tuple[str, str]], sink: Collector) -> None:
    auth = None
    if raw.basic_user is not None and raw.auth_source in ("user-option", "url-userinfo"):
        where = "curl -u" if raw.auth_source == "user-option" else "credentials in the URL"
        auth = sink.basic(raw.basic_user, raw.basic_password or "", line, where,
                          "-u" if raw.auth_source == "user-option" else "url")
    elif raw.auth_source == "netrc":
        auth = Auth(scheme="netrc", source="netrc")
    sink.request(origin="curl", line=line, method=raw.method, url=raw.url, headers=raw.headers, body=raw.body,
                 auth=auth, sent=raw.sent, damage=damage + raw.damage, flags=raw.flags,
                 written_url=raw.written_url, body_from_file=raw.body_from_file)
