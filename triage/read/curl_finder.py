"""Find curl commands anywhere in a ticket and record the requests they send.

Why a finder of its own: curl appears mid-line after prompts, env assignments
and backticks, flattened onto one line by forums, or in Windows shells with
other quoting rules. The dialect is decided from the command's own text, then
the words go to the curl parser, and the damage is kept as evidence.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from triage.read.curl import (
    RawRequest,
    build_requests,
    parse_groups,
    refusals,
    refused,
    takes_argument,
    user_and_password,
)
from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.read.shell import Command, Word, assigned_values, encoded_variables, read_command
from triage.reason.vocabulary import Auth, Response

CURL = re.compile(r"(?<![\w./\\-])curl(?:\.exe)?(?=[ \t]+\S|[ \t]*\\\r?\n|[ \t]*\^\r?\n)", re.I)
URL_LIKE = re.compile(r"://|^[\w.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?]|$)|^(?:localhost|\d{1,3}(?:\.\d{1,3}){3})\b"
                      r"|^[$%{<][^\s]*/")
# ".../2.0/user", "…/2.0/repositories/acme": the asker cut the host short; the API path says which it was
ELIDED_HOST = re.compile(r"(?:\.{3}|…)(/(?:api/)?2\.0/\S*+)")
API_ORIGIN = "https://api.bitbucket.org"
# `… URL -> 401`: the shell reads `->` as a word '-' and a redirection, `=>` as '=' and one
ANNOTATION_ARROWS = frozenset({"->", "=>", "→", "-", "="})
# What may stand before `curl` on its line for it to be a command: a prompt (or a YAML list's `- `, as
# in a pipeline's script) and nothing else (the whole prefix), or the end of something that starts a
# command (`;`, `|`, `$(`, `VAR=value`, `run:`).
PROMPT = re.compile(r"\A[ \t]*+(?:[$#>%-]|PS [^>\n]*+>|[A-Za-z]:\\[^>\n]*+>|(?<![\w.-])[\w.-]++@[\w.-]++[^$#\n]*+[$#])?"
                    r"[ \t]*+")
# A word of a sentence, and what may follow it in one ("returns 404", "but the", "gives me").
PROSE_WORD = re.compile(r"[A-Za-z][a-z]*+(?:'[a-z]++)?+[,.:;!?]?+")
PROSE_NEXT = re.compile(r"[A-Za-z0-9][a-z0-9]*+(?:'[a-z]++)?+[,.:;!?]?+|\{[\"'].*+")  # or the JSON it answered
AFTER_SEPARATOR = re.compile(r"(?:[|;&`(]|\$\(|(?<![^\s|;&`(])[A-Za-z_]\w*+=[^\s|;&`(]*+|:)[ \t]*+\Z")
MAX_COMMAND_READS = 10_000  # `curl`s read at all (commands or not); later ones are only counted
PREFIX_LOOKED_AT = 200  # a prompt is shorter: only this much before `curl` is read, once per match
FRAGMENT = re.compile(r"(?m)^[ \t]*+(?:--(?:header|user|url|request|data|data-raw|oauth2-bearer)|-[HuXd])[ \t]++\S")
MAX_STATUS_LINE = 40  # a line that holds only the status (and blanks)
WRITTEN_CODE = "_code}"  # -w '%{http_code}' (or %{response_code}): curl prints the status after the body
CMD_PROMPT = re.compile(r"(?<![ \t])[ \t]*+[A-Za-z]:\\[^>\n:]*+>")  # `C:\Users\me>curl …`: typed into cmd.exe
# (a prompt, a cmdlet, a hashtable, a backtick continuation, or $env:NAME, PowerShell's own way to a variable)
POWERSHELL_CONTEXT = re.compile(r"^[ \t]*+PS [A-Za-z]:\\[^>\n]*+>|Invoke-(?:WebRequest|RestMethod)|-Headers\s++@\{|"
                                r"`[ \t]*+$|\$env:[A-Za-z_]", re.M)


class LineContext(NamedTuple):
    """What a command's first line says about how to read it, worked out once per line."""

    dialect: str
    powershell: bool


def _line_context(text: str, lines: LineIndex, line: int) -> LineContext:
    start, end = lines.span(line)
    line_text = text[start:end].rstrip()
    cmd = (line_text.endswith("^") and len(line_text) > 1 and line_text[-2].isspace()) or bool(
        CMD_PROMPT.match(line_text))
    powershell = bool(POWERSHELL_CONTEXT.search(line_text))
    return LineContext("cmd" if cmd else "powershell" if powershell else "posix", powershell)


def _in_command_position(text: str, line_start: int, at: int) -> bool:
    """Whether `curl` at `at` starts a command: after a prompt, or right after the last word before
    it ends something that starts a command (only that word is searched, not the whole line)."""
    prefix_start = max(line_start, at - PREFIX_LOOKED_AT)
    prefix = text[prefix_start:at]
    if prefix_start == line_start and PROMPT.fullmatch(prefix):
        return True
    last_word = prefix.rstrip(" \t")
    last_word = last_word[max(last_word.rfind(" "), last_word.rfind("\t")) + 1:]
    return bool(AFTER_SEPARATOR.search(last_word))


def extract_curl(text: str, lines: LineIndex, sink: Collector) -> None:
    sink.encoded = encoded_variables(text)
    sink.assigned = assigned_values(text)
    seen: set[str] = set()
    contexts: dict[int, LineContext] = {}
    read_until = 0  # a `curl` among the words of a command already read is one of its words
    last_line_read = 0  # the line the last command read ended on
    reads = 0
    for match in CURL.finditer(text):
        if match.start() < read_until:
            continue
        if reads == MAX_COMMAND_READS:  # the rest is only counted (redaction's patterns still cover it)
            sink.found.unread_commands += 1
            continue
        line = lines.line_of(match.start())
        chained = line == last_line_read and match.start() >= read_until  # `curl A && curl B`: B is read too
        if line in sink.consumed and not chained:
            continue
        line_start, line_end = lines.span(line)
        # Mid-sentence ("then curl -X POST -u … https://… returns …") a command needs options and a URL.
        in_sentence = not _in_command_position(text, line_start, match.start())
        context = contexts.get(line) or contexts.setdefault(line, _line_context(text, lines, line))
        inline = _inline_code_end(text, line_start, line_end, match.start())
        if inline is None:
            inline = _quoted_end(text, line_start, line_end, match.start())
            in_sentence = in_sentence and inline is None
        if inline is not None:  # `curl …` in Markdown, or in a host language's string: it ends at its backtick or quote
            command = _read_until(text, match.start(), inline, line, context.dialect)
        else:
            command = read_command(text, match.start(), line, context.dialect)
            prose = _prose_after(command)
            if prose is not None:  # `curl https://… returns 404, it's private`: the sentence is no argument
                command = _read_until(text, match.start(), prose, line, context.dialect)
        read_until, reads = command.end, reads + 1
        if not _looks_like_a_command(command, in_sentence):
            continue
        last_line = last_line_read = lines.line_of(max(command.end - 1, match.start()))
        sink.consume(line, last_line, match.start(), command.end)
        source = text[match.start():command.end]
        if source in seen:
            continue  # the same command pasted again (a log, a thread quoting it) is the same evidence
        seen.add(source)
        if not sink.reads_in_full():
            _secrets_only(command, sink)
            continue
        _record(command, context.powershell, match.group(0).lower().endswith(".exe"), sink)
        _written_status(text, lines, command, last_line, sink)


def _written_status(text: str, lines: LineIndex, command: Command, last_line: int, sink: Collector) -> None:
    """The status a command prints with -w '%{http_code}': the bare number on the line after it."""
    if not any(word.text.startswith(("-w", "--write-out")) for word in command.words) or \
            not any(WRITTEN_CODE in word.text for word in command.words):
        return
    if last_line < len(lines.starts):
        start, end = lines.span(last_line + 1)
        printed = text[start:end].strip() if end - start < MAX_STATUS_LINE else ""
        if len(printed) == 3 and printed.isdigit() and 100 <= int(printed) <= 599:
            sink.found.responses.append(Response(line=last_line + 1, status=int(printed), origin="transcript"))


def extract_fragments(text: str, lines: LineIndex, sink: Collector) -> None:
    """Option lines pasted without their `curl` (e.g. only the --header lines): still evidence."""
    for match in FRAGMENT.finditer(text):
        line = lines.line_of(match.start())
        if line in sink.consumed:
            continue
        command = read_command(text, match.start(), line)
        command.words.insert(0, Word(text="curl", line=line))
        sink.consume(line, lines.line_of(max(command.end - 1, match.start())))
        _record(command, False, False, sink, fragment=True)


def _secrets_only(command: Command, sink: Collector) -> None:
    """A command past the commands read in full (Collector.reads_in_full): only its credentials are taken (so that they
    are still removed from everything bbhelp shows or keeps), and it is counted as unread."""
    sink.found.unread_commands += 1
    for args in parse_groups(command.words[1:]):
        for user in args.values("user"):
            name, _, password = user_and_password(user)
            sink.secret(password, command.line, "curl -u", name)
        for header in args.values("header"):
            name, _, value = header.partition(":")
            if name.strip().lower() in ("authorization", "private-token", "x-api-key"):
                sink.header_auth(value, command.line, "curl Authorization header")
        for token in args.values("oauth2-bearer"):
            sink.secret(token, command.line, "curl --oauth2-bearer")


def _prose_after(command: Command) -> int | None:
    """Where a sentence starts after a command written inline ("curl https://… returns 404 but it
    exists"): two plain words in a row after the URL, neither an option nor an option's argument.
    curl would take them for host names; the asker never ran them, and an apostrophe among them
    ("it's") would read as a quote left open."""
    words = command.words[1:]
    seen_url = False
    index = 0
    while index < len(words):
        word = words[index]
        if word.text.startswith("-") and len(word.text) > 1:
            index += 1 + takes_argument(word.text)
            continue
        if seen_url and PROSE_WORD.fullmatch(word.text) and index + 1 < len(words) \
                and PROSE_NEXT.fullmatch(words[index + 1].text):
            return word.start if word.start >= 0 else None
        if seen_url and word.text in ANNOTATION_ARROWS:  # `curl … URL -> 401. Then …`: the asker's note
            return word.start if word.start >= 0 else None
        seen_url = seen_url or bool(URL_LIKE.search(word.text) or ELIDED_HOST.fullmatch(word.text))
        index += 1
    return None


def _inline_code_end(text: str, line_start: int, line_end: int, at: int) -> int | None:
    """Where a command that opens right after a single backtick closes: at the next backtick on its
    line, as in Markdown's inline code ("When I run `curl -u … URL` I get a 401")."""
    if at == line_start or text[at - 1] != "`" or (at - 2 >= line_start and text[at - 2] == "`"):
        return None
    end = text.find("`", at, line_end)
    return end if end != -1 else None


def _quoted_end(text: str, line_start: int, line_end: int, at: int) -> int | None:
    """Where a command that opens right after a quote closes: at the same quote, unescaped, later on
    its line. Host languages hand commands to a shell as strings (Jenkins' sh 'curl …', os.system("curl
    …"), a workflow's run: 'curl …'); their closing quote ends the command, no quote left open."""
    quote = text[at - 1] if at > line_start else ""
    if quote not in ("'", '"') or (at - 2 >= line_start and text[at - 2] == quote):
        return None
    position = at
    while (end := text.find(quote, position, line_end)) != -1:
        if text[end - 1] != "\\":
            return end
        position = end + 1
    return None


def _read_until(text: str, at: int, end: int, line: int, dialect: str) -> Command:
    """The command at `at` read again, up to `end`. Only the command itself is copied for that (a
    copy of the text, or of the line, up to each such command would make a line of thousands of
    them quadratic)."""
    command = read_command(text[at:end], 0, line, dialect)
    command.end += at
    for word in command.words:
        word.start += at
    return command


def _looks_like_a_command(command: Command, in_sentence: bool) -> bool:
    """Prose such as 'I tried curl but…' is not a command: need an option or a URL, both when
    `curl` stands inside a sentence rather than where a command starts."""
    args = command.words[1:]
    has_option = any(w.text.startswith("-") and len(w.text) > 1 for w in args)
    has_url = any(URL_LIKE.search(w.text) for w in args)
    return has_option and has_url if in_sentence else has_option or has_url


def _record(command: Command, powershell: bool, is_exe: bool, sink: Collector, fragment: bool = False) -> None:
    sink.command_count += 1
    damage = list(command.damage) + ([("fragment", "options pasted without the curl command")] if fragment else [])
    for word in command.words:
        if word.trailing_space_after_backslash:
            damage.append(("trailing_space_continuation", f"line {word.line}"))
        elif word.starts_with_escaped_space:
            damage.append(("flattened_continuation", word.text.strip()[:40]))
    if not is_exe and powershell:
        damage.append(("powershell_alias", "curl is Invoke-WebRequest in Windows PowerShell"))
    elif is_exe and powershell and all(w.text != "--%" for w in command.words) \
            and any('"' in w.text for w in command.words[1:]):
        damage.append(("powershell_native_quotes", "PowerShell before 7.3 drops the \" inside curl.exe's arguments"))
    if command.damage and any(k == "cmd_single_quotes" for k, _ in command.damage):
        damage.append(("windows_cmd", "cmd.exe quoting"))
    words = [replace(word, text=API_ORIGIN + elided.group(1)) if (elided := ELIDED_HOST.fullmatch(word.text)) else word
             for word in command.words[1:]]
    groups = parse_groups(words)
    for args, why in zip(groups, refusals(groups)):
        kept = [raw for raw in build_requests(args)
                if URL_LIKE.search(raw.written_url.strip()) and not raw.written_url.startswith(" ")]
        if not kept:
            args.urls = []
            kept = build_requests(args, allow_no_url=True)
        for raw in refused(kept, why):
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
                 written_url=raw.written_url, body_from_file=raw.body_from_file, raw_user=raw.basic_user)
