"""Requests sent with PowerShell's Invoke-RestMethod and Invoke-WebRequest (irm, iwr).

Why a reader of its own: Windows users call the API with these cmdlets rather than curl, with
their own parameters (-Uri, -Method, -Headers @{…}, -Body, -ContentType) and their own default:
a POST with a body and no -ContentType goes out as application/x-www-form-urlencoded, whatever the
body holds. Hashtables (@{ Name = value; … }) given inline or through a variable the ticket assigns
are read as headers, and a body made with ConvertTo-Json as the JSON it makes.
"""
from __future__ import annotations

import base64
import json
import re
from itertools import islice
from urllib.parse import urlencode

from triage.read.code import Brackets, split_top
from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.read.shell import Word, read_command

CMDLET = re.compile(r"(?<![\w-])(?:Invoke-RestMethod|Invoke-WebRequest|irm|iwr)(?=[ \t])", re.I)
GATE = ("invoke-", "irm ", "iwr ")  # one of which (lower case) any match holds
# `$name = @{` or `$name = …` at a line's start: what a -Headers or -Body variable holds.
HASHTABLE_ASSIGNED = re.compile(r"(?m)^[ \t]*+\$(\w++)[ \t]*+=[ \t]*+(?=@\{)")
VALUE_ASSIGNED = re.compile(r"(?m)^[ \t]*+\$(\w++)[ \t]*+=[ \t]*+([^\n]++)")
# Variables inside a double-quoted string: ${env:NAME}, $env:NAME, ${name}, $name.
STRING_VARIABLE = re.compile(r"\$\{env:(\w++)\}|\$env:(\w++)|\$\{(\w++)\}|\$(\w++)", re.I)
# [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($pair)): the Basic pair, encoded
BASE64_OF = re.compile(r"\A\[(?:System\.)?Convert\]::ToBase64String\(\s*+\[(?:System\.)?Text\.Encoding\]::\w++"
                       r"\.GetBytes\((.*)\)\s*+\)\Z", re.I | re.S)
MAX_DEPTH = 6  # variables resolved through variables (a real script has two or three)
MAX_FILLED = 100  # variables filled in for a ticket's headers (a real script has one or two)
MAX_FILLED_CHARS = 2_000  # longer values are no header's part: their name stands
PARAMETERS = ("uri", "method", "headers", "body", "contenttype", "infile")  # taken by any unambiguous prefix
MAX_ASSIGNED = 1_000
POWERSHELL_CONSTANTS = {"$true": True, "$false": False, "$null": None}
POSTED_AS_FORM = "application/x-www-form-urlencoded"  # what a POST with a body and no -ContentType sends


def extract_powershell(text: str, lines: LineIndex, sink: Collector) -> None:
    if not any(word in text.lower() for word in GATE):
        return
    brackets = Brackets(text)
    tables = _assigned_tables(text, brackets)
    values = {match.group(1).lower(): match.group(2) for match in islice(VALUE_ASSIGNED.finditer(text), MAX_ASSIGNED)}
    filler = _Filler(values)  # one budget for the whole ticket
    for match in CMDLET.finditer(text):
        if not sink.reads_in_full():
            sink.found.unread_commands += 1
            continue
        line = lines.line_of(match.start())
        command = read_command(text, match.start(), line, "powershell")
        given = _parameters(command.words[1:], brackets)
        url = given.get("uri", "").strip("'\"")
        if "://" not in url:
            continue
        method = given.get("method", "GET").strip("'\"").upper()
        headers = _hashtable(given.get("headers", ""), tables, filler)
        body = _body(given.get("body"), tables, values)
        content_type = given.get("contenttype", "").strip("'\"")
        if not any(name.lower() == "content-type" for name, _ in headers):
            if content_type:
                headers.append(("Content-Type", content_type))
            elif method == "POST" and body is not None:
                headers.append(("Content-Type", POSTED_AS_FORM))
        sink.consume_call(lines, match.start(), command.end)
        sink.command_count += 1
        sink.request(origin="powershell", line=line, method=method, url=url, headers=headers, body=body,
                     body_from_file="infile" in given, written_url=url)


def _assigned_tables(text: str, brackets: Brackets) -> dict[str, tuple[str, bool]]:
    """Variables the ticket sets to a hashtable: name -> (its text, whether it is piped to
    ConvertTo-Json on the line it ends on)."""
    tables: dict[str, tuple[str, bool]] = {}
    for match in islice(HASHTABLE_ASSIGNED.finditer(text), MAX_ASSIGNED):
        table = brackets.span(match.end() + 1, "{", "}") or "{}"
        after = match.end() + 1 + len(table)
        line_end = text.find("\n", after)
        tables[match.group(1).lower()] = (table, "convertto-json" in text[after:line_end if line_end >= 0 else None].lower())
    return tables


def _parameters(words: list[Word], brackets: Brackets) -> dict[str, str]:
    """The cmdlet's parameters by full name (lower case), values as written; a hashtable value
    (@{ … }, which the shell reader splits into words) as its whole text. The first value with no
    parameter name is -Uri."""
    given: dict[str, str] = {}
    index = 0
    while index < len(words):
        word = words[index].text
        name = next((p for p in PARAMETERS if word.startswith("-") and len(word) > 2 and p.startswith(word[1:].lower())),
                    None)
        if word.startswith("-") and name is None:
            index += 2 if index + 1 < len(words) and not words[index + 1].text.startswith("-") else 1
            continue  # a parameter this reader does not need (-UseBasicParsing, -Credential $c)
        value_at = index + 1 if name else index
        if value_at >= len(words):
            break
        value = words[value_at]
        if value.text.startswith("@{") and value.start >= 0:
            table = brackets.span(value.start + 1, "{", "}") or "{}"
            end = value.start + 1 + len(table)
            given[name or "uri"] = "@" + table
            index = value_at + 1
            while index < len(words) and 0 <= words[index].start < end:
                index += 1  # the words the shell reader made of the hashtable
            continue
        given.setdefault(name or "uri", value.text)
        index = value_at + 1
    return given


def _entries(table: str) -> list[tuple[str, str]]:
    """A hashtable's `{ Name = value; … }` entries (as written), split at ; and line breaks."""
    inner = table.strip()
    inner = inner[2:-1] if inner.startswith("@{") else inner[1:-1] if inner.startswith("{") else ""
    entries = []
    for part in (piece for chunk in split_top(inner, ";") for piece in split_top(chunk, "\n")):
        key, equals, value = part.partition("=")
        if equals:
            entries.append((key.strip().strip("'\""), value.strip()))
    return entries


def _hashtable(written: str, tables: dict[str, tuple[str, bool]], filler: _Filler) -> list[tuple[str, str]]:
    """Header (name, value) pairs of an inline hashtable or of the variable the ticket set to one."""
    if written.startswith("$"):
        written = "@" + tables.get(written[1:].lower(), ("{}", False))[0]
    return [(name, filler.value(value) or value.strip("'\"")) for name, value in _entries(written)]


class _Filler:
    """Fills in an expression's variables from the script's assignments: at most MAX_FILLED of them
    in a ticket, each no longer than MAX_FILLED_CHARS. A script that nests strings of variables in
    strings of variables would otherwise take exponential time (ten to a string, six deep, is a
    million), and a long value filled in many times would take its length as many times."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values, self.left = values, MAX_FILLED

    def value(self, expression: str, depth: int = 0) -> str | None:
        """What an expression holds as far as the ticket tells, or None: a string with the variables
        it names filled in ("Basic $encoded" -> the pair the script encodes), $env:NAME as the
        run-time $NAME, a base64 encoding as the encoding of what it encodes. A header's credential
        is then judged by what it is made of, not by a name like $encoded."""
        expression = expression.strip()
        quoted = len(expression) >= 2 and expression[0] == expression[-1] and expression[0] in "'\""
        if depth > MAX_DEPTH:
            return None
        if quoted and expression[0] == "'":
            return expression[1:-1]  # single quotes: no variables
        if quoted:
            return STRING_VARIABLE.sub(lambda match: self._variable(match, depth), expression[1:-1])
        alone = STRING_VARIABLE.fullmatch(expression)
        if alone:
            return self._variable(alone, depth)
        encoded = BASE64_OF.match(expression)
        inner = self.value(encoded.group(1), depth + 1) if encoded else None
        return base64.b64encode(inner.encode()).decode() if inner is not None else None

    def _variable(self, match: re.Match[str], depth: int) -> str:
        """A variable's value when the ticket assigns one it can tell, else its run-time name."""
        environment = match.group(1) or match.group(2)
        if environment:
            return "$" + environment
        name = match.group(3) or match.group(4)
        assigned = self.values.get(name.lower())
        self.left -= 1
        fills = assigned is not None and len(assigned) <= MAX_FILLED_CHARS and self.left > 0
        known = self.value(assigned, depth + 1) if fills else None
        return known if known is not None else "$" + name


def _body(written: str | None, tables: dict[str, tuple[str, bool]], values: dict[str, str]) -> str | None:
    """What -Body sends: a hashtable piped to ConvertTo-Json as the JSON it makes, one given as is as
    form fields, a quoted text as itself, a variable the ticket sets to one of these as that, any
    other variable as its run-time name."""
    if written is None:
        return None
    if written.startswith("@{"):
        return urlencode(_entries(written), safe="$")
    if written.startswith("$"):
        name = written[1:].lower()
        if name in tables:
            table, as_json = tables[name]
            return json.dumps(_json_of(table)) if as_json else urlencode(_entries(table), safe="$")
        value = values.get(name, "")
        return value.strip().strip("'\"") if value[:1] in ("'", '"') else written
    return written.strip("'\"")


def _json_of(table: str) -> dict:
    """A hashtable as ConvertTo-Json writes it: nested tables as objects, quoted strings as strings,
    $true/$false/$null and numbers as themselves, anything else as its run-time name."""
    made: dict[str, object] = {}
    for name, value in _entries(table):
        if value.startswith("@{"):
            made[name] = _json_of(value[1:])
        elif value[:1] in ("'", '"'):
            made[name] = value[1:-1]
        elif value.lower() in POWERSHELL_CONSTANTS:
            made[name] = POWERSHELL_CONSTANTS[value.lower()]
        else:
            made[name] = int(value) if value.isdigit() else value
    return made
